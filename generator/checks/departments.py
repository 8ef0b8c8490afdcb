"""Findings about departments: nobody can reach them (``no-public-contact``), a contact was
not verified recently (``stale-contact``), or a responsibility only guides, participates in
or coordinates and names no lead (``lead-missing``, see :func:`only_guides`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, pos_of, short, start_of
from generator.directory import public_contacts


def check(ctx: Context) -> Iterator[Raw]:
    """no-public-contact, stale-contact and lead-missing, department by department."""
    for dep in ctx.d.registry.departments:
        node = dep.node
        path = f"departments[{dep.id}]"
        me = (("department", dep.id),)
        if not public_contacts(dep):
            internal = bool(dep.contacts)
            pos = pos_of(node, "contacts", at="key") if internal else start_of(node)
            yield Raw(
                "no-public-contact", "department", dep.id, pos, f"{path}.contacts",
                f"department '{dep.id}' has "
                f"{'only internal contacts' if internal else 'no contacts'}; add a public "
                f"contact (phone, email or url) so people can reach it",
                f"{dep.name}{'只有内部联系方式' if internal else '没有任何联系方式'}；"
                f"请补充至少一个公开的电话、邮箱或网址。",
                (dep.id,), me, me)
        for i, c in enumerate(dep.contacts):
            yield from check_contact(ctx, dep, i, c)
        for i, r in enumerate(dep.responsibilities):
            if r.lead is None and only_guides(r.text):
                yield Raw(
                    "lead-missing", "department", dep.id, pos_of(r.node, "text"),
                    f"{path}.responsibilities[{i}].text",
                    f"responsibility {i + 1} of '{dep.id}' (\"{short(r.text)}\") only "
                    f"guides, participates in or coordinates and names no lead; add lead: "
                    f"<department id> or say what '{dep.id}' does itself",
                    f"{dep.name}的职责“{short(r.text)}”只写了指导、参与或协调，没有写明"
                    f"由谁牵头；请写明 lead（牵头单位），或写清本单位自己做什么。",
                    (dep.id,), me, me)


def check_contact(ctx: Context, dep: m.Department, i: int, c: m.Contact) -> Iterator[Raw]:
    me = (("department", dep.id),)
    path = f"departments[{dep.id}].contacts[{i}]"
    public = c.visibility == "public"
    label = f"contact '{c.role}'" if public else f"internal contact {i + 1}"
    zlabel = f"联系方式“{c.role}”" if public else f"第 {i + 1} 个内部联系方式"
    when = c.verified or dep.verified
    if when is None:
        pos = pos_of(c.node, "role", at="key")
        en = (f"{label} of '{dep.id}' has never been verified; check it and add verified: "
              f"YYYY-MM-DD")
        zh = f"{dep.name}的{zlabel}从未核实；请核实后写明 verified 日期。"
    else:
        age = (ctx.today - when).days
        if age <= ctx.max_age:
            return
        if c.verified is not None:
            pos = pos_of(c.node, "verified")
            src = "was last verified"
            zsrc = "最后核实于"
        else:
            pos = pos_of(c.node, "role", at="key")
            src = "has no verified date; its department was last verified"
            zsrc = "没有核实日期，所在单位最后核实于"
        en = (f"{label} of '{dep.id}' {src} on {when}, {age} days ago (more than "
              f"{ctx.max_age}); check it and update verified")
        zh = (f"{dep.name}的{zlabel}{zsrc} {when}，已过去 {age} 天（超过 {ctx.max_age} "
              f"天）；请核实后更新 verified 日期。")
    yield Raw("stale-contact", "department", dep.id, pos,
              f"{path}.verified", en, zh, (dep.id,), me, me)



# --- guide / participate / coordinate ---------------------------------------------------------

_WEAK_ZH = ("指导", "参与", "协调")
_WEAK_EN = re.compile(r"^(?:to\s+)?(?:guid(?:e|es|ing)|participat(?:e|es|ing)(?:\s+in)?|"
                      r"coordinat(?:e|es|ing)|takes?\s+part\s+in)\b", re.IGNORECASE)
#: Words that say the department does the work itself (so it is not only guiding).
_STRONG = re.compile(r"负责|承担|牵头|主管|主办|办理|受理|审批|实施|执行|缴纳|支付|"
                     r"\b(?:is responsible|responsible for|leads?|pays?|maintains?|operates?|"
                     r"repairs?|handles?|runs?|manages?|approves?|issues?|collects?|"
                     r"cleans?|inspects?|builds?|decides?)\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[，,；;。！!？?\n]+|(?<=\s)\.\s|并且|并|同时")


def only_guides(text: str) -> bool:
    """True when ``text`` only guides, participates in or coordinates (指导/参与/协调,
    guide/participate in/coordinate): every clause starts with one of those verbs and no
    word says the department does the work itself (负责, 办理, pays, maintains...)."""
    if _STRONG.search(text):
        return False
    clauses = [c.strip() for c in _CLAUSES.split(text.rstrip(". 。")) if c.strip()]
    if not clauses:
        return False
    return all(c.startswith(_WEAK_ZH) or _WEAK_EN.match(c) for c in clauses)
