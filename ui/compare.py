"""Imagery compare: a 'before' and an 'after' layer (any raster: files, WMS/WMTS, XYZ), a toggle
between them, a swipe map tool and an optional second map canvas that shows 'before' in step with
the main canvas. Presentation only: no business rule lives here.
"""
from __future__ import annotations

from typing import Optional

from qgis.core import (
    QgsMapLayerProxyModel,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas, QgsMapCanvasItem, QgsMapLayerComboBox, QgsMapTool
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QPointF, QRectF, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor, QImage, QPen
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from .compat import QAction
from .guard import guarded

BEFORE, AFTER = "before", "after"
PROJECT_SCOPE = "wpzf"


def _alive(obj) -> bool:
    return obj is not None and not sip.isdeleted(obj)


# --- swipe -------------------------------------------------------------------------------------------

class SwipeItem(QgsMapCanvasItem):
    """Draws a rendered image of the map over the canvas, clipped left of a vertical line at ``x``."""

    def __init__(self, canvas: QgsMapCanvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.image: Optional[QImage] = None
        self.swipe_x: Optional[float] = None   # canvas pixels; None = the middle
        self.setZValue(-5)  # above the map (-10), below highlights and rubber bands

    def set_image(self, image: QImage, extent: QgsRectangle) -> None:
        self.image = image
        self.setRect(extent)
        self.update()

    def set_x(self, x: float) -> None:
        self.swipe_x = float(x)
        self.update()

    def line_x(self) -> float:
        """The swipe line in item coordinates."""
        x = self.canvas.width() / 2 if self.swipe_x is None else self.swipe_x
        return x - self.pos().x()

    def paint(self, painter, option=None, widget=None):
        if self.image is None or self.image.isNull():
            return
        size = self.boundingRect().size()
        w, h = size.width() - 2, size.height() - 2   # QgsMapCanvasItem adds a 1 px margin each side
        x = max(0.0, min(self.line_x(), w))
        painter.save()
        painter.setClipRect(QRectF(0, 0, x, h))
        painter.drawImage(QRectF(0, 0, w, h), self.image)
        painter.restore()
        pen = QPen(QColor(255, 255, 255))
        pen.setWidthF(2)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, 0), QPointF(x, h))
        pen.setColor(QColor(0, 0, 0, 160))
        pen.setWidthF(1)
        painter.setPen(pen)
        painter.drawLine(QPointF(x - 1.5, 0), QPointF(x - 1.5, h))
        painter.drawLine(QPointF(x + 1.5, 0), QPointF(x + 1.5, h))


class SwipeMapTool(QgsMapTool):
    """While active, the 'before' layer is drawn over the canvas left of the mouse (a swipe line).

    The layer is rendered with the canvas' current settings (vector layers shown on the canvas are
    drawn above it, so patch outlines stay visible on both sides), again whenever the view changes."""
    rendered = pyqtSignal()

    def __init__(self, canvas: QgsMapCanvas, layer=None):
        super().__init__(canvas)
        self.canvas = canvas
        self.layer = layer
        self.item: Optional[SwipeItem] = None
        self.job: Optional[QgsMapRendererParallelJob] = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.render)
        self._cancelled: list = []
        self.setCursor(Qt.CursorShape.SplitHCursor)

    def set_layer(self, layer) -> None:
        if self.layer is not None and _alive(self.layer):
            self._disconnect_layer()
        self.layer = layer
        if self.item is not None:
            self._connect_layer()
            self.render()

    def _connect_layer(self):
        if self.layer is not None:
            self.layer.repaintRequested.connect(self.schedule_render)

    def _disconnect_layer(self):
        try:
            self.layer.repaintRequested.disconnect(self.schedule_render)
        except TypeError:
            pass

    def activate(self):
        super().activate()
        if self.item is None:
            self.item = SwipeItem(self.canvas)
        self.canvas.extentsChanged.connect(self.schedule_render)
        self.canvas.destinationCrsChanged.connect(self.schedule_render)
        self.canvas.layersChanged.connect(self.schedule_render)
        self._connect_layer()
        self.render()

    def deactivate(self):
        for sig in (self.canvas.extentsChanged, self.canvas.destinationCrsChanged, self.canvas.layersChanged):
            try:
                sig.disconnect(self.schedule_render)
            except TypeError:
                pass
        if self.layer is not None and _alive(self.layer):
            self._disconnect_layer()
        self._timer.stop()
        self._cancel()
        if self.item is not None:
            self.canvas.scene().removeItem(self.item)
            sip.transferback(self.item)  # no longer the scene's: Python frees it
            self.item = None
        super().deactivate()

    def is_active(self) -> bool:
        return self.item is not None

    # ---- rendering ----
    @guarded
    def schedule_render(self, *_args):
        if self.item is not None:
            self._timer.start()

    def _cancel(self):
        if self.job is not None:
            job, self.job = self.job, None
            # keep the cancelled job alive until its threads have stopped
            self._cancelled.append(job)
            job.finished.connect(lambda: self._cancelled.remove(job) if job in self._cancelled else None)
            job.cancelWithoutBlocking()

    def layers(self) -> list:
        if self.layer is None or not _alive(self.layer):
            return []
        above = [lyr for lyr in self.canvas.layers() if isinstance(lyr, QgsVectorLayer) and lyr is not self.layer]
        return above + [self.layer]

    @guarded
    def render(self) -> None:
        """Render the 'before' view for the canvas' current extent (asynchronously)."""
        self._timer.stop()
        self._cancel()
        if self.item is None:
            return
        layers = self.layers()
        if not layers:
            self.item.image = None
            self.item.update()
            return
        settings = QgsMapSettings(self.canvas.mapSettings())
        settings.setLayers(layers)
        settings.setBackgroundColor(QColor(0, 0, 0, 0))
        extent = settings.visibleExtent()
        job = QgsMapRendererParallelJob(settings)
        job.finished.connect(lambda: self._done(job, extent))
        self.job = job
        job.start()

    @guarded
    def _done(self, job, extent):
        if job is not self.job or self.item is None:
            return
        self.job = None
        self.item.set_image(job.renderedImage(), extent)
        self.rendered.emit()

    def wait(self) -> None:
        """Block until the current rendering is drawn (tests, scripts)."""
        if self._timer.isActive():
            self.render()
        job = self.job
        if job is not None:
            job.waitForFinished()
            if self.job is job:  # finished was not delivered synchronously
                self._done(job, job.mapSettings().visibleExtent())

    # ---- mouse ----
    def set_position(self, x: float) -> None:
        if self.item is not None:
            self.item.set_x(x)

    @guarded
    def canvasMoveEvent(self, e):  # noqa: N802
        self.set_position(e.pos().x())

    @guarded
    def canvasPressEvent(self, e):  # noqa: N802
        self.set_position(e.pos().x())


# --- second canvas ------------------------------------------------------------------------------------

class SecondCanvas(QWidget):
    """A map canvas that shows the 'before' layer and follows the main canvas (centre, scale, CRS,
    rotation) both ways. A resize of either keeps following the main canvas; no feedback loops."""

    def __init__(self, main: QgsMapCanvas, parent=None):
        super().__init__(parent)
        self.main = main
        self.canvas = QgsMapCanvas(self)
        self.canvas.setObjectName("wpzfBeforeCanvas")
        self.canvas.setCanvasColor(QColor(255, 255, 255))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        self._syncing = False
        self._size = None
        main.extentsChanged.connect(self.follow_main)
        main.destinationCrsChanged.connect(self.follow_main)
        main.rotationChanged.connect(self.follow_main)
        self.canvas.extentsChanged.connect(self._second_moved)
        self.canvas.rotationChanged.connect(self._second_moved)
        self.follow_main()

    def set_layers(self, layers: list) -> None:
        self.canvas.setLayers([lyr for lyr in layers if lyr is not None])
        self.canvas.refresh()

    @guarded
    def follow_main(self, *_args) -> None:
        self._copy(self.main, self.canvas)
        self._size = self.canvas.mapSettings().outputSize()

    @guarded
    def _second_moved(self, *_args) -> None:
        size = self.canvas.mapSettings().outputSize()
        if size != self._size:  # resized, not moved: keep following the main canvas
            self.follow_main()
            return
        self._copy(self.canvas, self.main)

    def _copy(self, src: QgsMapCanvas, dst: QgsMapCanvas) -> None:
        if self._syncing or not _alive(src) or not _alive(dst):
            return
        self._syncing = True
        try:
            crs = src.mapSettings().destinationCrs()
            if dst.mapSettings().destinationCrs() != crs:
                dst.setDestinationCrs(crs)
            if dst.rotation() != src.rotation():
                dst.setRotation(src.rotation())
            center, mupp = src.center(), src.mapUnitsPerPixel()
            if mupp <= 0:
                return
            size = dst.mapSettings().outputSize()
            here = dst.center()
            if (abs(here.x() - center.x()) < mupp / 2 and abs(here.y() - center.y()) < mupp / 2
                    and abs(dst.mapUnitsPerPixel() - mupp) <= mupp * 1e-9):
                return
            hw, hh = size.width() * mupp / 2, size.height() * mupp / 2
            dst.setExtent(QgsRectangle(center.x() - hw, center.y() - hh, center.x() + hw, center.y() + hh))
            dst.refresh()
        finally:
            self._syncing = False

    def detach(self) -> None:
        if _alive(self.main):
            for sig in (self.main.extentsChanged, self.main.destinationCrsChanged, self.main.rotationChanged):
                try:
                    sig.disconnect(self.follow_main)
                except TypeError:
                    pass


class SecondCanvasDock(QDockWidget):
    closed = pyqtSignal()

    def __init__(self, main: QgsMapCanvas, parent=None):
        super().__init__(tr("Before imagery"), parent)
        self.setObjectName("wpzfBeforeCanvasDock")
        self.second = SecondCanvas(main, self)
        self.setWidget(self.second)

    def closeEvent(self, e):  # noqa: N802
        super().closeEvent(e)
        self.closed.emit()


# --- the controller --------------------------------------------------------------------------------------

class ImageryCompare(QObject):
    """Before/after imagery of the project: which layers, which is shown, swipe and second canvas.

    The chosen layers are remembered in the project. ``toggle_action`` has no shortcut: the dock
    assigns the user's key."""
    layersChanged = pyqtSignal()
    chosen = pyqtSignal()          # the user chose the layers (not: a layer left the project)
    shownChanged = pyqtSignal(str)
    swipeChanged = pyqtSignal(bool)
    secondCanvasChanged = pyqtSignal(bool)

    def __init__(self, iface, project: Optional[QgsProject] = None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.canvas = iface.mapCanvas()
        self._before_id: Optional[str] = None
        self._after_id: Optional[str] = None
        self.shown: Optional[str] = None
        self.swipe_tool: Optional[SwipeMapTool] = None
        self._previous_tool = None
        self.second_dock: Optional[SecondCanvasDock] = None
        self.toggle_action = QAction(tr("Toggle before/after imagery"), self)
        self.toggle_action.setToolTip(tr("Show the other of the two images"))
        self.toggle_action.triggered.connect(self.toggle)
        self.project.layersWillBeRemoved.connect(self._layers_removed)
        self.project.readProject.connect(self.restore)
        self.restore()

    @guarded
    def restore(self, *_args) -> None:
        """Take the layers remembered in the project (when they are there)."""
        before = self.project.readEntry(PROJECT_SCOPE, "compare/before", "")[0]
        after = self.project.readEntry(PROJECT_SCOPE, "compare/after", "")[0]
        if self.project.mapLayer(before) is not None or self.project.mapLayer(after) is not None:
            self.set_layers(before or None, after or None, remember=False)

    # ---- layers ----
    def before_layer(self):
        return self.project.mapLayer(self._before_id) if self._before_id else None

    def after_layer(self):
        return self.project.mapLayer(self._after_id) if self._after_id else None

    def set_layers(self, before_layer_id: Optional[str], after_layer_id: Optional[str], remember: bool = True):
        before_layer_id = before_layer_id or None
        after_layer_id = after_layer_id or None
        if (before_layer_id, after_layer_id) == (self._before_id, self._after_id):
            return
        self._before_id, self._after_id = before_layer_id, after_layer_id
        if remember:
            self.project.writeEntry(PROJECT_SCOPE, "compare/before", before_layer_id or "")
            self.project.writeEntry(PROJECT_SCOPE, "compare/after", after_layer_id or "")
        self.shown = None
        if self.swipe_tool is not None:
            self.swipe_tool.set_layer(self.before_layer())
        if self.second_dock is not None:
            self.second_dock.second.set_layers([self.before_layer()])
        self.layersChanged.emit()
        if remember:
            self.chosen.emit()

    @guarded
    def _layers_removed(self, ids):
        ids = set(ids)
        before = None if self._before_id in ids else self._before_id
        after = None if self._after_id in ids else self._after_id
        if (before, after) != (self._before_id, self._after_id):
            if self.swipe_tool is not None and before is None:
                self.swipe_tool.set_layer(None)
            if self.second_dock is not None and before is None:
                self.second_dock.second.set_layers([])
            self._before_id, self._after_id = before, after
            self.shown = None
            self.layersChanged.emit()

    # ---- toggle ----
    def _node(self, layer_id):
        return self.project.layerTreeRoot().findLayer(layer_id) if layer_id else None

    def _show(self, which: str) -> None:
        show_id, hide_id = (self._before_id, self._after_id) if which == BEFORE else (self._after_id, self._before_id)
        show, hide = self._node(show_id), self._node(hide_id)
        if show is None:
            return
        show.setItemVisibilityCheckedParentRecursive(True)
        if hide is not None and hide_id != show_id:
            hide.setItemVisibilityChecked(False)
        self.shown = which
        self.shownChanged.emit(which)

    def show_before(self) -> None:
        self._show(BEFORE)

    def show_after(self) -> None:
        self._show(AFTER)

    @guarded
    def toggle(self) -> Optional[str]:
        """Show the other image (the 'before' first); returns which is shown now."""
        if self.shown == BEFORE:
            self.show_after()
        else:
            self.show_before()
        return self.shown

    # ---- swipe ----
    @guarded
    def set_swipe(self, on: bool) -> None:
        active = self.swipe_tool is not None and self.canvas.mapTool() is self.swipe_tool
        if on == active:
            return
        if on:
            if self.swipe_tool is None:
                self.swipe_tool = SwipeMapTool(self.canvas, self.before_layer())
                self.swipe_tool.deactivated.connect(self._swipe_ended)
            else:
                self.swipe_tool.set_layer(self.before_layer())
            current = self.canvas.mapTool()
            self._previous_tool = current if current is not self.swipe_tool else None
            self.canvas.setMapTool(self.swipe_tool)
            self.swipeChanged.emit(True)
        else:
            previous = self._previous_tool
            self._previous_tool = None
            if _alive(previous):
                self.canvas.setMapTool(previous)
            else:
                self.canvas.unsetMapTool(self.swipe_tool)

    @guarded
    def _swipe_ended(self):
        self.swipeChanged.emit(False)

    def swipe_active(self) -> bool:
        return self.swipe_tool is not None and self.swipe_tool.is_active()

    # ---- second canvas ----
    @guarded
    def set_second_canvas(self, on: bool) -> None:
        if on and self.second_dock is None:
            dock = SecondCanvasDock(self.canvas, self.iface.mainWindow())
            dock.second.set_layers([self.before_layer()])
            dock.closed.connect(lambda: self.set_second_canvas(False))
            self.iface.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.show()
            self.second_dock = dock
            self.secondCanvasChanged.emit(True)
        elif not on and self.second_dock is not None:
            dock, self.second_dock = self.second_dock, None
            dock.second.detach()
            self.iface.removeDockWidget(dock)
            dock.hide()
            dock.deleteLater()
            self.secondCanvasChanged.emit(False)

    def unload(self) -> None:
        """Leave the canvas as it was: swipe off, second canvas closed, signals disconnected."""
        self.set_swipe(False)
        self.set_second_canvas(False)
        for sig, slot in ((self.project.layersWillBeRemoved, self._layers_removed),
                          (self.project.readProject, self.restore)):
            try:
                sig.disconnect(slot)
            except TypeError:
                pass


# --- the bar ---------------------------------------------------------------------------------------------

class CompareBar(QWidget):
    """Before/after layer choice, the toggle, the swipe tool and the second canvas, for the dock."""

    def __init__(self, compare: ImageryCompare, parent=None):
        super().__init__(parent)
        self.compare = compare
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.before_combo = QgsMapLayerComboBox(self)
        self.after_combo = QgsMapLayerComboBox(self)
        for combo in (self.before_combo, self.after_combo):
            # every raster provider: files (gdal), WMS/WMTS and XYZ (wms), …
            combo.setFilters(QgsMapLayerProxyModel.Filter.RasterLayer)
            combo.setAllowEmptyLayer(True)
        form.addRow(tr("Before"), self.before_combo)
        form.addRow(tr("After"), self.after_combo)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.toggle_button = QToolButton(self)
        self.toggle_button.setDefaultAction(compare.toggle_action)
        self.toggle_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.swipe_button = QToolButton(self)
        self.swipe_button.setText(tr("Swipe"))
        self.swipe_button.setToolTip(tr("Show the 'before' image left of the mouse"))
        self.swipe_button.setCheckable(True)
        self.second_check = QCheckBox(tr("Second map"), self)
        self.second_check.setToolTip(tr("A second map beside the main one showing 'before', in step with it"))
        row.addWidget(self.toggle_button)
        row.addWidget(self.swipe_button)
        row.addWidget(self.second_check)
        row.addStretch(1)
        lay.addLayout(row)
        self._sync_combos()
        self.before_combo.layerChanged.connect(self._chosen)
        self.after_combo.layerChanged.connect(self._chosen)
        self.swipe_button.toggled.connect(compare.set_swipe)
        self.second_check.toggled.connect(compare.set_second_canvas)
        compare.layersChanged.connect(self._sync_combos)
        compare.swipeChanged.connect(self._sync_swipe)
        compare.secondCanvasChanged.connect(self._sync_second)
        compare.shownChanged.connect(self._sync_shown)

    @guarded
    def _chosen(self, *_args):
        b, a = self.before_combo.currentLayer(), self.after_combo.currentLayer()
        self.compare.set_layers(b.id() if b else None, a.id() if a else None)

    @guarded
    def _sync_combos(self):
        for combo, layer in ((self.before_combo, self.compare.before_layer()),
                             (self.after_combo, self.compare.after_layer())):
            if combo.currentLayer() is not layer:
                combo.blockSignals(True)
                combo.setLayer(layer)
                combo.blockSignals(False)
        ready = self.compare.before_layer() is not None
        self.compare.toggle_action.setEnabled(ready and self.compare.after_layer() is not None)
        self.swipe_button.setEnabled(ready)
        self.second_check.setEnabled(ready)

    @guarded
    def _sync_swipe(self, on: bool):
        if self.swipe_button.isChecked() != on:
            self.swipe_button.blockSignals(True)
            self.swipe_button.setChecked(on)
            self.swipe_button.blockSignals(False)

    @guarded
    def _sync_second(self, on: bool):
        if self.second_check.isChecked() != on:
            self.second_check.blockSignals(True)
            self.second_check.setChecked(on)
            self.second_check.blockSignals(False)

    @guarded
    def _sync_shown(self, which: str):
        text = tr("Showing: before") if which == BEFORE else tr("Showing: after")
        self.toggle_button.setToolTip(text)
