"""The WPZF dock: the workspace, its review queue, and the patch at hand.

Queue (filters, nearest deadline first) → step with next / previous / next unreviewed (shortcuts the
user can change in Settings ▸ Keyboard Shortcuts) → the map zooms to the patch and highlights it and
its parts → the card, facts and photos of the patch below. The position in the queue survives
closing QGIS.

This module builds the dock and holds the queue and the patch at hand; its commands are mixins: the workspace
(dock_workspace), the batch import and background tasks (dock_import), the county-wide commands (dock_county),
the exports (dock_exports) and the field packages (dock_field).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.dates import china_today
from ..i18n import tr
from ..store import StoreError, is_team_location
from ..store.queue import patch_card, patch_shapes
from .case_tab import CaseTab
from .compare import CompareBar, ImageryCompare
from .compat import QAction
from .county_profile_dialog import open_dialog as open_county_profile
from .dashboard import DashboardTab
from .dock_county import DockCountyActions
from .dock_exports import DockExports
from .dock_field import DockFieldPackages
from .dock_import import DockImport
from .dock_layout import (
    DockTitleBar,
    ElidedLabel,
    QueueColumns,
    RememberedSplitter,
    ScrollingTabs,
    compact_rows,
    queue_height,
)
from .dock_workspace import DockWorkspace
from .findings_tab import FindingsTab
from .guard import guarded
from .imagery_series import SeriesPanel
from .layers import workspace_layers
from .maptools import PatchHighlighter
from .patch_card import PatchCard
from .people_dialog import open_dialog as open_people
from .photo_panel import PhotoPanel
from .queue import FilterBar, PatchTableModel
from .reference_dialog import open_dialog as open_reference
from .settings import Settings
from .signoff import open_dialog as open_signoff
from .split_panel import SplitPanel

# Default shortcuts; users change them in Settings ▸ Keyboard Shortcuts (registered with QGIS).
SHORTCUTS = {"next": "Alt+Right", "previous": "Alt+Left", "next_unreviewed": "Alt+Down", "save": "Ctrl+Alt+S",
             "toggle_imagery": "Alt+T", "series_previous": "Alt+PgUp", "series_next": "Alt+PgDown"}


class WpzfDock(DockWorkspace, DockImport, DockCountyActions, DockExports, DockFieldPackages, QDockWidget):
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
                ("people", tr("People's names (人员姓名)…"), lambda: open_people(self)),
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
        self.columns = QueueColumns(self.table)   # 监测编号 always whole; others fitted once, hideable
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

    # ---- navigation ----
    @guarded
    def save_position(self):
        """Remember the patch at hand for the next session (see ``_position_timer``)."""
        self._position_timer.stop()
        if self.ws is not None and self.current_fid is not None:
            QgsSettings().setValue(self._position_key(), int(self.current_fid))

    @guarded
    def refresh(self):
        if self.ws is None:
            return
        keep = self.current_fid
        self.table.selectionModel().blockSignals(True)
        try:   # the order is read here, the rows as they are shown (ui/queue.py)
            self.model.set_query(self.ws, self.filters.queue_filter(), china_today().isoformat())
            row = self.model.row_of(keep) if keep is not None else -1
            if row >= 0:
                self.table.selectRow(row)
        finally:
            self.table.selectionModel().blockSignals(False)
        self._show_counts()

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
    def filter_township(self, township: str):
        idx = self.filters.township.findData(township)
        if idx >= 0:
            self.filters.township.setCurrentIndex(idx)

