"""Tags without Material's tags plugin (real MkDocs builds of a small project): remit's
own tags page and chips; an article's bad front matter stops the build, located."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_project
from conftest import run_mkdocs as mkdocs
from conftest import run_remit as remit

from generator.mkdocs_edge.site_tags import is_tags_plugin, without_tags_plugin

REGISTRY = """\
site: {title: t, language: en}
departments:
  - id: a
    name: A <b>
    contacts: [{role: desk, phone: "0851-0000-0001", verified: 2026-11-01}]
assets:
  - id: r
    name: R
    type: facility
    owner: a
    duties: {maintenance: a, operation: a}
matters:
  - id: lamp
    name: Lamp out
    keywords: [dark, night]
    handled_by: a
"""

ARTICLE = """\
---
topic: Repairs
tags: [lights, night shift]
about: [matter:lamp, department:a]
---

# Dark road

Report a dark road to [[department:a]].
"""


def _read(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text(encoding="utf-8")


def test_without_material_tags_remit_draws_the_tags_page_and_chips(tmp_path: Path) -> None:
    config = make_project(tmp_path, REGISTRY)
    (tmp_path / "docs" / "guide").mkdir()
    (tmp_path / "docs" / "guide" / "dark.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    proc = mkdocs("build", "--strict", "-f", str(config), "-d", str(out))
    assert proc.returncode == 0, proc.stderr
    tags = _read(out, "tags")
    assert re.search(r'<h2 id="tag:lights"><span class="md-tag">lights</span>', tags)
    assert '<a href="../guide/dark/">Dark road</a>' in tags
    assert 'id="tag:night-shift"' in tags
    assert "tag:dark" not in tags and "tag:night\"" not in tags  # the matter's keywords
    page = _read(out, "guide/dark")
    chips = re.findall(r'<a href="([^"]+)" class="md-tag">([^<]+)</a>', page)
    assert chips == [("../../tags/#tag:lights", "lights"),
                     ("../../tags/#tag:night-shift", "night shift")]
    assert "md-tags" not in _read(out, "matters/lamp")
    index = _read(out, "articles")
    assert '<a href="../guide/dark/">Dark road</a>' in index
    assert '<a href="../departments/a/">A &lt;b&gt;</a>' in index
    assert re.search(r"<h2[^>]*>Repairs", index)


def test_bad_article_front_matter_stops_the_build_located(tmp_path: Path) -> None:
    config = make_project(tmp_path, REGISTRY)
    (tmp_path / "docs" / "guide").mkdir()
    bad = ARTICLE.replace("tags: [lights, night shift]", "tags: lights").replace(
        "topic: Repairs", 'summary: "Ask [[department:aa]]."')
    (tmp_path / "docs" / "guide" / "dark.md").write_text(bad, encoding="utf-8")
    proc = mkdocs("build", "-f", str(config), "-d", str(tmp_path / "out"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "remit: the articles have 2 problems:" in proc.stderr, proc.stderr
    assert "docs/guide/dark.md:2: error: summary: unknown department 'aa'; did you mean " \
        "'a'?" in proc.stderr
    assert "docs/guide/dark.md:3:1: error: tags: write the tags as a list of words " \
        "([路灯, 移交]), not 'lights'" in proc.stderr
    render = remit("render", "--out", str(tmp_path / "plain"), "-f", str(config),
                   cwd=tmp_path)
    assert render.returncode != 0 and "docs/guide/dark.md:3:1: error: tags:" in render.stderr


def test_the_tags_plugin_is_recognised_in_every_spelling() -> None:
    assert is_tags_plugin("tags") and is_tags_plugin("material/tags #2")
    assert not is_tags_plugin("remit") and not is_tags_plugin("tags-extra")
    assert without_tags_plugin(["search", "tags", {"tags": {"export": False}},
                                {"remit": {"registry": "r"}}]) == \
        ["search", {"remit": {"registry": "r"}}]
    assert without_tags_plugin({"search": {}, "material/tags": {}}) == {"search": {}}
