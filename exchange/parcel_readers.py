"""The overlay's parcel readers: a QGIS land-survey (or protection) layer as a ParcelSource.

Only the parcels near the patches are read, chunk by chunk, through the layer's spatial index, so a
province-sized survey never sits in memory whole and a county's patches read a county's worth of
parcels. :func:`open_parcel_source` picks the fastest reader the layer allows:

- a GeoPackage table (the common 三调 delivery) is read directly with sqlite3: the patch boxes go in as
  one JSON parameter, one join with the table's R-tree gives the ids whose envelopes meet a box, and
  only those rows come back, the GeoPackage header cut off in SQL so one vectorized
  ``shapely.from_wkb`` makes all geometries — no QGIS feature objects at all;
- another whole, unedited file layer (shapefile with its .qix/.sbn, FileGDB, a GeoPackage without
  R-tree …) is read by OGR itself, the features of each spatial filter in bulk as arrays
  (``ogr_parcels.py``);
- any other layer (PostGIS, a filtered or edited layer, memory …) goes through QGIS: one
  ``QgsFeatureRequest.setFilterRect`` per cluster of nearby patch boxes (:func:`merge_boxes`), only
  the needed attributes. The PostGIS provider sends the rectangle as a server-side ``&&`` filter.

Layers in another CRS: the boxes (lon/lat, EPSG:4490) are taken to the layer's CRS, densified, and the
parcels back to lon/lat. A Gauss–Krüger zone on CGCS2000 (EPSG:4513–4554) is done for a whole batch in
numpy (:mod:`..core.tmerc`); any other CRS through QgsCoordinateTransform, feature by feature.
"""
from __future__ import annotations

import json
import os
import sqlite3
from typing import Optional

import numpy as np
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
)

from ..core.parcel_source import (
    GeoPackageReader,
    ParcelBatch,
    WithFallback,
    gpkg_parcels_sql,
    merge_boxes,
    number_values,
    text_values,
)
from ..core.tmerc import TransverseMercator
from ..i18n import tr
from .errors import InputError, Problem

WORKSPACE_CRS = "EPSG:4490"
_EDGE_POINTS = 9          # points per box edge when a box is taken to a projected CRS
_SMALL_BOX_DEG = 0.01     # … unless it is this small (≈ 1 km): then its corners


class Reprojection:
    """Between the workspace's lon/lat (EPSG:4490) and a layer's CRS."""

    def __init__(self, crs: QgsCoordinateReferenceSystem):
        ws = QgsCoordinateReferenceSystem(WORKSPACE_CRS)
        self.identity = crs == ws or crs.authid() == WORKSPACE_CRS
        self.key = WORKSPACE_CRS if self.identity else (crs.authid() or crs.toWkt())   # boxes moved once per CRS
        self.tm = None if self.identity else TransverseMercator.from_proj(crs.toProj())
        context = QgsProject.instance().transformContext()
        self.to_layer = QgsCoordinateTransform(ws, crs, context)
        self.to_ws = QgsCoordinateTransform(crs, ws, context)

    def boxes_to_layer(self, boxes: np.ndarray) -> np.ndarray:
        """Envelopes in the layer CRS covering lon/lat ``boxes`` (edges densified, a little padding)."""
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        if self.identity or not len(boxes):
            return boxes
        if self.tm is None:
            out = []
            for b in boxes:
                r = self.to_layer.transformBoundingBox(QgsRectangle(*b))
                out.append((r.xMinimum(), r.yMinimum(), r.xMaximum(), r.yMaximum()))
            out = np.array(out, dtype=float)
        else:
            out = np.empty_like(boxes)
            # an edge under ~1 km bulges by far less than the padding below: its corners suffice
            small = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) <= _SMALL_BOX_DEG
            for sel, n in ((small, 2), (~small, _EDGE_POINTS)):
                if sel.any():
                    out[sel] = self._tm_envelopes(boxes[sel], n)
        # edges bulge between the densified points by far less than this
        pad = 1e-3 * np.maximum(out[:, 2] - out[:, 0], out[:, 3] - out[:, 1])[:, None] + 0.5
        return out + pad * np.array([-1.0, -1.0, 1.0, 1.0])

    def _tm_envelopes(self, boxes: np.ndarray, n: int) -> np.ndarray:
        """Envelopes of the Gauss–Krüger images of ``boxes`` with ``n`` points per edge."""
        t = np.linspace(0.0, 1.0, n)
        x0, y0, x1, y1 = (boxes[:, i, None] for i in range(4))
        lon = np.hstack([x0 + (x1 - x0) * t, np.broadcast_to(x1, (len(boxes), n)),
                         x0 + (x1 - x0) * t, np.broadcast_to(x0, (len(boxes), n))])
        lat = np.hstack([np.broadcast_to(y0, (len(boxes), n)), y0 + (y1 - y0) * t,
                         np.broadcast_to(y1, (len(boxes), n)), y0 + (y1 - y0) * t])
        x, y = self.tm.forward(lon, lat)
        return np.column_stack([x.min(1), y.min(1), x.max(1), y.max(1)])

    def geoms_to_ws(self, geoms: np.ndarray) -> np.ndarray:
        """Layer-CRS shapely geometries → lon/lat (in place for the numpy path)."""
        if self.identity or not len(geoms):
            return geoms
        if self.tm is not None:
            xy = shapely.get_coordinates(geoms)
            lon, lat = self.tm.inverse(xy[:, 0], xy[:, 1])
            return shapely.set_coordinates(geoms, np.column_stack([lon, lat]))
        out = []
        for wkb in shapely.to_wkb(geoms):
            g = QgsGeometry()
            g.fromWkb(wkb)
            g.transform(self.to_ws)
            out.append(bytes(g.asWkb()))
        return shapely.from_wkb(np.array(out, dtype=object))


def _batch(geoms, fids, dlbm, kcxs, kcdlbm) -> ParcelBatch:
    return ParcelBatch(geoms, dlbm=None if dlbm is None else text_values(dlbm),
                       kcxs=None if kcxs is None else number_values(kcxs),
                       kcdlbm=None if kcdlbm is None else text_values(kcdlbm), fid=np.asarray(fids, dtype=np.int64))


def geoms_from_wkb(blobs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(2-D shapely geometries, mask of the blobs they came from) of WKB blobs, all at once; curves and
    other WKB shapely does not read go through QGIS (straightened); missing and empty ones are left out."""
    try:
        geoms = shapely.from_wkb(blobs, on_invalid="ignore")
    except NotImplementedError:   # shapely 2.1 refuses a whole array holding a curve: each blob on its own
        geoms = np.empty(len(blobs), dtype=object)
        for i, b in enumerate(blobs):
            try:
                geoms[i] = None if b is None else shapely.from_wkb(b, on_invalid="ignore")
            except NotImplementedError:
                geoms[i] = None
    for i in np.flatnonzero(shapely.is_missing(geoms)):
        if blobs[i] is None:
            continue
        g = QgsGeometry()
        g.fromWkb(bytes(blobs[i]))
        if not g.isNull():
            g.convertToStraightSegment()
            geoms[i] = shapely.from_wkb(bytes(g.asWkb()), on_invalid="ignore")
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    geoms = geoms[keep]
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    return geoms, keep


def _box_margin(boxes: np.ndarray) -> float:
    """How near two patch boxes must be to share one query: half a typical patch."""
    if not len(boxes):
        return 0.0
    return 0.5 * float(np.median(np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])))


def _check_layer(layer: QgsVectorLayer, fields) -> None:
    if layer is None or not layer.isValid():
        raise InputError(Problem(getattr(layer, "name", lambda: "?")(), tr("the layer cannot be read")))
    names = [f.name() for f in layer.fields()]
    for role, name in zip(("DLBM", "KCXS", "KCDLBM"), fields):
        if name and name not in names:
            raise InputError(Problem(layer.name(), tr("the layer has no field {field} (for {role})").format(
                field=name, role=role), field=name))


class GeoPackageParcelSource:
    """Parcels of one GeoPackage feature table through its R-tree, one SQL statement per chunk."""

    kind = "geopackage"

    def __init__(self, path: str, table: str, geom_col: str, fid_col: str, crs: QgsCoordinateReferenceSystem,
                 dlbm: Optional[str] = None, kcxs: Optional[str] = None, kcdlbm: Optional[str] = None):
        self.path, self.fields = path, (dlbm, kcxs, kcdlbm)
        self.reprojection = Reprojection(crs)
        self.sql = ("WITH b AS (SELECT json_extract(value, '$[0]') AS x0, json_extract(value, '$[1]') AS y0, "
                    "json_extract(value, '$[2]') AS x1, json_extract(value, '$[3]') AS y1 FROM json_each(?)) "
                    + gpkg_parcels_sql(table, geom_col, fid_col, self.fields, "b"))
        self._con: Optional[sqlite3.Connection] = None
        self.rows_read = 0
        self.queries = 0

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        boxes = self.reprojection.boxes_to_layer(boxes)
        if self._con is None:            # opened in the thread that reads (the overlay's)
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        rows = self._con.execute(self.sql, (json.dumps(boxes.tolist()),)).fetchall() if len(boxes) else []
        self.queries += 1
        self.rows_read += len(rows)
        cols = list(zip(*rows)) if rows else [()] * (2 + sum(1 for n in self.fields if n))
        fids, blobs = np.array(cols[0], dtype=np.int64), np.array(cols[1], dtype=object)
        geoms, keep = geoms_from_wkb(blobs)
        geoms = self.reprojection.geoms_to_ws(geoms)
        it = iter(cols[2:])
        values = [np.asarray(next(it), dtype=object)[keep] if n else None for n in self.fields]
        return _batch(geoms, fids[keep], *values)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class LayerParcelSource:
    """Parcels of any QGIS vector layer through its provider's spatial filter (one request per
    cluster of patch boxes, only the needed attributes). The layer is snapshotted as a
    QgsVectorLayerFeatureSource, which may be read from a background task's thread."""

    kind = "qgis"

    def __init__(self, layer: QgsVectorLayer, dlbm: Optional[str] = None, kcxs: Optional[str] = None,
                 kcdlbm: Optional[str] = None):
        _check_layer(layer, (dlbm, kcxs, kcdlbm))
        self.name = layer.name()
        self.fields = (dlbm, kcxs, kcdlbm)
        self.source = QgsVectorLayerFeatureSource(layer)
        self.layer_fields = layer.fields()
        self.reprojection = Reprojection(layer.crs())
        self.rows_read = 0
        self.queries = 0

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        boxes = self.reprojection.boxes_to_layer(boxes)
        attrs = [n for n in self.fields if n]
        idx = [self.layer_fields.indexOf(n) for n in attrs]
        wkbs, fids, values = [], [], [[] for _ in attrs]
        seen = set()
        numpy_back = self.reprojection.tm is not None or self.reprojection.identity
        for minx, miny, maxx, maxy in merge_boxes(boxes, _box_margin(boxes)):
            request = QgsFeatureRequest().setFilterRect(QgsRectangle(minx, miny, maxx, maxy))
            request.setSubsetOfAttributes(attrs, self.layer_fields)
            self.queries += 1
            for feat in self.source.getFeatures(request):
                fid = feat.id()
                if fid in seen:
                    continue
                seen.add(fid)
                g = feat.geometry()
                if g.isNull() or g.isEmpty():
                    continue
                if not numpy_back:
                    g.transform(self.reprojection.to_ws)
                wkbs.append(bytes(g.asWkb()))
                fids.append(fid)
                for k, i in enumerate(idx):
                    v = feat.attribute(i)
                    values[k].append(None if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
        self.rows_read += len(fids)
        geoms = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.zeros(0, dtype=object)
        if len(geoms) and shapely.has_z(geoms).any():
            geoms = shapely.force_2d(geoms)
        if numpy_back:
            geoms = self.reprojection.geoms_to_ws(geoms)
        it = iter(values)
        return _batch(geoms, fids, *(next(it) if n else None for n in self.fields))

    def close(self) -> None:
        pass


def _geopackage_table(layer: QgsVectorLayer) -> Optional[tuple[str, str, str, str]]:
    """(path, table, geometry column, fid column) when the layer is a whole, unedited GeoPackage table
    with an R-tree — what the direct reader needs; None otherwise."""
    if layer.providerType() != "ogr" or layer.subsetString() or (layer.isEditable() and layer.isModified()):
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path, table = parts.get("path") or "", parts.get("layerName") or ""
    if not path.lower().endswith(".gpkg") or not os.path.isfile(path) or parts.get("layerId") not in (None, ""):
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT c.table_name, g.column_name FROM gpkg_contents c JOIN gpkg_geometry_columns g "
                               "ON lower(g.table_name) = lower(c.table_name) WHERE c.data_type = 'features'").fetchall()
            if table:
                rows = [r for r in rows if r[0].lower() == table.lower()]
            if len(rows) != 1:
                return None
            table, geom_col = rows[0]
            rtree = f"rtree_{table}_{geom_col}"
            if con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone() is None:
                return None
            pk = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[5]]
            if len(pk) != 1:
                return None
            return path, table, geom_col, pk[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def open_parcel_source(layer: QgsVectorLayer, dlbm: Optional[str] = None, kcxs: Optional[str] = None,
                       kcdlbm: Optional[str] = None):
    """The fastest reader of ``layer`` for the overlay (see the module docstring). Call on the main
    thread (it inspects the layer); the source may then be read from a worker thread."""
    _check_layer(layer, (dlbm, kcxs, kcdlbm))
    gpkg = _geopackage_table(layer)
    if gpkg is not None:
        path, table, geom_col, fid_col = gpkg
        return GeoPackageParcelSource(path, table, geom_col, fid_col, layer.crs(), dlbm, kcxs, kcdlbm)
    ogr_file = _ogr_file(layer)
    if ogr_file is not None:
        from .ogr_parcels import OgrParcelSource

        src = OgrParcelSource(*ogr_file, layer.crs(), dlbm, kcxs, kcdlbm)
        try:   # opened here once to see that it can be; the reading thread opens it again for itself
            src.open().close()
        except (RuntimeError, ImportError):
            pass
        else:
            return src
    return LayerParcelSource(layer, dlbm, kcxs, kcdlbm)


def _ogr_file(layer: QgsVectorLayer) -> Optional[tuple[str, str, int]]:
    """(path, layer name, layer index) when the layer is a whole, unedited layer of a file (or folder, a
    FileGDB) OGR reads — what the OGR reader needs; None otherwise (the QGIS path honours the rest)."""
    if layer.providerType() != "ogr" or layer.subsetString() or (layer.isEditable() and layer.isModified()):
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    extra = {k: v for k, v in parts.items() if k not in ("path", "layerName", "layerId") and v not in (None, "", [])}
    if not path or not os.path.exists(path) or extra:       # e.g. one geometry type of a mixed file
        return None
    layer_id = parts.get("layerId")
    return path, parts.get("layerName") or "", int(layer_id) if layer_id not in (None, "") else 0


def open_portable_parcel_source(layer: QgsVectorLayer, dlbm: Optional[str] = None, kcxs: Optional[str] = None,
                                kcdlbm: Optional[str] = None):
    """``open_parcel_source``; for a GeoPackage in EPSG:4490 or a Gauss–Krüger zone, the QGIS-free
    core.parcel_source.GeoPackageReader in front of it — the overlay can then read and compute in a helper
    process (the layer's own reader stays behind it for anything the GeoPackage reader cannot do)."""
    src = open_parcel_source(layer, dlbm, kcxs, kcdlbm)
    rp = getattr(src, "reprojection", None)
    if src.kind != "geopackage" or rp is None or (not rp.identity and rp.tm is None):
        return src
    table = _geopackage_table(layer)
    if table is None:
        return src
    return WithFallback(GeoPackageReader(*table, dlbm, kcxs, kcdlbm, tm=None if rp.identity else rp.tm), src)
