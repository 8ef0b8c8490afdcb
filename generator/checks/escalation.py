"""Findings about escalation paths: the last level is only the first contact
(``escalation-no-exit``), or a level names a department nobody can reach
(``escalation-no-contact``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import partial

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, eg, item_pos, pos_of, say, words
from generator.directory import public_contacts


def check(ctx: Context) -> Iterator[Raw]:
    """escalation-no-exit and escalation-no-contact, path by path."""
    d = ctx.d
    first_of: dict[str, list[m.Matter]] = defaultdict(list)
    for mt in d.registry.matters:
        if mt.escalation:
            first_of[mt.escalation].append(mt)
    for p in d.registry.escalation:
        if not p.levels:
            continue
        last = p.levels[-1]
        li = len(p.levels) - 1
        if len(last.who) == 1:
            who = last.who[0]
            matters = [x.id for x in first_of.get(p.id, ()) if x.first_contact == who]
            first_level = p.levels[0].who == (who,)
            if matters or first_level:
                why = partial(words, "frag.first_of_matters", n=len(matters),
                              eg=eg(matters)) if matters else \
                    partial(words, "frag.first_level_too")
                yield Raw(
                    "escalation-no-exit", "escalation", p.id, pos_of(last.node, "who"),
                    f"escalation[{p.id}].levels[{li}].who",
                    say("escalation_no_exit", id=p.id, name=p.name, who=who,
                        who_name=ctx.dn(who), why=why),
                    (p.id, who, *matters[:3]), (("department", who),),
                    (("escalation", p.id), ("department", who)))
        for i, lv in enumerate(p.levels):
            for j, who in enumerate(lv.who):
                dep = d.departments.get(who)
                if dep is None or public_contacts(dep):
                    continue
                pos = item_pos(lv.node, "who", j)
                yield Raw(
                    "escalation-no-contact", "escalation", p.id, pos,
                    f"escalation[{p.id}].levels[{i}].who",
                    say("escalation_no_contact", id=p.id, name=p.name, who=who,
                        who_name=ctx.dn(who), level=i + 1),
                    (p.id, who), (("department", who),),
                    (("escalation", p.id), ("department", who)))
