"""The land-survey overlay written into the workspace: a per-class breakdown for every unit (a patch,
or each part of a split patch) and the summary areas on the patch/part that rules and reports read."""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from ..core.overlay import overlay_landuse
from ..core.units import M2_PER_MU
from .workspace import Workspace, now_text

SUMMARY_FIELDS = ("GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ", "WLYDMJ")


def _units(ws: Workspace, fids: Optional[list[int]]):
    """(unit ids, geometries, (tbid, fgid) per unit): unsplit patches, and the parts of split ones."""
    where, params = "", ()
    if fids is not None:
        fids = [int(f) for f in fids]
        where, params = f"fid IN ({', '.join([ws.ph] * len(fids))})", tuple(fids)
    patches = ws.select("wz_patch", ["JCBH"], where=where, params=params, geometry=True)
    tb_where = where.replace("fid IN", '"TBID" IN')
    parts = ws.select("wz_part", ["TBID", "FGBH"], where=tb_where, params=params, geometry=True)
    split = set(parts["TBID"].astype(int)) if len(parts) else set()
    ids, geoms, keys = [], [], []
    for fid, geom in zip(patches["fid"].astype(int), patches["geom"]):
        if fid not in split:
            ids.append(str(fid))
            geoms.append(geom)
            keys.append((fid, None))
    for pfid, tbid, fgbh, geom in zip(parts["fid"].astype(int), parts["TBID"].astype(int), parts["FGBH"],
                                      parts["geom"]):
        ids.append(f"{tbid}-{fgbh}")
        geoms.append(geom)
        keys.append((tbid, pfid))
    return ids, np.array(geoms, dtype=object), keys


def run_overlay(ws: Workspace, source, protections: Optional[dict] = None, fids: Optional[list[int]] = None,
                label: str = "", progress: Optional[Callable[[float], None]] = None,
                is_cancelled: Optional[Callable[[], bool]] = None, source_tag: Optional[str] = None) -> dict:
    """Overlay the units of ``fids`` (default: all) with the land survey ``source`` (a core.parcel_source
    ParcelSource) and ``protections`` ({summary field: source}, e.g. {"YJJBNTMJ": basic farmland}); store
    the results in one transaction. Returns counts and the engine's stats."""
    ids, geoms, keys = _units(ws, fids)
    if not ids:
        return {"units": 0}
    res = overlay_landuse(ids, geoms, source, protections=protections or {},
                          progress=(lambda f: progress(0.9 * f)) if progress else None, is_cancelled=is_cancelled)
    summary = res.summary(unit="mu")
    classes = res.class_areas()
    stamp = now_text()
    done = f"{stamp} {label}".strip()
    key_of = dict(zip(ids, keys))
    with ws.transaction():
        # The units' earlier breakdowns, read in one query (not one per unit), removed unit by unit.
        old: dict[tuple, list[int]] = {}
        for rid, tbid, fgid in ws._fetch_in('SELECT fid, "TBID", "FGID" FROM wz_dlmj WHERE "TBID" IN ({marks}) '
                                            'ORDER BY fid', sorted({int(t) for t, _ in keys})):
            old.setdefault((int(tbid), None if fgid is None else int(fgid)), []).append(int(rid))
        for key in keys:
            for rid in old.get(key, ()):
                ws.delete("wz_dlmj", rid, source=source_tag)
        rows = []
        for r in classes.itertuples(index=False):
            tbid, fgid = key_of[str(r.patch_id)]
            rows.append({"TBID": tbid, "FGID": fgid, "LX": "地类", "DM": str(r.DLBM), "MC": r.DLMC,
                         "SDL": r.category, "MJ": float(r.area_m2), "MJMU": float(r.area_m2) / M2_PER_MU,
                         "FXSJ": stamp})
        for field in (protections or {}):
            for uid, m2 in res.patches[field].items():
                if m2 > 0:
                    tbid, fgid = key_of[str(uid)]
                    rows.append({"TBID": tbid, "FGID": fgid, "LX": "保护", "DM": field, "MC": field, "MJ": float(m2),
                                 "MJMU": float(m2) / M2_PER_MU, "FXSJ": stamp})
        if rows:
            ws.insert("wz_dlmj", rows, source=source_tag)
        # The summaries, set-based: a unit whose figures and stamp are as stored is not written.
        fields = [f for f in SUMMARY_FIELDS if f in summary.columns]
        patches: dict[int, dict] = {}
        parts: dict[int, dict] = {}
        for uid, *values in zip(summary.index, *(summary[f].tolist() for f in fields)):
            tbid, fgid = key_of[str(uid)]
            change = {f: float(v) for f, v in zip(fields, values) if v == v}
            change["DLFX"] = done
            if fgid is None:
                patches[tbid] = change
            else:
                parts[fgid] = change
        ws.update_many("wz_patch", patches, source=source_tag, action="overlay")
        ws.update_many("wz_part", parts, source=source_tag, action="overlay")
        if progress:
            progress(1.0)
    return {"units": len(ids), "classes": len(classes), "uncovered_units": int((res.patches["uncovered_m2"] > 1e-3).sum()),
            "stats": res.stats}
