"""The case tab's registers of a patch: referrals (移交), violators (违法主体), deadline delays (延期) and the
review verdict of a sampled patch — their boxes, how they load, and their writes. A mixin of ``CaseTab``."""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import referrals as rf
from ..core.blacklist import ORGANIZATION, PERSON, Violator, id_number_valid
from ..core.dates import as_date, china_today
from ..core.sampling import AUTHENTIC, NOT_AUTHENTIC
from ..core.text import text_or_blank
from ..exchange.photo_meta import beijing_time
from ..i18n import tr
from ..store import registers
from ..store.people import name_of
from ..store.queue import patch_rows
from .case_widgets import FAILURES, SOURCE, DelayDialog, _fit_rows, _form, _wrapping
from .guard import guarded
from .measure_dialog import WARN_STYLE, date_edit, error_text, get_date, iso, set_date


class CaseRegisters:
    """Referrals, violators, delays and the sampled review of the patch at hand."""

    def _build_referrals_box(self, body, lay):
        self.referrals_box, rl = self._box(tr("Referrals"), body, lay, "referral")
        self.suggest_holder = QVBoxLayout()
        self.suggest_area = QWidget(self.referrals_box)
        self.suggest_holder.addWidget(self.suggest_area)
        rl.addLayout(self.suggest_holder)
        other_w = QWidget(self.referrals_box)
        other_form = _form(other_w)
        other_form.setContentsMargins(0, 0, 0, 0)
        row = QWidget(other_w)
        other = QHBoxLayout(row)
        other.setContentsMargins(0, 0, 0, 0)
        self.other_dept = QComboBox(row)
        for d in rf.DEPARTMENTS:
            self.other_dept.addItem(d, d)
        self.other_btn = QPushButton(tr("Register"), row)
        self.other_btn.clicked.connect(self.register_other)
        other.addWidget(self.other_dept, 1)
        other.addWidget(self.other_btn)
        other_form.addRow(tr("Other department"), row)
        rl.addWidget(other_w)
        self.lines_holder = QVBoxLayout()
        self.lines_area = QWidget(self.referrals_box)
        self.lines_holder.addWidget(self.lines_area)
        rl.addLayout(self.lines_holder)
        rl.addWidget(self.msgs["referral"])

    def _build_violators_box(self, body, lay):
        self.violators_box, vl = self._box(tr("Violators"), body, lay, "violator")
        self.violators = QTableWidget(0, 4, self.violators_box)
        self.violators.setHorizontalHeaderLabels([tr("Name"), tr("Kind"), tr("ID number"), tr("Year")])
        self.violators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.violators.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.violators.verticalHeader().setVisible(False)
        self.violators.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.violators.horizontalHeader().setStretchLastSection(True)
        vl.addWidget(self.violators)
        add = QGroupBox(tr("Add violator"), self.violators_box)
        form = _form(add)
        self.violator_name = QLineEdit(add)
        self.violator_kind = QComboBox(add)
        self.violator_kind.addItem(PERSON, PERSON)
        self.violator_kind.addItem(ORGANIZATION, ORGANIZATION)
        self.violator_id = QLineEdit(add)
        self.violator_id.setPlaceholderText(tr("ID card or unified social credit code"))
        self.violator_year = QSpinBox(add)
        self.violator_year.setRange(1990, 2100)
        self.violator_year.setValue(china_today().year)
        self.add_violator_btn = QPushButton(tr("Add"), add)
        self.add_violator_btn.clicked.connect(self.add_violator)
        form.addRow(tr("Name"), self.violator_name)
        form.addRow(tr("Kind"), self.violator_kind)
        form.addRow(tr("ID number"), self.violator_id)
        form.addRow(tr("Year"), self.violator_year)
        form.addRow(self.add_violator_btn)
        vl.addWidget(add)
        vl.addWidget(self.msgs["violator"])

    def _build_delay_box(self, body, lay):
        self.delay_box, dl = self._box(tr("Deadline and delays"), body, lay, "delay")
        self.deadline_label = _wrapping("", self.delay_box)
        self.delays_label = _wrapping("", self.delay_box)
        self.delay_btn = QPushButton(tr("Request delay…"), self.delay_box)
        self.delay_btn.clicked.connect(self.open_delay_dialog)
        dl.addWidget(self.deadline_label)
        dl.addWidget(self.delays_label)
        row = QHBoxLayout()
        row.addWidget(self.delay_btn)
        row.addStretch(1)
        dl.addLayout(row)
        dl.addWidget(self.msgs["delay"])

    def _build_sample_box(self, body, lay):
        self.sample_box, sl = self._box(tr("Sampled review"), body, lay, "sample")
        holder = QWidget(self.sample_box)
        form = _form(holder)
        form.setContentsMargins(0, 0, 0, 0)
        self.sample_name = QComboBox(holder)
        self.sample_name.currentIndexChanged.connect(self._sample_changed)
        self.verdict = QComboBox(holder)
        self.verdict.addItem(tr("not reviewed"), None)
        self.verdict.addItem(AUTHENTIC, AUTHENTIC)
        self.verdict.addItem(NOT_AUTHENTIC, NOT_AUTHENTIC)
        self.verdict_note = QLineEdit(holder)
        self.verdict_note.setPlaceholderText(tr("required for 不真实"))
        self.video_note = QLineEdit(holder)
        self.sample_info = _wrapping("", holder)
        self.save_verdict_btn = QPushButton(tr("Save verdict"), holder)
        self.save_verdict_btn.clicked.connect(self.save_verdict)
        form.addRow(tr("Sample"), self.sample_name)
        form.addRow(tr("Verdict"), self.verdict)
        form.addRow(tr("Note"), self.verdict_note)
        form.addRow(tr("Video verification"), self.video_note)
        form.addRow(self.sample_info)
        form.addRow(self.save_verdict_btn)
        sl.addWidget(holder)
        sl.addWidget(self.msgs["sample"])
        self._samples: dict[str, dict] = {}

    # --- referrals --------------------------------------------------------------------------------

    def _patch_key(self) -> str:
        return text_or_blank(self.patch.get("JCBH")) or str(self.tbid)

    def _new_area(self, holder: QVBoxLayout, old: QWidget) -> QWidget:
        holder.removeWidget(old)
        old.hide()
        old.deleteLater()
        area = QWidget(self.referrals_box)
        holder.addWidget(area)
        return area

    def _load_referrals(self) -> None:
        lines = registers.patch_referrals(self.ws, self.tbid)
        registered = {(r.department, r.direction) for r in lines}
        try:
            suggestions = registers.suggested_referrals(self.ws, self.tbid)
        except FAILURES:
            suggestions = []
        # What the boxes will show; when it is what they show already (most steps: no suggestion, no line),
        # the widgets stay — building them again is most of what this tab costs on a step.
        shown = ([(s.department, s.direction, s.text) for s in suggestions
                  if (s.department, s.direction) not in registered], bool(suggestions),
                 [(self.tbid, r) for r in lines])
        if shown == self._referrals_shown:
            for _s, sent, _btn in self.suggestions:
                set_date(sent, None)
            return
        self._referrals_shown = shown
        self.suggest_area = self._new_area(self.suggest_holder, self.suggest_area)
        sl = QVBoxLayout(self.suggest_area)
        sl.setContentsMargins(0, 0, 0, 0)
        self.suggestions = []
        for s in suggestions:
            if (s.department, s.direction) in registered:
                continue
            frame = QFrame(self.suggest_area)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            fl = QVBoxLayout(frame)
            fl.addWidget(_wrapping(s.text, frame))
            row = QHBoxLayout()
            row.addWidget(QLabel(tr("Sent"), frame))
            sent = date_edit(frame, tr("not sent"))
            self._guard(sent)
            row.addWidget(sent, 1)
            btn = QPushButton(tr("Register"), frame)
            btn.clicked.connect(lambda _checked=False, i=len(self.suggestions): self.register_suggestion(i))
            row.addWidget(btn)
            fl.addLayout(row)
            sl.addWidget(frame)
            self.suggestions.append((s, sent, btn))
        if not self.suggestions:
            sl.addWidget(_wrapping(tr("No referral suggested for this patch.") if not suggestions else
                                   tr("Every suggested referral is registered."), self.suggest_area))
        self.lines_area = self._new_area(self.lines_holder, self.lines_area)
        ll = QVBoxLayout(self.lines_area)
        ll.setContentsMargins(0, 0, 0, 0)
        self.referral_lines = []
        for r in lines:
            box = QGroupBox(f"{r.department} · {r.direction} · {r.state}", self.lines_area)
            form = _form(box)
            if r.reason:
                form.addRow(_wrapping(r.reason, box))
            w = {"referral": r, "doc_no": QLineEdit(r.doc_no, box), "sent": date_edit(box, tr("not sent")),
                 "received": date_edit(box, tr("not received")), "feedback": QLineEdit(r.feedback, box),
                 "feedback_date": date_edit(box, tr("not set")), "save": QPushButton(tr("Save"), box)}
            for key in ("sent", "received", "feedback_date"):
                set_date(w[key], getattr(r, key))
                self._guard(w[key])
            form.addRow(tr("Letter no."), w["doc_no"])
            form.addRow(tr("Sent"), w["sent"])
            form.addRow(tr("Received"), w["received"])
            form.addRow(tr("Feedback"), w["feedback"])
            form.addRow(tr("Feedback date"), w["feedback_date"])
            form.addRow(w["save"])
            w["save"].clicked.connect(lambda _checked=False, i=len(self.referral_lines): self.save_referral_line(i))
            ll.addWidget(box)
            self.referral_lines.append(w)

    def _save_referral(self, referral: rf.Referral, text: str) -> bool:
        try:
            registers.save_referral(self.ws, self.tbid, referral, source=SOURCE)
        except FAILURES as e:
            self.say("referral", error_text(e))
            return False
        self._written("referral", text)
        return True

    @guarded
    def register_suggestion(self, i: int) -> bool:
        s, sent, _ = self.suggestions[i]
        try:
            referral = rf.from_suggestion(self._patch_key(), s, get_date(sent))
        except FAILURES as e:
            self.say("referral", error_text(e))
            return False
        return self._save_referral(referral, tr("Referral to {department} registered.").format(department=s.department))

    @guarded
    def register_other(self) -> bool:
        dept = self.other_dept.currentData()
        direction = rf.INBOUND if dept == rf.TRANSPORT else rf.OUTBOUND
        if any(w["referral"].department == dept and w["referral"].direction == direction for w in self.referral_lines):
            self.say("referral", tr("{department} is registered already: edit its line.").format(department=dept),
                     WARN_STYLE)
            return False
        return self._save_referral(rf.Referral(self._patch_key(), dept, direction),
                                   tr("Referral to {department} registered.").format(department=dept))

    @guarded
    def save_referral_line(self, i: int) -> bool:
        w = self.referral_lines[i]
        r = w["referral"]
        new = rf.Referral(self._patch_key(), r.department, r.direction, get_date(w["sent"]), get_date(w["received"]),
                          w["feedback"].text().strip(), get_date(w["feedback_date"]), w["doc_no"].text().strip(),
                          r.reason)
        return self._save_referral(new, tr("Referral to {department} saved.").format(department=r.department))

    # --- violators --------------------------------------------------------------------------------

    def _load_violators(self) -> None:
        rows = patch_rows(self.ws, "wz_violator", ["MC", "LX", "ZJHM", "ND"], self.tbid)
        t = self.violators
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            number = text_or_blank(r["ZJHM"])
            bad = bool(number) and not id_number_valid(number)
            for j, value in enumerate((text_or_blank(r["MC"]), text_or_blank(r["LX"]), ("⚠ " if bad else "") + number,
                                       text_or_blank(r["ND"]))):
                item = QTableWidgetItem(value)
                if j == 2 and bad:
                    item.setToolTip(tr("The check character of this ID number is wrong."))
                    item.setForeground(QColor(170, 20, 20))
                t.setItem(i, j, item)
        _fit_rows(t, 5)
        self.violator_name.clear()
        self.violator_id.clear()
        self.violator_kind.setCurrentIndex(0)
        self.violator_year.setValue(self.year or china_today().year)

    @guarded
    def add_violator(self) -> bool:
        number = self.violator_id.text().strip()
        try:
            v = Violator(self.violator_name.text(), self.violator_kind.currentData(), number)
            registers.add_violator(self.ws, self.tbid, v, int(self.violator_year.value()), source=SOURCE)
        except FAILURES as e:
            self.say("violator", error_text(e))
            return False
        if v.id_number and not id_number_valid(v.id_number):
            self._written("violator", tr("{name} added, but the check character of the ID number is wrong: "
                                         "please check it.").format(name=v.name), WARN_STYLE)
        else:
            self._written("violator", tr("{name} added.").format(name=v.name))
        return True

    # --- delays -----------------------------------------------------------------------------------

    def _load_delays(self) -> None:
        deadline = as_date(self.patch.get("HCJZ"))
        self.deadline_label.setText(tr("Verification deadline: {date}").format(date=iso(deadline) or tr("not set")))
        lines = []
        for r in patch_rows(self.ws, "wz_delay", ["YY", "YJZ", "XJZ", "SQRQ", "PZR"], self.tbid):
            head = tr("{old} → {new}, requested {date}").format(old=text_or_blank(r["YJZ"])[:10] or "—",
                                                               new=text_or_blank(r["XJZ"])[:10], date=text_or_blank(r["SQRQ"])[:10])
            if text_or_blank(r["PZR"]):
                head += " · " + tr("approved by {name}").format(name=text_or_blank(r["PZR"]))
            lines.append(f"{head}\n　{text_or_blank(r['YY'])}")
        self.delays_label.setText("\n".join(lines) if lines else tr("No delay."))

    @guarded
    def open_delay_dialog(self) -> Optional[DelayDialog]:
        if self.ws is None or self.tbid is None:
            return None
        self.close_dialogs()
        dlg = DelayDialog(as_date(self.patch.get("HCJZ")), submit=self._save_delay, parent=self)
        self.delay_dialog = dlg
        dlg.open()
        return dlg

    def _save_delay(self, dlg: DelayDialog) -> Optional[str]:
        v = dlg.values()
        try:
            registers.request_delay(self.ws, self.tbid, v["reason"], v["new_deadline"], v["requested"], v["approver"],
                                    source=SOURCE)
        except FAILURES as e:
            return error_text(e)
        self._written("delay", tr("Deadline moved to {date}.").format(date=iso(v["new_deadline"])))
        return None

    # --- sampled review ---------------------------------------------------------------------------

    def _load_sample(self) -> None:
        rows = patch_rows(self.ws, "wz_sample", ["CYMC", "FHJL", "FHSM", "SPHC", "FHR", "FHSJ"], self.tbid,
                          order_by='"CYMC"')
        self._samples = {text_or_blank(r["CYMC"]): r for r in rows}
        keep = self.sample_name.currentData()
        self.sample_name.blockSignals(True)
        self.sample_name.clear()
        for name in self._samples:
            self.sample_name.addItem(name, name)
        self.sample_name.setCurrentIndex(max(0, self.sample_name.findData(keep)) if keep else 0)
        self.sample_name.blockSignals(False)
        self.sample_box.setVisible(bool(self._samples))
        self._sample_changed()

    @guarded
    def _sample_changed(self, *_):
        r = self._samples.get(self.sample_name.currentData())
        if r is None:
            return
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(text_or_blank(r["FHJL"]) or None)))
        self.verdict_note.setText(text_or_blank(r["FHSM"]))
        self.video_note.setText(text_or_blank(r["SPHC"]))
        when = beijing_time(r["FHSJ"]) if text_or_blank(r["FHSJ"]) else None
        self.sample_info.setText(tr("Reviewed by {name} at {time}").format(
            name=name_of(self.ws)(text_or_blank(r["FHR"])), time=when.strftime("%Y-%m-%d %H:%M") if when else "—") if text_or_blank(r["FHJL"]) else "")
        self.sample_info.setVisible(bool(text_or_blank(r["FHJL"])))

    @guarded
    def save_verdict(self) -> bool:
        name, verdict = self.sample_name.currentData(), self.verdict.currentData()
        if not name:
            return False
        if verdict is None:
            self.say("sample", tr("Choose a verdict."))
            return False
        note = self.verdict_note.text().strip()
        if verdict == NOT_AUTHENTIC and not note:
            self.say("sample", tr("A 不真实 verdict needs a note."))
            return False
        try:
            registers.record_verdict(self.ws, name, self.tbid, verdict, note, video_note=self.video_note.text().strip(),
                                     source=SOURCE)
        except FAILURES as e:
            self.say("sample", error_text(e))
            return False
        self._written("sample", tr("Verdict saved."))
        return True
