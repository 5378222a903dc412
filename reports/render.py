"""Reports as HTML from jinja2 templates (autoescaped; users may override any template) and HTML to PDF
with Qt, the CJK font embedded.

Templates live in ``reports/templates``; pass ``user_folder`` and a file there with the same name wins
(copy a built-in template, edit it, point the report at the folder). PDF output needs a running Qt
application (QGIS provides one).
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Callable, Optional, Union

import pandas as pd

from ..core.accountability import AccountabilityResult
from ..core.dates import as_date, china_now, china_today, cn_date
from ..core.labels import (
    clauses_text,
    explanation_text,
    fact_label,
    missing_text,
    pending_clauses,
    protection_label,
    value_text,
)
from ..i18n import tr
from ..rules.facts import PENDING
from ..store.determinations import STORED_FACTS, unit_records
from ..store.errors import StoreError
from ..store.people import name_of
from ..store.reference_handled import handled_suggestions, unit_handled
from ..store.reporting import RECORD_BATCH, record_form_cards
from ..store.workspace import Workspace
from . import forms, ledgers
from .files import atomic_file
from .fonts import pdf_font_family
from .ledgers import text_or_blank
from .record_provenance import provenance_lines
from .xlsx import printable, with_rounding_note

TEMPLATES = Path(__file__).resolve().parent / "templates"
CJK_FONT = "Noto Sans CJK SC"
PathLike = Union[str, os.PathLike]


def environment(user_folder: Optional[PathLike] = None):
    """The jinja2 environment: autoescape on, the user's folder searched before the built-in one."""
    import jinja2

    folders = ([str(user_folder)] if user_folder else []) + [str(TEMPLATES)]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=False)
    env.globals["mu"] = format_mu
    env.globals.update(forms.TEMPLATE_GLOBALS)
    return env


def _page_context(context: dict) -> dict:
    """What every page shows besides its own context: its form header (``form``, a forms.FormHeader:
    title with county, period and batch, the signature block, notes) and when it was generated (the
    narrative reports' data note)."""
    form = context.get("form") or forms.FormHeader(title=str(context.get("title", "")))
    base = {"generated": china_now().strftime("%Y-%m-%d %H:%M"), "generated_label": "生成时间",
            **form.context()}
    return {**base, **context}


def render_html(template: str, context: dict, user_folder: Optional[PathLike] = None) -> str:
    return environment(user_folder).get_template(template).render(**_page_context(context))


def format_mu(v) -> str:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return ""
    return "" if x != x else f"{x:.2f}"


def _direction(deg) -> str:
    try:
        d = float(deg)
    except (TypeError, ValueError):
        return ""
    if d != d:
        return ""
    names = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"]
    return f"{names[int(((d % 360) + 22.5) // 45) % 8]}（{d:.0f}°）"


def _fact_rows(record: dict) -> list[tuple[str, str]]:
    rows = []
    for code in STORED_FACTS:
        v = record.get(code)
        if v is None or (isinstance(v, float) and v != v):
            continue
        rows.append((fact_label(code), value_text(code, v)))
    return rows


def patch_record_context(ws: Workspace, fid: int) -> dict:
    """What the 卫片执法图斑核查记录表 of patch ``fid`` shows, as plain values."""
    for _, context in patch_record_contexts(ws, [fid]):
        return context
    raise StoreError(tr("patch #{fid} does not exist").format(fid=fid))


def patch_record_contexts(ws: Workspace, fids) -> Iterator[tuple[int, dict]]:
    """(fid, ``patch_record_context``) for each of ``fids`` that exists, in the order given, read in batches
    (store.reporting.record_form_cards: one query per table per batch, not one per table per patch)."""
    fids = [int(f) for f in fids]
    for i in range(0, len(fids), RECORD_BATCH):
        chunk = fids[i:i + RECORD_BATCH]
        cards = record_form_cards(ws, chunk)
        records = {(rec["TBID"], rec["FGID"]): rec for rec in unit_records(ws, list(cards))}
        handled = handled_suggestions(ws, list(cards))   # the pre-filled facts' sources: one read per batch
        names = name_of(ws)
        for fid in chunk:
            if fid in cards:
                yield fid, _record_context(ws, cards[fid], records, handled, names)


HEADER_DATES = ("XFRQ", "HCJZ", "QSX", "HSX")   # printed 2021年5月6日 as the rest of the form


def _record_context(ws: Workspace, card: dict, records: dict, handled: Optional[dict] = None,
                    names: Optional[Callable[[object], str]] = None) -> dict:
    """The form's context from the patch's card, its units' records and ``handled`` (the suggestions a person
    accepted or overrode, by unit; read here for this patch when not given)."""
    fid = int(card["fid"])
    if handled is None:
        handled = handled_suggestions(ws, [fid])
    if names is None:
        names = name_of(ws)
    # a split patch is judged part by part (each part's facts include what was entered on the patch);
    # the card lists the parts in 分割编号 order
    parts = {int(r["fid"]): str(r["FGBH"]) for r in card["parts"]} or {None: None}

    def part_of(fgid):
        return None if fgid is None or fgid != fgid else parts.get(int(fgid))

    units = [{"part": label, "facts": _fact_rows(records[(fid, fgid)]),
              "sources": provenance_lines(unit_handled(handled, fid, fgid), records[(fid, fgid)], names)}
             for fgid, label in parts.items()]
    # codes stay in the store; the form shows clauses as cited, missing facts as questions (core/labels.py)
    determinations = [{**{k: text_or_blank(v) for k, v in d.items()}, "part": part_of(d["FGID"]),
                       "PDTK": pending_clauses(clauses_text(d.get("PDTK"))) if text_or_blank(d.get("PDJG")) == PENDING
                       else clauses_text(d.get("PDTK")), "PDYJSM": explanation_text(d.get("PDYJSM")),
                       "QSSS": missing_text(d.get("QSSS"))}
                      for d in card["determinations"]]
    landuse = [{**r, "part": part_of(r["FGID"]) or "整斑",
                **({"LX": "保护图层", "DM": "", "MC": protection_label(r["DM"])} if r["LX"] == "保护" else {})}
               for r in card["landuse"]]
    photos = [{"name": text_or_blank(r["YWJM"]) or Path(text_or_blank(r["WJLJ"])).name, "direction": _direction(r["FX"]),
               "time": forms.china_time(r["PSSJ"]),
               "device": text_or_blank(r["SB"]) + ("（无人机）" if r.get("WRJ") and r["WRJ"] == r["WRJ"] else ""),
               "src": forms.photo_src(ws, r["WJLJ"])}
              for r in card["photo_rows"]]
    p = {k: text_or_blank(v) for k, v in card.items() if not isinstance(v, list)}
    for k in HEADER_DATES:
        p[k] = cn_date(as_date(card.get(k))) or p.get(k, "")
    return {"title": "卫片执法图斑核查记录表", "p": p, "units": units, "determinations": determinations,
            "landuse": landuse, "photos": photos}


def render_patch_record(ws: Workspace, fid: int, user_folder: Optional[PathLike] = None) -> str:
    return patch_record_renderer(user_folder)(ws, fid)


class RecordRenderer:
    """``render_patch_record`` for many patches: the template is read and compiled once, not per page;
    ``many`` reads the patches' data in batches."""

    def __init__(self, user_folder: Optional[PathLike] = None):
        self.template = environment(user_folder).get_template("patch_record.html.j2")

    def __call__(self, ws: Workspace, fid: int) -> str:
        return self.template.render(**_page_context(patch_record_context(ws, fid)))

    def many(self, ws: Workspace, fids) -> Iterator[tuple[int, str]]:
        """(fid, the form's HTML) for each of ``fids`` that exists, in the order given."""
        for fid, context in patch_record_contexts(ws, fids):
            yield fid, self.template.render(**_page_context(context))


def patch_record_renderer(user_folder: Optional[PathLike] = None) -> RecordRenderer:
    return RecordRenderer(user_folder)


def monthly_form(ws: Workspace, today: Optional[dt.date] = None, batch_code: Optional[str] = None) -> forms.FormHeader:
    """The 月度统计表's header: county, the month (data up to ``today``), the batches, the split note."""
    today = today or china_today()
    note = forms.split_note(ws, batch_code)
    header = forms.form_header(ws, today, batch_code, title="卫片执法月度统计表",
                               period=f"{forms.month_text(today)}（数据截至{forms.cn_date(today)}）")
    return header.titled(header.title, notes=(note + "；分割的图斑按地块分别认定，各判定类型按认定单元计数。",)
                         if note else ())


def render_monthly_statistics(ws: Workspace, today: Optional[dt.date] = None, batch_code: Optional[str] = None,
                              user_folder: Optional[PathLike] = None, chart_folder: Optional[PathLike] = None,
                              pictures: bool = True, accountability_data: Optional[pd.DataFrame] = None) -> str:
    """The 月度统计 as HTML: the tables, then the charts and the township map page (reports/charts.py; the PNGs
    go to ``chart_folder``, default a temporary folder; ``pictures=False`` leaves them out)."""
    today = today or china_today()
    # rounded as printed, the 合计 row the unrounded sum rounded once (the xlsx sheet holds the same figures)
    stats = printable(ledgers.monthly_statistics(ws, today, batch_code))
    fixed = ["乡镇", "图斑数", "已完成", "逾期未完成", "违法占用耕地(亩)", "违法占用永久基本农田(亩)"]
    categories = stats[[c for c in stats.columns if c not in fixed[1:]]]
    form = monthly_form(ws, today, batch_code)
    form = with_rounding_note(form, stats)
    context = {"title": form.title, "form": form, "today": today.isoformat(), "batch": batch_code,
               "overview": stats[fixed], "categories": categories}
    if pictures:
        from . import charts

        # one batch: its progress only (the 附件5 figures and the deadlines are the county's, all batches)
        drawn, page = charts.monthly_charts(ws, today, stats, chart_folder, data=accountability_data,
                                            county=not batch_code)
        context.update(charts.pictures_context(drawn, page, charts.LANDSCAPE_PX))
    return render_html("monthly_statistics.html.j2", context, user_folder)


def render_accountability(result: AccountabilityResult, user_folder: Optional[PathLike] = None,
                          form: Optional[forms.FormHeader] = None) -> str:
    table = ledgers.accountability_table(result)
    regions = []
    for r in result.levels:
        lines = table[(table["级别"] == r.level_name) & (table["地区"] == r.name)].drop(columns=["级别", "地区"])
        regions.append({"name": r.name, "level_name": r.level_name, "summary": r.summary(), "lines": lines})
    title = "耕地保护问责测算表（附件5）"
    form = form.titled(title) if form else forms.FormHeader(title=title, county=next(
        (r.name for r in result.levels if r.level_name.startswith("县")), ""))
    return render_html("accountability.html.j2", {"title": title, "form": form, "regions": regions}, user_folder)


PORTRAIT, LANDSCAPE = "portrait", "landscape"


def html_to_pdf(html: str, path: PathLike, font_family: Optional[str] = None, point_size: float = 9.0,
                orientation: str = PORTRAIT) -> Path:
    """Print ``html`` to an A4 PDF at ``path`` (atomically) with Qt; the font is embedded (subset).
    ``orientation``: "portrait" (default) or "landscape" (wide tables). Every page carries
    "第 x 页 共 y 页"; headings and table headers never end a page alone (reports/paging.py)."""
    from .paging import print_html

    path = Path(path)
    with atomic_file(path) as tmp:
        writer = pdf_writer(tmp, orientation)
        print_html(html, writer, font_family, point_size)   # laid out once, at the page body's size
        del writer  # finishes the file
    return path


def pdf_writer(path: PathLike, orientation: str = PORTRAIT):
    """The QPdfWriter every report prints on: A4 at 300 dpi, the margins of an office form."""
    from qgis.PyQt.QtCore import QMarginsF
    from qgis.PyQt.QtGui import QPageLayout, QPageSize, QPdfWriter

    if orientation not in (PORTRAIT, LANDSCAPE):
        raise ValueError(f"orientation must be {PORTRAIT!r} or {LANDSCAPE!r}, not {orientation!r}")
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    turn = QPageLayout.Orientation.Landscape if orientation == LANDSCAPE else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), turn,
                                     QMarginsF(15, 15, 15, 12), QPageLayout.Unit.Millimeter))
    writer.setCreator("WPZF")
    return writer


def pdf_document(html: str, writer, font_family: Optional[str] = None, point_size: float = 9.0, images=None,
                 page_size=None):
    """(QTextDocument of ``html`` laid out on ``writer``, its default font). ``images(doc, html)`` gives the
    document its photos (default reports/paging.load_images). ``page_size`` (QSizeF): the page body, set before
    the HTML so that Qt lays the document out once (setting it after lays everything out again)."""
    from qgis.PyQt.QtGui import QFont, QTextDocument

    from .charts import load_chart_images
    from .paging import load_images

    doc = QTextDocument()
    font = QFont(font_family or pdf_font_family())  # PDF-safe copy of the CJK font (reports/fonts.py)
    font.setPointSizeF(point_size)
    # Without shaping Qt writes each character's own glyph, so text extracted from the PDF (search,
    # copy, pdftotext) keeps every digit; Chinese needs no shaping.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    doc.setDefaultFont(font)
    # laid out on the printer itself: fonts, cell padding and images are scaled to its resolution
    doc.documentLayout().setPaintDevice(writer)
    if page_size is not None:
        doc.setPageSize(page_size)
    (images or load_images)(doc, html)
    load_chart_images(doc, html)   # charts at full resolution, not as photo thumbnails
    doc.setHtml(html)
    return doc, font


def frame_html(df: pd.DataFrame, title: str, user_folder: Optional[PathLike] = None,
               form: Optional[forms.FormHeader] = None) -> str:
    """Any ledger DataFrame as an HTML table page (the same macro the reports use), as a form when
    ``form`` (forms.form_header) is given: county, period and batch in the title, 合计, signature block."""
    src = '{% extends "base.html.j2" %}{% from "macros.html.j2" import table %}{% block body %}' \
          '{{ table(df) }}{% endblock %}'
    form = form.titled(title) if form else None
    shown = printable(df, total=form is not None and form.total)
    form = with_rounding_note(form, shown)
    return environment(user_folder).from_string(src).render(
        **_page_context({"title": title, "df": shown, **({"form": form} if form else {})}))
