"""An import's record: the same content imported before, the report closed and saved; shared by package and table."""
from __future__ import annotations

from ..i18n import tr
from ..store.conflicts import imported_with_checksum
from ..store.workspace import Workspace, now_text
from .errors import Problem
from .field_reports import MergeReport, save_merge_report
from .importer import report_dir


def _finish(ws: Workspace, report: MergeReport, name: str, save: bool) -> MergeReport:
    """Close the report of an import and save it beside the workspace (a failure to save is a warning)."""
    report.ok = not report.errors and not report.unstored
    report.finished = now_text()
    if save:
        try:
            save_merge_report(report, report_dir(ws))
        except OSError as e:
            report.warn(Problem(name, tr("the report could not be saved: {error}").format(error=e)))
    return report


def _imported_before(ws: Workspace, checksum: str, report: MergeReport, name: str) -> bool:
    """Whether this very content was imported before (then the report says so and nothing is to be done)."""
    earlier = imported_with_checksum(ws, checksum)
    if earlier is None:
        return False
    report.unchanged = True
    report.warn(Problem(name, tr("imported before on {date} by {user}; nothing changed").format(
        date=earlier.get("CZSJ"), user=earlier.get("CZR"))))
    return True
