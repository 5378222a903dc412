"""wpzf:assign_patches: township and village from boundary layers (spatially) or from the batch's codes."""
import datetime as dt

from osgeo import ogr

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.tests.exchange.corpus import write_shp
from wpzf.tests.integration.test_overlay_algorithm import memory_layer


def test_assign_by_space_and_by_code(wpzf_provider, tmp_path):
    from qgis import processing

    rows = [{"JCBH": "W", "XZDM": "", "wkt": "POLYGON((113 39, 113.001 39, 113.001 39.001, 113 39.001, 113 39))"},
            {"JCBH": "E", "XZDM": "", "wkt": "POLYGON((113.004 39, 113.0052 39, 113.0052 39.001, 113.004 39))"},
            {"JCBH": "C", "XZDM": "140923101", "wkt": "POLYGON((113 39, 113.001 39, 113.001 39.001, 113 39))"}]
    ws_path = tmp_path / "ws.gpkg"
    ws = create_workspace(ws_path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows, fields=(("JCBH", ogr.OFTString), ("XZDM", ogr.OFTString))),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    ws.close()
    towns = memory_layer([("POLYGON((112.9 38.9, 113.003 38.9, 113.003 39.1, 112.9 39.1, 112.9 38.9))",
                           ["140923100", "峨口镇"]),
                          ("POLYGON((113.003 38.9, 113.1 38.9, 113.1 39.1, 113.003 39.1, 113.003 38.9))",
                           ["140923101", "上馆镇"])], ["XZQDM:string", "XZQMC:string"], name="township")
    res = processing.run("wpzf:assign_patches", {"WORKSPACE": str(ws_path), "TOWNSHIPS": towns,
                                                 "TOWN_CODE": "XZQDM", "TOWN_NAME": "XZQMC"})
    assert res["ASSIGNED"] == 3 and res["UNASSIGNED"] == 0
    ws = open_workspace(ws_path)
    got = dict(zip(ws.select("wz_patch", ["JCBH", "XZMC"])["JCBH"], ws.select("wz_patch", ["JCBH", "XZMC"])["XZMC"]))
    assert got == {"W": "峨口镇", "E": "上馆镇", "C": "上馆镇"}  # C lies in 峨口镇 but its own code says 上馆镇
    assert ws.audit_records("wz_patch")[-1]["action"] == "assign" and ws.verify_audit().ok
    ws.close()
