"""Words that mean the same: the bundled vocabulary, a registry's ``synonyms``, and the
ranking of whole sentences (units weighted by rarity; units no entry holds left out)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.answers.matching import Matcher, rank
from generator.answers.synonyms import Vocabulary, builtin_entries, vocabulary
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

CATALOGUE = """\
site:
  title: 政务服务事项
departments:
  - id: vehicles
    name: 车辆管理所
    contacts:
      - role: 窗口
        phone: "0851-0000-0001"
  - id: lights
    name: 市政设施管理处
    contacts:
      - role: 值班
        phone: "0851-0000-0002"
matters:
  - id: licence-renew
    name: 机动车驾驶证有效期满换证
    handled_by: vehicles
  - id: licence-lost
    name: 机动车驾驶证遗失补证
    handled_by: vehicles
  - id: licence-damaged
    name: 机动车驾驶证损毁换证
    handled_by: vehicles
  - id: light-fault
    name: 城市道路照明设施故障处理
    handled_by: lights
"""


def registry(tmp_path: Path, text: str) -> Directory:
    (tmp_path / "departments.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    reg, diags = load(tmp_path)
    assert not [x for x in diags if x.severity == "error"], diags
    return Directory(reg)


def top(d: Directory, query: str, n: int = 3) -> list[str]:
    return [c.id for c in rank(query, Matcher(d).matter_docs, limit=n)]


def test_the_bundled_vocabularies_are_large_and_well_formed() -> None:
    for lang, least in (("zh", 400), ("en", 150)):
        entries = builtin_entries(lang)
        words = sum(len(a) + len(b) for _, a, b in entries)
        assert words >= least, (lang, words)
        for kind, a, b in entries:
            assert a and all(w.strip() == w and w for w in a + b), (kind, a, b)
            assert (kind == "same" and len(a) >= 2 and not b) or (kind == "say" and b)


def test_a_latin_word_is_found_only_whole() -> None:
    v = Vocabulary()
    v.add_group(["bin", "wheelie bin"])
    assert v.found("Replacement wheeled Bin request") == ["bin"]
    assert v.found("Filing cabinet collection") == []
    assert v.expand(["Missed bin collection"]) == ("wheelie bin",)


def test_say_is_one_way_and_words_already_there_are_not_added() -> None:
    v = Vocabulary()
    v.add_say(["开店"], ["个体工商户设立登记"])
    v.add_group(["驾照", "驾驶证", "机动车驾驶证"])
    assert v.expand(["个体工商户设立登记"]) == ("开店",)
    assert v.expand(["我想开店"]) == ()
    assert v.expand(["机动车驾驶证遗失补证"]) == ("驾照",)


def test_people_s_words_find_the_official_name(tmp_path: Path) -> None:
    d = registry(tmp_path, CATALOGUE)
    # every unit of the sentence that no entry holds (了怎, 怎么, 么换) is left out; 到期
    # (the vocabulary's word for 有效期满) tells the three licence matters apart
    assert top(d, "驾照到期了怎么换")[0] == "licence-renew"
    assert top(d, "驾照丢了怎么补")[0] == "licence-lost"
    assert top(d, "路灯不亮")[0] == "light-fault"
    assert Matcher(d).matters("驾照到期了怎么换").chosen is not None


def test_a_registry_can_switch_the_bundled_vocabulary_off_and_add_its_own(
        tmp_path: Path) -> None:
    off = CATALOGUE.replace("  title: 政务服务事项\n",
                            "  title: 政务服务事项\n  builtin_synonyms: false\n")
    d = registry(tmp_path, off)
    assert top(d, "路灯不亮") == []
    own = off + "synonyms:\n  - same: [路灯, 照明设施]\n  - say: [灯黑了]\n    means: [照明]\n"
    d = registry(tmp_path, own)
    assert top(d, "路灯")[0] == "light-fault"
    assert top(d, "灯黑了")[0] == "light-fault"
    assert vocabulary("zh", d.registry.synonyms, builtin=False).expand(["照明"]) == ("灯黑了",)


def test_a_word_that_matches_ranks_instead_of_an_empty_answer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = registry(tmp_path, CATALOGUE)
    # one word means something here, and three matters hold it equally: no answer is
    # chosen, all three are offered (a query that matched a word never comes back empty)
    res = Matcher(d).matters("请问驾驶证那个事情")
    assert res.chosen is None and res.ambiguous
    assert [c.id for c in res.candidates] == ["licence-damaged", "licence-lost",
                                              "licence-renew"]
    code = main(["lookup", "驾照到期了怎么换", "--registry", str(tmp_path), "--format",
                 "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["matter"]["id"] == "licence-renew"
