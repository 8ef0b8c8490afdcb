"""What every family of findings shares: the finding kinds, :class:`Finding`, positions in
the registry, and :class:`Raw`, a finding before acceptance and aggregation.

The families (``assets``, ``handovers``, ``matters``, ``escalation``, ``departments``,
``disputes``, ``cases``) import this module and :mod:`generator.checks.context`; ``findings`` chains
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
from generator.words import name_of
from generator.words import t as word

# --- finding kinds -----------------------------------------------------------------------


#: Every finding kind, in the order the report shows them (most urgent first); titles and
#: help in the catalogue (``check.title.<kind>``, ``check.help.<kind>``).
KINDS: tuple[str, ...] = (
    "unowned-asset", "missing-duty", "shared-duty", "handover-no-interim", "handover-overdue",
    "handover-stale-duties", "handover-overlap", "dispute-unrecorded", "dispute-overdue",
    "case-overdue", "matter-unroutable",
    "escalation-no-exit", "escalation-no-contact", "no-public-contact", "stale-contact",
    "lead-missing", "stale-acceptance", "urgent-no-after-hours",
)

_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


def kind_title(kind: str, lang: str) -> str:
    return name_of("check.title", kind, lang)


def kind_help(kind: str, lang: str) -> str:
    return word(f"check.help.{kind}", lang) if kind in _KIND_ORDER else ""


class Say(NamedTuple):
    """A message as a catalogue key and its values, worded in any language on demand."""

    key: str
    kw: dict[str, Any]
    n: int | None = None

    def text(self, lang: str) -> str:
        return word(self.key, lang, self.n, **self.kw)


def say(key: str, n: int | None = None, **kw: Any) -> Say:
    """The message ``check.msg.<key>`` with its values (``n`` chooses the plural form)."""
    return Say(f"check.msg.{key}", kw, n)


def words(key: str, lang: str, n: int | None = None, **kw: Any) -> str:
    """A piece of a check message (``check.<key>``) in ``lang``."""
    return word(f"check.{key}", lang, n, **kw)


def joined(items: Iterable[str], lang: str) -> str:
    """``items`` joined the way ``lang`` lists things."""
    return word("check.list_sep", lang).join(items)


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
    #: The message, to word in any language (the English one is ``diagnostic.message``).
    say: Say | None = None
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
        """The message in ``lang``."""
        return self.say.text(lang) if self.say is not None else self.message

    @property
    def message_zh(self) -> str:
        return self.text("zh")

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
    msg: Say
    ids: tuple[str, ...]
    accept_on: tuple[tuple[str, str], ...]  # entries whose accepted_gaps may silence it
    targets: tuple[tuple[str, str], ...]
    days: int = 0
    members: tuple[Member, ...] = ()


#: A finding about a minor asset before merging: the asset, its position, and how to make
#: the full finding (only called when the asset is alone in its group).
Lite = tuple[m.Asset, tuple[str, int, int], Callable[[], Raw]]
