"""Builders for the networks: roads, road sections and street-light circuits, water lines
(:class:`Networks`); power lines, metering points and facilities (:class:`Plant`). Mixins
of :class:`large.gen.Gen`."""

from __future__ import annotations

from large.data import CENTRE, CITY, CITY_FULL, FACILITY_KINDS, ROAD_SUFFIXES, SPLITS, scaled
from large.geometry import chainage, cumlen, point_at, polyline, sub_line


class Networks:
    """Roads, their sections and street-light circuits, and water lines."""

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


class Plant:
    """Power lines, metering points and facilities."""

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
