"""Words the generated site, the CLI and the reasons use, in Chinese and English.

Registry text is never translated; these are only the labels remit itself adds.
"""

from __future__ import annotations

from . import model as m

DUTY_NAMES: dict[str, dict[str, str]] = {
    "zh": {
        "maintenance": "养护维修", "operation": "运行管理", "energy-bill": "电费缴纳",
        "cleaning": "清扫保洁", "lighting": "照明", "inspection": "巡查",
        "repair": "抢修", "metering": "计量", "fire-safety": "消防安全", "greening": "绿化",
        "supply": "供应", "billing": "收费结算", "security": "安保",
    },
    "en": {
        "maintenance": "maintenance", "operation": "operation", "energy-bill": "energy bill",
        "cleaning": "cleaning", "lighting": "lighting", "inspection": "inspection",
        "repair": "repair", "metering": "metering", "fire-safety": "fire safety",
        "greening": "greening", "supply": "supply", "billing": "billing",
        "security": "security",
    },
}

UNIT_WORDS = {
    "zh": {"h": "{n} 小时", "d": "{n} 天", "wd": "{n} 个工作日"},
    "en": {"h": "{n} hour{s}", "d": "{n} day{s}", "wd": "{n} working day{s}"},
}


def duty_name(duty: str, lang: str) -> str:
    """The duty's word in ``lang``; unknown duty ids are shown as written."""
    return DUTY_NAMES.get(lang, {}).get(duty, duty)


def duration_text(d: m.Duration, lang: str) -> str:
    """``3d`` -> ``3 天`` / ``3 days``."""
    pattern = UNIT_WORDS.get(lang, UNIT_WORDS["en"])[d.unit]
    return pattern.format(n=d.amount, s="" if d.amount == 1 else "s")
