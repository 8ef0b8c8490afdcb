"""Findings about handovers between departments: none names who answers until it is
accepted (``handover-no-interim``), it is past its due date (``handover-overdue``), it is
accepted while the duties it covers still rest on the party that handed over
(``handover-stale-duties``), it is disputed with no dispute recorded
(``dispute-unrecorded``), or two open handovers of one asset hand over the same duty with
no date to say which is later (``handover-overlap``).

An asset may hold several handovers (``handovers``); each is checked on its own, and a
handover of named duties is worded by them. A handover that is history (a later one took
every duty it covered) asks nothing of anyone any more: it is not checked."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, joined, pos_of, say, start_of, words
from generator.directory import HandoverRole, covers, days_overdue
from generator.model.nodes import YMap
from generator.words import duty_name, handover_state_name


def check(ctx: Context) -> Iterator[Raw]:
    """handover-no-interim, handover-overdue, handover-stale-duties, dispute-unrecorded and
    handover-overlap, for every asset with a handover."""
    for a in ctx.d.registry.assets:
        if a.handover is not None:
            yield from check_handover(ctx, a, a.handover)
        elif a.handovers:
            roles = ctx.d.handover_roles(a)
            for role in roles:
                if not role.history:
                    yield from check_handover(ctx, a, role.handover, role)
            yield from overlaps(ctx, a)


def duties_part(h: m.Handover) -> Callable[[str], str]:
    """The words that name a handover's duties in a message ("" when it hands over all)."""
    def part(lang: str) -> str:
        if not h.duties:
            return ""
        names = joined((words("quoted_duty", lang, duty=duty_name(x, lang)) for x in h.duties),
                       lang)
        return words("handover_duties", lang, duties=", ".join(h.duties), duty_names=names)
    return part


def check_handover(ctx: Context, a: m.Asset, h: m.Handover,
                   role: HandoverRole | None = None) -> Iterator[Raw]:
    hn = h.node
    i = role.index if role is not None else 0
    path = f"assets[{a.id}].{a.handover_path(i)}"
    deps = tuple(dict.fromkeys(x for x in (h.from_, h.to, h.interim) if x))
    ids = (a.id, *deps, *h.duties)
    targets = ctx.parent_target(a) + tuple(("department", x) for x in deps)
    part = duties_part(h)
    if h.status != "accepted" and not h.interim:
        pos = pos_of(a.node, "handover", at="key") if role is None else start_of(hn)
        yield from ctx.asset_finding(a, "handover-no-interim", pos, lambda: Raw(
            "handover-no-interim", "asset", a.id, pos, f"{path}.interim",
            say("handover_no_interim", id=a.id, name=a.name, from_=h.from_, to=h.to,
                status=h.status, from_name=ctx.dn(h.from_), to_name=ctx.dn(h.to),
                state=lambda lang: handover_state_name(h.status, lang), duties_part=part),
            ids, ctx.accept_keys(a), targets))
    late = days_overdue(h, ctx.today)
    if late:
        yield from ctx.asset_finding(a, "handover-overdue", pos_of(hn, "due"), lambda: Raw(
            "handover-overdue", "asset", a.id, pos_of(hn, "due"), f"{path}.due",
            say("handover_overdue", late, id=a.id, name=a.name, to=h.to,
                to_name=ctx.dn(h.to), due=h.due, duties_part=part),
            ids, ctx.accept_keys(a), targets, days=late))
    if h.status == "accepted":
        yield from stale_duties(ctx, a, h, targets, ids, role)
    if h.status == "disputed":
        chain = (a, *ctx.d.ancestors(a))
        recorded = any(dp.status == "open" for x in chain
                       for dp in ctx.d.disputes_of_asset.get(x.id, ()))
        if not recorded:
            yield from ctx.asset_finding(a, "dispute-unrecorded", pos_of(hn, "status"), lambda: Raw(
                "dispute-unrecorded", "asset", a.id, pos_of(hn, "status"),
                f"{path}.status",
                say("dispute_unrecorded", id=a.id, name=a.name, to=h.to, duties_part=part),
                ids, ctx.accept_keys(a), targets))


def stale_duties(ctx: Context, a: m.Asset, h: m.Handover,
                 targets: tuple[tuple[str, str], ...], ids: tuple[str, ...],
                 role: HandoverRole | None = None) -> Iterator[Raw]:
    """handover-stale-duties: the handover is accepted, yet duties it governs (its
    ``duties``, default all, less those a later handover took) are still held on the asset
    by ``from`` and not by ``to``, so routing still names the former holder. Located at the
    first such duty."""
    stale = [duty for duty, held in (a.duties or {}).items()
             if governs(h, role, duty) and h.from_ in held.by and h.to not in held.by]
    if not stale:
        return
    node = a.node
    dnode = node.get("duties") if isinstance(node, dict) else None
    if isinstance(dnode, YMap) and stale[0] in dnode.marks:
        pos = pos_of(dnode, stale[0])
    else:
        pos = pos_of(node, f"duties.{stale[0]}") if hasattr(node, "header_index") else \
            pos_of(h.node, "status")
    yield from ctx.asset_finding(a, "handover-stale-duties", pos, lambda: Raw(
        "handover-stale-duties", "asset", a.id, pos, f"assets[{a.id}].duties.{stale[0]}",
        say("handover_stale_duties", len(stale), id=a.id, name=a.name, from_=h.from_,
            to=h.to, duties=", ".join(stale), from_name=ctx.dn(h.from_),
            to_name=ctx.dn(h.to),
            duty_names=lambda lang: joined((words("quoted_duty", lang,
                                                  duty=duty_name(x, lang))
                                            for x in stale), lang)),
        ids, ctx.accept_keys(a), targets))


def governs(h: m.Handover, role: HandoverRole | None, duty: str) -> bool:
    """Whether ``duty`` follows ``h`` now (no later handover of the asset took it)."""
    return covers(h, duty) if role is None else role.governs(duty)


def overlaps(ctx: Context, a: m.Asset) -> Iterator[Raw]:
    """handover-overlap: two handovers of ``a``, neither accepted, hand over a duty in
    common, and no dates say which is later (one has no ``since``, or both the same): the
    one written later is taken, which may not be what happened. Located at that one, once
    per handover."""
    hs = a.handovers
    for j in range(1, len(hs)):
        for i in range(j):
            x, y = hs[i], hs[j]
            if "accepted" in (x.status, y.status) or (
                    x.since is not None and y.since is not None and x.since != y.since):
                continue
            common = _common(x, y)
            if common is not None:
                pos = start_of(y.node)
                yield from ctx.asset_finding(a, "handover-overlap", pos,
                                             _overlap(ctx, a, i, j, common, pos))
                break


def _overlap(ctx: Context, a: m.Asset, i: int, j: int, common: tuple[str, ...],
             pos: tuple[str, int, int]) -> Callable[[], Raw]:
    x, y = a.handovers[i], a.handovers[j]
    deps = tuple(dict.fromkeys(z for h in (x, y) for z in (h.from_, h.to, h.interim) if z))
    targets = ctx.parent_target(a) + tuple(("department", z) for z in deps)

    def names(lang: str) -> str:
        if not common:
            return words("all_duties", lang)
        return joined((words("quoted_duty", lang, duty=duty_name(z, lang)) for z in common),
                      lang)

    return lambda: Raw(
        "handover-overlap", "asset", a.id, pos, f"assets[{a.id}].handovers[{j}]",
        say("handover_overlap", id=a.id, name=a.name, first=i + 1, second=j + 1,
            duty_names=names),
        (a.id, *deps, *common), ctx.accept_keys(a), targets)


def _common(x: m.Handover, y: m.Handover) -> tuple[str, ...] | None:
    """The duties both hand over (``()``: all of them), or None when they share none."""
    if not x.duties:
        return y.duties
    if not y.duties:
        return x.duties
    both = tuple(z for z in x.duties if z in y.duties)
    return both or None
