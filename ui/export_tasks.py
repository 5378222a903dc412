"""Report exports as QgsTasks: progress in the dock, cancel, the workspace opened in the task's thread."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional

from qgis.core import QgsTask

from ..i18n import tr
from ..store import open_workspace


class ReportsTask(QgsTask):
    """export_reports into a folder; ``on_done(files, error, cancelled)`` runs on the main thread."""

    def __init__(self, location, folder, on_done: Callable, today: Optional[dt.date] = None,
                 patch_records: bool = True, user_templates=None):
        super().__init__(tr("Exporting reports to {folder}").format(folder=str(folder)), QgsTask.Flag.CanCancel)
        self.location, self.folder, self.on_done = location, Path(folder), on_done
        self.today, self.patch_records, self.user_templates = today, patch_records, user_templates
        self.files: list[Path] = []
        self.error: Optional[Exception] = None

    def run(self):
        from ..reports.export import export_reports

        try:
            ws = open_workspace(self.location)
            try:
                self.files = export_reports(ws, self.folder, self.today, self.patch_records, self.user_templates,
                                            progress=lambda f: self.setProgress(100.0 * f),
                                            is_cancelled=self.isCanceled)
            finally:
                ws.close()
        except Exception as e:  # shown in finished(), never lost in the thread
            self.error = e
            return False
        return not self.isCanceled()

    def finished(self, result):
        self.on_done(self.files, self.error, self.isCanceled())
