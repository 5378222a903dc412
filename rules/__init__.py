"""Determination of patches under the year's rules (附件4), explainable and versioned.

Pure Python: no Qt, no qgis. The public surface:

- ``determine(record, ruleset=None) -> Outcome`` and ``determine_all`` / ``determine_frame``;
- ``load_ruleset(year_or_path) -> RuleSet`` (validated and compiled, cached), ``validate_ruleset(data)``;
- ``FACTS`` / ``FACTS_BY_CODE``: the facts contract; ``CATEGORIES``, ``FLAGS``;
- ``mineral_finding(record, ruleset=None)``.
"""
from .engine import RESULT_FIELDS, MineralFinding, Outcome, determine, determine_all, determine_frame
from .facts import CATEGORIES, FACTS, FACTS_BY_CODE, FLAGS, ILLEGAL_CATEGORIES, PENDING, Fact
from .mineral import MINERAL_FINDINGS, mineral_finding
from .ruleset import (
    DEFAULT_YEAR,
    RuleSet,
    RuleSetError,
    available_years,
    compile_ruleset,
    load_ruleset,
    validate_ruleset,
)

__all__ = [
    "CATEGORIES", "DEFAULT_YEAR", "FACTS", "FACTS_BY_CODE", "FLAGS", "ILLEGAL_CATEGORIES", "MINERAL_FINDINGS",
    "PENDING", "RESULT_FIELDS", "Fact", "MineralFinding", "Outcome", "RuleSet", "RuleSetError",
    "available_years", "compile_ruleset", "determine", "determine_all", "determine_frame", "load_ruleset",
    "mineral_finding", "validate_ruleset",
]
