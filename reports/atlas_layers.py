"""The layers of the atlas pages (reports/atlas.py): opening the imagery and land survey, the photo points, and
the styles of the map layers.

The styles are set once per export and chosen to be cheap to draw on every page, since QGIS redraws each map
layer and runs the legend's hit test for every page: the land classes are categories keyed on the DLBM values
themselves (a hash look-up per parcel, not an expression over ninety codes), the labels are placed on a single
candidate at the visible part's centroid and the many land parcels are no obstacles to other labels, the photo
arrows turn by a field, not an expression.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Optional, Union

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGeometry,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsMemoryProviderUtils,
    QgsPalLayerSettings,
    QgsPointXY,
    QgsProperty,
    QgsRasterLayer,
    QgsRectangle,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSimpleMarkerSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ..core.landclass import load_landclass
from ..i18n import tr
from ..store.workspace import GEOM, Workspace
from .fonts import pdf_font_family

PathLike = Union[str, os.PathLike]
LayerArg = Union[None, str, os.PathLike, QgsMapLayer]

# Printed-form vocabulary (the page is a Chinese official form, like the 核查记录表 of reports/render.py)
LEGEND = {"patch": "本图斑", "others": "其他图斑", "parts": "分割地块", "photos": "照片位置及拍摄方向",
          "landuse": "三调地类", "before": "前时相影像", "after": "后时相影像"}
# 三调 land-class groups (core/landclass.py) → fill colour on the land-survey map
GROUP_COLORS = {
    "耕地": "250,240,120", "种植园用地": "240,190,110", "林地": "120,190,110", "草地": "185,225,140",
    "湿地": "120,200,210", "商业服务业用地": "240,140,140", "工矿用地": "200,160,180", "住宅用地": "245,170,130",
    "公共管理与公共服务用地": "235,150,200", "特殊用地": "190,150,170", "交通运输用地": "190,190,190",
    "水域及水利设施用地": "140,190,240", "其他土地": "225,215,195",
}
OTHER_CLASS = "其他"
OTHER_COLOR = "235,235,235"
LANDUSE_OUTLINE = {"outline_color": "110,110,110", "outline_width": "0.15"}


class AtlasError(RuntimeError):
    """The atlas cannot be made (template unreadable, a layer that does not open, an export failure)."""


def gauss_kruger_crs(lon: float) -> QgsCoordinateReferenceSystem:
    """The CGCS2000 3-degree Gauss–Krüger zone (central meridian, no zone prefix) around longitude ``lon``:
    EPSG:4534 (75°E) … EPSG:4554 (135°E); outside China EPSG:4490 itself."""
    cm = int(round(lon / 3.0)) * 3
    if 75 <= cm <= 135:
        return QgsCoordinateReferenceSystem(f"EPSG:{4534 + (cm - 75) // 3}")
    return QgsCoordinateReferenceSystem("EPSG:4490")


# ---- opening layers --------------------------------------------------------------------------------------------

def source_of(layer) -> str:
    return layer.source() if isinstance(layer, QgsMapLayer) else str(layer)


def open_raster(layer: LayerArg, name: str) -> Optional[QgsRasterLayer]:
    if layer is None or str(layer) == "":
        return None
    if isinstance(layer, QgsMapLayer):
        if not isinstance(layer, QgsRasterLayer):
            raise AtlasError(tr("{name} is not a raster layer").format(name=layer.name()))
        out = layer.clone()
    else:
        out = QgsRasterLayer(str(layer), name, "gdal")
    if out is None or not out.isValid():
        raise AtlasError(tr("Cannot open the raster {path}").format(path=source_of(layer)))
    out.setName(name)
    return out


def open_vector(layer: LayerArg, name: str, default_layername: str = "DLTB") -> Optional[QgsVectorLayer]:
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
        raise AtlasError(tr("Cannot open the layer {path}").format(path=source_of(layer)))
    out.setName(name)
    return out


def memory_layer(geometry: str, crs: QgsCoordinateReferenceSystem, fields, name: str) -> QgsVectorLayer:
    uri = f"{geometry}?crs={crs.authid()}" + "".join(f"&field={n}:{t}" for n, t in fields)
    return QgsVectorLayer(uri, name, "memory")


def covers(layer: Optional[QgsMapLayer], box: QgsRectangle, transform: Optional[QgsCoordinateTransform]) -> bool:
    """Whether ``layer``'s extent meets ``box`` (EPSG:4490)."""
    if layer is None:
        return False
    try:
        rect = transform.transformBoundingBox(box) if transform is not None else box
    except Exception:   # noqa: BLE001 - a failed transform: we cannot tell, so say it covers
        return True
    return layer.extent().intersects(rect)


def photo_layer(ws: Workspace, tbids: Sequence[int], to_map: QgsCoordinateTransform) -> QgsVectorLayer:
    """The photo points of the patches ``tbids`` (TBID, number on the page, direction FX), moved once from
    EPSG:4490 into the maps' CRS (the destination of ``to_map``): no map reprojects them on any page."""
    layer = memory_layer("Point", to_map.destinationCrs(), (("TBID", "integer"), ("XH", "integer"), ("FX", "double")),
                         LEGEND["photos"])
    features = []
    for s in range(0, len(tbids), 500):
        part = list(tbids[s:s + 500])
        marks = ", ".join([ws.ph] * len(part))
        rows = ws.select("wz_photo", ["TBID", "FX", "PSSJ"], where=f'"TBID" IN ({marks})', params=part,
                         geometry=True, order_by='"TBID", "PSSJ", fid')
        seq: dict[int, int] = {}
        for tbid, fx, geom in zip(rows["TBID"], rows["FX"], rows[GEOM] if len(rows) else []):
            if geom is None or getattr(geom, "is_empty", True):
                continue
            seq[int(tbid)] = seq.get(int(tbid), 0) + 1
            try:
                point = to_map.transform(QgsPointXY(geom.x, geom.y))
            except QgsCsException:   # far outside the zone (a broken GPS fix): on no page's map anyway
                continue
            f = QgsFeature(layer.fields())
            f.setAttributes([int(tbid), seq[int(tbid)], None if fx is None or fx != fx else float(fx)])
            f.setGeometry(QgsGeometry.fromPointXY(point))
            features.append(f)
    layer.dataProvider().addFeatures(features)
    return layer


def view_box(frame: QgsRectangle, maps_mm: Sequence[tuple[float, float]], scales: Sequence[float]) -> QgsRectangle:
    """What an atlas map with predefined ``scales`` shows around the map frame ``frame`` (map CRS, metres): the
    smallest scale at which the frame fits each map of ``maps_mm`` (width, height), the largest map's view."""
    half_w = half_h = 0.0
    side = max(frame.width(), frame.height())
    for w, h in maps_mm:
        needed = side / (min(w, h) / 1000.0)
        scale = next((s for s in sorted(scales) if s >= needed), max(scales))
        half_w, half_h = max(half_w, w / 2000.0 * scale), max(half_h, h / 2000.0 * scale)
    c = frame.center()
    box = QgsRectangle(c.x() - half_w, c.y() - half_h, c.x() + half_w, c.y() + half_h)
    box.combineExtentWith(frame)
    return box.buffered(0.05 * max(box.width(), box.height()))


def page_copy(source: QgsVectorLayer, views: Sequence[QgsRectangle], to_map: QgsCoordinateTransform,
              name: str) -> QgsVectorLayer:
    """The features of ``source`` (the workspace's patches or parts) that the pages' maps can show — those in
    ``views`` (map CRS) — with all their fields, moved once into the maps' CRS, in an indexed memory layer: no
    map queries the workspace or reprojects a feature on any page."""
    layer = QgsMemoryProviderUtils.createMemoryLayer(name, source.fields(), source.wkbType(), to_map.destinationCrs())
    back = QgsCoordinateTransform(to_map.destinationCrs(), source.crs(), to_map.context())
    seen: set[int] = set()
    features = []
    for view in views:
        request = QgsFeatureRequest().setFilterRect(back.transformBoundingBox(view))
        for f in source.getFeatures(request):
            if f.id() in seen:
                continue
            seen.add(f.id())
            geometry = f.geometry()
            if not geometry.isNull():
                try:
                    geometry.transform(to_map)
                except QgsCsException:   # far outside the zone: on no page's map
                    continue
                f.setGeometry(geometry)
            features.append(f)
    layer.dataProvider().addFeatures(features)
    layer.dataProvider().createSpatialIndex()
    return layer


# ---- styles ----------------------------------------------------------------------------------------------------

def outlines(*lines) -> QgsFillSymbol:
    """A fill symbol of outlines only, (colour, width mm, dashed) from the bottom up."""
    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)
    for color, width, dashed in lines:
        symbol.appendSymbolLayer(QgsSimpleFillSymbolLayer.create(
            {"style": "no", "outline_color": color, "outline_width": str(width), "joinstyle": "round",
             "outline_style": "dash" if dashed else "solid"}))
    return symbol


def text_format(size: float, color: str, buffer: bool = True) -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont(pdf_font_family())
    font.setPointSizeF(size)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(*[int(x) for x in color.split(",")]))
    if buffer:
        buf = QgsTextBufferSettings()
        buf.setEnabled(True)
        buf.setSize(0.6)
        buf.setColor(QColor(255, 255, 255))
        fmt.setBuffer(buf)
    return fmt


def label(layer: QgsVectorLayer, field: str, size: float, color: str = "20,20,20", *, buffer: bool = True,
          over_centroid: bool = False, obstacle: bool = True) -> None:
    """Label ``layer`` with the value of ``field``. ``over_centroid``: one candidate on the centroid of the
    visible part instead of a ring of candidates around it; ``obstacle``: whether the features keep other
    labels off (for the land parcels they would be hundreds of polygons tested against every candidate)."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.isExpression = False
    settings.setFormat(text_format(size, color, buffer))
    if over_centroid:
        settings.placement = QgsPalLayerSettings.Placement.OverPoint
    obstacles = settings.obstacleSettings()
    obstacles.setIsObstacle(obstacle)
    settings.setObstacleSettings(obstacles)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def style_patches(layer: QgsVectorLayer, key: str = "$id") -> None:
    """The mapped patch: red on a yellow casing, visible on any imagery; other patches thin dashed orange.
    ``key``: the expression of a patch's fid ("fid" in a copy of the workspace's layer)."""
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(outlines(("255,235,0", 1.2, False), ("230,0,0", 0.5, False)),
                                               filterExp=f"{key} = attribute(@atlas_feature, 'TBID')",
                                               label=LEGEND["patch"]))
    root.appendChild(QgsRuleBasedRenderer.Rule(outlines(("255,150,0", 0.35, True)), filterExp="ELSE",
                                               label=LEGEND["others"]))
    layer.setRenderer(QgsRuleBasedRenderer(root))


def style_parts(layer: QgsVectorLayer) -> None:
    layer.setRenderer(QgsSingleSymbolRenderer(outlines(("0,230,255", 0.45, True))))
    label(layer, "FGBH", 8, "0,70,120")


def style_photos(layer: QgsVectorLayer) -> None:
    """The camera as a dot and an arrow ahead of it, the whole symbol turned by FX (clockwise from north; no
    direction: north)."""
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,255,255", "outline_color": "0,0,0",
                                           "outline_width": "0.35", "size": "2.4"})
    for props in ({"name": "line", "color": "0,0,0", "outline_color": "0,0,0", "outline_width": "1.1",
                   "size": "4.0", "offset": "0,-3.0"},
                  {"name": "line", "color": "0,210,255", "outline_color": "0,210,255", "outline_width": "0.6",
                   "size": "3.8", "offset": "0,-3.0"},
                  {"name": "filled_arrowhead", "color": "0,210,255", "outline_color": "0,0,0",
                   "outline_width": "0.25", "size": "3.6", "offset": "0,-5.6"}):
        symbol.appendSymbolLayer(QgsSimpleMarkerSymbolLayer.create(props))
    symbol.setDataDefinedAngle(QgsProperty.fromField("FX"))   # a NULL direction keeps the static angle, 0
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    label(layer, "XH", 7.5, "0,0,0")


def landuse_classes(values) -> tuple[dict[str, list[str]], bool]:
    """The land survey's DLBM ``values`` grouped by 三调 group (core/landclass.py; a code the table does not
    know is read by its first four characters, as 0102K by 0102), groups in table order, ``OTHER_CLASS`` last
    for codes of no group; and whether a NULL code is among them."""
    table = load_landclass().frame
    group_of = dict(zip(table["DLBM"], table["group"]))
    classes: dict[str, list[str]] = {g: [] for g in dict.fromkeys(table["group"])}
    classes[OTHER_CLASS] = []
    has_null = False
    for v in values:
        if v is None or (hasattr(v, "isNull") and v.isNull()):
            has_null = True
            continue
        code = str(v)
        classes[group_of.get(code) or group_of.get(code[:4]) or OTHER_CLASS].append(code)
    return {g: sorted(codes) for g, codes in classes.items() if codes}, has_null


def style_landuse(layer: QgsVectorLayer) -> None:
    """Classes filled by 三调 group, thin grey outlines, DLBM labels (outlines only if there is no DLBM).

    The categories list the layer's own DLBM values (read once, a DISTINCT query), so each parcel is matched by
    a hash look-up of its value; NULL and '' count as 其他."""
    dlbm = {f.name().upper(): f.name() for f in layer.fields()}.get("DLBM")
    if dlbm is None:
        layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({"style": "no", **LANDUSE_OUTLINE})))
        return
    classes, has_null = landuse_classes(layer.uniqueValues(layer.fields().indexOf(dlbm)))
    if has_null:   # a NULL code matches no list value: read it as ''
        classes.setdefault(OTHER_CLASS, [])
    if OTHER_CLASS in classes:
        classes[OTHER_CLASS].append("")
    categories = [QgsRendererCategory(codes, QgsFillSymbol.createSimple(
        {"color": GROUP_COLORS.get(group, OTHER_COLOR), **LANDUSE_OUTLINE}), group)
        for group, codes in classes.items()]
    quoted = '"' + dlbm.replace('"', '""') + '"'
    layer.setRenderer(QgsCategorizedSymbolRenderer(f"coalesce({quoted}, '')" if has_null else dlbm, categories))
    label(layer, dlbm, 6.5, "40,40,40", buffer=False, obstacle=False)


def user_style(layer: QgsVectorLayer, user_folder: Optional[PathLike], key: str) -> None:
    """``<user_folder>/patch_map_<key>.qml`` restyles a layer (key: patch, parts, photos, landuse)."""
    if user_folder:
        qml = Path(user_folder) / f"patch_map_{key}.qml"
        if qml.is_file():
            layer.loadNamedStyle(str(qml))
