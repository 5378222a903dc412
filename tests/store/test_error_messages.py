"""What the store and the rules raise reads as one sentence for the user (store.errors.user_message)."""
import sqlite3

import pytest

from wpzf.rules import RuleSetError, available_years, load_ruleset
from wpzf.store.errors import StaleVersion, StoreError, missing_ruleset_year, user_message
from wpzf.store.faults import StoreFault


def test_an_unknown_rule_year_names_the_year_the_rule_sets_and_what_to_do():
    year = max(available_years()) + 5
    with pytest.raises(RuleSetError) as e:
        load_ruleset(year)
    assert missing_ruleset_year(e.value) == year
    text = user_message(e.value)
    assert str(year) in text and ", ".join(map(str, available_years())) in text
    assert "Update WPZF" in text and "Findings tab" in text


def test_a_broken_rule_set_is_not_taken_for_a_missing_year():
    e = RuleSetError("2021.json", ["rule A4.1: overlaps A4.2"])
    assert missing_ruleset_year(e) is None
    assert "2021.json" in user_message(e) and "overlaps A4.2" in user_message(e)


@pytest.mark.parametrize("error, expected", [
    (StoreError("conflict #3 does not exist"), "conflict #3 does not exist"),
    (StaleVersion("wz_fact", 4, 2, 3, {}), "version 3"),
    (StoreFault("full", "county.gpkg", "database or disk is full"), "The disk holding county.gpkg is full"),
    (sqlite3.OperationalError("database is locked"), "The workspace is being written by another program"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "The workspace cannot be written"),
    (sqlite3.DatabaseError("file is not a database"), "(file is not a database)"),
])
def test_store_errors_become_sentences(error, expected):
    assert expected in user_message(error)


def test_other_errors_are_left_to_the_caller():
    assert user_message(ValueError("x")) is None and user_message(KeyError("k")) is None
