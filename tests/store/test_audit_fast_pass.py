"""The fast audit pass (core/audit_scan.py; key ranges and a second process in store/audit_check.py) gives
the answer the exact check gives — whatever was changed behind the plugin — and answers by itself when
nothing was."""
import sqlite3

import pytest
import shapely
from shapely.geometry import MultiPolygon

from wpzf.core.audit import GENESIS, record_hash
from wpzf.store import Actor, create_workspace
from wpzf.store import audit_check as ac
from wpzf.store.schema import AUDITED
from wpzf.tests.store import pg_fixtures as pf

pg_cluster = pf.pg_cluster
pg_location = pf.pg_location
pg_schema = pf.pg_schema

N = 34   # patches: fids 1–34 cross the 10 and the key-range cuts below


def square(i: int) -> MultiPolygon:
    x = 113.0 + 0.002 * i
    return MultiPolygon([shapely.box(x, 39.0, x + 0.001, 39.001)])


def fill(ws) -> list[int]:
    with ws.transaction():
        b = ws.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        fids = ws.insert("wz_patch", [{"JCBH": f"P{i:03d}", "PCID": b, "BZ": "备注" * 200 if i == 6 else None}
                                      for i in range(N)], geoms=[square(i) for i in range(N)])
    with ws.transaction():
        for f in fids[::3]:
            ws.update("wz_patch", f, {"ZT": "已核查", "XMC": "代县"})
        ws.delete("wz_patch", fids[-1])
    return fids


@pytest.fixture
def small_units(monkeypatch):
    """Units of a few records, ranges read in fid order from 10 up, and the second process from 0 records."""
    monkeypatch.setattr(ac, "PART_ROWS", 4)
    monkeypatch.setattr(ac, "SORTED_BELOW", 10)
    monkeypatch.setattr(ac, "PARALLEL_MIN", 0)


@pytest.fixture
def helper_answers(monkeypatch):
    """The ids of the units the second process answered."""
    answered = []
    feed = ac._feed

    def spy(proc, ws, shared, lock, results):
        class Seen(list):
            def __setitem__(self, i, v):
                answered.append(i)
                results[i] = v

        feed(proc, ws, shared, lock, Seen())

    monkeypatch.setattr(ac, "_feed", spy)
    return answered


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg")
    fill(w)
    w.anchors.folder = tmp_path / "anchors"   # this test's own memory of the chain
    yield w
    w.close()


def exact(ws):
    first = ws._first_hash()
    anchors = ws.anchors.find(ws._anchor_location(), first)
    return ac._verify_exact(ws, anchors, first, {a.count for a in anchors})


def answer(check):
    return (check.ok, check.checked, check.broken_at, check.reason,
            [(d.table, d.row_key, d.field, d.audited, d.actual) for d in check.differences])


def rehash(path, ws):
    """Recompute every hash and the head, as someone covering their tracks would (and forget anchors)."""
    con = sqlite3.connect(path)
    prev = GENESIS
    for r in ws.audit_records():
        r["prev_hash"] = prev
        r["hash"] = record_hash(r)
        con.execute('UPDATE wz_audit SET "PREVHASH" = ?, "HASH" = ? WHERE "SEQ" = ?', (prev, r["hash"], r["seq"]))
        prev = r["hash"]
    con.execute("""UPDATE wz_meta SET "VALUE" = ? WHERE "KEY" = 'audit_head'""", (prev,))
    con.commit()
    con.close()
    ws.anchors.folder = ws.anchors.folder.parent / "forgotten"


def test_clean_workspace_is_answered_by_the_fast_pass_in_two_processes(ws, small_units, helper_answers,
                                                                       monkeypatch):
    def no_exact(*a):
        raise AssertionError("the exact check ran on a clean workspace")

    monkeypatch.setattr(ac, "_verify_exact", no_exact)
    monkeypatch.setattr(ac, "_row_differences", lambda ws, names: ([], None) if not names else no_exact())
    res = ws.verify_audit()
    assert res.ok and res.checked == ws.count("wz_audit") and res.differences == []
    assert helper_answers, "the second process answered no unit"
    assert ws.row_differences() == []


def test_key_ranges_cover_every_integer_once():
    for lo, hi, parts in [(1, 34, 5), (1, 300_000, 6), (-5, 12, 3), (5, 5, 1), (1, 9_999, 1), (7, 123_456, 2)]:
        ranges = ac._key_ranges(lo, hi, parts)
        assert ranges[0][0] is None and ranges[-1][1] is None
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
        assert all(a < b for a, b in ranges if a is not None and b is not None)
        if hi >= ac.SORTED_BELOW:   # the big ranges hold one digit count, so fid order is text order
            assert any(a is not None and b is not None and a >= ac.SORTED_BELOW for a, b in ranges)


SQL = {
    "a value changed": ["UPDATE wz_patch SET ZT = '已办结' WHERE fid = 4"],
    "a value cleared": ["UPDATE wz_patch SET XMC = NULL WHERE fid = 13"],
    "a row deleted": ["DELETE FROM wz_patch WHERE fid = 12"],
    "a row added": ["INSERT INTO wz_patch (fid, JCBH, PCID, ZT) SELECT 99, 'X', PCID, ZT FROM wz_patch WHERE fid = 2"],
    "a deleted row back": ["INSERT INTO wz_patch (fid, JCBH, PCID, ZT) SELECT 34, 'P033', PCID, ZT FROM wz_patch "
                           "WHERE fid = 2"],
    "long text changed": ["UPDATE wz_patch SET BZ = BZ || '。' WHERE fid = 7"],
    "long text stored as a blob": ["UPDATE wz_patch SET BZ = CAST(BZ AS BLOB) WHERE fid = 7"],
    "a number stored as text": ["UPDATE wz_patch SET PCID = 'one' WHERE fid = 20"],
    "a geometry swapped": ["UPDATE wz_patch SET geom = (SELECT geom FROM wz_patch WHERE fid = 3) WHERE fid = 23"],
    "a record altered": ["""UPDATE wz_audit SET "USERNAME" = 'mallory' WHERE "SEQ" = 7"""],
    "a record's changes edited": ["""UPDATE wz_audit SET "CHANGES" = replace("CHANGES", 'P010', 'P011') """
                                  """WHERE "TBL" = 'wz_patch' AND "ROWKEY" = '11'"""],
    "a record removed": ["""DELETE FROM wz_audit WHERE "SEQ" = 9"""],
    "a record damaged": ["""UPDATE wz_audit SET "CHANGES" = '{broken' WHERE "SEQ" = 5"""],
    "the newest records cut": ["""DELETE FROM wz_audit WHERE "SEQ" > 30"""],
    "a record's table emptied": ["""UPDATE wz_audit SET "TBL" = NULL WHERE "SEQ" = 20"""],
    "a changes text as a blob": ["""UPDATE wz_audit SET "CHANGES" = CAST("CHANGES" AS BLOB) WHERE "SEQ" = 12"""],
    "the count made no number, a record removed": ["""UPDATE wz_meta SET "VALUE" = 'x' WHERE "KEY" = 'audit_count'""",
                                                   """DELETE FROM wz_audit WHERE "SEQ" = 9"""],
    "a record's SEQ made a fraction": ["""UPDATE wz_audit SET "SEQ" = 11.5 WHERE "SEQ" = 11"""],
}

def patch_record(key: int, action: str = "create") -> str:
    return f"""(SELECT MIN("SEQ") FROM wz_audit WHERE "TBL" = 'wz_patch' AND "ROWKEY" = '{key}' AND "ACTION" = '{action}')"""


REHASHED = {   # the chain made to hold again over the edit: only the rows (or the JSON) can tell
    "a record's changes edited (rehashed)": SQL["a record's changes edited"],
    "a record damaged (rehashed)": [f"""UPDATE wz_audit SET "CHANGES" = '{{broken' WHERE "SEQ" = {patch_record(8)}"""],
    "a key written as 0010 (rehashed)": [f"""UPDATE wz_audit SET "ROWKEY" = '00' || "ROWKEY" WHERE "SEQ" = {patch_record(10)}"""],
    "a key emptied (rehashed)": [f"""UPDATE wz_audit SET "ROWKEY" = NULL WHERE "SEQ" = {patch_record(14)}"""],
    "an update moved to another row (rehashed)": [
        f"""UPDATE wz_audit SET "ROWKEY" = '30' WHERE "SEQ" = {patch_record(13, 'update')}"""],
    "a create record for the added row (rehashed)": SQL["a row added"] + [
        f"""UPDATE wz_audit SET "ROWKEY" = '99' WHERE "SEQ" = {patch_record(33, 'delete')}"""],
    "a migration record damaged (rehashed)": ["""UPDATE wz_audit SET "CHANGES" = '[1,' WHERE "TBL" = 'wz_meta'"""],
    "a record's table emptied (rehashed)": [f"""UPDATE wz_audit SET "TBL" = NULL WHERE "SEQ" = {patch_record(17)}"""],
    "a record's table renamed (rehashed)": [
        f"""UPDATE wz_audit SET "TBL" = 'wz_nosuch' WHERE "SEQ" = {patch_record(18)}"""],
    "a JSON list as changes (rehashed)": [f"""UPDATE wz_audit SET "CHANGES" = '[1]' WHERE "SEQ" = {patch_record(16)}"""],
}


@pytest.mark.parametrize("what", list(SQL) + list(REHASHED))
def test_fast_pass_answers_what_the_exact_check_answers(ws, tmp_path, small_units, what):
    with ws.transaction():   # plain SQL on the workspace's connection (its triggers need its functions)
        for sql in SQL.get(what) or REHASHED[what]:
            ws._exec(sql)
    if what in REHASHED:
        rehash(tmp_path / "ws.gpkg", ws)
    try:
        expected = answer(exact(ws))
    except Exception as e:   # the exact check cannot read it: neither may the fast one pretend to
        with pytest.raises(type(e)):
            ws.verify_audit()
        return
    assert answer(ws.verify_audit()) == expected
    assert not expected[0]
    rows = ac._row_differences(ws, AUDITED)
    assert ac.row_differences(ws) == rows


def test_records_renumbered_still_hold(ws, small_units):
    """The fast pass reads a key's records in fid order (the order written); records whose fids were swapped
    hold all the same — the chain is walked in SEQ order and the table replayed exactly."""
    with ws.transaction():
        create, update = (patch_record(4), patch_record(4, "update"))
        ws._exec(f'UPDATE wz_audit SET fid = -1 WHERE "SEQ" = {create}')
        ws._exec(f'UPDATE wz_audit SET fid = (SELECT "SEQ" FROM wz_audit WHERE fid = -1) WHERE "SEQ" = {update}')
        ws._exec(f"UPDATE wz_audit SET fid = {update} WHERE fid = -1")
    assert ws._fetch(f'SELECT fid > "SEQ" FROM wz_audit WHERE "SEQ" = {patch_record(4)}') == [(1,)]
    res = ws.verify_audit()
    assert res.ok and answer(res) == answer(exact(ws)) and ws.row_differences() == []


def test_a_helper_that_cannot_start_or_dies_leaves_the_work_here(ws, tmp_path, small_units, monkeypatch):
    with ws.transaction():
        ws._exec("UPDATE wz_patch SET ZT = '已办结' WHERE fid = 4")
    expected = answer(exact(ws))
    from wpzf.core import child_process

    for python in ("/bin/false", str(tmp_path / "no-such-python")):
        monkeypatch.setattr(child_process, "python_executable", lambda python=python: python)
        assert answer(ws.verify_audit()) == expected


def test_postgis_fast_pass_streams_and_matches_the_exact_check(pg_location, monkeypatch):
    monkeypatch.setattr(ac, "PART_ROWS", 4)
    team = create_workspace(pg_location, actor=Actor("admin", "server"))
    try:
        fids = fill(team)
        assert team.verify_audit().ok and team.row_differences() == []
        with team.transaction():   # SQL straight at the tables, past the store's audited writes
            team._exec('UPDATE wz_patch SET "ZT" = %s WHERE fid = %s', ("已办结", fids[1]))
            team._exec("DELETE FROM wz_patch WHERE fid = %s", (fids[5],))
        res = team.verify_audit()
        assert answer(res) == answer(exact(team)) and not res.ok
        assert {(d.row_key, d.field) for d in res.differences} == {(str(fids[1]), "ZT"), (str(fids[5]), "")}
        assert not team.conn.closed and team.conn.get_transaction_status() == 0   # the snapshot was closed
    finally:
        team.close()


def test_same_geometry_in_other_wkb_bytes_is_no_difference(ws, small_units):
    """Another writer's WKB of the very same shape (big-endian here): the stored bytes differ from the
    audit's, the geometry does not, and the check says so (the exact check decides such a table)."""
    from wpzf.store import gpkg_geom

    (blob,) = ws._fetch("SELECT geom FROM wz_patch WHERE fid = 5")[0]
    wkb = shapely.to_wkb(gpkg_geom.decode([blob])[0], byte_order=0, flavor="iso", output_dimension=2)
    assert wkb != blob[40:]
    with ws.transaction():
        ws._exec("UPDATE wz_patch SET geom = ? WHERE fid = 5", (blob[:40] + wkb,))
    res = ws.verify_audit()
    assert res.ok and answer(res) == answer(exact(ws))
    with ws.transaction():   # and a moved one is still named
        ws._exec("UPDATE wz_patch SET geom = (SELECT geom FROM wz_patch WHERE fid = 2) WHERE fid = 5")
    assert [(d.row_key, d.field) for d in ws.verify_audit().differences] == [("5", "geom")]


def test_an_error_here_ends_the_helper_too(ws, small_units, monkeypatch):
    started = []
    start = ac._start_helper
    monkeypatch.setattr(ac, "_start_helper", lambda *a: started.append(start(*a)) or started[-1])

    def broken(*a, **k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ac.audit_scan, "run_unit", broken)   # this process's units only
    with pytest.raises(RuntimeError):
        ws.verify_audit()
    assert started and started[0] is not None and started[0].poll() is not None
