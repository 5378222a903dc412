"""The dock's exports: the reports (a background task) and the patch maps (atlas) of a scope the user chooses,
the report template folder, and where exports are offered first. A mixin of ``WpzfDock``."""
from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis
from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..core.scope import COUNTY, LISTED, SELECTION, TOWNSHIP
from ..i18n import tr
from ..store.scope import scope_fids
from .dock_workflow import ask_scope, ask_without_imagery, atlas_imagery, dialog_parameters, landuse_layer
from .guard import guarded, logged_message
from .tasks import ReportsTask


class DockExports:
    """Reports and patch maps of a chosen scope."""

    @guarded
    def export_reports(self):
        """The reports of the scope the user chooses (the county, a township, the listed or the selected
        patches)."""
        if self.ws is None:
            return
        answer = ask_scope(self, tr("Export reports"), (COUNTY, TOWNSHIP, LISTED, SELECTION), records_option=True)
        if answer is None:
            return
        scope, without_findings = answer
        fids = scope_fids(self.ws, scope)
        if fids == []:
            QMessageBox.information(self, tr("Export reports"), tr("No patches are in that scope."))
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Export reports"), str(self._default_folder()))
        if not folder:
            return
        return self.start_reports(folder, fids=fids, records_without_findings=without_findings)

    def start_reports(self, folder, today=None, fids=None, records_without_findings=False):
        """``fids`` None: the whole county."""
        task = ReportsTask(self.ws.location, folder, self._reports_done, today,
                           user_templates=self.settings.template_dir or None, fids=fids,
                           records_without_findings=records_without_findings)
        self.tool_actions["reports"].setEnabled(False)
        return self._run_task(task, tr("Exporting reports: %p%"))

    @guarded
    def _reports_done(self, files, error, cancelled, messages=()):
        self.tool_actions["reports"].setEnabled(self.ws is not None)
        self._task_ended()
        notes = "".join(f" {m}" for m in messages)   # what export_reports said of the files (ReportsTask.messages)
        if error is not None:
            # reports/staged.py: a failed export puts none of its files in the folder
            QMessageBox.critical(self, tr("Export reports"), tr(
                "The export failed: {error}\nNothing in the chosen folder was changed.").format(
                error=logged_message(error)))
        elif cancelled:
            self.iface.messageBar().pushWarning(tr("Export reports"), tr("Cancelled after {n} files.").format(
                n=len(files)) + notes)
        else:
            # with notes the message stays until closed: they say how the files came out
            self.iface.messageBar().pushMessage(tr("Export reports"), tr("{n} files written to {folder}").format(
                n=len(files), folder=str(Path(files[0]).parent) if files else "") + notes,
                Qgis.MessageLevel.Success, 0 if messages else -1)

    @guarded
    def choose_template_dir(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Report template folder"), self.settings.template_dir)
        if folder:
            self.settings.template_dir = folder
            self.iface.messageBar().pushInfo(tr("Reports"), tr(
                "Templates in {folder} now replace the shipped ones of the same name.").format(folder=folder))

    def _default_folder(self) -> Path:
        """Where exports are offered first: next to the GeoPackage, or the team workspace's shared folder."""
        loc = self.ws.files_location if self.ws is not None else None
        return Path(loc).parent if loc else Path.home()

    def _landuse_layer(self):
        """The land survey of the maps: the one the overlay last read here, else the project's first layer with a
        DLBM field."""
        from qgis.core import QgsProject

        given = dialog_parameters(self.ws, "overlay_landuse").get("LANDUSE")
        if given:
            return QgsProject.instance().mapLayer(given) or given
        return landuse_layer()

    @guarded
    def export_atlas(self):
        """Patch maps of the scope the user chooses (the county, a township, the listed or the selected patches)
        on the workspace's before/after imagery — asked for first when none is set. Layout rendering belongs on
        the main thread: a progress dialog with cancel."""
        if self.ws is None:
            return
        if not any(atlas_imagery(self)) and not ask_without_imagery(self):
            return
        answer = ask_scope(self, tr("Export patch maps"), (COUNTY, TOWNSHIP, LISTED, SELECTION))
        if answer is None:
            return
        fids = scope_fids(self.ws, answer[0])
        fids = self.ws.patch_fids() if fids is None else fids
        if not fids:
            QMessageBox.information(self, tr("Export patch maps"), tr("No patches are in that scope."))
            return
        one, each = tr("One PDF, a page per patch"), tr("One PDF per patch, named by 监测编号")
        choice, ok = QInputDialog.getItem(self, tr("Export patch maps"),
                                          tr("{n} patches").format(n=len(fids)), [one, each], 0, False)
        if not ok:
            return
        if choice == one:
            out, _ = QFileDialog.getSaveFileName(self, tr("Export patch maps"),
                                                 str(self._default_folder() / "卫片执法图斑核查图.pdf"), "PDF (*.pdf)")
        else:
            out = QFileDialog.getExistingDirectory(self, tr("Export patch maps"), str(self._default_folder()))
        if not out:
            return
        return self.run_atlas(out, fids, single_pdf=choice == one)

    def run_atlas(self, out, fids, single_pdf=True):
        from qgis.PyQt.QtWidgets import QApplication, QProgressDialog

        from ..reports.atlas import export_atlas
        from ..reports.atlas_layers import AtlasError

        dlg = QProgressDialog(tr("Printing patch maps…"), tr("Cancel"), 0, 100, self)
        dlg.setWindowTitle(tr("Export patch maps"))
        dlg.setMinimumDuration(0)

        def progress(f):
            dlg.setValue(int(100 * f))
            QApplication.processEvents()

        before, after = atlas_imagery(self)
        try:
            files = export_atlas(self.ws, out, fids=fids, before_layer=before, after_layer=after,
                                 landuse_layer=self._landuse_layer(),
                                 single_pdf=single_pdf, user_folder=self.settings.template_dir or None,
                                 progress=progress, is_cancelled=dlg.wasCanceled)
        except (AtlasError, OSError) as e:
            dlg.close()
            QMessageBox.critical(self, tr("Export patch maps"), tr("The export failed: {error}").format(error=str(e)))
            return []
        cancelled = dlg.wasCanceled()
        dlg.close()
        if cancelled:
            self.iface.messageBar().pushWarning(tr("Export patch maps"), tr("Cancelled after {n} files.").format(
                n=len(files)))
        else:
            written = tr("{n} files written to {folder}").format(n=len(files),
                                                                 folder=str(Path(out).parent if single_pdf else out))
            if files.without_imagery:
                self.iface.messageBar().pushWarning(tr("Export patch maps"), written + tr(
                    "; {n} of {pages} pages have no imagery (无影像)").format(n=files.without_imagery,
                                                                            pages=files.pages))
            else:
                self.iface.messageBar().pushSuccess(tr("Export patch maps"), written)
        return files

