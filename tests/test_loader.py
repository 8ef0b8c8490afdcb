"""The YAML loader: positions, YAML 1.1 surprises, and refusals."""

from __future__ import annotations

import datetime as dt

from generator.source import BadScalar, YMap, YSeq, load_yaml_text, read_csv, resolve_plain


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
