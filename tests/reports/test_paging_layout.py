"""reports/paging.py: the page body set before the HTML (one layout) and no relayout after keep_with_next print
the same pages as laying the document out again; headings, captions and table headers never end a page."""
import subprocess

import pytest

from wpzf.reports import paging, render

from .test_render import needs_poppler


def _html(fill: int) -> str:
    """Sections of ``fill``+k paragraphs, a heading, a caption and a table with a header row: with fills that
    differ by a line or two, some heading or table lands at the foot of a page."""
    parts = []
    for k in range(6):
        parts += [f"<p>第{k}节正文第{i}段：图斑核查情况说明。</p>" for i in range(fill + 7 * k)]
        rows = "".join(f"<tr><td>14092320210500{r:02d}</td><td>{r}.00</td></tr>" for r in range(12 + k))
        parts += [f"<h2>第{k}节</h2>", f"<p>表{k} 图斑清单</p>",
                  f"<table border='1'><thead><tr><th>监测编号</th><th>面积</th></tr></thead>{rows}</table>"]
    parts += ["<p>以上情况属实。</p>", "<p align='right'>代县自然资源局</p>", "<p align='right'>2021年7月1日</p>"]
    return "<html><body>" + "".join(parts) + "</body></html>"


def _layout(doc) -> list:
    """Every block's printed top and line count: what the pages show."""
    out, b = [], doc.begin()
    while b.isValid():
        out.append((round(paging._top(doc, b), 3), b.layout().lineCount() if b.layout() else 0))
        b = b.next()
    return out


def _document(html, tmp_path, before: bool):
    from qgis.PyQt.QtGui import QFont

    writer = render.pdf_writer(tmp_path / "x.pdf")
    font = QFont(render.pdf_font_family())
    font.setPointSizeF(9.0)
    body = paging.page_body(writer, font)
    doc, font = render.pdf_document(html, writer, page_size=body if before else None)
    if not before:
        doc.setPageSize(body)
    return writer, doc, body


@pytest.mark.parametrize("fill", range(40, 70, 2))
def test_no_relayout_needed_after_keep_with_next(fill, tmp_path, qgis_app):
    writer, doc, body = _document(_html(fill), tmp_path, before=True)
    added = paging.keep_with_next(doc, body.height())
    laid, pages = _layout(doc), doc.pageCount()
    paging._laid_out_pages(doc)                       # the whole document laid out again changes nothing
    assert (_layout(doc), doc.pageCount()) == (laid, pages)
    # and the same as laying it out after the HTML, then setting the page size (one layout more)
    _device, other, _ = _document(_html(fill), tmp_path, before=False)   # the writer outlives its layout
    assert paging.keep_with_next(other, body.height()) == added
    assert (_layout(other), other.pageCount()) == (laid, pages)
    # no heading or caption ends a page: it is on the page of the first line or body row after it
    items = paging._items(doc)
    page = lambda y: int(y // body.height())   # noqa: E731
    for k, (kind, obj) in enumerate(items[:-1]):
        if kind == "block" and obj.blockFormat().headingLevel():
            nxt_kind, nxt = items[k + 1]
            assert nxt_kind == "block"              # the caption, then the table
            table = items[k + 2][1]
            assert page(paging._top(doc, obj)) == page(paging._top(doc, nxt)) \
                == page(paging._row_top(doc, table, paging._first_body_row(table)))


def test_some_fill_breaks_before_a_heading_and_a_table(tmp_path, qgis_app):
    added = []
    for fill in range(40, 70, 2):
        writer, doc, body = _document(_html(fill), tmp_path, before=True)
        added.append(paging.keep_with_next(doc, body.height()))
    assert sum(added) >= 3 and min(added) < max(added), added   # the cases above do move headings


def _pngs(pdf, out):
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out)], check=True)
    return sorted(out.parent.glob(out.name + "-*.png"))


@needs_poppler
def test_print_html_prints_what_print_pages_printed(tmp_path, qgis_app):
    """print_html (page body before the HTML) against a document laid out first and then given its page size:
    the same pages, pixel for pixel, footers included."""
    from qgis.PyQt.QtGui import QImage

    html = _html(46)
    writer = render.pdf_writer(tmp_path / "once.pdf")
    assert paging.print_html(html, writer) >= 3
    del writer
    writer = render.pdf_writer(tmp_path / "twice.pdf")
    doc, font = render.pdf_document(html, writer)
    paging.print_pages(doc, writer, font)
    del writer, doc
    once, twice = _pngs(tmp_path / "once.pdf", tmp_path / "once"), _pngs(tmp_path / "twice.pdf", tmp_path / "twice")
    assert len(once) == len(twice) >= 3
    for a, b in zip(once, twice):
        assert QImage(str(a)) == QImage(str(b)), a.name
