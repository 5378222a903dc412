"""wpzf:overlay_landuse — per-class areas of every patch (and part) from a land-survey layer."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..core.overlay import OverlayCancelled
from ..exchange.errors import InputError
from ..exchange.parcel_readers import open_portable_parcel_source
from ..i18n import tr, tr_noop
from ..store.overlay import run_overlay
from .base import WpzfAlgorithm


class OverlayLanduseAlgorithm(WpzfAlgorithm):
    NAME = "overlay_landuse"
    DISPLAY = tr_noop("Land-survey overlay (三调 areas)")
    GROUP_ID = "workspace"
    HELP = tr_noop("Computes for every patch, and every part of a split patch, its ellipsoidal overlap with each "
                   "land class (DLBM) of a 三调-style land-survey layer — 田坎 deducted by KCXS — summed into "
                   "农用地/建设用地/未利用地 and 耕地, and its overlap with basic farmland and another protection "
                   "layer. The breakdown and the summary areas (GDMJ, YJJBNTMJ, NYDMJ, JSYDMJ, WLYDMJ) are "
                   "stored in the workspace in one audited transaction. Only the parcels near the patches are "
                   "read, through the layer's spatial index.")

    LANDUSE, DLBM, KCXS, KCDLBM = "LANDUSE", "DLBM", "KCXS", "KCDLBM"
    FARMLAND, OTHER, OTHER_FIELD = "BASIC_FARMLAND", "OTHER_PROTECTION", "OTHER_FIELD"
    REMEMBER = (LANDUSE, DLBM, KCXS, KCDLBM, FARMLAND, OTHER, OTHER_FIELD)

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterVectorLayer(self.LANDUSE, tr("Land-survey layer (DLTB)"), polygons))
        self.addParameter(QgsProcessingParameterField(self.DLBM, tr("Land-class field"), "DLBM", self.LANDUSE))
        self.addParameter(QgsProcessingParameterField(self.KCXS, tr("Ridge share field (田坎系数)"), "KCXS",
                                                      self.LANDUSE, optional=True))
        self.addParameter(QgsProcessingParameterField(self.KCDLBM, tr("Ridge class field"), "KCDLBM", self.LANDUSE,
                                                      optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(self.FARMLAND, tr("Basic farmland layer (永久基本农田)"),
                                                            polygons, optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(self.OTHER, tr("Another protection layer"), polygons,
                                                            optional=True))
        self.addParameter(QgsProcessingParameterString(self.OTHER_FIELD, tr("Its summary field (e.g. STBHHXMJ)"),
                                                       defaultValue="STBHHXMJ", optional=True))
        self.addOutput(QgsProcessingOutputNumber("UNITS", tr("Patches and parts measured")))
        self.addOutput(QgsProcessingOutputNumber("UNCOVERED", tr("Of them not wholly covered by the survey")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """On the main thread: snapshot the layers (their feature sources may then be read in a task)."""
        landuse = self.parameterAsVectorLayer(parameters, self.LANDUSE, context)
        names = landuse.fields().names() if landuse is not None else []

        def optional_field(param):  # the 田坎 fields default to their 三调 names; absent → no deduction data
            name = self.parameterAsString(parameters, param, context)
            return name if name in names else None

        try:
            self.source = open_portable_parcel_source(landuse, self.parameterAsString(parameters, self.DLBM, context),
                                         optional_field(self.KCXS), optional_field(self.KCDLBM))
            self.protections = {}
            farmland = self.parameterAsVectorLayer(parameters, self.FARMLAND, context)
            if farmland is not None:
                self.protections["YJJBNTMJ"] = open_portable_parcel_source(farmland)
            other = self.parameterAsVectorLayer(parameters, self.OTHER, context)
            if other is not None:
                field = (self.parameterAsString(parameters, self.OTHER_FIELD, context) or "STBHHXMJ").upper()[:10]
                self.protections[field] = open_portable_parcel_source(other)
        except InputError as e:
            raise QgsProcessingException(str(e.problem)) from None
        self.label = landuse.name()
        return True

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source, protections, landuse_name = self.source, self.protections, self.label
        with self.opened_workspace(parameters, context) as ws:
            try:
                out = run_overlay(ws, source, protections, label=landuse_name,
                                  progress=lambda f: feedback.setProgress(100 * f), is_cancelled=feedback.isCanceled,
                                  source_tag="processing:overlay_landuse")
            except OverlayCancelled:
                raise QgsProcessingException(tr("Cancelled; the workspace is unchanged")) from None
            finally:
                for s in (source, *protections.values()):
                    s.close()
        stats = out.get("stats", {})
        feedback.pushInfo(tr("{read} land-survey parcels read ({kind}); overlay {overlay:.1f} s, of it reading "
                             "{reading:.1f} s").format(read=source.rows_read + stats.get("rows_read", 0),
                                                      kind=source.kind,
                                                      overlay=stats.get("elapsed_s", 0.0),
                                                      reading=stats.get("read_s", 0.0)))
        if stats.get("helper_process") == "yes":
            peak = stats.get("helper_peak_mb")
            feedback.pushInfo(tr("The land survey was read and overlaid in a second process, on another core "
                                 "(its peak memory: {mb} MB)").format(mb="?" if peak is None else f"{peak:.0f}"))
        feedback.pushInfo(tr("{units} patches/parts measured; {uncovered} not wholly covered by the survey").format(
            units=out["units"], uncovered=out.get("uncovered_units", 0)))
        for key in ("parcels_repaired", "parcels_dropped", "patches_repaired", "unknown_codes_m2"):
            if stats.get(key):
                feedback.pushWarning(f"{key}: {stats[key]}")
        return {"UNITS": out["units"], "UNCOVERED": out.get("uncovered_units", 0)}
