"""Rows created many at once are audited a record per chunk (core/audit_bulk.py) on a GeoPackage: the chain,
the fast pass and the exact check read them as the per-row creates they stand for, and whatever is changed
behind the plugin — in the rows or in the bulk records — is named as it is for per-row records."""
import json
import math

import pytest

from wpzf.core import audit_bulk
from wpzf.store import Actor, aggregates, create_workspace, open_workspace
from wpzf.store import audit_check as ac
from wpzf.store.determine_cache import INPUTS
from wpzf.store.schema import AUDITED
from wpzf.store.transfer import copy_workspace
from wpzf.tests.store import pg_fixtures as pf
from wpzf.tests.store.test_audit_fast_pass import N, answer, exact, fill, rehash

CHUNK = 7   # records of 7 rows: chunks cross the 10 and the key-range cuts


@pytest.fixture
def small_units(monkeypatch):
    monkeypatch.setattr(ac, "PART_ROWS", 4)
    monkeypatch.setattr(ac, "PARALLEL_MIN", 0)


@pytest.fixture
def bulk(monkeypatch):
    monkeypatch.setattr(audit_bulk, "MIN_ROWS", 2)
    monkeypatch.setattr(audit_bulk, "CHUNK_ROWS", CHUNK)


UPDATED = list(range(2, N - 1, 4))   # scattered rows changed together after the per-row updates of fill()


@pytest.fixture
def ws(tmp_path, bulk):
    w = create_workspace(tmp_path / "ws.gpkg")
    fill(w)
    with w.transaction():   # a determination's kind of write: bulk update records across the create chunks
        w.update_many("wz_patch", {f: {"XMC": "繁峙县", "PDJG": f"类{f}"} for f in UPDATED}, action="determine")
    w.anchors.folder = tmp_path / "anchors"
    yield w
    w.close()


def bulk_seq(ws, key: int) -> int:
    for seq, rowkey in ws._fetch('SELECT "SEQ", "ROWKEY" FROM wz_audit WHERE "ACTION" = ?', (audit_bulk.CREATE,)):
        lo, hi = audit_bulk.key_range(rowkey)
        if lo <= key <= hi:
            return seq
    raise AssertionError(key)


def test_patches_are_created_a_record_per_chunk_and_check_clean(ws, small_units, monkeypatch):
    heads = ws._fetch('SELECT "TBL", "ROWKEY", "CHANGES" FROM wz_audit WHERE "ACTION" = ? ORDER BY "SEQ"',
                      (audit_bulk.CREATE,))
    assert len(heads) == math.ceil(N / CHUNK) and {t for t, _k, _c in heads} == {"wz_patch"}
    named = [k for _t, _k, c in heads for k in json.loads(c)["keys"]]
    assert named == sorted(named) and len(named) == N   # every patch named once
    assert ws._fetch("""SELECT COUNT(*) FROM wz_audit WHERE "TBL" = 'wz_patch' AND "ACTION" = 'create'""") == [(0,)]
    updates = ws._fetch('SELECT "CHANGES" FROM wz_audit WHERE "ACTION" = ? ORDER BY "SEQ"', (audit_bulk.UPDATE,))
    assert len(updates) == math.ceil(len(UPDATED) / CHUNK)
    assert [k for (c,) in updates for k in json.loads(c)["keys"]] == UPDATED
    assert {json.loads(c)["action"] for (c,) in updates} == {"determine"}
    assert ws.select("wz_patch", ["PDJG"]).set_index("fid").loc[UPDATED[1], "PDJG"] == f"类{UPDATED[1]}"

    def no_exact(*a):
        raise AssertionError("the exact check ran on a clean workspace")

    monkeypatch.setattr(ac, "_verify_exact", no_exact)
    res = ws.verify_audit()
    assert res.ok and res.checked == ws.count("wz_audit")
    monkeypatch.undo()
    assert answer(exact(ws)) == answer(res)
    assert ac._row_differences(ws, AUDITED) == ([], None)


def test_small_inserts_and_other_tables_stay_a_record_per_row(ws):
    with ws.transaction():
        ws.insert("wz_fact", [{"TBID": f} for f in range(1, 6)])
        ws.insert("wz_patch", [{"JCBH": "ONE", "PCID": 1}])
    assert ws._fetch("""SELECT COUNT(*) FROM wz_audit WHERE "TBL" = 'wz_fact' AND "ACTION" = 'create'""") == [(5,)]
    assert ws._fetch("""SELECT "ACTION" FROM wz_audit WHERE "TBL" = 'wz_patch' ORDER BY "SEQ" DESC LIMIT 1""") == \
        [("create",)]
    assert ws.verify_audit().ok


def edited(key):
    return (f"""UPDATE wz_audit SET "CHANGES" = replace("CHANGES", 'P{key - 1:03d}', 'PXXX') """
            f"""WHERE "ACTION" = 'create_many' AND "CHANGES" LIKE '%P{key - 1:03d}%'""")


def edited_update(key):
    return (f"""UPDATE wz_audit SET "CHANGES" = replace("CHANGES", '类{key}"', '类X"') """
            f"""WHERE "ACTION" = 'update_many'""")


SQL = {
    "a value changed": ["UPDATE wz_patch SET ZT = '已办结' WHERE fid = 5"],
    "a value a bulk update wrote changed": [f"UPDATE wz_patch SET PDJG = 'Y' WHERE fid = {UPDATED[3]}"],
    "a bulk update's value edited": [edited_update(UPDATED[2])],
    "a value changed in a row never updated": ["UPDATE wz_patch SET JCBH = 'Q' WHERE fid = 12"],
    "a row deleted": ["DELETE FROM wz_patch WHERE fid = 12"],
    "a row added": ["INSERT INTO wz_patch (fid, JCBH, PCID, ZT) SELECT 99, 'X', PCID, ZT FROM wz_patch WHERE fid = 2"],
    "long text changed": ["UPDATE wz_patch SET BZ = BZ || '。' WHERE fid = 7"],
    "a geometry swapped": ["UPDATE wz_patch SET geom = (SELECT geom FROM wz_patch WHERE fid = 3) WHERE fid = 23"],
    "a bulk record's values edited": [edited(11)],
    "a bulk record removed": ["""DELETE FROM wz_audit WHERE "SEQ" = (SELECT MIN("SEQ") FROM wz_audit """
                              """WHERE "ACTION" = 'create_many')"""],
    "a bulk record's key range edited": ["""UPDATE wz_audit SET "ROWKEY" = '*1-3' WHERE "ROWKEY" = '*1-7'"""],
}
REHASHED = {
    "a bulk update's new value edited (rehashed)": [edited_update(UPDATED[2])],
    "a bulk update removed (rehashed)": ["""DELETE FROM wz_audit WHERE "SEQ" = (SELECT MAX("SEQ") FROM wz_audit """
                                         """WHERE "ACTION" = 'update_many')"""],
    "a bulk record's values edited (rehashed)": [edited(11)],
    "a bulk record's value edited in a row updated since (rehashed)": [edited(4)],
    "a bulk record damaged (rehashed)": ["""UPDATE wz_audit SET "CHANGES" = '{broken' WHERE "ROWKEY" = '*8-14'"""],
    "a bulk record's keys not its values (rehashed)": [
        """UPDATE wz_audit SET "CHANGES" = replace("CHANGES", '"keys":[8,', '"keys":[') WHERE "ROWKEY" = '*8-14'"""],
    "a bulk record's key range garbled (rehashed)": ["""UPDATE wz_audit SET "ROWKEY" = '*x' WHERE "ROWKEY" = '*8-14'"""],
    "a bulk record's key range narrowed (rehashed)": [
        """UPDATE wz_audit SET "ROWKEY" = '*8-9' WHERE "ROWKEY" = '*8-14'"""],
    "a row's key moved in a bulk record (rehashed)": [
        """UPDATE wz_audit SET "CHANGES" = replace("CHANGES", ',12,', ',99,') WHERE "ROWKEY" = '*8-14'"""],
    "a bulk record made per-row (rehashed)": ["""UPDATE wz_audit SET "ACTION" = 'create' WHERE "ROWKEY" = '*8-14'"""],
}


@pytest.mark.parametrize("what", list(SQL) + list(REHASHED))
@pytest.mark.parametrize("units", ["small units, two processes", "as shipped"])
def test_fast_pass_answers_what_the_exact_check_answers(ws, tmp_path, monkeypatch, what, units):
    if units.startswith("small"):
        monkeypatch.setattr(ac, "PART_ROWS", 4)
        monkeypatch.setattr(ac, "PARALLEL_MIN", 0)
    with ws.transaction():
        for sql in SQL.get(what) or REHASHED[what]:
            ws._exec(sql)
    if what in REHASHED:
        rehash(tmp_path / "ws.gpkg", ws)
    expected = answer(exact(ws))
    assert answer(ws.verify_audit()) == expected
    assert not expected[0], what
    assert ac.row_differences(ws) == ac._row_differences(ws, AUDITED)


def test_what_is_named_when_a_bulk_record_was_bent(ws, tmp_path):
    with ws.transaction():
        ws._exec(edited_update(UPDATED[2]))
    rehash(tmp_path / "ws.gpkg", ws)
    res = ws.verify_audit()
    assert [(d.row_key, d.field, d.audited, d.actual) for d in res.differences] == \
        [(str(UPDATED[2]), "PDJG", "类X", f"类{UPDATED[2]}")]
    with ws.transaction():
        ws._exec(f"UPDATE wz_audit SET \"CHANGES\" = replace(\"CHANGES\", '类X\"', '类{UPDATED[2]}\"')")
    rehash(tmp_path / "ws.gpkg", ws)
    assert ws.verify_audit().ok
    with ws.transaction():
        ws._exec(edited(11))
    rehash(tmp_path / "ws.gpkg", ws)
    res = ws.verify_audit()
    assert [(d.row_key, d.field, d.audited, d.actual) for d in res.differences] == [("11", "JCBH", "PXXX", "P010")]
    with ws.transaction():
        ws._exec("""UPDATE wz_audit SET "CHANGES" = '{broken' WHERE "ROWKEY" = '*15-21'""")
    rehash(tmp_path / "ws.gpkg", ws)
    res = ws.verify_audit()
    assert not res.ok and res.broken_at == bulk_seq(ws, 15) and "not valid JSON" in res.reason


def test_the_dashboard_places_the_rows_of_a_bulk_record(ws):
    recs = ws._fetch('SELECT "TBL", "ROWKEY", "ACTION", "CHANGES" FROM wz_audit ORDER BY "SEQ"')
    tables, patches = aggregates.touched_patches(ws, recs)
    assert "wz_patch" in tables and set(range(1, N + 1)) <= patches
    with ws.transaction():   # rows of another patch table, made in bulk, name their patches by TBID
        ws.insert("wz_refsug", [{"TBID": t, "TCID": "1", "ZT": "待确认"} for t in (3, 4, 5)])
    (rec,) = ws._fetch('SELECT "TBL", "ROWKEY", "ACTION", "CHANGES" FROM wz_audit ORDER BY "SEQ" DESC LIMIT 1')
    assert rec[2] == audit_bulk.CREATE
    assert aggregates.touched_patches(ws, [rec], INPUTS)[1] == {3, 4, 5}   # (what a determination reads)
    assert aggregates.touched_patches(ws, [rec[:3] + ("{broken",)], INPUTS) is None


def test_a_rows_history_includes_the_bulk_records_that_name_it(ws):
    fid = UPDATED[1]   # created in bulk, updated by fill() one by one, then in bulk
    history = ws.audit_records("wz_patch", fid)
    assert [h["seq"] for h in history] == sorted(h["seq"] for h in history)
    assert history[0]["action"] == "create" and history[0]["bulk"] and history[0]["changes"]["JCBH"] == f"P{fid - 1:03d}"
    assert history[-1]["action"] == "update" and history[-1]["changes"]["PDJG"] == [None, f"类{fid}"]
    assert all(h["row_key"] == str(fid) for h in history)
    assert ws.audit_records("wz_patch", 10_000) == []


pg_cluster = pf.pg_cluster
pg_location = pf.pg_location
pg_schema = pf.pg_schema


def test_bulk_records_copied_to_postgis_are_checked_there(ws, pg_location, monkeypatch):
    """A team database takes the county's chain as it is (bulk records included) and checks it the same way;
    its own bulk writes are chained by wz_audit_append as bulk records too."""
    monkeypatch.setattr(ac, "PART_ROWS", 4)
    assert copy_workspace(ws, pg_location).ok
    team = open_workspace(pg_location, actor=Actor("admin", "server"))
    try:
        assert team.verify_audit().ok and team.row_differences() == []
        before = team.count("wz_audit")
        with team.transaction():
            team.update_many("wz_patch", {f: {"BZ": "复核"} for f in UPDATED}, action="update")
        new = team._fetch('SELECT "ACTION", "ROWKEY" FROM wz_audit WHERE "SEQ" > %s ORDER BY "SEQ"', (before,))
        assert {a for a, _ in new} == {audit_bulk.UPDATE} and len(new) == math.ceil(len(UPDATED) / CHUNK)
        assert team.audit_records("wz_patch", UPDATED[4])[-1]["changes"] == {"BZ": [None, "复核"]}
        assert team.verify_audit().ok
        with team.transaction():   # SQL straight at a row made and changed by bulk records
            team._exec('UPDATE wz_patch SET "PDJG" = %s WHERE fid = %s', ("Z", UPDATED[4]))
        res = team.verify_audit()
        assert answer(res) == answer(exact(team)) and not res.ok
        assert [(d.row_key, d.field) for d in res.differences] == [(str(UPDATED[4]), "PDJG")]
    finally:
        team.close()
