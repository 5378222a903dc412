"""The overlay's reader for file layers OGR opens (shapefile with its .qix/.sbn, FileGDB, …): no QGIS
feature objects.

One OGR spatial filter per cluster of patch boxes (:func:`..core.parcel_source.merge_boxes`) — the
driver answers it from the file's spatial index — and the matching features come back in bulk through
OGR's Arrow stream as arrays (WKB, the needed fields, the FID), so a batch costs a few numpy calls
instead of a Python loop over features. A layer without a fast spatial filter (a shapefile without
.qix/.sbn) would be scanned whole once per cluster: it is asked once per chunk for the chunk's extent,
and the features whose envelope meets no patch box are dropped before any geometry work.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import shapely

from ..core.parcel_source import ParcelBatch, merge_boxes
from .parcel_readers import Reprojection, _batch, _box_margin, geoms_from_wkb


def _values(col) -> np.ndarray:
    """An Arrow column as an object array: text decoded, nulls (masked) None."""
    mask = np.ma.getmaskarray(col) if np.ma.isMaskedArray(col) else None
    data = np.asarray(np.ma.getdata(col))
    if data.dtype.kind == "S":
        out = np.array([b.decode("utf-8", "replace") for b in data.tolist()], dtype=object)
    else:
        out = data.astype(object)
    if mask is not None and mask.any():
        out[mask] = None
    return out


class OgrParcelSource:
    """Parcels of one OGR layer; opened lazily in the thread that reads (the overlay's)."""

    kind = "ogr"

    def __init__(self, path: str, layer_name: str, layer_index: int, crs, dlbm: Optional[str] = None,
                 kcxs: Optional[str] = None, kcdlbm: Optional[str] = None):
        self.path, self.layer_name, self.layer_index = path, layer_name, layer_index
        self.fields = (dlbm, kcxs, kcdlbm)
        self.reprojection = Reprojection(crs)
        self._ds = self._lyr = None
        self.fast_filter = True
        self.rows_read = 0
        self.queries = 0

    def open(self):
        from osgeo import gdal, ogr

        ds = gdal.OpenEx(self.path, gdal.OF_VECTOR | gdal.OF_READONLY)
        if ds is None:
            raise RuntimeError(f"OGR cannot open {self.path}")
        lyr = ds.GetLayerByName(self.layer_name) if self.layer_name else ds.GetLayer(self.layer_index)
        if lyr is None or not hasattr(lyr, "GetArrowStreamAsNumPy"):
            raise RuntimeError("no such layer, or an OGR without Arrow streams")
        defn = lyr.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        lyr.SetIgnoredFields([n for n in names if n not in self.fields] + ["OGR_STYLE"])
        self.fid_col = lyr.GetFIDColumn() or "OGC_FID"
        self.geom_col = lyr.GetGeometryColumn() or "wkb_geometry"
        self.fast_filter = bool(lyr.TestCapability(ogr.OLCFastSpatialFilter))
        self._ds, self._lyr = ds, lyr
        return self

    def _read(self, rect) -> list[dict]:
        self._lyr.SetSpatialFilterRect(*(float(v) for v in rect))
        self.queries += 1
        return list(self._lyr.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]))

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        boxes = self.reprojection.boxes_to_layer(boxes)
        if self._lyr is None:
            self.open()
        if not len(boxes):
            rects = np.zeros((0, 4))
        elif self.fast_filter:
            rects = merge_boxes(boxes, _box_margin(boxes))
        else:                                # a scan per query: one query, the chunk's extent
            rects = np.array([[boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()]])
        parts = [b for r in rects for b in self._read(r)]
        names = [n for n in self.fields if n]
        if parts:
            fids = np.concatenate([np.asarray(b[self.fid_col], dtype=np.int64) for b in parts])
            blobs = np.concatenate([np.asarray(b[self.geom_col], dtype=object) for b in parts])
            cols = {n: np.concatenate([_values(b[n]) for b in parts]) for n in names}
        else:
            fids, blobs = np.zeros(0, np.int64), np.zeros(0, dtype=object)
            cols = {n: np.zeros(0, dtype=object) for n in names}
        fids, first = np.unique(fids, return_index=True)      # a feature meeting two rectangles: once
        blobs, cols = blobs[first], {n: v[first] for n, v in cols.items()}
        geoms, keep = geoms_from_wkb(blobs)
        fids, cols = fids[keep], {n: v[keep] for n, v in cols.items()}
        if not self.fast_filter and len(geoms):           # drop what meets no box before any geometry work
            hit = np.unique(shapely.STRtree(geoms).query(shapely.box(*boxes.T))[1])
            geoms, fids, cols = geoms[hit], fids[hit], {n: v[hit] for n, v in cols.items()}
        self.rows_read += len(fids)
        geoms = self.reprojection.geoms_to_ws(geoms)
        return _batch(geoms, fids, *(cols[n] if n else None for n in self.fields))

    def close(self) -> None:
        self._lyr = self._ds = None
