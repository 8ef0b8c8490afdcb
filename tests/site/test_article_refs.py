"""Articles' ``[[kind:id]]`` references (generator/site/article_refs.py): links with current
names relative to the article, code left alone, registry text escaped, located errors with
a suggestion, and the backlinks of ``about:`` and references."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest

from generator.directory import Directory
from generator.load.registry import load
from generator.site.article_refs import article_title, resolve_refs, scan_articles
from generator.site.render import render_site

REGISTRY = """\
site: {title: t, language: en}
departments:
  - id: a
    name: "<script>alert(1)</script> **bold** [x](javascript:y) _i_"
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
    handled_by: service-centre
disputes:
  - id: d3-lights
    asset: road-d3
    parties: [a, service-centre]
    status: open
"""


@pytest.fixture(scope="module")
def d(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    folder = tmp_path_factory.mktemp("reg")
    (folder / "departments.yaml").write_text(REGISTRY, encoding="utf-8")
    reg, diags = load(str(folder))
    assert reg is not None and not [x for x in diags if x.severity == "error"], diags
    return Directory(reg)


def test_references_become_links_with_current_names(d: Directory) -> None:
    text = "See [[matter:streetlight-out]] on [[asset:road-d3]].\n"
    out, problems = resolve_refs(text, "guide/report.md", d)
    assert problems == []
    assert out == ('See <a href="../../matters/streetlight-out/">Street light out</a> on '
                   '<a href="../../assets/road-d3/">Road D3</a>.\n')


def test_urls_are_relative_to_the_article_with_and_without_directory_urls(d: Directory
                                                                            ) -> None:
    ref = "[[department:service-centre]]"
    assert 'href="departments/service-centre/"' in resolve_refs(ref, "index.md", d)[0]
    assert 'href="../../../departments/service-centre/"' in \
        resolve_refs(ref, "guide/deep/x.md", d)[0]
    assert 'href="../departments/service-centre.html"' in \
        resolve_refs(ref, "guide/x.md", d, directory_urls=False)[0]
    assert 'href="departments/service-centre.html"' in \
        resolve_refs(ref, "index.md", d, directory_urls=False)[0]
    assert resolve_refs("[[dispute:d3-lights]]", "guide/x.md", d)[0] == \
        '<a href="../../disputes/#d3-lights">d3&#45;lights</a>'


def test_code_spans_fences_and_front_matter_are_left_alone(d: Directory) -> None:
    text = textwrap.dedent("""\
        ---
        title: "[[matter:nothing]]"
        ---
        Write `[[matter:nothing]]` or ``[[asset:x]]``.

        ```markdown
        [[matter:nothing]]
        ```

        ~~~~
        [[asset:nothing]]
        ~~~~
        """)
    out, problems = resolve_refs(text, "guide/x.md", d)
    assert out == text and problems == []


def test_hostile_names_stay_text(d: Directory) -> None:
    out, _ = resolve_refs("Ask [[department:a]].\n", "x.md", d)
    assert "<script>" not in out
    html = markdown.markdown(out)
    assert "<script>" not in html and "<strong>" not in html and "<em>" not in html
    assert "javascript:" not in html.replace("javascript&#58;", "")
    assert 'href="../departments/a/"' in html
    assert "&lt;script&gt;" in html


def test_unknown_reference_is_located_with_a_suggestion(d: Directory) -> None:
    text = "# Lights\n\nFirst line.\nCall about [[matter:streetlite-out]] or [[asset:zzz]].\n"
    out, problems = resolve_refs(text, "guide/x.md", d, shown="content/guide/x.md")
    assert "[[matter:streetlite-out]]" in out
    assert [p.text() for p in problems] == [
        "content/guide/x.md:4:12: error: unknown matter 'streetlite-out'; "
        "did you mean 'streetlight-out'?",
        "content/guide/x.md:4:41: error: unknown asset 'zzz'",
    ]
    _, bad_kind = resolve_refs("[[mater:streetlight-out]]", "x.md", d)
    assert "did you mean 'matter'?" in bad_kind[0].text()


def test_backlinks_from_about_and_references(d: Directory) -> None:
    about = "---\ntitle: Dark roads\nabout: [asset:road-d3, matter:streetlite-out]\n---\nText\n"
    ref = "# Report it\n\nSee [[matter:streetlight-out]] and `[[asset:road-d3]]`.\n"
    index = scan_articles([("guide/a.md", "content/guide/a.md", about),
                           ("guide/b.md", "content/guide/b.md", ref)], d)
    assert index.backlinks == {("asset", "road-d3"): [("Dark roads", "guide/a.md")],
                               ("matter", "streetlight-out"): [("Report it", "guide/b.md")]}
    assert [p.text() for p in index.problems] == [
        "content/guide/a.md:3:24: error: unknown matter 'streetlite-out'; "
        "did you mean 'streetlight-out'?"]
    assert article_title("no heading", "guide/dark-roads.md") == "dark roads"


def test_entity_pages_list_related_articles(d: Directory, tmp_path: Path) -> None:
    pages = {f.path: f.content for f in render_site(d, articles={
        ("matter", "streetlight-out"): [("<b>Report</b> it", "guide/report.md")]})}
    matter = str(pages["matters/streetlight-out.md"])
    assert "## Related articles" in matter
    assert '<a href="../../guide/report/">&lt;b&gt;Report&lt;/b&gt; it</a>' in matter
    assert "Related articles" not in str(pages["assets/road-d3.md"])
