"""Rule sets are checked on load: every error names the rule (and the facts) behind it."""
import copy
import json
import re

import pytest

from wpzf.rules import RuleSetError, available_years, compile_ruleset, load_ruleset, validate_ruleset
from wpzf.rules.ruleset import RULESET_DIR


def minimal():
    return {
        "format": 1, "id": "t", "year": 2030,
        "parameters": {"law": {"type": "date", "value": "1999-01-01"}},
        "clauses": {"A": "一", "B": "二"},
        "land": [
            {"id": "stock", "clause": "A", "when": {"XZJSYD": True}, "rules": [
                {"id": "old", "when": {"JSRQ": {"lt": "$law"}}, "category": "实地伪变化", "explain": "旧{JSRQ}"},
                {"id": "young", "when": {"JSRQ": {"ge": "$law"}}, "category": "存量建设用地违法", "explain": "新"},
            ]},
            {"id": "fresh", "clause": "B", "when": {"XZJSYD": False}, "category": "新增建设用地违法",
             "explain": "新增"},
        ],
    }


def errors_of(data):
    with pytest.raises(RuleSetError) as e:
        compile_ruleset(data, "test.json")
    return "\n".join(e.value.errors)


def test_minimal_rule_set_compiles_and_decides():
    rs = compile_ruleset(minimal())
    assert rs.determine({"XZJSYD": True, "JSRQ": "1980-01-01"}).category == "实地伪变化"
    assert rs.determine({"XZJSYD": True, "JSRQ": "1999-01-01"}).rule_id == "young"
    assert rs.determine({"XZJSYD": True}).missing == ("JSRQ",)


def test_unknown_fact_is_named_with_its_rule():
    d = minimal()
    d["land"][1]["when"]["NOSUCH"] = True
    assert re.search(r"rule 'fresh': unknown fact 'NOSUCH'", errors_of(d))


def test_unknown_enum_value_is_named_with_its_rule():
    d = minimal()
    d["land"][1]["when"]["SJYT"] = "spaceport"
    msg = errors_of(d)
    assert "rule 'fresh'" in msg and "'spaceport' is not a value of SJYT" in msg and "nonagri" in msg


def test_unknown_parameter_is_named_with_its_rule():
    d = minimal()
    d["land"][0]["rules"][0]["when"]["JSRQ"] = {"lt": "$nope"}
    assert "rule 'old': unknown parameter '$nope'" in errors_of(d)


def test_two_rules_matching_the_same_facts_are_an_error_naming_both():
    d = minimal()
    d["land"].append({"id": "overlap", "clause": "B", "when": {"XZJSYD": False, "BHLX": "none"},
                      "category": "实地伪变化", "explain": "x"})
    msg = errors_of(d)
    assert "rules 'fresh' and 'overlap' both match" in msg and "XZJSYD=否" in msg


def test_overlap_through_unknown_is_caught_too():
    d = minimal()
    # 'anyland' does not look at XZJSYD, so it matches alongside 'fresh' whenever BHLX is none
    d["land"].append({"id": "anyland", "clause": "B", "when": {"BHLX": "none"}, "category": "实地伪变化",
                      "explain": "x"})
    msg = errors_of(d)
    assert "both match" in msg and "anyland" in msg


def test_a_combination_no_rule_decides_is_an_error_with_an_example():
    d = minimal()
    del d["land"][1]
    msg = errors_of(d)
    assert "no rule decides XZJSYD=否" in msg


def test_gap_inside_a_group_names_the_nearest_rules():
    d = minimal()
    d["land"][0]["rules"][1]["when"]["JSRQ"] = {"ge": "2000-01-01"}
    msg = errors_of(d)
    assert "no rule decides XZJSYD=是, JSRQ≥1999-01-01且<2000-01-01" in msg
    assert "nearest rules" in msg


def test_a_rule_that_cannot_match_is_unreachable():
    d = minimal()
    d["land"][0]["rules"].append({"id": "never", "when": {"JSRQ": {"lt": "1990-01-01", "ge": "1995-01-01"}},
                                  "category": "实地伪变化", "explain": "x"})
    assert "rule 'never' is unreachable" in errors_of(d)


def test_a_rule_contradicting_its_group_is_unreachable():
    d = minimal()
    d["land"][0]["rules"].append({"id": "contra", "when": {"XZJSYD": False}, "category": "实地伪变化",
                                  "explain": "x"})
    msg = errors_of(d)
    assert "rule 'contra' is unreachable" in msg and "XZJSYD" in msg


def test_an_annotation_for_a_category_no_rule_yields_is_unreachable():
    d = minimal()
    d["annotations"] = [{"id": "ann", "clause": "A", "when": {"category": "临时用地"}, "flag": "未备案"}]
    assert "rule 'ann' is unreachable" in errors_of(d)


def test_an_annotation_incompatible_with_the_rules_yielding_its_category_is_unreachable():
    d = minimal()
    d["annotations"] = [{"id": "ann", "clause": "A", "when": {"category": "新增建设用地违法", "XZJSYD": True},
                         "flag": "未备案"}]
    assert "rule 'ann' is unreachable" in errors_of(d)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["land"][1].update(clause="Z"), "rule 'fresh': unknown clause 'Z'"),
    (lambda d: d["land"][1].update(category="非法"), "rule 'fresh': category '非法' is not one of"),
    (lambda d: d["land"][1].update(flags=["可疑"]), "rule 'fresh': unknown flag '可疑'"),
    (lambda d: d["land"][1].update(explain="面积{AREA}"), "rule 'fresh': explanation uses unknown fact {AREA}"),
    (lambda d: d["land"][1].update(explain="日期{$when}"), "rule 'fresh': explanation uses unknown parameter"),
    (lambda d: d["land"][1].update(requires=["FOO"]), "rule 'fresh': requires unknown fact 'FOO'"),
    (lambda d: d["land"][1].update(id="stock"), "rule 'stock': id used twice"),
    (lambda d: d["land"][1].update(categroy="x"), "rule 'fresh': unknown keys ['categroy']"),
    (lambda d: d["land"][1].update(category="待定"), "rule 'fresh': a 待定 rule must say why"),
    (lambda d: d["land"][1]["when"].update(XZJSYD="no"), "rule 'fresh': 'no' is not a value of XZJSYD"),
    (lambda d: d["land"][1]["when"].update(JSRQ={"lt": 5}), "rule 'fresh': 5 is not a date"),
    (lambda d: d["land"][1]["when"].update(BHLX={"lt": "2000-01-01"}), "rule 'fresh': lt compares dates"),
    (lambda d: d["land"][1]["when"].update(PZWH="x"), "rule 'fresh': PZWH is a text"),
    (lambda d: d.update(format=2), "format must be 1"),
    (lambda d: d.update(extra=1), "unknown top-level key 'extra'"),
    (lambda d: d["parameters"].update(law={"type": "date", "value": "soon"}), "parameter 'law'"),
])
def test_bad_rule_sets_are_refused_with_a_clear_message(mutate, expected):
    d = minimal()
    mutate(d)
    assert expected in errors_of(d)


def test_validate_returns_the_errors_and_the_error_text_names_the_file():
    d = minimal()
    d["land"][1]["when"]["NOSUCH"] = 1
    assert validate_ruleset(d) and validate_ruleset(minimal()) == []
    with pytest.raises(RuleSetError, match=r"rule set test.json is invalid"):
        compile_ruleset(d, "test.json")


def test_the_shipped_rule_sets_are_valid():
    assert 2021 in available_years()
    for year in available_years():
        data = json.loads((RULESET_DIR / f"{year}.json").read_text(encoding="utf-8"))
        assert validate_ruleset(data) == [], year
        assert data["year"] == year


def test_a_year_without_a_rule_set_is_a_clear_error():
    with pytest.raises(RuleSetError, match=r"no rule set for year 1990 \(available: .*2021"):
        load_ruleset(1990)


def test_a_new_year_is_a_data_file(tmp_path):
    """A county copies 2021, moves the law date (say to the 1987 law) and gets different answers."""
    data = json.loads((RULESET_DIR / "2021.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data.update(year=2022, id="2022-test")
    data["parameters"]["land_law_effective"]["value"] = "1987-01-01"
    path = tmp_path / "2022.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rs = load_ruleset(path)
    rec = {"XZJSYD": True, "BHLX": "renovate", "JSRQ": "1990-01-01", "WFGH": False, "YDPF": False, "QQDJ": False}
    assert rs.determine(rec).category == "存量建设用地违法" and rs.determine(rec).ruleset == "2022-test"
    assert load_ruleset(2021).determine(rec).category == "实地伪变化"
    assert load_ruleset(path) is rs  # compiled once


def test_broken_json_is_a_rule_set_error(tmp_path):
    path = tmp_path / "2023.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleSetError, match="not valid JSON"):
        load_ruleset(path)
