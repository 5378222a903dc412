"""Reference layers read from QGIS (issue 17): the county's approvals, filings, licences, protected zones and
earlier patches, as features in EPSG:4490 with their attributes as the registration maps them; whether a
layer changed since its pre-fill. The pre-fill itself (read → coverage → suggestions → store, one transaction
per layer) is in exchange/prefill.py.

Any QGIS vector layer works (GeoPackage, shapefile, PostGIS …, any CRS). A whole, unedited GeoPackage table is
read directly with sqlite3 through its R-tree (as exchange/parcel_readers.py reads the 三调): only the
features near the patches, no QGIS feature objects. ``earlier_patches`` may also be a WPZF workspace of an
earlier year (layer provider ``wpzf``): its patches with their 监测编号, batch and determination.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
from typing import Callable, Optional

import numpy as np
import shapely
from qgis.core import QgsFeatureRequest, QgsGeometry, QgsRectangle, QgsVectorLayer

from ..core.gpkg_near import NearBoxes, rows_by_id, rtree_ids_near, rtree_ids_sql
from ..core.parcel_source import ParcelBatch, merge_boxes
from ..i18n import tr
from ..rules.reference_kinds import get_kind, kind_label, parse_attribute
from ..store import reference as ref
from ..store.workspace import Workspace
from .errors import InputError, Problem
from .parcel_readers import Reprojection, _box_margin, _geopackage_table

WPZF_PROVIDER = "wpzf"     # a layer ref naming a WPZF workspace (.gpkg) of an earlier year


# ---- fields ---------------------------------------------------------------------------------------------
def guess_mapping(kind_id: str, field_names: list[str]) -> dict[str, str]:
    """{attribute key: field name} pre-selected for a layer of ``kind_id`` from its field names: the kind's
    guesses (case-insensitive), then the attribute's own Chinese label; a field is used for one attribute only."""
    kind = get_kind(kind_id)
    lower = {}
    for name in field_names:
        lower.setdefault(str(name).strip().lower(), name)
    out, used = {}, set()
    for a in kind.attributes:
        for guess in (*a.guess, a.label):
            name = lower.get(str(guess).strip().lower())
            if name is not None and name not in used:
                out[a.key] = name
                used.add(name)
                break
    return out


def _layer_name(layer) -> str:
    try:
        return layer.name() or layer.source()
    except (AttributeError, RuntimeError):
        return "?"


def _check(layer: QgsVectorLayer, kind_id: str, mapping: dict) -> None:
    """Refuse, in a sentence naming the layer and field, what a person can meet: a layer that cannot be read,
    a mapped field that is gone, a layer whose CRS is unknown."""
    name = _layer_name(layer)
    if layer is None or not layer.isValid():
        raise InputError(Problem(name, tr("the layer cannot be read (moved, deleted, or the database is not "
                                          "reachable); register it again")))
    if not layer.crs().isValid():
        raise InputError(Problem(name, tr("the layer has no coordinate reference system; set it in QGIS "
                                          "(Layer Properties → Source) before using it as reference data")))
    kind = get_kind(kind_id)
    fields = [f.name() for f in layer.fields()]
    for key, field in (mapping or {}).items():
        if field and field not in fields:
            label = kind.attribute[key].label if key in kind.attribute else key
            raise InputError(Problem(name, tr("the layer has no field {field} any more (mapped to {attribute} of "
                                              "{kind}); register the layer again with its current fields").format(
                field=field, attribute=label, kind=kind_label(kind_id)), field=field))


def _plain_value(v):
    """A QGIS attribute value as Python (NULL → None; QDateTime → datetime; QDate stays for the parser)."""
    if v is None:
        return None
    if hasattr(v, "isNull") and v.isNull():
        return None
    if hasattr(v, "toPyDateTime"):
        return v.toPyDateTime()
    return v


def _parse(kind, mapping: dict, raw: dict) -> dict:
    return {key: parse_attribute(kind.attribute[key], raw.get(key)) for key in mapping if key in kind.attribute}


# ---- reading --------------------------------------------------------------------------------------------
def _from_blobs(fids, blobs, reprojection: Reprojection):
    """GeoPackage blobs → (kept row indices, lon/lat geometries); empty and unreadable ones left out."""
    wkb = []
    for b in blobs:
        if b is None or len(b) < 8 or bytes(b[:2]) != b"GP":
            wkb.append(None)
            continue
        b = bytes(b)
        wkb.append(b[8 + (0, 32, 48, 48, 64, 0, 0, 0)[(b[3] >> 1) & 7]:])
    geoms = shapely.from_wkb(np.array(wkb, dtype=object), on_invalid="ignore")
    for i in np.flatnonzero(shapely.is_missing(geoms)):   # curves and other WKB shapely does not read: QGIS does
        if wkb[i] is None:
            continue
        g = QgsGeometry()
        g.fromWkb(wkb[i])
        if not g.isNull():
            g.convertToStraightSegment()
            geoms[i] = shapely.from_wkb(bytes(g.asWkb()), on_invalid="ignore")
    keep = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    geoms = geoms[keep]
    if len(geoms) and shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    return keep, reprojection.geoms_to_ws(geoms)


def _read_gpkg(gpkg, layer, kind, mapping, boxes: Optional[NearBoxes], fids, stats):
    path, table, geom_col, fid_col = gpkg
    reprojection = Reprojection(layer.crs())
    cols = "".join(f', t."{f}"' for f in mapping.values())
    select = f'SELECT t."{fid_col}", t."{geom_col}"{cols} FROM "{table}" t'
    wanted = None if fids is None else np.unique(np.array([int(f) for f in fids], dtype=np.int64))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if boxes is not None:   # the features whose R-tree box meets a unit's (core/gpkg_near.py)
            near = boxes.moved(reprojection.key, reprojection.boxes_to_layer)
            ids = rtree_ids_near(con, f"rtree_{table}_{geom_col}", near)
            rows = rows_by_id(con, select, f't."{fid_col}"', ids if wanted is None else np.intersect1d(ids, wanted))
        elif wanted is not None:
            rows = rows_by_id(con, select, f't."{fid_col}"', wanted)
        else:
            rows = con.execute(select).fetchall()
    finally:
        con.close()
    keys = list(mapping)
    keep, geoms = _from_blobs([r[0] for r in rows], [r[1] for r in rows], reprojection)
    attrs = {}
    out_fids = []
    for i in keep:
        r = rows[i]
        fid = int(r[0])
        out_fids.append(fid)
        attrs[fid] = _parse(kind, mapping, dict(zip(keys, r[2:])))
    stats["read"] = len(rows)
    if boxes is None and fids is None:
        stats["features"], stats["skipped_empty"] = len(rows), len(rows) - len(keep)
    elif fids is None:   # a read near the units: features without geometry are not in the R-tree, count them
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            indexed = rtree_ids_sql(con, f"rtree_{table}_{geom_col}")
            stats["features"], stats["skipped_empty"] = con.execute(
                f'SELECT count(*), sum(t."{geom_col}" IS NULL OR t."{fid_col}" NOT IN ({indexed})) '
                f'FROM "{table}" t').fetchone()
            stats["skipped_empty"] = int(stats["skipped_empty"] or 0)
        finally:
            con.close()
    return ParcelBatch(geoms, fid=np.array(out_fids, dtype=np.int64)), attrs


def _read_qgis(layer, kind, mapping, boxes, fids, stats):
    reprojection = Reprojection(layer.crs())
    fields = layer.fields()
    names = list(mapping.values())
    idx = [fields.indexOf(n) for n in names]
    keys = list(mapping)
    requests = []
    if boxes is not None:
        b = boxes.moved(reprojection.key, reprojection.boxes_to_layer).array
        for minx, miny, maxx, maxy in merge_boxes(b, _box_margin(b)):
            requests.append(QgsFeatureRequest().setFilterRect(QgsRectangle(minx, miny, maxx, maxy)))
    else:
        requests.append(QgsFeatureRequest())
    numpy_back = reprojection.tm is not None or reprojection.identity
    wkbs, out_fids, attrs, seen = [], [], {}, set()
    total = empty = 0
    want = None if fids is None else {int(f) for f in fids}
    for request in requests:
        if want is not None:
            request.setFilterFids(sorted(want))
        request.setSubsetOfAttributes(names, fields)
        for feat in layer.getFeatures(request):
            fid = int(feat.id())
            if fid in seen:
                continue
            seen.add(fid)
            total += 1
            g = feat.geometry()
            if g is None or g.isNull() or g.isEmpty():
                empty += 1
                continue
            if not numpy_back:
                g.transform(reprojection.to_ws)
            wkbs.append(bytes(g.asWkb()))
            out_fids.append(fid)
            attrs[fid] = _parse(kind, mapping, {k: _plain_value(feat.attribute(i)) for k, i in zip(keys, idx)})
    geoms = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.zeros(0, dtype=object)
    if len(geoms) and shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    if numpy_back:
        geoms = reprojection.geoms_to_ws(geoms)
    stats["read"] = total
    if boxes is None and fids is None:
        stats["features"], stats["skipped_empty"] = total, empty
    elif fids is None:   # a read near the units does not meet the features without geometry: count them
        request = QgsFeatureRequest().setNoAttributes()
        n = empty = 0
        for feat in layer.getFeatures(request):
            n += 1
            g = feat.geometry()
            empty += g is None or g.isNull() or g.isEmpty()
        stats["features"], stats["skipped_empty"] = n, int(empty)
    return ParcelBatch(geoms, fid=np.array(out_fids, dtype=np.int64)), attrs


def read_features(layer: QgsVectorLayer, kind_id: str, mapping: dict, boxes=None, fids=None,
                  stats: Optional[dict] = None) -> tuple[ParcelBatch, dict[int, dict]]:
    """The features of ``layer`` in EPSG:4490 (a ParcelBatch: geoms, fid = the QGIS feature ids) and their
    attributes {fid: {attribute key: value parsed as the kind's attribute (date, number, text)}} per ``mapping``.
    ``boxes``: lon/lat (minx, miny, maxx, maxy) rows, or a :class:`~..core.gpkg_near.NearBoxes` of them to share
    between layers — only the features that may meet one are read; ``fids``:
    only these features. Features without geometry are left out; ``stats`` gets "read" (features read),
    "features" (in the layer) and "skipped_empty" (of those, without geometry) unless ``fids`` is given.
    Raises InputError naming the layer (and field)."""
    stats = {} if stats is None else stats
    mapping = {k: v for k, v in (mapping or {}).items() if v}
    _check(layer, kind_id, mapping)
    kind = get_kind(kind_id)
    if boxes is not None:
        boxes = boxes if isinstance(boxes, NearBoxes) else NearBoxes(boxes)
        if not len(boxes):
            return ParcelBatch(np.zeros(0, dtype=object), fid=np.zeros(0, dtype=np.int64)), {}
    gpkg = _geopackage_table(layer)
    if gpkg is not None:
        return _read_gpkg(gpkg, layer, kind, mapping, boxes, fids, stats)
    return _read_qgis(layer, kind, mapping, boxes, fids, stats)


# ---- a WPZF workspace of an earlier year (earlier_patches) -----------------------------------------------
def _workspace_file(path: str) -> str:
    if not os.path.isfile(path):
        raise InputError(Problem(path, tr("the workspace of the earlier year is not there any more (moved or "
                                          "deleted); register it again")))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            con.execute('SELECT "JCBH", "PCID", "PDJG", geom FROM wz_patch LIMIT 1').fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        raise InputError(Problem(path, tr("the file is not a WPZF workspace (it has no patches table)"))) from None
    return path


def read_workspace_patches(path: str, boxes=None, fids=None,
                           stats: Optional[dict] = None) -> tuple[ParcelBatch, dict[int, dict]]:
    """The patches of a WPZF workspace (GeoPackage) of an earlier year as features of kind ``earlier_patches``:
    attributes jcbh (监测编号), nd (the year the batch was issued), pc (the batch code, read as its last number),
    pdjg (the determination: the patch's result, or its parts' results joined by 、). Read-only; geometries are
    EPSG:4490 already."""
    from ..store.gpkg_geom import decode

    stats = {} if stats is None else stats
    kind = get_kind("earlier_patches")
    _workspace_file(path)
    sql = ('SELECT p.fid, p.geom, p."JCBH", substr(b."XFRQ", 1, 4), b."PCBH", p."PDJG", '
           "(SELECT group_concat(d.\"PDJG\", '、') FROM wz_determ d WHERE d.\"TBID\" = p.fid) "
           'FROM wz_patch p LEFT JOIN wz_batch b ON b.fid = p."PCID"')
    boxes = None if boxes is None or isinstance(boxes, NearBoxes) else NearBoxes(boxes)
    ids = None if fids is None else np.unique(np.array([int(f) for f in fids], dtype=np.int64))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if boxes is not None:
            try:
                near = rtree_ids_near(con, "rtree_wz_patch_geom", boxes)
                ids = near if ids is None else np.intersect1d(near, ids)
            except sqlite3.OperationalError:   # a workspace without the R-tree: read all, filter below
                pass
        rows = con.execute(sql).fetchall() if ids is None else rows_by_id(con, sql, "p.fid", ids)
    finally:
        con.close()
    geoms = decode([r[1] for r in rows]) if rows else np.zeros(0, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) if len(rows) else np.zeros(0, dtype=bool)
    if boxes is not None and keep.any():
        idx = np.flatnonzero(keep)
        hit = boxes.tree.query(geoms[idx])[0]
        near_rows = np.zeros(len(rows), dtype=bool)
        near_rows[idx[np.unique(hit)]] = True
        keep &= near_rows
    if fids is not None:
        want = {int(f) for f in fids}
        keep &= np.array([int(r[0]) in want for r in rows], dtype=bool)
    attrs, out_fids = {}, []
    for i in np.flatnonzero(keep):
        fid, _, jcbh, nd, pcbh, pdjg, parts = rows[i]
        out_fids.append(int(fid))
        raw = {"jcbh": jcbh, "nd": nd, "pc": pcbh, "pdjg": pdjg or parts}
        attrs[int(fid)] = {k: parse_attribute(kind.attribute[k], v) for k, v in raw.items() if k in kind.attribute}
    stats["read"] = len(rows)
    if boxes is None and fids is None:
        stats["features"], stats["skipped_empty"] = len(rows), int(len(rows) - keep.sum())
    elif fids is None:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            n, empty = con.execute("SELECT count(*), sum(geom IS NULL) FROM wz_patch").fetchone()
        finally:
            con.close()
        stats["features"], stats["skipped_empty"] = int(n), int(empty or 0)
    return ParcelBatch(geoms[keep] if len(rows) else geoms, fid=np.array(out_fids, dtype=np.int64)), attrs


def workspace_fingerprint(path: str) -> str:
    """What a WPZF workspace's patches, batches and determinations are: a hash of their rows."""
    _workspace_file(path)
    h = hashlib.sha256()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        n = 0
        for sql in ('SELECT fid, "JCBH", "PCID", "PDJG", geom FROM wz_patch ORDER BY fid',
                    'SELECT fid, "PCBH", "GZND", "XFRQ" FROM wz_batch ORDER BY fid',
                    'SELECT fid, "TBID", "FGID", "PDJG" FROM wz_determ ORDER BY fid'):
            for row in con.execute(sql):
                _hash_row(h, row)
                n += 1
    finally:
        con.close()
    return f"wpzf:{n}:{h.hexdigest()[:32]}"


# ---- what a layer is now ------------------------------------------------------------------------------------
def _hash_row(h, row) -> None:
    for v in row:
        if isinstance(v, (bytes, bytearray, memoryview)):
            h.update(b"b")
            h.update(bytes(v))
        else:
            h.update(repr(v).encode("utf-8"))
        h.update(b"\x1f")
    h.update(b"\x1e")


_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


_ROWS_PER_HASH = 2048     # (fixed: the rows are hashed in batches of this many)


def _hash_table(h, con, table: str, fid_col: str, like: Optional[str]) -> str:
    """Hash a GeoPackage table's rows in fid order: as marshal (version 2, which writes no back-references,
    so the bytes depend on the values only) writes batches of rows — "gpkg2"; or, to compare with a
    fingerprint taken by WPZF before (``like`` starts "gpkg:"), value by value as it did then — "gpkg"."""
    cur = con.execute(f'SELECT * FROM "{table}" ORDER BY "{fid_col}"')
    if like is not None and like.startswith("gpkg:"):
        for row in cur:
            _hash_row(h, row)
        return "gpkg"
    while True:
        rows = cur.fetchmany(_ROWS_PER_HASH)
        if not rows:
            return "gpkg2"
        h.update(marshal.dumps(rows, 2))


def layer_fingerprint(layer: QgsVectorLayer, like: Optional[str] = None) -> str:
    """A text that changes when the layer's features change: feature count, extent and CRS, and — a whole
    GeoPackage table: a hash of its rows (geometries and attributes); an unedited shapefile: the size and
    modification time (ns) of its files; any other layer (or one with unsaved edits): a hash of every feature's
    id, geometry WKB and attributes read through QGIS. ``like``: the fingerprint it is to be compared with (a
    GeoPackage table is hashed the way that one was)."""
    if layer is None or not layer.isValid():
        raise InputError(Problem(_layer_name(layer), tr("the layer cannot be read (moved, deleted, or the database "
                                                        "is not reachable); register it again")))
    e = layer.extent()
    head = (f"{layer.featureCount()}|{e.xMinimum():.6f},{e.yMinimum():.6f},{e.xMaximum():.6f},{e.yMaximum():.6f}|"
            f"{layer.crs().authid() or layer.crs().toWkt()}|{layer.subsetString()}")
    h = hashlib.sha256(head.encode("utf-8"))
    edited = layer.isEditable() and layer.isModified()
    gpkg = None if edited else _geopackage_table(layer)
    path = layer.source().split("|")[0]
    if gpkg is not None:
        p, table, _geom, fid_col = gpkg
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            how = _hash_table(h, con, table, fid_col, like)
        finally:
            con.close()
    elif (not edited and layer.providerType() == "ogr" and path.lower().endswith(".shp")
          and not layer.subsetString() and os.path.isfile(path)):
        stem = path[:-4]
        for ext in _SHAPEFILE_PARTS:
            for name in (stem + ext, stem + ext.upper()):
                if os.path.isfile(name):
                    st = os.stat(name)
                    h.update(f"{ext}:{st.st_size}:{st.st_mtime_ns}".encode())
                    break
        how = "shp"
    else:
        request = QgsFeatureRequest()
        for feat in layer.getFeatures(request):
            g = feat.geometry()
            _hash_row(h, (int(feat.id()), None if g is None or g.isNull() else bytes(g.asWkb()),
                          *[str(_plain_value(v)) for v in feat.attributes()]))
        how = "features"
    return f"{how}:{layer.featureCount()}:{h.hexdigest()[:32]}"


def open_layer(item: dict) -> QgsVectorLayer:
    """The QGIS layer of a registered reference layer (not for a WPZF workspace); InputError when unusable."""
    layer_ref = item["layer"]
    layer = QgsVectorLayer(layer_ref["source"], layer_ref.get("name") or ref.layer_display_name(item),
                           layer_ref.get("provider") or "ogr")
    if not layer.isValid():
        raise InputError(Problem(ref.layer_display_name(item), tr("the layer cannot be read (moved, deleted, or the "
                                                                  "database is not reachable); register it again")))
    return layer


def _is_workspace(item: dict) -> bool:
    return (item["layer"].get("provider") or "") == WPZF_PROVIDER


def current_fingerprint(item: dict, like: Optional[str] = None) -> str:
    """What the registered layer is now; ``like``: the fingerprint it is to be compared with."""
    if _is_workspace(item):
        return workspace_fingerprint(item["layer"]["source"])
    return layer_fingerprint(open_layer(item), like)


def stale_layers(ws: Workspace) -> list[str]:
    """Registered layers whose features changed since their pre-fill (or that were never pre-filled, or that
    cannot be read now): their ids."""
    out = []
    for item in ref.reference_layers(ws):
        if not item.get("fingerprint"):
            out.append(item["id"])
            continue
        try:
            now = current_fingerprint(item, item["fingerprint"])
        except InputError:
            out.append(item["id"])
            continue
        if now != item["fingerprint"]:
            out.append(item["id"])
    return out


def _read_registered(item: dict, boxes=None, fids=None, stats=None):
    if _is_workspace(item):
        if item["kind"] != "earlier_patches":
            raise InputError(Problem(item["layer"]["source"], tr("a WPZF workspace can only be registered as earlier "
                                                                 "patches")))
        return read_workspace_patches(item["layer"]["source"], boxes, fids, stats)
    return read_features(open_layer(item), item["kind"], item["mapping"], boxes, fids, stats)


def feature_geometries(ws: Workspace, layer_id: str, fids) -> dict[int, object]:
    """{feature id: shapely geometry in EPSG:4490} of some features of a registered layer (the red lines a split
    follows)."""
    item = ref.reference_layer(ws, layer_id)
    batch, _ = _read_registered(item, fids=list(fids))
    return {int(f): g for f, g in zip(batch.fid, batch.geoms)}


# ---- the pre-fill --------------------------------------------------------------------------------------------
def prefill(ws: Workspace, layer_ids: Optional[list[str]] = None, fids: Optional[list[int]] = None,
            progress: Optional[Callable[[float], None]] = None, is_cancelled: Optional[Callable[[], bool]] = None,
            source: Optional[str] = None) -> dict:
    """The pre-fill (exchange/prefill.py), where its callers found it before it had a module of its own."""
    from .prefill import prefill as run

    return run(ws, layer_ids, fids, progress, is_cancelled, source)
