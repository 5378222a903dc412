"""The fast pass of the audit check: does the chain hold and does every audited row hold what its records
say — yes, or "look closer"? Pure functions over row streams, so the workspace's process and a helper
process on the second core run the same code.

A unit is one audited table (or one key range of it): its records in (row key, SEQ) order are hashed
(each record's own hash, as core.audit.chain_hash computes it) and replayed row by row, merged with the
table's rows in the same key order; the links between records (SEQ n follows n−1, PREVHASH is the hash
before it) are walked separately in SEQ order, reading three columns. Records of other tables (migrations)
are hashed and their JSON checked on their own. Any anomaly only marks the unit: the caller then runs the
exact, slower check (store/audit_check.py) that names the record, row and field, so the answers are the
exact check's whenever something is wrong.

``child_main`` is the helper process's entry point; this module imports nothing outside the standard
library and core.audit, so that process starts in a few tens of milliseconds (the store package pulls in Qt).
"""
from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Callable, Optional

from .audit import GENESIS, LONG_VALUE, apply_record, chain_hash, compact, compare_row, write_prefix

CHUNK = 2000  # stored rows handled (and their geometries digested) together: bounds the memory of a unit

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


def stored_values(rows: Iterable[tuple], nfields: int, has_geom: bool,
                  digests: Optional[Callable[[list], list]] = None,
                  plain: Optional[Callable] = None) -> Iterator[tuple[str, tuple]]:
    """(row key, the compared values) per stored row: ``rows`` are (fid, the ``nfields`` compared
    fields…, [geometry]); ``digests`` turns geometry values into their audit digests; ``plain`` turns a
    server's values into the audit's (dates, NaN). Long text stays whole here (check_table compares it
    by its digest)."""
    rows = iter(rows)
    end = 1 + nfields
    while True:
        chunk = list(itertools.islice(rows, CHUNK))
        if not chunk:
            return
        # per chunk in comprehensions: one Python frame per chunk, not per row
        out = [(str(r[0]), r[1:end]) for r in chunk] if plain is None else \
            [(str(r[0]), tuple(map(plain, r[1:end]))) for r in chunk]
        if has_geom:
            out = [(k, v + (d,)) for (k, v), d in zip(out, digests([r[end] for r in chunk]))]
        yield from out


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_digests(blobs: list) -> list:
    """The audit's geometry digests, read off GeoPackage blobs (store/gpkg_geom.py: an 8-byte header, an
    envelope, then the WKB): the SHA-256 of the WKB as stored. The workspace writes that WKB as the audit
    hashed it, so an unchanged geometry agrees; any other bytes (another writer's WKB, a damaged header)
    give "?" and send the table to the exact check, which reads the geometry and digests it again."""
    out = []
    sha256 = hashlib.sha256
    for b in blobs:
        if b is None:
            out.append(None)
        elif b[:2] != b"GP" or b[3] >> 1 & 7 not in _ENVELOPE_BYTES:
            out.append("?")
        else:
            out.append("sha256:" + sha256(b[8 + _ENVELOPE_BYTES[b[3] >> 1 & 7]:]).hexdigest())
    return out


_NONE = object()


def check_table(records: Iterable[tuple], stored: Iterable[tuple[str, tuple]], table: str,
                compared: list[str], defaults: dict, hashing: bool = True) -> dict:
    """One unit. ``records``: (ROWKEY, SEQ, TS, USERNAME, HOST, ACTION, CHANGES, SOURCE, PREVHASH, HASH) of
    ``table`` in (key text, SEQ) order; ``stored``: stored_values of the same key range in key text order.

    Returns {"n": records read, "altered": a record's hash is wrong, "dirty": a row differs from its
    replay, a record cannot be read, or the keys are not in order (then the exact check decides)}."""
    prefixes = _Prefixes()
    n = 0
    altered = dirty = False
    stored = iter(stored)
    s = next(stored, None)
    skey, svals = s if s is not None else (None, None)
    key = _NONE
    state = None
    long_at: list[int] = []   # the fields where stored long text was met: compared by digest from then on
    sha256, scan, loads, get_tuple = hashlib.sha256, _scan_once, _loads, tuple
    for rkey, seq, ts, user, host, action, text, source, prev_hash, h in records:
        n += 1
        k = rkey if rkey.__class__ is str else str(rkey)
        # core.audit.chain_hash, inlined (its text, byte for byte)
        if hashing and sha256(f"{prefixes[(ts, user, host, source)]}\n{seq}|{table}|{action}|{len(k)}:{k}|"
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
                elif skey != key:   # a stored row no record created
                    dirty = True
                    continue
                else:
                    if long_at:
                        svals = _compacted(svals, long_at)
                    if state is None or svals != get_tuple(map(state.get, compared)) and \
                            not _same_row(table, key, state, svals, compared, long_at):
                        dirty = True
                        continue
                    s = next(stored, None)
                    if s is None:
                        skey = None
                    else:
                        skey, svals = s
                        if skey <= key:   # stored keys out of order: the exact check decides
                            dirty = True
                            continue
                if k <= key:   # record keys out of order
                    dirty = True
                    continue
            if rkey.__class__ is not str:
                dirty = True
                continue
            key = k
            state = None
        if text:
            try:   # json.loads' C scanner; a text it does not take whole goes to json.loads itself
                changes, end = scan(text, 0)
                if end != len(text):
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
        if action == "create":   # core.audit.apply_record's create, without the call
            if None in changes.values():
                changes = {f: v for f, v in changes.items() if v is not None}
            state = {**defaults, **changes} if defaults else changes
        else:
            state = apply_record(state, action, changes, defaults)
    if not dirty and key is not _NONE:   # the last row, as above
        if skey is None or key < skey:
            dirty = state is not None
        elif skey != key:
            dirty = True
        else:
            if long_at:
                svals = _compacted(svals, long_at)
            dirty = (state is None or svals != tuple(map(state.get, compared))) and \
                not _same_row(table, key, state, svals, compared, long_at)
            skey = next(stored, (None,))[0]
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


def _same_row(table: str, key: str, state: Optional[dict], vals: tuple, compared: list[str],
              long_at: list[int]) -> bool:
    """The exact comparison of one row, long text compared by its digest on both sides however it was
    audited; a field found holding long text joins ``long_at``."""
    if state is not None:
        state = {k: compact(v) if v.__class__ is str and len(v) > LONG_VALUE else v for k, v in state.items()}
    for j, v in enumerate(vals):
        if v.__class__ is str and len(v) > LONG_VALUE and j not in long_at:
            long_at.append(j)
    actual = dict(zip(compared, _compacted(vals, long_at)))
    if state is not None and state == {k: v for k, v in actual.items() if v is not None}:
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
    params)`` yields the rows of a query."""
    kind = unit["kind"]
    if kind == "links":
        return check_links(stream(unit["sql"], ()), unit["wanted"])
    if kind == "others":
        return check_others(stream(unit["sql"], tuple(unit["params"])), unit["audited"])
    compared = unit["compared"]
    has_geom = unit["has_geom"]
    stored = stored_values(stream(unit["stored_sql"], tuple(unit["stored_params"])),
                           len(compared) - has_geom, has_geom, digests or gpkg_digests, plain)
    return check_table(stream(unit["audit_sql"], tuple(unit["audit_params"])), stored, unit["table"],
                       compared, unit["defaults"], unit["hashing"])


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
