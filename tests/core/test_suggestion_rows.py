"""Suggestions as the store's rows (core/suggestion_rows.py), and the pre-fill's helper process deriving them
(core/coverage_child.py): the same rows as derived in the caller's process, answered in the order the layers were
handed, a layer handed before the units' context waiting for it."""
import datetime as dt
import json
import pickle
from types import SimpleNamespace

import numpy as np
from shapely.geometry import box

from wpzf.core.coverage_child import CoverageHelper
from wpzf.core.dates import ReferenceDate, dated
from wpzf.core.gpkg_near import NearBoxes
from wpzf.core.parcel_source import ParcelBatch
from wpzf.core.reference_overlay import coverage, measure_units, without_slivers
from wpzf.core.suggestion_rows import encode, encode_many, fields
from wpzf.core.suggestions import Source, Suggestion, record_codes, suggest_many

X0, Y0, D = 112.5, 36.2, 0.001


def unit(i):
    return box(X0 + 3 * D * i, Y0, X0 + 3 * D * i + D, Y0 + D)


def test_encode_gives_the_stored_texts():
    src = Source("construction_approval", "construction_approval-1", "批准红线", 7,
                 {"wh": "晋政地字〔2019〕1号", "pzrq": dt.date(2019, 3, 1)}, 1234.5678, 0.5, None)
    s = Suggestion("YDPF", True, (src,), "覆盖本图斑50.0%。", share_outside=0.5, split=True)
    fact, jyz, ly, sm = encode(s)
    assert (fact, json.loads(jyz), sm) == ("YDPF", True, "覆盖本图斑50.0%。")
    got = json.loads(ly)
    assert got["share_outside"] == 0.5 and got["split"] is True
    assert got["sources"][0]["attrs"] == {"wh": "晋政地字〔2019〕1号", "pzrq": "2019-03-01"}
    assert got["sources"][0]["area_m2"] == 1234.568 and got["sources"][0]["fid"] == 7
    assert fields(s) == (fact, jyz, ly, sm, True)
    assert fields(fields(s)) == fields(s)           # an encoded row passes as it is


def test_encode_many_shares_equal_texts():
    src = Source("construction_approval", "l", "层", 1, {}, 10.0, 1.0, None)
    a = Suggestion("YDPF", True, (src,), "r")
    b = Suggestion("PZWH", "文号", a.sources, "r")
    none = Suggestion("YDPF", False, (), "没有批准红线。")
    rows = encode_many({"1": [a, b], "2": [none], "3": [none]})
    assert rows["1"][0][2] is rows["1"][1][2]       # one unit's facts: one sources text
    assert rows["2"][0] is rows["3"][0]             # units without a feature: one row


def test_reference_date_travels_with_its_basis():
    d = pickle.loads(pickle.dumps(dated(dt.date(2021, 4, 8), "后时相"), pickle.HIGHEST_PROTOCOL))
    assert isinstance(d, ReferenceDate) and d == dt.date(2021, 4, 8) and d.basis == "后时相"
    assert dated(None, "后时相") is None


def test_record_codes_are_what_the_rules_read_of_a_record():
    assert record_codes(["construction_approval"]) == {"SJYT"}       # (a red line suggests nothing for 设施农用地 …)
    assert record_codes(["facility_filing", "basic_farmland"]) == {"SJYT", "MYYT"}


def _inputs():
    ids = [str(i) for i in range(4)]
    geoms = np.array([unit(i) for i in range(4)], dtype=object)
    feats = ParcelBatch(np.array([box(X0, Y0, X0 + D / 2, Y0 + D), unit(2)], dtype=object),
                        fid=np.array([11, 12], dtype=np.int64))
    attrs = {11: {"wh": "晋政地字〔2019〕1号", "pzrq": "2019-03-01"}, 12: {"wh": "晋政地字〔2020〕2号", "pzrq": "2020-01-05"}}
    dates = {u: dated(dt.date(2021, 6, 1), "后时相") for u in ids}
    return ids, geoms, feats, attrs, dates


def test_helper_derives_the_same_rows_in_order_and_waits_for_the_context():
    ids, geoms, feats, attrs, dates = _inputs()
    derive = {"kind": "construction_approval", "layer_id": "construction_approval-1", "layer_name": "批准红线",
              "attrs": attrs, "complete": True}
    areas = measure_units(geoms)
    boxes = NearBoxes(np.array([g.bounds for g in geoms]))
    here = without_slivers(coverage(ids, geoms, feats, unit_areas=areas, unit_boxes=boxes))
    expected = encode_many(suggest_many("construction_approval", "construction_approval-1", "批准红线", here, attrs,
                                        dates=dates, complete=True, parts=set(), skip_confirmed=False))
    helper = CoverageHelper.start()
    assert helper is not None and not helper.failed
    try:
        helper.units(ids, geoms, boxes.array)
        helper.layer(feats, False, derive)            # handed before the context: it waits for it
        broken = SimpleNamespace(geoms=np.array([unit(0), unit(1)], dtype=object), fid=np.array([1]))
        helper.layer(broken, False, derive)           # two features, one id: it fails there
        helper.layer(feats, False)                    # coverage only
        helper.context({}, dates, [])
        cov, rows = helper.result(lambda: None)
        assert cov.pairs[["unit_id", "fid"]].values.tolist() == here.pairs[["unit_id", "fid"]].values.tolist()
        assert rows == expected and set(rows) == set(ids)    # every unit: a red line or "none"
        assert helper.result(lambda: None) is None and helper.failed   # the failed layer: the caller takes over
        assert helper.error
    finally:
        helper.close()


def test_helper_leaves_the_rows_to_the_caller_when_its_json_would_differ(monkeypatch):
    """A helper whose interpreter writes JSON otherwise (the accelerator in one and not the other) answers with the
    coverage alone: the rows are text compared with those stored before."""
    from wpzf.core import coverage_child

    ids, geoms, feats, attrs, dates = _inputs()
    monkeypatch.setattr(coverage_child, "ACCELERATED", not coverage_child.ACCELERATED)   # the caller's, said so
    helper = CoverageHelper.start()
    try:
        helper.units(ids, geoms, np.array([g.bounds for g in geoms]))
        helper.context({}, dates, [])
        helper.layer(feats, False, {"kind": "construction_approval", "layer_id": "l", "layer_name": "n",
                                    "attrs": attrs, "complete": True})
        cov, rows = helper.result(lambda: None)
        assert rows is None and len(cov.pairs) == 2
    finally:
        helper.close()

