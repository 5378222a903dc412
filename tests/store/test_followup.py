"""专人盯办 and the escalation register (issue 18 item 8): the 专人 in the roster (workspace rows and the
workbook), on the patch card, the dashboard and the return table; the workload per person; escalation
records, audited; the two xlsx forms."""
import dataclasses
import datetime as dt

import openpyxl
import pandas as pd
import pytest

from wpzf.core import escalation as esc
from wpzf.core.rosters import Person, load_default_roster
from wpzf.exchange.return_export import PLATFORM_COLUMNS, unit_results
from wpzf.exchange.roster_xlsx import SHEET_TOWNSHIPS, read_roster_xlsx, roster_tables, write_roster_xlsx
from wpzf.reports.followup import write_register, write_workload
from wpzf.store import escalation as store_esc
from wpzf.store.dashboard import NO_WATCHER, build_dashboard
from wpzf.store.queue import patch_card
from wpzf.store.rosters import (
    LB_WATCHER,
    TABLE,
    RosterDataError,
    roster_from_rows,
    roster_rows,
    save_roster,
    township_watcher,
    workspace_roster,
)
from wpzf.tests.reports import conftest as report_fixtures

ws = report_fixtures.ws
D = dt.date
TODAY = D(2021, 7, 8)
WANG = Person("王建国", "上馆镇自然资源所所长")
LI = Person("李敏", "副镇长")


def with_watchers(roster, **people):
    return dataclasses.replace(roster, townships=tuple(
        dataclasses.replace(t, watcher=people.get(t.name, t.watcher)) for t in roster.townships))


@pytest.fixture
def watched(ws):
    """上馆镇 and 聂营镇 each with a 专人 (the fixture's third patch lies in a township not in the roster)."""
    save_roster(ws, with_watchers(workspace_roster(ws), 上馆镇=WANG, 聂营镇=LI))
    return ws


# ---- roster ---------------------------------------------------------------------------------------------------
def test_the_person_travels_through_rows_the_workspace_and_the_workbook(ws, tmp_path):
    roster = with_watchers(load_default_roster(), 上馆镇=WANG)
    rows = roster_rows(roster)
    mine = [r for r in rows if r["LB"] == LB_WATCHER]
    assert len(mine) == 1 and mine[0]["MC"] == "王建国" and mine[0]["ZW"] == WANG.title
    assert roster_from_rows(rows) == roster
    counts = save_roster(ws, roster)
    again = workspace_roster(ws)
    assert again.township("上馆镇").watcher == WANG and again.watcher_of("聂营镇") is None
    assert again.watcher_of("不存在的镇") is None
    # naming another person later is one audited update of one row, not a rewrite of the roster
    counts = save_roster(ws, with_watchers(again, 上馆镇=LI))
    assert counts == {"created": 0, "updated": 1, "deleted": 0}
    fid = int(ws.select(TABLE, ["LB"], where='"LB" = ?', params=(LB_WATCHER,))["fid"].iloc[0])
    assert [r["action"] for r in ws.audit_records(TABLE, fid)] == ["create", "update"]
    assert township_watcher(ws, "上馆镇") == LI and township_watcher(ws, "聂营镇") is None
    # the workbook: written with the columns, read back equal; a workbook without them still reads
    path = write_roster_xlsx(tmp_path / "r.xlsx", workspace_roster(ws))
    assert read_roster_xlsx(path) == workspace_roster(ws)
    towns = roster_tables(workspace_roster(ws))[SHEET_TOWNSHIPS]
    assert towns.loc[towns["乡镇"] == "上馆镇", "盯办专人"].tolist()[0] == "李敏"
    wb = openpyxl.load_workbook(path)
    sheet = wb[SHEET_TOWNSHIPS]
    sheet.delete_cols(8, 2)
    wb.save(tmp_path / "old.xlsx")
    old = read_roster_xlsx(tmp_path / "old.xlsx")
    assert old.township("上馆镇").watcher is None and old.township("上馆镇").villages


def test_a_stray_or_second_person_is_refused():
    rows = roster_rows(with_watchers(load_default_roster(), 上馆镇=WANG))
    stray = dict(next(r for r in rows if r["LB"] == LB_WATCHER), SJDM="999", DM="999-ZR")
    with pytest.raises(RosterDataError, match="not in the roster"):
        roster_from_rows(rows + [stray])
    second = dict(next(r for r in rows if r["LB"] == LB_WATCHER), DM="x-ZR")
    with pytest.raises(RosterDataError, match="more than one 专人"):
        roster_from_rows(rows + [second])


# ---- card, dashboard, return ------------------------------------------------------------------------------------
def test_the_card_and_the_return_name_the_person(watched):
    from wpzf.ui.patch_card import card_html

    a, c = watched.fids["a"], watched.fids["c"]
    card = patch_card(watched, a)
    assert card["watcher"] == WANG.label
    html = card_html(card, TODAY, watched, lang="zh")
    assert "王建国 上馆镇自然资源所所长" in html
    assert patch_card(watched, c)["watcher"] is None       # its township is not in the roster
    units = pd.DataFrame({"key": ["k"], "TBID": [a], "FGID": [None], "FGBH": [""], "SHR": [""], "SHSJ": [""]})
    assert unit_results(watched, units)["DBZR"].tolist() == [WANG.label]
    assert ("DBZR", "盯办专人") in PLATFORM_COLUMNS


def test_dashboard_progress_and_workload_per_person(watched):
    with watched.transaction():                          # b waits for its check, its deadline passed
        watched.update("wz_patch", watched.fids["b"], {"ZT": "待核查", "HCJZ": "2021-06-20"})
    d = build_dashboard(watched, TODAY)
    prog = d.progress.set_index("乡镇")
    assert prog.loc["上馆镇", "盯办专人"] == WANG.label and prog.loc["聂营镇", "盯办专人"] == LI.label
    assert prog.loc["合计", "盯办专人"] == ""
    w = d.workload.set_index("盯办专人")
    assert w.loc["王建国", "负责乡镇"] == "上馆镇" and w.loc["王建国", "职务"] == WANG.title
    assert (w.loc["王建国", "图斑数"], w.loc["王建国", "待核查"], w.loc["王建国", "逾期"]) == (1, 0, 0)
    assert (w.loc["李敏", "图斑数"], w.loc["李敏", "待核查"], w.loc["李敏", "逾期"]) == (1, 1, 1)
    assert w.loc[NO_WATCHER, "图斑数"] == 1                # the patch in a township without a 专人
    assert w.loc["合计", "图斑数"] == prog.loc["合计", "图斑数"] == 3 and w.loc["合计", "逾期"] == prog.loc["合计", "逾期"]
    assert d.workload["盯办专人"].tolist()[0] == "李敏"    # most open work first


# ---- escalation register -----------------------------------------------------------------------------------------
def test_escalations_are_checked_audited_and_settled(ws):
    key = ws.get("wz_patch", ws.fids["a"])["JCBH"]
    e = esc.Escalation(key, (esc.MAJOR, esc.LINEAR), D(2021, 6, 1), D(2021, 6, 3))
    fid = store_esc.record_escalation(ws, e, today=TODAY)
    assert store_esc.load_escalation(ws, fid) == e
    assert build_dashboard(ws, TODAY).escalations_open == 1
    with pytest.raises(store_esc.EscalationError) as bad:
        store_esc.record_escalation(ws, dataclasses.replace(e, escalated_on=D(2021, 5, 1)), today=TODAY)
    assert bad.value.problems == ["上报日期早于制止无效日期"]
    with pytest.raises(store_esc.EscalationError, match="不存在"):
        store_esc.record_escalation(ws, dataclasses.replace(e, patch="nope"), today=TODAY)
    assert ws.count("wz_escal") == 1
    done = store_esc.record_result(ws, fid, "县政府组织联合执法，已拆除", D(2021, 6, 25), today=TODAY)
    assert not done.is_open and build_dashboard(ws, TODAY).escalations_open == 0
    records = ws.audit_records("wz_escal", fid)
    assert [r["action"] for r in records] == ["create", "update"]
    assert ws.get("wz_escal", fid)["CLJG"] == "县政府组织联合执法，已拆除"
    with pytest.raises(store_esc.EscalationError):
        store_esc.record_result(ws, fid, " ", D(2021, 6, 25), today=TODAY)


def test_register_and_workload_are_filing_grade_forms(watched, tmp_path):
    key = watched.get("wz_patch", watched.fids["a"])["JCBH"]
    store_esc.record_escalation(watched, esc.Escalation(key, (esc.LINEAR,), D(2021, 6, 1), D(2021, 6, 3)),
                                today=TODAY)
    path = write_register(watched, tmp_path, TODAY)
    sheet = openpyxl.load_workbook(path).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["代县重大、跨区线性工程违法用地制止无效上报县政府登记表"]
    assert values[1][0].startswith("统计期间：截至2021年7月8日")
    assert values[2][:4] == ["序号", "监测编号", "乡镇", "村"]
    row = values[3]
    assert row[:3] == [1, key, "上馆镇"] and "跨区线性工程" in row and esc.OPEN in row and 35 in row
    flat = " ".join(str(v) for r in values for v in r)
    assert "填报单位（盖章）：代县自然资源局" in flat and "合计" not in flat and "制止无效或查处工作无法进行" in flat
    assert sheet.print_title_rows
    dates = [c for r in sheet.iter_rows() for c in r if c.value is not None and c.is_date]
    assert len(dates) == 2                              # 制止无效日期 and 上报日期 are Excel dates
    work = openpyxl.load_workbook(write_workload(watched, tmp_path, TODAY)).active
    rows = [[c for c in r if c is not None] for r in work.iter_rows(values_only=True)]
    assert rows[0] == ["代县卫片执法图斑专人盯办工作量统计表"] and rows[2][:3] == ["盯办专人", "职务", "负责乡镇"]
    assert rows[3:6] == [["李敏", "副镇长", "聂营镇", 1, 0, 0], ["王建国", WANG.title, "上馆镇", 1, 0, 0],
                         [NO_WATCHER, report_fixtures.FORMULA, 1, 0, 0]]
    assert next(r for r in rows if r and r[0] == "合计") == ["合计", 3, 0, 0]
    hostile = next(c for r in work.iter_rows() for c in r if c.value == report_fixtures.FORMULA)
    assert hostile.data_type == "s"                     # a township name that looks like a formula stays text


def test_the_dashboard_tab_shows_the_person_and_the_workload(watched, qgis_app):
    from wpzf.ui.dashboard import DashboardTab

    tab = DashboardTab()
    tab.resize(1366, 768)
    tab.set_workspace(watched)
    tab.refresh(TODAY)
    heads = [tab.progress.horizontalHeaderItem(c).text() for c in range(tab.progress.columnCount())]
    col = len(heads) - 1
    cells = {tab.progress.item(r, 0).text(): tab.progress.item(r, col).text() for r in range(tab.progress.rowCount())}
    assert cells["上馆镇"] == WANG.label and cells["聂营镇"] == LI.label
    people = [tab.workload.item(r, 0).text() for r in range(tab.workload.rowCount())]
    assert people[:2] == ["李敏", "王建国"] and tab.workload.rowCount() == 4
    assert "0" in tab.registers.text().split("\n")[-1]       # escalations awaiting a result
