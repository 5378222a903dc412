"""The overlay's results in the workspace: breakdown rows, summary fields, parts, audit; then the rules read them."""
import datetime as dt

import numpy as np
import pytest
from shapely.geometry import LineString, box

from wpzf.core.parcel_source import ArrayParcelSource
from wpzf.core.parts import split_by_line
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store.determinations import fact_frame
from wpzf.store.overlay import run_overlay
from wpzf.store.parts import split_patch
from wpzf.tests.exchange.corpus import write_shp

PATCH = "POLYGON((113 39, 113.004 39, 113.004 39.003, 113 39.003, 113 39))"


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", [{"JCBH": "P", "wkt": PATCH}]),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    yield w
    w.close()


def survey():
    """West half 旱地 with 10 % 田坎, east half 农村宅基地; basic farmland over the west quarter."""
    parcels = ArrayParcelSource(np.array([box(112.99, 38.99, 113.002, 39.01), box(113.002, 38.99, 113.01, 39.01)]),
                                dlbm=np.array(["0103", "0702"]), kcxs=np.array([0.1, 0.0]), fid=np.array([1, 2]))
    farmland = ArrayParcelSource(np.array([box(112.99, 38.99, 113.001, 39.01)]), fid=np.array([1]))
    return parcels, {"YJJBNTMJ": farmland}


def test_patch_breakdown_summary_and_audit(ws):
    parcels, protections = survey()
    fid = int(ws.select("wz_patch")["fid"].iloc[0])
    area_mu = ws.get("wz_patch", fid)["TBMJMU"]
    out = run_overlay(ws, parcels, protections, label="DLTB 2020", source_tag="test")
    assert out["units"] == 1
    rows = ws.select("wz_dlmj", ["LX", "DM", "MJMU", "SDL"]).set_index("DM")
    assert set(rows.index) == {"0103", "0702", "1203", "YJJBNTMJ"}
    assert rows.loc["1203", "MJMU"] == pytest.approx(rows.loc["0103", "MJMU"] / 9, rel=1e-9)  # 10 % of the parcel
    classes = rows[rows["LX"] == "地类"]["MJMU"].sum()
    assert classes == pytest.approx(area_mu, abs=1e-5)  # wholly covered: classes add up to the patch
    p = ws.get("wz_patch", fid)
    assert p["GDMJ"] == pytest.approx(rows.loc["0103", "MJMU"]) and p["JSYDMJ"] == pytest.approx(rows.loc["0702", "MJMU"])
    assert p["YJJBNTMJ"] == pytest.approx(area_mu / 4, rel=1e-3) and "DLTB 2020" in p["DLFX"]
    assert ws.audit_records("wz_patch", fid)[-1]["action"] == "overlay" and ws.verify_audit().ok
    rec = fact_frame(ws).iloc[0]
    assert rec["XZJSYD"] == False and rec["GDMJ"] == pytest.approx(p["GDMJ"])  # noqa: E712
    # a second run replaces the breakdown instead of adding to it
    run_overlay(ws, parcels, protections)
    assert len(ws.select("wz_dlmj")) == 4


def test_parts_are_measured_themselves(ws):
    parcels, protections = survey()
    fid = int(ws.select("wz_patch")["fid"].iloc[0])
    geom = ws.get("wz_patch", fid, geometry=True)["geom"]
    split_patch(ws, fid, split_by_line(geom, LineString([(113.002, 38.9), (113.002, 39.1)])))
    run_overlay(ws, parcels, protections)
    parts = ws.select("wz_part", ["FGBH", "GDMJ", "JSYDMJ"]).set_index("FGBH")
    west, east = sorted(parts.index, key=lambda k: -parts.loc[k, "GDMJ"])
    assert parts.loc[west, "JSYDMJ"] == pytest.approx(0.0, abs=1e-9) and parts.loc[east, "GDMJ"] == pytest.approx(0.0, abs=1e-9)
    units = fact_frame(ws).set_index("unit")
    assert bool(units.loc[f"{fid}-{east}", "XZJSYD"]) is True and bool(units.loc[f"{fid}-{west}", "XZJSYD"]) is False


def test_a_rerun_deletes_the_old_breakdown_with_the_records_delete_writes(ws):
    import json

    from wpzf.core.audit import compact
    from wpzf.store.audit_text import _plain

    parcels, protections = survey()
    run_overlay(ws, parcels, protections, source_tag="first")
    old = {int(f): ws.get("wz_dlmj", int(f)) for f in ws.select("wz_dlmj")["fid"]}
    expected = {f: {k: [compact(_plain(v)), None] for k, v in row.items() if k not in ("fid", "geom") and v is not None}
                for f, row in old.items()}
    run_overlay(ws, parcels, protections, source_tag="again")
    assert len(ws.select("wz_dlmj")) == len(old)          # replaced, not added to
    got = {int(r["row_key"]): r for r in ws.audit_records("wz_dlmj") if r["action"] == "delete"}
    assert set(got) == set(old)
    for f, r in got.items():
        assert json.loads(r["changes_text"]) == json.loads(json.dumps(expected[f])) and r["source"] == "again"
    assert ws.verify_audit().ok


def test_the_stored_summaries_are_the_engines_summary():
    """The store sums the class rows itself (no pandas pivots per chunk): the same figures as summary()."""
    from wpzf.bench.overlay_data import Spec, parcels, patches
    from wpzf.core.overlay import overlay_landuse
    from wpzf.core.parcel_source import ParcelBatch
    from wpzf.store.overlay import SUMMARY_FIELDS, _summary_mu

    spec = Spec("summary", 1500, 40, (112.0, 38.0, 112.08, 38.06), seed=21)
    g, d, k = (np.concatenate(a) for a in zip(*parcels(spec)))
    pg, ids = patches(spec)
    farm = ArrayParcelSource(g[::5], fid=np.arange(len(g))[::5])
    res = overlay_landuse(ids, pg, ParcelBatch(g, d, k, np.where(k > 0, "1203", ""), np.arange(len(g))),
                          protections={"YJJBNTMJ": farm}, chunk_size=10)
    classes = res.class_areas()
    mine, theirs = _summary_mu(res, classes), res.summary(unit="mu", classes=classes)
    fields = [f for f in SUMMARY_FIELDS if f in theirs.columns]
    assert set(fields) <= set(mine) and len(fields) == len(SUMMARY_FIELDS)
    for f in fields:
        np.testing.assert_allclose(mine[f], theirs[f].to_numpy(), rtol=1e-12, atol=1e-12)
    assert (mine["GDMJ"] > 0).any() and (mine["YJJBNTMJ"] > 0).any()
