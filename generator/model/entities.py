"""The registry model: frozen dataclasses for every entity of REGISTRY.md.

Each field carries its registry spelling, its kind and a one-line description in its
metadata (see :func:`spec`). Validation (``validate.py``), the JSON Schema
(``schema.py``) and the field reference in the docs are all derived from these
declarations, so there is exactly one place that says what a registry may contain.

Every entity keeps the mapping it was read from in ``node`` (file, line, column of every
key), so any later stage can point a message at the exact line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.model.kinds import (  # noqa: F401 - re-exported as m.Kind, m.fields_of...
    REF_KINDS,
    AnyMapKind,
    BoolKind,
    DateKind,
    DateSpanKind,
    DurationKind,
    DutiesKind,
    DutyKind,
    EmailKind,
    EnumKind,
    Field,
    GeometryKind,
    IdKind,
    IntKind,
    Kind,
    ListKind,
    ObjKind,
    PhoneKind,
    PointKind,
    RefKind,
    RefsKind,
    StrMapKind,
    TextKind,
    UrlKind,
    fields_of,
    spec,
    values_of,
)
from generator.model.nodes import MAX_FILE_BYTES, YMap

# --- field kinds (the classes live in kinds.py) --------------------------------------------

TEXT = TextKind()
MTEXT = TextKind(multiline=True)
ID = IdKind()
DUTY = DutyKind()
DATE = DateKind()
DATE_SPAN = DateSpanKind()
POINT = PointKind()
DURATION = DurationKind()
URL = UrlKind()
EMAIL = EmailKind()
PHONE = PhoneKind()
BOOL = BoolKind()
INT = IntKind()
GEOMETRY = GeometryKind()
DUTIES = DutiesKind()
STRMAP = StrMapKind()
ANYMAP = AnyMapKind()


def ref(kind: str) -> Kind:
    return RefKind(kind)


def refs(kind: str) -> Kind:
    """One id or a list of ids (``who: a`` or ``who: [a, b]``)."""
    return RefsKind(kind)


def listof(of: Kind | type) -> Kind:
    return ListKind(of)


def enum(*values: str) -> Kind:
    return EnumKind(values)


def obj(cls: type) -> Kind:
    return ObjKind(cls)


def _node() -> Any:
    return field(default=None, repr=False, compare=False, metadata={"internal": True})


#: Kinds of body every registry knows (``department_kinds`` may add more).
DEPARTMENT_KINDS = (
    "government", "committee", "office", "bureau", "service-centre", "state-owned-company",
    "utility", "private-operator", "party-organisation", "other",
)
HANDOVER_STATUSES = ("planned", "in-progress", "accepted", "disputed")
DISPUTE_STATUSES = ("open", "resolved")
#: What can happen to a case, in the words of its events.
CASE_EVENT_TYPES = ("received", "forwarded", "escalated", "consultation", "reply", "resolved",
                    "feedback", "reopened", "note")
CASE_RATINGS = ("satisfied", "neutral", "unsatisfied")
REQUESTER_KINDS = ("company", "person", "organisation")
LANGUAGES = ("zh", "en")

#: Ids the site uses for its own pages and folders.
RESERVED_IDS = frozenset({
    "index", "search", "assets", "departments", "matters", "escalation", "handovers",
    "disputes", "gaps", "lookup", "data", "changes", "404", "sitemap", "tags", "static",
    "javascripts", "stylesheets", "feed", "api", "new", "edit", "cases", "board", "articles",
    "map", "labels", "guide",
})

#: Duty names every registry knows; asset types may add more.
BUILTIN_DUTIES = (
    "maintenance", "operation", "energy-bill", "cleaning", "lighting", "inspection", "repair",
    "metering", "fire-safety", "greening", "supply", "billing", "security",
)


# --- small value types ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    """``3d``, ``4h`` or ``10 working days``."""

    amount: int
    unit: str  # "h", "d" or "wd"
    text: str

    def hours(self) -> int:
        """Lower bound in hours (a working day counts as one calendar day)."""
        return self.amount * (1 if self.unit == "h" else 24)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class DateSpan:
    """One day or a span of days, both ends included (``2026-10-01..2026-10-08``)."""

    start: dt.date
    end: dt.date
    text: str

    def days(self) -> tuple[dt.date, ...]:
        n = (self.end - self.start).days
        return tuple(self.start + dt.timedelta(days=i) for i in range(n + 1))

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class DutyHolding:
    """Who holds one duty on an asset: usually one department, or several with a split."""

    by: tuple[str, ...]
    split: str | None = None
    basis: str | None = None


# --- entities ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcceptedGap:
    finding: str = spec(TEXT, "The kind of finding that is accepted here, e.g. missing-duty.",
                        required=True)
    reason: str = spec(MTEXT, "Why this gap is accepted (shown in the report).", required=True)
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Checks:
    contact_max_age_days: int = spec(
        INT, "Contacts not verified within this many days are reported as stale.", default=365)
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a registry may grow before remit refuses it (defaults suit a large city)."""

    file_bytes: int = spec(
        INT, "Largest registry file (YAML, CSV or GeoJSON) in bytes; at most "
        f"{MAX_FILE_BYTES}.",
        default=50_000_000)
    name_chars: int = spec(
        INT, "Longest one-line text (names, titles, roles, addresses...) in characters.",
        default=200)
    text_chars: int = spec(
        INT, "Longest multi-line text (summaries, notes...) in characters.", default=20_000)
    url_chars: int = spec(INT, "Longest URL in characters.", default=2_000)
    csv_cells: int = spec(INT, "Most cells in one CSV row (the header included).",
                          default=200)
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Maps:
    """The site's maps (with no tiles: the registry's own geometry, no other host)."""

    tiles: str | None = spec(
        URL, "A tile server of the deployment's own, as a URL template with {z}, {x} and "
        "{y} (https://tiles.example.org/{z}/{x}/{y}.png); its host is added to the "
        "pages' Content-Security-Policy (img-src). Default: no tiles.")
    attribution: str | None = spec(TEXT, "The tiles' attribution, shown on every map "
                                   "(\"© 某某测绘\").")
    cluster_from: int = spec(
        INT, "The overview map groups its points per zoom level (clusters worked out at "
        "build time) from this many points on.", default=2000)
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working days: Monday to Friday, less the holidays, plus the make-up working days."""

    holidays: tuple[DateSpan, ...] = spec(
        listof(DATE_SPAN), "Days off on weekdays (public holidays): a date or a span "
        "2026-10-01..2026-10-08 (weekend days inside a span change nothing).", default=())
    workdays: tuple[DateSpan, ...] = spec(
        listof(DATE_SPAN), "Saturdays and Sundays that are working days (make-up days, 调休).",
        default=())
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Site:
    title: str = spec(TEXT, "Title of the site.", required=True)
    language: str = spec(enum(*LANGUAGES), "Language of the site and of generated text.",
                         default="zh")
    description: str | None = spec(MTEXT, "One or two sentences about the registry.")
    checks: Checks | None = spec(obj(Checks), "Settings of the responsibility-gap checks.")
    limits: Limits | None = spec(obj(Limits), "Size limits of the registry (defaults apply "
                                 "to what is not given).")
    map: Maps | None = spec(obj(Maps), "The site's maps: a tile server of the "
                                  "deployment's own, when to group points.")
    fallback: str | None = spec(ref("department"), "Who to call when a question finds no "
                                "matter: the hotline or the service centre.")
    editors: str | None = spec(EMAIL, "Where \"suggest a correction\" writes to: the "
                               "registry's editors (default: the first e-mail of the "
                               "fallback department; without either the link is not shown).")
    builtin_synonyms: bool = spec(BOOL, "Search with remit's bundled vocabulary of the site's "
                                  "language (驾照 finds 机动车驾驶证) as well as the "
                                  "registry's own synonyms; false: only the registry's.",
                                  default=True)
    calendar: Calendar | None = spec(obj(Calendar), "Holidays and make-up working days, for "
                                     "the cases' clock (working days are Monday to Friday "
                                     "otherwise).")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Responsibility:
    text: str = spec(MTEXT, "The duty in words.", required=True)
    basis: str | None = spec(TEXT, "Legal or policy basis (law, regulation, agreement).")
    lead: str | None = spec(ref("department"),
                            "Who leads, when this department only guides or coordinates.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Contact:
    role: str = spec(TEXT, "The role or team this contact reaches (诉求受理, 值班电话).",
                     required=True)
    name: str | None = spec(TEXT, "A person's name, if the contact is personal.")
    phone: str | None = spec(PHONE, "Phone number, quoted (\"0851-0000-0001\").")
    email: str | None = spec(EMAIL, "Email address.")
    url: str | None = spec(URL, "A web form or page for this contact (https).")
    address: str | None = spec(TEXT, "Street address or office.")
    hours: str | None = spec(TEXT, "Opening or service hours: `Mo-Fr 09:00-17:30; PH off`, "
                             "`24/7`, or the everyday forms `工作日 9:00-17:30`, `每天 "
                             "8:00-20:00`, `24 小时` (the answer then says whether it is open "
                             "now); other text is shown as written.")
    serves: tuple[str, ...] = spec(listof(TEXT), "The matters (ids) or duties this contact "
                                   "is for; an answer about anything else leaves it out. "
                                   "Default: everything.", default=())
    visibility: str = spec(enum("public", "internal"),
                           "public (default) or internal: internal contacts never reach the "
                           "public site.", default="public")
    verified: dt.date | None = spec(DATE, "When this contact was last checked.")
    notes: str | None = spec(MTEXT, "Anything else worth knowing.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Department:
    id: str = spec(ID, "Stable ASCII id (kebab-case); used in URLs.", required=True)
    name: str = spec(TEXT, "Official name.", required=True)
    aliases: tuple[str, ...] = spec(listof(TEXT), "Other names people use.", default=())
    kind: str = spec(ref("department_kind"), "What kind of body this is: a built-in kind "
                     f"({', '.join(DEPARTMENT_KINDS)}) or one declared in "
                     "department_kinds.", default="other")
    parent: str | None = spec(ref("department"), "The department this one belongs to.")
    summary: str | None = spec(MTEXT, "What this department does, in a few sentences.")
    responsibilities: tuple[Responsibility, ...] = spec(
        listof(Responsibility), "Its duties in words, each with an optional basis.", default=())
    contacts: tuple[Contact, ...] = spec(listof(Contact), "Ways to reach it.", default=())
    website: str | None = spec(URL, "Official website (https).")
    verified: dt.date | None = spec(DATE, "When this entry was last checked as a whole.")
    notes: str | None = spec(MTEXT, "Anything else worth knowing.")
    accepted_gaps: tuple[AcceptedGap, ...] = spec(
        listof(AcceptedGap), "Findings accepted here, with the reason.", default=())
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class DepartmentKind:
    id: str = spec(ID, "Stable id of the kind (street-office, village-committee...).",
                   required=True)
    name: str = spec(TEXT, "Name of the kind, as shown on the site (街道办事处).",
                     required=True)
    description: str | None = spec(MTEXT, "What counts as this kind of body.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class AssetType:
    id: str = spec(ID, "Stable id of the type (road, street-lamp...).", required=True)
    name: str = spec(TEXT, "Name of the type.", required=True)
    duties: tuple[str, ...] = spec(listof(DUTY),
                                   "Duties every asset of this type must have someone for.",
                                   default=())
    minor: bool = spec(BOOL, "Minor assets (lamps, meters) are rows on their parent's page, "
                       "not pages of their own.", default=False)
    description: str | None = spec(MTEXT, "What counts as this type.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Boundary:
    at: str = spec(TEXT, "Where the boundary lies: an asset id or a description.",
                   required=True)
    between: tuple[str, ...] = spec(listof(ref("department")),
                                    "The two departments on either side.", required=True,
                                    default=())
    notes: str | None = spec(MTEXT, "Details of the split.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Handover:
    from_: str = spec(ref("department"), "Who hands the asset over (usually the builder).",
                      required=True, key="from")
    to: str = spec(ref("department"), "Who takes it over.", required=True)
    duties: tuple[str, ...] = spec(listof(DUTY), "Duties handed over (default: all).",
                                   default=())
    status: str = spec(enum(*HANDOVER_STATUSES), "Where the handover stands.", required=True)
    since: dt.date | None = spec(DATE, "When the current status began.")
    due: dt.date | None = spec(DATE, "When the handover should be accepted.")
    interim: str | None = spec(ref("department"), "Who answers until the handover is accepted.")
    basis: str | None = spec(TEXT, "Agreement or decision the handover rests on.")
    notes: str | None = spec(MTEXT, "Details.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Asset:
    id: str = spec(ID, "Stable ASCII id (kebab-case).", required=True)
    name: str = spec(TEXT, "Name, as people say it.", required=True)
    aliases: tuple[str, ...] = spec(listof(TEXT), "Other names people use.", default=())
    type: str = spec(ref("asset_type"), "Asset type id.", required=True)
    part_of: str | None = spec(ref("asset"), "The larger asset this is part of.")
    location: str | None = spec(TEXT, "Where it is, in words.")
    geometry: dict[str, Any] | None = spec(GEOMETRY, "GeoJSON geometry, WGS84 lon/lat.")
    owner: str | None = spec(ref("department"), "Who owns it.")
    duties: dict[str, DutyHolding] = spec(DUTIES, "Duty name -> department holding it.",
                                          default=None)
    boundaries: tuple[Boundary, ...] = spec(listof(Boundary),
                                            "Where responsibility changes hands along it.",
                                            default=())
    handover: Handover | None = spec(obj(Handover), "Its transfer to another body, if any.")
    handovers: tuple[Handover, ...] = spec(
        listof(Handover), "Several handovers instead of one: by duty, and past ones kept as "
        "history (for each duty the latest by since applies).", default=())
    notes: str | None = spec(MTEXT, "Anything else worth knowing.")
    accepted_gaps: tuple[AcceptedGap, ...] = spec(
        listof(AcceptedGap), "Findings accepted here, with the reason.", default=())
    node: YMap | None = _node()

    @property
    def all_handovers(self) -> tuple[Handover, ...]:
        """Its handovers in file order, whichever way the registry wrote them (``handover``
        or ``handovers``; giving both is a loader error)."""
        return (self.handover,) if self.handover is not None else self.handovers

    def handover_path(self, i: int) -> str:
        """The registry key of its handover number ``i`` (0-based): ``handover`` or
        ``handovers[i]``."""
        return "handover" if self.handover is not None else f"handovers[{i}]"


@dataclass(frozen=True, slots=True)
class AssetSource:
    file: str = spec(TEXT, "CSV or GeoJSON file, relative to the registry folder.",
                     required=True)
    type: str = spec(ref("asset_type"), "Asset type of every row.", required=True)
    columns: dict[str, str] = spec(
        STRMAP, "Registry field -> column (CSV) or property (GeoJSON): id, name, part_of, "
        "owner, location, notes, lon, lat, duties.<duty>.", required=True, default=None)
    set: dict[str, Any] = spec(ANYMAP, "Constant fields for every row (owner, duties...).",
                               default=None)
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Level:
    after: Duration = spec(DURATION, "Time since intake when this level takes over.",
                           required=True)
    who: tuple[str, ...] = spec(refs("department"), "One department id or a list of them.",
                                required=True, default=())
    action: str | None = spec(MTEXT, "What this level does.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class EscalationPath:
    id: str = spec(ID, "Stable id of the path.", required=True)
    name: str = spec(TEXT, "Name of the path.", required=True)
    levels: tuple[Level, ...] = spec(listof(Level), "The ladder, in increasing time.",
                                     required=True, default=())
    notes: str | None = spec(MTEXT, "Anything else worth knowing.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Matter:
    id: str = spec(ID, "Stable ASCII id (kebab-case).", required=True)
    name: str = spec(TEXT, "The request as people put it (路灯不亮).", required=True)
    aliases: tuple[str, ...] = spec(listof(TEXT), "Other ways to say it.", default=())
    keywords: tuple[str, ...] = spec(listof(TEXT), "Words people search for.", default=())
    group: str | None = spec(TEXT, "Group on the matters index.")
    summary: str | None = spec(MTEXT, "What this matter covers.")
    url: str | None = spec(URL, "Its online guide or service (https): what to bring, where "
                           "to apply online.")
    handled_by: str | None = spec(ref("department"), "The department that handles it, "
                                  "whatever the asset.")
    asset_types: tuple[str, ...] = spec(listof(ref("asset_type")),
                                        "Asset types this matter concerns.", default=())
    duty: str | None = spec(DUTY, "Route to whoever holds this duty on the asset.")
    first_contact: str | None = spec(ref("department"), "Where people bring it first.")
    time_limit: Duration | None = spec(DURATION, "How long the handler has.")
    urgent: bool = spec(BOOL, "Someone must answer at any hour (a power cut, a gas leak); "
                        "also true when the time limit is a day or less. The answer then "
                        "names who answers out of hours, and the check warns when nobody "
                        "does.", default=False)
    escalation: str | None = spec(ref("escalation"), "Escalation path id.")
    basis: str | None = spec(TEXT, "Legal or policy basis.")
    notes: str | None = spec(MTEXT, "Anything else worth knowing.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Dispute:
    id: str = spec(ID, "Stable id of the dispute.", required=True)
    asset: str | None = spec(ref("asset"), "The asset in dispute.")
    matter: str | None = spec(ref("matter"), "The matter in dispute.")
    duty: str | None = spec(DUTY, "The duty in dispute.")
    parties: tuple[str, ...] = spec(listof(ref("department")), "The departments disagreeing.",
                                    required=True, default=())
    raised: dt.date | None = spec(DATE, "When the dispute was raised.")
    deadline: dt.date | None = spec(DATE, "When it should be decided.")
    arbiter: str | None = spec(ref("department"), "Who decides.")
    interim: str | None = spec(ref("department"), "Who answers until it is decided.")
    status: str = spec(enum(*DISPUTE_STATUSES), "open or resolved.", required=True)
    outcome: str | None = spec(MTEXT, "The decision, once made.")
    notes: str | None = spec(MTEXT, "Details.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Synonym:
    same: tuple[str, ...] = spec(listof(TEXT), "Words that mean the same: any of them finds "
                                 "an entry written with another ([驾照, 机动车驾驶证]).",
                                 default=())
    say: tuple[str, ...] = spec(listof(TEXT), "What people say ([开店]), with means: found "
                                "wherever one of the means words is written.", default=())
    means: tuple[str, ...] = spec(listof(TEXT), "The official words the say words stand for "
                                  "([个体工商户设立登记, 食品经营许可]).", default=())
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Requester:
    name: str | None = spec(TEXT, "Who raised it: a company's, organisation's or person's "
                            "name (shown only when public is true).")
    kind: str = spec(enum(*REQUESTER_KINDS), "company, person or organisation (the public "
                     "site says \"a company\" when the name is not public).",
                     default="company")
    public: bool = spec(BOOL, "The requester agreed to be named on the public site.",
                        default=False)
    contact: str | None = spec(TEXT, "How to reach them (a person, a phone); never public.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class CaseEvent:
    date: dt.date = spec(DATE, "When it happened.", required=True)
    type: str = spec(enum(*CASE_EVENT_TYPES), "What happened.", required=True)
    by: str | None = spec(ref("department"), "The department that did it.")
    to: tuple[str, ...] = spec(refs("department"), "Forwarded or escalated to: one "
                               "department id or a list.", default=())
    with_: tuple[str, ...] = spec(listof(ref("department")), "The departments at a joint "
                                  "consultation.", default=(), key="with")
    level: int | None = spec(INT, "Escalated events: the level of the matter's escalation "
                             "path now reached (1 = the first).")
    rating: str | None = spec(enum(*CASE_RATINGS), "Feedback events: the requester's "
                              "verdict.")
    text: str | None = spec(MTEXT, "What was done or said.")
    internal: bool = spec(BOOL, "Staff only: the whole event stays out of the public site "
                          "and the open data.", default=False)
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Case:
    """A request that came in: its matter, where, who raised it, what happened, the outcome."""

    id: str = spec(ID, "Stable ASCII id (kebab-case, e.g. c-2026-0007); used in URLs.",
                   required=True)
    title: str = spec(TEXT, "The request in one line.", required=True)
    matter: str = spec(ref("matter"), "The matter it is about.", required=True)
    asset: str | None = spec(ref("asset"), "The asset it concerns.")
    place: str | None = spec(TEXT, "Where, in words.")
    at: tuple[float, float] | None = spec(POINT, "Where, as [longitude, latitude] (default: "
                                          "the asset's place).")
    requester: Requester | None = spec(obj(Requester), "Who raised it.")
    received: dt.date = spec(DATE, "When it came in; the clock starts here.", required=True)
    tags: tuple[str, ...] = spec(listof(TEXT), "Words to browse by.", default=())
    events: tuple[CaseEvent, ...] = spec(listof(CaseEvent), "What happened, in date order.",
                                         default=())
    outcome: str | None = spec(MTEXT, "How it ended.")
    changed: tuple[str, ...] = spec(listof(ref("entity")), "Registry entities (ids) changed "
                                    "because of it.", default=())
    internal_notes: str | None = spec(MTEXT, "Staff only; never on the public site or in "
                                      "the open data.")
    node: YMap | None = _node()


@dataclass(frozen=True, slots=True)
class Registry:
    """Everything the registry says, validated. Lists keep the order of the files."""

    site: Site
    departments: tuple[Department, ...]
    asset_types: tuple[AssetType, ...]
    assets: tuple[Asset, ...]
    matters: tuple[Matter, ...]
    escalation: tuple[EscalationPath, ...]
    disputes: tuple[Dispute, ...]
    sources: tuple[AssetSource, ...]
    root: str = ""
    synonyms: tuple[Synonym, ...] = ()
    #: The built-in kinds, then the registry's own (one of those may rename a built-in).
    department_kinds: tuple[DepartmentKind, ...] = ()
    cases: tuple[Case, ...] = ()


#: Top-level sections of a registry file and the entity each list holds.
SECTIONS: dict[str, type] = {
    "departments": Department,
    "department_kinds": DepartmentKind,
    "asset_types": AssetType,
    "assets": Asset,
    "asset_sources": AssetSource,
    "matters": Matter,
    "escalation": EscalationPath,
    "disputes": Dispute,
    "synonyms": Synonym,
    "cases": Case,
}

BUILTIN_ASSET_TYPES: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("road", "道路", ("maintenance", "cleaning", "lighting"), False),
    ("road-section", "路段", (), False),
    ("power-line", "供电线路", ("operation", "maintenance"), False),
    ("water-line", "供水管线", ("operation", "maintenance"), False),
    ("gas-line", "燃气管线", ("operation", "maintenance"), False),
    ("heat-line", "供热管线", ("operation", "maintenance"), False),
    ("street-light-circuit", "路灯回路", ("maintenance", "lighting", "energy-bill"), False),
    ("metering-point", "计量点", ("metering", "billing"), False),
    ("facility", "设施", ("maintenance", "operation"), False),
    ("street-lamp", "路灯", (), True),
    ("meter", "计量表", (), True),
    ("valve", "阀门", (), True),
)
