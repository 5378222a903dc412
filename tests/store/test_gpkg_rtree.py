"""The R-tree packed in one pass (store/gpkg_rtree.py) is an R-tree SQLite and GDAL read as their own: it
passes SQLite's rtreecheck, finds what a scan finds, and takes the later per-row inserts, moves and deletes."""
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon

from wpzf.store import create_workspace, gpkg_rtree

RTREE = "rtree_wz_patch_geom"


def squares(n: int, seed: int) -> list:
    rng = np.random.default_rng(seed)
    x, y, w = rng.uniform(112, 114, n), rng.uniform(38, 40, n), rng.uniform(1e-4, 2e-3, n)
    return [MultiPolygon([shapely.box(a, b, a + c, b + c)]) for a, b, c in zip(x, y, w)]


def found(ws, box) -> set:
    minx, miny, maxx, maxy = box
    return {r[0] for r in ws._fetch(f"SELECT id FROM {RTREE} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?",
                                    (minx, maxx, miny, maxy))}


def scanned(ws, box) -> set:
    df = ws.select("wz_patch", ["JCBH"], geometry=True)
    hit = shapely.intersects(shapely.box(*box), shapely.envelope(np.asarray(df["geom"], dtype=object)))
    return set(df["fid"][hit].astype(int))


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.setattr(gpkg_rtree, "MIN_ROWS", 50)
    w = create_workspace(tmp_path / "ws.gpkg")
    yield w
    w.close()


def insert(ws, n, seed, prefix):
    with ws.transaction():
        b = ws.insert("wz_batch", [{"PCBH": prefix, "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        return ws.insert("wz_patch", [{"JCBH": f"{prefix}{i}", "PCID": b} for i in range(n)], geoms=squares(n, seed))


def check(ws):
    assert ws._fetch(f"SELECT rtreecheck('{RTREE}')") == [("ok",)]
    assert ws._fetch(f"SELECT COUNT(*) FROM {RTREE}") == [(ws.count("wz_patch"),)]
    rng = np.random.default_rng(7)
    for x, y in zip(rng.uniform(112, 114, 25), rng.uniform(38, 40, 25)):
        box = (x, y, x + 0.05, y + 0.05)
        assert found(ws, box) == scanned(ws, box)


def test_a_packed_tree_is_sqlites_own(ws, monkeypatch):
    packed = []
    rebuild = gpkg_rtree.rebuild
    monkeypatch.setattr(gpkg_rtree, "rebuild", lambda *a: packed.append(len(a[2])) or rebuild(*a))
    insert(ws, 3000, 1, "A")   # deep enough for three levels (51 cells a node)
    assert packed == [3000]
    (depth,), = ws._fetch(f"SELECT substr(hex(data), 1, 4) FROM {RTREE}_node WHERE nodeno = 1")
    assert int(depth, 16) == 2
    check(ws)
    insert(ws, 400, 2, "B")    # the tree rebuilt with the rows it held
    assert packed == [3000, 400]
    check(ws)
    insert(ws, 20, 3, "C")     # a few rows beside a large tree: the R-tree's own inserts
    assert packed == [3000, 400]
    check(ws)
    with ws.transaction():     # and the per-row triggers keep it after a pack
        ws.update("wz_patch", 5, {}, geom=squares(1, 9)[0])
        ws.delete("wz_patch", 17)
    check(ws)


def test_boxes_are_rounded_outwards_to_four_byte_floats():
    b = np.array([[113.123456789, 39.987654321, 113.123456799, 39.987654329], [-1e-9, -5.5, 1e-9, -5.25]])
    out = gpkg_rtree.outward(b).astype(float)
    assert (out[:, 0] <= b[:, 0]).all() and (out[:, 1] >= b[:, 2]).all()
    assert (out[:, 2] <= b[:, 1]).all() and (out[:, 3] >= b[:, 3]).all()
    assert out[1].tolist() == [out[1, 0], out[1, 1], -5.5, -5.25]   # representable values stay as they are


def test_rows_without_a_box_are_left_out(ws):
    with ws.transaction():
        gpkg_rtree.rebuild(ws.conn, RTREE, np.array([1, 2, 3]), np.array([[1, 2, 3, 4], [np.nan] * 4, [5, 6, 7, 8]]))
    assert sorted(r[0] for r in ws._fetch(f"SELECT id FROM {RTREE}")) == [1, 3]
    with ws.transaction():
        gpkg_rtree.rebuild(ws.conn, RTREE, np.array([], dtype=int), np.empty((0, 4)))
    assert ws._fetch(f"SELECT COUNT(*) FROM {RTREE}") == [(2,)]
