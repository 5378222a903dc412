"""Reports as forms the office files: titles with county, period and batch; the signature block; page
numbers on every PDF page; no heading alone at a page foot; header rows repeated; xlsx print setup, 合计
rows adding up to what is printed; the record form's photos (China time, thumbnails); letters with 文号,
seal box and 抄送; the note when a split patch makes units outnumber patches."""
import datetime as dt
import re
import subprocess
import unicodedata

import openpyxl
import pandas as pd
import pytest

from wpzf.reports import render
from wpzf.reports.forms import FormHeader, header_rows, split_note
from wpzf.reports.xlsx import ROUNDING_NOTE, printable, write_xlsx

from .test_render import dark_pixels, needs_poppler

D = dt.date
SIGNATURE = ("填报单位", "填表人", "审核人", "日期")
FOOTER = re.compile(r"第(\d+)[页⻚]共(\d+)[页⻚]")   # ⻚: Qt's text layer may name the radical (reports/fonts.py)


def pages_text(pdf) -> list[str]:
    """Each page's text, NFKC, without whitespace (Chinese wraps anywhere)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = unicodedata.normalize("NFKC", out).split("\f")
    return ["".join(p.split()) for p in pages if p.strip()]


def page_lines(pdf) -> list[list[str]]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = unicodedata.normalize("NFKC", out).split("\f")
    return [[ln.strip() for ln in p.splitlines() if ln.strip()] for p in pages if p.strip()]


def assert_numbered(pdf) -> int:
    pages = pages_text(pdf)
    assert pages
    for i, text in enumerate(pages, start=1):
        found = FOOTER.findall(text)
        assert found == [(str(i), str(len(pages)))], (i, text[-60:])
    return len(pages)


def split_first(ws):
    import shapely

    from wpzf.store.determinations import determine_patches
    from wpzf.store.parts import split_patch

    a = ws.fids["a"]
    geom = ws.get("wz_patch", a, geometry=True)["geom"]
    x0, y0, x1, y1 = geom.bounds
    mid = (x0 + x1) / 2
    split_patch(ws, a, [shapely.clip_by_rect(geom, x0, y0, mid, y1), shapely.clip_by_rect(geom, mid, y0, x1, y1)])
    determine_patches(ws, [a])


# ---- PDF pagination -----------------------------------------------------------------------------------
@needs_poppler
@pytest.mark.parametrize("lead", range(30, 48, 3))
def test_every_page_numbered_headings_kept_headers_repeated(tmp_path, qgis_app, lead):
    """Whatever falls where, each page says 第 x 页 共 y 页, no heading is the last line of a page, and a
    table's header row starts every page the table runs onto."""
    rows = "".join(f"<tr><td>上磨坊乡{i:02d}</td><td class='num'>{i}</td></tr>" for i in range(70))
    html = ("<h1>标题</h1>" + "<p>正文段落</p>" * lead + "<h2>一、分乡镇表</h2>"
            "<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead><tr><th>乡镇</th><th>图斑数</th>"
            "</tr></thead>" + rows + "</table><h2>二、结尾</h2><p>结束语</p>")
    pdf = render.html_to_pdf(html, tmp_path / "p.pdf")
    n = assert_numbered(pdf)
    assert n >= 2
    lines = page_lines(pdf)
    for page in lines:
        body = [ln for ln in page if not FOOTER.search("".join(ln.split()))]
        assert body[-1] not in ("一、分乡镇表", "二、结尾", "乡镇 图斑数"), body[-3:]
        assert not (body[-1].startswith("乡镇") and "图斑数" in body[-1]), body[-3:]   # a header row alone
    for page in lines[1:]:
        if any(ln.startswith("上磨坊乡") for ln in page):
            first_row = next(k for k, ln in enumerate(page) if ln.startswith("上磨坊乡"))
            assert any("乡镇" in ln and "图斑数" in ln for ln in page[:first_row]), page[:first_row + 1]
    assert dark_pixels(pdf) > 500


def test_two_level_header_for_count_and_area_pairs():
    rows = header_rows(["乡镇", "新增建设用地违法(个)", "新增建设用地违法(亩)", "违法占用耕地(亩)"])
    assert [(c["text"], c["colspan"], c["rowspan"]) for c in rows[0]] == [
        ("乡镇", 1, 2), ("新增建设用地违法", 2, 1), ("违法占用耕地(亩)", 1, 2)]
    assert [c["text"] for c in rows[1]] == ["个", "亩"]
    assert [len(r) for r in header_rows(["a", "b"])] == [2]


# ---- 月度统计 ----------------------------------------------------------------------------------------
@needs_poppler
def test_monthly_statistics_is_a_form(ws, tmp_path, qgis_app):
    html = render.render_monthly_statistics(ws, D(2021, 7, 1))
    assert "生成时间" not in html
    pdf = render.html_to_pdf(html, tmp_path / "m.pdf", orientation="landscape")
    text = "".join(pages_text(pdf))
    assert "代县卫片执法月度统计表" in text and "2021年7月" in text and "批次:全部(" in text
    assert all(label in text for label in SIGNATURE), text
    assert "代县自然资源局" in text and "2021年7月1日" in text
    assert_numbered(pdf) and dark_pixels(pdf) > 500
    # township names on one line: each name appears whole in the text layer, beside its figures
    for name in ("上馆镇", "聂营镇"):
        assert any(ln.startswith(name) for page in page_lines(pdf) for ln in page), name


def test_split_patch_note(ws):
    assert split_note(ws) == "" and "分割" not in render.render_monthly_statistics(ws, D(2021, 7, 1))
    split_first(ws)
    note = "3个图斑，其中1个图斑分割为2个部分认定，共4个认定单元"
    assert split_note(ws) == note
    assert note in render.render_monthly_statistics(ws, D(2021, 7, 1))


def test_printed_totals_are_the_unrounded_sums_and_say_so(tmp_path):
    """Every document prints the same total for the same quantity: the 合计 is the unrounded sum rounded once (a
    ledger summing its 123 rounded rows printed 767.39 亩 where the annual report printed 767.43); where the shown
    rows then do not add up to it, the form's notes say why."""
    df = pd.DataFrame({"乡镇": ["甲", "乙", "丙", "合计"], "图斑数": [1, 1, 1, 3],
                       "违法占用耕地(亩)": [1.004, 1.004, 1.004, 3.012], "比例(%)": [1.0, 2.0, 3.0, 6.0]})
    out = printable(df)
    assert list(out["违法占用耕地(亩)"]) == [1.0, 1.0, 1.0, 3.01] and out.attrs["rounding_note"]
    assert not printable(df.iloc[:1]).attrs.get("rounding_note")
    form = FormHeader(county="代县", period="截至2021年7月1日", batch="全部", office="代县自然资源局", date="2021年7月1日")
    sh = openpyxl.load_workbook(write_xlsx(tmp_path / "n.xlsx", {"月度统计": df}, form=form))["月度统计"]
    assert any(ROUNDING_NOTE in str(c.value) for row in sh.iter_rows() for c in row if c.value)
    plain = pd.DataFrame({"监测编号": ["a", "b"], "面积(亩)": [0.125, 2.004], "立案天数": [3, 4], "罚款(元)": [1, 2]})
    total = printable(plain, total=True).iloc[-1]
    assert list(printable(plain)["面积(亩)"]) == [0.13, 2.0]           # 四舍五入: 0.125 → 0.13
    assert total["监测编号"] == "合计" and total["面积(亩)"] == 2.13 and total["罚款(元)"] == 3
    assert list(printable(pd.DataFrame({"面积(亩)": [1.005, -1.005]}))["面积(亩)"]) == [1.01, -1.01]
    assert pd.isna(total["立案天数"])                                   # days do not add up


# ---- xlsx ----------------------------------------------------------------------------------------------
def test_xlsx_form_print_setup_title_total_signature(tmp_path):
    form = FormHeader(county="代县", period="截至2021年7月1日", batch="全部", office="代县自然资源局",
                      date="2021年7月1日", notes=("3个图斑，其中1个图斑分割为2个部分认定，共4个认定单元",))
    narrow = pd.DataFrame({"监测编号": ["1409232021050001", "1409232021050002", "1409232021050003"],
                           "面积(亩)": [1.006, 2.004, 0.333]})
    wide = pd.DataFrame({f"很长的列名第{k}列(亩)": [1.0, 2.0] for k in range(12)})
    path = write_xlsx(tmp_path / "f.xlsx", {"违法用地台账": narrow, "宽表": wide}, form=form)
    wb = openpyxl.load_workbook(path)
    sh = wb["违法用地台账"]
    assert sh["A1"].value == "代县违法用地台账" and sh["A1"].font.b
    assert sh["A2"].value == "统计期间：截至2021年7月1日　　批次：全部"
    assert [c.value for c in sh[3]] == ["监测编号", "面积(亩)"] and sh.freeze_panes == "A4"
    assert sh.print_title_rows == "3:3"
    ps = sh.page_setup
    assert ps.paperSize == 9 and ps.orientation == "portrait" and ps.fitToWidth == 1 and ps.fitToHeight == 0
    assert sh.sheet_properties.pageSetUpPr.fitToPage
    values = [sh.cell(r, 2).value for r in range(4, 7)]
    assert values == [1.01, 2.0, 0.33] and all(sh.cell(r, 2).number_format == "0.00" for r in range(4, 7))
    assert sh["A7"].value == "合计" and sh["B7"].value == 3.34 == round(sum(values), 2) and sh["A7"].font.b
    texts = [str(c.value) for row in sh.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("注：3个图斑") for t in texts)
    for label in SIGNATURE:
        assert any(label in t for t in texts), label
    assert any("代县自然资源局" in t for t in texts) and any("2021年7月1日" in t for t in texts)
    assert wb["宽表"].page_setup.orientation == "landscape"


def test_plain_xlsx_keeps_header_in_row_one_with_print_setup(tmp_path):
    """Data workbooks read back (the roster) stay plain tables, but print properly too."""
    path = write_xlsx(tmp_path / "p.xlsx", {"乡镇": pd.DataFrame({"名称": ["上馆镇"], "面积(亩)": [1.005]})})
    sh = openpyxl.load_workbook(path)["乡镇"]
    assert [c.value for c in sh[1]] == ["名称", "面积(亩)"] and sh.max_row == 2
    assert sh.page_setup.paperSize == 9 and sh.print_title_rows == "1:1"


def test_exported_workbooks_are_forms(ws, tmp_path, qgis_app):
    from wpzf.reports.export import export_reports

    split_first(ws)
    export_reports(ws, tmp_path, D(2021, 7, 1), patch_records=False)
    sh = openpyxl.load_workbook(tmp_path / "月度统计.xlsx")["月度统计"]
    assert sh["A1"].value == "代县卫片执法月度统计表" and "2021年7月" in sh["A2"].value
    header = [c.value for c in sh[3]]
    rows = [[c.value for c in r] for r in sh.iter_rows(min_row=4)]
    body = [r for r in rows if r[0] not in (None, "合计") and not str(r[0]).startswith(("注", "填报"))]
    total = next(r for r in rows if r[0] == "合计")
    for j, col in enumerate(header):
        if "亩" in str(col):
            assert all(v is None or round(v, 2) == v for v in (r[j] for r in body)), col
            # the unrounded sum rounded once: within half a hundredth per row of the shown rows' sum, and said so
            assert abs(total[j] - sum(r[j] or 0 for r in body)) <= 0.005 * len(body) + 1e-9, col
    if any(total[j] != round(sum(r[j] or 0 for r in body), 2) for j, col in enumerate(header) if "亩" in str(col)):
        assert any(ROUNDING_NOTE in str(v) for r in rows for v in r if v is not None)
    texts = [str(v) for r in rows for v in r if v is not None]
    assert any("其中1个图斑分割为2个部分认定" in t for t in texts)
    assert any("审核人" in t for t in texts)
    for book in ("违法用地台账", "矿产执法台账", "问责测算", "案件登记台账"):
        wb = openpyxl.load_workbook(tmp_path / f"{book}.xlsx")
        for sheet in wb:
            assert str(sheet["A1"].value).startswith("代县"), (book, sheet.title)
            assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows, (book, sheet.title)
    acc = openpyxl.load_workbook(tmp_path / "问责测算.xlsx").active
    assert "合计" not in [c.value for c in acc["A"]]       # 附件5 lines are not summands
    for pdf in ("月度统计", "问责测算", "整改进展报告", "半年报告"):
        assert_numbered(tmp_path / f"{pdf}.pdf")
    acc_text = "".join(pages_text(tmp_path / "问责测算.pdf"))
    assert "代县耕地保护问责测算表(附件5)" in acc_text and all(s in acc_text for s in SIGNATURE)


# ---- 核查记录表 -----------------------------------------------------------------------------------------
@needs_poppler
def test_record_form_photos_in_china_time_with_thumbnails(ws, tmp_path, qgis_app):
    from pathlib import Path

    from qgis.PyQt.QtGui import QColor, QImage

    a = ws.fids["a"]
    folder = Path(ws.location).parent / "attachments"
    folder.mkdir(exist_ok=True)
    image = QImage(2400, 1600, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 30, 30))
    assert image.save(str(folder / "IMG_0001.jpg"), "JPG")
    with ws.transaction():
        ws.insert("wz_photo", [{"TBID": a, "WJLJ": "attachments/IMG_0001.jpg", "YWJM": "IMG_0001.jpg", "SHA": "s1",
                                "PSSJ": "2021-06-25T02:30:00.000Z", "FX": 93.0, "SB": "deviceA"}])
    ctx = render.patch_record_context(ws, a)
    (photo,) = ctx["photos"]
    assert photo["time"] == "2021-06-25 10:30" and photo["direction"] == "东（93°）"
    assert photo["src"].startswith("file://") and photo["src"].endswith("IMG_0001.jpg")
    html = render.render_patch_record(ws, a)
    assert "<img" in html and "拍摄时间（北京时间）" in html and "UTC" not in html
    pdf = render.html_to_pdf(html, tmp_path / "r.pdf")
    text = "".join(pages_text(pdf))
    assert "2021-06-2510:30" in text and "02:30" not in text and "东(93°)" in text
    assert "代县卫片执法图斑核查记录表" in text and all(s in text for s in SIGNATURE)
    assert_numbered(pdf) and dark_pixels(pdf) > 500
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True).stdout.decode()
    sizes = [tuple(map(int, ln.split()[3:5])) for ln in images.splitlines()[2:]]
    assert sizes and max(max(s) for s in sizes) <= 900          # a thumbnail, not the 2400 px original


# ---- letters -------------------------------------------------------------------------------------------
@needs_poppler
def test_referral_letter_has_number_seal_cc_and_no_timestamp(ws, tmp_path, qgis_app):
    from wpzf.core.referrals import AGRICULTURE, INBOUND, OUTBOUND, TRANSPORT, Referral
    from wpzf.reports.casework import render_referral_letters
    from wpzf.store import registers

    registers.save_referral(ws, ws.fids["c"], Referral("", AGRICULTURE, OUTBOUND, D(2021, 6, 8),
                                                       doc_no="代自然资函〔2021〕9号", reason="占用耕地"))
    registers.save_referral(ws, ws.fids["b"], Referral("", TRANSPORT, INBOUND, D(2021, 6, 6)))
    letters = dict(render_referral_letters(ws, D(2021, 8, 1)))
    out = letters["移交函_农业农村局_代自然资函〔2021〕9号"]
    assert "生成时间" not in out and "填表人" not in out
    pdf = render.html_to_pdf(out, tmp_path / "l.pdf")
    text = "".join(pages_text(pdf))
    assert "代自然资函〔2021〕9号" in text and "2021年6月8日" in text and "(印章)" in text
    assert "抄送:代县自然资源卫片执法监督检查工作领导小组办公室" in text and "生成时间" not in text
    assert_numbered(pdf) and dark_pixels(pdf) > 500
    unnumbered = letters["商请函_交通运输局"]
    assert "代自然资函〔" in unnumbered and "生成时间" not in unnumbered   # a blank 文号 to fill in


def test_ledger_page_as_a_form(ws):
    from wpzf.reports.forms import form_header
    from wpzf.reports.ledgers import illegal_ledger

    html = render.frame_html(illegal_ledger(ws), "违法用地台账", form=form_header(ws, D(2021, 7, 1)))
    assert "<h1>代县违法用地台账</h1>" in html and "截至2021年7月1日" in html
    assert "<thead>" in html and ">合计<" in html and "审核人" in html and "生成时间" not in html


def test_a_form_header_made_after_midnight_in_china_is_dated_that_day(monkeypatch, tmp_path):
    from wpzf.core import dates
    from wpzf.reports.forms import form_header
    from wpzf.store import create_workspace

    late = dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.timezone.utc)   # 2026-12-04 01:30 in Beijing
    monkeypatch.setattr(dates, "_utc_now", lambda: late)
    ws = create_workspace(tmp_path / "ws.gpkg")
    try:
        h = form_header(ws)
        assert h.date == "2026年12月4日" and h.period == "截至2026年12月4日"
    finally:
        ws.close()
