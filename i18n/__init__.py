"""Translation for every user-facing string: ``tr("English text")`` → the user's language (zh_CN first).

Works in QGIS (through Qt's translator installed by the plugin) and in plain Python, where it returns
the English text, so exchange/ and processing/ messages are translated without depending on Qt.
Messages with values use named placeholders: ``tr("row {row}: empty").format(row=3)``.
"""
from __future__ import annotations

CONTEXT = "wpzf"


try:
    from qgis.PyQt.QtCore import QCoreApplication
except ImportError:  # plain Python (tests of the core, scripts)
    QCoreApplication = None


def tr(text: str) -> str:
    if QCoreApplication is None or QCoreApplication.instance() is None:
        return text
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Marks a literal for translation where it is defined; translate it with tr() where it is shown."""
    return text
