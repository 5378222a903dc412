"""Area of every pairwise intersection of two sets of polygons by boundary integration (the overlay's
geometry, see :mod:`.overlay`), in one chunk's equal-area plane.

Patches and parcels become vertex tables (:class:`_Plane`); the area of A∩B is the boundary integral over
the parts of ∂A inside B and of ∂B inside A, which needs only the proper edge crossings between A and B
and whether each ring's first vertex lies inside the other polygon (:func:`_intersection_areas`). Pairs
in degenerate position (a vertex on the other's edge, collinear edges) are flagged and computed by a
GEOS intersection instead (:func:`_overlaps`). :func:`polygonal` repairs the input.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .area import equal_area_xy, project_equal_area

MIN_PIECE_M2 = 1e-6     # pieces below 1 mm² are float noise of touching polygons and are dropped
PARAM_EPS = 1e-9        # a crossing this close to an edge end (edge parameter) is a degenerate contact
PARALLEL_SIN = 1e-5     # edges at a smaller angle are treated as parallel
TOUCH_TOL_M = 1e-7      # parallel edges closer than this (m) touch

def polygonal(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Geometries made valid (``make_valid``) with only their polygonal parts kept, in 2D. Returns
    (geoms, changed): ``changed`` marks invalid, non-polygonal and missing input; what has no area left
    is an empty polygon."""
    g = np.asarray(geoms, dtype=object).ravel().copy()
    missing = shapely.is_missing(g)
    g[missing] = shapely.Polygon()
    z = shapely.has_z(g)
    if z.any():
        g[z] = shapely.force_2d(g[z])
    bad = ~shapely.is_empty(g) & (~np.isin(shapely.get_type_id(g), (3, 6)) | ~shapely.is_valid(g))
    if bad.any():
        parts, i1 = shapely.get_parts(shapely.make_valid(g[bad]), return_index=True)
        parts, i2 = shapely.get_parts(parts, return_index=True)      # collections may hold multipolygons
        owner = i1[i2]
        keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
        out = np.full(bad.sum(), shapely.Polygon(), dtype=object)
        if keep.any():
            has = np.unique(owner[keep])
            mp = np.asarray(shapely.multipolygons(parts[keep], indices=owner[keep]), dtype=object)
            single = np.bincount(owner[keep], minlength=len(out))[has] == 1
            mp[single] = shapely.get_geometry(mp[single], 0)
            out[has] = mp
        g[bad] = out
    return g, bad | missing


def _expand(start: np.ndarray, count: np.ndarray):
    """The concatenated ranges [start_k, start_k + count_k) and the k of each element."""
    k = np.repeat(np.arange(len(count)), count)
    off = np.cumsum(count) - count
    return start[k] + (np.arange(len(k)) - off[k]), k


@dataclass
class _Plane:
    """Valid non-empty (multi)polygons of one chunk as vertex tables in the chunk's equal-area plane.
    Edge k runs from vertex k to vertex k + 1, unless k is the last (closing) vertex of its ring."""
    x: np.ndarray
    y: np.ndarray
    edge: np.ndarray        # (V,) vertex k starts an edge of non-zero length
    ebox: np.ndarray        # (4, V) edge envelopes: minx, miny, maxx, maxy
    cum: np.ndarray         # (V,) running Σ of ½ p × q, p and q relative to the geometry's first vertex
    v_start: np.ndarray     # (G,) first vertex of each geometry (its vertices are contiguous)
    v_count: np.ndarray     # (G,)
    bbox: np.ndarray        # (G, 4)
    ring_off: np.ndarray    # (R + 1,) vertex offsets of the rings
    g_rstart: np.ndarray    # (G,) first ring of each geometry
    g_rcount: np.ndarray    # (G,)
    r_area: np.ndarray      # (R,) ring area signed by the stored vertex order
    r_sign: np.ndarray      # (R,) +1 if the geometry's interior lies left of the stored order, else −1
    r_box: np.ndarray       # (R, 4)


def _plane(geoms: np.ndarray, lon0: float, lat0: float) -> _Plane:
    """Vertex tables of valid, non-empty lon/lat (multi)polygons, projected in one numpy pass."""
    G = len(geoms)
    if not G:
        zf, zi = np.zeros(0), np.zeros(0, dtype=np.int64)
        return _Plane(zf, zf, np.zeros(0, bool), np.zeros((4, 0)), zf, zi, zi, np.zeros((0, 4)), np.zeros(1, np.int64),
                      zi, zi, zf, zf, np.zeros((0, 4)))
    _, ll, offs = shapely.to_ragged_array(geoms)
    x, y = equal_area_xy(ll[:, 0], ll[:, 1], lon0, lat0)
    if len(offs) == 2:                     # polygons: rings per geometry
        ring_off, geom_roff = offs
        shell_ring = geom_roff[:-1]
    else:                                  # multipolygons: rings per polygon, polygons per geometry
        ring_off, poly_off, geom_poff = offs
        shell_ring = poly_off[:-1]
        geom_roff = poly_off[geom_poff]
    R = len(ring_off) - 1
    v_start = ring_off[geom_roff[:-1]]
    v_count = ring_off[geom_roff[1:]] - v_start
    vg = np.repeat(np.arange(G), v_count)
    rx, ry = x - x[v_start][vg], y - y[v_start][vg]
    last = np.zeros(len(x), bool)
    last[ring_off[1:] - 1] = True
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    c = 0.5 * (rx * np.roll(ry, -1) - np.roll(rx, -1) * ry)
    c[last] = 0.0
    cum = np.cumsum(c)
    first = ring_off[:-1]
    r_area = cum[ring_off[1:] - 1] - cum[first] + c[first]
    shell = np.zeros(R, bool)
    shell[shell_ring] = True
    r_box = np.column_stack([np.minimum.reduceat(x, first), np.minimum.reduceat(y, first),
                             np.maximum.reduceat(x, first), np.maximum.reduceat(y, first)])
    gr = geom_roff[:-1]
    bbox = np.column_stack([np.minimum.reduceat(r_box[:, 0], gr), np.minimum.reduceat(r_box[:, 1], gr),
                            np.maximum.reduceat(r_box[:, 2], gr), np.maximum.reduceat(r_box[:, 3], gr)])
    ebox = np.empty((4, len(x)))
    np.minimum(x, x1, out=ebox[0])
    np.minimum(y, y1, out=ebox[1])
    np.maximum(x, x1, out=ebox[2])
    np.maximum(y, y1, out=ebox[3])
    return _Plane(x, y, ~last & ((x1 != x) | (y1 != y)), ebox, cum, v_start, v_count, bbox, ring_off, gr.copy(), np.diff(geom_roff), r_area,
                  np.where(shell == (r_area > 0), 1.0, -1.0), r_box)


def _near_edges(P: _Plane, g: np.ndarray, box: np.ndarray):
    """Per pair k: the edges of geometry g[k] whose envelope meets box[k]; returns (edge, k)."""
    v, k = _expand(P.v_start[g], P.v_count[g])
    # one side at a time, each on the survivors of the last: most edges fail the first test or two
    for side, col, below in ((0, 2, True), (2, 0, False), (1, 3, True), (3, 1, False)):
        e, b = P.ebox[side, v], box[k, col]
        keep = e <= b if below else e >= b
        v, k = v[keep], k[keep]
    keep = P.edge[v]
    return v[keep], k[keep]


def _inside(P: _Plane, g: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Is point i inside geometry g[i] (even-odd ray cast over all its rings)? Only called for points
    that are not on the geometry's boundary (those pairs are degenerate and overlaid instead)."""
    v, k = _expand(P.v_start[g], P.v_count[g])
    keep = P.edge[v]
    v, k = v[keep], k[keep]
    y0, y1, qy = P.y[v], P.y[v + 1], py[k]
    keep = (y0 > qy) != (y1 > qy)
    v, k, y0, y1, qy = v[keep], k[keep], y0[keep], y1[keep], qy[keep]
    x0 = P.x[v]
    hit = px[k] < x0 + (qy - y0) * (P.x[v + 1] - x0) / (y1 - y0)
    return (np.bincount(k[hit], minlength=len(g)) & 1).astype(bool)


def _ring_of(P: _Plane, v: np.ndarray) -> np.ndarray:
    return np.searchsorted(P.ring_off, v, side="right") - 1


def _add_ring_terms(P: _Plane, Q: _Plane, gp: np.ndarray, gq: np.ndarray, kx, vx, tx, sig, area) -> None:
    """area[k] += Σ over the rings of P[gp[k]] of sign·inside(first vertex, Q[gq[k]])·ring area.
    A ring crossed in pair k is inside before its first crossing iff that crossing leaves Q; an
    uncrossed ring is wholly inside or outside: outside if its envelope leaves Q's, else ray-cast."""
    K = len(area)
    r, kr = _expand(P.g_rstart[gp], P.g_rcount[gp])
    state = np.zeros(len(r))
    known = np.zeros(len(r), bool)
    if len(kx):
        rx = _ring_of(P, vx)
        order = np.lexsort((vx + tx, rx, kx))
        ks, rs = kx[order], rx[order]
        head = np.r_[True, (ks[1:] != ks[:-1]) | (rs[1:] != rs[:-1])]
        keys = ks[head] * len(P.r_area) + rs[head]
        want = kr * len(P.r_area) + r
        pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        known = keys[pos] == want
        state[known] = sig[order][head][pos[known]] < 0
    rb, qb = P.r_box[r], Q.bbox[gq[kr]]
    test = np.flatnonzero(~known & (rb[:, 0] >= qb[:, 0]) & (rb[:, 1] >= qb[:, 1]) & (rb[:, 2] <= qb[:, 2])
                          & (rb[:, 3] <= qb[:, 3]))
    fv = P.ring_off[r[test]]
    state[test] = _inside(Q, gq[kr[test]], P.x[fv], P.y[fv])
    area += np.bincount(kr, weights=state * P.r_sign[r] * P.r_area[r], minlength=K)


def _intersection_areas(A: _Plane, B: _Plane, ai: np.ndarray, bj: np.ndarray):
    """Area of A[ai[k]] ∩ B[bj[k]] for every pair k, and the mask of pairs in degenerate position
    (a vertex on the other's boundary, collinear edges) whose area must come from an exact overlay.

    Orient both boundaries with the interior on the left: ∂(A∩B) = (∂A inside B) ∪ (∂B inside A),
    so area = ½∮ p × dp over those parts. Along a ring the inside state flips at each proper crossing,
    hence a ring's share is ``inside(first vertex)·ring area + Σ_crossings σ·(c_e·(1−t) + Σ c after e)``
    (c_e: the edge's shoelace term, t: where the crossing cuts it, σ = ±1 entering/leaving): only the
    crossings of edges near the other polygon are computed, never the intersection polygon."""
    K = len(ai)
    area = np.zeros(K)
    bad = np.zeros(K, bool)
    if not K:
        return area, bad
    ea, ka = _near_edges(A, ai, B.bbox[bj])
    eb, kb = _near_edges(B, bj, A.bbox[ai])
    na, nb = np.bincount(ka, minlength=K), np.bincount(kb, minlength=K)
    loc, k = _expand(np.zeros(K, dtype=np.int64), na * nb)         # near A edge × near B edge
    nbk = nb[k]
    ia, ib = ea[(np.cumsum(na) - na)[k] + loc // nbk], eb[(np.cumsum(nb) - nb)[k] + loc % nbk]
    for sa, sb, below in ((0, 2, True), (2, 0, False), (1, 3, True), (3, 1, False)):   # envelopes meet
        x, y = A.ebox[sa, ia], B.ebox[sb, ib]
        m = x <= y if below else x >= y
        ia, ib, k = ia[m], ib[m], k[m]
    px, py = A.x[ia], A.y[ia]
    rx, ry = A.x[ia + 1] - px, A.y[ia + 1] - py
    sx, sy = B.x[ib + 1] - B.x[ib], B.y[ib + 1] - B.y[ib]
    wx, wy = B.x[ib] - px, B.y[ib] - py
    den = rx * sy - ry * sx
    lr = np.hypot(rx, ry)
    par = np.abs(den) <= PARALLEL_SIN * lr * np.hypot(sx, sy)
    safe = np.where(par, 1.0, den)
    t, u = (wx * sy - wy * sx) / safe, (wx * ry - wy * rx) / safe
    near = ~par & (t >= -PARAM_EPS) & (t <= 1 + PARAM_EPS) & (u >= -PARAM_EPS) & (u <= 1 + PARAM_EPS)
    proper = near & (t > PARAM_EPS) & (t < 1 - PARAM_EPS) & (u > PARAM_EPS) & (u < 1 - PARAM_EPS)
    degenerate = near & ~proper
    pp = np.flatnonzero(par)
    if len(pp):   # (nearly) parallel edges are degenerate where they touch, cross or overlap
        rxp, ryp, lp = rx[pp], ry[pp], lr[pp]
        w0x, w0y = wx[pp], wy[pp]
        w1x, w1y = w0x + sx[pp], w0y + sy[pp]
        h0, h1 = (w0x * ryp - w0y * rxp) / lp, (w1x * ryp - w1y * rxp) / lp
        t0, t1 = (w0x * rxp + w0y * ryp) / lp ** 2, (w1x * rxp + w1y * ryp) / lp ** 2
        tol = TOUCH_TOL_M / lp
        meet = (h0 * h1 <= 0) | (np.minimum(np.abs(h0), np.abs(h1)) <= TOUCH_TOL_M)
        degenerate[pp] = meet & (np.maximum(t0, t1) >= -tol) & (np.minimum(t0, t1) <= 1 + tol)
    bad[k[degenerate]] = True

    x = np.flatnonzero(proper)
    kx, ax, bx, tx, ux = k[x], ia[x], ib[x], t[x], u[x]
    ra, rb = _ring_of(A, ax), _ring_of(B, bx)
    sa, sb = A.r_sign[ra], B.r_sign[rb]
    sig_a = sb * np.where(den[x] < 0, 1.0, -1.0)       # A's edge, in stored order, enters B
    sig_b = sa * np.where(den[x] > 0, 1.0, -1.0)       # B's edge, in stored order, enters A
    ga, gb = ai[kx], bj[kx]
    oxa, oya = A.x[A.v_start[ga]], A.y[A.v_start[ga]]
    oxb, oyb = B.x[B.v_start[gb]], B.y[B.v_start[gb]]
    c_a = 0.5 * ((A.x[ax] - oxa) * (A.y[ax + 1] - oya) - (A.x[ax + 1] - oxa) * (A.y[ax] - oya))
    suf_a = A.cum[A.ring_off[ra + 1] - 1] - A.cum[ax]
    # B's terms are relative to B's first vertex; moved to A's: c − ½ (o_A − o_B) × d
    c_b = 0.5 * ((B.x[bx] - oxb) * (B.y[bx + 1] - oyb) - (B.x[bx + 1] - oxb) * (B.y[bx] - oyb))
    suf_b = B.cum[B.ring_off[rb + 1] - 1] - B.cum[bx]
    ddx, ddy = oxa - oxb, oya - oyb
    c_b -= 0.5 * (ddx * (B.y[bx + 1] - B.y[bx]) - ddy * (B.x[bx + 1] - B.x[bx]))
    rs = B.ring_off[rb]
    suf_b -= 0.5 * (ddx * (B.y[rs] - B.y[bx + 1]) - ddy * (B.x[rs] - B.x[bx + 1]))
    term = sa * sig_a * (c_a * (1.0 - tx) + suf_a) + sb * sig_b * (c_b * (1.0 - ux) + suf_b)
    area += np.bincount(kx, weights=term, minlength=K)
    _add_ring_terms(A, B, ai, bj, kx, ax, tx, sig_a, area)
    _add_ring_terms(B, A, bj, ai, kx, bx, ux, sig_b, area)
    return area, bad


def _pairs(A: _Plane, B: _Plane):
    """Pairs (i, j) whose envelopes meet, from one bulk STRtree query."""
    if not len(A.bbox) or not len(B.bbox):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return shapely.STRtree(shapely.box(*B.bbox.T)).query(shapely.box(*A.bbox.T))


def _overlaps(P: _Plane, p_ll: np.ndarray, Q: _Plane, q_ll: np.ndarray, centre, method: str, counts: dict,
              prefix: str):
    """Pairs (patch i, polygon j) sharing more than MIN_PIECE_M2, with the area of each piece."""
    pi, qj = _pairs(P, Q)
    if method == "geos":
        bad = np.ones(len(pi), bool)
        area = np.zeros(len(pi))
    else:
        area, bad = _intersection_areas(P, Q, pi, qj)
    if bad.any():
        b = np.flatnonzero(bad)
        area[b] = shapely.area(_plane_intersection(p_ll[pi[b]], q_ll[qj[b]], centre))
    counts[prefix + "pairs"] = counts.get(prefix + "pairs", 0) + len(pi)
    counts[prefix + "pairs_overlaid"] = counts.get(prefix + "pairs_overlaid", 0) + int(bad.sum())
    keep = area > MIN_PIECE_M2
    return pi[keep], qj[keep], area[keep]


def _plane_intersection(a_ll: np.ndarray, b_ll: np.ndarray, centre) -> np.ndarray:
    """GEOS intersection of lon/lat geometry pairs, computed in the chunk's plane."""
    a = project_equal_area(a_ll, *centre)
    b = project_equal_area(b_ll, *centre)
    try:
        return shapely.intersection(a, b)
    except shapely.errors.GEOSException:     # invalid in the plane (vertices within float noise)
        return shapely.intersection(polygonal(a)[0], polygonal(b)[0])


def _union_area(p_ll: np.ndarray, q_ll: np.ndarray, pi: np.ndarray, qj: np.ndarray, which: np.ndarray,
                centre) -> np.ndarray:
    """Area of patch ∩ (union of its polygons), for each patch in ``which`` (exact GEOS overlay)."""
    out = np.zeros(len(which))
    order = np.argsort(pi, kind="stable")
    spi = pi[order]
    for n, p in enumerate(which):
        lo, hi = np.searchsorted(spi, [p, p + 1])
        union = shapely.union_all(project_equal_area(q_ll[qj[order[lo:hi]]], *centre))
        out[n] = shapely.area(shapely.intersection(project_equal_area([p_ll[p]], *centre)[0], union))
    return out
