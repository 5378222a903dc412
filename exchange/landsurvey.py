"""A land-survey (or protection) layer of QGIS as a parcel source for the overlay engine.

Only the parcels near the patches are read, chunk by chunk, through the layer's spatial index
(QgsFeatureRequest.setFilterRect), so a province-sized survey never sits in memory whole. The layer is
snapshotted as a QgsVectorLayerFeatureSource, which may be read from a background task's thread.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
)

from ..core.parcel_source import ParcelBatch, coalesce_boxes
from ..i18n import tr
from .errors import InputError, Problem

WORKSPACE_CRS = "EPSG:4490"


class LayerParcelSource:
    def __init__(self, layer: QgsVectorLayer, dlbm: Optional[str] = None, kcxs: Optional[str] = None,
                 kcdlbm: Optional[str] = None):
        if layer is None or not layer.isValid():
            raise InputError(Problem(getattr(layer, "name", lambda: "?")(), tr("the layer cannot be read")))
        names = [f.name() for f in layer.fields()]
        for role, name in (("DLBM", dlbm), ("KCXS", kcxs), ("KCDLBM", kcdlbm)):
            if name and name not in names:
                raise InputError(Problem(layer.name(), tr("the layer has no field {field} (for {role})").format(
                    field=name, role=role), field=name))
        self.name = layer.name()
        self.fields = (dlbm, kcxs, kcdlbm)
        self.source = QgsVectorLayerFeatureSource(layer)
        self.layer_fields = layer.fields()
        ws_crs = QgsCoordinateReferenceSystem(WORKSPACE_CRS)
        context = QgsProject.instance().transformContext()
        self.to_layer = QgsCoordinateTransform(ws_crs, layer.crs(), context)
        self.to_ws = QgsCoordinateTransform(layer.crs(), ws_crs, context)
        self.reprojects = layer.crs() != ws_crs

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        dlbm, kcxs, kcdlbm = self.fields
        attrs = [n for n in self.fields if n]
        wkbs, fids, values = [], [], {n: [] for n in attrs}
        seen = set()
        for minx, miny, maxx, maxy in coalesce_boxes(np.asarray(boxes, dtype=float)):
            rect = QgsRectangle(minx, miny, maxx, maxy)
            if self.reprojects:
                rect = self.to_layer.transformBoundingBox(rect)
            request = QgsFeatureRequest().setFilterRect(rect)
            request.setSubsetOfAttributes(attrs, self.layer_fields)
            for feat in self.source.getFeatures(request):
                if feat.id() in seen:
                    continue
                seen.add(feat.id())
                g = feat.geometry()
                if g.isNull() or g.isEmpty():
                    continue
                if self.reprojects:
                    g.transform(self.to_ws)
                wkbs.append(bytes(g.asWkb()))
                fids.append(feat.id())
                for n in attrs:
                    values[n].append(feat[n])
        geoms = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.array([], dtype=object)

        def col(name, numeric=False):
            if not name:
                return None
            raw = [None if (v is None or (hasattr(v, "isNull") and v.isNull())) else v for v in values[name]]
            return np.array([np.nan if v is None else float(v) for v in raw]) if numeric else \
                np.array(["" if v is None else str(v) for v in raw], dtype=object)

        return ParcelBatch(geoms, dlbm=col(dlbm), kcxs=col(kcxs, True), kcdlbm=col(kcdlbm), fid=np.array(fids))
