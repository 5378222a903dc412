"""Reference data in the dock (issue 17): registering a layer with its fields guessed, pre-filling it in the
background, the suggestions of the patch at hand with their source, accepting, overriding (a reason is required),
splitting a partly approved patch along the red line, and the county profile (a basis is required)."""
import datetime as dt

import pytest
from osgeo import ogr, osr

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.tests.exchange.corpus import write_shp

ogr.UseExceptions()

# Two patches: the approval's red line covers the first wholly and the western 60 % of the second.
INSIDE = "POLYGON((113 39, 113.004 39, 113.004 39.003, 113 39.003, 113 39))"
PARTLY = "POLYGON((113.01 39, 113.015 39, 113.015 39.003, 113.01 39.003, 113.01 39))"
APPROVALS = [
    ("POLYGON((112.999 38.999, 113.005 38.999, 113.005 39.004, 112.999 39.004, 112.999 38.999))",
     {"PZWH": "晋政地〔2020〕15号", "PZRQ": "2020-03-01", "YT": "工业用地"}),
    ("POLYGON((113.009 38.999, 113.013 38.999, 113.013 39.004, 113.009 39.004, 113.009 38.999))",
     {"PZWH": "晋政地〔2019〕88号", "PZRQ": "2019-11-20", "YT": "住宅用地"}),
]


def write_approvals(path, features=APPROVALS, fields=("PZWH", "PZRQ", "YT")):
    """A GeoPackage of approval red lines (EPSG:4490) with the fields a county's layer has."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer("审批红线", srs, ogr.wkbPolygon)
    for name in fields:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for wkt, attrs in features:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    return path


def make_workspace(tmp_path):
    ws_path = tmp_path / "ref.gpkg"
    ws = create_workspace(ws_path)
    rows = [{"JCBH": "R1", "wkt": INSIDE}, {"JCBH": "R2", "wkt": PARTLY}]
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    ws.close()
    return ws_path


@pytest.fixture
def approvals(tmp_path, qgis_new_project):
    from qgis.core import QgsProject, QgsVectorLayer

    path = write_approvals(tmp_path / "approvals.gpkg")
    layer = QgsVectorLayer(str(path), "审批红线", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture
def dock(qgis_iface, qgis_new_project, tmp_path):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    ws_path = make_workspace(tmp_path)
    QgsSettings().setValue("wpzf/last_workspace", "")
    QgsSettings().setValue("wpzf/auto_next", False)
    d = WpzfDock(qgis_iface)
    d.open(str(ws_path))
    yield d
    d.close_workspace()


def fid_of(ws, jcbh):
    df = ws.select("wz_patch", ["JCBH"])
    return int(df.loc[df["JCBH"] == jcbh, "fid"].iloc[0])


def norm(code, value):
    from wpzf.rules.facts import FACTS_BY_CODE, normalize_value

    return normalize_value(FACTS_BY_CODE[code], value)


def register_and_prefill(dock, layer, wait_for):
    """Register the layer through the dialog (fields as guessed) and pre-fill it as the dialog does."""
    from wpzf.ui.reference_dialog import ReferenceLayersDialog

    dlg = ReferenceLayersDialog(dock.ws, dock)
    dlg.prefilled.connect(lambda _r: dock.after_background_change())
    add = dlg.add(exec_dialog=False)
    add.kind.setCurrentIndex(add.kind.findData("construction_approval"))
    add.layer.setLayer(layer)
    assert add.register()
    dlg.reload()
    task = dlg.prefill()
    assert task is not None
    wait_for(lambda: dlg.task is None)
    return dlg


def show(dock, jcbh):
    row = dock.model.row_of(fid_of(dock.ws, jcbh))
    dock.select_row(row)
    dock.tabs.setCurrentWidget(dock.findings)
    return dock.findings.suggestions


def test_the_dialog_registers_a_layer_with_guessed_fields(dock, approvals, wait_for):
    from wpzf.store.reference import reference_layers
    from wpzf.ui.reference_dialog import ReferenceLayersDialog

    dlg = ReferenceLayersDialog(dock.ws, dock)
    add = dlg.add(exec_dialog=False)
    names = [add.kind.itemText(i) for i in range(add.kind.count())]
    assert "建设用地审批" in names and not any("_" in n for n in names)   # kinds by their Chinese names only
    add.kind.setCurrentIndex(add.kind.findData("construction_approval"))
    add.layer.setLayer(approvals)
    # the usual field names are pre-selected; 批准用途 is found under "YT"
    assert {k: c.currentField() for k, c in add.field_combos.items()} == {"wh": "PZWH", "pzrq": "PZRQ", "pzyt": "YT"}
    assert add.complete.isChecked()   # approvals are complete data unless the county says otherwise
    assert "未取得" in add.complete_note.text() or "not obtained" in add.complete_note.text()
    add.field_combos["pzyt"].setField("")    # an optional attribute left empty
    layer_id = add.register()
    assert layer_id
    regs = reference_layers(dock.ws)
    assert len(regs) == 1 and regs[0]["mapping"] == {"wh": "PZWH", "pzrq": "PZRQ"} and regs[0]["complete"]
    assert regs[0]["layer"]["source"] == approvals.source()
    dlg.reload()
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 0).text() == "建设用地审批"
    # registering the same layer again offers the remembered mapping, and changes that registration
    again = dlg.add(exec_dialog=False)
    again.kind.setCurrentIndex(again.kind.findData("construction_approval"))
    again.layer.setLayer(approvals)
    assert again.field_combos["pzyt"].currentField() == ""
    assert again.register() == layer_id and len(reference_layers(dock.ws)) == 1
    # pre-filled in the background: the table says when
    task = dlg.prefill()
    wait_for(lambda: dlg.task is None)
    assert task.error is None and dlg.last_result["suggestions"] > 0
    assert dlg.table.item(0, 3).text() != "" and dlg.table.item(0, 2).text() == "2"


def test_the_panel_shows_a_suggestion_with_its_source_and_accepting_writes_it(dock, approvals, wait_for):
    from wpzf.store.determinations import unit_facts
    from wpzf.store.reference import ACCEPTED, suggestions

    register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R1")
    tbid = fid_of(dock.ws, "R1")
    assert not panel.isHidden() and panel.rows
    by_fact = {r.suggestion["fact"]: r for r in panel.rows}
    assert {"YDPF", "PZWH", "PZRQ"} <= set(by_fact)
    ydpf = by_fact["YDPF"]
    assert "是" in ydpf.title.text() or "yes" in ydpf.title.text().lower()
    source = ydpf.source.text()
    assert "审批红线" in source and "晋政地〔2020〕15号" in source and "%" in source
    assert "construction_approval" not in source and "YDPF" not in source    # no internal code reaches a person
    assert panel.split_btn.isHidden()                                    # wholly inside: nothing to split
    ydpf.accept_btn.click()
    record, _data, _reasons, _version = unit_facts(dock.ws, tbid)
    assert norm("YDPF", record["YDPF"]) is True
    states = {s["fact"]: s["state"] for s in suggestions(dock.ws, tbid, states=None)}
    assert states["YDPF"] == ACCEPTED
    # the form shows the accepted fact and the panel no longer offers it
    assert dock.findings.form.editors["YDPF"].value() is True
    assert "YDPF" not in {r.suggestion["fact"] for r in panel.rows}
    # accept all: the number and date are written too, and the panel hides
    panel.accept_all_btn.click()
    record = unit_facts(dock.ws, tbid)[0]
    assert record["PZWH"] == "晋政地〔2020〕15号" and norm("PZRQ", record["PZRQ"]) == dt.date(2020, 3, 1)
    assert not [s for s in suggestions(dock.ws, tbid) if s["fact"]]
    assert dock.ws.verify_audit().ok


def test_overriding_needs_a_reason(dock, approvals, wait_for, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from wpzf.store.determinations import unit_facts
    from wpzf.store.reference import OVERRIDDEN, suggestions

    register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R1")
    tbid = fid_of(dock.ws, "R1")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    sug = next(s for s in panel.items if s["fact"] == "PZWH")
    assert panel.override(sug["id"], "晋政地〔2020〕16号", "  ") is False
    assert warned and ("reason" in warned[0].lower() or "理由" in warned[0])
    assert unit_facts(dock.ws, tbid)[0].get("PZWH") is None            # nothing written
    # the dialog refuses too, and says so in place
    from wpzf.ui.suggestions_panel import OverrideDialog

    dlg = OverrideDialog(sug, panel)
    dlg.editor.set_value("晋政地〔2020〕16号")
    dlg._ok()
    assert dlg.result() == 0 and dlg.message.isVisibleTo(dlg)
    assert panel.override(sug["id"], "晋政地〔2020〕16号", "批复原件文号为16号，图层录入有误") is True
    assert unit_facts(dock.ws, tbid)[0]["PZWH"] == "晋政地〔2020〕16号"
    row = next(s for s in suggestions(dock.ws, tbid, states=None) if s["id"] == sug["id"])
    assert row["state"] == OVERRIDDEN and "录入有误" in row["override_reason"]


def test_a_partly_approved_patch_splits_along_the_red_line(dock, approvals, wait_for, monkeypatch):
    from wpzf.ui import suggestions_panel

    register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R2")
    tbid = fid_of(dock.ws, "R2")
    assert not panel.split_btn.isHidden()
    hx = next(r for r in panel.rows if r.suggestion["fact"] == "HXGX")
    assert "%" in hx.source.text()
    panel.accept()                         # accepted first: the split is still on offer
    panel = show(dock, "R2")
    assert not panel.items and not panel.split_btn.isHidden()
    asked = []
    monkeypatch.setattr(suggestions_panel, "confirm_split", lambda parent, text: asked.append(text) or True)
    panel.split_btn.click()
    assert asked
    parts = dock.ws.select("wz_part", ["TBID", "TBMJ"])
    assert len(parts) == 2 and set(parts["TBID"]) == {tbid}
    assert parts["TBMJ"].sum() == pytest.approx(float(dock.ws.get("wz_patch", tbid)["TBMJ"]), rel=1e-6)
    # the dock shows the patch again with its parts: the findings tab offers them, the split button is gone
    assert dock.findings.unit.count() == 3 and dock.findings.unit.currentData() is not None
    assert panel.split_btn.isHidden()
    # each part has the suggestions of its side of the red line: inside it is approved
    values = {}
    for i in (1, 2):
        dock.findings.unit.setCurrentIndex(i)
        assert panel.fgid == dock.findings.unit.currentData()
        values[i] = {s["fact"]: s["value"] for s in panel.items if s["fact"]}
    # (what was accepted on the whole patch moved to the part inside the red line, to confirm there)
    assert sorted(repr((v.get("YDPF"), v.get("HXGX"))) for v in values.values()) == [
        "(False, None)", "(True, 'inside')"]
    assert dock.ws.verify_audit().ok


def test_the_county_profile_saves_with_a_basis_and_refuses_without(dock, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from wpzf.store.county_profile import county_profile
    from wpzf.ui.county_profile_dialog import CountyProfileDialog

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dlg = CountyProfileDialog(dock.ws, dock)
    assert "SDPK" in dlg.editors
    assert dlg.dates_box.findChildren(type(dlg.message))    # the rule set's fixed dates, read-only
    dlg.editors["SDPK"].set_value(False)
    assert dlg.save() is False and warned
    assert county_profile(dock.ws)["facts"] == {}
    dlg.basis["SDPK"].setText("代县不在国家级深度贫困县名单内")
    dlg.redetermine.setChecked(True)
    assert dlg.save() is True
    profile = county_profile(dock.ws)
    assert profile["facts"] == {"SDPK": False} and "名单" in profile["basis"]["SDPK"]
    # opened again it shows what was saved
    again = CountyProfileDialog(dock.ws, dock)
    assert again.editors["SDPK"].value() is False and again.basis["SDPK"].text().startswith("代县")


def test_the_dock_menu_opens_both_dialogs(dock):
    dock.tool_actions["reference"].trigger()
    dock.tool_actions["county"].trigger()
    assert dock._reference_dlg.isVisible() and dock._county_dlg.isVisible()
    dock._reference_dlg.close()
    dock._county_dlg.close()


def test_an_earlier_years_workspace_gives_notes(dock, tmp_path, wait_for):
    from wpzf.store.reference import reference_layers
    from wpzf.ui.reference_dialog import ReferenceLayersDialog

    old_dir = tmp_path / "2020"
    old_dir.mkdir()
    old = make_workspace(old_dir)
    dlg = ReferenceLayersDialog(dock.ws, dock)
    dlg.prefilled.connect(lambda _r: dock.after_background_change())
    add = dlg.add(exec_dialog=False)
    add.add_file(str(old))            # a WPZF workspace, not a layer: its patches are the earlier patches
    assert add.kind_id() == "earlier_patches" and not add.workspace_label.isHidden()
    assert add.register()
    assert reference_layers(dock.ws)[0]["layer"]["provider"] == "wpzf"
    dlg.reload()
    dlg.prefill()
    wait_for(lambda: dlg.task is None)
    panel = show(dock, "R1")
    assert panel.notes and not panel.rows                     # a note is shown, never accepted
    assert "R1" in panel.notes[0].text() and not panel.accept_all_btn.isVisibleTo(panel)
    # notes alone take no line above the form: a button on the determination's line unfolds them
    form = dock.findings.form
    assert panel.isHidden() and panel.notes_btn.parent() is form.view and not panel.notes_btn.isHidden()
    assert "R1" in panel.notes_btn.toolTip()
    panel.notes_btn.click()
    assert not panel.isHidden() and not panel.scroll.isHidden()
    panel.toggle.click()                                      # folded again from its own header
    assert panel.isHidden() and not panel.notes_btn.isChecked()


def test_a_changed_layer_is_marked_and_a_missing_one_is_a_message(dock, tmp_path, wait_for, monkeypatch):
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.PyQt.QtWidgets import QMessageBox

    path = write_approvals(tmp_path / "changing.gpkg")
    layer = QgsVectorLayer(str(path), "审批红线", "ogr")
    QgsProject.instance().addMapLayer(layer)
    dlg = register_and_prefill(dock, layer, wait_for)
    assert "已变更" not in dlg.table.item(0, 4).text() and "changed" not in dlg.table.item(0, 4).text()
    QgsProject.instance().removeMapLayer(layer.id())
    ds = ogr.Open(str(path), 1)      # the county adds an approval to its layer
    lyr = ds.GetLayer(0)
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("PZWH", "晋政地〔2021〕3号")
    f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((114 39, 114.001 39, 114.001 39.001, 114 39.001, 114 39))"))
    lyr.CreateFeature(f)
    ds = None
    dlg.reload()
    state = dlg.table.item(0, 4).text()
    assert "已变更" in state or "changed" in state
    # the file is gone: the pre-fill says so in a sentence, the dialog stays usable
    path.unlink()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    dlg.reload()
    task = dlg.prefill()
    wait_for(lambda: dlg.task is None)
    assert task.error is not None and shown and "Traceback" not in shown[0]
    assert "审批红线" in shown[0] and dlg.add_btn.isEnabled() and dlg.prefill_btn.isEnabled()


def test_accepting_a_suggestion_handled_elsewhere_says_so(dock, approvals, wait_for, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from wpzf.store.reference import accept

    register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R1")
    row = next(r for r in panel.rows if r.suggestion["fact"] == "PZWH")
    accept(dock.ws, fid_of(dock.ws, "R1"), None, ids=[row.suggestion["id"]], source="another window")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    row.accept_btn.click()
    assert warned and "PZWH" not in {r.suggestion["fact"] for r in panel.rows}   # the panel shows what is now


def test_removing_a_layer_withdraws_its_pending_suggestions(dock, approvals, wait_for, monkeypatch):
    from wpzf.store.reference import STALE, reference_layers, suggestions
    from wpzf.ui import reference_dialog

    dlg = register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R1")
    assert panel.rows
    monkeypatch.setattr(reference_dialog, "confirm_remove", lambda parent, text: False)
    dlg.table.selectRow(0)
    assert dlg.remove() == 0 and len(reference_layers(dock.ws)) == 1      # the person said no
    monkeypatch.setattr(reference_dialog, "confirm_remove", lambda parent, text: True)
    assert dlg.remove() == 1
    assert reference_layers(dock.ws) == [] and dlg.table.rowCount() == 0
    tbid = fid_of(dock.ws, "R1")
    assert {s["state"] for s in suggestions(dock.ws, tbid, states=None)} == {STALE}
    assert panel.isHidden() and not panel.rows                           # the dock reloaded the patch
