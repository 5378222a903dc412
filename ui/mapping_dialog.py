"""Edit a field-mapping profile against the fields of the file at hand, and save it under a name."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..exchange.mapping import TARGET_KINDS, FieldMapping, ProfileStore, TargetRule
from ..i18n import tr
from ..store.schema import PATCH
from .guard import guarded

NOT_MAPPED = "—"


class MappingDialog(QDialog):
    def __init__(self, mapping: FieldMapping, source_fields: list[str], store: ProfileStore, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Field mapping: {name}").format(name=mapping.title or mapping.name))
        self.store = store
        self.mapping = mapping
        self.source_fields = source_fields
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("Choose which field of the file fills each workspace field.")))
        self.table = QTableWidget(len(TARGET_KINDS), 3, self)
        self.table.setHorizontalHeaderLabels([tr("Workspace field"), tr("Meaning"), tr("Source field")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        chosen, _ = mapping.resolve(source_fields)
        self.combos = {}
        for row, code in enumerate(TARGET_KINDS):
            self.table.setItem(row, 0, QTableWidgetItem(code))
            self.table.setItem(row, 1, QTableWidgetItem(PATCH.field(code).alias))
            combo = QComboBox(self.table)
            combo.setEditable(True)
            combo.addItem(NOT_MAPPED)
            combo.addItems(source_fields)
            rule = mapping.targets.get(code)
            current = chosen.get(code) or (rule.sources[0] if rule and not source_fields else None)
            if current:
                if combo.findText(current) < 0:
                    combo.addItem(current)
                combo.setCurrentText(current)
            self.combos[code] = combo
            self.table.setCellWidget(row, 2, combo)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        save = QPushButton(tr("Save as profile…"), self)
        save.clicked.connect(self.save_as)
        row.addWidget(save)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        lay.addLayout(row)
        self.resize(560, 620)

    def result_mapping(self) -> FieldMapping:
        """The edited mapping: the chosen source field first, the profile's other candidates after it."""
        targets = {}
        for code, combo in self.combos.items():
            text = combo.currentText().strip()
            old = self.mapping.targets.get(code)
            if text and text != NOT_MAPPED:
                rest = [s for s in (old.sources if old else []) if s.upper() != text.upper()]
                targets[code] = TargetRule([text] + rest, code == "JCBH" or bool(old and old.required))
        return FieldMapping(self.mapping.name, self.mapping.title, targets)

    @guarded
    def accept(self):
        m = self.result_mapping()
        if "JCBH" not in m.targets:
            QMessageBox.warning(self, self.windowTitle(), tr("监测编号 (JCBH) must be mapped to a source field."))
            return
        self.mapping = m
        super().accept()

    @guarded
    def save_as(self):
        name, ok = QInputDialog.getText(self, tr("Save profile"), tr("Profile name (letters, digits, - or _):"))
        if not ok or not name.strip():
            return
        m = self.result_mapping()
        m.name, m.title = name.strip(), name.strip()
        try:
            path = self.store.save(m)
        except ValueError as e:
            QMessageBox.warning(self, tr("Save profile"), str(e))
            return
        self.mapping = m
        QMessageBox.information(self, tr("Save profile"), tr("Saved to {path}").format(path=str(path)))
