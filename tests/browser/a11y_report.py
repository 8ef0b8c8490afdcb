"""Print how many serious and critical axe-core violations the example site of a source
tree has, per build (Chinese, English), with the discovery and the runner of
``test_browser_a11y.py``. For the figures of the accessibility work, before and after:

    python tests/browser/a11y_report.py              # this tree
    git archive REV | tar -x -C /tmp/old && python tests/browser/a11y_report.py /tmp/old

The tree's own ``generator`` package builds its site (it is put first on PYTHONPATH).
Needs Playwright and /usr/bin/chromium, like the browser tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import test_browser_a11y as a11y  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, LoopbackServer  # noqa: E402


def build(tree: Path, config: Path, out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(tree))
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                        "-d", str(out)], cwd=config.parent, env=env, capture_output=True,
                       text=True, timeout=600)
    if p.returncode:
        sys.exit(p.stderr[-3000:])


def main(tree: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="a11y-report-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "en-project").mkdir()
        build(tree, tree / "mkdocs.yml", tmp / "zh")
        build(tree, a11y.english_project(tmp / "en-project", tree), tmp / "en")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for lang in ("zh", "en"):
                server = LoopbackServer(tmp / lang)
                try:
                    site = a11y.Site(lang, lang, tmp / lang, server)
                    findings, checked = a11y.check_site(browser, site)
                finally:
                    server.close()
                kinds = {c.split(": ")[0] for c in checked}
                bad = {f.where.split(": ")[0] for f in findings}
                rules = Counter(f.rule for f in findings)
                print(f"{lang}: {len(findings)} serious/critical violations (rule x page) on "
                      f"{len({f.where for f in findings})} of {len(checked)} pages and states"
                      f"; {len(bad)} of {len(kinds)} page kinds and states affected"
                      + (f"; {dict(sorted(rules.items()))}" if rules else ""))
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE.parents[1])
