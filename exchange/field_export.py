"""Writing a field package (see exchange/field_package.py for its layout and the round trip).

The data (field.gpkg, manifest.json, the clipped imagery) are written with GDAL/OGR; the project with
its forms (field.qgs) with the QGIS API, as QField reads it: value maps for enum facts (Chinese labels
→ codes), check boxes for yes/no facts, date pickers, multi-line text, read-only reference fields, the
camera (an attachment widget storing paths relative to the project, under DCIM/) on the photo table, and
tabs sized for a phone (基本信息, 核查事实 in sections, 照片, 分割地块).
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
from ..rules.facts import FACTS_BY_CODE
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
    GPKG_NAME,
    IMAGERY_NAME,
    LAYER_ALIASES,
    LAYER_FIELDS,
    MANIFEST_NAME,
    PARTS,
    PATCHES,
    PHOTO_DIR,
    PHOTOS,
    PROJECT_NAME,
    PackageReport,
    PkgField,
    file_sha256,
)

# The sections of the 核查事实 tab (as the findings form groups them), titled in Chinese for the field.
FACT_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("变化与用途", ("BHLX", "JSRQ", "WFGH", "SJYT", "MYYT")),
    ("审批与登记", ("YDPF", "PZWH", "PZRQ", "QQDJ", "DJZH", "DJRQ", "HXGX")),
    ("临时用地", ("LSPF", "LSPZWH")),
    ("设施农业", ("SSHG", "SSBA", "YZSS", "BHTY")),
    ("附件4第四条所列工程", ("GCLX", "SZYJ")),
    ("农村宅基地", ("ZJPZ",)),
    ("国家级深度贫困地区", ("SDPK", "BBBJ")),
    ("人工认定", ("RGPD", "RGSM")),
    ("矿产（同查同核）", ("KCZT", "CKXK", "SFYJ", "FFZR", "PHKC")),
)
TAB_BASIC, TAB_FACTS, TAB_PHOTOS, TAB_PARTS = "基本信息", "核查事实", "照片", "分割地块"
DATA_SECTION = "来自数据（只读）"
OTHER_SECTION = "其他"
WHOLE = "整块"              # how a part that is the whole patch is shown (split it to make parts)
NULL_VALUE = "{2839923C-8B7D-419E-B84B-CA2FE9B80EC7}"  # QGIS' value-map entry for NULL
UNKNOWN_LABEL = "未填写"
RELATION_PHOTOS, RELATION_PARTS = "wpzf_photos_patch", "wpzf_parts_patch"
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
        fd = ogr.FieldDefn(f.name, types[f.kind])
        if f.kind == "bool":
            fd.SetSubType(ogr.OFSTBoolean)
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


def write_gpkg(path: Path, patches: list[dict], parts: list[dict]) -> None:
    """field.gpkg: the patches and parts (values and MultiPolygons in EPSG:4490) and an empty photo table."""
    from .reader import _ogr

    _gdal, ogr, osr = _ogr()
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(path))
    try:
        for name, rows, gtype in ((PATCHES, patches, ogr.wkbMultiPolygon), (PARTS, parts, ogr.wkbMultiPolygon),
                                  (PHOTOS, [], ogr.wkbNone)):
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
                         progress: Optional[Callable[[float], None]] = None) -> PackageReport:
    """Write the package into ``folder`` (new or empty). ``imagery`` (a raster path or layer) is clipped to the
    patches plus ``margin_m`` metres (None: taken whole). Raises InputError when there is nothing to export or
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
    write_gpkg(folder / GPKG_NAME, patch_rows, part_rows)
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
        write_project(folder, verifier=verifier, imagery=has_imagery, title=name)
        report.project = PROJECT_NAME
    progress(0.9)
    files = {n: file_sha256(folder / n) for n in (GPKG_NAME, PROJECT_NAME, IMAGERY_NAME) if (folder / n).is_file()}
    report.files = files
    actor = ws.actor
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "package_id": package_id, "name": name,
        "workspace": {"id": wid, "location": str(ws.location), "name": ws_name},
        "exported": now_text(), "exported_by": {"user": actor.username, "host": actor.host or socket.gethostname()},
        "verifier": verifier, "township": township, "crs": "EPSG:4490",
        "layers": {PATCHES: LAYER_ALIASES[PATCHES], PARTS: LAYER_ALIASES[PARTS], PHOTOS: LAYER_ALIASES[PHOTOS]},
        "photo_folder": PHOTO_DIR, "records": records, "checksums": {"files": files},
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


# ---- the project (QGIS) -----------------------------------------------------------------------------
def _enum_const(*paths):
    """The first enum value that exists (the names moved between QGIS 3.22 and 3.40)."""
    import qgis.core as qc

    for path in paths:
        obj = qc
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            continue
        return obj
    raise AttributeError(paths[0])


def widget_setup(f: PkgField):
    from qgis.core import QgsEditorWidgetSetup

    if f.name == "UUID" or (f.name == "TBUUID" and f.read_only):
        return QgsEditorWidgetSetup("Hidden", {})
    if f.kind == "bool":
        return QgsEditorWidgetSetup("CheckBox", {"CheckedState": "", "UncheckedState": "", "TextDisplayMethod": 0,
                                                 "AllowNullState": True})
    if f.kind == "enum":
        fact = FACTS_BY_CODE[f.fact]
        entries = [{UNKNOWN_LABEL: NULL_VALUE}] + [{label: code} for code, label in fact.values]
        return QgsEditorWidgetSetup("ValueMap", {"map": entries})
    if f.kind in ("date", "datetime"):
        fmt = "yyyy-MM-dd" if f.kind == "date" else "yyyy-MM-dd HH:mm:ss"
        return QgsEditorWidgetSetup("DateTime", {"allow_null": True, "calendar_popup": True, "field_iso_format": False,
                                                 "display_format": fmt if f.kind == "date" else "yyyy-MM-dd HH:mm",
                                                 "field_format": fmt})
    if f.kind in ("integer", "real") and f.read_only:
        return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False, "UseHtml": False})
    if f.kind in ("integer", "real"):
        return QgsEditorWidgetSetup("Range", {"AllowNull": True, "Precision": 2 if f.kind == "real" else 0,
                                              "Style": "SpinBox", "Min": 0, "Max": 1e9})
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": f.width > 100, "UseHtml": False})


PHOTO_WIDGET = {
    # the camera in QField, a file picker with a preview in QGIS; the path is stored relative to the project
    "DocumentViewer": 1, "DocumentViewerHeight": 0, "DocumentViewerWidth": 0, "FileWidget": True,
    "FileWidgetButton": True, "FileWidgetFilter": "图片 (*.jpg *.jpeg *.png *.heic)", "RelativeStorage": 1,
    "StorageMode": 0, "UseLink": True, "FullUrl": False,
}


def _configure_fields(layer, fields, verifier: str) -> None:
    from qgis.core import QgsDefaultValue

    config = layer.editFormConfig()
    index = layer.fields().indexOf
    for f in fields:
        i = index(f.name)
        if i < 0:
            continue
        layer.setFieldAlias(i, f.alias)
        layer.setEditorWidgetSetup(i, widget_setup(f))
        config.setReadOnly(i, f.read_only)
        config.setLabelOnTop(i, bool(f.fact))  # a phone is narrow: a fact's label above its value
    layer.setEditFormConfig(config)
    who = "'" + verifier.replace("'", "''") + "'" if verifier else None
    for name, expr, on_update in (("HCSJ", "now()", True),
                                  ("HCR", f'coalesce("HCR", {who})' if who else None, True)):
        i = index(name)
        if i >= 0 and expr:
            layer.setDefaultValueDefinition(i, QgsDefaultValue(expr, on_update))


def _container(name: str, parent, group_box: bool, columns: int = 1):
    from qgis.core import Qgis, QgsAttributeEditorContainer

    c = QgsAttributeEditorContainer(name, parent)
    kind = getattr(Qgis, "AttributeEditorContainerType", None)
    if kind is not None and hasattr(c, "setType"):
        c.setType(kind.GroupBox if group_box else kind.Tab)
    else:
        c.setIsGroupBox(group_box)
    c.setColumnCount(columns)
    return c


def _add_fields(layer, container, names) -> None:
    from qgis.core import QgsAttributeEditorField

    for n in names:
        i = layer.fields().indexOf(n)
        if i >= 0:
            container.addChildElement(QgsAttributeEditorField(n, i, container))


def _fact_tabs(layer, root) -> None:
    facts = _container(TAB_FACTS, root, False)
    listed = set()
    for title, codes in FACT_SECTIONS:
        codes = [c for c in codes if c in ENTERED]
        listed.update(codes)
        if codes:
            box = _container(title, facts, True)
            _add_fields(layer, box, codes)
            facts.addChildElement(box)
    rest = [c for c in ENTERED if c not in listed]
    if rest:
        box = _container(OTHER_SECTION, facts, True)
        _add_fields(layer, box, rest)
        facts.addChildElement(box)
    root.addChildElement(facts)


def _form(layer, basic: list[str], data: list[str], relations: list[tuple[str, object]]) -> None:
    from qgis.core import QgsAttributeEditorRelation, QgsEditFormConfig

    config = layer.editFormConfig()
    config.setLayout(_enum_const("Qgis.AttributeFormLayout.DragAndDrop", "QgsEditFormConfig.EditorLayout.TabLayout"))
    config.clearTabs()
    root = config.invisibleRootContainer()
    tab = _container(TAB_BASIC, root, False)
    _add_fields(layer, tab, basic)
    if data:
        box = _container(DATA_SECTION, tab, True)
        _add_fields(layer, box, data)
        tab.addChildElement(box)
    root.addChildElement(tab)
    _fact_tabs(layer, root)
    for title, relation in relations:
        rtab = _container(title, root, False)
        rel = QgsAttributeEditorRelation(relation, rtab)
        rel.setRelationWidgetTypeId("relation_editor")  # an empty id crashes QGIS 3.22's form (no "basic" widget)
        rel.setShowLabel(False)
        if hasattr(rel, "setRelationEditorConfiguration"):
            rel.setRelationEditorConfiguration({"buttons": "AddChildFeature|DeleteChildFeature|SaveChildEdits",
                                                "show_first_feature": True})
        rtab.addChildElement(rel)
        root.addChildElement(rtab)
    assert isinstance(config, QgsEditFormConfig)
    layer.setEditFormConfig(config)


def _style_patches(layer) -> None:
    from qgis.core import (
        QgsFillSymbol,
        QgsPalLayerSettings,
        QgsSingleSymbolRenderer,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.PyQt.QtGui import QColor

    layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#e31a1c", "outline_width": "0.8", "outline_width_unit": "MM"})))
    settings = QgsPalLayerSettings()
    settings.fieldName = "JCBH"
    fmt = QgsTextFormat()
    fmt.setSize(10)
    fmt.setColor(QColor("#ffffff"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setColor(QColor("#b00000"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def write_project(folder: Path, *, verifier: str = "", imagery: bool = False, title: str = "") -> Path:
    """field.qgs for QField and QGIS: layers from field.gpkg by relative path, forms, relations, imagery."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsDefaultValue,
        QgsFillSymbol,
        QgsProject,
        QgsRasterLayer,
        QgsRelation,
        QgsRelationContext,
        QgsVectorLayer,
    )

    folder = Path(folder).resolve()
    path = folder / PROJECT_NAME
    project = QgsProject()
    project.setFileName(str(path))
    project.writeEntryBool("Paths", "/Absolute", False)
    project.setTitle(title or "卫片执法外业核查")
    crs = QgsCoordinateReferenceSystem("EPSG:4490")
    project.setCrs(crs)
    gpkg = folder / GPKG_NAME
    layers = {}
    for name in (PATCHES, PARTS, PHOTOS):
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", LAYER_ALIASES[name], "ogr")
        if not layer.isValid():
            raise OSError(tr("QGIS cannot open layer {name} of {file}").format(name=name, file=gpkg))
        layers[name] = layer
    patches, parts, photos = layers[PATCHES], layers[PARTS], layers[PHOTOS]
    if imagery:
        raster = QgsRasterLayer(str(folder / IMAGERY_NAME), "影像")
        if raster.isValid():
            project.addMapLayer(raster)
    for layer in (patches, parts, photos):
        project.addMapLayer(layer)

    relations = project.relationManager()
    made = {}
    for rid, title_, child in ((RELATION_PHOTOS, LAYER_ALIASES[PHOTOS], photos),
                               (RELATION_PARTS, LAYER_ALIASES[PARTS], parts)):
        rel = QgsRelation(QgsRelationContext(project))
        rel.setId(rid)
        rel.setName(title_)
        rel.setReferencingLayer(child.id())
        rel.setReferencedLayer(patches.id())
        rel.addFieldPair("TBUUID", "UUID")
        if not rel.isValid():
            raise OSError(tr("the relation {name} of the field project is not valid").format(name=rid))
        relations.addRelation(rel)
        made[rid] = rel

    for name, layer in layers.items():
        _configure_fields(layer, LAYER_FIELDS[name], verifier)
    patches.setDisplayExpression('"JCBH"')
    parts.setDisplayExpression(f"\"JCBH\" || '-' || coalesce(\"FGBH\", '{WHOLE}')")
    photos.setDisplayExpression("\"JCBH\" || ' ' || coalesce(format_date(\"PSSJ\", 'yyyy-MM-dd HH:mm'), '')")
    data = [f.name for f in LAYER_FIELDS[PATCHES] if f.fact and f.read_only]
    _form(patches, ["JCBH", "XZMC", "CMC", "TBMJMU", "HCJZ", "ZT", "HCR", "HCSJ"], data,
          [(TAB_PHOTOS, made[RELATION_PHOTOS]), (TAB_PARTS, made[RELATION_PARTS])])
    _form(parts, ["JCBH", "FGBH", "TBMJMU", "HCR", "HCSJ"], [], [])

    # the photo table: the patch it shows (a reference filled in when a photo is added from the patch's form),
    # the camera, the time and who took it
    from qgis.core import QgsEditorWidgetSetup

    index = photos.fields().indexOf
    photos.setEditorWidgetSetup(index("TBUUID"), QgsEditorWidgetSetup("RelationReference", {
        "Relation": RELATION_PHOTOS, "AllowNULL": True, "ReadOnly": False, "ShowForm": False,
        "ShowOpenFormButton": False, "MapIdentification": False, "OrderByValue": True}))
    photos.setEditorWidgetSetup(index("WJLJ"), QgsEditorWidgetSetup("ExternalResource", PHOTO_WIDGET))
    photos.setEditorWidgetSetup(index("BZ"), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False}))
    photos.setDefaultValueDefinition(index("UUID"), QgsDefaultValue("uuid('WithoutBraces')"))
    photos.setDefaultValueDefinition(index("PSSJ"), QgsDefaultValue("now()"))
    photos.setDefaultValueDefinition(index("JCBH"), QgsDefaultValue(
        f"attribute(get_feature('{patches.id()}', 'UUID', \"TBUUID\"), 'JCBH')", True))
    if verifier:
        photos.setDefaultValueDefinition(index("HCR"), QgsDefaultValue("'" + verifier.replace("'", "''") + "'"))
    # QField names a new photo after its patch: DCIM/<监测编号>_<time>.jpg
    photos.setCustomProperty("QFieldSync/attachment_naming", json.dumps({
        "WJLJ": f"'{PHOTO_DIR}/' || coalesce(attribute(get_feature('{patches.id()}', 'UUID', \"TBUUID\"), 'JCBH'), "
                "'photo') || '_' || format_date(now(), 'yyyyMMdd_hhmmss') || '.{extension}'"}))
    # the patch outlines stay as issued; parts are drawn by splitting the patch's part
    for key, value in (("QFieldSync/is_geometry_locked", True), ("QFieldSync/geometry_locked_expression", "true")):
        patches.setCustomProperty(key, value)
    parts.setDefaultValueDefinition(parts.fields().indexOf("TBUUID"), QgsDefaultValue(
        f"coalesce(\"TBUUID\", array_first(aggregate(layer:='{patches.id()}', aggregate:='array_agg', "
        "expression:=\"UUID\", filter:=intersects(geometry(@parent), $geometry))))"))
    parts.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "255,255,0,40", "outline_color": "#ffff00", "outline_style": "dash", "outline_width": "0.6",
         "outline_width_unit": "MM"}))
    _style_patches(patches)
    for layer in (photos,):
        layer.setReadOnly(False)
    if not project.write(str(path)):
        raise OSError(tr("the field project could not be written: {error}").format(error=project.error()))
    project.clear()
    _fix_relation_ids(path)
    return path


def _fix_relation_ids(path: Path) -> None:
    """QGIS 3.22 resolves a form's relation elements through the *current* project's relations when the form
    is set, so a project written from another QgsProject object (the user's project stays untouched) gets
    ``relation=""``; the element's name is the relation id, put it back."""
    import re

    text = path.read_text("utf-8")

    def fix(m):
        tag = m.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        return tag.replace('relation=""', f'relation="{name.group(1)}"') if name else tag

    fixed = re.sub(r"<attributeEditorRelation\b[^>]*>", fix, text)
    if fixed != text:
        path.write_text(fixed, "utf-8")
