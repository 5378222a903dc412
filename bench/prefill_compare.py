"""bench_prefill's comparison of WPZF's and QGIS's (patch, feature) pair areas, apart from the runs that make them."""
from __future__ import annotations

from pathlib import Path

FULL_SHARE = 0.995          # a patch counts as wholly covered at this summed share (both sides)


def covered_counts(pairs, patch_m2, kind: str) -> dict:
    """Pairs, patches touched, wholly (summed share ≥ FULL_SHARE) and partly covered, for one kind."""
    p = pairs[pairs["kind"] == kind]
    p = p[p["area_m2"] > 1e-6]                       # zero-area touches
    per = p.groupby("JCBH")["area_m2"].sum()
    share = per / patch_m2.reindex(per.index).to_numpy()
    return {"pairs": int(len(p)), "patches": int(len(per)), "full": int((share >= FULL_SHARE).sum()),
            "partly": int((share < FULL_SHARE).sum())}


def _edges(gpkg: Path, table: str, key: str):
    """{key: (longest edge m, perimeter m)} of a layer's polygons (metres ≈ at their latitude)."""
    import sqlite3

    import numpy as np
    import shapely

    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = con.execute(f'SELECT "{key}", geom FROM "{table}"').fetchall()
    con.close()
    env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
    geoms = shapely.from_wkb([b[8 + env[(b[3] >> 1) & 7]:] for _, b in rows])
    xy, idx = shapely.get_coordinates(geoms, return_index=True)
    kx = 111_320.0 * np.cos(np.radians(xy[:, 1]))
    same = idx[1:] == idx[:-1]
    length = np.hypot(np.diff(xy[:, 0]) * kx[1:], np.diff(xy[:, 1]) * 110_574.0)[same]
    longest = np.zeros(len(geoms))
    np.maximum.at(longest, idx[1:][same], length)
    per = np.bincount(idx[1:][same], weights=length, minlength=len(geoms))
    import pandas as pd

    return pd.DataFrame({"longest": longest, "perimeter": per}, index=[r[0] for r in rows])


def allowance(m, patch_edges, feature_edges, lat: float):
    """Per pair: how far the two readings of an edge may move the area. QGIS takes an edge as straight in
    degrees, WPZF as the geodesic; they part by a sagitta ≤ κL²/8 (κ ≤ tan φ / R), so the area of a piece can
    move by up to that times the length of the other polygon's boundary inside it (bounded by its perimeter):
    0.05 m² + κ/8 · (L_feature² · P_patch + L_patch² · P_feature ∧ P_patch)."""
    import math

    import numpy as np

    kappa = math.tan(math.radians(lat)) / 6_371_000.0
    pe = patch_edges.reindex(m["JCBH"])
    fe = feature_edges.reindex(m["fid"])
    lp, pp = pe["longest"].to_numpy(), pe["perimeter"].to_numpy()
    lf, pf = fe["longest"].to_numpy(), fe["perimeter"].to_numpy()
    return 0.05 + kappa / 8 * (lf ** 2 * pp + lp ** 2 * np.minimum(pf, pp))


def compare_pairs(w, q, kind: str, bounds=None) -> dict:
    """Largest relative differences of the pair areas and of the per-patch sums (≥ 1 m² on the WPZF side);
    with ``bounds`` (patch edges, feature edges, latitude) the largest |Δ| / allowance (≤ 1: the same areas
    up to how the two read an edge)."""
    w = w[(w["kind"] == kind) & (w["area_m2"] > 1e-6)]
    q = q[(q["kind"] == kind) & (q["area_m2"] > 1e-6)]
    m = w.merge(q, on=["JCBH", "fid"], how="outer", suffixes=("_w", "_q"))
    a_w, a_q = m["area_m2_w"].fillna(0.0), m["area_m2_q"].fillna(0.0)
    one_sided = (a_w == 0) | (a_q == 0)
    big = a_w >= 1.0
    rel = ((a_w - a_q).abs() / a_w)[big]
    extra = {}
    if bounds is not None and len(m):
        ratio = (a_w - a_q).abs().to_numpy() / allowance(m, *bounds)
        extra = {"max_to_allowance": float(ratio.max()), "agree": bool((ratio <= 1.0).all())}
    big100 = a_w >= 100.0
    tw = w.groupby("JCBH")["area_m2"].sum()
    tq = q.groupby("JCBH")["area_m2"].sum().reindex(tw.index).fillna(0.0)
    tb = tw >= 1.0
    return {"pairs_compared": int(len(m)), "one_sided": int(one_sided.sum()),
            "one_sided_max_m2": float(max(a_w[one_sided].max(), a_q[one_sided].max())) if one_sided.any() else 0.0,
            "pair_max_rel": float(rel.max()) if len(rel) else 0.0,
            "pair_max_rel_ge_100m2": float(((a_w - a_q).abs() / a_w)[big100].max()) if big100.any() else 0.0,
            "sum_rel": float((a_w - a_q).abs().sum() / a_w.sum()) if len(m) else 0.0, **extra,
            "pair_max_abs_m2": float((a_w - a_q).abs().max()) if len(m) else 0.0,
            "patch_max_rel": float(((tw - tq).abs() / tw)[tb].max()) if tb.any() else 0.0}
