"""N-date imagery (issue 19): any number of dated imagery layers of a workspace, shown as a grid of map views in
step with the main canvas and each other (or one at a time, stepped with a key), each labelled with its date;
"change first seen here" on a view records its date as the patch's 始建日期 through the findings form's save and
keeps a screenshot of the grid as an attachment of the patch. Presentation only: the dates and the grid's shape
come from core/imagery.py, the remembered series from store/settings.py."""
from __future__ import annotations

from typing import Optional

from qgis.core import QgsMapLayerProxyModel, QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.imagery import date_from_name, grid_shape, ordered_series, valid_date
from ..i18n import tr
from ..store import StoreError
from ..store.settings import imagery_series, layer_ref, set_imagery_series
from .compare import SecondCanvas, _alive
from .compat import QAction
from .guard import guarded
from .layers import add_layer_to_group, find_layer

START_DATE = "JSRQ"   # 始建日期 (rules/facts.py)


# --- the views -------------------------------------------------------------------------------------------

class SeriesView(QFrame):
    """One dated image: its date above a map view that follows the main canvas."""
    recordRequested = pyqtSignal(int)

    def __init__(self, index: int, layer, date: Optional[str], main, parent=None):
        super().__init__(parent)
        self.index, self.layer, self.date = index, layer, date
        self.setFrameShape(QFrame.Shape.Box)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        head = QHBoxLayout()
        self.label = QLabel(self)
        self.label.setText(date or tr("no date"))
        self.label.setToolTip(layer.name())
        self.label.setStyleSheet("font-weight: bold;")
        self.record_btn = QToolButton(self)
        self.record_btn.setText(tr("Change first seen here"))
        self.record_btn.setToolTip(tr("Record this image's date as the patch's start date (始建日期) and keep a "
                                      "screenshot of the views"))
        self.record_btn.setEnabled(bool(date))
        self.record_btn.clicked.connect(lambda: self.recordRequested.emit(self.index))
        head.addWidget(self.label, 1)
        head.addWidget(self.record_btn)
        lay.addLayout(head)
        self.second = SecondCanvas(main, self)
        self.canvas = self.second.canvas
        self.canvas.setObjectName(f"wpzfSeriesCanvas{index}")
        lay.addWidget(self.second, 1)
        self.main = main
        self.show_layers()
        main.layersChanged.connect(self.show_layers)

    @guarded
    def show_layers(self, *_args) -> None:
        """The image under the main map's vector layers (the patch outlines stay visible on every date)."""
        if not _alive(self.main) or not _alive(self.layer):
            return
        above = [lyr for lyr in self.main.layers() if isinstance(lyr, QgsVectorLayer)]
        self.second.set_layers(above + [self.layer])

    def detach(self) -> None:
        self.second.detach()
        try:
            self.main.layersChanged.disconnect(self.show_layers)
        except TypeError:
            pass

    def set_current(self, on: bool) -> None:
        self.setStyleSheet("SeriesView { border: 2px solid #d04010; }" if on else "")


class SeriesGrid(QWidget):
    """The views of a series: a grid (2×2, 2×3 … as the count needs) or one at a time."""
    currentChanged = pyqtSignal(int)
    recordRequested = pyqtSignal(int)

    def __init__(self, main, parent=None):
        super().__init__(parent)
        self.main = main
        self.views: list[SeriesView] = []
        self.current = 0
        self.single = False
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(3)

    def set_series(self, items: list[tuple]) -> None:
        """items: (layer, date) oldest first."""
        for v in self.views:
            v.detach()
            self.grid.removeWidget(v)
            v.deleteLater()
        self.views = []
        for i, (layer, date) in enumerate(items):
            v = SeriesView(i, layer, date, self.main, self)
            v.recordRequested.connect(self.recordRequested)
            self.views.append(v)
        self.current = min(self.current, max(len(items) - 1, 0))
        self._show()

    def set_single(self, on: bool) -> None:
        self.single = bool(on)
        self._show()

    def step(self, delta: int) -> int:
        if self.views:
            self.current = (self.current + delta) % len(self.views)
            self._show()
            self.currentChanged.emit(self.current)
        return self.current

    def _place(self) -> None:
        """Every view in its cell of the grid, or the current one alone in the whole space."""
        for v in self.views:
            self.grid.removeWidget(v)
        for k in range(self.grid.rowCount()):
            self.grid.setRowStretch(k, 0)
        for k in range(self.grid.columnCount()):
            self.grid.setColumnStretch(k, 0)
        if self.single and self.views:
            self.grid.addWidget(self.views[self.current], 0, 0)
            rows = cols = 1
        else:
            rows, cols = grid_shape(len(self.views))
            for i, v in enumerate(self.views):
                self.grid.addWidget(v, i // cols, i % cols)
        for k in range(rows):
            self.grid.setRowStretch(k, 1)
        for k in range(cols):
            self.grid.setColumnStretch(k, 1)

    def _show(self) -> None:
        self._place()
        for i, v in enumerate(self.views):
            v.setVisible(not self.single or i == self.current)
            v.set_current(not self.single and i == self.current and len(self.views) > 1)
            if not self.single or i == self.current:
                v.second.follow_main()

    def detach(self) -> None:
        for v in self.views:
            v.detach()


class SeriesDock(QDockWidget):
    closed = pyqtSignal()

    def __init__(self, main, parent=None):
        super().__init__(tr("Dated imagery"), parent)
        self.setObjectName("wpzfSeriesDock")
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        self.prev_btn, self.next_btn = QToolButton(body), QToolButton(body)
        self.prev_btn.setArrowType(Qt.ArrowType.LeftArrow)
        self.next_btn.setArrowType(Qt.ArrowType.RightArrow)
        self.single_btn = QToolButton(body)
        self.single_btn.setText(tr("One at a time"))
        self.single_btn.setCheckable(True)
        self.position = QLabel(body)
        for w in (self.single_btn, self.prev_btn, self.next_btn, self.position):
            bar.addWidget(w)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.grid = SeriesGrid(main, body)
        lay.addWidget(self.grid, 1)
        self.setWidget(body)
        self.single_btn.toggled.connect(self.grid.set_single)
        self.prev_btn.clicked.connect(lambda: self.grid.step(-1))
        self.next_btn.clicked.connect(lambda: self.grid.step(1))
        self.grid.currentChanged.connect(self._update_position)

    @guarded
    def _update_position(self, *_args):
        views = self.grid.views
        if not views:
            self.position.setText("")
            return
        v = views[self.grid.current]
        self.position.setText(f"{self.grid.current + 1}/{len(views)}  {v.date or tr('no date')}  {v.layer.name()}")

    def closeEvent(self, e):  # noqa: N802
        super().closeEvent(e)
        self.closed.emit()


# --- the panel in the Imagery tab ------------------------------------------------------------------------

class SeriesPanel(QGroupBox):
    """The workspace's dated imagery: which layers, their dates, the views. ``host`` is the dock (its ``ws``,
    ``current_fid``, ``findings`` and ``photos``)."""
    seriesChanged = pyqtSignal()

    def __init__(self, host, iface, project: Optional[QgsProject] = None, parent=None):
        super().__init__(tr("Dated imagery"), parent)
        self.host, self.iface = host, iface
        self.project = project or QgsProject.instance()
        self.items: list[dict] = []          # {"id": layer id, "date": ISO or None}, oldest first
        self.dock: Optional[SeriesDock] = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([tr("Layer"), tr("Date")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(150)
        self.table.itemChanged.connect(self._date_edited)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.combo = QgsMapLayerComboBox(self)
        self.combo.setFilters(QgsMapLayerProxyModel.Filter.RasterLayer)
        self.add_btn = QPushButton(tr("Add"), self)
        self.add_btn.clicked.connect(self._add_chosen)
        self.remove_btn = QPushButton(tr("Remove"), self)
        self.remove_btn.clicked.connect(self._remove_selected)
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_btn)
        row.addWidget(self.remove_btn)
        lay.addLayout(row)
        self.show_btn = QPushButton(tr("Show the dated views"), self)
        self.show_btn.setCheckable(True)
        self.show_btn.toggled.connect(self.set_views)
        lay.addWidget(self.show_btn)
        self.step_actions = {"series_previous": QAction(tr("Previous imagery date"), self),
                             "series_next": QAction(tr("Next imagery date"), self)}
        self.step_actions["series_previous"].triggered.connect(lambda: self.step(-1))
        self.step_actions["series_next"].triggered.connect(lambda: self.step(1))
        self.project.layersWillBeRemoved.connect(self._layers_removed)
        self._fill()

    # ---- the series ----
    def layers(self) -> list:
        return [self.project.mapLayer(i["id"]) for i in self.items]

    def set_series(self, items: list[tuple], remember: bool = True) -> None:
        """items: (layer, date or None; None = from the layer's name)."""
        out = []
        for layer, date in items:
            if layer is None or any(o["id"] == layer.id() for o in out):
                continue
            out.append({"id": layer.id(), "date": valid_date(date) if date else date_from_name(layer.name())})
        self.items = ordered_series(out)
        if remember:
            self.remember()
        self._fill()
        self._refresh_views()
        self.seriesChanged.emit()

    def remember(self) -> None:
        ws = getattr(self.host, "ws", None)
        if ws is None:
            return
        refs = []
        for item, layer in zip(self.items, self.layers()):
            if layer is not None:
                refs.append({"layer": layer_ref(layer.source(), layer.providerType(), layer.name()),
                             "date": item["date"]})
        try:
            set_imagery_series(ws, refs)
        except StoreError as e:   # a read-only team member: shown, not remembered
            self.iface.messageBar().pushWarning(tr("Imagery"), str(e))

    @guarded
    def restore(self, *_args) -> None:
        """The workspace's remembered series (layers added to its group when the project lacks them); a workspace
        that remembers none takes the project's rasters whose names carry a date, when there are three or more."""
        ws = getattr(self.host, "ws", None)
        if ws is None:
            self.set_series([], remember=False)
            return
        remembered = imagery_series(ws)
        items = []
        for entry in remembered:
            ref = entry["layer"]
            layer = find_layer(self.project, ref["source"], ref["provider"], QgsRasterLayer)
            if layer is None:
                layer = QgsRasterLayer(ref["source"], ref.get("name") or ref["source"], ref["provider"])
                if not layer.isValid():
                    continue
                add_layer_to_group(ws, layer, self.project)
            items.append((layer, entry["date"]))
        if remembered:
            self.set_series(items, remember=False)
            return
        dated = [n.layer() for n in self.project.layerTreeRoot().findLayers()
                 if isinstance(n.layer(), QgsRasterLayer) and date_from_name(n.layer().name())]
        self.set_series([(lyr, None) for lyr in dated] if len(dated) >= 3 else [], remember=len(dated) >= 3)

    @guarded
    def _layers_removed(self, ids):
        ids = set(ids)
        if any(i["id"] in ids for i in self.items):
            self.items = [i for i in self.items if i["id"] not in ids]
            self._fill()
            self._refresh_views()
            self.seriesChanged.emit()

    # ---- the table ----
    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for r, (item, layer) in enumerate(zip(self.items, self.layers())):
            name = QTableWidgetItem(layer.name() if layer is not None else "?")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, name)
            date = QTableWidgetItem(item["date"] or "")
            date.setToolTip(tr("The image's date, YYYY-MM-DD"))
            self.table.setItem(r, 1, date)
        self.table.blockSignals(False)
        enough = len(self.items) >= 1
        self.show_btn.setEnabled(enough)
        for a in self.step_actions.values():
            a.setEnabled(enough)

    @guarded
    def _date_edited(self, cell: QTableWidgetItem):
        if cell.column() != 1 or cell.row() >= len(self.items):
            return
        text = cell.text().strip()
        date = valid_date(text) if text else None
        if text and date is None:
            QMessageBox.warning(self, tr("Dated imagery"), tr("Not a date: {text} (YYYY-MM-DD)").format(text=text))
            self._fill()
            return
        self.items[cell.row()]["date"] = date   # an emptied date stays empty (the name is not read again)
        self.items = ordered_series(self.items)
        self.remember()
        self._fill()
        self._refresh_views()
        self.seriesChanged.emit()

    @guarded
    def _add_chosen(self, *_args):
        layer = self.combo.currentLayer()
        if layer is not None:
            self.set_series([(lyr, i["date"]) for i, lyr in zip(self.items, self.layers())] + [(layer, None)])

    @guarded
    def _remove_selected(self, *_args):
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.set_series([(lyr, i["date"]) for r, (i, lyr) in enumerate(zip(self.items, self.layers()))
                         if r not in rows])

    # ---- the views ----
    @guarded
    def set_views(self, on: bool) -> None:
        if on and self.dock is None:
            dock = SeriesDock(self.iface.mapCanvas(), self.iface.mainWindow())
            dock.closed.connect(lambda: self.set_views(False))
            dock.grid.recordRequested.connect(self.record_first_change)
            self.iface.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.show()
            self.dock = dock
            self._refresh_views()
        elif not on and self.dock is not None:
            dock, self.dock = self.dock, None
            dock.grid.detach()
            self.iface.removeDockWidget(dock)
            dock.hide()
            dock.deleteLater()
        if self.show_btn.isChecked() != on:
            self.show_btn.blockSignals(True)
            self.show_btn.setChecked(on)
            self.show_btn.blockSignals(False)

    def _refresh_views(self) -> None:
        if self.dock is not None:
            self.dock.grid.set_series([(lyr, i["date"]) for i, lyr in zip(self.items, self.layers())
                                       if _alive(lyr)])
            self.dock._update_position()

    @guarded
    def step(self, delta: int) -> Optional[int]:
        """The next/previous date, one view at a time (the views open when they are closed)."""
        if not self.items:
            return None
        if self.dock is None:
            self.set_views(True)
        self.dock.single_btn.setChecked(True)   # the key flips through the dates in one view
        return self.dock.grid.step(delta)

    # ---- evidence ----
    @guarded
    def record_first_change(self, index: int) -> bool:
        """The change first appears on image ``index``: its date becomes the 始建日期 of the patch (the findings
        form's audited save) and a screenshot of the views is kept with the patch. False when nothing was saved."""
        from ..exchange.screenshots import attach_screenshot, screenshot_name
        from ..store.queue import patch_card

        host = self.host
        ws, fid = getattr(host, "ws", None), getattr(host, "current_fid", None)
        title = tr("Change first seen here")
        if ws is None or fid is None:
            QMessageBox.information(self, title, tr("Choose a patch in the queue first."))
            return False
        date = self.items[index]["date"] if 0 <= index < len(self.items) else None
        if not date:
            QMessageBox.information(self, title, tr("This image has no date: set it in the Imagery tab."))
            return False
        form = host.findings.form
        editor = form.editors.get(START_DATE) if form is not None else None
        if editor is None:
            QMessageBox.information(self, title, tr("The rules of this patch do not use the start date (始建日期)."))
            return False
        png = self._grab_png()   # before saving: "next after saving" may move the views to another patch
        editor.set_value(date)
        if not host.findings.save():
            return False
        if png is not None:
            card = patch_card(ws, int(fid))
            key = (card or {}).get("JCBH") or str(fid)
            report = attach_screenshot(ws, int(fid), png, screenshot_name(key, date), source="dock:imagery_series")
            if not report.ok:
                self.iface.messageBar().pushWarning(title, report.text())
            elif getattr(host, "current_fid", None) == fid and hasattr(host, "photos"):
                host.photos.set_patch(ws, int(fid))
        return True

    def _grab_png(self) -> Optional[bytes]:
        if self.dock is None:
            return None
        image = self.dock.grid.grab()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")
        buf.close()
        return bytes(data)

    def unload(self) -> None:
        self.set_views(False)
        try:
            self.project.layersWillBeRemoved.disconnect(self._layers_removed)
        except TypeError:
            pass
