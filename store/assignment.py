"""Writing each patch's township and village (codes and names), audited, from boundary polygons."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np

from ..core.assign import by_code, by_largest_overlap
from .workspace import Workspace

ASSIGNED_FIELDS = ("XZDM", "XZMC", "CDM", "CMC")   # the patch columns an assignment writes


def assign_patches(ws: Workspace, towns: tuple[Sequence, Sequence, Sequence],
                   villages: Optional[tuple[Sequence, Sequence, Sequence]] = None,
                   only_missing: bool = False, source: Optional[str] = None) -> dict:
    """``towns`` / ``villages`` = (geometries in EPSG:4490, codes, names). A patch whose own village or
    township code (CDM / XZDM from the batch) names a known region keeps it; the others are assigned to the
    region covering most of them. Returns counts by method."""
    patches = ws.select("wz_patch", ["XZDM", "XZMC", "CDM", "CMC"], geometry=True)
    if patches.empty:
        return {"patches": 0}
    counts = {"patches": len(patches), "by_code": 0, "spatial": 0, "unassigned": 0}
    t_geoms, t_codes, t_names = (np.asarray(x, dtype=object) for x in towns)
    t_index = by_code(patches["XZDM"].tolist(), {str(c): i for i, c in enumerate(t_codes)}, 9)
    coded = t_index >= 0
    spatial_t = by_largest_overlap(patches["geom"].to_numpy(), t_geoms)
    t_best = np.where(coded, t_index, spatial_t)
    v_best = np.full(len(patches), -1)
    if villages is not None:
        v_geoms, v_codes, v_names = (np.asarray(x, dtype=object) for x in villages)
        v_index = by_code(patches["CDM"].tolist(), {str(c): i for i, c in enumerate(v_codes)}, 12)
        v_best = np.where(v_index >= 0, v_index, by_largest_overlap(patches["geom"].to_numpy(), v_geoms))
    changes: dict[int, dict] = {}
    rows = zip(patches["fid"].tolist(), patches["XZMC"].tolist(), patches["CMC"].tolist())
    for k, (fid, xzmc, cmc) in enumerate(rows):
        if only_missing and _filled(xzmc) and (villages is None or _filled(cmc)):
            continue
        change = {}
        if t_best[k] >= 0:
            change.update(XZDM=str(t_codes[t_best[k]]), XZMC=str(t_names[t_best[k]]))
        if v_best[k] >= 0:
            change.update(CDM=str(v_codes[v_best[k]]), CMC=str(v_names[v_best[k]]))
        if not change:
            counts["unassigned"] += 1
            continue
        counts["by_code" if coded[k] else "spatial"] += 1
        changes[int(fid)] = change
    with ws.transaction():
        ws.update_many("wz_patch", changes, source=source, action="assign")   # unchanged patches are skipped
    return counts


def _filled(v) -> bool:
    """A cell that holds a name (None and NaN, which pandas gives for a missing one, do not)."""
    return bool(v) and v == v
