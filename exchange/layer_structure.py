"""The structure of a batch's own layer as received (driver, layer name, geometry type, CRS, encoding and
every field's name, type, width and precision), kept with the batch (wz_batch.ZDJG) so that the return goes
up in exactly the schema that came down."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

STRUCTURE_VERSION = 1


def describe(source, layer_name: Optional[str] = None, encoding: Optional[str] = None,
             epsg: Optional[int] = None) -> dict:
    """The structure of ``source`` (a shapefile, zipped shapefile, GeoPackage …; ``layer_name`` as imported)."""
    from osgeo import gdal

    from .reader import _unpacked

    gdal.UseExceptions()
    with _unpacked(Path(source)) as path:
        opts = [f"ENCODING={encoding.upper()}"] if encoding and path.suffix.lower() == ".shp" else []
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY, open_options=opts)
        layer = ds.GetLayerByName(layer_name) if layer_name else None
        if layer is None:
            layer = next(ds.GetLayerByIndex(i) for i in range(ds.GetLayerCount())
                         if ds.GetLayerByIndex(i).GetGeomType() != 0)
        defn = layer.GetLayerDefn()
        fields = []
        for i in range(defn.GetFieldCount()):
            f = defn.GetFieldDefn(i)
            fields.append([f.GetName(), f.GetType(), f.GetSubType(), f.GetWidth(), f.GetPrecision()])
        return {"version": STRUCTURE_VERSION, "driver": ds.GetDriver().ShortName, "file": path.name,
                "layer": layer.GetName(), "geometry": layer.GetGeomType(), "epsg": epsg, "encoding": encoding,
                "fields": fields, "geometry_column": layer.GetGeometryColumn() or None,
                "fid_column": layer.GetFIDColumn() or None}


def describe_text(source, layer_name=None, encoding=None, epsg=None) -> Optional[str]:
    """``describe`` as JSON, or None when the file cannot be described (the import never fails for it)."""
    try:
        return json.dumps(describe(source, layer_name, encoding, epsg), ensure_ascii=False)
    except Exception:  # noqa: BLE001 - the structure is a convenience of the return, not of the import
        return None


def inferred(verbatim: list[dict], layer: str, encoding: str, epsg: Optional[int]) -> dict:
    """A structure guessed from the verbatim attributes when the batch predates ZDJG and its file is gone:
    text as String (widest value), numbers as Real or Integer, ISO dates as Date."""
    from osgeo import ogr

    names: list[str] = []
    for row in verbatim:
        for k in row:
            if k not in names:
                names.append(k)
    fields = []
    for n in names:
        vals = [r.get(n) for r in verbatim if r.get(n) is not None]
        if vals and all(isinstance(v, bool) or isinstance(v, int) for v in vals):
            fields.append([n, ogr.OFTInteger64, 0, 0, 0])
        elif vals and all(isinstance(v, (int, float)) for v in vals):
            fields.append([n, ogr.OFTReal, 0, 24, 15])
        else:
            width = max([len(str(v).encode(encoding or "utf-8", "replace")) for v in vals] + [1])
            fields.append([n, ogr.OFTString, 0, min(254, max(width, 10)), 0])
    return {"version": STRUCTURE_VERSION, "driver": "ESRI Shapefile", "file": f"{layer}.shp", "layer": layer,
            "geometry": ogr.wkbPolygon, "epsg": epsg, "encoding": encoding, "fields": fields, "inferred": True}


def batch_row_encoding(raw) -> Optional[str]:
    """The encoding the batch's attributes were read in (a shapefile's DBF), None for self-describing formats."""
    return raw.encoding.codec if getattr(raw, "encoding", None) else None
