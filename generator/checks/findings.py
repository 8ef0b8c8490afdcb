"""Responsibility-gap findings (REGISTRY.md, "Checks"): warnings that ``--strict`` makes errors.

Each finding names the entity, points at the registry line to fix, and says what to do, in
English for ``remit check`` (``Finding.message``) and in the site's language for the pages
(``Finding.text(lang)``). Findings silenced with ``accepted_gaps`` are still reported,
marked accepted with the stated reason; they never count for ``--strict``.

Decisions (documented in the finding kinds below):

- an asset whose owner is inherited from an asset it is ``part_of`` is *not* unowned;
- a required duty counts as held when the asset or one of the assets it is part of names a
  holder; an owner alone does not hold a duty;
- a contact without its own ``verified`` date is as old as its department's ``verified``;
  with neither it is reported as never verified (same kind, ``stale-contact``);
- minor assets (lamps, meters, valves) are aggregated: one finding per kind, parent asset
  and source file, listing every member with its exact line (``Finding.members``);
- an ``accepted_gaps`` entry on an asset also covers its minor parts; on a department it
  covers the findings about that department (its contacts, responsibilities, and its place
  on escalation levels);
- an ``accepted_gaps`` entry that matches no finding (or names no finding kind) is itself a
  finding, ``stale-acceptance``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator import model as m
from generator.diagnostics import WARNING, Diagnostic
from generator.directory import Directory, days_overdue, public_contacts
from generator.i18n import duty_name
from generator.model.nodes import CsvRow, YMap, YSeq

# --- finding kinds -----------------------------------------------------------------------


class KindInfo(NamedTuple):
    zh: str  # title on the zh pages
    en: str  # title on the en pages and in `remit report`
    zh_help: str  # what it means and how to fix it, one sentence
    en_help: str


#: Every finding kind, in the order the report shows them (most urgent first).
KINDS: dict[str, KindInfo] = {
    "unowned-asset": KindInfo(
        "无产权单位的资产", "Assets with no owner",
        "资产本身和它所属的上级资产都没有写明产权单位。请补上 owner。",
        "Neither the asset nor any asset it is part of names an owner. Add owner."),
    "missing-duty": KindInfo(
        "必需职责无人承担", "Required duties nobody holds",
        "资产类型要求的职责（如养护、照明）在资产及其上级资产上都没有承担单位。"
        "请在 duties 下写明。",
        "A duty the asset type requires is held by nobody, even after inheritance. Name a "
        "holder under duties."),
    "shared-duty": KindInfo(
        "多家共担但未写明分工", "Duties shared with no stated split",
        "同一职责写了两家以上单位，却没有写明如何分工。请写明 split，或只保留一家。",
        "One duty names two or more departments but no split. State the split or name one."),
    "handover-no-interim": KindInfo(
        "移交未完成且无过渡期责任单位", "Handovers with no interim body",
        "移交尚未验收，又没有指定验收前由谁负责。请写明 interim。",
        "The handover is not accepted and nobody is named to answer meanwhile. Add interim."),
    "handover-overdue": KindInfo(
        "移交逾期", "Handovers past their due date",
        "移交已超过约定的完成期限仍未验收。请记录验收结果，或确定新的期限。",
        "The handover is past its due date and not accepted. Record the acceptance or set a "
        "new due date."),
    "dispute-unrecorded": KindInfo(
        "有争议的移交未登记争议", "Disputed handovers with no dispute record",
        "移交状态为“有争议”，但没有登记对应的职责争议。"
        "请在 disputes 中登记当事方、裁定单位和期限。",
        "The handover is disputed but no open dispute is recorded for it. Add a disputes "
        "entry with parties, arbiter and deadline."),
    "dispute-overdue": KindInfo(
        "职责争议逾期未裁定", "Open disputes past their deadline",
        "职责争议已超过裁定期限仍未解决。请记录裁定结果，或确定新的期限。",
        "The dispute is still open after its deadline. Record the decision or set a new "
        "deadline."),
    "matter-unroutable": KindInfo(
        "事项无法确定责任单位", "Matters that cannot be routed",
        "按事项的职责找不到承担单位，资产也没有产权单位，只能由首问单位兜底。请补上资产的职责或产权单位。",
        "For some assets of the matter's types nobody holds its duty and there is no owner; "
        "only the first contact can take it. Give those assets a holder or an owner."),
    "escalation-no-exit": KindInfo(
        "升级路径没有跳出首问单位", "Escalation paths that never leave the first contact",
        "升级路径的最后一级仍只是首问单位自己，逾期后没有更有权限的单位接手。请增加更高一级。",
        "The last level is only the office that first took the request, so nobody with more "
        "authority takes over. Add a higher level."),
    "escalation-no-contact": KindInfo(
        "升级层级的单位没有公开联系方式", "Escalation levels with no public contact",
        "升级路径某一级的单位没有公开联系方式，企业无法找到它。请为该单位补充公开联系方式。",
        "A department on an escalation level has no public contact. Add one."),
    "no-public-contact": KindInfo(
        "单位没有公开联系方式", "Departments with no public contact",
        "单位没有任何公开联系方式。请补充至少一个公开的电话、邮箱或网址。",
        "The department has no public contact. Add at least one public contact."),
    "stale-contact": KindInfo(
        "联系方式超期未核实", "Contacts not verified recently",
        "联系方式超过规定天数未核实，或从未核实。请核实后更新 verified 日期。",
        "The contact was not verified within the configured age, or never. Check it and "
        "update verified."),
    "lead-missing": KindInfo(
        "只写“指导、参与、协调”而未写明牵头单位", "Duties that only guide or coordinate",
        "职责描述只有“指导、参与、协调”，没有写明由谁牵头负责。"
        "请写明 lead，或写清本单位自己做什么。",
        "The responsibility only guides, participates in or coordinates and names no lead. "
        "Add lead, or say what this department does itself."),
    "stale-acceptance": KindInfo(
        "已失效的空白说明", "Acceptances that match no finding",
        "accepted_gaps 中说明接受的空白已经不存在（或写错了类型）。请删除这一条。",
        "An accepted_gaps entry matches no finding (or names no finding kind). Remove it."),
}

_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


def kind_title(kind: str, lang: str) -> str:
    info = KINDS.get(kind)
    if info is None:
        return kind
    return info.zh if lang == "zh" else info.en


def kind_help(kind: str, lang: str) -> str:
    info = KINDS.get(kind)
    if info is None:
        return ""
    return info.zh_help if lang == "zh" else info.en_help


# --- the finding ---------------------------------------------------------------------------


class Member(NamedTuple):
    """One asset of an aggregated finding, with its exact place in the registry."""

    id: str
    file: str
    line: int
    col: int = 0


def _new_member(values: tuple[str, str, int, int]) -> Member:
    return tuple.__new__(Member, values)  # type: ignore[type-var]


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # stable machine name, e.g. "handover-overdue" (see KINDS)
    entity: str  # "department" | "asset" | "matter" | "escalation" | "dispute"
    id: str  # id of the entity the finding is about
    diagnostic: Diagnostic  # where and what, with the fix
    accepted: str | None = None  # the stated reason when silenced by accepted_gaps
    #: The message in Chinese (the English one is ``diagnostic.message``).
    message_zh: str = ""
    #: Aggregated findings (minor assets, matters): every asset concerned, exactly.
    members: tuple[Member, ...] = ()
    #: Pages that show a badge for this finding: ("asset" | "department" | "matter" |
    #: "escalation" | "dispute", id). Minor assets point at their parent asset.
    targets: tuple[tuple[str, str], ...] = ()
    #: Days past a due date or deadline (handover-overdue, dispute-overdue), else 0.
    days: int = 0
    #: Where the accepted_gaps entry that silences it is (file, line), if accepted.
    accepted_at: tuple[str, int] | None = field(default=None)

    @property
    def message(self) -> str:
        return self.diagnostic.message

    def text(self, lang: str) -> str:
        """The message in ``lang`` (zh or en)."""
        return self.message_zh if lang == "zh" and self.message_zh else self.message

    @property
    def title(self) -> str:
        return kind_title(self.kind, "en")


def findings_for(findings: Iterable[Finding], entity: str, id: str,
                 include_accepted: bool = False) -> list[Finding]:
    """The findings to show as badges on the page of ``entity`` ``id`` (open ones only unless
    ``include_accepted``). For many pages build :func:`badge_index` once instead."""
    return [f for f in findings if (entity, id) in f.targets
            and (include_accepted or f.accepted is None)]


def badge_index(findings: Iterable[Finding], include_accepted: bool = False
                ) -> dict[tuple[str, str], list[Finding]]:
    """(entity, id) -> the findings shown on that page, in report order."""
    out: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.accepted is not None and not include_accepted:
            continue
        for t in f.targets:
            out[t].append(f)
    return dict(out)


def sort_key(f: Finding) -> tuple[Any, ...]:
    return (*f.diagnostic.sort_key(), f.kind)


# --- positions -----------------------------------------------------------------------------


def _pos(node: Any, key: str | None = None, at: str = "value") -> tuple[str, int, int]:
    """(file, line, col) of ``key`` in ``node`` (its value, or its key with at="key"), or of
    the mapping itself when the key is absent or None."""
    if node is None:
        return "", 0, 0
    file = getattr(node, "file", "")
    if key is not None and isinstance(node, YMap) and key in node.marks:
        line, col = node.key_pos(key) if at == "key" else node.value_pos(key)
        return file, line, col
    if key is not None and hasattr(node, "header_index"):  # a CSV row: the column if mapped
        line, col = node.value_pos(key)
        return file, line, col
    return file, getattr(node, "line", 0), getattr(node, "col", 0)


def _item_pos(node: Any, key: str, index: int) -> tuple[str, int, int]:
    """Position of item ``index`` of the list at ``node[key]`` (or of the value if scalar)."""
    seq = node.get(key) if isinstance(node, dict) else None
    if isinstance(seq, YSeq):
        line, col = seq.item_pos(index)
        return getattr(seq, "file", ""), line, col
    return _pos(node, key)


def _start(node: Any) -> tuple[str, int, int]:
    """Where an entry starts: its ``id`` key (or its first key, or the CSV row)."""
    if node is None:
        return "", 0, 0
    if node.__class__ is YMap:
        mark = node.marks.get("id")
        if mark is not None:
            return node.file, mark[0], mark[1]
    return getattr(node, "file", ""), getattr(node, "line", 0), getattr(node, "col", 0)


def line_ranges(lines: Iterable[int], limit: int = 8) -> str:
    """``[3, 4, 5, 9]`` -> ``3-5, 9`` (at most ``limit`` pieces, then an ellipsis)."""
    xs = sorted(set(lines))
    parts: list[str] = []
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] == xs[j] + 1:
            j += 1
        parts.append(str(xs[i]) if i == j else f"{xs[i]}-{xs[j]}")
        i = j + 1
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + ", ..."
    return ", ".join(parts)


def _eg(ids: list[str], n: int = 3) -> str:
    return ", ".join(ids[:n]) + (", ..." if len(ids) > n else "")


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


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


# --- the checker ------------------------------------------------------------------------------


class _Raw(NamedTuple):
    """A finding before acceptance and aggregation."""

    kind: str
    entity: str
    id: str
    pos: tuple[str, int, int]
    path: str
    en: str
    zh: str
    ids: tuple[str, ...]
    accept_on: tuple[tuple[str, str], ...]  # entries whose accepted_gaps may silence it
    targets: tuple[tuple[str, str], ...]
    days: int = 0
    members: tuple[Member, ...] = ()


#: A finding about a minor asset before merging: the asset, its position, and how to make
#: the full finding (only called when the asset is alone in its group).
_Lite = tuple[m.Asset, tuple[str, int, int], Callable[[], _Raw]]


def run_checks(d: Directory, today: dt.date | None = None, *,
               max_contact_age: int | None = None) -> list[Finding]:
    """Every responsibility-gap finding of the registry, in a stable order.

    ``today`` fixes the date (default: the directory's); ``max_contact_age`` overrides
    ``site.checks.contact_max_age_days`` (default 365).
    """
    return _Checker(d, today or d.today, max_contact_age).run()


class _Checker:
    def __init__(self, d: Directory, today: dt.date, max_age: int | None) -> None:
        self.d = d
        self.today = today
        self.lang = d.registry.site.language
        checks = d.registry.site.checks
        if max_age is None:
            max_age = checks.contact_max_age_days if checks else 365
        self.max_age = max_age
        self.raw: list[_Raw] = []
        # minor asset findings: group key -> list of (member raw finding)
        self.groups: dict[tuple[Any, ...], list[_Lite]] = defaultdict(list)
        self._owner: dict[str, str | None] = {}
        self._covered: dict[str, frozenset[str]] = {}
        self._asset_targets: dict[int, tuple[Any, tuple[tuple[str, str], ...]]] = {}
        self._order: dict[str, int] = {}
        self._members: dict[str, Member] = {}
        self._home: dict[str, str | None] = {}
        # (entity, id) -> [(entry, index, path)] of every accepted_gaps entry
        self.accepted: dict[tuple[str, str], list[tuple[m.AcceptedGap, int, str]]] = \
            defaultdict(list)
        for dep in d.registry.departments:
            for i, g in enumerate(dep.accepted_gaps):
                self.accepted[("department", dep.id)].append((g, i, f"departments[{dep.id}]"))
        for a in d.registry.assets:
            for i, g in enumerate(a.accepted_gaps):
                self.accepted[("asset", a.id)].append((g, i, f"assets[{a.id}]"))
        self.accept_kinds = self._kinds()
        self.minor_types = {t.id for t in d.registry.asset_types if t.minor}

    def _kinds(self) -> dict[tuple[str, str], set[str]]:
        return {k: {g.finding for g, _, _ in v} for k, v in self.accepted.items()}

    def acceptor(self, keys: Iterable[tuple[str, str]], kind: str) -> tuple[str, str] | None:
        """The first of ``keys`` whose accepted_gaps accept ``kind``."""
        if not self.accepted:
            return None
        for key in keys:
            kinds = self.accept_kinds.get(key)
            if kinds and kind in kinds:
                return key
        return None

    # --- helpers ----------------------------------------------------------------------

    def dn(self, dep: str | None) -> str:
        return self.d.name_of(dep)

    def an(self, asset_id: str) -> str:
        a = self.d.assets.get(asset_id)
        return a.name if a else asset_id

    def add(self, r: _Raw) -> None:
        self.raw.append(r)

    def minor(self, a: m.Asset) -> bool:
        return a.type in self.minor_types

    def home(self, a: m.Asset) -> str | None:
        """The asset whose page shows ``a``: itself, or for a minor asset the nearest major
        asset it is part of (None when there is none)."""
        if a.type not in self.minor_types:
            return a.id
        if not a.part_of:
            return None
        if a.part_of in self._home:
            return self._home[a.part_of]
        found = next((p.id for p in self.d.ancestors(a) if p.type not in self.minor_types),
                     None)
        self._home[a.part_of] = found
        return found

    def parent_target(self, a: m.Asset) -> tuple[tuple[str, str], ...]:
        """Badge target of an asset: the page that shows it (see ``home``)."""
        home = self.home(a)
        return (("asset", home),) if home else ()

    def accept_keys(self, a: m.Asset) -> tuple[tuple[str, str], ...]:
        """Entries whose accepted_gaps may silence a finding about ``a``: its own, and for
        a minor asset its parent's and the nearest major asset's."""
        if a.type not in self.minor_types:
            return (("asset", a.id),)
        keys = dict.fromkeys([("asset", a.id)])
        if a.part_of:
            keys[("asset", a.part_of)] = None
        home = self.home(a)
        if home:
            keys[("asset", home)] = None
        return tuple(keys)

    def asset_finding(self, a: m.Asset, kind: str, pos: tuple[str, int, int],
                      build: Callable[[], _Raw], group: tuple[Any, ...] = ()) -> None:
        """Add the finding ``build()`` makes; findings about minor assets are only noted
        here and merged per kind, parent and file (``merge_groups``), so a source of
        90,000 lamps costs no message per lamp."""
        if a.type in self.minor_types:
            # members accepted by different entries (or not at all) stay in separate groups
            by = self.acceptor(self.accept_keys(a), kind) if self.accepted else None
            self.groups[(kind, a.part_of or "", pos[0], a.type, by, *group)].append(
                (a, pos, build))
        else:
            self.add(build())

    def owner_of(self, a: m.Asset) -> str | None:
        """Effective owner (own, else nearest parent's); memoised, cycle-safe."""
        cache = self._owner
        if a.id in cache:
            return cache[a.id]
        chain: list[m.Asset] = []
        seen: set[str] = set()
        cur: m.Asset | None = a
        found: str | None = None
        while cur is not None and cur.id not in seen:
            if cur.id in cache:
                found = cache[cur.id]
                break
            seen.add(cur.id)
            chain.append(cur)
            if cur.owner:
                found = cur.owner
                break
            cur = self.d.assets.get(cur.part_of) if cur.part_of else None
        for x in chain:
            if x.owner:
                found_here = x.owner
                cache[x.id] = found_here
            else:
                cache[x.id] = found
        # chain entries below the first owner inherit it; above it is not in the chain
        return cache[a.id]

    def covered(self, a: m.Asset) -> frozenset[str]:
        """Duties named on the asset or any asset it is part of; memoised, cycle-safe."""
        cache = self._covered
        got = cache.get(a.id)
        if got is not None:
            return got
        chain: list[m.Asset] = []
        seen: set[str] = set()
        cur: m.Asset | None = a
        base: frozenset[str] = frozenset()
        while cur is not None and cur.id not in seen:
            c = cache.get(cur.id)
            if c is not None:
                base = c
                break
            seen.add(cur.id)
            chain.append(cur)
            cur = self.d.assets.get(cur.part_of) if cur.part_of else None
        for x in reversed(chain):
            if x.duties:
                base = base | frozenset(x.duties)
            cache[x.id] = base
        return cache[a.id]

    # --- the checks -------------------------------------------------------------------

    def run(self) -> list[Finding]:
        self.check_assets()
        self.check_matters()
        self.check_escalation()
        self.check_departments()
        self.check_disputes()
        return self.finish()

    def check_assets(self) -> None:
        d = self.d
        for a in d.registry.assets:
            if self.owner_of(a) is None:
                self.unowned(a)
            # required duties nobody holds
            required = d.required_duties(a)
            if required:
                have = self.covered(a)
                missing = [x for x in required if x not in have]
                if missing:
                    self.missing_duty(a, missing)
            # duty claimed twice with no split
            for duty, h in (a.duties or {}).items():
                if len(h.by) > 1 and not h.split:
                    self.shared_duty(a, duty, h)
            # handovers
            if a.handover is not None:
                self.check_handover(a, a.handover)

    def unowned(self, a: m.Asset) -> None:
        node = a.node
        # a CSV row's column is found only when the finding is made (not for every lamp)
        pos = (node.file, node.line, 0) if node.__class__ is CsvRow else _start(node)
        self.asset_finding(a, "unowned-asset", pos, lambda: self.unowned_raw(a))

    def unowned_raw(self, a: m.Asset) -> _Raw:
        node = a.node
        pos = _pos(node, "owner") if node.__class__ is CsvRow else _start(node)
        ups = ", ".join(x.id for x in self.d.ancestors(a))
        up = f" nor does any asset it is part of ({ups})" if a.part_of else ""
        zup = "，所属的上级资产也没有" if a.part_of else ""
        return _Raw(
            "unowned-asset", "asset", a.id, pos, f"assets[{a.id}].owner",
            f"asset '{a.id}' has no owner{up}; add owner: <department id>",
            f"资产「{a.name}」没有写明产权单位{zup}；请补上 owner。",
            (a.id,), self.accept_keys(a), self.parent_target(a))

    def missing_duty(self, a: m.Asset, missing: list[str]) -> None:
        node = a.node
        path = f"assets[{a.id}]"
        dnode = node.get("duties") if isinstance(node, dict) else None
        if hasattr(node, "header_index"):
            pos = _pos(node, f"duties.{missing[0]}")
        elif isinstance(dnode, dict) and missing[0] in getattr(dnode, "marks", {}):
            pos = _pos(dnode, missing[0], at="key")  # written with no holder
        elif isinstance(dnode, dict):
            pos = _pos(node, "duties", at="key")
        else:
            pos = _start(node)
        names = ", ".join(missing)
        zh_names = "、".join(f"“{duty_name(x, 'zh')}”" for x in missing)
        word = "duty" if len(missing) == 1 else "duties"
        self.asset_finding(a, "missing-duty", pos, lambda: _Raw(
            "missing-duty", "asset", a.id, pos, f"{path}.duties.{missing[0]}",
            f"nobody holds the required {word} {names} of asset '{a.id}' (type {a.type}), "
            f"not even on an asset it is part of; add duties: {{{missing[0]}: "
            f"<department id>}}",
            f"资产「{a.name}」的必需职责{zh_names}无人承担（上级资产也没有写明）；"
            f"请在 duties 下写明承担单位。",
            (a.id,), self.accept_keys(a), self.parent_target(a)), tuple(missing))

    def shared_duty(self, a: m.Asset, duty: str, h: m.DutyHolding) -> None:
        node = a.node
        dnode = node.get("duties") if isinstance(node, dict) else None
        if isinstance(dnode, dict) and duty in getattr(dnode, "marks", {}):
            pos = _pos(dnode, duty, at="key")
        else:
            pos = _pos(node, f"duties.{duty}") if hasattr(node, "header_index") else \
                _start(node)
        by = ", ".join(h.by)
        zby = "、".join(self.dn(x) for x in h.by)
        self.asset_finding(a, "shared-duty", pos, lambda: _Raw(
            "shared-duty", "asset", a.id, pos, f"assets[{a.id}].duties.{duty}",
            f"duty {duty} of asset '{a.id}' is held by {by} with no stated split; write "
            f"{duty}: {{by: [...], split: <how it is split>}} or name one department",
            f"资产「{a.name}」的“{duty_name(duty, 'zh')}”职责由{zby}共同承担，但没有写明如何"
            f"分工；请写明 split，或只保留一家。",
            (a.id, *h.by), self.accept_keys(a),
            self.parent_target(a) + tuple(("department", x) for x in h.by)), (duty,))

    def check_handover(self, a: m.Asset, h: m.Handover) -> None:
        hn = h.node
        path = f"assets[{a.id}].handover"
        deps = tuple(dict.fromkeys(x for x in (h.from_, h.to, h.interim) if x))
        targets = self.parent_target(a) + tuple(("department", x) for x in deps)
        zh_state = {"planned": "计划移交", "in-progress": "移交中", "disputed": "有争议"}
        if h.status != "accepted" and not h.interim:
            pos = _pos(a.node, "handover", at="key")
            self.asset_finding(a, "handover-no-interim", pos, lambda: _Raw(
                "handover-no-interim", "asset", a.id, pos, f"{path}.interim",
                f"handover of '{a.id}' from '{h.from_}' to '{h.to}' is {h.status} and names no "
                f"interim body to answer until it is accepted; add interim: <department id>",
                f"资产「{a.name}」从{self.dn(h.from_)}移交给{self.dn(h.to)}尚未完成"
                f"（{zh_state.get(h.status, h.status)}），也没有指定验收前由谁负责；请写明 "
                f"interim（过渡期责任单位）。",
                (a.id, *deps), self.accept_keys(a), targets))
        late = days_overdue(h, self.today)
        if late:
            self.asset_finding(a, "handover-overdue", _pos(hn, "due"), lambda: _Raw(
                "handover-overdue", "asset", a.id, _pos(hn, "due"), f"{path}.due",
                f"handover of '{a.id}' to '{h.to}' is {late} days past its due date "
                f"{h.due}; record the acceptance or set a new due date",
                f"资产「{a.name}」移交给{self.dn(h.to)}已超过期限 {h.due} 共 {late} 天仍未"
                f"验收；请记录验收结果，或确定新的期限。",
                (a.id, *deps), self.accept_keys(a), targets, days=late))
        if h.status == "disputed":
            chain = (a, *self.d.ancestors(a))
            recorded = any(dp.status == "open" for x in chain
                           for dp in self.d.disputes_of_asset.get(x.id, ()))
            if not recorded:
                self.asset_finding(a, "dispute-unrecorded", _pos(hn, "status"), lambda: _Raw(
                    "dispute-unrecorded", "asset", a.id, _pos(hn, "status"),
                    f"{path}.status",
                    f"handover of '{a.id}' to '{h.to}' is disputed but no open dispute is "
                    f"recorded for '{a.id}'; add a disputes entry with parties, arbiter, "
                    f"deadline and interim",
                    f"资产「{a.name}」的移交有争议，但没有登记对应的职责争议；请在 disputes 中"
                    f"登记当事方、裁定单位、期限和过渡期责任单位。",
                    (a.id, *deps), self.accept_keys(a), targets))

    def check_matters(self) -> None:
        """Matters that cannot be routed for some asset of their types.

        Routing (routing.route) finds nobody when no asset in the chain names the matter's
        duty, none has an owner, no open handover covers the duty (its interim or builder
        answers), and no open dispute names an interim. Only assets with no effective owner
        can fail, so they are collected once per type, the candidates once per (type,
        duty), and each matter only looks again at the few candidates with open disputes:
        linear in the registry, whatever the number of matters.
        """
        d = self.d
        routed = [x for x in d.registry.matters if x.asset_types and not x.handled_by]
        if not routed:
            return
        unowned: dict[str, list[m.Asset]] = defaultdict(list)
        for a in d.registry.assets:
            if self.owner_of(a) is None:
                unowned[a.type].append(a)
        disputed = {dp.asset for dp in d.registry.disputes
                    if dp.status == "open" and dp.interim and dp.asset}
        # (type, duty) -> (acceptor -> (plain candidates, their members), maybe-disputed)
        Cands = tuple[dict[Any, tuple[list[m.Asset], tuple[Member, ...]]], list[m.Asset]]
        cache: dict[tuple[str, str], Cands] = {}

        def candidates(t: str, duty: str) -> Cands:
            got = cache.get((t, duty))
            if got is not None:
                return got
            plain: dict[Any, list[m.Asset]] = defaultdict(list)
            maybe: list[m.Asset] = []
            for a in unowned.get(t, ()):
                if duty and duty in self.covered(a):
                    continue
                found = d.applicable_handover(a, duty or None)
                if found is not None and found[1].status != "accepted":
                    continue
                if disputed and (a.id in disputed or
                                 any(p.id in disputed for p in d.ancestors(a))):
                    maybe.append(a)
                else:
                    by = self.acceptor(self.accept_keys(a), "matter-unroutable") \
                        if self.accepted else None
                    plain[by].append(a)
            groups = {k: (v, tuple(self.member(a) for a in v))
                      for k, v in plain.items()}
            cache[(t, duty)] = (groups, maybe)
            return cache[(t, duty)]

        for mt in routed:
            if any(dp.status == "open" and not dp.asset and dp.interim
                   for dp in d.disputes_of_matter.get(mt.id, ())):
                continue  # a dispute about the matter names who answers meanwhile
            duty = mt.duty or ""
            for ti, t in enumerate(mt.asset_types):
                groups, maybe = candidates(t, duty)
                extra: dict[Any, list[m.Asset]] = defaultdict(list)
                for a in maybe:
                    if not any(dp.interim for dp in d.open_disputes(a, mt)):
                        extra[self.acceptor(self.accept_keys(a), "matter-unroutable")].append(a)
                # assets that accept this gap (accepted_gaps: matter-unroutable) are
                # reported apart, accepted by their own entry
                for by in sorted({*groups, *extra},
                                 key=lambda k: (k is not None, k or ("", ""))):
                    bad, members = groups.get(by, ([], ()))
                    if extra.get(by):
                        if not self._order:
                            self._order = {x.id: i for i, x in enumerate(d.registry.assets)}
                        order = self._order
                        bad = sorted([*bad, *extra[by]], key=lambda x: order[x.id])
                        members = tuple(self.member(x) for x in bad)
                    if bad:
                        self.matter_unroutable(mt, ti, t, duty, bad, members, by)

    def matter_unroutable(self, mt: m.Matter, ti: int, t: str, duty: str,
                          bad: list[m.Asset], members: tuple[Member, ...],
                          by: tuple[str, str] | None) -> None:
        d = self.d
        ids = [a.id for a in bad[:4]]
        tname = d.asset_types[t].name if t in d.asset_types else t
        first = mt.first_contact
        fallback = f"; only the first contact '{first}' can take it" if first else \
            "; nobody can take it"
        zfall = f"只能由首问单位{self.dn(first)}兜底" if first else "无人可以受理"
        n = len(bad)
        en = (f"matter '{mt.id}' cannot be routed for {_plural(n, 'asset')} of type {t}, "
              f"e.g. {_eg(ids)}: nobody holds its duty {duty or '(none)'} there and "
              f"{'it has' if n == 1 else 'they have'} no owner{fallback}; give "
              f"{'it' if n == 1 else 'them'} an owner or a {duty or 'duty'} holder")
        zh = (f"事项「{mt.name}」在 {n} 处{tname}上找不到责任单位（如 {_eg(ids)}）：没有单位"
              f"承担“{duty_name(duty, 'zh')}”职责，也没有产权单位，{zfall}；请补上这些资产的"
              f"职责或产权单位。")
        key = id(members)
        if key not in self._asset_targets:
            found: dict[tuple[str, str], None] = {}
            for a in bad:
                for tg in self.parent_target(a):
                    found[tg] = None
            self._asset_targets[key] = (members, tuple(found))  # keep members alive
        targets = (("matter", mt.id), *self._asset_targets[key][1])
        self.add(_Raw("matter-unroutable", "matter", mt.id,
                      _item_pos(mt.node, "asset_types", ti),
                      f"matters[{mt.id}].asset_types[{ti}]",
                      en, zh, (mt.id, *ids[:3]), (by,) if by else (), targets,
                      members=members))

    def check_escalation(self) -> None:
        d = self.d
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
                    why = (f"the first contact of {_plural(len(matters), 'matter')} "
                           f"({_eg(matters)})") if matters else "its first level too"
                    self.add(_Raw(
                        "escalation-no-exit", "escalation", p.id, _pos(last.node, "who"),
                        f"escalation[{p.id}].levels[{li}].who",
                        f"escalation path '{p.id}' never leaves the first contact: its last "
                        f"level is only '{who}', which is {why}; add a level with a "
                        f"department that has authority to decide",
                        f"升级路径「{p.name}」的最后一级仍只是{self.dn(who)}，也就是首问单位"
                        f"本身，逾期后没有更有权限的单位接手；请增加更高一级。",
                        (p.id, who, *matters[:3]), (("department", who),),
                        (("escalation", p.id), ("department", who))))
            for i, lv in enumerate(p.levels):
                for j, who in enumerate(lv.who):
                    dep = d.departments.get(who)
                    if dep is None or public_contacts(dep):
                        continue
                    pos = _item_pos(lv.node, "who", j)
                    self.add(_Raw(
                        "escalation-no-contact", "escalation", p.id, pos,
                        f"escalation[{p.id}].levels[{i}].who",
                        f"department '{who}' on level {i + 1} of escalation path '{p.id}' has "
                        f"no public contact, so nobody can reach it at that step; add a public "
                        f"contact to '{who}' or put another department on this level",
                        f"升级路径「{p.name}」第 {i + 1} 级的{self.dn(who)}没有公开联系方式，"
                        f"企业无法联系；请为它补充公开联系方式，或换一个单位。",
                        (p.id, who), (("department", who),),
                        (("escalation", p.id), ("department", who))))

    def check_departments(self) -> None:
        for dep in self.d.registry.departments:
            node = dep.node
            path = f"departments[{dep.id}]"
            me = (("department", dep.id),)
            if not public_contacts(dep):
                internal = bool(dep.contacts)
                pos = _pos(node, "contacts", at="key") if internal else _start(node)
                self.add(_Raw(
                    "no-public-contact", "department", dep.id, pos, f"{path}.contacts",
                    f"department '{dep.id}' has "
                    f"{'only internal contacts' if internal else 'no contacts'}; add a public "
                    f"contact (phone, email or url) so people can reach it",
                    f"{dep.name}{'只有内部联系方式' if internal else '没有任何联系方式'}；"
                    f"请补充至少一个公开的电话、邮箱或网址。",
                    (dep.id,), me, me))
            for i, c in enumerate(dep.contacts):
                self.check_contact(dep, i, c)
            for i, r in enumerate(dep.responsibilities):
                if r.lead is None and only_guides(r.text):
                    self.add(_Raw(
                        "lead-missing", "department", dep.id, _pos(r.node, "text"),
                        f"{path}.responsibilities[{i}].text",
                        f"responsibility {i + 1} of '{dep.id}' (\"{_short(r.text)}\") only "
                        f"guides, participates in or coordinates and names no lead; add lead: "
                        f"<department id> or say what '{dep.id}' does itself",
                        f"{dep.name}的职责“{_short(r.text)}”只写了指导、参与或协调，没有写明"
                        f"由谁牵头；请写明 lead（牵头单位），或写清本单位自己做什么。",
                        (dep.id,), me, me))

    def check_contact(self, dep: m.Department, i: int, c: m.Contact) -> None:
        me = (("department", dep.id),)
        path = f"departments[{dep.id}].contacts[{i}]"
        public = c.visibility == "public"
        label = f"contact '{c.role}'" if public else f"internal contact {i + 1}"
        zlabel = f"联系方式“{c.role}”" if public else f"第 {i + 1} 个内部联系方式"
        when = c.verified or dep.verified
        if when is None:
            pos = _pos(c.node, "role", at="key")
            en = (f"{label} of '{dep.id}' has never been verified; check it and add verified: "
                  f"YYYY-MM-DD")
            zh = f"{dep.name}的{zlabel}从未核实；请核实后写明 verified 日期。"
        else:
            age = (self.today - when).days
            if age <= self.max_age:
                return
            if c.verified is not None:
                pos = _pos(c.node, "verified")
                src = "was last verified"
                zsrc = "最后核实于"
            else:
                pos = _pos(c.node, "role", at="key")
                src = "has no verified date; its department was last verified"
                zsrc = "没有核实日期，所在单位最后核实于"
            en = (f"{label} of '{dep.id}' {src} on {when}, {age} days ago (more than "
                  f"{self.max_age}); check it and update verified")
            zh = (f"{dep.name}的{zlabel}{zsrc} {when}，已过去 {age} 天（超过 {self.max_age} "
                  f"天）；请核实后更新 verified 日期。")
        self.add(_Raw("stale-contact", "department", dep.id, pos,
                      f"{path}.verified", en, zh, (dep.id,), me, me))

    def check_disputes(self) -> None:
        d = self.d
        for dp in d.registry.disputes:
            if dp.status != "open" or dp.deadline is None or dp.deadline >= self.today:
                continue
            late = (self.today - dp.deadline).days
            deps = tuple(dict.fromkeys((*dp.parties, *(x for x in (dp.arbiter,
                                                                     dp.interim) if x))))
            targets: list[tuple[str, str]] = [("dispute", dp.id)]
            accept: tuple[tuple[str, str], ...] = ()
            if dp.asset and dp.asset in d.assets:
                a = d.assets[dp.asset]
                targets.extend(self.parent_target(a))
                accept = self.accept_keys(a)
            if dp.matter:
                targets.append(("matter", dp.matter))
            targets.extend(("department", x) for x in deps)
            arb = f" '{dp.arbiter}'" if dp.arbiter else ""
            self.add(_Raw(
                "dispute-overdue", "dispute", dp.id, _pos(dp.node, "deadline"),
                f"disputes[{dp.id}].deadline",
                f"dispute '{dp.id}' is still open {late} days after its deadline "
                f"{dp.deadline}; have the arbiter{arb} record its decision (status: resolved, "
                f"outcome) or set a new deadline",
                f"职责争议 {dp.id}（{'、'.join(self.dn(x) for x in dp.parties)}）已超过裁定期限 "
                f"{dp.deadline} 共 {late} 天仍未解决；请{self.dn(dp.arbiter) or '裁定单位'}"
                f"记录裁定结果，或确定新的期限。",
                (dp.id, *([dp.asset] if dp.asset else []), *deps), accept, tuple(targets),
                days=late))

    # --- aggregation, acceptance, order ---------------------------------------------------

    def merge_groups(self) -> None:
        for key, lites in self.groups.items():
            if len(lites) == 1:
                self.add(lites[0][2]())
            else:
                self.add(self.merged(key, lites))

    def merged(self, key: tuple[Any, ...], lites: list[_Lite]) -> _Raw:
        kind, parent, type_, by, extra = key[0], key[1], key[3], key[4], key[5:]
        lites = sorted(lites, key=lambda x: (x[1][1], x[1][2], x[0].id))
        ids = [x[0].id for x in lites[:4]]
        n = len(lites)
        lines = line_ranges(x[1][1] for x in lites)
        tname = self.d.asset_types[type_].name if type_ in self.d.asset_types else type_
        where = f" of '{parent}'" if parent else ""
        zwhere = f"「{self.an(parent)}」下" if parent else ""
        what = {
            "unowned-asset": ("have no owner (nor does any asset they are part of)",
                              "fill their owner column or set owner for the whole source",
                              "没有产权单位", "请补上产权单位（owner 列，或资产来源的 set.owner）"),
            "missing-duty": (f"lack the required duty {', '.join(extra)}",
                             "name a holder in a duties column or in set.duties, or on the "
                             "parent",
                             f"缺少必需职责{'、'.join(duty_name(x, 'zh') for x in extra)}",
                             "请写明承担单位"),
            "shared-duty": (f"share duty {extra[0] if extra else ''} with no stated split",
                            "state the split or name one department",
                            "的职责由多家共担但未写明分工", "请写明 split"),
            "handover-no-interim": ("are in handovers with no interim body", "add interim",
                                    "处于移交中但没有过渡期责任单位", "请写明 interim"),
            "handover-overdue": ("are in handovers past their due date",
                                 "record the acceptance or set new due dates",
                                 "的移交已逾期", "请记录验收结果或确定新的期限"),
            "dispute-unrecorded": ("are in disputed handovers with no dispute record",
                                   "add disputes entries", "的移交有争议但未登记",
                                   "请登记职责争议"),
        }.get(kind, ("have findings", "see each line", "存在问题", "请逐条处理"))
        first = lites[0][2]()
        en = (f"{n} {type_} assets{where} {what[0]} (lines {lines}), e.g. {_eg(ids)}; "
              f"{what[1]}")
        zh = (f"{zwhere}{n} 个{tname}{what[2]}（第 {lines} 行，如 {_eg(ids)}）；{what[3]}。")
        targets: dict[tuple[str, str], None] = dict.fromkeys(first.targets)
        days = first.days
        if kind not in ("unowned-asset", "missing-duty"):  # per-member departments, days
            for x in lites[1:]:
                r = x[2]()
                targets.update(dict.fromkeys(r.targets))
                days = max(days, r.days)
        members = tuple(self.member(x[0], x[1]) for x in lites)
        return _Raw(kind, "asset", parent or first.id, first.pos, first.path, en, zh,
                    ((parent,) if parent else ()) + tuple(ids[:3]), (by,) if by else (),
                    tuple(targets), days, members)

    def member(self, a: m.Asset, pos: tuple[str, int, int] | None = None) -> Member:
        """The asset as a member of an aggregated finding (one object per asset)."""
        got = self._members.get(a.id)
        if got is None:
            got = self._members[a.id] = _new_member((a.id, *(pos or _start(a.node))))
        return got

    def finish(self) -> list[Finding]:
        accepted = self.accepted
        self.merge_groups()
        used: set[tuple[str, str, int]] = set()
        out: list[Finding] = []
        for r in self.raw:
            reason: str | None = None
            at: tuple[str, int] | None = None
            for key in r.accept_on:
                for g, i, _ in accepted.get(key, ()):
                    if g.finding == r.kind:
                        reason = " ".join(g.reason.split())
                        used.add((*key, i))
                        at = (_pos(g.node, "finding")[0], _pos(g.node, "finding")[1])
                        break
                if reason is not None:
                    break
            out.append(self.finding(r, reason, at))
        # acceptances that match nothing
        for key, entries in accepted.items():
            seen_kinds: dict[str, int] = {}
            for g, i, path in entries:
                pos = _pos(g.node, "finding")
                p = f"{path}.accepted_gaps[{i}].finding"
                entity, ent_id = key
                if g.finding not in KINDS:
                    from generator.load.validate import suggest

                    hint = suggest(g.finding, list(KINDS))
                    did = f" (did you mean '{hint}'?)" if hint else ""
                    en = (f"'{g.finding}' is not a finding kind{did}; use one of "
                          f"{', '.join(KINDS)}")
                    zh = f"“{g.finding}”不是一种空白类型；请改为正确的类型，或删除这一条。"
                elif g.finding in seen_kinds:
                    en = (f"{g.finding} is already accepted for {entity} '{ent_id}' by entry "
                          f"{seen_kinds[g.finding] + 1}; remove this duplicate")
                    zh = "同一类型的空白已在前面的条目中说明过；请删除这一条重复的说明。"
                elif (entity, ent_id, i) not in used:
                    en = (f"accepted gap {g.finding} of {entity} '{ent_id}' matches no finding "
                          f"any more; remove it (the gap is closed)")
                    zh = (f"说明接受的空白“{kind_title(g.finding, 'zh')}”已经不存在；请删除"
                          f"这一条。")
                else:
                    seen_kinds[g.finding] = i
                    continue
                seen_kinds.setdefault(g.finding, i)
                out.append(self.finding(_Raw(
                    "stale-acceptance", entity, ent_id, pos, p, en, zh, (ent_id,), (),
                    ((entity, ent_id),)), None, None))
        out.sort(key=sort_key)
        return out

    def finding(self, r: _Raw, reason: str | None, at: tuple[str, int] | None) -> Finding:
        file, line, col = r.pos
        diag = Diagnostic(WARNING, file, line, col, r.path, r.en, r.kind, r.ids)
        return Finding(r.kind, r.entity, r.id, diag, reason, r.zh, r.members, r.targets,
                       r.days, at)
