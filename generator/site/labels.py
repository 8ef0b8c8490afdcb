"""The labels of the site's pages in one language, from the catalogue (:mod:`generator.words`).

``site.*`` holds the pages' own words; a label that names a registry field reads the field's
word (``field.*``), so an entity page and the changes page call a field the same.
"""

from __future__ import annotations

from functools import cache

from generator.words import heading, t, table

#: Site labels that name a registry field read the field's word, as headings.
FIELD_LABELS = (
    "action", "address", "aliases", "arbiter", "asset", "asset_types", "at", "basis",
    "between", "boundaries", "contacts", "deadline", "due", "duties", "email",
    "first_contact", "group", "handled_by", "handover", "hours", "id", "keywords", "kind",
    "lead", "location", "name", "notes", "outcome", "owner", "parent", "part_of", "parties",
    "phone", "raised", "responsibilities", "role", "since", "status", "summary",
    "time_limit", "type", "url", "verified", "website", "who",
)
#: Site labels whose catalogue key differs (a field of that name means another thing).
_RENAMED = {"after": "after_d", "levels": "on_ladders", "interim": "who_meanwhile",
            "duty": "duty_col"}


@cache
def _labels(lang: str) -> dict[str, str]:
    out = table("site", lang)
    for old, new in _RENAMED.items():
        out[old] = out.pop(new)
    out.update({k: heading(t(f"field.{k}", lang)) for k in FIELD_LABELS})
    out["split"] = t("field.split", lang)
    return out


def labels(lang: str) -> dict[str, str]:
    """The site's labels in ``lang`` (a copy: callers may add their own)."""
    return dict(_labels(lang))
