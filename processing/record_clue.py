"""wpzf:record_clue — save a 问题线索 (one the criteria suggest, or one given) or move it on: 移交, then 反馈
(store/supervision.py)."""
from __future__ import annotations

import dataclasses

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.supervision import RECIPIENTS, TRIGGERS, Clue, from_suggestion
from ..i18n import tr, tr_noop
from ..store import StoreError
from ..store import supervision as sv
from .base import WpzfAlgorithm, chosen, date_parameter


class RecordClueAlgorithm(WpzfAlgorithm):
    NAME = "record_clue"
    DISPLAY = tr_noop("Record a problem clue (问题线索移交)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Saves a 问题线索 in the clue register. With 'Take it from the suggestions', the subject (and, if "
                   "needed, the receiving body) picks one of the clues the criteria suggest — 问责, 涉嫌犯罪, 屡查屡犯 "
                   "to the 纪检监察机关, 工作不力 to the 组织人事部门 — with its reasons; the suggestions are listed in "
                   "the log. Otherwise give the subject, the receiving body and the reason. To move a clue on, give "
                   "its id and the date it was sent (移交) with the letter number, or the feedback (处理结果) and "
                   "its date. Every change is audited.")
    CLUE_ID, SUGGESTED, SUBJECT, RECIPIENT, REASON, TRIGGER_LIST = (
        "CLUE_ID", "SUGGESTED", "SUBJECT", "RECIPIENT", "REASON", "TRIGGERS")
    SENT, DOC_NO, FEEDBACK, FEEDBACK_DATE = "SENT", "DOC_NO", "FEEDBACK", "FEEDBACK_DATE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterNumber(
            self.CLUE_ID, tr("Clue id to move on (0: save a new clue)"), QgsProcessingParameterNumber.Type.Integer,
            0, False, 0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SUGGESTED, tr("Take it from the suggestions (by subject)"), False))
        self.addParameter(QgsProcessingParameterString(self.SUBJECT, tr("Subject of the clue (线索对象)"),
                                                       optional=True))
        # Official names of the bodies and categories: data, kept Chinese
        self.addParameter(QgsProcessingParameterEnum(self.RECIPIENT, tr("Receiving body (接收机关)"),
                                                     list(RECIPIENTS), optional=True))
        self.addParameter(QgsProcessingParameterString(self.REASON, tr("Reason (移交事由)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.TRIGGER_LIST, tr("Categories (线索类别)"), list(TRIGGERS),
                                                     allowMultiple=True, optional=True))
        for key, label in ((self.SENT, tr("Sent on (YYYY-MM-DD)")), (self.DOC_NO, tr("Letter number (移交函文号)")),
                           (self.FEEDBACK, tr("Feedback (处理结果)")),
                           (self.FEEDBACK_DATE, tr("Feedback date (YYYY-MM-DD)"))):
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        self.addOutput(QgsProcessingOutputNumber("CLUE_ID", tr("Clue id")))
        self.addOutput(QgsProcessingOutputString("STATE", tr("Status")))

    def _recipient(self, parameters, context) -> str:
        if parameters.get(self.RECIPIENT) in (None, ""):
            return ""
        return RECIPIENTS[self.parameterAsEnum(parameters, self.RECIPIENT, context)]

    def _suggested(self, ws, subject: str, recipient: str, feedback) -> Clue:
        found = sv.suggested_clues(ws)
        for s in found:
            feedback.pushInfo(f"{s.subject} → {s.recipient}：{s.text}")
        match = [s for s in found if s.subject == subject and (not recipient or s.recipient == recipient)]
        if len(match) != 1:
            names = "、".join(f"{s.subject}（{s.recipient}）" for s in found) or tr("none")
            raise QgsProcessingException(
                tr("No single suggested clue for '{subject}'; suggested now: {names}").format(subject=subject,
                                                                                           names=names))
        return from_suggestion(match[0])

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        def text(key):
            return self.parameterAsString(parameters, key, context).strip()

        def date(key):
            return date_parameter(self, parameters, key, context)

        fid = self.parameterAsInt(parameters, self.CLUE_ID, context)
        moves = {"sent": date(self.SENT), "doc_no": text(self.DOC_NO), "feedback": text(self.FEEDBACK),
                 "feedback_date": date(self.FEEDBACK_DATE)}
        moves = {k: v for k, v in moves.items() if v}
        with self.opened_workspace(parameters, context) as ws:
            try:
                if fid:
                    old = dict(sv.clues(ws)).get(fid)
                    if old is None:
                        raise QgsProcessingException(tr("clue #{fid} does not exist").format(fid=fid))
                    if not moves:
                        raise QgsProcessingException(tr("Give the date the clue was sent, or its feedback"))
                    clue = dataclasses.replace(old, **moves)
                elif self.parameterAsBool(parameters, self.SUGGESTED, context):
                    clue = dataclasses.replace(
                        self._suggested(ws, text(self.SUBJECT), self._recipient(parameters, context), feedback),
                        **moves)
                else:
                    triggers = chosen(self, parameters, self.TRIGGER_LIST, context, TRIGGERS)
                    clue = Clue(text(self.SUBJECT), self._recipient(parameters, context), text(self.REASON),
                                triggers, **moves)
                fid = sv.save_clue(ws, clue, source="processing")
            except StoreError as e:   # SupervisionError names each reason in Chinese
                raise QgsProcessingException(str(e)) from None
        feedback.pushInfo(f"{clue.subject} → {clue.recipient}：{clue.state}")
        return {"CLUE_ID": fid, "STATE": clue.state}
