"""The registry as plain dicts, drawn from one seeded ``random.Random``.

:class:`Gen` keeps the shared state (ids, departments, districts, assets) and the small
helpers; the families of things it builds are mixins in ``people``, ``networks`` and
``minor``. ``build`` calls them in a fixed order: the output depends on that order."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from large.data import (
    BASIS_DOCS,
    BUILTIN_DUTIES,
    BUILTIN_TYPES,
    MINOR_SPECS,
    RESERVED,
    STATUS_WEIGHTS,
    SYLLABLES,
    check_id,
)
from large.minor import Minor
from large.networks import Networks, Plant
from large.people import Departments, Services


class Gen(Departments, Services, Networks, Plant, Minor):
    """The state shared by the builders, and the order they run in."""

    def __init__(self, seed: int, scale: float):
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.ids: set[str] = set()
        self.departments: list[dict] = []
        self.dept_by_id: dict[str, dict] = {}
        self.city_roles: dict[str, str] = {}
        self.districts: list[
            dict
        ] = []  # each: name, short, py, centre, roles{}, park, subdistricts
        self.escalation: list[dict] = []
        self.matters: list[dict] = []
        self.assets: dict[str, list[dict]] = {k: [] for k in ("roads", "power", "water", "other")}
        self.lamps: list[tuple] = []
        self.meters: list[tuple] = []
        self.valves: list[tuple] = []
        self.disputes: list[dict] = []
        self.disputed_handovers: list[tuple] = []  # (asset, handover, duty)

    def new_id(self, base: str) -> str:
        base = base[:60].rstrip("-")
        cand, n = base, 2
        while cand in self.ids or cand in RESERVED:
            cand = f"{base}-{n}"
            n += 1
        self.ids.add(check_id(cand))
        return cand

    def rand_date(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def two_syllables(self):
        a, b = self.rng.sample(SYLLABLES, 2)
        return a[0] + b[0], a[1] + b[1]

    def handover(self, kind: str, frm: str, to: str, duties=None, status=None, interim_p=0.75):
        rng = self.rng
        if status is None:
            status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
        since = self.rand_date(dt.date(2021, 3, 1), dt.date(2026, 10, 31))
        h: dict[str, Any] = {"from": frm, "to": to}
        if duties:
            h["duties"] = list(duties)
        h["status"] = status
        h["since"] = since
        if status != "accepted" or rng.random() < 0.6:
            h["due"] = since + dt.timedelta(days=rng.choice((90, 120, 180, 270, 365, 540)))
        if status != "accepted" and rng.random() < interim_p:
            h["interim"] = frm
        if rng.random() < 0.6:
            h["basis"] = rng.choice(BASIS_DOCS[kind])
        if status == "disputed":
            h["notes"] = "接收方认为设施未达到移交验收标准，双方对整改费用有争议。"
        elif status == "planned" and rng.random() < 0.3:
            h["notes"] = "待竣工验收后启动移交。"
        return h

    def maybe_drop_duty(self, duties: dict):
        # a few assets with a required duty nobody holds: a realistic responsibility gap
        if duties and self.rng.random() < 0.03:
            duties.pop(self.rng.choice(sorted(duties)))
        return duties

    def build(self):
        self.build_departments()
        self.build_escalation()
        self.build_matters()
        self.build_roads()
        self.build_power()
        self.build_water()
        self.build_facilities()
        self.build_minor()
        self.build_disputes()
        self.check_model()

    def check_model(self) -> None:
        """Fail when the registry would use an asset type or duty ``generator.model`` does not
        define as built-in (the generator writes no ``asset_types`` of its own)."""
        types = {a["type"] for xs in self.assets.values() for a in xs}
        types.update(t for mt in self.matters for t in mt.get("asset_types", ()))
        types.update(spec[2] for spec in MINOR_SPECS.values())
        duties = {d for xs in self.assets.values() for a in xs for d in a.get("duties") or ()}
        duties.update(mt["duty"] for mt in self.matters if mt.get("duty"))
        duties.update(spec[4] for spec in MINOR_SPECS.values())
        bad = sorted(types - BUILTIN_TYPES.keys()) + sorted(duties - BUILTIN_DUTIES)
        if bad:
            raise ValueError(f"not built into generator.model: {', '.join(bad)}")
        minor = {spec[2] for spec in MINOR_SPECS.values()}
        if any(not BUILTIN_TYPES[t][3] for t in minor):
            raise ValueError("a minor asset type of the generator is not minor in the model")
