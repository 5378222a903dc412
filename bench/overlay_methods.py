"""The three ways the overlay benchmark computes per-patch, per-class areas; each runs in its own process.

    python overlay_methods.py METHOD GPKG OUT.pkl [--workers N]

METHOD is ``wpzf`` (the plugin's Processing algorithm wpzf:overlay_landuse end to end, as the dock runs it:
the land survey as a QGIS layer read by the plugin's own reader, results stored in a workspace),
``qgis`` (QGIS Processing native:intersection, then the pieces' ellipsoidal areas from
QgsDistanceArea on the CGCS2000 ellipsoid summed per patch and class) or ``geopandas``
(read_file, overlay(how="intersection"), area in an ellipsoidal LAEA projection, groupby). Every
method writes a DataFrame (JCBH, DLBM, area_m2) of class areas with the 田坎 share of each piece moved to
its KCDLBM (1203), as the plugin stores them (the other two apply that split to their pieces), and
prints one JSON line: wall time of the computation (inputs read from the GeoPackage and, for wpzf, the
results written to the workspace included; interpreter start-up and imports excluded), peak RSS of
the process, RSS after imports.
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


_MEASURED: dict = {}


def _cpu_s() -> float:
    """CPU time of the process, all threads, and of its ended helper processes (the overlay's helper;
    beside the wall time: the machine may be shared)."""
    r, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def _qgis_app():
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    return app


def _ridge_split(df):
    """Gross pieces (JCBH, DLBM, KCXS, KCDLBM, area_m2) → class areas with the 田坎 share moved to
    KCDLBM (1203 when empty), as 三调 counts them and the plugin stores them."""
    import pandas as pd

    k = pd.to_numeric(df["KCXS"], errors="coerce").fillna(0.0).to_numpy()
    ridge = df["KCDLBM"].fillna("").astype(str).replace("", "1203")
    parts = pd.concat([
        pd.DataFrame({"JCBH": df["JCBH"], "DLBM": df["DLBM"], "area_m2": df["area_m2"] * (1 - k)}),
        pd.DataFrame({"JCBH": df["JCBH"], "DLBM": ridge, "area_m2": df["area_m2"] * k})[k > 0]])
    return parts.groupby(["JCBH", "DLBM"], as_index=False)["area_m2"].sum()


def run_wpzf(gpkg: str, workers: int, landuse: str = "", workspace: str = ""):
    """wpzf:overlay_landuse through Processing, as the dock runs it: a workspace holding the patches
    (a fresh copy of ``workspace``), the land survey ``landuse`` (default: the DLTB of ``gpkg``) as a
    QGIS layer; the areas are read back from the workspace's wz_dlmj afterwards (not timed)."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkgroot"))
    app = _qgis_app()
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer

    import processing
    from wpzf.processing.provider import WpzfProvider
    from wpzf.store import open_workspace

    provider = WpzfProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    tmp = Path(tempfile.mkdtemp(prefix="wpzf-bench-ws-"))
    ws_path = tmp / "ws.gpkg"
    shutil.copyfile(workspace, ws_path)
    messages = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            messages.append(info)

    base = _rss_mb()
    t, c0 = time.perf_counter(), _cpu_s()
    layer = QgsVectorLayer(f"{landuse or gpkg}|layername=DLTB", "DLTB", "ogr")
    res = processing.run("wpzf:overlay_landuse", {"WORKSPACE": str(ws_path), "LANDUSE": layer, "DLBM": "DLBM",
                                                  "KCXS": "KCXS", "KCDLBM": "KCDLBM"},
                         context=QgsProcessingContext(), feedback=Feedback())
    wall = time.perf_counter() - t
    _MEASURED["cpu_s"] = _cpu_s() - c0
    ws = open_workspace(ws_path)
    rows = ws.select("wz_dlmj", ["TBID", "LX", "DM", "MJ"])
    jcbh = ws.select("wz_patch", ["JCBH"]).set_index("fid")["JCBH"]
    ws.close()
    rows = rows[rows["LX"] == "地类"]
    out = rows.assign(JCBH=jcbh.reindex(rows["TBID"].astype(int)).to_numpy(), DLBM=rows["DM"], area_m2=rows["MJ"])
    out = out.groupby(["JCBH", "DLBM"], as_index=False)["area_m2"].sum()
    read = next((m for m in messages if "parcels read" in m), "")
    shutil.rmtree(tmp, ignore_errors=True)
    del layer
    app.exitQgis()
    # "N land-survey parcels read (kind); overlay X s, of it reading Y s": the engine's share of the wall time
    nums = [float(w.rstrip(",;")) for w in read.replace("(", " ").split() if w.replace(".", "", 1).isdigit()]
    return out, wall, base, {"units": res["UNITS"], "read": read,
                             "rows_read": int(nums[0]) if nums else None,
                             "engine_s": nums[1] if len(nums) > 1 else None,
                             "helper_process": any("second process" in m for m in messages),
                             "helper_peak_mb": _helper_peak(messages)}


def _helper_peak(messages) -> float:
    """The overlay's helper process's own peak memory, as the algorithm reports it (MB; 0 without one)."""
    import re

    for m in messages:
        found = re.search(r"second process.*?(\d+) MB", m)
        if found:
            return float(found.group(1))
    return 0.0


def run_qgis(gpkg: str, workers: int):
    app = _qgis_app()
    import pandas as pd
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsDistanceArea,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
    )

    import processing

    base = _rss_mb()
    t, c0 = time.perf_counter(), _cpu_s()
    ctx = QgsProcessingContext()
    inter = processing.run("native:intersection", {
        "INPUT": f"{gpkg}|layername=WPTB", "OVERLAY": f"{gpkg}|layername=DLTB",
        "INPUT_FIELDS": ["JCBH"], "OVERLAY_FIELDS": ["DLBM", "KCXS", "KCDLBM"], "OVERLAY_FIELDS_PREFIX": "",
        "OUTPUT": "TEMPORARY_OUTPUT"}, context=ctx, feedback=QgsProcessingFeedback())["OUTPUT"]
    t_inter = time.perf_counter() - t
    if isinstance(inter, str):
        inter = ctx.getMapLayer(inter)
    da = QgsDistanceArea()                       # QGIS's ellipsoidal area (GeographicLib in 3.22)
    da.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:7019")                 # GRS80 = the CGCS2000 ellipsoid
    names = [f.name() for f in inter.fields()]
    i_j, i_d, i_k, i_kd = (names.index(n) for n in ("JCBH", "DLBM", "KCXS", "KCDLBM"))
    sums: dict = {}
    for f in inter.getFeatures():
        key = (f[i_j], f[i_d], f[i_k], f[i_kd])
        sums[key] = sums.get(key, 0.0) + da.measureArea(f.geometry())
    out = _ridge_split(pd.DataFrame([(*k, a) for k, a in sums.items()],
                                    columns=["JCBH", "DLBM", "KCXS", "KCDLBM", "area_m2"]))
    wall = time.perf_counter() - t
    _MEASURED["cpu_s"] = _cpu_s() - c0
    n_pieces = inter.featureCount()
    del inter, ctx
    app.exitQgis()
    return out, wall, base, {"intersection_s": t_inter, "pieces": n_pieces}


def run_geopandas(gpkg: str, workers: int):
    import geopandas as gpd
    import numpy as np

    base = _rss_mb()
    t, c0 = time.perf_counter(), _cpu_s()
    patches = gpd.read_file(gpkg, layer="WPTB", engine="pyogrio")
    parcels = gpd.read_file(gpkg, layer="DLTB", columns=["DLBM", "KCXS", "KCDLBM"], engine="pyogrio")
    t_read = time.perf_counter() - t
    pieces = gpd.overlay(patches[["JCBH", "geometry"]], parcels[["DLBM", "KCXS", "KCDLBM", "geometry"]],
                         how="intersection",
                         keep_geom_type=True)
    x0, y0, x1, y1 = patches.total_bounds
    laea = (f"+proj=laea +lat_0={(y0 + y1) / 2} +lon_0={(x0 + x1) / 2} +x_0=0 +y_0=0 +ellps=GRS80 "
            "+units=m +no_defs")
    pieces["area_m2"] = pieces.geometry.to_crs(laea).area
    out = _ridge_split(pieces.drop(columns="geometry"))
    wall = time.perf_counter() - t
    _MEASURED["cpu_s"] = _cpu_s() - c0
    return out, wall, base, {"read_s": t_read, "pieces": int(np.asarray(len(pieces)))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("method", choices=["wpzf", "qgis", "geopandas"])
    ap.add_argument("gpkg")
    ap.add_argument("out")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--landuse", default="", help="wpzf: the land-survey GeoPackage (default: GPKG)")
    ap.add_argument("--workspace", default="", help="wpzf: a workspace holding GPKG's patches")
    a = ap.parse_args()
    if a.method == "wpzf":
        out, wall, base, extra = run_wpzf(a.gpkg, a.workers, a.landuse, a.workspace)
    else:
        out, wall, base, extra = {"qgis": run_qgis, "geopandas": run_geopandas}[a.method](a.gpkg, a.workers)
    out.to_pickle(a.out)
    # peak memory: this process's and, added to it, the overlay's helper process's own (as it reports it:
    # getrusage's maxrss of a child started by vfork + exec starts from this process's)
    child_mb = extra.get("helper_peak_mb") or 0.0
    print(json.dumps({"method": a.method, "wall_s": wall, "peak_rss_mb": _rss_mb() + child_mb, "base_rss_mb": base,
                      "rows": len(out), **_MEASURED, **extra}))


if __name__ == "__main__":
    main()
