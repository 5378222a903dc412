"""The dock's batch import and background tasks: the import runs as a QGIS task with the dock's progress bar and
Cancel button, and its report is shown when it ends. A mixin of ``WpzfDock`` and the report dialog."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMessageBox, QPlainTextEdit

from ..exchange.mapping import ProfileStore
from ..i18n import tr
from .guard import guarded, logged_message
from .import_dialog import ImportDialog
from .layers import workspace_layers
from .tasks import ImportTask


class DockImport:
    """Import a batch, and run a background task with the dock's progress bar."""

    @guarded
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
        self.import_btn.setEnabled(False)
        return self._run_task(task, tr("Importing {name}: %p%").format(name=Path(str(source)).name))

    def _run_task(self, task, label: str):
        """A background task with the dock's progress bar and Cancel button."""
        self._task = task
        self.progress.setValue(0)
        self.progress.setFormat(label)
        self.progress.show()
        self.cancel_btn.show()
        task.progressChanged.connect(lambda v: self.progress.setValue(int(v)))
        self.cancel_btn.clicked.connect(task.cancel)
        QgsApplication.taskManager().addTask(task)
        return task

    def _task_ended(self):
        self.progress.hide()
        self.cancel_btn.hide()
        try:
            self.cancel_btn.clicked.disconnect()
        except TypeError:
            pass

    @guarded
    def _import_done(self, report, error):
        self.import_btn.setEnabled(True)
        self._task_ended()
        self.last_report = report
        if error is not None:
            QMessageBox.critical(self, tr("Import batch"), tr("The import failed: {error}").format(error=logged_message(error)))
            return
        self.reload_options()
        for layer in workspace_layers(self.ws, add=False).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        self.report_dialog = ReportDialog(report, self)
        self.report_dialog.show()


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
