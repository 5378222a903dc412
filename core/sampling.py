"""双随机-style random sampling of verified patches for internal review (seed §四(一)2, §七(一)).

Drawing: every patch gets a rank ``sha256(seed, patch id)``; within each township the patches with the
smallest ranks are drawn. The sample therefore depends only on the seed and the *set* of (patch,
township) pairs — not on input order, platform or Python version — and a published seed lets anyone
re-draw it.

Allocation (stratified by township, proportional): the batch size is
``n = min(N, max(minimum, ceil(rate × N)))``; township h with N_h patches gets
``max(1, floor(n × N_h / N))`` (capped at N_h) and the patches still to allocate go one at a time to
the townships with the largest remainders ``n × N_h / N − floor(…)`` (ties: township name), skipping
full townships. Because every non-empty township gets at least one, the sample can exceed ``n`` when
there are more townships than ``n``.

Authenticity: reviewers give each sampled patch a verdict 真实 or 不真实 (不真实 needs a note). The
rate is authentic ÷ reviewed (patches not yet reviewed are reported as pending, not counted), exact
as a fraction, and a township or batch under the threshold (95 %, seed §七(一)) is flagged.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional, Union

AUTHENTIC, NOT_AUTHENTIC = "真实", "不真实"
THRESHOLD = Fraction(95, 100)


class SamplingError(ValueError):
    """Bad sampling input; the message is Chinese then English."""


def _rank(seed: str, patch_id: str) -> str:
    return hashlib.sha256(f"{seed}\x1f{patch_id}".encode()).hexdigest()


def _population(population: Union[Mapping[str, str], Iterable[tuple[str, str]]]) -> dict[str, str]:
    pairs = population.items() if isinstance(population, Mapping) else population
    out: dict[str, str] = {}
    for pid, town in pairs:
        pid, town = str(pid), str(town or "").strip()
        if not town:
            raise SamplingError(f"图斑{pid}未填写乡镇 / patch {pid} has no township")
        if out.get(pid, town) != town:
            raise SamplingError(f"图斑{pid}属于两个乡镇（{out[pid]}、{town}） / patch {pid} is in two townships")
        out[pid] = town
    return out


def allocate(sizes: Mapping[str, int], rate: float, minimum: int = 1) -> dict[str, int]:
    """Sample size per stratum (see the module docstring)."""
    if not 0 < rate <= 1:
        raise SamplingError(f"抽样比例须在(0, 1]内：{rate} / rate must be in (0, 1]")
    if minimum < 0:
        raise SamplingError("最小样本量不得为负 / minimum must not be negative")
    sizes = {k: v for k, v in sizes.items() if v > 0}
    total = sum(sizes.values())
    if not total:
        return {}
    n = min(total, max(minimum, math.ceil(Fraction(str(rate)) * total)))
    quota = {k: Fraction(n * v, total) for k, v in sizes.items()}
    alloc = {k: min(sizes[k], max(1, math.floor(q))) for k, q in quota.items()}
    left = n - sum(alloc.values())
    order = sorted(sizes, key=lambda k: (-(quota[k] - math.floor(quota[k])), k))
    while left > 0:
        for k in order:
            if left and alloc[k] < sizes[k]:
                alloc[k] += 1
                left -= 1
    return dict(sorted(alloc.items()))


@dataclass(frozen=True)
class Sample:
    seed: str
    rate: float
    minimum: int
    population: dict[str, str]        # patch id → township
    strata: dict[str, tuple[str, ...]]  # township → sampled ids, in rank order

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(i for ids in self.strata.values() for i in ids))


def draw_sample(population: Union[Mapping[str, str], Iterable[tuple[str, str]]], seed: Union[str, int],
                rate: float = 0.1, minimum: int = 1) -> Sample:
    """Stratified random sample of patches: ``population`` maps patch id → township (or (id, township)
    pairs)."""
    pop = _population(population)
    by_town: dict[str, list[str]] = {}
    for pid, town in pop.items():
        by_town.setdefault(town, []).append(pid)
    alloc = allocate({t: len(ids) for t, ids in by_town.items()}, rate, minimum)
    strata = {t: tuple(sorted(by_town[t], key=lambda p: (_rank(str(seed), p), p))[:k]) for t, k in alloc.items()}
    return Sample(str(seed), rate, minimum, pop, strata)


@dataclass(frozen=True)
class Verdict:
    patch_id: str
    authentic: bool
    note: str = ""
    reviewer: str = ""

    @classmethod
    def parse(cls, patch_id: str, verdict: str, note: str = "", reviewer: str = "") -> Verdict:
        v = str(verdict).strip()
        if v not in (AUTHENTIC, NOT_AUTHENTIC):
            raise SamplingError(f"图斑{patch_id}的复核结论须为“真实”或“不真实”：{v!r} / verdict must be 真实 or 不真实")
        return cls(str(patch_id), v == AUTHENTIC, note, reviewer)

    @property
    def label(self) -> str:
        return AUTHENTIC if self.authentic else NOT_AUTHENTIC


@dataclass(frozen=True)
class Rate:
    name: str                 # township, or the batch label
    sampled: int
    reviewed: int
    authentic: int
    rate: Optional[Fraction]  # None when nothing is reviewed yet
    flagged: bool             # rate < threshold
    not_authentic_ids: tuple[str, ...]

    @property
    def pending(self) -> int:
        return self.sampled - self.reviewed

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{float(self.rate) * 100:.2f}%"


@dataclass(frozen=True)
class AuthenticityReport:
    townships: tuple[Rate, ...]
    batch: Rate
    threshold: Fraction

    def flagged(self) -> list[Rate]:
        return [r for r in (*self.townships, self.batch) if r.flagged]


def _rate(name: str, ids: Iterable[str], verdicts: Mapping[str, Verdict], threshold: Fraction) -> Rate:
    ids = tuple(ids)
    seen = [verdicts[i] for i in ids if i in verdicts]
    good = sum(v.authentic for v in seen)
    rate = Fraction(good, len(seen)) if seen else None
    return Rate(name, len(ids), len(seen), good, rate, rate is not None and rate < threshold,
                tuple(sorted(v.patch_id for v in seen if not v.authentic)))


def authenticity(sample: Sample, verdicts: Iterable[Verdict], threshold: Union[float, str, Fraction] = THRESHOLD,
                 batch_name: str = "本批次") -> AuthenticityReport:
    """Authenticity rate per township and for the batch; rates under ``threshold`` flagged."""
    th = threshold if isinstance(threshold, Fraction) else Fraction(str(threshold))
    sampled = set(sample.ids)
    by_id: dict[str, Verdict] = {}
    for v in verdicts:
        if v.patch_id not in sampled:
            raise SamplingError(f"图斑{v.patch_id}不在本次抽样中 / patch {v.patch_id} is not in the sample")
        if v.patch_id in by_id:
            raise SamplingError(f"图斑{v.patch_id}有两条复核结论 / two verdicts for patch {v.patch_id}")
        if not v.authentic and not v.note.strip():
            raise SamplingError(f"图斑{v.patch_id}判为不真实须说明原因 / a 不真实 verdict needs a note")
        by_id[v.patch_id] = v
    towns = tuple(_rate(t, ids, by_id, th) for t, ids in sorted(sample.strata.items()))
    return AuthenticityReport(towns, _rate(batch_name, sample.ids, by_id, th), th)


__all__ = ["AUTHENTIC", "NOT_AUTHENTIC", "THRESHOLD", "AuthenticityReport", "Rate", "Sample", "SamplingError",
           "Verdict", "allocate", "authenticity", "draw_sample"]
