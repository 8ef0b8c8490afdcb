"""Helpers shared by the tests: run the real ``remit`` and ``mkdocs`` commands, and make a
small project (mkdocs.yml + docs/ + a registry folder) in a temporary folder.

The example site is built once per session (``example_build``, ``example_site``,
``example_site_server``; the staff build ``example_staff_build``, ``example_staff_site``,
``example_staff_server``), and again only when the example changed during the run: every
test that only reads the built example uses these instead of building its own."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def run_mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m mkdocs ARGS`` in ``cwd``; output captured as text."""
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=300)


def run_remit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` (the ``remit`` command) in ``cwd``."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=300)


def run_remit_bytes(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """:func:`run_remit` with the output as bytes (exports compare bytes)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=ENV,
                          capture_output=True, timeout=300)


GIT_DATE = "2025-01-10T10:00:00+08:00"


def git(repo: Path, *args: str, date: str = GIT_DATE, stdin: bytes | None = None) -> str:
    """The real git in ``repo``, with a fixed author and dates and no user or system
    configuration, so that commits (and their ids) are the same on every machine."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    r = subprocess.run(["git", "-c", "user.name=Registry Editor",
                        "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false",
                        "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always",
                        *args],
                       cwd=repo, input=stdin, capture_output=True, env=env, timeout=60,
                       check=True)
    return r.stdout.decode("utf-8", "replace").strip()


SMALL_REGISTRY = """\
site: {title: t, language: en}
departments:
  - id: a
    name: A
    contacts: [{role: desk, phone: "0851-0000-0001", verified: 2026-11-01}]
assets:
  - id: r
    name: R
    type: facility
    owner: a
    duties: {maintenance: a, operation: a}
"""


def make_project(tmp_path: Path, registry: str = SMALL_REGISTRY, plugin: str = "",
                 options: str = "      registry: reg\n      today: 2026-11-26\n") -> Path:
    """A project in ``tmp_path``: docs/index.md, reg/departments.yaml and a mkdocs.yml
    using the remit plugin with ``options`` (indented under ``- remit:``) and any more
    ``plugin`` lines. Returns the mkdocs.yml path."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [departments](departments/"
                                                "index.md).\n", encoding="utf-8")
    (tmp_path / "reg").mkdir(exist_ok=True)
    (tmp_path / "reg" / "departments.yaml").write_text(textwrap.dedent(registry),
                                                       encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: test
        theme:
          name: material
          font: false
        plugins:
          - search
          - remit:
        """) + options + plugin, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


# --- the browser tests ---------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
#: no sandbox as root, no GPU, and nothing that would leave loopback
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: ``pytestmark`` of every browser test module
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class LoopbackServer:
    """A built site served on 127.0.0.1 from a thread; ``url`` ends with ``/``."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# --- the example site, built once per test session -------------------------------------------


@dataclass(frozen=True)
class ExampleBuild:
    """The example project (``mkdocs.yml``, ``content/``, ``directory/``) built by the real
    ``mkdocs build`` into ``out``; ``stderr`` is what the build printed (its log)."""

    out: Path
    stderr: str


def build_example(out: Path, internal: bool = False) -> ExampleBuild:
    """``mkdocs build -f mkdocs.yml -d OUT`` of the example project (the staff build with
    ``internal``). A failed build, or one that printed a traceback, fails the caller."""
    env = {k: v for k, v in ENV.items() if k != "REMIT_INTERNAL"}
    if internal:
        env["REMIT_INTERNAL"] = "1"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return ExampleBuild(out, proc.stderr)


def _fingerprint(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def example_inputs() -> tuple[object, ...]:
    """What a build of the example reads besides remit's own code: its files (sizes and
    times) and the last commit that touched them (the change history pages)."""
    last = subprocess.run(["git", "log", "-1", "--format=%H", "--", "mkdocs.yml", "content",
                           "directory"], cwd=ROOT, capture_output=True, text=True).stdout
    files = [ROOT / "mkdocs.yml", *sorted((ROOT / "content").rglob("*")),
             *sorted((ROOT / "directory").rglob("*"))]
    return (last, *((str(f), f.stat().st_size, f.stat().st_mtime_ns)
                    for f in files if f.is_file()))


class SharedBuilds:
    """The session's builds of the example (public or staff), shared by every test that
    only reads one: built once, and again only when the example's files or their history
    changed since (someone editing the working tree during a run), so that a test module
    never compares a build with a newer registry. A test that writes into a shared build
    fails at the end of the session."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory, internal: bool) -> None:
        self.factory, self.internal = tmp_path_factory, internal
        self.builds: list[tuple[tuple[object, ...], ExampleBuild, dict[str, Any]]] = []
        self.servers: dict[Path, LoopbackServer] = {}

    def current(self) -> ExampleBuild:
        inputs = example_inputs()
        if not self.builds or self.builds[-1][0] != inputs:
            name = "example-staff-site" if self.internal else "example-site"
            built = build_example(self.factory.mktemp(name), internal=self.internal)
            self.builds.append((inputs, built, _fingerprint(built.out)))
        return self.builds[-1][1]

    def server(self, build: ExampleBuild) -> LoopbackServer:
        if build.out not in self.servers:
            self.servers[build.out] = LoopbackServer(build.out)
        return self.servers[build.out]

    def close(self) -> None:
        for server in self.servers.values():
            server.close()
        for _, built, before in self.builds:
            after = _fingerprint(built.out)
            changed = sorted(k for k in before.keys() | after.keys()
                             if before.get(k) != after.get(k))
            assert not changed, f"a test wrote into the shared build {built.out}: {changed[:9]}"


@pytest.fixture(scope="session")
def _example_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedBuilds]:
    builds = SharedBuilds(tmp_path_factory, internal=False)
    yield builds
    builds.close()


@pytest.fixture(scope="session")
def _example_staff_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedBuilds]:
    builds = SharedBuilds(tmp_path_factory, internal=True)
    yield builds
    builds.close()


@pytest.fixture(scope="module")
def example_build(_example_builds: SharedBuilds) -> ExampleBuild:
    """The example site (the public build), built once for every test that only reads it
    (read only). A test that needs its own registry, config or build options builds its
    own."""
    return _example_builds.current()


@pytest.fixture(scope="module")
def example_site(example_build: ExampleBuild) -> Path:
    """The folder of the shared public build of the example site (read only)."""
    return example_build.out


@pytest.fixture(scope="module")
def example_site_server(_example_builds: SharedBuilds,
                        example_build: ExampleBuild) -> LoopbackServer:
    """The shared public build of the example site served on 127.0.0.1."""
    return _example_builds.server(example_build)


@pytest.fixture(scope="module")
def example_staff_build(_example_staff_builds: SharedBuilds) -> ExampleBuild:
    """The example's staff build (``REMIT_INTERNAL=1``), built once (read only)."""
    return _example_staff_builds.current()


@pytest.fixture(scope="module")
def example_staff_site(example_staff_build: ExampleBuild) -> Path:
    """The folder of the shared staff build of the example site (read only)."""
    return example_staff_build.out


@pytest.fixture(scope="module")
def example_staff_server(_example_staff_builds: SharedBuilds,
                         example_staff_build: ExampleBuild) -> LoopbackServer:
    """The shared staff build of the example site served on 127.0.0.1."""
    return _example_staff_builds.server(example_staff_build)
