"""QGIS reads a workspace whose R-tree was packed in one pass (store/gpkg_rtree.py) as it reads any other: a
map extent finds the patches whose boxes meet it, before and after later per-row edits."""
import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from wpzf.store import create_workspace, gpkg_rtree


def squares(n: int, seed: int) -> list:
    rng = np.random.default_rng(seed)
    x, y, w = rng.uniform(112, 114, n), rng.uniform(38, 40, n), rng.uniform(1e-4, 3e-3, n)
    return [MultiPolygon([shapely.box(a, b, a + c, b + c)]) for a, b, c in zip(x, y, w)]


def test_qgis_finds_by_extent_in_a_packed_tree(qgis_app, tmp_path, monkeypatch):
    from qgis.core import QgsFeatureRequest, QgsRectangle, QgsVectorLayer

    packed = []
    rebuild = gpkg_rtree.rebuild
    monkeypatch.setattr(gpkg_rtree, "rebuild", lambda *a: packed.append(len(a[2])) or rebuild(*a))

    path = tmp_path / "ws.gpkg"
    ws = create_workspace(path)
    geoms = squares(2500, 3)
    with ws.transaction():
        b = ws.insert("wz_batch", [{"PCBH": "B", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        fids = ws.insert("wz_patch", [{"JCBH": f"P{i}", "PCID": b} for i in range(len(geoms))], geoms=geoms)
    assert packed == [2500] and ws._fetch("SELECT rtreecheck('rtree_wz_patch_geom')") == [("ok",)]
    with ws.transaction():   # a later edit through the table's own triggers
        ws.update("wz_patch", fids[7], {}, geom=MultiPolygon([shapely.box(113.5, 39.5, 113.501, 39.501)]))
        ws.delete("wz_patch", fids[8])
    boxes = {f: g.bounds for f, g in zip(fids, geoms)}
    boxes[fids[7]] = (113.5, 39.5, 113.501, 39.501)
    del boxes[fids[8]]
    ws.close()
    layer = QgsVectorLayer(f"{path}|layername=wz_patch", "patches", "ogr")
    assert layer.isValid() and layer.featureCount() == len(boxes)
    rng = np.random.default_rng(11)
    for x, y in list(zip(rng.uniform(112, 114, 20), rng.uniform(38, 40, 20))) + [(113.49, 39.49)]:
        rect = QgsRectangle(x, y, x + 0.05, y + 0.05)
        got = {f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect))}
        want = {f for f, (a, b, c, d) in boxes.items() if a <= x + 0.05 and c >= x and b <= y + 0.05 and d >= y}
        assert got == want
