"""The conflict dialog (外业冲突): facts changed both in the office and in the field, side by side, decided per
row by a person — the office's value, the field's, or a third value entered in the row (neither side was
right) — and applied in one transaction (store/conflicts.py: through save_facts, audited, the patches
determined again).

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
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..exchange.field_reports import local_time
from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, UNKNOWN_LABEL
from ..store.conflicts import KIND_FACT, Conflict, OtherValue, list_conflicts, resolve_many
from ..store.errors import StoreError
from .guard import guarded

UNDECIDED, OFFICE, FIELD, OTHER = "", "office", "field", "value"
COLUMNS = ("patch", "fact", "decision", "other", "office", "office_by", "field", "field_by", "package")
DECISION = COLUMNS.index("decision")   # next to the fact, so it is on screen however wide the values are
OTHER_COL = COLUMNS.index("other")
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
        self.table.setHorizontalHeaderLabels([tr("Patch"), tr("Fact"), tr("Decision"), tr("Other value"),
                                              tr("Office value"),
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
            cells = (c.key, c.label, "", "", c.office_text, _who_when(c.office_by, c.office_at), c.field_text,
                     _who_when(c.field_by, c.field_at), c.package)
            for col, text in enumerate(cells):
                if col in (DECISION, OTHER_COL):
                    continue
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c.id)
                item.setToolTip(text)
                t.setItem(r, col, item)
            combo = QComboBox()
            combo.addItem(tr("undecided"), UNDECIDED)
            combo.addItem(tr("keep the office value"), OFFICE)
            combo.addItem(tr("take the field value"), FIELD)
            editor = _value_editor(c)
            if editor is not None:   # a split is the office's or the field's; a fact may take a third value
                combo.addItem(tr("enter another value"), OTHER)
                editor.setEnabled(False)
                t.setCellWidget(r, OTHER_COL, editor)
                signal = editor.currentIndexChanged if isinstance(editor, QComboBox) else editor.textChanged
                signal.connect(self._update_buttons)
            combo.currentIndexChanged.connect(self._update_buttons)
            t.setCellWidget(r, DECISION, combo)
        t.resizeColumnsToContents()
        t.resizeRowsToContents()
        t.setColumnWidth(OTHER_COL, max(t.columnWidth(OTHER_COL), 160))
        for col, low, high in ((4, 120, 260), (6, 120, 260), (8, 80, 200)):
            t.setColumnWidth(col, min(max(t.columnWidth(col), low), high))
        self.info.setText(tr("{n} open conflict(s): facts changed both in the office and in the field since the package "
                             "was exported. Choose per row which value stands, then apply.").format(n=len(self.conflicts))
                          if self.conflicts else tr("No open conflicts."))
        self._update_buttons()

    def combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, DECISION)

    def editor(self, row: int):
        """The row's editor of a third value (None for a split)."""
        return self.table.cellWidget(row, OTHER_COL)

    def choose(self, row: int, choice: str) -> None:
        combo = self.combo(row)
        combo.setCurrentIndex(max(0, combo.findData(choice)))

    def enter(self, row: int, value) -> None:
        """Decide the row for a third value: a stored value (an enum's code, True/False, None = unknown) or,
        for text, number and date facts, the text typed."""
        self.choose(row, OTHER)
        editor = self.editor(row)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(_key(value))))
        elif editor is not None:
            editor.setText("" if value is None else str(value))

    @guarded
    def choose_all(self, choice: str) -> None:
        for r in range(self.table.rowCount()):
            self.choose(r, choice)

    def choices(self) -> dict[int, object]:
        """conflict id → 'office', 'field' or OtherValue(the value entered) for the decided rows."""
        out: dict[int, object] = {}
        for r, c in enumerate(self.conflicts):
            v = self.combo(r).currentData()
            if v == OTHER:
                out[c.id] = OtherValue(_entered(self.editor(r)))
            elif v:
                out[c.id] = v
        return out

    @guarded
    def _update_buttons(self, *_):
        for r in range(self.table.rowCount()):
            editor = self.editor(r)
            if editor is not None:
                editor.setEnabled(self.combo(r).currentData() == OTHER)
        has = bool(self.conflicts)
        self.all_office.setEnabled(has)
        self.all_field.setEnabled(has)
        self.apply_button.setEnabled(bool(self.choices()))

    # ---- applying -------------------------------------------------------------------------------------
    @guarded
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


def _key(value) -> str:
    """A stored value as a combo entry's data (None, True/False and codes never collide)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return f"={value}"


def _value_editor(c: Conflict):
    """A value list for yes/no and enum facts (with 未填写), a line for text, numbers and dates; None for a split."""
    fact = FACTS_BY_CODE.get(c.code or "") if c.kind == KIND_FACT else None
    if fact is None:
        return None
    if fact.type in ("bool", "enum"):
        combo = QComboBox()
        combo.addItem(UNKNOWN_LABEL, _key(None))
        entries = [(True, "是"), (False, "否")] if fact.type == "bool" else list(fact.values)
        for value, label in entries:
            combo.addItem(label, _key(value))
        return combo
    line = QLineEdit()
    line.setPlaceholderText({"date": tr("YYYY-MM-DD"), "number": tr("a number")}.get(fact.type, tr("text")) + " · "
                            + tr("empty = unknown"))
    return line


def _entered(editor):
    if isinstance(editor, QComboBox):
        data = editor.currentData() or ""
        return None if data == "" else {"1": True, "0": False}.get(data, data[1:])
    text = editor.text().strip() if editor is not None else ""
    return text or None   # checked against the fact (canonical) when applied: a wrong entry is named, nothing saved
