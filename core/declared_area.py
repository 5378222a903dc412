"""The batch's own declared areas (监测面积 JCMJ or the mapped area field) against the areas computed from the
geometries: a whole batch in the wrong units or the wrong coordinate system shows as a ratio no unit
explains; single patches that differ beyond a tolerance are named.

Batches declare in 亩, sometimes in 平方米 or 公顷; the unit is the one most of the batch's patches fit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

# (unit name, declared value per 亩)
UNITS = (("亩", 1.0), ("平方米", 2000.0 / 3.0), ("公顷", 1.0 / 15.0))
UNIT_FIT = 0.2          # a patch fits a unit when its ratio is within ±20 % of the unit's factor
PATCH_TOLERANCE = 0.10  # a patch differing by more than 10 % …
PATCH_MIN_MU = 0.1      # … and by more than 0.1 亩 is named
SYSTEM_OFF = 1.0        # a batch whose median ratio is over 10× from every unit contradicts its geometries


@dataclass
class DeclaredAreaCheck:
    unit: Optional[str] = None       # the unit the batch declares in; None: no unit fits (contradiction)
    median_ratio: float = float("nan")   # declared ÷ computed 亩, batch median
    compared: int = 0                # patches with a declared area
    # (index, declared in its unit, declared in 亩, computed 亩, relative difference)
    outliers: list[tuple[int, float, float, float, float]] = field(default_factory=list)

    @property
    def contradiction(self) -> bool:
        return self.compared > 0 and self.unit is None


def check_declared_areas(declared, computed_mu) -> DeclaredAreaCheck:
    d = np.asarray([np.nan if v is None else float(v) for v in declared], dtype=float)
    c = np.asarray(computed_mu, dtype=float)
    usable = np.isfinite(d) & (d > 0) & np.isfinite(c) & (c > 0)
    out = DeclaredAreaCheck(compared=int(usable.sum()))
    if not out.compared:
        return out
    ratios = d[usable] / c[usable]
    out.median_ratio = float(np.median(ratios))
    # The unit most patches agree with; a batch where not even half agree on one contradicts itself.
    fits = [(int(np.sum(np.abs(ratios / factor - 1.0) <= UNIT_FIT)), name, factor) for name, factor in UNITS]
    n_fit, name, factor = max(fits)
    if 2 * n_fit < out.compared:
        # No unit for most patches: wrong values (named one by one) unless the batch is off by orders of
        # magnitude from every unit — then its coordinate system or area field is wrong as a whole.
        off, name, factor = min((abs(np.log10(out.median_ratio / f)), n, f) for n, f in UNITS)
        if off > SYSTEM_OFF:
            return out
    out.unit = name
    declared_mu = d / factor
    rel = (declared_mu - c) / np.where(c > 0, c, np.nan)
    bad = usable & (np.abs(rel) > PATCH_TOLERANCE) & (np.abs(declared_mu - c) > PATCH_MIN_MU)
    out.outliers = [(int(i), float(d[i]), float(declared_mu[i]), float(c[i]), float(rel[i]))
                    for i in np.flatnonzero(bad)]
    return out
