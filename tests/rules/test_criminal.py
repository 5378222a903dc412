"""Criminal thresholds: per record in the rule set, per party in core/criminal.py, and the two agree."""
from hypothesis import given, settings
from hypothesis import strategies as st

from wpzf.core.criminal import CriminalThresholds, criminal_by_party, criminal_reasons
from wpzf.rules import ILLEGAL_CATEGORIES, load_ruleset
from wpzf.rules.facts import FLAG_CRIMINAL

RS = load_ruleset(2021)
TH = CriminalThresholds.from_ruleset(RS)


def test_thresholds_come_from_the_rule_set():
    assert (TH.basic_farmland_mu, TH.other_cultivated_mu) == (5.0, 10.0)


def test_small_patches_of_one_party_add_up_to_a_referral():
    """Party 张三: 3 + 2.5 亩 basic farmland = 5.5 ≥ 5 → flagged, though neither patch is.
    Party 李四: other cultivated (6 − 1) + 4 = 9 < 10 and basic farmland 1 < 5 → not flagged.
    The legal patch of 李四 (30 亩) and the row without a party are left out."""
    rows = [
        {"id": "1", "party": "张三", "category": "新增建设用地违法", "GDMJ": 3.0, "YJJBNTMJ": 3.0},
        {"id": "2", "party": "张三", "category": "农村宅基地违法", "GDMJ": 2.5, "YJJBNTMJ": 2.5},
        {"id": "3", "party": "李四", "category": "新增建设用地违法", "GDMJ": 6.0, "YJJBNTMJ": 1.0},
        {"id": "4", "party": "李四", "category": "新增建设用地违法", "GDMJ": 4.0, "YJJBNTMJ": 0.0},
        {"id": "5", "party": "李四", "category": "合法用地", "GDMJ": 30.0, "YJJBNTMJ": 0.0},
        {"id": "6", "party": None, "category": "新增建设用地违法", "GDMJ": 50.0, "YJJBNTMJ": 0.0},
    ]
    checks = criminal_by_party(rows, "party", TH)
    assert [c.key for c in checks] == ["张三", "李四"]
    zs, ls = checks
    assert zs.flagged and zs.ids == ("1", "2") and zs.basic_farmland_mu == 5.5 and zs.flag == FLAG_CRIMINAL
    assert "5.50亩" in zs.reasons[0] and zs.needs_confirmation
    assert not ls.flagged and ls.other_cultivated_mu == 9.0 and ls.ids == ("3", "4")
    for r in rows[:4]:
        assert FLAG_CRIMINAL not in RS.determine(
            {"XZJSYD": False, "SJYT": "nonagri", "YDPF": False, "SDPK": False, "MJ": 1, **r}).flags


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(ILLEGAL_CATEGORIES) + ["合法用地"]),
       st.floats(0, 20, allow_nan=False), st.floats(0, 20, allow_nan=False))
def test_rule_set_flag_and_party_check_agree_for_one_record(category, bnf, extra):
    gd = bnf + extra
    rec = {"XZJSYD": False, "SJYT": "other", "RGPD": category, "RGSM": "x", "MJ": gd, "GDMJ": gd, "YJJBNTMJ": bnf}
    o = RS.determine(rec)
    assert o.category == category
    checks = criminal_by_party([{"id": "1", "party": "p", "category": category, "GDMJ": gd, "YJJBNTMJ": bnf}])
    by_party = bool(checks and checks[0].flagged)
    assert (FLAG_CRIMINAL in o.flags) == by_party
    assert by_party == (category in ILLEGAL_CATEGORIES and bool(criminal_reasons(bnf, max(gd - bnf, 0), TH)))
