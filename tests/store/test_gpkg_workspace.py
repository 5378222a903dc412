import sqlite3

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from wpzf.store import Actor, StaleVersion, StoreError, create_workspace, open_workspace
from wpzf.store.errors import NotAWorkspace, SchemaTooNew
from wpzf.store.migrations import LATEST
from wpzf.store.schema import check_codes

SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("tester", "box"))
    yield w
    w.close()


def add_batch(ws):
    return ws.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]


def test_field_codes_are_dbf_safe():
    assert check_codes() == []


def test_new_workspace_is_a_geopackage_at_latest_schema(ws, tmp_path):
    assert ws.schema_version() == LATEST
    con = sqlite3.connect(tmp_path / "ws.gpkg")
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    assert {"wz_patch", "wz_batch", "wz_audit", "wz_photo", "wz_part"} <= tables
    alias = con.execute("SELECT name FROM gpkg_data_columns WHERE table_name='wz_patch' AND column_name='JCBH'")
    assert alias.fetchone()[0] == "监测编号"


def test_insert_update_audit_and_versions(ws):
    with ws.transaction():
        b = add_batch(ws)
        (fid,) = ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b, "TBLX": "新增"}], geoms=[SQ])
    row = ws.get("wz_patch", fid, geometry=True)
    assert row["ZT"] == "待核查" and row["BBH"] == 1 and row["geom"].equals(SQ)
    with ws.transaction():
        v = ws.update("wz_patch", fid, {"ZT": "已核查"}, expected_version=1)
    assert v == 2
    hist = ws.audit_records("wz_patch", fid)
    assert [h["action"] for h in hist] == ["create", "update"]
    assert hist[1]["changes"] == {"ZT": ["待核查", "已核查"]} and hist[1]["username"] == "tester"
    assert ws.verify_audit().ok


def test_rows_of_the_same_fields_and_rows_that_leave_fields_out_insert_alike(ws):
    # the same fields in every row (turned column-wise in C) or not (a field a row leaves out is empty; the
    # schema's default where no row gives it): the same rows and create records either way
    with ws.transaction():
        b = add_batch(ws)
        same = ws.insert("wz_patch", [{"JCBH": f"S{i}", "PCID": b, "XZMC": None if i % 2 else "甲镇"}
                                      for i in range(3)], geoms=[SQ] * 3)
        mixed = ws.insert("wz_patch", [{"JCBH": "M0", "PCID": b, "XZMC": "甲镇"}, {"PCID": b, "JCBH": "M1"},
                                       {"JCBH": "M2", "PCID": b, "XZMC": "甲镇"}], geoms=[SQ] * 3)
    rows = ws.select("wz_patch", ["JCBH", "XZMC", "ZT", "BBH"]).set_index("fid")
    assert rows.loc[same, "XZMC"].tolist() == rows.loc[mixed, "XZMC"].tolist() == ["甲镇", None, "甲镇"]
    assert set(rows["ZT"]) == {"待核查"} and set(rows["BBH"]) == {1}
    changes = {int(r["row_key"]): r["changes"] for r in ws.audit_records("wz_patch")}
    assert [sorted(changes[f]) for f in same] == [sorted(changes[f]) for f in mixed]
    assert ws.verify_audit().ok


def test_stale_version_is_refused_and_nothing_changes(ws):
    with ws.transaction():
        b = add_batch(ws)
        (fid,) = ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b}], geoms=[SQ])
        ws.update("wz_patch", fid, {"ZT": "核查中"}, expected_version=1)
    n = len(ws.audit_records())
    with pytest.raises(StaleVersion) as e:
        with ws.transaction():
            ws.update("wz_patch", fid, {"ZT": "已核查"}, expected_version=1)
    assert e.value.actual == 2 and e.value.theirs["ZT"] == "核查中"
    assert ws.get("wz_patch", fid)["ZT"] == "核查中" and len(ws.audit_records()) == n


def test_failed_transaction_leaves_nothing(ws):
    with pytest.raises(StoreError):
        with ws.transaction():
            b = add_batch(ws)
            ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b}, {"JCBH": "P1", "PCID": b}], geoms=[SQ, SQ])
    assert ws.count("wz_patch") == 0 and ws.count("wz_batch") == 0
    assert ws.verify_audit().ok


def test_tampering_with_history_is_detected(ws, tmp_path):
    with ws.transaction():
        b = add_batch(ws)
        (fid,) = ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b}], geoms=[SQ])
        ws.update("wz_patch", fid, {"ZT": "已核查"})
    seq = ws.audit_records("wz_patch", fid)[0]["seq"]
    con = sqlite3.connect(tmp_path / "ws.gpkg")
    con.execute("UPDATE wz_audit SET USERNAME='mallory' WHERE SEQ=?", (seq,))
    con.commit()
    res = ws.verify_audit()
    assert not res.ok and res.broken_at == seq
    con.execute("DELETE FROM wz_audit WHERE SEQ=(SELECT MAX(SEQ) FROM wz_audit)")
    con.execute("UPDATE wz_audit SET USERNAME='tester' WHERE SEQ=?", (seq,))
    con.commit()
    res = ws.verify_audit()
    assert not res.ok and "were written" in res.reason


def test_geometry_change_is_audited_by_digest(ws):
    with ws.transaction():
        b = add_batch(ws)
        (fid,) = ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b}], geoms=[SQ])
    moved = shapely.affinity.translate(SQ, 0.0001, 0)
    with ws.transaction():
        ws.update("wz_patch", fid, {}, geom=moved)
    last = ws.audit_records("wz_patch", fid)[-1]
    assert set(last["changes"]) == {"geom"}
    assert ws.get("wz_patch", fid, geometry=True)["geom"].equals(moved)


def test_open_refuses_non_workspaces_and_newer_schema(tmp_path, ws):
    bad = tmp_path / "x.gpkg"
    bad.write_text("hello")
    with pytest.raises(NotAWorkspace):
        open_workspace(bad)
    with pytest.raises(NotAWorkspace):
        open_workspace(tmp_path / "missing.gpkg")
    with ws.transaction():
        ws.meta_set("schema_version", str(LATEST + 1))
    with pytest.raises(SchemaTooNew):
        open_workspace(ws.path)


def test_create_refuses_to_overwrite(ws):
    with pytest.raises(StoreError, match="exists"):
        create_workspace(ws.path)
