"""The dashboard tab shows the reports' charts (ui/charts.py), or a short note when matplotlib is missing."""
import datetime as dt
import sys

import pytest

from wpzf.i18n import tr
from wpzf.reports import charts
from wpzf.tests.reports.conftest import ws  # noqa: F401 - the small report workspace as a fixture

TODAY = dt.date(2021, 7, 20)


@pytest.mark.skipif(charts.problem() is not None, reason="matplotlib not installed")
def test_dashboard_shows_the_charts(ws, qgis_app):  # noqa: F811
    from qgis.PyQt.QtWidgets import QLabel

    from wpzf.ui.charts import ChartLabel
    from wpzf.ui.dashboard import DashboardTab

    tab = DashboardTab()
    tab.resize(1366, 768)
    tab.set_workspace(ws)
    tab.refresh(TODAY)
    panel = tab.charts
    assert not panel.findChildren(ChartLabel)   # drawn once the event loop is free: the tables come first
    qgis_app.processEvents()
    assert [c.key for c in panel.charts] == [charts.PROGRESS, charts.AREAS, charts.RATIO, charts.DEADLINES]
    pictures = panel.findChildren(ChartLabel)
    assert len(pictures) == 4 and all(not p.pixmap().isNull() for p in pictures)
    titles = [w.text() for w in panel.findChildren(QLabel) if not isinstance(w, ChartLabel)]
    assert tr("Progress by township") in titles and tr("Next deadlines") in titles   # in the UI's language
    assert panel.note.isHidden()
    tab.refresh(TODAY)                       # a refresh replaces the pictures, it does not pile them up
    tab.refresh(TODAY)
    qgis_app.processEvents()
    assert len([p for p in panel.findChildren(ChartLabel) if p.parent() is panel]) == 4
    tab.set_workspace(None)
    tab.refresh()
    assert not [p for p in panel.findChildren(ChartLabel) if p.parent() is panel]


def test_dashboard_without_matplotlib_shows_a_note(ws, qgis_app, monkeypatch):  # noqa: F811
    from wpzf.ui.charts import ChartLabel
    from wpzf.ui.dashboard import DashboardTab

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    tab = DashboardTab()
    tab.set_workspace(ws)
    tab.refresh(TODAY)                       # no crash, the figures are there
    qgis_app.processEvents()
    assert tab.progress.rowCount() > 0
    assert "matplotlib" in tab.charts.note.text() and not tab.charts.note.isHidden()
    assert not [p for p in tab.charts.findChildren(ChartLabel) if p.parent() is tab.charts]
