"""The dock on a 1366×768 office laptop: QGIS maximised, the dock docked right.

The window around the dock is built like QGIS's on that screen (menu bar, three rows of toolbars, status bar:
the dock is then about 595 px high, as measured on the desktop under Xvfb) with QGIS's default 9 pt font.
"""
import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.tests.exchange.corpus import good_rows, write_shp

SCREEN_W, SCREEN_H = 1366, 768
DOCK_W = 600
LAYOUT_KEYS = ("wpzf/dock/splitter", "wpzf/dock/filters_open", "wpzf/findings/explanation_open",
               "wpzf/dock/hidden_columns", "wpzf/last_workspace")


def _ids(n):
    # 16-digit 监测编号 as the Ministry issues them, and the province's with its letter in front
    return [f"S1409232021060{i:02d}" if i % 3 == 0 else f"1409232021050{i:03d}" for i in range(n)]


@pytest.fixture
def workspace(tmp_path):
    rows = good_rows(30)
    for row, jcbh in zip(rows, _ids(30)):
        row["JCBH"] = jcbh
    path = tmp_path / "laptop.gpkg"
    ws = create_workspace(path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    ws.close()
    return path


def _clear_layout_settings():
    from qgis.core import QgsSettings

    for key in LAYOUT_KEYS:
        QgsSettings().remove(key)


@pytest.fixture
def laptop(qgis_iface, qgis_new_project):
    """A QGIS-like main window filling a 1366×768 screen; ``place(dock)`` docks a dock right at 600 px."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QApplication, QLabel, QMainWindow, QMenuBar, QStatusBar, QToolBar, QWidget

    font = QApplication.font()
    small = QApplication.font()
    small.setPointSizeF(9.0)   # QGIS's default UI font size
    QApplication.setFont(small)
    _clear_layout_settings()
    win = QMainWindow()
    menu = QMenuBar(win)
    menu.addMenu("Project")
    win.setMenuBar(menu)
    for i in range(3):   # QGIS's toolbars take three rows at this width (two of QGIS's, one with plugins)
        bar = QToolBar(f"toolbar {i}", win)
        icons = QWidget()
        icons.setFixedHeight(30)
        bar.addWidget(icons)
        win.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        win.addToolBarBreak()
    status = QStatusBar(win)
    status.addWidget(QLabel("Coordinate"))
    status.setFixedHeight(30)
    win.setStatusBar(status)
    win.setCentralWidget(QWidget())   # the map
    win.resize(SCREEN_W, SCREEN_H)
    win.show()

    def place(dock):
        win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.show()
        win.resizeDocks([dock], [DOCK_W], Qt.Orientation.Horizontal)
        settle()
        return dock

    def settle():
        for _ in range(10):
            QApplication.processEvents()

    win.place, win.settle = place, settle
    yield win
    win.close()
    win.deleteLater()
    QApplication.setFont(font)
    _clear_layout_settings()


@pytest.fixture
def dock(laptop, qgis_iface, workspace):
    from wpzf.ui.dock import WpzfDock

    d = laptop.place(WpzfDock(qgis_iface, laptop))
    d.open(str(workspace))
    d.select_row(0)
    d.tabs.setCurrentWidget(d.findings)
    laptop.settle()
    yield d
    d.close_workspace()
    d.unregister_shortcuts()


def test_the_emulated_screen_is_a_laptop_one(laptop, dock):
    # the dock gets what it gets in QGIS at 1366×768 (595 px there), no more
    assert 560 <= dock.height() <= 610 and dock.width() <= DOCK_W + 10


def test_eight_queue_rows_and_eight_facts_at_once(laptop, dock):
    from wpzf.ui.dock_layout import visible_facts, visible_rows

    assert dock.model.rowCount() == 30
    assert visible_rows(dock.table) >= 8
    assert visible_facts(dock.findings) >= 8
    # …and QGIS still fits its screen: the dock did not push the window (and its status bar) past it
    assert laptop.height() <= SCREEN_H
    assert laptop.statusBar().isVisible() and laptop.statusBar().geometry().bottom() < SCREEN_H


def test_the_patch_id_is_never_cut(laptop, dock):
    from wpzf.ui.dock_layout import text_fits

    ids = list(dock.model.df["JCBH"])
    assert min(len(i) for i in ids) == 16
    assert all(text_fits(dock.table, 0, i) for i in ids)
    assert not dock.table.isColumnHidden(0)
    # a longer id listed later (another batch, a search) widens the column again
    dock.model.df.loc[0, "JCBH"] = "S140923202106000001"
    dock.model.set_frame(dock.model.df.copy(), "")
    assert text_fits(dock.table, 0, "S140923202106000001")


def test_the_dock_never_asks_for_more_than_the_screen(laptop, dock):
    for i in range(dock.tabs.count()):     # whichever tab is open, the 图斑 tab with its split tools included
        dock.tabs.setCurrentIndex(i)
        laptop.settle()
        assert dock.minimumSizeHint().height() <= 600, dock.tabs.tabText(i)
        assert laptop.minimumSizeHint().height() <= SCREEN_H
        assert laptop.height() <= SCREEN_H
    # the split tools under the card scroll into view rather than being cut off
    dock.tabs.setCurrentIndex(0)
    laptop.settle()
    area = dock.tabs.currentWidget()
    area.ensureWidgetVisible(dock.split_panel.along_btn)
    laptop.settle()
    btn = dock.split_panel.along_btn
    top_left = btn.mapTo(area.viewport(), btn.rect().topLeft())
    assert area.viewport().rect().contains(top_left) and btn.isVisible()


def test_filters_fold_into_one_line_and_remember(laptop, dock, qgis_iface):
    from qgis.core import QgsSettings

    from wpzf.ui.dock_layout import visible_rows
    from wpzf.ui.queue import FilterBar

    bar = dock.filters
    assert not bar.is_expanded() and not bar.panel.isVisible()
    one_line = bar.height()
    assert one_line <= 2 * bar.search.sizeHint().height()
    bar.set_expanded(True)
    laptop.settle()
    assert bar.panel.isVisible() and bar.height() > one_line
    # the lists in as many columns as fit, and the bar no taller than they are (a stale hint of one long
    # column once stretched them over the queue and pushed QGIS's status bar off the screen)
    rows = -(-len(bar.combos) // bar._columns)
    combo_h = max(c.sizeHint().height() for c in bar.combos)
    assert bar._columns >= 2 and bar.panel.height() <= rows * (combo_h + bar.grid.verticalSpacing()) + 2
    assert bar.height() <= one_line + bar.panel.height() + 2 * bar.layout().spacing() + 2
    assert laptop.height() <= SCREEN_H and visible_rows(dock.table) >= 3
    assert QgsSettings().value(FilterBar.SETTING, type=bool) is True
    assert FilterBar().is_expanded()            # the next dock opens them again
    for combo in bar.combos:                    # "全部判定类型", "全部包保领导" … shown whole, never "全部判定约"
        fm = combo.fontMetrics()
        assert combo.width() >= combo.minimumWidth() >= fm.horizontalAdvance(combo.itemText(0)), combo.itemText(0)
    bar.status.setCurrentIndex(bar.status.findData("待核查"))
    assert bar.status.currentText() in bar.summary.text() and "1" in bar.toggle.text()
    bar.set_expanded(False)
    laptop.settle()
    assert not bar.panel.isVisible() and bar.summary.isVisible()   # folded, it still says what is filtered
    bar.clear()
    assert bar.active() == [] and dock.model.rowCount() == 30


def test_the_split_between_queue_and_tabs_is_remembered(laptop, dock, qgis_iface):
    from wpzf.ui.dock import WpzfDock

    sizes = dock.splitter.sizes()
    moved = [sizes[0] - 60, sizes[1] + 60]
    dock.splitter.setSizes(moved)
    dock.splitter.splitterMoved.emit(moved[0], 1)   # what dragging the handle does
    dock.close_workspace()
    laptop.removeDockWidget(dock)
    again = laptop.place(WpzfDock(qgis_iface, laptop))
    try:
        assert abs(again.splitter.sizes()[0] - moved[0]) <= 2
    finally:
        again.close_workspace()
        again.unregister_shortcuts()


def test_the_dock_floats_as_a_window_of_its_own(laptop, dock):
    from qgis.PyQt.QtWidgets import QDockWidget

    assert dock.features() & QDockWidget.DockWidgetFeature.DockWidgetFloatable
    dock.title_bar.float_btn.click()
    laptop.settle()
    assert dock.isFloating()
    dock.title_bar.float_btn.click()
    laptop.settle()
    assert not dock.isFloating()


def test_hidden_columns_are_remembered_but_the_id_stays(laptop, dock, qgis_iface):
    from wpzf.ui.dock import WpzfDock

    batch = [code for code, _ in dock.model.columns].index("PCBH")
    dock.columns.set_hidden(batch, True)
    again = WpzfDock(qgis_iface)
    try:
        assert again.table.isColumnHidden(batch) and not again.table.isColumnHidden(0)
    finally:
        again.unregister_shortcuts()


def test_the_explanation_is_one_click_away_and_remembered(laptop, dock):
    from qgis.core import QgsSettings

    view = dock.findings.form.view
    assert view.outcome is not None and view.outcome.explanation     # an undetermined patch says what is missing
    assert view.details_btn.isVisible() and not view.explanation_label.isVisible()   # folded: the facts get the room
    assert view.explanation_label.text() == view.category_label.toolTip()            # …and it is the tooltip
    assert dock.findings.save_btn.isVisible() and dock.findings.save_btn.parent() is view   # Save on that line
    view.details_btn.click()
    laptop.settle()
    assert view.explanation_label.isVisible()
    assert QgsSettings().value(view.DETAILS_SETTING, type=bool) is True
    view.details_btn.click()
    assert not view.explanation_label.isVisible()
