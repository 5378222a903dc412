"""The pre-fill's coverages (and suggestions) in a helper process, one layer after another, while the caller
stores the layers before (that part is Python and holds the GIL; a coverage computed on a thread beside it was
measured no faster: 19.4 s for all ten kinds at 100k patches either way, each half slowed by the other). The
helper speaks :class:`.overlay_child.Helper`'s protocol: the job is empty, the first item gives the
units once (ids, WKB, boxes; the helper measures their areas), every further item is one layer's features (WKB, ids) and is answered
with its :class:`.reference_overlay.Coverage` (computed by the same function from the same inputs as in the
caller's process, ``feature_m2`` left out: the caller asks for ``fshare`` up front where the kind needs it).

A layer handed with what its suggestions need (kind, layer, attributes) is answered with its coverage without
slivers and its suggestions, already as the rows the store keeps (core/suggestion_rows.py): deriving and
encoding them is most of the pre-fill's Python, and here it runs beside the caller's storing. They need the
units' records, dates and parts, given once (``context``) after the units, when the caller has read them; a
layer computed before they arrive waits for them. The suggestions' rows are text compared with the rows stored
before: when this process would write that JSON otherwise than the caller (core/jsontext.py's accelerator in one
interpreter and not the other), it answers with the coverage alone and the caller derives them.
"""
from __future__ import annotations

import sys
import time
from typing import Optional

import numpy as np

from .jsontext import ACCELERATED
from .overlay_child import Helper, _peak_mb, _receive, _send, child_failed

_ACKS = ("units", "context")      # the answers to items that are not layers


class CoverageHelper:
    """The caller's side: ``units(...)`` once, ``context(...)`` once before the first ``result`` of a layer handed
    with ``derive``, ``layer(features, feature_share, derive)`` per layer (read ahead as the caller likes),
    ``result(check_cancel)`` for each layer in the order given — a Coverage, (Coverage, rows or None) for a layer
    handed with ``derive``, or None when the helper failed (the caller then computes that layer and the later
    ones itself)."""

    def __init__(self, helper: Helper):
        import queue

        self.helper = helper
        self._items: queue.Queue = queue.Queue()
        self._failed = not helper.submit({}, iter(self._items.get, None))
        self.error = "could not be given the job" if self._failed else ""

    @property
    def failed(self) -> bool:
        return self._failed

    @classmethod
    def start(cls) -> Optional[CoverageHelper]:
        # no bound on the items unanswered: the caller bounds what it hands ahead itself (its read-ahead), and a
        # layer held for the context must not keep the context from being sent
        helper = Helper._launch("core.coverage_child", ahead=1 << 30)
        return None if helper is None else cls(helper)

    def _fail(self, why: str) -> None:
        """No more of this helper: the caller computes every layer not answered yet (the helper stops now, not
        after the layers it was given)."""
        import queue

        self._failed, self.error = True, why
        try:
            while True:     # the layers not sent yet: not held any longer
                self._items.get_nowait()
        except queue.Empty:
            pass
        self._items.put(None)
        self.helper.stop()

    def units(self, ids, geoms, bounds: np.ndarray) -> None:
        """The units (ids, lon/lat geometries, their envelopes); the helper measures their areas itself."""
        import shapely

        try:
            self._items.put(("units", [str(i) for i in ids], shapely.to_wkb(geoms), np.asarray(bounds, float)))
        except Exception as e:      # noqa: BLE001  (the caller computes every layer)
            self._fail(f"{e.__class__.__name__}: {e}")

    def context(self, records: dict, dates: dict, parts) -> None:
        """What the suggestions read of the units, by unit id: their records (trimmed to
        core.suggestions.record_codes), reference dates and which are parts."""
        if self._failed:
            return
        try:
            self._items.put(("context", records, dates, frozenset(parts), ACCELERATED))
        except Exception as e:      # noqa: BLE001  (the caller computes every layer)
            self._fail(f"{e.__class__.__name__}: {e}")

    def layer(self, batch, feature_share: bool, derive: Optional[dict] = None) -> None:
        """Hand the helper the next layer's features (nothing once it failed). ``derive``: the suggestions'
        arguments besides the coverage and the context (kind, layer_id, layer_name, attrs_by_fid, complete) —
        the answer is then (coverage without slivers, {unit: [row tuple]})."""
        import shapely

        if self._failed:
            return
        try:
            fid = np.arange(len(batch)) if batch.fid is None else np.asarray(batch.fid)
            self._items.put(("layer", shapely.to_wkb(batch.geoms), fid, bool(feature_share), derive))
        except Exception as e:      # noqa: BLE001  (this layer and the later ones: computed by the caller)
            self._fail(f"{e.__class__.__name__}: {e}")

    def result(self, check_cancel):
        """The next layer's coverage, or (coverage, suggestions) for a layer handed with ``derive`` (None once
        the helper has failed)."""
        import queue

        from .overlay_child import _poll

        while not self._failed:
            msg = _poll(self.helper.messages.get, queue.Empty, check_cancel)
            if msg[0] != "chunk":
                self._fail(str(msg[-1]))
                break
            if msg[1] in _ACKS:
                continue
            if isinstance(msg[2], str):        # this layer failed in the helper: the caller computes it
                self._fail(msg[2])
                break
            return msg[2]
        return None

    def close(self, wait: bool = False) -> Optional[float]:
        """End the helper. ``wait``: every layer's answer has been taken — let it finish and say its peak memory
        (MB; None when it does not say within a few seconds)."""
        import queue

        self._items.put(None)
        peak = None
        deadline = time.monotonic() + 5.0
        while wait and not self._failed and time.monotonic() < deadline:
            try:
                msg = self.helper.messages.get(timeout=0.1)
            except queue.Empty:
                if self.helper.proc.poll() is not None:
                    break
                continue
            if msg[0] != "chunk":
                peak = msg[1].get("peak_mb") if msg[0] == "done" else None
                break
        self.helper.stop()
        return peak


def child_main() -> None:
    from collections import deque

    out = sys.stdout.buffer
    sys.stdout = sys.stderr       # anything printed goes there, never into the answers
    try:
        _receive(sys.stdin.buffer)         # the job: nothing in it
        state: dict = {"units": None, "context": None}
        waiting: deque = deque()           # answers held until the context comes (kept in order)
        k = 0
        while True:
            item = _receive(sys.stdin.buffer)
            if item is None:
                break
            if item[0] == "units":
                _units(state, item)
                _send(out, ("chunk", "units", None))
                continue
            if item[0] == "context":
                state["context"] = item[1:]
                _send(out, ("chunk", "context", None))     # (every item is answered: the feed counts them)
            else:
                waiting.append((k, _layer(state, item)))
                k += 1
            while waiting and (state["context"] is not None or not callable(waiting[0][1])):
                i, answer = waiting.popleft()
                _send(out, ("chunk", i, answer(state["context"]) if callable(answer) else answer))
        _send(out, ("done", {"peak_mb": _peak_mb()}))
    except BaseException as e:   # reported to the caller, which computes the rest itself
        child_failed(out, e)


def _units(state: dict, item) -> None:
    import shapely

    from .gpkg_near import NearBoxes
    from .reference_overlay import measure_units

    _, ids, wkb, bounds = item
    geoms = shapely.from_wkb(wkb)
    state["units"] = (np.array(ids, dtype=object), geoms, measure_units(geoms), NearBoxes(bounds))


def _layer(state: dict, item):
    """A layer's answer: its coverage, an error text, or (with ``derive``) a function of the context giving
    (coverage without slivers, suggestions) or an error text."""
    import shapely

    from .parcel_source import ParcelBatch
    from .reference_overlay import coverage, without_slivers

    _, wkb, fid, share, derive = item
    try:
        ids, geoms, areas, boxes = state["units"]
        cov = coverage(ids, geoms, ParcelBatch(shapely.from_wkb(wkb), fid=fid), feature_share=share,
                       unit_areas=areas, unit_boxes=boxes)
        cov.feature_m2 = None           # a method of this process's feature source: not for the caller
    except Exception as e:      # noqa: BLE001  (reported; the caller computes the layer itself)
        return f"{e.__class__.__name__}: {e}"
    if derive is None:
        return cov

    def answer(context):
        from .suggestion_rows import encode_many
        from .suggestions import suggest_many

        try:
            records, dates, parts, accelerated = context
            c = without_slivers(cov)
            if accelerated != ACCELERATED:     # its JSON would not be the caller's: the caller derives them
                return c, None
            by_unit = suggest_many(derive["kind"], derive["layer_id"], derive["layer_name"], c, derive["attrs"],
                                   records=records, dates=dates, complete=derive["complete"], parts=parts,
                                   skip_confirmed=False)
            return c, encode_many(by_unit)
        except Exception as e:      # noqa: BLE001  (reported; the caller computes the layer itself)
            return f"{e.__class__.__name__}: {e}"
    return answer
