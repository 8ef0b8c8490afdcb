"""Pages of the responsibility-gap work: gaps report, handover dashboard, disputes register.

Initial version: empty; the gaps issue fills it in.
"""

from __future__ import annotations

from .checks import Finding
from .directory import Directory
from .outfile import OutFile


def gap_files(d: Directory, findings: list[Finding]) -> list[OutFile]:
    return []
