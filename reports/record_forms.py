"""The 核查记录表 of many patches as PDFs: data read in batches, one compiled template, one PDF per patch or many
forms per PDF, and optionally a second process on the second core.

A form costs its data and template (≈0.5 ms), Qt parsing and laying it out (≈2.7 ms), keeping headings with
what follows (≈0.8 ms) and drawing it (≈2.5 ms), its photos (reports/record_photos.py: a JPEG of at most 512 KB
goes into the PDF as it is, ≈0.1 ms; a camera's original is decoded at the printed size and encoded once, ≈9 ms
for 3 megapixels; either in a thread, the next forms' while this one is drawn), and — per file — Qt embedding the
subset of the CJK font the file used (≈16 ms): a county's forms are therefore written as books, many forms to a
file with a bookmark per 监测编号 (``write_record_books``; reports/record_pdf.py), and a patch's own form as its
own file (``write_record_forms``). Two processes halve the wall time on two cores: each takes the next files to
write from a shared counter, so both stay busy to the end.
The second process is started with ``multiprocessing`` (spawn) and needs a Python interpreter as
``sys.executable``: inside QGIS desktop that is the QGIS binary, so there the forms are written in this process
only (``workers`` falls back to 1; the photo thread still uses the second core); the Processing algorithm run by
qgis_process or the command line may use two.
"""
from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Optional

from ..store.workspace import Workspace
from .record_pdf import form_pdf
from .record_photos import prepare_photos
from .render import PathLike, RecordRenderer

POLL_EVERY = 8    # forms between looks at the other process's progress
MIN_SPLIT = 16    # fewer forms than this are not worth starting a process (≈1 s)
SLICE_FORMS = 64  # per-patch files are claimed this many at a time (their data read in one batch)
PHOTOS_AHEAD = 2  # forms whose photos are being prepared ahead of the one being drawn

# A file to write: its stem and its forms as (patch fid, bookmark title; "" for a file of one patch's form).
Book = tuple[str, Sequence[tuple[int, str]]]


class _Cancelled(Exception):
    """Raised inside a file being written so that it is discarded, not left half-written."""


def can_use_processes() -> bool:
    """Whether a second process can be spawned: ``sys.executable`` is a Python interpreter (not QGIS)."""
    return Path(sys.executable or "").name.lower().startswith("python")


def write_record_forms(ws: Workspace, jobs: Sequence[tuple[int, str]], folder: PathLike,
                       user_templates: Optional[PathLike] = None,
                       progress: Optional[Callable[[float], None]] = None,
                       is_cancelled: Optional[Callable[[], bool]] = None, workers: int = 1,
                       stats: Optional[dict] = None) -> list[Path]:
    """Write ``folder``/<stem>.pdf, one form, for each (fid, stem) of ``jobs``; returns the files written, in the
    order of ``jobs``. See ``write_record_books`` for the other arguments."""
    books = [(str(stem), [(int(fid), "")]) for fid, stem in jobs]
    return write_record_books(ws, books, folder, user_templates, progress, is_cancelled, workers, stats)


def write_record_books(ws: Workspace, books: Sequence[Book], folder: PathLike,
                       user_templates: Optional[PathLike] = None,
                       progress: Optional[Callable[[float], None]] = None,
                       is_cancelled: Optional[Callable[[], bool]] = None, workers: int = 1,
                       stats: Optional[dict] = None) -> list[Path]:
    """Write ``folder``/<stem>.pdf for each (stem, forms) of ``books``: the forms one after another, each with its
    own page numbers, bookmarked by their titles; returns the files written, in the order of ``books``.
    ``progress`` receives the share of forms written; when ``is_cancelled`` turns true the files being written
    are discarded and the finished ones returned. ``workers``: 2 writes the files in two processes (each its own
    Qt application and workspace connection) where that is possible (``can_use_processes``); cancelling stops
    both. ``stats`` (for bench/bench_records.py) receives the other process's forms, CPU seconds and start."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    books = [(str(stem), [(int(f), str(t)) for f, t in forms]) for stem, forms in books]
    slices = _slices(books)
    total = sum(len(forms) for _, forms in books) or 1
    location = getattr(ws, "location", None)
    renderer = RecordRenderer(user_templates)
    paths: dict[int, Path] = {}   # book index → file
    state = {"mine": 0, "other": 0, "cancelled": False}

    def cancelled() -> bool:
        if is_cancelled and is_cancelled():
            state["cancelled"] = True
        return state["cancelled"]

    if workers < 2 or total < MIN_SPLIT or len(slices) < 2 or not can_use_processes() or not location \
            or str(location).startswith(("pg:", "postgres")):   # a PostgreSQL password stays in this process
        def one_form():
            state["mine"] += 1
            if progress:
                progress(state["mine"] / total)

        for indices in slices:
            if not _write_slice(ws, books, indices, folder, renderer, one_form, paths.__setitem__, cancelled):
                break
        return [paths[i] for i in range(len(books)) if i in paths]
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue, stop, shared = ctx.Queue(), ctx.Event(), ctx.Value("i", 0)
    child = ctx.Process(target=_worker, args=(str(location), books, slices, str(folder),
                                              str(user_templates) if user_templates else None, queue, stop, shared),
                        daemon=True)
    child.start()

    def drain():
        while True:
            try:
                kind, value = queue.get_nowait()
            except Exception:   # queue.Empty: nothing new
                return
            if kind == "forms":
                state["other"] += value
            elif kind == "file":
                paths[int(value[0])] = Path(value[1])
            elif kind == "stats" and stats is not None:
                stats.update(value)

    def mine_done():
        state["mine"] += 1
        if state["mine"] % POLL_EVERY == 0:
            drain()
            if progress:
                progress(min(1.0, (state["mine"] + state["other"]) / total))

    def stopping() -> bool:
        if cancelled():
            stop.set()   # the other process ends within its current form
        return state["cancelled"]

    try:
        while (k := _claim(shared, len(slices))) is not None:
            if not _write_slice(ws, books, slices[k], folder, renderer, mine_done, paths.__setitem__, stopping):
                break
        while child.is_alive():
            drain()
            if progress:
                progress(min(1.0, (state["mine"] + state["other"]) / total))
            stopping()
            child.join(0.05)
        drain()
        if progress:
            progress(min(1.0, (state["mine"] + state["other"]) / total))
    finally:
        stop.set()
        child.join(30)
        if child.is_alive():
            child.terminate()
    # what the other process did not write (it failed to start or stopped on an error; a script without a
    # ``__main__`` guard cannot be spawned) is written here, where an error is raised as in one process
    if not state["cancelled"]:
        for indices in slices:
            rest = [i for i in indices if i not in paths]
            if rest and not _write_slice(ws, books, rest, folder, renderer, mine_done, paths.__setitem__, stopping):
                break
    return [paths[i] for i in range(len(books)) if i in paths]


def _slices(books: list) -> list[list[int]]:
    """The books in claimable pieces: a book of many forms alone, books of one form ``SLICE_FORMS`` together."""
    out: list[list[int]] = []
    run: list[int] = []
    for i, (_, forms) in enumerate(books):
        if len(forms) > 1:
            if run:
                out.append(run)
                run = []
            out.append([i])
            continue
        run.append(i)
        if len(run) >= SLICE_FORMS:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def _claim(shared, n: int) -> Optional[int]:
    """The next slice nobody has taken (the two processes share the counter), None when all are taken."""
    with shared.get_lock():
        k = shared.value
        if k >= n:
            return None
        shared.value = k + 1
    return k


def _write_slice(ws: Workspace, books: list, indices: list[int], folder: Path, renderer: RecordRenderer,
                 form_done: Callable[[], None], file_done: Callable[[int, Path], None],
                 is_cancelled: Callable[[], bool]) -> bool:
    """Write the books ``indices`` (their data read in one go); False when cancelled (the file being written is
    discarded)."""
    pages = dict(renderer.many(ws, [fid for i in indices for fid, _ in books[i][1]]))   # a few MB at most
    order = [fid for i in indices for fid, _ in books[i][1] if fid in pages]   # a patch gone has no form
    # the photos of the next forms are prepared in a thread while this one is laid out and drawn: on a second
    # core where one is free (QGIS desktop writes in one process), else interleaved at no extra cost
    with ThreadPoolExecutor(1, thread_name_prefix="wpzf-photos") as pool:
        ahead: dict[int, Future] = {}
        k = 0
        try:
            for i in indices:
                stem, forms = books[i]
                path = folder / f"{stem}.pdf"
                try:
                    with form_pdf(path) as book:   # bookmarks where the forms have titles (books)
                        for fid, title in forms:
                            if fid not in pages:
                                continue
                            if is_cancelled():
                                raise _Cancelled
                            for j in range(k, min(k + 1 + PHOTOS_AHEAD, len(order))):
                                if j not in ahead:
                                    ahead[j] = pool.submit(prepare_photos, pages[order[j]])
                            book.add(pages[fid], title, ahead.pop(k).result())
                            k += 1
                            form_done()
                except _Cancelled:
                    return False
                if book.pages:
                    file_done(i, path)
                elif path.exists():
                    path.unlink()
        finally:
            for job in ahead.values():
                job.cancel()
    return True


def _worker(location: str, books, slices, folder: str, user_templates: Optional[str], queue, stop, shared) -> None:
    """The second process: its own offscreen Qt application and workspace connection; reports forms and files."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.PyQt.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication([])   # noqa: F841 — PDF writing needs it alive
        from ..store import open_workspace

        ws = open_workspace(location)
        try:
            renderer = RecordRenderer(user_templates)
            started, n = time.process_time(), [0]

            def form_done():
                n[0] += 1
                if n[0] % POLL_EVERY == 0:
                    queue.put(("forms", POLL_EVERY))

            def file_done(i, path):
                queue.put(("file", (i, str(path))))

            while not stop.is_set() and (k := _claim(shared, len(slices))) is not None:
                if not _write_slice(ws, books, slices[k], Path(folder), renderer, form_done, file_done,
                                    stop.is_set):
                    break
            queue.put(("forms", n[0] % POLL_EVERY))
            queue.put(("stats", {"other_forms": n[0], "other_cpu_s": time.process_time() - started,
                                 "other_start_cpu_s": started}))
        finally:
            ws.close()
    except Exception:   # the parent writes what is left, and raises there if the error recurs
        queue.put(("error", traceback.format_exc(limit=5)))
