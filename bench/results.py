"""One result file per benchmark, so `make bench-scale` can print every row beside its anchor and target.

Each bench calls ``write(bench, rows)`` at its end. A row is one line of issue 15's table at one scale:

    Row(work="determine all", scale="100k", wpzf=9.3, unit="s", anchor="rules engine alone",
        anchor_value=0.93, target="≤ 2× the engine", met=False, ratio=9.97, note="CPU time")

``ratio`` is WPZF against the anchor the way the target reads it (time ÷ anchor's time for "≤ n×"; the
anchor's time ÷ WPZF's for "≥ n× QGIS"), or None when the target is absolute (ms, s, MB). The file also
holds the machine's load before and after, the time, the commit and the command line, and lands in
build/bench_results/<bench>.json (the folder can be moved with WPZF_BENCH_RESULTS).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
_LOAD_AT_START = os.getloadavg()


@dataclasses.dataclass
class Row:
    work: str                       # what the user waits for, e.g. "determine all (store, audited)"
    scale: str                      # "1k", "10k", "100k", "county", "province", ...
    wpzf: float                     # WPZF's figure in ``unit``
    unit: str                       # "s", "ms", "MB", "ms/form", ...
    target: str                     # the target as a person reads it, e.g. "≤ 2× engine", "≤ 50 ms p95"
    met: bool
    anchor: str = ""                # the alternative measured in the same run ("" when none applies)
    anchor_value: Optional[float] = None
    ratio: Optional[float] = None
    note: str = ""                  # e.g. "CPU time", "p95", "reading 196k of 2M parcels"


def folder() -> Path:
    return Path(os.environ.get("WPZF_BENCH_RESULTS") or ROOT / "build" / "bench_results")


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def write(bench: str, rows: list[Row], extra: Optional[dict] = None) -> Path:
    """Write build/bench_results/<bench>.json (replacing an earlier run's) and return its path."""
    out = folder()
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "bench": bench,
        "when": dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S (UTC+8)"),
        "commit": _commit(),
        "argv": sys.argv[1:],
        "cpus": os.cpu_count(),
        "load_start": [round(x, 2) for x in _LOAD_AT_START],
        "load_end": [round(x, 2) for x in os.getloadavg()],
        "rows": [dataclasses.asdict(r) for r in rows],
        **(extra or {}),
    }
    path = out / f"{bench}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)
    return path


def read(bench: str) -> Optional[dict]:
    path = folder() / f"{bench}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
