"""Builders for the people side: departments with their contacts, districts and parks
(:class:`Departments`), escalation paths and matters (:class:`Services`). Mixins of
:class:`large.gen.Gen`, which holds ``rng`` and the shared state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from large.data import (
    CENTRE,
    CITY,
    CITY_DEPARTMENTS,
    CITY_FULL,
    CONTACT_ROLES_BY_KIND,
    DISTRICT_ROLES,
    HOURS,
    MATTERS,
    PARK_TYPES,
    RESERVED,
    RESPONSIBILITIES,
    SUMMARIES,
    SURNAMES,
    SYLLABLES,
    check_id,
    scaled,
)


class Departments:
    """Departments, their contacts and districts."""

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


class Services:
    """Escalation paths and matters."""

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
