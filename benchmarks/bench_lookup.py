#!/usr/bin/env python3
"""Measure the lookup: index build, bytes and time per query in chromium, and recall.

    python benchmarks/bench_lookup.py                     # example registry + 100,000 assets
    python benchmarks/bench_lookup.py --scale 0.1         # a smaller generated registry
    python benchmarks/bench_lookup.py --registry DIR      # any registry folder
    python benchmarks/bench_lookup.py --skip-example      # only the large one

For each registry it writes the page's files (``lookup_site.lookup_files`` plus
``standalone_html``; the full MkDocs build of 100,000 assets is the site benchmark's job)
into a temporary folder, serves it on loopback and drives Debian's chromium:

* bytes: every response after the page has loaded, for a whole query (type what is
  wrong, then where, until the answer shows), and the page's own files (HTML, script,
  stylesheet, manifest) once;
* time: from the ``input`` event in each box to the answer (or the list of places) on
  screen, including the page's 40 ms typing pause, on loopback; the median of 3 runs;
* recall against a brute-force substring search over the same fields (id, name, aliases,
  keywords, location): of the entries that contain the query, the share the page lists
  among its first 10 (``@10``, out of at most 10) and among all it returned (``all``);
* place queries (lookup by place, ``remitLookup.placeAnswer``: a click on the map or "use
  my location"): the bytes one place query fetches after the page has loaded (spatial
  index blocks and cells, the records the answer and the boundary check need; the map's
  background ``sp/base.json`` counted apart), its time, and whether the page chose the
  same asset, rival and department as ``remit lookup --at``. Budget: 100 KB a query.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.answers.matching import Matcher, compact  # noqa: E402
from generator.answers.nearby import Shapes, at_place, shape_of  # noqa: E402
from generator.answers.routing import lookup, route  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.site.lookup_site import (  # noqa: E402
    data_folder,
    lookup_data,
    standalone_html,
    static_files,
)

REPEAT = 3  # each whole query runs this often in a fresh browser context; times: median
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/lookup/"


def write_site(d: Directory, out: Path) -> dict[str, Any]:
    t = time.perf_counter()
    data, stats = lookup_data(d)
    build_s = time.perf_counter() - t
    for f in static_files():
        data[f.path] = f.content if isinstance(f.content, bytes) else f.content.encode()
    for path, body in data.items():
        p = out / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(body)
    (out / "lookup" / "index.html").write_text(standalone_html(d, data_folder(data)),
                                               encoding="utf-8")
    kinds: dict[str, list[int]] = {}
    for path, body in data.items():
        parts = path.split("/")
        if len(parts) < 5:
            kind = parts[-1]
        else:  # lookup/data/<version>/<kind>/...
            kind = "/".join(parts[3:5]) if parts[3] == "ix" else parts[3]
        if "/p/" in path:
            kind += " pages"
        kinds.setdefault(kind, []).append(len(body))
    return {"build_s": build_s, "files": len(data), "bytes": sum(map(len, data.values())),
            "kinds": kinds, "stats": stats,
            "base": sum(len(b) for p, b in data.items() if p.endswith("/sp/base.json"))}


def run_query(browser: Any, url: str, what: str, where: str | None,
              expect: str | None) -> dict[str, Any]:
    ctx = browser.new_context()
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
              else r.abort())
    page = ctx.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    page.goto(url)
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    page_bytes, n0 = sum(sizes), len(sizes)
    ms_what = page.evaluate("""async (q) => {
      const i = document.getElementById('remit-what'), t0 = performance.now();
      i.value = q; i.dispatchEvent(new Event('input', {bubbles: true}));
      const root = document.getElementById('remit-lookup');
      for (let k = 0; k < 400; k++) {
        await new Promise(r => setTimeout(r, 5));
        if (root.dataset.answered) return performance.now() - t0;
      }
      return null;
    }""", what)
    ms_where = None
    if where is not None:
        ms_where = page.evaluate("""async ([q, expect]) => {
          const i = document.getElementById('remit-where'), t0 = performance.now();
          const root = document.getElementById('remit-lookup');
          i.value = q; i.dispatchEvent(new Event('input', {bubbles: true}));
          for (let k = 0; k < 400; k++) {
            await new Promise(r => setTimeout(r, 5));
            if (expect ? root.dataset.answered === expect
                       : document.querySelector('#remit-where-list [role=option]'))
              return performance.now() - t0;
          }
          return null;
        }""", [where, expect])
    page.wait_for_timeout(250)
    out = {"page": page_bytes, "query": sum(sizes[n0:]), "requests": len(sizes) - n0,
           "ms_what": ms_what, "ms_where": ms_where,
           "dept": page.locator(".rl-answer-dept").first.inner_text()
           if page.locator("#remit-answer").is_visible() else None}
    ctx.close()
    return out


def run_place(browser: Any, url: str, matter: str, lon: float, lat: float) -> dict[str, Any]:
    """One place query in a fresh page: bytes and requests after the page has loaded."""
    ctx = browser.new_context()
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
              else r.abort())
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    page.wait_for_timeout(300)  # the map's background (sp/base.json) is not the query's
    res = page.evaluate("""async ([m, lon, lat]) => {
      const b0 = remitLookup.stats.bytes, r0 = remitLookup.stats.requests;
      const t0 = performance.now();
      const r = await remitLookup.placeAnswer(m, lon, lat);
      return {ms: performance.now() - t0, bytes: remitLookup.stats.bytes - b0,
              requests: remitLookup.stats.requests - r0,
              chosen: r.place.chosen && r.place.chosen.id,
              rival: r.place.rival && r.place.rival.id, dept: r.department,
              candidates: r.place.candidates.length};
    }""", [matter, lon, lat])
    ctx.close()
    return dict(res)


def place_points(d: Directory, n: int = 6) -> list[tuple[str, float, float]]:
    """Places to ask about: beside lamps and on roads spread over the registry (where the
    assets are densest), and one junction of two roads."""
    reg = d.registry
    out: list[tuple[str, float, float]] = []
    lamps = [a for a in reg.assets if a.type == "street-lamp" and a.geometry]
    roads = [a for a in reg.assets if a.type == "road" and a.geometry]
    for a in lamps[:: max(1, len(lamps) // n)][:n]:
        s = shape_of(a.geometry)
        if s:
            out.append((f"lamp {a.id}", s.segments[0][0] + 0.00005, s.segments[0][1]))
    for a in roads[:: max(1, len(roads) // 3)][:3]:
        s = shape_of(a.geometry)
        if s:
            x1, y1, x2, y2 = s.segments[0]
            out.append((f"road {a.id}", (x1 + x2) / 2, (y1 + y2) / 2 + 0.0001))
    return out


def recall(browser: Any, url: str, d: Directory, queries: list[tuple[str, str]]
           ) -> list[dict[str, Any]]:
    mt = Matcher(d)
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    rows = []
    for kind, q in queries:
        docs = mt.asset_docs if kind == "a" else mt.matter_docs
        qc = compact(q)
        relevant = {doc.id for doc in docs if qc in doc.alltext}
        before = page.evaluate("remitLookup.stats.bytes")
        res = page.evaluate("async ([k, q]) => { const r = await remitLookup.search(k, q, null,"
                            " 100000); return [r.items.map(c => c.doc.id), r.complete]; }",
                            [kind, q])
        ids, complete = res
        spent = page.evaluate("remitLookup.stats.bytes") - before
        top = set(ids[:10])
        found = set(ids)
        r10 = len(top & relevant) / min(10, len(relevant)) if relevant else None
        rall = len(found & relevant) / len(relevant) if relevant else None
        cli = mt.matters(q) if kind == "m" else mt.assets(q)
        cli_top = cli.candidates[0].id if cli.candidates else None
        rows.append({"kind": kind, "q": q, "relevant": len(relevant), "r10": r10, "rall": rall,
                     "returned": len(ids), "complete": complete, "bytes": spent,
                     "same_top": (ids[0] if ids else None) == cli_top})
    ctx.close()
    return rows


def pick_queries(d: Directory) -> tuple[list[tuple[str, str | None, str | None]],
                                        list[tuple[str, str]]]:
    """(whole queries, recall queries) chosen from the registry itself."""
    reg = d.registry
    lamps = [a for a in reg.assets if a.type == "street-lamp"]
    roads = [a for a in reg.assets if a.type == "road"]
    lamp_matter = next((x for x in reg.matters if x.duty == "lighting"
                        and "street-lamp" in x.asset_types), reg.matters[0])
    whole: list[tuple[str, str | None, str | None]] = [(lamp_matter.name, None, lamp_matter.id)]
    if lamps:
        lamp = lamps[len(lamps) // 2]
        whole.append((lamp_matter.name, lamp.id, f"{lamp_matter.id}/{lamp.id}"))
        whole.append((lamp_matter.name, lamp.name, None))
    if roads:
        road = roads[len(roads) // 3]
        whole.append((lamp_matter.name, road.name, None))
    whole.append((lamp_matter.name, "路灯", None))  # the worst case: most assets carry it
    fixed = [x for x in reg.matters if x.handled_by]
    if fixed:
        whole.append((fixed[len(fixed) // 2].name, None, fixed[len(fixed) // 2].id))
    rq: list[tuple[str, str]] = [("a", "路灯"), ("a", "供电局"), ("a", "计量点"), ("a", "阀门"),
                                 ("a", "10kV"), ("a", "DN800"), ("a", "综保区"), ("m", "路灯"),
                                 ("m", "供电局"), ("m", "停电"), ("m", "路灯不亮")]
    for road in roads[:: max(1, len(roads) // 6)][:6]:
        rq.append(("a", road.name))
    for lamp in lamps[:: max(1, len(lamps) // 4)][:4]:
        rq += [("a", lamp.name), ("a", lamp.id)]
    for a in reg.assets[:: max(1, len(reg.assets) // 5)][:5]:
        if a.location:
            rq.append(("a", a.location.split("，")[0][:6]))
    return whole, rq


def bench(name: str, path: Path, browser: Any, work: Path) -> None:
    print(f"\n== {name}: {path}")
    t = time.perf_counter()
    reg, _ = load(path)
    d = Directory(reg)
    print(f"load {time.perf_counter() - t:.1f} s: {len(reg.assets)} assets, "
          f"{len(reg.matters)} matters, {len(reg.departments)} departments")
    info = write_site(d, work)
    print(f"lookup data: built in {info['build_s']:.1f} s, {info['files']} files, "
          f"{info['bytes'] / 1e6:.1f} MB")
    for kind, sizes in sorted(info["kinds"].items()):
        print(f"  {kind:12} {len(sizes):6} files  {sum(sizes) / 1e6:7.2f} MB  "
              f"median {statistics.median(sizes) / 1e3:5.1f} KB  max {max(sizes) / 1e3:5.1f} KB")

    whole, rq = pick_queries(d)
    t = time.perf_counter()
    mt = Matcher(d)
    print(f"CLI: Matcher built in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    for what, where, _ in whole:
        lookup(d, what, where, matcher=mt)
    print(f"CLI: {len(whole)} lookups (resolve the words, route) in "
          f"{(time.perf_counter() - t) * 1000 / len(whole):.0f} ms each")

    httpd, url = serve(work)
    try:
        print("\nquery (what | where)                         page B   query B  req  "
              "what ms  where ms  answer (- : the place is ambiguous, candidates listed)")
        run_query(browser, url, *whole[0])  # warm the server's file cache once
        for what, where, expect in whole:
            runs = [run_query(browser, url, what, where, expect) for _ in range(REPEAT)]
            r = dict(runs[0])
            for key in ("ms_what", "ms_where"):  # the median of the runs
                vals = [x[key] for x in runs if x[key] is not None]
                r[key] = statistics.median(vals) if vals else None
            label = f"{what} | {where or '-'}"
            ms_w = f"{r['ms_where']:8.0f}" if r["ms_where"] is not None else "       -"
            ms_m = f"{r['ms_what']:7.0f}" if r["ms_what"] is not None else "      -"
            print(f"{label[:44]:44} {r['page']:8} {r['query']:8} {r['requests']:4} {ms_m} "
                  f"{ms_w}  {r['dept'] or '-'}")
        if expect := whole[1][2] if len(whole) > 1 else None:
            mid, aid = expect.split("/")
            ans = route(d, d.matters[mid], d.assets[aid])
            print(f"  (CLI for {expect}: {d.name_of(ans.department)})")
        rows = recall(browser, url, d, rq)
        print("\nrecall vs brute-force substring   relevant  @10    all    returned  bytes  "
              "same top as CLI")
        for r in rows:
            f10 = f"{r['r10']:.2f}" if r["r10"] is not None else "  - "
            fall = f"{r['rall']:.2f}" if r["rall"] is not None else "  - "
            print(f"  {r['kind']} {r['q'][:28]:28} {r['relevant']:8}  {f10}  {fall}  "
                  f"{r['returned']:8} {r['bytes']:6}  {r['same_top']}")
        scored = [r for r in rows if r["r10"] is not None]
        if scored:
            print(f"  mean @10 {statistics.mean(r['r10'] for r in scored):.3f}, mean all "
                  f"{statistics.mean(r['rall'] for r in scored):.3f} over {len(scored)} "
                  f"queries; same top as the CLI {sum(r['same_top'] for r in rows)}/{len(rows)}")
        bench_places(browser, url, d, info)
    finally:
        httpd.shutdown()
        httpd.server_close()


def bench_places(browser: Any, url: str, d: Directory, info: dict[str, Any]) -> None:
    """Lookup by place: bytes per query (budget 100 KB), time, agreement with the CLI."""
    matter = next((x for x in d.registry.matters if x.duty == "lighting"
                   and "street-lamp" in x.asset_types), None)
    sp = info["stats"].get("places")
    if matter is None or sp is None:
        return
    print(f"\nlookup by place: spatial index {sp.cells} cells of {sp.cell_deg * 111_195:.0f} m "
          f"(k={sp.k}), {sp.blocks} blocks, {sp.bytes / 1e6:.2f} MB, largest cell "
          f"{sp.max_cell / 1e3:.1f} KB; map background sp/base.json "
          f"{info['base'] / 1e3:.1f} KB once")
    t = time.perf_counter()
    shapes = Shapes(d)
    print(f"CLI: shapes indexed in {time.perf_counter() - t:.1f} s")
    print("place (matter: " + matter.id + ")                     bytes  req   ms  "
          "cands  chosen / rival  same as CLI")
    sizes = []
    for label, lon, lat in place_points(d):
        r = run_place(browser, url, matter.id, lon, lat)
        t = time.perf_counter()
        cli = at_place(d, matter, lon, lat, shapes=shapes)
        cli_ms = (time.perf_counter() - t) * 1000
        same = (r["chosen"] == (cli.chosen.asset.id if cli.chosen else None)
                and r["rival"] == (cli.rival.asset.id if cli.rival else None)
                and r["dept"] == cli.answer.department)
        sizes.append(r["bytes"])
        print(f"  {label[:44]:44} {r['bytes']:7} {r['requests']:4} {r['ms']:5.0f} "
              f"{r['candidates']:5}  {r['chosen'] or '-'} / {r['rival'] or '-'}  {same} "
              f"(CLI {cli_ms:.0f} ms)")
    if sizes:
        print(f"  bytes per place query: median {statistics.median(sizes):.0f}, max "
              f"{max(sizes)} (budget 100000): {'OK' if max(sizes) <= 100_000 else 'OVER'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", default="1", help="scale of the generated registry (1 = "
                    "100,000 assets)")
    ap.add_argument("--registry", type=Path, help="measure this registry instead")
    ap.add_argument("--skip-example", action="store_true")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        if not args.skip_example:
            bench("example", ROOT / "directory", browser, Path(tmp) / "example")
        if args.registry:
            bench("registry", args.registry, browser, Path(tmp) / "given")
        else:
            reg = Path(tmp) / "large"
            t = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                            str(reg), "--scale", args.scale], check=True, capture_output=True)
            print(f"\ngenerated scale {args.scale} in {time.perf_counter() - t:.1f} s")
            bench(f"generated, scale {args.scale}", reg, browser, Path(tmp) / "large-site")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
