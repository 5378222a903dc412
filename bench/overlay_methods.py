"""The three ways the overlay benchmark computes per-patch, per-class areas; each runs in its own process.

    python overlay_methods.py METHOD GPKG OUT.pkl [--workers N]

METHOD is ``wpzf`` (this plugin's engine reading the land survey through its R-tree, chunk by chunk),
``qgis`` (QGIS Processing native:intersection, then the pieces' ellipsoidal areas from
QgsDistanceArea on the CGCS2000 ellipsoid summed per patch and class) or ``geopandas``
(read_file, overlay(how="intersection"), area in an ellipsoidal LAEA projection, groupby). Every
method writes a DataFrame (JCBH, DLBM, area_m2) of gross class areas (before the 田坎 split, which only
WPZF does) and prints one JSON line: wall time of the computation (inputs read from the GeoPackage
included, interpreter start-up and imports excluded), peak RSS of the process, RSS after imports.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_wpzf(gpkg: str, workers: int):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkgroot"))
    import sqlite3

    import numpy as np

    from wpzf.bench.gpkg_source import GeoPackageParcelSource, gpkg_blobs_to_geoms
    from wpzf.core.overlay import overlay_landuse

    base = _rss_mb()
    t = time.perf_counter()
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = con.execute('SELECT "JCBH", "geom" FROM "WPTB"').fetchall()
    ids = np.array([r[0] for r in rows], dtype=object)
    geoms = gpkg_blobs_to_geoms([r[1] for r in rows])
    del rows
    src = GeoPackageParcelSource(gpkg)
    res = overlay_landuse(ids, geoms, src, workers=workers)
    out = res.pieces.groupby(["patch_id", "DLBM"], as_index=False)["area_m2"].sum()
    out = out.rename(columns={"patch_id": "JCBH"})
    wall = time.perf_counter() - t
    extra = {"rows_read": src.rows_read, "stats": {k: v for k, v in res.stats.items()
                                                   if isinstance(v, (int, float))}}
    return out, wall, base, extra


def run_qgis(gpkg: str, workers: int):
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import (
        QgsApplication,
        QgsCoordinateReferenceSystem,
        QgsDistanceArea,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
    )

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    import pandas as pd
    from processing.core.Processing import Processing

    Processing.initialize()
    import processing

    base = _rss_mb()
    t = time.perf_counter()
    ctx = QgsProcessingContext()
    inter = processing.run("native:intersection", {
        "INPUT": f"{gpkg}|layername=WPTB", "OVERLAY": f"{gpkg}|layername=DLTB",
        "INPUT_FIELDS": ["JCBH"], "OVERLAY_FIELDS": ["DLBM"], "OVERLAY_FIELDS_PREFIX": "",
        "OUTPUT": "TEMPORARY_OUTPUT"}, context=ctx, feedback=QgsProcessingFeedback())["OUTPUT"]
    t_inter = time.perf_counter() - t
    if isinstance(inter, str):
        inter = ctx.getMapLayer(inter)
    da = QgsDistanceArea()                       # QGIS's ellipsoidal area (GeographicLib in 3.22)
    da.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:7019")                 # GRS80 = the CGCS2000 ellipsoid
    names = [f.name() for f in inter.fields()]
    i_j, i_d = names.index("JCBH"), names.index("DLBM")
    sums: dict = {}
    for f in inter.getFeatures():
        key = (f[i_j], f[i_d])
        sums[key] = sums.get(key, 0.0) + da.measureArea(f.geometry())
    out = pd.DataFrame([(j, d, a) for (j, d), a in sums.items()], columns=["JCBH", "DLBM", "area_m2"])
    wall = time.perf_counter() - t
    n_pieces = inter.featureCount()
    del inter, ctx
    app.exitQgis()
    return out, wall, base, {"intersection_s": t_inter, "pieces": n_pieces}


def run_geopandas(gpkg: str, workers: int):
    import geopandas as gpd
    import numpy as np

    base = _rss_mb()
    t = time.perf_counter()
    patches = gpd.read_file(gpkg, layer="WPTB", engine="pyogrio")
    parcels = gpd.read_file(gpkg, layer="DLTB", columns=["DLBM"], engine="pyogrio")
    t_read = time.perf_counter() - t
    pieces = gpd.overlay(patches[["JCBH", "geometry"]], parcels[["DLBM", "geometry"]], how="intersection",
                         keep_geom_type=True)
    x0, y0, x1, y1 = patches.total_bounds
    laea = (f"+proj=laea +lat_0={(y0 + y1) / 2} +lon_0={(x0 + x1) / 2} +x_0=0 +y_0=0 +ellps=GRS80 "
            "+units=m +no_defs")
    pieces["area_m2"] = pieces.geometry.to_crs(laea).area
    out = pieces.groupby(["JCBH", "DLBM"], as_index=False)["area_m2"].sum()
    wall = time.perf_counter() - t
    return out, wall, base, {"read_s": t_read, "pieces": int(np.asarray(len(pieces)))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("method", choices=["wpzf", "qgis", "geopandas"])
    ap.add_argument("gpkg")
    ap.add_argument("out")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    fn = {"wpzf": run_wpzf, "qgis": run_qgis, "geopandas": run_geopandas}[a.method]
    out, wall, base, extra = fn(a.gpkg, a.workers)
    out.to_pickle(a.out)
    print(json.dumps({"method": a.method, "wall_s": wall, "peak_rss_mb": _rss_mb(), "base_rss_mb": base,
                      "rows": len(out), **extra}))


if __name__ == "__main__":
    main()
