"""The WPZF dock: open or create a workspace, import batches, list and step to patches.

(The full review dock — facts, imagery compare, photos — grows here in later work; this is the
workspace and queue part.)
"""
from __future__ import annotations

import html
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
)
from qgis.gui import QgsHighlight
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..exchange.mapping import ProfileStore
from ..i18n import tr, tr_noop
from ..store import StoreError, create_workspace, open_workspace
from ..store.determinations import determine_patches
from ..store.schema import STATUSES
from .import_dialog import ImportDialog
from .layers import workspace_layers
from .settings import Settings
from .tasks import ImportTask

COLUMNS = (("JCBH", tr_noop("Patch id")), ("PCBH", tr_noop("Batch")), ("JB", tr_noop("Level")),
           ("XZMC", tr_noop("Township")), ("TBMJMU", tr_noop("Area (mu)")), ("ZT", tr_noop("Status")),
           ("PDJG", tr_noop("Determination")), ("HCJZ", tr_noop("Deadline")))


def missing_labels(codes: str) -> str:
    from ..rules import FACTS_BY_CODE

    return "、".join(FACTS_BY_CODE[c].alias if c in FACTS_BY_CODE else c for c in str(codes).split(",") if c)


def to_qgs_geometry(geom) -> QgsGeometry:
    """shapely → QGIS through 2-D ISO WKB (explicit: inside the QGIS desktop shapely may be bound to the
    GEOS that QGIS loaded, whose defaults differ)."""
    import shapely

    g = QgsGeometry()
    g.fromWkb(shapely.to_wkb(geom, output_dimension=2, flavor="iso", byte_order=1))
    return g


class PatchTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.df = None

    def set_frame(self, df):
        self.beginResetModel()
        self.df = df.reset_index(drop=True)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if self.df is None or parent.isValid() else len(self.df)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.df is None:
            return None
        code = COLUMNS[index.column()][0]
        v = self.df.at[index.row(), code]
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None or v != v:
                return ""
            return f"{v:.2f}" if code == "TBMJMU" else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and code == "TBMJMU":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section][1])
        return None

    def fid_at(self, row: int):
        return int(self.df.at[row, "fid"]) if self.df is not None and 0 <= row < len(self.df) else None


class WpzfDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Satellite Enforcement"), parent)
        self.setObjectName("wpzfDock")
        self.iface = iface
        self.settings = Settings()
        self.ws = None
        self.highlight = None
        self.last_report = None
        body = QWidget(self)
        lay = QVBoxLayout(body)
        top = QHBoxLayout()
        self.ws_label = QLabel(tr("No workspace open"), body)
        self.ws_label.setWordWrap(True)
        top.addWidget(self.ws_label, 1)
        self.open_btn = QPushButton(tr("Open…"), body)
        self.new_btn = QPushButton(tr("New…"), body)
        self.import_btn = QPushButton(tr("Import batch…"), body)
        self.determine_btn = QPushButton(tr("Determine"), body)
        self.determine_btn.setToolTip(tr("Determine the listed patches from their recorded facts (附件4)"))
        self.determine_btn.clicked.connect(self.determine_listed)
        self.open_btn.clicked.connect(self.choose_workspace)
        self.new_btn.clicked.connect(self.new_workspace)
        self.import_btn.clicked.connect(self.import_batch)
        for b in (self.open_btn, self.new_btn, self.import_btn, self.determine_btn):
            top.addWidget(b)
        lay.addLayout(top)
        filters = QHBoxLayout()
        self.batch_filter = QComboBox(body)
        self.status_filter = QComboBox(body)
        self.status_filter.addItem(tr("All statuses"), None)
        for s in STATUSES:
            self.status_filter.addItem(s, s)
        self.search = QLineEdit(body)
        self.search.setPlaceholderText(tr("Search patch id, township, village"))
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.batch_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search, 1)
        lay.addLayout(filters)
        self.model = PatchTableModel(self)
        self.table = QTableView(body)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.go_to_row(cur.row()))
        lay.addWidget(self.table, 1)
        self.determination = QTextBrowser(body)
        self.determination.setMaximumHeight(150)
        self.determination.setPlaceholderText(tr("Select a patch to see its determination"))
        lay.addWidget(self.determination)
        self.count_label = QLabel("", body)
        lay.addWidget(self.count_label)
        busy = QHBoxLayout()
        self.progress = QProgressBar(body)
        self.progress.setRange(0, 100)
        self.cancel_btn = QPushButton(tr("Cancel"), body)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_btn)
        lay.addLayout(busy)
        self.progress.hide()
        self.cancel_btn.hide()
        self.batch_filter.currentIndexChanged.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.setWidget(body)
        self._set_enabled(False)
        last = self.settings.last_workspace
        if last and Path(last).exists():
            try:
                self.open(last)
            except StoreError:
                pass

    # ---- workspace ----
    def _set_enabled(self, on: bool):
        for w in (self.import_btn, self.determine_btn, self.batch_filter, self.status_filter, self.search,
                  self.table):
            w.setEnabled(on)

    def choose_workspace(self):
        path, _ = QFileDialog.getOpenFileName(self, tr("Open workspace"), self.settings.last_workspace,
                                              tr("WPZF workspace") + " (*.gpkg)")
        if path:
            self.open(path)

    def new_workspace(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("New workspace"), "", tr("WPZF workspace") + " (*.gpkg)")
        if not path:
            return
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        try:
            create_workspace(path).close()
        except StoreError as e:
            QMessageBox.warning(self, tr("New workspace"), str(e))
            return
        self.open(path)

    def open(self, path: str):
        try:
            ws = open_workspace(path)
        except StoreError as e:
            QMessageBox.warning(self, tr("Open workspace"), str(e))
            raise
        self.close_workspace()
        self.ws = ws
        self.settings.last_workspace = str(path)
        self.ws_label.setText(tr("Workspace: {path}").format(path=Path(path).name))
        self.ws_label.setToolTip(str(path))
        workspace_layers(ws)
        self._set_enabled(True)
        self.reload_batches()

    def close_workspace(self):
        self._clear_highlight()
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        self._set_enabled(False)

    def reload_batches(self):
        self.batch_filter.blockSignals(True)
        self.batch_filter.clear()
        self.batch_filter.addItem(tr("All batches"), None)
        for _, b in self.ws.batch_list().iterrows():
            self.batch_filter.addItem(f"{b['PCBH']} ({b['JB']}, {b['TBS']})", int(b["fid"]))
        self.batch_filter.blockSignals(False)
        self.refresh()

    def refresh(self):
        if self.ws is None:
            return
        df = self.ws.patch_list(self.batch_filter.currentData(), self.status_filter.currentData(),
                                self.search.text().strip() or None)
        self.model.set_frame(df)
        total = self.ws.count("wz_patch")
        done = int((df["ZT"] != "待核查").sum()) if len(df) else 0
        self.count_label.setText(tr("{shown} of {total} patches shown; {done} of them reviewed").format(
            shown=len(df), total=total, done=done))

    # ---- navigation ----
    def go_to_row(self, row: int):
        fid = self.model.fid_at(row)
        if fid is None or self.ws is None:
            return
        patch = self.ws.get("wz_patch", fid, geometry=True)
        if patch is None or patch.get("geom") is None:
            return
        self.show_determination(fid)
        geom = to_qgs_geometry(patch["geom"])
        canvas = self.iface.mapCanvas()
        xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4490"),
                                       canvas.mapSettings().destinationCrs(), QgsProject.instance())
        geom.transform(xform)
        rect = geom.boundingBox()
        rect.grow(max(rect.width(), rect.height()) * 1.0 or 0.001)  # context around the patch
        canvas.setExtent(rect)
        self._clear_highlight()
        layers = workspace_layers(self.ws, add=False)
        if "wz_patch" in layers:
            self.highlight = QgsHighlight(canvas, geom, layers["wz_patch"])
            self.highlight.setColor(QColor(255, 255, 0))
            self.highlight.setWidth(3)
            self.highlight.setFillColor(QColor(255, 255, 0, 40))
            self.highlight.show()
        canvas.refresh()

    def _clear_highlight(self):
        if self.highlight is not None:
            self.highlight.hide()
            self.highlight = None

    def show_determination(self, fid: int):
        rows = self.ws.select("wz_determ", where=f'"TBID" = {self.ws.ph} AND "FGID" IS NULL', params=(fid,))
        if rows.empty:
            self.determination.setPlainText(tr("Not determined yet."))
            return
        d = rows.iloc[0]
        parts = [f"<b>{html.escape(str(d['PDJG']))}</b>"]
        if d["PDTK"]:
            parts.append(tr("clause {clause}").format(clause=html.escape(str(d["PDTK"]))))
        if d["PDBZ"]:
            parts.append(html.escape(str(d["PDBZ"])))
        text = "　".join(parts) + "<br>" + html.escape(str(d["PDYJSM"] or ""))
        if d["QSSS"]:
            text += "<br><i>" + tr("Still missing: {facts}").format(facts=html.escape(missing_labels(d["QSSS"]))) + "</i>"
        self.determination.setHtml(text)

    def determine_listed(self):
        """Determine the patches the queue shows (one audited transaction)."""
        if self.ws is None or self.model.df is None or not len(self.model.df):
            return
        from qgis.PyQt.QtWidgets import QApplication

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            res = determine_patches(self.ws, self.model.df["fid"].astype(int).tolist(), source="dock")
        except StoreError as e:
            QMessageBox.warning(self, tr("Determine"), str(e))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        counts = res["PDJG"].value_counts()
        self.iface.messageBar().pushSuccess(tr("Determine"), "；".join(f"{k} {v}" for k, v in counts.items()))
        for layer in workspace_layers(self.ws, add=False).values():
            layer.triggerRepaint()

    # ---- actions ----
    def import_batch(self):
        if self.ws is None:
            QMessageBox.information(self, tr("Import batch"), tr("Open or create a workspace first."))
            return
        store = ProfileStore(self.settings.profile_dir)
        dlg = ImportDialog(store, self.settings.last_import_dir, self)
        if not dlg.exec():
            return
        source, meta = dlg.values()
        self.settings.last_import_dir = str(Path(source).parent)
        self.start_import(source, meta, dlg.mapping)

    def start_import(self, source, meta, mapping):
        """Run the import as a background task; the report is shown when it ends."""
        task = ImportTask(self.ws.location, source, meta, mapping, self._import_done)
        self._task = task
        self.import_btn.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat(tr("Importing {name}: %p%").format(name=Path(str(source)).name))
        self.progress.show()
        self.cancel_btn.show()
        task.progressChanged.connect(lambda v: self.progress.setValue(int(v)))
        self.cancel_btn.clicked.connect(task.cancel)
        QgsApplication.taskManager().addTask(task)
        return task

    def _import_done(self, report, error):
        self.import_btn.setEnabled(True)
        self.progress.hide()
        self.cancel_btn.hide()
        try:
            self.cancel_btn.clicked.disconnect()
        except TypeError:
            pass
        self.last_report = report
        if error is not None:
            QMessageBox.critical(self, tr("Import batch"), tr("The import failed: {error}").format(error=str(error)))
            return
        self.reload_batches()
        for layer in workspace_layers(self.ws, add=False).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        self.report_dialog = ReportDialog(report, self)
        self.report_dialog.show()

    def verify_audit(self):
        if self.ws is None:
            return
        res = self.ws.verify_audit()
        if res.ok:
            QMessageBox.information(self, tr("Audit log"), tr("The audit log is intact: {n} records checked.").format(
                n=res.checked))
        else:
            QMessageBox.warning(self, tr("Audit log"), tr("The audit log is broken at record {seq}: {reason}").format(
                seq=res.broken_at, reason=res.reason))


class ReportDialog(QMessageBox):
    """An import report: the headline, and the full text (every error with file, row and field)."""

    def __init__(self, report, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import report"))
        if report.ok:
            self.setIcon(QMessageBox.Icon.Information)
            self.setText(tr("Imported {n} patches into batch {code}.").format(
                n=report.counts.get("imported", 0), code=report.batch_code))
        else:
            self.setIcon(QMessageBox.Icon.Warning)
            self.setText(tr("Nothing was imported: {n} problem(s). The workspace is unchanged.").format(
                n=len(report.errors)))
        if report.saved_to:
            self.setInformativeText(tr("Report saved to {path}").format(path=report.saved_to))
        self.setDetailedText(report.text())
        text = self.findChild(QPlainTextEdit)
        if text is not None:
            text.setMinimumWidth(640)
