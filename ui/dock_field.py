"""The dock's field packages: export the listed patches for the verifiers, import what they bring back, and
resolve the conflicts it raises. A mixin of ``WpzfDock``."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..i18n import tr
from ..store.queue import patch_card
from .guard import guarded
from .layers import workspace_layers


class DockFieldPackages:
    """Field packages out and in, and their conflicts."""

    @guarded
    def export_field_package(self):
        """A field package of the listed patches (filter the queue to a township or a verifier's villages first)."""
        from ..exchange.errors import InputError
        from ..exchange.field_package import export_field_package

        if self.ws is None or self.model.rowCount() == 0:
            QMessageBox.information(self, tr("Export field package"), tr("No patches are listed."))
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Export field package"), str(self._default_folder()))
        if not folder:
            return
        verifier, ok = QInputDialog.getText(self, tr("Export field package"), tr("Verifier"))
        if not ok:
            return
        try:
            report = export_field_package(self.ws, folder, fids=self.model.fids(),
                                          verifier=verifier.strip(), imagery=self.compare.after_layer())
        except (InputError, OSError) as e:
            QMessageBox.warning(self, tr("Export field package"), str(e))
            return
        QMessageBox.information(self, tr("Export field package"), report.text())
        return report

    @guarded
    def import_field_package(self, folder=None):
        from ..exchange.field_package import import_field_package

        if self.ws is None:
            return
        folder = folder or QFileDialog.getExistingDirectory(self, tr("Import field package"),
                                                            str(self._default_folder()))
        if not folder:
            return
        report = import_field_package(self.ws, folder)
        box = QMessageBox(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning,
                          tr("Import field package"), report.summary(), parent=self)
        if report.saved_to:
            box.setInformativeText(tr("Report saved to {path}").format(path=report.saved_to))
        box.open()
        self._field_box = box
        for fid in report.touched:
            card = patch_card(self.ws, fid)
            if card:
                self._update_queue_row(fid, card)
        for layer in workspace_layers(self.ws, add=False).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        if report.conflicts:
            self.resolve_conflicts()
        return report

    @guarded
    def resolve_conflicts(self):
        from .conflict_resolver import ConflictResolverDialog

        if self.ws is None:
            return
        self._conflicts_dlg = ConflictResolverDialog(self.ws, self)
        self._conflicts_dlg.resolved.connect(self._conflicts_resolved)
        self._conflicts_dlg.show()
        return self._conflicts_dlg

    @guarded
    def _conflicts_resolved(self, fids):
        for fid in fids:
            self._case_changed(int(fid))
        if self.current_fid in fids:
            self.show_patch(self.current_fid, zoom=False)   # the findings form shows the decided values

