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

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from . import determine_mark
from .aggregates import Mark, read_mark, records_since, touched_patches
from .workspace import Workspace

# tables whose rows feed a determination (each names its patch: wz_patch by fid, the others by TBID)
INPUTS = frozenset({"wz_patch", "wz_fact", "wz_part", "wz_determ", "wz_dlmj", "wz_refsug"})
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
    recs = records_since(ws, kept.mark, read_mark(ws))
    if recs is None:
        return None
    years = {y for y, _ in kept.rulesets}
    if tuple(sorted(rulesets_now(years))) != kept.rulesets:
        return None
    if any(tbl not in INPUTS and tbl not in UNRELATED for tbl, *_ in recs):
        return None
    placed = touched_patches(ws, recs, INPUTS)
    return None if placed is None else (kept, placed[1])


def resumed(ws: Workspace, rulesets_now) -> Optional[tuple[Kept, set[int]]]:
    """A new session: the results as the workspace stored them and the patches touched since its mark
    (store/determine_mark.py) — or None: determine everything. The session's mark is read first, so a write
    after it is seen by the next ``changed_patches``."""
    mark = read_mark(ws)
    found = determine_mark.resume(ws, rulesets_now)
    if found is None:
        return None
    rulesets, results, tbids, touched = found
    kept = Kept(mark, rulesets, results, tbids)
    setattr(ws, ATTR, kept)
    return kept, touched


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
