"""wpzf:record_escalation — record a case reported to the county government after 制止无效, or the result that
came back (store/escalation.py)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.dates import china_today
from ..core.escalation import DEFAULT_RECIPIENTS, REASONS, SITUATIONS, Escalation, status
from ..i18n import tr, tr_noop
from ..store import StoreError
from ..store import escalation as esc
from .base import WpzfAlgorithm, chosen, date_parameter


class RecordEscalationAlgorithm(WpzfAlgorithm):
    NAME = "record_escalation"
    DISPLAY = tr_noop("Record an escalation (制止无效上报)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Records a 重大 or 跨区线性工程 case reported to the county government because stopping it failed "
                   "(制止无效) or its investigation could not go on (查处工作无法进行): the patch (监测编号), why, the "
                   "date it failed, the date it was reported and to whom. When the county government has decided, "
                   "give the record's id, the result and its date. Every change is audited; the 制止无效上报登记 "
                   "lists the records and how long each has been waiting.")
    ESCALATION_ID, PATCH, REASON_LIST, SITUATION, FAILED_ON, ESCALATED_ON, RECIPIENTS, NOTE, RESULT, RESULT_ON = (
        "ESCALATION_ID", "PATCH", "REASONS", "SITUATION", "FAILED_ON", "ESCALATED_ON", "RECIPIENTS", "NOTE",
        "RESULT", "RESULT_ON")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterNumber(
            self.ESCALATION_ID, tr("Escalation id to record the result of (0: record a new escalation)"),
            QgsProcessingParameterNumber.Type.Integer, 0, False, 0))
        self.addParameter(QgsProcessingParameterString(self.PATCH, tr("Patch (监测编号)"), optional=True))
        # The plan's own terms: data, kept Chinese
        self.addParameter(QgsProcessingParameterEnum(self.REASON_LIST, tr("Why it is escalated (上报原因)"),
                                                     list(REASONS), allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.SITUATION, tr("What failed (情形)"), list(SITUATIONS),
                                                     defaultValue=0, optional=True))
        for key, label, default in (
                (self.FAILED_ON, tr("Failed on (YYYY-MM-DD)"), None),
                (self.ESCALATED_ON, tr("Reported on (YYYY-MM-DD)"), None),
                (self.RECIPIENTS, tr("Reported to (上报对象)"), DEFAULT_RECIPIENTS),
                (self.NOTE, tr("Note"), None),
                (self.RESULT, tr("Result (处理结果)"), None),
                (self.RESULT_ON, tr("Result date (YYYY-MM-DD)"), None)):
            self.addParameter(QgsProcessingParameterString(key, label, default, optional=True))
        self.addOutput(QgsProcessingOutputNumber("ESCALATION_ID", tr("Escalation id")))
        self.addOutput(QgsProcessingOutputString("STATUS", tr("Status")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        def text(key):
            return self.parameterAsString(parameters, key, context).strip()

        def date(key):
            return date_parameter(self, parameters, key, context)

        fid = self.parameterAsInt(parameters, self.ESCALATION_ID, context)
        with self.opened_workspace(parameters, context) as ws:
            try:
                if fid:
                    if date(self.RESULT_ON) is None:
                        raise QgsProcessingException(tr("Give the date of the result"))
                    e = esc.record_result(ws, fid, text(self.RESULT), date(self.RESULT_ON), source="processing")
                else:
                    reasons = chosen(self, parameters, self.REASON_LIST, context, REASONS)
                    e = Escalation(text(self.PATCH), reasons, date(self.FAILED_ON), date(self.ESCALATED_ON),
                                   text(self.RECIPIENTS), SITUATIONS[self.parameterAsEnum(parameters, self.SITUATION,
                                                                                         context)],
                                   note=text(self.NOTE))
                    fid = esc.record_escalation(ws, e, today=china_today(), source="processing")
            except StoreError as err:   # EscalationError names each reason in Chinese
                raise QgsProcessingException(str(err)) from None
        state = status(e)
        feedback.pushInfo(f"{e.patch}：{state}")
        return {"ESCALATION_ID": fid, "STATUS": state}
