"""The rows of a GeoPackage table near many boxes (the units' envelopes), found through the table's R-tree.

A pre-fill asks this of every reference layer with the same 100k boxes. Looking each box up in the R-tree costs
about as much as reading a few R-tree rows, so the cheaper of two ways is taken:

- at most ``SCAN_PER_BOX`` R-tree rows per box: the R-tree's rows (id and envelope) are read whole and matched
  against an STRtree of the boxes, built once for all the layers (:class:`NearBoxes`);
- more: each box is looked up in the R-tree from a temporary table.

A JSON array of the boxes unpacked in SQL (``json_each``) cost 2–5× either. Pure Python (sqlite3, numpy,
shapely)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable
from typing import Optional

import numpy as np
import shapely

SCAN_PER_BOX = 2.0


class NearBoxes:
    """Boxes (rows of minx, miny, maxx, maxy) with an STRtree of them built on first use and kept; ``moved``
    keeps the same boxes taken to another CRS (a layer's), each with its own tree."""

    def __init__(self, boxes):
        self.array = np.asarray(boxes, dtype=float).reshape(-1, 4)
        self._tree = None
        self._moved: dict = {}

    def __len__(self) -> int:
        return len(self.array)

    @property
    def tree(self) -> shapely.STRtree:
        if self._tree is None:
            self._tree = shapely.STRtree(shapely.box(*self.array.T))
        return self._tree

    def moved(self, key: Hashable, move: Callable[[np.ndarray], np.ndarray]) -> NearBoxes:
        """These boxes as ``move`` gives them (e.g. in a layer's CRS), computed once per ``key``."""
        if key not in self._moved:
            moved = np.asarray(move(self.array), dtype=float).reshape(-1, 4)
            same = moved.shape == self.array.shape and np.array_equal(moved, self.array)
            self._moved[key] = self if same else NearBoxes(moved)   # (boxes the CRS leaves as they are: one tree)
        return self._moved[key]

    def meeting(self, envelopes: np.ndarray) -> np.ndarray:
        """For each envelope (rows of minx, miny, maxx, maxy): does it meet (or touch) one of the boxes?"""
        env = np.asarray(envelopes, dtype=float).reshape(-1, 4)
        out = np.zeros(len(env), dtype=bool)
        if len(env) and len(self.array):
            out[self.tree.query(shapely.box(env[:, 0], env[:, 1], env[:, 2], env[:, 3]))[0]] = True
        return out


def _entries(con: sqlite3.Connection, rtree: str) -> Optional[int]:
    """How many ids the R-tree ``rtree`` holds, counted in its own table of ids (a plain index, no scan of the
    R-tree); None where it has no such table."""
    try:
        return con.execute(f'SELECT count(*) FROM "{rtree}_rowid"').fetchone()[0]
    except sqlite3.Error:
        return None


def rtree_ids_sql(con: sqlite3.Connection, rtree: str) -> str:
    """A SELECT of every id in the R-tree ``rtree``: from its own table of ids (0.015 s for 100k entries) where it
    has one, else from the R-tree itself (a scan of the virtual table: 0.18 s)."""
    if _entries(con, rtree) is not None:
        return f'SELECT rowid FROM "{rtree}_rowid"'
    return f'SELECT id FROM "{rtree}"'


def rtree_ids_near(con: sqlite3.Connection, rtree: str, boxes: NearBoxes) -> np.ndarray:
    """Sorted ids of the R-tree table ``rtree`` whose envelope meets one of ``boxes``."""
    if not len(boxes):
        return np.zeros(0, dtype=np.int64)
    entries = _entries(con, rtree)
    if entries is not None and entries <= SCAN_PER_BOX * len(boxes):
        rows = con.execute(f'SELECT id, minx, miny, maxx, maxy FROM "{rtree}"').fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        env = np.array(rows, dtype=float)[:, 1:]
        return np.sort(ids[boxes.meeting(env)])
    con.execute("CREATE TEMP TABLE IF NOT EXISTS wpzf_near_boxes (x0 REAL, y0 REAL, x1 REAL, y1 REAL)")
    con.execute("DELETE FROM temp.wpzf_near_boxes")
    con.executemany("INSERT INTO temp.wpzf_near_boxes VALUES (?, ?, ?, ?)", boxes.array.tolist())
    rows = con.execute(f'SELECT DISTINCT r.id FROM temp.wpzf_near_boxes b CROSS JOIN "{rtree}" r '
                       "WHERE r.minx <= b.x1 AND r.maxx >= b.x0 AND r.miny <= b.y1 AND r.maxy >= b.y0").fetchall()
    return np.sort(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))


def rows_by_id(con: sqlite3.Connection, select: str, key: str, ids) -> list[tuple]:
    """The rows of ``select`` (a SELECT without WHERE) whose ``key`` (an expression, e.g. ``t."fid"``) is one of
    ``ids``, in id order: the ids go into a temporary table, each one a seek."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS wpzf_near_ids (id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM temp.wpzf_near_ids")
    con.executemany("INSERT OR IGNORE INTO temp.wpzf_near_ids VALUES (?)", [(int(i),) for i in ids])
    return con.execute(f"{select} WHERE {key} IN (SELECT id FROM temp.wpzf_near_ids) ORDER BY {key}").fetchall()
