"""make bench-scale: issue 15's table in one command — every benchmark at the issue's scales, each row beside its
anchor (measured in the same bench run) and its target, with the machine's load.

1. The dock bench's workspaces (1k, 10k and 100k patches; bench_dock_step.cached_workspace) are built once into
   build/bench_dock/ (dock, dashboard, records and audit use them).
2. Each bench runs in its own process (python -P bench/<script> with the arguments that give the issue's scales)
   with a time limit; its output goes to build/bench_results/logs/<bench>.log and, line by line, to the terminal.
   A bench that fails or runs out of time is stopped with its child processes, and the next one runs.
3. Each bench writes build/bench_results/<bench>.json (bench/results.py). The table is printed from those files
   and written to build/bench_results/scale.md (the README shows it). A bench without results from this run shows
   its lines of the issue's table as "failed" with the reason; one never run as "not run".

    make bench-scale                                   # everything, at the issue's scales (hours)
    .venv/bin/python -P bench/bench_scale.py --quick --only dashboard,audit   # smaller sizes: a smoke run
    .venv/bin/python -P bench/bench_scale.py --report-only                   # the table from existing results

The table covers every bench; with --only, the others show their earlier results (marked with their date).
Exit status 0 only when every bench has results and every row meets its target.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".pkgroot"))

from wpzf.bench import results  # noqa: E402

CST = dt.timezone(dt.timedelta(hours=8))      # bench/results.py stamps its files in UTC+8
GPD_PYTHON = ROOT / "build" / "gpdvenv" / "bin" / "python"
SIZES, QUICK_SIZES = (1000, 10000, 100000), (1000, 10000)
STATUS_FILE = "scale_run.json"


@dataclasses.dataclass(frozen=True)
class Bench:
    name: str                          # its results file: build/bench_results/<name>.json
    script: str
    lines: tuple                       # the issue's lines it answers: (work, target), shown when it has no results
    limit_min: float                   # time limit at the issue's scales (--quick: QUICK_LIMIT_MIN)
    workspaces: bool = False           # uses the dock bench's workspaces


BENCHES = (
    Bench("bulk", "bench_bulk.py", (("determine the whole workspace (store path, audited)", "≤ 2× the engine alone"),
                                    ("import 100k patches vs ogr2ogr -f GPKG", "≤ 2× ogr2ogr")), 45),
    Bench("dock", "bench_dock_step.py", (("one dock step (card + form + photos, widgets included)",
                                          "≤ 50 ms p95, flat in N"),), 60, True),
    Bench("dashboard", "bench_dashboard.py", (("dashboard tab", "≤ 0.3 s at 100k"),), 30, True),
    Bench("records", "bench_records.py", (("核查记录表 per patch",
                                           "≤ 5 ms per form, all forms of 100k ≤ 10 min on 2 cores"),), 60, True),
    Bench("audit", "bench_audit.py", (("audit check", "≤ 3 s and ≤ 200 MB at 400k records"),), 30, True),
    Bench("overlay", "bench_overlay.py", (("overlay as shipped (wpzf:overlay_landuse) vs QGIS native:intersection "
                                           "+ sum, and geopandas", "≥ 8× QGIS, ≥ 3× geopandas, ≤ 8 s, ≤ 600 MB"),),
          180),
    Bench("atlas", "bench_atlas.py", (("atlas vs bare QGIS atlas, same template", "≤ 1.2×"),), 40),
    Bench("prefill", "bench_prefill.py", (("pre-fill: 建设用地审批 alone vs QGIS", "≤ 5 s and ≥ 8× QGIS"),
                                          ("pre-fill: all kinds vs QGIS", "≥ 8× QGIS")), 180),
)
BY_NAME = {b.name: b for b in BENCHES}
QUICK_LIMIT_MIN = 20


def bench_runs(b: Bench, quick: bool, demo: Path) -> list[tuple[str, list[str]]]:
    """The bench's runs (tag, arguments): one per bench, except bulk, whose --n takes one size (county and
    province: 10k and 100k)."""
    sizes = ",".join(str(n) for n in (QUICK_SIZES if quick else SIZES))
    if b.name == "bulk":
        return [("10k", ["--n", "10000", "--repeat", "1"])] if quick else \
            [("10k", ["--n", "10000"]), ("100k", ["--n", "100000"])]
    if b.name == "dock":
        return [("", ["--sizes", sizes] + (["--steps", "50", "--warmup", "5"] if quick else []))]
    if b.name == "dashboard":
        return [("", ["--sizes", sizes] + (["--writes", "3"] if quick else []))]
    if b.name == "records":
        return [("", ["--sizes", sizes] + (["--forms", "30"] if quick else []))]
    if b.name == "audit":       # 50k patches ≈ 400k records, where the target is set (the bench builds it once)
        return [("", ["--sizes", "1000,10000" if quick else "10000,50000,100000"])]
    if b.name == "overlay":
        gpd = ["--geopandas-python", str(GPD_PYTHON)] if GPD_PYTHON.exists() else []
        return [("", gpd + (["--scale", "0.1", "--only", "county", "--repeat", "1"] if quick else []))]
    if b.name == "atlas":
        source = ["--demo", str(demo)] if (demo / "workspace.gpkg").exists() else ["--synthetic"]
        return [("", source + (["--n", "10", "--repeat", "1"] if quick else []))]
    if b.name == "prefill":
        return [("", ["--n", "10000", "--repeat", "1"] if quick else ["--n", "100000"])]
    raise ValueError(b.name)


# ------------------------------------------------------------------------------------------------ running


def _now() -> str:
    return dt.datetime.now(CST).strftime("%Y-%m-%d %H:%M:%S")


def _env(results_folder: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT / ".pkgroot")
    env["WPZF_BENCH_RESULTS"] = str(results_folder)
    env["PYTHONUNBUFFERED"] = "1"            # the bench's progress shows as it happens, not when its buffer fills
    return env


def run_process(cmd: list[str], env: dict, limit_s: float, log: Path, label: str) -> tuple[Optional[int], str]:
    """Run one process (its own process group, so a time-out stops its children too), its output to ``log`` and
    the terminal. Returns (exit status or None when stopped, the last lines of its output)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    tail: collections.deque = collections.deque(maxlen=30)
    with open(log, "w", encoding="utf-8") as fh:
        fh.write(" ".join(cmd) + "\n")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                encoding="utf-8", errors="replace", bufsize=1, start_new_session=True)

        def pump():
            for line in proc.stdout:
                fh.write(line)
                fh.flush()
                tail.append(line.rstrip())
                print(f"  {label}| {line.rstrip()}", flush=True)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        try:
            rc = proc.wait(timeout=max(1.0, limit_s))
        except (subprocess.TimeoutExpired, KeyboardInterrupt) as exc:
            _stop(proc)
            if isinstance(exc, KeyboardInterrupt):
                raise
            rc = None
        reader.join(timeout=10)
    return rc, "\n".join(tail)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the process and its children (its own group: started with start_new_session)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _reason(rc: Optional[int], tail: str, limit_s: float) -> str:
    """Why a run left no results, in one line."""
    if rc is None:
        return f"stopped at its time limit ({_dur(limit_s)})"
    if rc == 0:
        return "exited 0 without writing its results"
    lines = [ln.strip() for ln in tail.splitlines() if ln.strip()]
    last = next((ln for ln in reversed(lines) if "Error" in ln or "error" in ln), lines[-1] if lines else "")
    return f"exit status {rc}" + (f": {last[:160]}" if last else "")


def _dur(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def _fresh(path: Path, since: float) -> Optional[dict]:
    if not path.exists() or path.stat().st_mtime < since:
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def run_bench(b: Bench, runs: list, limit_s: float, folder: Path) -> dict:
    """Run a bench's runs in turn within its time limit; returns its status (see STATUS_FILE)."""
    start = time.time()
    status = {"bench": b.name, "started": start, "when": _now(), "runs": [], "log": []}
    parts = []
    for tag, args in runs:
        out = folder if len(runs) == 1 else folder / "parts" / f"{b.name}.{tag}"
        log = folder / "logs" / (f"{b.name}.log" if len(runs) == 1 else f"{b.name}.{tag}.log")
        left = limit_s - (time.time() - start)
        cmd = [sys.executable, "-P", str(ROOT / "bench" / b.script), *args]
        print(f"\n== {b.name}{' ' + tag if tag else ''}: {' '.join(cmd[2:])}  (time limit {_dur(left)}, "
              f"load {_load()})", flush=True)
        t = time.time()
        if left <= 0:
            status["runs"].append({"tag": tag, "args": args, "exit": None, "seconds": 0, "results": False,
                                   "reason": "not run: the runs before it used up the time limit"})
            continue
        rc, tail = run_process(cmd, _env(out), left, log, b.name)
        data = _fresh(out / f"{b.name}.json", t)
        run = {"tag": tag, "args": args, "exit": rc, "seconds": round(time.time() - t, 1), "results": bool(data)}
        if data is None:
            run["reason"] = _reason(rc, tail, left)
        status["runs"].append(run)
        status["log"].append(str(log.relative_to(ROOT) if log.is_relative_to(ROOT) else log))
        if data is not None:
            parts.append(data)
    failed = [r for r in status["runs"] if not r["results"]]
    status["seconds"] = round(time.time() - start, 1)
    status["status"] = "ran" if parts else "failed"
    status["reason"] = "; ".join((f"{r['tag']} run: " if r["tag"] else "") + r["reason"] for r in failed)
    if len(runs) > 1 and parts:
        _write_json(folder / f"{b.name}.json", merge(parts))
    return status


def merge(parts: list[dict]) -> dict:
    """One results file from a bench's several runs: the rows of all, each keeping its own run's load."""
    rows = []
    for p in parts:
        rows += [{**r, "load": [p["load_start"][0], p["load_end"][0]]} for r in p["rows"]]
    return {**parts[0], "rows": rows, "load_end": parts[-1]["load_end"], "argv": [p["argv"] for p in parts],
            "parts": [{k: p[k] for k in ("argv", "when", "load_start", "load_end")} for p in parts]}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def build_workspaces(sizes: list[int]) -> None:
    """(in its own process) the dock bench's workspaces, each built once into build/bench_dock/."""
    from wpzf.bench.bench_dock_step import cached_workspace

    cache = ROOT / "build" / "bench_dock"
    for n in sizes:
        print(f"{n} patches: {cached_workspace(cache, n, False)}", flush=True)


# ------------------------------------------------------------------------------------------------ the table


def _num(x: Optional[float]) -> str:
    if x is None:
        return "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}" if abs(x) >= 1 else f"{x:.2g}"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _row_cells(r: dict, load: list) -> list[str]:
    value = f"{_num(r['wpzf'])} {r['unit']}"
    anchor = r.get("anchor") or ""
    if r.get("anchor_value") is not None:
        anchor = f"{anchor} {_num(r['anchor_value'])} {r['unit']}".strip()
    ratio = "—" if r.get("ratio") is None else f"{r['ratio']:.2f}×"
    load = r.get("load") or load
    return [r["work"], r["scale"], value, anchor or "—", ratio, r["target"], "met" if r["met"] else "**NOT met**",
            "—" if not load else f"{load[0]:.1f}→{load[1]:.1f}", r.get("note") or ""]


def load_statuses(folder: Path) -> dict:
    path = folder / STATUS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def report(folder: Path, names: list[str], statuses: dict, this_run: Optional[set] = None,
           header: str = "") -> tuple[str, bool]:
    """The table (markdown) of the benches ``names`` from their results files, and whether every row is met.
    A bench whose latest bench-scale run failed shows that failure, not an older result."""
    head = ["work", "scale", "WPZF", "anchor (same run)", "ratio", "target", "met", "load", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    benches_text, met, total, missing = [], 0, 0, []

    def placeholders(b: Bench, scale: str, kind: str, why: str) -> int:
        for work, target in b.lines:
            lines.append("| " + " | ".join(_cell(c) for c in [work, scale, f"{kind}: {why}", "—", "—", target,
                                                                 f"**{kind}**", "—", ""]) + " |")
        return len(b.lines)

    for name in names:
        b = BY_NAME[name]
        st = statuses.get(name)
        path = folder / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        if data is not None and st and st.get("status") != "ran" and path.stat().st_mtime < st.get("started", 0):
            data = None                      # the last run failed: an older result would pass for this one
        if data is None or not data.get("rows"):
            kind = "failed" if (st and st.get("status") == "failed") or data is not None else "not run"
            why = (st or {}).get("reason") or ("wrote no rows" if data is not None else f"no {path.name}")
            total += placeholders(b, "—", kind, why)
            missing.append(f"{name} ({kind})")
            benches_text.append(f"- {name}: {kind} — {why}")
            continue
        earlier = this_run is not None and name not in this_run
        load = [data["load_start"][0], data["load_end"][0]]
        for r in data["rows"]:
            cells = _row_cells(r, load)
            if earlier:
                cells[-1] = (cells[-1] + "; " if cells[-1] else "") + f"earlier run {data.get('when', '')}"
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
            total += 1
            met += bool(r["met"])
        started = (st or {}).get("started", 0)
        current = bool(st) and st.get("status") == "ran" and \
            started <= path.stat().st_mtime <= started + st["seconds"] + 60
        for run in (st or {}).get("runs", []) if current else []:    # one of several runs failed (bulk's 100k)
            if not run["results"]:
                total += placeholders(b, run["tag"], "failed", run["reason"])
                missing.append(f"{name} {run['tag']} (failed)")
        argv = data.get("argv") or []
        args = "; ".join(" ".join(a) for a in argv) if argv and isinstance(argv[0], list) else " ".join(argv)
        info = f"- {name}: {data.get('when', '?')}, commit {data.get('commit') or '?'}, {data.get('cpus')} cores, " \
               f"load {load[0]:.2f}→{load[1]:.2f}; arguments: {args or '(defaults)'}"
        if current:
            exits = [r["exit"] for r in st.get("runs", [])]
            info += f"; {st.get('seconds', 0) / 60:.1f} min, exit {', '.join(map(str, exits))}"
            info += f" ({st['reason']})" if st.get("reason") else ""
            info += f"; log {', '.join(st.get('log', []))}"
        benches_text.append(info + (" (earlier run)" if earlier else ""))
    summary = f"{met} of {total} rows within target" + (f"; without results: {', '.join(missing)}" if missing else "")
    text = "\n".join(([header, ""] if header else []) + lines + ["", summary, "", "Benches:"] + benches_text)
    return text, met == total


def _write_md(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scale.md").write_text(text + "\n", encoding="utf-8")
    return folder / "scale.md"


def _header(mode: str) -> str:
    return (f"bench-scale{mode}: {_now()} (UTC+8), {os.cpu_count()} cores, load average {_load()} (1/5/15 min) "
            f"now; load column: 1-min load average at the bench's start → end")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated benches to run: " + ",".join(BY_NAME))
    ap.add_argument("--quick", action="store_true", help="smaller sizes (1k/10k; county overlay at 0.1): a smoke run")
    ap.add_argument("--report-only", action="store_true", help="print the table from existing results, run nothing")
    ap.add_argument("--time-limit", type=float, help="minutes per bench (default: each bench's own)")
    ap.add_argument("--demo", type=Path, default=ROOT / "demo_out", help="demo folder for the atlas (else synthetic)")
    ap.add_argument("--build-workspaces", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.build_workspaces:
        build_workspaces([int(s) for s in a.build_workspaces.split(",")])
        return 0
    names = [s.strip() for s in (a.only or ",".join(BY_NAME)).split(",") if s.strip()]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        ap.error(f"unknown bench(es) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    folder = results.folder()
    statuses = load_statuses(folder)
    if a.report_only:
        text, ok = report(folder, names, statuses, header=_header(" (report only)"))
        print(text)
        _write_md(folder, text)
        return 0 if ok else 1

    mode = " --quick" if a.quick else ""
    print(_header(mode), flush=True)
    limit = (lambda b: a.time_limit * 60) if a.time_limit else \
        (lambda b: (QUICK_LIMIT_MIN if a.quick else b.limit_min) * 60)
    chosen = [BY_NAME[n] for n in names]
    blocked = ""
    if any(b.workspaces for b in chosen):
        sizes = QUICK_SIZES if a.quick else SIZES
        t = time.time()
        ws_limit = limit(BY_NAME["dock"])
        print(f"\n== the dock bench's workspaces ({', '.join(map(str, sizes))} patches), built once", flush=True)
        rc, tail = run_process([sys.executable, "-P", str(Path(__file__).resolve()), "--build-workspaces",
                                ",".join(map(str, sizes))], _env(folder), ws_limit,
                               folder / "logs" / "workspaces.log", "workspaces")
        if rc != 0:
            blocked = "the workspaces were not built (" + _reason(rc, tail, ws_limit) + ")"
        print(f"   {'ready' if not blocked else blocked} in {time.time() - t:.0f} s", flush=True)
    done = set()
    try:
        for b in chosen:
            if blocked and b.workspaces:
                statuses[b.name] = {"bench": b.name, "started": time.time(), "when": _now(), "status": "not run",
                                    "reason": blocked}
                continue
            statuses[b.name] = run_bench(b, bench_runs(b, a.quick, a.demo), limit(b), folder)
            done.add(b.name)
            print(f"== {b.name}: {statuses[b.name]['status']} in {statuses[b.name]['seconds'] / 60:.1f} min"
                  + (f" — {statuses[b.name]['reason']}" if statuses[b.name]["reason"] else ""), flush=True)
    except KeyboardInterrupt:
        for b in chosen:
            if b.name not in done:
                statuses[b.name] = {"bench": b.name, "started": time.time(), "when": _now(), "status": "not run",
                                    "reason": "interrupted"}
    _write_json(folder / STATUS_FILE, statuses)
    text, ok = report(folder, list(BY_NAME), statuses, this_run={b.name for b in chosen}, header=_header(mode))
    print("\n" + text)
    print(f"\n(also in {_write_md(folder, text)})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
