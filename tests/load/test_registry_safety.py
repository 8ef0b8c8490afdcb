"""The registry never reads outside its folder, refuses symbolic links with a located
message that never shows what they point to, checks text once at the door, and holds files,
text values and CSV rows to the limits of ``site.limits``."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from generator import model as m
from generator.diagnostics import Diagnostic, format_diagnostics
from generator.load.registry import load
from generator.load.source import bad_char, read_csv

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "load" / "golden"
SECRET = "db_password=hunter2-s3cr3t"

MAIN = """\
site: {title: 测试}
departments:
  - id: roads
    name: 市政管理处
    contacts:
      - {role: 值班, phone: "0851-0000-0001"}
"""
SOURCE = """\
asset_sources:
  - file: {file}
    type: street-lamp
    columns: {{id: lamp_no, name: label}}
    set: {{owner: roads}}
"""


@pytest.fixture()
def reg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean registry in tmp/reg, with secrets beside it in tmp/outside; cwd is tmp."""
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"# {SECRET}\ndepartments: [{{id: x, name: {SECRET}}}]"
                                         f"\n{SECRET}\n", encoding="utf-8")
    (outside / "lamps.csv").write_text(f"lamp_no,label\nlamp-1,{SECRET}\n", encoding="utf-8")
    (outside / "more.yaml").write_text(f"{SECRET}: [\n", encoding="utf-8")
    r = tmp_path / "reg"
    r.mkdir()
    (r / "departments.yaml").write_text(MAIN, encoding="utf-8")
    return r


def check(path: Path | str = "reg") -> list[str]:
    _, diags = load(path)
    return format_diagnostics(diags, "text").splitlines()


def errors(path: Path | str = "reg") -> list[Diagnostic]:
    _, diags = load(path)
    return [d for d in diags if d.severity == "error"]


def test_a_clean_registry_is_clean(reg: Path) -> None:
    assert errors() == []


# --- symbolic links -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_fragment_symlinked_outside_is_refused_without_its_text(reg: Path, fmt: str) -> None:
    (reg / "zz.yaml").symlink_to("../outside/secret.yaml")
    (reg / "more").symlink_to("../outside", target_is_directory=True)
    r = subprocess.run([sys.executable, "-m", "generator", "check", "reg", "--format", fmt],
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 1
    assert SECRET not in r.stdout + r.stderr
    assert "hunter2" not in r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    if fmt == "json":
        got = {(d["file"], d["code"]) for d in json.loads(r.stdout)["diagnostics"]}
        assert got == {("reg/zz.yaml", "symlink"), ("reg/more", "symlink")}
    elif fmt == "text":
        assert r.stdout.splitlines() == [
            "reg/more: error: 'more' is a symbolic link to a folder outside the registry folder "
            "(remit never reads outside it); replace the symlink by a copy of the folder, or "
            "delete it",
            "reg/zz.yaml: error: 'zz.yaml' is a symbolic link to a file outside the registry "
            "folder (remit never reads outside it); replace the symlink by a copy of the file, "
            "or delete it",
            "2 errors",
        ]
    else:
        assert r.stdout.startswith("::error file=reg/more,title=remit symlink::'more' is a ")


def test_main_file_symlinked_outside_is_refused(reg: Path) -> None:
    (reg / "departments.yaml").unlink()
    (reg / "departments.yaml").symlink_to("../outside/secret.yaml")
    out = check()
    assert out == [
        "reg/departments.yaml: error: 'departments.yaml' is a symbolic link to a file outside "
        "the registry folder (remit never reads outside it); replace the symlink by a copy of "
        "the file, or delete it",
        "1 error",
    ]


def test_sources_outside_through_symlinks_are_refused_at_the_file_line(reg: Path) -> None:
    (reg / "lamps.csv").symlink_to("../outside/lamps.csv")
    (reg / "gis").symlink_to("../outside", target_is_directory=True)
    text = MAIN + SOURCE.format(file="lamps.csv") + SOURCE.format(file="gis/lamps.csv")[15:] \
        + SOURCE.format(file="../outside/lamps.csv")[15:] \
        + SOURCE.format(file=str(reg.parent / "outside" / "lamps.csv"))[15:]
    (reg / "departments.yaml").write_text(text, encoding="utf-8")
    out = check()
    assert not any(SECRET in line for line in out)
    assert out == [
        "reg/departments.yaml:8:11: error: asset_sources[0].file: 'lamps.csv' is a symbolic "
        "link to a file outside the registry folder (remit never reads outside it); replace "
        "the symlink by a copy of the file, or delete it",
        "reg/departments.yaml:12:11: error: asset_sources[1].file: 'gis/lamps.csv' lies in "
        "'gis', which is a symbolic link to a folder outside the registry folder (remit never "
        "reads outside it); replace the symlink by a copy of the folder, or delete it",
        "reg/departments.yaml:16:11: error: asset_sources[2].file: '../outside/lamps.csv' is "
        "outside the registry folder; keep asset sources under it",
        f"reg/departments.yaml:20:11: error: asset_sources[3].file: '{reg.parent}/outside/"
        "lamps.csv' is outside the registry folder; keep asset sources under it",
        "reg/gis: error: 'gis' is a symbolic link to a folder outside the registry folder "
        "(remit never reads outside it); replace the symlink by a copy of the folder, or "
        "delete it",
        "5 errors",
    ]


def test_fragments_symlinked_to_each_other_are_refused_and_read_once(reg: Path) -> None:
    """The policy: symlinks are refused wherever they point, so every file is read once and
    the folder reads the same as its git history (which keeps links, not files)."""
    (reg / "a.yaml").write_text("departments:\n  - {id: parks, name: 园林处, contacts: "
                                "[{role: 值班, phone: \"0851-0000-0002\"}]}\n", encoding="utf-8")
    (reg / "b.yaml").symlink_to("a.yaml")
    (reg / "main-again.yaml").symlink_to("departments.yaml")
    sub = reg / "sub"
    sub.mkdir()
    (sub / "c.yml").symlink_to("../a.yaml")
    (reg / "same").symlink_to("sub", target_is_directory=True)
    reg_, diags = load("reg")
    assert [d.text() for d in diags] == [
        "reg/b.yaml: error: 'b.yaml' is a symbolic link to another file in the registry "
        "folder; remit reads real files only, each once: replace the symlink by the file "
        "itself, or delete it",
        "reg/main-again.yaml: error: 'main-again.yaml' is a symbolic link to another file in "
        "the registry folder; remit reads real files only, each once: replace the symlink by "
        "the file itself, or delete it",
        "reg/same: error: 'same' is a symbolic link to another folder in the registry folder; "
        "remit reads real files only, each once: replace the symlink by the folder itself, or "
        "delete it",
        "reg/sub/c.yml: error: 'c.yml' is a symbolic link to another file in the registry "
        "folder; remit reads real files only, each once: replace the symlink by the file "
        "itself, or delete it",
    ]
    assert [d.id for d in reg_.departments] == ["roads", "parks"]  # each file read once


def test_broken_links_folders_and_pipes_named_yaml_are_located(reg: Path) -> None:
    (reg / "dangling.yaml").symlink_to("nothing.yaml")
    (reg / "loop.yaml").symlink_to("loop.yaml")
    (reg / "folder.yaml").mkdir()
    (reg / "folder.yaml" / "inner.yaml").write_text(
        "departments:\n  - {id: parks, name: 园林处, contacts: [{role: 值班, phone: "
        "\"0851-0000-0002\"}]}\n", encoding="utf-8")
    os.mkfifo(reg / "pipe.yaml")
    hidden = reg / ".git"
    hidden.mkdir()
    (hidden / "x.yaml").symlink_to("../../outside/secret.yaml")  # hidden: never looked at
    registry, diags = load("reg")
    assert format_diagnostics(diags, "text").splitlines() == [
        "reg/dangling.yaml: error: 'dangling.yaml' is a symbolic link to something that does "
        "not exist; delete it or replace it by the file",
        "reg/folder.yaml: error: 'folder.yaml' is a folder; names ending in .yaml or .yml are "
        "kept for registry files: rename the folder",
        "reg/loop.yaml: error: 'loop.yaml' is a symbolic link that loops back on itself; "
        "delete it",
        "reg/pipe.yaml: error: 'pipe.yaml' is not a regular file (a device, pipe or socket); "
        "delete it",
        "4 errors",
    ]
    assert [d.id for d in registry.departments] == ["roads", "parks"]  # the folder is read


def test_file_names_that_would_print_raw_are_refused(reg: Path) -> None:
    os.close(os.open(os.fsencode(reg) + b"/bad\xff.yaml", os.O_CREAT | os.O_WRONLY))
    (reg / "n\u202eame.yaml").write_text("departments: []\n", encoding="utf-8")
    (reg / "nl\n.yaml").write_text("departments: []\n", encoding="utf-8")
    (reg / "sub\u200b").mkdir()
    (reg / "sub\u200b" / "a.yaml").write_text("departments: []\n", encoding="utf-8")
    _, diags = load("reg")
    assert [d.text() for d in diags] == [
        "reg/bad\\udcff.yaml: error: 'bad\\udcff.yaml' has a name that is not valid UTF-8; "
        "rename it",
        "reg/n\\u202eame.yaml: error: 'n\\u202eame.yaml' has a name that holds the "
        "bidirectional control U+202E; rename it",
        "reg/nl\\x0a.yaml: error: 'nl\\x0a.yaml' has a name that holds a line break (U+000A); "
        "rename it",
        "reg/sub\\u200b: error: 'sub\\u200b' has a name that holds the invisible character "
        "U+200B (zero width); rename it",
    ]
    out = format_diagnostics(diags, "json")
    out.encode("utf-8")
    assert "\u202e" not in out and "\u200b" not in out


def test_a_registry_reached_through_a_symlinked_folder_is_fine(reg: Path) -> None:
    Path("alias").symlink_to("reg", target_is_directory=True)
    assert errors("alias") == []
    assert errors("alias/departments.yaml") == []


def test_unreadable_files_are_located(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (reg / "a.yaml").write_text("departments: []\n", encoding="utf-8")
    (reg / "lamps.csv").write_text("lamp_no,label\nlamp-1,一号灯\n", encoding="utf-8")
    (reg / "departments.yaml").write_text(MAIN + SOURCE.format(file="lamps.csv"),
                                          encoding="utf-8")
    real_open = os.open

    def deny(path: Any, *args: Any, **kw: Any) -> int:
        if Path(path).name in ("a.yaml", "lamps.csv"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(os, "open", deny)
    assert check() == [
        "reg/a.yaml: error: 'a.yaml' cannot be read: permission denied; make it readable",
        "reg/lamps.csv: error: 'lamps.csv' cannot be read: permission denied; make it readable",
        "2 errors",
    ]


def test_names_too_long_for_the_file_system_are_located(reg: Path) -> None:
    long_name = "路" * 90 + ".csv"  # 90 characters, 274 bytes
    (reg / "departments.yaml").write_text(MAIN + SOURCE.format(file=long_name),
                                          encoding="utf-8")
    assert check() == [
        f"reg/departments.yaml:8:11: error: asset_sources[0].file: '{long_name}' has a name "
        "too long for the file system (a name may have at most 255 bytes); shorten it",
        "1 error",
    ]
    out = check("x" * 300)
    assert out[0].endswith("has a name too long for the file system (a name may have at "
                           "most 255 bytes); shorten it")
    assert out[1] == "1 error"


# --- text at the door -----------------------------------------------------------------------


def strings(v: Any) -> list[str]:
    """Every string reachable from a loaded registry."""
    if isinstance(v, str):
        return [v]
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return [s for f in dataclasses.fields(v) if f.name != "node"
                for s in strings(getattr(v, f.name))]
    if isinstance(v, dict):
        return [s for k, x in v.items() for s in (*strings(k), *strings(x))]
    if isinstance(v, (list, tuple)):
        return [s for x in v for s in strings(x)]
    return []


@pytest.mark.parametrize("case", ["invisible-chars", "source-ids", "control-char"])
def test_what_the_door_refuses_never_reaches_the_registry(case: str,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.chdir(GOLDEN / case)
    reg, diags = load(".")
    assert diags
    for s in strings(reg):
        s.encode("utf-8")  # no lone surrogate: every output format can carry it
        assert bad_char(s, multiline=True) is None, repr(s)
    for a in reg.assets:
        assert bad_char(a.name + a.id + (a.location or "")) is None, a.id
    for fmt in ("text", "json", "github"):
        out = format_diagnostics(diags, fmt)
        out.encode("utf-8")
        assert "\u202e" not in out and "\u200b" not in out and "\x1b" not in out


def test_numeric_geojson_ids_are_kept_not_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN / "source-ids")
    reg, _ = load(".")
    ids = {a.id for a in reg.assets}
    assert {"1001", "m-1", "lamp-1"} <= ids
    assert not ids & m.RESERVED_IDS


# --- limits ---------------------------------------------------------------------------------


def test_a_huge_name_is_refused_quickly(reg: Path) -> None:
    """A 1 MB department name referenced by 20 assets gave a 267 MB site."""
    assets = "".join(f"  - {{id: a{i}, name: A{i}, type: facility, owner: big}}\n"
                     for i in range(20))
    (reg / "departments.yaml").write_text(
        MAIN + f"  - id: big\n    name: {'大' * 1_000_000}\n    contacts: [{{role: 值班, phone: "
        f"\"0851-0000-0001\"}}]\nassets:\n{assets}", encoding="utf-8")
    t0 = time.perf_counter()
    out = check()
    assert time.perf_counter() - t0 < 20
    assert out == [
        "reg/departments.yaml:8:11: error: departments[big].name: is 1,000,000 characters "
        "long, more than the limit of 200 for one-line text (site.limits.name_chars); shorten "
        "it (put longer text in 'notes' or 'summary'), or raise site.limits.name_chars in "
        "departments.yaml",
        "1 error",
    ]


def test_a_million_columns_are_refused_before_they_are_read(reg: Path) -> None:
    header = ",".join(f"c{i}" for i in range(1_000_000))
    (reg / "lamps.csv").write_text(f"lamp_no,label,{header}\n" + "lamp-1,x" + "," * 1_000_000
                                   + "\n", encoding="utf-8")
    (reg / "departments.yaml").write_text(MAIN + SOURCE.format(file="lamps.csv"),
                                          encoding="utf-8")
    tracemalloc.start()
    try:
        out = check()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert out == [
        "reg/lamps.csv:1:1: error: the header has 1,000,002 cells, more than the limit of 200 "
        "(site.limits.csv_cells); drop the columns the registry does not use, or raise "
        "site.limits.csv_cells in departments.yaml",
        "1 error",
    ]
    size = (reg / "lamps.csv").stat().st_size
    assert peak < 4 * size  # the text and its first line, no rows


def test_limits_hold_for_fragments_and_sources_and_can_be_raised(reg: Path) -> None:
    (reg / "a.yaml").write_text("departments:\n  - {id: parks, name: 园林处, contacts: "
                                "[{role: 值班, phone: \"0851-0000-0002\"}]}\n"
                                "  - {id: water, name: " + "水" * 150 + "}\n",
                                encoding="utf-8")
    (reg / "lamps.csv").write_text("lamp_no,label\nlamp-1," + "灯" * 120 + "\n",
                                   encoding="utf-8")
    main = MAIN.replace("site: {title: 测试}",
                        "site: {title: 测试, limits: {name_chars: 100, file_bytes: 2000}}")
    (reg / "departments.yaml").write_text(main + SOURCE.format(file="lamps.csv"),
                                          encoding="utf-8")
    out = check()
    assert out == [
        "reg/a.yaml:3:23: error: departments[water].name: is 150 characters long, more than "
        "the limit of 100 for one-line text (site.limits.name_chars); shorten it (put longer "
        "text in 'notes' or 'summary'), or raise site.limits.name_chars in departments.yaml",
        "reg/lamps.csv:2:8: error: assets[lamp-1].name: is 120 characters long, more than the "
        "limit of 100 for one-line text (site.limits.name_chars); shorten it (put longer text "
        "in 'notes' or 'summary'), or raise site.limits.name_chars in departments.yaml",
        "2 errors",
    ]
    (reg / "departments.yaml").write_text(main.replace("file_bytes: 2000", "file_bytes: 200")
                                          + SOURCE.format(file="lamps.csv"), encoding="utf-8")
    out = check()
    assert [line.split(": error: ")[0] for line in out[:-1]] == [
        "reg/a.yaml", "reg/departments.yaml", "reg/lamps.csv"]
    assert all("(site.limits.file_bytes)" in line for line in out[:-1])
    (reg / "departments.yaml").write_text(
        main.replace("name_chars: 100", "name_chars: 200") + SOURCE.format(file="lamps.csv"),
        encoding="utf-8")
    assert errors() == []


def test_read_csv_refuses_a_wide_quoted_header_after_reading_only_the_header() -> None:
    text = ",".join(f'"c{i}"' for i in range(300)) + "\n" + ",".join("x" * 300) + "\n"
    rows, header, diags = read_csv(text, "w.csv", 200)
    assert rows == [] and header == []
    assert [d.code for d in diags] == ["too-wide"]


def test_a_huge_key_is_quoted_cut_short(reg: Path) -> None:
    key = "k" * 1_000_000
    (reg / "a.yaml").write_text(f"departments:\n  - id: parks\n    name: 园林处\n    ? {key}\n"
                                f"    : 1\n    ? {key}\n    : 2\n", encoding="utf-8")
    out = check()
    assert [line[:40] for line in out] == [
        "reg/a.yaml:4:7: error: departments[parks", "reg/a.yaml:6:7: error: duplicate key 'kk",
        "2 errors"]
    assert all(len(line) < 2100 for line in out)
