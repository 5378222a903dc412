"""The case tab's building blocks: what every write of the tab shares (its audit source, the refusals it shows),
the layout helpers that keep the dock narrow, the penalty editor and the delay dialog."""
from __future__ import annotations

import datetime as dt
from typing import Callable, Optional

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import cases as core
from ..core.dates import china_today
from ..i18n import tr
from ..store.errors import StoreError
from .guard import guarded
from .measure_dialog import ERROR_STYLE, date_edit, get_date, iso, set_date

SOURCE = "dock"
FAILURES = (StoreError, ValueError)   # store refusals; core's CaseError/ReferralError/BlacklistError/SamplingError


def _mark(on: bool) -> str:
    return "✓" if on else "✗"


def _form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _wrapping(text: str = "", parent: Optional[QWidget] = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the dock
    return label


def _fit_rows(table: QTableWidget, max_rows: int = 8) -> None:
    """Height for the rows (at most ``max_rows``), so the tab scrolls rather than the table."""
    table.resizeRowsToContents()
    n = min(table.rowCount(), max_rows)
    rows = sum(table.rowHeight(i) for i in range(n)) if n else table.verticalHeader().defaultSectionSize()
    bar = table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + bar + 2 * table.frameWidth() + 2)


class PenaltyEditor(QWidget):
    """行政处罚: fine (元), confiscation, decision number and date."""

    def __init__(self, parent=None):
        super().__init__(parent)
        form = _form(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.fine = QDoubleSpinBox(self)
        self.fine.setDecimals(2)
        self.fine.setRange(0.0, 1e12)
        self.fine.setGroupSeparatorShown(True)
        self.fine.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.confiscation = QCheckBox(tr("Confiscate the buildings and facilities"), self)
        self.decision_no = QLineEdit(self)
        self.decided = date_edit(self, tr("not set"))
        form.addRow(tr("Fine (yuan)"), self.fine)
        form.addRow(self.confiscation)
        form.addRow(tr("Decision no."), self.decision_no)
        form.addRow(tr("Decision date"), self.decided)

    def penalty(self) -> core.Penalty:
        return core.Penalty(float(self.fine.value()), self.confiscation.isChecked(), self.decision_no.text().strip(),
                            get_date(self.decided))

    def set_penalty(self, p: core.Penalty) -> None:
        self.fine.setValue(p.fine_yuan)
        self.confiscation.setChecked(p.confiscation)
        self.decision_no.setText(p.decision_no)
        set_date(self.decided, p.decided)


class DelayDialog(QDialog):
    """A force-majeure delay of the verification deadline; ``submit(dialog)`` → None or the message."""

    def __init__(self, deadline: Optional[dt.date], submit: Optional[Callable[[DelayDialog], Optional[str]]] = None,
                 parent=None):
        super().__init__(parent)
        self.submit = submit
        self.setWindowTitle(tr("Request delay"))
        lay = QVBoxLayout(self)
        lay.addWidget(_wrapping(tr("Current deadline: {date}").format(date=iso(deadline) or tr("not set")), self))
        form = QFormLayout()
        self.reason = QPlainTextEdit(self)
        self.reason.setMaximumHeight(90)
        self.new_deadline = date_edit(self, tr("not set"))
        today = china_today()
        set_date(self.new_deadline, max(deadline or today, today) + dt.timedelta(days=30))
        self.requested = date_edit(self, tr("not set"))
        set_date(self.requested, today)
        self.approver = QLineEdit(self)
        form.addRow(tr("Reason"), self.reason)
        form.addRow(tr("New deadline"), self.new_deadline)
        form.addRow(tr("Request date"), self.requested)
        form.addRow(tr("Approved by"), self.approver)
        lay.addLayout(form)
        self.error_label = _wrapping("", self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        lay.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(380, 300)

    def values(self) -> dict:
        return {"reason": self.reason.toPlainText().strip(), "new_deadline": get_date(self.new_deadline),
                "requested": get_date(self.requested), "approver": self.approver.text().strip()}

    @guarded
    def accept(self):
        v = self.values()
        error = None
        if not v["reason"]:
            error = tr("Enter the reason for the delay.")
        elif v["new_deadline"] is None or v["requested"] is None:
            error = tr("Enter the new deadline and the request date.")
        elif self.submit is not None:
            error = self.submit(self)
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        super().accept()

