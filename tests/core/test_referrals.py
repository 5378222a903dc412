"""Referral routing from a determination and the referral register's validation."""
import datetime as dt

import pytest

from wpzf.core.referrals import (
    AGRICULTURE,
    COURT,
    DISCIPLINE,
    ECOLOGY,
    EMERGENCY,
    INBOUND,
    OUTBOUND,
    POLICE,
    TRANSPORT,
    Referral,
    ReferralError,
    from_suggestion,
    overdue,
    suggest_referrals,
    validate_referral,
)
from wpzf.rules.facts import FLAG_CRIMINAL, FLAG_NOT_FILED, FLAG_REFER_AGRICULTURE

D = dt.date


def depts(suggestions):
    return [s.department for s in suggestions]


def test_plain_illegal_construction_needs_no_referral():
    assert suggest_referrals("新增建设用地违法") == []
    assert suggest_referrals("设施农业用地", [FLAG_NOT_FILED], {"SFSK": False}) == []


def test_homestead_goes_to_agriculture_once_even_with_the_flag():
    (s,) = suggest_referrals("农村宅基地违法", [FLAG_REFER_AGRICULTURE])
    assert s.department == AGRICULTURE and s.direction == OUTBOUND
    assert s.clauses == ("§五(十)", "§二", "§六(二)") and len(s.reasons) == 1
    (flag_only,) = suggest_referrals("待定", [FLAG_REFER_AGRICULTURE])
    assert flag_only.department == AGRICULTURE and "移交农业农村局" in flag_only.reasons[0]


def test_criminal_flag_goes_to_police():
    (s,) = suggest_referrals("新增建设用地违法", [FLAG_CRIMINAL])
    assert s.department == POLICE and "§五(六)" in s.clauses and "§七(二)" in s.clauses
    assert s.text.startswith("建议移送公安局：")


def test_ecology_from_damage_or_protected_area_merged():
    (s,) = suggest_referrals("新增建设用地违法", (), {"ecological_damage": "是", "protected_area": 1})
    assert s.department == ECOLOGY and len(s.reasons) == 2 and s.clauses == ("§五(十二)", "§七(三)")
    assert suggest_referrals("新增建设用地违法", (), {"ecological_damage": "否", "protected_area": "不详"}) == []


def test_mining_on_the_ground_goes_to_emergency_bureau():
    (s,) = suggest_referrals("新增建设用地违法", (), {"SFSK": True, "KCZT": "mined"})
    assert s.department == EMERGENCY and "§五(十一)" in s.clauses
    assert suggest_referrals("新增建设用地违法", (), {"SFSK": True, "KCZT": "not_mined"}) == []
    assert depts(suggest_referrals("合法用地", (), {"work_safety": True})) == [EMERGENCY]


def test_misconduct_court_and_inbound_transport():
    got = suggest_referrals("新增建设用地违法", [FLAG_CRIMINAL],
                            {"official_misconduct": True, "enforcement_application": True, "road_project": True})
    assert depts(got) == [POLICE, DISCIPLINE, COURT, TRANSPORT]
    transport = got[-1]
    assert transport.direction == INBOUND and transport.clauses == ("§五(九)",)
    assert transport.text.startswith("建议商请提供资料交通运输局")
    assert all(s.direction == OUTBOUND for s in got[:-1])


def test_everything_at_once_in_department_order():
    got = suggest_referrals("农村宅基地违法", [FLAG_CRIMINAL],
                            {"ecological_damage": True, "SJYT": "mining", "KCZT": "mined",
                             "official_misconduct": True, "enforcement_application": True, "road_project": True})
    assert depts(got) == [AGRICULTURE, POLICE, ECOLOGY, EMERGENCY, DISCIPLINE, COURT, TRANSPORT]


# --- register --------------------------------------------------------------------------------------

def test_register_dates_and_feedback():
    ok = Referral("JC1", AGRICULTURE, sent=D(2021, 6, 1), received=D(2021, 6, 3), feedback="已立案查处",
                  feedback_date=D(2021, 7, 1))
    assert validate_referral(ok) is ok and ok.state == "已反馈"
    assert Referral("JC1", AGRICULTURE, sent=D(2021, 6, 1), received=D(2021, 6, 1)).state == "已接收待反馈"
    with pytest.raises(ReferralError, match="接收日期2021-05-31早于发出日期2021-06-01"):
        validate_referral(Referral("JC1", POLICE, sent=D(2021, 6, 1), received=D(2021, 5, 31)))
    with pytest.raises(ReferralError, match="不能有反馈"):
        validate_referral(Referral("JC1", POLICE, sent=D(2021, 6, 1), feedback="已受理"))
    with pytest.raises(ReferralError, match="未填写发出日期"):
        validate_referral(Referral("JC1", POLICE, received=D(2021, 6, 1)))
    with pytest.raises(ReferralError, match="反馈日期早于接收日期"):
        validate_referral(Referral("JC1", POLICE, sent=D(2021, 6, 1), received=D(2021, 6, 5), feedback="x",
                                   feedback_date=D(2021, 6, 4)))
    with pytest.raises(ReferralError, match="未知部门"):
        validate_referral(Referral("JC1", "税务局", sent=D(2021, 6, 1)))


def test_from_suggestion_and_overdue():
    (s,) = suggest_referrals("新增建设用地违法", (), {"road_project": True})
    r = from_suggestion("JC9", s, sent=D(2021, 6, 1), doc_no="代自然资函〔2021〕5号")
    assert (r.direction, r.department, r.state) == (INBOUND, TRANSPORT, "已发出未接收")
    done = Referral("JC8", POLICE, sent=D(2021, 5, 1), received=D(2021, 5, 2), feedback="已立案")
    assert overdue([r, done], D(2021, 7, 1)) == [r]
    assert overdue([r], D(2021, 6, 30)) == []      # 29 days
