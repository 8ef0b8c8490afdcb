"""Findings about recorded disputes: still open after their deadline (``dispute-overdue``)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.context import Context
from generator.checks.core import Raw, joined, pos_of, say, words


def check(ctx: Context) -> Iterator[Raw]:
    """dispute-overdue: open disputes past their deadline."""
    d = ctx.d
    for dp in d.registry.disputes:
        if dp.status != "open" or dp.deadline is None or dp.deadline >= ctx.today:
            continue
        late = (ctx.today - dp.deadline).days
        deps = tuple(dict.fromkeys((*dp.parties, *(x for x in (dp.arbiter,
                                                                 dp.interim) if x))))
        targets: list[tuple[str, str]] = [("dispute", dp.id)]
        accept: tuple[tuple[str, str], ...] = ()
        if dp.asset and dp.asset in d.assets:
            a = d.assets[dp.asset]
            targets.extend(ctx.parent_target(a))
            accept = ctx.accept_keys(a)
        if dp.matter:
            targets.append(("matter", dp.matter))
        targets.extend(("department", x) for x in deps)
        arbiter, arbiter_name = dp.arbiter, ctx.dn(dp.arbiter)
        parties = [ctx.dn(x) for x in dp.parties]
        yield Raw(
            "dispute-overdue", "dispute", dp.id, pos_of(dp.node, "deadline"),
            f"disputes[{dp.id}].deadline",
            say("dispute_overdue", late, id=dp.id, deadline=dp.deadline,
                party_names=lambda lang, ps=parties: joined(ps, lang),
                arb=lambda lang, a=arbiter, an=arbiter_name: words(
                    "frag.arbiter", lang, arbiter=a, arbiter_name=an) if a and an
                else words("frag.no_arbiter", lang)),
            (dp.id, *([dp.asset] if dp.asset else []), *deps), accept, tuple(targets),
            days=late)
