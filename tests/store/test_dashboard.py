"""Dashboard figures and the queue's case-workflow filters (leader, sampled, case status)."""
import datetime as dt

from wpzf.core import cases as core
from wpzf.store import cases, registers
from wpzf.store.dashboard import build_dashboard
from wpzf.store.queue import QueueFilter, filter_options, patch_queue
from wpzf.tests.reports import conftest as report_fixtures

ws = report_fixtures.ws
D = dt.date


def test_progress_deadlines_and_registers(ws):
    a, c = ws.fids["a"], ws.fids["c"]
    registers.refresh_deadlines(ws)                    # verify by 2021-06-20, city review by 2021-06-27
    with ws.transaction():
        ws.update("wz_patch", c, {"ZT": "待核查"})     # c still waits for its field check
    cases.open_unit_case(ws, a, "立1", D(2021, 6, 1))
    registers.draw_review_sample(ws, "s", 1, rate=1.0)
    d = build_dashboard(ws, D(2021, 6, 22))
    prog = d.progress.set_index("乡镇")
    assert prog.loc["合计", "图斑数"] == 3 and prog.loc["合计", "已核查"] == 2 and prog.loc["合计", "逾期"] == 1
    assert prog.loc["上馆镇", "已立案"] == 1 and prog.loc["合计", "完成率(%)"] == 66.7
    first = d.deadlines[0]
    assert first.days_left == -2 and first.open_patches == 1 and "核查截止" in first.what
    assert any("市级审核截止" in x.what and x.days_left == 5 for x in d.deadlines)
    assert any("半年报告" in x.what and x.date == D(2021, 7, 10) for x in d.deadlines)
    assert d.county and d.county[0]["numerator"] >= 0
    # 附件5 of the county: a's 3 亩 and c's 2 亩 of cultivated land, all of it in illegal new construction
    (county,) = d.county
    assert "error" not in county and county["name"] == "代县" and county["pending"] == 0
    assert county["numerator"] == 5.0 and county["denominator"] == 5.0 and county["ratio"] == 1.0
    assert county["area_threshold"] == 100.0 and county["triggered"] is False   # 5 亩 is under the 100 亩 standard
    assert d.samples[0]["sampled"] == 2 and d.samples[0]["reviewed"] == 0   # c is not verified: not sampled


def test_queue_filters_of_the_case_workflow(ws):
    a, b = ws.fids["a"], ws.fids["b"]
    cases.open_unit_case(ws, a, "立1", D(2021, 6, 1))
    registers.draw_review_sample(ws, "s", 1, rate=0.01)
    sampled = registers.sampled_patch_ids(ws)
    got = set(patch_queue(ws, QueueFilter(sampled=True))["fid"])
    assert got == sampled and set(patch_queue(ws, QueueFilter(sampled=False))["fid"]).isdisjoint(sampled)
    assert set(patch_queue(ws, QueueFilter(case_status=core.FILED))["fid"]) == {a}
    assert a not in set(patch_queue(ws, QueueFilter(case_status=""))["fid"])
    # 聂营镇 窑子村 is guaranteed by 李宝炎 (附件2); 上馆镇 东关村 is not in the roster
    assert "李宝炎" in filter_options(ws)["leader"]
    got = set(patch_queue(ws, QueueFilter(leader="李宝炎"))["fid"])
    assert b in got and a not in got
    assert patch_queue(ws, QueueFilter(leader="没有这个人")).empty
