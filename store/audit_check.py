"""校验审计日志: the chain, what this computer remembers of it, and every audited row against its records —
read as streams, so memory stays flat however long the log.

1. The chain in SEQ order: each link and hash (core.audit.verify_chain), the head beside it, and the hashes
   at the sequence numbers this computer's anchors name (core.anchors).
2. Per audited table, its records in (row key, SEQ) order merged with the table's rows in the same key
   order: each row is replayed from its own records only (core.audit.apply_record) and compared with the
   row as stored, so one row's history is in memory at a time.
A change made outside WPZF (the attribute table, sqlite3, SQL) shows as a row that differs from its replay
and is named by table, row and field.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from typing import Optional

import shapely

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
from .schema import AUDITED

CHUNK = 5000
_CHAIN_SQL = ('SELECT "SEQ", "TS", "USERNAME", "HOST", "TBL", "ROWKEY", "ACTION", "CHANGES", "SOURCE", '
              '"PREVHASH", "HASH" FROM wz_audit ORDER BY "SEQ"')


def verify(ws) -> ChainCheck:
    first = ws._first_hash()
    anchors = ws.anchors.find(ws._anchor_location(), first)
    wanted = {a.count for a in anchors}
    kept: dict[int, str] = {}

    check = _verify_chain(ws, wanted, kept)
    if not check.ok:
        return check
    problem = check_anchors(anchors, first if check.checked else GENESIS, check.checked, kept.get)
    if problem:
        return ChainCheck.failed(check.checked, None, problem[0], **problem[1])
    differences, damaged = row_differences(ws)
    if damaged is not None:
        return ChainCheck.failed(check.checked, damaged, DAMAGED, seq=damaged)
    if differences:
        shown = "; ".join(d.text() for d in differences[:5])
        more = f" (and {len(differences) - 5} more)" if len(differences) > 5 else ""
        return ChainCheck(False, check.checked, None,
                          f"{len(differences)} change(s) not in the audit log: {shown}{more}", differences)
    return check


def _verify_chain(ws, wanted: set, kept: dict) -> ChainCheck:
    """core.audit.verify_chain over the stored rows as they stream, without making a dict per record; the
    hashed prefix of one write is built once for all its records."""
    prev, n, prefixes = GENESIS, 0, {}
    for seq, ts, user, host, tbl, key, action, text, source, prev_hash, h in ws._stream(_CHAIN_SQL):
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
    out: list[RowDifference] = []
    for name in AUDITED:
        if name not in ws.tables or not ws._table_exists(name):
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
    rows = ws._stream(f'SELECT "ROWKEY", "SEQ", "ACTION", "CHANGES" FROM wz_audit WHERE "TBL" = {ws.ph} '
                      f'ORDER BY "ROWKEY"{ws.text_order}, "SEQ"', (name,))
    for key, group in itertools.groupby(rows, key=lambda r: str(r[0])):
        state = None
        for _key, seq, action, text in group:
            try:
                changes = json.loads(text) if text else {}
            except (TypeError, ValueError):
                yield int(seq)
                return
            state = apply_record(state, action, changes, defaults)
        if state:  # long text as an update records it (a create may have kept it whole)
            for k, v in state.items():
                if v.__class__ is str and len(v) > LONG_VALUE:
                    state[k] = compact(v)
        yield key, state


def _stored(ws, name: str, table, fields: list[str], has_geom: bool):
    """(row key, {field: value as the audit records it}) per stored row, in key text order."""
    cols = ["fid"] + [f'"{c}"' for c in fields] + (["geom"] if has_geom else [])
    rows = ws._stream(f"SELECT {', '.join(cols)} FROM {name} ORDER BY CAST(fid AS TEXT){ws.text_order}")
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


def sql_literal(text: str):
    """The value of a column default as the schema writes it ('待核查', 1, 0.5)."""
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        return float(text)
