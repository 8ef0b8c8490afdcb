"""One box: ``remit lookup "D3路路灯不亮"`` finds the matter and, in the words left, the place
among the matter's asset types (tests/one_box_cases.py, shared with the page's test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from one_box_cases import ONE_BOX

from generator.answers.matching import Doc, Matcher, place_words
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"


@pytest.fixture(scope="module")
def example() -> Directory:
    return Directory(load(EXAMPLE)[0])


def ask(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["lookup", *args, "--registry", str(EXAMPLE), "--today", "2026-11-30",
                 "--now", "2026-11-30T10:00"])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("words", "matter", "asset", "rest"), ONE_BOX)
def test_one_box_in_the_cli(capsys: pytest.CaptureFixture[str], example: Directory,
                            words: str, matter: str, asset: str | None,
                            rest: str | None) -> None:
    code, out = ask(capsys, words, "--format", "json")
    got = json.loads(out)
    if asset == "ambiguous":
        assert code == 1
        assert (got["status"], got["field"], got["query"]) == ("ambiguous", "asset", rest)
        assert len(got["candidates"]) > 1
        return
    assert code == 0
    assert got["matter"]["id"] == matter
    assert (got["asset"] or {}).get("id") == asset
    if asset is not None:  # in words, the place is the one found
        _, text = ask(capsys, words)
        a = example.assets[asset]
        assert f"地点：{a.name}（" in text.splitlines()[3]


def test_the_asset_box_keeps_the_matter_box_to_the_matter(
        capsys: pytest.CaptureFixture[str]) -> None:
    # with --asset the matter's words are the matter only: D3 in them is not the place
    code, out = ask(capsys, "D3路路灯不亮", "--asset", "B2路", "--format", "json")
    got = json.loads(out)
    assert code == 0 and got["asset"]["id"] == "road-b2"


def test_the_place_is_sought_among_the_matters_asset_types_only(example: Directory) -> None:
    mt = Matcher(example)
    # 照明回路 names circuits, but a road's damage concerns roads and road sections
    res = mt.assets("d3 路 1 号照明回路", only_types=("road", "road-section"))
    assert res.chosen is not None and res.chosen.id == "road-d3"
    assert all(c.doc.type in ("road", "road-section") for c in res.candidates)


def test_place_words() -> None:
    doc = Doc.make("matter", "streetlight-out", "路灯不亮", ("路灯坏了",), ("路灯", "照明"))
    assert place_words("D3路路灯不亮", doc) == "d3路"
    assert place_words("路灯不亮 D3 路 2 回路", doc) == "d3 路 2 回路"
    # the longest of the matter's words goes (路灯不亮, not 路灯), white space inside allowed
    assert place_words("保税大道 路 灯 不 亮了", doc) == "保税大道 了"
    assert place_words("Ｄ３路　路灯坏了", doc) == "d3路"
    assert place_words("路灯不亮", doc) is None  # nothing left
    assert place_words("路灯不亮 D", doc) is None  # one character is no place
    assert place_words("D3路", doc) is None  # none of the matter's words
