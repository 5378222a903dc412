"""Benchmark: determine 100k patches and compute accountability over them (target ≤ 2 s each).

Run from the repository root:  python bench/bench_rules.py [N]
The records are random but reproducible (fixed seed): facts drawn from their allowed values with
some left unknown, spread over 3 counties in 2 cities and 10 townships each.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".pkgroot"))  # `make mount` links the package there as wpzf

import pandas as pd  # noqa: E402

from wpzf.bench.results import Row, write  # noqa: E402
from wpzf.core.accountability import build_input, compute_accountability  # noqa: E402
from wpzf.rules import FACTS, load_ruleset  # noqa: E402

TARGET_S = 2.0
COUNTIES = ["140923", "140902", "140105"]
DATES = [dt.date(1990, 5, 1), dt.date(1998, 12, 31), dt.date(1999, 1, 1), dt.date(2015, 3, 2),
         dt.date(2020, 12, 31), dt.date(2021, 6, 1)]


def make_records(n: int, seed: int = 20210301) -> list[dict]:
    rnd = random.Random(seed)
    choices = {}
    for f in FACTS:
        if f.derived:
            continue
        if f.type == "bool":
            choices[f.code] = [True, False]
        elif f.type == "enum":
            choices[f.code] = [v for v, _ in f.values]
        elif f.type == "date":
            choices[f.code] = DATES
        elif f.type == "text":
            choices[f.code] = ["晋政地〔2021〕1号"]
    out = []
    for i in range(n):
        rec = {code: (rnd.choice(vals) if rnd.random() < 0.9 else None) for code, vals in choices.items()}
        gd = round(rnd.uniform(0, 12), 2)
        bnf = round(min(gd, rnd.uniform(0, 6)), 2)
        rec.update(MJ=gd + round(rnd.uniform(0, 5), 2), GDMJ=gd, YJJBNTMJ=bnf)
        rec.update(id=f"P{i:06d}", county=rnd.choice(COUNTIES), township=f"乡镇{rnd.randrange(10)}")
        out.append(rec)
    return out


def main(n: int = 100_000) -> int:
    rs = load_ruleset(2021)
    t0 = time.perf_counter()
    records = make_records(n)
    t_gen = time.perf_counter() - t0

    t0 = time.perf_counter()
    outcomes = rs.determine_all(records)
    t_det = time.perf_counter() - t0

    facts = pd.DataFrame(records)
    rnd = random.Random(7)
    t0 = time.perf_counter()
    df = build_input(facts, [o.category for o in outcomes],
                     restored=[rnd.random() < 0.1 for _ in range(n)],
                     approvals_completed=[rnd.random() < 0.1 for _ in range(n)])
    result = compute_accountability(df, levels=["province", "city", "county", "township"])
    t_acc = time.perf_counter() - t0

    counts = pd.Series([o.category for o in outcomes]).value_counts()
    print(f"records generated: {n} in {t_gen:.2f} s")
    print("categories:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    ok = True
    rows = []
    for label, t in (("determine", t_det), ("accountability", t_acc)):
        verdict = "OK" if t <= TARGET_S else "SLOW"
        ok &= t <= TARGET_S
        print(f"{label:>15}: {t:6.3f} s for {n} records ({t / n * 1e6:5.1f} µs each)  target ≤ {TARGET_S} s  {verdict}")
        rows.append(Row(work=f"{label} (engine alone, records in memory)", scale=f"{n // 1000}k" if n % 1000 == 0
                        else str(n), wpzf=t, unit="s", target=f"≤ {TARGET_S:.0f} s", met=t <= TARGET_S,
                        note=f"{t / n * 1e6:.1f} µs per record"))
    print(f"levels computed: {len(result.levels)}")
    print(f"results: {write('rules', rows)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
