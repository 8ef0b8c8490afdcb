"""What every family of findings shares: the finding kinds, :class:`Finding`, positions in
the registry, and :class:`Raw`, a finding before acceptance and aggregation.

The families (``assets``, ``handovers``, ``matters``, ``escalation``, ``departments``,
``disputes``) import this module and :mod:`generator.checks.context`; ``findings`` chains
them. Nothing here knows a family.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator import model as m
from generator.diagnostics import Diagnostic
from generator.model.nodes import YMap, YSeq

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


def new_member(values: tuple[str, str, int, int]) -> Member:
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


def pos_of(node: Any, key: str | None = None, at: str = "value") -> tuple[str, int, int]:
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


def item_pos(node: Any, key: str, index: int) -> tuple[str, int, int]:
    """Position of item ``index`` of the list at ``node[key]`` (or of the value if scalar)."""
    seq = node.get(key) if isinstance(node, dict) else None
    if isinstance(seq, YSeq):
        line, col = seq.item_pos(index)
        return getattr(seq, "file", ""), line, col
    return pos_of(node, key)


def start_of(node: Any) -> tuple[str, int, int]:
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


def eg(ids: list[str], n: int = 3) -> str:
    return ", ".join(ids[:n]) + (", ..." if len(ids) > n else "")


def short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"



# --- before acceptance -----------------------------------------------------------------------


class Raw(NamedTuple):
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
Lite = tuple[m.Asset, tuple[str, int, int], Callable[[], Raw]]
