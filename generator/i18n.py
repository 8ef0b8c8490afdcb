"""The old word tables, now read from the catalogue (:mod:`generator.words`).

Kept only for the site modules that still take whole tables (``site/render.py``,
``site/gap_pages.py``, ``site/lookup_site.py``) until they ask :func:`generator.words.t`
themselves; new code imports :mod:`generator.words`.
"""

from __future__ import annotations

from generator.words import (
    LANGUAGES,
    asset_type_name,
    duration_text,
    duty_name,
    handover_state_name,
    heading,
    kind_name,
    t,
    table,
)

#: Site labels that name a registry field read the field's word (``field.*``), as headings.
_FIELD_LABELS = (
    "action", "address", "aliases", "arbiter", "asset", "asset_types", "basis", "deadline",
    "due", "duties", "email", "first_contact", "group", "handled_by", "hours",
    "keywords", "kind", "lead", "location", "name", "notes", "outcome", "owner", "parent",
    "part_of", "parties", "phone", "raised", "role", "since", "status", "summary",
    "time_limit", "type", "url", "verified", "website", "who",
)
#: Site labels whose key differs from the catalogue's (a field of that name means another
#: thing).
_RENAMED = {"after": "after_d", "levels": "on_ladders", "interim": "who_meanwhile",
            "duty": "duty_col"}


def _labels(lang: str) -> dict[str, str]:
    out = table("site", lang)
    for old, new in _RENAMED.items():
        out[old] = out.pop(new)
    out.update({k: heading(t(f"field.{k}", lang)) for k in _FIELD_LABELS})
    out["split"] = t("field.split", lang)
    return out


LABELS: dict[str, dict[str, str]] = {lang: _labels(lang) for lang in LANGUAGES}
DUTY_NAMES: dict[str, dict[str, str]] = {lang: table("duty", lang) for lang in LANGUAGES}
DEPARTMENT_KIND_NAMES: dict[str, dict[str, str]] = {
    lang: table("department_kind", lang) for lang in LANGUAGES}
HANDOVER_STATE_NAMES: dict[str, dict[str, str]] = {
    lang: table("handover_state", lang) for lang in LANGUAGES}
STAFF_WORDS: dict[str, dict[str, str]] = {lang: table("staff", lang) for lang in LANGUAGES}


def label(key: str, lang: str) -> str:
    """A label of the generated site in ``lang``."""
    return LABELS.get(lang, LABELS["en"])[key]


def staff_words(lang: str) -> dict[str, str]:
    return STAFF_WORDS.get(lang, STAFF_WORDS["en"])


__all__ = ["LABELS", "DUTY_NAMES", "DEPARTMENT_KIND_NAMES", "HANDOVER_STATE_NAMES",
           "STAFF_WORDS", "label", "staff_words", "asset_type_name", "duration_text",
           "duty_name", "handover_state_name", "kind_name"]
