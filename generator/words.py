"""One catalogue of the words remit itself adds: labels, reasons, CLI messages, diff and
export wording (registry text is never translated).

The words live in ``generator/locale/<lang>.json``, one flat object per language with
stable dotted keys (``reason.duty_direct``, ``field.aliases``, ``handover_state.overdue``).
A value is a string with ``{name}`` placeholders, or an object of plural forms (``one``,
``other``) chosen by the ``n`` argument; a language with one form writes a plain string.
Adding a language means adding one file: :data:`LANGUAGES` is read from the folder.

:func:`t` is the one way to get a word. A key missing from a language falls back to
:data:`FALLBACK`; a key missing there too is a :class:`KeyError` (``tests/test_words.py``
checks that every file has every key with the same placeholders).
"""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator import model as m

LOCALE = Path(__file__).parent / "locale"
#: The language whose file holds every key; other languages fall back to it.
FALLBACK = "en"
#: Every language remit speaks, one per file in ``locale/``.
LANGUAGES: tuple[str, ...] = tuple(sorted(p.stem for p in LOCALE.glob("*.json")))

_FORMS = ("zero", "one", "two", "few", "many", "other")


@cache
def catalogue(lang: str) -> dict[str, str | dict[str, str]]:
    """The words of ``lang`` (read once); an unknown language has none of its own."""
    path = LOCALE / f"{lang}.json"
    if lang not in LANGUAGES:
        return {}
    data: dict[str, str | dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _plural(forms: dict[str, str], n: int | None) -> str:
    if n is not None and n == 1 and "one" in forms:
        return forms["one"]
    if n is not None and n == 0 and "zero" in forms:
        return forms["zero"]
    return forms["other"]


def raw(key: str, lang: str, n: int | None = None) -> str:
    """The template of ``key`` in ``lang`` (fallback language if it lacks the key),
    unformatted."""
    value = catalogue(lang).get(key)
    if value is None:
        value = catalogue(FALLBACK)[key]  # KeyError: the catalogue lacks the word
    return value if isinstance(value, str) else _plural(value, n)


def t(key: str, lang: str, n: int | None = None, **kw: Any) -> str:
    """The word ``key`` in ``lang`` with ``{name}`` placeholders filled from ``kw``.

    ``n`` chooses the plural form and fills ``{n}``. A value may be a function of the
    language (a list of names joined the language's way). A value ending with a full stop
    (a name such as "Acme Corp.") swallows the stop the template puts right after it.
    Without ``n`` or ``kw`` the template comes back as written.
    """
    text = raw(key, lang, n)
    if n is None and not kw:
        return text
    if n is not None:
        kw.setdefault("n", n)
    for name, value in kw.items():
        if callable(value):
            kw[name] = value = value(lang)
        if isinstance(value, str) and value.endswith("."):
            text = text.replace("{" + name + "}.", "{" + name + "}")
    return text.format(**kw)


def table(prefix: str, lang: str) -> dict[str, str]:
    """Every word under ``prefix.`` in ``lang`` (fallback words included), keyed without
    the prefix, as templates and the site's scripts take them (plural forms: ``other``)."""
    head = prefix + "."
    keys = [k for k in (*catalogue(FALLBACK), *catalogue(lang)) if k.startswith(head)]
    return {k[len(head):]: raw(k, lang) for k in dict.fromkeys(keys)}


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a template."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def heading(text: str) -> str:
    """A word as a heading or column title: first letter upper case (no-op in Chinese)."""
    return text[:1].upper() + text[1:]



def name_of(kind: str, value: str, lang: str) -> str:
    """The word for ``value`` of an open set (``duty``, ``department_kind``,
    ``handover_state``, ``asset_type``, ``enum``): values the registry adds itself have no
    word and are shown as written."""
    key = f"{kind}.{value}"
    if key in catalogue(lang) or key in catalogue(FALLBACK):
        return raw(key, lang)
    return value


# --- words for the model's values ---------------------------------------------------------


def duty_name(duty: str, lang: str) -> str:
    """The duty's word in ``lang``; duty ids the registry adds are shown as written."""
    return name_of("duty", duty, lang)


def duration_text(d: m.Duration, lang: str) -> str:
    """``3d`` -> ``3 天`` / ``3 days``."""
    return t(f"unit.{d.unit}", lang, n=d.amount)


def kind_name(kind: str, lang: str,
              kinds: Mapping[str, m.DepartmentKind] | None = None) -> str:
    """A department kind in words: a kind the registry declares by its name, a built-in one
    by the catalogue's word in ``lang``."""
    k = (kinds or {}).get(kind)
    if k is not None and k.node is not None:
        return k.name
    return name_of("department_kind", kind, lang)


def handover_state_name(state: str, lang: str) -> str:
    return name_of("handover_state", state, lang)


def asset_type_name(at: m.AssetType, lang: str) -> str:
    """The type's registry name; a built-in type the registry does not declare gets the
    catalogue's name in ``lang``."""
    key = f"asset_type.{at.id}"
    if at.node is None and (key in catalogue(lang) or key in catalogue(FALLBACK)):
        return raw(key, lang)
    return at.name
