"""Findings about handovers between departments: none names who answers until it is
accepted (``handover-no-interim``), it is past its due date (``handover-overdue``), it is
accepted while the duties it covers still rest on the party that handed over
(``handover-stale-duties``), or it is disputed with no dispute recorded
(``dispute-unrecorded``)."""

from __future__ import annotations

from collections.abc import Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, joined, pos_of, say, words
from generator.directory import days_overdue
from generator.model.nodes import YMap
from generator.words import duty_name, handover_state_name


def check(ctx: Context) -> Iterator[Raw]:
    """handover-no-interim, handover-overdue, handover-stale-duties and dispute-unrecorded,
    for every asset with a handover."""
    for a in ctx.d.registry.assets:
        if a.handover is not None:
            yield from check_handover(ctx, a, a.handover)


def check_handover(ctx: Context, a: m.Asset, h: m.Handover) -> Iterator[Raw]:
    hn = h.node
    path = f"assets[{a.id}].handover"
    deps = tuple(dict.fromkeys(x for x in (h.from_, h.to, h.interim) if x))
    targets = ctx.parent_target(a) + tuple(("department", x) for x in deps)
    if h.status != "accepted" and not h.interim:
        pos = pos_of(a.node, "handover", at="key")
        yield from ctx.asset_finding(a, "handover-no-interim", pos, lambda: Raw(
            "handover-no-interim", "asset", a.id, pos, f"{path}.interim",
            say("handover_no_interim", id=a.id, name=a.name, from_=h.from_, to=h.to,
                status=h.status, from_name=ctx.dn(h.from_), to_name=ctx.dn(h.to),
                state=lambda lang: handover_state_name(h.status, lang)),
            (a.id, *deps), ctx.accept_keys(a), targets))
    late = days_overdue(h, ctx.today)
    if late:
        yield from ctx.asset_finding(a, "handover-overdue", pos_of(hn, "due"), lambda: Raw(
            "handover-overdue", "asset", a.id, pos_of(hn, "due"), f"{path}.due",
            say("handover_overdue", late, id=a.id, name=a.name, to=h.to,
                to_name=ctx.dn(h.to), due=h.due),
            (a.id, *deps), ctx.accept_keys(a), targets, days=late))
    if h.status == "accepted":
        yield from stale_duties(ctx, a, h, targets, deps)
    if h.status == "disputed":
        chain = (a, *ctx.d.ancestors(a))
        recorded = any(dp.status == "open" for x in chain
                       for dp in ctx.d.disputes_of_asset.get(x.id, ()))
        if not recorded:
            yield from ctx.asset_finding(a, "dispute-unrecorded", pos_of(hn, "status"), lambda: Raw(
                "dispute-unrecorded", "asset", a.id, pos_of(hn, "status"),
                f"{path}.status",
                say("dispute_unrecorded", id=a.id, name=a.name, to=h.to),
                (a.id, *deps), ctx.accept_keys(a), targets))


def stale_duties(ctx: Context, a: m.Asset, h: m.Handover,
                 targets: tuple[tuple[str, str], ...], deps: tuple[str, ...]
                 ) -> Iterator[Raw]:
    """handover-stale-duties: the handover is accepted, yet duties it covers (its ``duties``,
    default all) are still held on the asset by ``from`` and not by ``to``, so routing
    still names the former holder. Located at the first such duty."""
    stale = [duty for duty, held in (a.duties or {}).items()
             if (not h.duties or duty in h.duties)
             and h.from_ in held.by and h.to not in held.by]
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
        (a.id, *deps), ctx.accept_keys(a), targets))
