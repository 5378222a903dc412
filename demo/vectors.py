"""Writing the demo's vector files with OGR: GeoPackages and a GBK shapefile as the Ministry sends it."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import struct
from dataclasses import dataclass

import numpy as np
import shapely
from osgeo import gdal, ogr

from .common import srs

ogr.UseExceptions()

STR, REAL, INT, DATE = ogr.OFTString, ogr.OFTReal, ogr.OFTInteger, ogr.OFTDate


@dataclass
class Field:
    name: str
    type: int = STR
    width: int = 0
    precision: int = 0


@dataclass
class LayerData:
    name: str
    epsg: int
    fields: list
    rows: list          # dicts field → value
    geoms: list         # shapely geometries in the layer's CRS
    geom_type: int = ogr.wkbMultiPolygon


@contextlib.contextmanager
def fixed_timestamp(stamp: str):
    """GeoPackage metadata carries the write time; pin it so reruns give identical files."""
    old = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", stamp)
    try:
        yield
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", old)


def _ogr_geom(g, geom_type: int):
    geom = ogr.CreateGeometryFromWkb(bytes(shapely.to_wkb(g)))
    if geom_type == ogr.wkbMultiPolygon and geom.GetGeometryType() == ogr.wkbPolygon:
        geom = ogr.ForceToMultiPolygon(geom)
    return geom


def _fill(layer, data: LayerData) -> None:
    for f in data.fields:
        fd = ogr.FieldDefn(f.name, f.type)
        if f.width:
            fd.SetWidth(f.width)
        if f.precision:
            fd.SetPrecision(f.precision)
        layer.CreateField(fd)
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for row, g in zip(data.rows, data.geoms):
        feat = ogr.Feature(defn)
        for f in data.fields:
            v = row.get(f.name)
            if v is None or (v == "" and f.type != STR):
                continue
            if isinstance(v, dt.date):
                v = v.isoformat()
            if isinstance(v, (np.integer,)):
                v = int(v)
            if isinstance(v, (np.floating,)):
                v = float(v)
            feat.SetField(f.name, v)
        feat.SetGeometry(_ogr_geom(g, data.geom_type))
        layer.CreateFeature(feat)
    layer.CommitTransaction()


def write_gpkg(path: str, layers: list[LayerData], stamp: str) -> None:
    if os.path.exists(path):
        os.remove(path)
    with fixed_timestamp(stamp):
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        for data in layers:
            lyr = ds.CreateLayer(data.name, srs(data.epsg), data.geom_type,
                                 options=["SPATIAL_INDEX=YES", "FID=fid"])
            _fill(lyr, data)
        ds = None


def write_gbk_shapefile(path: str, data: LayerData, dbf_date: dt.date) -> None:
    """A shapefile whose DBF strings are GBK and which has no .cpg (as Ministry batches come)."""
    base = os.path.splitext(path)[0]
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        if os.path.exists(base + ext):
            os.remove(base + ext)
    # QGIS's OGR provider sets SHAPE_ENCODING="" process-wide once it has opened a shapefile, which would write
    # the text unrecoded (UTF-8 bytes under a GBK name): say what is meant for this thread
    before = gdal.GetThreadLocalConfigOption("SHAPE_ENCODING", None)
    gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", "GBK")
    try:
        ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
        lyr = ds.CreateLayer(os.path.basename(base), srs(data.epsg), data.geom_type, options=["ENCODING=GBK"])
        _fill(lyr, data)
        ds = None
    finally:
        gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", before)
    if os.path.exists(base + ".cpg"):
        os.remove(base + ".cpg")
    # the DBF header carries the date of the last update: make it the batch's date, not today's
    with open(base + ".dbf", "r+b") as f:
        f.seek(1)
        f.write(struct.pack("<BBB", dbf_date.year - 1900, dbf_date.month, dbf_date.day))
