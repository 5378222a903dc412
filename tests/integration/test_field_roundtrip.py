"""The field round trip with QGIS: the exported project opens (forms configured, relative paths only), a
device edits the package through the QGIS API as QField does (facts, photos from two phones with one file
name, a split), the merge, the conflict dialog, the Processing algorithms and the demo's fieldwork."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from osgeo import gdal, osr

from wpzf.exchange.field_package import (
    GPKG_NAME,
    MANIFEST_NAME,
    PROJECT_NAME,
    export_field_package,
    import_field_package,
)
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import Actor, create_workspace
from wpzf.store.conflicts import list_conflicts
from wpzf.store.determinations import save_facts, unit_facts
from wpzf.tests.exchange.corpus import write_shp
from wpzf.tests.exchange.test_field_package import FIELDS, _row

pytestmark = pytest.mark.qgis


def make_imagery(path: Path) -> Path:
    """A small RGB GeoTIFF in EPSG:4490 over the test patches (113.0–113.01 E, 38.995–39.005 N)."""
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 200, 200, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((112.995, 0.0001, 0, 39.01, 0, -0.0001))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    ds.SetProjection(srs.ExportToWkt())
    for b in (1, 2, 3):
        ds.GetRasterBand(b).Fill(60 * b)
    ds = None
    return path


@pytest.fixture
def ws(tmp_path):
    rows = [_row("A", 0), _row("B", 1), _row("C", 2), _row("D", 3, "峨口镇")]
    w = create_workspace(tmp_path / "county.gpkg", actor=Actor("office", "pc1"))
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    save_facts(w, fid(w, "A"), {"BHLX": "new_build", "SJYT": "nonagri"}, source="office")
    yield w
    w.close()


def fid(ws, key):
    return int(ws.select("wz_patch", ["JCBH"], where='"JCBH" = ?', params=(key,))["fid"].iloc[0])


@pytest.fixture
def pkg(qgis_app, ws, tmp_path):
    folder = tmp_path / "外业包"
    report = export_field_package(ws, folder, township="上馆镇", verifier="李四",
                                  imagery=str(make_imagery(tmp_path / "after.tif")))
    assert report.project == PROJECT_NAME and report.imagery == "imagery.tif"
    return folder


def open_project(folder):
    from qgis.core import QgsProject

    project = QgsProject()
    assert project.read(str(folder / PROJECT_NAME)), project.error()
    return project


def test_the_project_opens_with_the_forms_configured_and_relative_paths_only(pkg, tmp_path):
    text = (pkg / PROJECT_NAME).read_text("utf-8")
    assert str(tmp_path) not in text and "file://" not in text
    sources = re.findall(r"<datasource>([^<]*)</datasource>", text)
    assert sorted(s for s in sources if s) == ["./field.gpkg|layername=parts", "./field.gpkg|layername=patches",
                                               "./field.gpkg|layername=photos", "./imagery.tif"]
    project = open_project(pkg)
    try:
        layers = {lyr.name(): lyr for lyr in project.mapLayers().values()}
        assert set(layers) == {"图斑", "分割地块", "现场照片", "影像"} and all(v.isValid() for v in layers.values())
        patches, photos = layers["图斑"], layers["现场照片"]
        assert patches.featureCount() == 3

        def setup(layer, name):
            ws_ = layer.editorWidgetSetup(layer.fields().indexOf(name))
            return ws_.type(), ws_.config()

        kind, config = setup(patches, "BHLX")
        entries = {k: v for d in config["map"] for k, v in d.items()}
        assert kind == "ValueMap" and entries["新建建（构）筑物"] == "new_build" and "未填写" in entries
        assert setup(patches, "JSRQ")[0] == "DateTime"
        assert setup(patches, "RGSM") == ("TextEdit", {"IsMultiline": True, "UseHtml": False})
        assert setup(patches, "UUID")[0] == "Hidden"
        kind, config = setup(photos, "WJLJ")
        assert kind == "ExternalResource" and config["RelativeStorage"] == 1 and config["DocumentViewer"] == 1
        assert setup(photos, "TBUUID")[0] == "RelationReference"
        form = patches.editFormConfig()
        idx = patches.fields().indexOf
        assert form.readOnly(idx("JCBH")) and form.readOnly(idx("XZJSYD")) and not form.readOnly(idx("BHLX"))
        assert patches.attributeDisplayName(idx("BHLX")) == "变化类型"
        assert patches.attributeDisplayName(idx("TBMJMU")) == "面积(亩)"
        tabs = [t.name() for t in form.tabs()]
        assert tabs == ["基本信息", "核查事实", "照片", "分割地块"]
        facts_tab = form.tabs()[1]
        assert [c.name() for c in facts_tab.children()][:2] == ["变化与用途", "审批与登记"]
        assert all(c.isGroupBox() for c in facts_tab.children())
        rels = project.relationManager().relations()
        assert set(rels) == {"wpzf_photos_patch", "wpzf_parts_patch"} and all(r.isValid() for r in rels.values())
        assert json.loads(photos.customProperty("QFieldSync/attachment_naming"))["WJLJ"].startswith("'DCIM/'")
        assert patches.defaultValueDefinition(idx("HCSJ")).applyOnUpdate()
    finally:
        project.clear()
    manifest = json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))
    assert set(manifest["checksums"]["files"]) == {GPKG_NAME, PROJECT_NAME, "imagery.tif"}
    assert gdal.Open(str(pkg / "imagery.tif")).RasterXSize < 200   # clipped to the patches + margin


class _Tools:
    """QgsVectorLayerTools for a form outside the QGIS application (QGIS gives its own)."""

    @staticmethod
    def make():
        from qgis.core import QgsVectorLayerTools

        class Tools(QgsVectorLayerTools):
            def addFeature(self, layer, defaultValues=None, defaultGeometry=None, feature=None, parentWidget=None,  # noqa: N802
                           showModal=True, hideParent=False):
                return True, feature

            def startEditing(self, layer):  # noqa: N802
                return layer.startEditing()

            def stopEditing(self, layer, allowCancel=True):  # noqa: N802
                return layer.commitChanges()

            def saveEdits(self, layer):  # noqa: N802
                return layer.commitChanges(False)

            def copyMoveFeatures(self, layer, request, dx=0, dy=0, errorMsg=None, topologicalEditing=False,  # noqa: N802
                                 topologicalLayer=None):
                return False

        return Tools()


def test_the_patch_form_on_a_phone_sized_screen(pkg, tmp_path):
    """What a verifier sees: the patch's form in tabs (基本信息, 核查事实 in sections, 照片, 分割地块)."""
    from qgis.core import QgsProject
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui
    from qgis.PyQt.QtWidgets import QApplication, QTabWidget

    QgsGui.editorWidgetRegistry().initEditors()
    project = QgsProject.instance()   # forms resolve relations in the current project (as in QGIS)
    assert project.read(str(pkg / PROJECT_NAME))
    try:
        layer = project.mapLayersByName("图斑")[0]
        layer.startEditing()
        feat = next(layer.getFeatures())
        tools = _Tools.make()
        ctx = QgsAttributeEditorContext()
        ctx.setVectorLayerTools(tools)
        form = QgsAttributeForm(layer, feat, ctx)
        form.resize(420, 800)
        form.show()
        tabs = form.findChildren(QTabWidget)[0]
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["基本信息", "核查事实", "照片", "分割地块"]
        shots = []
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            for _ in range(10):
                QApplication.processEvents()
            path = tmp_path / f"field_form_{i}.png"
            assert form.grab().save(str(path))
            shots.append(path)
        assert all(p.stat().st_size > 5000 for p in shots)
        form.close()
        form.deleteLater()
        layer.rollBack()
    finally:
        project.clear()


def test_a_device_round_trip_with_a_conflict_decided_in_the_dialog(pkg, ws, tmp_path):
    from wpzf.demo.fieldwork import FieldDevice, field_photo
    from wpzf.ui.conflict_resolver import ConflictResolverDialog

    device = FieldDevice(pkg)
    device.set_facts("A", {"SJYT": "facility", "SSHG": 1})
    device.set_facts("B", {"RGSM": "外业：新建厂房", "JSRQ": "2021-03-01"})
    taken = dt.datetime(2021, 6, 12, 10, 0)
    one = field_photo(tmp_path / "phone1" / "IMG_0001.jpg", "A", 113.0005, 39.0005, taken, "HUAWEI", "P40",
                      (150, 190, 235))
    two = field_photo(tmp_path / "phone2" / "IMG_0001.jpg", "B", 113.0025, 39.0005, taken, "Xiaomi", "Redmi 9",
                      (90, 200, 90))
    device.add_photo("A", one, "DCIM/IMG_0001.jpg", "全景")
    device.add_photo(None, two, "DCIM/phone2/IMG_0001.jpg")
    assert device.split("C", [(113.0043, 38.99), (113.0043, 39.01)]) == 2
    device.close()
    save_facts(ws, fid(ws, "A"), {"SJYT": "temporary"}, source="office")   # meanwhile in the office

    report = import_field_package(ws, pkg)
    assert report.ok, report.text()
    assert [(c["JCBH"], c["code"]) for c in report.conflicts] == [("A", "SJYT")]
    assert {(m["JCBH"], m["code"]) for m in report.merged} == {("A", "SSHG"), ("B", "RGSM"), ("B", "JSRQ")}
    assert sorted((p["file"], p["JCBH"], p["how"]) for p in report.photos) == [
        ("DCIM/IMG_0001.jpg", "A", "table"), ("DCIM/phone2/IMG_0001.jpg", "B", "position")]
    assert report.splits == [{"JCBH": "C", "parts": 2}]
    assert ws.count("wz_part") == 2 and ws.count("wz_photo") == 2
    # who and when on the field side come from the form's defaults (verifier, apply-on-update time)
    (c,) = list_conflicts(ws)
    assert c.field_by == "李四" and c.field_at and c.office_by == "office"

    dlg = ConflictResolverDialog(ws)
    got = []
    dlg.resolved.connect(got.append)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "实际用途"
    assert dlg.table.item(0, 4).text() == "临时使用" and dlg.table.item(0, 6).text() == "设施农业"
    assert dlg.table.item(0, 7).text().startswith("李四")
    assert not dlg.apply_button.isEnabled()
    dlg.choose(0, "field")
    assert dlg.apply_button.isEnabled() and dlg.apply()
    assert got == [[fid(ws, "A")]] and dlg.table.rowCount() == 0
    assert unit_facts(ws, fid(ws, "A"))[0]["SJYT"] == "facility"
    assert ws.audit_records("wz_fact")[-1]["source"] == "conflict-dialog"
    dlg.close()

    counts, audit = ws.row_counts(), len(ws.audit_records())
    again = import_field_package(ws, pkg)
    assert again.unchanged and ws.row_counts() == counts and len(ws.audit_records()) == audit


def test_the_processing_algorithms(wpzf_provider, ws, tmp_path):
    from qgis import processing

    ws_path = ws.location
    folder = tmp_path / "pkg"
    res = processing.run("wpzf:export_field_package", {"WORKSPACE": ws_path, "TOWNSHIP": "峨口镇", "VERIFIER": "赵六",
                                                       "OUTPUT": str(folder)})
    assert res["PATCHES"] == 1 and (folder / PROJECT_NAME).is_file()
    from osgeo import ogr

    ds = ogr.Open(str(folder / GPKG_NAME), 1)
    lyr = ds.GetLayerByName("patches")
    feat = lyr.GetNextFeature()
    feat.SetField("RGSM", "处理工具导入")
    lyr.SetFeature(feat)
    ds = None
    res = processing.run("wpzf:import_field_package", {"WORKSPACE": ws_path, "INPUT": str(folder)})
    assert res["MERGED"] == 1 and res["CONFLICTS"] == 0 and Path(res["REPORT"]).is_file()
    ws.close()
    from wpzf.store import open_workspace

    w = open_workspace(ws_path)
    try:
        assert unit_facts(w, fid(w, "D"))[0]["RGSM"] == "处理工具导入"
    finally:
        w.close()


def test_the_demo_fieldwork(qgis_app, ws, tmp_path):
    from wpzf.demo.fieldwork import run_fieldwork

    ws_path = ws.location
    ws.close()
    summary = run_fieldwork(ws_path, tmp_path)
    assert summary["township"] == "上馆镇" and summary["patches"] == 3
    assert summary["merged"] >= 1 and summary["conflicts"] == 1 and summary["photos"] == 4
    # the drone's photos land on the patch they were taken over, with the gimbal's direction from their XMP
    for d in summary["drone_photos"]:
        assert d["matched_to"] == d["JCBH"] and d["how"] == "position", d
        assert d["WRJ"] is True and d["FX"] == pytest.approx(d["gimbal_yaw"], abs=0.01) and d["XDGD"] > 50
    assert summary["splits"] == 1 and summary["split_parts"] == 2 and summary["part_count"] == 2
    assert summary["resolved"][0]["choice"] == "field" and summary["reimport_unchanged"] and summary["audit_ok"]
