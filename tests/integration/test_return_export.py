"""The return (上报成果) reproduces the batch's own layer — fields, types, widths, encoding, CRS — with the results
filled; the platform table is keyed by 监测编号; photos go in one folder per patch with a manifest; QGIS opens it."""
import hashlib
import json

import pytest
from openpyxl import load_workbook
from osgeo import ogr
from shapely.geometry import Point

from wpzf.core import signoff as rules
from wpzf.exchange.return_export import PHOTO_DIR, export_return
from wpzf.store import Actor, create_workspace, open_workspace, signoff
from wpzf.tests.signoff_fixtures import imported, write_layer

ogr.UseExceptions()


def _structure(path):
    from osgeo import gdal

    opts = ["ENCODING=GBK"] if str(path).endswith(".shp") else []   # the Ministry's files come without .cpg
    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR, open_options=opts)
    lyr = ds.GetLayer(0)
    d = lyr.GetLayerDefn()
    fields = [(d.GetFieldDefn(i).GetName(), d.GetFieldDefn(i).GetType(), d.GetFieldDefn(i).GetWidth(),
               d.GetFieldDefn(i).GetPrecision()) for i in range(d.GetFieldCount())]
    srs = lyr.GetSpatialRef()
    srs.AutoIdentifyEPSG()
    rows = [{f[0]: feat.GetField(f[0]) for f in fields} | {"_geom": feat.GetGeometryRef().Clone()} for feat in lyr]
    return {"layer": lyr.GetName(), "geom": lyr.GetGeomType(), "fields": fields, "epsg": srs.GetAuthorityCode(None),
            "rows": rows}


def _pass_all(tmp_path, src, code="B1"):
    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    fids = imported(op, src, code)
    signoff.submit(op, fids)
    rev = open_workspace(path, actor=Actor("wang", "pc-rev"))
    signoff.review(rev, fids, rules.PASSED)
    rev.close()
    return op, fids


def _village_set_and_passed(op, tmp_path, fid):
    """The patch's village changed by the operator, submitted again and passed by the reviewer."""
    with op.transaction():
        op.update("wz_patch", fid, {"CMC": "西关村"})
    signoff.submit(op, [fid])
    w = open_workspace(str(tmp_path / "ws.gpkg"), actor=Actor("wang", "pc-rev"))
    signoff.review(w, [fid], rules.PASSED)
    w.close()


def test_a_gbk_shapefile_goes_back_in_its_own_schema_with_results(qgis_app, tmp_path):
    from osgeo import gdal
    from qgis.core import QgsVectorLayer

    src = write_layer(tmp_path / "bu_2021_05.shp", 3)
    op, fids = _pass_all(tmp_path, src)
    QgsVectorLayer(str(src), "batch", "ogr")   # QGIS's OGR provider turns recoding off process-wide …
    assert gdal.GetConfigOption("SHAPE_ENCODING") == ""   # … which the return must not fall for
    _village_set_and_passed(op, tmp_path, fids[0])   # the village as the county assigned it (a result field)
    res = export_return(op, "B1", tmp_path / "out")
    assert res.layer.name == "bu_2021_05.shp" and res.patches == 3
    before, after = _structure(src), _structure(res.layer)
    assert after["fields"] == before["fields"] and after["layer"] == before["layer"]
    assert after["geom"] == before["geom"] and after["epsg"] == before["epsg"] == "4490"
    # the encoding as received: the DBF's bytes are GBK
    dbf = res.layer.with_suffix(".dbf").read_bytes()
    assert "上馆镇".encode("gbk") in dbf and "新增建设用地违法".encode("gbk") in dbf
    for b, a in zip(before["rows"], after["rows"]):
        for name in ("JCBH", "XZQDM", "XMC", "XZMC", "JCMJ", "GDMJ", "SFSK", "NUM"):
            assert a[name] == b[name], name
        assert b["PDJG"] is None and a["PDJG"] == "新增建设用地违法" and a["WFLX"] == "新增建设用地违法"
        assert a["PDYJSM"] and "A4." not in a["PDYJSM"]            # people's words, no clause ids
        assert a["_geom"].Equals(b["_geom"]) or a["_geom"].SymmetricDifference(b["_geom"]).GetArea() < 1e-12
    assert after["rows"][0]["CMC"] == "西关村" and after["rows"][1]["CMC"] == "东关村"
    layer = QgsVectorLayer(str(res.layer), "return", "ogr")
    assert layer.isValid() and layer.featureCount() == 3 and layer.crs().authid() == "EPSG:4490"
    assert sorted(f["XZMC"] for f in layer.getFeatures()) == ["上馆镇"] * 3
    # the platform table: a form, one row per unit, Ministry codes under Chinese headers
    ws_ = load_workbook(res.table).active
    rows = [[c.value for c in r] for r in ws_.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "监测编号\nJCBH")
    assert "卫片执法图斑核查成果上报表" in str(rows[0][0])
    data = [r for r in rows[head + 1:] if r[0] in ("T000", "T001", "T002")]
    assert [r[0] for r in data] == ["T000", "T001", "T002"]
    hdr = rows[head]
    assert data[0][hdr.index("合法性判定结果\nPDJG")] == "新增建设用地违法"
    assert data[0][hdr.index("县级审核人\nSHR")] == "wang"
    op.close()


def test_a_gauss_krueger_geopackage_keeps_its_crs_dates_and_geometry_type(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    src = write_layer(tmp_path / "sheng_2021_06.gpkg", 2, driver="GPKG", epsg=4526, dates=True,
                      geom_type=ogr.wkbMultiPolygon)
    op, _fids = _pass_all(tmp_path, src, "S1")
    res = export_return(op, "S1", tmp_path / "out")
    before, after = _structure(src), _structure(res.layer)
    assert res.layer.suffix == ".gpkg" and after["layer"] == before["layer"] == "sheng_2021_06"
    assert after["fields"] == before["fields"] and after["epsg"] == "4526" and after["geom"] == ogr.wkbMultiPolygon
    assert [r["QSXSJ"] for r in after["rows"]] == [r["QSXSJ"] for r in before["rows"]]
    for b, a in zip(before["rows"], after["rows"]):   # back in metres of zone 38 (within a millimetre)
        assert a["_geom"].SymmetricDifference(b["_geom"]).GetArea() < 1e-3
    layer = QgsVectorLayer(f"{res.layer}|layername=sheng_2021_06", "return", "ogr")
    assert layer.isValid() and layer.crs().authid() == "EPSG:4526" and layer.featureCount() == 2
    op.close()


def test_photos_go_in_one_folder_per_patch_with_a_manifest_in_china_time(tmp_path):
    src = write_layer(tmp_path / "b.shp", 2)
    op, fids = _pass_all(tmp_path, src)
    (tmp_path / "photos").mkdir()
    jpg = tmp_path / "photos" / "IMG_0001.jpg"
    jpg.write_bytes(b"\xff\xd8\xff not really a jpeg \xff\xd9")
    sha = hashlib.sha256(jpg.read_bytes()).hexdigest()
    with op.transaction():
        op.insert("wz_photo", [{"TBID": fids[1], "WJLJ": "photos/IMG_0001.jpg", "YWJM": "IMG_0001.jpg", "SHA": sha,
                                "FX": 135.0, "PSSJ": "2021-05-20T16:30:00.000Z"}], geoms=[Point(113.0025, 39.0005)])
    # a photo added after the pass changes what goes up: the unit is held until reviewed again
    res = export_return(op, "B1", tmp_path / "out")
    assert res.units == ["T000"] and "T001" in res.held[0] and res.photos == 0
    signoff.submit(op, [fids[1]])
    w = open_workspace(str(tmp_path / "ws.gpkg"), actor=Actor("wang", "pc-rev"))
    signoff.review(w, [fids[1]], rules.PASSED)
    w.close()
    res = export_return(op, "B1", tmp_path / "out2")
    folder = res.folder / PHOTO_DIR / "T001"
    assert res.photos == 1 and (folder / "T001_01.jpg").read_bytes() == jpg.read_bytes()
    manifest = (folder / "manifest.csv").read_text("utf-8-sig").splitlines()
    assert sha in manifest[1] and "2021-05-21 00:30:00" in manifest[1] and "135.0" in manifest[1]
    assert "113.0025000" in manifest[1] and "39.0005000" in manifest[1]
    assert json.loads((res.folder / "上报说明.json").read_text("utf-8"))["上报编号"] == res.number
    assert len(signoff.returns(op)) == 2
    op.close()


def test_nothing_passed_nothing_goes_up(tmp_path):
    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    imported(op, write_layer(tmp_path / "b.shp", 1), "B1")
    with pytest.raises(ValueError, match="没有审核通过的图斑"):
        export_return(op, "B1", tmp_path / "out")
    op.close()


def test_a_format_gdal_cannot_write_comes_back_as_a_geopackage_with_the_same_layer(tmp_path):
    src = write_layer(tmp_path / "sheng.gpkg", 1, driver="GPKG", epsg=4526, geom_type=ogr.wkbMultiPolygon)
    op, _fids = _pass_all(tmp_path, src, "S1")
    b = op.select("wz_batch", ["ZDJG"]).iloc[0]
    structure = json.loads(b["ZDJG"]) | {"driver": "WFS", "file": "sheng.gdb"}   # WFS: read-only in GDAL
    with op.transaction():
        op.update("wz_batch", int(b["fid"]), {"ZDJG": json.dumps(structure, ensure_ascii=False)})
    res = export_return(op, "S1", tmp_path / "out")
    assert res.layer.name == "sheng.gpkg" and any("GeoPackage" in w for w in res.warnings)
    after = _structure(res.layer)
    assert after["layer"] == "sheng" and after["epsg"] == "4526" and after["fields"] == _structure(src)["fields"]
    op.close()


def _files(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_correction_sent_within_the_same_second_writes_over_nothing(tmp_path, monkeypatch):
    # The city sends two units back, the county corrects one and writes the return again at once: the first
    # package stays as it went up, the second has its own number and folder.
    monkeypatch.setattr(signoff, "_china_stamp", lambda: "20210620_203000")
    src = write_layer(tmp_path / "b.shp", 2)
    op, fids = _pass_all(tmp_path, src)
    first = export_return(op, "B1", tmp_path / "out")
    sent = _files(first.folder)
    _village_set_and_passed(op, tmp_path, fids[0])
    second = export_return(op, "B1", tmp_path / "out")
    assert first.number == "SB-B1-20210620_203000" and second.number == "SB-B1-20210620_203000-2"
    assert first.folder != second.folder and second.folder.name.endswith("20210620_203000-2")
    assert _files(first.folder) == sent
    assert json.loads((second.folder / "上报说明.json").read_text("utf-8"))["上报编号"] == second.number
    assert sorted(signoff.returns(op)["BH"]) == [first.number, second.number]
    # a folder of that name made by something else is not written into either
    (tmp_path / "out" / "B1_上报_20210620_203000-3").mkdir()
    third = export_return(op, "B1", tmp_path / "out")
    assert third.number == "SB-B1-20210620_203000-4" and third.folder.name.endswith("-4")
    op.close()


def test_a_return_that_fails_leaves_no_folder_and_no_record(tmp_path, monkeypatch):
    import wpzf.exchange.return_export as rx

    src = write_layer(tmp_path / "b.shp", 2)
    op, fids = _pass_all(tmp_path, src)

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rx, "write_table", full_disk)
    with pytest.raises(OSError):
        export_return(op, "B1", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == [] and signoff.returns(op).empty
    assert set(signoff.units(op, fids)["SBZT"].fillna("")) == {""}
    op.close()


def test_a_long_batch_code_is_cut_never_the_time_or_the_number(tmp_path, monkeypatch):
    code = "忻州市代县2021年第一季度卫片执法图斑核查省级下发第一批次补充图斑" * 2   # > the 80 characters of a name
    monkeypatch.setattr(signoff, "_china_stamp", lambda: "20210620_203000")
    op, fids = _pass_all(tmp_path, write_layer(tmp_path / "b.shp", 2), code=code)
    first = export_return(op, code, tmp_path / "out")
    _village_set_and_passed(op, tmp_path, fids[0])
    second = export_return(op, code, tmp_path / "out")
    assert first.folder.name.endswith("_上报_20210620_203000") and second.folder.name.endswith("_上报_20210620_203000-2")
    assert len(first.folder.name) <= 80 and len(second.folder.name) <= 80
    assert second.number == f"SB-{code}-20210620_203000-2"
    op.close()


def test_a_number_another_session_took_meanwhile_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    # Two exports of one batch begun in the same second in two sessions: the number was free when this one began,
    # the other recorded it first.
    from wpzf.store.errors import StoreError

    op, fids = _pass_all(tmp_path, write_layer(tmp_path / "b.shp", 2))
    first = export_return(op, "B1", tmp_path / "out")
    _village_set_and_passed(op, tmp_path, fids[0])
    monkeypatch.setattr(signoff, "return_numbers", lambda ws, code: iter([(first.number, "20210620_203001")]))
    with pytest.raises(StoreError, match="taken by another return|已被同时进行的另一次上报使用"):
        export_return(op, "B1", tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [first.folder.name]
    assert list(signoff.returns(op)["BH"]) == [first.number]
    op.close()
