"""wpzf:export_return — the return (上报成果) of a batch's units passed by the county (审核验收)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from ..exchange.return_export import export_return
from ..i18n import tr, tr_noop
from .base import WpzfAlgorithm


class ExportReturnAlgorithm(WpzfAlgorithm):
    NAME = "export_return"
    DISPLAY = tr_noop("Export the return (上报成果)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Writes what goes up for the batch's patches the county passed (审核通过): the batch's own layer "
                   "in its own schema, encoding and coordinate system with the results filled in, the platform "
                   "fill-in table (xlsx keyed by 监测编号) and the 举证 photos in one folder per 监测编号 with a "
                   "manifest. The return is recorded (which patches, when, by whom, the audit head) and may be "
                   "written again; a patch changed after its pass is held back until it is reviewed again.")
    BATCH, OUTPUT = "BATCH", "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterString(self.BATCH, tr("Batch code (批次编号)")))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Output folder")))
        self.addOutput(QgsProcessingOutputFolder("FOLDER", tr("Return folder")))
        self.addOutput(QgsProcessingOutputString("NUMBER", tr("Return number")))
        self.addOutput(QgsProcessingOutputNumber("PATCHES", tr("Patches returned")))
        self.addOutput(QgsProcessingOutputNumber("HELD", tr("Units held back")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        code = self.parameterAsString(parameters, self.BATCH, context).strip()
        out = self.parameterAsString(parameters, self.OUTPUT, context)
        with self.opened_workspace(parameters, context) as ws:
            try:
                res = export_return(ws, code, out, source="wpzf:export_return")
            except ValueError as e:
                raise QgsProcessingException(str(e)) from None
        for w in res.held + res.warnings:
            feedback.pushWarning(w)
        feedback.pushInfo(tr("{number}: {patches} patches, {photos} photos in {folder}").format(
            number=res.number, patches=res.patches, photos=res.photos, folder=res.folder))
        return {"FOLDER": str(res.folder), "NUMBER": res.number, "PATCHES": res.patches, "HELD": len(res.held)}
