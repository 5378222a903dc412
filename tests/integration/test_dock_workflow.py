"""The dock's workflow (issue 13): scopes for exports and determination, record forms only for verified
patches, the workspace's imagery for the atlas, township assignment, Processing runs refreshing the dock, the
overlay dialog pre-filled, and reopening a workspace reusing its layers."""
from pathlib import Path

import openpyxl
import pytest
from qgis.core import Qgis, QgsProject, QgsRasterLayer, QgsVectorLayer

from wpzf.core.scope import COUNTY, LISTED, PATCH, TOWNSHIP
from wpzf.store.settings import algorithm_inputs, imagery
from wpzf.tests.integration.test_atlas import atlas_ws, layers  # noqa: F401  (fixtures)
from wpzf.tests.reports import conftest as report_fixtures

ws = report_fixtures.ws
KEYS = ("1409232021050001", "1409232021050002", "1409232021050003")


def _dock(iface, path):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    QgsSettings().setValue("wpzf/last_workspace", "")
    d = WpzfDock(iface)
    d.open(str(path))
    return d


@pytest.fixture
def dock(qgis_iface, qgis_new_project, ws):
    qgis_iface.messageBar().clear_messages()
    d = _dock(qgis_iface, ws.location)
    yield d
    d.close_workspace()


@pytest.fixture
def answers(monkeypatch):
    """Answer the scope dialog as a user would: each call takes the next (kind, township) — None cancels — and
    records what the dialog offered."""
    from wpzf.ui.scope_dialog import ScopeDialog

    queue, seen = [], []

    def exec_(dlg):
        seen.append({"offered": list(dlg.buttons), "default": dlg.kind(), "records": dlg._records_option})
        answer = queue.pop(0)
        if answer is None:
            return 0
        dlg.choose(*answer)
        return 1

    monkeypatch.setattr(ScopeDialog, "exec", exec_)
    return queue, seen


def test_determine_asks_this_patch_listed_or_all(dock, answers, monkeypatch, ws):
    import wpzf.ui.dock_county as dock_module

    queue, seen = answers
    calls = []
    real = dock_module.determine_patches
    monkeypatch.setattr(dock_module, "determine_patches", lambda w, fids=None, source=None: (
        calls.append(None if fids is None else sorted(fids)), real(w, fids, source=source))[1])
    dock.select_row(0)
    current = dock.current_fid
    queue += [None, (PATCH,), (LISTED,), (COUNTY,)]
    dock.determine_listed()
    assert calls == []                                      # cancelled: nothing determined
    assert seen[0]["offered"] == [PATCH, LISTED, COUNTY] and seen[0]["default"] == PATCH
    dock.determine_listed()
    assert calls[-1] == [current]
    dock.filters.township.setCurrentIndex(dock.filters.township.findData("聂营镇"))
    dock.determine_listed()
    assert calls[-1] == [ws.fids["b"]]                      # the listed patches: the township's
    dock.determine_listed()
    assert calls[-1] is None                                # all patches of the workspace
    assert len(seen) == 4


def _codes(path: Path, sheet: str):
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if "监测编号" in row)
    col = rows[top].index("监测编号")
    return [row[col] for row in rows[top + 1:] if str(row[col] or "").startswith("14092")]


def test_export_reports_of_the_township_the_queue_shows(dock, answers, monkeypatch, tmp_path, wait_for):
    from qgis.PyQt.QtWidgets import QFileDialog

    queue, seen = answers
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    dock.filters.township.setCurrentIndex(dock.filters.township.findData("聂营镇"))
    queue.append((TOWNSHIP, "聂营镇"))
    done, real_done = [], dock._reports_done

    def reports_done(*args):   # what the task hands the dock (the dock's own slot still runs)
        done.append(args)
        return real_done(*args)

    monkeypatch.setattr(dock, "_reports_done", reports_done)
    task = dock.export_reports()
    assert seen[0]["default"] == TOWNSHIP and seen[0]["records"]
    assert seen[0]["offered"] == [COUNTY, TOWNSHIP, LISTED, "selection"]
    wait_for(lambda: done and not dock.progress.isVisible(), timeout=120)   # the task's end reached the dock
    # export_reports's note that a part leaves out the county reports reaches the dock with the files
    (files, error, cancelled, messages), = done
    assert error is None and not cancelled and files == task.files
    assert len(messages) == 1 and "问责测算" in messages[0] and "年度报告" in messages[0]
    shown = dock.iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    assert shown and messages[0] in shown[-1]   # the user reads it with the files' count
    out = tmp_path / "out"
    assert _codes(out / "违法用地台账.xlsx", "违法用地台账") == [KEYS[1]]
    assert [p.stem for p in (out / "核查记录表").glob("*.pdf")] == [KEYS[1]]
    assert not (out / "问责测算.pdf").exists()


def test_the_listed_patches_can_be_chosen_for_the_atlas(dock, answers, monkeypatch, tmp_path):
    """No imagery: the dock asks first; cancelled, nothing is printed; 'Choose imagery…' opens the Imagery tab;
    'Print without imagery' prints and says how many pages have none."""
    from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    queue, seen = answers
    asked = []

    def box_exec(box, click=None):
        asked.append(box.text())
        if click is not None:
            next(b for b in box.buttons() if b.text() == click).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", lambda box: box_exec(box))
    assert dock.export_atlas() is None
    assert asked and "无影像" in asked[0] and seen == []         # asked before anything else, and refused
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box_exec(box, "Choose imagery…"))
    assert dock.export_atlas() is None and seen == []
    assert dock.tabs.currentIndex() == dock.tabs.indexOf(dock.compare_bar)      # the Imagery tab
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box_exec(box, "Print without imagery"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][1], True))   # one PDF per patch
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "maps"))
    dock.filters.township.setCurrentIndex(dock.filters.township.findData("上馆镇"))
    queue.append((LISTED,))
    files = dock.export_atlas()
    assert [f.stem for f in files] == [KEYS[0]] and files.without_imagery == 1 and files.pages == 1
    warnings = dock.iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert "1 of 1 pages have no imagery" in warnings[-1]


def _add_rasters(project, paths, names):
    out = []
    for path, name in zip(paths, names):
        layer = QgsRasterLayer(str(path), name)
        assert layer.isValid()
        project.addMapLayer(layer)
        out.append(layer)
    return out


def test_atlas_pages_have_the_workspace_imagery(qgis_iface, qgis_new_project, atlas_ws, layers, tmp_path):  # noqa: F811
    """The project's 前时相/后时相 layers become the workspace's imagery when the dock opens it; the Imagery
    tab starts with them and the atlas prints them: no page says 无影像."""
    before, after = _add_rasters(qgis_new_project, (layers["before"], layers["after"]), ("前时相 2020", "后时相 2021"))
    qgis_iface.messageBar().clear_messages()
    d = _dock(qgis_iface, atlas_ws.location)
    try:
        assert d.compare.before_layer() is before and d.compare.after_layer() is after
        assert d.compare_bar.before_combo.currentLayer() is before
        assert imagery(d.ws)["before"]["source"] == before.source()      # remembered with the workspace
        files = d.run_atlas(tmp_path / "maps", [int(f) for f in d.model.df["fid"]], single_pdf=False)
        assert len(files) == 3 and files.pages == 3 and files.without_imagery == 0
        assert qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)[-1].endswith(str(tmp_path / "maps"))
    finally:
        d.close_workspace()


def test_imagery_chosen_is_the_workspaces_and_comes_back(qgis_iface, qgis_new_project, atlas_ws, layers):  # noqa: F811
    first, second = _add_rasters(qgis_new_project, (layers["before"], layers["after"]), ("影像A", "影像B"))
    d = _dock(qgis_iface, atlas_ws.location)
    try:
        assert d.compare.before_layer() is None                    # no name says which is which: no guess
        d.compare_bar.before_combo.setLayer(second)                 # the user chooses, in the Imagery tab
        d.compare_bar.after_combo.setLayer(first)
        from qgis.core import QgsApplication

        QgsApplication.processEvents()                              # the choice is remembered (queued)
        chosen = (second.source(), first.source())
        assert (imagery(d.ws)["before"]["source"], imagery(d.ws)["after"]["source"]) == chosen
        location = d.ws.location
        d.close_workspace()
        qgis_new_project.removeAllMapLayers()                       # a new project without the imagery
        d.open(location)
        b, a = d.compare.before_layer(), d.compare.after_layer()
        assert b is not None and a is not None
        assert (Path(b.source()), Path(a.source())) == (layers["after"], layers["before"])
        group = qgis_new_project.layerTreeRoot().findLayer(b.id()).parent()
        assert group.findLayer(d.compare.after_layer().id()) is not None          # in the workspace's group
        assert imagery(d.ws)["before"]["source"] == chosen[0]             # clearing the project forgot nothing
    finally:
        d.close_workspace()


def _boundary(name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:4490&field=XZQDM:string&field=XZQMC:string", "乡镇界", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    f = QgsFeature(layer.fields())
    f.setAttributes(["140923999", name])
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((112 38, 114 38, 114 40, 112 40, 112 38))"))
    layer.dataProvider().addFeatures([f])
    return layer


def test_dock_refreshes_after_a_wpzf_algorithm_in_a_worker_thread(dock, wpzf_provider, wait_for):
    """wpzf:assign_patches run as from the Processing Toolbox (a task in a worker thread): the dock's queue and
    filters show the new townships without a click; the boundary layer is remembered for the dock's dialog."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingAlgRunnerTask,
        QgsProcessingContext,
        QgsProcessingFeedback,
    )

    from wpzf.processing.base import notifier

    towns = _boundary("新城镇")
    QgsProject.instance().addMapLayer(towns)
    heard = []

    def hear(_location, algorithm):
        heard.append(algorithm)

    notifier.written.connect(hear)
    alg = QgsApplication.processingRegistry().createAlgorithmById("wpzf:assign_patches")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    task = QgsProcessingAlgRunnerTask(alg, {"WORKSPACE": str(dock.ws.location), "TOWNSHIPS": towns.id(),
                                            "TOWN_CODE": "XZQDM", "TOWN_NAME": "XZQMC"}, context, feedback)
    QgsApplication.taskManager().addTask(task)
    try:
        wait_for(lambda: dock.filters.township.findData("新城镇") >= 0, timeout=60)
    finally:
        notifier.written.disconnect(hear)
    assert set(dock.model.df["XZMC"]) == {"新城镇"} and heard == ["wpzf:assign_patches"]
    assert algorithm_inputs(dock.ws, "assign_patches")["TOWNSHIPS"]["source"] == towns.source()
    params = {}
    from qgis import processing

    orig = processing.execAlgorithmDialog
    processing.execAlgorithmDialog = lambda alg_id, p: params.update(p, _id=alg_id)
    try:
        dock.tool_actions["assign"].trigger()                 # 分配乡镇村 in the dock's menu
    finally:
        processing.execAlgorithmDialog = orig
    assert params["_id"] == "wpzf:assign_patches" and params["TOWNSHIPS"] == towns.id()
    assert params["WORKSPACE"] == str(dock.ws.location) and params["TOWN_NAME"] == "XZQMC"


def test_a_read_only_algorithm_says_nothing(dock, wpzf_provider, tmp_path):
    from qgis import processing

    from wpzf.processing.base import notifier

    heard = []

    def hear(_location, algorithm):
        heard.append(algorithm)

    notifier.written.connect(hear)
    try:
        # the accountability figures only read the workspace (reports now number their 工作简报: a write)
        processing.run("wpzf:accountability", {"WORKSPACE": str(dock.ws.location), "OUTPUT": "memory:"})
        processing.run("wpzf:refresh_deadlines", {"WORKSPACE": str(dock.ws.location)})
    finally:
        notifier.written.disconnect(hear)
    assert "wpzf:accountability" not in heard


def test_overlay_dialog_prefilled_from_the_last_overlay(dock, layers, wpzf_provider, monkeypatch):  # noqa: F811
    from qgis import processing

    landuse = QgsVectorLayer(f"{layers['landuse']}|layername=DLTB", "三调 DLTB", "ogr")
    QgsProject.instance().addMapLayer(landuse)
    params = {}
    monkeypatch.setattr(processing, "execAlgorithmDialog", lambda alg_id, p: params.update(p, _id=alg_id))
    dock.overlay_dialog()
    assert params["LANDUSE"] == landuse.id()               # never run here: the project's DLTB-like layer
    processing.run("wpzf:overlay_landuse", {"WORKSPACE": str(dock.ws.location), "LANDUSE": landuse.source(),
                                            "DLBM": "DLBM", "OTHER_FIELD": "QTBHMJ"})
    assert algorithm_inputs(dock.ws, "overlay_landuse")["OTHER_FIELD"] == "QTBHMJ"
    other = QgsVectorLayer(f"{layers['landuse']}|layername=DLTB", "another DLTB, listed first", "ogr")
    QgsProject.instance().addMapLayer(other, False)
    QgsProject.instance().layerTreeRoot().insertLayer(0, other)
    params.clear()
    dock.overlay_dialog()
    assert params["_id"] == "wpzf:overlay_landuse" and params["WORKSPACE"] == str(dock.ws.location)
    assert params["LANDUSE"] in (landuse.id(), other.id())  # the same file
    assert params["DLBM"] == "DLBM" and params["OTHER_FIELD"] == "QTBHMJ"
    # QGIS's own dialog shows them (what its Run button would run)
    from qgis.gui import QgsBrowserGuiModel
    from qgis.utils import iface

    model = QgsBrowserGuiModel()
    monkeypatch.setattr(iface, "browserModel", lambda: model, raising=False)   # the fake iface has none
    shown = {}

    def real_dialog(alg_id, p):
        dlg = processing.createAlgorithmDialog(alg_id, p)
        shown.update(dlg.createProcessingParameters())
        dlg.close()

    monkeypatch.setattr(processing, "execAlgorithmDialog", real_dialog)
    dock.overlay_dialog()
    assert shown["LANDUSE"] in (landuse.id(), other.id()) and shown["OTHER_FIELD"] == "QTBHMJ"
    assert shown["WORKSPACE"] == str(dock.ws.location) and shown["DLBM"] == "DLBM"
    monkeypatch.setattr(processing, "execAlgorithmDialog", lambda alg_id, p: params.update(p, _id=alg_id))
    QgsProject.instance().removeMapLayers([landuse.id(), other.id()])
    params.clear()
    dock.overlay_dialog()                                   # not in the project any more: its file
    assert Path(params["LANDUSE"].split("|")[0]) == layers["landuse"]


def test_reopening_a_workspace_reuses_its_layers_and_group(dock, qgis_new_project):
    root = qgis_new_project.layerTreeRoot()
    location = dock.ws.location

    def patch_layers():
        return [lyr for lyr in qgis_new_project.mapLayers().values() if lyr.source().endswith("layername=wz_patch")]

    assert len(patch_layers()) == 1 and len(root.findGroups()) == 1
    group = root.findGroups()[0]
    group.setName("WPZF 工作空间")                           # made in another language
    photo = next(lyr for lyr in qgis_new_project.mapLayers().values() if lyr.source().endswith("wz_photo"))
    qgis_new_project.removeMapLayer(photo.id())             # the user removed one of them
    spelled = str(Path(location).parent / "." / Path(location).name)   # and opens it by another spelling
    dock.open(spelled)
    dock.open(location)
    assert len(patch_layers()) == 1 and len(qgis_new_project.mapLayers()) == 3
    assert len(root.findGroups()) == 1 and len(root.findGroups()[0].findLayers()) == 3


def test_the_atlas_algorithm_prints_the_workspace_imagery(atlas_ws, layers, tmp_path, wpzf_provider):  # noqa: F811
    """wpzf:export_atlas without imagery parameters: the workspace's imagery, and the count of pages without."""
    from qgis import processing

    from wpzf.store.settings import layer_ref, set_imagery

    args = {"WORKSPACE": str(atlas_ws.location), "SINGLE_PDF": False}
    res = processing.run("wpzf:export_atlas", {**args, "OUTPUT": str(tmp_path / "none.pdf")})
    assert res["FILES"] == 3 and res["NO_IMAGERY"] == 3          # nothing set: every page says 无影像
    set_imagery(atlas_ws, layer_ref(layers["before"], "gdal", "前时相"), layer_ref(layers["after"], "gdal", "后时相"))
    res = processing.run("wpzf:export_atlas", {**args, "OUTPUT": str(tmp_path / "set.pdf")})
    assert res["FILES"] == 3 and res["NO_IMAGERY"] == 0
