"""Several operators at once on one PostGIS workspace, each in its own process: saves of different
patches all succeed, one patch saved at once by several gives exactly one winner and nothing lost, a
process killed in the middle of a save leaves no trace and no lock."""
import multiprocessing as mp
import threading
import time

import pytest
from shapely.geometry import MultiPolygon, Polygon

from wpzf.store import Actor, create_workspace, open_workspace
from wpzf.tests.store import pg_fixtures as pf

pg_cluster = pf.pg_cluster
pg_location = pf.pg_location
pg_schema = pf.pg_schema

SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])
CTX = mp.get_context("spawn")   # children never inherit the parent's connections or Qt


@pytest.fixture
def team_ws(pg_location):
    ws = create_workspace(pg_location, actor=Actor("admin", "server"))
    with ws.transaction():
        b = ws.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        ws.fids = ws.insert("wz_patch", [{"JCBH": f"P{i:03d}", "PCID": b} for i in range(12)], geoms=[SQ] * 12)
    yield ws
    ws.close()


def _run(target, arg_sets, timeout=180):
    procs = [CTX.Process(target=target, args=a) for a in arg_sets]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout)
    for p in procs:
        if p.is_alive():
            p.kill()
    assert all(p.exitcode == 0 for p in procs), [p.exitcode for p in procs]


def _drain(q, n):
    return [q.get(timeout=60) for _ in range(n)]


def test_operators_on_different_patches_all_succeed(team_ws, pg_location):
    q = CTX.Queue()
    fids = team_ws.fids
    args = [(pg_location, f"op{i}", fids[i * 3:(i + 1) * 3], 5, q) for i in range(4)]
    _run(pf.worker_save_facts, args)
    results = _drain(q, 4)
    assert sorted(r[1] for r in results) == [15] * 4 and all(r[2] == 0 for r in results)
    facts = team_ws.select("wz_fact", ["TBID", "RGSM", "BBH", "XGR"])
    assert len(facts) == 12 and set(facts["BBH"]) == {5}
    assert team_ws.count("wz_audit", '"TBL" = %s', ("wz_fact",)) == 60
    assert team_ws.verify_audit().ok


def test_one_patch_saved_by_many_at_once_has_exactly_one_winner(team_ws, pg_location):
    q, barrier = CTX.Queue(), CTX.Barrier(4)
    fid = team_ws.fids[0]
    n_audit = team_ws.count("wz_audit")
    _run(pf.worker_contend, [(pg_location, f"op{i}", fid, barrier, q) for i in range(4)])
    results = _drain(q, 4)
    winners = [r[0] for r in results if r[1] == "won"]
    assert len(winners) == 1
    assert all(r[1] == "stale" and r[2] == winners[0] for r in results if r[1] != "won")
    row = team_ws.get("wz_patch", fid)
    assert row["BZ"] == winners[0] and row["BBH"] == 2 and row["XGR"] == winners[0]
    assert team_ws.count("wz_audit") == n_audit + 1 and team_ws.verify_audit().ok


def test_no_update_is_lost_when_everybody_retries(team_ws, pg_location):
    q = CTX.Queue()
    fid = team_ws.fids[1]
    _run(pf.worker_increment, [(pg_location, f"op{i}", fid, 15, q) for i in range(4)])
    results = _drain(q, 4)
    assert sum(r[1] for r in results) == 60
    row = team_ws.get("wz_patch", fid)
    assert row["CFXF"] == 60 and row["BBH"] == 61
    assert len(team_ws.audit_records("wz_patch", fid)) == 61 and team_ws.verify_audit().ok


@pytest.mark.parametrize("hold_head", [False, True], ids=["mid-save", "holding-the-audit-head"])
def test_a_process_killed_mid_transaction_leaves_nothing(team_ws, pg_location, hold_head):
    fid, other = team_ws.fids[2], team_ws.fids[3]
    before = (team_ws.count("wz_audit"), team_ws._audit_head())
    ready = CTX.Event()
    victim = CTX.Process(target=pf.worker_hang_in_transaction, args=(pg_location, fid, hold_head, ready))
    victim.start()
    assert ready.wait(60)
    done = threading.Event()

    def save_other():
        w = open_workspace(pg_location, actor=Actor("colleague", "pc2"))
        with w.transaction():
            w.update("wz_patch", other, {"BZ": "colleague"})
        w.close()
        done.set()

    t = threading.Thread(target=save_other)
    t.start()
    # Another patch's save waits only if the victim holds the chain head; never on the victim's rows.
    assert done.wait(0.8) is (not hold_head)
    victim.kill()
    victim.join(30)
    t0 = time.monotonic()
    assert done.wait(15), "a dead client's locks must not outlive it"
    t.join()
    assert time.monotonic() - t0 < 15
    assert team_ws.get("wz_patch", fid)["BZ"] is None and team_ws.count("wz_fact") == 0
    assert team_ws.get("wz_patch", other)["BZ"] == "colleague"
    assert team_ws.count("wz_audit") == before[0] + 1 and team_ws.verify_audit().ok
    assert team_ws._audit_head()[0] == before[1][0] + 1
