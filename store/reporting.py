"""Read-only queries behind the reports (ledgers, statistics, the per-patch record).

Plain SQL over the workspace tables, as DataFrames with the field codes as columns; reports/ turns
them into Chinese tables and documents. Nothing here writes.
"""
from __future__ import annotations

from typing import Optional

import pandas as pd

from .workspace import Workspace

UNIT_COLUMNS = ["TBID", "FGID", "FGBH", "JCBH", "PCBH", "JB", "XZMC", "CMC", "MJ", "GDMJ", "YJJBNTMJ", "ZT",
                "HCJZ", "PDJG", "PDBZ", "PDTK", "PDYJSM", "KCPDJG", "KCPDSM", "PDSJ"]
PATCH_STATUS_COLUMNS = ["TBID", "JCBH", "PCBH", "XZMC", "ZT", "HCJZ", "PDJG"]
PHOTO_COLUMNS = ["fid", "YWJM", "WJLJ", "FX", "PSSJ", "SB", "WRJ"]


def determined_units(ws: Workspace, batch_code: Optional[str] = None) -> pd.DataFrame:
    """One row per stored determination (a patch, or a part of a split patch) with the patch's ids,
    place and status. Areas (亩) are the part's where the determination is a part's, else the patch's."""
    sql = ('SELECT d."TBID", d."FGID", t."FGBH", p."JCBH", b."PCBH", b."JB", p."XZMC", p."CMC", '
           'COALESCE(t."TBMJMU", p."TBMJMU"), '
           'CASE WHEN d."FGID" IS NULL THEN p."GDMJ" ELSE t."GDMJ" END, '
           'CASE WHEN d."FGID" IS NULL THEN p."YJJBNTMJ" ELSE t."YJJBNTMJ" END, '
           'p."ZT", p."HCJZ", d."PDJG", d."PDBZ", d."PDTK", d."PDYJSM", d."KCPDJG", d."KCPDSM", d."PDSJ" '
           'FROM wz_determ d JOIN wz_patch p ON p.fid = d."TBID" JOIN wz_batch b ON b.fid = p."PCID" '
           'LEFT JOIN wz_part t ON t.fid = d."FGID"')
    params: list = []
    if batch_code:
        sql += f' WHERE b."PCBH" = {ws.ph}'
        params.append(batch_code)
    sql += ' ORDER BY b."XFRQ", b."PCBH", p."JCBH", t."FGBH"'
    return pd.DataFrame.from_records(ws._fetch(sql, params), columns=UNIT_COLUMNS)


def patch_status(ws: Workspace, batch_code: Optional[str] = None) -> pd.DataFrame:
    """One row per patch: ids, township, status, deadline and the patch's (combined) determination."""
    sql = ('SELECT p.fid, p."JCBH", b."PCBH", p."XZMC", p."ZT", p."HCJZ", p."PDJG" '
           'FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"')
    params: list = []
    if batch_code:
        sql += f' WHERE b."PCBH" = {ws.ph}'
        params.append(batch_code)
    sql += ' ORDER BY p.fid'
    return pd.DataFrame.from_records(ws._fetch(sql, params), columns=PATCH_STATUS_COLUMNS)


def patch_photos(ws: Workspace, fid: int) -> pd.DataFrame:
    """The photos of patch ``fid`` in the order they were taken."""
    rows = ws._fetch('SELECT fid, "YWJM", "WJLJ", "FX", "PSSJ", "SB", "WRJ" FROM wz_photo '
                     f'WHERE "TBID" = {ws.ph} ORDER BY "PSSJ", fid', (int(fid),))
    return pd.DataFrame.from_records(rows, columns=PHOTO_COLUMNS)


def patch_extra(ws: Workspace, fid: int) -> dict:
    """Patch fields the record form shows beyond the patch card (issue date, fix notes)."""
    rows = ws._fetch(f'SELECT "XFSJ", "BZ", "DLFX", "SFSK" FROM wz_patch WHERE fid = {ws.ph}', (int(fid),))
    return dict(zip(["XFSJ", "BZ", "DLFX", "SFSK"], rows[0])) if rows else {}


RECORD_BATCH = 400   # patches per batch: few queries, and well below SQLite's bound on query parameters
_EXTRA_KEYS = ["XFSJ", "BZ", "DLFX", "SFSK"]


def _grouped(ws: Workspace, sql: str, fids: list[int], names: list[str]) -> dict[int, list[dict]]:
    """Rows of ``sql`` (first column TBID, then ``names``; a ``{in}`` placeholder for the fids) by patch."""
    out: dict[int, list[dict]] = {}
    for r in ws._fetch(sql.format(**{"in": ", ".join([ws.ph] * len(fids))}), fids):
        out.setdefault(int(r[0]), []).append(dict(zip(names, r[1:])))
    return out


def record_form_cards(ws: Workspace, fids) -> dict[int, dict]:
    """For each of ``fids`` (those that exist) what store.queue.patch_card, ``patch_extra`` and ``patch_photos``
    give for one patch, with the photos as a list of dicts under ``photo_rows`` — one query per table for all
    of them, not six per patch (the record forms of a county are read in batches of ``RECORD_BATCH``)."""
    from .queue import _BATCH_KEYS, CARD_KEYS

    fids = [int(f) for f in fids]
    if not fids:
        return {}
    ph_in = "{in}"
    cols = ", ".join(("b." if k in _BATCH_KEYS else "p.") + (k if k == "fid" else f'"{k}"') for k in CARD_KEYS)
    extra = ", ".join(f'p."{k}"' for k in _EXTRA_KEYS)
    rows = ws._fetch(f'SELECT {cols}, {extra} FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID" '
                     f'WHERE p.fid IN ({", ".join([ws.ph] * len(fids))})', fids)
    cards = {int(r[0]): dict(zip(CARD_KEYS + _EXTRA_KEYS, r)) for r in rows}
    # the orders of store.queue.patch_card and patch_photos within each patch (fid breaks ties as the seek does)
    per_patch = {
        "determinations": ('SELECT "TBID", fid, "FGID", "PDJG", "PDBZ", "PDTK", "PDYJSM", "QSSS" FROM wz_determ '
                           f'WHERE "TBID" IN ({ph_in}) ORDER BY "TBID", fid',
                           ["fid", "FGID", "PDJG", "PDBZ", "PDTK", "PDYJSM", "QSSS"]),
        "parts": (f'SELECT "TBID", fid, "FGBH", "TBMJMU", "PDJG" FROM wz_part WHERE "TBID" IN ({ph_in}) '
                  'ORDER BY "TBID", "FGBH", fid', ["fid", "FGBH", "TBMJMU", "PDJG"]),
        "landuse": (f'SELECT "TBID", fid, "FGID", "LX", "DM", "MC", "MJMU" FROM wz_dlmj WHERE "TBID" IN ({ph_in}) '
                    'ORDER BY "TBID", "MJMU" DESC, fid', ["fid", "FGID", "LX", "DM", "MC", "MJMU"]),
        "photo_rows": (f'SELECT "TBID", {", ".join(c if c == "fid" else chr(34) + c + chr(34) for c in PHOTO_COLUMNS)} '
                       f'FROM wz_photo WHERE "TBID" IN ({ph_in}) ORDER BY "TBID", "PSSJ", fid', PHOTO_COLUMNS),
    }
    for key, (sql, names) in per_patch.items():
        groups = _grouped(ws, sql, list(cards), names)
        for fid, card in cards.items():
            card[key] = groups.get(fid, [])
    for card in cards.values():
        photos = card["photo_rows"]
        card["photos"], card["drone_photos"] = len(photos), sum(1 for r in photos if r["WRJ"])
    return cards


def record_form_keys(ws: Workspace, fids) -> dict[int, tuple[str, str, str]]:
    """(监测编号, 批次编号, 乡镇名称) of each of ``fids`` that exists: what names a record form's file and bookmark
    when a county's forms are written as books (reports/export.py)."""
    wanted = {int(f) for f in fids}
    rows = ws._fetch('SELECT p.fid, p."JCBH", b."PCBH", p."XZMC" FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"', [])
    return {int(r[0]): tuple("" if v is None else str(v) for v in r[1:]) for r in rows if int(r[0]) in wanted}
