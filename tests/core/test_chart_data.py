"""The figures the charts draw (core/chart_data.py), against values worked out by hand."""
import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from wpzf.core.accountability import Thresholds, compute_accountability
from wpzf.core.chart_data import monthly_ratio, progress_bars, timeline, township_areas

NEW, LEGAL, STOCK = "新增建设用地违法", "合法用地", "存量建设用地违法"


def row(id, category, illegal, new, township="上馆镇", county="140923", **kw):
    return dict(id=id, county=county, township=township, category=category, illegal_gd_mu=illegal,
                new_gd_mu=new, **kw)


def test_progress_bars_split_open_from_overdue_and_drop_the_total():
    """上馆镇 10 patches, 6 done, 1 overdue → stacks 6 / 3 / 1; the 合计 row is not a bar."""
    df = pd.DataFrame({"乡镇": ["上馆镇", "枣林镇", "合计"], "图斑数": [10, 4, 14], "已核查": [6, 4, 10],
                       "逾期": [1, 0, 1]})
    bars = progress_bars(df)
    assert [(b.township, b.done, b.open, b.overdue, b.total) for b in bars] == [
        ("上馆镇", 6, 3, 1, 10), ("枣林镇", 4, 0, 0, 4)]
    # the 月度统计 names its columns differently
    monthly = df.rename(columns={"已核查": "已完成", "逾期": "逾期未完成"})
    assert progress_bars(monthly, "已完成", "逾期未完成") == bars


def test_township_areas_after_deductions_largest_first():
    """上馆镇: 40 亩 illegal + 10 restored (item 2 takes both) + 60 legal → 40 / 100 = 40 %;
    枣林镇: 5 illegal of 50 new (45 legal) = 10 %; 存量 counts in neither (item 6)."""
    data = [row("a", NEW, 40, 40), row("b", NEW, 10, 10, restored=True), row("c", LEGAL, 0, 60),
            row("d", NEW, 5, 5, township="枣林镇"), row("e", LEGAL, 0, 45, township="枣林镇"),
            row("f", STOCK, 7, 0, township="枣林镇")]
    result = compute_accountability(pd.DataFrame(data), Thresholds(), names={"140923": "代县"})
    chart = township_areas(result)
    assert chart.county == "代县" and chart.area_threshold == 100 and chart.ratio_threshold == 0.15
    assert chart.county_mu == pytest.approx(45)
    assert [t.township for t in chart.townships] == ["上馆镇", "枣林镇"]
    shangguan, zaolin = chart.townships
    assert (shangguan.illegal_gd_mu, shangguan.new_gd_mu) == pytest.approx((40, 100))
    assert shangguan.ratio == pytest.approx(0.40) and shangguan.over_ratio(0.15)
    assert zaolin.ratio == pytest.approx(0.10) and not zaolin.over_ratio(0.15)
    assert township_areas(None) is None


def test_monthly_ratio_cumulates_by_issue_month():
    """Jan: 10 illegal of 10 → 100 %; Feb: nothing new; Mar: + 30 legal and 5 illegal restored (deducted)
    → 10 / 40 = 25 %; a patch of the year before is left out; April repeats March."""
    data = pd.DataFrame([row("1", NEW, 10, 10), row("2", LEGAL, 0, 30), row("3", NEW, 5, 5, restored=True),
                         row("4", NEW, 99, 99)])
    issued = [dt.date(2021, 1, 15), dt.date(2021, 3, 2), dt.date(2021, 3, 30), dt.date(2020, 12, 1)]
    res = monthly_ratio(data, issued, 2021, last_month=4, names={"140923": "代县"})
    assert res.county == "代县" and res.area_threshold == 100 and res.ratio_threshold == 0.15
    got = [(f.month, round(f.numerator, 6), round(f.denominator, 6), f.ratio, f.units) for f in res.months]
    assert got == [(1, 10, 10, 1.0, 1), (2, 10, 10, 1.0, 1), (3, 10, 40, 0.25, 3), (4, 10, 40, 0.25, 3)]


def test_monthly_ratio_months_before_any_patch_have_no_ratio():
    data = pd.DataFrame([row("1", NEW, 3, 6)])
    res = monthly_ratio(data, [dt.date(2021, 5, 6)], 2021, last_month=12)
    assert len(res.months) == 12
    assert all(f.ratio is None and f.numerator == 0 for f in res.months[:4])
    assert res.months[4].ratio == pytest.approx(0.5)
    assert monthly_ratio(data, [dt.date(2020, 5, 6)], 2021) is None
    with pytest.raises(ValueError):
        monthly_ratio(data, [], 2021)


def test_timeline_orders_and_flags():
    today = dt.date(2021, 7, 1)
    d = [SimpleNamespace(date=dt.date(2021, 7, 3), what="部级核查截止", open_patches=2),
         SimpleNamespace(date=dt.date(2021, 6, 20), what="省级核查截止", open_patches=1),
         SimpleNamespace(date=dt.date(2021, 7, 10), what="半年报告报送", open_patches=0)]
    items = timeline(d, today)
    assert [x.label for x in items] == ["省级核查截止", "部级核查截止", "半年报告报送"]
    assert [(x.days_left, x.overdue, x.soon) for x in items] == [(-11, True, False), (2, False, True),
                                                                 (9, False, False)]
