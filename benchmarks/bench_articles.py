#!/usr/bin/env python3
"""What the tags page and the articles index cost at the large registry's scale.

    python benchmarks/bench_articles.py [--scale 1.0] [--work DIR] [--articles 200]

Generates the registry with benchmarks/generate_large.py (100,000 assets at scale 1.0),
renders remit's own pages once (departments, major assets, matters, escalation paths and
their indexes: the pages a tags page has to look through), writes ``--articles`` articles
with tags, a topic and ``about:`` entities, and prints the CPU time and bytes of:

- reading the articles' front matter (``read_articles``);
- finding the pages with browse tags among every generated page (``tagged_pages``: only a
  front matter with a ``tags:`` line is parsed, so the matters' search words cost a parse
  each and the asset pages nothing);
- the tags page and the articles index (``tags_page``, ``articles_page``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checks.findings import run_checks  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.site.article_index import articles_page, read_articles  # noqa: E402
from generator.site.render import _Renderer  # noqa: E402
from generator.site.tag_pages import tagged_pages, tags_page  # noqa: E402

TOPICS = ("诉求办理", "设施报修", "移交与过渡期", "用电与成本", "企业经营")


def article(i: int, d: Directory) -> str:
    matters = list(d.matters)
    assets = [a.id for a in d.major_assets]
    tags = [f"标签{i % 40}", f"标签{(i * 7) % 40}", TOPICS[i % len(TOPICS)]]
    about = [f"matter:{matters[i % len(matters)]}", f"asset:{assets[(i * 13) % len(assets)]}"]
    return (f"---\ntopic: {TOPICS[i % len(TOPICS)]}\ntags: [{', '.join(tags)}]\n"
            f"about: [{', '.join(about)}]\n---\n\n# 文章 {i}\n\n"
            f"第一段，说明这篇文章讲什么，见 [[{about[0]}]]。\n\n正文。\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-bench-articles-"))
    registry = work / "registry"
    if not (registry / "departments.yaml").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                        str(registry), "--scale", str(args.scale)], check=True,
                       stdout=subprocess.DEVNULL)
    reg, _ = load(registry)
    d = Directory(reg)
    r = _Renderer(d, run_checks(d), None, True, 2000)
    files = r.all_pages()
    print(f"registry at scale {args.scale}: {len(reg.assets):,} assets, "
          f"{len(reg.matters):,} matters; {len(files):,} generated pages")

    sources = [(f"guide/a{i:04d}.md", f"content/guide/a{i:04d}.md", article(i, d))
               for i in range(args.articles)]
    t = time.process_time()
    infos, problems = read_articles(sources)
    read = time.process_time() - t
    assert not problems, problems
    t = time.process_time()
    tagged = tagged_pages(files, ((a.path, a.title, a.tags) for a in infos))
    scan = time.process_time() - t
    t = time.process_time()
    page = tags_page(tagged, "zh")
    index = articles_page(infos, d, tags_page=True)
    make = time.process_time() - t
    assert page is not None and index is not None
    print(f"read_articles: {len(infos)} articles, {read * 1000:.0f} ms CPU")
    print(f"tagged_pages over {len(files):,} generated pages: {len(tagged)} pages with "
          f"browse tags, {scan:.2f} s CPU")
    print(f"tags page {len(page.content) / 1000:.0f} KB and articles index "
          f"{len(index.content) / 1000:.0f} KB: {make * 1000:.0f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
