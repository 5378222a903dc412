"""wpzf:record_supervision, wpzf:record_clue and wpzf:record_escalation: 挂牌督办, 问题线索 and 制止无效上报
recorded and followed up from Processing, audited in the workspace, bad input refused with the reasons."""
import datetime as dt

import pytest

from wpzf.core import escalation as esc
from wpzf.core import supervision as core
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace, open_workspace
from wpzf.store import escalation as store_esc
from wpzf.store import supervision as sv
from wpzf.tests.exchange.corpus import _square, write_shp

D = dt.date
KEY = "1409232021050001"


@pytest.fixture
def path(tmp_path):
    p = str(tmp_path / "ws.gpkg")
    ws = create_workspace(p)
    row = {"JCBH": KEY, "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "wkt": _square(0)}
    assert import_batch(ws, write_shp(tmp_path / "b.shp", [row]), BatchMeta("部级", D(2021, 5, 6), 2021),
                        save=False).ok
    ws.close()
    return p


def test_supervise_a_patch_follow_it_up_and_close_it(wpzf_provider, path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="未填写责任人"):
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "PATCH": KEY, "UNIT": "县卫片办",
                                                   "STARTED": "2021-07-01", "DEADLINE": "2021-08-01"})
    with pytest.raises(QgsProcessingException, match="9999"):
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "PATCH": "9999", "UNIT": "县卫片办",
                                                   "STARTED": "2021-07-01", "DEADLINE": "2021-08-01",
                                                   "RESPONSIBLE": "王强"})
    res = processing.run("wpzf:record_supervision", {
        "WORKSPACE": path, "PATCH": KEY, "UNIT": "县卫片办", "STARTED": "2021-07-01", "DEADLINE": "2021-08-01",
        "RESPONSIBLE": "王强", "REQUIREMENTS": "8月1日前拆除复耕", "DOC_NO": "代卫片办〔2021〕3号"})
    fid = int(res["SUPERVISION_ID"])
    assert res["STATUS"] in (core.SUPERVISING, core.OVERDUE)
    with pytest.raises(QgsProcessingException, match="早于督办日期"):
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid,
                                                   "NOTE_DATE": "2021-06-01", "NOTE": "已立案"})
    processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid,
                                               "NOTE_DATE": "2021-07-10", "NOTE": "已立案"})
    with pytest.raises(QgsProcessingException, match="2021-07-32"):
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid,
                                                   "CLOSED": "2021-07-32", "OUTCOME": "已复耕"})
    with pytest.raises(QgsProcessingException, match="未填写办结情况"):
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid,
                                                   "CLOSED": "2021-07-30"})
    with pytest.raises(QgsProcessingException, match="晚于办结日期"):   # the note is not kept either
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid, "NOTE": "复查",
                                                   "NOTE_DATE": "2021-07-31", "CLOSED": "2021-07-30",
                                                   "OUTCOME": "已复耕"})
    res = processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid,
                                                     "CLOSED": "2021-07-30", "OUTCOME": "已拆除复耕"})
    assert res["STATUS"] == core.CLOSED
    with pytest.raises(QgsProcessingException, match="已办结"):
        processing.run("wpzf:record_supervision", {"WORKSPACE": path, "SUPERVISION_ID": fid,
                                                   "NOTE_DATE": "2021-07-31", "NOTE": "复查"})
    ws = open_workspace(path)
    _tbid, s = sv.load_supervision(ws, fid)
    assert (s.case, s.notes, s.closed, s.doc_no) == (KEY, ((D(2021, 7, 10), "已立案"),), D(2021, 7, 30),
                                                     "代卫片办〔2021〕3号")
    assert [r["action"] for r in ws.audit_records(sv.SUPERVISE, fid)] == ["create", "update", "update"]
    assert ws.count(sv.SUPERVISE) == 1 and ws.verify_audit().ok
    ws.close()


def test_save_a_suggested_or_given_clue_and_move_it_on(wpzf_provider, path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    # a 警示约谈 whose 整改 is long overdue: the criteria suggest a 工作不力 clue about the township
    processing.run("wpzf:record_talk", {"WORKSPACE": path, "TOWNSHIP": "上馆镇", "DATE": "2021-07-02",
                                        "ATTENDEES": "副县长、上馆镇镇长", "REQUIREMENTS": "拆除复耕",
                                        "DEADLINE": "2021-08-01"})
    with pytest.raises(QgsProcessingException, match="上馆镇（组织人事部门）"):
        processing.run("wpzf:record_clue", {"WORKSPACE": path, "SUGGESTED": True, "SUBJECT": "峨口镇"})
    res = processing.run("wpzf:record_clue", {"WORKSPACE": path, "SUGGESTED": True, "SUBJECT": "上馆镇"})
    suggested = int(res["CLUE_ID"])
    assert res["STATE"] == "待移交"
    with pytest.raises(QgsProcessingException, match="未填写移交事由"):
        processing.run("wpzf:record_clue", {"WORKSPACE": path, "SUBJECT": "张三", "RECIPIENT": 0})
    res = processing.run("wpzf:record_clue", {"WORKSPACE": path, "SUBJECT": "张三", "RECIPIENT": 0,
                                              "REASON": "两年内三次违法占地", "TRIGGERS": [2]})
    given = int(res["CLUE_ID"])
    with pytest.raises(QgsProcessingException, match="尚未移交，不能有处理结果"):
        processing.run("wpzf:record_clue", {"WORKSPACE": path, "CLUE_ID": given, "FEEDBACK": "已立案审查"})
    res = processing.run("wpzf:record_clue", {"WORKSPACE": path, "CLUE_ID": given, "SENT": "2021-09-02",
                                              "DOC_NO": "代卫片办函〔2021〕5号"})
    assert res["STATE"] == "已移交待反馈" and int(res["CLUE_ID"]) == given
    with pytest.raises(QgsProcessingException, match="反馈日期早于移交日期"):
        processing.run("wpzf:record_clue", {"WORKSPACE": path, "CLUE_ID": given, "FEEDBACK": "已立案审查",
                                            "FEEDBACK_DATE": "2021-08-01"})
    res = processing.run("wpzf:record_clue", {"WORKSPACE": path, "CLUE_ID": given, "FEEDBACK": "已立案审查",
                                              "FEEDBACK_DATE": "2021-10-08"})
    assert res["STATE"] == "已反馈"
    ws = open_workspace(path)
    register = dict(sv.clues(ws))
    assert register[suggested].recipient == core.PERSONNEL and register[suggested].triggers == (core.POOR_WORK,)
    assert register[given] == core.Clue("张三", core.DISCIPLINE_ORGAN, "两年内三次违法占地", (core.REPEAT,),
                                        D(2021, 9, 2), "代卫片办函〔2021〕5号", "已立案审查", D(2021, 10, 8))
    assert [r["action"] for r in ws.audit_records(sv.CLUE, given)] == ["create", "update", "update"]
    assert sv.suggested_clues(ws) == [] and ws.verify_audit().ok
    ws.close()


def test_record_an_escalation_then_its_result(wpzf_provider, path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="未填写上报原因"):
        processing.run("wpzf:record_escalation", {"WORKSPACE": path, "PATCH": KEY, "FAILED_ON": "2021-06-01",
                                                  "ESCALATED_ON": "2021-06-03"})
    with pytest.raises(QgsProcessingException, match="上报日期早于制止无效日期"):
        processing.run("wpzf:record_escalation", {"WORKSPACE": path, "PATCH": KEY, "REASONS": [0],
                                                  "FAILED_ON": "2021-06-01", "ESCALATED_ON": "2021-05-03"})
    res = processing.run("wpzf:record_escalation", {"WORKSPACE": path, "PATCH": KEY, "REASONS": [0, 1],
                                                    "SITUATION": 1, "FAILED_ON": "2021-06-01",
                                                    "ESCALATED_ON": "2021-06-03"})
    fid = int(res["ESCALATION_ID"])
    assert res["STATUS"] == esc.OPEN
    with pytest.raises(QgsProcessingException, match="未填写处理结果"):
        processing.run("wpzf:record_escalation", {"WORKSPACE": path, "ESCALATION_ID": fid,
                                                  "RESULT_ON": "2021-06-25"})
    with pytest.raises(QgsProcessingException, match="处理结果日期早于上报日期"):
        processing.run("wpzf:record_escalation", {"WORKSPACE": path, "ESCALATION_ID": fid,
                                                  "RESULT": "联合执法", "RESULT_ON": "2021-06-01"})
    res = processing.run("wpzf:record_escalation", {"WORKSPACE": path, "ESCALATION_ID": fid,
                                                    "RESULT": "县政府组织联合执法，已拆除", "RESULT_ON": "2021-06-25"})
    assert res["STATUS"] == esc.SETTLED
    ws = open_workspace(path)
    e = store_esc.load_escalation(ws, fid)
    assert (e.patch, e.reasons, e.situation, e.recipients, e.result_on) == (
        KEY, (esc.MAJOR, esc.LINEAR), esc.INVESTIGATION_BLOCKED, esc.DEFAULT_RECIPIENTS, D(2021, 6, 25))
    assert [r["action"] for r in ws.audit_records(store_esc.TABLE, fid)] == ["create", "update"]
    assert ws.count(store_esc.TABLE) == 1 and ws.verify_audit().ok
    ws.close()
