"""Somebody saved the same record while I was editing it: show mine against theirs, field by field, with
who saved theirs and when, and let the operator keep theirs or apply mine on top of their version.

``resolve_stale(parent, error, mine)`` is the one call a save path needs when the store raises
``StaleVersion``: it returns True when the operator wants their changes re-applied on top of the
current version (save again with ``expected_version=error.actual``), False to keep the stored record.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Optional

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..i18n import tr
from .guard import guarded

KEEP_THEIRS, APPLY_MINE = "theirs", "mine"


@dataclass
class FieldConflict:
    label: str          # the field's name as the operator knows it
    mine: str           # what I want to save (display text)
    theirs: str         # what is stored now
    loaded: str = ""    # what it was when I opened the record ("" when unknown)


def display_time(stored) -> str:
    """A stored UTC time ('2021-06-20T16:30:00.000Z') as local 'YYYY-MM-DD HH:MM' ('' when unknown)."""
    if stored is None or stored != stored or not str(stored).strip():
        return ""
    text = str(stored).strip().replace("Z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(text[:19] + text[23:] if len(text) > 23 and text[19] == "." else text)
    except ValueError:
        return str(stored)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "—"
    return str(v)


def rows_from_stale(theirs: Mapping[str, Any], mine: Mapping[str, Any], loaded: Optional[Mapping[str, Any]] = None,
                    labels: Optional[Mapping[str, str]] = None,
                    display: Optional[Callable[[str, Any], str]] = None) -> list[FieldConflict]:
    """One row per field I changed: mine, theirs (the stored row of a StaleVersion) and, if known, loaded."""
    show = display or (lambda _code, v: _text(v))
    labels = labels or {}
    out = []
    for code, value in mine.items():
        out.append(FieldConflict(labels.get(code, code), show(code, value), show(code, theirs.get(code)),
                                 show(code, loaded.get(code)) if loaded is not None else ""))
    return out


class ConflictDialog(QDialog):
    """Mine vs theirs per field; ``choice`` is KEEP_THEIRS or APPLY_MINE after the dialog closes."""

    def __init__(self, rows: list[FieldConflict], who: str = "", when: str = "", version: Optional[int] = None,
                 what: str = "", parent=None):
        super().__init__(parent)
        self.choice = KEEP_THEIRS
        self.rows = rows
        self.setWindowTitle(tr("Saved by someone else meanwhile"))
        lay = QVBoxLayout(self)
        who_text = who or tr("someone else")
        if when:
            head = tr("{what} was saved by {who} at {when} after you opened it.").format(
                what=what or tr("This record"), who=who_text, when=when)
        else:
            head = tr("{what} was saved by {who} after you opened it.").format(what=what or tr("This record"),
                                                                             who=who_text)
        if version is not None:
            head += " " + tr("(now version {version})").format(version=version)
        self.header = QLabel(head, self)
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        with_loaded = any(r.loaded for r in rows)
        headers = [tr("Field")] + ([tr("When you opened it")] if with_loaded else []) + [tr("Yours"), tr("Theirs")]
        self.table = QTableWidget(len(rows), len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        bold = QFont()
        bold.setBold(True)
        for i, r in enumerate(rows):
            cells = [r.label] + ([r.loaded] if with_loaded else []) + [r.mine, r.theirs]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if j == len(cells) - 1 and r.theirs != r.mine:
                    item.setFont(bold)   # where theirs differs from mine
                self.table.setItem(i, j, item)
        lay.addWidget(self.table, 1)
        note = QLabel(tr("Keep theirs: your changes are dropped and the record is reloaded. Apply mine: your "
                         "changes are saved on top of their version; the fields you did not change keep their "
                         "values."), self)
        note.setWordWrap(True)
        lay.addWidget(note)
        box = QDialogButtonBox(self)
        self.keep_btn = QPushButton(tr("Keep theirs"), self)
        self.apply_btn = QPushButton(tr("Apply mine on top"), self)
        box.addButton(self.keep_btn, QDialogButtonBox.ButtonRole.RejectRole)
        box.addButton(self.apply_btn, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_btn.clicked.connect(self.keep_theirs)
        self.apply_btn.clicked.connect(self.apply_mine)
        lay.addWidget(box)
        self.resize(560, 200 + 28 * min(len(rows), 12))

    @guarded
    def keep_theirs(self):
        self.choice = KEEP_THEIRS
        self.reject()

    @guarded
    def apply_mine(self):
        self.choice = APPLY_MINE
        self.accept()


def ask(dialog: ConflictDialog) -> str:
    """Show the dialog and return the choice (tests replace this function)."""
    dialog.exec()
    return dialog.choice


def resolve_rows(parent, rows: list[FieldConflict], who: str = "", when: str = "", version: Optional[int] = None,
                 what: str = "") -> bool:
    """Ask about prepared rows; True = apply mine on top of the current version."""
    return ask(ConflictDialog(rows, who, display_time(when) if when else "", version, what, parent)) == APPLY_MINE


def resolve_stale(parent, error, mine: Mapping[str, Any], loaded: Optional[Mapping[str, Any]] = None,
                  labels: Optional[Mapping[str, str]] = None, display: Optional[Callable[[str, Any], str]] = None,
                  what: str = "") -> bool:
    """A StaleVersion from a save of ``mine`` ({field: value}): ask the operator. True = apply mine on top of
    version ``error.actual``; False = keep theirs (reload)."""
    theirs = error.theirs or {}
    rows = rows_from_stale(theirs, mine, loaded, labels, display)
    return resolve_rows(parent, rows, _text(theirs.get("XGR")) if theirs.get("XGR") else "", theirs.get("XGSJ") or "",
                        error.actual, what)
