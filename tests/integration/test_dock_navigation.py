"""Stepping through the queue: keys, next unreviewed, the card, and the position kept across sessions."""
import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.tests.exchange.corpus import good_rows, write_shp


@pytest.fixture
def dock(qgis_iface, qgis_new_project, tmp_path):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    ws_path = tmp_path / "nav.gpkg"
    ws = create_workspace(ws_path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", good_rows(5)), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    fids = dict(zip(ws.select("wz_patch", ["JCBH"])["JCBH"], ws.select("wz_patch", ["JCBH"])["fid"]))
    with ws.transaction():
        ws.update("wz_patch", int(fids["K0001"]), {"ZT": "已核查"})
        ws.update("wz_patch", int(fids["K0002"]), {"ZT": "已判定", "PDJG": "合法用地"})
    ws.close()
    QgsSettings().setValue("wpzf/last_workspace", "")
    d = WpzfDock(qgis_iface)
    d.register_shortcuts()
    d.open(str(ws_path))
    yield d
    d.unregister_shortcuts()
    d.close_workspace()


def current_key(dock):
    return dock.model.df["JCBH"].iloc[dock.current_row()]


def test_keys_step_through_the_queue_and_the_card_follows(dock):
    dock.select_row(0)
    assert current_key(dock) == "K0000"
    dock.actions["next"].trigger()
    assert current_key(dock) == "K0001"
    assert "K0001" in dock.card.toPlainText() and "2021-06-20" in dock.card.toPlainText()
    dock.actions["previous"].trigger()
    assert current_key(dock) == "K0000"
    dock.actions["previous"].trigger()  # stays at the start
    assert current_key(dock) == "K0000"
    assert dock.actions["next"].shortcut().toString() == "Alt+Right"
    assert dock.highlight is not None


def test_next_unreviewed_skips_reviewed_patches(dock):
    dock.select_row(0)
    dock.actions["next_unreviewed"].trigger()
    assert current_key(dock) == "K0003"  # K0001 and K0002 are reviewed
    dock.actions["next_unreviewed"].trigger()
    assert current_key(dock) == "K0004"
    dock.actions["next_unreviewed"].trigger()  # wraps round
    assert current_key(dock) == "K0000"


def test_counts_and_filters(dock):
    assert dock.model.counts() == (2, 5)
    dock.filters.status.setCurrentIndex(dock.filters.status.findData("已核查"))
    assert dock.model.rowCount() == 1 and "1" in dock.count_label.text()


def test_position_survives_a_new_session(dock, qgis_iface):
    from wpzf.ui.dock import WpzfDock

    dock.select_row(3)
    path = dock.ws.location
    dock.close_workspace()
    again = WpzfDock(qgis_iface)
    again.open(path)
    try:
        assert again.current_fid == dock.model.fid_at(3) and again.current_row() == 3
    finally:
        again.close_workspace()


def test_photos_added_in_the_dock_show_in_the_queue_and_on_the_map(dock, tmp_path):
    from qgis.core import QgsProject

    from wpzf.tests.exchange.test_photos import make_photo

    dock.select_row(0)
    patch = dock.ws.get("wz_patch", dock.current_fid, geometry=True)["geom"]
    c = patch.centroid
    photo = make_photo(tmp_path / "IMG_0001.jpg", lonlat=(c.x, c.y))
    report = dock.photos.add_paths([str(photo)])
    assert report.ok and len(report.added) == 1
    assert dock.model.df["NPHOTO"].iloc[dock.current_row()] == 1
    layer = next(lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "现场照片")
    assert layer.featureCount() == 1
    assert dock.photos.list.count() == 1
