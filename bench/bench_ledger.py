"""Benchmark: a 违法用地台账 of 100k rows to .xlsx with WPZF's write_xlsx (Chinese headers, widths, frozen
header, 亩 as 0.00, formula-looking text stored as text, atomic write) against a bare
``DataFrame.to_excel`` (openpyxl engine) of the same table, in the same run. Target: ratio ≤ 1.5.

Run from the repository root:  PYTHONPATH=.pkgroot .venv/bin/python -P -m wpzf.bench.bench_ledger [N]
(or  .venv/bin/python -P bench/bench_ledger.py [N]). The rows are random but reproducible (fixed seed),
with the columns of reports.ledgers.ILLEGAL_COLUMNS and some hostile text (formula-looking, markup).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".pkgroot"))  # `make mount` links the package there as wpzf

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from wpzf.bench.results import Row, write  # noqa: E402
from wpzf.reports.ledgers import ILLEGAL_COLUMNS  # noqa: E402
from wpzf.reports.xlsx import write_xlsx  # noqa: E402
from wpzf.rules.facts import ILLEGAL_CATEGORIES  # noqa: E402

TARGET_RATIO = 1.5
TOWNS = ["上馆镇", "聂营镇", "枣林镇", "滩上镇", "峨口镇", "阳明堡镇", "新高乡", "峪口乡", "雁门关乡", "胡峪乡", "=HYPERLINK(\"x\")"]
CLAUSES = ["附件4第一条", "附件4第二条第2款", "附件4第三条", "附件4第五条", "附件4第七条"]
REASONS = ["未取得用地批准手续，实地为新建厂房，占用耕地", "农村村民未经批准占用土地建住宅，移交农业农村局",
           "2009年以后建设且未办理审批或登记手续的存量建设用地", "+以设施农业为名从事非农建设",
           "养殖设施占用永久基本农田，未经县级同意补划", "<script>alert(1)</script> 推填土用于非农建设"]
STATUSES = ["已判定", "整改中", "已整改", "已销号"]
RECTIFICATION = ["", "拆除 1.20亩（已完成）", "复耕 0.80亩；拆除 0.80亩", "补办手续 晋政地〔2021〕1号", "-未整改"]


def make_ledger(n: int, seed: int = 20210506) -> pd.DataFrame:
    """n rows with the columns of ILLEGAL_COLUMNS (a column this script does not know gets short text)."""
    rng = np.random.default_rng(seed)
    area = np.round(rng.uniform(0.05, 30.0, n), 4)
    gd = np.round(area * rng.uniform(0, 1, n), 4)
    part = rng.random(n) < 0.05
    filed = rng.random(n) < 0.6
    known = {
        "序号": lambda: np.arange(1, n + 1),
        "监测编号": lambda: [f"1409232021{i:06d}" + ("-1" if p else "") for i, p in enumerate(part)],
        "批次": lambda: np.where(rng.random(n) < 0.8, "bu_2021_05", "sheng_2021_06"),
        "乡镇": lambda: rng.choice(TOWNS, n),
        "村": lambda: [f"第{k}村" for k in rng.integers(1, 300, n)],
        "判定结果": lambda: rng.choice(sorted(ILLEGAL_CATEGORIES), n),
        "依据条款": lambda: rng.choice(CLAUSES, n),
        "面积(亩)": lambda: area,
        "耕地(亩)": lambda: gd,
        "永久基本农田(亩)": lambda: np.round(gd * rng.uniform(0, 1, n) * (rng.random(n) < 0.4), 4),
        "判定依据说明": lambda: rng.choice(REASONS, n),
        "状态": lambda: rng.choice(STATUSES, n),
        "立案编号": lambda: [f"代自然资立〔2021〕{i % 997 + 1}号" if f else "" for i, f in enumerate(filed)],
        "整改情况": lambda: rng.choice(RECTIFICATION, n),
    }
    data = {c: known[c]() if c in known else rng.choice(["说明文字", "", "=1+1"], n) for c in ILLEGAL_COLUMNS}
    return pd.DataFrame(data, columns=ILLEGAL_COLUMNS)


def main(n: int = 100_000) -> int:
    t0 = time.perf_counter()
    ledger = make_ledger(n)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        bare_path, wpzf_path = Path(tmp) / "bare.xlsx", Path(tmp) / "wpzf.xlsx"
        t0 = time.perf_counter()
        ledger.to_excel(bare_path, sheet_name="违法用地台账", index=False, engine="openpyxl")
        t_bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_xlsx(wpzf_path, {"违法用地台账": ledger})
        t_wpzf = time.perf_counter() - t0
        sizes = bare_path.stat().st_size, wpzf_path.stat().st_size
    ratio = t_wpzf / t_bare
    ok = ratio <= TARGET_RATIO
    print(f"ledger generated: {n} rows × {len(ledger.columns)} columns in {t_gen:.2f} s")
    print(f"DataFrame.to_excel (openpyxl, bare): {t_bare:7.2f} s  ({sizes[0] / 1e6:.1f} MB)")
    print(f"wpzf write_xlsx (formatted)        : {t_wpzf:7.2f} s  ({sizes[1] / 1e6:.1f} MB)")
    print(f"ratio: {ratio:.2f}×  target ≤ {TARGET_RATIO}×  {'OK' if ok else 'SLOW'}")
    row = Row(work="违法用地台账 to xlsx (formatted)", scale=f"{n // 1000}k rows" if n % 1000 == 0 else f"{n} rows",
              wpzf=t_wpzf, unit="s", target=f"≤ {TARGET_RATIO}× bare to_excel", met=ok,
              anchor="bare DataFrame.to_excel (openpyxl)", anchor_value=t_bare, ratio=ratio,
              note=f"{sizes[1] / 1e6:.1f} MB vs {sizes[0] / 1e6:.1f} MB")
    print(f"results: {write('ledger', [row])}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
