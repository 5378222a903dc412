"""警示约谈 in the workspace (store/talks.py) and the 工作简报 numbers (store/briefings.py)."""
import datetime as dt

import pytest

from wpzf.core.talks import COMPLETED, OVERDUE, RECTIFYING, Talk, TalkCriteria
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace, talks
from wpzf.store.briefings import last_issue, take_issue
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.store.migrations import LATEST
from wpzf.store.schema import AUDITED
from wpzf.tests.exchange.corpus import ILLEGAL, PATCH_FIELDS, _square, write_shp
from wpzf.tests.store import pg_fixtures

TODAY = dt.date(2021, 7, 8)


@pytest.fixture
def ws(tmp_path):
    """甲镇: 3.5 亩 illegal 耕地; 乙乡: 1 亩; 丙镇: two patches past their deadline; 丁乡: one, returned twice."""
    base = {"XZQDM": "140923", "XMC": "代县", "NYDMJ": 1.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否",
            "YJJBNTMJ": 0.0}
    towns = [("甲镇", 3.5), ("乙乡", 1.0), ("丙镇", 0.0), ("丙镇", 0.0), ("丁乡", 0.0)]
    rows = [{**base, "JCBH": f"14092320210500{i:02d}", "XZMC": t, "GDMJ": gd, "wkt": _square(i)}
            for i, (t, gd) in enumerate(towns, start=1)]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=PATCH_FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    fid = dict(zip(w.select("wz_patch", ["JCBH"])["JCBH"], w.select("wz_patch", ["JCBH"])["fid"].astype(int)))
    for key in ("1409232021050001", "1409232021050002"):
        save_facts(w, fid[key], dict(ILLEGAL))
    determine_patches(w)
    with w.transaction():
        for key in ("1409232021050003", "1409232021050004", "1409232021050005"):   # not checked, deadline passed
            w.update("wz_patch", fid[key], {"HCJZ": "2021-06-20", "ZT": "待核查"})
        w.update("wz_patch", fid["1409232021050001"], {"HCJZ": "2021-06-20"})       # reviewed: not overdue
        w.insert("wz_signoff", [{"TBID": fid["1409232021050005"], "ZT": "退回", "THCS": 2, "SJZT": "退回",
                                 "SJJB": "市级"}])
    yield w
    w.close()


CRITERIA = TalkCriteria(illegal_gd_mu=3.0, ratio=None, overdue=2, returned=2)


def test_the_figures_of_each_township(ws):
    figs = {f.township: f for f in talks.township_figures(ws, TODAY)}
    assert set(figs) == {"甲镇", "乙乡", "丙镇", "丁乡"}
    assert figs["甲镇"].illegal_gd_mu == pytest.approx(3.5) and figs["甲镇"].ratio == pytest.approx(1.0)
    assert figs["乙乡"].illegal_gd_mu == pytest.approx(1.0)
    assert (figs["甲镇"].overdue, figs["丙镇"].overdue, figs["丁乡"].overdue) == (0, 2, 1)
    assert (figs["丁乡"].returned, figs["丙镇"].returned) == (2, 0)
    assert talks.township_figures(ws, dt.date(2021, 6, 20))[0].overdue == 0   # due today is not yet late


def test_criteria_select_exactly_the_townships_they_should(ws):
    assert [s.township for s in talks.candidates(ws, TODAY, CRITERIA)] == ["甲镇", "丁乡", "丙镇"]
    assert [s.township for s in talks.candidates(ws, TODAY, TalkCriteria(0.5, None, None, None))] == ["甲镇", "乙乡"]
    # the workspace's own criteria are used by default, and kept in the workspace
    assert talks.criteria(ws) == TalkCriteria()
    talks.set_criteria(ws, CRITERIA)
    assert talks.criteria(open_workspace(ws.location)) == CRITERIA
    assert [s.township for s in talks.candidates(ws, TODAY)] == ["甲镇", "丁乡", "丙镇"]


def test_a_talk_is_audited_and_followed_to_completion(ws):
    assert ws.schema_version() == LATEST and "wz_talk" in AUDITED
    with pytest.raises(talks.TalkError) as e:
        talks.record_talk(ws, Talk("甲镇", dt.date(2021, 7, 2), "", "拆除复耕", dt.date(2021, 6, 1)))
    assert e.value.problems == ["未填写参加人员", "整改期限早于约谈日期"] and ws.count("wz_talk") == 0
    t = Talk("甲镇", dt.date(2021, 7, 2), "副县长、甲镇党委书记、镇长", "8月1日前拆除复耕3.5亩", dt.date(2021, 8, 1),
             reason="违法占用耕地3.50亩")
    fid = talks.record_talk(ws, t)
    assert talks.load_talk(ws, fid) == t
    assert talks.talk_table(ws, TODAY)["状态"].tolist() == [RECTIFYING]
    assert talks.talk_table(ws, dt.date(2021, 8, 2))["状态"].tolist() == [OVERDUE]
    talks.revise_talk(ws, fid, deadline=dt.date(2021, 8, 15))
    with pytest.raises(talks.TalkError):          # completion needs what was done
        talks.complete_talk(ws, fid, dt.date(2021, 8, 10), " ")
    done = talks.complete_talk(ws, fid, dt.date(2021, 8, 10), "已拆除复耕3.5亩，现场照片存档")
    assert done.completed == dt.date(2021, 8, 10)
    row = ws.get("wz_talk", fid)
    assert (row["ZT"], row["WCRQ"], row["BBH"]) == (COMPLETED, "2021-08-10", 3)
    assert talks.talk_table(ws, dt.date(2021, 9, 1))["状态"].tolist() == [COMPLETED]
    records = ws.audit_records("wz_talk", fid)
    assert [r["action"] for r in records] == ["create", "update", "update"]
    assert "ZGQX" in records[1]["changes"] and {"ZT", "WCRQ", "WCQK"} <= set(records[2]["changes"])
    assert ws.verify_audit().ok


def test_briefing_numbers_run_per_year_and_are_audited(ws):
    assert last_issue(ws, 2021) == 0
    assert [take_issue(ws, 2021, "简报") for _ in range(3)] == [1, 2, 3]
    assert take_issue(ws, 2022) == 1 and last_issue(ws, 2021) == 3
    assert take_issue(open_workspace(ws.location), 2021) == 4    # kept in the workspace, not in memory
    recs = [r for r in ws.audit_records("wz_meta") if str(r.get("row_key", r.get("ROWKEY"))).startswith("briefing")]
    assert len(recs) == 5


pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema


@pytest.fixture(params=["gpkg", "postgis"])
def any_ws(request, tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg" if request.param == "gpkg" else request.getfixturevalue("pg_location"))
    yield w
    w.close()


def test_talks_and_numbers_on_both_back_ends(any_ws):
    t = Talk("甲镇", dt.date(2021, 7, 2), "副县长、镇长", "拆除复耕", dt.date(2021, 8, 1))
    fid = talks.record_talk(any_ws, t)
    talks.complete_talk(any_ws, fid, dt.date(2021, 7, 30), "已复耕")
    assert talks.load_talk(any_ws, fid).completed == dt.date(2021, 7, 30)
    assert talks.talk_table(any_ws, dt.date(2021, 9, 1))["状态"].tolist() == [COMPLETED]
    assert [take_issue(any_ws, 2021), take_issue(any_ws, 2021)] == [1, 2]
    assert any_ws.verify_audit().ok
