"""校验审计日志: the chain, what this computer remembers of it, and every audited row against its records —
read as streams, so memory stays flat however long the log.

1. The chain in SEQ order: each link and hash (core.audit.verify_chain), the head beside it, and the hashes
   at the sequence numbers this computer's anchors name (core.anchors).
2. Per audited table, its records in (row key, SEQ) order merged with the table's rows in the same key
   order: each row is replayed from its own records only (core.audit.apply_record) and compared with the
   row as stored, so one row's history is in memory at a time.
A change made outside WPZF (the attribute table, sqlite3, SQL) shows as a row that differs from its replay
and is named by table, row and field.

The check runs in two steps. The fast pass (core.audit_scan) reads each audited table's records once, in
key order, hashing and replaying them together, walks the links in SEQ order over three columns, and
splits the work into units that a second process (on a GeoPackage with enough records, ``PARALLEL_MIN``)
shares with this one. It only answers "all holds" or which tables to look at; when anything does not
hold, the exact check below (one record at a time in SEQ order, then the row pass of the tables concerned)
produces the answer and its message, so what is found and how it is named do not depend on the fast pass.
"""
from __future__ import annotations

import collections
import contextlib
import hashlib
import heapq
import itertools
import json
import math
import os
import subprocess
import threading
from pathlib import Path
from typing import Optional

import shapely

from ..core import audit_bulk, audit_scan
from ..core.anchors import check_anchors
from ..core.audit import (
    ALTERED,
    DAMAGED,
    GENESIS,
    LONG_VALUE,
    MISSING,
    SHORT,
    UNAUDITED_COLUMNS,
    UNLINKED,
    ChainCheck,
    RowDifference,
    apply_record,
    chain_hash,
    compact,
    compare_row,
    write_prefix,
)
from ..core.child_process import start_child
from .schema import AUDITED

CHUNK = 5000
# A unit's cost: about its CPU time in µs (measured on a 398k-record workspace); it orders the units, largest
# first, so that the two processes end together.
ROW_COST, FIELD_COST, GEOM_COST, LINK_COST = 8, 0.2, 8, 0.7
PARALLEL_MIN = 200_000   # cost (≈ µs) from which a second process pays for its start (≈ 0.06 s) and its talk
PART_ROWS = 20_000       # a table with more rows is checked in fid ranges of about this many
SORTED_BELOW = 10        # fids below this are sorted as text by the database; above, read in fid order
# the distinct TBL values, by skipping along the index (TBL, ROWKEY), and whether any record has none
_TABLE_NAMES = ('WITH RECURSIVE t(x) AS (SELECT MIN("TBL") FROM wz_audit UNION ALL '
                'SELECT (SELECT MIN("TBL") FROM wz_audit WHERE "TBL" > t.x) FROM t WHERE t.x IS NOT NULL) SELECT x FROM t')
_NULL_TABLE = 'SELECT 1 FROM wz_audit WHERE "TBL" IS NULL LIMIT 1'
_CHAIN_SQL = ('SELECT "SEQ", "TS", "USERNAME", "HOST", "TBL", "ROWKEY", "ACTION", "CHANGES", "SOURCE", '
              '"PREVHASH", "HASH" FROM wz_audit ORDER BY "SEQ"')


def verify(ws) -> ChainCheck:
    first = ws._first_hash()
    anchors = ws.anchors.find(ws._anchor_location(), first)
    wanted = {a.count for a in anchors}
    with _reading(ws), _translating(ws):
        fast = _fast_pass(ws, wanted, hashing=True)
        if fast is None:   # a link, hash, count or head does not hold: the exact check names it
            return _verify_exact(ws, anchors, first, wanted)
        n, kept, dirty = fast
        problem = check_anchors(anchors, first if n else GENESIS, n, kept.get)
        if problem:
            return ChainCheck.failed(n, None, problem[0], **problem[1])
        differences, damaged = _row_differences(ws, dirty) if dirty else ([], None)
    return _verdict(ChainCheck(True, n), differences, damaged)


def _verify_exact(ws, anchors, first, wanted) -> ChainCheck:
    kept: dict[int, str] = {}
    check = _verify_chain(ws, wanted, kept)
    if not check.ok:
        return check
    problem = check_anchors(anchors, first if check.checked else GENESIS, check.checked, kept.get)
    if problem:
        return ChainCheck.failed(check.checked, None, problem[0], **problem[1])
    differences, damaged = _row_differences(ws, AUDITED)
    return _verdict(check, differences, damaged)


def _verdict(check: ChainCheck, differences: list, damaged: Optional[int]) -> ChainCheck:
    if damaged is not None:
        return ChainCheck.failed(check.checked, damaged, DAMAGED, seq=damaged)
    if differences:
        shown = "; ".join(d.text() for d in differences[:5])
        more = f" (and {len(differences) - 5} more)" if len(differences) > 5 else ""
        return ChainCheck(False, check.checked, None,
                          f"{len(differences)} change(s) not in the audit log: {shown}{more}", differences)
    return check


# ---- the fast pass ------------------------------------------------------------------------------
def _fast_pass(ws, wanted, hashing: bool):
    """(records in the chain, {seq: hash} for ``wanted``, the audited tables whose rows need the exact
    row pass), or None when the chain itself does not hold (only asked when ``hashing``)."""
    tables = [name for name in AUDITED if name in ws.tables and ws._table_exists(name)]
    units = []
    for name in tables:
        units += _table_units(ws, name, hashing)
    if hashing:
        try:   # (only to weigh the units: the links unit counts them, and the head is compared below)
            records = ws._audit_head()[0]
        except (TypeError, ValueError):   # a count that is no number: the exact check says so, as before
            records = 0
        units.append({"kind": "links", "sql": 'SELECT "SEQ", "PREVHASH", "HASH" FROM wz_audit ORDER BY "SEQ"',
                      "wanted": sorted(wanted), "by_fid": ws.kind == "gpkg", "cost": records * LINK_COST})
        # the records of every other table (migrations, NULL), and every bulk record (its rows are read by the
        # unit of their key range)
        if ws.kind == "gpkg":   # the table names in the index (TBL, ROWKEY), one seek each
            names = [t for (t,) in ws._fetch(_TABLE_NAMES) if t is not None]
            others = [t for t in names if t not in tables]
            where = " OR ".join(([f'"TBL" IN ({", ".join([ws.ph] * len(others))})'] if others else []) +
                                (['"TBL" IS NULL'] if ws._fetch(_NULL_TABLE) else []) +
                                ([f'("TBL" IN ({", ".join([ws.ph] * len(tables))}) AND {_BULK})'] if tables else []))
            others = others + tables
            sql = _CHAIN_SQL.replace(' ORDER BY "SEQ"', f" WHERE {where or '0 = 1'}")
        else:
            others = tables
            where = f'"TBL" IS NULL OR "TBL" NOT IN ({", ".join([ws.ph] * len(tables))})' if tables else "1 = 1"
            where += f' OR "ACTION" IN {_BULK_ACTIONS}'
            sql = _CHAIN_SQL.replace(' ORDER BY "SEQ"', f' WHERE fid IN (SELECT fid FROM wz_audit WHERE {where})')
        units.append({"kind": "others", "sql": sql, "params": others, "audited": list(AUDITED),
                      "cost": records * LINK_COST // 8})
    for i, u in enumerate(units):
        u["id"] = i
    results = _run_units(ws, units)
    dirty = {u["table"] for u, r in zip(units, results) if u["kind"] == "table" and r["dirty"]}
    if not hashing:
        return 0, {}, dirty
    links, others = results[-2], results[-1]
    n = links["n"]
    hashed = sum(r["n"] for u, r in zip(units, results) if u["kind"] != "links")
    if not links["ok"] or not others["ok"] or hashed != n or \
            any(r.get("altered") for r in results):
        return None
    count, head = ws._audit_head()
    if count != n or (n and head != links["last"]):
        return None
    return n, dict(links["kept"]), dirty


def _table_units(ws, name: str, hashing: bool) -> list[dict]:
    """The units of one table: its key range split by fid where a GeoPackage table has many rows (a row
    key and its fid fall in the same range: CAST(ROWKEY AS INTEGER) is the fid)."""
    table = ws.tables[name]
    defaults = {f.code: sql_literal(f.default) for f in table.fields
                if f.default is not None and f.code not in UNAUDITED_COLUMNS}
    fields = [c for c in table.codes if c not in UNAUDITED_COLUMNS]
    has_geom = table.geometry is not None
    gpkg = ws.kind == "gpkg"
    # the key as text, as the records name it
    cols = ["CAST(fid AS TEXT)"] + [f'"{c}"' for c in fields] + (["geom"] if has_geom else [])
    ranges: list[tuple[Optional[int], Optional[int]]] = [(None, None)]
    span = None
    # two subqueries: SQLite reads MIN and MAX off the key only when each is alone in its query
    lo, hi = ws._fetch(f"SELECT (SELECT MIN(fid) FROM {name}), (SELECT MAX(fid) FROM {name})")[0]
    rows = 0 if lo is None else int(hi) - int(lo) + 1   # about: fids are dense unless rows were deleted
    if gpkg and lo is not None:
        span = (int(lo), int(hi) + 1)
        ranges = _key_ranges(int(lo), int(hi), -(-rows // PART_ROWS))
    row_cost = ROW_COST + FIELD_COST * len(fields) + GEOM_COST * has_geom
    # a GeoPackage's records as the index (TBL, ROWKEY) holds them: each key's in fid order, which is the
    # order written (fid = SEQ; check_table sends anything else to the exact check), so SQLite sorts nothing
    within_key = "rowid" if gpkg else '"SEQ"'   # (rowid: the fid, whatever the column is called)
    # the table's bulk records (core/audit_bulk.py), if any: each unit merges in the rows of its key range
    heads = [list(h) for h in ws._fetch(_bulk_heads(ws), (name,))]
    not_bulk = _NOT_BULK if heads else ""
    # fids of one digit count are in text order already: read in fid order (no sort of the whole rows), their
    # keys found by a seek in the index; the other ranges (the first and last) together in one unit, sorted
    seek = [(lo, hi) for lo, hi in ranges
            if lo is not None and hi is not None and 0 < lo and len(str(lo)) == len(str(hi - 1))]
    rest = [r for r in ranges if r not in seek]
    units = []
    for piece in [[r] for r in seek] + ([rest] if rest else []):
        if piece[0] in seek:
            (lo, hi), = piece
            key_where = f""" AND "ROWKEY" BETWEEN '{lo}' AND '{hi - 1}' AND length("ROWKEY") = {len(str(lo))}"""
            fid_where = f" WHERE fid >= {lo} AND fid < {hi}"
            order = " ORDER BY fid"
        else:   # (a key that is no plain number may be in no unit then: the count tells, the exact check decides)
            keys = [_in_range('COALESCE(CAST("ROWKEY" AS INTEGER), 0)', lo, hi) for lo, hi in piece]
            fids = [_in_range("fid", lo, hi) for lo, hi in piece]
            key_where = f" AND ({' OR '.join(keys)})" if piece != [(None, None)] else ""
            fid_where = f" WHERE {' OR '.join(fids)}" if piece != [(None, None)] else ""
            order = f" ORDER BY CAST(fid AS TEXT){ws.text_order}"
        units.append({
            "kind": "table", "table": name, "compared": fields + (["geom"] if has_geom else []),
            "has_geom": has_geom, "defaults": defaults, "hashing": hashing,
            "audit_sql": f'SELECT "ROWKEY", "SEQ", "TS", "USERNAME", "HOST", "ACTION", "CHANGES", "SOURCE", '
                         f'"PREVHASH", "HASH" FROM wz_audit WHERE "TBL" = {ws.ph}{key_where}{not_bulk} '
                         f'ORDER BY "ROWKEY"{ws.text_order}, {within_key}',
            "audit_params": [name],
            "bulk_heads": heads, "bulk_load_sql": _bulk_text(ws), "pieces": piece,
            "stored_sql": f"SELECT {', '.join(cols)} FROM {name}{fid_where}{order}",
            "stored_params": [],
            "cost": int(max(rows, 1) * row_cost * sum(_share(lo, hi, span) for lo, hi in piece))})
    return units


# bulk records (core/audit_bulk.py): at the start of their table's part of the index (TBL, ROWKEY)
_BULK_ACTIONS = "(" + ", ".join(f"'{a}'" for a in audit_bulk.PER_ROW) + ")"
_BULK = f'"ROWKEY" >= \'{audit_bulk.MARK}\' AND "ROWKEY" < \'{audit_bulk.MARK_END}\' AND "ACTION" IN {_BULK_ACTIONS}'
_NOT_BULK = f' AND "ACTION" NOT IN {_BULK_ACTIONS}'


def _bulk_heads(ws) -> str:
    """(SEQ, ROWKEY, ACTION) of a table's bulk records (the table's name the one parameter)."""
    return f'SELECT "SEQ", "ROWKEY", "ACTION" FROM wz_audit WHERE "TBL" = {ws.ph} AND {_BULK} ORDER BY "SEQ"'


def _bulk_text(ws) -> str:
    return f'SELECT "CHANGES" FROM wz_audit WHERE "SEQ" = {ws.ph}'


def _in_range(expr: str, lo: Optional[int], hi: Optional[int]) -> str:
    return " AND ".join(([f"{expr} >= {lo}"] if lo is not None else []) +
                        ([f"{expr} < {hi}"] if hi is not None else [])) or "1 = 1"


def _key_ranges(lo: int, hi: int, parts: int) -> list[tuple[Optional[int], Optional[int]]]:
    """[from, to) fid ranges covering every integer (the first and last open-ended): ``parts`` of about
    equal width, cut again at each power of ten from SORTED_BELOW so that a range's fids have one digit count
    (read in fid order, that is key text order: nothing to sort)."""
    cuts = {lo + (hi + 1 - lo) * i // parts for i in range(1, parts)} if parts > 1 else set()
    p = SORTED_BELOW
    while p <= hi:
        if p > lo:
            cuts.add(p)
        p *= 10
    if not cuts:
        return [(None, None)]
    cuts.add(hi + 1)
    cuts = sorted(cuts)
    return list(zip([None] + cuts, cuts + [None]))


def _share(lo: Optional[int], hi: Optional[int], span: Optional[tuple[int, int]]) -> float:
    """The part of a table's fids [span) that the range [lo, hi) holds (for the order units are taken in)."""
    if span is None:
        return 1.0
    a, b = max(span[0], lo if lo is not None else span[0]), min(span[1], hi if hi is not None else span[1])
    return max(0, b - a) / max(1, span[1] - span[0])


def _run_units(ws, units: list[dict]) -> list[dict]:
    """Each unit's result, in order. On a GeoPackage with many records a second process takes units from
    the same queue (largest first) while this one works; whatever it does not answer is done here."""
    results: list[Optional[dict]] = [None] * len(units)
    gpkg = ws.kind == "gpkg"
    # a GeoPackage's geometries by the digest of their stored WKB (audit_scan.gpkg_digests), a server's
    # read as geometries and written out as the audit hashed them
    digests = None if gpkg else (lambda blobs: _geometry_digests(ws, blobs))
    plain = None if gpkg else _plain

    def run(unit):
        results[unit["id"]] = audit_scan.run_unit(lambda sql, params: _rows(ws, sql, params), unit, digests, plain)

    order = sorted(units, key=lambda u: -u["cost"])
    shared = collections.deque(order)
    helper = _start_helper(ws, sum(u["cost"] for u in units))
    lock = threading.Lock()
    feeder = None
    if helper is not None:
        feeder = threading.Thread(target=_feed, args=(helper, ws, shared, lock, results), daemon=True)
        feeder.start()
    try:
        while True:
            with lock:
                unit = shared.popleft() if shared else None
            if unit is None:
                break
            run(unit)
    except BaseException:   # (a damaged file): the helper is given nothing more
        with lock:
            shared.clear()
        raise
    finally:
        if feeder is not None:
            feeder.join()
            _stop(helper)
    for unit in units:   # what the helper took but did not answer
        if results[unit["id"]] is None:
            run(unit)
    return results


def _start_helper(ws, cost: int):
    if ws.kind != "gpkg" or cost < PARALLEL_MIN or os.cpu_count() in (None, 1) or ws.conn.in_transaction:
        return None   # (a server's password stays in this process; the helper would not see this one's
        # uncommitted writes)
    proc = start_child("core.audit_scan", text=True)
    if proc is None:
        return None
    try:
        proc.stdin.write(json.dumps({"path": str(Path(ws.path).resolve())}) + "\n")
        return proc
    except (OSError, ValueError):
        return None


def _feed(proc, ws, shared, lock, results) -> None:
    """Keep the helper two units ahead (so it never waits for this process to hand it the next); stops at
    the first failure (what it holds unanswered is then done here)."""
    sent: collections.deque = collections.deque()
    try:
        while True:
            while len(sent) < 2:
                with lock:
                    unit = shared.popleft() if shared else None
                if unit is None:
                    break
                proc.stdin.write(json.dumps(unit) + "\n")
                proc.stdin.flush()
                sent.append(unit)
            if not sent:
                return
            line = proc.stdout.readline()
            if not line:
                return
            answer = json.loads(line)
            if "kept" in answer:
                answer["kept"] = {int(k): v for k, v in answer["kept"]}
            results[sent.popleft()["id"]] = answer
    except (OSError, TypeError, ValueError):   # a value JSON cannot carry (a blob), the pipe, the answer
        return


def _stop(proc) -> None:
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stdout.close()


_cursor_names = itertools.count()


def _rows(ws, sql: str, params=()):
    """The rows of a query as they come: SQLite steps its cursor (iterated in C, a batch at a time: the
    caller translates errors, see _translating); a server keeps the result in a server-side cursor."""
    if ws.kind == "gpkg":
        with ws._faults():
            cur = ws.conn.execute(sql, tuple(params))
        return itertools.chain.from_iterable(iter(lambda: cur.fetchmany(2000), []))
    return _server_rows(ws, sql, params)


def _server_rows(ws, sql: str, params):
    import psycopg2

    from .pgdialect import pg_sql

    cur = ws.conn.cursor(name=f"wpzf_audit_check_{next(_cursor_names)}", withhold=True)
    cur.itersize = 5000
    try:
        cur.execute(pg_sql(sql), tuple(params) or None)
        yield from cur
    except psycopg2.Error as e:
        raise ws._translate(e) from None
    finally:
        try:
            cur.close()
        except psycopg2.Error:
            pass


def _translating(ws):
    """SQLite's errors met while iterating _rows, as the store's (a damaged file, a lock)."""
    return ws._faults() if ws.kind == "gpkg" else contextlib.nullcontext()


@contextlib.contextmanager
def _reading(ws):
    """A server's check reads one snapshot (REPEATABLE READ), so a write during it is not seen half."""
    if ws.kind == "gpkg" or ws._tx_depth or getattr(ws, "_audit_reading", False):
        yield
        return
    ws._run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    ws._audit_reading = True
    try:
        yield
    finally:
        ws._audit_reading = False
        try:
            ws._run("ROLLBACK")
        except Exception:  # the connection is gone: nothing was written
            pass


# ---- the exact check ----------------------------------------------------------------------------
def _verify_chain(ws, wanted: set, kept: dict) -> ChainCheck:
    """core.audit.verify_chain over the stored rows as they stream, without making a dict per record; the
    hashed prefix of one write is built once for all its records."""
    prev, n, prefixes = GENESIS, 0, {}
    for seq, ts, user, host, tbl, key, action, text, source, prev_hash, h in _rows(ws, _CHAIN_SQL):
        n += 1
        if seq != n:
            return ChainCheck.failed(n - 1, seq, MISSING, seq=n)
        if prev_hash != prev:
            return ChainCheck.failed(n - 1, seq, UNLINKED)
        stamp = (ts, user, host, source)
        prefix = prefixes.get(stamp)
        if prefix is None:
            if len(prefixes) > 10_000:
                prefixes.clear()
            prefix = prefixes[stamp] = write_prefix(ts, user, host, source)
        # The JSON of audited tables' records is read by the row pass, the few others' (migrations) here,
        # so a damaged record is named wherever it is.
        if tbl not in AUDITED and text and not _is_json(text):
            return ChainCheck.failed(n - 1, seq, DAMAGED, seq=seq)
        if chain_hash(prefix, seq, tbl, str(key), action, prev_hash, "{}" if text is None else text) != h:
            return ChainCheck.failed(n - 1, seq, ALTERED)
        if seq in wanted:
            kept[seq] = h
        prev = h
    count, head = ws._audit_head()
    if count != n or (n and head != prev):
        return ChainCheck.failed(n, n + 1 if count > n else n, SHORT, n=n, count=count)
    return ChainCheck(True, n)


def _is_json(text) -> bool:
    try:
        json.loads(text) if text else None
        return True
    except (TypeError, ValueError):
        return False


def row_differences(ws) -> tuple[list[RowDifference], Optional[int]]:
    """(every difference between the audited tables and their records, the SEQ of a record whose changes
    cannot be read, or None)."""
    with _reading(ws), _translating(ws):
        fast = _fast_pass(ws, (), hashing=False)
        return _row_differences(ws, AUDITED if fast is None else fast[2])


def _row_differences(ws, names) -> tuple[list[RowDifference], Optional[int]]:
    """row_differences over the tables ``names`` (the others known to agree), exactly: the first damaged
    record met in table and key order ends it, as it always has."""
    out: list[RowDifference] = []
    for name in AUDITED:
        if name not in names or name not in ws.tables or not ws._table_exists(name):
            continue
        table = ws.tables[name]
        defaults = {f.code: sql_literal(f.default) for f in table.fields
                    if f.default is not None and f.code not in UNAUDITED_COLUMNS}
        fields = [c for c in table.codes if c not in UNAUDITED_COLUMNS]
        has_geom = table.geometry is not None
        compared = fields + (["geom"] if has_geom else [])
        replayed = _replayed(ws, name, defaults)
        stored = _stored(ws, name, table, fields, has_geom)
        a = next(replayed, None)
        r = next(stored, None)
        while a is not None or r is not None:
            if isinstance(a, int):   # a damaged record
                return out, a
            if r is None or (a is not None and a[0] < r[0]):
                out.extend(compare_row(name, a[0], a[1], None, compared))
                a = next(replayed, None)
            elif a is None or r[0] < a[0]:
                out.extend(compare_row(name, r[0], None, r[1], compared))
                r = next(stored, None)
            else:
                audited, actual = a[1], r[1]
                # dict equality in C first (1 == 1.0, True == 1 as the store gives them back); per field only
                # where they differ
                if audited is None or audited != {k: v for k, v in actual.items() if v is not None}:
                    out.extend(compare_row(name, a[0], audited, actual, compared))
                a, r = next(replayed, None), next(stored, None)
    out.sort(key=lambda d: (AUDITED.index(d.table), len(d.row_key), d.row_key))
    return out, None


def _replayed(ws, name: str, defaults: dict):
    """(row key, replayed values or None) per row key with records, in key text order; an int (the SEQ)
    for a record whose changes are not JSON."""
    rows = _rows(ws, f'SELECT "ROWKEY", "SEQ", "ACTION", "CHANGES" FROM wz_audit WHERE "TBL" = {ws.ph}'
                      f'{_NOT_BULK} ORDER BY "ROWKEY"{ws.text_order}, "SEQ"', (name,))
    heads = ws._fetch(_bulk_heads(ws), (name,))
    if heads:   # the rows of the table's bulk records, each at its record's SEQ
        rows = heapq.merge(rows, _bulk_rows(ws, heads), key=_key_then_seq)
    for key, group in itertools.groupby(rows, key=lambda r: str(r[0])):
        state = None
        for _key, seq, action, text in group:
            if isinstance(text, dict):
                changes = text
            else:
                try:
                    changes = json.loads(text) if text else {}
                except (TypeError, ValueError):
                    yield _seq_number(seq)
                    return
            state = apply_record(state, action, changes, defaults)
        if state:  # long text as an update records it (a create may have kept it whole)
            for k, v in state.items():
                if v.__class__ is str and len(v) > LONG_VALUE:
                    state[k] = compact(v)
        yield key, state


def _key_then_seq(r) -> tuple:
    """The order records are replayed in; a SEQ that is no number (a damaged record) last within its key."""
    seq = r[1]
    return str(r[0]), seq if isinstance(seq, (int, float)) and seq == seq else math.inf


def _bulk_rows(ws, heads: list):
    """(row key, SEQ, per-row action, values) per row of the bulk records ``heads``, in key text order; a record
    that cannot be read ends them with a row whose text is no JSON, which _replayed names as damaged."""
    def load(seq):
        got = ws._fetch(_bulk_text(ws), (seq,))
        return got[0][0] if got else None

    try:
        yield from audit_bulk.ordered_rows(heads, load)
    except audit_bulk.Unreadable as e:
        yield "", e.seq, "create", "\0"   # (not JSON: named as damaged)


def _stored(ws, name: str, table, fields: list[str], has_geom: bool):
    """(row key, {field: value as the audit records it}) per stored row, in key text order."""
    cols = ["fid"] + [f'"{c}"' for c in fields] + (["geom"] if has_geom else [])
    rows = _rows(ws, f"SELECT {', '.join(cols)} FROM {name} ORDER BY CAST(fid AS TEXT){ws.text_order}")
    # SQLite gives plain values; a server may give dates and NaN, turned into what the audit wrote
    plain = ws.kind == "gpkg"
    while True:
        chunk = list(itertools.islice(rows, CHUNK))
        if not chunk:
            return
        digests = _geometry_digests(ws, [r[-1] for r in chunk]) if has_geom else None
        for i, r in enumerate(chunk):
            values = dict(zip(fields, r[1:] if plain else map(_plain, r[1:])))
            for c, v in values.items():  # long text by its digest, as the audit records it
                if v.__class__ is str and len(v) > LONG_VALUE:
                    values[c] = compact(v)
            if has_geom:
                values["geom"] = digests[i]
            yield str(r[0]), values


def _geometry_digests(ws, blobs: list) -> list[Optional[str]]:
    geoms = ws._decode_geoms(blobs)
    wkb = shapely.to_wkb(geoms, byte_order=1, flavor="iso", output_dimension=2)
    return [None if w is None else "sha256:" + hashlib.sha256(w).hexdigest() for w in wkb]


def _plain(v):
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "isoformat") and not isinstance(v, str):  # a date the team database returns as a date
        return v.isoformat()
    return v


def _seq_number(seq) -> int:
    """A damaged record's SEQ as the check names it (0 where the SEQ itself is no whole number)."""
    try:
        return int(seq)
    except (TypeError, ValueError):
        return 0


def sql_literal(text: str):
    """The value of a column default as the schema writes it ('待核查', 1, 0.5)."""
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        return float(text)
