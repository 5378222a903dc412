"""The plugin inside a (stub) QGIS interface: menu, dock, workspace layers, background import, Processing."""
import datetime as dt

import pytest

from wpzf.bench.synthetic import write_batch_shapefile
from wpzf.exchange.importer import BatchMeta
from wpzf.exchange.mapping import ProfileStore
from wpzf.store import create_workspace, open_workspace


@pytest.fixture
def batch(tmp_path):
    path = tmp_path / "bu_2021_05.shp"
    write_batch_shapefile(str(path), 25)
    return path


@pytest.fixture
def plugin(qgis_iface, qgis_new_project, tmp_path, monkeypatch):
    from qgis.core import QgsSettings

    QgsSettings().setValue("wpzf/last_workspace", "")
    from wpzf import classFactory

    p = classFactory(qgis_iface)
    p.initGui()
    yield p
    p.unload()


def test_dependencies_are_met_here():
    from wpzf import missing_dependencies, shapely_self_check

    assert missing_dependencies() == []
    assert shapely_self_check() is None


def test_missing_dependency_gives_a_message_not_a_traceback(qgis_iface, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    import wpzf

    monkeypatch.setattr(wpzf, "REQUIREMENTS", wpzf.REQUIREMENTS + (("no_such_module_xyz", None, "apt install x"),))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    plugin = wpzf.classFactory(qgis_iface)
    plugin.initGui()
    plugin.unload()
    assert type(plugin).__name__ == "MissingDependenciesPlugin"
    assert "no_such_module_xyz" in shown[0] and "apt install x" in shown[0]


def test_menu_toolbar_and_dock_open(plugin, qgis_iface):
    assert plugin.menu is not None and len(plugin.actions) == 6   # panel, import, reference layers, county, people, audit
    plugin.open_dock_action.trigger()
    assert plugin.dock is not None and not plugin.dock.isHidden()
    assert not plugin.dock.import_btn.isEnabled()  # nothing open yet


def test_dock_imports_in_background_and_lists_patches(plugin, batch, tmp_path, wait_for):
    from qgis.core import QgsProject

    ws_path = tmp_path / "county.gpkg"
    create_workspace(ws_path).close()
    plugin.show_dock()
    dock = plugin.dock
    dock.open(str(ws_path))
    names = {lyr.name() for lyr in QgsProject.instance().mapLayers().values()}
    assert {"图斑", "分割地块", "现场照片"} <= names
    patch_layer = next(lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "图斑")
    assert patch_layer.attributeAlias(patch_layer.fields().indexOf("JCBH")) == "监测编号"
    task = dock.start_import(str(batch), BatchMeta("部级", dt.date(2021, 5, 6), 2021), ProfileStore().load())
    wait_for(lambda: dock.last_report is not None)
    assert dock.last_report.ok, dock.last_report.text()
    assert task.report.counts["imported"] == 25
    assert dock.model.rowCount() == 25
    assert patch_layer.featureCount() == 25
    # stepping to a patch zooms the canvas onto it
    dock.table.selectRow(3)
    fid = dock.model.fid_at(3)
    ws = open_workspace(ws_path)
    lon = ws.get("wz_patch", fid)["LZB"]
    ws.close()
    ext = dock.iface.mapCanvas().extent()
    assert dock.highlight is not None
    assert ext.width() > 0 and abs(ext.center().x() - lon) < 0.01
    # search filter
    dock.filters.search.setText("00000007")
    assert dock.model.rowCount() == 1
    assert dock.progress.isHidden()


def test_cancelling_a_running_import_leaves_the_workspace_as_it_was(plugin, tmp_path, wait_for):
    big = tmp_path / "big.shp"
    write_batch_shapefile(str(big), 20000)
    ws_path = tmp_path / "c.gpkg"
    create_workspace(ws_path).close()
    plugin.show_dock()
    dock = plugin.dock
    dock.open(str(ws_path))
    dock.start_import(str(big), BatchMeta("部级", dt.date(2021, 5, 6), 2021), ProfileStore().load())
    assert not dock.progress.isHidden()
    dock.cancel_btn.click()
    wait_for(lambda: dock.last_report is not None)
    assert not dock.last_report.ok and "cancelled" in dock.last_report.text()
    ws = open_workspace(ws_path)
    assert ws.count("wz_patch") == 0 and ws.count("wz_batch") == 0
    ws.close()


def test_processing_algorithm_imports_and_refuses_twice(wpzf_provider, batch, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException


    ws_path = tmp_path / "p.gpkg"
    params = {"INPUT": str(batch), "WORKSPACE": str(ws_path), "LEVEL": 0, "ISSUED": "2021-05-06"}
    res = processing.run("wpzf:import_batch", params)
    assert res["IMPORTED"] == 25 and res["BATCH_ID"] == 1
    with pytest.raises(QgsProcessingException, match="already imported"):
        processing.run("wpzf:import_batch", params)
    ws = open_workspace(ws_path)
    assert ws.count("wz_patch") == 25 and ws.verify_audit().ok
    ws.close()
