"""A hostile member of the team with a SQL client: what an operator tried, each refused by the database
itself (not by WPZF's Python), and the workspace still opening and verifying afterwards."""
import pytest

from wpzf.core.audit import canonical, chain_hash, write_prefix
from wpzf.store import Actor, StoreError, open_workspace, registers
from wpzf.store.pgroles import OPERATOR
from wpzf.store.postgis import PermissionDenied
from wpzf.store.settings import get_setting, set_setting
from wpzf.tests.store import pg_fixtures
from wpzf.tests.store.test_postgis_roles import team  # noqa: F401 - the fixture

pg_cluster = pg_fixtures.pg_cluster
pg_schema = pg_fixtures.pg_schema

AUDIT_COLS = '(fid, "SEQ", "TS", "USERNAME", "HOST", "TBL", "ROWKEY", "ACTION", "CHANGES", "SOURCE", "PREVHASH", "HASH")'


def refused(ws, sql, params=(), match=None):
    """``sql`` as ``ws``'s login, in a transaction of its own: the database must refuse it."""
    with pytest.raises(PermissionDenied, match=match):
        with ws.transaction():
            ws._exec(sql, params)


def append(ws, tables, keys, actions, changes, sources=None, host="pc", name=""):
    """Call the database's audit append directly, as a SQL client would."""
    with ws.transaction():
        ws._fetch("SELECT wz_audit_append(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s, %s)",
                  (tables, keys, actions, changes, sources or [None] * len(tables), host, name))


def still_sound(pg_cluster, pg_schema, admin, *members):
    """The workspace opens (as its owner and as each member) and its audit verifies."""
    assert admin.verify_audit().ok, admin.verify_audit().reason
    w = open_workspace(pg_cluster.location(pg_schema), actor=Actor("admin", "server"))
    try:
        assert w.verify_audit().ok
    finally:
        w.close()
    for m in members:
        assert m.verify_audit().ok


@pytest.fixture
def sampled(team):  # noqa: F811
    """The team, with a sample drawn by the reviewer, a 不真实 verdict with a video note on the first patch."""
    admin, as_, logins, fids = team
    rev = as_("rev")
    registers.draw_review_sample(rev, "内部复核", "seed", rate=1.0)
    registers.record_verdict(rev, "内部复核", fids[0], "不真实", "照片不符", video_note="视频显示已拆除")
    sid = int(rev.select("wz_sample", ["TBID"], where='"TBID" = %s', params=(fids[0],))["fid"].iloc[0])
    return admin, as_, logins, fids, sid


def test_an_operator_cannot_write_a_record_under_a_reviewers_name(sampled, pg_cluster, pg_schema):
    admin, as_, logins, fids, sid = sampled
    op = as_("op")
    seq, prev = op._audit_head()
    ts, changes = "2021-06-01T00:00:00.000Z", canonical({"FHJL": ["不真实", None]})
    forged = chain_hash(write_prefix(ts, logins["rev"], "pc-rev", None), seq + 1, "wz_sample", str(sid), "update",
                        prev, changes)
    refused(op, f"INSERT INTO wz_audit {AUDIT_COLS} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (seq + 1, seq + 1, ts, logins["rev"], "pc-rev", "wz_sample", str(sid), "update", changes, None, prev,
             forged))
    refused(op, 'UPDATE wz_meta SET "VALUE" = %s WHERE "KEY" = %s', (str(seq + 1), "audit_count"), "audit head")
    refused(op, 'UPDATE wz_meta SET "VALUE" = %s WHERE "KEY" = %s', (forged, "audit_head"), "audit head")
    # Through the append function the claimed name is ignored: the record names the operator's login …
    append(op, ["wz_patch"], [str(fids[3])], ["update"], [canonical({"BZ": [None, None]})], name=logins["rev"])
    last = admin.audit_records()[-1]
    assert last["username"] == logins["op"] and last["row_key"] == str(fids[3])
    # … and an operator may not log changes of what only reviewers (or the owner) change
    for table in ("wz_sample", "wz_meta", "wz_audit", "pg_class", "no_such_table"):
        with pytest.raises(PermissionDenied):
            append(op, [table], [str(sid)], ["update"], [changes])
    still_sound(pg_cluster, pg_schema, admin, op)


def test_the_name_an_operator_configures_is_not_the_one_recorded(team, pg_cluster, pg_schema, monkeypatch):  # noqa: F811
    admin, _as, logins, fids = team
    monkeypatch.setenv("WPZF_USER", logins["rev"])
    op = open_workspace(pg_cluster.location(pg_schema, user=logins["op"]), actor=Actor(logins["sup"], "pc-x"))
    try:
        assert op.actor.username == logins["op"] and op.actor.host == "pc-x"
        with op.transaction():
            op.update("wz_patch", fids[1], {"BZ": "改"})
        rec = admin.audit_records("wz_patch", fids[1])[-1]
        assert rec["username"] == logins["op"] and rec["host"] == "pc-x"
        assert op.get("wz_patch", fids[1])["XGR"] == logins["op"]
        with op.transaction():   # nor can plain SQL make a row say somebody else saved it last
            op._exec('UPDATE wz_patch SET "XGR" = %s WHERE fid = %s', (logins["rev"], fids[2]))
        assert op.get("wz_patch", fids[2])["XGR"] == logins["op"]
        assert op.verify_audit().ok
    finally:
        op.close()


def test_junk_cannot_break_the_chain(team, pg_cluster, pg_schema):  # noqa: F811
    admin, as_, _logins, fids = team
    op = as_("op")
    for junk in ("not json", "null", "[1, 2]", '"text"'):
        with pytest.raises(StoreError):
            append(op, ["wz_patch"], [str(fids[0])], ["update"], [junk])
    with pytest.raises(StoreError):   # arrays that do not line up
        append(op, ["wz_patch", "wz_patch"], [str(fids[0])], ["update"], ["{}"])
    refused(op, "DELETE FROM wz_audit")
    refused(op, 'UPDATE wz_audit SET "CHANGES" = %s', ("junk",))
    still_sound(pg_cluster, pg_schema, admin, op)


def test_an_operator_cannot_touch_a_reviewers_verdict(sampled, pg_cluster, pg_schema):
    admin, as_, logins, fids, sid = sampled
    op = as_("op")
    before = admin.get("wz_sample", sid)
    refused(op, "DELETE FROM wz_sample WHERE fid = %s", (sid,))                        # delete the 不真实 verdict
    refused(op, 'INSERT INTO wz_sample ("CYMC", "ZZ", "BL", "TBID") VALUES (%s, %s, %s, %s)',
            ("内部复核", "seed", 1.0, fids[0]))                                           # … and re-insert it empty
    refused(op, 'UPDATE wz_sample SET "TBID" = %s WHERE fid = %s', (fids[3], sid))      # move it to another patch
    refused(op, 'UPDATE wz_sample SET "SPHC" = %s WHERE fid = %s', ("无异常", sid))     # edit the video note
    refused(op, 'UPDATE wz_sample SET "FHJL" = NULL, "FHSM" = NULL WHERE fid = %s', (sid,))
    with pytest.raises(PermissionDenied):                                                # nor through WPZF
        with op.transaction():
            op.delete("wz_sample", sid)
    with pytest.raises(PermissionDenied):
        registers.record_verdict(op, "内部复核", fids[0], "真实")
    after = admin.get("wz_sample", sid)
    assert after == before and after["FHJL"] == "不真实" and after["SPHC"] == "视频显示已拆除"
    still_sound(pg_cluster, pg_schema, admin, op)


def test_a_reviewer_still_does_the_reviewers_work(sampled, pg_cluster, pg_schema):
    admin, as_, logins, fids, sid = sampled
    rev = as_("rev")
    registers.record_verdict(rev, "内部复核", fids[1], "真实", video_note="正常")
    registers.record_verdict(rev, "内部复核", fids[0], "不真实", "复核后仍不符", video_note="再次查看")
    row = rev.get("wz_sample", sid)
    assert (row["FHJL"], row["FHSM"], row["SPHC"], row["FHR"]) == ("不真实", "复核后仍不符", "再次查看", logins["rev"])
    refused(rev, 'UPDATE wz_sample SET "TBID" = %s WHERE fid = %s', (fids[3], sid))   # the verdicts, not the draw
    assert admin.audit_records("wz_sample", sid)[-1]["username"] == logins["rev"]
    still_sound(pg_cluster, pg_schema, admin, rev)


def test_wz_meta_is_the_owners(team, pg_cluster, pg_schema):  # noqa: F811
    admin, as_, _logins, _fids = team
    wid = admin.meta_get("workspace_id")
    assert wid   # made by the owner's set-up: field packages need it and members may not make it
    for who in ("op", "sup", "rev"):
        w = as_(who)
        refused(w, 'UPDATE wz_meta SET "VALUE" = %s WHERE "KEY" = %s', ("999", "schema_version"))
        refused(w, 'UPDATE wz_meta SET "VALUE" = %s WHERE "KEY" = %s', ("other", "workspace_id"))
        refused(w, 'INSERT INTO wz_meta ("KEY", "VALUE") VALUES (%s, %s)', ("attachments", "/tmp/evil"))
        refused(w, 'INSERT INTO wz_meta ("KEY", "VALUE") VALUES (%s, %s)', ("created", "x"))
        refused(w, 'DELETE FROM wz_meta WHERE "KEY" = %s', ("workspace_id",))
        refused(w, 'UPDATE wz_meta SET "KEY" = %s WHERE "KEY" = %s', ("setting:x", "workspace_id"))
    op = as_("op")
    set_setting(op, "imagery", {"before": None, "after": None})   # settings are the team's
    set_setting(op, "imagery", {"before": {"source": "a.tif", "provider": "gdal", "name": "a"}, "after": None})
    assert get_setting(admin, "imagery")["before"]["source"] == "a.tif"
    assert admin.meta_get("schema_version") != "999" and admin.meta_get("workspace_id") == wid
    still_sound(pg_cluster, pg_schema, admin, op)


def test_an_old_workspace_is_secured_when_its_owner_opens_it(team, pg_cluster, pg_schema):  # noqa: F811
    admin, as_, logins, fids = team
    # As an older WPZF left it: no append function (members inserted audit records themselves and moved the
    # head), the head guard on UPDATE only, operators writing samples.
    s = f'"{pg_schema}"'
    pg_cluster.admin(f"DROP FUNCTION {s}.wz_audit_append(text[], text[], text[], text[], text[], text, text)")
    pg_cluster.admin(f"DROP TRIGGER wz_meta_head ON {s}.wz_meta")
    pg_cluster.admin(f"CREATE TRIGGER wz_meta_head BEFORE UPDATE ON {s}.wz_meta FOR EACH ROW "
                     f"EXECUTE FUNCTION {s}.wz_meta_head_guard()")
    pg_cluster.admin(f'GRANT INSERT ON {s}.wz_audit TO wpzf_operator')
    pg_cluster.admin(f'GRANT INSERT, UPDATE, DELETE ON {s}.wz_sample TO wpzf_operator')
    with pytest.raises(PermissionDenied, match="owner"):
        open_workspace(pg_cluster.location(pg_schema, user=logins["op"]))
    w = open_workspace(pg_cluster.location(pg_schema), actor=Actor("admin", "server"))   # the owner: upgraded
    w.close()
    op = as_("op")
    refused(op, f"INSERT INTO wz_audit {AUDIT_COLS} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (99, 99, "2021-06-01T00:00:00.000Z", "x", "x", "wz_patch", "1", "update", "{}", None, "0", "0"))
    refused(op, 'INSERT INTO wz_sample ("CYMC", "ZZ", "BL", "TBID") VALUES (%s, %s, %s, %s)', ("x", "s", 1.0, fids[0]))
    refused(op, 'INSERT INTO wz_meta ("KEY", "VALUE") VALUES (%s, %s)', ("attachments", "/tmp/evil"))
    with op.transaction():
        op.update("wz_patch", fids[0], {"BZ": "升级后"})
    assert admin.audit_records("wz_patch", fids[0])[-1]["username"] == logins["op"]
    still_sound(pg_cluster, pg_schema, admin, op)


def test_the_database_hashes_odd_text_exactly_as_python(pg_cluster, pg_schema):
    """Quotes, backslashes, control characters, line separators and astral characters in every hashed field:
    the records the database writes verify in Python (core.audit), so the two agree byte for byte."""
    from shapely.geometry import MultiPolygon, Polygon

    from wpzf.store import create_workspace

    odd = 'a"b\\c\n\t\x01\x1f\x7f\u2028😀 '
    sq = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])
    ws = create_workspace(pg_cluster.location(pg_schema), actor=Actor("张" + odd, "pc" + odd))
    try:
        with ws.transaction():
            b = ws.insert("wz_batch", [{"PCBH": odd, "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}], source=odd)[0]
            (fid,) = ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b, "BZ": odd, "JCMJ": float("nan")}], geoms=[sq])
        with ws.transaction():
            ws.update("wz_patch", fid, {"BZ": odd * 2}, source="")
        append(ws, ["wz_meta"], ["k😀\n|1:" + odd], ["note"], ['{"v":"\\u0001😀\\"","n":NaN}'], sources=[odd],
               host=odd, name=odd)
        recs = ws.audit_records()
        assert recs[-1]["username"] == odd and recs[-1]["host"] == odd and recs[-2]["username"] == "张" + odd
        check = ws.verify_audit()
        assert check.ok, check.reason
    finally:
        ws.close()


def test_an_owner_without_superuser_rights_runs_the_team(pg_cluster, pg_schema):
    """The usual set-up: the workspace made and owned by an administrator login (CREATEROLE, no superuser)."""
    import uuid

    from wpzf.store import create_workspace
    from wpzf.store.pgroles import OPERATOR, grant, setup_roles

    tag = uuid.uuid4().hex[:6]
    owner, login = f"owner_{tag}", f"clerk_{tag}"
    pg_cluster.admin(f"CREATE ROLE {owner} LOGIN CREATEROLE")
    pg_cluster.admin(f"GRANT CREATE ON DATABASE {pg_cluster.DBNAME} TO {owner}")
    pg_cluster.admin(f"CREATE ROLE {login} LOGIN")
    ws = create_workspace(pg_cluster.location(pg_schema, user=owner))
    try:
        probe = create_workspace(pg_cluster.location(pg_schema + "_p"))   # the roles, made once by the server admin
        setup_roles(probe)
        probe.close()
        pg_cluster.admin(f'DROP SCHEMA "{pg_schema}_p" CASCADE')
        pg_cluster.admin(f"GRANT {OPERATOR} TO {login}")
        grant(ws)
        with ws.transaction():
            b = ws.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        clerk = open_workspace(pg_cluster.location(pg_schema, user=login))
        try:
            assert not clerk.is_owner and ws.is_owner
            with clerk.transaction():
                clerk.insert("wz_patch", [{"JCBH": "P1", "PCID": b}])
            refused(clerk, 'UPDATE wz_meta SET "VALUE" = %s WHERE "KEY" = %s', ("999", "schema_version"))
            assert ws.audit_records("wz_patch")[-1]["username"] == login
            assert clerk.verify_audit().ok and ws.verify_audit().ok
        finally:
            clerk.close()
    finally:
        ws.close()
        pg_cluster.admin(f'DROP SCHEMA IF EXISTS "{pg_schema}" CASCADE')
        for role in (login, owner):
            pg_cluster.admin(f"DROP OWNED BY {role}")
            pg_cluster.admin(f"DROP ROLE {role}")


def test_a_bulk_record_is_logged_only_by_who_may_make_its_rows(team, pg_cluster, pg_schema):  # noqa: F811
    # create_many stands for creates: the append asks for the right to insert, as for a create; update_many for
    # the right to update. A reviewer may do neither to patches; an operator may.
    admin, as_, _logins, fids = team
    rev, op = as_("rev"), as_("op")
    created = canonical({"keys": fids[:2], "values": {"JCBH": ["X1", "X2"]}})
    changed = canonical({"keys": fids[:2], "values": {"BZ": [[None, "a"], [None, "b"]]}})
    rowkey = f"*{fids[0]}-{fids[1]}"
    for action, changes in (("create_many", created), ("update_many", changed)):
        with pytest.raises(PermissionDenied):
            append(rev, ["wz_patch"], [rowkey], [action], [changes])
    n = admin.count("wz_audit")
    append(op, ["wz_patch"], [rowkey], ["create_many"], [created], name=_logins["rev"])
    last = admin.audit_records()[-1]
    assert admin.count("wz_audit") == n + 1 and last["action"] == "create_many"
    assert last["username"] == _logins["op"]   # under the operator's own login, whatever name it claims
    # with the right to update patches but not to add them, a bulk create is refused and a bulk update taken
    pg_cluster.admin(f'REVOKE INSERT ON "{pg_schema}".wz_patch FROM {OPERATOR}')
    with pytest.raises(PermissionDenied):
        append(op, ["wz_patch"], [rowkey], ["create_many"], [created])
    append(op, ["wz_patch"], [rowkey], ["update_many"], [changed])
    assert admin.count("wz_audit") == n + 2
