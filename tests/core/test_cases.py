"""Case tracking: evidence per measure, area limits, status transitions, accountability markers."""
import datetime as dt

import pytest

from wpzf.core.accountability import compute_accountability
from wpzf.core.cases import (
    APPROVAL,
    CLOSE,
    CONFISCATE,
    DEMOLISH,
    ELIMINATED,
    RECLAIM,
    RECTIFIED,
    RECTIFYING,
    CaseError,
    Measure,
    Penalty,
    Photo,
    accountability_markers,
    add_measure,
    coverage,
    evidence_problems,
    open_case,
    transition,
    update_measure,
)

D = dt.date
ISSUED = D(2021, 4, 10)


def case(illegal=10.0, gd=8.0, **kw):
    return open_case("JC001", ISSUED, illegal, gd, "代自然资立〔2021〕12号", D(2021, 5, 1), **kw)


def physical(kind, area, start=D(2021, 6, 1), completed=D(2021, 6, 20), photo=D(2021, 6, 21)):
    photos = (Photo(f"{kind}.jpg", photo),) if photo else ()
    return Measure(kind, area, start=start, completed=completed, photos=photos)


def approval(area, no="晋政地〔2021〕88号", date=D(2021, 9, 1)):
    return Measure(APPROVAL, area, doc_no=no, doc_date=date)


# --- evidence --------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [DEMOLISH, RECLAIM, CLOSE])
def test_physical_measure_needs_a_photo_after_its_start(kind):
    c = case()
    assert evidence_problems(physical(kind, 2), c) == []
    before = physical(kind, 2, photo=D(2021, 5, 31))        # taken the day before the work began
    (problem,) = evidence_problems(before, c)
    assert kind in problem and "2021-06-01" in problem
    assert evidence_problems(physical(kind, 2, photo=None), c)


def test_photo_must_also_follow_the_patch_issue_date():
    c = case()
    early = physical(DEMOLISH, 2, start=D(2021, 3, 1), completed=D(2021, 3, 5), photo=D(2021, 4, 9))
    (problem,) = evidence_problems(early, c)
    assert "2021-04-10" in problem
    ok = physical(DEMOLISH, 2, start=D(2021, 3, 1), completed=D(2021, 3, 5), photo=dt.datetime(2021, 4, 10, 9, 30))
    assert evidence_problems(ok, c) == []


def test_physical_measure_needs_start_and_completion():
    c = case()
    assert any("开始日期" in p for p in evidence_problems(physical(RECLAIM, 2, start=None), c))
    assert any("尚未完成" in p for p in evidence_problems(physical(RECLAIM, 2, completed=None), c))


def test_approval_needs_number_and_date_not_before_issue():
    c = case()
    assert evidence_problems(approval(3), c) == []
    assert any("文号" in p for p in evidence_problems(approval(3, no="  "), c))
    assert any("批准时间" in p for p in evidence_problems(approval(3, date=None), c))
    assert any("合法用地" in p for p in evidence_problems(approval(3, date=D(2021, 1, 1)), c))


def test_confiscation_needs_decision_number():
    c = case()
    assert evidence_problems(Measure(CONFISCATE, 1, doc_no="代自然资罚〔2021〕3号"), c) == []
    (problem,) = evidence_problems(Measure(CONFISCATE, 1), c)
    assert "没收决定书" in problem


# --- opening and areas -----------------------------------------------------------------------------

def test_open_case_validates():
    with pytest.raises(CaseError, match="立案编号"):
        open_case("JC1", ISSUED, 5, 5, "", D(2021, 5, 1))
    with pytest.raises(CaseError, match="耕地面积"):
        case(illegal=5, gd=6)
    with pytest.raises(CaseError, match="决定书文号"):
        case(penalty=Penalty(fine_yuan=20000))
    c = case(penalty=Penalty(fine_yuan=20000, confiscation=True, decision_no="代自然资罚〔2021〕3号"))
    assert c.status == "立案" and c.penalty.fine_yuan == 20000


def test_measures_may_not_exceed_the_illegal_area():
    """10 亩 illegal: 拆除 6 + 补办 4 = 10 fits; one more 0.02 亩 of 没收 makes 10.02 > 10.01."""
    c = add_measure(add_measure(case(), physical(DEMOLISH, 6)), approval(4))
    with pytest.raises(CaseError, match="没收.*10.02亩超过图斑违法面积10.00亩"):
        add_measure(c, Measure(CONFISCATE, 0.02, doc_no="x"))
    add_measure(c, Measure(CONFISCATE, 0.01, doc_no="x"))   # within the 0.01 亩 tolerance


def test_restoration_of_cleared_land_is_not_counted_twice():
    """拆除 6 then 复耕 6 on the same land covers 6 亩, not 12; 复耕 9 (3 亩 earthworks only) covers 9."""
    c = add_measure(add_measure(case(), physical(DEMOLISH, 6)), physical(RECLAIM, 6))
    assert coverage(c).covered_mu == 6
    c = add_measure(c, physical(RECLAIM, 3))
    assert coverage(c).covered_mu == 9
    with pytest.raises(CaseError, match="复耕"):
        add_measure(c, physical(RECLAIM, 2))       # Σ复耕 11 > 10
    with pytest.raises(CaseError, match="补办手续.*覆盖面积10.50亩"):
        add_measure(c, approval(1.5))              # max(6, 9) + 1.5 = 10.5 > 10


def test_unknown_measure_and_nonpositive_area():
    with pytest.raises(CaseError, match="未知的整改措施"):
        add_measure(case(), Measure("罚款", 1))
    with pytest.raises(CaseError, match="面积须大于0"):
        add_measure(case(), physical(DEMOLISH, 0))


# --- transitions -----------------------------------------------------------------------------------

def test_full_life_of_a_case():
    c = case()
    with pytest.raises(CaseError, match="尚未登记"):
        transition(c, RECTIFYING, D(2021, 5, 2))
    c = add_measure(c, physical(DEMOLISH, 6))
    c = transition(c, RECTIFYING, D(2021, 6, 1))
    c = add_measure(c, physical(RECLAIM, 6, completed=None))
    with pytest.raises(CaseError, match="未完成"):
        transition(c, RECTIFIED, D(2021, 7, 1))
    c = add_measure(c, approval(4))
    with pytest.raises(CaseError, match="未完成"):
        transition(c, RECTIFIED, D(2021, 9, 2))
    c = update_measure(c, 1, physical(RECLAIM, 6, completed=D(2021, 8, 30), photo=D(2021, 8, 31)))
    with pytest.raises(CaseError, match="没有第4项"):
        update_measure(c, 3, approval(1))
    with pytest.raises(CaseError, match="复耕.*超过"):
        update_measure(c, 1, physical(RECLAIM, 10.5))
    c = transition(c, RECTIFIED, D(2021, 9, 2))
    c = transition(c, ELIMINATED, D(2021, 9, 3))
    assert [h.status for h in c.history] == ["立案", "整改中", "已整改", "消除违法状态"]
    with pytest.raises(CaseError, match="不能由“消除违法状态”变为“整改中”"):
        transition(c, RECTIFYING, D(2021, 10, 1))
    with pytest.raises(CaseError, match="已消除违法状态"):
        add_measure(c, physical(RECLAIM, 1))
    assert coverage(c).covered_mu == 10


def test_no_skipping_and_no_going_back_in_time():
    c = add_measure(case(), physical(DEMOLISH, 10))
    with pytest.raises(CaseError, match="不能由“立案”变为“消除违法状态”"):
        transition(c, ELIMINATED, D(2021, 7, 1))
    with pytest.raises(CaseError, match="早于上一状态日期"):
        transition(c, RECTIFYING, D(2021, 4, 30))


def test_elimination_needs_evidenced_cover_within_tolerance():
    """10 亩 illegal. 拆除 9.995 with a photo: 9.995 ≥ 10 − 0.01, eliminated. With 9.98: short by 0.02."""
    ok = add_measure(case(), physical(DEMOLISH, 9.995))
    ok = transition(transition(ok, RECTIFYING, D(2021, 6, 1)), RECTIFIED, D(2021, 6, 25))
    assert transition(ok, ELIMINATED, D(2021, 6, 26)).status == ELIMINATED

    short = add_measure(case(), physical(DEMOLISH, 9.98))
    short = transition(transition(short, RECTIFYING, D(2021, 6, 1)), RECTIFIED, D(2021, 6, 25))
    with pytest.raises(CaseError, match="仅覆盖9.98亩"):
        transition(short, ELIMINATED, D(2021, 6, 26))


def test_elimination_refused_when_evidence_missing_and_names_the_measure():
    c = add_measure(case(), physical(DEMOLISH, 6, photo=None))
    c = add_measure(c, approval(4))
    c = transition(transition(c, RECTIFYING, D(2021, 6, 1)), RECTIFIED, D(2021, 9, 2))
    with pytest.raises(CaseError, match="仅覆盖4.00亩.*拆除.*缺少.*现场照片") as err:
        transition(c, ELIMINATED, D(2021, 9, 3))
    assert "demolition" in str(err.value) and "no site photo" in err.value.en


def test_confiscation_with_a_decision_number_counts_without_a_date():
    """10 亩: 拆除 7 (photo) + 没收 3 (decision number only) = 10 → eliminated; without the number the
    没收 is open, so the case cannot even be 已整改."""
    c = add_measure(case(), physical(DEMOLISH, 7))
    open_ = transition(add_measure(c, Measure(CONFISCATE, 3)), RECTIFYING, D(2021, 6, 1))
    with pytest.raises(CaseError, match="未完成.*没收"):
        transition(open_, RECTIFIED, D(2021, 7, 1))
    c = transition(add_measure(c, Measure(CONFISCATE, 3, doc_no="代自然资罚〔2021〕3号")), RECTIFYING, D(2021, 6, 1))
    c = transition(transition(c, RECTIFIED, D(2021, 7, 1)), ELIMINATED, D(2021, 7, 2))
    assert c.status == ELIMINATED and coverage(c).confiscated_mu == 3


def test_elimination_counts_only_measures_in_effect_by_its_date():
    """补办手续 approved 2021-09-01 cannot support elimination dated 2021-08-31."""
    c = add_measure(case(), approval(10))
    c = transition(transition(c, RECTIFYING, D(2021, 6, 1)), RECTIFIED, D(2021, 8, 30))
    with pytest.raises(CaseError, match="仅覆盖0.00亩"):
        transition(c, ELIMINATED, D(2021, 8, 31))
    assert transition(c, ELIMINATED, D(2021, 9, 1)).status == ELIMINATED


def test_rectified_may_return_to_rectifying():
    c = add_measure(case(), physical(DEMOLISH, 3))
    c = transition(transition(c, RECTIFYING, D(2021, 6, 1)), RECTIFIED, D(2021, 6, 25))
    c = transition(c, RECTIFYING, D(2021, 7, 1), note="市级审核：整改不到位")
    assert c.status == RECTIFYING and c.history[-1].note.startswith("市级")


# --- accountability markers ------------------------------------------------------------------------

def test_markers_for_restoration_and_approvals():
    c = case(illegal=10, gd=8)
    assert accountability_markers(c, 2021) == {"approvals_completed": False, "restored": False,
                                               "restored_in_year": False}
    part = add_measure(add_measure(c, physical(DEMOLISH, 8)), physical(RECLAIM, 5))
    assert accountability_markers(part, 2021)["restored"] is False          # 5 of 8 亩 of 耕地
    whole = add_measure(part, physical(RECLAIM, 3, completed=D(2022, 1, 15), photo=D(2022, 1, 16)))
    assert accountability_markers(whole, 2021) == {"approvals_completed": False, "restored": True,
                                                   "restored_in_year": False}  # cover completed in 2022
    assert accountability_markers(whole, 2022)["restored_in_year"] is True
    assert accountability_markers(whole) == accountability_markers(whole, 2021)      # issued in 2021

    class RuleSet2022:
        year = 2022
    assert accountability_markers(whole, RuleSet2022())["restored_in_year"] is True
    demolished_only = add_measure(c, physical(DEMOLISH, 10))
    assert accountability_markers(demolished_only, 2021)["restored"] is False
    approved = add_measure(c, approval(8))
    assert accountability_markers(approved, 2021)["approvals_completed"] is True
    mixed = add_measure(add_measure(c, approval(4)), physical(RECLAIM, 4))
    assert accountability_markers(mixed, 2021) == {"approvals_completed": False, "restored": False,
                                                   "restored_in_year": False}


def test_markers_ignore_measures_without_evidence():
    c = add_measure(case(illegal=8, gd=8), physical(RECLAIM, 8, photo=D(2021, 5, 1)))
    assert accountability_markers(c, 2021)["restored"] is False


def test_markers_without_cultivated_land_use_the_illegal_area():
    c = add_measure(case(illegal=4, gd=0), physical(CLOSE, 4))
    assert accountability_markers(c, 2021)["restored"] is True


def test_markers_move_the_accountability_figures_as_annex5_says():
    """Three 新增建设用地违法 patches in 代县, 40 + 30 + 50 亩 of 耕地, all new construction:

    no markers:  numerator 120, denominator 120 + 280 (合法用地) = 400, ratio 30 %.
    p1 restored (拆除 + 复耕 40): 附件5 item 2, off both → numerator 80, denominator 360.
    p2 approvals completed (补办 30): item 1, numerator only → numerator 50, denominator 360.
    p3 half restored (复耕 25 of 50): counts for nothing → stays in both.
    ratio = 50 / 360 = 13.89 %; 增违挂钩 = p3 50 亩 (p1 restored in the year, p2 approved).
    """
    p1 = add_measure(add_measure(open_case("p1", ISSUED, 40, 40, "立1", D(2021, 5, 1)), physical(DEMOLISH, 40)),
                     physical(RECLAIM, 40))
    p2 = add_measure(open_case("p2", ISSUED, 30, 30, "立2", D(2021, 5, 1)), approval(30))
    p3 = add_measure(open_case("p3", ISSUED, 50, 50, "立3", D(2021, 5, 1)), physical(RECLAIM, 25))
    rows = [dict(id=c.patch_id, county="140923", township="上馆镇", category="新增建设用地违法",
                 illegal_gd_mu=c.illegal_gd_mu, new_gd_mu=c.illegal_gd_mu) for c in (p1, p2, p3)]
    rows.append(dict(id="legal", county="140923", township="上馆镇", category="合法用地", illegal_gd_mu=0,
                     new_gd_mu=280))
    before = compute_accountability(rows).get("county", "140923")
    assert (before.numerator, before.denominator) == (120, 400)
    for r, c in zip(rows, (p1, p2, p3)):
        r.update(accountability_markers(c, 2021))
    after = compute_accountability(rows).get("county", "140923")
    assert (after.numerator, after.denominator) == (50, 360)
    assert after.line(2).ids == ("p1",) and after.line(1).ids == ("p2",)
    assert after.ratio == pytest.approx(50 / 360)
    assert after.linkage_mu == 50 and after.linkage_ids == ("p3",)


def test_evidence_inputs_name_exactly_what_the_evidence_rule_checks():
    """The form marks EVIDENCE_INPUTS as required: with all of them a measure counts, without any one it does not."""
    from wpzf.core.cases import EVIDENCE_INPUTS, MEASURES

    full = {"start": D(2021, 6, 1), "completed": D(2021, 6, 20), "photos": (Photo("a.jpg", D(2021, 6, 21)),),
            "doc_no": "晋政地字〔2021〕1号", "doc_date": D(2021, 6, 1)}
    c = case()
    assert set(EVIDENCE_INPUTS) == set(MEASURES)
    for kind, needed in EVIDENCE_INPUTS.items():
        given = {k: full[k] for k in needed}
        assert evidence_problems(Measure(kind, 1.0, **given), c) == [], kind
        for k in needed:
            assert evidence_problems(Measure(kind, 1.0, **{**given, k: () if k == "photos" else None if k != "doc_no"
                                                           else ""}), c), (kind, k)


def test_declared_coverage_counts_measures_whatever_their_evidence():
    from wpzf.core.cases import declared_coverage

    c = add_measure(add_measure(case(), Measure(DEMOLISH, 4.0)), Measure(RECLAIM, 6.0))
    assert declared_coverage(c).covered_mu == 6.0 and coverage(c).covered_mu == 0.0
