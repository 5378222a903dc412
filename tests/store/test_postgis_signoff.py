"""Four eyes in a team workspace, enforced by PostgreSQL: whoever recorded a patch's findings cannot pass it,
not even by writing wz_signoff directly; the reviewer is the session's login."""
import uuid

import pytest

from wpzf.core import signoff as rules
from wpzf.store import Actor, StoreError, create_workspace, open_workspace, signoff
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.store.pgroles import OPERATOR, REVIEWER, add_member, setup_roles
from wpzf.store.postgis import PermissionDenied
from wpzf.tests.signoff_fixtures import ILLEGAL, imported, write_layer
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster
pg_schema = pg_fixtures.pg_schema


@pytest.fixture
def team(pg_cluster, pg_schema, monkeypatch, tmp_path):
    monkeypatch.delenv("WPZF_USER", raising=False)
    admin = create_workspace(pg_cluster.location(pg_schema), actor=Actor("admin", "server"))
    tag = uuid.uuid4().hex[:6]
    logins = {k: f"{k}_{tag}" for k in ("op", "op2", "rev", "rev2")}
    for login in logins.values():
        pg_cluster.admin(f"CREATE ROLE {login} LOGIN")
    setup_roles(admin)
    add_member(admin, logins["op"], OPERATOR)
    add_member(admin, logins["op2"], OPERATOR)
    add_member(admin, logins["rev"], REVIEWER)
    add_member(admin, logins["rev2"], REVIEWER)
    add_member(admin, logins["rev2"], OPERATOR)   # a reviewer who also records findings
    fids = imported(admin, write_layer(tmp_path / "b.shp", 2), "B1")
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


def test_the_database_refuses_the_recorder_and_names_the_reviewer(team):
    _admin, as_, logins, fids = team
    rev2 = as_("rev2")
    save_facts(rev2, fids[0], ILLEGAL | {"RGSM": "rev2 recorded this"}, source="test")
    determine_patches(rev2, [fids[0]])
    op = as_("op")
    assert signoff.submit(op, fids).done == ["T000", "T001"]
    so = op.select("wz_signoff", ["TBID", "TJR"])
    assert set(so["TJR"]) == {logins["op"]}   # the submitter is the login, whatever the client says
    with pytest.raises(PermissionDenied, match="only reviewers"):   # operators do not pass, even with SQL
        with op.transaction():
            op.update("wz_signoff", int(so["fid"].iloc[0]), {"ZT": rules.PASSED, "SHR": "someone"})
    # the reviewer who recorded patch 1's findings: Python refuses, and so does the database when Python is skipped
    with pytest.raises(signoff.SignoffRefused):
        signoff.review(rev2, [fids[0]], rules.PASSED)
    soid = int(so.loc[so["TBID"] == fids[0], "fid"].item())
    with pytest.raises(PermissionDenied, match="four eyes"):
        with rev2.transaction():
            rev2.update("wz_signoff", soid, {"ZT": rules.PASSED, "SHR": "another"})
    assert signoff.units(op, [fids[0]])["ZT"].item() == rules.SUBMITTED
    # another reviewer passes it, under the login's own name only
    rev = as_("rev")
    with pytest.raises(PermissionDenied, match="reviewer of a unit is the login"):
        with rev.transaction():
            rev.update("wz_signoff", soid, {"ZT": rules.PASSED, "SHR": "not me"})
    assert signoff.review(rev, [fids[0]], rules.PASSED).done == ["T000"]
    row = rev.get("wz_signoff", soid)
    assert row["SHR"] == logins["rev"] and row["ZT"] == rules.PASSED
    with pytest.raises(PermissionDenied, match="cannot be changed"):
        with rev.transaction():
            rev.update("wz_signoff", soid, {"SHR": "somebody else"})
    assert signoff.review(rev2, [fids[1]], rules.RETURNED, "缺照片").done == ["T001"]
    assert rev.verify_audit().ok


def test_the_submitter_cannot_review_their_own_submission(team):
    admin, as_, _logins, fids = team
    rev2 = as_("rev2")   # both roles; did not record the findings, but submits
    signoff.submit(rev2, [fids[1]])
    soid = int(rev2.select("wz_signoff", ["TBID"])["fid"].iloc[0])
    with pytest.raises(PermissionDenied, match="submitted this unit"):
        with rev2.transaction():
            rev2.update("wz_signoff", soid, {"ZT": rules.RETURNED, "SHYJ": "x"})
    with pytest.raises(StoreError, match="reviewed only once submitted"):
        with admin.transaction():   # nor can a unit be inserted as passed
            admin.insert("wz_signoff", [{"TBID": fids[0], "ZT": rules.PASSED}])


def test_an_operator_sends_up_and_records_the_citys_review(team, tmp_path):
    from wpzf.exchange.return_export import export_return
    from wpzf.exchange.review_import import import_reviews

    _admin, as_, logins, fids = team
    op, rev = as_("op"), as_("rev")
    signoff.submit(op, fids)
    signoff.review(rev, fids, rules.PASSED)
    res = export_return(op, "B1", tmp_path / "out")            # operators write wz_sbjl and mark what went up
    assert res.units == ["T000", "T001"] and signoff.log_entry(op, res.number)["CZR"] == logins["op"]
    csv = tmp_path / "city.csv"
    csv.write_text("监测编号,审核结果,审核意见,整改期限\nT001,退回,补充照片,2021-06-30\n", encoding="utf-8")
    rep = import_reviews(op, csv, "市级")                      # … and record the city's verdicts
    assert rep.result.returned == ["T001"]
    u = signoff.units(op, [fids[1]]).iloc[0]
    assert (u["ZT"], u["THCS"], u["SHR"]) == (rules.RETURNED, 1, logins["rev"])
    assert op.verify_audit().ok
