"""The catalogue of words: every language has every key, with the same placeholders and
plural forms; one fallback; plurals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import model as m
from generator import words
from generator.words import t


def test_languages_come_from_the_files_and_match_the_model() -> None:
    assert set(words.LANGUAGES) == {p.stem for p in words.LOCALE.glob("*.json")}
    assert set(words.LANGUAGES) == set(m.LANGUAGES)
    assert words.FALLBACK in words.LANGUAGES


#: Keys whose languages may use different placeholders, and the ones the caller fills.
_ALLOWED = {"diff.more": {"total", "rest"}}


@pytest.mark.parametrize("lang", words.LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(lang: str) -> None:
    base = words.catalogue(words.FALLBACK)
    mine = words.catalogue(lang)
    assert set(mine) == set(base), set(mine) ^ set(base)
    for key, value in base.items():
        theirs = mine[key]
        forms_a = value.values() if isinstance(value, dict) else [value]
        forms_b = theirs.values() if isinstance(theirs, dict) else [theirs]
        names_a = set().union(*(words.placeholders(x) for x in forms_a)) - {"n"}
        names_b = set().union(*(words.placeholders(x) for x in forms_b)) - {"n"}
        if key in _ALLOWED:  # the languages count differently; the caller gives both
            assert names_a | names_b <= _ALLOWED[key], (lang, key)
        elif key.startswith("check."):
            pass  # by id in one language, by name in another: worded in every language below
        else:
            assert names_a == names_b, (lang, key)
        if isinstance(theirs, dict):
            assert "other" in theirs and set(theirs) <= set(words._FORMS), (lang, key)


def test_plural_forms() -> None:
    assert t("unit.d", "en", n=1) == "1 day"
    assert t("unit.d", "en", n=2) == "2 days"
    assert t("unit.wd", "en", n=0) == "0 working days"
    assert t("unit.d", "zh", n=1) == "1 天"
    assert t("unit.d", "zh", n=5) == "5 天"
    assert t("gaps.n_open", "en", n=1) == "1 open responsibility gap"
    assert t("gaps.n_open", "en", n=2) == "2 open responsibility gaps"
    assert t("gaps.handovers_intro", "en", n=1, today="2026-01-01", parts="planned 1") \
        .startswith("As of 2026-01-01 there is 1 handover: planned 1.")
    assert t("check.msg.handover_overdue", "en", n=1, id="a", to="b", due="2026-01-01",
             duties_part="") \
        == ("handover of 'a' to 'b' is 1 day past its due date 2026-01-01; record the "
            "acceptance or set a new due date")


def test_fallback_and_missing_keys() -> None:
    assert t("unit.h", "fr", n=2) == "2 hours"  # an unknown language speaks the fallback
    with pytest.raises(KeyError):
        t("no.such.key", "zh")
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_placeholders_and_no_double_full_stop() -> None:
    assert t("reason.duty_direct", "en", asset="Road A", duty="cleaning",
             dept="Acme Corp.") == "The cleaning duty on Road A is held by Acme Corp."
    assert t("reason.duty_direct", "zh", asset="甲路", duty="保洁", dept="乙公司") \
        == "甲路的“保洁”职责由乙公司承担。"


def test_built_in_names_in_english() -> None:
    d = m.Duration(2, "d", "2d")
    assert words.duration_text(d, "en") == "2 days"
    assert words.duty_name("maintenance", "en") == "maintenance"
    assert words.duty_name("energy-bill", "zh") == "电费缴纳"
    assert words.duty_name("my-own-duty", "en") == "my-own-duty"
    for tid, _zh, _duties, _minor in m.BUILTIN_ASSET_TYPES:
        assert f"asset_type.{tid}" in words.catalogue("en")
    assert words.handover_state_name("overdue", "zh") == "移交逾期"


def test_one_word_per_field() -> None:
    """The entity pages and the changes page name a field with the same word."""
    from generator.site.labels import FIELD_LABELS, labels
    for lang in words.LANGUAGES:
        for k in FIELD_LABELS:
            assert labels(lang)[k] == words.heading(t(f"field.{k}", lang))


def test_every_finding_is_worded_in_every_language() -> None:
    """The check messages name things by id in one language and by name in another, so
    their placeholders differ: every finding of the golden cases is worded in every
    language instead (a placeholder the caller does not give is a KeyError)."""
    import datetime as dt
    from pathlib import Path

    from generator.checks.findings import KINDS, run_checks
    from generator.directory import Directory
    from generator.load.registry import load

    golden = Path(__file__).resolve().parents[1] / "checks" / "golden_checks"
    seen = set()
    for case in sorted(p for p in golden.iterdir() if p.is_dir()):
        reg, _ = load(case)
        for f in run_checks(Directory(reg, today=dt.date(2026, 1, 1)), dt.date(2026, 1, 1)):
            seen.add(f.kind)
            for lang in words.LANGUAGES:
                text = f.text(lang)
                assert text and not re.search(r"\{[a-z_]+\}", text), (f.kind, lang, text)
    assert seen == set(KINDS)
    for lang in words.LANGUAGES:
        for kind in KINDS:
            assert t(f"check.title.{kind}", lang) and t(f"check.help.{kind}", lang)


def test_an_english_registry_exports_english_words(tmp_path: Path) -> None:
    """Built-in asset types get their English names in the exports, and no Chinese word of
    remit's own reaches the files of an English registry."""
    import json

    from generator.directory import Directory
    from generator.load.registry import load
    from generator.publish.export import export_bytes, export_files

    (tmp_path / "departments.yaml").write_text(
        "site: {title: t, language: en}\n"
        "departments:\n"
        "  - id: a\n    name: Acme Corp.\n"
        "    contacts: [{role: desk, phone: '0851-0000-0001', verified: 2026-11-01}]\n"
        "assets:\n"
        "  - id: r\n    name: R\n    type: road\n    owner: a\n"
        "    duties: {maintenance: a, cleaning: a, lighting: a}\n"
        "    geometry: {type: Point, coordinates: [106.6, 26.6]}\n"
        "matters:\n"
        "  - id: pothole\n    name: Pothole\n    asset_types: [road]\n    duty: maintenance\n"
        "    first_contact: a\n    time_limit: 1d\n",
        encoding="utf-8")
    reg, diags = load(tmp_path)
    assert not [x for x in diags if x.severity == "error"], diags
    d = Directory(reg)
    geo = json.loads(export_bytes(d, "geojson")["assets.geojson"])
    assert geo["features"][0]["properties"]["type_name"] == "road"
    files = {f.path: f.content for f in export_files(d)}
    for path, body in files.items():
        if path.endswith("remit.schema.json"):
            continue  # the model's documentation, with examples in both languages
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        assert not re.search(r"[\u4e00-\u9fff]", text), path


def test_every_model_value_has_a_word() -> None:
    """Built-in duties, asset types, department kinds and handover states have a word in
    the catalogue, and the model's own (Chinese) type names are the catalogue's."""
    for tid, zh, _duties, _minor in m.BUILTIN_ASSET_TYPES:
        assert t(f"asset_type.{tid}", "zh") == zh
    for lang in words.LANGUAGES:
        cat = words.catalogue(lang)
        for duty in m.BUILTIN_DUTIES:
            assert f"duty.{duty}" in cat, (lang, duty)
        for kind in m.DEPARTMENT_KINDS:
            assert f"department_kind.{kind}" in cat, (lang, kind)
        for state in (*m.HANDOVER_STATUSES, "overdue"):
            assert f"handover_state.{state}" in cat, (lang, state)


def test_every_field_has_a_word() -> None:
    """Every field of the model has its word (``field.<key>``): the changes page and the
    entity pages never show a raw field name."""
    import dataclasses

    for name in dir(m):
        cls = getattr(m, name)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            for f in dataclasses.fields(cls):
                if "kind" in f.metadata:
                    key = f.metadata.get("key") or f.name
                    for lang in words.LANGUAGES:
                        assert t(f"field.{key}", lang), (name, key, lang)
