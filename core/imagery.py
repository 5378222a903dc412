"""Which of a project's layers are a workspace's before (前时相) and after (后时相) imagery, its land survey (三调
DLTB) and basic farmland, when it has not been told: from the layers' names, sources and fields; and the dates and
grid of an N-date imagery series. Pure."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Optional

BEFORE_WORDS = ("前时相", "前期", "before")
AFTER_WORDS = ("后时相", "后期", "after")


def guess_imagery(layers: Iterable[tuple[str, str]]) -> tuple[Optional[str], Optional[str]]:
    """(before id, after id) among raster layers given as (id, name): the first whose name says 前时相/before and
    the first that says 后时相/after; None where no name says so (never a guess between two unnamed images)."""
    before = after = None
    for layer_id, name in layers:
        low = str(name).lower()
        if before is None and any(w in low for w in BEFORE_WORDS):
            before = layer_id
        elif after is None and any(w in low for w in AFTER_WORDS):
            after = layer_id
    return before, after


FARMLAND_WORDS = ("jbnt", "基本农田")
SURVEY_WORDS = ("dltb", "地类图斑", "三调")


def _says(text: str, words) -> bool:
    low = str(text).lower()
    return any(w in low for w in words)


def guess_landsurvey(layers: Iterable[tuple[str, str, str, Iterable[str]]]) -> tuple[Optional[str], Optional[str]]:
    """(land survey id, basic farmland id) among polygon layers given as (id, name, source, field names): the land
    survey has a DLBM field and is not the farmland, a 三调 DLTB (田坎系数 KCXS, or DLTB in its name) before any
    other; the basic farmland is the layer whose name or source says 永久基本农田 / JBNT (it may carry DLBM too)."""
    survey, survey_rank, farmland = None, -1, None
    for layer_id, name, source, fields in layers:
        fields = {str(f).upper() for f in fields}
        if _says(name, FARMLAND_WORDS) or _says(source, FARMLAND_WORDS):
            farmland = farmland or layer_id
            continue
        if "DLBM" not in fields:
            continue
        rank = int("KCXS" in fields) + int(_says(name, SURVEY_WORDS) or _says(source, SURVEY_WORDS))
        if rank > survey_rank:
            survey, survey_rank = layer_id, rank
    return survey, farmland


# -- N-date imagery (issue 19): a series of dated images, shown as a grid of synchronised views --------------
_DATE_PATTERNS = (
    # 2019-10-01, 2019.10.01, 2019/10/1, 2019年10月1日
    re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"),                   # 20191001
    re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*月?(?![\d.])"),  # 2019-10, 2019年10月
    re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)"),                                # 2019 (an annual mosaic)
)


def date_from_name(name: str) -> Optional[str]:
    """The acquisition date a layer's name gives (ISO ``YYYY-MM-DD``), the most precise form first: a year and
    month without a day is the month's first day, a year alone is 1 January (an annual mosaic). None when the
    name holds no plausible date."""
    text = str(name or "")
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = [int(g) for g in m.groups()] + [1] * (3 - len(m.groups()))
            try:
                return dt.date(*parts).isoformat()
            except ValueError:
                continue
    return None


def valid_date(text) -> Optional[str]:
    """ISO text of a date, or None when it is not one."""
    try:
        return dt.date.fromisoformat(str(text).strip()[:10]).isoformat()
    except ValueError:
        return None


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, columns) of a grid for n views: one row up to 2, then 2×2, 2×3 (3 across), 3×3 …"""
    if n <= 2:
        return 1, max(n, 1)
    cols = 2 if n == 4 else 3
    return math.ceil(n / cols), cols


def ordered_series(items: Iterable[dict]) -> list[dict]:
    """The series' images oldest first; those without a date last, in the order given."""
    items = list(items)
    dated = sorted((i for i in items if valid_date(i.get("date"))), key=lambda i: valid_date(i["date"]))
    return dated + [i for i in items if not valid_date(i.get("date"))]
