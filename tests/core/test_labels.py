"""The label table: every internal code people could meet has Chinese and English text."""
import re

import pytest

from wpzf.core import cases, labels
from wpzf.core.labels import (
    EN,
    ZH,
    clause_label,
    clauses_text,
    explanation_text,
    fact_label,
    fact_question,
    header,
    measure_label,
    missing_text,
    protection_label,
    term,
    value_text,
)
from wpzf.rules.facts import CATEGORIES, FACTS, FACTS_BY_CODE, FLAGS
from wpzf.rules.mineral import MINERAL_FINDINGS
from wpzf.rules.ruleset import available_years, load_ruleset

ASCII_CODE = re.compile(r"(?<![A-Za-z])[A-Z]{2,}[A-Z0-9_]*(?![A-Za-z])|\b[a-z]+_[a-z0-9_]+\b")


def test_clauses_read_as_the_work_plan_cites_them():
    assert clause_label("A4.1") == "附件4第一条"
    assert clause_label("A4.7", long=True) == "附件4第七条（其他）"
    assert clause_label("default") == "一般规定：建设占用土地须依法取得建设用地批复"
    assert clause_label("CR") == "法释〔2000〕14号"
    assert clauses_text("default、CR") == "一般规定：建设占用土地须依法取得建设用地批复、法释〔2000〕14号"
    assert clauses_text("A4.2、CR", EN) == "Annex 4, art. 2 (附件4第二条); Judicial interpretation 法释〔2000〕14号"
    assert clauses_text(None) == "" and clauses_text(float("nan")) == ""


@pytest.mark.parametrize("year", available_years())
def test_every_clause_of_every_rule_set_has_a_label_without_its_id(year):
    rs = load_ruleset(year)
    for cid in rs.clauses:
        for lang in (ZH, EN):
            for long in (False, True):
                text = clause_label(cid, lang, long, rs.clauses)
                assert text and cid not in re.findall(r"[A-Za-z0-9.]+", text), (cid, text)


def test_a_clause_known_only_to_a_later_rule_set_reads_as_its_title():
    assert clause_label("B9", titles={"B9": "附件6 一、新条款"}) == "附件6 一、新条款"
    assert clause_label("A4.12") == "附件4第十二条" and clause_label("A4.20") == "附件4第二十条"


def test_stored_explanations_cite_labels_not_ids():
    stored = ("尚缺取得建设用地批复，暂无法判定；可能适用：default（一般规定：建设占用土地须依法取得建设用地批复）、"
              "A4.7（附件4 七、其他）、CR（法释〔2000〕14号 第三条（非法占用耕地“数量较大”））。")
    text = explanation_text(stored)
    assert "default" not in text and "A4.7" not in text and "CR" not in text
    assert "附件4第七条（其他）" in text and "法释〔2000〕14号" in text and text.endswith("）。")
    assert explanation_text("图斑实际用于非农业建设。") == "图斑实际用于非农业建设。"
    assert explanation_text(None) == ""


def test_every_fact_has_both_names_and_a_question():
    for f in FACTS:
        zh, en = fact_label(f.code), fact_label(f.code, EN)
        assert zh == f.alias and en and not ASCII_CODE.search(en), (f.code, en)
        q = fact_question(f.code)
        assert f.code not in q and (f.type != "bool" or "是否" in q), (f.code, q)
    assert fact_question("YDPF") == "是否取得建设用地批复"
    assert fact_label("YJJBNTMJ", unit=True) == "永久基本农田面积（亩）"
    assert fact_label("YJJBNTMJ", EN, unit=True) == "Permanent basic farmland area (mu)"


def test_missing_facts_read_as_questions_not_yet_answered():
    assert missing_text("YDPF") == "尚未填写：是否取得建设用地批复"
    assert missing_text("YDPF,BHLX") == "尚未填写：是否取得建设用地批复、变化类型"
    assert missing_text("BHLX", EN) == "Not yet answered: Type of change"
    assert missing_text("") == "" and missing_text(None) == ""


def test_values_read_with_units_and_labels_never_as_codes():
    assert value_text("YJJBNTMJ", 3.18) == "3.18亩" and value_text("YJJBNTMJ", 3.18, EN) == "3.18 mu"
    assert value_text("YJJBNTMJ", None) == "（未填写）" and "亩" not in value_text("MJ", float("nan"))
    assert value_text("BHLX", "demolish") == "房屋拆除、拆迁" and value_text("BHLX", "demolish", EN) == "houses torn down"
    assert value_text("YDPF", False) == "否" and value_text("YDPF", "1", EN) == "yes"
    assert value_text("JSRQ", "2020-01-02") == "2020年1月2日"
    assert value_text("BHLX", "bogus") == "“bogus”（无效值）"


def test_every_enum_value_has_english():
    for f in FACTS:
        for v, zh in f.values:
            assert labels.value_label(f.code, v) == zh
            en = labels.value_label(f.code, v, EN)
            explicit = v in labels.VALUE_EN.get(f.code, {}) or f.code == "RGPD"   # RGPD: the 附件4 categories
            assert explicit and en and not re.search(r"[\u4e00-\u9fff]", en.split("(")[0]), (f.code, v, en)


def test_terms_used_as_values_have_english():
    from wpzf.core.referrals import INBOUND, OUTBOUND
    from wpzf.core.sampling import AUTHENTIC, NOT_AUTHENTIC
    from wpzf.store.schema import STATUSES as PATCH_STATUSES

    values = (*CATEGORIES, *FLAGS, *MINERAL_FINDINGS, *PATCH_STATUSES, *cases.STATUSES, *cases.MEASURES,
              AUTHENTIC, NOT_AUTHENTIC, INBOUND, OUTBOUND)
    for v in values:
        assert term(v) == v
        en = term(v, EN)
        assert en != v and re.match(r"[A-Za-z(]", en), (v, en)
    assert term("新增建设用地违法", EN) == "illegal new construction land (新增建设用地违法)"
    assert term("整改中", EN) == "being rectified" and term(None, EN) == ""
    assert term("某个新词", EN) == "某个新词"   # unknown terms stay as they are


def test_measures_never_mix_english_into_chinese():
    assert measure_label(cases.DEMOLISH, 14.35) == "拆除（14.35亩）"
    assert measure_label(cases.DEMOLISH, 14.35, EN) == "demolition (拆除), 14.35 mu"
    m = cases.Measure(cases.DEMOLISH, 14.35)
    assert m.label == "拆除（14.35亩）" and "demolition" in m.label_en


def test_protection_layers_and_headers():
    assert protection_label("YJJBNTMJ") == "永久基本农田" and protection_label("YJJBNTMJ", EN) == "permanent basic farmland"
    from wpzf.store.dashboard import PROGRESS_COLUMNS

    for h in PROGRESS_COLUMNS:
        assert header(h) == h
        assert not re.search(r"[\u4e00-\u9fff]", header(h, EN).split("(")[0]), h
    assert header("违法占用耕地(亩)", EN).endswith("(mu)")


def test_every_code_is_covered():
    """A fact added to the contract without English fails here, not in front of a user."""
    assert set(labels.FACT_EN) == set(FACTS_BY_CODE)
    assert set(labels.VALUE_EN) | {"RGPD"} == {f.code for f in FACTS if f.type == "enum"}


def test_a_rule_set_title_wins_over_the_built_in_subject():
    assert clause_label("A4.3", long=True, titles={"A4.3": "附件4 三、设施农业用地判定"}) == "附件4第三条（设施农业用地判定）"
    assert clause_label("A4.3", long=True, titles={"A4.3": "附件4 三、新的规定"}) == "附件4第三条（新的规定）"
    assert clause_label("A4.3", EN, long=True, titles={"A4.3": "附件4 三、新的规定"}) == "Annex 4, art. 3 (附件4第三条)"


def test_an_unknown_area_in_an_explanation_reads_not_recorded_without_its_unit():
    from wpzf.rules import determine

    o = determine({"XZJSYD": False, "SFSK": False, "BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none",
                   "YDPF": False, "SDPK": False, "GDMJ": 2.0})          # MJ (the area) not recorded
    assert o.category == "新增建设用地违法"
    assert "未填写亩" not in o.explanation and "占地（未填写）" in o.explanation
    assert "耕地2.00亩" in o.explanation                                 # known areas keep their unit
