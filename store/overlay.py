"""The land-survey overlay written into the workspace: a per-class breakdown for every unit (a patch,
or each part of a split patch) and the summary areas on the patch/part that rules and reports read."""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
import pandas as pd

from ..core.audit import canonical, compact
from ..core.overlay import overlay_landuse
from ..core.units import M2_PER_MU
from .audit_text import _plain
from .schema import AUDITED
from .workspace import Workspace, now_text

SUMMARY_FIELDS = ("GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ", "WLYDMJ")
INSERT_CHUNK = 20_000     # breakdown rows per insert: bounds the memory the create records take


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


def _delete_rows(ws: Workspace, table: str, fids: list[int], source: Optional[str]) -> None:
    """``ws.delete`` of many rows of a table without geometry (wz_dlmj), set-based: the old rows read in
    chunked queries, deleted in one statement each chunk, each with the record ``delete`` writes ({field:
    [old, None]} of its non-null fields)."""
    if not fids:
        return
    assert ws.tables[table].geometry is None, "geometry digests are not recorded here"
    cols = list(ws.tables[table].codes)
    sql = (f"SELECT fid, {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {table} WHERE fid IN ({{marks}})"
           + ws._lock_rows_sql)
    for s in range(0, len(fids), ws.BULK_CHUNK):
        part = fids[s:s + ws.BULK_CHUNK]
        old = {int(r[0]): r[1:] for r in ws._fetch_in(sql, part)}
        gone = [f for f in part if f in old]
        ws._execmany(f"DELETE FROM {table} WHERE fid = {ws.ph}", [(f,) for f in gone])
        if table in AUDITED:
            ws.append_audit_many([(table, f, "delete", canonical({c: [compact(_plain(v)), None]
                                                                  for c, v in zip(cols, old[f]) if v is not None}))
                                  for f in gone], source)


def _insert_breakdown(ws: Workspace, data: dict[str, list], source: Optional[str]) -> None:
    """The breakdown rows, column-wise, in chunks (bounded memory; one audited create record per row), in
    patch order: the TBID index then grows at its end instead of taking each row somewhere in the middle."""
    n = len(data["TBID"])
    order = np.argsort(np.asarray(data["TBID"], dtype=np.int64), kind="stable").tolist()
    data = {k: [v[i] for i in order] for k, v in data.items()}
    for s in range(0, n, INSERT_CHUNK):
        ws.insert_columns("wz_dlmj", {k: v[s:s + INSERT_CHUNK] for k, v in data.items()}, min(n - s, INSERT_CHUNK),
                          source=source)


def run_overlay(ws: Workspace, source, protections: Optional[dict] = None, fids: Optional[list[int]] = None,
                label: str = "", progress: Optional[Callable[[float], None]] = None,
                is_cancelled: Optional[Callable[[], bool]] = None, source_tag: Optional[str] = None) -> dict:
    """Overlay the units of ``fids`` (default: all) with the land survey ``source`` (a core.parcel_source
    ParcelSource) and ``protections`` ({summary field: source}, e.g. {"YJJBNTMJ": basic farmland}); store
    the results in one transaction, set-based. Returns counts and the engine's stats."""
    ids, geoms, keys = _units(ws, fids)
    if not ids:
        return {"units": 0}
    res = overlay_landuse(ids, geoms, source, protections=protections or {},
                          progress=(lambda f: progress(0.9 * f)) if progress else None, is_cancelled=is_cancelled)
    classes = res.class_areas()
    summary = res.summary(unit="mu", classes=classes)
    stamp = now_text()
    done = f"{stamp} {label}".strip()
    tbid = np.array([k[0] for k in keys], dtype=object)
    fgid = np.array([k[1] for k in keys], dtype=object)
    unit = pd.Index(ids)
    with ws.transaction():
        # The units' earlier breakdowns, read in one query (not one per unit), removed set-based.
        wanted = set(keys)
        old = [int(rid) for rid, tb, fg in ws._fetch_in('SELECT fid, "TBID", "FGID" FROM wz_dlmj WHERE "TBID" IN '
                                                         '({marks}) ORDER BY fid', sorted({int(t) for t, _ in keys}))
               if (int(tb), None if fg is None else int(fg)) in wanted]
        _delete_rows(ws, "wz_dlmj", old, source_tag)
        at = unit.get_indexer(classes["patch_id"].astype(str))
        area = classes["area_m2"].to_numpy(dtype=float)
        data = {"TBID": tbid[at].tolist(), "FGID": fgid[at].tolist(), "LX": ["地类"] * len(at),
                "DM": classes["DLBM"].astype(str).tolist(), "MC": classes["DLMC"].tolist(),
                "SDL": classes["category"].tolist(), "MJ": area.tolist(), "MJMU": (area / M2_PER_MU).tolist(),
                "FXSJ": [stamp] * len(at)}
        for field in (protections or {}):
            m2 = res.patches[field]
            m2 = m2[m2 > 0]
            at = unit.get_indexer(m2.index.astype(str))
            v = m2.to_numpy(dtype=float)
            for k, col in (("TBID", tbid[at].tolist()), ("FGID", fgid[at].tolist()), ("LX", ["保护"] * len(at)),
                           ("DM", [field] * len(at)), ("MC", [field] * len(at)), ("SDL", [None] * len(at)),
                           ("MJ", v.tolist()), ("MJMU", (v / M2_PER_MU).tolist()), ("FXSJ", [stamp] * len(at))):
                data[k] += col
        _insert_breakdown(ws, data, source_tag)
        # The summaries, set-based: a unit whose figures and stamp are as stored is not written.
        fields = [f for f in SUMMARY_FIELDS if f in summary.columns]
        patches: dict[int, dict] = {}
        parts: dict[int, dict] = {}
        at = unit.get_indexer(summary.index.astype(str))
        for tb, fg, *values in zip(tbid[at], fgid[at], *(summary[f].tolist() for f in fields)):
            change = {f: float(v) for f, v in zip(fields, values) if v == v}
            change["DLFX"] = done
            if fg is None:
                patches[tb] = change
            else:
                parts[fg] = change
        ws.update_many("wz_patch", patches, source=source_tag, action="overlay")
        ws.update_many("wz_part", parts, source=source_tag, action="overlay")
        if progress:
            progress(1.0)
    return {"units": len(ids), "classes": len(classes), "uncovered_units": int((res.patches["uncovered_m2"] > 1e-3).sum()),
            "stats": res.stats}
