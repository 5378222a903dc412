"""wpzf:import_field_package — merge a field package back (three-way, one transaction, conflicts kept)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
)

from ..exchange.field_package import import_field_package
from ..i18n import tr, tr_noop
from .base import WpzfAlgorithm


class ImportFieldPackageAlgorithm(WpzfAlgorithm):
    NAME = "import_field_package"
    DISPLAY = tr_noop("Import field package")
    GROUP_ID = "workspace"
    HELP = tr_noop("Merges a field package written by wpzf:export_field_package back into the workspace in one "
                   "transaction: a fact changed only in the field is saved (audited with the package's name), one "
                   "changed in the office and in the field to different values is kept as a conflict for a person "
                   "to decide, splits drawn in the field become the patch's parts, and photos are attached to their "
                   "patch by the photo table, a 监测编号 in the file name or their GPS position. The same package "
                   "imported twice changes nothing; the report is saved next to the workspace.")
    INPUT = "INPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("Field package folder"),
                                                     behavior=QgsProcessingParameterFile.Behavior.Folder))
        for key, label in (("MERGED", tr("Values merged")), ("CONFLICTS", tr("Conflicts to decide")),
                           ("PHOTOS", tr("Photos added")), ("SPLITS", tr("Splits")),
                           ("REJECTED", tr("Items rejected"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))
        self.addOutput(QgsProcessingOutputString("REPORT", tr("Merge report file")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.parameterAsFile(parameters, self.INPUT, context)
        with self.opened_workspace(parameters, context) as ws:
            report = import_field_package(ws, folder, progress=lambda f: feedback.setProgress(100 * f),
                                          is_cancelled=feedback.isCanceled)
        if not report.ok:
            raise QgsProcessingException(report.text())
        for p in report.rejected + report.warnings:
            feedback.pushWarning(str(p))
        feedback.pushInfo(report.text())
        return {"MERGED": len(report.merged), "CONFLICTS": len(report.conflicts), "PHOTOS": len(report.photos),
                "SPLITS": len(report.splits), "REJECTED": len(report.rejected), "REPORT": report.saved_to or ""}
