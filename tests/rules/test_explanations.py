"""Explanations a county official reads without a glossary (issue 17 item 5): missing facts are questions not yet
answered, no internal id or code appears, unknown values read （未填写）, a legal outcome cites the approval, and
where two clauses could apply the text names the one applied and why not the other."""
import datetime as dt
import random
import re

import pytest

from wpzf.rules import FACTS, load_ruleset
from wpzf.rules.engine import cite, pending_text, with_pending
from wpzf.rules.facts import FACTS_BY_CODE
from wpzf.rules.ruleset import RuleSetError, compile_ruleset
from wpzf.rules.templates import PART_KEY, Template

RS = load_ruleset(2021)
D = dt.date
NEW = {"XZJSYD": False, "SFSK": False, "MJ": 3.0, "GDMJ": 2.0, "YJJBNTMJ": 0.0}
BUILD = {**NEW, "BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"}

# every id a person must never read: fact codes, clause ids, rule ids, enum values
FACT_CODES = {f.code for f in FACTS}
ENUM_VALUES = {v for f in FACTS for v, _ in f.values}
INTERNAL = FACT_CODES | ENUM_VALUES | set(RS.clauses) | set(RS.rule_ids)
ASCII_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def leaks(text: str) -> list[str]:
    found = [w for w in ASCII_WORD.findall(text) if w in INTERNAL or re.fullmatch(r"A\d+(\.\d+)?", w)]
    return found + [s for s in ("尚缺", "尚需补充", "未填写亩", "{", "}", "[", "]", "|") if s in text]


def test_the_scan_can_fail():
    assert leaks("尚缺取得建设用地批复；可能适用：A4.1（附件4 一）") == ["A4.1", "尚缺"]
    assert leaks("default-unapproved YDPF nonagri 占地未填写亩") == ["default-unapproved", "YDPF", "nonagri", "未填写亩"]
    assert leaks("依据批准文号晋政地字〔2020〕45号（2020年5月3日批准）") == []


def _random_value(f, rng):
    if rng.random() < 0.3:
        return None
    if f.type == "bool":
        return rng.random() < 0.5
    if f.type == "enum":
        return rng.choice(f.values)[0]
    if f.type == "date":
        return D(rng.randint(1985, 2023), rng.randint(1, 12), rng.randint(1, 28))
    if f.type == "number":
        return round(rng.uniform(0, 30), 2)
    return rng.choice(["晋政地字〔2020〕45号", "红线外为附属道路"])


def test_no_explanation_of_many_random_records_shows_an_internal_code():
    rng = random.Random(17)
    rules_seen = set()
    for _ in range(6000):
        rec = {f.code: _random_value(f, rng) for f in FACTS if not f.derived}
        o = RS.determine(rec)
        rules_seen.add(o.rule_id)
        for text in (o.explanation, o.mineral.explanation if o.mineral else ""):
            assert not leaks(text), (rec, text)
            assert "（未填写）亩" not in text and "未填写）（" not in text
    assert len({r for r in rules_seen if not r.startswith("pending:")}) >= len(RS.rule_ids) - 8


def test_missing_facts_read_as_questions_not_yet_answered():
    o = RS.determine({**BUILD, "SDPK": False})
    assert o.category == "待定" and o.explanation == (
        "尚未填写：是否取得建设用地批复，暂无法判定；可能适用：一般规定（建设占用土地须依法取得建设用地批复）、"
        "附件4第七条（其他）。")
    assert o.clauses == ("default", "A4.7")                        # 否 rules out 附件4第六条 (deep poverty) …
    both = RS.determine(BUILD)                                      # … unknown leaves it possible
    assert both.clauses == ("default", "A4.7", "A4.6") and "附件4第六条（国家级深度贫困地区政策）" in both.explanation
    o = RS.determine({**BUILD, "YDPF": True, "HXGX": "inside"})
    assert o.category == "合法用地" and o.explanation.endswith("尚未填写：批准文号、批准日期。")
    assert "（未填写）" not in o.explanation                     # asked for once, not cited as unknown
    o = RS.determine({"XZJSYD": True, "BHLX": "new_build", "JSRQ": D(2005, 1, 1), "YDPF": False})
    assert "尚未填写：是否完成确权登记" in o.explanation and "附件4第一条（存量建设用地判定）" in o.explanation


def test_a_legal_outcome_cites_the_approvals_number_and_date():
    o = RS.determine({**BUILD, "YDPF": True, "HXGX": "inside", "PZWH": "晋政地字〔2020〕45号", "PZRQ": "2020-05-03"})
    assert o.category == "合法用地" and not o.missing
    assert "依据批准文号晋政地字〔2020〕45号（2020年5月3日批准）" in o.explanation
    o = RS.determine({**BUILD, "YDPF": True, "HXGX": "inside", "PZWH": "晋政地字〔2020〕45号"})
    assert "依据批准文号晋政地字〔2020〕45号，" in o.explanation and o.explanation.endswith("尚未填写：批准日期。")
    o = RS.determine({"XZJSYD": True, "BHLX": "renovate", "JSRQ": D(2005, 1, 1), "YDPF": True,
                      "PZWH": "代政地〔2004〕3号", "PZRQ": D(2004, 11, 2)})
    assert "依据批准文号代政地〔2004〕3号（2004年11月2日批准）" in o.explanation


def test_a_legal_part_of_a_split_patch_does_not_say_the_whole_patch_is_inside_the_red_line():
    # the same rule determines the inside part of a patch split along the red line; its other part is outside
    o = RS.determine({**BUILD, "YDPF": True, "HXGX": "inside", "PZWH": "晋政地字〔2020〕126号", "PZRQ": D(2020, 1, 9)})
    assert o.category == "合法用地" and "图斑在批准红线范围内" not in o.explanation
    assert "（2020年1月9日批准），实际占地在批准红线范围内，判定为“合法用地”。" in o.explanation


def test_the_provincial_use_control_body_is_named_the_same_way_in_every_a44_outcome():
    base = {**NEW, "BHLX": "new_build", "SJYT": "a44_works", "GCLX": "road_slope"}
    texts = [RS.determine({**base, **more}).explanation for more in (
        {"SZYJ": "no_need"}, {"SZYJ": "pending"}, {"SZYJ": "need", "YDPF": False},
        {"SZYJ": "need", "YDPF": True, "PZWH": "晋政地字〔2020〕45号", "PZRQ": D(2020, 5, 3)})]
    for t in texts:
        assert "省级自然资源主管部门用途管制机构" in t and "经省级用途管制机构" not in t, t


def test_a_deep_poverty_project_names_the_clause_applied_and_why_not_the_general_rule():
    legal = RS.determine({**BUILD, "BHLX": "fill_level", "YDPF": False, "SDPK": True, "BBBJ": True,
                          "JSRQ": D(2020, 3, 1)})
    assert legal.category == "合法用地" and legal.clause == "A4.6"
    assert "按一般规定本应判定为“新增建设用地违法”" in legal.explanation
    assert "适用附件4第六条（国家级深度贫困地区政策）" in legal.explanation
    late = RS.determine({**BUILD, "BHLX": "fill_level", "YDPF": False, "SDPK": True, "BBBJ": True,
                         "JSRQ": D(2021, 3, 1)})
    assert late.category == "新增建设用地违法"
    assert "边报批边建设政策（附件4第六条）只适用于此前开工的项目" in late.explanation
    assert "按附件4第二条" in late.explanation and "不得判定为临时用地" in late.explanation
    county = RS.determine({**BUILD, "YDPF": False, "SDPK": False})
    assert "图斑不位于国家级深度贫困地区，不适用边报批边建设政策（附件4第六条），按一般规定" in county.explanation


def test_stock_land_first_names_why_the_homestead_clause_does_not_apply():
    o = RS.determine({"XZJSYD": True, "BHLX": "new_build", "SJYT": "homestead", "JSRQ": D(2010, 1, 1),
                      "YDPF": False, "QQDJ": False, "MJ": 0.3, "GDMJ": 0.0})
    assert o.category == "存量建设用地违法" and o.clause == "A4.1"
    assert ("图斑实际用于农村村民住宅，但现状地类全部为建设用地；附件4按现状地类认定存量建设用地，"
            "故按附件4第一条（存量建设用地判定）判定，不按“农村村民住宅”所对应的条款判定。") in o.explanation
    h = RS.determine({**NEW, "BHLX": "new_build", "SJYT": "homestead", "ZJPZ": "none"})
    assert h.explanation.startswith("图斑现状地类不全为建设用地（不属存量建设用地），农村村民建住宅")


def test_a_manual_determination_without_its_explanation_asks_for_it():
    o = RS.determine({**BUILD, "SJYT": "other", "RGPD": "new_ill"})
    assert o.category == "新增建设用地违法" and "RGSM" in o.missing
    assert "经人工认定为“新增建设用地违法”。" in o.explanation and "尚未填写：人工说明" in o.explanation
    assert "：未填写" not in o.explanation and "（未填写）。" not in o.explanation


def test_pending_suggestions_are_named_and_not_taken_as_facts():
    rec = {**BUILD, "SDPK": False}
    o = RS.determine(rec)
    p = with_pending(o, rec, {"PZRQ": {"value": D(2020, 5, 3), "value_text": "2020年5月3日", "reason": "…"},
                              "YDPF": {"value": True, "value_text": "是", "reason": "…"}})
    assert p.category == o.category == "待定"
    assert p.explanation == o.explanation + ("待确认：是否取得建设用地批复（参考数据建议：是）；"
                                             "批准日期（参考数据建议：2020年5月3日）。")
    assert p.missing == ("YDPF", "PZRQ")
    assert with_pending(o, rec, {}) is o and with_pending(o, rec, None) is o


def test_optional_segments_in_templates():
    t = Template(["已依法取得建设用地批复[，依据批准文号", FACTS_BY_CODE["PZWH"], "[（", FACTS_BY_CODE["PZRQ"],
                  "批准）]|[（", FACTS_BY_CODE["PZRQ"], "批准）]]。"])
    assert t.codes == ("PZWH", "PZRQ")
    assert t.render({}) == "已依法取得建设用地批复。"
    assert t.render({"PZRQ": "2020-05-03"}) == "已依法取得建设用地批复（2020年5月3日批准）。"
    assert t.render({"PZWH": "X号", "PZRQ": "2020-05-03"}) == "已依法取得建设用地批复，依据批准文号X号（2020年5月3日批准）。"
    for bad in (["a[b"], ["a]b"], ["a|b"]):
        with pytest.raises(ValueError):
            Template(bad)


def test_an_unbalanced_optional_segment_is_a_load_error():
    import json
    data = json.loads(RS.path.read_text(encoding="utf-8"))
    data["land"][1]["rules"][-1]["explain"] = "图斑实际用途[不属附件4所列情形。"
    with pytest.raises(RuleSetError, match="manual-other-use"):
        compile_ruleset(data)


def test_clauses_are_cited_by_their_names():
    assert cite("A4.1", RS.clauses) == "附件4第一条（存量建设用地判定）"
    assert cite("default", RS.clauses) == "一般规定（建设占用土地须依法取得建设用地批复）"
    assert cite("manual", RS.clauses) == "人员认定（附件4未作规定的情形）"
    assert pending_text(["YDPF"], ["A4.6"], RS.clauses) == (
        "尚未填写：是否取得建设用地批复，暂无法判定；可能适用：附件4第六条（国家级深度贫困地区政策）。")


# --- parts of a split patch (附件4第七条: 按实际占地分割认定) ------------------------------------------------------
WH = "晋政地字〔2020〕126号"
UNAPPROVED = {**BUILD, "YDPF": False, "SDPK": False}
APPROVED = {**BUILD, "YDPF": True, "HXGX": "inside", "PZWH": WH, "PZRQ": D(2020, 6, 1)}


def part(n, redline=None, approval=None, fgid=17):
    return {"FGID": fgid, PART_KEY: {"number": str(n), "redline": redline, "approval": approval}}


def test_a_part_says_this_piece_and_a_whole_patch_says_patch():
    whole = RS.determine(UNAPPROVED)
    assert whole.explanation.startswith("图斑现状地类不全为建设用地") and "本地块" not in whole.explanation
    o = RS.determine({**UNAPPROVED, **part(2)})
    assert o.explanation.startswith("本地块（图斑按实际占地分割后的第2块）现状地类不全为建设用地")
    assert "；本地块不位于国家级深度贫困地区" in o.explanation and "图斑不位于" not in o.explanation
    assert o.explanation.count("第2块") == 1 and "红线" not in o.explanation   # a split for another reason
    assert o.clauses == whole.clauses == ("default",) and o.category == whole.category
    assert RS.determine({**UNAPPROVED, "FGID": 5}).explanation.startswith("本地块现状地类")   # no number known
    assert RS.determine({**UNAPPROVED, "FGID": float("nan")}).explanation == whole.explanation  # a frame's patch row
    a41 = RS.determine({"XZJSYD": True, "BHLX": "none", **part(1)})              # every rule's unit is the part
    assert a41.explanation.startswith("本地块（图斑按实际占地分割后的第1块）现状地类全部为建设用地")
    assert RS.determine({"XZJSYD": True, "BHLX": "none"}).explanation.startswith("图斑现状地类全部为建设用地")


def test_parts_split_along_the_red_line_cite_clause_seven_and_the_approval():
    before = "图斑现状地类不全为建设用地，实际用于非农业建设，未依法取得建设用地批复"
    assert RS.determine(UNAPPROVED).explanation.startswith(before)       # the text a county read for part 2
    out = RS.determine({**UNAPPROVED, **part(2, "outside", WH)})
    assert out.explanation.startswith("本地块（图斑按实际占地分割后的第2块）现状地类不全为建设用地")
    assert f"本地块位于{WH}的批准红线以外，不在该批复的批准范围内" in out.explanation
    assert "附件4第七条（按实际占地分割认定）" in out.explanation and out.clauses == ("default", "A4.7")
    assert out.category == "新增建设用地违法" and out.clause == "default"      # the rules decide as before
    inside = RS.determine({**APPROVED, **part(1, "inside", WH)})
    assert inside.category == "合法用地" and inside.clauses == ("default", "A4.7")
    assert inside.explanation.startswith(f"本地块（图斑按实际占地分割后的第1块）实际用于非农业建设，已依法取得建设用地批复，"
                                         f"依据批准文号{WH}")
    assert f"本地块位于{WH}的批准红线以内" in inside.explanation and "附件4第七条（按实际占地分割认定）" in inside.explanation
    unknown = RS.determine({**UNAPPROVED, **part(2, "outside")})              # 文号 unknown: said without it
    assert "本地块位于批准红线以外" in unknown.explanation and "（未填写）" not in unknown.explanation
    pending = RS.determine({**BUILD, **part(1, "inside", WH)})                 # 待定: the part still named once
    assert pending.pending and "本地块（图斑按实际占地分割后的第1块）位于" in pending.explanation


def test_no_part_explanation_shows_an_internal_code():
    rng = random.Random(71)
    for _ in range(3000):
        rec = {f.code: _random_value(f, rng) for f in FACTS if not f.derived}
        whole = RS.determine(rec)
        o = RS.determine({**rec, **part(rng.randint(1, 4), rng.choice([None, "inside", "outside"]),
                                        rng.choice([None, WH]))})
        assert not leaks(o.explanation) and "{@" not in o.explanation, (rec, o.explanation)
        assert o.category == whole.category and o.missing == whole.missing
        assert "本地块" not in whole.explanation and "第七条（按实际占地分割认定）" not in whole.explanation


def test_part_placeholders_and_the_parts_sentence_are_validated_on_load():
    import json
    data = json.loads(RS.path.read_text(encoding="utf-8"))
    data["land"][1]["rules"][-1]["explain"] = "{@piece}实际用途不属附件4所列情形。"
    with pytest.raises(RuleSetError, match=r"manual-other-use.*\{@piece\}"):
        compile_ruleset(data)
    data = json.loads(RS.path.read_text(encoding="utf-8"))
    data["parts"]["clause"] = "A4.9"
    with pytest.raises(RuleSetError, match="A4.9"):
        compile_ruleset(data)
    data = json.loads(RS.path.read_text(encoding="utf-8"))
    del data["parts"]                                                           # optional: no sentence, no clause
    assert compile_ruleset(data).determine({**UNAPPROVED, **part(2, "outside", WH)}).clauses == ("default",)
