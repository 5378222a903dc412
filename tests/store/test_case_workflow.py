"""Case workflow in the workspace: cases and measures with evidence, accountability from cases, referrals,
sampled review, violators, delays and the deadline refresh — each change audited."""
import datetime as dt
import json

import pytest

from wpzf.core import cases as core
from wpzf.core.blacklist import Violator
from wpzf.core.deadlines import DeadlineRules
from wpzf.core.referrals import AGRICULTURE, OUTBOUND, Referral, ReferralError
from wpzf.store import cases, registers
from wpzf.store.determinations import accountability_input
from wpzf.store.migrations import current_tables
from wpzf.tests.reports import conftest as report_fixtures

FORMULA = report_fixtures.FORMULA
ws = report_fixtures.ws   # the 3-patch workspace fixture of the report tests

D = dt.date


def test_new_tables_have_dbf_safe_codes():
    for name in ("wz_case", "wz_measure", "wz_referral", "wz_sample", "wz_violator", "wz_delay"):
        t = current_tables()[name]
        for f in t.fields:
            assert len(f.code) <= 10 and f.code.isascii() and f.code.replace("_", "").isalnum(), (name, f.code)


def _photo(w, tbid, sha, taken_utc):
    with w.transaction():
        w.insert("wz_photo", [{"TBID": tbid, "WJLJ": f"photos/{sha}.jpg", "SHA": sha, "PSSJ": taken_utc}])


def test_case_lifecycle_evidence_and_status(ws):
    a = ws.fids["a"]
    sc = cases.open_unit_case(ws, a, "代自然资立〔2021〕1号", D(2021, 6, 1))
    assert sc.case.status == core.FILED
    assert sc.case.illegal_gd_mu == pytest.approx(3.0)
    assert ws.get("wz_patch", a)["ZT"] == "已判定"
    with pytest.raises(cases.CaseStoreError):
        cases.open_unit_case(ws, a, "dup", D(2021, 6, 1))
    mu = sc.case.illegal_mu
    # demolition without photos is recorded, but its evidence problem is stored with it
    sc = cases.add_measure(ws, sc.fid, core.Measure(core.DEMOLISH, mu, D(2021, 6, 5), D(2021, 6, 20)))
    row = ws.select("wz_measure").iloc[0]
    assert "照片" in row["ZJWT"]
    sc = cases.move_case(ws, sc.fid, core.RECTIFYING, D(2021, 6, 5))
    assert ws.get("wz_patch", a)["ZT"] == "整改中"
    # a photo taken before the work began does not count; one after it does (UTC 16:30 = next day in China)
    _photo(ws, a, "old", "2021-06-01T02:00:00.000Z")
    _photo(ws, a, "new", "2021-06-20T16:30:00.000Z")
    sc = cases.update_measure(ws, sc.fid, 0, sc.case.measures[0], ["old"])
    assert core.evidence_problems(sc.case.measures[0], sc.case)
    sc = cases.update_measure(ws, sc.fid, 0, sc.case.measures[0], ["old", "new"])
    assert sc.case.measures[0].photos[1].taken == D(2021, 6, 21)
    assert not core.evidence_problems(sc.case.measures[0], sc.case)
    assert ws.select("wz_measure")["ZJWT"].isna().all()
    with pytest.raises(cases.CaseStoreError):
        cases.update_measure(ws, sc.fid, 0, sc.case.measures[0], ["not-a-photo-of-this-patch"])
    # 复耕 of the cultivated part, then closing the case
    with pytest.raises(cases.CaseStoreError) as err:
        cases.add_measure(ws, sc.fid, core.Measure(core.RECLAIM, mu + 1, D(2021, 6, 21), D(2021, 7, 1)))
    assert "超过" in err.value.zh
    sc = cases.add_measure(ws, sc.fid, core.Measure(core.RECLAIM, 3.0, D(2021, 6, 21), D(2021, 7, 1)), ["new"])
    sc = cases.move_case(ws, sc.fid, core.RECTIFIED, D(2021, 7, 2))
    sc = cases.move_case(ws, sc.fid, core.ELIMINATED, D(2021, 7, 3), "现场复核")
    assert ws.get("wz_patch", a)["ZT"] == "已销号"
    assert ws.get("wz_case", sc.fid)["XCRQ"] == "2021-07-03"
    assert [h.status for h in cases.load_case(ws, sc.fid).case.history] == list(core.STATUSES)
    with pytest.raises(cases.CaseStoreError):
        cases.add_measure(ws, sc.fid, core.Measure(core.DEMOLISH, 0.1, D(2021, 8, 1), D(2021, 8, 2)))
    audited = {r["table"] for r in ws.audit_records()}
    assert {"wz_case", "wz_measure"} <= audited
    assert ws.verify_audit().ok
    table = cases.case_table(ws, D(2021, 8, 1))
    assert table.loc[0, "案件状态"] == core.ELIMINATED and table.loc[0, "已拆除复耕到位"] == "是"


def test_case_refused_for_a_unit_that_is_not_illegal(ws):
    with ws.transaction():
        ws.update("wz_determ", int(ws.select("wz_determ", ["TBID"]).query(f"TBID == {ws.fids['c']}")["fid"].iloc[0]),
                  {"PDJG": "合法用地"})
    with pytest.raises(cases.CaseStoreError) as err:
        cases.open_unit_case(ws, ws.fids["c"], "x", D(2021, 6, 1))
    assert "合法用地" in err.value.zh
    assert ws.count("wz_case") == 0


def test_accountability_takes_markers_from_the_case(ws):
    a = ws.fids["a"]
    before = accountability_input(ws).set_index("JCBH")
    assert not before.loc["1409232021050001", "restored"]
    sc = cases.open_unit_case(ws, a, "立1", D(2021, 6, 1))
    _photo(ws, a, "p1", "2021-07-01T02:00:00.000Z")
    cases.add_measure(ws, sc.fid, core.Measure(core.RECLAIM, 3.0, D(2021, 6, 10), D(2021, 6, 30)), ["p1"])
    after = accountability_input(ws).set_index("JCBH")
    assert after.loc["1409232021050001", "restored"] and after.loc["1409232021050001", "restored_in_year"]
    # a manual marker on a unit with a case no longer decides: the case does
    fact = ws.select("wz_fact", ["TBID", "BBH"]).query(f"TBID == {a}")
    with ws.transaction():
        ws.update("wz_fact", int(fact["fid"].iloc[0]), {"YBBSX": True})
    assert not accountability_input(ws).set_index("JCBH").loc["1409232021050001", "approvals_completed"]


def test_referrals_suggested_saved_and_registered(ws):
    b = ws.fids["b"]   # a mining patch, mined on the ground
    depts = [s.department for s in registers.suggested_referrals(ws, b)]
    assert "应急局" in depts
    extra = [s.department for s in registers.suggested_referrals(ws, b, {"ecological_damage": True})]
    assert "市生态环境局代县分局" in extra
    fid = registers.save_referral(ws, b, Referral("x", AGRICULTURE, OUTBOUND, D(2021, 6, 1), doc_no="代自然资函〔2021〕3号",
                                                  reason="宅基地"))
    again = registers.save_referral(ws, b, Referral("x", AGRICULTURE, OUTBOUND, D(2021, 6, 1), D(2021, 6, 3),
                                                    "已立案查处", D(2021, 6, 30)))
    assert fid == again and ws.count("wz_referral") == 1
    with pytest.raises(ReferralError):
        registers.save_referral(ws, b, Referral("x", AGRICULTURE, OUTBOUND, None, D(2021, 6, 3)))
    registers.save_referral(ws, ws.fids["a"], Referral("x", "公安局", OUTBOUND, D(2021, 6, 1)))
    reg = registers.referral_register(ws, D(2021, 8, 1))
    assert list(reg["接收部门"]) == ["公安局", "农业农村局"]
    assert reg.loc[0, "超期未反馈"] == "是" and reg.loc[1, "状态"] == "已反馈"


def test_sample_reproducible_stratified_and_rated(ws, tmp_path):
    s1 = registers.draw_review_sample(ws, "2021-06 内部复核", "seed-1", rate=0.5)
    assert set(s1.strata) == {"上馆镇", "聂营镇", FORMULA}   # every township of the fixture is a stratum
    assert len(s1.ids) == 3
    assert registers.draw_review_sample(ws, "same seed again", "seed-1", rate=0.5).ids == s1.ids
    with pytest.raises(registers.RegisterError):
        registers.draw_review_sample(ws, "2021-06 内部复核", "seed-2")
    stored, verdicts = registers.stored_sample(ws, "2021-06 内部复核")
    assert stored.ids == s1.ids and verdicts == []
    first, second = (int(i) for i in s1.ids[:2])
    registers.record_verdict(ws, "2021-06 内部复核", first, "真实", reviewer="张三", video_note="视频连线核实")
    with pytest.raises(registers.RegisterError):
        registers.record_verdict(ws, "2021-06 内部复核", second, "不真实")
    registers.record_verdict(ws, "2021-06 内部复核", second, "不真实", "现场与举证照片不符")
    rep = registers.sample_report(ws, "2021-06 内部复核")
    assert rep.batch.reviewed == 2 and rep.batch.authentic == 1 and rep.batch.flagged
    assert registers.sampled_patch_ids(ws) == {int(i) for i in s1.ids}
    assert ws.select("wz_sample", ["SPHC"])["SPHC"].dropna().tolist() == ["视频连线核实"]


def test_violators_and_repeat_offenders(ws):
    registers.add_violator(ws, ws.fids["a"], Violator("宋  华", "个人", "11010519491231002X"), 2021)
    registers.add_violator(ws, ws.fids["c"], Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, ws.fids["b"], Violator("某某矿业有限公司", "单位"), 2021)
    table = registers.blacklist_table(ws)
    song = table[table["名称"] == "宋华"].iloc[0]
    assert song["屡查屡犯"].startswith("涉及2个图斑") and song["证件号码校验"] == "有效"
    assert len(table) == 2


def test_delay_moves_the_deadline_and_survives_refresh(ws):
    a, c = ws.fids["a"], ws.fids["c"]
    registers.refresh_deadlines(ws)
    assert ws.get("wz_patch", a)["HCJZ"] == "2021-06-20"   # 部级, issued 2021-05-06 → 20th of next month
    with pytest.raises(registers.RegisterError):
        registers.request_delay(ws, a, "", D(2021, 7, 1), D(2021, 6, 15))
    with pytest.raises(registers.RegisterError):
        registers.request_delay(ws, a, "暴雨", D(2021, 6, 10), D(2021, 6, 9))
    registers.request_delay(ws, a, "暴雨导致道路中断，无法到达现场", D(2021, 7, 5), D(2021, 6, 15), "李局长")
    assert ws.get("wz_patch", a)["HCJZ"] == "2021-07-05"
    changed = registers.refresh_deadlines(ws, DeadlineRules(ministry_verify_day=25))
    assert ws.get("wz_patch", a)["HCJZ"] == "2021-07-05"
    assert ws.get("wz_patch", c)["HCJZ"] == "2021-06-25" and changed == 2
    delays = ws.select("wz_delay").iloc[0]
    assert delays["YJZ"] == "2021-06-20" and delays["PZR"] == "李局长"
    with ws.transaction():
        ws.update("wz_patch", c, {"ZT": "待核查"})
    view = registers.deadline_view(ws, D(2021, 6, 26), overdue_only=True)
    assert "1409232021050003" in set(view["监测编号"]) and "1409232021050001" not in set(view["监测编号"])
    assert json.loads(json.dumps(list(view.columns), ensure_ascii=False))[3] == "包保领导"
