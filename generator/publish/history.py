"""What changed, when: the registry's git history as a page, an Atom feed and per-entity notes.

The history is read with the real ``git`` command from the repository that holds the
registry folder. Each commit that touched the folder (along the first-parent line, so a
merged pull request is one change) is compared with its parent by :mod:`generator.publish.diff`, on
the public allow-list (internal contacts never appear). Everything shown comes from the
commits themselves (dates are commit dates), so the same repository gives the same bytes.

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
import html
import logging
import os
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from generator.load.revisions import (
    GitError,
    cat_batch,
    clean_text,
    git,
    load_revision,
    repo_root,
)
from generator.outfile import OutFile
from generator.publish.diff import RegistryDiff, diff_registries, render_html, summary_text

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


# --- the page and the feed ----------------------------------------------------------------


_TEXT = {
    "zh": {
        "title": "最近变更",
        "intro": "本页根据名录文件夹 {folder} 的 git 提交历史生成：每次变更的日期、说明，以及名录"
                 "内容上的变化。只显示对外公开的信息。",
        "seen": "共列出 {shown} 次变更；本仓库副本中名录共有 {total} 次变更。",
        "seen_all": "共 {total} 次变更。",
        "shallow": "这是一个浅克隆（shallow clone），只包含最近的部分提交历史，"
                   "更早的变更没有列出。",
        "feed": "订阅更新：",
        "none": "名录还没有提交过的变更。",
        "no_change": "名录内容没有变化（仅格式、注释或文件结构调整）。",
        "no_parent": "这是本副本中能看到的最早一次提交，无法与之前的版本比较。",
        "history": "变更记录",
        "more": "全部变更",
    },
    "en": {
        "title": "Recent changes",
        "intro": "Built from the git history of the registry folder {folder}: the date and "
                 "description of each change, and what it changed in the registry. Only "
                 "public information is shown.",
        "seen": "Showing the {shown} most recent changes; this clone holds {total} changes "
                "to the registry.",
        "seen_all": "{total} changes in all.",
        "shallow": "This is a shallow clone: it holds only the most recent commits, so older "
                   "changes are not listed.",
        "feed": "Subscribe:",
        "none": "The registry has no committed changes yet.",
        "no_change": "Nothing changed in the registry's content (formatting, comments or file "
                     "layout only).",
        "no_parent": "This is the oldest commit this clone holds; it cannot be compared with "
                     "the version before it.",
        "history": "History",
        "more": "All changes",
    },
}


def _t(lang: str) -> dict[str, str]:
    return _TEXT.get(lang, _TEXT["en"])


def history_title(lang: str) -> str:
    """The heading of an entity's own history section."""
    return _t(lang)["history"]


def entry_html(e: HistoryEntry, lang: str) -> str:
    """One change as an escaped HTML block (no line breaks inside)."""
    t = _t(lang)
    c = e.commit
    esc = html.escape
    head = f'<p class="remit-change-subject"><strong>{esc(c.subject)}</strong></p>'
    if e.diff is None:
        body = f'<p class="remit-diff-summary">{esc(t["no_parent"])}</p>'
    elif e.diff.empty and not e.diff.created:
        body = f'<p class="remit-diff-summary">{esc(t["no_change"])}</p>'
    else:
        body = render_html(e.diff)
    return f'<div class="remit-change" id="{esc(c.anchor)}">{head}{body}</div>'


def changes_page(h: History) -> str:
    """``changes/index.md``: every change, newest first."""
    t = _t(h.lang)
    esc = html.escape
    folder = f"{h.prefix}/" if h.prefix else "./"
    lines = [f"# {t['title']}", ""]
    intro = esc(t["intro"].format(folder=folder))
    shown = len(h.entries)
    seen = t["seen"].format(shown=shown, total=h.total) if shown < h.total else \
        t["seen_all"].format(total=h.total)
    sp = "" if h.lang == "zh" else " "
    lines.append(f'<p class="remit-history-intro">{intro}{sp}{esc(seen)}{sp}'
                 f'{esc(t["feed"])}{sp}<a href="feed.xml">Atom</a></p>')
    lines.append("")
    if h.shallow:
        lines += [f'<p class="remit-history-shallow"><em>{esc(t["shallow"])}</em></p>', ""]
    if not h.entries:
        lines += [f"<p>{esc(t['none'])}</p>", ""]
    for e in h.entries:
        c = e.commit
        lines += [f"## {c.date} · {c.short}", "", entry_html(e, h.lang), ""]
    return "\n".join(lines)


def _feed_id(site_url: str | None, title: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/changes/"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'remit-feed:' + title)}"


def _x(s: str) -> str:
    return xml_escape(clean_text(s, multiline=True))


def _qa(s: str) -> str:
    return quoteattr(clean_text(s))


def changes_feed(h: History, site_title: str, site_url: str | None = None) -> str:
    """``changes/feed.xml``: an Atom feed of the same changes (dates from the commits).

    Every text and attribute goes through :func:`clean_text` before it is escaped, so no
    character that XML 1.0 cannot carry (a control character, U+FFFF, a lone surrogate)
    reaches the feed, whether it came from a commit, the registry or the site settings:
    one such character makes feed readers drop the whole feed.
    """
    t = _t(h.lang)
    base = site_url.rstrip("/") + "/changes/" if site_url else ""
    title = f"{site_title} · {t['title']}"
    updated = h.entries[0].commit.when if h.entries else "1970-01-01T00:00:00Z"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_qa(h.lang)}>',
           f"  <title>{_x(title)}</title>",
           f"  <id>{_x(_feed_id(site_url, site_title))}</id>",
           f"  <updated>{_x(updated)}</updated>",
           f"  <author><name>{_x(site_title)}</name></author>",
           f'  <link rel="alternate" type="text/html" href={_qa(base or "./")}/>',
           '  <generator uri="https://remit.example.org/">remit</generator>']
    if base:
        out.append(f'  <link rel="self" type="application/atom+xml" '
                   f'href={_qa(base + "feed.xml")}/>')
    for e in h.entries:
        c = e.commit
        eid = (f"{base}#{c.anchor}" if base else
               f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'remit-commit:' + c.sha)}")
        if e.diff is None:
            summary = t["no_parent"]
        elif e.diff.empty and not e.diff.created:
            summary = t["no_change"]
        else:
            summary = summary_text(e.diff)
        out += ["  <entry>",
                f"    <id>{_x(eid)}</id>",
                f"    <title>{_x(c.subject)}</title>",
                f"    <updated>{_x(c.when)}</updated>",
                f'    <link rel="alternate" type="text/html" '
                f'href={_qa(f"{base}#{c.anchor}" if base else f"./#{c.anchor}")}/>',
                f'    <summary type="text">{_x(summary)}</summary>',
                f'    <content type="html">{_x(entry_html(e, h.lang))}</content>',
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def changes_files(h: History | None, site_title: str, site_url: str | None = None
                  ) -> list[OutFile]:
    """The "Recent changes" page and its feed; nothing outside git."""
    if h is None:
        return []
    t = _t(h.lang)
    return [OutFile("changes/index.md", changes_page(h), title=t["title"], nav=True),
            OutFile("changes/feed.xml", changes_feed(h, site_title, site_url).encode("utf-8"),
                    search=False)]


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


_ACTION_WORDS = {
    "zh": {"added": "新增", "removed": "删除", "renamed": "更名", "id-changed": "更换编号",
           "changed": "修改"},
    "en": {"added": "added", "removed": "removed", "renamed": "renamed",
           "id-changed": "id changed", "changed": "changed"},
}


def history_html(entries: list[EntityEntry], lang: str, changes_url: str | None = None,
                 heading: bool = True) -> str:
    """An entity's own short history as one escaped HTML block; "" when it has none.

    ``changes_url`` is the URL of the "Recent changes" page relative to the entity page
    (``../../changes/``); each entry then links to its commit there.
    """
    if not entries:
        return ""
    t = _t(lang)
    words = _ACTION_WORDS.get(lang, _ACTION_WORDS["en"])
    esc = html.escape
    items = []
    for e in entries:
        subject = esc(e.subject)
        if changes_url is not None:
            subject = f'<a href="{esc(changes_url + "#" + e.anchor)}">{subject}</a>'
        details = "".join(f"<li>{esc(d)}</li>" for d in e.details)
        details = f"<ul>{details}</ul>" if details else ""
        items.append(f'<li><time datetime="{esc(e.date)}">{esc(e.date)}</time> '
                     f'<strong class="remit-diff-{esc(e.action)}">'
                     f'{esc(words.get(e.action, e.action))}</strong> {subject}{details}</li>')
    head = f"<h2>{esc(t['history'])}</h2>" if heading else ""
    return f'<section class="remit-history">{head}<ul>{"".join(items)}</ul></section>'


__all__ = ["Commit", "History", "HistoryEntry", "EntityEntry",
           "read_commits", "read_history", "changes_page", "changes_feed",
           "changes_files", "entity_history", "history_html", "history_title", "entry_html"]
