"""Imagery compare: before/after toggle, the swipe tool's clipped 'before' image, the second canvas in
step with the main one (both ways, no feedback loop), the bar's widgets."""
import pytest

pytestmark = pytest.mark.qgis

RED, BLUE = (255, 0, 0), (0, 0, 255)
EXTENT = (0.0, 0.0, 1000.0, 1000.0)  # EPSG:3857 metres


def write_tif(path, rgb, size=20):
    from osgeo import gdal, osr

    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 3, gdal.GDT_Byte)
    x0, y0, x1, y1 = EXTENT
    ds.SetGeoTransform((x0, (x1 - x0) / size, 0, y1, 0, -(y1 - y0) / size))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3857)
    ds.SetProjection(srs.ExportToWkt())
    for band, value in enumerate(rgb, 1):
        ds.GetRasterBand(band).Fill(value)
    ds.FlushCache()
    ds = None
    return path


@pytest.fixture
def layers(qgis_new_project, tmp_path):
    from qgis.core import QgsRasterLayer

    before = QgsRasterLayer(str(write_tif(tmp_path / "before.tif", RED)), "before")
    after = QgsRasterLayer(str(write_tif(tmp_path / "after.tif", BLUE)), "after")
    assert before.isValid() and after.isValid()
    qgis_new_project.addMapLayers([before, after])
    return before, after


@pytest.fixture
def canvas(qgis_iface, qgis_parent, layers):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtWidgets import QApplication

    c = qgis_iface.mapCanvas()
    # the session shares this canvas: leave it as found
    saved = (c.mapSettings().destinationCrs(), c.extent(), c.isVisible(), qgis_parent.isVisible())
    qgis_parent.show()
    c.show()
    c.resize(QSize(400, 300))
    QApplication.processEvents()
    c.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    c.setLayers([layers[1]])  # the main map shows 'after'
    c.setExtent(QgsRectangle(*EXTENT))
    c.setRotation(0)
    yield c
    if c.mapTool() is not None:
        c.unsetMapTool(c.mapTool())
    crs, extent, visible, parent_visible = saved
    c.setLayers([])
    c.setDestinationCrs(crs)
    c.setExtent(extent)
    c.setVisible(visible)
    qgis_parent.setVisible(parent_visible)


@pytest.fixture
def compare(qgis_iface, canvas, layers):
    from wpzf.ui.compare import ImageryCompare

    cmp = ImageryCompare(qgis_iface)
    cmp.set_layers(layers[0].id(), layers[1].id())
    yield cmp
    cmp.unload()


def rgb(image, x, y):
    c = image.pixelColor(int(x), int(y))
    return c.red(), c.green(), c.blue(), c.alpha()


def wait_rendered(canvas):
    """Render the main map and wait for it (the canvas renders asynchronously; a render already
    under way, e.g. for layers set earlier, must not be mistaken for this one)."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer
    from qgis.PyQt.QtWidgets import QApplication

    QApplication.processEvents()
    canvas.waitWhileRendering()
    loop = QEventLoop()
    canvas.mapCanvasRefreshed.connect(loop.quit)
    QTimer.singleShot(5000, loop.quit)
    canvas.refreshAllLayers()
    loop.exec()
    canvas.mapCanvasRefreshed.disconnect(loop.quit)
    canvas.waitWhileRendering()


def test_toggle_shows_exactly_one(compare, layers, qgis_new_project):
    before, after = layers
    root = qgis_new_project.layerTreeRoot()
    shown = []
    compare.shownChanged.connect(shown.append)

    def visible():
        return root.findLayer(before.id()).isVisible(), root.findLayer(after.id()).isVisible()

    assert compare.toggle() == "before" and visible() == (True, False)
    assert compare.toggle() == "after" and visible() == (False, True)
    compare.toggle_action.trigger()
    assert compare.shown == "before" and visible() == (True, False)
    compare.show_after()
    assert visible() == (False, True) and shown == ["before", "after", "before", "after"]
    # a layer inside a hidden group is shown with its group
    group = root.addGroup("imagery")
    node = root.findLayer(before.id())
    group.addChildNode(node.clone())
    root.removeChildNode(node)
    group.setItemVisibilityChecked(False)
    compare.show_before()
    assert visible() == (True, False) and group.itemVisibilityChecked()
    # remembered in the project: a new controller (e.g. after the project is read) takes them up
    assert qgis_new_project.readEntry("wpzf", "compare/before", "")[0] == before.id()
    from wpzf.ui.compare import ImageryCompare

    again = ImageryCompare(compare.iface)
    assert again.before_layer() is before and again.after_layer() is after
    again.unload()


def test_removed_layers_are_forgotten(compare, layers, qgis_new_project):
    compare.set_swipe(True)
    seen = []
    compare.layersChanged.connect(lambda: seen.append(1))
    qgis_new_project.removeMapLayer(layers[0].id())
    assert compare.before_layer() is None and compare.after_layer() is layers[1] and seen
    assert compare.swipe_tool.layers() == []


def test_swipe_draws_before_left_of_the_line(compare, canvas, layers):
    compare.set_swipe(True)
    tool = compare.swipe_tool
    assert canvas.mapTool() is tool and compare.swipe_active()
    tool.wait()
    item = tool.item
    assert item is not None and item.image is not None
    # vector layers on the canvas (patch outlines) are drawn above 'before'
    from qgis.core import QgsVectorLayer

    outlines = QgsVectorLayer("Polygon?crs=EPSG:3857", "outlines", "memory")
    canvas.setLayers([outlines, layers[1]])
    assert tool.layers() == [outlines, layers[0]]
    canvas.setLayers([layers[1]])
    tool.wait()
    w, h = canvas.mapSettings().outputSize().width(), canvas.mapSettings().outputSize().height()
    assert rgb(item.image, item.image.width() // 2, item.image.height() // 2) == (*RED, 255)
    # the item clips at the line: paint it into an image the size of the canvas
    from qgis.PyQt.QtGui import QImage, QPainter

    tool.set_position(100)
    img = QImage(w, h, QImage.Format.Format_ARGB32)
    img.fill(0)
    p = QPainter(img)
    p.translate(item.pos())
    item.paint(p)
    p.end()
    assert rgb(img, 50, h // 2) == (*RED, 255)
    assert rgb(img, 150, h // 2)[3] == 0  # right of the line: nothing drawn over the map
    # on the canvas itself: before on the left, after on the right
    wait_rendered(canvas)
    tool.set_position(w * 0.6)
    shot = canvas.grab().toImage()
    assert rgb(shot, w * 0.25, h / 2)[:3] == RED and rgb(shot, w * 0.8, h / 2)[:3] == BLUE
    # the view changes: rendered again for the new extent
    from qgis.core import QgsRectangle

    rendered = []
    tool.rendered.connect(lambda: rendered.append(1))
    canvas.setExtent(QgsRectangle(800, 0, 1800, 1000))  # the rasters now cover only the left part
    tool.wait()
    assert rendered and rgb(item.image, 5, item.image.height() // 2)[:3] == RED
    assert rgb(item.image, item.image.width() - 5, item.image.height() // 2)[3] == 0
    # another map tool ends the swipe and removes the item
    states = []
    compare.swipeChanged.connect(states.append)
    from qgis.gui import QgsMapToolPan

    pan = QgsMapToolPan(canvas)
    canvas.setMapTool(pan)
    assert tool.item is None and item.scene() is None and states == [False] and not compare.swipe_active()
    canvas.unsetMapTool(pan)


def test_swipe_off_restores_the_previous_tool(compare, canvas):
    from qgis.gui import QgsMapToolPan

    pan = QgsMapToolPan(canvas)
    canvas.setMapTool(pan)
    compare.set_swipe(True)
    assert canvas.mapTool() is compare.swipe_tool
    compare.set_swipe(False)
    assert canvas.mapTool() is pan and compare.swipe_tool.item is None
    canvas.unsetMapTool(pan)


def test_second_canvas_follows_both_ways(compare, canvas, layers):
    from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsRectangle
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtWidgets import QApplication

    compare.set_second_canvas(True)
    second = compare.second_dock.second.canvas
    second.resize(QSize(300, 300))
    compare.second_dock.show()
    QApplication.processEvents()
    assert second.layers() == [layers[0]]

    def same_view(a, b):
        ca, cb = a.center(), b.center()
        m = a.mapUnitsPerPixel()
        return abs(ca.x() - cb.x()) < m and abs(ca.y() - cb.y()) < m and \
            abs(a.mapUnitsPerPixel() - b.mapUnitsPerPixel()) < 1e-9 * m

    assert same_view(canvas, second)
    moves = {"main": 0, "second": 0}
    canvas.extentsChanged.connect(lambda: moves.__setitem__("main", moves["main"] + 1))
    second.extentsChanged.connect(lambda: moves.__setitem__("second", moves["second"] + 1))
    canvas.setExtent(QgsRectangle(200, 200, 400, 400))
    assert same_view(canvas, second) and moves["main"] == 1 and 1 <= moves["second"] <= 2
    # the second canvas moved by the user moves the main one, without echo
    moves.update(main=0, second=0)
    second.setCenter(QgsPointXY(600, 650))
    second.zoomScale(second.scale() * 2)
    assert same_view(canvas, second) and abs(canvas.center().x() - 600) < canvas.mapUnitsPerPixel()
    assert moves["second"] == 2 and 1 <= moves["main"] <= 2
    # resizing the second canvas does not change the main view
    before = (canvas.center().x(), canvas.center().y(), canvas.mapUnitsPerPixel())
    second.resize(QSize(200, 350))
    QApplication.processEvents()
    assert (canvas.center().x(), canvas.center().y(), canvas.mapUnitsPerPixel()) == before
    assert same_view(canvas, second)
    # CRS follows
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    assert second.mapSettings().destinationCrs().authid() == "EPSG:4326"
    # closing the dock turns the second canvas off
    states = []
    compare.secondCanvasChanged.connect(states.append)
    compare.second_dock.close()
    assert compare.second_dock is None and states == [False]


def test_the_bar(compare, layers, qgis_app):
    from qgis.core import QgsMapLayerProxyModel

    from wpzf.ui.compare import CompareBar

    bar = CompareBar(compare)
    assert bar.before_combo.currentLayer() is layers[0] and bar.after_combo.currentLayer() is layers[1]
    assert bar.before_combo.filters() == QgsMapLayerProxyModel.Filter.RasterLayer
    assert compare.toggle_action.isEnabled() and bar.swipe_button.isEnabled()
    bar.after_combo.setLayer(layers[0])
    bar.before_combo.setLayer(layers[1])
    assert compare.before_layer() is layers[1] and compare.after_layer() is layers[0]
    bar.swipe_button.click()
    assert compare.swipe_active() and compare.swipe_tool.layer is layers[1]
    bar.swipe_button.click()
    assert not compare.swipe_active()
    bar.second_check.click()
    assert compare.second_dock is not None
    compare.set_second_canvas(False)
    assert not bar.second_check.isChecked()
    bar.before_combo.setLayer(None)
    assert compare.before_layer() is None and not compare.toggle_action.isEnabled()
    bar.deleteLater()
