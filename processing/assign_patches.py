"""wpzf:assign_patches — each patch's township and village from boundary layers (or its own codes)."""
from __future__ import annotations

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterField,
    QgsProcessingParameterVectorLayer,
    QgsProject,
)

from ..i18n import tr, tr_noop
from ..store.assignment import assign_patches
from .base import WpzfAlgorithm


def layer_regions(layer, code_field: str, name_field: str):
    """(geometries in EPSG:4490, codes, names) of a boundary layer."""
    xform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance())
    geoms, codes, names = [], [], []
    for f in layer.getFeatures():
        g = f.geometry()
        if g.isNull():
            continue
        g.transform(xform)
        geoms.append(shapely.from_wkb(bytes(g.asWkb())))
        codes.append(str(f[code_field]))
        names.append(str(f[name_field]))
    return np.array(geoms, dtype=object), codes, names


class AssignPatchesAlgorithm(WpzfAlgorithm):
    NAME = "assign_patches"
    DISPLAY = tr_noop("Assign townships and villages")
    GROUP_ID = "workspace"
    HELP = tr_noop("Gives every patch its township and village (codes and names): from its own administrative "
                   "codes when the batch has them, otherwise the boundary polygon covering most of the patch. "
                   "The village then names the county leader who guarantees it (附件2). Audited.")
    TOWNS, TOWN_CODE, TOWN_NAME = "TOWNSHIPS", "TOWN_CODE", "TOWN_NAME"
    VILLAGES, VILLAGE_CODE, VILLAGE_NAME, ONLY_MISSING = "VILLAGES", "VILLAGE_CODE", "VILLAGE_NAME", "ONLY_MISSING"
    REMEMBER = (TOWNS, TOWN_CODE, TOWN_NAME, VILLAGES, VILLAGE_CODE, VILLAGE_NAME)

    def initAlgorithm(self, config=None):  # noqa: N802
        polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterVectorLayer(self.TOWNS, tr("Township boundaries"), polygons))
        self.addParameter(QgsProcessingParameterField(self.TOWN_CODE, tr("Township code field"), "XZQDM", self.TOWNS))
        self.addParameter(QgsProcessingParameterField(self.TOWN_NAME, tr("Township name field"), "XZQMC", self.TOWNS))
        self.addParameter(QgsProcessingParameterVectorLayer(self.VILLAGES, tr("Village boundaries"), polygons,
                                                            optional=True))
        self.addParameter(QgsProcessingParameterField(self.VILLAGE_CODE, tr("Village code field"), "XZQDM",
                                                      self.VILLAGES, optional=True))
        self.addParameter(QgsProcessingParameterField(self.VILLAGE_NAME, tr("Village name field"), "XZQMC",
                                                      self.VILLAGES, optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.ONLY_MISSING, tr("Only patches without a township"),
                                                        defaultValue=False))
        self.addOutput(QgsProcessingOutputNumber("ASSIGNED", tr("Patches assigned")))
        self.addOutput(QgsProcessingOutputNumber("UNASSIGNED", tr("Patches outside every boundary")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        towns = layer_regions(self.parameterAsVectorLayer(parameters, self.TOWNS, context),
                              self.parameterAsString(parameters, self.TOWN_CODE, context),
                              self.parameterAsString(parameters, self.TOWN_NAME, context))
        villages = None
        vlayer = self.parameterAsVectorLayer(parameters, self.VILLAGES, context)
        if vlayer is not None:
            villages = layer_regions(vlayer, self.parameterAsString(parameters, self.VILLAGE_CODE, context),
                                     self.parameterAsString(parameters, self.VILLAGE_NAME, context))
        with self.opened_workspace(parameters, context) as ws:
            counts = assign_patches(ws, towns, villages, self.parameterAsBool(parameters, self.ONLY_MISSING, context),
                                    source="processing:assign_patches")
        feedback.pushInfo(str(counts))
        return {"ASSIGNED": counts.get("by_code", 0) + counts.get("spatial", 0),
                "UNASSIGNED": counts.get("unassigned", 0)}
