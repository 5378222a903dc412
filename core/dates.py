"""Dates as the workspace holds them (ISO text, sometimes a datetime or NaN from pandas), read one way."""
from __future__ import annotations

import datetime as dt
from typing import Optional

CHINA = dt.timezone(dt.timedelta(hours=8))   # 北京时间: every form's date and time (no daylight saving)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def china_now() -> dt.datetime:
    """Now in China time, whatever the computer's time zone (a server or a VM often runs in UTC)."""
    return _utc_now().astimezone(CHINA)


def china_today() -> dt.date:
    """Today's date in China: a form made at 01:00 Beijing time is dated that day, not the day before in UTC."""
    return china_now().date()


def as_date(v) -> Optional[dt.date]:
    """The date in ``v`` (a date, a datetime, ISO text with or without a time); None when empty or unreadable."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip()[:10])
    except ValueError:
        return None


def iso(d: Optional[dt.date]) -> Optional[str]:
    return d.isoformat() if d else None


def cn_date(d: Optional[dt.date]) -> str:
    """2021年7月8日 (as official documents write dates)."""
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


class ReferenceDate(dt.date):
    """A unit's reference date with what it is (``basis``: 后时相 or 下发日期), for the reasons that cite it;
    pickled with its basis (the pre-fill's helper process receives the units' dates)."""
    basis = ""

    def __reduce__(self):
        return dated, (dt.date(self.year, self.month, self.day), self.basis)


def dated(d: Optional[dt.date], basis: str) -> Optional[ReferenceDate]:
    if d is None:
        return None
    out = ReferenceDate(d.year, d.month, d.day)
    out.basis = basis
    return out
