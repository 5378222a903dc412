"""The dock's photo panel: thumbnails of a patch's photos (EXIF orientation respected), the viewer,
adding through the panel's API with the warnings shown in the panel and a signal for the dock."""
import datetime as dt
from pathlib import Path

import pytest
from shapely.geometry import MultiPolygon, Polygon

from wpzf.demo.exif import write_exif
from wpzf.exchange.photos import attach_photos
from wpzf.store import create_workspace

Image = pytest.importorskip("PIL.Image")

SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])


def geotag(path: Path, lon: float, lat: float):
    from qgis.core import QgsExifTools, QgsPointXY

    assert QgsExifTools.geoTagImage(str(path), QgsPointXY(lon, lat), QgsExifTools.GeoTagDetails())


def landscape(path: Path, colour, lonlat=(113.0005, 39.0005), direction=90.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (160, 120), colour).save(path, "JPEG")
    write_exif(str(path), dt.datetime(2021, 5, 20, 9, 15), make="HUAWEI", model="P40", direction=direction)
    geotag(path, *lonlat)
    return path


def turned(path: Path) -> Path:
    """Stored 160×120, EXIF Orientation 6 (rotate 90° clockwise to show): a portrait photo, written by PIL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (160, 120), (200, 30, 30))
    img.paste((30, 30, 200), (0, 0, 80, 120))   # left half blue: after turning, the top half
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 12"
    img.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    geotag(path, 113.0002, 39.0002)
    return path


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "county.gpkg")
    with w.transaction():
        b = w.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        w.insert("wz_patch", [{"JCBH": "P1", "PCID": b, "ZT": "待核查"}, {"JCBH": "P2", "PCID": b, "ZT": "待核查"}],
                 geoms=[SQ, SQ])
    yield w
    w.close()


@pytest.fixture
def panel(qgis_parent):
    """A panel on screen (a hidden one reads nothing until it is shown: see the test of that)."""
    from wpzf.ui.photo_panel import PhotoPanel

    p = PhotoPanel()
    p.resize(600, 250)
    p.show()
    yield p
    if p.viewer is not None:
        p.viewer.close()
    p.hide()
    p.deleteLater()


def test_thumbnails_of_a_patch_respect_exif_orientation(ws, panel, tmp_path):
    from qgis.PyQt.QtCore import QSize

    from wpzf.ui.photo_panel import THUMB, load_image

    portrait = turned(tmp_path / "in" / "IMG_0001.jpg")
    flat = landscape(tmp_path / "in" / "IMG_0002.jpg", (20, 160, 20))
    assert len(attach_photos(ws, 1, [portrait, flat]).added) == 2
    panel.set_patch(ws, 1)
    assert panel.list.count() == 2 and panel.add_files_btn.isEnabled()
    rows = {r["YWJM"]: i for i, r in panel.frame.iterrows()}
    t = panel.thumbnail(panel.frame.at[rows["IMG_0001.jpg"], "SHA"], panel.frame.at[rows["IMG_0001.jpg"], "path"])
    assert (t.width(), t.height()) == (THUMB * 3 // 4, THUMB)          # stored 160×120, shown 96×128
    top, bottom = t.pixelColor(48, 10), t.pixelColor(48, 118)
    assert top.blue() > 150 > top.red() and bottom.red() > 150 > bottom.blue()   # turned clockwise
    t2 = panel.thumbnail(panel.frame.at[rows["IMG_0002.jpg"], "SHA"], panel.frame.at[rows["IMG_0002.jpg"], "path"])
    assert (t2.width(), t2.height()) == (THUMB, THUMB * 3 // 4)
    assert panel.wait_for_thumbnails()   # decoded on worker threads, shown as they arrive
    icon = panel.list.item(rows["IMG_0001.jpg"]).icon()
    size = icon.availableSizes()[0]
    assert size.height() > size.width()
    # the label and tooltip carry time and direction
    item = panel.list.item(rows["IMG_0002.jpg"])
    assert "05-20 09:15" in item.text() and "90°" in item.text()
    assert "HUAWEI P40" in item.toolTip() and "113.000500" in item.toolTip()
    # cached by checksum: the same QImage object comes back
    assert panel.thumbnail(panel.frame.at[rows["IMG_0001.jpg"], "SHA"], "/nowhere.jpg").cacheKey() == t.cacheKey()
    # decoding at thumbnail size never reads more than asked
    assert load_image(str(portrait), QSize(40, 40)).size() == QSize(30, 40)
    # the other patch has none
    panel.set_patch(ws, 2)
    assert panel.list.count() == 0
    panel.set_patch(None, None)
    assert panel.list.count() == 0 and not panel.add_files_btn.isEnabled()


def test_a_hidden_panel_reads_when_shown_and_reuses_its_items(ws, qgis_parent, tmp_path, monkeypatch):
    """Stepping through patches on another tab reads and decodes nothing; showing the tab catches up;
    stepping while it shows decodes at once and reuses the list's items."""
    import wpzf.ui.photo_panel as pp

    attach_photos(ws, 1, [turned(tmp_path / "IMG_0001.jpg"), landscape(tmp_path / "IMG_0002.jpg", (1, 2, 3))])
    attach_photos(ws, 2, [landscape(tmp_path / "IMG_0003.jpg", (9, 9, 9))])
    decoded, reads = [], []
    real_load, real_read = pp.load_image, pp.photo_rows
    monkeypatch.setattr(pp, "load_image", lambda path, bound: decoded.append(Path(path).name) or real_load(path, bound))
    monkeypatch.setattr(pp, "photo_rows", lambda *a, **k: reads.append(a[1]) or real_read(*a, **k))
    panel = pp.PhotoPanel(qgis_parent)      # in a hidden tab
    try:
        panel.set_patch(ws, 2)
        panel.set_patch(ws, 1)
        assert reads == [] and decoded == [] and panel.frame is None
        panel.setParent(None)
        panel.resize(600, 250)
        panel.show()                         # the tab is shown: the current patch is read and decoded, once
        assert reads == [1] and panel.list.count() == 2
        assert panel.wait_for_thumbnails() and len(decoded) == 2
        assert max(panel.list.item(i).icon().availableSizes()[0].height() for i in range(2)) == pp.THUMB
        first = panel.list.item(0)
        panel.set_patch(ws, 2)               # stepping while it shows: at once, the first item reused
        assert reads == [1, 2] and panel.wait_for_thumbnails() and len(decoded) == 3
        assert panel.list.count() == 1 and panel.list.item(0) is first
        assert "IMG_0003.jpg" in panel.list.item(0).toolTip()
        panel.set_patch(ws, 1)               # back: the thumbnails come from the cache
        assert len(decoded) == 3 and panel.list.count() == 2
        assert panel.list.item(1).icon().availableSizes()[0].height() > 0
    finally:
        panel.hide()
        panel.deleteLater()


def test_clicking_enlarges_in_a_non_modal_viewer(ws, panel, tmp_path):
    portrait = turned(tmp_path / "IMG_0001.jpg")
    attach_photos(ws, 1, [portrait, landscape(tmp_path / "IMG_0002.jpg", (1, 2, 3))])
    panel.set_patch(ws, 1)
    selected = []
    panel.photoSelected.connect(selected.append)
    row = int(panel.frame.index[panel.frame["YWJM"] == "IMG_0001.jpg"][0])
    panel.list.itemClicked.emit(panel.list.item(row))
    v = panel.viewer
    assert v is not None and v.isVisible() and not v.isModal()
    pm = v.image.pixmap()
    assert pm.height() > pm.width()                     # orientation respected when enlarged
    assert "iPhone 12" in v.caption.text()
    assert selected == [int(panel.frame.at[row, "fid"])]
    panel.list.itemActivated.emit(panel.list.item(1 - row))   # Enter on the other one: same viewer, new photo
    assert panel.viewer is v and v.row == 1 - row and v.image.pixmap().width() > v.image.pixmap().height()


def test_adding_through_the_panel_updates_it_and_reports_in_the_panel(ws, panel, tmp_path):
    from qgis.core import Qgis

    panel.set_patch(ws, 1)
    assert panel.list.count() == 0
    added = []
    panel.photosAdded.connect(lambda tbid, n: added.append((tbid, n)))
    far = landscape(tmp_path / "DCIM" / "deviceA" / "IMG_0001.jpg", (50, 50, 50), lonlat=(113.0005, 39.0015))
    landscape(tmp_path / "DCIM" / "deviceB" / "IMG_0001.jpg", (90, 90, 90))
    turned(tmp_path / "DCIM" / "deviceB" / "IMG_0002.JPG")
    (tmp_path / "DCIM" / "deviceB" / "broken.jpg").write_bytes(b"not a jpeg")
    report = panel.add_folder(str(tmp_path / "DCIM"))
    assert len(report.added) == 3 and len(report.errors) == 1
    assert added == [(1, 3)]
    assert panel.list.count() == 3
    item = panel.bar.currentItem()
    assert item is not None and item.level() == Qgis.MessageLevel.Critical
    assert "broken.jpg" in report.text() and "deviceA/IMG_0001.jpg" in report.text()
    assert "56 m outside the patch" in report.text()
    flagged = [panel.list.item(i).text() for i in range(3) if panel.list.item(i).text().startswith("⚠")]
    assert len(flagged) == 1
    assert "3" in panel.count_label.text()
    # the same photo again: recognised, nothing added, no signal, an info message
    report = panel.add_paths([far])
    assert report.added == [] and len(report.duplicates) == 1
    assert added == [(1, 3)] and panel.list.count() == 3
    assert panel.bar.currentItem().level() == Qgis.MessageLevel.Info
    # an empty folder says so without touching the workspace
    (tmp_path / "empty").mkdir()
    assert panel.add_folder(str(tmp_path / "empty")) is None
    assert panel.bar.currentItem().level() == Qgis.MessageLevel.Warning


def test_a_missing_stored_file_is_flagged_not_fatal(ws, panel, tmp_path):
    r = attach_photos(ws, 1, [landscape(tmp_path / "IMG_0001.jpg", (7, 7, 7))])
    Path(r.added[0].path).unlink()
    panel.set_patch(ws, 1)
    item = panel.list.item(0)
    assert item.text().startswith("⚠") and r.added[0].path in item.toolTip()
    panel.open_photo(0)
    pm = panel.viewer.image.pixmap()
    assert (pm is None or pm.isNull()) and "cannot be shown" in panel.viewer.image.text()
    assert "IMG_0001.jpg" in panel.viewer.windowTitle()
