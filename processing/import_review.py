"""wpzf:import_review — the city's or province's review result (市级 / 省级审核) applied to what went up."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
)

from ..core.signoff import LEVELS
from ..exchange.review_import import ReviewFileError, import_reviews
from ..i18n import tr, tr_noop
from .base import WpzfAlgorithm


class ImportReviewAlgorithm(WpzfAlgorithm):
    NAME = "import_review"
    DISPLAY = tr_noop("Import a review from above (市级/省级审核)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Reads the city's or province's review of the returned patches — an xlsx, a csv or a layer keyed "
                   "by 监测编号 with 通过 / 退回, the comment (意见) and the deadline (期限) — and applies it in one "
                   "transaction: returned patches reopen in their operator's queue with the comment and the new "
                   "deadline, and their number of returns goes up. Rows that cannot be applied are listed.")
    INPUT, LEVEL = "INPUT", "LEVEL"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, tr("Review file"), behavior=QgsProcessingParameterFile.Behavior.File,
            fileFilter="Excel (*.xlsx);;CSV (*.csv);;Layers (*.shp *.gpkg);;All files (*)"))
        self.addParameter(QgsProcessingParameterEnum(self.LEVEL, tr("Reviewed by"), options=list(LEVELS),
                                                     defaultValue=0))
        self.addOutput(QgsProcessingOutputNumber("PASSED", tr("Units passed")))
        self.addOutput(QgsProcessingOutputNumber("RETURNED", tr("Units returned")))
        self.addOutput(QgsProcessingOutputNumber("PROBLEMS", tr("Rows not applied")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.INPUT, context)
        level = LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)]
        with self.opened_workspace(parameters, context) as ws:
            try:
                rep = import_reviews(ws, path, level, source="wpzf:import_review")
            except ReviewFileError as e:
                raise QgsProcessingException(str(e)) from None
        problems = rep.problems + rep.result.problems
        for p in problems:
            feedback.pushWarning(p)
        feedback.pushInfo(rep.text())
        return {"PASSED": len(rep.result.passed), "RETURNED": len(rep.result.returned), "PROBLEMS": len(problems),
                "SUMMARY": rep.text()}
