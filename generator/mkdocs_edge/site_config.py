"""The site's ``mkdocs.yml`` and the remit plugin's options, read in one place.

Both the MkDocs plugin and ``remit render`` (which runs without MkDocs) take their options
from :func:`parse_options`, so the two paths accept the same values and report the same
located errors (``mkdocs.yml:12:14: error: plugins.remit.today: ...``). Nothing here
imports mkdocs: the file is read with PyYAML, keeping application tags such as
``!!python/name:`` and ``!ENV`` so that ``remit render`` can write it back.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import ERROR, Diagnostic
from generator.publish.qr_labels import SITE_LABELS_MAX
from generator.site.render import SEARCH_ASSETS_MAX

SEARCH_INDEX_MAX = 5_000_000  # bytes of search/search_index.json before the build warns
GAPS_LEVELS = ("warning", "info")


@dataclass(frozen=True)
class SiteOptions:
    """The remit plugin's options (``plugins: - remit: {...}`` in mkdocs.yml)."""

    registry: str = "directory"  # folder holding departments.yaml, relative to mkdocs.yml
    today: dt.date | None = None  # judge handovers as of this date (default: the build's)
    search_assets_max: int = SEARCH_ASSETS_MAX  # asset pages in Material's search index
    search_index_max: int = SEARCH_INDEX_MAX  # warn when the search index grows past this
    edit_uri: str | None = None  # registry edit links (default: edit_uri minus docs_dir)
    gaps: str = "warning"  # how open responsibility gaps are logged: warning or info
    history: int = 20  # commits of the registry folder read from git; 0: none
    internal: bool = False  # staff build: internal contacts shown, every page marked
    qr_labels_max: int = SITE_LABELS_MAX  # QR label pages while they hold at most this many


OPTION_NAMES = tuple(f.name for f in fields(SiteOptions))


class ConfigError(Exception):
    """mkdocs.yml cannot be used; ``diagnostics`` say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.text() for d in diagnostics))
        self.diagnostics = diagnostics


# --- reading and writing mkdocs.yml ------------------------------------------------------


class _Tagged:
    """A YAML node with an application tag (``!!python/name:...``, ``!ENV``), kept as is."""

    def __init__(self, tag: str, kind: str, value: Any) -> None:
        self.tag, self.kind, self.value = tag, kind, value


class _KeepLoader(yaml.SafeLoader):
    pass


class _KeepDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, "map", loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, "seq", loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, "str", loader.construct_scalar(node))  # type: ignore[arg-type]


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if data.kind == "map":
        return dumper.represent_mapping(data.tag, data.value)
    if data.kind == "seq":
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A date that is no date (``2026-13-45``) stays the text it is, for the option
    check to report with its line, instead of a ValueError from PyYAML."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_KeepLoader.add_multi_constructor("!", _construct_tagged)
_KeepLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_KeepLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_KeepDumper.add_representer(_Tagged, _represent_tagged)


def _shown(path: str | os.PathLike[str]) -> str:
    rel = os.path.relpath(path)
    return str(Path(path).absolute()) if rel.startswith("..") else rel


def read_mkdocs_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """mkdocs.yml as data, keeping tags such as ``!!python/name:`` for writing it back.
    Raises :class:`ConfigError` (located) when it cannot be read or is not a mapping."""
    shown = _shown(path)

    def fail(line: int, col: int, message: str) -> ConfigError:
        return ConfigError([Diagnostic(ERROR, shown, line, col, "", message, "bad-config")])

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_KeepLoader)  # noqa: S506 - SafeLoader subclass
    except FileNotFoundError:
        raise fail(0, 0, "file not found (give the site's mkdocs.yml with -f)") from None
    except UnicodeDecodeError:
        raise fail(0, 0, "not UTF-8 text; save mkdocs.yml as UTF-8") from None
    except OSError as exc:
        raise fail(0, 0, f"cannot read the file: {exc.strerror}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise fail(line, col, f"YAML syntax error: {exc.problem or exc.context}; fix the "
                   "line (mkdocs build would stop here too)") from None
    except yaml.YAMLError as exc:
        raise fail(0, 0, f"YAML error: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise fail(1, 1, "mkdocs.yml must be a mapping of settings (site_name: ..., "
                   "plugins: ...)")
    return data


def write_mkdocs_config(cfg: dict[str, Any], path: str | os.PathLike[str],
                        header: str = "") -> None:
    """Write ``cfg`` (as read by :func:`read_mkdocs_config`) back as YAML."""
    text = header + yaml.dump(cfg, Dumper=_KeepDumper, allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=100)
    Path(path).write_text(text, encoding="utf-8")


def plugin_entry(cfg: Mapping[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """(index in ``plugins``, raw options) of the remit plugin, or None."""
    plugins = cfg.get("plugins")
    if isinstance(plugins, dict):  # MkDocs also accepts plugins as a mapping
        plugins = [{k: v} for k, v in plugins.items()]
    for i, p in enumerate(plugins if isinstance(plugins, list) else []):
        if p == "remit":
            return i, {}
        if isinstance(p, dict) and "remit" in p:
            opts = p["remit"]
            return i, dict(opts) if isinstance(opts, dict) else {"": opts}
    return None


def option_positions(path: str | os.PathLike[str]) -> dict[str, tuple[int, int]]:
    """Where each remit option's value stands in mkdocs.yml: name -> (line, col); the
    plugin's own entry under ``""``. Empty when the file cannot be composed."""
    try:
        with open(path, encoding="utf-8") as fh:
            root = yaml.compose(fh, Loader=_KeepLoader)  # noqa: S506 - SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    plugins = next((v for k, v in root.value if getattr(k, "value", None) == "plugins"), None)
    items: list[yaml.Node] = []
    if isinstance(plugins, yaml.SequenceNode):
        items = plugins.value
    elif isinstance(plugins, yaml.MappingNode):
        items = [plugins]
    for item in items:
        if not isinstance(item, yaml.MappingNode):
            continue
        for k, v in item.value:
            if getattr(k, "value", None) != "remit":
                continue
            out = {"": (k.start_mark.line + 1, k.start_mark.column + 1)}
            if isinstance(v, yaml.MappingNode):
                for ok, ov in v.value:
                    if isinstance(ok.value, str):
                        out[ok.value] = (ov.start_mark.line + 1, ov.start_mark.column + 1)
            return out
    return {}


# --- the options -------------------------------------------------------------------------


def _int_option(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v if v >= 0 else None
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def _date_option(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and len(v) == 10:
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def parse_options(raw: Mapping[str, Any] | None, file: str = "mkdocs.yml",
                  positions: Mapping[str, tuple[int, int]] | None = None,
                  ) -> tuple[SiteOptions, list[Diagnostic]]:
    """The remit plugin's options from their raw values; every problem as a located
    :class:`Diagnostic` (``file:line:col``, the option's path, how to fix it)."""
    pos = positions or {}
    diags: list[Diagnostic] = []
    values: dict[str, Any] = {}

    def bad(name: str, message: str) -> None:
        line, col = pos.get(name, pos.get("", (0, 0)))
        path = f"plugins.remit.{name}" if name else "plugins.remit"
        diags.append(Diagnostic(ERROR, file, line, col, path, message, "bad-option"))

    for name, v in (raw or {}).items():
        if name == "":
            bad("", f"the plugin's options must be a mapping (remit: {{registry: directory}}), "
                f"not {v!r}")
            continue
        if name not in OPTION_NAMES:
            near = difflib.get_close_matches(str(name), OPTION_NAMES, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else \
                f" (options: {', '.join(OPTION_NAMES)})"
            bad(str(name), f"unknown option '{name}'{hint}")
            continue
        if v is None:
            continue
        if name in ("registry", "edit_uri"):
            if not isinstance(v, str) or (name == "registry" and not v.strip()):
                bad(name, f"{v!r} is not a {'folder' if name == 'registry' else 'path'}; "
                    "write it as text")
                continue
            values[name] = v
        elif name == "today":
            d = _date_option(v)
            if d is None:
                bad(name, f"'{v}' is not a date; write it as YYYY-MM-DD (2026-11-26)")
                continue
            values[name] = d
        elif name in ("search_assets_max", "search_index_max", "history", "qr_labels_max"):
            n = _int_option(v)
            if n is None:
                bad(name, f"'{v}' is not a whole number of 0 or more "
                    f"(default {getattr(SiteOptions, name)})")
                continue
            values[name] = n
        elif name == "gaps":
            if v not in GAPS_LEVELS:
                bad(name, f"'{v}' is not one of {', '.join(GAPS_LEVELS)}")
                continue
            values[name] = v
        elif name == "internal":
            if not isinstance(v, bool):
                bad(name, f"'{v}' is not true or false")
                continue
            values[name] = v
    return SiteOptions(**values), diags


def site_options(config_file: str | os.PathLike[str], raw: Mapping[str, Any] | None
                 ) -> tuple[SiteOptions, list[Diagnostic]]:
    """:func:`parse_options` with positions taken from ``config_file``."""
    return parse_options(raw, _shown(config_file), option_positions(config_file))


__all__ = ["SiteOptions", "ConfigError", "OPTION_NAMES", "SEARCH_ASSETS_MAX",
           "SEARCH_INDEX_MAX", "read_mkdocs_config", "write_mkdocs_config", "plugin_entry",
           "option_positions", "parse_options", "site_options"]
