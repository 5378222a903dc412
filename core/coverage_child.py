"""The pre-fill's coverages in a helper process, one layer after another, while the caller derives and stores
the suggestions of the layer before (that part is Python and holds the GIL; a coverage computed on a thread
beside it was measured no faster: 19.4 s for all ten kinds at 100k patches either way, each half slowed by the
other). The helper speaks :class:`.overlay_child.Helper`'s protocol: the job is empty, the first item gives the
units once (ids, WKB, boxes; the helper measures their areas), every further item is one layer's features (WKB, ids) and is answered
with its :class:`.reference_overlay.Coverage` (computed by the same function from the same inputs as in the
caller's process, ``feature_m2`` left out: the caller asks for ``fshare`` up front where the kind needs it).
"""
from __future__ import annotations

import sys
import time
from typing import Optional

import numpy as np

from .overlay_child import Helper, _peak_mb, _receive, _send, child_failed


class CoverageHelper:
    """The caller's side: ``units(...)`` once, then ``layer(features, feature_share)`` per layer (read ahead as
    the caller likes), ``result(check_cancel)`` for each layer in the order given — a Coverage, or None when the
    helper failed (the caller then computes that layer and the later ones itself)."""

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
        helper = Helper._launch("core.coverage_child")
        return None if helper is None else cls(helper)

    def _fail(self, why: str) -> None:
        """No more of this helper: the caller computes every layer not answered yet (the helper stops now, not
        after the layers it was given)."""
        self._failed, self.error = True, why
        self._items.put(None)
        self.helper.stop()

    def units(self, ids, geoms, bounds: np.ndarray) -> None:
        """The units (ids, lon/lat geometries, their envelopes); the helper measures their areas itself."""
        import shapely

        try:
            self._items.put(("units", [str(i) for i in ids], shapely.to_wkb(geoms), np.asarray(bounds, float)))
        except Exception as e:      # noqa: BLE001  (the caller computes every layer)
            self._fail(f"{e.__class__.__name__}: {e}")

    def layer(self, batch, feature_share: bool) -> None:
        """Hand the helper the next layer's features (nothing once it failed)."""
        import shapely

        if self._failed:
            return
        try:
            fid = np.arange(len(batch)) if batch.fid is None else np.asarray(batch.fid)
            self._items.put(("layer", shapely.to_wkb(batch.geoms), fid, bool(feature_share)))
        except Exception as e:      # noqa: BLE001  (this layer and the later ones: computed by the caller)
            self._fail(f"{e.__class__.__name__}: {e}")

    def result(self, check_cancel):
        """The next layer's coverage (None once the helper has failed)."""
        import queue

        from .overlay_child import _poll

        while not self._failed:
            msg = _poll(self.helper.messages.get, queue.Empty, check_cancel)
            if msg[0] != "chunk":
                self._fail(str(msg[-1]))
                break
            if msg[1] == "units":
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
    import shapely

    from .gpkg_near import NearBoxes
    from .parcel_source import ParcelBatch
    from .reference_overlay import coverage, measure_units

    out = sys.stdout.buffer
    sys.stdout = sys.stderr       # anything printed goes there, never into the answers
    try:
        _receive(sys.stdin.buffer)         # the job: nothing in it
        units = None
        k = 0
        while True:
            item = _receive(sys.stdin.buffer)
            if item is None:
                break
            if item[0] == "units":
                _, ids, wkb, bounds = item
                geoms = shapely.from_wkb(wkb)
                units = (np.array(ids, dtype=object), geoms, measure_units(geoms), NearBoxes(bounds))
                _send(out, ("chunk", "units", None))
                continue
            _, wkb, fid, share = item
            try:
                ids, geoms, areas, boxes = units
                cov = coverage(ids, geoms, ParcelBatch(shapely.from_wkb(wkb), fid=fid), feature_share=share,
                               unit_areas=areas, unit_boxes=boxes)
                cov.feature_m2 = None           # a method of this process's feature source: not for the caller
                _send(out, ("chunk", k, cov))
            except Exception as e:      # noqa: BLE001  (reported; the caller computes the layer itself)
                _send(out, ("chunk", k, f"{e.__class__.__name__}: {e}"))
            k += 1
        _send(out, ("done", {"peak_mb": _peak_mb()}))
    except BaseException as e:   # reported to the caller, which computes the rest itself
        child_failed(out, e)
