"""Long work off the UI thread as QgsTasks with progress and cancel. Each task opens its own workspace
connection (SQLite connections belong to one thread)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional

from qgis.core import QgsTask

from ..exchange.importer import cancelled_report, import_batch
from ..i18n import tr
from ..store import open_workspace
from .guard import guarded


class WorkspaceTask(QgsTask):
    """Runs ``work(ws)`` on a connection of its own; an exception is kept for ``finished()`` to show, never
    lost in the thread. Subclasses give ``work`` and ``finished``."""

    def __init__(self, description: str, location):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.location = location
        self.error: Optional[Exception] = None

    def progress(self, fraction: float) -> None:
        self.setProgress(100.0 * fraction)

    def work(self, ws) -> bool:
        raise NotImplementedError

    def run(self):
        try:
            ws = open_workspace(self.location)
            try:
                return self.work(ws)
            finally:
                ws.close()
        except Exception as e:  # shown to the user in finished()
            self.error = e
            return False


class ImportTask(WorkspaceTask):
    def __init__(self, location, source, meta, mapping, on_done):
        super().__init__(tr("Importing {name}").format(name=str(source)), location)
        self.source, self.meta, self.mapping = source, meta, mapping
        self.on_done = on_done
        self.report = None

    def work(self, ws) -> bool:
        self.report = import_batch(ws, self.source, self.meta, self.mapping, progress=self.progress,
                                   is_cancelled=self.isCanceled)
        return bool(self.report and self.report.ok)

    @guarded
    def finished(self, result):
        if self.report is None and self.error is None:  # cancelled before run() began
            self.report = cancelled_report(self.source, self.meta.code)
        self.on_done(self.report, self.error)


class ReportsTask(WorkspaceTask):
    """export_reports into a folder; ``on_done(files, error, cancelled, messages)`` runs on the main thread.
    ``messages``: export_reports's notes for the user (record forms as one PDF per batch and township, the
    county reports left out of a part, python-docx missing…), in the order given; a ``guarded`` slot that
    takes only the first three is given those."""

    def __init__(self, location, folder, on_done: Callable, today: Optional[dt.date] = None,
                 patch_records: bool = True, user_templates=None, fids: Optional[list[int]] = None,
                 records_without_findings: bool = False):
        super().__init__(tr("Exporting reports to {folder}").format(folder=str(folder)), location)
        self.folder, self.on_done = Path(folder), on_done
        self.today, self.patch_records, self.user_templates = today, patch_records, user_templates
        self.fids, self.records_without_findings = fids, records_without_findings   # fids None: the county
        self.files: list[Path] = []
        self.messages: list[str] = []   # appended in the task's thread, read in finished() once it has ended

    def work(self, ws) -> bool:
        from ..reports.export import export_reports

        self.files = export_reports(ws, self.folder, self.today, self.patch_records, self.user_templates,
                                    progress=self.progress, is_cancelled=self.isCanceled, fids=self.fids,
                                    records_without_findings=self.records_without_findings,
                                    on_message=self.messages.append)
        return not self.isCanceled()

    @guarded
    def finished(self, result):
        self.on_done(self.files, self.error, self.isCanceled(), list(self.messages))
