"""Reference layers end to end (exchange/reference_layers.py): real QGIS layers written to a GeoPackage and a
shapefile in a Gauss–Krüger zone (EPSG:4526) are registered, read, overlaid with the workspace's patches and
turned into stored suggestions — each kind, partial cover and the split along the red line, an expired
temporary term, a layer edited after its pre-fill (stale, then refreshed), a WPZF workspace of an earlier year
as earlier patches, and the errors a person can meet."""
import datetime as dt

import numpy as np
import pytest
import shapely
from osgeo import ogr, osr
from shapely.geometry import box

from wpzf.exchange import reference_layers as rl
from wpzf.exchange.errors import InputError
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store import reference as ref
from wpzf.tests.exchange.corpus import write_shp
from wpzf.tests.store import pg_fixtures

ogr.UseExceptions()
pg_cluster = pg_fixtures.pg_cluster
pg_schema = pg_fixtures.pg_schema

# four patches along 113°E 39°N, 0.004° × 0.003° (≈ 350 m × 330 m)
PATCHES = [box(113 + 0.01 * i, 39, 113.004 + 0.01 * i, 39.003) for i in range(4)]
HSX = "2021-03-15"


def cover_all(i, pad=0.0005):
    b = PATCHES[i].bounds
    return box(b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad)


def west_half(i):
    b = PATCHES[i].bounds
    return box(b[0] - 0.001, b[1] - 0.001, (b[0] + b[2]) / 2, b[3] + 0.001)


def write_layer(path, name, fields, features, epsg=4526, driver="GPKG"):
    """Features [(lon/lat geometry or None, {field: value})] written with OGR in ``epsg``; dates as OFTDate."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ll = osr.SpatialReference()
    ll.ImportFromEPSG(4490)
    ll.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xform = osr.CoordinateTransformation(ll, srs)
    drv = ogr.GetDriverByName(driver)
    ds = drv.Open(str(path), 1) if driver == "GPKG" and path.exists() else drv.CreateDataSource(str(path))
    lyr = ds.CreateLayer(name, srs, ogr.wkbPolygon, options=["ENCODING=UTF-8"] if driver != "GPKG" else [])
    for fname, ftype in fields:
        fd = ogr.FieldDefn(fname, ftype)
        if ftype == ogr.OFTString:
            fd.SetWidth(60)
        lyr.CreateField(fd)
    for geom, attrs in features:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            if isinstance(v, dt.date):
                f.SetField(k, v.year, v.month, v.day, 0, 0, 0, 0)
            elif v is not None:
                f.SetField(k, v)
        if geom is not None:
            og = ogr.CreateGeometryFromWkb(shapely.to_wkb(geom))
            og.Transform(xform)
            f.SetGeometry(og)
        lyr.CreateFeature(f)
    ds = None
    if driver == "GPKG":
        return {"source": f"{path}|layername={name}", "provider": "ogr", "name": name}
    return {"source": str(path), "provider": "ogr", "name": name}


def qlayer(layer_ref):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(layer_ref["source"], layer_ref["name"], layer_ref["provider"])
    assert layer.isValid()
    return layer


def make_ws(path, year=2021, issued=dt.date(2021, 5, 6), patches=PATCHES, prefix="P"):
    w = create_workspace(path)
    rows = [{"JCBH": f"{prefix}{i}", "wkt": g.wkt} for i, g in enumerate(patches)]
    assert import_batch(w, write_shp(path.with_name(f"{path.stem}_b.shp"), rows),
                        BatchMeta("部级", issued, year, code=f"{issued.year}年第3批"), save=False).ok
    return w


@pytest.fixture
def ws(qgis_app, tmp_path):
    w = make_ws(tmp_path / "ws.gpkg")
    with w.transaction():
        w.update_many("wz_patch", {f: {"HSX": HSX} for f in fids(w)})
    yield w
    w.close()


def fids(ws):
    return [int(f) for f in ws.select("wz_patch", ["JCBH"])["fid"]]


def facts_of(ws, tbid, fgid=None):
    return {s["fact"]: s for s in ref.suggestions(ws, tbid, fgid) if s["fact"]}


def notes_of(ws, tbid):
    return [s["reason"] for s in ref.suggestions(ws, tbid) if not s["fact"]]


APPROVAL_FIELDS = (("PZWH", ogr.OFTString), ("PZRQ", ogr.OFTDate), ("PZYT", ogr.OFTString))


def test_guess_mapping():
    got = rl.guess_mapping("construction_approval", ["OBJECTID", "pzwh", "批准日期", "用途"])
    assert got == {"wh": "pzwh", "pzrq": "批准日期", "pzyt": "用途"}
    assert rl.guess_mapping("mining_right", ["XKZH", "YXQZ", "KZ", "QLLX"]) == \
        {"zh": "XKZH", "yxqz": "YXQZ", "kz": "KZ", "qllx": "QLLX"}


def test_construction_approval_full_partial_none_and_split(ws, tmp_path):
    a, b, c, d = fids(ws)
    layer = write_layer(tmp_path / "ref.gpkg", "pzhx", APPROVAL_FIELDS, [
        (cover_all(0), {"PZWH": "豫政土〔2020〕12号", "PZRQ": dt.date(2020, 6, 1), "PZYT": "住宅"}),
        (west_half(1), {"PZWH": "豫政土〔2020〕15号", "PZRQ": dt.date(2020, 8, 9)}),
        (cover_all(3), {"PZWH": "豫政土〔2021〕40号", "PZRQ": dt.date(2021, 9, 1)}),   # approved after the imagery
        (None, {"PZWH": "空几何"}),
    ])
    lyr = qlayer(layer)
    mapping = rl.guess_mapping("construction_approval", [f.name() for f in lyr.fields()])
    stats = {}
    batch, attrs = rl.read_features(lyr, "construction_approval", mapping, stats=stats)
    assert len(batch) == 3 and stats == {"read": 4, "features": 4, "skipped_empty": 1}
    assert attrs[1]["pzrq"] == dt.date(2020, 6, 1) and attrs[1]["wh"] == "豫政土〔2020〕12号"
    assert shapely.contains(batch.geoms[0], PATCHES[0])               # back in lon/lat from the GK zone

    lid = ref.register_layer(ws, "construction_approval", layer, mapping)
    out = rl.prefill(ws, source="test")
    assert out["layers"] == 1 and out["units"] == 4 and out["suggestions"] > 0 and out["skipped_empty"] == 1
    full = facts_of(ws, a)
    assert full["YDPF"]["value"] is True and full["HXGX"]["value"] == "inside"
    assert full["PZWH"]["value"] == "豫政土〔2020〕12号" and full["PZRQ"]["value"] == dt.date(2020, 6, 1)
    assert full["YDPF"]["sources"][0]["fid"] == 1 and "豫政土〔2020〕12号" in full["YDPF"]["reason"]
    part = facts_of(ws, b)
    assert part["HXGX"]["value"] == "exceeds" and part["YDPF"]["split"]
    assert part["YDPF"]["share_outside"] == pytest.approx(0.5, abs=0.01)
    assert facts_of(ws, c)["YDPF"]["value"] is False          # the layer is complete: no red line, no approval
    assert facts_of(ws, d)["YDPF"]["value"] is False          # approved only after the imagery
    cov = ws.select("wz_refcov", ["TBID", "YSID", "ZB", "MJMU"]).set_index("TBID")
    assert cov.loc[a, "ZB"] == pytest.approx(1.0, abs=1e-6) and cov.loc[b, "ZB"] == pytest.approx(0.5, abs=0.01)
    assert rl.stale_layers(ws) == []
    assert ref.reference_layer(ws, lid)["features"] == 4
    # a pre-fill of one patch touches that patch only
    n_sug = ws.count("wz_refsug")
    sub = rl.prefill(ws, fids=[c])
    assert sub["units"] == 1 and sub["suggestions"] == 0 and ws.count("wz_refsug") == n_sug
    assert facts_of(ws, a)["YDPF"]["value"] is True
    assert rl.prefill(ws, fids=[])["units"] == 0

    # the partly approved patch splits along its red line (geometries read back from the layer)
    parts = ref.split_along_redline(ws, b, source="test")
    by_part = {p: facts_of(ws, b, p) for p in parts}
    inside = next(p for p in parts if by_part[p]["YDPF"]["value"] is True)
    outside = next(p for p in parts if p != inside)
    assert by_part[inside]["HXGX"]["value"] == "inside" and by_part[inside]["PZWH"]["value"] == "豫政土〔2020〕15号"
    assert by_part[outside]["YDPF"]["value"] is False
    # a second pre-fill measures the parts themselves and keeps what they were given
    snap = {p: {(x["fact"], x["state"], str(x["value"])) for x in ref.suggestions(ws, b, p, states=None)} for p in parts}
    again = rl.prefill(ws)
    snap2 = {p: {(x["fact"], x["state"], str(x["value"])) for x in ref.suggestions(ws, b, p, states=None)} for p in parts}
    assert snap == snap2
    assert again["suggestions"] == 0
    assert facts_of(ws, b, inside)["HXGX"]["value"] == "inside"
    assert ws.verify_audit().ok


def _stored(ws):
    """What a pre-fill stored, without ids and times."""
    cov = ws.select("wz_refcov", ["TBID", "FGID", "TCID", "YSID", "MJ", "ZB", "SX"]).drop(columns="fid")
    sug = ws.select("wz_refsug", ["TBID", "FGID", "TCID", "SSDM", "JYZ", "LY", "SM", "ZT"]).drop(columns="fid")
    return (sorted(map(tuple, cov.astype(str).to_numpy().tolist())),
            sorted(map(tuple, sug.astype(str).to_numpy().tolist())))


@pytest.mark.parametrize("helper", ["no", "yes", "failed", "midway"])
def test_each_kind_end_to_end(ws, tmp_path, monkeypatch, helper):
    """Every kind at once; the coverages computed here, in a helper process (as for a large workspace: forced
    here) and here after the helper failed — the same rows stored every way."""
    from wpzf.core import overlay_child
    from wpzf.exchange import prefill as prefill_module

    a, b, c, d = fids(ws)
    gpkg = tmp_path / "kinds.gpkg"
    g = lambda i: cover_all(i)   # noqa: E731
    layers = {
        "temporary_use": write_layer(gpkg, "lsyd", (("WH", ogr.OFTString), ("QSRQ", ogr.OFTDate),
                                                    ("JZRQ", ogr.OFTString)), [   # the end date typed as text
            (g(0), {"WH": "临批〔2020〕5号", "QSRQ": dt.date(2020, 1, 1), "JZRQ": "2022/1/1"}),
            (g(1), {"WH": "临批〔2019〕2号", "QSRQ": dt.date(2019, 1, 1), "JZRQ": "2021年3月1日"})]),
        "facility_filing": write_layer(gpkg, "ssny", (("BAH", ogr.OFTString), ("BARQ", ogr.OFTDate),
                                                      ("SSLX", ogr.OFTString)), [
            (g(2), {"BAH": "设备〔2020〕8号", "BARQ": dt.date(2020, 4, 1), "SSLX": "畜禽养殖设施"})]),
        "mining_right": write_layer(gpkg, "ckq", (("XKZH", ogr.OFTString), ("YXQZ", ogr.OFTDate),
                                                  ("KZ", ogr.OFTString), ("QLLX", ogr.OFTString)), [
            (west_half(3), {"XKZH": "C4100002010", "YXQZ": dt.date(2025, 1, 1), "KZ": "建筑石料", "QLLX": "采矿权"})]),
        "homestead_approval": write_layer(gpkg, "zjd", (("SPWH", ogr.OFTString), ("SPRQ", ogr.OFTDate)), [
            (g(0), {"SPWH": "宅批〔2020〕1号", "SPRQ": dt.date(2020, 5, 1)})]),
        "basic_farmland": write_layer(gpkg, "jbnt", (), [(west_half(1), {})]),
        "eco_redline": write_layer(gpkg, "sthx", (), [(west_half(2), {})]),
        "urban_boundary": write_layer(gpkg, "czkf", (), [(g(3), {})]),
        "land_project": write_layer(gpkg, "xm", (("XMMC", ogr.OFTString), ("PZWH", ogr.OFTString),
                                                 ("XMLX", ogr.OFTString), ("PZRQ", ogr.OFTDate)), [
            (g(2), {"XMMC": "某村增减挂钩", "PZWH": "挂钩〔2020〕3号", "XMLX": "增减挂钩建新区",
                    "PZRQ": dt.date(2020, 2, 2)})]),
    }
    plain = None
    if helper != "no":
        other = make_ws(tmp_path / "plain.gpkg")
        with other.transaction():
            other.update_many("wz_patch", {f: {"HSX": HSX} for f in fids(other)})
    for w in (ws, other) if helper != "no" else (ws,):
        for kind, layer in layers.items():
            fields = [f.name() for f in qlayer(layer).fields()]
            ref.register_layer(w, kind, layer, rl.guess_mapping(kind, fields))
    if helper != "no":
        assert rl.prefill(other, source="test")["helper"] == "no"
        plain = _stored(other)
        other.close()
        monkeypatch.setattr(prefill_module, "CHILD_MIN_PATCHES", 1)
    if helper == "failed":
        monkeypatch.setattr(overlay_child, "_receive", lambda stream: (_ for _ in ()).throw(EOFError("gone")))
    if helper == "midway":      # the helper stops once it answered the first two layers (all were handed to it)
        from wpzf.core.coverage_child import CoverageHelper

        asked, result = [], CoverageHelper.result

        def stop_at_third(self, check_cancel):
            asked.append(1)
            if len(asked) == 3:
                self._fail("stopped by the test")
            return result(self, check_cancel)

        monkeypatch.setattr(CoverageHelper, "result", stop_at_third)
    derived_here, suggest_many = [], prefill_module.suggest_many
    monkeypatch.setattr(prefill_module, "suggest_many", lambda *a, **k: derived_here.append(1) or suggest_many(*a, **k))
    out = rl.prefill(ws, source="test")
    if helper == "yes":     # only the first layer's suggestions are derived in this process; the helper's, the rest
        assert len(derived_here) == 1
    assert out["layers"] == len(layers) and set(out["by_kind"]) == set(layers)
    assert out["helper"] == "yes" if helper == "yes" else out["helper"].startswith(
        "failed at layer 3 of" if helper == "midway" else helper)
    if plain is not None:
        assert _stored(ws) == plain

    fa, fb, fc, fd = (facts_of(ws, t) for t in (a, b, c, d))
    assert fa["LSPF"]["value"] is True and fa["LSPZWH"]["value"] == "临批〔2020〕5号"
    assert fb["LSPF"]["value"] is False and "2021年3月1日" in fb["LSPF"]["reason"] and "到期" in fb["LSPF"]["reason"]
    assert fc["SSBA"]["value"] is True and fc["YZSS"]["value"] is True
    assert fd["CKXK"]["value"] == "mining" and fd["SFYJ"]["value"] is True
    assert fa["ZJPZ"]["value"] == "approved"
    assert fc["YDPF"]["value"] is True and fc["PZWH"]["value"] == "挂钩〔2020〕3号"
    assert any("永久基本农田" in n for n in notes_of(ws, b))
    assert any("生态保护红线" in n for n in notes_of(ws, c))
    assert any("城镇开发边界" in n for n in notes_of(ws, d))
    for t in (a, b, c, d):   # plain Chinese: no kind or fact id in any reason
        for s in ref.suggestions(ws, t):
            assert not any(code in s["reason"] for code in ("YDPF", "LSPF", "temporary_use", "mining", "HXGX"))
    assert ws.verify_audit().ok


def test_shapefile_edit_makes_the_layer_stale_and_a_rerun_refreshes(ws, tmp_path):
    a, b = fids(ws)[:2]
    layer = write_layer(tmp_path / "lsyd.shp", "lsyd", (("WH", ogr.OFTString), ("QSRQ", ogr.OFTDate),
                                                      ("JZRQ", ogr.OFTDate)), [
        (cover_all(0), {"WH": "临批〔2020〕5号", "QSRQ": dt.date(2020, 1, 1), "JZRQ": dt.date(2022, 1, 1)})],
        driver="ESRI Shapefile")
    lyr = qlayer(layer)
    lid = ref.register_layer(ws, "temporary_use", layer, rl.guess_mapping("temporary_use",
                                                                          [f.name() for f in lyr.fields()]))
    assert rl.stale_layers(ws) == [lid]          # never pre-filled
    rl.prefill(ws)
    assert rl.stale_layers(ws) == []
    before = rl.layer_fingerprint(lyr)
    assert facts_of(ws, a)["LSPF"]["value"] is True
    ref.accept(ws, a)

    # the term is cut short in QGIS: the same feature, one attribute changed
    lyr = qlayer(layer)
    feat = next(lyr.getFeatures())
    from qgis.PyQt.QtCore import QDate
    assert lyr.startEditing()
    assert lyr.changeAttributeValue(feat.id(), lyr.fields().indexOf("JZRQ"), QDate(2021, 2, 1))
    assert lyr.commitChanges()
    assert rl.layer_fingerprint(qlayer(layer)) != before
    assert rl.stale_layers(ws) == [lid]
    out = rl.prefill(ws, layer_ids=[lid])
    assert out["stale"] >= 1 and rl.stale_layers(ws) == []
    now = facts_of(ws, a)
    assert now["LSPF"]["value"] is False and "2021年2月1日" in now["LSPF"]["reason"]
    states = {s["state"] for s in ref.suggestions(ws, a, states=None) if s["fact"] == "LSPF"}
    assert states == {ref.STALE, ref.PENDING}     # the accepted row gave way to the new value


def test_geopackage_fingerprint_follows_a_geometry_edit(qgis_app, tmp_path):
    layer = write_layer(tmp_path / "fp.gpkg", "pzhx", APPROVAL_FIELDS, [
        (cover_all(0), {"PZWH": "A"}), (cover_all(1), {"PZWH": "B"})])
    lyr = qlayer(layer)
    before = rl.layer_fingerprint(lyr)
    assert before.startswith("gpkg2:") and rl.layer_fingerprint(qlayer(layer)) == before   # stable while unchanged
    # one taken by an earlier WPZF (rows hashed value by value) is compared the way it was taken
    earlier = rl.layer_fingerprint(lyr, like="gpkg:2:0")
    assert earlier.startswith("gpkg:") and earlier != before and rl.layer_fingerprint(lyr, like=earlier) == earlier
    from qgis.core import QgsGeometry
    feat = next(lyr.getFeatures())
    g = QgsGeometry(feat.geometry())
    g.translate(1.0, 0.0)
    assert lyr.startEditing() and lyr.changeGeometry(feat.id(), g)
    assert rl.layer_fingerprint(lyr) != before                   # unsaved edits count (read through QGIS)
    assert lyr.commitChanges()
    assert rl.layer_fingerprint(qlayer(layer)) != before
    assert rl.layer_fingerprint(qlayer(layer), like=earlier) != earlier


def test_a_layer_prefilled_by_an_earlier_wpzf_is_not_stale_while_unchanged(ws, tmp_path):
    layer = write_layer(tmp_path / "fp.gpkg", "pzhx", APPROVAL_FIELDS, [(cover_all(0), {"PZWH": "A"})])
    lid = ref.register_layer(ws, "construction_approval", layer, rl.guess_mapping(
        "construction_approval", [f.name() for f in qlayer(layer).fields()]))
    rl.prefill(ws)
    with ws.transaction():      # as an earlier WPZF stored it: the rows hashed value by value
        ref._set_layer_state(ws, lid, fingerprint=rl.layer_fingerprint(qlayer(layer), like="gpkg:"))
    assert rl.stale_layers(ws) == []
    ds = ogr.Open(str(tmp_path / "fp.gpkg"), 1)
    feat = ds.GetLayer("pzhx").GetNextFeature()
    feat.SetField("PZWH", "B")
    ds.GetLayer("pzhx").SetFeature(feat)
    ds = None
    assert rl.stale_layers(ws) == [lid]


@pytest.mark.parametrize("per_box", [1000.0, 0.0], ids=["rtree-scan", "rtree-lookups"])
def test_partial_cover_in_a_boxes_read_reads_only_nearby_features(qgis_app, tmp_path, monkeypatch, per_box):
    from wpzf.core import gpkg_near

    monkeypatch.setattr(gpkg_near, "SCAN_PER_BOX", per_box)   # both ways of finding the features near the boxes
    far = box(114, 40, 114.01, 40.01)
    layer = write_layer(tmp_path / "r.gpkg", "pzhx", APPROVAL_FIELDS, [(west_half(0), {"PZWH": "A"}),
                                                                       (far, {"PZWH": "far"})])
    lyr = qlayer(layer)
    boxes = shapely.bounds(np.array([PATCHES[0]], dtype=object))
    batch, attrs = rl.read_features(lyr, "construction_approval", {"wh": "PZWH"}, boxes=boxes)
    assert list(batch.fid) == [1] and attrs[1]["wh"] == "A"


@pytest.mark.parametrize("per_box", [1000.0, 0.0], ids=["rtree-scan", "rtree-lookups"])
def test_earlier_year_workspace_as_earlier_patches(ws, tmp_path, monkeypatch, per_box):
    from wpzf.core import gpkg_near

    monkeypatch.setattr(gpkg_near, "SCAN_PER_BOX", per_box)
    a, b = fids(ws)[:2]
    old = make_ws(tmp_path / "2020.gpkg", year=2021, issued=dt.date(2020, 9, 1),
                  patches=[PATCHES[0].buffer(0.0003), box(120, 30, 120.01, 30.01)], prefix="140923200")
    old_fid = [int(f) for f in old.select("wz_patch", ["JCBH"])["fid"]][0]
    with old.transaction():
        old.update("wz_patch", old_fid, {"PDJG": "新增建设用地违法"})
    old.close()
    lid = ref.register_layer(ws, "earlier_patches", {"source": str(tmp_path / "2020.gpkg"), "provider": rl.WPZF_PROVIDER,
                                                     "name": "2020年度卫片执法"}, {})
    out = rl.prefill(ws)
    assert out["by_kind"] == {"earlier_patches": 1}
    (note,) = notes_of(ws, a)
    assert "1409232000" in note and "新增建设用地违法" in note and "2020年第3批" in note
    assert notes_of(ws, b) == []
    assert rl.stale_layers(ws) == []
    from wpzf.store import open_workspace
    w2 = open_workspace(tmp_path / "2020.gpkg")
    with w2.transaction():
        w2.update("wz_patch", old_fid, {"PDJG": "合法用地"})
    w2.close()
    assert rl.stale_layers(ws) == [lid]


def test_errors_name_the_layer_and_field(ws, tmp_path):
    layer = write_layer(tmp_path / "e.gpkg", "pzhx", APPROVAL_FIELDS, [(cover_all(0), {"PZWH": "A"})])
    lid = ref.register_layer(ws, "construction_approval", layer, {"wh": "PZWH_OLD"})
    with pytest.raises(InputError) as e:
        rl.prefill(ws)
    assert "PZWH_OLD" in str(e.value) and "pzhx" in str(e.value) and e.value.problem.field == "PZWH_OLD"
    ref.unregister_layer(ws, lid)
    gone = {"source": str(tmp_path / "gone.shp"), "provider": "ogr", "name": "已删除的图层"}
    ref.register_layer(ws, "construction_approval", gone, {})
    with pytest.raises(InputError, match="已删除的图层"):
        rl.prefill(ws)
    assert rl.stale_layers(ws) == [ref.reference_layers(ws)[0]["id"]]
    # a layer whose CRS is unknown
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    mem = QgsVectorLayer("Polygon", "无坐标系", "memory")
    mem.setCrs(QgsCoordinateReferenceSystem())
    mem.dataProvider().addAttributes([QgsField("PZWH", QVariant.String)])
    mem.updateFields()
    f = QgsFeature(mem.fields())
    f.setGeometry(QgsGeometry.fromWkt(cover_all(0).wkt))
    f.setAttribute("PZWH", "A")
    mem.dataProvider().addFeatures([f])
    assert not mem.crs().isValid()
    with pytest.raises(InputError, match="coordinate reference system") as e:
        rl.read_features(mem, "construction_approval", {"wh": "PZWH"})
    assert "无坐标系" in str(e.value)


@pytest.mark.parametrize("epsg,driver", [(4526, "GPKG"), (4526, "ESRI Shapefile"), (3857, "GPKG"),
                                         (3857, "ESRI Shapefile"), (4490, "ESRI Shapefile")],
                         ids=["gpkg-gk", "shp-gk", "gpkg-webmercator", "shp-webmercator", "shp-4490"])
def test_any_crs_and_format_reads_the_same_features(qgis_app, tmp_path, epsg, driver):
    """The GeoPackage reader and the QGIS reader, a Gauss–Krüger zone (numpy) or any CRS (QGIS transform): the
    same lon/lat features, the same attributes (a date from an OGR Date field; a whole box read and a near read)."""
    feats = [(west_half(0), {"PZWH": "甲", "PZRQ": dt.date(2020, 6, 1)}), (cover_all(2), {"PZWH": "乙"})]
    ext = ".gpkg" if driver == "GPKG" else ".shp"
    lyr = qlayer(write_layer(tmp_path / f"r{ext}", "pzhx", APPROVAL_FIELDS, feats, epsg=epsg, driver=driver))
    mapping = {"wh": "PZWH", "pzrq": "PZRQ"}
    batch, attrs = rl.read_features(lyr, "construction_approval", mapping)
    assert len(batch) == 2
    by_wh = {attrs[int(f)]["wh"]: g for f, g in zip(batch.fid, batch.geoms)}
    for (geom, a) in feats:
        got = by_wh[a["PZWH"]]
        assert shapely.symmetric_difference(got, geom).area < 1e-6 * geom.area   # degrees², back in lon/lat
    dated = next(v for v in attrs.values() if v["wh"] == "甲")
    assert dated["pzrq"] == dt.date(2020, 6, 1) and next(v for v in attrs.values() if v["wh"] == "乙")["pzrq"] is None
    near, near_attrs = rl.read_features(lyr, "construction_approval", mapping,
                                        boxes=shapely.bounds(np.array([PATCHES[0]], dtype=object)))
    assert [near_attrs[int(f)]["wh"] for f in near.fid] == ["甲"]


def test_postgis_reference_layer(ws, tmp_path, pg_cluster, pg_schema):
    """A PostGIS layer (in a Gauss–Krüger zone) registered and pre-filled like a file."""
    from osgeo import gdal
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    a, b = fids(ws)[:2]
    layer = write_layer(tmp_path / "pg.gpkg", "pzhx", APPROVAL_FIELDS,
                        [(cover_all(0), {"PZWH": "豫政土〔2020〕12号", "PZRQ": dt.date(2020, 6, 1)})])
    pg_cluster.admin(f'CREATE SCHEMA "{pg_schema}"')
    p = pg_cluster.params()
    gdal.VectorTranslate(f"PG:{pg_cluster.dsn()}", str(tmp_path / "pg.gpkg"), format="PostgreSQL", layers=["pzhx"],
                         layerCreationOptions=[f"SCHEMA={pg_schema}", "GEOMETRY_NAME=geom", "LAUNDER=NO"])
    uri = QgsDataSourceUri()
    uri.setConnection(p["host"], p["port"], p["dbname"], p["user"], "")
    uri.setDataSource(pg_schema, "pzhx", "geom", "", "fid")
    lyr = QgsVectorLayer(uri.uri(False), "批准红线", "postgres")
    assert lyr.isValid() and layer
    lid = ref.register_layer(ws, "construction_approval", {"source": lyr.source(), "provider": "postgres",
                                                           "name": "批准红线"}, {"wh": "PZWH", "pzrq": "PZRQ"})
    out = rl.prefill(ws)
    assert out["layers"] == 1
    assert facts_of(ws, a)["PZWH"]["value"] == "豫政土〔2020〕12号" and facts_of(ws, b)["YDPF"]["value"] is False
    assert rl.stale_layers(ws) == []
    pg_cluster.admin(f'UPDATE "{pg_schema}"."pzhx" SET "PZWH" = \'豫政土〔2020〕13号\'')
    assert rl.stale_layers(ws) == [lid]


def test_progress_and_cancel_keep_the_layers_done(ws, tmp_path):
    gpkg = tmp_path / "two.gpkg"
    first = ref.register_layer(ws, "basic_farmland", write_layer(gpkg, "jbnt", (), [(west_half(0), {})]), {})
    second = ref.register_layer(ws, "eco_redline", write_layer(gpkg, "sthx", (), [(west_half(1), {})]), {})
    seen = []
    out = rl.prefill(ws, progress=seen.append, is_cancelled=lambda: bool(seen) and seen[-1] >= 0.5)
    assert out["cancelled"] and out["layers"] == 1
    assert seen == sorted(seen) and seen[-1] == pytest.approx(0.5)
    assert ref.reference_layer(ws, first)["prefilled"] and not ref.reference_layer(ws, second)["prefilled"]
    assert rl.stale_layers(ws) == [second]
    done = rl.prefill(ws, layer_ids=[second], progress=seen.append)
    assert not done["cancelled"] and done["layers"] == 1 and seen[-1] == pytest.approx(1.0)
    with pytest.raises(Exception, match="not registered"):
        rl.prefill(ws, layer_ids=["nope"])
