#!/usr/bin/env python3
"""What 10,000 cases cost: ``remit check`` and the site build with and without them, and
the size of the supervision board.

    python benchmarks/bench_cases.py [--scale 1.0] [--cases 10000] [--work DIR] [--keep]
                                     [--skip-build]

Generates the large registry (benchmarks/generate_large.py: 2,000 departments, 5,000
matters, 100,000 assets at scale 1.0), copies it and adds ``--cases`` generated cases to the
copy, one file per month of receipt (``cases/2026-03.yaml``): many matters (a few of them
common, most rare), an asset of the matter's types for most, requesters of every kind
(some public), a ladder followed on time, late or not at all, resolutions from the same day
to months (a long tail), so that a share is open, some of them overdue, and the rest
resolved (with feedback, a few reopened, internal notes and events that the public site
drops). The generator is seeded: the same arguments give the same cases.

Then, on the same machine in the same run, it times:

- ``remit check --today 2026-11-26`` on both registries (wall time, the faster of two runs
  each, alternating; and the child's CPU time);
- ``mkdocs build`` of a site like the example's (its mkdocs.yml: Material, search, tags,
  the remit plugin with ``today`` pinned; a home page for the articles, which reference the
  example's entities) on both, ``--builds`` times each, alternating (the fastest of each
  counts: the machine is shared, so the load average is printed too);
- ``--paired`` pairs of the two builds run at the same time, each pinned to a CPU of its
  own (swapped every pair): both see the same machine, so their difference is the work
  the cases add, free of the drift that makes runs minutes apart differ by ±20 s on a
  shared machine; on one CPU it is the whole added work, an upper bound of the growth on
  two. Its median is the figure held against the target (the alternating builds' when
  there are not two CPUs);
- the same pipeline in this process without MkDocs, one producer at a time (CPU time of
  load, checks and ``render_site``): remit's own share of the growth;

and prints the board page's size (``board/index.html``, target < 1 MB), its largest
continuation page, the number of case pages and the search index's size.

Targets: each time grows by at most 10 s with the cases; the board stays under 1 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import model as m  # noqa: E402
from generator.cases.calendar import WorkCalendar  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.mkdocs_edge.site_config import read_mkdocs_config, write_mkdocs_config  # noqa: E402
from generator.outfile import yaml_string  # noqa: E402

TODAY = dt.date(2026, 11, 26)  # generate_large.py's "as of" date
TARGET_GROWTH_S = 10.0
TARGET_BOARD_BYTES = 1_000_000
TAGS = ("路灯", "道路", "供水", "供电", "移交", "职责争议", "提级协调", "企业服务", "紧急",
        "安全", "环境", "项目落地")
COMPANY = ("精密", "智能", "冷链", "保税", "新创", "恒达", "联合", "盛世", "华信", "远航",
           "中科", "瑞丰", "鼎新", "汇通", "天成", "宏图")
TRADE = ("制造", "物流", "电子科技", "仓储", "装备", "医药", "食品", "新材料", "贸易")


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


# --- the cases ---------------------------------------------------------------------------


class CaseMaker:
    """Realistic cases for a loaded registry (see the module's doc)."""

    def __init__(self, reg: m.Registry, seed: int) -> None:
        self.rng = random.Random(seed)
        self.reg = reg
        self.cal = WorkCalendar.from_site(reg.site)
        self.paths = {p.id: p for p in reg.escalation}
        self.deps = [d.id for d in reg.departments]
        self.names = {d.id: d.name for d in reg.departments}
        self.by_type: dict[str, list[m.Asset]] = defaultdict(list)
        for a in reg.assets:
            self.by_type[a.type].append(a)
        matters = list(reg.matters)
        self.rng.shuffle(matters)
        self.matters = matters
        # a few matters are common, most are rare (Zipf-like)
        self.weights = [1 / (i + 1) ** 0.9 for i in range(len(matters))]

    def date_back(self) -> dt.date:
        days = min(730, int(self.rng.expovariate(1 / 160)))
        d = TODAY - dt.timedelta(days=days)
        while not self.cal.is_working(d) and d > TODAY - dt.timedelta(days=740):
            d -= dt.timedelta(days=1)
        return d

    def add_wd(self, d: dt.date, n: int) -> dt.date:
        return self.cal.add(d, m.Duration(n, "wd", f"{n}wd"))

    def requester(self, i: int) -> str:
        r = self.rng.random()
        kind = "company" if r < 0.8 else "person" if r < 0.95 else "organisation"
        public = "true" if self.rng.random() < 0.2 else "false"
        if kind == "company":
            name = f"明湖{self.rng.choice(COMPANY)}{self.rng.choice(TRADE)}有限公司"
        elif kind == "person":
            name = f"{self.rng.choice('张王李赵刘陈杨黄周吴')}某"
        else:
            name = f"明湖{self.rng.choice(COMPANY)}行业协会"
        contact = f"0851-0000-{i % 10000:04d}"
        return (f"{{name: {yaml_string(name)}, kind: {kind}, public: {public}, "
                f"contact: {yaml_string(contact)}}}")

    def case(self, i: int) -> tuple[dt.date, str]:
        rng = self.rng
        x = rng.choices(self.matters, self.weights)[0]
        received = self.date_back()
        asset = None
        if x.asset_types and rng.random() < 0.85:
            pool = [a for t in x.asset_types for a in self.by_type.get(t, ())[:400]]
            if pool:
                asset = rng.choice(pool)
        first = x.first_contact or rng.choice(self.deps)
        handler = x.handled_by or (asset.owner if asset and asset.owner else None) or \
            rng.choice(self.deps)
        path = self.paths.get(x.escalation) if x.escalation else None
        # when it is resolved: a long tail of working days; some are stuck
        took = int(rng.lognormvariate(math.log(4), 1.0))
        resolved_on = self.add_wd(received, took) if rng.random() > 0.03 else None
        if resolved_on is not None and resolved_on > TODAY:
            resolved_on = None
        end = resolved_on or TODAY
        events: list[tuple[dt.date, str]] = [
            (received, f"{{date: {received}, type: received, by: {first}, "
                       f"text: {yaml_string('企业来电反映：' + x.name)}}}")]
        fwd = min(end, self.add_wd(received, 1) if rng.random() < 0.3 else received)
        events.append((fwd, f"{{date: {fwd}, type: forwarded, by: {first}, to: {handler}}}"))
        if rng.random() < 0.4:
            reply = min(end, self.add_wd(fwd, rng.randint(1, 3)))
            events.append((reply, f"{{date: {reply}, type: reply, by: {handler}, "
                                  f"text: {yaml_string('责任单位答复正在处理')}}}"))
        last_to = handler
        if path is not None:
            start = received
            for level, lv in enumerate(path.levels[1:], start=2):
                start = max(start, self.cal.add(received, lv.after))
                if start >= end or rng.random() > 0.8:
                    break
                when = start if rng.random() < 0.7 else self.add_wd(start, rng.randint(1, 3))
                if when >= end:
                    break
                to = ", ".join(lv.who)
                events.append((when, f"{{date: {when}, type: escalated, level: {level}, "
                                     f"by: {first}, to: [{to}]}}"))
                last_to = lv.who[0]
                if level == len(path.levels) and rng.random() < 0.5:
                    meet = min(end, self.add_wd(when, rng.randint(1, 5)))
                    said = yaml_string("联席会商明确责任单位")
                    events.append((meet, f"{{date: {meet}, type: consultation, by: {last_to}, "
                                         f"with: [{to}], text: {said}}}"))
        if rng.random() < 0.05:
            note = min(end, self.add_wd(received, 1))
            events.append((note, f"{{date: {note}, type: note, internal: true, "
                                 f"text: {yaml_string('内部备注：需核实企业情况')}}}"))
        outcome = ""
        if resolved_on is not None:
            events.append((resolved_on, f"{{date: {resolved_on}, type: resolved, "
                                        f"by: {last_to}, text: {yaml_string('已处理完毕')}}}"))
            if rng.random() < 0.7:
                back = min(TODAY, resolved_on + dt.timedelta(days=rng.randint(1, 5)))
                rating = rng.choices(("satisfied", "neutral", "unsatisfied"), (8, 1.5, 0.5))[0]
                events.append((back, f"{{date: {back}, type: feedback, by: {first}, "
                                     f"rating: {rating}}}"))
            outcome = f"{self.name(last_to)}处理完毕，{x.name}问题已解决。"
        events.sort(key=lambda e: e[0])
        year = received.year
        where = asset.name if asset is not None else "综保区"
        lines = [f"  - id: c-{year}-{i:05d}",
                 f"    title: {yaml_string(f'{where}{x.name}')}",
                 f"    matter: {x.id}"]
        if asset is not None:
            lines.append(f"    asset: {asset.id}")
        if rng.random() < 0.5:
            lines.append(f"    place: {yaml_string(f'{where}附近')}")
        lines.append(f"    requester: {self.requester(i)}")
        lines.append(f"    received: {received}")
        tags = rng.sample(TAGS, rng.randint(1, 2))
        lines.append("    tags: [" + ", ".join(yaml_string(t) for t in tags) + "]")
        lines.append("    events:")
        lines += [f"      - {text}" for _, text in events]
        if outcome:
            lines.append(f"    outcome: {yaml_string(outcome)}")
        if asset is not None and rng.random() < 0.02:
            lines.append(f"    changed: [{asset.id}]")
        if rng.random() < 0.05:
            lines.append(f"    internal_notes: {yaml_string('内部：企业要求不公开具体情况')}")
        return received, "\n".join(lines) + "\n"

    def name(self, dep: str) -> str:
        return self.names.get(dep, dep)


def write_cases(registry: Path, n: int, seed: int) -> dict[str, int]:
    """``n`` cases into ``registry/cases/<yyyy-mm>.yaml``; returns cases per file."""
    reg, diags = load(registry)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise SystemExit(f"the generated registry has {len(errors)} errors")
    maker = CaseMaker(reg, seed)
    months: dict[str, list[str]] = defaultdict(list)
    for i in range(1, n + 1):
        received, text = maker.case(i)
        months[f"{received:%Y-%m}"].append(text)
    folder = registry / "cases"
    folder.mkdir(exist_ok=True)
    for month, items in sorted(months.items()):
        (folder / f"{month}.yaml").write_text("cases:\n" + "".join(items), encoding="utf-8")
    return {k: len(v) for k, v in sorted(months.items())}


# --- timings -----------------------------------------------------------------------------


def child_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def timed_run(cmd: list[str], env: dict[str, str]
              ) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    cpu = child_cpu()
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return time.perf_counter() - t, child_cpu() - cpu, proc


def pinned(cpu: int) -> Callable[[], None]:
    """Run in a child before it starts: it (and the workers it forks) run on ``cpu`` only."""
    return lambda: os.sched_setaffinity(0, {cpu})


def build_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]


def wait_for(proc: subprocess.Popen[str], t0: float, walls: dict[str, float],
             name: str) -> None:
    """Wait for one build and put its wall time in ``walls[name]`` the moment it ends (not
    when the other build of its pair does); nothing put there when it fails."""
    _, err = proc.communicate()
    if proc.returncode != 0:
        sys.stderr.write(err[-4000:])
        return
    walls[name] = time.perf_counter() - t0


def paired_builds(work: Path, configs: dict[str, Path], env: dict[str, str],
                  pairs: int, envs: dict[str, dict[str, str]] | None = None,
                  target: float | None = TARGET_GROWTH_S) -> float | None:
    """Both builds at the same time, each pinned to a CPU of its own (swapped every pair),
    ``pairs`` times: what the machine does to one it does to the other, so their difference
    is the work the second adds, free of the drift of a shared machine (runs minutes apart
    differ by ±20 s here). On one CPU the build's workers share its core, so the growth is
    that of the whole work: an upper bound of the growth on two cores. ``configs`` holds
    two builds by name (the first is the base), ``envs`` a build's own environment (else
    ``env``); they run in ``work`` (``python -m`` puts the current folder first on the
    import path). Returns the median growth (None when it cannot be measured: fewer than two
    CPUs, or no pinning)."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if pairs <= 0 or len(cpus) < 2:
        return None
    base, other = configs
    growth: list[float] = []
    print(f"mkdocs build, both at once, each on a CPU of its own ({pairs} pairs; "
          "wall on one CPU = the whole work):")
    for i in range(pairs):
        for name in (base, other):
            shutil.rmtree(work / f"site-{name}", ignore_errors=True)
        walls: dict[str, float] = {}
        threads = []
        for j, name in enumerate((base, other)):  # started here: no preexec_fn in threads
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                build_command(configs[name]), env=(envs or {}).get(name, env), cwd=work,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                preexec_fn=pinned(cpus[(i + j) % 2]))
            threads.append(threading.Thread(target=wait_for, args=(proc, t0, walls, name)))
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        if len(walls) != 2:
            raise SystemExit("mkdocs build failed")
        growth.append(walls[other] - walls[base])
        print(f"  pair {i + 1}: {base} {walls[base]:6.1f} s, {other} {walls[other]:6.1f} s"
              f"   grows {growth[-1]:+.1f} s")
    mid = statistics.median(growth)
    limit = "" if target is None else f"; target <= {target:.0f} s"
    print(f"  grows {mid:+.1f} s (median{limit})")
    return mid


def release(work: Path, keep: bool) -> None:
    """The working folder kept (and named) or removed."""
    if keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


def write_config(work: Path, registry: Path, name: str) -> Path:
    cfg = read_mkdocs_config(ROOT / "mkdocs.yml")
    # a home page only: the example's articles reference the example's entities
    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# 责任名录\n\n[监督看板](board/index.md)\n", encoding="utf-8")
    cfg["docs_dir"] = str(docs)
    cfg["site_dir"] = str(work / f"site-{name}")
    plugins = []
    for p in cfg.get("plugins") or []:
        if p == "remit" or (isinstance(p, dict) and "remit" in p):
            opts = dict(p["remit"] or {}) if isinstance(p, dict) else {}
            opts.update(registry=str(registry), gaps="info", today=TODAY.isoformat())
            p = {"remit": opts}
        plugins.append(p)
    cfg["plugins"] = plugins
    path = work / f"mkdocs-{name}.yml"
    write_mkdocs_config(cfg, path)
    return path


def in_process(plain: Path, with_cases: Path, rounds: int = 2) -> None:
    """The same pipeline in this process without MkDocs, one producer at a time: how much
    of the growth is remit's own work (CPU time; the two registries alternate ``rounds``
    times and the least of each part counts, as this machine's speed drifts by minutes)."""
    os.environ["REMIT_JOBS"] = "1"
    from generator.checks import run_checks
    from generator.directory import Directory
    from generator.site.render import render_site

    got: dict[str, list[tuple[float, float, float]]] = {"without": [], "with": []}
    for _ in range(rounds):
        for name, reg_path in (("without", plain), ("with", with_cases)):
            gc.collect()
            t0 = time.process_time()
            reg, _ = load(reg_path)
            t1 = time.process_time()
            d = Directory(reg, today=TODAY)
            findings = run_checks(d, TODAY)
            t2 = time.process_time()
            render_site(d, findings=findings)
            got[name].append((t1 - t0, t2 - t1, time.process_time() - t2))
            del reg, d, findings
    least = {k: tuple(min(run[i] for run in v) for i in range(3)) for k, v in got.items()}
    print(f"remit alone, in this process (CPU, least of {rounds} alternating rounds: load, "
          "index + checks, render_site):")
    for name in ("without", "with"):
        a, b, c = least[name]
        print(f"  {name + ' cases':15} {a:5.1f} s, {b:5.1f} s, {c:5.1f} s")
    grow = [w - o for w, o in zip(least["with"], least["without"], strict=True)]
    print(f"  grows           {grow[0]:+5.1f} s, {grow[1]:+5.1f} s, {grow[2]:+5.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--skip-build", action="store_true", help="time remit check only")
    ap.add_argument("--paired", type=int, default=2,
                    help="pairs of builds run at the same time, each on a CPU of its own "
                         "(0: none)")
    ap.add_argument("--builds", type=int, default=2,
                    help="builds of each site, alternating (the fastest counts; 0: none)")
    args = ap.parse_args()
    if not args.skip_build and args.builds < 1 and args.paired < 1:
        ap.error("--builds and --paired are both 0: no build would be timed")
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-bench-cases-"))
    work.mkdir(parents=True, exist_ok=True)
    plain, with_cases = work / "registry", work / "registry-cases"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                        str(plain), "--scale", str(args.scale)], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(with_cases, ignore_errors=True)
        shutil.copytree(plain, with_cases)
        per_month = write_cases(with_cases, args.cases, args.seed)
        size = sum(p.stat().st_size for p in (with_cases / "cases").glob("*.yaml"))
        print(f"registry at scale {args.scale:g} and {args.cases} cases in {len(per_month)} "
              f"monthly files ({mb(size)}) made in {time.perf_counter() - t:.0f} s")
        print(f"machine: {os.cpu_count()} CPUs, load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the start")

        check: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
        for _ in range(2):
            for name, reg in (("without", plain), ("with", with_cases)):
                wall, cpu, proc = timed_run([sys.executable, "-m", "generator", "check",
                                             str(reg), "--today", TODAY.isoformat()], env)
                if proc.returncode not in (0, 1) or "error:" in proc.stdout.split("\n")[-3:]:
                    sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
                errors = [ln for ln in proc.stdout.splitlines() if ": error: " in ln]
                if errors:
                    print(f"remit check found {len(errors)} errors, e.g. {errors[0]}")
                    return 1
                check[name].append((wall, cpu))
        best = {k: min(v) for k, v in check.items()}
        grow = best["with"][0] - best["without"][0]
        print("remit check (best of 2, wall / CPU):")
        print(f"  without cases   {best['without'][0]:6.1f} s / {best['without'][1]:.1f} s")
        print(f"  with {args.cases} {best['with'][0]:6.1f} s / {best['with'][1]:.1f} s   grows "
              f"{grow:+.1f} s (target <= {TARGET_GROWTH_S:.0f} s)")
        ok = grow <= TARGET_GROWTH_S
        if args.skip_build:
            return 0 if ok else 1

        builds: dict[str, list[tuple[float, float, float, float]]] = {"without": [],
                                                                       "with": []}
        configs = {name: write_config(work, reg, name)
                   for name, reg in (("without", plain), ("with", with_cases))}
        for _ in range(args.builds):  # alternating, each the fastest of its runs
            for name, config in configs.items():
                shutil.rmtree(work / f"site-{name}", ignore_errors=True)
                load_before = os.getloadavg()[0]
                wall, cpu, proc = timed_run(build_command(config), env)
                if proc.returncode != 0:
                    sys.stderr.write(proc.stderr[-4000:])
                    print("mkdocs build failed")
                    return 1
                builds[name].append((wall, cpu, load_before, os.getloadavg()[0]))
        grow_build = 0.0
        if args.builds:
            fastest = {k: min(v) for k, v in builds.items()}
            grow_build = fastest["with"][0] - fastest["without"][0]
            print(f"mkdocs build (best of {args.builds}, wall / CPU of the build and its "
                  "workers, load average before → after):")
            for name in ("without", "with"):
                wall, cpu, l0, l1 = fastest[name]
                print(f"  {name + ' cases':15} {wall:6.1f} s / {cpu:.1f} s   "
                      f"(load {l0:.1f} → {l1:.1f}; every run: "
                      + ", ".join(f"{w:.0f}" for w, *_ in builds[name]) + " s)")
            more_cpu = fastest["with"][1] - fastest["without"][1]
            print(f"  grows {grow_build:+.1f} s wall, {more_cpu:+.1f} s CPU "
                  f"(target <= {TARGET_GROWTH_S:.0f} s)")
        paired = paired_builds(work, configs, env, args.paired)
        if paired is None:
            ok = ok and grow_build <= TARGET_GROWTH_S
        else:
            ok = ok and paired <= TARGET_GROWTH_S
        in_process(plain, with_cases)
        site = work / "site-with"
        board = site / "board" / "index.html"
        board_bytes = board.stat().st_size
        more = [p for p in (site / "board").rglob("*.html") if p != board]
        largest = max(more, key=lambda p: p.stat().st_size) if more else None
        cases = list((site / "cases").glob("c-*/index.html"))
        search = {n: (work / f"site-{n}" / "search" / "search_index.json").stat().st_size
                  for n in ("without", "with")}
        biggest = (f", the largest {largest.relative_to(site)} "
                   f"{largest.stat().st_size / 1e3:.0f} KB") if largest else ""
        print(f"board page      {board_bytes / 1e3:.0f} KB (target < "
              f"{TARGET_BOARD_BYTES / 1e6:.0f} MB); {len(more)} continuation pages{biggest}")
        print(f"case pages      {len(cases)}, the largest "
              f"{max((p.stat().st_size for p in cases), default=0) / 1e3:.0f} KB")
        print(f"search index    {mb(search['without'])} → {mb(search['with'])}")
        tags = {n: (work / f"site-{n}" / "tags" / "index.html") for n in ("without", "with")}
        print("tags page       " + " → ".join(
            mb(p.stat().st_size) if p.exists() else "none" for p in tags.values()))
        ok = ok and board_bytes < TARGET_BOARD_BYTES
        print("within targets" if ok else "OUTSIDE TARGETS")
        return 0 if ok else 1
    finally:
        release(work, keep=bool(args.keep or args.work))


if __name__ == "__main__":
    sys.exit(main())
