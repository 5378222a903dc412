"""The atlas's page layers (reports/atlas_layers.py) and thumbnails (reports/atlas_thumbs.py): photos scaled to
the size they are printed, land classes keyed on their codes, the workspace's patches copied once into the maps'
CRS with what the pages can show."""
import pytest


def _jpeg(path, width, height, orientation=None):
    from qgis.PyQt.QtGui import QColor, QImage

    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor(200, 40, 40))
    assert img.save(str(path), "JPG", 90)
    if orientation is not None:
        from datetime import datetime

        from wpzf.demo.exif import write_exif

        write_exif(str(path), datetime(2021, 5, 12, 10, 0), make="X", model="Y", direction=0.0, width=width,
                   height=height)
        _set_orientation(path, orientation)
    return path


def _set_orientation(path, value):
    """Patch the EXIF Orientation tag (0x0112) of a little- or big-endian APP1 block in place, or add it."""
    data = bytearray(path.read_bytes())
    for tag in (b"\x12\x01\x03\x00", b"\x01\x12\x00\x03"):
        k = data.find(tag)
        if k >= 0:
            little = tag[0] == 0x12
            data[k + 8:k + 10] = value.to_bytes(2, "little" if little else "big")
            path.write_bytes(bytes(data))
            return
    pytest.skip("the demo EXIF writer wrote no orientation tag")


def test_thumbnails_are_the_printed_size(qgis_app, tmp_path):
    from qgis.core import QgsLayoutItemPicture, QgsPrintLayout, QgsProject, QgsReadWriteContext, QgsUnitTypes
    from qgis.PyQt.QtGui import QImageReader
    from qgis.PyQt.QtXml import QDomDocument

    from wpzf.reports.atlas import TEMPLATES
    from wpzf.reports.atlas_thumbs import drawn_size, make_thumbnails

    project = QgsProject()
    layout = QgsPrintLayout(project)
    doc = QDomDocument()
    doc.setContent((TEMPLATES / "patch_map.qpt").read_text("utf-8"))
    layout.loadFromTemplate(doc, QgsReadWriteContext())
    box = drawn_size(layout)
    pic = layout.itemById("photo_1")
    assert isinstance(pic, QgsLayoutItemPicture)
    mm = layout.renderContext().measurementConverter().convert(pic.sizeWithUnits(),
                                                                QgsUnitTypes.LayoutUnit.LayoutMillimeters)
    dpi = layout.renderContext().dpi()
    assert box.width() == round(mm.width() / 25.4 * dpi) and box.height() == round(mm.height() / 25.4 * dpi)
    assert 300 < box.width() < 1200          # the shipped 64 mm box at the layout's 200 dpi: about 500 px

    big = _jpeg(tmp_path / "big.jpg", 4000, 3000)
    small = _jpeg(tmp_path / "small.jpg", 200, 150)
    out = tmp_path / "thumbs"
    out.mkdir()
    done = make_thumbnails([str(big), str(small), str(big), "", str(tmp_path / "missing.jpg")], out, box)
    assert set(done) == {str(big), str(small), str(tmp_path / "missing.jpg")}   # each source once
    assert done[str(tmp_path / "missing.jpg")] == ""
    size = QImageReader(done[str(big)]).size()
    assert size.width() <= box.width() and size.height() <= box.height()
    assert max(size.width() / box.width(), size.height() / box.height()) > 0.98   # fills the box, not smaller
    assert abs(size.width() / size.height() - 4 / 3) < 0.01                         # keeps its aspect
    assert QImageReader(done[str(small)]).size().width() == 200                     # never scaled up
    assert make_thumbnails([str(big)], out, None) == {}                              # no picture item: no decoding
    assert make_thumbnails([str(big)], out, box, cancelled=lambda: True) is None


def test_a_turned_photo_is_fitted_upright(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QImageReader

    from wpzf.reports.atlas_thumbs import thumbnail

    src = _jpeg(tmp_path / "turned.jpg", 1600, 1200, orientation=6)   # stored landscape, shown portrait
    out = thumbnail(str(src), tmp_path / "t.jpg", QSize(500, 400))
    size = QImageReader(out).size()
    assert size.height() > size.width()                                  # upright: portrait
    assert size.height() <= 400 and size.width() <= 500 and size.height() >= 396


def test_land_classes_are_keyed_on_their_codes(qgis_app):
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsExpressionContextUtils,
        QgsFeature,
        QgsGeometry,
        QgsRenderContext,
        QgsVectorLayer,
    )

    from wpzf.reports.atlas_layers import GROUP_COLORS, OTHER_CLASS, OTHER_COLOR, landuse_classes, style_landuse

    classes, has_null = landuse_classes(["0103", "0102K", "0702", "9999", "", None])
    assert classes["耕地"] == ["0102K", "0103"] and classes["住宅用地"] == ["0702"]
    assert classes[OTHER_CLASS] == ["", "9999"] and has_null
    assert list(classes)[-1] == OTHER_CLASS

    for with_null in (False, True):
        layer = QgsVectorLayer("Polygon?crs=EPSG:4490&field=dlbm:string", "DLTB", "memory")
        values = ["0103", "0102K", "0702", "9999"] + ([None] if with_null else [])
        feats = []
        for v in values:
            f = QgsFeature(layer.fields())
            f.setAttributes([v])
            f.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))"))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        style_landuse(layer)
        renderer = layer.renderer()
        assert isinstance(renderer, QgsCategorizedSymbolRenderer)
        # the field itself, not an expression per parcel (one wrapped in coalesce only when NULL codes exist)
        assert renderer.classAttribute() == ("coalesce(\"dlbm\", '')" if with_null else "dlbm")
        assert [c.label() for c in renderer.categories()] == ["耕地", "住宅用地", OTHER_CLASS]
        ctx = QgsRenderContext()
        ctx.expressionContext().appendScope(QgsExpressionContextUtils.layerScope(layer))
        renderer.startRender(ctx, layer.fields())
        colours = {}
        for f in layer.getFeatures():
            ctx.expressionContext().setFeature(f)
            colours[f["dlbm"]] = renderer.symbolForFeature(f, ctx).color().getRgb()[:3]
            assert renderer.legendKeysForFeature(f, ctx), f["dlbm"]     # the legend finds every parcel's class
        renderer.stopRender(ctx)

        def rgb(text):
            return tuple(int(x) for x in text.split(","))

        assert colours["0103"] == colours["0102K"] == rgb(GROUP_COLORS["耕地"])
        assert colours["0702"] == rgb(GROUP_COLORS["住宅用地"]) and colours["9999"] == rgb(OTHER_COLOR)
        labels = layer.labeling().settings()
        assert labels.fieldName == "dlbm" and not labels.isExpression
        assert not labels.obstacleSettings().isObstacle()   # hundreds of parcels: no obstacle tests per label


def test_view_box_holds_what_a_predefined_scale_shows():
    from qgis.core import QgsRectangle

    from wpzf.reports.atlas import SCALES
    from wpzf.reports.atlas_layers import view_box

    frame = QgsRectangle(0, 0, 120, 120)          # 120 m: fits a 92 mm map at 1:1500 (138 m), not at 1:1000
    box = view_box(frame, [(97.0, 92.0), (64.0, 64.0)], SCALES)
    assert box.contains(frame)
    assert box.width() >= 97.0 * 1.5 and box.height() >= 92.0 * 1.5   # the 97 × 92 mm map at 1:1500
    assert box.width() < 97.0 * 2.0 * 1.2                              # not the next scale's view
    huge = QgsRectangle(0, 0, 80000, 80000)       # beyond the largest scale: the frame itself
    assert view_box(huge, [(64.0, 64.0)], SCALES).contains(huge)


def test_page_copy_keeps_fields_and_moves_features_once(qgis_app):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
        QgsProject,
        QgsRectangle,
        QgsVectorLayer,
    )

    from wpzf.reports.atlas_layers import gauss_kruger_crs, page_copy

    src = QgsVectorLayer("Polygon?crs=EPSG:4490&field=fid:integer&field=JCBH:string", "p", "memory")
    feats = []
    for k, lon in enumerate((113.000, 113.001, 113.300), start=1):
        f = QgsFeature(src.fields())
        f.setAttributes([k, f"14092320210500{k:02d}"])
        f.setGeometry(QgsGeometry.fromRect(QgsRectangle(lon, 39.0, lon + 0.0005, 39.0005)))
        feats.append(f)
    src.dataProvider().addFeatures(feats)
    crs = gauss_kruger_crs(113.0)
    to_map = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4490"), crs, QgsProject.instance())
    near = to_map.transformBoundingBox(QgsRectangle(112.999, 38.999, 113.002, 39.002))
    copy = page_copy(src, [near, near], to_map, "本图斑")
    assert copy.providerType() == "memory" and copy.crs() == crs
    assert copy.fields().names() == ["fid", "JCBH"]
    got = sorted((f["fid"], f["JCBH"]) for f in copy.getFeatures())
    assert got == [(1, "14092320210500" "01"), (2, "14092320210500" "02")]   # the far patch is on no page
    box = next(copy.getFeatures()).geometry().boundingBox()
    assert box.xMinimum() > 1000 and 30 < box.width() < 60                 # metres in the zone, ≈ 43 m wide
