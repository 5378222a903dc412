"""Suggested facts from reference layers: every kind, covers, terms, records, several features, plain text."""
import datetime as dt
import json
import re

import numpy as np
import pytest
from shapely.geometry import box

from wpzf.core.parcel_source import ParcelBatch
from wpzf.core.reference_overlay import coverage
from wpzf.core.suggestions import Source, Suggestion, suggest, suggest_many, value_text
from wpzf.rules.facts import FACTS
from wpzf.rules.reference_kinds import KINDS_PATH, load_kinds

UNIT_M2 = 6666.67           # 10 亩
HSX = dt.date(2021, 6, 30)
LAYER = "县级建设用地审批"
ALL_REASONS: list[str] = []


def S(kind, fid, share, **attrs):
    return Source(kind, "L1", LAYER, fid, attrs, share * UNIT_M2, share)


def run(kind, sources, covered=None, record=None, date=HSX, complete=None, **kw):
    if covered is None:
        covered = min(sum(s.share for s in sources), 1.0) * UNIT_M2
    out = suggest(kind, "L1", LAYER, sources, UNIT_M2, covered, record or {}, date, complete, **kw)
    ALL_REASONS.extend(s.reason for s in out)
    for s in out:
        assert isinstance(s, Suggestion)
        assert s.reason.endswith("。") and s.reason.count("。") == 1, s.reason
    return out


def facts(out):
    return {s.fact: s.value for s in out if s.fact}


def notes(out):
    return [s for s in out if not s.fact]


APPROVAL = dict(wh="晋政地〔2020〕15号", pzrq="2020-05-06", pzyt="工业用地")


# --- construction approvals ------------------------------------------------------------------------------
def test_approval_full_cover():
    out = run("construction_approval", [S("construction_approval", 4, 1.0, **APPROVAL)])
    assert facts(out) == {"YDPF": True, "PZWH": "晋政地〔2020〕15号", "PZRQ": dt.date(2020, 5, 6), "HXGX": "inside"}
    r = out[0].reason
    assert "县级建设用地审批" in r and "晋政地〔2020〕15号" in r and "2020年5月6日" in r and "100.0%" in r
    assert not any(s.split for s in out)
    assert out[0].sources[0].fid == 4 and out[0].share_outside == 0.0


def test_approval_partial_cover_offers_split():
    out = run("construction_approval", [S("construction_approval", 4, 0.625, **APPROVAL)])
    assert facts(out) == {"YDPF": True, "PZWH": "晋政地〔2020〕15号", "PZRQ": dt.date(2020, 5, 6), "HXGX": "exceeds"}
    assert all(s.split for s in out)
    assert out[0].share_outside == pytest.approx(0.375)
    assert "62.5%" in out[0].reason and "37.5%" in out[0].reason and "3.75亩" in out[0].reason


def test_tolerance_edge():
    at = run("construction_approval", [S("construction_approval", 4, 0.99, **APPROVAL)])
    assert facts(at)["HXGX"] == "inside"
    below = run("construction_approval", [S("construction_approval", 4, 0.9899, **APPROVAL)])
    assert facts(below)["HXGX"] == "exceeds"


def test_approval_absent_only_when_complete():
    out = run("construction_approval", [])                          # complete by default for this kind
    assert facts(out) == {"YDPF": False}
    assert "没有覆盖本图斑的批准红线" in out[0].reason and out[0].sources == ()
    assert run("construction_approval", [], complete=False) == []


def test_the_reason_says_which_date_only_earlier_approvals_count_up_to():
    """The date is the 后时相 or, for a patch without one, the issue date: the reason names which
    (store.reference.reference_dates gives it as ``basis``)."""
    class Dated(dt.date):
        basis = ""

    later = Dated(2021, 6, 30)
    later.basis = "后时相"
    issued = Dated(2021, 5, 6)
    issued.basis = "下发日期"
    assert "只计后时相2021年6月30日及以前批准的" in run("construction_approval", [], date=later)[0].reason
    assert "只计下发日期2021年5月6日及以前批准的" in run("construction_approval", [], date=issued)[0].reason
    assert "只计2021年6月30日及以前批准的" in run("construction_approval", [])[0].reason   # a plain date: as before


def test_approval_absent_is_not_said_of_uses_judged_by_other_documents():
    """A villager's house, a greenhouse, a temporary site or farming is judged by its own document (宅基地审批,
    备案, 临时用地批复): "no construction approval" would stand on its signed record beside 合法用地."""
    for use in ("homestead", "facility", "temporary", "farming"):
        assert run("construction_approval", [], record={"SJYT": use}) == [], use
    for use in ("nonagri", "mining", "a44_works", "other", None):
        assert facts(run("construction_approval", [], record={"SJYT": use})) == {"YDPF": False}, use


def test_approval_after_hsx_does_not_count():
    late = S("construction_approval", 4, 1.0, wh="晋政地〔2021〕99号", pzrq="2021-08-01")
    assert facts(run("construction_approval", [late])) == {"YDPF": False}
    assert run("construction_approval", [late], complete=False) == []
    # without a reference date every approval counts
    assert facts(run("construction_approval", [late], date=None))["YDPF"] is True
    # the approval of the day itself counts
    same_day = S("construction_approval", 5, 1.0, wh="晋政地〔2021〕98号", pzrq=HSX.isoformat())
    assert facts(run("construction_approval", [same_day]))["YDPF"] is True


def test_missing_attribute_leaves_fact_out():
    out = run("construction_approval", [S("construction_approval", 4, 1.0)])
    assert facts(out) == {"YDPF": True, "HXGX": "inside"}
    assert "第4号要素" in out[0].reason and "批准日期" not in out[0].reason


def test_several_features_largest_share_wins_all_cited():
    small = S("construction_approval", 1, 0.3, wh="甲〔2019〕1号", pzrq="2019-01-02")
    large = S("construction_approval", 2, 0.7, wh="乙〔2019〕2号", pzrq="2019-03-04")
    out = run("construction_approval", [small, large])
    f = facts(out)
    assert f["PZWH"] == "乙〔2019〕2号" and f["PZRQ"] == dt.date(2019, 3, 4) and f["HXGX"] == "inside"
    assert [s.fid for s in out[0].sources] == [2, 1]
    assert out[0].reason.endswith("覆盖本图斑100.0%，可认定已取得建设用地批复（共2个要素合计，所列信息取自覆盖最多的一个）。")
    zone = run("eco_redline", [S("eco_redline", 1, 0.2), S("eco_redline", 2, 0.1)])
    assert zone[0].reason.endswith("占本图斑面积的30.0%（共2个要素合计）。")


def test_confirmed_same_value_not_suggested_different_value_is():
    src = [S("construction_approval", 4, 1.0, **APPROVAL)]
    out = run("construction_approval", src, record={"YDPF": True, "PZWH": "晋政地〔2020〕16号"})
    f = facts(out)
    assert "YDPF" not in f and f["PZWH"] == "晋政地〔2020〕15号"
    assert "YDPF" in facts(run("construction_approval", src, record={"YDPF": "是"}, skip_confirmed=False))


def test_part_reads_as_parcel():
    out = run("construction_approval", [S("construction_approval", 4, 1.0, **APPROVAL)], is_part=True)
    assert "本地块" in out[0].reason and "本图斑" not in out[0].reason


# --- temporary use ---------------------------------------------------------------------------------------
TEMP = dict(wh="代自然资临〔2020〕3号", qsrq="2020-03-01", jzrq="2022-03-01")


def test_temporary_in_term():
    out = run("temporary_use", [S("temporary_use", 8, 0.8, **TEMP)])
    assert facts(out) == {"LSPF": True, "LSPZWH": "代自然资临〔2020〕3号"}
    assert "2020年3月1日至2022年3月1日" in out[0].reason and "2021年6月30日" in out[0].reason


def test_temporary_expired_names_end_date():
    out = run("temporary_use", [S("temporary_use", 8, 1.0, wh="代自然资临〔2019〕7号", qsrq="2019-03-01",
                                  jzrq="2021-03-01")])
    assert facts(out) == {"LSPF": False}
    assert "临时用地批复（文号代自然资临〔2019〕7号）已于2021年3月1日到期" in out[0].reason


def test_temporary_expired_and_valid_prefers_valid_and_not_begun_is_ignored():
    old = S("temporary_use", 1, 1.0, wh="旧〔2018〕1号", qsrq="2018-01-01", jzrq="2020-01-01")
    new = S("temporary_use", 2, 0.5, **TEMP)
    assert facts(run("temporary_use", [old, new])) == {"LSPF": True, "LSPZWH": "代自然资临〔2020〕3号"}
    future = S("temporary_use", 3, 1.0, wh="新〔2021〕9号", qsrq="2021-09-01", jzrq="2023-09-01")
    assert run("temporary_use", [future]) == []
    assert run("temporary_use", []) == []


# --- facility agriculture --------------------------------------------------------------------------------
def test_facility_filed_and_livestock():
    out = run("facility_filing", [S("facility_filing", 3, 1.0, bah="设农备〔2020〕12号", barq="2020-04-01",
                                    lx="畜禽养殖设施")])
    assert facts(out) == {"SSBA": True, "YZSS": True}
    out = run("facility_filing", [S("facility_filing", 3, 1.0, bah="设农备〔2020〕13号", lx="蔬菜大棚")])
    assert facts(out) == {"SSBA": True}


def test_facility_absence_needs_record_and_complete():
    assert run("facility_filing", [], complete=True) == []
    for rec in ({"SJYT": "facility"}, {"MYYT": "设施农业"}):
        out = run("facility_filing", [], record=rec, complete=True)
        assert facts(out) == {"SSBA": False}
    assert run("facility_filing", [], record={"SJYT": "facility"}, complete=False) == []
    assert run("facility_filing", [], record={"SJYT": "nonagri"}, complete=True) == []


# --- mining rights ---------------------------------------------------------------------------------------
MINE = dict(zh="C1400002010011120054321", yxqq="2018-01-01", yxqz="2023-12-31", kz="石灰岩", qllx="采矿权")


def test_mining_inside_and_beyond():
    out = run("mining_right", [S("mining_right", 5, 1.0, **MINE)])
    assert facts(out) == {"CKXK": "mining", "SFYJ": False}
    within = next(s for s in out if s.fact == "SFYJ")
    assert "矿区范围内（占本图斑面积的100.0%）" in within.reason     # a share says of what, never a bare “（100.0%）”
    out = run("mining_right", [S("mining_right", 5, 0.6, **MINE)])
    assert facts(out) == {"CKXK": "mining", "SFYJ": True}
    beyond = next(s for s in out if s.fact == "SFYJ")
    assert "40.0%" in beyond.reason and beyond.share_outside == pytest.approx(0.4)
    # an unmapped right type reads as a mining licence
    assert facts(run("mining_right", [S("mining_right", 5, 1.0, zh="C1", yxqz="2030-01-01")]))["CKXK"] == "mining"


def test_exploration_right():
    out = run("mining_right", [S("mining_right", 6, 1.0, **{**MINE, "qllx": "探矿权"})])
    assert facts(out) == {"CKXK": "explore"}


def test_mining_expired_names_end_date():
    out = run("mining_right", [S("mining_right", 5, 1.0, **{**MINE, "yxqz": "2020-12-31"})])
    assert facts(out) == {"CKXK": "none"}
    assert "2020年12月31日" in out[0].reason and "C1400002010011120054321" in out[0].reason


def test_mining_absence_needs_record():
    assert run("mining_right", [], complete=True) == []
    assert facts(run("mining_right", [], record={"SFSK": True}, complete=True)) == {"CKXK": "none"}
    assert facts(run("mining_right", [], record={"SJYT": "mining"}, complete=True)) == {"CKXK": "none"}
    assert run("mining_right", [], record={"SFSK": True}, complete=False) == []


# --- homestead, zones, projects, earlier patches ---------------------------------------------------------
def test_homestead():
    out = run("homestead_approval", [S("homestead_approval", 9, 1.0, wh="某乡宅审〔2020〕21号", pzrq="2020-07-01",
                                       sqr="张三")])
    assert facts(out) == {"ZJPZ": "approved"} and "张三" in out[0].reason
    assert run("homestead_approval", [], complete=True) == []


@pytest.mark.parametrize("kind, word", [("basic_farmland", "永久基本农田"), ("eco_redline", "生态保护红线"),
                                        ("urban_boundary", "城镇开发边界")])
def test_zone_notes(kind, word):
    out = run(kind, [S(kind, 1, 0.32)])
    assert facts(out) == {} and len(notes(out)) == 1
    n = notes(out)[0]
    assert word in n.reason and "3.20亩" in n.reason and "32.0%" in n.reason and n.value is None
    assert run(kind, []) == [] and run(kind, [], complete=True) == []


@pytest.mark.parametrize("kind, word", [("basic_farmland", "永久基本农田"), ("eco_redline", "生态保护红线"),
                                        ("urban_boundary", "城镇开发边界")])
def test_zone_note_named_like_its_layer_reads_once(kind, word):
    # the county often names the layer after the zone: no “生态保护红线（“生态保护红线”）内”
    out = suggest(kind, "L1", word, [Source(kind, "L1", word, 1, {}, 0.32 * UNIT_M2, 0.32)], UNIT_M2,
                  0.32 * UNIT_M2, {}, HSX, None)
    assert out[0].reason == f"据“{word}”，本图斑有3.20亩位于{word}内，占本图斑面积的32.0%。"


def test_land_project_note_and_linkage():
    out = run("land_project", [S("land_project", 2, 0.5, xmmc="某村土地整治项目", wh="晋自然资〔2019〕8号",
                                 xmlx="土地整治")])
    assert facts(out) == {}
    assert "某村土地整治项目" in notes(out)[0].reason and "晋自然资〔2019〕8号" in notes(out)[0].reason
    out = run("land_project", [S("land_project", 3, 1.0, xmmc="某镇增减挂钩项目", wh="晋自然资〔2019〕9号",
                                 xmlx="增减挂钩建新区", pzrq="2019-10-01")])
    assert facts(out) == {"YDPF": True, "PZWH": "晋自然资〔2019〕9号", "PZRQ": dt.date(2019, 10, 1), "HXGX": "inside"}
    assert len(notes(out)) == 1
    out = run("land_project", [S("land_project", 3, 0.5, wh="晋自然资〔2019〕9号", xmlx="增减挂钩拆旧区")])
    assert facts(out) == {}


def test_earlier_patches_overlap_of_either():
    prev = dict(jcbh="1409232020003", nd="2020", pc="第3批", pdjg="新增建设用地违法")
    out = run("earlier_patches", [S("earlier_patches", 1, 0.35, **prev)])
    assert len(out) == 1 and out[0].fact == ""
    assert out[0].reason.startswith("此处曾为2020年第3批图斑1409232020003（判定：新增建设用地违法）")
    small_of_unit = Source("earlier_patches", "L1", LAYER, 2, prev, 0.1 * UNIT_M2, 0.1, 0.9)
    assert len(run("earlier_patches", [small_of_unit])) == 1
    neither = Source("earlier_patches", "L1", LAYER, 3, prev, 0.1 * UNIT_M2, 0.1, 0.2)
    assert run("earlier_patches", [neither]) == []
    # one note per earlier patch, each citing its own feature
    two = run("earlier_patches", [S("earlier_patches", 4, 0.5, jcbh="A1"), S("earlier_patches", 5, 0.4, jcbh="A2")])
    assert [n.sources[0].fid for n in two] == [4, 5]
    assert "图斑A1" in two[0].reason and "图斑A2" in two[1].reason
    assert "年" not in run("earlier_patches", [S("earlier_patches", 6, 0.5, jcbh="B")])[0].reason.split("重叠")[0]


# --- text ------------------------------------------------------------------------------------------------
def test_a_sliver_never_reads_zero_and_a_near_full_cover_never_reads_whole():
    sliver = 0.0002 * UNIT_M2                                       # 1.3 m² of a 10-亩 unit: real, if small
    note = run("eco_redline", [Source("eco_redline", "L1", LAYER, 1, {}, sliver, 0.0002)])[0].reason
    assert "有不足0.01亩位于" in note and "占本图斑面积的不足0.1%" in note and "0.0%" not in note
    out = run("construction_approval", [S("construction_approval", 4, 0.0002, **APPROVAL)])
    assert "只覆盖本图斑不足0.1%" in out[0].reason and "另有100.0%" not in out[0].reason
    near = run("construction_approval", [S("construction_approval", 4, 0.9996, **APPROVAL)])
    assert facts(near)["HXGX"] == "inside" and "覆盖本图斑99.9%以上" in near[0].reason
    # the edge arithmetic of shared boundaries still reads whole
    whole = run("construction_approval", [S("construction_approval", 4, 0.9999997, **APPROVAL)])
    assert "覆盖本图斑100.0%" in whole[0].reason
    assert "覆盖本图斑100.0%" in run("construction_approval", [S("construction_approval", 4, 1.0, **APPROVAL)])[0].reason


def test_value_text():
    assert value_text("YDPF", True) == "是" and value_text("SFYJ", False) == "否"
    assert value_text("HXGX", "exceeds") == "实际占地超出批准红线"
    assert value_text("CKXK", "none") == "无有效许可"
    assert value_text("PZRQ", dt.date(2021, 3, 1)) == "2021年3月1日"
    assert value_text("", None) == ""


def test_no_internal_code_in_any_reason():
    kinds = load_kinds()
    attrs = {**APPROVAL, **TEMP, **MINE, "bah": "设农备1号", "lx": "水产养殖", "xmmc": "项目", "xmlx": "增减挂钩建新",
             "jcbh": "甲1", "nd": "2020", "pc": "2", "pdjg": "合法用地", "sqr": "李四"}
    expired = {**attrs, "jzrq": "2021-01-01", "yxqz": "2021-01-01"}
    record = {"SFSK": True, "SJYT": "facility"}
    fired, reasons = set(), list(ALL_REASONS)
    for kid in kinds:                       # every rule of every kind fires somewhere in this sweep
        for a in (attrs, expired, {**attrs, "qllx": "探矿权"}):
            for share in (1.0, 0.5):
                out = run(kid, [S(kid, 1, share, **a)], record=record, complete=True)
                fired |= {(kid, s.rule) for s in out}
                reasons += [s.reason for s in out]
        out = run(kid, [], record={**record, "SJYT": "mining"}, complete=True) + \
            run(kid, [], record=record, complete=True)
        fired |= {(kid, s.rule) for s in out}
        reasons += [s.reason for s in out]
    assert fired == {(k.id, r.id) for k in kinds.values() for r in k.rules}
    codes = {f.code for f in FACTS} | set(kinds) | {v for f in FACTS for v, _ in f.values} | \
        {r.id for k in kinds.values() for r in k.rules} | {a.key for k in kinds.values() for a in k.attributes}
    for text in reasons:
        for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
            assert token not in codes, (token, text)
        assert "{" not in text and "[" not in text and "None" not in text and "nan" not in text
        assert "（未填写）" not in text, text


# --- many units at once ----------------------------------------------------------------------------------
def _layer():
    x0, y0, d = 112.5, 36.2, 0.001
    units = [box(x0 + 3 * d * i, y0, x0 + 3 * d * i + d, y0 + d) for i in range(6)]
    feats = [box(x0 - d, y0 - d, x0 + 2 * d, y0 + 2 * d),                    # unit 0: full
             box(x0 + 3 * d, y0 - d, x0 + 3.5 * d, y0 + 2 * d),              # unit 1: half
             box(x0 + 6 * d, y0 - d, x0 + 6.3 * d, y0 + 2 * d),              # unit 2: 30 % and 70 % → largest
             box(x0 + 6.3 * d, y0 - d, x0 + 8 * d, y0 + 2 * d),
             box(x0 + 12 * d, y0 - d, x0 + 14 * d, y0 + 2 * d)]              # unit 4: approved too late
    attrs = {10: {"wh": "一号", "pzrq": "2020-01-01"}, 11: {"wh": "二号", "pzrq": "2020-01-01"},
             12: {"wh": "三号", "pzrq": "2020-01-01"}, 13: {"wh": "四号", "pzrq": "2020-01-01"},
             14: {"wh": "五号", "pzrq": "2021-12-01"}}
    ids = [(1, None), (2, None), (3, None), (4, None), (5, None), (5, 77)]
    return ids, units, ParcelBatch(feats, fid=[10, 11, 12, 13, 14]), attrs


def test_suggest_many_matches_suggest():
    ids, units, batch, attrs = _layer()
    cov = coverage(ids, units, batch)
    records = {(4, None): {"YDPF": False}}
    dates = {u: HSX for u in ids}
    many = suggest_many("construction_approval", "L1", LAYER, cov, attrs, records, dates, parts={(5, 77)})
    assert set(many) == set(ids) - {(4, None)}         # (4, None): confirmed 否 already, nothing new
    assert facts(many[(1, None)])["HXGX"] == "inside"
    assert facts(many[(2, None)])["HXGX"] == "exceeds" and many[(2, None)][0].split
    assert facts(many[(3, None)])["PZWH"] == "四号"
    assert [s.fid for s in many[(3, None)][0].sources] == [13, 12]
    assert facts(many[(5, None)]) == {"YDPF": False}
    assert "本地块" in many[(5, 77)][0].reason
    for uid in ids:
        row = cov.units.loc[[uid]].iloc[0]
        pairs = cov.pairs[[u == uid for u in cov.pairs["unit_id"]]]
        srcs = [Source("construction_approval", "L1", LAYER, int(r.fid), attrs[int(r.fid)], r.area_m2, r.share,
                       r.fshare) for r in pairs.itertuples()]
        one = suggest("construction_approval", "L1", LAYER, srcs, row.unit_m2, row.covered_m2, records.get(uid),
                      HSX, None, is_part=uid == (5, 77))
        assert one == many.get(uid, [])


def test_suggest_many_earlier_patches_by_share_of_either():
    x0, y0, d = 112.5, 36.2, 0.001
    units = [box(x0, y0, x0 + d, y0 + d), box(x0 + 3 * d, y0, x0 + 4 * d, y0 + d), box(x0 + 6 * d, y0, x0 + 7 * d, y0 + d)]
    feats = [box(x0 + 0.6 * d, y0, x0 + 3 * d, y0 + d),            # 40 % of unit 0, 17 % of itself
             box(x0 + 3.8 * d, y0, x0 + 4.1 * d, y0 + d),          # 20 % of unit 1, 67 % of itself
             box(x0 + 6.9 * d, y0, x0 + 8 * d, y0 + d)]            # 10 % of unit 2, 9 % of itself
    attrs = {1: {"jcbh": "甲", "nd": 2019, "pc": "1", "pdjg": "合法用地"}, 2: {"jcbh": "乙"}, 3: {"jcbh": "丙"}}
    cov = coverage(["u0", "u1", "u2"], units, ParcelBatch(feats, fid=[1, 2, 3]))
    many = suggest_many("earlier_patches", "P", "2019年度图斑", cov, attrs)
    assert set(many) == {"u0", "u1"}
    assert many["u0"][0].reason.startswith("此处曾为2019年第1批图斑甲（判定：合法用地），与本图斑重叠")
    assert many["u1"][0].sources[0].fshare == pytest.approx(2 / 3, abs=1e-3)


def test_suggest_many_without_dates_or_records():
    ids, units, batch, attrs = _layer()
    cov = coverage(ids, units, batch)
    many = suggest_many("construction_approval", "L1", LAYER, cov, attrs)
    assert facts(many[(5, None)])["YDPF"] is True                # no reference date: the late approval counts
    assert facts(many[(4, None)]) == {"YDPF": False}
    assert suggest_many("construction_approval", "L1", LAYER, cov, attrs, complete=False).get((4, None)) is None


def test_province_kind_loads_and_suggests(tmp_path):
    data = json.loads(KINDS_PATH.read_text(encoding="utf-8"))
    data["kinds"].append({
        "id": "village_house_permit", "name": "乡村建设规划许可", "name_en": "Rural building permits",
        "description": "省级增加的种类", "complete_default": True, "valid_from": "xkrq", "cite": ["xkzh"],
        "attributes": [{"key": "xkzh", "label": "许可证号", "type": "text", "guess": ["XKZH", "许可证号"]},
                       {"key": "xkrq", "label": "许可日期", "type": "date", "guess": ["XKRQ"]}],
        "rules": [
            {"id": "permit", "cover": "any", "facts": {"ZJPZ": "approved"},
             "reason": "“{layer}”中的乡村建设规划许可（{feature}[，许可日期{xkrq}]）覆盖{unit}{share}。"},
            {"id": "no_permit", "cover": "none", "complete": True, "record_any": {"SJYT": ["homestead"]},
             "facts": {"ZJPZ": "none"},
             "reason": "{unit}为农村村民住宅，但“{layer}”中没有覆盖{unit}的乡村建设规划许可。"}]})
    path = tmp_path / "province.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kind = load_kinds(path)["village_house_permit"]
    src = Source(kind.id, "P1", "乡村建设规划许可图层", 1, {"xkzh": "乡字第140923202100012号", "xkrq": "2021年2月3日"},
                 UNIT_M2, 1.0)
    out = suggest(kind, "P1", "乡村建设规划许可图层", [src], UNIT_M2, UNIT_M2, {}, HSX, None)
    assert facts(out) == {"ZJPZ": "approved"}
    assert out[0].reason == "“乡村建设规划许可图层”中的乡村建设规划许可（许可证号乡字第140923202100012号，许可日期2021年2月3日）覆盖本图斑100.0%。"
    out = suggest(kind, "P1", "乡村建设规划许可图层", [], UNIT_M2, 0.0, {"SJYT": "homestead"}, HSX, None)
    assert facts(out) == {"ZJPZ": "none"}
    ids, units, batch, _ = _layer()
    many = suggest_many(kind, "P1", "乡村建设规划许可图层", coverage(ids, units, batch), {},
                        records={(4, None): {"SJYT": "homestead"}})
    assert facts(many[(1, None)]) == {"ZJPZ": "approved"} and facts(many[(4, None)]) == {"ZJPZ": "none"}


def test_source_json_round_trip():
    s = Source("construction_approval", "L1", LAYER, np.int64(4), {"pzrq": dt.date(2020, 5, 6), "wh": "甲"}, 10.0, 0.5)
    j = json.loads(json.dumps(s.to_json(), ensure_ascii=False))
    assert j["fid"] == 4 and j["attrs"]["pzrq"] == "2020-05-06" and j["share"] == 0.5
