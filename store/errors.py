"""Errors the store raises; messages are for people (the UI shows them as they are).

``user_message`` turns what the store and the rules raise while the UI works with a workspace (these errors,
an unusable rule set, SQLite and PostgreSQL errors) into one sentence in the user's language."""
from __future__ import annotations

import sqlite3
from typing import Optional

from ..i18n import tr
from ..rules.ruleset import RuleSetError, available_years


class StoreError(Exception):
    pass


class SchemaTooNew(StoreError):
    pass


class NotAWorkspace(StoreError):
    pass


class StaleVersion(StoreError):
    """A save based on an old version of a record: somebody else saved first."""

    def __init__(self, table: str, fid: int, expected: int, actual: int, theirs: dict):
        self.table, self.fid, self.expected, self.actual, self.theirs = table, fid, expected, actual, theirs
        super().__init__(f"{table} #{fid} was changed by someone else (version {actual}, "
                         f"you edited version {expected})")


def missing_ruleset_year(exc: BaseException) -> Optional[int]:
    """The year of a RuleSetError raised because WPZF has no rule set for that year, else None."""
    if isinstance(exc, RuleSetError) and str(exc.source).isdigit() and int(exc.source) not in available_years():
        return int(exc.source)
    return None


def ruleset_missing_message(year: int) -> str:
    """What an unknown rule-set year means and what to do about it."""
    years = available_years()
    return tr("WPZF has no rule set for {year} (it has: {years}), so the patches of this batch cannot be "
              "determined. Update WPZF to a version with the {year} rules, or judge the batch by rules WPZF has "
              "(Findings tab).").format(year=year, years=", ".join(map(str, years)) or "—")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def user_message(exc: BaseException) -> Optional[str]:
    """A message for an error of the store or the rules, None for any other kind of error."""
    year = missing_ruleset_year(exc)
    if year is not None:
        return ruleset_missing_message(year)
    if isinstance(exc, RuleSetError):
        return tr("The rule set {source} cannot be used: {problems}").format(
            source=exc.source, problems="; ".join(exc.errors))
    if isinstance(exc, StaleVersion):
        return tr("Someone else changed this record meanwhile (version {actual}; you edited version {expected}). "
                  "Reload it and apply your change again.").format(actual=exc.actual, expected=exc.expected)
    from .faults import StoreFault, classify, fault_message  # faults builds on this module

    if isinstance(exc, StoreFault):  # a whole sentence already: what happened and what to do
        return str(exc)
    if isinstance(exc, StoreError):
        return tr("The workspace refused this: {reason}").format(reason=str(exc))
    if isinstance(exc, sqlite3.Error):  # one the store did not wrap (it names no file then)
        text = fault_message(classify(exc), tr("the workspace"), _first_line(exc))
        return text[:1].upper() + text[1:]
    if type(exc).__module__.split(".")[0] in ("psycopg2", "psycopg"):
        return tr("The team database reported an error: {error}").format(error=_first_line(exc))
    return None
