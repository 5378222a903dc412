"""The findings tab of the dock: choose the unit (the patch or one of its parts), edit its facts in the
form of the batch's rule-set year, save (audited) and determine it."""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..rules import RuleSetError, load_ruleset
from ..store.determinations import determine_patches, unit_facts, unit_record
from ..store.people import name_of
from ..store.queue import patch_rows
from . import conflict_dialog, facts_form
from .facts_defaults import unit_context
from .facts_form import FactsForm
from .guard import guard, guarded
from .ruleset_notice import RuleSetNotice
from .suggestions_panel import SuggestionsPanel


class FindingsTab(QWidget):
    saved = pyqtSignal(int)        # patch fid whose facts (and determination) changed
    applied = pyqtSignal(int)      # patch fid whose facts changed from its reference-data suggestions
    split = pyqtSignal(int)        # patch fid split along a red line from a suggestion

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ws = None
        self.tbid: Optional[int] = None
        self.forms: dict[int, FactsForm] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # The unit line only for a split patch; Save sits on the determination's line of the form shown
        # (a line less above the facts on a laptop screen).
        self.top_row = QWidget(self)
        self.top = QHBoxLayout(self.top_row)
        self.top.setContentsMargins(0, 0, 0, 0)
        self.unit = QComboBox(self)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.save_btn = QPushButton(tr("Save findings"), self)
        self.save_btn.clicked.connect(self.save)
        self.top.addWidget(self.unit, 1)
        self.top.addWidget(self.save_btn)
        lay.addWidget(self.top_row)
        # The reference layers' suggested facts for the unit, above its form (hidden when there are none).
        self.suggestions = SuggestionsPanel(self)
        self.suggestions.before_change = self.confirm_leave
        self.suggestions.applied.connect(self._suggestion_applied)
        self.suggestions.split.connect(self.split)
        lay.addWidget(self.suggestions)
        self.stack = QStackedWidget(self)
        lay.addWidget(self.stack, 1)
        self.notice = RuleSetNotice(self.stack)  # instead of a form: why there is none (an unknown rule-set year)
        self.notice.applied.connect(guard(lambda year: self.set_patch(self.ws, self.tbid, year)))
        self.stack.addWidget(self.notice)
        self.stack.currentChanged.connect(self._place_save)
        for signal in (self.unit.model().rowsInserted, self.unit.model().rowsRemoved, self.unit.model().modelReset):
            signal.connect(self._update_top_row)
        self._place_save()

    @guarded
    def _place_save(self, *_args):
        form = self.form
        if form is not None:
            form.view.tools.addWidget(self.suggestions.notes_btn)
            form.view.tools.addWidget(self.save_btn)
        else:
            self.top.addWidget(self.save_btn)
        self._update_top_row()

    @guarded
    def _update_top_row(self, *_args):
        split = self.unit.count() > 1
        self.unit.setVisible(split)
        self.top_row.setVisible(split or self.save_btn.parent() is self.top_row)

    @property
    def form(self) -> Optional[FactsForm]:
        w = self.stack.currentWidget()
        return w if isinstance(w, FactsForm) else None

    def _form_for(self, year) -> FactsForm:
        year = int(year) if year else None
        key = year or 0
        if key not in self.forms:
            self.forms[key] = FactsForm(load_ruleset(year), self.stack)
            self.stack.addWidget(self.forms[key])
        return self.forms[key]

    def set_patch(self, ws, tbid: Optional[int], year=None):
        self.ws, self.tbid = ws, tbid
        self.unit.blockSignals(True)
        self.unit.clear()
        if ws is None or tbid is None:
            self.unit.blockSignals(False)
            self.suggestions.set_unit(None, None)
            return
        self.unit.addItem(tr("The whole patch"), None)
        parts = patch_rows(ws, "wz_part", ["FGBH", "TBMJMU"], int(tbid), order_by='"FGBH"')
        for p in parts:
            self.unit.addItem(tr("Part {n} ({mu:.2f} mu)").format(n=p["FGBH"], mu=float(p["TBMJMU"] or 0.0)),
                              int(p["fid"]))
        self.unit.setCurrentIndex(1 if len(parts) else 0)  # a split patch is judged by its parts
        self.unit.blockSignals(False)
        try:
            form = self._form_for(year)
        except RuleSetError as e:  # no form without rules: say what to do, nothing to save
            self.notice.show_error(ws, tbid, e)
            self.suggestions.set_unit(None, None)
            self.stack.setCurrentWidget(self.notice)
            self.save_btn.setEnabled(False)
            return
        self.save_btn.setEnabled(True)
        self.stack.setCurrentWidget(form)
        self.load()

    @guarded
    def _unit_changed(self, _index):
        if self.ws is not None and self.tbid is not None:
            self.load()

    def load(self):
        if self.form is None:
            return
        self._load_form()
        self._show_suggestions()

    @guarded
    def _show_suggestions(self):
        self.suggestions.set_unit(self.ws, self.tbid, self.unit.currentData())

    @guarded
    def _suggestion_applied(self, tbid: int):
        """Accepted or overridden: the form shows the facts now recorded, the dock the new determination."""
        if self.form is not None:
            self._load_form()
        self.applied.emit(int(tbid))

    def _load_form(self):
        """The unit's facts, with its pending suggestions and county defaults read once (not per edit)."""
        fgid = self.unit.currentData()
        rec = unit_record(self.ws, self.tbid, fgid)     # read once for the form and its context
        record, data, reasons, version = unit_facts(self.ws, self.tbid, fgid, rec=rec)
        self.form.set_record(record, data, reasons, version, context=unit_context(self.ws, self.tbid, fgid, rec=rec))

    def is_dirty(self) -> bool:
        return self.form is not None and self.form.is_dirty()

    def confirm_leave(self) -> bool:
        """Before leaving the unit: save, discard or stay (the user decides when there are edits)."""
        if not self.is_dirty():
            return True
        choice = facts_form.confirm_discard(self)
        if choice == facts_form.SAVE:
            return self.save()
        return choice == facts_form.DISCARD

    @guarded
    def save(self) -> bool:
        if self.ws is None or self.tbid is None or self.form is None:
            return False
        result = self.form.save(self.ws, self.tbid, self.unit.currentData(), source="dock")
        while result.status == "conflict" and self.resolve_conflict(result):
            # Re-apply my changes on top of the version saved meanwhile (asked again if yet another came).
            self.form.version = result.their_version
            result = self.form.save(self.ws, self.tbid, self.unit.currentData(), source="dock")
        if not result.ok:
            if result.status != "conflict":
                QMessageBox.warning(self, tr("Save findings"), "\n".join(result.messages))
            return False
        if result.status == "saved":
            determine_patches(self.ws, [self.tbid], source="dock")
            self.load()
            self.saved.emit(int(self.tbid))
        return True

    def resolve_conflict(self, result) -> bool:
        """Someone else saved this unit's facts since it was opened: show mine against theirs with who saved
        and when; True = apply mine on top of their version, False = keep theirs (reloaded)."""
        rows = [conflict_dialog.FieldConflict(c.alias, c.mine, c.theirs, c.loaded) for c in result.conflicts]
        who, when = self._saved_by()
        if conflict_dialog.resolve_rows(self, rows, who, when, result.their_version, tr("These findings")):
            return True
        self.load()
        return False

    def _saved_by(self) -> tuple[str, str]:
        """Who last saved the current unit's facts, and when (stored UTC text)."""
        fgid = self.unit.currentData()
        ph = self.ws.ph
        where = f'"TBID" = {ph} AND ' + ('"FGID" IS NULL' if fgid is None else f'"FGID" = {ph}')
        params = (int(self.tbid),) if fgid is None else (int(self.tbid), int(fgid))
        row = self.ws.select("wz_fact", ["XGR", "XGSJ"], where=where, params=params)
        if row.empty:
            return "", ""
        who, when = row["XGR"].iloc[0], row["XGSJ"].iloc[0]
        return (name_of(self.ws)(who) if isinstance(who, str) else ""), (when if isinstance(when, str) else "")
