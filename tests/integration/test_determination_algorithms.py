"""wpzf:determine, wpzf:determine_workspace and wpzf:accountability through Processing and qgis_process."""
import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.store.determinations import save_facts
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.store.test_determinations import FIELDS

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["JCBH", "XZQDM", "XZMC", "XZJSYD", "GDMJ", "YJJBNTMJ", "BHLX", "SJYT", "MYYT", "YDPF", "SDPK", "ZJPZ",
          "HXGX"]
ROWS = [
    ["P1", "140923", "上馆镇", "0", "3", "0", "new_build", "nonagri", "none", "0", "0", "", ""],
    ["P2", "140923", "上馆镇", "0", "1", "0", "new_build", "homestead", "none", "", "0", "none", ""],
    ["P3", "140923", "峨口镇", "0", "2", "0", "new_build", "nonagri", "none", "1", "0", "", "inside"],
    ["P4", "140923", "峨口镇", "", "", "", "", "", "", "", "", "", ""],
]


@pytest.fixture
def facts_csv(tmp_path):
    path = tmp_path / "facts.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(ROWS)
    return path


def read_csv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_determine_a_csv(wpzf_provider, facts_csv, tmp_path):
    from qgis import processing

    out = tmp_path / "determined.csv"
    processing.run("wpzf:determine", {"INPUT": str(facts_csv), "OUTPUT": str(out)})
    rows = {r["JCBH"]: r for r in read_csv(out)}
    assert rows["P1"]["PDJG"] == "新增建设用地违法" and rows["P1"]["PDTK"] and "耕地" in rows["P1"]["PDYJSM"]
    assert rows["P2"]["PDJG"] == "农村宅基地违法" and "移交农业农村局" in rows["P2"]["PDBZ"]
    assert rows["P3"]["PDJG"] == "合法用地"
    assert rows["P4"]["PDJG"] == "待定" and rows["P4"]["QSSS"]
    # the determined table feeds the accountability algorithm directly
    acc = tmp_path / "acc.csv"
    processing.run("wpzf:accountability", {"INPUT": str(out), "OUTPUT": str(acc)})
    county = next(r for r in read_csv(acc) if r["JB"] == "县级")
    # numerator: P1 3 + P2 1 = 4 亩; denominator: P1 3 + P2 1 + P3 2 = 6 亩 → 66.67 %
    assert float(county["WFGD"]) == pytest.approx(4.0) and float(county["XZGD"]) == pytest.approx(6.0)
    assert float(county["BL"]) == pytest.approx(66.6667, rel=1e-4) and county["SFWZ"] == "否"


def test_determine_workspace_and_accountability(wpzf_provider, tmp_path):
    from qgis import processing

    rows = [{"JCBH": "A", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 150.0, "YJJBNTMJ": 0.0,
             "NYDMJ": 150.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(0)}]
    ws_path = tmp_path / "ws.gpkg"
    ws = create_workspace(ws_path)
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    fid = int(ws.select("wz_patch")["fid"].iloc[0])
    save_facts(ws, fid, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
    ws.close()
    res = processing.run("wpzf:determine_workspace", {"WORKSPACE": str(ws_path)})
    assert res["DETERMINED"] == 1 and res["PENDING"] == 0 and "新增建设用地违法" in res["SUMMARY"]
    acc = tmp_path / "acc.csv"
    processing.run("wpzf:accountability", {"WORKSPACE": str(ws_path), "OUTPUT": str(acc), "WHATIF_RESTORED": "A"})
    rows = [r for r in read_csv(acc) if r["JB"] == "县级"]
    now, then = rows[0], rows[1]
    assert now["QJ"] in ("current", "现状") and then["QJ"] in ("what-if", "假设")
    assert now["MC"] == "代县" and now["SFWZ"] == "是" and float(now["WFGD"]) == pytest.approx(150.0)
    # demolished and restored: off numerator and denominator (附件5 item 2)
    assert then["SFWZ"] == "否" and float(then["WFGD"]) == 0.0 and float(then["K2FZ"]) == pytest.approx(150.0)
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Unknown patches"):
        processing.run("wpzf:accountability", {"WORKSPACE": str(ws_path), "OUTPUT": "TEMPORARY_OUTPUT",
                                               "WHATIF_APPROVED": "NOPE"})
    ws = open_workspace(ws_path)
    assert ws.get("wz_patch", fid)["PDJG"] == "新增建设用地违法" and ws.verify_audit().ok
    ws.close()


def test_determine_from_qgis_process(facts_csv, tmp_path):
    if not Path("/usr/bin/qgis_process.bin").exists():
        pytest.skip("qgis_process not installed")
    out = tmp_path / "det.csv"
    res = subprocess.run([str(ROOT / "tools" / "qgis_process"), "run", "wpzf:determine", "--", f"INPUT={facts_csv}",
                          f"OUTPUT={out}"], capture_output=True, text=True, env=dict(os.environ, WPZF_VENV=sys.prefix),
                         timeout=300)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert {r["JCBH"]: r["PDJG"] for r in read_csv(out)}["P3"] == "合法用地"
