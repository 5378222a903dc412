"""The 工作简报 the county 卫片办 circulates (seed §二: “以工作简报形式通报情况”), weekly or monthly, numbered 第N期
per workspace and year (store/briefings.py): progress by township, overdue and returned patches, the rankings
(townships by progress and by illegal 耕地), the key cases, the 附件5 figures, and the townships the 警示约谈
criteria select with the talks under way (store/talks.py); with the charts of reports/charts.py and the form
frame of the other reports (reports/forms.py). Rendered from the editable template briefing.html.j2.

The context holds plain values and DataFrames (the template formats them); ``briefing_context`` takes no
number and draws no chart, so tests and previews do not use up issue numbers."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import pandas as pd

from ..core.accountability import COUNTY, AccountabilityInputError
from ..core.chart_data import township_areas
from ..core.dates import as_date, china_today, cn_date
from ..core.deadlines import past_due
from ..core.talks import status
from ..store import talks as store_talks
from ..store.briefings import take_issue
from ..store.queue import REVIEWED_STATUSES
from ..store.reporting import patch_status
from ..store.workspace import Workspace
from . import forms
from .ledgers import NO_TOWNSHIP, TOTAL, illegal_ledger, monthly_statistics, text_or_blank
from .render import PathLike, render_html

TEMPLATE = "briefing.html.j2"
WEEK, MONTH = "week", "month"
KEY_CASES = 5        # the largest illegal units (by 耕地, then area) the briefing names
LISTED = 15          # overdue / returned patches listed by name; the rest counted


def period(kind: str, today: dt.date) -> tuple[dt.date, dt.date, str]:
    """(start, end, text) of the briefing's period ending ``today``: the calendar week (Monday on) or month."""
    if kind == WEEK:
        start = today - dt.timedelta(days=today.weekday())
        return start, today, f"{cn_date(start)}至{cn_date(today)}"
    if kind == MONTH:
        return today.replace(day=1), today, forms.month_text(today)
    raise ValueError(f"kind must be {WEEK!r} or {MONTH!r}, not {kind!r}")


def _pct(num: float, den: float):
    """A share in % to one decimal (a number: the tables right-align it), "—" without a denominator."""
    return round(num / den * 100, 1) if den else "—"


def _progress(stats: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(progress by township with 合计, progress ranking): done share first, fewer overdue next."""
    rows = [{"乡镇": r["乡镇"], "图斑数(个)": int(r["图斑数"]), "已完成核查(个)": int(r["已完成"]),
             "完成率(%)": _pct(r["已完成"], r["图斑数"]), "逾期未完成(个)": int(r["逾期未完成"]),
             "违法占用耕地(亩)": float(r["违法占用耕地(亩)"])} for r in stats.to_dict("records")]
    table = pd.DataFrame(rows)
    towns = [r for r in rows if r["乡镇"] != TOTAL]
    towns.sort(key=lambda r: (-(r["已完成核查(个)"] / r["图斑数(个)"] if r["图斑数(个)"] else 0),
                              r["逾期未完成(个)"], r["乡镇"]))
    ranking = pd.DataFrame([{"名次": i, "乡镇": r["乡镇"], "完成率(%)": r["完成率(%)"],
                             "已完成核查(个)": r["已完成核查(个)"], "图斑数(个)": r["图斑数(个)"],
                             "逾期未完成(个)": r["逾期未完成(个)"]} for i, r in enumerate(towns, start=1)],
                           columns=["名次", "乡镇", "完成率(%)", "已完成核查(个)", "图斑数(个)", "逾期未完成(个)"])
    return table, ranking


def _area_ranking(result) -> pd.DataFrame:
    chart = township_areas(result)
    rows = [] if chart is None else [
        {"名次": i, "乡镇": t.township, "违法占用耕地(亩)": t.illegal_gd_mu, "新增建设用地占用耕地(亩)": t.new_gd_mu,
         "比例(%)": "—" if t.ratio is None else round(t.ratio * 100, 2)}
        for i, t in enumerate(chart.townships, start=1)]
    return pd.DataFrame(rows, columns=["名次", "乡镇", "违法占用耕地(亩)", "新增建设用地占用耕地(亩)", "比例(%)"])


def _overdue(ws: Workspace, today: dt.date) -> tuple[pd.DataFrame, int]:
    p = patch_status(ws)
    late = p[(~p["ZT"].isin(REVIEWED_STATUSES)) & p["HCJZ"].map(lambda d: past_due(d, today))]
    late = late.assign(days=[(today - as_date(d)).days for d in late["HCJZ"]]).sort_values(["days", "JCBH"],
                                                                                         ascending=[False, True])
    rows = [{"监测编号": r.JCBH, "乡镇": text_or_blank(r.XZMC) or NO_TOWNSHIP, "状态": r.ZT,
             "核查截止": cn_date(as_date(r.HCJZ)), "逾期(天)": int(r.days)} for r in late.head(LISTED).itertuples()]
    return pd.DataFrame(rows, columns=["监测编号", "乡镇", "状态", "核查截止", "逾期(天)"]), len(late)


def _signoff(ws: Workspace) -> Optional[dict]:
    """The sign-off figures (store/signoff.py) when that part of the plugin is installed, else None."""
    try:
        from ..core import signoff as rules
        from ..store.signoff import summary_by_township, units
    except ImportError:
        return None
    summary = summary_by_township(ws)
    df = units(ws)
    thcs = pd.to_numeric(df["THCS"], errors="coerce").fillna(0).astype(int)
    xtcs = pd.to_numeric(df["XTCS"], errors="coerce").fillna(0).astype(int)
    returned = (df["ZT"] == rules.RETURNED) | (thcs > 0) | (xtcs > 0)
    # not .assign(n=thcs): a Series assigned to an empty frame brings its own index (every unit, as NaN rows)
    back = df[returned].copy()
    back["n"], back["county_n"] = thcs[returned].to_numpy(), xtcs[returned].to_numpy()
    rows = []
    for r in back.head(LISTED).to_dict("records"):
        upper = int(r["n"]) > 0          # returned from above at least once: its comment and deadline
        rows.append({"监测编号": r["key"], "乡镇": text_or_blank(r["XZMC"]) or NO_TOWNSHIP,
                     "退回方": "、".join((["县级"] if int(r["county_n"]) or not upper else [])
                                       + ([text_or_blank(r.get("SJJB")) or "上级"] if upper else [])),
                     "县级退回(次)": int(r["county_n"]), "上级退回(次)": int(r["n"]), "当前状态": r["ZT"],
                     "退回意见": text_or_blank(r.get("SJYJ") if upper else r.get("SHYJ")),
                     "整改期限": cn_date(as_date(r.get("SJQX"))) if upper else ""})
    cols = ["乡镇", "认定单元", "待审核", "退回", "通过", "已上报", "上级退回"]
    # the table's 退回 is the units returned now; the sentence counts every unit ever returned, by level
    county_back = int(((xtcs > 0) | ((df["ZT"] == rules.RETURNED) & (thcs == 0))).sum())
    return {"summary": summary[cols].rename(columns={"退回": "当前退回"}), "returned": pd.DataFrame(rows, columns=[
        "监测编号", "乡镇", "退回方", "县级退回(次)", "上级退回(次)", "当前状态", "退回意见", "整改期限"]),
            "returned_count": len(back), "county_returned": county_back, "upper_returned": int((thcs > 0).sum()),
            "units": int(len(df))}


def _key_cases(ws: Workspace) -> pd.DataFrame:
    ledger = illegal_ledger(ws)
    cols = ["监测编号", "乡镇", "村", "判定结果", "面积(亩)", "耕地(亩)", "状态", "整改情况"]
    if ledger.empty:
        return pd.DataFrame(columns=cols)
    return ledger.sort_values(["耕地(亩)", "面积(亩)", "监测编号"], ascending=[False, False, True]).head(KEY_CASES)[cols]


def talk_list(ws: Workspace, today: dt.date, accountability=None) -> pd.DataFrame:
    """The townships the 警示约谈 criteria select, with their figures, why, and the latest talk with each."""
    held = {}
    for _fid, t in store_talks.all_talks(ws):
        held[t.township] = t     # ordered by date: the latest wins
    rows = []
    for i, s in enumerate(store_talks.candidates(ws, today, accountability=accountability), start=1):
        f, t = s.figures, held.get(s.township)
        rows.append({"序号": i, "乡镇": f.township, "违法占用耕地(亩)": f.illegal_gd_mu,
                     "违法占用耕地比例(%)": "—" if f.ratio is None else round(f.ratio * 100, 2),
                     "逾期未完成(个)": f.overdue, "上级退回(次)": f.returned, "约谈事由": s.short_text(),
                     "约谈情况": "尚未约谈" if t is None else f"{cn_date(t.held)}约谈，{status(t, today)}"})
    return pd.DataFrame(rows, columns=["序号", "乡镇", "违法占用耕地(亩)", "违法占用耕地比例(%)", "逾期未完成(个)",
                                       "上级退回(次)", "约谈事由", "约谈情况"])


def talk_form(ws: Workspace, today: dt.date) -> forms.FormHeader:
    """The 警示约谈名单's header: county, date, and the criteria in force as notes."""
    c = store_talks.criteria(ws)
    tests = c.describe()
    note = ("列入条件（满足其一）：" + "；".join(tests) + "。") if tests else "未设置列入条件。"
    return forms.form_header(ws, today, title="警示约谈乡镇名单").titled(
        "警示约谈乡镇名单", total=False, notes=(note, "违法占用耕地及比例按附件5扣除后计算。"))


def briefing_context(ws: Workspace, today: Optional[dt.date] = None, kind: str = MONTH, number: int = 0) -> dict:
    """What the briefing shows (no charts, no number taken; see ``render_briefing``)."""
    from ..store.determinations import accountability_input, workspace_accountability

    today = today or china_today()
    start, end, period_text = period(kind, today)
    stats = monthly_statistics(ws, today)
    progress, progress_rank = _progress(stats)
    total = stats[stats["乡镇"] == TOTAL].iloc[0]
    data = accountability_input(ws)
    try:
        result = workspace_accountability(ws, data=data)
        problem = ""
    except AccountabilityInputError as e:
        result, problem = None, str(e)
    county = (result.of_level(COUNTY) or [None])[0] if result else None
    batches = ws.select("wz_batch", ["PCBH", "JB", "XFRQ", "TBS"])
    new = batches[batches["XFRQ"].map(lambda d: (x := as_date(d)) is not None and start <= x <= end)]
    overdue, overdue_n = _overdue(ws, today)
    talks = [t for _fid, t in store_talks.all_talks(ws)]
    open_talks = [{"township": t.township, "held": cn_date(t.held), "deadline": cn_date(t.deadline),
                   "status": status(t, today)} for t in talks if t.completed is None]
    done_in_period = [{"township": t.township, "completed": cn_date(t.completed), "outcome": t.outcome}
                      for t in talks if t.completed is not None and start <= t.completed <= end]
    form = forms.form_header(ws, today, title="卫片执法工作简报", period=period_text)
    return {
        "title": form.heading(), "form": form, "kind": kind, "kind_text": "周报" if kind == WEEK else "月报",
        "year": today.year, "number": number, "county": form.county, "date_text": cn_date(today),
        "today": today.isoformat(), "period": {"start": start.isoformat(), "end": end.isoformat(), "text": period_text},
        "totals": {"patches": int(total["图斑数"]), "done": int(total["已完成"]),
                   "done_pct": _pct(total["已完成"], total["图斑数"]), "overdue": int(total["逾期未完成"]),
                   "illegal_gd_mu": float(total["违法占用耕地(亩)"]), "townships": len(stats) - 1},
        "new_batches": [{"code": str(c), "level": text_or_blank(j), "issued": cn_date(as_date(x)),
                         "patches": int(n or 0)} for c, j, x, n in
                        zip(new["PCBH"], new["JB"], new["XFRQ"], new["TBS"])],
        "progress": progress, "progress_rank": progress_rank, "area_rank": _area_ranking(result),
        "overdue": overdue, "overdue_count": overdue_n, "signoff": _signoff(ws), "key_cases": _key_cases(ws),
        "county_summary": county.summary() if county else "", "accountability_problem": problem,
        "talk_candidates": talk_list(ws, today, result), "talk_criteria": store_talks.criteria(ws).describe(),
        "open_talks": open_talks, "completed_talks": done_in_period, "stats": stats,
    }


def render_briefing(ws: Workspace, today: Optional[dt.date] = None, kind: str = MONTH,
                    user_folder: Optional[PathLike] = None, chart_folder: Optional[PathLike] = None,
                    number: Optional[int] = None, pictures: bool = True) -> str:
    """The briefing as HTML. Without ``number`` the next issue of the year is taken (store/briefings.py, audited):
    every briefing rendered so is a new issue. Charts (progress by township, illegal 耕地 by township, the
    county's ratio by month) go to ``chart_folder``; ``pictures=False`` leaves them out."""
    today = today or china_today()
    context = briefing_context(ws, today, kind)
    if pictures:
        from . import charts

        context.update(charts.pictures_context(briefing_charts(ws, today, context, chart_folder), None,
                                               charts.PORTRAIT_PX))
    if number is None:   # taken last: a briefing that failed on the way uses up no number
        number = take_issue(ws, today.year, f"{context['title']}（{context['period']['text']}）")
    context["number"] = int(number)
    return render_html(TEMPLATE, context, user_folder)


def briefing_charts(ws: Workspace, today: dt.date, context: dict, folder: Optional[PathLike] = None) -> list:
    """Progress by township, illegal 耕地 by township against the thresholds, the county's ratio by month, as
    portrait-width PNGs named 工作简报-… (the 月度统计 in the same folder keeps its own, wider ones)."""
    from ..core.chart_data import progress_bars
    from . import charts
    from .narrative import workspace_year

    folder = Path(folder) if folder else charts.default_folder()
    prefix, size = "工作简报-", charts.NARROW
    src = charts.source_line(ws, today)
    drawn = [charts._draw(charts.PROGRESS, folder, prefix, charts.draw_progress,
                          progress_bars(context["stats"], "已完成", "逾期未完成"), src, size)]
    more, _result = charts._accountability_charts(ws, today, workspace_year(ws, today), charts.accountability_data(ws),
                                                  folder, prefix, src, size)
    return drawn + more
