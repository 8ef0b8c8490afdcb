"""Builders for minor assets (street lamps, meters, valves, thousands per circuit or
line) and for disputes. A mixin of :class:`large.gen.Gen`."""

from __future__ import annotations

import datetime as dt

from large.data import scaled
from large.geometry import point_at


class Minor:
    """Minor assets (street lamps, meters, valves) and disputes."""

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
