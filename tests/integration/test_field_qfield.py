"""The field project as QField reads it (issue 16): each setting is read back from the written project file."""
import datetime as dt
import json
import re

import pytest

from wpzf.exchange.field_package import (
    GPKG_NAME,
    MANIFEST_NAME,
    OFFICE_PHOTO_DIR,
    PROJECT_NAME,
    export_field_package,
    import_field_package,
)
from wpzf.exchange.field_qfield import LOCKS
from wpzf.tests.integration.test_field_roundtrip import fid, make_imagery, open_project
from wpzf.tests.integration.test_field_roundtrip import ws as ws  # noqa: F401  (fixture)

pytestmark = pytest.mark.qgis


@pytest.fixture
def pkg(qgis_app, ws, tmp_path):  # noqa: F811
    folder = tmp_path / "外业包"
    export_field_package(ws, folder, township="上馆镇", verifier="李四",
                         imagery=str(make_imagery(tmp_path / "after.tif")))
    return folder


def _layers(project):
    return {lyr.name(): lyr for lyr in project.mapLayers().values()}


def test_the_patches_are_locked_for_qfield_3_7_and_older(pkg):
    project = open_project(pkg)
    try:
        layers = _layers(project)
        patches, parts, photos = layers["图斑"], layers["分割地块"], layers["现场照片"]
        prop = patches.customProperty
        for lock in ("feature_addition", "geometry_editing", "feature_deletion"):
            assert prop(f"QFieldSync/is_{lock}_locked") in (True, "true"), lock
            assert prop(f"QFieldSync/is_{lock}_locked_expression_active") in (False, "false")
            assert prop(f"QFieldSync/{lock}_locked_expression") == ""
        assert prop("QFieldSync/is_attribute_editing_locked") in (False, "false")   # the facts are filled in
        assert prop("QFieldSync/is_geometry_locked") in (True, "true")                 # QField < 3.7
        for layer in (parts, photos):   # splitting parts and taking photos stay possible
            assert all(layer.customProperty(f"QFieldSync/is_{lock}_locked") in (False, "false") for lock in LOCKS)
    finally:
        project.clear()


def test_the_project_measures_on_the_cgcs2000_ellipsoid_in_metres(pkg):
    from qgis.core import QgsProject, QgsUnitTypes

    project = QgsProject.instance()   # as in QField: expression fields measure with the current project's ellipsoid
    assert project.read(str(pkg / PROJECT_NAME))
    try:
        assert project.ellipsoid() not in ("", "NONE")
        assert project.crs().authid() == "EPSG:4490"
        assert project.distanceUnits() == QgsUnitTypes.DistanceMeters
        assert project.areaUnits() == QgsUnitTypes.AreaSquareMeters
        patches = _layers(project)["图斑"]
        for feat in patches.getFeatures():
            # the area QField shows (the expression field, $area on the project's ellipsoid) is the office's 亩
            assert feat["XCMJ"] == pytest.approx(feat["TBMJMU"], rel=0.005), feat["JCBH"]
            assert feat["XCMJ"] > 1.0
    finally:
        project.clear()


def test_the_photo_widget_shows_the_image_and_stores_a_relative_path(pkg):
    project = open_project(pkg)
    try:
        photos = _layers(project)["现场照片"]
        setup = photos.editorWidgetSetup(photos.fields().indexOf("WJLJ"))
        config = setup.config()
        assert setup.type() == "ExternalResource"
        assert config["DocumentViewer"] == 1 and config["UseLink"] in (False, "false")
        assert config["RelativeStorage"] == 1 and config["StorageMode"] == 0 and config["FullUrl"] in (False, "false")
    finally:
        project.clear()


def test_yes_no_facts_are_value_maps_with_unknown_and_come_back_as_stored(pkg, ws):  # noqa: F811
    from osgeo import ogr

    project = open_project(pkg)
    try:
        patches = _layers(project)["图斑"]
        setup = patches.editorWidgetSetup(patches.fields().indexOf("WFGH"))
        entries = {k: v for d in setup.config()["map"] for k, v in d.items()}
        assert setup.type() == "ValueMap"
        assert entries["是"] == "1" and entries["否"] == "0" and "未填写" in entries
        # what QField writes: the value map's stored value ("1"/"0") or NULL
        patches.startEditing()
        by_key = {f["JCBH"]: f.id() for f in patches.getFeatures()}
        i = patches.fields().indexOf
        assert patches.changeAttributeValue(by_key["A"], i("WFGH"), None)      # 是 → 未填写
        assert patches.changeAttributeValue(by_key["B"], i("YDPF"), "1")       # → 是
        assert patches.changeAttributeValue(by_key["B"], i("QQDJ"), "0")       # → 否
        assert patches.commitChanges()
    finally:
        project.clear()
    ds = ogr.Open(str(pkg / GPKG_NAME))
    feat = next(f for f in ds.GetLayerByName("patches") if f["JCBH"] == "B")
    assert feat["YDPF"] == 1 and feat["QQDJ"] == 0
    ds = None
    report = import_field_package(ws, pkg, save=False)
    assert report.ok, report.text()
    from wpzf.store.determinations import unit_facts

    a, b = unit_facts(ws, fid(ws, "A"))[0], unit_facts(ws, fid(ws, "B"))[0]
    assert a["WFGH"] is None                                          # back to unknown
    assert b["YDPF"] in (True, 1) and b["QQDJ"] in (False, 0) and b["QQDJ"] is not None


def test_photo_naming_has_milliseconds_and_both_keys(pkg):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextScope

    project = open_project(pkg)
    try:
        photos = _layers(project)["现场照片"]
        new = json.loads(photos.customProperty("QFieldSync/attachment_naming"))
        old = json.loads(photos.customProperty("QFieldSync/photo_naming"))
        assert new == old and set(new) == {"WJLJ"}
        expr = QgsExpression(new["WJLJ"].replace("{extension}", "jpg"))
        ctx = QgsExpressionContext()
        scope = QgsExpressionContextScope()
        ctx.appendScope(scope)
        from qgis.core import QgsFeature

        f = QgsFeature(photos.fields())
        f["JCBH"] = "A"
        ctx.setFeature(f)
        name = expr.evaluate(ctx)
        assert not expr.hasEvalError(), expr.evalErrorString()
        assert re.fullmatch(r"DCIM/A_\d{8}_\d{9}\.jpg", name), name   # yyyyMMdd_HHmmsszzz
    finally:
        project.clear()


def test_actions_project_name_active_layer_and_stamping(pkg):
    assert PROJECT_NAME.rsplit(".", 1)[0] != GPKG_NAME.rsplit(".", 1)[0]
    project = open_project(pkg)
    try:
        layers = _layers(project)
        for name, layer in layers.items():
            assert layer.customProperty("QFieldSync/action") == "copy", name
            assert layer.customProperty("QFieldSync/cloud_action") in ("offline", "no_action"), name
        assert layers["图斑"].customProperty("QFieldSync/cloud_action") == "offline"
        active, ok = project.readEntry("qfieldsync", "/initialActiveLayer")
        assert ok and active == layers["图斑"].id()
        force, ok = project.readBoolEntry("qfieldsync", "/forceStamping")
        assert ok and force
        template, ok = project.readEntry("qfieldsync", "/stampingDetailsTemplate")
        assert ok and "监测编号" in template and "JCBH" in template and "@position_coordinate" in template
        assert "format_date(now()" in template and "方向" in template
    finally:
        project.clear()
    files = set(json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))["checksums"]["files"])
    assert PROJECT_NAME in files and not (pkg / "field.qgs").exists()


def test_office_photos_go_along_read_only_and_are_not_imported(qgis_app, ws, tmp_path):  # noqa: F811
    from wpzf.exchange.photos import attach_photos
    from wpzf.tests.exchange.test_photos import make_photo

    shot = make_photo(tmp_path / "office" / "IMG_9.jpg", (113.0005, 39.0005), dt.datetime(2021, 5, 20, 9, 0), 90.0)
    assert attach_photos(ws, fid(ws, "A"), [shot], source="office").added
    folder = tmp_path / "pkg"
    report = export_field_package(ws, folder, township="上馆镇", office_photos=True)
    assert (folder / OFFICE_PHOTO_DIR / "A_1.jpg").is_file()
    manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    assert f"{OFFICE_PHOTO_DIR}/A_1.jpg" in manifest["checksums"]["files"]      # signed with the rest
    assert report.project == PROJECT_NAME
    project = open_project(folder)
    try:
        layers = _layers(project)
        office = layers["内业照片"]
        assert office.readOnly() and office.featureCount() == 1
        assert all(office.customProperty(f"QFieldSync/is_{lock}_locked") in (True, "true") for lock in LOCKS)
        feat = next(office.getFeatures())
        assert feat["WJLJ"] == f"{OFFICE_PHOTO_DIR}/A_1.jpg" and feat["FX"] == pytest.approx(90.0)
        assert "wpzf_office_photos_patch" in project.relationManager().relations()
        tabs = [t.name() for t in layers["图斑"].editFormConfig().tabs()]
        assert tabs[-1] == "内业照片"
    finally:
        project.clear()
    before = ws.count("wz_photo")
    res = import_field_package(ws, folder, save=False)
    assert res.ok, res.text()
    assert ws.count("wz_photo") == before and not res.photos and not res.duplicates
