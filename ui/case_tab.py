"""The case tab of the dock (案件): for the patch at hand, the unit's case (立案, penalty, status with its
history, coverage and the 附件5 markers), its rectification measures with their evidence, referrals
(移交), violators (违法主体), deadline delays (延期) and, when the patch was sampled, the review verdict.

Every write goes through store/ (one audited transaction each); a refusal shows the rule's message in
the box concerned and changes nothing. After a write the tab reloads and emits ``changed``.

This module holds the tab, the unit's case and its measures; the registers (referrals, violators, delays, sampled
review) are in case_registers, the form helpers, penalty editor and delay dialog in case_widgets.
"""
from __future__ import annotations

from typing import Optional

from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import cases as core
from ..core import referrals as rf
from ..core.dates import china_today
from ..core.text import text_or_blank
from ..exchange.photo_lookup import photos_of_patch
from ..i18n import tr
from ..rules.facts import ILLEGAL_CATEGORIES
from ..store import cases as store_cases
from ..store.queue import patch_rows
from .case_registers import CaseRegisters
from .case_widgets import FAILURES, SOURCE, DelayDialog, PenaltyEditor, _fit_rows, _form, _mark, _wrapping
from .facts_form import _WheelGuard
from .guard import guarded
from .measure_dialog import (
    ERROR_STYLE,
    OK_STYLE,
    WARN_STYLE,
    MeasureDialog,
    date_edit,
    error_text,
    get_date,
    iso,
    one_language,
    set_date,
)


class CaseTab(CaseRegisters, QWidget):
    changed = pyqtSignal(int)      # patch fid whose case, status or registers changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ws = None
        self.tbid: Optional[int] = None
        self.patch: Optional[dict] = None
        self.year: Optional[int] = None
        self.case: Optional[store_cases.StoredCase] = None
        self.determination: Optional[str] = None
        self._photos = None            # the patch's photos, read when a measure dialog needs them
        self._cases: dict[Optional[int], store_cases.StoredCase] = {}
        self.measure_dialog: Optional[MeasureDialog] = None
        self.delay_dialog: Optional[DelayDialog] = None
        self.suggestions: list[tuple[rf.Suggestion, object, QPushButton]] = []
        self.referral_lines: list[dict] = []
        self._referrals_shown = None   # what the referral boxes show (see _load_referrals)
        self.move_buttons: dict[str, QPushButton] = {}
        self.msgs: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll)
        body = QWidget(self.scroll)
        self.body = body
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self._wheel_guard = _WheelGuard(self.scroll)

        self.empty_label = _wrapping(tr("No patch selected"), body)
        lay.addWidget(self.empty_label)
        self.unit = QComboBox(body)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        lay.addWidget(self.unit)
        self.det_label = _wrapping("", body)
        lay.addWidget(self.det_label)

        self._build_case_box(body, lay)
        self._build_measures_box(body, lay)
        self._build_referrals_box(body, lay)
        self._build_violators_box(body, lay)
        self._build_delay_box(body, lay)
        self._build_sample_box(body, lay)
        lay.addStretch(1)
        self.scroll.setWidget(body)
        for w in body.findChildren(QWidget):
            if isinstance(w, (QComboBox, QDoubleSpinBox, QSpinBox)) or w.inherits("QgsDateEdit"):
                self._guard(w)
        self.clear()

    # --- building ---------------------------------------------------------------------------------

    def _guard(self, w: QWidget) -> None:
        w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        w.installEventFilter(self._wheel_guard)
        if isinstance(w, QComboBox):  # long department or sample names never widen the dock
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)

    def _box(self, title: str, parent: QWidget, lay: QVBoxLayout, key: str) -> tuple[QgsCollapsibleGroupBox,
                                                                                   QVBoxLayout]:
        box = QgsCollapsibleGroupBox(title, parent)
        box.setSaveCollapsedState(False)
        inner = QVBoxLayout(box)
        msg = _wrapping("", box)
        msg.hide()
        self.msgs[key] = msg
        lay.addWidget(box)
        return box, inner

    def _build_case_box(self, body, lay):
        self.case_box, cl = self._box(tr("Case"), body, lay, "case")
        self.case_note = _wrapping("", self.case_box)
        cl.addWidget(self.case_note)
        # filing (立案)
        self.file_form = QWidget(self.case_box)
        ff = _form(self.file_form)
        ff.setContentsMargins(0, 0, 0, 0)
        self.case_no = QLineEdit(self.file_form)
        self.case_no.setPlaceholderText(tr("e.g. 代自然资立〔2021〕1号"))
        self.filed = date_edit(self.file_form, tr("not set"))
        self.new_penalty = PenaltyEditor(self.file_form)
        self.file_btn = QPushButton(tr("File case"), self.file_form)
        self.file_btn.clicked.connect(self.file_case)
        ff.addRow(tr("Case number"), self.case_no)
        ff.addRow(tr("Filing date"), self.filed)
        ff.addRow(_wrapping(tr("Penalty (optional)"), self.file_form))
        ff.addRow(self.new_penalty)
        ff.addRow(self.file_btn)
        cl.addWidget(self.file_form)
        # the case
        self.case_view = QWidget(self.case_box)
        cv = QVBoxLayout(self.case_view)
        cv.setContentsMargins(0, 0, 0, 0)
        self.case_label = _wrapping("", self.case_view)
        self.status_label = _wrapping("", self.case_view)
        font = self.status_label.font()
        font.setBold(True)
        self.status_label.setFont(font)
        self.history_label = _wrapping("", self.case_view)
        self.coverage_label = _wrapping("", self.case_view)
        self.markers_label = _wrapping("", self.case_view)
        for w in (self.case_label, self.status_label, self.history_label, self.coverage_label, self.markers_label):
            cv.addWidget(w)
        move = QGroupBox(tr("Change status"), self.case_view)
        mf = _form(move)
        self.move_date = date_edit(move, tr("not set"))
        self.move_note = QLineEdit(move)
        self.move_labels = (QLabel(tr("Date"), move), QLabel(tr("Note"), move))
        mf.addRow(self.move_labels[0], self.move_date)
        mf.addRow(self.move_labels[1], self.move_note)
        self.move_row = QHBoxLayout()
        mf.addRow(self.move_row)
        self.closed_label = _wrapping(tr("The case is closed: the illegal state is eliminated."), move)
        mf.addRow(self.closed_label)
        self.move_box = move
        cv.addWidget(move)
        pen = QgsCollapsibleGroupBox(tr("Penalty"), self.case_view)
        pen.setSaveCollapsedState(False)
        self.penalty_box = pen
        pl = QVBoxLayout(pen)
        self.penalty = PenaltyEditor(pen)
        self.save_penalty_btn = QPushButton(tr("Save penalty"), pen)
        self.save_penalty_btn.clicked.connect(self.save_penalty)
        pl.addWidget(self.penalty)
        pl.addWidget(self.save_penalty_btn)
        cv.addWidget(pen)
        cl.addWidget(self.case_view)
        cl.addWidget(self.msgs["case"])

    def _build_measures_box(self, body, lay):
        self.measures_box, ml = self._box(tr("Rectification measures"), body, lay, "measure")
        self.measures = QTableWidget(0, 8, self.measures_box)
        self.measures.setHorizontalHeaderLabels([tr("Measure"), tr("Area (mu)"), tr("Start"), tr("Completed"),
                                                 tr("Document no."), tr("Document date"), tr("No. of photos"),
                                                 tr("Evidence")])
        self.measures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.measures.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.measures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.measures.verticalHeader().setVisible(False)
        self.measures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.measures.setWordWrap(False)
        self.measures.doubleClicked.connect(lambda index: self.open_measure_dialog(index.row()))
        self.measures.itemSelectionChanged.connect(self._measure_selected)
        ml.addWidget(self.measures)
        self.problems_label = _wrapping("", self.measures_box)
        self.problems_label.setStyleSheet(WARN_STYLE)
        ml.addWidget(self.problems_label)
        row = QHBoxLayout()
        self.add_measure_btn = QPushButton(tr("Add measure…"), self.measures_box)
        self.edit_measure_btn = QPushButton(tr("Edit…"), self.measures_box)
        self.add_measure_btn.clicked.connect(lambda: self.open_measure_dialog(None))
        self.edit_measure_btn.clicked.connect(self.edit_selected_measure)
        row.addWidget(self.add_measure_btn)
        row.addWidget(self.edit_measure_btn)
        row.addStretch(1)
        ml.addLayout(row)
        ml.addWidget(self.msgs["measure"])

    # --- messages ---------------------------------------------------------------------------------

    def say(self, key: str, text: str, style: str = ERROR_STYLE) -> None:
        label = self.msgs[key]
        label.setText(text)
        if label.styleSheet() != style:   # re-polishing costs; clearing the six boxes on every step need not
            label.setStyleSheet(style)
        label.setVisible(bool(text))

    def clear_messages(self) -> None:
        for key in self.msgs:
            self.say(key, "")

    def _written(self, key: str, text: str, style: str = OK_STYLE) -> None:
        """After a write: reload (keeping the scroll position), say so, tell the dock."""
        bar = self.scroll.verticalScrollBar()
        pos = bar.value()
        self.reload()
        self.say(key, text, style)
        QTimer.singleShot(0, lambda: bar.setValue(pos))
        self.changed.emit(int(self.tbid))

    # --- patch and unit ---------------------------------------------------------------------------

    def close_dialogs(self) -> None:
        """Drop an open measure or delay dialog (it belongs to the patch or unit being left)."""
        for name in ("measure_dialog", "delay_dialog"):
            dlg = getattr(self, name)
            if dlg is not None:
                dlg.submit = None
                dlg.reject()
                dlg.deleteLater()
                setattr(self, name, None)

    def clear(self) -> None:
        self.close_dialogs()
        self.ws, self.tbid, self.patch, self.case, self.determination, self._photos = None, None, None, None, None, None
        self._cases = {}
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.blockSignals(False)
        self.clear_messages()
        self.empty_label.show()
        for w in (self.unit, self.det_label, self.case_box, self.measures_box, self.referrals_box,
                  self.violators_box, self.delay_box, self.sample_box):
            w.hide()

    def set_patch(self, ws, tbid: Optional[int]) -> None:
        """Show patch ``tbid`` of ``ws``; None, None clears the tab."""
        if ws is None or tbid is None or store_cases.case_patch(ws, int(tbid)) is None:
            self.clear()
            return
        same = ws is self.ws and int(tbid) == self.tbid
        self.ws, self.tbid = ws, int(tbid)
        if not same:
            self.close_dialogs()
            self.clear_messages()
            self.unit.blockSignals(True)
            self.unit.clear()
            self.unit.blockSignals(False)
        self.reload()

    def _fill_units(self) -> None:
        keep = self.unit.currentData() if self.unit.count() else "first"
        self.unit.blockSignals(True)
        self.unit.clear()
        parts = patch_rows(self.ws, "wz_part", ["FGBH", "TBMJMU"], self.tbid, order_by='"FGBH"')
        if not parts or None in self._cases:
            self.unit.addItem(tr("The whole patch"), None)
        for p in parts:
            mu = float(p["TBMJMU"]) if p["TBMJMU"] == p["TBMJMU"] and p["TBMJMU"] is not None else 0.0
            self.unit.addItem(tr("Part {n} ({mu:.2f} mu)").format(n=p["FGBH"], mu=mu), int(p["fid"]))
        index = 0 if keep == "first" else max(0, self.unit.findData(keep))
        self.unit.setCurrentIndex(index)
        self.unit.blockSignals(False)

    @guarded
    def _unit_changed(self, _index) -> None:
        if self.ws is not None and self.tbid is not None:
            self.close_dialogs()
            self.clear_messages()
            self._load_unit()

    @property
    def photos(self):
        """The patch's photos (exchange.photo_lookup.photos_of_patch), read on first use: only a measure dialog
        cites them, so stepping through patches never pays for reading them and checking their positions."""
        if self._photos is None and self.ws is not None and self.tbid is not None:
            self._photos = photos_of_patch(self.ws, self.tbid)
        return self._photos

    @property
    def fgid(self) -> Optional[int]:
        v = self.unit.currentData()
        return None if v is None else int(v)

    def reload(self) -> None:
        """Read everything of the patch again from the workspace."""
        if self.ws is None or self.tbid is None:
            self.clear()
            return
        self.patch = store_cases.case_patch(self.ws, self.tbid)
        if self.patch is None:
            self.clear()
            return
        year = self.patch.get("GZND")
        self.year = int(year) if year is not None and year == year else None
        self._photos = None
        self._cases = store_cases.cases_of_patch(self.ws, self.tbid)
        self.empty_label.hide()
        self.unit.show()
        self.det_label.show()
        for box in (self.case_box, self.referrals_box, self.violators_box, self.delay_box):
            box.show()
        self._fill_units()
        self._load_unit()
        self._load_referrals()
        self._load_violators()
        self._load_delays()
        self._load_sample()

    # --- the case of the unit ---------------------------------------------------------------------

    def _load_unit(self) -> None:
        ws, fgid = self.ws, self.fgid
        det = [d for d in patch_rows(ws, "wz_determ", ["PDJG", "PDBZ", "FGID"], self.tbid) if d["FGID"] == fgid]
        self.determination = text_or_blank(det[0]["PDJG"]) if det else ""
        flags = text_or_blank(det[0]["PDBZ"]) if det else ""
        text = tr("Determination: {result}").format(result=self.determination or tr("not determined"))
        self.det_label.setText(text + (f"（{flags}）" if flags else ""))
        self.case = self._cases.get(fgid)
        illegal = self.determination in ILLEGAL_CATEGORIES
        self.file_form.setVisible(self.case is None and illegal)
        self.case_view.setVisible(self.case is not None)
        self.case_note.setVisible(self.case is None)
        if self.case is None:
            self.case_note.setText(tr("No case yet: file one (立案) for this illegal unit.") if illegal else
                                   tr("No case: the unit is not determined illegal."))
            if illegal:
                self.case_no.clear()
                set_date(self.filed, china_today())
                self.new_penalty.set_penalty(core.Penalty())
            self.measures_box.hide()
            return
        self._show_case(self.case)

    def _show_case(self, sc: store_cases.StoredCase) -> None:
        c = sc.case
        self.case_label.setText(tr("Case {no}, filed {date}; illegal area {mu:.2f} mu, of which cultivated "
                                   "{gd:.2f} mu").format(no=c.case_no, date=iso(c.filed), mu=c.illegal_mu,
                                                         gd=c.illegal_gd_mu))
        self.status_label.setText(tr("Status: {status}").format(status=c.status))
        self.history_label.setText("\n".join(" · ".join(x for x in (h.status, iso(h.date), h.note) if x)
                                             for h in c.history))
        cov = core.coverage(c)
        self.coverage_label.setText(tr("Covered with valid evidence: {covered:.2f} of {illegal:.2f} mu").format(
            covered=min(cov.covered_mu, c.illegal_mu), illegal=c.illegal_mu))
        marks = core.accountability_markers(c, self.year)
        year = self.year or c.issued.year
        self.markers_label.setText(tr("Annex 5:") + f" 已拆除复耕到位 {_mark(marks['restored'])}　"
                                   f"已补办手续 {_mark(marks['approvals_completed'])}　"
                                   f"{year}年内 {_mark(marks['restored_in_year'])}")
        self.penalty.set_penalty(c.penalty)
        self.penalty_box.setCollapsed(c.penalty == core.Penalty())   # open when there is one
        set_date(self.move_date, max(china_today(), c.history[-1].date))
        self.move_note.clear()
        moves = sorted(core.TRANSITIONS[c.status], key=core.STATUSES.index)
        if list(self.move_buttons) != moves:   # the same next statuses (most steps): the buttons are kept
            while self.move_row.count():
                w = self.move_row.takeAt(0).widget()
                if w is not None:
                    w.hide()
                    w.deleteLater()
            self.move_buttons = {}
            for status in moves:
                btn = QPushButton("→ " + status, self.move_box)
                btn.setToolTip(tr("Move the case to {status}").format(status=status))
                btn.clicked.connect(lambda _checked=False, s=status: self.move_to(s))
                self.move_row.addWidget(btn)
                self.move_buttons[status] = btn
        closed = not self.move_buttons
        self.closed_label.setVisible(closed)
        for w in (self.move_date, self.move_note, *self.move_labels):
            w.setVisible(not closed)
        self._show_measures(sc)

    def _show_measures(self, sc: store_cases.StoredCase) -> None:
        c = sc.case
        self.measures_box.show()
        t = self.measures
        t.setRowCount(len(c.measures))
        problems_all = []
        for i, m in enumerate(c.measures):
            problems = core.evidence_problems(m, c)
            problems_all += [f"{i + 1}. " + one_language(p) for p in problems]
            cells = [m.kind, f"{m.area_mu:.2f}", iso(m.start), iso(m.completed), m.doc_no, iso(m.doc_date),
                     str(len(sc.photo_shas[i]) if i < len(sc.photo_shas) else 0),
                     "✓" if not problems else "；".join(one_language(p) for p in problems)]
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if j == 7:
                    item.setToolTip("\n".join(problems) if problems else tr("Evidence complete: the measure counts."))
                    if problems:
                        item.setForeground(QColor(170, 20, 20))
                if j in (1, 6):
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                t.setItem(i, j, item)
        _fit_rows(t)
        self.problems_label.setText("\n".join(problems_all))
        self.problems_label.setVisible(bool(problems_all))
        open_ = c.status != core.ELIMINATED
        self.add_measure_btn.setEnabled(open_)
        self._measure_selected()

    @guarded
    def _measure_selected(self) -> None:
        ok = self.case is not None and self.case.case.status != core.ELIMINATED and self.measures.currentRow() >= 0 \
            and bool(self.measures.selectedItems())
        self.edit_measure_btn.setEnabled(ok)

    # --- case writes ------------------------------------------------------------------------------

    @guarded
    def file_case(self) -> bool:
        if self.ws is None or self.tbid is None:
            return False
        filed = get_date(self.filed)
        if filed is None:
            self.say("case", tr("Enter the filing date."))
            return False
        try:
            store_cases.open_unit_case(self.ws, self.tbid, self.case_no.text().strip(), filed, self.fgid,
                                       self.new_penalty.penalty(), source=SOURCE)
        except FAILURES as e:
            self.say("case", error_text(e))
            return False
        self._written("case", tr("Case filed."))
        return True

    @guarded
    def save_penalty(self) -> bool:
        if self.case is None:
            return False
        try:
            store_cases.set_penalty(self.ws, self.case.fid, self.penalty.penalty(), source=SOURCE)
        except FAILURES as e:
            self.say("case", error_text(e))
            return False
        self._written("case", tr("Penalty saved."))
        return True

    @guarded
    def move_to(self, status: str) -> bool:
        if self.case is None:
            return False
        date = get_date(self.move_date)
        if date is None:
            self.say("case", tr("Enter the date of the change."))
            return False
        try:
            store_cases.move_case(self.ws, self.case.fid, status, date, self.move_note.text().strip(), source=SOURCE)
        except FAILURES as e:
            self.say("case", error_text(e))
            return False
        self._written("case", tr("The case is now {status}.").format(status=status))
        return True

    # --- measures ---------------------------------------------------------------------------------

    @guarded
    def open_measure_dialog(self, index: Optional[int] = None) -> Optional[MeasureDialog]:
        """Open (non-blocking) the dialog to add a measure, or to edit measure ``index`` (0-based)."""
        if self.case is None or self.case.case.status == core.ELIMINATED:
            return None
        sc = self.case
        if index is not None and not 0 <= index < len(sc.case.measures):
            return None
        self.close_dialogs()
        measure = sc.case.measures[index] if index is not None else None
        cited = sc.photo_shas[index] if index is not None else ()
        dlg = MeasureDialog(sc.case, self.photos, measure, cited,
                            submit=lambda d, i=index: self._save_measure(d, i), parent=self)
        self.measure_dialog = dlg
        dlg.open()
        return dlg

    @guarded
    def edit_selected_measure(self) -> Optional[MeasureDialog]:
        row = self.measures.currentRow()
        return self.open_measure_dialog(row) if row >= 0 else None

    def _save_measure(self, dlg: MeasureDialog, index: Optional[int]) -> Optional[str]:
        if self.case is None:
            return tr("No case.")
        try:
            if index is None:
                store_cases.add_measure(self.ws, self.case.fid, dlg.measure(), dlg.photo_shas(), source=SOURCE)
            else:
                store_cases.update_measure(self.ws, self.case.fid, index, dlg.measure(), dlg.photo_shas(),
                                           source=SOURCE)
        except FAILURES as e:
            return error_text(e)
        problems = dlg.problems()
        self._written("measure", tr("Measure saved; its evidence is incomplete.") if problems else
                      tr("Measure saved."), WARN_STYLE if problems else OK_STYLE)
        return None

