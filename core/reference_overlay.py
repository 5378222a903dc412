"""Reference layers over patches: covered area and share per (unit, feature), and splits along red lines.

The overlay engine (:func:`.overlay.overlay_landuse`) sums areas per land class; here each feature is its own
"class": the features reach the engine as parcels whose DLBM is ``#<feature id>``, so its pieces are one row
per (unit, feature) with the exact ellipsoidal overlap, and its ``covered_m2`` is the area of the unit inside
the union of the features (the engine takes the union wherever the pieces do not add up to the unit: there
overlapping features are counted once). The ``#`` keeps ids from being read as land-class codes (the engine
would pad 103 to 0103).

Pure Python (shapely 2, numpy, pandas).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pandas as pd
import shapely

from .area import ellipsoidal_area
from .gpkg_near import NearBoxes
from .overlay import overlay_landuse, polygonal
from .parcel_source import ArrayParcelSource, ParcelBatch, ParcelSource
from .parts import MIN_PART_M2, SplitError, _polygonal, check_partition

_PREFIX = "#"
MIN_COVER_M2 = 0.01   # an overlap below 1 dm² is the edge arithmetic of shared boundaries, not coverage
_MAX_PAIRWISE = 64     # a unit under more features than this gets the exact union without pairwise tests


@dataclass
class Coverage:
    """``pairs``: one row per (unit, feature) that overlap: ``unit_id``, ``fid`` (int), ``area_m2``, ``share``
    (of the unit, 0..1), ``fshare`` (of the feature, 0..1). ``units``: indexed by unit_id, one row per unit given:
    ``unit_m2``, ``covered_m2`` (inside the union of all features: overlaps counted once), ``share``.
    ``unit_pos``: each pair's row in ``units`` (for vectorised consumers). ``feature_m2``: fids → the features'
    own areas (m²), for ``fshare`` when it was not computed (``with_feature_share``)."""
    pairs: pd.DataFrame
    units: pd.DataFrame
    stats: dict = field(default_factory=dict)
    unit_pos: Optional[np.ndarray] = None
    feature_m2: Optional[Callable[[np.ndarray], np.ndarray]] = None

    def with_feature_share(self) -> Coverage:
        """This coverage with ``pairs.fshare`` filled (computed once, on demand: only kinds whose rules use
        ``overlap_min`` read it)."""
        p = self.pairs
        if self.feature_m2 is None or not len(p) or ("fshare" in p and p["fshare"].notna().all()):
            return self
        fid = p["fid"].to_numpy(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            farea = self.feature_m2(fid)
            fshare = np.clip(np.where(farea > 0, p["area_m2"].to_numpy(float) / farea, np.nan), 0.0, 1.0)
        return dataclasses.replace(self, pairs=p.assign(fshare=fshare))

    def unit_pairs(self, unit_id) -> pd.DataFrame:
        return self.pairs[self.pairs["unit_id"] == unit_id] if not isinstance(unit_id, tuple) else \
            self.pairs[[u == unit_id for u in self.pairs["unit_id"]]]


def without_slivers(cov: Coverage) -> Coverage:
    """The coverage without the overlaps below MIN_COVER_M2 that edge arithmetic leaves where a unit only touches
    a feature (a part split along that very feature): they are not coverage."""
    area = cov.pairs["area_m2"].to_numpy(float)
    keep = area >= MIN_COVER_M2
    if keep.all():
        return cov
    pairs = cov.pairs[keep].reset_index(drop=True)
    units = cov.units.copy()
    lost = ~units.index.isin(pairs["unit_id"].unique())
    units.loc[lost, "covered_m2"] = 0.0
    units.loc[lost, "share"] = 0.0
    pos = cov.unit_pos
    return dataclasses.replace(cov, pairs=pairs, units=units, unit_pos=None if pos is None else pos[keep])


class _FeatureSource:
    """Hands the engine the features with DLBM = '#fid'; keeps each feature's geometry (by fid) for the
    few units whose features overlap each other and for the features' own areas."""

    def __init__(self, inner: ParcelSource):
        self.inner = inner
        self.geoms: dict[int, object] = {}

    def parcels_in(self, boxes: np.ndarray) -> ParcelBatch:
        b = self.inner.parcels_in(boxes)
        if b.fid is None:
            raise ValueError("reference features need feature ids (ParcelBatch.fid)")
        fid = np.asarray(b.fid).astype(np.int64)
        self.geoms.update(zip(fid.tolist(), b.geoms))
        codes = np.char.add(_PREFIX, fid.astype(str)).astype(object)
        return ParcelBatch(b.geoms, codes, None, None, fid)

    def valid_geoms(self, fids) -> np.ndarray:
        g, _ = polygonal(np.array([self.geoms[f] for f in fids], dtype=object))
        return g

    def areas(self, fids: np.ndarray) -> np.ndarray:
        ufid, inv = np.unique(np.asarray(fids, dtype=np.int64), return_inverse=True)
        return ellipsoidal_area(self.valid_geoms(ufid.tolist()))[inv] if len(ufid) else np.zeros(0)


def _as_feature_source(features) -> _FeatureSource:
    if isinstance(features, ParcelBatch):
        fid = np.arange(len(features)) if features.fid is None else features.fid
        return _FeatureSource(ArrayParcelSource(features.geoms, fid=fid))
    if isinstance(features, (list, tuple, np.ndarray)):
        return _FeatureSource(ArrayParcelSource(features))
    if not hasattr(features, "parcels_in"):
        raise TypeError(f"not a feature source: {type(features).__name__}")
    return _FeatureSource(features)


def measure_units(geoms) -> np.ndarray:
    """The units' own ellipsoidal areas (m²) as :func:`coverage` measures them (of their valid polygonal form):
    what a caller measures once for several layers, in whichever process computes the coverages."""
    return ellipsoidal_area(polygonal(geoms)[0])


def _object_array(values) -> np.ndarray:
    values = list(values)
    out = np.empty(len(values), dtype=object)
    out[:] = values            # tuples (TBID, FGID) stay whole
    return out


def coverage(unit_ids, unit_geoms, features, *, progress: Optional[Callable[[float], None]] = None,
             is_cancelled: Optional[Callable[[], bool]] = None, workers: Optional[int] = None,
             chunk_size: int = 1000, feature_share: bool = False,
             unit_areas: Optional[np.ndarray] = None, unit_boxes: Optional[NearBoxes] = None) -> Coverage:
    """Overlay units with the features of one reference layer.

    ``unit_ids``: one unique id per unit (any hashable, e.g. (TBID, FGID)); ``unit_geoms``: shapely
    (multi)polygons in lon/lat degrees, EPSG:4490; ``features``: a :class:`~.parcel_source.ParcelSource` or
    :class:`~.parcel_source.ParcelBatch` (EPSG:4490, ``fid`` = the int feature ids; a batch without ids is
    numbered 0..n−1). ``feature_share``: fill ``pairs.fshare`` (each overlap's share of its feature) now;
    otherwise it is NaN until ``Coverage.with_feature_share()`` (``suggest_many`` calls it for the kinds that
    need it). ``unit_areas``: the units' ellipsoidal areas (m²) when the caller has them (several layers over the
    same units): used for units no feature comes near, which skip the engine. ``unit_boxes``: the units' envelopes
    (``shapely.bounds`` of ``unit_geoms``) with their STRtree, shared the same way: which units a feature comes
    near is then asked of it with the features' envelopes. ``progress``/``is_cancelled`` as
    in ``overlay_landuse`` (cancelling raises ``OverlayCancelled``)."""
    ids = _object_array(unit_ids)
    geoms = unit_geoms if isinstance(unit_geoms, np.ndarray) and unit_geoms.dtype == object and unit_geoms.ndim == 1 \
        else np.asarray(list(unit_geoms), dtype=object)
    if len(ids) != len(geoms):
        raise ValueError(f"{len(ids)} unit ids for {len(geoms)} geometries")
    if len(pd.unique(ids)) != len(ids):
        raise ValueError("unit ids repeat: give every patch and part its own id")
    src = _as_feature_source(features)
    # Only units whose envelope meets a feature's go through the engine: a layer of a few hundred features (a
    # red line, the mining rights) would otherwise cost a full pass over every patch of the province.
    cand = _candidates(geoms, src, unit_boxes)
    unit_m2 = np.zeros(len(ids))
    rest = np.setdiff1d(np.arange(len(ids)), cand)
    if len(rest):      # no feature comes near: only the unit's own area (given, or measured once here)
        unit_m2[rest] = (np.asarray(unit_areas, dtype=float)[rest] if unit_areas is not None
                         else measure_units(geoms[rest]))
    covered = np.zeros(len(ids))
    # union_cover=False: the engine would take a GEOS union for every partly covered unit (≈0.5 ms each);
    # only units whose features overlap each other need one (_overlap_fix)
    res = overlay_landuse(cand.astype(str), geoms[cand], src, workers=workers, chunk_size=chunk_size,
                          progress=progress, is_cancelled=is_cancelled, union_cover=False)
    pcs = res.pieces
    pos = pcs["patch_id"].to_numpy().astype(np.int64)     # the ids given were the positions as text
    codes, uniq = pd.factorize(pcs["DLBM"].to_numpy(dtype=object))
    fid_of_code = np.array([int(str(c)[1:]) for c in uniq], dtype=np.int64)
    fid = fid_of_code[codes] if len(codes) else np.zeros(0, np.int64)
    area = pcs["area_m2"].to_numpy(float)
    unit_m2[cand] = res.patches["patch_m2"].to_numpy(float)
    covered[cand] = np.minimum(res.patches["covered_m2"].to_numpy(float), unit_m2[cand])
    keep = area > 0
    pos, fid, area = pos[keep], fid[keep], area[keep]
    fixed = _overlap_fix(geoms, pos, fid, src, unit_m2, covered)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(unit_m2[pos] > 0, area / unit_m2[pos], 0.0)
        fshare = np.full(len(fid), np.nan)
        ushare = np.where(unit_m2 > 0, covered / unit_m2, 0.0)
    pairs = pd.DataFrame({"unit_id": ids[pos] if len(pos) else np.zeros(0, dtype=object), "fid": fid,
                          "area_m2": area, "share": np.minimum(share, 1.0), "fshare": fshare})
    units = pd.DataFrame({"unit_m2": unit_m2, "covered_m2": covered, "share": np.minimum(ushare, 1.0)},
                         index=pd.Index(ids, name="unit_id", tupleize_cols=False, dtype=object))
    stats = {k: v for k, v in res.stats.items() if k not in ("unknown_codes_m2", "codes_by_prefix")}
    stats.update(pairs=len(pairs), features_read=len(src.geoms), units_overlapping_features=fixed,
                 units_measured=len(cand))
    cov = Coverage(pairs, units, stats, pos, src.areas)
    return cov.with_feature_share() if feature_share else cov


def _candidates(geoms: np.ndarray, src: _FeatureSource, unit_boxes: Optional[NearBoxes] = None) -> np.ndarray:
    """Positions of the units whose envelope meets some feature's envelope (all units when the source cannot
    say without reading: a source of its own kind is asked chunk by chunk by the engine)."""
    tree = getattr(src.inner, "_tree", None)
    if tree is None or not len(geoms):
        return np.arange(len(geoms))
    if unit_boxes is not None and len(unit_boxes) == len(geoms) and isinstance(src.inner, ArrayParcelSource):
        # the units' tree asked with the features (fewer, mostly): an envelope meets a unit's box
        _, hit = unit_boxes.tree.query(src.inner.batch.geoms)
        hit = np.unique(hit)
        return hit[~np.isnan(unit_boxes.array[hit]).any(axis=1)]
    b = shapely.bounds(geoms)
    ok = np.flatnonzero(~np.isnan(b).any(axis=1))
    if not len(ok):
        return np.zeros(0, dtype=np.int64)
    hit, _ = tree.query(shapely.box(*b[ok].T))
    return ok[np.unique(hit)]


def _overlap_fix(unit_geoms, pos, fid, src: _FeatureSource, unit_m2: np.ndarray, covered: np.ndarray) -> int:
    """Units whose features overlap each other get ``covered`` from the union of the features (in place).
    Returns how many."""
    many = np.flatnonzero(np.bincount(pos, minlength=len(unit_m2)) > 1)
    if not len(many):
        return 0
    sel = np.flatnonzero(np.isin(pos, many))
    order = sel[np.argsort(pos[sel], kind="stable")]
    p, f = pos[order], fid[order]
    starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
    size = np.diff(np.r_[starts, len(p)])
    crowded = p[starts[size > _MAX_PAIRWISE]]        # many features: take the union without testing pairs
    normal = ~np.isin(p, crowded)
    hits = np.zeros(0, dtype=np.int64)
    if normal.any():
        q, g = p[normal], f[normal]
        st = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
        end = np.repeat(np.r_[st[1:], len(q)], np.diff(np.r_[st, len(q)]))   # group end of each element
        counts = end - 1 - np.arange(len(q))           # partners after each element in its group
        a = np.repeat(np.arange(len(q)), counts)
        b = a + 1 + np.arange(len(a)) - np.repeat(np.cumsum(counts) - counts, counts)
        hit = shapely.relate_pattern(src.valid_geoms(g[a].tolist()), src.valid_geoms(g[b].tolist()), "2********")
        hits = np.unique(q[a[hit]])
    if len(hits):
        # the union of each unit's features at once: a (units × features) array reduced along its rows
        m = np.isin(p, hits)
        up, uf = p[m], f[m]
        row = np.searchsorted(hits, up)
        col = np.arange(len(up)) - np.searchsorted(up, up)
        grid = np.full((len(hits), col.max() + 1), None, dtype=object)
        grid[row, col] = src.valid_geoms(uf.tolist())
        _set_union_cover(unit_geoms, hits, shapely.union_all(grid, axis=1), unit_m2, covered)
    if len(crowded):
        unions = np.array([shapely.union_all(src.valid_geoms(f[p == u].tolist())) for u in crowded.tolist()],
                          dtype=object)
        _set_union_cover(unit_geoms, crowded, unions, unit_m2, covered)
    return len(hits) + len(crowded)


def _set_union_cover(unit_geoms, units: np.ndarray, unions: np.ndarray, unit_m2: np.ndarray, covered: np.ndarray):
    ug, _ = polygonal(np.asarray(unit_geoms, dtype=object)[units])
    whole, part = ellipsoidal_area(ug), ellipsoidal_area(shapely.intersection(ug, unions))
    ok = whole > 0          # measured in one frame each, scaled to the engine's unit area
    covered[units[ok]] = np.minimum(part[ok] / whole[ok], 1.0) * unit_m2[units[ok]]


def split_along(unit_geom, feature_geoms) -> list[tuple[object, bool]]:
    """The unit cut along the boundary of the union of ``feature_geoms`` (lon/lat): ``[(inside, True),
    (outside, False)]``, an exact partition (``core.parts.check_partition``). Crumbs below MIN_PART_M2 on one
    side join the other; raises SplitError when a side has less than MIN_PART_M2 (nothing to split)."""
    unit, _ = polygonal([unit_geom])
    unit = unit[0]
    if unit.is_empty:
        raise SplitError("the patch has no area")
    feats, _ = polygonal(list(feature_geoms))
    feats = feats[~shapely.is_empty(feats)]
    if not len(feats):
        raise SplitError("no reference feature covers the patch")
    union = shapely.union_all(feats)
    inside = _polygonal(shapely.intersection(unit, union))
    outside = _polygonal(shapely.difference(unit, union))
    if inside is None or outside is None:
        raise SplitError("the patch lies wholly inside or wholly outside the red line; there is nothing to split")
    inside, outside = _move_crumbs(inside, outside)
    inside, outside = _move_crumbs(outside, inside)[::-1]
    if inside is None or outside is None:
        raise SplitError("the patch lies wholly inside or wholly outside the red line; there is nothing to split")
    a_in, a_out = ellipsoidal_area([inside, outside])
    if min(a_in, a_out) < MIN_PART_M2:
        raise SplitError(f"one side of the red line has less than {MIN_PART_M2} m²; there is nothing to split")
    check_partition(unit, [inside, outside])
    return [(inside, True), (outside, False)]


def _move_crumbs(side, other):
    """Polygons of ``side`` smaller than MIN_PART_M2 join ``other`` (no area is lost)."""
    polys = list(shapely.get_parts(side))
    areas = ellipsoidal_area(polys)
    small = areas < MIN_PART_M2
    if not small.any() or small.all():
        return side, other
    rest = _polygonal(shapely.union_all([p for p, s in zip(polys, small) if not s]))
    grown = _polygonal(shapely.union_all([other, *[p for p, s in zip(polys, small) if s]]))
    return rest, grown


__all__ = ["Coverage", "coverage", "split_along"]
