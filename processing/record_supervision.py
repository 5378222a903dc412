"""wpzf:record_supervision — put a patch under 挂牌督办, add a progress note, or close it (store/supervision.py)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.dates import china_today
from ..core.supervision import Supervision, status
from ..i18n import tr, tr_noop
from ..store import StoreError
from ..store import supervision as sv
from .base import WpzfAlgorithm, date_parameter


def patch_fid(ws, key: str) -> int:
    """The fid of the patch with 监测编号 ``key``; refused when there is none."""
    df = ws.select("wz_patch", ["JCBH"], where=f'"JCBH" = {ws.ph}', params=(key,))
    if df.empty:
        raise QgsProcessingException(tr("No patch has the 监测编号 '{key}'").format(key=key))
    return int(df["fid"].iloc[0])


class RecordSupervisionAlgorithm(WpzfAlgorithm):
    NAME = "record_supervision"
    DISPLAY = tr_noop("Record a supervised case (挂牌督办)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Puts a patch (by its 监测编号) under 挂牌督办: the 督办单位, the 督办日期, the 办结期限, the "
                   "责任人 and, if any, the 督办要求 and the 督办通知文号. To follow a supervision up, give its id "
                   "and either a dated progress note (进展情况) or the date it was closed (办结) and what was done. "
                   "Every change is audited; the 挂牌督办台账 lists the supervisions and their status.")
    SUPERVISION_ID, PATCH, UNIT, STARTED, DEADLINE, RESPONSIBLE, REQUIREMENTS, DOC_NO = (
        "SUPERVISION_ID", "PATCH", "UNIT", "STARTED", "DEADLINE", "RESPONSIBLE", "REQUIREMENTS", "DOC_NO")
    NOTE_DATE, NOTE, CLOSED, OUTCOME = "NOTE_DATE", "NOTE", "CLOSED", "OUTCOME"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterNumber(
            self.SUPERVISION_ID, tr("Supervision id to follow up (0: put a patch under supervision)"),
            QgsProcessingParameterNumber.Type.Integer, 0, False, 0))
        for key, label in ((self.PATCH, tr("Patch (监测编号)")), (self.UNIT, tr("Supervising unit (督办单位)")),
                           (self.STARTED, tr("Supervised from (YYYY-MM-DD)")),
                           (self.DEADLINE, tr("Deadline to close (YYYY-MM-DD)")),
                           (self.RESPONSIBLE, tr("Person responsible (责任人)")),
                           (self.REQUIREMENTS, tr("Requirements (督办要求)")),
                           (self.DOC_NO, tr("Notice number (督办通知文号)")),
                           (self.NOTE_DATE, tr("Progress note date (YYYY-MM-DD, empty: today)")),
                           (self.NOTE, tr("Progress note (进展情况)")),
                           (self.CLOSED, tr("Closed on (YYYY-MM-DD)")),
                           (self.OUTCOME, tr("What was done (办结情况)"))):
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        self.addOutput(QgsProcessingOutputNumber("SUPERVISION_ID", tr("Supervision id")))
        self.addOutput(QgsProcessingOutputString("STATUS", tr("Status")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        def text(key):
            return self.parameterAsString(parameters, key, context).strip()

        def date(key):
            return date_parameter(self, parameters, key, context)

        fid = self.parameterAsInt(parameters, self.SUPERVISION_ID, context)
        today = china_today()
        with self.opened_workspace(parameters, context) as ws:
            try:
                if fid:
                    note, closed = text(self.NOTE), date(self.CLOSED)
                    if not note and closed is None and not text(self.OUTCOME):
                        raise QgsProcessingException(tr("Give a progress note, or the date the supervision was "
                                                        "closed and what was done"))
                    if closed is None and text(self.OUTCOME):
                        # core.closed takes a date; without one the record would stay 督办中 with an outcome
                        raise QgsProcessingException(tr("Give the date the supervision was closed"))
                    s = None
                    with ws.transaction():   # a note and the closing given together: both stored or neither
                        if note:
                            s = sv.add_progress(ws, fid, date(self.NOTE_DATE) or today, note, source="processing")
                        if closed is not None:
                            s = sv.close_supervision(ws, fid, closed, text(self.OUTCOME), source="processing")
                else:
                    key = text(self.PATCH)
                    if not key:
                        raise QgsProcessingException(tr("Give the 监测编号 of the patch to supervise"))
                    s = Supervision(key, text(self.UNIT), date(self.STARTED), date(self.DEADLINE),
                                    text(self.RESPONSIBLE), text(self.REQUIREMENTS), doc_no=text(self.DOC_NO))
                    fid = sv.supervise(ws, patch_fid(ws, key), s, source="processing")
            except StoreError as e:   # SupervisionError names each reason in Chinese
                raise QgsProcessingException(str(e)) from None
        state = status(s, today)
        feedback.pushInfo(f"{s.case}：{state}")
        return {"SUPERVISION_ID": fid, "STATUS": state}
