"""The photos of the current patch in the dock: a thumbnail strip, a viewer, adding files or folders.

Thumbnails and the viewer read images with ``QImageReader.setAutoTransform(True)``, so the EXIF
orientation is respected, and decode them at the size shown. A step reads the patch's photos as plain rows
(exchange/photo_lookup.py: keyed seeks, no DataFrame); the thumbnails are decoded on a worker thread, cached in
memory by the photo's SHA-256 (its stored name), which never goes stale, and those of the patch the dock steps to
next are decoded ahead while the strip shows. Adding calls
:func:`exchange.photos.attach_photos`; its warnings go to a message bar inside the panel, and
``photosAdded`` tells the dock to refresh the map layers.
"""
from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsMessageBar
from qgis.PyQt import sip
from qgis.PyQt.QtCore import (
    QElapsedTimer,
    QEventLoop,
    QObject,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    pyqtSignal,
)
from qgis.PyQt.QtGui import (
    QColor,
    QIcon,
    QImage,
    QImageIOHandler,
    QImageReader,
    QPainter,
    QPixmap,
    QTextOption,
)
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.text import text_or_blank
from ..exchange.photo_lookup import DERIVED, PHOTO_COLUMNS, photo_files, photo_rows
from ..exchange.photos import DEFAULT_TOLERANCE_M, IMAGE_EXTENSIONS, attach_photos, photos_in_folder
from ..i18n import tr, tr_noop
from ..store.people import name_of
from .guard import guarded
from .photo_viewer import PhotoViewer

THUMB = 128
CACHE_SIZE = 400
LOOKED_AHEAD = 64    # patches remembered as decoded ahead (their photos are not looked up again)
COMPASS = (tr_noop("N"), tr_noop("NE"), tr_noop("E"), tr_noop("SE"), tr_noop("S"), tr_noop("SW"), tr_noop("W"),
           tr_noop("NW"))


def compass(direction) -> str:
    """45.0 → 'NE' (translated); None/NaN → ''."""
    if direction is None or direction != direction:
        return ""
    return tr(COMPASS[int(((float(direction) % 360.0) + 22.5) // 45.0) % 8])


def load_image(path: str, bound: QSize) -> QImage:
    """The image at ``path`` as shown (EXIF orientation applied), decoded no larger than ``bound``.

    Scaling happens in the decoder (JPEG decodes at 1/2, 1/4, 1/8 directly), so a 12-megapixel photo
    costs little as a thumbnail. A null QImage when the file cannot be read.
    """
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    stored = reader.size()
    if stored.isValid() and stored.width() > 0 and stored.height() > 0:
        rotated = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
        shown_w, shown_h = (stored.height(), stored.width()) if rotated else (stored.width(), stored.height())
        scale = min(bound.width() / shown_w, bound.height() / shown_h, 1.0)
        if scale < 1.0:  # the scaled size is given in the stored orientation
            reader.setScaledSize(QSize(max(1, round(stored.width() * scale)), max(1, round(stored.height() * scale))))
    return reader.read()


def _placeholder(text: str) -> QImage:
    img = QImage(THUMB, THUMB * 3 // 4, QImage.Format.Format_ARGB32)
    img.fill(QColor(220, 220, 220))
    p = QPainter(img)
    p.setPen(QColor(120, 120, 120))
    p.drawText(QRectF(img.rect()), text, QTextOption(Qt.AlignmentFlag.AlignCenter))
    p.end()
    return img


class _ThumbSink(QObject):
    """One for the process, made in the GUI thread and never deleted: a worker's emit is queued to it and handed
    to the panel that asked, if it is still there — no worker emits to an object a closed panel took with it
    (thumbnails decoded ahead may still be on the way when the dock closes)."""
    ready = pyqtSignal(int, str, QImage)   # panel key, checksum, thumbnail (null: unreadable)


_SINK: Optional[_ThumbSink] = None
_PANELS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()   # key → PhotoPanel
_KEYS = itertools.count(1)


def _sink() -> _ThumbSink:
    global _SINK
    if _SINK is None:
        _SINK = _ThumbSink()
        _SINK.ready.connect(_deliver)
    return _SINK


def _deliver(key: int, sha: str, img: QImage) -> None:
    panel = _PANELS.get(key)
    if panel is not None and not sip.isdeleted(panel):
        panel._thumb_ready(sha, img)


class _ThumbJob(QRunnable):
    def __init__(self, key: int, sha: str, path: str):
        super().__init__()
        self.key, self.sha, self.path = key, sha, path

    def run(self):
        img = load_image(self.path, QSize(THUMB, THUMB)) if Path(self.path).is_file() else QImage()
        _SINK.ready.emit(self.key, self.sha, img)


_POOL: Optional[QThreadPool] = None


def _pool() -> QThreadPool:
    """Threads of our own (QGIS's global pool renders the map): two, but always a core left for the UI."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(max(1, min(2, QThread.idealThreadCount() - 1)))
    return _POOL


class PhotoPanel(QWidget):
    """Thumbnails of a patch's photos; click or Enter enlarges; add files or a folder."""

    photosAdded = pyqtSignal(int, int)   # patch fid, number of photos added
    photoSelected = pyqtSignal(int)      # wz_photo fid of the photo clicked

    def __init__(self, parent=None, tolerance_m: float = DEFAULT_TOLERANCE_M):
        super().__init__(parent)
        self.ws = None
        self._names = text_or_blank   # login → name (store/people.py), set with each strip
        self.tbid: Optional[int] = None
        self.rows: Optional[list[dict]] = None   # the patch's photos (exchange.photo_lookup.photo_rows)
        self._frame = None                        # the same as a DataFrame, built only when asked for
        self.tolerance_m = tolerance_m
        self.last_report = None
        self.last_dir = ""
        self.viewer: Optional[PhotoViewer] = None
        self._pending: list[tuple[int, str, str]] = []   # (row, checksum, path) of thumbnails not asked for yet
        self._waiting: dict[str, list[int]] = {}   # checksum → rows of the strip whose thumbnail is being decoded
        self._inflight: set[str] = set()          # checksums on the worker threads (shown or decoded ahead)
        self._looked_ahead: OrderedDict[int, None] = OrderedDict()   # patches whose photos are decoded ahead
        self._blank: Optional[QIcon] = None
        self._stale = False        # set_patch while hidden: the photos are read when the panel is shown
        self._key = next(_KEYS)
        _PANELS[self._key] = self
        _sink()
        self._thumbs: OrderedDict[str, QImage] = OrderedDict()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.bar = QgsMessageBar(self)
        self.bar.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        lay.addWidget(self.bar)
        top = QHBoxLayout()
        self.count_label = QLabel(tr("No patch selected"), self)
        top.addWidget(self.count_label, 1)
        self.add_files_btn = QPushButton(tr("Add photos…"), self)
        self.add_files_btn.setToolTip(tr("Attach photo files to this patch (copied into the workspace)"))
        self.add_folder_btn = QPushButton(tr("Add folder…"), self)
        self.add_folder_btn.setToolTip(tr("Attach every photo in a folder and its subfolders to this patch"))
        self.add_files_btn.clicked.connect(self.choose_files)
        self.add_folder_btn.clicked.connect(self.choose_folder)
        top.addWidget(self.add_files_btn)
        top.addWidget(self.add_folder_btn)
        lay.addLayout(top)
        self.list = QListWidget(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 16, THUMB + 44))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFixedHeight(THUMB + 44 + self.list.horizontalScrollBar().sizeHint().height() + 6)
        self.list.itemClicked.connect(self._item_opened)
        self.list.itemActivated.connect(self._item_opened)  # Enter (and double-click)
        lay.addWidget(self.list)
        lay.addStretch(1)   # spare height below the strip, not as gaps between its lines (dock tab)
        self._set_enabled(False)

    # ---- patch ----
    def _set_enabled(self, on: bool):
        for w in (self.add_files_btn, self.add_folder_btn):
            w.setEnabled(on)

    def set_patch(self, ws, tbid: Optional[int], ahead: Sequence[int] = ()):
        """Show the photos of patch ``tbid`` of ``ws`` (None clears the panel). While the panel is hidden
        (the user steps through patches on another tab) nothing is read: ``showEvent`` catches up. ``ahead``:
        the patches the user is likely to step to next, nearest first, whose thumbnails are decoded behind this
        one's (each patch's photos are looked up once: a step looks up the one patch new to the list)."""
        if ws is not self.ws:
            self._looked_ahead.clear()
        if ws is not self.ws or tbid != self.tbid:
            self.bar.clearWidgets()
        self.ws = ws
        self.tbid = int(tbid) if tbid is not None and ws is not None else None
        if self.isVisible() or self.tbid is None or (self.viewer is not None and self.viewer.isVisible()):
            self.refresh()   # an open viewer follows the patch even when the strip's tab is hidden
            if self.tbid is not None and self.isVisible():
                for i, fid in enumerate(f for f in ahead if f is not None):
                    if int(fid) not in self._looked_ahead:
                        self._looked_ahead[int(fid)] = None
                        self.decode_ahead(photo_files(self.ws, int(fid)), priority=-i)
                while len(self._looked_ahead) > LOOKED_AHEAD:
                    self._looked_ahead.popitem(last=False)
        else:
            self._stale = True
            self._set_rows(None)

    def _set_rows(self, rows: Optional[list[dict]]) -> None:
        self.rows, self._frame = rows, None

    @property
    def frame(self):
        """The photos shown, as a DataFrame (exchange.photo_lookup.photos_of_patch's columns), or None. Built on
        request only — the strip itself works on the plain rows, so a step builds no frame."""
        if self.rows is None:
            return None
        if self._frame is None:
            import pandas as pd

            self._frame = pd.DataFrame(self.rows, columns=["fid", *PHOTO_COLUMNS, *DERIVED])
        return self._frame

    def refresh(self):
        """Read the patch's photos and show them. The list's items are reused (set, not rebuilt); the
        thumbnails are decoded only while the panel is visible — in a hidden tab they wait for
        ``showEvent``, so stepping through patches on another tab never decodes photos."""
        self._stale = False
        self._set_rows(None)
        if self.ws is None or self.tbid is None:
            self._fill_items([])
            self.count_label.setText(tr("No patch selected"))
            self._set_enabled(False)
            if self.viewer is not None:
                self.viewer.hide()
            return
        self._set_enabled(True)
        self._set_rows(photo_rows(self.ws, self.tbid, self.tolerance_m))   # one seek when the patch has none
        n = len(self.rows)
        flagged = sum(1 for r in self.rows if r["outside"] or r["before_issue"])
        text = tr("{n} photo(s)").format(n=n)
        if flagged:
            text += "　" + tr("{n} with a warning").format(n=flagged)
        self.count_label.setText(text)
        self._fill_items(self.rows)
        if self.viewer is not None and self.viewer.isVisible():
            if n:
                self.viewer.show_row(min(self.viewer.row or 0, n - 1))
            else:
                self.viewer.hide()

    def _fill_items(self, records: list[dict]) -> None:
        """One list item per photo: the items there are reused, missing ones added, extra ones dropped."""
        # who added each photo, by name (人员姓名): read once per strip, not once per photo's tooltip
        self._names = name_of(self.ws) if self.ws is not None else text_or_blank
        self.list.setUpdatesEnabled(False)
        try:
            while self.list.count() > len(records):
                self.list.takeItem(self.list.count() - 1)   # Python owns it now and drops it
            while self.list.count() < len(records):
                self.list.addItem(QListWidgetItem())
            self._pending = []
            self._waiting = {}   # thumbnails of the strip before still land in the cache, not in this strip
            for row, rec in enumerate(records):
                item = self.list.item(row)
                item.setText(self.label(rec))
                item.setToolTip(self.describe(rec, separator="\n"))
                item.setData(Qt.ItemDataRole.UserRole, int(rec["fid"]))
                warn = bool(rec["outside"]) or bool(rec["before_issue"]) or not bool(rec["exists"])
                item.setForeground(QColor(200, 40, 40) if warn else self.list.palette().text().color())
                item.setIcon(self._blank_icon())
                self._pending.append((row, rec["SHA"], rec["path"]))
            self.list.clearSelection()
        finally:
            self.list.setUpdatesEnabled(True)
        if self.isVisible():
            self.load_thumbnails()

    def _blank_icon(self) -> QIcon:
        if self._blank is None:
            img = QImage(THUMB, THUMB * 3 // 4, QImage.Format.Format_ARGB32)
            img.fill(QColor(235, 235, 235))
            self._blank = QIcon(QPixmap.fromImage(img))
        return self._blank

    def load_thumbnails(self) -> None:
        """Show the thumbnails still waiting (the panel became visible, or the patch changed): cached ones
        at once, the others decoded on a worker thread and shown as they arrive — a phone photo takes
        5–30 ms to decode, so the strip (and the next key press) never waits for them. A thumbnail already
        being decoded (ahead, see ``decode_ahead``) is waited for, not decoded twice."""
        pending, self._pending = self._pending, []
        for row, sha, path in pending:
            item = self.list.item(row)
            if item is None:
                continue
            cached = self._thumbs.get(sha)
            if cached is not None:
                self._thumbs.move_to_end(sha)
                item.setIcon(QIcon(QPixmap.fromImage(cached)))
                continue
            self._waiting.setdefault(sha, []).append(row)
            self._decode(sha, path, priority=1)

    def _decode(self, sha: str, path: str, priority: int) -> None:
        if sha not in self._inflight:
            self._inflight.add(sha)
            _pool().start(_ThumbJob(self._key, sha, path), priority)

    def decode_ahead(self, files: list[tuple[str, str]], priority: int = 0) -> None:
        """Decode the thumbnails of (checksum, path) ``files`` — of a patch the user steps to next — into the
        cache, behind the shown strip's own (``priority`` below 1), while the panel shows: stepping on, they
        are there at once."""
        if not self.isVisible():
            return   # stepping through patches on another tab decodes nothing
        for sha, path in files:
            if sha not in self._thumbs:
                self._decode(sha, path, priority=min(priority, 0))

    def thumbnails_pending(self) -> int:
        """Thumbnails of the strip not shown yet (being decoded on the worker threads)."""
        return sum(len(rows) for rows in self._waiting.values())

    def wait_for_thumbnails(self, timeout_ms: int = 5000) -> bool:
        """Process events until every thumbnail of the strip is shown (tests, benchmarks): woken by each
        thumbnail that arrives, so the wait ends as the last one shows."""
        clock = QElapsedTimer()
        clock.start()
        guard = QTimer(self)   # wakes the wait should a worker never answer
        guard.start(20)
        try:
            while self.thumbnails_pending() and clock.elapsed() < timeout_ms:
                QgsApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            guard.stop()
            guard.deleteLater()
        return not self.thumbnails_pending()

    def _thumb_ready(self, sha: str, img: QImage) -> None:
        self._inflight.discard(sha)
        if not img.isNull() and sha not in self._thumbs:
            self._thumbs[sha] = img
            while len(self._thumbs) > CACHE_SIZE:
                self._thumbs.popitem(last=False)
        rows = self._waiting.pop(sha, ())   # none when decoded ahead, or the patch changed meanwhile
        if rows:
            icon = QIcon(QPixmap.fromImage(img if not img.isNull() else _placeholder(tr("missing"))))
            for row in rows:
                item = self.list.item(row)
                if item is not None:
                    item.setIcon(icon)

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()
        self.load_thumbnails()

    # ---- thumbnails and text ----
    def thumbnail(self, sha: str, path: str) -> QImage:
        """The thumbnail of a stored photo (EXIF orientation applied), cached by its SHA-256."""
        img = self._thumbs.get(sha)
        if img is not None:
            self._thumbs.move_to_end(sha)
            return img
        img = load_image(path, QSize(THUMB, THUMB)) if Path(path).is_file() else QImage()
        if img.isNull():
            return _placeholder(tr("missing"))  # not cached: the file may come back
        self._thumbs[sha] = img
        while len(self._thumbs) > CACHE_SIZE:
            self._thumbs.popitem(last=False)
        return img

    @staticmethod
    def label(rec) -> str:
        when = rec["taken"]
        first = when.strftime("%m-%d %H:%M") if when is not None else tr("no time")
        d = rec["FX"]
        second = f"{float(d):.0f}° {compass(d)}" if d is not None and d == d else tr("no direction")
        mark = "⚠ " if bool(rec["outside"]) or bool(rec["before_issue"]) or not bool(rec["exists"]) else ""
        drone = f" · {tr('drone')}" if _is_drone(rec) else ""
        return f"{mark}{first}\n{second}{drone}"

    def describe(self, rec, separator: str = "\n") -> str:
        lines = [text_or_blank(rec["YWJM"])]
        when = rec["taken"]
        lines.append(tr("Taken: {time}").format(time=when.strftime("%Y-%m-%d %H:%M:%S") if when is not None
                                                 else tr("unknown")))
        d = rec["FX"]
        lines.append(tr("Direction: {direction}").format(
            direction=f"{float(d):.1f}° {compass(d)}" if d is not None and d == d else tr("unknown")))
        if rec["lon"] == rec["lon"] and rec["lat"] == rec["lat"]:
            lines.append(tr("Position: {lon:.6f}°E, {lat:.6f}°N").format(lon=rec["lon"], lat=rec["lat"]))
        else:
            lines.append(tr("Position: none (no GPS)"))
        if text_or_blank(rec["SB"]):
            lines.append(tr("Device: {device}").format(device=rec["SB"]))
        if _is_drone(rec):
            h = rec.get("XDGD")
            lines.append(tr("Drone photo, {height:.0f} m above the take-off point").format(height=float(h))
                         if h is not None and h == h else tr("Drone photo"))
        dist = rec["distance_m"]
        if dist == dist and dist > self.tolerance_m:
            lines.append("⚠ " + tr("{distance:.0f} m outside the patch").format(distance=dist))
        if bool(rec["before_issue"]):
            lines.append("⚠ " + tr("taken before the patch was issued"))
        if not bool(rec["exists"]):
            lines.append("⚠ " + tr("the file is missing: {path}").format(path=rec["path"]))
        lines.append(tr("Added by {user}").format(user=self._names(rec["TJR"])))
        return separator.join(lines)

    # ---- viewing ----
    def _row_of_item(self, item) -> int:
        return self.list.row(item)

    @guarded
    def _item_opened(self, item):
        self.open_photo(self._row_of_item(item))

    def select_row(self, row: int, open_viewer: bool = False):
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)
            if open_viewer:
                self.open_photo(row)

    def open_photo(self, row: int) -> Optional[PhotoViewer]:
        """Enlarge photo ``row`` in the (non-modal) viewer."""
        if self.rows is None or not (0 <= row < len(self.rows)):
            return None
        if self.viewer is None:
            self.viewer = PhotoViewer(self)
        if not (self.viewer.isVisible() and self.viewer.row == row):  # click then Enter/double-click: once
            self.viewer.show_row(row)
        self.viewer.show()
        self.viewer.raise_()
        self.photoSelected.emit(int(self.rows[row]["fid"]))
        return self.viewer

    # ---- adding ----
    @guarded
    def choose_files(self):
        if self.tbid is None:
            return
        pattern = " ".join(f"*{e}" for e in IMAGE_EXTENSIONS)
        pattern += " " + pattern.upper()
        files, _ = QFileDialog.getOpenFileNames(self, tr("Add photos"), self.last_dir,
                                                tr("Photos") + f" ({pattern});;" + tr("All files") + " (*)")
        if files:
            self.last_dir = str(Path(files[0]).parent)
            self.add_paths(files)

    @guarded
    def choose_folder(self):
        if self.tbid is None:
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Add a folder of photos"), self.last_dir)
        if folder:
            self.last_dir = folder
            self.add_folder(folder)

    def add_folder(self, folder: str):
        paths = photos_in_folder(folder)
        if not paths:
            self.bar.pushMessage(tr("Photos"), tr("No photos found in {folder}").format(folder=folder),
                                 Qgis.MessageLevel.Warning, 0)
            return None
        return self.add_paths(paths)

    def add_paths(self, paths):
        """Attach ``paths`` to the current patch, show the report's warnings in the panel, refresh, and
        emit ``photosAdded``. Returns the AttachReport (None without a patch)."""
        if self.ws is None or self.tbid is None:
            return None
        paths = [str(p) for p in paths]
        tbid = self.tbid
        dlg = None
        if len(paths) > 3:
            dlg = QProgressDialog(tr("Adding {n} photos…").format(n=len(paths)), tr("Cancel"), 0, 100, self)
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            dlg.setMinimumDuration(800)
            dlg.setAutoClose(True)
        self._set_enabled(False)
        QgsApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = attach_photos(self.ws, tbid, paths, tolerance_m=self.tolerance_m, source="dock",
                                   progress=(lambda f: dlg.setValue(int(100 * f))) if dlg else None,
                                   is_cancelled=dlg.wasCanceled if dlg else None)
        except Exception as e:  # a failed write: the workspace is unchanged; say so, never a traceback
            self.bar.pushMessage(tr("Photos"), tr("Nothing was attached: {error}").format(error=e),
                                 Qgis.MessageLevel.Critical, 0)
            return None
        finally:
            QgsApplication.restoreOverrideCursor()
            if dlg is not None:
                dlg.reset()
                dlg.deleteLater()
            self._set_enabled(self.tbid is not None)
        self.last_report = report
        self.show_report(report)
        self.refresh()
        if report.added:
            self.photosAdded.emit(tbid, len(report.added))
        return report

    def show_report(self, report):
        """The report in the panel's message bar (non-modal): the summary, details under "More"."""
        if report.errors:
            level, duration = Qgis.MessageLevel.Critical, 0
        elif report.warnings:
            level, duration = Qgis.MessageLevel.Warning, 0
        elif report.duplicates:
            level, duration = Qgis.MessageLevel.Info, 10
        else:
            level, duration = Qgis.MessageLevel.Success, 5
        lines = [str(p) for p in report.errors + report.warnings] + [str(d) for d in report.duplicates]
        summary = report.summary()
        if lines:
            first = lines[0] if len(lines) == 1 else tr("{first} (and {n} more)").format(first=lines[0], n=len(lines) - 1)
            summary += "：" + first
        self.bar.clearWidgets()
        self.bar.pushMessage(tr("Photos"), summary, report.text(), level, duration)


def _is_drone(rec) -> bool:
    """A drone photo (wz_photo WRJ, exchange/drone.py)."""
    v = rec.get("WRJ")
    return v is not None and v == v and bool(v)
