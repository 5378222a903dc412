"""Where the overlay's chunks are read and computed, apart from the calling thread: in this process a reader
thread feeding a thread pool (:class:`_Reader`), or a helper process that reads and computes chunks on the
second core while the caller's process writes the results of the chunks already done (:class:`Helper`).

Threads cannot overlap those writes with the work: the writes are Python (audit records, JSON, hashing) and
hold the GIL, and every SQLite step a thread releases it for must win it back from the others — measured at
province scale, writing while two threads compute made the whole run slower (10.5 s CPU instead of 9.3 s). A
second process has its own GIL. It is started with a plain Python (as ``store/audit_check.py`` does: inside
QGIS desktop ``sys.executable`` is QGIS), gets picklable, QGIS-free copies of the sources (``portable()``,
e.g. :class:`.parcel_source.GeoPackageReader`) and then each chunk's patches (boxes, WKB) on stdin, and answers
each chunk's ``_ChunkOut`` in the order they came on stdout. It reads the next chunk while a second thread
computes this one. The chunks are shared out from both ends (:class:`ChunkClaims`): the helper takes them
from the front, the caller, whenever it has no result of the helper's to write, reads and computes one from
the back — at province scale its writes took half the helper's time, and it waited for the rest. The caller
then has for every chunk exactly what its own threads would have computed (same inputs, same code). If the
helper cannot start or fails, the caller computes the chunks it has not got itself.

Messages are length-prefixed pickles between a process and the helper it started (never from elsewhere).
"""
from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

from .child_process import start_child

CHILD_MIN_PATCHES = 20_000   # below this the helper's start (≈0.4 s of imports) costs more than it saves
HELPER_AHEAD = 2             # chunks given to the helper and not yet answered: one computing, one being read
_LEN = struct.Struct("<Q")


def read_chunk(src, prot: dict, boxes):
    """A chunk's parcels and protection polygons near its patches' ``boxes``: (parcels, {name: polygons},
    seconds spent) — as the reader thread, the helper and the caller beside it all read them."""
    t = time.perf_counter()
    parcels = src.parcels_in(boxes)
    pro = {name: s.parcels_in(boxes) for name, s in prot.items()}
    return parcels, pro, time.perf_counter() - t


class _Reader(threading.Thread):
    """Reads the chunks' parcels in order and hands each chunk to the pool: at most ``ahead`` chunks read or
    computing and not yet taken by the calling thread (bounded memory). The sources are only ever called
    from this thread, one chunk at a time."""

    def __init__(self, chunks, b, src, prot, pool, run, ahead: int):
        super().__init__(name="overlay-reader", daemon=True)
        self.chunks, self.b, self.src, self.prot, self.pool, self.run_chunk = chunks, b, src, prot, pool, run
        self.slots = threading.Semaphore(ahead)
        self.out: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.read_s = 0.0

    def run(self):
        try:
            for pidx in self.chunks:
                while not self.slots.acquire(timeout=0.05):
                    if self.stop.is_set():
                        return
                if self.stop.is_set():
                    return
                boxes = self.b[pidx]
                parcels, pro, took = read_chunk(self.src, self.prot, boxes)
                self.read_s += took
                self.out.put((pidx, self.pool.submit(self.run_chunk, pidx, boxes, parcels, pro)))
        except BaseException as e:      # handed to the calling thread, raised there
            self.out.put((None, e))


class ChunkClaims:
    """Chunks 0 … n−1 shared out from both ends: the helper's feed takes them from the front, the caller
    from the back, each exactly once. ``close()``: none are given out any more."""

    def __init__(self, n: int):
        self._lock = threading.Lock()
        self._head, self._tail = 0, n

    def front(self) -> Optional[int]:
        with self._lock:
            if self._head >= self._tail:
                return None
            self._head += 1
            return self._head - 1

    def back(self) -> Optional[int]:
        with self._lock:
            if self._head >= self._tail:
                return None
            self._tail -= 1
            return self._tail

    def close(self) -> None:
        with self._lock:
            self._tail = self._head


def _poll(get, empty, check_cancel):
    """``get(timeout=…)`` until it answers, checking for cancellation meanwhile."""
    while True:
        try:
            return get(timeout=0.1)
        except empty:
            check_cancel()


def _portable(src, prot: dict):
    """(source, {name: source}) as picklable, QGIS-free copies, or None when one of them has none."""
    def one(s):
        f = getattr(s, "portable", None)
        return f() if callable(f) else None

    main = one(src)
    others = {name: one(s) for name, s in prot.items()}
    if main is None or any(v is None for v in others.values()):
        return None
    return main, others


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LEN.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream):
    head = stream.read(_LEN.size)
    if len(head) < _LEN.size:
        raise EOFError("the overlay helper ended")
    n = _LEN.unpack(head)[0]
    data = stream.read(n)
    if len(data) < n:
        raise EOFError("the overlay helper ended")
    return pickle.loads(data)


class Helper:
    """The helper process from the caller's side: ``next()`` gives ("chunk", k, out) in chunk order, then
    ("done", info); ("error", text) if it failed. A thread drains the pipe so the helper never waits for
    the caller's writes."""

    def __init__(self, proc: subprocess.Popen, ahead: int = HELPER_AHEAD):
        self.proc = proc
        self.messages: queue.Queue = queue.Queue()
        self._drain = threading.Thread(target=self._read, name="overlay-helper-pipe", daemon=True)
        self._slots = threading.Semaphore(ahead)

    @classmethod
    def start(cls) -> Optional[Helper]:
        """A helper: the one :func:`prestart` started if it still runs, else a new one (None if none can)."""
        global _spare
        spare, _spare = _spare, None
        if spare is not None and spare.proc.poll() is None:
            return spare
        return cls._launch()

    @classmethod
    def _launch(cls, module: str = "core.overlay_child", ahead: int = HELPER_AHEAD) -> Optional[Helper]:
        """A new helper running ``module``'s ``child_main`` (speaking this protocol), None if none can start;
        ``ahead``: items it may hold unanswered (each item is answered)."""
        if (os.cpu_count() or 1) < 2:
            return None
        proc = start_child(module)
        return None if proc is None else cls(proc, ahead)

    def submit(self, job: dict, chunks) -> bool:
        """Send the job (sources and settings) now, and the chunks — (patch indices, their boxes, their
        WKB) each — from a thread as the helper takes them: neither process holds all the patches twice. A
        chunk is only taken from ``chunks`` (an iterator, e.g. over :class:`ChunkClaims`) when the helper
        has fewer than ``ahead`` (``HELPER_AHEAD`` unless launched otherwise) unanswered, so the caller can
        still claim the others. After the last, an end mark."""
        try:
            _send(self.proc.stdin, job)
        except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):
            self.stop()
            return False
        self._feed = threading.Thread(target=self._write, args=(chunks,), name="overlay-helper-feed", daemon=True)
        self._feed.start()
        self._drain.start()
        return True

    def _write(self, chunks):
        try:
            chunks = iter(chunks)
            while True:
                while not self._slots.acquire(timeout=0.1):
                    if self.proc.poll() is not None:
                        return
                item = next(chunks, None)
                if item is None:
                    break
                _send(self.proc.stdin, item)
            _send(self.proc.stdin, None)
            self.proc.stdin.close()
        except (OSError, ValueError):   # the helper ended: the drain thread reports it
            pass
        except BaseException:   # noqa: BLE001  (a chunk that would not encode or pickle, memory): end the helper,
            self.proc.kill()    # so the drain thread reports it and the caller computes what is left itself

    def _read(self):
        try:
            while True:
                msg = _receive(self.proc.stdout)
                self.messages.put(msg)
                if msg[0] != "chunk":
                    return
                self._slots.release()
        except Exception as e:   # EOF, a broken pipe, an answer that does not unpickle
            self.messages.put(("error", f"{e.__class__.__name__}: {e}"))

    def stop(self) -> None:
        if self.proc.poll() is None:    # (the feed thread then stops at its next write)
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for s in (self.proc.stdin, self.proc.stdout):
            try:
                s.close()
            except (OSError, ValueError):
                pass


_spare: Optional[Helper] = None


def prestart() -> None:
    """Start a helper now, for the next overlay to take (its ≈0.4 s of imports then pass while the caller
    reads its patches). Pair with :func:`discard_spare`."""
    global _spare
    if _spare is None:
        _spare = Helper._launch()


def discard_spare() -> None:
    """End the prestarted helper if no overlay took it."""
    global _spare
    spare, _spare = _spare, None
    if spare is not None:
        spare.stop()


def _peak_mb() -> Optional[float]:
    """This process's peak resident memory. Linux: VmHWM — not getrusage, whose maxrss a process started
    with vfork + exec inherits from its parent's."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return None


def child_failed(out, e: BaseException) -> None:
    """A helper's end after an error: the error told to the caller (which computes the rest itself), exit 1."""
    try:
        _send(out, ("error", f"{e.__class__.__name__}: {e}"))
    except OSError:
        pass
    sys.exit(1)


def child_main() -> None:
    """The helper: one job from stdin, then chunks until an end mark (None); each chunk's result to stdout as
    soon as it is computed, in the order the chunks came."""
    import numpy as np
    import shapely

    from .overlay_chunk import _Chunk, _run_chunk

    out = sys.stdout.buffer
    sys.stdout = sys.stderr       # anything printed goes there, never into the answers
    try:
        job = _receive(sys.stdin.buffer)
        src, prot = job["source"], job["protections"]
        read_s = 0.0

        def compute(pidx, boxes, wkb, parcels, pro):
            centre = ((boxes[:, 0].min() + boxes[:, 2].max()) / 2, (boxes[:, 1].min() + boxes[:, 3].max()) / 2)
            return _run_chunk(_Chunk(np.asarray(pidx), shapely.from_wkb(wkb), centre, parcels, pro,
                                     job["union_cover"]), job["method"], False)

        # this thread reads chunk k + 1 (SQLite lets go of the GIL) while a second one computes chunk k
        sent = 0
        in_flight: list = []
        with ThreadPoolExecutor(max_workers=1) as pool:
            while True:
                item = _receive(sys.stdin.buffer)
                if item is None:
                    break
                pidx, boxes, wkb = item
                parcels, pro, took = read_chunk(src, prot, boxes)
                read_s += took
                in_flight.append(pool.submit(compute, pidx, boxes, wkb, parcels, pro))
                while len(in_flight) > 1:
                    _send(out, ("chunk", sent, in_flight.pop(0).result()))
                    sent += 1
            for fut in in_flight:
                _send(out, ("chunk", sent, fut.result()))
                sent += 1
        _send(out, ("done", {"read_s": read_s, "rows_read": getattr(src, "rows_read", 0), "peak_mb": _peak_mb()}))
    except BaseException as e:   # reported to the caller, which computes the rest itself
        child_failed(out, e)
