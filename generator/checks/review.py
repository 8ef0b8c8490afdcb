"""What a change does to the responsibility gaps: the findings present at the head and not
at the base (new, caused by the change) and the other way round (resolved), never the
standing ones; and ``remit diff``'s whole review (the registry changes of
:mod:`generator.publish.diff` followed by these gaps) in text, Markdown, JSON and GitHub
annotations.

A finding is matched across the two sides by a stable key that survives lines moving and
list items being reordered: its kind and its key path with list positions dropped
(``stale-contact@departments[commerce-bureau].contacts[].verified``); an aggregated finding
(minor assets) by its kind and each member's id. Keys are counted, so a department with two
stale contacts that loses one has one resolved gap. Both sides are checked on the same day,
so only the registry change can make a gap appear or go; a gap that stays but is accepted
at the head (``accepted_gaps``) counts as resolved, marked accepted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator import model as m
from generator.checks.findings import Finding, run_checks
from generator.checks.report import ordered
from generator.directory import Directory
from generator.publish.changes import RegistryDiff
from generator.publish.diff_text import json_doc, md_escape, render_markdown, render_text
from generator.words import t as word

#: The most gaps listed in each direction (a pull request comment must stay readable).
LIST_MAX = 50

_INDEX = re.compile(r"\[\d+\]")
#: an asset's handover, however the registry writes it (one, or one of a list)
_HANDOVER = re.compile(r"\.handovers\[\d+\]")


def finding_keys(f: Finding) -> tuple[str, ...]:
    """The stable keys of a finding (one per member for an aggregated finding)."""
    if f.members:
        return tuple(f"{f.kind}@{f.entity}:{mb.id}" for mb in f.members)
    path = _INDEX.sub("[]", _HANDOVER.sub(".handover", f.diagnostic.path)) or \
        f"{f.entity}[{f.id}]"
    return (f"{f.kind}@{path}",)


@dataclass(frozen=True)
class GapChanges:
    """The gaps a change causes and resolves."""

    new: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    #: resolved findings that are still there at the head, accepted: key -> reason
    accepted: dict[str, str] = dataclasses.field(default_factory=dict)
    standing: int = 0  # open gaps present on both sides (not listed)
    #: why the gaps were not compared (a side with errors), else None
    skipped: str | None = None
    today: dt.date | None = None


def gap_changes(old: m.Registry | None, new: m.Registry, today: dt.date, *,
                old_errors: int = 0, new_errors: int = 0, old_label: str = "old",
                new_label: str = "new", public_only: bool = False,
                file_names: tuple[Callable[[str], str] | None, Callable[[str], str] | None]
                = (None, None)) -> GapChanges:
    """Compare the open findings of the two registries, checked on ``today``.

    ``old=None`` (no registry yet): every gap at the head is new. A side with load errors
    is not checked (the checks run on a valid registry only): the result says so.
    ``file_names`` rename the files of the old and the new side's findings (a registry read
    from a git revision is named as in the repository).
    """
    bad = [(label, n) for label, n in ((old_label, old_errors), (new_label, new_errors)) if n]
    if bad:
        return GapChanges(skipped=", ".join(f"{label}: {n}" for label, n in bad), today=today)

    def findings(reg: m.Registry, name: Callable[[str], str] | None) -> list[Finding]:
        d = Directory(reg, today=today)
        if public_only:
            d = d.public()
        out = run_checks(d, today)
        if name is None:
            return out
        return [dataclasses.replace(f, diagnostic=dataclasses.replace(
            f.diagnostic, file=name(f.diagnostic.file))) for f in out]

    head = findings(new, file_names[1])
    base = findings(old, file_names[0]) if old is not None else []
    head_open = [f for f in head if f.accepted is None]
    base_open = [f for f in base if f.accepted is None]
    head_keys = Counter(k for f in head_open for k in finding_keys(f))
    base_keys = Counter(k for f in base_open for k in finding_keys(f))
    head_accepted = {k: f.accepted for f in head if f.accepted is not None
                     for k in finding_keys(f)}

    def changed(fs: list[Finding], other: Counter[str]) -> tuple[list[Finding], int]:
        """The findings of ``fs`` with a key the other side lacks (each key of the other
        side matched once), and how many matched entirely."""
        out, same = [], 0
        left = Counter(other)
        for f in fs:
            hit = False
            for k in finding_keys(f):
                if left[k] > 0:
                    left[k] -= 1
                else:
                    hit = True
            if hit:
                out.append(f)
            else:
                same += 1
        return out, same

    new_gaps, standing = changed(head_open, base_keys)
    resolved, _ = changed(base_open, head_keys)
    accepted = {k: str(head_accepted[k]) for f in resolved for k in finding_keys(f)
                if k in head_accepted}
    return GapChanges(tuple(ordered(new_gaps)), tuple(ordered(resolved)), accepted, standing,
                      today=today)


# --- in words ---------------------------------------------------------------------------


def _where(f: Finding) -> str:
    return f.diagnostic.location()


def _accepted_reason(g: GapChanges, f: Finding) -> str | None:
    for k in finding_keys(f):
        if k in g.accepted:
            return g.accepted[k]
    return None


def _summary(g: GapChanges, lang: str) -> str:
    if g.skipped is not None:
        return word("review.gaps_skipped", lang, sides=g.skipped)
    if not g.new and not g.resolved:
        return word("review.gaps_none", lang, n=g.standing)
    return word("review.gaps_counts", lang, new=len(g.new), resolved=len(g.resolved),
                standing=g.standing)


def _listed(fs: Iterable[Finding]) -> tuple[list[Finding], int]:
    fs = list(fs)
    return fs[:LIST_MAX], max(0, len(fs) - LIST_MAX)


def gaps_text(g: GapChanges, lang: str) -> str:
    out = [word("review.gaps_title", lang), _summary(g, lang)]
    for title, fs, sign in (("review.gaps_new", g.new, "!"),
                            ("review.gaps_resolved", g.resolved, "✓")):
        if not fs:
            continue
        shown, rest = _listed(fs)
        out += ["", word(title, lang, n=len(fs))]
        for f in shown:
            reason = _accepted_reason(g, f)
            tail = " " + word("review.now_accepted", lang, reason=reason) if reason else ""
            where = f"{_where(f)}: " if sign == "!" else ""
            out.append(f"  {sign} {where}{f.text(lang)} [{f.kind}]{tail}")
        if rest:
            out.append("  " + word("review.gaps_more", lang, n=rest))
    return "\n".join(out) + "\n"


#: a base address gap locations may link to (no spaces, quotes, brackets or parentheses)
SOURCE_URL = re.compile(r"https?://[^\s()<>\[\]\"'`\\]+")


def _link(f: Finding, source_url: str | None) -> str:
    """The gap's place as inline code, linked to its line under ``source_url`` (the files
    as they are at the pull request's head) when given."""
    code = f"`{_code(_where(f))}`"
    dg = f.diagnostic
    if not source_url or not dg.file or not SOURCE_URL.fullmatch(source_url):
        return code
    url = f"{source_url.rstrip('/')}/{urllib.parse.quote(dg.file, safe='/')}"
    if dg.line > 0:
        url += f"#L{dg.line}"
    return f"[{code}]({url})"


def gaps_markdown(g: GapChanges, lang: str, heading: int = 3,
                  source_url: str | None = None) -> str:
    """The gaps in Markdown; with ``source_url`` each new gap's place links to its line."""
    h = "#" * heading
    out = [f"{h} {word('review.gaps_title', lang)}", "", md_escape(_summary(g, lang))]
    for title, fs, new in (("review.gaps_new", g.new, True),
                           ("review.gaps_resolved", g.resolved, False)):
        if not fs:
            continue
        shown, rest = _listed(fs)
        out += ["", f"**{md_escape(word(title, lang, n=len(fs)))}**", ""]
        for f in shown:
            where = f"{_link(f, source_url)} " if new else ""
            reason = _accepted_reason(g, f)
            tail = " " + md_escape(word("review.now_accepted", lang, reason=reason)) \
                if reason else ""
            out.append(f"- {where}{md_escape(f.text(lang))} \\({md_escape(f.kind)}\\){tail}")
        if rest:
            out.append(f"- {md_escape(word('review.gaps_more', lang, n=rest))}")
    return "\n".join(out) + "\n"


def _code(s: str) -> str:
    return s.replace("`", "'").replace("\n", " ")


def gaps_json(g: GapChanges, lang: str) -> dict[str, Any]:
    def row(f: Finding) -> dict[str, Any]:
        dg = f.diagnostic
        return {"key": list(finding_keys(f)), "kind": f.kind, "entity": f.entity, "id": f.id,
                "file": dg.file, "line": dg.line, "col": dg.col, "path": dg.path,
                "message": f.text(lang), "accepted": _accepted_reason(g, f)}

    return {"compared": g.skipped is None, "skipped": g.skipped,
            "today": g.today.isoformat() if g.today else None,
            "new": [row(f) for f in g.new], "resolved": [row(f) for f in g.resolved],
            "standing": g.standing}


#: GitHub shows at most 10 warnings and 10 notices of one step: past that, the last one
#: says how many more there are.
ANNOTATIONS_MAX = 10


def gaps_github(g: GapChanges, lang: str) -> str:
    """GitHub annotations: a warning on the line of each new gap, a notice for each resolved
    one; nothing for the standing gaps. Past :data:`ANNOTATIONS_MAX` of a kind, the last
    annotation counts the rest (the job summary and the comment list them)."""
    lines = []
    new, resolved = list(g.new), list(g.resolved)
    more_new = more_resolved = 0
    if len(new) > ANNOTATIONS_MAX:
        new, more_new = new[:ANNOTATIONS_MAX - 1], len(new) - ANNOTATIONS_MAX + 1
    if len(resolved) > ANNOTATIONS_MAX:
        resolved = resolved[:ANNOTATIONS_MAX - 1]
        more_resolved = len(g.resolved) - ANNOTATIONS_MAX + 1
    for f in new:
        dg = dataclasses.replace(f.diagnostic, message=f.text(lang),
                                 code=f"new gap {f.kind}")
        lines.append(dg.github())
    if more_new:
        lines.append(f"::warning title=remit new gaps::"
                     f"{word('review.annotations_more_new', lang, n=more_new)}")
    for f in resolved:
        dg = dataclasses.replace(f.diagnostic, file="", line=0, col=0, path="",
                                 message=word("review.resolved_note", lang,
                                              text=f.text(lang)),
                                 code=f"gap resolved {f.kind}")
        text = dg.github()
        # no file: the line was at the base revision, not in the files under review
        text = text.replace("::warning file=,", "::notice ", 1)
        lines.append(text)
    if more_resolved:
        lines.append(f"::notice title=remit gaps resolved::"
                     f"{word('review.annotations_more_resolved', lang, n=more_resolved)}")
    return "\n".join(lines) + ("\n" if lines else "")


def render_review(diff: RegistryDiff, gaps: GapChanges | None, fmt: str,
                  source_url: str | None = None) -> str:
    """``remit diff``'s output: the changes, then (unless ``gaps`` is None) the gaps; in
    Markdown, ``source_url`` links each new gap to its line."""
    lang = diff.lang
    if fmt == "github":
        return gaps_github(gaps, lang) if gaps is not None else ""
    if fmt == "json":
        doc = json_doc(diff)
        if gaps is not None:
            doc["gaps"] = gaps_json(gaps, lang)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        out = render_markdown(diff)
        return out + ("\n" + gaps_markdown(gaps, lang, source_url=source_url)
                      if gaps is not None else "")
    out = render_text(diff)
    return out + ("\n" + gaps_text(gaps, lang) if gaps is not None else "")


__all__ = ["ANNOTATIONS_MAX", "GapChanges", "LIST_MAX", "SOURCE_URL", "finding_keys",
           "gap_changes",
           "gaps_github", "gaps_json", "gaps_markdown", "gaps_text", "render_review"]
