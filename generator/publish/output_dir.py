"""Output folders that are safe by construction.

Every folder remit writes (``remit build -d``, ``remit render --out``, ``remit export
--out``, ``remit labels --out``, and MkDocs' own ``site_dir`` when the plugin runs) goes
through :func:`refusal` first. The rules, in order (the first that applies decides):

Refused (exit 2):

- a name longer than 255 bytes, or a path that goes under an existing file;
- the project folder (where mkdocs.yml is), the registry folder or the docs folder, or a
  folder that contains any of them (``.``, ``..``, ``~``, ``/``);
- a folder inside the registry or the docs folder, or inside a ``.git`` folder;
- the root of a git work tree (a folder holding ``.git``);
- a folder holding the :data:`MARKER` of another command (``remit export`` output is no
  place for ``remit render``), or of the other kind of build (a staff build never goes into
  a public build's folder, nor the other way round), or an unreadable marker;
- a staff build into ``site/`` next to mkdocs.yml (the public site's default folder);
- any other folder that exists, is not empty and carries no marker of the same command --
  except, for a site build (which replaces the whole folder, as MkDocs empties its
  ``site_dir``), ``site/`` and ``site-internal/`` next to mkdocs.yml (the dedicated output
  folders), the ``site_dir`` mkdocs.yml names, and a folder MkDocs built before (it holds
  ``sitemap.xml.gz``).

Allowed: a folder that does not exist, an empty one, one that carries remit's marker from
an earlier run of the same command, and the exceptions above.

Then each command replaces only what it owns:

- ``remit build`` builds into a fresh hidden folder beside the site
  (``.<name>.new-XXXX``), locked while the build runs, and swaps it in only when the build
  succeeded; hidden entries of the previous site (``.nojekyll``, ``.well-known``) are
  carried over, as ``mkdocs build`` keeps them. Leftovers of a killed build are removed by
  the next build (:func:`clean_leftovers`); a site folder lost between the two renames of a
  swap is put back first.
- ``remit render``, ``remit export`` and ``remit labels`` write files into the folder and
  list them in the marker (:func:`write_owned`): a re-run deletes the files it wrote before
  and does not write now (a removed matter's Open311 definition), never a file it did not write, and
  refuses to overwrite one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: leftovers are never "in use"
    fcntl = None  # type: ignore[assignment]

#: The file remit leaves in every folder it wrote: JSON naming the command, whether the
#: output is a staff build, and (render, export) every file it wrote.
MARKER = ".remit-output"
#: The longest file or folder name most file systems accept, in bytes.
NAME_MAX = 255
#: Output folders that belong to the site build next to mkdocs.yml.
DEDICATED = ("site", "site-internal")
#: A file MkDocs writes into every site it builds (and nobody writes by hand).
MKDOCS_MARK = "sitemap.xml.gz"

_WHAT = {"build": "remit build", "mkdocs": "mkdocs build", "render": "remit render",
         "export": "remit export", "labels": "remit labels"}


class OutputError(Exception):
    """A folder remit will not or cannot write; ``code`` is the exit status (2: choose
    another folder, 1: the folder could not be written)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _too_long(path: str | os.PathLike[str]) -> str | None:
    """The message when a name in ``path`` is too long or cannot be a file name."""
    for part in Path(path).parts:
        try:
            n = len(os.fsencode(part))
        except UnicodeEncodeError:
            return f"'{part!r}' cannot be a file name"
        if n > NAME_MAX:
            return (f"the name '{part[:40]}...' is {n} bytes long; file systems accept at most "
                    f"{NAME_MAX} bytes")
    return None


def _resolve(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def read_marker(folder: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The marker of ``folder``: None when there is none; ``{}`` when it is unreadable."""
    p = Path(folder) / MARKER
    try:
        st = os.lstat(p)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("remit") not in _WHAT:
        return {}
    files = data.get("files", {})
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in files.items()):
        return {}
    return data


def refusal(target: str | os.PathLike[str], project_root: str | os.PathLike[str] | None,
            registry_dir: str | os.PathLike[str] | None = None,
            docs_dir: str | os.PathLike[str] | None = None, *, command: str = "mkdocs",
            internal: bool | None = None,
            dedicated: Iterable[str | os.PathLike[str]] = ()) -> str | None:
    """Why ``command`` must not write the folder ``target``, or None when it may.

    ``command`` is ``"build"`` (remit build: the folder is replaced whole), ``"mkdocs"``
    (MkDocs' ``site_dir``, which MkDocs empties), ``"render"``, ``"export"`` or
    ``"labels"`` (files added and listed in the marker). ``internal`` says whether a site
    build is a staff build (None: not known, not checked). ``dedicated`` adds folders a site
    build may replace although they carry no marker (the ``site_dir`` of mkdocs.yml). The
    rules are in this module's documentation. The message says what, why and what to do."""
    site_build = command in ("build", "mkdocs")
    what_out = {"render": "the rendered site", "export": "the exports",
                "labels": "the labels"}.get(
        command, "a staff build" if internal else "the site")
    shown = str(target) if len(str(target)) <= 120 else str(target)[:60] + "..."
    head = f"refusing to write {what_out} into '{shown}'"
    fix = "Choose a new or empty folder" + (
        " (the default, site-internal/ next to mkdocs.yml, is fine)" if site_build and internal
        else " (the default, site/ next to mkdocs.yml, is fine)" if site_build else "") + "."
    harm = "the build would delete" if site_build else "the output would mix with"

    def no(why: str, then: str = fix) -> str:
        return f"{head}: {why}. {then}"

    long = _too_long(os.path.abspath(target))
    if long:
        return no(long, "Choose a shorter name.")
    try:
        t = _resolve(target)
    except (OSError, ValueError) as exc:
        return no(f"it cannot be resolved ({exc})")
    # the nearest part of the path that exists must be a folder
    p = t
    while True:
        try:
            st = os.stat(p)
        except (FileNotFoundError, NotADirectoryError):
            if p.parent == p:
                break
            p = p.parent
            continue
        except OSError as exc:
            return no(f"{p} cannot be read ({exc.strerror})")
        if not stat.S_ISDIR(st.st_mode):
            return no("it is a file, not a folder" if p == t else
                      f"it lies under {p}, which is a file, not a folder")
        break
    exists = p == t
    protected = [(project_root, "the project folder (where mkdocs.yml is)"),
                 (registry_dir, "the registry folder"), (docs_dir, "the docs folder")]
    for i, (folder, what) in enumerate(protected):
        if folder is None:
            continue
        f = _resolve(folder)
        if f == t:
            return no(f"it is {what}, and {'the build would replace' if site_build else harm}"
                      " it")
        if f.is_relative_to(t):
            return no(f"it contains {what} ({f}), and {harm} it")
        if i > 0 and t.is_relative_to(f):
            back = "registry files" if i == 1 else "pages"
            return no(f"it lies inside {what} ({f}), where the output would be read back as "
                      f"{back}", fix[:-1] + " outside it.")
    if ".git" in t.parts:
        return no("it lies inside a git repository's own .git folder")
    if not exists:
        return _staff_in_public(head, t, project_root, internal, site_build)
    if os.path.lexists(t / ".git"):
        return no(f"it is the root of a git work tree (it holds .git), and {harm} the "
                  "repository", fix[:-1] + "; a new subfolder of the repository will do.")
    marker = read_marker(t)
    if marker == {}:
        return no(f"it holds a {MARKER} file remit cannot read, so remit cannot tell which "
                  "files there are its own", "Remove the folder or c" + fix[1:])
    if marker:
        owner = marker["remit"]
        ok = owner == command or (site_build and owner in ("build", "mkdocs"))
        if not ok:
            return no(f"it holds the output of `{_WHAT[owner]}`, and `{_WHAT[command]}` "
                      f"would {'replace' if site_build else 'mix with'} it")
        if internal is not None and bool(marker.get("internal")) != internal:
            was = "a staff build" if marker.get("internal") else "a public build"
            return no(f"it holds {was}; a staff build and a public build never share a "
                      "folder, so that internal contacts cannot end up in the public site")
        return None
    refused = _staff_in_public(head, t, project_root, internal, site_build)
    if refused:
        return refused
    try:
        with os.scandir(t) as it:
            empty = next(it, None) is None
    except OSError as exc:
        return no(f"it cannot be read ({exc.strerror})")
    if empty:
        return None
    if site_build:
        root = _resolve(project_root) if project_root is not None else None
        ours = {root / n for n in DEDICATED} if root is not None else set()
        ours |= {_resolve(d) for d in dedicated}
        if t in ours or (t / MKDOCS_MARK).is_file():
            return None
    return no(f"it is not empty and remit did not write it (it has no {MARKER} file), so "
              f"{harm} files that are not remit's")


def _staff_in_public(head: str, t: Path, project_root: str | os.PathLike[str] | None,
                     internal: bool | None, site_build: bool) -> str | None:
    if not (site_build and internal) or project_root is None:
        return None
    if t == _resolve(project_root) / "site":
        return (f"{head}: it is the public site's default folder. A staff build goes to "
                "site-internal/ next to mkdocs.yml (remit build --internal does this) or to "
                "another new or empty folder.")
    return None


# --- render and export: files listed in the marker -------------------------------------------


@dataclass(frozen=True)
class Written:
    written: int
    removed: int


def _check_rel(rel: str) -> str | None:
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(x in ("", ".", "..") for x in parts):
        return f"'{rel}' is not a plain relative path"
    if rel == MARKER:
        return f"'{rel}' is remit's own marker"
    return _too_long(rel)


def _write_marker(folder: Path, data: dict[str, Any]) -> None:
    tmp = folder / (MARKER + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def write_owned(target: str | os.PathLike[str], files: Mapping[str, bytes], *,
                command: str, group: str, internal: bool = False) -> Written:
    """Write ``files`` (POSIX paths relative to ``target`` → bytes) into ``target`` and
    list them in its marker under ``group`` (the export format; ``render``); then delete
    the files the marker listed under ``group`` that are not written now, and the folders
    that leaves empty. Files the marker does not list are never written over nor deleted:
    a file in the way is an :class:`OutputError` (code 2) before anything is written.
    :func:`refusal` must have allowed ``target``. OS errors are an OutputError (code 1)."""
    out = _resolve(target)
    bad = [m for m in (_check_rel(r) for r in files) if m]
    if bad:
        raise OutputError(f"cannot write into '{target}': {bad[0]}", 1)
    old = read_marker(out) or {}
    owned: dict[str, str] = dict(old.get("files", {}))
    in_the_way: list[str] = []
    for rel in sorted(files):
        p = out
        parts = rel.split("/")
        for i, part in enumerate(parts):
            p = p / part
            try:
                st = os.lstat(p)
            except FileNotFoundError:
                break
            except OSError as exc:
                raise OutputError(f"cannot write into '{target}': {p}: {exc.strerror}",
                                  1) from None
            last = i == len(parts) - 1
            if not last and not stat.S_ISDIR(st.st_mode):
                in_the_way.append("/".join(parts[:i + 1]) + (
                    " (a link)" if stat.S_ISLNK(st.st_mode) else " (a file)"))
                break
            if last and (rel not in owned or stat.S_ISDIR(st.st_mode)):
                in_the_way.append(rel)
    if in_the_way:
        more = f" and {len(in_the_way) - 5} more" if len(in_the_way) > 5 else ""
        one = len(in_the_way) == 1
        raise OutputError(f"refusing to write into '{target}': {', '.join(in_the_way[:5])}"
                          f"{more} {'is' if one else 'are'} in the way, and `{_WHAT[command]}` "
                          f"did not write {'it' if one else 'them'} (so it will not write over "
                          f"{'it' if one else 'them'}). Move {'it' if one else 'them'} away or "
                          "choose a new or empty folder.")
    stale = sorted(r for r, g in owned.items() if g == group and r not in files)
    try:
        out.mkdir(parents=True, exist_ok=True)
        claim = dict(owned) | dict.fromkeys(files, group)
        _write_marker(out, {"remit": command, "internal": internal, "files": claim})
        for rel in sorted(files):
            p = out / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if p.is_symlink():
                p.unlink()
            p.write_bytes(files[rel])
        removed = 0
        for rel in stale:
            p = out / rel
            if p.is_symlink() or p.is_file():
                p.unlink()
                removed += 1
            _prune(out, p.parent)
        final = {r: g for r, g in owned.items() if r not in stale} | dict.fromkeys(files,
                                                                                    group)
        _write_marker(out, {"remit": command, "internal": internal, "files": final})
    except OSError as exc:
        raise OutputError(f"cannot write into '{target}': {exc.filename or out}: "
                          f"{exc.strerror or exc}", 1) from None
    return Written(len(files), removed)


def _prune(top: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents up to ``top`` (kept) while they are empty."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# --- build: a fresh folder, swapped in ------------------------------------------------------


def _stem(name: str) -> str:
    """The site folder's name as its hidden copies spell it: short enough that
    ``.<stem>.new-XXXXXXXX`` stays within :data:`NAME_MAX` bytes."""
    while len(os.fsencode(name)) > NAME_MAX - 20:
        name = name[:-1]
    return name


def _leftover_pattern(site: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(_stem(site.name))}\.(new|old)-[A-Za-z0-9_]+")


def _try_lock(folder: Path) -> int | None:
    """An open descriptor of ``folder`` holding an exclusive lock on it; None when
    another build holds it (or the folder cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    if fcntl is None:  # pragma: no cover
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def clean_leftovers(site: str | os.PathLike[str]) -> list[Path]:
    """Remove the hidden copies a killed or crashed ``remit build`` left beside ``site``
    (``.<name>.new-*``, ``.<name>.old-*``); a copy a running build still holds (its
    folder is locked) is kept. When ``site`` itself is missing (killed between the two
    renames of a swap) the previous site is put back first. Returns what was removed."""
    site = _resolve(site)
    pattern = _leftover_pattern(site)
    try:
        names = sorted(os.listdir(site.parent))
    except OSError:
        return []
    found = [(site.parent / n, pattern.fullmatch(n)) for n in names]
    leftovers = [(p, mo.group(1)) for p, mo in found if mo and p.is_dir()
                 and not p.is_symlink()]
    locks: list[tuple[Path, str, int]] = []
    busy = False
    for p, kind in leftovers:
        fd = _try_lock(p)
        if fd is None:
            busy = True
        else:
            locks.append((p, kind, fd))
    removed: list[Path] = []
    try:
        if busy:  # another build of this site is running: leave its old copy alone too
            for _, kind, fd in locks:
                if kind == "old":
                    os.close(fd)
            locks = [x for x in locks if x[1] == "new"]
        elif not os.path.lexists(site):
            for p, kind, _ in locks:
                if kind == "old":
                    # older remit versions kept the old site as .<name>.old-XXXX/<name>
                    nested = os.listdir(p) == [site.name] and (p / site.name).is_dir()
                    src = p / site.name if nested else p
                    try:
                        os.replace(src, site)
                    except OSError:
                        continue
                    break
        for p, _, _ in locks:
            if os.path.lexists(p):
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
    finally:
        for _, _, fd in locks:
            os.close(fd)
    return removed


class FreshSite:
    """``remit build``'s fresh folder beside the site: leftovers cleaned on entry, the
    folder locked while the build runs (pass :attr:`fd` to the builder process so the lock
    lives as long as it does), :meth:`publish` swaps it in, and leaving without publishing
    removes it."""

    def __init__(self, site: str | os.PathLike[str], *, internal: bool = False) -> None:
        self.site = _resolve(site)
        self.internal = internal
        self.tmp: Path | None = None
        self.fd: int | None = None

    def __enter__(self) -> FreshSite:
        clean_leftovers(self.site)
        stem = _stem(self.site.name)
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{stem}.new-", dir=self.site.parent))
        except OSError as exc:
            raise OutputError(f"cannot write the site into '{self.site}': "
                              f"{exc.filename or self.site.parent}: {exc.strerror or exc}",
                              1) from None
        self.fd = _try_lock(self.tmp)
        return self

    def publish(self) -> None:
        """Mark the fresh site, carry the previous site's hidden entries over, and swap."""
        assert self.tmp is not None
        site, tmp = self.site, self.tmp
        old: Path | None = None
        try:
            (tmp / MARKER).write_text(json.dumps({"remit": "build", "internal":
                                                  self.internal}) + "\n", encoding="utf-8")
            if site.is_dir():
                with os.scandir(site) as it:
                    hidden = [e for e in it if e.name.startswith(".") and e.name != MARKER]
                for e in hidden:
                    dst = tmp / e.name
                    if os.path.lexists(dst):
                        continue
                    if e.is_dir(follow_symlinks=False):
                        shutil.copytree(e.path, dst, symlinks=True)
                    else:
                        shutil.copy2(e.path, dst, follow_symlinks=False)
            if os.path.lexists(site):
                old = Path(tempfile.mkdtemp(prefix=f".{_stem(site.name)}.old-",
                                            dir=site.parent))
                old.rmdir()
                os.replace(site, old)
            os.replace(tmp, site)
        except OSError as exc:
            if old is not None and not os.path.lexists(site):
                os.replace(old, site)
            raise OutputError(f"cannot write the site into '{site}': {exc.filename or site}: "
                              f"{exc.strerror or exc}; the previous site is unchanged",
                              1) from None
        self.tmp = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
