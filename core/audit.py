"""The audit chain: each record carries the hash of the one before it.

Editing or deleting any record breaks the link after it; the head hash and count kept beside the
chain also catch removal of the newest records. Pure functions so both stores share them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional

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


@dataclass
class ChainCheck:
    ok: bool
    checked: int
    broken_at: Optional[int] = None  # seq of the first record that does not link
    reason: str = ""


def verify_chain(records: Iterable[dict], head: Optional[tuple[int, str]] = None) -> ChainCheck:
    """Walk records in seq order; report the first broken link.

    ``head`` is (count, hash of the last record) as kept beside the chain, if known.
    """
    prev = GENESIS
    expected_seq = 1
    n = 0
    for rec in records:
        n += 1
        if rec["seq"] != expected_seq:
            return ChainCheck(False, n - 1, rec["seq"], f"record {expected_seq} is missing")
        if rec["prev_hash"] != prev:
            return ChainCheck(False, n - 1, rec["seq"], "link to the previous record is broken")
        if record_hash(rec) != rec["hash"]:
            return ChainCheck(False, n - 1, rec["seq"], "record was altered after it was written")
        prev = rec["hash"]
        expected_seq += 1
    if head is not None:
        count, head_hash = head
        if count != n or (n and head_hash != prev):
            return ChainCheck(False, n, n + 1 if count > n else n,
                              f"chain ends at record {n} but {count} were written")
    return ChainCheck(True, n)
