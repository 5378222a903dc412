"""No Python traceback from any UI action: a failing slot, dialog or task becomes a message (and a log entry).

The first run is the case that matters most: a batch under a rule-set year WPZF has no rules for."""
import datetime as dt
import sqlite3
import sys

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules import available_years
from wpzf.store import StoreError, create_workspace, open_workspace
from wpzf.tests.exchange.corpus import good_rows, write_shp

UNKNOWN = max(available_years()) + 5   # a year no rule set exists for


@pytest.fixture
def hook_calls(monkeypatch):
    """What reaches sys.excepthook (PyQt sends a slot's uncaught exception there: QGIS's traceback dialog)."""
    calls = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: calls.append(exc))
    return calls


@pytest.fixture
def bar(qgis_iface):
    qgis_iface.messageBar().clear_messages()
    return qgis_iface.messageBar()


def critical(bar) -> list[str]:
    from qgis.core import Qgis

    return bar.get_messages(Qgis.MessageLevel.Critical)


@pytest.fixture
def logged():
    """Messages written to the QGIS log under the WPZF tag."""
    from qgis.core import QgsApplication

    seen = []

    def keep(message, tag, _level):
        if tag == "WPZF":
            seen.append(message)

    QgsApplication.messageLog().messageReceived.connect(keep)
    yield seen
    QgsApplication.messageLog().messageReceived.disconnect(keep)


def make_workspace(tmp_path, year=None):
    path = tmp_path / "ws.gpkg"
    ws = create_workspace(path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", good_rows(3)), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    if year is not None:   # a workspace written when the batch's year still had rules (or by a newer WPZF)
        with ws.transaction():
            ws.update("wz_batch", int(ws.select("wz_batch")["fid"].iloc[0]), {"GZND": year})
    ws.close()
    return path


def open_dock(qgis_iface, path):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    QgsSettings().setValue("wpzf/last_workspace", "")
    d = WpzfDock(qgis_iface)
    d.open(str(path))
    return d


@pytest.fixture
def unknown_year_dock(qgis_iface, qgis_new_project, tmp_path):
    d = open_dock(qgis_iface, make_workspace(tmp_path, UNKNOWN))
    yield d
    d.close_workspace()


@pytest.fixture
def dock(qgis_iface, qgis_new_project, tmp_path):
    d = open_dock(qgis_iface, make_workspace(tmp_path))
    yield d
    d.close_workspace()


def test_the_harness_sees_an_unguarded_slot(qgis_app, hook_calls):
    """The check below can fail: an exception in a plain slot does reach sys.excepthook."""
    from qgis.PyQt.QtWidgets import QPushButton

    btn = QPushButton()

    def boom():
        raise ValueError("unguarded")

    btn.clicked.connect(boom)
    btn.click()
    assert len(hook_calls) == 1 and isinstance(hook_calls[0][1], ValueError)


def test_patch_under_an_unknown_rule_year_says_what_to_do(unknown_year_dock, hook_calls, bar):
    d = unknown_year_dock
    d.table.selectRow(1)                      # the user clicks a patch
    d.actions["next"].trigger()
    assert hook_calls == []
    assert d.current_fid == d.model.fid_at(2)
    tab = d.findings
    assert tab.form is None and tab.stack.currentWidget() is tab.notice
    notice = tab.notice.label.text()
    assert str(UNKNOWN) in notice and str(max(available_years())) in notice and "Findings tab" in notice
    assert not tab.save_btn.isEnabled()
    assert not d.save_findings()              # Ctrl+Alt+S: nothing to save, nothing raised
    assert "K0002" in d.card.toPlainText()    # the card is there
    d.actions["save"].trigger()
    assert hook_calls == [] and critical(bar) == []


def test_judging_the_batch_by_rules_wpzf_has_brings_the_form_back(unknown_year_dock, hook_calls):
    d = unknown_year_dock
    d.table.selectRow(0)
    notice = d.findings.notice
    assert not d.findings.save_btn.isEnabled() and not notice.choice.isHidden()
    assert [notice.year.itemData(i) for i in range(notice.year.count())] == sorted(available_years(), reverse=True)
    assert notice.year.currentData() == 2021           # the batch was issued 2021-05-06
    assert "b" in notice.apply_btn.text()              # names the batch (its code: the file name)
    audited = len(d.ws.audit_records("wz_batch"))
    notice.apply_btn.click()
    assert hook_calls == []
    assert int(d.ws.select("wz_batch")["GZND"].iloc[0]) == 2021
    assert len(d.ws.audit_records("wz_batch")) == audited + 1                     # the change is audited
    assert d.findings.form is not None and d.findings.save_btn.isEnabled()
    d.table.selectRow(1)
    assert d.findings.form is not None


def test_the_batch_year_can_only_become_one_with_rules(tmp_path):
    from wpzf.store.batches import set_batch_ruleset_year

    ws = open_workspace(make_workspace(tmp_path, UNKNOWN))
    try:
        fid = int(ws.select("wz_batch")["fid"].iloc[0])
        with pytest.raises(StoreError, match=str(UNKNOWN + 1)):
            set_batch_ruleset_year(ws, fid, UNKNOWN + 1)
        assert int(ws.select("wz_batch")["GZND"].iloc[0]) == UNKNOWN
    finally:
        ws.close()


@pytest.mark.parametrize("error, expected", [
    (StoreError("wz_patch #1 does not exist"), "wz_patch #1 does not exist"),
    (sqlite3.OperationalError("database is locked"), "another program"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "cannot be written"),
    (ValueError("something odd"), "QGIS log"),
])
def test_an_error_inside_a_dock_slot_becomes_a_message(dock, hook_calls, bar, logged, monkeypatch, error, expected):
    import wpzf.ui.dock as dock_module

    def broken(*_a, **_k):
        raise error

    monkeypatch.setattr(dock_module, "patch_card", broken)
    dock.table.selectRow(0)
    dock.actions["next"].trigger()            # show_patch reads the card through the store
    assert hook_calls == []
    shown = critical(bar)
    assert len(shown) >= 1 and expected in shown[-1]
    assert any("Traceback" in m and type(error).__name__ in m for m in logged)   # the details are in the log


def test_buttons_menu_actions_and_signals_are_guarded(dock, hook_calls, bar, monkeypatch):
    import wpzf.ui.queue as queue_module

    dock.table.selectRow(0)
    dock.findings.save_btn.click()            # clicked(bool) into save(self): the extra argument is dropped
    assert critical(bar) == [] and hook_calls == []

    def locked(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(dock.ws, "verify_audit", locked)
    dock.tool_actions["audit"].trigger()      # a menu action
    monkeypatch.setattr(queue_module, "queue_order", locked)
    dock.filters.changed.emit()               # a signal
    assert hook_calls == []
    assert len(critical(bar)) == 2 and all("another program" in m for m in critical(bar))


def test_an_error_in_a_dialog_is_shown_in_the_dialog(qgis_app, hook_calls, monkeypatch, tmp_path):
    from qgis.PyQt.QtWidgets import QMessageBox, QPushButton

    import wpzf.ui.import_dialog as import_dialog
    from wpzf.exchange.mapping import ProfileStore

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((parent, text)))

    def unreadable(*_a, **_k):
        raise OSError(13, "Permission denied", str(tmp_path / "b.shp"))

    monkeypatch.setattr(import_dialog, "MappingDialog", unreadable)
    dlg = import_dialog.ImportDialog(ProfileStore(tmp_path))
    edit = next(b for b in dlg.findChildren(QPushButton) if b.text() == "Edit…")
    edit.click()
    assert hook_calls == []
    assert len(shown) == 1 and shown[0][0] is dlg
    assert "Permission denied" in shown[0][1] and "b.shp" in shown[0][1]


def test_a_failed_background_import_is_a_message(dock, hook_calls, monkeypatch, tmp_path, wait_for):
    from qgis.PyQt.QtWidgets import QMessageBox

    import wpzf.ui.tasks as tasks
    from wpzf.exchange.mapping import ProfileStore

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))

    def locked(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(tasks, "import_batch", locked)
    dock.start_import(str(write_shp(tmp_path / "c.shp", good_rows(2))), BatchMeta("部级", dt.date(2021, 6, 1), 2021),
                      ProfileStore().load())
    wait_for(lambda: shown)
    assert "another program" in shown[0] and hook_calls == []


# --- the import refuses a rule-set year without rules --------------------------------------------------------

def test_import_refuses_an_unknown_rule_year_by_name(tmp_path):
    ws = create_workspace(tmp_path / "w.gpkg")
    try:
        rep = import_batch(ws, write_shp(tmp_path / "b.shp", good_rows(2)),
                           BatchMeta("部级", dt.date(2021, 5, 6), UNKNOWN), save=False)
        assert not rep.ok and ws.count("wz_patch") == 0
        text = rep.text()
        assert str(UNKNOWN) in text and str(max(available_years())) in text
    finally:
        ws.close()


def test_import_dialog_offers_only_years_with_rules(qgis_app, monkeypatch, tmp_path):
    from qgis.PyQt.QtCore import QDate

    import wpzf.ui.import_dialog as import_dialog
    from wpzf.exchange.mapping import ProfileStore

    dlg = import_dialog.ImportDialog(ProfileStore(tmp_path))
    offered = sorted(dlg.year.itemData(i) for i in range(dlg.year.count()))
    assert offered == available_years()
    # today (later than every rule set): the newest rule set, not this year
    assert dlg.year.currentData() == max(y for y in available_years() if y <= dt.date.today().year)
    dlg.file.setFilePath(str(tmp_path / "b.shp"))
    assert dlg.values()[1].ruleset_year == dlg.year.currentData()

    monkeypatch.setattr(import_dialog, "available_years", lambda: [2021, 2023])
    dlg = import_dialog.ImportDialog(ProfileStore(tmp_path))
    assert [dlg.year.itemData(i) for i in range(dlg.year.count())] == [2023, 2021]
    for issued, year in (((2022, 3, 1), 2021), ((2024, 1, 9), 2023), ((2023, 1, 1), 2023), ((2019, 5, 1), 2021)):
        dlg.issued.setDate(QDate(*issued))    # the issue date decides the default
        assert dlg.year.currentData() == year, issued


def test_processing_import_refuses_or_defaults_the_rule_year(qgis_app):
    from qgis.core import QgsProcessingException

    from wpzf.processing.import_batch import ruleset_year

    newest = max(available_years())
    assert ruleset_year(None, dt.date(newest + 3, 2, 1)) == newest
    assert ruleset_year("", dt.date(newest, 2, 1)) == newest
    assert ruleset_year(newest, dt.date(newest + 3, 2, 1)) == newest
    with pytest.raises(QgsProcessingException, match=str(UNKNOWN)):
        ruleset_year(UNKNOWN, dt.date(newest, 2, 1))
    with pytest.raises(QgsProcessingException, match="RULE_YEAR"):
        ruleset_year(None, dt.date(min(available_years()) - 1, 2, 1))


def test_workspace_with_an_unknown_year_still_opens(tmp_path):
    ws = open_workspace(make_workspace(tmp_path, UNKNOWN))
    try:
        assert ws.count("wz_patch") == 3
    finally:
        ws.close()


def test_a_slot_failing_again_and_again_says_it_once(qgis_app, monkeypatch):
    """A slot that fails on every repaint must not bury the message bar (a real QgsMessageBar here)."""
    from qgis.gui import QgsMessageBar

    import wpzf.ui.guard as guard

    real = QgsMessageBar()
    monkeypatch.setattr(guard, "_message_bar", lambda: real)

    class Painter:
        @guard.guarded
        def repaint(self, n):
            raise sqlite3.OperationalError("database is locked")

    for n in range(5):
        assert Painter().repaint(n) is None
    assert len(real.items()) == 1 and "another program" in real.items()[0].text()
    assert Painter.repaint.__name__ == "repaint"
