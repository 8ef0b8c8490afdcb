#!/usr/bin/env python3
"""What a first answer costs a phone with an empty cache: the bytes transferred (gzip).

    python benchmarks/bench_first_answer.py                 # the example + 100,000 assets
    python benchmarks/bench_first_answer.py --scale 0.1     # a smaller generated registry
    python benchmarks/bench_first_answer.py --skip-large    # the example only
    python benchmarks/bench_first_answer.py --work DIR      # keep the built sites in DIR
                                                            # and reuse them (--rebuild)

Someone scans a QR code or follows a shared link and lands on an answer:
``lookup/?m=<matter>&a=<asset>`` (the example: ``?m=streetlight-out&a=road-d3``; the
generated registry: its first matter that concerns a kind of asset, on the first asset
of that kind). Each site is built with ``mkdocs build`` (the example's mkdocs.yml; the
generated registry with the same theme, search and remit settings, as bench_site.py
does, and a one-page docs folder), served on 127.0.0.1 by a server that gzips text
responses (level 6, as a static host is usually set up), and opened in Debian's chromium
emulating a phone (Pixel 5: 393 x 851, touch) in a fresh context, so nothing is cached.
The figure is the sum of the response sizes of every request the page and its workers make
(Playwright's ``request.sizes()``: headers and the gzipped body as they came over the
wire), counted until the answer is on screen and the network has been idle for a second.
The budget is 250 KB.

Each page is measured twice:

* before: with Material's own main script and search worker (as the site was before
  remit fetched the search index lazily): every page view downloads Material's whole
  search index (``search/search_index.json``), megabytes at 100,000 assets;
* after: the site as built (``generator.site.engine.patch_search_bundle``: the index is
  fetched when the visitor starts to search).

Then, after the first answer, a tap on the search icon and a query typed (路灯不亮; the
generated matter's name): what a visitor who does search downloads on top, and the number
of results (the search still answers).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import mimetypes
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_site  # noqa: E402

from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.mkdocs_edge.site_config import read_mkdocs_config, write_mkdocs_config  # noqa: E402
from generator.site.engine import SEARCH_BUNDLE, SEARCH_WORKER  # noqa: E402

BUDGET = 250_000
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/atom+xml", "application/geo+json")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that gzips text responses when the browser accepts it.
    ``overrides`` (site path -> bytes) are served instead of the files on disk."""

    overrides: dict[str, bytes] = {}
    cache: dict[str, bytes] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        path = posixpath.normpath(unquote(urlsplit(self.path).path)).lstrip("/")
        if path in ("", "."):
            path = "index.html"
        file = Path(self.directory) / path
        if path not in self.overrides and file.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = posixpath.join(path, "index.html")
            file = file / "index.html"
        if path in self.overrides:
            body = self.overrides[path]
        elif file.is_file():
            body = file.read_bytes()
        else:
            self.send_error(404)
            return
        ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and \
            ctype.startswith(GZIP_TYPES)
        if zipped:
            key = f"{id(self.overrides)}:{path}"
            if key not in self.cache:
                self.cache[key] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)


class Server:
    def __init__(self, root: Path) -> None:
        self.handler = type("Handler", (GzipHandler,), {"overrides": {}, "cache": {}})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(self.handler, directory=str(root)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def stock_material(site: Path) -> dict[str, bytes]:
    """Material's own main script and search worker, at the paths the site has them."""
    import material

    theme = Path(material.__file__).parent / "templates"
    out: dict[str, bytes] = {}
    for p in site.joinpath("assets", "javascripts").rglob("*.min.js"):
        rel = p.relative_to(site).as_posix()
        if SEARCH_BUNDLE.fullmatch(rel) or SEARCH_WORKER.fullmatch(rel):
            out[rel] = (theme / rel).read_bytes()
    return out


def first_answer(browser: Any, pw: Any, url: str, key: str, query: str) -> dict[str, Any]:
    """Open ``url`` as a phone with an empty cache; the bytes per file until the answer
    ``key`` is shown and the network is idle, then the bytes a search for ``query`` adds
    and the results it lists."""
    context = browser.new_context(**pw.devices["Pixel 5"])
    page = context.new_page()
    sizes: dict[str, int] = defaultdict(int)
    searched: dict[str, int] = defaultdict(int)
    phase = {"now": "answer"}

    def done(request: Any) -> None:
        # the page's requests and its workers' (the search worker's importScripts)
        got = request.sizes()
        name = urlsplit(request.url).path
        (sizes if phase["now"] == "answer" else searched)[name] += \
            got["responseBodySize"] + got["responseHeadersSize"]

    context.on("requestfinished", done)
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(f'#remit-lookup[data-answered="{key}"]', state="attached",
                           timeout=60_000)
    seconds = time.perf_counter() - t
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    phase["now"] = "search"
    found: list[str] = []
    page.locator("label[for='__search']").first.click()
    page.locator("input.md-search__input").type(query)
    try:
        page.locator(".md-search-result__item > a").first.wait_for(state="attached",
                                                                   timeout=60_000)
        found = page.eval_on_selector_all(".md-search-result__item > a",
                                          "els => els.map(e => e.getAttribute('href'))")
    except Exception:  # noqa: BLE001 - no result is reported, not raised
        found = []
    page.wait_for_load_state("networkidle")
    context.close()
    return {"sizes": dict(sizes), "seconds": seconds, "searched": dict(searched),
            "found": found}


def report(name: str, url: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    print(f"\n{name}: {url}")
    for label, r in (("before", before), ("after", after)):
        total = sum(r["sizes"].values())
        top = sorted(r["sizes"].items(), key=lambda kv: -kv[1])[:4]
        print(f"  {label:<7} {total / 1000:8.1f} KB in {len(r['sizes']):>3} responses, "
              f"answer in {r['seconds']:.1f} s  ({'within' if total <= BUDGET else 'OVER'} "
              f"the {BUDGET // 1000} KB budget)")
        print("          largest: " + ", ".join(f"{p} {n / 1000:.1f} KB" for p, n in top))
    s = sum(after["searched"].values())
    print(f"  then a search: {s / 1000:.1f} KB more ("
          + ", ".join(f"{p} {n / 1000:.1f} KB" for p, n in
                      sorted(after["searched"].items(), key=lambda kv: -kv[1])[:3])
          + f"); {len(after['found'])} results")


def build(config: Path, site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(site)], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{proc.stderr[-3000:]}")


def large_config(work: Path) -> Path:
    """The example's mkdocs.yml (theme, search, remit settings) for the generated
    registry in ``work/registry``, with a one-page docs folder (the example's articles
    reference the example's entities)."""
    config = bench_site.write_config(work, work / "registry")
    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# remit\n", encoding="utf-8")
    cfg = read_mkdocs_config(config)
    cfg["docs_dir"] = str(docs)
    write_mkdocs_config(cfg, config)
    return config


def large_target(registry: Path) -> tuple[str, str, str]:
    """The first matter that concerns a kind of asset, on the first asset of that kind,
    and the matter's name."""
    d = Directory(load(registry)[0])
    for x in d.registry.matters:
        for t in x.asset_types:
            for a in d.registry.assets:
                if a.type == t and not d.is_minor(a):
                    return x.id, a.id, x.name
    raise SystemExit("the generated registry has no matter about an asset")


def measure(browser: Any, pw: Any, name: str, site: Path, matter: str, asset: str,
            query: str) -> None:
    srv = Server(site)
    try:
        url = f"{srv.url}lookup/?m={matter}&a={asset}"
        srv.handler.overrides = stock_material(site)
        before = first_answer(browser, pw, url, f"{matter}/{asset}", query)
        srv.handler.overrides = {}
        after = first_answer(browser, pw, url, f"{matter}/{asset}", query)
        report(name, url, before, after)
    finally:
        srv.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--work", help="folder for the built sites, reused when present")
    ap.add_argument("--rebuild", action="store_true", help="build again even if present")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-first-answer-"))
    work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    try:
        example = work / "example-site"
        if args.rebuild or not (example / "index.html").exists():
            t = time.perf_counter()
            build(ROOT / "mkdocs.yml", example)
            print(f"example site built in {time.perf_counter() - t:.0f} s")
        large = work / f"large-{args.scale:g}"
        if not args.skip_large and (args.rebuild or not (large / "site" / "index.html").exists()):
            shutil.rmtree(large, ignore_errors=True)
            large.mkdir(parents=True)
            t = time.perf_counter()
            bench_site.generate(large / "registry", args.scale)
            build(large_config(large), large / "site")
            print(f"generated registry (scale {args.scale:g}) built in "
                  f"{time.perf_counter() - t:.0f} s")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            measure(browser, pw, "example registry", example, "streetlight-out", "road-d3",
                    "路灯不亮")
            if not args.skip_large:
                index = large / "site" / "search" / "search_index.json"
                print(f"\n(generated registry, scale {args.scale:g}: Material's search index "
                      f"{index.stat().st_size / 1e6:.2f} MB)")
                m, a, name = large_target(large / "registry")
                measure(browser, pw, f"generated registry, scale {args.scale:g}",
                        large / "site", m, a, name)
            browser.close()
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
