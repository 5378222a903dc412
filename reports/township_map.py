"""The township map page of the 月度统计 and the half-year/annual reports: the county's townships coloured by
their illegally occupied 耕地 (亩, after the 附件5 deductions), with labels, legend, scale bar, north arrow and a
source line — a QGIS print layout built in code and exported as an image the reports embed (so the PDF and
the .docx carry the same page).

The township polygons are the boundary layer the workspace was last given to wpzf:assign_patches (remembered in
the workspace, store/settings.py), or polygons passed in. Without either the page says so instead of a map.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..store.settings import algorithm_inputs

TITLE = "乡镇违法占用耕地分布图"
NO_POLYGONS = ("未绘制乡镇分布图：工作空间未记录乡镇界图层。请先用“分配乡镇和村”（wpzf:assign_patches）"
               "指定乡镇界图层，再导出报表。")
UNREADABLE = "未绘制乡镇分布图：乡镇界图层 {source} 无法打开或没有面要素。"
COLORS = ("#f7f4f0", "#fcd5b5", "#f8a06e", "#e8603c", "#b8281f")   # 0 亩, then four classes, light → dark


@dataclass(frozen=True)
class MapPage:
    title: str
    path: Optional[Path]
    note: str = ""

    @property
    def src(self) -> str:
        return self.path.resolve().as_uri() if self.path else ""

    def context(self) -> dict:
        return {"title": self.title, "src": self.src, "note": self.note, "path": str(self.path) if self.path else ""}


def remembered_townships(ws) -> Optional[tuple[dict, str, str]]:
    """(layer reference, code field, name field) of the township layer remembered in the workspace, or None."""
    inputs = algorithm_inputs(ws, "assign_patches")
    ref = inputs.get("TOWNSHIPS")
    if not isinstance(ref, dict) or not ref.get("source"):
        return None
    return ref, str(inputs.get("TOWN_CODE") or "XZQDM"), str(inputs.get("TOWN_NAME") or "XZQMC")


def _regions_from_layer(ref: dict, code_field: str, name_field: str):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(ref["source"], ref.get("name") or "townships", ref.get("provider") or "ogr")
    if not layer.isValid():
        return None
    fields = layer.fields().names()
    xform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance())
    geoms, codes, names = [], [], []
    for f in layer.getFeatures():
        g = f.geometry()
        if g.isNull() or g.isEmpty():
            continue
        g.transform(xform)
        geoms.append(g)
        codes.append(str(f[code_field]) if code_field in fields else "")
        names.append(str(f[name_field]) if name_field in fields else str(f.id()))
    return (geoms, codes, names) if geoms else None


def _qgs_geometry(g):
    from qgis.core import QgsGeometry

    if isinstance(g, QgsGeometry):
        return g
    return QgsGeometry.fromWkt(g.wkt)   # a shapely geometry


def _memory_layer(regions, values: Mapping[str, float]):
    from qgis.core import QgsFeature, QgsVectorLayer

    # fields declared in the URI: no QVariant/QMetaType type names, which differ between QGIS 3.22 and 3.40
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4490&field=name:string&field=code:string&field=value:double",
                           "扣除后违法占用耕地（亩）", "memory")
    feats = []
    for g, code, name in zip(*regions):
        f = QgsFeature(layer.fields())
        geom = _qgs_geometry(g)
        geom.convertToMultiType()
        f.setGeometry(geom)
        f.setAttributes([name, code, float(values.get(name, values.get(code, 0.0)) or 0.0)])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def class_breaks(values: Sequence[float], classes: int = 4) -> list[tuple[float, float]]:
    """Equal-interval classes over the positive values, (lower, upper) each; [] when none is positive."""
    top = max([float(v) for v in values] + [0.0])
    if top <= 0:
        return []
    step = top / classes
    return [(step * k, step * (k + 1) if k < classes - 1 else top) for k in range(classes)]


def _renderer(values: Sequence[float]):
    from qgis.core import QgsFillSymbol, QgsGraduatedSymbolRenderer, QgsRendererRange

    def fill(color):
        return QgsFillSymbol.createSimple({"color": color, "outline_color": "90,90,90", "outline_width": "0.3"})

    ranges = [QgsRendererRange(0.0, 0.0, fill(COLORS[0]), "0（无）")]
    for k, (lo, hi) in enumerate(class_breaks(values)):
        ranges.append(QgsRendererRange(lo, hi, fill(COLORS[k + 1]), f"{'＞0' if k == 0 else f'{lo:.2f}'} – {hi:.2f}"))
    return QgsGraduatedSymbolRenderer("value", ranges)


def _labels(layer, font_family: str) -> None:
    from qgis.core import QgsPalLayerSettings, QgsTextBufferSettings, QgsTextFormat, QgsVectorLayerSimpleLabeling
    from qgis.PyQt.QtGui import QColor, QFont

    fmt = QgsTextFormat()
    font = QFont(font_family)
    font.setPointSizeF(8)
    fmt.setFont(font)
    fmt.setSize(8)
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor(255, 255, 255))
    fmt.setBuffer(buf)
    s = QgsPalLayerSettings()
    s.fieldName = "\"name\" || '\\n' || format_number(\"value\", 2) || '亩'"
    s.isExpression = True
    s.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(s))
    layer.setLabelsEnabled(True)


def _projected_crs(extent):
    """CGCS2000 3-degree Gauss–Krüger (central meridian) around the county, so the scale bar reads in km."""
    from qgis.core import QgsCoordinateReferenceSystem

    cm = int(round(extent.center().x() / 3.0) * 3)
    if 75 <= cm <= 135:
        crs = QgsCoordinateReferenceSystem(f"EPSG:{4534 + (cm - 75) // 3}")
        if crs.isValid():
            return crs
    return QgsCoordinateReferenceSystem("EPSG:3857")


def _label_item(layout, text: str, size: float, font_family: str, x: float, y: float, w: float, h: float,
                bold: bool = False, color: str = "#000000"):
    from qgis.core import QgsLayoutItemLabel, QgsLayoutPoint, QgsLayoutSize, QgsTextFormat
    from qgis.PyQt.QtGui import QColor, QFont

    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    font = QFont(font_family)
    font.setPointSizeF(size)
    font.setBold(bold)
    if hasattr(item, "setTextFormat"):     # QGIS ≥ 3.24
        fmt = QgsTextFormat()
        fmt.setFont(font)
        fmt.setSize(size)
        fmt.setColor(QColor(color))
        item.setTextFormat(fmt)
    else:
        item.setFont(font)
        item.setFontColor(QColor(color))
    layout.addLayoutItem(item)
    item.attemptMove(QgsLayoutPoint(x, y))
    item.attemptResize(QgsLayoutSize(w, h))
    return item


def render_township_map(ws, path, values: Mapping[str, float], *, county: str = "", source: str = "",
                        regions=None, size_mm: tuple[float, float] = (260.0, 165.0), dpi: int = 150) -> MapPage:
    """The map page as a PNG at ``path``: townships coloured by ``values`` (township name or code → 亩).
    ``regions``: (geometries in EPSG:4490 — shapely or QgsGeometry —, codes, names); default: the workspace's
    remembered township layer. Returns the page, or a note and no file when there are no polygons."""
    from qgis.core import (
        QgsCoordinateTransform,
        QgsLayoutExporter,
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutItemPicture,
        QgsLayoutItemScaleBar,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsLegendStyle,
        QgsPrintLayout,
        QgsProject,
    )
    from qgis.PyQt.QtGui import QFont

    from .fonts import pdf_font_family

    title = f"{county}{TITLE}"
    if regions is None:
        found = remembered_townships(ws)
        if found is None:
            return MapPage(title, None, NO_POLYGONS)
        regions = _regions_from_layer(*found)
        if regions is None:
            return MapPage(title, None, UNREADABLE.format(source=found[0]["source"]))
    if not regions or not len(regions[0]):
        return MapPage(title, None, NO_POLYGONS)
    layer = _memory_layer(regions, values)
    shown = [float(f["value"]) for f in layer.getFeatures()]
    layer.setRenderer(_renderer(shown))
    family = pdf_font_family()
    _labels(layer, family)

    # QgsLayoutPoint / QgsLayoutSize default to millimetres (no unit enum: it moved between 3.22 and 3.40)
    project = QgsProject()        # a private project: nothing is added to the user's
    crs = _projected_crs(layer.extent())
    project.setCrs(crs)
    project.addMapLayer(layer)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    width, height = size_mm
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(width, height))

    _label_item(layout, title, 14, family, 8, 5, width - 16, 10, bold=True)
    m = QgsLayoutItemMap(layout)
    m.setFrameEnabled(True)
    layout.addLayoutItem(m)
    side = width > height * 1.2      # landscape: legend, arrow and scale bar beside the map; portrait: below it
    map_w, map_h = (width - 70, height - 30) if side else (width - 16, height - 88)
    # where the legend, the north arrow and the scale bar go
    lx, ly, ax_, ay, bx, by = ((width - 58, 38, width - 50, 17, width - 58, height - 30) if side else
                               (10, 17 + map_h + 3, width - 30, 17 + map_h + 3, width - 90, 17 + map_h + 25))
    m.attemptMove(QgsLayoutPoint(8, 17))
    m.attemptResize(QgsLayoutSize(map_w, map_h))
    m.setLayers([layer])
    m.setCrs(crs)
    extent = QgsCoordinateTransform(layer.crs(), crs, project).transformBoundingBox(layer.extent())
    m.setExtent(_fit_aspect(extent, map_w / map_h, 1.06))   # the item's own shape: setExtent would resize it

    legend = QgsLayoutItemLegend(layout)
    legend.setTitle("图例")
    legend.setLinkedMap(m)
    layout.addLayoutItem(legend)
    legend.attemptMove(QgsLayoutPoint(lx, ly))
    for style, size in ((QgsLegendStyle.Style.Title, 11), (QgsLegendStyle.Style.Group, 9),
                        (QgsLegendStyle.Style.Subgroup, 9), (QgsLegendStyle.Style.SymbolLabel, 8)):
        font = QFont(family)
        font.setPointSizeF(size)
        legend.rstyle(style).setFont(font)
    legend.adjustBoxSize()

    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(":/images/north_arrows/layout_default_north_arrow.svg")
    layout.addLayoutItem(arrow)
    arrow.attemptMove(QgsLayoutPoint(ax_, ay))
    arrow.attemptResize(QgsLayoutSize(8, 12))
    _label_item(layout, "北", 8, family, ax_ + 1.5, ay + 12.5, 6, 5)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(m)
    bar.setUnits(_kilometres())
    bar.setUnitLabel("千米")
    bar.setNumberOfSegmentsLeft(0)
    bar.setNumberOfSegments(2)
    bar.setUnitsPerSegment(_nice_segment(extent.width() / 1000.0))
    font = QFont(family)
    font.setPointSizeF(8)
    if hasattr(bar, "setTextFormat"):     # QGIS ≥ 3.14
        fmt = bar.textFormat()
        fmt.setFont(font)
        fmt.setSize(8)
        bar.setTextFormat(fmt)
    else:
        bar.setFont(font)
    layout.addLayoutItem(bar)
    bar.attemptMove(QgsLayoutPoint(bx, by))
    bar.update()

    if source:
        _label_item(layout, source, 7, family, 8, height - 11, width - 16, 6, color="#555555")

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    result = _export_quietly(layout, path, settings)
    if result != QgsLayoutExporter.ExportResult.Success or not path.exists():
        return MapPage(title, None, f"未绘制乡镇分布图：QGIS 导出图片失败（{getattr(result, 'value', result)}）。")
    return MapPage(title, path)


def _export_quietly(layout, path: Path, settings):
    """Export the layout as an image. QGIS then georeferences the file through GDAL, which cannot update a PNG
    and says so on stderr; that note is about a world file nobody asked for, so it is silenced."""
    from qgis.core import QgsLayoutExporter

    try:
        from osgeo import gdal
    except ImportError:   # QGIS without GDAL's Python bindings: the note shows, the export works
        return QgsLayoutExporter(layout).exportToImage(str(path), settings)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return QgsLayoutExporter(layout).exportToImage(str(path), settings)
    finally:
        gdal.PopErrorHandler()


def _fit_aspect(extent, aspect: float, margin: float):
    """``extent`` grown by ``margin`` and widened or heightened to width/height = ``aspect``, same centre."""
    from qgis.core import QgsRectangle

    w, h = extent.width() * margin, extent.height() * margin
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    c = extent.center()
    return QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2)


def _kilometres():
    from qgis.core import Qgis, QgsUnitTypes

    moved = getattr(Qgis, "DistanceUnit", None)      # QGIS ≥ 3.30 keeps the distance units on Qgis
    return moved.Kilometers if moved is not None else QgsUnitTypes.DistanceUnit.DistanceKilometers


def _nice_segment(width_km: float) -> float:
    """A round segment length (km) so that three segments span about a fifth of the map."""
    target = max(width_km / 15.0, 0.1)
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200):
        if step >= target:
            return float(step)
    return 500.0


def report_map(ws, values: Mapping[str, float], folder: Path, prefix: str, county: str, source: str,
               landscape: bool = True, regions=None) -> MapPage:
    """The map page of a report, sized to its page body (A4 landscape or portrait)."""
    size = (260.0, 165.0) if landscape else (180.0, 200.0)
    try:
        return render_township_map(ws, Path(folder) / f"{prefix}township_map.png", values, county=county,
                                   source=source, regions=regions, size_mm=size)
    except Exception as e:  # noqa: BLE001 - a map that cannot be drawn must not cost the report its tables
        return MapPage(f"{county}{TITLE}", None, f"未绘制乡镇分布图：{e}")
