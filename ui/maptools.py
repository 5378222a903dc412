"""Map helpers for the dock: zoom to a patch with a margin and highlight it (and its parts)."""
from __future__ import annotations

import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject
from qgis.gui import QgsHighlight
from qgis.PyQt.QtGui import QColor

WORKSPACE_CRS = "EPSG:4490"


def to_qgs_geometry(geom) -> QgsGeometry:
    """shapely → QGIS through 2-D ISO WKB (explicit: inside the QGIS desktop shapely may be bound to the
    GEOS that QGIS loaded, whose defaults differ)."""
    g = QgsGeometry()
    g.fromWkb(shapely.to_wkb(geom, output_dimension=2, flavor="iso", byte_order=1))
    return g


class PatchHighlighter:
    def __init__(self, canvas):
        self.canvas = canvas
        self.items: list[QgsHighlight] = []

    def _to_canvas(self, geom) -> QgsGeometry:
        g = to_qgs_geometry(geom)
        xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem(WORKSPACE_CRS),
                                       self.canvas.mapSettings().destinationCrs(), QgsProject.instance())
        g.transform(xform)
        return g

    def show(self, patch_geom, part_geoms=(), layer=None, zoom=True):
        self.clear()
        g = self._to_canvas(patch_geom)
        if zoom:
            rect = g.boundingBox()
            rect.grow(max(rect.width(), rect.height()) * 1.0 or 0.001)  # context around the patch
            self.canvas.setExtent(rect)
        if layer is None:
            return
        main = QgsHighlight(self.canvas, g, layer)
        main.setColor(QColor(255, 255, 0))
        main.setWidth(3)
        main.setFillColor(QColor(255, 255, 0, 40))
        self.items.append(main)
        for pg in part_geoms:
            h = QgsHighlight(self.canvas, self._to_canvas(pg), layer)
            h.setColor(QColor(0, 229, 255))
            h.setWidth(2)
            h.setFillColor(QColor(0, 0, 0, 0))
            self.items.append(h)
        for h in self.items:
            h.show()
        self.canvas.refresh()

    def clear(self):
        for h in self.items:
            h.hide()
            scene = h.scene()
            if scene is not None:
                scene.removeItem(h)
        self.items = []

    @property
    def active(self) -> bool:
        return bool(self.items)


__all__ = ["PatchHighlighter", "to_qgs_geometry"]
