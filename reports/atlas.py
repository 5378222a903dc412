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

Everything is prepared once per export, so that a page costs little more than QGIS drawing it: when the maps
follow the atlas at predefined scales, the patches and parts the pages can show are copied into memory layers
in the maps' CRS (with all their fields; the patch rule then reads "fid"), the photo points too (the land
survey, possibly a province's millions of parcels, is read where it is); photos become thumbnails of their
printed size; styles are set once; the legend is kept to each page without QGIS's per-page legend rebuild.

The page text comes from reports/atlas_records.py, the layers and their styles from reports/atlas_layers.py,
the photo thumbnails from reports/atlas_thumbs.py, the per-page legend from reports/atlas_legend.py; this
module loads the template, binds the items and exports.
"""
from __future__ import annotations

import math
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Callable, Optional

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeedback,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from ..core.dates import china_today, cn_date
from ..i18n import tr
from ..store.workspace import Workspace
from .atlas_layers import (
    LEGEND,
    AtlasError,
    LayerArg,
    PathLike,
    covers,
    gauss_kruger_crs,
    memory_layer,
    open_raster,
    open_vector,
    page_copy,
    photo_layer,
    style_landuse,
    style_parts,
    style_patches,
    style_photos,
    user_style,
    view_box,
)
from .atlas_legend import Entry, PageLegend
from .atlas_records import (
    COVERAGE_FIELDS,
    VALUE_WRAP,
    atlas_records,
    safe_filename,
    select_patches,
)
from .atlas_thumbs import drawn_size, make_thumbnails
from .files import atomic_file
from .fonts import pdf_font_family

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "patch_map.qpt"
CJK_FONT = "Noto Sans CJK SC"

SCALES = (500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 15000, 20000, 25000, 50000, 100000, 250000)
MIN_FRAME_M = 100.0      # smallest map frame (m): a 20 m patch is not shown at 1:300
MARGIN = 0.2             # frame margin around the patch, as a share of its larger side


def template_path(template: Optional[PathLike] = None, user_folder: Optional[PathLike] = None) -> Path:
    """The template to use: ``template`` if given, else ``<user_folder>/patch_map.qpt`` if it exists, else the
    shipped one."""
    if template:
        return Path(template)
    if user_folder and (Path(user_folder) / TEMPLATE_NAME).is_file():
        return Path(user_folder) / TEMPLATE_NAME
    return TEMPLATES / TEMPLATE_NAME


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
        self.before = open_raster(before, LEGEND["before"])
        self.after = open_raster(after, LEGEND["after"])
        self.landuse = open_vector(landuse, LEGEND["landuse"])

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

        # the first two photos of each page, each decoded once and scaled to the size its picture item prints
        thumbnails = make_thumbnails([path for rec in self.records for path, _ in rec["photos"][:2]], scratch,
                                     drawn_size(self.layout), cancelled)
        if thumbnails is None:
            raise _Cancelled()
        self.coverage = memory_layer("Polygon", self.crs, COVERAGE_FIELDS, "卫片执法图斑核查图")
        features = []
        for rec in self.records:
            if cancelled():
                raise _Cancelled()
            box = boxes.get(rec["TBID"])
            rec["QSXSM"] = "" if box is None or covers(self.before, box, to_layer.get(self.before)) \
                else tr("Imagery not available")
            rec["HSXSM"] = "" if box is None or covers(self.after, box, to_layer.get(self.after)) \
                else tr("Imagery not available")
            rec["DLSM"] = "" if box is None or covers(self.landuse, box, to_layer.get(self.landuse)) \
                else tr("Land survey not available")
            for n in (1, 2):
                path, caption = rec["photos"][n - 1] if len(rec["photos"]) >= n else ("", "")
                rec[f"ZP{n}"] = thumbnails.get(path, "")
                rec[f"ZP{n}SM"] = caption if rec[f"ZP{n}"] else ("无现场照片" if n == 1 else "")
            f = QgsFeature(self.coverage.fields())
            f.setAttributes([rec.get(name) for name, _ in COVERAGE_FIELDS])
            if box is not None:
                f.setGeometry(self._frame(to_map.transformBoundingBox(box)))
            features.append(f)
        self.coverage.dataProvider().addFeatures(features)
        self.lacks_imagery = [bool(rec["QSXSM"] or rec["HSXSM"]) for rec in self.records]   # per page, in order
        self.coverage.updateExtents()
        self.photos = photo_layer(ws, [r["TBID"] for r in self.records], to_map)
        patch_key = "$id"
        maps = self._predefined_maps()
        if maps is not None:   # the maps' views are known: copy what they can show, once
            views = [view_box(f.geometry().boundingBox(), maps, SCALES) for f in features if f.hasGeometry()]
            self.patches = page_copy(self.patches, views, to_map, LEGEND["patch"])
            self.parts = page_copy(self.parts, views, to_map, LEGEND["parts"])
            patch_key = '"fid"' if self.patches.fields().indexOf("fid") >= 0 else patch_key

        # styled once for the whole export: nothing is rebuilt per page
        style_patches(self.patches, patch_key)
        style_parts(self.parts)
        style_photos(self.photos)
        if self.landuse is not None:
            style_landuse(self.landuse)
        for lyr, key in ((self.patches, "patch"), (self.parts, "parts"), (self.photos, "photos"),
                         (self.landuse, "landuse")):
            if lyr is not None:
                user_style(lyr, user_folder, key)
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

    def _predefined_maps(self) -> Optional[list[tuple[float, float]]]:
        """(width, height) in mm of the maps that show the patches, when every one of them follows the atlas
        at predefined scales in the maps' CRS (so what each page shows is known); else None."""
        sizes = []
        converter = self.layout.renderContext().measurementConverter()
        for item_id in ("map_before", "map_after", "map_landuse"):
            m = self.item(item_id, QgsLayoutItemMap)
            if m is None:
                continue
            # (_bind makes each of them atlas-driven, in the maps' CRS unless the template sets one)
            if m.atlasScalingMode() != QgsLayoutItemMap.AtlasScalingMode.Predefined or m.mapRotation() != 0 \
                    or (m.crs().isValid() and m.crs() != self.crs):
                return None
            size = converter.convert(m.sizeWithUnits(), QgsUnitTypes.LayoutUnit.LayoutMillimeters)
            if size.width() <= 0 or size.height() <= 0:
                return None
            sizes.append((size.width(), size.height()))
        return sizes or None

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
        # 制图日期 in China time (the shipped template reads @wpzf_date; QGIS's now() is the computer's clock)
        QgsExpressionContextUtils.setLayoutVariable(layout, "wpzf_date", cn_date(china_today()))
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
        photo_symbol = None
        if isinstance(self.photos.renderer(), QgsSingleSymbolRenderer):
            # legends draw marker offsets unreliably: a plain arrow, pointing north-east
            photo_symbol = QgsMarkerSymbol.createSimple({"name": "arrow", "color": "0,210,255", "outline_color": "0,0,0",
                                                         "outline_width": "0.25", "size": "4.5", "angle": "45"})
        # only what this page's land-survey map shows: the patch, its parts and photos, the land classes around it
        self._legend = PageLegend(self.layout, legend, self.item("map_landuse", QgsLayoutItemMap) or legend.linkedMap(),
                                  [Entry(self.patches, LEGEND["patch"]), Entry(self.parts, LEGEND["parts"]),
                                   Entry(self.photos, LEGEND["photos"], symbol=photo_symbol),
                                   Entry(self.landuse, LEGEND["landuse"], heading=True)])


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
