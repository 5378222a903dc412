"""The dock's case-workflow parts: the dashboard tab, the review-sample and case filters, deadline
refresh, and the report export running as a background task with progress and cancel."""
import datetime as dt
import json

import pytest

from wpzf.exchange.field_package import MANIFEST_NAME
from wpzf.store import cases, open_workspace
from wpzf.store.queue import patch_card
from wpzf.tests.reports import conftest as report_fixtures

ws = report_fixtures.ws
D = dt.date


@pytest.fixture
def dock(qgis_iface, qgis_new_project, ws):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    cases.open_unit_case(ws, ws.fids["a"], "立1", D(2021, 6, 1))
    path = ws.location
    QgsSettings().setValue("wpzf/last_workspace", "")
    d = WpzfDock(qgis_iface)
    d.open(str(path))
    yield d
    d.close_workspace()


def test_dashboard_tab_shows_the_workspace(dock):
    dash = dock.dashboard
    assert dash._stale                                   # not computed while nobody looks at it
    dock.show()
    dock.tabs.setCurrentWidget(dash)                     # the user opens the tab: now it is computed
    rows = {dash.progress.item(r, 0).text(): r for r in range(dash.progress.rowCount())}
    # headers and the total row in the UI's language (core/labels.py); township names are names
    from wpzf.core.labels import header, term
    from wpzf.store.dashboard import PROGRESS_COLUMNS
    from wpzf.ui.patch_card import ui_lang

    total = term("合计", ui_lang())
    heads = [dash.progress.horizontalHeaderItem(c).text() for c in range(dash.progress.columnCount())]
    assert heads == [header(h, ui_lang()) for h in PROGRESS_COLUMNS]
    assert {"上馆镇", "聂营镇", total} <= set(rows)
    assert dash.progress.item(rows[total], 1).text() == "3"
    assert "代县" in dash.county.text()
    assert dash.deadlines.rowCount() >= 1
    assert dash.progress.item(rows["上馆镇"], 6).text() == "1"              # 已立案: a's case
    d = dash.dashboard
    assert "error" not in d.county[0] and d.county[0]["numerator"] == 5.0 and "5.00" in dash.county.text()
    # the table shows the computed deadlines (today is the real date: the 2021 report dates are always listed)
    shown = [dash.deadlines.item(r, 1).text() for r in range(dash.deadlines.rowCount())]
    from wpzf.ui.dashboard import deadline_text

    assert shown == [deadline_text(x, ui_lang()) for x in d.deadlines]
    assert "2021年度半年报告报送" in [x.what for x in d.deadlines]
    assert ("2021年度半年报告报送" in shown) == (ui_lang() == "zh")   # an English UI reads English
    dash.townshipActivated.emit("聂营镇")
    assert set(dock.model.df["XZMC"]) == {"聂营镇"}


def test_case_and_sample_filters_and_deadline_refresh(dock):
    idx = dock.filters.case.findData("立案")
    dock.filters.case.setCurrentIndex(idx)
    assert list(dock.model.df["JCBH"]) == ["1409232021050001"]
    dock.filters.case.setCurrentIndex(0)
    dock.refresh_deadlines()
    w = open_workspace(dock.ws.location)
    try:
        assert set(w.select("wz_patch", ["HCJZ"])["HCJZ"]) == {"2021-06-20"}
    finally:
        w.close()


def test_reports_export_as_a_task(dock, tmp_path, wait_for):
    done = []
    task = dock.start_reports(tmp_path / "out", D(2021, 8, 1))
    orig = task.on_done
    task.on_done = lambda files, error, cancelled, *rest: (done.append((files, error, cancelled)),
                                                          orig(files, error, cancelled, *rest))
    wait_for(lambda: done, timeout=120)
    files, error, cancelled = done[0]
    assert error is None and not cancelled
    names = {f.name for f in files}
    assert {"违法用地台账.xlsx", "问责测算.pdf"} <= names
    assert not dock.progress.isVisible()


def test_rosters_dialog_and_case_tab_from_the_dock(dock):
    dlg = dock.edit_rosters()
    assert dlg.isVisible()
    dlg.close()
    dock.select_row(0)
    assert dock.current_fid is not None and dock.case_tab.tbid == dock.current_fid


def test_atlas_of_the_listed_patches_from_the_dock(dock, tmp_path):
    files = dock.run_atlas(tmp_path / "maps", [int(f) for f in dock.model.df["fid"]], single_pdf=False)
    assert sorted(f.stem for f in files) == sorted(dock.model.df["JCBH"])


def test_field_package_round_trip_from_the_dock(dock, tmp_path, monkeypatch):
    from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog

    folder = tmp_path / "pkg"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("张三", True))
    monkeypatch.setattr("wpzf.ui.dock_field.QMessageBox.information", lambda *a, **k: None)
    report = dock.export_field_package()
    assert report.patches == 3 and (folder / "field.gpkg").exists()
    manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["verifier"] == "张三" and sorted(r["JCBH"] for r in manifest["records"].values()) == \
        ["1409232021050001", "1409232021050002", "1409232021050003"]
    again = dock.import_field_package(str(folder))     # nothing changed in the field: nothing to merge
    assert again.ok and not again.conflicts and not again.merged


def test_card_names_the_county_seat_zone_of_a_patch_inside_it(dock):
    import shapely

    from wpzf.store.rosters import patch_zone, set_zone_geometry
    from wpzf.ui.patch_card import card_html

    fid = int(dock.model.df["fid"].iloc[0])
    geom = dock.ws.get("wz_patch", fid, geometry=True)["geom"]
    assert patch_zone(dock.ws, fid) is None                      # no zone drawn yet
    set_zone_geometry(dock.ws, "西南街片区", shapely.buffer(geom, 0.001))
    zone = patch_zone(dock.ws, fid)
    assert zone.name == "西南街片区" and zone.commander == "贾平华"
    html = card_html(patch_card(dock.ws, fid), ws=dock.ws)
    assert "西南街片区" in html and "县委办" in html
