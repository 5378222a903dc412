"""Criminal thresholds (法释〔2000〕14号 第三条): illegal occupation of ≥ 5 亩 basic farmland or ≥ 10 亩
other cultivated land may be the crime of illegally occupying farmland (非法占用农用地罪).

Each patch or part is flagged during determination by the rule set's annotations (CR-basic-farmland,
CR-other-cultivated; the thresholds are rule-set parameters, so a year can change them). What a single
determination cannot see is one party occupying land across several patches or parts: this module
adds up the illegal areas per party (or case) and flags groups that reach a threshold together.
Every flag is a suggestion for a person to confirm before anything goes to the police.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from ..rules.facts import FLAG_CRIMINAL, ILLEGAL_CATEGORIES

EPS = 1e-9


@dataclass(frozen=True)
class CriminalThresholds:
    basic_farmland_mu: float = 5.0
    other_cultivated_mu: float = 10.0

    @classmethod
    def from_ruleset(cls, ruleset) -> CriminalThresholds:
        return cls(float(ruleset.param("crime_basic_farmland_mu")), float(ruleset.param("crime_other_cultivated_mu")))


@dataclass(frozen=True)
class CriminalCheck:
    key: str
    ids: tuple[str, ...]
    basic_farmland_mu: float
    other_cultivated_mu: float
    flagged: bool
    reasons: tuple[str, ...]
    flag: str = FLAG_CRIMINAL
    needs_confirmation: bool = True


def criminal_reasons(basic_farmland_mu: float, other_cultivated_mu: float,
                     th: CriminalThresholds = CriminalThresholds()) -> tuple[str, ...]:
    """Why illegally occupied areas reach a threshold (empty when they do not)."""
    reasons = []
    if basic_farmland_mu >= th.basic_farmland_mu - EPS:
        reasons.append(f"违法占用永久基本农田{basic_farmland_mu:.2f}亩，达到{th.basic_farmland_mu:g}亩以上")
    if other_cultivated_mu >= th.other_cultivated_mu - EPS:
        reasons.append(f"违法占用永久基本农田以外的耕地{other_cultivated_mu:.2f}亩，达到{th.other_cultivated_mu:g}亩以上")
    return tuple(reasons)


def criminal_by_party(records, key: str = "party", thresholds: Optional[CriminalThresholds] = None
                      ) -> list[CriminalCheck]:
    """Sum illegal basic farmland and other cultivated land per ``key`` (party or case) and check it.

    ``records``: DataFrame or dicts with ``id``, ``key``, ``category`` (the determination) and the facts
    ``GDMJ`` and ``YJJBNTMJ`` in 亩 (basic farmland counted as cultivated land, as in the facts
    contract: other cultivated = max(GDMJ − YJJBNTMJ, 0)). Rows without a key or not illegal are left
    out. Returns one check per key with illegal area, flagged ones first, largest first.
    """
    th = thresholds or CriminalThresholds()
    df = records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
    for col in ("id", key, "category", "GDMJ", "YJJBNTMJ"):
        if col not in df:
            raise ValueError(f"missing column {col!r}")
    df = df[df["category"].isin(ILLEGAL_CATEGORIES) & df[key].notna() & (df[key].astype(str).str.strip() != "")]
    gd = pd.to_numeric(df["GDMJ"], errors="coerce").fillna(0.0)
    bnf = pd.to_numeric(df["YJJBNTMJ"], errors="coerce").fillna(0.0)
    work = pd.DataFrame({"id": df["id"].astype(str), "key": df[key].astype(str), "bnf": bnf,
                         "other": (gd - bnf).clip(lower=0.0)})
    out = []
    for k, g in work.groupby("key", sort=True):
        b, o = float(g["bnf"].sum()), float(g["other"].sum())
        if b <= 0 and o <= 0:
            continue
        reasons = criminal_reasons(b, o, th)
        out.append(CriminalCheck(str(k), tuple(g["id"]), b, o, bool(reasons), reasons))
    out.sort(key=lambda c: (not c.flagged, -(c.basic_farmland_mu + c.other_cultivated_mu), c.key))
    return out

