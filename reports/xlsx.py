"""DataFrames to .xlsx the way a county office wants them.

Chinese headers as given, column widths that fit CJK text (a CJK character counts as two), a frozen
header row, 亩 columns formatted ``0.00``, dates as real Excel dates, and text that would start a
formula (= + - @, tab, CR) stored as text so that it can never run. The file is written to a temporary
name beside the target and renamed, so a crash never leaves half a workbook under the real name.
"""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Union

import pandas as pd

from .files import atomic_file

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MU_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
MIN_WIDTH = 6

Sheets = Union[pd.DataFrame, Mapping[str, pd.DataFrame]]


def text_width(value) -> int:
    """Display width of a cell's text: East Asian wide/full-width characters count as two."""
    if value is None:
        return 0
    text = str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        longest = max(longest, sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line))
    return longest


def is_mu_column(name) -> bool:
    return "亩" in str(name)


def unsafe_text(value) -> bool:
    """True for text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _sheet_title(name: str) -> str:
    for c in '[]:*?/\\':
        name = name.replace(c, "_")
    return name[:31] or "Sheet1"


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as date/datetime objects (tz dropped: Excel has no time zones), NaN as empty."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_localize(None)
            out[col] = s.astype(object).where(s.notna(), None)
    return out


def write_xlsx(path: Union[str, os.PathLike], sheets: Sheets, *, mu_columns=None, date_columns=None) -> Path:
    """Write one DataFrame, or {sheet name: DataFrame}, to ``path`` (atomically). Returns the path.

    ``mu_columns``: columns formatted 0.00 (default: every column whose header contains 亩).
    ``date_columns``: columns of ISO date text to write as Excel dates (date/datetime values always are).
    """
    path = Path(path)
    if isinstance(sheets, pd.DataFrame):
        sheets = {"Sheet1": sheets}
    with atomic_file(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, df in sheets.items():
                df = _prepare(df)
                for col in date_columns or ():
                    if col in df.columns:
                        df[col] = [_as_date(v) for v in df[col]]
                title = _sheet_title(str(name))
                df.to_excel(writer, sheet_name=title, index=False)
                _format_sheet(writer.sheets[title], df, mu_columns)
    return path


def _as_date(v):
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v
    text = str(v).strip()
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return text


def _format_sheet(ws, df: pd.DataFrame, mu_columns) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    mu = set(df.columns if mu_columns is None else mu_columns)
    ws.freeze_panes = "A2"
    for j, col in enumerate(df.columns, start=1):
        header = ws.cell(row=1, column=j)
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = text_width(col)
        mu_col = col in mu and (mu_columns is not None or is_mu_column(col))
        for i in range(2, len(df) + 2):
            cell = ws.cell(row=i, column=j)
            v = cell.value
            if isinstance(v, str):
                if unsafe_text(v) or cell.data_type == "f":
                    cell.data_type = "s"   # stored as a string, never as a formula
                    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
            elif isinstance(v, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(v, dt.date):
                cell.number_format = DATE_FORMAT
            elif mu_col and isinstance(v, (int, float)):
                cell.number_format = MU_FORMAT
            shown = (f"{v:.2f}" if mu_col and isinstance(v, (int, float)) else
                     "2021-01-01 00:00" if isinstance(v, dt.datetime) else
                     "2021-01-01" if isinstance(v, dt.date) else v)
            width = max(width, text_width(shown))
        ws.column_dimensions[get_column_letter(j)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
