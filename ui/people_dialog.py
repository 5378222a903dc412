"""人员姓名: the names that ledgers, the return to the province and the dock print for the logins the workspace
records as acting (store/people.py). The records keep the login; this dialog only collects the names."""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..i18n import tr, tr_noop
from ..store import StoreError
from ..store.people import MAX_NAME, check_name, known_logins, people, set_people
from .dialog_footer import add_footer, open_on_dock, refuse
from .guard import guarded

REFUSED = "#fde2e1"   # the background of a name that cannot be saved
TITLE = tr_noop("People's names (人员姓名)")


class PeopleDialog(QDialog):
    saved = pyqtSignal()

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr(TITLE))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        intro = QLabel(tr("The workspace records who did what by login. Ledgers, the return to the province and the "
                          "dock print the name set here; a login without a name is printed as it is. The audit log "
                          "keeps the login."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.editable = bool(getattr(ws, "is_owner", True))
        if not self.editable:
            note = QLabel(tr("On a team database only the workspace's owner sets the names; they are shown here "
                             "read only."), self)
            note.setWordWrap(True)
            lay.addWidget(note)
        self.loaded = people(ws)
        logins = known_logins(ws)
        me = ws.actor.username
        self.table = QTableWidget(len(logins), 2, self)
        self.table.setHorizontalHeaderLabels([tr("Login"), tr("Name (at most {n} characters)").format(n=MAX_NAME)])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if not self.editable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for i, login in enumerate(logins):
            item = QTableWidgetItem(login + (tr(" (this computer)") if login == me else ""))
            item.setData(Qt.ItemDataRole.UserRole, login)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, 0, item)
            self.table.setItem(i, 1, QTableWidgetItem(self.loaded.get(login, "")))
        lay.addWidget(self.table)
        self.message = add_footer(self, lay, self.save, save=True)

    def values(self) -> dict[str, str]:
        """{login: name} of the rows changed from what was loaded (an emptied name: "")."""
        out = {}
        for i in range(self.table.rowCount()):
            login = self.table.item(i, 0).data(Qt.ItemDataRole.UserRole)
            name = (self.table.item(i, 1).text() if self.table.item(i, 1) else "").strip()
            if name != self.loaded.get(login, ""):
                out[login] = name
        return out

    def problems(self) -> list[str]:
        out = []
        for i in range(self.table.rowCount()):
            login = self.table.item(i, 0).data(Qt.ItemDataRole.UserRole)
            cell = self.table.item(i, 1)
            problem = check_name(login, cell.text().strip()) if cell else None
            if cell:
                cell.setBackground(self.palette().base() if problem is None else QBrush(QColor(REFUSED)))
            if problem:
                out.append(problem)
        return out

    @guarded
    def save(self) -> bool:
        changed = self.values() if self.editable else {}
        if not changed:
            self.accept()
            return True
        problems = self.problems()
        if problems:
            self._refuse("\n".join(problems))
            return False
        try:
            set_people(self.ws, changed, source="dock")
        except StoreError as e:
            self._refuse(str(e))
            return False
        self.saved.emit()
        self.accept()
        return True

    def _refuse(self, text: str) -> None:
        refuse(self, self.message, tr(TITLE), text)


@guarded
def open_dialog(dock) -> Optional[PeopleDialog]:
    """The dialog for the dock's workspace, non-modal; the dock shows the patch at hand again once it is saved."""
    return open_on_dock(dock, tr(TITLE), PeopleDialog, "_people_dlg")
