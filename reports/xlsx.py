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
    if text.isascii():
        return max((len(line) for line in text.splitlines()), default=0)
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
    from openpyxl import Workbook

    path = Path(path)
    if isinstance(sheets, pd.DataFrame):
        sheets = {"Sheet1": sheets}
    # Streamed (write-only): each row goes to the file as it is appended, with the formats decided per
    # column beforehand, so a 100k-row ledger costs about what a bare DataFrame.to_excel does.
    wb = Workbook(write_only=True)
    for name, df in sheets.items():
        df = _prepare(df)
        for col in date_columns or ():
            if col in df.columns:
                df[col] = [_as_date(v) for v in df[col]]
        _write_sheet(wb.create_sheet(_sheet_title(str(name))), df, mu_columns)
    if not sheets:
        wb.create_sheet("Sheet1")
    with atomic_file(path) as tmp:
        wb.save(tmp)
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


def _shown_width(v, mu_col: bool) -> int:
    """Width of a value as Excel shows it with the format this module gives it."""
    if v is None:
        return 0
    if mu_col and isinstance(v, (int, float)):
        return len(f"{v:.2f}")
    if isinstance(v, dt.datetime):
        return 16  # 2021-01-01 00:00
    if isinstance(v, dt.date):
        return 10
    return text_width(v)


def _column_width(header, values: list, mu_col: bool) -> int:
    width = text_width(header)
    try:
        distinct = set(values)
    except TypeError:  # unhashable values: look at each
        distinct = values
    numbers = [v for v in distinct if isinstance(v, float) and not isinstance(v, bool)] if mu_col else []
    if numbers:  # 0.00 text is longest at the largest magnitude (and one longer when negative)
        width = max(width, _shown_width(max(numbers), True), _shown_width(min(numbers), True))
        distinct = [v for v in distinct if not (isinstance(v, float) and not isinstance(v, bool))]
    for v in distinct:
        width = max(width, _shown_width(v, mu_col))
    return max(MIN_WIDTH, min(MAX_WIDTH, width + 2))


def _values(series: pd.Series) -> list:
    """A column as Python values, missing ones (NaN, NaT, None, pd.NA) as None."""
    return series.astype(object).where(series.notna(), None).tolist()


def _write_sheet(ws, df: pd.DataFrame, mu_columns) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    mu = set(df.columns if mu_columns is None else mu_columns)
    columns = [_values(df.iloc[:, j]) for j in range(df.shape[1])]
    ws.freeze_panes = "A2"
    thin = Side(style="thin")
    header_font, header_border = Font(bold=True), Border(left=thin, right=thin, top=thin, bottom=thin)
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    # Per column: the formats its cells need. One styled cell per column and kind is reused for every
    # row (a streamed cell is written when its row is appended), so styling costs nothing per cell.
    special: list[tuple[int, bool, dict]] = []
    for j, (col, values) in enumerate(zip(df.columns, columns)):
        mu_col = col in mu and (mu_columns is not None or is_mu_column(col))
        ws.column_dimensions[get_column_letter(j + 1)].width = _column_width(col, values, mu_col)
        cell = WriteOnlyCell(ws, value=col)
        cell.font, cell.border, cell.alignment = header_font, header_border, header_alignment
        if unsafe_text(col) or cell.data_type == "f":
            cell.data_type, cell.quotePrefix = "s", True
        header.append(cell)
        kinds = {type(v) for v in values if v is not None}
        plain = {str} if not any(unsafe_text(v) for v in values if isinstance(v, str)) else set()
        plain |= {bool} | ({int, float} if not mu_col else set())
        if kinds <= plain:
            continue  # written as the bare values
        cells = {"mu": WriteOnlyCell(ws), "date": WriteOnlyCell(ws), "datetime": WriteOnlyCell(ws),
                 "text": WriteOnlyCell(ws)}
        cells["mu"].number_format = MU_FORMAT
        cells["date"].number_format = DATE_FORMAT
        cells["datetime"].number_format = DATETIME_FORMAT
        cells["text"].quotePrefix = True  # Excel keeps it text when the cell is edited
        special.append((j, mu_col, cells))
    ws.append(header)
    for row in zip(*columns):
        if special:
            row = list(row)
            for j, mu_col, cells in special:
                v = row[j]
                if isinstance(v, str):
                    if unsafe_text(v):
                        c = cells["text"]
                        c.value = v
                        c.data_type = "s"  # stored as a string, never as a formula
                        row[j] = c
                elif isinstance(v, dt.datetime):
                    cells["datetime"].value = v
                    row[j] = cells["datetime"]
                elif isinstance(v, dt.date):
                    cells["date"].value = v
                    row[j] = cells["date"]
                elif mu_col and isinstance(v, (int, float)) and not isinstance(v, bool):
                    cells["mu"].value = v
                    row[j] = cells["mu"]
        ws.append(row)
