"""审核验收台账: the county's returns with their reasons and the city's with comment, deadline and count."""
import pandas as pd

from wpzf.core import signoff as rules
from wpzf.exchange.return_export import export_return
from wpzf.exchange.review_import import import_reviews
from wpzf.reports.export import export_reports
from wpzf.reports.signoff_ledger import signoff_ledger
from wpzf.store import Actor, create_workspace, open_workspace, signoff
from wpzf.tests.signoff_fixtures import imported, write_layer


def test_the_ledger_shows_returns_from_the_county_and_from_above(tmp_path):
    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    fids = imported(op, write_layer(tmp_path / "b.shp", 3), "B1")
    signoff.submit(op, fids)
    rev = open_workspace(path, actor=Actor("wang", "pc-rev"))
    signoff.review(rev, fids[:2], rules.PASSED)
    signoff.review(rev, fids[2:], rules.RETURNED, "缺现场照片")
    rev.close()
    export_return(op, "B1", tmp_path / "out")
    csv = tmp_path / "city.csv"
    csv.write_text("监测编号,审核结果,审核意见,整改期限\nT001,退回,请核实地类,2021-06-30\n", encoding="utf-8")
    import_reviews(op, csv, "市级")
    led = signoff_ledger(op).set_index("监测编号")
    assert led.loc["T002", "审核状态"] == "退回" and led.loc["T002", "县级退回原因"] == "缺现场照片"
    assert led.loc["T001", "上级审核意见"] == "请核实地类" and led.loc["T001", "上级整改期限"] == "2021-06-30"
    assert led.loc["T001", "上级退回次数(次)"] == 1 and led.loc["T000", "上报状态"] == "已上报"
    assert led.loc["T000", "审核人"] == "wang" and len(led.loc["T000", "审核时间"]) == 16   # China time, to the minute
    files = export_reports(op, tmp_path / "reports", patch_records=False)
    book = next(f for f in files if f.name == "审核验收台账.xlsx")
    raw = pd.read_excel(book, header=None, dtype=str)
    assert raw.astype(str).apply(lambda c: c.str.contains("请核实地类")).any().any()
    op.close()


def test_people_are_named_on_the_ledger_and_in_the_return_by_name_not_login(tmp_path, monkeypatch):
    """The store records logins ("zhang", "wang"); the ledger and the table that goes up print the names the
    workspace was given (store/people.py); a login without a name is printed as it is. The review date that goes up
    is the date in China (a review at 07:00 Beijing time was dated the day before, in UTC)."""
    from wpzf.exchange.return_export import unit_results
    from wpzf.store import people
    from wpzf.store.determinations import save_facts

    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    fids = imported(op, write_layer(tmp_path / "b.shp", 2), "B1")
    save_facts(op, fids[0], {"RGSM": "已按市级审核意见补充说明：现状为硬化场地。"}, source="test")
    signoff.submit(op, fids)
    rev = open_workspace(path, actor=Actor("wang", "pc-rev"))
    monkeypatch.setattr(signoff, "now_text", lambda: "2021-05-31T23:30:00.000Z")   # 2021-06-01 07:30 in Beijing
    signoff.review(rev, fids, rules.PASSED)
    monkeypatch.undo()
    rev.close()
    assert people.set_people(op, {"wang": " 王五 "}, source="test") == 1
    led = signoff_ledger(op).set_index("监测编号")
    assert led.loc["T000", "审核人"] == "王五" and led.loc["T000", "提交人"] == "zhang"
    up = unit_results(op, signoff.passed_units(op, "B1")[0])
    assert set(up["SHR"]) == {"王五"} and set(up["SHRQ"]) == {"2021-06-01"}
    # the county's own note goes up with the explanation (a unit corrected after the city returned it)
    up = up.set_index("TBID")
    assert up.loc[fids[0], "PDYJSM"].endswith("说明：已按市级审核意见补充说明：现状为硬化场地。")
    assert "说明：" not in up.loc[fids[1], "PDYJSM"]
    assert people.people(op) == {"wang": "王五"} and "wang" in people.known_logins(op)
    op.close()
