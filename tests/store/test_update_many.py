"""Workspace.update_many: the set-based write of many rows writes exactly the audit records ``update``
would, skips rows that do not change, and undoes everything when any row fails (issue 15).

Run against PostGIS too (tests/store/test_postgis_parity.py)."""
import json

import pytest
from shapely.geometry import MultiPolygon, Polygon

from wpzf.store import Actor, StaleVersion, StoreError, create_workspace

SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("tester", "box"))
    yield w
    w.close()


def _patches(ws, n=12, code="B1"):
    with ws.transaction():
        b = ws.insert("wz_batch", [{"PCBH": code, "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        return ws.insert("wz_patch", [{"JCBH": f"{code}-{i}", "PCID": b, "GDMJ": 1.5 * i,
                                       "XZMC": "甲镇" if i % 2 else None} for i in range(n)], geoms=[SQ] * n)


# Changes that exercise every kind of value: unchanged, text to text, None to text, text to None, a
# float to an equal float, a float to another, an int, a long text (recorded by digest).
def _changes(fids):
    out = {}
    for k, fid in enumerate(fids):
        ch = {"XZMC": "甲镇" if k % 2 else None}               # unchanged
        if k % 3 == 0:
            ch["XZMC"] = "乙镇"
        if k % 4 == 1:
            ch["XZMC"] = None
        ch["GDMJ"] = 1.5 * k if k % 5 else 1.5 * k + 0.25
        if k == 7:
            ch["YSSX"] = "长" * 400
        if k == 8:
            ch["ZT"] = "核查中"
        if k == 10:
            ch["JCMJ"] = 2.0                                  # None to a float
        out[fid] = ch
    out[fids[0]]["GDMJ"] = -0.0                               # 0.0 to -0.0: equal numbers, other JSON text
    out[fids[1]]["GDMJ"] = 1.5                                # a float to the equal float: unchanged
    return out


def _chain(records, keys):
    """What two writes must agree on: every record but its time stamp and hashes, rows named by position."""
    return [(r["table"], keys.index(int(r["row_key"])), r["action"], r["changes_text"], r["source"], r["username"])
            for r in records]


def _rows(ws, fids):
    df = ws.select("wz_patch", ["XZMC", "GDMJ", "YSSX", "ZT", "BBH", "XGR"]).set_index("fid")
    return df.loc[fids].reset_index(drop=True).to_dict("records")


def test_update_many_writes_the_records_update_would(ws):
    # Two identical sets of patches: one changed by update_many, the other row by row with update.
    bulk_fids, single_fids = _patches(ws, code="B1"), _patches(ws, code="B2")
    n0 = len(ws.audit_records())
    with ws.transaction():
        written = ws.update_many("wz_patch", _changes(bulk_fids), source="bulk", action="assign")
    n1 = len(ws.audit_records())
    with ws.transaction():
        for fid, ch in _changes(single_fids).items():
            ws.update("wz_patch", fid, ch, source="bulk", action="assign")
    records = ws.audit_records()
    bulk, single = records[n0:n1], records[n1:]
    assert _chain(bulk, bulk_fids) == _chain(single, single_fids)
    assert len(bulk) == len(written) < len(bulk_fids)        # unchanged rows: no record, no write
    assert {int(r["row_key"]) for r in bulk} == set(written)
    assert _rows(ws, bulk_fids) == _rows(ws, single_fids)    # same values, versions, stamps
    long = [r for r in bulk if "YSSX" in r["changes"]][0]
    assert long["changes"]["YSSX"][1].startswith("sha256:")
    assert ws.verify_audit().ok


def test_unchanged_rows_are_not_written(ws):
    fids = _patches(ws, 5)
    before = ws.select("wz_patch", ["BBH", "XGSJ", "XZMC", "GDMJ"])
    n0 = len(ws.audit_records())
    same = {int(f): {"XZMC": x, "GDMJ": g} for f, x, g in zip(before["fid"], before["XZMC"], before["GDMJ"])}
    with ws.transaction():
        assert ws.update_many("wz_patch", same) == []
    assert len(ws.audit_records()) == n0
    assert ws.select("wz_patch", ["BBH", "XGSJ", "XZMC", "GDMJ"]).equals(before)
    with ws.transaction():
        assert ws.update_many("wz_patch", {fids[2]: {"XZMC": "丙镇", "GDMJ": before["GDMJ"][2]}}) == [fids[2]]
    rec = ws.audit_records()[-1]
    assert rec["changes"] == {"XZMC": [None, "丙镇"]} and rec["action"] == "update"
    assert ws.get("wz_patch", fids[2])["BBH"] == 2 and ws.get("wz_patch", fids[1])["BBH"] == 1


@pytest.mark.parametrize("failure", ["missing row", "stale version", "later error"])
def test_a_failure_undoes_the_whole_write(ws, failure):
    ws.BULK_CHUNK = 4   # several chunks are written before the failing one
    fids = _patches(ws, 12)
    before = ws.select("wz_patch", ["XZMC", "BBH"])
    n0 = len(ws.audit_records())
    changes = {f: {"XZMC": f"新{f}"} for f in fids}
    versions = None
    if failure == "missing row":
        changes[999_999] = {"XZMC": "无"}
    elif failure == "stale version":
        versions = {fids[-1]: 7}
    with pytest.raises(StaleVersion if failure == "stale version" else (StoreError, RuntimeError)):
        with ws.transaction():
            ws.update_many("wz_patch", changes, expected_versions=versions)
            if failure == "later error":
                raise RuntimeError("a later step of the same unit of work failed")
    assert ws.select("wz_patch", ["XZMC", "BBH"]).equals(before)
    assert len(ws.audit_records()) == n0
    assert ws.verify_audit().ok


def test_expected_versions_are_honoured(ws):
    fids = _patches(ws, 3)
    with ws.transaction():
        ws.update_many("wz_patch", {f: {"ZT": "核查中"} for f in fids}, expected_versions={f: 1 for f in fids})
    assert [ws.get("wz_patch", f)["BBH"] for f in fids] == [2, 2, 2]


def test_geometry_and_unknown_fields_are_refused(ws):
    fids = _patches(ws, 2)
    with pytest.raises(StoreError):
        with ws.transaction():
            ws.update_many("wz_patch", {fids[0]: {"NOPE": 1}})
    with pytest.raises(StoreError):
        with ws.transaction():
            ws.update_many("wz_patch", {fids[0]: {"geom": SQ}})


def test_a_bulk_update_names_every_row_as_update_would(ws):
    # 600 rows given out of order (about 360 change: a bulk record on a GeoPackage): each row's part of it is
    # the record update writes for that row, and the rows end as update leaves them.
    from wpzf.core import audit_bulk

    bulk_fids, single_fids = _patches(ws, 600, code="B1"), _patches(ws, 600, code="B2")
    order = list(range(600))[::7] + [k for k in range(600) if k % 7]
    bulk_changes, single_changes = _changes(bulk_fids), _changes(single_fids)
    n0 = len(ws.audit_records())
    with ws.transaction():
        written = ws.update_many("wz_patch", {bulk_fids[k]: bulk_changes[bulk_fids[k]] for k in order},
                                 source="s", action="assign")
    n1 = len(ws.audit_records())
    with ws.transaction():
        for k in order:
            ws.update("wz_patch", single_fids[k], single_changes[single_fids[k]], source="s", action="assign")
    records = ws.audit_records()
    bulk, single = records[n0:n1], records[n1:]
    if ws.bulk_audit:
        assert {r["action"] for r in bulk} == {audit_bulk.UPDATE} and len(bulk) < len(single)
        assert all(json.loads(r["changes_text"])["action"] == "assign" for r in bulk)
        parts = {int(k): v for r in bulk for k, v in audit_bulk.rows(json.loads(r["changes_text"]), r["row_key"])}
    else:   # PostGIS: a record per row, chained in the order given
        assert [int(r["row_key"]) for r in bulk] == written and {r["action"] for r in bulk} == {"assign"}
        parts = {int(r["row_key"]): r["changes"] for r in bulk}
    assert written == [bulk_fids[k] for k in order if bulk_fids[k] in parts]
    assert {bulk_fids.index(f): ch for f, ch in parts.items()} == \
        {single_fids.index(int(r["row_key"])): r["changes"] for r in single}
    assert _rows(ws, bulk_fids) == _rows(ws, single_fids)
    assert ws.verify_audit().ok


def test_typed_columns_and_empty_first_values_are_written_as_update_writes_them(ws):
    # dates, integers, a caller's own stamp and values emptied in the first row (PostGIS types a page of rows by
    # its columns, whatever the first row holds): the rows end as update leaves them
    bulk_fids, single_fids = _patches(ws, 6, code="B1"), _patches(ws, 6, code="B2")

    def changes(fids):
        return {f: {"HCJZ": None if k == 0 else f"2021-06-{10 + k}", "CFXF": None if k < 2 else k,
                    "XFSJ": "2021-05-06", "XGSJ": "2021-06-01T08:00:00.000Z" if k == 3 else None,
                    "GDMJ": None if k == 0 else 2.5 * k}
                for k, f in enumerate(fids)}

    with ws.transaction():
        ws.update_many("wz_patch", changes(bulk_fids), source="s")
    with ws.transaction():
        for f, ch in changes(single_fids).items():
            ws.update("wz_patch", f, ch, source="s")
    cols = ["HCJZ", "CFXF", "XFSJ", "GDMJ", "BBH"]
    got = ws.select("wz_patch", cols).set_index("fid")
    assert got.loc[bulk_fids].reset_index(drop=True).equals(got.loc[single_fids].reset_index(drop=True))
    assert str(got.loc[bulk_fids[3], "HCJZ"])[:10] == "2021-06-13" and got.loc[bulk_fids[3], "CFXF"] == 3
    assert ws.verify_audit().ok
