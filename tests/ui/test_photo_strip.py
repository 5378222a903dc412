"""The photo strip on a step (ui/photo_panel.py): plain rows, no DataFrame; thumbnails decoded off the UI thread,
cached by checksum, the next patch's decoded ahead while the strip shows, none decoded twice or while hidden."""
from pathlib import Path

import pytest

from wpzf.exchange.photo_lookup import photo_files
from wpzf.exchange.photos import attach_photos
from wpzf.tests.integration.test_photo_panel import landscape, turned
from wpzf.tests.integration.test_photo_panel import ws as ws  # noqa: F401  (fixture)

pytest.importorskip("PIL.Image")


@pytest.fixture
def strip(ws, qgis_parent, tmp_path, monkeypatch):
    """A panel on screen over three patches (1: two photos, 2: one, 3: none), counting what it decodes."""
    import wpzf.ui.photo_panel as pp

    with ws.transaction():
        ws.insert("wz_patch", [{"JCBH": "P3", "PCID": 1, "ZT": "待核查"}])
    attach_photos(ws, 1, [turned(tmp_path / "IMG_0001.jpg"), landscape(tmp_path / "IMG_0002.jpg", (1, 2, 3))])
    attach_photos(ws, 2, [landscape(tmp_path / "IMG_0003.jpg", (9, 9, 9))])
    decoded = []
    real = pp.load_image
    monkeypatch.setattr(pp, "load_image", lambda path, bound: decoded.append(Path(path).name) or real(path, bound))
    panel = pp.PhotoPanel()
    panel.resize(600, 250)
    panel.show()
    panel.decoded = decoded
    panel.stored = {tbid: sorted(Path(path).name for _, path in photo_files(ws, tbid)) for tbid in (1, 2)}
    yield panel
    panel.wait_for_thumbnails()
    pp._pool().waitForDone(5000)
    panel.hide()
    panel.deleteLater()


def test_a_step_lists_plain_rows_and_builds_no_frame(strip, ws):
    strip.set_patch(ws, 1)
    assert [r["YWJM"] for r in strip.rows] == ["IMG_0002.jpg", "IMG_0001.jpg"] and strip._frame is None   # by time
    assert isinstance(strip.rows[0], dict) and strip.count_label.text().startswith("2")
    assert list(strip.frame["YWJM"]) == ["IMG_0002.jpg", "IMG_0001.jpg"]      # a frame only when asked for
    assert strip.wait_for_thumbnails() and strip.thumbnails_pending() == 0
    assert sorted(strip.decoded) == strip.stored[1]
    strip.set_patch(ws, 3)
    assert strip.rows == [] and strip.list.count() == 0 and strip.thumbnails_pending() == 0


def test_the_next_patch_is_decoded_ahead_and_shown_from_the_cache(strip, ws):
    strip.set_patch(ws, 1, ahead=[2])
    assert strip.wait_for_thumbnails()
    from wpzf.ui.photo_panel import _pool

    assert _pool().waitForDone(5000)
    from qgis.core import QgsApplication

    QgsApplication.processEvents()          # the decoded-ahead thumbnail reaches the cache
    assert sorted(strip.decoded) == sorted(strip.stored[1] + strip.stored[2])
    strip.set_patch(ws, 2)                  # stepping on: shown at once, nothing decoded again
    assert strip.thumbnails_pending() == 0 and len(strip.decoded) == 3
    assert strip.list.item(0).icon().availableSizes()[0].width() == 128
    strip.set_patch(ws, 1)                  # and back: from the cache too
    assert strip.thumbnails_pending() == 0 and len(strip.decoded) == 3


def test_a_thumbnail_being_decoded_ahead_is_waited_for_not_decoded_twice(strip, ws):
    strip.set_patch(ws, 1, ahead=[2])
    strip.set_patch(ws, 2)                  # at once: IMG_0003 is still on the worker thread (or just done)
    assert strip.wait_for_thumbnails() and strip.thumbnails_pending() == 0
    assert strip.decoded.count(strip.stored[2][0]) == 1
    assert strip.list.count() == 1 and strip.list.item(0).icon().availableSizes()


def test_a_hidden_strip_decodes_nothing_ahead(strip, ws):
    strip.set_patch(ws, 1)
    assert strip.wait_for_thumbnails()
    strip.hide()
    strip.decode_ahead([("f" * 64, str(Path(ws.location).parent / "none.jpg"))])
    strip.set_patch(ws, 2, ahead=[1])
    from wpzf.ui.photo_panel import _pool

    assert _pool().waitForDone(5000)
    assert sorted(strip.decoded) == strip.stored[1] and strip.rows is None


def test_each_patch_ahead_is_looked_up_once(strip, ws, monkeypatch):
    import wpzf.ui.photo_panel as pp

    looked = []
    real = pp.photo_files
    monkeypatch.setattr(pp, "photo_files", lambda w, tbid: looked.append(tbid) or real(w, tbid))
    strip.set_patch(ws, 1, ahead=[2, 3])
    strip.set_patch(ws, 2, ahead=[3, 1])    # a step: only the patch new to the list is looked up
    assert looked == [2, 3, 1]
    assert strip.wait_for_thumbnails() and strip.decoded.count(strip.stored[2][0]) == 1
