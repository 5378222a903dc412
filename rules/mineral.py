"""Mineral findings for patches that involve mining (土地、矿产同查同核, seed §七(三)).

A patch whose land involves mining (SFSK, or actual use 采矿) gets a mineral finding beside its land
determination. The decision itself is data: the ``mineral`` section of the year's rule set, checked
and compiled like the land rules (mutually exclusive, total, 待定 with the missing facts).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Optional

LEGAL = "合法"
NO_LICENCE = "无证开采"
OUT_OF_BOUNDS = "越界开采"
MINING_AS_EXPLORATION = "以采代探"
ILLEGAL_TRANSFER = "非法转让"
DESTRUCTIVE = "破坏性开采"
PSEUDO_CHANGE = "实地伪变化"
OTHER = "其他"
PENDING = "待定"

MINERAL_FINDINGS = (LEGAL, NO_LICENCE, OUT_OF_BOUNDS, MINING_AS_EXPLORATION, ILLEGAL_TRANSFER, DESTRUCTIVE,
                    PSEUDO_CHANGE, OTHER, PENDING)
ILLEGAL_FINDINGS = frozenset({NO_LICENCE, OUT_OF_BOUNDS, MINING_AS_EXPLORATION, ILLEGAL_TRANSFER, DESTRUCTIVE})


def mineral_finding(record: Mapping, ruleset=None):
    """The MineralFinding of a record, or None when the patch does not involve mining (or the rule set
    has no mineral section). ``ruleset``: a RuleSet, a year, a path or None for the default year."""
    from .engine import _resolve, evaluate_mineral
    return evaluate_mineral(_resolve(ruleset), record)


def involves_mining(record: Mapping, ruleset=None) -> Optional[bool]:
    """Whether the year's rule set gives this record a mineral finding."""
    from .engine import _resolve
    rs = _resolve(ruleset)
    return None if rs.mineral is None else rs.mineral.applies(record)
