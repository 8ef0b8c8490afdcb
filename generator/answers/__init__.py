"""Answers: who takes matter M on asset A and why (``routing``), a person's words matched
to matters and assets (``matching``), and the sharded lookup index the site's lookup page
fetches (``lookup_index``). Imports ``model``, ``directory`` and ``words``."""
