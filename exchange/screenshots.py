"""Screenshots kept as evidence of a patch (issue 19: the N-date imagery grid when the first change is recorded).

A screenshot is stored like a photo (the attachment folder, a wz_photo row, one audited transaction, through
``attach_photos``) but is marked as what it is: its EXIF says it was made by WPZF (Make ``WPZF``, Model
``imagery screenshot``), so its 设备 (SB) is ``SCREENSHOT_DEVICE``; it has no position and its time is when it
was taken. ``is_screenshot`` tells it from a field photo."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from typing import Optional

from ..store.workspace import Workspace
from .photo_meta import device_name
from .photos import AttachReport, attach_photos

SCREENSHOT_MAKE, SCREENSHOT_MODEL = "WPZF", "imagery screenshot"
SCREENSHOT_DEVICE = device_name(SCREENSHOT_MAKE, SCREENSHOT_MODEL)


def is_screenshot(row) -> bool:
    """A wz_photo row (mapping) that is a WPZF screenshot, not a photo taken in the field."""
    return str(row.get("SB") or "") == SCREENSHOT_DEVICE


def mark_png(png: bytes | str | os.PathLike, dest: str | os.PathLike,
             when: Optional[dt.datetime] = None) -> Path:
    """Write the PNG (bytes or a file) to ``dest`` with the screenshot marker and its time in EXIF."""
    import io

    from PIL import Image

    when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    src = io.BytesIO(png) if isinstance(png, (bytes, bytearray)) else str(png)
    with Image.open(src) as im:
        exif = Image.Exif()
        exif[0x010F] = SCREENSHOT_MAKE
        exif[0x0110] = SCREENSHOT_MODEL
        # the Exif sub-IFD: DateTimeOriginal and OffsetTimeOriginal (the time is UTC)
        exif[0x8769] = {0x9003: when.strftime("%Y:%m:%d %H:%M:%S"), 0x9011: "+00:00"}
        im.save(str(dest), format="PNG", exif=exif)
    return Path(dest)


def screenshot_name(key: str, label: str) -> str:
    """File name of a screenshot: 影像截图_<监测编号>_<label>.png (unsafe characters replaced)."""
    safe = re.sub(r"[^\w\-.]+", "_", f"影像截图_{key}_{label}").strip("_")
    return f"{safe}.png"


def attach_screenshot(ws: Workspace, tbid: int, png: bytes | str | os.PathLike, name: str,
                      source: Optional[str] = None) -> AttachReport:
    """Keep a screenshot as an attachment of patch ``tbid`` (marked, see ``mark_png``)."""
    with tempfile.TemporaryDirectory(prefix="wpzf-shot-") as tmp:
        path = mark_png(png, Path(tmp) / name)
        return attach_photos(ws, int(tbid), [path], source=source or "screenshot")
