"""The store's side of bulk audit records (core/audit_bulk.py): which tables' writes may be audited a record
per chunk of rows, the records of an insert or an update_many, and one row's part of a bulk record for its
history. Apart from the workspace interface because it is about the audit's text, not tables."""
from __future__ import annotations

import json
from typing import Any, Optional

from ..core import audit_bulk
from ..core.jsontext import dumps, dumps_exact, has_infinity

# Tables whose rows may be created or updated a chunk to an audit record: patches, the determinations, the
# overlay's breakdown, the reference data's coverage and suggestions. Nothing reads their records one row at
# a time except the replays that know bulk records (the facts, parts and the rest stay a record per row: the
# sign-off and the conflict resolver look those up by row).
BULK_TABLES = frozenset({"wz_patch", "wz_determ", "wz_dlmj", "wz_refcov", "wz_refsug"})


def applies(table_name: str, rows: int) -> bool:
    return table_name in BULK_TABLES and rows >= audit_bulk.MIN_ROWS


def create_items(table_name: str, fids: list[int], names: list[str], cols: list[list]) -> list[tuple]:
    """An insert's records (table, ROWKEY, ACTION, text): one per CHUNK_ROWS rows, naming each row and its
    values (``cols``: the audited values column-wise, in ``names`` order)."""
    step = audit_bulk.CHUNK_ROWS
    writer = _writer(cols)
    return [(table_name, audit_bulk.row_key(fids[i:i + step]), audit_bulk.CREATE,
             audit_bulk.text(fids[i:i + step], names, [c[i:i + step] for c in cols], writer))
            for i in range(0, len(fids), step)]


def _writer(cols: list[list]):
    """The JSON writer for these values: the accelerator, unless a float is infinite (it would write null, and
    the audit would say the field was emptied)."""
    for col in cols:
        kinds = set(map(type, col))
        if (float in kinds or list in kinds) and has_infinity(col):
            return dumps_exact
    return dumps


def update_columns(table_name: str, keys: list[int], names: list[str], cols: list[list], action: str
                   ) -> list[tuple]:
    """update_many's records as bulk records of CHUNK_ROWS rows each, the rows in key order: per field in
    ``names`` each row's [old, new] (None where the row's field did not change); a record names the fields
    changed in one of its rows, and keeps the action that wrote (update, overlay, assign …)."""
    order = sorted(range(len(keys)), key=keys.__getitem__) if any(
        a > b for a, b in zip(keys, keys[1:])) else range(len(keys))
    keys = [keys[i] for i in order]
    cols = [[c[i] for i in order] for c in cols]
    out = []
    for i in range(0, len(keys), audit_bulk.CHUNK_ROWS):
        part = keys[i:i + audit_bulk.CHUNK_ROWS]
        here = [(n, c[i:i + audit_bulk.CHUNK_ROWS]) for n, c in zip(names, cols)]
        here = [(n, c) for n, c in here if any(c)]
        chunk = [c for _, c in here]
        out.append((table_name, audit_bulk.row_key(part), audit_bulk.UPDATE,
                    audit_bulk.text(part, [n for n, _ in here], chunk, _writer(chunk), action)))
    return out


def row_part(record: tuple, row_key: Any) -> Optional[dict]:
    """The part of bulk record ``record`` (SEQ, TS, USERNAME, HOST, TBL, ROWKEY, ACTION, CHANGES, SOURCE,
    PREVHASH, HASH) about ``row_key``, as the per-row record it stands for; None when it does not name it."""
    rng = audit_bulk.key_range(record[5])
    try:
        key = int(row_key)
    except (TypeError, ValueError):
        return None
    if rng is None or not rng[0] <= key <= rng[1]:
        return None
    try:
        mine = dict(audit_bulk.rows(json.loads(record[7]), record[5])).get(str(key))
    except (TypeError, ValueError):
        return None
    if mine is None:
        return None
    return {"seq": record[0], "ts": record[1], "username": record[2], "host": record[3], "table": record[4],
            "row_key": str(row_key), "action": audit_bulk.PER_ROW[record[6]], "changes": mine,
            "bulk": record[5], "source": record[8], "prev_hash": record[9], "hash": record[10]}

