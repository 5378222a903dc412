"""Photo thumbnails for the atlas pages (reports/atlas.py).

A picture item whose source is a coverage field reloads its file on every page, and the PDF writer re-encodes
whatever it is given. So each photo is decoded once per export (JPEG DCT scaling: a camera frame is never
decoded at full size) and saved at the size its picture item prints it — the item's box at the layout's
export resolution, upright by its EXIF orientation. A page then loads and embeds tens of kilobytes per photo,
not a camera's megapixels.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Optional

from qgis.core import QgsLayoutItemPicture, QgsPrintLayout, QgsUnitTypes
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QImageIOHandler, QImageReader

PHOTO_ITEMS = ("photo_1", "photo_2")
MIN_PX = 64            # a tiny picture box still gets a legible thumbnail
JPEG_QUALITY = 85
CHUNK = 64             # photos between two looks at the cancel button


def drawn_size(layout: QgsPrintLayout, item_ids=PHOTO_ITEMS) -> Optional[QSize]:
    """The pixels of the largest photo box of ``layout`` at its export resolution (a photo is scaled to fit
    inside it); None when the template has no such picture item (then no photo needs decoding)."""
    dpi = layout.renderContext().dpi()
    converter = layout.renderContext().measurementConverter()
    width = height = 0.0
    for item_id in item_ids:
        item = layout.itemById(item_id)
        if not isinstance(item, QgsLayoutItemPicture):
            continue
        size = converter.convert(item.sizeWithUnits(), QgsUnitTypes.LayoutUnit.LayoutMillimeters)
        width, height = max(width, size.width()), max(height, size.height())
    if width <= 0 or height <= 0:
        return None
    return QSize(max(MIN_PX, round(width / 25.4 * dpi)), max(MIN_PX, round(height / 25.4 * dpi)))


def _upright_size(reader: QImageReader) -> QSize:
    """The image's size once its EXIF orientation is applied (a quarter turn swaps the sides)."""
    size = reader.size()
    turned = int(reader.transformation()) & int(QImageIOHandler.Transformation.TransformationRotate90)
    return size.transposed() if turned else size


def fit(size: QSize, box: QSize) -> QSize:
    """``size`` scaled down (never up) to fit inside ``box``, keeping its aspect."""
    if size.width() <= 0 or size.height() <= 0:
        return size
    s = min(1.0, box.width() / size.width(), box.height() / size.height())
    return QSize(max(1, round(size.width() * s)), max(1, round(size.height() * s)))


def thumbnail(src: str, out: Path, box: QSize) -> str:
    """A JPEG of ``src`` fitted inside ``box`` pixels and turned upright; the path written, '' if unreadable."""
    if not src or not os.path.isfile(src):
        return ""
    reader = QImageReader(src)
    reader.setAutoTransform(True)
    upright = _upright_size(reader)
    if upright.isValid():
        target = fit(upright, box)
        if target != upright:
            # the reader scales before it turns the image: give it the stored orientation's size
            turned = target.transposed() if upright != reader.size() else target
            reader.setScaledSize(turned)
    image = reader.read()
    if image.isNull():
        return ""
    if image.width() > box.width() or image.height() > box.height():   # a reader that cannot scale while decoding
        image = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return str(out) if image.save(str(out), "JPG", JPEG_QUALITY) else ""


def make_thumbnails(sources, folder: Path, box: Optional[QSize],
                    cancelled: Callable[[], bool] = lambda: False) -> Optional[dict[str, str]]:
    """Thumbnails of ``sources`` (each once) in ``folder``: source → thumbnail path ('' if unreadable); None
    when ``cancelled()`` turned true on the way. None ``box`` (no picture item prints photos): nothing is
    decoded. Decoding runs on every core: Qt's image readers work outside the GUI thread and the bindings
    release the GIL while they decode."""
    todo = list(dict.fromkeys(s for s in sources if s))
    if box is None or not todo:
        return {}
    jobs = [(src, folder / f"photo_{k}.jpg") for k, src in enumerate(todo, start=1)]
    done: dict[str, str] = {}
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        for s in range(0, len(jobs), CHUNK):
            if cancelled():
                return None
            chunk = jobs[s:s + CHUNK]
            done.update(zip((src for src, _ in chunk), pool.map(lambda job: thumbnail(job[0], job[1], box), chunk)))
    return done
