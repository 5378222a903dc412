"""wpzf:determine_workspace — determine a workspace's patches and store the results (audited)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterString,
)

from ..i18n import tr, tr_noop
from ..rules.facts import PENDING
from ..store.determinations import determine_patches
from .base import WpzfAlgorithm


class DetermineWorkspaceAlgorithm(WpzfAlgorithm):
    NAME = "determine_workspace"
    DISPLAY = tr_noop("Determine the workspace's patches")
    GROUP_ID = "determination"
    HELP = tr_noop("Determines every patch of a workspace (or of one batch) from its recorded facts under the "
                  "batch's rule-set year, stores category, flags, clause, explanation and missing facts, and "
                  "records every change in the audit log.")

    BATCH = "BATCH"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterString(self.BATCH, tr("Only this batch (code)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber("DETERMINED", tr("Patches determined")))
        self.addOutput(QgsProcessingOutputNumber("PENDING", tr("Patches still pending (待定)")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Counts by category")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        with self.opened_workspace(parameters, context) as ws:
            batch = self.parameterAsString(parameters, self.BATCH, context)
            fids = None
            if batch:
                fids = ws.patch_fids(batch_code=batch)
            res = determine_patches(ws, fids, source="processing:determine_workspace")
        counts = res["PDJG"].value_counts() if len(res) else {}
        summary = "; ".join(f"{k}: {v}" for k, v in counts.items())
        feedback.pushInfo(summary)
        return {"DETERMINED": int(len(res)), "PENDING": int(counts.get(PENDING, 0)) if len(res) else 0,
                "SUMMARY": summary}
