"""Open team workspace (PostGIS)…: pick a PostgreSQL connection of QGIS and a workspace schema in it (the
WPZF workspaces found there are listed; a new name creates one). Returns the location string
(``pg:connection=…;schema=…``), which names the connection, never its credentials."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..store import StoreError
from .guard import guarded


def _connection_names() -> list[str]:
    from ..store import pgconnect

    return pgconnect.connection_names()


def _workspaces(connection: str) -> list[tuple[str, int]]:
    from ..store import pgconnect, postgis

    return postgis.list_workspaces(pgconnect.conninfo_for(connection))


def _location(connection: str, schema: str) -> str:
    from ..store import pgconnect

    return pgconnect.location_for(connection, schema)


class PostgisDialog(QDialog):
    def __init__(self, parent=None, connections: Optional[Callable[[], list[str]]] = None,
                 workspaces: Optional[Callable[[str], list[tuple[str, int]]]] = None):
        super().__init__(parent)
        self._connections = connections or _connection_names
        self._workspaces = workspaces or _workspaces
        self.known: dict[str, int] = {}
        self.created = False
        self.setWindowTitle(tr("Open team workspace (PostGIS)"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.connection = QComboBox(self)
        self.connection.currentIndexChanged.connect(self.refresh_schemas)
        self.reload_btn = QPushButton(tr("Refresh"), self)
        self.reload_btn.clicked.connect(self.refresh_connections)
        row.addWidget(self.connection, 1)
        row.addWidget(self.reload_btn)
        holder = QWidget(self)
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("PostgreSQL connection"), holder)
        self.schema = QComboBox(self)
        self.schema.setEditable(True)
        self.schema.currentTextChanged.connect(self._update_state)
        form.addRow(tr("Workspace (schema)"), self.schema)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(tr("a shared folder every workstation reaches"))
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.folder_box = QWidget(self)
        self.folder_box.setLayout(folder_row)
        form.addRow(tr("Attachment folder"), self.folder_box)
        lay.addLayout(form)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.refresh_connections()

    # ---- filling -----------------------------------------------------------------------------------
    @guarded
    def refresh_connections(self):
        current = self.connection.currentText()
        self.connection.blockSignals(True)
        self.connection.clear()
        try:
            names = self._connections()
        except Exception as e:  # a broken QGIS profile must not break the dialog
            names = []
            self.status.setText(str(e))
        self.connection.addItems(names)
        if current in names:
            self.connection.setCurrentText(current)
        self.connection.blockSignals(False)
        if not names:
            self.status.setText(tr("QGIS has no PostgreSQL connection yet: add one in the Browser panel "
                                   "(PostgreSQL ▸ New Connection…), preferably with an authentication configuration."))
        self.refresh_schemas()

    @guarded
    def refresh_schemas(self, *_args):
        typed = self.schema.currentText()
        self.schema.blockSignals(True)
        self.schema.clear()
        self.known = {}
        name = self.connection.currentText()
        if name:
            try:
                self.known = dict(self._workspaces(name))
            except Exception as e:
                self.status.setText(tr("Cannot list the workspaces of {name}: {error}").format(name=name, error=e))
        self.schema.addItems(sorted(self.known))
        self.schema.setEditText(typed if typed else (sorted(self.known)[0] if self.known else "wpzf"))
        self.schema.blockSignals(False)
        self._update_state()

    @guarded
    def _browse(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Attachment folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    @guarded
    def _update_state(self, *_args):
        name, schema = self.connection.currentText(), self.schema.currentText().strip()
        ok = bool(name and schema)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        is_new = schema not in self.known
        self.folder_box.setEnabled(is_new)
        if not ok:
            return
        if is_new:
            self.status.setText(tr("New workspace: schema {schema} will be created in {name}.")
                                .format(schema=schema, name=name))
        else:
            self.status.setText(tr("Existing workspace {schema} (schema version {version}).")
                                .format(schema=schema, version=self.known[schema]))

    # ---- result ------------------------------------------------------------------------------------
    @property
    def location(self) -> str:
        return _location(self.connection.currentText(), self.schema.currentText().strip())

    @guarded
    def accept(self):
        schema = self.schema.currentText().strip()
        try:
            location = self.location
            if schema not in self.known:
                from ..store import create_workspace

                ws = create_workspace(location)
                try:
                    if self.folder.text().strip():
                        ws.set_attachments_folder(self.folder.text().strip())
                finally:
                    ws.close()
                self.created = True
        except StoreError as e:
            self.status.setText(str(e))
            return
        super().accept()


def choose_team_workspace(parent=None) -> Optional[str]:
    """Ask for a team workspace (creating it when the name is new); its location, or None if cancelled."""
    dlg = PostgisDialog(parent)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.location
    return None
