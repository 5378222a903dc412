"""Deadlines that follow from a batch's level and issue date (seed §四), as calendar days.

The numbers are defaults from the 2021 county plan; a county changes them through ``DeadlineRules``.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .dates import as_date, china_today

LEVEL_MINISTRY = "部级"
LEVEL_PROVINCE = "省级"
LEVELS = (LEVEL_MINISTRY, LEVEL_PROVINCE)


@dataclass(frozen=True)
class DeadlineRules:
    ministry_verify_day: int = 20      # verified and entered by the 20th of the next month (月清)
    ministry_city_review_day: int = 27  # city review by the 27th of the next month
    province_claim_days: int = 1       # 省级: claimed within one day …
    province_verify_days: int = 3      # … and verified within three
    half_year_report: tuple[int, int] = (7, 10)   # month, day of the rule-set year
    annual_report: tuple[int, int] = (3, 10)      # month, day of the following year


@dataclass(frozen=True)
class BatchDeadlines:
    verify: dt.date
    city_review: dt.date | None = None
    claim: dt.date | None = None


def _day_of_next_month(d: dt.date, day: int) -> dt.date:
    year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def batch_deadlines(level: str, issued: dt.date, rules: DeadlineRules = DeadlineRules()) -> BatchDeadlines:
    if level == LEVEL_MINISTRY:
        return BatchDeadlines(verify=_day_of_next_month(issued, rules.ministry_verify_day),
                              city_review=_day_of_next_month(issued, rules.ministry_city_review_day))
    if level == LEVEL_PROVINCE:
        return BatchDeadlines(verify=issued + dt.timedelta(days=rules.province_verify_days),
                              claim=issued + dt.timedelta(days=rules.province_claim_days))
    raise ValueError(f"unknown batch level {level!r}; expected one of {', '.join(LEVELS)}")


def report_deadlines(year: int, rules: DeadlineRules = DeadlineRules()) -> dict[str, dt.date]:
    return {"half_year": dt.date(year, *rules.half_year_report),
            "annual": dt.date(year + 1, *rules.annual_report)}


def days_left(deadline, today: dt.date | None = None) -> int | None:
    """Calendar days until ``deadline`` (ISO text or date); negative when overdue, None when unknown."""
    if not deadline:
        return None
    if isinstance(deadline, str):
        try:
            deadline = dt.date.fromisoformat(deadline[:10])
        except ValueError:
            return None
    return (deadline - (today or china_today())).days


def past_due(deadline, today: dt.date) -> bool:
    """Whether ``deadline`` (ISO text or a date; empty, NaN or unreadable: no deadline) had passed by ``today``."""
    d = as_date(deadline)
    return d is not None and d < today
