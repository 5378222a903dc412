"""wpzf:overlay_landuse on QGIS layers in another CRS, read through the layer's spatial index."""
import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.tests.exchange.corpus import write_shp

PATCH = "POLYGON((113 39, 113.004 39, 113.004 39.003, 113 39.003, 113 39))"


def memory_layer(wkts_attrs, fields, crs="EPSG:4526", name="DLTB"):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
        QgsProject,
        QgsVectorLayer,
    )

    spec = "&".join(f"field={f}" for f in fields)
    layer = QgsVectorLayer(f"Polygon?crs={crs}&{spec}", name, "memory")
    xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4490"), QgsCoordinateReferenceSystem(crs),
                                   QgsProject.instance())
    feats = []
    for wkt, attrs in wkts_attrs:
        f = QgsFeature(layer.fields())
        g = QgsGeometry.fromWkt(wkt)
        g = g.densifyByDistance(0.0001)
        g.transform(xform)
        f.setGeometry(g)
        f.setAttributes(attrs)
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_overlay_from_gauss_kruger_layers(wpzf_provider, tmp_path):
    from qgis import processing

    ws_path = tmp_path / "ws.gpkg"
    ws = create_workspace(ws_path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", [{"JCBH": "P", "wkt": PATCH}]),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    area_mu = float(ws.select("wz_patch", ["TBMJMU"])["TBMJMU"].iloc[0])
    ws.close()
    dltb = memory_layer([("POLYGON((112.99 38.99, 113.002 38.99, 113.002 39.01, 112.99 39.01, 112.99 38.99))",
                          ["0102", 0.05]),
                         ("POLYGON((113.002 38.99, 113.01 38.99, 113.01 39.01, 113.002 39.01, 113.002 38.99))",
                          ["0601", 0.0]),
                         ("POLYGON((114.5 39, 114.6 39, 114.6 39.1, 114.5 39.1, 114.5 39))", ["0301", 0.0])],
                        ["DLBM:string", "KCXS:double"])
    jbnt = memory_layer([("POLYGON((112.99 38.99, 113.001 38.99, 113.001 39.01, 112.99 39.01, 112.99 38.99))", [])],
                        [], name="YJJBNT")
    res = processing.run("wpzf:overlay_landuse", {"WORKSPACE": str(ws_path), "LANDUSE": dltb, "DLBM": "DLBM",
                                                  "KCXS": "KCXS", "BASIC_FARMLAND": jbnt})
    assert res["UNITS"] == 1 and res["UNCOVERED"] == 0
    ws = open_workspace(ws_path)
    rows = ws.select("wz_dlmj", ["DM", "MJMU"]).set_index("DM")["MJMU"]
    assert set(rows.index) == {"0102", "0601", "1203", "YJJBNTMJ"}
    assert rows[["0102", "0601", "1203"]].sum() == pytest.approx(area_mu, rel=1e-6)
    assert rows["1203"] == pytest.approx(rows["0102"] * 0.05 / 0.95, rel=1e-9)
    p = ws.select("wz_patch", ["GDMJ", "JSYDMJ", "YJJBNTMJ"]).iloc[0]
    assert p["GDMJ"] == pytest.approx(rows["0102"]) and p["JSYDMJ"] == pytest.approx(rows["0601"])
    assert p["YJJBNTMJ"] == pytest.approx(area_mu / 4, rel=2e-3)
    ws.close()
