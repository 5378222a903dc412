"""wpzf:export_reports — the ledgers, statistics, accountability report and patch records of a workspace."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from ..core.dates import china_today
from ..core.scope import Scope
from ..i18n import tr, tr_noop
from ..reports.export import RECORD_BOOK_FORMS, RECORD_BOOKS_FROM, export_reports
from ..store.scope import scope_fids
from .base import WpzfAlgorithm


class ExportReportsAlgorithm(WpzfAlgorithm):
    NAME = "export_reports"
    DISPLAY = tr_noop("Export reports")
    GROUP_ID = "workspace"
    HELP = tr_noop("Writes the 违法用地台账 and 矿产执法台账 (with each case's rectification status), the monthly "
                   "statistics by township, the 附件5 accountability table and the registers of the case workflow "
                   "(立案整改, 移交, 违法主体, 抽样复核) as xlsx; the accountability report, the monthly statistics, "
                   "the half-year (半年报告) and annual (年度报告) reports and the rectification progress report as "
                   "HTML and PDF (Chinese font embedded; .docx copies when python-docx is installed); one referral "
                   "letter (移交函) per receiving department; and the 卫片执法图斑核查记录表 of every determined "
                   "patch with recorded findings (of every determined patch when asked) as PDF: one file per patch "
                   "named by its 监测编号, or — for more than 500 forms, or when asked — one file per batch and "
                   "township (at most 200 forms each, the 监测编号 range in the name when a township needs several) "
                   "with a bookmark per 监测编号 (nearly twice as fast: the Chinese font is embedded once per file). "
                   "For one township: "
                   "only its ledgers, registers and record forms. Templates in the folder given override the "
                   "shipped ones of the same name.")
    RECORDS, OUTPUT, TEMPLATES = "PATCH_RECORDS", "OUTPUT", "TEMPLATES"
    TOWNSHIP, UNVERIFIED, RECORD_FILES = "TOWNSHIP", "RECORDS_WITHOUT_FINDINGS", "RECORD_FILES"
    # record_books of reports.export.export_reports for each choice of RECORD_FILES
    RECORD_CHOICES = (None, False, True)

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterBoolean(self.RECORDS, tr("Also the record forms (核查记录表)"),
                                                        defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.UNVERIFIED, tr("Record forms also for determined patches without recorded findings"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterEnum(
            self.RECORD_FILES, tr("Record form files"),
            options=[tr("Automatic: one per patch up to {n} forms, else one per batch and township").format(
                         n=RECORD_BOOKS_FROM),
                     tr("One PDF per patch (named by its 监测编号)"),
                     tr("One PDF per batch and township (at most {n} forms each, a bookmark per 监测编号)").format(
                         n=RECORD_BOOK_FORMS)],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.TOWNSHIP, tr("Only one township (its ledgers, registers and record forms; empty: the whole county)"),
            optional=True))
        self.addParameter(QgsProcessingParameterFile(self.TEMPLATES, tr("Your own template folder (optional)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.Folder,
                                                     optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Report folder")))
        self.addOutput(QgsProcessingOutputNumber("FILES", tr("Files written")))

    def flags(self):
        # Qt text rendering (PDF) belongs on the main thread.
        return super().flags() | self.Flag.FlagNoThreading

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.parameterAsString(parameters, self.OUTPUT, context)
        township = self.parameterAsString(parameters, self.TOWNSHIP, context).strip()
        with self.opened_workspace(parameters, context) as ws:
            fids = scope_fids(ws, Scope.of_township(township)) if township else None
            if fids == []:
                raise QgsProcessingException(tr("No patch of the workspace is in township {name}").format(
                    name=township))
            files = export_reports(ws, folder, china_today(), self.parameterAsBool(parameters, self.RECORDS, context),
                                   self.parameterAsFile(parameters, self.TEMPLATES, context) or None,
                                   progress=lambda f: feedback.setProgress(100 * f), is_cancelled=feedback.isCanceled,
                                   on_message=feedback.pushInfo, fids=fids,
                                   records_without_findings=self.parameterAsBool(parameters, self.UNVERIFIED, context),
                                   record_workers=2,   # a second core where a Python can be spawned (not in QGIS)
                                   record_books=self.RECORD_CHOICES[
                                       self.parameterAsEnum(parameters, self.RECORD_FILES, context)])
        feedback.pushInfo(tr("{n} files written to {folder}").format(n=len(files), folder=folder))
        return {self.OUTPUT: folder, "FILES": len(files)}
