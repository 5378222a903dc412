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
- It is called from one thread, the one that runs the overlay, one chunk at a time; it need not be
  thread-safe.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Protocol, runtime_checkable

import numpy as np
import shapely


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
