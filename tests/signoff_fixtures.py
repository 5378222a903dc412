"""Small batches for the sign-off tests: a GBK shapefile in degrees with empty result fields, and a GeoPackage in
Gauss–Krüger zone 38 with dates, as the Ministry and the province send them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from osgeo import ogr, osr

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store.determinations import determine_patches, save_facts

ogr.UseExceptions()
ILLEGAL = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False}
SHP_FIELDS = (("JCBH", ogr.OFTString, 20, 0), ("XZQDM", ogr.OFTString, 12, 0), ("XMC", ogr.OFTString, 20, 0),
              ("XZMC", ogr.OFTString, 20, 0), ("CMC", ogr.OFTString, 20, 0), ("JCMJ", ogr.OFTReal, 12, 2),
              ("GDMJ", ogr.OFTReal, 12, 2), ("YJJBNTMJ", ogr.OFTReal, 12, 2), ("NYDMJ", ogr.OFTReal, 12, 2),
              ("JSYDMJ", ogr.OFTReal, 12, 2), ("WLYDMJ", ogr.OFTReal, 12, 2), ("SFSK", ogr.OFTString, 4, 0),
              ("NUM", ogr.OFTInteger, 6, 0), ("PDJG", ogr.OFTString, 40, 0), ("WFLX", ogr.OFTString, 40, 0),
              ("PDYJSM", ogr.OFTString, 254, 0))


def square(i: int, x0=113.0, y0=39.0, size=0.001):
    x = x0 + 2 * size * i
    return f"POLYGON(({x} {y0}, {x + size} {y0}, {x + size} {y0 + size}, {x} {y0 + size}, {x} {y0}))"


def write_layer(path: Path, n: int, driver: str = "ESRI Shapefile", epsg: int = 4490, encoding: str = "GBK",
                fields=SHP_FIELDS, geom_type=ogr.wkbPolygon, dates: bool = False) -> Path:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    from osgeo import gdal

    # QGIS's OGR provider (loaded by earlier tests) sets SHAPE_ENCODING="" process-wide: recoding would be off
    gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", encoding if driver == "ESRI Shapefile" else None)
    try:
        return _write(path, n, driver, srs, encoding, fields, geom_type, dates, epsg)
    finally:
        gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", None)


def _write(path, n, driver, srs, encoding, fields, geom_type, dates, epsg):
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    opts = [f"ENCODING={encoding}"] if driver == "ESRI Shapefile" else []
    lyr = ds.CreateLayer(path.stem, srs, geom_type, options=opts)
    fields = tuple(fields) + ((("QSXSJ", ogr.OFTDate, 0, 0),) if dates else ())
    for name, kind, width, prec in fields:
        fd = ogr.FieldDefn(name, kind)
        fd.SetWidth(width)
        fd.SetPrecision(prec)
        lyr.CreateField(fd)
    tr = None
    if epsg != 4490:
        src = osr.SpatialReference()
        src.ImportFromEPSG(4490)
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        tr = osr.CoordinateTransformation(src, srs)
    for i in range(n):
        f = ogr.Feature(lyr.GetLayerDefn())
        vals = {"JCBH": f"T{i:03d}", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "CMC": "东关村", "JCMJ": 2.25,
                "GDMJ": 0.5, "YJJBNTMJ": 0.0, "NYDMJ": 0.5, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "NUM": i + 1}
        for name, *_ in fields:
            if name in vals:
                f.SetField(name, vals[name])
        if dates:
            f.SetField("QSXSJ", 2021, 3, 1 + i, 0, 0, 0, 0)
        g = ogr.CreateGeometryFromWkt(square(i))
        if tr is not None:
            g.Transform(tr)
        if geom_type == ogr.wkbMultiPolygon:
            g = ogr.ForceToMultiPolygon(g)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds = None
    if driver == "ESRI Shapefile":
        path.with_suffix(".cpg").unlink(missing_ok=True)   # as the Ministry's files come: no .cpg
    return path


def imported(ws, path: Path, code: str, level: str = "部级") -> list[int]:
    rep = import_batch(ws, path, BatchMeta(level, dt.date(2021, 5, 6), 2021, code=code), save=False)
    assert rep.ok, rep.text()
    fids = ws.patch_fids(code)
    for f in fids:
        save_facts(ws, f, ILLEGAL, source="test")
    determine_patches(ws, fids)
    return fids
