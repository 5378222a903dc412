"""The foot of WPZF's small dialogs: a hidden error line above OK (or Save) and Cancel."""
from __future__ import annotations

from typing import Callable

from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox

from ..i18n import tr

ERROR_COLOUR = "#c0392b"


def add_footer(dialog: QDialog, layout, on_accept: Callable[[], None], save: bool = False,
               colour: str = ERROR_COLOUR) -> QLabel:
    """Add the error line (returned: show it with a sentence when the input is refused) and the buttons;
    OK/Save calls ``on_accept``, which decides whether the dialog closes."""
    message = QLabel("", dialog)
    message.setWordWrap(True)
    message.setStyleSheet(f"color: {colour};")
    message.hide()
    layout.addWidget(message)
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel, parent=dialog)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return message


def refuse(dialog: QDialog, message: QLabel, title: str, text: str) -> None:
    """Say why the input was refused: on the footer's error line (``add_footer``) and in a warning box."""
    message.setText(text)
    message.show()
    QMessageBox.warning(dialog, title, text)


def open_on_dock(dock, title: str, make: Callable, attr: str):
    """The non-modal dialog ``make(workspace, dock)`` on the dock's workspace, kept as ``dock.<attr>``; the dock
    shows the patch at hand again once the dialog's ``saved`` fires. Without a workspace: a note, and None."""
    if dock.ws is None:
        QMessageBox.information(dock, title, tr("Open or create a workspace first."))
        return None
    dlg = make(dock.ws, dock)
    dlg.saved.connect(dock.after_background_change)
    dlg.show()
    setattr(dock, attr, dlg)
    return dlg
