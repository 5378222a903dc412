"""Record forms (核查记录表) at scale (issue 15): ms per form at 1k, 10k and 100k patches, and the projected
time for every form of the county, for the previous path and the current one in the same run.

Paths, each over the same sample of forms (spread over the 监测编号 order) of each workspace:
  previous   per patch: six seeks (patch card, extra fields, photos, facts), render, PDF — one process
  batched    store.reporting.record_form_cards (one query per table per 400 patches), one template — one process
  2 procs    the same in two processes (reports/record_forms.py, spawn) over 3× the sample: wall time, and CPU
             time per form in each process (what an idle 2-core machine would take, with the start once)
Also the data+render part alone (no PDF) of the previous and batched paths, and the CPU time of this process
for the one-process paths (wall time moves with whatever else runs on the machine). The workspaces are the dock
bench's (bench/bench_dock_step.py builds them into build/bench_dock/); they are copied to a temporary folder
(the photos linked), never written. The machine load (1-minute average) is printed before and after.

Run: .venv/bin/python -P bench/bench_records.py [--sizes 1000,10000,100000] [--forms 200]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".pkgroot"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TARGET_MS = 5.0
TARGET_ALL_S = 600.0


def previous_context(ws, fid):
    """The record form's data as it was read before batching: per patch, six seeks and the facts."""
    from wpzf.reports import render
    from wpzf.store.determinations import unit_records
    from wpzf.store.queue import patch_card
    from wpzf.store.reporting import patch_extra, patch_photos

    card = patch_card(ws, fid)
    card.update(patch_extra(ws, fid))
    card["photo_rows"] = patch_photos(ws, fid).to_dict("records")
    records = {(rec["TBID"], rec["FGID"]): rec for rec in unit_records(ws, [int(fid)])}
    return render._record_context(ws, card, records)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def run_size(n: int, forms: int, tmp: Path) -> dict:
    from wpzf.reports import render
    from wpzf.reports.record_forms import write_record_forms
    from wpzf.store import open_workspace
    from wpzf.store.scope import record_form_fids

    src = ROOT / "build" / "bench_dock" / f"v3_{n}"
    if not (src / "ws.gpkg").exists():
        print(f"{n}: no workspace at {src} (make bench-dock builds it)")
        return {}
    work = tmp / str(n)
    work.mkdir()
    shutil.copy2(src / "ws.gpkg", work / "ws.gpkg")
    if (src / "ws_attachments").exists():
        (work / "ws_attachments").symlink_to(src / "ws_attachments")
    ws = open_workspace(work / "ws.gpkg")
    try:
        chosen = record_form_fids(ws)
        step = max(1, len(chosen) // forms)
        sample = chosen[::step][:forms]
        jobs = [(f, f"f{f}") for f in sample]
        template = render.patch_record_renderer()
        out: dict = {"n": n, "all": len(chosen), "forms": len(sample)}

        def timed(name, fn):
            folder = work / name
            folder.mkdir()
            t, c = time.perf_counter(), time.process_time()
            fn(folder)
            out[name] = (time.perf_counter() - t) * 1000 / len(sample)
            out[name + "_cpu"] = (time.process_time() - c) * 1000 / len(sample)   # this process only

        def previous(folder):
            for fid, stem in jobs:
                html = template.template.render(**render._page_context(previous_context(ws, fid)))
                render.html_to_pdf(html, folder / f"{stem}.pdf")

        def previous_data(folder):
            for fid, _ in jobs:
                template.template.render(**render._page_context(previous_context(ws, fid)))

        def batched_data(folder):
            for _ in template.many(ws, sample):
                pass

        timed("previous_data", previous_data)
        timed("batched_data", batched_data)
        timed("previous", previous)
        timed("batched", lambda folder: write_record_forms(ws, jobs, folder, workers=1))
        # two processes over 3× the sample (the second process's start, ≈1–3 s, is paid once per export);
        # wall time, and the CPU time per form in each process: what an idle 2-core machine would take
        more = chosen[1::max(1, len(chosen) // (3 * forms))][:3 * len(sample)]
        half = (len(more) + 1) // 2
        stats: dict = {}
        out["two_forms"] = len(more)
        folder = work / "two"
        folder.mkdir()
        t, c = time.perf_counter(), time.process_time()
        write_record_forms(ws, [(f, f"f{f}") for f in more], folder, workers=2, stats=stats)
        out["two"] = (time.perf_counter() - t) * 1000 / len(more)
        out["two_cpu_here"] = (time.process_time() - c) * 1000 / half
        out["two_cpu_other"] = stats.get("other_cpu_s", float("nan")) * 1000 / max(1, stats.get("other_forms", 0))
        out["two_start"] = stats.get("other_start_cpu_s", float("nan"))
        return out
    finally:
        ws.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--forms", type=int, default=200, help="forms timed per path and size")
    args = ap.parse_args(argv)
    from qgis.PyQt.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 — PDF writing needs it
    print(f"before: {load()}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="wpzf_bench_records_") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            r = run_size(n, args.forms, Path(tmp))
            if r:
                rows.append(r)
                print(f"{n:>7} patches, {r['all']} forms, {r['forms']} timed — ms per form: "
                      f"data+render previous {r['previous_data']:.2f} batched {r['batched_data']:.2f}; "
                      f"with PDF previous {r['previous']:.1f} (cpu {r['previous_cpu']:.1f}) batched "
                      f"{r['batched']:.1f} (cpu {r['batched_cpu']:.1f}); 2 procs over {r['two_forms']} forms "
                      f"{r['two']:.1f} (cpu per form {r['two_cpu_here']:.1f} here, {r['two_cpu_other']:.1f} in the "
                      f"other, its start {r['two_start']:.1f} s cpu)   ({load()})",
                      flush=True)
    for r in rows:
        proj = {k: r["all"] * r[k] / 1000 for k in ("previous", "batched")}
        proj["two"] = r["all"] * r["two"] / 1000
        idle = r["all"] / 2 * max(r["two_cpu_here"], r["two_cpu_other"]) / 1000 + r["two_start"]
        print(f"all {r['all']} forms of {r['n']}: previous {proj['previous'] / 60:.1f} min, batched "
              f"{proj['batched'] / 60:.1f} min, 2 procs {proj['two'] / 60:.1f} min (on an idle 2-core machine "
              f"{idle / 60:.1f} min) "
              f"(target ≤ {TARGET_ALL_S / 60:.0f} min, ≤ {TARGET_MS:.0f} ms per form)")
    print(f"after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
