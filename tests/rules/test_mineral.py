"""Mineral findings beside the land determination (土地、矿产同查同核)."""
import pytest

from wpzf.rules import determine, mineral_finding
from wpzf.rules.mineral import involves_mining

MINED = {"SFSK": True, "KCZT": "mined", "CKXK": "mining"}


@pytest.mark.parametrize("facts, finding, rule", [
    ({"SFSK": True, "KCZT": "not_mined"}, "实地伪变化", "M-not-mined"),
    ({"SFSK": True, "KCZT": "other"}, "其他", "M-other-activity"),
    ({"SFSK": True, "KCZT": "mined", "CKXK": "none"}, "无证开采", "M-no-licence"),
    ({"SFSK": True, "KCZT": "mined", "CKXK": "explore"}, "以采代探", "M-mining-as-exploration"),
    ({**MINED, "SFYJ": True}, "越界开采", "M-out-of-bounds"),
    ({**MINED, "SFYJ": False, "FFZR": True}, "非法转让", "M-illegal-transfer"),
    ({**MINED, "SFYJ": False, "FFZR": False, "PHKC": True}, "破坏性开采", "M-destructive"),
    ({**MINED, "SFYJ": False, "FFZR": False, "PHKC": False}, "合法", "M-legal"),
])
def test_each_mineral_finding(facts, finding, rule):
    m = mineral_finding(facts)
    assert (m.finding, m.rule_id, m.clause) == (finding, rule, "M")
    assert finding in m.explanation


def test_mining_use_gets_a_mineral_finding_beside_the_land_one():
    o = determine({"XZJSYD": False, "SJYT": "mining", "YDPF": False, "SDPK": False, "MJ": 8, "GDMJ": 0,
                   "YJJBNTMJ": 0, "KCZT": "mined", "CKXK": "none"})
    assert o.category == "新增建设用地违法" and o.mineral.finding == "无证开采"
    assert o.to_fields()["KCPDJG"] == "无证开采"


def test_patches_without_mining_get_none_and_unknowns_are_pending():
    assert mineral_finding({"SFSK": False, "SJYT": "nonagri"}) is None
    assert involves_mining({"SFSK": False}) is False and involves_mining({"SJYT": "mining"}) is True
    m = mineral_finding({"SFSK": True, "KCZT": "mined"})
    assert m.finding == "待定" and m.missing == ("CKXK",)


@pytest.mark.parametrize("state", ["not_mined", "other"])
def test_a_parts_mineral_text_names_the_part_not_the_patch(state):
    from wpzf.rules.templates import PART_KEY

    whole = mineral_finding({"SFSK": True, "KCZT": state})
    part = mineral_finding({"SFSK": True, "KCZT": state, "FGID": 7, PART_KEY: {"number": "2", "redline": None}})
    assert whole.explanation.startswith("图斑涉及矿产")
    assert part.explanation.startswith("本地块（图斑按实际占地分割后的第2块）涉及矿产")
    assert "涉矿图斑" not in part.explanation
