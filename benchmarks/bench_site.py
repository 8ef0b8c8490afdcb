#!/usr/bin/env python3
"""Time a full site build for the large generated registry.

    python benchmarks/bench_site.py [--scale 1.0] [--work DIR] [--keep]

Generates the registry with benchmarks/generate_large.py (2,000 departments, 100,000 assets
at scale 1.0), writes a mkdocs.yml like the example site's (same theme, search and remit
settings; the hand-written articles of content/), runs ``mkdocs build`` in a child process
and prints:

- the wall time of the build and the peak memory (max RSS of the child, from
  ``resource.getrusage(RUSAGE_CHILDREN)``);
- the number of HTML pages, the largest page, and the size of Material's search index;
- for information, the same pipeline in this process without MkDocs: load, index,
  checks and ``render_site`` (how much of the build is remit's own work).

Targets on the reference machine: at most 120 s and 2 GiB for the build, the largest page
at most 1 MB, Material's search index at most 5 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.mkdocs_edge.site_config import read_mkdocs_config, write_mkdocs_config  # noqa: E402

TARGETS = {"seconds": 120.0, "rss_mb": 2048.0, "page_mb": 1.0, "search_mb": 5.0}


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def generate(registry: Path, scale: float) -> None:
    cmd = [sys.executable, str(ROOT / "benchmarks" / "generate_large.py"), str(registry),
           "--scale", str(scale)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def write_config(work: Path, registry: Path) -> Path:
    cfg = read_mkdocs_config(ROOT / "mkdocs.yml")
    cfg["docs_dir"] = str(ROOT / "content")
    cfg["site_dir"] = str(work / "site")
    plugins = []
    for p in cfg.get("plugins") or []:
        if p == "remit" or (isinstance(p, dict) and "remit" in p):
            opts = dict(p["remit"] or {}) if isinstance(p, dict) else {}
            opts["registry"] = str(registry)
            opts["gaps"] = "info"  # the generated registry is full of gaps, on purpose
            p = {"remit": opts}
        plugins.append(p)
    cfg["plugins"] = plugins
    path = work / "mkdocs.yml"
    write_mkdocs_config(cfg, path)
    return path


def in_process(registry: Path) -> None:
    from generator.checks import run_checks
    from generator.directory import Directory
    from generator.load.registry import load
    from generator.site.render import render_site

    t0 = time.process_time()
    reg, _ = load(registry)
    t1 = time.process_time()
    d = Directory(reg)
    findings = run_checks(d)
    t2 = time.process_time()
    files = render_site(d, findings=findings)
    t3 = time.process_time()
    pages = [f for f in files if f.path.endswith(".md")]
    def size(content: str | bytes) -> int:
        return len(content.encode("utf-8") if isinstance(content, str) else content)

    biggest = max(pages, key=lambda f: size(f.content))
    print(f"  CPU time: load {t1 - t0:.1f} s, index + checks {t2 - t1:.1f} s, render_site "
          f"{t3 - t2:.1f} s: {len(pages)} pages, largest Markdown {biggest.path} "
          f"{mb(size(biggest.content))}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--skip-in-process", action="store_true")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    registry = work / "registry"
    try:
        t = time.perf_counter()
        generate(registry, args.scale)
        print(f"registry at scale {args.scale} generated in {time.perf_counter() - t:.1f} s "
              f"({sum(p.stat().st_size for p in registry.rglob('*') if p.is_file()) / 1e6:.1f}"
              " MB)")
        if not args.skip_in_process:
            print("remit alone (no MkDocs), in this process:")
            in_process(registry)
        config = write_config(work, registry)
        site = work / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = before.ru_utime + before.ru_stime
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                               str(config)], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-4000:])
            print("mkdocs build failed", file=sys.stderr)
            return 1
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss_mb = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime - cpu_before
        pages = list(site.rglob("*.html"))
        largest = max(pages, key=lambda p: p.stat().st_size)
        search = site / "search" / "search_index.json"
        search_size = search.stat().st_size if search.exists() else 0
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        page_mb = largest.stat().st_size / 1e6
        print("mkdocs build (Material theme, search, remit plugin):")
        print(f"  time            {seconds:.1f} s   (target <= {TARGETS['seconds']:.0f} s; CPU "
              f"{cpu:.1f} s, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        print(f"  peak memory     {rss_mb:.0f} MB   (max RSS of the build; target <= "
              f"{TARGETS['rss_mb']:.0f} MB)")
        print(f"  pages           {len(pages)} HTML files, site {mb(total)}")
        print(f"  largest page    {largest.relative_to(site)} {mb(largest.stat().st_size)}"
              f"   (target <= {TARGETS['page_mb']:.0f} MB)")
        print(f"  search index    {mb(search_size)}   (target <= {TARGETS['search_mb']:.0f} MB)")
        ok = (seconds <= TARGETS["seconds"] and rss_mb <= TARGETS["rss_mb"]
              and page_mb <= TARGETS["page_mb"] and search_size / 1e6 <= TARGETS["search_mb"])
        print("within targets" if ok else "OUTSIDE TARGETS")
        return 0
    finally:
        if args.keep or args.work:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
