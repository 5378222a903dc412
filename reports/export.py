"""Every report of a workspace into one folder: the ledgers and statistics as xlsx; the accountability report,
the monthly statistics (landscape: the table is wide) and the half-year and annual reports (半年报告,
年度报告) of the workspace's year, the rectification progress report (整改进展报告) and the numbered 工作简报
(reports/briefing.py, with the 警示约谈名单 as xlsx) as HTML and PDF, with
.docx copies of the accountability table and the two reports when python-docx is installed; the registers of
the case workflow (立案整改, 移交, 违法主体, 抽样复核) as one xlsx; one referral letter (移交函 / 商请函) per
receiving department as PDF; and the 核查记录表 of each determined patch with recorded findings as PDF — one file per
patch, or for many forms one file per batch and township (at most ``RECORD_BOOK_FORMS`` forms each, bookmarked by
监测编号). A part of the county (a township, the patches a queue lists …) gets its ledgers, registers and record
forms only."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Callable, Optional

from ..core.accountability import AccountabilityInputError
from ..core.dates import china_today
from ..core.filenames import unique_stems
from ..core.scope import COUNTY_DOCUMENTS, keep_units
from ..i18n import tr
from ..store.determinations import accountability_input, workspace_accountability
from ..store.reporting import record_form_keys
from ..store.scope import record_form_fids
from ..store.workspace import Workspace
from .casework import register_sheets, render_rectification_progress, render_referral_letters
from .docx_export import docx_available, html_to_docx, missing_message
from .forms import form_header, split_note
from .ledgers import accountability_table, illegal_ledger, mineral_ledger, monthly_statistics
from .narrative import render_annual, render_half_year, workspace_year
from .record_forms import write_record_books, write_record_forms
from .render import (
    LANDSCAPE,
    PORTRAIT,
    html_to_pdf,
    monthly_form,
    render_accountability,
    render_monthly_statistics,
)
from .staged import Staging
from .xlsx import write_xlsx


def export_reports(ws: Workspace, folder, today: Optional[dt.date] = None, patch_records: bool = True,
                   user_templates=None, progress: Optional[Callable[[float], None]] = None,
                   is_cancelled: Optional[Callable[[], bool]] = None, year: Optional[int] = None,
                   on_message: Optional[Callable[[str], None]] = None, fids: Optional[Iterable[int]] = None,
                   records_without_findings: bool = False, record_workers: int = 1,
                   record_books: Optional[bool] = None) -> list[Path]:
    """Write the workspace's reports into ``folder``; returns the files written.

    ``year``: of the half-year and annual reports (default: the latest rule-set year of the batches, else
    today's). ``on_message`` receives notes for the user (python-docx missing: no .docx written).
    ``fids``: a part of the county (store.scope.scope_fids): the ledgers, registers and record forms of those
    patches only, and none of the county documents (core.scope.COUNTY_DOCUMENTS). Record forms are written for
    the determined patches with recorded findings, or every determined one with ``records_without_findings``.
    ``record_workers``: 2 writes the record forms on two cores (outside QGIS desktop; reports/record_forms.py).
    ``record_books``: True writes the record forms as one PDF per batch and township (``record_books_of``), False
    one PDF per patch named by its 监测编号, None (default) books when there are more than ``RECORD_BOOKS_FROM``.

    All or nothing (reports/staged.py): the files are written aside and put in ``folder`` only when the export has
    finished (also when cancelled: what was written by then); a failure leaves ``folder`` as it was."""
    folder = Path(folder)
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    stage = None
    try:
        stage = Staging(folder)
        written = _export_into(ws, stage.path, today, patch_records, user_templates, progress, is_cancelled, year,
                               on_message, fids, records_without_findings, record_workers, record_books)
        stage.commit()
    except BaseException:
        if stage is not None:
            stage.discard()
        if made:   # the folder this export made, empty again
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    return [stage.final(p) for p in written]


def _export_into(ws: Workspace, folder: Path, today, patch_records, user_templates, progress, is_cancelled, year,
                 on_message, fids, records_without_findings, record_workers, record_books) -> list[Path]:
    """export_reports's files, written into ``folder`` (its staging folder)."""
    today = today or china_today()
    year = int(year) if year else workspace_year(ws, today)
    keys = None   # the 监测编号 of the patches in a part of the county
    if fids is not None:
        fids = [int(f) for f in fids]
        patches = ws.select("wz_patch", ["JCBH"])
        keys = set(patches.loc[patches["fid"].astype(int).isin(fids), "JCBH"].astype(str))
    written: list[Path] = []
    # every sheet is a form: title with county, period and batches; 合计; notes; the signature rows
    header = form_header(ws, today)
    split = split_note(ws) if keys is None else ""
    written.append(write_xlsx(folder / "违法用地台账.xlsx", {"违法用地台账": _scoped(illegal_ledger(ws), keys)},
                              form=header.titled("违法用地台账", notes=(split,) if split else ())))
    written.append(write_xlsx(folder / "矿产执法台账.xlsx", {"矿产执法台账": _scoped(mineral_ledger(ws), keys)},
                              form=header.titled("矿产执法台账")))
    registers = _scoped_sheets(register_sheets(ws, today), keys)
    # rates (真实率) do not add up, nor do violators' areas (one patch may have several violators)
    written.append(write_xlsx(folder / "案件登记台账.xlsx", registers, form={
        name: header.titled(name, total=not name.endswith("真实率") and name != "违法主体名单",
                            notes=tuple(filter(None, [df.attrs.get("note")])))
        for name, df in registers.items()}))
    from .signoff_ledger import signoff_ledger  # 审核验收台账: sign-off, returns and reviews from above
    written.append(write_xlsx(folder / "审核验收台账.xlsx", {"审核验收台账": _scoped(signoff_ledger(ws), keys)},
                              form=header.titled("审核验收台账")))
    from ..store.escalation import escalation_table
    from .followup import write_register, write_workload  # 制止无效上报登记 and 专人盯办工作量 (issue 18 item 8)
    written.append(write_register(ws, folder, today, _scoped(escalation_table(ws, today), keys)))
    if keys is None:
        written.append(write_workload(ws, folder, today))
    if keys is None:
        written += _county_documents(ws, folder, today, year, user_templates, on_message)
    elif on_message:
        on_message(tr("A part of the county: its ledgers, registers and record forms; the county reports ({names}) "
                      "are written for the whole county only.").format(names="、".join(COUNTY_DOCUMENTS)))
    if patch_records:
        records = folder / "核查记录表"
        records.mkdir(exist_ok=True)
        chosen = record_form_fids(ws, fids, without_findings=records_without_findings)
        if record_books or (record_books is None and len(chosen) > RECORD_BOOKS_FROM):
            # many forms: a file per batch and township, as an office files them, and Qt embeds the font once
            # per file rather than once per form (reports/record_forms.py)
            books = write_record_books(ws, record_books_of(ws, chosen), records, user_templates, progress,
                                       is_cancelled, workers=record_workers)
            written += books
            if on_message and not (is_cancelled and is_cancelled()):
                on_message(tr("{n} record forms (核查记录表) in {files} PDF files, one per batch and township (at most "
                              "{size} forms each), with a bookmark per 监测编号.").format(
                    n=len(chosen), files=len(books), size=RECORD_BOOK_FORMS))
        else:
            rows = ws.select("wz_patch", ["JCBH"], order_by='"JCBH", fid')
            rows = rows[rows["fid"].astype(int).isin(chosen)]
            # one file per patch even where keys differ only in characters a file name cannot hold (a/b, a_b)
            stems = unique_stems(ws.select("wz_patch", ["JCBH"])["JCBH"].astype(str), fallback="patch")
            jobs = [(fid, stems[str(key)]) for fid, key in zip(rows["fid"].astype(int), rows["JCBH"])]
            # data read in batches, one template; ``record_workers`` 2: a second process (reports/record_forms.py)
            written += write_record_forms(ws, jobs, records, user_templates, progress, is_cancelled,
                                          workers=record_workers)
    return written


RECORD_BOOKS_FROM = 500   # more record forms than this are written as books unless asked otherwise
RECORD_BOOK_FORMS = 200   # forms per book at most (≈ 400 pages): a file a person can still open and print


def record_books_of(ws: Workspace, fids: Iterable[int], size: int = RECORD_BOOK_FORMS) -> list[tuple[str, list]]:
    """The record forms of ``fids`` as books: (file stem, [(fid, 监测编号)]) per batch and township in 监测编号
    order, ``size`` forms at most, named <batch>_<township>; where a township needs several, each also names the
    监测编号 range it holds: 2021-05_上馆镇_1409232021050001-1409232021050200."""
    keys = record_form_keys(ws, fids)
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for fid, (jcbh, pcbh, xzmc) in keys.items():
        groups.setdefault((pcbh, xzmc or "乡镇未填"), []).append((jcbh, fid))
    books = []
    for (pcbh, xzmc), forms in sorted(groups.items()):
        forms.sort()
        parts = [forms[i:i + size] for i in range(0, len(forms), size)]
        for part in parts:
            stem = f"{pcbh}_{xzmc}" + (f"_{part[0][0]}-{part[-1][0]}" if len(parts) > 1 else "")
            books.append((stem, [(fid, jcbh) for jcbh, fid in part]))
    names = unique_stems([stem for stem, _ in books], fallback="records")
    return [(names[stem], forms) for stem, forms in books]


def _scoped(table, keys):
    return table if keys is None else keep_units(table, keys)


def _scoped_sheets(sheets: dict, keys) -> dict:
    """The register sheets about the patches ``keys`` (sheets not naming patches are left out of a part)."""
    if keys is None:
        return sheets
    return {name: keep_units(df, keys) for name, df in sheets.items() if "监测编号" in df.columns}


def missing_region_message(ws: Workspace) -> str:
    """Which patches lack the 6-digit region code the 附件5 figures are grouped by, and what to do."""
    codes = ws.select("wz_patch", ["JCBH", "XZQDM"])
    bad = codes[~codes["XZQDM"].fillna("").astype(str).str.fullmatch(r"\d{6}")]
    shown = "、".join(bad["JCBH"].astype(str).head(5)) + ("…" if len(bad) > 5 else "")
    return tr("{n} patch(es) have no 6-digit region code (行政区代码 XZQDM), e.g. {keys}: the 附件5 accountability "
              "table and the half-year and annual reports were not written; everything else was. Fill XZQDM (map "
              "the batch's region-code field when importing) and export again.").format(n=len(bad), keys=shown)


def _county_documents(ws: Workspace, folder: Path, today: dt.date, year: int, user_templates,
                      on_message: Optional[Callable[[str], None]]) -> list[Path]:
    """The reports about the county as a whole (core.scope.COUNTY_DOCUMENTS)."""
    written: list[Path] = []
    data = accountability_input(ws)  # read once: the accountability report and both narrative reports use it
    try:
        result = workspace_accountability(ws, data=data)
    except AccountabilityInputError:
        # Patches without their region code: the 附件5 figures cannot be placed; write everything else.
        result = None
        if on_message:
            on_message(missing_region_message(ws))
    written.append(write_xlsx(folder / "月度统计.xlsx", {"月度统计": monthly_statistics(ws, today)},
                              form=monthly_form(ws, today)))
    charts = folder / "图表"   # the charts and the map page the HTML, PDF and .docx show (reports/charts.py)
    documents = [("月度统计", render_monthly_statistics(ws, today, None, user_templates, charts,
                                                   accountability_data=data), LANDSCAPE),
                 ("整改进展报告", render_rectification_progress(ws, today, user_templates), LANDSCAPE)]
    from .briefing import render_briefing, talk_form, talk_list  # 工作简报 (takes the year's next 第N期) and 警示约谈
    documents.append(("工作简报", render_briefing(ws, today, user_folder=user_templates, chart_folder=charts), PORTRAIT))
    written.append(write_xlsx(folder / "警示约谈名单.xlsx", {"警示约谈名单": talk_list(ws, today, result)},
                              form=talk_form(ws, today)))
    if result is not None:
        accountability_form = form_header(ws, today, title="耕地保护问责测算表（附件5）").titled(
            "耕地保护问责测算表（附件5）", total=False)   # its lines are deductions, not summands
        written.append(write_xlsx(folder / "问责测算.xlsx", {"问责测算": accountability_table(result)},
                                  form=accountability_form))
        documents += [
            ("问责测算", render_accountability(result, user_templates, accountability_form), PORTRAIT),
            ("半年报告", render_half_year(ws, year, today, user_templates, charts, accountability_data=data), PORTRAIT),
            ("年度报告", render_annual(ws, year, today, user_templates, charts, accountability_data=data), PORTRAIT)]
    for name, html, orientation in documents:
        (folder / f"{name}.html").write_text(html, "utf-8")
        written += [folder / f"{name}.html", html_to_pdf(html, folder / f"{name}.pdf", orientation=orientation)]
    from .supervision import write_documents  # 挂牌督办台账 and 督办通知, 问题线索移交函 (issue 18 items 5, 7)
    written += write_documents(ws, folder, today, user_templates)
    letters = render_referral_letters(ws, today, user_templates)
    if letters:
        (folder / "移交函").mkdir(exist_ok=True)
    names = unique_stems([stem for stem, _html in letters], fallback="letter")
    for stem, html in letters:
        written.append(html_to_pdf(html, folder / "移交函" / f"{names[stem]}.pdf"))
    if docx_available():
        for name, html, _ in documents:
            if name not in ("月度统计", "整改进展报告"):
                written.append(html_to_docx(html, folder / f"{name}.docx", landscape=name == "问责测算"))
    elif on_message:
        on_message(missing_message())
    return written
