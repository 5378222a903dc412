"""The roster dialog: loads the workspace roster, edits reach the workspace (audited) on Save, bad cells are
named by tab/row/column, a workbook fills the tables, and a selected polygon becomes a zone's polygon."""
import dataclasses

import pytest
from shapely.geometry import MultiPolygon, box

from wpzf.core.rosters import load_default_roster
from wpzf.exchange.roster_xlsx import SHEET_TOWNSHIPS, write_roster_xlsx
from wpzf.store import Actor, create_workspace
from wpzf.store.rosters import TABLE, seed_default_roster, workspace_roster, zone_geometries

pytestmark = pytest.mark.qgis


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("tester", "box"))
    seed_default_roster(w)  # (create_workspace seeds it already; idempotent)
    yield w
    w.close()


@pytest.fixture
def warnings():
    return []


@pytest.fixture
def make_dialog(qgis_app, ws, warnings, monkeypatch):
    from wpzf.ui.roster_dialog import RosterDialog

    made = []

    def make(iface=None):
        d = RosterDialog(ws, iface=iface)
        monkeypatch.setattr(d, "warn", warnings.append)
        made.append(d)
        return d

    yield make
    for d in made:
        d.dirty = False
        d.close()
        d.deleteLater()


@pytest.fixture
def dialog(make_dialog):
    return make_dialog()


def find_row(table, column, value):
    return next(i for i in range(table.rowCount()) if table.text(i, column) == value)


def set_cell(table, row, column, value):
    table.item(row, table.columns.index(column)).setText(value)


def test_dialog_shows_the_default_roster(dialog):
    roster = load_default_roster()
    assert dialog.info_edits["县名称"].text() == "代县" and dialog.info_edits["年度"].value() == 2021
    assert dialog.group_table.rowCount() == 1 + 1 + 27 + 1 + 1 + 10 + 1
    assert dialog.township_table.rowCount() == 182 and dialog.zone_table.rowCount() == 14
    assert dialog.township_table.text(0, "包片包保组") == "张生明、高步峰、陈文秀、郝利明、王中杰"
    assert not dialog.dirty and not dialog.save_button.isEnabled()
    assert dialog.current_roster() == roster                 # widgets → roster_from_tables → the same roster


def test_roster_from_tables_round_trips_the_widgets(dialog):
    from wpzf.ui.roster_dialog import roster_from_tables

    tables = dialog.tables()
    assert list(tables[SHEET_TOWNSHIPS].index[:2]) == [1, 2]   # rows as the user counts them
    assert roster_from_tables(tables) == load_default_roster()


def test_edit_a_cell_and_save(dialog, ws):
    t = dialog.township_table
    row = find_row(t, "村", "东滩上村")
    set_cell(t, row, "包保领导", "高步峰")
    assert dialog.dirty and dialog.save_button.isEnabled() and dialog.windowTitle().endswith("*")
    n = len(ws.audit_records())
    saved = []
    dialog.saved.connect(lambda: saved.append(True))
    assert dialog.save() is True and saved and not dialog.dirty
    assert workspace_roster(ws).village("东滩上村").guarantor == "高步峰"
    new = [a for a in ws.audit_records()[n:] if a["table"] == TABLE and a["action"] == "update"]
    assert [a["changes"] for a in new] == [{"FZR": ["陈文秀", "高步峰"]}]
    assert new[0]["source"] == "roster dialog"


def test_bad_cells_are_named_and_nothing_is_saved(dialog, ws, warnings):
    n = len(ws.audit_records())
    t = dialog.township_table
    row = find_row(t, "村", "东下社村")
    set_cell(t, row, "乡镇", "")
    z = dialog.zone_table
    set_cell(z, 1, "指挥长", "")
    assert dialog.save() is False
    msg = warnings[-1]
    assert f"sheet Townships and villages, row {row + 1}, column Township: village 东下社村 without township" in msg
    assert "sheet County-seat zones, row 2, column Commander: the commander of zone 北关片区 is empty" in msg
    assert len(ws.audit_records()) == n and dialog.dirty


def test_add_and_remove_rows(dialog, ws):
    t = dialog.township_table
    t.setCurrentCell(0, 0)
    at = t.add_row(("乡镇", "乡镇代码", "包保领导"))
    assert at == 1 and t.text(1, "乡镇") == "峨口镇" and t.text(1, "包保领导") == "陈文秀"
    set_cell(t, 1, "村", "新村")
    set_cell(t, 1, "村代码", "140923100099")
    dialog.zone_table.selectRow(0)
    assert dialog.zone_table.remove_selected() == 1
    assert dialog.save() is True
    r = workspace_roster(ws)
    assert r.village("新村").guarantor == "陈文秀" and "西南街片区" not in {z.name for z in r.zones}


def test_import_xlsx_fills_the_tables(dialog, ws, tmp_path):
    roster = load_default_roster()
    z0 = dataclasses.replace(roster.zones[0], commander="新指挥长")
    edited = dataclasses.replace(roster, zones=(z0, *roster.zones[1:]))
    path = write_roster_xlsx(tmp_path / "名册.xlsx", edited)
    assert dialog.import_xlsx(path) is True
    assert dialog.zone_table.text(0, "指挥长") == "新指挥长" and dialog.dirty
    assert workspace_roster(ws) == roster                     # nothing stored before Save
    assert dialog.save() is True
    assert workspace_roster(ws) == edited


def test_import_of_a_bad_workbook_changes_nothing(dialog, tmp_path, warnings):
    p = tmp_path / "坏.xlsx"
    p.write_text("no workbook")
    assert dialog.import_xlsx(p) is False
    assert "坏.xlsx: cannot read the workbook" in warnings[-1] and not dialog.dirty


def test_export_xlsx(dialog, tmp_path):
    from wpzf.exchange.roster_xlsx import read_roster_xlsx

    assert dialog.export_xlsx(tmp_path / "out.xlsx")
    assert read_roster_xlsx(tmp_path / "out.xlsx") == load_default_roster()


def polygon_layer(crs="EPSG:4547"):
    """A memory layer in CGCS2000 / 3-degree Gauss-Kruger CM 114E with two squares near 代县 county seat."""
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(f"Polygon?crs={crs}", "片区边界", "memory")
    feats = []
    for x in (409000, 409500):
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x} 4324000, {x + 500} 4324000, {x + 500} 4324500, "
                                          f"{x} 4324500, {x} 4324000))"))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_use_selected_polygon_stores_the_zone_polygon(make_dialog, ws, qgis_iface, qgis_new_project, warnings):
    layer = polygon_layer()
    qgis_iface.setActiveLayer(layer)
    d = make_dialog(qgis_iface)
    d.zone_table.selectRow(1)                                  # 北关片区
    assert d.use_selected_polygon() is False and "Select the polygon(s) of zone 北关片区" in warnings[-1]
    layer.selectAll()
    assert d.use_selected_polygon() is True
    assert d.zone_table.item(1, len(d.zone_table.columns)).text() == "✓" and d.dirty
    assert zone_geometries(ws) == {}                           # stored on Save
    assert d.save() is True
    g = zone_geometries(ws)["北关片区"]
    assert isinstance(g, MultiPolygon) and g.is_valid and len(g.geoms) == 1   # the two squares, dissolved
    x0, y0, x1, y1 = g.bounds
    assert 112.9 < x0 < x1 < 113.0 and 39.0 < y0 < y1 < 39.1   # EPSG:4547 metres → EPSG:4490 degrees
    assert d.zoom_to_zone() is True
    extent = qgis_iface.mapCanvas().extent()
    assert extent.width() > 0
    d.zone_table.selectRow(0)
    assert d.zoom_to_zone() is False and "has no polygon yet" in warnings[-1]
    # a reopened dialog shows it, and a rename keeps it
    d2 = make_dialog(qgis_iface)
    assert d2.zone_geometry(1) is not None
    set_cell(d2.zone_table, 1, "片区名称", "北关新片区")
    assert d2.save() is True
    assert set(zone_geometries(ws)) == {"北关新片区"}


def test_a_line_layer_is_refused(make_dialog, qgis_iface, qgis_new_project, warnings):
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer("LineString?crs=EPSG:4490", "lines", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("LINESTRING(112.95 39.06, 112.96 39.07)"))
    layer.dataProvider().addFeatures([f])
    QgsProject.instance().addMapLayer(layer)
    layer.selectAll()
    qgis_iface.setActiveLayer(layer)
    d = make_dialog(qgis_iface)
    d.zone_table.selectRow(0)
    assert d.use_selected_polygon() is False
    assert "西南街片区" in warnings[-1] and "polygon is needed" in warnings[-1] and not d.dirty


def test_close_asks_when_there_are_unsaved_edits(dialog, monkeypatch, ws):
    import wpzf.ui.roster_dialog as rd

    set_cell(dialog.zone_table, 0, "指挥长", "某某")
    asked = []
    monkeypatch.setattr(rd, "confirm_discard", lambda parent: asked.append(1) or rd.CANCEL)
    dialog.show()
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr(rd, "confirm_discard", lambda parent: rd.SAVE)
    dialog.reject()
    assert not dialog.isVisible() and workspace_roster(ws).zones[0].commander == "某某"


def test_zone_polygon_set_elsewhere_is_loaded(qgis_app, ws, make_dialog):
    from wpzf.store.rosters import set_zone_geometry

    set_zone_geometry(ws, "苏村片区", box(112.97, 39.05, 112.98, 39.06))
    d = make_dialog()
    row = find_row(d.zone_table, "片区名称", "苏村片区")
    assert d.zone_geometry(row).equals(MultiPolygon([box(112.97, 39.05, 112.98, 39.06)]))
    n = len(ws.audit_records())
    set_cell(d.zone_table, 0, "片区范围", "东至大南街")
    assert d.save() is True
    assert [a["changes"] for a in ws.audit_records()[n:]] == [{"BZ": [
        '{"deputy":{"name":"李润玖","title":"县总工会负责人"},"extent":"东至大南街、南至京原铁路、西至城墙、北至西大街（含雁靖南路两侧、沙梁、湿地公园）"}',
        '{"deputy":{"name":"李润玖","title":"县总工会负责人"},"extent":"东至大南街"}']}]


def test_patch_card_leader_comes_from_the_workspace_roster(dialog, ws):
    from wpzf.ui.patch_card import card_html, leader_of

    assert leader_of("峨口镇", "东滩上村") == leader_of("峨口镇", "东滩上村", ws) == "陈文秀"
    set_cell(dialog.township_table, find_row(dialog.township_table, "村", "东滩上村"), "包保领导", "高步峰")
    assert dialog.save() is True
    assert leader_of("峨口镇", "东滩上村", ws) == "高步峰"
    assert leader_of("峨口镇", "东滩上村") == "陈文秀"          # without a workspace: the shipped default
    assert leader_of("峨口镇", "没有的村", ws) == ""
    card = {"JCBH": "P1", "PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "XZMC": "峨口镇", "CMC": "东滩上村"}
    assert "高步峰" in card_html(card, ws=ws) and "陈文秀" in card_html(card)


def test_an_unreadable_stored_roster_is_replaced_on_save(make_dialog, ws):
    with ws.transaction():
        ws.insert(TABLE, [{"LB": "镇长", "MC": "某某"}])   # typed into the attribute table by hand
    d = make_dialog()
    assert "cannot be read" in d.status.text() and "镇长" in d.status.text() and d.dirty
    assert d.current_roster() == load_default_roster()
    assert d.save() is True
    assert workspace_roster(ws) == load_default_roster() and ws.count(TABLE, '"LB" = ?', ("镇长",)) == 0
