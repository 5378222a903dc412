"""The 卫片执法图斑核查图: one printed A4 page per patch, through QGIS's own atlas (QgsPrintLayout + QgsLayoutAtlas
+ QgsLayoutExporter).

The page comes from a print-layout template, ``reports/templates/patch_map.qpt`` (built by
tools/make_patch_map_qpt.py); an explicit ``template``, or else a ``patch_map.qpt`` in the user's template
folder, wins. The template fixes where things are and how they look; this module prepares the data and binds it
to the layout items **by their item ids**, so an office may move, resize or restyle any item in QGIS's layout
designer and save the result as its own template (an id it deletes is simply not filled):

=================  ==================================================================================
item id            what is bound
=================  ==================================================================================
map_before         before imagery, the other patches, the patch (yellow/red outline), its parts, the photo
                   points (arrow turned by the shooting direction FX)
map_after          after imagery and the same vector layers as map_before
map_landuse        the land survey (三调 DLTB: classes coloured by group, outlines, DLBM labels), the patch,
                   its parts and photo points
legend             the patch, parts, photo points and the land classes shown on map_landuse
scalebar           linked to map_after unless the template links it to another map
photo_1, photo_2   pictures whose source is the coverage field ZP1 / ZP2 (thumbnails of the first two photos)
attributes         a manual table whose value cells are expressions over the coverage fields; its value column
                   width decides where long Chinese values are broken into lines
=================  ==================================================================================

Every other text (title, captions, notes, date, page number, signature block) is a plain-text label whose
``[% "FIELD" %]`` expressions read the coverage fields (``COVERAGE_FIELDS``). The values are strings and are
printed literally (no HTML mode anywhere), so text such as ``<script>`` or ``=cmd|…`` comes out as inert text.

The coverage layer is a memory layer with one feature per patch, in the county's CGCS2000 3° Gauss–Krüger zone;
its geometry is the map frame (the patch's extent with a margin, at least ``MIN_FRAME_M`` metres across), so the
atlas maps pick one of ``SCALES`` that shows the patch with room around it. Everything lives in a private
QgsProject: nothing is added to the user's project, and layers passed in are cloned.
"""
from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Union

from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeedback,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTree,
    QgsLayerTreeLayer,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayer,
    QgsMapLayerLegendUtils,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPointXY,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsRasterLayer,
    QgsReadWriteContext,
    QgsRectangle,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSimpleMarkerSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QFont, QImageReader
from qgis.PyQt.QtXml import QDomDocument

from ..core.labels import clause_label, split_codes
from ..core.landclass import load_landclass
from ..core.rosters import RosterError, load_default_roster
from ..exchange.photos import beijing_time, resolve_stored_path
from ..i18n import tr
from ..rules import load_ruleset
from ..rules.ruleset import RuleSetError
from ..store.workspace import GEOM, Workspace
from .files import atomic_file
from .fonts import pdf_font_family
from .ledgers import text_or_blank
from .render import format_mu as report_mu

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "patch_map.qpt"
CJK_FONT = "Noto Sans CJK SC"
PathLike = Union[str, os.PathLike]
LayerArg = Union[None, str, os.PathLike, QgsMapLayer]

ITEM_IDS = ("map_before", "map_after", "map_landuse", "legend", "scalebar", "photo_1", "photo_2", "attributes")
# The coverage layer's fields — what the template's expressions may use. All text except TBID and XH.
COVERAGE_FIELDS = (
    ("TBID", "integer"),                                                           # the patch's fid
    ("XH", "integer"),                                                             # page number in the atlas
    ("JCBH", "string"), ("PCBH", "string"), ("JB", "string"), ("PC", "string"),   # PC: 批次（级别）
    ("XZMC", "string"), ("CMC", "string"), ("XZC", "string"),                     # XZC: 乡镇 / 村
    ("TBMJMU", "string"), ("GDMJ", "string"), ("YJJBNTMJ", "string"),             # 亩, two decimals
    ("PDJG", "string"), ("PDTK", "string"),                                       # PDTK: the clauses' titles
    ("HCJZ", "string"), ("ZT", "string"), ("XFSJ", "string"), ("BBLD", "string"),  # BBLD: 包保领导
    ("QSX", "string"), ("HSX", "string"),                                         # imagery dates
    ("QSXSM", "string"), ("HSXSM", "string"), ("DLSM", "string"),                 # "not available" notes
    ("ZP1", "string"), ("ZP2", "string"), ("ZP1SM", "string"), ("ZP2SM", "string"),  # photo files, captions
    ("WJM", "string"),                                                             # file name (per-patch PDFs)
)

SCALES = (500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 15000, 20000, 25000, 50000, 100000, 250000)
MIN_FRAME_M = 100.0      # smallest map frame (m): a 20 m patch is not shown at 1:300
MARGIN = 0.2             # frame margin around the patch, as a share of its larger side
THUMB_PX = 1200          # photos are printed from thumbnails of at most this many pixels a side
VALUE_WRAP = 28          # half-width characters per line of a table value when the template gives no table
PDTK_LINES = 5           # clause lines in the attribute table (the 核查记录表 has them all)
EMPTY = "—"
NO_LINE_START = set("，。、；：！？）》」』】〕,.;:!?)]}…")

# Printed-form vocabulary (the page is a Chinese official form, like the 核查记录表 of reports/render.py)
LEGEND = {"patch": "本图斑", "others": "其他图斑", "parts": "分割地块", "photos": "照片位置及拍摄方向",
          "landuse": "三调地类", "before": "前时相影像", "after": "后时相影像"}
DIRECTIONS = ("北", "东北", "东", "东南", "南", "西南", "西", "西北")
# 三调 land-class groups (core/landclass.py) → fill colour on the land-survey map
GROUP_COLORS = {
    "耕地": "250,240,120", "种植园用地": "240,190,110", "林地": "120,190,110", "草地": "185,225,140",
    "湿地": "120,200,210", "商业服务业用地": "240,140,140", "工矿用地": "200,160,180", "住宅用地": "245,170,130",
    "公共管理与公共服务用地": "235,150,200", "特殊用地": "190,150,170", "交通运输用地": "190,190,190",
    "水域及水利设施用地": "140,190,240", "其他土地": "225,215,195",
}
OTHER_CLASS = "其他"


class AtlasError(RuntimeError):
    """The atlas cannot be made (template unreadable, a layer that does not open, an export failure)."""


# ---- plain helpers ---------------------------------------------------------------------------------------------

def template_path(template: Optional[PathLike] = None, user_folder: Optional[PathLike] = None) -> Path:
    """The template to use: ``template`` if given, else ``<user_folder>/patch_map.qpt`` if it exists, else the
    shipped one."""
    if template:
        return Path(template)
    if user_folder and (Path(user_folder) / TEMPLATE_NAME).is_file():
        return Path(user_folder) / TEMPLATE_NAME
    return TEMPLATES / TEMPLATE_NAME


def leader_of(township: Optional[str], village: Optional[str]) -> str:
    """The county leader who guarantees (包保) the village, when the roster knows it; else ''."""
    if not village:
        return ""
    try:
        return load_default_roster().village(village, township or None).guarantor
    except RosterError:
        return ""


def format_mu(v) -> str:
    """An area in 亩 as printed on the map page: two decimals, — when empty (the reports' format_mu)."""
    return report_mu(v) or EMPTY


def direction_text(deg) -> str:
    """Shooting direction as printed: '西（269°）'."""
    try:
        d = float(deg)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(d):
        return ""
    d = round(d) % 360
    return f"{DIRECTIONS[int((d + 22.5) // 45) % 8]}（{d}°）"


def wrap_text(text: str, width: int = VALUE_WRAP) -> str:
    """Break ``text`` into lines of at most ``width`` half-width characters (a CJK character counts two):
    QGIS tables break lines only at spaces, and Chinese has none."""
    lines = []
    for para in str(text).split("\n"):
        line, used = "", 0
        for ch in para:
            w = 2 if ord(ch) >= 0x2E80 else 1
            # closing punctuation never starts a line: it hangs past the width (the caller leaves room)
            if used + w > width and line and ch not in NO_LINE_START:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += w
        lines.append(line)
    return "\n".join(lines)


def _at_most(text: str, n: int) -> str:
    lines = text.split("\n")
    return text if len(lines) <= n else "\n".join(lines[:n - 1] + [lines[n - 1][:-1] + "…"])


def safe_filename(name: str) -> str:
    """A file name from a 监测编号 (or any text): letters, digits, CJK, '-' and '_' only."""
    s = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", str(name)).strip("._")[:80]
    return s or "patch"


@lru_cache(maxsize=4)
def _clause_titles(year: Optional[str]) -> dict:
    try:
        return dict(load_ruleset(year).clauses)
    except (RuleSetError, OSError, ValueError):
        return {}


def clause_text(codes, year=None) -> list[str]:
    """'A4.5、CR' → the clauses as the work plan cites them, with their subject (core/labels.py; ids only the
    rule set of ``year`` knows read as its titles, unknown ids as they are)."""
    titles = _clause_titles(str(year) if year is not None and str(year).isdigit() else None)
    return [clause_label(c, long=True, titles=titles) for c in split_codes(codes)]


def select_patches(ws: Workspace, fids: Optional[Iterable[int]] = None, batch_code: Optional[str] = None,
                   township: Optional[str] = None) -> list[int]:
    """The fids of the patches to map (all three filters combine), in print order: batch issue date, batch,
    监测编号."""
    sql = 'SELECT p.fid FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"'
    where, params = [], []
    if batch_code:
        where.append(f'b."PCBH" = {ws.ph}')
        params.append(batch_code)
    if township:
        where.append(f'p."XZMC" = {ws.ph}')
        params.append(township)
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = [int(r[0]) for r in ws._fetch(sql + ' ORDER BY b."XFRQ", b."PCBH", p."JCBH", p.fid', params)]
    if fids is not None:
        wanted = {int(f) for f in fids}
        rows = [f for f in rows if f in wanted]
    return rows


def _chunks(seq: Sequence[int], n: int = 500):
    for s in range(0, len(seq), n):
        yield list(seq[s:s + n])


def atlas_records(ws: Workspace, fids: Sequence[int], wrap: int = VALUE_WRAP) -> list[dict]:
    """One dict per patch (in ``fids`` order) with the coverage fields as printed text (not the imagery notes
    and photo files, which depend on the layers), plus ``photos``: the patch's photos in shooting order as
    (absolute path, caption)."""
    base: dict[int, dict] = {}
    dets: dict[int, list] = {}
    photos: dict[int, list] = {}
    parts: dict[int, str] = {}
    cols = ("TBID", "JCBH", "PCBH", "JB", "XZMC", "CMC", "TBMJMU", "GDMJ", "YJJBNTMJ", "PDJG", "HCJZ", "ZT", "XFSJ",
            "QSX", "HSX", "GZND")
    for part in _chunks(fids):
        marks = ", ".join([ws.ph] * len(part))
        for r in ws._fetch(
                'SELECT p.fid, p."JCBH", b."PCBH", b."JB", p."XZMC", p."CMC", p."TBMJMU", p."GDMJ", p."YJJBNTMJ", '
                'p."PDJG", p."HCJZ", p."ZT", p."XFSJ", p."QSX", p."HSX", b."GZND" FROM wz_patch p '
                f'JOIN wz_batch b ON b.fid = p."PCID" WHERE p.fid IN ({marks})', part):
            base[int(r[0])] = dict(zip(cols, r))
        for r in ws._fetch(f'SELECT "TBID", "FGID", "PDJG", "PDTK", "GZJ" FROM wz_determ WHERE "TBID" IN ({marks}) '
                           'ORDER BY "TBID", "FGID", fid', part):
            dets.setdefault(int(r[0]), []).append(r[1:])
        for r in ws._fetch(f'SELECT fid, "FGBH" FROM wz_part WHERE "TBID" IN ({marks})', part):
            parts[int(r[0])] = text_or_blank(r[1])
        for r in ws._fetch(f'SELECT "TBID", "WJLJ", "FX", "PSSJ" FROM wz_photo WHERE "TBID" IN ({marks}) '
                           'ORDER BY "TBID", "PSSJ", fid', part):
            photos.setdefault(int(r[0]), []).append(r[1:])
    records, names = [], {}
    for fid in fids:
        b = base.get(int(fid))
        if b is None:
            continue
        t = {c: text_or_blank(b[c]).strip() for c in cols[1:-1]}
        rec = {"TBID": int(fid), "XH": len(records) + 1, **t,
               "PC": wrap_text(f"{t['PCBH']}（{t['JB']}）" if t["JB"] else t["PCBH"] or EMPTY, wrap),
               "XZC": wrap_text(" / ".join(x for x in (t["XZMC"], t["CMC"]) if x) or EMPTY, wrap),
               "TBMJMU": format_mu(b["TBMJMU"]), "GDMJ": format_mu(b["GDMJ"]), "YJJBNTMJ": format_mu(b["YJJBNTMJ"]),
               "PDJG": wrap_text(t["PDJG"] or "未判定", wrap), "BBLD": leader_of(t["XZMC"], t["CMC"]) or EMPTY}
        for key in ("JCBH", "HCJZ", "ZT"):
            rec[key] = t[key] or EMPTY
        lines = []
        for fgid, pdjg, pdtk, gzj in dets.get(int(fid), []):
            titles = clause_text(pdtk, gzj or b["GZND"])
            if fgid is not None and fgid == fgid:   # a part's determination: say which part and what
                lines.append(f"{parts.get(int(fgid), '')}：{text_or_blank(pdjg)}" + ("，" if titles else ""))
                lines[-1] += "；".join(titles)
            else:
                lines += titles
        rec["PDTK"] = _at_most(wrap_text("\n".join(dict.fromkeys(lines)), wrap), PDTK_LINES) if lines else EMPTY
        rec["photos"] = []
        for n, (path, fx, when) in enumerate(photos.get(int(fid), []), start=1):
            taken = beijing_time(when)
            caption = "　".join(x for x in (f"照片{n}", direction_text(fx) and f"拍摄方向 {direction_text(fx)}",
                                            taken.strftime("%Y-%m-%d %H:%M") if taken else "") if x)
            rec["photos"].append((str(resolve_stored_path(ws.files_location, text_or_blank(path))), caption))
        stem = safe_filename(t["JCBH"])
        names[stem] = names.get(stem, 0) + 1
        rec["WJM"] = stem if names[stem] == 1 else f"{stem}_{safe_filename(t['PCBH'])}_{names[stem]}"
        records.append(rec)
    return records


def gauss_kruger_crs(lon: float) -> QgsCoordinateReferenceSystem:
    """The CGCS2000 3-degree Gauss–Krüger zone (central meridian, no zone prefix) around longitude ``lon``:
    EPSG:4534 (75°E) … EPSG:4554 (135°E); outside China EPSG:4490 itself."""
    cm = int(round(lon / 3.0)) * 3
    if 75 <= cm <= 135:
        return QgsCoordinateReferenceSystem(f"EPSG:{4534 + (cm - 75) // 3}")
    return QgsCoordinateReferenceSystem("EPSG:4490")


# ---- layers and styles -----------------------------------------------------------------------------------------

def _source_of(layer) -> str:
    return layer.source() if isinstance(layer, QgsMapLayer) else str(layer)


def _raster(layer: LayerArg, name: str) -> Optional[QgsRasterLayer]:
    if layer is None or str(layer) == "":
        return None
    if isinstance(layer, QgsMapLayer):
        if not isinstance(layer, QgsRasterLayer):
            raise AtlasError(tr("{name} is not a raster layer").format(name=layer.name()))
        out = layer.clone()
    else:
        out = QgsRasterLayer(str(layer), name, "gdal")
    if out is None or not out.isValid():
        raise AtlasError(tr("Cannot open the raster {path}").format(path=_source_of(layer)))
    out.setName(name)
    return out


def _vector(layer: LayerArg, name: str, default_layername: str = "DLTB") -> Optional[QgsVectorLayer]:
    """A vector layer from a layer or a path; a GeoPackage path opens its DLTB layer when it has one."""
    if layer is None or str(layer) == "":
        return None
    if isinstance(layer, QgsMapLayer):
        if not isinstance(layer, QgsVectorLayer):
            raise AtlasError(tr("{name} is not a vector layer").format(name=layer.name()))
        out = layer.clone()
    else:
        src = str(layer)
        out = None
        if "|" not in src and src.lower().endswith(".gpkg"):
            out = QgsVectorLayer(f"{src}|layername={default_layername}", name, "ogr")
        if out is None or not out.isValid():
            out = QgsVectorLayer(src, name, "ogr")
    if out is None or not out.isValid():
        raise AtlasError(tr("Cannot open the layer {path}").format(path=_source_of(layer)))
    out.setName(name)
    return out


def _memory_layer(geometry: str, crs: QgsCoordinateReferenceSystem, fields, name: str) -> QgsVectorLayer:
    uri = f"{geometry}?crs={crs.authid()}" + "".join(f"&field={n}:{t}" for n, t in fields)
    return QgsVectorLayer(uri, name, "memory")


def _outlines(*lines) -> QgsFillSymbol:
    """A fill symbol of outlines only, (colour, width mm, dashed) from the bottom up."""
    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)
    for color, width, dashed in lines:
        symbol.appendSymbolLayer(QgsSimpleFillSymbolLayer.create(
            {"style": "no", "outline_color": color, "outline_width": str(width), "joinstyle": "round",
             "outline_style": "dash" if dashed else "solid"}))
    return symbol


def _text_format(size: float, color: str) -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont(pdf_font_family())
    font.setPointSizeF(size)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(*[int(x) for x in color.split(",")]))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.6)
    buf.setColor(QColor(255, 255, 255))
    fmt.setBuffer(buf)
    return fmt


def _label(layer: QgsVectorLayer, expression: str, size: float, color: str = "20,20,20") -> None:
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    settings.setFormat(_text_format(size, color))
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def _style_patches(layer: QgsVectorLayer) -> None:
    """The mapped patch: red on a yellow casing, visible on any imagery; other patches thin dashed orange."""
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(_outlines(("255,235,0", 1.2, False), ("230,0,0", 0.5, False)),
                                               filterExp="$id = attribute(@atlas_feature, 'TBID')",
                                               label=LEGEND["patch"]))
    root.appendChild(QgsRuleBasedRenderer.Rule(_outlines(("255,150,0", 0.35, True)), filterExp="ELSE",
                                               label=LEGEND["others"]))
    layer.setRenderer(QgsRuleBasedRenderer(root))


def _style_parts(layer: QgsVectorLayer) -> None:
    layer.setRenderer(QgsSingleSymbolRenderer(_outlines(("0,230,255", 0.45, True))))
    _label(layer, '"FGBH"', 8, "0,70,120")


def _style_photos(layer: QgsVectorLayer) -> None:
    """The camera as a dot and an arrow ahead of it, the whole symbol turned by FX (clockwise from north)."""
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,255,255", "outline_color": "0,0,0",
                                           "outline_width": "0.35", "size": "2.4"})
    for props in ({"name": "line", "color": "0,0,0", "outline_color": "0,0,0", "outline_width": "1.1",
                   "size": "4.0", "offset": "0,-3.0"},
                  {"name": "line", "color": "0,210,255", "outline_color": "0,210,255", "outline_width": "0.6",
                   "size": "3.8", "offset": "0,-3.0"},
                  {"name": "filled_arrowhead", "color": "0,210,255", "outline_color": "0,0,0",
                   "outline_width": "0.25", "size": "3.6", "offset": "0,-5.6"}):
        symbol.appendSymbolLayer(QgsSimpleMarkerSymbolLayer.create(props))
    symbol.setDataDefinedAngle(QgsProperty.fromExpression('coalesce("FX", 0)'))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    _label(layer, '"XH"', 7.5, "0,0,0")


def _landclass_expression(field: str) -> tuple[str, list[str]]:
    """A CASE expression giving the 三调 group of a DLBM code (0102K counts as 0102), and the groups in table
    order."""
    table = load_landclass()
    by_group: dict[str, list[str]] = {}
    for code, group in zip(table.frame["DLBM"], table.frame["group"]):
        by_group.setdefault(group, []).append(code)
    q = '"' + field.replace('"', '""') + '"'
    whens = " ".join("WHEN left({q}, 4) IN ({codes}) OR {q} IN ({codes}) THEN '{g}'".format(
        q=q, codes=", ".join("'" + c.replace("'", "''") + "'" for c in codes), g=group.replace("'", "''"))
        for group, codes in by_group.items())
    return f"CASE {whens} ELSE '{OTHER_CLASS}' END", list(by_group)


def _style_landuse(layer: QgsVectorLayer) -> None:
    """Classes filled by 三调 group, thin grey outlines, DLBM labels (outlines only if there is no DLBM)."""
    dlbm = {f.name().upper(): f.name() for f in layer.fields()}.get("DLBM")
    outline = {"outline_color": "110,110,110", "outline_width": "0.15"}
    if dlbm is None:
        layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({"style": "no", **outline})))
        return
    expression, groups = _landclass_expression(dlbm)
    categories = [QgsRendererCategory(g, QgsFillSymbol.createSimple({"color": GROUP_COLORS.get(g, "230,230,230"),
                                                                     **outline}), g) for g in groups]
    categories.append(QgsRendererCategory(OTHER_CLASS, QgsFillSymbol.createSimple({"color": "235,235,235",
                                                                                   **outline}), OTHER_CLASS))
    layer.setRenderer(QgsCategorizedSymbolRenderer(expression, categories))
    _label(layer, '"' + dlbm.replace('"', '""') + '"', 6.5, "40,40,40")


def _user_style(layer: QgsVectorLayer, user_folder: Optional[PathLike], key: str) -> None:
    """``<user_folder>/patch_map_<key>.qml`` restyles a layer (key: patch, parts, photos, landuse)."""
    if user_folder:
        qml = Path(user_folder) / f"patch_map_{key}.qml"
        if qml.is_file():
            layer.loadNamedStyle(str(qml))


def _thumbnail(src: str, out: Path) -> str:
    """A JPEG of at most THUMB_PX pixels a side, turned upright by its EXIF orientation; '' if unreadable."""
    if not src or not os.path.isfile(src):
        return ""
    reader = QImageReader(src)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > THUMB_PX:
        s = THUMB_PX / max(size.width(), size.height())
        reader.setScaledSize(QSize(max(1, round(size.width() * s)), max(1, round(size.height() * s))))
    image = reader.read()
    if image.isNull():
        return ""
    return str(out) if image.save(str(out), "JPG", 85) else ""


def _covers(layer: Optional[QgsMapLayer], box: QgsRectangle, transform: Optional[QgsCoordinateTransform]) -> bool:
    """Whether ``layer``'s extent meets ``box`` (EPSG:4490)."""
    if layer is None:
        return False
    try:
        rect = transform.transformBoundingBox(box) if transform is not None else box
    except Exception:   # noqa: BLE001 - a failed transform: we cannot tell, so say it covers
        return True
    return layer.extent().intersects(rect)


# ---- the atlas -------------------------------------------------------------------------------------------------

class _Cancelled(Exception):
    pass


class AtlasFiles(list):
    """The files written (a list of paths, as before) and what their pages lack: ``pages`` printed, of them
    ``without_imagery`` with no before or no after image over the patch (the page says 无影像 there)."""

    def __init__(self, files=(), pages: int = 0, without_imagery: int = 0):
        super().__init__(files)
        self.pages, self.without_imagery = int(pages), int(without_imagery)


class _Atlas:
    """The private project, layers and layout of one export."""

    def __init__(self, ws: Workspace, fids: list[int], template: Path, before: LayerArg, after: LayerArg,
                 landuse: LayerArg, user_folder: Optional[PathLike], scratch: Path, cancelled: Callable[[], bool]):
        self.ws, self.project = ws, QgsProject()
        self.layout = self._load(template)
        self.records = atlas_records(ws, fids, self._value_wrap())
        wgs = QgsCoordinateReferenceSystem("EPSG:4490")

        uri, provider = ws.qgis_source("wz_patch")
        self.patches = QgsVectorLayer(uri, LEGEND["patch"], provider)
        uri, provider = ws.qgis_source("wz_part")
        self.parts = QgsVectorLayer(uri, LEGEND["parts"], provider)
        if not self.patches.isValid() or not self.parts.isValid():
            raise AtlasError(tr("Cannot open the patches of {path}").format(path=str(ws.location)))
        self.before = _raster(before, LEGEND["before"])
        self.after = _raster(after, LEGEND["after"])
        self.landuse = _vector(landuse, LEGEND["landuse"])

        boxes = {}
        request = QgsFeatureRequest()
        request.setFilterFids([r["TBID"] for r in self.records])
        request.setNoAttributes()
        for f in self.patches.getFeatures(request):
            if f.hasGeometry() and not f.geometry().isEmpty():
                boxes[int(f.id())] = f.geometry().boundingBox()
        extent = QgsRectangle()
        for box in boxes.values():
            extent = QgsRectangle(box) if extent.isNull() else extent
            extent.combineExtentWith(box)
        self.crs = gauss_kruger_crs(extent.center().x() if boxes else 0.0)
        self.project.setCrs(self.crs)
        to_map = QgsCoordinateTransform(wgs, self.crs, self.project)
        to_layer = {lyr: QgsCoordinateTransform(wgs, lyr.crs(), self.project)
                    for lyr in (self.before, self.after, self.landuse)
                    if lyr is not None and lyr.crs().isValid() and lyr.crs() != wgs}

        self.coverage = _memory_layer("Polygon", self.crs, COVERAGE_FIELDS, "卫片执法图斑核查图")
        features = []
        for k, rec in enumerate(self.records):
            if cancelled():
                raise _Cancelled()
            box = boxes.get(rec["TBID"])
            rec["QSXSM"] = "" if box is None or _covers(self.before, box, to_layer.get(self.before)) \
                else tr("Imagery not available")
            rec["HSXSM"] = "" if box is None or _covers(self.after, box, to_layer.get(self.after)) \
                else tr("Imagery not available")
            rec["DLSM"] = "" if box is None or _covers(self.landuse, box, to_layer.get(self.landuse)) \
                else tr("Land survey not available")
            for n in (1, 2):
                path, caption = rec["photos"][n - 1] if len(rec["photos"]) >= n else ("", "")
                rec[f"ZP{n}"] = _thumbnail(path, scratch / f"{k}_{n}.jpg") if path else ""
                rec[f"ZP{n}SM"] = caption if rec[f"ZP{n}"] else ("无现场照片" if n == 1 else "")
            f = QgsFeature(self.coverage.fields())
            f.setAttributes([rec.get(name) for name, _ in COVERAGE_FIELDS])
            if box is not None:
                f.setGeometry(self._frame(to_map.transformBoundingBox(box)))
            features.append(f)
        self.coverage.dataProvider().addFeatures(features)
        self.lacks_imagery = [bool(rec["QSXSM"] or rec["HSXSM"]) for rec in self.records]   # per page, in order
        self.coverage.updateExtents()
        self.photos = self._photo_layer(wgs)

        _style_patches(self.patches)
        _style_parts(self.parts)
        _style_photos(self.photos)
        if self.landuse is not None:
            _style_landuse(self.landuse)
        for lyr, key in ((self.patches, "patch"), (self.parts, "parts"), (self.photos, "photos"),
                         (self.landuse, "landuse")):
            if lyr is not None:
                _user_style(lyr, user_folder, key)
        self.project.addMapLayers([x for x in (self.coverage, self.patches, self.parts, self.photos, self.landuse,
                                               self.before, self.after) if x is not None], False)
        self._bind()

    # -- data
    @staticmethod
    def _frame(r: QgsRectangle) -> QgsGeometry:
        """The map frame of a patch whose extent (map CRS, metres) is ``r``: a square with a margin."""
        side = max(r.width(), r.height())
        half = max(side * (0.5 + MARGIN), MIN_FRAME_M / 2)
        c = r.center()
        return QgsGeometry.fromRect(QgsRectangle(c.x() - half, c.y() - half, c.x() + half, c.y() + half))

    def _photo_layer(self, crs) -> QgsVectorLayer:
        layer = _memory_layer("Point", crs, (("TBID", "integer"), ("XH", "integer"), ("FX", "double")),
                              LEGEND["photos"])
        features = []
        for part in _chunks([r["TBID"] for r in self.records]):
            marks = ", ".join([self.ws.ph] * len(part))
            rows = self.ws.select("wz_photo", ["TBID", "FX", "PSSJ"], where=f'"TBID" IN ({marks})', params=part,
                                  geometry=True, order_by='"TBID", "PSSJ", fid')
            seq: dict[int, int] = {}
            for tbid, fx, geom in zip(rows["TBID"], rows["FX"], rows[GEOM] if len(rows) else []):
                if geom is None or getattr(geom, "is_empty", True):
                    continue
                seq[int(tbid)] = seq.get(int(tbid), 0) + 1
                f = QgsFeature(layer.fields())
                f.setAttributes([int(tbid), seq[int(tbid)], None if fx is None or fx != fx else float(fx)])
                f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(geom.x, geom.y)))
                features.append(f)
        layer.dataProvider().addFeatures(features)
        return layer

    # -- layout
    def _load(self, template: Path) -> QgsPrintLayout:
        try:
            text = Path(template).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise AtlasError(tr("Cannot read the template {path}: {error}").format(path=str(template),
                                                                                   error=str(e))) from e
        # The layout's CJK text drawn with the PDF-safe copy of the font (see reports/fonts.py).
        text = text.replace(CJK_FONT, pdf_font_family())
        doc = QDomDocument()
        layout = QgsPrintLayout(self.project)
        layout.initializeDefaults()
        if not doc.setContent(text) or not layout.loadFromTemplate(doc, QgsReadWriteContext())[1]:
            raise AtlasError(tr("{path} is not a print layout template").format(path=str(template)))
        layout.renderContext().setPredefinedScales([float(s) for s in SCALES])
        return layout

    def item(self, item_id: str, kind):
        item = self.layout.itemById(item_id)
        if isinstance(item, QgsLayoutFrame):
            item = item.multiFrame()
        return item if isinstance(item, kind) else None

    def _value_wrap(self) -> int:
        """Half-width characters that fit the value column of the attribute table."""
        table = self.item("attributes", QgsLayoutItemManualTable)
        if table is None or len(table.columnWidths()) < 2 or table.columnWidths()[-1] <= 0:
            return VALUE_WRAP
        fmt = table.contentTextFormat()
        unit = QgsUnitTypes.encodeUnit(fmt.sizeUnit())
        em_mm = fmt.size() * (25.4 / 72.0 if unit == "Point" else 1.0 if unit == "MM" else 0.0)
        if em_mm <= 0:
            return VALUE_WRAP
        usable = table.columnWidths()[-1]
        return max(8, int(2 * usable / em_mm) - 2)

    def _bind(self) -> None:
        atlas = self.layout.atlas()
        atlas.setCoverageLayer(self.coverage)
        atlas.setHideCoverage(True)
        atlas.setEnabled(True)
        atlas.setFilterFeatures(False)
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"XH"')
        atlas.setSortAscending(True)
        atlas.setPageNameExpression('"JCBH"')
        atlas.setFilenameExpression('"WJM"')
        vectors = [self.photos, self.patches, self.parts]   # top first: the patch outline over its parts' edges
        for item_id, raster in (("map_before", self.before), ("map_after", self.after)):
            m = self.item(item_id, QgsLayoutItemMap)
            if m is not None:
                self._set_map(m, vectors + ([raster] if raster is not None else []))
        m = self.item("map_landuse", QgsLayoutItemMap)
        if m is not None:
            self._set_map(m, vectors + ([self.landuse] if self.landuse is not None else []))
        bar = self.item("scalebar", QgsLayoutItemScaleBar)
        if bar is not None and bar.linkedMap() is None:
            bar.setLinkedMap(self.item("map_after", QgsLayoutItemMap))
        legend = self.item("legend", QgsLayoutItemLegend)
        if legend is not None:
            self._set_legend(legend)
        for item_id in ("photo_1", "photo_2"):
            pic = self.item(item_id, QgsLayoutItemPicture)
            if pic is not None:
                pic.refreshPicture()

    def _set_map(self, m: QgsLayoutItemMap, layers: list) -> None:
        m.setFollowVisibilityPreset(False)
        m.setLayers(layers)
        m.setKeepLayerSet(True)
        m.setKeepLayerStyles(False)
        m.setAtlasDriven(True)
        if not m.crs().isValid():
            m.setCrs(self.crs)
        e = m.extent()
        if not all(math.isfinite(v) for v in (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum())) \
                or e.width() <= 0 or e.height() <= 0:
            # the atlas derives predefined scales from the map's current one: start from a finite extent
            m.zoomToExtent(self.coverage.extent())

    def _set_legend(self, legend: QgsLayoutItemLegend) -> None:
        legend.setAutoUpdateModel(False)
        root = QgsLayerTree()
        for lyr, name in ((self.patches, LEGEND["patch"]), (self.parts, LEGEND["parts"]),
                          (self.photos, LEGEND["photos"]), (self.landuse, LEGEND["landuse"])):
            if lyr is None:
                continue
            node = QgsLayerTreeLayer(lyr)
            node.setName(name)
            root.addChildNode(node)
            if lyr is not self.landuse:   # their symbols say what they are; the land classes keep a heading
                QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
            if lyr is self.photos and isinstance(lyr.renderer(), QgsSingleSymbolRenderer):
                # legends draw marker offsets unreliably: a plain arrow, pointing north-east
                symbol = QgsMarkerSymbol.createSimple({"name": "arrow", "color": "0,210,255", "outline_color": "0,0,0",
                                                       "outline_width": "0.25", "size": "4.5", "angle": "45"})
                QgsMapLayerLegendUtils.setLegendNodeCustomSymbol(node, 0, symbol)
        legend.model().setRootGroup(root)
        self._legend_root = root   # the model does not take ownership
        target = self.item("map_landuse", QgsLayoutItemMap) or legend.linkedMap()
        if target is not None:
            # only what this page shows: the patch, its parts and photos, the land classes around it
            legend.setLinkedMap(target)
            legend.setLegendFilterByMapEnabled(True)
        legend.updateLegend()


def pdf_settings():
    """The PDF export settings of the atlas: text as text (searchable Chinese), no georeference."""
    s = QgsLayoutExporter.PdfExportSettings()
    s.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    s.rasterizeWholeImage = False
    s.forceVectorOutput = False
    s.appendGeoreference = False
    s.exportMetadata = False
    s.simplifyGeometries = True
    return s


def export_atlas(ws: Workspace, out: PathLike, *, fids: Optional[Iterable[int]] = None,
                 batch_code: Optional[str] = None, township: Optional[str] = None,
                 before_layer: LayerArg = None, after_layer: LayerArg = None, landuse_layer: LayerArg = None,
                 single_pdf: bool = True, template: Optional[PathLike] = None, user_folder: Optional[PathLike] = None,
                 progress: Optional[Callable[[float], None]] = None,
                 is_cancelled: Optional[Callable[[], bool]] = None,
                 feedback: Optional[QgsFeedback] = None) -> AtlasFiles:
    """Print the 卫片执法图斑核查图 of the selected patches (``fids``, a batch code, a township — combined; all
    patches by default): one PDF ``out`` with a page per patch (if ``out`` is a folder, 卫片执法图斑核查图.pdf in
    it), or with ``single_pdf=False`` one PDF per patch named by its 监测编号 in the folder ``out``. Imagery and
    land survey are QgsMapLayers or file paths, all optional (a GeoPackage path opens its DLTB layer).

    Returns the files written (an AtlasFiles: also how many pages lack imagery).
    Cancelling (``is_cancelled()`` true or ``feedback`` cancelled) stops at the next
    page: the per-patch files finished so far are kept and returned, a single PDF is not written. Needs a QGIS
    application (headless is fine) and the main thread."""
    feedback = feedback or QgsFeedback()

    def cancelled() -> bool:
        if is_cancelled is not None and not feedback.isCanceled() and is_cancelled():
            feedback.cancel()
        return feedback.isCanceled()

    def report(f: float) -> None:
        if progress is not None:
            progress(max(0.0, min(1.0, f)))

    chosen = select_patches(ws, fids, batch_code, township)
    if not chosen or cancelled():
        return AtlasFiles()
    with tempfile.TemporaryDirectory(prefix="wpzf_atlas_") as scratch:
        try:
            atlas = _Atlas(ws, chosen, template_path(template, user_folder), before_layer, after_layer,
                           landuse_layer, user_folder, Path(scratch), cancelled)
        except _Cancelled:
            return AtlasFiles()
        report(0.05)
        if single_pdf:
            files = _export_single(atlas, Path(out), feedback, cancelled, report)
            printed = atlas.lacks_imagery if files else []
        else:
            files = _export_each(atlas, Path(out), cancelled, report)
            printed = atlas.lacks_imagery[:len(files)]
        return AtlasFiles(files, pages=len(printed), without_imagery=sum(printed))


def _export_single(atlas: _Atlas, out: Path, feedback: QgsFeedback, cancelled, report) -> list[Path]:
    if out.is_dir():
        out = out / "卫片执法图斑核查图.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)

    def step(percent: float) -> None:   # the exporter reports each page here; a cancel stops it at the next
        report(0.05 + 0.95 * percent / 100.0)
        cancelled()

    feedback.progressChanged.connect(step)
    try:
        with atomic_file(out) as tmp:
            result, error = QgsLayoutExporter.exportToPdf(atlas.layout.atlas(), tmp, pdf_settings(), feedback)
            if result == QgsLayoutExporter.ExportResult.Canceled or feedback.isCanceled():
                raise _Cancelled()
            if result != QgsLayoutExporter.ExportResult.Success:
                raise AtlasError(tr("PDF export failed: {error}").format(error=error or str(result)))
    except _Cancelled:
        return []
    finally:
        feedback.progressChanged.disconnect(step)
    report(1.0)
    return [out]


def _export_each(atlas: _Atlas, folder: Path, cancelled, report) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    layout_atlas = atlas.layout.atlas()
    exporter = QgsLayoutExporter(atlas.layout)
    settings = pdf_settings()
    written: list[Path] = []
    if not layout_atlas.beginRender():
        return written
    try:
        total = layout_atlas.count()
        for i in range(total):
            if cancelled():
                break
            if not layout_atlas.seekTo(i):
                continue
            target = folder / f"{safe_filename(layout_atlas.currentFilename() or str(i + 1))}.pdf"
            with atomic_file(target) as tmp:
                result = exporter.exportToPdf(tmp, settings)
                if result != QgsLayoutExporter.ExportResult.Success:
                    raise AtlasError(tr("PDF export failed: {error}").format(error=str(result)))
            written.append(target)
            report(0.05 + 0.95 * (i + 1) / total)
    finally:
        layout_atlas.endRender()
    return written
