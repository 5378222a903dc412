"""The charts of the dashboard and the reports, drawn with matplotlib into PNG files that the dock shows and the
PDF and .docx reports embed (one drawing for all three).

matplotlib is optional and looked for at run time (Debian: python3-matplotlib): without it ``problem()`` says
so, every ``Chart`` carries that note instead of a file, the reports print the note where the chart would be
and the dock shows it. Only matplotlib's object API is used (Figure + the Agg canvas): no pyplot, no global
backend switched under QGIS. Chinese labels use the CJK font of reports/fonts.py (the PDF-safe copy when it
exists, else the system's file). Each chart carries its source and date line under the plot.

The figures come from core/chart_data.py; this module only gathers them from the workspace and draws.
"""
from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..core.chart_data import (
    AreaChart,
    MonthlyRatio,
    ProgressBar,
    TimelineItem,
    monthly_ratio,
    progress_bars,
    timeline,
    township_areas,
)
from ..core.dates import china_today, cn_date

MISSING = ("图表未生成：未安装 matplotlib（Debian/Ubuntu：apt install python3-matplotlib；"
           "其他系统：在 QGIS 的 Python 中 pip install matplotlib）。")
NO_DATA = "暂无数据，未绘制图表。"
DONE, OPEN, LATE = "#4e9a57", "#c9ced6", "#c8321e"
BAR, OVER, LINE = "#5b8cc9", "#c8321e", "#33475b"
DPI = 200
WIDE, NARROW = (24.0, 8.0), (16.5, 8.0)   # cm: a landscape page's body / a portrait page's
# <img width> in the report HTML: Qt lays the document out on the PDF writer and scales pixels at 96 per inch
LANDSCAPE_PX, PORTRAIT_PX = 900, 650
MAP_LANDSCAPE_PX, MAP_PORTRAIT_PX = 960, 640

PROGRESS, AREAS, RATIO, DEADLINES = "progress", "areas", "ratio", "deadlines"
TITLES = {PROGRESS: "分乡镇核查进度", AREAS: "分乡镇违法占用耕地面积（附件5扣除后）",
          RATIO: "全县违法占用耕地面积比例逐月变化（附件5，按下发月份累计）", DEADLINES: "近期截止日期"}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    path: Optional[Path]      # the PNG; None when not drawn (see note)
    note: str = ""            # why there is no picture (matplotlib missing, no data)

    @property
    def src(self) -> str:
        return self.path.resolve().as_uri() if self.path else ""

    def context(self) -> dict:
        return {"key": self.key, "title": self.title, "src": self.src, "note": self.note,
                "path": str(self.path) if self.path else ""}


def problem() -> Optional[str]:
    """None when matplotlib can draw here, else the note the reports and the dock show instead of a chart."""
    try:
        import matplotlib  # noqa: F401
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError:
        return MISSING
    return None


_font_family: Optional[list] = None
_session_dir: Optional[Path] = None


def _font() -> list:
    """matplotlib font families: the CJK font (registered once) before matplotlib's own for Latin text."""
    global _font_family
    if _font_family is not None:
        return _font_family
    from matplotlib import font_manager

    from .fonts import cache_dir, clean_font, system_font

    families = []
    found = system_font("Regular")
    if found is not None:
        path = found[0]
        try:   # the PDF-safe copy: one face (a .ttc's first face is not the SC one), the SC glyphs
            path = clean_font(found[0], found[1], "Regular", cache_dir())
        except Exception:  # noqa: BLE001 - fontTools missing or the file unreadable: the system file still draws
            pass
        try:
            font_manager.fontManager.addfont(str(path))
            families.append(font_manager.FontProperties(fname=str(path)).get_name())
        except Exception:  # noqa: BLE001 - a font matplotlib cannot read: labels fall back, charts still draw
            pass
    _font_family = families + ["DejaVu Sans"]
    return _font_family


def default_folder() -> Path:
    """A fresh folder for charts nobody asked to keep (the HTML is printed at once), removed at exit."""
    global _session_dir
    if _session_dir is None or not _session_dir.exists():
        _session_dir = Path(tempfile.mkdtemp(prefix="wpzf-charts-"))
        atexit.register(shutil.rmtree, str(_session_dir), True)
    return Path(tempfile.mkdtemp(dir=_session_dir))


def _figure(size_cm: tuple[float, float]):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _finish(fig, path: Path, source: str) -> Path:
    fig.text(0.01, 0.012, source, fontsize=6.5, color="#555555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(str(path), dpi=DPI, facecolor="white")
    return path


def _style():
    import matplotlib

    return matplotlib.rc_context({"font.family": _font(), "axes.unicode_minus": False, "font.size": 8,
                                  "axes.spines.top": False, "axes.spines.right": False})


def draw_progress(bars: list[ProgressBar], path: Path, source: str, size_cm=NARROW) -> Path:
    """Stacked horizontal bars per township: done, open within the deadline, overdue (个)."""
    with _style():
        fig = _figure((size_cm[0], max(size_cm[1] * 0.6, 1.6 + 0.55 * len(bars))))
        ax = fig.add_subplot(1, 1, 1)
        names = [b.township for b in bars][::-1]
        done = [b.done for b in bars][::-1]
        open_ = [b.open for b in bars][::-1]
        late = [b.overdue for b in bars][::-1]
        ax.barh(names, done, color=DONE, label="已完成")
        ax.barh(names, open_, left=done, color=OPEN, label="未完成（未逾期）")
        ax.barh(names, late, left=[d + o for d, o in zip(done, open_)], color=LATE, label="逾期未完成")
        top = max([b.total for b in bars] + [1])
        for y, b in enumerate(bars[::-1]):
            text = f"{b.done}/{b.total}个" + (f"，逾期{b.overdue}个" if b.overdue else "")
            ax.text(b.total + top * 0.01, y, text, va="center", fontsize=7)
        ax.set_xlim(0, top * 1.25)
        ax.set_xlabel("图斑数（个）")
        ax.legend(loc="lower right", fontsize=7, frameon=False, ncol=3, bbox_to_anchor=(1, 1.0))
        return _finish(fig, path, source)


def draw_areas(chart: AreaChart, path: Path, source: str, size_cm=NARROW) -> Path:
    """Horizontal bars per township: illegal 耕地 after deductions (亩), red where the township's ratio reaches
    the 附件5 ratio threshold; the county's figure against its area threshold in the heading line."""
    from matplotlib.patches import Patch

    towns = chart.townships
    pct = chart.ratio_threshold * 100
    with _style():
        fig = _figure((size_cm[0], max(size_cm[1] * 0.6, 1.9 + 0.55 * len(towns))))
        ax = fig.add_subplot(1, 1, 1)
        names = [t.township for t in towns][::-1]
        values = [t.illegal_gd_mu for t in towns][::-1]
        colors = [OVER if t.over_ratio(chart.ratio_threshold) else BAR for t in towns][::-1]
        ax.barh(names, values, color=colors)
        top = max(values + [1.0])
        for y, t in enumerate(towns[::-1]):
            ratio = "—" if t.ratio is None else f"{t.ratio * 100:.1f}%"
            ax.text(t.illegal_gd_mu + top * 0.01, y, f"{t.illegal_gd_mu:.2f}亩（比例{ratio}）", va="center",
                    fontsize=7)
        ax.set_xlim(0, top * 1.35)
        ax.set_xlabel("扣除后违法占用耕地面积（亩）")
        area = "—" if chart.area_threshold is None else f"{chart.area_threshold:g}亩"
        ax.set_title(f"{chart.county}扣除后违法占用耕地{chart.county_mu:.2f}亩（县级问责面积标准{area}以上"
                     f"且比例{pct:g}%以上）", fontsize=8, loc="left")
        ax.legend(handles=[Patch(color=OVER, label=f"乡镇比例达到{pct:g}%"), Patch(color=BAR, label=f"未达到{pct:g}%")],
                  loc="lower right", fontsize=7, frameon=False)
        return _finish(fig, path, source)


def draw_ratio(data: MonthlyRatio, path: Path, source: str, size_cm=NARROW) -> Path:
    """Bars: the county's cumulative illegal 耕地 (亩) with the area threshold; line: the ratio (%) with the
    ratio threshold, month by month."""
    months = [f.month for f in data.months]
    with _style():
        fig = _figure(size_cm)
        ax = fig.add_subplot(1, 1, 1)
        ax.bar(months, [f.numerator for f in data.months], color="#c9d9ee", label="扣除后违法占用耕地（亩，累计）")
        if data.area_threshold is not None:
            ax.axhline(data.area_threshold, color="#7a8ca3", linestyle=":", linewidth=1,
                       label=f"县级问责面积标准 {data.area_threshold:g}亩")
        ax.set_ylabel("面积（亩）")
        ax.set_xticks(range(1, 13))
        ax.set_xticklabels([f"{m}月" for m in range(1, 13)])
        ax.set_xlim(0.4, 12.6)
        ax.set_ylim(0, max([f.numerator for f in data.months] + [data.area_threshold or 0, 1.0]) * 1.25)
        ax2 = ax.twinx()
        ax2.spines["right"].set_visible(True)
        shown = [(f.month, f.ratio * 100) for f in data.months if f.ratio is not None]
        if shown:
            ax2.plot([m for m, _ in shown], [r for _, r in shown], color=LINE, marker="o", markersize=3,
                     linewidth=1.4, label="违法占用耕地面积比例（%）")
            for m, r in shown:
                ax2.annotate(f"{r:.1f}%", (m, r), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=6.5)
        pct = data.ratio_threshold * 100
        ax2.axhline(pct, color=OVER, linestyle="--", linewidth=1, label=f"比例标准 {pct:g}%")
        ax2.set_ylim(0, max([r for _, r in shown] + [pct]) * 1.3)
        ax2.set_ylabel("比例（%）")
        handles = ax.get_legend_handles_labels()
        handles2 = ax2.get_legend_handles_labels()
        ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="upper left", fontsize=6.5, frameon=False,
                  ncol=2)
        ax.set_title(f"{data.county}{data.year}年", fontsize=8, loc="left")
        return _finish(fig, path, source)


def _days_text(x: TimelineItem) -> str:
    if x.days_left < 0:
        return f"逾期{-x.days_left}天" if x.open_patches else f"已过{-x.days_left}天"
    return "今天到期" if x.days_left == 0 else f"还有{x.days_left}天"


def draw_timeline(items: list[TimelineItem], path: Path, source: str, size_cm=NARROW,
                  today: Optional[dt.date] = None) -> Path:
    """One row per deadline (soonest at the top) on a date axis with today marked; a bar spans today to the
    date: overdue red, within three days orange, the rest blue; the date and the days left at the dot."""
    import matplotlib.dates as mdates

    today = today or china_today()
    with _style():
        fig = _figure((size_cm[0], max(size_cm[1] * 0.5, 1.6 + 0.5 * len(items))))
        ax = fig.add_subplot(1, 1, 1)
        ys = list(range(len(items)))[::-1]
        for y, x in zip(ys, items):
            c = OVER if x.overdue else ("#e08a00" if x.soon else BAR)
            ax.hlines(y, min(today, x.date), max(today, x.date), color=c, alpha=0.3, linewidth=4)
            ax.scatter([x.date], [y], color=c, zorder=3, s=20)
            ax.annotate(f"{x.date:%Y-%m-%d}（{_days_text(x)}）", (x.date, y), xytext=(5, 0),
                        textcoords="offset points", va="center", fontsize=6.5, color=c, zorder=4,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.3})
        ax.set_yticks(ys)
        ax.set_yticklabels([x.label + (f"（{x.open_patches}个未完成）" if x.open_patches else "") for x in items])
        ax.axvline(today, color="#333333", linestyle="--", linewidth=0.8)
        ax.annotate(f"今天 {today:%Y-%m-%d}", (today, len(items) - 0.4), xytext=(3, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=6.5)
        dates = [x.date for x in items]
        lo, hi = min(dates + [today]), max(dates + [today])
        span = max(30, (hi - lo).days)
        ax.set_xlim(lo - dt.timedelta(days=span * 0.04), hi + dt.timedelta(days=span * 0.35))
        ax.set_ylim(-0.7, len(items) - 0.1)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m" if span > 90 else "%m-%d"))
        return _finish(fig, path, source)


# ---- the charts of a report or of the dashboard -----------------------------------------------------

def source_line(ws, today: dt.date, what: str = "") -> str:
    """"数据来源：… 工作空间 workspace.gpkg；统计截至2021年7月1日" — under each chart."""
    from ..store.rosters import workspace_roster

    try:
        county = workspace_roster(ws).county_name
    except Exception:  # noqa: BLE001 - the source line is a courtesy: an unreadable roster leaves the name out
        county = ""
    where = Path(str(getattr(ws, "path", "") or "")).name   # a GeoPackage file; a team database stays unnamed
    return (f"数据来源：{county}卫片执法工作空间{('（' + where + '）') if where else ''}"
            f"{('，' + what) if what else ''}；统计截至{cn_date(today)}；单位：图斑数为个，面积为亩")


def _draw(key: str, folder: Path, prefix: str, draw, data, *args, **kwargs) -> Chart:
    why = problem()
    if why:
        return Chart(key, TITLES[key], None, why)
    if data is None or (isinstance(data, list) and not data):
        return Chart(key, TITLES[key], None, NO_DATA)
    try:
        return Chart(key, TITLES[key], draw(data, folder / f"{prefix}{key}.png", *args, **kwargs))
    except Exception as e:  # noqa: BLE001 - a chart that cannot be drawn must not cost the report its tables
        return Chart(key, TITLES[key], None, f"图表绘制失败：{e}")


def accountability_data(ws):
    from ..store.determinations import accountability_input

    return accountability_input(ws)


def ratio_figures(ws, year: int, today: dt.date, data=None, thresholds=None, last_month: Optional[int] = None):
    """core.chart_data.monthly_ratio for the workspace (None when ``year`` has not begun at ``today``)."""
    from .narrative import _thresholds, period_patches

    if today.year < int(year):
        return None
    data = accountability_data(ws) if data is None else data
    if data.empty:
        return None
    patches = period_patches(ws, dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))
    issued_by = dict(zip(patches["fid"].astype(int), patches["issued"]))
    tbid = data["id"].astype(str).str.split("-", n=1).str[0].astype(int)
    issued = [issued_by.get(int(t)) for t in tbid]
    last = last_month or (12 if today.year > int(year) else today.month)
    return monthly_ratio(data, issued, int(year), last, thresholds or _thresholds(int(year)),
                         names=dict(data.attrs.get("names") or {}))


def monthly_charts(ws, today: dt.date, stats, folder: Optional[Path] = None, year: Optional[int] = None,
                   data=None, size_cm=WIDE, deadlines: bool = True, with_map: bool = True, landscape: bool = True,
                   county: bool = True):
    """The 月度统计's pictures as (charts, map page or None): progress by township (from its table ``stats``),
    then, with ``county``, illegal 耕地 by township against the thresholds and the county's ratio over the
    months of the year; the deadlines ahead (``deadlines``); the township map page (reports/township_map.py)
    when ``with_map`` and ``county``."""
    from ..store.dashboard import next_deadlines
    from .narrative import workspace_year

    folder = Path(folder) if folder else default_folder()
    year = int(year) if year else workspace_year(ws, today)
    src = source_line(ws, today)
    charts = [_draw(PROGRESS, folder, "月度统计-", draw_progress, progress_bars(stats, "已完成", "逾期未完成"),
                    src, size_cm)]
    if not county:
        return charts, None
    data = accountability_data(ws) if data is None else data
    more, result = _accountability_charts(ws, today, year, data, folder, "月度统计-", src, size_cm)
    charts += more
    if deadlines:
        items = timeline(next_deadlines(ws, today), today)
        charts.append(_draw(DEADLINES, folder, "月度统计-", draw_timeline, items, src, size_cm, today=today))
    page = _map(ws, result, folder, "月度统计-", src, landscape) if with_map else None
    return charts, page


def _map(ws, result, folder, prefix, src, landscape):
    from ..store.rosters import workspace_roster
    from .township_map import report_map

    areas = township_areas(result)
    values = {t.township: t.illegal_gd_mu for t in areas.townships} if areas else {}
    try:
        county = workspace_roster(ws).county_name
    except Exception:  # noqa: BLE001 - the title only
        county = areas.county if areas else ""
    return report_map(ws, values, folder, prefix, county, src, landscape)


def _accountability_charts(ws, today, year, data, folder, prefix, src, size_cm, fids=None, last_month=None):
    from ..core.accountability import AccountabilityInputError, compute_accountability
    from .narrative import _thresholds, period_accountability

    th = _thresholds(year)
    try:
        if fids is None:
            result = compute_accountability(data, th, names=data.attrs.get("names")) if not data.empty else None
        else:
            result = period_accountability(ws, fids, th, year, data)
        ratio = ratio_figures(ws, year, today, data, th, last_month)
    except AccountabilityInputError as e:   # patches without region codes: the reports say so elsewhere
        return [Chart(AREAS, TITLES[AREAS], None, str(e)), Chart(RATIO, TITLES[RATIO], None, str(e))], None
    return [_draw(AREAS, folder, prefix, draw_areas, township_areas(result), src, size_cm),
            _draw(RATIO, folder, prefix, draw_ratio, ratio, src, size_cm)], result


def report_charts(ws, context: dict, folder: Optional[Path] = None, data=None, size_cm=NARROW,
                  with_map: bool = True):
    """The half-year or annual report's pictures as (charts, map page or None) (context:
    reports/narrative.report_context): checking progress by township in the period, illegal 耕地 by township
    against the thresholds, the ratio over the period's months; the township map of the period's figures."""
    from .narrative import HALF_YEAR, period_patches

    folder = Path(folder) if folder else default_folder()
    today = dt.date.fromisoformat(context["today"])
    year = int(context["year"])
    prefix = "半年报告-" if context["kind"] == HALF_YEAR else "年度报告-"
    src = source_line(ws, today, f"{context['period']['short']}下发图斑")
    # overdue as the 月度统计 and the briefing count it (it was always 0 here: a late township drawn as on time)
    bars = [ProgressBar(t["name"], int(t["checked"]), int(t["patches"]) - int(t["checked"]) - int(t.get("overdue", 0)),
                        int(t.get("overdue", 0)))
            for t in context["townships"][:-1]]     # the last row is 合计
    charts = [_draw(PROGRESS, folder, prefix, draw_progress, bars, src, size_cm)]
    data = accountability_data(ws) if data is None else data
    patches = period_patches(ws, dt.date.fromisoformat(context["period"]["start"]),
                             dt.date.fromisoformat(context["period"]["end"]))
    last = 6 if context["kind"] == HALF_YEAR else 12
    if today.year == year:      # a report written during its year: the months gone by
        last = min(last, today.month)
    more, result = _accountability_charts(ws, today, year, data, folder, prefix, src, size_cm,
                                          fids=set(patches["fid"].astype(int)), last_month=last)
    page = _map(ws, result, folder, prefix, src, landscape=False) if with_map else None
    return charts + more, page


def dashboard_charts(ws, dash, folder: Optional[Path] = None, size_cm=NARROW) -> list[Chart]:
    """The dock's charts for a store.dashboard.Dashboard: progress by township, illegal 耕地 by township against
    the thresholds, the county's ratio over the months of the workspace's year, the deadlines ahead."""
    from .narrative import workspace_year

    folder = Path(folder) if folder else default_folder()
    today = dash.today
    src = source_line(ws, today)
    charts = [_draw(PROGRESS, folder, "dock-", draw_progress, progress_bars(dash.progress), src, size_cm)]
    from ..store.dashboard import kept_chart_figures
    from .narrative import _thresholds

    year = workspace_year(ws, today)
    # from the dashboard's aggregates (a write reads only what it touched), else every unit read again
    kept = kept_chart_figures(ws, year, today, _thresholds(year))
    if kept is not None:
        more = [_draw(AREAS, folder, "dock-", draw_areas, kept[0], src, size_cm),
                _draw(RATIO, folder, "dock-", draw_ratio, kept[1], src, size_cm)]
    else:
        more, _result = _accountability_charts(ws, today, year, accountability_data(ws), folder, "dock-", src,
                                               size_cm)
    items = timeline(dash.deadlines, today)
    return charts + more + [_draw(DEADLINES, folder, "dock-", draw_timeline, items, src, size_cm, today=today)]


def pictures_context(charts, page, width_px: int) -> dict:
    """Template variables: ``charts`` (title, src, note), ``township_map`` (or None), ``chart_width`` and
    ``map_width`` (pixels at 96 per inch)."""
    return {"charts": [c.context() for c in charts], "township_map": page.context() if page else None,
            "chart_width": int(width_px),
            "map_width": MAP_LANDSCAPE_PX if width_px >= LANDSCAPE_PX else MAP_PORTRAIT_PX}


def load_chart_images(doc, html: str) -> None:
    """Give a QTextDocument the report's charts (``<img class="chart">``) at their full resolution: the photo
    loader (reports/paging.load_images) scales every image down to a thumbnail, which blurs a chart's text."""
    import re

    from .paging import load_images

    tags = [m.group(0) for m in re.finditer(r"<img\b[^>]*>", html, re.IGNORECASE)
            if re.search(r"""\bclass\s*=\s*["']chart["']""", m.group(0))]
    if tags:
        load_images(doc, "".join(tags), max_px=4000)
