"""The demo county's monthly cycle up the chain (issue 18): one township's 部级 patches are submitted (提交审核),
the county office's reviewer — not the operator who recorded the findings — returns one with a reason and passes
the rest, the corrected patch is resubmitted and passed; the return (上报成果) is written; the city's review
(a small xlsx written here, as the city would send it) returns two patches with a comment and a new deadline;
they are corrected, resubmitted, passed and returned again.

Everything goes through the store API and the Processing algorithms the dock and a user's models use.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from ..core import signoff as rules
from ..store import Actor, open_workspace
from ..store import signoff as store_signoff
from ..store.determinations import determine_patches, save_facts
from ..store.people import set_people

REVIEWER = Actor("xwpb-shenhe", "xwpb-pc")   # the county office reviewer's login; the forms print a name
OPERATOR_NAME, REVIEWER_NAME = "王明", "李华"   # 人员姓名 (store/people.py) as the office would enter them
CITY_FILE = "忻州市卫片执法审核结果.xlsx"
CITY_DEADLINE = dt.date(2021, 7, 5)


def _township(ws, batch: str) -> tuple[str, list[int]]:
    """The township with the most determined patches of ``batch`` (none split), and those patches."""
    u = store_signoff.units(ws, batch_code=batch)
    u = u[u["FGID"].isna() & u["PDJG"].notna() & (u["PDJG"] != "待定") & u["XZMC"].notna()]
    town = u.groupby("XZMC").size().sort_values(ascending=False).index[0]
    return str(town), sorted(int(t) for t in u.loc[u["XZMC"] == town, "TBID"])


def _fix(ws, fids: list[int], note: str) -> None:
    for f in fids:
        save_facts(ws, f, {"RGSM": note}, source="demo:signoff")
    determine_patches(ws, fids, source="demo:signoff")


def run_signoff(processing, ws_path: Path, out: Path, batch: str) -> dict:
    ws = open_workspace(ws_path)
    rev = open_workspace(ws_path, actor=REVIEWER)
    try:
        set_people(ws, {ws.actor.username: OPERATOR_NAME, REVIEWER.username: REVIEWER_NAME}, source="demo:signoff")
        town, fids = _township(ws, batch)
        submitted = store_signoff.submit(ws, fids, source="demo:signoff").done
        store_signoff.review(rev, fids[:1], rules.RETURNED, "人工说明未写明现场实际用途，请补充", source="demo:signoff")
        store_signoff.review(rev, fids[1:], rules.PASSED, source="demo:signoff")
        _fix(ws, fids[:1], "已按县卫片办意见补充说明：现场实际用途与核查事实一致")
        store_signoff.submit(ws, fids[:1], source="demo:signoff")
        store_signoff.review(rev, fids[:1], rules.PASSED, source="demo:signoff")
    finally:
        ws.close()
        rev.close()
    returns = out / "returns"
    shutil.rmtree(returns, ignore_errors=True)   # the demo's own output of an earlier run
    first = processing.run("wpzf:export_return", {"WORKSPACE": str(ws_path), "BATCH": batch,
                                                  "OUTPUT": str(returns)})
    # The city reviews every patch that went up and returns two of them.
    ws = open_workspace(ws_path)
    went_up = store_signoff.units(ws, fids)
    keys = list(went_up["JCBH"])
    back = keys[1:3]
    sheet = pd.DataFrame({"监测编号": keys,
                          "审核结果": ["退回" if k in back else "通过" for k in keys],
                          "审核意见": ["地类认定依据不足，请说明三调地类与现状的差异" if k in back else "" for k in keys],
                          "整改期限": [CITY_DEADLINE if k in back else None for k in keys]})
    ws.close()
    city = returns / CITY_FILE
    with pd.ExcelWriter(city) as w:
        pd.DataFrame([["忻州市自然资源卫片执法图斑审核结果（代县，2021年5月批次）"]]).to_excel(w, index=False, header=False)
        sheet.to_excel(w, index=False, startrow=2)
    review = processing.run("wpzf:import_review", {"WORKSPACE": str(ws_path), "INPUT": str(city), "LEVEL": 0})
    ws = open_workspace(ws_path)
    rev = open_workspace(ws_path, actor=REVIEWER)
    try:
        returned = store_signoff.queue_fids(ws, "上级退回")
        _fix(ws, returned, "已按市级审核意见补充说明：现状地类以外业核查结果为准")
        stale = len(store_signoff.resubmission_needed(ws))
        store_signoff.submit(ws, returned, source="demo:signoff")
        store_signoff.review(rev, returned, rules.PASSED, source="demo:signoff")
    finally:
        rev.close()
        ws.close()
    second = processing.run("wpzf:export_return", {"WORKSPACE": str(ws_path), "BATCH": batch,
                                                   "OUTPUT": str(returns)})
    ws = open_workspace(ws_path)
    summary = store_signoff.summary_by_township(ws)
    ws.close()
    total = summary[summary["乡镇"] == "合计"].iloc[0]
    return {"township": town, "submitted": len(submitted), "first_return": first["FOLDER"],
            "city_returned": int(review["RETURNED"]), "city_passed": int(review["PASSED"]),
            "resubmission_marked": stale, "second_return": second["FOLDER"], "passed": int(total["通过"]),
            "returns_from_above": int(total["上级退回"]), "city_file": str(city)}


def signoff_line(s: dict) -> str:
    return (f"{s['township']}: {s['submitted']} submitted, 1 returned by the county and passed after correction; "
            f"return written; the city returned {s['city_returned']} ({s['resubmission_marked']} 需重新上报), "
            f"corrected and passed; return written again: {s['second_return']}")
