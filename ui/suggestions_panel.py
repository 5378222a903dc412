"""参考数据建议 in the findings tab: the facts the county's reference layers suggest for the unit at hand (the
patch or one of its parts), each with where it came from; the operator accepts one, accepts all, or fills in
another value with a reason, and splits a partly approved patch along the approval's red line.

Presentation only: what is suggested and why comes from store.reference (rules in core/suggestions.py); this
panel shows it and passes the person's decision back. Compact for a narrow dock: one folding line when closed,
a scrolling list no taller than a quarter of the tab when open (a third while details or handled ones are unfolded).
Suggestions already handled (采纳/改填) stay readable, folded, as where each confirmed value came from: who took it,
when, from which feature, and the reason of an override.
"""
from __future__ import annotations

import html
from typing import Optional

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QEvent, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.labels import fact_label, value_text
from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE
from ..store import StoreError
from .dialog_footer import add_footer
from .dock_layout import fold_button, show_fold
from .fact_editors import ERROR_STYLE, make_editor
from .guard import guarded
from .patch_card import ui_lang

GREY = "#555555"
CONFLICT = "#c0392b"


def _share_text(share) -> str:
    try:
        return f"{100.0 * float(share):.0f}%"
    except (TypeError, ValueError):
        return ""


def _kind_attributes() -> dict:
    """{kind id: {attribute key: Attribute}} of the reference kinds (empty when the kinds cannot be read)."""
    try:
        from ..rules.reference_kinds import load_kinds

        return {k.id: dict(k.attribute) for k in load_kinds().values()}
    except Exception:  # noqa: BLE001 - a broken kinds file is reported where it is loaded; here only labels
        return {}


def _attr_text(attr, value) -> str:
    """An attribute's value as a person reads it (a date as 2021年3月1日)."""
    if attr is not None and attr.type == "date":
        from ..rules.reference_kinds import parse_date

        d = parse_date(value)
        if d is not None:
            return f"{d.year}年{d.month}月{d.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def source_text(src: dict, attributes: Optional[dict] = None) -> str:
    """One source as a person reads it: 审批红线, feature 12: 批准文号 晋政地〔2020〕15号, 批准日期 2020年3月1日; covers 85%."""
    attributes = attributes if attributes is not None else {}
    attrs = src.get("attrs") or {}
    known = attributes.get(src.get("kind"), {})
    parts = []
    for key, value in attrs.items():
        if value is None or value == "" or value != value:
            continue
        attr = known.get(key)
        parts.append(f"{attr.label if attr else key} {_attr_text(attr, value)}")
    head = tr("{layer}, feature {fid}").format(layer=src.get("layer_name") or "", fid=src.get("fid", ""))
    share = _share_text(src.get("share"))
    tail = tr("covers {share}").format(share=share) if share else ""
    return "；".join(p for p in (head + ("：" + "，".join(parts) if parts else ""), tail) if p)


def handled_text(suggestion: dict, attributes: dict, lang: str) -> str:
    """One handled suggestion on one line, as a person reads it: 取得建设用地批复：是 · 已采纳 · 晋政地字〔2020〕45号 100%
    · 张三 2021-06-01 10:20 (China time); an override shows the value filled in, its reason and what was suggested."""
    from ..reports.forms import china_time
    from ..store.reference import OVERRIDDEN

    code = suggestion["fact"]
    suggested = suggestion.get("value_text") or ""
    short = short_source(suggestion, attributes).replace(suggested or "\0", "").strip()   # the cite is the value
    if suggestion.get("state") == OVERRIDDEN:
        value = value_text(code, suggestion.get("confirmed"), lang)
        state = tr("filled in otherwise (reason: {reason})").format(reason=suggestion.get("override_reason") or "")
        short = tr("suggested {value}").format(value=suggested) + (f"（{short}）" if short else "")
    else:
        value = suggested
        state = tr("accepted")
        if suggestion.get("conflict"):   # changed in the form since: the present value is the form's
            state += tr(" (now: {value})").format(value=value_text(code, suggestion.get("confirmed"), lang))
    who = " ".join(p for p in (str(suggestion.get("handled_by") or ""), china_time(suggestion.get("handled_at"))) if p)
    return " · ".join(p for p in (f"{fact_label(code, lang)}：{value}", state, short, who) if p)


def confirm_split(parent, n_parts_text: str) -> bool:
    """Ask before splitting along the red line (tests monkeypatch it)."""
    return QMessageBox.question(parent, tr("Split along the red line"), n_parts_text) \
        == QMessageBox.StandardButton.Yes


class OverrideDialog(QDialog):
    """改填: another value for a suggested fact (the form's editor for its type) and the required reason."""

    def __init__(self, suggestion: dict, parent=None):
        super().__init__(parent)
        self.suggestion = suggestion
        code = suggestion["fact"]
        self.fact = FACTS_BY_CODE[code]
        self.setWindowTitle(tr("Fill in another value"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        head = QLabel(tr("Suggested: {fact} {value}").format(
            fact=fact_label(code, ui_lang()), value=suggestion.get("value_text") or ""), self)
        head.setWordWrap(True)
        lay.addWidget(head)
        if suggestion.get("reason"):
            why = QLabel(suggestion["reason"], self)
            why.setWordWrap(True)
            why.setStyleSheet(f"color: {GREY};")
            lay.addWidget(why)
        form = QFormLayout()
        self.editor = make_editor(self.fact, self)
        self.editor.set_value(suggestion.get("confirmed") if suggestion.get("conflict") else suggestion.get("value"))
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Why the suggestion does not hold (required)"))
        self.reason.setMaxLength(254)
        form.addRow(fact_label(code, ui_lang(), unit=True), self.editor)
        form.addRow(tr("Reason"), self.reason)
        lay.addLayout(form)
        self.message = add_footer(self, lay, self._ok, colour=CONFLICT)

    def values(self) -> tuple:
        return self.editor.value(), self.reason.text().strip()

    @guarded
    def _ok(self):
        if not self.values()[1]:
            self.reason.setStyleSheet(ERROR_STYLE)
            self.message.setText(tr("A reason is required to fill in another value than the suggested one."))
            self.message.show()
            return
        self.accept()


def short_source(suggestion: dict, attributes: dict) -> str:
    """The source in a few characters for the row's one line: the cited 文号/证号 of the largest feature and the
    share it covers (the rest is in the details)."""
    sources = suggestion.get("sources") or []
    if not sources:
        return ""
    src = max(sources, key=lambda x: float(x.get("share") or 0.0))
    attrs = src.get("attrs") or {}
    known = attributes.get(src.get("kind"), {})
    cite = next((str(attrs[k]) for k in known if k in attrs and attrs[k] not in (None, "")
                 and known[k].type == "text"), "")
    share = _share_text(src.get("share"))
    more = f" +{len(sources) - 1}" if len(sources) > 1 else ""
    return " ".join(p for p in (cite, share) if p) + more


class SuggestionRow(QFrame):
    """One suggested fact on one line — name, value (and the entered value when it differs), the cited number
    and share, 采纳 and 改填… — and, folded under it, the reason and every source word-wrapped."""

    def __init__(self, panel: SuggestionsPanel, suggestion: dict, attributes: dict, parent=None):
        super().__init__(parent)
        self.suggestion = suggestion
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 2, 0)
        lay.setSpacing(0)
        top = QHBoxLayout()
        top.setSpacing(2)
        lang = ui_lang()
        code = suggestion["fact"]
        self.more = fold_button(self, tr("Why, and from which features"))
        self.more.toggled.connect(lambda on: panel._details(self, on))
        top.addWidget(self.more)
        text = f"{html.escape(fact_label(code, lang))}：{html.escape(suggestion.get('value_text') or '')}"
        if suggestion.get("conflict"):
            entered = html.escape(tr("entered: {value}").format(value=value_text(code, suggestion.get("confirmed"), lang)))
            text += f" <span style='color:{CONFLICT}'>⚠ {entered}</span>"
        elif suggestion.get("agrees"):
            text += f" <span style='color:{GREY}'>{html.escape(tr('(as entered)'))}</span>"
        short = short_source(suggestion, attributes).replace(suggestion.get("value_text") or "\0", "").strip()
        if short:
            text += f" <span style='color:{GREY}'>· {html.escape(short)}</span>"
        self.title = QLabel(text, self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.title, 1)
        self.accept_btn = QToolButton(self)
        self.accept_btn.setText(tr("Accept"))
        self.accept_btn.setToolTip(tr("Record this value as the unit's fact"))
        self.accept_btn.clicked.connect(lambda: panel.accept([suggestion["id"]]))
        self.override_btn = QToolButton(self)
        self.override_btn.setText(tr("Other value…"))
        self.override_btn.setToolTip(tr("Fill in another value, with the reason"))
        self.override_btn.clicked.connect(lambda: panel.ask_override(suggestion))
        line = self.fontMetrics().height() + 6   # one text line: four suggestions in view on a laptop
        for b in (self.more, self.accept_btn, self.override_btn):
            b.setMaximumHeight(line)
        top.addWidget(self.accept_btn)
        top.addWidget(self.override_btn)
        lay.addLayout(top)
        lines = [suggestion.get("reason") or ""]
        lines += [tr("Source: {source}").format(source=source_text(s, attributes)) for s in suggestion.get("sources") or []]
        self.source = QLabel("\n".join(line for line in lines if line), self)
        self.source.setWordWrap(True)
        self.source.setStyleSheet(f"color: {GREY}; margin-left: 18px;")
        self.source.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source.hide()
        self.title.setToolTip(self.source.text())
        lay.addWidget(self.source)


class SuggestionsPanel(QWidget):
    """The suggestions of one unit. Signals: ``applied(tbid)`` after facts were written (accept, override);
    ``split(tbid)`` after the patch was split along a red line."""
    applied = pyqtSignal(int)
    split = pyqtSignal(int)
    OPEN_SETTING = "wpzf/findings/suggestions_open"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ws = None
        self.tbid: Optional[int] = None
        self.fgid: Optional[int] = None
        self.items: list[dict] = []
        self.rows: list[SuggestionRow] = []
        self.notes: list[QLabel] = []
        self.handled: list[dict] = []          # facts accepted or overridden: where the unit's values came from
        self.handled_lines: list[QLabel] = []
        self.before_change = None   # callable → bool: may the form be reloaded (unsaved edits)?
        self._attributes: Optional[dict] = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 2)
        lay.setSpacing(1)
        head = QHBoxLayout()
        head.setSpacing(3)
        self.toggle = fold_button(self, text_beside=True)
        self.toggle.setChecked(bool(QgsSettings().value(self.OPEN_SETTING, True, type=bool)))
        self.toggle.toggled.connect(self._toggled)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)   # never widens the dock
        head.addWidget(self.toggle, 1)
        self.split_btn = QPushButton(tr("Split along the red line"), self)
        self.split_btn.setToolTip(tr("按实际占地分割认定: one part inside the approval's red line, one outside"))
        self.split_btn.clicked.connect(self.split_along_redline)
        # Notes alone (no fact to decide) take no line above the form: a button on the determination's line
        # (placed there by the findings tab) unfolds them.
        self.notes_btn = QToolButton(self)
        self.notes_btn.setCheckable(True)
        self.notes_btn.setAutoRaise(True)
        self.notes_btn.toggled.connect(self._notes_toggled)
        self.notes_btn.hide()
        self.accept_all_btn = QPushButton(tr("Accept all"), self)
        self.accept_all_btn.clicked.connect(lambda: self.accept(None))
        head.addWidget(self.split_btn)
        head.addWidget(self.accept_all_btn)
        lay.addLayout(head)
        self.body = QWidget(self)
        self.body_lay = QVBoxLayout(self.body)
        self.body_lay.setContentsMargins(0, 0, 0, 0)
        self.body_lay.setSpacing(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.body)
        lay.addWidget(self.scroll)
        # The handled ones, in the list below the pending ones, behind their own fold (read-only provenance).
        self.handled_btn = fold_button(self.body, tr("Facts taken from reference data: who accepted or overrode them, "
                                                     "when, and from which feature"), text_beside=True)
        self.handled_btn.toggled.connect(self._handled_toggled)
        self.handled_btn.hide()
        self.scroll.viewport().installEventFilter(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        if parent is not None:
            parent.installEventFilter(self)
        self._show()

    # ---- layout ----
    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Resize and (obj is self.parent() or (
                obj is self.scroll.viewport() and event.size().width() != event.oldSize().width())):
            self._fit()   # wrapped text is taller when the dock is narrower
        return False

    def _fit(self):
        """The open list takes what its rows need, at most a quarter of the tab (the facts keep the rest); a
        third while details are unfolded (more pushes the dock's queue smaller on a laptop)."""
        parent = self.parent()
        line = self.fontMetrics().height() + 8
        details = any(not r.source.isHidden() for r in self.rows) or any(
            not w.isHidden() for w in self.handled_lines)
        share = 3 if details else 4   # details or the handled ones open: a third
        cap = max(2 * line, parent.height() // share) if isinstance(parent, QWidget) and parent.height() > 0 \
            else 6 * line
        width = self.scroll.viewport().width() if self.scroll.isVisible() else self.width()
        lay = self.body.layout()
        need = lay.totalHeightForWidth(width) if lay.hasHeightForWidth() else self.body.sizeHint().height()
        height = min(need + 2 * self.scroll.frameWidth(), cap)
        if self.scroll.height() != height:
            self.scroll.setFixedHeight(height)

    @guarded
    def _details(self, row: SuggestionRow, on: bool):
        row.source.setVisible(on)
        self._fit()
        if on:   # once laid out: the details, and above all the row's line with 采纳 (no 50 px margins)
            QTimer.singleShot(0, lambda: self._reveal(row))

    def _reveal(self, row: SuggestionRow):
        if row in self.rows and not row.source.isHidden():
            self.scroll.ensureWidgetVisible(row.source, 0, 0)
            self.scroll.ensureWidgetVisible(row.title, 0, 0)

    @guarded
    def _handled_toggled(self, on: bool):
        for line in self.handled_lines:
            line.setVisible(on)
        self._fit()
        if on and self.handled_lines:
            QTimer.singleShot(0, lambda: self.handled_lines and self.scroll.ensureWidgetVisible(
                self.handled_lines[-1], 0, 0))

    @guarded
    def _toggled(self, on: bool):
        if self.rows:
            QgsSettings().setValue(self.OPEN_SETTING, on)
        elif not on:   # notes alone fold back into their button
            self.notes_btn.setChecked(False)
        self._show()

    @guarded
    def _notes_toggled(self, on: bool):
        if self.rows or self.handled:
            return
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.blockSignals(False)
        self.setVisible(on and bool(self.notes))
        self._show()

    def _show(self):
        open_ = self.toggle.isChecked()
        show_fold(self.toggle)
        self.scroll.setVisible(open_ and bool(self.rows or self.notes or self.handled))
        if open_:
            self._fit()

    # ---- content ----
    def set_unit(self, ws, tbid: Optional[int], fgid: Optional[int] = None) -> None:
        """Show the pending suggestions and notes of a unit, and folded the handled ones (hidden when there are
        none)."""
        self.ws, self.tbid, self.fgid = ws, tbid, fgid
        self.items, self.handled = [], []
        if ws is not None and tbid is not None:
            from ..store.reference import ACCEPTED, OVERRIDDEN, suggestions

            self.items = suggestions(ws, int(tbid), fgid)
            self.handled = [s for s in suggestions(ws, int(tbid), fgid, states=(ACCEPTED, OVERRIDDEN)) if s.get("fact")]
        self._rebuild()

    def facts(self) -> list[dict]:
        return [s for s in self.items if s.get("fact")]

    def _rebuild(self):
        for w in self.rows + self.notes + self.handled_lines:
            self.body_lay.removeWidget(w)
            w.hide()   # at once: deleteLater waits for the event loop, and a grab or paint before it shows it
            w.deleteLater()
        self.rows, self.notes, self.handled_lines = [], [], []
        while self.body_lay.count():
            self.body_lay.takeAt(0)
        if self._attributes is None:
            self._attributes = _kind_attributes()
        for s in self.items:
            if s.get("fact"):
                row = SuggestionRow(self, s, self._attributes, self.body)
                self.rows.append(row)
                self.body_lay.addWidget(row)
        for s in self.items:
            if not s.get("fact"):
                note = QLabel("· " + (s.get("reason") or s.get("value_text") or ""), self.body)
                note.setWordWrap(True)
                note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                note.setToolTip("\n".join(source_text(src, self._attributes) for src in s.get("sources") or []))
                self.notes.append(note)
                self.body_lay.addWidget(note)
        n, h = len(self.rows), len(self.handled)
        lang = ui_lang()
        self.body_lay.addWidget(self.handled_btn)
        for s in self.handled:
            line = QLabel(handled_text(s, self._attributes, lang), self.body)
            line.setWordWrap(True)
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            line.setStyleSheet(f"color: {GREY}; margin-left: 18px;" if n else f"color: {GREY};")
            line.setToolTip("\n".join([s.get("reason") or ""] + [
                tr("Source: {source}").format(source=source_text(src, self._attributes)) for src in s.get("sources") or []]))
            self.handled_lines.append(line)
            self.body_lay.addWidget(line)
        # below pending ones the handled fold is its own line; alone, the panel's header is their fold
        self.handled_btn.setText(tr("{n} confirmed (sources on record)").format(n=h))
        self.handled_btn.blockSignals(True)
        self.handled_btn.setChecked(False)
        show_fold(self.handled_btn)
        self.handled_btn.blockSignals(False)
        self.handled_btn.setVisible(bool(n and h))
        for line in self.handled_lines:
            line.setVisible(not n)
        self.body_lay.addStretch(1)
        conflicts = sum(1 for s in self.facts() if s.get("conflict"))
        if n:
            text = tr("Reference data: {n} suggested fact(s)").format(n=n)
            if conflicts:
                text += tr(", {n} differ from what is entered").format(n=conflicts)
            if self.notes:
                text += tr(", {n} note(s)").format(n=len(self.notes))
            if h:
                text += tr(", {n} confirmed").format(n=h)
        elif h:
            text = tr("Reference data: {n} confirmed (sources on record)").format(n=h)
            if self.notes:
                text += tr(", {n} note(s)").format(n=len(self.notes))
        else:
            text = tr("Reference data: {n} note(s)").format(n=len(self.notes))
        self.toggle.setText(text)
        self.toggle.setToolTip("\n".join([text] + [note.text() for note in self.notes]))
        # suggested facts open as last chosen; notes alone wait folded in their button (the facts keep the room)
        notes_only = not n and not h and bool(self.notes)
        self.notes_btn.blockSignals(True)
        self.notes_btn.setChecked(False)
        self.notes_btn.blockSignals(False)
        self.notes_btn.setText(tr("ⓘ {n} note(s)").format(n=len(self.notes)))
        self.notes_btn.setToolTip(self.toggle.toolTip())
        self.notes_btn.setVisible(notes_only)
        self.toggle.blockSignals(True)
        self.toggle.setChecked(bool(n) and bool(QgsSettings().value(self.OPEN_SETTING, True, type=bool)))
        self.toggle.blockSignals(False)
        self.accept_all_btn.setVisible(n > 1)
        # accepted first and split later is a normal order of work: the offer stays with the handled suggestions
        self.split_btn.setVisible(self.fgid is None and any(s.get("split") for s in self.items + self.handled))
        self.setVisible(bool(n or h))   # handled alone: one folded line, folded on every unit
        self._show()

    # ---- decisions ----
    def _may_change(self) -> bool:
        """Unsaved edits of the form are saved or dropped first (the person decides); False to stay, or when
        saving moved the dock on to another unit."""
        unit = (self.tbid, self.fgid)
        ok = self.before_change is None or bool(self.before_change())
        return ok and (self.tbid, self.fgid) == unit

    @guarded
    def accept(self, ids: Optional[list[int]] = None) -> int:
        """Accept the given suggestions, or with None all of the unit's — except those that differ from an entered
        value or from another layer's (they stay, marked, for the person to decide one by one). Audited."""
        from ..store.reference import accept

        if self.ws is None or self.tbid is None or not self._may_change():
            return 0
        try:
            n = accept(self.ws, int(self.tbid), self.fgid, ids=ids, source="dock")
        except StoreError as e:   # handled meanwhile (another window, a re-run): say so and show what is now
            QMessageBox.warning(self, tr("Accept"), str(e))
            self.set_unit(self.ws, self.tbid, self.fgid)
            return 0
        self._applied()
        return n

    @guarded
    def ask_override(self, suggestion: dict) -> bool:
        dlg = OverrideDialog(suggestion, self)
        if not dlg.exec():
            return False
        value, reason = dlg.values()
        return self.override(suggestion["id"], value, reason)

    @guarded
    def override(self, suggestion_id: int, value, reason: str) -> bool:
        """Record another value than the suggested one; refused (with a message) without a reason."""
        from ..store.reference import override

        if not (reason or "").strip():
            QMessageBox.warning(self, tr("Fill in another value"),
                                tr("A reason is required to fill in another value than the suggested one."))
            return False
        if not self._may_change():
            return False
        try:
            override(self.ws, int(suggestion_id), value, reason.strip(), source="dock")
        except StoreError as e:
            QMessageBox.warning(self, tr("Fill in another value"), str(e))
            return False
        self._applied()
        return True

    @guarded
    def split_along_redline(self) -> list:
        from ..store.reference import split_along_redline

        if self.ws is None or self.tbid is None or self.fgid is not None:
            return []
        if not self._may_change() or not confirm_split(self, tr(
                "Split this patch into the part inside the approval's red line and the part outside? Each part is "
                "then judged on its own (按实际占地分割认定).")):
            return []
        try:
            parts = split_along_redline(self.ws, int(self.tbid), source="dock")
        except (StoreError, ValueError) as e:   # core.parts.SplitError: one side would be a sliver
            QMessageBox.warning(self, tr("Split along the red line"), str(e))
            return []
        from ..store.determinations import determine_patches

        determine_patches(self.ws, [int(self.tbid)], source="dock")
        self.split.emit(int(self.tbid))
        return parts

    def _applied(self):
        from ..store.determinations import determine_patches

        tbid = int(self.tbid)
        determine_patches(self.ws, [tbid], source="dock")
        self.set_unit(self.ws, tbid, self.fgid)
        self.applied.emit(tbid)
