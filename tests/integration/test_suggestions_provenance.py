"""Where a confirmed value came from (issue 17): once the operator has accepted or overridden the reference data's
suggestions, the findings tab still shows them, folded into one line — the fact, 已采纳 or 已改填 with the reason,
the cited feature, who and when (China time)."""
import pytest

from wpzf.tests.integration.test_dock_layout import laptop  # noqa: F401 - the 1366×768 window
from wpzf.tests.integration.test_reference_ui import (  # noqa: F401 - fixtures
    approvals,
    dock,
    fid_of,
    make_workspace,
    register_and_prefill,
    show,
)


def settle():
    from qgis.PyQt.QtWidgets import QApplication

    for _ in range(10):
        QApplication.processEvents()


def one_line(panel) -> int:
    """The height of the panel's one header line (its margins included)."""
    return panel.toggle.sizeHint().height() + 4


def test_accepted_and_overridden_suggestions_stay_readable(dock, approvals, wait_for):  # noqa: F811
    from wpzf.store.reference import suggestions

    register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R1")
    tbid = fid_of(dock.ws, "R1")
    pzwh = next(s for s in panel.items if s["fact"] == "PZWH")
    assert panel.override(pzwh["id"], "晋政地〔2020〕16号", "批复原件文号为16号，图层录入有误")
    # pending ones remain: the header counts the handled one, and its fold is one line in the list, closed
    from wpzf.i18n import tr

    assert panel.rows and panel.toggle.text().endswith(tr(", {n} confirmed").format(n=1))
    assert not panel.handled_btn.isHidden() and not panel.handled_btn.isChecked()
    assert all(line.isHidden() for line in panel.handled_lines)
    panel.handled_btn.setChecked(True)
    assert [line.isHidden() for line in panel.handled_lines] == [False]
    panel.accept(None)
    assert not [s for s in suggestions(dock.ws, tbid) if s["fact"]]          # nothing left to decide
    # every suggestion handled: the panel stays, one folded line, counting them
    settle()
    assert not panel.isHidden() and not panel.toggle.isChecked() and panel.scroll.isHidden()
    facts = [s for s in suggestions(dock.ws, tbid, states=None) if s["fact"]]
    assert len(panel.handled) == len(facts) >= 4
    assert panel.toggle.text() == tr("Reference data: {n} confirmed (sources on record)").format(n=len(facts))
    assert panel.sizeHint().height() <= one_line(panel)
    assert panel.notes_btn.isHidden() and panel.accept_all_btn.isHidden()
    panel.toggle.setChecked(True)
    settle()
    assert not panel.scroll.isHidden() and panel.handled_btn.isHidden()      # the header is their fold
    lines = {s["fact"]: line.text() for s, line in zip(panel.handled, panel.handled_lines)}
    assert {"YDPF", "PZWH", "PZRQ"} <= set(lines)
    ydpf = lines["YDPF"]
    handled = {s["fact"]: s for s in panel.handled}
    who = handled["YDPF"]["handled_by"]
    assert who and who in ydpf
    assert ("已采纳" in ydpf or "accepted" in ydpf) and "晋政地〔2020〕15号" in ydpf and "%" in ydpf
    # the time is China time (UTC+8) as stored CLSJ reads in the atlas, not the stored UTC text
    from wpzf.reports.forms import china_time

    assert china_time(handled["YDPF"]["handled_at"]) in ydpf
    assert str(handled["YDPF"]["handled_at"])[:16].replace("T", " ") not in ydpf
    over = lines["PZWH"]
    assert "晋政地〔2020〕16号" in over and "录入有误" in over and "晋政地〔2020〕15号" in over
    assert "已改填" in over or "otherwise" in over
    for text in lines.values():
        assert "YDPF" not in text and "construction_approval" not in text   # no internal code
    # a unit with nothing handled shows nothing
    show(dock, "R2")
    assert not panel.handled and not panel.handled_lines


@pytest.fixture
def laptop_dock(laptop, qgis_iface, tmp_path, approvals):  # noqa: F811
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    QgsSettings().setValue("wpzf/auto_next", False)
    d = laptop.place(WpzfDock(qgis_iface, laptop))
    d.open(str(make_workspace(tmp_path)))
    yield d
    d.close_workspace()
    d.unregister_shortcuts()


def test_handled_alone_cost_one_line_on_a_laptop(laptop, laptop_dock, approvals, wait_for, tmp_path):  # noqa: F811
    from wpzf.store.reference import accept
    from wpzf.ui.dock_layout import visible_facts

    d = laptop_dock
    panel = show(d, "R1")
    laptop.settle()
    before = visible_facts(d.findings)
    register_and_prefill(d, approvals, wait_for)
    accept(d.ws, fid_of(d.ws, "R1"), None, source="test")
    show(d, "R2")
    show(d, "R1")
    laptop.settle()
    assert panel.handled and not panel.rows and not panel.isHidden()
    assert panel.height() <= one_line(panel)
    assert visible_facts(d.findings) >= before - 1                        # one line: one fact at most
    panel.toggle.setChecked(True)
    laptop.settle()
    assert panel.scroll.height() <= d.findings.height() // 3 + 1           # the facts keep the most of the tab
    assert all(line.isVisible() for line in panel.handled_lines)
    d.grab().save(str(tmp_path / "provenance_laptop.png"))   # to look at
    panel.toggle.setChecked(False)
    laptop.settle()
    assert panel.height() <= one_line(panel)
