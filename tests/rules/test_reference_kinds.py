"""Reference kinds as data: the shipped file, validation naming kind and rule, attribute parsing."""
import copy
import datetime as dt
import json

import pytest

from wpzf.rules.facts import FACTS_BY_CODE
from wpzf.rules.reference_kinds import (
    KINDS_PATH,
    KindError,
    compile_kinds,
    kind_label,
    load_kinds,
    parse_attribute,
    parse_date,
)

BUILT_IN = {"construction_approval": "建设用地审批", "temporary_use": "临时用地批复",
            "facility_filing": "设施农业用地备案", "land_project": "土地整治/增减挂钩项目",
            "basic_farmland": "永久基本农田", "eco_redline": "生态保护红线", "urban_boundary": "城镇开发边界",
            "mining_right": "采矿权/探矿权", "homestead_approval": "农村宅基地审批",
            "earlier_patches": "以前年度图斑"}


def _data():
    return json.loads(KINDS_PATH.read_text(encoding="utf-8"))


def _errors(mutate):
    data = _data()
    mutate(data)
    with pytest.raises(KindError) as e:
        compile_kinds(data, "test.json")
    return e.value.errors


def _kind(data, kid):
    return next(k for k in data["kinds"] if k["id"] == kid)


def test_shipped_kinds_load_with_official_names():
    kinds = load_kinds()
    assert {k: v.name for k, v in kinds.items()} == BUILT_IN
    for k in kinds.values():
        assert k.name_en and k.description
        assert all(r.reason.strip() for r in k.rules)
        for code in k.facts:
            assert code in FACTS_BY_CODE
    assert kinds["construction_approval"].complete_default is True
    assert kinds["construction_approval"].facts == ("YDPF", "PZWH", "PZRQ", "HXGX")
    assert kinds["mining_right"].facts == ("CKXK", "SFYJ")
    assert kinds["homestead_approval"].facts == ("ZJPZ",)
    assert kinds["earlier_patches"].needs_feature_share
    assert not kinds["construction_approval"].needs_feature_share


@pytest.mark.parametrize("kid, key, label, guesses", [
    ("construction_approval", "wh", "批准文号", {"PZWH", "WH", "批准文号", "文号"}),
    ("construction_approval", "pzrq", "批准日期", {"PZRQ", "批准日期"}),
    ("facility_filing", "bah", "备案号", {"BAH", "备案号"}),
    ("mining_right", "zh", "证号", {"ZH", "证号", "XKZH"}),
    ("mining_right", "yxqz", "有效期止", {"YXQZ", "有效期止", "JZRQ", "截止日期"}),
    ("temporary_use", "jzrq", "截止日期", {"JZRQ", "截止日期", "YXQZ"}),
    ("earlier_patches", "jcbh", "监测编号", {"JCBH", "监测编号"}),
])
def test_attributes_and_field_guesses(kid, key, label, guesses):
    a = load_kinds()[kid].attribute[key]
    assert a.label == label
    assert guesses <= set(a.guess)


def test_dates_of_terms_are_dates():
    kinds = load_kinds()
    assert kinds["temporary_use"].valid_until == "jzrq"
    assert kinds["mining_right"].attribute["yxqz"].type == "date"
    assert kinds["construction_approval"].valid_from == "pzrq"


def test_kind_label_never_shows_the_id():
    assert kind_label("construction_approval") == "建设用地审批"
    assert kind_label("mining_right", "en") == "Mining and exploration rights"
    assert kind_label("no_such_kind") == "参考图层"


def test_unknown_fact_names_kind_and_rule():
    errs = _errors(lambda d: _kind(d, "facility_filing")["rules"][0]["facts"].update({"SSBX": True}))
    assert any("facility_filing" in e and "'filed'" in e and "SSBX" in e for e in errs)


def test_unknown_enum_value():
    errs = _errors(lambda d: _kind(d, "mining_right")["rules"][0]["facts"].update({"CKXK": "valid"}))
    assert any("mining_right" in e and "'mining'" in e and "'valid'" in e and "CKXK" in e for e in errs)


def test_bool_fact_needs_bool_and_text_placeholder_needs_known_attribute():
    errs = _errors(lambda d: _kind(d, "construction_approval")["rules"][0]["facts"].update(
        {"YDPF": "yes", "PZWH": "{wenhao}"}))
    assert any("'inside'" in e and "YDPF" in e and "true or false" in e for e in errs)
    assert any("'inside'" in e and "wenhao" in e for e in errs)


def test_date_fact_cannot_take_text_attribute():
    errs = _errors(lambda d: _kind(d, "construction_approval")["rules"][0]["facts"].update({"PZRQ": "{wh}"}))
    assert any("PZRQ" in e and "'wh'" in e for e in errs)


def test_rule_attribute_conditions_and_placeholders_are_checked():
    def mutate(d):
        r = _kind(d, "facility_filing")["rules"][1]
        r["attrs"][0]["attr"] = "kind_of"
        r["reason"] = "类型为{leixing}。"
    errs = _errors(mutate)
    assert any("'livestock'" in e and "kind_of" in e for e in errs)
    assert any("'livestock'" in e and "{leixing}" in e for e in errs)


def test_bad_attribute_type_and_derived_fact_and_record_values():
    def mutate(d):
        k = _kind(d, "temporary_use")
        k["attributes"][1]["type"] = "datetime"
        k["rules"][0]["facts"]["ZYJBNT"] = True
        _kind(d, "mining_right")["rules"][-1]["record_any"]["SJYT"] = ["mine"]
    errs = _errors(mutate)
    assert any("temporary_use" in e and "'qsrq'" in e and "datetime" in e for e in errs)
    assert any("'in_term'" in e and "ZYJBNT" in e and "derived" in e for e in errs)
    assert any("mining_right" in e and "'absent'" in e and "'mine'" in e for e in errs)


def test_structure_errors():
    errs = _errors(lambda d: d["kinds"].append(copy.deepcopy(d["kinds"][0])))
    assert any("used twice" in e for e in errs)
    errs = _errors(lambda d: _kind(d, "eco_redline")["rules"][0].update(note=False))
    assert any("eco_redline" in e and "suggests nothing" in e for e in errs)
    errs = _errors(lambda d: _kind(d, "eco_redline")["rules"][0].update(cover="most"))
    assert any("'most'" in e for e in errs)
    errs = _errors(lambda d: _kind(d, "eco_redline")["rules"][0].update(term="expired"))
    assert any("valid_until" in e for e in errs)
    with pytest.raises(KindError):
        compile_kinds({"kinds": []})
    errs = _errors(lambda d: d.update(kind=[]))
    assert any("'kind'" in e for e in errs)


def test_load_error_from_file(tmp_path):
    p = tmp_path / "kinds.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(KindError, match="not valid JSON"):
        load_kinds(p)


def test_province_kind_loads_from_file(tmp_path):
    data = _data()
    data["kinds"].append({
        "id": "village_plan", "name": "村庄规划建设用地", "name_en": "Village plan construction land",
        "description": "省级增加：村庄规划确定的建设用地范围", "complete_default": False,
        "attributes": [{"key": "ghmc", "label": "规划名称", "type": "text", "guess": ["GHMC", "规划名称"]}],
        "rules": [{"id": "in_plan", "cover": "any", "note": True,
                   "reason": "{unit}有{mu}位于村庄规划建设用地“{ghmc}”内。"}]})
    p = tmp_path / "kinds.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kinds = load_kinds(p)
    assert kinds["village_plan"].name == "村庄规划建设用地"
    assert kind_label("village_plan", path=p) == "村庄规划建设用地"
    assert "village_plan" not in load_kinds()


@pytest.mark.parametrize("raw, want", [
    ("2021-03-01", dt.date(2021, 3, 1)), ("20210301", dt.date(2021, 3, 1)), ("2021/3/1", dt.date(2021, 3, 1)),
    ("2021年3月1日", dt.date(2021, 3, 1)), ("2021.03.01", dt.date(2021, 3, 1)),
    ("2021-03-01T08:00:00", dt.date(2021, 3, 1)), (dt.datetime(2021, 3, 1, 9), dt.date(2021, 3, 1)),
    (20210301, dt.date(2021, 3, 1)), ("", None), (None, None), ("不详", None), ("2021-02-30", None),
    (float("nan"), None)])
def test_parse_date(raw, want):
    assert parse_date(raw) == want


def test_parse_number_and_text():
    kinds = load_kinds()
    pc = kinds["earlier_patches"].attribute["pc"]
    assert parse_attribute(pc, "2020年第3批") == 3.0
    assert parse_attribute(pc, 2) == 2.0
    assert parse_attribute(pc, "无") is None
    wh = kinds["construction_approval"].attribute["wh"]
    assert parse_attribute(wh, "  晋政地〔2021〕12号 ") == "晋政地〔2021〕12号"
    assert parse_attribute(wh, "   ") is None
