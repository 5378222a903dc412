"""人员姓名 dialog: the logins the workspace recorded, with the names to print; refused names say why and write
nothing; a team member who is not the owner sees them read only."""
import pytest


@pytest.fixture
def ws(tmp_path, qgis_new_project):
    from wpzf.store import Actor, create_workspace
    from wpzf.store.people import set_people

    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("Administrator", "pc-1"))
    set_people(w, {"wang": "王五"}, source="test")
    yield w
    w.close()


def _row(dlg, login):
    from qgis.PyQt.QtCore import Qt

    return next(i for i in range(dlg.table.rowCount())
                if dlg.table.item(i, 0).data(Qt.ItemDataRole.UserRole) == login)


def test_names_are_entered_saved_and_shown(ws, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from wpzf.store.people import people
    from wpzf.ui.people_dialog import PeopleDialog

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    dlg = PeopleDialog(ws)
    dlg.show()
    try:
        assert dlg.table.rowCount() == 2
        assert dlg.table.item(_row(dlg, "Administrator"), 0).text().startswith("Administrator")
        assert dlg.table.item(_row(dlg, "wang"), 1).text() == "王五"
        dlg.table.item(_row(dlg, "Administrator"), 1).setText("名" * 21)
        assert dlg.save() is False and dlg.message.isVisible() and "Administrator" in dlg.message.text()
        assert people(ws) == {"wang": "王五"}
        dlg.table.item(_row(dlg, "Administrator"), 1).setText("张三")
        dlg.table.item(_row(dlg, "wang"), 1).setText("")
        assert dlg.save() is True
        assert people(ws) == {"Administrator": "张三"}
    finally:
        dlg.close()


def test_a_member_who_is_not_the_owner_sees_the_names_read_only(ws):
    from qgis.PyQt.QtWidgets import QAbstractItemView

    from wpzf.store.people import people
    from wpzf.ui.people_dialog import PeopleDialog

    ws.is_owner = False   # as a team database says of a member's connection (store/postgis.py)
    dlg = PeopleDialog(ws)
    try:
        assert dlg.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        dlg.table.item(_row(dlg, "wang"), 1).setText("张三")   # (the table is not editable by hand)
        assert dlg.save() is True and people(ws) == {"wang": "王五"}
    finally:
        dlg.close()
