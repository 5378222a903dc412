"""bench/bench_scale.py (make bench-scale): the table it prints from the benches' result files, and how it runs a
bench — results read back, a failure or a time-out shown with its reason, never hidden behind an older result."""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

from wpzf.bench import bench_scale, results
from wpzf.bench.results import Row


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("WPZF_BENCH_RESULTS", str(tmp_path / "results"))
    return tmp_path / "results"


def table(text: str) -> list[list[str]]:
    """The markdown table's body rows, as cells."""
    lines = [ln for ln in text.splitlines() if ln.startswith("| ")][2:]      # without the header and rule
    return [[c.strip() for c in re.split(r"(?<!\\)\|", ln)[1:-1]] for ln in lines]


def report_only(capsys, *args) -> tuple[int, str, list[list[str]]]:
    rc = bench_scale.main(["--report-only", *args])
    out = capsys.readouterr().out
    return rc, out, table(out)


def test_rows_beside_anchor_and_target_missing_benches_not_run(folder, capsys):
    results.write("bulk", [Row(work="determine all", scale="100k", wpzf=9.3, unit="s", anchor="rules engine alone",
                               anchor_value=0.93, target="≤ 2× the engine", met=False, ratio=9.97, note="CPU time")])
    results.write("dock", [Row(work="one dock step", scale="1k", wpzf=10.6, unit="ms", target="≤ 50 ms p95", met=True),
                           Row(work="one dock step", scale="100k", wpzf=12.24, unit="ms", target="≤ 50 ms p95",
                               met=True, note="p95 | flat")])
    rc, out, rows = report_only(capsys)
    assert rc == 1                                              # not every row met, benches without results
    load = json.loads((folder / "dock.json").read_text(encoding="utf-8"))
    load_cell = f"{load['load_start'][0]:.1f}→{load['load_end'][0]:.1f}"
    assert rows[0] == ["determine all", "100k", "9.3 s", "rules engine alone 0.93 s", "9.97×", "≤ 2× the engine",
                       "**NOT met**", rows[0][7], "CPU time"]
    assert re.fullmatch(r"\d+\.\d→\d+\.\d", rows[0][7])
    # the bulk bench's second line of the issue is not added: its results file answers for it
    assert rows[1] == ["one dock step", "1k", "10.6 ms", "—", "—", "≤ 50 ms p95", "met", load_cell, ""]
    assert rows[2][:7] == ["one dock step", "100k", "12.2 ms", "—", "—", "≤ 50 ms p95", "met"]
    assert rows[2][8] == r"p95 \| flat"                          # a "|" in a note does not break the table
    missing = {r[0]: r for r in rows[3:]}
    assert len(rows) == 3 + 7                                   # dashboard, records, audit, overlay, atlas, 2 pre-fill
    assert missing["audit check"] == ["audit check", "—", "not run: no audit.json", "—", "—",
                                      "≤ 3 s and ≤ 200 MB at 400k records", "**not run**", "—", ""]
    assert missing["pre-fill: 建设用地审批 alone vs QGIS"][5] == "≤ 5 s and ≥ 8× QGIS"
    assert missing["pre-fill: all kinds vs QGIS"][6] == "**not run**"
    assert "2 of 10 rows within target" in out
    assert (folder / "scale.md").read_text(encoding="utf-8") == out      # the README's copy is the printed table


def test_only_some_benches_and_the_exit_status(folder, capsys):
    results.write("dashboard", [Row(work="dashboard tab", scale="100k", wpzf=0.059, unit="s", target="≤ 0.3 s",
                                    met=True, anchor="previous implementation", anchor_value=5.4)])
    rc, out, rows = report_only(capsys, "--only", "dashboard")
    assert rc == 0 and len(rows) == 1
    assert rows[0][:7] == ["dashboard tab", "100k", "0.059 s", "previous implementation 5.4 s", "—", "≤ 0.3 s", "met"]
    results.write("dashboard", [Row(work="dashboard tab", scale="100k", wpzf=0.41, unit="s", target="≤ 0.3 s",
                                    met=False)])
    rc, out, rows = report_only(capsys, "--only", "dashboard")
    assert rc == 1 and rows[0][6] == "**NOT met**" and "0 of 1 rows within target" in out
    with pytest.raises(SystemExit):
        bench_scale.main(["--report-only", "--only", "nonsense"])


def test_a_failed_run_is_not_hidden_behind_an_older_result(folder, capsys):
    results.write("audit", [Row(work="audit check", scale="50k", wpzf=1.99, unit="s", target="≤ 3 s", met=True)])
    status = {"audit": {"bench": "audit", "status": "failed", "started": time.time() + 5, "seconds": 1200,
                        "reason": "stopped at its time limit (20 min)"}}
    (folder / bench_scale.STATUS_FILE).write_text(json.dumps(status), encoding="utf-8")
    rc, out, rows = report_only(capsys, "--only", "audit")
    assert rc == 1
    assert rows == [["audit check", "—", "failed: stopped at its time limit (20 min)", "—", "—",
                     "≤ 3 s and ≤ 200 MB at 400k records", "**failed**", "—", ""]]
    # a result written after that run (the bench run again by hand) is shown
    status["audit"]["started"] = time.time() - 3600
    (folder / bench_scale.STATUS_FILE).write_text(json.dumps(status), encoding="utf-8")
    rc, out, rows = report_only(capsys, "--only", "audit")
    assert rc == 0 and rows[0][:3] == ["audit check", "50k", "1.99 s"]


def test_merged_runs_keep_each_runs_load():
    part = {"bench": "bulk", "when": "w", "commit": "c", "cpus": 2, "argv": ["--n", "10000"], "load_start": [1.0, 0, 0],
            "load_end": [2.0, 0, 0], "rows": [{"work": "determine all", "scale": "10k"}]}
    merged = bench_scale.merge([part, {**part, "argv": ["--n", "100000"], "load_start": [3.0, 0, 0],
                                       "load_end": [4.0, 0, 0], "rows": [{"work": "determine all", "scale": "100k"}]}])
    assert [(r["scale"], r["load"]) for r in merged["rows"]] == [("10k", [1.0, 2.0]), ("100k", [3.0, 4.0])]
    assert merged["load_start"] == [1.0, 0, 0] and merged["load_end"] == [4.0, 0, 0]
    assert merged["argv"] == [["--n", "10000"], ["--n", "100000"]]


FAKE = '''
import subprocess, sys, time
from pathlib import Path
from wpzf.bench.results import Row, write
what = sys.argv[1]
if what == "ok":
    print("measuring")
    write("fake", [Row(work="thing", scale="1k", wpzf=1.0, unit="s", target="≤ 2 s", met=True)])
    sys.exit(1)                                  # a bench's own verdict: its rows still count
if what == "crash":
    raise RuntimeError("boom")
if what == "silent":
    sys.exit(0)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
Path(sys.argv[2]).write_text(str(child.pid))
time.sleep(120)
'''


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_run_bench_results_failures_and_time_limit(folder, tmp_path, monkeypatch):
    script = tmp_path / "bench_fake.py"
    script.write_text(FAKE, encoding="utf-8")
    bench = bench_scale.Bench("fake", str(script), (("thing", "≤ 2 s"),), 1)

    st = bench_scale.run_bench(bench, [("", ["ok"])], 60, folder)
    assert st["status"] == "ran" and st["runs"][0]["exit"] == 1 and st["reason"] == ""
    assert (folder / "logs" / "fake.log").read_text(encoding="utf-8").splitlines()[1] == "measuring"

    st = bench_scale.run_bench(bench, [("", ["crash"])], 60, folder)     # the older fake.json is not this run's
    assert st["status"] == "failed" and st["reason"] == "exit status 1: RuntimeError: boom"
    st = bench_scale.run_bench(bench, [("", ["silent"])], 60, folder)
    assert st["reason"] == "exited 0 without writing its results"

    # one of two runs fails: the other's rows are kept, and the failed run's lines say so at its scale
    st = bench_scale.run_bench(bench, [("1k", ["ok"]), ("100k", ["crash"])], 60, folder)
    assert st["status"] == "ran" and st["reason"] == "100k run: exit status 1: RuntimeError: boom"
    monkeypatch.setitem(bench_scale.BY_NAME, "fake", bench)
    text, ok = bench_scale.report(folder, ["fake"], {"fake": st})
    assert not ok
    assert [r[:3] + r[6:7] for r in table(text)] == [["thing", "1k", "1 s", "met"],
                                                     ["thing", "100k", "failed: exit status 1: RuntimeError: boom",
                                                      "**failed**"]]

    pid_file = tmp_path / "child.pid"
    t = time.time()
    st = bench_scale.run_bench(bench, [("a", ["sleep", str(pid_file)]), ("b", ["ok"])], 3, folder)
    assert time.time() - t < 60
    assert st["status"] == "failed"
    assert st["reason"] == "a run: stopped at its time limit (3 s); b run: not run: the runs before it used up the " \
                           "time limit"
    child = int(pid_file.read_text())
    for _ in range(50):                          # the bench's own child process was stopped with it
        if not _alive(child):
            break
        time.sleep(0.1)
    assert not _alive(child)
