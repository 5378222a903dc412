"""Long work off the UI thread as QgsTasks with progress and cancel. Each task opens its own workspace
connection (SQLite connections belong to one thread)."""
from __future__ import annotations

from qgis.core import QgsTask

from ..exchange.importer import cancelled_report, import_batch
from ..i18n import tr
from ..store import open_workspace


class ImportTask(QgsTask):
    def __init__(self, location, source, meta, mapping, on_done):
        super().__init__(tr("Importing {name}").format(name=str(source)), QgsTask.Flag.CanCancel)
        self.location, self.source, self.meta, self.mapping = location, source, meta, mapping
        self.on_done = on_done
        self.report = None
        self.error = None

    def run(self):
        try:
            ws = open_workspace(self.location)
            try:
                self.report = import_batch(ws, self.source, self.meta, self.mapping,
                                           progress=lambda f: self.setProgress(100.0 * f),
                                           is_cancelled=self.isCanceled)
            finally:
                ws.close()
        except Exception as e:  # shown to the user in finished(); never lost in the thread
            self.error = e
            return False
        return bool(self.report and self.report.ok)

    def finished(self, result):
        if self.report is None and self.error is None:  # cancelled before run() began
            self.report = cancelled_report(self.source, self.meta.code)
        self.on_done(self.report, self.error)
