"""Import of a 100k-patch shapefile into a new workspace vs `ogr2ogr -f GPKG` of the same file.

Run: make bench-import  (prints both times and the ratio; target ≤ 2× ogr2ogr).
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

from wpzf.bench.results import Row, write  # noqa: E402
from wpzf.bench.synthetic import write_batch_shapefile  # noqa: E402
from wpzf.exchange.importer import BatchMeta, import_batch  # noqa: E402
from wpzf.store import create_workspace  # noqa: E402


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wpzf_bench_"))
    try:
        shp = tmp / "batch.shp"
        t = time.perf_counter()
        write_batch_shapefile(str(shp), args.n)
        print(f"generated {args.n} patches in {time.perf_counter() - t:.1f} s "
              f"({sum(p.stat().st_size for p in tmp.iterdir()) / 1e6:.0f} MB)")

        def ogr2ogr():
            out = tmp / "ogr.gpkg"
            if out.exists():
                out.unlink()
            subprocess.run(["ogr2ogr", "-f", "GPKG", str(out), str(shp), "-oo", "ENCODING=GBK"], check=True)

        def wpzf():
            out = tmp / "ws.gpkg"
            for p in tmp.glob("ws*"):
                if p.is_file():
                    p.unlink()
                else:
                    shutil.rmtree(p)
            ws = create_workspace(out)
            rep = import_batch(ws, shp, BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False)
            ws.close()
            assert rep.ok and rep.counts["imported"] == args.n, rep.text()[:2000]

        t_ogr = best_of(ogr2ogr, args.repeat)
        t_wpzf = best_of(wpzf, args.repeat)
        print(f"ogr2ogr -f GPKG : {t_ogr:7.2f} s")
        print(f"wpzf import     : {t_wpzf:7.2f} s  (CRS check, encoding detection, validity, ellipsoidal areas, "
              f"deadlines, audit chain)")
        from wpzf.core.jsontext import ACCELERATED

        print(f"JSON encoder: {'orjson (optional accelerator)' if ACCELERATED else 'standard library'}")
        ratio = t_wpzf / t_ogr
        print(f"ratio wpzf/ogr2ogr = {ratio:.2f}  (target ≤ 2.0: {'met' if ratio <= 2.0 else 'NOT met'})")
        row = Row(work="import patches (audited) vs ogr2ogr -f GPKG", unit="s", wpzf=t_wpzf, target="≤ 2× ogr2ogr",
                  scale=f"{args.n // 1000}k" if args.n % 1000 == 0 else str(args.n), met=ratio <= 2.0,
                  anchor="ogr2ogr -f GPKG", anchor_value=t_ogr, ratio=ratio, note=f"best of {args.repeat}")
        print(f"results: {write('import', [row])}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
