"""The photos of a 核查记录表 made ready for the PDF as JPEG data, so that Qt lays them out but never encodes them.

Qt's PDF writer (5.15) compresses every picture it draws again as a JPEG (quality 94), after the text document
has turned it into a pixmap for each layout and each draw: for a 3-megapixel camera JPEG a decode at ½ size
(≈5 ms), copies, and an encode (≈4 ms), on the thread that draws. Here each photo's ``<img>`` tag is given the
width and height Qt would compute from the photo's pixels (so every line and cell stays where it was, and the
pages with it), the document is given a placeholder of 1 × k pixels (k: the photo's number in its file, which
names its image object there), and reports/record_pdf.py puts the photo's JPEG data in place of the placeholder
once the file is finished. The data is
  - the photo file's own, when it can be embedded as it is: a JPEG of at most ``PASS_BYTES`` (a camera's
    original is several MB and is not), upright (no EXIF turn), 8-bit grey or colour, baseline or progressive,
    complete: nothing is decoded or encoded. The PDF is larger for it (the file's bytes, not Qt's copy at
    ≈900 px: for 2000 × 1500 photos of ≈360 KB a book of 100 forms is 34 MB instead of 20 MB) and the photo sharper;
    ``PASS_BYTES = 0`` puts every photo in as Qt's copy would be;
  - else the photo decoded as every report prints it (at most ``paging.IMAGE_PX`` a side, or the JPEG decoder's
    own ½ / ¼ / ⅛ size: ``decode_size``) and encoded as Qt would (JPEG, quality 94), in the thread that prepares
    the next forms' photos rather than while drawing.
Pictures of another kind (a PNG with transparency) or whose tag cannot be sized exactly (a CSS or percentage
width) are given to the document as decoded pictures, as before. Nothing here touches a document, so it may run
in another thread (QImage and QImageReader are not tied to one).
"""
from __future__ import annotations

import dataclasses
import html as htmllib
import os
import re
from dataclasses import dataclass, field
from typing import Optional

PASS_BYTES = 512 * 1024   # a JPEG up to this size goes into the PDF as it is (Qt's own copy of a photo: ≈200 KB)
QT_QUALITY = 94           # the JPEG quality Qt's PDF writer encodes pictures at

_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\bsrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_SIZE = re.compile(r"""\s(width|height)\s*=\s*(?:"(\d+)"|'(\d+)'|(\d+)(?=[\s/>]))""", re.IGNORECASE)
_ANY_SIZE = re.compile(r"""\s(?:width|height)\s*=""", re.IGNORECASE)


@dataclass
class Embed:
    """A photo's JPEG data for the PDF (``data``, or the file at ``path`` as it is) and its pixels."""
    url: object        # QUrl: the document resource it stands for
    width: int
    height: int
    gray: bool
    data: bytes = b""
    path: str = ""     # the photo file, read when the PDF is finished (not held meanwhile)
    stamp: tuple = ()  # its (size, mtime_ns) when it was looked at

    def size(self) -> int:
        return self.stamp[0] if self.path else len(self.data)

    def with_data(self, data: bytes) -> Embed:
        return dataclasses.replace(self, data=data)


@dataclass
class FormPhotos:
    """A form's HTML with its photos' sizes written out, the pictures to give the document as they are, and the
    photos drawn from placeholders."""
    html: str
    images: list = field(default_factory=list)   # [(QUrl, QImage)]
    embeds: list = field(default_factory=list)   # [Embed]


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


def jpeg_frame(data: bytes) -> Optional[tuple[int, int, int]]:
    """(width, height, components) of a complete 8-bit Huffman-coded (baseline or progressive) JPEG of 1 or 3
    components, which a PDF can carry as it is (DCTDecode); None for anything else."""
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None
    return _frame(lambda at, n: data[at:at + n])


def file_frame(path: str) -> Optional[tuple[tuple[int, int, int], tuple[int, int]]]:
    """(``jpeg_frame``, (size, mtime_ns)) of the JPEG file at ``path`` of at most ``PASS_BYTES``, reading its
    markers and its end only; None when it is larger or not such a JPEG."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_size > PASS_BYTES:
                return None
            f.seek(max(0, st.st_size - 64))
            if not f.read().rstrip(b"\x00").endswith(b"\xff\xd9"):
                return None

            def read_at(at: int, n: int) -> bytes:
                f.seek(at)
                return f.read(n)

            frame = _frame(read_at)
    except OSError:
        return None
    return (frame, (st.st_size, st.st_mtime_ns)) if frame else None


def _frame(read_at) -> Optional[tuple[int, int, int]]:
    """The frame of the JPEG whose bytes ``read_at(offset, count)`` gives: markers walked up to its SOF."""
    if read_at(0, 2) != b"\xff\xd8":
        return None
    i = 2
    while True:
        head = read_at(i, 10)
        if len(head) < 4 or head[0] != 0xFF:
            return None
        marker = head[1]
        if marker == 0xFF:   # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:   # markers without a length
            i += 2
            continue
        if marker in (0xC0, 0xC1, 0xC2):
            if len(head) < 10:
                return None
            precision, components = head[4], head[9]
            height, width = int.from_bytes(head[5:7], "big"), int.from_bytes(head[7:9], "big")
            ok = precision == 8 and components in (1, 3) and width > 0 and height > 0
            return (width, height, components) if ok else None
        if 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) or marker in (0xD9, 0xDA):
            return None   # lossless, hierarchical or arithmetic-coded, or no frame before the data
        i += 2 + int.from_bytes(head[2:4], "big")


def _qt_round(x: float) -> int:
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def _sized_tag(tag: str, width: int, height: int) -> Optional[str]:
    """``tag`` with the width and height Qt gives a ``width`` × ``height`` picture in it (QTextImageHandler: a
    missing side from the other by the picture's proportions, rounded; neither: the picture's own), written out;
    None when Qt would size it otherwise (CSS, a percentage)."""
    if re.search(r"\sstyle\s*=", tag, re.IGNORECASE):
        return None
    given = {m.group(1).lower(): int(m.group(2) or m.group(3) or m.group(4)) for m in _SIZE.finditer(tag)}
    if len(_ANY_SIZE.findall(tag)) != len(list(_SIZE.finditer(tag))) or 0 in given.values():
        return None
    w, h = given.get("width"), given.get("height")
    if w is None and h is None:
        w, h = width, height
    elif h is None:
        h = _qt_round(w * (height / width))
    elif w is None:
        w = _qt_round(h * (width / height))
    bare = _SIZE.sub("", tag)
    return f'{bare[:4]} width="{w}" height="{h}"{bare[4:]}'


def _encoded(image) -> Optional[bytes]:
    from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice
    from qgis.PyQt.QtGui import QImageWriter

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"jpeg")
    writer.setQuality(QT_QUALITY)
    return bytes(data) if writer.write(image) else None


def _photo(path: str, url, sizable: bool, max_px: int):
    """(Embed or None, QImage or None, (width, height) Qt lays the picture out with) for the picture at ``path``;
    (None, None, None) when it cannot be read (left to Qt, as before)."""
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QImageIOHandler, QImageReader

    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    jpeg = bytes(reader.format()).lower() in (b"jpeg", b"jpg")
    if size.isValid():
        w, h = size.width(), size.height()
        want = decode_size(w, h, max_px, jpeg) if max(w, h) > max_px else None
        if sizable and jpeg and reader.transformation() == QImageIOHandler.Transformation.TransformationNone:
            found = file_frame(path)
            if found is not None and found[0][:2] == (w, h):
                (_, _, components), stamp = found
                return Embed(url, w, h, components == 1, path=path, stamp=stamp), None, want or (w, h)
        if want is not None:
            reader.setScaledSize(QSize(*want))
    image = reader.read()
    if image.isNull():
        return None, None, None
    if sizable and jpeg and not image.hasAlphaChannel():
        data = _encoded(image)
        frame = jpeg_frame(data) if data else None
        if frame is not None:
            return Embed(url, frame[0], frame[1], frame[2] == 1, data=data), None, (image.width(), image.height())
    return None, image, (image.width(), image.height())


def prepare_photos(html: str, max_px: Optional[int] = None) -> FormPhotos:
    """The form's photos (each local ``<img>`` file, once) ready for reports/record_pdf.FormPdf.add."""
    from qgis.PyQt.QtCore import QUrl

    from .paging import IMAGE_PX

    tags: dict[str, list] = {}
    for m in _TAG.finditer(html):
        src = _SRC.search(m.group(0))
        if src:
            tags.setdefault(htmllib.unescape(src.group(2)), []).append(m)
    out = FormPhotos(html)
    rewrite: dict[int, str] = {}   # tag start → the tag with its size written out
    for src, matches in tags.items():
        url = QUrl(src)
        path = url.toLocalFile() if url.isLocalFile() else (src if url.scheme() == "" else "")
        if not path:
            continue
        sizable = all(_sized_tag(m.group(0), 1, 1) is not None for m in matches)
        embed, image, laid = _photo(path, url, sizable, max_px or IMAGE_PX)
        if embed is not None:
            out.embeds.append(embed)
            for m in matches:
                rewrite[m.start()] = _sized_tag(m.group(0), *laid)
        elif image is not None:
            out.images.append((url, image))
    if rewrite:
        parts, at = [], 0
        for m in _TAG.finditer(html):
            if m.start() in rewrite:
                parts += [html[at:m.start()], rewrite[m.start()]]
                at = m.end()
        out.html = "".join(parts) + html[at:]
    return out


def qt_photos(html: str) -> FormPhotos:
    """The form's photos as reports/paging.load_images gives them (decoded, for Qt to encode): what
    render.html_to_pdf prints, for comparisons."""
    from .paging import IMAGE_PX, read_images

    def size_for(width, height, _jpeg):
        return decode_size(width, height, IMAGE_PX, False) if max(width, height) > IMAGE_PX else None

    return FormPhotos(html, images=read_images(html, size_for))
