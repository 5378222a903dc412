"""The roster dialog (名册): edit the workspace's leading group, township/village 包保 leaders and
county-seat zones (with their polygons), import/export the Excel workbook, save in one transaction.

The tables hold exactly the workbook's sheets (exchange/roster_xlsx.py), so one conversion,
:func:`roster_from_tables`, validates both the dialog and an imported workbook.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pandas as pd
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.rosters import Roster, RosterError, load_default_roster
from ..exchange.errors import InputError
from ..exchange.roster_xlsx import (
    GROUP_COLUMNS,
    INFO_ITEMS,
    ROLES,
    SHEET_GROUP,
    SHEET_INFO,
    SHEET_TOWNSHIPS,
    SHEET_ZONES,
    TOWNSHIP_COLUMNS,
    ZONE_COLUMNS,
    RosterInputError,
    cell_text,
    describe,
    read_roster_xlsx,
    roster_tables,
    write_roster_xlsx,
)
from ..exchange.roster_xlsx import roster_from_tables as _tables_to_roster
from ..i18n import tr, tr_noop
from ..store.errors import StoreError
from ..store.rosters import (
    RosterDataError,
    ZoneGeometryError,
    save_roster,
    validate_zone_geometry,
    workspace_roster,
    zone_geometries,
)
from .facts_form import CANCEL, DISCARD, SAVE, ask_unsaved
from .guard import guarded

__all__ = ["CANCEL", "DISCARD", "SAVE", "RosterDialog", "confirm_discard", "roster_from_tables"]

WORKSPACE_CRS = "EPSG:4490"

GEOM_ROLE = Qt.ItemDataRole.UserRole + 1

# Column keys (the workbook's Chinese headers) → what the dialog shows.
COLUMN_LABELS = {
    "机构": tr_noop("Body"), "角色": tr_noop("Role"), "姓名": tr_noop("Name"), "职务": tr_noop("Title"),
    "备注": tr_noop("Note"),
    "乡镇": tr_noop("Township"), "乡镇代码": tr_noop("Township code"), "村": tr_noop("Village"),
    "村代码": tr_noop("Village code"), "包保领导": tr_noop("Responsible leader (包保)"),
    "包片包保组": tr_noop("Township group (包片包保组)"), "代码来源": tr_noop("Code source"),
    "盯办专人": tr_noop("Person following up (专人盯办)"), "专人职务": tr_noop("Their title or phone"),
    "片区名称": tr_noop("Zone"), "片区范围": tr_noop("Extent"), "指挥长": tr_noop("Commander"),
    "副指挥长": tr_noop("Deputy"), "副指挥长职务": tr_noop("Deputy's title"), "副指挥长备注": tr_noop("Deputy's note"),
    "责任单位": tr_noop("Responsible units (、)"),
}
TAB_GROUP = tr_noop("Leading group")
TAB_TOWNSHIPS = tr_noop("Townships and villages")
TAB_ZONES = tr_noop("County-seat zones")
INFO_LABELS = {"县名称": tr_noop("County"), "县代码": tr_noop("County code"), "年度": tr_noop("Year"),
               "领导小组名称": tr_noop("Leading group"), "办公室名称": tr_noop("Office"),
               "办公室简称": tr_noop("Office short name"), "办公室设在": tr_noop("Office seat"),
               "联络邮箱": tr_noop("Contact e-mail"), "片区备注": tr_noop("Zone note")}


def sheet_labels() -> dict[str, str]:
    return {SHEET_GROUP: tr(TAB_GROUP), SHEET_INFO: tr(TAB_GROUP), SHEET_TOWNSHIPS: tr(TAB_TOWNSHIPS),
            SHEET_ZONES: tr(TAB_ZONES)}


def column_labels() -> dict[str, str]:
    return {k: tr(v) for k, v in COLUMN_LABELS.items()}


def roster_from_tables(tables: dict[str, pd.DataFrame], base: Optional[Roster] = None) -> Roster:
    """What the dialog's tables say, as a Roster; :class:`RosterInputError` names tab, row and column.

    ``tables``: {sheet: DataFrame} as :meth:`RosterDialog.tables` gives them (index = table row, 1-based).
    """
    return _tables_to_roster(tables, file="", base=base, sheet_labels=sheet_labels(), column_labels=column_labels())


def confirm_discard(parent=None) -> str:
    """Ask what to do with unsaved roster edits: SAVE, DISCARD or CANCEL (tests monkeypatch this)."""
    return ask_unsaved(parent, tr("Rosters"), tr("The roster has unsaved changes."), tr("Save them before closing?"))


class _ChoiceDelegate(QStyledItemDelegate):
    """An editable combo box offering the allowed values of a column (free text still possible)."""

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt API)
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(self.choices)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentText().strip(), Qt.ItemDataRole.EditRole)


class RosterTable(QTableWidget):
    """A table of text cells with fixed columns (the sheet's), read and written as a DataFrame."""

    def __init__(self, columns, extra_columns=(), parent=None):
        super().__init__(0, len(columns) + len(extra_columns), parent)
        self.columns = list(columns)
        self.setHorizontalHeaderLabels([tr(COLUMN_LABELS[c]) for c in columns] + [tr(x) for x in extra_columns])
        for j, c in enumerate(columns):
            self.horizontalHeaderItem(j).setToolTip(c)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def set_frame(self, df: pd.DataFrame) -> None:
        self.setRowCount(0)
        self.setRowCount(len(df))
        for i, values in enumerate(df[self.columns].itertuples(index=False, name=None)):
            for j, v in enumerate(values):
                item = QTableWidgetItem(cell_text(v))
                if len(item.text()) > 16:
                    item.setToolTip(item.text())
                self.setItem(i, j, item)
        self.resizeColumnsToContents()
        for j in range(self.columnCount()):
            self.setColumnWidth(j, min(self.columnWidth(j), 320))

    def text(self, row: int, column: str) -> str:
        item = self.item(row, self.columns.index(column))
        return item.text().strip() if item is not None else ""

    def set_text(self, row: int, column: str, value: str) -> None:
        j = self.columns.index(column)
        item = self.item(row, j)
        if item is None:
            self.setItem(row, j, QTableWidgetItem(value))
        else:
            item.setText(value)

    def frame(self) -> pd.DataFrame:
        """The cells as a DataFrame of text; the index is the row number the user sees (1-based)."""
        data = [[self.text(i, c) for c in self.columns] for i in range(self.rowCount())]
        return pd.DataFrame(data, columns=self.columns, index=range(1, self.rowCount() + 1), dtype=object)

    def current(self) -> int:
        rows = sorted({i.row() for i in self.selectedIndexes()})
        if rows:
            return rows[0]
        return self.currentRow()

    def add_row(self, copy: tuple[str, ...] = ()) -> int:
        """A new row after the current one (or at the end), with ``copy`` columns taken from the current."""
        cur = self.current()
        at = cur + 1 if cur >= 0 else self.rowCount()
        self.insertRow(at)
        for j, c in enumerate(self.columns):
            self.setItem(at, j, QTableWidgetItem(self.text(cur, c) if cur >= 0 and c in copy else ""))
        for j in range(len(self.columns), self.columnCount()):
            item = QTableWidgetItem("")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(at, j, item)
        self.setCurrentCell(at, 0)
        return at

    def remove_selected(self) -> int:
        rows = sorted({i.row() for i in self.selectedIndexes()} or ({self.currentRow()} - {-1}), reverse=True)
        for r in rows:
            self.removeRow(r)
        return len(rows)


class RosterDialog(QDialog):
    """Edit the workspace roster. ``saved`` is emitted after a successful save."""

    saved = pyqtSignal()

    def __init__(self, ws, iface=None, parent=None):
        super().__init__(parent)
        self.ws, self.iface = ws, iface
        self.setWindowTitle(tr("Rosters"))
        self.dirty = False
        self._loading = False
        self.last_dir = str(Path(getattr(ws, "location", "") or ".").parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        lay.addWidget(self.tabs, 1)

        # -- leading group and office
        page = QWidget(self.tabs)
        v = QVBoxLayout(page)
        self.info_edits: dict[str, QWidget] = {}
        for key in ("县名称", "县代码", "年度", "领导小组名称", "办公室名称", "办公室简称", "办公室设在", "联络邮箱"):
            if key == "年度":
                w = QSpinBox(page)
                w.setRange(0, 2100)
                w.setSpecialValueText("—")
                w.valueChanged.connect(self._changed)
            else:
                w = QLineEdit(page)
                w.textEdited.connect(self._changed)
            self.info_edits[key] = w
        grid = QGridLayout()
        # (key, row, column, column span of the field)
        for key, r, c, span in (("县名称", 0, 0, 1), ("县代码", 0, 2, 1), ("年度", 0, 4, 1), ("领导小组名称", 1, 0, 5),
                                ("办公室名称", 2, 0, 3), ("办公室简称", 2, 4, 1), ("办公室设在", 3, 0, 3),
                                ("联络邮箱", 3, 4, 1)):
            grid.addWidget(QLabel(tr(INFO_LABELS[key]), page), r, c)
            grid.addWidget(self.info_edits[key], r, c + 1, 1, span)
        for c in (1, 3, 5):
            grid.setColumnStretch(c, 1)
        v.addLayout(grid)
        self.group_table = RosterTable(GROUP_COLUMNS, parent=page)
        self.group_table.setItemDelegateForColumn(0, _ChoiceDelegate(ROLES, self.group_table))
        roles = list(dict.fromkeys(r for body in ROLES.values() for r in body))
        self.group_table.setItemDelegateForColumn(1, _ChoiceDelegate(roles, self.group_table))
        v.addWidget(self.group_table, 1)
        v.addLayout(self._row_buttons(self.group_table, copy=("机构",)))
        self.tabs.addTab(page, tr(TAB_GROUP))

        # -- townships, villages and their 包保 leaders
        page = QWidget(self.tabs)
        v = QVBoxLayout(page)
        hint = QLabel(tr("One row per village. 包片包保组 (the township's leaders, 、 between names) and the code "
                         "source are given once, on the township's first row."), page)
        hint.setWordWrap(True)
        v.addWidget(hint)
        self.township_table = RosterTable(TOWNSHIP_COLUMNS, parent=page)
        v.addWidget(self.township_table, 1)
        v.addLayout(self._row_buttons(self.township_table, copy=("乡镇", "乡镇代码", "包保领导")))
        self.tabs.addTab(page, tr(TAB_TOWNSHIPS))

        # -- county-seat zones
        page = QWidget(self.tabs)
        v = QVBoxLayout(page)
        f = QFormLayout()
        self.zones_note = QLineEdit(page)
        self.zones_note.textEdited.connect(self._changed)
        f.addRow(tr(INFO_LABELS["片区备注"]), self.zones_note)
        v.addLayout(f)
        self.zone_table = RosterTable(ZONE_COLUMNS, extra_columns=(tr_noop("Polygon"),), parent=page)
        self.zone_table.horizontalHeader().moveSection(len(ZONE_COLUMNS), 1)  # shown beside the zone's name
        v.addWidget(self.zone_table, 1)
        buttons = self._row_buttons(self.zone_table)
        self.use_polygon_button = QPushButton(tr("Use selected polygon"), page)
        self.use_polygon_button.setToolTip(tr("Take the selected feature(s) of the active polygon layer as the "
                                              "polygon of the chosen zone"))
        self.use_polygon_button.clicked.connect(self.use_selected_polygon)
        self.zoom_button = QPushButton(tr("Zoom to zone"), page)
        self.zoom_button.clicked.connect(self.zoom_to_zone)
        buttons.addWidget(self.use_polygon_button)
        buttons.addWidget(self.zoom_button)
        v.addLayout(buttons)
        self.tabs.addTab(page, tr(TAB_ZONES))

        for t in (self.group_table, self.township_table, self.zone_table):
            t.itemChanged.connect(self._changed)

        # -- status and the dialog's buttons
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        row = QHBoxLayout()
        self.import_button = QPushButton(tr("Import xlsx…"), self)
        self.import_button.clicked.connect(self._choose_import)
        self.export_button = QPushButton(tr("Export xlsx…"), self)
        self.export_button.clicked.connect(self._choose_export)
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(tr("Close"), self)
        close.clicked.connect(self.reject)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(close)
        lay.addLayout(row)
        self.resize(980, 640)
        self.reload()

    def _row_buttons(self, table: RosterTable, copy: tuple[str, ...] = ()) -> QHBoxLayout:
        h = QHBoxLayout()
        add = QPushButton(tr("Add row"), self)
        add.clicked.connect(lambda: (table.add_row(copy), self._changed()))
        remove = QPushButton(tr("Remove rows"), self)
        remove.clicked.connect(lambda: self._changed() if table.remove_selected() else None)
        h.addWidget(add)
        h.addWidget(remove)
        h.addStretch(1)
        return h

    # ---- state ----------------------------------------------------------------------------------
    @guarded
    def _changed(self, *_):
        if self._loading:
            return
        self.set_dirty(True)

    def set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        self.setWindowTitle(tr("Rosters") + (" *" if dirty else ""))

    def reload(self) -> None:
        """Show what the workspace holds (its default roster when it has none stored yet)."""
        try:
            self.roster, problem = workspace_roster(self.ws), ""
        except RosterDataError as e:  # rows edited by hand into something that is not a roster
            self.roster, problem = load_default_roster(), str(e)
        self.load_roster(self.roster, zone_geometries(self.ws))
        self.set_dirty(bool(problem))
        self.status.setText(tr("The stored roster cannot be read ({error}); the default roster is shown, and Save "
                               "replaces the stored one.").format(error=problem) if problem else "")

    def load_roster(self, roster: Roster, geometries: Optional[dict] = None) -> None:
        """Fill the tables with ``roster``; zone polygons by name (default: those the tables hold now)."""
        if geometries is None:
            geometries = self.zone_polygons()
        self._loading = True
        try:
            t = roster_tables(roster)
            info = dict(zip(t[SHEET_INFO]["项目"], t[SHEET_INFO]["内容"]))
            for k, w in self.info_edits.items():
                if isinstance(w, QSpinBox):
                    w.setValue(int(info.get(k) or 0))
                else:
                    w.setText(info.get(k, ""))
            self.zones_note.setText(info.get("片区备注", ""))
            self._source = info.get("来源", "")
            self.group_table.set_frame(t[SHEET_GROUP])
            self.township_table.set_frame(t[SHEET_TOWNSHIPS])
            self.zone_table.set_frame(t[SHEET_ZONES])
            for i in range(self.zone_table.rowCount()):
                self._set_zone_geometry(i, geometries.get(self.zone_table.text(i, "片区名称")))
        finally:
            self._loading = False

    def tables(self) -> dict[str, pd.DataFrame]:
        """The dialog's content as the workbook's sheets (index = the row number shown)."""
        info = {k: (str(w.value()) if isinstance(w, QSpinBox) else w.text().strip())
                for k, w in self.info_edits.items()}
        info["片区备注"] = self.zones_note.text().strip()
        info["来源"] = self._source
        info_df = pd.DataFrame([(k, info.get(k, "")) for k in INFO_ITEMS], columns=["项目", "内容"],
                               index=range(1, len(INFO_ITEMS) + 1), dtype=object)
        return {SHEET_GROUP: self.group_table.frame(), SHEET_TOWNSHIPS: self.township_table.frame(),
                SHEET_ZONES: self.zone_table.frame(), SHEET_INFO: info_df}

    def current_roster(self) -> Roster:
        """The roster the tables describe (raises RosterInputError naming tab, row and column)."""
        return roster_from_tables(self.tables())

    # ---- zone polygons --------------------------------------------------------------------------
    def _set_zone_geometry(self, row: int, geom) -> None:
        name_item = self.zone_table.item(row, 0)
        if name_item is None:
            name_item = QTableWidgetItem("")
            self.zone_table.setItem(row, 0, name_item)
        name_item.setData(GEOM_ROLE, geom)
        j = len(self.zone_table.columns)
        mark = QTableWidgetItem("✓" if geom is not None else "")
        mark.setFlags(mark.flags() & ~Qt.ItemFlag.ItemIsEditable)
        mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zone_table.setItem(row, j, mark)

    def zone_geometry(self, row: int):
        item = self.zone_table.item(row, 0)
        return item.data(GEOM_ROLE) if item is not None else None

    def zone_polygons(self) -> dict:
        """{zone name: polygon} for the rows that have one (names as currently typed)."""
        out = {}
        for i in range(self.zone_table.rowCount()):
            g = self.zone_geometry(i)
            name = self.zone_table.text(i, "片区名称")
            if g is not None and name:
                out[name] = g
        return out

    def _current_zone_row(self) -> int:
        row = self.zone_table.current()
        if row < 0 or row >= self.zone_table.rowCount():
            return -1
        return row

    @guarded
    def use_selected_polygon(self) -> bool:
        """The selected feature(s) of the active layer → EPSG:4490 → the chosen zone's polygon."""
        row = self._current_zone_row()
        if row < 0:
            self.warn(tr("Choose a zone in the table first."))
            return False
        zone = self.zone_table.text(row, "片区名称") or tr("row {row}").format(row=row + 1)
        layer = self.iface.activeLayer() if self.iface is not None else None
        if not isinstance(layer, QgsVectorLayer) or not layer.isSpatial():
            self.warn(tr("Make a polygon layer active and select the polygon(s) of zone {zone} on it.").format(zone=zone))
            return False
        geoms = [f.geometry() for f in layer.selectedFeatures() if f.hasGeometry()]
        if not geoms:
            self.warn(tr("Select the polygon(s) of zone {zone} on layer {layer} first.").format(
                zone=zone, layer=layer.name()))
            return False
        g = QgsGeometry.unaryUnion(geoms) if len(geoms) > 1 else QgsGeometry(geoms[0])
        if QgsWkbTypes.isCurvedType(g.wkbType()):
            g = QgsGeometry(g.constGet().segmentize())
        xform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(WORKSPACE_CRS), QgsProject.instance())
        try:
            g.transform(xform)
            shape = shapely.from_wkb(bytes(g.asWkb()))
            shape = validate_zone_geometry(zone, shapely.force_2d(shape))
        except ZoneGeometryError as e:
            self.warn(str(e))
            return False
        except Exception as e:  # a transform or WKB failure: tell the user, keep the dialog
            self.warn(tr("Zone {zone}: the polygon could not be used: {error}").format(zone=zone, error=e))
            return False
        self._set_zone_geometry(row, shape)
        self.set_dirty(True)
        self.status.setText(tr("Polygon of zone {zone} taken from {n} feature(s) of {layer}; Save to store it.")
                            .format(zone=zone, n=len(geoms), layer=layer.name()))
        return True

    @guarded
    def zoom_to_zone(self) -> bool:
        row = self._current_zone_row()
        if row < 0:
            self.warn(tr("Choose a zone in the table first."))
            return False
        zone = self.zone_table.text(row, "片区名称")
        geom = self.zone_geometry(row)
        if geom is None:
            self.warn(tr("Zone {zone} has no polygon yet.").format(zone=zone))
            return False
        if self.iface is None:
            return False
        from .maptools import to_qgs_geometry

        canvas = self.iface.mapCanvas()
        g = to_qgs_geometry(geom)
        g.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem(WORKSPACE_CRS),
                                           canvas.mapSettings().destinationCrs(), QgsProject.instance()))
        rect = g.boundingBox()
        rect.grow(max(rect.width(), rect.height()) * 0.1 or 0.001)
        canvas.setExtent(rect)
        canvas.refresh()
        if hasattr(canvas, "flashGeometries"):
            canvas.flashGeometries([g], canvas.mapSettings().destinationCrs())
        return True

    # ---- save, import, export -------------------------------------------------------------------
    def warn(self, text: str) -> None:
        """Tell the user something went wrong (tests monkeypatch this)."""
        self.status.setText(text)
        QMessageBox.warning(self, tr("Rosters"), text)

    def _problems(self, e: InputError) -> str:
        if isinstance(e, RosterInputError):
            return str(e)
        return describe(e.problem)

    @guarded
    def save(self) -> bool:
        """Validate the tables and store them in one transaction; False (and a message) when not saved."""
        try:
            roster = self.current_roster()
        except InputError as e:
            self.warn(tr("The roster was not saved:") + "\n" + self._problems(e))
            return False
        try:
            counts = save_roster(self.ws, roster, source="roster dialog", geometries=self.zone_polygons())
        except (RosterError, ValueError, StoreError) as e:
            self.warn(tr("The roster was not saved:") + "\n" + str(e))
            return False
        self.roster = roster
        self.set_dirty(False)
        self.status.setText(tr("Saved: {created} rows added, {updated} changed, {deleted} removed.").format(**counts))
        self.saved.emit()
        return True

    def import_xlsx(self, path) -> bool:
        """Fill the tables from a roster workbook (nothing is stored until Save)."""
        try:
            base = self.current_roster()
        except InputError:
            base = self.roster
        try:
            roster = read_roster_xlsx(path, base=base)
        except InputError as e:
            self.warn(tr("The workbook was not imported:") + "\n" + self._problems(e))
            return False
        self.load_roster(roster)
        self.set_dirty(True)
        self.status.setText(tr("Imported {file}; check the tables and Save to store the roster.").format(
            file=Path(path).name))
        return True

    def export_xlsx(self, path) -> bool:
        try:
            roster = self.current_roster()
        except InputError as e:
            self.warn(tr("The roster was not exported:") + "\n" + self._problems(e))
            return False
        try:
            write_roster_xlsx(path, roster)
        except OSError as e:
            self.warn(tr("The roster was not exported:") + "\n" + str(e))
            return False
        self.status.setText(tr("Exported to {path}").format(path=str(path)))
        return True

    @guarded
    def _choose_import(self):
        path, _ = QFileDialog.getOpenFileName(self, tr("Import roster"), self.last_dir,
                                              tr("Excel workbooks") + " (*.xlsx)")
        if path:
            self.last_dir = str(Path(path).parent)
            self.import_xlsx(path)

    @guarded
    def _choose_export(self):
        start = str(Path(self.last_dir) / tr("roster.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, tr("Export roster"), start, tr("Excel workbooks") + " (*.xlsx)")
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.last_dir = str(Path(path).parent)
            self.export_xlsx(path)

    # ---- closing --------------------------------------------------------------------------------
    def may_close(self) -> bool:
        if not self.dirty:
            return True
        choice = confirm_discard(self)
        if choice == SAVE:
            return self.save()
        return choice == DISCARD

    @guarded
    def reject(self):
        """Close / Escape / the window's close button: ask first when there are unsaved edits."""
        if self.may_close():
            super().reject()
