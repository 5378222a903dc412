"""Collect what an import needs: file, level, issue date, rule-set year, mapping, encoding and CRS."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsCoordinateReferenceSystem
from qgis.gui import QgsFileWidget, QgsProjectionSelectionWidget
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..core.deadlines import LEVELS, batch_deadlines
from ..exchange.importer import BatchMeta, default_ruleset_year
from ..exchange.mapping import DEFAULT_PROFILE, ProfileStore
from ..exchange.reader import peek_fields
from ..i18n import tr, tr_noop
from ..rules import available_years
from .guard import guarded
from .mapping_dialog import MappingDialog

ENCODINGS = (("", tr_noop("Detect automatically")), ("gbk", "GBK"), ("gb18030", "GB18030"), ("utf-8", "UTF-8"))


class ImportDialog(QDialog):
    def __init__(self, store: ProfileStore, start_dir: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import patch batch"))
        self.store = store
        self.mapping = store.load(DEFAULT_PROFILE)
        form = QFormLayout(self)
        self.file = QgsFileWidget(self)
        self.file.setFilter(tr("Batch files") + " (*.shp *.zip *.gpkg *.gdb *.geojson);;" + tr("All files") + " (*)")
        if start_dir:
            self.file.setDefaultRoot(start_dir)
        self.file.fileChanged.connect(self._file_changed)
        form.addRow(tr("Batch file"), self.file)
        self.level = QComboBox(self)
        self.level.addItems(list(LEVELS))
        form.addRow(tr("Level"), self.level)
        self.issued = QDateEdit(QDate.currentDate(), self)
        self.issued.setCalendarPopup(True)
        self.issued.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("Issue date"), self.issued)
        self.year = QComboBox(self)  # only the years WPZF has rules for
        for y in reversed(available_years()):
            self.year.addItem(str(y), y)
        self.year.setToolTip(tr("The year of the determination rules (附件4) the batch's patches are judged by"))
        form.addRow(tr("Rule-set year"), self.year)
        self.issued.dateChanged.connect(self._update_year)
        self._update_year()
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(tr("default: the file name"))
        form.addRow(tr("Batch code"), self.code)
        prof_row = QWidget(self)
        h = QHBoxLayout(prof_row)
        h.setContentsMargins(0, 0, 0, 0)
        self.profile = QComboBox(prof_row)
        self.profile.addItems(store.names())
        self.profile.setCurrentText(DEFAULT_PROFILE)
        self.profile.currentTextChanged.connect(self._profile_changed)
        edit = QPushButton(tr("Edit…"), prof_row)
        edit.clicked.connect(self.edit_mapping)
        h.addWidget(self.profile, 1)
        h.addWidget(edit)
        form.addRow(tr("Field mapping"), prof_row)
        self.encoding = QComboBox(self)
        for codec, label in ENCODINGS:
            self.encoding.addItem(tr(label), codec)
        form.addRow(tr("Text encoding"), self.encoding)
        self.crs = QgsProjectionSelectionWidget(self)
        self.crs.setOptionVisible(QgsProjectionSelectionWidget.CrsOption.CrsNotSet, True)
        self.crs.setNotSetText(tr("From the file (.prj) or inferred"))
        self.crs.setCrs(QgsCoordinateReferenceSystem())
        form.addRow(tr("Coordinate system"), self.crs)
        self.deadline = QLineEdit(self)
        self.deadline.setReadOnly(True)
        form.addRow(tr("Verification deadline"), self.deadline)
        for w in (self.level.currentIndexChanged, self.issued.dateChanged):
            w.connect(self._update_deadline)
        self._update_deadline()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 360)

    @guarded
    def _update_year(self):
        """Follow the issue date: the newest rule set not after its year (the oldest when all are newer)."""
        year = default_ruleset_year(self.issued.date().year(), available_years())
        index = self.year.findData(year) if year is not None else self.year.count() - 1
        self.year.setCurrentIndex(index)

    @guarded
    def _file_changed(self, path: str):
        stem = Path(path).stem if path else ""
        if stem and not self.code.text():
            self.code.setPlaceholderText(stem)

    @guarded
    def _profile_changed(self, name: str):
        try:
            self.mapping = self.store.load(name)
        except (KeyError, ValueError) as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))

    @guarded
    def _update_deadline(self):
        d = batch_deadlines(self.level.currentText(), self.issued.date().toPyDate())
        text = tr("verify by {date}").format(date=d.verify.isoformat())
        if d.city_review:
            text += tr("; city review by {date}").format(date=d.city_review.isoformat())
        if d.claim:
            text += tr("; claim by {date}").format(date=d.claim.isoformat())
        self.deadline.setText(text)

    @guarded
    def edit_mapping(self):
        dlg = MappingDialog(self.mapping, peek_fields(self.file.filePath()) if self.file.filePath() else [],
                            self.store, self)
        if dlg.exec():
            self.mapping = dlg.mapping
            if dlg.mapping.name not in [self.profile.itemText(i) for i in range(self.profile.count())]:
                self.profile.blockSignals(True)
                self.profile.addItem(dlg.mapping.name)
                self.profile.setCurrentText(dlg.mapping.name)
                self.profile.blockSignals(False)

    @guarded
    def accept(self):
        if not self.file.filePath():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose the batch file."))
            return
        if self.year.currentData() is None:
            QMessageBox.warning(self, self.windowTitle(), tr("WPZF has no rule set: it cannot determine patches."))
            return
        super().accept()

    def values(self) -> tuple[str, BatchMeta]:
        crs = self.crs.crs()
        epsg = int(crs.authid().split(":")[1]) if crs.isValid() and crs.authid().upper().startswith("EPSG:") else None
        meta = BatchMeta(level=self.level.currentText(), issued=self.issued.date().toPyDate(),
                         ruleset_year=self.year.currentData(), code=self.code.text().strip() or None,
                         encoding=self.encoding.currentData() or None, crs_epsg=epsg)
        return self.file.filePath(), meta

