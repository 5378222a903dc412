"""Merging a field package (or a table of findings) back into the workspace.

Per fact of every patch and part (by UUID): the base (the value exported, in manifest.json), the field
(the package now) and the office (the workspace now):

- field = base → the field did not touch it: nothing to do (the office keeps what it has);
- the field value was already dealt with by an earlier import of this package → nothing to do;
- office = field → both agree: nothing to do;
- office = base → only the field changed it: saved through ``save_facts``, audited as ``field:<package>``;
- otherwise both changed it differently → a conflict (office value and field value, who and when on each
  side) is stored for a person to decide (store/conflicts.py); nothing is overwritten.

A split drawn in the field (the patch's part in the parts layer cut in pieces) becomes the patch's parts
through ``split_patch`` unless the office split the patch differently meanwhile (then a conflict). Photos
are matched to their patch by the photo table's patch reference, else by a 监测编号 in the file name, else
by their EXIF position inside a patch of the package; a file that is not an image, or a path that leaves
the package folder, is rejected with a message naming it.

Everything is written in one transaction, the touched patches are determined again in it, and the
package's content checksum is remembered: the same package imported again changes nothing. If anything
fails the workspace is left as it was and the photo copies this import made are removed.

Before anything is merged the package must be the one this workspace exported (``check_bound``): its id
exported here, the same patches, the same base values and this workspace's signature (HMAC-SHA256 with the
key in wz_meta) — else it is refused naming the package and what differs. A photo that could not be stored
(disk full) leaves the import unfinished: recorded as 导入未完成, not as imported, so importing the package
again stores what is missing. Files a killed import left without their row are removed first.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, Callable, Optional

import shapely
from shapely.geometry import Point

from ..core.parts import SplitError
from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, FactValueError
from ..store.conflicts import (
    IMPORTED,
    KIND_FACT,
    KIND_SPLIT,
    PARTIAL,
    add_conflict,
    canonical,
    ensure_uuids,
    fids_by_uuid,
    last_change,
    office_facts,
    record_package,
    seen_field_values,
    set_uuid,
    shown,
    workspace_id,
)
from ..store.determinations import ENTERED, determine_patches, save_facts
from ..store.errors import StoreError
from ..store.parts import split_patch, unsplit
from ..store.workspace import Workspace
from .attachments import PendingCopies, attachment_dir, oversized, photo_size_limit, remove_orphan_attachments
from .errors import Cancelled, InputError, Problem
from .field_binding import check_bound
from .field_package import (
    FIELD_FACTS,
    GPKG_NAME,
    MANIFEST_NAME,
    PHOTOS,
    SIZE_MARK,
    SPLIT_KEY,
    FieldRecord,
    PackageContent,
    file_sha256,
    package_path,
    read_package,
)
from .field_reports import MergeReport
from .field_split import _digests, _multi, _same_shape, _same_shapes, normalize_split
from .findings_table import import_findings_table
from .merge_record import _finish, _imported_before


# ---- reading values ---------------------------------------------------------------------------------
def _field_values(rec: FieldRecord, file: str) -> tuple[dict, list[Problem]]:
    """The canonical values of the editable facts a record has (a fact column the record lacks is left out)."""
    out, problems = {}, []
    for f in FIELD_FACTS:
        if f.name not in rec.values:
            continue
        try:
            out[f.name] = canonical(f.name, rec.values[f.name])
        except FactValueError:
            problems.append(Problem(file, tr("“{value}” is not a valid value of {alias}").format(
                value=rec.values[f.name], alias=f.alias), row=rec.fid, field=f"{f.name} ({f.alias})"))
    return out, problems


def _who(rec: Optional[FieldRecord], manifest: dict) -> tuple[Optional[str], Optional[str]]:
    if rec is None:
        return manifest.get("verifier") or None, None
    who = rec.values.get("HCR") or manifest.get("verifier") or None
    return who, rec.values.get("HCSJ")


# ---- the merge ----------------------------------------------------------------------------------------
class _Merge:
    def __init__(self, ws: Workspace, content: PackageContent, report: MergeReport, source: str):
        self.ws, self.content, self.report, self.source = ws, content, report, source
        self.manifest = content.manifest
        self.records: dict[str, dict] = self.manifest["records"]
        self.seen = seen_field_values(ws, content.package_id)
        self.seen_now: dict[str, dict[str, Any]] = {}
        self.saves: dict[tuple[int, Optional[int]], dict[str, Any]] = {}
        self.conflicts: list[dict] = []
        self.splits: list[dict] = []
        self.photos: dict[int, list[tuple[Path, str, str, Optional[str]]]] = {}
        self.touched: set[int] = set()
        self.max_photo_bytes = photo_size_limit(ws)
        self.oversized = False   # a photo was refused for its size: importing again under a higher limit is news

    @functools.cached_property
    def last_splits(self) -> dict[int, tuple[Optional[str], Optional[str]]]:
        return _last_splits(self.ws)

    # -- values --
    def _seen(self, u: str, code: str, value) -> bool:
        return value in self.seen.get(u, {}).get(code, [])

    def _remember(self, u: str, code: str, value) -> None:
        self.seen_now.setdefault(u, {})[code] = value

    def merge_unit(self, u: str, tbid: int, fgid: Optional[int], key: str, base: dict, field_values: dict,
                   office: dict, rec: Optional[FieldRecord]) -> None:
        for code, f in field_values.items():
            b = base.get(code)
            if f == b or self._seen(u, code, f):
                continue
            self._remember(u, code, f)
            o = canonical(code, office.get(code))
            if o == f:
                continue
            label = FACTS_BY_CODE[code].alias
            if o == b:
                self.saves.setdefault((tbid, fgid), {})[code] = f
                self.touched.add(tbid)
                self.report.merged.append({"JCBH": key, "TBID": tbid, "FGID": fgid, "code": code, "label": label,
                                           "base": b, "office": o, "field": f, "office_text": shown(code, o),
                                           "field_text": shown(code, f)})
                continue
            who, when = last_change(self.ws, tbid, fgid, code)
            if who is None and fgid is not None:
                who, when = last_change(self.ws, tbid, None, code)
            fwho, fwhen = _who(rec, self.manifest)
            self.conflicts.append({"tbid": tbid, "fgid": fgid, "kind": KIND_FACT, "code": code, "base": b,
                                   "office": o, "field": f, "office_by": who, "office_at": when, "field_by": fwho,
                                   "field_at": fwhen, "key": key, "label": label})

    # -- patches and parts --
    def run(self, cancelled: Callable[[], bool]) -> None:
        ws, report, content = self.ws, self.report, self.content
        tbid_of = fids_by_uuid(ws, "wz_patch", self.records)
        for u, rec in self.records.items():
            if u not in tbid_of:
                report.reject(Problem(MANIFEST_NAME, tr("patch {key} is no longer in the workspace; its field values "
                                                        "were not merged").format(key=rec.get("JCBH"))))
        self.tbid_of = tbid_of
        tbids = sorted(tbid_of.values())
        units = office_facts(ws, tbids)
        ph = ", ".join([ws.ph] * len(tbids)) if tbids else "NULL"
        patch_df = ws.select("wz_patch", ["JCBH"], where=f"fid IN ({ph})", params=tbids, geometry=True)
        self.patch_geom = dict(zip(patch_df["fid"].astype(int), patch_df["geom"]))
        self.patch_key = dict(zip(patch_df["fid"].astype(int), patch_df["JCBH"].astype(str)))
        part_df = ws.select("wz_part", ["TBID", "FGBH", "UUID"], where=f'"TBID" IN ({ph})', params=tbids,
                            geometry=True, order_by='"TBID", "FGBH"')
        office_parts: dict[int, list[dict]] = {}
        for p in part_df.to_dict("records"):
            office_parts.setdefault(int(p["TBID"]), []).append(p)

        # patches
        field_patch: dict[str, FieldRecord] = {}
        for rec in content.patches:
            u = rec.values.get("UUID")
            if not u or u not in self.records:
                report.reject(Problem(GPKG_NAME, tr("a patch added in the field is not imported (patches come from "
                                                    "the office's batches)"), row=rec.fid, field="UUID"))
                continue
            if u in field_patch:
                report.reject(Problem(GPKG_NAME, tr("patch {key} appears more than once in the patch layer; split a "
                                                    "patch in the parts layer instead").format(
                    key=self.records[u].get("JCBH")), row=rec.fid, field="UUID"))
                continue
            field_patch[u] = rec
            if u not in tbid_of:
                continue
            tbid = tbid_of[u]
            key = self.patch_key.get(tbid, str(self.records[u].get("JCBH")))
            if rec.geom is not None and not _same_shape(_multi(rec.geom), _multi(self.patch_geom.get(tbid))):
                report.warn(Problem(GPKG_NAME, tr("the outline of patch {key} was changed in the field; the "
                                                  "office's outline is kept").format(key=key), row=rec.fid))
            values, problems = _field_values(rec, GPKG_NAME)
            if problems:
                for p in problems:
                    report.reject(p)
                continue
            self.merge_unit(u, tbid, None, key, self.records[u].get("facts", {}), values,
                            units.get((tbid, None), {}), rec)
        if cancelled():
            raise Cancelled()

        # parts
        by_patch: dict[str, list[FieldRecord]] = {}
        for rec in content.parts:
            pu = rec.values.get("TBUUID")
            if not pu or pu not in self.records:
                report.reject(Problem(GPKG_NAME, tr("a part that belongs to no patch of the package is not "
                                                    "imported"), row=rec.fid, field="TBUUID"))
                continue
            by_patch.setdefault(pu, []).append(rec)
        for u, recs in by_patch.items():
            if u in tbid_of:
                self._parts(u, tbid_of[u], recs, office_parts.get(tbid_of[u], []), units, field_patch.get(u))

    def _parts(self, u: str, tbid: int, recs: list[FieldRecord], office: list[dict], units: dict,
               patch_rec: Optional[FieldRecord]) -> None:
        report, key = self.report, self.patch_key[tbid]
        base_parts = self.records[u].get("parts", [])
        base_digests = sorted(p["geom"] for p in base_parts)
        office_geoms = [p["geom"] for p in office]
        office_changed = _digests(office_geoms) != base_digests
        drawn = [r for r in recs if r.geom is not None]
        if not drawn:
            return
        patch = self.patch_geom[tbid]
        whole = len(drawn) == 1
        if whole and not _same_shape(_multi(drawn[0].geom), _multi(patch)):
            report.reject(Problem(GPKG_NAME, tr("patch {key} has a single part that is not the whole patch; the "
                                                "split was not imported").format(key=key), row=drawn[0].fid))
            return
        field_geoms = [_multi(r.geom) for r in drawn]
        if whole:
            field_changed = bool(base_parts)
        elif not base_parts:
            field_changed = True
        else:
            field_changed = _digests(field_geoms) != base_digests and not (
                not office_changed and _same_shapes(field_geoms, office_geoms))
        if not field_changed:
            by_uuid = {p["UUID"]: p for p in office}
            base_by_uuid = {p["uuid"]: p for p in reversed(base_parts)}
            for r in drawn:
                pu = r.values.get("UUID")
                base = base_by_uuid.get(pu)
                if base is None:
                    continue
                values, problems = _field_values(r, GPKG_NAME)
                for p in problems:
                    report.reject(p)
                if problems:
                    continue
                part = by_uuid.get(pu)
                if part is None:
                    if any(values.get(c) != base["facts"].get(c) for c in values):
                        report.reject(Problem(GPKG_NAME, tr("part {key}-{part} was replaced in the office (the patch "
                                                            "was split again); its field values were not merged").format(
                            key=key, part=base["FGBH"]), row=r.fid))
                    continue
                fgid = int(part["fid"])
                self.merge_unit(pu, tbid, fgid, f"{key}-{part['FGBH']}", base["facts"], values,
                                units.get((tbid, fgid), {}), r)
            return
        state = "whole" if whole else _digests(field_geoms)
        if self._seen(u, SPLIT_KEY, state):
            return
        self._remember(u, SPLIT_KEY, state)
        office_same = (whole and not office) or (not whole and _same_shapes(field_geoms, office_geoms))
        if office_same:
            return
        who, when = _who(drawn[0], self.manifest)
        if office_changed:
            owho, owhen = self.last_splits.get(int(tbid), (None, None))
            self.conflicts.append({
                "tbid": tbid, "fgid": None, "kind": KIND_SPLIT, "code": None, "key": key, "label": tr("split"),
                "base": {"count": len(base_parts), "digests": base_digests},
                "office": {"count": len(office), "digests": _digests(office_geoms)},
                "field": {"count": 0 if whole else len(field_geoms),
                          "parts": [] if whole else [g.wkt for g in field_geoms]},
                "office_by": owho, "office_at": owhen, "field_by": who, "field_at": when})
            return
        if whole:
            self.splits.append({"tbid": tbid, "key": key, "parts": [], "facts": []})
            self.touched.add(tbid)
            return
        try:
            pieces = normalize_split(patch, field_geoms)
        except SplitError as e:
            report.reject(Problem(GPKG_NAME, tr("the split of patch {key} was not imported: {error}").format(
                key=key, error=e), field="geom"))
            return
        # each piece keeps the facts entered on it that differ from the patch's (after this merge)
        patch_facts = {c: canonical(c, units.get((tbid, None), {}).get(c)) for c in ENTERED}
        patch_facts.update(self.saves.get((tbid, None), {}))
        piece_facts = []
        for piece in pieces:
            src = max(drawn, key=lambda r: shapely.area(shapely.intersection(shapely.make_valid(r.geom), piece)))
            values, problems = _field_values(src, GPKG_NAME)
            for p in problems:
                report.reject(p)
            piece_facts.append({c: v for c, v in values.items() if v is not None and v != patch_facts.get(c)})
        self.splits.append({"tbid": tbid, "key": key, "parts": pieces, "facts": piece_facts})
        self.touched.add(tbid)

    # -- photos --
    def plan_photos(self, cancelled: Callable[[], bool]) -> None:
        from .photo_meta import read_photo

        report, content, folder = self.report, self.content, self.content.folder
        tbid_of = self.tbid_of
        key_of = {str(self.records[u].get("JCBH")): t for u, t in tbid_of.items()}
        referenced: set[Path] = set()
        candidates: list[tuple[Path, str, Optional[int], str, Optional[str]]] = []
        for rec in content.photos:
            rel = rec.values.get("WJLJ")
            path, why = package_path(folder, rel)
            if path is None:
                report.reject(Problem(f"{GPKG_NAME}:{PHOTOS}", why, row=rec.fid, field="WJLJ"))
                continue
            referenced.add(path.resolve())
            tbid = tbid_of.get(rec.values.get("TBUUID") or "") or key_of.get(str(rec.values.get("JCBH") or ""))
            candidates.append((path, Path(path).relative_to(folder).as_posix(), tbid, "table" if tbid else "",
                               rec.values.get("UUID")))
        for rel, path in content.files:
            if path.resolve() not in referenced:
                candidates.append((path, rel, None, "", None))
        for p in content.problems:
            report.reject(p)
        keys = sorted(key_of, key=len, reverse=True)
        for path, rel, tbid, how, uid in candidates:
            if cancelled():
                raise Cancelled()
            too_big = oversized(path, self.max_photo_bytes)
            if too_big:
                report.reject(Problem(rel, too_big))
                self.oversized = True
                continue
            try:
                meta = read_photo(path)
            except InputError as e:
                report.reject(Problem(rel, e.problem.message))
                continue
            if tbid is None:
                tbid = next((key_of[k] for k in keys if k and k in path.name), None)
                how = "name" if tbid is not None else how
            if tbid is None and meta.has_position:
                pt = Point(meta.lon, meta.lat)
                tbid = next((t for t in self.patch_geom if shapely.covers(self.patch_geom[t], pt)), None)
                how = "position" if tbid is not None else how
            if tbid is None:
                report.reject(Problem(rel, tr("cannot tell which patch the photo belongs to: the photo table names "
                                              "no patch, the file name has no 监测编号 of the package and its GPS "
                                              "position is inside none of its patches")))
                continue
            self.photos.setdefault(tbid, []).append((path, rel, how, uid))
        report.photos_planned = sum(len(v) for v in self.photos.values())


def _last_splits(ws: Workspace) -> dict[int, tuple[Optional[str], Optional[str]]]:
    """Patch fid → who split (or unsplit) it last, and when, from the audit of the parts (read once)."""
    out = {}
    for rec in ws.audit_records("wz_part"):
        if rec["action"] not in ("create", "delete"):
            continue
        t = (rec["changes"] or {}).get("TBID")
        t = t[0] if isinstance(t, list) else t
        if t is not None:
            out[int(t)] = (rec["username"], rec["ts"])
    return out


def _cleanup(dests: set[Path], before: set[Path]) -> None:
    for d in dests - before:
        try:
            if d.is_file():
                d.unlink()
        except OSError:
            pass


def import_field_package(ws: Workspace, folder, *, source_name: Optional[str] = None,
                         progress: Optional[Callable[[float], None]] = None,
                         is_cancelled: Optional[Callable[[], bool]] = None, save: bool = True,
                         max_photo_bytes: Optional[int] = None) -> MergeReport:
    """``max_photo_bytes``: the largest photo taken (default: the workspace's limit, ``photo_size_limit``)."""
    folder = Path(folder)
    progress = progress or (lambda f: None)
    cancelled = is_cancelled or (lambda: False)
    report = MergeReport(package=folder.name, folder=str(folder))
    try:
        _run(ws, folder, report, source_name, progress, cancelled, max_photo_bytes)
    except InputError as e:
        report.error(e.problem)
    except Cancelled:
        report.error(Problem(folder.name, tr("import cancelled by the user; nothing was written")))
    except (StoreError, SplitError, OSError) as e:
        report.error(Problem(folder.name, tr("the import failed and nothing was written: {error}").format(error=e)))
    return _finish(ws, report, folder.name, save)


def _limited(checksum: str, max_photo_bytes: int) -> str:
    """The checksum an import remembers when it refused a photo for its size: the same package is news again
    under a higher limit."""
    return hashlib.sha256(f"{checksum}:max_photo_bytes={int(max_photo_bytes)}".encode()).hexdigest()


def _remove_orphans(ws: Workspace, report: MergeReport) -> None:
    """Files an import killed earlier left in the attachment folder without their row."""
    try:
        removed = remove_orphan_attachments(ws)
    except OSError as e:
        removed = []
        report.warn(Problem(report.package, tr("the attachment folder could not be tidied: {error}").format(error=e)))
    if removed:
        report.warn(Problem(attachment_dir(ws.files_location).name, tr(
            "{n} file(s) left by an interrupted import without a record were removed").format(n=len(removed))))


def _run(ws: Workspace, folder: Path, report: MergeReport, source_name, progress, cancelled,
         max_photo_bytes: Optional[int] = None) -> None:
    from .attachments import attachment_relpath, resolve_stored_path

    _remove_orphans(ws, report)
    limit = photo_size_limit(ws) if max_photo_bytes is None else int(max_photo_bytes)
    content = read_package(folder, max_photo_bytes=limit)   # a huge file is refused unread
    manifest = content.manifest
    report.package, report.package_id = content.name, content.package_id
    mine = workspace_id(ws)
    theirs = (manifest.get("workspace") or {}).get("id")
    if not mine or theirs != mine:
        raise InputError(Problem(MANIFEST_NAME, tr("this package was exported from another workspace ({location}); "
                                                   "import it there").format(
            location=(manifest.get("workspace") or {}).get("location") or "?")))
    check_bound(ws, content)
    report.source = f"field:{source_name or content.name}"
    if any(_imported_before(ws, c, report, folder.name) for c in (content.checksum, _limited(content.checksum, limit))):
        progress(1.0)
        return
    progress(0.2)
    merge = _Merge(ws, content, report, report.source)
    merge.max_photo_bytes = limit
    merge.run(cancelled)
    progress(0.4)
    merge.plan_photos(cancelled)
    progress(0.6)

    # where attach_photos will copy the photos: what this import adds there is removed again on failure
    dests, before = set(), set()
    sha_of: dict[str, str] = {}  # the photos' checksums, for attach_photos not to hash them again
    if ws.files_location:
        for items in merge.photos.values():
            for path, rel, _how, _uid in items:
                known = content.file_sha.get(rel) or ""
                sha = sha_of[str(path)] = known if known and not known.startswith(SIZE_MARK) else file_sha256(path)
                d = resolve_stored_path(ws.files_location, attachment_relpath(ws.files_location, sha, path.name))
                dests.add(d)
                if d.exists():
                    before.add(d)
    _check_own_patches(merge, content)
    with PendingCopies(ws, dests - before):   # a killed import leaves its journal: cleaned next time
        try:
            with ws.transaction():
                _write(ws, merge, content, report, sha_of, progress, cancelled)
        except BaseException:
            _cleanup(dests, before)
            report.merged.clear()
            report.conflicts.clear()
            report.splits.clear()
            report.photos.clear()
            report.unstored.clear()
            report.touched = []
            report.determined = 0
            raise
    progress(1.0)


def _check_own_patches(merge: _Merge, content: PackageContent) -> None:
    """A package writes to the patches it holds, nothing else (a last guard after check_bound)."""
    own = set(merge.tbid_of.values())
    planned = ({s["tbid"] for s in merge.splits} | {t for t, _f in merge.saves} | {c["tbid"] for c in merge.conflicts}
               | set(merge.photos))
    stray = sorted(planned - own)
    if stray:
        raise InputError(Problem(MANIFEST_NAME, tr("package {name} would write to patches it does not hold "
                                                   "(#{fids}); refused").format(
            name=content.name, fids=", #".join(str(t) for t in stray))))


def _write(ws: Workspace, merge: _Merge, content: PackageContent, report: MergeReport, sha_of: dict,
           progress, cancelled) -> None:
    """Everything the import writes (inside its transaction)."""
    from .photos import attach_photos, display_names

    source, manifest = report.source, content.manifest
    for s in merge.splits:
        if not s["parts"]:
            unsplit(ws, s["tbid"], source=source)
            report.splits.append({"JCBH": s["key"], "parts": 0})
            continue
        new = split_patch(ws, s["tbid"], s["parts"], source=source)
        for fgid, facts in zip(new, s["facts"]):
            if facts:
                save_facts(ws, s["tbid"], facts, fgid=int(fgid), source=source)
        report.splits.append({"JCBH": s["key"], "parts": len(new)})
    for (tbid, fgid), values in merge.saves.items():
        if fgid is not None and ws.get("wz_part", fgid) is None:
            continue  # replaced by a split of this very import
        save_facts(ws, tbid, values, fgid=fgid, source=source)
    if cancelled():
        raise Cancelled()
    for c in merge.conflicts:
        cid = add_conflict(ws, tbid=c["tbid"], fgid=c["fgid"], kind=c["kind"], code=c["code"], base=c["base"],
                           office=c["office"], field=c["field"], office_by=c["office_by"],
                           office_at=c["office_at"], field_by=c["field_by"], field_at=c["field_at"],
                           package_id=content.package_id, package=content.name, source=source)
        shown_ = (lambda v, c=c: shown(c["code"], v)) if c["kind"] == KIND_FACT else (
            lambda v: tr("split into {n} parts").format(n=v["count"]) if v["count"] else tr("not split"))
        report.conflicts.append({"id": cid, "JCBH": c["key"], "TBID": c["tbid"], "FGID": c["fgid"],
                                 "kind": c["kind"], "code": c["code"], "label": c["label"],
                                 "office": c["office"], "field": c["field"], "office_text": shown_(c["office"]),
                                 "field_text": shown_(c["field"]), "office_by": c["office_by"],
                                 "office_at": c["office_at"], "field_by": c["field_by"],
                                 "field_at": c["field_at"]})
    progress(0.7)
    if merge.photos and not ws.files_location:   # a team workspace without its folder: stored once it has one
        for items in merge.photos.values():
            for _p, rel, _h, _u in items:
                report.not_stored(Problem(rel, tr("this workspace has no folder for attachments")))
    for tbid, items in (merge.photos.items() if ws.files_location else ()):
        if cancelled():
            raise Cancelled()
        rel_of = {str(p): rel for p, rel, _h, _u in items}
        how_of = {str(p): (h, u) for p, _r, h, u in items}
        att = attach_photos(ws, tbid, [p for p, _r, _h, _u in items], source=source, known_sha=sha_of,
                            max_bytes=merge.max_photo_bytes)
        unstored = {id(u) for u in att.unstored}
        in_package = dict(zip(display_names([p for p, _r, _h, _u in items]), (r for _p, r, _h, _u in items)))
        for e in att.errors:
            named = Problem(in_package.get(e.file, e.file), e.message)
            if id(e) in unstored:   # readable, but could not be stored: the import is not finished
                report.not_stored(named)
            else:
                report.reject(named)
        for d in att.duplicates:
            report.duplicates.append({"file": d.file, "message": d.message})
        plain = []
        for a in att.added:
            how, uid = how_of.get(a.source, ("", None))
            if uid:
                set_uuid(ws, "wz_photo", a.fid, uid, source=source)
            else:
                plain.append(a.fid)
            report.photos.append({"file": rel_of.get(a.source, a.source), "JCBH": att.patch_key,
                                  "how": how, "sha": a.sha})
        if plain:
            ensure_uuids(ws, "wz_photo", plain, source=source)
    progress(0.85)
    # not every photo stored: remembered as unfinished (what was merged is not merged again), not as imported
    done = not report.unstored
    checksum = _limited(content.checksum, merge.max_photo_bytes) if merge.oversized else content.checksum
    record_package(ws, {"BH": content.package_id, "LX": IMPORTED if done else PARTIAL, "MC": content.name,
                        "SHA": checksum if done else None, "XZMC": manifest.get("township"),
                        "HCY": manifest.get("verifier"), "TBS": len(content.patches), "JG": report.counts,
                        "WYZ": merge.seen_now}, source=source)
    if merge.touched:
        res = determine_patches(ws, sorted(merge.touched), source=source)
        report.determined = len(res)
    report.touched = sorted(merge.touched)
    if cancelled():
        raise Cancelled()


__all__ = ["import_field_package", "import_findings_table", "normalize_split"]
