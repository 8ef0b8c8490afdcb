"""Words the generated site, the CLI and the reasons use, in Chinese and English.

Registry text is never translated; these are only the labels remit itself adds.
"""

from __future__ import annotations

from generator import model as m

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


# --- labels of the generated site (render.py) -------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        # sections and index pages
        "departments": "部门", "assets": "资产", "matters": "事项", "escalation": "升级路径",
        "handovers": "移交", "guide": "指南", "lookup": "谁来负责？",
        "departments_title": "部门名录", "assets_title": "资产", "matters_title": "事项",
        "escalation_title": "升级路径", "handovers_title": "移交状态",
        "departments_intro": "全部 {n} 个单位，按上下级关系排列。点击名称查看职责、联系方式、"
                             "拥有的资产和办理的事项。",
        "assets_intro": "已登记 {n} 处资产（其中 {major} 处有单独页面），按类型分组。"
                        "路灯、表计等小型设施列在所属设施的页面上。",
        "matters_intro": "企业可以提出的 {n} 类事项，按类别分组。每个事项写明由谁办理、"
                         "首问单位、办理时限和超时后的升级路径。",
        "escalation_intro": "诉求超过时限没有解决时，按以下路径逐级上报。时间从受理时起算。",
        "handovers_intro": "新建设施从建设单位移交给管理单位的进度。移交完成以前，"
                           "由过渡期责任单位负责。",
        "types_title": "{type}", "page_n": "第 {n} 页",
        "pages": "分页", "count": "数量", "type": "类型", "minor_note": "列在所属设施页面上",
        "minor_rows": "小型设施", "open_handovers": "未完成移交",
        "see_list": "查看列表", "n_items": "{n} 项", "n_assets": "{n} 处",
        "more_not_shown": "另有 {n} 项未列出，可在“谁来负责？”中查询。",
        "orphans": "未归属任何设施的{type}",
        # common
        "id": "编号", "name": "名称", "aliases": "又称", "summary": "简介", "notes": "说明",
        "basis": "依据", "kind": "类型", "verified": "核实于", "website": "网站",
        "edit_entry": "修改此条目", "source_at": "数据位置", "ask_lookup": "查询谁来负责",
        "gaps": "责任空白", "gap_accepted": "已说明", "none": "无",
        "status": "状态", "since": "开始", "due": "期限", "days_overdue": "已逾期 {n} 天",
        # department
        "parent": "上级单位", "children": "下属单位", "contacts": "联系方式",
        "role": "岗位", "contact_name": "联系人", "phone": "电话", "email": "邮箱",
        "url": "网页", "address": "地址", "hours": "办公时间",
        "no_public_contact": "没有公开的联系方式。请先联系首问单位或上级单位。",
        "responsibilities": "职责", "lead": "牵头单位",
        "owned_assets": "拥有的资产", "held_duties": "在其他单位资产上承担的职责",
        "handovers_given": "移出的资产", "handovers_received": "接收的资产",
        "interim_for": "过渡期内负责的资产", "matters_handled": "办理的事项",
        "matters_first": "首问受理的事项", "levels": "在升级路径中的位置",
        "level_n": "第 {n} 级", "disputes": "职责争议", "minor_summary": "另有 {items}",
        "duties": "职责",
        # asset
        "owner": "产权单位", "part_of": "所属设施", "location": "位置",
        "coordinates": "坐标", "duty": "职责", "held_by": "承担单位",
        "inherited_from": "沿用 {parent}", "nobody": "无人承担", "split": "分工",
        "boundaries": "责任分界", "at": "分界点", "between": "两侧单位",
        "handover": "移交", "handover_from": "移交方", "handover_to": "接收方",
        "handover_duties": "移交的职责", "all_duties": "全部职责",
        "interim": "移交完成前由谁负责", "interim_none": "未指定过渡期责任单位，"
                   "由移交方 {dept} 负责。这是一个责任空白。",
        "parts": "组成部分", "minor_parts": "所含{type}", "who_answers": "遇到问题找谁",
        "matter_col": "事项", "answers": "负责单位", "why": "理由",
        "owner_inherited": "沿用 {parent} 的产权单位",
        # matter
        "group": "类别", "keywords": "关键词", "handled_by": "办理单位",
        "decided_by": "由{types}上“{duty}”职责的承担单位办理。",
        "asset_types": "涉及的资产类型", "holders_now": "目前登记的承担单位",
        "first_contact": "首问单位", "time_limit": "办理时限", "ladder": "升级路径",
        "after": "受理后 {d}", "at_intake": "受理时", "who": "负责",
        "action": "做什么", "used_by": "使用这一路径的事项", "no_limit": "未规定",
        "routes_by_asset": "具体由谁办理取决于是哪一处资产，可在“谁来负责？”中输入道路或"
                           "设施名称查询。",
        # dispute
        "parties": "争议各方", "raised": "提出", "deadline": "裁定期限", "arbiter": "裁定单位",
        "outcome": "结论", "dispute_open": "未解决", "dispute_resolved": "已解决",
        "dispute_interim": "裁定前由 {dept} 负责",
        # handover overview
        "by_status": "按状态统计", "asset": "资产", "from_to": "移交方 → 接收方",
        "total": "合计", "paren": "（{x}）", "dispute_interim_label": "裁定前由谁负责",
        "handover_with": "随{asset}一并移交", "home": "首页", "by_asset": "视资产而定",
        "colon": "：", "list_sep": "、",
    },
    "en": {
        "departments": "Departments", "assets": "Assets", "matters": "Matters",
        "escalation": "Escalation", "handovers": "Handovers", "guide": "Guides",
        "lookup": "Who is responsible?",
        "departments_title": "Departments", "assets_title": "Assets",
        "matters_title": "Matters", "escalation_title": "Escalation paths",
        "handovers_title": "Handovers",
        "departments_intro": "All {n} bodies, arranged by parent. Open a name for its duties, "
                             "contacts, the assets it owns and the matters it handles.",
        "assets_intro": "{n} registered assets ({major} with a page of their own), grouped by "
                        "type. Street lamps, meters and similar minor assets are rows on the "
                        "page of the asset they belong to.",
        "matters_intro": "The {n} kinds of request people bring, by group. Each says who "
                         "handles it, where to go first, the time limit and what happens "
                         "when it is not solved in time.",
        "escalation_intro": "When a request is not solved in time it climbs these ladders. "
                            "Times count from intake.",
        "handovers_intro": "Where the transfer of new assets from their builder to the body "
                           "that will run them stands. Until a handover is accepted, the "
                           "interim body answers.",
        "types_title": "{type}", "page_n": "page {n}",
        "pages": "Pages", "count": "Count", "type": "Type",
        "minor_note": "listed on the page of the asset they belong to",
        "minor_rows": "Minor assets", "open_handovers": "Open handovers",
        "see_list": "see the list", "n_items": "{n}", "n_assets": "{n} assets",
        "more_not_shown": "{n} more not shown; find them through “Who is responsible?”.",
        "orphans": "{type} not part of any asset",
        "id": "Id", "name": "Name", "aliases": "Also known as", "summary": "Summary",
        "notes": "Notes", "basis": "Basis", "kind": "Kind", "verified": "Verified",
        "website": "Website", "edit_entry": "Edit this entry", "source_at": "Source",
        "ask_lookup": "Ask who is responsible", "gaps": "Responsibility gaps",
        "gap_accepted": "accepted", "none": "none",
        "status": "Status", "since": "Since", "due": "Due",
        "days_overdue": "{n} days overdue",
        "parent": "Parent", "children": "Units under it", "contacts": "Contacts",
        "role": "Role", "contact_name": "Name", "phone": "Phone", "email": "Email",
        "url": "Web", "address": "Address", "hours": "Hours",
        "no_public_contact": "No public contact. Ask the first contact or the parent body.",
        "responsibilities": "Responsibilities", "lead": "Lead",
        "owned_assets": "Assets it owns", "held_duties": "Duties on assets of others",
        "handovers_given": "Handing over", "handovers_received": "Taking over",
        "interim_for": "Answers meanwhile for", "matters_handled": "Matters it handles",
        "matters_first": "First contact for", "levels": "On escalation ladders",
        "level_n": "level {n}", "disputes": "Disputes", "minor_summary": "Also {items}",
        "duties": "Duties",
        "owner": "Owner", "part_of": "Part of", "location": "Location",
        "coordinates": "Coordinates", "duty": "Duty", "held_by": "Held by",
        "inherited_from": "from {parent}", "nobody": "nobody", "split": "split",
        "boundaries": "Boundaries", "at": "At", "between": "Between",
        "handover": "Handover", "handover_from": "From", "handover_to": "To",
        "handover_duties": "Duties handed over", "all_duties": "all duties",
        "interim": "Who answers meanwhile",
        "interim_none": "No interim body is named, so the builder, {dept}, answers. This is "
                        "a responsibility gap.",
        "parts": "Parts", "minor_parts": "{type} in it", "who_answers": "Whom to ask",
        "matter_col": "Matter", "answers": "Answers", "why": "Why",
        "owner_inherited": "owner of {parent}",
        "group": "Group", "keywords": "Keywords", "handled_by": "Handled by",
        "decided_by": "Handled by whoever holds the {duty} duty on the {types}.",
        "asset_types": "Asset types", "holders_now": "Holders on record",
        "first_contact": "First contact", "time_limit": "Time limit", "ladder": "Escalation",
        "after": "after {d}", "at_intake": "at intake", "who": "Who", "action": "Action",
        "used_by": "Matters on this path", "no_limit": "not set",
        "routes_by_asset": " Who handles it depends on the asset: give the road or facility "
                           "in “Who is responsible?”.",
        "parties": "Parties", "raised": "Raised", "deadline": "Deadline",
        "arbiter": "Arbiter", "outcome": "Outcome", "dispute_open": "open",
        "dispute_resolved": "resolved", "dispute_interim": "until decided, {dept} answers",
        "by_status": "By status", "asset": "Asset", "from_to": "From → to",
        "total": "Total", "paren": " ({x})", "dispute_interim_label": "Who answers until decided",
        "handover_with": "handed over with {asset}", "home": "Home",
        "by_asset": "depends on the asset", "colon": ": ", "list_sep": ", ",
    },
}

DEPARTMENT_KIND_NAMES: dict[str, dict[str, str]] = {
    "zh": {
        "government": "政府机关", "committee": "管理委员会", "office": "办公室",
        "bureau": "局", "service-centre": "服务中心", "state-owned-company": "国有企业",
        "utility": "公用事业单位", "private-operator": "民营运营方",
        "party-organisation": "党组织", "other": "其他",
    },
    "en": {
        "government": "government", "committee": "committee", "office": "office",
        "bureau": "bureau", "service-centre": "service centre",
        "state-owned-company": "state-owned company", "utility": "utility",
        "private-operator": "private operator", "party-organisation": "party organisation",
        "other": "other",
    },
}

ASSET_TYPE_NAMES_EN: dict[str, str] = {
    "road": "road", "road-section": "road section", "power-line": "power line",
    "water-line": "water line", "gas-line": "gas line", "heat-line": "heat line",
    "street-light-circuit": "street-light circuit", "metering-point": "metering point",
    "facility": "facility", "street-lamp": "street lamp", "meter": "meter", "valve": "valve",
}

HANDOVER_STATE_NAMES: dict[str, dict[str, str]] = {
    "zh": {"planned": "计划移交", "in-progress": "移交中", "overdue": "移交逾期",
           "disputed": "有争议", "accepted": "已移交"},
    "en": {"planned": "planned", "in-progress": "in progress", "overdue": "overdue",
           "disputed": "disputed", "accepted": "accepted"},
}


def label(key: str, lang: str) -> str:
    """A label of the generated site in ``lang`` (English when the language is unknown)."""
    return LABELS.get(lang, LABELS["en"]).get(key) or LABELS["en"][key]


def kind_name(kind: str, lang: str) -> str:
    return DEPARTMENT_KIND_NAMES.get(lang, DEPARTMENT_KIND_NAMES["en"]).get(kind, kind)


def asset_type_name(t: m.AssetType, lang: str) -> str:
    """The type's registry name; built-in types (no registry entry) get an English name."""
    if lang == "en" and t.node is None and t.id in ASSET_TYPE_NAMES_EN:
        return ASSET_TYPE_NAMES_EN[t.id]
    return t.name


def handover_state_name(state: str, lang: str) -> str:
    return HANDOVER_STATE_NAMES.get(lang, HANDOVER_STATE_NAMES["en"]).get(state, state)


#: The staff build's words, in the site language.
STAFF_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "internal_title": "内部版本",
        "internal_text": "含内部联系方式，请勿公开。",
        "internal_contact": "内部",
    },
    "en": {
        "internal_title": "Internal edition",
        "internal_text": "contains internal contacts; do not publish.",
        "internal_contact": "internal",
    },
}


def staff_words(lang: str) -> dict[str, str]:
    return STAFF_WORDS.get(lang, STAFF_WORDS["en"])
