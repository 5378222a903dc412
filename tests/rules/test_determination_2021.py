"""One test per path through 附件4 under the 2021 rule set, named after its clause (design/DOMAIN.md §4)."""
import datetime as dt

import pytest

from wpzf.rules import load_ruleset
from wpzf.rules.facts import (
    AG_DAMAGE,
    FACILITY_AG,
    FLAG_AWAIT_PROVINCE,
    FLAG_CRIMINAL,
    FLAG_MANUAL,
    FLAG_NOT_FILED,
    FLAG_POST_APPROVAL_REVIEW,
    FLAG_REFER_AGRICULTURE,
    FLAG_SPLIT_BY_FOOTPRINT,
    HOMESTEAD_ILLEGAL,
    LEGAL,
    NEW_ILLEGAL,
    PENDING,
    PSEUDO_CHANGE,
    STOCK_ILLEGAL,
    TEMPORARY,
)

RS = load_ruleset(2021)
AREAS = {"MJ": 3.0, "GDMJ": 2.0, "YJJBNTMJ": 0.0}


def decide(**facts):
    return RS.determine(facts)


def stock(**facts):
    return decide(XZJSYD=True, **facts)


def new(**facts):
    return decide(XZJSYD=False, **{**AREAS, **facts})


def assert_outcome(o, category, clause, rule_id=None, flags=()):
    assert o.category == category, o.explanation
    assert o.clause == clause
    if rule_id:
        assert o.rule_id == rule_id
    assert set(flags) <= set(o.flags)
    assert category in o.explanation or category == PENDING


# --- A4.1 存量建设用地 ------------------------------------------------------------------------------

@pytest.mark.parametrize("change", ["materials", "demolish", "fill_level"])
def test_A4_1_non_construction_change_is_pseudo_change(change):
    o = stock(BHLX=change)
    assert_outcome(o, PSEUDO_CHANGE, "A4.1", "A4.1-non-construction-change")
    assert "不再纳入问题台账" in o.explanation


def test_A4_1_no_change_on_the_ground_says_so_without_calling_it_a_change():
    o = stock(BHLX="none")
    assert_outcome(o, PSEUDO_CHANGE, "A4.1", "A4.1-no-change")
    assert "实地无变化" in o.explanation and "非建设变化" not in o.explanation and "实地变化为" not in o.explanation


def test_A4_1_pre_law_renovation_without_planning_violation_is_pseudo_change():
    o = stock(BHLX="renovate", JSRQ=dt.date(1995, 6, 1), WFGH=False)
    assert_outcome(o, PSEUDO_CHANGE, "A4.1", "A4.1-pre-law-conforming")
    assert "1995年6月1日" in o.explanation and "1999年1月1日" in o.explanation


def test_A4_1_pre_law_renovation_violating_planning_is_stock_illegal():
    o = stock(BHLX="renovate", JSRQ="1990-03-01", WFGH=True, **AREAS)
    assert_outcome(o, STOCK_ILLEGAL, "A4.1", "A4.1-pre-law-planning-violation")
    assert o.missing == ()


def test_A4_1_post_law_with_approval_is_legal():
    o = stock(BHLX="new_build", JSRQ="2005-01-01", YDPF=True, PZWH="晋政地〔2005〕12号", PZRQ="2004-11-02")
    assert_outcome(o, LEGAL, "A4.1", "A4.1-post-law-approved")
    assert "晋政地〔2005〕12号" in o.explanation and o.missing == ()


def test_A4_1_post_law_registered_is_legal_even_when_approval_is_unknown():
    o = stock(BHLX="renovate", JSRQ="2005-01-01", QQDJ=True, DJZH="晋(2019)代县不动产权第001号",
              DJRQ="2019-05-05")
    assert_outcome(o, LEGAL, "A4.1", "A4.1-post-law-registered")


def test_A4_1_post_law_never_approved_nor_registered_is_stock_illegal():
    o = stock(BHLX="renovate", JSRQ="2010-07-01", YDPF=False, QQDJ=False, **AREAS)
    assert_outcome(o, STOCK_ILLEGAL, "A4.1", "A4.1-post-law-unapproved")


def test_A4_1_law_date_boundary_is_the_parameter():
    """1999-01-01 itself is after the law took effect ('实施以前' is strictly before)."""
    assert stock(BHLX="renovate", JSRQ="1998-12-31", WFGH=False).category == PSEUDO_CHANGE
    o = stock(BHLX="renovate", JSRQ="1999-01-01", YDPF=False, QQDJ=False, **AREAS)
    assert o.category == STOCK_ILLEGAL


def test_A4_1_unknown_facts_are_pending_and_named():
    o = stock()
    assert o.category == PENDING and o.missing == ("BHLX",) and o.rule_id == "pending:BHLX"
    o = stock(BHLX="renovate")
    assert o.missing == ("JSRQ",) and "始建日期" in o.explanation
    o = stock(BHLX="renovate", JSRQ="2003-01-01")
    assert o.category == PENDING and o.missing == ("YDPF", "QQDJ")


# --- A4.2 临时用地 --------------------------------------------------------------------------------

def test_A4_2_temporary_use_with_approval_is_temporary_land():
    o = new(SJYT="temporary", LSPF=True, LSPZWH="代自然资临〔2021〕3号")
    assert_outcome(o, TEMPORARY, "A4.2", "A4.2-approved")
    assert o.missing == ()


def test_A4_2_temporary_use_with_approval_but_no_number_says_so():
    o = new(SJYT="temporary", LSPF=True)
    assert o.category == TEMPORARY and o.missing == ("LSPZWH",) and o.explanation.endswith("尚未填写：临时用地批准文号。")
    assert "（未填写）" not in o.explanation      # the number is asked for, not cited as “批准文号（未填写）”


def test_A4_2_temporary_use_without_approval_is_new_illegal():
    assert_outcome(new(SJYT="temporary", LSPF=False), NEW_ILLEGAL, "A4.2", "A4.2-unapproved")


def test_A4_2_filling_for_building_without_approval_is_new_illegal_never_temporary():
    o = new(SJYT="nonagri", BHLX="fill_level", YDPF=False, SDPK=False)
    assert_outcome(o, NEW_ILLEGAL, "default")
    assert "A4.2" in o.clauses and "不得判定为临时用地" in o.explanation


def test_A4_2_temporary_pretext_for_building_is_new_illegal():
    o = new(SJYT="nonagri", MYYT="temporary", YDPF=False, SDPK=False)
    assert_outcome(o, NEW_ILLEGAL, "default")
    assert "A4.2" in o.clauses and "假借临时用地名义" in o.explanation


def test_A4_2_approved_temporary_not_used_as_such_reviews_post_approval_supervision():
    o = new(SJYT="nonagri", LSPF=True, LSPZWH="临〔2020〕9号", YDPF=False, SDPK=False)
    assert_outcome(o, NEW_ILLEGAL, "default", flags=[FLAG_POST_APPROVAL_REVIEW])
    assert "临〔2020〕9号" in o.explanation
    assert FLAG_POST_APPROVAL_REVIEW not in new(SJYT="temporary", LSPF=True).flags


# --- A4.3 设施农业用地 -----------------------------------------------------------------------------

def test_A4_3_compliant_facility_agriculture_filed_is_facility_land():
    o = new(SJYT="facility", SSHG=True, YZSS=False, SSBA=True)
    assert_outcome(o, FACILITY_AG, "A4.3", "A4.3-compliant")
    assert FLAG_NOT_FILED not in o.flags and o.missing == ()


def test_A4_3_compliant_but_not_filed_is_facility_land_flagged_not_filed():
    o = new(SJYT="facility", SSHG=True, YZSS=False, SSBA=False)
    assert_outcome(o, FACILITY_AG, "A4.3", flags=[FLAG_NOT_FILED])
    assert "督促备案" in o.explanation


def test_A4_3_filing_unknown_is_asked_for():
    o = new(SJYT="facility", SSHG=True, YZSS=False)
    assert o.category == FACILITY_AG and o.missing == ("SSBA",)


def test_A4_3_livestock_on_basic_farmland_without_county_consent_is_ag_damage():
    o = new(SJYT="facility", YZSS=True, YJJBNTMJ=1.5, BHTY=False, SSHG=True)
    assert_outcome(o, AG_DAMAGE, "A4.3", "A4.3-livestock-on-basic-farmland")
    assert "1.50亩" in o.explanation


def test_A4_3_livestock_on_basic_farmland_with_county_consent_is_facility_land():
    o = new(SJYT="facility", YZSS=True, YJJBNTMJ=1.5, BHTY=True, SSHG=True, SSBA=True)
    assert_outcome(o, FACILITY_AG, "A4.3", "A4.3-compliant")


def test_A4_3_livestock_off_basic_farmland_needs_no_consent():
    o = new(SJYT="facility", YZSS=True, YJJBNTMJ=0, SSHG=True, SSBA=True)
    assert o.category == FACILITY_AG and "BHTY" not in o.missing


def test_A4_3_facility_pretext_for_building_is_new_illegal():
    o = new(SJYT="nonagri", MYYT="facility", YDPF=False, SDPK=False)
    assert_outcome(o, NEW_ILLEGAL, "default")
    assert "A4.3" in o.clauses and "假借设施农业项目名义" in o.explanation


def test_A4_3_non_compliant_facility_is_left_to_a_person_who_can_decide():
    o = new(SJYT="facility", SSHG=False, YZSS=False)
    assert_outcome(o, PENDING, "manual", "A4.3-non-compliant", flags=[FLAG_MANUAL])
    assert o.missing[0] == "RGPD"
    o = new(SJYT="facility", SSHG=False, YZSS=False, RGPD="new_ill", RGSM="附属设施超标准")
    assert o.category == NEW_ILLEGAL and FLAG_MANUAL not in o.flags
    assert "经人工认定为“新增建设用地违法”：附属设施超标准" in o.explanation


# --- A4.4 所列工程 ---------------------------------------------------------------------------------

def test_A4_4_province_says_no_approval_needed_is_pseudo_change():
    o = new(SJYT="a44_works", GCLX="pylon", SZYJ="no_need")
    assert_outcome(o, PSEUDO_CHANGE, "A4.4", "A4.4-no-approval-needed")
    assert "高压铁塔" in o.explanation


def test_A4_4_approval_needed_and_missing_is_new_illegal():
    o = new(SJYT="a44_works", GCLX="wind_base", SZYJ="need", YDPF=False)
    assert_outcome(o, NEW_ILLEGAL, "A4.4", "A4.4-approval-needed-unapproved")


def test_A4_4_approval_needed_and_obtained_is_legal():
    o = new(SJYT="a44_works", GCLX="pipe", SZYJ="need", YDPF=True, PZWH="晋政地〔2021〕1号", PZRQ="2021-02-01")
    assert_outcome(o, LEGAL, "A4.4", "A4.4-approval-needed-approved")


def test_A4_4_opinion_not_yet_given_is_pending_province():
    o = new(SJYT="a44_works", GCLX="river", SZYJ="pending")
    assert_outcome(o, PENDING, "A4.4", "A4.4-awaiting-province", flags=[FLAG_AWAIT_PROVINCE])


def test_A4_4_opinion_not_recorded_is_pending_needing_it():
    o = new(SJYT="a44_works", GCLX="river")
    assert o.category == PENDING and o.missing == ("SZYJ",) and FLAG_AWAIT_PROVINCE not in o.flags


# --- A4.5 农村宅基地 -------------------------------------------------------------------------------

@pytest.mark.parametrize("approval", ["none", "fraud", "未经批准", "采取欺骗手段骗取批准"])
def test_A4_5_villager_house_without_approval_or_by_fraud_is_homestead_illegal(approval):
    o = new(SJYT="homestead", ZJPZ=approval)
    assert_outcome(o, HOMESTEAD_ILLEGAL, "A4.5", "A4.5-unapproved-or-fraud", flags=[FLAG_REFER_AGRICULTURE])
    assert "移交农业农村局" in o.explanation


def test_A4_5_villager_house_with_approval_is_legal():
    assert_outcome(new(SJYT="homestead", ZJPZ="approved"), LEGAL, "A4.5", "A4.5-approved")


# --- A4.6 国家级深度贫困地区 -----------------------------------------------------------------------

def test_A4_6_build_while_applying_begun_by_end_of_2020_is_legal():
    o = new(SJYT="nonagri", YDPF=False, SDPK=True, BBBJ=True, JSRQ="2020-12-31")
    assert_outcome(o, LEGAL, "A4.6", "A4.6-begun-by-2020")


def test_A4_6_new_project_from_2021_without_approval_is_illegal():
    o = new(SJYT="nonagri", YDPF=False, SDPK=True, BBBJ=True, JSRQ="2021-01-01")
    assert_outcome(o, NEW_ILLEGAL, "A4.6", "A4.6-new-from-2021")


def test_A4_6_project_not_allowed_to_build_while_applying_is_illegal():
    o = new(SJYT="nonagri", YDPF=False, SDPK=True, BBBJ=False)
    assert_outcome(o, NEW_ILLEGAL, "A4.6", "A4.6-not-build-while-applying")


def test_A4_6_start_date_unknown_is_pending():
    o = new(SJYT="nonagri", YDPF=False, SDPK=True, BBBJ=True)
    assert o.category == PENDING and o.missing == ("JSRQ",)


# --- A4.7 其他 -----------------------------------------------------------------------------------

def test_A4_7_drawing_error_is_judged_by_actual_footprint_as_legal():
    o = new(SJYT="nonagri", YDPF=True, HXGX="draw_err", PZWH="晋政地〔2020〕8号", PZRQ="2020-03-01",
            RGSM="东侧超出部分为勾画误差，实地未建设")
    assert_outcome(o, LEGAL, "A4.7", "A4.7-drawing-error")
    assert "东侧超出部分为勾画误差" in o.explanation and o.missing == ()


def test_A4_7_footprint_beyond_red_line_is_split_or_decided_by_a_person():
    o = new(SJYT="nonagri", YDPF=True, HXGX="exceeds", PZWH="x", PZRQ="2020-03-01")
    assert_outcome(o, PENDING, "A4.7", "A4.7-exceeds-red-line", flags=[FLAG_SPLIT_BY_FOOTPRINT, FLAG_MANUAL])
    o = new(SJYT="nonagri", YDPF=True, HXGX="exceeds", RGPD="新增建设用地违法", RGSM="超出红线0.8亩")
    assert o.category == NEW_ILLEGAL and o.clause == "A4.7"


# --- the general rule ---------------------------------------------------------------------------------

def test_default_new_construction_with_approval_inside_red_line_is_legal():
    o = new(SJYT="nonagri", YDPF=True, HXGX="inside", PZWH="晋政地〔2021〕5号", PZRQ="2021-04-01")
    assert_outcome(o, LEGAL, "default", "default-approved")


def test_default_new_construction_without_approval_is_new_illegal():
    o = new(SJYT="mining", YDPF=False, SDPK=False)
    assert_outcome(o, NEW_ILLEGAL, "default", "default-unapproved")
    assert "占地3.00亩，其中耕地2.00亩" in o.explanation


def test_default_farming_without_construction_is_pseudo_change():
    assert_outcome(new(SJYT="farming"), PSEUDO_CHANGE, "default", "default-no-construction")


def test_default_other_use_is_left_to_a_person():
    assert_outcome(new(SJYT="other"), PENDING, "manual", "manual-other-use", flags=[FLAG_MANUAL])


def test_nothing_known_is_pending_on_the_land_class():
    o = decide()
    assert o.category == PENDING and o.missing == ("XZJSYD",) and o.clause == ""
    assert set(o.clauses) >= {"A4.1", "A4.2", "A4.3", "A4.4", "A4.5", "A4.6", "A4.7"}


# --- criminal thresholds (法释〔2000〕14号) ----------------------------------------------------------

def unapproved(**areas):
    return new(SJYT="nonagri", YDPF=False, SDPK=False, **areas)


def test_CR_five_mu_basic_farmland_is_flagged_for_the_police():
    o = unapproved(GDMJ=5.0, YJJBNTMJ=5.0)
    assert FLAG_CRIMINAL in o.flags and "CR" in o.clauses and "经核实后依法移送公安机关" in o.explanation
    assert FLAG_CRIMINAL not in unapproved(GDMJ=4.99, YJJBNTMJ=4.99).flags


def test_CR_ten_mu_other_cultivated_land_is_flagged_for_the_police():
    assert FLAG_CRIMINAL in unapproved(GDMJ=14.0, YJJBNTMJ=4.0).flags
    assert FLAG_CRIMINAL not in unapproved(GDMJ=13.99, YJJBNTMJ=4.0).flags


def test_CR_legal_use_is_never_flagged_and_unknown_areas_are_asked_for():
    o = new(SJYT="nonagri", YDPF=True, HXGX="inside", PZWH="x", PZRQ="2021-01-01", GDMJ=50.0, YJJBNTMJ=20.0)
    assert FLAG_CRIMINAL not in o.flags
    o = decide(XZJSYD=False, SJYT="nonagri", YDPF=False, SDPK=False, MJ=3.0)
    assert FLAG_CRIMINAL not in o.flags and {"GDMJ", "YJJBNTMJ"} <= set(o.missing)


def test_every_clause_of_annex_4_has_rules():
    clauses = {RS.rule(r).clause for r in RS.rule_ids}
    assert {"A4.1", "A4.2", "A4.3", "A4.4", "A4.5", "A4.6", "A4.7"} <= clauses


def test_a_frame_of_records_gives_result_fields_aligned_with_its_index():
    """Stores hand back pandas frames: nullable booleans (pd.NA), NaN and labels all read correctly."""
    import pandas as pd

    from wpzf.rules import determine_frame

    df = pd.DataFrame({"XZJSYD": pd.array([True, None, False], dtype="boolean"),
                       "SJYT": [None, None, "临时使用"], "LSPF": pd.array([None, None, True], dtype="boolean"),
                       "LSPZWH": [None, float("nan"), "临〔2021〕1号"]}, index=[10, 20, 30])
    out = determine_frame(df, RS)
    assert list(out.index) == [10, 20, 30]
    assert list(out["PDJG"]) == [PENDING, PENDING, TEMPORARY]
    assert list(out["QSSS"]) == ["BHLX", "XZJSYD", ""]
    assert out.loc[30, "PDTK"] == "A4.2" and out.loc[30, "GZJ"] == "2021" and out.loc[30, "KCPDJG"] is None
