#!/usr/bin/env python3
"""Does the site grow linearly with the registry when every text is at its limit?

    python benchmarks/bench_site_size.py [--sizes 10,20,40,80]

For each N it writes a registry in a temporary folder in which one department, whose name
is as long as ``site.limits.name_chars`` allows, owns N assets (each name at the limit,
each note at ``site.limits.text_chars``) and N matters (each summary at the limit), loads
it, and renders every page and export in memory (``render_site``, what the plugin hands
to MkDocs). It prints the bytes per N and the growth from one size to the next: linear
growth doubles the bytes when N doubles. Then it shows what the default limits refuse:
the 1 MB department name that once gave a 267 MB site. Exit 1 when the growth from N to
2N exceeds 2.2 (super-linear).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.diagnostics import ERROR  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.model.entities import Limits  # noqa: E402
from generator.site.render import render_site  # noqa: E402

NAME = Limits().name_chars
TEXT = Limits().text_chars
MAX_GROWTH = 2.2


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def registry_text(n: int, dep_chars: int = NAME, name_chars: int = NAME,
                  text_chars: int = TEXT) -> str:
    long_name = ("园区建设投资有限公司" * (dep_chars // 10 + 1))[:dep_chars]
    lines = [
        "site: {title: size, language: zh" + (
            f", limits: {{name_chars: {dep_chars}, file_bytes: 200000000}}"
            if dep_chars != NAME else "") + "}",
        "departments:",
        f"  - id: big\n    name: {_q(long_name)}\n    contacts: [{{role: desk, phone: "
        "\"0851-0000-0001\", verified: 2026-11-01}]",
        "assets:",
    ]
    for i in range(n):
        road = (f"道路{i}" + "路" * name_chars)[:name_chars]
        lines.append(f"  - id: road-{i}\n    name: {_q(road)}"
                     f"\n    type: road\n    owner: big\n    notes: "
                     f"{_q(('说明文字' * text_chars)[:text_chars])}"
                     "\n    duties: {maintenance: big, lighting: big, cleaning: big}")
    lines.append("matters:")
    for i in range(n):
        matter = (f"事项{i}" + "项" * name_chars)[:name_chars]
        lines.append(f"  - id: matter-{i}\n    name: {_q(matter)}"
                     f"\n    summary: {_q(('摘要' * text_chars)[:text_chars])}"
                     "\n    asset_types: [road]\n    duty: maintenance\n    first_contact: big"
                     "\n    time_limit: 5d")
    return "\n".join(lines) + "\n"


def site_bytes(text: str) -> tuple[int, int, float] | str:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "departments.yaml").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        reg, diags = load(tmp)
        errors = [d for d in diags if d.severity == ERROR]
        if errors:
            return errors[0].text()
        files = render_site(Directory(reg))
        total = sum(len(f.content.encode("utf-8") if isinstance(f.content, str)
                        else f.content) for f in files)
        return total, len(files), time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="20,40,80,160,320")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"every name {NAME} characters, every note and summary {TEXT:,} characters")
    print(f"{'N':>5} {'registry':>12} {'site bytes':>14} {'pages':>6} {'bytes/N':>12} "
          f"{'growth':>7} {'time':>7}")
    prev = None
    worst = 0.0
    for n in sizes:
        text = registry_text(n)
        got = site_bytes(text)
        if isinstance(got, str):
            print(f"N={n}: refused: {got}")
            return 1
        total, pages, secs = got
        growth = total / prev[1] * prev[0] / n if prev else 1.0
        worst = max(worst, growth * 2 if prev and n == 2 * prev[0] else growth)
        print(f"{n:>5} {len(text.encode()):>12,} {total:>14,} {pages:>6} {total // n:>12,} "
              f"{(total / prev[1]) if prev else 1:>7.2f} {secs:>6.2f}s")
        prev = (n, total)
    print(f"largest growth when N doubles: {worst:.2f} (linear: 2.00, budget {MAX_GROWTH})")

    huge = registry_text(20, dep_chars=1_000_000, name_chars=20, text_chars=20)
    refused = site_bytes(huge.replace(", limits: {name_chars: 1000000, file_bytes: 200000000}",
                                      ""))
    print(f"\na 1 MB department name and 20 assets, default limits: "
          f"{refused if isinstance(refused, str) else 'ACCEPTED'}")
    raised = site_bytes(huge)
    if not isinstance(raised, str):
        print(f"the same with site.limits.name_chars raised to 1,000,000: "
              f"{raised[0]:,} bytes of pages")
    return 0 if worst <= MAX_GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
