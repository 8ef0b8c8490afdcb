"""Whatever the bytes, `remit check` reports problems; it never raises."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.registry import load

FIXTURE_OK = [HealthCheck.function_scoped_fixture]

yaml_words = st.sampled_from([
    "site:", "departments:", "assets:", "matters:", "escalation:", "disputes:", "asset_types:",
    "asset_sources:", "- ", "  ", "    ", "id: ", "name: ", "owner: ", "parent: ", "part_of: ",
    "type: road", "handover:", "status: ", "from: ", "to: ", "who: ", "after: ", "levels:",
    "&a ", "*a", "!!str ", "!!python/object ", "{", "}", "[", "]", ",", ":", "'", '"', "|",
    ">", "#", "---", "...", "0123", "NO", "12:30", "2024-02-30", "2024-01-10", "~", "null",
    "\n", "\t", "路灯", "<script>", "javascript:x", "- id: a\n", "- id: a\n", "phone: 1\n",
    "duties:\n", "  lighting: a\n", "geometry: {type: Point, coordinates: [1, 2]}\n",
    "file: x.csv\n", "columns: {id: a}\n", "\ufeff", "\x00", "\x85", "\u2028",
])


def check_never_raises(tmp: Path, data: bytes) -> None:
    (tmp / "departments.yaml").write_bytes(data)
    reg, diags = load(tmp)
    assert reg is not None
    for d in diags:
        assert d.file and d.message
        d.text()
        d.github()


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(yaml_words, max_size=60).map("".join))
def test_random_yaml_never_raises(tmp_path: Path, text: str) -> None:
    check_never_raises(tmp_path, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    check_never_raises(tmp_path, data)


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.text(alphabet=string.printable + "路灯：，", max_size=300))
def test_random_text_never_raises(tmp_path: Path, text: str) -> None:
    check_never_raises(tmp_path, text.encode("utf-8"))


def test_fifty_megabytes_of_junk(tmp_path: Path) -> None:
    junk = (b"key: [value, {other: 'x'}]\n  - junk: : :\n" * 1_300_000)[: 50 * 1024 * 1024]
    check_never_raises(tmp_path, junk)


keys = st.sampled_from([
    "id", "name", "aliases", "kind", "parent", "summary", "responsibilities", "text", "basis",
    "lead", "contacts", "role", "phone", "email", "url", "hours", "visibility", "verified",
    "website", "type", "part_of", "location", "geometry", "coordinates", "owner", "duties",
    "by", "split", "boundaries", "at", "between", "handover", "from", "to", "status", "since",
    "due", "interim", "matters", "handled_by", "asset_types", "duty", "first_contact",
    "time_limit", "escalation", "levels", "after", "who", "action", "disputes", "parties",
    "raised", "deadline", "arbiter", "accepted_gaps", "finding", "reason", "minor", "title",
    "language", "checks", "contact_max_age_days", "file", "columns", "set", "lighting",
    # cases and the calendar
    "matter", "asset", "place", "requester", "public", "contact", "received", "events", "date",
    "level", "with", "rating", "internal", "outcome", "changed", "internal_notes", "tags",
    "calendar", "holidays", "workdays",
])
scalars = st.one_of(
    st.sampled_from(["a", "b", "road", "Point", "in-progress", "3d", "0d", "2024-01-10",
                     "javascript:x", "https://a.example.org", "x@example.org", "zh", "open",
                     "0851-0000-0001", "lamps.csv", "", "路灯", "escalated", "resolved",
                     "reopened", "feedback", "satisfied", "2024-01-12..2024-01-10",
                     "2024-01-10..2024-01-12", "5wd", "c-1"]),
    st.integers(-200, 200), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.dates(), st.text(max_size=8),
)
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=30)
registries = st.fixed_dictionaries({}, optional={
    "site": trees, "departments": st.lists(trees, max_size=4),
    "assets": st.lists(trees, max_size=4),
    "matters": st.lists(trees, max_size=3), "escalation": st.lists(trees, max_size=2),
    "disputes": st.lists(trees, max_size=2), "asset_types": st.lists(trees, max_size=2),
    "asset_sources": st.lists(trees, max_size=2), "cases": st.lists(trees, max_size=3),
})


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(registries)
def test_random_registry_trees_never_raise(tmp_path: Path, tree: dict) -> None:
    import yaml

    check_never_raises(tmp_path, yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))
