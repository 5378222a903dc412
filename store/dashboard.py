"""What the dashboard shows, computed from the workspace: progress by township, the county's 附件5
figures against the thresholds, the next deadlines, and the counts of the case workflow's registers."""
from __future__ import annotations

import copy
import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from ..core import cases as core_cases
from ..core.dates import as_date, china_today
from ..core.deadlines import report_deadlines
from ..core.estimates import POSSIBLY_UNDER, UNDER, interval_text
from ..core.referrals import overdue
from ..rules.facts import ILLEGAL_CATEGORIES
from . import aggregates
from .determinations import workspace_accountability
from .escalation import _text, escalation_table
from .queue import REVIEWED_STATUSES
from .rosters import workspace_roster
from .workspace import Workspace

DONE = REVIEWED_STATUSES
NO_TOWNSHIP = "（未指定乡镇）"
# 盯办专人 last: the figures keep their places (charts and callers read them by position)
PROGRESS_COLUMNS = ["乡镇", "图斑数", "已核查", "完成率(%)", "逾期", "违法", "已立案", "已销号", "盯办专人"]
NO_WATCHER = "（未指定专人）"
WORKLOAD_COLUMNS = ["盯办专人", "职务", "负责乡镇", "图斑数", "待核查", "逾期"]


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
    workload: Optional[pd.DataFrame] = None  # WORKLOAD_COLUMNS: per 专人 (专人盯办), + 合计
    escalations_open: int = 0                # reported to the county government, no result yet


def _in(ws: Workspace, values) -> tuple[str, tuple]:
    return f"({', '.join([ws.ph] * len(values))})", tuple(values)


def _township(name) -> str:
    return name if name is not None and name == name and str(name).strip() != "" else NO_TOWNSHIP


def progress_by_township(ws: Workspace, today: dt.date) -> pd.DataFrame:
    """One GROUP BY over the patches (by township, deadline and the flags counted): a few hundred rows
    whatever the size of the workspace, instead of every patch into pandas."""
    done, dp = _in(ws, DONE)
    illegal, ip = _in(ws, sorted(ILLEGAL_CATEGORIES))
    rows = ws._fetch(
        f'SELECT p."XZMC", p."HCJZ", CASE WHEN p."ZT" IN {done} THEN 1 ELSE 0 END, '
        f'CASE WHEN p."PDJG" IN {illegal} THEN 1 ELSE 0 END, '
        'CASE WHEN p.fid IN (SELECT "TBID" FROM wz_case) THEN 1 ELSE 0 END, '
        f'CASE WHEN p.fid IN (SELECT "TBID" FROM wz_case WHERE "AJZT" = {ws.ph}) THEN 1 ELSE 0 END, COUNT(*) '
        "FROM wz_patch p GROUP BY 1, 2, 3, 4, 5, 6", (*dp, *ip, core_cases.ELIMINATED))
    return progress_frame(rows, today, workspace_roster(ws))


def progress_frame(rows, today: dt.date, roster) -> pd.DataFrame:
    """The progress table from its groups: (township, deadline, checked, illegal, filed, closed, patches)."""
    late_by_date: dict = {}
    records = []
    for town, due, is_done, is_illegal, filed, closed, n in rows:
        if not is_done and due not in late_by_date:
            d = as_date(due)
            late_by_date[due] = d is not None and d < today
        late = not is_done and late_by_date[due]
        records.append({"乡镇": _township(town), "图斑数": n, "已核查": n * int(is_done), "逾期": n * int(late),
                        "违法": n * int(is_illegal), "已立案": n * int(filed), "已销号": n * int(closed)})
    df = pd.DataFrame(records, columns=["乡镇", "图斑数", "已核查", "逾期", "违法", "已立案", "已销号"])
    for c in df.columns[1:]:
        df[c] = df[c].astype("int64")
    g = df.groupby("乡镇", sort=True).sum(numeric_only=True).reset_index()
    total = g.sum(numeric_only=True)
    g = pd.concat([g, pd.DataFrame([{"乡镇": "合计", **total.to_dict()}])], ignore_index=True)
    g["完成率(%)"] = (100.0 * g["已核查"] / g["图斑数"].where(g["图斑数"] > 0)).round(1)
    g["盯办专人"] = [w.label if (w := _watcher(roster, t)) is not None else "" for t in g["乡镇"]]
    return g[PROGRESS_COLUMNS]


def _watcher(roster, township: str):
    return roster.watcher_of(township) if township not in ("合计", NO_TOWNSHIP) else None


def workload_by_watcher(ws: Workspace, progress: pd.DataFrame) -> pd.DataFrame:
    """Per 专人 (专人盯办): the townships followed, their patches, those not yet checked, those overdue.

    Townships whose 专人 is not named are counted under （未指定专人）, so the column sums match the progress
    table's 合计."""
    roster = workspace_roster(ws)
    acc: dict[str, dict] = {}
    for t, n, done, late in zip(progress["乡镇"], progress["图斑数"], progress["已核查"], progress["逾期"]):
        if t == "合计":
            continue
        w = _watcher(roster, t)
        name = w.name if w is not None and w.name else NO_WATCHER
        a = acc.setdefault(name, {"盯办专人": name, "职务": w.title if w is not None else "", "负责乡镇": [],
                                  "图斑数": 0, "待核查": 0, "逾期": 0})
        a["负责乡镇"].append(t)
        a["图斑数"] += int(n)
        a["待核查"] += int(n) - int(done)
        a["逾期"] += int(late)
    rows = sorted(acc.values(), key=lambda a: (a["盯办专人"] == NO_WATCHER, -a["待核查"], a["盯办专人"]))
    for a in rows:
        a["负责乡镇"] = "、".join(a["负责乡镇"])
    df = pd.DataFrame(rows, columns=WORKLOAD_COLUMNS)
    total = {"盯办专人": "合计", "职务": "", "负责乡镇": "", **{c: int(df[c].sum()) for c in ("图斑数", "待核查", "逾期")}}
    return pd.concat([df, pd.DataFrame([total], columns=WORKLOAD_COLUMNS)], ignore_index=True)


def next_deadlines(ws: Workspace, today: dt.date, limit: int = 6) -> list[Deadline]:
    """Patch deadlines still open (grouped by date) and the year's report dates, soonest first;
    dates already passed with patches still open are kept (they are overdue)."""
    done, dp = _in(ws, DONE)
    # open patches counted per (deadline, batch) in SQL; MIN(fid) keeps the order in which a row-by-row
    # pass would first meet each deadline (ties on a date keep that order)
    groups = ws._fetch(f'SELECT "HCJZ", "PCID", COUNT(*), MIN(fid) FROM wz_patch WHERE "ZT" IS NULL OR "ZT" NOT IN '
                       f'{done} GROUP BY "HCJZ", "PCID" ORDER BY 4', dp)
    return deadlines_from(ws, groups, today, limit)


def deadlines_from(ws: Workspace, groups, today: dt.date, limit: int = 6) -> list[Deadline]:
    """The deadlines from the open patches' groups: (deadline, batch fid, patches, first fid), first fid ascending."""
    b = ws.select("wz_batch", ["PCBH", "JB", "GZND", "SJSHJZ", "RLJZ"])
    level = dict(zip(b["fid"].astype(int), b["JB"]))
    out: dict[tuple, int] = {}
    meta: dict[tuple, tuple[str, str]] = {}
    for due, pcid, n, _first in groups:
        d = as_date(due)
        if d is not None:
            lv = level.get(int(pcid), "")
            key = (d, f"{lv}核查截止")
            out[key] = out.get(key, 0) + int(n)
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


# The aggregates of each open workspace and the last dashboard made from them (store/aggregates.py).
_KEPT: weakref.WeakKeyDictionary[Workspace, tuple] = weakref.WeakKeyDictionary()


def build_dashboard(ws: Workspace, today: Optional[dt.date] = None) -> Dashboard:
    """The dashboard's figures from aggregates kept current by the writes: the first call of a session reads
    the workspace once; after a write only what the write touched is read again (the audit records since say
    what), and a refresh with nothing written costs a query of wz_meta. A write the audit does not account
    for (another program editing the tables) reads everything again: the figures are always those of
    ``compute_dashboard``."""
    today = today or china_today()
    try:
        kept = _KEPT.get(ws)
    except TypeError:   # a workspace that cannot be weakly referenced keeps nothing
        kept = None
    agg = _refresh(ws, kept)
    if kept is not None and agg is kept[0] and kept[1:3] == (agg.mark, today):
        return copy.deepcopy(kept[3])
    dash = dashboard_from(ws, agg, today)
    try:
        _KEPT[ws] = (agg, agg.mark, today, copy.deepcopy(dash))
    except TypeError:
        pass
    return dash


def _refresh(ws: Workspace, kept: Optional[tuple]) -> aggregates.Aggregates:
    try:
        return aggregates.refresh(ws, kept[0] if kept else None)
    except BaseException:   # a refresh cut short (the database busy, gone) may have kept half a write: forget it
        try:
            _KEPT.pop(ws, None)
        except TypeError:
            pass
        raise


def kept_chart_figures(ws: Workspace, year: int, today: dt.date, thresholds):
    """The dashboard's 附件5 charts — (core.chart_data.AreaChart, MonthlyRatio or None) — from the workspace's
    kept aggregates brought up to date; None when there are none or their input does not compute (the
    charts are then made from the full computation, which names the problem)."""
    try:
        kept = _KEPT.get(ws)
    except TypeError:
        return None
    if kept is None:
        return None
    agg = _refresh(ws, kept)
    _KEPT[ws] = (agg, *kept[1:])   # a refresh that read a write leaves the kept dashboard behind its mark
    return aggregates.chart_figures(agg, year, today, thresholds)


def dashboard_from(ws: Workspace, agg: aggregates.Aggregates, today: dt.date) -> Dashboard:
    """The dashboard of kept aggregates (what depends on the day is worked out here, from them)."""
    roster = workspace_roster(ws)
    dash = Dashboard(today, progress_frame(aggregates.progress_groups(agg), today, roster))
    dash.workload = workload_by_watcher(ws, dash.progress)
    dash.escalations_open = sum(1 for (v,) in ws._fetch('SELECT "CLJG" FROM wz_escal') if _text(v) == "")
    county = aggregates.county_figures(agg)
    dash.county = county if county is not None else county_figures(ws)
    dash.deadlines = deadlines_from(ws, aggregates.deadline_groups(agg), today)
    dash.referrals_open = sum(1 for r in agg.referrals if not r.feedback.strip())
    dash.referrals_overdue = len(overdue(agg.referrals, today))
    dash.samples = [_sample(*s) for s in agg.samples]   # (name, report, county estimate, township estimates)
    dash.violators, dash.repeat_offenders = agg.violators
    return dash


def county_figures(ws: Workspace) -> list[dict]:
    """附件5 of each county, or what keeps it from computing (an inconsistent input is shown, not raised:
    the dashboard must open)."""
    try:
        result = workspace_accountability(ws)
    except Exception as e:
        return [{"name": "—", "error": str(e)}]
    return [{"name": r.name, "ratio": r.ratio, "numerator": r.numerator, "denominator": r.denominator,
             "area_threshold": r.area_threshold, "ratio_threshold": r.ratio_threshold, "triggered": r.triggered,
             "pending": len(r.pending_ids)} for r in result.of_level("county")]


def _sample(name: str, rep, county, towns) -> dict:
    return {"name": name, "reviewed": rep.batch.reviewed, "sampled": rep.batch.sampled,
            "rate": rep.batch.percent, "flagged": [t.name for t in rep.flagged()],
            "estimate": county, "interval": interval_text(county), "verdict": county.verdict(),
            "under": [t for t, e in sorted(towns.items()) if e.verdict() == UNDER],
            "possibly_under": [t for t, e in sorted(towns.items()) if e.verdict() == POSSIBLY_UNDER]}


def compute_dashboard(ws: Workspace, today: dt.date) -> Dashboard:
    """Every figure computed from the workspace as it is, nothing kept (the reference of ``build_dashboard``)."""
    from .registers import blacklist, referrals, sample_estimates, sample_names, sample_report

    dash = Dashboard(today, progress_by_township(ws, today))
    dash.workload = workload_by_watcher(ws, dash.progress)
    esc = escalation_table(ws, today)
    dash.escalations_open = int((esc["处理结果"].fillna("") == "").sum()) if len(esc) else 0
    dash.county = county_figures(ws)
    dash.deadlines = next_deadlines(ws, today)
    regs = [r for _, r in referrals(ws)]
    dash.referrals_open = sum(1 for r in regs if not r.feedback.strip())
    dash.referrals_overdue = len(overdue(regs, today))
    for name in sample_names(ws):
        rep = sample_report(ws, name)
        county, towns = sample_estimates(ws, name)
        dash.samples.append(_sample(name, rep, county, towns))
    entries = blacklist(ws).entries()
    dash.violators, dash.repeat_offenders = len(entries), sum(e.repeat for e in entries)
    return dash
