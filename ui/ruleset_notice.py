"""Shown instead of the findings form when the patch's rule set cannot be loaded: what is wrong, and — when the
batch's year has no rules here — a choice of the years WPZF has rules for, to judge the batch by."""
from __future__ import annotations

from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.dates import as_date
from ..exchange.importer import default_ruleset_year
from ..i18n import tr
from ..rules import available_years
from ..store.batches import batch_of_patch, set_batch_ruleset_year
from ..store.errors import missing_ruleset_year, user_message
from .guard import guarded


class RuleSetNotice(QWidget):
    applied = pyqtSignal(int)   # the rule-set year the batch is judged by now

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ws, self.batch = None, None
        lay = QVBoxLayout(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        lay.addWidget(self.label)
        self.choice = QWidget(self)
        row = QHBoxLayout(self.choice)
        row.setContentsMargins(0, 0, 0, 0)
        self.year = QComboBox(self.choice)
        self.apply_btn = QPushButton(self.choice)
        self.apply_btn.clicked.connect(self.apply)
        row.addWidget(self.year)
        row.addWidget(self.apply_btn, 1)
        lay.addWidget(self.choice)
        lay.addStretch(1)

    def show_error(self, ws, tbid: int, exc: Exception) -> None:
        """Explain ``exc`` (a RuleSetError) for patch ``tbid``; offer the years with rules when its year has none."""
        self.ws = ws
        self.label.setText(user_message(exc) or str(exc))
        self.batch = batch_of_patch(ws, tbid) if missing_ruleset_year(exc) is not None else None
        years = available_years()
        offer = self.batch is not None and bool(years)
        self.choice.setVisible(offer)
        if not offer:
            return
        self.year.clear()
        for y in reversed(years):
            self.year.addItem(str(y), y)
        issued = as_date(self.batch.get("XFRQ"))
        best = default_ruleset_year(issued, years) if issued is not None else None
        self.year.setCurrentIndex(max(self.year.findData(best), 0))
        self.apply_btn.setText(tr("Judge batch {batch} by these rules").format(batch=self.batch["PCBH"]))

    @guarded
    def apply(self):
        year = self.year.currentData()
        if self.ws is None or self.batch is None or year is None:
            return
        set_batch_ruleset_year(self.ws, int(self.batch["fid"]), int(year), source="dock")
        self.applied.emit(int(year))
