"""The dock's county-wide commands: determine the patches, the overlay and assignment dialogs, deadlines, the review
sample, the rosters and the audit-log check. A mixin of ``WpzfDock``."""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QInputDialog, QMessageBox

from ..core.dates import china_today
from ..core.scope import COUNTY, LISTED, PATCH
from ..i18n import tr
from ..store import StoreError
from ..store.determinations import determine_patches
from ..store.queue import patch_card
from ..store.scope import scope_fids
from .dock_workflow import ask_scope, dialog_parameters, survey_layers
from .guard import guarded
from .layers import workspace_layers


class DockCountyActions:
    """Commands over the county's patches, from the dock's title bar and its More menu."""

    @guarded
    def determine_listed(self):
        """Determine the patches the user chooses — this patch, the listed ones or all (one audited transaction);
        a patch without recorded findings stays 待定."""
        if self.ws is None or not self.model.rowCount():
            return
        answer = ask_scope(self, tr("Determine"), (PATCH, LISTED, COUNTY), note=tr(
            "A patch without recorded findings stays 待定 (pending)."))
        if answer is None:
            return
        fids = scope_fids(self.ws, answer[0])
        if fids == []:
            return
        from qgis.PyQt.QtWidgets import QApplication

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            res = determine_patches(self.ws, fids, source="dock")
        except StoreError as e:
            QMessageBox.warning(self, tr("Determine"), str(e))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.reload_options()
        if self.current_fid is not None:
            self.show_patch(self.current_fid, zoom=False)
        counts = res["PDJG"].value_counts() if len(res) else {}
        self.iface.messageBar().pushSuccess(tr("Determine"), "；".join(f"{k} {v}" for k, v in counts.items()))
        self.dashboard.invalidate()
        for layer in workspace_layers(self.ws, add=False).values():
            layer.triggerRepaint()

    @guarded
    def overlay_dialog(self):
        """QGIS's dialog of wpzf:overlay_landuse for this workspace, with the land survey and fields it was last
        given here; it runs as a task with progress and cancel (the dock refreshes when it has written)."""
        from qgis import processing

        if self.ws is None:
            return
        params = dialog_parameters(self.ws, "overlay_landuse")
        if "LANDUSE" not in params:   # never run here: the project's 三调 layers
            survey, farmland = survey_layers()
            for name, layer in (("LANDUSE", survey), ("BASIC_FARMLAND", farmland)):
                if layer is not None:
                    params[name] = layer.id()
        return processing.execAlgorithmDialog("wpzf:overlay_landuse", params)

    @guarded
    def assign_dialog(self):
        """QGIS's dialog of wpzf:assign_patches (乡镇 and 村 of every patch, hence its 包保 leader) for this
        workspace, with the boundary layers it was last given here."""
        from qgis import processing

        if self.ws is None:
            return
        return processing.execAlgorithmDialog("wpzf:assign_patches", dialog_parameters(self.ws, "assign_patches"))

    @guarded
    def refresh_deadlines(self):
        from ..store.registers import refresh_deadlines

        if self.ws is None:
            return
        n = refresh_deadlines(self.ws, source="dock")
        self.iface.messageBar().pushInfo(tr("Deadlines"), tr("{n} deadlines changed.").format(n=n))
        self.refresh()
        self.dashboard.invalidate()

    @guarded
    def draw_sample(self):
        from ..store.registers import RegisterError, draw_review_sample

        if self.ws is None:
            return
        name, ok = QInputDialog.getText(self, tr("Draw a review sample"), tr("Name of the sample"),
                                        text=china_today().strftime("%Y-%m") + " 内部抽样复核")
        if not ok or not name.strip():
            return
        seed, ok = QInputDialog.getText(self, tr("Draw a review sample"),
                                        tr("Random seed (publish it: anyone can re-draw the same sample)"),
                                        text=china_today().strftime("%Y%m%d"))
        if not ok:
            return
        rate, ok = QInputDialog.getDouble(self, tr("Draw a review sample"), tr("Share of verified patches (%)"),
                                          10.0, 0.1, 100.0, 1)
        if not ok:
            return
        try:
            sample = draw_review_sample(self.ws, name.strip(), seed.strip(), rate / 100.0, source="dock")
        except (RegisterError, ValueError) as e:
            QMessageBox.warning(self, tr("Draw a review sample"), str(e))
            return
        QMessageBox.information(self, tr("Draw a review sample"), tr(
            "{n} patches drawn from {towns} townships. Filter the queue by 'Sampled for review' to step through "
            "them.").format(n=len(sample.ids), towns=len(sample.strata)))
        self.refresh()
        self.dashboard.invalidate()

    @guarded
    def edit_rosters(self):
        """The workspace's rosters (附件1–3), non-modal: 'Use selected polygon' needs the map."""
        from .roster_dialog import RosterDialog

        if self.ws is None:
            QMessageBox.information(self, tr("Rosters"), tr("Open or create a workspace first."))
            return
        self._roster_dlg = RosterDialog(self.ws, self.iface, self)
        self._roster_dlg.saved.connect(self._roster_saved)
        self._roster_dlg.show()
        return self._roster_dlg

    @guarded
    def _roster_saved(self):
        self.reload_options()   # the 包保 leaders listed in the filter come from the roster
        if self.current_fid is not None:
            self.card.show_card(patch_card(self.ws, self.current_fid), ws=self.ws)

    @guarded
    def verify_audit(self):
        if self.ws is None:
            return
        res = self.ws.verify_audit()
        if res.ok:
            QMessageBox.information(self, tr("Audit log"), tr("The audit log is intact: {n} records checked.").format(
                n=res.checked))
        elif res.differences:
            lines = [self._difference_text(d) for d in res.differences[:20]]
            if len(res.differences) > 20:
                lines.append(tr("… and {n} more").format(n=len(res.differences) - 20))
            QMessageBox.warning(self, tr("Audit log"), tr(
                "{n} change(s) were made outside WPZF (e.g. in the attribute table or with another program) and "
                "are not in the audit log:").format(n=len(res.differences)) + "\n" + "\n".join(lines))
        else:
            reason = tr(res.template).format(**res.params) if res.template else res.reason
            text = tr("The audit log is broken at record {seq}: {reason}").format(seq=res.broken_at, reason=reason) \
                if res.broken_at else tr("The audit log does not match what this computer remembers: {reason}").format(
                    reason=reason)
            QMessageBox.warning(self, tr("Audit log"), text)

    def _difference_text(self, d) -> str:
        table = self.ws.tables.get(d.table)
        name = table.alias if table else d.table
        if not d.field:
            text = tr("{table} record {row} was added without an audit record") if d.audited is None else \
                tr("{table} record {row} was deleted without an audit record")
            return text.format(table=name, row=d.row_key)
        label = tr("geometry") if d.field == "geom" else next(
            (f.alias for f in (table.fields if table else ()) if f.code == d.field), d.field)
        blank = tr("(empty)")
        return tr("{table} record {row}, {field}: recorded {audited}, now {actual}").format(
            table=name, row=d.row_key, field=label, audited=blank if d.audited is None else d.audited,
            actual=blank if d.actual is None else d.actual)

