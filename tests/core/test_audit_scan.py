"""core.audit_scan, the fast pass of the audit check, on records made with core.audit's own hashing: it says
"clean" only where the exact check finds nothing, and counts every record."""
import hashlib
import itertools
import sqlite3
import struct

from wpzf.core.audit import GENESIS, canonical, chain_hash, compact, write_prefix
from wpzf.core.audit_scan import check_links, check_links_by_fid, check_others, check_table, gpkg_digest

TS, USER, HOST = "2021-05-06T08:00:00.000Z", "张三", "pc-1"
COMPARED = ["JCBH", "ZT", "BZ"]
DEFAULTS = {"ZT": "待核查"}


def chain(items):
    """[(key, action, changes)] → the records of table t in (key text, SEQ) order, as the store writes them."""
    prefix, prev, out = write_prefix(TS, USER, HOST, None), GENESIS, []
    for seq, (key, action, changes) in enumerate(items, 1):
        text = changes if isinstance(changes, str) else canonical(changes)
        h = chain_hash(prefix, seq, "t", key, action, prev, text)
        out.append((key, seq, TS, USER, HOST, action, text, None, prev, h))
        prev = h
    return sorted(out, key=lambda r: (r[0], r[1]))


def stored(rows):
    """{fid: (JCBH, ZT, BZ)} → the table's rows (fid, JCBH, ZT, BZ) in key text order."""
    return [(f, *v) for f, v in sorted(rows.items(), key=lambda kv: str(kv[0]))]


ITEMS = [("1", "create", {"JCBH": "P1"}), ("2", "create", {"JCBH": "P2", "ZT": None}),
         ("10", "create", {"JCBH": "P10", "BZ": compact("备" * 300)}), ("1", "update", {"ZT": ["待核查", "已核查"]}),
         ("3", "create", {"JCBH": "P3"}), ("3", "delete", {"JCBH": ["P3", None]})]
ROWS = {1: ("P1", "已核查", None), 2: ("P2", "待核查", None), 10: ("P10", "待核查", "备" * 300)}


def test_clean_rows_and_every_record_hashed():
    assert check_table(chain(ITEMS), stored(ROWS), "t", COMPARED, DEFAULTS) == {"n": 6, "altered": False,
                                                                               "dirty": False}


def test_each_kind_of_difference_is_dirty():
    for rows in ({**ROWS, 1: ("P1", "待核查", None)},          # a value
                 {k: v for k, v in ROWS.items() if k != 2},     # a row gone
                 {**ROWS, 3: ("P3", "待核查", None)},           # a deleted row back
                 {**ROWS, 11: ("P11", "待核查", None)},         # a row after the last record
                 {**ROWS, 0: ("P0", "待核查", None)},           # a row before the first
                 {**ROWS, 10: ("P10", "待核查", "备" * 301)}):  # long text, by its digest
        assert check_table(chain(ITEMS), stored(rows), "t", COMPARED, DEFAULTS)["dirty"]


def test_an_altered_record_is_found_and_the_rest_still_counted():
    recs = chain(ITEMS)
    recs[2] = recs[2][:6] + ('{"JCBH":"P9"}',) + recs[2][7:]
    assert check_table(recs, stored(ROWS), "t", COMPARED, DEFAULTS) == {"n": 6, "altered": True, "dirty": True}


def test_json_as_json_loads_takes_it():
    ok = chain([("1", "create", ' {"JCBH": "P1"} ')])   # whitespace the C scanner alone would refuse
    assert not check_table(ok, stored({1: ("P1", "待核查", None)}), "t", COMPARED, DEFAULTS)["dirty"]
    for bad in ('{"JCBH": "P1"', '{"JCBH": "P1"}x', "[1]", "NaN"):
        recs = chain([("1", "create", bad)])
        assert check_table(recs, stored({1: ("P1", "待核查", None)}), "t", COMPARED, DEFAULTS)["dirty"], bad


def test_keys_out_of_order_are_left_to_the_exact_check():
    recs = chain(ITEMS)
    assert check_table(recs[::-1], stored(ROWS), "t", COMPARED, DEFAULTS)["dirty"]
    assert check_table(recs, stored(ROWS)[::-1], "t", COMPARED, DEFAULTS)["dirty"]


def test_a_key_s_records_out_of_the_order_written_are_left_to_the_exact_check():
    recs = chain(ITEMS)   # key 1: create (SEQ 1), update (SEQ 4), as a GeoPackage read in fid order gives them
    assert not check_table(recs, stored(ROWS), "t", COMPARED, DEFAULTS)["dirty"]
    swapped = recs[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]   # fids renumbered: the update met before the create
    assert check_table(swapped, stored(ROWS), "t", COMPARED, DEFAULTS)["dirty"]
    odd = recs[:1] + [(recs[1][0], "4") + recs[1][2:]] + recs[2:]   # a SEQ that is no number
    assert check_table(odd, stored(ROWS), "t", COMPARED, DEFAULTS) == {"n": 2, "altered": True, "dirty": True}


def test_a_create_s_nulls_leave_the_default_and_the_word_null_is_only_text():
    recs = chain([("1", "create", {"JCBH": "null", "ZT": None, "BZ": None}), ("2", "create", '{"JCBH":"P2","BZ":"null"}')])
    assert not check_table(recs, stored({1: ("null", "待核查", None), 2: ("P2", "待核查", "null")}), "t", COMPARED,
                           DEFAULTS)["dirty"]
    assert check_table(recs, stored({1: ("null", None, None), 2: ("P2", "待核查", "null")}), "t", COMPARED,
                       DEFAULTS)["dirty"]


def test_links():
    recs = sorted(chain(ITEMS), key=lambda r: r[1])
    rows = [(r[1], r[8], r[9]) for r in recs]
    assert check_links(rows, [3]) == {"n": 6, "ok": True, "last": recs[-1][9], "kept": {3: recs[2][9]}}
    assert not check_links(rows[:2] + rows[3:])["ok"]                       # a record missing
    assert not check_links(rows[:2] + [(3, "0" * 64, rows[2][2])] + rows[3:])["ok"]   # a link broken


def test_others_hash_and_json():
    prefix = write_prefix(TS, USER, HOST, None)
    h = chain_hash(prefix, 1, "wz_meta", "x", "migrate", GENESIS, "{broken")
    row = (1, TS, USER, HOST, "wz_meta", "x", "migrate", "{broken", None, GENESIS, h)
    assert check_others([row], ["t"]) == {"n": 1, "ok": False}
    assert check_others([row[:4] + ("t",) + row[5:]], ["t"]) == {"n": 1, "ok": False}   # its hash no longer fits


def test_gpkg_digest_is_the_digest_of_the_stored_wkb():
    wkb = bytes.fromhex("0101000000000000000000f03f0000000000000040")
    blob = struct.pack("<2sBBi4d", b"GP", 0, 0b11, 4490, 1, 1, 2, 2) + wkb
    assert [gpkg_digest(b) for b in (blob, None, b"XX" + blob[2:], "GP")] == \
        ["sha256:" + hashlib.sha256(wkb).hexdigest(), None, "?", "?"]


def audit_db(rows):
    """An in-memory wz_audit holding (fid, SEQ, PREVHASH, HASH) rows; a stream over it as run_unit gets it."""
    con = sqlite3.connect(":memory:")
    con.execute('CREATE TABLE wz_audit (fid INTEGER PRIMARY KEY, "SEQ", "PREVHASH" TEXT, "HASH" TEXT)')
    con.executemany("INSERT INTO wz_audit VALUES (?, ?, ?, ?)", rows)
    return lambda sql, params: itertools.chain(con.execute(sql, params))


def test_links_by_fid_answer_as_the_walk_or_leave_it_to_the_walk():
    recs = sorted(chain(ITEMS), key=lambda r: r[1])
    rows = [(r[1], r[1], r[8], r[9]) for r in recs]   # fid = SEQ, as the store writes them
    walk = check_links([r[1:] for r in rows], [2, 5])
    assert walk["ok"] and check_links_by_fid(audit_db(rows), [2, 5]) == walk
    cases = {
        "a gap in the fids": rows[:2] + rows[3:],
        "fids not in SEQ order": [(6 - i, *r[1:]) for i, r in enumerate(rows)],
        "fids from 100": [(r[0] + 99, *r[1:]) for r in rows],   # the chain holds: the walk says so
        "a link broken": rows[:3] + [(4, 4, "0" * 64, rows[3][3])] + rows[4:],
        "a SEQ that is no whole number": rows[:3] + [(4, 4.5, *rows[3][2:])] + rows[4:],
        "a SEQ as text": rows[:3] + [(4, "4", *rows[3][2:])] + rows[4:],
        "the first not after the genesis": [(1, 1, "1" * 64, rows[0][3])] + rows[1:],
        "a NULL link": rows[:3] + [(4, 4, None, rows[3][3])] + rows[4:],
    }
    for what, changed in cases.items():
        quick = check_links_by_fid(audit_db(changed), [2, 5])
        walk = check_links([r[1:] for r in sorted(changed, key=lambda r: (str(r[1]), r[0]))], [2, 5])
        assert quick is None or quick == walk and walk["ok"], what
        if what == "fids from 100":
            assert walk["ok"] and quick == walk, what
        else:
            assert quick is None, what
