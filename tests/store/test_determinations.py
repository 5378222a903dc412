import datetime as dt
import json

import pytest

from wpzf.core.accountability import compute_accountability
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import StaleVersion, StoreError, create_workspace
from wpzf.store.determinations import (
    MARKERS,
    STORED_FACTS,
    accountability_input,
    determine_patches,
    fact_frame,
    save_facts,
)
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS  # test_facts_form imports it from here
from wpzf.tests.exchange.corpus import _square, write_shp


@pytest.fixture
def ws(tmp_path):
    rows = [
        # 0: on farmland, 3 亩 cultivated
        {"JCBH": "A", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 3.0, "YJJBNTMJ": 0.0,
         "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(0)},
        # 1: all construction land already (存量)
        {"JCBH": "B", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 0.0, "YJJBNTMJ": 0.0,
         "NYDMJ": 0.0, "JSYDMJ": 1.5, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(1)},
    ]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    yield w
    w.close()


def fids(ws):
    df = ws.select("wz_patch", ["JCBH"])
    return dict(zip(df["JCBH"], df["fid"].astype(int)))


def test_overlay_facts_come_from_the_patch_fields(ws):
    f = fact_frame(ws).set_index("JCBH")
    assert bool(f.loc["A", "XZJSYD"]) is False and bool(f.loc["B", "XZJSYD"]) is True
    assert f.loc["A", "GDMJ"] == 3.0 and not f.loc["A", "SFSK"]
    assert f.loc["A", "year"] == 2021


def test_facts_are_validated(ws):
    a = fids(ws)["A"]
    with pytest.raises(StoreError, match="not a fact"):
        save_facts(ws, a, {"NOPE": 1})
    with pytest.raises(StoreError, match="computed"):
        save_facts(ws, a, {"QTGDMJ": 2.0})
    with pytest.raises(StoreError, match="needs a reason"):
        save_facts(ws, a, {"GDMJ": 2.0})
    with pytest.raises(StoreError, match="SJYT"):
        save_facts(ws, a, {"SJYT": "casino"})
    assert ws.count("wz_fact") == 0


def test_illegal_new_construction_is_determined_stored_and_audited(ws):
    a = fids(ws)["A"]
    v = save_facts(ws, a, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False},
                   source="test")
    assert v == 1 and ws.get("wz_patch", a)["ZT"] == "核查中"
    res = determine_patches(ws, [a], source="test")
    assert res.loc[str(a), "PDJG"] == "新增建设用地违法"
    d = ws.select("wz_determ").iloc[0]
    assert d["TBID"] == a and d["PDJG"] == "新增建设用地违法" and "耕地" in d["PDYJSM"]
    patch = ws.get("wz_patch", a)
    assert patch["PDJG"] == "新增建设用地违法" and patch["ZT"] == "已判定"
    actions = [r["action"] for r in ws.audit_records("wz_patch", a)]
    assert actions == ["create", "update", "update"]
    assert ws.audit_records("wz_determ")[0]["source"] == "test"
    # unchanged facts: determining again writes nothing
    n = len(ws.audit_records())
    determine_patches(ws, [a])
    assert len(ws.audit_records()) == n and ws.verify_audit().ok


def test_override_with_reason_and_stale_fact_versions(ws):
    a = fids(ws)["A"]
    save_facts(ws, a, {"GDMJ": 2.5}, reasons={"GDMJ": "外业实测，部分为田坎"})
    row = ws.select("wz_fact").iloc[0]
    assert json.loads(row["FGLY"]) == {"GDMJ": "外业实测，部分为田坎"} and row["GDMJ"] == 2.5
    assert fact_frame(ws).set_index("JCBH").loc["A", "GDMJ"] == 2.5
    save_facts(ws, a, {"BHLX": "new_build"}, expected_version=1)
    with pytest.raises(StaleVersion):
        save_facts(ws, a, {"BHLX": "renovate"}, expected_version=1)


def test_unknown_facts_give_pending_with_missing(ws):
    b = fids(ws)["B"]
    res = determine_patches(ws, [b])
    assert res.loc[str(b), "PDJG"] == "待定" and res.loc[str(b), "QSSS"]
    assert ws.get("wz_patch", b)["ZT"] == "待核查"


def test_accountability_from_the_workspace(ws):
    """A: 3 亩 cultivated land occupied illegally by new construction → numerator 3, denominator 3, ratio 100 %.
    B (stock construction land, pending) counts in neither."""
    a = fids(ws)["A"]
    save_facts(ws, a, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
    determine_patches(ws)
    data = accountability_input(ws)
    r = compute_accountability(data, names=data.attrs["names"]).get("county", "140923")
    assert r.name == "代县" and r.numerator == pytest.approx(3.0) and r.denominator == pytest.approx(3.0)
    save_facts(ws, a, {"YCCFG": True})
    r2 = compute_accountability(accountability_input(ws)).get("county", "140923")
    assert r2.numerator == pytest.approx(0.0) and r2.line(2).numerator_mu == pytest.approx(3.0)


def test_split_parts_carry_their_own_facts_and_determinations(ws):
    """A is split in two: the west half got approval, the east half did not."""
    from shapely.geometry import LineString

    from wpzf.core.parts import split_by_line
    from wpzf.store.parts import split_patch, unsplit

    a = fids(ws)["A"]
    patch = ws.get("wz_patch", a, geometry=True)
    halves = split_by_line(patch["geom"], LineString([(113.0005, 38.99), (113.0005, 39.01)]))
    part_ids = split_patch(ws, a, halves, source="test")
    parts = ws.select("wz_part", ["TBID", "FGBH", "TBMJ", "TBMJMU"])
    assert parts["TBMJ"].sum() == pytest.approx(patch["TBMJ"], abs=1e-6) and list(parts["FGBH"]) == ["1", "2"]
    save_facts(ws, a, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
    west, east = sorted(part_ids, key=lambda f: ws.get("wz_part", f, geometry=True)["geom"].centroid.x)
    save_facts(ws, a, {"YDPF": True, "HXGX": "inside"}, fgid=west)
    save_facts(ws, a, {"GDMJ": 1.0}, reasons={"GDMJ": "分割后外业实测"}, fgid=east)
    res = determine_patches(ws, [a])
    west_key = f"{a}-{ws.get('wz_part', west)['FGBH']}"
    east_key = f"{a}-{ws.get('wz_part', east)['FGBH']}"
    assert res.loc[west_key, "PDJG"] == "合法用地" and res.loc[east_key, "PDJG"] == "新增建设用地违法"
    assert ws.get("wz_patch", a)["PDJG"] in ("合法用地、新增建设用地违法", "新增建设用地违法、合法用地")
    assert ws.get("wz_part", east)["PDJG"] == "新增建设用地违法"
    data = accountability_input(ws)
    assert set(data["id"]) == {west_key, east_key, str(fids(ws)["B"])}
    r = compute_accountability(data).get("county", "140923")
    assert r.numerator == pytest.approx(1.0)  # only the east part's measured cultivated land
    with pytest.raises(StoreError, match="not a part"):
        save_facts(ws, fids(ws)["B"], {"YDPF": True}, fgid=west)
    assert unsplit(ws, a, source="test") == 2
    assert ws.count("wz_part") == 0 and ws.count("wz_fact", '"FGID" IS NOT NULL') == 0
    assert ws.verify_audit().ok


def test_unit_facts_give_the_form_its_record_data_reasons_and_version(ws):
    from wpzf.store.determinations import unit_facts

    a = fids(ws)["A"]
    record, data, reasons, version = unit_facts(ws, a)
    assert data["GDMJ"] == 3.0 and record["GDMJ"] == 3.0 and reasons == {} and version is None
    save_facts(ws, a, {"GDMJ": 2.0, "BHLX": "new_build"}, reasons={"GDMJ": "实测"})
    record, data, reasons, version = unit_facts(ws, a)
    assert record["GDMJ"] == 2.0 and data["GDMJ"] == 3.0 and reasons == {"GDMJ": "实测"} and version == 1
    assert record["BHLX"] == "new_build"
    with pytest.raises(StoreError):
        unit_facts(ws, 999)


def test_a_fact_cell_left_empty_keeps_what_the_data_gives_and_a_nan_counts_as_empty(ws, monkeypatch):
    """unit_records reads wz_fact's cells in column order: an entered value wins over the data's, an empty cell
    leaves the data's. SQLite keeps a NaN as NULL; another backend can hand one back, which counts as empty."""
    from wpzf.store.determinations import unit_records

    a, b = fids(ws)["A"], fids(ws)["B"]
    save_facts(ws, a, {"GDMJ": 1.25, "BHLX": "new_build"}, reasons={"GDMJ": "外业实测"})
    save_facts(ws, b, {"BHLX": "new_build"})
    recs = {r["TBID"]: r for r in unit_records(ws)}
    assert recs[a]["GDMJ"] == 1.25 and recs[a]["_data"]["GDMJ"] == 3.0 and recs[a]["BHLX"] == "new_build"
    assert recs[b]["GDMJ"] == 0.0 and recs[b]["XZJSYD"] is True and recs[b]["SJYT"] is None
    fetch = ws._fetch

    def with_nan(sql, params=()):   # as a PostGIS double precision 'NaN' would come back
        rows = fetch(sql, params)
        if "FROM wz_fact" not in sql:
            return rows
        at = 3 + [*STORED_FACTS, *MARKERS].index("GDMJ")
        return [(*r[:at], float("nan"), *r[at + 1:]) for r in rows]

    monkeypatch.setattr(ws, "_fetch", with_nan)
    monkeypatch.setattr(ws, "kind", "postgis")
    recs = {r["TBID"]: r for r in unit_records(ws)}
    assert recs[a]["GDMJ"] == 3.0 and recs[b]["GDMJ"] == 0.0 and recs[a]["BHLX"] == "new_build"
