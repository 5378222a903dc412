"""Which township and village a patch belongs to: by administrative code when the batch gives one,
else spatially — the boundary polygon that covers most of the patch."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np
import shapely


def by_largest_overlap(patches: Sequence, regions: Sequence) -> np.ndarray:
    """For each patch, the index of the region covering most of it (-1 when none touches it).

    Shares are compared in degrees²: inside one county the distortion is the same for every candidate."""
    patches = np.asarray(patches, dtype=object)
    regions = np.asarray(regions, dtype=object)
    out = np.full(len(patches), -1, dtype=np.int64)
    if len(patches) == 0 or len(regions) == 0:
        return out
    tree = shapely.STRtree(regions)
    pi, ri = tree.query(patches, predicate="intersects")
    if len(pi) == 0:
        return out
    inside = shapely.contains_properly(regions[ri], patches[pi])   # the usual case: no clipping needed
    areas = np.where(inside, shapely.area(patches[pi]), 0.0)
    edge = ~inside
    if edge.any():
        areas[edge] = shapely.area(shapely.intersection(patches[pi[edge]], regions[ri[edge]]))
    order = np.lexsort((-areas, pi))   # per patch, largest area first
    first = np.r_[True, pi[order][1:] != pi[order][:-1]]
    best = order[first]
    keep = areas[best] > 0
    out[pi[best][keep]] = ri[best][keep]
    return out


def by_code(codes: Sequence[Optional[str]], known: dict[str, int], digits: int) -> np.ndarray:
    """Index of the region whose code is the first ``digits`` digits of each patch's code (-1 if none)."""
    out = np.full(len(codes), -1, dtype=np.int64)
    for i, c in enumerate(codes):
        if c and len(str(c)) >= digits:
            out[i] = known.get(str(c)[:digits], -1)
    return out
