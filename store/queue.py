"""The review queue: which patches the dock lists, in which order, and what a patch card shows.

Plain SQL over the workspace tables (both stores), so stepping to the next patch stays cheap at 100k.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import chain
from typing import Optional

import numpy as np
import pandas as pd

from .errors import StoreError
from .rosters import township_watcher
from .workspace import Workspace

QUEUE_COLUMNS = ["fid", "JCBH", "PCBH", "JB", "XZMC", "CMC", "TBMJMU", "ZT", "PDJG", "HCJZ", "BBH", "NPHOTO"]
REVIEWED_STATUSES = ("已核查", "已判定", "整改中", "已整改", "已销号")


@dataclass
class QueueFilter:
    batch_id: Optional[int] = None
    level: Optional[str] = None          # 部级 / 省级
    township: Optional[str] = None
    village: Optional[str] = None
    status: Optional[str] = None
    determination: Optional[str] = None  # a category, or "" for not yet determined
    overdue: bool = False                # deadline passed and not yet reviewed
    due_within: Optional[int] = None     # deadline within N days (and not yet reviewed)
    has_photos: Optional[bool] = None
    search: Optional[str] = None
    leader: Optional[str] = None         # the county leader who guarantees (包保) the patch's village
    sampled: Optional[bool] = None       # drawn for the internal review (抽样复核)
    case_status: Optional[str] = None    # 立案 / 整改中 / 已整改 / 消除违法状态, or "" for no case yet
    signoff: Optional[str] = None        # 待审核 / 退回 / 通过 / 未提交 / 需重新上报 / 上级退回 (store/signoff.py)
    today: dt.date = field(default_factory=dt.date.today)


def _filter_sql(ws: Workspace, f: QueueFilter) -> tuple[list[str], list, bool]:
    """(conditions on ``p`` wz_patch / ``b`` wz_batch, their parameters, whether they need the batch)."""
    ph = ws.ph
    where, params = [], []

    def add(sql, *values):
        where.append(sql)
        params.extend(values)

    if f.batch_id is not None:
        add(f'p."PCID" = {ph}', int(f.batch_id))
    if f.level:
        add(f'b."JB" = {ph}', f.level)
    if f.township:
        add(f'p."XZMC" = {ph}', f.township)
    if f.village:
        add(f'p."CMC" = {ph}', f.village)
    if f.status:
        add(f'p."ZT" = {ph}', f.status)
    if f.determination is not None:
        add('(p."PDJG" IS NULL OR p."PDJG" = \'\')' if f.determination == "" else f'p."PDJG" = {ph}',
            *([] if f.determination == "" else [f.determination]))
    open_marks = ", ".join([ph] * len(REVIEWED_STATUSES))
    if f.overdue:
        add(f'p."HCJZ" < {ph} AND p."ZT" NOT IN ({open_marks})', f.today.isoformat(), *REVIEWED_STATUSES)
    if f.due_within is not None:
        add(f'p."HCJZ" >= {ph} AND p."HCJZ" <= {ph} AND p."ZT" NOT IN ({open_marks})', f.today.isoformat(),
            (f.today + dt.timedelta(days=int(f.due_within))).isoformat(), *REVIEWED_STATUSES)
    if f.has_photos is not None:
        add(("" if f.has_photos else "NOT ") + 'EXISTS (SELECT 1 FROM wz_photo ph WHERE ph."TBID" = p.fid)')
    if f.search:
        add(f'(p."JCBH" LIKE {ph} OR p."XZMC" LIKE {ph} OR p."CMC" LIKE {ph})', *[f"%{f.search}%"] * 3)
    if f.leader:
        codes, names = leader_villages(ws, f.leader)
        if not codes:
            add("1 = 0")
        else:
            by_name = " OR ".join([f'(p."XZMC" = {ph} AND p."CMC" = {ph})'] * len(names))
            add(f'(p."CDM" IN ({", ".join([ph] * len(codes))}) OR {by_name})', *codes,
                *[x for pair in names for x in pair])
    if f.sampled is not None:
        add(("" if f.sampled else "NOT ") + 'EXISTS (SELECT 1 FROM wz_sample s WHERE s."TBID" = p.fid)')
    if f.case_status is not None:
        if f.case_status == "":
            add('NOT EXISTS (SELECT 1 FROM wz_case c WHERE c."TBID" = p.fid)')
        else:
            add(f'EXISTS (SELECT 1 FROM wz_case c WHERE c."TBID" = p.fid AND c."AJZT" = {ph})', f.case_status)
    if f.signoff:
        from .signoff import queue_fids

        ids = queue_fids(ws, f.signoff)
        add(f'p.fid IN ({", ".join([ph] * len(ids))})' if ids else "1 = 0", *ids)
    return where, params, bool(f.level)


_PHOTO_COUNT = '(SELECT COUNT(*) FROM wz_photo ph WHERE ph."TBID" = p.fid)'
_ROW_SQL = ('SELECT p.fid, p."JCBH", b."PCBH", b."JB", p."XZMC", p."CMC", p."TBMJMU", p."ZT", p."PDJG", p."HCJZ", '
            f'p."BBH", {_PHOTO_COUNT} FROM wz_patch p')
QUEUE_ORDER = 'p."HCJZ", p."JCBH", p.fid'   # nearest deadline first, then 监测编号


def patch_queue(ws: Workspace, f: QueueFilter = QueueFilter()) -> pd.DataFrame:
    """The patches matching ``f``, nearest deadline first (then 监测编号), every row read at once (for whole-queue
    work; the dock reads the order with :func:`queue_order` and the rows it shows with :func:`queue_rows`)."""
    where, params, _ = _filter_sql(ws, f)
    sql = _ROW_SQL + ' JOIN wz_batch b ON b.fid = p."PCID"'
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {QUEUE_ORDER}"
    return pd.DataFrame.from_records(ws._fetch(sql, params), columns=QUEUE_COLUMNS)


@dataclass
class QueueOrder:
    """The listed patches in order, without their rows: fid, reviewed or not and the 监测编号's length per row
    (numpy arrays: 13 bytes a patch, so 100k listed patches hold about 1.3 MB)."""
    fids: np.ndarray
    reviewed: np.ndarray
    id_lengths: np.ndarray


def _sort_sql(ws: Workspace, code: str, ascending: bool) -> tuple[str, bool]:
    """ORDER BY for a click on a column's header: that column, then the deadline and 监测编号 in the same direction,
    empty values last either way, text in byte order (as Python compares strings); and whether it needs the batch."""
    direction = "" if ascending else " DESC"
    exprs = {"PCBH": 'b."PCBH"', "JB": 'b."JB"', "NPHOTO": _PHOTO_COUNT}
    numeric = {"TBMJMU", "NPHOTO", "BBH", "HCJZ"}
    if code not in QUEUE_COLUMNS or code == "fid":
        raise StoreError(f"the queue cannot be sorted by {code}")

    def key(c):
        e = exprs.get(c, f'p."{c}"')
        return f"{e} IS NULL, {e}{'' if c in numeric else ws.text_order}{direction}"

    return f"{key(code)}, {key('HCJZ')}, {key('JCBH')}, p.fid{direction}", code in ("PCBH", "JB")


def queue_order(ws: Workspace, f: QueueFilter = QueueFilter(), sort: Optional[tuple[str, bool]] = None) -> QueueOrder:
    """The order of the patches matching ``f`` — the queue's own (as :func:`patch_queue`), or by ``sort`` = (column
    code, ascending) — with a reviewed flag and the 监测编号's length per patch: one narrow query, no rows kept."""
    where, params, needs_batch = _filter_sql(ws, f)
    order, by_batch = _sort_sql(ws, *sort) if sort else (QUEUE_ORDER, False)
    marks = ", ".join([ws.ph] * len(REVIEWED_STATUSES))
    sql = (f'SELECT p.fid, CASE WHEN p."ZT" IN ({marks}) THEN 1 ELSE 0 END, COALESCE(LENGTH(p."JCBH"), 0) FROM wz_patch p'
           + (' JOIN wz_batch b ON b.fid = p."PCID"' if needs_batch or by_batch else ""))
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = ws._fetch(sql + f" ORDER BY {order}", [*REVIEWED_STATUSES, *params])
    table = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)
    return QueueOrder(table[:, 0].copy(), table[:, 1].astype(bool), table[:, 2].astype(np.int32))


def queue_rows(ws: Workspace, fids) -> dict[int, tuple]:
    """fid → the queue's row (QUEUE_COLUMNS) for the patches ``fids``: seeks by key, for the rows the dock shows."""
    rows = ws._fetch_in(_ROW_SQL + ' LEFT JOIN wz_batch b ON b.fid = p."PCID" WHERE p.fid IN ({marks})',
                        [int(f) for f in fids])
    return {int(r[0]): r for r in rows}


def filter_options(ws: Workspace) -> dict[str, list[str]]:
    """Distinct values for the queue's filter lists: one pass over the patches for the three columns (each of
    them unindexed: three DISTINCT queries read the table three times)."""
    from .rosters import workspace_roster

    seen: list[set] = [set(), set(), set()]
    for row in ws._fetch('SELECT DISTINCT "XZMC", "CMC", "PDJG" FROM wz_patch'):
        for values, v in zip(seen, row):
            if v is not None and v != "":
                values.add(v)
    township, village, determination = (sorted(values) for values in seen)
    roster = workspace_roster(ws)
    leaders = sorted({v.guarantor for v in roster.villages if v.guarantor})
    return {"township": township, "village": village, "determination": determination, "leader": leaders}


def leader_villages(ws: Workspace, leader: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Village codes and (township, village) names — with and without the trailing 村 — a leader guarantees."""
    from .rosters import workspace_roster

    villages = workspace_roster(ws).villages_of_leader(leader)
    names = []
    for v in villages:
        base = v.name[:-1] if v.name.endswith("村") else v.name
        names += [(v.township_name, base), (v.township_name, base + "村")]
    return [v.code for v in villages], names


def is_reviewed(status: Optional[str]) -> bool:
    return status in REVIEWED_STATUSES


def patch_rows(ws: Workspace, table: str, columns: list[str], tbid: int, order_by: str = "fid",
               where: str = "", params: tuple = ()) -> list[dict]:
    """The rows of patch ``tbid`` in a per-patch table (wz_part, wz_determ, wz_photo …) as dicts with
    ``fid``; NULL is None. A seek on the table's TBID index, and no DataFrame: the dock reads these on
    every step, where building a frame costs more than the query."""
    known = ws.tables[table].codes   # an unknown table or field fails here, not in SQL
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise StoreError(f"{table} has no field(s) {', '.join(unknown)}")
    cols = ", ".join(["fid"] + [f'"{c}"' for c in columns])
    sql = f'SELECT {cols} FROM {table} WHERE "TBID" = {ws.ph}' + (f" AND {where}" if where else "")
    if order_by:
        sql += f" ORDER BY {order_by}"
    names = ["fid", *columns]
    return [dict(zip(names, r)) for r in ws._fetch(sql, (int(tbid), *params))]


def patch_shapes(ws: Workspace, fid: int) -> Optional[tuple[object, list]]:
    """The shapely geometry of patch ``fid`` (None if it has none) and those of its parts, for the
    dock's highlight: two seeks, no attributes; None when there is no such patch."""
    rows = ws._fetch(f"SELECT geom FROM wz_patch WHERE fid = {ws.ph}", (int(fid),))
    if not rows:
        return None
    parts = ws._fetch(f'SELECT geom FROM wz_part WHERE "TBID" = {ws.ph} ORDER BY "FGBH"', (int(fid),))
    geoms = ws._decode_geoms([rows[0][0]] + [r[0] for r in parts])
    return geoms[0], [g for g in geoms[1:] if g is not None]


CARD_KEYS = ["fid", "JCBH", "PCBH", "JB", "XFRQ", "HCJZ", "SJSHJZ", "RLJZ", "XZQDM", "XMC", "XZMC", "CMC", "TBLX",
             "QSX", "HSX", "TBMJ", "TBMJMU", "JCMJ", "GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ", "WLYDMJ", "ZT", "PDJG",
             "BBH", "XFSM", "CFXF", "GZND"]
_BATCH_KEYS = {"PCBH", "JB", "XFRQ", "SJSHJZ", "RLJZ", "GZND"}


def patch_card(ws: Workspace, fid: int) -> Optional[dict]:
    """Everything the patch card shows, in one dict (no geometry): the patch and its batch, its
    determinations, parts, land-use classes (as lists of dicts) and its number of photos.

    Five seeks by key, whatever the size of the workspace (the dock calls this on every step)."""
    ph = ws.ph
    cols = ", ".join(("b." if k in _BATCH_KEYS else "p.") + (k if k == "fid" else f'"{k}"') for k in CARD_KEYS)
    rows = ws._fetch(f'SELECT {cols} FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID" WHERE p.fid = {ph}',
                     (int(fid),))
    if not rows:
        return None
    card = dict(zip(CARD_KEYS, rows[0]))
    card["determinations"] = patch_rows(ws, "wz_determ", ["FGID", "PDJG", "PDBZ", "PDTK", "PDYJSM", "QSSS"], fid)
    card["parts"] = patch_rows(ws, "wz_part", ["FGBH", "TBMJMU", "PDJG"], fid, order_by='"FGBH"')
    card["landuse"] = patch_rows(ws, "wz_dlmj", ["FGID", "LX", "DM", "MC", "MJMU"], fid, order_by='"MJMU" DESC')
    n, drone = ws._fetch(f'SELECT COUNT(*), SUM(CASE WHEN "WRJ" THEN 1 ELSE 0 END) FROM wz_photo WHERE "TBID" = {ph}',
                         (int(fid),))[0]
    card["photos"], card["drone_photos"] = int(n), int(drone or 0)   # drone photos: exchange/drone.py
    watcher = township_watcher(ws, card.get("XZMC"))
    card["watcher"] = watcher.label if watcher is not None else None   # 专人盯办 of the patch's township
    return card
