"""The findings form's value widgets, one per fact type (unknown always a real state), apart from the form's layout."""
from __future__ import annotations

import datetime as dt

from qgis.gui import QgsDateEdit, QgsDoubleSpinBox
from qgis.PyQt.QtCore import QDate, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.labels import value_label, value_text
from ..i18n import tr
from ..rules.facts import DERIVED, Fact, FactValueError, normalize_value
from .guard import guarded
from .patch_card import ui_lang

ERROR_STYLE = "border: 2px solid #c0392b;"
NUMBER_UNKNOWN = -1e9   # the spin boxes' minimum: shown as "unknown"


def _canonical(fact: Fact, value):
    try:
        return normalize_value(fact, value)
    except FactValueError:
        return None


def _set_style(widget: QWidget, style: str) -> None:
    """Set a style sheet only when it changes: setting one, even the same, re-polishes the widget, and
    loading a unit clears every editor's error mark (a few milliseconds a form on every step)."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


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
