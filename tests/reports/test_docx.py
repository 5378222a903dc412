"""The .docx reports, read back with python-docx: the figures in paragraphs and table cells, East Asian
fonts on the styles, placeholders highlighted, hostile text literal; and the message without python-docx."""
import datetime as dt
import importlib.util

import pytest

from wpzf.reports import docx_export
from wpzf.store.determinations import workspace_accountability

from .conftest import FORMULA, SCRIPT

needs_docx = pytest.mark.skipif(importlib.util.find_spec("docx") is None,
                                reason="python-docx not installed (pip install python-docx / apt install python3-docx)")
TODAY = dt.date(2021, 7, 8)


def read(path):
    import docx

    doc = docx.Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    return doc, paragraphs, cells


@needs_docx
def test_half_year_docx(ws, tmp_path):
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn

    out = tmp_path / "out"
    out.mkdir()
    path = docx_export.write_half_year_docx(ws, 2021, out / "半年报告.docx", TODAY, problems=[f"{SCRIPT} 待整改"],
                                            doc_number="代卫执办〔2021〕12号")
    assert path.exists() and sorted(p.name for p in out.iterdir()) == ["半年报告.docx"]  # no temporary left
    doc, paragraphs, cells = read(path)
    text = "\n".join(paragraphs)
    assert paragraphs[:3] == ["代卫执办〔2021〕12号", "", "关于代县2021年上半年自然资源卫片执法工作情况的报告"]
    assert doc.paragraphs[2].alignment == 1  # centred
    assert doc.paragraphs[1]._p.pPr.find(qn("w:pBdr")) is not None  # the red rule under the number
    for s in ("共接收卫片执法图斑3个", "部级图斑3个、省级图斑0个", "占用耕地5.00亩、占用永久基本农田1.25亩",
              "违法占用耕地面积比例为100.00%", "未纳入问责范围", "暂无整改记录", f"{SCRIPT} 待整改", "2021年7月8日"):
        assert s in text, s
    assert ["新增建设用地违法", "3"] == cells[next(i for i, r in enumerate(cells) if r[0] == "新增建设用地违法")][:2]
    assert any(r[0] == FORMULA for r in cells)  # township named like a formula: plain text in a cell
    assert any(r[:3] == ["违法占用耕地面积比例", "100.00%", "100.00%"] for r in cells)
    fill = [p for p in doc.paragraphs if p.text.startswith("【待县卫片办填写】")]
    assert len(fill) == 1 and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in fill[0].runs)
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == docx_export.BODY_FONT
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == docx_export.HEADING_FONT
    assert abs(doc.sections[0].page_width.mm - 210) < 0.5


@needs_docx
def test_annual_and_accountability_docx(ws, tmp_path):
    files, message = docx_export.export_docx(ws, tmp_path, 2021, dt.date(2022, 3, 1))
    assert message is None and sorted(p.name for p in files) == ["半年报告.docx", "年度报告.docx", "问责测算.docx"]
    _, paragraphs, _ = read(tmp_path / "年度报告.docx")
    text = "\n".join(paragraphs)
    assert "关于代县2021年度自然资源卫片执法工作情况的报告" in text and "2022年3月10日前" in text
    assert "“增违挂钩”情况：年度内违法占用耕地且未能消除违法状态的面积为5.00亩" in text
    doc, paragraphs, cells = read(tmp_path / "问责测算.docx")
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    assert "代县耕地保护问责测算表（附件5）" in paragraphs
    before = next(r for r in cells if r[0] == "扣除前")
    assert before[1] == "5.00" and before[2] == "5.00"
    assert any(r[0] == "扣除后" and "100.00%" in r[-1] for r in cells)
    assert any("代县" in p for p in paragraphs)
    assert workspace_accountability(ws).of_level("county")[0].numerator == pytest.approx(5.0)


@needs_docx
def test_html_subset_conversion(tmp_path):
    html = ('<html><head><title>x</title><style>p { color: red; }</style></head><body><h1>标题</h1>'
            '<p class="t">正文 &lt;b&gt;不是粗体&lt;/b&gt; <b>粗体</b>　全角空格</p>'
            '<table><tr><th>甲</th><th>乙</th><th>丙</th></tr><tr><td class="num">1</td>'
            '<td colspan="2">合并</td></tr></table><table class="rule"><tr><td>&nbsp;</td></tr></table>'
            '<p>末段</p></body></html>')
    _, paragraphs, cells = read(docx_export.html_to_docx(html, tmp_path / "x.docx"))
    assert paragraphs[0] == "标题" and "正文 <b>不是粗体</b> 粗体　全角空格" in paragraphs
    assert "p { color: red; }" not in "".join(paragraphs) and paragraphs[-1] == "末段"
    assert cells == [["甲", "乙", "丙"], ["1", "合并", "合并"]]  # the rule is a paragraph border, not a table


def test_without_python_docx(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(docx_export, "docx_available", lambda: False)
    files, message = docx_export.export_docx(ws, tmp_path / "out", 2021, TODAY)
    assert files == [] and not (tmp_path / "out").exists()
    assert "pip install python-docx" in message and "apt install python3-docx" in message
    with pytest.raises(docx_export.DocxUnavailable, match="python-docx"):
        docx_export.write_annual_docx(ws, 2021, tmp_path / "a.docx", TODAY)
