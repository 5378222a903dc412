"""Synthetic Ministry-style batches for benchmarks (deterministic)."""
from __future__ import annotations

import numpy as np
import shapely


def write_batch_shapefile(path: str, n: int, seed: int = 1, encoding: str = "GBK") -> None:
    """n small polygon patches around 113°E 39°N with the Ministry's field codes, DBF in ``encoding``."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    rng = np.random.default_rng(seed)
    cx = 112.7 + rng.random(n) * 0.6
    cy = 38.9 + rng.random(n) * 0.35
    k = 8
    ang = np.sort(rng.random((n, k)) * 2 * np.pi, axis=1)
    rad = (0.0002 + rng.random((n, 1)) * 0.0006) * (0.6 + 0.4 * rng.random((n, k)))
    xs = cx[:, None] + rad * np.cos(ang) / np.cos(np.radians(39))
    ys = cy[:, None] + rad * np.sin(ang)
    coords = np.stack([xs, ys], axis=2)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    polys = shapely.polygons(coords)
    wkb = shapely.to_wkb(polys)
    drv = ogr.GetDriverByName("ESRI Shapefile")
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer("batch", srs, ogr.wkbPolygon, options=[f"ENCODING={encoding}"])
    specs = [("JCBH", ogr.OFTString, 20), ("XZQDM", ogr.OFTString, 12), ("XMC", ogr.OFTString, 20),
             ("TBLX", ogr.OFTString, 30), ("QSX", ogr.OFTString, 10), ("HSX", ogr.OFTString, 10),
             ("JCMJ", ogr.OFTReal, 0), ("GDMJ", ogr.OFTReal, 0), ("YJJBNTMJ", ogr.OFTReal, 0),
             ("NYDMJ", ogr.OFTReal, 0), ("JSYDMJ", ogr.OFTReal, 0), ("WLYDMJ", ogr.OFTReal, 0),
             ("LZB", ogr.OFTReal, 0), ("BZB", ogr.OFTReal, 0), ("XFSJ", ogr.OFTString, 10),
             ("SFSK", ogr.OFTString, 4)]
    for name, kind, width in specs:
        fd = ogr.FieldDefn(name, kind)
        if width:
            fd.SetWidth(width)
        if kind == ogr.OFTReal:
            fd.SetWidth(16)
            fd.SetPrecision(4)
        lyr.CreateField(fd)
    kinds = ["新增建设用地", "疑似违法占地", "推填土", "设施农业"]
    defn = lyr.GetLayerDefn()

    for i in range(n):
        f = ogr.Feature(defn)
        f.SetField(0, f"1409232021{i:08d}")
        f.SetField(1, "140923")
        f.SetField(2, "代县")
        f.SetField(3, kinds[i % 4])
        f.SetField(4, "2021-03-01")
        f.SetField(5, "2021-04-20")
        for j in range(6, 12):
            f.SetField(j, float(round(rng.random() * 5, 4)))
        f.SetField(12, float(cx[i]))
        f.SetField(13, float(cy[i]))
        f.SetField(14, "2021-05-06")
        f.SetField(15, "否")
        f.SetGeometry(ogr.CreateGeometryFromWkb(wkb[i]))
        lyr.CreateFeature(f)

    ds = None
    cpg = path[:-4] + ".cpg"
    import os

    if os.path.exists(cpg):
        os.remove(cpg)
