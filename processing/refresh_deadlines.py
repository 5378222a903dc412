"""wpzf:refresh_deadlines — recompute batch and patch deadlines from level and issue date (seed §四)."""
from __future__ import annotations

import datetime as dt

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.dates import china_today
from ..core.deadlines import DeadlineRules
from ..i18n import tr, tr_noop
from ..store.registers import deadline_view, refresh_deadlines
from .base import WpzfAlgorithm

_INT = QgsProcessingParameterNumber.Type.Integer


class RefreshDeadlinesAlgorithm(WpzfAlgorithm):
    NAME = "refresh_deadlines"
    DISPLAY = tr_noop("Refresh deadlines")
    GROUP_ID = "workspace"
    HELP = tr_noop("Recomputes every batch's deadlines and every patch's 核查截止 from the batch level and issue date: "
                   "部级 — verified and entered by the given day of the next month, city review by the next given day; "
                   "省级 — claimed within the given days and verified within the given days (calendar days). A patch "
                   "with a granted delay keeps its delayed date. Reports how many open patches are overdue or due "
                   "within the warning days.")
    VERIFY_DAY, REVIEW_DAY, CLAIM_DAYS, PROVINCE_DAYS, WARN, TODAY = (
        "MINISTRY_VERIFY_DAY", "MINISTRY_REVIEW_DAY", "PROVINCE_CLAIM_DAYS", "PROVINCE_VERIFY_DAYS", "WARN_DAYS", "TODAY")

    def initAlgorithm(self, config=None):  # noqa: N802
        d = DeadlineRules()
        self.add_workspace_parameter()
        for key, label, default, lo, hi in (
                (self.VERIFY_DAY, tr("部级: verified by this day of the next month"), d.ministry_verify_day, 1, 31),
                (self.REVIEW_DAY, tr("部级: city review by this day of the next month"), d.ministry_city_review_day,
                 1, 31),
                (self.CLAIM_DAYS, tr("省级: claimed within days"), d.province_claim_days, 0, 60),
                (self.PROVINCE_DAYS, tr("省级: verified within days"), d.province_verify_days, 0, 120),
                (self.WARN, tr("Warn about deadlines within days"), 3, 0, 60)):
            self.addParameter(QgsProcessingParameterNumber(key, label, _INT, default, False, lo, hi))
        self.addParameter(QgsProcessingParameterString(self.TODAY, tr("Today (YYYY-MM-DD; empty = today)"),
                                                       optional=True))
        self.addOutput(QgsProcessingOutputNumber("CHANGED", tr("Patches whose deadline changed")))
        self.addOutput(QgsProcessingOutputNumber("OVERDUE", tr("Open patches overdue")))
        self.addOutput(QgsProcessingOutputNumber("DUE_SOON", tr("Open patches due soon")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        def num(key):
            return self.parameterAsInt(parameters, key, context)

        rules = DeadlineRules(ministry_verify_day=num(self.VERIFY_DAY), ministry_city_review_day=num(self.REVIEW_DAY),
                              province_claim_days=num(self.CLAIM_DAYS), province_verify_days=num(self.PROVINCE_DAYS))
        text = self.parameterAsString(parameters, self.TODAY, context).strip()
        try:
            today = dt.date.fromisoformat(text) if text else china_today()
        except ValueError:
            raise ValueError(tr("Today must be a date like 2021-06-30: {value}").format(value=text)) from None
        with self.opened_workspace(parameters, context) as ws:
            changed = refresh_deadlines(ws, rules, source="wpzf:refresh_deadlines")
            overdue = deadline_view(ws, today, overdue_only=True)
            soon = deadline_view(ws, today, within=num(self.WARN))
        soon_n = int((soon["剩余天数"] >= 0).sum())
        summary = tr("{changed} deadlines changed; {overdue} open patches overdue, {soon} due within {days} days").format(
            changed=changed, overdue=len(overdue), soon=soon_n, days=num(self.WARN))
        for town, n in overdue.groupby("乡镇").size().items():
            feedback.pushInfo(tr("overdue in {township}: {n}").format(township=town or "—", n=n))
        feedback.pushInfo(summary)
        return {"CHANGED": changed, "OVERDUE": len(overdue), "DUE_SOON": soon_n, "SUMMARY": summary}
