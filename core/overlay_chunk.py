"""One chunk of the land-survey overlay (core/overlay.py): its patches, the parcels read near them and any
protection layers in, the pieces' sums per (patch, DLBM, KCDLBM) and each patch's covered and protected areas out.
The same function computes a chunk on the engine's thread pool, in its helper process (core/overlay_child.py) and,
beside the helper, in the caller's process; what it is given decides the result, bit for bit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd
import shapely

from .area import unproject_equal_area
from .landclass import RIDGE, normalize_codes
from .overlay_areas import _overlaps, _plane, _plane_intersection, _union_area, polygonal
from .parcel_source import ParcelBatch

SUM_TOL_M2 = 1e-3       # |Σ pieces − patch| above this (or SUM_TOL_REL of the patch) → exact union path
SUM_TOL_REL = 1e-9


def _group_sum(keys: np.ndarray, *values: np.ndarray):
    """Unique rows of the (m, 3) non-negative integer key matrix and the per-row sums of ``values``."""
    if not len(keys):
        return keys, [np.zeros(0) for _ in values]
    base = keys.max(axis=0).astype(np.int64) + 1
    flat = (keys[:, 0].astype(np.int64) * base[1] + keys[:, 1]) * base[2] + keys[:, 2]
    uk, inv = np.unique(flat, return_inverse=True)
    rows = np.column_stack([uk // (base[1] * base[2]), (uk // base[2]) % base[1], uk % base[2]])
    return rows, [np.bincount(inv, weights=v, minlength=len(uk)) for v in values]


# -- one chunk --------------------------------------------------------------------------------------
@dataclass
class _Chunk:
    pidx: np.ndarray          # global patch indices of this chunk
    geoms: np.ndarray         # the patches, lon/lat, valid and non-empty
    centre: tuple             # (lon0, lat0) of the chunk's equal-area plane
    parcels: ParcelBatch
    protections: dict
    union_cover: bool = True  # False: covered = Σ pieces (the caller resolves overlaps itself)


@dataclass
class _ChunkOut:
    keys: np.ndarray          # (m, 3): global patch index, DLBM code index, KCDLBM code index
    codes: np.ndarray         # code strings (index → code) for DLBM and KCDLBM
    area: np.ndarray
    kc: np.ndarray
    patch_area: np.ndarray    # per patch of the chunk
    covered: np.ndarray
    overlap: np.ndarray
    protected: dict
    repaired_fids: np.ndarray
    dropped_fids: np.ndarray
    counts: dict
    pieces: Optional[pd.DataFrame] = None


def _repaired(batch: ParcelBatch, counts: dict, prefix: str):
    """A batch without repeated fids, made valid (polygonal parts), empties dropped: (batch, repaired fids,
    dropped fids)."""
    if batch.fid is not None and len(batch):
        _, first = np.unique(batch.fid, return_index=True)
        if len(first) < len(batch):
            counts[prefix + "repeated"] = counts.get(prefix + "repeated", 0) + len(batch) - len(first)
            batch = batch.take(np.sort(first))
    geoms, fixed = polygonal(batch.geoms)
    empty = shapely.is_empty(geoms)
    batch = ParcelBatch(geoms, batch.dlbm, batch.kcxs, batch.kcdlbm, batch.fid)
    none = np.zeros(0, dtype=object)
    repaired = batch.fid[fixed & ~empty] if batch.fid is not None else none
    dropped = batch.fid[fixed & empty] if batch.fid is not None else none
    counts[prefix + "read"] = counts.get(prefix + "read", 0) + len(batch)
    if batch.fid is None:      # no ids: count per read (a parcel read by two chunks counts twice)
        for key, m in (("repaired_reads", fixed & ~empty), ("dropped_reads", fixed & empty)):
            counts[prefix + key] = counts.get(prefix + key, 0) + int(m.sum())
    return batch.take(np.flatnonzero(~empty)), repaired, dropped


def _run_chunk(ch: _Chunk, method: str, keep_pieces: bool) -> _ChunkOut:
    counts: dict = {}
    centre = ch.centre
    p_ll = ch.geoms
    P = _plane(p_ll, *centre)
    pa = P.r_sign * P.r_area
    pa = np.bincount(np.repeat(np.arange(len(p_ll)), P.g_rcount), weights=pa, minlength=len(p_ll))

    q, repaired_fids, dropped_fids = _repaired(ch.parcels, counts, "parcels_")
    n = len(q)
    dlbm = normalize_codes(q.dlbm) if q.dlbm is not None else np.full(n, "", dtype=object)
    kcxs = np.zeros(n) if q.kcxs is None else pd.to_numeric(pd.Series(q.kcxs), errors="coerce").to_numpy(float)
    kcxs = np.nan_to_num(kcxs, nan=0.0)
    counts["kcxs_out_of_range"] = int(((kcxs < 0) | (kcxs >= 1)).sum())
    kcxs = np.clip(kcxs, 0.0, 1.0)
    kcd = normalize_codes(q.kcdlbm) if q.kcdlbm is not None else np.full(n, RIDGE, dtype=object)
    kcd[kcd == ""] = RIDGE

    Q = _plane(q.geoms, *centre)
    pi, qj, area = _overlaps(P, p_ll, Q, q.geoms, centre, method, counts, "")
    kc = area * kcxs[qj]
    covered = np.bincount(pi, weights=area, minlength=len(p_ll))
    overlap = np.zeros(len(p_ll))
    off = np.abs(covered - pa) > np.maximum(SUM_TOL_M2, SUM_TOL_REL * pa)
    which = np.flatnonzero(off & (covered > 0)) if ch.union_cover else np.zeros(0, dtype=np.int64)
    if len(which):
        union = _union_area(p_ll, q.geoms, pi, qj, which, centre)
        overlap[which] = np.maximum(covered[which] - union, 0.0)
        covered[which] = union
    covered[~off] = pa[~off]           # the pieces add up to the patch: differences are float noise
    counts["patches_union_path"] = len(which)

    inv, codes = pd.factorize(np.concatenate([dlbm, kcd]))
    codes = np.asarray(codes, dtype=object)
    keys = np.column_stack([ch.pidx[pi], inv[:n][qj], inv[n:][qj]])
    keys, (a_sum, k_sum) = _group_sum(keys, area, kc)

    piece_frame = None
    if keep_pieces:
        geo = _plane_intersection(p_ll[pi], q.geoms[qj], centre)
        piece_frame = pd.DataFrame({
            "patch": ch.pidx[pi], "DLBM": dlbm[qj], "KCDLBM": kcd[qj], "KCXS": kcxs[qj],
            "fid": q.fid[qj] if q.fid is not None else qj, "area_m2": area,
            "geometry": unproject_equal_area(geo, *centre) if len(geo) else geo})

    protected = {}
    for name, batch in ch.protections.items():
        g, _, _ = _repaired(ParcelBatch(batch.geoms), counts, f"{name}:")
        ppi, pqj, parea = _overlaps(P, p_ll, _plane(g.geoms, *centre), g.geoms, centre, method, counts, f"{name}:")
        tot = np.bincount(ppi, weights=parea, minlength=len(p_ll))
        # protection polygons overlapping each other inside a patch: the area of their union
        order = np.lexsort((pqj, ppi))
        a_i, a_j = ppi[order], pqj[order]
        li, lj = [], []
        for p in np.flatnonzero(np.bincount(a_i, minlength=len(p_ll)) > 1):
            lo, hi = np.searchsorted(a_i, [p, p + 1])
            js = a_j[lo:hi]
            li += [p] * (len(js) * (len(js) - 1) // 2)
            lj += [(js[x], js[y]) for x in range(len(js)) for y in range(x + 1, len(js))]
        if li:
            lj = np.array(lj)
            fix = np.unique(np.array(li)[shapely.relate_pattern(g.geoms[lj[:, 0]], g.geoms[lj[:, 1]], "2********")])
            if len(fix):
                tot[fix] = _union_area(p_ll, g.geoms, ppi, pqj, fix, centre)
            counts[f"{name}:patches_union_path"] = counts.get(f"{name}:patches_union_path", 0) + len(fix)
        protected[name] = tot

    return _ChunkOut(keys, codes, a_sum, k_sum, pa, covered, overlap, protected, repaired_fids, dropped_fids,
                     counts, piece_frame)
