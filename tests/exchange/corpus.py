"""A corpus of malformed batch files, as real batches arrive broken. Each builder writes one case into
a folder and returns (path to import, substring the error must contain, expected row or None).
"""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from osgeo import ogr, osr

ogr.UseExceptions()

SQUARE = "POLYGON((113.00 39.00, 113.001 39.00, 113.001 39.001, 113.00 39.001, 113.00 39.00))"


def _square(i: int) -> str:
    x = 113.0 + 0.002 * i
    return f"POLYGON(({x} 39.0, {x + 0.001} 39.0, {x + 0.001} 39.001, {x} 39.001, {x} 39.0))"


def write_shp(path: Path, rows: list[dict], geom_type=ogr.wkbPolygon, epsg: int | None = 4490,
              fields=(("JCBH", ogr.OFTString), ("XMC", ogr.OFTString), ("JCMJ", ogr.OFTString),
                      ("XFSJ", ogr.OFTString)), encoding: str = "UTF-8", keep_cpg: bool = True) -> Path:
    # QGIS's OGR provider (opened by any earlier test) sets SHAPE_ENCODING="" process-wide, which would write the
    # text unrecoded (UTF-8 bytes under a GBK name): the corpus says what it means for its own thread.
    from osgeo import gdal
    old_encoding = gdal.GetThreadLocalConfigOption("SHAPE_ENCODING", None)
    gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", encoding)
    try:
        return _write_shp(path, rows, geom_type, epsg, fields, encoding, keep_cpg)
    finally:
        gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", old_encoding)


def _write_shp(path, rows, geom_type, epsg, fields, encoding, keep_cpg) -> Path:
    drv = ogr.GetDriverByName("ESRI Shapefile")
    ds = drv.CreateDataSource(str(path))
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer(path.stem, srs, geom_type, options=[f"ENCODING={encoding}"])
    for name, kind in fields:
        fd = ogr.FieldDefn(name, kind)
        if kind == ogr.OFTString:
            fd.SetWidth(24)
        lyr.CreateField(fd)
    for r in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for name, _ in fields:
            if r.get(name) is not None:
                f.SetField(name, r[name])
        wkt = r.get("wkt")
        if wkt:
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    if not keep_cpg:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    if not epsg:
        path.with_suffix(".prj").unlink(missing_ok=True)
    return path


def good_rows(n: int = 3) -> list[dict]:
    return [{"JCBH": f"K{i:04d}", "XMC": "代县", "JCMJ": "14.4", "XFSJ": "2021-05-06", "wkt": _square(i)}
            for i in range(n)]


# The fields of a batch's patches that the store, exchange and report tests import (``fields=PATCH_FIELDS``),
# and facts that determine a patch 新增建设用地违法.
PATCH_FIELDS = (("JCBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("XMC", ogr.OFTString), ("XZMC", ogr.OFTString),
                ("GDMJ", ogr.OFTReal), ("YJJBNTMJ", ogr.OFTReal), ("NYDMJ", ogr.OFTReal), ("JSYDMJ", ogr.OFTReal),
                ("WLYDMJ", ogr.OFTReal), ("SFSK", ogr.OFTString))
ILLEGAL = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False}


def patch_dbf_text(dbf: Path, placeholder: bytes, raw: bytes) -> None:
    data = bytearray(dbf.read_bytes())
    i = data.index(placeholder)
    data[i:i + len(placeholder)] = raw.ljust(len(placeholder), b" ")[:len(placeholder)]
    dbf.write_bytes(bytes(data))


CASES = ("zero_byte", "missing_dbf", "missing_shx", "truncated_dbf", "broken_dbf_header", "mojibake_utf8",
         "undecodable_text", "cpg_lies", "no_prj_gk_without_zone", "unrecognised_prj", "self_intersection_collapsed",
         "empty_geometry", "null_geometry", "duplicate_keys", "missing_key_field", "empty_key", "points_not_polygons",
         "bad_number", "bad_date", "not_a_zip", "zip_escape", "gpkg_garbage", "no_records")


def build(folder: Path) -> dict[str, tuple[Path, str, int | None]]:
    folder.mkdir(parents=True, exist_ok=True)
    cases = {}

    def case(name):
        d = folder / name
        d.mkdir()
        return d

    def one_bad_value(name, file, row, field, value, message, n=3):
        """Good rows but one value, in the shapefile ``file`` of the case; the error names that row."""
        rows = good_rows(n)
        rows[row][field] = value
        cases[name] = (write_shp(case(name) / file, rows), message, row + 1)

    d = case("zero_byte")
    p = d / "zero.shp"
    p.write_bytes(b"")
    cases["zero_byte"] = (p, "empty (0 bytes)", None)

    d = case("missing_dbf")
    p = write_shp(d / "nodbf.shp", good_rows())
    p.with_suffix(".dbf").unlink()
    cases["missing_dbf"] = (p, ".dbf) is missing", None)

    d = case("missing_shx")
    p = write_shp(d / "noshx.shp", good_rows())
    p.with_suffix(".shx").unlink()
    cases["missing_shx"] = (p, ".shx) is missing", None)

    d = case("truncated_dbf")
    p = write_shp(d / "trunc.shp", good_rows(10))
    dbf = p.with_suffix(".dbf")
    dbf.write_bytes(dbf.read_bytes()[:-200])
    cases["truncated_dbf"] = (p, "truncated", None)

    d = case("broken_dbf_header")
    p = write_shp(d / "header.shp", good_rows())
    dbf = p.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    struct.pack_into("<H", data, 10, 7)  # record length that fits no field layout
    dbf.write_bytes(bytes(data))
    cases["broken_dbf_header"] = (p, "header is damaged", None)

    d = case("mojibake_utf8")
    rows = good_rows()
    rows[1]["XMC"] = "PLACEHOLDERXXXXXXXX"
    p = write_shp(d / "mojibake.shp", rows, keep_cpg=False)
    garbled = "代县新增".encode("gbk").decode("latin-1").encode("utf-8")
    patch_dbf_text(p.with_suffix(".dbf"), b"PLACEHOLDERXXXXXXXX", garbled)
    cases["mojibake_utf8"] = (p, "garbled", 2)

    d = case("undecodable_text")
    rows = good_rows()
    rows[2]["XMC"] = "PLACEHOLDERXXXXXXXX"
    p = write_shp(d / "binary.shp", rows, keep_cpg=False)
    patch_dbf_text(p.with_suffix(".dbf"), b"PLACEHOLDERXXXXXXXX", bytes([0xFF, 0xFE, 0x81, 0x30, 0x81, 0x30, 0xC3]))
    cases["undecodable_text"] = (p, "cannot tell the text encoding", 3)

    d = case("cpg_lies")
    rows = good_rows()
    rows[0]["XMC"] = "PLACEHOLDERXXXXXXXX"
    p = write_shp(d / "cpglies.shp", rows)
    p.with_suffix(".cpg").write_text("UTF-8")
    patch_dbf_text(p.with_suffix(".dbf"), b"PLACEHOLDERXXXXXXXX", "代县".encode("gbk"))
    cases["cpg_lies"] = (p, "although the .cpg says UTF-8", 1)

    d = case("no_prj_gk_without_zone")
    rows = [{"JCBH": f"G{i}", "wkt": f"POLYGON(({450000 + i * 100} 4320000, {450050 + i * 100} 4320000, "
                                     f"{450050 + i * 100} 4320050, {450000 + i * 100} 4320000))"} for i in range(3)]
    p = write_shp(d / "gk_noprj.shp", rows, epsg=None)
    cases["no_prj_gk_without_zone"] = (p, "cannot be told", None)

    d = case("unrecognised_prj")
    p = write_shp(d / "localcs.shp", good_rows())
    p.with_suffix(".prj").write_text('LOCAL_CS["site grid",UNIT["metre",1]]')
    cases["unrecognised_prj"] = (p, "not recognised", None)

    one_bad_value("self_intersection_collapsed", "collapsed.shp", 1, "wkt",
                  "POLYGON((113 39, 113.001 39.001, 113.001 39.001, 113 39, 113.001 39.001, 113 39))",
                  "no area left after repair")
    one_bad_value("empty_geometry", "emptygeom.shp", 2, "wkt", "POLYGON EMPTY", "geometry")
    one_bad_value("null_geometry", "nullgeom.shp", 0, "wkt", None, "no geometry (null)")

    d = case("duplicate_keys")
    rows = good_rows(4)
    rows[3]["JCBH"] = rows[1]["JCBH"]
    p = write_shp(d / "dups.shp", rows)
    cases["duplicate_keys"] = (p, "appears twice", 4)

    d = case("missing_key_field")
    p = write_shp(d / "nokey.shp", [{"XMC": "代县", "wkt": SQUARE}],
                  fields=(("XMC", ogr.OFTString), ("MJ", ogr.OFTReal)))
    cases["missing_key_field"] = (p, "has no field JCBH", None)

    one_bad_value("empty_key", "emptykey.shp", 1, "JCBH", None, "监测编号 is empty")

    d = case("points_not_polygons")
    rows = [{"JCBH": f"P{i}", "wkt": f"POINT({113 + i * 0.01} 39)"} for i in range(3)]
    p = write_shp(d / "points.shp", rows, geom_type=ogr.wkbPoint)
    cases["points_not_polygons"] = (p, "a patch must be a polygon", 1)

    one_bad_value("bad_number", "badnum.shp", 2, "JCMJ", "约3亩", "is not a number")
    one_bad_value("bad_date", "baddate.shp", 0, "XFSJ", "2021-13-45", "2021-13-45")

    d = case("not_a_zip")
    p = d / "batch.zip"
    p.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    cases["not_a_zip"] = (p, "not a readable zip", None)

    d = case("zip_escape")
    p = d / "escape.zip"
    src = write_shp(case("zip_escape_src") / "inner.shp", good_rows())
    with zipfile.ZipFile(p, "w") as z:
        for ext in (".shp", ".shx", ".dbf", ".prj"):
            z.write(src.with_suffix(ext), f"../../evil{ext}")
    cases["zip_escape"] = (p, "leaves its folder", None)

    d = case("gpkg_garbage")
    p = d / "batch.gpkg"
    p.write_text("not a database at all", "utf-8")
    cases["gpkg_garbage"] = (p, "OGR cannot read it", None)

    d = case("no_records")
    p = write_shp(d / "norecords.shp", [])
    cases["no_records"] = (p, "no records", None)
    return cases
