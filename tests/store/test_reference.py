"""Reference data in the workspace (store/reference.py) with hand-made coverage and suggestions: the registry,
storing a layer's results set-based (re-runs keep what was accepted, a changed value replaces it), accepting
(facts written and audited), accepting all, overriding with a reason, unregistering, the split along the red
line, the facts awaiting confirmation and the date a patch's facts refer to."""
import datetime as dt

import pytest
from shapely.geometry import box

from wpzf.core.suggestions import Source, Suggestion
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store import reference as ref
from wpzf.store.determinations import unit_facts
from wpzf.store.errors import StoreError
from wpzf.store.reference_dates import parse_date, unit_reference_date
from wpzf.tests.exchange.corpus import write_shp
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema

PATCHES = [box(113 + 0.01 * i, 39, 113.004 + 0.01 * i, 39.003) for i in range(4)]
LAYER = {"source": "/data/approvals.gpkg|layername=pzhx", "provider": "ogr", "name": "农转用批准红线"}


@pytest.fixture(params=["gpkg", "postgis"])
def ws(request, tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg" if request.param == "gpkg" else request.getfixturevalue("pg_location"))
    rows = [{"JCBH": f"P{i}", "wkt": g.wkt} for i, g in enumerate(PATCHES)]
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    yield w
    w.close()


def fids(ws):
    return [int(f) for f in ws.select("wz_patch", ["JCBH"])["fid"]]


def src(layer_id, fid, share=1.0, wh="豫政土〔2020〕12号"):
    return Source("construction_approval", layer_id, "农转用批准红线", fid, {"wh": wh, "pzrq": dt.date(2020, 6, 1)},
                  1000.0 * share, share)


def approval(layer_id, fid, wh="豫政土〔2020〕12号", share=1.0, split=False):
    s = (src(layer_id, fid, share, wh),)
    reason = f"“农转用批准红线”中的建设用地批准红线（{wh}）覆盖本图斑{share:.0%}。"
    return [Suggestion("YDPF", True, s, reason, share_outside=1 - share, split=split),
            Suggestion("PZWH", wh, s, reason), Suggestion("PZRQ", dt.date(2020, 6, 1), s, reason),
            Suggestion("HXGX", "inside" if share > 0.99 else "exceeds", s, reason, share_outside=1 - share,
                       split=split)]


def cover(tbid, fid, share=1.0, fgid=None):
    return {"TBID": tbid, "FGID": fgid, "YSID": fid, "MJ": 1000.0 * share, "ZB": share,
            "SX": {"wh": "豫政土〔2020〕12号", "pzrq": dt.date(2020, 6, 1)}}


def run(ws, lid, per_unit, source="test"):
    units = [(f, None) for f in fids(ws)]
    rows = [cover(u[0], 7) for u in per_unit]
    return ref.store_layer_results(ws, lid, units, rows, per_unit, "fp-1", source=source, features=3)


def states(ws):
    df = ws.select("wz_refsug", ["TBID", "SSDM", "JYZ", "ZT"])
    return sorted(zip(df["TBID"].astype(int), df["SSDM"], df["JYZ"], df["ZT"]))


def test_registry_round_trip_and_audit(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH", "pzrq": "PZRQ"})
    assert lid == "construction_approval-1"
    item = ref.reference_layers(ws)[0]
    assert item["kind"] == "construction_approval" and item["mapping"] == {"wh": "PZWH", "pzrq": "PZRQ"}
    assert item["complete"] is True and item["fingerprint"] is None     # the kind's default; never pre-filled
    assert ref.layer_display_name(item) == "农转用批准红线"
    # registering again under its id changes it (and is recorded)
    assert ref.register_layer(ws, "construction_approval", LAYER, {"wh": "WH"}, complete=False, layer_id=lid) == lid
    assert ref.reference_layers(ws)[0]["mapping"] == {"wh": "WH"} and not ref.reference_layers(ws)[0]["complete"]
    assert [r["action"] for r in ws.audit_records("wz_meta", f"setting:reference_layers/{lid}")] == ["create", "update"]
    with pytest.raises(StoreError, match="no attribute"):
        ref.register_layer(ws, "construction_approval", LAYER, {"zz": "X"})
    with pytest.raises(StoreError, match="no kind"):
        ref.register_layer(ws, "no_such_kind", LAYER, {})
    with pytest.raises(StoreError):
        ref.reference_layer(ws, "nope")
    assert ws.verify_audit().ok


def test_store_rerun_keeps_accepted_and_replaces_changed(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a, b, c, d = fids(ws)
    per_unit = {(a, None): approval(lid, 7), (b, None): approval(lid, 8)}
    counts = run(ws, lid, per_unit)
    assert counts["new"] == 8 and counts["cover"] == 2 and counts["stale"] == 0
    assert ws.count("wz_refcov", f'"TCID" = {ws.ph}', (lid,)) == 2
    item = ref.reference_layer(ws, lid)
    assert item["fingerprint"] == "fp-1" and item["features"] == 3 and item["prefilled"]
    shown = ref.suggestions(ws, a)
    assert [s["fact"] for s in shown] == ["YDPF", "PZWH", "PZRQ", "HXGX"]
    ydpf = shown[0]
    assert ydpf["alias"] == "取得建设用地批复" and ydpf["value"] is True and ydpf["value_text"] == "是"
    assert ydpf["layer_name"] == "农转用批准红线" and ydpf["sources"][0]["fid"] == 7
    assert ydpf["sources"][0]["attrs"]["pzrq"] == "2020-06-01" and not ydpf["conflict"]
    assert shown[2]["value"] == dt.date(2020, 6, 1) and shown[2]["value_text"] == "2020年6月1日"
    assert shown[3]["value_text"] == "图斑在批准红线内"

    # the same run again writes nothing
    n_audit = len(ws.audit_records())
    again = run(ws, lid, per_unit)
    assert again["new"] == 0 and again["kept"] == 8 and again["stale"] == 0
    assert len(ws.audit_records()) == n_audit + 1       # only the layer's "prefill" record

    assert ref.accept(ws, a, source="test") == 4
    again = run(ws, lid, per_unit)
    assert again["new"] == 0 and again["kept"] == 8
    assert {s["state"] for s in ref.suggestions(ws, a, states=None)} == {ref.ACCEPTED}

    # a changed 文号: the accepted row becomes 已失效 and the new value awaits confirmation
    per_unit[(a, None)] = approval(lid, 7, wh="豫政土〔2021〕3号")
    again = run(ws, lid, per_unit)
    assert again["stale"] == 1 and again["new"] == 1
    pzwh = [s for s in ref.suggestions(ws, a, states=None) if s["fact"] == "PZWH"]
    assert sorted(s["state"] for s in pzwh) == sorted([ref.PENDING, ref.STALE])
    pending = next(s for s in pzwh if s["state"] == ref.PENDING)
    assert pending["conflict"] and pending["confirmed"] == "豫政土〔2020〕12号"
    # a unit no longer covered: its suggestions become 已失效, its coverage goes
    del per_unit[(b, None)]
    again = run(ws, lid, per_unit)
    assert again["stale"] == 4 and ws.count("wz_refcov", f'"TBID" = {ws.ph}', (b,)) == 0
    assert ref.suggestions(ws, b) == []
    assert ws.verify_audit().ok


def test_accept_writes_facts_and_audit(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a = fids(ws)[0]
    run(ws, lid, {(a, None): approval(lid, 7)}, source="test")
    assert ref.pending_facts(ws)[(a, None)]["YDPF"]["value_text"] == "是"
    assert ref.accept(ws, a, source="accept-test") == 4
    record, _, _, version = unit_facts(ws, a)
    assert record["YDPF"] is True or record["YDPF"] == 1
    assert record["PZWH"] == "豫政土〔2020〕12号" and str(record["PZRQ"])[:10] == "2020-06-01"
    assert record["HXGX"] == "inside"
    rows = ws.select("wz_refsug", ["ZT", "CLR", "CLSJ"])
    assert set(rows["ZT"]) == {ref.ACCEPTED} and rows["CLR"].notna().all() and rows["CLSJ"].notna().all()
    fact_records = ws.audit_records("wz_fact")
    assert fact_records and fact_records[-1]["source"] == "accept-test"
    assert any(r["action"] == "accept" for r in ws.audit_records("wz_refsug"))
    assert ref.pending_facts(ws) == {}
    assert ref.accept(ws, a) == 0            # nothing left
    assert ws.verify_audit().ok


def test_confirmed_value_is_not_suggested_and_conflicts_wait(ws):
    from wpzf.store.determinations import save_facts

    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a, b = fids(ws)[:2]
    save_facts(ws, a, {"YDPF": True, "HXGX": "exceeds"})   # entered by hand before the pre-fill
    run(ws, lid, {(a, None): approval(lid, 7), (b, None): approval(lid, 8)})
    shown = {s["fact"]: s for s in ref.suggestions(ws, a)}
    assert "YDPF" not in shown                              # the same value: nothing to suggest
    assert shown["HXGX"]["conflict"] and shown["HXGX"]["confirmed"] == "exceeds"
    assert ref.accept(ws, a) == 2                           # PZWH, PZRQ; the conflict waits for a person
    assert [s["fact"] for s in ref.suggestions(ws, a)] == ["HXGX"]
    # accepting the conflicting one by name replaces the person's value
    assert ref.accept(ws, a, ids=[shown["HXGX"]["id"]]) == 1
    assert unit_facts(ws, a)[0]["HXGX"] == "inside"


def test_accept_all_many_units_and_disagreeing_layers(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    other = ref.register_layer(ws, "land_project", {"source": "/data/xm.shp", "provider": "ogr", "name": "增减挂钩"},
                               {"wh": "PZWH"})
    a, b, c, d = fids(ws)
    run(ws, lid, {(f, None): approval(lid, 7 + i) for i, f in enumerate((a, b, c))})
    # a second layer disagrees on b's 文号 and agrees on c's
    ref.store_layer_results(ws, other, [(f, None) for f in (a, b, c, d)], [],
                            {(b, None): [Suggestion("PZWH", "另一个文号", (src(other, 1),), "挂钩项目")],
                             (c, None): [Suggestion("PZWH", "豫政土〔2020〕12号", (src(other, 2),), "挂钩项目")]},
                            "fp-x")
    n = ref.accept_all(ws, source="bulk")
    assert n == 4 + 3 + 5       # a: all; b: not its disputed 文号 (two rows); c: both rows of its 文号
    left = ref.pending_facts(ws)
    assert list(left) == [(b, None)] and set(left[(b, None)]) == {"PZWH"}
    assert unit_facts(ws, c)[0]["PZWH"] == "豫政土〔2020〕12号" and unit_facts(ws, b)[0]["PZWH"] is None
    with pytest.raises(StoreError, match="disagree"):
        ref.accept(ws, b, ids=[s["id"] for s in ref.suggestions(ws, b)])
    assert ws.verify_audit().ok


def test_accept_all_writes_what_accept_writes_and_stays_set_based(tmp_path):
    """accept_all's bulk write gives each unit the record accept (save_facts) gives it; 1 500 units with a
    split patch among them in seconds, one audit record per row written."""
    import time

    from shapely.geometry import LineString

    from wpzf.core.parts import split_by_line
    from wpzf.store.parts import split_patch

    n = 1500
    w = create_workspace(tmp_path / "many.gpkg")
    rows = [{"JCBH": f"M{i}", "wkt": box(113 + 0.001 * (i % 50), 39 + 0.001 * (i // 50), 113.0008 + 0.001 * (i % 50),
                                          39.0008 + 0.001 * (i // 50)).wkt} for i in range(n)]
    assert import_batch(w, write_shp(tmp_path / "m.shp", rows), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    lid = ref.register_layer(w, "construction_approval", LAYER, {"wh": "PZWH"})
    all_fids = fids(w)
    first = all_fids[0]
    parts = split_patch(w, first, split_by_line(w.get("wz_patch", first, geometry=True)["geom"],
                                                LineString([(113.0004, 38.9), (113.0004, 39.1)])))
    units = [(first, p) for p in parts] + [(f, None) for f in all_fids[1:]]
    ref.store_layer_results(w, lid, units, [], {u: approval(lid, 7) for u in units}, "fp")
    ref.accept(w, all_fids[1])                       # one unit through save_facts
    one = w.select("wz_fact", where=f'"TBID" = {w.ph}', params=(all_fids[1],)).drop(columns=["fid", "XGSJ", "XGR"])
    t = time.perf_counter()
    assert ref.accept_all(w, source="bulk") == 4 * (len(units) - 1)
    assert time.perf_counter() - t < 15
    other = w.select("wz_fact", where=f'"TBID" = {w.ph}', params=(all_fids[2],)).drop(columns=["fid", "XGSJ", "XGR"])
    assert one.drop(columns="TBID").to_dict("records") == other.drop(columns="TBID").to_dict("records")
    part_rec = unit_facts(w, first, parts[0])[0]
    assert part_rec["PZWH"] == "豫政土〔2020〕12号" and part_rec["HXGX"] == "inside"
    assert set(w.select("wz_patch", ["ZT"])["ZT"]) == {"核查中"}
    assert ref.pending_facts(w) == {} and w.verify_audit().ok
    w.close()


def test_override_requires_a_reason(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a = fids(ws)[0]
    run(ws, lid, {(a, None): approval(lid, 7)})
    ydpf = ref.suggestions(ws, a)[0]
    with pytest.raises(StoreError, match="reason"):
        ref.override(ws, ydpf["id"], False, "  ")
    assert ref.suggestions(ws, a)[0]["state"] == ref.PENDING      # nothing written
    ref.override(ws, ydpf["id"], False, "批复已被撤销（县政府2021年1号文）", source="test")
    row = ref.suggestions(ws, a, states=(ref.OVERRIDDEN,))[0]
    assert row["override_reason"] == "批复已被撤销（县政府2021年1号文）" and row["handled_by"]
    assert unit_facts(ws, a)[0]["YDPF"] in (False, 0)
    # None leaves the fact unanswered
    pzwh = next(s for s in ref.suggestions(ws, a) if s["fact"] == "PZWH")
    ref.override(ws, pzwh["id"], None, "文号待核实")
    assert unit_facts(ws, a)[0]["PZWH"] is None
    with pytest.raises(StoreError):
        ref.override(ws, pzwh["id"], None, "again")                 # handled already
    assert ws.verify_audit().ok


def test_unregister_removes_coverage_and_stales_pending(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a, b = fids(ws)[:2]
    run(ws, lid, {(a, None): approval(lid, 7), (b, None): approval(lid, 8)})
    ref.accept(ws, a)
    ref.unregister_layer(ws, lid, source="test")
    assert ref.reference_layers(ws) == [] and ws.count("wz_refcov") == 0
    got = {(t, z) for t, _, _, z in states(ws)}
    assert got == {(a, ref.ACCEPTED), (b, ref.STALE)}
    assert ref.pending_facts(ws) == {}
    assert ws.verify_audit().ok


def test_split_along_the_red_line(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH", "pzrq": "PZRQ"})
    a, b = fids(ws)[:2]
    redline = box(112.99, 38.99, 113.0015, 39.01)        # covers the west 3/8 of patch a
    run(ws, lid, {(a, None): approval(lid, 7, share=0.375, split=True), (b, None): approval(lid, 8)})
    assert ref.suggestions(ws, a)[0]["split"] and ref.suggestions(ws, a)[0]["share_outside"] == pytest.approx(0.625)
    with pytest.raises(StoreError, match="nothing to split"):
        ref.split_along_redline(ws, b, geometries={8: PATCHES[1]})
    parts = ref.split_along_redline(ws, a, geometries={7: redline}, source="test")
    assert len(parts) == 2
    got = {}
    for pfid in parts:
        got[pfid] = {s["fact"]: s for s in ref.suggestions(ws, a, pfid)}
    inside = next(p for p in parts if got[p]["YDPF"]["value"] is True)
    outside = next(p for p in parts if p != inside)
    assert got[inside]["HXGX"]["value"] == "inside" and got[inside]["PZWH"]["value"] == "豫政土〔2020〕12号"
    assert got[inside]["PZRQ"]["value"] == dt.date(2020, 6, 1)
    assert set(got[outside]) == {"YDPF"} and got[outside]["YDPF"]["value"] is False
    assert "豫政土〔2020〕12号" in got[outside]["YDPF"]["reason"]
    # the whole patch's suggestions gave way; the parts have their coverage
    assert all(s["state"] == ref.STALE for s in ref.suggestions(ws, a, states=None))
    cov = ws.select("wz_refcov", ["TBID", "FGID", "ZB"], where=f'"TBID" = {ws.ph}', params=(a,))
    assert set(cov["FGID"].dropna().astype(int)) == {inside} and cov["ZB"].iloc[0] == pytest.approx(1.0, abs=1e-6)
    assert set(ref.pending_facts(ws, [a])) == {(a, inside), (a, outside)}
    assert ws.verify_audit().ok


def test_parts_accept_in_one_click_over_the_values_they_inherit(ws):
    """After the whole patch's suggestions were accepted and the patch split along the red line, the parts' own
    suggestions (inside: in the red line; outside: no approval) replace what they inherited from the patch: one
    click accepts them, and the form shows no conflict. After an unsplit a new run offers the split again."""
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH", "pzrq": "PZRQ"})
    a = fids(ws)[0]
    redline = box(112.99, 38.99, 113.0015, 39.01)
    run(ws, lid, {(a, None): approval(lid, 7, share=0.375, split=True)})
    assert ref.accept(ws, a) == 4                                      # YDPF 是, HXGX 超出红线 … on the patch
    parts = ref.split_along_redline(ws, a, geometries={7: redline}, source="test")
    for pfid in parts:
        pending = ref.suggestions(ws, a, pfid)
        assert pending and not any(s["conflict"] for s in pending)
        assert ref.accept(ws, a, pfid) == len(pending)
    record = {p: unit_facts(ws, a, p)[0] for p in parts}
    # the approval's facts moved from the whole patch to the part inside: the outside part inherits none of them
    assert sorted(repr((bool(r["YDPF"]), r["HXGX"], r["PZWH"])) for r in record.values()) == [
        "(False, None, None)", "(True, 'inside', '豫政土〔2020〕12号')"]
    whole = ws.select("wz_fact", ["PZWH", "HXGX"], where='"TBID" = ' + ws.ph + ' AND "FGID" IS NULL', params=(a,))
    assert whole["PZWH"].isna().all() and whole["HXGX"].isna().all()
    from wpzf.store.parts import unsplit
    unsplit(ws, a, source="test")
    run(ws, lid, {(a, None): approval(lid, 7, share=0.375, split=True)})
    assert any(s["split"] for s in ref.suggestions(ws, a))            # the split is on offer again
    assert ws.verify_audit().ok


def test_reference_date(ws):
    a, b = fids(ws)[:2]
    with ws.transaction():
        ws.update("wz_patch", a, {"HSX": "2021-03"})
    assert unit_reference_date(ws, a) == dt.date(2021, 3, 31)   # the month's last day
    assert unit_reference_date(ws, b) == dt.date(2021, 5, 6)    # the batch's issue date
    # and what each is, for the reasons that cite it
    assert (unit_reference_date(ws, a).basis, unit_reference_date(ws, b).basis) == ("后时相", "下发日期")
    for text, want in (("20210301", dt.date(2021, 3, 1)), ("2021/3/1", dt.date(2021, 3, 1)),
                       ("2021年3月1日", dt.date(2021, 3, 1)), ("", None), ("unknown", None)):
        assert parse_date(text) == want, text


def test_two_values_of_one_fact_from_one_layer_are_stable_across_runs(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a = fids(ws)[0]
    per_unit = {(a, None): [Suggestion("PZWH", "文号甲", (src(lid, 1),), "甲"),
                            Suggestion("PZWH", "文号乙", (src(lid, 2),), "乙")]}
    assert run(ws, lid, per_unit)["new"] == 2
    again = run(ws, lid, per_unit)
    assert again["new"] == 0 and again["stale"] == 0 and again["kept"] == 2
    per_unit[(a, None)] = per_unit[(a, None)][:1]
    again = run(ws, lid, per_unit)
    assert again["stale"] == 1 and [s["value"] for s in ref.suggestions(ws, a)] == ["文号甲"]
    run(ws, lid, {(a, None): [Suggestion("PZWH", "文号甲", (src(lid, 1),), "甲"),
                              Suggestion("PZWH", "文号乙", (src(lid, 2),), "乙")]})
    with pytest.raises(StoreError, match="disagree"):   # accepting both by name
        ref.accept(ws, a, ids=[s["id"] for s in ref.suggestions(ws, a)])
    assert ref.accept(ws, a) == 0                       # accepting all leaves the dispute to a person


def test_rerun_offers_again_what_a_person_cleared_after_accepting(ws):
    """Accepted, then cleared (or changed) in the form: a re-run does not keep the acceptance as if it held."""
    from wpzf.store.determinations import save_facts

    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH"})
    a, b = fids(ws)[:2]
    per_unit = {(a, None): approval(lid, 7), (b, None): approval(lid, 8)}
    run(ws, lid, per_unit)
    assert ref.accept(ws, a) == 4 and ref.accept(ws, b) == 4
    save_facts(ws, a, {"YDPF": None, "PZWH": None, "PZRQ": None}, source="test")
    save_facts(ws, b, {"PZWH": "豫政土〔2019〕1号"}, source="test")
    again = run(ws, lid, per_unit)
    assert again["stale"] == 4 and again["new"] == 4 and again["kept"] == 4
    assert [s["fact"] for s in ref.suggestions(ws, a)] == ["YDPF", "PZWH", "PZRQ"]
    changed = ref.suggestions(ws, b)
    assert [s["fact"] for s in changed] == ["PZWH"] and changed[0]["conflict"]
    assert ref.suggestions(ws, a, states=(ref.ACCEPTED,))[0]["fact"] == "HXGX"   # still what the unit has
    # accepted again: a further run keeps them
    assert ref.accept(ws, a) == 3
    assert run(ws, lid, per_unit)["new"] == 0
    assert ws.verify_audit().ok
