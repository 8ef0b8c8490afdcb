"""The fixed vocabulary of the large registry: counts at scale 1.0, fictional names and
syllables, the departments of a city and its districts, their responsibilities, the matters,
facility kinds; and the id rules (ids must be valid registry ids and not reserved).

Nothing here draws a random number; the builders do, in a fixed order."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator import model as m

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
#: Ids the site keeps for its own pages: the model's list, so no generated id is one.
RESERVED = m.RESERVED_IDS
#: The registry's language, one the model knows.
LANGUAGE = "zh"
#: The model's built-in asset types (id -> (id, name, required duties, minor)) and duties:
#: the generator writes no asset_types or duty of its own (see ``Gen.check_model``).
BUILTIN_TYPES = {t[0]: t for t in m.BUILTIN_ASSET_TYPES}
BUILTIN_DUTIES = frozenset(m.BUILTIN_DUTIES)
assert LANGUAGE in m.LANGUAGES

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
STATUS_WEIGHTS = list(zip(m.HANDOVER_STATUSES, (20, 35, 30, 15), strict=True))
# fmt: on



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


def scaled(name: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(round(BASE_COUNTS[name] * scale)))


def check_id(i: str) -> str:
    if not (ID_RE.match(i) and len(i) <= 63 and not i.endswith("-") and i not in RESERVED):
        raise ValueError(f"generated a bad id: {i!r}")
    return i
