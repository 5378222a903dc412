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


def test_a_geopackage_survey_read_and_computed_in_a_helper_process(wpzf_provider, tmp_path, monkeypatch):
    """A GeoPackage survey is read without QGIS, so the overlay may run in a helper process on the other core
    (from CHILD_MIN_PATCHES patches on; here forced from 1): the workspace ends up exactly as without it."""
    import shutil

    import shapely
    from osgeo import ogr, osr
    from qgis import processing
    from qgis.core import QgsVectorLayer

    from wpzf.core import overlay, overlay_child

    ws_path = tmp_path / "ws.gpkg"
    ws = create_workspace(ws_path)
    x = [113 + (i % 3) * 0.003 + (i // 3) * 0.6 for i in range(6)]      # two groups 0.6° apart: two chunks
    patches = [{"JCBH": f"P{i}", "wkt": shapely.box(x[i], 39, x[i] + 0.002, 39.002).wkt} for i in range(6)]
    assert import_batch(ws, write_shp(tmp_path / "b.shp", patches), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    ws.close()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "dltb.gpkg"))
    lyr = ds.CreateLayer("DLTB", srs, ogr.wkbPolygon)
    for name, kind in (("DLBM", ogr.OFTString), ("KCXS", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for i in range(80):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("DLBM", ("0102", "0601", "0301", "1104")[i % 4])
        f.SetField("KCXS", 0.05 if i % 4 == 0 else 0.0)
        x0 = 112.999 + (i % 40) * 0.0005 + (i // 40) * 0.6
        f.SetGeometry(ogr.CreateGeometryFromWkt(shapely.box(x0, 38.99, x0 + 0.0005, 39.01).wkt))
        lyr.CreateFeature(f)
    ds = None
    shutil.copyfile(ws_path, tmp_path / "ws2.gpkg")
    started = []
    real_start = overlay_child.Helper.start.__func__

    def start(cls):
        h = real_start(cls)
        started.append(h is not None)
        return h

    from wpzf.store import overlay as store_overlay

    engine, helpers = store_overlay.overlay_landuse, []

    def recording(*a, **kw):
        res = engine(*a, **kw)
        helpers.append(res.stats["helper_process"])
        return res

    monkeypatch.setattr(store_overlay, "overlay_landuse", recording)
    results = []
    for path, helper_from in ((ws_path, 10 ** 9), (tmp_path / "ws2.gpkg", 1)):
        monkeypatch.setattr(overlay, "CHILD_MIN_PATCHES", helper_from)
        monkeypatch.setattr(overlay_child.Helper, "start", classmethod(start))
        layer = QgsVectorLayer(f"{tmp_path / 'dltb.gpkg'}|layername=DLTB", "DLTB", "ogr")
        res = processing.run("wpzf:overlay_landuse", {"WORKSPACE": str(path), "LANDUSE": layer, "DLBM": "DLBM",
                                                      "KCXS": "KCXS"})
        assert res["UNITS"] == 6
        w = open_workspace(path)
        rows = w.select("wz_dlmj", ["TBID", "DM", "MJ"]).sort_values(["TBID", "DM"]).reset_index(drop=True)
        summ = w.select("wz_patch", ["GDMJ", "JSYDMJ", "NYDMJ"]).sort_values("fid").reset_index(drop=True)
        assert w.verify_audit().ok
        w.close()
        results.append((rows.drop(columns="fid"), summ))
    assert started == [True] and helpers == ["no", "yes"]     # only the second run had (and used) a helper
    assert len(results[0][0]) > 6
    assert results[0][0].equals(results[1][0]) and results[0][1].equals(results[1][1])
