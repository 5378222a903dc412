"""The estimators against values computed by hand (and cross-checked with the formulas' sources)."""
import math

import pytest

from wpzf.core.estimates import NOT_UNDER, POSSIBLY_UNDER, UNDER, sample_size, stratified, wilson


def test_wilson_by_hand():
    # 19 of 20: p = .95, z = 1.96: centre = (.95 + 1.96²/40) / (1 + 1.96²/20) = 1.0460364 / 1.192080 = 0.877489
    # half = 1.96 √(.95·.05/20 + 1.96²/1600) / 1.192080 = 1.96 · √.004776 / 1.192080 = 0.113627
    e = wilson(19, 20, z=1.96)
    assert e.rate == 0.95
    assert e.low == pytest.approx(0.877489 - 0.113627, abs=5e-6) and e.high == pytest.approx(0.877489 + 0.113627,
                                                                                             abs=5e-6)
    assert e.verdict() == POSSIBLY_UNDER
    assert wilson(0, 0).rate is None and wilson(0, 0).verdict() is None


def test_unanimous_small_sample_is_not_certain():
    e = wilson(3, 3)
    assert e.rate == 1.0 and e.high == 1.0 and e.low < 0.5 and e.verdict() == POSSIBLY_UNDER
    assert wilson(2, 10).verdict() == UNDER and wilson(400, 400).verdict() == NOT_UNDER


def test_stratified_by_hand():
    # A: N=100, n=10, 9 authentic; B: N=300, n=20, 19 authentic.  W = .25, .75
    # p = .25·.9 + .75·.95 = .9375
    # V = .25²·(1 − 10/100)·.9·.1/9 + .75²·(1 − 20/300)·.95·.05/19
    #   = .0625·.9·.01 + .5625·.933333·.0025 = .0005625 + .0013125 = .001875
    e = stratified({"A": (100, 10, 9), "B": (300, 20, 19)}, z=1.96)
    assert e.rate == pytest.approx(0.9375) and e.se == pytest.approx(math.sqrt(0.001875))
    assert e.low == pytest.approx(0.9375 - 1.96 * math.sqrt(0.001875))
    assert e.high == 1.0 and e.reviewed == 30     # .9375 + .0849 passes 1: a rate stops there
    assert e.verdict() == POSSIBLY_UNDER


def test_strata_without_reviews_are_left_out_and_census_has_no_error():
    assert stratified({"A": (100, 10, 9), "C": (50, 0, 0)}).rate == pytest.approx(0.9)
    full = stratified({"A": (10, 10, 9), "B": (10, 10, 8)})
    assert full.rate == pytest.approx(0.85) and full.se == 0.0   # every patch reviewed: no sampling error
    assert stratified({}).rate is None


def test_sample_size_by_hand():
    # n0 = 1.96²·.95·.05 / .03² = 202.7511; N = 1000: n = 202.7511 / (1 + 201.7511/1000) = 168.71 → 169
    assert sample_size(0.03, 1000, z=1.96) == 169
    assert sample_size(0.03, 50, z=1.96) <= 50 and sample_size(0.05, 0) == 0
    with pytest.raises(ValueError):
        sample_size(3, 100)
