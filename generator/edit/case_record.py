"""``remit case new`` and ``remit case event``: a case recorded from the command line.

``new_case`` writes a new file ``cases/<id>.yaml`` (one file per case, so two people
recording cases at once never touch the same file) holding the case and its received
event; ``add_event`` appends one event to the case's file through ruamel.yaml's round trip,
so every other line (comments, quoting, flow or block style) keeps its bytes.

Both check the result before anything is written, like ``remit import``: the new or changed
file is put in a copy of the registry folder and the copy is loaded with
:func:`generator.load.registry.load`, so a case is accepted exactly when ``remit check``
accepts it, with the same messages, shown at the real file's lines. On any error nothing is
written; an existing case file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import model as m
from generator.diagnostics import ERROR, Diagnostic, sort_diagnostics
from generator.edit.merge import EditError, _new_map, _new_seq, _yaml, _yaml_scalar, read_yaml_file
from generator.load.registry import display_path, find_main, load
from generator.load.validate import ID_RE, suggest

#: Where ``remit case new`` puts a case, relative to the registry folder.
CASES_DIR = "cases"
_AUTO_ID = re.compile(r"^c-(\d{4})-(\d{4,})$")


@dataclass
class CaseWrite:
    """What a ``remit case`` command would write: ``files`` (path -> text, empty on any
    error), the problems found (located at the real files), and the case's id."""

    case_id: str
    files: dict[Path, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    new_file: bool = False

    @property
    def ok(self) -> bool:
        return not any(x.severity == ERROR for x in self.problems)


def _problem(where: str, message: str, code: str) -> Diagnostic:
    return Diagnostic(ERROR, where, 0, 0, "", message, code)


def next_case_id(reg: m.Registry, root: Path, year: int) -> str:
    """``c-YYYY-NNNN``: one more than the highest number of ``year`` among the registry's
    cases and the files under ``cases/`` (a file the registry could not read counts too)."""
    used = {c.id for c in reg.cases}
    folder = root / CASES_DIR
    if folder.is_dir():
        used.update(p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    top = max((int(mm[2]) for x in used if (mm := _AUTO_ID.match(x)) and int(mm[1]) == year),
              default=0)
    return f"c-{year}-{top + 1:04d}"


def _dump_new(doc: Any) -> str:
    y = _yaml()
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def _checked(root: Path, main: Path, texts: dict[Path, str], baseline: list[Diagnostic],
             ) -> list[Diagnostic]:
    """Load a copy of the registry with ``texts`` written into it; the errors, and the
    warnings the change adds, with the copy's paths turned back into the real ones."""
    with tempfile.TemporaryDirectory(prefix="remit-case-") as tmp:
        copy = Path(tmp) / root.name
        shutil.copytree(root, copy, symlinks=True)
        for p, s in texts.items():
            target = copy / os.path.relpath(p, root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(s.encode("utf-8"))
        _, diags = load(copy / os.path.relpath(main, root))
        copy_root, real_root = display_path(copy), display_path(root)
    old = {(x.code, x.path, x.message) for x in baseline}
    out = []
    for x in diags:
        if x.severity != ERROR and (x.code, x.path, x.message) in old:
            continue
        file = x.file.replace(copy_root, real_root, 1) if x.file.startswith(copy_root) \
            else x.file
        out.append(Diagnostic(x.severity, file, x.line, x.col, x.path, x.message, x.code,
                              x.ids))
    return sort_diagnostics(out)


def _load_clean(registry: Path) -> tuple[m.Registry, list[Diagnostic], Path, Path,
                                         list[Diagnostic]]:
    reg, base = load(registry)
    root, main = find_main(registry)
    errors = [x for x in base if x.severity == ERROR]
    return reg, base, root, main, errors


def new_case(registry: Path, *, matter: str, received: dt.date, asset: str | None = None,
             place: str | None = None, title: str | None = None,
             requester: str | None = None, requester_kind: str = "company",
             public: bool = False, contact: str | None = None,
             at: tuple[float, float] | None = None, case_id: str | None = None,
             ) -> CaseWrite:
    """A new case file with its received event (``by`` the matter's first contact)."""
    reg, base, root, main, errors = _load_clean(registry)
    if errors:
        return CaseWrite(case_id or "", problems=errors)
    cid = case_id or next_case_id(reg, root, received.year)
    out = CaseWrite(cid, new_file=True)
    path = root / CASES_DIR / f"{cid}.yaml"
    shown = display_path(path)
    known = {c.id: c for c in reg.cases}
    if cid in known:
        node = known[cid].node
        where = f"{node.file}:{node.value_pos('id')[0]}" if node is not None else "the registry"
        out.problems.append(_problem(shown, f"case '{cid}' exists already (at {where}); "
                                     "record what happened with remit case event, or give "
                                     "another --id", "case-exists"))
        return out
    if os.path.lexists(path):
        out.problems.append(_problem(shown, "exists already; remit case new never overwrites "
                                     "a file: give another --id", "case-exists"))
        return out
    mt = next((x for x in reg.matters if x.id == matter), None)
    an = next((a for a in reg.assets if a.id == asset), None) if asset else None
    if title is None:
        what = mt.name if mt is not None else matter
        title = f"{an.name}{what}" if an is not None else what
    doc = _new_map()
    case = _new_map()
    case["id"] = cid
    case["title"] = _yaml_scalar(title)
    case["matter"] = _yaml_scalar(matter)
    if asset:
        case["asset"] = _yaml_scalar(asset)
    if place:
        case["place"] = _yaml_scalar(place)
    if at is not None:
        pt = _new_seq()
        pt.extend(at)
        pt.fa.set_flow_style()
        case["at"] = pt
    if requester or contact or public or requester_kind != "company":
        q = _new_map()
        if requester:
            q["name"] = _yaml_scalar(requester)
        q["kind"] = requester_kind
        q["public"] = public
        if contact:
            q["contact"] = _yaml_scalar(contact, quote=True)
        case["requester"] = q
    case["received"] = received
    ev = _new_map()
    ev["date"] = dt.date.fromordinal(received.toordinal())  # another object: no YAML alias
    ev["type"] = "received"
    if mt is not None and mt.first_contact:
        ev["by"] = mt.first_contact
    events = _new_seq()
    events.append(ev)
    case["events"] = events
    cases = _new_seq()
    cases.append(case)
    doc["cases"] = cases
    text = _dump_new(doc)
    out.problems = _checked(root, main, {path: text}, base)
    if out.ok:
        out.files[path] = text
    return out


def add_event(registry: Path, case_id: str, *, type: str, date: dt.date,
              to: tuple[str, ...] = (), by: str | None = None, level: int | None = None,
              with_: tuple[str, ...] = (), rating: str | None = None, text: str | None = None,
              internal: bool = False) -> CaseWrite:
    """One event appended to the case's events, in its own file."""
    reg, base, root, main, errors = _load_clean(registry)
    out = CaseWrite(case_id)
    if errors:
        out.problems = errors
        return out
    case = next((c for c in reg.cases if c.id == case_id), None)
    if case is None or case.node is None:
        best = suggest(case_id, sorted(c.id for c in reg.cases))
        hint = f"; did you mean '{best}'?" if best else \
            " (remit case new records a new one)"
        out.problems.append(_problem(display_path(root), f"no case '{case_id}' in the "
                                     f"registry{hint}", "unknown-case"))
        return out
    path = Path(case.node.file)
    try:
        yf = read_yaml_file(root, path)
    except EditError as exc:
        out.problems.append(_problem(display_path(path), str(exc).split(": ", 1)[-1],
                                     "case-unreadable"))
        return out
    target = next((x for x in (yf.doc.get("cases") or ())
                   if hasattr(x, "get") and x.get("id") == case_id), None)
    if target is None:  # pragma: no cover - the loader read the case from this file
        out.problems.append(_problem(display_path(path), f"case '{case_id}' cannot be "
                                     "edited here; edit it by hand", "case-unreadable"))
        return out
    ev = _new_map()
    ev["date"] = date
    ev["type"] = type
    if by:
        ev["by"] = _yaml_scalar(by)
    if to:
        if len(to) == 1:
            ev["to"] = _yaml_scalar(to[0])
        else:
            seq = _new_seq()
            seq.extend(_yaml_scalar(x) for x in to)
            seq.fa.set_flow_style()
            ev["to"] = seq
    if with_:
        seq = _new_seq()
        seq.extend(_yaml_scalar(x) for x in with_)
        seq.fa.set_flow_style()
        ev["with"] = seq
    if level is not None:
        ev["level"] = level
    if rating:
        ev["rating"] = rating
    if text:
        ev["text"] = _yaml_scalar(text)
    if internal:
        ev["internal"] = True
    events = target.get("events")
    if events is None:
        events = _new_seq()
        _insert_events(target, events)
    events.append(ev)
    new_text = yf.dump()
    out.problems = _checked(root, main, {path: new_text}, base)
    if out.ok:
        out.files[path] = new_text
    return out


def _insert_events(target: Any, events: Any) -> None:
    """``events:`` at its place in the model's field order."""
    order = [f.key for f in m.fields_of(m.Case)]
    rank = order.index("events")
    pos = len(target)
    for i, k in enumerate(target):
        if k in order and order.index(k) > rank:
            pos = i
            break
    target.insert(pos, "events", events)


def write_case(w: CaseWrite) -> None:
    """Write the files of a clean :class:`CaseWrite`: a new case file only if no file has
    that name (never overwritten), a changed one through a temporary file beside it."""
    for p, text in w.files.items():
        if w.new_file:
            p.parent.mkdir(parents=True, exist_ok=True)
            with open(p, "x", encoding="utf-8", newline="") as f:
                f.write(text)
        else:
            tmp = p.with_name(f".{p.name}.remit-case")
            tmp.write_bytes(text.encode("utf-8"))
            os.replace(tmp, p)


def valid_case_id(cid: str) -> bool:
    """Whether ``cid`` may name a case file (checked before any path is made of it)."""
    return ID_RE.match(cid) is not None and cid not in m.RESERVED_IDS


__all__ = ["CaseWrite", "new_case", "add_event", "write_case", "next_case_id",
           "valid_case_id", "CASES_DIR"]
