"""wpzf:export_reports — the ledgers, statistics, accountability report and patch records of a workspace."""
from __future__ import annotations

import datetime as dt

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
)

from ..i18n import tr, tr_noop
from ..reports.export import export_reports
from ..store import open_workspace
from .base import WpzfAlgorithm


class ExportReportsAlgorithm(WpzfAlgorithm):
    NAME = "export_reports"
    DISPLAY = tr_noop("Export reports")
    GROUP_ID = "workspace"
    HELP = tr_noop("Writes the 违法用地台账 and 矿产执法台账, the monthly statistics by township and the 附件5 "
                   "accountability table as xlsx, the accountability and monthly reports as HTML and PDF (Chinese "
                   "font embedded), and the 卫片执法图斑核查记录表 of every determined patch as PDF.")
    WORKSPACE, RECORDS, OUTPUT = "WORKSPACE", "PATCH_RECORDS", "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterBoolean(self.RECORDS, tr("Also one record form per patch"),
                                                        defaultValue=True))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Report folder")))
        self.addOutput(QgsProcessingOutputNumber("FILES", tr("Files written")))

    def flags(self):
        # Qt text rendering (PDF) belongs on the main thread.
        return super().flags() | self.Flag.FlagNoThreading

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.parameterAsString(parameters, self.OUTPUT, context)
        ws = open_workspace(self.parameterAsFile(parameters, self.WORKSPACE, context))
        try:
            files = export_reports(ws, folder, dt.date.today(), self.parameterAsBool(parameters, self.RECORDS, context),
                                   progress=lambda f: feedback.setProgress(100 * f), is_cancelled=feedback.isCanceled)
        finally:
            ws.close()
        feedback.pushInfo(tr("{n} files written to {folder}").format(n=len(files), folder=folder))
        return {self.OUTPUT: folder, "FILES": len(files)}
