"""The dashboard tab's data path (store.dashboard.build_dashboard) at 1k, 10k and 100k patches, beside the
previous implementation.

Per size: "previous" is store/dashboard.py as committed at a git revision (default HEAD, loaded from
``git show`` into a temporary module, so it runs against today's other modules), with that revision's
store.cases.case_markers (it read every case's measures through a DataFrame per case); "cold" is today's
computation (what a refresh after a write costs); "unchanged" is a refresh when nothing was written since
(the memo, one query of wz_meta). The figures both implementations share are compared and any difference
is printed (exit status 1).

The workspaces are the dock bench's (build/bench_dock/v3_<n>/ws.gpkg, built by ``make bench-dock``);
each is copied to a temporary folder first, the originals are never opened.

Run: .venv/bin/python -P bench/bench_dashboard.py [--sizes 1000,10000,100000] [--rev HEAD] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".pkgroot"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_S = 0.3
TODAY = dt.date(2021, 12, 1)


def previous_module(rev: str, tmp: Path, name: str = "dashboard"):
    """store/<name>.py at ``rev`` as module wpzf.store._<name>_previous (its relative imports resolve
    against today's package)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:store/{name}.py"], check=True,
                         capture_output=True, text=True).stdout
    path = tmp / f"{name}_previous.py"
    path.write_text(src, encoding="utf-8")
    import wpzf.store  # noqa: F401  (the parent package must be imported first)
    spec = importlib.util.spec_from_file_location(f"wpzf.store._{name}_previous", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def shared_figures(d) -> dict:
    """The figures both implementations compute (the progress table without columns added since)."""
    cols = [c for c in ("乡镇", "图斑数", "已核查", "完成率(%)", "逾期", "违法", "已立案", "已销号")]
    return {"progress": d.progress[cols].to_dict("list"), "county": d.county, "deadlines": [tuple(vars(x).values()) for x in d.deadlines],
            "referrals": (d.referrals_open, d.referrals_overdue),
            "samples": [{k: v for k, v in s.items() if k != "estimate"} for s in d.samples],
            "violators": (d.violators, d.repeat_offenders)}


def timed(f, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--rev", default="HEAD", help="git revision of the previous store/dashboard.py")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", default=str(ROOT / "build" / "bench_dock"))
    args = ap.parse_args(argv)

    from wpzf.store import dashboard, open_workspace

    status = 0
    with tempfile.TemporaryDirectory(prefix="wpzf_bench_dash_") as tmp:
        tmp = Path(tmp)
        prev = previous_module(args.rev, tmp)
        # the accountability input reads the cases through store.cases.case_markers (imported when called):
        # the previous revision's, so "previous" is the whole previous data path
        from wpzf.store import cases as cases_now
        prev_markers = previous_module(args.rev, tmp, "cases").case_markers

        def previous(ws):
            now = cases_now.case_markers
            cases_now.case_markers = prev_markers
            try:
                return prev.build_dashboard(ws, TODAY)
            finally:
                cases_now.case_markers = now
        print(f"{'patches':>8}  {'previous':>9}  {'cold':>8}  {'unchanged':>9}  same figures")
        for n in (int(s) for s in args.sizes.split(",")):
            src = Path(args.cache) / f"v3_{n}" / "ws.gpkg"
            if not src.exists():
                print(f"{n:>8}  (no workspace at {src}; run make bench-dock first)")
                continue
            path = tmp / f"ws_{n}.gpkg"
            shutil.copyfile(src, path)
            ws = open_workspace(path)
            try:
                t_prev, old = timed(lambda ws=ws: previous(ws), args.repeat)
                t_cold, new = timed(lambda ws=ws: dashboard.compute_dashboard(ws, TODAY), args.repeat)
                dashboard.build_dashboard(ws, TODAY)   # fills the memo
                t_memo, memo = timed(lambda ws=ws: dashboard.build_dashboard(ws, TODAY), args.repeat)
                a, b, c = shared_figures(old), shared_figures(new), shared_figures(memo)
                same = a == b == c
                if not same:
                    status = 1
                    for k in a:
                        if not (a[k] == b[k] == c[k]):
                            print(f"   differs: {k}\n     previous {a[k]}\n     now      {b[k]}")
                print(f"{n:>8}  {t_prev:>8.3f}s  {t_cold:>7.3f}s  {t_memo * 1000:>7.1f}ms  {'yes' if same else 'NO'}",
                      flush=True)
                if n >= 100_000 and t_memo > TARGET_S:
                    status = 1
            finally:
                ws.close()
                path.unlink()
    print(f"target: an unchanged workspace's dashboard ≤ {TARGET_S} s at 100k (median of {args.repeat})")
    return status


if __name__ == "__main__":
    sys.exit(main())
