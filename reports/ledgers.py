"""Ledgers and statistics as DataFrames with the official Chinese headers (to xlsx, HTML or PDF).

- ``illegal_ledger``: 违法用地台账, one row per illegal patch or part;
- ``mineral_ledger``: 矿产执法台账, the patches with a mineral finding;
- ``monthly_statistics``: counts and 亩 per category by township, 耕地, 永久基本农田, done/overdue;
- ``accountability_table`` / ``accountability_summary``: 附件5 line by line per region.
Reads the workspace only through store/.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

import pandas as pd

from ..core.accountability import AccountabilityResult
from ..core.dates import china_today
from ..core.deadlines import past_due
from ..core.labels import clauses_text, explanation_text
from ..core.text import text_or_blank
from ..rules.facts import CATEGORIES, ILLEGAL_CATEGORIES
from ..store.queue import REVIEWED_STATUSES
from ..store.reporting import determined_units, patch_status
from ..store.workspace import Workspace

ILLEGAL_COLUMNS = ["序号", "监测编号", "批次", "乡镇", "村", "判定结果", "依据条款", "面积(亩)", "耕地(亩)",
                   "永久基本农田(亩)", "判定依据说明", "状态", "立案编号", "整改情况"]
MINERAL_COLUMNS = ["序号", "监测编号", "批次", "乡镇", "村", "面积(亩)", "土地判定结果", "矿产判定结果",
                   "矿产判定说明", "状态"]
TOTAL = "合计"
NO_TOWNSHIP = "（未指定乡镇）"


def _unit_id(jcbh, fgbh) -> str:
    return str(jcbh) if fgbh is None or fgbh != fgbh else f"{jcbh}-{fgbh}"


def mu_value(v) -> float:
    """An area in 亩 as a number; 0.0 when empty or not a number."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if x != x else x


def illegal_ledger(ws: Workspace, batch_code: Optional[str] = None) -> pd.DataFrame:
    """违法用地台账: one row per patch or part determined in an illegal category."""
    from ..store.cases import case_table

    units = determined_units(ws, batch_code)
    units = units[units["PDJG"].isin(ILLEGAL_CATEGORIES)]
    cases = {r["监测编号"]: r for r in case_table(ws).to_dict("records")}
    rows = []
    for i, u in enumerate(units.itertuples(index=False), start=1):
        uid = _unit_id(u.JCBH, u.FGBH)
        c = cases.get(uid)
        progress = "" if c is None else "；".join(x for x in (c["案件状态"], c["整改措施"], c["证据问题"]) if x)
        rows.append([i, uid, u.PCBH, text_or_blank(u.XZMC), text_or_blank(u.CMC), u.PDJG,
                     clauses_text(u.PDTK), mu_value(u.MJ), mu_value(u.GDMJ), mu_value(u.YJJBNTMJ),
                     explanation_text(u.PDYJSM),
                     text_or_blank(u.ZT), "" if c is None else c["立案编号"], progress])
    return pd.DataFrame(rows, columns=ILLEGAL_COLUMNS)


def mineral_ledger(ws: Workspace, batch_code: Optional[str] = None) -> pd.DataFrame:
    """矿产执法台账: every patch or part with a mineral finding (土地、矿产同查同核)."""
    units = determined_units(ws, batch_code)
    units = units[units["KCPDJG"].fillna("").astype(str).str.strip() != ""]
    rows = []
    for i, u in enumerate(units.itertuples(index=False), start=1):
        rows.append([i, _unit_id(u.JCBH, u.FGBH), u.PCBH, text_or_blank(u.XZMC), text_or_blank(u.CMC), mu_value(u.MJ),
                     text_or_blank(u.PDJG), u.KCPDJG, explanation_text(u.KCPDSM), text_or_blank(u.ZT)])
    return pd.DataFrame(rows, columns=MINERAL_COLUMNS)


def monthly_statistics(ws: Workspace, today: Optional[dt.date] = None,
                       batch_code: Optional[str] = None) -> pd.DataFrame:
    """By township: patches, done and overdue (deadline passed, not yet reviewed), then per category
    the units and their 亩, and the 耕地 / 永久基本农田 of illegal units; a 合计 row last."""
    today = today or china_today()
    patches = patch_status(ws, batch_code)
    units = determined_units(ws, batch_code)
    patch_town = patches["XZMC"].map(lambda t: text_or_blank(t) or NO_TOWNSHIP)
    unit_town = units["XZMC"].map(lambda t: text_or_blank(t) or NO_TOWNSHIP)
    cats = [c for c in CATEGORIES if c in set(units["PDJG"])]
    rows = []
    for town in [*sorted(set(patch_town)), TOTAL]:
        p = patches if town == TOTAL else patches[patch_town == town]
        u = units if town == TOTAL else units[unit_town == town]
        done = p["ZT"].isin(REVIEWED_STATUSES)
        overdue = (~done) & p["HCJZ"].map(lambda d: past_due(d, today))
        row = {"乡镇": town, "图斑数": len(p), "已完成": int(done.sum()), "逾期未完成": int(overdue.sum())}
        for c in cats:
            sel = u[u["PDJG"] == c]
            row[f"{c}(个)"] = len(sel)
            row[f"{c}(亩)"] = float(sel["MJ"].map(mu_value).sum())
        ill = u[u["PDJG"].isin(ILLEGAL_CATEGORIES)]
        row["违法占用耕地(亩)"] = float(ill["GDMJ"].map(mu_value).sum())
        row["违法占用永久基本农田(亩)"] = float(ill["YJJBNTMJ"].map(mu_value).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def accountability_summary(result: AccountabilityResult) -> pd.DataFrame:
    """One row per region: raw and adjusted figures, ratio, threshold test."""
    rows = []
    for r in result.levels:
        rows.append({"级别": r.level_name, "地区": r.name, "违法占用耕地(亩)": r.numerator_raw,
                     "新增建设用地占用耕地(亩)": r.denominator_raw, "扣除后违法占用耕地(亩)": r.numerator,
                     "扣除后新增建设用地占用耕地(亩)": r.denominator,
                     "比例(%)": None if r.ratio is None else round(r.ratio * 100, 2),
                     "面积标准(亩)": r.area_threshold,
                     "是否纳入问责": {True: "是", False: "否", None: "—"}[r.triggered],
                     "待定图斑数": len(r.pending_ids), "增违挂钩(亩)": r.linkage_mu})
    return pd.DataFrame(rows)


def accountability_table(result: AccountabilityResult) -> pd.DataFrame:
    """附件5 line by line: per region the raw figures, each item's deductions and the adjusted figures."""
    rows = []
    for r in result.levels:
        def add(item, num, den, n, note="", r=r):
            rows.append({"级别": r.level_name, "地区": r.name, "项目": item, "分子(亩)": num, "分母(亩)": den,
                         "图斑数": n, "说明": note})
        add("扣除前", r.numerator_raw, r.denominator_raw, len(set(r.numerator_ids) | set(r.denominator_ids)))
        for ln in r.lines:
            add(ln.label, (-ln.numerator_mu) or 0.0, (-ln.denominator_mu) or 0.0, len(ln.ids), ln.note)
        ratio = "—" if r.ratio is None else f"{r.ratio * 100:.2f}%"
        add("扣除后", r.numerator, r.denominator, len(r.numerator_ids), f"比例 {ratio}")
    return pd.DataFrame(rows)
