"""From raw trees to the typed :class:`~generator.model.Registry`, collecting every problem.

Pass 1 (``shape.py``, re-exported here) checks the shape of every value against the field
declarations of ``model`` (types, required fields, unknown fields, ids, URLs, dates,
durations, YAML 1.1 surprises) and records every reference it sees; this module runs it over
each file's sections. Pass 2 resolves the references, finds duplicate ids,
``parent``/``part_of`` cycles and escalation ladders out of order. Nothing stops at the
first problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from generator import model as m
from generator.diagnostics import ERROR, WARNING, Diagnostic
from generator.load.shape import (  # noqa: F401 - the shape pass's API, re-exported
    CHECKERS,
    ID_RE,
    Container,
    Ctx,
    _short,
    build_obj,
    check_date,
    check_duration,
    check_duties,
    check_duty_name,
    check_email,
    check_geometry,
    check_id,
    check_lonlat,
    check_phone,
    check_text,
    check_url,
    check_value,
    describe,
    entity_word,
    parse_duration,
    raw_of,
    record_ref,
    shown,
    suggest,
    wrong_type,
)
from generator.model.nodes import MAX_FILE_BYTES, CsvRow, YMap, YSeq
from generator.words import name_of

# --- the whole registry -------------------------------------------------------------------


class Collected:
    """Raw entities from every file, before pass 2."""

    def __init__(self) -> None:
        self.site: m.Site | None = None
        self.lists: dict[str, list[Any]] = {name: [] for name in m.SECTIONS}


def section_path(section: str, idx: int, entity: Any) -> str:
    eid = getattr(entity, "id", None) if entity is not None else None
    return f"{section}[{eid or idx}]"


def collect_file(ctx: Ctx, root: Any, file: str, main: bool, into: Collected) -> None:
    """Pass 1 over one YAML file's tree."""
    if root is None:
        ctx.diags.append(Diagnostic(ERROR, file, 0, 0, "", "file is empty; a registry file "
                                    "holds a mapping with sections such as 'departments:'",
                                    "empty-file"))
        return
    if not isinstance(root, YMap):
        line, col = (root.line, root.col) if isinstance(root, YSeq) else (1, 1)
        ctx.diags.append(Diagnostic(ERROR, file, line, col, "", f"the file holds {describe(root)}"
                                    "; a registry file holds a mapping with sections such as "
                                    "'departments:' and 'assets:'", "top-level"))
        return
    allowed = set(m.SECTIONS) | ({"site"} if main else set())
    for k in root:
        if k not in allowed and not k.startswith("\x00"):
            if k == "site" and not main:
                msg = "'site' belongs in departments.yaml only; remove it from this file"
            else:
                best = suggest(k, sorted(allowed))
                hint = f"; did you mean '{best}'?" if best else ""
                msg = f"unknown section '{k}'{hint} (sections: {', '.join(sorted(allowed))})"
            ctx.error(root, k, k, msg, "unknown-field", at_key=True)
    if main:
        if "site" in root and root["site"] is not None:
            ctx.limits = read_limits(ctx, root["site"])
            site = build_obj(ctx, m.Site, root["site"], "site", root, "site")
            into.site = site and dataclasses.replace(site, limits=ctx.limits)
        else:
            ctx.error(root, None, "", "missing 'site:' (title and language of the site)",
                      "missing")
    for section, cls in m.SECTIONS.items():
        items = root.get(section)
        if items is None:
            continue
        if not isinstance(items, YSeq):
            wrong_type(ctx, root, section, section, f"a list of {section}", items)
            continue
        target = into.lists[section]
        for i, node in enumerate(items):
            path = f"{section}[{i}]"
            if isinstance(node, YMap):
                nid = node.get("id")
                if isinstance(nid, str) and ID_RE.match(nid):
                    path = f"{section}[{nid}]"
            ent = build_obj(ctx, cls, node, path, items, i)
            if ent is not None:
                target.append(ent)


def read_limits(ctx: Ctx, site: Any) -> m.Limits:
    """``site.limits``, read before anything else in the main file so that they hold for all
    of it (and for the fragments and sources after it); defaults for what is not given or
    not valid."""
    node = site.get("limits") if isinstance(site, YMap) else None
    if node is None:
        return m.Limits()
    got = build_obj(ctx, m.Limits, node, "site.limits", site, "limits")
    if got is None:
        return m.Limits()
    fixes: dict[str, int] = {}
    for f in m.fields_of(m.Limits):
        v = getattr(got, f.attr)
        if v == f.default:
            continue
        top = MAX_FILE_BYTES if f.key == "file_bytes" else 10 ** 9
        if not 1 <= v <= top:
            ctx.error(node, f.key, f"site.limits.{f.key}", f"{v} is not a limit; give a "
                      f"whole number from 1 to {top}", "bad-limit")
            fixes[f.attr] = f.default
    return dataclasses.replace(got, **fixes) if fixes else got


def finish(ctx: Ctx, col: Collected, root: str) -> m.Registry | None:
    """Pass 2: ids, references, cycles, ladders. Returns the registry (even with errors)."""
    site = col.site or m.Site(title="remit")
    types = {t[0]: m.AssetType(id=t[0], name=t[1], duties=t[2], minor=t[3])
             for t in m.BUILTIN_ASSET_TYPES}
    for t in col.lists["asset_types"]:
        types[t.id] = t
    ids: dict[str, dict[str, Any]] = {}
    for section in ("departments", "assets", "matters", "escalation", "disputes", "cases"):
        seen: dict[str, Any] = {}
        for ent in col.lists[section]:
            first = seen.get(ent.id)
            if first is not None:
                n = first.node
                ctx.error(ent.node, "id", f"{section}[{ent.id}].id",
                          f"duplicate id '{ent.id}' (first defined at {n.file}:"
                          f"{n.value_pos('id')[0]}); ids must be unique, rename one",
                          "duplicate-id", (ent.id,))
                continue
            seen[ent.id] = ent
        ids[section] = seen
    seen_types: dict[str, Any] = {}
    for t in col.lists["asset_types"]:
        if t.id in seen_types:
            ctx.error(t.node, "id", f"asset_types[{t.id}].id",
                      f"duplicate asset type '{t.id}' (first defined at line "
                      f"{seen_types[t.id].node.value_pos('id')[0]})", "duplicate-id", (t.id,))
        seen_types[t.id] = t
    ids["asset_types"] = types
    ids["entities"] = {k: v for section in ("departments", "assets", "asset_types", "matters",
                                            "escalation", "disputes", "cases")
                       for k, v in reversed(ids[section].items())}
    ids["department_kinds"] = department_kinds(ctx, col, site.language)
    for low, c, key, path in ctx.case_ids:
        section = path.split("[", 1)[0]
        other = ids.get(section, {}).get(low)
        if other is not None and other.node is not None:
            ctx.error(c, key, path, f"ids are unique ignoring case, and '{low}' is already "
                      f"defined at {other.node.file}:{other.node.value_pos('id')[0]}; "
                      "choose another id", "duplicate-id", (low,))

    known_duties = set(m.BUILTIN_DUTIES)
    for t in types.values():
        known_duties.update(t.duties)

    resolve_refs(ctx, ids)
    check_duty_names(ctx, col, known_duties)
    check_handover_forms(ctx, col)
    check_serves(ctx, col, set(ids["matters"]), known_duties)
    check_cycles(ctx, list(ids["departments"].values()), "parent", "departments", "parent")
    check_cycles(ctx, list(ids["assets"].values()), "part_of", "assets", "part_of")
    check_ladders(ctx, col.lists["escalation"])
    check_matters(ctx, col.lists["matters"])
    check_disputes(ctx, col.lists["disputes"])
    check_site_map(ctx, site)
    check_synonyms(ctx, col.lists["synonyms"])
    check_calendar(ctx, site)
    check_cases(ctx, list(ids["cases"].values()), ids)

    return m.Registry(
        site=site,
        departments=tuple(ids["departments"].values()),
        asset_types=tuple(types[k] for k in types),
        assets=tuple(ids["assets"].values()),
        matters=tuple(ids["matters"].values()),
        escalation=tuple(ids["escalation"].values()),
        disputes=tuple(ids["disputes"].values()),
        sources=tuple(col.lists["asset_sources"]),
        root=root,
        synonyms=tuple(col.lists["synonyms"]),
        department_kinds=tuple(ids["department_kinds"].values()),
        cases=tuple(ids["cases"].values()),
    )


def department_kinds(ctx: Ctx, col: Collected, lang: str) -> dict[str, m.DepartmentKind]:
    """The built-in kinds of body (named in the site's language), then the registry's own;
    a declared kind with a built-in id renames it."""
    kinds = {k: m.DepartmentKind(id=k, name=name_of("department_kind", k, lang))
             for k in m.DEPARTMENT_KINDS}
    seen: dict[str, m.DepartmentKind] = {}
    for k in col.lists["department_kinds"]:
        first = seen.get(k.id)
        if first is not None and first.node is not None:
            ctx.error(k.node, "id", f"department_kinds[{k.id}].id",
                      f"duplicate department kind '{k.id}' (first defined at "
                      f"{first.node.file}:{first.node.value_pos('id')[0]}); ids must be "
                      "unique, rename one", "duplicate-id", (k.id,))
            continue
        seen[k.id] = k
        kinds[k.id] = k
    return kinds


def check_calendar(ctx: Ctx, site: m.Site) -> None:
    """``site.calendar``: a make-up working day is a Saturday or Sunday, and no day is both
    a holiday and a working day."""
    cal = site.calendar
    if cal is None or cal.node is None:
        return
    off = {d for span in cal.holidays for d in span.days()}
    wnode = cal.node.get("workdays")
    for i, span in enumerate(cal.workdays):
        path = f"site.calendar.workdays[{i}]"
        for d in span.days():
            if d.weekday() < 5:
                ctx.error(wnode, i, path, f"{d.isoformat()} is a {d.strftime('%A')}, a working "
                          "day anyway; workdays lists the Saturdays and Sundays worked "
                          "(调休); remove it or fix the date", "calendar")
                break
            if d in off:
                ctx.error(wnode, i, path, f"{d.isoformat()} is also listed under holidays; a "
                          "day is either off or worked, remove it from one list", "calendar")
                break


def check_cases(ctx: Ctx, cases: list[m.Case], ids: dict[str, dict[str, Any]]) -> None:
    """Each case: events on or after ``received`` and in date order, levels that exist in
    the matter's ladder (escalated events give one, and raise the level), ratings on
    feedback only, a reopened case that was resolved; the asset's type among the matter's
    asset types (a warning: the request is real even when the registry files it under
    another matter)."""
    matters, paths, assets = ids["matters"], ids["escalation"], ids["assets"]
    for case in cases:
        path = f"cases[{case.id}]"
        matter = matters.get(case.matter)
        ladder = paths.get(matter.escalation) if matter and matter.escalation else None
        nlevels = len(ladder.levels) if ladder else 1
        asset = assets.get(case.asset) if case.asset else None
        if matter is not None and asset is not None and matter.asset_types \
                and asset.type not in matter.asset_types:
            file, line, col = ctx.pos(case.node, "asset")
            ctx.diags.append(Diagnostic(
                WARNING, file, line, col, f"{path}.asset",
                shown(f"asset '{asset.id}' is a {asset.type}, which matter '{matter.id}' does "
                      f"not concern (its asset types: {', '.join(matter.asset_types)}); check "
                      "the asset or the matter, or add the type to the matter's asset_types"),
                "case-asset-type", (case.id,)))
        # a case without a usable received date is reported already; its events are
        # checked against each other only
        prev: dt.date | None = case.received
        level, resolved = 1, False
        for i, ev in enumerate(case.events):
            epath = f"{path}.events[{i}]"
            if case.received is not None and ev.date < case.received:
                ctx.error(ev.node, "date", f"{epath}.date", f"the {ev.type} event on "
                          f"{ev.date.isoformat()} is before the case was received "
                          f"({case.received.isoformat()}); fix the date, or received",
                          "case-date-order", (case.id,))
            elif prev is not None and ev.date < prev:
                ctx.error(ev.node, "date", f"{epath}.date", f"the {ev.type} event on "
                          f"{ev.date.isoformat()} comes after an event of "
                          f"{prev.isoformat()}; list events in date order (move it up, or fix "
                          "the date)", "case-date-order", (case.id,))
            prev = ev.date if prev is None else max(prev, ev.date)
            if ev.type == "escalated":
                level = _check_level(ctx, case, ev, epath, matter, ladder, nlevels, level)
            elif ev.level is not None:
                ctx.error(ev.node, "level", f"{epath}.level", f"a {ev.type} event has no "
                          "level; only escalated events raise the case to a level of the "
                          "ladder (remove level, or make the event escalated)", "case-level",
                          (case.id,), at_key=True)
            if ev.rating is not None and ev.type != "feedback":
                ctx.error(ev.node, "rating", f"{epath}.rating", f"a {ev.type} event has no "
                          "rating; the requester's rating goes on a feedback event",
                          "case-rating", (case.id,), at_key=True)
            if ev.type == "resolved":
                resolved = True
            elif ev.type == "reopened":
                if not resolved:
                    ctx.error(ev.node, "type", f"{epath}.type", "reopened, but the case was "
                              "not resolved before it; add the resolved event first, or make "
                              "this a note", "case-reopened", (case.id,))
                resolved = False


def _check_level(ctx: Ctx, case: m.Case, ev: m.CaseEvent, epath: str, matter: m.Matter | None,
                 ladder: m.EscalationPath | None, nlevels: int, level: int) -> int:
    """An escalated event's level: given, on the matter's ladder, above the current one.
    Returns the case's level after it."""
    if ev.level is None:
        hint = (f": {nlevels}" if nlevels == 2 else f" (2..{nlevels})") if ladder and nlevels > 1 \
            else ""
        ctx.error(ev.node, None, epath, f"an escalated event says to which level of the "
                  f"matter's escalation path: add level{hint}", "case-level", (case.id,))
        return level
    if matter is None:
        return ev.level  # the unknown matter is reported already
    if ladder is None:
        ctx.error(ev.node, "level", f"{epath}.level", f"matter '{matter.id}' has no "
                  "escalation path, so the case has no level to reach; give the matter an "
                  "escalation path, or make the event forwarded", "case-level", (case.id,))
        return level
    if not 1 <= ev.level <= nlevels:
        ctx.error(ev.node, "level", f"{epath}.level", f"level {ev.level} is not on escalation "
                  f"path '{ladder.id}', which has levels 1..{nlevels}; give one of those",
                  "case-level", (case.id,))
        return level
    if ev.level <= level:
        fix = (f"give {level + 1}..{nlevels}" if level < nlevels
               else "the top level is reached; make the event a consultation or a reply")
        ctx.error(ev.node, "level", f"{epath}.level", f"escalated to level {ev.level}, but "
                  f"the case is at level {level} already; an escalation raises the level "
                  f"({fix})", "case-level", (case.id,))
        return level
    return ev.level


def check_site_map(ctx: Ctx, site: m.Site) -> None:
    """``site.map``: a tile URL is an http(s) template with {z}, {x} and {y} (else every
    map would stay blank); points are grouped from at least one."""
    mp = site.map
    if mp is None or mp.node is None:
        return
    url = mp.tiles
    if url is not None:
        missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
        if not url.startswith(("https://", "http://")):
            ctx.error(mp.node, "tiles", "site.map.tiles", "a tile server is an https:// (or "
                      "http://) URL template such as https://tiles.example.org/{z}/{x}/{y}.png",
                      "bad-tiles")
        elif missing:
            ctx.error(mp.node, "tiles", "site.map.tiles", "the tile URL template lacks "
                      f"{', '.join(missing)}; write it as https://HOST/PATH/{{z}}/{{x}}/{{y}}.png "
                      "(the zoom, column and row of each tile)", "bad-tiles")
    if mp.cluster_from < 1:
        ctx.error(mp.node, "cluster_from", "site.map.cluster_from",
                  f"{mp.cluster_from} points: give a whole number from 1 (every point grouped) "
                  "up", "bad-limit")


def check_serves(ctx: Ctx, col: Collected, matters: set[str], duties: set[str]) -> None:
    """A contact's ``serves`` names matters (ids) or duties."""
    pool = sorted(matters | duties)
    for dep in col.lists["departments"]:
        for i, c in enumerate(dep.contacts):
            node = c.node.get("serves") if c.node is not None else None
            for k, word in enumerate(c.serves):
                if word in matters or word in duties:
                    continue
                best = suggest(word, pool)
                hint = f"did you mean '{best}'? " if best else ""
                ctx.error(node if isinstance(node, YSeq) else c.node,
                          k if isinstance(node, YSeq) else "serves",
                          f"departments[{dep.id}].contacts[{i}].serves[{k}]",
                          f"'{word}' is no matter id or duty; {hint}serves lists the matters "
                          "(by id) or duties this contact is for", "unknown-ref", (word,))


def check_synonyms(ctx: Ctx, entries: list[m.Synonym]) -> None:
    """Each entry is either a ``same`` group of two or more words or ``say`` with
    ``means``; a word is said once in a group."""
    for i, e in enumerate(entries):
        path = f"synonyms[{i}]"
        node = e.node
        if e.same and (e.say or e.means):
            ctx.error(node, "same", f"{path}.same", "an entry is either a group of words "
                      "that mean the same (same: [...]) or what people say with what it "
                      "means (say: [...], means: [...]), not both; split it in two",
                      "synonym-shape", at_key=True)
        elif e.same:
            if len(e.same) < 2:
                ctx.error(node, "same", f"{path}.same", "a group needs two or more words; "
                          "add the words that mean the same", "synonym-shape")
        elif not (e.say and e.means):
            missing = "means" if e.say else "say"
            ctx.error(node, missing if missing in (node or {}) else None, path,
                      f"say what people type (say: [...]) and what it means (means: [...]); "
                      f"{missing} is missing or empty", "synonym-shape")
        for key in ("same", "say", "means"):
            seen: set[str] = set()
            for w in getattr(e, key):
                if w.casefold() in seen:
                    ctx.error(node, key, f"{path}.{key}", f"'{w}' is listed twice; remove "
                              "one", "synonym-duplicate")
                seen.add(w.casefold())


def resolve_refs(ctx: Ctx, ids: dict[str, dict[str, Any]]) -> None:
    names: dict[str, dict[str, str]] = {}
    for kind, ref_id, c, key, path in ctx.refs:
        section, word = m.REF_KINDS[kind]
        table = ids[section]
        if ref_id in table:
            continue
        if kind not in names:
            nm: dict[str, str] = {}
            for ent in table.values():
                for label in (getattr(ent, "name", None), *getattr(ent, "aliases", ())):
                    if label:
                        nm.setdefault(label, ent.id)
                        nm.setdefault(label.casefold(), ent.id)
            names[kind] = nm
        hit = names[kind].get(ref_id) or names[kind].get(ref_id.casefold())
        if not hit and not ref_id.isascii() and len(ref_id) >= 2:
            hits = sorted({i for label, i in names[kind].items() if ref_id in label})
            if len(hits) == 1:
                hit = hits[0]
        if hit:
            name = getattr(table[hit], "name", hit)
            hint = f"; did you mean '{hit}' ({name})? References use ids, not names"
        else:
            best = suggest(ref_id, list(table)) if ref_id.isascii() else None
            if best:
                hint = f" (did you mean '{best}'?)"
            elif ID_RE.match(ref_id):
                art = "an" if word[0] in "aeiou" else "a"
                hint = f"; add {art} {word} with id '{ref_id}' or fix the reference"
            else:
                hint = f"; references use the {word}'s id (a-z, 0-9, '-'), not its name"
        ctx.error(c, key, path, f"unknown {word} '{_short(ref_id)}'{hint}", "unknown-ref",
                  (ref_id,))


def check_duty_names(ctx: Ctx, col: Collected, known: set[str]) -> None:
    pool = sorted(known)

    def one(name: str, c: Any, key: Any, path: str) -> None:
        if name not in known:
            best = suggest(name, pool)
            hint = f"did you mean '{best}'? Otherwise " if best else ""
            ctx.error(c, key, path, f"unknown duty '{name}'; {hint}declare it in the duties "
                      "of an asset type (asset_types: - id: ... duties: [...])",
                      "unknown-duty", (name,))

    for a in col.lists["assets"]:
        if a.duties and a.node is not None and not isinstance(a.node, CsvRow):
            dnode = a.node.get("duties")
            for d in a.duties:
                if isinstance(dnode, YMap):
                    one(d, dnode, d, f"assets[{a.id}].duties.{d}")
        for j, h in enumerate(a.all_handovers):
            hn = h.node.get("duties") if h.node else None
            for i, d in enumerate(h.duties):
                if isinstance(hn, YSeq):
                    one(d, hn, i, f"assets[{a.id}].{a.handover_path(j)}.duties[{i}]")
    for mt in col.lists["matters"]:
        if mt.duty:
            one(mt.duty, mt.node, "duty", f"matters[{mt.id}].duty")
    for dp in col.lists["disputes"]:
        if dp.duty:
            one(dp.duty, dp.node, "duty", f"disputes[{dp.id}].duty")


def check_handover_forms(ctx: Ctx, col: Collected) -> None:
    """An asset writes its handover one way: ``handover`` (one) or ``handovers`` (a list)."""
    for a in col.lists["assets"]:
        if a.handover is not None and a.handovers and isinstance(a.node, YMap):
            ctx.error(a.node, "handovers", f"assets[{a.id}].handovers", "both handover and "
                      "handovers are given; an asset writes one of them", "handover-both",
                      (a.id,), at_key=True, hint="move the handover into the handovers list "
                      "as one more entry (- from: ...), then delete handover:")


def check_cycles(ctx: Ctx, items: list[Any], attr: str, section: str, key: str) -> None:
    link = {e.id: getattr(e, attr) for e in items}
    by_id = {e.id: e for e in items}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in link:
        if start in state:
            continue
        walk: list[str] = []
        cur: str | None = start
        while cur is not None and cur in link and cur not in state:
            state[cur] = 1
            walk.append(cur)
            cur = link[cur]
        if cur is not None and state.get(cur) == 1:
            cycle = walk[walk.index(cur):]
            first = min(cycle)
            i = cycle.index(first)
            cycle = cycle[i:] + cycle[:i]
            ent = by_id[first]
            shown = " -> ".join([*cycle, first])
            ctx.error(ent.node, key, f"{section}[{first}].{key}",
                      f"{key} cycle: {shown}; one of these must point elsewhere",
                      "cycle", tuple(cycle))
        for w in walk:
            state[w] = 2


def check_ladders(ctx: Ctx, paths: list[m.EscalationPath]) -> None:
    for p in paths:
        if not p.levels:
            continue
        prev: m.Level | None = None
        for i, lv in enumerate(p.levels):
            if prev is not None and lv.after.hours() <= prev.after.hours():
                ctx.error(lv.node, "after", f"escalation[{p.id}].levels[{i}].after",
                          f"level {i + 1} starts after {lv.after} but level {i} starts after "
                          f"{prev.after}; levels must come in increasing time", "ladder-order",
                          (p.id,))
            prev = lv


def check_matters(ctx: Ctx, matters: list[m.Matter]) -> None:
    for mt in matters:
        path = f"matters[{mt.id}]"
        if mt.handled_by and mt.duty:
            ctx.error(mt.node, "duty", f"{path}.duty", "give either handled_by or "
                      "asset_types + duty, not both", "routing", (mt.id,), at_key=True)
        elif not mt.handled_by and not mt.duty:
            ctx.error(mt.node, None, path, "the matter names no handler: add handled_by "
                      "(a department) or asset_types + duty", "routing", (mt.id,))
        elif mt.duty and not mt.asset_types:
            ctx.error(mt.node, "duty", f"{path}.duty", "a duty-routed matter needs "
                      "asset_types (which assets carry that duty)", "routing", (mt.id,),
                      at_key=True)


def check_disputes(ctx: Ctx, disputes: list[m.Dispute]) -> None:
    for d in disputes:
        if not d.asset and not d.matter:
            ctx.error(d.node, None, f"disputes[{d.id}]", "a dispute concerns an asset or a "
                      "matter: add asset: or matter:", "missing", (d.id,))
        if len(d.parties) < 2 and d.node is not None and "parties" in d.node:
            ctx.error(d.node, "parties", f"disputes[{d.id}].parties",
                      "a dispute has at least two parties", "missing", (d.id,))


__all__ = ["Ctx", "Collected", "build_obj", "collect_file", "finish"]
