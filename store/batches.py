"""A batch's rule-set year (规则年度) after import: the way out when WPZF lacks the rules of the year a batch
was imported under (a workspace written by a newer WPZF, or a year whose rules were withdrawn)."""
from __future__ import annotations

from typing import Optional

from ..i18n import tr
from ..rules.ruleset import available_years
from .errors import StoreError
from .workspace import Workspace


def batch_of_patch(ws: Workspace, tbid: int) -> Optional[dict]:
    """The batch row (fid, PCBH, XFRQ, GZND …) a patch belongs to, None when the patch or batch is gone."""
    patch = ws.get("wz_patch", int(tbid))
    if patch is None or patch.get("PCID") is None:
        return None
    return ws.get("wz_batch", int(patch["PCID"]))


def set_batch_ruleset_year(ws: Workspace, batch_fid: int, year: int, source: Optional[str] = None) -> None:
    """Judge a batch's patches by the rules of ``year`` from now on (audited); only a year WPZF has rules for.
    Determinations already stored stay until the patches are determined again."""
    if int(year) not in available_years():
        raise StoreError(tr("there is no rule set for rule-set year {year}; choose one of {years}").format(
            year=year, years=", ".join(map(str, available_years())) or "—"))
    if ws.get("wz_batch", int(batch_fid)) is None:
        raise StoreError(f"batch #{batch_fid} does not exist")
    with ws.transaction():
        ws.update("wz_batch", int(batch_fid), {"GZND": int(year)}, source=source)
