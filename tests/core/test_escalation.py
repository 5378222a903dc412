"""Escalation to the county government (core/escalation.py): what a record needs, its status."""
import datetime as dt

from wpzf.core import escalation as esc

D = dt.date


def record(**kw):
    base = dict(patch="1409232021050001", reasons=(esc.LINEAR,), failed_on=D(2021, 6, 1), escalated_on=D(2021, 6, 3))
    return esc.Escalation(**{**base, **kw})


def test_a_complete_record_passes_and_is_open_until_a_result():
    e = record()
    assert esc.problems(e, "新增建设用地（违法）", D(2021, 7, 1)) == []
    assert e.is_open and esc.status(e) == esc.OPEN and esc.days_open(e, D(2021, 6, 10)) == 7
    done = record(result="县政府组织联合执法拆除", result_on=D(2021, 6, 20))
    assert esc.status(done) == esc.SETTLED and esc.days_open(done, D(2021, 7, 1)) is None


def test_each_missing_or_wrong_part_is_named():
    e = record(reasons=(), failed_on=None, escalated_on=None, recipients=" ")
    assert esc.problems(e) == ["未填写上报原因（重大违法用地或跨区线性工程）", "未填写制止无效日期", "未填写上报日期",
                               "未填写上报对象"]
    assert "上报日期早于制止无效日期" in esc.problems(record(escalated_on=D(2021, 5, 30)))
    assert "上报日期晚于今天" in esc.problems(record(), today=D(2021, 6, 2))
    assert any("不是重大违法用地或跨区线性工程" in p for p in esc.problems(record(reasons=("一般",))))
    assert any("应为制止无效或查处工作无法进行" in p for p in esc.problems(record(situation="其他")))
    assert esc.problems(record(), "合法用地") == ["图斑判定为合法用地，不属于违法用地，无需上报"]
    assert esc.problems(record(result_on=D(2021, 6, 5))) == ["填写了处理结果日期但未填写处理结果"]
    assert esc.problems(record(result="x", result_on=D(2021, 6, 2))) == ["处理结果日期早于上报日期"]


def test_reasons_are_stored_as_text_in_a_fixed_order():
    assert esc.parse_reasons("跨区线性工程；重大违法用地") == (esc.MAJOR, esc.LINEAR)
    assert esc.parse_reasons("跨区线性工程;其他") == (esc.LINEAR, "其他")
    assert esc.reasons_text((esc.MAJOR, esc.LINEAR)) == "重大违法用地；跨区线性工程" and esc.parse_reasons(None) == ()
