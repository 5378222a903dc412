"""Splitting the patch at hand from the dock: a drawn line, or along a land-survey layer."""
import datetime as dt

import pytest
from shapely.geometry import LineString

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.tests.exchange.corpus import write_shp

PATCH = "POLYGON((113 39, 113.004 39, 113.004 39.003, 113 39.003, 113 39))"


@pytest.fixture
def dock(qgis_iface, qgis_new_project, tmp_path):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    ws_path = tmp_path / "split.gpkg"
    ws = create_workspace(ws_path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", [{"JCBH": "S1", "wkt": PATCH}]),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    ws.close()
    QgsSettings().setValue("wpzf/last_workspace", "")
    d = WpzfDock(qgis_iface)
    d.open(str(ws_path))
    d.select_row(0)
    yield d
    d.close_workspace()


def test_split_with_a_drawn_line(dock):
    panel = dock.split_panel
    assert panel.split_line(LineString([(113.002, 38.99), (113.002, 39.01)]))
    parts = dock.ws.select("wz_part", ["TBMJ"])
    assert len(parts) == 2
    assert parts["TBMJ"].sum() == pytest.approx(dock.ws.get("wz_patch", dock.current_fid)["TBMJ"], abs=1e-6)
    assert len(dock.highlighter.items) == 3  # the patch and its two parts
    assert "分割地块" in dock.card.toPlainText() or "Parts" in dock.card.toPlainText()
    failures = []
    panel.failed.connect(failures.append)
    assert not panel.split_line(LineString([(113.0001, 39.0001), (113.0002, 39.0002)]))
    assert failures and len(dock.ws.select("wz_part")) == 2  # the earlier split stays
    panel.remove_split()
    assert dock.ws.count("wz_part") == 0


def test_split_along_a_land_survey_layer(dock):
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4490&field=DLBM:string", "DLTB", "memory")
    feats = []
    for wkt, code in (("POLYGON((112.99 38.99, 113.0025 38.99, 113.0025 39.01, 112.99 39.01, 112.99 38.99))", "0103"),
                      ("POLYGON((113.0025 38.99, 113.01 38.99, 113.01 39.01, 113.0025 39.01, 113.0025 38.99))", "0702")):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes([code])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(layer)
    panel = dock.split_panel
    panel.layer.setLayer(layer)
    panel.field.setField("DLBM")
    assert panel.split_along()
    parts = dock.ws.select("wz_part", ["TBMJMU"])
    assert len(parts) == 2 and abs(parts["TBMJMU"].iloc[0] - parts["TBMJMU"].iloc[1]) > 1  # 0.0025 vs 0.0015 wide
    assert dock.ws.verify_audit().ok
