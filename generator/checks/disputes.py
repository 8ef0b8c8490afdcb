"""Findings about recorded disputes: still open after their deadline (``dispute-overdue``)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.context import Context
from generator.checks.core import Raw, pos_of


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
        arb = f" '{dp.arbiter}'" if dp.arbiter else ""
        yield Raw(
            "dispute-overdue", "dispute", dp.id, pos_of(dp.node, "deadline"),
            f"disputes[{dp.id}].deadline",
            f"dispute '{dp.id}' is still open {late} days after its deadline "
            f"{dp.deadline}; have the arbiter{arb} record its decision (status: resolved, "
            f"outcome) or set a new deadline",
            f"职责争议 {dp.id}（{'、'.join(ctx.dn(x) for x in dp.parties)}）已超过裁定期限 "
            f"{dp.deadline} 共 {late} 天仍未解决；请{ctx.dn(dp.arbiter) or '裁定单位'}"
            f"记录裁定结果，或确定新的期限。",
            (dp.id, *([dp.asset] if dp.asset else []), *deps), accept, tuple(targets),
            days=late)
