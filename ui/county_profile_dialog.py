"""县情设置: the county-wide facts (SDPK …) set once per workspace with their basis, and the rule set's fixed
dates beside them (read-only: they belong to the rule-set file). The values are defaults for every patch whose
own value is unknown (store.county_profile); this dialog only collects them."""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ..core.labels import fact_label
from ..i18n import tr
from ..reports.forms import china_time
from ..rules.facts import FACTS_BY_CODE
from ..store import StoreError
from ..store.determinations import determine_patches
from ..store.people import name_of
from .dialog_footer import add_footer, open_on_dock, refuse
from .fact_editors import ERROR_STYLE, make_editor
from .guard import guarded
from .patch_card import ui_lang


class CountyProfileDialog(QDialog):
    saved = pyqtSignal()

    def __init__(self, ws, parent=None):
        from ..store.county_profile import COUNTY_FACTS, county_profile

        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("County profile (县情设置)"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        intro = QLabel(tr("Facts that are the same for the whole county are set once here, with their basis. Every "
                          "patch whose own value is unknown takes them; a value entered for a patch wins."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        profile = county_profile(ws)
        facts, basis = profile.get("facts") or {}, profile.get("basis") or {}
        self.loaded = {code: (facts.get(code), str(basis.get(code) or "")) for code in COUNTY_FACTS}
        box = QGroupBox(tr("County-wide facts"), self)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.editors, self.basis = {}, {}
        lang = ui_lang()
        person = name_of(ws)   # set_by is a login: the person's name where the workspace knows it
        for code in COUNTY_FACTS:
            fact = FACTS_BY_CODE[code]
            editor = make_editor(fact, box)
            editor.set_value(facts.get(code))
            basis_edit = QLineEdit(box)
            basis_edit.setPlaceholderText(tr("Basis (required), e.g. the list or document that says so"))
            basis_edit.setText(str(basis.get(code) or ""))
            basis_edit.setMaxLength(254)
            basis_edit.setCursorPosition(0)   # the basis from its start (setText leaves its end in view)
            label = QLabel(fact_label(code, lang), box)
            label.setToolTip(fact.description)
            form.addRow(label, editor)
            form.addRow(tr("Basis"), basis_edit)
            self.editors[code], self.basis[code] = editor, basis_edit
            who, when = (profile.get("set_by") or {}).get(code), (profile.get("set_at") or {}).get(code)
            if who or when:
                when = china_time(when) or when or ""     # stored in UTC; a person reads China time
                form.addRow("", QLabel(tr("Set by {who}, {when}").format(who=person(who), when=when), box))
        lay.addWidget(box)
        self.dates_box = QGroupBox(tr("Fixed dates of the rule set (change them in the rule-set file)"), self)
        dates = QFormLayout(self.dates_box)
        dates.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        several = len({d["ruleset"] for d in profile.get("fixed") or []}) > 1
        for d in profile.get("fixed") or []:
            value = QLabel(d["text"], self.dates_box)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(f"{d['ruleset']}：{d['label']}" if several else d["label"], self.dates_box)
            dates.addRow(label, value)   # unwrapped: a form row gave a wrapped label one line, cutting it off
        self.dates_box.setVisible(bool(profile.get("fixed")))
        lay.addWidget(self.dates_box)
        self.redetermine = QCheckBox(tr("Determine every patch again after saving"), self)
        self.redetermine.setChecked(True)
        lay.addWidget(self.redetermine)
        self.message = add_footer(self, lay, self.save, save=True)

    def values(self) -> tuple[dict, dict]:
        """(facts, basis) that differ from what was loaded: a changed answer, a cleared one, a new basis."""
        facts, basis = {}, {}
        for code, editor in self.editors.items():
            now = (editor.value(), self.basis[code].text().strip())
            if now != self.loaded[code]:
                facts[code], basis[code] = now
        return facts, basis

    def problems(self) -> list[str]:
        """Changed facts without a basis (highlighted)."""
        facts, basis = self.values()
        out = []
        for code in self.editors:
            missing = code in facts and not basis[code]
            self.basis[code].setStyleSheet(ERROR_STYLE if missing else "")
            if missing:
                out.append(tr("{fact}: the basis is required").format(fact=fact_label(code, ui_lang())))
        return out

    @guarded
    def save(self) -> bool:
        from ..store.county_profile import set_county_profile

        problems = self.problems()
        if problems:
            self._refuse("\n".join(problems))
            return False
        facts, basis = self.values()
        if not facts:   # nothing changed
            self.accept()
            return True
        try:
            set_county_profile(self.ws, facts, basis, source="dock")
        except StoreError as e:
            self._refuse(str(e))
            return False
        if self.redetermine.isChecked():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                determine_patches(self.ws, None, source="dock")
            finally:
                QApplication.restoreOverrideCursor()
        self.saved.emit()
        self.accept()
        return True

    def _refuse(self, text: str) -> None:
        refuse(self, self.message, tr("County profile (县情设置)"), text)


@guarded
def open_dialog(dock) -> Optional[CountyProfileDialog]:
    """The dialog for the dock's workspace, non-modal; the dock reloads the patch at hand once it is saved."""
    return open_on_dock(dock, tr("County profile (县情设置)"), CountyProfileDialog, "_county_dlg")
