#!/usr/bin/env python3
"""Answer quality on questions asked the way people ask (issue 11's evaluation set).

    python benchmarks/bench_answers.py            # the lookup (remit lookup's ranking)
    python benchmarks/bench_answers.py --site     # and the site's search box in chromium
    python benchmarks/bench_answers.py --misses   # list every question not in the top 5

The questions are benchmarks/eval/questions.yaml; the registries they are asked of are the
example (directory/) and two catalogues written with official names only
(benchmarks/eval/catalogues.py). For each question:

* lookup: the matters ``remit lookup`` ranks first (the same ranking the lookup page ports);
  top-1 and top-5 hits, and "empty" when it ranks nothing at all; for questions with a
  place, whether the same words also pick that place;
* site search (``--site``): each registry is built with MkDocs into a temporary folder,
  served on loopback, and the question typed into Material's search box in Debian's
  chromium; the first five results are the pages listed (a matter's page, or a
  department's page for a question that names a department).

A wanted entry is a matter id, a matter's official name, or a department id (any matter
that department handles counts for the lookup; its page for the search).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "eval"))

import catalogues  # noqa: E402

from generator.answers.matching import Matcher, rank  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402

QUESTIONS = ROOT / "benchmarks" / "eval" / "questions.yaml"
HOLDOUT = ROOT / "benchmarks" / "eval" / "holdout.yaml"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@dataclass
class Score:
    n: int = 0
    top1: int = 0
    top5: int = 0
    empty: int = 0
    places: int = 0
    places_found: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        pct = (lambda k: f"{100 * k / self.n:5.1f} %") if self.n else (lambda k: "  -  ")
        out = (f"{name:<22} {self.n:>4}  top-1 {self.top1:>3} ({pct(self.top1)})  "
               f"top-5 {self.top5:>3} ({pct(self.top5)})  empty {self.empty:>3}")
        if self.places:
            out += f"  place {self.places_found}/{self.places}"
        return out


def wanted_matters(d: Directory, want: list[str]) -> set[str]:
    by_name = {x.name: x.id for x in d.registry.matters}
    out: set[str] = set()
    for w in want:
        if w in d.matters:
            out.add(w)
        elif w in by_name:
            out.add(by_name[w])
        elif w in d.departments:
            out |= {x.id for x in d.registry.matters if x.handled_by == w}
        else:
            raise SystemExit(f"questions.yaml: '{w}' is no matter or department")
    return out


def wanted_pages(d: Directory, want: list[str]) -> set[str]:
    pages = {f"matters/{i}/" for i in wanted_matters(d, want) if i not in d.departments}
    pages |= {f"departments/{w}/" for w in want if w in d.departments}
    return pages


def lookup_scores(regs: dict[str, Path], questions: list[dict[str, Any]]) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    dirs: dict[str, tuple[Directory, Matcher]] = {}
    for name, path in regs.items():
        reg, _ = load(path)
        d = Directory(reg)
        dirs[name] = (d, Matcher(d))
    for q in questions:
        d, mt = dirs[q["in"]]
        want = wanted_matters(d, q["want"])
        got = [c.id for c in rank(q["q"], mt.matter_docs, limit=5)]
        for key in (q["in"], "all"):
            s = scores[key]
            s.n += 1
            s.top1 += bool(got and got[0] in want)
            s.top5 += bool(want & set(got))
            s.empty += not got
            if "place" in q:
                s.places += 1
                types = d.matters[got[0]].asset_types if got else ()
                chosen = mt.assets(q["q"], types).chosen
                s.places_found += bool(chosen is not None and chosen.id == q["place"])
        if not (want & set(got)):
            scores["all"].misses.append(f"lookup  {q['in']:<13} {q['q']}  ->  "
                                        f"{', '.join(got) or '(nothing)'}")
    return scores


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


MKDOCS_YML = """\
site_name: {title}
docs_dir: docs
theme:
  name: material
  language: {lang}
  font: false
  features: [search.suggest, search.highlight]
plugins:
  - search:
      lang: {lang}
{separator}  - remit:
      registry: reg
      gaps: info
markdown_extensions: [attr_list, admonition, tables, toc]
"""
SEPARATOR_ZH = "      separator: '[\\s\\u200b\\u3000\\-、。，．？！；]+'\n"


def build_site(name: str, reg: Path, work: Path) -> Path:
    proj = work / name
    if (proj / "site").is_dir():
        return proj / "site"
    shutil.copytree(reg, proj / "reg")
    (proj / "docs").mkdir()
    (proj / "docs" / "index.md").write_text(f"# {name}\n", encoding="utf-8")
    lang = "zh" if name != "catalogue-en" else "en"
    (proj / "mkdocs.yml").write_text(MKDOCS_YML.format(
        title=name, lang=lang, separator=SEPARATOR_ZH if lang == "zh" else ""),
        encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"],
                       cwd=proj, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"mkdocs build of {name} failed:\n{r.stderr[-3000:]}")
    return proj / "site"


def search_top5(page: Any, base: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box (fill, then key-up, as a person's typing
    ends); the pages of the first five results once the result count settles."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")
    hrefs: list[str] = []
    last: tuple[str, ...] | None = None
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        now = tuple(page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))"))
        if now == last:
            break
        last = now
    hrefs = list(last or ())
    out: list[str] = []
    for h in hrefs:
        path = h.split("#")[0].split("?")[0].removeprefix(base)
        while path.startswith(("./", "../")):
            path = path.split("/", 1)[1]
        if path not in out:
            out.append(path)
    return out[:5]


def site_scores(regs: dict[str, Path], questions: list[dict[str, Any]],
                work: Path) -> dict[str, Score]:
    from playwright.sync_api import sync_playwright

    scores: dict[str, Score] = defaultdict(Score)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, reg in regs.items():
            qs = [q for q in questions if q["in"] == name]
            if not qs:
                continue
            site = build_site(name, reg, work)
            d = Directory(load(reg)[0])
            handler = functools.partial(_Quiet, directory=str(site))
            srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{srv.server_port}/"
            page = browser.new_page()
            page.goto(base)
            page.wait_for_timeout(5000)  # Material's search worker builds its index
            for q in qs:
                want = wanted_pages(d, q["want"])
                got = search_top5(page, base, q["q"])
                for key in (name, "all"):
                    s = scores[key]
                    s.n += 1
                    s.top1 += bool(got and got[0] in want)
                    s.top5 += bool(want & set(got))
                    s.empty += not got
                if not (want & set(got)):
                    scores["all"].misses.append(f"search  {name:<13} {q['q']}  ->  "
                                                f"{', '.join(got) or '(nothing)'}")
            page.close()
            srv.shutdown()
        browser.close()
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", action="store_true", help="also the site's search in chromium")
    ap.add_argument("--misses", action="store_true", help="list the questions missed")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args()
    sets = {"questions": QUESTIONS, "holdout": HOLDOUT}
    figures: dict[str, dict[str, dict[str, Score]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        regs = catalogues.write(Path(tmp))
        for set_name, path in sets.items():
            questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
            figures[f"{set_name}: lookup"] = lookup_scores(regs, questions)
            if a.site:
                figures[f"{set_name}: site search"] = site_scores(
                    regs, questions, Path(tmp) / set_name)
    if a.json:
        print(json.dumps({k: {n: {"n": s.n, "top1": s.top1, "top5": s.top5,
                                  "empty": s.empty} for n, s in v.items()}
                          for k, v in figures.items()}, indent=1, sort_keys=True))
        return 0
    for kind, scores in figures.items():
        print(f"\n{kind}")
        for name in ("example", "catalogue-zh", "catalogue-en", "all"):
            if name in scores:
                print("  " + scores[name].line(name))
    if a.misses:
        for kind, scores in figures.items():
            print(f"\nmissed ({kind})")
            for miss in scores["all"].misses:
                print("  " + miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
