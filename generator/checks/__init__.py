"""The responsibility-gap checks and their reports for people and spreadsheets (``report``).

``findings`` chains one module per family of findings (``assets``, ``handovers``,
``matters``, ``escalation``, ``departments``, ``disputes``) over the shared ``context`` and
``core``; ``accept`` merges, accepts and sorts; ``public`` keeps what a public page may
show. Imports ``model``, ``directory``, ``words``, ``load.validate`` and ``publish.csv_safe``
(the latter only through ``report``).
"""

from generator.checks.findings import (
    KINDS,
    Finding,
    badge_index,
    findings_for,
    kind_help,
    kind_title,
    line_ranges,
    only_guides,
    run_checks,
)
from generator.checks.public import public_findings

__all__ = [
    "KINDS", "Finding", "badge_index", "findings_for", "kind_help", "kind_title",
    "line_ranges", "only_guides", "public_findings", "run_checks",
]
