"""Determining the whole workspace again without redoing what cannot have changed.

A determination depends on the unit's patch, facts, parts, land-use breakdown and pending suggestions,
its batch (rule-set year), the county profile and registered layers (wz_meta) and the rule-set file.
After a whole-workspace determine, the results and a mark of the workspace (the audit chain's count and
head, wz_meta, the database's own change mark: store/aggregates.py's ``Mark``) are kept on the open
workspace. The next whole-workspace determine in this session asks what was written since: when the
chain continues the kept one and the database says nobody wrote past the audit, the records since name
the patches whose inputs changed, and only those are determined again; anything that cannot be placed
(a batch, wz_meta, a table not known here, a changed rule-set file, an unaccounted write, too many
records) determines everything, as before. The results returned are the same either way.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pandas as pd

from .aggregates import Mark, _delta, _ids_of, _pg_accounted, read_mark
from .workspace import Workspace

# tables whose rows feed a determination, with the column naming their patch (wz_patch: its own fid)
INPUTS = {"wz_patch": None, "wz_fact": "TBID", "wz_part": "TBID", "wz_determ": "TBID", "wz_dlmj": "TBID",
          "wz_refsug": "TBID"}
# audited tables no determination reads: writes there change nothing here
UNRELATED = frozenset({"wz_photo", "wz_roster", "wz_case", "wz_measure", "wz_referral", "wz_sample",
                       "wz_violator", "wz_delay", "wz_fpkg", "wz_fconf", "wz_signoff", "wz_sbjl", "wz_talk",
                       "wz_supervise", "wz_clue", "wz_escal", "wz_refcov"})
ATTR = "_wpzf_determined"


@dataclass
class Kept:
    mark: Mark
    rulesets: tuple          # ((year, rule-set file modification time), ...) the results were computed with
    results: pd.DataFrame    # every unit's result, indexed by unit, in fact_frame order
    tbids: list              # the patch of each row of ``results``


def forget(ws: Workspace) -> None:
    setattr(ws, ATTR, None)


def keep(ws: Workspace, rulesets: tuple, results: pd.DataFrame, tbids: list) -> None:
    """Remember a whole-workspace result (call after its transaction committed)."""
    setattr(ws, ATTR, Kept(read_mark(ws), rulesets, results, list(tbids)))


def changed_patches(ws: Workspace, rulesets_now) -> Optional[tuple[Kept, set[int]]]:
    """(what is kept, the patches to determine again) — or None: determine everything."""
    kept: Optional[Kept] = getattr(ws, ATTR, None)
    if kept is None or kept.results.empty:
        return None
    mark = read_mark(ws)
    if mark.meta != kept.mark.meta or mark.db is None or kept.mark.db is None:
        return None
    if ws.kind != "postgis" and mark.db != kept.mark.db:   # another connection committed (GeoPackage)
        return None
    recs = _delta(ws, kept.mark, mark)
    if recs is None or (ws.kind == "postgis" and mark.db != kept.mark.db
                        and not _pg_accounted(ws, kept.mark, mark, recs)):
        return None
    years = {y for y, _ in kept.rulesets}
    if tuple(sorted(rulesets_now(years))) != kept.rulesets:
        return None
    patches: set[int] = set()
    lookup: dict[str, set[int]] = {}
    for tbl, key, _action, changes in recs:
        if tbl in UNRELATED:
            continue
        if tbl not in INPUTS:
            return None
        try:
            fid = int(key)
        except (TypeError, ValueError):
            return None
        if INPUTS[tbl] is None:
            patches.add(fid)
            continue
        try:
            ch = json.loads(changes) if changes else {}
        except ValueError:
            return None
        if not isinstance(ch, dict):
            return None
        patches.update(_ids_of(ch.get("TBID")))   # before and after: creates, deletes and moves
        lookup.setdefault(tbl, set()).add(fid)
    for tbl, fids in lookup.items():
        for (ref,) in ws._fetch_in(f'SELECT "TBID" FROM {tbl} WHERE fid IN ({{marks}})', sorted(fids)):
            if ref is not None:
                patches.add(int(ref))
    return kept, patches


def merged(kept: Kept, patches: set[int], fresh: pd.DataFrame, fresh_tbids: list) -> tuple[pd.DataFrame, list]:
    """The kept results with the units of ``patches`` replaced by ``fresh`` (a deleted patch's units go),
    in fact_frame order (by patch, a patch's units in their order)."""
    keep_rows = [i for i, t in enumerate(kept.tbids) if t not in patches]
    old = kept.results.iloc[keep_rows]
    tbids = [kept.tbids[i] for i in keep_rows] + list(fresh_tbids)
    frame = pd.concat([old, fresh]) if len(fresh) else old
    order = sorted(range(len(tbids)), key=lambda i: (tbids[i], i))   # stable: parts keep their order
    return frame.iloc[order], [tbids[i] for i in order]


def kept_results(ws: Workspace) -> pd.DataFrame:
    """A copy of the kept whole-workspace results (callers may change what they get)."""
    return getattr(ws, ATTR).results.copy()
