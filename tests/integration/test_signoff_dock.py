"""Sign-off from the dock: the menu entry, the dialog's submit / pass / return, the queue filter, the card line
and the dashboard table."""
import pytest

from wpzf.core import signoff as rules
from wpzf.store import Actor, create_workspace, open_workspace, signoff
from wpzf.tests.signoff_fixtures import imported, write_layer


@pytest.fixture
def dock(qgis_iface, qgis_new_project, tmp_path, monkeypatch):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    imported(op, write_layer(tmp_path / "b.shp", 3), "B1")
    op.close()
    monkeypatch.setenv("WPZF_USER", "zhang")
    QgsSettings().setValue("wpzf/last_workspace", "")
    d = WpzfDock(qgis_iface)
    d.open(path)
    d.resize(1366, 768)
    yield d
    d.close_workspace()


def test_submit_return_and_filter_from_the_dock(dock, monkeypatch, tmp_path):
    from qgis.PyQt.QtWidgets import QInputDialog, QMessageBox

    from wpzf.ui.signoff import SignoffDialog, filter_items

    assert "signoff" in dock.tool_actions
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    dock.table.selectRow(0)
    fid = dock.current_fid
    dlg = SignoffDialog(dock)
    dlg.submit_listed()
    assert "3" in shown[-1]
    dlg.pass_current()                       # the operator who recorded the findings may not pass them
    assert "不能审核自己录入的成果" in shown[-1]
    assert signoff.units(dock.ws, [fid])["ZT"].item() == rules.SUBMITTED
    # a reviewer (another login) returns it with a reason through the same dialog
    rev = open_workspace(str(dock.ws.location), actor=Actor("wang", "pc-rev"))
    dlg.ws = rev
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("照片不清，请补拍", True))
    dlg.return_current()
    rev.close()
    dlg.ws = dock.ws
    dlg._changed()
    assert "照片不清，请补拍" in dlg.current.text()
    # the queue filter lists it; the card shows the reason
    f = dock.filters
    f.signoff.setCurrentIndex([d for _l, d in filter_items()].index(rules.RETURNED))
    assert dock.model.rowCount() == 1 and dock.model.fid_at(0) == fid
    dock.table.selectRow(0)
    assert "照片不清，请补拍" in dock.card.toPlainText()
    dlg.resize(1000, 480)
    dlg.grab().save(str(tmp_path / "signoff_dialog.png"))
    dock.show()
    dock.tabs.setCurrentWidget(dock.dashboard)
    dock.dashboard.refresh()
    sec = dock.dashboard.signoff
    assert sec.isVisible() and sec.table.rowCount() == 2      # 上馆镇 and the total
    heads = [sec.table.horizontalHeaderItem(c).text() for c in range(sec.table.columnCount())]
    from wpzf.core.labels import header
    from wpzf.ui.patch_card import ui_lang

    col = heads.index(header("退回", ui_lang()))
    assert sec.table.item(0, col).text() == "1"
