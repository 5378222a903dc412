"""Field packages (外业数据包): patches out to the verifiers' phones (QField) or laptops (QGIS), their findings,
splits and photos back into the workspace without losing an edit made in the office meanwhile.

A package is a folder the verifier copies to the device as it is::

    field.gpkg      patches (facts to fill in), parts (split a patch here), photos (a table: the attachments)
    wpzf_field.qgs  the QGIS/QField project: forms in Chinese with value lists, date pickers and the
                    camera, QField's edit locks, photo naming and stamping; relative paths only (its base name
                    differs from the GeoPackage's: QFieldCloud fails to sync a project named like its data)
    office_photos/  optional: the office's photos of the patches, shown read-only in the field (not imported)
    imagery.tif     optional: the imagery clipped to the patches (+ a margin)
    DCIM/           where the phone stores the photos (paths relative to the project)
    manifest.json   the workspace it came from, who exported it when, and for every record (by UUID) the
                    values exported — the base of the three-way merge — with the files' checksums, signed
                    with the workspace's secret (HMAC-SHA256; wz_meta ``field_package_key``)

``export_field_package`` writes one (exchange/field_export.py); ``import_field_package`` merges one back
(exchange/field_import.py): per fact, base vs field vs office — changed on one side only → merged
(audited, naming the package); changed on both sides to different values → a conflict for a person
(store/conflicts.py); photos matched to their patch by the photo table's patch reference, a 监测编号 in the
file name or the EXIF position; a split made in the field becomes the patch's parts. One transaction: a
failing import leaves the workspace as it was; the same package imported twice changes nothing.

A package is bound to its export: the import refuses, naming the package and what differs, a package id
this workspace never exported, a patch set or base values other than those exported, and a manifest whose
signature is not the workspace's (a recomputed plain checksum proves nothing). An import that could not
store every photo (disk full) is recorded as unfinished, not as imported: importing the package again
stores what is missing. (Signing and checking: exchange/field_binding.py; attachment files:
exchange/attachments.py.)

This module holds what both sides share: the package's layout, reading a package back and safe paths; the
export and merge reports are in exchange/field_reports.py.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..core.dates import CHINA
from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE
from ..store.determinations import DERIVABLE, ENTERED
from .errors import InputError, Problem
from .field_reports import MergeReport, PackageReport
from .photos import file_sha256

FORMAT = "wpzf-field-package"
FORMAT_VERSION = 2          # 2: signed with the workspace's key (HMAC-SHA256)
GPKG_NAME = "field.gpkg"
PROJECT_NAME = "wpzf_field.qgs"
OFFICE_PHOTO_DIR = "office_photos"
MANIFEST_NAME = "manifest.json"
IMAGERY_NAME = "imagery.tif"
PHOTO_DIR = "DCIM"
PATCHES, PARTS, PHOTOS = "patches", "parts", "photos"
OFFICE_PHOTOS = "office_photos"   # optional, read-only in the field, never read back
LAYER_ALIASES = {PATCHES: "图斑", PARTS: "分割地块", PHOTOS: "现场照片", OFFICE_PHOTOS: "内业照片"}
SPLIT_KEY = "__split__"   # the pseudo fact under which a unit's split is remembered among the values seen


@dataclass(frozen=True)
class PkgField:
    name: str
    alias: str
    kind: str                   # text, integer, real, date, datetime, bool, enum
    fact: Optional[str] = None  # the fact code when the field is a fact
    read_only: bool = False
    width: int = 0


def _fact_field(code: str, read_only: bool = False) -> PkgField:
    f = FACTS_BY_CODE[code]
    alias = f"{f.alias}({f.unit})" if f.unit else f.alias
    kind = {"bool": "bool", "enum": "enum", "date": "date", "text": "text", "number": "real"}[f.type]
    return PkgField(code, alias, kind, fact=code, read_only=read_only, width=f.length if f.type == "text" else 0)


IDENT = PkgField("UUID", "唯一标识", "text", read_only=True)
PATCH_REF = PkgField("TBUUID", "图斑", "text")
VERIFIER = PkgField("HCR", "核查人", "text")
VERIFIED_AT = PkgField("HCSJ", "核查时间", "datetime", read_only=True)
# Facts the data gives (overlay) are shown for reference; the field does not change them.
DATA_FACTS = tuple(_fact_field(c, read_only=True) for c in DERIVABLE if c != "MJ")
FIELD_FACTS = tuple(_fact_field(c) for c in ENTERED)
PATCH_FIELDS = (IDENT, PkgField("JCBH", "监测编号", "text", read_only=True),
                PkgField("XZMC", "乡镇", "text", read_only=True), PkgField("CMC", "村", "text", read_only=True),
                PkgField("TBMJMU", "面积(亩)", "real", read_only=True),
                PkgField("HCJZ", "核查截止", "date", read_only=True), PkgField("ZT", "状态", "text", read_only=True),
                PkgField("BBH", "导出时版本", "integer", read_only=True),
                *DATA_FACTS, *FIELD_FACTS, VERIFIER, VERIFIED_AT)
PART_FIELDS = (IDENT, PkgField("TBUUID", "图斑", "text", read_only=True),
               PkgField("JCBH", "监测编号", "text", read_only=True), PkgField("FGBH", "分割编号", "text", read_only=True),
               PkgField("TBMJMU", "面积(亩)", "real", read_only=True),
               PkgField("BBH", "导出时版本", "integer", read_only=True),
               *FIELD_FACTS, VERIFIER, VERIFIED_AT)
PHOTO_FIELDS = (PkgField("UUID", "唯一标识", "text", read_only=True), PATCH_REF,
                PkgField("JCBH", "监测编号", "text", read_only=True), PkgField("WJLJ", "照片", "text"),
                PkgField("PSSJ", "拍摄时间", "datetime"), PkgField("HCR", "拍摄人", "text"),
                PkgField("BZ", "说明", "text"))
OFFICE_PHOTO_FIELDS = (PkgField("TBUUID", "图斑", "text", read_only=True),
                       PkgField("JCBH", "监测编号", "text", read_only=True),
                       PkgField("WJLJ", "照片", "text", read_only=True),
                       PkgField("PSSJ", "拍摄时间", "datetime", read_only=True),
                       PkgField("FX", "方向(度)", "real", read_only=True),
                       PkgField("SB", "设备", "text", read_only=True))
LAYER_FIELDS = {PATCHES: PATCH_FIELDS, PARTS: PART_FIELDS, PHOTOS: PHOTO_FIELDS, OFFICE_PHOTOS: OFFICE_PHOTO_FIELDS}


# ---- paths inside a package -------------------------------------------------------------------------
_DRIVE = re.compile(r"^[A-Za-z]:")


def _inside(root: Path, target: Optional[Path]) -> bool:
    """Whether the resolved path ``target`` is the resolved folder ``root`` or lies under it."""
    return target is not None and (target == root or root in target.parents)


def package_path(folder: Path, stored) -> tuple[Optional[Path], str]:
    """The file a stored attachment path names inside the package, or (None, why not). Absolute paths, '..'
    and links that lead out of the package folder are refused."""
    text = "" if stored is None else str(stored).strip()
    if not text:
        return None, tr("no file is named")
    norm = text.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", norm) \
            or norm.lower().startswith("file:"):
        return None, tr("{path} is an absolute path; only files inside the package are taken").format(path=text)
    if any(p == ".." for p in norm.split("/")):
        return None, tr("{path} leaves the package folder; only files inside the package are taken").format(path=text)
    p = folder / norm
    try:
        resolved = p.resolve()
        root = folder.resolve()
    except (OSError, RuntimeError):
        return None, tr("{path} cannot be resolved").format(path=text)
    if not _inside(root, resolved):
        return None, tr("{path} links to a file outside the package ({target}); only files inside the package are "
                        "taken").format(path=text, target=resolved)
    if not p.is_file():
        return None, tr("{path} is not in the package").format(path=text)
    return p, ""


def package_files(folder: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The files under DCIM/ (recursive, hidden ones skipped) as (relative path, path); links that lead out of
    the package are refused."""
    out, problems = [], []
    root = folder / PHOTO_DIR
    if not root.is_dir():
        return out, problems
    for dirpath, dirnames, filenames in os.walk(root):
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            full = Path(dirpath) / d
            if full.is_symlink():  # not walked into; one leading out of the package is reported
                try:
                    target, root_r = full.resolve(), folder.resolve()
                except (OSError, RuntimeError):
                    target = root_r = None
                if not _inside(root_r, target):
                    problems.append(Problem(full.relative_to(folder).as_posix(), tr(
                        "links to a folder outside the package ({target}); not taken").format(target=target)))
                continue
            keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            if f.startswith("."):
                continue
            full = Path(dirpath) / f
            rel = full.relative_to(folder).as_posix()
            p, why = package_path(folder, rel)
            if p is None:
                problems.append(Problem(rel, why))
            else:
                out.append((rel, p))
    return out, problems


# ---- reading a package ------------------------------------------------------------------------------
@dataclass
class FieldRecord:
    layer: str
    fid: int                       # the feature's id in field.gpkg (the row named in messages)
    values: dict
    geom: Any = None               # shapely, or None


@dataclass
class PackageContent:
    folder: Path
    manifest: dict
    patches: list[FieldRecord]
    parts: list[FieldRecord]
    photos: list[FieldRecord]
    files: list[tuple[str, Path]]
    file_sha: dict[str, str]
    problems: list[Problem]
    checksum: str

    @property
    def package_id(self) -> str:
        return str(self.manifest.get("package_id") or "")

    @property
    def name(self) -> str:
        return str(self.manifest.get("name") or self.folder.name)


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise InputError(Problem(str(folder), tr("not a field package: {name} is missing").format(name=MANIFEST_NAME)))
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise InputError(Problem(MANIFEST_NAME, tr("cannot be read: {error}").format(error=e))) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(Problem(MANIFEST_NAME, tr("not the manifest of a WPZF field package")))
    if int(manifest.get("format_version") or 0) > FORMAT_VERSION:
        raise InputError(Problem(MANIFEST_NAME, tr("written by a newer WPZF (package format {version}); update "
                                                   "the plugin").format(version=manifest.get("format_version"))))
    records = manifest.get("records")
    if not isinstance(records, dict):
        raise InputError(Problem(MANIFEST_NAME, tr("the manifest has no base records")))
    return manifest   # whether it is this workspace's, unaltered, is checked on import (it needs the workspace)


def _ogr_value(feat, i: int, ftype: int, ogr):
    if not feat.IsFieldSetAndNotNull(i):
        return None
    if ftype == ogr.OFTDate:
        y, m, d, *_ = feat.GetFieldAsDateTime(i)
        return f"{y:04d}-{m:02d}-{d:02d}"
    if ftype == ogr.OFTDateTime:
        y, m, d, h, mi, s, tz = feat.GetFieldAsDateTime(i)
        when = dt.datetime(y, m, d, h, mi, int(s))
        if tz == 100:                                  # UTC
            when = when.replace(tzinfo=dt.timezone.utc)
        elif tz > 1:                                   # 100 ± 15-minute steps
            when = when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=15 * (tz - 100))))
        else:                                          # unknown or local: the field's clock, Beijing time
            when = when.replace(tzinfo=CHINA)
        return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if ftype == ogr.OFTInteger:
        return feat.GetFieldAsInteger(i)
    if ftype == ogr.OFTInteger64:
        return feat.GetFieldAsInteger64(i)
    if ftype == ogr.OFTReal:
        return feat.GetFieldAsDouble(i)
    v = feat.GetField(i)
    return v.strip() if isinstance(v, str) else v


def read_layer(ds, name: str, ogr) -> Optional[list[FieldRecord]]:
    import shapely

    layer = ds.GetLayerByName(name)
    if layer is None:
        return None
    defn = layer.GetLayerDefn()
    names = [(defn.GetFieldDefn(i).GetName(), defn.GetFieldDefn(i).GetType()) for i in range(defn.GetFieldCount())]
    out = []
    layer.ResetReading()
    for feat in layer:
        values = {n: _ogr_value(feat, i, t, ogr) for i, (n, t) in enumerate(names)}
        g = feat.GetGeometryRef()
        geom = None
        if g is not None and not g.IsEmpty():
            geom = shapely.force_2d(shapely.from_wkb(bytes(g.ExportToIsoWkb())))
        out.append(FieldRecord(name, int(feat.GetFID()), values, geom))
    return out


def read_package(folder, max_photo_bytes: Optional[int] = None) -> PackageContent:
    """Everything a package holds, read without changing it; InputError when it is not a readable package.
    Files above ``max_photo_bytes`` are not read (they will be refused): their size and time stand for them."""

    folder = Path(folder)
    manifest = read_manifest(folder)
    gpkg = folder / GPKG_NAME
    if not gpkg.is_file():
        raise InputError(Problem(str(folder), tr("not a field package: {name} is missing").format(name=GPKG_NAME)))
    with _readable_copy(gpkg, (manifest.get("checksums") or {}).get(GPKG_BODY)) as readable:
        layers = _read_layers(readable)
    files, problems = package_files(folder)
    file_sha = {rel: _file_digest(p, max_photo_bytes) for rel, p in files}
    checksum = content_checksum(manifest, layers, file_sha)
    return PackageContent(folder, manifest, layers[PATCHES], layers[PARTS], layers[PHOTOS], files, file_sha,
                          problems, checksum)


def _read_layers(gpkg: Path) -> dict[str, list[FieldRecord]]:
    from .reader import _ogr

    _gdal, ogr, _osr = _ogr()
    try:
        ds = ogr.Open(str(gpkg), 0)
    except RuntimeError as e:
        raise InputError(Problem(GPKG_NAME, tr("cannot be read: {error}").format(error=e))) from None
    if ds is None:
        raise InputError(Problem(GPKG_NAME, tr("cannot be read: {error}").format(error="?")))
    try:
        layers = {}
        for name in (PATCHES, PARTS, PHOTOS):
            recs = read_layer(ds, name, ogr)
            if recs is None and name != PARTS:
                raise InputError(Problem(GPKG_NAME, tr("the layer {layer} is missing").format(layer=name)))
            layers[name] = recs or []
    finally:
        ds = None
    return layers


WAL_SUFFIX, SHM_SUFFIX = "-wal", "-shm"


GPKG_BODY = "gpkg_body"   # manifest checksums: field.gpkg as exported, but for the header bytes a WAL switch rewrites
_VOLATILE = (slice(18, 20), slice(24, 28), slice(92, 100))   # journal mode, change counter, version-valid-for


def gpkg_body_digest(gpkg: Path) -> str:
    """SHA-256 of a GeoPackage without the header fields SQLite rewrites when it switches to WAL: the same for
    the file as exported and the file a device opened in WAL mode whose edits never left the ``-wal``."""
    data = bytearray(Path(gpkg).read_bytes())
    for part in _VOLATILE:
        data[part] = bytes(part.stop - part.start)
    return hashlib.sha256(bytes(data)).hexdigest()


def in_wal_mode(gpkg: Path) -> bool:
    """Whether the SQLite header says write-ahead logging (bytes 18/19 = 2): QGIS and QField switch a
    GeoPackage to WAL when they edit it; its edits are in the ``-wal`` file until they are checkpointed into
    the GeoPackage (QGIS does so after each commit; when the app closes, the ``-wal`` is removed)."""
    try:
        with open(gpkg, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[:16] == b"SQLite format 3\x00" and (head[18] == 2 or head[19] == 2)


@contextlib.contextmanager
def _readable_copy(gpkg: Path, exported_body: Optional[str]):
    """The GeoPackage to read: itself; with a pending ``-wal`` beside it, a temporary copy of both (SQLite
    folds the log in when it opens them, which must not change the package). In WAL mode without its ``-wal``
    and otherwise byte for byte as exported (``exported_body``, the manifest's signed digest): a device
    edited it but every edit is still in the ``-wal`` that was not copied — InputError saying what to copy.
    (In WAL mode without ``-wal`` but changed, the edits were checkpointed: a cleanly closed file looks so.)"""
    wal = gpkg.with_name(gpkg.name + WAL_SUFFIX)
    if not in_wal_mode(gpkg):
        yield gpkg
        return
    if not wal.is_file() and (not exported_body or gpkg_body_digest(gpkg) != exported_body):
        yield gpkg   # the edits were checkpointed (or a package from before the digest: cannot tell)
        return
    if not wal.is_file():
        raise InputError(Problem(GPKG_NAME, tr(
            "{name} was copied while QField (or QGIS) still had it open: it is in WAL mode and its latest edits are "
            "in {wal}, which is not in the package. Copy {name} together with {wal} (and {shm}) from the device, "
            "or close the project in QField first and copy {name} again").format(
            name=gpkg.name, wal=wal.name, shm=gpkg.name + SHM_SUFFIX)))
    with tempfile.TemporaryDirectory(prefix="wpzf_field_") as tmp:
        copy = Path(tmp) / gpkg.name
        shutil.copyfile(gpkg, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + WAL_SUFFIX))   # not -shm: SQLite rebuilds it from the log
        yield copy


SIZE_MARK = "size:"   # a file_sha entry of a file too large to be read: not a SHA-256


def _file_digest(path: Path, max_bytes: Optional[int]) -> str:
    if max_bytes is not None:
        try:
            st = path.stat()
        except OSError:
            st = None
        if st is not None and st.st_size > max_bytes:
            return f"{SIZE_MARK}{st.st_size}:{st.st_mtime_ns}"
    return file_sha256(path)


def content_checksum(manifest: dict, layers: dict[str, list[FieldRecord]], file_sha: dict[str, str]) -> str:
    """SHA-256 of what a package says (records, geometries, the photo files' bytes) — not of how the
    GeoPackage happens to lay it out, so a file merely opened and closed again is the same package."""
    import shapely

    h = hashlib.sha256()
    h.update(str(manifest.get("package_id")).encode())
    for name in sorted(layers):
        for r in sorted(layers[name], key=lambda r: r.fid):
            geom = "" if r.geom is None else hashlib.sha256(shapely.to_wkb(r.geom, output_dimension=2)).hexdigest()
            h.update(json.dumps([name, r.fid, r.values, geom], ensure_ascii=False, sort_keys=True,
                                default=str).encode("utf-8"))
    for rel in sorted(file_sha):
        h.update(f"{rel}\0{file_sha[rel]}\n".encode())
    return h.hexdigest()


# ---- the operations (implemented in field_export / field_import) -------------------------------------
def export_field_package(ws, folder, *, township=None, fids=None, verifier: str = "", imagery=None,
                         margin_m=200.0, project: bool = True, office_photos: bool = False,
                         progress=None) -> PackageReport:
    """Write a field package for the patches of ``township`` (or ``fids``; default all) into ``folder``; the
    imagery (a raster path or layer, optional) clipped to them plus ``margin_m`` metres (None: not clipped).
    ``project=False`` leaves out the project (which needs QGIS); ``office_photos`` carries the patches' photos
    already in the workspace, read-only in the field."""
    from .field_export import export_field_package as run

    return run(ws, folder, township=township, fids=fids, verifier=verifier, imagery=imagery, margin_m=margin_m,
               project=project, office_photos=office_photos, progress=progress)


def import_field_package(ws, folder, *, source_name=None, progress=None, is_cancelled=None,
                         save: bool = True, max_photo_bytes=None) -> MergeReport:
    """Merge a field package back into the workspace (see the module documentation); photos above
    ``max_photo_bytes`` (default: the workspace's limit, 50 MB unless set) are refused by name."""
    from .field_import import import_field_package as run

    return run(ws, folder, source_name=source_name, progress=progress, is_cancelled=is_cancelled, save=save,
               max_photo_bytes=max_photo_bytes)


def import_findings_table(ws, path, *, source_name=None, save: bool = True) -> MergeReport:
    """Merge a CSV/xlsx of findings keyed by 监测编号 (fact columns by code or Chinese alias)."""
    from .field_import import import_findings_table as run

    return run(ws, path, source_name=source_name, save=save)


__all__ = ["export_field_package", "import_field_package", "import_findings_table", "read_package", "package_path"]
