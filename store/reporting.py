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
