"""挂牌督办 records and the 问题线索 criteria (core/supervision.py): no QGIS."""
import datetime as dt

import pytest

from wpzf.core import supervision as sv

D = dt.date


def test_a_supervision_needs_unit_deadline_and_responsible_person():
    s = sv.Supervision("1409232021050001", "", D(2021, 7, 1), D(2021, 6, 1), " ")
    assert sv.problems(s) == ["未填写督办单位", "未填写责任人", "办结期限早于督办日期"]
    ok = sv.Supervision("1409232021050001", "县卫片办", D(2021, 7, 1), D(2021, 8, 1), "张三")
    assert sv.problems(ok) == []
    assert sv.status(ok, D(2021, 8, 1)) == sv.SUPERVISING and sv.status(ok, D(2021, 8, 2)) == sv.OVERDUE


def test_progress_notes_in_order_and_closing_is_final():
    s = sv.Supervision("k", "县卫片办", D(2021, 7, 1), D(2021, 8, 1), "张三")
    s = sv.with_note(s, D(2021, 7, 5), "已立案")
    assert sv.problems(sv.with_note(s, D(2021, 7, 3), "倒填")) == ["进展情况未按日期先后记录"]
    assert sv.problems(sv.with_note(s, D(2021, 6, 30), "早于督办")) == ["进展日期2021-06-30早于督办日期",
                                                                        "进展情况未按日期先后记录"]
    assert sv.problems(sv.closed(s, D(2021, 7, 20), "")) == ["未填写办结情况"]
    done = sv.closed(s, D(2021, 7, 20), "已拆除复耕")
    assert sv.status(done, D(2022, 1, 1)) == sv.CLOSED          # closed: never overdue
    with pytest.raises(ValueError):
        sv.with_note(done, D(2021, 7, 21), "再记")
    with pytest.raises(ValueError):
        sv.closed(done, D(2021, 7, 21), "再办结")


def test_clues_route_by_trigger_and_merge_per_subject():
    got = sv.suggest_clues(accountability=[("代县", "纳入问责范围")], criminal=[("宋华（个人）", "占用耕地10亩")],
                           repeat=[("宋华（个人）", "涉及2个图斑"), ("", "无对象不算")],
                           poor_work=[("上馆镇", "整改逾期")])
    assert [(s.subject, s.recipient, s.triggers) for s in got] == [
        ("代县", sv.DISCIPLINE_ORGAN, (sv.ACCOUNTABILITY,)),
        ("宋华（个人）", sv.DISCIPLINE_ORGAN, (sv.CRIMINAL, sv.REPEAT)),
        ("上馆镇", sv.PERSONNEL, (sv.POOR_WORK,))]
    assert got[1].reasons == ("涉嫌犯罪：占用耕地10亩", "屡查屡犯：涉及2个图斑")
    assert got[1].clauses == ("§七(二)", "§六(一)") and "纪检监察机关" in got[1].text
    assert sv.suggest_clues() == []


def test_clue_register_line_checks():
    assert sv.clue_problems(sv.Clue("", "公安局", "", ("别的",))) == [
        "未填写线索对象", "接收机关须为纪检监察机关或组织人事部门", "未填写移交事由", "线索类别须为问责、涉嫌犯罪、屡查屡犯、工作不力"]
    c = sv.Clue("上馆镇", sv.PERSONNEL, "整改逾期", (sv.POOR_WORK,), feedback="已约谈")
    assert sv.clue_problems(c) == ["尚未移交，不能有处理结果"] and c.state == "待移交"
    sent = sv.Clue("上馆镇", sv.PERSONNEL, "整改逾期", (sv.POOR_WORK,), D(2021, 9, 1), feedback_date=D(2021, 8, 1))
    assert sv.clue_problems(sent) == ["反馈日期早于移交日期"] and sent.state == "已移交待反馈"


def test_every_status_recipient_and_trigger_has_an_english_label():
    from wpzf.core.labels import EN, term

    for value in (sv.SUPERVISING, sv.CLOSED, sv.OVERDUE, *sv.RECIPIENTS, *sv.TRIGGERS, "待移交", "已移交待反馈", "已反馈"):
        assert term(value, EN) != value and term(value) == value, value
