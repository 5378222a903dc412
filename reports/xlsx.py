"""DataFrames to .xlsx the way a county office wants them.

Chinese headers as given, column widths that fit CJK text (a CJK character counts as two), a frozen
header row, 亩 values stored rounded to the two decimals their ``0.00`` format shows (a 合计 from the
unrounded values, so every document prints the same total for the same quantity), dates as real Excel dates, and text that would start a formula
(= + - @, tab, CR) stored as text so that it can never run. Every sheet prints on A4 (landscape when
wide), one page wide, the header row repeated on each page. Given a ``form`` (reports/forms.py
FormHeader) a sheet is a form: title and period/batch rows above the header, a 合计 row where columns
are summable, notes and the 填报单位 / 填表人 / 审核人 / 日期 row under the table. The file is written to a
temporary name beside the target and renamed, so a crash never leaves half a workbook under the real name.
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
MU_DECIMALS = 2
TOTAL = "合计"
SUMMABLE_UNITS = ("(个)", "(元)", "(宗)")   # besides 亩: counts and money add up; days, ratios do not
PORTRAIT_WIDTH = 95     # column widths (characters) that fit across portrait A4 at 100 %

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


def round_mu(v):
    """亩 to two decimals the way a form rounds (四舍五入, halves away from zero; 1.005 → 1.01, which binary
    floating point would print as 1.00). Works on a number or a numpy array; NaN stays NaN."""
    import numpy as np

    a = np.asarray(v, dtype=float)
    # the tiny nudge lets decimal halves stored a hair below (1.005 = 1.00499…) round up as written
    out = np.sign(a) * np.floor(np.abs(a) * 100 + 0.5 + 1e-7) / 100
    return out if out.ndim else float(out)


def summable_columns(df: pd.DataFrame, mu_columns=None) -> list:
    """Columns whose values add up: 亩 columns and counts/money with a unit (个, 元, 宗)."""
    out = []
    for col in df.columns:
        mu_col = col in mu_columns if mu_columns is not None else is_mu_column(col)
        if (mu_col or str(col).endswith(SUMMABLE_UNITS)) and pd.api.types.is_numeric_dtype(df[col]) \
                and not pd.api.types.is_bool_dtype(df[col]):
            out.append(col)
    return out


def _total_row_mask(df: pd.DataFrame) -> pd.Series:
    if df.empty or df.shape[1] == 0:
        return pd.Series(False, index=df.index)
    return df.iloc[:, 0].astype(object).map(lambda v: isinstance(v, str) and v.strip() == TOTAL)


ROUNDING_NOTE = "合计按未经修约的数值计算，与各行显示数之和可能略有出入。"


def printable(df: pd.DataFrame, mu_columns=None, total: bool = False) -> pd.DataFrame:
    """``df`` as it prints: 亩 values rounded to the two decimals shown; a 合计 row already there (first
    column 合计) recomputed, or one appended when ``total`` and some column is summable — from the unrounded
    rows, rounded once, as the reports print the same totals (a ledger summing 123 rounded rows printed 767.39
    where the annual report printed 767.43 亩). ``attrs["rounding_note"]`` is set when a printed 亩 total differs
    from the sum of its printed rows (``ROUNDING_NOTE`` says why)."""
    raw = df
    out = df.copy()
    mu = [c for c in out.columns if (c in mu_columns if mu_columns is not None else is_mu_column(c))]
    for col in mu:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = round_mu(out[col].to_numpy(dtype=float))
        else:
            out[col] = [float(round_mu(v)) if isinstance(v, float) else v for v in out[col]]
    sums = summable_columns(out, mu_columns)
    if not sums or out.shape[1] < 2 or out.columns[0] in sums:
        return out
    is_total = _total_row_mask(out)
    body, raw_body = out[~is_total], raw[~is_total.to_numpy()]
    totals = {}
    for col in sums:
        if col in mu:
            totals[col] = float(round_mu(float(pd.to_numeric(raw_body[col], errors="coerce").sum())))
        else:
            totals[col] = body[col].sum()
    if is_total.any():
        for col, value in totals.items():
            out.loc[is_total, col] = value
    elif total and len(out):
        row = {c: None for c in out.columns}
        row[out.columns[0]] = TOTAL
        row.update(totals)
        out = pd.concat([out, pd.DataFrame([row], columns=out.columns)], ignore_index=True)
    else:
        return out
    if any(abs(totals[c] - float(body[c].sum())) > 0.005 for c in totals if c in mu):
        out.attrs["rounding_note"] = True
    return out


def with_rounding_note(form, shown: pd.DataFrame):
    """``form`` with ``ROUNDING_NOTE`` among its notes when ``shown`` (``printable``) needs it."""
    if form is None or not shown.attrs.get("rounding_note") or ROUNDING_NOTE in form.notes:
        return form
    return form.titled(form.title, notes=(*form.notes, ROUNDING_NOTE))


def write_xlsx(path: Union[str, os.PathLike], sheets: Sheets, *, mu_columns=None, date_columns=None,
               form=None) -> Path:
    """Write one DataFrame, or {sheet name: DataFrame}, to ``path`` (atomically). Returns the path.

    ``mu_columns``: columns formatted 0.00 (default: every column whose header contains 亩).
    ``date_columns``: columns of ISO date text to write as Excel dates (date/datetime values always are).
    ``form``: a forms.FormHeader for every sheet (its title, when empty, is the sheet name) or
    {sheet name: FormHeader}; without one a sheet is a plain table with its header in row 1 (a data
    file read back, like the roster workbook). A form's ``total`` adds a 合计 row (default True).
    """
    from openpyxl import Workbook

    path = Path(path)
    if isinstance(sheets, pd.DataFrame):
        sheets = {"Sheet1": sheets}
    # Streamed (write-only): each row goes to the file as it is appended, with the formats decided per
    # column beforehand, so a 100k-row ledger costs about what a bare DataFrame.to_excel does.
    wb = Workbook(write_only=True)
    for name, df in sheets.items():
        sheet_form = form.get(name) if isinstance(form, Mapping) else form
        if sheet_form is not None and not sheet_form.title:
            sheet_form = sheet_form.titled(str(name))
        df = printable(_prepare(df), mu_columns, total=bool(sheet_form is not None and sheet_form.total))
        sheet_form = with_rounding_note(sheet_form, df)
        for col in date_columns or ():
            if col in df.columns:
                df[col] = [_as_date(v) for v in df[col]]
        _write_sheet(wb.create_sheet(_sheet_title(str(name))), df, mu_columns, sheet_form)
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


def _merged_row(ws, row: int, values: list, ncols: int, font=None, alignment=None) -> None:
    """Append row number ``row``, its text spanning the table width (the title, notes)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    cells = []
    for v in values:
        c = WriteOnlyCell(ws, value=v)
        if font is not None:
            c.font = font
        if alignment is not None:
            c.alignment = alignment
        cells.append(c)
    ws.append(cells)
    if ncols > 1:
        ws.merged_cells.add(f"A{row}:{get_column_letter(ncols)}{row}")


def _signature_cells(form, ncols: int) -> list:
    """The 填报单位 / 填表人 / 审核人 / 日期 row: four labels spread over the table's width."""
    labels = [f"填报单位（盖章）：{form.office}", "填表人：", "审核人：", f"日期：{form.date}" if form.date else "日期："]
    if ncols < len(labels):
        return ["　　".join(labels)]
    row: list = [None] * ncols
    for k, text in enumerate(labels):
        row[(k * ncols) // len(labels)] = text
    return row


def _print_setup(ws, widths: list, header_row: int) -> None:
    """A4, landscape when the columns are wider than portrait A4, fit to one page wide (any number of
    pages tall), the header row repeated on every page, centred, numbered 第 N 页 共 M 页 in the footer."""
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if sum(widths) > PORTRAIT_WIDTH \
        else Worksheet.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    # printed, a long ledger's pages say which they are, as the PDFs do (Excel/WPS fill in &P and &N)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9


def _write_sheet(ws, df: pd.DataFrame, mu_columns, form=None) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    mu = set(df.columns if mu_columns is None else mu_columns)
    columns = [_values(df.iloc[:, j]) for j in range(df.shape[1])]
    ncols = max(1, df.shape[1])
    header_row = 1
    if form is not None:
        header_row += 1 + bool(form.subtitle())
    ws.freeze_panes = f"A{header_row + 1}"
    thin = Side(style="thin")
    header_font, header_border = Font(bold=True), Border(left=thin, right=thin, top=thin, bottom=thin)
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    widths = []
    # Per column: the formats its cells need. One styled cell per column and kind is reused for every
    # row (a streamed cell is written when its row is appended), so styling costs nothing per cell.
    special: list[tuple[int, bool, dict]] = []
    for j, (col, values) in enumerate(zip(df.columns, columns)):
        mu_col = col in mu and (mu_columns is not None or is_mu_column(col))
        widths.append(_column_width(col, values, mu_col))
        ws.column_dimensions[get_column_letter(j + 1)].width = widths[-1]
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
    _print_setup(ws, widths, header_row)
    if form is not None:
        _merged_row(ws, 1, [form.heading()], ncols, Font(bold=True, size=15),
                    Alignment(horizontal="center", vertical="center"))
        if form.subtitle():
            _merged_row(ws, 2, [form.subtitle()], ncols, None, Alignment(horizontal="center"))
    ws.append(header)
    total_font = Font(bold=True)
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
        if form is not None and row and row[0] == TOTAL:
            row = [_bold(ws, v, total_font) for v in row]
        ws.append(row)
    if form is None:
        return
    ws.append([])
    row_no = header_row + len(df) + 2
    for k, note in enumerate(form.notes):
        _merged_row(ws, row_no + k, [("注：" if k == 0 else "") + note], ncols, None, Alignment(wrap_text=False))
    ws.append(_signature_cells(form, ncols))


def _bold(ws, v, font):
    """A cell of the 合计 row: bold, keeping the number format a styled cell carried."""
    from openpyxl.cell import WriteOnlyCell

    if hasattr(v, "number_format") and hasattr(v, "value"):
        c = WriteOnlyCell(ws, value=v.value)
        c.number_format, c.data_type = v.number_format, v.data_type
    else:
        c = WriteOnlyCell(ws, value=v)
    c.font = font
    return c
