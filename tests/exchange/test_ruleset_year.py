"""A batch's rule-set year must be one WPZF has rules for; by default the newest not after the year of issue."""
import datetime as dt

from wpzf.exchange.importer import BatchMeta, default_ruleset_year, validate_meta
from wpzf.rules import available_years


def test_default_is_the_newest_rule_set_not_after_the_issue_year():
    years = [2021, 2023, 2025]
    assert default_ruleset_year(dt.date(2024, 3, 1), years) == 2023
    assert default_ruleset_year(dt.date(2023, 1, 1), years) == 2023
    assert default_ruleset_year(2030, years) == 2025
    assert default_ruleset_year(2020, years) is None
    assert default_ruleset_year(dt.date(2021, 5, 6)) == 2021     # the shipped rule sets


def test_a_year_without_rules_is_refused_by_name():
    missing = max(available_years()) + 1
    problems = validate_meta(BatchMeta("部级", dt.date(2021, 5, 6), missing))
    assert len(problems) == 1 and str(missing) in problems[0] and str(max(available_years())) in problems[0]
    assert validate_meta(BatchMeta("部级", dt.date(2021, 5, 6), max(available_years()))) == []
