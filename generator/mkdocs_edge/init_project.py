"""``remit init``: a new remit project, or the published addresses of an existing one.

A new project (no ``mkdocs.yml`` in the folder) gets ``mkdocs.yml`` (``site_url``,
``repo_url``, ``repo_name``, ``edit_uri``, the remit plugin), a starter registry in
``directory/`` that passes ``remit check``, ``content/index.md``, the registry's JSON
Schema for editors, the GitHub workflows (``publish.yml``: check, build, Pages, daily
rebuild; ``freshness.yml`` and ``scripts/freshness_issue.py``: the one issue of stale
contacts and overdue dates), ``.gitlab-ci.yml`` (GitLab Pages), ``requirements.txt`` (how
CI installs remit) and ``.gitignore``. No file is ever overwritten: when one of them exists
nothing is written and every such file is named.

An existing project (``mkdocs.yml`` present) gets only its addresses set: the values of
``site_url``, ``repo_url``, ``repo_name`` and ``edit_uri`` are replaced in the text (found
by their exact positions), so comments, order, tags such as ``!ENV`` and the rest of the
file stay byte for byte.

``repo_url`` comes from ``--repo-url``, else from ``git remote get-url origin`` (an SSH
address becomes the web address; a user name or token in it is dropped). The edit links
follow the host's form: ``edit/BRANCH/`` (GitHub, Gitee), ``-/edit/BRANCH/`` (GitLab),
``_edit/BRANCH/`` (Gitea, Forgejo, Codeberg). Nothing here imports mkdocs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from generator.model.schema import schema_json

STARTER = Path(__file__).parent / "starter"
PLACEHOLDER_REQUIREMENT = "remit @ git+https://example.org/remit.git@main"


class InitError(Exception):
    """A usage problem: the message says what to do (exit 2, nothing written)."""


@dataclass
class Addresses:
    """What ``remit init`` sets in ``mkdocs.yml``; None: left as it is (or out)."""

    site_url: str | None = None
    repo_url: str | None = None
    repo_name: str | None = None
    edit_uri: str | None = None
    branch: str = "main"
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in (("site_url", self.site_url), ("repo_url", self.repo_url),
                                    ("repo_name", self.repo_name),
                                    ("edit_uri", self.edit_uri)) if v is not None]


# --- addresses -----------------------------------------------------------------------------

_SCP = re.compile(r"^(?:[\w.+-]+@)?(?P<host>[\w.-]+):(?!//)(?P<path>[^\\]+)$")


def web_url(remote: str) -> str | None:
    """The web address of a git remote: ``git@github.com:org/repo.git`` and
    ``ssh://git@host:2222/org/repo`` -> ``https://host/org/repo``; credentials in an https
    address are dropped; None for a local path or anything else."""
    remote = remote.strip()
    m = _SCP.match(remote)
    if m and "/" not in m.group("host"):
        host, path = m.group("host"), m.group("path")
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("http", "https", "ssh", "git") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
        if parts.scheme in ("http", "https") and parts.port:
            host = f"{host}:{parts.port}"
    path = path.strip("/").removesuffix(".git").strip("/")
    if not path:
        return None
    scheme = "http" if remote.startswith("http://") else "https"
    return urlunsplit((scheme, host, "/" + path, "", ""))


def check_url(value: str, option: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
            or parts.password or parts.query or parts.fragment or any(c.isspace() for c in
                                                                       value.strip()):
        raise InitError(f"{option} '{value}' is not a web address like "
                        "https://example.org/park (http or https, no user, query or #)")
    return value.strip()


def forge_of(repo_url: str) -> str:
    """``github``, ``gitlab``, ``gitee``, ``gitea`` or ``other``, from the host name."""
    host = (urlsplit(repo_url).hostname or "").lower()
    for name, marks in (("github", ("github.",)), ("gitlab", ("gitlab",)),
                        ("gitee", ("gitee.",)), ("gitea", ("gitea", "forgejo", "codeberg."))):
        if any(m in host for m in marks):
            return name
    return "other"


#: the kinds of repository host whose edit links remit knows (``--forge``)
FORGES = ("github", "gitlab", "gitee", "gitea")


def edit_uri_for(repo_url: str, branch: str, docs_dir: str, forge: str | None = None) -> str:
    kind = forge or forge_of(repo_url)
    prefix = {"gitlab": "-/edit", "gitea": "_edit"}.get(kind, "edit")
    docs = docs_dir.strip("/")
    return f"{prefix}/{branch}/{docs}/" if docs else f"{prefix}/{branch}/"


def git_output(folder: Path, *args: str) -> str | None:
    try:
        r = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                           timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() if r.returncode == 0 and r.stdout.strip() else None


def addresses(folder: Path, site_url: str | None, repo_url: str | None,
              branch: str | None, docs_dir: str, forge: str | None = None,
              guess_site: bool = False) -> Addresses:
    """The addresses to set, from the options and the folder's git remote ``origin``;
    ``guess_site``: a github.com repository's Pages address when no site URL is given."""
    out = Addresses()
    name = branch or git_output(folder, "symbolic-ref", "--short", "HEAD") or "main"
    if not re.fullmatch(r"[\w./-]+", name) or ".." in name or name.startswith("-"):
        raise InitError(f"--branch '{name}' is not a branch name")
    out.branch = name
    if repo_url is not None:
        out.repo_url = check_url(repo_url, "--repo-url").rstrip("/")
    else:
        remote = git_output(folder, "remote", "get-url", "origin")
        if remote:
            out.repo_url = web_url(remote)
            if out.repo_url:
                out.notes.append(f"repo_url {out.repo_url} (from git remote origin)")
            else:
                out.notes.append(f"git remote origin '{_safe(remote)}' has no web address; "
                                 "give --repo-url for edit links")
    if site_url is not None:
        out.site_url = check_url(site_url, "--site-url").rstrip("/") + "/"
    if out.repo_url:
        path = urlsplit(out.repo_url).path.strip("/")
        out.repo_name = path
        out.edit_uri = edit_uri_for(out.repo_url, out.branch, docs_dir, forge)
        if forge is None and forge_of(out.repo_url) == "other":
            out.notes.append(f"edit links use GitHub's form ({out.edit_uri}); give --forge "
                             "gitlab (or gitea) if your host is one")
        if guess_site and out.site_url is None and forge_of(out.repo_url) == "github" \
                and urlsplit(out.repo_url).hostname == "github.com" and path.count("/") == 1:
            owner, repo = path.split("/")
            out.site_url = (f"https://{repo}/" if repo.lower() == f"{owner.lower()}.github.io"
                            else f"https://{owner.lower()}.github.io/{repo}/")
            out.notes.append(f"site_url {out.site_url} (GitHub Pages' address; give "
                             "--site-url for a custom domain)")
    return out


def _safe(remote: str) -> str:
    """A remote address fit to print: credentials replaced."""
    return re.sub(r"//[^/@]*@", "//***@", remote)


# --- YAML text, edited in place ------------------------------------------------------------

def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when YAML reads it back as the same string (a URL,
    a title), else double-quoted."""
    plain = value.strip() == value and value and "\n" not in value \
        and not re.search(r"[\x00-\x1f\x7f#'\"]", value) and value[0] not in "?:,[]{}&*!|>%@`"
    if plain:
        try:
            if yaml.safe_load(f"k: {value}\n") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


#: where a missing key goes: after the first of these keys that the file has
_AFTER = {"site_url": ("site_description", "site_name"), "repo_url": ("site_url", "site_name"),
          "repo_name": ("repo_url",), "edit_uri": ("repo_name", "repo_url")}


def _top(text: str, shown: str) -> dict[str, yaml.Node]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise InitError(f"{shown}: not valid YAML ({str(exc).splitlines()[0]}); fix it "
                        "first") from None
    if not isinstance(node, yaml.MappingNode):
        raise InitError(f"{shown}: not a mapping of settings")
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def set_top_level(text: str, values: list[tuple[str, str]],
                  shown: str = "mkdocs.yml") -> tuple[str, list[str]]:
    """``text`` with the top-level ``key: value`` pairs set; every other byte kept.
    Returns the new text and a line per change."""
    changes = []
    for key, value in values:
        top = _top(text, shown)
        new = yaml_scalar(value)
        node = top.get(key)
        if node is not None:
            if not isinstance(node, yaml.ScalarNode) and node.tag != "!ENV":
                raise InitError(f"{shown}:{node.start_mark.line + 1}: {key} is not a single "
                                "value; write it as one line and run remit init again")
            start, end = node.start_mark.index, node.end_mark.index
            if text[start:end] == new:
                continue
            old = text[start:end]
            text = text[:start] + new + text[end:]
            changes.append(f"{key}: {old} -> {new}")
            continue
        after = next((top[k] for k in _AFTER.get(key, ()) if k in top), None)
        if after is None:
            pos = 0
        else:
            nl = text.find("\n", after.end_mark.index)
            pos = len(text) if nl < 0 else nl + 1
            if nl < 0:
                text += "\n"
                pos = len(text)
        text = text[:pos] + f"{key}: {new}\n" + text[pos:]
        changes.append(f"{key}: {new} (added)")
    return text, changes


# --- the project ---------------------------------------------------------------------------


def remit_requirement() -> tuple[str, str | None]:
    """The line of ``requirements.txt`` that installs this remit in CI, and a note when it
    is only a placeholder: the git URL and commit remit was installed from (pip's
    ``direct_url.json``, or the origin and HEAD of the source checkout)."""
    try:
        dist = metadata.distribution("remit")
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        direct = {}
    url = str(direct.get("url", ""))
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        web = web_url(url) if not url.startswith("file:") else None
        if web:
            return f"remit @ git+{web}.git@{vcs['commit_id']}", None
    if url.startswith("file:"):
        src = Path(urlsplit(url).path)
        origin = git_output(src, "remote", "get-url", "origin")
        head = git_output(src, "rev-parse", "HEAD")
        web = web_url(origin) if origin else None
        if web and head:
            return f"remit @ git+{web}.git@{head}", None
    return PLACEHOLDER_REQUIREMENT, ("requirements.txt names a placeholder: this remit was "
                                     "not installed from a git repository with an origin. "
                                     "Put where CI installs remit from (a git URL with a "
                                     "commit or tag, or a wheel on your intranet)")


def _fill(text: str, values: dict[str, str]) -> str:
    """The starter file ``text`` with its ``@@name@@`` marks replaced (each must be given)."""
    return re.sub(r"@@(\w+)@@", lambda m: values[m.group(1)], text)


def _md_text(s: str) -> str:
    """Text as literal Markdown (Python-Markdown's escapable characters)."""
    return re.sub(r"([\\`*_{}\[\]()#+!.-])", r"\\\1", s)


@dataclass
class Plan:
    """The files of a new project: relative path -> text."""

    files: dict[str, str]
    notes: list[str]


def new_project(folder: Path, addr: Addresses, title: str, language: str,
                requirement: str, today: dt.date) -> Plan:
    lines = [f"{k}: {yaml_scalar(v)}\n" for k, v in addr.items()]
    search = ("      lang: zh\n      separator: '[\\s\\u200b\\u3000\\-、。，．？！；]+'\n"
              if language == "zh" else "      lang: en\n")
    starter = {name: (STARTER / name).read_text(encoding="utf-8")
               for name in ("mkdocs.yml", f"departments.{language}.yaml",
                            f"index.{language}.md", f"maintain.{language}.md", "publish.yml",
                            "freshness.yml", "gitlab-ci.yml", "gitignore", "freshness_issue.py")}
    branch = addr.branch
    files = {
        "mkdocs.yml": _fill(starter["mkdocs.yml"], {
            "title": yaml_scalar(title), "language": language, "search": search,
            "addresses": "".join(lines)}),
        "directory/departments.yaml": _fill(starter[f"departments.{language}.yaml"], {
            "title": yaml_scalar(title), "today": today.isoformat(),
            "schema": "../schema/remit.schema.json"}),
        "content/index.md": _fill(starter[f"index.{language}.md"], {"title_md": _md_text(title)}),
        "content/guide/maintain.md": starter[f"maintain.{language}.md"],
        "schema/remit.schema.json": schema_json().rstrip("\n") + "\n",
        ".github/workflows/publish.yml": _fill(starter["publish.yml"], {"branch": branch}),
        ".github/workflows/freshness.yml": starter["freshness.yml"],
        "scripts/freshness_issue.py": starter["freshness_issue.py"],
        ".gitlab-ci.yml": starter["gitlab-ci.yml"],
        "requirements.txt": f"# How CI installs remit (remit init wrote this line).\n"
                            f"{requirement}\n",
        ".gitignore": starter["gitignore"],
    }
    return Plan(files, [])


def docs_dir_of(mkdocs_yml: Path) -> str:
    node = _top(mkdocs_yml.read_text(encoding="utf-8"), str(mkdocs_yml)).get("docs_dir")
    return str(node.value) if isinstance(node, yaml.ScalarNode) and node.value else "docs"


@dataclass
class Result:
    created: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def init(folder: Path, *, site_url: str | None, repo_url: str | None, branch: str | None,
         title: str | None, language: str, requirement: str | None,
         today: dt.date | None = None, forge: str | None = None) -> Result:
    """Create the project in ``folder`` or set the addresses of the one there. Raises
    :class:`InitError` with nothing written."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    config = folder / "mkdocs.yml"
    result = Result()
    if config.is_file():
        if title is not None or requirement is not None:
            raise InitError(f"{config} exists: on an existing project remit init sets only "
                            "--site-url, --repo-url and --branch (edit site_name and "
                            "requirements.txt by hand)")
        addr = addresses(folder, site_url, repo_url, branch, docs_dir_of(config), forge)
        values = addr.items()
        if not values:
            raise InitError("nothing to set: give --site-url URL and/or --repo-url URL "
                            "(there is no git remote 'origin' to take the repository from)")
        text = config.read_text(encoding="utf-8")
        new, result.changes = set_top_level(text, values, str(config))
        if "remit" not in _plugin_names(new):
            addr.notes.append(f"{config} does not use the remit plugin (plugins: - remit)")
        if new != text:
            tmp = config.with_name(".mkdocs.yml.remit-init")
            tmp.write_text(new, encoding="utf-8")
            os.replace(tmp, config)
        result.notes = addr.notes
        return result
    addr = addresses(folder, site_url, repo_url, branch, "content", forge, guess_site=True)
    if addr.repo_url is None:
        addr.notes.append("no --repo-url and no git remote origin: the site has no edit "
                          "links (run remit init --repo-url URL later)")
    if addr.site_url is None:
        addr.notes.append("no --site-url: the feed and sitemap need the site's address "
                          "(run remit init --site-url URL later)")
    req, req_note = (requirement, None) if requirement else remit_requirement()
    if req_note:
        addr.notes.append(req_note)
    name = title or ("责任名录" if language == "zh" else "Responsibility directory")
    if not name.strip() or "\n" in name or len(name) > 200:
        raise InitError("--title must be one line of 1 to 200 characters")
    if re.search(r"[<>&\x00-\x1f\x7f]", name):
        raise InitError(f"--title {json.dumps(name, ensure_ascii=False)}: leave out < > & and "
                        "control characters (MkDocs writes site_name into every page as HTML)")
    plan = new_project(folder, addr, name.strip(), language, req,
                       today or dt.date.today())
    there = sorted(rel for rel in plan.files if (folder / rel).exists()
                   or (folder / rel).is_symlink())
    for sub in ("directory", "content"):
        if (folder / sub).is_dir() and any((folder / sub).iterdir()):
            there.append(f"{sub}/ (not empty)")
    links = sorted({p.relative_to(folder).as_posix() + "/ (a symbolic link)"
                    for rel in plan.files for p in (folder / rel).parents
                    if folder in p.parents and p.is_symlink()})
    there += links
    if there:
        raise InitError(f"{folder}: will not overwrite " + ", ".join(there)
                        + "; move them away, or run remit init in a new folder")
    for rel, text in plan.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        if rel.startswith("scripts/"):
            path.chmod(0o755)
        result.created.append(rel)
    result.notes = addr.notes
    return result


def _plugin_names(text: str) -> set[str]:
    node = _top(text, "mkdocs.yml").get("plugins")
    names: set[str] = set()
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                names.add(str(item.value))
            elif isinstance(item, yaml.MappingNode):
                names.update(str(k.value) for k, _ in item.value)
    elif isinstance(node, yaml.MappingNode):
        names.update(str(k.value) for k, _ in node.value)
    return names
