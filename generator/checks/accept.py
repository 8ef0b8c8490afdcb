"""The last step of a run: minor-asset findings merged per kind, parent and file, the
``accepted_gaps`` entries applied (and reported when they match nothing, ``stale-acceptance``),
and every finding put in report order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.checks.context import Context
from generator.checks.core import (
    KINDS,
    Finding,
    Lite,
    Raw,
    eg,
    kind_title,
    line_ranges,
    pos_of,
    sort_key,
)
from generator.diagnostics import WARNING, Diagnostic
from generator.i18n import duty_name


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
    tname = ctx.d.asset_types[type_].name if type_ in ctx.d.asset_types else type_
    where = f" of '{parent}'" if parent else ""
    zwhere = f"「{ctx.an(parent)}」下" if parent else ""
    what = {
        "unowned-asset": ("have no owner (nor does any asset they are part of)",
                          "fill their owner column or set owner for the whole source",
                          "没有产权单位", "请补上产权单位（owner 列，或资产来源的 set.owner）"),
        "missing-duty": (f"lack the required duty {', '.join(extra)}",
                         "name a holder in a duties column or in set.duties, or on the "
                         "parent",
                         f"缺少必需职责{'、'.join(duty_name(x, 'zh') for x in extra)}",
                         "请写明承担单位"),
        "shared-duty": (f"share duty {extra[0] if extra else ''} with no stated split",
                        "state the split or name one department",
                        "的职责由多家共担但未写明分工", "请写明 split"),
        "handover-no-interim": ("are in handovers with no interim body", "add interim",
                                "处于移交中但没有过渡期责任单位", "请写明 interim"),
        "handover-overdue": ("are in handovers past their due date",
                             "record the acceptance or set new due dates",
                             "的移交已逾期", "请记录验收结果或确定新的期限"),
        "dispute-unrecorded": ("are in disputed handovers with no dispute record",
                               "add disputes entries", "的移交有争议但未登记",
                               "请登记职责争议"),
    }.get(kind, ("have findings", "see each line", "存在问题", "请逐条处理"))
    first = lites[0][2]()
    en = (f"{n} {type_} assets{where} {what[0]} (lines {lines}), e.g. {eg(ids)}; "
          f"{what[1]}")
    zh = (f"{zwhere}{n} 个{tname}{what[2]}（第 {lines} 行，如 {eg(ids)}）；{what[3]}。")
    targets: dict[tuple[str, str], None] = dict.fromkeys(first.targets)
    days = first.days
    if kind not in ("unowned-asset", "missing-duty"):  # per-member departments, days
        for x in lites[1:]:
            r = x[2]()
            targets.update(dict.fromkeys(r.targets))
            days = max(days, r.days)
    members = tuple(ctx.member(x[0], x[1]) for x in lites)
    return Raw(kind, "asset", parent or first.id, first.pos, first.path, en, zh,
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
                did = f" (did you mean '{hint}'?)" if hint else ""
                en = (f"'{g.finding}' is not a finding kind{did}; use one of "
                      f"{', '.join(KINDS)}")
                zh = f"“{g.finding}”不是一种空白类型；请改为正确的类型，或删除这一条。"
            elif g.finding in seen_kinds:
                en = (f"{g.finding} is already accepted for {entity} '{ent_id}' by entry "
                      f"{seen_kinds[g.finding] + 1}; remove this duplicate")
                zh = "同一类型的空白已在前面的条目中说明过；请删除这一条重复的说明。"
            elif (entity, ent_id, i) not in used:
                en = (f"accepted gap {g.finding} of {entity} '{ent_id}' matches no finding "
                      f"any more; remove it (the gap is closed)")
                zh = (f"说明接受的空白“{kind_title(g.finding, 'zh')}”已经不存在；请删除"
                      f"这一条。")
            else:
                seen_kinds[g.finding] = i
                continue
            seen_kinds.setdefault(g.finding, i)
            out.append(finding(Raw(
                "stale-acceptance", entity, ent_id, pos, p, en, zh, (ent_id,), (),
                ((entity, ent_id),)), None, None))
    out.sort(key=sort_key)
    return out


def finding(r: Raw, reason: str | None, at: tuple[str, int] | None) -> Finding:
    file, line, col = r.pos
    diag = Diagnostic(WARNING, file, line, col, r.path, r.en, r.kind, r.ids)
    return Finding(r.kind, r.entity, r.id, diag, reason, r.zh, r.members, r.targets,
                   r.days, at)
