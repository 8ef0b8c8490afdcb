"""Random cases (events of every type, dates, levels, ratings, reopenings) through the
loader, the clock, the figures and the exports: a located problem or a result, never an
exception; and the clock's invariants hold for every case the loader accepts."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from case_registry import BASE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import model as m
from generator.cases.clock import clock
from generator.cases.stats import by_department, by_matter, precedents
from generator.directory import Directory
from generator.load.registry import load
from generator.publish.cases_export import cases_table, open311_requests

DAY0 = dt.date(2026, 9, 20)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True

days = st.integers(0, 60).map(lambda n: DAY0 + dt.timedelta(days=n))
deps = st.sampled_from(["centre", "office", "bureau-a", "roads"])


def _mostly_valid(evs: list[dict]) -> list[dict]:
    """Events in date order, levels on escalations only and rising, ratings on feedback
    only, reopened after a resolution (a level the ladder lacks, or an escalation of a
    matter without a ladder, is left to chance, so both sides are exercised)."""
    out = sorted(evs, key=lambda e: e["date"])
    level, resolved = 1, False
    for e in out:
        if e["type"] == "escalated" and "level" in e:
            if e["level"] <= level:
                e["level"] = level + 1
            level = e["level"]
        else:
            e.pop("level", None)
        if e["type"] != "feedback":
            e.pop("rating", None)
        if e["type"] == "reopened" and not resolved:
            e["type"] = "note"
        resolved = e["type"] == "resolved" or (resolved and e["type"] != "reopened")
    return out


events = st.fixed_dictionaries(
    {"date": days, "type": st.sampled_from(m.CASE_EVENT_TYPES)},
    optional={"level": st.integers(1, 4),
              "to": st.one_of(deps, st.lists(deps, min_size=1, max_size=2)),
              "by": deps, "rating": st.sampled_from(m.CASE_RATINGS),
              "internal": st.booleans(),
              "text": st.text(st.characters(categories=("L", "N")), min_size=1, max_size=5),
              "with": st.lists(deps, max_size=3)})
cases = st.fixed_dictionaries(
    {"title": st.just("案"), "matter": st.sampled_from(["lamp", "days", "power", "plain"]),
     "received": st.just(DAY0), "events": st.lists(events, max_size=6).map(_mostly_valid)},
    optional={"asset": st.sampled_from(["road-1", "circ-1"]),
              "requester": st.fixed_dictionaries({}, optional={
                  "name": st.just("某公司"), "public": st.booleans(),
                  "kind": st.sampled_from(m.REQUESTER_KINDS), "contact": st.just("0851")}),
              "at": st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cases, min_size=1, max_size=4), days)
def test_random_cases_never_raise(items: list[dict], today: dt.date) -> None:
    for i, c in enumerate(items):
        c["id"] = f"c-{i}"
    folder = Path(tempfile.mkdtemp(prefix="remit-case-fuzz-"))
    try:
        (folder / "departments.yaml").write_text(BASE, encoding="utf-8")
        (folder / "cases.yaml").write_text(
            yaml.dump({"cases": items}, Dumper=_NoAliases, allow_unicode=True),
            encoding="utf-8")
        reg, diags = load(folder)
        if any(x.severity == "error" for x in diags):
            assert all(x.line > 0 for x in diags if x.file.endswith("cases.yaml"))
            return
        d = Directory(reg)
        for c in reg.cases:
            ck = clock(d, c, today)
            assert ck.status in ("open", "resolved")
            assert 1 <= ck.level_now <= len(ck.stages)
            assert 1 <= ck.level_due <= len(ck.stages)
            assert ck.overdue == (ck.days_overdue > 0)
            assert not (ck.overdue and ck.status == "resolved")
            starts = [s.planned_from for s in ck.stages]
            assert starts == sorted(starts) and starts[0] >= c.received
            if ck.days_to_resolve is not None:
                assert ck.days_to_resolve >= 0
        by_matter(d, today)
        by_department(d, today)
        for x in reg.matters:
            precedents(d, x.id, "road-1")
        open311_requests(d)
        cases_table(d)
    finally:
        shutil.rmtree(folder)
