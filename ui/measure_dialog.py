"""The dialog of one rectification measure (整改措施) of a case: kind, area, dates, document, and the
patch's own photos cited as evidence. It shows what the chosen kind needs (core.cases) and, live,
whether the measure would count; accepting hands the values to a ``submit`` callback (the case tab
writes through store.cases), and a refusal stays in the dialog with the rule's message."""
from __future__ import annotations

import datetime as dt
from typing import Callable, Optional

from qgis.core import QgsSettings
from qgis.gui import QgsDateEdit
from qgis.PyQt.QtCore import QDate, QLocale, QSize, Qt
from qgis.PyQt.QtGui import QIcon, QPixmap
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import cases as core
from ..i18n import tr
from ..store.cases import local_date
from .guard import guarded

ERROR_STYLE = "color: #b00020;"
WARN_STYLE = "color: #a05a00;"
OK_STYLE = "color: #1b7f3b;"
ICON = 40


# --- small helpers shared with the case tab ---------------------------------------------------------

def chinese_ui() -> bool:
    """Whether QGIS speaks Chinese (Settings ▸ General, else the system's language)."""
    s = QgsSettings()
    if s.value("locale/overrideFlag", False, type=bool):
        loc = s.value("locale/userLocale", "") or ""
    else:
        loc = QLocale.system().name()
    return str(loc).lower().startswith("zh")


def bilingual(zh: str, en: str) -> str:
    """Both sentences of a rule's message, the user's language first."""
    if not en or en == zh:
        return zh
    if not zh:
        return en
    return f"{zh}\n{en}" if chinese_ui() else f"{en}\n{zh}"


def one_language(text: str) -> str:
    """'中文 / English' (the core's problem lines) → the part in the user's language."""
    zh, sep, en = str(text).partition(" / ")
    if not sep:
        return text
    return zh if chinese_ui() else en


def error_text(err: Exception) -> str:
    """A store or core error for people: zh/en attributes when it has them, else its message."""
    zh, en = getattr(err, "zh", ""), getattr(err, "en", "")
    if zh or en:
        return bilingual(zh, en)
    zh, sep, en = str(err).partition(" / ")
    return bilingual(zh, en) if sep else str(err)


def date_edit(parent: QWidget, null_text: str) -> QgsDateEdit:
    """A date that may be left unset (None): QgsDateEdit with null allowed and a calendar."""
    e = QgsDateEdit(parent)
    e.setAllowNull(True)
    e.setNullRepresentation(null_text)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setCalendarPopup(True)
    e.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    e.setDate(QDate())
    return e


def get_date(e: QgsDateEdit) -> Optional[dt.date]:
    if e.isNull():
        return None
    d = e.date()
    return dt.date(d.year(), d.month(), d.day()) if d.isValid() else None


def set_date(e: QgsDateEdit, value: Optional[dt.date]) -> None:
    e.setDate(QDate(value.year, value.month, value.day) if value is not None else QDate())


def iso(d) -> str:
    return d.isoformat() if d else ""


def photo_day(rec) -> Optional[dt.date]:
    """The day (China) a photo counts from, as the store reads it: taken, else added."""
    taken = rec.get("taken")
    if taken is not None and taken == taken:
        return taken.date() if isinstance(taken, dt.datetime) else taken
    return local_date(rec.get("TJSJ"))


# --- the dialog -------------------------------------------------------------------------------------

class MeasureDialog(QDialog):
    """Add or edit one measure. ``photos`` is exchange.photo_lookup.photos_of_patch of the case's patch;
    ``submit(dialog)`` returns None when saved, else the message to show (the dialog stays open)."""

    def __init__(self, case: core.Case, photos, measure: Optional[core.Measure] = None, cited=(),
                 submit: Optional[Callable[[MeasureDialog], Optional[str]]] = None, parent=None):
        super().__init__(parent)
        self.case = case
        self.submit = submit
        self.setWindowTitle(tr("Edit measure") if measure is not None else tr("Add measure"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.kind = QComboBox(self)
        for k in core.MEASURES:
            self.kind.addItem(k, k)
        self.area = QDoubleSpinBox(self)
        self.area.setDecimals(2)
        self.area.setRange(0.0, 1e7)
        self.start = date_edit(self, tr("not set"))
        self.completed = date_edit(self, tr("not set"))
        self.doc_no = QLineEdit(self)
        self.doc_date = date_edit(self, tr("not set"))
        self.note = QLineEdit(self)
        self.photos = QListWidget(self)
        self.photos.setIconSize(QSize(ICON, ICON))
        self.photos.setMinimumHeight(ICON * 3)
        self.labels = {key: QLabel(self) for key in ("start", "completed", "doc_no", "doc_date", "photos")}
        self._base = {"start": tr("Start"), "completed": tr("Completed"), "doc_no": tr("Document no."),
                      "doc_date": tr("Document date"), "photos": tr("Photos as evidence")}
        form.addRow(tr("Measure"), self.kind)
        form.addRow(tr("Area (mu)"), self.area)
        form.addRow(self.labels["start"], self.start)
        form.addRow(self.labels["completed"], self.completed)
        form.addRow(self.labels["doc_no"], self.doc_no)
        form.addRow(self.labels["doc_date"], self.doc_date)
        form.addRow(tr("Note"), self.note)
        form.addRow(self.labels["photos"])
        form.addRow(self.photos)
        lay.addLayout(form)
        self.needs_label = QLabel(self)
        self.needs_label.setWordWrap(True)
        self.evidence_label = QLabel(self)
        self.evidence_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        for w in (self.needs_label, self.evidence_label, self.error_label):
            lay.addWidget(w)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._days: dict[str, Optional[dt.date]] = {}
        self._fill_photos(photos, set(cited))
        if measure is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(measure.kind)))
            self.area.setValue(measure.area_mu)
            set_date(self.start, measure.start)
            set_date(self.completed, measure.completed)
            self.doc_no.setText(measure.doc_no)
            set_date(self.doc_date, measure.doc_date)
            self.note.setText(measure.note)
        else:
            declared = core.declared_coverage(case).covered_mu
            rest = round(case.illegal_mu - declared, 2)
            self.area.setValue(rest if rest > 0 else round(case.illegal_mu, 2))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for e in (self.start, self.completed, self.doc_date):
            e.dateValueChanged.connect(lambda _d: self._update_evidence())
        self.doc_no.textChanged.connect(lambda _t: self._update_evidence())
        self.area.valueChanged.connect(lambda _v: self._update_evidence())
        self.photos.itemChanged.connect(lambda _i: self._update_evidence())
        self._kind_changed()
        self.resize(420, 560)

    def _fill_photos(self, photos, cited: set[str]) -> None:
        from .photo_panel import load_image

        self.photos.clear()
        if photos is None or len(photos) == 0:
            item = QListWidgetItem(tr("The patch has no photos yet (add them in the Photos tab)."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.photos.addItem(item)
            return
        for rec in photos.to_dict("records"):
            sha = str(rec["SHA"])
            day = photo_day(rec)
            self._days[sha] = day
            taken = rec.get("taken")
            when = taken.strftime("%Y-%m-%d %H:%M") if taken is not None and taken == taken else tr("no time")
            warn = "⚠ " if rec.get("before_issue") or rec.get("outside") or not rec.get("exists", True) else ""
            item = QListWidgetItem(f"{warn}{rec.get('YWJM') or sha[:12]} · {when}")
            item.setData(Qt.ItemDataRole.UserRole, sha)
            item.setToolTip(str(rec.get("path", "")))
            if rec.get("exists") and rec.get("path"):
                img = load_image(str(rec["path"]), QSize(ICON, ICON))
                if not img.isNull():
                    item.setIcon(QIcon(QPixmap.fromImage(img)))
            if day is None:  # the store cannot date it, so it cannot be evidence
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(tr("No time: this photo cannot be cited as evidence."))
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if sha in cited else Qt.CheckState.Unchecked)
            self.photos.addItem(item)

    # --- what the kind needs --------------------------------------------------------------------

    @guarded
    def _kind_changed(self, *_):
        kind = self.kind.currentData()
        needs = core.EVIDENCE_INPUTS.get(kind, ())
        for key, label in self.labels.items():
            label.setText(self._base[key] + (" *" if key in needs else ""))
            font = label.font()
            font.setBold(key in needs)
            label.setFont(font)
        issued = iso(self.case.issued)
        if kind in core.PHYSICAL:
            text = tr("Needs: start and completion dates, and a site photo taken on or after the start and on or "
                      "after the issue date ({issued}).").format(issued=issued)
        elif kind == core.APPROVAL:
            text = tr("Needs: the approval document number and approval date, not before the issue date "
                      "({issued}).").format(issued=issued)
        else:
            text = tr("Needs: the confiscation decision's document number (its date is optional).")
        self.needs_label.setText(text)
        self._update_evidence()

    @guarded
    def _update_evidence(self):
        problems = self.problems()
        if problems:
            self.evidence_label.setText(tr("Evidence incomplete:") + "\n" +
                                        "\n".join("· " + one_language(p) for p in problems))
            self.evidence_label.setStyleSheet(WARN_STYLE)
        else:
            self.evidence_label.setText(tr("Evidence complete: the measure counts."))
            self.evidence_label.setStyleSheet(OK_STYLE)

    # --- values ---------------------------------------------------------------------------------

    def photo_shas(self) -> list[str]:
        out = []
        for i in range(self.photos.count()):
            item = self.photos.item(i)
            sha = item.data(Qt.ItemDataRole.UserRole)
            if sha and item.checkState() == Qt.CheckState.Checked:
                out.append(str(sha))
        return out

    def set_photos_checked(self, shas) -> None:
        shas = set(shas)
        for i in range(self.photos.count()):
            item = self.photos.item(i)
            sha = item.data(Qt.ItemDataRole.UserRole)
            if sha and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if sha in shas else Qt.CheckState.Unchecked)

    def measure(self) -> core.Measure:
        """The measure as entered (photos are cited by checksum: see photo_shas)."""
        return core.Measure(self.kind.currentData(), round(float(self.area.value()), 4), get_date(self.start),
                            get_date(self.completed), (), self.doc_no.text().strip(), get_date(self.doc_date),
                            self.note.text().strip())

    def values(self) -> dict:
        m = self.measure()
        return {"kind": m.kind, "area_mu": m.area_mu, "start": m.start, "completed": m.completed,
                "doc_no": m.doc_no, "doc_date": m.doc_date, "note": m.note, "photo_shas": self.photo_shas()}

    def problems(self) -> list[str]:
        """What would keep the measure from counting (core.evidence_problems), live."""
        from dataclasses import replace

        photos = tuple(core.Photo(s, self._days[s]) for s in self.photo_shas() if self._days.get(s) is not None)
        return core.evidence_problems(replace(self.measure(), photos=photos), self.case)

    @guarded
    def accept(self):
        if self.submit is not None:
            error = self.submit(self)
            if error:
                self.error_label.setText(error)
                self.error_label.show()
                return
        self.error_label.hide()
        super().accept()
