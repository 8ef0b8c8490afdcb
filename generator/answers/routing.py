"""Who answers matter M on asset A, and why (REGISTRY.md, "Routing").

The rules, in order:

1. a matter with ``handled_by`` goes to that department, whatever the asset;
2. otherwise the holder of the matter's ``duty`` on the asset (inherited from the assets it
   is part of), else the asset's owner;
3. a handover of the asset (or of that duty) that is not accepted: its ``interim`` answers;
   without one the builder (``from``) answers and that is a responsibility gap;
4. an open dispute on the asset or matter: the dispute's ``interim`` answers;
5. the answer carries the department, its public contacts, the time limit, the whole
   escalation ladder and the reasons, step by step, in the site's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import model as m
from generator.answers.matching import Candidate, Matcher
from generator.directory import Directory, handover_state, public_contacts
from generator.i18n import asset_type_name, duration_text, duty_name

REASONS: dict[str, dict[str, str]] = {
    "zh": {
        "handled_by": "「{matter}」统一由{dept}办理，与具体资产无关。",
        "type_mismatch": "注意：{asset}是{type}，不在「{matter}」涉及的资产类型（{types}）之内；"
                         "以下仍按该资产的职责答复。",
        "no_asset": "「{matter}」由资产上“{duty}”职责的承担单位负责；未指明资产，"
                    "先由首问单位{first}受理并转办。",
        "no_asset_nofirst": "「{matter}」由资产上“{duty}”职责的承担单位负责；请指明是哪一处"
                            "资产（{types}）。",
        "duty_direct": "{asset}的“{duty}”职责由{dept}承担。",
        "duty_inherited": "{asset}属于{parent}，“{duty}”职责沿用{parent}的安排，由{dept}承担。",
        "duty_shared": "{asset}的“{duty}”职责由{depts}共同承担（{split}），由列在首位的{dept}"
                       "牵头答复。",
        "duty_shared_nosplit": "{asset}的“{duty}”职责由{depts}共同承担，但没有写明如何分工，"
                               "暂由列在首位的{dept}答复。这是一个责任空白。",
        "owner": "{asset}没有写明“{duty}”职责由谁承担，由产权单位{dept}负责。",
        "owner_inherited": "{asset}没有写明“{duty}”职责由谁承担，也没有写明产权单位，"
                           "沿用{parent}的产权单位{dept}。",
        "nobody": "{asset}既没有写明“{duty}”职责由谁承担，也没有产权单位：这是一个责任空白，"
                  "由首问单位{first}受理并协调。",
        "nobody_nofirst": "{asset}既没有写明“{duty}”职责由谁承担，也没有产权单位：这是一个"
                          "责任空白，无人可答复。",
        "handover_interim": "{asset}尚未移交给{to}（{state}{dates}），所以{duty_phrase}在验收"
                            "之前由过渡期责任单位{dept}负责。",
        "handover_builder": "{asset}尚未移交给{to}（{state}{dates}），又没有指定过渡期责任单位，"
                            "所以{duty_phrase}暂由移交方{dept}负责。这是一个责任空白。",
        "handover_accepted": "{asset}已于{date}移交给{to}。",
        "dispute": "关于{subject}的职责争议（{parties}）尚未解决，{arbiter}裁定之前由{dept}负责。",
        "dispute_nointerim": "关于{subject}的职责争议（{parties}）尚未解决，且没有指定过渡期"
                             "责任单位；仍按上面的结论答复。",
        "time_limit": "办理时限：{limit}。",
        "escalate": "超过时限未解决的，按「{path}」逐级上报。",
        "since": "自{since}起",
        "due": "应于{due}前完成",
        "sep": "，",
        "its_duty": "该资产的“{duty}”职责",
        "all_duties": "该资产的各项职责",
        "and": "、",
    },
    "en": {
        "handled_by": "{matter} is handled by {dept} whatever the asset.",
        "type_mismatch": "Note: {asset} is a {type}, not one of the asset types of {matter} "
                         "({types}); the answer below still follows its duties.",
        "no_asset": "{matter} goes to whoever holds the {duty} duty on the asset; no asset was "
                    "given, so the first contact, {first}, takes it and passes it on.",
        "no_asset_nofirst": "{matter} goes to whoever holds the {duty} duty on the asset; say "
                            "which asset ({types}).",
        "duty_direct": "The {duty} duty on {asset} is held by {dept}.",
        "duty_inherited": "{asset} is part of {parent}, so its {duty} duty follows {parent}: "
                          "it is held by {dept}.",
        "duty_shared": "The {duty} duty on {asset} is shared by {depts} ({split}); {dept}, "
                       "listed first, answers.",
        "duty_shared_nosplit": "The {duty} duty on {asset} is shared by {depts} with no stated "
                               "split; {dept}, listed first, answers for now. This is a "
                               "responsibility gap.",
        "owner": "Nobody is named for the {duty} duty on {asset}, so its owner, {dept}, "
                 "answers.",
        "owner_inherited": "Nobody is named for the {duty} duty on {asset} and it has no owner "
                           "of its own, so the owner of {parent}, {dept}, answers.",
        "nobody": "Nobody holds the {duty} duty on {asset} and it has no owner: this is a "
                  "responsibility gap; the first contact, {first}, takes it and coordinates.",
        "nobody_nofirst": "Nobody holds the {duty} duty on {asset} and it has no owner: this "
                          "is a responsibility gap and nobody can answer.",
        "handover_interim": "{asset} has not been handed over to {to} ({state}{dates}), so "
                            "{duty_phrase} stays with the interim body, {dept}, until "
                            "acceptance.",
        "handover_builder": "{asset} has not been handed over to {to} ({state}{dates}) and no "
                            "interim body is named, so {duty_phrase} stays with the builder, "
                            "{dept}. This is a responsibility gap.",
        "handover_accepted": "{asset} was handed over to {to} on {date}.",
        "dispute": "A dispute about {subject} ({parties}) is open; until {arbiter} decides, "
                   "{dept} answers.",
        "dispute_nointerim": "A dispute about {subject} ({parties}) is open and names no "
                             "interim body; the answer above stands.",
        "time_limit": "The time limit is {limit}.",
        "escalate": "If it is not solved in time, it climbs the ladder “{path}”.",
        "since": "since {since}",
        "due": "due {due}",
        "sep": ", ",
        "its_duty": "its {duty} duty",
        "all_duties": "its duties",
        "and": ", ",
    },
}

STATE_WORDS = {
    "zh": {"planned": "计划移交", "in-progress": "移交中", "overdue": "已逾期",
           "disputed": "有争议", "accepted": "已移交"},
    "en": {"planned": "planned", "in-progress": "in progress", "overdue": "overdue",
           "disputed": "disputed", "accepted": "accepted"},
}


@dataclass(frozen=True, slots=True)
class Step:
    """One level of the ladder as the answer shows it."""

    index: int
    after: m.Duration
    who: tuple[str, ...]
    action: str | None


@dataclass(frozen=True)
class Answer:
    matter: m.Matter
    asset: m.Asset | None
    department: str | None  # id of the answering department
    contacts: tuple[m.Contact, ...]
    first_contact: str | None
    time_limit: m.Duration | None
    escalation: m.EscalationPath | None
    ladder: tuple[Step, ...]
    reasons: tuple[str, ...]
    gap: bool = False
    handover: tuple[m.Asset, m.Handover] | None = None
    dispute: m.Dispute | None = None
    holders: tuple[str, ...] = field(default=())  # who the duty rests on before step 3/4


def _dates(h: m.Handover, t: dict[str, str]) -> str:
    parts = []
    if h.since:
        parts.append(t["since"].format(since=h.since.isoformat()))
    if h.due:
        parts.append(t["due"].format(due=h.due.isoformat()))
    return (t["sep"] + t["sep"].join(parts)) if parts else ""


def _type_name(d: Directory, type_id: str, lang: str) -> str:
    t = d.asset_types.get(type_id)
    return asset_type_name(t, lang) if t else type_id


def templates(lang: str) -> dict[str, dict[str, str]]:
    """The reason templates and handover state words of ``lang``, as the site's script uses
    them (one source for the CLI and the page)."""
    return {"reasons": dict(REASONS.get(lang, REASONS["en"])),
            "states": dict(STATE_WORDS.get(lang, STATE_WORDS["en"]))}


def route(d: Directory, matter: m.Matter, asset: m.Asset | None = None,
          lang: str | None = None) -> Answer:
    """Answer "who is responsible for ``matter`` on ``asset``, and why"."""
    lang = lang or d.registry.site.language
    t = REASONS.get(lang, REASONS["en"])
    states = STATE_WORDS.get(lang, STATE_WORDS["en"])
    name = d.name_of
    reasons: list[str] = []
    gap = False
    dept: str | None = None
    holders: tuple[str, ...] = ()
    used_handover = None
    used_dispute = None

    if matter.handled_by:
        dept = matter.handled_by
        holders = (dept,)
        reasons.append(t["handled_by"].format(matter=matter.name, dept=name(dept)))
    elif asset is None:
        dept = matter.first_contact
        types = t["and"].join(_type_name(d, x, lang) for x in matter.asset_types)
        key = "no_asset" if dept else "no_asset_nofirst"
        reasons.append(t[key].format(matter=matter.name,
                                     duty=duty_name(matter.duty or "", lang),
                                     first=name(dept), types=types))
    else:
        duty = matter.duty or ""
        dn = duty_name(duty, lang)
        if matter.asset_types and asset.type not in matter.asset_types:
            reasons.append(t["type_mismatch"].format(
                asset=asset.name, type=_type_name(d, asset.type, lang), matter=matter.name,
                types=t["and"].join(_type_name(d, x, lang) for x in matter.asset_types)))
        held = d.duty_holder(asset, duty) if duty else None
        if held is not None:
            by = held.holding.by
            dept = by[0]
            holders = by
            if len(by) > 1:
                depts = t["and"].join(name(x) for x in by)
                if held.holding.split:
                    reasons.append(t["duty_shared"].format(
                        asset=asset.name, duty=dn, depts=depts, split=held.holding.split,
                        dept=name(dept)))
                else:
                    gap = True
                    reasons.append(t["duty_shared_nosplit"].format(
                        asset=asset.name, duty=dn, depts=depts, dept=name(dept)))
            elif held.inherited:
                reasons.append(t["duty_inherited"].format(
                    asset=asset.name, parent=d.assets[held.source].name, duty=dn,
                    dept=name(dept)))
            else:
                reasons.append(t["duty_direct"].format(asset=asset.name, duty=dn,
                                                       dept=name(dept)))
        else:
            owner, where = d.effective_owner(asset)
            if owner:
                dept = owner
                holders = (owner,)
                if where == asset.id:
                    reasons.append(t["owner"].format(asset=asset.name, duty=dn,
                                                     dept=name(owner)))
                else:
                    reasons.append(t["owner_inherited"].format(
                        asset=asset.name, duty=dn, parent=d.assets[where or asset.id].name,
                        dept=name(owner)))
            else:
                gap = True
                dept = matter.first_contact
                key = "nobody" if dept else "nobody_nofirst"
                reasons.append(t[key].format(asset=asset.name, duty=dn, first=name(dept)))

        # 3. handovers not accepted
        found = d.applicable_handover(asset, duty or None)
        if found is not None:
            on, h = found
            state = handover_state(h, d.today)
            duty_phrase = t["its_duty"].format(duty=dn) if duty else t["all_duties"]
            if h.status == "accepted":
                if h.since:
                    reasons.append(t["handover_accepted"].format(
                        asset=on.name, to=name(h.to), date=h.since.isoformat()))
            else:
                used_handover = found
                if h.interim:
                    dept = h.interim
                    reasons.append(t["handover_interim"].format(
                        asset=on.name, to=name(h.to), state=states[state],
                        dates=_dates(h, t), duty_phrase=duty_phrase, dept=name(dept)))
                else:
                    dept = h.from_
                    gap = True
                    reasons.append(t["handover_builder"].format(
                        asset=on.name, to=name(h.to), state=states[state],
                        dates=_dates(h, t), duty_phrase=duty_phrase, dept=name(dept)))

    # 4. open disputes
    disputes = d.open_disputes(asset, matter)
    if disputes:
        dp = disputes[0]
        used_dispute = dp
        subject_parts = []
        if dp.asset and dp.asset in d.assets:
            subject_parts.append(d.assets[dp.asset].name)
        if dp.duty:
            subject_parts.append(f"“{duty_name(dp.duty, lang)}”" if lang == "zh"
                                 else duty_name(dp.duty, lang))
        if not subject_parts:
            subject_parts.append(matter.name)
        subject = (" " if lang != "zh" else "").join(subject_parts)
        parties = t["and"].join(name(x) for x in dp.parties)
        if dp.interim:
            dept = dp.interim
            reasons.append(t["dispute"].format(subject=subject, parties=parties,
                                               arbiter=name(dp.arbiter) or "?",
                                               dept=name(dept)))
        else:
            reasons.append(t["dispute_nointerim"].format(subject=subject, parties=parties))

    if matter.time_limit:
        reasons.append(t["time_limit"].format(limit=duration_text(matter.time_limit, lang)))
    path = d.paths.get(matter.escalation) if matter.escalation else None
    ladder: tuple[Step, ...] = ()
    if path:
        ladder = tuple(Step(i, lv.after, lv.who, lv.action) for i, lv in enumerate(path.levels))
        reasons.append(t["escalate"].format(path=path.name))
    contacts = public_contacts(d.departments[dept]) if dept in d.departments else ()
    return Answer(
        matter=matter, asset=asset, department=dept, contacts=contacts,
        first_contact=matter.first_contact, time_limit=matter.time_limit, escalation=path,
        ladder=ladder, reasons=tuple(reasons), gap=gap, handover=used_handover,
        dispute=used_dispute, holders=holders,
    )


# --- the answer as the CLI prints it ----------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "matter": "事项：{x}", "asset": "地点：{x}（{type}）", "no_asset": "地点：未指明",
        "department": "负责单位：{x}", "nobody": "负责单位：无法确定",
        "gap": "注意：这是一个责任空白，登记的信息不足以确定由谁负责，请按升级路径反映。",
        "no_contacts": "  （没有公开的联系方式）",
        "time_limit": "办理时限：{x}", "first_contact": "首问单位：{x}",
        "reasons": "理由：", "ladder": "逾期未办结时的升级路径（{x}）：",
        "level": "  第 {n} 级，{after}：{who}", "at_intake": "受理时", "after": "{x}后",
        "phone": "电话 {x}", "email": "邮箱 {x}", "url": "网页 {x}", "address": "地址 {x}",
        "hours": "{x}", "sep": "，", "list": "、", "colon": "：", "paren": "（{x}）",
    },
    "en": {
        "matter": "Request: {x}", "asset": "Place: {x} ({type})", "no_asset": "Place: not given",
        "department": "Answered by: {x}", "nobody": "Answered by: nobody can be named",
        "gap": "Note: this is a responsibility gap: the registry does not say enough to "
               "settle who answers; use the escalation ladder.",
        "no_contacts": "  (no public contact)",
        "time_limit": "Time limit: {x}", "first_contact": "First contact: {x}",
        "reasons": "Why:", "ladder": "If it is not solved in time ({x}):",
        "level": "  Level {n}, {after}: {who}", "at_intake": "at intake", "after": "after {x}",
        "phone": "phone {x}", "email": "email {x}", "url": "web {x}", "address": "address {x}",
        "hours": "hours {x}", "sep": ", ", "list": ", ", "colon": ": ", "paren": " ({x})",
    },
}


def _contact_line(c: m.Contact, lb: dict[str, str]) -> str:
    parts = [lb[k].format(x=v) for k, v in (("phone", c.phone), ("email", c.email),
                                             ("url", c.url), ("address", c.address),
                                             ("hours", c.hours)) if v]
    head = c.role + (lb["paren"].format(x=c.name) if c.name else "")
    return head + (lb["colon"] + lb["sep"].join(parts) if parts else "")


def _brief(d: Directory, dep_id: str, lb: dict[str, str]) -> str:
    """A department's name and its first public phone (or e-mail), for one line."""
    dep = d.departments.get(dep_id)
    if dep is None:
        return dep_id
    for c in public_contacts(dep):
        if c.phone:
            return dep.name + lb["paren"].format(x=lb["phone"].format(x=c.phone))
    for c in public_contacts(dep):
        if c.email:
            return dep.name + lb["paren"].format(x=lb["email"].format(x=c.email))
    return dep.name


def answer_text(d: Directory, ans: Answer, lang: str | None = None) -> str:
    """The answer as a hotline operator would read it out: who, how to reach them, how
    long it may take, why, and what happens if nobody acts."""
    lang = lang or d.registry.site.language
    lb = LABELS.get(lang, LABELS["en"])
    out = [lb["matter"].format(x=ans.matter.name)]
    if ans.asset is not None:
        out.append(lb["asset"].format(x=ans.asset.name, type=_type_name(d, ans.asset.type, lang)))
    elif not ans.matter.handled_by:
        out.append(lb["no_asset"])
    if ans.department:
        out.append(lb["department"].format(x=d.name_of(ans.department)))
        if ans.contacts:
            out += ["  " + _contact_line(c, lb) for c in ans.contacts]
        else:
            out.append(lb["no_contacts"])
    else:
        out.append(lb["nobody"])
    if ans.gap:
        out.append(lb["gap"])
    if ans.time_limit is not None:
        out.append(lb["time_limit"].format(x=duration_text(ans.time_limit, lang)))
    if ans.first_contact and ans.first_contact != ans.department:
        out.append(lb["first_contact"].format(x=_brief(d, ans.first_contact, lb)))
    out.append(lb["reasons"])
    out += [f"  {i}. {r}" for i, r in enumerate(ans.reasons, 1)]
    if ans.escalation is not None:
        out.append(lb["ladder"].format(x=ans.escalation.name))
        for st in ans.ladder:
            after = lb["at_intake"] if st.after.amount == 0 else \
                lb["after"].format(x=duration_text(st.after, lang))
            who = lb["list"].join(_brief(d, w, lb) for w in st.who)
            line = lb["level"].format(n=st.index + 1, after=after, who=who)
            if st.action:
                line += lb["colon"] + " ".join(st.action.split())
            out.append(line)
    return "\n".join(out) + "\n"


def _contact_json(c: m.Contact) -> dict[str, str]:
    out = {"role": c.role, "name": c.name, "phone": c.phone, "email": c.email, "url": c.url,
           "address": c.address, "hours": c.hours}
    return {k: v for k, v in out.items() if v}


def _dept_json(d: Directory, dep_id: str | None) -> dict[str, object] | None:
    if not dep_id:
        return None
    dep = d.departments.get(dep_id)
    return {"id": dep_id, "name": dep.name if dep else dep_id,
            "contacts": [_contact_json(c) for c in public_contacts(dep)] if dep else []}


def answer_json(d: Directory, ans: Answer, lang: str | None = None) -> dict[str, object]:
    """The answer as data (``remit lookup --format json``); public contacts only."""
    lang = lang or d.registry.site.language
    h = None
    if ans.handover is not None:
        on, ho = ans.handover
        h = {"asset": on.id, "from": ho.from_, "to": ho.to, "status": ho.status,
             "state": handover_state(ho, d.today), "since": _iso(ho.since), "due": _iso(ho.due),
             "interim": ho.interim, "duties": list(ho.duties)}
    dp = None
    if ans.dispute is not None:
        x = ans.dispute
        dp = {"id": x.id, "asset": x.asset, "matter": x.matter, "duty": x.duty,
              "parties": list(x.parties), "arbiter": x.arbiter, "interim": x.interim,
              "raised": _iso(x.raised), "deadline": _iso(x.deadline)}
    path = ans.escalation
    return {
        "status": "answered",
        "matter": {"id": ans.matter.id, "name": ans.matter.name},
        "asset": {"id": ans.asset.id, "name": ans.asset.name, "type": ans.asset.type}
        if ans.asset is not None else None,
        "department": _dept_json(d, ans.department),
        "first_contact": _dept_json(d, ans.first_contact),
        "time_limit": {"text": str(ans.time_limit),
                       "words": duration_text(ans.time_limit, lang)}
        if ans.time_limit is not None else None,
        "escalation": {"id": path.id, "name": path.name, "levels": [
            {"after": str(st.after), "after_words": duration_text(st.after, lang),
             "who": [_dept_json(d, w) for w in st.who], "action": st.action}
            for st in ans.ladder]} if path is not None else None,
        "reasons": list(ans.reasons),
        "gap": ans.gap,
        "holders": list(ans.holders),
        "handover": h,
        "dispute": dp,
        "language": lang,
    }


def _iso(x: object) -> str | None:
    return x.isoformat() if x is not None else None  # type: ignore[attr-defined]


# --- words to an answer (``remit lookup``) ----------------------------------------------

LOOKUP_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "matter": "事项", "asset": "地点",
        "ambiguous": "“{q}”对应多个{what}，请用编号或完整名称指明其中一个：",
        "not_found": "没有找到与“{q}”相符的{what}。",
        "near": "相近的有：", "row": "  {id}  {name}{hint}", "hint": "（{x}）",
    },
    "en": {
        "matter": "request", "asset": "place",
        "ambiguous": "“{q}” matches more than one {what}; name one by its id or full name:",
        "not_found": "No {what} matches “{q}”.",
        "near": "Closest:", "row": "  {id}  {name}{hint}", "hint": " ({x})",
    },
}


@dataclass(frozen=True)
class Lookup:
    """The outcome of ``remit lookup``: an answer, or the word that could not be settled
    (``field`` is "matter" or "asset") with its candidates."""

    status: str  # "answered" | "ambiguous" | "not_found"
    answer: Answer | None = None
    field: str = ""
    query: str = ""
    candidates: tuple[Candidate, ...] = ()


def lookup(d: Directory, matter_query: str, asset_query: str | None = None,
           lang: str | None = None, matcher: Matcher | None = None) -> Lookup:
    """Resolve the words to a matter (and an asset, preferring the matter's asset types)
    and route. A matter handled by a fixed department ignores the place."""
    mt = matcher or Matcher(d)
    res = mt.matters(matter_query)
    if res.chosen is None:
        return Lookup("ambiguous" if res.ambiguous else "not_found", None, "matter",
                      matter_query, res.candidates)
    matter = d.matters[res.chosen.id]
    asset = None
    if asset_query and asset_query.strip() and not matter.handled_by:
        ares = mt.assets(asset_query, matter.asset_types)
        if ares.chosen is None:
            return Lookup("ambiguous" if ares.ambiguous else "not_found", None, "asset",
                          asset_query, ares.candidates)
        asset = d.assets[ares.chosen.id]
    return Lookup("answered", route(d, matter, asset, lang))


def lookup_text(d: Directory, lk: Lookup, lang: str | None = None) -> str:
    lang = lang or d.registry.site.language
    if lk.answer is not None:
        return answer_text(d, lk.answer, lang)
    w = LOOKUP_WORDS.get(lang, LOOKUP_WORDS["en"])
    what = w[lk.field]
    key = "ambiguous" if lk.status == "ambiguous" else "not_found"
    out = [w[key].format(q=lk.query, what=what)]
    if lk.candidates:
        if key == "not_found":
            out.append(w["near"])
        for c in lk.candidates:
            doc = c.doc
            hint = w["hint"].format(x=doc.hint) if doc.hint else ""
            out.append(w["row"].format(id=doc.id, name=doc.name, hint=hint))
    return "\n".join(out) + "\n"


def lookup_json(d: Directory, lk: Lookup, lang: str | None = None) -> dict[str, object]:
    if lk.answer is not None:
        return answer_json(d, lk.answer, lang)
    return {"status": lk.status, "field": lk.field, "query": lk.query,
            "candidates": [{"id": c.doc.id, "name": c.doc.name, "hint": c.doc.hint,
                            "score": round(c.score, 3)} for c in lk.candidates]}
