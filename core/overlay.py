"""Land-survey overlay: exact ellipsoidal area of every patch (or patch part) per land class.

For each patch: its overlap with every land class (DLBM) of a 三调-style land survey, with the 田坎
deduction applied, summed into the three categories and the summary groups of a
:class:`~.landclass.LandClassTable`, and its overlap with any number of protection layers (永久基本农田,
生态保护红线 …). Areas are ellipsoidal on CGCS2000, in m² (亩 on request).

田坎 (how the deduction is counted, 三调 rules): a parcel of class DLBM with share KCXS contributes,
for a piece of area A of it inside the patch, ``A·(1−KCXS)`` to DLBM and ``A·KCXS`` to KCDLBM (1203 田坎
when empty). So 耕地 (GDMJ) is net of 田坎, like 三调's TBDLMJ; the ridge goes to 1203, which is
农用地 but not 耕地. The deduction follows the data: whatever parcel carries a KCXS is split (in 三调
only 耕地 parcels do).

Geometry: edges are geodesics (as GeographicLib reads a polygon). Patches are cut into spatially
compact chunks (Morton order, at most ``max_chunk_extent`` degrees across); each chunk is projected
into one Lambert azimuthal equal-area plane (:func:`.area.project_equal_area`), where geodesics are
straight to far below 1e-6 of any piece's area. Patch and parcels are intersected in that plane, so
the pieces of a patch add up to the patch exactly, and each piece's planar area is its ellipsoidal area.

Pipeline per chunk (:mod:`.overlay_chunk`; pure: shapely 2, numpy, pandas):

1. the :class:`~.parcel_source.ParcelSource` gives the parcels near the chunk's patch envelopes only —
   the land survey is never read whole; invalid parcels and patches are repaired (``make_valid``,
   polygonal parts kept) and counted;
2. one bulk ``STRtree.query`` pairs patches with parcels by envelope;
3. the area of every patch ∩ parcel is computed for all pairs at once (:mod:`.overlay_areas`) without building the
   intersection: by Green's theorem the area of A∩B is the boundary integral over the parts of ∂A
   inside B and of ∂B inside A, which needs only the proper edge crossings between A and B (vectorized
   segment tests on the edges near the other polygon's envelope) and whether each ring's first vertex
   lies inside the other polygon. That is also the containment shortcut: a patch wholly inside a
   parcel (or a parcel wholly inside a patch) has no crossing, and its area is the ring area after
   one point-in-polygon test, with no clipping. Pairs in degenerate position (a vertex on the other's edge,
   collinear edges) are detected and computed by a GEOS intersection instead (``method="geos"``
   does that for every pair);
4. pieces are summed per (patch, DLBM, KCDLBM).

Chunks run on a thread pool (numpy and GEOS release the GIL; measured on 2 cores: the province
benchmark's geometry work takes 2.4 s on one thread, 1.6 s on two) while a reader thread reads the next
chunks from the source. A large job whose sources can be read without QGIS (``portable()``) goes to a
helper process instead (:mod:`.overlay_child`): it reads and computes chunks on the second core and
hands each chunk's result back as it is done (``on_chunk``), so the caller — the store, whose audited
writes are Python and hold the GIL, which is why threads cannot share this — writes them meanwhile, and
computes chunks from the other end while it has nothing to write. Either way every chunk is computed by the same code from the same inputs: the results are the
same. A patch whose pieces do not add up to its own area (it leaves the survey, or the survey overlaps
itself there) gets its covered area from the union of its pieces: ``uncovered``
and ``overlap`` are then exact. Protection polygons may overlap each other (two red-line zones); a
patch's overlap with a layer is the area of the union, never a double count.
"""
from __future__ import annotations

import os
import queue
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Optional, Union

import numpy as np
import pandas as pd
import shapely

from .landclass import CATEGORY_FIELDS, RIDGE, LandClassTable, load_landclass
from .overlay_areas import _intersection_areas, _plane, polygonal  # noqa: F401  (the first two: the tests reach them here)
from .overlay_child import CHILD_MIN_PATCHES, ChunkClaims, Helper, _poll, _portable, _Reader, read_chunk
from .overlay_chunk import _Chunk, _run_chunk
from .parcel_source import ArrayParcelSource, ParcelBatch, ParcelSource
from .units import M2_PER_MU

SourceLike = Union[ParcelSource, ParcelBatch, np.ndarray, list]
METHODS = ("boundary", "geos")


class OverlayCancelled(Exception):
    """Raised when ``is_cancelled()`` turned true; nothing is returned."""


@dataclass
class OverlayResult:
    """Output of :func:`overlay_landuse`. Areas in m².

    ``pieces``: one row per (patch_id, DLBM, KCDLBM) with ``area_m2`` (overlap with the parcels of that
    class), ``kc_m2`` (its 田坎 share, counted under KCDLBM) and ``net_m2 = area_m2 − kc_m2``.
    ``patches``: indexed by patch_id: ``patch_m2`` (ellipsoidal area of the repaired patch),
    ``covered_m2`` (area covered by the land survey), ``uncovered_m2``, ``overlap_m2`` (area counted twice
    because survey parcels overlap there) and one ``<name>`` column per protection layer.
    """
    pieces: pd.DataFrame
    patches: pd.DataFrame
    table: LandClassTable
    protection_names: tuple = ()
    stats: dict = field(default_factory=dict)
    piece_geoms: Optional[pd.DataFrame] = None

    def class_areas(self) -> pd.DataFrame:
        """Area per (patch_id, DLBM) as 三调 counts it: net class area plus the 田坎 deductions moved
        to their class (1203), with DLMC, category and group from the table ('' for unknown codes)."""
        p = self.pieces
        m = p["kc_m2"].to_numpy(dtype=float) > 0
        pid = p["patch_id"].to_numpy(dtype=object)
        pid = np.concatenate([pid, pid[m]])
        code = np.concatenate([p["DLBM"].to_numpy(dtype=object), p["KCDLBM"].to_numpy(dtype=object)[m]])
        val = np.concatenate([p["net_m2"].to_numpy(dtype=float), p["kc_m2"].to_numpy(dtype=float)[m]])
        # groupby (patch_id, DLBM) sorted, summed as pandas sums (bit for bit), without pandas' per-call cost
        pi, pu = pd.factorize(pid, sort=True)
        ci, cu = pd.factorize(code, sort=True)
        cu = np.asarray(cu, dtype=object)
        nc = max(len(cu), 1)
        key = pi.astype(np.int64) * nc + ci
        order = np.argsort(key, kind="stable")            # a group's rows in their order, as groupby takes them
        sk, sv = key[order], val[order]
        starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]]) if len(sk) else np.zeros(0, dtype=np.int64)
        total = _group_sums(sv, starts)
        uk = sk[starts]
        at = uk % nc
        out = pd.DataFrame({"patch_id": np.asarray(pu, dtype=object)[uk // nc], "DLBM": cu[at]})
        keys, _ = self.table.resolve(cu)
        f = self.table.frame
        for col in ("DLMC", "category", "group"):
            d = f[col].to_dict()
            out[col] = np.array([d.get(k, "") for k in keys], dtype=object)[at]
        out["area_m2"] = total
        out["area_mu"] = total / M2_PER_MU
        return out[["patch_id", "DLBM", "DLMC", "category", "group", "area_m2", "area_mu"]]

    def summary(self, unit: str = "mu", classes: Optional[pd.DataFrame] = None) -> pd.DataFrame:
        """One row per patch_id: ``JCMJ`` (patch area), ``NYDMJ``/``JSYDMJ``/``WLYDMJ``, one field per table
        group (``GDMJ`` = 耕地 net of 田坎, ``LDMJ`` …), ``TKMJ`` (田坎, 1203 incl. deductions),
        the protection layers (e.g. ``YJJBNTMJ``), ``unclassified`` (area in codes the table does not
        know), ``covered``, ``uncovered`` and ``overlap``. ``unit``: "mu" (亩) or "m2"; values unrounded.
        ``classes``: :meth:`class_areas` when the caller has it already."""
        if unit not in ("mu", "m2"):
            raise ValueError("unit must be 'mu' or 'm2'")
        k = 1.0 / M2_PER_MU if unit == "mu" else 1.0
        ca = self.class_areas() if classes is None else classes
        idx = self.patches.index
        out = pd.DataFrame(index=idx)
        out["JCMJ"] = self.patches["patch_m2"] * k
        cat = ca.pivot_table(index="patch_id", columns="category", values="area_m2", aggfunc="sum")
        for name, fld in CATEGORY_FIELDS.items():
            out[fld] = (cat[name].reindex(idx).fillna(0.0) if name in cat else 0.0) * k
        grp = ca.pivot_table(index="patch_id", columns="group", values="area_m2", aggfunc="sum")
        for name, fld in self.table.groups.items():
            out[fld] = (grp[name].reindex(idx).fillna(0.0) if name in grp else 0.0) * k
        out["TKMJ"] = ca.loc[ca["DLBM"] == RIDGE].groupby("patch_id")["area_m2"].sum().reindex(idx).fillna(0.0) * k
        for name in self.protection_names:
            out[name] = self.patches[name] * k
        out["unclassified"] = ca.loc[ca["category"] == ""].groupby("patch_id")["area_m2"].sum() \
            .reindex(idx).fillna(0.0) * k
        for col in ("covered", "uncovered", "overlap"):
            out[col] = self.patches[f"{col}_m2"] * k
        return out


def _group_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum of each run ``values[starts[i]:starts[i + 1]]``, NaN skipped, with Kahan compensation taken element
    by element in order — pandas' groupby sum, bit for bit, one vectorized step per position in the runs."""
    n = len(starts)
    total, comp = np.zeros(n), np.zeros(n)
    if not n:
        return total
    size = np.diff(np.r_[starts, len(values)])
    for j in range(int(size.max())):
        g = np.flatnonzero(size > j)
        v = values[starts[g] + j]
        ok = v == v
        g, v = g[ok], v[ok]
        y = v - comp[g]
        t = total[g] + y
        comp[g] = t - total[g] - y
        total[g] = t
    return total


# -- geometry helpers -------------------------------------------------------------------------------
def _morton(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    def spread(v):
        v = v.astype(np.uint64) & np.uint64(0xFFFF)
        v = (v | (v << np.uint64(8))) & np.uint64(0x00FF00FF)
        v = (v | (v << np.uint64(4))) & np.uint64(0x0F0F0F0F)
        v = (v | (v << np.uint64(2))) & np.uint64(0x33333333)
        v = (v | (v << np.uint64(1))) & np.uint64(0x55555555)
        return v

    def grid(v):
        lo, hi = v.min(), v.max()
        return np.round((v - lo) / max(hi - lo, 1e-12) * 65535)

    return spread(grid(x)) | (spread(grid(y)) << np.uint64(1))


def _as_source(src: SourceLike) -> ParcelSource:
    if isinstance(src, ParcelBatch):
        return ArrayParcelSource(src.geoms, src.dlbm, src.kcxs, src.kcdlbm, src.fid)
    if isinstance(src, (np.ndarray, list, tuple)):
        return ArrayParcelSource(src)
    if not hasattr(src, "parcels_in"):
        raise TypeError(f"not a parcel source: {type(src).__name__}")
    return src


def _chunks(b: np.ndarray, live: np.ndarray, chunk_size: int, max_extent: float) -> list[np.ndarray]:
    """Patches in Morton order of their centres, cut into runs of at most ``chunk_size`` whose
    envelope stays within ``max_extent`` degrees (the equal-area plane of a chunk is exact enough for
    pieces well beyond that, see ``project_equal_area``)."""
    if not len(live):
        return []
    cx, cy = (b[live, 0] + b[live, 2]) / 2, (b[live, 1] + b[live, 3]) / 2
    order = np.argsort(_morton(cx, cy), kind="stable")
    idx, bb = live[order], b[live][order]
    out, start = [], 0
    x0, y0, x1, y1 = np.inf, np.inf, -np.inf, -np.inf
    for k in range(len(idx)):
        nx0, ny0 = min(x0, bb[k, 0]), min(y0, bb[k, 1])
        nx1, ny1 = max(x1, bb[k, 2]), max(y1, bb[k, 3])
        if k > start and (k - start >= chunk_size or nx1 - nx0 > max_extent or ny1 - ny0 > max_extent):
            out.append(idx[start:k])
            start = k
            nx0, ny0, nx1, ny1 = bb[k]
        x0, y0, x1, y1 = nx0, ny0, nx1, ny1
    if start < len(idx):
        out.append(idx[start:])
    return out


# -- the engine -------------------------------------------------------------------------------------
def _assemble(ids: np.ndarray, outs: list, pidxs: list, rows: np.ndarray, prot: tuple,
              table: LandClassTable) -> OverlayResult:
    """The result of the patches ``rows`` (global indices, in the order given) from chunk outputs ``outs``
    (of the patches ``pidxs``). Pieces are ordered by patch, DLBM, KCDLBM (code text), so a patch's class
    sums come out bit for bit the same whether assembled per chunk or for the whole run."""
    codes = [o.codes for o in outs]
    all_codes = np.unique(np.concatenate(codes).astype(str)) if codes else np.zeros(0, dtype=str)
    remapped = []
    for o in outs:
        kk = o.keys
        m = np.searchsorted(all_codes, o.codes.astype(str))
        remapped.append(np.column_stack([kk[:, 0], m[kk[:, 1]], m[kk[:, 2]]]) if len(kk) else kk.reshape(0, 3))
    k_all = np.concatenate(remapped) if remapped else np.zeros((0, 3), dtype=int)
    a_all = np.concatenate([o.area for o in outs]) if outs else np.zeros(0)
    kc_all = np.concatenate([o.kc for o in outs]) if outs else np.zeros(0)
    order = np.lexsort((k_all[:, 2], k_all[:, 1], k_all[:, 0]))
    k_all, a_all, kc_all = k_all[order], a_all[order], kc_all[order]
    pieces = pd.DataFrame({
        "patch_id": ids[k_all[:, 0]],
        "DLBM": all_codes[k_all[:, 1]].astype(object),
        "KCDLBM": all_codes[k_all[:, 2]].astype(object),
        "area_m2": a_all, "kc_m2": kc_all, "net_m2": a_all - kc_all,
    })
    n = len(ids)
    pa, covered, overlap = np.zeros(n), np.zeros(n), np.zeros(n)
    protected = {name: np.zeros(n) for name in prot}
    for o, pidx in zip(outs, pidxs):
        pa[pidx] = o.patch_area
        covered[pidx] = o.covered
        overlap[pidx] = o.overlap
        for name, v in o.protected.items():
            protected[name][pidx] = v
    pa, covered, overlap = pa[rows], covered[rows], overlap[rows]
    patches = pd.DataFrame({"patch_m2": pa, "covered_m2": covered,
                            "uncovered_m2": np.maximum(pa - covered, 0.0), "overlap_m2": overlap},
                           index=pd.Index(ids[rows], name="patch_id"))
    for name, v in protected.items():
        patches[name] = v[rows]
    return OverlayResult(pieces, patches, table, prot)


def overlay_landuse(patch_ids, patch_geoms, source: SourceLike, *,
                    protections: Optional[Mapping[str, SourceLike]] = None,
                    table: Optional[LandClassTable] = None,
                    method: str = "boundary", chunk_size: int = 1000, max_chunk_extent: float = 0.5,
                    workers: Optional[int] = None, keep_pieces: bool = False, union_cover: bool = True,
                    progress: Optional[Callable[[float], None]] = None,
                    is_cancelled: Optional[Callable[[], bool]] = None,
                    on_chunk: Optional[Callable[[OverlayResult], None]] = None,
                    processes: Optional[bool] = None) -> OverlayResult:
    """Overlay patches (or patch parts) with a land survey and protection layers.

    ``patch_ids``: one unique id per patch (any hashable, e.g. JCBH, or "JCBH-2" for a part);
    ``patch_geoms``: shapely (multi)polygons in lon/lat degrees, EPSG:4490.
    ``source``: a :class:`~.parcel_source.ParcelSource` (or a ``ParcelBatch`` in memory) giving parcels
    with DLBM/KCXS/KCDLBM in EPSG:4490. ``protections``: summary field name → source of polygons, e.g.
    ``{"YJJBNTMJ": jbnt, "STBHHXMJ": red_line}``. ``table``: the land-class table (default: the shipped
    one). ``method``: "boundary" (areas by boundary integration, GEOS only for degenerate pairs) or
    "geos" (a GEOS intersection per pair; same results, slower). ``chunk_size``/``max_chunk_extent``:
    at most that many patches, spanning at most that many degrees, per chunk. ``workers``: threads
    for the geometry work (default: CPU count, at most 4). ``keep_pieces``:
    also return every piece (patch × parcel) with its lon/lat geometry in ``result.piece_geoms``.
    ``union_cover=False``: skip the exact union for patches whose pieces do not add up (``covered_m2`` is
    then the sum of the pieces, ``overlap_m2`` 0) — for callers that resolve overlaps themselves.
    ``progress(fraction)`` and ``is_cancelled()`` are called from the calling thread between chunks;
    cancelling raises :class:`OverlayCancelled`. ``on_chunk(result)``: called from the calling thread with
    results as they are done (``pieces`` and ``patches`` only, no stats; first the empty patches, if any) —
    every patch comes exactly once, with the figures the whole result holds for it: with a helper process,
    each chunk's as soon as it is done (by the helper or, meanwhile, by this process; not in chunk order);
    computed by this process's threads alone, all of them in one call after the last chunk. The sources are read from a reader thread the engine starts.
    ``processes``: read and compute in a helper process on another core (:mod:`.overlay_child`) — None:
    when there are at least ``CHILD_MIN_PATCHES`` patches and every source is ``portable()``; the results
    are the same either way. ``stats["elapsed_s"]`` leaves out the time spent in ``on_chunk``
    (``stats["on_chunk_s"]``; with a helper it is the time until the last chunk was in, the writes having
    overlapped the work); ``stats["helper_process"]`` says whether a helper process did the work.
    """
    t0 = time.perf_counter()
    table = table or load_landclass()
    ids = np.asarray(patch_ids, dtype=object).ravel()
    pg, p_repaired = polygonal(patch_geoms)
    if len(ids) != len(pg):
        raise ValueError(f"{len(ids)} patch ids for {len(pg)} geometries")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if len(pd.unique(ids)) != len(ids):
        raise ValueError("patch ids repeat: give every patch and part its own id")
    present = ~shapely.is_empty(pg)
    b = shapely.bounds(pg)
    if present.any():
        bb = b[present]
        if (np.abs(bb[:, [0, 2]]) > 180).any() or (np.abs(bb[:, [1, 3]]) > 90).any():
            raise ValueError("patch coordinates are not lon/lat degrees: reproject the patches to EPSG:4490")
    src = _as_source(source)
    prot = {name: _as_source(s) for name, s in (protections or {}).items()}
    names = tuple(prot)
    chunks = _chunks(b, np.flatnonzero(present), chunk_size, max_chunk_extent)
    workers = workers or min(4, os.cpu_count() or 1)
    helper, portable = None, _portable(src, prot)
    if portable is not None and not keep_pieces and len(chunks) > 1 and (
            processes if processes is not None else present.sum() >= CHILD_MIN_PATCHES):
        helper = Helper.start()

    n = len(pg)
    outs, pidxs, frames = [], [], []
    counts: dict = {}
    info = {"read_s": 0.0, "helper": "no", "chunks_here": 0}

    def check_cancel():
        if is_cancelled is not None and is_cancelled():
            raise OverlayCancelled()

    def run_chunk(pidx, boxes, parcels, pro):
        centre = ((boxes[:, 0].min() + boxes[:, 2].max()) / 2, (boxes[:, 1].min() + boxes[:, 3].max()) / 2)
        return _run_chunk(_Chunk(pidx, pg[pidx], centre, parcels, pro, union_cover), method, keep_pieces)

    def threaded(todo):
        """(pidx, out) of the chunks ``todo`` in order, read by a reader thread, computed by the pool."""
        with ThreadPoolExecutor(max_workers=workers) as pool:
            reader = _Reader(todo, b, src, prot, pool, run_chunk, workers + 1)
            reader.start()
            try:
                for _ in todo:
                    pidx, fut = _poll(reader.out.get, queue.Empty, check_cancel)
                    if pidx is None:
                        raise fut
                    out = _poll(fut.result, TimeoutError, check_cancel)
                    reader.slots.release()
                    yield pidx, out
            finally:
                reader.stop.set()
                while True:                 # let go of what was read but not computed
                    try:
                        _, fut = reader.out.get_nowait()
                    except queue.Empty:
                        break
                    if hasattr(fut, "cancel"):
                        fut.cancel()
                reader.join()
                info["read_s"] += reader.read_s

    def here(k):
        """Chunk ``k`` read and computed in this thread (bit for bit what the helper or the pool gives)."""
        pidx = chunks[k]
        boxes = b[pidx]
        parcels, pro, took = read_chunk(src, prot, boxes)
        info["read_s"] += took
        info["chunks_here"] += 1
        return run_chunk(pidx, boxes, parcels, pro)

    def from_helper():
        """(pidx, out) as they are done. The helper takes chunks from the front; whenever it has no result
        for this process to hand on, this process computes one from the back (it would otherwise wait: its
        writes take about half of the helper's time). What the helper does not deliver is computed here."""
        claims = ChunkClaims(len(chunks))
        done = set()
        try:
            job = {"method": method, "union_cover": union_cover, "source": portable[0], "protections": portable[1]}
            feed = ((chunks[k], b[chunks[k]], shapely.to_wkb(pg[chunks[k]])) for k in iter(claims.front, None))
            if not helper.submit(job, feed):
                info["helper"] = "could not be given the job"
            else:
                info["helper"] = "yes"
                msg = ("error", "")
                while len(done) < len(chunks):
                    try:
                        msg = helper.messages.get_nowait()
                    except queue.Empty:
                        k = claims.back()
                        if k is not None:
                            out = here(k)
                            done.add(k)
                            yield chunks[k], out
                            check_cancel()
                            continue
                        msg = _poll(helper.messages.get, queue.Empty, check_cancel)
                    if msg[0] != "chunk":
                        break
                    done.add(msg[1])        # the helper's n-th answer is the n-th chunk from the front
                    yield chunks[msg[1]], msg[2]
                if len(done) == len(chunks):
                    info["all_in_s"] = time.perf_counter() - t0     # (the writes overlapped the work till here)
                    msg = _poll(helper.messages.get, queue.Empty, check_cancel)
                if msg[0] == "done":
                    info["read_s"] += msg[1]["read_s"]
                    info["rows_read"] = msg[1]["rows_read"]     # the helper's (this process's: src.rows_read)
                    info["helper_peak_mb"] = msg[1].get("peak_mb")
                else:
                    info["helper"] = f"failed after {len(done)} of {len(chunks)} chunks: {msg[-1]}"
        finally:
            claims.close()
            helper.stop()
        rest = [chunks[k] for k in range(len(chunks)) if k not in done]
        if rest:
            yield from threaded(rest)

    handed = [0.0]          # seconds spent in on_chunk (the caller's work, not the engine's)

    def hand_on(outs_, pidxs_, rows):
        t = time.perf_counter()
        on_chunk(_assemble(ids, outs_, pidxs_, rows, names, table))
        handed[0] += time.perf_counter() - t

    empty = np.flatnonzero(~present)
    if on_chunk is not None and len(empty):
        hand_on([], [], empty)
    late = []          # in-process, results are handed on at the end: writes would contend for the GIL
    for done, (pidx, out) in enumerate(from_helper() if helper is not None else threaded(chunks), 1):
        outs.append(out)
        pidxs.append(pidx)
        if out.pieces is not None:
            frames.append(out.pieces)
        for k, v in out.counts.items():
            counts[k] = counts.get(k, 0) + v
        if on_chunk is not None:
            if info["helper"] == "yes":
                hand_on([out], [pidx], pidx)
            else:
                late.append((out, pidx))
        if progress is not None:
            progress(done / len(chunks))
        check_cancel()
    result = _assemble(ids, outs, pidxs, np.arange(n), names, table)
    if late and len(late) == len(outs) and not len(empty):     # all of it, at once: the result itself
        t = time.perf_counter()
        on_chunk(result)
        handed[0] += time.perf_counter() - t
    elif late:
        hand_on([o for o, _ in late], [p for _, p in late], np.concatenate([p for _, p in late]))
    read_s = info["read_s"]

    pieces = result.pieces
    piece_geoms = None
    if keep_pieces:
        piece_geoms = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["patch", "DLBM", "KCDLBM", "KCXS", "fid", "area_m2", "geometry"])
        piece_geoms.insert(0, "patch_id", ids[piece_geoms.pop("patch").to_numpy(int)])

    repaired_fids = [np.zeros(0, dtype=object)] + [o.repaired_fids for o in outs]
    dropped_fids = [np.zeros(0, dtype=object)] + [o.dropped_fids for o in outs]
    resolved, by_prefix = table.resolve(pieces["DLBM"].to_numpy())
    unknown = pieces.loc[resolved == ""].groupby("DLBM")["area_m2"].sum().to_dict()
    stats = {
        "patches": n, "patches_repaired": int((p_repaired & present).sum()),
        "patches_empty": int((~present).sum()),
        "parcels_repaired": len(pd.unique(np.concatenate(repaired_fids))) + counts.pop("parcels_repaired_reads", 0),
        "parcels_dropped": len(pd.unique(np.concatenate(dropped_fids))) + counts.pop("parcels_dropped_reads", 0),
        "unknown_codes_m2": unknown,
        "codes_by_prefix": sorted(set(pieces.loc[by_prefix, "DLBM"])),
        "chunks": len(chunks), "chunks_beside_helper": info["chunks_here"], "workers": workers, "read_s": read_s,
        "helper_process": info["helper"],
        **{k: info[k] for k in ("rows_read", "helper_peak_mb") if k in info},
        # the engine's own time: with a helper, until the last chunk was in (this process's on_chunk overlapped it)
        "elapsed_s": (info["all_in_s"] if info["helper"] == "yes" and "all_in_s" in info
                      else time.perf_counter() - t0 - handed[0]), "on_chunk_s": handed[0],
        **counts,
    }
    result.stats, result.piece_geoms = stats, piece_geoms
    return result
