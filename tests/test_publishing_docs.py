"""docs/publishing.md says what the code does: the nginx header repeats the site's own
policy, every ``remit`` command in it parses, the cron lines have five fields, and the
README sends a newcomer there for the first deploy."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

from generator.cli import build_parser
from generator.mkdocs_edge.site_theme import DIRECTIVES

GUIDE = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")


def _csp_header() -> dict[str, str]:
    mo = re.search(r'^add_header Content-Security-Policy "([^"]+)" always;$', GUIDE, re.M)
    assert mo, "no Content-Security-Policy header in the nginx example"
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in mo.group(1).split("; ")}


def test_nginx_header_is_the_policy_the_pages_carry() -> None:
    header = _csp_header()
    # the same directives in the same words, except the two the guide explains: inline
    # scripts left to each page's hashes, and frame-ancestors, which a <meta> cannot carry
    expected = dict(DIRECTIVES)
    expected["script-src"] = "'self' 'unsafe-inline'"
    expected["frame-ancestors"] = "'self'"
    assert header == expected
    assert list(header)[:len(DIRECTIVES)] == [name for name, _ in DIRECTIVES]


def test_every_remit_command_in_the_guide_parses() -> None:
    parser = build_parser()
    blocks = re.findall(r"```(?:sh|cron)\n(.*?)```", GUIDE, re.S)
    commands = []
    for block in blocks:
        for mo in re.finditer(r"(?:^|[\s/;&(])remit ((?:init|check|build|report|serve)\b"
                              r"[^&|;>\n]*)", block, re.M):
            commands.append(shlex.split(re.sub(r"\s+\d$", "", mo.group(1).strip())
                                        .replace("…", "X"), comments=True))
    assert len(commands) >= 5
    for words in commands:
        try:
            parser.parse_args(words)
        except SystemExit as exc:  # pragma: no cover - the failure names it
            pytest.fail(f"`remit {' '.join(words)}` does not parse (exit {exc.code})")


def test_cron_lines_have_five_fields() -> None:
    for block in re.findall(r"```cron\n(.*?)```", GUIDE, re.S):
        for line in block.splitlines():
            if line and not line.startswith("#") and "=" not in line.split()[0]:
                fields = line.split()[:5]
                assert all(re.fullmatch(r"[\d*/,-]+", f) for f in fields), line


def test_first_deploy_is_documented_and_linked() -> None:
    assert 'Source: "GitHub Actions"' in GUIDE
    assert "60 days" in GUIDE and "Enable workflow" in GUIDE
    assert "Pipeline schedules" in GUIDE and "nginx" in GUIDE
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/publishing.md" in readme
    assert 'Source: "GitHub Actions"' in readme
