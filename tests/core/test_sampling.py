"""Stratified random sampling: reproducibility, allocation, authenticity arithmetic (seed §七(一))."""
import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpzf.core.sampling import (
    SamplingError,
    Verdict,
    allocate,
    authenticity,
    draw_sample,
)

TOWNS = ("上馆镇", "峨口镇", "阳明堡镇", "枣林镇", "聂营镇")


def population(sizes):
    return {f"{t}-{i:03d}": t for t, n in sizes.items() for i in range(n)}


# --- allocation ------------------------------------------------------------------------------------

def test_proportional_allocation_exact_quotas():
    """N = 100, rate 10 % → n = 10; quotas 50→5, 30→3, 15→1.5, 5→0.5.
    floors with at least one: 5, 3, 1, 1 = 10, nothing left to hand out."""
    assert allocate({"A": 50, "B": 30, "C": 15, "D": 5}, 0.1) == {"A": 5, "B": 3, "C": 1, "D": 1}


def test_largest_remainders_get_the_rest():
    """N = 20, rate 25 % → n = 5; quotas 7→1.75, 7→1.75, 6→1.5; floors 1, 1, 1 = 3;
    2 left go to the largest remainders A (.75) and B (.75): 2, 2, 1."""
    assert allocate({"A": 7, "B": 7, "C": 6}, 0.25) == {"A": 2, "B": 2, "C": 1}


def test_minimum_sample_size_overrides_a_small_rate():
    """N = 5, rate 10 % → ceil(0.5) = 1 < minimum 4 → n = 4; quotas 3→2.4, 2→1.6; floors 2, 1;
    1 left goes to B (remainder .6 > .4): 2, 2."""
    assert allocate({"A": 3, "B": 2}, 0.1, minimum=4) == {"A": 2, "B": 2}
    assert allocate({"A": 3, "B": 2}, 0.1, minimum=50) == {"A": 3, "B": 2}   # capped at N


def test_every_nonempty_township_gets_one_even_beyond_n():
    """N = 24, rate 10 % → n = 3, but five townships: A 2 (quota 2.5 → floor 2) + four ones = 6."""
    got = allocate({"A": 20, "B": 1, "C": 1, "D": 1, "E": 1, "F": 0}, 0.1)
    assert got == {"A": 2, "B": 1, "C": 1, "D": 1, "E": 1}


def test_bad_parameters():
    with pytest.raises(SamplingError):
        allocate({"A": 3}, 0)
    with pytest.raises(SamplingError):
        allocate({"A": 3}, 1.5)
    with pytest.raises(SamplingError, match="两个乡镇"):
        draw_sample([("p1", "A"), ("p1", "B")], seed=1)
    with pytest.raises(SamplingError, match="未填写乡镇"):
        draw_sample({"p1": ""}, seed=1)


# --- drawing ---------------------------------------------------------------------------------------

def test_draw_is_stratified_and_reproducible():
    pop = population({"上馆镇": 50, "峨口镇": 30, "枣林镇": 15, "聂营镇": 5})
    s = draw_sample(pop, seed="2021Q3", rate=0.1)
    assert {t: len(ids) for t, ids in s.strata.items()} == {"上馆镇": 5, "峨口镇": 3, "枣林镇": 1, "聂营镇": 1}
    assert all(pop[i] == t for t, ids in s.strata.items() for i in ids)
    assert draw_sample(pop, seed="2021Q3", rate=0.1) == s
    others = {draw_sample(pop, seed=f"2021Q3-{k}", rate=0.1).ids for k in range(5)}
    assert len(others | {s.ids}) > 1        # another seed draws other patches


def test_adding_a_patch_elsewhere_does_not_reshuffle_a_township():
    """N 60 → 61 raises n from 6 to 7 (ceil 6.1): 上馆镇 goes from 4 to 5 patches (quota 40·7/61 = 4.59,
    floor 4, largest remainder), and its first four are the same four as before."""
    pop = population({"上馆镇": 40, "峨口镇": 20})
    old = draw_sample(pop, seed=7, rate=0.1).strata["上馆镇"]
    new = draw_sample({**pop, "峨口镇-new": "峨口镇"}, seed=7, rate=0.1).strata["上馆镇"]
    assert (len(old), len(new)) == (4, 5) and new[:4] == old


@settings(max_examples=60, deadline=None)
@given(sizes=st.dictionaries(st.sampled_from(TOWNS), st.integers(1, 40), min_size=1),
       seed=st.one_of(st.integers(), st.text(max_size=8)),
       rate=st.sampled_from([0.01, 0.05, 0.1, 0.25, 0.5, 1.0]),
       minimum=st.integers(0, 30), shuffle_seed=st.integers())
def test_sample_depends_on_seed_and_set_only(sizes, seed, rate, minimum, shuffle_seed):
    pairs = list(population(sizes).items())
    a = draw_sample(pairs, seed=seed, rate=rate, minimum=minimum)
    random.Random(shuffle_seed).shuffle(pairs)
    b = draw_sample(pairs, seed=seed, rate=rate, minimum=minimum)
    assert a.strata == b.strata
    total = sum(sizes.values())
    n = min(total, max(minimum, math.ceil(Fraction(str(rate)) * total)))
    drawn = len(a.ids)
    assert len(set(a.ids)) == drawn
    assert drawn >= n and drawn <= max(n, len(sizes) + n)
    for town, size in sizes.items():
        k = len(a.strata[town])
        assert 1 <= k <= size
        assert abs(k - n * size / total) < len(sizes) + 1     # proportional, up to the at-least-one rule


# --- authenticity ----------------------------------------------------------------------------------

def _sample_20_7():
    pop = population({"上馆镇": 20, "峨口镇": 7})
    return draw_sample(pop, seed="x", rate=1.0)


def test_authenticity_rates_and_the_95_percent_line():
    """上馆镇 20 reviewed, 19 真实 → 19/20 = 95.00 % exactly: not flagged (flag is “低于95%”).
    峨口镇 7 reviewed, 6 真实 → 6/7 = 85.71 %: flagged.
    batch 25/27 = 92.59 %: flagged."""
    s = _sample_20_7()
    verdicts = [Verdict(i, True) for i in s.ids if i not in ("上馆镇-000", "峨口镇-000")]
    verdicts += [Verdict.parse("上馆镇-000", "不真实", "实地未拆除"), Verdict.parse("峨口镇-000", "不真实", "照片非本图斑")]
    r = authenticity(s, verdicts)
    town = {t.name: t for t in r.townships}
    assert (town["上馆镇"].rate, town["上馆镇"].flagged, town["上馆镇"].percent) == (Fraction(19, 20), False, "95.00%")
    assert (town["峨口镇"].rate, town["峨口镇"].flagged, town["峨口镇"].percent) == (Fraction(6, 7), True, "85.71%")
    assert (r.batch.rate, r.batch.flagged, r.batch.percent) == (Fraction(25, 27), True, "92.59%")
    assert town["峨口镇"].not_authentic_ids == ("峨口镇-000",)
    assert [x.name for x in r.flagged()] == ["峨口镇", "本批次"]


def test_pending_reviews_are_not_counted():
    """上馆镇: 4 of 20 reviewed, all 真实 → 4/4 = 100 %, 16 pending; 峨口镇 none reviewed → no rate."""
    s = _sample_20_7()
    r = authenticity(s, [Verdict(f"上馆镇-00{i}", True) for i in range(4)])
    town = {t.name: t for t in r.townships}
    assert (town["上馆镇"].rate, town["上馆镇"].pending) == (1, 16)
    assert (town["峨口镇"].rate, town["峨口镇"].flagged, town["峨口镇"].percent) == (None, False, "—")
    assert r.batch.reviewed == 4 and r.batch.sampled == 27


def test_threshold_parameter_and_verdict_checks():
    s = _sample_20_7()
    verdicts = [Verdict(i, i != "上馆镇-001", note="虚假整改") for i in s.ids]
    assert authenticity(s, verdicts, threshold=0.9).flagged() == []     # 19/20 ≥ 90 %, 26/27 ≥ 90 %
    assert [x.name for x in authenticity(s, verdicts, threshold=0.96).flagged()] == ["上馆镇"]
    with pytest.raises(SamplingError, match="不在本次抽样中"):
        authenticity(s, [Verdict("other", True)])
    with pytest.raises(SamplingError, match="两条复核结论"):
        authenticity(s, [Verdict("上馆镇-001", True), Verdict("上馆镇-001", True)])
    with pytest.raises(SamplingError, match="须说明原因"):
        authenticity(s, [Verdict("上馆镇-001", False)])
    with pytest.raises(SamplingError, match="真实"):
        Verdict.parse("上馆镇-001", "基本真实")
