"""The demo county's own reference data (issue 17): approvals, temporary-use approvals, facility-agriculture
filings, mining rights, homestead approvals, the ecological red line, the urban development boundary and last
year's batch, written from the demo patches' truth into 参考数据.gpkg (EPSG:4526, Chinese field names as a
county's databases have them).

What each patch's truth says decides how the layers meet it: an approved patch lies inside its red line, a
patch whose built footprint exceeds its red line is only partly inside (the honest answer is a split), a
drawing-error patch is inside all but a sliver, an unapproved one is covered by no approval dated by its 后时相
(two carry a 补办 approval dated after it); temporary approvals are valid or expired at the 后时相; filed
facility agriculture has its filing (类型 养殖 for sheds); licensed mines lie inside their 采矿权, beyond-boundary
mining partly outside it, and one mine works on an expired licence; approved (and fraudulently approved)
homesteads have their approval. Many features elsewhere in the county meet no patch.

    build_reference(out_dir, geo, lu, ministry, province, seed) → per-patch record for truth.json
    legality_units(truth) → the legality facts the operator had to answer, unit by unit (demo/run.py counts them)
"""
from __future__ import annotations

import datetime as dt
import os
import re

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon

from ..core.units import M2_PER_MU
from .common import COUNTY_CODE, EPSG_GK38, gk_to_lonlat, rng_for
from .geography import Geography
from .landuse import CULTIVATED, LandUse
from .patches import COUNTY_PROFILE, PART_FACTS, Patch, oriented_rect, patch_shape
from .vectors import DATE, INT, REAL, STR, Field, LayerData, write_gpkg

FILE = "参考数据.gpkg"
# layer name in the GeoPackage → the reference kind it is registered as (rules/reference_kinds.json)
LAYERS = {
    "建设用地审批": "construction_approval", "临时用地批复": "temporary_use", "设施农业用地备案": "facility_filing",
    "采矿权": "mining_right", "农村宅基地审批": "homestead_approval", "生态保护红线": "eco_redline",
    "城镇开发边界": "urban_boundary", "以前年度图斑": "earlier_patches",
}
# Facts about documents and county-wide answers: what the county's own data can answer (the pre-fill measure).
LEGALITY_FACTS = ("YDPF", "PZWH", "PZRQ", "HXGX", "QQDJ", "DJZH", "DJRQ", "LSPF", "LSPZWH", "SSBA", "BHTY",
                  "SZYJ", "ZJPZ", "SDPK", "BBBJ", "CKXK", "SFYJ")
APPROVED_SCENARIOS = {  # (kind, scenario) whose red line covers the whole patch
    ("new_building", "approved"), ("new_building", "approval_unknown"), ("solar", "approved"),
    ("mining", "licensed_approved"),
}
SLIVER = 0.03           # the drawing-error patches: this share of the outline lies outside the red line
LATE_APPROVALS = 2      # unapproved buildings with a 补办 approval dated after their 后时相
GAP = 6.0               # m: a feature meant for no patch keeps this far from every patch


def _d(x: dt.date) -> str:
    return x.isoformat()


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, max((end - start).days, 0) + 1)))


def _no(rng, prefix: str, year: int) -> str:
    return f"{prefix}〔{year}〕{int(rng.integers(3, 260))}号"


def _cover(geoms: list, rng, margin=(3.0, 8.0)):
    """A red line drawn around the patch (and its re-detections): the rotated rectangle of each piece, widened."""
    pieces = [g for geom in geoms for g in shapely.get_parts(geom)]
    d = float(rng.uniform(*margin))
    return shapely.union_all([shapely.minimum_rotated_rectangle(g).buffer(d, join_style="mitre") for g in pieces])


def _axis(g) -> float:
    mrr = shapely.minimum_rotated_rectangle(g)
    c = np.array(mrr.exterior.coords)
    e1, e2 = c[1] - c[0], c[2] - c[1]
    e = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    return float(np.arctan2(e[1], e[0]))


def _cut(cover, g, theta: float, outside: float):
    """``cover`` cut by a line across direction ``theta`` so that ``outside`` of the patch ``g`` lies beyond it."""
    c = g.centroid
    span = 4 * np.sqrt(cover.area) + 1000.0

    def half(t):   # the half-plane behind the line at distance t from the centroid along theta
        box = Polygon([(-span, -span), (t, -span), (t, span), (-span, span)])
        return affinity.translate(affinity.rotate(box, theta, origin=(0, 0), use_radians=True), c.x, c.y)

    lo, hi = -span / 4, span / 4
    for _ in range(60):
        t = (lo + hi) / 2
        out = 1 - shapely.intersection(g, half(t)).area / g.area
        lo, hi = (lo, t) if out < outside else (t, hi)
    return shapely.intersection(cover, half((lo + hi) / 2))


class Builder:
    def __init__(self, geo: Geography, lu: LandUse, ministry: list[Patch], province: list[Patch], seed: int):
        self.geo, self.lu, self.seed = geo, lu, seed
        self.patches = ministry + province
        self.by_key = {p.key: p for p in self.patches}
        # a change and its re-detections (the province duplicates) share their documents
        self.group: dict[str, list[Patch]] = {}
        for p in self.patches:
            self.group.setdefault(p.same_change_as or p.key, []).append(p)
        self.all = np.array([p.geom for p in self.patches], dtype=object)
        self.tree = shapely.STRtree(self.all)
        self.ref: dict[str, dict] = {p.key: {} for p in self.patches}
        self.layers: dict[str, tuple[list, list]] = {name: ([], []) for name in LAYERS}

    def rng(self, *parts):
        return rng_for(self.seed, "reference", *parts)

    def others_hit(self, geom, keys) -> list[str]:
        """Keys of patches outside ``keys`` that ``geom`` touches."""
        return [self.patches[i].key for i in self.tree.query(geom, predicate="intersects")
                if self.patches[i].key not in keys]

    def clear_of_others(self, geom, keys):
        """``geom`` minus every other patch (a little widened): a document meant for one change covers no other."""
        hit = self.others_hit(geom.buffer(GAP), keys)
        if hit:
            geom = shapely.difference(geom, shapely.union_all([self.by_key[k].geom.buffer(GAP) for k in hit]))
        return geom

    def free(self, geom) -> bool:
        return not len(self.tree.query(geom.buffer(GAP), predicate="intersects"))

    def add(self, layer: str, row: dict, geom) -> None:
        geom = shapely.make_valid(shapely.set_precision(geom, 0.001))
        polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 1.0]
        rows, geoms = self.layers[layer]
        rows.append(row)
        geoms.append(shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0])

    # -- documents meant for patches ------------------------------------------------------------------
    def approvals(self) -> None:
        late = 0
        for root, group in sorted(self.group.items()):
            p = group[0]
            keys = {q.key for q in group}
            rng = self.rng("approval", root)
            f = p.facts
            scen = (p.kind, p.scenario)
            geoms = [q.geom for q in group]
            use = {"new_building": "工业用地", "solar": "公用设施用地", "mining": "采矿用地"}.get(p.kind, "建设用地")
            kind = "full"
            if scen in APPROVED_SCENARIOS:
                red = _cover(geoms, rng)
            elif p.scenario == "redline_drawing_error":
                red, kind = _cut(_cover(geoms, rng), p.geom, _axis(p.geom) + np.pi / 2, SLIVER), "sliver"
            elif p.scenario == "redline_exceeded":
                red, kind = _cut(_cover(geoms, rng), p.geom, _axis(p.geom), float(rng.uniform(0.3, 0.42))), "partial"
            elif (p.kind == "new_building" and p.scenario == "no_approval" and late < LATE_APPROVALS
                  and p.batch.startswith("bu_")):
                late += 1
                hsx = max(q.hsx for q in group)
                date = hsx + dt.timedelta(days=int(rng.integers(40, 120)))
                red, kind = _cover(geoms, rng), "after"
                row = {"批准文号": _no(rng, "晋政地字", 2021), "批准日期": date, "批准用途": use,
                       "项目名称": "补办用地手续（卫片图斑整改）", "审批类型": "农用地转用"}
                self.add("建设用地审批", row, self.clear_of_others(red, keys))
                for q in group:
                    self.ref[q.key]["construction_approval"] = kind
                continue
            else:
                continue
            assert f.get("YDPF") is True and f.get("PZWH"), p.key
            row = {"批准文号": f["PZWH"], "批准日期": dt.date.fromisoformat(f["PZRQ"]), "批准用途": use,
                   "项目名称": f"{p.story}（{p.key[-4:]}）", "审批类型": str(rng.choice(["农用地转用", "土地征收", "国有建设用地供应"]))}
            self.add("建设用地审批", row, self.clear_of_others(red, keys))
            for q in group:
                self.ref[q.key]["construction_approval"] = kind

    def temporary(self) -> None:
        for root, group in sorted(self.group.items()):
            p = group[0]
            keys = {q.key for q in group}
            rng = self.rng("temporary", root)
            if p.facts.get("LSPF") is True:
                no = p.facts["LSPZWH"]
                year = int(re.search(r"〔(\d{4})〕", no).group(1))
                start = _day(rng, dt.date(year, 1, 5), dt.date(year, 2, 28) if year == 2021 else dt.date(year, 10, 30))
                end = dt.date(start.year + 2, start.month, min(start.day, 28))
                state = "valid"
            elif p.scenario == "temporary_expired":
                no = _no(rng, "代自然资临用字", 2019)
                start = dt.date(2019, 3, 1)
                end = dt.date(2021, 3, 1)     # before every 后时相 of the demo (the earliest is 2021-03-25)
                assert end < min(q.hsx for q in group)
                state = "expired"
            else:
                continue
            row = {"文号": no, "项目名称": "工程施工临时用地" if p.kind == "temporary_site" else "工程临时取土场",
                   "起始日期": start, "截止日期": end, "用途": "临时用地"}
            self.add("临时用地批复", row, self.clear_of_others(_cover([q.geom for q in group], rng), keys))
            for q in group:
                self.ref[q.key]["temporary_use"] = state

    def filings(self) -> None:
        n = 0
        for root, group in sorted(self.group.items()):
            p = group[0]
            if p.facts.get("SSBA") is not True:
                continue
            n += 1
            rng = self.rng("filing", root)
            keys = {q.key for q in group}
            shed = bool(p.facts.get("YZSS"))
            row = {"备案号": f"代设农备〔2020〕{n:03d}号", "备案日期": _day(rng, dt.date(2020, 3, 1), dt.date(2021, 1, 20)),
                   "类型": "畜禽养殖" if shed else "种植（塑料大棚）", "经营主体": f"{p.village[-3:]}号专业合作社",
                   "面积亩": round(p.geom.area / M2_PER_MU, 2)}
            self.add("设施农业用地备案", row, self.clear_of_others(_cover([q.geom for q in group], rng), keys))
            for q in group:
                self.ref[q.key]["facility_filing"] = True

    def mining(self) -> list:
        """Licences per mine: the mine plus its licensed patches; beyond-boundary patches stay partly outside; the
        expired-licence patch gets a licence that ended in 2020. Returns the mines left for licences elsewhere."""
        dl = self.lu.dlbm
        mines = list(shapely.get_parts(shapely.union_all(self.lu.geom[dl == "0602"])))
        used = set()
        by_mine: dict[int, list[list[Patch]]] = {}
        for _root, group in sorted(self.group.items()):
            p = group[0]
            if p.kind != "mining" or p.scenario not in ("licensed_approved", "beyond_boundary"):
                continue
            i = int(np.argmax([shapely.intersection(m, p.geom).area for m in mines]))
            by_mine.setdefault(i, []).append(group)
        for i, groups in sorted(by_mine.items()):
            used.add(i)
            rng = self.rng("mine", i)
            keys = {q.key for g in groups for q in g}
            licensed = [q.geom for g in groups for q in g if q.scenario == "licensed_approved"]
            area = shapely.union_all([mines[i], *([_cover(licensed, rng, (10.0, 20.0))] if licensed else [])])
            beyond = [g for g in groups if g[0].scenario == "beyond_boundary"]
            if beyond:   # the licence ends at the mine: the beyond-boundary workings lie partly outside it
                area = shapely.difference(area, shapely.union_all(
                    [shapely.difference(q.geom, mines[i]) for g in beyond for q in g]).buffer(0.5))
            licence = next((g[0].facts["RGSM"].removeprefix("采矿许可证号") for g in groups), None)
            self.add("采矿权", {"证号": licence, "矿山名称": f"代县{i + 1:02d}号铁矿", "矿种": "铁矿",
                              "权利类型": "采矿权", "有效期起": dt.date(2016, 7, 1), "有效期止": dt.date(2026, 6, 30)},
                     self.clear_of_others(area, keys))
            for g in groups:
                for q in g:
                    inside = shapely.intersection(q.geom, area).area / q.geom.area
                    self.ref[q.key]["mining_right"] = "inside" if q.scenario == "licensed_approved" else "partly"
                    self.ref[q.key]["mining_share_inside"] = round(float(inside), 3)
        for root, group in sorted(self.group.items()):
            p = group[0]
            if p.scenario != "licence_expired":
                continue
            rng = self.rng("expired", root)
            keys = {q.key for q in group}
            area = _cover([q.geom for q in group], rng, (25.0, 40.0))
            self.add("采矿权", {"证号": f"C1409002012077120{int(rng.integers(100000, 999999))}", "矿山名称": "代县某石料厂",
                              "矿种": "建筑用石料", "权利类型": "采矿权", "有效期起": dt.date(2015, 7, 1),
                              "有效期止": dt.date(2020, 6, 30)}, self.clear_of_others(area, keys))
            for q in group:
                self.ref[q.key]["mining_right"] = "expired"
        return [m for i, m in enumerate(mines) if i not in used]

    def homesteads(self) -> None:
        for root, group in sorted(self.group.items()):
            p = group[0]
            if p.facts.get("ZJPZ") not in ("approved", "fraud"):
                continue
            rng = self.rng("homestead", root)
            keys = {q.key for q in group}
            row = {"批准文号": _no(rng, "代县宅批字", 2020), "批准日期": _day(rng, dt.date(2020, 3, 1), dt.date(2020, 12, 20)),
                   "申请人": str(rng.choice(["张", "王", "李", "赵", "刘", "杨"])) + str(rng.choice(["建国", "海平", "秀英", "二虎", "志强"])),
                   "批准面积": round(p.geom.area, 1)}
            self.add("农村宅基地审批", row, self.clear_of_others(_cover([q.geom for q in group], rng, (1.0, 3.0)), keys))
            for q in group:
                self.ref[q.key]["homestead_approval"] = True

    def earlier(self) -> None:
        """Last year's batch: some patches at this year's spots (repeat changes), the rest elsewhere."""
        rng = self.rng("earlier")
        pick = [p for p in sorted(self.patches, key=lambda p: p.key) if p.same_change_as is None and p.kind in (
            "new_building", "filling", "renovation", "materials", "mining", "homestead", "greenhouse")]
        chosen = [pick[int(i)] for i in sorted(rng.choice(len(pick), 24, replace=False))]
        results = {"new_building": "新增建设用地违法", "filling": "新增建设用地违法", "renovation": "实地伪变化",
                   "materials": "实地伪变化", "mining": "新增建设用地违法", "homestead": "农村宅基地违法",
                   "greenhouse": "设施农业用地"}
        serial = 0
        for p in chosen:
            serial += 1
            g = affinity.scale(shapely.convex_hull(p.geom), rng.uniform(0.85, 1.05), rng.uniform(0.85, 1.05))
            g = affinity.translate(g, rng.uniform(-3, 3), rng.uniform(-3, 3))
            key = f"{COUNTY_CODE}202009{serial:04d}"
            batch = "2020年第3批"
            self.add("以前年度图斑", {"监测编号": key, "年度": 2020, "批次": batch, "判定结果": results[p.kind],
                                   "图斑面积": round(g.area / M2_PER_MU, 2)},
                     self.clear_of_others(g, {q.key for q in self.group[p.key]}))
            for q in self.group[p.key]:
                self.ref[q.key]["earlier"] = key
        host = np.where(np.isin(self.lu.dlbm, CULTIVATED) & (shapely.area(self.lu.geom) > 6000))[0]
        rest = ["新增建设用地违法"] * 5 + ["实地伪变化"] * 4 + ["合法用地"] * 2 + ["设施农业用地", "临时用地"]
        made = 0
        for _ in range(2000):
            if made >= 90:
                break
            g = self._somewhere(rng, host, (0.8, 12.0))
            if g is None:
                continue
            serial += 1
            made += 1
            self.add("以前年度图斑", {"监测编号": f"{COUNTY_CODE}2020{'09' if made % 2 else '05'}{serial:04d}", "年度": 2020,
                                   "批次": "2020年第3批" if made % 2 else "2020年第1批",
                                   "判定结果": str(rng.choice(rest)), "图斑面积": round(g.area / M2_PER_MU, 2)}, g)

    # -- features elsewhere ---------------------------------------------------------------------------
    def _somewhere(self, rng, host, mu_range, blob=False):
        idx = int(rng.choice(host))
        parcel = self.lu.geom[idx]
        inner = parcel.buffer(-8.0)
        if inner.is_empty:
            return None
        minx, miny, maxx, maxy = inner.bounds
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not inner.contains(Point(x, y)):
            return None
        area = float(np.exp(rng.uniform(np.log(mu_range[0]), np.log(mu_range[1])))) * M2_PER_MU
        g = patch_shape(rng, x, y, area, float(rng.uniform(1.0, 2.5)), float(rng.uniform(0, np.pi)), blob=blob)
        inner_county = self.geo.county.buffer(-60.0)
        if not g.is_valid or not inner_county.contains(g) or not self.free(g):
            return None
        return g

    def elsewhere(self, spare_mines: list) -> None:
        rng = self.rng("elsewhere")
        dl = self.lu.dlbm
        areas = shapely.area(self.lu.geom)
        build_host = np.where(np.isin(dl, (*CULTIVATED, "0601", "0701", "0404")) & (areas > 8000))[0]
        made = 0
        for _ in range(4000):
            if made >= 140:
                break
            g = self._somewhere(rng, build_host, (2.0, 60.0))
            if g is None:
                continue
            made += 1
            year = int(rng.integers(2012, 2021))
            g = shapely.minimum_rotated_rectangle(g)
            self.add("建设用地审批", {"批准文号": _no(rng, str(rng.choice(["晋政地字", "代政地字", "忻政地字"])), year),
                                   "批准日期": _day(rng, dt.date(year, 1, 1), dt.date(year, 12, 28)),
                                   "批准用途": str(rng.choice(["工业用地", "住宅用地", "商服用地", "公用设施用地", "交通运输用地"])),
                                   "项目名称": f"代县{year}年度第{int(rng.integers(1, 12))}批次城镇建设用地",
                                   "审批类型": str(rng.choice(["农用地转用", "土地征收", "国有建设用地供应"]))}, g)
        made = 0
        for _ in range(2000):
            if made >= 24:
                break
            g = self._somewhere(rng, build_host, (2.0, 15.0))
            if g is None:
                continue
            made += 1
            start = _day(rng, dt.date(2017, 1, 1), dt.date(2021, 4, 1))
            self.add("临时用地批复", {"文号": _no(rng, "代自然资临用字", start.year), "项目名称": "工程施工临时用地",
                                   "起始日期": start, "截止日期": dt.date(start.year + 2, start.month, min(start.day, 28)),
                                   "用途": "临时用地"}, shapely.minimum_rotated_rectangle(g))
        valley = np.where(np.isin(dl, CULTIVATED) & (self.lu.zone == 0) & (areas > 6000))[0]
        made = 0
        for _ in range(2000):
            if made >= 36:
                break
            g = self._somewhere(rng, valley, (2.0, 18.0))
            if g is None:
                continue
            made += 1
            shed = rng.random() < 0.3
            self.add("设施农业用地备案", {"备案号": f"代设农备〔{2019 + made % 3}〕{100 + made:03d}号",
                                      "备案日期": _day(rng, dt.date(2019, 1, 1), dt.date(2021, 5, 1)),
                                      "类型": "畜禽养殖" if shed else "种植（塑料大棚）",
                                      "经营主体": f"第{made}家庭农场", "面积亩": round(g.area / M2_PER_MU, 2)},
                     shapely.minimum_rotated_rectangle(g))
        for n, m in enumerate(spare_mines[:10]):
            g = m.buffer(10.0) if self.free(m.buffer(10.0)) else m
            if not self.free(g):
                continue
            valid = n % 4 != 3
            end = dt.date(2027, 12, 31) if valid else dt.date(2019, 12, 31)
            self.add("采矿权", {"证号": f"C14090020110371{n:02d}{int(rng.integers(100000, 999999))}",
                              "矿山名称": f"代县{n + 30}号矿", "矿种": str(rng.choice(["铁矿", "建筑用石料", "金矿"])),
                              "权利类型": "采矿权" if n != 5 else "探矿权", "有效期起": dt.date(2012, 1, 1),
                              "有效期止": end}, g)
        settle = [s for _, s in self.lu.settlements]
        made = 0
        for _ in range(2000):
            if made >= 40:
                break
            s = settle[int(rng.integers(len(settle)))]
            p = s.exterior.interpolate(rng.uniform(0, s.exterior.length))
            g = oriented_rect(p.x, p.y, rng.uniform(14, 22), rng.uniform(11, 16), rng.uniform(0, np.pi))
            if not self.free(g) or not self.geo.county.buffer(-60.0).contains(g):
                continue
            made += 1
            self.add("农村宅基地审批", {"批准文号": _no(rng, "代县宅批字", int(rng.integers(2016, 2021))),
                                     "批准日期": _day(rng, dt.date(2016, 1, 1), dt.date(2020, 12, 20)),
                                     "申请人": f"村民{made:02d}", "批准面积": round(g.area, 1)}, g)

    def zones(self) -> None:
        """Protected zones: the ecological red line over the high mountains, the urban development boundary around
        the county town. Notes only (the share and 亩 inside); patches may lie in them."""
        lu = self.lu
        high = shapely.union_all(lu.geom[(lu.zone == 2) & np.isin(lu.dlbm, ("0301", "0305", "0401"))])
        parts = sorted(shapely.get_parts(high), key=lambda g: -g.area)[:6]
        for n, g in enumerate(parts):
            g = g.buffer(-40.0).simplify(20.0)
            if g.is_empty or g.area < 1e5:
                continue
            self.add("生态保护红线", {"名称": f"代县生态保护红线{n + 1:02d}", "类型": "水源涵养" if n % 2 else "生物多样性维护",
                                   "面积公顷": round(g.area / 1e4, 2)}, g)
        sx, sy = self.geo.seat
        town = shapely.union_all(lu.geom[np.isin(lu.dlbm, ("0701", "1004", "0601"))
                                         & shapely.dwithin(lu.geom, Point(sx, sy), 4500.0)])
        g = shapely.intersection(shapely.convex_hull(town).buffer(200.0), self.geo.county.buffer(-10.0))
        self.add("城镇开发边界", {"名称": "代县县城城镇开发边界", "类型": "城镇集中建设区", "面积公顷": round(g.area / 1e4, 2)}, g)

    # -- the split of the patches beyond their red line -------------------------------------------------
    def parts(self) -> None:
        rows, geoms = self.layers["建设用地审批"]
        for p in self.patches:
            if p.scenario != "redline_exceeded":
                continue
            red = next(g for r, g in zip(rows, geoms) if r["批准文号"] == p.facts["PZWH"])
            out = []
            for side, piece in (("inside", shapely.intersection(p.geom, red)), ("outside", shapely.difference(p.geom, red))):
                facts, intended = PART_FACTS[side]
                inner = piece.buffer(-1.0)
                pt = (inner if not inner.is_empty else piece).representative_point()
                lon, lat = shapely.get_coordinates(gk_to_lonlat(pt))[0]
                out.append({"side": side, "facts": dict(facts), "intended": dict(intended),
                            "point": [round(float(lon), 8), round(float(lat), 8)], "share": round(piece.area / p.geom.area, 3)})
            self.ref[p.key]["parts"] = out

    def build(self) -> None:
        self.approvals()
        self.temporary()
        self.filings()
        spare = self.mining()
        self.homesteads()
        self.earlier()
        self.elsewhere(spare)
        self.zones()
        self.parts()


FIELDS = {
    "建设用地审批": [Field("批准文号", STR, 60), Field("批准日期", DATE), Field("批准用途", STR, 30), Field("项目名称", STR, 100),
                 Field("审批类型", STR, 20)],
    "临时用地批复": [Field("文号", STR, 60), Field("项目名称", STR, 60), Field("起始日期", DATE), Field("截止日期", DATE),
                 Field("用途", STR, 20)],
    "设施农业用地备案": [Field("备案号", STR, 40), Field("备案日期", DATE), Field("类型", STR, 30), Field("经营主体", STR, 60),
                   Field("面积亩", REAL, 12, 2)],
    "采矿权": [Field("证号", STR, 40), Field("矿山名称", STR, 60), Field("矿种", STR, 20), Field("权利类型", STR, 10),
            Field("有效期起", DATE), Field("有效期止", DATE)],
    "农村宅基地审批": [Field("批准文号", STR, 60), Field("批准日期", DATE), Field("申请人", STR, 20), Field("批准面积", REAL, 10, 1)],
    "生态保护红线": [Field("名称", STR, 60), Field("类型", STR, 30), Field("面积公顷", REAL, 14, 2)],
    "城镇开发边界": [Field("名称", STR, 60), Field("类型", STR, 30), Field("面积公顷", REAL, 14, 2)],
    "以前年度图斑": [Field("监测编号", STR, 20), Field("年度", INT), Field("批次", STR, 30), Field("判定结果", STR, 30), Field("图斑面积", REAL, 12, 2)],
}


def build_reference(out_dir: str, geo: Geography, lu: LandUse, ministry: list[Patch], province: list[Patch],
                    seed: int) -> tuple[dict[str, dict], dict[str, int]]:
    """Write 参考数据.gpkg; returns (per patch key: how the layers meet it, features per layer)."""
    b = Builder(geo, lu, ministry, province, seed)
    b.build()
    write_gpkg(os.path.join(out_dir, FILE),
               [LayerData(name, EPSG_GK38, FIELDS[name], *b.layers[name]) for name in LAYERS],
               stamp="2021-05-01T00:00:00.000Z")
    return b.ref, {name: len(b.layers[name][0]) for name in LAYERS}


def county_profile_truth() -> dict:
    return {code: {"value": v, "basis": basis} for code, (v, basis) in COUNTY_PROFILE.items()}


# -- the measure ---------------------------------------------------------------------------------------
def legality_units(truth: dict) -> list[dict]:
    """Per unit the legality facts the operator answers: {"key", "side" (None, or 'inside'/'outside' for a part of a
    split patch), "facts": {code: value}}. A unit's own legality facts from the truth, plus each county-wide fact
    the rules ask of it (the determination without the county's answer names it missing) — before the county
    profile, that answer was typed patch by patch."""
    from ..rules import determine

    county = {c: e["value"] for c, e in truth.get("county_profile", {}).items()}
    out = []
    for key, t in sorted(truth["patches"].items()):
        facts = t["facts"]
        units = [(None, {}, facts)]
        if t.get("parts"):
            units += [(part["side"], part["facts"], {**facts, **part["facts"]}) for part in t["parts"]]
        for side, own, record in units:
            mine = own if side else facts
            need = {c: mine[c] for c in LEGALITY_FACTS if c in mine and mine[c] is not None}
            o = determine(record)
            for c in county:
                if c not in record and c in o.missing and c not in need:
                    need[c] = county[c]
            out.append({"key": key, "side": side, "facts": need})
    return out


def prefill_share(units: list[dict], prefilled: set) -> tuple[int, int]:
    """(N legality facts, M of them pre-filled) — ``prefilled`` holds (key, side, code) answered correctly
    without the operator typing them."""
    n = sum(len(u["facts"]) for u in units)
    m = sum(1 for u in units for c in u["facts"] if (u["key"], u["side"], c) in prefilled)
    return n, m

