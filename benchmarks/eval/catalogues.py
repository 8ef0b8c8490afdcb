"""Two service catalogues the way real ones are written: official names only, no aliases,
no keywords — the shape of a district's published list of matters (Chinese) and of a
council's A–Z of services (English). They are the hard half of the evaluation set in
``questions.yaml``: the example registry carries hand-written keywords, these do not.

:func:`write` turns them into registry folders (``departments.yaml``) that ``remit check``
accepts. Matter ids are ``<department>-<n>``; the questions name matters by their official
name, so the ids may change without touching the questions.
"""

from __future__ import annotations

from pathlib import Path

import yaml

#: (id, official name, kind, matters separated by "、")
ZH: list[tuple[str, str, str, str]] = [
    ("household-registration", "公安局户政管理大队", "bureau",
     "居民身份证申领、居民身份证换领、居民身份证补领、临时居民身份证申领、居民户口簿补领、"
     "户口迁移（市内）、投靠类户口迁入、出生登记、死亡人员户口注销、居住证申领、"
     "无犯罪记录证明开具"),
    ("traffic-police", "公安局交通管理支队车辆管理所", "bureau",
     "机动车驾驶证有效期满换证、机动车驾驶证遗失补证、机动车驾驶证损毁换证、机动车注册登记、"
     "机动车转移登记、机动车检验合格标志核发、道路交通安全违法行为处理、机动车临时号牌核发、"
     "驾驶人身体条件证明申报"),
    ("exit-entry", "公安局出入境管理支队", "bureau",
     "普通护照签发、往来港澳通行证签发、往来台湾通行证签发、外国人居留许可签发"),
    ("hrss-bureau", "人力资源和社会保障局", "bureau",
     "城镇职工基本养老保险参保登记、社会保障卡申领、社会保障卡挂失及补换、失业保险金申领、"
     "就业创业证申领、职业技能等级证书查询、劳动人事争议仲裁申请、工伤认定申请、"
     "基本养老保险关系转移接续、职工正常退休待遇申领、劳动保障监察投诉"),
    ("medical-insurance", "医疗保障局", "bureau",
     "城乡居民基本医疗保险参保登记、职工基本医疗保险参保登记、基本医疗保险关系转移接续、"
     "异地就医备案、门诊慢特病待遇认定、零星医疗费用报销、生育津贴支付"),
    ("housing-fund", "住房公积金管理中心", "office",
     "住房公积金单位缴存登记、租赁住房提取住房公积金、购买自住住房提取住房公积金、"
     "住房公积金个人住房贷款、住房公积金个人账户转移接续"),
    ("market-regulation", "市场监督管理局", "bureau",
     "个体工商户设立登记、有限责任公司设立登记、公司变更登记、公司注销登记、食品经营许可、"
     "食品生产许可、药品零售企业许可、特种设备使用登记、消费者投诉举报受理、商标专用权质押登记"),
    ("tax-bureau", "税务局", "bureau",
     "发票领用、增值税一般纳税人申报、个人所得税综合所得年度汇算、纳税人信息变更、"
     "开具税收完税证明、车辆购置税申报"),
    ("civil-affairs", "民政局", "bureau",
     "内地居民婚姻登记、内地居民离婚登记、补领婚姻登记证、最低生活保障对象认定、"
     "特困人员认定、临时救助对象认定、高龄津贴发放、社会团体成立登记、遗体火化"),
    ("health-commission", "卫生健康委员会", "bureau",
     "出生医学证明签发、生育登记、医师执业注册、护士执业注册、职业病诊断、预防接种证补发"),
    ("education-bureau", "教育局", "bureau",
     "义务教育阶段新生入学登记、中小学学生转学、教师资格认定、民办学校设立审批、家庭经济困难学生资助"),
    ("housing-construction", "住房和城乡建设局", "bureau",
     "建筑工程施工许可证核发、商品房预售许可、房屋建筑和市政基础设施工程竣工验收备案、"
     "建筑业企业资质核准、物业服务投诉处理、既有房屋安全鉴定"),
    ("real-estate-registration", "不动产登记中心", "office",
     "国有建设用地使用权及房屋所有权首次登记、国有建设用地使用权及房屋所有权转移登记、"
     "不动产抵押权登记、不动产登记资料查询、不动产权证书补发"),
    ("natural-resources", "自然资源局", "bureau",
     "建设用地规划许可证核发、建设工程规划许可证核发、国有建设用地使用权出让、临时用地审批"),
    ("urban-management", "城市管理局", "bureau",
     "户外广告设施设置审批、城市道路占用挖掘许可、城市建筑垃圾处置核准、"
     "占道经营行为查处、违法建设查处、夜间施工噪声污染查处"),
    ("municipal-facilities", "市政设施管理处", "office",
     "城市道路照明设施故障处理、城市道路路面病害处理、窨井盖缺失损坏处理、"
     "城市绿化树木修剪、城市排水设施疏通"),
    ("power-company", "供电公司", "utility",
     "低压居民用电新装、低压非居民用电新装、高压用电增容、用电更名过户、电费缴纳及发票开具、"
     "供电故障抢修、电能计量装置校验"),
    ("water-company", "自来水公司", "utility",
     "供水报装、用水更名过户、供水故障抢修、水表故障换表、水费缴纳、城镇污水排入排水管网许可"),
    ("gas-company", "燃气公司", "utility",
     "管道燃气开户通气、管道燃气报装、燃气泄漏抢险、燃气用户更名过户、燃气计量表故障维修、燃气费缴纳"),
    ("ecology-environment", "生态环境局", "bureau",
     "建设项目环境影响评价文件审批、排污许可证核发、环境污染举报受理、危险废物跨省转移审批"),
    ("transport-bureau", "交通运输局", "bureau",
     "道路旅客运输经营许可、巡游出租汽车驾驶员从业资格证核发、网络预约出租汽车运输证核发、"
     "城市公共交通服务投诉、道路货物运输驾驶员从业资格证核发"),
    ("disabled-federation", "残疾人联合会", "other",
     "残疾人证核发、困难残疾人生活补贴和重度残疾人护理补贴申领、残疾人辅助器具适配"),
    ("veterans-affairs", "退役军人事务局", "bureau",
     "退役军人优待证申领、退役士兵自主就业一次性经济补助金发放"),
    ("culture-tourism", "文化广电旅游局", "bureau",
     "营业性演出审批、互联网上网服务营业场所经营单位设立审批、旅行社设立许可"),
    ("emergency-management", "应急管理局", "bureau",
     "安全生产许可、危险化学品经营许可、烟花爆竹经营（零售）许可"),
    ("fire-rescue", "消防救援支队", "bureau",
     "公众聚集场所投入使用营业前消防安全检查、特殊建设工程消防设计审查、火灾隐患举报投诉"),
    ("commerce-bureau", "商务局", "bureau",
     "对外贸易经营者备案登记、成品油零售经营资格审批、单用途商业预付卡备案"),
]

#: (id, official name, aliases (personal names, as such registries carry), matters "; ")
EN: list[tuple[str, str, list[str], str]] = [
    ("highways", "Highways and Transport", ["Office of Andre Lambert"],
     "Street lighting fault reporting; Carriageway defect reporting; Dropped kerb application; "
     "Skip permit; Scaffolding licence; Temporary road closure application"),
    ("waste", "Waste and Recycling Services", ["Office of Andrea Moreau"],
     "Missed bin collection report; Bulky waste collection; Replacement wheeled bin request; "
     "Fly-tipping report; Garden waste subscription"),
    ("revenues", "Revenues and Benefits", ["Office of Andreas Keller"],
     "Council Tax single person discount; Council Tax payment; Business rates relief "
     "application; Council Tax Reduction scheme application; Housing Benefit claim"),
    ("licensing", "Licensing Services", ["Office of Anders Nilsson"],
     "Premises licence application; Temporary event notice; Hackney carriage and private hire "
     "driver licence; Street trading consent"),
    ("housing", "Housing Services", ["Office of Andrew Patel"],
     "Housing register application; Homelessness prevention assistance; "
     "Disabled facilities grant"),
    ("registrar", "Registration Service", ["Office of Andrei Popescu"],
     "Birth registration; Death registration; Notice of marriage or civil partnership; "
     "Certificate copy request"),
    ("parking", "Parking Services", ["Office of Andie MacLeod"],
     "Resident parking permit; Penalty charge notice challenge; Blue Badge application"),
    ("environmental-health", "Environmental Health", ["Office of Andrzej Nowak"],
     "Noise nuisance complaint; Food hygiene complaint; Pest control treatment booking; "
     "Food business registration"),
    ("planning", "Planning and Building Control", ["Office of Andres Garcia"],
     "Householder planning application; Planning enforcement complaint; Works to trees "
     "subject to a Tree Preservation Order; Building regulations application"),
    ("education", "Children's Services and Education", ["Office of Andile Dlamini"],
     "School admission application; Free school meals application; Home to school "
     "transport application"),
    ("adult-care", "Adult Social Care", ["Office of Andreea Ionescu"],
     "Adult social care needs assessment; Carer's assessment"),
    ("parks", "Forestry and Horticulture", ["Office of Andy Fraser"],
     "Overhanging tree on council land report; Playground equipment fault report; "
     "Allotment tenancy application"),
    ("libraries", "Libraries and Culture", ["Office of Andrina Scott"],
     "Library membership; Room hire booking"),
]


def _write(folder: Path, data: dict[str, object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "departments.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")
    return folder


def catalogue_zh() -> dict[str, object]:
    deps: list[dict[str, object]] = [
        {"id": "hotline", "name": "12345 政务服务便民热线", "kind": "service-centre",
         "contacts": [{"role": "热线", "phone": "0851-0000-2345", "hours": "24/7"}]}]
    matters: list[dict[str, object]] = []
    for dep_id, name, kind, names in ZH:
        deps.append({"id": dep_id, "name": name, "kind": kind,
                     "contacts": [{"role": "窗口", "phone": f"0851-0000-{len(deps):04d}"}]})
        for i, mname in enumerate(names.split("、"), 1):
            matters.append({"id": f"{dep_id}-{i}", "name": mname, "handled_by": dep_id,
                            "first_contact": dep_id})
    return {"site": {"title": "某区政务服务事项目录（评测用）", "language": "zh"},
            "departments": deps, "matters": matters}


def catalogue_en() -> dict[str, object]:
    deps: list[dict[str, object]] = [
        {"id": "contact-centre", "name": "Customer Contact Centre", "kind": "service-centre",
         "contacts": [{"role": "Switchboard", "phone": "+44 0000 000000"}]}]
    matters: list[dict[str, object]] = []
    for dep_id, name, aliases, names in EN:
        deps.append({"id": dep_id, "name": name, "aliases": aliases, "kind": "office"})
        for i, mname in enumerate(names.split("; "), 1):
            matters.append({"id": f"{dep_id}-{i}", "name": mname, "handled_by": dep_id,
                            "first_contact": "contact-centre"})
    return {"site": {"title": "A council's services (evaluation)", "language": "en"},
            "departments": deps, "matters": matters}


def write(root: Path) -> dict[str, Path]:
    """The catalogues as registry folders under ``root``; the example registry as is."""
    here = Path(__file__).resolve().parents[2]
    return {"example": here / "directory",
            "catalogue-zh": _write(root / "catalogue-zh", catalogue_zh()),
            "catalogue-en": _write(root / "catalogue-en", catalogue_en())}
