"""Git history is data anyone with push access wrote: links, crafted trees and hostile commit
text must neither break the build, nor leak what lies outside the registry, nor lose a commit.

Everything here runs against real git repositories made in temporary folders.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.dom import minidom

import pytest
from conftest import git

from generator.load.revisions import UnsafePathError, clean_text, load_revision, safe_prefix
from generator.publish.history import (
    Commit,
    History,
    HistoryEntry,
    entity_history,
    read_history,
)
from generator.site.history_pages import changes_feed, changes_files, changes_page, history_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "SECRET-hunter2-do-not-publish"
# what may never reach a page or the feed: C0/C1 controls but tab/newline, the
# noncharacters, lone surrogates, bidi controls and zero-width characters
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff"
                       "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
NAME = "name: 企业服务中心\n"




def new_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE, repo / "directory")
    return repo


def rename(repo: Path, name: str) -> None:
    """Rename the service centre (so the commit changes the registry and its history)."""
    p = repo / "directory" / "departments.yaml"
    text = p.read_text(encoding="utf-8")
    i = text.index("  - id: service-centre\n")
    j = text.index("    name: ", i)
    k = text.index("\n", j)
    p.write_text(text[:j] + f"    name: {name}" + text[k:], encoding="utf-8")


def raw_commit(repo: Path, message: bytes, author: bytes = b"Registry Editor",
               extra_headers: bytes = b"", when: int = 1736474400) -> str:
    """A commit object written byte for byte (git commit would refuse or re-encode some of
    these bytes), with the index as its tree and HEAD as its parent; HEAD moves to it."""
    tree = git(repo, "write-tree")
    parent = git(repo, "rev-parse", "HEAD")
    ident = author + b" <editor@example.org> " + str(when).encode() + b" +0800"
    obj = (b"tree " + tree.encode() + b"\nparent " + parent.encode() + b"\nauthor " + ident +
           b"\ncommitter " + ident + b"\n" + extra_headers + b"\n" + message)
    sha = git(repo, "hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=obj)
    git(repo, "update-ref", "HEAD", sha)
    return sha


# --- symbolic links and crafted trees in history --------------------------------------------


@pytest.fixture()
def linked(tmp_path: Path) -> tuple[Path, list[str]]:
    """A registry whose first commit held symbolic links (to a secret outside the repository,
    absolute and relative, to a folder outside, and to a file inside); the second commit
    removed them; the third is an ordinary change."""
    outside = tmp_path / "elsewhere-7f3a"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text(f"departments:\n  - id: leaked\n    name: {SECRET}\n", encoding="utf-8")
    (outside / "more.yaml").write_text(f"# {SECRET}\n", encoding="utf-8")
    repo = new_repo(tmp_path)
    reg = repo / "directory"
    (reg / "leak.yaml").symlink_to(secret)
    (reg / "rel.yaml").symlink_to(os.path.relpath(secret, reg))
    (reg / "linked-folder").symlink_to(outside, target_is_directory=True)
    (reg / "alias.yaml").symlink_to("departments.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start, with links")
    shas = [git(repo, "rev-parse", "HEAD")]
    git(repo, "rm", "-q", "directory/leak.yaml", "directory/rel.yaml",
        "directory/linked-folder", "directory/alias.yaml")
    rename(repo, "企业服务中心（一）")
    git(repo, "commit", "-qam", "Remove the links", date="2025-02-01T10:00:00+08:00")
    shas.append(git(repo, "rev-parse", "HEAD"))
    rename(repo, "企业服务中心（二）")
    git(repo, "commit", "-qam", "Rename again", date="2025-03-01T10:00:00+08:00")
    shas.append(git(repo, "rev-parse", "HEAD"))
    return repo, shas


def test_removed_symlinks_in_history_are_skipped_with_a_note(
        linked: tuple[Path, list[str]], caplog: pytest.LogCaptureFixture) -> None:
    repo, shas = linked
    caplog.set_level(logging.WARNING, logger="remit.history")
    h = read_history(repo / "directory")
    assert h is not None
    assert [e.commit.subject for e in h.entries] == [
        "Rename again", "Remove the links", "Start, with links"]
    assert [e.note for e in h.entries] == ["", "", "created"]
    assert h.entries[1].diff is not None
    assert h.entries[1].diff.summary() == {"department": {"renamed": 1}}
    # the links are notes, returned with the revision and logged, naming the link only
    got = load_revision(repo, shas[0], "directory")
    assert got is not None
    reg, diags = got
    skipped = sorted(d.file for d in diags if d.code == "history-skipped")
    assert skipped == [f"{shas[0][:7]}:directory/{n}"
                       for n in ("alias.yaml", "leak.yaml", "linked-folder", "rel.yaml")]
    assert all(d.severity == "warning" and "symbolic link" in d.message
               for d in diags if d.code == "history-skipped")
    assert "leaked" not in {x.id for x in reg.departments}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "leak.yaml" in logged and "symbolic link" in logged
    # nothing from outside reaches any output: not the text, not even the link's target
    for out in (changes_page(h), changes_feed(h, "t", "https://example.org/"), logged,
                json.dumps([d.text() for d in diags], ensure_ascii=False),
                repr(entity_history(h))):
        assert SECRET not in out and "leaked" not in out and "elsewhere-7f3a" not in out


def test_crafted_tree_entries_cannot_leave_the_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree written with git mktree may hold entries named '..' or '.git' (git checkout
    refuses them, git archive did not), and a submodule: none is read."""
    repo = new_repo(tmp_path)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start")
    evil = git(repo, "hash-object", "-w", "--stdin",
               stdin=f"departments:\n  - id: leaked\n    name: {SECRET}\n".encode())
    climb = git(repo, "mktree", stdin=f"100644 blob {evil}\tevil.yaml\n".encode())
    listing = git(repo, "ls-tree", "HEAD:directory")
    directory = git(repo, "mktree", stdin=(
        f"{listing}\n040000 tree {climb}\t..\n040000 tree {climb}\t.git\n").encode())
    root_tree = git(repo, "mktree", stdin=f"040000 tree {directory}\tdirectory\n".encode())
    head = git(repo, "rev-parse", "HEAD")
    sha = git(repo, "commit-tree", root_tree, "-p", head, "-m", "Crafted tree")
    git(repo, "update-ref", "HEAD", sha)
    # a submodule (a gitlink) inside the registry folder
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},directory/vendor")
    git(repo, "commit", "-q", "-m", "A submodule")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    h = read_history(repo / "directory")
    assert h is not None
    assert [e.commit.subject for e in h.entries] == ["A submodule", "Crafted tree", "Start"]
    got = load_revision(repo, sha, "directory")
    assert got is not None
    reg, diags = got
    assert "leaked" not in {x.id for x in reg.departments}
    notes = sorted((d.file, d.message) for d in diags if d.code == "history-skipped")
    assert [f for f, _ in notes] == [f"{sha[:7]}:directory/../evil.yaml",
                                     f"{sha[:7]}:directory/.git/evil.yaml"]
    assert all("leaves the registry folder" in msg for _, msg in notes)
    sub = load_revision(repo, "HEAD", "directory")
    assert sub is not None
    assert [d.message for d in sub[1] if d.code == "history-skipped"] == [
        "skipped in the git history: a submodule is not read"]
    assert list(scratch.iterdir()) == []  # every temporary folder is gone again
    assert SECRET not in changes_page(h) + changes_feed(h, "t")


def test_safe_prefix() -> None:
    assert safe_prefix("") == "" and safe_prefix(".") == "" and safe_prefix("./") == ""
    assert safe_prefix("./directory//sub/") == "directory/sub"
    for bad in ("/etc", "..", "../..", "directory/../..", "a/../b", ".git", "x/.GIT/y"):
        with pytest.raises(UnsafePathError):
            safe_prefix(bad)
    with pytest.raises(UnsafePathError):
        load_revision(ROOT, "HEAD", "../..")


# --- hostile commit text ---------------------------------------------------------------------


# (message bytes, the subject expected on the page and in the feed)
HOSTILE: list[tuple[bytes, str]] = [
    (b"ctrl \x01 start\x07bell", "ctrl start bell"),
    (b"record \x1e separator \x1e and more", "record separator and more"),
    (b"unit \x1f sep\x00nul \x1b[31mred", "unit sep nul [31mred"),
    ("nonchar \ufffe\uffff end".encode(), "nonchar \ufffd\ufffd end"),
    ("bidi \u202eevil\u202c zero\u200bwidth \ufeffbom".encode(), "bidi evil zerowidth bom"),
    (b"cdata ]]> end", "cdata ]]> end"),
    (b"<script>alert(1)</script> & <b>co</b>", "<script>alert(1)</script> & <b>co</b>"),
    (b"first line\nof a long subject\n\nbody \x1e\x00 with\x01 junk",
     "first line of a long subject"),
    (b"\n\n  \nleading blank lines", "leading blank lines"),
    (b"C1 \xc2\x85next\xc2\x9bcsi", "C1 next csi"),
    (b"broken utf-8 \xff\xfe \xed\xa0\x80 end", "broken utf-8 \ufffd\ufffd \ufffd\ufffd\ufffd end"),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """A registry, then one commit per hostile message (each renaming a department, with a
    hostile author too); returns the repository, the subjects expected (newest first) and the
    commit ids."""
    repo = new_repo(tmp_path_factory.mktemp("hostile"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start")
    expected = ["Start"]
    shas = [git(repo, "rev-parse", "HEAD")]
    authors = [b"Ev\x01il \xe2\x80\xae<x>", "名\uffff字".encode(), b"\x1e\x1f\x00",
               b"]]><script>"]
    for i, (msg, subject) in enumerate(HOSTILE):
        rename(repo, f"企业服务中心{i}")
        git(repo, "add", "-A")
        shas.append(raw_commit(repo, msg, author=authors[i % len(authors)],
                               when=1736474400 + 86400 * (i + 1)))
        expected.append(subject)
    # ordinary git commit with a control character, through `git commit -F`
    rename(repo, "企业服务中心-F")
    (repo / "msg").write_bytes(b"via commit -F \x1e\x01 ok\n")
    git(repo, "commit", "-q", "-a", "-F", "msg", date="2025-12-01T10:00:00+08:00")
    expected.append("via commit -F ok")
    shas.append(git(repo, "rev-parse", "HEAD"))
    # a message in Latin-1, as its encoding header says
    rename(repo, "企业服务中心-L")
    git(repo, "add", "directory")
    shas.append(raw_commit(repo, "Café latin".encode("latin-1"),
                           extra_headers=b"encoding ISO-8859-1\n", when=1766000000))
    expected.append("Café latin")
    # an encoding that is not one (git log would print the raw bytes)
    rename(repo, "企业服务中心-R")
    git(repo, "add", "directory")
    shas.append(raw_commit(repo, b"rot13 \xe4\xb8\xad", extra_headers=b"encoding rot13\n",
                           when=1766100000))
    expected.append("rot13 中")
    # nothing printable at all: the short commit id stands in
    rename(repo, "企业服务中心-E")
    git(repo, "add", "directory")
    sha = raw_commit(repo, "\x01\u202e\u200b\n\nbody".encode(), when=1766200000)
    shas.append(sha)
    expected.append(sha[:7])
    # a merged pull request: the body's first line joins the subject, cleaned as well
    rename(repo, "企业服务中心-M")
    git(repo, "add", "directory")
    shas.append(raw_commit(repo, b"Merge pull request #7 from x/y\n\nFix \x1e the \x01 name",
                           when=1766300000))
    expected.append("Merge pull request #7 from x/y: Fix the name")
    return repo, expected[::-1], shas[::-1]


def test_every_hostile_commit_is_read_and_cleaned(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    repo, expected, shas = hostile
    h = read_history(repo / "directory", limit=100)
    assert h is not None and h.total == len(expected)
    assert [e.commit.sha for e in h.entries] == shas
    assert [e.commit.subject for e in h.entries] == expected
    assert all(e.diff is not None for e in h.entries)
    assert [e.commit.date for e in h.entries][-2:] == ["2025-01-11", "2025-01-10"]


def test_the_feed_stays_valid_xml_with_every_commit(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    repo, expected, shas = hostile
    h = read_history(repo / "directory", limit=100)
    assert h is not None
    for site_url in (None, "https://example.org/remit/"):
        files = changes_files(h, "综保区责任名录", site_url)
        page, feed = files[0].content, files[1].content
        assert isinstance(page, str) and isinstance(feed, bytes)
        root = ET.fromstring(feed)
        minidom.parseString(feed)  # a second, independent XML parser
        entries = root.findall(f"{ATOM}entry")
        assert [x.findtext(f"{ATOM}title") for x in entries] == expected
        for x in entries:
            content = x.findtext(f"{ATOM}content") or ""
            assert content.startswith('<div class="remit-change"')
            assert "<script>" not in content
        text = feed.decode("utf-8")
        assert not FORBIDDEN.search(text) and not FORBIDDEN.search(page)
        assert "]]>" not in text and "<script>" not in text and "<script>" not in page
        for sha in shas:
            assert f"· {sha[:7]}\n" in page
        # author names never reach the public site
        assert "Ev" + "il" not in text and "名" + "\uffff" not in text
        page.encode("utf-8")  # no lone surrogate: every output can encode it
        json.dumps(page, ensure_ascii=False).encode("utf-8")


def test_entity_history_keeps_every_hostile_commit(
        hostile: tuple[Path, list[str], list[str]]) -> None:
    repo, expected, _ = hostile
    h = read_history(repo / "directory", limit=100)
    hist = entity_history(h, per_entity=100)
    centre = hist[("department", "service-centre")]
    assert [e.subject for e in centre] == expected
    block = history_html(centre, "en", changes_url="../../changes/")
    assert not FORBIDDEN.search(block) and "<script>" not in block
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block


def test_the_feed_cleans_whatever_reaches_it() -> None:
    """Even text that did not come through the history reader (a commit built by hand here,
    the site title, the site URL) cannot make the feed malformed."""
    evil = "a\x01b\x1ec\ufffe\uffff\ud800\u202e]]><script>"
    c = Commit(sha="0" * 40, date="2025-01-01", when="2025-01-01T00:00:00+00:00",
               subject=evil, parent=None)
    h = History((HistoryEntry(c, None, "shallow"),), 1, True, "directory", "en")
    xml = changes_feed(h, evil, site_url="https://example.org/\x01x/")
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.findtext(f"{ATOM}entry/{ATOM}title") == "a b c\ufffd\ufffd\ufffd]]><script>"
    assert not FORBIDDEN.search(xml)


@pytest.mark.parametrize(("raw", "one_line", "multi"), [
    ("plain text", "plain text", "plain text"),
    ("tab\there\nnext", "tab here next", "tab\there\nnext"),
    ("cr\r\nlf\rcr", "cr lf cr", "cr\nlf\ncr"),
    ("\x00\x01\x08\x0b\x0c\x1b\x1e\x1f\x7f", "", " " * 9),
    ("c1\x80\x85\x9f.", "c1 .", "c1   ."),
    ("non\ufffe\uffff\ufdd0\U0001fffe\U0010ffff", "non" + "\ufffd" * 5,
     "non" + "\ufffd" * 5),
    ("lone\ud800\udfff", "lone\ufffd\ufffd", "lone\ufffd\ufffd"),
    ("bidi\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
     "bidi", "bidi"),
    ("zero\u200b\u200c\u200d\u2060\ufeffwidth", "zerowidth", "zerowidth"),
    ("line\u2028para\u2029end", "line para end", "line para end"),
    ("中文 ]]> <b>&amp;", "中文 ]]> <b>&amp;", "中文 ]]> <b>&amp;"),
])
def test_clean_text(raw: str, one_line: str, multi: str) -> None:
    assert clean_text(raw) == one_line
    assert clean_text(raw, multiline=True) == multi
    assert clean_text(clean_text(raw)) == clean_text(raw)
