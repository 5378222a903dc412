"""The WPZF Processing provider (id ``wpzf``): the same operations as the dock, for models and qgis_process."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr


class WpzfProvider(QgsProcessingProvider):
    def id(self):
        return "wpzf"

    def name(self):
        return tr("Satellite Enforcement (WPZF)")

    def icon(self):
        return QIcon(str(Path(__file__).resolve().parents[1] / "icons" / "wpzf.svg"))

    def loadAlgorithms(self):  # noqa: N802
        from .accountability import AccountabilityAlgorithm
        from .assign_patches import AssignPatchesAlgorithm
        from .determine import DetermineAlgorithm
        from .determine_workspace import DetermineWorkspaceAlgorithm
        from .export_atlas import ExportAtlasAlgorithm
        from .export_field_package import ExportFieldPackageAlgorithm
        from .export_reports import ExportReportsAlgorithm
        from .export_return import ExportReturnAlgorithm
        from .import_batch import ImportBatchAlgorithm
        from .import_field_package import ImportFieldPackageAlgorithm
        from .import_review import ImportReviewAlgorithm
        from .overlay_landuse import OverlayLanduseAlgorithm
        from .prefill_reference import PrefillReferenceAlgorithm
        from .record_clue import RecordClueAlgorithm
        from .record_escalation import RecordEscalationAlgorithm
        from .record_supervision import RecordSupervisionAlgorithm
        from .record_talk import RecordTalkAlgorithm
        from .refresh_deadlines import RefreshDeadlinesAlgorithm
        from .transfer_workspace import TransferWorkspaceAlgorithm

        # Python references kept: QGIS calls back into these objects for as long as they are registered.
        self._algorithms = [ImportBatchAlgorithm(), DetermineAlgorithm(), DetermineWorkspaceAlgorithm(),
                            AccountabilityAlgorithm(), OverlayLanduseAlgorithm(), AssignPatchesAlgorithm(),
                            ExportReportsAlgorithm(), ExportAtlasAlgorithm(), RefreshDeadlinesAlgorithm(),
                            ExportFieldPackageAlgorithm(), ImportFieldPackageAlgorithm(), TransferWorkspaceAlgorithm(),
                            ExportReturnAlgorithm(), ImportReviewAlgorithm(), RecordTalkAlgorithm(),
                            RecordSupervisionAlgorithm(), RecordClueAlgorithm(), RecordEscalationAlgorithm(),
                            PrefillReferenceAlgorithm()]
        for alg in self._algorithms:
            self.addAlgorithm(alg)
