"""Bulk, audited writes (issue 15): import vs `ogr2ogr -f GPKG`, and determine-all vs the rules engine alone.

1. A synthetic batch of N patches (bench/synthetic.write_batch_shapefile) is converted by
   `ogr2ogr -f GPKG` and imported into a new workspace (audited: a create record per patch); best of
   --repeat each. Target: import ≤ 2× ogr2ogr.
2. On the imported workspace (land areas from the batch, and facts entered for every patch as
   bench/bench_rules.py draws them, so the rules decide real categories), every patch is determined twice: cold (each unit's first determination: a record per row, the patch's
   category and status), again with nothing changed in the same session (must write nothing: only what the
   audit names as written since is determined again, store/determine_cache.py), and again in a new session
   (the results as stored and the patches the workspace's triggers say were touched since the last whole
   determine, store/determine_mark.py; nothing written). The engine alone is
   ``rules.determine_all`` over the same unit records, read beforehand, with the cycle collector paused as the
   store path pauses it (core/gcpause.py), so the anchor is the engine at its quickest. Target: cold ≤ 2× the engine; the
   re-run about the engine's time. Wall and CPU time are printed; the verdict on determine uses CPU time
   (cold runs once; the engine and the re-run are the best of --repeat).
3. SQLite's own statements for the same reads and writes (``sqlite_floor``), timed through the plugin's
   connection on a copy and rolled back: the floor under the store path, printed beside the engine.
The machine's load average is printed before and after: on a shared machine every wall figure moves with it.

Run: .venv/bin/python -P bench/bench_bulk.py [--n 100000] [--repeat 2]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkgroot"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from wpzf.bench import results  # noqa: E402
from wpzf.bench.bench_rules import make_records  # noqa: E402
from wpzf.bench.synthetic import write_batch_shapefile  # noqa: E402
from wpzf.core.gcpause import gc_paused  # noqa: E402
from wpzf.exchange.importer import BatchMeta, import_batch  # noqa: E402
from wpzf.rules import determine_all, load_ruleset  # noqa: E402
from wpzf.store import create_workspace, open_workspace  # noqa: E402
from wpzf.store.determinations import (  # noqa: E402
    ENTERED,
    MARKERS,
    PATCH_COLUMNS,
    STORED_FACTS,
    _storable,
    determine_patches,
    unit_records,
)

TARGET = 2.0


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def cpu_timed(fn):
    """(wall s, CPU s of this process, result): on a shared machine the CPU time moves much less with the load."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


def verdict(ratio: float) -> str:
    return f"target ≤ {TARGET:.1f}: {'met' if ratio <= TARGET else 'NOT met'}"


def sqlite_floor(path: Path) -> dict[str, float]:
    """CPU seconds SQLite itself takes for what a first whole determine must read and write, on a copy of the
    determined workspace through the plugin's own connection (its cache size, functions and triggers), each
    statement rolled back: the patch and fact rows the units are made of, the determinations inserted
    (the same rows), and each patch's 判定结果 and status written. No Python of the plugin runs: this is the
    floor under the store path, whatever it does in Python."""
    copy = path.with_name("floor.gpkg")
    shutil.copy(path, copy)
    ws = open_workspace(copy)
    conn = ws.conn
    cols = ", ".join(f'p."{c}"' for c in PATCH_COLUMNS)
    facts = ", ".join(f'"{c}"' for c in (*STORED_FACTS, *MARKERS))
    determ = conn.execute("SELECT * FROM wz_determ").fetchall()
    patches = [(r[1], r[2], "2026-01-01 00:00:00", "bench", r[0])
               for r in conn.execute('SELECT fid, "PDJG", "ZT" FROM wz_patch').fetchall()]
    insert = f"INSERT INTO wz_determ VALUES ({', '.join(['?'] * len(determ[0]))})"

    def cpu(*statements) -> float:   # best of 3, rolled back each time
        best = float("inf")
        for _ in range(3):
            conn.execute("BEGIN")
            c = time.process_time()
            for fn in statements:
                fn()
            best = min(best, time.process_time() - c)
            conn.execute("ROLLBACK")
        return best

    delete = cpu(lambda: conn.execute("DELETE FROM wz_determ"))
    out = {
        "reading the patch rows": cpu(lambda: conn.execute(
            f'SELECT p.fid, {cols}, b."GZND" FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID" '
            "ORDER BY p.fid").fetchall()),
        "reading the fact rows": cpu(lambda: conn.execute(
            f'SELECT "TBID", "FGID", "BBH", {facts} FROM wz_fact').fetchall()),
        "inserting the determinations": max(0.0, cpu(lambda: conn.execute("DELETE FROM wz_determ"),
                                                      lambda: conn.executemany(insert, determ)) - delete),
        "writing the patches' 判定结果 and status": cpu(lambda: conn.executemany(
            'UPDATE wz_patch SET "PDJG" = ?, "ZT" = ?, "BBH" = "BBH" + 1, "XGSJ" = ?, "XGR" = ? WHERE fid = ?',
            patches)),
    }
    ws.close()
    copy.unlink()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--keep", help="copy the determined workspace here")
    args = ap.parse_args()
    print(load())
    tmp = Path(tempfile.mkdtemp(prefix="wpzf_bulk_"))
    ok = True
    try:
        shp = tmp / "batch.shp"
        t, _ = timed(lambda: write_batch_shapefile(str(shp), args.n))
        print(f"generated {args.n} patches in {t:.1f} s")

        def ogr2ogr():
            out = tmp / "ogr.gpkg"
            out.unlink(missing_ok=True)
            subprocess.run(["ogr2ogr", "-f", "GPKG", str(out), str(shp), "-oo", "ENCODING=GBK"], check=True)

        ws_path = tmp / "ws.gpkg"

        def wpzf_import():
            for p in tmp.glob("ws*"):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            ws = create_workspace(ws_path)
            rep = import_batch(ws, shp, BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False)
            ws.close()
            assert rep.ok and rep.counts["imported"] == args.n, rep.text()[:2000]

        t_ogr = min(timed(ogr2ogr)[0] for _ in range(args.repeat))
        t_imp = min(timed(wpzf_import)[0] for _ in range(args.repeat))
        r_imp = t_imp / t_ogr
        ok &= r_imp <= TARGET
        print(f"ogr2ogr -f GPKG           : {t_ogr:7.2f} s")
        print(f"wpzf import (audited)     : {t_imp:7.2f} s   ratio {r_imp:.2f}  ({verdict(r_imp)})")

        ws = open_workspace(ws_path)
        # Facts entered for every patch (bench_rules' reproducible draw), so the rules have work to do.
        drawn = make_records(args.n)
        with ws.transaction():
            ws.insert("wz_fact", [{"TBID": fid, **{c: _storable(c, r[c]) for c in ENTERED if r.get(c) is not None}}
                                  for fid, r in zip(ws.patch_fids(), drawn)], source="bench")
        del drawn
        recs = unit_records(ws)
        rs = load_ruleset(2021)
        with gc_paused():
            engine = [cpu_timed(lambda: determine_all(recs, rs))[:2] for _ in range(args.repeat)]
        t_engine, c_engine = min(e[0] for e in engine), min(e[1] for e in engine)
        recs.clear()   # the anchor's own 100k records: held through the determination they would cost it page faults
        audit0 = ws.count("wz_audit")
        t_cold, c_cold, res = cpu_timed(lambda: determine_patches(ws, source="bench"))
        audit1 = ws.count("wz_audit")
        again = [cpu_timed(lambda: determine_patches(ws, source="bench"))[:2] for _ in range(args.repeat)]
        t_again, c_again = min(a[0] for a in again), min(a[1] for a in again)
        # the same in a new session (a Processing run, QGIS restarted): every unit read and compared
        ws.close()
        floor = sqlite_floor(ws_path)
        ws = open_workspace(ws_path)
        t_fresh, c_fresh, _ = cpu_timed(lambda: determine_patches(ws, source="bench"))
        audit2 = ws.count("wz_audit")
        check = ws.verify_audit()
        ws.close()
        r_cold, r_again, r_fresh = t_cold / t_engine, t_again / t_engine, t_fresh / t_engine
        rc_cold, rc_again, rc_fresh = c_cold / c_engine, c_again / c_engine, c_fresh / c_engine
        ok &= rc_cold <= TARGET and audit2 == audit1 and check.ok
        print(f"rules engine alone        : {t_engine:7.2f} s   (CPU {c_engine:.2f} s; {len(res)} units)")
        print(f"determine all, cold       : {t_cold:7.2f} s   ratio {r_cold:.2f}  (CPU {c_cold:.2f} s, ratio "
              f"{rc_cold:.2f}: {verdict(rc_cold)}); {audit1 - audit0} audit records")
        print(f"determine all, no change  : {t_again:7.2f} s   ratio {r_again:.2f}  (CPU {c_again:.2f} s, ratio "
              f"{rc_again:.2f}); {audit2 - audit1} audit records (must be 0)")
        print(f"again, a new session      : {t_fresh:7.2f} s   ratio {r_fresh:.2f}  (CPU {c_fresh:.2f} s, ratio "
              f"{rc_fresh:.2f}); nothing written")
        print(f"audit check afterwards    : {'ok' if check.ok else check.reason}")
        c_floor = sum(floor.values())
        print(f"SQLite's statements alone : CPU {c_floor:.2f} s, {c_floor / c_engine:.2f}× the engine ("
              + ", ".join(f"{k} {v:.2f} s" for k, v in floor.items()) + ")")
        scale = f"{args.n // 1000}k" if args.n % 1000 == 0 else str(args.n)
        results.write("bulk", [
            results.Row("import (audited) vs ogr2ogr -f GPKG", scale, round(t_imp, 2), "s", "≤ 2× ogr2ogr",
                        r_imp <= TARGET, "ogr2ogr -f GPKG", round(t_ogr, 2), round(r_imp, 2)),
            results.Row("determine all, first time (store, audited)", scale, round(c_cold, 2), "s CPU",
                        "≤ 2× engine", rc_cold <= TARGET, "rules engine alone", round(c_engine, 2),
                        round(rc_cold, 2), f"wall {t_cold:.2f} s; {audit1 - audit0} audit records; SQLite's own "
                        f"statements alone (the same reads and writes, nothing else) {c_floor:.2f} s CPU = "
                        f"{c_floor / c_engine:.2f}× the engine"),
            results.Row("determine all again, nothing changed (same session)", scale, round(c_again, 3), "s CPU",
                        "≈ engine, writes nothing", rc_again <= 1.2 and audit2 == audit1, "rules engine alone",
                        round(c_engine, 2), round(rc_again, 3), f"wall {t_again:.3f} s"),
            results.Row("determine all again, nothing changed (new session)", scale, round(c_fresh, 2), "s CPU",
                        "≈ engine, writes nothing", rc_fresh <= 1.2 and audit2 == audit1, "rules engine alone",
                        round(c_engine, 2), round(rc_fresh, 2), f"wall {t_fresh:.2f} s"),
        ])
        if args.keep:
            shutil.copy(ws_path, args.keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(load())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
