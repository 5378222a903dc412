"""The demo county generator: build once into a temporary folder and check what later steps rely on."""
import datetime as dt
import json
import math
import os
import struct
from pathlib import Path

import numpy as np
import pytest

shapely = pytest.importorskip("shapely")
gdal = pytest.importorskip("osgeo.gdal")
ogr = pytest.importorskip("osgeo.ogr")
osr = pytest.importorskip("osgeo.osr")
pytest.importorskip("qgis.core")

from wpzf.core.area import ellipsoidal_area  # noqa: E402
from wpzf.core.rosters import load_default_roster  # noqa: E402
from wpzf.demo.build import build  # noqa: E402

pytestmark = pytest.mark.qgis
gdal.UseExceptions()
ogr.UseExceptions()

VOCAB_TBLX = {"新增建设用地", "疑似违法占地", "推填土", "设施农业", "光伏", "采矿", "其他"}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("demo")
    build(str(d), log=lambda *a, **k: None)
    return d


@pytest.fixture(scope="module")
def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def truth(out) -> dict:
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


def read_layer(path, layer=None, encoding=None):
    """(rows, shapely geometries, layer SRS) of an OGR layer."""
    opts = [f"ENCODING={encoding}"] if encoding else []
    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR, open_options=opts)
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    rows, geoms = [], []
    for f in lyr:
        rows.append({lyr.GetLayerDefn().GetFieldDefn(i).GetName(): f.GetField(i) for i in range(f.GetFieldCount())})
        geoms.append(shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())))
    srs = lyr.GetSpatialRef().Clone()
    return rows, np.array(geoms, dtype=object), srs


def read_dbf(path):
    """A minimal dBASE reader returning raw bytes per field, to check the encoding independently of OGR."""
    data = Path(path).read_bytes()
    n, header_len, rec_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\x00")[0].decode("ascii")
        fields.append((name, chr(data[pos + 11]), data[pos + 16]))
        pos += 32
    records = []
    for i in range(n):
        rec = data[header_len + i * rec_len: header_len + (i + 1) * rec_len]
        off, row = 1, {}
        for name, _typ, length in fields:
            row[name] = rec[off:off + length].rstrip(b" ")
            off += length
        records.append(row)
    return fields, records


def county_geom(out):
    _, geoms, _ = read_layer(out / "boundaries.gpkg", "county")
    return geoms[0]


# -- manifest ---------------------------------------------------------------------------------------
def test_every_manifest_file_exists_and_nothing_is_unlisted(out, manifest):
    listed = {f["path"] for f in manifest["files"]}
    for p in listed:
        assert (out / p).is_file(), p
    for p in ("boundaries.gpkg", "landuse.gpkg", "imagery/before.vrt", "imagery/after.vrt", "truth.json",
              "batches/bu_2021_05.shp", "batches/bu_2021_05.shx", "batches/bu_2021_05.dbf",
              "batches/bu_2021_05.prj", "batches/sheng_2021_06.gpkg"):
        assert p in listed
    on_disk = {str(p.relative_to(out)).replace(os.sep, "/") for p in out.rglob("*") if p.is_file()}
    assert on_disk - listed == {"manifest.json"}
    assert all(f["description"] for f in manifest["files"])
    sheng = manifest["batches"]["sheng_2021_06"]
    assert {"TBBH", "MJ", "XFRQ", "BHLX", "QSXSJ", "HSXSJ", "JBNTMJ"} <= set(sheng["fields"])
    assert sheng["mapping_to_ministry"]["TBBH"] == "JCBH" and sheng["mapping_to_ministry"]["MJ"] == "JCMJ"
    total = sum((out / p).stat().st_size for p in listed)
    assert total < 150e6


# -- boundaries -------------------------------------------------------------------------------------
def test_boundaries_partition_the_county(out):
    rows_c, county, srs_c = read_layer(out / "boundaries.gpkg", "county")
    rows_t, towns, srs_t = read_layer(out / "boundaries.gpkg", "township")
    rows_v, vills, _ = read_layer(out / "boundaries.gpkg", "village")
    assert srs_c.GetAuthorityCode(None) == "4490" and srs_t.GetAuthorityCode(None) == "4490"
    assert rows_c == [{"XZQDM": "140923", "XZQMC": "代县"}]
    roster = load_default_roster()
    assert [(r["XZQDM"], r["XZQMC"]) for r in rows_t] == [(t.code, t.name) for t in roster.townships]
    assert sorted((r["XZQDM"], r["XZQMC"], r["XZDM"], r["XZMC"]) for r in rows_v) == sorted(
        (v.code, v.name, v.township_code, v.township_name) for v in roster.villages)
    assert all(len(r["XZQDM"]) == 12 and r["XZQDM"].startswith(r["XZDM"]) for r in rows_v)

    a_county = ellipsoidal_area(county).sum()
    a_towns = ellipsoidal_area(towns)
    a_vills = ellipsoidal_area(vills)
    assert a_towns.sum() == pytest.approx(a_county, rel=1e-6)
    assert a_vills.sum() == pytest.approx(a_county, rel=1e-6)
    # no overlaps: the union has the same area as the sum
    assert ellipsoidal_area(shapely.union_all(towns))[0] == pytest.approx(a_towns.sum(), rel=1e-6)
    assert ellipsoidal_area(shapely.union_all(vills))[0] == pytest.approx(a_vills.sum(), rel=1e-6)
    assert shapely.coverage_is_valid(vills) and shapely.coverage_is_valid(towns)
    # each township is the union of its villages
    for r, t in zip(rows_t, towns):
        mine = vills[[v["XZDM"] == r["XZQDM"] for v in rows_v]]
        assert shapely.symmetric_difference(shapely.union_all(mine), t).area < 1e-12

    # shaped like 代县: ~60 km × ~35 km around 113.0°E 39.07°N, inside GK zone 38
    minx, miny, maxx, maxy = county[0].bounds
    assert 112.5 < minx and maxx < 115.5
    width_km = (maxx - minx) * 111.32 * math.cos(math.radians(39.07))
    height_km = (maxy - miny) * 111.0
    assert 50 < width_km < 70 and 28 < height_km < 42
    c = county[0].centroid
    assert abs(c.x - 113.0) < 0.1 and abs(c.y - 39.07) < 0.1
    assert 1400e6 < a_county < 2000e6


# -- land use ---------------------------------------------------------------------------------------
def test_dltb_covers_the_county_without_gaps_or_overlaps(out):
    rows, geoms, srs = read_layer(out / "landuse.gpkg", "DLTB")
    assert srs.GetAuthorityCode(None) == "4490"
    assert 3000 <= len(rows) <= 8000
    county = county_geom(out)
    a = ellipsoidal_area(geoms)
    a_county = ellipsoidal_area(county)[0]
    assert a.sum() == pytest.approx(a_county, rel=1e-6)
    union = shapely.union_all(geoms)
    assert ellipsoidal_area(union)[0] == pytest.approx(a_county, rel=1e-6)
    assert shapely.symmetric_difference(union, county).area < 1e-10
    assert shapely.coverage_is_valid(geoms)
    assert len({r["BSM"] for r in rows}) == len(rows)

    villages = {v.code: v.name for v in load_default_roster().villages}
    cult = 0.0
    for r, area in zip(rows, a):
        assert r["TBMJ"] == pytest.approx(area, abs=0.011)
        assert r["TBDLMJ"] == pytest.approx(r["TBMJ"] - r["KCMJ"], abs=0.011)
        assert len(r["ZLDWDM"]) == 19 and r["ZLDWDM"].endswith("0000000")
        assert villages[r["ZLDWDM"][:12]] == r["ZLDWMC"]
        if r["KCXS"] > 0:
            assert r["KCDLBM"] == "1203" and r["DLBM"] in ("0102", "0103") and 0.05 <= r["KCXS"] <= 0.15
            assert r["KCMJ"] == pytest.approx(r["TBMJ"] * r["KCXS"], abs=0.011)
        else:
            assert not r["KCDLBM"] and r["KCMJ"] == 0
        if r["DLBM"] in ("0101", "0102", "0103"):
            cult += area
    names = {r["DLBM"]: r["DLMC"] for r in rows}
    assert names["0103"] == "旱地" and names["0702"] == "农村宅基地" and names["1101"] == "河流水面"
    assert {"0101", "0102", "0103", "0301", "0305", "0404", "0601", "0602", "0701", "0702", "1003",
            "1006", "1101", "1104", "1202", "1206"} <= set(names)
    assert 0.25 < cult / a_county < 0.7

    # geography: cultivated land dominates the middle band, forest the northern/southern edges
    minx, miny, maxx, maxy = county.bounds
    cy = shapely.get_y(shapely.centroid(geoms))
    third = (maxy - miny) / 3
    middle = (cy > miny + third) & (cy < maxy - third)
    dl = np.array([r["DLBM"] for r in rows])
    share = {}
    for name, sel in (("middle", middle), ("edges", ~middle)):
        share[name] = {k: a[sel & np.isin(dl, k)].sum() / a[sel].sum()
                       for k in (("0101", "0102", "0103"), ("0301", "0305"))}
    assert share["middle"][("0101", "0102", "0103")] > share["edges"][("0101", "0102", "0103")]
    assert share["edges"][("0301", "0305")] > 2 * share["middle"][("0301", "0305")]

    jb_rows, jb, _ = read_layer(out / "landuse.gpkg", "YJJBNT")
    assert len(jb_rows) > 500
    assert {r["DLBM"] for r in jb_rows} <= {"0101", "0102", "0103"}
    assert len({r["JBNTTBBH"] for r in jb_rows}) == len(jb_rows)


# -- the Ministry batch -----------------------------------------------------------------------------
def test_ministry_batch_is_a_gbk_shapefile_without_cpg(out):
    base = out / "batches" / "bu_2021_05"
    assert not base.with_suffix(".cpg").exists()
    fields, records = read_dbf(base.with_suffix(".dbf"))
    names = [f[0] for f in fields]
    for f in ("JCBH", "XZQDM", "XMC", "TBLX", "QSX", "HSX", "JCMJ", "GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ",
              "WLYDMJ", "LZB", "BZB", "XFSJ", "SFSK", "BZ"):
        assert f in names
    assert 190 <= len(records) <= 210
    assert all(r["XMC"] == "代县".encode("gbk") for r in records)
    with pytest.raises(UnicodeDecodeError):
        records[0]["XMC"].decode("utf-8")
    assert {r["TBLX"].decode("gbk") for r in records} <= VOCAB_TBLX
    assert {r["SFSK"].decode("gbk") for r in records} == {"是", "否"}
    keys = [r["JCBH"].decode("ascii") for r in records]
    assert len(set(keys)) == len(keys)
    assert all(k.startswith("140923202105") and len(k) == 16 for k in keys)
    # the .prj says CGCS2000 geographic
    prj = osr.SpatialReference()
    prj.ImportFromWkt(base.with_suffix(".prj").read_text())
    ref = osr.SpatialReference()
    ref.ImportFromEPSG(4490)
    assert prj.IsSame(ref, ["IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES"]) or prj.IsSameGeogCS(ref)


def test_ministry_patches_lie_in_the_county_where_they_make_sense(out, truth):
    rows, geoms, _ = read_layer(out / "batches" / "bu_2021_05.shp", encoding="GBK")
    county = county_geom(out)
    invalid = [r["JCBH"] for r, g in zip(rows, geoms) if not g.is_valid]
    assert 2 <= len(invalid) <= 3          # real batches carry bow-ties; the importer must repair them
    assert sum(g.geom_type == "MultiPolygon" for g in geoms) >= 2
    valid = shapely.make_valid(geoms)
    assert shapely.within(valid, county).all()
    mu = np.array([r["JCMJ"] for r in rows])
    assert mu.min() >= 0.4 and mu.max() <= 31
    assert ((mu >= 1) & (mu <= 10)).mean() > 0.5
    true_mu = ellipsoidal_area(valid) / (10000 / 15)
    assert np.abs(mu - true_mu).max() < 0.05 + 0.002 * mu.max()   # planar-ish, close to the truth
    for r, g in zip(rows, valid):
        assert shapely.contains_xy(g.buffer(1e-4), r["LZB"], r["BZB"])
        assert r["XFSJ"] == "2021-05-06" and r["QSX"] < r["HSX"] < r["XFSJ"]
        assert r["NYDMJ"] + r["JSYDMJ"] + r["WLYDMJ"] == pytest.approx(r["JCMJ"], abs=0.05 + 0.002 * r["JCMJ"])
        assert r["GDMJ"] <= r["NYDMJ"] + 0.01
        assert (r["SFSK"] == "是") == (r["TBLX"] == "采矿")
        t = truth["patches"][r["JCBH"]]
        classes = t["area"]["by_class_mu"]
        total = sum(classes.values())
        construction = sum(v for k, v in classes.items() if k[:2] in ("06", "07") or k in ("1001", "1003", "1004"))
        cultivated = sum(v for k, v in classes.items() if k in ("0101", "0102", "0103"))
        if t["kind"] in ("renovation", "demolition", "materials"):      # 存量: all construction land
            assert construction == pytest.approx(total, abs=0.02)
        if t["kind"] in ("greenhouse", "crop_change"):
            assert cultivated >= 0.8 * total
        if t["kind"] in ("new_building", "homestead"):
            assert cultivated >= 0.5 * total
        if t["kind"] == "mining":
            assert t["facts"]["SFSK"] and (classes.get("0602", 0) > 0 or t["scenario"] in ("unlicensed", "licence_expired"))
        assert t["facts"]["XZJSYD"] == (t["kind"] in ("renovation", "demolition", "materials"))
        assert t["facts"]["GDMJ"] == r["GDMJ"] and t["facts"]["YJJBNTMJ"] == r["YJJBNTMJ"]
    kinds = {t["kind"] for t in truth["patches"].values()}
    assert {"new_building", "homestead", "greenhouse", "filling", "mining", "renovation", "demolition",
            "materials", "crop_change", "temporary_site", "solar", "road_slope", "livestock_shed"} <= kinds


# -- the province batch -----------------------------------------------------------------------------
def test_province_batch_uses_gk_zone_38_and_its_own_field_names(out, truth):
    ds = gdal.OpenEx(str(out / "batches" / "sheng_2021_06.gpkg"), gdal.OF_VECTOR)
    lyr = ds.GetLayerByName("sheng_2021_06")
    assert lyr is not None
    assert lyr.GetSpatialRef().GetAuthorityCode(None) == "4526"
    defn = lyr.GetLayerDefn()
    types = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetType() for i in range(defn.GetFieldCount())}
    assert {"TBBH", "MJ", "XFRQ", "BHLX", "XZQMC", "JBNTMJ"} <= set(types)
    assert "JCBH" not in types and "JCMJ" not in types
    assert types["XFRQ"] == ogr.OFTDate and types["QSXSJ"] == ogr.OFTDate
    rows, geoms, _ = read_layer(out / "batches" / "sheng_2021_06.gpkg", "sheng_2021_06")
    assert 35 <= len(rows) <= 45
    assert len({r["TBBH"] for r in rows}) == len(rows)
    x = shapely.get_coordinates(geoms)[:, 0]
    assert (x > 38_000_000).all() and (x < 39_000_000).all()     # the zone prefix is in the easting
    ct = osr.CoordinateTransformation(lyr.GetSpatialRef(), _srs(4490))
    county = county_geom(out)
    for g in geoms:
        w = ogr.CreateGeometryFromWkb(bytes(shapely.to_wkb(g)))
        w.Transform(ct)
        assert shapely.from_wkb(bytes(w.ExportToWkb())).within(county)
    dups = [t for t in truth["patches"].values() if t["same_change_as"]]
    assert dups and all(truth["patches"][t["same_change_as"]]["batch"] == "bu_2021_05" for t in dups)


def _to_gk(g):
    """lon/lat → EPSG:4526 metres (for distances)."""
    ct = osr.CoordinateTransformation(_srs(4490), _srs(4526))
    return shapely.transform(g, lambda xy: np.array(ct.TransformPoints(xy))[:, :2])


def _srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


# -- photos -----------------------------------------------------------------------------------------
def _bearing(lon1, lat1, lon2, lat2):
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return math.degrees(math.atan2(math.sin(dl) * math.cos(p2),
                                   math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl))) % 360


def test_photos_carry_position_direction_and_time(out, truth):
    from qgis.core import QgsExifTools
    from qgis.PyQt.QtGui import QImage

    a = {p.name for p in (out / "photos" / "DCIM" / "deviceA").glob("*.jpg")}
    b = {p.name for p in (out / "photos" / "DCIM" / "deviceB").glob("*.jpg")}
    assert 50 <= len(a) + len(b) <= 70
    shared = a & b
    assert "IMG_0001.jpg" in shared
    by_file = {ph["file"]: ph for ph in truth["photos"]}
    for name in shared:
        pa, pb = by_file[f"photos/DCIM/deviceA/{name}"], by_file[f"photos/DCIM/deviceB/{name}"]
        assert pa["patch"] != pb["patch"]
    assert len({ph["patch"] for ph in truth["photos"]}) >= 20

    _, geoms, _ = read_layer(out / "batches" / "bu_2021_05.shp")
    rows, _, _ = read_layer(out / "batches" / "bu_2021_05.shp")
    patch = {r["JCBH"]: shapely.make_valid(g) for r, g in zip(rows, geoms)}
    intents = {"ok": 0, "far_from_patch": 0, "taken_before_issue": 0}
    for ph in truth["photos"]:
        path = str(out / ph["file"])
        img = QImage(path)
        assert (img.width(), img.height()) == (800, 600)
        point, ok = QgsExifTools.getGeoTag(path)
        assert ok
        assert point.x() == pytest.approx(ph["lon"], abs=1e-6) and point.y() == pytest.approx(ph["lat"], abs=1e-6)
        tags = QgsExifTools.readTags(path)
        direction = float(tags["Exif.GPSInfo.GPSImgDirection"])
        assert tags["Exif.GPSInfo.GPSImgDirectionRef"] == "T"
        taken = tags["Exif.Photo.DateTimeOriginal"].toPyDateTime()
        assert taken == dt.datetime.fromisoformat(ph["taken"])
        g = patch[ph["patch"]]
        c = g.centroid
        diff = (direction - _bearing(ph["lon"], ph["lat"], c.x, c.y) + 180) % 360 - 180
        assert abs(diff) < 15 or ph["distance_to_patch_m"] == 0
        d_m = shapely.distance(_to_gk(g), _to_gk(shapely.Point(ph["lon"], ph["lat"])))
        intents[ph["intent"]] += 1
        if ph["intent"] == "far_from_patch":
            assert 150 < d_m < 260
        else:
            assert d_m < 20
        issued = dt.datetime(2021, 5, 6)
        assert (taken < issued) == (ph["intent"] == "taken_before_issue")
    assert intents["far_from_patch"] == 2 and intents["taken_before_issue"] == 2


# -- imagery ----------------------------------------------------------------------------------------
def _read_window(ds, minx, miny, maxx, maxy):
    gt = ds.GetGeoTransform()
    c0 = int((minx - gt[0]) / gt[1])
    r0 = int((maxy - gt[3]) / gt[5])
    c1 = int(math.ceil((maxx - gt[0]) / gt[1]))
    r1 = int(math.ceil((miny - gt[3]) / gt[5]))
    return ds.ReadAsArray(c0, r0, c1 - c0, r1 - r0).astype(float)


def test_rasters_open_and_show_the_changes(out, truth):
    before = gdal.Open(str(out / "imagery" / "before.vrt"))
    after = gdal.Open(str(out / "imagery" / "after.vrt"))
    for ds in (before, after):
        assert ds.RasterCount == 3
        srs = osr.SpatialReference(wkt=ds.GetProjection())
        assert srs.GetAuthorityCode(None) == "4490"
        assert ds.GetRasterBand(1).GetOverviewCount() >= 1
        assert abs(ds.GetGeoTransform()[1]) * 111_000 * 0.78 < 1.5     # ~1 m pixels
    rows, geoms, _ = read_layer(out / "batches" / "bu_2021_05.shp")
    _, prov, psrs = read_layer(out / "batches" / "sheng_2021_06.gpkg", "sheng_2021_06")
    ct = osr.CoordinateTransformation(psrs, _srs(4490))
    every = np.concatenate([geoms, shapely.transform(prov, lambda xy: np.array(ct.TransformPoints(xy))[:, :2])])
    changed = 0
    for g in geoms[:60]:
        g = shapely.make_valid(g)
        minx, miny, maxx, maxy = g.bounds
        inside_b = _read_window(before, minx, miny, maxx, maxy)
        inside_a = _read_window(after, minx, miny, maxx, maxy)
        if np.abs(inside_a - inside_b).mean() > 8:
            changed += 1
        # 60–100 m away, outside any change, the two epochs agree
        d = 0.0008
        ring_b = _read_window(before, maxx + d, miny, maxx + d + 0.0003, maxy)
        ring_a = _read_window(after, maxx + d, miny, maxx + d + 0.0003, maxy)
        near = shapely.box(maxx + d, miny, maxx + d + 0.0003, maxy)
        if not shapely.dwithin(near, every, 0.0002).any():
            assert np.abs(ring_a - ring_b).mean() < 3
    assert changed >= 55

    # the zoomed-out view comes from the overview (the 20 m base), quickly
    small = after.ReadAsArray(buf_xsize=600, buf_ysize=int(600 * after.RasterYSize / after.RasterXSize))
    assert small.shape[0] == 3 and small.std() > 5

    from qgis.core import QgsRasterLayer
    for name in ("before", "after"):
        layer = QgsRasterLayer(str(out / "imagery" / f"{name}.vrt"), name, "gdal")
        assert layer.isValid() and layer.crs().authid() == "EPSG:4490" and layer.bandCount() == 3


def test_dated_mosaics_show_each_change_from_when_it_was_seen(out, manifest, truth):
    """N-date review (issue 19): three or more dated layers, oldest first; a patch is in its after state on the
    mosaics dated on or after its 后时相 and in its before state on earlier ones."""
    series = manifest["imagery"]["series"]
    dates = [s["date"] for s in series]
    assert len(series) >= 3 and dates == sorted(dates) and len(set(dates)) == len(dates)
    assert sum(s["path"] != "imagery/after.vrt" for s in series) >= 3
    listed = {f["path"] for f in manifest["files"]}
    opened = {}
    for s in series:
        assert s["path"] in listed
        ds = gdal.Open(str(out / s["path"]))
        assert ds.RasterCount == 3 and osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None) == "4490"
        opened[s["date"]] = ds
    before = gdal.Open(str(out / "imagery" / "before.vrt"))
    after = gdal.Open(str(out / "imagery" / "after.vrt"))
    rows, geoms, _ = read_layer(out / "batches" / "bu_2021_05.shp")
    _, prov, psrs = read_layer(out / "batches" / "sheng_2021_06.gpkg", "sheng_2021_06")
    ct = osr.CoordinateTransformation(psrs, _srs(4490))
    prov = shapely.transform(prov, lambda xy: np.array(ct.TransformPoints(xy))[:, :2])
    prov_keys = [k for k, v in truth["patches"].items() if v["batch"] == "sheng_2021_06"]
    patches = [(truth["patches"][r["JCBH"]], g) for r, g in zip(rows[:40], geoms[:40])]
    patches += [(truth["patches"][k], g) for k, g in zip(prov_keys, prov) if not truth["patches"][k]["same_change_as"]]
    seen = {d: [0, 0] for d in opened}    # date: [patches changed by then, of them shown changed]
    for p, g in patches:
        minx, miny, maxx, maxy = shapely.make_valid(g).bounds
        b, a = (_read_window(ds, minx, miny, maxx, maxy) for ds in (before, after))
        if np.abs(a - b).mean() <= 8:
            continue   # a change too slight to tell
        for date, ds in opened.items():
            m = _read_window(ds, minx, miny, maxx, maxy)
            if p["hsx"] <= date:
                seen[date][0] += 1
                seen[date][1] += np.abs(m - a).mean() < 3
            else:
                assert np.abs(m - b).mean() < 3, (p["hsx"], date)
    assert seen[dates[0]][0] == 0            # the oldest mosaic: nothing had changed yet
    assert all(n == shown for n, shown in seen.values())
    # the demo's changes appear at different dates: some on a mosaic before the after image, some only after
    assert 0 < seen["2021-04-30"][0] < seen[dates[-1]][0]


# -- truth ------------------------------------------------------------------------------------------
def test_truth_describes_every_patch(out, truth):
    rows, _, _ = read_layer(out / "batches" / "bu_2021_05.shp")
    prov, _, _ = read_layer(out / "batches" / "sheng_2021_06.gpkg", "sheng_2021_06")
    keys = {r["JCBH"] for r in rows} | {r["TBBH"] for r in prov}
    assert set(truth["patches"]) == keys
    village_names = {v.code: v for v in load_default_roster().villages}
    for t in truth["patches"].values():
        assert t["kind"] and t["scenario"] and isinstance(t["facts"], dict)
        assert "result" in t["intended"]
        v = village_names[t["village"]["code"]]
        assert (v.name, v.guarantor, v.township_name) == (
            t["village"]["name"], t["village"]["guarantor"], t["township"]["name"])
        for f in t["photos"]:
            assert (out / f).is_file()
    results = {t["intended"]["result"] for t in truth["patches"].values()}
    assert {"新增建设用地违法", "合法用地", "实地伪变化", "存量建设用地违法", "设施农业用地", "农村宅基地违法",
            "临时用地", "农业项目破坏耕地（基本农田）", "待定"} <= results
    assert any(t["facts"].get("PZWH") for t in truth["patches"].values())
    assert any(t["facts"].get("JSRQ", "9999") < "1999-01-01" for t in truth["patches"].values())
    defects = [t for t in truth["patches"].values() if t["geometry"]["defect"]]
    assert 2 <= len(defects) <= 3


def test_truth_facts_follow_the_contract_and_lead_to_the_intended_result(truth):
    """The facts use the rules' facts contract, and the 2021 rule set makes of them (with the county profile's
    county-wide answers as defaults, as the workspace applies them) what was intended."""
    from wpzf.rules import FACTS_BY_CODE, determine
    from wpzf.rules.facts import normalize_value

    county = {c: e["value"] for c, e in truth["county_profile"].items()}
    for key, t in truth["patches"].items():
        for code, value in t["facts"].items():
            normalize_value(FACTS_BY_CODE[code], value)      # a known code with a valid value
        o = determine({**county, **t["facts"]})
        want = t["intended"]
        assert (o.category, o.clause) == (want["result"], want["clause"]), key
        assert set(want["flags"]) <= set(o.flags), key
        assert (o.mineral.finding if o.mineral else None) == want["mineral"] or want["mineral"] is None, key


# -- determinism ------------------------------------------------------------------------------------
def test_rerun_gives_identical_vector_files(out, tmp_path):
    build(str(tmp_path), log=lambda *a, **k: None, imagery=False, photos=False)
    for rel in ("batches/bu_2021_05.dbf", "batches/bu_2021_05.shp", "batches/bu_2021_05.shx",
                "batches/bu_2021_05.prj", "batches/sheng_2021_06.gpkg", "boundaries.gpkg", "landuse.gpkg",
                "参考数据.gpkg"):
        assert (tmp_path / rel).read_bytes() == (out / rel).read_bytes(), rel
