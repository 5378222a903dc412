"""警示约谈 criteria and talk records (core/talks.py): pure Python."""
import datetime as dt

import pytest

from wpzf.core.talks import (
    COMPLETED,
    OVERDUE,
    RECTIFYING,
    Talk,
    TalkCriteria,
    TownshipFigures,
    problems,
    select_townships,
    status,
)

FIGURES = [
    TownshipFigures("甲镇", illegal_gd_mu=30.0, ratio=0.05),                 # area exactly at the threshold
    TownshipFigures("乙乡", illegal_gd_mu=29.99, ratio=0.149),               # just under both
    TownshipFigures("丙镇", illegal_gd_mu=6.0, ratio=0.15),                  # ratio at 15 %, over the 5 亩 floor
    TownshipFigures("丁乡", illegal_gd_mu=1.0, ratio=1.0),                   # 100 % of 1 亩: under the floor
    TownshipFigures("戊镇", overdue=5),
    TownshipFigures("己乡", overdue=4, returned=2),
    TownshipFigures("庚镇", returned=3, ratio=None),
    TownshipFigures("辛乡", illegal_gd_mu=80.0, ratio=0.4, overdue=9, returned=7),
]


def test_default_criteria_select_exactly_the_townships_over_a_threshold():
    chosen = select_townships(FIGURES)
    assert [s.township for s in chosen] == ["辛乡", "甲镇", "丙镇", "庚镇", "戊镇"]   # most tests met first
    by = {s.township: s for s in chosen}
    assert by["辛乡"].tests == ("illegal_gd_mu", "ratio", "overdue", "returned")
    assert by["甲镇"].reasons == ("违法占用耕地30.00亩，达到30亩",)
    assert by["丙镇"].tests == ("ratio",) and "15.00%" in by["丙镇"].reasons[0]
    assert by["戊镇"].short_text() == "逾期未完成核查达到约谈条件"


def test_criteria_are_data_and_a_test_can_be_switched_off():
    c = TalkCriteria.from_dict({"illegal_gd_mu": 50, "ratio": None, "overdue": "4", "returned": None, "x": 1})
    assert c == TalkCriteria(illegal_gd_mu=50.0, ratio=None, overdue=4, returned=None)
    assert [s.township for s in select_townships(FIGURES, c)] == ["辛乡", "己乡", "戊镇"]
    assert TalkCriteria.from_dict(c.to_dict()) == c
    assert TalkCriteria.from_dict(None) == TalkCriteria()
    assert select_townships(FIGURES, TalkCriteria(None, None, 0.0, None, None)) == []
    assert c.describe() == ["违法占用耕地（附件5扣除后）达到50亩", "逾期未完成核查图斑达到4个"]


@pytest.mark.parametrize("bad", [{"overdue": "many"}, {"ratio": -0.1}, {"ratio_min_mu": None}])
def test_unreadable_criteria_are_refused_with_the_key(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        TalkCriteria.from_dict(bad)


def test_a_talk_needs_its_parts_and_consistent_dates():
    d = dt.date(2021, 7, 2)
    ok = Talk("甲镇", d, "副县长、镇长", "30日内拆除复耕", d + dt.timedelta(days=30))
    assert problems(ok) == []
    assert problems(Talk(" ", None, "", "", None)) == ["未填写被约谈乡镇", "未填写约谈日期", "未填写参加人员",
                                                       "未填写整改要求", "未填写整改期限"]
    assert problems(Talk("甲镇", d, "x", "y", d - dt.timedelta(days=1))) == ["整改期限早于约谈日期"]
    done_early = Talk("甲镇", d, "x", "y", d, completed=d - dt.timedelta(days=1))
    assert problems(done_early) == ["整改完成日期早于约谈日期", "未填写整改完成情况"]


def test_status_follows_the_deadline_and_completion():
    d = dt.date(2021, 7, 2)
    t = Talk("甲镇", d, "x", "y", dt.date(2021, 8, 1))
    assert status(t, dt.date(2021, 8, 1)) == RECTIFYING
    assert status(t, dt.date(2021, 8, 2)) == OVERDUE
    done = Talk("甲镇", d, "x", "y", dt.date(2021, 8, 1), completed=dt.date(2021, 9, 1), outcome="已复耕")
    assert status(done, dt.date(2021, 9, 2)) == COMPLETED
