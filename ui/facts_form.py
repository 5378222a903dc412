"""The findings form: every fact a year's rules read, with a live determination beside it.

The form only collects values. What they mean comes from rules/ (``RuleSet.determine`` on every
change) and saving goes through store/ (``save_facts``: one audited transaction, versioned). Facts the
data gives (derivable) are shown read-only with a "correct" toggle; a correction needs a reason.
Derived facts are shown as computed, never edited.

Values are the canonical values of rules.facts (bool, enum code, datetime.date, float, str) or None for
"unknown"; every widget has an explicit unknown state, so unknown stays unknown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.dates import china_today
from ..core.labels import ZH, fact_label
from ..i18n import tr, tr_noop
from ..rules.engine import with_pending
from ..rules.facts import FACTS, FACTS_BY_CODE, Fact, display_value
from ..rules.templates import PART_KEY
from ..store import StaleVersion, StoreError
from ..store.determinations import save_facts
from .determination_view import DeterminationView
from .fact_editors import (
    DerivableEditor,
    DerivedView,
    FactEditor,
    _canonical,
    make_editor,
)
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

# confirm_discard answers
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


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
        today = china_today()
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
