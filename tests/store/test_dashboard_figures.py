"""The dashboard's SQL aggregates against a straightforward row-by-row computation, on a hand-built workspace
with the awkward cases (blank and whitespace townships, no or unreadable deadlines, two batch
levels, filed and closed cases); and the memo: unchanged → the same figures without recomputing,
written → recomputed."""
import datetime as dt

import pandas as pd
import pytest
from osgeo import ogr

from wpzf.core import cases as core_cases
from wpzf.core.dates import as_date
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules.facts import ILLEGAL_CATEGORIES
from wpzf.store import aggregates, cases, create_workspace, dashboard
from wpzf.store.dashboard import NO_TOWNSHIP, build_dashboard, next_deadlines, progress_by_township
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.store.queue import REVIEWED_STATUSES
from wpzf.tests.exchange.corpus import ILLEGAL, PATCH_FIELDS, _square, write_shp

D = dt.date
FIELDS = PATCH_FIELDS[:4] + (("CMC", ogr.OFTString),) + PATCH_FIELDS[4:]
TODAY = D(2021, 6, 22)
# township, status (NOT NULL), deadline, determination, case ("" none, "filed", "closed")
PLAN = [
    ("上馆镇", "已核查", "2021-06-20", "新增违法用地", "filed"),
    ("上馆镇", "待核查", "2021-06-20", None, ""),
    ("上馆镇", "已整改", "2021-07-01", None, ""),
    ("聂营镇", "已判定", "2021-06-01", "新增违法用地", "closed"),
    ("聂营镇", "待核查", "2021/06/10", "合法", ""),
    ("聂营镇", "待核查", None, None, ""),
    ("", "待核查", "2021-06-30", None, ""),
    ("  ", "已销号", "2021-06-01", "新增违法用地", "filed"),
    ("\u3000", "待核查", "not a date", None, ""),
    (None, "整改中", "2021-06-25", None, ""),
    ("峪口乡", "待核查", "2021-06-20", None, ""),
    ("峪口乡", "待核查", "2021-06-25", None, ""),
]


@pytest.fixture
def ws(tmp_path):
    base = {"XZQDM": "140923", "XMC": "代县", "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否",
            "GDMJ": 1.0, "YJJBNTMJ": 0.0, "XZMC": "上馆镇", "CMC": "东关村"}
    w = create_workspace(tmp_path / "ws.gpkg")
    half = len(PLAN) // 2
    for k, (level, lo, hi) in enumerate((("部级", 0, half), ("省级", half, len(PLAN)))):
        rows = [{**base, "JCBH": f"14092320210500{i:02d}", "wkt": _square(i)} for i in range(lo, hi)]
        assert import_batch(w, write_shp(tmp_path / f"b{k}.shp", rows, fields=FIELDS),
                            BatchMeta(level, D(2021, 5, 6), 2021), save=False).ok
    fids = w.select("wz_patch", ["JCBH"]).sort_values("JCBH")["fid"].astype(int).tolist()
    with_case = [fid for fid, plan in zip(fids, PLAN) if plan[4]]
    for fid in with_case:
        save_facts(w, fid, ILLEGAL)
    determine_patches(w, with_case)
    for fid, plan in zip(fids, PLAN):
        if plan[4]:
            cases.open_unit_case(w, fid, f"立{fid}", D(2021, 6, 1))
            if plan[4] == "closed":
                (cf,) = w.select("wz_case", ["TBID"], where=f'"TBID" = {fid}')["fid"].astype(int)
                with w.transaction():
                    w.update("wz_case", int(cf), {"AJZT": core_cases.ELIMINATED})
    with w.transaction():   # the plan's figures last (determining sets status and result)
        for fid, (town, status, due, pdjg, _case) in zip(fids, PLAN):
            w.update("wz_patch", fid, {"XZMC": town, "ZT": status, "HCJZ": due, "PDJG": pdjg})
    yield w
    w.close()


def reference_progress(ws, today):
    """Every patch into pandas, one flag per row (the computation the SQL replaced)."""
    p = ws.select("wz_patch", ["XZMC", "ZT", "HCJZ", "PDJG"])
    cs = ws.select("wz_case", ["TBID", "AJZT"])
    filed = set(cs["TBID"].astype(int))
    closed = set(cs.loc[cs["AJZT"] == core_cases.ELIMINATED, "TBID"].astype(int))
    town = p["XZMC"].where(p["XZMC"].notna() & (p["XZMC"].astype(str).str.strip() != ""), NO_TOWNSHIP)
    done = p["ZT"].isin(REVIEWED_STATUSES)
    late = ~done & p["HCJZ"].map(as_date).map(lambda d: d is not None and d < today)
    fid = p["fid"].astype(int)
    df = pd.DataFrame({"乡镇": town, "图斑数": 1, "已核查": done.astype(int), "逾期": late.astype(int),
                       "违法": p["PDJG"].isin(ILLEGAL_CATEGORIES).astype(int), "已立案": fid.isin(filed).astype(int),
                       "已销号": fid.isin(closed).astype(int)})
    g = df.groupby("乡镇", sort=True).sum(numeric_only=True).reset_index()
    total = g.sum(numeric_only=True)
    g = pd.concat([g, pd.DataFrame([{"乡镇": "合计", **total.to_dict()}])], ignore_index=True)
    g["完成率(%)"] = (100.0 * g["已核查"] / g["图斑数"].where(g["图斑数"] > 0)).round(1)
    return g[["乡镇", "图斑数", "已核查", "完成率(%)", "逾期", "违法", "已立案", "已销号"]]


def reference_open_deadlines(ws):
    """Open patches per (date, level) counted row by row."""
    p = ws.select("wz_patch", ["HCJZ", "ZT", "PCID"])
    b = ws.select("wz_batch", ["JB"])
    level = dict(zip(b["fid"].astype(int), b["JB"]))
    out: dict = {}
    for due, status, pcid in zip(p["HCJZ"], p["ZT"], p["PCID"]):
        d = as_date(due)
        if status not in REVIEWED_STATUSES and d is not None:
            key = (d, f"{level[int(pcid)]}核查截止")
            out[key] = out.get(key, 0) + 1
    return out


def test_progress_matches_a_row_by_row_count(ws):
    got = progress_by_township(ws, TODAY)
    want = reference_progress(ws, TODAY)
    pd.testing.assert_frame_equal(got[list(want.columns)], want)
    prog = got.set_index("乡镇")
    # the blank, whitespace (also full-width) and missing townships are one row
    assert prog.loc[NO_TOWNSHIP, "图斑数"] == 4 and prog.loc["合计", "图斑数"] == len(PLAN)
    assert prog.loc["合计", "已立案"] == 3 and prog.loc["合计", "已销号"] == 1
    # past their date and open: one each; 聂营镇's open ones have no or an unreadable (2021/06/10) deadline
    assert (prog.loc["上馆镇", "逾期"], prog.loc["峪口乡", "逾期"], prog.loc["聂营镇", "逾期"]) == (1, 1, 0)


def test_deadlines_match_a_row_by_row_count(ws):
    got = {(x.date, x.what): x.open_patches for x in next_deadlines(ws, TODAY, limit=50) if x.kind == "check"}
    assert got == reference_open_deadlines(ws)
    assert {w for _, w in got} == {"部级核查截止", "省级核查截止"}


def test_kept_figures_are_read_again_after_a_write_only(ws, monkeypatch):
    first = build_dashboard(ws, TODAY)
    reads = []
    read_all, read_delta = aggregates.read_all, aggregates.touched_patches
    monkeypatch.setattr(aggregates, "read_all", lambda *a: reads.append("all") or read_all(*a))
    monkeypatch.setattr(aggregates, "touched_patches", lambda *a: reads.append("delta") or read_delta(*a))
    again = build_dashboard(ws, TODAY)
    assert reads == [] and again.progress.equals(first.progress) and again is not first
    again.progress.loc[0, "图斑数"] = -1                 # a caller's change does not reach what is kept
    assert build_dashboard(ws, TODAY).progress.equals(first.progress)
    fid = int(ws.select("wz_patch", ["ZT"], where='"ZT" = \'待核查\'')["fid"].iloc[0])
    with ws.transaction():
        ws.update("wz_patch", fid, {"ZT": "已核查"})
    after = build_dashboard(ws, TODAY)
    assert reads == ["delta"]                          # the write's records, not the workspace
    assert after.progress.set_index("乡镇").loc["合计", "已核查"] == first.progress.set_index("乡镇").loc["合计", "已核查"] + 1
    next_day = build_dashboard(ws, TODAY + dt.timedelta(days=1))   # another day: overdue counts move, nothing read
    assert reads == ["delta"] and next_day.progress.equals(dashboard.compute_dashboard(ws, TODAY + dt.timedelta(days=1)).progress)


def test_a_write_outside_the_workspace_is_never_shown_stale(ws):
    """QGIS editing the layer, sqlite3, another program: no audit record says what changed, so the session's
    aggregates are not used (the GeoPackage's data_version moved); the workspace's touch log says which patches
    changed, and those are read again over the snapshot it kept (store/dashboard_snapshot.py)."""
    import sqlite3

    before = build_dashboard(ws, TODAY).progress.set_index("乡镇")
    assert before.loc["合计", "已销号"] == 1
    con = sqlite3.connect(ws.location)
    with con:   # every case closed; the audit chain and wz_meta as they were
        con.execute('UPDATE wz_case SET "AJZT" = ?', (core_cases.ELIMINATED,))
    con.close()
    after = build_dashboard(ws, TODAY)
    assert dashboard._KEPT[ws][0].reads == "kept"
    pd.testing.assert_frame_equal(after.progress, dashboard.compute_dashboard(ws, TODAY).progress)
    assert after.progress.set_index("乡镇").loc["合计", "已销号"] == 3


def test_a_refresh_cut_short_keeps_nothing_half_read(ws, monkeypatch):
    """The database failing in the middle of reading a write (busy, gone) leaves no aggregate that has the
    write's patches but not its 附件5 units: the next dashboard starts again from what the workspace kept."""
    from wpzf.store.errors import StoreError

    build_dashboard(ws, TODAY)
    fid = int(ws.select("wz_patch", ["ZT"], where='"ZT" = \'待核查\'')["fid"].iloc[0])
    save_facts(ws, fid, ILLEGAL)
    unit_rows = aggregates._unit_rows

    def busy(*a):
        raise StoreError("database is locked")

    monkeypatch.setattr(aggregates, "_unit_rows", busy)
    with pytest.raises(StoreError):
        build_dashboard(ws, TODAY)
    monkeypatch.setattr(aggregates, "_unit_rows", unit_rows)
    again = build_dashboard(ws, TODAY)
    assert dashboard._KEPT[ws][0].reads == "kept"
    assert again.county == dashboard.compute_dashboard(ws, TODAY).county
