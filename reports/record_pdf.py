"""核查记录表 drawn onto a PDF one form after another: one file per patch, or many forms in one file with a
bookmark (PDF outline entry) naming each form's 监测编号.

Each form is laid out and paginated exactly as ``render.html_to_pdf`` prints it (same writer, font, keep-with-next
rules and "第 x 页 共 y 页" footer, counted per form). What a file costs beyond its pages is Qt embedding the
subset of the CJK font it used when the file is closed (≈ 16 ms, more than laying out and drawing a form):
many forms in one file pay it once. The photos are laid out at the size they always were but drawn from
placeholders, and their JPEG data (the photo file's own when it is small, else decoded at the printed size and
encoded once: reports/record_photos.py) takes the placeholders' place when the file is finished, so Qt neither
converts nor encodes a photo. ``record_photos.prepare_photos`` touches no document, so the photos of the next
forms can be prepared in a thread (reports/record_forms.py).

Qt (5 and 6) writes no outline, so the bookmarks, and the photos' image objects, are appended afterwards as an
incremental update of the file (the PDF standard's way of adding to a finished file: new objects, a new catalog,
a cross-reference section for them; an object given again replaces the earlier one). Meanwhile a photo
encoded here waits in a temporary spool file and a photo file is only looked at (size and time; it is read when
the file is finished, and a photo changed in between fails the file rather than slip in). Needs a running Qt
application.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from ..i18n import tr
from ..store.errors import StoreError
from .files import atomic_file
from .record_photos import FormPhotos, prepare_photos
from .render import PathLike, pdf_document, pdf_writer


class FormPdf:
    """A PDF being written: ``add`` draws one form's pages; ``finish`` closes the file (embeds the font)."""

    def __init__(self, path: PathLike, font_family: Optional[str] = None, point_size: float = 9.0):
        from qgis.PyQt.QtGui import QFont, QFontMetricsF

        from .fonts import pdf_font_family

        self.path, self.writer = path, pdf_writer(path)
        self.family, self.point_size = font_family or pdf_font_family(), point_size
        self.painter = None
        self.pages = 0                               # pages drawn so far, all forms
        self.entries: list[tuple[str, int]] = []     # (bookmark title, first page index) per form
        self.photos: list = []   # photo k (from 1), drawn from a 1 × k placeholder: (Embed, spool offset, bytes)
        self.spool = None        # the JPEG data encoded here until the file is finished (a photo file is read then)
        self.small = QFont(self.family)              # the footer's font, as reports/paging.print_pages
        self.small.setPointSizeF(max(6.0, point_size - 1))
        self.small.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.width = float(self.writer.width())
        self.footer_h = QFontMetricsF(self.small, self.writer).height() * 2.2
        self.body_h = float(self.writer.height()) - self.footer_h

    def add(self, html: str, title: str = "", photos: Optional[FormPhotos] = None) -> int:
        """Lay out ``html`` and draw its pages after those already drawn; returns its page count. ``photos``:
        ``record_photos.prepare_photos(html)`` when already prepared (e.g. in another thread while the last form
        was drawn)."""
        from qgis.PyQt.QtCore import QRectF, QSizeF, Qt
        from qgis.PyQt.QtGui import QColor, QImage, QPainter

        from .paging import FOOTER, add_images, keep_with_next

        photos = photos if photos is not None else prepare_photos(html)
        images = list(photos.images)
        for embed in photos.embeds:
            at = -1
            if not embed.path:
                if self.spool is None:
                    self.spool = tempfile.TemporaryFile(prefix="wpzf_photos_")
                at = self.spool.seek(0, 2)
                self.spool.write(embed.data)
            self.photos.append((embed.with_data(b""), at, embed.size()))   # the data: in the spool or the file
            placeholder = QImage(1, len(self.photos), QImage.Format.Format_RGB32)
            placeholder.fill(QColor(255, 255, 255))
            images.append((embed.url, placeholder))
        doc, _font = pdf_document(photos.html, self.writer, self.family, self.point_size,
                                  lambda d, _html: add_images(d, images), QSizeF(self.width, self.body_h))
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

    def finish(self, outline: bool = True) -> None:
        """Close the file (Qt embeds the font), then put the photos' data in place of their placeholders and,
        with ``outline``, bookmark each form by its title."""
        self._end_drawing()
        entries = self.entries if outline and any(title for title, _ in self.entries) else []
        try:
            if entries or self.photos:
                update_pdf(self.path, entries, self.photos, self.spool)
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop here: the file Qt leaves (its photos still placeholders) is for the caller to remove."""
        self._end_drawing()
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def _end_drawing(self) -> None:
        if self.painter is not None:
            self.painter.end()
            self.painter = None
        self.writer = None   # QPdfWriter writes the rest of the file when it goes


@contextmanager
def form_pdf(path: PathLike, outline: bool = True) -> Iterator[FormPdf]:
    """A ``FormPdf`` written to ``path`` atomically: the file appears complete or not at all (an exception
    inside, e.g. a cancelled export, leaves no file). ``outline``: bookmark each form by its title."""
    with atomic_file(Path(path)) as tmp:
        book = FormPdf(tmp)
        try:
            yield book
        except BaseException:
            book.discard()
            raise
        book.finish(outline)


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
    update_pdf(path, entries)


_PLACEHOLDER = re.compile(rb"(\d+) 0 obj\n<<\n/Type /XObject\n/Subtype /Image\n/Width 1\n/Height (\d+)\n")


def _placeholders(f, offsets: dict, count: int) -> list[tuple[int, int]]:
    """(object number, photo number k) of each image object Qt wrote for a 1 × k placeholder, k ≤ ``count``."""
    found = []
    for number, offset in offsets.items():
        f.seek(offset)
        m = _PLACEHOLDER.match(f.read(96))
        if m and int(m.group(1)) == number and 1 <= int(m.group(2)) <= count:
            found.append((number, int(m.group(2))))
    return found


def update_pdf(path: PathLike, entries: Sequence[tuple[str, int]] = (), photos: Sequence[tuple] = (),
               spool=None) -> None:
    """Append to the finished PDF at ``path``, as one incremental update, an outline with one bookmark per
    (title, page index) of ``entries`` (titles may be Chinese; the file then opens with the bookmarks shown), and
    in place of the image object of each 1 × k placeholder the JPEG of ``photos[k - 1]`` (record_photos.Embed,
    the offset of its data in ``spool`` or -1 for the photo file as it is, its bytes)."""
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
        bodies: dict[int, bytes] = {}
        if entries:
            catalog = _object(f, offsets, root)
            kids = [int(k) for k in re.findall(rb"(\d+)\s+0\s+R", _object(f, offsets, _ref(catalog, b"Pages"))
                                               .split(b"/Kids", 1)[1].split(b"]", 1)[0])]
            outlines = size
            bodies[root] = catalog[:catalog.rindex(b">>")] + b"/Outlines %d 0 R\n/PageMode /UseOutlines\n>>" \
                % outlines
            bodies[outlines] = b"<<\n/Type /Outlines\n/First %d 0 R\n/Last %d 0 R\n/Count %d\n>>" % (
                outlines + 1, outlines + len(entries), len(entries))
            for k, (title, page) in enumerate(entries):
                me = outlines + 1 + k
                links = (b"/Prev %d 0 R\n" % (me - 1) if k else b"") + \
                    (b"/Next %d 0 R\n" % (me + 1) if k + 1 < len(entries) else b"")
                bodies[me] = b"<<\n/Title %s\n/Parent %d 0 R\n%s/Dest [%d 0 R /XYZ null null null]\n>>" % (
                    _text(title), outlines, links, kids[page])
            size = outlines + len(entries) + 1
        images = _placeholders(f, offsets, len(photos)) if photos else []
        f.seek(end)
        where = {}
        if end and _last_byte(f, end) != b"\n":
            f.write(b"\n")
        for number, k in images:   # the photo's data streamed from the spool or its file, not held in memory
            embed, offset, length = photos[k - 1]
            where[number] = f.tell()
            f.write(b"%d 0 obj\n<<\n/Type /XObject\n/Subtype /Image\n/Width %d\n/Height %d\n/BitsPerComponent 8\n"
                    b"/ColorSpace %s\n/Filter /DCTDecode\n/Length %d\n>>\nstream\n"
                    % (number, embed.width, embed.height, b"/DeviceGray" if embed.gray else b"/DeviceRGB", length))
            if offset >= 0:
                spool.seek(offset)
                shutil.copyfileobj(_Limited(spool, length), f, 1 << 20)
            else:
                _copy_photo(embed, f)
            f.write(b"\nendstream\nendobj\n")
        for number, body in bodies.items():
            where[number] = f.tell()
            f.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        if not where:
            return
        xref = f.tell()
        out = bytearray(b"xref\n")
        numbers = sorted(where)
        run = [numbers[0]]
        for number in numbers[1:] + [None]:   # subsections of consecutive object numbers
            if number is not None and number == run[-1] + 1:
                run.append(number)
                continue
            out += b"%d %d\n" % (run[0], len(run)) + b"".join(b"%010d 00000 n \n" % where[n] for n in run)
            run = [number]
        info = re.search(rb"/Info\s+\d+\s+0\s+R", trailer)
        out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n%s\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (
            size, root, info.group(0) if info else b"", start, xref)
        f.write(out)


def _copy_photo(embed, out) -> None:
    """The photo file's bytes into ``out``, as they were when its form was laid out: a file changed since (the
    same size and time, or the same JPEG frame) would otherwise mis-state the object's length or pixels."""
    import os

    from .record_photos import jpeg_frame

    with open(embed.path, "rb") as src:
        st = os.fstat(src.fileno())
        if (st.st_size, st.st_mtime_ns) == embed.stamp:
            shutil.copyfileobj(_Limited(src, embed.size()), out, 1 << 20)
            return
        data = src.read()
    frame = jpeg_frame(data)
    if len(data) != embed.size() or frame is None or frame[:2] != (embed.width, embed.height):
        raise StoreError(tr("The photo {path} changed while the record forms were written; export them again.")
                         .format(path=embed.path))
    out.write(data)


class _Limited:
    """The next ``left`` bytes of ``f`` as a file to read."""

    def __init__(self, f, left: int):
        self.f, self.left = f, left

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n) if n else b""
        self.left -= len(data)
        return data


def _last_byte(f, end: int) -> bytes:
    f.seek(end - 1)
    byte = f.read(1)
    f.seek(end)
    return byte
