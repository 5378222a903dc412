"""Reports as HTML from jinja2 templates (autoescaped; users may override any template) and HTML to PDF
with Qt, the CJK font embedded.

Templates live in ``reports/templates``; pass ``user_folder`` and a file there with the same name wins
(copy a built-in template, edit it, point the report at the folder). PDF output needs a running Qt
application (QGIS provides one).
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Callable, Optional, Union

import pandas as pd

from ..core.accountability import AccountabilityResult
from ..i18n import tr
from ..rules import FACTS_BY_CODE
from ..rules.facts import display_value
from ..store.determinations import STORED_FACTS, unit_records
from ..store.errors import StoreError
from ..store.queue import patch_card
from ..store.reporting import patch_extra, patch_photos
from ..store.workspace import Workspace
from . import ledgers
from .files import atomic_file
from .ledgers import text_or_blank

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
    return env


def _page_context(context: dict) -> dict:
    """What every page shows besides its own context: when it was generated."""
    return {"generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "generated_label": "生成时间", **context}


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
        fact = FACTS_BY_CODE[code]
        rows.append((fact.alias, display_value(fact, v)))
    return rows


def patch_record_context(ws: Workspace, fid: int) -> dict:
    """What the 卫片执法图斑核查记录表 of patch ``fid`` shows, as plain values."""
    card = patch_card(ws, fid)
    if card is None:
        raise StoreError(tr("patch #{fid} does not exist").format(fid=fid))
    card.update(patch_extra(ws, fid))
    # a split patch is judged part by part (each part's facts include what was entered on the patch);
    # the card lists the parts in 分割编号 order
    parts = {int(r["fid"]): str(r["FGBH"]) for r in card["parts"]} or {None: None}

    def part_of(fgid):
        return None if fgid is None or fgid != fgid else parts.get(int(fgid))

    records = {rec["FGID"]: rec for rec in unit_records(ws, [int(fid)])}
    units = [{"part": label, "facts": _fact_rows(records[fgid])} for fgid, label in parts.items()]
    determinations = [{**{k: text_or_blank(v) for k, v in d.items()}, "part": part_of(d["FGID"])}
                      for d in card["determinations"]]
    landuse = [{**{k: v for k, v in r.items()}, "part": part_of(r["FGID"]) or "整斑"} for r in card["landuse"]]
    photos = [{"name": text_or_blank(r["YWJM"]) or Path(text_or_blank(r["WJLJ"])).name, "direction": _direction(r["FX"]),
               "time": text_or_blank(r["PSSJ"]).replace("T", " ").replace(".000Z", " UTC"), "device": text_or_blank(r["SB"])}
              for r in patch_photos(ws, fid).to_dict("records")]
    p = {k: text_or_blank(v) for k, v in card.items() if not isinstance(v, list)}
    return {"title": "卫片执法图斑核查记录表", "p": p, "units": units, "determinations": determinations,
            "landuse": landuse, "photos": photos}


def render_patch_record(ws: Workspace, fid: int, user_folder: Optional[PathLike] = None) -> str:
    return patch_record_renderer(user_folder)(ws, fid)


def patch_record_renderer(user_folder: Optional[PathLike] = None) -> Callable[[Workspace, int], str]:
    """``render_patch_record`` for many patches: the template is read and compiled once, not per page."""
    template = environment(user_folder).get_template("patch_record.html.j2")
    return lambda ws, fid: template.render(**_page_context(patch_record_context(ws, fid)))


def render_monthly_statistics(ws: Workspace, today: Optional[dt.date] = None, batch_code: Optional[str] = None,
                              user_folder: Optional[PathLike] = None) -> str:
    today = today or dt.date.today()
    stats = ledgers.monthly_statistics(ws, today, batch_code)
    fixed = ["乡镇", "图斑数", "已完成", "逾期未完成", "违法占用耕地(亩)", "违法占用永久基本农田(亩)"]
    categories = stats[[c for c in stats.columns if c not in fixed[1:]]]
    return render_html("monthly_statistics.html.j2",
                       {"title": "卫片执法月度统计表", "today": today.isoformat(), "batch": batch_code,
                        "overview": stats[fixed], "categories": categories}, user_folder)


def render_accountability(result: AccountabilityResult, user_folder: Optional[PathLike] = None) -> str:
    table = ledgers.accountability_table(result)
    regions = []
    for r in result.levels:
        lines = table[(table["级别"] == r.level_name) & (table["地区"] == r.name)].drop(columns=["级别", "地区"])
        regions.append({"name": r.name, "level_name": r.level_name, "summary": r.summary(), "lines": lines})
    return render_html("accountability.html.j2", {"title": "耕地保护问责测算表（附件5）", "regions": regions},
                       user_folder)


PORTRAIT, LANDSCAPE = "portrait", "landscape"


def html_to_pdf(html: str, path: PathLike, font_family: str = CJK_FONT, point_size: float = 9.0,
                orientation: str = PORTRAIT) -> Path:
    """Print ``html`` to an A4 PDF at ``path`` (atomically) with Qt; the font is embedded (subset).
    ``orientation``: "portrait" (default) or "landscape" (wide tables)."""
    from qgis.PyQt.QtCore import QMarginsF
    from qgis.PyQt.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    if orientation not in (PORTRAIT, LANDSCAPE):
        raise ValueError(f"orientation must be {PORTRAIT!r} or {LANDSCAPE!r}, not {orientation!r}")
    path = Path(path)
    with atomic_file(path) as tmp:
        writer = QPdfWriter(tmp)
        writer.setResolution(300)
        turn = QPageLayout.Orientation.Landscape if orientation == LANDSCAPE else QPageLayout.Orientation.Portrait
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), turn,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        writer.setCreator("WPZF")
        doc = QTextDocument()
        font = QFont(font_family)
        font.setPointSizeF(point_size)
        # Without shaping Qt writes each character's own glyph, so text extracted from the PDF (search,
        # copy, pdftotext) keeps every digit; Chinese needs no shaping.
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        doc.setDefaultFont(font)
        doc.setHtml(html)
        printer = getattr(doc, "print_", None) or doc.print
        printer(writer)
        del writer  # finishes the file
    return path


def frame_html(df: pd.DataFrame, title: str, user_folder: Optional[PathLike] = None) -> str:
    """Any ledger DataFrame as an HTML table page (the same macro the reports use)."""
    src = '{% extends "base.html.j2" %}{% from "macros.html.j2" import table %}{% block body %}' \
          '{{ table(df) }}{% endblock %}'
    return environment(user_folder).from_string(src).render(**_page_context({"title": title, "df": df}))
