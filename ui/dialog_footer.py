"""The foot of WPZF's small dialogs: a hidden error line above OK (or Save) and Cancel."""
from __future__ import annotations

from typing import Callable

from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QLabel

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
