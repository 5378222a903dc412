"""The demo's two batches: a Ministry (部级) shapefile and a province (省级) GeoPackage.

The Ministry batch uses the Ministry's field codes and a GBK DBF without .cpg in EPSG:4490; the
province batch uses other names for the same things (TBBH, MJ, BHLX, QSXSJ/HSXSJ as dates, XFRQ, …)
in EPSG:4526, so that an importer's field mapping, encoding and CRS handling all get exercised.
Areas by land category come from overlaying the patch with the demo's own DLTB and YJJBNT
(ellipsoidal areas); the monitored area (JCMJ / MJ) is the planar Gauss–Krüger area, as the issuing
systems compute it, so it differs slightly from the true ellipsoidal area.
"""
from __future__ import annotations

import os

import numpy as np
import shapely
from osgeo import ogr

from ..core.area import ellipsoidal_area
from .common import COUNTY_CODE, COUNTY_NAME, EPSG_GK38, EPSG_LONLAT, gk_to_lonlat, mu
from .landuse import AGRICULTURAL, CONSTRUCTION, CULTIVATED, UNUSED, LandUse
from .patches import BHLX, TBLX, Patch
from .vectors import DATE, INT, REAL, STR, Field, LayerData, write_gbk_shapefile, write_gpkg

MINISTRY_FIELDS = [
    Field("JCBH", STR, 20), Field("XZQDM", STR, 12), Field("XMC", STR, 20), Field("TBLX", STR, 30),
    Field("QSX", STR, 10), Field("HSX", STR, 10), Field("JCMJ", REAL, 12, 2), Field("GDMJ", REAL, 12, 2),
    Field("YJJBNTMJ", REAL, 12, 2), Field("NYDMJ", REAL, 12, 2), Field("JSYDMJ", REAL, 12, 2), Field("WLYDMJ", REAL, 12, 2),
    Field("LZB", REAL, 13, 6), Field("BZB", REAL, 12, 6), Field("XFSJ", STR, 10), Field("SFSK", STR, 4),
    Field("BZ", STR, 100),
]
MINISTRY_DESCRIPTIONS = {
    "JCBH": "监测编号 (key: 140923 + 202105 + 4-digit serial)", "XZQDM": "行政区代码", "XMC": "县名称",
    "TBLX": "图斑类型", "QSX": "前时相 (text YYYY-MM-DD)", "HSX": "后时相 (text YYYY-MM-DD)",
    "JCMJ": "监测面积 亩 (planar Gauss-Krüger, as the Ministry computes it)", "GDMJ": "耕地面积 亩 (net of 田坎)",
    "YJJBNTMJ": "永久基本农田面积 亩", "NYDMJ": "农用地面积 亩", "JSYDMJ": "建设用地面积 亩", "WLYDMJ": "未利用地面积 亩",
    "LZB": "中心点经度", "BZB": "中心点纬度", "XFSJ": "下发时间 (text)", "SFSK": "是否涉矿 (是/否)", "BZ": "备注",
}
PROVINCE_FIELDS = [
    Field("TBBH", STR, 20), Field("XZQDM", STR, 12), Field("XZQMC", STR, 20), Field("BHLX", STR, 20),
    Field("QSXSJ", DATE), Field("HSXSJ", DATE), Field("MJ", REAL, 12, 2), Field("GDMJ", REAL, 12, 2),
    Field("JBNTMJ", REAL, 12, 2), Field("NYDMJ", REAL, 12, 2), Field("JSYDMJ", REAL, 12, 2), Field("WLYDMJ", REAL, 12, 2),
    Field("XZB", REAL, 14, 2), Field("YZB", REAL, 13, 2), Field("XFRQ", DATE), Field("SFSK", STR, 4), Field("BZ", STR, 100),
    Field("ZT", INT),
]
PROVINCE_DESCRIPTIONS = {
    "TBBH": "图斑编号 (key, = JCBH)", "XZQDM": "行政区代码", "XZQMC": "行政区名称 (= XMC)",
    "BHLX": "变化类型 (= TBLX, province vocabulary)", "QSXSJ": "前时相 (Date, = QSX)", "HSXSJ": "后时相 (Date, = HSX)",
    "MJ": "图斑面积 亩 (planar GK zone 38, = JCMJ)", "GDMJ": "耕地面积 亩", "JBNTMJ": "永久基本农田面积 亩 (= YJJBNTMJ)",
    "NYDMJ": "农用地面积 亩", "JSYDMJ": "建设用地面积 亩", "WLYDMJ": "未利用地面积 亩",
    "XZB": "中心点 X (EPSG:4526 easting with zone prefix 38)", "YZB": "中心点 Y (EPSG:4526 northing)",
    "XFRQ": "下发日期 (Date, = XFSJ)", "SFSK": "是否涉矿 (是/否)", "BZ": "备注", "ZT": "认领状态 (0 = 未认领)",
}


class Overlay:
    """Land-category areas of patches from the demo's DLTB and YJJBNT (lon/lat, ellipsoidal)."""

    def __init__(self, lu: LandUse):
        self.lu = lu
        self.tree = shapely.STRtree(lu.lonlat)
        self.jbnt = np.array(lu.jbnt_lonlat, dtype=object)
        self.jtree = shapely.STRtree(self.jbnt)

    def areas(self, g_lonlat) -> dict:
        idx = self.tree.query(g_lonlat, predicate="intersects")
        pieces = shapely.intersection(self.lu.lonlat[idx], g_lonlat)
        a = ellipsoidal_area(pieces)
        codes = self.lu.dlbm[idx]
        kcxs = self.lu.kcxs[idx]
        by_class: dict[str, float] = {}
        for c, x in zip(codes, a):
            by_class[c] = by_class.get(c, 0.0) + float(x)
        cult = np.isin(codes, CULTIVATED)
        jdx = self.jtree.query(g_lonlat, predicate="intersects")
        jb = float(ellipsoidal_area(shapely.intersection(self.jbnt[jdx], g_lonlat)).sum()) if len(jdx) else 0.0
        return {
            "true_m2": float(ellipsoidal_area(g_lonlat)[0]),
            "gd": float((a[cult] * (1 - kcxs[cult])).sum()),
            "ny": float(a[np.isin(codes, list(AGRICULTURAL))].sum()),
            "js": float(a[np.isin(codes, list(CONSTRUCTION))].sum()),
            "wl": float(a[np.isin(codes, list(UNUSED))].sum()),
            "jb": jb,
            "by_class": by_class,
        }


def _as_issued(p: Patch):
    """The outline the issuing system works with: the drawn one, repaired if it is self-intersecting."""
    return p.drawn if p.drawn.is_valid else shapely.make_valid(p.drawn)


def build_batches(out_dir: str, ministry: list[Patch], province: list[Patch], lu: LandUse) -> dict:
    """Write both batches; returns per-patch attributes and overlay areas (for the truth file).

    Attributes and areas refer to the outline as issued (self-intersecting rings repaired), which is
    also what an importer will overlay; ``intended_m2`` is the area of the change actually drawn.
    """
    os.makedirs(os.path.join(out_dir, "batches"), exist_ok=True)
    ov = Overlay(lu)
    info: dict[str, dict] = {}

    rows, geoms = [], []
    for p in ministry:
        g = _as_issued(p)
        g_ll = gk_to_lonlat(g)
        a = ov.areas(g_ll)
        c = shapely.centroid(g_ll)
        row = {
            "JCBH": p.key, "XZQDM": COUNTY_CODE, "XMC": COUNTY_NAME, "TBLX": TBLX[p.kind],
            "QSX": p.qsx.isoformat(), "HSX": p.hsx.isoformat(), "JCMJ": mu(g.area),
            "GDMJ": mu(a["gd"]), "YJJBNTMJ": mu(a["jb"]), "NYDMJ": mu(a["ny"]), "JSYDMJ": mu(a["js"]),
            "WLYDMJ": mu(a["wl"]), "LZB": round(c.x, 6), "BZB": round(c.y, 6),
            "XFSJ": p.issued.isoformat(), "SFSK": "是" if p.kind == "mining" else "否",
            "BZ": "疑似涉矿" if p.kind == "mining" and p.scenario == "unlicensed" else "",
        }
        rows.append(row)
        geoms.append(gk_to_lonlat(p.drawn))
        info[p.key] = {"attributes": row, "areas": a, "intended_m2": float(ellipsoidal_area(gk_to_lonlat(p.geom))[0])}
    write_gbk_shapefile(os.path.join(out_dir, "batches", "bu_2021_05.shp"),
                        LayerData("bu_2021_05", EPSG_LONLAT, MINISTRY_FIELDS, rows, geoms, ogr.wkbPolygon),
                        dbf_date=ministry[0].issued)

    rows, geoms = [], []
    for p in province:
        g = _as_issued(p)
        a = ov.areas(gk_to_lonlat(g))
        c = shapely.centroid(g)
        row = {
            "TBBH": p.key, "XZQDM": COUNTY_CODE, "XZQMC": COUNTY_NAME, "BHLX": BHLX[p.kind],
            "QSXSJ": p.qsx, "HSXSJ": p.hsx, "MJ": mu(g.area), "GDMJ": mu(a["gd"]), "JBNTMJ": mu(a["jb"]),
            "NYDMJ": mu(a["ny"]), "JSYDMJ": mu(a["js"]), "WLYDMJ": mu(a["wl"]),
            "XZB": round(c.x, 2), "YZB": round(c.y, 2), "XFRQ": p.issued,
            "SFSK": "是" if p.kind == "mining" else "否", "BZ": "", "ZT": 0,
        }
        rows.append(row)
        geoms.append(p.drawn)
        info[p.key] = {"attributes": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()},
                       "areas": a, "intended_m2": a["true_m2"]}
    write_gpkg(os.path.join(out_dir, "batches", "sheng_2021_06.gpkg"),
               [LayerData("sheng_2021_06", EPSG_GK38, PROVINCE_FIELDS, rows, geoms)],
               stamp="2021-06-08T09:00:00.000Z")
    return info
