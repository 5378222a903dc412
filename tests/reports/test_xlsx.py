import datetime as dt

import openpyxl
import pandas as pd

from wpzf.reports.ledgers import illegal_ledger
from wpzf.reports.xlsx import text_width, write_xlsx

from .conftest import FORMULA


def test_formats_widths_dates_and_formulas_as_text(tmp_path):
    df = pd.DataFrame({"监测编号": ["1409232021050001", "X2"], "面积(亩)": [1.234, 20.5],
                       "下发日期": [dt.date(2021, 5, 6), dt.date(2021, 6, 1)],
                       "判定时间": pd.to_datetime(["2021-06-10T09:00:00Z", None], utc=True),
                       "说明": [FORMULA, "+1-2"], "其他": ["@SUM(A1)", "\tx"], "文本日期": ["2021-05-07", ""]})
    path = write_xlsx(tmp_path / "t.xlsx", {"违法用地台账": df}, date_columns=["文本日期"])
    assert path.exists() and not list(tmp_path.glob(".t-*"))
    wb = openpyxl.load_workbook(path)
    sh = wb["违法用地台账"]
    assert [c.value for c in sh[1]] == list(df.columns)
    assert sh.freeze_panes == "A2"
    assert sh["B2"].value == 1.23 and sh["B2"].number_format == "0.00"   # stored as shown
    assert sh["C2"].value == dt.datetime(2021, 5, 6) and sh["C2"].is_date
    assert sh["D2"].is_date and sh["D2"].value == dt.datetime(2021, 6, 10, 9, 0)
    assert sh["G2"].is_date and sh["G2"].value == dt.datetime(2021, 5, 7)
    for ref, text in (("E2", FORMULA), ("E3", "+1-2"), ("F2", "@SUM(A1)"), ("F3", "\tx")):
        assert sh[ref].data_type == "s" and sh[ref].value == text, ref
        assert sh[ref].quotePrefix
    # CJK counts double: the header 监测编号 (8) is narrower than the 16-digit code
    assert sh.column_dimensions["A"].width >= 16
    assert sh.column_dimensions["B"].width >= text_width("面积(亩)")
    assert text_width("监测编号") == 8 and text_width("ab") == 2


def test_write_is_atomic_and_replaces(tmp_path):
    target = tmp_path / "a.xlsx"
    write_xlsx(target, pd.DataFrame({"x": [1]}))
    write_xlsx(target, pd.DataFrame({"y": [2]}))
    assert openpyxl.load_workbook(target).active["A1"].value == "y"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_hostile_ledger_is_inert_in_xlsx(ws, tmp_path):
    led = illegal_ledger(ws)
    path = write_xlsx(tmp_path / "ledger.xlsx", {"违法用地台账": led})
    sh = openpyxl.load_workbook(path).active
    cells = [c for row in sh.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    hostile = [c for c in cells if c.value == FORMULA]
    assert hostile and all(c.data_type == "s" for c in hostile)
    assert any(c.value == "<script>alert(1)</script>" for c in cells)


def test_a_printed_ledger_numbers_its_pages(tmp_path):
    """A 130-row ledger prints on several pages: each says 第 N 页 共 M 页 (Excel/WPS fill in &P and &N)."""
    df = pd.DataFrame({"监测编号": [f"14092320210500{i:02d}" for i in range(60)], "面积(亩)": [1.0] * 60})
    sh = openpyxl.load_workbook(write_xlsx(tmp_path / "t.xlsx", {"违法用地台账": df}))["违法用地台账"]
    assert sh.oddFooter.center.text == "第 &P 页 共 &N 页"
