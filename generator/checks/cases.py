"""Findings about cases: open and overdue at their level (``case-overdue``), as the
escalation clock (:mod:`generator.cases.clock`) counts it on the checks' date."""

from __future__ import annotations

from collections.abc import Iterator

from generator.cases.calendar import WorkCalendar
from generator.cases.clock import clock
from generator.checks.context import Context
from generator.checks.core import Raw, joined, pos_of, say


def check(ctx: Context) -> Iterator[Raw]:
    """case-overdue: open cases past their deadline or not escalated when the ladder says,
    with the working days overdue and who should have the case now."""
    d = ctx.d
    if not d.registry.cases:
        return
    cal = WorkCalendar.from_site(d.registry.site)
    for case in d.registry.cases:
        ck = clock(d, case, ctx.today, cal)
        if not ck.overdue:
            continue
        who = ck.who_due
        names = [ctx.dn(x) for x in who]
        targets: list[tuple[str, str]] = [("case", case.id), ("matter", case.matter)]
        if case.asset and case.asset in d.assets:
            targets.extend(ctx.parent_target(d.assets[case.asset]))
        targets.extend(("department", x) for x in who)
        late_level = ck.level_now < ck.level_due
        yield Raw(
            "case-overdue", "case", case.id, pos_of(case.node, "received"),
            f"cases[{case.id}].received",
            say("case_overdue_level" if late_level else "case_overdue", ck.days_overdue,
                id=case.id, level=ck.level_now, due=ck.level_due,
                deadline=ck.deadline.isoformat() if ck.deadline else "",
                who=", ".join(who),
                who_names=lambda lang, ns=names: joined(ns, lang)),
            (case.id, *who), (), tuple(dict.fromkeys(targets)), days=ck.days_overdue)
