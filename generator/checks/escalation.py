"""Findings about escalation paths: the last level is only the first contact
(``escalation-no-exit``), or a level names a department nobody can reach
(``escalation-no-contact``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, eg, item_pos, plural, pos_of
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
                why = (f"the first contact of {plural(len(matters), 'matter')} "
                       f"({eg(matters)})") if matters else "its first level too"
                yield Raw(
                    "escalation-no-exit", "escalation", p.id, pos_of(last.node, "who"),
                    f"escalation[{p.id}].levels[{li}].who",
                    f"escalation path '{p.id}' never leaves the first contact: its last "
                    f"level is only '{who}', which is {why}; add a level with a "
                    f"department that has authority to decide",
                    f"升级路径「{p.name}」的最后一级仍只是{ctx.dn(who)}，也就是首问单位"
                    f"本身，逾期后没有更有权限的单位接手；请增加更高一级。",
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
                    f"department '{who}' on level {i + 1} of escalation path '{p.id}' has "
                    f"no public contact, so nobody can reach it at that step; add a public "
                    f"contact to '{who}' or put another department on this level",
                    f"升级路径「{p.name}」第 {i + 1} 级的{ctx.dn(who)}没有公开联系方式，"
                    f"企业无法联系；请为它补充公开联系方式，或换一个单位。",
                    (p.id, who), (("department", who),),
                    (("escalation", p.id), ("department", who)))
