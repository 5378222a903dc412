"""The store's "many units change at once" paths (issue 15): determine, overlay, deadline refresh write
set-based through Workspace.update_many, only what changes, and a re-run with nothing changed writes nothing."""
import datetime as dt

import pandas as pd
import pytest

from wpzf.core.deadlines import DeadlineRules
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules import determine_frame, load_ruleset
from wpzf.store import create_workspace, registers
from wpzf.store.determinations import STORED_FACTS, determine_patches, fact_frame, save_facts
from wpzf.store.overlay import run_overlay
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.store.test_overlay_store import survey


@pytest.fixture
def ws(tmp_path):
    rows = []
    for i in range(12):
        rows.append({"JCBH": f"P{i:02d}", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇",
                     "GDMJ": float(i % 4), "YJJBNTMJ": float(i % 2), "NYDMJ": 3.0, "JSYDMJ": float(i % 3),
                     "WLYDMJ": 0.0, "SFSK": "是" if i % 5 == 0 else "否", "wkt": _square(i)})
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    yield w
    w.close()


def _fids(ws):
    df = ws.select("wz_patch", ["JCBH"])
    return dict(zip(df["JCBH"], df["fid"].astype(int)))


def _versions(ws):
    return {t: ws.select(t, ["BBH"])["BBH"].tolist() for t in ("wz_patch", "wz_determ")}


def test_results_are_those_of_the_rules_over_the_fact_frame(ws):
    f = _fids(ws)
    save_facts(ws, f["P01"], {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False,
                              "SDPK": False})
    save_facts(ws, f["P02"], {"BHLX": "none"})
    frame = fact_frame(ws)
    records = frame[list(STORED_FACTS)].astype(object).where(frame[list(STORED_FACTS)].notna(), None)
    want = determine_frame(records, load_ruleset(2021))
    got = determine_patches(ws)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    stored = ws.select("wz_determ", ["TBID", "PDJG", "PDYJSM"]).set_index("TBID")
    for unit, row in want.iterrows():
        assert stored.loc[int(unit), "PDJG"] == row["PDJG"]
        assert stored.loc[int(unit), "PDYJSM"] == (row["PDYJSM"] or None)


def test_a_rerun_with_nothing_changed_writes_nothing(ws):
    determine_patches(ws)
    n, versions = len(ws.audit_records()), _versions(ws)
    determine_patches(ws)
    determine_patches(ws, list(_fids(ws).values())[:3])
    assert len(ws.audit_records()) == n and _versions(ws) == versions
    assert ws.verify_audit().ok


def test_only_the_unit_that_changed_is_written(ws):
    determine_patches(ws)
    f = _fids(ws)
    save_facts(ws, f["P03"], {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False,
                              "SDPK": False})
    n = len(ws.audit_records())
    determine_patches(ws)
    new = ws.audit_records()[n:]
    det_fid = int(ws.select("wz_determ", ["TBID"]).set_index("TBID").loc[f["P03"], "fid"])
    assert {(r["table"], int(r["row_key"])) for r in new} == {("wz_determ", det_fid), ("wz_patch", f["P03"])}
    assert {r["action"] for r in new} == {"determine", "update"}
    assert ws.verify_audit().ok


def test_overlay_again_leaves_the_summaries_unwritten(ws):
    parcels, protections = survey()
    run_overlay(ws, parcels, protections, label="DLTB 2020", source_tag="test")
    n = len(ws.audit_records())
    run_overlay(ws, parcels, protections, label="DLTB 2020", source_tag="test")
    again = [r for r in ws.audit_records()[n:] if r["table"] == "wz_patch"]
    # the stamp (DLFX holds the time) may move; the figures, being equal, are not in the records
    assert all(set(r["changes"]) <= {"DLFX"} for r in again)
    assert ws.verify_audit().ok


def test_deadline_refresh_writes_each_moved_patch_once(ws):
    assert registers.refresh_deadlines(ws) == 0          # as imported
    n = len(ws.audit_records())
    assert registers.refresh_deadlines(ws, DeadlineRules(ministry_verify_day=25)) == len(_fids(ws))
    patch_records = [r for r in ws.audit_records()[n:] if r["table"] == "wz_patch"]
    assert len(patch_records) == len(_fids(ws))
    assert all(r["changes"] == {"HCJZ": ["2021-06-20", "2021-06-25"]} for r in patch_records)
    assert registers.refresh_deadlines(ws, DeadlineRules(ministry_verify_day=25)) == 0
    assert ws.verify_audit().ok
