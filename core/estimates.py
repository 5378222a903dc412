"""How sure a sampled authenticity rate is: the stratified estimate for the county with its standard error,
an interval per township, a verdict against the 95 % line, and the sample size a wanted margin needs.

County (strata = townships, weights W_h = N_h / N, sampled without replacement), the stratified estimator
of map accuracy assessment (Cochran 1977, §5.3; Olofsson et al. 2014, eq. 5 and 7):
    p̂ = Σ W_h p̂_h,   V̂(p̂) = Σ W_h² (1 − n_h / N_h) p̂_h (1 − p̂_h) / (n_h − 1)
and the interval p̂ ± z √V̂. A single township's rate from a handful of patches is near 0 or 1, where that
normal interval collapses to a point, so townships get the Wilson score interval (Wilson 1927), whose
width stays honest for small n; so does the county when every stratum is unanimous (V̂ = 0).
Sample size for a margin e at rate p (Cochran eq. 4.2 with the finite population correction):
    n₀ = z² p (1 − p) / e²,   n = n₀ / (1 + (n₀ − 1) / N).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

Z95 = 1.959963984540054
LINE = 0.95
UNDER, POSSIBLY_UNDER, NOT_UNDER = "under", "possibly under", "not under"


@dataclass(frozen=True)
class Estimate:
    rate: Optional[float]       # None: nothing reviewed yet
    se: Optional[float]
    low: Optional[float]
    high: Optional[float]
    reviewed: int

    def verdict(self, line: float = LINE) -> Optional[str]:
        """Under the line for sure (the whole interval below it), possibly (the interval straddles it), or not."""
        if self.rate is None:
            return None
        if self.high < line:
            return UNDER
        return POSSIBLY_UNDER if self.low < line else NOT_UNDER

    @property
    def margin(self) -> Optional[float]:
        return None if self.rate is None else (self.high - self.low) / 2


def wilson(authentic: int, reviewed: int, z: float = Z95) -> Estimate:
    if reviewed <= 0:
        return Estimate(None, None, None, None, 0)
    p = authentic / reviewed
    denom = 1 + z * z / reviewed
    centre = (p + z * z / (2 * reviewed)) / denom
    half = z * math.sqrt(p * (1 - p) / reviewed + z * z / (4 * reviewed * reviewed)) / denom
    return Estimate(p, math.sqrt(p * (1 - p) / reviewed), max(0.0, centre - half), min(1.0, centre + half),
                    reviewed)


def stratified(strata: Mapping[str, tuple[int, int, int]], z: float = Z95) -> Estimate:
    """``strata``: name → (N_h patches in the township, n_h reviewed, authentic among them). Strata with
    nothing reviewed are left out and the weights renormalised over the rest."""
    used = {h: (N, n, a) for h, (N, n, a) in strata.items() if n > 0 and N > 0}
    if not used:
        return Estimate(None, None, None, None, 0)
    total = sum(N for N, _n, _a in used.values())
    rate = var = 0.0
    for N, n, a in used.values():
        w, p = N / total, a / n
        rate += w * p
        if n > 1:
            var += w * w * (1 - min(n, N) / N) * p * (1 - p) / (n - 1)
    reviewed = sum(n for _N, n, _a in used.values())
    se = math.sqrt(var)
    if se == 0.0:  # unanimous strata: the normal interval is a point; the pooled Wilson interval is not
        pooled = wilson(sum(a for _N, _n, a in used.values()), reviewed, z)
        return Estimate(rate, 0.0, min(pooled.low, rate), max(pooled.high, rate), reviewed)
    return Estimate(rate, se, max(0.0, rate - z * se), min(1.0, rate + z * se), reviewed)


def sample_size(margin: float, population: int, expected: float = LINE, z: float = Z95) -> int:
    """Patches to review so the interval's half-width is about ``margin`` at rate ``expected``."""
    if population <= 0:
        return 0
    if not 0 < margin < 1:
        raise ValueError("the margin is a fraction between 0 and 1 (e.g. 0.03 for ±3 %)")
    n0 = z * z * expected * (1 - expected) / (margin * margin)
    return min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))


VERDICT_TEXT = {
    "zh": {UNDER: "确定低于95%", POSSIBLY_UNDER: "可能低于95%", NOT_UNDER: "不低于95%", None: "待复核"},
    "en": {UNDER: "under 95 % for sure", POSSIBLY_UNDER: "possibly under 95 %", NOT_UNDER: "not under 95 %",
           None: "not reviewed yet"},
}


def interval_text(e: Estimate) -> str:
    """'87.75%–99.11%' (the interval a person reads), '—' before any review."""
    return "—" if e.rate is None else f"{e.low * 100:.2f}%–{e.high * 100:.2f}%"
