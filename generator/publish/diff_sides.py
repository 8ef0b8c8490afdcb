"""The two sides of ``remit diff``: registry folders, or the registry folder at a git
revision (read through :mod:`generator.load.revisions`, never outside the repository)."""

from __future__ import annotations

from typing import Any

from generator import model as m

# --- sides: folders or git revisions -----------------------------------------------------


class DiffError(Exception):
    """A side that is neither a registry folder nor a git revision holding one."""


def load_side(spec: str, registry_dir: str = "directory"
              ) -> tuple[str, m.Registry | None, int, str | None]:
    """Load one side of a diff: (label, registry or None when absent, number of errors,
    where the registry's files are shown). The last is None for a folder (its files keep
    the paths they were read from) and, for a revision, the registry folder's path from
    the repository root ("directory"; "" for the root): such a registry is read from a
    temporary folder, and :func:`shown_file` names its files as in the repository.

    ``spec`` is a registry folder (or its departments.yaml), a git revision (``main``,
    ``HEAD~3``, a commit id; the registry is ``registry_dir`` inside it), or
    ``REV:PATH`` with a path from the repository root (a folder, or its departments.yaml).
    A revision in which the registry folder does not exist gives ``None`` (everything on
    the other side is "added").

    DiffError for a folder without departments.yaml, for a bad revision, and for a
    ``REV:PATH`` whose path is absolute, climbs out with ``..``, names ``.git``, is a file,
    or is a folder without a departments.yaml at that revision. A path that does not exist
    at ``REV`` is an error too, unless it is the registry folder of the working tree (then
    it is the registry before it was created).
    """
    from pathlib import Path

    from generator.diagnostics import ERROR
    from generator.load.registry import MAIN_FILE, find_main
    from generator.load.revisions import (
        GitError,
        UnsafePathError,
        load_revision,
        object_type,
        repo_root,
        resolve,
        safe_prefix,
    )

    p = Path(spec)
    if p.exists():
        if not find_main(p)[1].is_file():
            raise DiffError(f"'{spec}' names no registry: the folder holds no {MAIN_FILE}")
        reg, diags = _load(p)
        return spec, reg, sum(1 for d in diags if d.severity == ERROR), None
    rev, sep, path = spec.partition(":")
    root = repo_root(Path.cwd())
    if root is None:
        raise DiffError(f"'{spec}' is not a registry folder, and this is not a git "
                        "repository, so it cannot be a revision either")
    if not sep:
        try:
            path = Path(registry_dir).resolve().relative_to(root).as_posix()
        except ValueError:
            raise DiffError(f"the registry folder '{registry_dir}' is outside the git "
                            f"repository at {root}") from None
    try:
        path = safe_prefix(path)
    except UnsafePathError as exc:
        raise DiffError(f"'{spec}' names no registry: {exc}") from None
    try:
        sha = resolve(root, rev)
    except GitError as exc:
        raise DiffError(f"'{spec}' is not a registry folder nor a git revision "
                        f"({exc})") from None
    if sep and path.rsplit("/", 1)[-1] == MAIN_FILE:
        path = path.rpartition("/")[0]
    if sep:
        shown = f"'{path}'" if path else "the repository's root folder"
        kind = object_type(root, sha, path)
        if kind is None and not (root / path / MAIN_FILE).is_file():
            raise DiffError(f"'{spec}' names no registry: {shown} does not exist at {rev} "
                            "(and is not a registry folder in the working tree either)")
        if kind is not None and kind != "tree":
            raise DiffError(f"'{spec}' names no registry: {shown} is not a folder at {rev}")
        if kind == "tree" and object_type(root, sha, f"{path}/{MAIN_FILE}".lstrip("/")) \
                != "blob":
            raise DiffError(f"'{spec}' names no registry: {shown} holds no {MAIN_FILE} at "
                            f"{rev}")
    try:
        got = load_revision(root, sha, path)
    except GitError as exc:
        raise DiffError(f"'{spec}' is not a registry folder nor a git revision "
                        f"({exc})") from None
    if got is None:
        return spec, None, 0, path
    reg, diags = got
    return spec, reg, sum(1 for d in diags if d.severity == ERROR), path


def shown_file(reg: m.Registry, shown: str | None) -> Any:
    """A function naming the files of ``reg`` as in the repository (see :func:`load_side`):
    the folder its main file was read from becomes ``shown``."""
    import os

    main = reg.site.node.file if reg.site.node is not None else ""
    folder = os.path.dirname(main)

    def name(file: str) -> str:
        if shown is None or not folder or not file.startswith(folder + os.sep):
            return file
        rest = file[len(folder) + 1:].replace(os.sep, "/")
        return f"{shown}/{rest}" if shown else rest

    return name


def _load(p: Any) -> tuple[m.Registry, list[Any]]:
    from generator.load.registry import load

    return load(p)


__all__ = ["DiffError", "load_side", "shown_file"]
