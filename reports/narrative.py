"""The half-year and the annual report (半年报告, 年度报告) a county 卫片办 sends to the city (seed §四(一)3
“年度评估”): the period's figures as a narrative, rendered from jinja2 templates like the other reports.

- ``half_year_context(ws, year)``: patches issued 1 January – 30 June of ``year`` (due 7月10日);
- ``annual_context(ws, year)``: patches issued in ``year`` (due 3月10日 of the next year).

A patch belongs to the period of its own issue date (wz_patch.XFSJ), else of its batch's (wz_batch.XFRQ).
The context holds plain values (numbers unrounded, text as stored; the templates escape and format):
patches received by batch level and batch, checked and determined counts, each 判定结果 category with its
count and 亩, the 耕地 and 永久基本农田 in illegal units, townships and quarters, the 附件5 figures of the
period's units with the threshold tests, rectification progress, and the paragraphs on problems and next
steps the office writes itself (placeholders, clearly marked, unless given).

``render_half_year`` / ``render_annual`` add the charts (progress by township, illegal 耕地 by township against
the 附件5 thresholds, the ratio month by month; reports/charts.py) and, to the annual report, the township map
page (reports/township_map.py); ``pictures=False`` leaves them out.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

import pandas as pd

from ..core.accountability import COUNTY, TOWNSHIP, AccountabilityResult, Thresholds, compute_accountability
from ..core.dates import as_date, china_today, cn_date
from ..core.deadlines import LEVELS, past_due, report_deadlines
from ..rules.facts import CATEGORIES, ILLEGAL_CATEGORIES, PENDING
from ..rules.mineral import ILLEGAL_FINDINGS as MINERAL_ILLEGAL
from ..rules.mineral import MINERAL_FINDINGS
from ..store.determinations import accountability_input
from ..store.queue import REVIEWED_STATUSES
from ..store.reporting import determined_units
from ..store.workspace import Workspace
from .ledgers import NO_TOWNSHIP, TOTAL, mu_value, text_or_blank
from .render import PathLike, render_html

HALF_YEAR, ANNUAL = "half_year", "annual"
HALF_YEAR_TEMPLATE, ANNUAL_TEMPLATE = "half_year_report.html.j2", "annual_report.html.j2"
DEFAULT_ADDRESSEE = "市自然资源卫片执法监督检查工作领导小组办公室"
OFFICE_SUFFIX = "自然资源卫片执法监督检查工作领导小组办公室"
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
CHECKING, NOT_CHECKED = "核查中", "待核查"
# patch statuses that follow a case (store/cases.PATCH_STATUS) and how the report names them
RECTIFICATION_STATUSES = {"整改中": "整改中", "已整改": "已整改", "已销号": "已消除违法状态（已销号）"}

# Rectification figures a caller (case tracking) may pass: key → (label, unit); other keys are shown
# with the key itself as the label.
RECTIFICATION_ITEMS = {
    "filed": ("已立案", "个"),
    "rectifying": ("整改中", "个"),
    "rectified": ("已整改", "个"),
    "eliminated": ("已消除违法状态", "个"),
    "eliminated_mu": ("已消除违法状态面积", "亩"),
    "demolished_mu": ("已拆除面积", "亩"),
    "reclaimed_mu": ("已复耕面积", "亩"),
    "approved": ("已补办用地手续", "个"),
    "confiscated": ("已没收", "个"),
    "fines_yuan": ("罚没款", "元"),
    "referred": ("已移送（移交）", "件"),
}

Rectification = Union[Mapping[str, Any], Sequence[tuple[str, Any]]]


def _town(v) -> str:
    return text_or_blank(v).strip() or NO_TOWNSHIP


def period_patches(ws: Workspace, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The patches issued from ``start`` to ``end`` (inclusive): patch fields, batch code and level, and
    ``issued`` (the patch's XFSJ when it is a date, else its batch's XFRQ)."""
    patches = ws.select("wz_patch", ["JCBH", "PCID", "XZQDM", "XMC", "XZMC", "ZT", "PDJG", "XFSJ", "HCJZ"])
    batches = ws.select("wz_batch", ["PCBH", "JB", "XFRQ", "GZND"]).rename(columns={"fid": "PCID"})
    df = patches.merge(batches, on="PCID", how="left")
    issued = [as_date(x) or as_date(b) for x, b in zip(df["XFSJ"], df["XFRQ"])]
    df["issued"] = pd.Series(issued, index=df.index, dtype=object)
    inside = df["issued"].map(lambda d: d is not None and start <= d <= end)
    return df[inside.astype(bool)].reset_index(drop=True)


def _determined(pdjg) -> bool:
    """A patch is determined when it has a result and none of its units is 待定."""
    text = text_or_blank(pdjg).strip()
    return bool(text) and PENDING not in text.split("、")


def _rectification_rows(figures: Optional[Rectification]) -> list[dict]:
    if figures is None:
        return []
    items = figures.items() if isinstance(figures, Mapping) else list(figures)
    rows = []
    for key, value in items:
        if value is None:
            continue
        label, unit = RECTIFICATION_ITEMS.get(str(key), (str(key), ""))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = str(value)
        elif unit in ("亩", "元") or isinstance(value, float):
            shown = f"{float(value):.2f}"
        else:
            shown = str(int(value))
        rows.append({"label": label, "value": value, "shown": shown, "unit": unit})
    return rows


def _thresholds(year: int) -> Thresholds:
    try:
        from ..rules import load_ruleset

        return Thresholds.from_ruleset(load_ruleset(int(year)))
    except Exception:  # no rule set for the year, or an older one without the parameters
        return Thresholds()


def period_accountability(ws: Workspace, fids, thresholds: Optional[Thresholds] = None,
                          year: Optional[int] = None,
                          data: Optional[pd.DataFrame] = None) -> Optional[AccountabilityResult]:
    """附件5 figures of the units of the patches ``fids`` (None when there are none). ``data``: the
    workspace's ``accountability_input`` when the caller has read it already (it is not changed)."""
    wanted = {int(f) for f in fids}
    if not wanted:
        return None
    data = accountability_input(ws) if data is None else data
    if data.empty:
        return None
    names = dict(data.attrs.get("names") or {})
    tbid = data["id"].astype(str).str.split("-", n=1).str[0].astype(int)
    data = data[tbid.isin(wanted).to_numpy()].reset_index(drop=True)
    if data.empty:
        return None
    th = thresholds or (_thresholds(year) if year else Thresholds())
    return compute_accountability(data, th, names=names)


def _region(r) -> dict:
    area = dict(r.area_readings)
    area_passes = None if not area else (all(area.values()) if len(set(area.values())) == 1 else None)
    verdict = {True: "纳入问责范围", False: "未纳入问责范围", None: "是否纳入问责范围取决于对临界值的理解"}
    return {
        "name": r.name, "level_name": r.level_name, "code": r.code,
        "numerator_raw": r.numerator_raw, "denominator_raw": r.denominator_raw,
        "numerator": r.numerator, "denominator": r.denominator, "ratio": r.ratio,
        "ratio_pct": None if r.ratio is None else r.ratio * 100,
        "ratio_text": "—（分母为0）" if r.ratio is None else f"{r.ratio * 100:.2f}%",
        "ratio_raw_text": (f"{r.numerator_raw / r.denominator_raw * 100:.2f}%" if r.denominator_raw > 1e-9
                           else "—（分母为0）"),
        "area_threshold": r.area_threshold, "ratio_threshold_pct": r.ratio_threshold * 100,
        "area_threshold_text": "—" if r.area_threshold is None else f"{r.area_threshold:g}",
        "ratio_threshold_text": f"{r.ratio_threshold * 100:g}",
        "area_passes": area_passes, "ratio_passes": r.ratio_passes, "triggered": r.triggered,
        "verdict": verdict[r.triggered] if r.area_threshold is not None else "",
        "deductions": [{"item": ln.item, "label": ln.label, "numerator": ln.numerator_mu,
                        "denominator": ln.denominator_mu, "count": len(ln.ids)}
                       for ln in r.lines if ln.numerator_mu or ln.denominator_mu],
        "notes": list(r.boundary_notes), "pending": len(r.pending_ids), "pending_gd": r.pending_gd_mu,
        "pending_gd_text": r.pending_gd_text,
        "linkage_mu": r.linkage_mu, "basic_farmland_mu": r.basic_farmland_mu,
        "summary": r.summary(),
    }


def report_context(ws: Workspace, year: int, kind: str, today: Optional[dt.date] = None, *,
                   rectification: Optional[Rectification] = None, thresholds: Optional[Thresholds] = None,
                   office: Optional[str] = None, addressee: Optional[str] = None,
                   doc_number: Optional[str] = None, problems: Optional[Sequence[str]] = None,
                   next_steps: Optional[Sequence[str]] = None,
                   accountability_data: Optional[pd.DataFrame] = None) -> dict:
    """What the half-year (``kind`` = "half_year") or annual report of ``year`` shows, as plain values.

    ``today``: the report's date (and the data's cut-off) shown in the text. ``rectification``: figures
    from case tracking, {key: number} or (key, number) pairs, keys from RECTIFICATION_ITEMS (``filed``,
    ``rectifying``, ``eliminated_mu`` …) or any label; without them the counts of the illegal patches'
    statuses 整改中 / 已整改 / 已销号 are shown, and with none of those “暂无整改记录”.
    ``thresholds``: 附件5 thresholds (default: the year's rule set, else the standard ones). ``office``
    (signature; default 〈county〉自然资源卫片执法监督检查工作领导小组办公室), ``addressee`` (default the
    city office), ``doc_number`` (文号, shown above the title when given), ``problems`` and
    ``next_steps`` (paragraphs; without them a marked placeholder asks the office to write them).
    ``accountability_data``: the workspace's ``accountability_input``, when already read (several reports
    of one export share it)."""
    if kind not in (HALF_YEAR, ANNUAL):
        raise ValueError(f"unknown report kind {kind!r}")
    year = int(year)
    today = today or china_today()
    start = dt.date(year, 1, 1)
    end = dt.date(year, 6, 30) if kind == HALF_YEAR else dt.date(year, 12, 31)
    due = report_deadlines(year)[kind]
    patches = period_patches(ws, start, end)
    fids = set(patches["fid"].astype(int))
    units = determined_units(ws)
    units = units[units["TBID"].astype(int).isin(fids)].reset_index(drop=True)
    illegal_units = units[units["PDJG"].isin(ILLEGAL_CATEGORIES)]

    checked = patches["ZT"].isin(REVIEWED_STATUSES)
    # overdue as the 月度统计 counts it: not reviewed and the deadline passed
    overdue = (~checked) & patches["HCJZ"].map(lambda d: past_due(d, today)).astype(bool)
    determined = patches["PDJG"].map(_determined).astype(bool)
    pending = patches["PDJG"].map(lambda v: PENDING in text_or_blank(v).split("、")).astype(bool)
    illegal_patch_ids = set(illegal_units["TBID"].astype(int))
    is_illegal = patches["fid"].astype(int).isin(illegal_patch_ids)

    # counties named in the period's patches (the county the report speaks for)
    names = [n for n in dict.fromkeys(text_or_blank(x).strip() for x in patches["XMC"]) if n]
    county = "、".join(names) if names else "本县"

    levels = [lv for lv in LEVELS] + sorted(set(map(text_or_blank, patches["JB"])) - set(LEVELS))
    by_level = []
    for lv in levels:
        sel = patches["JB"].map(text_or_blank) == lv
        if sel.any() or lv in LEVELS:
            by_level.append({"level": lv, "patches": int(sel.sum()), "checked": int((sel & checked).sum()),
                             "determined": int((sel & determined).sum()), "illegal": int((sel & is_illegal).sum())})
    batches = []
    for code, grp in patches.groupby("PCBH", sort=False):
        sel = patches["PCBH"] == code
        batches.append({"code": text_or_blank(code), "level": text_or_blank(grp["JB"].iloc[0]),
                        "issued": text_or_blank(grp["XFRQ"].iloc[0])[:10], "patches": int(sel.sum()),
                        "checked": int((sel & checked).sum()), "determined": int((sel & determined).sum())})
    batches.sort(key=lambda b: (b["issued"], b["code"]))

    categories = []
    known = [c for c in CATEGORIES] + sorted(set(units["PDJG"].dropna()) - set(CATEGORIES))
    for c in known:
        sel = units[units["PDJG"] == c]
        if len(sel):
            # 是否违法用地: a 待定 unit is neither (it was printed 否), nor is a category the rules do not know
            legality = "是" if c in ILLEGAL_CATEGORIES else ("尚未判定" if c == PENDING else
                                                         ("否" if c in CATEGORIES else "—"))
            categories.append({"name": c, "count": len(sel), "mu": float(sel["MJ"].map(mu_value).sum()),
                               "illegal": c in ILLEGAL_CATEGORIES, "legality": legality})
    mineral = units[units["KCPDJG"].map(text_or_blank).str.strip() != ""]
    counts = mineral["KCPDJG"].map(text_or_blank).value_counts()
    order = [k for k in MINERAL_FINDINGS if k in counts.index] + sorted(set(counts.index) - set(MINERAL_FINDINGS))
    mineral_kinds = [{"name": k, "count": int(counts[k]), "illegal": k in MINERAL_ILLEGAL} for k in order]

    def sums(u: pd.DataFrame) -> dict:
        ill = u[u["PDJG"].isin(ILLEGAL_CATEGORIES)]
        return {"units": len(u), "illegal": len(ill), "illegal_mu": float(ill["MJ"].map(mu_value).sum()),
                "gd_mu": float(ill["GDMJ"].map(mu_value).sum()), "jbnt_mu": float(ill["YJJBNTMJ"].map(mu_value).sum())}

    patch_town = patches["XZMC"].map(_town)
    unit_town = units["XZMC"].map(_town)
    townships = []
    for town in sorted(set(patch_town)):
        townships.append({"name": town, "patches": int((patch_town == town).sum()),
                          "checked": int(((patch_town == town) & checked).sum()),
                          "overdue": int(((patch_town == town) & overdue).sum()), **sums(units[unit_town == town])})
    townships.append({"name": TOTAL, "patches": len(patches), "checked": int(checked.sum()),
                      "overdue": int(overdue.sum()), **sums(units)})

    quarter_of = patches["issued"].map(lambda d: (d.month - 1) // 3)
    unit_quarter = units["TBID"].astype(int).map(dict(zip(patches["fid"].astype(int), quarter_of)))
    quarters = []
    for q in range(2 if kind == HALF_YEAR else 4):
        sel = quarter_of == q
        quarters.append({"name": QUARTERS[q], "patches": int(sel.sum()), "checked": int((sel & checked).sum()),
                         "determined": int((sel & determined).sum()), **sums(units[(unit_quarter == q).to_numpy()])})

    result = period_accountability(ws, fids, thresholds, year, accountability_data)
    counties = [_region(r) for r in result.of_level(COUNTY)] if result else []
    towns_acc = [_region(r) for r in result.of_level(TOWNSHIP)] if result else []

    given = _rectification_rows(rectification)
    if given:
        rect = {"source": "given", "rows": given}
    else:
        status = patches.loc[is_illegal, "ZT"].map(text_or_blank)
        rows = [{"label": label, "value": int((status == s).sum()), "shown": str(int((status == s).sum())), "unit": "个"}
                for s, label in RECTIFICATION_STATUSES.items()]
        rest = int(is_illegal.sum()) - sum(r["value"] for r in rows)   # the sentence accounts for every one
        if rest > 0 and any(r["value"] for r in rows):
            rows.append({"label": "尚未整改（含已立案）", "value": rest, "shown": str(rest), "unit": "个"})
        rect = {"source": "status", "rows": rows} if any(r["value"] for r in rows) else {"source": None, "rows": []}
    rect["illegal_patches"] = int(is_illegal.sum())

    period_text = f"{cn_date(start)}至{cn_date(end)}"
    if kind == HALF_YEAR:
        title = f"关于{county}{year}年上半年自然资源卫片执法工作情况的报告"
    else:
        title = f"关于{county}{year}年度自然资源卫片执法工作情况的报告"
    office = office or (f"{names[0]}{OFFICE_SUFFIX}" if len(names) == 1 else f"县{OFFICE_SUFFIX}")
    ill = sums(units)
    return {
        "kind": kind, "year": year, "title": title, "county": county, "doc_number": doc_number or "",
        "addressee": addressee or DEFAULT_ADDRESSEE, "office": office,
        "period": {"start": start.isoformat(), "end": end.isoformat(), "text": period_text,
                   "short": f"{year}年上半年" if kind == HALF_YEAR else f"{year}年度"},
        "due": due.isoformat(), "due_text": cn_date(due), "today": today.isoformat(), "date_text": cn_date(today),
        "received": {"patches": len(patches), "batches": len(batches), "by_level": by_level,
                     "checked": int(checked.sum()), "checking": int((patches["ZT"] == CHECKING).sum()),
                     "not_checked": int((patches["ZT"] == NOT_CHECKED).sum()),
                     "determined": int(determined.sum()), "pending": int(pending.sum()),
                     "undetermined": int((~determined & ~pending).sum())},
        "batches": batches, "categories": categories,
        "units": {"total": len(units), "mu": float(units["MJ"].map(mu_value).sum()), "pending": int((units["PDJG"] == PENDING).sum())},
        "illegal": {"units": ill["illegal"], "patches": int(is_illegal.sum()), "mu": ill["illegal_mu"],
                    "gd_mu": ill["gd_mu"], "jbnt_mu": ill["jbnt_mu"]},
        "mineral": {"units": len(mineral), "kinds": mineral_kinds,
                    "illegal": sum(k["count"] for k in mineral_kinds if k["illegal"])},
        "townships": townships, "quarters": quarters,
        "accountability": {"counties": counties, "townships": towns_acc,
                           "thresholds": result.thresholds if result else (thresholds or _thresholds(year))},
        "rectification": rect,
        "problems": [p for p in (problems or []) if str(p).strip()],
        "next_steps": [p for p in (next_steps or []) if str(p).strip()],
    }


def half_year_context(ws: Workspace, year: int, today: Optional[dt.date] = None, **kwargs) -> dict:
    """The 半年报告 of ``year``: patches issued 1 January – 30 June (see ``report_context`` for options)."""
    return report_context(ws, year, HALF_YEAR, today, **kwargs)


def annual_context(ws: Workspace, year: int, today: Optional[dt.date] = None, **kwargs) -> dict:
    """The 年度报告 of ``year``: patches issued in the year (see ``report_context`` for options)."""
    return report_context(ws, year, ANNUAL, today, **kwargs)


def with_pictures(ws: Workspace, context: dict, chart_folder: Optional[PathLike] = None,
                  with_map: bool = True) -> dict:
    """``context`` with the report's charts and township map page (reports/charts.py): the PNGs go to
    ``chart_folder`` (default a temporary folder)."""
    from . import charts

    drawn, page = charts.report_charts(ws, context, chart_folder, context.get("_accountability_data"),
                                       with_map=with_map)
    return {**context, **charts.pictures_context(drawn, page, charts.PORTRAIT_PX)}


def render_half_year(ws: Workspace, year: int, today: Optional[dt.date] = None,
                     user_folder: Optional[PathLike] = None, chart_folder: Optional[PathLike] = None,
                     pictures: bool = True, **kwargs) -> str:
    """The 半年报告 as HTML with its charts (``pictures``; the half-year report has no map page)."""
    context = half_year_context(ws, year, today, **kwargs)
    if pictures:
        context = with_pictures(ws, {**context, "_accountability_data": kwargs.get("accountability_data")},
                                chart_folder, with_map=False)
    return render_html(HALF_YEAR_TEMPLATE, context, user_folder)


def render_annual(ws: Workspace, year: int, today: Optional[dt.date] = None,
                  user_folder: Optional[PathLike] = None, chart_folder: Optional[PathLike] = None,
                  pictures: bool = True, **kwargs) -> str:
    """The 年度报告 as HTML with its charts and the township map page (``pictures``)."""
    context = annual_context(ws, year, today, **kwargs)
    if pictures:
        context = with_pictures(ws, {**context, "_accountability_data": kwargs.get("accountability_data")},
                                chart_folder)
    return render_html(ANNUAL_TEMPLATE, context, user_folder)


def render_context(context: dict, user_folder: Optional[PathLike] = None) -> str:
    """HTML of an already built half-year or annual context."""
    return render_html(HALF_YEAR_TEMPLATE if context["kind"] == HALF_YEAR else ANNUAL_TEMPLATE, context, user_folder)


def workspace_year(ws: Workspace, today: Optional[dt.date] = None) -> int:
    """The year the workspace's reports speak for: the latest rule-set year of its batches, else today's."""
    years = [int(y) for y in ws.select("wz_batch", ["GZND"])["GZND"] if y is not None and y == y]
    return max(years) if years else (today or china_today()).year
