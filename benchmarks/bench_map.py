#!/usr/bin/env python3
"""What the site's maps cost on the large registry: the overview's first load and the build
time they add.

    python benchmarks/bench_map.py [--scale 1.0] [--work DIR] [--registry DIR]
                                   [--skip-build] [--skip-browser]

Generates the registry with benchmarks/generate_large.py (100,000 assets at scale 1.0:
10,000 major ones, 90,000 lamps, meters and valves from GIS files) unless ``--registry``
names one, then prints:

- remit's own work for the maps, in this process: ``map_files`` (overview, per-zoom
  clusters, point tiles, every asset page's map, the dashboard's and the gaps page's
  maps): CPU time, files and bytes by kind;
- the full ``mkdocs build`` (as benchmarks/bench_site.py runs it, in a child process,
  with one hand-written page)
  twice on the same machine in the same run: without maps (``map_files`` replaced by
  nothing: the site as it was before the maps) and with them, wall and CPU time (the CPU
  time is steadier on a loaded machine); the difference is the build time the maps add
  (target <= 20 s);
- the overview's first load, measured in chromium (Playwright, the browser tests'
  ``/usr/bin/chromium``) at 1280x900 on the built site served on 127.0.0.1: every byte
  of every response until the map has drawn and the network is idle, split into the
  map's own files (Leaflet, map.js, map.css, map data) and the page with its theme
  (target <= 2 MB for the two), and Material's search index, which every page of the
  site fetches whatever it shows (benchmarks/bench_site.py keeps it under 5 MB). Without
  maps there is no overview page: 0 bytes.

Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]

from bench_site import generate, write_config  # noqa: E402

TARGETS = {"first_load_mb": 2.0, "added_s": 20.0}
SEARCH_INDEX = "search/search_index.json"
NO_MAPS = ("import sys, generator.site.render as r\n"
           "r.map_files = lambda *a, **k: []\n"
           "from mkdocs.__main__ import cli\n"
           "sys.argv = ['mkdocs', 'build', '-q', '-f', sys.argv[1], '-d', sys.argv[2]]\n"
           "cli()\n")
WITH_MAPS = NO_MAPS.replace("r.map_files = lambda *a, **k: []\n", "")


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def in_process(registry: Path) -> None:
    from generator.checks.findings import run_checks
    from generator.directory import Directory
    from generator.load.registry import load
    from generator.site.map_site import map_files

    reg, _ = load(registry)
    d = Directory(reg)
    findings = run_checks(d)
    d = d.public()
    t = time.process_time()
    files = map_files(d, findings)
    cpu = time.process_time() - t
    kinds: dict[str, list[int]] = collections.defaultdict(list)
    for f in files:
        parts = f.path.split("/")
        if f.path.startswith("map/z/"):
            kind = "map/z/<z>/ (clusters)"
        elif f.path.startswith("map/t/"):
            kind = "map/t/ (point tiles)"
        elif f.path.startswith("map/assets/"):
            kind = "map/assets/ (asset maps)"
        elif f.path.startswith("assets/"):
            kind = "Leaflet, map.js, map.css"
        else:
            kind = "/".join(parts[:2])
        kinds[kind].append(len(f.content))
    print(f"  map_files: {cpu:.1f} s CPU, {len(files)} files, "
          f"{mb(sum(sum(v) for v in kinds.values()))}")
    for kind, sizes in sorted(kinds.items()):
        print(f"    {kind:<28} {len(sizes):>6} files {mb(sum(sizes)):>10}  "
              f"largest {sizes and max(sizes) / 1e3:.0f} KB")


def project(work: Path, registry: Path) -> Path:
    """bench_site.py's mkdocs.yml with a docs folder of one page (the example's articles
    reference the example registry's ids, which the generated registry does not have)."""
    from generator.mkdocs_edge.site_config import read_mkdocs_config, write_mkdocs_config

    config = write_config(work, registry)
    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# 责任名录\n", encoding="utf-8")
    cfg = read_mkdocs_config(config)
    cfg["docs_dir"] = str(docs)
    write_mkdocs_config(cfg, config)
    return config


def build(config: Path, out: Path, code: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the build and its workers) of one build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(config), str(out)], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("mkdocs build failed")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu


def first_load(site: Path) -> tuple[int, dict[str, int]] | None:
    """Bytes of every response while chromium opens map/ and the map draws."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  (Playwright is not installed: pip install -e '.[test]')")
        return None
    from conftest import CHROMIUM, CHROMIUM_ARGS, LoopbackServer

    if not Path(CHROMIUM).exists():
        print(f"  ({CHROMIUM} is missing)")
        return None
    srv = LoopbackServer(site)
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.set_default_timeout(120_000)

            def record(resp: object) -> None:
                try:
                    sizes[resp.url] = len(resp.body())  # type: ignore[attr-defined]
                except Exception:  # redirects and aborted requests have no body
                    sizes.setdefault(resp.url, 0)  # type: ignore[attr-defined]
            page.on("response", record)
            page.goto(srv.url + "map/")
            page.wait_for_selector(".remit-map[data-points-drawn], "
                                   ".remit-map.remit-map--ready", state="attached")
            page.wait_for_load_state("networkidle")
            drawn = page.locator(".remit-map").get_attribute("data-features-drawn")
            points = page.locator(".remit-map").get_attribute("data-points-drawn")
            print(f"  drawn: {drawn} lines and areas, {points} clusters and points")
            browser.close()
    finally:
        srv.close()
    return sum(sizes.values()), sizes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    ap.add_argument("--registry", help="an existing registry folder (default: generate one)")
    ap.add_argument("--skip-build", action="store_true", help="no mkdocs builds, no browser")
    ap.add_argument("--skip-browser", action="store_true")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-bench-map-"))
    work.mkdir(parents=True, exist_ok=True)
    ok = True
    try:
        if args.registry:
            registry = Path(args.registry).resolve()
        else:
            registry = work / "registry"
            t = time.perf_counter()
            generate(registry, args.scale)
            print(f"registry at scale {args.scale} generated in "
                  f"{time.perf_counter() - t:.1f} s")
        print("remit's map files alone, in this process:")
        in_process(registry)
        if args.skip_build:
            return 0
        config = project(work, registry)
        print("mkdocs build (Material theme, search, remit plugin), same machine, same run:")
        before, before_cpu = build(config, work / "site-before", NO_MAPS)
        print(f"  before (no maps)  {before:6.1f} s   CPU {before_cpu:6.1f} s")
        after, after_cpu = build(config, work / "site", WITH_MAPS)
        added = after - before
        print(f"  after (maps)      {after:6.1f} s   CPU {after_cpu:6.1f} s   added {added:+.1f} s"
              f" (CPU {after_cpu - before_cpu:+.1f} s)   (target <= {TARGETS['added_s']:.0f} s;"
              f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        ok = ok and added <= TARGETS["added_s"]
        site = work / "site"
        maps = sum(p.stat().st_size for p in (site / "map").rglob("*") if p.is_file())
        print(f"  map data in the site: {mb(maps)}")
        if args.skip_browser:
            return 0 if ok else 1
        print("the overview's first load in chromium, 1280x900:")
        print("  before (no maps)  0 bytes (there was no overview map)")
        measured = first_load(site)
        if measured is not None:
            total, sizes = measured
            own = sum(n for u, n in sizes.items()
                      if "/map/" in u or "/assets/vendor/leaflet/" in u or "/assets/map/" in u)
            search = sum(n for u, n in sizes.items() if u.endswith(SEARCH_INDEX))
            page = total - own - search
            print(f"  after (maps)      {mb(own + page)}: map files (Leaflet, map.js, map.css, "
                  f"data) {mb(own)}, the page with its theme {mb(page)}   (target <= "
                  f"{TARGETS['first_load_mb']:.0f} MB)")
            print(f"  and Material's search index {mb(search)}, which every page of the site "
                  "fetches (in a worker, once per visit) and the maps do not change; "
                  f"{mb(total)} in {len(sizes)} responses in all")
            for url, n in sorted(sizes.items(), key=lambda kv: -kv[1])[:8]:
                print(f"    {n / 1e3:8.1f} KB  {url.split('/', 3)[-1]}")
            ok = ok and own + page <= TARGETS["first_load_mb"] * 1e6
        print("within targets" if ok else "OUTSIDE TARGETS")
        return 0 if ok else 1
    finally:
        if args.work:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
