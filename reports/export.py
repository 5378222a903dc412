"""Every report of a workspace into one folder: the ledgers and statistics as xlsx, the accountability and
monthly reports as HTML and PDF, and the 核查记录表 of each determined patch as PDF."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable, Optional

from ..store.workspace import Workspace
from .ledgers import accountability_table, illegal_ledger, mineral_ledger, monthly_statistics, workspace_accountability
from .render import html_to_pdf, render_accountability, render_monthly_statistics, render_patch_record
from .xlsx import write_xlsx


def _safe(name: str) -> str:
    return re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", str(name))[:80]


def export_reports(ws: Workspace, folder, today: Optional[dt.date] = None, patch_records: bool = True,
                   user_templates=None, progress: Optional[Callable[[float], None]] = None,
                   is_cancelled: Optional[Callable[[], bool]] = None) -> list[Path]:
    """Write the workspace's reports into ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    today = today or dt.date.today()
    written: list[Path] = []
    result = workspace_accountability(ws)
    written.append(write_xlsx(folder / "违法用地台账.xlsx", {"违法用地台账": illegal_ledger(ws)}))
    written.append(write_xlsx(folder / "矿产执法台账.xlsx", {"矿产执法台账": mineral_ledger(ws)}))
    written.append(write_xlsx(folder / "月度统计.xlsx", {"月度统计": monthly_statistics(ws, today)}))
    written.append(write_xlsx(folder / "问责测算.xlsx", {"问责测算": accountability_table(result)}))
    for name, html in (("问责测算", render_accountability(result, user_templates)),
                       ("月度统计", render_monthly_statistics(ws, today, None, user_templates))):
        (folder / f"{name}.html").write_text(html, "utf-8")
        written += [folder / f"{name}.html", html_to_pdf(html, folder / f"{name}.pdf")]
    if patch_records:
        records = folder / "核查记录表"
        records.mkdir(exist_ok=True)
        rows = ws.select("wz_patch", ["JCBH", "PDJG"], where='"PDJG" IS NOT NULL')
        for k, (fid, key) in enumerate(zip(rows["fid"].astype(int), rows["JCBH"])):
            if is_cancelled and is_cancelled():
                break
            written.append(html_to_pdf(render_patch_record(ws, fid, user_templates), records / f"{_safe(key)}.pdf"))
            if progress:
                progress((k + 1) / len(rows))
    return written
