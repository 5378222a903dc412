"""wpzf:export_return and wpzf:import_review: the monthly cycle up the chain from Processing."""
import pytest

from wpzf.core import signoff as rules
from wpzf.store import Actor, create_workspace, open_workspace, signoff
from wpzf.tests.signoff_fixtures import imported, write_layer


def test_return_then_city_review_through_processing(wpzf_provider, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    fids = imported(op, write_layer(tmp_path / "b.shp", 2), "B1")
    signoff.submit(op, fids)
    op.close()
    rev = open_workspace(path, actor=Actor("wang", "pc-rev"))
    signoff.review(rev, fids, rules.PASSED)
    rev.close()
    res = processing.run("wpzf:export_return", {"WORKSPACE": path, "BATCH": "B1", "OUTPUT": str(tmp_path / "out")})
    assert res["PATCHES"] == 2 and res["NUMBER"].startswith("SB-B1-")
    csv = tmp_path / "city.csv"
    csv.write_text("监测编号,审核结论,意见,整改期限\nT001,驳回,补充举证,2021-06-30\n", encoding="utf-8")
    res = processing.run("wpzf:import_review", {"WORKSPACE": path, "INPUT": str(csv), "LEVEL": 0})
    assert res["RETURNED"] == 1 and res["PROBLEMS"] == 0
    ws = open_workspace(path)
    u = signoff.units(ws, [fids[1]]).iloc[0]
    assert (u["ZT"], u["SJYJ"], u["THCS"]) == (rules.RETURNED, "补充举证", 1)
    ws.close()
    with pytest.raises(QgsProcessingException, match="没有"):
        processing.run("wpzf:export_return", {"WORKSPACE": path, "BATCH": "NOPE", "OUTPUT": str(tmp_path / "o2")})
