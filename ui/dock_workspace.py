"""The dock's workspace: opening, creating and closing it, and following what changes it elsewhere (a Processing
algorithm, the imagery the user chooses). A mixin of ``WpzfDock``."""
from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox

from ..i18n import tr
from ..store import StoreError, create_workspace, open_workspace
from ..store.queue import filter_options
from .dock_workflow import remember_imagery, restore_imagery, same_workspace
from .guard import guarded
from .layers import workspace_layers


class DockWorkspace:
    """Open, create and close the workspace; follow what changes it elsewhere."""

    def _set_enabled(self, on: bool):
        for w in (self.import_btn, self.overlay_btn, self.determine_btn, self.filters, self.table, self.tabs):
            w.setEnabled(on)
        for key, a in self.tool_actions.items():
            a.setEnabled(on or key == "templates")
        for a in self.actions.values():
            a.setEnabled(on)

    @guarded
    def choose_workspace(self):
        path, _ = QFileDialog.getOpenFileName(self, tr("Open workspace"), self.settings.last_workspace,
                                              tr("WPZF workspace") + " (*.gpkg)")
        if path:
            self.open(path)

    @guarded
    def choose_team_workspace(self):
        from .postgis_dialog import choose_team_workspace

        location = choose_team_workspace(self)
        if location:
            self.open(location)

    @guarded
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
        restore_imagery(self)
        self.series.restore()
        self._set_enabled(True)
        self.reload_options()
        self.restore_position()
        self.dashboard.set_workspace(ws)
        self._listen(True)

    def _listen(self, on: bool) -> None:
        """Follow what changes the open workspace elsewhere: a WPZF algorithm run from the Processing Toolbox (in a
        worker thread: the notice is queued to the main thread), and the imagery the user chooses."""
        from ..processing.base import notifier

        if on == getattr(self, "_listening", False):
            return
        self._listening = on
        pairs = ((notifier.written, self._workspace_written), (self.compare.chosen, self._imagery_chosen))
        for signal, slot in pairs:
            if on:
                signal.connect(slot, Qt.ConnectionType.QueuedConnection)
            else:
                try:
                    signal.disconnect(slot)
                except TypeError:
                    pass

    @guarded
    def _workspace_written(self, location: str, _algorithm: str):
        if self.ws is not None and same_workspace(location, self.ws.location):
            self.after_background_change()
            self.dashboard.invalidate()

    @guarded
    def _imagery_chosen(self):
        remember_imagery(self)

    def close_workspace(self):
        self.save_position()
        self._listen(False)
        self.highlighter.clear()
        self.dashboard.set_workspace(None)
        self.photos.set_patch(None, None)
        self.findings.set_patch(None, None)
        self.case_tab.set_patch(None, None)
        self.model.release()   # its rows are read from the workspace as they are shown: no more
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        self.current_fid = None
        self._set_enabled(False)

    def reload_options(self):
        batches = [(f"{b['PCBH']} ({b['JB']}, {b['TBS']})", int(b["fid"])) for _, b in self.ws.batch_list().iterrows()]
        self.filters.set_options(batches, filter_options(self.ws))
        self.refresh()

    def after_background_change(self):
        self.reload_options()
        for layer in workspace_layers(self.ws, add=False).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        if self.current_fid is not None:
            fid, self.current_fid = self.current_fid, None
            self.show_patch(fid, zoom=False)

