"""The YAML loader: positions, YAML 1.1 surprises, and refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.load.source import bad_char, load_yaml_text, printable, read_csv, resolve_plain
from generator.model.nodes import BadScalar, YMap, YSeq


def test_positions_of_keys_values_and_items() -> None:
    tree, diags = load_yaml_text("a:\n  b: x\n  c: [1, two]\n", "f.yaml")
    assert diags == []
    assert isinstance(tree, YMap)
    inner = tree["a"]
    assert inner.key_pos("b") == (2, 3)
    assert inner.value_pos("b") == (2, 6)
    seq = inner["c"]
    assert isinstance(seq, YSeq)
    assert seq.item_pos(1) == (3, 10)
    assert seq == [1, "two"]


def test_plain_scalars_keep_the_text_as_written() -> None:
    tree, _ = load_yaml_text("p: 0123\nc: NO\nh: 12:30\nd: 2024-01-10\nq: '0123'\n", "f.yaml")
    assert tree["p"] == 83 and tree.raw("p") == "0123"
    assert tree["c"] is False and tree.raw("c") == "NO"
    assert tree["h"] == 750 and tree.raw("h") == "12:30"
    assert tree["d"] == dt.date(2024, 1, 10)
    assert tree["q"] == "0123" and tree.raw("q") is None


def test_impossible_date_is_a_bad_scalar_not_an_exception() -> None:
    v = resolve_plain("2024-02-30")
    assert isinstance(v, BadScalar) and v.text == "2024-02-30"


def test_duplicate_keys_name_both_lines() -> None:
    _, diags = load_yaml_text("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [d.text() for d in diags] == [
        "f.yaml:3:1: error: duplicate key 'a' (first defined at line 1); remove one of them"]


def test_aliases_and_merge_keys_are_refused() -> None:
    _, diags = load_yaml_text("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml")
    codes = [d.code for d in diags]
    assert codes == ["yaml-anchor", "yaml-alias"]


def test_billion_laughs_is_refused_without_expanding() -> None:
    text = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    tree, diags = load_yaml_text(text, "f.yaml")
    assert {d.code for d in diags} == {"yaml-anchor", "yaml-alias"}
    assert tree["d"] == [None, None]


def test_deep_nesting_is_an_error() -> None:
    _, diags = load_yaml_text("[" * 200 + "]" * 200, "f.yaml")
    assert [d.code for d in diags] == ["too-deep"]


def test_csv_rows_remember_their_lines_even_with_quoted_newlines() -> None:
    rows, header, diags = read_csv('id,name\na,"two\nlines"\nb,x\n', "l.csv")
    assert diags == [] and header == ["id", "name"]
    assert [(r["id"], r.line) for r in rows] == [("a", 2), ("b", 4)]
    assert rows[1].value_pos("name") == (4, 3)


def test_csv_lines_end_at_line_feeds_only() -> None:
    """U+2028, a form feed or U+0085 inside a cell stay in the cell (the door refuses them
    with the row's line); they do not split the row and shift every later line number."""
    rows, _, diags = read_csv("id,name\na,x\u2028y\nb,p\x0cq\nc,r\x85s\r\nd,t\n", "l.csv")
    assert diags == []
    assert [(r["id"], r["name"], r.line) for r in rows] == [
        ("a", "x\u2028y", 2), ("b", "p\x0cq", 3), ("c", "r\x85s", 4), ("d", "t", 5)]


def test_csv_header_wider_than_the_limit_is_refused_from_its_commas() -> None:
    rows, header, diags = read_csv("a,b,c,d\n1,2,3,4\n", "w.csv", max_cells=3)
    assert rows == [] and header == []
    assert [d.text() for d in diags] == [
        "w.csv:1:1: error: the header has 4 cells, more than the limit of 3 "
        "(site.limits.csv_cells); drop the columns the registry does not use, or raise "
        "site.limits.csv_cells in departments.yaml"]
    assert read_csv("a,b,c\n1,2,3\n", "w.csv", max_cells=3)[2] == []


def test_yaml_escapes_reach_the_door_and_messages_show_them_escaped() -> None:
    tree, diags = load_yaml_text('a: "x\\u202Ey"\n"k\\u200Bey": 1\n"k\\u200Bey": 2\n', "f.yaml")
    assert tree["a"] == "x\u202ey"
    assert [d.message for d in diags] == [
        "duplicate key 'k\\u200bey' (first defined at line 2); remove one of them"]


def test_printable_escapes_what_text_may_not_hold() -> None:
    assert printable("路灯 D3 \U0001f4a1 \U00020000") == "路灯 D3 \U0001f4a1 \U00020000"
    assert printable("a\u202eb\ud800c\x1bd\U0010ffff") == "a\\u202eb\\ud800c\\x1bd\\U0010ffff"


@pytest.mark.parametrize("ch", "\t\n\x85\u2028\u200b\u200e\u061c\u2066\ufeff\ufdd0\ufffe")
def test_one_line_text_may_not_hold(ch: str) -> None:
    assert bad_char(f"a{ch}b") == ch


@pytest.mark.parametrize("ch", "\t\n\r\u200b\u200d\u200e\u2028\U0001f4a1\U00020000\U0001fffd")
def test_multi_line_text_may_hold(ch: str) -> None:
    assert bad_char(f"a{ch}b", multiline=True) is None


@pytest.mark.parametrize("ch", "\x00\x1b\x7f\x9f\ud800\udfff\ufdef\uffff\U0001fffe\U0010ffff"
                               "\u202a\u202e\u2069\ufeff")
def test_no_text_may_hold(ch: str) -> None:
    assert bad_char(f"\U0001f4a1a{ch}b", multiline=True) == ch
