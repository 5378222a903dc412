"""What the charts of the dashboard and the reports show, as plain values (drawing: reports/charts.py).

- ``progress_bars``: per township the patches done, still open within their deadline and overdue (stacked,
  adding up to the township's patches);
- ``township_areas``: per township the illegally occupied 耕地 after the 附件5 deductions and its ratio, with
  the county's thresholds they are measured against;
- ``monthly_ratio``: the county's 附件5 figures month by month, cumulated over the patches issued from January
  to the end of each month (what the year's figure was once that month's batches were in);
- ``timeline``: the coming (and overdue) deadlines on a time axis.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Optional

import pandas as pd

from .accountability import COUNTY, TOWNSHIP, AccountabilityResult, Thresholds, compute_accountability

TOTAL = "合计"
SOON_DAYS = 3   # a deadline this close is shown as urgent (the dashboard's table marks the same)


@dataclass(frozen=True)
class ProgressBar:
    township: str
    done: int
    open: int        # not done, deadline not passed (or none)
    overdue: int     # not done, deadline passed

    @property
    def total(self) -> int:
        return self.done + self.open + self.overdue


def progress_bars(progress: pd.DataFrame, done: str = "已核查", late: str = "逾期") -> list[ProgressBar]:
    """The stacks of a progress table (store.dashboard.progress_by_township: 乡镇, 图斑数, 已核查, 逾期; the
    月度统计 names its columns 已完成 and 逾期未完成), the 合计 row left out. Overdue patches are open ones, so
    the open stack is what is neither done nor late."""
    bars = []
    for town, total, done_n, late_n in zip(progress["乡镇"], progress["图斑数"], progress[done], progress[late]):
        if str(town) == TOTAL:
            continue
        total, done_n, late_n = int(total), int(done_n), int(late_n)
        bars.append(ProgressBar(str(town), done_n, max(0, total - done_n - late_n), late_n))
    return bars


@dataclass(frozen=True)
class TownshipArea:
    township: str
    illegal_gd_mu: float      # 违法占用耕地 after the deductions (附件5 numerator)
    new_gd_mu: float          # 新增建设用地占用耕地 after the deductions (denominator)
    ratio: Optional[float]    # None when the denominator is 0

    def over_ratio(self, threshold: float) -> bool:
        return self.ratio is not None and self.ratio >= threshold - 1e-12


@dataclass(frozen=True)
class AreaChart:
    townships: list[TownshipArea]
    county: str
    county_mu: float                 # the county's numerator (after deductions)
    area_threshold: Optional[float]  # the county's area threshold (亩)
    ratio_threshold: float


def township_areas(result: Optional[AccountabilityResult]) -> Optional[AreaChart]:
    """The township figures of ``result`` (the first county's when there are several), largest first;
    None without a county."""
    if result is None:
        return None
    counties = result.of_level(COUNTY)
    if not counties:
        return None
    county = counties[0]
    towns = []
    for r in result.of_level(TOWNSHIP):
        code, _, name = r.code.partition("/")
        if code != county.code:
            continue
        towns.append(TownshipArea(name or r.name, r.numerator, r.denominator, r.ratio))
    towns.sort(key=lambda t: (-t.illegal_gd_mu, t.township))
    return AreaChart(towns, county.name, county.numerator, county.area_threshold, county.ratio_threshold)


@dataclass(frozen=True)
class MonthFigure:
    month: int                 # 1 … 12
    numerator: float           # 亩, after deductions, patches issued up to the month's end
    denominator: float
    ratio: Optional[float]
    units: int                 # determined units counted


@dataclass(frozen=True)
class MonthlyRatio:
    year: int
    county: str
    months: list[MonthFigure]
    area_threshold: Optional[float]
    ratio_threshold: float


def monthly_ratio(data: pd.DataFrame, issued: Sequence[Optional[dt.date]], year: int, last_month: int = 12,
                  thresholds: Optional[Thresholds] = None, names: Optional[dict] = None) -> Optional[MonthlyRatio]:
    """The county's 附件5 figures cumulated month by month (January to ``last_month``) over the rows of
    ``data`` (core.accountability input) whose patch was issued in ``year``; ``issued[i]`` is row i's issue
    date. A month before any patch was issued has no figure (0 亩, ratio None). None without rows in the year.
    With several counties in ``data`` the first (by code) is shown."""
    th = thresholds or Thresholds()
    if len(data) != len(issued):
        raise ValueError("one issue date per row is needed")
    when = pd.Series(list(issued), index=data.index, dtype=object)
    in_year = when.map(lambda d: d is not None and d.year == int(year)).astype(bool)
    data, when = data[in_year], when[in_year]
    if data.empty:
        return None
    month = when.map(lambda d: d.month)
    county_code = sorted(str(c) for c in data["county"].astype(str).unique())[0]
    county_name = (names or {}).get(county_code, county_code)
    figures = []
    for m in range(1, max(1, min(12, int(last_month))) + 1):
        rows = data[(month <= m).to_numpy()]
        if rows.empty:
            figures.append(MonthFigure(m, 0.0, 0.0, None, 0))
            continue
        res = compute_accountability(rows, th, levels=[COUNTY], names=names)
        r = next((x for x in res.of_level(COUNTY) if x.code == county_code), None)
        if r is None:
            figures.append(MonthFigure(m, 0.0, 0.0, None, 0))
        else:
            county_name = r.name
            figures.append(MonthFigure(m, r.numerator, r.denominator, r.ratio,
                                       int((rows["county"].astype(str) == county_code).sum())))
    return MonthlyRatio(int(year), county_name, figures, th.area(COUNTY), th.ratio)


@dataclass(frozen=True)
class TimelineItem:
    date: dt.date
    label: str
    days_left: int
    open_patches: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and self.open_patches > 0

    @property
    def soon(self) -> bool:
        return 0 <= self.days_left <= SOON_DAYS


def timeline(deadlines: Iterable, today: dt.date) -> list[TimelineItem]:
    """The dashboard's deadlines (store.dashboard.Deadline: date, what, open_patches) in date order, days
    counted from ``today``."""
    items = [TimelineItem(d.date, str(d.what), (d.date - today).days, int(d.open_patches or 0)) for d in deadlines]
    return sorted(items, key=lambda x: (x.date, x.label))
