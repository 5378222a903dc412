"""Team workspace in QGIS: a browser connection → the dialog → a PostGIS workspace whose layers QGIS opens;
and the conflict dialog on a stale findings save."""
import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.store.determinations import save_facts
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.integration.test_facts_form import FIELDS, choose
from wpzf.tests.store import pg_fixtures
from wpzf.tests.store.pg_fixtures import new_schema_name

pg_cluster = pg_fixtures.pg_cluster
CONN = "WPZF 测试库"


@pytest.fixture
def qgis_connection(qgis_app, pg_cluster):
    from qgis.core import QgsSettings

    s = QgsSettings()
    key = f"PostgreSQL/connections/{CONN}"
    p = pg_cluster.params()
    for k, v in {"host": p["host"], "port": p["port"], "database": p["dbname"], "username": p["user"],
                 "saveUsername": "true", "savePassword": "false", "authcfg": "", "service": ""}.items():
        s.setValue(f"{key}/{k}", v)
    yield CONN
    s.remove(key)


def test_dialog_lists_connections_and_workspaces_and_creates_a_new_one(qgis_connection, pg_cluster):
    from wpzf.store import pgconnect
    from wpzf.ui.postgis_dialog import PostgisDialog

    existing, new = new_schema_name("old"), new_schema_name("new")
    create_workspace(pg_cluster.location(existing)).close()
    try:
        assert CONN in pgconnect.connection_names()
        dlg = PostgisDialog()
        dlg.connection.setCurrentText(CONN)
        assert existing in [dlg.schema.itemText(i) for i in range(dlg.schema.count())]
        dlg.schema.setEditText(existing)
        assert "Existing" in dlg.status.text() or existing in dlg.status.text()
        dlg.schema.setEditText(new)
        dlg.folder.setText("/srv/wpzf/photos")
        dlg.accept()
        assert dlg.created and dlg.result() == dlg.DialogCode.Accepted
        loc = dlg.location
        assert loc == f"pg:connection={CONN};schema={new}"
        ws = open_workspace(loc)
        try:
            assert ws.attachments_folder == "/srv/wpzf/photos" and ws.verify_audit().ok
            assert ws.files_location == f"/srv/wpzf/photos/{new}"
        finally:
            ws.close()
    finally:
        pg_cluster.admin(f'DROP SCHEMA IF EXISTS "{existing}" CASCADE')
        pg_cluster.admin(f'DROP SCHEMA IF EXISTS "{new}" CASCADE')


def test_layers_of_a_team_workspace_open_in_qgis(qgis_connection, pg_cluster, tmp_path):
    from qgis.core import QgsVectorLayer

    from wpzf.store.pgconnect import location_for

    schema = new_schema_name("lyr")
    rows = [{"JCBH": "A", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 3.0, "YJJBNTMJ": 0.0,
             "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(0)}]
    ws = create_workspace(location_for(CONN, schema))
    try:
        assert import_batch(ws, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                            BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
        for table in ("wz_patch", "wz_fact", "wz_photo"):
            uri, provider = ws.qgis_source(table)
            assert "password" not in uri
            layer = QgsVectorLayer(uri, table, provider)
            assert layer.isValid(), (table, uri, layer.error().summary())
            assert layer.source() == uri   # the dock finds a layer it added before by its source
        patches = QgsVectorLayer(ws.qgis_source("wz_patch")[0], "p", "postgres")
        assert patches.featureCount() == 1 and patches.crs().authid() == "EPSG:4490"
        assert [f["JCBH"] for f in patches.getFeatures()] == ["A"]
    finally:
        ws.close()
        pg_cluster.admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_conflict_dialog_shows_both_sides_and_returns_the_choice(qgis_app, monkeypatch):
    from wpzf.store.errors import StaleVersion
    from wpzf.ui import conflict_dialog as cd

    err = StaleVersion("wz_patch", 7, 1, 2, {"ZT": "已核查", "BZ": "theirs", "XGR": "张三",
                                             "XGSJ": "2021-06-20T16:30:00.000Z"})
    rows = cd.rows_from_stale(err.theirs, {"BZ": "mine"}, {"BZ": "old"}, labels={"BZ": "备注"})
    dlg = cd.ConflictDialog(rows, "张三", cd.display_time(err.theirs["XGSJ"]), 2)
    assert dlg.table.rowCount() == 1 and dlg.table.columnCount() == 4
    assert [dlg.table.item(0, j).text() for j in range(4)] == ["备注", "old", "mine", "theirs"]
    assert "张三" in dlg.header.text() and "2021-06-2" in dlg.header.text()
    dlg.apply_btn.click()
    assert dlg.choice == cd.APPLY_MINE
    seen = []
    monkeypatch.setattr(cd, "ask", lambda d: seen.append(d) or cd.KEEP_THEIRS)
    assert cd.resolve_stale(None, err, {"BZ": "mine"}) is False and seen[0].rows[0].theirs == "theirs"


@pytest.fixture
def findings(qgis_app, tmp_path):
    from wpzf.ui.findings_tab import FindingsTab

    rows = [{"JCBH": "A", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 3.0, "YJJBNTMJ": 0.0,
             "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(0)}]
    ws = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    fid = int(ws.patch_fids()[0])
    save_facts(ws, fid, {"BHLX": "new_build"})
    tab = FindingsTab()
    tab.set_patch(ws, fid, 2021)
    yield tab, ws, fid
    tab.deleteLater()
    ws.close()


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_stale_findings_save_asks_and_applies_mine_on_top_or_keeps_theirs(findings, monkeypatch, choice):
    from wpzf.ui import conflict_dialog as cd

    tab, ws, fid = findings
    choose(tab.form, "BHLX", "demolish")
    save_facts(ws, fid, {"SJYT": "nonagri"}, expected_version=1, source="colleague")   # somebody saved first
    asked = []
    monkeypatch.setattr(cd, "ask", lambda d: asked.append(d) or choice)
    saved = tab.save()
    assert asked and asked[0].rows[0].mine != asked[0].rows[0].theirs
    fact = ws.select("wz_fact").iloc[0]
    if choice == cd.APPLY_MINE:
        assert saved and fact["BHLX"] == "demolish" and fact["SJYT"] == "nonagri" and fact["BBH"] == 3
    else:
        assert not saved and fact["BHLX"] == "new_build" and fact["BBH"] == 2 and not tab.is_dirty()
