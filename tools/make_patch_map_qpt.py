"""Builds ``reports/templates/patch_map.qpt``, the print layout of the 卫片执法图斑核查图 (one A4 landscape page
per patch), with the QGIS API so that the shipped template is reproducible:

    PYTHONPATH=.pkgroot QT_QPA_PLATFORM=offscreen .venv/bin/python -P tools/make_patch_map_qpt.py [--out FILE]

reports/atlas.py binds data to the items by their ids (see ``ITEM_IDS`` there and docs/atlas.md); the labels and
the attribute table read the fields of the atlas coverage layer through ``[% "FIELD" %]`` expressions, so an
office can move, restyle or reword the items in QGIS's layout designer and save the result as its own template.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFillSymbol,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutObject,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsReadWriteContext,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsTableCell,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reports" / "templates" / "patch_map.qpt"
FONT = "Noto Sans CJK SC"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
INK = QColor(30, 30, 30)
BAND = QColor(232, 236, 242)      # caption bars and the key column of the attribute table
# QGIS 3.22 names the scale bar's segment mode on QgsScaleBarSettings, 3.30+ on Qgis
FIT_WIDTH = (Qgis.ScaleBarSegmentSizeMode.FitWidth if hasattr(Qgis, "ScaleBarSegmentSizeMode")
             else QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
NORTH_ARROW = ":/images/north_arrows/layout_default_north_arrow.svg"

# (label, expression of the value) — the attribute block; the fields are those of reports/atlas.py's coverage layer
ATTRIBUTE_ROWS = (
    ("监测编号", '"JCBH"'),
    ("批次", '"PC"'),
    ("乡镇/村", '"XZC"'),
    ("图斑面积（亩）", '"TBMJMU"'),
    ("耕地（亩）", '"GDMJ"'),
    ("永久基本农田（亩）", '"YJJBNTMJ"'),
    ("判定结果", '"PDJG"'),
    ("依据条款", '"PDTK"'),
    ("核查截止", '"HCJZ"'),
    ("状态", '"ZT"'),
    ("包保领导", '"BBLD"'),
)


def font(size: float, bold: bool = False) -> QFont:
    f = QFont(FONT)
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def text_format(size: float, bold: bool = False, color: QColor = INK) -> QgsTextFormat:
    fmt = QgsTextFormat()
    fmt.setFont(font(size, bold))
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    fmt.setColor(color)
    return fmt


def place(item, x: float, y: float, w: float, h: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))


def label(layout, item_id: str, text: str, rect, size: float = 9.0, *, bold=False, align="left", valign="center",
          band=False, frame=False, color: QColor = INK) -> QgsLayoutItemLabel:
    item = QgsLayoutItemLabel(layout)
    item.setId(item_id)
    item.setMode(QgsLayoutItemLabel.Mode.ModeFont)   # plain text: field values are never read as HTML
    item.setText(text)
    item.setFont(font(size, bold))
    item.setFontColor(color)
    item.setHAlign({"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
                    "right": Qt.AlignmentFlag.AlignRight}[align])
    item.setVAlign({"top": Qt.AlignmentFlag.AlignTop, "center": Qt.AlignmentFlag.AlignVCenter,
                    "bottom": Qt.AlignmentFlag.AlignBottom}[valign])
    item.setMarginX(1.5)
    item.setMarginY(0.5)
    item.setBackgroundEnabled(band)
    if band:
        item.setBackgroundColor(BAND)
    item.setFrameEnabled(frame)
    if frame:
        item.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, MM))
    layout.addLayoutItem(item)
    place(item, *rect)
    return item


def atlas_map(layout, item_id: str, rect, frame_width: float = 0.35) -> QgsLayoutItemMap:
    item = QgsLayoutItemMap(layout)
    item.setId(item_id)
    layout.addLayoutItem(item)
    # a finite extent of the item's shape first: a map without one cannot size itself (and the atlas
    # derives its predefined scales from the current scale)
    item.setExtent(QgsRectangle(0, 0, rect[2] * 2.0, rect[3] * 2.0))   # 1:2000 in metres
    place(item, *rect)
    item.setExtent(QgsRectangle(0, 0, rect[2] * 2.0, rect[3] * 2.0))
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(QgsLayoutMeasurement(frame_width, MM))
    item.setBackgroundColor(QColor(250, 250, 250))
    item.setAtlasDriven(True)
    item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Predefined)
    item.setAtlasMargin(0.15)   # used if an office switches the map to "margin around feature"
    return item


def picture(layout, item_id: str, rect, field: str) -> QgsLayoutItemPicture:
    item = QgsLayoutItemPicture(layout)
    item.setId(item_id)
    layout.addLayoutItem(item)
    place(item, *rect)
    item.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    item.setPictureAnchor(QgsLayoutItem.ReferencePoint.Middle)
    item.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.PictureSource,
                                             QgsProperty.fromField(field))
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, MM))
    item.setBackgroundEnabled(True)
    item.setBackgroundColor(QColor(246, 246, 246))
    return item


def attribute_table(layout, rect) -> QgsLayoutFrame:
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    key_fmt, value_fmt = text_format(9.0, bold=True), text_format(9.0)
    rows = []
    for key, expression in ATTRIBUTE_ROWS:
        k = QgsTableCell(key)
        k.setBackgroundColor(BAND)
        k.setTextFormat(key_fmt)
        v = QgsTableCell(QgsProperty.fromExpression(expression))
        rows.append([k, v])
    table.setTableContents(rows)
    table.setIncludeTableHeader(False)
    table.setContentTextFormat(value_fmt)
    table.setColumnWidths([26.0, rect[2] - 26.0 - 4 * 1.5])
    table.setCellMargin(1.5)
    table.setGridStrokeWidth(0.25)
    table.setGridColor(INK)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    frame = QgsLayoutFrame(layout, table)
    frame.setId("attributes")
    frame.attemptSetSceneRect(QRectF(*rect))
    table.addFrame(frame)
    return frame


def build(out: Path = OUT) -> Path:
    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName("卫片执法图斑核查图")
    page = layout.pageCollection().page(0)
    page.setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
    layout.renderContext().setDpi(200)

    # page frame: a thin border inside the margins, as on the county's printed forms
    border = QgsLayoutItemShape(layout)
    border.setId("page_border")
    border.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    border.setSymbol(QgsFillSymbol.createSimple({"style": "no", "outline_color": "30,30,30", "outline_width": "0.5"}))
    layout.addLayoutItem(border)
    place(border, 6, 5, 285, 200)

    label(layout, "title", "卫片执法图斑核查图", (8, 6.5, 281, 10), 18, bold=True, align="center")
    label(layout, "subtitle", '监测编号：[% "JCBH" %]　　[% "XZMC" %]　[% "CMC" %]', (8, 16.5, 281, 6), 10.5, align="center")

    label(layout, "caption_before", '前时相影像　[% "QSX" %]', (9, 24, 97, 6), 9.5, bold=True, band=True, frame=True)
    map_before = atlas_map(layout, "map_before", (9, 30, 97, 92))
    label(layout, "caption_after", '后时相影像　[% "HSX" %]', (108.5, 24, 97, 6), 9.5, bold=True, band=True,
          frame=True)
    map_after = atlas_map(layout, "map_after", (108.5, 30, 97, 92))
    for item_id, field, x in (("note_before", "QSXSM", 9), ("note_after", "HSXSM", 108.5)):
        label(layout, item_id, f'[% "{field}" %]', (x + 12, 31.5, 73, 8), 11, bold=True, align="center",
              color=QColor(150, 30, 30))

    north = QgsLayoutItemPicture(layout)
    north.setId("north_arrow")
    layout.addLayoutItem(north)
    place(north, 97, 32, 7, 11)
    north.setPicturePath(NORTH_ARROW, QgsLayoutItemPicture.Format.FormatSVG)
    north.setLinkedMap(map_after)   # rotated with the map when a map is rotated
    north.setBackgroundEnabled(False)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setId("scalebar")
    bar.setStyle("Single Box")
    layout.addLayoutItem(bar)
    bar.setLinkedMap(map_after)
    bar.applyDefaultSize()
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    bar.setUnitLabel("米")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setSegmentSizeMode(FIT_WIDTH)
    bar.setMinimumBarWidth(18)
    bar.setMaximumBarWidth(34)
    bar.setHeight(1.8)
    bar.setTextFormat(text_format(7.5))
    bar.setBackgroundEnabled(True)
    bar.setBackgroundColor(QColor(255, 255, 255, 215))
    bar.setBoxContentSpace(1.2)
    bar.attemptMove(QgsLayoutPoint(110, 112, MM))

    label(layout, "caption_scale", "比例尺 1:[% round(map_get(item_variables('map_after'), 'map_scale')) %]",
          (9, 122.5, 196.5, 5), 8, align="center")

    attribute_table(layout, (208, 24, 82, 98))

    label(layout, "caption_landuse", "三调地类　1:[% round(map_get(item_variables('map_landuse'), 'map_scale')) %]",
          (9, 128, 64, 6), 9.5, bold=True, band=True, frame=True)
    atlas_map(layout, "map_landuse", (9, 134, 64, 64), 0.3)
    label(layout, "note_landuse", '[% "DLSM" %]', (12, 135.5, 58, 7), 9, bold=True, align="center",
          color=QColor(150, 30, 30))

    label(layout, "caption_photos", "现场照片", (75.5, 128, 130, 6), 9.5, bold=True, band=True, frame=True)
    picture(layout, "photo_1", (75.5, 134, 64, 53), "ZP1")
    picture(layout, "photo_2", (141.5, 134, 64, 53), "ZP2")
    label(layout, "photo_1_caption", '[% "ZP1SM" %]', (75.5, 187.5, 64, 10.5), 7.5, valign="top")
    label(layout, "photo_2_caption", '[% "ZP2SM" %]', (141.5, 187.5, 64, 10.5), 7.5, valign="top")

    legend = QgsLayoutItemLegend(layout)
    legend.setId("legend")
    legend.setTitle("图　例")
    layout.addLayoutItem(legend)
    legend.setLinkedMap(map_before)
    legend.setAutoUpdateModel(False)
    legend.setResizeToContents(False)
    legend.setFrameEnabled(True)
    legend.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, MM))
    for style, size, bold in ((QgsLegendStyle.Style.Title, 9.5, True), (QgsLegendStyle.Style.Group, 8, True),
                              (QgsLegendStyle.Style.Subgroup, 8, True), (QgsLegendStyle.Style.SymbolLabel, 7.5, False)):
        legend.setStyleFont(style, font(size, bold))
    legend.setSymbolWidth(6)
    legend.setSymbolHeight(3.5)
    legend.setBoxSpace(2)
    legend.setColumnCount(2)
    legend.setSplitLayer(True)
    legend.setEqualColumnWidth(True)
    legend.setColumnSpace(3)
    legend.setMaximumSymbolSize(6)
    legend.setWrapString("")
    place(legend, 208, 128, 82, 46)

    label(layout, "signature", "核查人（签字）：\n\n核查单位（盖章）：\n　　　　　　　　　　　　年　　月　　日",
          (208, 176, 82, 22), 8.5, valign="top", frame=True)
    # the China date the atlas sets (reports/atlas.py); a layout used elsewhere falls back to the computer's date
    label(layout, "date", "制图日期：[% coalesce(@wpzf_date, format_date(now(), 'yyyy年M月d日')) %]", (9, 199, 140, 5.5), 8)
    label(layout, "page", "第 [% @atlas_featurenumber %] / [% @atlas_totalfeatures %] 页", (150, 199, 140, 5.5), 8,
          align="right")

    layout.setCustomProperty("wpzf_template", "patch_map")
    out.parent.mkdir(parents=True, exist_ok=True)
    if not layout.saveAsTemplate(str(out), QgsReadWriteContext()):
        raise RuntimeError(f"could not write {out}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    app = QgsApplication.instance()
    own = app is None
    if own:
        app = QgsApplication([], False)
        app.initQgis()
    print(build(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
