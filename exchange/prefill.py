"""The pre-fill: for each registered reference layer, read the features near the units (exchange/reference_layers.py),
overlay them (core.reference_overlay.coverage), derive the suggestions (core.suggestions) and store them
(store.reference.store_layer_results), one transaction per layer.

With several layers and many units every layer is handed, as soon as it is read, to a helper process
(core/coverage_child.py) that computes its coverage and — for every layer after the first — derives its suggestions
and encodes them as the store's rows (core/suggestion_rows.py), while this process stores the layers before: on one
process's GIL the two could not overlap (measured: a coverage on a thread beside the storing made neither faster).
The first layer's suggestions are derived here, while the helper computes the others' coverages (with all of them
there, this process waited 3.5–4.7 s of 16 s for it at 100k). A single layer stays in this process: there is nothing
to overlap its coverage with but the units' records (measured at 100k: 8.7 s here, 9.1 s with a helper, which also
holds ≈ 290 MB of its own). If the helper fails, the layers it has not answered are computed here, the same way.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable, Optional

import numpy as np
import shapely

from ..core.coverage_child import CoverageHelper
from ..core.gcpause import gc_paused
from ..core.gpkg_near import NearBoxes
from ..core.overlay import CHILD_MIN_PATCHES, OverlayCancelled
from ..core.reference_overlay import coverage, measure_units, without_slivers
from ..core.suggestions import record_codes, suggest_many
from ..rules.reference_kinds import get_kind
from ..store import reference as ref
from ..store.determinations import unit_records
from ..store.overlay import _units
from ..store.reference_dates import reference_dates
from ..store.workspace import Workspace
from .errors import Cancelled
from .reference_layers import _read_registered, current_fingerprint

READ_AHEAD = 12    # layers read and handed to the helper before their turn (their features held meanwhile): so
                   # it never waits for a read while this process stores (3.2 s idle at 100k with three ahead)


def prefill(ws: Workspace, layer_ids: Optional[list[str]] = None, fids: Optional[list[int]] = None,
            progress: Optional[Callable[[float], None]] = None, is_cancelled: Optional[Callable[[], bool]] = None,
            source: Optional[str] = None) -> dict:
    """For each registered layer (``layer_ids``, default all): read the features near the units of patches
    ``fids`` (default all), overlay them (core.reference_overlay.coverage), derive the suggestions
    (core.suggestions) and store them (store.reference.store_layer_results: one transaction per layer).
    Returns {"layers", "units", "suggestions" (new ones), "kept", "stale", "by_kind" ({kind: new suggestions}),
    "features", "skipped_empty", "seconds", "cancelled", "helper"}; a cancel keeps the layers already done.
    ``helper``: "yes" when the coverages (and the suggestions of the layers after the first) were computed in a
    helper process, "no", or why it stopped;
    ``helper_peak_mb``: that process's peak memory, when it said."""
    with gc_paused():   # every unit's record and coverage alive across the layers (core/gcpause.py)
        return _prefill(ws, layer_ids, fids, progress, is_cancelled, source)


def _layers(ws: Workspace, layer_ids) -> list[dict]:
    items = ref.reference_layers(ws)
    if layer_ids is not None:
        known = {x["id"] for x in items}
        for lid in layer_ids:
            if lid not in known:
                ref.reference_layer(ws, lid)   # raises, naming it
        items = [x for x in items if x["id"] in set(layer_ids)]
    return items


def _prefill(ws, layer_ids, fids, progress, is_cancelled, source) -> dict:
    t0 = time.perf_counter()
    items = _layers(ws, layer_ids)
    out = {"layers": 0, "units": 0, "suggestions": 0, "kept": 0, "stale": 0, "by_kind": {}, "features": 0,
           "skipped_empty": 0, "seconds": 0.0, "cancelled": False, "helper": "no"}
    if fids is not None and not len(fids):
        out["seconds"] = time.perf_counter() - t0
        return out
    helper = None
    if len(items) > 1 and (len(fids) if fids is not None else ws.count("wz_patch")) >= CHILD_MIN_PATCHES:
        helper = CoverageHelper.start()      # its start-up passes while the units are read
    try:
        _run(ws, items, fids, progress, is_cancelled, source, out, helper)
    except BaseException:
        if helper is not None:
            helper.close()
        raise
    if helper is not None:
        out["helper_peak_mb"] = helper.close(wait=not out["cancelled"])
    out["seconds"] = time.perf_counter() - t0
    return out


def _run(ws, items, fids, progress, is_cancelled, source, out, helper) -> None:
    ids, geoms, keys = _units(ws, fids)
    out["units"] = len(ids)
    if not ids or not items:
        return
    key_of = dict(zip(ids, keys))
    unit_keys = ref.UnitKeys(keys)
    boxes = NearBoxes(shapely.bounds(geoms))   # (with their STRtree, shared by the layers)
    # the units' own areas, measured once for every layer (a unit no feature comes near skips the engine) — by the
    # helper where there is one, here only when a coverage is computed here
    areas: list = []

    def unit_areas():
        if not areas:
            areas.append(measure_units(geoms))
        return areas[0]

    if helper is not None:
        helper.units(ids, geoms, boxes.array)
        out["helper"] = f"failed at the start: {helper.error}" if helper.failed else "yes"
    n = len(items)

    def check_cancel():
        if is_cancelled is not None and is_cancelled():
            raise OverlayCancelled()

    def read(item):
        """(fingerprint, features, attributes, stats) of a layer, handed to the helper as soon as read; an
        error is kept and raised when the layer's turn comes (the layers before it are stored first)."""
        try:
            stats: dict = {}
            fingerprint = current_fingerprint(item)
            batch, attrs = _read_registered(item, boxes=boxes, stats=stats)
        except Exception as e:      # noqa: BLE001  (re-raised in turn)
            return e
        if helper is not None and not helper.failed:
            # the first layer's suggestions are derived here: this process has nothing else to do while its
            # coverage is computed; the later ones there, beside the storing of the ones before
            helper.layer(batch, get_kind(item["kind"]).needs_feature_share, None if item is items[0] else
                         {"kind": item["kind"], "layer_id": item["id"], "layer_name": ref.layer_display_name(item),
                          "attrs": attrs, "complete": item["complete"]})
        return fingerprint, batch, attrs, stats

    # with a helper the layers are read (and handed to it) ahead: it computes their coverages and suggestions while
    # this process stores the ones before, and a short layer's storing must not leave it waiting for the next read
    ahead: deque = deque()
    next_read = [0]

    def read_ahead(upto):
        while next_read[0] < n and len(ahead) < upto:
            if ahead and is_cancelled is not None and is_cancelled():
                break           # a cancel: no more reading ahead
            ahead.append(read(items[next_read[0]]))
            next_read[0] += 1

    read_ahead(1)           # with a helper, the first layer's coverage starts before the units' records are read
    records = {rec["unit"]: rec for rec in unit_records(ws, fids)}
    dates_by_tbid = reference_dates(ws, fids)
    dates = {uid: dates_by_tbid.get(key[0]) for uid, key in zip(ids, keys)}
    parts = {uid for uid, key in zip(ids, keys) if key[1] is not None}
    if helper is not None:     # what the suggestions read of the units (the helper derives them too)
        codes = record_codes(item["kind"] for item in items)
        helper.context({u: {c: v for c in codes if (v := rec.get(c)) is not None} for u, rec in records.items()},
                       dates, parts)
    for i, item in enumerate(items):
        if is_cancelled is not None and is_cancelled():
            out["cancelled"] = True
            break

        def step(f, i=i):
            if progress:
                progress((i + 0.9 * f) / n)

        read_ahead(1)
        got = ahead.popleft()
        if isinstance(got, Exception):
            raise got
        fingerprint, batch, attrs, stats = got
        by_helper = helper is not None and not helper.failed
        if helper is not None:
            read_ahead(READ_AHEAD)
        try:
            got = helper.result(check_cancel) if by_helper else None
            if got is None:       # in this process: no helper, or it failed (out["helper"] says why)
                if by_helper:
                    out["helper"] = f"failed at layer {i + 1} of {n}: {helper.error}"
                got = coverage(ids, geoms, batch, progress=step, is_cancelled=is_cancelled, unit_areas=unit_areas(),
                               unit_boxes=boxes)
            if isinstance(got, tuple):   # the helper's: the coverage without slivers, the suggestions as rows
                cov, by_unit = got       # (None: it would not write their JSON as this process does)
            else:
                cov, by_unit = without_slivers(got), None
            if by_unit is None:
                by_unit = suggest_many(get_kind(item["kind"]), item["id"], ref.layer_display_name(item), cov, attrs,
                                       records=records, dates=dates, complete=item["complete"], parts=parts,
                                       skip_confirmed=False)   # the store keeps an accepted row whose value is unchanged
        except (OverlayCancelled, Cancelled):
            out["cancelled"] = True
            break
        p = cov.pairs
        cover_rows = [{"TBID": key[0], "FGID": key[1], "YSID": f, "MJ": mj, "ZB": zb, "SX": attrs.get(f, {})}
                      for key, f, mj, zb in zip(map(key_of.__getitem__, map(str, p["unit_id"].tolist())),
                                                p["fid"].to_numpy(np.int64).tolist(),
                                                p["area_m2"].to_numpy(float).tolist(), p["share"].to_numpy(float).tolist())]
        suggestions = {key_of[uid]: ss for uid, ss in by_unit.items() if uid in key_of}   # (unit ids are text)
        counts = ref.store_layer_results(ws, item["id"], unit_keys, cover_rows, suggestions, fingerprint,
                                         source=source, features=stats.get("features"))
        out["layers"] += 1
        out["suggestions"] += counts["new"]
        out["kept"] += counts["kept"]
        out["stale"] += counts["stale"]
        out["by_kind"][item["kind"]] = out["by_kind"].get(item["kind"], 0) + counts["new"]
        out["features"] += stats.get("features", 0)
        out["skipped_empty"] += stats.get("skipped_empty", 0)
        if progress:
            progress((i + 1) / n)
