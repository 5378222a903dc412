"""Dashboard figures and the queue's case-workflow filters (leader, sampled, case status)."""
import datetime as dt

from wpzf.core import cases as core
from wpzf.core.accountability import AccountabilityInputError, compute_accountability
from wpzf.core.chart_data import township_areas
from wpzf.reports.charts import accountability_data, ratio_figures
from wpzf.reports.narrative import _thresholds, workspace_year
from wpzf.store import cases, dashboard, registers
from wpzf.store.dashboard import build_dashboard, compute_dashboard
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


# --- the kept aggregates against the full computation --------------------------------------------------

def _figures(d) -> dict:
    """Every figure of a dashboard, comparable with == (NaN completion rates as -1)."""
    return {"progress": d.progress.fillna(-1).to_dict("list"), "workload": d.workload.to_dict("list"),
            "county": d.county, "deadlines": d.deadlines,
            "registers": (d.referrals_open, d.referrals_overdue, d.violators, d.repeat_offenders, d.escalations_open),
            "samples": [{k: repr(v) if k == "estimate" else v for k, v in s.items()} for s in d.samples]}


def _same_as_full(ws, today, reads=None) -> dict:
    """build_dashboard (from the kept aggregates) gives what compute_dashboard (everything read again) gives;
    ``reads``: what the refresh must have read ("delta": the audit records since; "all"; "none")."""
    fast = _figures(build_dashboard(ws, today))
    assert fast == _figures(compute_dashboard(ws, today))
    if reads is not None:
        assert dashboard._KEPT[ws][0].reads == reads
    # the dashboard's 附件5 charts (township areas, the ratio month by month) as reports/charts.py computes them
    year = workspace_year(ws, today)
    th = _thresholds(year)
    data = accountability_data(ws)
    try:
        want = (township_areas(compute_accountability(data, th, names=data.attrs.get("names"))),
                ratio_figures(ws, year, today, data, th))
    except AccountabilityInputError:   # the charts then come from the full computation, which says why
        want = None
    assert dashboard.kept_chart_figures(ws, year, today, th) == want
    fast["charts"] = want
    return fast


def test_kept_aggregates_match_the_full_computation_after_every_kind_of_write(ws):
    from shapely.geometry import LineString

    from wpzf.core.blacklist import Violator
    from wpzf.core.parts import split_by_line
    from wpzf.core.referrals import AGRICULTURE, OUTBOUND, Referral
    from wpzf.store import open_workspace
    from wpzf.store.determinations import determine_patches, save_facts
    from wpzf.store.parts import split_patch

    a, b, c = ws.fids["a"], ws.fids["b"], ws.fids["c"]
    today = D(2021, 6, 22)
    first = _same_as_full(ws, today, "all")
    assert _same_as_full(ws, today, "none") == first            # nothing written: nothing read
    save_facts(ws, c, {"GDMJ": 1.5}, reasons={"GDMJ": "实测"})   # 附件5 areas move
    determine_patches(ws, [c])
    after = _same_as_full(ws, today, "delta")
    assert after["county"] != first["county"]
    with ws.transaction():                                       # township, deadline and status move
        ws.update("wz_patch", c, {"XZMC": "峪口乡", "HCJZ": "2021-06-01", "ZT": "待核查"})
    assert _same_as_full(ws, today, "delta")["progress"]["乡镇"][:-1] == sorted(["上馆镇", "聂营镇", "峪口乡"])
    # a split: the parts become units of their own
    geom = ws.get("wz_patch", a, geometry=True)["geom"]
    x = geom.centroid.x
    _west, east = sorted(split_patch(ws, a, split_by_line(geom, LineString([(x, geom.bounds[1] - 1),
                                                                           (x, geom.bounds[3] + 1)]))),
                        key=lambda f: ws.get("wz_part", f, geometry=True)["geom"].centroid.x)
    _same_as_full(ws, today, "delta")
    save_facts(ws, a, {"GDMJ": 0.5}, reasons={"GDMJ": "分割后实测"}, fgid=east)
    determine_patches(ws, [a])
    split = _same_as_full(ws, today, "delta")
    assert split["county"][0]["pending"] == 0
    # a case on a part, restored with photographed evidence: its 亩 leave numerator and denominator
    sc = cases.open_unit_case(ws, a, "立1", D(2021, 6, 1), fgid=east)
    _same_as_full(ws, today, "delta")
    with ws.transaction():
        ws.insert("wz_photo", [{"TBID": a, "WJLJ": "photos/p1.jpg", "SHA": "p1", "PSSJ": "2021-07-01T02:00:00.000Z"}])
    cases.add_measure(ws, sc.fid, core.Measure(core.RECLAIM, sc.case.illegal_gd_mu, D(2021, 6, 10), D(2021, 6, 30)),
                      ["p1"])
    restored = _same_as_full(ws, today, "delta")
    assert restored["county"] != split["county"]
    cases.move_case(ws, sc.fid, core.RECTIFYING, D(2021, 6, 5))
    _same_as_full(ws, today, "delta")
    # the registers
    registers.save_referral(ws, b, Referral("x", AGRICULTURE, OUTBOUND, D(2021, 5, 1)))
    assert _same_as_full(ws, today, "delta")["registers"][:2] == (1, 1)
    registers.draw_review_sample(ws, "s", 1, rate=1.0)
    registers.record_verdict(ws, "s", b, "不真实", "照片不符")
    _same_as_full(ws, today, "delta")
    registers.add_violator(ws, b, Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, c, Violator("宋华", "个人"), 2021)
    assert _same_as_full(ws, today, "delta")["registers"][2:4] == (1, 1)   # one violator, two patches: repeat
    with ws.transaction():                                            # the register names patches by 监测编号
        ws.update("wz_patch", c, {"JCBH": "1409232021059999"})
    assert _same_as_full(ws, today, "delta")["registers"][2:4] == (1, 1)
    with ws.transaction():
        ws.insert("wz_escal", [{"TBID": b, "SBYY": "重大", "QX": "制止无效", "ZZWXRQ": "2021-06-09", "SBRQ": "2021-06-10",
                                "SBDX": "县政府", "CLJG": result} for result in (None, "  ", "责令拆除")])
    assert _same_as_full(ws, today, "delta")["registers"][4] == 2   # a blank result is no result
    # an input 附件5 cannot compute (a county code that is not one) is shown as the full computation says;
    # once corrected the kept figures are read again and followed as before
    with ws.transaction():
        ws.update("wz_patch", c, {"XZQDM": "14092"})
    assert "error" in _same_as_full(ws, today, "delta")["county"][0]
    save_facts(ws, a, {"GDMJ": 0.25}, reasons={"GDMJ": "分割后实测"}, fgid=east)
    assert "error" in _same_as_full(ws, today, "all")["county"][0]
    with ws.transaction():
        ws.update("wz_patch", c, {"XZQDM": "140923"})
    assert "error" not in _same_as_full(ws, today, "all")["county"][0]
    save_facts(ws, a, {"GDMJ": 0.5}, reasons={"GDMJ": "分割后实测"}, fgid=east)
    _same_as_full(ws, today, "delta")
    # deletions: a determination (the unit is 待定 again), then a whole patch
    with ws.transaction():
        ws.delete("wz_determ", int(ws.select("wz_determ", ["TBID"], where=f'"TBID" = {c}')["fid"].iloc[0]))
    assert _same_as_full(ws, today, "delta")["county"][0]["pending"] == 1
    with ws.transaction():
        ws.delete("wz_patch", b)
    gone = _same_as_full(ws, today, "delta")
    assert gone["progress"]["图斑数"][-1] == 2 and gone["registers"][2:4] == (1, 1)
    with ws.transaction():   # the register names a deleted patch by its fid: c named so is the same patch now
        ws.update("wz_patch", c, {"JCBH": str(b)})
    assert _same_as_full(ws, today, "delta")["registers"][2:4] == (1, 0)
    _same_as_full(ws, today + dt.timedelta(days=30), "none")   # another day: the day's figures, nothing read
    # a colleague's save through their own workspace: audited; on PostGIS (a team database) its records are
    # followed, on a GeoPackage any other connection's commit is placed by the workspace's touch log
    colleague = open_workspace(ws.location)
    try:
        save_facts(colleague, c, {"GDMJ": 2.0}, reasons={"GDMJ": "实测"})
    finally:
        colleague.close()
    _same_as_full(ws, today, "delta" if ws.kind == "postgis" else "kept")

    # a write the audit does not tell of (another program on the same tables): on PostGIS everything read again,
    # on a GeoPackage the patches the workspace's touch log names, over the snapshot it kept
    placed = "kept" if ws.kind == "gpkg" else "all"
    def outside(sql, params=()):
        other = open_workspace(ws.location)
        try:
            other._begin()
            other._exec(sql.replace("?", other.ph), params)
            other._commit()
        finally:
            other.close()

    outside('UPDATE wz_patch SET "XZMC" = ? WHERE fid = ?', ("外来镇", c))
    assert "外来镇" in _same_as_full(ws, today, placed)["progress"]["乡镇"]
    save_facts(ws, c, {"GDMJ": 2.5}, reasons={"GDMJ": "实测"})   # a workspace write, and one from outside
    outside("DELETE FROM wz_fact WHERE fid = (SELECT MIN(fid) FROM wz_fact WHERE \"TBID\" <> ?)", (c,))
    _same_as_full(ws, today, placed)
    outside("DELETE FROM wz_case")
    assert _same_as_full(ws, today, placed)["progress"]["已立案"][-1] == 0
