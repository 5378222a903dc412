"""The conflict dialog (外业冲突): facts changed both in the office and in the field, side by side, decided per
row by a person and applied in one transaction (store/conflicts.py: through save_facts, audited, the
patches determined again).

    dlg = ConflictResolverDialog(ws, parent)      # ws: an open Workspace
    dlg.resolved.connect(lambda fids: ...)        # the patch fids whose conflicts were decided
    dlg.exec()
"""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..exchange.field_package import local_time
from ..i18n import tr
from ..store.conflicts import Conflict, list_conflicts, resolve_many
from ..store.errors import StoreError

UNDECIDED, OFFICE, FIELD = "", "office", "field"
COLUMNS = ("patch", "fact", "decision", "office", "office_by", "field", "field_by", "package")
DECISION = COLUMNS.index("decision")   # next to the fact, so it is on screen however wide the values are
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _who_when(who: Optional[str], when) -> str:
    return f"{who or '—'}  {local_time(when)}"


class ConflictResolverDialog(QDialog):
    """Open conflicts of a workspace (optionally of some patches); choose per row, apply."""

    resolved = pyqtSignal(list)   # fids of the patches whose conflicts were decided

    def __init__(self, ws, parent=None, tbids: Optional[list[int]] = None):
        super().__init__(parent)
        self.ws = ws
        self.tbids = tbids
        self.conflicts: list[Conflict] = []
        self.setWindowTitle(tr("Field conflicts"))
        self.resize(1280, 440)
        layout = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr("Patch"), tr("Fact"), tr("Decision"), tr("Office value"),
                                              tr("Office: who, when"), tr("Field value"), tr("Field: who, when"),
                                              tr("Package")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.all_office = QPushButton(tr("Keep all office values"))
        self.all_field = QPushButton(tr("Take all field values"))
        self.apply_button = QPushButton(tr("Apply decisions"))
        self.close_button = QPushButton(tr("Close"))
        self.all_office.clicked.connect(lambda: self.choose_all(OFFICE))
        self.all_field.clicked.connect(lambda: self.choose_all(FIELD))
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.all_office)
        row.addWidget(self.all_field)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.reload()

    # ---- contents -------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.conflicts = list_conflicts(self.ws, open_only=True, tbids=self.tbids)
        t = self.table
        t.setRowCount(len(self.conflicts))
        for r, c in enumerate(self.conflicts):
            cells = (c.key, c.label, "", c.office_text, _who_when(c.office_by, c.office_at), c.field_text,
                     _who_when(c.field_by, c.field_at), c.package)
            for col, text in enumerate(cells):
                if col == DECISION:
                    continue
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c.id)
                item.setToolTip(text)
                t.setItem(r, col, item)
            combo = QComboBox()
            combo.addItem(tr("undecided"), UNDECIDED)
            combo.addItem(tr("keep the office value"), OFFICE)
            combo.addItem(tr("take the field value"), FIELD)
            combo.currentIndexChanged.connect(self._update_buttons)
            t.setCellWidget(r, DECISION, combo)
        t.resizeColumnsToContents()
        t.resizeRowsToContents()
        for col, low, high in ((3, 120, 260), (5, 120, 260), (7, 80, 200)):
            t.setColumnWidth(col, min(max(t.columnWidth(col), low), high))
        self.info.setText(tr("{n} open conflict(s): facts changed both in the office and in the field since the package "
                             "was exported. Choose per row which value stands, then apply.").format(n=len(self.conflicts))
                          if self.conflicts else tr("No open conflicts."))
        self._update_buttons()

    def combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, DECISION)

    def choose(self, row: int, choice: str) -> None:
        combo = self.combo(row)
        combo.setCurrentIndex(max(0, combo.findData(choice)))

    def choose_all(self, choice: str) -> None:
        for r in range(self.table.rowCount()):
            self.choose(r, choice)

    def choices(self) -> dict[int, str]:
        out = {}
        for r, c in enumerate(self.conflicts):
            v = self.combo(r).currentData()
            if v:
                out[c.id] = v
        return out

    def _update_buttons(self, *_):
        has = bool(self.conflicts)
        self.all_office.setEnabled(has)
        self.all_field.setEnabled(has)
        self.apply_button.setEnabled(bool(self.choices()))

    # ---- applying -------------------------------------------------------------------------------------
    def apply(self) -> bool:
        choices = self.choices()
        if not choices:
            return False
        try:
            done = resolve_many(self.ws, choices, source="conflict-dialog")
        except StoreError as e:
            QMessageBox.warning(self, tr("Field conflicts"), tr("Nothing was applied: {error}").format(error=e))
            self.reload()
            return False
        self.reload()
        self.resolved.emit(sorted({c.tbid for c in done}))
        return True
