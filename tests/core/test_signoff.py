"""Sign-off rules without a workspace: who may submit and review what, verdicts as cities write them."""
import pytest

from wpzf.core import signoff as s


def unit(state=s.NOT_SUBMITTED, determined=True, submitter="zhang", recorders=("zhang",)):
    return s.UnitState("T1", state, determined, submitter, frozenset(recorders))


def test_only_determined_units_not_waiting_or_passed_are_submitted():
    assert s.can_submit(unit()) is None and s.can_submit(unit(s.RETURNED)) is None
    assert "尚未判定" in s.can_submit(unit(determined=False))
    assert "待审核" in s.can_submit(unit(s.SUBMITTED))
    assert "已审核通过" in s.can_submit(unit(s.PASSED))
    assert s.can_submit(unit(s.PASSED), changed_since_pass=True) is None


def test_four_eyes():
    u = unit(s.SUBMITTED, submitter="li", recorders=("zhang", "zhao"))
    assert "录入" in s.can_review(u, "zhang") and "录入" in s.can_review(u, "zhao")
    assert "提交" in s.can_review(u, "li")
    assert s.can_review(u, "wang") is None
    assert "不在待审核状态" in s.can_review(unit(s.PASSED), "wang")


def test_a_return_needs_a_reason():
    with pytest.raises(s.SignoffError):
        s.return_reason("  ")
    assert s.return_reason(" 缺照片 ") == "缺照片"


@pytest.mark.parametrize("text,verdict", [("审核通过", s.PASSED), ("通过", s.PASSED), ("Pass", s.PASSED),
                                          ("不通过", s.RETURNED), ("驳回", s.RETURNED), ("退回", s.RETURNED),
                                          ("也许", None), (None, None)])
def test_verdicts_as_cities_write_them(text, verdict):
    assert s.upper_verdict(text) == verdict


def test_upper_return_needs_a_comment_and_digest_ignores_order():
    assert "意见" in s.check_upper(s.UpperReview("T1", s.RETURNED, "", row=4))
    assert s.check_upper(s.UpperReview("T1", s.PASSED)) is None
    assert s.digest({"a": 1, "b": [1, 2]}) == s.digest({"b": [1, 2], "a": 1}) != s.digest({"a": 2, "b": [1, 2]})
    assert s.unit_key("T1", "2") == "T1-2" and s.unit_key("T1") == "T1"
