"""Moving a workspace GeoPackage → PostGIS → GeoPackage: everything copied verbatim and verified."""
import datetime as dt
import hashlib

import pytest
from shapely.geometry import LineString, Point

from wpzf.core.parts import split_by_line
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import Actor, StoreError, create_workspace, open_workspace
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.store.parts import split_patch
from wpzf.store.transfer import copy_workspace, table_digest
from wpzf.tests.exchange.corpus import ILLEGAL, _square, write_shp
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS
from wpzf.tests.store import pg_fixtures
from wpzf.tests.store.pg_fixtures import new_schema_name

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema



@pytest.fixture
def county(tmp_path):
    """A county GeoPackage with a batch, facts, a determination, a split patch, a case and a photo file."""
    base = {"XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "YJJBNTMJ": 0.0, "NYDMJ": 3.0, "JSYDMJ": 0.0,
            "WLYDMJ": 0.0, "SFSK": "否"}
    rows = [{**base, "JCBH": f"14092320210500{i:02d}", "GDMJ": 1.0 + i, "wkt": _square(i)} for i in range(4)]
    folder = tmp_path / "county"
    folder.mkdir()
    ws = create_workspace(folder / "daixian.gpkg", actor=Actor("李四", "county-pc"))
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    fids = ws.patch_fids()
    save_facts(ws, fids[0], ILLEGAL, source="dock")
    save_facts(ws, fids[1], {**ILLEGAL, "YCCFG": True})
    patch = ws.get("wz_patch", fids[2], geometry=True)
    x = patch["geom"].centroid.x
    split_patch(ws, fids[2], split_by_line(patch["geom"], LineString([(x, 38.9), (x, 39.1)])), source="test")
    determine_patches(ws)
    data = b"\xff\xd8\xff\xe0 fake jpeg bytes"
    sha = hashlib.sha256(data).hexdigest()
    rel = f"daixian_attachments/{sha[:2]}/{sha}.jpg"
    (folder / rel).parent.mkdir(parents=True)
    (folder / rel).write_bytes(data)
    with ws.transaction():
        ws.insert("wz_photo", [{"TBID": fids[0], "WJLJ": rel, "YWJM": "IMG_1.jpg", "SHA": sha, "FX": 90.0,
                                "PSSJ": "2021-06-20T16:30:00.000Z"}], geoms=[Point(113.0005, 39.0005)])
    ws.rel = rel
    yield ws
    ws.close()


def digests(ws):
    return {name: table_digest(ws, name) for name in ws.tables if ws._table_exists(name)}


def test_to_postgis_and_back_is_verbatim(county, pg_location, tmp_path):
    original = digests(county)
    share = tmp_path / "share"
    report = copy_workspace(county, pg_location, attachments=str(share))
    assert report.ok, report.problems()
    assert report.files_copied == 1 and not report.files_missing
    assert (share / county.rel).read_bytes().startswith(b"\xff\xd8")
    team = open_workspace(pg_location, actor=Actor("王五", "city-pc"))
    try:
        assert team.attachments_folder == str(share)
        assert team.files_location == str(share / team.schema)
        assert team.verify_audit().ok and team._audit_head() == county._audit_head()
        assert {n: d for n, d in digests(team).items() if n != "wz_meta"} == \
            {n: d for n, d in original.items() if n != "wz_meta"}
        assert team.audit_records()[-1]["hash"] == county.audit_records()[-1]["hash"]
        # the team goes on where the county stopped: new ids after the copied ones, the chain continues
        fid = team.patch_fids()[3]
        save_facts(team, fid, ILLEGAL, source="dock")
        assert team.select("wz_fact")["fid"].max() == len(team.select("wz_fact"))
        assert team.verify_audit().ok and team.audit_records()[-1]["username"] == "王五"
    finally:
        team.close()
    back_path = tmp_path / "back" / "daixian_copy.gpkg"
    back_path.parent.mkdir()
    report2 = copy_workspace(pg_location, str(back_path))
    assert report2.ok, report2.problems()
    assert (back_path.parent / county.rel).exists() and report2.files_copied == 1
    back = open_workspace(back_path)
    try:
        assert back.verify_audit().ok
        got = digests(back)
        assert got["wz_part"] == original["wz_part"] and got["wz_batch"] == original["wz_batch"]
        assert got["wz_patch"][0] == original["wz_patch"][0] and got["wz_patch"][2] == original["wz_patch"][2]
        assert got["wz_photo"] == original["wz_photo"] and back.count("wz_fact") == county.count("wz_fact") + 1
    finally:
        back.close()


def test_files_stay_where_they_are_unless_a_folder_is_named(county, pg_location):
    report = copy_workspace(county, pg_location)
    assert report.ok and report.files_copied == 0 and report.files_present == 1
    team = open_workspace(pg_location)
    try:
        assert team.attachments_folder == str(county.path.parent)
    finally:
        team.close()


def test_existing_destination_is_refused_and_a_cancel_leaves_nothing(county, pg_cluster, pg_location, tmp_path):
    with pytest.raises(StoreError, match="exists"):
        copy_workspace(county, str(county.path))
    copy_workspace(county, pg_location)
    with pytest.raises(StoreError, match="open it instead"):
        copy_workspace(county, pg_location)
    schema = new_schema_name("cancel")
    calls = []
    with pytest.raises(StoreError, match="cancelled"):
        copy_workspace(county, pg_cluster.location(schema), is_cancelled=lambda: calls.append(1) or len(calls) > 3)
    assert not pg_cluster.admin("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    with pytest.raises(StoreError, match="cancelled"):
        copy_workspace(county, str(tmp_path / "c.gpkg"), is_cancelled=lambda: True)
    assert not (tmp_path / "c.gpkg").exists()
