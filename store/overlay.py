"""The land-survey overlay written into the workspace: a per-class breakdown for every unit (a patch,
or each part of a split patch) and the summary areas on the patch/part that rules and reports read."""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
import pandas as pd

from ..core import overlay as engine
from ..core import overlay_child
from ..core.audit import canonical, compact
from ..core.gcpause import gc_paused
from ..core.landclass import CATEGORY_FIELDS
from ..core.overlay import OverlayResult, _portable, overlay_landuse
from ..core.units import M2_PER_MU
from .audit_text import _plain
from .schema import AUDITED
from .workspace import Workspace, now_text

SUMMARY_FIELDS = ("GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ", "WLYDMJ")
INSERT_CHUNK = 20_000     # breakdown rows per insert: bounds the memory the create records take
FLUSH_UNITS = 5000        # units whose results are written together while the engine goes on


def _units(ws: Workspace, fids: Optional[list[int]]):
    """(unit ids, geometries, (tbid, fgid) per unit): unsplit patches, and the parts of split ones."""
    where, params = "", ()
    if fids is not None:
        fids = [int(f) for f in fids]
        where, params = f"fid IN ({', '.join([ws.ph] * len(fids))})", tuple(fids)
    patches = ws.select("wz_patch", ["JCBH"], where=where, params=params, geometry=True)
    tb_where = where.replace("fid IN", '"TBID" IN')
    parts = ws.select("wz_part", ["TBID", "FGBH"], where=tb_where, params=params, geometry=True)
    # (column-wise: a loop over 100k rows and np.array of a list of geometries cost 0.3 s of 0.6)
    pfid = patches["fid"].to_numpy(dtype=np.int64)
    whole = ~np.isin(pfid, parts["TBID"].to_numpy(dtype=np.int64)) if len(parts) else np.ones(len(pfid), dtype=bool)
    kept = pfid[whole].tolist()
    tbids = parts["TBID"].to_numpy(dtype=np.int64).tolist()
    ids = [str(f) for f in kept] + [f"{t}-{b}" for t, b in zip(tbids, parts["FGBH"])]
    geoms = np.empty(len(ids), dtype=object)
    geoms[:len(kept)] = patches["geom"].to_numpy(dtype=object)[whole]
    geoms[len(kept):] = parts["geom"].to_numpy(dtype=object)
    keys = [(f, None) for f in kept] + list(zip(tbids, parts["fid"].to_numpy(dtype=np.int64).tolist()))
    return ids, geoms, keys


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


def _summary_mu(res: OverlayResult, classes: pd.DataFrame) -> dict[str, np.ndarray]:
    """The summary fields :meth:`OverlayResult.summary` gives (亩), those the store keeps, per unit of
    ``res.patches``: sums of the class rows per category and per group (one ``bincount`` each instead of
    pandas pivots, which cost more than the rest of a chunk's write), and the protection layers."""
    n = len(res.patches)
    at = res.patches.index.get_indexer(classes["patch_id"])
    area = classes["area_m2"].to_numpy(dtype=float)
    out = {}
    for col, names in (("category", CATEGORY_FIELDS), ("group", res.table.groups)):
        values = classes[col].to_numpy()
        for name, field in names.items():
            m = values == name
            out[field] = np.bincount(at[m], weights=area[m], minlength=n) / M2_PER_MU
    for name in res.protection_names:
        out[name] = res.patches[name].to_numpy(dtype=float) / M2_PER_MU
    return out


def _write_units(ws: Workspace, res: OverlayResult, protections, tbid: np.ndarray, fgid: np.ndarray,
                 unit: pd.Index, stamp: str, done: str, source_tag: Optional[str]) -> int:
    """The breakdown rows and the summaries of the units in ``res`` (inside the caller's transaction).
    Returns the number of class rows written."""
    classes = res.class_areas()
    summary = _summary_mu(res, classes)
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
    fields = [f for f in SUMMARY_FIELDS if f in summary]
    patches: dict[int, dict] = {}
    parts: dict[int, dict] = {}
    at = unit.get_indexer(res.patches.index.astype(str))
    for tb, fg, *values in zip(tbid[at], fgid[at], *(summary[f].tolist() for f in fields)):
        change = {f: float(v) for f, v in zip(fields, values) if v == v}
        change["DLFX"] = done
        if fg is None:
            patches[tb] = change
        else:
            parts[fg] = change
    # in fid order: the units come in the engine's (spatial) order, the rows are stored in fid order
    ws.update_many("wz_patch", dict(sorted(patches.items())), source=source_tag, action="overlay")
    ws.update_many("wz_part", dict(sorted(parts.items())), source=source_tag, action="overlay")
    return len(classes)


def run_overlay(ws: Workspace, source, protections: Optional[dict] = None, fids: Optional[list[int]] = None,
                label: str = "", progress: Optional[Callable[[float], None]] = None,
                is_cancelled: Optional[Callable[[], bool]] = None, source_tag: Optional[str] = None) -> dict:
    """Overlay the units of ``fids`` (default: all) with the land survey ``source`` (a core.parcel_source
    ParcelSource) and ``protections`` ({summary field: source}, e.g. {"YJJBNTMJ": basic farmland}); store
    the results in one transaction, set-based. Returns counts and the engine's stats.

    When the engine works in a helper process (a large job, sources readable without QGIS), the results are
    written as it hands them over (every ``FLUSH_UNITS`` units) while it reads and computes the rest on the
    other core: the audited writes take about as long as the overlay itself. Otherwise they come, and are
    written, after the last chunk. Cancelling, or any error, rolls the whole transaction back."""
    many = (len(fids) if fids is not None else ws.count("wz_patch")) >= engine.CHILD_MIN_PATCHES
    if many and _portable(source, protections or {}) is not None:
        overlay_child.prestart()         # its start-up passes while the units are read
    try:
        with gc_paused():   # the units, their pieces and the rows written alive together (core/gcpause.py)
            return _run(ws, source, protections, fids, label, progress, is_cancelled, source_tag)
    finally:
        overlay_child.discard_spare()


def _run(ws, source, protections, fids, label, progress, is_cancelled, source_tag) -> dict:
    ids, geoms, keys = _units(ws, fids)
    if not ids:
        return {"units": 0}
    stamp = now_text()
    done = f"{stamp} {label}".strip()
    tbid = np.array([k[0] for k in keys], dtype=object)
    fgid = np.array([k[1] for k in keys], dtype=object)
    unit = pd.Index(ids)
    pending: list[OverlayResult] = []
    written = {"classes": 0, "units": 0, "flushes": 0}

    def flush():
        if not pending:
            return
        part = OverlayResult(pd.concat([r.pieces for r in pending], ignore_index=True),
                             pd.concat([r.patches for r in pending]), pending[0].table, pending[0].protection_names)
        pending.clear()
        written["flushes"] += 1
        written["classes"] += _write_units(ws, part, protections, tbid, fgid, unit, stamp, done, source_tag)

    def on_chunk(r: OverlayResult):
        pending.append(r)
        written["units"] += len(r.patches)
        if not written["flushes"] or sum(len(p.patches) for p in pending) >= FLUSH_UNITS:
            flush()                 # the first chunk at once: the writes start while the engine goes on

    with ws.transaction():
        # The units' earlier breakdowns, read in one query (not one per unit), removed set-based.
        wanted = set(keys)
        old = [int(rid) for rid, tb, fg in ws._fetch_in('SELECT fid, "TBID", "FGID" FROM wz_dlmj WHERE "TBID" IN '
                                                         '({marks}) ORDER BY fid', sorted({int(t) for t, _ in keys}))
               if (int(tb), None if fg is None else int(fg)) in wanted]
        _delete_rows(ws, "wz_dlmj", old, source_tag)
        res = overlay_landuse(ids, geoms, source, protections=protections or {},
                              progress=(lambda f: progress(0.95 * f)) if progress else None, is_cancelled=is_cancelled,
                              on_chunk=on_chunk)
        flush()
        if written["units"] != len(ids):      # the engine's contract; never write half a result
            raise RuntimeError(f"the overlay gave {written['units']} of {len(ids)} units")
        if progress:
            progress(1.0)
    return {"units": len(ids), "classes": written["classes"],
            "uncovered_units": int((res.patches["uncovered_m2"] > 1e-3).sum()), "stats": res.stats}
