"""The registry folder as it is at a git revision, read safely.

A revision's registry folder is read blob by blob (``git ls-tree`` + ``git cat-file
--batch``) into a fresh temporary folder and loaded like any other registry. Only regular
files whose path stays inside the folder are written; symbolic links, submodules and paths
with ``..`` or ``.git`` are skipped with a note (a warning
:class:`~generator.diagnostics.Diagnostic` returned with the revision, and logged once on
the ``remit.history`` logger), never followed and never an exception. Used by
:mod:`generator.publish.diff` (``remit diff REV``) and :mod:`generator.publish.history`.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from generator import model as m
from generator.diagnostics import WARNING, Diagnostic

GIT_TIMEOUT = 120

log = logging.getLogger("remit.history")


# --- text from history ----------------------------------------------------------------


def _noncharacters() -> str:
    ranges = ["\ufdd0-\ufdef"]
    for plane in range(17):
        lo = plane * 0x10000 + 0xFFFE
        ranges.append(f"{chr(lo)}{chr(lo + 1)}")
    return "".join(ranges)


# characters no output can carry (XML 1.0 refuses them; HTML calls them errors; JSON
# encoders refuse or mangle lone surrogates): replaced with U+FFFD
_INVALID = re.compile(f"[\ud800-\udfff{_noncharacters()}]")
# C0 and C1 controls (tab and newline handled by the caller), and the line/paragraph
# separators: a space, as they separate words
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# invisible characters that reorder or hide text (bidi embeddings, overrides, isolates and
# marks; zero-width spaces and joiners; the BOM; interlinear annotations): dropped
_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff\ufff9-\ufffb]")


def clean_text(s: str, multiline: bool = False) -> str:
    """Text from git history (or anything bound for the feed) made safe for every output.

    Lone surrogates and noncharacters (U+FFFE, U+FFFF...) become U+FFFD; C0/C1 control
    characters become spaces, except tab and newline in ``multiline`` text (CR LF and CR
    become newlines); bidi controls and zero-width characters are dropped. One-line text
    (the default) has its white space collapsed to single spaces.
    """
    s = _INVALID.sub("\ufffd", s)
    if multiline:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
        s = _CONTROLS.sub(" ", s)
    else:
        s = _CONTROLS.sub(" ", s.replace("\t", " ").replace("\n", " "))
    s = _INVISIBLE.sub("", s)
    return s if multiline else " ".join(s.split())


# --- revisions --------------------------------------------------------------------------


class GitError(Exception):
    """git failed (not installed, not a repository, unknown revision...)."""


class UnsafePathError(GitError):
    """A path inside a revision that is absolute, climbs out with ``..`` or names ``.git``."""


def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        p = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=stdin,
                           capture_output=True, env=env, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from None
    if p.returncode != 0:
        msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {args[0]} failed")
    return p.stdout


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None."""
    path = Path(path).resolve()
    cwd = path if path.is_dir() else path.parent
    if not cwd.is_dir():
        return None
    try:
        out = git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8").strip()
    except GitError:
        return None
    return Path(out).resolve() if out else None


def resolve(root: Path, rev: str) -> str:
    """The commit id of ``rev`` (GitError when it is not a commit)."""
    if not rev or rev.startswith("-"):
        raise GitError(f"bad revision '{rev}'")
    try:
        out = git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{rev}^{{commit}}"], root).decode().strip()
    except GitError:
        out = ""
    if not out:
        raise GitError(f"unknown revision '{rev}'")
    return out


def safe_prefix(prefix: str) -> str:
    """``prefix`` (a folder inside a revision, from the repository root) in a clean form:
    no leading or doubled ``/``, no ``.``; ``""`` for the root.

    UnsafePathError when it is absolute, has a ``..`` part (git trees have no parent
    folder to climb to) or names git's own ``.git`` folder.
    """
    if prefix.startswith("/"):
        raise UnsafePathError(f"'{prefix}' is an absolute path; give a folder inside the "
                              "repository, from its root (REV:directory)")
    parts = [x for x in prefix.split("/") if x not in ("", ".")]
    if ".." in parts:
        raise UnsafePathError(f"'{prefix}' leaves the folder it starts from ('..'); give a "
                              "folder inside the repository, from its root (REV:directory)")
    if any(x.casefold() == ".git" for x in parts):
        raise UnsafePathError(f"'{prefix}' names git's own .git folder, not a registry")
    return "/".join(parts)


def _tree(root: Path, sha: str, prefix: str) -> str | None:
    """The object id of ``prefix`` at commit ``sha`` (None when it does not exist there)."""
    spec = f"{sha}:{prefix}" if prefix else f"{sha}^{{tree}}"
    try:
        return git(["rev-parse", "--verify", "--quiet", spec], root).decode().strip() or None
    except GitError:
        return None


def object_type(root: Path, sha: str, prefix: str) -> str | None:
    """``tree``, ``blob``, ``commit`` (a submodule)... for ``prefix`` at commit ``sha``;
    None when there is nothing at that path."""
    oid = _tree(root, sha, prefix)
    if oid is None:
        return None
    try:
        return git(["cat-file", "-t", oid], root).decode("ascii", "replace").strip() or None
    except GitError:  # a submodule's commit is not in this repository
        return "commit"


def cat_batch(root: Path, oids: list[str]) -> dict[str, bytes]:
    """The raw contents of ``oids`` from one ``git cat-file --batch``; missing ones left out.

    Every object comes with its size in bytes, so its contents are read by length: nothing
    inside an object (a NUL, a newline, a record separator) can split or merge objects.
    """
    if not oids:
        return {}
    raw = git(["cat-file", "--batch"], root, stdin="".join(f"{o}\n" for o in oids).encode())
    out: dict[str, bytes] = {}
    pos = 0
    while pos < len(raw):
        nl = raw.find(b"\n", pos)
        if nl < 0:
            break
        head = raw[pos:nl].decode("ascii", "replace").split()
        pos = nl + 1
        if len(head) != 3:  # "<oid> missing" (or "ambiguous")
            continue
        try:
            size = int(head[2])
        except ValueError:
            break
        out[head[0]] = raw[pos:pos + size]
        pos += size + 1  # the object, then a newline
    return out


_NOTED: set[tuple[str, str, str]] = set()
_REGULAR = (b"100644", b"100755", b"100664")


def _skipped(where: str, name: str, oid: str, why: str) -> Diagnostic:
    shown = clean_text(name)
    d = Diagnostic(WARNING, where + shown, 0, 0, "",
                   f"skipped in the git history: {why}", "history-skipped")
    key = (shown, oid, why)
    if key not in _NOTED:  # each skipped object once per process, not once per revision
        _NOTED.add(key)
        log.warning("remit: %s", d.text())
    return d


def _write_tree(root: Path, tree: str, dest: Path, where: str) -> list[Diagnostic]:
    """Write the regular files of ``tree`` (recursively) under ``dest``, a fresh empty folder;
    ``where`` (``abc1234:directory/``) starts the notes' file names.

    Nothing written can land outside ``dest``: every path comes from git's own tree listing,
    parts ``..``, ``.`` and ``.git`` are refused, the folders are made here (so none of them
    is a link) and files are opened with O_EXCL|O_NOFOLLOW. Symbolic links, submodules and
    anything else are skipped with a note; so is a file the file system cannot hold (a name
    too long, two names that differ only in case on a case-insensitive disk).
    """
    notes: list[Diagnostic] = []
    listing = git(["ls-tree", "-r", "-z", "--full-tree", tree], root)
    wanted: list[tuple[list[bytes], str, str]] = []
    for rec in listing.split(b"\0"):
        meta, tab, raw_name = rec.partition(b"\t")
        if not tab:
            continue
        fields = meta.split(b" ")
        if len(fields) != 3:
            continue
        mode, typ, oid_b = fields
        oid = oid_b.decode("ascii", "replace")
        name = raw_name.decode("utf-8", "replace")
        parts = raw_name.split(b"/")
        if any(x in (b"", b".", b"..") or x.lower() == b".git" for x in parts):
            notes.append(_skipped(where, name, oid, "a path that leaves the registry folder "
                                  "('..', '.' or '.git') is not read"))
        elif mode == b"120000":
            notes.append(_skipped(where, name, oid, "a symbolic link is not followed (links "
                                  "may point outside the registry folder)"))
        elif typ == b"commit":
            notes.append(_skipped(where, name, oid, "a submodule is not read"))
        elif typ != b"blob" or mode not in _REGULAR:
            notes.append(_skipped(where, name, oid, f"an entry of mode {mode.decode()} is "
                                  "not a regular file"))
        else:
            wanted.append((parts, oid, name))
    blobs = cat_batch(root, sorted({oid for _, oid, _ in wanted}))
    base = os.fsencode(dest)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_BINARY", 0)
    for parts, oid, name in wanted:
        data = blobs.get(oid)
        if data is None:  # a partial clone without that blob
            notes.append(_skipped(where, name, oid, "the file's contents are not in this "
                                  "clone"))
            continue
        try:
            folder = base
            for part in parts[:-1]:
                folder = os.path.join(folder, part)
                if not os.path.isdir(folder) or os.path.islink(folder):
                    os.mkdir(folder, 0o755)
            fd = os.open(os.path.join(folder, parts[-1]), flags, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            notes.append(_skipped(where, name, oid, "the file cannot be written here "
                                  f"({exc.strerror or exc})"))
    return notes


_LOADED: OrderedDict[tuple[str, str, str], tuple[m.Registry, list[Any]]] = OrderedDict()
_CACHE_SIZE = 64


def load_revision(root: Path, rev: str, prefix: str
                  ) -> tuple[m.Registry, list[Any]] | None:
    """Load the registry folder ``prefix`` (relative to the repository root) as it is at
    ``rev``: its regular files, read from git's objects into a temporary folder (see
    :func:`_write_tree`), then ``registry.load``.

    The diagnostics start with a warning (code ``history-skipped``) for each symbolic link,
    submodule or unsafe path that was left out. None when the folder does not exist at that
    revision (or is not a folder there); GitError for a bad revision; UnsafePathError when
    ``prefix`` leaves the repository or names ``.git``.
    """
    from generator.load.registry import load

    prefix = safe_prefix(prefix)
    sha = resolve(root, rev)
    tree = _tree(root, sha, prefix)
    if tree is None:
        return None
    key = (str(root), tree, prefix)
    if key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    if object_type(root, sha, prefix) != "tree":
        return None
    where = f"{sha[:7]}:{prefix}/" if prefix else f"{sha[:7]}:"
    with tempfile.TemporaryDirectory(prefix="remit-rev-") as tmp:
        folder = Path(tmp) / "registry"
        folder.mkdir()
        notes = _write_tree(root, tree, folder, where)
        reg, diags = load(folder)
    got: tuple[m.Registry, list[Any]] = (reg, [*notes, *diags])
    _LOADED[key] = got
    while len(_LOADED) > _CACHE_SIZE:
        _LOADED.popitem(last=False)
    return got
