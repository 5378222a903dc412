"""Read a batch file with OGR into plain columns and shapely geometries, in the source CRS.

Handles shapefiles (loose or zipped), GeoPackage, FileGDB — whatever OGR reads. Every failure is an
``InputError`` naming the file; nothing here touches the workspace.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import shapely

from ..i18n import tr
from .crs import CGCS2000_GEOGRAPHIC, from_tm_parameters, infer_from_bounds, is_supported
from .encoding import EncodingChoice, choose_encoding
from .errors import InputError, Problem

DATASET_SUFFIXES = (".shp", ".gpkg", ".gdb", ".geojson", ".json", ".kml", ".tab", ".mif", ".sqlite")


@dataclass
class RawBatch:
    file: str
    layer: str
    fields: list[str]
    columns: dict[str, np.ndarray]  # source field → float64 array, or object array of str / ISO date / None
    geoms: np.ndarray               # shapely geometries in the source CRS (None where missing/unreadable)
    rows: np.ndarray                # 1-based record numbers as the user sees them in the file
    epsg: Optional[int]
    crs_note: str
    encoding: Optional[EncodingChoice] = None
    unreadable: list[int] = field(default_factory=list)  # rows whose geometry bytes could not be parsed
    crs_inferred: bool = False  # no .prj and none chosen: the system was guessed from the coordinates

    def __len__(self) -> int:
        return len(self.rows)


def _ogr():
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    ogr.UseExceptions()
    osr.UseExceptions()
    return gdal, ogr, osr


@contextmanager
def _unpacked(path: Path):
    """A zip is unpacked into a temporary folder (member paths checked so none escapes it)."""
    if path.suffix.lower() != ".zip":
        yield path
        return
    tmp = Path(tempfile.mkdtemp(prefix="wpzf_zip_"))
    try:
        try:
            root = tmp.resolve()
            with zipfile.ZipFile(path) as z:
                for info in z.infolist():
                    target = (tmp / info.filename).resolve()
                    # inside the folder (a text prefix test would also let a sibling "wpzf_zip_…x" pass)
                    if target != root and root not in target.parents:
                        raise InputError(Problem(path.name, tr("the zip contains a path that leaves its folder: {name}").format(
                            name=info.filename)))
                z.extractall(tmp)
        except zipfile.BadZipFile:
            raise InputError(Problem(path.name, tr("not a readable zip archive"))) from None
        found = [p for p in tmp.rglob("*") if p.suffix.lower() in DATASET_SUFFIXES
                 and not any(part.lower().endswith(".gdb") for part in p.relative_to(tmp).parts[:-1])]
        if not found:
            raise InputError(Problem(path.name, tr("the zip holds no shapefile, GeoPackage or FileGDB")))
        if len(found) > 1:
            names = ", ".join(sorted(p.name for p in found))
            raise InputError(Problem(path.name, tr("the zip holds several datasets ({names}); unpack it and import one "
                                                   "at a time").format(names=names)))
        yield found[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sidecar(shp: Path, ext: str) -> Optional[Path]:
    for cand in (shp.with_suffix(ext), shp.with_suffix(ext.upper())):
        if cand.exists():
            return cand
    return None


def _identify_epsg(srs) -> tuple[Optional[int], str]:
    """EPSG code of an OGR SRS if it is (or is equivalent to) a supported CGCS2000 system."""
    s = srs.Clone()
    try:
        s.AutoIdentifyEPSG()
    except RuntimeError:
        pass
    name = s.GetName() or "unnamed"
    code = s.GetAuthorityCode(None)
    if code and s.GetAuthorityName(None) == "EPSG":
        return int(code), name
    if s.IsProjected() and "2000" in (s.GetAttrValue("GEOGCS") or "") + (s.GetAttrValue("DATUM") or ""):
        epsg = from_tm_parameters(s.GetProjParm("central_meridian", 0.0), s.GetProjParm("false_easting", 0.0),
                                  s.GetProjParm("scale_factor", 1.0), s.GetProjParm("latitude_of_origin", 0.0),
                                  s.GetProjParm("false_northing", 0.0))
        if epsg:
            return epsg, name
    try:
        matches = s.FindMatches()
    except RuntimeError:
        matches = []
    for m, confidence in matches:
        if confidence >= 70 and m.GetAuthorityName(None) == "EPSG":
            return int(m.GetAuthorityCode(None)), name
    return None, name


def _value(v):
    if v is None:
        return None
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _column(parts: list[np.ndarray]) -> np.ndarray:
    """Arrow batches of one field → one array: float64 for numbers (NaN where empty), object (str/None)
    otherwise."""
    arr = np.ma.concatenate(parts) if len(parts) > 1 else parts[0]
    empty = np.ma.getmaskarray(arr)
    arr = np.ma.getdata(arr)
    if arr.dtype.kind in "fiub":
        out = arr.astype(np.float64)
        out[empty] = np.nan
        return out
    if arr.dtype.kind == "S":
        cells = list(map(bytes.decode, arr.tolist()))   # (UTF-8: GDAL has recoded the file's text)
        if "" in cells:
            cells = [x or None for x in cells]
        for i in np.flatnonzero(empty).tolist():
            cells[i] = None
        out = np.empty(len(arr), dtype=object)
        out[:] = cells
        return out
    if arr.dtype.kind == "M":
        days = arr.astype("datetime64[D]")
        return np.array([None if e or np.isnat(x) else str(x) for x, e in zip(days, empty)], dtype=object)
    return np.array([None if e else _value(x) for x, e in zip(arr, empty)], dtype=object)


def _read_arrow(layer, fid_name: str, geom_name: str, names: list[str]):
    parts = {n: [] for n in names}
    fids, wkbs = [], []
    # Masked arrays keep empty cells empty (unmasked, an empty date would read as 1970-01-01).
    for batch in layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=YES", "INCLUDE_FID=YES"]):
        fids.extend(batch[fid_name].tolist())
        geom = batch[geom_name]
        empty = np.ma.getmaskarray(geom)
        wkbs.extend(None if e or x is None else bytes(x) for x, e in zip(np.ma.getdata(geom), empty))
        for n in names:
            parts[n].append(batch[n])
    cols = {n: (_column(p) if p else np.array([], dtype=object)) for n, p in parts.items()}
    return fids, wkbs, cols


def _read_failure(layer, names: list[str], error: Exception) -> str:
    """What to tell when reading stopped: which record could not be read, and why in words even where
    GDAL gave no message (a truncated .shp)."""
    from osgeo import gdal

    why = str(error).strip() or gdal.GetLastErrorMsg().strip()
    read = 0
    layer.ResetReading()
    try:
        for _feat in layer:
            read += 1
    except RuntimeError as e:
        why = why or str(e).strip()
    total = layer.GetFeatureCount()
    if not why or read < total:
        where = tr("record {row} of {total} cannot be read").format(row=read + 1, total=total) if read < total \
            else tr("the records cannot be read")
        return tr("{where}: the file is truncated or damaged{detail}; ask for the batch again").format(
            where=where, detail=f" ({why})" if why else "")
    return tr("reading the records failed: {error}").format(error=why)


def _read_features(layer, names: list[str]):
    from osgeo import ogr

    cols = {n: [] for n in names}
    fids, wkbs = [], []
    defn = layer.GetLayerDefn()
    kinds = [defn.GetFieldDefn(i).GetType() for i in range(defn.GetFieldCount())]
    layer.ResetReading()
    for feat in layer:
        fids.append(feat.GetFID())
        g = feat.GetGeometryRef()
        wkbs.append(None if g is None else bytes(g.ExportToIsoWkb()))
        for i, n in enumerate(names):
            if not feat.IsFieldSetAndNotNull(i):
                cols[n].append(None)
            elif kinds[i] in (ogr.OFTDate, ogr.OFTDateTime):
                y, m, d = feat.GetFieldAsDateTime(i)[:3]
                cols[n].append(dt.date(y, m, d).isoformat() if y else None)
            elif kinds[i] == ogr.OFTReal:
                cols[n].append(feat.GetFieldAsDouble(i))
            elif kinds[i] in (ogr.OFTInteger, ogr.OFTInteger64):
                cols[n].append(feat.GetFieldAsInteger64(i))
            else:
                cols[n].append(feat.GetFieldAsString(i))
    return fids, wkbs, {n: np.array(v, dtype=object) for n, v in cols.items()}


def read_batch(path: str | Path, layer_name: Optional[str] = None, encoding: Optional[str] = None,
               crs_epsg: Optional[int] = None, lon_hint_field: str = "LZB",
               progress: Optional[Callable[[float], None]] = None) -> RawBatch:
    gdal, ogr, osr = _ogr()
    path = Path(path)
    shown = path.name
    if not path.exists():
        raise InputError(Problem(shown, tr("file not found")))
    if path.is_file() and path.stat().st_size == 0:
        raise InputError(Problem(shown, tr("the file is empty (0 bytes)")))
    with _unpacked(path) as ds_path:
        choice = None
        open_options = []
        if ds_path.suffix.lower() == ".shp":
            if ds_path.stat().st_size < 100:
                raise InputError(Problem(ds_path.name, tr("the shapefile is empty or truncated (no 100-byte header)")))
            dbf = _sidecar(ds_path, ".dbf")
            if dbf is None:
                raise InputError(Problem(ds_path.name, tr("the attribute table (.dbf) is missing beside the .shp")))
            if _sidecar(ds_path, ".shx") is None:
                raise InputError(Problem(ds_path.name, tr("the index file (.shx) is missing beside the .shp; copy all "
                                                          "files of the shapefile")))
            choice = choose_encoding(dbf, encoding)
            open_options = [f"ENCODING={choice.codec.upper()}"]
        try:
            ds = gdal.OpenEx(str(ds_path), gdal.OF_VECTOR | gdal.OF_READONLY, open_options=open_options)
        except RuntimeError as e:
            raise InputError(Problem(ds_path.name, tr("OGR cannot read it: {error}").format(error=e))) from None
        if ds is None or ds.GetLayerCount() == 0:
            raise InputError(Problem(ds_path.name, tr("no vector layer found")))
        if layer_name:
            layer = ds.GetLayerByName(layer_name)
            if layer is None:
                raise InputError(Problem(ds_path.name, tr("no layer named '{name}'").format(name=layer_name)))
        else:
            layers = [ds.GetLayerByIndex(i) for i in range(ds.GetLayerCount())]
            layers = [lyr for lyr in layers if lyr.GetGeomType() != ogr.wkbNone] or layers
            if len(layers) > 1:
                names = ", ".join(lyr.GetName() for lyr in layers)
                raise InputError(Problem(ds_path.name, tr("several layers ({names}); choose one").format(names=names)))
            layer = layers[0]
        shown = ds_path.name if ds_path.suffix.lower() == ".shp" else f"{ds_path.name}|{layer.GetName()}"
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        try:
            if hasattr(layer, "GetArrowStreamAsNumPy"):
                fid_name = layer.GetFIDColumn() or "OGC_FID"
                geom_name = layer.GetGeometryColumn() or "wkb_geometry"
                fids, wkbs, cols = _read_arrow(layer, fid_name, geom_name, names)
            else:
                fids, wkbs, cols = _read_features(layer, names)
        except (RuntimeError, UnicodeDecodeError) as e:
            raise InputError(Problem(shown, _read_failure(layer, names, e))) from None
        if progress:
            progress(0.5)
        is_shp = ds_path.suffix.lower() == ".shp"
        rows = np.array([f + 1 if is_shp else f for f in fids], dtype=np.int64)
        wkb_arr = np.empty(len(wkbs), dtype=object)
        wkb_arr[:] = wkbs
        geoms = shapely.from_wkb(wkb_arr, on_invalid="ignore")
        unreadable = [int(rows[i]) for i in np.flatnonzero(shapely.is_missing(geoms) & (wkb_arr != None))]  # noqa: E711
        # CRS: the file's own, else the user's, else inferred from coordinates.
        srs = layer.GetSpatialRef()
        epsg, note = None, ""
        if crs_epsg:
            epsg, note = int(crs_epsg), tr("chosen for this import")
        elif srs is not None:
            epsg, name = _identify_epsg(srs)
            if epsg is None:
                raise InputError(Problem(shown, tr("the coordinate system '{name}' is not recognised; choose it").format(
                    name=name)))
            note = tr("from the file ({name})").format(name=name)
        else:
            present = geoms[[g is not None and not g.is_empty for g in geoms]]
            if len(present) == 0:
                raise InputError(Problem(shown, tr("no .prj and no geometry to infer the coordinate system from")))
            minx, miny, maxx, maxy = shapely.total_bounds(present)
            hint = None
            hint_field = next((n for n in names if n.upper() == lon_hint_field.upper()), None)
            if hint_field:
                vals = np.asarray(cols[hint_field])
                vals = vals[~np.isnan(vals)] if vals.dtype.kind == "f" else np.array([])
                hint = float(np.median(vals)) if len(vals) else None
            inf = infer_from_bounds(minx, miny, maxx, maxy, hint)
            if inf.epsg is None:
                raise InputError(Problem(shown, tr("no .prj file: {reason}").format(reason=inf.reason)))
            epsg, note = inf.epsg, tr("no .prj; inferred: {reason}").format(reason=inf.reason)
        if epsg != CGCS2000_GEOGRAPHIC and not is_supported(epsg):
            note += tr(" — EPSG:{epsg} is not a CGCS2000 system; reprojected to EPSG:4490").format(epsg=epsg)
        return RawBatch(shown, layer.GetName(), names, cols, geoms, rows, epsg, note, choice, unreadable,
                        crs_inferred=not crs_epsg and srs is None)


def to_cgcs2000(geoms: np.ndarray, epsg: int) -> np.ndarray:
    """Reproject geometries to EPSG:4490 lon/lat (vectorized over all coordinates)."""
    if epsg == CGCS2000_GEOGRAPHIC:
        return geoms
    _, _, osr = _ogr()
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(int(epsg))
    dst.ImportFromEPSG(CGCS2000_GEOGRAPHIC)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    coords = shapely.get_coordinates(geoms)
    if len(coords) == 0:
        return geoms
    out = np.asarray(ct.TransformPoints(coords))[:, :2]
    return shapely.set_coordinates(np.array(geoms, dtype=object, copy=True), out)


def peek_fields(path: str | Path, layer_name: Optional[str] = None) -> list[str]:
    """Field names of a batch file (for the mapping editor); [] when it cannot be read."""
    gdal, _, _ = _ogr()
    path = Path(path)
    try:
        with _unpacked(path) as ds_path:
            ds = gdal.OpenEx(str(ds_path), gdal.OF_VECTOR | gdal.OF_READONLY)
            if ds is None or ds.GetLayerCount() == 0:
                return []
            layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayerByIndex(0)
            defn = layer.GetLayerDefn()
            return [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    except (InputError, RuntimeError, OSError):
        return []
