"""Every report of a workspace into one folder: the ledgers and statistics as xlsx; the accountability report,
the monthly statistics (landscape: the table is wide) and the half-year and annual reports (半年报告,
年度报告) of the workspace's year and the rectification progress report (整改进展报告) as HTML and PDF, with
.docx copies of the accountability table and the two reports when python-docx is installed; the registers of
the case workflow (立案整改, 移交, 违法主体, 抽样复核) as one xlsx; one referral letter (移交函 / 商请函) per
receiving department as PDF; and the 核查记录表 of each determined patch as PDF."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable, Optional

from ..store.determinations import accountability_input
from ..store.workspace import Workspace
from .casework import register_sheets, render_rectification_progress, render_referral_letters
from .docx_export import docx_available, html_to_docx, missing_message
from .ledgers import accountability_table, illegal_ledger, mineral_ledger, monthly_statistics, workspace_accountability
from .narrative import render_annual, render_half_year, workspace_year
from .render import (
    LANDSCAPE,
    PORTRAIT,
    html_to_pdf,
    patch_record_renderer,
    render_accountability,
    render_monthly_statistics,
)
from .xlsx import write_xlsx


def _safe(name: str) -> str:
    return re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", str(name))[:80]


def export_reports(ws: Workspace, folder, today: Optional[dt.date] = None, patch_records: bool = True,
                   user_templates=None, progress: Optional[Callable[[float], None]] = None,
                   is_cancelled: Optional[Callable[[], bool]] = None, year: Optional[int] = None,
                   on_message: Optional[Callable[[str], None]] = None) -> list[Path]:
    """Write the workspace's reports into ``folder``; returns the files written.

    ``year``: of the half-year and annual reports (default: the latest rule-set year of the batches, else
    today's). ``on_message`` receives notes for the user (python-docx missing: no .docx written)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    today = today or dt.date.today()
    year = int(year) if year else workspace_year(ws, today)
    written: list[Path] = []
    data = accountability_input(ws)  # read once: the accountability report and both narrative reports use it
    result = workspace_accountability(ws, data=data)
    written.append(write_xlsx(folder / "违法用地台账.xlsx", {"违法用地台账": illegal_ledger(ws)}))
    written.append(write_xlsx(folder / "矿产执法台账.xlsx", {"矿产执法台账": mineral_ledger(ws)}))
    written.append(write_xlsx(folder / "月度统计.xlsx", {"月度统计": monthly_statistics(ws, today)}))
    written.append(write_xlsx(folder / "问责测算.xlsx", {"问责测算": accountability_table(result)}))
    documents = (("问责测算", render_accountability(result, user_templates), PORTRAIT),
                 ("月度统计", render_monthly_statistics(ws, today, None, user_templates), LANDSCAPE),
                 ("半年报告", render_half_year(ws, year, today, user_templates, accountability_data=data), PORTRAIT),
                 ("年度报告", render_annual(ws, year, today, user_templates, accountability_data=data), PORTRAIT),
                 ("整改进展报告", render_rectification_progress(ws, today, user_templates), LANDSCAPE))
    for name, html, orientation in documents:
        (folder / f"{name}.html").write_text(html, "utf-8")
        written += [folder / f"{name}.html", html_to_pdf(html, folder / f"{name}.pdf", orientation=orientation)]
    written.append(write_xlsx(folder / "案件登记台账.xlsx", register_sheets(ws, today)))
    letters = render_referral_letters(ws, today, user_templates)
    if letters:
        (folder / "移交函").mkdir(exist_ok=True)
    for stem, html in letters:
        written.append(html_to_pdf(html, folder / "移交函" / f"{_safe(stem)}.pdf"))
    if docx_available():
        for name, html, _ in documents:
            if name not in ("月度统计", "整改进展报告"):
                written.append(html_to_docx(html, folder / f"{name}.docx", landscape=name == "问责测算"))
    elif on_message:
        on_message(missing_message())
    if patch_records:
        records = folder / "核查记录表"
        records.mkdir(exist_ok=True)
        rows = ws.select("wz_patch", ["JCBH", "PDJG"], where='"PDJG" IS NOT NULL')
        render_record = patch_record_renderer(user_templates)
        for k, (fid, key) in enumerate(zip(rows["fid"].astype(int), rows["JCBH"])):
            if is_cancelled and is_cancelled():
                break
            written.append(html_to_pdf(render_record(ws, fid), records / f"{_safe(key)}.pdf"))
            if progress:
                progress((k + 1) / len(rows))
    return written
