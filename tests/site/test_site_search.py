"""The site search's build-time parts: the query script's data (remit-search-words.js),
Material's worker and main script as the site ships them, and the dashboards' entries in
the search index. Their behaviour in a browser is tests/browser/test_browser_search.py."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from generator.directory import Directory
from generator.load.registry import load
from generator.mkdocs_edge.render_out import material_search_bundle, weigh_search_tags
from generator.outfile import OutFile
from generator.site import gap_pages
from generator.site.engine import (
    LAZY_INDEX,
    SEARCH_BUNDLE,
    SEARCH_WORKER,
    patch_search_bundle,
    patch_search_worker,
    query_script,
)
from generator.site.render import render_site
from generator.site.search_words import WORDS_FILE, search_words, words_file, words_script

ROOT = Path(__file__).resolve().parents[2]

CATALOGUE = """\
site: {title: 政务服务事项, language: zh}
departments:
  - id: vehicles
    name: 车辆管理所
  - id: lights
    name: 市政设施管理处
matters:
  - {id: licence-renew, name: 机动车驾驶证有效期满换证, handled_by: vehicles}
  - {id: licence-lost, name: 机动车驾驶证遗失补证, handled_by: vehicles}
  - {id: light-fault, name: 城市道路照明设施故障处理, handled_by: lights}
"""


def directory(tmp_path: Path, text: str = CATALOGUE) -> Directory:
    (tmp_path / "departments.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    reg, diags = load(tmp_path)
    assert not [x for x in diags if x.severity == "error"], diags
    return Directory(reg)


def test_the_words_a_catalogue_is_searched_with(tmp_path: Path) -> None:
    data = search_words(directory(tmp_path))
    assert data["v"] == 1 and data["lang"] == "zh"
    # a word people type and the words of its group the site's texts hold
    assert {"机动车驾驶证", "驾驶证"} <= set(data["same"]["驾照"])
    assert "驾照" in data["same"]["驾驶证"]
    # an everyday verb and the official acts it stands for, those the texts hold only
    assert "换证" in data["means"]["换"] and "换表" not in data["means"]["换"]
    # nothing for words whose meaning the registry never mentions
    assert "护照" not in data["same"] and "护照" not in data["means"]
    assert {"了", "怎么办", "找谁", "我想"} - set(data["fillers"]) == {"我想"}
    assert data["fillers"] == sorted(data["fillers"])


def test_a_registry_s_own_synonyms_with_the_bundled_ones_off(tmp_path: Path) -> None:
    own = CATALOGUE.replace("language: zh}", "language: zh, builtin_synonyms: false}") + \
        "synonyms:\n  - same: [路灯, 照明设施]\n  - say: [灯黑了]\n    means: [照明]\n"
    data = search_words(directory(tmp_path, own))
    assert data["same"] == {"路灯": ["照明设施"], "照明设施": ["路灯"]}
    assert data["means"] == {"灯黑了": ["照明"]}
    assert "了" in data["fillers"]  # the fillers are the language's, not the vocabulary's


def test_an_english_registry_gets_english_fillers(tmp_path: Path) -> None:
    en = ("site: {title: Council, language: en}\ndepartments:\n  - id: waste\n"
          "    name: Waste Services\nmatters:\n  - {id: bulky, name: Bulky waste collection,"
          " handled_by: waste}\n")
    data = search_words(directory(tmp_path, en))
    assert {"how", "my", "the", "do"} <= set(data["fillers"]) and "了" not in data["fillers"]
    assert "bulky waste" in data["means"]["sofa"]


def test_the_words_file_is_a_script_with_the_same_bytes_every_time(tmp_path: Path) -> None:
    d = directory(tmp_path)
    one, two = words_file(d), words_file(directory(tmp_path))
    assert one == two and one.path == WORDS_FILE and not one.search
    text = str(one.content)
    assert text.startswith("self.__remitSearchWords={") and text.endswith("};\n")
    assert json.loads(text.removeprefix("self.__remitSearchWords=")[:-2]) == search_words(d)
    # JSON's line and paragraph separators are escaped for older JavaScript engines
    assert words_script({"x": "a\u2028b\u2029c"}) == \
        'self.__remitSearchWords={"x":"a\\u2028b\\u2029c"};\n'


def test_the_site_ships_the_words_file(tmp_path: Path) -> None:
    files = {f.path: f for f in render_site(directory(tmp_path))}
    assert WORDS_FILE in files and files[WORDS_FILE] == words_file(
        directory(tmp_path).public())


def _material(pattern: re.Pattern[str]) -> str:
    material = pytest.importorskip("material")
    theme = Path(material.__file__).parent / "templates"
    found = [p for p in theme.joinpath("assets", "javascripts").rglob("*.min.js")
             if pattern.fullmatch(p.relative_to(theme).as_posix())]
    assert len(found) == 1, found
    return found[0].read_text(encoding="utf-8")


def test_the_worker_reads_the_query_first() -> None:
    worker = _material(SEARCH_WORKER)
    patched = patch_search_worker(worker)
    assert patched is not None
    # the query script right after "use strict", so it runs first, in strict mode
    assert patched.startswith('"use strict";' + query_script())
    # Material's Search.search(query) hands the query to it before its own segmentation
    hook = re.search(r"search\((\w+)\)\{if\(\1=self\.__remitQuery\?self\.__remitQuery\(\1,"
                     r"this\.index\.invertedIndex\):\1,\1=\1\.replace\(", patched)
    assert hook, "the hook is not in Material's search()"
    # the whole query may be a segment (路灯, not 路*)
    assert "for(let o=s+1;o<=t.length;o++)" in patched
    assert patch_search_worker("self.onmessage=function(){}") is None


def test_the_bundle_asks_for_the_index_when_the_visitor_searches() -> None:
    bundle = _material(SEARCH_BUNDLE)
    patched = patch_search_bundle(bundle)
    assert patched is not None and patched != bundle
    assert LAZY_INDEX in patched
    assert not re.search(r'document\.forms\.namedItem\("search"\)\?[\w$]+\(\):', patched)
    assert patch_search_bundle("console.log(1)") is None


def test_dashboards_are_searched_by_their_words_not_their_rows(tmp_path: Path) -> None:
    reg, _ = load(ROOT / "directory")
    d = Directory(reg)
    pages = {f.path: f for f in gap_pages.gap_files(d, [], None)}
    for path, word in (("handovers/index.md", "移交"), ("gaps/index.md", "责任缺口"),
                       ("disputes/index.md", "争议")):
        page = pages[path]
        assert isinstance(page, OutFile) and page.search
        text = str(page.content)
        head = text.split("\n---\n", 1)[0]
        assert "exclude: true" not in head and word in head, head
    # the handover dashboard's summary is indexed, its filter and tables are not
    body = str(pages["handovers/index.md"].content).split("\n---\n", 1)[1]
    blocks = [b for b in body.split("\n\n") if b.lstrip().startswith("<")]
    assert "data-search-exclude" not in blocks[0].split(">", 1)[0]
    assert all("data-search-exclude" in b.split(">", 1)[0] for b in blocks[1:]), \
        [b[:80] for b in blocks[1:] if "data-search-exclude" not in b.split(">", 1)[0]]
    assert gap_pages.search_keywords("handovers", "en")[0] == "handovers"


def test_remit_render_ships_the_same_search() -> None:
    """``remit render``'s plain mkdocs.yml gets what the plugin does when it runs."""
    found = material_search_bundle()
    assert found is not None and SEARCH_BUNDLE.fullmatch(found[0]) and LAZY_INDEX in found[1]
    tags = {"fields": {"tags": {"boost": 1000.0}}}
    assert weigh_search_tags(["search", "tags"]) == [{"search": tags}, "tags"]
    assert weigh_search_tags([{"search": {"lang": "zh"}}]) == [{"search": {"lang": "zh", **tags}}]
    own = [{"search": {"fields": {"tags": {"boost": 5}}}}]
    assert weigh_search_tags(own) == own
    assert weigh_search_tags({"search": None, "x": {}}) == {"search": tags, "x": {}}
