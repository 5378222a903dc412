"""The facts contract: DBF-safe codes, documented in rules/README.md, values parsed as stores give them."""
import datetime as dt
import math
import re
from pathlib import Path

import pytest

from wpzf.rules import CATEGORIES, FACTS, FACTS_BY_CODE, PENDING, load_ruleset
from wpzf.rules.facts import (
    FactValueError,
    apply_overrides,
    display_value,
    facts_table_markdown,
    normalize_value,
)

README = Path(__file__).resolve().parents[2] / "rules" / "README.md"


def test_codes_are_dbf_safe_and_aliases_chinese():
    for f in FACTS:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]{0,9}", f.code), f.code
        assert re.search(r"[\u4e00-\u9fff]", f.alias), f.code
        assert f.type in ("bool", "enum", "date", "text", "number")
        for v, label in f.values:
            assert len(v) <= 10 and v.isascii() and label


def test_readme_lists_every_fact_exactly_as_the_code_defines_it():
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- facts-table:start -->\n")[1].split("<!-- facts-table:end -->")[0]
    assert table == facts_table_markdown(), "regenerate the table with facts.facts_table_markdown()"
    for f in FACTS:
        assert f"| `{f.code}` | {f.alias}" in table
        for v, label in f.values:
            assert f"`{v}` {label}" in table


def test_the_rules_read_only_contract_facts_and_the_issue_list_is_covered():
    used = set(load_ruleset(2021).facts_used)
    assert used <= set(FACTS_BY_CODE)
    # facts issue 3 names: land class, change kind, build date, planning, approval/registration with
    # number and date, actual use, temporary approval, facility agriculture (compliance, filing,
    # livestock, basic farmland, consent), province opinion, homestead approval, deep poverty, red line
    assert {"XZJSYD", "BHLX", "JSRQ", "WFGH", "YDPF", "PZWH", "PZRQ", "QQDJ", "DJZH", "DJRQ", "SJYT", "LSPF",
            "SSHG", "SSBA", "YZSS", "ZYJBNT", "BHTY", "SZYJ", "ZJPZ", "SDPK", "BBBJ", "HXGX"} <= used


def test_manual_determination_labels_are_annex_4_categories():
    assert set(FACTS_BY_CODE["RGPD"].labels.values()) == set(CATEGORIES) - {PENDING}


@pytest.mark.parametrize("code, raw, value", [
    ("XZJSYD", "是", True), ("XZJSYD", 0, False), ("XZJSYD", "T", True), ("XZJSYD", 1.0, True),
    ("SJYT", "临时使用", "temporary"), ("SJYT", " temporary ", "temporary"),
    ("JSRQ", "1999/01/01", dt.date(1999, 1, 1)), ("JSRQ", "19990101", dt.date(1999, 1, 1)),
    ("JSRQ", dt.datetime(2020, 5, 6, 7, 8), dt.date(2020, 5, 6)), ("GDMJ", "3.5", 3.5),
    ("GDMJ", None, None), ("GDMJ", math.nan, None), ("PZWH", "  ", None), ("XZJSYD", "", None),
])
def test_values_are_read_in_the_forms_stores_use(code, raw, value):
    assert normalize_value(FACTS_BY_CODE[code], raw) == value


@pytest.mark.parametrize("code, raw", [("XZJSYD", 2), ("SJYT", "spaceport"), ("JSRQ", "soon"), ("GDMJ", True),
                                       ("GDMJ", "inf")])
def test_invalid_values_are_refused(code, raw):
    with pytest.raises(FactValueError, match=code):
        normalize_value(FACTS_BY_CODE[code], raw)


def test_invalid_values_are_reported_by_the_engine_and_read_as_unknown():
    o = load_ruleset(2021).determine({"XZJSYD": "maybe"})
    assert o.pending and o.invalid == ("XZJSYD",) and o.missing == ("XZJSYD",)


def test_display_is_chinese():
    assert display_value(FACTS_BY_CODE["JSRQ"], "1999-01-01") == "1999年1月1日"
    assert display_value(FACTS_BY_CODE["WFGH"], 0) == "否"
    assert display_value(FACTS_BY_CODE["GDMJ"], 1 / 3) == "0.33"
    assert display_value(FACTS_BY_CODE["GDMJ"], None) == "未填写"


def test_overlay_values_are_overridden_only_with_a_reason():
    facts, applied = apply_overrides({"XZJSYD": True, "GDMJ": 2.0}, {"XZJSYD": ("否", "三调后已复垦为耕地")})
    assert facts["XZJSYD"] is False and applied[0].overlay_value is True and applied[0].reason
    with pytest.raises(ValueError, match="needs a reason"):
        apply_overrides({"GDMJ": 2.0}, {"GDMJ": (1.0, " ")})
    with pytest.raises(ValueError, match="only facts derivable"):
        apply_overrides({}, {"SJYT": ("farming", "现场核实")})


def test_derived_facts_follow_their_sources():
    rs = load_ruleset(2021)
    base = {"XZJSYD": False, "SJYT": "facility", "YZSS": True, "BHTY": False, "SSHG": True}
    assert rs.determine({**base, "YJJBNTMJ": 0.4}).category == "农业项目破坏耕地（基本农田）"
    assert rs.determine({**base, "YJJBNTMJ": 0.0, "SSBA": True}).category == "设施农业用地"
    assert rs.determine(base).missing == ("YJJBNTMJ",)
