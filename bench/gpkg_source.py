"""A ParcelSource over a GeoPackage layer that reads through the layer's R-tree only.

Per chunk of patches: the patch envelopes go in as one JSON parameter, one SQL join against the
layer's ``rtree_<table>_<geom>`` virtual table gives the feature ids whose envelopes meet one of them,
and only those rows are read, with the GeoPackage header cut off the geometry blobs in SQL so that
one vectorized ``shapely.from_wkb`` makes the geometries. Pure stdlib sqlite3 + shapely: no GDAL.
Only layers in EPSG:4490 (the boxes' CRS) are supported here.
"""
from __future__ import annotations

import json
import sqlite3

import numpy as np
import shapely

from wpzf.core.parcel_source import ParcelBatch

_ENV_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_blobs_to_geoms(blobs) -> np.ndarray:
    """GeoPackage geometry blobs (GP header + WKB) → shapely geometries."""
    wkb = []
    for b in blobs:
        if b is None:
            wkb.append(None)
            continue
        flags = b[3]
        wkb.append(b[8 + _ENV_BYTES[(flags >> 1) & 7]:] if not flags & 0x10 else None)
    return shapely.from_wkb(np.array(wkb, dtype=object))


class GeoPackageParcelSource:
    """Parcels of a GeoPackage layer in EPSG:4490 through its R-tree, one SQL statement per chunk."""

    def __init__(self, path: str, table: str = "DLTB", *, dlbm: str = "DLBM", kcxs: str = "KCXS",
                 kcdlbm: str = "KCDLBM"):
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        row = self.con.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                               (table,)).fetchone()
        if row is None:
            raise ValueError(f"{path}: no feature table {table}")
        self.geom_col, srs = row
        if srs != 4490:
            raise ValueError(f"{path}:{table} is in srs {srs}; this source reads EPSG:4490 layers only")
        pk = [r[1] for r in self.con.execute(f'PRAGMA table_info("{table}")') if r[5]]
        fid = pk[0] if pk else "rowid"
        rtree = f"rtree_{table}_{self.geom_col}"
        g = f't."{self.geom_col}"'
        # the WKB after the GeoPackage header (8 bytes + an envelope of 0/32/48/64 bytes, flags byte 4)
        wkb = (f"substr({g}, 9 + CASE (unicode(CAST(substr({g}, 4, 1) AS TEXT)) >> 1) & 7 "
               "WHEN 0 THEN 0 WHEN 1 THEN 32 WHEN 4 THEN 64 ELSE 48 END)")
        self.sql = (
            "WITH b AS (SELECT json_extract(value, '$[0]') AS x0, json_extract(value, '$[1]') AS y0, "
            "json_extract(value, '$[2]') AS x1, json_extract(value, '$[3]') AS y1 FROM json_each(?)) "
            f'SELECT t."{fid}", {wkb}, t."{dlbm}", t."{kcxs}", t."{kcdlbm}" FROM "{table}" t '
            f'WHERE t."{fid}" IN (SELECT r.id FROM b CROSS JOIN "{rtree}" r '
            "WHERE r.minx <= b.x1 AND r.maxx >= b.x0 AND r.miny <= b.y1 AND r.maxy >= b.y0)")
        self.rows_read = 0

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        rows = self.con.execute(self.sql, (json.dumps(boxes.tolist()),)).fetchall()
        self.rows_read += len(rows)
        if not rows:
            return ParcelBatch(np.zeros(0, dtype=object), np.zeros(0, dtype=object), np.zeros(0),
                               np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64))
        fid, wkb, dl, kc, kcd = zip(*rows)
        return ParcelBatch(shapely.from_wkb(wkb), np.array(dl, dtype=object), np.array(kc, dtype=float),
                           np.array(kcd, dtype=object), np.array(fid, dtype=np.int64))

    def close(self):
        self.con.close()
