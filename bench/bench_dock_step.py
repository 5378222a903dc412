"""Plugin-side time to step to the next patch with 100k patches in the workspace (map rendering excluded).

A step = the patch with its geometry and parts (for zoom and highlight), the card, the fact record
for the form, and the photo list. Compared with what a plain QGIS form does for the same patch:
QgsVectorLayer.getFeature on the GeoPackage layer plus a filtered request on the photo table.
Target: p95 ≤ 30 ms.   Run: make bench-dock
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkgroot"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from wpzf.bench.synthetic import write_batch_shapefile  # noqa: E402
from wpzf.exchange.importer import BatchMeta, import_batch  # noqa: E402
from wpzf.store import create_workspace  # noqa: E402
from wpzf.store.determinations import fact_frame  # noqa: E402
from wpzf.store.queue import patch_card, patch_queue  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--steps", type=int, default=1000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wpzf_bench_dock_"))
    try:
        shp = tmp / "batch.shp"
        write_batch_shapefile(str(shp), args.n)
        ws = create_workspace(tmp / "ws.gpkg")
        assert import_batch(ws, shp, BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
        t = time.perf_counter()
        queue = patch_queue(ws)
        print(f"queue of {len(queue)} patches built in {(time.perf_counter() - t) * 1000:.0f} ms (once per filter change)")
        fids = queue["fid"].astype(int).tolist()[: args.steps]

        def step(fid):
            ws.get("wz_patch", fid, geometry=True)
            ws.select("wz_part", ["TBID"], where=f'"TBID" = {ws.ph}', params=(fid,), geometry=True)
            patch_card(ws, fid)
            fact_frame(ws, [fid])
            ws.select("wz_photo", ["WJLJ", "FX", "PSSJ"], where=f'"TBID" = {ws.ph}', params=(fid,))

        wpzf = []
        for fid in fids:
            t = time.perf_counter()
            step(fid)
            wpzf.append((time.perf_counter() - t) * 1000)

        from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer

        app = QgsApplication([], False)
        app.initQgis()
        layer = QgsVectorLayer(f"{tmp / 'ws.gpkg'}|layername=wz_patch", "p", "ogr")
        photos = QgsVectorLayer(f"{tmp / 'ws.gpkg'}|layername=wz_photo", "ph", "ogr")
        plain = []
        for fid in fids:
            t = time.perf_counter()
            layer.getFeature(fid)
            list(photos.getFeatures(QgsFeatureRequest().setFilterExpression(f'"TBID" = {fid}')))
            plain.append((time.perf_counter() - t) * 1000)
        ws.close()
        del layer, photos  # before exitQgis, or QGIS crashes tearing them down
        for name, xs in (("wpzf step", wpzf), ("plain QGIS feature + photos", plain)):
            print(f"{name:28s}: p50 {statistics.median(xs):6.2f} ms   p95 {percentile(xs, 95):6.2f} ms   "
                  f"max {max(xs):6.2f} ms")
        p95 = percentile(wpzf, 95)
        print(f"ratio p95 wpzf/plain = {p95 / percentile(plain, 95):.2f}; target p95 ≤ 30 ms: "
              f"{'met' if p95 <= 30 else 'NOT met'}")
        app.exitQgis()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
