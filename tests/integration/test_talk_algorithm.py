"""wpzf:record_talk: a 警示约谈 recorded and completed from Processing, audited in the workspace."""
import datetime as dt

import pytest

from wpzf.core.talks import COMPLETED, RECTIFYING
from wpzf.store import create_workspace, open_workspace, talks


def test_record_then_complete_a_talk(wpzf_provider, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    path = str(tmp_path / "ws.gpkg")
    create_workspace(path).close()
    res = processing.run("wpzf:record_talk", {
        "WORKSPACE": path, "TOWNSHIP": "上馆镇", "DATE": "2021-07-02", "ATTENDEES": "副县长、上馆镇镇长",
        "REQUIREMENTS": "8月1日前拆除复耕", "DEADLINE": "2021-08-01"})
    fid = int(res["TALK_ID"])
    assert res["STATUS"] in (RECTIFYING, "逾期未完成")
    with pytest.raises(QgsProcessingException, match="整改完成日期"):
        processing.run("wpzf:record_talk", {"WORKSPACE": path, "TALK_ID": fid, "OUTCOME": "已复耕"})
    with pytest.raises(QgsProcessingException, match="2021-13-01"):
        processing.run("wpzf:record_talk", {"WORKSPACE": path, "TALK_ID": fid, "COMPLETED": "2021-13-01"})
    with pytest.raises(QgsProcessingException, match="未填写参加人员"):
        processing.run("wpzf:record_talk", {"WORKSPACE": path, "TOWNSHIP": "峨口镇", "DATE": "2021-07-02",
                                            "REQUIREMENTS": "x", "DEADLINE": "2021-08-01"})
    res = processing.run("wpzf:record_talk", {"WORKSPACE": path, "TALK_ID": fid, "COMPLETED": "2021-07-30",
                                              "OUTCOME": "已拆除复耕"})
    assert res["STATUS"] == COMPLETED
    ws = open_workspace(path)
    assert talks.load_talk(ws, fid).completed == dt.date(2021, 7, 30) and ws.count("wz_talk") == 1
    assert [r["action"] for r in ws.audit_records("wz_talk", fid)] == ["create", "update"]
    ws.close()
