"""核查记录表 drawn onto a PDF one form after another: one file per patch, or many forms in one file with a
bookmark (PDF outline entry) naming each form's 监测编号.

Each form is laid out and paginated exactly as ``render.html_to_pdf`` prints it (same writer, font, keep-with-next
rules and "第 x 页 共 y 页" footer, counted per form). What a file costs beyond its pages is Qt embedding the
subset of the CJK font it used when the file is closed (≈ 16 ms, more than laying out and drawing a form):
many forms in one file pay it once. A photo is decoded once per form at the size every report prints it
(reports/paging.load_images: 900 px a side), or — where its proportions are exactly the same, as for 4:3 camera
pictures — at the nearest size the JPEG decoder reaches by itself (½, ¼, ⅛ of the original, ≥ 900 px), which
skips rescaling the decoded picture: Qt prints a photo as high as its pixels' proportions say, so every line and
cell stays where it was and only the photo's own pixels differ (a few more of them). Scaling to the 782 px the form
draws, fewer pixels, would change the rows' heights by rounding, and so the pages. ``decode_photos`` touches no
document, so the photos of the next forms can be decoded in a thread (reports/record_forms.py).

Qt (5 and 6) writes no outline, so the bookmarks are appended afterwards as an incremental update of the file
(the PDF standard's way of adding to a finished file: new objects, a new catalog, a cross-reference section
for them). Needs a running Qt application.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from .files import atomic_file
from .render import PathLike, pdf_document, pdf_writer


class FormPdf:
    """A PDF being written: ``add`` draws one form's pages; ``finish`` closes the file (embeds the font)."""

    def __init__(self, path: PathLike, font_family: Optional[str] = None, point_size: float = 9.0):
        from qgis.PyQt.QtGui import QFont, QFontMetricsF

        from .fonts import pdf_font_family

        self.writer = pdf_writer(path)
        self.family, self.point_size = font_family or pdf_font_family(), point_size
        self.painter = None
        self.pages = 0                               # pages drawn so far, all forms
        self.entries: list[tuple[str, int]] = []     # (bookmark title, first page index) per form
        self.small = QFont(self.family)              # the footer's font, as reports/paging.print_pages
        self.small.setPointSizeF(max(6.0, point_size - 1))
        self.small.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.width = float(self.writer.width())
        self.footer_h = QFontMetricsF(self.small, self.writer).height() * 2.2
        self.body_h = float(self.writer.height()) - self.footer_h

    def add(self, html: str, title: str = "", photos: Optional[list] = None) -> int:
        """Lay out ``html`` and draw its pages after those already drawn; returns its page count. ``photos``:
        ``decode_photos(html)`` when already decoded (e.g. in another thread while the last form was drawn)."""
        from qgis.PyQt.QtCore import QRectF, QSizeF, Qt
        from qgis.PyQt.QtGui import QColor, QPainter

        from .paging import FOOTER, keep_with_next

        images = load_photos if photos is None else (lambda d, _html: give_photos(d, photos))
        doc, _font = pdf_document(html, self.writer, self.family, self.point_size, images,
                                  QSizeF(self.width, self.body_h))
        # each break keep_with_next adds is followed by laying out the rest of the form again, so the layout is
        # current when it returns (as in paging.print_pages)
        keep_with_next(doc, self.body_h)
        pages = doc.pageCount()
        if self.painter is None:
            self.painter = QPainter(self.writer)
        painter = self.painter
        for i in range(pages):
            if i or self.pages:
                self.writer.newPage()
            painter.save()
            painter.translate(0, -i * self.body_h)
            doc.drawContents(painter, QRectF(0, i * self.body_h, self.width, self.body_h))
            painter.restore()
            painter.setFont(self.small)
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(QRectF(0, self.body_h, self.width, self.footer_h),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                             FOOTER.format(page=i + 1, pages=pages))
        self.entries.append((title, self.pages))
        self.pages += pages
        return pages

    def finish(self) -> None:
        if self.painter is not None:
            self.painter.end()
            self.painter = None
        self.writer = None   # QPdfWriter writes the rest of the file when it goes




def decode_size(width: int, height: int, max_px: int, jpeg: bool = True) -> tuple[int, int]:
    """The pixel size to decode a ``width`` × ``height`` JPEG at for a report that shows it at most ``max_px`` a
    side: paging.load_images's size, or the decoder's own ½ / ¼ / ⅛ size (rounded up, as libjpeg does) when that
    is at least as large and has exactly the same proportions (so Qt lays the page out the same)."""
    side = max(width, height)
    if side <= max_px:
        return width, height
    s = max_px / side
    usual = (max(1, round(width * s)), max(1, round(height * s)))
    for d in (8, 4, 2) if jpeg else ():
        w, h = -(-width // d), -(-height // d)
        if max(w, h) >= max_px and w * usual[1] == h * usual[0]:
            return w, h
    return usual


def decode_photos(html: str) -> list:
    """[(QUrl, QImage)] of each local image of ``html`` that can be read, upright, decoded at ``decode_size``:
    what reports/paging.load_images gives a document. Touches no document, so it may run in another thread
    (QImage is not tied to one; PyQt lets the decoding run beside Python)."""
    from .paging import IMAGE_PX, read_images

    def size_for(width, height, jpeg):   # only JPEG decodes smaller by itself
        return decode_size(width, height, IMAGE_PX, jpeg) if max(width, height) > IMAGE_PX else None

    return read_images(html, size_for)


def give_photos(doc, photos: list) -> None:
    from .paging import add_images

    add_images(doc, photos)


def load_photos(doc, html: str) -> None:
    """reports/paging.load_images for the record forms (``decode_photos``)."""
    give_photos(doc, decode_photos(html))


@contextmanager
def form_pdf(path: PathLike, outline: bool = True) -> Iterator[FormPdf]:
    """A ``FormPdf`` written to ``path`` atomically: the file appears complete or not at all (an exception
    inside, e.g. a cancelled export, leaves no file). ``outline``: bookmark each form by its title."""
    with atomic_file(Path(path)) as tmp:
        book = FormPdf(tmp)
        try:
            yield book
        finally:
            book.finish()
        if outline and any(title for title, _ in book.entries):
            add_outline(tmp, book.entries)


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.DOTALL)


def _ref(dictionary: bytes, key: bytes) -> int:
    m = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", dictionary)
    if not m:
        raise ValueError(f"no /{key.decode()} reference in the PDF")
    return int(m.group(1))


def _object(f, offsets: dict, number: int) -> bytes:
    """The body of object ``number`` (between "obj" and "endobj")."""
    f.seek(offsets[number])
    chunk = b""
    while b"endobj" not in chunk:
        more = f.read(65536)
        if not more:
            raise ValueError(f"object {number} does not end")
        chunk += more
    body = chunk[:chunk.index(b"endobj")]
    return body[body.index(b"obj") + 3:]


def _xref(f, start: int) -> dict:
    """Object number → file offset from the classic cross-reference table at ``start`` (as Qt writes it)."""
    f.seek(start)
    lines = iter(f.read().split(b"trailer", 1)[0].split(b"\n")[1:])
    offsets = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2:
            first, count = int(parts[0]), int(parts[1])
            for k in range(count):
                entry = next(lines).split()
                if entry[2] == b"n":
                    offsets[first + k] = int(entry[0])
    return offsets


def _text(title: str) -> bytes:
    return b"<FEFF" + title.encode("utf-16-be").hex().upper().encode() + b">"


def add_outline(path: PathLike, entries: Sequence[tuple[str, int]]) -> None:
    """Append to the finished PDF at ``path`` an outline with one bookmark per (title, page index) of
    ``entries`` (titles may be Chinese), opening with the bookmarks shown."""
    entries = [(t, p) for t, p in entries if t]
    with open(path, "r+b") as f:
        f.seek(0, 2)
        end = f.tell()
        f.seek(max(0, end - 1024))
        m = _TRAILER.search(f.read())
        if not m:
            raise ValueError("not a PDF as Qt writes it (no classic trailer)")
        trailer, start = m.group(1), int(m.group(2))
        size, root = int(re.search(rb"/Size\s+(\d+)", trailer).group(1)), _ref(trailer, b"Root")
        offsets = _xref(f, start)
        catalog = _object(f, offsets, root)
        kids = [int(k) for k in re.findall(rb"(\d+)\s+0\s+R", _object(f, offsets, _ref(catalog, b"Pages"))
                                           .split(b"/Kids", 1)[1].split(b"]", 1)[0])]
        outlines = size
        bodies = {root: catalog[:catalog.rindex(b">>")] + b"/Outlines %d 0 R\n/PageMode /UseOutlines\n>>"
                  % outlines,
                  outlines: b"<<\n/Type /Outlines\n/First %d 0 R\n/Last %d 0 R\n/Count %d\n>>"
                  % (outlines + 1, outlines + len(entries), len(entries))}
        for k, (title, page) in enumerate(entries):
            me = outlines + 1 + k
            links = (b"/Prev %d 0 R\n" % (me - 1) if k else b"") + \
                (b"/Next %d 0 R\n" % (me + 1) if k + 1 < len(entries) else b"")
            bodies[me] = b"<<\n/Title %s\n/Parent %d 0 R\n%s/Dest [%d 0 R /XYZ null null null]\n>>" % (
                _text(title), outlines, links, kids[page])
        f.seek(end)
        out = bytearray(b"" if end and _last_byte(f, end) == b"\n" else b"\n")
        where = {}
        for number, body in bodies.items():
            where[number] = end + len(out)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = end + len(out)
        out += b"xref\n%d 1\n%010d 00000 n \n" % (root, where[root])
        out += b"%d %d\n" % (outlines, len(entries) + 1)
        out += b"".join(b"%010d 00000 n \n" % where[outlines + k] for k in range(len(entries) + 1))
        info = re.search(rb"/Info\s+\d+\s+0\s+R", trailer)
        out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n%s\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (
            outlines + len(entries) + 1, root, info.group(0) if info else b"", start, xref)
        f.seek(end)
        f.write(out)


def _last_byte(f, end: int) -> bytes:
    f.seek(end - 1)
    byte = f.read(1)
    f.seek(end)
    return byte
