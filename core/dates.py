"""Dates as the workspace holds them (ISO text, sometimes a datetime or NaN from pandas), read one way."""
from __future__ import annotations

import datetime as dt
from typing import Optional


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
