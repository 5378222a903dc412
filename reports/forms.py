"""What makes a table a form the office can file: a title naming the county, the period and the batches;
the 填报单位 / 填表人 / 审核人 / 日期 block; a note when units and patches differ (a split patch); and the
layout helpers the templates use (two-level headers for 个/亩 pairs, cells that must not wrap).

Shared by the HTML/PDF reports (reports/render.py, the templates) and the xlsx sheets (reports/xlsx.py).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..core.dates import as_date, china_today, cn_date
from ..store.rosters import workspace_roster
from ..store.workspace import Workspace

SIGNATURE_LABELS = ("填报单位", "填表人", "审核人", "日期")
ALL_BATCHES = "全部批次"
NOWRAP_WIDTH = 20        # cells whose text is at most this wide (a CJK character counts two) never wrap


@dataclass(frozen=True)
class FormHeader:
    """The parts of a form around its table."""
    title: str = ""                  # the table's own name; the county is put in front when missing
    county: str = ""
    period: str = ""                 # 统计期间 (2021年7月) or 截至 2021年7月1日
    batch: str = ""                  # 批次: 全部（bu_2021_05 部级、…）or one batch
    office: str = ""                 # 填报单位
    date: str = ""                   # 日期 (Chinese); empty: filled in by hand
    notes: tuple[str, ...] = field(default_factory=tuple)   # lines under the table (注：…)
    total: bool = True               # xlsx: add a 合计 row when some column is summable

    def heading(self) -> str:
        if self.county and not self.title.startswith(self.county):
            return self.county + self.title
        return self.title

    def subtitle(self) -> str:
        parts = []
        if self.period:
            parts.append(f"统计期间：{self.period}")
        if self.batch:
            parts.append(f"批次：{self.batch}")
        return "　　".join(parts)

    def signature(self) -> list[tuple[str, str]]:
        """(label, filled value) of the signature block; blanks are signed by hand."""
        return list(zip(SIGNATURE_LABELS, (self.office, "", "", self.date)))

    def titled(self, title: str, **changes) -> FormHeader:
        return replace(self, title=title, **changes)

    def context(self) -> dict:
        """Template variables (see base.html.j2)."""
        return {"county": self.county, "heading": self.heading(), "subtitle": self.subtitle(),
                "office": self.office, "sign_date": self.date, "signature": self.signature(),
                "notes": list(self.notes)}


def month_text(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def batch_text(ws: Workspace, batch_code: Optional[str] = None) -> str:
    """The batch a table covers: one batch by code and level, or 全部批次 with the codes."""
    rows = ws.select("wz_batch", ["PCBH", "JB", "XFRQ"], order_by='"XFRQ", "PCBH"')
    items = [(str(c), str(j or ""), as_date(x)) for c, j, x in zip(rows["PCBH"], rows["JB"], rows["XFRQ"])]
    if batch_code:
        for c, j, x in items:
            if c == batch_code:
                return f"{c}（{j}{('，' + cn_date(x) + '下发') if x else ''}）"
        return str(batch_code)
    if not items:
        return ALL_BATCHES
    return f"全部（{'、'.join(f'{c} {j}' if j else c for c, j, _ in items)}）"


def form_header(ws: Workspace, today: Optional[dt.date] = None, batch_code: Optional[str] = None, *,
                title: str = "", period: Optional[str] = None) -> FormHeader:
    """The header of a workspace's table: county, period (default: 截至 ``today``), batch, date, and the
    county's natural-resources bureau, which files the 卫片执法 forms, as 填报单位."""
    today = today or china_today()
    roster = workspace_roster(ws)
    return FormHeader(title=title, county=roster.county_name,
                      period=period if period is not None else f"截至{cn_date(today)}",
                      batch=batch_text(ws, batch_code), office=f"{roster.county_name}自然资源局", date=cn_date(today))


def split_note(ws: Workspace, batch_code: Optional[str] = None) -> str:
    """"240个图斑，其中1个图斑分割为2个部分认定，共241个认定单元" when some patch was split, else ''."""
    sql = 'SELECT p.fid FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"'
    params: list = []
    if batch_code:
        sql += f' WHERE b."PCBH" = {ws.ph}'
        params.append(batch_code)
    fids = {int(r[0]) for r in ws._fetch(sql, params)}
    parts = ws.select("wz_part", ["TBID"])
    counts = parts[parts["TBID"].astype(int).isin(fids)].groupby("TBID").size() if len(parts) else []
    split, pieces = len(counts), int(sum(counts))
    if not split:
        return ""
    return (f"{len(fids)}个图斑，其中{split}个图斑分割为{pieces}个部分认定，"
            f"共{len(fids) - split + pieces}个认定单元")


# ---- layout helpers for the templates -------------------------------------------------------------
_PAIR = re.compile(r"^(.+)\((个|亩)\)$")


def text_width(value) -> int:
    from .xlsx import text_width as width

    return width(value)


def nowrap(value) -> bool:
    """Whether a cell keeps its text on one line (names, codes, numbers; not sentences)."""
    if value is None:
        return True
    if isinstance(value, (int, float)):
        return True
    return text_width(value) <= NOWRAP_WIDTH


def header_rows(columns) -> list[list[dict]]:
    """A table's header as one or two rows of {text, colspan, rowspan}: adjacent "X(个)" and "X(亩)"
    columns share a top cell X over the units 个 / 亩, which keeps wide statistics narrow."""
    cols = [str(c) for c in columns]
    top, sub, k = [], [], 0
    while k < len(cols):
        m = _PAIR.match(cols[k])
        n = _PAIR.match(cols[k + 1]) if k + 1 < len(cols) else None
        if m and n and m.group(1) == n.group(1):
            top.append({"text": m.group(1), "colspan": 2, "rowspan": 1})
            sub += [{"text": m.group(2), "colspan": 1, "rowspan": 1}, {"text": n.group(2), "colspan": 1, "rowspan": 1}]
            k += 2
        else:
            top.append({"text": cols[k], "colspan": 1, "rowspan": 2})
            k += 1
    if not sub:
        return [[{**c, "rowspan": 1} for c in top]]
    return [top, sub]


TEMPLATE_GLOBALS = {"header_rows": header_rows, "nowrap": nowrap}


# ---- photos on forms ----------------------------------------------------------------------------------
def china_time(stored) -> str:
    """A stored photo time (UTC) as China time (UTC+8), 'YYYY-MM-DD HH:MM' — as the atlas prints it."""
    from ..exchange.photo_meta import beijing_time

    when = beijing_time(stored)
    return when.strftime("%Y-%m-%d %H:%M") if when else ""


def photo_src(ws: Workspace, stored_path) -> str:
    """The file URL of a stored photo (WJLJ, relative to the workspace), '' when the file is missing."""
    from pathlib import Path

    from ..exchange.attachments import resolve_stored_path

    text = "" if stored_path is None or stored_path != stored_path else str(stored_path).strip()
    if not text:
        return ""
    path = resolve_stored_path(ws.files_location, text)
    return Path(path).resolve().as_uri() if Path(path).is_file() else ""
