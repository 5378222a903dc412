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


def _set(form, code, value, reason=None):
    from wpzf.tests.integration.test_facts_form import choose

    choose(form, code, value)
    if reason:
        form.editors[code].reason.setText(reason)


def test_findings_saved_determined_audited_and_next(dock, monkeypatch):
    dock.auto_next.setChecked(True)
    dock.select_row(0)
    first = dock.current_fid
    form = dock.findings.form
    _set(form, "XZJSYD", False, reason="外业核实：耕地上新建")  # the test batch carries no land-class areas
    for code, value in (("BHLX", "new_build"), ("SJYT", "homestead"), ("ZJPZ", "none"), ("SDPK", False)):
        _set(form, code, value)
    assert dock.findings.is_dirty() and form.outcome.category == "农村宅基地违法"
    dock.actions["save"].trigger()
    assert dock.ws.get("wz_patch", first)["PDJG"] == "农村宅基地违法"
    actions = [r["action"] for r in dock.ws.audit_records("wz_fact")]
    assert actions == ["create"]
    assert dock.current_fid != first  # auto-next moved on to the next unreviewed patch
    assert not dock.findings.is_dirty()


def test_leaving_unsaved_findings_asks_first(dock, monkeypatch):
    from wpzf.ui import facts_form

    dock.select_row(0)
    first = dock.current_fid
    _set(dock.findings.form, "BHLX", "demolish")
    answers = iter([facts_form.CANCEL, facts_form.DISCARD])
    monkeypatch.setattr(facts_form, "confirm_discard", lambda parent=None: next(answers))
    dock.actions["next"].trigger()
    assert dock.current_fid == first and dock.findings.is_dirty()  # cancelled: stays with the edits
    dock.table.selectRow(2)  # a click in the queue asks too
    assert dock.current_fid != first
    assert dock.ws.count("wz_fact") == 0  # discarded


def test_a_conflicting_save_shows_both_sides(dock, monkeypatch):
    from wpzf.store.determinations import save_facts

    dock.select_row(0)
    fid = dock.current_fid
    _set(dock.findings.form, "BHLX", "new_build")
    save_facts(dock.ws, fid, {"BHLX": "renovate"}, source="colleague")  # someone else saves first
    seen = []
    monkeypatch.setattr(dock.findings, "resolve_conflict", lambda result: seen.append(result) or False)
    assert not dock.findings.save()
    assert seen and seen[0].conflicts and dock.ws.select("wz_fact")["BHLX"].iloc[0] == "renovate"


def test_sorting_by_a_column_keeps_navigation_consistent(dock):
    from qgis.PyQt.QtCore import Qt

    dock.model.sort(0, Qt.SortOrder.DescendingOrder)
    assert list(dock.model.df["JCBH"]) == ["K0004", "K0003", "K0002", "K0001", "K0000"]
    dock.select_row(0)
    assert dock.current_fid == dock.model.fid_at(0)
    dock.actions["next_unreviewed"].trigger()
    assert current_key(dock) == "K0003"


def test_card_deadline_reads_overdue_only_while_unreviewed():
    import datetime as dt

    from wpzf.ui.patch_card import deadline_text

    today = dt.date(2021, 6, 25)
    assert "5" in deadline_text({"HCJZ": "2021-06-20", "ZT": "待核查"}, today)
    assert deadline_text({"HCJZ": "2021-06-20", "ZT": "已判定"}, today).startswith("2021-06-20")
    assert "5" not in deadline_text({"HCJZ": "2021-06-20", "ZT": "已判定"}, today)
    assert "3" in deadline_text({"HCJZ": "2021-06-28", "ZT": "核查中"}, today)
