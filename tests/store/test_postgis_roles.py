"""Who may do what in a team workspace, enforced by the database, tried with real login roles."""
import uuid

import pytest
from shapely.geometry import MultiPolygon, Polygon

from wpzf.store import Actor, StoreError, create_workspace, open_workspace, registers
from wpzf.store.determinations import save_facts
from wpzf.store.pgroles import OPERATOR, REVIEWER, SUPERVISOR, add_member, members, setup_roles
from wpzf.store.postgis import PermissionDenied
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema

SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])


@pytest.fixture
def team(pg_cluster, pg_schema, monkeypatch):
    """A workspace set up by the administrator, with one login per role (and one without any)."""
    monkeypatch.delenv("WPZF_USER", raising=False)
    admin = create_workspace(pg_cluster.location(pg_schema), actor=Actor("admin", "server"))
    tag = uuid.uuid4().hex[:6]
    logins = {k: f"{k}_{tag}" for k in ("op", "rev", "sup", "nobody")}
    for login in logins.values():
        pg_cluster.admin(f"CREATE ROLE {login} LOGIN")
    setup_roles(admin)
    add_member(admin, logins["op"], OPERATOR)
    add_member(admin, logins["rev"], REVIEWER)
    add_member(admin, logins["sup"], SUPERVISOR)
    with admin.transaction():
        b = admin.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        fids = admin.insert("wz_patch", [{"JCBH": f"P{i}", "PCID": b, "XZMC": "上馆镇", "ZT": "已判定"}
                                         for i in range(4)],
                            geoms=[SQ] * 4)
    opened = []

    def as_(key):
        w = open_workspace(pg_cluster.location(pg_schema, user=logins[key]))
        opened.append(w)
        return w

    yield admin, as_, logins, fids
    for w in opened:
        w.close()
    admin.close()
    pg_cluster.admin(f'DROP SCHEMA IF EXISTS "{pg_schema}" CASCADE')
    for login in logins.values():
        pg_cluster.admin(f"DROP OWNED BY {login}")
        pg_cluster.admin(f"DROP ROLE {login}")


def test_members_are_listed(team):
    admin, _as, logins, _fids = team
    got = {m.login: m.roles for m in members(admin)}
    assert got[logins["op"]] == [OPERATOR] and got[logins["sup"]] == [SUPERVISOR]


def test_operator_records_facts_and_the_audit_names_the_login_and_machine(team):
    _admin, as_, logins, fids = team
    op = as_("op")
    assert op.actor.username == logins["op"]
    save_facts(op, fids[0], {"BHLX": "new_build"}, source="dock")
    rec = op.audit_records("wz_fact")[-1]
    assert rec["username"] == logins["op"] and rec["host"] == op.actor.host and op.verify_audit().ok
    assert op.select("wz_fact", ["XGR"])["XGR"].iloc[0] == logins["op"]


def test_operator_prefills_and_accepts_reference_suggestions_but_not_the_county_profile(team):
    """Pre-filling from a reference layer and accepting its suggestions is an operator's desk work; the county-wide
    answers are the workspace owner's (wz_meta), and a refusal says so instead of writing half."""
    from wpzf.core.suggestions import Source, Suggestion
    from wpzf.store import reference as ref
    from wpzf.store.county_profile import county_profile, set_county_profile

    admin, as_, logins, fids = team
    op = as_("op")
    lid = ref.register_layer(op, "construction_approval", {"source": "/d/a.gpkg|layername=a", "provider": "ogr",
                                                           "name": "批准红线"}, {"wh": "PZWH"})
    src = Source("construction_approval", lid, "批准红线", 7, {"wh": "晋政地〔2020〕1号"}, 100.0, 1.0)
    ref.store_layer_results(op, lid, [(fids[0], None)],
                            [{"TBID": fids[0], "FGID": None, "YSID": 7, "MJ": 100.0, "ZB": 1.0, "SX": {}}],
                            {(fids[0], None): [Suggestion("YDPF", True, (src,), "“批准红线”覆盖本图斑100.0%。")]},
                            "fp", source="test")
    assert ref.accept(op, fids[0]) == 1
    assert op.audit_records("wz_refsug")[-1]["username"] == logins["op"] and op.verify_audit().ok
    with pytest.raises(StoreError):
        set_county_profile(op, {"SDPK": False}, {"SDPK": "国家乡村振兴局名单未列入本县"})
    assert county_profile(admin)["facts"] == {}


def test_samples_and_verdicts_are_the_reviewers(team):
    _admin, as_, logins, fids = team
    op, rev, sup = as_("op"), as_("rev"), as_("sup")
    with pytest.raises(PermissionDenied, match="wz_sample: reviewers"):   # operators neither draw samples …
        registers.draw_review_sample(op, "内部复核", "seed", rate=1.0)
    registers.draw_review_sample(rev, "内部复核", "seed", rate=1.0)   # … reviewers do
    with pytest.raises(PermissionDenied):   # … nor record verdicts
        registers.record_verdict(op, "内部复核", fids[0], "真实")
    with pytest.raises(PermissionDenied):   # not even through a plain insert with a verdict
        with op.transaction():
            op.insert("wz_sample", [{"CYMC": "x", "ZZ": "s", "BL": 1.0, "TBID": fids[0], "FHJL": "真实"}])
    registers.record_verdict(rev, "内部复核", fids[0], "真实", video_note="视频清晰")
    registers.record_verdict(sup, "内部复核", fids[1], "不真实", "照片不符")
    df = rev.select("wz_sample", ["TBID", "FHJL", "FHR", "SPHC"], order_by='"TBID"')
    assert list(df["FHJL"])[:2] == ["真实", "不真实"] and list(df["FHR"])[:2] == [logins["rev"], logins["sup"]]
    assert df["SPHC"].iloc[0] == "视频清晰"
    with pytest.raises(PermissionDenied, match="operators"):   # reviewers review; they do not record facts
        save_facts(rev, fids[2], {"BHLX": "new_build"})
    assert rev.verify_audit().ok and op.verify_audit().ok


def test_nobody_rewrites_history_or_moves_the_head(team):
    admin, as_, _logins, _fids = team
    for who in ("op", "sup"):
        w = as_(who)
        for sql in ('UPDATE wz_audit SET "USERNAME" = \'x\'', "DELETE FROM wz_audit"):
            with pytest.raises(PermissionDenied):
                with w.transaction():
                    w._exec(sql)
        with pytest.raises(PermissionDenied, match="audit head"):
            with w.transaction():
                w._exec('UPDATE wz_meta SET "VALUE" = \'0\' WHERE "KEY" = \'audit_count\'')
    with pytest.raises(StoreError, match="append-only"):   # the owner neither
        with admin.transaction():
            admin._exec("DELETE FROM wz_audit")
    assert admin.verify_audit().ok


def test_rosters_are_for_supervisors_and_strangers_see_nothing(team, pg_cluster, pg_schema):
    _admin, as_, logins, _fids = team
    op, sup = as_("op"), as_("sup")
    fid = int(op.select("wz_roster", ["MC"]).iloc[0]["fid"])
    with pytest.raises(PermissionDenied):
        with op.transaction():
            op.update("wz_roster", fid, {"BZ": "op"})
    with sup.transaction():
        sup.update("wz_roster", fid, {"BZ": "sup"})
    with pytest.raises(StoreError):
        open_workspace(pg_cluster.location(pg_schema, user=logins["nobody"]))


def test_only_the_owner_names_people_so_a_member_cannot_sign_as_another(team):
    """人员姓名 is the owner's (wz_meta outside setting:): an operator who gives the reviewer's login their own name, or
    their own login the reviewer's name, is refused, nothing is written, and the owner's names stand."""
    from wpzf.store.people import people, set_people

    admin, as_, logins, _fids = team
    assert set_people(admin, {logins["rev"]: "王审核"}, source="test") == 1
    op = as_("op")
    with pytest.raises(StoreError):
        set_people(op, {logins["op"]: "王审核"})
    with pytest.raises(StoreError):
        set_people(op, {logins["rev"]: "张操作"})
    assert people(admin) == {logins["rev"]: "王审核"} and people(op) == {logins["rev"]: "王审核"}
    rec = admin.audit_records("wz_meta")[-1]
    assert rec["username"] == "admin" and logins["rev"] in rec["changes"] and admin.verify_audit().ok
