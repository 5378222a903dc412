"""The WPZF dock: the workspace, its review queue, and the patch at hand.

Queue (filters, nearest deadline first) → step with next / previous / next unreviewed (shortcuts the
user can change in Settings ▸ Keyboard Shortcuts) → the map zooms to the patch and highlights it and
its parts → the card, facts and photos of the patch below. The position in the queue survives
closing QGIS.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.scope import COUNTY, LISTED, PATCH, SELECTION, TOWNSHIP
from ..exchange.mapping import ProfileStore
from ..i18n import tr
from ..store import StoreError, create_workspace, is_team_location, open_workspace
from ..store.determinations import determine_patches
from ..store.queue import filter_options, patch_card, patch_shapes
from ..store.scope import scope_fids
from .case_tab import CaseTab
from .compare import CompareBar, ImageryCompare
from .compat import QAction
from .county_profile_dialog import open_dialog as open_county_profile
from .dashboard import DashboardTab
from .dock_layout import (
    DockTitleBar,
    ElidedLabel,
    RememberedSplitter,
    ScrollingTabs,
    compact_rows,
    queue_height,
)
from .dock_workflow import (
    ask_scope,
    ask_without_imagery,
    atlas_imagery,
    dialog_parameters,
    landuse_layer,
    remember_imagery,
    restore_imagery,
    same_workspace,
    survey_layers,
)
from .findings_tab import FindingsTab
from .guard import guarded, logged_message
from .imagery_series import SeriesPanel
from .import_dialog import ImportDialog
from .layers import workspace_layers
from .maptools import PatchHighlighter
from .patch_card import PatchCard
from .photo_panel import PhotoPanel
from .queue import FilterBar, LazyQueueColumns, PatchTableModel
from .reference_dialog import open_dialog as open_reference
from .settings import Settings
from .signoff import open_dialog as open_signoff
from .split_panel import SplitPanel
from .tasks import ImportTask, ReportsTask

# Default shortcuts; users change them in Settings ▸ Keyboard Shortcuts (registered with QGIS).
SHORTCUTS = {"next": "Alt+Right", "previous": "Alt+Left", "next_unreviewed": "Alt+Down", "save": "Ctrl+Alt+S",
             "toggle_imagery": "Alt+T", "series_previous": "Alt+PgUp", "series_next": "Alt+PgDown"}


class WpzfDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Satellite Enforcement"), parent)
        self.setObjectName("wpzfDock")
        self.iface = iface
        self.settings = Settings()
        self.ws = None
        self.last_report = None
        self.current_fid = None
        # The position in the queue is written once stepping pauses: QSettings rewrites its whole file on
        # every change (8–30 ms, more with a large QGIS profile), far too slow for every step.
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(1500)
        self._position_timer.timeout.connect(self.save_position)
        self.highlighter = PatchHighlighter(iface.mapCanvas())
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 0, 4, 2)
        lay.setSpacing(2)
        # The title bar carries the workspace (its name shortened when narrow) and the commands: a line less.
        self.title_bar = DockTitleBar(self)
        self.setTitleBarWidget(self.title_bar)
        top = self.title_bar
        self.ws_label = ElidedLabel(tr("No workspace open"), top, Qt.TextElideMode.ElideMiddle)   # keeps ".gpkg"
        top.add(self.ws_label, 1)
        self.open_btn = QToolButton(top)
        self.open_btn.setText(tr("Open…"))
        self.open_btn.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.open_btn.clicked.connect(self.choose_workspace)
        ws_menu = QMenu(self.open_btn)
        self.new_action = ws_menu.addAction(tr("New…"))
        self.new_action.triggered.connect(self.new_workspace)
        self.team_action = ws_menu.addAction(tr("Team…"))
        self.team_action.setToolTip(tr("Open a team workspace on PostGIS (a QGIS PostgreSQL connection)"))
        self.team_action.triggered.connect(self.choose_team_workspace)
        ws_menu.setToolTipsVisible(True)
        self.open_btn.setMenu(ws_menu)
        self.import_btn = QToolButton(top)
        self.import_btn.setText(tr("Import batch…"))
        self.import_btn.clicked.connect(self.import_batch)
        self.overlay_btn = QToolButton(top)
        self.overlay_btn.setText(tr("Overlay…"))
        self.overlay_btn.setToolTip(tr("Land-survey overlay: per-class areas of every patch (runs in the background)"))
        self.overlay_btn.clicked.connect(self.overlay_dialog)
        self.determine_btn = QToolButton(top)
        self.determine_btn.setText(tr("Determine"))
        self.determine_btn.setToolTip(tr("Determine the listed patches from their recorded facts (附件4)"))
        self.determine_btn.clicked.connect(self.determine_listed)
        self.tools_btn = QToolButton(top)
        self.tools_btn.setText(tr("More"))
        self.tools_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tools_menu = QMenu(self.tools_btn)
        self.tool_actions = {}
        for key, label, slot in (
                ("assign", tr("Assign townships and villages…"), self.assign_dialog),
                ("reports", tr("Export reports…"), self.export_reports),
                ("atlas", tr("Export patch maps (atlas)…"), self.export_atlas),
                ("rosters", tr("Rosters…"), self.edit_rosters),
                ("field_out", tr("Export field package…"), self.export_field_package),
                ("field_in", tr("Import field package…"), self.import_field_package),
                ("conflicts", tr("Field conflicts…"), self.resolve_conflicts),
                ("deadlines", tr("Refresh deadlines"), self.refresh_deadlines),
                ("sample", tr("Draw a review sample…"), self.draw_sample),
                ("signoff", tr("Sign-off and returns (审核验收 / 上报)…"), lambda: open_signoff(self)),
                ("reference", tr("Reference layers (参考数据图层)…"), lambda: open_reference(self)),
                ("county", tr("County profile (县情设置)…"), lambda: open_county_profile(self)),
                ("templates", tr("Report template folder…"), self.choose_template_dir),
                ("audit", tr("Verify the audit log"), self.verify_audit)):
            act = self.tools_menu.addAction(label)
            act.triggered.connect(slot)
            self.tool_actions[key] = act
        self.tools_btn.setMenu(self.tools_menu)
        for b in (self.open_btn, self.import_btn, self.overlay_btn, self.determine_btn, self.tools_btn):
            top.add(b)
        self.filters = FilterBar(body)   # one line; its lists open on demand
        self.filters.changed.connect(self.refresh)
        lay.addWidget(self.filters)

        # The queue above, the patch's tabs below; the split is the user's (remembered).
        split = RememberedSplitter(Qt.Orientation.Vertical, "wpzf/dock/splitter", self._default_queue_height, body)
        self.splitter = split
        queue_box = QWidget(split)
        qlay = QVBoxLayout(queue_box)
        qlay.setContentsMargins(0, 0, 0, 0)
        qlay.setSpacing(2)
        self.model = PatchTableModel(self)
        self.table = QTableView(queue_box)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # queue order first
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        compact_rows(self.table)
        self.columns = LazyQueueColumns(self.table)   # 监测编号 always whole; others fitted once, hideable
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.go_to_row(cur.row()))
        qlay.addWidget(self.table, 1)
        # Stepping through the queue sits on the filter line above it (no line of its own): the counts,
        # ◀ ▶ and "next unreviewed", whose menu holds "next after saving".
        self.actions = {
            "previous": QAction(tr("Previous patch"), self),
            "next": QAction(tr("Next patch"), self),
            "next_unreviewed": QAction(tr("Next unreviewed patch"), self),
        }
        arrows = {"previous": Qt.ArrowType.LeftArrow, "next": Qt.ArrowType.RightArrow}
        self.nav_buttons = {}
        for name, action in self.actions.items():
            action.setObjectName(f"wpzf_{name}")
            action.setShortcut(SHORTCUTS[name])
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            btn = QToolButton(self.filters)
            if name in arrows:
                btn.setArrowType(arrows[name])   # the name is in the tooltip: two lines' width saved
            else:
                btn.setText(action.text())
            btn.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
            btn.clicked.connect(action.trigger)
            self.nav_buttons[name] = btn
        self.actions["save"] = QAction(tr("Save findings"), self)
        self.actions["save"].triggered.connect(self.save_findings)
        self.actions["previous"].triggered.connect(lambda: self.step(-1))
        self.actions["next"].triggered.connect(lambda: self.step(1))
        self.actions["next_unreviewed"].triggered.connect(self.next_unreviewed)
        self.auto_next = QAction(tr("Next after saving"), self)
        self.auto_next.setCheckable(True)
        self.auto_next.setChecked(bool(QgsSettings().value("wpzf/auto_next", True, type=bool)))
        self.auto_next.toggled.connect(lambda on: QgsSettings().setValue("wpzf/auto_next", on))
        next_menu = QMenu(self.nav_buttons["next_unreviewed"])
        next_menu.addAction(self.auto_next)
        self.nav_buttons["next_unreviewed"].setMenu(next_menu)
        self.nav_buttons["next_unreviewed"].setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.count_label = ElidedLabel("", self.filters)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)  # whole if it can
        self.filters.add_to_line(self.count_label, before_search=True)
        for btn in self.nav_buttons.values():
            self.filters.add_to_line(btn)
        # Tall pages scroll inside their tab instead of making the dock taller than the screen.
        self.tabs = ScrollingTabs(split)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDocumentMode(True)   # no frame round the pages: their pixels go to the content
        card_page = QWidget(self.tabs)
        card_lay = QVBoxLayout(card_page)
        card_lay.setContentsMargins(0, 0, 0, 0)
        card_lay.setSpacing(2)
        self.card = PatchCard(card_page)
        card_lay.addWidget(self.card, 1)
        self.split_panel = SplitPanel(iface, card_page)
        self.split_panel.split_done.connect(self._parts_changed)
        self.split_panel.failed.connect(lambda msg: self.iface.messageBar().pushWarning(tr("Split"), msg))
        card_lay.addWidget(self.split_panel)
        self.tabs.addTab(card_page, tr("Patch"), scroll=True)
        self.findings = FindingsTab(self.tabs)
        self.findings.saved.connect(self._findings_saved)
        self.findings.applied.connect(self._facts_changed)   # a suggestion accepted: no stepping on
        self.findings.split.connect(self._split_along_redline)
        self.tabs.addTab(self.findings, tr("Findings"))
        self.photos = PhotoPanel(self.tabs)
        self.photos.photosAdded.connect(self._photos_added)
        self.photos.photoSelected.connect(self._flash_photo)
        self.tabs.addTab(self.photos, tr("Photos"), scroll=True)
        self.compare = ImageryCompare(iface, parent=self)
        self.compare_bar = CompareBar(self.compare, self.tabs)
        self.tabs.addTab(self.compare_bar, tr("Imagery"), scroll=True)
        self.series = SeriesPanel(self, iface, parent=self.compare_bar)   # N-date imagery (issue 19)
        self.compare_bar.layout().addWidget(self.series)
        for name, action in self.series.step_actions.items():
            action.setObjectName(f"wpzf_{name}")
            action.setShortcut(SHORTCUTS[name])
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            self.actions[name] = action
        self.case_tab = CaseTab(self.tabs)
        self.case_tab.changed.connect(self._case_changed)
        self.tabs.addTab(self.case_tab, tr("Case"))
        self.dashboard = DashboardTab(self.tabs)
        self.dashboard.townshipActivated.connect(self.filter_township)
        self.tabs.addTab(self.dashboard, tr("Dashboard"))
        split.addWidget(queue_box)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 0)   # the queue keeps its rows when the dock grows or shrinks; the tabs take the rest
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        busy = QHBoxLayout()
        self.progress = QProgressBar(body)
        self.progress.setRange(0, 100)
        self.cancel_btn = QPushButton(tr("Cancel"), body)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_btn)
        lay.addLayout(busy)
        self.progress.hide()
        self.cancel_btn.hide()
        self.setWidget(body)
        # Docked left or right, or floating as a window of its own (a second screen).
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self._set_enabled(False)
        last = self.settings.last_workspace
        if last and (is_team_location(last) or Path(last).exists()):
            try:
                self.open(last)
            except StoreError:
                pass

    def _default_queue_height(self, total: int) -> int:
        """The queue's share of the split until the user moves it: eight rows on a laptop (the findings form
        needs the rest on a 1366×768 screen), up to fourteen on a larger screen."""
        if total < 700:   # a laptop: eight rows, the findings form gets the rest
            return min(queue_height(self.table, 8), total // 2)
        return min(queue_height(self.table, 14), int(total * 0.4))

    def register_shortcuts(self):
        """Make the navigation shortcuts editable in QGIS's keyboard-shortcut settings."""
        toggle = self.compare.toggle_action
        toggle.setObjectName("wpzf_toggle_imagery")
        toggle.setShortcut(SHORTCUTS["toggle_imagery"])
        toggle.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.actions["toggle_imagery"] = toggle
        for name, action in self.actions.items():
            self.iface.mainWindow().addAction(action)
            try:
                self.iface.registerMainWindowAction(action, SHORTCUTS[name])
            except (AttributeError, TypeError):  # a QGIS interface without the shortcut manager hook
                pass

    def unregister_shortcuts(self):
        for action in self.actions.values():
            try:
                self.iface.unregisterMainWindowAction(action)
            except (AttributeError, TypeError):
                pass
            self.iface.mainWindow().removeAction(action)

    # ---- workspace ----
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

    @guarded
    def save_position(self):
        """Remember the patch at hand for the next session (see ``_position_timer``)."""
        self._position_timer.stop()
        if self.ws is not None and self.current_fid is not None:
            QgsSettings().setValue(self._position_key(), int(self.current_fid))

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

    @guarded
    def refresh(self):
        if self.ws is None:
            return
        keep = self.current_fid
        self.table.selectionModel().blockSignals(True)
        try:   # the order is read here, the rows as they are shown (ui/queue.py)
            self.model.set_query(self.ws, self.filters.queue_filter(), dt.date.today().isoformat())
            row = self.model.row_of(keep) if keep is not None else -1
            if row >= 0:
                self.table.selectRow(row)
        finally:
            self.table.selectionModel().blockSignals(False)
        self._show_counts()

    # ---- navigation ----
    def _position_key(self) -> str:
        return "wpzf/queue/" + hashlib.sha1(str(self.ws.location).encode()).hexdigest()[:16]

    def restore_position(self):
        fid = QgsSettings().value(self._position_key(), None)
        row = self.model.row_of(int(fid)) if fid not in (None, "") else -1
        if row >= 0:
            self.table.selectRow(row)

    def current_row(self) -> int:
        return self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1

    def can_leave(self) -> bool:
        """False when the patch at hand has unsaved findings the user wants to stay with (the form asks)."""
        return self.findings.confirm_leave()

    def select_row(self, row: int):
        if 0 <= row < self.model.rowCount() and (self.model.fid_at(row) == self.current_fid or self.can_leave()):
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    @guarded
    def step(self, delta: int):
        row = self.current_row()
        self.select_row(0 if row < 0 else min(max(row + delta, 0), self.model.rowCount() - 1))

    @guarded
    def next_unreviewed(self):
        row = self.model.next_unreviewed(self.current_row())
        if row >= 0:
            self.select_row(row)
        else:
            self.iface.messageBar().pushInfo(tr("Queue"), tr("Every listed patch is reviewed."))

    @guarded
    def go_to_row(self, row: int):
        fid = self.model.fid_at(row)
        if fid is None or self.ws is None or fid == self.current_fid:
            return
        if self.findings.is_dirty() and not self.can_leave():
            back = self.model.row_of(self.current_fid)  # stay on the patch with the edits
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(back)
            self.table.selectionModel().blockSignals(False)
            return
        self.show_patch(fid)

    def show_patch(self, fid: int, zoom: bool = True):
        self.current_fid = int(fid)
        self._position_timer.start()
        shapes = patch_shapes(self.ws, fid)
        if shapes is None:
            return
        if shapes[0] is not None:
            self.highlighter.show(shapes[0], shapes[1], self._patch_layer(), zoom=zoom)
        card = patch_card(self.ws, fid)
        self.card.show_card(card, ws=self.ws)
        self.split_panel.set_patch(self.ws, int(fid))
        self.photos.set_patch(self.ws, int(fid), ahead=self.model.fids_after(self.current_row(), 3))
        self.findings.set_patch(self.ws, int(fid), card["GZND"] if card else None)
        self.case_tab.set_patch(self.ws, int(fid))

    def _patch_layer(self):
        """The workspace's patch layer in the project, for the highlight: found once per workspace, not on
        every step (finding it decodes the source of every layer in the project)."""
        from qgis.core import QgsProject

        ws, layer_id = getattr(self, "_patch_layer_of", (None, None))
        layer = QgsProject.instance().mapLayer(layer_id) if ws is self.ws and layer_id else None
        if layer is None:
            layer = workspace_layers(self.ws, add=False).get("wz_patch")
            self._patch_layer_of = (self.ws, layer.id() if layer is not None else None)
        return layer

    @guarded
    def save_findings(self):
        self.findings.save()

    @guarded
    def _findings_saved(self, fid: int):
        self._facts_changed(fid)
        if self.auto_next.isChecked():
            row = self.model.next_unreviewed(self.current_row())
            self.select_row(row if row >= 0 else self.current_row() + 1)

    @guarded
    def _facts_changed(self, fid: int):
        """Facts (and so the determination) of a patch changed: its queue row, card, case tab and the map."""
        card = patch_card(self.ws, fid)
        self._update_queue_row(fid, card)
        self.card.show_card(card, ws=self.ws)
        if fid == self.current_fid:   # the determination may have changed what the case tab offers
            self.case_tab.set_patch(self.ws, fid)
        for layer in workspace_layers(self.ws, add=False).values():
            layer.triggerRepaint()

    @guarded
    def _split_along_redline(self, fid: int):
        self._update_queue_row(fid, patch_card(self.ws, fid))
        self._parts_changed(fid)

    @guarded
    def _photos_added(self, fid: int, _n: int):
        layer = workspace_layers(self.ws, add=False).get("wz_photo")
        if layer is not None:
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        card = patch_card(self.ws, fid)
        self._update_queue_row(fid, card)
        if fid == self.current_fid:
            self.card.show_card(card, ws=self.ws)
            self.case_tab.set_patch(self.ws, fid)   # new photos can be cited as evidence

    @guarded
    def _case_changed(self, fid: int):
        """A case, referral, delay or verdict was saved: the patch's status and deadline may have moved."""
        card = patch_card(self.ws, fid)
        self._update_queue_row(fid, card)
        if fid == self.current_fid:
            self.card.show_card(card, ws=self.ws)
        for layer in workspace_layers(self.ws, add=False).values():
            layer.triggerRepaint()
        self.dashboard.invalidate()

    def _update_queue_row(self, fid: int, card: dict):
        """One patch changed: update its row and the counts, not the whole queue (100k rows stay cheap)."""
        self.model.update_row(fid, {"ZT": card["ZT"], "PDJG": card["PDJG"], "BBH": card["BBH"], "HCJZ": card["HCJZ"],
                                    "NPHOTO": card["photos"]})
        self._show_counts()

    def _show_counts(self):
        reviewed, total = self.model.counts()
        counts = dict(shown=total, total=self.ws.count("wz_patch"), done=reviewed)
        # short on the filter line; the sentence in the tooltip
        self.count_label.setText(tr("{shown}/{total}, {done} reviewed").format(**counts))
        self.count_label.setToolTip(tr("{shown} of {total} patches shown; {done} of them reviewed").format(**counts))

    @guarded
    def _flash_photo(self, photo_fid: int):
        layer = workspace_layers(self.ws, add=False).get("wz_photo")
        if layer is not None:
            self.iface.mapCanvas().flashFeatureIds(layer, [int(photo_fid)])

    @guarded
    def _parts_changed(self, fid: int):
        for layer in workspace_layers(self.ws, add=False).values():
            layer.triggerRepaint()
        if fid == self.current_fid:
            self.current_fid = None  # reload everything of the patch, its parts included
            self.show_patch(fid, zoom=False)

    @property
    def highlight(self):
        return self.highlighter.items[0] if self.highlighter.items else None

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

    def after_background_change(self):
        self.reload_options()
        for layer in workspace_layers(self.ws, add=False).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        if self.current_fid is not None:
            fid, self.current_fid = self.current_fid, None
            self.show_patch(fid, zoom=False)

    # ---- actions ----
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

    # ---- case workflow and reports ----
    @guarded
    def filter_township(self, township: str):
        idx = self.filters.township.findData(township)
        if idx >= 0:
            self.filters.township.setCurrentIndex(idx)

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
                                        text=dt.date.today().strftime("%Y-%m") + " 内部抽样复核")
        if not ok or not name.strip():
            return
        seed, ok = QInputDialog.getText(self, tr("Draw a review sample"),
                                        tr("Random seed (publish it: anyone can re-draw the same sample)"),
                                        text=dt.date.today().strftime("%Y%m%d"))
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
    def _reports_done(self, files, error, cancelled):
        self.tool_actions["reports"].setEnabled(self.ws is not None)
        self._task_ended()
        if error is not None:
            QMessageBox.critical(self, tr("Export reports"), tr("The export failed: {error}").format(error=logged_message(error)))
        elif cancelled:
            self.iface.messageBar().pushWarning(tr("Export reports"), tr("Cancelled after {n} files.").format(
                n=len(files)))
        else:
            self.iface.messageBar().pushSuccess(tr("Export reports"), tr("{n} files written to {folder}").format(
                n=len(files), folder=str(Path(files[0]).parent) if files else ""))

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

    # ---- field packages ----
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

        from ..reports.atlas import AtlasError, export_atlas

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
