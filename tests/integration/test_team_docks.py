"""Two operators' docks on one PostGIS workspace (two connections, as two QGIS instances have): they step and
save different patches in parallel; a clash on one patch is caught in the dock and resolved there — mine on
top of theirs — with nothing lost and the audit chain intact."""
import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.store.transfer import copy_workspace
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.integration.test_facts_form import FIELDS, choose
from wpzf.tests.store import pg_fixtures

pg_cluster, pg_schema, pg_location = pg_fixtures.pg_cluster, pg_fixtures.pg_schema, pg_fixtures.pg_location


@pytest.fixture
def team(qgis_iface, qgis_new_project, tmp_path, pg_location):
    from qgis.core import QgsSettings

    from wpzf.ui.dock import WpzfDock

    rows = [{"JCBH": f"T{i}", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 3.0, "YJJBNTMJ": 0.0,
             "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(i)} for i in range(3)]
    gpkg = create_workspace(tmp_path / "county.gpkg")
    assert import_batch(gpkg, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    report = copy_workspace(gpkg, pg_location)            # the county moves to the team database
    gpkg.close()
    assert report.ok
    QgsSettings().setValue("wpzf/last_workspace", "")
    docks = [WpzfDock(qgis_iface), WpzfDock(qgis_iface)]
    for d in docks:
        d.auto_next.setChecked(False)
        d.open(pg_location)
    yield docks, pg_location
    for d in docks:
        d.close_workspace()


def test_parallel_saves_and_a_clash_resolved_in_the_dock(team, monkeypatch):
    from wpzf.ui import conflict_dialog as cd

    (a, b), location = team
    a.select_row(0)
    b.select_row(1)
    choose(a.findings.form, "BHLX", "new_build")
    choose(b.findings.form, "BHLX", "demolish")
    assert a.findings.save() and b.findings.save()      # different patches: both saved, nobody waited

    b.select_row(0)                                      # now both operators are on the first patch
    choose(a.findings.form, "SJYT", "nonagri")
    choose(b.findings.form, "SJYT", "mining")
    assert a.findings.save()                             # A saves first …
    asked = []
    monkeypatch.setattr(cd, "ask", lambda dlg: asked.append(dlg) or cd.APPLY_MINE)
    assert b.findings.save()                             # … B's save is stale: the dock shows both sides
    assert asked and any(r.theirs != r.mine for r in asked[0].rows)

    ws = open_workspace(location)
    try:
        facts = ws.select("wz_fact", ["TBID", "BHLX", "SJYT", "BBH"]).set_index("TBID")
        first, second = int(a.model.fid_at(0)), int(a.model.fid_at(1))
        assert facts.loc[first, "SJYT"] == "mining" and facts.loc[first, "BHLX"] == "new_build"   # nothing lost
        assert facts.loc[second, "BHLX"] == "demolish"
        assert ws.verify_audit().ok
    finally:
        ws.close()
