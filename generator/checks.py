"""Responsibility-gap findings (REGISTRY.md, "Checks"): warnings that ``--strict`` makes errors.

Each finding names the entity, points at the registry line to fix, and says what to do.
Findings silenced with ``accepted_gaps`` are still reported, marked accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .diagnostics import WARNING, Diagnostic
from .directory import Directory, days_overdue


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # stable machine name, e.g. "handover-overdue"
    entity: str  # "department" | "asset" | "matter" | "escalation" | "dispute" | "contact"
    id: str  # id of the entity the finding is about
    diagnostic: Diagnostic  # where and what, with the fix
    accepted: str | None = None  # the stated reason when silenced by accepted_gaps

    @property
    def message(self) -> str:
        return self.diagnostic.message


def run_checks(d: Directory, today: dt.date | None = None) -> list[Finding]:
    """Every responsibility-gap finding of the registry, in a stable order."""
    today = today or d.today
    out: list[Finding] = []
    for a in d.registry.assets:
        h = a.handover
        if h is None or h.node is None:
            continue
        late = days_overdue(h, today)
        if late:
            line, col = h.node.value_pos("due")
            diag = Diagnostic(WARNING, h.node.file, line, col, f"assets[{a.id}].handover.due",
                              f"handover of '{a.id}' to '{h.to}' is {late} days past its due "
                              f"date {h.due}; record the acceptance or set a new due date",
                              "handover-overdue", (a.id,))
            out.append(Finding("handover-overdue", "asset", a.id, diag))
    out.sort(key=lambda f: f.diagnostic.sort_key())
    return out
