"""The fast pass of the audit check: does the chain hold and does every audited row hold what its records
say — yes, or "look closer"? Pure functions over row streams, so the workspace's process and a helper
process on the second core run the same code.

A unit is one audited table (or one key range of it): its records in key order, each key's as written, are
hashed (each record's own hash, as core.audit.chain_hash computes it) and replayed row by row, merged with
the table's rows in the same key order; the links between records (SEQ n follows n−1, PREVHASH is the hash
before it) are checked separately: on a GeoPackage by SQLite itself where the chain is numbered as the store
writes it (check_links_by_fid), else walked in SEQ order over three columns. Records of other tables
(migrations) are hashed and their JSON checked on their own. Any anomaly only marks the unit: the caller
then runs the exact, slower check (store/audit_check.py) that names the record, row and field, so the
answers are the exact check's whenever something is wrong.

``child_main`` is the helper process's entry point; this module imports nothing outside the standard
library and core.audit, so that process starts in a few tens of milliseconds (the store package pulls in Qt).
"""
from __future__ import annotations

import hashlib
import heapq
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Callable, Optional

from . import audit_bulk
from .audit import GENESIS, LONG_VALUE, chain_hash, compact, compare_row, write_prefix

CHUNK = 2000  # a server's rows made plain (and their geometries digested) together: bounds a unit's memory

# The C scanner json.loads ends in, without its two whitespace regex matches; a text it does not take
# whole goes to json.loads itself, so what is accepted is exactly what json.loads accepts.
_scan_once = json.JSONDecoder().scan_once
_loads = json.loads


class _Prefixes(dict):
    """write_prefix per (TS, USERNAME, HOST, SOURCE): built once per write, not per record."""

    def __missing__(self, stamp):
        if len(self) > 10_000:
            self.clear()
        value = self[stamp] = write_prefix(*stamp)
        return value


def server_rows(rows: Iterable[tuple], nfields: int, has_geom: bool, digests: Callable[[list], list],
                plain: Callable) -> Iterator[tuple]:
    """A server's rows (fid, the ``nfields`` compared fields…, [geometry]) with their values as the audit
    records them (``plain``: dates, NaN) and the geometry as its audit digest (``digests``, per chunk)."""
    rows = iter(rows)
    end = 1 + nfields
    while True:
        chunk = list(itertools.islice(rows, CHUNK))
        if not chunk:
            return
        out = [(r[0], *map(plain, r[1:end])) for r in chunk]
        if has_geom:
            out = [v + (d,) for v, d in zip(out, digests([r[end] for r in chunk]))]
        yield from out


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_digest(blob):
    """The audit's digest of a geometry, read off its GeoPackage blob (store/gpkg_geom.py: an 8-byte header,
    an envelope, then the WKB): the SHA-256 of the WKB as stored. The workspace writes that WKB as the audit
    hashed it, so an unchanged geometry agrees; any other bytes (another writer's WKB, a damaged header)
    give "?" and send the table to the exact check, which reads the geometry and digests it again."""
    if blob is None:
        return None
    if blob.__class__ is not bytes or blob[:2] != b"GP" or blob[3] >> 1 & 7 not in _ENVELOPE_BYTES:
        return "?"
    return "sha256:" + hashlib.sha256(memoryview(blob)[8 + _ENVELOPE_BYTES[blob[3] >> 1 & 7]:]).hexdigest()


_NONE = object()


def check_table(records: Iterable[tuple], rows: Iterable[tuple], table: str, compared: list[str],
                defaults: dict, hashing: bool = True, digest: Optional[Callable] = None) -> dict:
    """One unit. ``records``: (ROWKEY, SEQ, TS, USERNAME, HOST, ACTION, CHANGES, SOURCE, PREVHASH, HASH) of
    ``table`` in key text order, each key's records as written (SEQ rising: a GeoPackage is read in fid order,
    which is SEQ order unless someone renumbered; then the exact check decides); ``rows``: the stored rows
    (fid as text, the values of ``compared``) of the same key range in key text order; with ``digest`` the
    last value is a geometry, compared as digest(value).

    Returns {"n": records read, "altered": a record's hash is wrong (or a value the fast pass does not handle:
    then the whole exact check runs), "dirty": a row differs from its replay, a record cannot be read, or the
    keys are not in order (then the exact row pass decides)}."""
    prefixes = _Prefixes()
    n = 0
    altered = dirty = False
    rows = iter(rows)
    plain = compared[:-1] if digest is not None else compared
    end = 1 + len(plain)
    row = next(rows, None)
    skey = None if row is None else row[0] if row[0].__class__ is str else str(row[0])
    key = _NONE
    state = None
    last = 0                  # the SEQ of the key's record before
    long_at: list[int] = []   # the fields where stored long text was met: compared by digest from then on
    sha256, scan, loads, get_tuple = hashlib.sha256, _scan_once, _loads, tuple
    prefix_of = prefixes.get   # (dict.get: the subscript of a dict subclass is not the fast one)
    default_items = list(defaults.items())
    try:
        for rkey, seq, ts, user, host, action, text, source, prev_hash, h in records:
            k = rkey if rkey.__class__ is str else str(rkey)
            # a row of a bulk record is no record itself (the bulk record is hashed once, by check_others)
            if ts is not _BULK:
                n += 1
                # core.audit.chain_hash, inlined (its text, byte for byte)
                if hashing:
                    prefix = prefix_of((ts, user, host, source))
                    if prefix is None:
                        prefix = prefixes[(ts, user, host, source)]
                    if sha256(f"{prefix}\n{seq}|{table}|{action}|{len(k)}:{k}|"
                              f"{prev_hash}\n{'{}' if text is None else text}".encode()).hexdigest() != h:
                        altered = True
            if dirty:
                continue   # the exact check names it; the hashes are still all checked here
            if k != key:
                if key is not _NONE:   # the previous row's records are all in: compare it with the stored row
                    if skey is None or key < skey:
                        if state is not None:   # records only: the row must have been deleted
                            dirty = True
                            continue
                    elif skey != key or state is None:   # a stored row no record created, or one deleted
                        dirty = True
                        continue
                    else:
                        vals = row[1:end]
                        if long_at:
                            vals = _compacted(vals, long_at)
                        if (vals != get_tuple(map(state.get, plain)) or
                                digest is not None and digest(row[end]) != state.get("geom")) and \
                                not _same_row(table, key, state, vals, row, end, digest, compared, long_at):
                            dirty = True
                            continue
                        row = next(rows, None)
                        if row is None:
                            skey = None
                        else:
                            k2 = row[0] if row[0].__class__ is str else str(row[0])
                            if k2 <= skey:   # stored keys out of order: the exact check decides
                                dirty = True
                                continue
                            skey = k2
                    if k <= key:   # record keys out of order
                        dirty = True
                        continue
                if rkey.__class__ is not str:
                    dirty = True
                    continue
                key = k
                state = None
                last = 0
            if seq <= last:   # not in the order written
                dirty = True
                continue
            last = seq
            if text.__class__ is dict:   # a bulk record's row, parsed already
                changes = text
            elif text:
                try:   # json.loads' C scanner; a text it does not take whole goes to json.loads itself
                    changes, e = scan(text, 0)
                    if e != len(text):
                        changes = loads(text)
                except (StopIteration, TypeError, ValueError):
                    try:
                        changes = loads(text)
                    except (TypeError, ValueError):
                        dirty = True
                        continue
                if changes.__class__ is not dict:
                    dirty = True
                    continue
            else:
                changes = {}
            # core.audit.apply_record, without the call (the state is this row's own: changed in place)
            if action == "create":   # (a JSON null is the word null in the text: most creates have none)
                if text and "null" in text and None in changes.values():
                    changes = {f: v for f, v in changes.items() if v is not None}
                state = changes   # parsed here: this row's own
                for f, v in default_items:   # the columns' defaults where the create leaves a field out
                    if f not in state:
                        state[f] = v
            elif action == "delete":
                state = None
            else:
                if state is None:
                    state = {}
                for name, pair in changes.items():
                    new = pair[1] if pair.__class__ is list and len(pair) == 2 else pair
                    if new is None:
                        state.pop(name, None)
                    else:
                        state[name] = new
    except TypeError:   # a SEQ that is not a number, a value JSON cannot hold: the exact check decides all
        return {"n": n, "altered": True, "dirty": True}
    if not dirty and key is not _NONE:   # the last row, as above
        if skey is None or key < skey:
            dirty = state is not None
        elif skey != key or state is None:
            dirty = True
        else:
            vals = row[1:end]
            if long_at:
                vals = _compacted(vals, long_at)
            dirty = (vals != get_tuple(map(state.get, plain)) or
                     digest is not None and digest(row[end]) != state.get("geom")) and \
                not _same_row(table, key, state, vals, row, end, digest, compared, long_at)
            skey = next(rows, None)
    if skey is not None:   # rows after the last record's key, or none had records
        dirty = True
    return {"n": n, "altered": altered, "dirty": dirty}


def _compacted(vals: tuple, at: list[int]) -> tuple:
    vals = list(vals)
    for j in at:
        v = vals[j]
        if v.__class__ is str and len(v) > LONG_VALUE:
            vals[j] = compact(v)
    return tuple(vals)


def _same_row(table: str, key: str, state: dict, vals: tuple, row: tuple, end: int,
              digest: Optional[Callable], compared: list[str], long_at: list[int]) -> bool:
    """The exact comparison of one row, long text compared by its digest on both sides however it was
    audited; a field found holding long text joins ``long_at``. ``vals``: the row's values before the
    geometry (compacted as far as ``long_at`` knows)."""
    if digest is not None:
        vals = vals + (digest(row[end]),)
    state = {k: compact(v) if v.__class__ is str and len(v) > LONG_VALUE else v for k, v in state.items()}
    for j, v in enumerate(vals):
        if v.__class__ is str and len(v) > LONG_VALUE and j not in long_at:
            long_at.append(j)
    actual = dict(zip(compared, _compacted(vals, long_at)))
    if state == {k: v for k, v in actual.items() if v is not None}:
        return True
    return not compare_row(table, key, state, actual, compared)


def check_links(rows: Iterable[tuple], wanted: Iterable[int] = ()) -> dict:
    """(SEQ, PREVHASH, HASH) in SEQ order: SEQ runs 1, 2, … and each record names the hash before it.
    Returns {"n", "ok", "last": the last hash, "kept": {seq: hash} for the SEQs in ``wanted``}."""
    wanted = set(wanted)
    prev, n, kept = GENESIS, 0, {}
    for seq, prev_hash, h in rows:
        n += 1
        if seq != n or prev_hash != prev:
            return {"n": n, "ok": False, "last": prev, "kept": kept}
        if seq in wanted:
            kept[seq] = h
        prev = h
    return {"n": n, "ok": True, "last": prev, "kept": kept}


# Each record beside the one with the fid (rowid) before it: its SEQ is one more (a whole number) and its PREVHASH
# that record's HASH (IS: NULLs compare as Python's None do); counts the records where that does not hold.
_LINKS_BY_FID = ('SELECT COUNT(*) FROM wz_audit b JOIN wz_audit a ON a.rowid = b.rowid - 1 '
                 'WHERE b."PREVHASH" IS NOT a."HASH" OR b."SEQ" IS NOT a."SEQ" + 1 OR typeof(b."SEQ") != \'integer\'')


def check_links_by_fid(stream: Callable[[str, tuple], Iterable[tuple]], wanted: Iterable[int] = ()) -> Optional[dict]:
    """check_links' answer where a GeoPackage's chain holds as written (fid = SEQ, the store's own numbering),
    found by SQLite without a row per record: the fids run without a gap from the first record (SEQ 1,
    PREVHASH the genesis) and each record links to the one with the fid before it — then SEQ runs 1, 2, … in
    fid order and the walk in SEQ order would meet the same links. None where that is not so (check_links
    then walks the chain and decides)."""
    (n, lo, hi), = stream('SELECT COUNT(*), MIN(rowid), MAX(rowid) FROM wz_audit', ())
    if not n or hi - lo + 1 != n:
        return None
    (seq, prev_hash), = stream('SELECT "SEQ", "PREVHASH" FROM wz_audit WHERE rowid = ?', (lo,))
    if seq.__class__ is not int or seq != 1 or prev_hash != GENESIS:
        return None
    (broken,), = stream(_LINKS_BY_FID, ())
    if broken:
        return None
    (last,), = stream('SELECT "HASH" FROM wz_audit WHERE rowid = ?', (hi,))
    wanted, kept = sorted(set(wanted)), {}
    for i in range(0, len(wanted), 500):   # (within any SQLite's limit of parameters)
        part = tuple(wanted[i:i + 500])
        kept.update(stream(f'SELECT "SEQ", "HASH" FROM wz_audit WHERE "SEQ" IN ({", ".join("?" * len(part))})',
                           part))
    return {"n": n, "ok": True, "last": last, "kept": kept}


def check_others(rows: Iterable[tuple], audited: Iterable[str]) -> dict:
    """Records of tables without a row pass, all columns in any order: each hash, and the JSON of those
    of tables that are not audited row by row (migrations). Returns {"n", "ok"}."""
    audited = set(audited)
    prefixes = _Prefixes()
    n, ok = 0, True
    for seq, ts, user, host, tbl, key, action, text, source, prev_hash, h in rows:
        n += 1
        if tbl not in audited and text:
            try:
                _loads(text)
            except (TypeError, ValueError):
                ok = False
        if chain_hash(prefixes[(ts, user, host, source)], seq, tbl, str(key), action, prev_hash,
                      "{}" if text is None else text) != h:
            ok = False
    return {"n": n, "ok": ok}


def run_unit(stream: Callable[[str, tuple], Iterable[tuple]], unit: dict,
             digests: Optional[Callable[[list], list]] = None, plain: Optional[Callable] = None) -> dict:
    """Run one unit described by plain data (so it can be sent to the helper process); ``stream(sql,
    params)`` yields the rows of a query. A GeoPackage's rows are compared as read (its geometries by
    gpkg_digest); a server's go through server_rows with ``digests`` and ``plain``."""
    kind = unit["kind"]
    if kind == "links":
        quick = check_links_by_fid(stream, unit["wanted"]) if unit.get("by_fid") else None
        return quick or check_links(stream(unit["sql"], ()), unit["wanted"])
    if kind == "others":
        return check_others(stream(unit["sql"], tuple(unit["params"])), unit["audited"])
    compared = unit["compared"]
    has_geom = unit["has_geom"]
    rows = stream(unit["stored_sql"], tuple(unit["stored_params"]))
    digest = gpkg_digest if has_geom else None
    if digests is not None or plain is not None:
        rows = server_rows(rows, len(compared) - has_geom, has_geom, digests, plain)
        digest = None   # the digests are in the rows already
    records = stream(unit["audit_sql"], tuple(unit["audit_params"]))
    if unit.get("bulk_heads"):
        records = _with_bulk(stream, unit, records)
    return check_table(records, rows, unit["table"], compared, unit["defaults"], unit["hashing"], digest)


_BULK = object()   # the TS of a row read out of a bulk record


def _order(record: tuple):
    return record[0], record[1]


def _with_bulk(stream: Callable[[str, tuple], Iterable[tuple]], unit: dict, records: Iterable[tuple]):
    """The unit's records with the rows of its table's bulk records (core/audit_bulk.py) in the unit's key
    ranges merged in, each as a create at its record's SEQ. A bulk record that cannot be read gives a row
    without a text key, which check_table sends to the exact check."""
    heads = unit["bulk_heads"]

    def load(seq):
        for (text,) in stream(unit["bulk_load_sql"], (seq,)):
            return text
        return None

    def made():
        try:
            for key, seq, action, values in audit_bulk.ordered_rows(heads, load, unit["pieces"], _loads):
                yield key, seq, _BULK, None, None, action, values, None, None, None
        except (ValueError, TypeError):
            yield None, 0, _BULK, None, None, "create", {}, None, None, None

    return heapq.merge(records, made(), key=_order)


def child_main() -> None:
    """The helper process: the first line on stdin names the GeoPackage, each further line is a unit
    (JSON); one line of JSON answers each. It only reads (the file is opened read-only)."""
    import sqlite3
    import sys
    from pathlib import Path

    path = json.loads(sys.stdin.readline())["path"]
    con = sqlite3.connect(Path(path).as_uri() + "?mode=ro", uri=True)

    def stream(sql, params):
        cur = con.execute(sql, params)
        return itertools.chain.from_iterable(iter(lambda: cur.fetchmany(2000), []))

    for line in sys.stdin:
        unit = json.loads(line)
        result = run_unit(stream, unit)
        if "kept" in result:
            result["kept"] = list(result["kept"].items())
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
