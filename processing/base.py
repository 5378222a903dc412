"""What every WPZF algorithm shares: its names, group and help come from class attributes."""
from __future__ import annotations

from contextlib import contextmanager

from qgis.core import QgsProcessingAlgorithm, QgsProcessingParameterFile

from ..i18n import tr, tr_noop
from ..store import open_workspace

GROUPS = {"workspace": tr_noop("Workspace"), "determination": tr_noop("Determination")}


class WpzfAlgorithm(QgsProcessingAlgorithm):
    NAME = ""          # algorithm id within the provider (wpzf:NAME)
    DISPLAY = ""       # English display name, marked with tr_noop for translation
    GROUP_ID = ""      # a key of GROUPS
    HELP = ""          # English help text, marked with tr_noop

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY)

    def group(self):
        return tr(GROUPS[self.GROUP_ID])

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def createInstance(self):  # noqa: N802
        return type(self)()

    WORKSPACE = "WORKSPACE"

    def add_workspace_parameter(self, optional: bool = False) -> None:
        # A file parameter so the GUI offers a file picker; the filter (not an extension) also lets a team
        # workspace's PostgreSQL location (pg:…;schema=…) through.
        self.addParameter(QgsProcessingParameterFile(
            self.WORKSPACE, tr("Workspace (GeoPackage, or a PostgreSQL location pg:…;schema=…)"), optional=optional,
            behavior=QgsProcessingParameterFile.Behavior.File, fileFilter="GeoPackage (*.gpkg);;All files (*)"))

    @contextmanager
    def opened_workspace(self, parameters, context):
        """The workspace of the WORKSPACE parameter, open for the ``with`` block and closed after it."""
        ws = open_workspace(self.parameterAsFile(parameters, self.WORKSPACE, context))
        try:
            yield ws
        finally:
            ws.close()
