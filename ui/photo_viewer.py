"""A field photo enlarged to fit the screen, stepping through the patch's photos (the photo strip's viewer)."""
from __future__ import annotations

from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QGuiApplication, QImage, QPixmap
from qgis.PyQt.QtWidgets import QDialog, QLabel, QSizePolicy, QVBoxLayout

from ..core.text import text_or_blank
from ..i18n import tr
from .guard import guarded


class PhotoViewer(QDialog):
    """One photo enlarged to fit the screen (orientation respected); ←/→ step through the patch's photos."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.row = None
        self.setWindowTitle(tr("Field photo"))
        lay = QVBoxLayout(self)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.image, 1)
        lay.addWidget(self.caption)

    def available(self) -> QSize:
        screen = None
        if hasattr(self.panel, "screen"):
            screen = self.panel.screen()
        screen = screen or QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1024, 768)
        g = screen.availableGeometry()
        return QSize(int(g.width() * 0.85), int(g.height() * 0.8))

    def show_row(self, row: int):
        rows = self.panel.rows
        if rows is None or not (0 <= row < len(rows)):
            return
        self.row = row
        rec = rows[row]
        from .photo_panel import load_image  # looked up there at call time (one decoder for strip and viewer)

        img = load_image(rec["path"], self.available()) if rec["exists"] else QImage()
        if img.isNull():
            self.image.setPixmap(QPixmap())
            self.image.setText(tr("The file {path} cannot be shown.").format(path=rec["path"]))
        else:
            self.image.setPixmap(QPixmap.fromImage(img))
            self.resize(img.width() + 24, img.height() + 80)
        self.caption.setText(self.panel.describe(rec, separator="　"))
        self.setWindowTitle(tr("Field photo {n} of {total} — {name}").format(n=row + 1, total=len(rows),
                                                                             name=text_or_blank(rec["YWJM"])))

    @guarded
    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.row is not None:
            self.panel.select_row(min(self.row + 1, len(self.panel.rows) - 1), open_viewer=True)
        elif event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp) and self.row is not None:
            self.panel.select_row(max(self.row - 1, 0), open_viewer=True)
        else:
            super().keyPressEvent(event)
