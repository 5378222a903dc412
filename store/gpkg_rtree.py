"""A GeoPackage table's R-tree built in one pass when many rows arrive at once (an import of 100k patches).

SQLite's R-tree inserts a row at a time, choosing a leaf and splitting nodes as it goes: about 8 µs a row,
0.8 s for 100k patches. Built whole, as GDAL does for its own bulk loads, the tree is packed (sort-tile-
recursive: leaves of neighbouring boxes) and its nodes are written straight into the R-tree's tables in
SQLite's node format, inside the caller's transaction: a few hundredths of a second for the same rows.

The node format (sqlite3 ext/rtree): a node is a blob of the table's node size — 2 bytes the tree's depth
(read from the root only), 2 bytes its number of cells, then the cells: an 8-byte id (the row's id in a leaf,
the child node's number above) and per dimension the box's min and max as 4-byte floats, all big-endian. The
root is node 1; ``<name>_rowid`` maps each row id to its leaf, ``<name>_parent`` each other node to its
parent. A box is stored rounded outwards to 4-byte floats, so it still contains the geometry.
"""
from __future__ import annotations

import math

import numpy as np

CELL = np.dtype([("id", ">i8"), ("box", ">f4", (4,))])   # id, minx, maxx, miny, maxy (as declared)
CELL_BYTES = CELL.itemsize
MIN_ROWS = 2000   # fewer new rows go in through the R-tree's own inserts (the table's triggers)


def worth_packing(new: int, existing: int) -> bool:
    """Packing rebuilds the whole tree: for many new rows, and not for a few beside a large tree."""
    return new >= MIN_ROWS and new * 10 >= existing


def outward(bounds: np.ndarray) -> np.ndarray:
    """(n, 4) minx, miny, maxx, maxy as 4-byte floats in the R-tree's column order (minx, maxx, miny, maxy),
    each min rounded down and each max up."""
    b = np.asarray(bounds, dtype=float)[:, [0, 2, 1, 3]]
    f = b.astype(np.float32)
    lo, hi = f[:, [0, 2]], f[:, [1, 3]]
    lo[:] = np.where(lo.astype(float) > b[:, [0, 2]], np.nextafter(lo, np.float32(-np.inf)), lo)
    hi[:] = np.where(hi.astype(float) < b[:, [1, 3]], np.nextafter(hi, np.float32(np.inf)), hi)
    out = np.empty_like(f)
    out[:, [0, 2]], out[:, [1, 3]] = lo, hi
    return out


def _tiles(boxes: np.ndarray, capacity: int) -> np.ndarray:
    """Sort-tile-recursive order of ``boxes`` (n, 4: minx, maxx, miny, maxy): vertical slabs by centre x,
    each sorted by centre y, so that every run of ``capacity`` is a compact node."""
    n = len(boxes)
    nodes = math.ceil(n / capacity)
    slab = math.ceil(math.sqrt(nodes)) * capacity
    cx = boxes[:, 0].astype(float) + boxes[:, 1]
    cy = boxes[:, 2].astype(float) + boxes[:, 3]
    by_x = np.argsort(cx, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[by_x] = np.arange(n)
    return np.lexsort((cy, rank // slab))


def _levels(ids: np.ndarray, boxes: np.ndarray, capacity: int):
    """[(entry ids or child positions, boxes, node of each entry)] from the leaves up to the root's level."""
    levels = []
    keys, bx = ids, boxes
    while True:
        order = _tiles(bx, capacity)
        keys, bx = keys[order], bx[order]
        node = np.arange(len(keys)) // capacity
        levels.append((keys, bx, node))
        count = int(node[-1]) + 1
        if count == 1:
            return levels
        starts = np.arange(0, len(keys), capacity)
        parent = np.empty((count, 4), dtype=np.float32)
        parent[:, 0] = np.minimum.reduceat(bx[:, 0], starts)
        parent[:, 1] = np.maximum.reduceat(bx[:, 1], starts)
        parent[:, 2] = np.minimum.reduceat(bx[:, 2], starts)
        parent[:, 3] = np.maximum.reduceat(bx[:, 3], starts)
        keys, bx = np.arange(count, dtype=np.int64), parent   # (the child's position in its level for now)


def rebuild(conn, name: str, ids: np.ndarray, bounds: np.ndarray) -> int:
    """Put the rows ``ids`` (bounds (n, 4) as shapely gives them; rows without a box left out) into the
    R-tree ``name`` with the rows it holds already, rebuilding it whole. Returns the rows it then holds."""
    (node_size,), = conn.execute(f'SELECT length(data) FROM "{name}_node" WHERE nodeno = 1').fetchall()
    capacity = (node_size - 4) // CELL_BYTES
    given = np.asarray(ids, dtype=np.int64)
    ok = ~np.isnan(np.asarray(bounds, dtype=float)).any(axis=1)
    new_ids = given[ok]
    new_boxes = outward(np.asarray(bounds, dtype=float)[ok])
    old = conn.execute(f'SELECT id, minx, maxx, miny, maxy FROM "{name}"').fetchall()
    if old:
        old_ids = np.fromiter((r[0] for r in old), dtype=np.int64, count=len(old))
        old_boxes = np.array([r[1:] for r in old], dtype=np.float32)   # stored as 4-byte floats already
        keep = ~np.isin(old_ids, given)   # a row given replaces its entry (and one without a box drops it)
        new_ids = np.concatenate([old_ids[keep], new_ids])
        new_boxes = np.concatenate([old_boxes[keep], new_boxes])
    for shadow in ("node", "rowid", "parent"):
        conn.execute(f'DELETE FROM "{name}_{shadow}"')
    if not len(new_ids):
        conn.execute(f'INSERT INTO "{name}_node" VALUES (1, zeroblob({node_size}))')
        return 0
    levels = _levels(new_ids, new_boxes, capacity)
    depth = len(levels) - 1
    # node numbers: the root 1, then level by level from the top
    numbers, next_no = [], 1
    for _keys, _bx, node in reversed(levels):
        count = int(node[-1]) + 1
        numbers.append(np.arange(next_no, next_no + count, dtype=np.int64))
        next_no += count
    numbers.reverse()   # numbers[i]: the node numbers of level i (0: leaves)
    nodes, rowids, parents = [], None, []
    for i, (keys, bx, node) in enumerate(levels):
        cells = np.empty(len(keys), dtype=CELL)
        cells["id"] = keys if i == 0 else numbers[i - 1][keys]
        cells["box"] = bx
        raw = cells.tobytes()
        starts = np.flatnonzero(np.r_[True, node[1:] != node[:-1]])
        ends = np.r_[starts[1:], len(keys)]
        head_depth = depth if i == depth else 0
        for j, (a, b) in enumerate(zip(starts.tolist(), ends.tolist())):
            body = int(head_depth).to_bytes(2, "big") + (b - a).to_bytes(2, "big") + raw[a * CELL_BYTES:b * CELL_BYTES]
            nodes.append((int(numbers[i][j]), body + bytes(node_size - len(body))))
        if i == 0:
            rowids = zip(keys.tolist(), numbers[0][node].tolist())
        else:
            parents.extend(zip(numbers[i - 1][keys].tolist(), numbers[i][node].tolist()))
    conn.executemany(f'INSERT INTO "{name}_node" (nodeno, data) VALUES (?, ?)', nodes)
    conn.executemany(f'INSERT INTO "{name}_rowid" (rowid, nodeno) VALUES (?, ?)', rowids)
    conn.executemany(f'INSERT INTO "{name}_parent" (nodeno, parentnode) VALUES (?, ?)', parents)
    return len(new_ids)
