"""wpzf:transfer_workspace — move a workspace GeoPackage → PostGIS (a team database) or back, verified."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..i18n import tr, tr_noop
from ..store import StoreError
from ..store.transfer import copy_workspace
from .base import WpzfAlgorithm


class TransferWorkspaceAlgorithm(WpzfAlgorithm):
    NAME = "transfer_workspace"
    DISPLAY = tr_noop("Move workspace (GeoPackage ⇄ PostGIS)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Copies a workspace into a new one — a GeoPackage into a PostGIS schema (pg:connection=…;"
                   "schema=…, pg:service=…;schema=…, postgresql://…?schema=…) or back into a new GeoPackage — with "
                   "every table, id, version, geometry and the audit chain verbatim, then verifies the copy: rows "
                   "per table, value and geometry digests, the audit chain and its head. Photo files are copied "
                   "into the attachment folder (for PostGIS: the folder you name, else they stay where they are).")
    SOURCE, DESTINATION, ATTACHMENTS = "SOURCE", "DESTINATION", "ATTACHMENTS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(self.SOURCE, tr("Workspace to copy (GeoPackage path or "
                                                                       "PostgreSQL location)")))
        self.addParameter(QgsProcessingParameterString(self.DESTINATION, tr("New workspace (GeoPackage path or "
                                                                            "PostgreSQL location)")))
        self.addParameter(QgsProcessingParameterFile(self.ATTACHMENTS, tr("Attachment folder of a PostGIS copy"),
                                                     behavior=QgsProcessingParameterFile.Behavior.Folder,
                                                     optional=True))
        self.addOutput(QgsProcessingOutputBoolean("VERIFIED", tr("Copy verified")))
        self.addOutput(QgsProcessingOutputNumber("ROWS", tr("Rows copied")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        src = self.parameterAsString(parameters, self.SOURCE, context).strip()
        dst = self.parameterAsString(parameters, self.DESTINATION, context).strip()
        folder = self.parameterAsString(parameters, self.ATTACHMENTS, context).strip() or None
        try:
            report = copy_workspace(src, dst, folder, progress=lambda f: feedback.setProgress(100 * f),
                                    is_cancelled=feedback.isCanceled)
        except StoreError as e:
            raise QgsProcessingException(str(e)) from None
        feedback.pushInfo(report.summary())
        for name in report.files_missing:
            feedback.reportError(tr("attachment missing in the source: {path}").format(path=name))
        if not report.ok:
            raise QgsProcessingException(tr("The copy was written but does not match the source: {problems}")
                                         .format(problems="; ".join(report.problems())))
        return {"VERIFIED": report.ok, "ROWS": sum(t.rows_copy for t in report.tables), "SUMMARY": report.summary()}
