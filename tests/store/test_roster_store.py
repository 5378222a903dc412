"""The roster in the workspace (wz_roster): lossless rows, audited saves, zone polygons and lookups."""
import dataclasses
import json

import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from wpzf.core.rosters import Guarantee, Person, RosterError, Village, load_default_roster, roster_from_dict
from wpzf.store import Actor, create_workspace
from wpzf.store.rosters import (
    TABLE,
    RosterDataError,
    ZoneGeometryError,
    roster_from_rows,
    roster_rows,
    save_roster,
    seed_default_roster,
    set_zone_geometry,
    workspace_roster,
    zone_geometries,
    zone_of,
    zone_of_point,
)

ZONE_A = box(112.95, 39.06, 112.96, 39.07)
ZONE_B = box(112.96, 39.06, 112.97, 39.07)


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("tester", "box"))
    yield w
    w.close()


@pytest.fixture
def roster():
    return load_default_roster()


def clear(ws):
    with ws.transaction():
        for fid in ws.select(TABLE, ["LB"])["fid"]:
            ws.delete(TABLE, int(fid))


def replace_leader(roster, village_name, township, leader):
    """The roster with one village guaranteed by another leader (guarantees regrouped as the plan would)."""
    towns = []
    for t in roster.townships:
        if t.name != township:
            towns.append(t)
            continue
        groups = {}
        for v in t.villages:
            g = leader if v.name == village_name else v.guarantor
            groups.setdefault(g, []).append(dataclasses.replace(v, guarantor=g))
        towns.append(dataclasses.replace(t, guarantees=tuple(Guarantee(k, tuple(vs)) for k, vs in groups.items())))
    return dataclasses.replace(roster, townships=tuple(towns))


# ---- rows ------------------------------------------------------------------------------------------
def test_rows_round_trip_the_default_roster_losslessly(roster):
    rows = roster_rows(roster)
    assert roster_from_rows(pd.DataFrame(rows)) == roster
    assert roster_from_rows(list(reversed(rows))) == roster  # order comes from the rows, not their position
    lbs = {r["LB"] for r in rows}
    assert {"县", "领导小组", "办公室", "组长", "副组长", "成员", "主任", "副主任", "联络人", "乡镇", "村", "片区"} == lbs
    assert sum(r["LB"] == "村" for r in rows) == 182 and sum(r["LB"] == "片区" for r in rows) == 14


def test_row_layout(roster):
    rows = roster_rows(roster)
    by = {(r["LB"], r["MC"]): r for r in rows}
    v = by[("村", "峨西村")]
    assert (v["DM"], v["SJDM"], v["FZR"]) == ("140923100001", "140923100", "陈文秀")
    t = by[("乡镇", "峨口镇")]
    assert t["SJDM"] == "140923" and t["FZR"] == "张生明、高步峰、陈文秀、郝利明、王中杰"
    assert json.loads(t["BZ"])["code_source"].startswith("demo")
    z = by[("片区", "西南街片区")]
    assert z["FZR"] == "贾平华" and z["ZRDW"].startswith("县委办、县委党校") and z["DM"] == "PQ-01"
    assert json.loads(z["BZ"])["deputy"] == {"name": "李润玖", "title": "县总工会负责人"}
    nobody = [r for r in rows if r["LB"] == "成员" and r["SJDM"] == "BGS" and r["MC"] == ""]
    assert [r["ZW"] for r in nobody] == ["各乡（镇）自然资源服务中心负责人"]
    assert by[("主任", "张国文")]["BZ"] == '{"note":"兼"}'
    assert all(len(r["DM"]) <= 20 and r["MC"] is not None for r in rows)


def test_edge_cases_round_trip():
    doc = {"county": {"code": "1", "name": "X"}, "year": 2030,
           "office": {"contact": None},
           "townships": [{"code": "11", "name": "甲镇", "guarantees": []},
                         {"code": "12", "name": "乙乡", "leaders": ["张三"],
                          "guarantees": [{"leader": "张三", "villages": [{"code": "12001", "name": "一村"}]},
                                         {"leader": "李四", "villages": [{"code": "12002", "name": "二村"}]}]}],
           "zones": [{"name": "Z", "commander": "王五", "deputy": None, "units": []}]}
    r = roster_from_dict(doc)
    assert r.office.contact is None and r.zones[0].deputy == Person(None)
    assert roster_from_rows(roster_rows(r)) == r


def test_bad_rows_are_reported():
    rows = roster_rows(load_default_roster())
    with pytest.raises(RosterDataError, match="类别"):
        roster_from_rows([r for r in rows if r["LB"] != "县"])
    odd = [dict(r, LB="镇长") if r["MC"] == "峨西村" else r for r in rows]
    with pytest.raises(RosterDataError, match="镇长"):
        roster_from_rows(odd)
    stray = [dict(r, SJDM="999") if r["MC"] == "峨西村" else r for r in rows]
    with pytest.raises(RosterDataError, match="峨西村"):
        roster_from_rows(stray)


# ---- workspace -------------------------------------------------------------------------------------
def test_workspace_without_roster_reads_the_default(ws, roster):
    clear(ws)
    assert ws.count(TABLE) == 0
    assert workspace_roster(ws) == roster


def test_seed_is_idempotent(ws, roster):
    clear(ws)
    assert seed_default_roster(ws) is True
    n, n_audit = ws.count(TABLE), len(ws.audit_records(TABLE))
    assert n == len(roster_rows(roster))
    assert seed_default_roster(ws) is False
    assert ws.count(TABLE) == n and len(ws.audit_records(TABLE)) == n_audit
    assert workspace_roster(ws) == roster and ws.verify_audit().ok
    assert {r["source"] for r in ws.audit_records(TABLE)} >= {"seed"}


def test_saving_the_same_roster_writes_nothing(ws, roster):
    seed_default_roster(ws)
    n = len(ws.audit_records())
    assert save_roster(ws, roster) == {"created": 0, "updated": 0, "deleted": 0}
    assert len(ws.audit_records()) == n


def test_a_changed_leader_is_one_audited_update(ws, roster):
    seed_default_roster(ws)
    n = len(ws.audit_records())
    edited = replace_leader(roster, "东滩上村", "峨口镇", "高步峰")
    counts = save_roster(ws, edited, source="test-edit")
    assert counts == {"created": 0, "updated": 1, "deleted": 0}
    new = ws.audit_records()[n:]
    assert len(new) == 1
    rec = new[0]
    assert rec["action"] == "update" and rec["changes"] == {"FZR": ["陈文秀", "高步峰"]}
    assert rec["source"] == "test-edit" and rec["username"] == "tester"
    got = workspace_roster(ws)
    assert got.village("东滩上村").guarantor == "高步峰"
    assert got == edited and ws.verify_audit().ok


def test_added_and_removed_rows_are_created_and_deleted(ws, roster):
    seed_default_roster(ws)
    t = roster.townships[0]
    extra = Village("140923100999", "新村", t.code, t.name, "陈文秀")
    g0 = t.guarantees[0]
    t2 = dataclasses.replace(t, guarantees=(dataclasses.replace(g0, villages=g0.villages + (extra,)),
                                            *t.guarantees[1:]))
    edited = dataclasses.replace(roster, townships=(t2, *roster.townships[1:]), zones=roster.zones[1:])
    n = len(ws.audit_records())
    counts = save_roster(ws, edited)
    assert counts["created"] == 1 and counts["deleted"] == 1
    new = ws.audit_records()[n:]
    assert {r["action"] for r in new} == {"create", "delete", "update"}
    deleted = [r for r in new if r["action"] == "delete"]
    assert deleted[0]["changes"]["MC"] == ["西南街片区", None]
    assert workspace_roster(ws) == edited


def test_failed_save_leaves_nothing(ws, roster):
    seed_default_roster(ws)
    n = len(ws.audit_records())
    bad = dataclasses.replace(roster, zones=roster.zones + (roster.zones[0],))  # a zone name twice
    with pytest.raises(RosterDataError):
        save_roster(ws, bad)
    with pytest.raises(ZoneGeometryError):
        save_roster(ws, replace_leader(roster, "东滩上村", "峨口镇", "高步峰"),
                    geometries={"北关片区": Point(1, 1)})
    assert len(ws.audit_records()) == n and workspace_roster(ws) == roster


# ---- zone polygons ---------------------------------------------------------------------------------
def test_set_zone_geometry_and_lookup(ws, roster):
    clear(ws)  # not seeded: setting a polygon stores the default roster first
    set_zone_geometry(ws, "西南街片区", ZONE_A)
    set_zone_geometry(ws, "北关片区", MultiPolygon([ZONE_B]))
    geoms = zone_geometries(ws)
    assert list(geoms) == ["西南街片区", "北关片区"]
    assert geoms["西南街片区"].equals(MultiPolygon([ZONE_A]))
    rec = ws.audit_records(TABLE)[-1]
    assert rec["action"] == "update" and rec["changes"]["geom"][0] is None
    assert rec["changes"]["geom"][1].startswith("sha256:")
    assert zone_of_point(ws, 112.955, 39.065) == "西南街片区"
    assert zone_of_point(ws, 112.965, 39.065) == "北关片区"
    assert zone_of_point(ws, 113.5, 39.5) is None
    patch = box(112.958, 39.062, 112.969, 39.063)  # mostly in B
    assert zone_of(ws, patch) == "北关片区"
    assert zone_of(geoms, box(112.951, 39.061, 112.9605, 39.062)) == "西南街片区"
    assert zone_of(geoms, LineString([(112.951, 39.061), (112.952, 39.062)])) == "西南街片区"
    assert zone_of(geoms, box(113, 40, 113.1, 40.1)) is None
    assert workspace_roster(ws) == roster and ws.verify_audit().ok


def test_zone_polygon_survives_edits_while_the_name_stays(ws, roster):
    seed_default_roster(ws)
    set_zone_geometry(ws, "北关片区", ZONE_B)
    z = roster.zones
    moved = dataclasses.replace(roster, zones=(z[1], z[0], *z[2:]))  # reordered
    moved = dataclasses.replace(moved, zones=(dataclasses.replace(moved.zones[0], commander="某某"), *moved.zones[1:]))
    save_roster(ws, moved)
    assert zone_geometries(ws)["北关片区"].equals(MultiPolygon([ZONE_B]))
    assert list(zone_geometries(ws)) == ["北关片区"]
    assert workspace_roster(ws).zones[0].commander == "某某"
    renamed = dataclasses.replace(moved, zones=(dataclasses.replace(moved.zones[0], name="北关新片区"),
                                                *moved.zones[1:]))
    save_roster(ws, renamed, geometries={"北关新片区": ZONE_A})
    assert set(zone_geometries(ws)) == {"北关新片区"}
    n = len(ws.audit_records())
    assert save_roster(ws, renamed, geometries={"北关新片区": ZONE_A}) == {"created": 0, "updated": 0, "deleted": 0}
    assert len(ws.audit_records()) == n


@pytest.mark.parametrize("geom, message", [
    (Point(113, 39), "polygon is needed"),
    (LineString([(113, 39), (113.1, 39.1)]), "polygon is needed"),
    (Polygon(), "empty"),
    (MultiPolygon(), "empty"),
    (Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]), "not valid"),
    (box(500000, 4300000, 500100, 4300100), "EPSG:4490"),
    (None, "polygon is needed"),
])
def test_bad_zone_polygons_are_refused_naming_the_zone(ws, geom, message):
    seed_default_roster(ws)
    n = len(ws.audit_records())
    with pytest.raises(ZoneGeometryError, match=message) as e:
        set_zone_geometry(ws, "北关片区", geom)
    assert "北关片区" in str(e.value)
    assert len(ws.audit_records()) == n and zone_geometries(ws) == {}


def test_unknown_zone(ws):
    with pytest.raises(RosterError, match="没有这个片区|no zone"):
        set_zone_geometry(ws, "没有这个片区", ZONE_A)
