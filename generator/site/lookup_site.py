"""The site's "Who is responsible?" page: the page, its script and the data it fetches.

The page answers "who is responsible for matter M on asset A, and why" in the browser, from
a static host, with the same answer as ``remit lookup``. It never downloads the registry:
everything it reads is split into small JSON files fetched on demand (see
:func:`lookup_data`):

All of them sit in ``lookup/data/<version>/`` (``<version>``: a hash of their content), so a
cached manifest never meets newer shards:

``manifest.json``
    shard counts, asset types, duty names, the reason templates of
    :func:`generator.answers.routing.templates` (the CLI's own strings: one source) and the page's
    words;
``ix/m/*``, ``ix/a/*``
    the sharded indexes of matters and assets (:mod:`generator.answers.lookup_index`);
``mt/N.json``
    matters by id hash: name, fixed handler or duty, asset types, first contact, time limit,
    escalation path, disputes about the matter;
``as/N.json``
    per asset the *routing facts* after inheritance: the holder of every duty (and the asset
    it is written on), the effective owner, the handovers and open disputes on the asset and
    the assets it is part of, with the departments they mention (:func:`pack_facts`);
``dp/N.json``
    departments by id hash: name and public contacts (internal contacts never leave Python);
``es/N.json``
    escalation paths by id hash: each level's delay, departments with the one contact the
    CLI names for them (:func:`brief_record`) and action;
``sp/b/*``, ``sp/c/*``
    the spatial index for the lookup by place (:mod:`generator.answers.spatial_index`),
    with the rules' numbers of :mod:`generator.answers.nearby` in the manifest.

``lookup.js`` ports :func:`generator.answers.routing.route` over these facts and
:func:`generator.answers.matching.score` over the index entries; the browser tests check that the
page and the CLI give the same department and the same reasons for every matter and asset
of the example registry. A shard is chosen by ``fnv1a(id) % count``.

Every registry string reaches the page as JSON data and is inserted with ``textContent``.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator import model as m
from generator.answers.act_now import answers_at_night, urgent
from generator.answers.hours import parse_hours
from generator.answers.lookup_index import (
    IndexStats,
    asset_entry,
    build,
    dumps,
    fnv1a,
    matter_entry,
)
from generator.answers.matching import SCORING, asset_doc, matter_doc, search_vocabulary
from generator.answers.nearby import constants as near_constants
from generator.answers.report_message import editors
from generator.answers.routing import templates
from generator.answers.spatial_index import SpatialStats
from generator.answers.spatial_index import build as build_spatial
from generator.directory import (
    Directory,
    handover_order,
    handover_roles,
    public_contacts,
    shown_contacts,
)
from generator.outfile import OutFile
from generator.site.templating import front_matter, render
from generator.words import asset_type_name, duration_text, duty_name, table
from generator.words import t as word

ASSETS_DIR = Path(__file__).parent / "assets"
DATA = "lookup/data"
RECORD_TARGET = 2500  # bytes a record shard aims at
FORMAT = 1
MATTER_CAP, MATTER_PAGE = 12, 48

def words(lang: str) -> dict[str, str]:
    """The page's own words (``lookup_page.*``; registry text is never translated); a
    contact's web address and hours use the field's word."""
    return {**table("lookup_page", lang), "web": word("field.url", lang),
            "hours": word("field.hours", lang), "hint_sep": word("lookup.hint_sep", lang),
            "colon": word("answer.colon", lang)}


def site_settings(d: Directory) -> dict[str, Any]:
    """What the page's answers need of ``site``: ``fb`` the fallback department, ``age``
    the days after which a contact is marked stale (``checks.contact_max_age_days``),
    ``ed`` where corrections go (:func:`generator.answers.report_message.editors`)."""
    checks = d.registry.site.checks
    return {"fb": d.registry.site.fallback,
            "age": checks.contact_max_age_days if checks is not None else 365,
            "ed": editors(d)}


# --- records ------------------------------------------------------------------------------


def _iso(x: Any) -> str | None:
    return x.isoformat() if x is not None else None


def hours_rules(text: str | None) -> list[list[int]] | None:
    """Parsed hours as the page reads them (``lookup.js``, ``hoursOpen``): one
    ``[days, start, end, start, end...]`` per rule, ``days`` a bit mask (bit 0 Monday .. 6
    Sunday, 7 public holidays), minutes from midnight, no spans for ``off``; None for free
    text (:func:`generator.answers.hours.parse_hours`: one parser, in Python)."""
    h = parse_hours(text)
    if h is None:
        return None
    return [[sum(1 << day for day in r.days), *(x for span in r.spans for x in span)]
            for r in h.rules]


def contact_record(c: m.Contact) -> dict[str, Any]:
    """A contact as the page shows it (short keys; absent fields left out; ``i``: an
    internal contact, which only the staff build carries). For the answer's first line:
    ``hr`` its parsed hours (:func:`hours_rules`), ``nt`` it answers at night, ``sv`` the
    matters and duties it serves, ``v`` when it was last checked (the page counts the days
    from the visitor's clock)."""
    out: dict[str, Any] = {"r": c.role, "nm": c.name, "p": c.phone, "e": c.email,
                           "u": c.url, "a": c.address, "h": c.hours,
                           "i": 1 if c.visibility != "public" else None,
                           "hr": hours_rules(c.hours), "nt": 1 if answers_at_night(c) else None,
                           "sv": list(c.serves), "v": _iso(c.verified)}
    return {k: v for k, v in out.items() if v}


def department_record(dep: m.Department, internal: bool = False) -> dict[str, Any]:
    """A department's name and the contacts the page shows: the public ones, or all of
    them in the staff build (``internal``)."""
    return {"n": dep.name, "c": [contact_record(c) for c in shown_contacts(dep, internal)]}


def dispute_row(d: Directory, dp: m.Dispute) -> list[Any]:
    """``[id, asset name, matter, duty, parties, arbiter, interim]``."""
    an = d.assets[dp.asset].name if dp.asset and dp.asset in d.assets else None
    return [dp.id, an, dp.matter, dp.duty, list(dp.parties), dp.arbiter, dp.interim]


def _dispute_depts(dp: m.Dispute) -> list[str]:
    return [*dp.parties, *(x for x in (dp.arbiter, dp.interim) if x)]


def asset_facts(d: Directory, a: m.Asset) -> tuple[dict[str, Any], set[str]]:
    """The routing facts of one asset, and the departments they mention.

    ``d``: duty -> ``[holders, split, name of the asset it is written on if inherited]``;
    ``o``: ``[owner, name of the asset it is written on if inherited]``;
    ``h``: handovers on the asset and the assets it is part of, nearest first, and on one
    asset latest first, history left out (:func:`current_handovers`: the first that
    covers a duty is the one that applies to it):
    ``[asset name, from, to, duties, status, since, due, interim]``;
    ``p``: open disputes on them (:func:`dispute_row`).
    """
    deps: set[str] = set()
    duties: dict[str, Any] = {}
    for duty, held in sorted(d.effective_duties(a).items()):
        by = list(held.holding.by)
        deps.update(by)
        duties[duty] = [by, held.holding.split,
                        d.assets[held.source].name if held.inherited else None]
    owner, where = d.effective_owner(a)
    o = None
    if owner:
        deps.add(owner)
        o = [owner, None if where == a.id or where is None else d.assets[where].name]
    hs: list[Any] = []
    ps: list[Any] = []
    for x in (a, *d.ancestors(a)):
        for h in current_handovers(x):
            hs.append([x.name, h.from_, h.to, list(h.duties), h.status, _iso(h.since),
                       _iso(h.due), h.interim])
            deps.update(y for y in (h.from_, h.to, h.interim) if y)
        for dp in d.disputes_of_asset.get(x.id, ()):
            if dp.status == "open":
                ps.append(dispute_row(d, dp))
                deps.update(_dispute_depts(dp))
    return {"n": a.name, "t": a.type, "d": duties, "o": o, "h": hs, "p": ps}, deps


def current_handovers(a: m.Asset) -> list[m.Handover]:
    """The handovers of ``a`` that still apply to some duty, latest first."""
    hs = a.all_handovers
    if len(hs) <= 1:
        return list(hs)
    roles = handover_roles(a)
    return [hs[i] for i in handover_order(hs) if not roles[i].history]


def matter_record(d: Directory, x: m.Matter, lang: str) -> tuple[dict[str, Any], set[str]]:
    """A matter as routing needs it, and the departments it mentions."""
    deps = {y for y in (x.handled_by, x.first_contact) if y}
    ps = []
    for dp in d.disputes_of_matter.get(x.id, ()):
        if dp.status == "open" and not dp.asset:
            ps.append(dispute_row(d, dp))
            deps.update(_dispute_depts(dp))
    path = d.paths.get(x.escalation) if x.escalation else None
    return {
        "n": x.name, "hb": x.handled_by, "du": x.duty, "at": list(x.asset_types),
        "fc": x.first_contact,
        "tl": duration_text(x.time_limit, lang) if x.time_limit else None,
        "es": [path.id, path.name] if path else None, "p": ps,
        **({"ur": 1} if urgent(x) else {}),
    }, deps


def path_record(d: Directory, p: m.EscalationPath, lang: str) -> dict[str, Any]:
    deps: dict[str, Any] = {}
    levels = []
    for lv in p.levels:
        levels.append([duration_text(lv.after, lang), lv.after.amount == 0, list(lv.who),
                       lv.action])
        for w in lv.who:
            if w in d.departments:
                deps[w] = brief_record(d.departments[w])
    return {"n": p.name, "l": levels, "dp": deps}


def brief_record(dep: m.Department) -> dict[str, Any]:
    """A body on a ladder as the CLI names it (``routing._brief``): its name and its first
    public phone, else its first public e-mail, with that contact's role."""
    cs = public_contacts(dep)
    c = next((c for c in cs if c.phone), None) or next((c for c in cs if c.email), None)
    if c is None:
        return {"n": dep.name, "c": []}
    return {"n": dep.name, "c": [{"r": c.role, "p": c.phone} if c.phone
                                 else {"r": c.role, "e": c.email}]}


def _names(d: Directory, ids: Iterable[str]) -> dict[str, str]:
    return {i: d.departments[i].name for i in sorted(ids) if i in d.departments}


def _shard_records(prefix: str, records: list[tuple[str, dict[str, Any], set[str]]],
                   d: Directory | None, target: int = RECORD_TARGET
                   ) -> tuple[dict[str, bytes], int]:
    """Split ``(id, record, departments)`` into ``prefix/N.json`` by ``fnv1a(id) % n``.

    With ``d``, each shard is ``{"r": {id: record}, "n": {department: name}}``; without,
    it is ``{id: record}``."""
    total = sum(len(dumps(r)) + len(i) + 4 for i, r, _ in records)
    n = max(1, math.ceil(total / target))
    shards: list[dict[str, Any]] = [{} for _ in range(n)]
    shard_deps: list[set[str]] = [set() for _ in range(n)]
    for i, rec, deps in records:
        s = fnv1a(i) % n
        shards[s][i] = rec
        shard_deps[s] |= deps
    files = {}
    for s in range(n):
        body = {"r": shards[s], "n": _names(d, shard_deps[s])} if d is not None else shards[s]
        files[f"{prefix}/{s}.json"] = dumps(body)
    return files, n


def pack_facts(d: Directory, a: m.Asset, facts: dict[str, Any],
               dep_index: dict[str, int]) -> dict[str, Any]:
    """The facts as stored: asset names as indexes into ``c`` (the asset, then the assets it
    is part of, as far as needed) and departments as indexes into the shard's ``n`` list;
    empty parts left out. ``lookup.js`` (``unpackFacts``) restores :func:`asset_facts`."""
    chain = [a.name, *(x.name for x in d.ancestors(a))]

    def k(name: str | None) -> int:
        return 0 if name is None else chain.index(name)

    def dep(i: str | None) -> int | None:
        if i is None:
            return None
        if i not in dep_index:
            dep_index[i] = len(dep_index)
        return dep_index[i]

    used = 0
    out: dict[str, Any] = {"t": facts["t"]}
    duties = {}
    for duty, (by, split, src) in facts["d"].items():
        row: list[Any] = [[dep(x) for x in by], k(src)]
        used = max(used, row[1])
        if split:
            row.append(split)
        duties[duty] = row
    out["d"] = duties
    if facts["o"]:
        out["o"] = [dep(facts["o"][0]), k(facts["o"][1])]
        used = max(used, out["o"][1])
    if facts["h"]:
        out["h"] = [[k(on), dep(fr), dep(to), dus, st, since, due, dep(interim)]
                    for on, fr, to, dus, st, since, due, interim in facts["h"]]
        used = max(used, *(row[0] for row in out["h"]))
    if facts["p"]:
        out["p"] = [[i, None if an is None else k(an), mt, du, [dep(x) for x in parties],
                     dep(arb), dep(interim)]
                    for i, an, mt, du, parties, arb, interim in facts["p"]]
        used = max(used, *(row[1] or 0 for row in out["p"]))
    out["c"] = chain[:used + 1]
    return out


def _asset_shards(d: Directory, target: int = RECORD_TARGET) -> tuple[dict[str, bytes], int]:
    """``lookup/data/as/N.json``: ``{"r": {asset id: packed facts}, "n": [[id, name]...]}``."""
    assets = d.registry.assets
    facts = [asset_facts(d, a)[0] for a in assets]
    # the shard count from every 16th asset's size (the sizes are much alike)
    sample = [len(dumps(pack_facts(d, assets[i], facts[i], {}))) + len(assets[i].id) + 30
              for i in range(0, len(assets), 16)]
    n = max(1, math.ceil(sum(sample) / max(1, len(sample)) * len(assets) / target))
    groups: list[list[int]] = [[] for _ in range(n)]
    for i, a in enumerate(assets):
        groups[fnv1a(a.id) % n].append(i)
    files = {}
    for s, members in enumerate(groups):
        dep_index: dict[str, int] = {}
        recs = {assets[i].id: pack_facts(d, assets[i], facts[i], dep_index) for i in members}
        names = [[x, d.name_of(x)] for x in dep_index]
        files[f"{DATA}/as/{s}.json"] = dumps({"r": recs, "n": names})
    return files, n


def lookup_data(d: Directory, internal: bool = False
                ) -> tuple[dict[str, bytes], dict[str, IndexStats | SpatialStats]]:
    """Every data file of the page (paths under ``lookup/data``) and the index statistics;
    ``internal``: the staff build's, whose answers carry internal contacts too."""
    reg = d.registry
    lang = reg.site.language
    files: dict[str, bytes] = {}
    types = [[t.id, asset_type_name(t, lang)] for t in reg.asset_types]
    type_index = {t.id: i for i, t in enumerate(reg.asset_types)}

    vocab = search_vocabulary(d)
    mdocs = [matter_doc(x, vocab) for x in reg.matters]
    own = search_vocabulary(d, assets=True)
    adocs = [asset_doc(d, a, own) for a in reg.assets]
    # matter entries are long (aliases, keywords) and a few suffice: shorter lists
    mfiles, mman, mstats = build(mdocs, matter_entry, f"{DATA}/ix/m", cap=MATTER_CAP,
                                 page=MATTER_PAGE, listed=MATTER_CAP + 2 * MATTER_PAGE)
    afiles, aman, astats = build(adocs, lambda doc: asset_entry(doc, type_index),
                                 f"{DATA}/ix/a")
    files.update(mfiles)
    files.update(afiles)
    sfiles, sman, sstats = build_spatial(d, type_index, f"{DATA}/sp")
    files.update(sfiles)

    mrecs = []
    for x in reg.matters:
        rec, deps = matter_record(d, x, lang)
        mrecs.append((x.id, rec, deps))
    f, n_mt = _shard_records(f"{DATA}/mt", mrecs, d)
    files.update(f)

    f, n_as = _asset_shards(d)
    files.update(f)

    drecs: list[tuple[str, dict[str, Any], set[str]]] = [
        (dep.id, department_record(dep, internal), set()) for dep in reg.departments]
    f, n_dp = _shard_records(f"{DATA}/dp", drecs, None)
    files.update(f)

    erecs: list[tuple[str, dict[str, Any], set[str]]] = [
        (p.id, path_record(d, p, lang), set()) for p in reg.escalation]
    f, n_es = _shard_records(f"{DATA}/es", erecs, None)
    files.update(f)

    duties = table("duty", lang)
    for t in reg.asset_types:
        for du in t.duties:
            duties.setdefault(du, duty_name(du, lang))
    manifest = {
        "v": FORMAT, "lang": lang,
        "ix": {"m": mman, "a": aman},
        "n": {"mt": n_mt, "as": n_as, "dp": n_dp, "es": n_es},
        "types": types, "duties": duties,
        "t": templates(lang), "w": words(lang),
        "site": site_settings(d),
        "score": SCORING,
        "sp": sman, "near": near_constants(),
    }
    files[f"{DATA}/manifest.json"] = dumps(manifest)
    # what "report it" needs, fetched with lookup-report.js when a visitor asks for it
    files[f"{DATA}/report.json"] = dumps({"t": table("message", lang),
                                          "w": table("lookup_report", lang)})
    # one folder per content: a browser never mixes a cached manifest with newer shards
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode() + b"\0" + files[path] + b"\0")
    v = h.hexdigest()[:12]
    versioned = {p.replace(DATA + "/", f"{DATA}/{v}/", 1): b for p, b in files.items()}
    return versioned, {"matters": mstats, "assets": astats, "places": sstats}


def data_folder(files: dict[str, bytes] | list[OutFile]) -> str:
    """The data folder of these lookup files relative to the page (``data/<version>/``)."""
    paths = files if isinstance(files, dict) else [f.path for f in files]
    for path in paths:
        if path.startswith(DATA + "/") and path.endswith("/manifest.json"):
            return path[len("lookup/"):-len("manifest.json")]
    raise ValueError("no lookup/data/*/manifest.json among the files")


# --- the page -----------------------------------------------------------------------------


def _page_context(d: Directory, data: str, site_maps: bool = False) -> dict[str, Any]:
    reg = d.registry
    w = words(reg.site.language)
    m_example = reg.matters[0].name if reg.matters else ""
    majors = d.major_assets
    a_example = majors[0].name if majors else (reg.assets[0].name if reg.assets else "")
    return {"w": w, "data": data, "root": "../", "site_maps": site_maps,
            "what_hint": w["what_hint"].format(example=m_example) if m_example else "",
            "where_hint": w["where_hint"].format(example=a_example) if a_example else ""}


def page_html(d: Directory, data: str = "data/", site_maps: bool = False) -> str:
    """The page's HTML block: two labelled comboboxes, their listboxes, the place (the
    "use my location" button and a small map, drawn with the vendored Leaflet) and the
    answer; ``data`` is the data folder relative to the page (:func:`data_folder`);
    ``site_maps``: the site's map script and settings (tiles, words) are published too
    (a site build), so the map uses them."""
    return render("lookup_page.html.j2", **_page_context(d, data, site_maps))


def page_markdown(d: Directory, data: str = "data/") -> str:
    w = words(d.registry.site.language)
    return (front_matter(hide=("toc",)) + f"# {html.escape(w['title'])}\n\n"
            + page_html(d, data, site_maps=True))


def standalone_html(d: Directory, data: str = "data/") -> str:
    """The page as a plain HTML document (``lookup/index.html``) for a static host without
    MkDocs, and for tests and benchmarks that skip the site build; ``data`` as given by
    :func:`data_folder` for the files written next to it."""
    html_lang = word("lang.html", d.registry.site.language)
    return render("lookup_standalone.html.j2", html_lang=html_lang, **_page_context(d, data))


def shipped_js(name: str = "lookup.js") -> bytes:
    """``generator/site/assets/<name>`` without its comments and indentation (about a
    third smaller; nothing else changes: only whole comment lines and leading blanks
    go)."""
    out: list[str] = []
    in_block = False
    for line in (ASSETS_DIR / name).read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if in_block:
            in_block = "*/" not in s
            continue
        if s.startswith("/*"):
            in_block = "*/" not in s
            continue
        if not s or s.startswith("//"):
            continue
        out.append(s)
    return ("\n".join(out) + "\n").encode("utf-8")


def static_files() -> list[OutFile]:
    return [OutFile("lookup/lookup.js", shipped_js(), search=False),
            # the place lookup's code: fetched by lookup.js only when a place is asked for
            OutFile("lookup/lookup-place.js", shipped_js("lookup-place.js"), search=False),
            # "report it" and "suggest a correction": fetched when a visitor asks for them
            OutFile("lookup/lookup-report.js", shipped_js("lookup-report.js"), search=False),
            OutFile("lookup/lookup.css", shipped_css(), search=False)]


def shipped_css(name: str = "lookup.css") -> bytes:
    """``generator/site/assets/<name>`` without its comments, one rule a line, no white
    space around ``{ } ; ,`` or after ``:`` (the stylesheet holds no string with these in
    it)."""
    text = re.sub(r"/\*.*?\*/", "", (ASSETS_DIR / name).read_text(encoding="utf-8"),
                  flags=re.S)
    text = re.sub(r"\s*([{};,])\s*", r"\1", re.sub(r"\s+", " ", text)).strip()
    text = text.replace(": ", ":")
    return (text.replace("}", "}\n").replace(";}", "}") + "\n").encode("utf-8")


def lookup_files(d: Directory, internal: bool = False) -> list[OutFile]:
    """The page ``lookup/index.md``, its script and stylesheet, and all its data files
    (``internal``: the staff build's, see :func:`lookup_data`)."""
    w = words(d.registry.site.language)
    data, _ = lookup_data(d, internal)
    out = [OutFile("lookup/index.md", page_markdown(d, data_folder(data)), title=w["title"],
                   nav=True),
           *static_files()]
    out += [OutFile(p, b, search=False) for p, b in sorted(data.items())]
    return out
