"""core.gpkg_near: both ways of finding the R-tree rows near many boxes give what a brute-force check gives."""
import sqlite3

import numpy as np
import pytest

from wpzf.core import gpkg_near
from wpzf.core.gpkg_near import NearBoxes, rows_by_id, rtree_ids_near, rtree_ids_sql


def _table(n: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    x0, y0 = rng.uniform(100, 101, n), rng.uniform(30, 31, n)
    env = np.column_stack([x0, y0, x0 + rng.uniform(0, 0.01, n), y0 + rng.uniform(0, 0.01, n)])
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (fid INTEGER PRIMARY KEY, name TEXT)")
    con.execute("CREATE VIRTUAL TABLE rtree_t_geom USING rtree(id, minx, maxx, miny, maxy)")
    ids = np.arange(1, n + 1) * 3          # ids that are not row positions
    con.executemany("INSERT INTO t VALUES (?, ?)", [(int(i), f"f{i}") for i in ids])
    con.executemany("INSERT INTO rtree_t_geom VALUES (?, ?, ?, ?, ?)",
                    [(int(i), e[0], e[2], e[1], e[3]) for i, e in zip(ids, env)])
    # what the R-tree holds (float32, rounded outwards), read back
    stored = np.array(con.execute("SELECT id, minx, miny, maxx, maxy FROM rtree_t_geom ORDER BY id").fetchall())
    return con, stored


def _brute(stored, boxes):
    e, b = stored[:, 1:], np.asarray(boxes)
    meet = ((e[:, None, 0] <= b[None, :, 2]) & (e[:, None, 2] >= b[None, :, 0])
            & (e[:, None, 1] <= b[None, :, 3]) & (e[:, None, 3] >= b[None, :, 1])).any(axis=1)
    return stored[meet, 0].astype(np.int64)


@pytest.mark.parametrize("per_box", [1000.0, 0.0])   # the scan of the R-tree rows, then the lookups per box
def test_both_ways_match_brute_force(monkeypatch, per_box):
    monkeypatch.setattr(gpkg_near, "SCAN_PER_BOX", per_box)
    con, stored = _table(3000)
    rng = np.random.default_rng(7)
    x, y = rng.uniform(100, 101, 200), rng.uniform(30, 31, 200)
    boxes = np.column_stack([x, y, x + 0.02, y + 0.02])
    # a box that only touches one envelope's corner counts (as the R-tree's own <= / >= do)
    corner = stored[5]
    boxes = np.vstack([boxes, [corner[3], corner[4], corner[3] + 1e-3, corner[4] + 1e-3]])
    got = rtree_ids_near(con, "rtree_t_geom", NearBoxes(boxes))
    want = _brute(stored, boxes)
    assert len(want) > 50 and int(corner[0]) in want
    np.testing.assert_array_equal(got, np.sort(want))


def test_no_boxes_and_rows_by_id_in_id_order():
    con, stored = _table(50)
    assert len(rtree_ids_near(con, "rtree_t_geom", NearBoxes(np.zeros((0, 4))))) == 0
    rows = rows_by_id(con, "SELECT t.fid, t.name FROM t", "t.fid", [30, 3, 30, 999, 12])
    assert rows == [(3, "f3"), (12, "f12"), (30, "f30")]


def test_moved_boxes_are_computed_once_per_key():
    calls = []
    boxes = NearBoxes([[0, 0, 1, 1]])

    def move(a):
        calls.append(1)
        return a + 10

    assert boxes.moved("x", move).array.tolist() == [[10, 10, 11, 11]]
    assert boxes.moved("x", move) is boxes.moved("x", move)
    assert len(calls) == 1
    assert boxes.moved("same", lambda a: a) is boxes       # boxes that do not move keep their one tree …
    assert boxes.moved("view", lambda a: np.asarray(a, dtype=float).reshape(-1, 4)) is boxes   # … given back as a view
    assert boxes.meeting([[0.5, 0.5, 2, 2], [1, 1, 3, 3], [1.1, 0, 2, 1]]).tolist() == [True, True, False]


def test_every_rtree_id_from_its_table_of_ids_or_from_the_rtree():
    con, stored = _table(40)
    fast = rtree_ids_sql(con, "rtree_t_geom")
    assert "_rowid" in fast
    want = sorted(int(i) for i in stored[:, 0])
    assert sorted(r[0] for r in con.execute(fast)) == want
    # a table that is not an R-tree (no table of ids): the ids read from the table itself
    con.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, minx REAL)")
    con.executemany("INSERT INTO plain VALUES (?, 0)", [(i,) for i in want])
    assert sorted(r[0] for r in con.execute(rtree_ids_sql(con, "plain"))) == want
