"""The findings a public page may show: nothing that tells whether a department has internal
contacts (used by the site and by the staff build, whose gaps report is the same document)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from generator.checks.core import Finding, say
from generator.directory import Directory

_CONTACT_PATH = re.compile(r"departments\[(.+)\]\.contacts\[(\d+)\]")


def public_findings(d: Directory, findings: Sequence[Finding]) -> list[Finding]:
    """The findings the site shows: nothing about internal contacts.

    A stale internal contact is left out (staff see it in ``remit check``); a department
    without a public contact gets the same words and place whether it has internal
    contacts or none at all, so the page does not tell them apart. Used by the staff build
    too: the gaps report is the same document in both."""
    out: list[Finding] = []
    for f in findings:
        if f.kind == "stale-contact":
            mo = _CONTACT_PATH.match(f.diagnostic.path)
            dep = d.departments.get(mo.group(1)) if mo else None
            i = int(mo.group(2)) if mo else -1
            if dep is None or not 0 <= i < len(dep.contacts) or \
                    dep.contacts[i].visibility != "public":
                continue
        elif f.kind == "no-public-contact" and f.id in d.departments:
            dep = d.departments[f.id]
            node = dep.node
            marks = getattr(node, "marks", None)
            mark = marks.get("id") if marks else None
            line, col = (mark[0], mark[1]) if mark is not None else (
                getattr(node, "line", 0), getattr(node, "col", 0))
            msg = say("no_public_contact", id=dep.id, name=dep.name)
            diag = dataclasses.replace(
                f.diagnostic, line=line, col=col, path=f"departments[{dep.id}].contacts",
                message=msg.text("en"))
            f = dataclasses.replace(f, diagnostic=diag, say=msg)
        out.append(f)
    return out
