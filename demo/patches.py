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
from ..rules.facts import (
    AG_DAMAGE,
    FACILITY_AG,
    FLAG_AWAIT_PROVINCE,
    FLAG_NOT_FILED,
    FLAG_POST_APPROVAL_REVIEW,
    FLAG_REFER_AGRICULTURE,
    FLAG_SPLIT_BY_FOOTPRINT,
    HOMESTEAD_ILLEGAL,
    LEGAL,
    NEW_ILLEGAL,
    PENDING,
    PSEUDO_CHANGE,
    STOCK_ILLEGAL,
    TEMPORARY,
)
from .common import COUNTY_CODE, MINISTRY_ISSUED, PROVINCE_ISSUED, rng_for
from .geography import Geography
from .landuse import CONSTRUCTION, CULTIVATED, UNUSED, LandUse

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


# -- shapes ---------------------------------------------------------------------------------------
def oriented_rect(cx, cy, length, width, theta) -> Polygon:
    r = Polygon([(-length / 2, -width / 2), (length / 2, -width / 2), (length / 2, width / 2),
                 (-length / 2, width / 2)])
    return affinity.translate(affinity.rotate(r, theta, origin=(0, 0), use_radians=True), cx, cy)


def patch_shape(rng, cx, cy, area, aspect, theta, blob=False) -> Polygon:
    if blob:
        n = 12
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        k = 1 + 0.18 * (rng.random(n) - 0.5) * 2
        pts = np.column_stack([np.sqrt(aspect) * k * np.cos(t), k * np.sin(t) / np.sqrt(aspect)])
    else:
        pts = np.array([(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)], float)
        pts[:, 0] *= np.sqrt(aspect)
        pts[:, 1] /= np.sqrt(aspect)
        if rng.random() < 0.5:   # a notch or a bent side, as digitized outlines have
            mid = (pts[1] + pts[2]) / 2 + rng.uniform(-0.08, 0.08, 2)
            pts = np.insert(pts, 2, mid, axis=0)
        pts = pts + rng.uniform(-0.03, 0.03, pts.shape)
    poly = Polygon(pts)
    poly = affinity.scale(poly, np.sqrt(area / poly.area), np.sqrt(area / poly.area), origin=(0, 0))
    poly = affinity.rotate(poly, theta, origin=(0, 0), use_radians=True)
    return shapely.set_precision(affinity.translate(poly, cx, cy), 0.001)


def _orientation(poly) -> float:
    mrr = shapely.minimum_rotated_rectangle(poly)
    c = np.array(mrr.exterior.coords)
    e1, e2 = c[1] - c[0], c[2] - c[1]
    e = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    return float(np.arctan2(e[1], e[0]))


def _extent(poly, theta) -> tuple[float, float]:
    r = affinity.rotate(poly, -theta, origin=poly.centroid, use_radians=True)
    minx, miny, maxx, maxy = r.bounds
    return maxx - minx, maxy - miny


def shadow(roof: Polygon, length: float) -> Polygon:
    """Midday sun from the south-south-east: shadows fall north and a little west."""
    moved = affinity.translate(roof, -0.35 * length, length)
    return shapely.convex_hull(shapely.union(roof, moved))


def _buildings(rng, area_poly, theta, count, size) -> list[Polygon]:
    inner = area_poly.buffer(-2.5)
    out: list[Polygon] = []
    if inner.is_empty:
        return out
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(count * 30):
        if len(out) >= count:
            break
        cx, cy = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        b = oriented_rect(cx, cy, rng.uniform(*size), rng.uniform(size[0] * 0.5, size[0]), theta)
        if inner.contains(b) and all(b.distance(o) > 4.0 for o in out):
            out.append(b)
    if not out:   # small patch: one building filling the inner part
        length, width = _extent(inner, theta)
        c = inner.centroid
        b = oriented_rect(c.x, c.y, max(length * 0.8, 3.0), max(width * 0.7, 3.0), theta)
        out.append(shapely.intersection(b, inner) if not inner.contains(b) else b)
    return out


def _strips(poly, theta, width, gap, margin=1.0) -> list:
    inner = poly.buffer(-margin)
    if inner.is_empty:
        return []
    c = poly.centroid
    length, span = _extent(poly, theta)
    out = []
    off = -span / 2
    while off < span / 2:
        s = oriented_rect(0, 0, length * 1.5, width, 0)
        s = affinity.translate(s, 0, off + width / 2)
        s = affinity.translate(affinity.rotate(s, theta, origin=(0, 0), use_radians=True), c.x, c.y)
        piece = shapely.intersection(s, inner)
        if not piece.is_empty and piece.area > 2:
            out.append(piece)
        off += width + gap
    return out


def _roof_colour(rng) -> str:
    return str(rng.choice(["roof_blue", "roof_blue", "roof_red", "roof_grey", "roof_white"]))


def paint_ops(kind: str, poly, rng) -> tuple[list, list]:
    """(before ops, after ops) for a patch outline: what the imagery shows on it."""
    theta = _orientation(poly)
    before: list = []
    after: list = []

    def house_ops(buildings, roof, shade=(3.0, 7.0), out=after):
        for b in buildings:
            out.append(("shadow", shadow(b, rng.uniform(*shade))))
        for b in buildings:
            out.append((roof if roof else _roof_colour(rng), b))

    if kind == "new_building":
        after.append(("yard_concrete" if rng.random() < 0.6 else "yard_soil", poly))
        house_ops(_buildings(rng, poly, theta, int(rng.integers(1, 4)), (12.0, 40.0)), None)
    elif kind == "homestead":
        after.append(("yard_concrete", poly))
        length, width = _extent(poly, theta)
        c = poly.centroid
        house = oriented_rect(c.x, c.y, length * 0.75, max(width * 0.35, 5.0), theta)
        house = affinity.translate(house, 0, width * 0.2)
        house = shapely.intersection(house, poly.buffer(-1.0))
        after.append(("roof_grey", shapely.intersection(poly.boundary.buffer(0.7), poly)))
        if not house.is_empty:
            house_ops([house], str(rng.choice(["roof_red", "roof_grey", "roof_blue"])), (2.5, 4.0))
    elif kind in ("greenhouse",):
        after.append(("yard_soil", poly))
        for s in _strips(poly, theta, rng.uniform(7.0, 9.0), rng.uniform(2.0, 3.0)):
            after.append(("greenhouse", s))
    elif kind == "livestock_shed":
        after.append(("yard_soil", poly))
        sheds = _strips(poly, theta, rng.uniform(9.0, 12.0), rng.uniform(6.0, 9.0), margin=3.0)
        house_ops([s for s in sheds if s.area > 30], str(rng.choice(["roof_blue", "roof_grey"])), (2.0, 4.0))
    elif kind == "filling":
        after.append(("fill_soil", poly))
        c = poly.centroid
        for _ in range(int(rng.integers(2, 5))):
            r = np.sqrt(poly.area) * rng.uniform(0.06, 0.14)
            p = Point(c.x + rng.normal(0, np.sqrt(poly.area) * 0.2), c.y + rng.normal(0, np.sqrt(poly.area) * 0.2))
            pile = shapely.intersection(p.buffer(r, quad_segs=4), poly.buffer(-2))
            if not pile.is_empty:
                after.append(("spoil", pile))
    elif kind == "temporary_site":
        after.append(("yard_concrete", poly))
        house_ops(_strips(poly, theta, 6.0, 5.0, margin=4.0)[:6], "roof_blue", (2.0, 3.0))
    elif kind == "mining":
        after.append(("spoil", poly))
        k = 0
        ring = poly.buffer(-5.0)
        while not ring.is_empty and k < 6:
            after.append(("pit" if k % 2 == 0 else "pit_terrace", ring))
            k += 1
            ring = poly.buffer(-5.0 - 7.0 * k)
    elif kind == "solar":
        after.append(("yard_soil", poly))
        for s in _strips(poly, 0.0, 4.0, 5.0, margin=2.0):
            after.append(("solar", s))
    elif kind == "road_slope":
        after.append(("slope", poly))
        for s in _strips(poly, theta + np.pi / 4, 1.2, 5.0, margin=0.5):
            after.append(("yard_concrete", s))
        for s in _strips(poly, theta - np.pi / 4, 1.2, 5.0, margin=0.5):
            after.append(("yard_concrete", s))
    elif kind == "renovation":
        old = _buildings(rng, poly, theta, int(rng.integers(2, 5)), (8.0, 16.0))
        before.append(("yard_old", poly))
        house_ops(old, "roof_old", (2.0, 4.0), out=before)
        after.append(("yard_concrete", poly))
        house_ops(_buildings(rng, poly, theta, int(rng.integers(1, 3)), (14.0, 30.0)), None)
    elif kind == "demolition":
        old = _buildings(rng, poly, theta, int(rng.integers(2, 5)), (8.0, 16.0))
        before.append(("yard_old", poly))
        house_ops(old, "roof_old", (2.0, 4.0), out=before)
        after.append(("rubble", poly))
    elif kind == "materials":
        after.append(("yard_concrete", poly))
        for b in _buildings(rng, poly, theta + rng.uniform(-0.3, 0.3), int(rng.integers(3, 7)), (5.0, 14.0)):
            after.append((str(rng.choice(["materials_blue", "materials_orange", "materials_grey"])), b))
    elif kind == "crop_change":
        after.append(("mulch", poly))
    else:
        raise ValueError(kind)
    return before, after


# -- scenarios (facts) ----------------------------------------------------------------------------
# Facts use the codes of the facts contract (rules/facts.py) so a later step can feed them to the
# rules engine as they are; the overlay facts (XZJSYD, MJ, GDMJ, YJJBNTMJ, SFSK) are added by the
# build from the demo's own land-use layers. ``intended`` is what the facts lead to under the 2021
# rules (category, clause id as the engine cites it, flags, mineral finding); a test checks that the
# engine agrees.
def _approval_no(rng, prefix: str, year: int) -> str:
    return f"{prefix}〔{year}〕{int(rng.integers(3, 180))}号"


def _day(rng, year: int, months=(1, 12)) -> str:
    return dt.date(year, int(rng.integers(months[0], months[1] + 1)), int(rng.integers(1, 29))).isoformat()


def _intended(result: str, clause: str, flags=(), mineral: Optional[str] = None) -> dict:
    return {"result": result, "clause": clause, "flags": list(flags), "mineral": mineral}


def redline_exceeded(base: dict, approval: dict) -> tuple[str, dict, dict, str]:
    """Approved, but the built footprint exceeds the red line: the patch is 待定 until it is split along the red
    line (按实际占地分割认定); ``PART_FACTS`` gives each side's own facts and what the rules make of it."""
    return ("redline_exceeded", {**base, **approval, "HXGX": "exceeds"},
            _intended(PENDING, "A4.7", [FLAG_SPLIT_BY_FOOTPRINT]), "批准项目实际建设占地超出批准红线")


def temporary_expired() -> tuple[str, dict, dict, str]:
    """A temporary-use approval that ran out before the 后时相: no valid approval when the change was seen."""
    return ("temporary_expired", {"BHLX": "new_build", "SJYT": "temporary", "LSPF": False},
            _intended(NEW_ILLEGAL, "A4.2"), "临时用地批复已到期，施工临时设施仍未拆除复垦")


def licence_expired() -> tuple[str, dict, dict, str]:
    """Mining on after the 采矿许可证 expired: no valid licence (无证开采)."""
    return ("licence_expired", {"SJYT": "mining", "KCZT": "mined", "CKXK": "none", "YDPF": False},
            _intended(NEW_ILLEGAL, "default", mineral="无证开采"), "采矿许可证已过期仍在开采")


# A redline_exceeded patch split along its red line: each side's own facts (the parts inherit the patch's) and the
# determination they lead to (the outside part is unapproved; SDPK comes from the county profile).
PART_FACTS = {
    "inside": ({"HXGX": "inside"}, _intended(LEGAL, "default")),
    "outside": ({"YDPF": False}, _intended(NEW_ILLEGAL, "default")),
}
# Facts that have one answer county-wide (the county profile), as the demo county answers them.
COUNTY_PROFILE = {"SDPK": (False, "代县不在国务院扶贫开发领导小组公布的国家级深度贫困县名单内")}

# Scenarios the reference layers must show at least once; make_patches converts a plain case of the same kind
# (placed the same way) when the draw produced none.
ENSURED = (("new_building", "approved", redline_exceeded), ("temporary_site", "no_approval", temporary_expired),
           ("mining", "unlicensed", licence_expired))


def scenario_for(kind: str, rng, on_basic_farmland: bool) -> tuple[str, dict, dict, str]:
    """(scenario, facts, intended determination, story) for a kind, drawn at random.

    ``on_basic_farmland`` only steers livestock sheds towards the basic-farmland case; placement then
    makes sure the patch really overlaps basic farmland.
    """
    r = rng.random()
    approved = {"YDPF": True, "HXGX": "inside"}
    # 代县 is not a national deep-poverty county: the county profile answers SDPK once (COUNTY_FACTS), not each patch
    unapproved = {"YDPF": False}

    def with_approval(prefix: str, year: int) -> dict:
        return {**approved, "PZWH": _approval_no(rng, prefix, year), "PZRQ": _day(rng, year)}

    if kind == "new_building":
        base = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"}
        if r < 0.55:
            return ("no_approval", {**base, **unapproved}, _intended(NEW_ILLEGAL, "default"),
                    "未经批准占用土地新建厂房")
        if r < 0.77:
            return ("approved", {**base, **with_approval("晋政地字", 2020)}, _intended(LEGAL, "default"),
                    "依法批准的建设项目")
        if r < 0.85:
            return redline_exceeded(base, with_approval("晋政地字", 2020))
        if r < 0.92:
            facts = {**base, **with_approval("代政地字", 2020), "HXGX": "draw_err",
                     "RGSM": "图斑超出批准红线部分系勾画误差，实际建设占地均在批准红线内"}
            return "redline_drawing_error", facts, _intended(LEGAL, "A4.7"), "批准项目，图斑勾画超出红线"
        # the builder showed no approval in the field; the county's approval database has it (参考数据.gpkg)
        return ("approval_unknown", {**base, **with_approval("晋政地字", 2020)}, _intended(LEGAL, "default"),
                "建设方现场未出示用地批复，县级建设用地审批数据库中有其批准红线")
    if kind == "homestead":
        base = {"BHLX": "new_build", "SJYT": "homestead"}
        if r < 0.7:
            return ("no_approval", {**base, "ZJPZ": "none"},
                    _intended(HOMESTEAD_ILLEGAL, "A4.5", [FLAG_REFER_AGRICULTURE]), "村民未经批准占用耕地建住宅")
        if r < 0.85:
            return ("approved", {**base, "ZJPZ": "approved"}, _intended(LEGAL, "A4.5"), "经依法批准的农村村民住宅")
        return ("approval_by_fraud", {**base, "ZJPZ": "fraud"},
                _intended(HOMESTEAD_ILLEGAL, "A4.5", [FLAG_REFER_AGRICULTURE]), "村民采取欺骗手段骗取批准建住宅")
    if kind in ("greenhouse", "livestock_shed"):
        base = {"BHLX": "new_build", "SJYT": "facility", "MYYT": "facility", "SSHG": True,
                "YZSS": kind == "livestock_shed"}
        if kind == "livestock_shed" and on_basic_farmland and r < 0.6:
            facts = {**base, "BHTY": False, "SSBA": bool(rng.random() < 0.5)}
            return ("livestock_on_basic_farmland", facts, _intended(AG_DAMAGE, "A4.3"),
                    "养殖圈舍占用永久基本农田，县级未同意补划")
        if r < 0.12:
            facts = {**base, "SJYT": "nonagri", "SSHG": False, **unapproved}
            return ("pretext_non_agricultural", facts, _intended(NEW_ILLEGAL, "default"),
                    "假借设施农业名义建设农家乐（大棚房）")
        if r < 0.55:
            facts = {**base, "SSBA": True}
            return "filed", facts, _intended(FACILITY_AG, "A4.3"), "符合规定并已备案的设施农业"
        return ("not_filed", {**base, "SSBA": False}, _intended(FACILITY_AG, "A4.3", [FLAG_NOT_FILED]),
                "符合规定但未备案的设施农业")
    if kind == "filling":
        if r < 0.75:
            return ("for_building_no_approval", {"BHLX": "fill_level", "SJYT": "nonagri", "MYYT": "none", **unapproved},
                    _intended(NEW_ILLEGAL, "default"), "为非农建设推土填土、平整场地")
        facts = {"BHLX": "fill_level", "SJYT": "temporary", "LSPF": True,
                 "LSPZWH": _approval_no(rng, "代自然资临用字", 2021)}
        return "borrow_pit_temporary", facts, _intended(TEMPORARY, "A4.2"), "经批准的工程临时取土场"
    if kind == "temporary_site":
        if r < 0.5:
            facts = {"BHLX": "new_build", "SJYT": "temporary", "LSPF": True,
                     "LSPZWH": _approval_no(rng, "代自然资临用字", 2021)}
            return "temporary_approved", facts, _intended(TEMPORARY, "A4.2"), "经批准的施工临时指挥部及工棚"
        if r < 0.65:
            facts = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "temporary", "LSPF": True,
                     "LSPZWH": _approval_no(rng, "代自然资临用字", 2020), **unapproved}
            return ("approved_not_used_as_temporary", facts,
                    _intended(NEW_ILLEGAL, "default", [FLAG_POST_APPROVAL_REVIEW]), "取得临时用地批复后建成长期经营场所")
        if r < 0.8:
            return ("no_approval", {"BHLX": "new_build", "SJYT": "temporary", "LSPF": False},
                    _intended(NEW_ILLEGAL, "A4.2"), "未经批准搭建施工临时设施")
        return temporary_expired()
    if kind == "mining":
        base = {"SJYT": "mining", "KCZT": "mined"}
        licence = f"C140900201{int(rng.integers(1000, 9999))}7120{int(rng.integers(100000, 999999))}"
        if r < 0.36:
            return ("unlicensed", {**base, "CKXK": "none", **unapproved},
                    _intended(NEW_ILLEGAL, "default", mineral="无证开采"), "无证露天开采铁矿")
        if r < 0.4:
            return licence_expired()
        if r < 0.65:
            facts = {**base, "CKXK": "mining", "SFYJ": True, **unapproved, "RGSM": f"采矿许可证号{licence}"}
            return ("beyond_boundary", facts, _intended(NEW_ILLEGAL, "default", mineral="越界开采"),
                    "持证矿山越界开采")
        facts = {**base, "CKXK": "mining", "SFYJ": False, "FFZR": False, "PHKC": False,
                 **with_approval("晋政地字", 2019), "RGSM": f"采矿许可证号{licence}"}
        return "licensed_approved", facts, _intended(LEGAL, "default", mineral="合法"), "持证矿山依法批准的扩界用地"
    if kind == "solar":
        base = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"}
        if r < 0.5:
            return ("approved", {**base, **with_approval("晋政地字", 2020)}, _intended(LEGAL, "default"),
                    "依法批准的光伏电站")
        return "no_approval", {**base, **unapproved}, _intended(NEW_ILLEGAL, "default"), "未经批准建设光伏电站"
    if kind == "road_slope":
        base = {"BHLX": "new_build", "SJYT": "a44_works", "GCLX": "road_slope"}
        if r < 0.6:
            return ("no_approval_needed", {**base, "SZYJ": "no_need"}, _intended(PSEUDO_CHANGE, "A4.4"),
                    "道路边坡治理，省级认定无需办理用地审批")
        if r < 0.8:
            return ("approval_needed_missing", {**base, "SZYJ": "need", "YDPF": False},
                    _intended(NEW_ILLEGAL, "A4.4"), "道路边坡工程需办理用地审批但未取得")
        return ("opinion_pending", {**base, "SZYJ": "pending"},
                _intended(PENDING, "A4.4", [FLAG_AWAIT_PROVINCE]), "道路边坡工程，省级认定意见尚未出具")
    if kind == "renovation":
        base = {"BHLX": "renovate", "SJYT": "nonagri"}
        if r < 0.45:
            facts = {**base, "JSRQ": _day(rng, int(rng.integers(1975, 1998))), "WFGH": False}
            return ("pre_1999_no_planning_violation", facts, _intended(PSEUDO_CHANGE, "A4.1"),
                    "1999年以前已建成的房屋原址翻建，不违反规划")
        if r < 0.6:
            facts = {**base, "JSRQ": _day(rng, int(rng.integers(1980, 1998))), "WFGH": True}
            return ("pre_1999_planning_violation", facts, _intended(STOCK_ILLEGAL, "A4.1"),
                    "1999年以前建成，翻建后违反国土空间规划")
        if r < 0.9:
            facts = {**base, "JSRQ": _day(rng, int(rng.integers(2001, 2015))), "YDPF": False, "QQDJ": False}
            return ("post_1999_unapproved", facts, _intended(STOCK_ILLEGAL, "A4.1"),
                    "1999年以后未经批准建设、未确权登记，翻建后被监测发现")
        year = int(rng.integers(2001, 2012))
        facts = {**base, "JSRQ": _day(rng, year), "YDPF": False, "QQDJ": True,
                 "DJZH": f"晋（{year + 3}）代县不动产权第{int(rng.integers(1000, 9999)):07d}号", "DJRQ": _day(rng, year + 3)}
        return "post_1999_registered", facts, _intended(LEGAL, "A4.1"), "1999年以后建设，已完成确权登记"
    if kind == "demolition":
        return ("houses_torn_down", {"BHLX": "demolish"}, _intended(PSEUDO_CHANGE, "A4.1"),
                "房屋拆除（拆迁），地类仍为建设用地")
    if kind == "materials":
        return ("materials_piled", {"BHLX": "materials"}, _intended(PSEUDO_CHANGE, "A4.1"),
                "建设用地内堆放物资")
    if kind == "crop_change":
        return ("plastic_mulch", {"BHLX": "none", "SJYT": "farming"}, _intended(PSEUDO_CHANGE, "default"),
                "农作物覆膜，地类未变")
    raise ValueError(kind)


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


# -- defects of real batches ----------------------------------------------------------------------
def corner_loop(poly: Polygon) -> Polygon:
    """A ring that crosses itself near one corner (two vertices swapped), as digitizing slips do."""
    c = list(poly.exterior.coords)[:-1]
    a, b, d = np.array(c[1]), np.array(c[2]), np.array(c[3] if len(c) > 3 else c[0])
    p1 = b + 0.12 * (a - b)     # on the edge before the corner
    p2 = b + 0.12 * (d - b)     # on the edge after the corner
    ring = [c[0], c[1], tuple(p2), tuple(b), tuple(p1), *c[3:]]
    return Polygon(ring)


def bow_tie(poly: Polygon) -> Polygon:
    """A quadrilateral with its last two vertices swapped: a figure-8 ring."""
    mrr = shapely.minimum_rotated_rectangle(poly)
    c = list(mrr.exterior.coords)[:-1]
    return Polygon([c[0], c[1], c[3], c[2]])


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
