"""A :class:`~generator.publish.diff.RegistryDiff` in words for people and machines: plain
text (the terminal), Markdown (the pull-request job summary) and JSON. The changes grouped
by kind, minor assets collapsed (:func:`lines_by_kind`), are shared with the site's HTML
renderer in :mod:`generator.site.history_pages`."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.publish.changes import KINDS, Change, RegistryDiff, one_line
from generator.publish.diff import COLLAPSE_OVER, LIST_MAX, diff_words
from generator.words import t as word

# --- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One entity line as every renderer shows it: action, label, detail sentences."""

    action: str
    name: str
    id: str | None  # None for collapsed lines
    details: tuple[str, ...]


def _lines(diff: RegistryDiff) -> dict[str, list[_Line]]:
    """Changes grouped by kind; minor assets changed the same way collapsed into one line."""
    t = diff_words(diff.lang)
    out: dict[str, list[_Line]] = {}
    for kind in KINDS:
        changes = [c for c in diff.changes if c.kind == kind]
        if not changes:
            continue
        lines: list[_Line] = []
        groups: dict[tuple[str, str, tuple[str, ...]], list[Change]] = defaultdict(list)
        for c in changes:
            if c.group is not None and c.action in ("added", "removed", "changed"):
                key = (c.group, c.action, tuple(d.text for d in c.details)
                       if c.action == "changed" else ())
                groups[key].append(c)
        collapsed = {id(c) for g in groups.values() if len(g) > COLLAPSE_OVER for c in g}
        done: set[tuple[str, str, tuple[str, ...]]] = set()
        for c in changes:
            if id(c) not in collapsed:
                lines.append(_Line(c.action, c.name, c.id, tuple(d.text for d in c.details)))
                continue
            key = (c.group or "", c.action, tuple(d.text for d in c.details)
                   if c.action == "changed" else ())
            if key in done:
                continue
            done.add(key)
            g = groups[key]
            ids = t["and"].join(x.id for x in g[:LIST_MAX])
            if len(g) > LIST_MAX:
                more = t["more"].format(total=len(g), rest=len(g) - LIST_MAX)
                ids = word("diff.with_more", diff.lang, text=ids, more=more)
            if c.action == "changed":
                text = t["collapsed_changed"].format(n=len(g), type=c.group,
                                                     details=t["sep"].join(key[2]), ids=ids)
            else:
                text = t["collapsed"].format(n=len(g), type=c.group,
                                             action=t["actions"][c.action], ids=ids)
            lines.append(_Line(c.action, text, None, ()))
        out[kind] = lines
    return out


def summary_text(diff: RegistryDiff) -> str:
    """One line per kind: ``Departments: 1 added, 2 changed``."""
    t = diff_words(diff.lang)
    if diff.created:
        parts = [word(f"diff.count_kind.{k}", diff.lang, n=n) for k, n in diff.counts.items() if n]
        return t["created"].format(parts=t["and"].join(parts))
    if diff.empty:
        return str(t["empty"])
    rows = []
    for kind, acts in diff.summary().items():
        parts = [t["count"].format(action=t["actions"][a], n=n) for a, n in acts.items()]
        rows.append(t["summary_line"].format(kind=t["kinds"][kind], parts=t["sep"].join(parts)))
    return "\n".join(rows)


def _label(line: _Line, lang: str) -> str:
    if line.id is None or line.id == line.name:
        return line.name
    return word("diff.paren", lang, x=line.name, y=line.id)


_SIGN = {"added": "+", "removed": "-", "renamed": "~", "id-changed": "~", "changed": "~"}


def render_text(diff: RegistryDiff) -> str:
    t = diff_words(diff.lang)
    out = [f"remit diff {diff.old_label} → {diff.new_label}", ""]
    out += summary_text(diff).splitlines()
    for kind, lines in _lines(diff).items():
        out += ["", str(t["kinds"][kind])]
        for ln in lines:
            act = t["actions"][ln.action] if ln.id is not None else ""
            head = f"  {_SIGN[ln.action]} {_label(ln, diff.lang)}"
            out.append(f"{head}: {act}" if act else head)
            out += [f"      {d}" for d in ln.details]
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:@])")


def md_escape(s: str) -> str:
    """Registry text as inert Markdown: every ASCII punctuation that means something is
    backslash-escaped, line breaks become spaces."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(s))


def render_markdown(diff: RegistryDiff, heading: int = 3) -> str:
    t = diff_words(diff.lang)
    h = "#" * heading
    colon = word("diff.colon", diff.lang)
    out = [f"{h} {t['title']}{colon}`{_code(diff.old_label)}` → `{_code(diff.new_label)}`",
           ""]
    out += [md_escape(x) + "  " for x in summary_text(diff).splitlines()]
    for kind, lines in _lines(diff).items():
        out += ["", f"{h}# {t['kinds'][kind]}", ""]
        for ln in lines:
            label = md_escape(_label(ln, diff.lang))
            act = f"**{t['actions'][ln.action]}** " if ln.id is not None else ""
            out.append(f"- {act}{label}")
            out += [f"  - {md_escape(d)}" for d in ln.details]
    return "\n".join(out) + "\n"


def _code(s: str) -> str:
    return s.replace("`", "'")


def json_doc(diff: RegistryDiff) -> dict[str, Any]:
    """The diff as a JSON document (``remit diff --format json`` adds its ``gaps``)."""
    return {
        "old": diff.old_label, "new": diff.new_label, "lang": diff.lang,
        "created": diff.created,
        "summary": diff.summary(),
        "changes": [c.as_json() for c in diff.changes],
    }


def render_json(diff: RegistryDiff) -> str:
    return json.dumps(json_doc(diff), ensure_ascii=False, indent=2) + "\n"


def render(diff: RegistryDiff, fmt: str) -> str:
    if fmt == "json":
        return render_json(diff)
    if fmt == "markdown":
        return render_markdown(diff)
    return render_text(diff)


#: the changes grouped by kind (minor assets collapsed) and a line's label, as every
#: renderer shows them: the text ones here, the HTML one in generator.site.history_pages
lines_by_kind = _lines
line_label = _label

__all__ = ["render", "render_text", "render_markdown", "render_json", "json_doc",
           "summary_text", "md_escape", "lines_by_kind", "line_label"]
