from wpzf.core.audit import GENESIS, diff, record_hash, verify_chain


def make_chain(n):
    recs, prev = [], GENESIS
    for i in range(1, n + 1):
        r = {"seq": i, "ts": f"2026-01-0{i}T00:00:00", "username": "op", "host": "pc", "table": "wz_patch",
             "row_key": str(i), "action": "update", "changes": {"ZT": ["待核查", "已核查"]},
             "source": None, "prev_hash": prev}
        r["hash"] = record_hash(r)
        prev = r["hash"]
        recs.append(r)
    return recs


def test_diff_reports_old_and_new():
    assert diff({"a": 1, "b": "x"}, {"a": 1, "b": "y", "c": None}) == {"b": ["x", "y"]}
    assert diff(None, {"a": 1}) == {"a": [None, 1]}


def test_intact_chain_verifies():
    recs = make_chain(5)
    res = verify_chain(recs, head=(5, recs[-1]["hash"]))
    assert res.ok and res.checked == 5


def test_edit_is_caught_at_that_record():
    recs = make_chain(5)
    recs[2]["changes"] = {"ZT": ["待核查", "违法"]}
    res = verify_chain(recs)
    assert not res.ok and res.broken_at == 3 and "altered" in res.reason


def test_deletion_in_middle_and_at_tail():
    recs = make_chain(5)
    res = verify_chain(recs[:2] + recs[3:])
    assert not res.ok and res.broken_at == 4
    res = verify_chain(recs[:4], head=(5, recs[-1]["hash"]))
    assert not res.ok and "5 were written" in res.reason


def test_rehashed_forgery_still_breaks_next_link():
    recs = make_chain(4)
    recs[1]["changes"] = {"ZT": ["x", "y"]}
    recs[1]["hash"] = record_hash(recs[1])
    res = verify_chain(recs)
    assert not res.ok and res.broken_at == 3


def test_replay_follows_create_update_delete_and_compare_names_the_field():
    from wpzf.core.audit import compare_rows, replay

    recs = [
        {"table": "t", "row_key": "1", "action": "create", "changes": {"A": "违法", "N": 2.0}},
        {"table": "t", "row_key": "2", "action": "create", "changes": {"A": "x"}},
        {"table": "t", "row_key": "1", "action": "determine", "changes": {"A": ["违法", "合法用地"], "B": [None, 1]}},
        {"table": "t", "row_key": "2", "action": "delete", "changes": {"A": ["x", None]}},
        {"table": "u", "row_key": "9", "action": "create", "changes": {"A": 1}},
    ]
    state = replay(recs, ["t"])
    assert state == {"t": {"1": {"A": "合法用地", "N": 2.0, "B": 1}}}
    fields = ["A", "B", "N", "XGSJ"]
    assert compare_rows("t", state["t"], {"1": {"A": "合法用地", "B": True, "N": 2, "XGSJ": "now"}}, fields) == []
    diffs = compare_rows("t", state["t"], {"1": {"A": "违法", "B": 1, "N": 2.0}, "3": {"A": "new"}}, fields)
    assert [(d.row_key, d.field, d.audited, d.actual) for d in diffs] == [
        ("1", "A", "合法用地", "违法"), ("3", "", None, "row")]
    assert "t #1 field A" in diffs[0].text() and "no audit record created it" in diffs[1].text()
    gone = compare_rows("t", state["t"], {}, fields)
    assert gone[0].row_key == "1" and "no audit record deleted it" in gone[0].text()


def test_damaged_record_is_named_not_a_crash():
    recs = make_chain(3)
    recs[1]["changes"], recs[1]["changes_text"] = None, "{not json"
    res = verify_chain(recs)
    assert not res.ok and res.broken_at == 2 and "not valid JSON" in res.reason


def test_replay_fills_column_defaults_a_create_left_out():
    from wpzf.core.audit import replay

    recs = [{"table": "t", "row_key": "1", "action": "create", "changes": {"A": 1}},
            {"table": "t", "row_key": "2", "action": "create", "changes": {"A": 2, "ZT": "已核查"}},
            {"table": "t", "row_key": "1", "action": "update", "changes": {"ZT": ["待核查", None]}}]
    assert replay(recs, ["t"], {"t": {"ZT": "待核查"}}) == {"t": {"1": {"A": 1}, "2": {"A": 2, "ZT": "已核查"}}}


def test_anchor_book_and_check(tmp_path):
    from wpzf.core.anchors import Anchor, AnchorBook, check_anchors

    book = AnchorBook(tmp_path / "a")
    assert book.find("/x.gpkg", "f1") == []
    a = Anchor("/x.gpkg", "f1", 5, "h5", "2026-12-01T00:00:00.000Z", "pc")
    assert book.record(a) and book.find("/x.gpkg", "other") == [a] and book.find("/moved.gpkg", "f1") == [a]
    hashes = {i: f"h{i}" for i in range(1, 8)}
    assert check_anchors([a], "f1", 7, hashes.get) is None
    def text(found):
        return found[0].format(**found[1])

    assert "records 4–5 are missing" in text(check_anchors([a], "f1", 3, hashes.get))
    assert "rewritten" in text(check_anchors([a], "f1", 7, {**hashes, 5: "x"}.get))
    assert "replaced from its first record" in text(check_anchors([a], "f2", 7, hashes.get))
    ro = AnchorBook(tmp_path / "file")
    (tmp_path / "file").write_text("not a folder")
    assert ro.record(a) is False  # never raises


def test_diverging_copies_keep_their_own_anchors(tmp_path):
    from wpzf.core.anchors import Anchor, AnchorBook

    book = AnchorBook(tmp_path)
    book.record(Anchor("/a.gpkg", "f1", 10, "h10", "t"))
    book.record(Anchor("/usb/a.gpkg", "f1", 7, "x7", "t"))     # the copy, written here after it diverged
    assert book.find("/a.gpkg", "f1")[0].count == 10 and book.find("/usb/a.gpkg", "f1")[0].count == 7
    assert book.find("/moved.gpkg", "f1")[0].first_hash == "f1"   # never written here: by its first record
