"""wpzf:export_atlas — the 卫片执法图斑核查图 (one A4 map page per patch) of a workspace as PDF."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..i18n import tr, tr_noop
from ..reports.atlas import export_atlas
from ..reports.atlas_layers import AtlasError
from ..store.settings import AFTER, BEFORE, imagery
from .base import WpzfAlgorithm


class ExportAtlasAlgorithm(WpzfAlgorithm):
    NAME = "export_atlas"
    DISPLAY = tr_noop("Export patch maps")
    GROUP_ID = "workspace"
    HELP = tr_noop("Prints the 卫片执法图斑核查图 of the workspace's patches (all, or those of one batch and/or one "
                   "township) with QGIS's atlas: one A4 page per patch with the before and after imagery side by "
                   "side, the patch outline and its parts, the photo points with their direction, the land-survey "
                   "classes, two photos and the patch's attributes (area, determination and clauses, deadline, "
                   "status, responsible leader). Imagery and land survey are optional. Writes one PDF, or one PDF "
                   "per patch named by its 监测编号 into the folder named like the output without .pdf. A print "
                   "layout template (.qpt) saved from QGIS's layout designer may replace the built-in one; it is "
                   "filled through its item ids (map_before, map_after, map_landuse, photo_1, photo_2, "
                   "attributes, legend, scalebar).")
    BATCH, TOWNSHIP, BEFORE, AFTER, LANDUSE = "BATCH", "TOWNSHIP", "BEFORE", "AFTER", "LANDUSE"
    SINGLE, TEMPLATE, OUTPUT = "SINGLE_PDF", "TEMPLATE", "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterString(self.BATCH, tr("Batch code (all batches if empty)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.TOWNSHIP, tr("Township (all townships if empty)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.BEFORE, tr("Before imagery"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.AFTER, tr("After imagery"), optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(self.LANDUSE, tr("Land survey (DLTB)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.SINGLE, tr("One PDF for all patches"),
                                                        defaultValue=True))
        self.addParameter(QgsProcessingParameterFile(self.TEMPLATE, tr("Print layout template (.qpt)"),
                                                     optional=True, extension="qpt"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Patch maps (PDF; one per patch: the folder of that name)"), tr("PDF files (*.pdf)")))
        self.addOutput(QgsProcessingOutputNumber("FILES", tr("Files written")))
        self.addOutput(QgsProcessingOutputNumber("NO_IMAGERY", tr("Pages without imagery")))

    def flags(self):
        # layout rendering belongs on the main thread
        return super().flags() | self.Flag.FlagNoThreading

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))
        single = self.parameterAsBool(parameters, self.SINGLE, context)
        if not single and out.suffix.lower() == ".pdf":
            out = out.with_suffix("")
        with self.opened_workspace(parameters, context) as ws:
            remembered = imagery(ws)   # the workspace's imagery unless other imagery is given
            before = self.parameterAsRasterLayer(parameters, self.BEFORE, context) or _source(remembered[BEFORE])
            after = self.parameterAsRasterLayer(parameters, self.AFTER, context) or _source(remembered[AFTER])
            try:
                files = export_atlas(
                    ws, out, batch_code=self.parameterAsString(parameters, self.BATCH, context).strip() or None,
                    township=self.parameterAsString(parameters, self.TOWNSHIP, context).strip() or None,
                    before_layer=before, after_layer=after,
                    landuse_layer=self.parameterAsVectorLayer(parameters, self.LANDUSE, context),
                    single_pdf=single, template=self.parameterAsFile(parameters, self.TEMPLATE, context) or None,
                    progress=lambda f: feedback.setProgress(100 * f), is_cancelled=feedback.isCanceled)
            except AtlasError as e:
                raise QgsProcessingException(str(e)) from e
        if feedback.isCanceled():
            feedback.reportError(tr("Cancelled: {n} files written").format(n=len(files)))
        elif not files:
            feedback.reportError(tr("No patches to map"))
        else:
            feedback.pushInfo(tr("{n} files written to {folder}").format(n=len(files), folder=str(out)))
        if files and files.without_imagery:
            feedback.pushWarning(tr("{n} of {pages} pages have no imagery (无影像)").format(
                n=files.without_imagery, pages=files.pages))
        return {self.OUTPUT: str(out), "FILES": len(files), "NO_IMAGERY": files.without_imagery}


def _source(ref):
    """A remembered image as what export_atlas opens: its file or URI (only GDAL sources open from a path)."""
    if not ref:
        return None
    if ref.get("provider", "gdal") == "gdal":
        return ref["source"]
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(ref["source"], ref.get("name") or "", ref["provider"])
    return layer if layer.isValid() else None
