"""What changed, when: the registry's git history, as data for the changes page, its Atom feed
and per-entity notes (made by :mod:`generator.site.history_pages`).

The history is read with the real ``git`` command from the repository that holds the
registry folder. Each commit that touched the folder (along the first-parent line, so a
merged pull request is one change) is compared with its parent by
:mod:`generator.publish.diff`, on the public allow-list (internal contacts never appear).
Everything shown comes from the commits themselves (dates are commit dates), so the same
repository gives the same bytes.

Outside a git repository, or without git, :func:`read_history` returns ``None`` and the site
has no history section. In a shallow clone the page says how much history it saw.

History is data written by anyone who could push a commit, so it is read defensively:

- A revision's registry folder is read blob by blob (``git ls-tree`` + ``git cat-file
  --batch``) into a fresh temporary folder. Only regular files whose path stays inside the
  folder are written; symbolic links, submodules and paths with ``..`` or ``.git`` are
  skipped with a note (a warning :class:`~generator.diagnostics.Diagnostic` returned with the
  revision, and logged once on the ``remit.history`` logger), never followed and never an
  exception. ``git archive`` + :mod:`tarfile` was used before: its ``filter="data"`` refuses
  such members by raising, which aborts the whole extraction and so every build.
- Commit messages are read as raw objects (``git cat-file --batch``: each object arrives with
  its length, so no character in a subject can be mistaken for a separator) and cleaned once,
  here, by :func:`clean_text` before they reach HTML, the feed or JSON.
"""

from __future__ import annotations

import codecs
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load.revisions import (
    GitError,
    cat_batch,
    clean_text,
    git,
    load_revision,
    repo_root,
)
from generator.publish.changes import RegistryDiff
from generator.publish.diff import diff_registries

DEFAULT_LIMIT = 20
PER_ENTITY = 10


log = logging.getLogger("remit.history")


# --- commit text --------------------------------------------------------------------------


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding or "utf-8", "replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        # an unknown or non-text encoding named in the commit ("rot13", "base64")
        return data.decode("utf-8", "replace")


def _message(raw: bytes) -> tuple[str, str]:
    """(subject, body) of a raw commit object, as ``git log``'s %s and %b: the subject is
    the first paragraph joined into one line, the body the rest; both cleaned."""
    head, sep, msg = raw.partition(b"\n\n")
    if not sep:
        msg = b""
    encoding = "utf-8"
    for line in head.split(b"\n"):
        if line.startswith(b"encoding "):
            encoding = line[len(b"encoding "):].decode("ascii", "replace").strip()
    if not _is_text_encoding(encoding):  # unknown, or "rot13", "base64"...
        encoding = "utf-8"
    # paragraphs as git sees them (a blank line holds only spaces and tabs), then cleaned
    lines = _decode(msg, encoding).replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip(" \t\r"):
        i += 1
    subject = []
    while i < len(lines) and lines[i].strip(" \t\r"):
        subject.append(lines[i])
        i += 1
    body = clean_text("\n".join(lines[i:]), multiline=True).strip("\n")
    return clean_text(" ".join(subject)), body


def _is_text_encoding(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        return False
    return bool(getattr(info, "_is_text_encoding", True))


# --- reading the history ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, committer date in the committer's time zone
    when: str  # full ISO 8601 committer date (RFC 3339), used by the feed
    subject: str
    parent: str | None  # first parent, None for a root commit or a shallow boundary

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def anchor(self) -> str:
        return f"c-{self.short}"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    commit: Commit
    diff: RegistryDiff | None  # None when the parent is not in a shallow clone
    note: str = ""  # "created" | "shallow" | ""


@dataclass(frozen=True, slots=True)
class History:
    entries: tuple[HistoryEntry, ...]  # newest first
    total: int  # commits that touched the registry in this clone (first-parent line)
    shallow: bool
    prefix: str  # the registry folder, relative to the repository root
    lang: str


_CACHE_SIZE = 64
_DIFFS: OrderedDict[tuple[Any, ...], RegistryDiff] = OrderedDict()


def read_commits(root: Path, limit: int, spec: list[str]) -> list[Commit]:
    """The last ``limit`` commits along the first-parent line (limited to ``spec``).

    ``git log`` gives only what no author can shape (ids, parent ids, dates: ``-z`` and
    ``%H %cI %P``); the messages come from the raw objects (:func:`_cat_batch`), so no
    character in a subject or body can hide or split a commit. A subject with nothing
    printable left after :func:`clean_text` shows the commit's short id.
    """
    raw = git(["log", "--first-parent", f"-n{max(limit, 0)}", "-z", "--format=%H %cI %P",
                "HEAD", *spec], root)
    rows = [rec.decode("ascii", "replace").split() for rec in raw.split(b"\0")]
    rows = [r for r in rows if len(r) >= 2]
    messages = cat_batch(root, [r[0] for r in rows])
    out = []
    for sha, when, *parents in rows:
        subject, body = _message(messages.get(sha, b""))
        if subject.startswith("Merge pull request") and body.strip():
            subject = clean_text(f"{subject}: {body.strip().splitlines()[0]}")
        out.append(Commit(sha=sha, date=when[:10], when=when, subject=subject or sha[:7],
                          parent=parents[0] if parents else None))
    return out


def read_history(registry_path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT,
                 lang: str | None = None) -> History | None:
    """The last ``limit`` changes to the registry folder, each compared with its parent.

    ``registry_path`` is the registry folder (or its departments.yaml). None outside git.
    """
    path = Path(registry_path)
    folder = path if path.is_dir() else path.parent
    root = repo_root(folder)
    if root is None:
        return None
    try:
        prefix = folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    prefix = "" if prefix == "." else prefix
    spec = ["--", prefix] if prefix else []
    try:
        git(["rev-parse", "--verify", "--quiet", "HEAD"], root)
    except GitError:  # a repository without commits
        return History((), 0, False, prefix, lang or "zh")
    try:
        shallow = git(["rev-parse", "--is-shallow-repository"], root).strip() == b"true"
        total = int(git(["rev-list", "--first-parent", "--count", "HEAD", *spec], root))
        commits = read_commits(root, limit, spec)
    except GitError:
        return None
    entries = []
    for c in commits:
        try:
            new = load_revision(root, c.sha, prefix)
        except GitError:
            new = None
        if new is None:  # the commit removed the registry folder
            continue
        reg_new = new[0]
        the_lang = lang or reg_new.site.language
        if c.parent is None and shallow:
            entries.append(HistoryEntry(c, None, "shallow"))
            continue
        try:
            old = load_revision(root, c.parent, prefix) if c.parent else None
        except GitError:  # parent missing from a shallow or partial clone
            entries.append(HistoryEntry(c, None, "shallow"))
            continue
        key = (str(root), c.parent, c.sha, prefix, the_lang)
        diff = _DIFFS.get(key)
        if diff is None:
            diff = diff_registries(old[0] if old else None, reg_new, lang=the_lang,
                                   old_label=c.parent[:7] if c.parent else "-",
                                   new_label=c.short, public_only=True)
            _DIFFS[key] = diff
            while len(_DIFFS) > _CACHE_SIZE:
                _DIFFS.popitem(last=False)
        entries.append(HistoryEntry(c, diff, "created" if old is None else ""))
    if lang is None:
        lang = entries[0].diff.lang if entries and entries[0].diff else "zh"
    return History(tuple(entries), total, shallow, prefix, lang)


# --- per entity ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityEntry:
    """One change to one entity, for its page."""

    date: str
    sha: str
    subject: str
    action: str  # added / removed / renamed / id-changed / changed
    details: tuple[str, ...]
    lang: str

    @property
    def anchor(self) -> str:
        return f"c-{self.sha[:7]}"


def entity_history(h: History | None, per_entity: int = PER_ENTITY
                   ) -> dict[tuple[str, str], list[EntityEntry]]:
    """(kind, id) -> its changes, newest first, at most ``per_entity`` each.

    Kinds are those of :data:`generator.publish.diff.KINDS` (``department``, ``asset``, ``matter``,
    ``escalation``, ``dispute``, ``asset_type``). An entity whose id changed is listed under
    both ids. Empty outside git.
    """
    out: dict[tuple[str, str], list[EntityEntry]] = {}
    if h is None:
        return out
    for e in h.entries:
        if e.diff is None:
            continue
        c = e.commit
        for ch in e.diff.changes:
            entry = EntityEntry(c.date, c.sha, c.subject, ch.action,
                                tuple(d.text for d in ch.details), e.diff.lang)
            for key in ((ch.kind, ch.id), *(((ch.kind, ch.old_id),) if ch.old_id else ())):
                lst = out.setdefault(key, [])
                if len(lst) < per_entity:
                    lst.append(entry)
    return out


__all__ = ["Commit", "History", "HistoryEntry", "EntityEntry",
           "read_commits", "read_history", "entity_history"]
