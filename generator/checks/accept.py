"""The last step of a run: minor-asset findings merged per kind, parent and file, the
``accepted_gaps`` entries applied (and reported when they match nothing, ``stale-acceptance``),
and every finding put in report order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.checks.assets import duty_list
from generator.checks.context import Context
from generator.checks.core import (
    KINDS,
    Finding,
    Lite,
    Raw,
    Say,
    eg,
    kind_title,
    line_ranges,
    pos_of,
    say,
    sort_key,
    words,
)
from generator.diagnostics import WARNING, Diagnostic
from generator.words import asset_type_name

#: Kinds whose merged findings have words of their own (others say "have findings").
_MERGED = ("unowned-asset", "missing-duty", "shared-duty", "handover-no-interim",
           "handover-overdue", "dispute-unrecorded")


def merge_groups(ctx: Context) -> Iterator[Raw]:
    """One finding per group of minor assets (the finding itself when alone)."""
    for key, lites in ctx.groups.items():
        if len(lites) == 1:
            yield lites[0][2]()
        else:
            yield merged(ctx, key, lites)


def merged(ctx: Context, key: tuple[Any, ...], lites: list[Lite]) -> Raw:
    kind, parent, type_, by, extra = key[0], key[1], key[3], key[4], key[5:]
    lites = sorted(lites, key=lambda x: (x[1][1], x[1][2], x[0].id))
    ids = [x[0].id for x in lites[:4]]
    n = len(lites)
    lines = line_ranges(x[1][1] for x in lites)
    at = ctx.d.asset_types.get(type_)
    parent_name = ctx.an(parent) if parent else ""
    what_key = kind if kind in _MERGED else "other"
    dut = ", ".join(extra)
    first = lites[0][2]()
    msg = Say("check.merged", {
        "type": type_, "eg": eg(ids), "lines": lines,
        "type_name": lambda lang: asset_type_name(at, lang) if at else type_,
        "where": lambda lang: words("frag.of_parent", lang, parent=parent,
                                    parent_name=parent_name) if parent else "",
        "what": lambda lang: words(f"merged_what.{what_key}", lang, ids=dut,
                                   duty=extra[0] if extra else "",
                                   duty_names=lambda lg: duty_list(extra, lg)),
        "fix": lambda lang: words(f"merged_fix.{what_key}", lang)}, n)
    targets: dict[tuple[str, str], None] = dict.fromkeys(first.targets)
    days = first.days
    if kind not in ("unowned-asset", "missing-duty"):  # per-member departments, days
        for x in lites[1:]:
            r = x[2]()
            targets.update(dict.fromkeys(r.targets))
            days = max(days, r.days)
    members = tuple(ctx.member(x[0], x[1]) for x in lites)
    return Raw(kind, "asset", parent or first.id, first.pos, first.path, msg,
               ((parent,) if parent else ()) + tuple(ids[:3]), (by,) if by else (),
               tuple(targets), days, members)


def finish(ctx: Context) -> list[Finding]:
    """Every finding of the run, accepted ones marked, in report order."""
    accepted = ctx.accepted
    ctx.raw.extend(merge_groups(ctx))
    used: set[tuple[str, str, int]] = set()
    out: list[Finding] = []
    for r in ctx.raw:
        reason: str | None = None
        at: tuple[str, int] | None = None
        for key in r.accept_on:
            for g, i, _ in accepted.get(key, ()):
                if g.finding == r.kind:
                    reason = " ".join(g.reason.split())
                    used.add((*key, i))
                    at = (pos_of(g.node, "finding")[0], pos_of(g.node, "finding")[1])
                    break
            if reason is not None:
                break
        out.append(finding(r, reason, at))
    # acceptances that match nothing
    for key, entries in accepted.items():
        seen_kinds: dict[str, int] = {}
        for g, i, path in entries:
            pos = pos_of(g.node, "finding")
            p = f"{path}.accepted_gaps[{i}].finding"
            entity, ent_id = key
            if g.finding not in KINDS:
                from generator.load.validate import suggest

                hint = suggest(g.finding, list(KINDS))
                did = (lambda lang, h=hint: words("frag.did_you_mean", lang, hint=h)) \
                    if hint else ""
                msg = say("not_a_kind", finding=g.finding, did=did, kinds=", ".join(KINDS))
            elif g.finding in seen_kinds:
                msg = say("duplicate_acceptance", finding=g.finding, entity=entity, id=ent_id,
                          entry=seen_kinds[g.finding] + 1)
            elif (entity, ent_id, i) not in used:
                msg = say("stale_acceptance", finding=g.finding, entity=entity, id=ent_id,
                          title=lambda lang, k=g.finding: kind_title(k, lang))
            else:
                seen_kinds[g.finding] = i
                continue
            seen_kinds.setdefault(g.finding, i)
            out.append(finding(Raw(
                "stale-acceptance", entity, ent_id, pos, p, msg, (ent_id,), (),
                ((entity, ent_id),)), None, None))
    out.sort(key=sort_key)
    return out


def finding(r: Raw, reason: str | None, at: tuple[str, int] | None) -> Finding:
    file, line, col = r.pos
    diag = Diagnostic(WARNING, file, line, col, r.path, r.msg.text("en"), r.kind, r.ids)
    return Finding(r.kind, r.entity, r.id, diag, reason, r.msg, r.members, r.targets,
                   r.days, at)
