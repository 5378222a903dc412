"""The 参考数据图层 and 县情设置 dialogs as first opened (as on a 1366×768 screen): every registered layer listed
without scrolling, the fixed dates' labels whole, the county-wide basis shown from its start."""
import pytest

BASIS = "代县不在国务院扶贫开发领导小组公布的国家级深度贫困县名单内（国开办发〔2017〕号文附件）"


@pytest.fixture
def ws(tmp_path, qgis_new_project):
    from wpzf.rules.reference_kinds import load_kinds
    from wpzf.store import open_workspace
    from wpzf.store import reference as ref
    from wpzf.store.county_profile import set_county_profile
    from wpzf.tests.integration.test_reference_ui import make_workspace, write_approvals

    layer = write_approvals(tmp_path / "参考数据.gpkg")
    w = open_workspace(str(make_workspace(tmp_path)))
    kinds = sorted(load_kinds())[:8]
    for kind in kinds:
        ref.register_layer(w, kind, {"source": f"{layer}|layername=审批红线", "provider": "ogr", "name": kind}, {})
    set_county_profile(w, {"SDPK": False}, {"SDPK": BASIS}, source="test")
    yield w
    w.close()


def settle():
    from qgis.PyQt.QtWidgets import QApplication

    for _ in range(10):
        QApplication.processEvents()


def whole(label) -> bool:
    """A label shows all its text: wide enough on one line, or tall enough for its wrapped lines."""
    from qgis.PyQt.QtCore import QRect, Qt

    fm = label.fontMetrics()
    if label.wordWrap():
        need = fm.boundingRect(QRect(0, 0, label.width(), 10000), Qt.TextFlag.TextWordWrap, label.text())
        return label.height() >= need.height() - fm.descent()    # a pixel or two of line spacing aside
    return label.width() >= fm.boundingRect(label.text()).width() and label.height() >= fm.height() - fm.descent()


def test_the_reference_dialog_lists_every_layer_without_scrolling(ws):
    from qgis.PyQt.QtWidgets import QApplication

    from wpzf.ui.reference_dialog import ReferenceLayersDialog

    dlg = ReferenceLayersDialog(ws)
    dlg.show()
    settle()
    try:
        assert dlg.table.rowCount() == 8
        # all eight in view (at 400 px the eighth was not), unless the dialog took three quarters of the screen
        cap = QApplication.primaryScreen().availableGeometry().height() * 3 // 4
        assert dlg.table.verticalScrollBar().maximum() == 0 or dlg.height() >= cap
        assert dlg.height() > 400
    finally:
        dlg.close()


def test_the_county_profile_shows_whole_labels_and_the_basis_from_its_start(ws):
    from qgis.PyQt.QtWidgets import QLabel

    from wpzf.ui.county_profile_dialog import CountyProfileDialog

    dlg = CountyProfileDialog(ws)
    dlg.show()
    settle()
    try:
        labels = dlg.dates_box.findChildren(QLabel)
        assert any("土地管理法" in lb.text() for lb in labels)
        for lb in labels:
            assert whole(lb), lb.text()
        basis = dlg.basis["SDPK"]
        assert basis.text() == BASIS and basis.cursorPosition() == 0   # its start in view, not its end
        # who set it and when, in China time as a person reads it — not the stored UTC text
        import re
        said = [lb.text() for lb in dlg.findChildren(QLabel) if re.search(r"\d{4}-\d{2}-\d{2}", lb.text())]
        assert said and all(re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", t) and "T" not in t and "Z" not in t
                            for t in said), said
    finally:
        dlg.close()
