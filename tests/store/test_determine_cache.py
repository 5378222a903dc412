"""Determining the whole workspace again in a session redoes only the patches written since
(store/determine_cache.py), and gives what a full determine in a fresh session gives."""
import datetime as dt
import os
import sqlite3

import pandas as pd
import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules.ruleset import RULESET_DIR
from wpzf.store import Actor, create_workspace, open_workspace
from wpzf.store import determinations as det
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.store import pg_fixtures


@pytest.fixture
def ws(tmp_path):
    rows = [{"JCBH": f"P{i:02d}", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇",
             "GDMJ": float(i % 4), "YJJBNTMJ": float(i % 2), "NYDMJ": 3.0, "JSYDMJ": float(i % 3),
             "WLYDMJ": 0.0, "SFSK": "是" if i % 5 == 0 else "否", "wkt": _square(i)} for i in range(10)]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    yield w
    w.close()


@pytest.fixture
def reads(monkeypatch):
    """The fids each unit_records call was asked for (None: every patch)."""
    seen = []
    real = det.unit_records

    def spy(ws, fids=None, county=True):
        seen.append(None if fids is None else sorted(int(f) for f in fids))
        return real(ws, fids, county)

    monkeypatch.setattr(det, "unit_records", spy)
    return seen


def _fids(ws):
    df = ws.select("wz_patch", ["JCBH"])
    return dict(zip(df["JCBH"], df["fid"].astype(int)))


def _fresh(ws):
    """A full determine of the workspace as it is now, in another session (a copy without the mark a whole
    determine leaves, so nothing is taken from what was stored)."""
    if ws.kind != "gpkg":
        other = open_workspace(ws.path)
    else:
        copy = f"{ws.path}.fresh.gpkg"
        src, dst = sqlite3.connect(ws.path), sqlite3.connect(copy)
        src.backup(dst)
        dst.execute("DROP TABLE IF EXISTS wz_dmark")
        dst.commit()
        src.close()
        dst.close()
        other = open_workspace(copy)
    try:
        return determine_patches(other)
    finally:
        other.close()


def test_again_with_nothing_written_reads_nothing_and_returns_the_same(ws, reads):
    first = determine_patches(ws)
    n = ws.count("wz_audit")
    again = determine_patches(ws)
    assert reads == [None]
    assert ws.count("wz_audit") == n
    pd.testing.assert_frame_equal(again, first)
    again.loc[again.index[0], "PDJG"] = "changed by the caller"
    assert determine_patches(ws).loc[first.index[0], "PDJG"] == first.loc[first.index[0], "PDJG"]


def test_a_saved_fact_determines_only_its_patch(ws, reads):
    f = _fids(ws)
    determine_patches(ws)
    save_facts(ws, f["P03"], {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False,
                              "SDPK": False})
    got = determine_patches(ws)
    assert reads == [None, [f["P03"]]]
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)
    assert got.loc[str(f["P03"]), "PDJG"] != "待定"


def test_a_write_to_one_patch_determines_that_patch(ws, reads):
    determine_patches(ws)
    with ws.transaction():
        ws.update("wz_patch", _fids(ws)["P01"], {"BZ": "备注"}, source="test")
    determine_patches(ws)
    assert reads[-1] == [_fids(ws)["P01"]]


def test_a_write_outside_the_workspace_is_placed_by_the_workspaces_touch_log(ws, reads):
    """The audit cannot say what another program wrote; the triggers a whole determine leaves can
    (store/determine_mark.py). Without them, everything is determined again."""
    f = _fids(ws)
    determine_patches(ws)
    con = sqlite3.connect(ws.path)
    con.execute('INSERT INTO wz_fact ("TBID", "BHLX", "BBH") VALUES (?, ?, 1)', (f["P04"], "none"))
    con.commit()
    got = determine_patches(ws)
    assert reads[-1] == [f["P04"]]
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)
    con.execute('DROP TRIGGER "wz_dtouch_wz_fact_insert"')
    con.execute('INSERT INTO wz_fact ("TBID", "BHLX", "BBH") VALUES (?, ?, 1)', (f["P05"], "none"))
    con.commit()
    con.close()
    got = determine_patches(ws)
    assert reads[-1] is None
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)


def test_a_county_profile_or_rule_set_change_determines_everything(ws, reads):
    determine_patches(ws)
    with ws.transaction():
        ws.meta_set("setting:test", "1")
    determine_patches(ws)
    assert reads[-1] is None
    path = RULESET_DIR / "2021.json"
    st = path.stat()
    try:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        determine_patches(ws)
        assert reads[-1] is None and len(reads) == 3
    finally:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_deleted_patch_leaves_the_results(ws, reads):
    f = _fids(ws)
    determine_patches(ws)
    with ws.transaction():
        for fid in ws.select("wz_determ", ["TBID"], where='"TBID" = ?', params=(f["P05"],))["fid"]:
            ws.delete("wz_determ", int(fid), source="test")
        ws.delete("wz_patch", f["P05"], source="test")
    got = determine_patches(ws)
    assert str(f["P05"]) not in got.index and len(got) == 9
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)


# ---- PostGIS: another editor's connection --------------------------------------------------------------

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema


def test_postgis_another_editors_save_and_a_raw_write(pg_location, pg_cluster, pg_schema, tmp_path, monkeypatch):
    rows = [{"JCBH": f"Q{i:02d}", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 2.0,
             "YJJBNTMJ": 0.0, "NYDMJ": 2.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(i)}
            for i in range(4)]
    a = create_workspace(pg_location, actor=Actor("甲", "pc-a"))
    b = None
    try:
        assert import_batch(a, write_shp(tmp_path / "q.shp", rows, fields=FIELDS),
                            BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
        b = open_workspace(pg_location, actor=Actor("乙", "pc-b"))
        seen = []
        real = det.unit_records
        monkeypatch.setattr(det, "unit_records", lambda ws, fids=None, county=True: (
            seen.append(None if fids is None else sorted(fids)), real(ws, fids, county))[1])
        determine_patches(a)
        fid = int(b.patch_fids()[1])
        save_facts(b, fid, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
        got = determine_patches(a)
        assert seen[-1] == [fid]
        assert got.loc[str(fid), "PDJG"] != "待定"
        pg_cluster.admin(f'UPDATE "{pg_schema}".wz_patch SET "GDMJ" = 0 WHERE fid = {int(b.patch_fids()[2])}')
        determine_patches(a)
        assert seen[-1] is None
    finally:
        a.close()
        if b is not None:
            b.close()
