"""Storing a split: the parts replace any earlier split of the patch, in one audited transaction."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ..core.parts import check_partition, part_areas
from ..core.units import m2_to_mu
from .errors import StoreError
from .workspace import Workspace


def split_patch(ws: Workspace, tbid: int, parts: Sequence, source: Optional[str] = None) -> list[int]:
    """Store ``parts`` (shapely geometries, EPSG:4490) as the parts of patch ``tbid``.

    The parts must partition the patch (core.parts.check_partition); their stored areas add up
    exactly to the patch's. An earlier split is replaced, with its parts' facts and determinations; the
    whole patch's determination is removed (the facts entered on the patch stay: the parts inherit them)."""
    with ws.transaction():
        patch = ws.get("wz_patch", int(tbid), geometry=True)
        if patch is None:
            raise StoreError(f"patch #{tbid} does not exist")
        check_partition(patch["geom"], parts)
        unsplit(ws, tbid, source)
        # the parts are judged now, each on its own: the whole patch's determination no longer stands
        whole = ws.select("wz_determ", ["TBID"], where=f'"TBID" = {ws.ph} AND "FGID" IS NULL', params=(int(tbid),))
        for rid in whole["fid"].astype(int):
            ws.delete("wz_determ", rid, source=source)
        areas = part_areas(patch["geom"], parts, float(patch["TBMJ"]))
        rows = [{"TBID": int(tbid), "FGBH": str(i + 1), "TBMJ": float(a), "TBMJMU": float(m2_to_mu(a))}
                for i, a in enumerate(areas)]
        return ws.insert("wz_part", rows, geoms=list(parts), source=source)


def unsplit(ws: Workspace, tbid: int, source: Optional[str] = None) -> int:
    """Remove the parts of a patch (and their facts and determinations); returns how many."""
    with ws.transaction():
        old = ws.select("wz_part", ["TBID"], where=f'"TBID" = {ws.ph}', params=(int(tbid),))
        for fid in old["fid"].astype(int):
            for table in ("wz_fact", "wz_determ"):
                rows = ws.select(table, ["TBID"], where=f'"FGID" = {ws.ph}', params=(fid,))
                for rid in rows["fid"].astype(int):
                    ws.delete(table, rid, source=source)
            ws.delete("wz_part", fid, source=source)
        return len(old)
