"""The audit check sees every change to an audited row, whoever made it: WPZF, the QGIS attribute table,
sqlite3. It names table, row and field, and never crashes on a damaged record."""
import datetime as dt
import sqlite3

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.tests.exchange.corpus import ILLEGAL, PATCH_FIELDS, _square, write_shp
from wpzf.tests.store import pg_fixtures as pf

pg_cluster = pf.pg_cluster
pg_location = pf.pg_location
pg_schema = pf.pg_schema


@pytest.fixture
def ws(tmp_path):
    base = {"XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0,
            "SFSK": "否", "GDMJ": 3.0, "YJJBNTMJ": 0.0}
    rows = [{**base, "JCBH": f"14092320210500{i:02d}", "wkt": _square(i)} for i in range(1, 4)]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=PATCH_FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    for fid in w.patch_fids():
        save_facts(w, fid, dict(ILLEGAL))
    determine_patches(w)
    yield w
    w.close()


def illegal_determination(ws) -> int:
    df = ws.select("wz_determ", ["PDJG"])
    return int(df[df["PDJG"].str.contains("违法")]["fid"].iloc[0])


def test_workspace_written_by_wpzf_checks_clean(ws):
    res = ws.verify_audit()
    assert res.ok and res.checked > 10 and res.differences == []


def test_sqlite_edit_of_a_determination_is_named(ws, tmp_path):
    fid = illegal_determination(ws)
    con = sqlite3.connect(tmp_path / "ws.gpkg")
    con.execute("UPDATE wz_determ SET PDJG='合法用地' WHERE fid=?", (fid,))
    con.execute("DELETE FROM wz_fact WHERE fid=(SELECT MAX(fid) FROM wz_fact)")
    con.commit()
    con.close()
    res = ws.verify_audit()
    assert not res.ok
    named = {(d.table, d.row_key, d.field) for d in res.differences}
    assert ("wz_determ", str(fid), "PDJG") in named
    assert any(d.table == "wz_fact" and d.field == "" for d in res.differences)
    assert f"wz_determ #{fid} field PDJG" in res.reason and "合法用地" in res.reason


def test_attribute_table_edit_in_qgis_is_named(ws, tmp_path, qgis_app):
    from qgis.core import QgsVectorLayer

    fid = illegal_determination(ws)
    layer = QgsVectorLayer(f"{tmp_path / 'ws.gpkg'}|layername=wz_determ", "判定结果", "ogr")
    assert layer.isValid()
    idx = layer.fields().indexOf("PDJG")
    assert layer.startEditing()
    assert layer.changeAttributeValue(fid, idx, "合法用地")
    assert layer.commitChanges()
    del layer
    res = ws.verify_audit()
    assert not res.ok
    diff = next(d for d in res.differences if d.table == "wz_determ")
    assert (diff.row_key, diff.field, diff.actual) == (str(fid), "PDJG", "合法用地") and "违法" in diff.audited


def test_geometry_moved_behind_the_plugin_is_named(ws, tmp_path, qgis_app):
    from qgis.core import QgsGeometry, QgsVectorLayer

    fid = ws.patch_fids()[0]
    layer = QgsVectorLayer(f"{tmp_path / 'ws.gpkg'}|layername=wz_patch", "图斑", "ogr")
    assert layer.startEditing()
    geom = QgsGeometry(layer.getFeature(fid).geometry())
    geom.translate(0.001, 0)
    assert layer.changeGeometry(fid, geom) and layer.commitChanges()
    del layer
    res = ws.verify_audit()
    assert any(d.table == "wz_patch" and d.row_key == str(fid) and d.field == "geom" for d in res.differences)


def test_damaged_audit_record_is_named(ws, tmp_path):
    con = sqlite3.connect(tmp_path / "ws.gpkg")
    con.execute("UPDATE wz_audit SET CHANGES='{broken' WHERE SEQ=3")
    con.commit()
    con.close()
    res = ws.verify_audit()
    assert not res.ok and res.broken_at == 3 and "not valid JSON" in res.reason
    # … and with its hash recomputed over the broken text (and the chain after it), still named
    from wpzf.core.audit import record_hash

    con = sqlite3.connect(tmp_path / "ws.gpkg")
    recs = ws.audit_records()
    prev = recs[2]["prev_hash"]
    for r in recs[2:]:
        r["prev_hash"] = prev
        r["hash"] = record_hash(r)
        con.execute('UPDATE wz_audit SET "PREVHASH" = ?, "HASH" = ? WHERE "SEQ" = ?', (r["prev_hash"], r["hash"], r["seq"]))
        prev = r["hash"]
    con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_head'""", (prev,))
    con.commit()
    con.close()
    ws.anchors.folder = tmp_path / "no-anchors"   # a computer that never saw this workspace
    res = ws.verify_audit()
    assert not res.ok and res.broken_at == 3 and "not valid JSON" in res.reason


def test_plain_sql_on_postgis_is_named(pg_location):
    from wpzf.store import Actor
    from wpzf.tests.store.test_postgis_concurrency import SQ

    team = create_workspace(pg_location, actor=Actor("admin", "server"))
    try:
        with team.transaction():
            b = team.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
            fids = team.insert("wz_patch", [{"JCBH": f"P{i}", "PCID": b} for i in range(3)], geoms=[SQ] * 3)
            team.update("wz_patch", fids[0], {"ZT": "已核查"})
        assert team.verify_audit().ok
        with team.transaction():  # SQL straight at the table, past the store's audited update
            team._exec('UPDATE wz_patch SET "ZT" = %s WHERE fid = %s', ("已办结", fids[1]))
        res = team.verify_audit()
        assert not res.ok and [(d.table, d.row_key, d.field, d.audited, d.actual) for d in res.differences] == [
            ("wz_patch", str(fids[1]), "ZT", "待核查", "已办结")]
    finally:
        team.close()


def test_cut_tail_with_head_moved_is_found_by_the_anchor(ws, tmp_path):
    """Delete the newest records and move the head beside the chain to match: the chain alone is
    consistent again, but this computer remembers how far it reached."""
    n = ws.count("wz_audit")
    con = sqlite3.connect(tmp_path / "ws.gpkg")
    keep = n - 3
    (head,) = con.execute('SELECT "HASH" FROM wz_audit WHERE "SEQ" = ?', (keep,)).fetchone()
    con.execute('DELETE FROM wz_audit WHERE "SEQ" > ?', (keep,))
    con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_count'""", (str(keep),))
    con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_head'""", (head,))
    con.commit()
    con.close()
    res = ws.verify_audit()
    assert not res.ok and f"records {keep + 1}–{n} are missing" in res.reason


def test_rewritten_chain_is_found_by_the_anchor(ws, tmp_path):
    """Edit a record and recompute every hash after it and the head: found, since the anchor's record differs."""
    from wpzf.core.audit import record_hash

    recs = ws.audit_records()
    con = sqlite3.connect(tmp_path / "ws.gpkg")
    prev = recs[4]["prev_hash"]
    for r in recs[4:]:
        if r["seq"] == recs[4]["seq"]:
            r["username"] = "mallory"
        r["prev_hash"] = prev
        r["hash"] = record_hash(r)
        con.execute('UPDATE wz_audit SET "USERNAME" = ?, "PREVHASH" = ?, "HASH" = ? WHERE "SEQ" = ?',
                    (r["username"], r["prev_hash"], r["hash"], r["seq"]))
        prev = r["hash"]
    con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_head'""", (prev,))
    con.commit()
    con.close()
    res = ws.verify_audit()
    assert not res.ok and "rewritten" in res.reason


def test_the_same_workspace_copied_elsewhere_keeps_its_anchor(ws, tmp_path):
    import shutil

    from wpzf.store import open_workspace

    ws.close()
    shutil.copy(tmp_path / "ws.gpkg", tmp_path / "copy.gpkg")
    copy = open_workspace(tmp_path / "copy.gpkg")
    try:
        assert copy.verify_audit().ok
        con = sqlite3.connect(tmp_path / "copy.gpkg")
        n = copy.count("wz_audit")
        con.execute('DELETE FROM wz_audit WHERE "SEQ" = ?', (n,))
        (head,) = con.execute('SELECT "HASH" FROM wz_audit WHERE "SEQ" = ?', (n - 1,)).fetchone()
        con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_count'""", (str(n - 1),))
        con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_head'""", (head,))
        con.commit()
        con.close()
        assert "are missing" in copy.verify_audit().reason
    finally:
        copy.close()


def test_long_text_saved_in_an_ordinary_field_checks_clean(ws):
    fid = ws.patch_fids()[0]
    with ws.transaction():
        ws.update("wz_patch", fid, {"BZ": "备注" * 200})   # over 256 characters: audited by its digest
    assert ws.verify_audit().ok
    with ws.transaction():
        ws._exec('UPDATE wz_patch SET "BZ" = ? WHERE fid = ?', ("备注" * 201, fid))
    res = ws.verify_audit()
    assert [(d.row_key, d.field) for d in res.differences] == [(str(fid), "BZ")]
