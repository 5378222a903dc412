"""The audit chain: each record carries the hash of the one before it.

Editing or deleting any record breaks the link after it; the head hash and count kept beside the
chain also catch removal of the newest records. Pure functions so both stores share them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

from . import audit_bulk

GENESIS = "0" * 64

LONG_VALUE = 256  # longer values (verbatim source rows, geometries) are recorded by their SHA-256


def canonical(value) -> str:
    """Stable JSON text: sorted keys, no whitespace, non-ASCII kept (Chinese stays readable)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest_text(value: str) -> str:
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def compact(value):
    """What the audit keeps of a value: itself, or its digest when it is long text."""
    if isinstance(value, str) and len(value) > LONG_VALUE:
        return digest_text(value)
    return value


def write_prefix(ts: str, username: str, host: str, source) -> str:
    """The part of the hashed text shared by all records of one write."""
    return json.dumps([ts, username, host, source], ensure_ascii=False, separators=(",", ":"))


def chain_hash(prefix: str, seq: int, table: str, row_key: str, action: str, prev_hash: str,
               changes_text: str) -> str:
    # row_key is length-prefixed so no value can shift text between fields.
    text = f"{prefix}\n{seq}|{table}|{action}|{len(row_key)}:{row_key}|{prev_hash}\n{changes_text}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hash(record: dict) -> str:
    """SHA-256 over every field of the record, ``changes`` as the exact text stored."""
    changes = record.get("changes_text")
    if changes is None:
        changes = canonical(record.get("changes"))
    prefix = write_prefix(record["ts"], record["username"], record["host"], record.get("source"))
    return chain_hash(prefix, int(record["seq"]), record["table"], str(record["row_key"]), record["action"],
                      record["prev_hash"], changes)


def diff(old: Optional[dict], new: Optional[dict]) -> dict:
    """{field: [old, new]} for every field whose value changed."""
    old = old or {}
    new = new or {}
    out = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if canonical(a) != canonical(b):
            out[key] = [a, b]
    return out


def tr_noop(text: str) -> str:
    """Marks an English message for the translation catalogue; the UI translates it with its params."""
    return text


@dataclass
class ChainCheck:
    ok: bool
    checked: int
    broken_at: Optional[int] = None  # seq of the first record that does not link
    reason: str = ""
    differences: list = field(default_factory=list)  # RowDifference: rows changed outside the audit
    template: str = ""    # ``reason`` before its values were put in (for a translated message)
    params: dict = field(default_factory=dict)

    @classmethod
    def failed(cls, checked: int, broken_at: Optional[int], template: str, **params) -> ChainCheck:
        return cls(False, checked, broken_at, template.format(**params), template=template, params=params)


MISSING = tr_noop("record {seq} is missing")
UNLINKED = tr_noop("the link to the previous record is broken")
ALTERED = tr_noop("the record was altered after it was written")
DAMAGED = tr_noop("record {seq} is damaged: its changes are not valid JSON")
SHORT = tr_noop("the log ends at record {n} but {count} were written")


def verify_chain(records: Iterable[dict], head: Optional[tuple[int, str]] = None) -> ChainCheck:
    """Walk records in seq order; report the first broken link.

    ``head`` is (count, hash of the last record) as kept beside the chain, if known.
    """
    prev = GENESIS
    expected_seq = 1
    n = 0
    for rec in records:
        n += 1
        if rec.get("changes") is None and rec.get("changes_text"):
            return ChainCheck.failed(n - 1, rec["seq"], DAMAGED, seq=rec["seq"])
        if rec["seq"] != expected_seq:
            return ChainCheck.failed(n - 1, rec["seq"], MISSING, seq=expected_seq)
        if rec["prev_hash"] != prev:
            return ChainCheck.failed(n - 1, rec["seq"], UNLINKED)
        if record_hash(rec) != rec["hash"]:
            return ChainCheck.failed(n - 1, rec["seq"], ALTERED)
        prev = rec["hash"]
        expected_seq += 1
    if head is not None:
        count, head_hash = head
        if count != n or (n and head_hash != prev):
            return ChainCheck.failed(n, n + 1 if count > n else n, SHORT, n=n, count=count)
    return ChainCheck(True, n)


# ---- the rows as the audit says they are --------------------------------------------------------
# Columns the store stamps on every write without auditing them (who/when last, the version counter).
UNAUDITED_COLUMNS = frozenset({"fid", "XGSJ", "XGR", "BBH"})


@dataclass
class RowDifference:
    table: str
    row_key: str
    field: str           # "" when the whole row is missing or unexpected
    audited: object      # what the audit's last record says (None: no value)
    actual: object       # what the table holds now

    def text(self) -> str:
        if not self.field:
            what = "exists but no audit record created it" if self.audited is None else \
                "is missing although no audit record deleted it"
            return f"{self.table} #{self.row_key} {what}"
        return (f"{self.table} #{self.row_key} field {self.field}: the audit says {self.audited!r}, "
                f"the table holds {self.actual!r}")


def apply_record(row: Optional[dict], action: str, changes: dict, defaults: Optional[dict] = None) -> Optional[dict]:
    """A row's audited values after one more record (None: the row does not exist). Creates hold the new
    values (a field they leave out takes the column's default), deletes remove the row, every other action
    holds {field: [old, new]}."""
    if action == "create":
        return {**(defaults or {}), **{k: v for k, v in changes.items() if v is not None}}
    if action == "delete":
        return None
    row = dict(row) if row else {}
    for name, pair in changes.items():
        new = pair[1] if isinstance(pair, list) and len(pair) == 2 else pair
        if new is None:
            row.pop(name, None)
        else:
            row[name] = new
    return row


def replay(records: Iterable[dict], tables: Iterable[str],
           defaults: Optional[dict[str, dict]] = None) -> dict[str, dict[str, dict]]:
    """{table: {row_key: {field: value}}}: every audited row as the chain of records leaves it."""
    wanted = set(tables)
    defaults = defaults or {}
    state: dict[str, dict[str, dict]] = {t: {} for t in wanted}
    for rec in records:
        table = rec["table"]
        if table not in wanted:
            continue
        if rec["action"] in audit_bulk.PER_ROW:   # a chunk of rows written together
            action = audit_bulk.PER_ROW[rec["action"]]
            for key, values in audit_bulk.rows(rec.get("changes"), rec.get("row_key")):
                row = apply_record(state[table].get(key), action, values, defaults.get(table))
                if row is None:
                    state[table].pop(key, None)
                else:
                    state[table][key] = row
            continue
        key = str(rec["row_key"])
        row = apply_record(state[table].get(key), rec["action"], rec.get("changes") or {}, defaults.get(table))
        if row is None:
            state[table].pop(key, None)
        else:
            state[table][key] = row
    return state


def same_value(a, b) -> bool:
    """Equal as stored: numbers by value (a database gives 1 for True, 2.0 for 2), the rest as JSON text."""
    if a is None or b is None:
        return a is None and b is None
    if a.__class__ is b.__class__ and a == b:  # the common case, without serialising
        return True
    if isinstance(a, (bool, int, float)) and isinstance(b, (bool, int, float)):
        return float(a) == float(b)
    return canonical(a) == canonical(b)


def compare_row(table: str, key: str, audited: Optional[dict], actual: Optional[dict],
                fields: Iterable[str]) -> list[RowDifference]:
    """The differences of one row (``audited``/``actual`` None: no such row on that side)."""
    if audited is None and actual is None:
        return []
    if audited is None or actual is None:
        return [RowDifference(table, key, "", None if audited is None else "row", None if actual is None else "row")]
    return [RowDifference(table, key, name, audited.get(name), actual.get(name))
            for name in fields if name not in UNAUDITED_COLUMNS and not same_value(audited.get(name), actual.get(name))]


def compare_rows(table: str, audited: dict[str, dict], actual: dict[str, dict],
                 fields: Iterable[str]) -> list[RowDifference]:
    """Every difference between the audit's rows and the table's (``actual``: row_key → {field: value},
    values already compacted as the audit records them); only ``fields`` are compared."""
    fields = list(fields)
    out = []
    for key in sorted(set(audited) | set(actual), key=lambda k: (len(k), k)):
        out.extend(compare_row(table, key, audited.get(key), actual.get(key), fields))
    return out
