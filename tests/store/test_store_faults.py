"""Faults beneath the store become one StoreError kind naming the file and what to do; the workspace stays
consistent on its own (a copy of the .gpkg alone passes integrity_check) and unchanged."""
import datetime as dt
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.store.faults import DAMAGED, FULL, LOCKED, READ_ONLY, StoreFault
from wpzf.tests.exchange.corpus import good_rows, write_shp

META = BatchMeta("部级", dt.date(2021, 5, 6), 2021)


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg")
    yield w
    w.close()


def test_full_database_is_a_fault_that_names_the_file_and_leaves_nothing(ws, tmp_path):
    batch = write_shp(tmp_path / "b.shp", good_rows(400))
    pages = ws.conn.execute("PRAGMA page_count").fetchone()[0]
    ws.conn.execute(f"PRAGMA max_page_count = {pages + 3}")   # SQLite's own "database or disk is full"
    rep = import_batch(ws, batch, META, save=False)
    assert not rep.ok and "is full" in rep.errors[0].message and str(tmp_path / "ws.gpkg") in rep.errors[0].message
    assert ws.count("wz_patch") == 0 and ws.count("wz_batch") == 0 and ws.verify_audit().ok
    with pytest.raises(StoreFault) as err:
        with ws.transaction():
            ws.insert("wz_batch", [{"PCBH": f"{i}" + "X" * 5000, "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}
                                   for i in range(50)])
    assert err.value.kind == FULL and integrity(tmp_path / "ws.gpkg") == "ok"


def test_real_full_disk_keeps_the_file_alone_consistent(tmp_path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        batch = write_shp(tmp_path / "b.shp", good_rows(600))
        refused = 0
        for room in (30_000, 150_000, 400_000):
            for p in mnt.iterdir():
                p.unlink()
            w = create_workspace(mnt / "ws.gpkg")
            free = shutil.disk_usage(mnt).free
            (mnt / "filler").write_bytes(b"x" * max(free - room, 0))
            rep = import_batch(w, batch, META, save=False)
            if not rep.ok:
                refused += 1
                assert "is full" in rep.errors[0].message, rep.text()
                assert w.count("wz_patch") == 0 and w.verify_audit().ok
            w.close()
            copy = tmp_path / f"copy{room}.gpkg"
            shutil.copy(mnt / "ws.gpkg", copy)        # the .gpkg alone, as a user copies it
            assert integrity(copy) == "ok"
            again = open_workspace(copy)
            assert again.verify_audit().ok
            again.close()
        assert refused, "the disk never filled: the test tried nothing"
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_read_only_locked_and_damaged(ws, tmp_path):
    path = tmp_path / "ws.gpkg"
    ws.conn.close()
    ws.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StoreFault) as err:
        with ws.transaction():
            ws.meta_set("x", "1")
    assert err.value.kind == READ_ONLY and str(path) in str(err.value)
    ws.conn.close()
    ws.conn = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreFault) as err:
        with ws.transaction():
            ws.meta_set("x", "1")
    assert err.value.kind == LOCKED and "another program" in str(err.value)
    other.execute("ROLLBACK")
    other.close()
    ws.close()
    data = bytearray(path.read_bytes())
    data[1024:4096] = uuid.uuid4().bytes * 192   # the schema page (its cells sit at its end) overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(StoreFault) as err:
        w = open_workspace(path)
        w.verify_audit()
        w.row_counts()
    assert err.value.kind == DAMAGED and "backup" in str(err.value)


def test_a_bulk_import_that_fills_the_file_leaves_it_as_it_was(tmp_path):
    """2,500 patches: bulk audit records and the R-tree packed in one pass. Wherever the file fills up —
    the rows, the packed tree, the records — nothing is left of the import, and the next one goes in whole."""
    batch = write_shp(tmp_path / "b.shp", good_rows(2500))
    probe = create_workspace(tmp_path / "probe.gpkg")
    before = probe.conn.execute("PRAGMA page_count").fetchone()[0]
    assert import_batch(probe, batch, META, save=False).ok
    needed = probe.conn.execute("PRAGMA page_count").fetchone()[0] - before
    probe.close()
    refused = 0
    for share in (0.3, 0.6, 0.85, 0.95, 0.99):
        path = tmp_path / f"ws{share}.gpkg"
        w = create_workspace(path)
        pages = w.conn.execute("PRAGMA page_count").fetchone()[0]
        w.conn.execute(f"PRAGMA max_page_count = {pages + int(needed * share)}")
        rep = import_batch(w, batch, META, save=False)
        if not rep.ok:
            refused += 1
            assert "is full" in rep.errors[0].message, rep.text()
            assert w.count("wz_patch") == 0 and w.count("wz_batch") == 0 and w.verify_audit().ok
            assert w._fetch("SELECT COUNT(*) FROM rtree_wz_patch_geom") == [(0,)]
        w.conn.execute("PRAGMA max_page_count = 1073741823")
        assert import_batch(w, batch, META, save=False).ok == (not rep.ok)   # (a second time only if refused)
        assert w.count("wz_patch") == 2500 and w.verify_audit().ok
        assert w._fetch("""SELECT COUNT(*) FROM wz_audit WHERE "ACTION" = 'create_many'""") == [(2,)]
        assert w._fetch("SELECT rtreecheck('rtree_wz_patch_geom')") == [("ok",)]
        w.close()
        assert integrity(path) == "ok"
    assert refused >= 3, "the file never filled: the test tried nothing"
