"""The 核查记录表 of many patches as PDFs: data read in batches, one compiled template, and optionally a
second process on the second core.

A form costs a template render (≈1 ms) and a PDF write (Qt lays the page out, draws it and embeds the
subset of the CJK font it used — most of the time, and per file by nature: every PDF carries its own
font subset). Two processes halve the wall time on two cores. The second process is started with
``multiprocessing`` (spawn) and needs a Python interpreter as ``sys.executable``: inside QGIS desktop that
is the QGIS binary, so there the forms are written in this process only (``workers`` falls back to 1);
the Processing algorithm run by qgis_process or the command line may use two.
"""
from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Optional

from ..store.workspace import Workspace
from .render import PathLike, RecordRenderer, html_to_pdf

POLL_EVERY = 8   # forms between looks at the other process's progress
MIN_SPLIT = 16   # fewer forms than this are not worth starting a process (≈1 s)


def can_use_processes() -> bool:
    """Whether a second process can be spawned: ``sys.executable`` is a Python interpreter (not QGIS)."""
    return Path(sys.executable or "").name.lower().startswith("python")


def write_record_forms(ws: Workspace, jobs: Sequence[tuple[int, str]], folder: PathLike,
                       user_templates: Optional[PathLike] = None,
                       progress: Optional[Callable[[float], None]] = None,
                       is_cancelled: Optional[Callable[[], bool]] = None, workers: int = 1,
                       stats: Optional[dict] = None) -> list[Path]:
    """Write ``folder``/<stem>.pdf for each (fid, stem) of ``jobs``; returns the files written, in the order
    of ``jobs``. ``workers``: 2 renders every other form in a second process (its own Qt application and
    workspace connection) where that is possible (``can_use_processes``); cancelling stops both.
    ``stats`` (for bench/bench_records.py) receives the other process's forms, CPU seconds and start seconds."""
    folder = Path(folder)
    jobs = [(int(f), str(s)) for f, s in jobs]
    total = len(jobs)
    location = getattr(ws, "location", None)
    if workers < 2 or total < MIN_SPLIT or not can_use_processes() or not location \
            or str(location).startswith(("pg:", "postgres")):   # a PostgreSQL password stays in this process
        done = _write(ws, jobs, folder, RecordRenderer(user_templates), progress and (lambda k: progress(k / total)),
                      is_cancelled)
        return [p for _, p in done]
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue, stop = ctx.Queue(), ctx.Event()
    mine, theirs = jobs[0::2], jobs[1::2]
    child = ctx.Process(target=_worker, args=(str(location), theirs, str(folder),
                                              str(user_templates) if user_templates else None, queue, stop),
                        daemon=True)
    child.start()
    state = {"other": 0, "cancelled": False}
    paths: dict[int, Path] = {}

    def drain():
        while True:
            try:
                kind, value = queue.get_nowait()
            except Exception:   # queue.Empty: nothing new
                return
            if kind == "done":
                state["other"] += 1
                paths[int(value[0])] = Path(value[1])
            elif kind == "stats" and stats is not None:
                stats.update(value)

    def mine_done(k: int):
        if k % POLL_EVERY == 0 or k == len(mine):
            drain()
            if progress:
                progress((k + state["other"]) / total)

    def cancelled() -> bool:
        if is_cancelled and is_cancelled():
            state["cancelled"] = True
            stop.set()   # the other process ends after its current form
        return state["cancelled"]

    try:
        for fid, p in _write(ws, mine, folder, RecordRenderer(user_templates), mine_done, cancelled):
            paths[fid] = p
        while child.is_alive():
            drain()
            if progress:
                progress(len(paths) / total)
            cancelled()
            child.join(0.05)
        drain()
    finally:
        stop.set()
        child.join(30)
        if child.is_alive():
            child.terminate()
    # what the other process did not write (it failed to start or stopped on an error; a script without a
    # ``__main__`` guard cannot be spawned) is written here, where an error is raised as in one process
    rest = [j for j in theirs if j[0] not in paths]
    if rest and not state["cancelled"]:
        base = len(paths)
        for fid, p in _write(ws, rest, folder, RecordRenderer(user_templates),
                             progress and (lambda k: progress((base + k) / total)), cancelled):
            paths[fid] = p
    return [paths[f] for f, _ in jobs if f in paths]


def _write(ws: Workspace, jobs, folder: Path, renderer: RecordRenderer, done: Optional[Callable[[int], None]],
           is_cancelled: Optional[Callable[[], bool]]) -> list[tuple[int, Path]]:
    stems = dict(jobs)
    out = []
    for k, (fid, html) in enumerate(renderer.many(ws, [f for f, _ in jobs])):
        if is_cancelled and is_cancelled():
            break
        out.append((fid, html_to_pdf(html, folder / f"{stems[fid]}.pdf")))
        if done:
            done(k + 1)
    return out


def _worker(location: str, jobs, folder: str, user_templates: Optional[str], queue, stop) -> None:
    """The second process: its own offscreen Qt application and workspace connection; reports each file."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.PyQt.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication([])   # noqa: F841 — PDF writing needs it alive
        from ..store import open_workspace

        ws = open_workspace(location)
        try:
            renderer = RecordRenderer(user_templates)
            stems = dict(jobs)
            started, n = time.process_time(), 0
            for fid, html in renderer.many(ws, [f for f, _ in jobs]):
                if stop.is_set():
                    break
                queue.put(("done", (fid, str(html_to_pdf(html, Path(folder) / f"{stems[fid]}.pdf")))))
                n += 1
            queue.put(("stats", {"other_forms": n, "other_cpu_s": time.process_time() - started,
                                 "other_start_cpu_s": started}))
        finally:
            ws.close()
    except Exception:   # the parent writes what is left, and raises there if the error recurs
        queue.put(("error", traceback.format_exc(limit=5)))
