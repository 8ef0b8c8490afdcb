"""The site's sharded lookup index and the page's data files (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers import lookup_index as li
from generator.answers.matching import Doc, index_tokens, query_tokens
from generator.directory import Directory
from generator.load.registry import load
from generator.site.lookup_site import (
    asset_facts,
    data_folder,
    lookup_data,
    lookup_files,
    page_html,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"


def example() -> Directory:
    r, _ = load(EXAMPLE)
    return Directory(r)


def test_fnv1a_known_values() -> None:
    assert li.fnv1a("") == 0x811C9DC5
    assert li.fnv1a("a") == 0xE40C292C
    assert li.fnv1a("foobar") == 0xBF9CF968


def test_tokens() -> None:
    toks = index_tokens("供电局园区大门")
    assert {"供电", "电局", "局园", "园区", "区大", "大门", "供电局"} <= toks
    assert "供电局园区大门" in toks  # whole runs of 3-8 characters
    assert index_tokens("Elm Street 12b") == {"el", "elm", "st", "str", "stre", "stree",
                                              "street", "12", "12b"}
    assert index_tokens("road-d3", prefixes=False) == {"road", "d3"}


CJK = st.text(alphabet="路灯不亮供电局明湖大道东西南北", min_size=2, max_size=14)


@settings(max_examples=200, deadline=None)
@given(CJK, st.data())
def test_every_bigram_of_a_substring_is_indexed(name: str, data: st.DataObject) -> None:
    """A query that is a substring of a name is found through any of its bigrams."""
    i = data.draw(st.integers(0, len(name) - 2))
    j = data.draw(st.integers(i + 2, len(name)))
    q = name[i:j]
    toks = index_tokens(name)
    bigrams = [t for t in query_tokens(q) if len(t) == 2]
    assert bigrams and all(t in toks for t in bigrams)


def docs(n: int, word: str = "路灯") -> list[Doc]:
    out = [Doc.make("asset", f"lamp-{i:05d}", f"梅春路{word}{i}号", location=f"梅春路 K0+{i:03d}",
                    type="street-lamp", depth=2, minor=True) for i in range(n)]
    out.append(Doc.make("asset", "mc-road", "梅春路", location=f"沿线有{word}", type="road"))
    return out


def entry(doc: Doc) -> list[Any]:
    return li.asset_entry(doc, {"street-lamp": 0, "road": 1})


def shard_of(files: dict[str, bytes], prefix: str, man: dict[str, Any],
             tok: str) -> dict[str, Any]:
    body = json.loads(files[f"{prefix}/{li.fnv1a(tok) % man['n']}.json"])
    return body  # type: ignore[no-any-return]


def test_posting_lists_are_ranked_and_capped() -> None:
    ds = docs(3000)
    files, man, stats = li.build(ds, entry, "ix")
    sh = shard_of(files, "ix", man, "路灯")
    df, refs, stem, pages = sh["t"]["路灯"]
    assert df == 3001
    assert len(refs) == li.CAP
    assert stem == "" and pages == 0  # too common to list: no pages at all
    # ranked: names before locations only, then shallower, then shorter names
    first = [sh["d"][i][0] for i in refs]
    assert "mc-road" not in first  # 梅春路 has 路灯 in its location only
    assert first[:3] == ["lamp-00000", "lamp-00001", "lamp-00002"]
    # no file is anywhere near a whole posting list
    assert max(len(b) for b in files.values()) < 40_000
    assert stats.max_shard == max(len(b) for p, b in files.items() if "/p/" not in p)


def test_moderate_lists_are_complete_through_pages() -> None:
    ds = docs(100, word="灯杆")
    files, man, _ = li.build(ds, entry, "ix")
    sh = shard_of(files, "ix", man, "灯杆")
    df, refs, stem, pages = sh["t"]["灯杆"]
    assert df == 101 and len(refs) == li.CAP and pages == 2
    ids = [sh["d"][i][0] for i in refs]
    for p in range(1, pages + 1):
        ids += [e[0] for e in json.loads(files[f"ix/p/{stem}.{p}.json"])["d"]]
    assert sorted(ids) == sorted(d.id for d in ds)
    assert ids[-1] == "mc-road"  # the location-only match comes last


def test_every_token_is_in_its_hash_shard() -> None:
    ds = docs(50)
    files, man, stats = li.build(ds, entry, "ix", shard_target=500)
    assert man["n"] == stats.shards > 1
    seen = 0
    for path, body in files.items():
        if "/p/" in path:
            continue
        s = int(path.rsplit("/", 1)[1].split(".")[0])
        for tok in json.loads(body)["t"]:
            assert li.fnv1a(tok) % man["n"] == s
            seen += 1
    assert seen == stats.tokens


def test_data_is_deterministic() -> None:
    a, _ = lookup_data(example())
    b, _ = lookup_data(example())
    assert a == b
    assert all(x == json.dumps(json.loads(x), ensure_ascii=False, sort_keys=True,
                               separators=(",", ":")).encode() for x in list(a.values())[:50])


def test_lookup_files_hold_the_page_script_and_data() -> None:
    files = {f.path: f for f in lookup_files(example())}
    assert files["lookup/index.md"].nav
    page = files["lookup/index.md"].content
    assert isinstance(page, str)
    assert page.startswith("---\nhide:\n  - toc\n---\n\n# 谁来负责？\n")
    assert '<script src="lookup.js"></script>' in page
    data = "lookup/" + data_folder(list(files.values()))
    assert re.fullmatch(r"lookup/data/[0-9a-f]{12}/", data)
    assert f'data-data="{data[len("lookup/"):]}"' in page
    for path in ("lookup/lookup.js", "lookup/lookup.css", data + "manifest.json"):
        assert path in files and not files[path].search
    man = json.loads(files[data + "manifest.json"].content)
    assert man["lang"] == "zh"
    assert man["t"]["reasons"]["duty_direct"] == "{asset}的“{duty}”职责由{dept}承担。"
    for kind, n in man["n"].items():
        assert all(f"{data}{kind}/{i}.json" in files for i in range(n))
    # the same registry gives the same folder; another registry another one
    assert data_folder(lookup_files(example())) == data[len("lookup/"):]


def test_internal_contacts_never_reach_the_data() -> None:
    data, _ = lookup_data(example())
    blob = b"".join(data.values())
    assert b"0851-0000-0001" in blob  # a public phone
    for internal in (b"0851-0000-0901", b"0851-0000-0903"):
        assert internal not in blob


def test_asset_facts_after_inheritance() -> None:
    d = example()
    facts, deps = asset_facts(d, d.assets["lamp-d3b-004"])
    assert facts["t"] == "street-lamp"
    assert facts["d"]["lighting"] == [["construction-investment"], None,
                                      "D3 路 2 号照明回路（北段）"]
    # the road's two handovers, latest first: the first that covers a duty applies to it
    assert facts["h"] == [
        ["综保区 D3 路", "construction-investment", "municipal-roads", ["maintenance", "cleaning"],
         "accepted", "2025-10-28", None, None],
        ["综保区 D3 路", "construction-investment", "municipal-roads", ["lighting", "energy-bill"],
         "in-progress", "2024-01-10", "2025-06-30", "construction-investment"]]
    # the road's cleaning (inherited) is the sanitation station's since the road's handover
    assert deps == {"construction-investment", "municipal-roads", "sanitation-station"}
    b2, _ = asset_facts(d, d.assets["road-b2"])
    assert [p[0] for p in b2["p"]] == ["d-road-b2-lighting"]


def test_page_escapes_registry_text(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(
        "site: {title: T, language: en}\n"
        "departments: [{id: a, name: A, contacts: [{role: r, phone: '1'}]}]\n"
        "assets: [{id: x, name: '\"><script>alert(1)</script>', type: road, owner: a}]\n"
        "matters: [{id: m, name: '<img src=x onerror=alert(1)>', handled_by: a}]\n",
        encoding="utf-8")
    r, _ = load(tmp_path)
    html = page_html(Directory(r))
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert re.search(r'placeholder="e\.g\. &#34;&gt;&lt;script&gt;', html)
