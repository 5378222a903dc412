"""The findings form: every fact a year's rules read, with a live determination beside it.

The form only collects values. What they mean comes from rules/ (``RuleSet.determine`` on every
change) and saving goes through store/ (``save_facts``: one audited transaction, versioned). Facts the
data gives (derivable) are shown read-only with a "correct" toggle; a correction needs a reason.
Derived facts are shown as computed, never edited.

Values are the canonical values of rules.facts (bool, enum code, datetime.date, float, str) or None for
"unknown"; every widget has an explicit unknown state, so unknown stays unknown.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any, Optional

from qgis.core import QgsSettings
from qgis.gui import QgsCollapsibleGroupBox, QgsDateEdit, QgsDoubleSpinBox
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.labels import ZH, clause_label, explanation_text, fact_label, fact_question, term, value_label, value_text
from ..i18n import tr, tr_noop
from ..rules.engine import PART_KEY, with_pending
from ..rules.facts import (
    DERIVED,
    FACTS,
    FACTS_BY_CODE,
    ILLEGAL_CATEGORIES,
    LEGAL,
    PENDING,
    Fact,
    FactValueError,
    display_value,
    normalize_value,
)
from ..store import StaleVersion, StoreError
from ..store.determinations import save_facts
from .dock_layout import ElidedLabel
from .facts_defaults import UnitContext, county_mark, update_mark
from .guard import guarded
from .patch_card import ui_lang

# Presentation only: which section of the form a fact sits in (facts not listed go to "Other";
# facts the data gives — derivable or derived — always go to the last section).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (tr_noop("Change and use"), ("BHLX", "JSRQ", "WFGH", "SJYT", "MYYT")),
    (tr_noop("Approval and registration"), ("YDPF", "PZWH", "PZRQ", "QQDJ", "DJZH", "DJRQ", "HXGX")),
    (tr_noop("Temporary use"), ("LSPF", "LSPZWH")),
    (tr_noop("Facility agriculture"), ("SSHG", "SSBA", "YZSS", "BHTY")),
    (tr_noop("Works listed in 附件4 article 4"), ("GCLX", "SZYJ")),
    (tr_noop("Rural homestead"), ("ZJPZ",)),
    (tr_noop("National deep-poverty areas"), ("SDPK", "BBBJ")),
    (tr_noop("Manual determination"), ("RGPD", "RGSM")),
    (tr_noop("Minerals"), ("KCZT", "CKXK", "SFYJ", "FFZR", "PHKC")),
)
OTHER_GROUP = tr_noop("Other facts")
DATA_GROUP = tr_noop("From the data (may be corrected)")

# Colours of the determination (the meaning of a category comes from rules.facts).
COLOUR_ILLEGAL = "#c0392b"
COLOUR_LEGAL = "#1e8449"
COLOUR_PENDING = "#d35400"
COLOUR_OTHER = "#1f4e79"
ERROR_STYLE = "border: 2px solid #c0392b;"

# confirm_discard answers
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"

NUMBER_UNKNOWN = -1e9   # the spin boxes' minimum: shown as "unknown"


def category_colour(category: str) -> str:
    if category in ILLEGAL_CATEGORIES:
        return COLOUR_ILLEGAL
    if category == LEGAL:
        return COLOUR_LEGAL
    if category == PENDING:
        return COLOUR_PENDING
    return COLOUR_OTHER


def _canonical(fact: Fact, value):
    try:
        return normalize_value(fact, value)
    except FactValueError:
        return None


def _version(v) -> Optional[int]:
    try:
        return None if v is None or v != v else int(v)
    except (TypeError, ValueError):
        return None


class _WheelGuard(QObject):
    """Wheel over an unfocused value widget scrolls the form instead of changing the value."""

    def __init__(self, scroll: QScrollArea):
        super().__init__(scroll)
        self.scroll = scroll

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            QCoreApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        return False


def _set_style(widget: QWidget, style: str) -> None:
    """Set a style sheet only when it changes: setting one, even the same, re-polishes the widget, and
    loading a unit clears every editor's error mark (a few milliseconds a form on every step)."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


# --- one widget per fact type ------------------------------------------------------------------------

class FactEditor(QWidget):
    """Edits one fact's value; ``value()`` is canonical or None (unknown)."""
    changed = pyqtSignal()

    def __init__(self, fact: Fact, parent=None):
        super().__init__(parent)
        self.fact = fact
        self.setToolTip(fact.description)

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self

    def set_error(self, on: bool) -> None:
        _set_style(self.focus_widget(), ERROR_STYLE if on else "")


class BoolEditor(FactEditor):
    """是 / 否 / 未知 as three radio buttons (one click each; unknown is a real choice)."""
    YES, NO, UNKNOWN = 1, 2, 3

    def __init__(self, fact: Fact, parent=None):
        super().__init__(fact, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.yes = QRadioButton(tr("Yes"), self)
        self.no = QRadioButton(tr("No"), self)
        self.unknown = QRadioButton(tr("Unknown"), self)
        for b, i in ((self.yes, self.YES), (self.no, self.NO), (self.unknown, self.UNKNOWN)):
            self.group.addButton(b, i)
            lay.addWidget(b)
        lay.addStretch(1)
        self.unknown.setChecked(True)
        self.group.buttonToggled.connect(lambda _b, on: on and self.changed.emit())

    def value(self):
        i = self.group.checkedId()
        return True if i == self.YES else False if i == self.NO else None

    def set_value(self, value) -> None:
        v = _canonical(self.fact, value)
        (self.unknown if v is None else self.yes if v else self.no).setChecked(True)

    def focus_widget(self) -> QWidget:
        return self.group.checkedButton() or self.unknown

    def set_error(self, on: bool) -> None:
        _set_style(self, ERROR_STYLE if on else "")


class EnumEditor(FactEditor):
    def __init__(self, fact: Fact, parent=None):
        super().__init__(fact, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.combo.addItem(tr("Unknown"), None)
        lang = ui_lang()
        for code, label in fact.values:   # shown in the UI's language; the official Chinese as the tooltip
            self.combo.addItem(value_label(fact.code, code, lang), code)
            self.combo.setItemData(self.combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        lay.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self):
        return self.combo.currentData()

    def set_value(self, value) -> None:
        v = _canonical(self.fact, value)
        i = self.combo.findData(v) if v is not None else 0
        self.combo.setCurrentIndex(max(i, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class DateEditor(FactEditor):
    """A date that can be empty (unknown): QgsDateEdit with null allowed and a calendar popup."""

    def __init__(self, fact: Fact, parent=None):
        super().__init__(fact, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QgsDateEdit(self)
        self.edit.setAllowNull(True)
        self.edit.setNullRepresentation(tr("Unknown"))
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        self.edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.edit.setDate(QDate())
        lay.addWidget(self.edit)
        self.edit.dateValueChanged.connect(lambda _d: self.changed.emit())

    def value(self):
        if self.edit.isNull():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day()) if d.isValid() else None

    def set_value(self, value) -> None:
        v = _canonical(self.fact, value)
        if v == self.value():   # setDate re-lays out the edit even for the same date: loading skips it
            return
        self.edit.setDate(QDate(v.year, v.month, v.day) if v is not None else QDate())

    def focus_widget(self) -> QWidget:
        return self.edit


class NumberEditor(FactEditor):
    """A number with two decimals; the clear button (or an empty text) makes it unknown."""

    def __init__(self, fact: Fact, parent=None):
        super().__init__(fact, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.spin = QgsDoubleSpinBox(self)
        self.spin.setDecimals(2)
        self.spin.setRange(NUMBER_UNKNOWN, 1e9)
        self.spin.setSpecialValueText(tr("Unknown"))
        self.spin.setClearValueMode(QgsDoubleSpinBox.ClearValueMode.MinimumValue)
        self.spin.setShowClearButton(True)
        self.spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if fact.unit:
            self.spin.setSuffix(f" {fact.unit}")
        self.spin.setValue(NUMBER_UNKNOWN)
        lay.addWidget(self.spin)
        self.spin.valueChanged.connect(lambda _v: self.changed.emit())

    def value(self):
        v = self.spin.value()
        return None if v <= NUMBER_UNKNOWN else round(float(v), 2)

    def set_value(self, value) -> None:
        v = _canonical(self.fact, value)
        self.spin.setValue(NUMBER_UNKNOWN if v is None else v)

    def focus_widget(self) -> QWidget:
        return self.spin


class TextEditor(FactEditor):
    def __init__(self, fact: Fact, parent=None):
        super().__init__(fact, parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        if fact.length:
            self.edit.setMaxLength(fact.length)
        self.edit.setPlaceholderText(tr("Unknown"))
        lay.addWidget(self.edit)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())

    def value(self):
        return self.edit.text().strip() or None

    def set_value(self, value) -> None:
        v = _canonical(self.fact, value)
        self.edit.setText(v or "")

    def focus_widget(self) -> QWidget:
        return self.edit


EDITORS = {"bool": BoolEditor, "enum": EnumEditor, "date": DateEditor, "number": NumberEditor, "text": TextEditor}


def make_editor(fact: Fact, parent=None) -> FactEditor:
    return EDITORS[fact.type](fact, parent)


class DerivableEditor(FactEditor):
    """A value the data gives: shown read-only; "Correct" reveals an editor and a mandatory reason."""

    def __init__(self, fact: Fact, parent=None):
        super().__init__(fact, parent)
        self.data_value = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        top = QHBoxLayout()
        self.data_label = QLabel(self)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override = QCheckBox(tr("Correct"), self)
        self.override.setToolTip(tr("Replace the value the data gives; a reason is required"))
        top.addWidget(self.data_label, 1)
        top.addWidget(self.override)
        lay.addLayout(top)
        self.editor = make_editor(fact, self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Reason for the correction (required)"))
        self.reason.setMaxLength(254)
        lay.addWidget(self.editor)
        lay.addWidget(self.reason)
        self._show_override(False)
        self.override.toggled.connect(self._toggled)
        self.editor.changed.connect(self.changed)
        self.reason.textChanged.connect(lambda _t: self.changed.emit())

    def _show_override(self, on: bool):
        self.editor.setVisible(on)
        self.reason.setVisible(on)
        f = self.data_label.font()
        f.setStrikeOut(on)
        self.data_label.setFont(f)

    @guarded
    def _toggled(self, on: bool):
        self._show_override(on)
        if on and self.editor.value() is None:
            self.editor.set_value(self.data_value)
        self.changed.emit()

    def set_data(self, data_value, overridden: bool, value, reason: str) -> None:
        self.data_value = _canonical(self.fact, data_value)
        self.data_label.setText(tr("Data: {value}").format(value=value_text(self.fact.code, self.data_value, ui_lang())))
        self.override.setChecked(overridden)
        self._show_override(overridden)
        self.editor.set_value(value if overridden else self.data_value)
        self.reason.setText(reason or "")

    def is_overridden(self) -> bool:
        return self.override.isChecked()

    def value(self):
        """The effective value: the correction when overridden, else the data's."""
        return self.editor.value() if self.is_overridden() else self.data_value

    def set_value(self, value) -> None:
        self.editor.set_value(value)

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def state(self) -> tuple:
        if not self.is_overridden():
            return (False, None, "")
        return (True, self.editor.value(), self.reason_text())

    def focus_widget(self) -> QWidget:
        return self.editor.focus_widget() if self.is_overridden() else self.override

    def set_error(self, on: bool) -> None:
        _set_style(self.reason, ERROR_STYLE if on else "")


class DerivedView(QLabel):
    """A fact computed from other facts (rules.facts.DERIVED), shown read-only."""

    def __init__(self, fact: Fact, parent=None):
        super().__init__(parent)
        self.fact = fact
        self.setToolTip(f"{fact.description}\n{tr('Computed: {formula}').format(formula=fact.derived)}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def update_from(self, record: dict) -> None:
        v = _canonical(self.fact, DERIVED[self.fact.code](record))
        self.setText(value_text(self.fact.code, v, ui_lang()))   # 2.00亩 / 2.00 mu, 是 / yes


# --- the live determination ---------------------------------------------------------------------------

class DeterminationView(QFrame):
    """Category (coloured), flags, clause, explanation and missing facts of an Outcome.

    Missing facts are links; clicking one emits ``factRequested(code)``."""
    factRequested = pyqtSignal(str)

    def __init__(self, ruleset=None, parent=None):
        super().__init__(parent)
        self.ruleset = ruleset
        self.outcome = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 1, 1, 1)
        lay.setSpacing(2)
        head = QHBoxLayout()
        self.category_label = ElidedLabel("", self)   # whole when there is room; a narrow dock shortens it
        self.category_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        f = self.category_label.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.category_label.setFont(f)
        self.clause_label = ElidedLabel("", self)   # one line, shortened when narrow (the tooltip has it all)
        self.clause_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.flags_label = ElidedLabel("", self)   # short marks (未备案 …): beside the category, not a line of their own
        self.flags_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # The explanation is a paragraph: shown on demand (remembered), so the facts keep the room on a laptop.
        self.details_btn = QToolButton(self)
        self.details_btn.setAutoRaise(True)
        self.details_btn.setCheckable(True)
        self.details_btn.setToolTip(tr("Show or hide the explanation"))
        self.details_btn.setChecked(bool(QgsSettings().value(self.DETAILS_SETTING, False, type=bool)))
        self.details_btn.setArrowType(Qt.ArrowType.UpArrow if self.details_open() else Qt.ArrowType.DownArrow)
        self.details_btn.toggled.connect(self._details_toggled)
        self.tools = QHBoxLayout()        # room for the tab's own buttons (Save) on the same line
        self.tools.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.category_label)
        head.addWidget(self.flags_label)
        head.addWidget(self.clause_label, 1)
        head.addWidget(self.details_btn)
        head.addLayout(self.tools)
        lay.addLayout(head)
        self.explanation_label = QLabel(self)
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.RichText)
        self.missing_label.linkActivated.connect(self.factRequested)
        self.mineral_label = QLabel(self)
        self.mineral_label.setWordWrap(True)
        for w in (self.explanation_label, self.missing_label, self.mineral_label):
            w.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            lay.addWidget(w)
        self.show_outcome(None)

    DETAILS_SETTING = "wpzf/findings/explanation_open"

    def details_open(self) -> bool:
        return self.details_btn.isChecked()

    @guarded
    def _details_toggled(self, on: bool) -> None:
        QgsSettings().setValue(self.DETAILS_SETTING, on)
        self.details_btn.setArrowType(Qt.ArrowType.UpArrow if on else Qt.ArrowType.DownArrow)
        self.show_outcome(self.outcome)

    def show_outcome(self, outcome) -> None:
        self.outcome = outcome
        if outcome is None:
            self.category_label.setText(tr("No determination"))
            _set_style(self.category_label, "")
            for w in (self.clause_label, self.flags_label, self.explanation_label, self.missing_label,
                      self.mineral_label):
                w.clear()
                w.setVisible(w is self.clause_label)
            self.details_btn.setVisible(False)
            self.category_label.setToolTip("")
            return
        lang = ui_lang()
        self.category_label.setText(term(outcome.category, lang))
        _set_style(self.category_label, f"color: {category_colour(outcome.category)};")
        clause = outcome.clause
        if clause:
            # the clause as the work plan cites it, never its id (core/labels.py)
            titles = self.ruleset.clauses if self.ruleset is not None else None
            self.clause_label.setText(tr("clause {clause}").format(clause=clause_label(clause, lang, titles=titles)))
            self.clause_label.setToolTip(clause_label(clause, lang, long=True, titles=titles))
        else:
            self.clause_label.clear()
        self.flags_label.setText(("；" if lang == ZH else "; ").join(term(f, lang) for f in outcome.flags))
        self.flags_label.setVisible(bool(outcome.flags))
        self.explanation_label.setText(explanation_text(outcome.explanation))
        self.explanation_label.setVisible(bool(outcome.explanation) and self.details_open())
        self.details_btn.setVisible(bool(outcome.explanation))
        self.category_label.setToolTip(self.explanation_label.text())
        missing = list(outcome.missing)
        if outcome.mineral is not None:
            missing += [c for c in outcome.mineral.missing if c not in missing]
        parts = []
        if missing:
            # as the questions still to answer (core/labels.py), each a link to its widget
            links = ("、" if lang == ZH else "; ").join(
                f'<a href="{c}">{html.escape(fact_question(c, lang))}</a>' for c in missing)
            parts.append(tr("Still missing: {facts}").format(facts=links))
        if outcome.invalid:
            names = "、".join(html.escape(fact_label(c, lang)) for c in outcome.invalid if c in FACTS_BY_CODE)
            parts.append(tr("Not understood (read as unknown): {facts}").format(facts=names))
        self.missing_label.setText("<br>".join(parts))
        self.missing_label.setVisible(bool(parts))
        m = outcome.mineral
        if m is not None:
            self.mineral_label.setText(tr("Minerals: {finding}").format(finding=term(m.finding, lang)) + "　" + m.explanation)
        else:
            self.mineral_label.clear()
        self.mineral_label.setVisible(m is not None)

    def missing_codes(self) -> list[str]:
        """The fact codes listed as missing (links), in order."""
        o = self.outcome
        if o is None:
            return []
        out = list(o.missing)
        if o.mineral is not None:
            out += [c for c in o.mineral.missing if c not in out]
        return out


# --- saving ---------------------------------------------------------------------------------------------

@dataclass
class Conflict:
    """One fact both I and somebody else changed since I loaded the record."""
    code: str
    alias: str
    loaded: str     # the value when I loaded
    mine: str       # what I want to save
    theirs: str     # what is stored now


@dataclass
class SaveResult:
    status: str                     # saved, unchanged, invalid, conflict, error
    version: Optional[int] = None   # the record's version after the save (saved/unchanged)
    messages: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)   # status conflict: mine vs theirs
    their_version: Optional[int] = None

    @property
    def ok(self) -> bool:
        return self.status in ("saved", "unchanged")


def ask_unsaved(parent, title: str, text: str, question: str) -> str:
    """Save / Discard / Cancel for unsaved edits: SAVE, DISCARD or CANCEL (Escape / closing = CANCEL)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(question)
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    button = box.standardButton(clicked) if clicked is not None else QMessageBox.StandardButton.Cancel
    if button == QMessageBox.StandardButton.Save:
        return SAVE
    if button == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def confirm_discard(parent=None) -> str:
    """Ask what to do with unsaved facts. The dock calls this before moving to another patch; tests
    monkeypatch it."""
    return ask_unsaved(parent, tr("Unsaved findings"), tr("The findings of this patch have unsaved changes."),
                       tr("Save them before leaving?"))


# --- the form ---------------------------------------------------------------------------------------------

class FactsForm(QWidget):
    """The findings form for one rule set (one year): a live determination above a scrolling form.

    Signals: ``changed()`` on every edit; ``dirtyChanged(bool)``; ``outcomeChanged(Outcome)``."""
    changed = pyqtSignal()
    dirtyChanged = pyqtSignal(bool)
    outcomeChanged = pyqtSignal(object)

    def __init__(self, ruleset, parent=None, codes: Optional[list[str]] = None):
        super().__init__(parent)
        self.ruleset = ruleset
        wanted = set(codes if codes is not None else ruleset.facts_used)
        self.codes = [f.code for f in FACTS if f.code in wanted]   # contract order
        self.version: Optional[int] = None
        self._record: dict[str, Any] = {}
        self._baseline: dict[str, Any] = {}
        self._loading = False
        self._dirty = False
        self._show_errors = False
        self.outcome = None
        self.editors: dict[str, FactEditor] = {}
        self.derived: dict[str, DerivedView] = {}
        self.labels: dict[str, QLabel] = {}
        self.groups: dict[str, QgsCollapsibleGroupBox] = {}
        self._group_of: dict[str, str] = {}
        self.context = UnitContext()            # pending suggestions and county defaults of the unit shown
        self.county_marks: dict[str, QLabel] = {}

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.view = DeterminationView(ruleset, self)
        self.view.factRequested.connect(self.focus_fact)
        lay.addWidget(self.view)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        lay.addWidget(self.scroll, 1)
        body = QWidget(self.scroll)
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(2, 0, 2, 2)
        body_lay.setSpacing(0)
        self._wheel_guard = _WheelGuard(self.scroll)
        for title, codes_in_group in self._grouped():
            box = QgsCollapsibleGroupBox(tr(title), body)
            box.setSaveCollapsedState(False)
            box.setFlat(True)   # a title line, no frame: less height per section
            form = QFormLayout(box)
            # dense rows: eight or more facts in view on a 1366×768 laptop, under the queue
            form.setContentsMargins(6, 0, 4, 0)
            form.setVerticalSpacing(2)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            for code in codes_in_group:
                self._add_row(form, box, FACTS_BY_CODE[code])
                self._group_of[code] = title
            body_lay.addWidget(box)
            self.groups[title] = box
        body_lay.addStretch(1)
        self._align_labels()
        self.scroll.setWidget(body)
        self.set_record({})

    # ---- construction ----
    def _grouped(self) -> list[tuple[str, list[str]]]:
        placed: dict[str, str] = {}
        for title, members in GROUPS:
            for c in members:
                placed[c] = title
        out: dict[str, list[str]] = {}
        order = [t for t, _ in GROUPS] + [OTHER_GROUP, DATA_GROUP]
        for code in self.codes:
            fact = FACTS_BY_CODE[code]
            title = DATA_GROUP if (fact.derivable or fact.derived) else placed.get(code, OTHER_GROUP)
            out.setdefault(title, []).append(code)
        return [(t, out[t]) for t in order if t in out]

    def _align_labels(self) -> None:
        """One label column width for every section; labels longer than it wrap (fits ~450 px)."""
        if not self.labels:
            return
        cap = self.fontMetrics().averageCharWidth() * 34   # most names on one line: more facts in view
        col = min(max(lbl.sizeHint().width() for lbl in self.labels.values()), cap)
        for lbl in self.labels.values():
            if lbl.sizeHint().width() > col:
                lbl.setWordWrap(True)
                lbl.setFixedWidth(col)
            else:
                lbl.setMinimumWidth(col)

    def _add_row(self, form: QFormLayout, parent: QWidget, fact: Fact) -> None:
        lang = ui_lang()
        label = QLabel(fact_label(fact.code, lang, unit=True), parent)
        # the tooltip keeps the official wording and the field name of the layer's attribute table
        label.setToolTip(f"{fact.code}：{fact.description}" if lang == ZH
                         else f"{fact.alias}（{fact.code}）：{fact.description}")
        self.labels[fact.code] = label
        if fact.derived:
            view = DerivedView(fact, parent)
            self.derived[fact.code] = view
            form.addRow(label, view)
            return
        editor = DerivableEditor(fact, parent) if fact.derivable else make_editor(fact, parent)
        editor.changed.connect(self._edited)
        for w in editor.findChildren(QWidget):
            if isinstance(w, (QComboBox, QAbstractSpinBox)):
                w.installEventFilter(self._wheel_guard)
        self.editors[fact.code] = editor
        label.setBuddy(editor.focus_widget())
        form.addRow(label, editor)

    # ---- loading ----
    def set_record(self, record: dict, data_values: Optional[dict] = None, reasons: Optional[dict] = None,
                   version: Optional[int] = None, context: Optional[UnitContext] = None) -> None:
        """Show a unit's facts and make them the saved state (not dirty).

        ``record``: the current fact record (e.g. a row of ``store.determinations.fact_frame``: data
        values with the entered ones and corrections over them); ``data_values``: what the data gives
        for derivable facts (without corrections); ``reasons``: {code: reason} of the corrections;
        ``version``: the record's version (``fact_version``; None when nothing was saved yet); ``context``:
        the unit's pending suggestions and county-filled facts (``facts_defaults.unit_context``)."""
        record = dict(record or {})
        data_values = dict(data_values or {})
        reasons = {k: str(v) for k, v in (reasons or {}).items() if v is not None and str(v).strip()}
        self._loading = True
        try:
            for code, editor in self.editors.items():
                fact = editor.fact
                if isinstance(editor, DerivableEditor):
                    current = _canonical(fact, record.get(code))
                    if code in data_values:
                        data = _canonical(fact, data_values[code])
                    else:  # no separate data value: the record's value is the data's unless corrected
                        data = None if code in reasons else current
                    overridden = code in reasons or (current is not None and current != data)
                    editor.set_data(data, overridden, current, reasons.get(code, ""))
                else:
                    editor.set_value(record.get(code))
                editor.set_error(False)
        finally:
            self._loading = False
        self._record = record
        self.context = context or UnitContext()
        self._update_marks()
        self.version = _version(version)
        self._show_errors = False
        self._baseline = self._state()
        self._set_dirty(False)
        self._update_outcome()

    def clear(self) -> None:
        self.set_record({})

    # ---- reading ----
    def _state(self) -> dict:
        return {code: (e.state() if isinstance(e, DerivableEditor) else e.value()) for code, e in self.editors.items()}

    def values(self) -> dict:
        """Every entered value of the form ({code: value or None}), with corrected data values;
        data values that were not corrected are not entered and not included."""
        out = {}
        for code, e in self.editors.items():
            if isinstance(e, DerivableEditor):
                if e.is_overridden():
                    out[code] = e.editor.value()
            else:
                out[code] = e.value()
        return out

    def reasons(self) -> dict:
        """{code: reason} of every corrected data value (reason may be '' while being typed)."""
        return {code: e.reason_text() for code, e in self.editors.items()
                if isinstance(e, DerivableEditor) and e.is_overridden()}

    def changes(self) -> dict:
        """What differs from the loaded state, as ``save_facts`` takes it: {code: new value}; a
        correction that was withdrawn is None (back to the data's value)."""
        now = self._state()
        out = {}
        for code, v in now.items():
            if v == self._baseline.get(code):
                continue
            e = self.editors[code]
            if isinstance(e, DerivableEditor):
                out[code] = v[1] if v[0] else None
            else:
                out[code] = v
        return out

    def record(self) -> dict:
        """The fact record as the rules see it now: the loaded record with the form's values."""
        rec = dict(self._record)
        for code, e in self.editors.items():
            rec[code] = e.value()
        return rec

    def is_dirty(self) -> bool:
        return self._dirty

    # ---- live behaviour ----
    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    @guarded
    def _edited(self) -> None:
        if self._loading:
            return
        self._set_dirty(self._state() != self._baseline)
        self._update_marks()
        self._update_outcome()
        if self._show_errors:
            self.validate()
        self.changed.emit()

    def _update_outcome(self) -> None:
        rec = self.record()
        for view in self.derived.values():
            view.update_from(rec)
        if self.context.part is not None:   # a part: its text says 本地块 as the stored determination does
            rec = {**rec, PART_KEY: self.context.part}
        # suggested, unconfirmed facts are named as the stored determination names them (never used as facts)
        self.outcome = with_pending(self.ruleset.determine(rec), rec, self.context.pending)
        self.view.show_outcome(self.outcome)
        self.outcomeChanged.emit(self.outcome)

    def _update_marks(self) -> None:
        """Mark values that are the county profile's answer, not entered for this unit (saved only when changed)."""
        for code in self.context.county:
            if code in self.editors and code not in self.county_marks:
                self.county_marks[code] = county_mark(self.editors[code])
        for code, mark in self.county_marks.items():
            update_mark(mark, self.context.county.get(code), self.editors[code].value())

    @guarded
    def focus_fact(self, code: str) -> None:
        """Bring a fact's widget into view and give it the focus (missing-fact links use this)."""
        widget = self.editors.get(code) or self.derived.get(code)
        if widget is None:
            return
        box = self.groups.get(self._group_of.get(code, ""))
        if box is not None and box.isCollapsed():
            box.setCollapsed(False)
        self.scroll.ensureWidgetVisible(widget, 10, 40)
        # again once the scroll area has laid out widgets just shown (a correction, a group expanded)
        QTimer.singleShot(0, lambda: not sip.isdeleted(widget) and self.scroll.ensureWidgetVisible(widget, 10, 40))
        target = widget.focus_widget() if isinstance(widget, FactEditor) else widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- validation and saving ----
    def validate(self) -> list[str]:
        """Messages for values that cannot be saved; the fields concerned are highlighted."""
        messages = []
        today = dt.date.today()
        for e in self.editors.values():
            fact = e.fact
            derivable = isinstance(e, DerivableEditor)
            if derivable:
                no_reason = e.is_overridden() and not e.reason_text()
                if no_reason:
                    messages.append(tr("{fact}: correcting the value the data gives needs a reason").format(
                        fact=fact.alias))
                e.set_error(no_reason)
                if not e.is_overridden():
                    e.editor.set_error(False)
                    continue
            value_editor = e.editor if derivable else e
            v = value_editor.value()
            bad = False
            if v is not None and fact.type == "date" and v > today:
                bad = True
                messages.append(tr("{fact}: {date} is in the future").format(fact=fact.alias, date=v.isoformat()))
            if v is not None and fact.type == "number" and v < 0:
                bad = True
                messages.append(tr("{fact}: must not be negative").format(fact=fact.alias))
            value_editor.set_error(bad)
        return messages

    def save(self, ws, tbid: int, fgid: Optional[int] = None, source: str = "dock",
             overwrite: bool = False) -> SaveResult:
        """Save the changes of patch ``tbid`` (or its part ``fgid``) in one audited transaction.

        Refuses invalid values (status invalid, fields highlighted). Somebody else's newer save gives
        status conflict with mine vs theirs per fact (nothing written); ``overwrite=True`` then saves
        over it. A record loaded without a version counts as version 0 (nothing saved yet), so a
        record that somebody created meanwhile is a conflict too."""
        messages = self.validate()
        if messages:
            self._show_errors = True
            return SaveResult("invalid", self.version, messages)
        changes = self.changes()
        if not changes:
            return SaveResult("unchanged", self.version)
        reasons = {k: r for k, r in self.reasons().items() if k in changes}
        expected = None if overwrite else (self.version or 0)
        try:
            version = save_facts(ws, int(tbid), changes, reasons, expected_version=expected, source=source,
                                 fgid=fgid)
        except StaleVersion as e:
            return SaveResult("conflict", self.version, [str(e)], self._conflicts(changes, e.theirs),
                              their_version=e.actual)
        except StoreError as e:
            return SaveResult("error", self.version, [str(e)])
        self._record = self.record()
        self.version = version
        self._show_errors = False
        self._baseline = self._state()
        self._set_dirty(False)
        return SaveResult("saved", version)

    def _conflicts(self, changes: dict, theirs: dict) -> list[Conflict]:
        out = []
        for code, mine in changes.items():
            fact = FACTS_BY_CODE[code]
            loaded = self._baseline.get(code)
            if isinstance(self.editors[code], DerivableEditor):
                loaded = loaded[1] if loaded[0] else self.editors[code].data_value
            stored = theirs.get(code)
            if isinstance(self.editors[code], DerivableEditor):
                data = self.editors[code].data_value
                if mine is None:
                    mine = data
                if stored is None or stored != stored:
                    stored = data
            out.append(Conflict(code, fact.alias, display_value(fact, loaded), display_value(fact, mine),
                                display_value(fact, stored)))
        return out
