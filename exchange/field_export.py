"""Writing a field package (see exchange/field_package.py for its layout and the round trip).

The data (field.gpkg, manifest.json, the clipped imagery) are written with GDAL/OGR; the project with
its forms and QField's settings with the QGIS API (exchange/field_project.py).
"""
from __future__ import annotations

import datetime as dt
import json
import socket
import uuid
from pathlib import Path
from typing import Callable, Optional

import shapely

from ..i18n import tr
from ..store.conflicts import (
    EXPORTED,
    canonical,
    ensure_uuids,
    office_facts,
    package_key,
    record_package,
    workspace_id,
)
from ..store.determinations import DERIVABLE, ENTERED, unit_records
from ..store.workspace import Workspace, geometry_digest, now_text
from .errors import InputError, Problem
from .field_binding import SIGNATURE, SIGNATURE_ALG, manifest_header, record_digest, sign_manifest
from .field_package import (
    FORMAT,
    FORMAT_VERSION,
    GPKG_BODY,
    GPKG_NAME,
    IMAGERY_NAME,
    LAYER_ALIASES,
    LAYER_FIELDS,
    MANIFEST_NAME,
    OFFICE_PHOTO_DIR,
    OFFICE_PHOTOS,
    PARTS,
    PATCHES,
    PHOTO_DIR,
    PHOTOS,
    PROJECT_NAME,
    PkgField,
    file_sha256,
    gpkg_body_digest,
)
from .field_project import write_project
from .field_reports import PackageReport

PATCH_COLUMNS = ["UUID", "JCBH", "XZMC", "CMC", "TBMJMU", "HCJZ", "ZT", "BBH"]
PART_COLUMNS = ["UUID", "TBID", "FGBH", "TBMJMU", "BBH"]


def select_patches(ws: Workspace, township: Optional[str] = None, fids=None) -> list[int]:
    where, params = [], []
    if township:
        where.append(f'"XZMC" = {ws.ph}')
        params.append(township)
    if fids is not None:
        ids = [int(f) for f in fids]
        if not ids:
            return []
        where.append(f'fid IN ({", ".join([ws.ph] * len(ids))})')
        params += ids
    sql = "SELECT fid FROM wz_patch" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY \"JCBH\", fid"
    return [int(r[0]) for r in ws._fetch(sql, params)]


def _value(f: PkgField, v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if f.fact:
        v = canonical(f.fact, v)
        if v is None:
            return None
        if f.kind == "bool":
            return 1 if v else 0
        return v
    if f.kind == "integer":
        return int(v)
    if f.kind == "real":
        return round(float(v), 4)
    if f.kind == "date":
        return str(v)[:10]
    return str(v)


def _create_layer(ds, name: str, geom_type, fields, ogr, osr):
    srs = None
    if geom_type != ogr.wkbNone:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4490)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = ds.CreateLayer(name, srs, geom_type, options=["FID=fid", "GEOMETRY_NAME=geom",
                                                          f"IDENTIFIER={LAYER_ALIASES[name]}"])
    types = {"text": ogr.OFTString, "enum": ogr.OFTString, "integer": ogr.OFTInteger, "real": ogr.OFTReal,
             "date": ogr.OFTDate, "datetime": ogr.OFTDateTime, "bool": ogr.OFTInteger}
    for f in fields:
        fd = ogr.FieldDefn(f.name, types[f.kind])   # a yes/no fact: 1 / 0 / NULL (a value map, not a check box)
        if hasattr(fd, "SetAlternativeName"):
            fd.SetAlternativeName(f.alias)
        layer.CreateField(fd)
    return layer


def _add(layer, fields, values: dict, geom, ogr):
    feat = ogr.Feature(layer.GetLayerDefn())
    for f in fields:
        v = _value(f, values.get(f.name))
        if v is not None:
            feat.SetField(f.name, v)
    if geom is not None:
        feat.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(shapely.force_2d(geom), flavor="iso")))
    layer.CreateFeature(feat)


def write_gpkg(path: Path, patches: list[dict], parts: list[dict], office_photos: Optional[list[dict]] = None) -> None:
    """field.gpkg: the patches and parts (values and MultiPolygons in EPSG:4490), an empty photo table and, when
    ``office_photos`` is given, the table of the office's photos."""
    from .reader import _ogr

    _gdal, ogr, osr = _ogr()
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(path))
    try:
        tables = [(PATCHES, patches, ogr.wkbMultiPolygon), (PARTS, parts, ogr.wkbMultiPolygon),
                  (PHOTOS, [], ogr.wkbNone)]
        if office_photos is not None:
            tables.append((OFFICE_PHOTOS, office_photos, ogr.wkbNone))
        for name, rows, gtype in tables:
            fields = LAYER_FIELDS[name]
            layer = _create_layer(ds, name, gtype, fields, ogr, osr)
            layer.StartTransaction()
            for row in rows:
                _add(layer, fields, row, row.get("geom"), ogr)
            layer.CommitTransaction()
    finally:
        ds = None
    _write_aliases(path)


def _write_aliases(path: Path) -> None:
    """The Chinese aliases in gpkg_data_columns (GDAL before 3.7 does not write them), so the GeoPackage shows
    them without the project too."""
    import sqlite3

    from ..store.gpkg import _CORE_DDL

    con = sqlite3.connect(str(path))
    try:
        with con:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_data_columns'").fetchone():
                con.execute(next(d for d in _CORE_DDL if "gpkg_data_columns (" in d))
                con.execute("INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, "
                            "definition, scope) VALUES (NULL, NULL, 'gpkg_schema', "
                            "'http://www.geopackage.org/spec/#extension_schema', 'read-write')")
            for layer, fields in LAYER_FIELDS.items():
                if not con.execute("SELECT 1 FROM gpkg_contents WHERE table_name = ?", (layer,)).fetchone():
                    continue
                for f in fields:
                    con.execute("INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title) "
                                "VALUES (?, ?, ?, ?)", (layer, f.name, f.alias, f.alias))
    finally:
        con.close()


def clip_imagery(source: str, dest: Path, bounds, margin_m: Optional[float]) -> Path:
    """The imagery within the patches' extent plus ``margin_m`` (EPSG:4490 bounds) — all of it when
    ``margin_m`` is None — as a tiled GeoTIFF with overviews so that a phone draws it quickly."""
    from .reader import _ogr

    gdal, _ogr_mod, _osr = _ogr()
    minx, miny, maxx, maxy = bounds
    mid = (miny + maxy) / 2.0
    import math

    dlat = (margin_m or 0.0) / 111_000.0
    dlon = (margin_m or 0.0) / (111_000.0 * max(0.1, math.cos(math.radians(mid))))
    win = [minx - dlon, maxy + dlat, maxx + dlon, miny - dlat]
    options = {} if margin_m is None else {"projWin": win, "projWinSRS": "EPSG:4490"}
    ds = gdal.Translate(str(dest), str(source), format="GTiff", creationOptions=["TILED=YES", "COMPRESS=DEFLATE"],
                        **options)
    if ds is None:
        raise OSError(tr("the imagery could not be clipped"))
    ds.BuildOverviews("AVERAGE", [2, 4, 8, 16])
    ds = None
    return dest


def _raster_source(imagery) -> Optional[str]:
    if imagery is None or imagery == "":
        return None
    if hasattr(imagery, "source") and callable(imagery.source):
        return imagery.source()
    return str(imagery)


def export_field_package(ws: Workspace, folder, *, township: Optional[str] = None, fids=None, verifier: str = "",
                         imagery=None, margin_m: Optional[float] = 200.0, project: bool = True,
                         office_photos: bool = False,
                         progress: Optional[Callable[[float], None]] = None) -> PackageReport:
    """Write the package into ``folder`` (new or empty). ``imagery`` (a raster path or layer) is clipped to the
    patches plus ``margin_m`` metres (None: taken whole). ``office_photos``: the patches' photos already in the
    workspace go along, read-only in the field (office_photos/; not read back by the import). Raises InputError when there is nothing to export or
    the folder is not empty. Gives the patches and parts that had none a UUID (audited), records the export."""
    progress = progress or (lambda f: None)
    folder = Path(folder)
    ws_name = Path(ws.location).name if ws.location else "workspace"
    if folder.exists() and any(folder.iterdir()):
        raise InputError(Problem(str(folder), tr("the folder is not empty; choose a new folder for the package")))
    ids = select_patches(ws, township, fids)
    if not ids:
        what = tr("township {name}").format(name=township) if township else tr("the selection")
        raise InputError(Problem(ws_name, tr("no patches in {what}; nothing to export").format(what=what)))
    package_id = str(uuid.uuid4())
    stamp = dt.datetime.now()
    name = f"外业_{township or '图斑'}_{stamp:%Y%m%d-%H%M}"
    source = f"field-export:{name}"
    report = PackageReport(folder=str(folder), package_id=package_id, name=name, township=township, verifier=verifier)

    # identities first (kept even if writing the files fails: a UUID is only a name)
    wid = workspace_id(ws, create=True)
    key = package_key(ws, create=True)
    patch_uuid = ensure_uuids(ws, "wz_patch", ids, source=source)
    ph = ", ".join([ws.ph] * len(ids))
    part_df = ws.select("wz_part", PART_COLUMNS, where=f'"TBID" IN ({ph})', params=ids, geometry=True,
                        order_by='"TBID", "FGBH"')
    part_uuid = ensure_uuids(ws, "wz_part", part_df["fid"].astype(int).tolist(), source=source) if len(part_df) else {}
    progress(0.1)

    patches = ws.select("wz_patch", PATCH_COLUMNS, where=f"fid IN ({ph})", params=ids, geometry=True,
                        order_by='"JCBH", fid')
    units = {(r["TBID"], r["FGID"]): r for r in unit_records(ws, ids)}
    entered = office_facts(ws, ids)
    records: dict[str, dict] = {}
    patch_rows, part_rows = [], []
    by_patch: dict[int, list[dict]] = {}
    for p in part_df.to_dict("records"):
        by_patch.setdefault(int(p["TBID"]), []).append(p)
    for p in patches.to_dict("records"):
        tbid = int(p["fid"])
        u = patch_uuid[tbid]
        unit = units.get((tbid, None)) or {}
        own = entered.get((tbid, None), {})
        facts = {c: canonical(c, own.get(c)) for c in ENTERED}
        data = {c: unit.get(c) for c in DERIVABLE} if unit else {}
        patch_rows.append({**p, "UUID": u, **data, **own})
        rec = {"fid": tbid, "JCBH": p["JCBH"], "BBH": int(p["BBH"]), "fact_version": unit.get("fact_version"),
               "facts": facts, "geom": geometry_digest(p["geom"]), "parts": []}
        for part in by_patch.get(tbid, []):
            pfid = int(part["fid"])
            pu = part_uuid[pfid]
            punit = units.get((tbid, pfid), {})
            part_rows.append({**part, "UUID": pu, "TBUUID": u, "JCBH": p["JCBH"],
                              **entered.get((tbid, pfid), {})})
            rec["parts"].append({"uuid": pu, "fid": pfid, "FGBH": str(part["FGBH"]), "BBH": int(part["BBH"]),
                                 "fact_version": punit.get("fact_version"),
                                 "facts": {c: canonical(c, entered.get((tbid, pfid), {}).get(c)) for c in ENTERED},
                                 "geom": geometry_digest(part["geom"])})
        if not by_patch.get(tbid):  # the whole patch as one part: split it in the field to make parts
            part_rows.append({"UUID": None, "TBUUID": u, "JCBH": p["JCBH"], "FGBH": None, "TBMJMU": p["TBMJMU"],
                              "BBH": None, "geom": p["geom"]})
        records[u] = _plain(rec)
    report.patches, report.parts = len(patch_rows), sum(len(v) for v in by_patch.values())

    folder.mkdir(parents=True, exist_ok=True)
    (folder / PHOTO_DIR).mkdir(exist_ok=True)
    office_rows, office_files = (_office_photos(ws, folder, ids, patch_uuid, report) if office_photos
                                 else (None, {}))
    write_gpkg(folder / GPKG_NAME, patch_rows, part_rows, office_rows)
    progress(0.4)
    imagery_src = _raster_source(imagery)
    has_imagery = False
    if imagery_src:
        bounds = shapely.total_bounds(patches["geom"].to_numpy())
        try:
            clip_imagery(imagery_src, folder / IMAGERY_NAME, bounds, margin_m)
            has_imagery = True
            report.imagery = IMAGERY_NAME
        except (OSError, RuntimeError) as e:
            report.warn(Problem(str(imagery_src), tr("the imagery was not included: {error}").format(error=e)))
            for leftover in folder.glob(IMAGERY_NAME + "*"):
                leftover.unlink()
    progress(0.7)
    if project:
        write_project(folder, verifier=verifier, imagery=has_imagery, title=name,
                      office_photos=office_rows is not None)
        report.project = PROJECT_NAME
    progress(0.9)
    files = {n: file_sha256(folder / n) for n in (GPKG_NAME, PROJECT_NAME, IMAGERY_NAME) if (folder / n).is_file()}
    files.update(office_files)   # signed with the rest: what the office sent along is known
    report.files = files
    actor = ws.actor
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "package_id": package_id, "name": name,
        "workspace": {"id": wid, "location": str(ws.location), "name": ws_name},
        "exported": now_text(), "exported_by": {"user": actor.username, "host": actor.host or socket.gethostname()},
        "verifier": verifier, "township": township, "crs": "EPSG:4490",
        "layers": {n: LAYER_ALIASES[n] for n in (PATCHES, PARTS, PHOTOS) + ((OFFICE_PHOTOS,) if office_rows is not None
                                                                            else ())},
        "photo_folder": PHOTO_DIR, "records": records,
        "checksums": {"files": files, GPKG_BODY: gpkg_body_digest(folder / GPKG_NAME)},
    }
    manifest = json.loads(json.dumps(manifest, ensure_ascii=False))   # signed as it will be read back
    manifest[SIGNATURE] = {"alg": SIGNATURE_ALG, "value": sign_manifest(key, manifest)}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    # what the import compares a package with, to name what was changed: the patch set and base of each record
    record_package(ws, {"BH": package_id, "LX": EXPORTED, "MC": name, "XZMC": township, "HCY": verifier,
                        "TBS": len(patch_rows), "JG": {"patches": report.patches, "parts": report.parts,
                                                       "files": files, "folder": str(folder),
                                                       "header": manifest_header(manifest),
                                                       "records": {u: record_digest(r) for u, r in
                                                                   manifest["records"].items()}}}, source=source)
    progress(1.0)
    return report


def _office_photos(ws: Workspace, folder: Path, ids: list[int], patch_uuid: dict, report: PackageReport):
    """The rows of the office_photos table and {relative path: SHA-256} of the copies under office_photos/
    (named <监测编号>_<n>.<ext>); a photo whose file is missing is left out with a warning."""
    import shutil

    from .photo_lookup import photos_of_patch

    rows, files = [], {}
    if not ws.files_location:
        return rows, files
    keys = {int(r[0]): str(r[1]) for r in ws._fetch_in('SELECT fid, "JCBH" FROM wz_patch WHERE fid IN ({marks})', ids)}
    for tbid in ids:
        df = photos_of_patch(ws, tbid)
        for n, r in enumerate(df.to_dict("records"), 1):
            src = Path(r["path"])
            if not r["exists"]:
                report.warn(Problem(str(r.get("YWJM") or src.name), tr(
                    "the office photo of patch {key} is missing from the attachments; not included").format(
                    key=keys.get(tbid, tbid))))
                continue
            rel = f"{OFFICE_PHOTO_DIR}/{keys.get(tbid, tbid)}_{n}{src.suffix.lower() or '.jpg'}"
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, folder / rel)
            files[rel] = file_sha256(folder / rel)
            taken = r.get("taken")
            rows.append({"TBUUID": patch_uuid[tbid], "JCBH": keys.get(tbid), "WJLJ": rel,
                         "PSSJ": taken.strftime("%Y-%m-%d %H:%M:%S") if taken is not None else None,
                         "FX": r.get("FX"), "SB": r.get("SB")})
    return rows, files


def _plain(v):
    """numpy scalars → Python, recursively (for JSON)."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if v is None or isinstance(v, (str, bool)):
        return v
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v
