"""The 工作简报 (reports/briefing.py) and the 警示约谈名单 xlsx, on the small report workspace (conftest)."""
import datetime as dt
import subprocess

import openpyxl
import pytest

from wpzf.core.talks import Talk, TalkCriteria
from wpzf.reports.briefing import briefing_context, period, render_briefing, talk_form, talk_list
from wpzf.reports.render import html_to_pdf
from wpzf.reports.xlsx import write_xlsx
from wpzf.store import talks
from wpzf.tests.reports.conftest import FORMULA

TODAY = dt.date(2021, 7, 8)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_period_of_a_week_and_a_month():
    assert period("week", dt.date(2021, 7, 8)) == (dt.date(2021, 7, 5), dt.date(2021, 7, 8),
                                                  "2021年7月5日至2021年7月8日")
    assert period("month", dt.date(2021, 7, 8))[::2] == (dt.date(2021, 7, 1), "2021年7月")
    with pytest.raises(ValueError):
        period("year", TODAY)


def test_briefing_pdf_shows_title_number_townships_and_figures(ws, tmp_path, qgis_app):
    talks.set_criteria(ws, TalkCriteria(illegal_gd_mu=2.0, ratio=None, overdue=None, returned=None))
    talks.record_talk(ws, Talk("上馆镇", dt.date(2021, 7, 2), "副县长、上馆镇镇长", "限期拆除复耕", dt.date(2021, 8, 1)))
    html = render_briefing(ws, TODAY, chart_folder=tmp_path / "charts")
    text = pdf_text(html_to_pdf(html, tmp_path / "b.pdf")).replace(" ", "")
    assert "代县卫片执法工作简报" in text and "2021年第1期（月报）" in text
    assert "统计期间：2021年7月" in text and "填报单位（盖章）：代县自然资源局" in text
    for town in ("上馆镇", "聂营镇"):
        assert town in text
    ctx = briefing_context(ws, TODAY)
    assert ctx["totals"]["patches"] == 3 and f"共有卫片执法图斑{ctx['totals']['patches']}个" in text
    assert f"{ctx['totals']['illegal_gd_mu']:.2f}" in text
    assert "1409232021050001" in text               # the key case (largest illegal 耕地)
    assert "上馆镇（2021年7月2日约谈，整改期限2021年8月1日，整改中）" in text
    assert "第1页共" in text                          # page numbers (reports/paging.py)
    # the second issue of the year, then the first of the next
    assert "2021年第2期" in render_briefing(ws, TODAY, pictures=False)
    assert "2022年第1期（周报）" in render_briefing(ws, dt.date(2022, 1, 3), kind="week", pictures=False)
    assert "2021年第3期" in render_briefing(ws, TODAY, pictures=False)


def test_no_internal_codes_or_raw_markup_in_the_briefing(ws):
    html = render_briefing(ws, TODAY, pictures=False, number=7)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    for code in ("new_build", "nonagri", "A1.", "None", "nan"):
        assert code not in html
    assert ws.meta_get("briefing_issue:2021") is None      # a given number takes none from the series


def test_talk_list_xlsx_is_a_form(ws, tmp_path):
    talks.set_criteria(ws, TalkCriteria(illegal_gd_mu=2.5, ratio=None, overdue=None, returned=None))
    assert talk_list(ws, TODAY)["乡镇"].tolist() == ["上馆镇"]      # 3 亩 illegal 耕地; the next has 2 亩
    talks.set_criteria(ws, TalkCriteria(illegal_gd_mu=2.0, ratio=None, overdue=None, returned=None))
    df = talk_list(ws, TODAY)
    assert df["乡镇"].tolist() == ["上馆镇", FORMULA]
    path = write_xlsx(tmp_path / "t.xlsx", {"警示约谈名单": df}, form=talk_form(ws, TODAY))
    sheet = openpyxl.load_workbook(path).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["代县警示约谈乡镇名单"]
    assert values[1][0].startswith("统计期间：截至2021年7月8日")
    assert values[2][:3] == ["序号", "乡镇", "违法占用耕地(亩)"]
    assert values[3][:2] == [1, "上馆镇"] and "尚未约谈" in values[3]
    flat = " ".join(str(v) for row in values for v in row)
    assert "列入条件（满足其一）：违法占用耕地（附件5扣除后）达到2亩" in flat
    assert "填报单位（盖章）：代县自然资源局" in flat and "合计" not in flat
    assert sheet.print_title_rows
    hostile = next(c for row in sheet.iter_rows() for c in row if c.value == FORMULA)
    assert hostile.data_type == "s"                 # a township name that looks like a formula stays text


def test_export_writes_the_briefing_and_the_talk_list(ws, tmp_path, qgis_app):
    from wpzf.reports.export import export_reports

    files = export_reports(ws, tmp_path / "out", today=TODAY, patch_records=False)
    names = {p.name for p in files}
    assert {"工作简报.pdf", "工作简报.html", "警示约谈名单.xlsx"} <= names
    assert "2021年第1期" in pdf_text(tmp_path / "out" / "工作简报.pdf").replace(" ", "")
    assert (tmp_path / "out" / "图表" / "工作简报-progress.png").exists() or "未安装" in (
        tmp_path / "out" / "工作简报.html").read_text("utf-8")


def test_returned_units_are_listed_with_who_returned_them(ws):
    with ws.transaction():
        ws.insert("wz_signoff", [
            {"TBID": ws.fids["a"], "ZT": "退回", "XTCS": 1, "THCS": 0, "SHYJ": "照片不清晰"},
            {"TBID": ws.fids["c"], "ZT": "通过", "XTCS": 1, "THCS": 2, "SJJB": "市级", "SJZT": "通过",
             "SJYJ": "补充三调截图", "SJQX": "2021-07-05"}])
    so = briefing_context(ws, TODAY)["signoff"]
    assert so["returned_count"] == 2
    rows = so["returned"].set_index("监测编号")
    assert rows.loc["1409232021050001", ["退回方", "县级退回(次)", "退回意见"]].tolist() == ["县级", 1, "照片不清晰"]
    assert rows.loc["1409232021050003", ["退回方", "上级退回(次)", "退回意见", "整改期限"]].tolist() == [
        "县级、市级", 2, "补充三调截图", "2021年7月5日"]
    assert so["summary"].set_index("乡镇").loc["合计", "上级退回"] == 2
    html = render_briefing(ws, TODAY, pictures=False, number=1)
    assert "补充三调截图" in html
    # the sentence's count is cumulative, by level; the table's column is the units returned now (the text said
    # 被退回3个 beside a table whose 退回 column read 0)
    assert so["county_returned"] == 2 and so["upper_returned"] == 1
    assert "累计被退回2个（县级退回2个、上级退回1个" in html and "当前退回" in so["summary"].columns
