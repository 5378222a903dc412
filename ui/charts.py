"""The dashboard's charts: the PNGs reports/charts.py draws for the reports, shown scaled to the dock's width (the
same picture in the dock, the PDF and the .docx). Without matplotlib a short note takes their place."""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..i18n import tr
from .guard import guarded

MAX_WIDTH = 820   # px: wider, a chart's lettering grows past the dock's own text


class ChartLabel(QLabel):
    """A picture that follows the width of the dock, keeping its proportions."""

    def __init__(self, pixmap: QPixmap, parent=None):
        super().__init__(parent)
        self._pixmap = pixmap
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._fit(max(200, self.width()))

    def _fit(self, width: int) -> None:
        if self._pixmap.isNull() or width <= 0:
            return
        w = min(width, self._pixmap.width(), MAX_WIDTH)
        scaled = self._pixmap.scaledToWidth(w, Qt.TransformationMode.SmoothTransformation)
        self.setPixmap(scaled)
        self.setFixedHeight(scaled.height())

    def resizeEvent(self, e):  # noqa: N802
        super().resizeEvent(e)
        if e.size().width() != e.oldSize().width():
            self._fit(e.size().width())


class ChartPanel(QWidget):
    """Titles and pictures of reports.charts.dashboard_charts, or the note why there are none."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        self._lay.addWidget(self.note)
        self.charts = []        # the reports.charts.Chart shown
        self._pending = None    # (workspace, dashboard) still to draw

    def clear(self) -> None:
        self._pending = None
        while self._lay.count() > 1:
            item = self._lay.takeAt(1)
            w = item.widget()
            if w is not None:     # gone now, not only once the event loop deletes it
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.charts = []
        self.note.setText("")

    def show_dashboard(self, ws, dash) -> None:
        """Draw the charts of ``dash`` once the event loop is free: the tables above show at once, the
        pictures (about a second and a half for a county) follow; refreshes in between draw once."""
        self.clear()
        self._pending = (ws, dash) if ws is not None and dash is not None else None
        if self._pending is not None:
            QTimer.singleShot(0, self.draw_pending)

    @guarded
    def draw_pending(self) -> None:
        from ..reports import charts

        if self._pending is None:
            return
        ws, dash = self._pending
        self._pending = None
        why = charts.problem()
        if why:
            self.note.setText(tr("Charts need matplotlib, which is not installed (Debian/Ubuntu: apt install "
                                 "python3-matplotlib; elsewhere: pip install matplotlib in QGIS's Python)."))
            self.note.show()
            return
        self.note.hide()
        self.charts = charts.dashboard_charts(ws, dash)
        titles = {charts.PROGRESS: tr("Progress by township"),
                  charts.AREAS: tr("Illegal use of cultivated land by township (after the 附件5 deductions)"),
                  charts.RATIO: tr("County's illegal use of cultivated land month by month (附件5, patches issued "
                                   "so far)"),
                  charts.DEADLINES: tr("Next deadlines")}
        for c in self.charts:
            title = QLabel(titles.get(c.key, c.title), self)
            title.setStyleSheet("font-weight: bold;")
            self._lay.addWidget(title)
            if c.path is not None:
                self._lay.addWidget(ChartLabel(QPixmap(str(c.path)), self))
            else:
                text = QLabel(c.note, self)
                text.setWordWrap(True)
                self._lay.addWidget(text)
