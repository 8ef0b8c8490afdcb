"""The generated JSON Schema accepts the example registry and rejects broken ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.model.schema import registry_schema

ROOT = Path(__file__).resolve().parents[2]


def as_json(v: Any) -> Any:
    """What an editor's YAML language server sees: dates as strings."""
    if isinstance(v, dict):
        return {str(k): as_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [as_json(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = registry_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "directory").glob("*.yaml")))
def test_example_files_validate(validator: jsonschema.Draft202012Validator, name: str) -> None:
    data = as_json(yaml.safe_load((ROOT / "directory" / name).read_text(encoding="utf-8")))
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("snippet,needle", [
    ({"departments": [{"id": "Bad_Id", "name": "x"}]}, "does not match"),
    ({"departments": [{"id": "a", "name": "x", "websit": "https://a.example.org"}]},
     "Additional properties"),
    ({"departments": [{"id": "a", "name": "x", "contacts": [{"role": "r", "phone": 83}]}]},
     "is not of type 'string'"),
    ({"departments": [{"id": "a", "name": "x", "website": "javascript:alert(1)"}]},
     "does not match"),
    ({"assets": [{"id": "a", "name": "x", "type": "road",
                  "handover": {"from": "a", "to": "b", "status": "done"}}]}, "is not one of"),
    ({"assets": [{"id": "a", "name": "x", "type": "road",
                  "geometry": {"type": "Point", "coordinates": [106.6, 126.6]}}]}, "valid"),
])
def test_schema_rejects(validator: jsonschema.Draft202012Validator, snippet: dict[str, Any],
                        needle: str) -> None:
    messages = [e.message for e in validator.iter_errors(snippet)]
    messages += [s.message for e in validator.iter_errors(snippet) for s in (e.context or [])]
    assert messages, "expected the schema to reject this"
    assert any(needle in msg for msg in messages), messages


def test_schema_lists_every_model_field() -> None:
    import dataclasses

    from generator import model as m

    defs = registry_schema()["$defs"]
    for cls in (m.Department, m.Contact, m.Asset, m.Handover, m.Matter, m.Dispute,
                m.EscalationPath, m.Level, m.AssetSource, m.AssetType, m.Site):
        props = defs[cls.__name__]["properties"]
        for f in dataclasses.fields(cls):
            if "kind" in f.metadata:
                assert (f.metadata["key"] or f.name) in props


def test_field_reference_in_docs_is_current() -> None:
    from generator.model.schema import field_reference_markdown

    text = (ROOT / "docs" / "registry.md").read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- fields:start")) + 4
    end = text.index("<!-- fields:end -->")
    assert text[start:end].strip() == field_reference_markdown().strip(), \
        "regenerate the tables with `remit schema --markdown`"
