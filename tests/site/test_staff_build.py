"""The staff build and the public allow-list, on real ``mkdocs build`` runs.

An internal contact carries a unique marker in every field; the whole public site (pages,
lookup data, exports, feed, search index, sitemap) must hold none of them, and the staff
build must show them, marked. The public gaps page must not tell a department with only
internal contacts from one with none. Also: the search index limit."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENV, ROOT, make_project, run_mkdocs

from generator.checks.findings import run_checks
from generator.directory import Directory
from generator.load.registry import load
from generator.site.render import public_findings, render_site

MARKERS = {
    "role": "ZQXROLE值班",
    "name": "ZQXNAME某人",
    "phone": "0851-7391-4628",
    "email": "zqxmail@example.org",
    "url": "https://zqxurl.example.org/form",
    "address": "ZQXADDR大楼",
    "hours": "ZQXHOURS全天",
    "notes": "ZQXNOTES备注",
}
#: what a page may show of them (the phone as a tel: link too)
NEEDLES = ("ZQX", "zqx", "7391-4628", "73914628")

REGISTRY = f"""\
site: {{title: 测试名录, language: zh}}
departments:
  - id: hotline
    name: 热线中心
    contacts:
      - {{role: 受理, phone: "0851-0000-0001", verified: 2026-11-01}}
      - role: {MARKERS["role"]}
        name: {MARKERS["name"]}
        phone: "{MARKERS["phone"]}"
        email: {MARKERS["email"]}
        url: {MARKERS["url"]}
        address: {MARKERS["address"]}
        hours: {MARKERS["hours"]}
        notes: {MARKERS["notes"]}
        verified: 2001-01-01
        visibility: internal
  - id: secret-office
    name: 保密办
    contacts:
      - {{role: ZQXONLY, phone: "0851-7391-0000", visibility: internal, verified: 2026-11-01}}
  - id: empty-office
    name: 空白办
assets:
  - id: road-a
    name: 甲路
    type: road
    owner: hotline
    duties: {{maintenance: hotline, lighting: hotline, cleaning: hotline}}
matters:
  - id: lamp-out
    name: 路灯不亮
    duty: lighting
    asset_types: [road]
    first_contact: hotline
    keywords: [路灯]
  - id: secret-matter
    name: 保密事项
    handled_by: secret-office
    first_contact: hotline
"""

OPTIONS = "      registry: reg\n      today: 2026-11-26\n      gaps: info\n      history: 0\n"
HISTORY_OPTIONS = "      registry: reg\n      today: 2026-11-26\n      gaps: info\n"
#: the registry before the internal contacts were added
BEFORE = REGISTRY.replace("  - id: secret-office", "  - id: secret-office\n    summary: x", 1)
BEFORE = re.sub(r"      - role: ZQXROLE.*?visibility: internal\n", "", BEFORE, flags=re.S)
BEFORE = re.sub(r"      - \{role: ZQXONLY.*?\}\n", "", BEFORE)
BEFORE = BEFORE.replace("    name: 保密办\n    contacts:\n", "    name: 保密办\n")
GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=dict(os.environ, **GIT_ENV), check=True,
                   capture_output=True)


def _build(config: Path, out: Path, env: dict[str, str] | None = None,
           strict: bool = False) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)]
    return subprocess.run(args + (["--strict"] if strict else []), cwd=ROOT,
                          env=dict(ENV, **(env or {})), capture_output=True, text=True,
                          timeout=300)


def _texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text (gzip files unpacked)."""
    out = {}
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        out[p.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("staff")
    (root / "p").mkdir()
    (root / "q").mkdir()
    # the public project is a git repository whose history adds, changes and removes
    # internal contacts: the changes page, the feed and each entity's history read it
    config = make_project(root / "p", BEFORE, options=HISTORY_OPTIONS)
    reg = root / "p" / "reg" / "departments.yaml"
    _git(root / "p", "init", "-q")
    _git(root / "p", "add", ".")
    _git(root / "p", "commit", "-q", "-m", "first")
    reg.write_text(REGISTRY.replace("ZQXNOTES", "ZQXOLD"), encoding="utf-8")
    _git(root / "p", "commit", "-q", "-am", "add the duty officer")
    reg.write_text(REGISTRY, encoding="utf-8")
    _git(root / "p", "commit", "-q", "-am", "change the notes")
    public, staff, env_staff = root / "public", root / "staff", root / "env-staff"
    for out, env in ((public, None), (env_staff, {"REMIT_INTERNAL": "1"})):
        proc = _build(config, out, env)
        assert proc.returncode == 0, proc.stderr[-3000:]
    staff_config = make_project(root / "q", REGISTRY, options=OPTIONS + "      internal: true\n")
    proc = _build(staff_config, staff)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"public": public, "staff": staff, "env-staff": env_staff}


def test_public_site_holds_no_field_of_an_internal_contact(sites: dict[str, Path]) -> None:
    texts = _texts(sites["public"])
    assert "departments/hotline/index.html" in texts and "data/registry.json" in texts
    assert "search/search_index.json" in texts
    assert "changes/feed.xml" in texts and "change the notes" in texts["changes/index.html"]
    leaks = [(path, n) for path, t in texts.items() for n in NEEDLES if n in t]
    assert leaks == []


@pytest.mark.parametrize("which", ["staff", "env-staff"])
def test_staff_site_shows_internal_contacts_marked(sites: dict[str, Path], which: str) -> None:
    texts = _texts(sites[which])
    page = texts["departments/hotline/index.html"]
    for field, value in MARKERS.items():
        assert value in page, field
    card = page[page.index(MARKERS["role"]) - 400:page.index(MARKERS["role"]) + 400]
    assert "remit-contact--internal" in card and "remit-contact__internal" in card
    assert ">内部<" in card
    # the matter handled by a department with only internal contacts shows them
    assert "ZQXONLY" in texts["matters/secret-matter/index.html"]
    # the lookup answers carry them, marked
    data = "".join(t for p, t in texts.items() if p.startswith("lookup/"))
    assert MARKERS["phone"] in data and '"i":1' in data


def test_every_staff_page_is_marked_internal(sites: dict[str, Path]) -> None:
    pages = {p: t for p, t in _texts(sites["staff"]).items() if p.endswith(".html")}
    assert "404.html" in pages and "index.html" in pages
    for path, t in pages.items():
        assert t.count('<meta name="robots" content="noindex">') == 1, path
        assert t.count("data-remit-internal") == 1, path
        assert "内部版本" in t and "含内部联系方式，请勿公开。" in t, path
        # the banner is the first thing on the page, above Material's header
        assert t.index("data-remit-internal") < t.index('class="md-header'), path
    for path, t in _texts(sites["public"]).items():
        if path.endswith(".html"):
            assert "noindex" not in t and "data-remit-internal" not in t, path


def test_staff_exports_are_the_public_ones(sites: dict[str, Path]) -> None:
    """Open data stays public-only in the staff build: byte for byte the public files."""
    def data(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in sorted((site / "data").rglob("*")) if p.is_file()
                and p.name != "index.html"}

    public, staff = data(sites["public"]), data(sites["staff"])
    assert public and public == staff


def test_public_gaps_page_says_nothing_about_internal_contacts(sites: dict[str, Path]) -> None:
    texts = _texts(sites["public"])
    gaps = texts["gaps/index.html"]
    assert "内部" not in gaps and "internal" not in gaps.lower().replace("remit-internal", "")
    # both departments are reported, in the same words
    assert "保密办没有公开的联系方式" in gaps and "空白办没有公开的联系方式" in gaps
    assert "只有内部" not in gaps and "没有任何联系方式" not in gaps
    # the stale internal contact is not a public finding; the department page's badges
    # say nothing either
    assert "从未核实" not in gaps and "2001-01-01" not in gaps
    assert "内部" not in texts["departments/secret-office/index.html"].replace(
        "内部版本", "")


def _english(text: str) -> str:
    return text.replace("language: zh", "language: en")


def test_public_findings_words_and_places(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(_english(REGISTRY), encoding="utf-8")
    reg, _ = load(tmp_path)
    d = Directory(reg, today=dt.date(2026, 11, 26))
    full = run_checks(d)
    kinds = [(f.kind, f.id) for f in full]
    assert ("stale-contact", "hotline") in kinds  # the internal one, from 2001
    shown = public_findings(d, full)
    assert ("stale-contact", "hotline") not in [(f.kind, f.id) for f in shown]
    npc = {f.id: f for f in shown if f.kind == "no-public-contact"}
    assert set(npc) == {"secret-office", "empty-office"}
    for f in npc.values():
        assert "internal" not in f.message and "内部" not in f.message_zh
        assert f.message == (f"department '{f.id}' has no public contact; add a public "
                             "contact (phone, email or url) so people can reach it")
        # placed at the department's id, not at its contacts (which only one has)
        assert f.diagnostic.line == d.departments[f.id].node.marks["id"][0]


def test_render_site_internal_flag(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(REGISTRY, encoding="utf-8")
    reg, _ = load(tmp_path)
    d = Directory(reg, today=dt.date(2026, 11, 26))
    public = {f.path: f.content for f in render_site(d)}
    staff = {f.path: f.content for f in render_site(d, internal=True)}
    assert MARKERS["phone"] not in str(public["departments/hotline.md"])
    assert MARKERS["phone"] in str(staff["departments/hotline.md"])
    blob = b"".join(c if isinstance(c, bytes) else c.encode() for c in public.values())
    assert not any(n.encode() in blob for n in NEEDLES)
    exports = [p for p in public if p.startswith("data/")]
    assert exports and all(public[p] == staff[p] for p in exports)


# --- the search index limit ------------------------------------------------------------------


def test_search_index_over_the_limit_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    config = make_project(tmp_path / "p", REGISTRY,
                          options=OPTIONS + "      search_index_max: 1000\n")
    proc = _build(config, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr[-3000:]
    size = (tmp_path / "site" / "search" / "search_index.json").stat().st_size
    lines = [ln for ln in proc.stderr.splitlines() if "search_index.json" in ln]
    assert len(lines) == 1, proc.stderr[-3000:]
    line = lines[0]
    assert line.startswith("WARNING")
    assert f"({size} bytes)" in line and "limit of 1.0 KB (1000 bytes)" in line
    assert "search_index_max" in line
    top = re.search(r"the pages with the most indexed text: (.*?)\. ", line)
    assert top is not None, line
    assert len(top.group(1).split("), ")) == 3
    # the pages of this small registry (the gaps dashboard is searched by its words too)
    assert any(p in top.group(1) for p in ("departments/hotline/", "matters/", "gaps/"))
    # --strict turns it into a failure
    strict = _build(config, tmp_path / "site2", strict=True)
    assert strict.returncode != 0 and "search_index.json" in strict.stderr


def test_search_index_within_the_default_limit_is_quiet(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    config = make_project(tmp_path / "p", REGISTRY, options=OPTIONS)
    proc = run_mkdocs("build", "-f", str(config), "-d", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "search_index.json" not in proc.stderr


def test_internal_option_must_be_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    config = make_project(tmp_path / "p", REGISTRY, options=OPTIONS + "      internal: maybe\n")
    proc = run_mkdocs("build", "-f", str(config), "-d", str(tmp_path / "site"))
    assert proc.returncode != 0
    assert "plugins.remit.internal" in proc.stderr and "Traceback" not in proc.stderr

