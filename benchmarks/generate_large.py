#!/usr/bin/env python3
"""Generate a large, valid, fictional remit registry for benchmarks.

    python benchmarks/generate_large.py OUTDIR [--all-yaml] [--seed N] [--scale 1.0]

At scale 1.0 the registry holds about 2,000 departments, 5,000 matters, ~50 escalation
paths, 10,000 major assets kept in YAML, 90,000 minor assets (street lamps, meters,
valves) kept in GIS exports named by ``asset_sources`` (or, with ``--all-yaml``, written
as YAML entries too) and ~100 disputes.  ``--scale`` multiplies every count (0.01 gives a
tiny registry for tests).

The output is deterministic: the same arguments give byte-identical files.  Every text
value is written as a JSON-style double-quoted scalar, so YAML always reads it as a
string; dates are unquoted ISO dates.  All contacts are fictional: phone numbers use the
undiallable ``0851-0000-NNNN`` pattern and e-mail addresses are ``@example.org``.

Files written (only these names are touched inside OUTDIR; the other variant's files are
removed first so the two variants can be regenerated into the same directory):

    departments.yaml        site, departments, escalation, matters, asset_sources, disputes
    assets-roads.yaml       roads, road sections, street-light circuits
    assets-power.yaml       power lines, metering points
    assets-water.yaml       water lines
    assets-other.yaml       facilities
    gis/street-lamps.csv    minor: street lamps            (sources variant)
    gis/meters.geojson      minor: meters                  (sources variant)
    gis/valves.csv          minor: valves                  (sources variant)
    assets-street-lamps.yaml, assets-meters.yaml, assets-valves.yaml   (--all-yaml variant)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import sys
import time
from typing import Any

DEFAULT_SEED = 20261126
TODAY = dt.date(2026, 11, 26)  # fixed "as of" date: never the clock, so output is reproducible

BASE_COUNTS = {
    "departments": 2000,
    "matters": 5000,
    "escalation": 50,
    "roads": 1500,
    "road_sections": 2500,
    "circuits": 2500,
    "power_lines": 1000,
    "water_lines": 1000,
    "metering_points": 800,
    "facilities": 700,
    "lamps": 60000,
    "meters": 20000,
    "valves": 10000,
    "disputes": 100,
}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED = {
    "index",
    "search",
    "assets",
    "departments",
    "matters",
    "escalation",
    "handovers",
    "disputes",
    "gaps",
    "lookup",
    "data",
    "changes",
    "404",
    "sitemap",
    "tags",
    "static",
}

SOURCE_FILES = ("gis/street-lamps.csv", "gis/meters.geojson", "gis/valves.csv")
MINOR_YAML_FILES = ("assets-street-lamps.yaml", "assets-meters.yaml", "assets-valves.yaml")
MAJOR_YAML_FILES = (
    "departments.yaml",
    "assets-roads.yaml",
    "assets-power.yaml",
    "assets-water.yaml",
    "assets-other.yaml",
)

CITY = "筑城"  # fictional city
CITY_FULL = "筑城市"
SITE_DESCRIPTION = "谁拥有每一项设施、谁负责每一项职责、诉求不解决时向谁提级（基准测试用虚构数据）"
CENTRE = (106.6, 26.6)

# fmt: off
# Syllables with distinct pinyin, used for place, street and road names.
SYLLABLES = [
    ("云", "yun"), ("岩", "yan"), ("南", "nan"), ("明", "ming"), ("花", "hua"), ("溪", "xi"),
    ("乌", "wu"), ("当", "dang"), ("白", "bai"), ("清", "qing"), ("镇", "zhen"), ("修", "xiu"),
    ("文", "wen"), ("开", "kai"), ("阳", "yang"), ("金", "jin"), ("石", "shi"), ("龙", "long"),
    ("凤", "feng"), ("桥", "qiao"), ("湖", "hu"), ("山", "shan"), ("水", "shui"), ("林", "lin"),
    ("城", "cheng"), ("平", "ping"), ("安", "an"), ("宁", "ning"), ("兴", "xing"), ("新", "xin"),
    ("观", "guan"), ("泉", "quan"), ("河", "he"), ("东", "dong"), ("北", "bei"), ("中", "zhong"),
    ("长", "chang"), ("松", "song"), ("竹", "zhu"), ("梅", "mei"), ("兰", "lan"), ("黔", "qian"),
    ("贵", "gui"), ("瑞", "rui"), ("盛", "sheng"), ("泰", "tai"), ("福", "fu"), ("德", "de"),
    ("宝", "bao"), ("玉", "yu"), ("春", "chun"), ("秋", "qiu"), ("高", "gao"), ("红", "hong"),
    ("碧", "bi"), ("翠", "cui"), ("富", "fu2"), ("乐", "le"),
]
SYLLABLES = [(c, p.rstrip("2")) for c, p in SYLLABLES if not p.endswith("2")]

ROAD_SUFFIXES = [
    ("路", "road"), ("路", "road"), ("路", "road"), ("大道", "avenue"), ("街", "street"),
    ("北路", "north-road"), ("南路", "south-road"), ("东路", "east-road"), ("西路", "west-road"),
    ("巷", "lane"),
]

PARK_TYPES = [
    ("综合保税区", "bonded-zone", "综保区"),
    ("高新技术产业园", "hi-tech-park", "高新园"),
    ("经济开发区", "development-zone", "经开区"),
    ("物流园", "logistics-park", "物流园"),
    ("大数据产业园", "big-data-park", "数据园"),
    ("工业园", "industrial-park", "工业园"),
]

# (role, id, name, kind, parent role, aliases)
CITY_DEPARTMENTS = [
    ("government", "city-government", "筑城市人民政府", "government", None, ["市政府"]),
    ("party", "city-party-committee", "中共筑城市委员会", "party-organisation", None, ["市委"]),
    ("business-environment", "city-business-environment-office", "筑城市营商环境建设局",
     "office", "government", ["市营商局"]),
    ("development-reform", "city-development-reform-commission", "筑城市发展和改革委员会",
     "committee", "government", ["市发改委"]),
    ("sasac", "city-sasac", "筑城市人民政府国有资产监督管理委员会",
     "committee", "government", ["市国资委"]),
    ("transport", "city-transport-bureau", "筑城市交通运输局", "bureau", "government", []),
    ("housing", "city-housing-bureau", "筑城市住房和城乡建设局",
     "bureau", "government", ["市住建局"]),
    ("urban-management", "city-urban-management-bureau", "筑城市综合行政执法局",
     "bureau", "government", ["市城管局"]),
    ("natural-resources", "city-natural-resources-bureau", "筑城市自然资源和规划局",
     "bureau", "government", []),
    ("ecology", "city-ecology-bureau", "筑城市生态环境局", "bureau", "government", []),
    ("water-affairs", "city-water-affairs-bureau", "筑城市水务管理局",
     "bureau", "government", ["市水务局"]),
    ("industry", "city-industry-bureau", "筑城市工业和信息化局",
     "bureau", "government", ["市工信局"]),
    ("commerce", "city-commerce-bureau", "筑城市商务局", "bureau", "government", []),
    ("finance", "city-finance-bureau", "筑城市财政局", "bureau", "government", []),
    ("human-resources", "city-human-resources-bureau", "筑城市人力资源和社会保障局",
     "bureau", "government", ["市人社局"]),
    ("market-regulation", "city-market-regulation-bureau", "筑城市市场监督管理局",
     "bureau", "government", ["市市场监管局"]),
    ("emergency", "city-emergency-bureau", "筑城市应急管理局", "bureau", "government", []),
    ("investment-promotion", "city-investment-promotion-bureau", "筑城市投资促进局",
     "bureau", "government", ["市投促局"]),
    ("tax", "city-tax-bureau", "国家税务总局筑城市税务局", "bureau", None, ["市税务局"]),
    ("hotline", "city-12345-hotline", "筑城市12345政务服务便民热线",
     "service-centre", "government", ["12345热线"]),
    ("service-centre", "city-government-service-centre", "筑城市政务服务中心",
     "service-centre", "government", ["市政务大厅"]),
    ("municipal-facilities", "city-municipal-facilities", "筑城市市政设施管理处",
     "office", "urban-management", ["市政处"]),
    ("street-lighting", "city-street-lighting-office", "筑城市路灯管理所",
     "office", "urban-management", ["市路灯所"]),
    ("sanitation", "city-sanitation-office", "筑城市环境卫生管理处",
     "office", "urban-management", ["市环卫处"]),
    ("power-supply", "power-supply-bureau", "筑城供电局", "utility", None, ["供电局"]),
    ("water-company", "city-water-group", "筑城水务集团有限公司", "utility", "sasac", ["水务集团"]),
    ("gas", "city-gas-group", "筑城燃气集团有限公司", "utility", None, ["燃气公司"]),
    ("construction-investment", "city-construction-investment", "筑城市城市建设投资集团有限公司",
     "state-owned-company", "sasac", ["市城投"]),
    ("financing", "city-sme-financing-guarantee", "筑城市中小企业融资担保有限公司",
     "state-owned-company", "sasac", ["融资担保公司"]),
    ("park-operator", "city-industrial-investment", "筑城市产业发展投资有限公司",
     "state-owned-company", "sasac", ["产投公司"]),
]

# District roles: (role, id suffix, name pattern, kind, parent role or "city:<role>")
# In name patterns {d} is the district name ("云岩区"), {s} its short form ("云岩"),
# {p} the park name.
DISTRICT_ROLES = [
    ("government", "government", "{d}人民政府", "government", "city:government"),
    ("party", "party-committee", "中共{d}委员会", "party-organisation", "city:party"),
    ("business-environment", "business-environment-office", "{d}营商环境建设局",
     "office", "government"),
    ("service-centre", "government-service-centre", "{d}政务服务中心",
     "service-centre", "government"),
    ("transport", "transport-bureau", "{d}交通运输局", "bureau", "government"),
    ("housing", "housing-bureau", "{d}住房和城乡建设局", "bureau", "government"),
    ("urban-management", "urban-management-bureau", "{d}综合行政执法局", "bureau", "government"),
    ("municipal-facilities", "municipal-facilities", "{d}市政设施管理所",
     "office", "urban-management"),
    ("sanitation", "sanitation-station", "{d}环境卫生管理站", "office", "urban-management"),
    ("construction-investment", "construction-investment", "{d}城市建设投资有限公司",
     "state-owned-company", "government"),
    ("power-supply", "power-supply", "{s}供电局", "utility", "city:power-supply"),
    ("water-company", "water-company", "{d}供排水有限公司", "utility", "city:water-company"),
    ("development-reform", "development-reform-bureau", "{d}发展和改革局", "bureau", "government"),
    ("water-affairs", "water-bureau", "{d}水务局", "bureau", "government"),
    ("industry", "industry-bureau", "{d}工业和信息化局", "bureau", "government"),
    ("commerce", "commerce-bureau", "{d}商务局", "bureau", "government"),
    ("finance", "finance-bureau", "{d}财政局", "bureau", "government"),
    ("human-resources", "human-resources-bureau", "{d}人力资源和社会保障局",
     "bureau", "government"),
    ("market-regulation", "market-regulation-bureau", "{d}市场监督管理局", "bureau", "government"),
    ("emergency", "emergency-bureau", "{d}应急管理局", "bureau", "government"),
    ("investment-promotion", "investment-promotion-bureau", "{d}投资促进局",
     "bureau", "government"),
    ("natural-resources", "natural-resources-branch", "筑城市自然资源和规划局{s}分局",
     "bureau", "city:natural-resources"),
    ("ecology", "ecology-branch", "筑城市生态环境局{s}分局", "bureau", "city:ecology"),
    ("tax", "tax-bureau", "国家税务总局筑城市{d}税务局", "bureau", "city:tax"),
    ("park-committee", "{pk}-committee", "{p}管理委员会", "committee", "government"),
    ("park-service-centre", "{pk}-service-centre", "{p}企业服务中心",
     "service-centre", "park-committee"),
    ("park-operator", "{pk}-operator", "{p}运营管理有限公司",
     "state-owned-company", "park-committee"),
]

RESPONSIBILITIES = {
    "government": [("统筹本级经济社会发展和公共服务",
     "《地方各级人民代表大会和地方各级人民政府组织法》第七十三条")],
    "party": [("把方向、管大局、保落实", None)],
    "business-environment": [("受理营商环境投诉，协调解决企业反映的跨部门问题",
     "《优化营商环境条例》第六十一条"),
                             ("牵头职责争议的协调和提级会商", None)],
    "development-reform": [("固定资产投资项目审批、核准和备案",
     "《企业投资项目核准和备案管理条例》"),
                           ("节能审查和价格管理", None)],
    "sasac": [("履行国有企业出资人职责", "《企业国有资产法》第十一条")],
    "transport": [("公路和城市道路交通运输管理", "《公路法》第八条"),
     ("公交线路规划和货车通行管理", None)],
    "housing": [("建筑工程施工许可和质量安全监管", "《建筑法》第七条"),
     ("物业服务活动监督管理", "《物业管理条例》第五条")],
    "urban-management": [("市容环境卫生和城市管理综合执法", "《城市市容和环境卫生管理条例》第四条"),
                         ("城市道路照明设施监督管理", None)],
    "natural-resources": [("国土空间规划和建设用地审批", "《土地管理法》第五条")],
    "ecology": [("生态环境监督管理和污染投诉处理", "《环境保护法》第十条")],
    "water-affairs": [("城市供水、排水和节约用水监督管理", "《城镇排水与污水处理条例》第五条")],
    "industry": [("工业和信息化产业发展、企业技术改造扶持", None)],
    "commerce": [("内外贸易和电子商务发展", None)],
    "finance": [("财政资金管理和政府采购监督", "《预算法》")],
    "human-resources": [("就业服务、社会保险和劳动保障监察", "《劳动保障监察条例》第三条")],
    "market-regulation": [("市场主体登记、质量和价格监督管理", "《市场主体登记管理条例》第五条"),
                          ("食品安全监督管理", "《食品安全法》第六条")],
    "emergency": [("安全生产综合监督管理和应急救援", "《安全生产法》第十条")],
    "investment-promotion": [("招商引资项目服务和落地协调", None)],
    "tax": [("税收征收管理和纳税服务", "《税收征收管理法》第五条")],
    "hotline": [("统一受理群众和企业诉求，按职责转办、督办和回访",
     "《12345政务服务便民热线管理办法》")],
    "service-centre": [("政务服务事项集中办理和企业诉求受理", "《优化营商环境条例》第三十七条")],
    "municipal-facilities": [("已移交城市道路、桥梁和排水设施的养护",
     "《城市道路管理条例》第二十一条")],
    "street-lighting": [("已移交城市道路照明设施的运行、维护和电费支付", None)],
    "sanitation": [("道路清扫保洁、公厕和垃圾转运设施管理", "《城市市容和环境卫生管理条例》")],
    "power-supply": [("供电营业区内电网运行、用电报装和计量", "《电力法》第二十五条"),
                     ("产权分界点以上供电设施的运行维护", "《供电营业规则》第五十一条")],
    "water-company": [("城市公共供水设施的运行、维护和用水报装", "《城市供水条例》第二十二条")],
    "gas": [("城镇燃气供应、报装和抢险", "《城镇燃气管理条例》第十九条")],
    "construction-investment": [("城市基础设施项目的投资建设，建成后按协议移交", None)],
    "financing": [("为中小企业提供融资担保服务", None)],
    "park-committee": [("园区开发建设、产业发展和企业服务的统筹协调", None)],
    "park-service-centre": [("园区企业诉求统一受理，联络职能部门并反馈结果", None)],
    "park-operator": [("园区道路、管网和标准厂房的运营管理", None)],
    "subdistrict": [("辖区社区治理、市容环境和背街小巷保洁", None)],
    "property": [("服务区域内共用部位和共用设施设备的维修养护", "《物业管理条例》第三十五条")],
}

SUMMARIES = {
    "government": "{n}是本级人民政府，统筹辖区经济社会发展，协调跨部门的重大事项。",
    "party-organisation": "{n}负责本级党的建设和重大事项决策。",
    "office": "{n}负责本领域日常管理和协调工作。",
    "bureau": "{n}是本级政府的工作部门，依法履行本领域的行政管理和执法职责。",
    "committee": "{n}负责统筹协调本领域或本区域的发展和管理。",
    "service-centre": "{n}统一受理企业和群众诉求，联络职能部门并反馈办理结果。",
    "utility": "{n}是公用事业单位，负责所属设施的运行、维护和用户报装。",
    "state-owned-company": "{n}是国有企业，承担基础设施投资建设和运营。",
    "private-operator": "{n}是民营企业，按合同提供运营和物业服务。",
}

HOURS = ["工作日 9:00-17:30", "工作日 8:30-12:00，14:00-17:30", "24小时", "工作日 9:00-17:00",
         "周一至周六 9:00-18:00"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"
BASIS_DOCS = {
    "road": ["《城市道路移交接收协议》", "《基础设施移交管理办法》",
     "《园区基础设施建设移交工作方案》"],
    "street-light-circuit": ["《道路照明设施移交协议》", "《基础设施移交管理办法》"],
    "power-line": ["《供电设施产权移交协议》", "《园区配电网移交工作方案》"],
    "water-line": ["《供水设施移交接收协议》", "《基础设施移交管理办法》"],
    "facility": ["《市政公用设施移交协议》", "《基础设施移交管理办法》"],
}
CONTACT_ROLES_BY_KIND = {
    "government": ["办公室", "值班电话", "政策咨询", "综合科"],
    "party-organisation": ["办公室", "值班电话", "综合科"],
    "office": ["办公室", "业务咨询", "投诉受理", "值班电话"],
    "bureau": ["办公室", "业务咨询", "投诉受理", "政策咨询", "执法大队"],
    "committee": ["办公室", "综合科", "政策咨询", "企业服务科"],
    "service-centre": ["诉求受理", "业务咨询", "投诉受理", "值班电话"],
    "utility": ["报修热线", "业务咨询", "投诉受理", "客户服务中心"],
    "state-owned-company": ["办公室", "工程部", "运营部", "报修热线"],
    "private-operator": ["客服中心", "报修热线", "项目经理"],
}

# Matter templates: slug, name, keywords, group, route, time limit
# route: ("handled", role) or ("asset", [asset types], duty)
MATTERS = [
    ("streetlight-out", "路灯不亮", ["路灯", "照明", "灯不亮", "黑灯"], "基础设施",
     ("asset", ["street-lamp", "street-light-circuit", "road", "road-section"], "lighting"), "3d"),
    ("streetlight-daytime", "路灯白天亮", ["路灯", "长明灯", "浪费电"], "基础设施",
     ("asset", ["street-light-circuit"], "lighting"), "3d"),
    ("streetlight-bill", "路灯电费支付", ["路灯", "电费", "欠费停电"], "基础设施",
     ("asset", ["street-light-circuit"], "energy-bill"), "10 working days"),
    ("lamp-pole-damaged", "灯杆倾斜损坏", ["灯杆", "路灯", "倾斜", "倒伏"], "基础设施",
     ("asset", ["street-lamp"], "maintenance"), "24h"),
    ("road-damage", "道路破损", ["道路", "坑洼", "破损", "路面"], "基础设施",
     ("asset", ["road", "road-section"], "maintenance"), "5d"),
    ("road-cleaning", "道路保洁不到位", ["保洁", "垃圾", "道路", "清扫"], "市容环境",
     ("asset", ["road", "road-section"], "cleaning"), "2d"),
    ("manhole-missing", "井盖缺失破损", ["井盖", "窨井", "破损", "缺失"], "基础设施",
     ("asset", ["road", "road-section"], "maintenance"), "24h"),
    ("road-waterlogging", "道路积水", ["积水", "排水", "内涝", "道路"], "基础设施",
     ("asset", ["road", "road-section"], "maintenance"), "2d"),
    ("sidewalk-damage", "人行道破损", ["人行道", "地砖", "破损"], "基础设施",
     ("asset", ["road", "road-section"], "maintenance"), "5d"),
    ("power-outage", "停电", ["停电", "断电", "没电", "跳闸"], "供电",
     ("asset", ["power-line", "metering-point"], "operation"), "4h"),
    ("power-line-danger", "电力线路隐患", ["电线", "线路", "隐患", "树障"], "供电",
     ("asset", ["power-line"], "maintenance"), "24h"),
    ("meter-fault", "电表故障", ["电表", "计量", "表计", "故障"], "供电",
     ("asset", ["meter", "metering-point"], "metering"), "3d"),
    ("electricity-cost", "电费偏高", ["电费", "电价", "线损", "分摊"], "供电",
     ("asset", ["metering-point"], "billing"), "10 working days"),
    ("voltage-low", "电压不稳", ["电压", "低电压", "电压波动"], "供电",
     ("asset", ["power-line"], "operation"), "3d"),
    ("water-outage", "停水", ["停水", "没水", "断水"], "供水",
     ("asset", ["water-line"], "operation"), "24h"),
    ("low-water-pressure", "水压不足", ["水压", "水小", "供水"], "供水",
     ("asset", ["water-line"], "operation"), "3d"),
    ("pipe-burst", "供水管道爆管", ["爆管", "漏水", "水管"], "供水",
     ("asset", ["water-line"], "maintenance"), "4h"),
    ("valve-leak", "阀门漏水", ["阀门", "漏水", "闸阀"], "供水",
     ("asset", ["valve", "water-line"], "maintenance"), "24h"),
    ("water-quality", "自来水水质异常", ["水质", "浑浊", "异味"], "供水",
     ("asset", ["water-line"], "operation"), "24h"),
    ("facility-damage", "公共设施损坏", ["设施", "损坏", "维修"], "基础设施",
     ("asset", ["facility"], "maintenance"), "5d"),
    ("toilet-cleaning", "公厕保洁", ["公厕", "厕所", "卫生"], "市容环境",
     ("asset", ["facility"], "cleaning"), "24h"),
    ("facility-operation", "设施停运", ["停运", "关闭", "无人管理"], "基础设施",
     ("asset", ["facility"], "operation"), "3d"),
    ("facility-energy-bill", "设施电费争议", ["电费", "设施", "谁交电费"], "基础设施",
     ("asset", ["facility"], "energy-bill"), "10 working days"),
    ("financing-loan", "融资贷款", ["贷款", "融资", "资金周转"], "融资",
     ("handled", "financing"), "15 working days"),
    ("financing-guarantee", "融资担保", ["担保", "融资", "反担保"], "融资",
     ("handled", "financing"), "15 working days"),
    ("loan-interest-subsidy", "贷款贴息", ["贴息", "贷款", "补贴"], "融资",
     ("handled", "finance"), "20 working days"),
    ("recruitment", "招工用工", ["招工", "招聘", "用工"], "用工",
     ("handled", "human-resources"), "10 working days"),
    ("labour-dispute", "劳动纠纷", ["欠薪", "劳动合同", "仲裁"], "用工",
     ("handled", "human-resources"), "10 working days"),
    ("social-insurance", "社保缴纳", ["社保", "五险", "缴费"], "用工",
     ("handled", "human-resources"), "5 working days"),
    ("skills-training", "职业技能培训补贴", ["培训", "技能", "补贴"], "用工",
     ("handled", "human-resources"), "20 working days"),
    ("employment-subsidy", "稳岗补贴", ["稳岗", "补贴", "就业"], "用工",
     ("handled", "human-resources"), "20 working days"),
    ("business-license", "营业执照办理", ["营业执照", "注册", "登记"], "政务服务",
     ("handled", "market-regulation"), "3 working days"),
    ("food-safety", "食品安全投诉", ["食品安全", "过期", "卫生许可"], "市场监管",
     ("handled", "market-regulation"), "7d"),
    ("price-complaint", "价格投诉", ["价格", "乱收费", "收费"], "市场监管",
     ("handled", "market-regulation"), "7d"),
    ("quality-complaint", "产品质量投诉", ["质量", "假冒伪劣", "投诉"], "市场监管",
     ("handled", "market-regulation"), "10 working days"),
    ("tax-refund", "退税办理", ["退税", "留抵退税", "出口退税"], "税务",
     ("handled", "tax"), "10 working days"),
    ("invoice", "发票申领", ["发票", "数电票", "开票"], "税务",
     ("handled", "tax"), "3 working days"),
    ("tax-incentive", "税收优惠咨询", ["税收优惠", "减免", "政策"], "税务",
     ("handled", "tax"), "5 working days"),
    ("policy-consult", "惠企政策咨询", ["政策", "补贴", "奖励"], "企业服务",
     ("handled", "business-environment"), "5 working days"),
    ("business-environment-complaint", "营商环境投诉", ["营商环境", "投诉", "推诿"], "企业服务",
     ("handled", "business-environment"), "10 working days"),
    ("cross-department", "跨部门协调", ["协调", "多部门", "推诿扯皮"], "企业服务",
     ("handled", "business-environment"), "15 working days"),
    ("investment-project", "招商项目落地服务", ["招商", "项目落地", "投资"], "企业服务",
     ("handled", "investment-promotion"), "15 working days"),
    ("land-use", "项目用地", ["用地", "土地", "出让"], "规划建设",
     ("handled", "natural-resources"), "20 working days"),
    ("planning-permit", "建设工程规划许可", ["规划许可", "规划", "报建"], "规划建设",
     ("handled", "natural-resources"), "20 working days"),
    ("property-certificate", "不动产登记", ["不动产", "产权证", "登记"], "规划建设",
     ("handled", "natural-resources"), "5 working days"),
    ("construction-permit", "施工许可", ["施工许可", "开工", "报建"], "规划建设",
     ("handled", "housing"), "7 working days"),
    ("property-service", "物业服务纠纷", ["物业", "物业费", "维修"], "规划建设",
     ("handled", "housing"), "10 working days"),
    ("talent-housing", "人才公寓申请", ["人才公寓", "住房", "租房"], "企业服务",
     ("handled", "housing"), "20 working days"),
    ("construction-noise", "施工噪音", ["噪音", "夜间施工", "扰民"], "生态环境",
     ("handled", "ecology"), "3d"),
    ("pollution-complaint", "环境污染投诉", ["污染", "排污", "异味"], "生态环境",
     ("handled", "ecology"), "7d"),
    ("eia-approval", "环评审批", ["环评", "环境影响评价", "审批"], "生态环境",
     ("handled", "ecology"), "20 working days"),
    ("street-vending", "占道经营", ["占道", "摆摊", "流动摊贩"], "市容环境",
     ("handled", "urban-management"), "2d"),
    ("outdoor-ads", "户外广告设置", ["广告", "招牌", "店招"], "市容环境",
     ("handled", "urban-management"), "10 working days"),
    ("illegal-building", "违法建设", ["违建", "私搭乱建", "违章"], "市容环境",
     ("handled", "urban-management"), "10 working days"),
    ("garbage-collection", "垃圾清运", ["垃圾", "清运", "垃圾桶"], "市容环境",
     ("handled", "sanitation"), "24h"),
    ("construction-waste", "建筑垃圾处置", ["建筑垃圾", "渣土", "消纳"], "市容环境",
     ("handled", "urban-management"), "5d"),
    ("gas-leak", "燃气泄漏", ["燃气", "煤气", "泄漏", "气味"], "燃气", ("handled", "gas"), "1h"),
    ("gas-connection", "燃气报装", ["燃气", "报装", "开户"], "燃气",
     ("handled", "gas"), "10 working days"),
    ("power-connection", "用电报装", ["用电", "报装", "增容", "专变"], "供电",
     ("handled", "power-supply"), "10 working days"),
    ("power-capacity", "用电增容", ["增容", "变压器", "容量"], "供电",
     ("handled", "power-supply"), "15 working days"),
    ("water-connection", "用水报装", ["用水", "报装", "接水"], "供水",
     ("handled", "water-company"), "10 working days"),
    ("water-bill", "水费异常", ["水费", "水表", "账单"], "供水",
     ("handled", "water-company"), "5 working days"),
    ("drainage-connection", "排水接入", ["排水", "污水", "接驳"], "供水",
     ("handled", "water-affairs"), "15 working days"),
    ("drainage-permit", "排水许可", ["排水许可", "排污", "许可证"], "供水",
     ("handled", "water-affairs"), "15 working days"),
    ("industrial-subsidy", "技术改造补贴", ["技改", "补贴", "设备更新"], "企业服务",
     ("handled", "industry"), "20 working days"),
    ("enterprise-upgrade", "规上企业培育", ["规上", "升规", "奖励"], "企业服务",
     ("handled", "industry"), "20 working days"),
    ("digital-transformation", "数字化转型扶持", ["数字化", "上云", "智能制造"], "企业服务",
     ("handled", "industry"), "20 working days"),
    ("export-trade", "外贸进出口服务", ["外贸", "进出口", "报关"], "企业服务",
     ("handled", "commerce"), "10 working days"),
    ("e-commerce", "电商扶持", ["电商", "直播", "网店"], "企业服务",
     ("handled", "commerce"), "15 working days"),
    ("project-filing", "投资项目备案", ["备案", "投资项目", "立项"], "规划建设",
     ("handled", "development-reform"), "5 working days"),
    ("energy-review", "节能审查", ["节能", "能评", "能耗"], "规划建设",
     ("handled", "development-reform"), "15 working days"),
    ("utility-price", "公用事业价格", ["水价", "电价", "气价"], "企业服务",
     ("handled", "development-reform"), "10 working days"),
    ("safety-inspection", "安全生产隐患", ["安全生产", "隐患", "事故"], "安全生产",
     ("handled", "emergency"), "3d"),
    ("hazardous-chemicals", "危险化学品许可", ["危化品", "危险化学品", "许可"], "安全生产",
     ("handled", "emergency"), "20 working days"),
    ("bus-route", "公交线路调整", ["公交", "线路", "站点"], "交通",
     ("handled", "transport"), "20 working days"),
    ("truck-permit", "货车通行证", ["货车", "通行证", "限行"], "交通",
     ("handled", "transport"), "5 working days"),
    ("road-occupation", "占道施工审批", ["占道", "挖掘", "施工"], "交通",
     ("handled", "transport"), "10 working days"),
    ("parking", "停车难", ["停车", "车位", "停车场"], "交通",
     ("handled", "transport"), "10 working days"),
    ("government-service", "政务服务办事咨询", ["办事", "材料", "流程"], "政务服务",
     ("handled", "service-centre"), "3 working days"),
    ("one-window", "一窗通办", ["一窗", "综合受理", "通办"], "政务服务",
     ("handled", "service-centre"), "5 working days"),
    ("government-budget", "财政奖补资金拨付", ["奖补", "资金拨付", "财政"], "企业服务",
     ("handled", "finance"), "20 working days"),
    ("procurement", "政府采购投诉", ["政府采购", "招标", "投诉"], "企业服务",
     ("handled", "finance"), "20 working days"),
    ("soe-services", "国有企业服务投诉", ["国企", "服务", "投诉"], "企业服务",
     ("handled", "sasac"), "15 working days"),
    ("park-factory", "标准厂房租赁", ["厂房", "租赁", "入驻"], "园区",
     ("handled", "park-operator"), "10 working days"),
    ("park-access", "园区出入管理", ["门禁", "出入", "车辆通行"], "园区",
     ("handled", "park-operator"), "3d"),
    ("park-enterprise-service", "园区企业诉求", ["园区", "企业诉求", "服务"], "园区",
     ("handled", "park-service-centre"), "5 working days"),
    ("infrastructure-handover", "基础设施移交进度", ["移交", "接收", "验收"], "基础设施",
     ("handled", "construction-investment"), "15 working days"),
    ("community-affairs", "社区事务", ["社区", "居委会", "证明"], "政务服务",
     ("handled", "subdistrict"), "5 working days"),
    ("back-lane-cleaning", "背街小巷保洁", ["背街小巷", "保洁", "卫生"], "市容环境",
     ("handled", "subdistrict"), "2d"),
]

FACILITY_KINDS = [
    # (name suffix, slug, owner role, duties)
    ("公共厕所", "public-toilet", "sanitation",
     ["maintenance", "operation", "cleaning", "energy-bill"]),
    ("垃圾转运站", "transfer-station", "sanitation", ["operation", "maintenance", "cleaning"]),
    ("供水加压泵站", "pump-station", "water-company", ["operation", "maintenance", "energy-bill"]),
    ("10kV开闭所", "switching-station", "power-supply", ["operation", "maintenance"]),
    ("公交首末站", "bus-terminal", "transport", ["operation", "maintenance", "cleaning"]),
    ("社会停车场", "car-park", "construction-investment", ["operation", "maintenance", "lighting"]),
    ("口袋公园", "pocket-park", "municipal-facilities",
     ["maintenance", "operation", "cleaning", "lighting"]),
    ("人行天桥", "footbridge", "municipal-facilities",
     ["maintenance", "operation", "lighting", "cleaning"]),
    ("标准厂房", "standard-factory", "park-operator",
     ["maintenance", "operation", "energy-bill"]),
    ("雨水泵站", "stormwater-pump", "water-affairs", ["operation", "maintenance", "energy-bill"]),
]

SPLITS = ["按路段长度分摊", "按用电量比例分摊", "各承担百分之五十", "按受益面积分摊", "按户数分摊"]
STATUS_WEIGHTS = [("planned", 20), ("in-progress", 35), ("accepted", 30), ("disputed", 15)]
# fmt: on


# --------------------------------------------------------------------------- helpers


def q(s: str) -> str:
    """A string as a double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def qlist(items) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def coord(p) -> str:
    return f"[{p[0]:.6f}, {p[1]:.6f}]"


def scaled(name: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(round(BASE_COUNTS[name] * scale)))


def check_id(i: str) -> str:
    if not (ID_RE.match(i) and len(i) <= 63 and not i.endswith("-") and i not in RESERVED):
        raise ValueError(f"generated a bad id: {i!r}")
    return i


def polyline(rng: random.Random, centre, spread=0.03, n_min=2, n_max=5, step=(0.002, 0.006)):
    x = centre[0] + rng.uniform(-spread, spread)
    y = centre[1] + rng.uniform(-spread, spread)
    ang = rng.uniform(0, 2 * math.pi)
    pts = [(x, y)]
    for _ in range(rng.randint(n_min, n_max) - 1):
        ang += rng.uniform(-0.5, 0.5)
        d = rng.uniform(*step)
        x += d * math.cos(ang)
        y += d * math.sin(ang)
        pts.append((x, y))
    return pts


def cumlen(pts):
    out = [0.0]
    for a, b in zip(pts, pts[1:], strict=False):
        out.append(out[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    return out


def point_at(pts, cum, f):
    total = cum[-1]
    if total == 0:
        return pts[0]
    t = f * total
    for i in range(1, len(pts)):
        if cum[i] >= t:
            seg = cum[i] - cum[i - 1] or 1.0
            u = (t - cum[i - 1]) / seg
            a, b = pts[i - 1], pts[i]
            return (a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1]))
    return pts[-1]


def sub_line(pts, cum, f0, f1):
    out = [point_at(pts, cum, f0)]
    total = cum[-1] or 1.0
    for p, c in zip(pts, cum, strict=True):
        if f0 * total < c < f1 * total:
            out.append(p)
    out.append(point_at(pts, cum, f1))
    return out


def chainage(m: int) -> str:
    """A distance along a road in metres as a chainage, e.g. K1+200."""
    return f"K{m // 1000}+{m % 1000:03d}"


def line_geometry(pts) -> str:
    coords = ", ".join(coord(p) for p in pts)
    return f'    geometry: {{type: "LineString", coordinates: [{coords}]}}\n'


def iso(d: dt.date) -> str:
    return d.isoformat()


# --------------------------------------------------------------------------- model building


class Gen:
    def __init__(self, seed: int, scale: float):
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.ids: set[str] = set()
        self.departments: list[dict] = []
        self.dept_by_id: dict[str, dict] = {}
        self.city_roles: dict[str, str] = {}
        self.districts: list[
            dict
        ] = []  # each: name, short, py, centre, roles{}, park, subdistricts
        self.escalation: list[dict] = []
        self.matters: list[dict] = []
        self.assets: dict[str, list[dict]] = {k: [] for k in ("roads", "power", "water", "other")}
        self.lamps: list[tuple] = []
        self.meters: list[tuple] = []
        self.valves: list[tuple] = []
        self.disputes: list[dict] = []
        self.disputed_handovers: list[tuple] = []  # (asset, handover, duty)

    # ids ----------------------------------------------------------------
    def new_id(self, base: str) -> str:
        base = base[:60].rstrip("-")
        cand, n = base, 2
        while cand in self.ids or cand in RESERVED:
            cand = f"{base}-{n}"
            n += 1
        self.ids.add(check_id(cand))
        return cand

    def rand_date(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def two_syllables(self):
        a, b = self.rng.sample(SYLLABLES, 2)
        return a[0] + b[0], a[1] + b[1]

    # departments ----------------------------------------------------------
    def contacts(self, dept_id: str, kind: str, n_public: int, district_name: str):
        rng = self.rng
        out = []
        roles = rng.sample(CONTACT_ROLES_BY_KIND[kind], n_public)
        for i, role in enumerate(roles):
            c: dict[str, Any] = {
                "role": role,
                "phone": f"0851-0000-{rng.randint(0, 9999):04d}",
                "email": f"{dept_id}@example.org" if i == 0 else f"{dept_id}-{i + 1}@example.org",
            }
            if rng.random() < 0.3:
                c["name"] = rng.choice(SURNAMES) + "某"
            if rng.random() < 0.5:
                street = rng.choice(SYLLABLES)[0] + rng.choice(SYLLABLES)[0]
                c["address"] = f"{district_name}{street}路{rng.randint(1, 300)}号"
            c["hours"] = rng.choice(HOURS)
            if rng.random() < 0.8:
                # most verified within a year of TODAY, some stale (a realistic finding)
                c["verified"] = self.rand_date(dt.date(2025, 3, 1), dt.date(2026, 11, 20))
            out.append(c)
        if rng.random() < 0.1:
            out.append(
                {
                    "role": "内部联络人",
                    "name": rng.choice(SURNAMES) + "某",
                    "phone": f"0851-0000-{rng.randint(0, 9999):04d}",
                    "visibility": "internal",
                }
            )
        return out

    def add_department(self, role, dept_id, name, kind, parent, aliases, district_name):
        rng = self.rng
        d = {"id": dept_id, "name": name, "kind": kind, "role": role}
        if aliases:
            d["aliases"] = aliases
        if parent:
            d["parent"] = parent
        d["summary"] = SUMMARIES[kind].format(n=name)
        resp = RESPONSIBILITIES.get(role)
        if resp:
            items = []
            for text, basis in resp[: rng.randint(1, len(resp))]:
                r = {"text": text}
                if basis:
                    r["basis"] = basis
                items.append(r)
            d["responsibilities"] = items
        d["contacts"] = self.contacts(dept_id, kind, rng.choice((1, 1, 2, 2, 2, 3)), district_name)
        if rng.random() < 0.4:
            d["website"] = f"https://{dept_id}.example.org"
        if rng.random() < 0.7:
            d["verified"] = self.rand_date(dt.date(2025, 6, 1), dt.date(2026, 11, 20))
        self.departments.append(d)
        self.dept_by_id[dept_id] = d
        return d

    def build_departments(self):
        rng = self.rng
        target = scaled("departments", self.scale, minimum=len(CITY_DEPARTMENTS))
        for role, did, name, kind, parent_role, aliases in CITY_DEPARTMENTS:
            self.ids.add(check_id(did))
            parent = self.city_roles.get(parent_role) if parent_role else None
            self.add_department(role, did, name, kind, parent, aliases, CITY_FULL)
            self.city_roles[role] = did

        used_names, used_py = set(), set()
        while len(self.departments) < target:
            while True:
                short, py = self.two_syllables()
                if short not in used_names and py not in used_py and py not in RESERVED:
                    break
            used_names.add(short)
            used_py.add(py)
            dname = short + ("县" if rng.random() < 0.25 else "区")
            centre = (CENTRE[0] + rng.uniform(-0.12, 0.12), CENTRE[1] + rng.uniform(-0.1, 0.1))
            dist = {
                "name": dname,
                "short": short,
                "py": py,
                "centre": centre,
                "roles": {},
                "subdistricts": [],
                "properties": [],
                "park": None,
            }
            if rng.random() < 0.7:
                ptype, pslug, pshort = rng.choice(PARK_TYPES)
                dist["park"] = {
                    "name": short + ptype,
                    "slug": f"{py}-{pslug}",
                    "short": short + pshort,
                }
            self.districts.append(dist)
            roles = dist["roles"]

            def add(role, id_base, name, kind, parent, aliases=(), dname=dname):
                if len(self.departments) >= target:
                    return None
                did = self.new_id(id_base)
                self.add_department(role, did, name, kind, parent, list(aliases), dname)
                return did

            for role, suffix, pattern, kind, parent_role in DISTRICT_ROLES:
                park = dist["park"]
                if role.startswith("park-") and park is None:
                    continue
                if parent_role.startswith("city:"):
                    parent = self.city_roles[parent_role[5:]]
                else:
                    parent = (
                        roles.get(parent_role)
                        or roles.get("government")
                        or self.city_roles["government"]
                    )
                fmt = {"d": dname, "s": short, "p": park["name"] if park else ""}
                id_base = (
                    f"{py}-{suffix}"
                    if "{pk}" not in suffix
                    else suffix.replace("{pk}", park["slug"])
                )
                aliases = []
                if role == "government":
                    aliases = [f"{dname}政府"]
                elif role == "park-committee":
                    aliases = [park["short"] + "管委会"]
                elif role == "park-service-centre":
                    aliases = [park["short"] + "服务中心"]
                did = add(role, id_base, pattern.format(**fmt), kind, parent, aliases)
                if did:
                    roles[role] = did
            for _ in range(rng.randint(4, 8)):
                sname, spy = self.two_syllables()
                did = add(
                    "subdistrict",
                    f"{py}-{spy}-subdistrict",
                    f"{dname}{sname}街道办事处",
                    "office",
                    roles.get("government"),
                )
                if did:
                    dist["subdistricts"].append(did)
            for _ in range(2):
                sname, spy = self.two_syllables()
                did = add(
                    "property",
                    f"{py}-{spy}-property",
                    f"{CITY}{sname}物业服务有限公司",
                    "private-operator",
                    None,
                )
                if did:
                    dist["properties"].append(did)

    def role(self, dist, role: str) -> str:
        """The department holding `role` in district `dist` (None = city), else the city's."""
        if dist is not None:
            if role == "subdistrict" and dist["subdistricts"]:
                return self.rng.choice(dist["subdistricts"])
            got = dist["roles"].get(role)
            if got:
                return got
        fallback = {
            "subdistrict": "sanitation",
            "park-service-centre": "service-centre",
            "park-committee": "government",
        }.get(role, role)
        if dist is not None and dist["roles"].get(fallback):
            return dist["roles"][fallback]
        return self.city_roles[fallback]

    def pick_district(self):
        if not self.districts:
            return None
        return self.rng.choice(self.districts)

    # escalation ----------------------------------------------------------------
    def build_escalation(self):
        rng = self.rng
        n = scaled("escalation", self.scale)
        city_variants = [
            ("standard", "标准升级路径", "hotline"),
            ("infrastructure", "基础设施诉求升级路径", "hotline"),
            ("enterprise", "企业诉求升级路径", "service-centre"),
            ("utilities", "公用事业诉求升级路径", "hotline"),
        ]
        candidates = [(None, v) for v in city_variants]
        for variant in (
            ("standard", "标准升级路径", "service-centre"),
            ("enterprise", "企业诉求升级路径", "park-service-centre"),
        ):
            candidates += [(dist, variant) for dist in self.districts]
        self.paths_by_scope: dict[tuple, str] = {}
        for dist, (vslug, vname, first_role) in candidates[:n]:
            scope_py = dist["py"] if dist else "city"
            scope_name = dist["name"] if dist else CITY_FULL
            pid = self.new_id(f"{scope_py}-{vslug}-escalation")
            first = self.role(dist, first_role)
            second = self.role(dist, "business-environment")
            if second == first:
                second = self.city_roles["business-environment"]
            panel_roles = {
                "standard": ["government", "urban-management", "housing"],
                "infrastructure": ["municipal-facilities", "construction-investment", "transport"],
                "enterprise": ["industry", "investment-promotion", "development-reform"],
                "utilities": ["power-supply", "water-company", "gas"],
            }[vslug]
            panel = []
            for r in panel_roles:
                who = self.role(dist, r)
                if who not in panel and who != first:
                    panel.append(who)
            if len(panel) < 2:
                panel.append(self.city_roles["government"])
            levels = [
                {"after": "0d", "who": first, "action": "受理诉求，联络责任单位并跟踪办理"},
                {
                    "after": rng.choice(["2d", "3d", "5d", "24h"]),
                    "who": second,
                    "action": "逾期未解决的，提级协调，明确牵头单位和办理时限",
                },
                {
                    "after": rng.choice(["15d", "10 working days", "20 working days", "30d"]),
                    "who": panel,
                    "action": "仍未解决的，召开联席会商，形成会议纪要并督办落实",
                },
            ]
            self.escalation.append({"id": pid, "name": f"{scope_name}{vname}", "levels": levels})
            self.paths_by_scope[(scope_py, vslug)] = pid

    def path_for(self, dist, group: str) -> str:
        vslug = (
            "enterprise"
            if group in ("企业服务", "融资", "用工", "税务", "园区", "政务服务", "市场监管")
            else "standard"
        )
        scope = dist["py"] if dist else "city"
        for key in (
            (scope, vslug),
            (scope, "standard"),
            ("city", "infrastructure" if vslug == "standard" else vslug),
            ("city", "utilities" if group in ("供电", "供水", "燃气") else "standard"),
            ("city", "standard"),
        ):
            if key in self.paths_by_scope:
                return self.paths_by_scope[key]
        return self.escalation[0]["id"]

    # matters -------------------------------------------------------------------
    def build_matters(self):
        rng = self.rng
        n = scaled("matters", self.scale)
        scopes = [None] + self.districts
        pairs = [(si, ti) for si in range(len(scopes)) for ti in range(len(MATTERS))]
        if n < len(pairs):  # otherwise all of them: never more than scopes x templates
            pairs = sorted(rng.sample(pairs, n))
        for si, ti in pairs:
            dist = scopes[si]
            slug, name, keywords, group, route, tlimit = MATTERS[ti]
            scope_py = dist["py"] if dist else "city"
            m = {
                "id": self.new_id(f"{scope_py}-{slug}"),
                "name": name if dist is None else f"{name}（{dist['name']}）",
                "keywords": list(keywords),
                "group": group,
            }
            if rng.random() < 0.15:
                m["aliases"] = [name + "怎么办"]
            if rng.random() < 0.3:
                where = dist["name"] if dist else CITY_FULL
                m["summary"] = f"{where}范围内的{name}诉求，按职责转办并限时办结。"
            if route[0] == "handled":
                m["handled_by"] = self.role(dist, route[1])
            else:
                m["asset_types"] = list(route[1])
                m["duty"] = route[2]
            if (
                group in ("园区", "企业服务", "融资", "用工")
                and dist is not None
                and dist["roles"].get("park-service-centre")
            ):
                first = dist["roles"]["park-service-centre"]
            elif dist is not None:
                first = self.role(dist, "service-centre")
            else:
                first = self.city_roles["hotline"]
            m["first_contact"] = first
            m["time_limit"] = tlimit
            m["escalation"] = self.path_for(dist, group)
            self.matters.append(m)

    # assets --------------------------------------------------------------------
    def handover(self, kind: str, frm: str, to: str, duties=None, status=None, interim_p=0.75):
        rng = self.rng
        if status is None:
            status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
        since = self.rand_date(dt.date(2021, 3, 1), dt.date(2026, 10, 31))
        h: dict[str, Any] = {"from": frm, "to": to}
        if duties:
            h["duties"] = list(duties)
        h["status"] = status
        h["since"] = since
        if status != "accepted" or rng.random() < 0.6:
            h["due"] = since + dt.timedelta(days=rng.choice((90, 120, 180, 270, 365, 540)))
        if status != "accepted" and rng.random() < interim_p:
            h["interim"] = frm
        if rng.random() < 0.6:
            h["basis"] = rng.choice(BASIS_DOCS[kind])
        if status == "disputed":
            h["notes"] = "接收方认为设施未达到移交验收标准，双方对整改费用有争议。"
        elif status == "planned" and rng.random() < 0.3:
            h["notes"] = "待竣工验收后启动移交。"
        return h

    def maybe_drop_duty(self, duties: dict):
        # a few assets with a required duty nobody holds: a realistic responsibility gap
        if duties and self.rng.random() < 0.03:
            duties.pop(self.rng.choice(sorted(duties)))
        return duties

    def build_roads(self):
        rng = self.rng
        n_roads = scaled("roads", self.scale)
        roads = []
        park_road_no: dict[str, int] = {}
        for _ in range(n_roads):
            dist = self.pick_district()
            park = dist["park"] if dist else None
            is_park_road = park is not None and rng.random() < 0.3
            dname = dist["name"] if dist else CITY_FULL
            if is_park_road:
                park_road_no[park["slug"]] = park_road_no.get(park["slug"], 0) + 1
                letter = rng.choice("ABCDEFGH")
                num = park_road_no[park["slug"]]
                name = f"{park['short']}{letter}{num}路"
                rid = self.new_id(f"{park['slug']}-road-{letter.lower()}{num}")
            else:
                sname, spy = self.two_syllables()
                suf, sufslug = rng.choice(ROAD_SUFFIXES)
                name = sname + suf
                rid = self.new_id(f"{dist['py'] if dist else 'city'}-{spy}-{sufslug}")
            centre = dist["centre"] if dist else CENTRE
            pts = polyline(rng, centre, spread=0.03, n_min=2, n_max=5)
            a = {
                "id": rid,
                "name": name,
                "type": "road",
                "_pts": pts,
                "_cum": cumlen(pts),
                "_dist": dist,
            }
            if rng.random() < 0.2:
                a["aliases"] = [name.replace("路", "道") if "路" in name else name + "片区道路"]
            length_m = int(a["_cum"][-1] * 100000)
            a["location"] = f"{dname}{park['name'] if is_park_road else ''}，全长约{length_m}米"
            a["_geom"] = rng.random() < 0.7
            # ownership and handover
            builder = self.role(
                dist, "park-operator" if is_park_road else "construction-investment"
            )
            maintainer = self.role(dist, "municipal-facilities")
            lighting = self.city_roles["street-lighting"] if rng.random() < 0.6 else maintainer
            cleaning = (
                self.role(dist, "sanitation")
                if rng.random() < 0.7
                else self.role(dist, "subdistrict")
            )
            if builder == maintainer:
                builder = self.city_roles["construction-investment"]
            new_road = is_park_road or rng.random() < 0.3
            if new_road:
                h = self.handover("road", builder, maintainer)
                if h["status"] == "accepted":
                    owner, duties = (
                        maintainer,
                        {"maintenance": maintainer, "lighting": lighting, "cleaning": cleaning},
                    )
                else:
                    owner, duties = (
                        builder,
                        {"maintenance": builder, "lighting": builder, "cleaning": cleaning},
                    )
                    if h["status"] == "disputed":
                        self.disputed_handovers.append((a, h, "lighting"))
                a["_handover"] = h
            else:
                owner, duties = (
                    maintainer,
                    {"maintenance": maintainer, "lighting": lighting, "cleaning": cleaning},
                )
            if rng.random() < 0.005:
                owner = None  # a road nobody claims: a finding
            a["owner"] = owner
            a["duties"] = self.maybe_drop_duty(duties)
            if rng.random() < 0.05:
                a["notes"] = "道路红线内绿化带由园林部门另行管护。"
            roads.append(a)
        self.assets["roads"].extend(roads)
        self.road_list = roads

        # road sections
        n_sec = scaled("road_sections", self.scale)
        counts = [0] * len(roads)
        for _ in range(n_sec):
            counts[rng.randrange(len(roads))] += 1
        sections = []
        for road, k in zip(roads, counts, strict=True):
            total_m = road["_cum"][-1] * 100000
            for i in range(k):
                f0, f1 = i / k, (i + 1) / k
                m0, m1 = int(total_m * f0), int(total_m * f1)
                s = {
                    "id": self.new_id(f"{road['id']}-s{i + 1}"),
                    "name": f"{road['name']}（{chainage(m0)}—{chainage(m1)}段）",
                    "type": "road-section",
                    "part_of": road["id"],
                }
                if road["_geom"] and rng.random() < 0.8:
                    s["_line"] = sub_line(road["_pts"], road["_cum"], f0, f1)
                if road["owner"]:
                    s["owner"] = road["owner"]
                if rng.random() < 0.4:
                    s["duties"] = {"cleaning": self.role(road["_dist"], "subdistrict")}
                if rng.random() < 0.03 and road.get("_handover", {}).get("status") not in (
                    None,
                    "accepted",
                ):
                    # one section already accepted ahead of the rest of the road
                    h = dict(road["_handover"])
                    h["status"] = "accepted"
                    h.pop("interim", None)
                    h.pop("notes", None)
                    s["_handover"] = h
                    s["owner"] = h["to"]
                sections.append(s)
        self.assets["roads"].extend(sections)

        # street-light circuits, part_of roads
        n_circ = scaled("circuits", self.scale)
        counts = [0] * len(roads)
        for _ in range(n_circ):
            counts[rng.randrange(len(roads))] += 1
        circuits = []
        for road, k in zip(roads, counts, strict=True):
            for i in range(k):
                rh = road.get("_handover")
                holder = (
                    road["duties"].get("lighting")
                    or road["owner"]
                    or self.city_roles["street-lighting"]
                )
                c = {
                    "id": self.new_id(f"{road['id']}-lc{i + 1}"),
                    "name": f"{road['name']}路灯{i + 1}号回路",
                    "type": "street-light-circuit",
                    "part_of": road["id"],
                    "_road": road,
                    "_f": (i / k, (i + 1) / k),
                }
                c["location"] = f"{road['name']}，箱变编号 XB-{rng.randint(1, 999):03d}"
                c["owner"] = holder
                duties = {"maintenance": holder, "lighting": holder}
                if rng.random() < 0.03:
                    other = self.role(road["_dist"], "park-operator")
                    if other != holder:
                        duties["energy-bill"] = {"by": [holder, other], "split": rng.choice(SPLITS)}
                    else:
                        duties["energy-bill"] = holder
                else:
                    duties["energy-bill"] = holder
                c["duties"] = self.maybe_drop_duty(duties)
                if rh and rh["status"] != "accepted" and rng.random() < 0.5:
                    to = self.city_roles["street-lighting"]
                    if to != rh["from"]:
                        h = self.handover(
                            "street-light-circuit",
                            rh["from"],
                            to,
                            duties=["maintenance", "lighting", "energy-bill"],
                            status=rh["status"],
                        )
                        c["_handover"] = h
                        if h["status"] == "disputed":
                            self.disputed_handovers.append((c, h, "energy-bill"))
                circuits.append(c)
        self.assets["roads"].extend(circuits)
        self.circuits = circuits

    def build_power(self):
        rng = self.rng
        n_lines = scaled("power_lines", self.scale)
        lines = []
        for _ in range(n_lines):
            dist = self.pick_district()
            r = rng.random()
            volt = "110kV" if r < 0.1 else ("35kV" if r < 0.25 else "10kV")
            dname = dist["name"] if dist else CITY_FULL
            sname, spy = self.two_syllables()
            lid = self.new_id(f"{dist['py'] if dist else 'city'}-{volt.lower()}-{spy}-line")
            pts = polyline(
                rng,
                dist["centre"] if dist else CENTRE,
                spread=0.04,
                n_min=2,
                n_max=6,
                step=(0.004, 0.012),
            )
            a = {
                "id": lid,
                "name": f"{volt}{sname}线",
                "type": "power-line",
                "_pts": pts,
                "_cum": cumlen(pts),
                "_dist": dist,
                "_geom": rng.random() < 0.5,
                "location": f"{dname}，{'架空' if rng.random() < 0.6 else '电缆'}线路",
            }
            grid = (
                self.city_roles["power-supply"]
                if volt != "10kV"
                else self.role(dist, "power-supply")
            )
            park_line = (
                volt == "10kV"
                and dist is not None
                and dist["park"] is not None
                and rng.random() < 0.25
            )
            if park_line:
                op = self.role(dist, "park-operator")
                a["name"] = f"{dist['park']['short']}内部{sname}线"
                a["owner"] = op
                a["duties"] = self.maybe_drop_duty({"maintenance": op, "operation": op})
                a["_boundary_pair"] = (grid, op)
                if rng.random() < 0.4 and grid != op:
                    h = self.handover("power-line", op, grid, duties=["maintenance", "operation"])
                    a["_handover"] = h
                    if h["status"] == "disputed":
                        self.disputed_handovers.append((a, h, "maintenance"))
            else:
                a["owner"] = grid
                a["duties"] = self.maybe_drop_duty({"maintenance": grid, "operation": grid})
            lines.append(a)
        self.power_lines = lines
        feeders_by_dist: dict[int, list] = {}
        for ln in lines:
            if ln["name"].startswith("10kV") or "内部" in ln["name"]:
                feeders_by_dist.setdefault(id(ln["_dist"]), []).append(ln)

        n_mp = scaled("metering_points", self.scale)
        mps = []
        mp_no: dict[str, int] = {}
        for _ in range(n_mp):
            dist = self.pick_district()
            key = dist["py"] if dist else "city"
            mp_no[key] = mp_no.get(key, 0) + 1
            num = mp_no[key]
            feeders = feeders_by_dist.get(id(dist)) or lines
            parent = rng.choice(feeders)
            grid = self.role(dist, "power-supply")
            park = dist["park"] if dist else None
            if park and rng.random() < 0.5:
                customer = self.role(dist, "park-operator")
                name = (
                    f"{park['short']}{num}号计量点"
                    if rng.random() < 0.7
                    else f"{park['short']}大门总计量点{num}"
                )
            elif dist and dist["properties"] and rng.random() < 0.5:
                customer = rng.choice(dist["properties"])
                name = f"{self.dept_by_id[customer]['name'][:6]}小区{num}号专变计量点"
            else:
                customer = self.role(dist, "construction-investment")
                name = f"{dist['name'] if dist else CITY_FULL}{num}号公变计量点"
            mid = self.new_id(f"{key}-mp-{num:03d}")
            p = point_at(parent["_pts"], parent["_cum"], rng.random())
            p = (p[0] + rng.uniform(-0.002, 0.002), p[1] + rng.uniform(-0.002, 0.002))
            a = {
                "id": mid,
                "name": name,
                "type": "metering-point",
                "part_of": parent["id"],
                "_pt": p,
                "_geom": rng.random() < 0.6,
                "_dist": dist,
                "location": f"{dist['name'] if dist else CITY_FULL}，{parent['name']}T接处",
            }
            a["owner"] = grid
            a["duties"] = self.maybe_drop_duty({"metering": grid, "billing": grid})
            if customer != grid:
                a["boundaries"] = [
                    {
                        "at": mid,
                        "between": [grid, customer],
                        "notes": "计量点为产权分界点：计量点以上由供电局负责，以下由用户负责。",
                    }
                ]
            mps.append(a)
        self.metering_points = mps
        # park-internal lines: boundary at a metering point of the same district (or in words)
        mps_by_dist: dict[int, list] = {}
        for m in mps:
            mps_by_dist.setdefault(id(m["_dist"]), []).append(m)
        for ln in lines:
            pair = ln.pop("_boundary_pair", None)
            if pair and pair[0] != pair[1]:
                cands = mps_by_dist.get(id(ln["_dist"]))
                at = rng.choice(cands)["id"] if cands else "园区大门总计量点"
                ln["boundaries"] = [
                    {"at": at, "between": list(pair), "notes": "园区内部线路损耗由园区承担。"}
                ]
        self.assets["power"].extend(lines)
        self.assets["power"].extend(mps)

    def build_water(self):
        rng = self.rng
        n = scaled("water_lines", self.scale)
        lines = []
        trunks_by_dist: dict[int, list] = {}
        for _ in range(n):
            dist = self.pick_district()
            key = dist["py"] if dist else "city"
            trunk = rng.random() < 0.15 or not trunks_by_dist.get(id(dist))
            dn = (
                rng.choice((800, 1000, 1200))
                if trunk
                else rng.choice((100, 150, 200, 300, 400, 600))
            )
            sname, spy = self.two_syllables()
            wid = self.new_id(f"{key}-dn{dn}-{spy}-water")
            pts = polyline(
                rng,
                dist["centre"] if dist else CENTRE,
                spread=0.04,
                n_min=2,
                n_max=5,
                step=(0.003, 0.01),
            )
            a = {
                "id": wid,
                "name": f"{sname}{'供水主干管' if trunk else '配水管'}DN{dn}",
                "type": "water-line",
                "_pts": pts,
                "_cum": cumlen(pts),
                "_geom": rng.random() < 0.5,
                "_dist": dist,
                "location": f"{dist['name'] if dist else CITY_FULL}，沿{sname}路敷设",
            }
            if not trunk:
                a["part_of"] = rng.choice(trunks_by_dist[id(dist)])["id"]
            op = self.city_roles["water-company"] if trunk else self.role(dist, "water-company")
            if not trunk and rng.random() < 0.12:
                builder = self.role(dist, "construction-investment")
                if builder != op:
                    h = self.handover(
                        "water-line", builder, op, duties=["maintenance", "operation"]
                    )
                    a["_handover"] = h
                    if h["status"] == "accepted":
                        a["owner"], a["duties"] = op, {"maintenance": op, "operation": op}
                    else:
                        a["owner"], a["duties"] = (
                            builder,
                            {"maintenance": builder, "operation": builder},
                        )
                        if h["status"] == "disputed":
                            self.disputed_handovers.append((a, h, "maintenance"))
            if "owner" not in a:
                a["owner"] = op
                a["duties"] = {"maintenance": op, "operation": op}
            a["duties"] = self.maybe_drop_duty(a["duties"])
            if trunk:
                trunks_by_dist.setdefault(id(dist), []).append(a)
            lines.append(a)
        self.water_lines = lines
        self.assets["water"].extend(lines)

    def build_facilities(self):
        rng = self.rng
        n = scaled("facilities", self.scale)
        no: dict[tuple, int] = {}
        for _ in range(n):
            dist = self.pick_district()
            fname, fslug, orole, duties = rng.choice(FACILITY_KINDS)
            key = dist["py"] if dist else "city"
            dname = dist["name"] if dist else CITY_FULL
            no[(key, fslug)] = no.get((key, fslug), 0) + 1
            sname, _ = self.two_syllables()
            owner = self.role(dist, orole)
            fid = self.new_id(f"{key}-{fslug}-{no[(key, fslug)]:03d}")
            c = dist["centre"] if dist else CENTRE
            p = (c[0] + rng.uniform(-0.04, 0.04), c[1] + rng.uniform(-0.04, 0.04))
            a = {
                "id": fid,
                "name": f"{(dist['short'] if dist else CITY)}{sname}{fname}",
                "type": "facility",
                "_pt": p,
                "_geom": rng.random() < 0.7,
                "_dist": dist,
                "location": f"{dname}{sname}路{rng.randint(1, 200)}号旁",
            }
            d = {}
            for duty in duties:
                if duty == "energy-bill" and rng.random() < 0.1:
                    other = self.role(dist, "subdistrict")
                    d[duty] = (
                        {"by": [owner, other], "split": rng.choice(SPLITS)}
                        if other != owner
                        else owner
                    )
                elif duty == "cleaning" and orole != "sanitation":
                    d[duty] = self.role(dist, "sanitation")
                else:
                    d[duty] = owner
            a["owner"] = owner
            a["duties"] = self.maybe_drop_duty(d)
            if orole in ("construction-investment", "park-operator") and rng.random() < 0.3:
                to = self.role(dist, "municipal-facilities")
                if to != owner:
                    h = self.handover("facility", owner, to)
                    a["_handover"] = h
                    if h["status"] == "accepted":
                        a["owner"] = to
                        a["duties"] = {k: (to if v == owner else v) for k, v in a["duties"].items()}
                    elif h["status"] == "disputed":
                        self.disputed_handovers.append((a, h, duties[0]))
            self.assets["other"].append(a)

    def build_minor(self):
        rng = self.rng
        # street lamps along their circuit's stretch of road
        n = scaled("lamps", self.scale)
        counts = [0] * len(self.circuits)
        for _ in range(n):
            counts[rng.randrange(len(self.circuits))] += 1
        no = 0
        for c, k in zip(self.circuits, counts, strict=True):
            road = c["_road"]
            f0, f1 = c["_f"]
            total_m = road["_cum"][-1] * 100000
            for i in range(k):
                no += 1
                f = f0 + (f1 - f0) * (i + 0.5) / k
                x, y = point_at(road["_pts"], road["_cum"], f)
                side = "东" if i % 2 == 0 else "西"
                m = int(total_m * f)
                self.lamps.append(
                    (
                        f"ld-{no:06d}",
                        f"{road['name']}路灯{i + 1}号",
                        c["id"],
                        f"{road['name']} K{m // 1000}+{m % 1000:03d} {side}侧",
                        x + rng.uniform(-0.00008, 0.00008),
                        y + rng.uniform(-0.00008, 0.00008),
                        rng.randint(2008, 2026),
                    )
                )
        # meters: under metering points (most) or directly on a power line
        n = scaled("meters", self.scale)
        for no in range(1, n + 1):
            if self.metering_points and rng.random() < 0.75:
                parent = rng.choice(self.metering_points)
                base = parent["_pt"]
                name = f"{parent['name']}电能表{rng.randint(1, 99):02d}"
            else:
                parent = rng.choice(self.power_lines)
                base = point_at(parent["_pts"], parent["_cum"], rng.random())
                name = f"{parent['name']}用户电能表{rng.randint(1, 999):03d}"
            x, y = base[0] + rng.uniform(-0.001, 0.001), base[1] + rng.uniform(-0.001, 0.001)
            self.meters.append(
                (
                    f"db-{no:06d}",
                    name,
                    parent["id"],
                    parent.get("location", ""),
                    x,
                    y,
                    rng.choice(("DDZY-1", "DTZY-3", "DSZY-3")),
                )
            )
        # valves along their water line
        n = scaled("valves", self.scale)
        for no in range(1, n + 1):
            line = rng.choice(self.water_lines)
            f = rng.random()
            x, y = point_at(line["_pts"], line["_cum"], f)
            self.valves.append(
                (
                    f"fm-{no:06d}",
                    f"{line['name']}阀门{rng.randint(1, 60)}号",
                    line["id"],
                    f"{line['location']}，距起点{int(f * line['_cum'][-1] * 100000)}米",
                    x,
                    y,
                    rng.choice(("闸阀", "蝶阀", "排气阀", "泄水阀")),
                )
            )
        for rows in (self.lamps, self.meters, self.valves):
            for r in rows:
                if r[0] in self.ids:
                    raise ValueError(f"minor id collides: {r[0]}")
                self.ids.add(r[0])

    def build_disputes(self):
        rng = self.rng
        n = scaled("disputes", self.scale)
        asset_share = min(len(self.disputed_handovers), int(n * 0.6))
        chosen = rng.sample(self.disputed_handovers, asset_share) if asset_share else []
        chosen.sort(key=lambda t: t[0]["id"])
        streetlight = {m["id"]: m for m in self.matters if m["id"].endswith("-streetlight-out")}
        for asset, h, duty in chosen:
            d = {"id": self.new_id(f"d-{asset['id'][:50]}-{duty}"), "asset": asset["id"]}
            dist = asset.get("_dist")
            mid = f"{dist['py'] if dist else 'city'}-streetlight-out"
            if duty == "lighting" and mid in streetlight:
                d["matter"] = mid
            d["duty"] = duty
            d["parties"] = [h["from"], h["to"]]
            self._dispute_tail(d, dist, h["since"], h["from"])
            self.disputes.append(d)
        # disputes about which office handles a kind of request
        pairs = [
            ("street-vending", "urban-management", "market-regulation"),
            ("road-occupation", "transport", "urban-management"),
            ("construction-noise", "ecology", "urban-management"),
            ("back-lane-cleaning", "subdistrict", "sanitation"),
            ("parking", "transport", "urban-management"),
            ("drainage-connection", "water-affairs", "water-company"),
        ]
        by_id = {m["id"]: m for m in self.matters}
        tries = 0
        while len(self.disputes) < n and tries < n * 50:
            tries += 1
            dist = self.pick_district()
            slug, ra, rb = rng.choice(pairs)
            mid = f"{dist['py'] if dist else 'city'}-{slug}"
            if mid not in by_id:
                continue
            a, b = self.role(dist, ra), self.role(dist, rb)
            if a == b:
                continue
            did = f"d-{mid}"
            if did in self.ids:
                continue
            d = {"id": self.new_id(did), "matter": mid, "parties": [a, b]}
            self._dispute_tail(d, dist, dt.date(2023, 1, 1), a)
            self.disputes.append(d)

    def _dispute_tail(self, d, dist, after: dt.date, interim: str):
        rng = self.rng
        raised = self.rand_date(max(after, dt.date(2023, 1, 1)), dt.date(2026, 11, 1))
        d["raised"] = raised
        if rng.random() < 0.8:
            d["deadline"] = raised + dt.timedelta(days=rng.choice((30, 60, 90, 180)))
        arb = self.role(dist, "business-environment")
        if arb in d["parties"]:
            arb = self.city_roles["business-environment"]
        d["arbiter"] = arb
        d["interim"] = interim
        d["status"] = "open" if rng.random() < 0.6 else "resolved"
        if d["status"] == "resolved":
            if "asset" in d:
                outcomes = [
                    "经会商，由接收方先行负责，移交方承担整改费用。",
                    "经协调，移交方完成整改后由接收方接收。",
                ]
            else:
                outcomes = [
                    "经协调，明确由属地部门牵头，相关部门配合。",
                    "会议纪要明确按原职责分工办理。",
                ]
            d["outcome"] = rng.choice(outcomes)
        if rng.random() < 0.3:
            d["notes"] = (
                "接收方认为设施未达到移交验收标准。"
                if "asset" in d
                else "双方均认为该事项不属于本单位职责。"
            )

    def build(self):
        self.build_departments()
        self.build_escalation()
        self.build_matters()
        self.build_roads()
        self.build_power()
        self.build_water()
        self.build_facilities()
        self.build_minor()
        self.build_disputes()


# --------------------------------------------------------------------------- writing YAML text


def emit_department(out: list, d: dict):
    a = out.append
    a(f"  - id: {q(d['id'])}\n    name: {q(d['name'])}\n")
    if d.get("aliases"):
        a(f"    aliases: {qlist(d['aliases'])}\n")
    a(f"    kind: {q(d['kind'])}\n")
    if d.get("parent"):
        a(f"    parent: {q(d['parent'])}\n")
    a(f"    summary: {q(d['summary'])}\n")
    if d.get("responsibilities"):
        a("    responsibilities:\n")
        for r in d["responsibilities"]:
            a(f"      - text: {q(r['text'])}\n")
            if "basis" in r:
                a(f"        basis: {q(r['basis'])}\n")
    a("    contacts:\n")
    for c in d["contacts"]:
        a(f"      - role: {q(c['role'])}\n")
        for k in ("name", "phone", "email", "address", "hours", "visibility"):
            if k in c:
                a(f"        {k}: {q(c[k])}\n")
        if "verified" in c:
            a(f"        verified: {iso(c['verified'])}\n")
    if d.get("website"):
        a(f"    website: {q(d['website'])}\n")
    if d.get("verified"):
        a(f"    verified: {iso(d['verified'])}\n")


def emit_duty_value(v) -> str:
    if isinstance(v, dict):
        return f"{{by: {qlist(v['by'])}, split: {q(v['split'])}}}"
    return q(v)


def emit_asset(out: list, x: dict):
    a = out.append
    a(f"  - id: {q(x['id'])}\n    name: {q(x['name'])}\n")
    if x.get("aliases"):
        a(f"    aliases: {qlist(x['aliases'])}\n")
    a(f"    type: {q(x['type'])}\n")
    if x.get("part_of"):
        a(f"    part_of: {q(x['part_of'])}\n")
    if x.get("location"):
        a(f"    location: {q(x['location'])}\n")
    if x.get("_geom"):
        if "_pt" in x:
            a(f'    geometry: {{type: "Point", coordinates: {coord(x["_pt"])}}}\n')
        elif "_pts" in x:
            a(line_geometry(x["_pts"]))
    elif x.get("_line"):
        a(line_geometry(x["_line"]))
    if x.get("owner"):
        a(f"    owner: {q(x['owner'])}\n")
    if x.get("duties"):
        a("    duties:\n")
        for k, v in x["duties"].items():
            a(f"      {k}: {emit_duty_value(v)}\n")
    if x.get("boundaries"):
        a("    boundaries:\n")
        for b in x["boundaries"]:
            a(f"      - at: {q(b['at'])}\n        between: {qlist(b['between'])}\n")
            if b.get("notes"):
                a(f"        notes: {q(b['notes'])}\n")
    h = x.get("_handover")
    if h:
        a(f"    handover:\n      from: {q(h['from'])}\n      to: {q(h['to'])}\n")
        if h.get("duties"):
            a(f"      duties: {qlist(h['duties'])}\n")
        a(f"      status: {q(h['status'])}\n      since: {iso(h['since'])}\n")
        if h.get("due"):
            a(f"      due: {iso(h['due'])}\n")
        if h.get("interim"):
            a(f"      interim: {q(h['interim'])}\n")
        if h.get("basis"):
            a(f"      basis: {q(h['basis'])}\n")
        if h.get("notes"):
            a(f"      notes: {q(h['notes'])}\n")
    if x.get("notes"):
        a(f"    notes: {q(x['notes'])}\n")


def emit_minor_yaml(out: list, rows, type_, owner, duties):
    a = out.append
    qt, qo = q(type_), q(owner)
    duty_lines = "".join(f"      {k}: {q(v)}\n" for k, v in duties.items())
    for r in rows:
        a(
            f"  - id: {q(r[0])}\n    name: {q(r[1])}\n    type: {qt}\n    part_of: {q(r[2])}\n"
            f"    location: {q(r[3])}\n"
            f'    geometry: {{type: "Point", coordinates: [{r[4]:.6f}, {r[5]:.6f}]}}\n'
            f"    owner: {qo}\n    duties:\n{duty_lines}"
        )


def header(title: str, seed: int, scale: float, variant: str) -> str:
    return (
        f"# {title}\n"
        f"# Generated by benchmarks/generate_large.py (seed {seed}, scale {scale:g}, {variant}).\n"
        f"# Fictional data: phones 0851-0000-NNNN are not in service; e-mail is @example.org.\n"
    )


MINOR_SPECS: dict[str, tuple[Any, ...]] = {
    # kind: (source file, YAML file, asset type, owner role, duty the owner holds,
    #        column mapping, file columns)
    "lamps": (
        "gis/street-lamps.csv",
        "assets-street-lamps.yaml",
        "street-lamp",
        "street-lighting",
        "maintenance",
        {
            "id": "lamp_no",
            "name": "label",
            "part_of": "circuit",
            "location": "addr",
            "lon": "x",
            "lat": "y",
        },
        ["lamp_no", "label", "circuit", "addr", "x", "y", "install_year"],
    ),
    "meters": (
        "gis/meters.geojson",
        "assets-meters.yaml",
        "meter",
        "power-supply",
        "metering",
        {"id": "meter_no", "name": "label", "part_of": "parent", "location": "addr"},
        ["meter_no", "label", "parent", "addr", None, None, "model"],
    ),
    "valves": (
        "gis/valves.csv",
        "assets-valves.yaml",
        "valve",
        "water-company",
        "maintenance",
        {
            "id": "valve_no",
            "name": "label",
            "part_of": "line",
            "location": "addr",
            "lon": "x",
            "lat": "y",
        },
        ["valve_no", "label", "line", "addr", "x", "y", "valve_kind"],
    ),
}


def write_text(path: str, text: str) -> int:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def write_registry(g: Gen, outdir: str, all_yaml: bool) -> dict:
    variant = "all-yaml" if all_yaml else "asset-sources"
    sizes: dict[str, int] = {}
    for name in MAJOR_YAML_FILES + MINOR_YAML_FILES + SOURCE_FILES:
        p = os.path.join(outdir, name)
        if os.path.exists(p):
            os.remove(p)
    gis_dir = os.path.join(outdir, "gis")
    if os.path.isdir(gis_dir) and not os.listdir(gis_dir):
        os.rmdir(gis_dir)

    # departments.yaml ------------------------------------------------------
    out = [
        header("筑城市责任名录：部门、升级路径、事项、资产来源和职责争议", g.seed, g.scale, variant)
    ]
    a = out.append
    a("site:\n")
    a(f'  title: {q(CITY_FULL + "责任名录")}\n  language: "zh"\n')
    a(f"  description: {q(SITE_DESCRIPTION)}\n")
    a("  checks:\n    contact_max_age_days: 365\n")
    a("departments:\n")
    for d in g.departments:
        emit_department(out, d)
    a("escalation:\n")
    for e in g.escalation:
        a(f"  - id: {q(e['id'])}\n    name: {q(e['name'])}\n    levels:\n")
        for lv in e["levels"]:
            who = lv["who"]
            a(
                f"      - after: {q(lv['after'])}\n"
                f"        who: {qlist(who) if isinstance(who, list) else q(who)}\n"
                f"        action: {q(lv['action'])}\n"
            )
    a("matters:\n")
    for m in g.matters:
        a(f"  - id: {q(m['id'])}\n    name: {q(m['name'])}\n")
        if m.get("aliases"):
            a(f"    aliases: {qlist(m['aliases'])}\n")
        a(f"    keywords: {qlist(m['keywords'])}\n    group: {q(m['group'])}\n")
        if m.get("summary"):
            a(f"    summary: {q(m['summary'])}\n")
        if "handled_by" in m:
            a(f"    handled_by: {q(m['handled_by'])}\n")
        else:
            a(f"    asset_types: {qlist(m['asset_types'])}\n    duty: {q(m['duty'])}\n")
        a(
            f"    first_contact: {q(m['first_contact'])}\n    time_limit: {q(m['time_limit'])}\n"
            f"    escalation: {q(m['escalation'])}\n"
        )
    if not all_yaml:
        a("asset_sources:\n")
        for kind in ("lamps", "meters", "valves"):
            src, _, type_, orole, duty, cols, _ = MINOR_SPECS[kind]
            owner = g.city_roles[orole]
            colmap = ", ".join(f"{k}: {q(v)}" for k, v in cols.items())
            a(
                f"  - file: {q(src)}\n    type: {q(type_)}\n    columns: {{{colmap}}}\n"
                f"    set: {{owner: {q(owner)}, duties: {{{duty}: {q(owner)}}}}}\n"
            )
    if g.disputes:  # an empty section would read as null: leave it out
        a("disputes:\n")
    for d in g.disputes:
        a(f"  - id: {q(d['id'])}\n")
        for k in ("asset", "matter", "duty"):
            if k in d:
                a(f"    {k}: {q(d[k])}\n")
        a(f"    parties: {qlist(d['parties'])}\n    raised: {iso(d['raised'])}\n")
        if "deadline" in d:
            a(f"    deadline: {iso(d['deadline'])}\n")
        a(
            f"    arbiter: {q(d['arbiter'])}\n    interim: {q(d['interim'])}\n"
            f"    status: {q(d['status'])}\n"
        )
        for k in ("outcome", "notes"):
            if k in d:
                a(f"    {k}: {q(d[k])}\n")
    sizes["departments.yaml"] = write_text(os.path.join(outdir, "departments.yaml"), "".join(out))

    # major asset fragments --------------------------------------------------
    titles = {
        "roads": "道路、路段和路灯回路",
        "power": "电力线路和计量点",
        "water": "供水管线",
        "other": "其他设施",
    }
    for key in ("roads", "power", "water", "other"):
        out = [header(f"资产：{titles[key]}", g.seed, g.scale, variant), "assets:\n"]
        for x in g.assets[key]:
            emit_asset(out, x)
        name = f"assets-{key}.yaml"
        sizes[name] = write_text(os.path.join(outdir, name), "".join(out))

    # minor assets ------------------------------------------------------------
    rows_by_kind = {"lamps": g.lamps, "meters": g.meters, "valves": g.valves}
    for kind in ("lamps", "meters", "valves"):
        src, yname, type_, orole, duty, cols, header_cols = MINOR_SPECS[kind]
        rows = rows_by_kind[kind]
        owner = g.city_roles[orole]
        if all_yaml:
            out = [
                header(f"资产：{type_}（由 GIS 台账转为 YAML）", g.seed, g.scale, variant),
                "assets:\n",
            ]
            emit_minor_yaml(out, rows, type_, owner, {duty: owner})
            sizes[yname] = write_text(os.path.join(outdir, yname), "".join(out))
        elif src.endswith(".csv"):
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(header_cols)
            for r in rows:
                w.writerow((r[0], r[1], r[2], r[3], f"{r[4]:.6f}", f"{r[5]:.6f}", r[6]))
            sizes[src] = write_text(os.path.join(outdir, src), buf.getvalue())
        else:
            parts = ['{"type": "FeatureCollection", "features": [\n']
            last = len(rows) - 1
            for i, r in enumerate(rows):
                props = json.dumps(
                    {
                        header_cols[0]: r[0],
                        header_cols[1]: r[1],
                        header_cols[2]: r[2],
                        header_cols[3]: r[3],
                        header_cols[6]: r[6],
                    },
                    ensure_ascii=False,
                )
                parts.append(
                    f'{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": '
                    f'[{r[4]:.6f}, {r[5]:.6f}]}}, "properties": {props}}}'
                    f"{',' if i < last else ''}\n"
                )
            parts.append("]}\n")
            sizes[src] = write_text(os.path.join(outdir, src), "".join(parts))
    return sizes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a large fictional remit registry for benchmarks."
    )
    ap.add_argument("outdir", help="directory to write the registry into (created if missing)")
    ap.add_argument(
        "--all-yaml",
        action="store_true",
        help="write every asset as YAML (no asset_sources / CSV / GeoJSON)",
    )
    ap.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    ap.add_argument(
        "--scale", type=float, default=1.0, help="multiply every count (e.g. 0.01 for tests)"
    )
    args = ap.parse_args(argv)
    if args.scale <= 0:
        ap.error("--scale must be positive")

    t0 = time.perf_counter()
    g = Gen(args.seed, args.scale)
    g.build()
    os.makedirs(args.outdir, exist_ok=True)
    sizes = write_registry(g, args.outdir, args.all_yaml)
    elapsed = time.perf_counter() - t0
    variant = "all-yaml" if args.all_yaml else "asset-sources"

    major = sum(len(v) for v in g.assets.values())
    minor = len(g.lamps) + len(g.meters) + len(g.valves)
    total = sum(sizes.values())
    files = ", ".join(f"{k} {v / 1e6:.2f}MB" for k, v in sizes.items())
    print(
        f"{args.outdir}: {len(sizes)} files {total / 1e6:.1f} MB ({files}); "
        f"departments={len(g.departments)} matters={len(g.matters)} escalation={len(g.escalation)} "
        f"assets={major + minor} (major={major} minor={minor}: lamps={len(g.lamps)} "
        f"meters={len(g.meters)} valves={len(g.valves)}) disputes={len(g.disputes)} "
        f"[{variant}, seed {args.seed}, scale {args.scale:g}] "
        f"in {elapsed:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
