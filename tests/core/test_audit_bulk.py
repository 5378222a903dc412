"""Bulk-create records (core/audit_bulk.py): a chunk of rows in one record, read back as the per-row creates
it stands for, in the order the per-row records are read in."""
import json

import pytest

from wpzf.core import audit_bulk as ab
from wpzf.core.audit import replay


def record(keys, **cols):
    return json.loads(ab.text(keys, list(cols), list(cols.values()), json.dumps))


def test_rows_leave_out_none_and_name_every_key():
    ch = record([7, 8, 9], JCBH=["a", "b", None], MJ=[1.5, None, 2])
    assert ab.rows(ch) == [("7", {"JCBH": "a", "MJ": 1.5}), ("8", {"JCBH": "b"}), ("9", {"MJ": 2})]
    assert ab.row_key([7, 8, 9]) == "*7-9" and ab.key_range("*7-9") == (7, 9)
    assert ab.key_range("7") is None and ab.key_range("*x-1") is None and ab.key_range(None) is None
    for bad in ([1], {"keys": [1]}, {"keys": [1, 2], "values": {"A": [1]}}, {"keys": 1, "values": {}}):
        with pytest.raises(ValueError):
            ab.rows(bad)


def chunks(first, last, size):
    """Bulk records as the store writes them: consecutive keys, ``size`` a record, SEQ rising."""
    out, seq = {}, 100
    for lo in range(first, last + 1, size):
        keys = list(range(lo, min(lo + size, last + 1)))
        seq += 1
        out[seq] = (ab.row_key(keys), ab.text(keys, ["K"], [[f"v{k}" for k in keys]], json.dumps))
    return out


@pytest.mark.parametrize("pieces", [((None, None),), ((None, 10),), ((10, 100),), ((100, None),),
                                    ((None, 10), (1000, None)), ((95, 105), (998, 1003))])
def test_ordered_rows_in_key_text_order_within_the_pieces(pieces):
    recs = chunks(1, 1234, 97)   # chunks across 10, 100 and 1000
    heads = [(s, k, ab.CREATE) for s, (k, _t) in recs.items()]
    loaded = []

    def load(seq):
        loaded.append(seq)
        return recs[seq][1]

    got = list(ab.ordered_rows(heads, load, pieces))
    want = sorted(str(k) for k in range(1, 1235)
                  if any((lo is None or k >= lo) and (hi is None or k < hi) for lo, hi in pieces))
    assert [k for k, _s, _a, _v in got] == want
    assert all(a == "create" and v == {"K": f"v{k}"} for k, _s, a, v in got)
    assert len(loaded) <= 2 * len(recs)   # each chunk parsed about once per digit count it holds


def test_chunks_that_share_keys_still_come_in_order():
    a = (ab.row_key([5, 6, 7]), ab.text([5, 6, 7], ["K"], [["a5", "a6", "a7"]], json.dumps))
    b = (ab.row_key([6, 12]), ab.text([6, 12], ["K"], [["b6", "b12"]], json.dumps))
    recs = {1: a, 2: b}
    got = list(ab.ordered_rows([(1, a[0], ab.CREATE), (2, b[0], ab.UPDATE)], lambda s: recs[s][1]))
    assert [(k, s, act) for k, s, act, _v in got] == [("12", 2, "update"), ("5", 1, "create"), ("6", 1, "create"),
                                                      ("6", 2, "update"), ("7", 1, "create")]


def test_unreadable_records_name_themselves():
    with pytest.raises(ab.Unreadable) as e:
        list(ab.ordered_rows([(4, "*1-3", ab.CREATE)], lambda s: "{broken"))
    assert e.value.seq == 4
    with pytest.raises(ab.Unreadable) as e:
        list(ab.ordered_rows([(9, "12", ab.CREATE)], lambda s: "{}"))
    assert e.value.seq == 9


def test_replay_expands_a_bulk_record_like_per_row_creates():
    bulk = [{"table": "t", "row_key": "*1-2", "action": ab.CREATE,
             "changes": record([1, 2], A=[1, 2], ZT=[None, "已核查"])},
            {"table": "t", "row_key": "2", "action": "update", "changes": {"A": [2, 3]}}]
    rows = [{"table": "t", "row_key": "1", "action": "create", "changes": {"A": 1}},
            {"table": "t", "row_key": "2", "action": "create", "changes": {"A": 2, "ZT": "已核查"}},
            bulk[1]]
    defaults = {"t": {"ZT": "待核查"}}
    assert replay(bulk, ["t"], defaults) == replay(rows, ["t"], defaults) == \
        {"t": {"1": {"A": 1, "ZT": "待核查"}, "2": {"A": 3, "ZT": "已核查"}}}


def test_an_update_spread_over_the_creates_is_merged_chunk_by_chunk():
    """An import's chunks and a later update naming scattered rows: the rows come in key order, each key's
    create before its update, and a chunk is parsed once."""
    recs = chunks(1, 1234, 97)
    keys = list(range(3, 1234, 41))
    upd = (ab.row_key(keys), ab.text(keys, ["K"], [[["v", "w"]] * len(keys)], json.dumps, "determine"))
    recs[999] = upd
    heads = [(s, k, ab.UPDATE if s == 999 else ab.CREATE) for s, (k, _t) in recs.items()]
    loaded = []
    got = list(ab.ordered_rows(heads, lambda s: loaded.append(s) or recs[s][1]))
    assert [(k, s) for k, s, _a, _v in got] == sorted([(str(k), s) for s in recs if s != 999
                                                        for k in json.loads(recs[s][1])["keys"]] +
                                                       [(str(k), 999) for k in keys])
    assert [v for k, s, a, v in got if s == 999] == [{"K": ["v", "w"]}] * len(keys)
    assert len([s for s in loaded if s != 999]) <= 2 * (len(recs) - 1)


def test_replay_applies_a_bulk_update():
    recs = [{"table": "t", "row_key": "*1-2", "action": ab.CREATE, "changes": record([1, 2], A=[1, 2])},
            {"table": "t", "row_key": "*1-2", "action": ab.UPDATE,
             "changes": json.loads(ab.text([1, 2], ["A", "B"], [[[1, 5], None], [None, [None, "x"]]], json.dumps))}]
    assert replay(recs, ["t"]) == {"t": {"1": {"A": 5}, "2": {"A": 2, "B": "x"}}}
