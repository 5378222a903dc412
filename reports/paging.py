"""Printing a laid-out QTextDocument page by page, the way an office prints its forms.

``QTextDocument.print_`` neither numbers pages nor keeps a heading with what follows it, and it adds its
own 2 cm margins inside the printer's. Here the document is laid out on the printer itself (so fonts
and pixel lengths are scaled to its resolution), paginated to the page body, adjusted so that no
heading, caption or table header ends a page alone, and drawn one page at a time with QPainter, each
page with a footer "第 x 页 共 y 页". Table header rows (``<thead>``) repeat on every page by Qt.
"""
from __future__ import annotations

import html as htmllib
import re
from typing import Optional

from qgis.PyQt.QtCore import QRectF, QSize, QSizeF, Qt, QUrl
from qgis.PyQt.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImageReader,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

FOOTER = "第 {page} 页 共 {pages} 页"
IMAGE_PX = 900          # photos are embedded at most this many pixels a side (thumbnails, not originals)
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_BREAK = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
SMALL_TABLE = 0.3       # tables shorter than this share of a page are kept on one page


def read_images(html: str, size_for) -> list:
    """[(QUrl, QImage)] of each local image of ``html`` that can be read, upright; ``size_for(width, height,
    is_jpeg)`` gives the size to decode at, or None for the image's own. No document is touched, so this may
    run in another thread (QImage is not tied to one)."""
    out = []
    for m in _IMG.finditer(html):
        src = htmllib.unescape(m.group(2))
        url = QUrl(src)
        path = url.toLocalFile() if url.isLocalFile() else (src if url.scheme() == "" else "")
        if not path:
            continue
        reader = QImageReader(path)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            want = size_for(size.width(), size.height(), bytes(reader.format()).lower() in (b"jpeg", b"jpg"))
            if want is not None:
                reader.setScaledSize(QSize(*want))
        image = reader.read()
        if not image.isNull():   # images that cannot be read are left to Qt
            out.append((url, image))
    return out


def add_images(doc: QTextDocument, images: list) -> None:
    kind = QTextDocument.ResourceType.ImageResource
    for url, image in images:
        doc.addResource(int(getattr(kind, "value", kind)), url, image)   # an int on Qt5 and Qt6


def load_images(doc: QTextDocument, html: str, max_px: int = IMAGE_PX) -> None:
    """Give ``doc`` every local image of ``html`` as a scaled, upright copy, so that a PDF carries
    thumbnails and not the camera's full-size files. Images that cannot be read are left to Qt."""
    def size_for(width, height, _jpeg):
        if max(width, height) <= max_px:
            return None
        s = max_px / max(width, height)
        return max(1, round(width * s)), max(1, round(height * s))

    add_images(doc, read_images(html, size_for))


def _top(doc: QTextDocument, block, layout=None) -> float:
    """Where the block's first line is printed: a line Qt pushed onto the next page sits below the block's
    own position (the block keeps its place, its line moves)."""
    y = (layout or doc.documentLayout()).blockBoundingRect(block).top()
    lines = block.layout()
    return y + lines.lineAt(0).y() if lines is not None and lines.lineCount() else y


def _items(doc: QTextDocument) -> list:
    """The document's flow: ("block", block) for a paragraph or heading, ("table", table) per table."""
    items, seen = [], set()
    b = doc.begin()
    while b.isValid():
        table = QTextCursor(b).currentTable()
        if table is None:
            if b.text().strip() or b.blockFormat().headingLevel():
                items.append(("block", b))
        else:
            if table.firstPosition() not in seen:
                seen.add(table.firstPosition())
                items.append(("table", table))
            if not table.childFrames():
                # no table inside: none of its other blocks adds an item, so the look jumps past its cells
                # (a cursor per cell block was most of the cost of reading a form's flow)
                after = doc.findBlock(table.lastPosition() + 1)
                if after.isValid() and after.position() > b.position():
                    b = after
                    continue
        b = b.next()
    return items


def _row_top(doc: QTextDocument, table, row: int, layout=None) -> float:
    return _top(doc, table.cellAt(row, 0).firstCursorPosition().block(), layout)


def _first_body_row(table) -> int:
    return min(table.format().headerRowCount(), table.rows() - 1)


def _signature_line(item) -> bool:
    kind, b = item
    return kind == "block" and b.layout() is not None and b.layout().lineCount() == 1 \
        and bool(b.blockFormat().alignment() & Qt.AlignmentFlag.AlignRight)


def _keeps_with_next(items: list, k: int) -> bool:
    """Headings and a one-line paragraph right before a table (its caption) stay with what follows; a
    signature (right-aligned lines: office, date) stays together and takes a short paragraph before it
    along, so that it never stands alone on a page."""
    kind, b = items[k]
    if kind != "block" or k + 1 >= len(items):
        return False
    if b.blockFormat().headingLevel() > 0:
        return True
    lines = b.layout().lineCount() if b.layout() is not None else 0
    if items[k + 1][0] == "table":
        return lines == 1
    if _signature_line(items[k]):
        return _signature_line(items[k + 1])
    # the body's last short paragraphs (up to two, e.g. a closing line and a note) go with the signature
    return lines <= 3 and any(_signature_line(it) for it in items[k + 1:k + 3])


def keep_with_next(doc: QTextDocument, page_height: float, max_rounds: int = 200) -> int:
    """Insert page breaks so that no heading or caption ends a page without the first line (or first
    table row) that follows it, no table header row ends a page without a body row, and a small table
    is not split. Returns the number of breaks added (``max_rounds`` at most). Each break lays the rest of the
    document out again, so the layout is current when it returns."""
    added = 0

    def page_of(y: float) -> int:
        return int(y // page_height)

    def at_page_top(y: float) -> bool:
        return y - page_of(y) * page_height < page_height * 0.05

    # The flow is read once: a break changes formats, not blocks or tables, and nothing above it moves, so
    # the look goes on after the break once the rest is laid out again (not from the top each time).
    items = _items(doc)
    layout = doc.documentLayout()   # the same object throughout (asking Qt for it each time costs)
    k = 0
    while k < len(items) and added < max_rounds:
        j = k
        while j < len(items) and _keeps_with_next(items, j):
            j += 1
        if j >= len(items):
            break
        kind, obj = items[j]
        move = None   # the block or table a break is added before
        if kind == "table":
            target, head = _row_top(doc, obj, _first_body_row(obj), layout), _row_top(doc, obj, 0, layout)
        else:
            target = head = _top(doc, obj, layout)
        if j > k:   # a chain of headings/captions before items[j]
            start = items[k][1]
            y = _top(doc, start, layout)
            if page_of(target) > page_of(y) and not at_page_top(y) \
                    and not start.blockFormat().pageBreakPolicy() & _BREAK:
                move = items[k]
        elif kind == "table" and not at_page_top(head) and not obj.format().pageBreakPolicy() & _BREAK:
            # a header row without a body row, or a small table (a photo card, the signature block)
            # across a page break: the table starts on the next page
            bottom = layout.frameBoundingRect(obj).bottom() - 1
            small = bottom - head < page_height * SMALL_TABLE
            if page_of(target) > page_of(head) or (small and page_of(bottom) > page_of(head)):
                move = items[j]
        if move is not None:
            added += 1
            _break_before(doc, *move)   # and the rest laid out again before the next look
        k = j + 1
    return added


def _break_before(doc: QTextDocument, kind: str, obj) -> None:
    """Start the block or table ``obj`` on a new page and lay the rest of the document out again. The format
    change and the marking of the rest share one edit block, so Qt lays out once from the break (not the changed
    block first and then the rest)."""
    edit = QTextCursor(doc)
    edit.beginEditBlock()
    try:
        if kind == "table":
            fmt = obj.format()
            fmt.setPageBreakPolicy(_BREAK)
            obj.setFormat(fmt)
            moved = obj.firstPosition()
        else:
            fmt = obj.blockFormat()
            fmt.setPageBreakPolicy(_BREAK)
            QTextCursor(obj).setBlockFormat(fmt)
            moved = obj.position()
        start = max(0, moved - 1)
        doc.markContentsDirty(start, doc.characterCount() - start)
    finally:
        edit.endEditBlock()
    doc.pageCount()   # the layout done now, as ``_laid_out_pages`` leaves it


def _laid_out_pages(doc: QTextDocument, start: int = 0) -> int:
    """The page count once the document is laid out again from position ``start``. After a format change
    Qt re-lays out only the changed block and leaves later ones collapsed; marking the rest dirty redoes it."""
    doc.markContentsDirty(start, doc.characterCount() - start)
    return doc.pageCount()


def _footer_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() - 1))
    return small


def page_body(writer, font: QFont) -> QSizeF:
    """The part of ``writer``'s page the document flows into: the page less the footer "第 x 页 共 y 页" in a
    point smaller than ``font``."""
    footer_h = QFontMetricsF(_footer_font(font), writer).height() * 2.2
    return QSizeF(float(writer.width()), float(writer.height()) - footer_h)


def print_html(html: str, writer, font_family: Optional[str] = None, point_size: float = 9.0) -> int:
    """Lay ``html`` out on ``writer`` (render.pdf_document) with the page body set before the HTML, so Qt lays
    it out once, and print it with ``print_pages``. Returns the number of pages."""
    from .fonts import pdf_font_family
    from .render import pdf_document

    font = QFont(font_family or pdf_font_family())   # as pdf_document builds it, for the footer's height
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    doc, font = pdf_document(html, writer, font_family, point_size, page_size=page_body(writer, font))
    return print_pages(doc, writer, font)


def print_pages(doc: QTextDocument, writer, font: QFont) -> int:
    """Paginate ``doc`` (already given ``writer`` as its layout's paint device, and ideally ``page_body`` as
    its page size before its HTML: see ``print_html``) and draw it onto ``writer`` page by page with the
    page-number footer. Returns the number of pages."""
    body = page_body(writer, font)
    width, body_h = body.width(), body.height()
    small = _footer_font(font)
    footer_h = QFontMetricsF(small, writer).height() * 2.2
    if doc.pageSize() != body:   # a new page size lays the whole document out again
        doc.setPageSize(body)
    keep_with_next(doc, body_h)
    pages = doc.pageCount()
    painter = QPainter(writer)
    try:
        for i in range(pages):
            if i:
                writer.newPage()
            painter.save()
            painter.translate(0, -i * body_h)
            doc.drawContents(painter, QRectF(0, i * body_h, width, body_h))
            painter.restore()
            painter.setFont(small)
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(QRectF(0, body_h, width, footer_h),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                             FOOTER.format(page=i + 1, pages=pages))
    finally:
        painter.end()
    return pages
