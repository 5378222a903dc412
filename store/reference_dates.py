"""The date a unit's facts refer to — its 后时相 (the later imagery's date), else its batch's issue date — with
which of the two it is, for the reasons that cite it ("只计后时相2021年4月8日及以前批准的")."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from ..core.dates import ReferenceDate, as_date, dated  # noqa: F401  (ReferenceDate: where callers found it)
from .workspace import Workspace

_DATE_RE = re.compile(r"(\d{4})\D{0,3}(\d{1,2})(?:\D{0,3}(\d{1,2}))?")


def parse_date(v) -> Optional[dt.date]:
    """A date written as 2021-03-01, 2021/3/1, 20210301, 2021年3月1日 or a date/QDate; a month alone
    (2021-03) reads as its last day (the imagery was taken within it); None when unreadable."""
    d = as_date(v)
    if d is not None:
        return d
    if v is None:
        return None
    if hasattr(v, "toPyDate"):
        try:
            return v.toPyDate() if v.isValid() else None
        except (AttributeError, ValueError):
            return None
    s = str(v).strip()
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if m is None:
        m = _DATE_RE.search(s)
    if m is None:
        return None
    y, mo, day = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        if day is None:
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(y, mo, int(day))
    except ValueError:
        return None


def reference_dates(ws: Workspace, fids: Optional[list[int]] = None) -> dict[int, Optional[dt.date]]:
    """``unit_reference_date`` of many patches in one query: {tbid: date or None}."""
    sql = 'SELECT p.fid, p."HSX", b."XFRQ" FROM wz_patch p LEFT JOIN wz_batch b ON b.fid = p."PCID"'
    if fids is None:
        rows = ws._fetch(sql)
    else:
        rows = ws._fetch_in(sql + " WHERE p.fid IN ({marks})", sorted({int(f) for f in fids}))
    return {int(fid): dated(parse_date(hsx), "后时相") or dated(parse_date(xfrq), "下发日期")
            for fid, hsx, xfrq in rows}


def unit_reference_date(ws: Workspace, tbid: int) -> Optional[dt.date]:
    """The date a patch's facts refer to: its 后时相 (HSX, the later imagery's date), else its batch's issue date."""
    return reference_dates(ws, [int(tbid)]).get(int(tbid))
