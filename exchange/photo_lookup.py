"""The photos of one patch, as the dock reads them on every step: keyed seeks returning plain rows.

``photo_rows`` is the per-step read (the dock's photo strip): one seek on wz_photo's TBID index and, only when
the patch has photos, one seek for the patch's outline and issue date — no DataFrame, no whole-row read of the
patch. ``photos_of_patch`` gives the same rows as a DataFrame for the callers that work with frames (the case
tab's measure dialog, field packages, reports).
"""
from __future__ import annotations

import math
from typing import Optional

import pandas as pd
import shapely

from ..core.dates import as_date
from ..store.workspace import Workspace
from .attachments import resolve_stored_path
from .photo_meta import CHINA_TZ, beijing_time
from .photos import DEFAULT_TOLERANCE_M, PatchContext, photo_checks

PHOTO_COLUMNS = ["TBID", "WJLJ", "YWJM", "SHA", "FX", "PSSJ", "SB", "TJSJ", "TJR", "WRJ", "XDGD"]
DERIVED = ["lon", "lat", "path", "exists", "taken", "distance_m", "before_issue", "outside"]


def _stored_rows(ws: Workspace, tbid: int) -> tuple[list[tuple], list]:
    """(the wz_photo rows of a patch in shooting order: fid + PHOTO_COLUMNS, their points) — one seek by TBID."""
    cols = ", ".join(["fid"] + [f'"{c}"' for c in PHOTO_COLUMNS] + ["geom"])
    rows = ws._fetch(f'SELECT {cols} FROM wz_photo WHERE "TBID" = {ws.ph} ORDER BY "PSSJ" IS NULL, "PSSJ", fid',
                     (int(tbid),))
    if not rows:
        return [], []
    points = ws._decode_geoms([r[-1] for r in rows])
    return [r[:-1] for r in rows], list(points)


def patch_outline(ws: Workspace, tbid: int) -> Optional[PatchContext]:
    """What the photo checks need of a patch — its outline, 监测编号 and issue date (wz_patch.XFSJ, else its
    batch's XFRQ) — in one seek by key (exchange.photos.patch_context reads the whole row and its batch)."""
    rows = ws._fetch(f'SELECT p.geom, p."JCBH", p."XFSJ", b."XFRQ" FROM wz_patch p LEFT JOIN wz_batch b '
                     f'ON b.fid = p."PCID" WHERE p.fid = {ws.ph}', (int(tbid),))
    if not rows:
        return None
    blob, key, issued, batch_issued = rows[0]
    geom = ws._decode_geoms([blob])[0] if blob is not None else None
    return PatchContext(int(tbid), str(key or tbid), geom, as_date(issued) or as_date(batch_issued))


def _derive(ws: Workspace, tbid: int, rows: list[tuple], points: list) -> list[tuple]:
    """Per photo: (lon, lat, path, exists, taken, distance_m, before_issue); lon/lat/distance NaN when unknown."""
    ctx = patch_outline(ws, tbid) if rows else None
    wjlj, pssj = 1 + PHOTO_COLUMNS.index("WJLJ"), 1 + PHOTO_COLUMNS.index("PSSJ")
    out = []
    for r, g in zip(rows, points):
        lon = lat = None
        if g is not None and not shapely.is_empty(g):
            lon, lat = float(g.x), float(g.y)
        p = resolve_stored_path(ws.files_location, r[wjlj])
        local = beijing_time(r[pssj])
        utc = local.replace(tzinfo=CHINA_TZ) if local is not None else None
        d, before = photo_checks(lon, lat, utc, ctx) if ctx else (None, False)
        out.append((math.nan if lon is None else lon, math.nan if lat is None else lat, str(p), p.is_file(), local,
                    math.nan if d is None else d, before))
    return out


def photo_rows(ws: Workspace, tbid: int, tolerance_m: float = DEFAULT_TOLERANCE_M) -> list[dict]:
    """The photos of a patch in shooting order as plain dicts: ``fid``, the wz_photo fields (NULL is None) and
    ``lon``, ``lat`` (NaN without position), ``path`` (absolute), ``exists``, ``taken`` (Beijing time, naive, or
    None), ``distance_m`` (to the patch; 0 inside, NaN without position), ``before_issue`` and ``outside``
    (beyond ``tolerance_m``). The same values as :func:`photos_of_patch`, without building a frame."""
    rows, points = _stored_rows(ws, tbid)
    names = ["fid", *PHOTO_COLUMNS]
    out = []
    for r, extra in zip(rows, _derive(ws, tbid, rows, points)):
        rec = dict(zip(names, r))
        rec.update(zip(DERIVED[:-1], extra))
        rec["outside"] = rec["distance_m"] > tolerance_m   # NaN compares False
        out.append(rec)
    return out


def photos_of_patch(ws: Workspace, tbid: int, tolerance_m: float = DEFAULT_TOLERANCE_M) -> pd.DataFrame:
    """The photos of a patch in shooting order: the wz_photo fields plus ``lon``, ``lat``, ``path``
    (absolute), ``exists``, ``taken`` (Beijing time, naive datetime or None), ``distance_m`` (to the
    patch; 0 inside, NaN without position), ``outside`` (beyond ``tolerance_m``) and ``before_issue``."""
    rows, points = _stored_rows(ws, tbid)
    df = pd.DataFrame.from_records(rows, columns=["fid", *PHOTO_COLUMNS])
    extra = _derive(ws, tbid, rows, points)
    lons, lats, paths, exists, taken, dists, before = (list(c) for c in zip(*extra)) if extra else ([],) * 7
    out = df.assign(lon=pd.Series(lons, dtype=float), lat=pd.Series(lats, dtype=float), path=paths, exists=exists,
                    taken=pd.Series(taken, dtype=object), distance_m=pd.Series(dists, dtype=float),
                    before_issue=before)
    out["outside"] = out["distance_m"] > tolerance_m
    return out



def photo_files(ws: Workspace, tbid: int) -> list[tuple[str, str]]:
    """(SHA-256, absolute path) of a patch's photos in shooting order — one seek by TBID, for decoding the
    thumbnails of the patch the user will step to next while this one shows."""
    rows = ws._fetch(f'SELECT "SHA", "WJLJ" FROM wz_photo WHERE "TBID" = {ws.ph} ORDER BY "PSSJ" IS NULL, "PSSJ", fid',
                     (int(tbid),))
    return [(sha, str(resolve_stored_path(ws.files_location, wjlj))) for sha, wjlj in rows]
