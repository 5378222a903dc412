"""Stand-in plugin when a dependency is missing: it explains what to install instead of a traceback."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QMessageBox

from .i18n import tr


class MissingDependenciesPlugin:
    def __init__(self, iface, problems):
        self.iface = iface
        self.problems = problems

    def initGui(self):  # noqa: N802
        lines = "\n".join(f"• {p}\n    {tr('Install with:')} {how}" for p, how in self.problems)
        QMessageBox.warning(self.iface.mainWindow(), tr("WPZF cannot start"),
                            tr("WPZF needs Python packages that are missing in this QGIS:") + "\n\n" + lines
                            + "\n\n" + tr("Install them, then restart QGIS."))

    def unload(self):
        pass
