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

# The fields of a record that the hash covers, in this order.
HASHED_FIELDS = ("seq", "ts", "username", "host", "table", "row_key", "action", "changes", "source",
                 "prev_hash")


def canonical(value) -> str:
    """Stable JSON text: sorted keys, no whitespace, non-ASCII kept (Chinese stays readable)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def record_hash(record: dict) -> str:
    payload = canonical({k: record.get(k) for k in HASHED_FIELDS})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def diff(old: Optional[dict], new: Optional[dict]) -> dict:
    """{field: [old, new]} for every field whose value changed (a create has old None)."""
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
