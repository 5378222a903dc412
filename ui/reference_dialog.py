"""参考数据图层: the county's reference layers registered in the workspace (approvals, temporary use, facility
filings, mining rights, protected zones, earlier patches …), each with its kind and field mapping; adding,
changing and removing them; and 预填, the overlay that turns them into suggested facts, as a background task.

Presentation only: the registry is store.reference, the kinds are data (rules/reference_kinds.json), the
overlay and suggestions are exchange.reference_layers. A kind is always shown by its Chinese name.
"""
from __future__ import annotations

from typing import Optional

from qgis.core import QgsApplication, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..store import StoreError
from ..store.settings import layer_ref
from .dialog_footer import add_footer
from .guard import guarded, logged_message
from .layers import find_layer
from .tasks import WorkspaceTask

WPZF_PROVIDER = "wpzf"          # exchange.reference_layers: a layer ref naming a WPZF workspace
EARLIER = "earlier_patches"


def _is_workspace_file(path: str) -> bool:
    """Whether ``path`` is a WPZF workspace (a GeoPackage with a patches table)."""
    import sqlite3

    if not str(path).lower().endswith(".gpkg"):
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(con.execute("SELECT 1 FROM sqlite_master WHERE name = 'wz_patch'").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return False


def columns() -> list[str]:
    return [tr("Kind"), tr("Layer"), tr("Features"), tr("Last pre-fill"), tr("State")]


def kinds() -> dict:
    """The reference kinds {id: Kind} (rules/reference_kinds.json; a province may add its own)."""
    from ..rules.reference_kinds import load_kinds

    return load_kinds()


def kind_name(kind_id: str) -> str:
    from ..rules.reference_kinds import kind_label

    return kind_label(kind_id)


def _polygon_layers_filter():
    return QgsMapLayerProxyModel.Filter.PolygonLayer   # scoped: QGIS 3.22 and 3.40 both have it


def confirm_remove(parent, text: str) -> bool:
    """Ask before removing a registered layer (tests monkeypatch it)."""
    return QMessageBox.question(parent, tr("Remove reference layer"), text) == QMessageBox.StandardButton.Yes


class PrefillTask(WorkspaceTask):
    """exchange.prefill.prefill off the UI thread; ``on_done(result, error, cancelled)`` on the main one."""

    def __init__(self, location, layer_ids: Optional[list[str]], on_done):
        super().__init__(tr("Pre-filling facts from reference layers"), location)
        self.layer_ids, self.on_done = layer_ids, on_done
        self.result: Optional[dict] = None

    def work(self, ws) -> bool:
        from ..exchange.prefill import prefill

        self.result = prefill(ws, layer_ids=self.layer_ids, progress=self.progress, is_cancelled=self.isCanceled,
                              source="dock")
        return not self.isCanceled()

    @guarded
    def finished(self, result):
        self.on_done(self.result, self.error, self.isCanceled())


class AddReferenceDialog(QDialog):
    """One registration: the kind, the layer (polygons), the layer's field for each of the kind's attributes
    (pre-selected by their usual names, or as registered before) and whether the layer is complete."""

    def __init__(self, ws, existing: Optional[dict] = None, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.existing = existing
        self.registered = {}   # (source, provider) → registration, to offer a layer's remembered mapping
        from ..store.reference import reference_layers

        for reg in reference_layers(ws):
            ref = reg.get("layer") or {}
            self.registered[(ref.get("source"), ref.get("provider"))] = reg
        self.setWindowTitle(tr("Change reference layer") if existing else tr("Add reference layer"))
        self.setMinimumWidth(440)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind = QComboBox(self)
        self.kinds = kinds()
        for kid, k in self.kinds.items():
            self.kind.addItem(k.name, kid)
            self.kind.setItemData(self.kind.count() - 1, k.description, Qt.ItemDataRole.ToolTipRole)
        form.addRow(tr("Kind"), self.kind)
        self.description = QLabel("", self)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555555;")
        form.addRow("", self.description)
        row = QHBoxLayout()
        self.layer = QgsMapLayerComboBox(self)
        self.layer.setFilters(_polygon_layers_filter())
        self.layer.setAllowEmptyLayer(True)
        row.addWidget(self.layer, 1)
        self.file_btn = QToolButton(self)
        self.file_btn.setText(tr("File…"))
        self.file_btn.setToolTip(tr("Add a layer from a file (Shapefile, GeoPackage, an earlier year's workspace …)"))
        self.file_btn.clicked.connect(self.add_file)
        row.addWidget(self.file_btn)
        form.addRow(tr("Layer"), row)
        # earlier_patches may be a WPZF workspace of an earlier year instead of a layer
        self.workspace_ref: Optional[dict] = None
        self.workspace_label = QLabel("", self)
        self.workspace_label.setWordWrap(True)
        self.workspace_label.hide()
        form.addRow("", self.workspace_label)
        lay.addLayout(form)
        self.fields_box = QGroupBox(tr("Fields"), self)
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.field_combos: dict[str, QgsFieldComboBox] = {}
        lay.addWidget(self.fields_box)
        self.complete = QCheckBox(tr("Complete data"), self)
        lay.addWidget(self.complete)
        self.complete_note = QLabel(tr("The layer holds every such record of the county: a patch it does not cover "
                                       "gets the suggestion 'not obtained' (图层未覆盖即建议“未取得”)."), self)
        self.complete_note.setWordWrap(True)
        self.complete_note.setStyleSheet("color: #555555;")
        lay.addWidget(self.complete_note)
        self.message = add_footer(self, lay, self._ok)
        self.layer_id: Optional[str] = None
        if existing:
            self.kind.setCurrentIndex(max(0, self.kind.findData(existing["kind"])))
            ref = existing.get("layer") or {}
            if ref.get("provider") == WPZF_PROVIDER:
                self._use_workspace(ref)
                ref = {}
            layer = find_layer(QgsProject.instance(), ref.get("source", ""), ref.get("provider", ""))
            if layer is None and ref.get("source"):
                layer = self._add_to_project(ref["source"], ref.get("name") or "", ref.get("provider") or "ogr")
            if layer is not None:
                self.layer.setLayer(layer)
        else:
            self.layer.setLayer(None)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.layer.layerChanged.connect(self._layer_changed)
        self._kind_changed()

    # ---- choices ----
    def kind_id(self) -> Optional[str]:
        return self.kind.currentData()

    def _registration(self, layer) -> Optional[dict]:
        """The registration of ``layer`` as the current kind (this dialog's, or an earlier one of the same file)."""
        if self.existing is not None:
            return self.existing
        if layer is None:
            return None
        reg = self.registered.get((layer.source(), layer.providerType()))
        return reg if reg is not None and reg.get("kind") == self.kind_id() else None

    def _use_workspace(self, ref: Optional[dict]) -> None:
        self.workspace_ref = ref
        self.workspace_label.setText(tr("Patches of the earlier year's WPZF workspace {name}").format(
            name=ref["name"]) if ref else "")
        self.workspace_label.setVisible(ref is not None)
        self.layer.setEnabled(ref is None)
        self.fields_box.setVisible(ref is None and bool(self.field_combos))

    @guarded
    def _kind_changed(self, *_args):
        if self.kind_id() != EARLIER and self.workspace_ref is not None:
            self._use_workspace(None)
        kind = self.kinds.get(self.kind_id())
        self.description.setText(kind.description if kind else "")
        self.complete.setChecked(bool(kind.complete_default) if kind else False)
        self._layer_changed()

    @guarded
    def _layer_changed(self, *_args):
        from ..exchange.reference_layers import guess_mapping

        layer = self.layer.currentLayer()
        kind = self.kinds.get(self.kind_id())
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_combos = {}
        if kind is None:
            return
        reg = self._registration(layer)
        names = layer.fields().names() if layer is not None else []
        mapping = dict(reg.get("mapping") or {}) if reg else guess_mapping(kind.id, names)
        for attr in kind.attributes:
            combo = QgsFieldComboBox(self.fields_box)
            combo.setAllowEmptyFieldName(True)   # optional attributes may stay empty
            if layer is not None:
                combo.setLayer(layer)
            combo.setField(mapping.get(attr.key) or "")
            self.fields_form.addRow(attr.label, combo)
            self.field_combos[attr.key] = combo
        self.fields_box.setVisible(bool(kind.attributes) and self.workspace_ref is None)
        if reg is not None and reg.get("complete") is not None:
            self.complete.setChecked(bool(reg["complete"]))

    def mapping(self) -> dict:
        return {key: combo.currentField() for key, combo in self.field_combos.items() if combo.currentField()}

    def _add_to_project(self, path: str, name: str = "", provider: str = "ogr"):
        layer = QgsVectorLayer(path, name or path.replace("\\", "/").rsplit("/", 1)[-1], provider)
        if not layer.isValid():
            return None
        QgsProject.instance().addMapLayer(layer)
        return layer

    @guarded
    def add_file(self, path: Optional[str] = None):
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, tr("Add reference layer"), "",
                                                  tr("Vector files") + " (*.shp *.gpkg *.geojson *.json *.kml *.tab)")
        if not path:
            return None
        if _is_workspace_file(path):   # an earlier year's workspace: its patches with their determinations
            self.kind.setCurrentIndex(self.kind.findData(EARLIER))
            self._use_workspace(layer_ref(path, WPZF_PROVIDER, path.replace("\\", "/").rsplit("/", 1)[-1]))
            return self.workspace_ref
        layer = self._add_to_project(path)
        if layer is None:
            QMessageBox.warning(self, tr("Add reference layer"), tr("{path} is not a layer QGIS can read.").format(
                path=path))
            return None
        self.layer.setLayer(layer)
        return layer

    # ---- registering ----
    @guarded
    def _ok(self):
        if self.register():
            self.accept()

    def register(self) -> Optional[str]:
        """Register (or change) the layer; the registration's id, or None with the reason shown."""
        from ..store.reference import register_layer

        layer = self.layer.currentLayer()
        if self.workspace_ref is not None:
            ref, reg = self.workspace_ref, self.existing or next(
                (r for (src, prov), r in self.registered.items()
                 if (src, prov) == (self.workspace_ref["source"], WPZF_PROVIDER)), None)
        elif layer is None or self.kind_id() is None:
            self._refuse(tr("Choose the kind and the layer."))
            return None
        else:
            ref = layer_ref(layer.source(), layer.providerType(), layer.name())
            reg = self._registration(layer)
        try:
            self.layer_id = register_layer(self.ws, self.kind_id(), ref, self.mapping(), self.complete.isChecked(),
                                           layer_id=reg["id"] if reg else None)
        except StoreError as e:
            self._refuse(str(e))
            return None
        return self.layer_id

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class ReferenceLayersDialog(QDialog):
    """The registered reference layers of a workspace; 预填 runs in the background with progress and cancel.
    ``prefilled(result)`` when a pre-fill ended having written (the dock reloads)."""
    prefilled = pyqtSignal(object)

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.task: Optional[PrefillTask] = None
        self.last_result: Optional[dict] = None
        self.setWindowTitle(tr("Reference layers (参考数据图层)"))
        lay = QVBoxLayout(self)
        intro = QLabel(tr("The county's own data (approvals, temporary use, facility filings, mining rights, "
                          "protected zones, earlier patches) suggests facts for every patch and part, each with the "
                          "feature it came from; a person accepts them in the findings tab."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = QTableWidget(0, len(columns()), self)
        self.table.setHorizontalHeaderLabels(columns())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.change())
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_btn = QPushButton(tr("Add…"), self)
        self.add_btn.clicked.connect(lambda: self.add())
        self.change_btn = QPushButton(tr("Change…"), self)
        self.change_btn.clicked.connect(lambda: self.change())
        self.remove_btn = QPushButton(tr("Remove"), self)
        self.remove_btn.clicked.connect(lambda: self.remove())
        self.prefill_btn = QPushButton(tr("Pre-fill"), self)
        self.prefill_btn.setToolTip(tr("Overlay the selected layers (none selected: all) with every patch and part, "
                                       "and suggest facts from them"))
        self.prefill_btn.clicked.connect(lambda: self.prefill())
        for b in (self.add_btn, self.change_btn, self.remove_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.prefill_btn)
        lay.addLayout(row)
        busy = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.cancel_btn = QPushButton(tr("Cancel"), self)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_btn)
        self.busy = QWidget(self)
        self.busy.setLayout(busy)
        self.busy.hide()
        lay.addWidget(self.busy)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.resize(640, 400)
        self.layers: list[dict] = []
        self.reload()
        self._fitted = False

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if not self._fitted:   # once laid out: the table's real height is known
            self._fitted = True
            self._fit_rows()

    def _fit_rows(self) -> None:
        """Tall enough to list every registered layer without scrolling (at 400 px the eighth was hidden), within
        three quarters of the screen."""
        t = self.table
        need = t.horizontalHeader().height() + t.verticalHeader().length() + 2 * t.frameWidth() + 2
        if t.horizontalScrollBar().isVisible():
            need += t.horizontalScrollBar().height()
        screen = QApplication.primaryScreen()
        cap = screen.availableGeometry().height() * 3 // 4 if screen is not None else 600
        if need > t.height():
            self.resize(self.width(), min(self.height() + need - t.height(), max(cap, self.height())))

    def reload(self) -> None:
        from ..exchange.reference_layers import stale_layers
        from ..store.reference import reference_layers

        self.layers = reference_layers(self.ws)
        try:
            stale = set(stale_layers(self.ws))
        except Exception as e:  # noqa: BLE001 - a layer that cannot be opened: said in its row, not a failure
            logged_message(e, tr("Reference layers (参考数据图层)"))
            stale = set()
        self.table.setRowCount(len(self.layers))
        for r, reg in enumerate(self.layers):
            ref = reg.get("layer") or {}
            state = []
            if reg["id"] in stale:
                state.append(tr("changed since the pre-fill (已变更)"))
            if not reg.get("prefilled"):
                state.append(tr("not pre-filled yet"))
            if reg.get("complete"):
                state.append(tr("complete data"))
            cells = (kind_name(reg["kind"]), ref.get("name") or ref.get("source") or "",
                     "" if reg.get("features") is None else str(reg["features"]),
                     _stamp(reg.get("prefilled")), "；".join(state))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setToolTip(ref.get("source") or "")
                if c == 4 and reg["id"] in stale:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        has = bool(self.layers)
        for b in (self.change_btn, self.remove_btn, self.prefill_btn):
            b.setEnabled(has and self.task is None)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.layers[r]["id"] for r in rows if r < len(self.layers)]

    # ---- commands ----
    @guarded
    def add(self, exec_dialog: bool = True) -> Optional[AddReferenceDialog]:
        dlg = AddReferenceDialog(self.ws, parent=self)
        if exec_dialog and dlg.exec():
            self.reload()
        return dlg

    @guarded
    def change(self, exec_dialog: bool = True) -> Optional[AddReferenceDialog]:
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        reg = next(r for r in self.layers if r["id"] == ids[0])
        dlg = AddReferenceDialog(self.ws, existing=reg, parent=self)
        if exec_dialog and dlg.exec():
            self.reload()
        return dlg

    @guarded
    def remove(self) -> int:
        from ..store.reference import unregister_layer

        ids = self.selected_ids()
        if not ids or not confirm_remove(self, tr(
                "Remove {n} reference layer(s) from this workspace? Their overlay is deleted and their pending "
                "suggestions lapse; accepted facts stay.").format(n=len(ids))):
            return 0
        for layer_id in ids:
            unregister_layer(self.ws, layer_id, source="dock")
        self.reload()
        self.prefilled.emit({})
        return len(ids)

    @guarded
    def prefill(self, layer_ids: Optional[list[str]] = None) -> Optional[PrefillTask]:
        """Pre-fill the given layers (default: the selected ones, else all) as a background task."""
        if self.task is not None or not self.layers:
            return None
        layer_ids = layer_ids if layer_ids is not None else (self.selected_ids() or None)
        task = PrefillTask(self.ws.location, layer_ids, self._prefill_done)
        self.task = task
        self.progress.setValue(0)
        self.progress.setFormat(tr("Pre-filling: %p%"))
        self.busy.show()
        self.status.setText("")
        task.progressChanged.connect(lambda v: self.progress.setValue(int(v)))
        self.cancel_btn.clicked.connect(task.cancel)
        for b in (self.add_btn, self.change_btn, self.remove_btn, self.prefill_btn):
            b.setEnabled(False)
        QgsApplication.taskManager().addTask(task)
        return task

    @guarded
    def _prefill_done(self, result, error, cancelled):
        self.task = None
        self.busy.hide()
        try:
            self.cancel_btn.clicked.disconnect()
        except TypeError:
            pass
        self.add_btn.setEnabled(True)
        self.last_result = result
        if error is not None:
            text = tr("The pre-fill failed: {error}").format(error=logged_message(error))
            self.status.setText(text)
            QMessageBox.critical(self, tr("Pre-fill"), text)
        elif cancelled:
            self.status.setText(tr("Cancelled; layers already done are kept."))
        elif result is not None:
            self.status.setText(tr("{layers} layer(s), {units} patches and parts: {n} suggestion(s) to confirm in "
                                   "the findings tab ({seconds:.1f} s).").format(
                layers=result.get("layers", 0), units=result.get("units", 0), n=result.get("suggestions", 0),
                seconds=float(result.get("seconds", 0.0))))
        self.reload()
        if error is None:
            self.prefilled.emit(result or {})


def _stamp(text) -> str:
    """A stored UTC stamp as a person reads it (2021-05-06 08:30)."""
    if not text:
        return ""
    return str(text).replace("T", " ")[:16]


@guarded
def open_dialog(dock) -> Optional[ReferenceLayersDialog]:
    """The dialog for the dock's workspace, non-modal (the map stays usable); the dock reloads after a pre-fill."""
    if dock.ws is None:
        QMessageBox.information(dock, tr("Reference layers (参考数据图层)"), tr("Open or create a workspace first."))
        return None
    dlg = ReferenceLayersDialog(dock.ws, dock)
    dlg.prefilled.connect(lambda _r: dock.after_background_change())
    dlg.show()
    dock._reference_dlg = dlg
    return dlg
