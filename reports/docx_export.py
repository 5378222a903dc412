"""The half-year and annual reports and the 附件5 accountability table as Word documents (.docx), optional.

python-docx is an optional dependency, looked for at run time: ``docx_available()`` says whether it is
importable and ``missing_message()`` tells the user how to install it. The documents are converted from
the same HTML the PDF is printed from (``html_to_docx``), so a template in the user's folder changes the
Word document too. The converter knows the small HTML subset of WPZF's templates: h1, h2, p (classes
t, fill, sign, caption, docno, note), table / tr / th / td (colspan, td.num, td.c, tr.total), b / strong,
br, hr or table.rule (a rule), and img (a local picture: charts, the map page; table.figure holds a
picture or the note why there is none); text of other tags flows into the current paragraph. Text is inserted
literally, never parsed. East Asian text is set in 宋体 (headings in 黑体) through ``w:eastAsia`` on the styles' fonts.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

from ..core.accountability import AccountabilityResult
from ..i18n import tr
from ..store.workspace import Workspace
from .files import atomic_file
from .render import PathLike, render_accountability

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BODY_PT = 12
TABLE_PT = 9


class DocxUnavailable(RuntimeError):
    """python-docx is not installed; the message says how to install it."""


def docx_available() -> bool:
    return importlib.util.find_spec("docx") is not None


def missing_message() -> str:
    return tr("python-docx is not installed, so no .docx reports were written. Install it with "
              "“pip install python-docx” (in QGIS's Python) or, on Debian/Ubuntu, “apt install python3-docx”.")


def _require_docx():
    if not docx_available():
        raise DocxUnavailable(missing_message())
    import docx

    return docx


# --- HTML → blocks -----------------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\r\n\f]+")  # ASCII whitespace only: U+3000 (全角空格) is text


class _Blocks(HTMLParser):
    """Flattens the report HTML into paragraphs and tables."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple] = []
        self._skip = 0
        self._para: Optional[dict] = None      # {"tag", "cls", "runs": [[text, bold]]}
        self._table: Optional[list] = None     # rows: [{"cls", "cells": [cell]}]
        self._cell: Optional[dict] = None      # {"th", "cls", "colspan", "runs"}
        self._bold = 0
        self._rule = False
        self._figure = False                   # inside a <table class="figure">: a picture (or its note), no grid

    # paragraphs
    def _open(self, tag: str, cls: str):
        self._close()
        self._para = {"tag": tag, "cls": cls, "runs": []}

    def _close(self):
        if self._para is not None:
            runs = _tidy(self._para["runs"])
            if runs:
                self.blocks.append(("p", self._para["tag"], self._para["cls"], runs))
            self._para = None

    def _text_target(self):
        if self._cell is not None:
            return self._cell["runs"]
        if self._para is None and self._table is None:
            self._para = {"tag": "p", "cls": "", "runs": []}
        return None if self._para is None else self._para["runs"]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag in ("style", "script", "title", "head"):
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "p", "div") and self._cell is None:
            self._open(tag, cls)
        elif tag == "table" and "figure" in cls.split():  # a chart: its picture, not a grid
            self._close()
            self._figure = True
        elif self._figure and tag in ("td", "th"):
            self._open("p", "figure")
        elif tag == "img":
            path = _image_path(a.get("src") or "")
            if path:
                self._close()
                self.blocks.append(("img", path))
        elif tag == "table" and "rule" in cls.split():  # a table drawn as a horizontal rule
            self._close()
            self.blocks.append(("hr",))
            self._skip += 1
            self._rule = True
        elif tag == "table":
            self._close()
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append({"cls": cls, "cells": []})
        elif tag in ("td", "th") and self._table is not None:
            if not self._table:
                self._table.append({"cls": "", "cells": []})
            try:
                span = max(1, int(a.get("colspan") or 1))
            except ValueError:
                span = 1
            self._cell = {"th": tag == "th", "cls": cls, "colspan": span, "runs": []}
            self._table[-1]["cells"].append(self._cell)
        elif tag in ("b", "strong"):
            self._bold += 1
        elif tag == "br":
            target = self._text_target()
            if target is not None:
                target.append(["\n", False])
        elif tag == "hr":
            self._close()
            self.blocks.append(("hr",))

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title", "head"):
            self._skip = max(0, self._skip - 1)
        elif self._figure and tag in ("td", "th"):
            self._close()
        elif self._figure and tag == "table":
            self._close()
            self._figure = False
        elif tag in ("h1", "h2", "h3", "p", "div") and self._cell is None:
            self._close()
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "table" and self._rule:
            self._rule = False
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._table is not None:
            rows = [r for r in self._table if r["cells"]]
            if rows:
                self.blocks.append(("table", rows))
            self._table = None
            self._cell = None
        elif tag in ("b", "strong"):
            self._bold = max(0, self._bold - 1)

    def handle_data(self, data):
        if self._skip:
            return
        text = _SPACE.sub(" ", data)
        if not text.strip(" ") and (self._para is None or not self._para["runs"]) and self._cell is None:
            return
        target = self._text_target()
        if target is not None and text:
            target.append([text, self._bold > 0])

    def close(self):
        super().close()
        self._close()


def _image_path(src: str) -> str:
    """The local file of an <img src> (a file: URL or a path), '' when it is not a readable file."""
    from urllib.parse import unquote, urlparse

    url = urlparse(src)
    path = unquote(url.path) if url.scheme == "file" else (src if not url.scheme else "")
    return path if path and Path(path).is_file() else ""


def _tidy(runs: list) -> list:
    """Join runs of equal weight, strip the paragraph's ends."""
    out: list = []
    for text, bold in runs:
        if out and out[-1][1] == bold:
            out[-1][0] += text
        else:
            out.append([text, bold])
    if out:
        out[0][0] = out[0][0].lstrip(" ")
        out[-1][0] = out[-1][0].rstrip(" ")
    return [(t, b) for t, b in out if t]


def html_blocks(html: str) -> list[tuple]:
    """("p", tag, class, [(text, bold)]), ("table", rows), ("img", path) and ("hr",) in document order."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


# --- blocks → docx -----------------------------------------------------------------------------------

def _set_fonts(font_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Fonts of a style or run: Latin text in ``latin``, East Asian text in ``east_asian`` (w:eastAsia)."""
    from docx.oxml.ns import qn

    font_owner.font.name = latin
    rpr = font_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _new_document(landscape: bool):
    docx = _require_docx()
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = docx.Document()
    sec = doc.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    sec.page_width, sec.page_height = width, height
    # 党政机关公文格式 (GB/T 9704) margins, a little narrower for landscape tables
    sec.top_margin, sec.bottom_margin = (Mm(37), Mm(35)) if not landscape else (Mm(20), Mm(20))
    sec.left_margin, sec.right_margin = (Mm(28), Mm(26)) if not landscape else (Mm(20), Mm(20))
    normal = doc.styles["Normal"]
    _set_fonts(normal, BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.5
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 13)):
        st = doc.styles[name]
        _set_fonts(st, HEADING_FONT)
        st.font.size = Pt(size)
        st.font.bold = name != "Title"
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        st.paragraph_format.space_after = Pt(6)
        # drop the default template's blue rule under the title and its letter spacing
        for parent, tag in ((st.element.pPr, "w:pBdr"), (st.element.rPr, "w:spacing")):
            found = parent.find(qn(tag)) if parent is not None else None
            if found is not None:
                parent.remove(found)
    return doc


def _describe(doc, html: str) -> None:
    """The file's properties as a person sees them in Word (文件 ▸ 属性): the report's title and the time it was made,
    not python-docx's template (its comment "generated by python-docx", created in 2013)."""
    import html as html_lib
    import re

    found = re.search(r"<title>(.*?)</title>", html, re.S)
    props = doc.core_properties
    props.title = html_lib.unescape(found.group(1).strip()) if found else ""
    props.subject = props.keywords = props.comments = props.category = ""
    props.author = props.last_modified_by = ""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)   # the package stores UTC
    props.created = props.modified = now
    props.revision = 1


def _page_numbers(doc) -> None:
    """第 N 页 共 M 页 centred in every page's footer (Word fills the fields in), as the PDF pages print it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    par = doc.sections[0].footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field(code: str) -> None:
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            run = par.add_run()
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            elif text == code:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {code} "
            else:
                el = OxmlElement("w:t")
                el.text = text
            run._r.append(el)

    par.add_run("第 ")
    field("PAGE")
    par.add_run(" 页 共 ")
    field("NUMPAGES")
    par.add_run(" 页")


def _add_runs(par, runs, size: Optional[float] = None, highlight=None, color=None) -> None:
    from docx.shared import Pt

    for text, bold in runs:
        parts = text.split("\n")
        for k, piece in enumerate(parts):
            run = par.add_run(piece)
            if k < len(parts) - 1:
                run.add_break()
            if bold:
                run.bold = True
            if size:
                run.font.size = Pt(size)
            if highlight is not None:
                run.font.highlight_color = highlight
            if color is not None:
                run.font.color.rgb = color


def _paragraph(doc, tag: str, cls: str, runs) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Pt, RGBColor

    classes = set(cls.split())
    if tag == "h1":
        par = doc.add_paragraph(style="Title")
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.space_after = Pt(12)
        _add_runs(par, runs)
        return
    if tag in ("h2", "h3"):
        par = doc.add_paragraph(style="Heading 1" if tag == "h2" else "Heading 2")
        _add_runs(par, runs)
        return
    par = doc.add_paragraph()
    fmt = par.paragraph_format
    if classes & {"t", "fill"}:
        fmt.first_line_indent = Pt(2 * BODY_PT)
    if "sign" in classes:
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if "signfirst" in classes:
            fmt.space_before = Pt(2 * BODY_PT)
    if classes & {"caption", "docno", "figure"}:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if "caption" in classes:
        fmt.space_before = Pt(6)
        runs = [(t, True) for t, _ in runs]
    if "fill" in classes:
        _add_runs(par, runs, highlight=WD_COLOR_INDEX.YELLOW)
    elif classes & {"note", "meta"}:
        fmt.space_before = Pt(12)
        _add_runs(par, runs, size=8, color=RGBColor(0x55, 0x55, 0x55))
    else:
        _add_runs(par, runs)


def _table(doc, rows) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ncols = max(sum(c["colspan"] for c in r["cells"]) for r in rows)
    table = doc.add_table(rows=0, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r in rows:
        cells = table.add_row().cells
        col = 0
        for c in r["cells"]:
            cell = cells[col]
            if c["colspan"] > 1 and col + c["colspan"] - 1 < ncols:
                cell = cell.merge(cells[col + c["colspan"] - 1])
            col += c["colspan"]
            par = cell.paragraphs[0]
            par.paragraph_format.line_spacing = 1.0
            bold = c["th"] or "total" in r["cls"].split()
            _add_runs(par, [(t, b or bold) for t, b in _tidy(c["runs"])], size=TABLE_PT)
            classes = set(c["cls"].split())
            if c["th"] or "c" in classes:
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif "num" in classes:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if c["th"]:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:color"), "auto")
                shade.set(qn("w:fill"), "E8E8E8")
                cell._tc.get_or_add_tcPr().append(shade)
            if col >= ncols:
                break
    # the header row repeats on every page
    first = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    first.append(header)


def _rule(doc) -> None:
    """A red rule under the document number (公文版头的分隔线)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    par = doc.add_paragraph()
    ppr = par._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def _picture(doc, path: str, landscape: bool) -> None:
    """A chart or map picture, centred, as wide as the page body."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc.add_picture(path, width=Mm(250 if landscape else 155))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def html_to_docx(html: str, path: PathLike, landscape: bool = False) -> Path:
    """Write the report ``html`` as a .docx at ``path`` (atomically). Raises DocxUnavailable without
    python-docx."""
    doc = _new_document(landscape)
    _describe(doc, html)
    _page_numbers(doc)
    for block in html_blocks(html):
        if block[0] == "p":
            _paragraph(doc, *block[1:])
        elif block[0] == "table":
            _table(doc, block[1])
        elif block[0] == "hr":
            _rule(doc)
        elif block[0] == "img":
            _picture(doc, block[1], landscape)
    path = Path(path)
    with atomic_file(path) as tmp:
        doc.save(tmp)
    return path


# --- the reports -------------------------------------------------------------------------------------

def write_half_year_docx(ws: Workspace, year: int, path: PathLike, today: Optional[dt.date] = None,
                         user_folder: Optional[PathLike] = None, **kwargs) -> Path:
    from .narrative import render_half_year

    _require_docx()
    return html_to_docx(render_half_year(ws, year, today, user_folder, **kwargs), path)


def write_annual_docx(ws: Workspace, year: int, path: PathLike, today: Optional[dt.date] = None,
                      user_folder: Optional[PathLike] = None, **kwargs) -> Path:
    from .narrative import render_annual

    _require_docx()
    return html_to_docx(render_annual(ws, year, today, user_folder, **kwargs), path)


def write_accountability_docx(result: AccountabilityResult, path: PathLike,
                              user_folder: Optional[PathLike] = None) -> Path:
    _require_docx()
    return html_to_docx(render_accountability(result, user_folder), path, landscape=True)


def export_docx(ws: Workspace, folder: PathLike, year: int, today: Optional[dt.date] = None,
                result: Optional[AccountabilityResult] = None,
                user_folder: Optional[PathLike] = None) -> tuple[list[Path], Optional[str]]:
    """半年报告.docx, 年度报告.docx and 问责测算.docx in ``folder``: (files written, None), or
    ([], the install hint) when python-docx is missing."""
    if not docx_available():
        return [], missing_message()
    from ..store.determinations import workspace_accountability

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    result = result if result is not None else workspace_accountability(ws)
    return [write_half_year_docx(ws, year, folder / "半年报告.docx", today, user_folder),
            write_annual_docx(ws, year, folder / "年度报告.docx", today, user_folder),
            write_accountability_docx(result, folder / "问责测算.docx", user_folder)], None
