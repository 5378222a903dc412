"""wpzf:export_field_package — a field package (QField/QGIS project, GeoPackage, manifest) for the verifiers."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..exchange.errors import InputError
from ..exchange.field_package import export_field_package
from ..i18n import tr, tr_noop
from .base import WpzfAlgorithm


class ExportFieldPackageAlgorithm(WpzfAlgorithm):
    NAME = "export_field_package"
    DISPLAY = tr_noop("Export field package")
    GROUP_ID = "workspace"
    HELP = tr_noop("Writes a folder for the field verifiers: field.gpkg with the patches of a township (all patches "
                   "when empty), their parts and a photo table; wpzf_field.qgs, a QGIS/QField project whose forms list "
                   "the facts in Chinese with value lists and date pickers and take photos into DCIM/; the imagery "
                   "clipped to the patches (optional); the patches' photos already in the workspace, read-only "
                   "(optional); and manifest.json with the values exported, the base for merging the package back "
                   "with wpzf:import_field_package.")
    TOWNSHIP, VERIFIER, IMAGERY, MARGIN, OUTPUT = "TOWNSHIP", "VERIFIER", "IMAGERY", "MARGIN", "OUTPUT"
    OFFICE_PHOTOS = "OFFICE_PHOTOS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterString(self.TOWNSHIP, tr("Township (empty: all patches)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.VERIFIER, tr("Verifier"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.IMAGERY, tr("Imagery to take along (optional)"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterNumber(self.MARGIN, tr("Imagery margin around the patches (m)"),
                                                       type=QgsProcessingParameterNumber.Type.Double,
                                                       defaultValue=200.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(self.OFFICE_PHOTOS, tr(
            "Take the patches' photos along (read-only in the field)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Package folder")))
        self.addOutput(QgsProcessingOutputNumber("PATCHES", tr("Patches exported")))
        self.addOutput(QgsProcessingOutputString("PACKAGE_ID", tr("Package id")))

    def flags(self):
        # the project is written with QGIS layers and forms: on the main thread
        return super().flags() | self.Flag.FlagNoThreading

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.parameterAsString(parameters, self.OUTPUT, context)
        raster = self.parameterAsRasterLayer(parameters, self.IMAGERY, context)
        with self.opened_workspace(parameters, context) as ws:
            try:
                report = export_field_package(
                    ws, folder, township=self.parameterAsString(parameters, self.TOWNSHIP, context).strip() or None,
                    verifier=self.parameterAsString(parameters, self.VERIFIER, context).strip(),
                    imagery=raster.source() if raster is not None else None,
                    margin_m=self.parameterAsDouble(parameters, self.MARGIN, context),
                    office_photos=self.parameterAsBoolean(parameters, self.OFFICE_PHOTOS, context),
                    progress=lambda f: feedback.setProgress(100 * f))
            except InputError as e:
                raise QgsProcessingException(str(e)) from None
        for w in report.warnings:
            feedback.pushWarning(str(w))
        feedback.pushInfo(report.text())
        return {self.OUTPUT: folder, "PATCHES": report.patches, "PACKAGE_ID": report.package_id}
