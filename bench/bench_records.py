"""Record forms (核查记录表) at scale (issue 15): ms per form at 1k, 10k and 100k patches, and the projected
time for every form of the county, for the previous path and the current one in the same run.

Paths, each over the same sample of forms (spread over the 监测编号 order) of each workspace:
  previous   one PDF per patch (data read in batches, one template, render.html_to_pdf), one process: the code
             the export ran before books (the anchor)
  per patch  one PDF per patch as a part of the county still gets them (reports/record_forms.write_record_forms:
             the same pages, the photos prepared in a thread ahead of drawing and put into the file as JPEG data
             afterwards: reports/record_photos.py), one process
  books      the forms as books: ``--book`` sampled forms a file, bookmarked by 监测编号 (an export makes a book
             per batch and township, at most 200 forms; grouping the sparse sample so would give books of a few
             forms, and the font Qt embeds once per file would weigh far more than in an export)
  decoded    books as above with every photo decoded at the printed size and encoded once (what a photo larger
             than record_photos.PASS_BYTES costs, e.g. a phone camera's 12-megapixel original; the bench's photos,
             2000 × 1500 and ≈360 KB, otherwise go into the PDF as they are), one process
  2 procs    books in two processes (reports/record_forms.py, spawn) over 3× the sample: wall time, and CPU
             time per form in each process (what an idle 2-core machine would take, with the start once)
Also the data+render part alone (no PDF), and the CPU time of this process (all its threads) for the one-process
paths (wall time moves with whatever else runs on the machine). The workspaces are the dock bench's (bench/bench_dock_step.py
builds them into build/bench_dock/); they are copied to a temporary folder (the photos linked), never written.
The photos there come from a pool of 48 files; each form reads (or decodes) its own (as in a county, where a
photo belongs to one patch): nothing is cached between forms. The machine load (1-minute average) is printed before and after.
The rows go to build/bench_results/records.json (bench/results.py).

Run: .venv/bin/python -P bench/bench_records.py [--sizes 1000,10000,100000] [--forms 200] [--book 100]
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
from wpzf.bench.results import Row, write  # noqa: E402  (early: it notes the load at start)

TARGET_MS = 5.0
TARGET_ALL_S = 600.0
SCALES = {1000: "1k", 10000: "10k", 100000: "100k"}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def books_of(fids: list[int], size: int) -> list:
    return [(f"book_{k}", [(f, str(f)) for f in fids[k:k + size]]) for k in range(0, len(fids), size)]


def run_size(n: int, forms: int, book: int, tmp: Path) -> dict:
    from wpzf.reports import render
    from wpzf.reports.record_forms import write_record_books, write_record_forms
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
            out[name + "_files"] = len(list(folder.glob("*.pdf")))

        def data(folder):
            for _ in template.many(ws, sample):
                pass

        books = books_of(sample, book)
        timed("data", data)
        def previous(folder):
            stems = dict(jobs)
            for fid, html in template.many(ws, sample):
                render.html_to_pdf(html, folder / f"{stems[fid]}.pdf")

        timed("previous", previous)
        timed("per_patch", lambda folder: write_record_forms(ws, jobs, folder, workers=1))
        timed("books", lambda folder: write_record_books(ws, books, folder, workers=1))

        def decoded(folder):
            from wpzf.reports import record_photos

            kept = record_photos.PASS_BYTES
            record_photos.PASS_BYTES = 0   # no photo goes in as it is: each decoded and encoded
            try:
                write_record_books(ws, books, folder, workers=1)
            finally:
                record_photos.PASS_BYTES = kept

        timed("decoded", decoded)
        from wpzf.reports.record_photos import PASS_BYTES

        out["pass_kb"] = PASS_BYTES // 1024
        out["photos"] = sum(html.count("<img") for _, html in template.many(ws, sample)) / max(1, len(sample))
        # two processes over 3× the sample (the second process's start, ≈1–3 s, is paid once per export);
        # wall time, and the CPU time per form in each process: what an idle 2-core machine would take
        more = chosen[1::max(1, len(chosen) // (3 * forms))][:3 * len(sample)]
        stats: dict = {}
        out["two_forms"] = len(more)
        folder = work / "two"
        folder.mkdir()
        more_books = books_of(more, book)
        t, c = time.perf_counter(), time.process_time()
        write_record_books(ws, more_books, folder, workers=2, stats=stats)
        out["two"] = (time.perf_counter() - t) * 1000 / len(more)
        other = stats.get("other_forms", 0)
        out["two_other_forms"] = other
        out["two_cpu_here"] = (time.process_time() - c) * 1000 / max(1, len(more) - other)
        out["two_cpu_other"] = stats.get("other_cpu_s", float("nan")) * 1000 / max(1, other)
        out["two_start"] = stats.get("other_start_cpu_s", float("nan"))
        return out
    finally:
        ws.close()


def rows_of(results: list[dict]) -> list[Row]:
    rows = []
    for r in results:
        scale = SCALES.get(r["n"], str(r["n"]))
        note = (f"two processes, books; one process: books {r['books']:.1f} ms (CPU {r['books_cpu']:.1f}), "
                f"per-patch files {r['per_patch']:.1f} ms (CPU {r['per_patch_cpu']:.1f}), previous per-patch "
                f"{r['previous']:.1f} ms (CPU {r['previous_cpu']:.1f}); books with every photo decoded and encoded "
                f"(as photos > {r['pass_kb']} KB) {r['decoded']:.1f} ms (CPU {r['decoded_cpu']:.1f}, {r['photos']:.2f} photos a "
                f"form); data+template "
                f"{r['data']:.2f} ms; CPU per form {r['two_cpu_here']:.1f} / {r['two_cpu_other']:.1f} ms in the "
                f"two processes")
        rows.append(Row(work="核查记录表 per patch", scale=scale, wpzf=round(r["two"], 2), unit="ms/form",
                        target=f"≤ {TARGET_MS:.0f} ms per form", met=r["two"] <= TARGET_MS,
                        anchor="one PDF per patch, one process (previous path)",
                        anchor_value=round(r["previous"], 2), note=note))
        all_two, all_prev = r["all"] * r["two"] / 1000, r["all"] * r["previous"] / 1000
        idle = r["all"] / 2 * max(r["two_cpu_here"], r["two_cpu_other"]) / 1000 + r["two_start"]
        rows.append(Row(work="核查记录表 all forms (projected)", scale=scale, wpzf=round(all_two / 60, 2), unit="min",
                        target=f"≤ {TARGET_ALL_S / 60:.0f} min on 2 cores", met=all_two <= TARGET_ALL_S,
                        anchor="one PDF per patch, one process (previous path)",
                        anchor_value=round(all_prev / 60, 2),
                        note=f"{r['all']} forms; on an idle 2-core machine (CPU per form) {idle / 60:.1f} min"))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--forms", type=int, default=200, help="forms timed per path and size")
    ap.add_argument("--book", type=int, default=100, help="forms per file in the book paths")
    args = ap.parse_args(argv)
    from qgis.PyQt.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 — PDF writing needs it
    print(f"before: {load()}", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="wpzf_bench_records_") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            # at least two books in the sample, six in the two processes' 3×: both processes get some
            r = run_size(n, args.forms, max(1, min(args.book, args.forms // 2)), Path(tmp))
            if r:
                results.append(r)
                print(f"{n:>7} patches, {r['all']} forms, {r['forms']} timed — ms per form: data+template "
                      f"{r['data']:.2f}; per-patch files: previous {r['previous']:.1f} (cpu {r['previous_cpu']:.1f}), now "
                      f"{r['per_patch']:.1f} (cpu {r['per_patch_cpu']:.1f}); "
                      f"books {r['books']:.1f} (cpu {r['books_cpu']:.1f}, {r['books_files']} files), with every "
                      f"photo decoded {r['decoded']:.1f} (cpu {r['decoded_cpu']:.1f}; {r['photos']:.2f} photos a "
                      f"form); books in 2 procs "
                      f"over {r['two_forms']} forms {r['two']:.1f} (cpu per form {r['two_cpu_here']:.1f} here, "
                      f"{r['two_cpu_other']:.1f} in the other ({r['two_other_forms']} forms), its start "
                      f"{r['two_start']:.1f} s cpu)   ({load()})", flush=True)
    for r in results:
        proj = {k: r["all"] * r[k] / 1000 for k in ("previous", "books", "two")}
        idle = r["all"] / 2 * max(r["two_cpu_here"], r["two_cpu_other"]) / 1000 + r["two_start"]
        print(f"all {r['all']} forms of {r['n']}: previous {proj['previous'] / 60:.1f} min, books "
              f"{proj['books'] / 60:.1f} min, books in 2 procs {proj['two'] / 60:.1f} min (on an idle 2-core machine "
              f"{idle / 60:.1f} min) (target ≤ {TARGET_ALL_S / 60:.0f} min, ≤ {TARGET_MS:.0f} ms per form)")
    print(f"after: {load()}")
    print(f"rows: {write('records', rows_of(results))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
