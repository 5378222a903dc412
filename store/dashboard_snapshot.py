"""The dashboard's aggregates kept in the workspace between sessions (GeoPackage).

The first dashboard of a session used to read every patch and every 附件5 unit (seconds at province scale).
After that full read its aggregates (store/aggregates.py: each patch's entry, each unit's columns) are
stored in ``wz_dagg`` with the mark of the workspace's touch log (store/determine_mark.py) read before
reading. The next session's first dashboard loads them and reads again only the patches the log says were
touched since — by WPZF or any other program — and of the registers what was written since (referrals,
violators; the samples' estimates are always computed again). Anything the log cannot place (the batches, wz_meta, a measure whose case is gone), a changed
plugin, a log or triggers not as made, a stored snapshot that does not read: the full read, as before.

Stored as zlib-compressed JSON (never pickle: the file is the user's, and what is loaded must not run).
Not audited (bookkeeping, like the R-tree index): its digest is kept outside the file, beside the audit
anchors, and a snapshot this computer did not write as it is (edited to show other figures, or made on
another computer) is not used. One that cannot be written (a read-only file) is simply not kept.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import Optional

import numpy as np

from ..core.dates import as_date
from . import determine_mark as log
from .errors import StoreError
from .workspace import Workspace

TABLE = "wz_dagg"
VERSION = 5
_COLUMN_TYPES = {"tbid": np.int64, "n": np.float64, "d": np.float64, "pend": bool, "code": np.int64,
                 "town": np.int64, "iy": np.int64, "im": np.int64}
# the numeric fields of a patch's entry (aggregates._patch_entry: town, due, done, illegal, filed, closed, pcid, key)
_PATCH_TYPES = {2: bool, 3: bool, 4: np.int64, 5: np.int64, 6: np.int64}


def begin(ws: Workspace) -> Optional[int]:
    """Before a full read: the log in place and its sequence now (None: no snapshot is kept here)."""
    try:
        return log.begin(ws)
    except StoreError:   # a read-only file: no snapshot, the dashboard as before
        return None


def save(ws: Workspace, agg, before: Optional[int]) -> None:
    """Keep ``agg`` (just read in full; the log was at ``before`` when the read began)."""
    if before is None or agg.units is None or agg.units_error:
        return
    units = agg.units
    try:
        data = {"version": VERSION, "code": log.code_stamp(), "labels": units.labels,
                "units": {k: (v.tolist() if k == "cname" else _pack(v)) for k, v in units.cols.items()},
                "patches": [_pack(np.fromiter(agg.patches, np.int64, len(agg.patches))),
                            *((_pack(np.asarray(c, dtype=_PATCH_TYPES[i])) if i in _PATCH_TYPES else list(c))
                              for i, c in enumerate(zip(*agg.patches.values())))] if agg.patches else [],
                # the counts kept of the patches (aggregates._put), so loading is not a loop over every patch
                "progress": [[*k, n] for k, n in agg.progress.items()], "towns": list(agg.towns.items()),
                "open_groups": [[due, pcid, sorted(fids)] for (due, pcid), fids in agg.open_groups.items()],
                # what the figures read of a referral (store/dashboard.py): whether and when it was sent, its feedback
                "referrals": [[r.sent.isoformat() if r.sent else None, r.feedback] for r in agg.referrals],
                "violators": list(agg.violators), "violator_patches": sorted(agg.violator_patches)}
        blob = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)
    except (TypeError, ValueError, OverflowError):   # a value that does not pack (damaged data): not kept
        return
    try:
        with ws.transaction():
            ws._exec(f'CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), "SEQ" INTEGER, '
                     f'"DATA" BLOB)')
            ws._exec(f'INSERT OR REPLACE INTO {TABLE} (id, "SEQ", "DATA") VALUES (1, ?, ?)', (before, blob))
            log.prune(ws)
    except StoreError:
        return
    _remember(ws, before, blob)


def _receipt(ws: Workspace) -> Path:
    """Where this computer keeps the digest of the snapshot it wrote (beside the audit anchors, outside the
    file): a snapshot edited in the file, or written elsewhere, does not match it and is not used — the
    figures are never taken from anything but this computer's own full read."""
    key = hashlib.sha256(f"dashboard\0{ws.location}".encode()).hexdigest()[:32]
    return Path(ws.anchors.folder) / f"dash-{key}.json"


def _remember(ws: Workspace, before: int, blob: bytes) -> None:
    path = _receipt(ws)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_text(json.dumps({"seq": before, "sha256": hashlib.sha256(blob).hexdigest()}), "utf-8")
        os.replace(tmp, path)
    except OSError:   # not remembered: the next session reads everything
        pass


def _recognised(ws: Workspace, before, blob) -> bool:
    try:
        kept = json.loads(_receipt(ws).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(kept, dict) and kept.get("seq") == before and \
        kept.get("sha256") == hashlib.sha256(bytes(blob)).hexdigest()


def load(ws: Workspace, mark) -> Optional[tuple]:
    """(the aggregates as stored, at ``mark``; (the tables written, the patches touched) since they were read, or
    None: read all) — or None: read all. The samples are not kept (the registers' estimates: read again)."""
    from ..core.referrals import Referral
    from .aggregates import Aggregates, Units

    if not log.supported(ws) or not ws._table_exists(TABLE) or not log.intact(ws):
        return None
    row = ws._fetch(f'SELECT "SEQ", "DATA" FROM {TABLE} WHERE id = 1')
    if not row or row[0][0] is None:
        return None
    before, blob = row[0]
    if blob is None or not _recognised(ws, before, blob):
        return None
    try:
        data = json.loads(zlib.decompress(blob))
        if data.get("version") != VERSION or data.get("code") != log.code_stamp():
            return None
        units = Units.__new__(Units)
        units.labels = [str(x) for x in data["labels"]]
        units._index = {t: i for i, t in enumerate(units.labels)}
        raw = data["units"]
        cname = np.empty(len(raw["cname"]), object)
        cname[:] = raw["cname"]
        units.cols = {k: _unpack(raw[k], t) for k, t in _COLUMN_TYPES.items()}
        units.cols["cname"] = cname
        if len({len(c) for c in units.cols.values()}) > 1:
            return None
        cols = data["patches"]   # fids, then each entry field as a column (zipped back into the entries)
        cols = [_unpack(c, np.int64).tolist() if i == 0 else
                _unpack(c, _PATCH_TYPES[i - 1]).tolist() if i - 1 in _PATCH_TYPES else c for i, c in enumerate(cols)]
        agg = Aggregates(mark, dict(zip(cols[0], zip(*cols[1:]))) if cols else {}, units, False)
        agg.progress = {tuple(p[:-1]): int(p[-1]) for p in data["progress"]}
        agg.towns = {str(t): int(n) for t, n in data["towns"]}
        agg.open_groups = {(due, pcid): set(fids) for due, pcid, fids in data["open_groups"]}
        agg.referrals = [Referral("", "", sent=as_date(sent), feedback=str(feedback or ""))
                         for sent, feedback in data["referrals"]]
        agg.violators = (int(data["violators"][0]), int(data["violators"][1]))
        agg.violator_patches = frozenset(int(f) for f in data["violator_patches"])
    except (ValueError, TypeError, KeyError, IndexError, zlib.error):   # damaged or edited: read everything
        return None
    found = log.touched_tables_since(ws, int(before))
    if found is None:
        return agg, None
    # patches added or deleted since (not in the log): by their ids
    now = {int(r[0]) for r in ws._fetch("SELECT fid FROM wz_patch")}
    tables, touched = found
    return agg, (tables, touched | (now ^ set(agg.patches)))


def _pack(a: np.ndarray) -> str:
    """A numeric column as base64 of its bytes (little-endian): JSON numbers cost more to read than the rest."""
    return base64.b64encode(np.ascontiguousarray(a).astype(np.dtype(a.dtype).newbyteorder("<")).tobytes()).decode()


def _unpack(text: str, dtype) -> np.ndarray:
    if not isinstance(text, str):
        raise ValueError("not a packed column")
    return np.frombuffer(base64.b64decode(text), dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
