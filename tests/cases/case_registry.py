"""A small registry with a calendar, two ladders and four matters, loaded by the real
loader; cases are added per test (each test module's ``make_dir`` fixture)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from generator.directory import Directory
from generator.load.registry import load

BASE = """\
site:
  title: 测试
  calendar:
    holidays: [2026-10-01..2026-10-08]
    workdays: [2026-09-27, "2026-10-10"]
departments:
  - {id: centre, name: 服务中心}
  - {id: office, name: 营商环境办}
  - {id: bureau-a, name: 甲局}
  - {id: bureau-b, name: 乙局}
  - {id: roads, name: 市政}
asset_types:
  - {id: lamp-circuit, name: 回路, duties: [lighting]}
assets:
  - {id: road-1, name: 一号路, type: road, duties: {lighting: roads}}
  - {id: road-2, name: 二号路, type: road, duties: {lighting: roads}}
  - {id: circ-1, name: 一号回路, type: lamp-circuit, duties: {lighting: roads}}
escalation:
  - id: std
    name: 标准
    levels:
      - {after: 0wd, who: centre}
      - {after: 5wd, who: office}
      - {after: 15 个工作日, who: [bureau-a, bureau-b]}
  - id: urgent
    name: 紧急
    levels:
      - {after: 0h, who: centre}
      - {after: 4h, who: office}
      - {after: 24h, who: bureau-a}
matters:
  - {id: lamp, name: 路灯不亮, asset_types: [road, lamp-circuit], duty: lighting,
     first_contact: centre, time_limit: 10wd, escalation: std}
  - {id: days, name: 按天, handled_by: bureau-b, time_limit: 3d, escalation: std}
  - {id: power, name: 停电, handled_by: office, time_limit: 4h, escalation: urgent}
  - {id: plain, name: 无路径, handled_by: bureau-a, time_limit: 5wd}
"""

Make = Callable[[str], Directory]


def maker(tmp_path: Path) -> Make:
    """A Directory of BASE plus ``cases`` (YAML text of a cases: section); the registry
    must load without errors."""
    def make(cases: str) -> Directory:
        folder = tmp_path / "reg"
        folder.mkdir(exist_ok=True)
        (folder / "departments.yaml").write_text(BASE, encoding="utf-8")
        (folder / "cases.yaml").write_text(textwrap.dedent(cases), encoding="utf-8")
        reg, diags = load(folder)
        errors = [d.text() for d in diags if d.severity == "error"]
        assert not errors, errors
        return Directory(reg)
    return make
