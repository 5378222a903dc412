"""A scope (core/scope.py) as the patches it covers, and which of them get a 核查记录表 (record form)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from ..core.scope import COUNTY, TOWNSHIP, Scope
from .determinations import ENTERED
from .workspace import Workspace


def scope_fids(ws: Workspace, scope: Optional[Scope]) -> Optional[list[int]]:
    """The fids a scope covers, in fid order; None for the whole county (every patch, and the county reports)."""
    if scope is None or scope.kind == COUNTY:
        return None
    if scope.kind == TOWNSHIP:
        rows = ws.select("wz_patch", ["XZMC"], where=f'"XZMC" = {ws.ph}', params=(scope.township,), order_by="fid")
        return [int(f) for f in rows["fid"]]
    existing = set(ws.patch_fids())
    return sorted({int(f) for f in scope.fids} & existing)


def patches_with_findings(ws: Workspace, fids: Optional[Iterable[int]] = None) -> set[int]:
    """The patches (of ``fids``; default all) for which a verifier recorded at least one finding: a fact entered
    for the patch or one of its parts (facts the overlay derives do not count: they are not a verification)."""
    any_entered = " OR ".join(f'"{c}" IS NOT NULL' for c in ENTERED)
    found = {int(r[0]) for r in ws._fetch(f'SELECT DISTINCT "TBID" FROM wz_fact WHERE {any_entered}')}
    return found if fids is None else found & {int(f) for f in fids}


def record_form_fids(ws: Workspace, fids: Optional[Iterable[int]] = None, without_findings: bool = False) -> list[int]:
    """The determined patches (of ``fids``; default all) that get a 核查记录表, in 监测编号 order: only those with
    recorded findings — a form of a patch nobody verified would certify a verification that did not happen —
    unless ``without_findings`` asks for every determined patch."""
    rows = ws.select("wz_patch", ["JCBH"], where='"PDJG" IS NOT NULL', order_by='"JCBH", fid')
    chosen = [int(f) for f in rows["fid"]]
    if fids is not None:
        wanted = {int(f) for f in fids}
        chosen = [f for f in chosen if f in wanted]
    if not without_findings:
        found = patches_with_findings(ws, chosen)
        chosen = [f for f in chosen if f in found]
    return chosen
