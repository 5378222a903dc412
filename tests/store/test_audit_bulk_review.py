"""A hostile review of bulk audit records (core/audit_bulk.py): what a bulk record may claim, what the check
then answers, and what it costs to read one; the packed R-tree at the sizes its node format turns on."""
import json
import sqlite3

import numpy as np
import pytest

from wpzf.core import audit_bulk
from wpzf.store import aggregates, gpkg_rtree
from wpzf.store import audit_check as ac
from wpzf.tests.store import test_audit_bulk_store as bulk_store
from wpzf.tests.store.test_audit_fast_pass import answer, exact, rehash

bulk = bulk_store.bulk
ws = bulk_store.ws


# ---- 1. what a bulk record holds is what the check replays ----------------------------------------------
def test_a_bulk_update_to_infinity_is_recorded_as_infinity(ws):
    """A per-row update writes Infinity (json.dumps); a bulk update's text goes through orjson, which writes
    null: the audit then says the field was emptied, the honest row is named, and the row emptied behind the
    store's back passes."""
    with ws.transaction():
        ws.update_many("wz_patch", {f: {"JCMJ": float("inf")} for f in (2, 3, 4)}, action="update")
    assert ws.verify_audit().ok, ws.verify_audit().reason
    with ws.transaction():
        ws._exec("UPDATE wz_patch SET JCMJ = NULL WHERE fid = 3")
    assert not ws.verify_audit().ok


BENT = {   # each rehashed: a bulk record that is not what the store writes (ROWKEY = *min-max of whole-number keys)
    "its range widened past any fid": [
        """UPDATE wz_audit SET "ROWKEY" = '*8-99999999999999999999' WHERE "ROWKEY" = '*8-14'"""],
    "a key in full-width digits": [
        """UPDATE wz_audit SET "CHANGES" = replace("CHANGES", ',12,', ',"１２",') WHERE "ROWKEY" = '*8-14'"""],
    "a key in Arabic-Indic digits": [
        """UPDATE wz_audit SET "CHANGES" = replace("CHANGES", ',12,', ',"١٢",') WHERE "ROWKEY" = '*8-14'"""],
}


@pytest.mark.parametrize("what", list(BENT))
def test_a_bulk_record_whose_rowkey_is_not_its_keys_is_named(ws, tmp_path, what):
    with ws.transaction():
        for sql in BENT[what]:
            ws._exec(sql)
    rehash(tmp_path / "ws.gpkg", ws)
    res = ws.verify_audit()
    assert answer(res) == answer(exact(ws))
    assert not res.ok, f"{what}: the check says intact; row 12's history: {ws.audit_records('wz_patch', 12)}"


# ---- 2. no traceback instead of an answer --------------------------------------------------------------
def _first(ws, action):
    return ws._fetch('SELECT MIN("SEQ") FROM wz_audit WHERE "TBL" = ? AND "ACTION" = ?', ("wz_patch", action))[0][0]


@pytest.mark.parametrize("action", [audit_bulk.CREATE, "update"])
def test_row_differences_answers_when_a_seq_is_no_number(ws, action):
    """The chain check names such a record; the row pass alone (row_differences) must still answer."""
    with ws.transaction():
        ws._exec("""UPDATE wz_audit SET "SEQ" = 'x' WHERE "SEQ" = ?""", (_first(ws, action),))
    assert not ws.verify_audit().ok
    differences, _damaged = ac.row_differences(ws)   # raises ValueError today (int('x') in the merge)
    assert isinstance(differences, list)


@pytest.mark.parametrize("keys", [["x"], [1.5]])
def test_the_dashboard_cannot_place_a_bulk_record_with_keys_that_are_no_fids(ws, keys):
    record = ("wz_patch", "*1-1", audit_bulk.CREATE, json.dumps({"keys": keys, "values": {}}))
    assert aggregates.touched_patches(ws, [record]) is None   # "read everything again", as for broken JSON


# ---- 3. the cost of reading a record -----------------------------------------------------------------------
def test_a_wide_rowkey_is_not_parsed_once_per_digit_count():
    """Each digit count of a record's range parses the record again and keeps its own parsed copy: a ROWKEY
    of a few thousand digits (no rehash needed for the fast pass, which reads rows before it weighs hashes)
    parses a 2000-row record thousands of times and holds every copy (≈ 2 MB each)."""
    body = audit_bulk.text(list(range(8, 15)), ["JCBH"], [[f"P{k}" for k in range(8, 15)]], json.dumps)
    loads = []

    def load(seq):
        loads.append(seq)
        return body

    try:
        got = list(audit_bulk.ordered_rows([(5, "*8-" + "9" * 60, audit_bulk.CREATE)], load))
    except audit_bulk.Unreadable:   # a range past any 64-bit fid named as unreadable: fine too
        return
    assert len(got) == 7
    assert len(loads) <= 2, f"parsed {len(loads)} times"


def test_ordered_rows_agree_with_a_plain_sort_over_overlapping_chunks_across_digit_counts():
    rng = np.random.default_rng(15)
    recs, heads = {}, []
    for seq in range(1, 40):
        keys = sorted({int(k) for k in rng.choice([*range(7, 14), *range(97, 104), *range(998, 1003)],
                                                    size=int(rng.integers(1, 9)))})
        action = audit_bulk.CREATE if seq < 8 else audit_bulk.UPDATE
        recs[seq] = audit_bulk.text(keys, ["K"], [[f"{seq}:{k}" for k in keys]], json.dumps)
        heads.append((seq, audit_bulk.row_key(keys), action))
    want = sorted(((str(k), seq) for seq, t in recs.items() for k in json.loads(t)["keys"]))
    for pieces in [((None, None),), ((None, 10), (100, 1000)), ((10, 101), (1000, None))]:
        got = [(k, s) for k, s, _a, v in audit_bulk.ordered_rows(heads, recs.get, pieces)
               if v == {"K": f"{s}:{k}"}]
        assert got == [(k, s) for k, s in want if audit_bulk._in(int(k), pieces)]


# ---- 4. the packed R-tree at its edges ---------------------------------------------------------------------
def _tree(old=()):
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE rt USING rtree(id, minx, maxx, miny, maxy)")
    con.executemany("INSERT INTO rt VALUES (?, ?, ?, ?, ?)", [(i, b[0], b[2], b[1], b[3]) for i, b in old])
    return con


def _boxes(n, seed):
    xy = np.random.default_rng(seed).uniform(0, 100, (n, 2))
    return np.c_[xy, xy + 0.5]


def _holds(con, ids, boxes):
    assert con.execute("SELECT rtreecheck('rt')").fetchone() == ("ok",)
    got = dict((r[0], r[1:]) for r in con.execute("SELECT id, minx, miny, maxx, maxy FROM rt"))
    assert sorted(got) == sorted(ids)
    for i, b in zip(ids, boxes):
        lo_x, lo_y, hi_x, hi_y = got[i]
        assert lo_x <= b[0] and lo_y <= b[1] and hi_x >= b[2] and hi_y >= b[3]


@pytest.mark.parametrize("n", [1, 51, 52, 51 * 51, 51 * 51 + 1])   # 51 cells a node of a 2-D tree
def test_a_packed_tree_holds_at_the_node_capacity_edges(n):
    con = _tree()
    (size,), = con.execute("SELECT length(data) FROM rt_node WHERE nodeno = 1").fetchone(),
    assert (size - 4) // gpkg_rtree.CELL_BYTES == 51
    boxes = _boxes(n, n)
    assert gpkg_rtree.rebuild(con, "rt", np.arange(1, n + 1), boxes) == n
    _holds(con, list(range(1, n + 1)), boxes)


def test_a_pack_over_a_tree_keeps_its_entries_and_drops_the_old_entry_of_every_id_it_is_given():
    """A new row without a box must not keep an old entry of its id (its box would be found, the row has none)."""
    old = list(zip(range(1, 301), _boxes(300, 1)))
    con = _tree(old)
    new = _boxes(350, 2)
    new[10] = np.nan   # a row without a box: left out, its old entry (id 260) replaced by nothing
    assert gpkg_rtree.rebuild(con, "rt", np.arange(250, 600), new) == 249 + 349
    ids = [i for i, _b in old[:249]] + [i for i in range(250, 600) if i != 260]
    boxes = [b for _i, b in old[:249]] + [b for i, b in zip(range(250, 600), new) if i != 260]
    _holds(con, ids, boxes)
    con.executemany("INSERT INTO rt VALUES (?, 1, 2, 1, 2)", [(i,) for i in range(600, 700)])
    con.execute("DELETE FROM rt WHERE id % 3 = 0")
    assert con.execute("SELECT rtreecheck('rt')").fetchone() == ("ok",)


@pytest.mark.parametrize("rows", [3, 1])   # in bulk (MIN_ROWS 2 here) and a record per row
def test_a_row_created_with_an_infinite_value_is_audited_as_such(ws, rows):
    """SQLite keeps an infinity (and turns NaN into NULL): the create record says Infinity, NaN as null."""
    with ws.transaction():
        b = ws._fetch("SELECT MIN(fid) FROM wz_batch")[0][0]
        fids = ws.insert("wz_patch", [{"JCBH": f"INF{i}", "PCID": b, "JCMJ": float("inf"), "GDMJ": float("nan")}
                                      for i in range(rows)])
    assert ws.verify_audit().ok, ws.verify_audit().reason
    with ws.transaction():
        ws._exec(f"UPDATE wz_patch SET JCMJ = NULL WHERE fid = {fids[-1]}")
    assert [(d.row_key, d.field) for d in ws.verify_audit().differences] == [(str(fids[-1]), "JCMJ")]
