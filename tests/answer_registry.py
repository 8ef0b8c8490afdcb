"""A small registry for answers you can act on: an urgent power cut whose operator closes at
night while the service centre's night line answers, a leasing line that serves only
leasing, a contact checked 882 days before 2026-06-01, a crew on a mobile number, the
registry's editors. Shared by tests/answers/test_report_message.py and
tests/browser/test_browser_answer.py (the page must say what the CLI says)."""

from __future__ import annotations

import textwrap
from pathlib import Path

REGISTRY = """\
site:
  title: 园区
  fallback: hotline
  editors: registry-editors@example.org
  checks: {contact_max_age_days: 365}
departments:
  - id: hotline
    name: 服务热线
    contacts:
      - role: 热线
        phone: "0851-0000-0001"
        email: hotline@example.org
        hours: 工作日 8:00-20:00
        verified: 2026-05-01
  - id: centre
    name: 企业服务中心
    contacts:
      - role: 窗口
        phone: "0851-0000-0010"
        email: centre@example.org
        hours: 工作日 9:00-17:30
        verified: 2026-05-01
      - role: 夜间值班
        phone: "0851-0000-0011"
        hours: 17:30 至次日 9:00，节假日全天
        verified: 2026-05-01
  - id: operator
    name: 园区运营公司
    contacts:
      - role: 物业
        phone: "0851-0000-0020"
        email: property@example.org
        hours: Mo-Fr 09:00-17:30; PH off
        verified: 2024-01-01
      - role: 厂房招租
        phone: "0851-0000-0021"
        email: leasing@example.org
        hours: 工作日 9:00-17:30
        serves: [leasing]
        verified: 2026-05-01
  - id: roads
    name: 道路养护站
    contacts:
      - role: 养护班组
        phone: "+86 139-0000-0031"
        hours: 每天 7:00-19:00
        verified: 2026-05-01
matters:
  - id: outage
    name: 停电
    handled_by: operator
    first_contact: centre
    time_limit: 4h
  - id: leasing
    name: 厂房租赁
    handled_by: operator
    first_contact: centre
    time_limit: 5d
  - id: pothole
    name: 路面坑洼 (急)
    handled_by: roads
    first_contact: centre
    time_limit: 2d
"""

MONDAY_10 = "2026-06-01T10:00"
SATURDAY_NIGHT = "2026-06-06T22:30"
SUNDAY_10 = "2026-06-07T10:00"


def write_registry(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "departments.yaml").write_text(textwrap.dedent(REGISTRY), encoding="utf-8")
    return folder
