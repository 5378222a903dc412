"""N-date imagery (issue 19): N dated layers → N views in step with the main canvas, stepping with the key,
"change first seen here" setting 始建日期 through the findings form's audited save and keeping a screenshot."""
import pytest

from wpzf.tests.integration.test_compare import canvas, write_tif  # noqa: F401  (fixture)
from wpzf.tests.integration.test_dock_workflow import _dock
from wpzf.tests.reports import conftest as report_fixtures

pytestmark = pytest.mark.qgis
ws = report_fixtures.ws
COLOURS = ((200, 0, 0), (0, 160, 0), (0, 0, 200), (200, 200, 0))
NAMES = ("影像 2019-10-01", "影像 2020-10-01", "影像 2021-04-30", "后时相 after")


@pytest.fixture
def layers(qgis_new_project, tmp_path):
    from qgis.core import QgsRasterLayer

    out = []
    for i, (rgb, name) in enumerate(zip(COLOURS, NAMES)):
        lyr = QgsRasterLayer(str(write_tif(tmp_path / f"img{i}.tif", rgb)), name)
        assert lyr.isValid()
        out.append(lyr)
    qgis_new_project.addMapLayers(out)
    return out


@pytest.fixture
def dock(qgis_iface, qgis_new_project, ws, layers, canvas):  # noqa: F811
    qgis_iface.messageBar().clear_messages()
    d = _dock(qgis_iface, ws.location)
    yield d
    d.series.unload()
    d.close_workspace()


def same_view(a, b):
    ca, cb, m = a.center(), b.center(), a.mapUnitsPerPixel()
    return abs(ca.x() - cb.x()) < m and abs(ca.y() - cb.y()) < m and abs(m - b.mapUnitsPerPixel()) < 1e-9 * m


def test_series_remembered_per_workspace(dock, layers, ws):
    from wpzf.store.settings import imagery_series

    # three layers with dates in their names: taken and remembered when the workspace opens
    assert [i["date"] for i in dock.series.items] == ["2019-10-01", "2020-10-01", "2021-04-30"]
    assert [e["date"] for e in imagery_series(ws)] == ["2019-10-01", "2020-10-01", "2021-04-30"]
    # a fourth without a date in its name gets the one the user types; the series stays in date order
    dock.series.combo.setLayer(layers[3])
    dock.series._add_chosen()
    assert dock.series.items[-1] == {"id": layers[3].id(), "date": None}
    dock.series.table.item(3, 1).setText("2021-06-15")
    assert imagery_series(ws)[-1]["date"] == "2021-06-15" and imagery_series(ws)[-1]["layer"]["name"] == NAMES[3]
    dock.series.table.item(0, 1).setText("2021-05-01")        # a date moves its layer
    assert [i["id"] for i in dock.series.items] == [layers[k].id() for k in (1, 2, 0, 3)]


def test_views_follow_the_main_canvas_and_each_other(dock, layers, canvas):  # noqa: F811
    from qgis.core import QgsPointXY, QgsRectangle
    from qgis.PyQt.QtWidgets import QApplication

    dock.series.combo.setLayer(layers[3])
    dock.series._add_chosen()
    dock.series.set_views(True)
    grid = dock.series.dock.grid
    grid.resize(800, 600)
    dock.series.dock.show()
    QApplication.processEvents()
    assert len(grid.views) == 4
    assert [v.canvas.layers()[-1] for v in grid.views] == layers        # each view: its image, at the bottom
    assert [v.label.text() for v in grid.views] == ["2019-10-01", "2020-10-01", "2021-04-30", "no date"]
    assert grid.grid.getItemPosition(3)[:2] == (1, 1)           # 2×2
    # the main map's vector layers (the patches) are drawn over every date
    from qgis.core import QgsVectorLayer

    outline = QgsVectorLayer("Polygon?crs=EPSG:3857", "patches", "memory")
    canvas.setLayers([outline, layers[1]])
    assert [v.canvas.layers() for v in grid.views] == [[outline, layers[k]] for k in (0, 1, 2, 3)]
    canvas.setExtent(QgsRectangle(200, 200, 400, 400))
    assert all(same_view(canvas, v.canvas) for v in grid.views)
    # one view panned by the user: the main canvas and every other view follow
    grid.views[2].canvas.setCenter(QgsPointXY(610, 640))
    assert abs(canvas.center().x() - 610) < canvas.mapUnitsPerPixel()
    assert all(same_view(canvas, v.canvas) for v in grid.views)
    dock.series.set_views(False)
    assert dock.series.dock is None


def test_step_with_the_key(dock, layers, qgis_iface):
    from qgis.PyQt.QtGui import QKeySequence

    from wpzf.ui.dock import SHORTCUTS

    dock.register_shortcuts()
    try:
        prev, nxt = dock.actions["series_previous"], dock.actions["series_next"]
        assert nxt.shortcut() == QKeySequence(SHORTCUTS["series_next"]) == QKeySequence("Alt+PgDown")
        assert prev.shortcut() == QKeySequence("Alt+PgUp")
        nxt.trigger()                     # opens the views, one at a time
        grid = dock.series.dock.grid
        assert grid.single and grid.current == 1
        assert [v.isVisibleTo(grid) for v in grid.views] == [False, True, False]
        assert grid.grid.getItemPosition(grid.grid.indexOf(grid.views[1]))[:2] == (0, 0)   # alone, all the space
        nxt.trigger()
        nxt.trigger()                     # round to the first
        assert grid.current == 0 and "1/3  2019-10-01" in dock.series.dock.position.text()
        prev.trigger()
        assert grid.current == 2 and grid.views[2].isVisibleTo(grid) and not grid.views[0].isVisibleTo(grid)
        dock.series.dock.single_btn.setChecked(False)          # back to the grid: every view
        assert all(v.isVisibleTo(grid) for v in grid.views)
        nxt.trigger()                                           # the key from the grid: one at a time again
        assert grid.single and grid.current == 0 and [v.isVisibleTo(grid) for v in grid.views] == [True, False, False]
    finally:
        dock.unregister_shortcuts()


def test_first_change_sets_the_start_date_and_keeps_a_screenshot(dock, ws):
    from wpzf.exchange.photo_lookup import photos_of_patch
    from wpzf.exchange.screenshots import is_screenshot
    from wpzf.store.determinations import unit_facts

    dock.select_row(0)
    fid = dock.current_fid
    audit_before = len(ws.select("wz_audit", ["SEQ"]))
    dock.series.set_views(True)
    grid = dock.series.dock.grid
    grid.resize(600, 300)
    grabbed_on = []
    real_grab = grid.grab
    grid.grab = lambda: (grabbed_on.append(dock.current_fid), real_grab())[1]
    dock.auto_next.setChecked(True)           # "next after saving" moves on: the screenshot is of this patch
    grid.views[1].record_btn.click()
    assert grabbed_on == [fid] and dock.current_fid != fid
    record = unit_facts(ws, fid, None)[0]
    assert str(record["JSRQ"])[:10] == "2020-10-01"
    audit = ws.select("wz_audit", ["TBL", "ACTION"], order_by='"SEQ"')
    assert len(audit) > audit_before and "wz_fact" in set(audit["TBL"].iloc[audit_before:])
    assert not dock.findings.is_dirty()
    shots = photos_of_patch(ws, fid)
    assert len(shots) == 1
    shot = shots.iloc[0].to_dict()
    assert is_screenshot(shot) and shot["YWJM"].endswith("_2020-10-01.png") and shot["exists"]
    from PIL import Image

    with Image.open(shot["path"]) as im:
        assert im.format == "PNG" and im.size[0] > 100
