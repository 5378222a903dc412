"""Bulk audit records: one chained record for a chunk of rows created or changed together (an import of
100k patches, a province overlay's breakdown and its 50k patch summaries, a whole-workspace determination),
instead of one record per row.

The record still names every row and holds what a per-row record would, column-wise:
``{"keys": [fid, …], "values": {field: [value per key, …], …}}``. In a create (ACTION ``create_many``) a
value is what the row was created with (None: left out, as a per-row create leaves it out); in an update
(``update_many``) it is the row's [old, new] pair, None where that row's field did not change. Its ROWKEY is
``*<first>-<last>``: the "*" sorts before every digit, so a table's bulk records sit together at the start
of its (TBL, ROWKEY) index, apart from the per-row records; the range lets a reader take only the chunks
that name the keys it wants.

Readers that replay rows (the audit check, the aggregates' "what changed") expand a bulk record into the
per-row records it stands for: ``rows`` for one record, ``ordered_rows`` for many in key text order.
Pure standard library, so the audit check's helper process stays light.
"""
from __future__ import annotations

import heapq
import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Optional

CREATE, UPDATE = "create_many", "update_many"
PER_ROW = {CREATE: "create", UPDATE: "update"}   # the per-row action a bulk record's rows stand for
MARK = "*"            # ROWKEY prefix of a bulk record
MARK_END = "+"        # the character after MARK: ROWKEY >= MARK AND ROWKEY < MARK_END selects them
CHUNK_ROWS = 2000     # rows per record: a record's text stays about 1 MB, a parsed one a few MB
MIN_ROWS = 200        # fewer rows written at once are audited a record per row
MAX_DIGITS = 19       # a row id is a 64-bit integer


class Unreadable(ValueError):
    """A bulk record that is not made as ``text`` makes it (``seq`` names it)."""

    def __init__(self, seq: int, why: str = ""):
        super().__init__(f"bulk record {seq} cannot be read{': ' + why if why else ''}")
        self.seq = seq


def row_key(keys: Sequence[int]) -> str:
    return f"{MARK}{min(keys)}-{max(keys)}"


def _whole(text: str) -> bool:
    return 0 < len(text) <= MAX_DIGITS and text.isascii() and text.isdigit()


def key_range(rowkey) -> Optional[tuple[int, int]]:
    """(first, last) named by a bulk record's ROWKEY, or None when it is not one as the store writes it
    (ASCII digits, ids from 1, first ≤ last)."""
    if not isinstance(rowkey, str) or not rowkey.startswith(MARK):
        return None
    lo, sep, hi = rowkey[1:].partition("-")
    if not sep or not _whole(lo) or not _whole(hi):
        return None
    first, last = int(lo), int(hi)
    return (first, last) if 1 <= first <= last else None


def text(keys: Sequence[int], names: Sequence[str], cols: Sequence[Sequence], dumps: Callable[[object], str],
         action: Optional[str] = None) -> str:
    """The record's changes text: keys and values column-wise, the fields in the order given; ``action``:
    what wrote an update (determine, overlay …), kept for the reader (the rows replay as updates)."""
    body = {"keys": list(keys), "values": {n: list(c) for n, c in zip(names, cols)}}
    if action is not None:
        body["action"] = action
    return dumps(body)


def rows(changes, rowkey: Optional[str] = None) -> list[tuple[str, dict]]:
    """(row key as text, its values) per row of a parsed bulk record: what it was created with, or its
    changed fields' [old, new]. Raises ValueError when the record is not made as ``text`` makes it: keys
    that are not whole numbers rising, values not one per key, or (given the record's ``rowkey``) a ROWKEY
    that is not ``row_key`` of its keys."""
    if not isinstance(changes, dict):
        raise ValueError("a bulk record's changes are not an object")
    keys, values = changes.get("keys"), changes.get("values")
    if not isinstance(keys, list) or not isinstance(values, dict) or \
            any(not isinstance(c, list) or len(c) != len(keys) for c in values.values()):
        raise ValueError("a bulk record's keys and values do not match")
    if any(k.__class__ is not int for k in keys) or any(a >= b for a, b in zip(keys, keys[1:])) or \
            (rowkey is not None and (not keys or row_key(keys) != rowkey)):
        raise ValueError("a bulk record's keys are not the rows its ROWKEY names")
    names = list(values)
    cols = [values[n] for n in names]
    out = []
    for i, k in enumerate(keys):
        out.append((str(k), {n: c[i] for n, c in zip(names, cols) if c[i] is not None}))
    return out


def _in(key: int, pieces) -> bool:
    for lo, hi in pieces:
        if (lo is None or key >= lo) and (hi is None or key < hi):
            return True
    return False


def _overlaps(rng: tuple[int, int], pieces) -> bool:
    first, last = rng
    return any((lo is None or last >= lo) and (hi is None or first < hi) for lo, hi in pieces)


def ordered_rows(heads: Iterable[tuple], load: Callable[[int], Optional[str]],
                 pieces=((None, None),), loads: Callable[[str], object] = json.loads,
                 cache: int = 4) -> Iterator[tuple[str, int, str, dict]]:
    """(row key as text, SEQ, per-row action, values) for every row of the bulk records ``heads`` ((SEQ,
    ROWKEY, ACTION) each) with a key in ``pieces`` ([from, to) ranges, None open), in key text order and SEQ
    order within a key — the order the per-row records are read in, so the two merge. ``load(seq)`` gives a
    record's text. Each row's values are its own dict (the caller may change it): a row is given once.

    Keys of one digit count are in text order when in numeric order: so the rows are taken per digit count
    and the digit counts merged. Within one, a chunk is parsed when the rows reach its first key (chunks
    whose ranges overlap, say an import's and a later update's, are merged: all those whose range covers
    the rows reached are held) and let go after its last. A record that cannot be read, or whose keys are
    not the rows its ROWKEY names, raises Unreadable."""
    spans: dict[int, list[tuple[int, int, int, str]]] = {}
    rowkeys: dict[int, str] = {}
    for seq, rowkey, action in heads:
        rng = key_range(rowkey)
        if rng is None or action not in PER_ROW or seq.__class__ is not int:
            raise Unreadable(seq, "its ROWKEY names no rows")
        rowkeys[seq] = rowkey
        if not _overlaps(rng, pieces):
            continue
        first, last = rng
        for width in range(len(str(first)), len(str(last)) + 1):   # the chunk's keys of each digit count
            lo, hi = max(first, 10 ** (width - 1)), min(last, 10 ** width - 1)
            if lo <= hi:
                spans.setdefault(width, []).append((lo, hi, seq, PER_ROW[action]))
    kept: OrderedDict = OrderedDict()   # seq → its rows by digit count: a record is parsed once for all of them

    def values_of(seq: int) -> dict:
        if seq in kept:
            kept.move_to_end(seq)
            return kept[seq]
        body = load(seq)
        got = {}
        try:
            for k, v in rows(loads(body) if body else None, rowkeys[seq]):
                got.setdefault(len(k), []).append((int(k), v))
        except (TypeError, ValueError) as e:
            raise Unreadable(seq, str(e)) from None
        kept[seq] = got
        if len(kept) > cache:
            kept.popitem(last=False)
        return got

    def chunk(lo: int, hi: int, seq: int, action: str, width: int) -> Iterator[tuple[int, int, str, dict]]:
        for key, values in values_of(seq).get(width, ()):   # (rising: rows() refuses keys that are not)
            if lo <= key <= hi and _in(key, pieces):
                yield key, seq, action, values

    def by_width(width: int) -> Iterator[tuple[str, int, str, dict]]:
        ordered = sorted(spans[width])
        if all(a[1] < b[0] for a, b in zip(ordered, ordered[1:])):   # one chunk after another (an import)
            for lo, hi, seq, action in ordered:
                for key, seq_, action_, values in chunk(lo, hi, seq, action, width):
                    yield str(key), seq_, action_, values
            return
        heap: list = []   # (key, seq, n, action, values, the chunk's rows after it)
        i = n = 0
        while heap or i < len(ordered):
            # a chunk joins when the rows reach its first key: no row of it can come before what is taken
            while i < len(ordered) and (not heap or ordered[i][0] <= heap[0][0]):
                lo, hi, seq, action = ordered[i]
                it = chunk(lo, hi, seq, action, width)
                got = next(it, None)
                if got is not None:
                    n += 1
                    heapq.heappush(heap, (got[0], got[1], n, got[2], got[3], it))
                i += 1
            if not heap:
                continue
            key, seq, _n, action, values, it = heapq.heappop(heap)
            yield str(key), seq, action, values
            got = next(it, None)
            if got is not None:
                n += 1
                heapq.heappush(heap, (got[0], got[1], n, got[2], got[3], it))

    streams = [by_width(w) for w in sorted(spans)]
    if len(streams) == 1:
        return streams[0]
    return heapq.merge(*streams, key=lambda r: (r[0], r[1]))
