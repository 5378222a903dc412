"""Accountability arithmetic of 附件5, checked against figures computed by hand in each docstring."""
import math

import pandas as pd
import pytest

from wpzf.core.accountability import (
    AccountabilityInputError,
    Thresholds,
    build_input,
    compute_accountability,
    pending_gd_text,
    what_if,
)
from wpzf.rules import load_ruleset

NEW, HOMESTEAD, STOCK, AG, LEGAL, PENDING = ("新增建设用地违法", "农村宅基地违法", "存量建设用地违法",
                                             "农业项目破坏耕地（基本农田）", "合法用地", "待定")


def row(id, category, illegal, new, county="140923", township="上馆镇", **kw):
    return dict(id=id, county=county, township=township, category=category, illegal_gd_mu=illegal,
                new_gd_mu=new, **kw)


ONE_COUNTY = [
    row("a1", NEW, 40, 40),
    row("a2", NEW, 30, 30, approvals_completed=True),
    row("a3", HOMESTEAD, 10, 10, restored=True),
    row("a4", NEW, 25, 25, township="枣林镇", major_infra="national", supervision_fulfilled=True),
    row("a5", NEW, 20, 20, township="枣林镇", major_infra="provincial", supervision_fulfilled="是"),
    row("a6", STOCK, 0, 0, township="枣林镇"),
    row("a7", AG, 15, 0, township="枣林镇"),
    row("a8", LEGAL, 0, 300, township="枣林镇"),
    row("a9", PENDING, 0, 0, township="枣林镇", gd_mu=5),
    row("a10", NEW, 12, 12, major_infra="national", supervision_fulfilled=False),
]


def test_county_every_adjustment_line():
    """代县 (140923), one row per kind of adjustment:

    raw numerator   = 40 + 30 + 10 + 25 + 20 + 0 + 15 + 12          = 152 亩 (every illegal category)
    raw denominator = 40 + 30 + 10 + 25 + 20 + 0 + 0 + 300 + 12     = 437 亩 (a9 待定 is left out)
    item 1 (approvals, a2):                 numerator −30
    item 2 (restored, a3):                  numerator −10, denominator −10
    item 3 (infrastructure fulfilled, a4 national 25 + a5 provincial 20):  −45 / −45
       (a10 is national infrastructure but supervision not fulfilled: no deduction)
    item 6 (a6 存量 0, a7 农业项目 15):     numerator −15, denominator −0
    numerator   = 152 − 30 − 10 − 45 − 15 = 52  (= a1 40 + a10 12)
    denominator = 437 − 10 − 45          = 382
    ratio = 52 / 382 = 13.61 %  → below 100 亩 and below 15 %: not triggered.
    增违挂钩 = illegal, not restored in the year, no approvals: a1 40 + a4 25 + a5 20 + a7 15 + a10 12 = 112.
    """
    r = compute_accountability(ONE_COUNTY).get("county", "140923")
    assert r.numerator_raw == 152 and r.denominator_raw == 437
    assert set(r.numerator_ids) == {"a1", "a2", "a3", "a4", "a5", "a7", "a10"}
    assert (r.line(1).numerator_mu, r.line(1).denominator_mu, r.line(1).ids) == (30, 0, ("a2",))
    assert (r.line(2).numerator_mu, r.line(2).denominator_mu, r.line(2).ids) == (10, 10, ("a3",))
    assert (r.line(3).numerator_mu, r.line(3).denominator_mu, r.line(3).ids) == (45, 45, ("a4", "a5"))
    assert (r.line(4).numerator_mu, r.line(4).ids) == (0, ())
    assert (r.line(6).numerator_mu, r.line(6).denominator_mu, r.line(6).ids) == (15, 0, ("a6", "a7"))
    assert r.line(5).ids == ("a3",) and r.line(5).numerator_mu == 0  # homesteads are no longer deducted
    assert r.numerator == 52 and r.denominator == 382
    assert r.ratio == pytest.approx(52 / 382)
    assert r.triggered is False and r.ratio_passes is False
    assert r.pending_ids == ("a9",) and r.pending_gd_mu == 5
    assert r.linkage_mu == 112 and set(r.linkage_ids) == {"a1", "a4", "a5", "a7", "a10"}
    assert "扣除后违法占用耕地52.00亩" in r.summary()


def test_township_level():
    """上馆镇: a1 40, a2 30 (item 1), a3 10 (item 2), a10 12
         numerator 92 − 30 − 10 = 52, denominator 92 − 10 = 82, ratio 63.41 %; no threshold for townships.
    枣林镇: a4 25 + a5 20 (item 3), a6 0 + a7 15 (item 6), a8 legal 300, a9 待定
         numerator 60 − 45 − 15 = 0, denominator 345 − 45 = 300, ratio 0."""
    res = compute_accountability(ONE_COUNTY, names={"140923": "代县"})
    assert [r.level for r in res.levels] == ["county", "township", "township"]
    sg = res.get("township", "140923/上馆镇")
    assert sg.name == "代县上馆镇"
    assert (sg.numerator_raw, sg.numerator, sg.denominator) == (92, 52, 82)
    assert sg.ratio == pytest.approx(52 / 82)
    assert sg.area_threshold is None and sg.triggered is None and sg.area_readings == ()
    zl = res.get("township", "140923/枣林镇")
    assert (zl.numerator_raw, zl.numerator, zl.denominator, zl.ratio) == (60, 0, 300, 0)


MANY = [
    row("b1", NEW, 100, 400, county="140923"),
    row("b2", NEW, 300, 1000, county="140902", township="播明镇"),
    row("b3", NEW, 100, 100, county="140902", township="播明镇", major_infra="省级", supervision_fulfilled=True),
    row("b4", NEW, 4600, 20000, county="140105", township="小店街道"),
]


def test_city_and_province_levels_and_item_4():
    """Counties 140923 and 140902 are in city 140900, 140105 in city 140100; all in province 140000.

    140902: numerator 300 + 100 − 100 (item 3, b3 provincial) = 300, denominator 1100 − 100 = 1000,
            30 % ≥ 15 % and 300 > 100 → triggered.
    city 140900: numerator 100 + 400 − 100 = 400 < 500 亩 → not triggered (ratio 400/1400 = 28.57 %).
    province 140000: item 4 withholds the provincial project b3 from item 3:
            numerator 100 + 400 + 4600 = 5100 ≥ 5000, denominator 400 + 1100 + 20000 = 21500,
            ratio 23.72 % → triggered; item 4 lists b3 (100 亩 not deducted)."""
    res = compute_accountability(MANY)
    assert [r.level for r in res.levels][:3] == ["province", "city", "city"]
    c = res.get("county", "140902")
    assert (c.numerator, c.denominator, c.triggered) == (300, 1000, True)
    city = res.get("city", "140900")
    assert (city.numerator_raw, city.numerator, city.denominator) == (500, 400, 1400)
    assert city.area_threshold == 500 and city.triggered is False
    p = res.get("province", "140000")
    assert p.line(3).ids == () and p.line(4).ids == ("b3",) and "100.00亩" in p.line(4).note
    assert (p.numerator, p.denominator) == (5100, 21500) and p.triggered is True
    assert p.area_readings == (("附件5“5000亩以上”（≥）", True),)


def test_province_still_deducts_national_projects():
    """With b3 a national project the province deducts it too: 5100 − 100 = 5000 亩, exactly at the
    threshold. 附件5 says “5000亩以上”, which includes 5000 (there is no second reading above county
    level): triggered, with a note that the figure sits on the threshold."""
    rows = [dict(r, major_infra="national") if r["id"] == "b3" else r for r in MANY]
    p = compute_accountability(rows).get("province", "140000")
    assert p.line(3).ids == ("b3",) and p.line(4).ids == ()
    assert p.numerator == 5000 and p.triggered is True
    assert len(p.boundary_notes) == 1 and "恰为5000亩临界值" in p.boundary_notes[0]


def test_county_exactly_at_100_shows_both_readings():
    """代县 in MANY: b1 alone, numerator 100 亩, denominator 400, ratio 25 %.
    附件5 “100亩以上” (≥): 100 qualifies → triggered; main text “大于100亩” (>): it does not.
    The result says so instead of choosing: triggered is None and the note gives both readings."""
    r = compute_accountability(MANY).get("county", "140923")
    assert r.numerator == 100 and r.ratio == 0.25
    assert dict(r.area_readings) == {"附件5“100亩以上”（≥）": True, "正文六（三）“大于100亩”（>）": False}
    assert r.triggered is None
    note = r.boundary_notes[0]
    assert "恰为100亩临界值" in note and "按附件5“100亩以上”（≥）纳入问责范围" in note
    assert "按正文六（三）“大于100亩”（>）不纳入问责范围" in note
    assert "取决于对临界值的理解" in r.summary()


def test_float_noise_does_not_move_a_figure_off_the_boundary():
    """0.1 + 0.2 + … ten times 10 亩 split as 3.3 + 3.3 + 3.4: binary sums wobble around 100;
    within 1e-9 亩 they count as exactly 100, so both readings still show."""
    rows = [row(f"p{i}{j}", NEW, a, a) for i in range(10) for j, a in enumerate((3.3, 3.3, 3.4))]
    r = compute_accountability(rows).get("county", "140923")
    assert math.isclose(r.numerator, 100, abs_tol=1e-9) and r.triggered is None


def test_just_below_the_boundary_is_explained_with_the_unrounded_figure():
    """99.996 亩 displays as 100.00 but is below 100 under both readings: not triggered, with a note."""
    r = compute_accountability([row("x", NEW, 99.996, 200)]).get("county", "140923")
    assert r.triggered is False
    assert "显示为100.00亩，未取整值为99.996000亩" in r.boundary_notes[0]


def test_ratio_of_exactly_15_percent_qualifies():
    """150 / 1000 = 15 % “达到15%以上” → passes; 150 亩 > 100 under both readings → triggered.
    150 / 1000.01 = 14.9998 % displays as 15.00 % but does not reach it."""
    r = compute_accountability([row("x", NEW, 150, 150), row("y", LEGAL, 0, 850)]).get("county", "140923")
    assert r.ratio_passes is True and r.triggered is True
    r = compute_accountability([row("x", NEW, 150, 150), row("y", LEGAL, 0, 850.01)]).get("county", "140923")
    assert r.ratio_passes is False and r.triggered is False
    assert any("比例显示为15.00%" in n for n in r.boundary_notes)


def test_what_if_restoring_and_completing_approvals():
    """Before: 代县 numerator 100 (ambiguous at the boundary).
    Approvals completed for b1: numerator 100 − 100 = 0, denominator stays 400 → not triggered.
    Restored b2 in 140902: numerator 300 − 300 = 0, denominator 1000 − 1000 = 0 → no ratio, not triggered;
    city 140900: numerator 400 − 100 − 300 = 0.
    增违挂钩 of 140902: b2 300 + b3 100 = 400 before; b2 restored within the year → 100 after."""
    w = what_if(MANY, approvals_completed=["b1"], restored=["b2"])
    ch = w.changes().set_index(["level", "code"])
    assert ch.loc[("county", "140923"), "numerator_after"] == 0
    assert ch.loc[("county", "140923"), "denominator_after"] == 400
    assert ch.loc[("county", "140923"), "triggered_before"] is None
    assert ch.loc[("county", "140923"), "triggered_after"] is False
    c = w.after.get("county", "140902")
    assert (c.numerator, c.denominator, c.ratio, c.triggered) == (0, 0, None, False)
    assert w.after.get("city", "140900").numerator == 0
    assert w.after.get("county", "140902").linkage_mu == 100 and w.before.get("county", "140902").linkage_mu == 400
    with pytest.raises(AccountabilityInputError, match="unknown ids: nope"):
        what_if(MANY, restored=["nope"])


def test_each_row_is_deducted_once_in_the_most_favourable_item():
    """c1 is both restored and has approvals: item 2 only (−20/−20), not item 1 as well.
    c2 is a provincial project with supervision fulfilled and completed approvals:
      county 140923: item 3 (−30/−30); province: item 4 withholds item 3, item 1 applies (−30/−0).
    County 140923 (c1, c2): numerator 20 + 30 − 20 − 30 = 0, denominator 50 − 20 − 30 = 0.
    Province (with c3 in 140902): numerator 20 + 30 + 50 − 20 (c1) − 30 (c2, item 1) = 50,
      denominator 100 − 20 (c1) = 80."""
    rows = [row("c1", NEW, 20, 20, restored=True, approvals_completed=True),
            row("c2", NEW, 30, 30, major_infra="provincial", supervision_fulfilled=True, approvals_completed=True),
            row("c3", NEW, 50, 50, county="140902")]
    res = compute_accountability(rows)
    c = res.get("county", "140923")
    assert c.line(1).ids == () and c.line(2).ids == ("c1",) and c.line(3).ids == ("c2",)
    assert (c.numerator, c.denominator) == (0, 0)
    p = res.get("province", "140000")
    assert p.line(1).ids == ("c2",) and p.line(2).ids == ("c1",) and p.line(3).ids == () and p.line(4).ids == ("c2",)
    assert (p.numerator, p.denominator) == (50, 80)


def test_official_denominator_from_the_land_change_survey():
    """Denominator 2000 from the change survey for 代县; item 2 (a3, 10) and item 3 (45) still come off:
    2000 − 10 − 45 = 1945."""
    r = compute_accountability(ONE_COUNTY, base_denominators={"140923": 2000}).get("county", "140923")
    assert r.denominator_raw == 2000 and r.denominator == 1945 and "变更调查" in r.boundary_notes[0]


def test_thresholds_are_the_rule_set_year_parameters():
    th = Thresholds.from_ruleset(load_ruleset(2021))
    assert th == Thresholds(100, 500, 5000, 0.15)
    low = compute_accountability(ONE_COUNTY, Thresholds(county_mu=50, ratio=0.10)).get("county", "140923")
    assert low.triggered is True  # 52 ≥ 50 and 13.6 % ≥ 10 %


def test_build_input_from_facts_and_determinations():
    """GDMJ 2 on an illegal row → illegal 2 and new 2; a legal new building → new only; a legal
    renovation of stock land (XZJSYD) and temporary use add nothing to the denominator."""
    facts = pd.DataFrame({"id": ["1", "2", "3", "4"], "county": "140923", "GDMJ": [2.0, 3.0, 4.0, 5.0],
                          "YJJBNTMJ": [1.0, 0, 0, 0], "XZJSYD": [False, False, True, False]})
    df = build_input(facts, [NEW, LEGAL, LEGAL, "临时用地"], restored=[False, False, False, False])
    assert list(df["illegal_gd_mu"]) == [2, 0, 0, 0]
    assert list(df["new_gd_mu"]) == [2, 3, 0, 0]
    assert list(df["illegal_jbnt_mu"]) == [1, 0, 0, 0]
    r = compute_accountability(df).get("county", "140923")
    assert (r.numerator, r.denominator, r.basic_farmland_mu) == (2, 5, 1)


@pytest.mark.parametrize("rows, message", [
    ([row("a", NEW, 1, 1), row("a", NEW, 1, 1)], "duplicate ids"),
    ([row("a", LEGAL, 1, 1)], "not illegal: a"),
    ([row("a", "违法", 1, 1)], "unknown category 违法"),
    ([row("a", NEW, -1, 1)], "illegal_gd_mu is negative for a"),
    ([row("a", NEW, 1, 1, major_infra="市级")], "major_infra must be national or provincial"),
    ([{"id": "a", "county": "代县", "category": NEW, "illegal_gd_mu": 1, "new_gd_mu": 1}], "not 6 digits"),
    ([{"id": "a", "county": "140923", "category": NEW, "illegal_gd_mu": 1}], "missing column 'new_gd_mu'"),
])
def test_bad_input_is_refused_with_the_ids(rows, message):
    with pytest.raises(AccountabilityInputError, match=message):
        compute_accountability(rows)


def test_missing_areas_count_as_zero_and_are_reported():
    res = compute_accountability([row("a", NEW, None, 1), row("b", NEW, 2, 2)])
    assert res.get("county", "140923").numerator == 2
    assert res.issues and "a" in res.issues[0]


def test_input_from_a_table_of_determined_patches():
    """A table outside a workspace (the output of wpzf:determine): field names in any case, a missing
    determination counts as 待定, and a table with neither shape is refused."""
    import pandas as pd

    from wpzf.core.accountability import AccountabilityInputError, input_from_table

    df = pd.DataFrame({"jcbh": ["A", "B"], "xzqdm": ["140923", "140923"], "XZMC": ["上馆镇", "上馆镇"],
                       "PDJG": ["新增建设用地违法", None], "GDMJ": [2.0, 1.0], "XZJSYD": [False, False]})
    data = input_from_table(df)
    assert list(data["id"]) == ["A", "B"] and list(data["category"]) == ["新增建设用地违法", "待定"]
    assert list(data["illegal_gd_mu"]) == [2.0, 0.0]
    assert input_from_table(data) is data
    with pytest.raises(AccountabilityInputError):
        input_from_table(pd.DataFrame({"x": [1]}))


def test_the_undetermined_rows_cultivated_land_is_worded_not_printed_as_zero():
    """"另有1个图斑（地块）待定，涉及耕地0.00亩" read as a figure: a 待定 patch without cultivated land says so, and
    one whose cultivated area is not known is not counted as having none."""
    assert pending_gd_text(1, 0.0) == "不涉及耕地"
    assert pending_gd_text(2, 3.456) == "涉及耕地3.46亩"
    assert pending_gd_text(1, 0.001) == "涉及耕地不足0.01亩"
    assert pending_gd_text(1, 0.0, unknown=1) == "耕地面积未知"
    assert pending_gd_text(3, 0.0, unknown=1) == "其中1个耕地面积未知、其余不涉及耕地"
    assert pending_gd_text(3, 2.0, unknown=1) == "涉及耕地2.00亩（另有1个耕地面积未知）"
    facts = pd.DataFrame({"id": ["p1", "p2", "p3"], "county": ["140923"] * 3, "GDMJ": [0.0, None, 2.0],
                          "XZJSYD": [False] * 3})
    r = compute_accountability(build_input(facts, ["待定", "待定", "合法用地"])).get("county", "140923")
    assert r.pending_gd_unknown == 1 and r.pending_gd_mu == 0
    assert "另有2个图斑（地块）待定，其中1个耕地面积未知、其余不涉及耕地，未计入。" in r.summary()
    assert "0.00亩，未计入" not in r.summary()
    r = compute_accountability(build_input(facts.iloc[:1], ["待定"])).get("county", "140923")
    assert "另有1个图斑（地块）待定，不涉及耕地，未计入。" in r.summary()
