"""The registry's shape: entities as frozen dataclasses whose fields carry their registry
spelling, kind and description (``entities``), and the JSON Schema and field reference
derived from them (``schema``). Imports only ``diagnostics`` and ``model.nodes``.

``from generator import model as m`` gives the entities (``m.Asset``, ``m.Registry``...)."""

from generator.model.entities import *  # noqa: F403
