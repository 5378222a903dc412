"""Where the overlay gets its parcels from: a chunked, bounding-box interface.

The land survey of a province does not fit in memory, and the overlay never needs all of it. The
engine (:mod:`.overlay`) cuts the patches into spatially compact chunks and asks a
:class:`ParcelSource` for the parcels near each chunk only, giving it the envelopes of the chunk's
patches. A source answers from whatever it stands on: a GeoPackage's R-tree read directly, a QGIS
layer's spatial index (one ``QgsFeatureRequest().setFilterRect`` per box of :func:`merge_boxes`; for
PostGIS the provider turns it into a server-side ``&&``), a shapefile's or FileGDB's features through
OGR's spatial filter in bulk, or arrays in memory (:class:`ArrayParcelSource`, used by the tests and for
small layers). The readers over files and layers are in ``exchange/parcel_readers.py`` (the OGR one in
``exchange/ogr_parcels.py``).

Contract of ``parcels_in(boxes)``:

- ``boxes`` is an ``(n, 4)`` float array of ``minx, miny, maxx, maxy`` in lon/lat degrees (EPSG:4490),
  the CRS of the patches. A source in another CRS transforms the boxes (densified) to its own CRS and
  its geometries back to EPSG:4490.
- It returns a :class:`ParcelBatch` holding at least every parcel whose geometry intersects one of the
  boxes. Extra parcels are harmless (the engine filters exactly); a parcel must appear at most once in
  one batch (the engine drops repeats of the same ``fid``). Batches of different calls may repeat
  parcels.
- It is called from one thread (the overlay's reader thread), one chunk at a time; it need not be
  thread-safe.

A source may also offer ``portable()``: the same reading as a picklable, QGIS-free object (or None), which
the overlay may run in a helper process on the other core (:mod:`.overlay_child`). :class:`GeoPackageReader`
is one: a GeoPackage table read with sqlite3 through its R-tree, in EPSG:4490 or a Gauss–Krüger zone;
:class:`WithFallback` puts it in front of a reader that can decode everything (curves through QGIS).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Optional, Protocol, runtime_checkable

import numpy as np
import pandas as pd
import shapely

from .tmerc import TransverseMercator


@dataclass
class ParcelBatch:
    """Parcels in lon/lat degrees with their 三调 attributes (all arrays of one length).

    ``dlbm``: land-class code (text, any spelling :func:`.landclass.normalize_codes` understands);
    ``kcxs``: the 田坎 share of the parcel, 0 ≤ KCXS < 1 (missing → 0); ``kcdlbm``: the class that
    share is (missing or empty → 1203 田坎); ``fid``: a unique feature id, used to count a repaired
    parcel once although several chunks read it. Protection layers (basic farmland, ecological red
    line) use the same batch with only ``geoms`` (and ``fid``).
    """
    geoms: np.ndarray
    dlbm: Optional[np.ndarray] = None
    kcxs: Optional[np.ndarray] = None
    kcdlbm: Optional[np.ndarray] = None
    fid: Optional[np.ndarray] = None

    def __post_init__(self):
        self.geoms = np.asarray(self.geoms, dtype=object).ravel()
        n = len(self.geoms)
        for name in ("dlbm", "kcxs", "kcdlbm", "fid"):
            v = getattr(self, name)
            if v is not None:
                v = np.asarray(v).ravel()
                if len(v) != n:
                    raise ValueError(f"ParcelBatch.{name} has {len(v)} values for {n} geometries")
                setattr(self, name, v)

    def __len__(self) -> int:
        return len(self.geoms)

    def take(self, idx) -> ParcelBatch:
        return ParcelBatch(self.geoms[idx], *(None if v is None else v[idx]
                                              for v in (self.dlbm, self.kcxs, self.kcdlbm, self.fid)))


@runtime_checkable
class ParcelSource(Protocol):
    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        """The parcels whose geometry may intersect one of ``boxes`` (see the module contract)."""
        ...


class ArrayParcelSource:
    """A source over parcels already in memory (tests, small layers, protection layers)."""

    def __init__(self, geoms, dlbm=None, kcxs=None, kcdlbm=None, fid=None):
        geoms = np.asarray(geoms, dtype=object).ravel()
        self.batch = ParcelBatch(geoms, dlbm, kcxs, kcdlbm, np.arange(len(geoms)) if fid is None else fid)
        self._tree = shapely.STRtree(self.batch.geoms)
        self.calls = 0

    def __getstate__(self):                 # picklable (the tree is rebuilt on arrival)
        return {"batch": self.batch, "calls": self.calls}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._tree = shapely.STRtree(self.batch.geoms)

    def portable(self):
        return self if type(self) is ArrayParcelSource else None    # a subclass may keep state here

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        self.calls += 1
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        if not len(boxes):
            return self.batch.take(np.zeros(0, dtype=int))
        _, hit = self._tree.query(shapely.box(*boxes.T))
        return self.batch.take(np.unique(hit))


def merge_boxes(boxes: np.ndarray, margin: float = 0.0) -> np.ndarray:
    """The envelopes of the groups of ``boxes`` that overlap once grown by ``margin``, merged until
    no two results overlap: one query per cluster of patches for sources whose per-query cost matters,
    never one wide box that reads every parcel between scattered patches (at 3 patches per km², nearly
    the whole survey)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    while len(boxes) > 1:
        grown = shapely.box(boxes[:, 0] - margin, boxes[:, 1] - margin, boxes[:, 2] + margin, boxes[:, 3] + margin)
        a, b = shapely.STRtree(grown).query(grown, predicate="intersects")
        keep = a < b
        if not keep.any():
            break
        label = _components(len(boxes), a[keep], b[keep])
        order = np.argsort(label, kind="stable")
        lab = label[order]
        starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
        s = boxes[order]
        boxes = np.column_stack([np.minimum.reduceat(s[:, 0], starts), np.minimum.reduceat(s[:, 1], starts),
                                 np.maximum.reduceat(s[:, 2], starts), np.maximum.reduceat(s[:, 3], starts)])
    return boxes


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` nodes given edges (a, b): label propagation."""
    label = np.arange(n)
    while True:
        m = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, m)
        np.minimum.at(new, b, m)
        new = new[new]                      # pointer jumping: long chains settle in few rounds
        if (new == label).all():
            return new
        label = new


# -- GeoPackage, without QGIS --------------------------------------------------------------------------
class UnreadableGeometry(Exception):
    """A geometry shapely cannot decode (a curve): the caller reads the chunk another way."""


_EDGE_POINTS = 9          # points per box edge when a box is taken to a Gauss–Krüger zone
_SMALL_BOX_DEG = 0.01     # … unless it is this small (≈ 1 km): then its corners


def boxes_to_tm(tm: TransverseMercator, boxes: np.ndarray) -> np.ndarray:
    """Envelopes in the zone covering lon/lat ``boxes``: edges densified (an edge under ~1 km bulges by far
    less than the padding: its corners suffice), padded by 1e-3 of the size + 0.5 m."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    out = np.empty_like(boxes)
    small = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) <= _SMALL_BOX_DEG
    for sel, n in ((small, 2), (~small, _EDGE_POINTS)):
        if sel.any():
            t = np.linspace(0.0, 1.0, n)
            x0, y0, x1, y1 = (boxes[sel][:, i, None] for i in range(4))
            k = len(x0)
            lon = np.hstack([x0 + (x1 - x0) * t, np.broadcast_to(x1, (k, n)), x0 + (x1 - x0) * t,
                             np.broadcast_to(x0, (k, n))])
            lat = np.hstack([np.broadcast_to(y0, (k, n)), y0 + (y1 - y0) * t, np.broadcast_to(y1, (k, n)),
                             y0 + (y1 - y0) * t])
            x, y = tm.forward(lon, lat)
            out[sel] = np.column_stack([x.min(1), y.min(1), x.max(1), y.max(1)])
    pad = 1e-3 * np.maximum(out[:, 2] - out[:, 0], out[:, 3] - out[:, 1])[:, None] + 0.5
    return out + pad * np.array([-1.0, -1.0, 1.0, 1.0])


def text_values(values) -> np.ndarray:
    """Text values, None → "" (a province's parcels: whole arrays, not a str() per value unless needed)."""
    a = np.empty(len(values), dtype=object)
    a[:] = list(values)
    a[a == None] = ""  # noqa: E711  (elementwise on an object array)
    if not all(type(v) is str for v in a):
        a = np.array([str(v) for v in a], dtype=object)
    return a


def number_values(values) -> np.ndarray:
    try:
        return np.array(values, dtype=float)          # numbers and None (→ NaN), as a REAL column gives them
    except (TypeError, ValueError):
        return pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)


def gpkg_parcels_sql(table: str, geom_col: str, fid_col: str, fields, boxes: str) -> str:
    """SELECT fid, the WKB inside the GeoPackage geometry (after the 8-byte header and an envelope of
    0/32/48/64 bytes, flags bits 1–3) and ``fields`` of the rows of ``table`` whose R-tree box meets one of
    ``boxes`` (a FROM item ``b`` with columns x0, y0, x1, y1)."""
    g = f'"{geom_col}"'
    wkb = (f"substr({g}, 9 + CASE (unicode(CAST(substr({g}, 4, 1) AS TEXT)) >> 1) & 7 "
           "WHEN 0 THEN 0 WHEN 1 THEN 32 WHEN 4 THEN 64 ELSE 48 END)")
    cols = "".join(f', t."{n}"' for n in fields if n)
    return (f'SELECT t."{fid_col}", {wkb}{cols} FROM "{table}" t WHERE t."{fid_col}" IN '
            f'(SELECT r.id FROM {boxes} CROSS JOIN "rtree_{table}_{geom_col}" r '
            f"WHERE r.minx <= b.x1 AND r.maxx >= b.x0 AND r.miny <= b.y1 AND r.maxy >= b.y0) AND {g} IS NOT NULL")


class GeoPackageReader:
    """Parcels of one GeoPackage feature table through its R-tree, one statement per chunk: the chunk's
    patch boxes go into a temporary table (a JSON parameter cost twice as much to unpack), a join with the
    R-tree gives the ids whose envelopes meet a box, and only those rows come back, the GeoPackage header
    cut off in SQL so one ``shapely.from_wkb`` makes all geometries. ``tm``: the table's Gauss–Krüger zone
    (None: EPSG:4490). Pure (sqlite3, numpy, shapely) and picklable: the overlay's helper process reads
    with it. Raises :class:`UnreadableGeometry` for WKB shapely does not read (curves)."""

    kind = "geopackage"

    def __init__(self, path: str, table: str, geom_col: str, fid_col: str, dlbm: Optional[str] = None,
                 kcxs: Optional[str] = None, kcdlbm: Optional[str] = None, tm: Optional[TransverseMercator] = None):
        self.path, self.fields, self.tm = str(path), (dlbm, kcxs, kcdlbm), tm
        self.sql = gpkg_parcels_sql(table, geom_col, fid_col, self.fields, "temp.wpzf_boxes b")
        self._con: Optional[sqlite3.Connection] = None
        self.rows_read = 0
        self.queries = 0

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_con"] = None
        return state

    def portable(self):
        return self

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        if self.tm is not None and len(boxes):
            boxes = boxes_to_tm(self.tm, boxes)
        if self._con is None:            # opened in the thread that reads
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._con.execute("CREATE TEMP TABLE wpzf_boxes (x0 REAL, y0 REAL, x1 REAL, y1 REAL)")
        rows = []
        if len(boxes):
            self._con.execute("DELETE FROM temp.wpzf_boxes")
            self._con.executemany("INSERT INTO temp.wpzf_boxes VALUES (?, ?, ?, ?)", boxes.tolist())
            rows = self._con.execute(self.sql).fetchall()
        self.queries += 1
        self.rows_read += len(rows)
        cols = list(zip(*rows)) if rows else [()] * (2 + sum(1 for n in self.fields if n))
        fids, blobs = np.array(cols[0], dtype=np.int64), np.array(cols[1], dtype=object)
        try:
            geoms = shapely.from_wkb(blobs, on_invalid="ignore") if len(blobs) else np.zeros(0, dtype=object)
        except (NotImplementedError, shapely.errors.GEOSException) as e:    # curves: shapely raises
            raise UnreadableGeometry(f"{self.path}: {e}") from None
        missing = shapely.is_missing(geoms)
        if missing.any():
            raise UnreadableGeometry(f"{int(missing.sum())} geometries shapely cannot read in {self.path}")
        keep = ~shapely.is_empty(geoms)
        geoms = geoms[keep]
        if len(geoms) and shapely.has_z(geoms).any():
            geoms = shapely.force_2d(geoms)
        if self.tm is not None and len(geoms):
            xy = shapely.get_coordinates(geoms)
            lon, lat = self.tm.inverse(xy[:, 0], xy[:, 1])
            geoms = shapely.set_coordinates(geoms, np.column_stack([lon, lat]))
        it = iter(cols[2:])
        values = [np.asarray(next(it), dtype=object)[keep] if n else None for n in self.fields]
        dlbm, kcxs, kcdlbm = values
        return ParcelBatch(geoms, dlbm=None if dlbm is None else text_values(dlbm),
                           kcxs=None if kcxs is None else number_values(kcxs),
                           kcdlbm=None if kcdlbm is None else text_values(kcdlbm), fid=fids[keep])

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class WithFallback:
    """``primary`` (a portable reader), and ``fallback`` for what it cannot decode: from the first
    :class:`UnreadableGeometry` on, every chunk is read by ``fallback``."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback
        self.kind = getattr(primary, "kind", "")
        self.failed = False

    @property
    def rows_read(self) -> int:
        return getattr(self.primary, "rows_read", 0) + getattr(self.fallback, "rows_read", 0)

    def portable(self):
        return None if self.failed else self.primary

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        if not self.failed:
            try:
                return self.primary.parcels_in(boxes)
            except UnreadableGeometry:
                self.failed = True
                self.kind = getattr(self.fallback, "kind", "")
        return self.fallback.parcels_in(boxes)

    def close(self) -> None:
        for s in (self.primary, self.fallback):
            if hasattr(s, "close"):
                s.close()
