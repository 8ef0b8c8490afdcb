"""Findings about departments: nobody can reach them (``no-public-contact``), a contact was
not verified recently (``stale-contact``), or a responsibility only guides, participates in
or coordinates and names no lead (``lead-missing``, see :func:`only_guides`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, pos_of, say, short, start_of, words
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
                say("no_public_contact_internal" if internal else "no_public_contact_none",
                    id=dep.id, name=dep.name),
                (dep.id,), me, me)
        for i, c in enumerate(dep.contacts):
            yield from check_contact(ctx, dep, i, c)
        for i, r in enumerate(dep.responsibilities):
            if r.lead is None and only_guides(r.text):
                yield Raw(
                    "lead-missing", "department", dep.id, pos_of(r.node, "text"),
                    f"{path}.responsibilities[{i}].text",
                    say("lead_missing", id=dep.id, name=dep.name, index=i + 1,
                        text=short(r.text)),
                    (dep.id,), me, me)


def check_contact(ctx: Context, dep: m.Department, i: int, c: m.Contact) -> Iterator[Raw]:
    me = (("department", dep.id),)
    path = f"departments[{dep.id}].contacts[{i}]"
    public = c.visibility == "public"
    role = c.role
    label = (lambda lang: words("frag.contact_public", lang, role=role)) if public else \
        (lambda lang: words("frag.contact_internal", lang, index=i + 1))
    when = c.verified or dep.verified
    if when is None:
        pos = pos_of(c.node, "role", at="key")
        msg = say("stale_contact_never", id=dep.id, name=dep.name, label=label)
    else:
        age = (ctx.today - when).days
        if age <= ctx.max_age:
            return
        if c.verified is not None:
            pos = pos_of(c.node, "verified")
            src = "frag.src_own"
        else:
            pos = pos_of(c.node, "role", at="key")
            src = "frag.src_department"
        msg = say("stale_contact", age, id=dep.id, name=dep.name, label=label, when=when,
                  max=ctx.max_age, src=lambda lang: words(src, lang))
    yield Raw("stale-contact", "department", dep.id, pos,
              f"{path}.verified", msg, (dep.id,), me, me)



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
