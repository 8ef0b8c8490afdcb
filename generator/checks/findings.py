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

The findings come from one module per family, chained in a fixed order (like Backstage's
one-policy-per-file ``EntityPolicies``): each family's ``check(ctx)`` yields its findings
before acceptance and aggregation (:class:`~generator.checks.core.Raw`), reading the shared
:class:`~generator.checks.context.Context`; :func:`generator.checks.accept.finish` then merges
minor assets, applies ``accepted_gaps`` and sorts. The order of the families changes nothing
in the output (the findings are sorted), only which walk fills the memoised caches first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from generator.checks.accept import finish
from generator.checks.assets import check as assets
from generator.checks.cases import check as cases
from generator.checks.context import Context
from generator.checks.core import (
    KINDS,
    Finding,
    Member,
    Raw,
    badge_index,
    findings_for,
    kind_help,
    kind_title,
    line_ranges,
    sort_key,
)
from generator.checks.departments import check as departments
from generator.checks.departments import only_guides
from generator.checks.disputes import check as disputes
from generator.checks.escalation import check as escalation
from generator.checks.handovers import check as handovers
from generator.checks.matters import after_hours
from generator.checks.matters import check as matters
from generator.directory import Directory

__all__ = [
    "FAMILIES", "KINDS", "Finding", "Member", "badge_index", "findings_for",
    "kind_help", "kind_title", "line_ranges", "only_guides", "run_checks", "sort_key",
]

#: The families of findings, in the order they run.
FAMILIES: tuple[Callable[[Context], Iterable[Raw]], ...] = (
    assets,
    handovers,
    matters,
    after_hours,
    escalation,
    departments,
    disputes,
    cases,
)


def run_checks(d: Directory, today: dt.date | None = None, *,
               max_contact_age: int | None = None) -> list[Finding]:
    """Every responsibility-gap finding of the registry, in a stable order.

    ``today`` fixes the date (default: the directory's); ``max_contact_age`` overrides
    ``site.checks.contact_max_age_days`` (default 365).
    """
    ctx = Context(d, today or d.today, max_contact_age)
    for family in FAMILIES:
        ctx.raw.extend(family(ctx))
    return finish(ctx)
