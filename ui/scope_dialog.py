"""Which patches an export or a determination covers: a choice of scopes (core/scope.py) with their counts, and
for the reports whether record forms are wanted for patches nobody verified. Presentation only."""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from ..core.scope import COUNTY, LISTED, PATCH, SELECTION, TOWNSHIP, Scope
from ..i18n import tr


class ScopeDialog(QDialog):
    """Radio buttons for the scopes offered; ``scope()`` is the answer.

    ``counts``: {kind: number of patches} of the scopes to offer, in order (a kind absent is not offered, one
    with 0 patches is shown disabled). ``townships``: the names for the township scope, ``township`` the one
    chosen first. ``records_option``: also ask whether patches without findings get a record form. ``note``: a
    line under the choices."""

    def __init__(self, title: str, counts: dict[str, int], townships: Optional[list[str]] = None,
                 township: Optional[str] = None, patch_label: str = "", default: Optional[str] = None,
                 records_option: bool = False, note: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._fids: dict[str, tuple] = {}
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("Which patches?"), self))
        grid = QGridLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        labels = {COUNTY: tr("The whole county ({n} patches)"),
                  TOWNSHIP: tr("One township"),
                  LISTED: tr("The patches listed in the queue ({n})"),
                  SELECTION: tr("The patches selected on the map ({n})"),
                  PATCH: tr("This patch: {name}")}
        self.township = QComboBox(self)
        self.township.addItems(list(townships or []))
        if township and self.township.findText(township) >= 0:
            self.township.setCurrentIndex(self.township.findText(township))
        for row, (kind, n) in enumerate(counts.items()):
            text = labels[kind].format(n=n, name=patch_label)
            b = QRadioButton(text, self)
            b.setEnabled(n > 0 if kind != TOWNSHIP else self.township.count() > 0)
            self.group.addButton(b, row)
            self.buttons[kind] = b
            grid.addWidget(b, row, 0)
            if kind == TOWNSHIP:
                grid.addWidget(self.township, row, 1)
                self.township.setEnabled(b.isEnabled())
        lay.addLayout(grid)
        self.township.setVisible(TOWNSHIP in self.buttons)   # only beside its radio button
        if TOWNSHIP in self.buttons:
            self.township.activated.connect(lambda _i: self.buttons[TOWNSHIP].setChecked(True))
        if note:
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            lay.addWidget(hint)
        first = default if default in self.buttons and self.buttons[default].isEnabled() else next(
            (k for k, b in self.buttons.items() if b.isEnabled()), None)
        if first is not None:
            self.buttons[first].setChecked(True)
        self.records = QCheckBox(tr("Record forms (核查记录表) also for patches without recorded findings"), self)
        self.records.setToolTip(tr("By default a record form is written only for a patch whose verification "
                                   "findings are recorded"))
        self.records.setVisible(records_option)
        self._records_option = records_option
        lay.addWidget(self.records)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def kind(self) -> Optional[str]:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def choose(self, kind: str, township: Optional[str] = None) -> None:
        """Pick a scope as the user would (also for scripts and tests)."""
        self.buttons[kind].setChecked(True)
        if township is not None:
            self.township.setCurrentIndex(self.township.findText(township))

    def set_patches(self, kind: str, fids) -> None:
        """The patches of a LISTED / SELECTION / PATCH scope (the caller knows them; the dialog shows counts)."""
        self._fids[kind] = tuple(int(f) for f in fids)

    def scope(self) -> Optional[Scope]:
        kind = self.kind()
        if kind is None:
            return None
        if kind == COUNTY:
            return Scope()
        if kind == TOWNSHIP:
            name = self.township.currentText().strip()
            return Scope.of_township(name) if name else None
        return Scope.of_patches(self._fids.get(kind, ()), kind)

    def records_without_findings(self) -> bool:
        return self._records_option and self.records.isChecked()
