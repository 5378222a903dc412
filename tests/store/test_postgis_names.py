"""Hostile names: a location whose values try to add keywords to the connection string (another host
receiving the saved credentials), schema names that try to end a function body."""
import pytest
from shapely.geometry import MultiPolygon, Polygon

from wpzf.store import Actor, StoreError, create_workspace, open_workspace
from wpzf.store.pglocation import PgLocation, make_location
from wpzf.store.pgroles import setup_roles
from wpzf.store.postgis import PostgisWorkspace, qgis_uri
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster

HOSTILE_USER = "u' host='evil.example' x='"
SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])


def _parse_dsn(conninfo: str) -> dict:
    from psycopg2.extensions import parse_dsn

    return parse_dsn(conninfo)


def hostile_location(**extra) -> PgLocation:
    # What a shared project file or a pasted location can carry: the user name %-encoded in a pg: location.
    return PgLocation.parse(make_location("daixian", host="db.team", dbname="wpzf", user=HOSTILE_USER, **extra))


def test_a_quoted_user_stays_a_user_in_the_libpq_connection_string():
    loc = hostile_location()
    assert dict(loc.params)["user"] == HOSTILE_USER
    got = _parse_dsn(loc.conninfo())
    assert got["host"] == "db.team" and got["user"] == HOSTILE_USER and "x" not in got


def test_a_location_that_gives_a_keyword_twice_is_refused():
    with pytest.raises(StoreError, match="twice"):
        PgLocation.parse(f"pg:host=db.team;dbname=wpzf;authcfg=abc1234;user={HOSTILE_USER};schema=daixian")
    for bad in ("pg:host=db.team%20sslmode%3Ddisable;dbname=wpzf", "pg:host=db.team;port=5432%20host%3Devil;dbname=w",
                "pg:host=db.team;dbname=w;sslmode=require%27%20host%3D%27evil"):
        with pytest.raises(StoreError):
            PgLocation.parse(bad + ";schema=daixian")


def test_the_qgis_connection_of_a_hostile_location_reaches_the_intended_host():
    qgis_core = pytest.importorskip("qgis.core")
    from wpzf.store import pgconnect

    loc = hostile_location(authcfg="abc1234")
    uri = pgconnect.conninfo_uri(loc)   # what resolve_conninfo expands with the auth configuration
    assert uri.host() == "db.team" and uri.username() == HOSTILE_USER and uri.authConfigId() == "abc1234"
    back = qgis_core.QgsDataSourceUri(uri.connectionInfo(False))   # as QGIS and libpq read the string
    assert back.host() == "db.team" and back.username() == HOSTILE_USER
    info = uri.connectionInfo(False)
    assert _parse_dsn(info.replace("authcfg=abc1234", ""))["host"] == "db.team"
    items = pgconnect.connection_items(loc)
    assert ("host", "db.team") in items and ("user", HOSTILE_USER) in items
    # The layer URI of a table: parsed back by QGIS, the same host, user, schema and table.
    layer = qgis_core.QgsDataSourceUri(qgis_uri(items, "a$$b", "wz_patch", "MULTIPOLYGON"))
    assert (layer.host(), layer.username(), layer.schema(), layer.table()) == \
        ("db.team", HOSTILE_USER, "a$$b", "wz_patch")
    with pytest.raises(StoreError):   # a host QGIS would write unquoted may not carry a second keyword
        pgconnect.uri_from_params({"host": "db.team host=evil.example", "dbname": "wpzf"})


def test_hostile_schema_names_are_refused_before_anything_is_made():
    for name in ('a"b', "pg_evil", "public", "x\ny", "a" * 64, ""):
        with pytest.raises(StoreError):
            PgLocation.parse(make_location("ok", host="h", dbname="d").replace("schema=ok", f"schema={name}"))


@pytest.mark.parametrize("schema", ["t$$x", "t$wpzf_guard$x", "t'; DROP SCHEMA public CASCADE; --$$"])
def test_a_dollar_quoted_schema_name_makes_a_sound_workspace(pg_cluster, schema):
    location = make_location(schema, **pg_cluster.params())
    try:
        ws = create_workspace(location, actor=Actor("admin", "server"))
        try:
            setup_roles(ws)
            with ws.transaction():
                b = ws.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
                ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b}], geoms=[SQ])
            assert ws.verify_audit().ok
            # No function body names the schema: they find their tables through TG_TABLE_SCHEMA.
            bodies = pg_cluster.admin("SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n "
                                      "ON n.oid = p.pronamespace WHERE n.nspname = %s", (schema,))
            assert {b[0] for b in bodies} >= {"wz_audit_append", "wz_audit_link", "wz_meta_head_guard"}
            assert not [b[0] for b in bodies if schema in b[1]]
        finally:
            ws.close()
        again = open_workspace(location)
        assert again.verify_audit().ok and again.count("wz_patch") == 1
        again.close()
        assert pg_cluster.admin("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")
    finally:
        pg_cluster.admin('DROP SCHEMA IF EXISTS "' + schema.replace('"', '""') + '" CASCADE')


def test_a_failed_creation_leaves_no_schema_behind(pg_cluster, monkeypatch):
    schema = pg_fixtures.new_schema_name() + "$$"
    real = PostgisWorkspace._create_table

    def failing(self, table):
        if table.name == "wz_audit":
            raise StoreError("disk full (simulated)")
        return real(self, table)

    monkeypatch.setattr(PostgisWorkspace, "_create_table", failing)
    with pytest.raises(StoreError, match="simulated"):
        create_workspace(make_location(schema, **pg_cluster.params()))
    assert not pg_cluster.admin("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
