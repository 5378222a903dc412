"""Property-based checks over random fact combinations: totality, determinism, and agreement of the
compiled tree with a direct evaluation of every rule (the rule set read as plain logic)."""
import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wpzf.rules import CATEGORIES, FACTS, FACTS_BY_CODE, FLAGS, MINERAL_FINDINGS, PENDING, load_ruleset
from wpzf.rules.engine import canonical

RS = load_ruleset(2021)
BOUNDARY_DATES = [dt.date(1998, 12, 31), dt.date(1999, 1, 1), dt.date(2020, 12, 31), dt.date(2021, 1, 1)]


def value_strategy(fact):
    unknown = st.sampled_from([None, "", math.nan])
    if fact.type == "bool":
        known = st.sampled_from([True, False, 1, 0, "是", "否", "1", "0"])
    elif fact.type == "enum":
        known = st.sampled_from([v for v, _ in fact.values] + [label for _, label in fact.values])
    elif fact.type == "date":
        dates = st.one_of(st.sampled_from(BOUNDARY_DATES), st.dates(dt.date(1980, 1, 1), dt.date(2025, 12, 31)))
        known = st.one_of(dates, dates.map(dt.date.isoformat))
    elif fact.type == "number":
        known = st.one_of(st.sampled_from([0.0, 4.99, 5.0, 10.0, 14.0]),
                          st.floats(0, 60, allow_nan=False, allow_infinity=False))
    else:
        known = st.sampled_from(["晋政地〔2021〕1号", "说明"])
    junk = st.sampled_from(["??", 7, "maybe"])
    return st.one_of(unknown, known, known, known, junk)


records = st.fixed_dictionaries({}, optional={f.code: value_strategy(f) for f in FACTS if not f.derived})
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records)
def test_every_combination_yields_exactly_one_well_formed_outcome(rec):
    o = RS.determine(rec)
    assert o.category in CATEGORIES
    assert set(o.flags) <= set(FLAGS)
    assert o.clause == "" or o.clause in RS.clauses
    assert all(c in RS.clauses for c in o.clauses)
    assert o.explanation and "{" not in o.explanation
    assert all(c in FACTS_BY_CODE for c in o.missing + o.invalid)
    if o.pending and not o.rule_id.startswith("pending:"):
        assert o.flags, "a 待定 decided by a rule says why"
    if o.rule_id.startswith("pending:"):
        assert o.missing, "a 待定 for unknown facts names them"


@SETTINGS
@given(records)
def test_determination_is_deterministic(rec):
    a = RS.determine(rec)
    assert RS.determine(dict(reversed(list(rec.items())))) == a
    assert RS.determine_all([rec, rec]) == [a, a]


@SETTINGS
@given(records)
def test_the_compiled_tree_agrees_with_the_rules_read_directly(rec):
    matches = RS.matching_rules(rec)
    assert len(matches) <= 1, f"rules overlap: {matches}"
    o = RS.determine(rec)
    if matches:
        assert o.rule_id == matches[0]
    else:
        assert o.rule_id.startswith("pending:") and o.category == PENDING
        # what is reported missing is really not known in the record
        for code in o.missing:
            assert canonical(FACTS_BY_CODE[code], rec.get(code)) is None


def random_value(fact, rnd):
    if fact.type == "bool":
        return rnd.random() < 0.5
    if fact.type == "enum":
        return rnd.choice([v for v, _ in fact.values])
    if fact.type == "date":
        return rnd.choice(BOUNDARY_DATES)
    return rnd.uniform(0, 20) if fact.type == "number" else "x"


@SETTINGS
@given(records, st.randoms(use_true_random=False))
def test_filling_in_what_is_missing_always_leads_to_a_decision(rec, rnd):
    rec = dict(rec)
    for _ in range(len(FACTS)):
        o = RS.determine(rec)
        if not o.rule_id.startswith("pending:"):
            break
        for code in o.missing:
            rec[code] = random_value(FACTS_BY_CODE[code], rnd)
    assert not RS.determine(rec).rule_id.startswith("pending:")


@SETTINGS
@given(records)
def test_mineral_findings_are_total_and_agree_with_the_rules(rec):
    o = RS.determine(rec)
    applies = RS.mineral.applies(rec)
    assert (o.mineral is not None) == applies
    if applies:
        m = o.mineral
        assert m.finding in MINERAL_FINDINGS
        matches = RS.matching_rules(rec, "mineral")
        assert len(matches) <= 1
        assert m.rule_id == (matches[0] if matches else m.rule_id)
        if not matches:
            assert m.finding == PENDING and m.missing
