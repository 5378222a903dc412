import datetime as dt
import json
import zipfile

import pytest
from osgeo import ogr, osr

from wpzf.core.area import ellipsoidal_area
from wpzf.exchange import verbatim
from wpzf.exchange.encoding import choose_encoding
from wpzf.exchange.importer import BatchMeta, import_batch, parse_date
from wpzf.exchange.mapping import FieldMapping, ProfileStore
from wpzf.store import create_workspace
from wpzf.tests.exchange.corpus import good_rows, write_shp

META = BatchMeta("部级", dt.date(2021, 5, 6), 2021)


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg")
    yield w
    w.close()


def test_gbk_without_cpg_is_detected_and_read(tmp_path, ws):
    p = write_shp(tmp_path / "gbk.shp", good_rows(), encoding="GBK", keep_cpg=False)
    assert choose_encoding(p.with_suffix(".dbf")).codec == "gb18030"
    rep = import_batch(ws, p, META)
    assert rep.ok, rep.text()
    assert set(ws.select("wz_patch", ["XMC"])["XMC"]) == {"代县"}
    assert "GBK" in rep.encoding or "gb18030" in rep.encoding


def test_utf8_without_cpg_is_detected(tmp_path):
    p = write_shp(tmp_path / "u.shp", good_rows(), encoding="UTF-8", keep_cpg=False)
    assert choose_encoding(p.with_suffix(".dbf")).codec == "utf-8"


def test_user_encoding_override_is_checked(tmp_path):
    p = write_shp(tmp_path / "g.shp", good_rows(), encoding="GBK", keep_cpg=False)
    with pytest.raises(Exception, match="not valid utf-8"):
        choose_encoding(p.with_suffix(".dbf"), "utf-8")


def test_a_repeated_bad_value_is_named_at_its_first_row(tmp_path):
    """Each distinct text value is checked once (issue 15); the message still names the first row having it."""
    rows = good_rows(6)
    for r in rows:
        r["XMC"] = "代县"
    p = write_shp(tmp_path / "g.shp", rows, encoding="GBK", keep_cpg=False)
    dbf = p.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    gbk = "代县".encode("gbk")
    at = [i for i in range(len(data)) if data[i:i + len(gbk)] == gbk]
    assert len(at) == 6
    for i in at[2:]:           # rows 3 to 6: the same bytes, not valid UTF-8 nor plausible
        data[i:i + 2] = b"\xff\xfe"
    dbf.write_bytes(bytes(data))
    with pytest.raises(Exception) as e:
        choose_encoding(dbf, "utf-8")
    assert e.value.problem.row == 1
    with pytest.raises(Exception) as e:
        choose_encoding(dbf, "gbk")
    assert e.value.problem.row == 3 and e.value.problem.field == "XMC"


def test_patch_values_areas_deadline_and_verbatim(tmp_path, ws):
    p = write_shp(tmp_path / "b.shp", good_rows(3))
    rep = import_batch(ws, p, META)
    assert rep.ok and rep.counts["imported"] == 3
    df = ws.select("wz_patch", geometry=True)
    area = ellipsoidal_area(df["geom"].to_numpy())
    assert df["TBMJ"].to_numpy() == pytest.approx(area)
    assert df["TBMJMU"].iloc[0] == pytest.approx(area[0] / (10000 / 15))
    assert set(df["HCJZ"]) == {"2021-06-20"} and set(df["ZT"]) == {"待核查"}
    # the attributes as read: only what the patch's columns do not hold as read is kept beside them
    assert json.loads(df["YSSX"].iloc[0]) == {"JCMJ": "14.4"}   # (the file's text, stored as the number 14.4)
    batch = ws.select("wz_batch").iloc[0]
    reproduced = json.loads(batch["ZDJG"])[verbatim.KEY]
    assert reproduced == {"JCBH": "JCBH", "XMC": "XMC", "JCMJ": "JCMJ", "XFSJ": "XFSJ"}
    assert verbatim.attributes(df["YSSX"].iloc[0], df.iloc[0].to_dict(), reproduced) == \
        {"JCBH": "K0000", "XMC": "代县", "JCMJ": "14.4", "XFSJ": "2021-05-06"}
    assert df["JCMJ"].iloc[0] == 14.4 and df["XFSJ"].iloc[0] == "2021-05-06"
    batch = ws.select("wz_batch").iloc[0]
    assert batch["SJSHJZ"] == "2021-06-27" and batch["TBS"] == 3
    audit = ws.audit_records("wz_patch", int(df["fid"].iloc[0]))
    assert audit[0]["action"] == "create" and audit[0]["changes"]["JCBH"] == "K0000"
    assert audit[0]["changes"]["YSSX"] == df["YSSX"].iloc[0] or audit[0]["changes"]["YSSX"].startswith("sha256:")
    assert rep.saved_to and (tmp_path / "ws_reports").is_dir()


def test_bow_tie_is_repaired_and_reported(tmp_path, ws):
    rows = good_rows(2)
    rows[1]["wkt"] = "POLYGON((113 39, 113.002 39.002, 113.002 39, 113 39.002, 113 39))"
    rep = import_batch(ws, write_shp(tmp_path / "bow.shp", rows), META)
    assert rep.ok, rep.text()
    assert any(w.row == 2 and "repaired" in w.message for w in rep.warnings)
    g = ws.select("wz_patch", ["JCBH", "XFSM"], geometry=True).set_index("JCBH").loc["K0001"]
    assert g["geom"].is_valid and g["geom"].geom_type == "MultiPolygon" and len(g["geom"].geoms) == 2
    assert "修复" in g["XFSM"]


def test_reissued_patch_is_kept_and_linked(tmp_path, ws):
    assert import_batch(ws, write_shp(tmp_path / "a.shp", good_rows(3)), META).ok
    rows = good_rows(5)[2:]  # K0002 again, plus two new
    rep = import_batch(ws, write_shp(tmp_path / "b.shp", rows), BatchMeta("部级", dt.date(2021, 6, 6), 2021))
    assert rep.ok and rep.counts["reissued"] == 1
    df = ws.select("wz_patch", ["JCBH", "PCID", "CFXF"])
    twins = df[df["JCBH"] == "K0002"].sort_values("fid")
    assert len(twins) == 2 and twins["CFXF"].iloc[1] == twins["fid"].iloc[0]


def test_gk_zone_with_prefix_is_reprojected(tmp_path, ws):
    src = osr.SpatialReference()
    src.ImportFromEPSG(4526)
    x0, y0 = 38_500_000, 4_320_000
    rows = [{"JCBH": "Z1", "wkt": f"POLYGON(({x0} {y0}, {x0 + 100} {y0}, {x0 + 100} {y0 + 100}, {x0} {y0 + 100}, {x0} {y0}))"}]
    p = write_shp(tmp_path / "gk.shp", rows, epsg=4526)
    rep = import_batch(ws, p, META)
    assert rep.ok and "EPSG:4526" in rep.crs
    g = ws.select("wz_patch", geometry=True)["geom"].iloc[0]
    assert 113.9 < g.centroid.x < 114.1 and 38 < g.centroid.y < 40
    # a 100 m square on the central meridian: GK scale 1 there, so ≈ 10 000 m²
    assert ellipsoidal_area([g])[0] == pytest.approx(10000, rel=2e-4)


def test_missing_prj_is_inferred_for_prefixed_zone(tmp_path, ws):
    x0, y0 = 38_450_000, 4_320_000
    rows = [{"JCBH": "Z1", "wkt": f"POLYGON(({x0} {y0}, {x0 + 50} {y0}, {x0 + 50} {y0 + 50}, {x0} {y0}))"}]
    rep = import_batch(ws, write_shp(tmp_path / "noprj.shp", rows, epsg=None), META)
    assert rep.ok and "inferred" in rep.crs and "4526" in rep.crs


def test_zipped_shapefile_and_geopackage_inputs(tmp_path, ws):
    (tmp_path / "z").mkdir()
    p = write_shp(tmp_path / "z" / "inzip.shp", good_rows(2))
    zpath = tmp_path / "batch.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            z.write(p.with_suffix(ext), f"folder/inzip{ext}")
    assert import_batch(ws, zpath, META).ok
    gpkg = tmp_path / "sheng.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer("sheng", srs, ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("TBBH", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("MJ", ogr.OFTReal))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("TBBH", "S-1")
    f.SetField("MJ", 2.5)
    f.SetGeometry(ogr.CreateGeometryFromWkt("MULTIPOLYGON(((113 39,113.001 39,113.001 39.001,113 39)))"))
    lyr.CreateFeature(f)
    ds = None
    rep = import_batch(ws, gpkg, BatchMeta("省级", dt.date(2021, 6, 1), 2021))
    assert rep.ok, rep.text()
    row = ws.select("wz_patch", ["JCBH", "JCMJ", "HCJZ"]).set_index("JCBH").loc["S-1"]
    assert row["JCMJ"] == 2.5 and row["HCJZ"] == "2021-06-04"


@pytest.mark.parametrize("at_check", [1, 2, 3, 4, 5])
def test_cancel_at_any_point_leaves_nothing(tmp_path, ws, at_check):
    """Checks 4 and 5 fall inside the write transaction: the batch row is already written then."""
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) >= at_check

    before = ws.verify_audit().checked
    rep = import_batch(ws, write_shp(tmp_path / "c.shp", good_rows(3)), META, is_cancelled=cancelled)
    assert len(calls) == at_check
    assert not rep.ok and "cancelled" in rep.text() and ws.count("wz_patch") == 0 and ws.count("wz_batch") == 0
    assert ws.verify_audit().checked == before


def test_profiles_save_load_and_validate(tmp_path):
    store = ProfileStore(tmp_path / "profiles")
    m = store.load()
    chosen, missing = m.resolve(["tbbh", "MJ", "XZQDM"])
    assert chosen["JCBH"] == "tbbh" and chosen["JCMJ"] == "MJ" and not missing
    m.name = "shanxi_2021"
    store.save(m)
    assert "shanxi_2021" in store.names() and store.load("shanxi_2021").targets["JCBH"].sources[0] == "JCBH"
    with pytest.raises(ValueError, match="built-in"):
        m.name = "ministry_default"
        store.save(m)
    with pytest.raises(ValueError, match="not a workspace field"):
        FieldMapping.from_json('{"targets": {"JCBH": ["A"], "NOPE": ["B"]}}')
    with pytest.raises(ValueError, match="must map"):
        FieldMapping.from_json('{"targets": {"XMC": ["A"]}}')


@pytest.mark.parametrize("text,iso", [("2021-05-06", "2021-05-06"), ("2021/5/6", "2021-05-06"),
                                      ("20210506", "2021-05-06"), ("2021年5月6日", "2021-05-06"), ("", None)])
def test_date_formats(text, iso):
    assert parse_date(text) == iso



def _gk_square(i: int, x0: float = 38_500_000, y0: float = 4_320_000) -> str:
    x = x0 + 200 * i
    return f"POLYGON(({x} {y0}, {x + 100} {y0}, {x + 100} {y0 + 100}, {x} {y0 + 100}, {x} {y0}))"


def test_prj_that_lies_is_refused_with_its_evidence(tmp_path, ws):
    """A .prj saying EPSG:4490 over Gauss–Krüger metres: refused, naming what the coordinates would fit."""
    rows = [{"JCBH": f"L{i}", "wkt": _gk_square(i)} for i in range(5)]
    rep = import_batch(ws, write_shp(tmp_path / "lies.shp", rows, epsg=4490), META)
    assert not rep.ok and ws.count("wz_patch") == 0 and ws.count("wz_batch") == 0
    text = rep.text()
    assert "EPSG:4490" in text and "5 of 5 patches" in text and "38,500,000" in text
    assert "EPSG:4526" in text  # the zone-38 system they would fit


def test_single_patch_outside_china_and_absurd_coordinates_name_their_rows(tmp_path, ws):
    rows = good_rows(3)
    rows[1]["wkt"] = "POLYGON((160 39, 160.001 39, 160.001 39.001, 160 39))"
    rep = import_batch(ws, write_shp(tmp_path / "far.shp", rows), META)
    assert not rep.ok and ws.count("wz_patch") == 0
    bad = [e for e in rep.errors if e.row == 2]
    assert bad and "outside China" in bad[0].message
    rows = good_rows(2)
    rows[0]["wkt"] = "POLYGON((1e300 39, 113.001 39, 113.001 39.001, 1e300 39))"  # once a projection error
    rep = import_batch(ws, write_shp(tmp_path / "huge.shp", rows), META)
    assert not rep.ok and ws.count("wz_patch") == 0
    assert any(e.row == 1 and "outside China" in e.message for e in rep.errors), rep.text()


def test_guessed_crs_is_a_warning_the_user_sees(tmp_path, ws):
    rows = [{"JCBH": "Z1", "wkt": _gk_square(0)}]
    rep = import_batch(ws, write_shp(tmp_path / "noprj2.shp", rows, epsg=None), META)
    assert rep.ok and any("no .prj" in w.message and "EPSG:4526" in w.message for w in rep.warnings)


def test_declared_areas_mismatch_is_warned_on_the_patch(tmp_path, ws):
    rows = good_rows(4)            # each square measures ≈ 14.43 亩; the batch declares 14.4
    rows[2]["JCMJ"] = "43.3"       # three times the measured area
    rep = import_batch(ws, write_shp(tmp_path / "b.shp", rows), META)
    assert rep.ok, rep.text()
    warned = [w for w in rep.warnings if "declared area" in w.message]
    assert [w.row for w in warned] == [3] and "+200" in warned[0].message and "14.43 亩" in warned[0].message
    notes = ws.select("wz_patch", ["JCBH", "XFSM"]).set_index("JCBH")["XFSM"]
    assert "面积核对：批次申报43.30亩，实测14.43亩" in notes[rows[2]["JCBH"]]
    assert notes.drop(rows[2]["JCBH"]).isna().all()


def test_declared_areas_no_unit_explains_is_refused(tmp_path, ws):
    rows = good_rows(3)
    for r in rows:
        r["JCMJ"] = "5000000"
    rep = import_batch(ws, write_shp(tmp_path / "c.shp", rows), META)
    assert not rep.ok and ws.count("wz_patch") == 0
    assert any("no unit" in e.message and "JCMJ" in (e.field or "") for e in rep.errors), rep.text()


def test_control_characters_are_replaced_and_named(tmp_path, ws):
    rows = good_rows(2)
    rows[1]["XMC"] = "代\x0b县\x01"
    rep = import_batch(ws, write_shp(tmp_path / "ctl.shp", rows), META)
    assert rep.ok
    warned = [w for w in rep.warnings if "control characters" in w.message]
    assert [(w.row, w.field) for w in warned] == [(2, "XMC (XMC)")]
    assert set(ws.select("wz_patch", ["XMC"])["XMC"]) == {"代县", "代 县"}


def test_truncated_shp_names_the_record_where_it_stops(tmp_path, ws):
    p = write_shp(tmp_path / "trunc.shp", good_rows(50))
    data = p.read_bytes()
    p.write_bytes(data[:len(data) // 2 + 7])
    rep = import_batch(ws, p, META)
    assert not rep.ok and ws.count("wz_patch") == 0
    msg = rep.errors[0].message
    assert "record 25 of 50 cannot be read" in msg and "truncated" in msg


def test_an_empty_date_cell_stays_empty(tmp_path):
    """Not 1970-01-01: an empty issue date would otherwise move every deadline by fifty years."""
    from wpzf.exchange.reader import read_batch
    from wpzf.tests.exchange.corpus import _square

    p = tmp_path / "dates.shp"
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(p))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer("dates", srs, ogr.wkbPolygon)
    for name, kind in (("JCBH", ogr.OFTString), ("XFSJ", ogr.OFTDate), ("JCMJ", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for key, day, area in (("A", "2021/05/06", 14.4), ("B", None, None)):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("JCBH", key)
        if day:
            f.SetField("XFSJ", day)
        if area is not None:
            f.SetField("JCMJ", area)
        f.SetGeometry(ogr.CreateGeometryFromWkt(_square(0)))
        lyr.CreateFeature(f)
    ds = None
    raw = read_batch(p)
    assert list(raw.columns["XFSJ"]) == ["2021-05-06", None]
    assert raw.columns["JCMJ"][0] == 14.4 and raw.columns["JCMJ"][1] != raw.columns["JCMJ"][1]   # NaN


def test_the_column_scan_for_space_to_trim_agrees_with_strip():
    import random

    from wpzf.exchange.importer import _edge_space

    rng = random.Random(5)
    alphabet = ["a", "代", " ", "\n", "\r", "\t", "\u3000", "\xa0", "\x1f", "\x00", "b"]
    for _ in range(3000):
        cells = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 4))]
        if any(c != c.strip() for c in cells):   # never missed (a value's own newline may say more)
            assert _edge_space("\n".join(cells)), cells
        elif not any("\n" in c for c in cells):
            assert not _edge_space("\n".join(cells)), cells
