"""The articles index (generator/site/article_index.py) and the tags page
(generator/site/tag_pages.py), rendered without MkDocs: topics in order, summaries kept as
Markdown with their links rewritten, entity links with current names (escaped), located
front-matter problems; every page with browse tags on the tags page, search words never."""

from __future__ import annotations

import textwrap

import markdown
import pytest
import yaml

from generator.directory import Directory
from generator.load.registry import load
from generator.outfile import OutFile, front_matter
from generator.site.article_index import first_paragraph, read_articles, rewrite_links
from generator.site.article_index import summary_problems as summary_problems_of
from generator.site.article_refs import resolve_refs
from generator.site.render import render_site
from generator.site.tag_pages import (
    generated_tags,
    tag_anchor,
    tag_chips,
    tagged_pages,
    tags_page,
)

REGISTRY = """\
site: {title: t, language: en}
departments:
  - id: a
    name: "<script>alert(1)</script> **bold** [x](javascript:y)"
    contacts: [{role: desk, phone: "0851-0000-0001", verified: 2026-11-01}]
  - id: service-centre
    name: Service Centre
    contacts: [{role: desk, phone: "0851-0000-0002", verified: 2026-11-01}]
assets:
  - id: road-d3
    name: Road D3
    type: facility
    owner: a
    duties: {maintenance: a, operation: a}
matters:
  - id: streetlight-out
    name: Street light out
    keywords: [lamp, dark]
    handled_by: service-centre
cases:
  - id: c-2026-0001
    title: "Lamp <b>out</b> on D3"
    matter: streetlight-out
    received: 2026-01-05
"""

LOOP = """\
---
topic: Requests
summary: "From intake to **feedback**: see [[matter:streetlight-out]] and
  [the report guide](report.md#step-2)."
tags: [loop, requests]
about: [department:service-centre, department:a]
---

# The closed loop

Body text.
"""

REPORT = """\
---
tags: [requests]
about: [matter:streetlight-out]
---

# Report a problem

> a quote first

- a list

The first paragraph, with a [link to the loop](loop.md)
on two lines.

Second paragraph.
"""

ABOUT = "# About\n\nWhat this site is.\n"
HOME = "---\ntopic: Home\ntags: [home]\n---\n# Home\n\nWelcome.\n"


@pytest.fixture(scope="module")
def d(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    folder = tmp_path_factory.mktemp("reg")
    (folder / "departments.yaml").write_text(REGISTRY, encoding="utf-8")
    reg, diags = load(str(folder))
    assert reg is not None and not [x for x in diags if x.severity == "error"], diags
    return Directory(reg)


def sources(**extra: str) -> list[tuple[str, str, str]]:
    texts = {"index.md": HOME, "about.md": ABOUT, "guide/loop.md": LOOP,
             "guide/report.md": REPORT, **extra}
    return [(p, f"docs/{p}", texts[p]) for p in sorted(texts)]


def front(f: OutFile) -> object:
    assert isinstance(f.content, str)
    return yaml.safe_load(f.content[4:f.content.index("\n---\n", 4)])


def body(f: OutFile) -> str:
    assert isinstance(f.content, str)
    return f.content[f.content.index("\n---\n", 4) + 5:]


def test_articles_are_read_in_nav_order_with_topic_summary_and_about() -> None:
    infos, problems = read_articles(sources())
    assert problems == []
    assert [a.path for a in infos] == ["index.md", "guide/loop.md", "guide/report.md",
                                       "about.md"]
    assert [a.indexed for a in infos] == [False, True, True, True]
    loop, report, about = infos[1:]
    assert (loop.title, loop.topic, loop.tags) == ("The closed loop", "Requests",
                                                   ("loop", "requests"))
    assert loop.about == (("department", "service-centre"), ("department", "a"))
    assert loop.summary.startswith("From intake to **feedback**") and loop.summary_line == 3
    # no topic: the first tag; no summary: the first plain paragraph
    assert report.topic == "requests"
    assert report.summary == ("The first paragraph, with a [link to the loop](loop.md)\n"
                              "on two lines.")
    assert (about.topic, about.summary) == ("", "What this site is.")


def test_first_paragraph_skips_code_and_blocks() -> None:
    text = "---\na: 1\n---\n# T\n\n```\ncode\n```\n\n!!! note\n    x\n\n| a |\n\nReal one.\n"
    assert first_paragraph(text) == "Real one."


def test_links_are_rewritten_for_the_index_page() -> None:
    md = ("[a](report.md#x) [b](../about.md) ![i](img/p.png) [c](https://e.org/x) "
          "[d](#top) [e](/abs)")
    assert rewrite_links(md, "guide/loop.md", "articles/index.md") == (
        "[a](../guide/report.md#x) [b](../about.md) ![i](../guide/img/p.png) "
        "[c](https://e.org/x) [d](../guide/loop.md#top) [e](/abs)")


def test_index_groups_by_topic_with_entity_links(d: Directory) -> None:
    infos, _ = read_articles(sources())
    pages = {f.path: f for f in render_site(d, article_pages=infos)}
    page = pages["articles/index.md"]
    assert page.nav and not page.search
    text = body(page)
    # topics in the order of their first article, the topic-less ones last
    heads = [ln for ln in text.splitlines() if ln.startswith(("## ", "### "))]
    assert heads == ["## Requests", "### [The closed loop](../guide/loop.md)",
                     "## requests", "### [Report a problem](../guide/report.md)",
                     "## Other", "### [About](../about.md)"]
    # the summary stays Markdown; its links and references point right from here
    html = markdown.markdown(text)
    assert "From intake to <strong>feedback</strong>" in html
    assert '<a href="../matters/streetlight-out/">Street light out</a>' in html
    assert '<a href="../guide/report.md#step-2">the report guide</a>' in html
    assert '<a href="../guide/loop.md">link to the loop</a>' in html
    # the entities it is about, by current name, escaped (registry text is data)
    assert '<a href="../departments/service-centre/">Service Centre</a>' in html
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in html and "<script>" not in html
    assert "<strong>bold</strong>" not in html and 'href="javascript' not in html
    # its tags link to the tags page
    assert '<a href="../tags/#tag:loop" class="md-tag">loop</a>' in html


def test_tags_page_lists_articles_and_generated_pages_never_search_words(d: Directory
                                                                        ) -> None:
    infos, _ = read_articles(sources())
    pages = {f.path: f for f in render_site(d, article_pages=infos)}
    # a generated page with browse tags (as a case page writes them), hostile too
    case = OutFile("cases/c-1.md", front_matter("Lamp <b>out</b>", tags=["requests", "<i>x"])
                   + "# Lamp out\n", title="Lamp <b>out</b>")
    assert generated_tags(case) == ["requests", "<i>x"]
    # a front matter written otherwise is read by the YAML parser, to the same tags
    other = case._replace(content='---\ntitle: x\ntags: [requests, "&lt;i&gt;x", dark]\n'
                                  'keywords: [dark]\n---\n# x\n')
    assert generated_tags(other) == ["requests", "<i>x"]
    listed = tagged_pages([*pages.values(), case], ((a.path, a.title, a.tags) for a in infos))
    tags = tags_page(listed, "en")
    assert tags is not None and tags.path == "tags/index.md" and tags.nav
    html = markdown.markdown(body(tags), extensions=["attr_list"])
    assert '<h2 id="tag:requests"><span class="md-tag">requests</span></h2>' in html
    start = html.index('id="tag:requests"')
    section = html[start:html.find("<h2", start)]
    assert section.index("Lamp &lt;b&gt;out&lt;/b&gt;") < section.index("Report a problem") \
        < section.index("The closed loop")
    assert 'href="../cases/c-1/"' in section and 'href="../guide/report/"' in section
    assert '<span class="md-tag">&lt;i&gt;x</span>' in html and "<i>" not in html
    # the home page is no article, but its tags count; a matter's keywords never do
    assert 'id="tag:home"' in html
    assert generated_tags(pages["matters/streetlight-out.md"]) == []
    assert "lamp" not in html and "dark" not in html
    # render_site's own tags page is the same listing, without the case
    assert "tags/index.md" in pages and 'id="tag:loop"' in markdown.markdown(
        body(pages["tags/index.md"]), extensions=["attr_list"])
    # the matter's keywords: under tags (for search) and named again under keywords
    fm = front(pages["matters/streetlight-out.md"])
    assert isinstance(fm, dict) and fm["tags"][:2] == ["lamp", "dark"]
    assert fm["keywords"] == fm["tags"]  # (with the vocabulary's words people say)


def test_no_articles_no_tags_no_pages(d: Directory) -> None:
    paths = {f.path for f in render_site(d)}
    assert "articles/index.md" not in paths and "tags/index.md" not in paths


def test_front_matter_keeps_browse_tags_apart_from_search_words() -> None:
    fm = yaml.safe_load(front_matter("T", tags=["a", "b"], keywords=["b", "c"])[4:-6])
    assert fm == {"title": "T", "tags": ["a", "b", "c"], "keywords": ["c"]}
    # a page out of search keeps its browse tags, drops its search words
    fm = yaml.safe_load(front_matter("T", search_exclude=True, tags=["a"], keywords=["c"])[4:-6])
    assert fm == {"title": "T", "tags": ["a"], "search": {"exclude": True}}


def test_tag_anchor_and_chips() -> None:
    assert tag_anchor("Street Light") == "tag:street-light"
    assert tag_anchor("路灯") == "tag:路灯"
    assert tag_anchor("a&b <i>x</i>") == "tag:ab-x"
    chips = tag_chips(["移交", "路灯", "移交"], "guide/x.md")
    assert chips == ('<nav class="md-tags" data-search-exclude="true">'
                     '<a href="../../tags/#tag:移交" class="md-tag">移交</a>'
                     '<a href="../../tags/#tag:路灯" class="md-tag">路灯</a></nav>')
    assert 'href="../tags/index.html#tag:x"' in tag_chips(["x"], "guide/x.md",
                                                          directory_urls=False)


def test_articles_cite_cases_by_their_title(d: Directory) -> None:
    out, problems = resolve_refs("See [[case:c-2026-0001]].", "guide/x.md", d)
    assert problems == []
    assert out == 'See <a href="../../cases/c-2026-0001/">Lamp &lt;b&gt;out&lt;/b&gt; on D3</a>.'
    _, problems = resolve_refs("[[case:c-2026-0002]]", "guide/x.md", d, shown="docs/x.md")
    assert [p.text() for p in problems] == [
        "docs/x.md:1:1: error: unknown case 'c-2026-0002'; did you mean 'c-2026-0001'?"]


def test_front_matter_problems_are_located(d: Directory) -> None:
    bad = textwrap.dedent("""\
        ---
        title: Bad
        topic: [a, b]
        tags: 路灯
        summary: "See [[matter:streetlite-out]]."
        ---
        # Bad
        """)
    infos, problems = read_articles(sources(**{"guide/bad.md": bad}))
    assert [p.text() for p in problems] == [
        "docs/guide/bad.md:3:1: error: topic: write the topic as text, not ['a', 'b']",
        "docs/guide/bad.md:4:1: error: tags: write the tags as a list of words "
        "([路灯, 移交]), not '路灯'"]
    shown = {a.path: f"docs/{a.path}" for a in infos}
    assert [p.text() for p in summary_problems_of(infos, d, shown)] == [
        "docs/guide/bad.md:5: error: summary: unknown matter 'streetlite-out'; "
        "did you mean 'streetlight-out'?"]
