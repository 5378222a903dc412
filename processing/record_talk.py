"""wpzf:record_talk — record a 警示约谈 with a township, or its 整改 completed (store/talks.py)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.dates import china_today
from ..core.talks import Talk, status
from ..i18n import tr, tr_noop
from ..store import StoreError, talks
from .base import WpzfAlgorithm, date_parameter


class RecordTalkAlgorithm(WpzfAlgorithm):
    NAME = "record_talk"
    DISPLAY = tr_noop("Record a warning talk (警示约谈)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Records a 警示约谈 held with a township: its date, who attended, the 整改要求 and their deadline "
                   "(the reason defaults to the criteria the township meets today). To close a talk, give its id, "
                   "the date the 整改 was completed and what was done. Every change is audited; the 工作简报 and "
                   "the 警示约谈名单 show the talks and their status.")
    TALK_ID, TOWNSHIP, DATE, ATTENDEES, REQUIREMENTS, DEADLINE, REASON, COMPLETED, OUTCOME = (
        "TALK_ID", "TOWNSHIP", "DATE", "ATTENDEES", "REQUIREMENTS", "DEADLINE", "REASON", "COMPLETED", "OUTCOME")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterNumber(
            self.TALK_ID, tr("Talk id to complete (0: record a new talk)"), QgsProcessingParameterNumber.Type.Integer,
            0, False, 0))
        for key, label in ((self.TOWNSHIP, tr("Township")), (self.DATE, tr("Date of the talk (YYYY-MM-DD)")),
                           (self.ATTENDEES, tr("Attendees")), (self.REQUIREMENTS, tr("Rectification required (整改要求)")),
                           (self.DEADLINE, tr("Rectification deadline (YYYY-MM-DD)")),
                           (self.REASON, tr("Reason (empty: the criteria the township meets)")),
                           (self.COMPLETED, tr("Rectification completed on (YYYY-MM-DD)")),
                           (self.OUTCOME, tr("What was done"))):
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        self.addOutput(QgsProcessingOutputNumber("TALK_ID", tr("Talk id")))
        self.addOutput(QgsProcessingOutputString("STATUS", tr("Status")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        def text(key):
            return self.parameterAsString(parameters, key, context).strip()

        fid = self.parameterAsInt(parameters, self.TALK_ID, context)
        today = china_today()
        with self.opened_workspace(parameters, context) as ws:
            try:
                if fid:
                    t = talks.complete_talk(ws, fid, date_parameter(self, parameters, self.COMPLETED, context),
                                            text(self.OUTCOME))
                else:
                    town = text(self.TOWNSHIP)
                    reason = text(self.REASON) or next(
                        (s.reason_text() for s in talks.candidates(ws, today) if s.township == town), "")
                    t = Talk(town, date_parameter(self, parameters, self.DATE, context), text(self.ATTENDEES),
                             text(self.REQUIREMENTS), date_parameter(self, parameters, self.DEADLINE, context), reason)
                    fid = talks.record_talk(ws, t, source="processing")
            except StoreError as e:   # talks.TalkError names what is missing
                raise QgsProcessingException(str(e)) from None
        state = status(t, today)
        feedback.pushInfo(f"{t.township}：{state}")
        return {"TALK_ID": fid, "STATUS": state}
