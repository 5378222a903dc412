"""Change patches (卫片图斑) of the demo: where they are, what changed, and the facts behind them.

Each patch gets a kind (what was drawn on the "after" image), a scenario (the facts a field check
would find, e.g. no approval, built before 1999, filed as facility agriculture) and is placed where
its change makes sense: new buildings and homesteads on cultivated land beside villages, greenhouses
on valley fields, mining at the edge of mines or on bare hillsides, renovation and demolition inside
settlements (all construction land, the 存量 cases), pseudo-changes on fields. Geometry is in
EPSG:4526 metres; ``drawn`` is what the batch file carries (two or three deliberately
self-intersecting rings, a few multipolygons), ``geom`` the valid outline.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon

from ..core.units import M2_PER_MU
from .common import COUNTY_CODE, MINISTRY_ISSUED, PROVINCE_ISSUED, rng_for
from .geography import Geography
from .landuse import CONSTRUCTION, CULTIVATED, UNUSED, LandUse
from .patch_shapes import _extent, _orientation, bow_tie, corner_loop, paint_ops, patch_shape
from .patch_shapes import oriented_rect as oriented_rect  # re-exported: demo/reference.py imports it from here
from .scenarios import COUNTY_PROFILE as COUNTY_PROFILE  # re-exported (demo/reference.py imports it from here)
from .scenarios import ENSURED, redline_exceeded, scenario_for
from .scenarios import PART_FACTS as PART_FACTS  # re-exported (demo/reference.py)

# kind → (count in the Ministry batch, area range in 亩, aspect range)
MINISTRY_MIX = {
    "new_building": (50, (1.0, 15.0), (1.0, 2.2)),
    "homestead": (22, (0.5, 1.6), (1.0, 1.5)),
    "greenhouse": (18, (3.0, 20.0), (1.8, 3.5)),
    "livestock_shed": (10, (2.0, 10.0), (1.4, 2.6)),
    "filling": (18, (2.0, 25.0), (1.0, 1.8)),
    "temporary_site": (8, (3.0, 12.0), (1.2, 2.0)),
    "mining": (14, (5.0, 30.0), (1.0, 1.8)),
    "solar": (6, (10.0, 30.0), (1.2, 2.0)),
    "road_slope": (6, (1.0, 5.0), (4.0, 7.0)),
    "renovation": (16, (0.8, 6.0), (1.0, 2.0)),
    "demolition": (10, (1.0, 6.0), (1.0, 2.0)),
    "materials": (10, (1.0, 5.0), (1.0, 2.0)),
    "crop_change": (12, (2.0, 15.0), (1.2, 2.5)),
}
PROVINCE_MIX = {
    "new_building": 10, "homestead": 5, "greenhouse": 4, "filling": 5, "mining": 4, "temporary_site": 2,
    "renovation": 2, "livestock_shed": 2, "crop_change": 2,
}
PROVINCE_DUPLICATES = 4   # province patches that re-detect a Ministry patch's change

TBLX = {   # Ministry 图斑类型 as the change detection labels it
    "new_building": "新增建设用地", "homestead": "疑似违法占地", "greenhouse": "设施农业",
    "livestock_shed": "设施农业", "filling": "推填土", "temporary_site": "疑似违法占地", "mining": "采矿",
    "solar": "光伏", "road_slope": "其他", "renovation": "新增建设用地", "demolition": "其他",
    "materials": "疑似违法占地", "crop_change": "其他",
}
BHLX = {   # the province system's 变化类型 vocabulary
    "new_building": "建设用地", "homestead": "建设用地", "greenhouse": "大棚", "livestock_shed": "大棚",
    "filling": "推填土", "temporary_site": "建设用地", "mining": "采矿", "solar": "光伏",
    "road_slope": "其他", "renovation": "建设用地", "demolition": "其他", "materials": "其他",
    "crop_change": "其他",
}
CHANGE_TEXT = {
    "new_building": "新建厂房/房屋", "homestead": "新建农村住宅", "greenhouse": "新建塑料大棚",
    "livestock_shed": "新建养殖圈舍", "filling": "推土填土、场地平整", "temporary_site": "施工临时设施（彩钢板房）",
    "mining": "露天采挖", "solar": "光伏板铺设", "road_slope": "道路边坡防护",
    "renovation": "原址翻建房屋", "demolition": "房屋拆除", "materials": "堆放物料",
    "crop_change": "覆膜/作物变化",
}


@dataclass
class Patch:
    key: str                 # JCBH (Ministry) or TBBH (province)
    batch: str               # "bu_2021_05" or "sheng_2021_06"
    kind: str
    scenario: str
    geom: object             # valid Polygon/MultiPolygon, EPSG:4526
    drawn: object            # as written to the batch (may be self-intersecting)
    ops_after: list          # (op, polygon) painted on the after image, in order
    ops_before: list
    qsx: dt.date
    hsx: dt.date
    issued: dt.date
    facts: dict
    intended: dict           # the determination the facts lead to under the 2021 rules
    story: str = ""          # one Chinese line: what happened on the ground
    defect: Optional[str] = None
    same_change_as: Optional[str] = None
    village: str = ""        # 12-digit code of the village holding the centroid
    photos: list = field(default_factory=list)


# -- placement ------------------------------------------------------------------------------------
class Placer:
    def __init__(self, geo: Geography, lu: LandUse):
        self.geo, self.lu = geo, lu
        self.tree = shapely.STRtree(lu.geom)
        self.areas = shapely.area(lu.geom)
        self.placed: list = []
        self.inner_county = geo.county.buffer(-60.0)
        shapely.prepare(self.inner_county)
        settle = shapely.union_all([s for _, s in lu.settlements])
        self.settle = settle
        dl = lu.dlbm
        cult = np.isin(dl, CULTIVATED)
        near_v = shapely.dwithin(lu.geom, settle, 350.0)
        touch_v = shapely.dwithin(lu.geom, settle, 5.0)
        main_roads = shapely.union_all([ln for _, ln in lu.roads])
        near_road = shapely.dwithin(lu.geom, main_roads, 250.0)
        big = self.areas > 4000
        self.hosts = {
            "cult_near_village": np.where(cult & near_v & big)[0],
            "cult_touch_village": np.where(cult & touch_v & big)[0],
            "cult_valley": np.where(cult & (lu.zone == 0) & big)[0],
            "near_road": np.where(np.isin(dl, CULTIVATED + ("0404", "1206", "0401")) & near_road & big)[0],
            "grass_hills": np.where(np.isin(dl, ("0404", "0401", "1206")) & (lu.zone >= 1) & big)[0],
            "hills_bare": np.where(np.isin(dl, ("0404", "0305", "1206")) & (lu.zone >= 1) & big)[0],
            "settlement": np.where(np.isin(dl, ("0702", "0701")) & (self.areas > 6000))[0],
            "industrial": np.where(np.isin(dl, ("0601", "0701")) & (self.areas > 6000))[0],
            "mine": np.where((dl == "0602") & (self.areas > 20000))[0],
        }
        self.jbnt = shapely.union_all(lu.jbnt_geom) if lu.jbnt_geom else Polygon()
        shapely.prepare(self.jbnt)
        jb = np.array(lu.jbnt_geom, dtype=object)
        self.jbnt_parcels = np.unique(self.tree.query(jb, predicate="within")[1]) if len(jb) else np.array([], int)

    def shares(self, poly) -> dict[str, float]:
        idx = self.tree.query(poly, predicate="intersects")
        inter = shapely.area(shapely.intersection(self.lu.geom[idx], poly))
        out: dict[str, float] = {}
        for code, a in zip(self.lu.dlbm[idx], inter):
            out[code] = out.get(code, 0.0) + float(a)
        total = sum(out.values()) or 1.0
        return {k: v / total for k, v in out.items()}

    def free(self, poly, gap=25.0) -> bool:
        if not self.inner_county.contains(poly):
            return False
        if not self.placed:
            return True
        return not shapely.dwithin(np.array(self.placed, dtype=object), poly, gap).any()

    def point_in(self, rng, idx) -> tuple[float, float]:
        g = self.lu.geom[idx]
        inner = g.buffer(-8.0)
        if inner.is_empty:
            inner = g
        minx, miny, maxx, maxy = inner.bounds
        for _ in range(100):
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if inner.contains(Point(x, y)):
                return x, y
        p = inner.representative_point()
        return p.x, p.y

    def ok_for(self, kind, scenario, poly) -> bool:
        sh = self.shares(poly)
        cult = sum(sh.get(c, 0.0) for c in CULTIVATED)
        cons = sum(v for k, v in sh.items() if k in CONSTRUCTION)
        if kind in ("renovation", "demolition", "materials"):
            return cons > 0.9999           # 存量: every current class is construction land (A4.1)
        if cons >= 0.999:
            return False                   # everything else occupies some non-construction land
        if scenario == "livestock_on_basic_farmland" and shapely.intersection(self.jbnt, poly).area < 0.3 * poly.area:
            return False
        if kind in ("new_building", "homestead", "livestock_shed"):
            return cult >= 0.6 and cons < 0.3
        if kind in ("greenhouse", "crop_change"):
            return cult >= 0.85
        if kind == "filling":
            return cons < 0.05
        if kind == "temporary_site":
            return cons < 0.2
        if kind == "solar":
            return sum(sh.get(c, 0.0) for c in ("0404", "0401", "1206")) >= 0.6
        if kind == "mining":
            mine = sh.get("0602", 0.0)
            if scenario == "licensed_approved":   # an approved extension of an existing mine
                return 0.6 < mine < 0.97
            if scenario == "beyond_boundary":
                return 0.2 < mine < 0.8
            return mine < 0.05 and sum(sh.get(c, 0.0) for c in UNUSED | {"0305", "0401", "0301"}) > 0.6
        return True

    def place(self, kind: str, scenario: str, area_m2: float, aspect: float, rng) -> Optional[object]:
        host = {
            "new_building": "cult_near_village", "homestead": "cult_touch_village",
            "greenhouse": "cult_valley", "livestock_shed": "cult_near_village", "filling": "near_road",
            "temporary_site": "near_road", "solar": "grass_hills", "renovation": "settlement",
            "demolition": "settlement", "materials": "industrial", "crop_change": "cult_valley",
        }.get(kind)
        for attempt in range(400):
            theta = rng.uniform(0, np.pi)
            if kind == "road_slope":
                poly = self._beside_road(rng, area_m2, aspect)
            elif kind == "mining":
                poly = self._mining(rng, scenario, area_m2, aspect, theta)
            else:
                cands = self.hosts[host]
                if scenario == "livestock_on_basic_farmland":
                    cands = cands[np.isin(cands, self.jbnt_parcels)]
                idx = int(rng.choice(cands))
                x, y = self.point_in(rng, idx)
                if kind == "homestead":   # pull towards the settlement edge
                    x, y = self._towards_settlement(x, y)
                poly = patch_shape(rng, x, y, area_m2 * (0.9 if attempt > 200 else 1.0), aspect, theta,
                                   blob=kind in ("filling",))
            if poly is None or not poly.is_valid or not self.free(poly):
                continue
            if not self.ok_for(kind, scenario, poly):
                continue
            self.placed.append(poly)
            return poly
        return None

    def _towards_settlement(self, x, y) -> tuple[float, float]:
        p = Point(x, y)
        q = shapely.shortest_line(p, self.settle)
        (x0, y0), (x1, y1) = q.coords
        d = np.hypot(x1 - x0, y1 - y0)
        if d < 1e-6 or d > 400:
            return x, y
        k = max(0.0, (d - 25.0) / d)
        return x0 + (x1 - x0) * k, y0 + (y1 - y0) * k

    def _beside_road(self, rng, area_m2, aspect) -> Optional[Polygon]:
        lines = [ln for _, ln in self.lu.roads[2:]]   # the mountain roads
        ln = lines[int(rng.integers(len(lines)))]
        s = rng.uniform(0.2, 0.9) * ln.length
        p, q = ln.interpolate(s), ln.interpolate(s + 5.0)
        if self.geo.zone(p.x, p.y) < 1:
            return None
        theta = float(np.arctan2(q.y - p.y, q.x - p.x))
        length = np.sqrt(area_m2 * aspect)
        width = area_m2 / length
        side = rng.choice([-1.0, 1.0])
        off = 8.0 + width / 2 + 1.0
        cx = p.x - np.sin(theta) * off * side
        cy = p.y + np.cos(theta) * off * side
        return patch_shape(rng, cx, cy, area_m2, aspect, theta)

    def _mining(self, rng, scenario, area_m2, aspect, theta) -> Optional[Polygon]:
        if scenario in ("licensed_approved", "beyond_boundary"):
            g = self.lu.geom[int(rng.choice(self.hosts["mine"]))]
            p = g.exterior.interpolate(rng.uniform(0, g.exterior.length))
            x, y = p.x, p.y
            if scenario == "licensed_approved":   # mostly inside the mine: move inwards
                c = g.centroid
                d = np.hypot(c.x - x, c.y - y) or 1.0
                step = min(0.5 * np.sqrt(area_m2 / np.pi), 0.5 * d)
                x, y = x + (c.x - x) / d * step, y + (c.y - y) / d * step
        else:
            idx = int(rng.choice(self.hosts["hills_bare"]))
            x, y = self.point_in(rng, idx)
        return patch_shape(rng, x, y, area_m2, aspect, theta, blob=True)


# -- the batches ----------------------------------------------------------------------------------
def ensure_scenarios(patches: list[Patch]) -> None:
    """At least one patch of each ENSURED scenario: the first plain case of its kind (by key) becomes one. The
    pairs are placed alike, so the converted patch still sits where its change makes sense."""
    for kind, plain, make in ENSURED:
        target = make.__name__
        if any(p.kind == kind and p.scenario == target for p in patches):
            continue
        p = next((p for p in sorted(patches, key=lambda p: p.key) if p.kind == kind and p.scenario == plain), None)
        if p is None:
            continue
        if make is redline_exceeded:
            base = {k: p.facts[k] for k in ("BHLX", "SJYT", "MYYT")}
            p.scenario, p.facts, p.intended, p.story = make(base, {k: p.facts[k] for k in ("YDPF", "PZWH", "PZRQ")})
        else:
            p.scenario, p.facts, p.intended, p.story = make()


def _dates(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def make_patches(geo: Geography, lu: LandUse, seed: int) -> tuple[list[Patch], list[Patch]]:
    placer = Placer(geo, lu)
    vil_tree = shapely.STRtree(np.array([v.geom for v in geo.villages], dtype=object))
    vil_codes = [v.code for v in geo.villages]

    def village_of(poly) -> str:
        hit = vil_tree.query(poly.representative_point(), predicate="within")
        return vil_codes[int(hit[0])] if len(hit) else ""

    def one(kind, rng, area_range, aspect_range, batch, key, issued, qsx_range, hsx_range) -> Patch:
        area_mu = float(np.exp(rng.uniform(np.log(area_range[0]), np.log(area_range[1]))))
        aspect = float(rng.uniform(*aspect_range))
        prelim_bf = bool(rng.random() < 0.7)
        scenario, facts, intended, story = scenario_for(kind, rng, prelim_bf)
        poly = placer.place(kind, scenario, area_mu * M2_PER_MU, aspect, rng)
        if poly is None:   # the scenario could not be placed: fall back to a plainer one
            scenario, facts, intended, story = scenario_for(kind, rng_for(seed, key, "fallback"), False)
            poly = placer.place(kind, scenario, area_mu * M2_PER_MU, aspect, rng)
        if poly is None:
            raise RuntimeError(f"could not place a {kind} patch ({key})")
        if facts.get("YZSS") and "BHTY" not in facts and shapely.intersection(placer.jbnt, poly).area > 1.0:
            facts["BHTY"] = True   # a compliant livestock facility touching basic farmland: consent given
        before, after = paint_ops(kind, poly, rng)
        return Patch(key=key, batch=batch, kind=kind, scenario=scenario, geom=poly, drawn=poly,
                     ops_after=after, ops_before=before, qsx=_dates(rng, *qsx_range),
                     hsx=_dates(rng, *hsx_range), issued=issued, facts=facts, intended=intended,
                     story=story, village=village_of(poly))

    rng = rng_for(seed, "ministry")
    kinds = [k for k, (n, _, _) in MINISTRY_MIX.items() for _ in range(n)]
    order = rng.permutation(len(kinds))
    ministry: list[Patch] = []
    for serial, i in enumerate(order, start=1):
        kind = kinds[i]
        _, area_range, aspect_range = MINISTRY_MIX[kind]
        key = f"{COUNTY_CODE}{MINISTRY_ISSUED:%Y%m}{serial:04d}"
        ministry.append(one(kind, rng_for(seed, key), area_range, aspect_range, "bu_2021_05", key,
                            MINISTRY_ISSUED, (dt.date(2021, 1, 15), dt.date(2021, 3, 10)),
                            (dt.date(2021, 3, 25), dt.date(2021, 4, 28))))

    ensure_scenarios(ministry)

    # multipolygons: a second block beside a few buildings and greenhouses
    multi_rng = rng_for(seed, "multi")
    made = 0
    for p in ministry:
        if made >= 4 or p.kind not in ("new_building", "greenhouse"):
            continue
        theta = _orientation(p.geom)
        length, width = _extent(p.geom, theta)
        dx, dy = np.cos(theta + np.pi / 2) * (width + 12.0), np.sin(theta + np.pi / 2) * (width + 12.0)
        part = affinity.scale(affinity.translate(p.geom, dx, dy), 0.6, 0.6)
        if not placer.inner_county.contains(part) or not placer.ok_for(p.kind, p.scenario, part):
            continue
        others = [g for g in placer.placed if g is not p.geom]
        if shapely.dwithin(np.array(others, dtype=object), part, 20.0).any():
            continue
        p.geom = MultiPolygon([p.geom, part])
        p.drawn = p.geom
        b2, a2 = paint_ops(p.kind, part, multi_rng)
        p.ops_before += b2
        p.ops_after += a2
        placer.placed.append(part)
        made += 1

    # self-intersecting rings: two corner loops and one full bow-tie
    defect_rng = rng_for(seed, "defects")
    simple = [p for p in ministry if isinstance(p.geom, Polygon) and p.kind in ("filling", "new_building",
                                                                               "greenhouse")]
    picks = defect_rng.choice(len(simple), 3, replace=False)
    for n, i in enumerate(sorted(picks)):
        p = simple[int(i)]
        if n < 2:
            p.drawn, p.defect = corner_loop(p.geom), "self_intersection_corner_loop"
        else:
            p.drawn, p.defect = bow_tie(p.geom), "bow_tie"
            p.geom = shapely.make_valid(p.drawn)
            p.ops_before, p.ops_after = paint_ops(p.kind, shapely.union_all(shapely.get_parts(p.geom)),
                                                  defect_rng)
        assert not p.drawn.is_valid

    # the province batch: its own patches plus a few re-detections of Ministry changes
    prov_rng = rng_for(seed, "province")
    pkinds = [k for k, n in PROVINCE_MIX.items() for _ in range(n)]
    pkinds = [pkinds[i] for i in prov_rng.permutation(len(pkinds))]
    province: list[Patch] = []
    qsx_p, hsx_p = (dt.date(2021, 4, 1), dt.date(2021, 4, 30)), (dt.date(2021, 5, 10), dt.date(2021, 5, 31))
    dup_src = [ministry[int(i)] for i in prov_rng.choice(len(ministry), 40, replace=False)
               if ministry[int(i)].defect is None and ministry[int(i)].kind in PROVINCE_MIX][:PROVINCE_DUPLICATES]
    serial = 0
    for src in dup_src:
        serial += 1
        key = f"S{COUNTY_CODE}{PROVINCE_ISSUED:%Y%m}{serial:03d}"
        g = shapely.make_valid(affinity.scale(affinity.rotate(src.geom, 2.0), 1.06, 1.04))
        g = affinity.translate(g, prov_rng.uniform(-3, 3), prov_rng.uniform(-3, 3))
        province.append(Patch(key=key, batch="sheng_2021_06", kind=src.kind, scenario=src.scenario, geom=g,
                              drawn=g, ops_after=[], ops_before=[], qsx=_dates(prov_rng, *qsx_p),
                              hsx=_dates(prov_rng, *hsx_p), issued=PROVINCE_ISSUED, facts=dict(src.facts),
                              intended=dict(src.intended), story=src.story, same_change_as=src.key,
                              village=src.village))
    for kind in pkinds[:40 - len(province)]:
        serial += 1
        key = f"S{COUNTY_CODE}{PROVINCE_ISSUED:%Y%m}{serial:03d}"
        _, area_range, aspect_range = MINISTRY_MIX[kind]
        province.append(one(kind, rng_for(seed, key), area_range, aspect_range, "sheng_2021_06", key,
                            PROVINCE_ISSUED, qsx_p, hsx_p))
    return ministry, province
