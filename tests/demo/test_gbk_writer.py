"""The demo's Ministry batch is GBK even after QGIS has set SHAPE_ENCODING="" for the whole process (its OGR
provider does once it opens a shapefile), as happens when the demo is built inside QGIS or after other tests."""
import datetime as dt

from osgeo import gdal, ogr
from shapely.geometry import MultiPolygon, Polygon

from wpzf.demo.vectors import LayerData, write_gbk_shapefile
from wpzf.tests.demo.test_build import read_dbf


class _Field:
    def __init__(self, name):
        self.name, self.type, self.width, self.precision = name, ogr.OFTString, 20, 0


def test_gbk_text_whatever_the_process_wide_shape_encoding(tmp_path):
    before = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", "")
    try:
        data = LayerData("b", 4490, [_Field("XMC")], [{"XMC": "代县"}],
                         [MultiPolygon([Polygon([(113, 39), (113.01, 39), (113.01, 39.01)])])])
        write_gbk_shapefile(str(tmp_path / "b.shp"), data, dt.date(2021, 5, 6))
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", before)
    _, records = read_dbf(tmp_path / "b.dbf")
    assert records[0]["XMC"] == "代县".encode("gbk")
    assert not (tmp_path / "b.cpg").exists()
