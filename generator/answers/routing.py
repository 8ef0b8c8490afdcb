"""Who answers matter M on asset A, and why (REGISTRY.md, "Routing").

The rules, in order:

1. a matter with ``handled_by`` goes to that department, whatever the asset;
2. otherwise the holder of the matter's ``duty`` on the asset (inherited from the assets it
   is part of), else the asset's owner;
3. the handover that applies to the duty (on the nearest of the asset and its parents
   with one covering it, the latest by ``since``; earlier ones are history), when it is not
   accepted: its ``interim`` answers; without one the builder (``from``) answers and that
   is a responsibility gap; an accepted one whose duty is still recorded on ``from`` keeps
   ``from`` and says so in one reason; a handover of named duties is worded by the duty;
4. an open dispute on the asset or matter: the dispute's ``interim`` answers;
5. the answer carries the department, its public contacts, the time limit, the whole
   escalation ladder and the reasons, step by step, in the site's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator import model as m
from generator.answers.act_now import (
    after_hours_contact,
    call_now,
    how,
    open_at,
    relevant_contacts,
    urgent,
)
from generator.answers.matching import Candidate, Matcher, place_words
from generator.answers.report_message import (
    answer_address,
    correction_message,
    report_message,
)
from generator.directory import Directory, handover_state, public_contacts
from generator.words import (
    asset_type_name,
    duration_text,
    duty_name,
    handover_state_name,
    t,
    table,
)


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
    why: str = ""  # the reason in one phrase, for the answer's first line
    urgent: bool = False
    after_hours: tuple[str, m.Contact] | None = None  # who answers out of hours


def _dates(h: m.Handover, lang: str) -> str:
    parts = []
    if h.since:
        parts.append(t("reason.since", lang, since=h.since.isoformat()))
    if h.due:
        parts.append(t("reason.due", lang, due=h.due.isoformat()))
    sep = t("reason.sep", lang)
    return (sep + sep.join(parts)) if parts else ""


def _type_name(d: Directory, type_id: str, lang: str) -> str:
    t = d.asset_types.get(type_id)
    return asset_type_name(t, lang) if t else type_id


#: The answer's words the page's first line and messages use (``answer.*``).
PAGE_ANSWER_WORDS = ("matter", "asset", "reasons", "department", "phone", "email", "url")


def templates(lang: str) -> dict[str, Any]:
    """The reason templates and handover state words of ``lang``, as the site's script uses
    them (one source for the CLI and the page): with the first line's (``act``, and
    ``why``: the short form of each reason in :data:`WHY_KEYS`), the answer's words it and
    the messages use, and the no-match line (``fallback``)."""
    answer, why = table("answer", lang), table("why", lang)
    return {"reasons": table("reason", lang), "states": table("handover_state", lang),
            "act": table("act", lang), "why": {k: why[k] for k in sorted(WHY_KEYS)},
            "answer": {k: answer[k] for k in PAGE_ANSWER_WORDS},
            "fallback": table("lookup", lang)["fallback"]}


def route(d: Directory, matter: m.Matter, asset: m.Asset | None = None,
          lang: str | None = None) -> Answer:
    """Answer "who is responsible for ``matter`` on ``asset``, and why"."""
    lang = lang or d.registry.site.language
    name = d.name_of

    def say(key: str, **kw: Any) -> None:
        reasons.append(t(f"reason.{key}", lang, **kw))
        if key in WHY_KEYS:
            why[0] = t(f"why.{key}", lang, **kw)

    why = [""]

    reasons: list[str] = []
    gap = False
    dept: str | None = None
    holders: tuple[str, ...] = ()
    used_handover = None
    used_dispute = None

    if matter.handled_by:
        dept = matter.handled_by
        holders = (dept,)
        say("handled_by", matter=matter.name, dept=name(dept))
    elif asset is None:
        dept = matter.first_contact
        types = t("reason.and", lang).join(_type_name(d, x, lang) for x in matter.asset_types)
        key = "no_asset" if dept else "no_asset_nofirst"
        say(key, matter=matter.name, duty=duty_name(matter.duty or "", lang),
            first=name(dept), types=types)
    else:
        duty = matter.duty or ""
        dn = duty_name(duty, lang)
        if matter.asset_types and asset.type not in matter.asset_types:
            say("type_mismatch",
                asset=asset.name, type=_type_name(d, asset.type, lang), matter=matter.name,
                types=t("reason.and", lang).join(_type_name(d, x, lang)
                                                 for x in matter.asset_types))
        held = d.duty_holder(asset, duty) if duty else None
        duty_at = len(reasons)  # where the reason naming the duty's holder goes
        if held is not None:
            by = held.holding.by
            dept = by[0]
            holders = by
            if len(by) > 1:
                depts = t("reason.and", lang).join(name(x) for x in by)
                if held.holding.split:
                    say("duty_shared",
                        asset=asset.name, duty=dn, depts=depts, split=held.holding.split,
                        dept=name(dept))
                else:
                    gap = True
                    say("duty_shared_nosplit",
                        asset=asset.name, duty=dn, depts=depts, dept=name(dept))
            elif held.inherited:
                say("duty_inherited",
                    asset=asset.name, parent=d.assets[held.source].name, duty=dn,
                    dept=name(dept))
            else:
                say("duty_direct", asset=asset.name, duty=dn, dept=name(dept))
        else:
            owner, where = d.effective_owner(asset)
            if owner:
                dept = owner
                holders = (owner,)
                if where == asset.id:
                    say("owner", asset=asset.name, duty=dn, dept=name(owner))
                else:
                    say("owner_inherited",
                        asset=asset.name, duty=dn, parent=d.assets[where or asset.id].name,
                        dept=name(owner))
            else:
                gap = True
                dept = matter.first_contact
                key = "nobody" if dept else "nobody_nofirst"
                say(key, asset=asset.name, duty=dn, first=name(dept))

        # 3. handovers not accepted
        found = d.applicable_handover(asset, duty or None)
        if found is not None:
            on, h = found
            state = handover_state(h, d.today)
            duty_phrase = (t("reason.its_duty", lang, duty=dn) if duty
                           else t("reason.all_duties", lang))
            # a handover of named duties speaks of the duty, not of the whole asset
            by_duty = "_duty" if duty and h.duties else ""
            if h.status == "accepted":
                if held is not None and h.from_ in holders and h.to not in holders:
                    # accepted on paper, the duty still recorded on the former holder: the
                    # registry is the source of truth, so that holder answers, in one reason
                    stale = t("reason.handover_accepted_stale" + by_duty, lang, asset=on.name,
                              to=name(h.to), duty=dn, dept=name(h.from_))
                    why[0] = t("why.duty_direct", lang, asset=on.name, duty=dn,
                               dept=name(h.from_))
                    if len(holders) == 1:
                        reasons[duty_at] = stale
                    else:
                        reasons.append(stale)
                elif h.since:
                    say("handover_accepted" + by_duty, duty=dn,
                        asset=on.name, to=name(h.to), date=h.since.isoformat())
            else:
                used_handover = found
                if h.interim:
                    dept = h.interim
                    say("handover_interim" + by_duty, duty=dn,
                        asset=on.name, to=name(h.to), state=handover_state_name(state, lang),
                        dates=_dates(h, lang), duty_phrase=duty_phrase, dept=name(dept))
                else:
                    dept = h.from_
                    gap = True
                    say("handover_builder" + by_duty, duty=dn,
                        asset=on.name, to=name(h.to), state=handover_state_name(state, lang),
                        dates=_dates(h, lang), duty_phrase=duty_phrase, dept=name(dept))

    # 4. open disputes
    disputes = d.open_disputes(asset, matter)
    if disputes:
        dp = disputes[0]
        used_dispute = dp
        subject_parts = []
        if dp.asset and dp.asset in d.assets:
            subject_parts.append(d.assets[dp.asset].name)
        if dp.duty:
            subject_parts.append(t("reason.duty_named", lang, duty=duty_name(dp.duty, lang)))
        if not subject_parts:
            subject_parts.append(matter.name)
        subject = t("reason.subject_sep", lang).join(subject_parts)
        parties = t("reason.and", lang).join(name(x) for x in dp.parties)
        if dp.interim:
            dept = dp.interim
            say("dispute", subject=subject, parties=parties,
                arbiter=name(dp.arbiter) or "?", dept=name(dept))
        else:
            say("dispute_nointerim", subject=subject, parties=parties)

    if matter.time_limit:
        say("time_limit", limit=duration_text(matter.time_limit, lang))
    path = d.paths.get(matter.escalation) if matter.escalation else None
    ladder: tuple[Step, ...] = ()
    if path:
        ladder = tuple(Step(i, lv.after, lv.who, lv.action) for i, lv in enumerate(path.levels))
        say("escalate", path=path.name)
    contacts = relevant_contacts(d.departments[dept], matter) if dept in d.departments else ()
    is_urgent = urgent(matter)
    return Answer(
        matter=matter, asset=asset, department=dept, contacts=contacts,
        first_contact=matter.first_contact, time_limit=matter.time_limit, escalation=path,
        ladder=ladder, reasons=tuple(reasons), gap=gap, handover=used_handover,
        dispute=used_dispute, holders=holders, why=why[0], urgent=is_urgent,
        after_hours=after_hours_contact(d, matter, dept) if is_urgent else None,
    )


#: The reasons whose short form is the "why" of the answer's first line (the last one
#: said wins: an interim body or a dispute overrides the duty's holder).
WHY_KEYS = frozenset({
    "handled_by", "duty_direct", "duty_inherited", "duty_shared", "duty_shared_nosplit",
    "owner", "owner_inherited", "nobody", "no_asset", "handover_interim", "handover_builder",
    "handover_interim_duty", "handover_builder_duty", "dispute"})


# --- the answer as the CLI prints it ----------------------------------------------------

def stale_days(d: Directory, c: m.Contact) -> int | None:
    """Days since the contact was last checked, when more than the registry allows
    (``site.checks.contact_max_age_days``); None when it is fresh or never dated."""
    if c.verified is None:
        return None
    age = (d.today - c.verified).days
    checks = d.registry.site.checks
    limit = checks.contact_max_age_days if checks is not None else 365
    return age if age > limit else None


def _contact_line(c: m.Contact, lang: str, d: Directory | None = None,
                  now: dt.datetime | None = None) -> str:
    parts = [t(f"answer.{k}", lang, x=v) for k, v in (
        ("phone", c.phone), ("email", c.email), ("url", c.url), ("address", c.address),
        ("hours", c.hours)) if v]
    head = c.role + (t("answer.paren", lang, x=c.name) if c.name else "")
    line = head + (t("answer.colon", lang) + t("answer.sep", lang).join(parts) if parts else "")
    if now is not None:
        state = open_at(c, now)
        if state is not None:
            line += t("answer.open_now" if state else "answer.closed_now", lang)
    age = stale_days(d, c) if d is not None else None
    if age is not None:
        line += t("answer.stale", lang, n=age)
    return line


def _brief(d: Directory, dep_id: str, lang: str) -> str:
    """A department's name and its first public phone (or e-mail), for one line."""
    dep = d.departments.get(dep_id)
    if dep is None:
        return dep_id
    for c in public_contacts(dep):
        if c.phone:
            return dep.name + t("answer.paren", lang, x=t("answer.phone", lang, x=c.phone))
    for c in public_contacts(dep):
        if c.email:
            return dep.name + t("answer.paren", lang, x=t("answer.email", lang, x=c.email))
    return dep.name


def answer_text(d: Directory, ans: Answer, lang: str | None = None,
                now: dt.datetime | None = None) -> str:
    """The answer as a hotline operator would read it out: first what to do now (at
    ``now``), then who, how to reach them, how long it may take, why, and what happens if
    nobody acts."""
    lg = lang or d.registry.site.language

    def lb(key: str, **kw: Any) -> str:
        return t(f"answer.{key}", lg, **kw)

    out = [call_now(d, ans.matter, ans.department, ans.why, now, lg).text, ""]
    out.append(lb("matter", x=ans.matter.name))
    if ans.asset is not None:
        out.append(lb("asset", x=ans.asset.name, type=_type_name(d, ans.asset.type, lg)))
    elif not ans.matter.handled_by:
        out.append(lb("no_asset"))
    if ans.department:
        out.append(lb("department", x=d.name_of(ans.department)))
        if ans.contacts:
            out += ["  " + _contact_line(c, lg, d, now) for c in ans.contacts]
        else:
            out.append(lb("no_contacts"))
    else:
        out.append(lb("nobody"))
    if ans.gap:
        out.append(lb("gap"))
    if ans.time_limit is not None:
        out.append(lb("time_limit", x=duration_text(ans.time_limit, lg)))
    if ans.after_hours is not None and ans.after_hours[0] != ans.department:
        nd, nc = ans.after_hours
        out.append(lb("after_hours", x=d.name_of(nd)))
        out.append("  " + _contact_line(nc, lg, d, now))
    if ans.first_contact and ans.first_contact != ans.department:
        out.append(lb("first_contact", x=_brief(d, ans.first_contact, lg)))
    if ans.matter.url:
        out.append(lb("guide", x=ans.matter.url))
    out.append(lb("reasons"))
    out += [f"  {i}. {r}" for i, r in enumerate(ans.reasons, 1)]
    if ans.escalation is not None:
        out.append(lb("ladder", x=ans.escalation.name))
        for st in ans.ladder:
            after = lb("at_intake") if st.after.amount == 0 else \
                lb("after", x=duration_text(st.after, lg))
            who = lb("list").join(_brief(d, w, lg) for w in st.who)
            line = lb("level", n=st.index + 1, after=after, who=who)
            if st.action:
                line += lb("colon") + " ".join(st.action.split())
            out.append(line)
    return "\n".join(out) + "\n"


def _contact_json(c: m.Contact, d: Directory | None = None,
                  now: dt.datetime | None = None) -> dict[str, object]:
    out: dict[str, object] = {
        "role": c.role, "name": c.name, "phone": c.phone, "email": c.email, "url": c.url,
        "address": c.address, "hours": c.hours}
    out = {k: v for k, v in out.items() if v}
    if now is not None and open_at(c, now) is not None:
        out["open_now"] = open_at(c, now)
    age = stale_days(d, c) if d is not None else None
    if age is not None:
        out["stale_days"] = age
    return out


def _dept_json(d: Directory, dep_id: str | None, contacts: tuple[m.Contact, ...] | None = None,
               now: dt.datetime | None = None) -> dict[str, object] | None:
    if not dep_id:
        return None
    dep = d.departments.get(dep_id)
    shown = contacts if contacts is not None else (public_contacts(dep) if dep else ())
    return {"id": dep_id, "name": dep.name if dep else dep_id,
            "contacts": [_contact_json(c, d, now) for c in shown]}


def answer_json(d: Directory, ans: Answer, lang: str | None = None,
                now: dt.datetime | None = None, base_url: str | None = None,
                at: tuple[float, float] | None = None) -> dict[str, object]:
    """The answer as data (``remit lookup --format json``); public contacts only, the
    answering body's those that serve the matter; ``report`` and ``correction``: the
    messages of :mod:`generator.answers.report_message`, with the answer's address on the
    site at ``base_url`` (and the place ``at``, longitude and latitude)."""
    lang = lang or d.registry.site.language
    call = call_now(d, ans.matter, ans.department, ans.why, now, lang)
    address = answer_address(base_url, ans.matter.id, ans.asset.id if ans.asset else None, at)
    msg = (d, ans.matter, ans.asset, ans.department, ans.reasons, call, lang, address, at)
    correction = correction_message(*msg)
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
        "call": {"text": call.text, "department": call.department,
                 "contact": _contact_json(call.contact, d, now) if call.contact else None,
                 "open_now": call.open_now, "after_hours": call.after_hours,
                 "opens": call.opens.isoformat(timespec="minutes") if call.opens else None,
                 "why": ans.why},
        "urgent": ans.urgent,
        "after_hours": {"department": ans.after_hours[0],
                        "contact": _contact_json(ans.after_hours[1], d, now)}
        if ans.after_hours else None,
        "matter": {"id": ans.matter.id, "name": ans.matter.name}
        | ({"url": ans.matter.url} if ans.matter.url else {}),
        "asset": {"id": ans.asset.id, "name": ans.asset.name, "type": ans.asset.type}
        if ans.asset is not None else None,
        "department": _dept_json(d, ans.department, ans.contacts, now),
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
        "report": report_message(*msg).as_json(),
        "correction": correction.as_json() if correction is not None else None,
        "language": lang,
    }


def _iso(x: object) -> str | None:
    return x.isoformat() if x is not None else None  # type: ignore[attr-defined]


# --- words to an answer (``remit lookup``) ----------------------------------------------


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
    and route. A matter handled by a fixed department ignores the place. Without
    ``asset_query``, the words left in ``matter_query`` once the matter's own are cut out
    (:func:`~generator.answers.matching.place_words`) are searched among the assets of the
    matter's types: one that stands out is the place, several alike are asked about, none
    leaves the matter alone."""
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
    elif not (asset_query and asset_query.strip()) and not matter.handled_by:
        # one box: "D3路路灯不亮" names the matter and, in the words left, the place
        rest = place_words(matter_query, res.chosen)
        if rest is not None:
            ares = mt.assets(rest, matter.asset_types, only_types=matter.asset_types)
            if ares.chosen is not None:
                asset = d.assets[ares.chosen.id]
            elif ares.ambiguous:
                return Lookup("ambiguous", None, "asset", rest, ares.candidates)
            # words that name no place ("怎么办"): the matter alone answers
    return Lookup("answered", route(d, matter, asset, lang))


def lookup_text(d: Directory, lk: Lookup, lang: str | None = None,
                now: dt.datetime | None = None) -> str:
    lang = lang or d.registry.site.language
    if lk.answer is not None:
        return answer_text(d, lk.answer, lang, now)
    what = t(f"lookup.{lk.field}", lang)
    key = "ambiguous" if lk.status == "ambiguous" else "not_found"
    out = [t(f"lookup.{key}", lang, q=lk.query, what=what)]
    if lk.candidates:
        if key == "not_found":
            out.append(t("lookup.near", lang))
        for c in lk.candidates:
            doc = c.doc
            hint = t("lookup.hint", lang, x=doc.hint) if doc.hint else ""
            out.append(t("lookup.row", lang, id=doc.id, name=doc.name, hint=hint))
    fb = fallback_contact(d)
    if key == "not_found" and fb is not None:
        out.append(t("lookup.fallback", lang, dept=d.name_of(fb[0]), how=how(fb[1], lang)))
    return "\n".join(out) + "\n"


def fallback_contact(d: Directory) -> tuple[str, m.Contact] | None:
    """The registry's ``site.fallback`` and its first public way to reach it."""
    dep = d.departments.get(d.registry.site.fallback or "")
    if dep is None:
        return None
    for c in public_contacts(dep):
        if c.phone or c.email or c.url:
            return dep.id, c
    return None


def lookup_json(d: Directory, lk: Lookup, lang: str | None = None,
                now: dt.datetime | None = None, base_url: str | None = None
                ) -> dict[str, object]:
    if lk.answer is not None:
        return answer_json(d, lk.answer, lang, now, base_url)
    fb = fallback_contact(d)
    return {"status": lk.status, "field": lk.field, "query": lk.query,
            "candidates": [{"id": c.doc.id, "name": c.doc.name, "hint": c.doc.hint,
                            "score": round(c.score, 3)} for c in lk.candidates],
            "fallback": {"department": fb[0], "contact": _contact_json(fb[1], d, now)}
            if fb is not None else None}
