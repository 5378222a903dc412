"""The PostGIS workspace: same behaviour and types as the GeoPackage, location strings, SQL dialect,
the append-only audit in the database."""
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from wpzf.store import Actor, StaleVersion, StoreError, create_workspace, open_workspace
from wpzf.store.errors import NotAWorkspace, SchemaTooNew
from wpzf.store.migrations import LATEST
from wpzf.store.pgdialect import _tstz_text, pg_sql
from wpzf.store.pglocation import PgLocation, make_location
from wpzf.store.postgis import PostgisWorkspace
from wpzf.store.workspace import geometry_digest
from wpzf.tests.store import pg_fixtures
from wpzf.tests.store.pg_fixtures import new_schema_name

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema

SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])
HOLED = MultiPolygon([Polygon([(113, 39), (113.01, 39), (113.01, 39.01), (113, 39.01)],
                              [[(113.002, 39.002), (113.004, 39.002), (113.004, 39.004), (113.002, 39.004)]]),
                      Polygon([(113.02, 39), (113.03, 39), (113.03, 39.01)])])
ACTOR = Actor("tester", "box")


@pytest.fixture(params=["gpkg", "postgis"])
def any_ws(request, tmp_path):
    if request.param == "gpkg":
        w = create_workspace(tmp_path / "ws.gpkg", actor=ACTOR)
    else:
        loc = request.getfixturevalue("pg_location")
        w = create_workspace(loc, actor=ACTOR)
    yield w
    w.close()


@pytest.fixture
def both(tmp_path, pg_location):
    g = create_workspace(tmp_path / "ws.gpkg", actor=ACTOR)
    p = create_workspace(pg_location, actor=ACTOR)
    yield g, p
    g.close()
    p.close()


def add_batch(ws, code="B1"):
    return ws.insert("wz_batch", [{"PCBH": code, "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021,
                                   "DRSJ": "2021-05-07T08:09:10.000Z"}])[0]


# ---- both back ends -----------------------------------------------------------------------------

def test_create_migrate_and_audit(any_ws):
    assert any_ws.schema_version() == LATEST
    counts = any_ws.row_counts()
    assert set(counts) == set(any_ws.tables) and counts["wz_meta"] >= 4
    assert any_ws.verify_audit().ok
    assert [r["action"] for r in any_ws.audit_records("wz_meta")][:LATEST] == ["migrate"] * LATEST


def test_insert_update_delete_are_audited(any_ws):
    with any_ws.transaction():
        b = add_batch(any_ws)
        f1, f2 = any_ws.insert("wz_patch", [{"JCBH": "P1", "PCID": b}, {"JCBH": "P2", "PCID": b}], geoms=[SQ, HOLED])
    with any_ws.transaction():
        assert any_ws.update("wz_patch", f1, {"ZT": "核查中", "JCMJ": 1.5}, expected_version=1) == 2
        any_ws.delete("wz_patch", f2)
    assert any_ws.count("wz_patch") == 1
    hist = any_ws.audit_records("wz_patch")
    assert [(h["row_key"], h["action"]) for h in hist] == [(str(f1), "create"), (str(f2), "create"),
                                                          (str(f1), "update"), (str(f2), "delete")]
    assert hist[2]["changes"] == {"ZT": ["待核查", "核查中"], "JCMJ": [None, 1.5]}
    assert hist[3]["changes"]["geom"] == [geometry_digest(HOLED), None]
    assert all(h["username"] == "tester" and h["host"] == "box" for h in hist)
    assert any_ws.verify_audit().ok


def test_stale_version_names_who_and_when(any_ws):
    with any_ws.transaction():
        (fid,) = any_ws.insert("wz_patch", [{"JCBH": "P1", "PCID": add_batch(any_ws)}], geoms=[SQ])
        any_ws.update("wz_patch", fid, {"ZT": "核查中"}, expected_version=1)
    with pytest.raises(StaleVersion) as e:
        with any_ws.transaction():
            any_ws.update("wz_patch", fid, {"ZT": "已核查"}, expected_version=1)
    assert e.value.actual == 2 and e.value.theirs["XGR"] == "tester" and e.value.theirs["XGSJ"].endswith("Z")
    assert any_ws.get("wz_patch", fid)["ZT"] == "核查中"


def test_geometry_round_trip(any_ws):
    with any_ws.transaction():
        b = add_batch(any_ws)
        fids = any_ws.insert("wz_patch", [{"JCBH": f"P{i}", "PCID": b} for i in range(3)], geoms=[SQ, HOLED, None])
        (ph,) = any_ws.insert("wz_photo", [{"TBID": fids[0], "WJLJ": "a.jpg", "SHA": "x", "FX": 45.0}],
                              geoms=[Point(113.0005, 39.0005)])
    df = any_ws.select("wz_patch", ["JCBH"], geometry=True)
    assert df["geom"].iloc[0].equals(SQ) and df["geom"].iloc[1].equals(HOLED) and df["geom"].iloc[2] is None
    assert [geometry_digest(g) for g in df["geom"]] == [geometry_digest(SQ), geometry_digest(HOLED), None]
    assert any_ws.get("wz_photo", ph, geometry=True)["geom"].equals(Point(113.0005, 39.0005))
    moved = shapely.affinity.translate(HOLED, 0.001, 0)
    with any_ws.transaction():
        any_ws.update("wz_patch", fids[1], {}, geom=moved)
    assert any_ws.get("wz_patch", fids[1], geometry=True)["geom"].equals(moved)


def test_select_gives_the_same_values_and_types(both):
    rows = {
        "wz_batch": [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021, "HCJZ": None,
                      "DRSJ": "2021-05-07T08:09:10.000Z", "TBS": 3}],
        "wz_fact": [{"TBID": 1, "FGID": None, "YBBSX": 1, "YCCFG": 0, "LXJGZZ": None, "GDMJ": 2.5,
                     "FGLY": '{"GDMJ": "实测"}'}],
        "wz_case": [{"TBID": 1, "LABH": "代〔2021〕1号", "LARQ": "2021-06-01", "WFMJ": 1.25, "WFGDMJ": 0.0,
                     "MSJZ": True, "AJZT": "立案", "XCRQ": None}],
        "wz_photo": [{"TBID": 1, "WJLJ": "x/a.jpg", "SHA": "abc", "PSSJ": "2021-06-20T16:30:00.000Z",
                      "FX": float("nan")}],
    }
    out = []
    for w in both:
        with w.transaction():
            for table, rs in rows.items():
                w.insert(table, rs)
        got = {}
        for table in rows:
            df = w.select(table)
            got[table] = [{k: (v, type(v).__name__) for k, v in r.items() if k not in ("fid", "XGSJ")}
                          for r in df.to_dict("records")]
        got["raw"] = w._fetch('SELECT "YBBSX", "YCCFG", "GDMJ", "TBID" FROM wz_fact')
        got["count"] = (w.count("wz_case"), type(w.count("wz_case")))
        out.append(got)
    gpkg, pg = out
    assert gpkg == pg
    assert gpkg["wz_fact"][0]["YBBSX"] == (1, "int") and gpkg["wz_batch"][0]["XFRQ"] == ("2021-05-06", "str")


def test_sql_dialect_null_order_and_like(both):
    for w in both:
        with w.transaction():
            b = add_batch(w)
            w.insert("wz_patch", [{"JCBH": "jc-b", "PCID": b, "HCJZ": "2021-06-20"},
                                  {"JCBH": "JC-A", "PCID": b, "HCJZ": None},
                                  {"JCBH": "x", "PCID": b, "HCJZ": "2021-06-01"}])
    results = []
    for w in both:
        ordered = [r[0] for r in w._fetch('SELECT "JCBH" FROM wz_patch ORDER BY "HCJZ", fid')]
        desc = [r[0] for r in w._fetch('SELECT "JCBH" FROM wz_patch ORDER BY "HCJZ" DESC, fid')]
        like = sorted(r[0] for r in w._fetch(f'SELECT "JCBH" FROM wz_patch WHERE "JCBH" LIKE {w.ph}', ("%jc%",)))
        early = [r[0] for r in w._fetch(f'SELECT "JCBH" FROM wz_patch WHERE "HCJZ" < {w.ph}', ("2021-06-10",))]
        results.append((ordered, desc, like, early))
    assert results[0] == results[1]
    assert results[0][0] == ["JC-A", "x", "jc-b"] and results[0][2] == ["JC-A", "jc-b"]


# ---- PostGIS only ---------------------------------------------------------------------------------

def test_open_and_create_refusals(pg_cluster, pg_location):
    missing = pg_cluster.location(new_schema_name("missing"))
    with pytest.raises(NotAWorkspace):
        open_workspace(missing)
    w = create_workspace(pg_location, actor=ACTOR)
    with pytest.raises(StoreError, match="open it instead"):
        create_workspace(pg_location)
    with w.transaction():
        w.meta_set("schema_version", str(LATEST + 1))
    w.close()
    with pytest.raises(SchemaTooNew):
        open_workspace(pg_location)


def test_actor_is_the_database_login_unless_configured(pg_location, monkeypatch):
    monkeypatch.delenv("WPZF_USER", raising=False)
    w = create_workspace(pg_location)
    assert w.actor.username == "postgres" and w.actor.host
    w.close()
    monkeypatch.setenv("WPZF_USER", "张三")
    w = open_workspace(pg_location)
    assert w.actor.username == "张三"
    w.close()


def test_location_strings_never_keep_a_password():
    loc = PgLocation.parse("pg:host=db.local;port=5433;dbname=wpzf;user=op1;password=s3cret;schema=代县")
    assert "s3cret" not in loc.text() and loc.schema == "代县"
    assert "password=s3cret" in loc.conninfo() and PgLocation.parse(loc.text()) == loc
    uri = PgLocation.parse("postgresql://op1:pw@db.local:5432/wpzf?sslmode=require&schema=city")
    assert uri.schema == "city" and "pw" not in uri.text() and uri.text().startswith("postgresql://op1@db.local")
    assert "pw" in uri.conninfo()
    svc = PgLocation.parse("pg:service=wpzf;schema=s1")
    assert svc.conninfo() == "service=wpzf" and svc.text() == "pg:service=wpzf;schema=s1"
    libpq = PgLocation.parse("pg:host=a port=5 dbname=b;schema=c")
    assert dict(libpq.params) == {"host": "a", "port": "5", "dbname": "b"}
    conn = PgLocation.parse(make_location("s", connection="Team DB; 代县"))
    assert conn.connection == "Team DB; 代县" and conn.schema == "s"
    with pytest.raises(StoreError):
        make_location("s", host="h", password="x")
    for bad in ("pg:schema=x", 'pg:service=a;schema=bad"name', "pg:service=a;schema=pg_x", "pg:service=a;schema="):
        with pytest.raises(StoreError):
            PgLocation.parse(bad)


def test_sql_rewrite_and_time_text():
    assert pg_sql('SELECT a FROM t WHERE "X" LIKE %s ORDER BY "H", p.fid DESC') == \
        'SELECT a FROM t WHERE "X" ILIKE %s ORDER BY "H" NULLS FIRST, p.fid DESC NULLS LAST'
    assert pg_sql("SELECT (SELECT 1 FROM x ORDER BY a) FROM t") == "SELECT (SELECT 1 FROM x ORDER BY a) FROM t"
    assert pg_sql('SELECT 1 FROM t ORDER BY "PSSJ" IS NULL, "PSSJ" LIMIT 5') == \
        'SELECT 1 FROM t ORDER BY "PSSJ" IS NULL NULLS FIRST, "PSSJ" NULLS FIRST LIMIT 5'
    assert _tstz_text("2021-06-20 16:30:00+00") == "2021-06-20T16:30:00.000Z"
    assert _tstz_text("2021-06-20 16:30:00.5+00") == "2021-06-20T16:30:00.500Z"
    assert _tstz_text("2021-06-20 16:30:00.123456+00") == "2021-06-20T16:30:00.123Z"


def test_qgis_source_names_no_password(pg_cluster, pg_schema):
    loc = pg_cluster.location(pg_schema).replace(";schema=", ";password=topsecret;schema=")
    w = create_workspace(loc, actor=ACTOR)
    try:
        uri, provider = w.qgis_source("wz_patch")
        assert provider == "postgres" and "topsecret" not in uri and "topsecret" not in w.location
        assert f'table="{pg_schema}"."wz_patch" (geom)' in uri and "srid=4490" in uri and "type=MultiPolygon" in uri
        attr_uri, _ = w.qgis_source("wz_fact")
        assert attr_uri.endswith(f'table="{pg_schema}"."wz_fact"')
        w2 = PostgisWorkspace(PgLocation.parse(w.location).with_schema(pg_schema), actor=ACTOR)  # password kept in memory
        w2.close()
    finally:
        w.close()


def test_audit_is_append_only_in_the_database(pg_cluster, pg_location, pg_schema):
    w = create_workspace(pg_location, actor=ACTOR)
    try:
        with w.transaction():
            add_batch(w)
        for sql in ('UPDATE wz_audit SET "USERNAME" = \'mallory\'', "DELETE FROM wz_audit", "TRUNCATE wz_audit"):
            with pytest.raises(StoreError, match="append-only"):
                with w.transaction():
                    w._exec(sql)
        seq, head = w._audit_head()
        with pytest.raises(StoreError, match="does not link"):
            with w.transaction():
                w._exec('INSERT INTO wz_audit (fid, "SEQ", "TS", "USERNAME", "ACTION", "PREVHASH", "HASH") '
                        "VALUES (%s, %s, now(), 'x', 'forged', %s, 'h')", (seq + 1, seq + 1, "0" * 64))
        assert w.verify_audit().ok
        # Only a superuser switching the trigger off can alter history — and the chain still tells.
        pg_cluster.admin(f'ALTER TABLE "{pg_schema}".wz_audit DISABLE TRIGGER wz_audit_no_change')
        pg_cluster.admin(f'UPDATE "{pg_schema}".wz_audit SET "USERNAME" = \'mallory\' WHERE "SEQ" = 2')
        res = w.verify_audit()
        assert not res.ok and res.broken_at == 2
    finally:
        w.close()


def test_first_facts_saved_twice_at_once_is_a_conflict(pg_location):
    """Two sessions insert the first fact record of one patch: the second gets StaleVersion, not a duplicate."""
    a = create_workspace(pg_location, actor=Actor("a", "pc1"))
    b = open_workspace(pg_location, actor=Actor("b", "pc2"))
    try:
        with a.transaction():
            (fid,) = a.insert("wz_patch", [{"JCBH": "P1", "PCID": add_batch(a)}], geoms=[SQ])
        with a.transaction():
            a.insert("wz_fact", [{"TBID": fid, "BHLX": "new_build"}])
        with pytest.raises(StaleVersion) as e:
            with b.transaction():
                b.insert("wz_fact", [{"TBID": fid, "BHLX": "renovate"}])
        assert e.value.theirs["XGR"] == "a" and e.value.theirs["BHLX"] == "new_build" and e.value.expected == 0
        assert a.count("wz_fact") == 1 and a.verify_audit().ok
    finally:
        a.close()
        b.close()
