"""Splitting the patch at hand from the dock: by a line drawn on the map, or along land-survey parcels."""
from __future__ import annotations

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from ..core.parts import split_by_line, split_by_parcels
from ..store.parts import split_patch
from .guard import guarded
from .maptools import WORKSPACE_CRS, to_qgs_geometry


def _to_shapely(g: QgsGeometry):
    return shapely.from_wkb(bytes(g.asWkb()))


def _transform(canvas_crs, to_workspace: bool) -> QgsCoordinateTransform:
    ws = QgsCoordinateReferenceSystem(WORKSPACE_CRS)
    src, dst = (canvas_crs, ws) if to_workspace else (ws, canvas_crs)
    return QgsCoordinateTransform(src, dst, QgsProject.instance())


class LineSplitTool(QgsMapTool):
    """Click the vertices of a line across the patch; right click or Enter finishes, Esc cancels."""
    finished = pyqtSignal(object)  # the line as a shapely LineString in EPSG:4490
    cancelled = pyqtSignal()

    def __init__(self, canvas):
        super().__init__(canvas)
        self.band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.LineGeometry)
        self.band.setColor(QColor(255, 0, 255))
        self.band.setWidth(2)
        self.points = []

    @guarded
    def canvasReleaseEvent(self, event):  # noqa: N802
        if event.button() == Qt.MouseButton.RightButton:
            self._finish()
            return
        point = self.toMapCoordinates(event.pos())
        self.points.append(point)
        self.band.addPoint(point)

    @guarded
    def canvasMoveEvent(self, event):  # noqa: N802
        if self.points:
            self.band.movePoint(self.toMapCoordinates(event.pos()))

    @guarded
    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
        elif event.key() == Qt.Key.Key_Escape:
            self.reset()
            self.cancelled.emit()

    def _finish(self):
        if len(self.points) < 2:
            return
        line = QgsGeometry.fromPolylineXY(self.points)
        line.transform(_transform(self.canvas().mapSettings().destinationCrs(), True))
        self.reset()
        self.finished.emit(_to_shapely(line))

    def reset(self):
        self.points = []
        self.band.reset(QgsWkbTypes.GeometryType.LineGeometry)

    def deactivate(self):
        self.reset()
        super().deactivate()


def split_with_line(ws, tbid: int, line, source: str = "dock") -> list[int]:
    patch = ws.get("wz_patch", int(tbid), geometry=True)
    return split_patch(ws, tbid, split_by_line(patch["geom"], line), source=source)


def split_along_layer(ws, tbid: int, layer, key_field: str, source: str = "dock") -> list[int]:
    """Split along the parcels of ``layer`` (any CRS) under the patch, one part per value of ``key_field``."""
    patch = ws.get("wz_patch", int(tbid), geometry=True)["geom"]
    to_layer = QgsCoordinateTransform(QgsCoordinateReferenceSystem(WORKSPACE_CRS), layer.crs(), QgsProject.instance())
    to_ws = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(WORKSPACE_CRS), QgsProject.instance())
    rect = to_layer.transformBoundingBox(to_qgs_geometry(patch).boundingBox())
    geoms, keys = [], []
    for feat in layer.getFeatures(QgsFeatureRequest().setFilterRect(rect)):
        g = QgsGeometry(feat.geometry())
        if g.isEmpty():
            continue
        g.transform(to_ws)
        geoms.append(_to_shapely(g))
        keys.append(feat[key_field])
    parts = split_by_parcels(patch, np.array(geoms, dtype=object), keys)
    return split_patch(ws, tbid, [g for g, _ in parts], source=source)
