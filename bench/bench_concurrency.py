"""Benchmark: several operators saving findings at once on a PostGIS team workspace, against one operator on
a GeoPackage.

Each editor is its own process with its own connection and saves the facts of its own patches (read the
record's version, ``save_facts`` with it: one audited transaction that also moves the patch to 核查中),
N times. Reported: saves per second over all editors, save latency (median, p95, max), and lost
updates — every save that returned must be in the database (each fact record's version = the saves made
on it, the audit holds one record per save, the chain verifies). A second, contended round has every
editor add 1 to the same counter with re-read-and-retry on StaleVersion: the counter must end at the
number of increments.

Run from the repository root (needs PostgreSQL + PostGIS: apt-get install postgresql-15-postgis-3; a
throw-away cluster is started in a temp folder, durable: fsync on):
    .venv/bin/python -P bench/bench_concurrency.py [--editors 4] [--saves 1000] [--contended 250]
Against an existing server instead:  --location 'pg:service=wpzf;schema=bench'  (the schema must not exist).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".pkgroot"))  # `make mount` links the package there as wpzf

from shapely.geometry import MultiPolygon, Polygon  # noqa: E402

PATCHES_PER_EDITOR = 50


def _square(i: int) -> MultiPolygon:
    x = 113.0 + 0.002 * (i % 500)
    y = 39.0 + 0.002 * (i // 500)
    return MultiPolygon([Polygon([(x, y), (x + 0.001, y), (x + 0.001, y + 0.001), (x, y + 0.001)])])


def prepare(location: str, editors: int) -> list[list[int]]:
    from wpzf.store import Actor, create_workspace

    ws = create_workspace(location, actor=Actor("admin", "bench"))
    try:
        n = editors * PATCHES_PER_EDITOR + 1
        with ws.transaction():
            b = ws.insert("wz_batch", [{"PCBH": "BENCH", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
            fids = ws.insert("wz_patch", [{"JCBH": f"B{i:05d}", "PCID": b, "XZMC": "上馆镇"} for i in range(n)],
                             geoms=[_square(i) for i in range(n)])
    finally:
        ws.close()
    return [fids[e * PATCHES_PER_EDITOR:(e + 1) * PATCHES_PER_EDITOR] for e in range(editors)] + [[fids[-1]]]


def editor(location: str, name: str, fids: list[int], saves: int, barrier, out) -> None:
    from wpzf.store import Actor, open_workspace
    from wpzf.store.determinations import save_facts, unit_facts

    ws = open_workspace(location, actor=Actor(name, "pc-" + name))
    latencies, errors = [], 0
    try:
        barrier.wait(120)
        for i in range(saves):
            fid = fids[i % len(fids)]
            t0 = time.perf_counter()
            version = unit_facts(ws, fid)[3]
            try:
                save_facts(ws, fid, {"RGSM": f"{name} #{i}"}, expected_version=version or 0, source="bench")
            except Exception:
                errors += 1
            latencies.append(time.perf_counter() - t0)
    finally:
        ws.close()
    out.put((name, latencies, errors))


def run_editors(ctx, location: str, groups: list[list[int]], saves: int) -> tuple[float, list[float], int]:
    q, barrier = ctx.Queue(), ctx.Barrier(len(groups) + 1)
    procs = [ctx.Process(target=editor, args=(location, f"editor{i + 1}", g, saves, barrier, q))
             for i, g in enumerate(groups)]
    for p in procs:
        p.start()
    barrier.wait(300)
    t0 = time.perf_counter()
    results = [q.get(timeout=3600) for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    latencies = [x for _n, lat, _e in results for x in lat]
    return wall, latencies, sum(e for _n, _l, e in results)


def lost_updates(location: str, groups: list[list[int]], saves: int) -> tuple[int, bool]:
    """Saves that returned but are not in the database (versions and audit records), and the chain check."""
    from wpzf.store import open_workspace

    ws = open_workspace(location)
    try:
        facts = ws.select("wz_fact", ["TBID", "BBH"])
        versions = dict(zip(facts["TBID"].astype(int), facts["BBH"].astype(int)))
        lost = 0
        for g in groups:
            for k, fid in enumerate(g):
                expected = saves // len(g) + (1 if k < saves % len(g) else 0)
                lost += max(0, expected - versions.get(fid, 0))
        audited = ws.count("wz_audit", f'"TBL" = {ws.ph} AND "SOURCE" = {ws.ph}', ("wz_fact", "bench"))
        lost = max(lost, len(groups) * saves - audited)
        return lost, ws.verify_audit().ok
    finally:
        ws.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(label: str, editors: int, saves: int, wall: float, lat: list[float], errors: int, lost: int,
           chain: bool) -> None:
    n = editors * saves
    print(f"{label:<28} {editors} editor(s) × {saves} saves: {n / wall:7.1f} saves/s, "
          f"latency median {1000 * statistics.median(lat):6.1f} ms, p95 {1000 * pct(lat, 95):6.1f} ms, "
          f"max {1000 * max(lat):7.1f} ms; errors {errors}, lost updates {lost}, audit chain "
          f"{'ok' if chain else 'BROKEN'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--editors", type=int, default=4)
    ap.add_argument("--saves", type=int, default=1000)
    ap.add_argument("--contended", type=int, default=250, help="increments per editor on one record (0: skip)")
    ap.add_argument("--location", help="a PostgreSQL location with a new schema name (default: throw-away cluster)")
    ap.add_argument("--no-gpkg", action="store_true")
    args = ap.parse_args(argv)
    ctx = mp.get_context("spawn")
    cluster = None
    location = args.location
    if not location:
        from wpzf.tests.store.pg_fixtures import PgCluster, skip_reason

        reason = skip_reason()
        if reason:
            print(f"PostGIS benchmark skipped: {reason}")
            return 1
        cluster = PgCluster(durable=True).start()
        location = cluster.location("bench")
    ok = True
    try:
        groups = prepare(location, args.editors)
        counter = groups.pop()[0]
        wall, lat, errors = run_editors(ctx, location, groups, args.saves)
        lost, chain = lost_updates(location, groups, args.saves)
        report("PostGIS", args.editors, args.saves, wall, lat, errors, lost, chain)
        ok &= lost == 0 and chain and errors == 0
        if args.contended:
            from wpzf.tests.store.pg_fixtures import worker_increment  # the test's worker: one retry loop

            q, barrier = ctx.Queue(), ctx.Barrier(args.editors + 1)
            procs = [ctx.Process(target=worker_increment, args=(location, f"editor{i + 1}", counter, args.contended,
                                                                q, barrier)) for i in range(args.editors)]
            for p in procs:
                p.start()
            barrier.wait(300)
            t0 = time.perf_counter()
            res = [q.get(timeout=3600) for _ in procs]
            wall = time.perf_counter() - t0
            for p in procs:
                p.join()
            from wpzf.store import open_workspace

            ws = open_workspace(location)
            value = int(ws.get("wz_patch", counter)["CFXF"] or 0)
            ws.close()
            total = sum(r[1] for r in res)
            print(f"{'PostGIS, one record':<28} {args.editors} editor(s) × {args.contended} increments: "
                  f"{total / wall:7.1f} saves/s, {sum(r[2] for r in res)} stale-version retries, counter {value} "
                  f"of {total} (lost updates {total - value})")
            ok &= value == total
    finally:
        if cluster is not None:
            cluster.stop()
    if not args.no_gpkg:
        with tempfile.TemporaryDirectory() as tmp:
            gp = str(Path(tmp) / "bench.gpkg")
            groups = prepare(gp, 1)[:1]
            wall, lat, errors = run_editors(ctx, gp, groups, args.saves)
            lost, chain = lost_updates(gp, groups, args.saves)
            report("GeoPackage", 1, args.saves, wall, lat, errors, lost, chain)
            ok &= lost == 0 and chain and errors == 0
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
