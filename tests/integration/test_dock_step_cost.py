"""What one step in the dock costs, independent of the workspace's size: every statement it runs seeks
by key or index, it reads the patch's own rows only, it does not write the QGIS settings file, and the
findings form is the same widget from patch to patch (values set, not rebuilt).

(bench/bench_dock_step.py measures the time at 1k–100k patches; this keeps the properties that make the
curve flat.)"""
import shutil

import pytest

from wpzf.bench.synthetic import build_dock_workspace

N = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_dock_workspace(tmp_path_factory.mktemp("dockstep") / "ws.gpkg", N, progress=lambda s: None)


@pytest.fixture
def dock(built, qgis_iface, qgis_new_project, tmp_path):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    folder = tmp_path / "w"
    shutil.copytree(built.parent, folder)
    QgsSettings().setValue("wpzf/last_workspace", "")
    QgsSettings().setValue("wpzf/auto_next", False)
    d = WpzfDock(qgis_iface)
    d.open(str(folder / "ws.gpkg"))
    yield d
    d.close_workspace()


def test_a_step_seeks_and_reads_only_the_patch(dock):
    ws = dock.ws
    fetch = ws._fetch
    statements: dict[str, tuple] = {}
    rows_per_step, roster_rows = [], []
    roster_size = ws.count("wz_roster")

    def counted(sql, params=()):
        statements.setdefault(sql, tuple(params))
        rows = fetch(sql, params)
        (roster_rows if "wz_roster" in sql else rows_per_step)[-1] += len(rows)
        return rows

    ws._fetch = counted
    dock.select_row(N // 3)
    dock.tabs.setCurrentWidget(dock.case_tab)
    try:
        for _ in range(30):
            rows_per_step.append(0)
            roster_rows.append(0)
            dock.actions["next"].trigger()
    finally:
        ws._fetch = fetch
    # the referral list once read every patch's 监测编号 (N rows a step), the case tab the whole register
    assert max(rows_per_step) < 80, rows_per_step
    # the card's leader and zone read the roster (its rows and its zones' rows): a fixed size, whatever N is
    assert max(roster_rows) <= 3 * roster_size
    scans = {}
    for sql, params in statements.items():
        plan = [r[-1] for r in fetch("EXPLAIN QUERY PLAN " + sql, params)]
        bad = [d for d in plan if d.startswith("SCAN") and "CONSTANT ROW" not in d and "wz_roster" not in d]
        if bad:
            scans[sql] = bad
    assert not scans   # the roster (≈250 rows, a fixed size) is the one table a step may read whole


def test_stepping_does_not_write_the_settings_file_but_the_position_is_kept(dock):
    from qgis.core import QgsSettings

    key = dock._position_key()
    dock.select_row(5)
    QgsSettings().setValue(key, -1)
    for _ in range(5):
        dock.actions["next"].trigger()
    assert int(QgsSettings().value(key)) == -1 and dock._position_timer.isActive()
    dock._position_timer.timeout.emit()   # the pause after stepping
    assert int(QgsSettings().value(key)) == dock.current_fid == dock.model.fid_at(10)
    dock.actions["next"].trigger()
    fid = dock.current_fid
    dock.close_workspace()                # closing keeps the last one at once
    assert int(QgsSettings().value(key)) == fid


def test_the_findings_form_is_reused_and_hidden_photos_are_not_read(dock, monkeypatch):
    import wpzf.ui.photo_panel as pp

    reads = []
    real = pp.photo_rows
    monkeypatch.setattr(pp, "photo_rows", lambda *a, **k: reads.append(a[1]) or real(*a, **k))
    dock.select_row(0)
    form = dock.findings.form
    editors = dict(form.editors)
    for _ in range(10):
        dock.actions["next"].trigger()
        assert dock.findings.form is form and form.editors == editors   # same rule-set year: values set only
    assert reads == []   # the photo tab is not showing
    assert dock.card.toPlainText() and dock.case_tab.tbid == dock.current_fid


def test_the_case_tab_keeps_its_referral_widgets_while_they_show_the_same(dock):
    from qgis.PyQt.QtWidgets import QGroupBox

    ws, tab = dock.ws, dock.case_tab
    plain = [int(t) for t in ws.select("wz_determ", ["TBID"], where='"PDJG" = ? AND "FGID" IS NULL',
                                       params=("实地伪变化",))["TBID"]]
    referred = int(ws.select("wz_referral", ["TBID"])["TBID"].iloc[0])
    tab.set_patch(ws, plain[0])
    area, lines = tab.suggest_area, tab.lines_area
    assert not tab.suggestions and not tab.referral_lines
    tab.set_patch(ws, plain[1])          # nothing suggested, nothing registered: the same widgets
    assert tab.suggest_area is area and tab.lines_area is lines
    tab.set_patch(ws, referred)          # a registered line: built for this patch
    assert tab.lines_area is not lines and len(tab.referral_lines) == 1
    assert len(tab.lines_area.findChildren(QGroupBox)) == 1
    assert tab.referral_lines[0]["referral"].patch_id == ws.get("wz_patch", referred)["JCBH"]
    tab.set_patch(ws, plain[2])          # and gone again
    assert tab.referral_lines == [] and not tab.lines_area.findChildren(QGroupBox)
