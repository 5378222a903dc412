"""What the dashboard shows, computed from the workspace: progress by township, the county's 附件5
figures against the thresholds, the next deadlines, and the counts of the case workflow's registers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from ..core import cases as core_cases
from ..core.dates import as_date
from ..core.deadlines import report_deadlines
from ..core.estimates import POSSIBLY_UNDER, UNDER, interval_text
from ..core.referrals import overdue
from ..rules.facts import ILLEGAL_CATEGORIES
from .determinations import workspace_accountability
from .queue import REVIEWED_STATUSES
from .workspace import Workspace

DONE = REVIEWED_STATUSES
NO_TOWNSHIP = "（未指定乡镇）"
PROGRESS_COLUMNS = ["乡镇", "图斑数", "已核查", "完成率(%)", "逾期", "违法", "已立案", "已销号"]


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    what: str          # e.g. "部级 2021-05 核查截止"
    days_left: int
    open_patches: int  # patches still open on a patch deadline (0 for report deadlines)
    # what, as data for a display in another language: kind (check, city_review, half_year, annual) and its
    # subject (the batch level, the batch code, the year)
    kind: str = ""
    subject: str = ""


@dataclass
class Dashboard:
    today: dt.date
    progress: pd.DataFrame                   # PROGRESS_COLUMNS, one row per township + 合计
    county: list[dict] = field(default_factory=list)   # name, ratio, numerator, area/ratio thresholds, triggered
    deadlines: list[Deadline] = field(default_factory=list)
    referrals_open: int = 0
    referrals_overdue: int = 0
    samples: list[dict] = field(default_factory=list)  # name, reviewed, sampled, rate text, flagged
    repeat_offenders: int = 0
    violators: int = 0


def progress_by_township(ws: Workspace, today: dt.date) -> pd.DataFrame:
    p = ws.select("wz_patch", ["XZMC", "ZT", "HCJZ", "PDJG"])
    cases = ws.select("wz_case", ["TBID", "AJZT"])
    filed = set(cases["TBID"].astype(int))
    closed = set(cases.loc[cases["AJZT"] == core_cases.ELIMINATED, "TBID"].astype(int))
    town = p["XZMC"].where(p["XZMC"].notna() & (p["XZMC"].astype(str).str.strip() != ""), NO_TOWNSHIP)
    done = p["ZT"].isin(DONE)
    due = p["HCJZ"].map(as_date)
    late = ~done & due.map(lambda d: d is not None and d < today)
    fid = p["fid"].astype(int)
    df = pd.DataFrame({"乡镇": town, "图斑数": 1, "已核查": done.astype(int), "逾期": late.astype(int),
                       "违法": p["PDJG"].isin(ILLEGAL_CATEGORIES).astype(int), "已立案": fid.isin(filed).astype(int),
                       "已销号": fid.isin(closed).astype(int)})
    g = df.groupby("乡镇", sort=True).sum(numeric_only=True).reset_index()
    total = g.sum(numeric_only=True)
    g = pd.concat([g, pd.DataFrame([{"乡镇": "合计", **total.to_dict()}])], ignore_index=True)
    g["完成率(%)"] = (100.0 * g["已核查"] / g["图斑数"].where(g["图斑数"] > 0)).round(1)
    return g[PROGRESS_COLUMNS]


def next_deadlines(ws: Workspace, today: dt.date, limit: int = 6) -> list[Deadline]:
    """Patch deadlines still open (grouped by date) and the year's report dates, soonest first;
    dates already passed with patches still open are kept (they are overdue)."""
    p = ws.select("wz_patch", ["HCJZ", "ZT", "PCID"])
    b = ws.select("wz_batch", ["PCBH", "JB", "GZND", "SJSHJZ", "RLJZ"])
    level = dict(zip(b["fid"].astype(int), b["JB"]))
    out: dict[tuple, int] = {}
    meta: dict[tuple, tuple[str, str]] = {}
    open_ = p[~p["ZT"].isin(DONE)]
    for due, pcid in zip(open_["HCJZ"], open_["PCID"]):
        d = as_date(due)
        if d is not None:
            lv = level.get(int(pcid), "")
            key = (d, f"{lv}核查截止")
            out[key] = out.get(key, 0) + 1
            meta[key] = ("check", str(lv or ""))
    for code, review in zip(b["PCBH"], b["SJSHJZ"]):
        d = as_date(review)
        if d is not None and d >= today:
            out.setdefault((d, f"{code} 市级审核截止"), 0)
            meta[(d, f"{code} 市级审核截止")] = ("city_review", str(code))
    years = sorted({int(y) for y in b["GZND"].dropna()}) or [today.year]
    for year in years:
        for key, d in report_deadlines(year).items():
            what = f"{year}年度{'半年报告' if key == 'half_year' else '年度报告'}报送"
            out.setdefault((d, what), 0)
            meta[(d, what)] = (key, str(year))
    items = [Deadline(d, what, (d - today).days, n, *meta[(d, what)]) for (d, what), n in out.items()]
    overdue_ = sorted((x for x in items if x.days_left < 0 and x.open_patches), key=lambda x: x.date)
    coming = sorted((x for x in items if x.days_left >= 0), key=lambda x: x.date)
    past = sorted((x for x in items if x.days_left < 0 and not x.open_patches), key=lambda x: x.date, reverse=True)
    # open patches past their date first, then what comes next, then the year's report dates already passed
    return overdue_ + coming[:limit] + [x for x in past if "报送" in x.what][:2]


def build_dashboard(ws: Workspace, today: Optional[dt.date] = None) -> Dashboard:
    from .registers import blacklist, referrals, sample_estimates, sample_names, sample_report

    today = today or dt.date.today()
    dash = Dashboard(today, progress_by_township(ws, today))
    try:
        result = workspace_accountability(ws)
    except Exception as e:   # an inconsistent input is shown, not raised: the dashboard must open
        dash.county = [{"name": "—", "error": str(e)}]
    else:
        for r in result.of_level("county"):
            dash.county.append({"name": r.name, "ratio": r.ratio, "numerator": r.numerator,
                                "denominator": r.denominator, "area_threshold": r.area_threshold,
                                "ratio_threshold": r.ratio_threshold, "triggered": r.triggered,
                                "pending": len(r.pending_ids)})
    dash.deadlines = next_deadlines(ws, today)
    regs = [r for _, r in referrals(ws)]
    dash.referrals_open = sum(1 for r in regs if not r.feedback.strip())
    dash.referrals_overdue = len(overdue(regs, today))
    for name in sample_names(ws):
        rep = sample_report(ws, name)
        county, towns = sample_estimates(ws, name)
        dash.samples.append({"name": name, "reviewed": rep.batch.reviewed, "sampled": rep.batch.sampled,
                             "rate": rep.batch.percent, "flagged": [t.name for t in rep.flagged()],
                             "estimate": county, "interval": interval_text(county), "verdict": county.verdict(),
                             "under": [t for t, e in sorted(towns.items()) if e.verdict() == UNDER],
                             "possibly_under": [t for t, e in sorted(towns.items()) if e.verdict() == POSSIBLY_UNDER]})
    entries = blacklist(ws).entries()
    dash.violators, dash.repeat_offenders = len(entries), sum(e.repeat for e in entries)
    return dash
