"""Reports of a part of the county: a township's export holds that township's patches only; record forms are
written for patches with recorded findings unless asked for every determined patch."""
import datetime as dt
import re

import openpyxl

from wpzf.core.scope import COUNTY_DOCUMENTS, Scope
from wpzf.reports.export import export_reports
from wpzf.store.scope import scope_fids

KEYS = {"a": "1409232021050001", "b": "1409232021050002", "c": "1409232021050003"}


def column(path, sheet, header="监测编号"):
    """The patch codes in a sheet's 监测编号 column (the header row may sit under a form's title rows; totals and
    notes below the table are not patch codes)."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if header in row)
    col = rows[top].index(header)
    return [row[col] for row in rows[top + 1:] if re.fullmatch(r"\d{16}(-\d+)?", str(row[col] or ""))]


def test_a_township_export_writes_only_that_township(ws, tmp_path):
    county = export_reports(ws, tmp_path / "county", dt.date(2021, 8, 1))
    assert sorted(column(tmp_path / "county" / "违法用地台账.xlsx", "违法用地台账")) == sorted(KEYS.values())
    notes = []
    fids = scope_fids(ws, Scope.of_township("上馆镇"))
    part = export_reports(ws, tmp_path / "town", dt.date(2021, 8, 1), fids=fids, on_message=notes.append)
    out = tmp_path / "town"
    assert column(out / "违法用地台账.xlsx", "违法用地台账") == [KEYS["a"]]          # not c (another township)
    assert column(out / "矿产执法台账.xlsx", "矿产执法台账") == []                 # b's mining is in 聂营镇
    assert column(tmp_path / "county" / "矿产执法台账.xlsx", "矿产执法台账") == [KEYS["b"]]
    assert sorted(p.stem for p in (out / "核查记录表").glob("*.pdf")) == [KEYS["a"]]
    names = {p.name for p in part}
    assert not any(n.startswith(COUNTY_DOCUMENTS) for n in names)          # no county figure from a part
    assert any(n.startswith("问责测算") for n in (p.name for p in county))
    assert notes and "问责测算" in notes[-1]


def test_record_forms_need_recorded_findings_unless_asked(ws, tmp_path):
    from wpzf.store.determinations import determine_patches

    c = ws.fids["c"]
    facts = ws.select("wz_fact", ["TBID"], where=f'"TBID" = {ws.ph}', params=(c,))
    with ws.transaction():
        for rid in facts["fid"]:
            ws.delete("wz_fact", int(rid))
    determine_patches(ws, [c])                   # determined although nobody verified it
    assert ws.get("wz_patch", c)["PDJG"]
    export_reports(ws, tmp_path / "a", dt.date(2021, 8, 1))
    assert sorted(p.stem for p in (tmp_path / "a" / "核查记录表").glob("*.pdf")) == [KEYS["a"], KEYS["b"]]
    export_reports(ws, tmp_path / "b", dt.date(2021, 8, 1), records_without_findings=True)
    assert sorted(p.stem for p in (tmp_path / "b" / "核查记录表").glob("*.pdf")) == sorted(KEYS.values())


def test_the_algorithm_exports_one_township(ws, tmp_path, wpzf_provider):
    import pytest
    from qgis import processing
    from qgis.core import QgsProcessingException

    out = tmp_path / "r"
    res = processing.run("wpzf:export_reports", {"WORKSPACE": str(ws.location), "OUTPUT": str(out),
                                                 "TOWNSHIP": "聂营镇"})
    assert column(out / "矿产执法台账.xlsx", "矿产执法台账") == [KEYS["b"]]
    assert [p.stem for p in (out / "核查记录表").glob("*.pdf")] == [KEYS["b"]]
    # three ledgers, the 审核验收台账 and the 制止无效上报登记 (issue 18) and one record form
    assert not (out / "问责测算.pdf").exists() and res["FILES"] == 6 and (out / "审核验收台账.xlsx").exists()
    assert (out / "制止无效上报登记.xlsx").exists() and not (out / "专人盯办工作量.xlsx").exists()
    with pytest.raises(QgsProcessingException):
        processing.run("wpzf:export_reports", {"WORKSPACE": str(ws.location), "OUTPUT": str(out / "x"),
                                               "TOWNSHIP": "没有的镇"})
