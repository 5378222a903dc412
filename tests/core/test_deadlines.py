import datetime as dt

import pytest

from wpzf.core.deadlines import DeadlineRules, batch_deadlines, report_deadlines


def test_ministry_next_month_20th_and_27th():
    d = batch_deadlines("部级", dt.date(2021, 5, 6))
    assert d.verify == dt.date(2021, 6, 20) and d.city_review == dt.date(2021, 6, 27)


def test_ministry_december_rolls_into_january():
    assert batch_deadlines("部级", dt.date(2021, 12, 31)).verify == dt.date(2022, 1, 20)


def test_day_is_clamped_to_month_end_when_configured_late():
    rules = DeadlineRules(ministry_verify_day=31)
    assert batch_deadlines("部级", dt.date(2024, 1, 31), rules).verify == dt.date(2024, 2, 29)
    assert batch_deadlines("部级", dt.date(2023, 1, 15), rules).verify == dt.date(2023, 2, 28)


def test_province_one_and_three_days():
    d = batch_deadlines("省级", dt.date(2024, 2, 27))
    assert d.claim == dt.date(2024, 2, 28) and d.verify == dt.date(2024, 3, 1)


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown batch level"):
        batch_deadlines("市级", dt.date(2021, 1, 1))


def test_report_dates():
    assert report_deadlines(2021) == {"half_year": dt.date(2021, 7, 10), "annual": dt.date(2022, 3, 10)}
