"""The dashboard's aggregates, kept current by the writes.

The first dashboard of a session reads the workspace once: a few columns of every patch (township,
deadline, status, determination, batch, case flags), the 附件5 input of every unit (prepared, as
core.accountability computes from it) and the registers it counts. After a write only what the write
touched is read again: the audit records appended since (every write through the workspace appends to
the chain, in this process or another) name the rows written, hence the patches; those patches' rows are
replaced and the figures summed again from the kept rows — in the same order and with the same pandas
sums as the full computation, so the figures are the same to the last bit.

A stale aggregate must never show: the aggregates are used only while the chain continues the one they
were built from (its count and, at that count, its head), wz_meta (settings, county profile) is
unchanged, and the database says nobody wrote past the audit — GeoPackage: ``PRAGMA data_version``
(changes when another connection commits: QGIS editing the layer, sqlite3, another process); PostGIS:
every transaction committed since either wrote the audit records read or left only rows those records
create or update, and each table holds the rows their creates and deletes make (``_pg_accounted``).
Anything else (a write outside the workspace, a batch changed, a long write) reads everything again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from ..core import audit_bulk
from ..core import cases as core_cases
from ..core.accountability import (
    COUNTED,
    COUNTY,
    EPS,
    Thresholds,
    _and,
    _area_tests,
    _assign_lines,
    _ratio_test,
    prepare,
)
from ..core.dates import as_date
from ..rules.facts import ILLEGAL_CATEGORIES, PENDING
from .errors import StoreError
from .queue import REVIEWED_STATUSES
from .workspace import Workspace

# every figure depends on the batches (levels, rule-set years, issue dates): a write there reads all again
FULL_TABLES = frozenset({"wz_batch"})
# rows of these name the patches whose figures they change (by fid, TBID, or AJID → the case's TBID)
PATCH_TABLES = frozenset({"wz_patch", "wz_fact", "wz_determ", "wz_part", "wz_case", "wz_photo", "wz_measure"})
AUDIT_KEYS = ("audit_count", "audit_head")
# past this many audit records since the last dashboard, reading everything again is as quick
MAX_DELTA = 20_000
MAX_PG_XIDS = 2_000
UNIT_CHUNK = 900
# what the PostGIS check follows (store/aggregates.py _pg_accounted): every table the kept figures come from
PG_CHECKED = tuple(sorted(FULL_TABLES | PATCH_TABLES | {"wz_referral", "wz_sample", "wz_violator"}))

PATCH_SQL = ('SELECT p.fid, p."XZMC", p."HCJZ", p."ZT", p."PDJG", p."PCID", p."JCBH", '
             'CASE WHEN p.fid IN (SELECT "TBID" FROM wz_case) THEN 1 ELSE 0 END, '
             'CASE WHEN p.fid IN (SELECT "TBID" FROM wz_case WHERE "AJZT" = {ph}) THEN 1 ELSE 0 END FROM wz_patch p')


@dataclass
class Mark:
    """What the aggregates were read at: wz_meta without the chain's head, the chain's count and head, and the
    database's own mark (None: a backend that gives none, never continued)."""
    meta: tuple
    count: int
    head: str
    db: Any


class Units:
    """Per 附件5 unit, in fact_frame order (by patch, a split patch's parts in order), as numpy columns: its
    patch (tbid), what it adds to the adjusted numerator (n) and denominator (d) of its county and township,
    whether it is 待定 (pend), its county and township (code and town: indexes into ``labels``), the county
    name it carries (cname: the one accountability_input names the county by, the last unit's winning) and
    its patch's issue year and month (iy, im; 0 when unknown)."""

    COLUMNS = ("tbid", "n", "d", "pend", "code", "town", "cname", "iy", "im")

    def __init__(self, frame: pd.DataFrame):
        self.labels: list[str] = []          # county codes and townships (county/township) by index
        self._index: dict[str, int] = {}
        self.cols = self._columns(frame)

    def __getattr__(self, name):
        cols = self.__dict__.get("cols")
        if cols is not None and name in cols:
            return cols[name]
        raise AttributeError(name)

    def label(self, text: str) -> int:
        i = self._index.get(text)
        if i is None:
            i = self._index[text] = len(self.labels)
            self.labels.append(text)
        return i

    def _columns(self, f: pd.DataFrame) -> dict[str, np.ndarray]:
        if f.empty:
            return {"tbid": np.zeros(0, np.int64), "n": np.zeros(0), "d": np.zeros(0), "pend": np.zeros(0, bool),
                    "code": np.zeros(0, np.int64), "town": np.zeros(0, np.int64), "cname": np.empty(0, object),
                    "iy": np.zeros(0, np.int64), "im": np.zeros(0, np.int64)}
        n = len(f)
        cname = np.empty(n, object)
        cname[:] = list(f["_cname"])
        return {"tbid": f["_tbid"].to_numpy(np.int64), "n": f["_n"].to_numpy(np.float64),
                "d": f["_d"].to_numpy(np.float64), "pend": f["_pend"].to_numpy(bool),
                "code": np.fromiter((self.label(c) for c in f["county"]), np.int64, n),
                "town": np.fromiter((self.label(f"{c}/{t}") for c, t in zip(f["county"], f["township"])), np.int64, n),
                "cname": cname, "iy": f["_iy"].to_numpy(np.int64), "im": f["_im"].to_numpy(np.int64)}

    def replace(self, tbids: list[int], frame: pd.DataFrame) -> None:
        """The units of patches ``tbids`` replaced by ``frame``'s (read from the workspace now)."""
        keep = ~np.isin(self.tbid, np.asarray(tbids, np.int64))
        new = self._columns(frame)
        cols = {k: np.concatenate([self.cols[k][keep], new[k]]) for k in self.COLUMNS}
        order = np.argsort(cols["tbid"], kind="stable")   # kept rows are in order, the new ones after them
        self.cols = {k: c[order] for k, c in cols.items()}

    def __len__(self) -> int:
        return len(self.cols["tbid"])


@dataclass
class Aggregates:
    mark: Mark
    patches: dict[int, tuple]                  # fid → (XZMC, HCJZ, done, illegal, filed, closed, PCID, JCBH)
    units: Optional[Units]                     # per 附件5 unit, in fact_frame order
    units_error: bool                          # the input does not compute: the dashboard shows the full path's error
    progress: dict = field(default_factory=dict)     # (XZMC, HCJZ, done, illegal, filed, closed) → patches
    open_groups: dict = field(default_factory=dict)  # (HCJZ, PCID) → fids of the patches not yet checked
    towns: dict = field(default_factory=dict)        # XZMC as text ("" when missing) → patches
    referrals: list = field(default_factory=list)
    samples: list = field(default_factory=list)
    violators: tuple = (0, 0)
    violator_patches: frozenset = frozenset()
    reads: str = "all"    # "all" / "delta" / "none" / "kept" (the workspace's snapshot): what the last refresh read


# ---- the mark -------------------------------------------------------------------------------------

def _db_mark(ws: Workspace):
    if ws.kind == "gpkg":
        return int(ws._fetch("PRAGMA data_version")[0][0])
    if ws.kind == "postgis":
        # one statement, one snapshot: the transactions seen and the rows each table holds in it
        counts = ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in PG_CHECKED)
        row = ws._fetch(f"SELECT txid_current_snapshot()::text, {counts}")[0]
        return str(row[0]), tuple(int(n) for n in row[1:])
    return None


def read_mark(ws: Workspace) -> Mark:
    rows = ws._fetch('SELECT "KEY", "VALUE" FROM wz_meta')
    meta = tuple(sorted((str(k), str(v)) for k, v in rows if k not in AUDIT_KEYS))
    kv = {k: v for k, v in rows}
    return Mark(meta, int(kv.get("audit_count") or 0), str(kv.get("audit_head") or ""), _db_mark(ws))


def _snapshot(text: str) -> tuple[int, int, set[int]]:
    lo, hi, running = text.split(":")
    return int(lo), int(hi), {int(x) for x in running.split(",") if x}


def _pg_accounted(ws: Workspace, old: Mark, new: Mark, recs: list[tuple]) -> bool:
    """The audit records ``recs`` (written between ``old`` and ``new``) say every change the dashboard's tables
    saw in between. Each transaction committed in between either wrote some of these records (the workspace's
    writes: they record all they change) or is checked row by row: the rows it left (xmin) must be ones the
    records create or update — a workspace insert runs in a savepoint, a subtransaction of its own — and
    every table must hold the rows the records' creates and deletes make. A span of transactions too long
    to check says no."""
    (snap0, counts0), (snap1, counts1) = old.db, new.db
    _, hi0, run0 = _snapshot(snap0)
    _, hi1, run1 = _snapshot(snap1)
    if hi1 < hi0 or hi1 - hi0 > MAX_PG_XIDS:
        return False
    written: dict[str, set[int]] = {}
    delta = dict.fromkeys(PG_CHECKED, 0)
    for tbl, key, action, _changes in recs:
        if tbl not in delta:
            continue
        delta[tbl] += 1 if action == "create" else -1 if action == "delete" else 0
        if action != "delete":
            try:
                written.setdefault(tbl, set()).add(int(key))
            except (TypeError, ValueError):
                return False
    if any(n1 != n0 + delta[t] for t, n0, n1 in zip(PG_CHECKED, counts0, counts1)):
        return False
    candidates = (set(range(hi0, hi1)) | run0) - run1
    if not candidates:
        return True
    xs = ", ".join(str(int(x)) for x in sorted(candidates))   # integers from the server's own snapshot text
    status = ws._fetch(f"SELECT x, txid_status(x) FROM unnest(ARRAY[{xs}]::bigint[]) AS x")
    committed = {int(x) % (1 << 32) for x, st in status if st != "aborted"}   # unknown (too old): checked
    audited = {int(x[0]) for x in ws._fetch(f'SELECT DISTINCT xmin::text FROM wz_audit WHERE "SEQ" > {ws.ph} '
                                            f'AND "SEQ" <= {ws.ph}', (old.count, new.count))}
    others = sorted(committed - audited)
    if not others:
        return True
    xids = ", ".join(map(str, others))
    for t in PG_CHECKED:
        rows = ws._fetch(f"SELECT fid FROM {t} WHERE xmin::text::bigint IN ({xids})")
        if not {int(r[0]) for r in rows} <= written.get(t, set()):
            return False
    return True


# ---- reading ----------------------------------------------------------------------------------------

def _patch_rows(ws: Workspace, fids: Optional[list[int]] = None) -> list[tuple]:
    sql = PATCH_SQL.format(ph=ws.ph)
    if fids is None:
        return ws._fetch(sql, (core_cases.ELIMINATED,))
    out: list[tuple] = []
    for s in range(0, len(fids), 500):
        part = fids[s:s + 500]
        out += ws._fetch(sql + f" WHERE p.fid IN ({', '.join([ws.ph] * len(part))})",
                         (core_cases.ELIMINATED, *part))
    return out


def _patch_entry(row: tuple) -> tuple:
    fid, town, due, status, pdjg, pcid, key, filed, closed = row
    return (town, due, status in REVIEWED_STATUSES, pdjg in ILLEGAL_CATEGORIES, int(filed), int(closed), pcid, key)


def _town_text(town) -> str:
    return "" if town is None or town != town else str(town)


def _count(d: dict, key, n: int) -> None:
    v = d.get(key, 0) + n
    if v:
        d[key] = v
    else:
        del d[key]


def _put(agg: Aggregates, fid: int, entry: Optional[tuple]) -> None:
    """Patch ``fid`` as ``entry`` (None: gone) in the patches and the counts kept of them."""
    old = agg.patches.pop(fid, None)
    for e, n in ((old, -1), (entry, 1)):
        if e is None:
            continue
        _count(agg.progress, e[:6], n)
        _count(agg.towns, _town_text(e[0]), n)
        if not e[2]:
            group = agg.open_groups.setdefault((e[1], e[6]), set())
            if n > 0:
                group.add(fid)
            else:
                group.discard(fid)
                if not group:
                    del agg.open_groups[(e[1], e[6])]
    if entry is not None:
        agg.patches[fid] = entry


def _unit_rows(ws: Workspace, fids: Optional[list[int]]) -> pd.DataFrame:
    """Per 附件5 unit of the patches ``fids`` (None: all), in fact_frame order: its county and township, patch
    (_tbid), what it adds to the adjusted numerator (_n) and denominator (_d), whether it is 待定 (_pend), the
    county name it carries (_cname: accountability_input's names, the last unit's winning) and its patch's issue
    year and month (_iy, _im). Each is the row's own (core.accountability's prepare and line assignment), so
    rows read at different times sum as the full computation's do. Raises what the full computation would
    meet on these rows (a duplicate unit can only be within one patch, whose units are read together)."""
    from .determinations import accountability_input

    data = accountability_input(ws, fids)
    if data.empty:
        return pd.DataFrame()
    df = prepare(data)
    line, _ = _assign_lines(df, province_level=False)
    cat = df["category"]
    pending = (cat == PENDING).to_numpy()
    ig, ng = df["illegal_gd"].to_numpy(), df["new_gd"].to_numpy()
    out = pd.DataFrame({
        "county": df["county"].to_numpy(), "township": df["township"].to_numpy(),
        "_tbid": [int(str(u).split("-")[0]) for u in data["id"]],
        "_n": np.where(cat.isin(COUNTED).to_numpy() & (line == 0), ig, 0.0),
        "_d": np.where(~pending & ~np.isin(line, (2, 3, 6)), ng, 0.0),
        "_pend": pending})
    patch = _patch_names_and_dates(ws, fids)
    named = bool(data.attrs.get("names"))
    out["_cname"] = [p[0] if named and c and isinstance(p[0], str) else None
                     for c, p in zip(out["county"], (patch.get(t, (None, None)) for t in out["_tbid"]))]
    issued = [patch.get(t, (None, None))[1] for t in out["_tbid"]]
    out["_iy"] = [d.year if d else 0 for d in issued]
    out["_im"] = [d.month if d else 0 for d in issued]
    return out


def _patch_names_and_dates(ws: Workspace, fids: Optional[list[int]]) -> dict[int, tuple]:
    """patch fid → (county name XMC, issue date): its XFSJ when a date, else its batch's XFRQ
    (reports.narrative.period_patches, which the ratio chart's months follow)."""
    sql = 'SELECT p.fid, p."XMC", p."XFSJ", b."XFRQ" FROM wz_patch p LEFT JOIN wz_batch b ON b.fid = p."PCID"'
    rows = ws._fetch(sql) if fids is None else ws._fetch_in(sql + " WHERE p.fid IN ({marks})", fids)
    return {int(f): (n, as_date(own) or as_date(batch)) for f, n, own, batch in rows}


def _registers(ws: Workspace, agg: Aggregates, tables: set[str], counts_changed: bool, keys_changed: bool) -> None:
    from .registers import blacklist, referrals, sample_estimates, sample_names, sample_report, stored_sample

    if "wz_referral" in tables:
        agg.referrals = [r for _, r in referrals(ws, {})]   # counts only: the 监测编号 are not needed
    if "wz_sample" in tables or counts_changed:
        agg.samples = []
        for name in sample_names(ws):
            stored = stored_sample(ws, name)   # read once for both
            rep = sample_report(ws, name, stored)
            county, towns = sample_estimates(ws, name, agg.towns, stored)
            agg.samples.append((name, rep, county, towns))
    # the register's entries and repeats depend on its lines and their patches' 监测编号 only
    if "wz_violator" in tables or keys_changed:
        entries = blacklist(ws).entries()
        agg.violators = (len(entries), sum(e.repeat for e in entries))
        agg.violator_patches = frozenset(int(r[0]) for r in ws._fetch('SELECT DISTINCT "TBID" FROM wz_violator')
                                         if r[0] is not None)


def read_all(ws: Workspace, mark: Mark) -> Aggregates:
    try:
        units, error = Units(_unit_rows(ws, None)), False
    except StoreError:
        raise
    except Exception:   # the data: shown with the full path's message (dashboard.county_figures)
        units, error = None, True
    agg = Aggregates(mark, {}, units, error)
    for r in _patch_rows(ws):
        _put(agg, int(r[0]), _patch_entry(r))
    _registers(ws, agg, {"wz_referral", "wz_sample", "wz_violator"}, True, True)
    return agg


# ---- after a write ----------------------------------------------------------------------------------

def _ids_of(value) -> list[int]:
    vals = value if isinstance(value, list) else [value]
    out = []
    for v in vals:
        try:
            if v is not None:
                out.append(int(v))
        except (TypeError, ValueError):
            pass
    return out


def touched_patches(ws: Workspace, records: list[tuple], patch_tables=PATCH_TABLES
                    ) -> Optional[tuple[set[str], set[int]]]:
    """(tables written, patches whose figures may have changed) from audit records (TBL, ROWKEY, ACTION,
    CHANGES): a record of one of ``patch_tables`` names its patch (wz_patch by its fid, the others by TBID —
    wz_measure by its case's); None when a record cannot be placed (read everything again)."""
    tables: set[str] = set()
    patches: set[int] = set()
    rows: dict[str, set[int]] = {}
    cases: set[int] = set()
    for tbl, key, action, changes in records:
        tables.add(tbl)
        if tbl not in patch_tables:
            continue
        if action in audit_bulk.PER_ROW:   # rows written together: their keys, and the patches they name
            try:
                made = audit_bulk.rows(json.loads(changes), key)
            except (TypeError, ValueError):
                return None
            if tbl == "wz_patch":
                patches.update(int(k) for k, _v in made)
            else:
                rows.setdefault(tbl, set()).update(int(k) for k, _v in made)   # (an update's rows: their patch now)
                patches.update(t for _k, v in made for t in _ids_of(v.get("TBID")))
                if tbl == "wz_measure":
                    cases.update(c for _k, v in made for c in _ids_of(v.get("AJID")))
            continue
        try:
            fid = int(key)
        except (TypeError, ValueError):
            return None
        if tbl == "wz_patch":
            patches.add(fid)
            continue
        rows.setdefault(tbl, set()).add(fid)
        try:
            ch = json.loads(changes) if changes else {}
        except ValueError:
            return None
        if not isinstance(ch, dict):
            return None
        patches.update(_ids_of(ch.get("TBID")))   # the patch before and after (deletes and moves included)
        if tbl == "wz_measure":
            cases.update(_ids_of(ch.get("AJID")))
    for tbl, fids in rows.items():
        col = "AJID" if tbl == "wz_measure" else "TBID"
        for (ref,) in ws._fetch_in(f'SELECT "{col}" FROM {tbl} WHERE fid IN ({{marks}})', sorted(fids)):
            if ref is not None:
                (cases if tbl == "wz_measure" else patches).add(int(ref))
    if cases:
        patches.update(int(t) for (t,) in ws._fetch_in('SELECT "TBID" FROM wz_case WHERE fid IN ({marks})',
                                                        sorted(cases)) if t is not None)
    return tables, patches


def _delta(ws: Workspace, old: Mark, new: Mark) -> Optional[list[tuple]]:
    """The audit records written since ``old`` if the chain continues it, else None."""
    if new.count < old.count or new.count - old.count > MAX_DELTA:
        return None
    if old.count:
        at = ws._fetch(f'SELECT "HASH" FROM wz_audit WHERE "SEQ" = {ws.ph}', (old.count,))
        if not at or str(at[0][0]) != old.head:
            return None
    if new.count == old.count:
        return [] if new.head == old.head else None
    recs = ws._fetch(f'SELECT "TBL", "ROWKEY", "ACTION", "CHANGES" FROM wz_audit WHERE "SEQ" > {ws.ph} '
                     f'AND "SEQ" <= {ws.ph} ORDER BY "SEQ"', (old.count, new.count))
    return recs if len(recs) == new.count - old.count else None


def records_since(ws: Workspace, old: Mark, mark: Mark) -> Optional[list[tuple]]:
    """The audit records (TBL, ROWKEY, ACTION, CHANGES) written between ``old`` and ``mark`` (the workspace now),
    if they say everything written since — None when anything else may have changed (wz_meta, a write past the
    audit, a chain that does not continue ``old``): then whatever was kept is read again."""
    if old.meta != mark.meta or mark.db is None or old.db is None:
        return None
    if ws.kind != "postgis" and old.db != mark.db:   # another connection committed (GeoPackage)
        return None
    recs = _delta(ws, old, mark)
    if recs is None or ws.kind == "postgis" and old.db != mark.db and not _pg_accounted(ws, old, mark, recs):
        return None
    return recs


def refresh(ws: Workspace, agg: Optional[Aggregates]) -> Aggregates:
    """The aggregates brought up to the workspace as it is now (``agg``: those kept, or None)."""
    mark = read_mark(ws)
    recs = None if agg is None else records_since(ws, agg.mark, mark)
    if recs is None:   # a new session, or a write the audit cannot account for: what the workspace kept
        return _resumed(ws, mark) or _read_all_kept(ws, mark)
    if recs == []:
        agg.mark, agg.reads = mark, "none"
        return agg
    placed = touched_patches(ws, recs)
    # the 附件5 input did not compute: each dashboard computes it in full anyway, so read all (it may now)
    if placed is None or placed[0] & FULL_TABLES or agg.units_error and placed[1]:
        return _read_all_kept(ws, mark)
    return _apply(ws, agg, mark, *placed)


REGISTERS = frozenset({"wz_referral", "wz_sample", "wz_violator"})


def _read_all_kept(ws: Workspace, mark: Mark) -> Aggregates:
    """Everything read, and kept in the workspace for the next session (store/dashboard_snapshot.py)."""
    from . import dashboard_snapshot

    before = dashboard_snapshot.begin(ws)
    agg = read_all(ws, mark)
    dashboard_snapshot.save(ws, agg, before)
    return agg


def _resumed(ws: Workspace, mark: Mark) -> Optional[Aggregates]:
    """The aggregates the workspace kept, with the patches touched since read again (and the registers)."""
    from . import dashboard_snapshot

    loaded = dashboard_snapshot.load(ws, mark)
    if loaded is None or loaded[1] is None:
        return None
    agg, (tables, touched) = loaded
    agg = _apply(ws, agg, mark, (tables & REGISTERS) | {"wz_sample"}, touched)   # the samples are not kept
    agg.reads = "kept"
    return agg


def _apply(ws: Workspace, agg: Aggregates, mark: Mark, tables: set[str], touched: set[int]) -> Aggregates:
    """``agg`` with the patches ``touched`` read again, and the registers of ``tables``."""
    towns_before = dict(agg.towns)
    keys_changed = False
    if touched:
        fids = sorted(touched)
        now = {int(r[0]): _patch_entry(r) for r in _patch_rows(ws, fids)}
        for f in fids:
            old, new = agg.patches.get(f), now.get(f)
            if f in agg.violator_patches and ((old is None) != (new is None) or (old and new and old[7] != new[7])):
                keys_changed = True
            _put(agg, f, new)
        try:   # a few hundred patches a statement (IN lists within every SQLite's limit)
            parts = [_unit_rows(ws, fids[i:i + UNIT_CHUNK]) for i in range(0, len(fids), UNIT_CHUNK)]
            parts = [p for p in parts if not p.empty]
            read = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        except StoreError:   # the database, not the data: nothing is kept (dashboard.build_dashboard)
            raise
        except Exception:    # the data: the dashboard shows what the full computation says of it
            agg.units, agg.units_error = None, True
        else:
            agg.units.replace(fids, read)
    _registers(ws, agg, tables, agg.towns != towns_before, keys_changed)
    agg.mark, agg.reads = mark, "delta"   # only once all of it is read
    return agg


# ---- the figures ------------------------------------------------------------------------------------

def progress_groups(agg: Aggregates) -> list[tuple]:
    """(township, deadline, checked, illegal, filed, closed, patches), as the progress GROUP BY gives them."""
    return [(*k, n) for k, n in agg.progress.items()]


def deadline_groups(agg: Aggregates) -> list[tuple]:
    """(deadline, batch, open patches, first fid) by first fid, as next_deadlines' GROUP BY gives them."""
    return sorted(((due, pcid, len(fids), min(fids)) for (due, pcid), fids in agg.open_groups.items()),
                  key=lambda g: g[3])


def _sums(u: Units, keys: np.ndarray, mask: Optional[np.ndarray] = None) -> dict[str, tuple[float, float]]:
    """label → (adjusted numerator, denominator) over the units (those of ``mask``) grouped by ``keys``: the
    group sum _level_results uses, over the same rows in the same order, hence the same floats."""
    n, d = (u.n, u.d) if mask is None else (u.n[mask], u.d[mask])
    k = keys if mask is None else keys[mask]
    s = pd.DataFrame({"n_adj": n, "d_adj": d}).groupby(k, sort=False).sum()
    return {u.labels[c]: (float(a), float(b)) for c, a, b in zip(s.index, s["n_adj"], s["d_adj"])}


def _county_names(u: Units) -> dict[str, Any]:
    """county code → the name accountability_input gives it (the last named unit's)."""
    named = np.flatnonzero(pd.notna(u.cname))[::-1]
    _, first = np.unique(u.code[named], return_index=True)   # in reverse: each county's last named unit
    return {u.labels[u.code[named[i]]]: u.cname[named[i]] for i in first}


def _usable(agg: Aggregates) -> Optional[Units]:
    u = agg.units
    return None if agg.units_error or u is None or not len(u) else u


def county_figures(agg: Aggregates, thresholds: Optional[Thresholds] = None) -> Optional[list[dict]]:
    """The county level of 附件5 as compute_accountability gives it (the dashboard's dicts), to the last bit;
    None when the input does not compute (the caller shows the full computation's error)."""
    u = _usable(agg)
    if u is None:
        return None
    th = thresholds or Thresholds()
    waiting = np.bincount(u.code[u.pend], minlength=len(u.labels))
    names = _county_names(u)
    t_area = th.area(COUNTY)
    out = []
    for code, (n_adj, d_adj) in sorted(_sums(u, u.code).items()):
        ratio = n_adj / d_adj if d_adj > EPS else None
        _, area_ok, _ = _area_tests(COUNTY, n_adj, t_area)
        ratio_ok, _ = _ratio_test(ratio, th.ratio)
        out.append({"name": str(names.get(code, code)), "ratio": ratio, "numerator": n_adj, "denominator": d_adj,
                    "area_threshold": t_area, "ratio_threshold": th.ratio, "triggered": _and(area_ok, ratio_ok),
                    "pending": int(waiting[u.label(code)])})
    return out


def chart_figures(agg: Aggregates, year: int, today, thresholds: Thresholds):
    """The dashboard's 附件5 charts as reports/charts.py draws them — (core.chart_data.AreaChart or None,
    MonthlyRatio or None): chart_data.township_areas of the workspace's accountability and
    reports.charts.ratio_figures — from the kept units; None when the input does not compute."""
    from ..core.chart_data import AreaChart, MonthFigure, MonthlyRatio, TownshipArea

    u = _usable(agg)
    if u is None:
        return None
    th, year = thresholds, int(year)
    names = _county_names(u)
    counties = _sums(u, u.code)
    first = min(counties)
    towns = [TownshipArea(key.partition("/")[2], n, d, n / d if d > EPS else None)
             for key, (n, d) in _sums(u, u.town).items() if key.partition("/")[0] == first]
    towns.sort(key=lambda t: (-t.illegal_gd_mu, t.township))
    areas = AreaChart(towns, str(names.get(first, first)), counties[first][0], th.area(COUNTY), th.ratio)
    in_year = u.iy == year
    if today.year < year or not in_year.any():
        return areas, None
    code = min(u.labels[c] for c in np.unique(u.code[in_year]))
    name = names.get(code, code)
    months = []
    for m in range(1, max(1, min(12, 12 if today.year > year else today.month)) + 1):
        rows = in_year & (u.im <= m)
        got = _sums(u, u.code, rows).get(code) if rows.any() else None
        if got is None:
            months.append(MonthFigure(m, 0.0, 0.0, None, 0))
            continue
        name = str(names.get(code, code))
        n, d = got
        months.append(MonthFigure(m, n, d, n / d if d > EPS else None, int((u.code[rows] == u.label(code)).sum())))
    return areas, MonthlyRatio(year, name, months, th.area(COUNTY), th.ratio)
