"""Field photos (现场照片): attach copies to a patch, with the checks of where and when each was taken.

Reading a photo's position, direction and time (``read_photo``, QgsExifTools with PIL as the fallback) is in
exchange/photo_meta.py, the ellipsoidal distances in exchange/photo_geodesy.py; import those names from there.

Attaching copies each photo into the workspace's attachment folder under the SHA-256 of its bytes,
``<workspace stem>_attachments/<first 2 hex>/<sha256>.<ext>``, so files with the same name from two
phones never overwrite each other and the same photo added twice is recognised and not copied again.
All rows of one call are written in one audited transaction; if it fails, files this call copied that
no row references are removed again; files a killed process left without their row are found through the
copy journal and removed by ``remove_orphan_attachments``; a photo above the workspace's size limit is refused
by name (exchange/attachments.py).

The helpers that need no QGIS (folder walk, naming, the checks of a photo against its patch) are plain Python.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from shapely.geometry import Point

from ..core.checksums import file_sha256
from ..core.dates import as_date
from ..i18n import tr
from ..store.workspace import Workspace, now_text
from .attachments import (
    PendingCopies,
    attachment_relpath,
    copy_verified,
    oversized,
    photo_size_limit,
    resolve_stored_path,
)
from .errors import InputError, Problem
from .photo_geodesy import distance_to_patch
from .photo_meta import (
    CHINA_TZ,
    TIME_FORMAT,
    PhotoMeta,
    beijing_time,
    read_photo,
    stored_time,
)

# Extensions looked for in a folder. HEIC/HEIF are included so that a phone folder's HEIC photos are
# reported as unreadable (when Qt has no HEIF plugin) instead of being skipped silently.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif")
DEFAULT_TOLERANCE_M = 20.0


# ---- files and names (pure) ------------------------------------------------------------------------
def photos_in_folder(folder: str | os.PathLike) -> list[Path]:
    """Image files under ``folder`` (recursive, extensions case-insensitive), sorted by path; hidden files
    and folders (phones' .thumbnails, .trashed-…) are skipped."""
    root = Path(folder)
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if not f.startswith(".") and os.path.splitext(f)[1].lower() in IMAGE_EXTENSIONS:
                out.append(Path(dirpath) / f)
    return sorted(out)


def display_names(paths: list[Path]) -> list[str]:
    """How to name files in messages: relative to their common folder, so that deviceA/IMG_0001.jpg and
    deviceB/IMG_0001.jpg stay apart; a single file by its name."""
    if not paths:
        return []
    if len(paths) == 1:
        return [paths[0].name]
    try:
        common = Path(os.path.commonpath([str(p.parent) for p in paths]))
    except ValueError:  # different drives
        return [str(p) for p in paths]
    out = []
    for p in paths:
        try:
            out.append(p.relative_to(common).as_posix())
        except ValueError:
            out.append(str(p))
    return out


# ---- the patch a photo belongs to -------------------------------------------------------------------
@dataclass
class PatchContext:
    fid: int
    key: str                       # 监测编号
    geom: object                   # shapely (multi)polygon in EPSG:4490, or None
    issued: Optional[dt.date]      # wz_patch.XFSJ, else its batch's XFRQ


def patch_context(ws: Workspace, tbid: int) -> Optional[PatchContext]:
    p = ws.get("wz_patch", int(tbid), geometry=True)
    if p is None:
        return None
    issued = as_date(p.get("XFSJ"))
    if issued is None and p.get("PCID") is not None:
        b = ws.get("wz_batch", int(p["PCID"]))
        issued = as_date(b.get("XFRQ")) if b else None
    return PatchContext(int(tbid), str(p.get("JCBH") or tbid), p.get("geom"), issued)


def photo_checks(lon, lat, taken_utc: Optional[dt.datetime], ctx: PatchContext) -> tuple[Optional[float], bool]:
    """(distance to the patch in m or None, taken before the issue date). The issue date is a Beijing
    date, so the time is compared in Beijing time."""
    dist = None
    if lon is not None and lat is not None and ctx.geom is not None:
        dist = distance_to_patch(lon, lat, ctx.geom)
    before = bool(taken_utc is not None and ctx.issued is not None
                  and taken_utc.astimezone(CHINA_TZ).date() < ctx.issued)
    return dist, before


# ---- attaching --------------------------------------------------------------------------------------
@dataclass
class AddedPhoto:
    fid: int
    sha: str
    stored: str           # WJLJ, relative to the workspace folder
    path: str             # absolute path of the stored copy
    source: str           # the file it was copied from
    meta: PhotoMeta
    distance_m: Optional[float] = None


@dataclass
class DuplicatePhoto:
    file: str             # display name of the file given
    sha: str
    message: str
    fid: Optional[int] = None    # the row that already holds it (None: a repeat within this call)
    tbid: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass
class AttachReport:
    tbid: int
    patch_key: str = ""
    ok: bool = False
    cancelled: bool = False
    started: str = field(default_factory=now_text)
    finished: str = ""
    added: list[AddedPhoto] = field(default_factory=list)
    duplicates: list[DuplicatePhoto] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    unstored: list[Problem] = field(default_factory=list)   # of the errors: readable, but the copy failed

    def error(self, p: Problem):
        p.severity = "error"
        self.errors.append(p)

    def warn(self, p: Problem):
        p.severity = "warning"
        self.warnings.append(p)

    @property
    def counts(self) -> dict:
        return {"added": len(self.added), "duplicates": len(self.duplicates), "warnings": len(self.warnings),
                "errors": len(self.errors)}

    def summary(self) -> str:
        return tr("{added} photo(s) added, {duplicates} already there, {errors} not readable, "
                  "{warnings} warning(s)").format(**self.counts)

    def text(self) -> str:
        lines = [tr("WPZF photos — patch {key}").format(key=self.patch_key or self.tbid), self.summary()]
        if self.cancelled:
            lines.append(tr("cancelled by the user; nothing was attached"))
        for title, items in ((tr("errors"), self.errors), (tr("warnings"), self.warnings),
                             (tr("already in the workspace"), self.duplicates)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines += [f"  - {p}" for p in items]
        return "\n".join(lines) + "\n"


def _existing_by_sha(ws: Workspace, shas: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for s in range(0, len(shas), 500):
        part = shas[s:s + 500]
        if not part:
            continue
        marks = ", ".join([ws.ph] * len(part))
        df = ws.select("wz_photo", ["TBID", "WJLJ", "SHA", "YWJM", "TJSJ"], where=f'"SHA" IN ({marks})', params=part)
        for r in df.to_dict("records"):
            found[r["SHA"]] = r
    return found


def _patch_keys(ws: Workspace, fids: Iterable) -> dict[int, str]:
    out = {}
    for f in {int(x) for x in fids if x is not None and x == x}:
        p = ws.get("wz_patch", f)
        out[f] = str(p["JCBH"]) if p else f"#{f}"
    return out


def _warnings_for(meta: PhotoMeta, name: str, dist: Optional[float], before: bool, ctx: PatchContext,
                  tolerance_m: float) -> list[Problem]:
    out = [Problem(name, note) for note in meta.notes]
    if not meta.has_position:
        out.append(Problem(name, tr("no GPS position: the photo is attached without a map point"), field="GPS"))
    elif dist is not None and dist > tolerance_m:
        out.append(Problem(name, tr("taken {distance:.0f} m outside the patch (tolerance {tolerance:.0f} m)").format(
            distance=dist, tolerance=tolerance_m), field="GPS"))
    if meta.direction is None:
        out.append(Problem(name, tr("no shooting direction (GPSImgDirection)"), field="GPSImgDirection"))
    if meta.taken is None:
        out.append(Problem(name, tr("no shooting time (DateTimeOriginal)"), field="DateTimeOriginal"))
    elif before:
        out.append(Problem(name, tr("taken on {taken}, before the patch was issued on {issued}").format(
            taken=meta.taken.strftime(TIME_FORMAT), issued=ctx.issued.isoformat()), field="DateTimeOriginal"))
    return out


def attach_photos(ws: Workspace, tbid: int, paths: Iterable[str | os.PathLike], *,
                  tolerance_m: float = DEFAULT_TOLERANCE_M, source: Optional[str] = None,
                  progress: Optional[Callable[[float], None]] = None,
                  is_cancelled: Optional[Callable[[], bool]] = None,
                  known_sha: Optional[Mapping[str, str]] = None,
                  max_bytes: Optional[int] = None) -> AttachReport:
    """Attach photo files to patch ``tbid``: copy them into the attachment folder, one audited
    transaction for all rows. Unreadable files are listed as errors and the rest still attached; photos
    already in the workspace (same SHA-256) are listed as duplicates and not copied again.
    ``known_sha`` (str(path) → SHA-256) spares hashing files whose checksum the caller has already; the
    copy is still checked against it. Files above ``max_bytes`` (default: ``photo_size_limit``) are refused.
    A copy that fails (disk full …) is an error also listed in ``unstored``.

    Raises what the store raises when the transaction fails, after removing the files this call copied
    that no row references.
    """
    progress = progress or (lambda f: None)
    cancelled = is_cancelled or (lambda: False)
    known_sha = known_sha or {}
    report = AttachReport(tbid=int(tbid))
    files = []
    seen_paths = set()
    for p in paths:
        p = Path(p)
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen_paths:  # the same path chosen twice is one file
            seen_paths.add(key)
            files.append(p)
    names = display_names(files)
    ctx = patch_context(ws, tbid)
    ws_name = Path(ws.files_location).name if ws.files_location else "workspace"
    if ctx is None:
        report.error(Problem(ws_name, tr("patch #{tbid} does not exist").format(tbid=tbid)))
        report.finished = now_text()
        return report
    report.patch_key = ctx.key
    if not ws.files_location:
        report.error(Problem(ws_name, tr("this workspace has no folder for attachments")))
        report.finished = now_text()
        return report

    def stop() -> AttachReport:
        report.cancelled = True
        report.error(Problem(ws_name, tr("cancelled by the user; nothing was attached")))
        report.finished = now_text()
        return report

    # 1. read and hash
    limit = photo_size_limit(ws) if max_bytes is None else int(max_bytes)
    readable: list[tuple[Path, str, PhotoMeta, str]] = []
    n = max(1, len(files))
    for i, (path, name) in enumerate(zip(files, names)):
        if cancelled():
            return stop()
        progress(0.6 * i / n)
        too_big = oversized(path, limit)
        if too_big:
            report.error(Problem(name, too_big))
            continue
        try:
            meta = read_photo(path)
            sha = known_sha.get(str(path)) or file_sha256(path)
        except InputError as e:
            report.error(Problem(name, e.problem.message))
            continue
        except OSError as e:
            report.error(Problem(name, tr("cannot be read: {error}").format(error=e.strerror or e)))
            continue
        readable.append((path, name, meta, sha))

    # 2. recognise photos already in the workspace or repeated in this call
    existing = _existing_by_sha(ws, sorted({r[3] for r in readable}))
    other_keys = _patch_keys(ws, [r["TBID"] for r in existing.values()])
    fresh: list[tuple[Path, str, PhotoMeta, str]] = []
    first_in_call: dict[str, str] = {}
    for path, name, meta, sha in readable:
        if sha in existing:
            row = existing[sha]
            t = row["TBID"]
            t = int(t) if t is not None and t == t else None
            if t == ctx.fid:
                added = beijing_time(row["TJSJ"])
                msg = tr("already attached to this patch (as {name}, added {date}); not copied again").format(
                    name=row["YWJM"], date=added.strftime(TIME_FORMAT) if added else "?")
            elif t is None:
                msg = tr("already in the workspace without a patch (as {name}); not attached again").format(
                    name=row["YWJM"])
            else:
                msg = tr("already attached to patch {key} (as {name}); a photo belongs to one patch, not "
                         "attached again").format(key=other_keys.get(t, t), name=row["YWJM"])
            report.duplicates.append(DuplicatePhoto(name, sha, msg, fid=int(row["fid"]), tbid=t))
            _restore_missing(ws.files_location, row["WJLJ"], path, sha)
        elif sha in first_in_call:
            report.duplicates.append(DuplicatePhoto(name, sha, tr("the same photo as {other} in this selection").format(
                other=first_in_call[sha])))
        else:
            first_in_call[sha] = name
            fresh.append((path, name, meta, sha))

    # 3. copy (temp name, then rename)
    created: list[Path] = []

    def remove_unreferenced():
        try:
            still = _existing_by_sha(ws, [s for _, _, _, s in fresh])
        except Exception:  # the database cannot tell: keep the files rather than lose referenced ones
            return
        referenced = {os.path.normcase(str(resolve_stored_path(ws.files_location, r["WJLJ"]))) for r in still.values()}
        for f in created:
            if os.path.normcase(str(f)) not in referenced:
                try:
                    f.unlink()
                except OSError:
                    pass

    with PendingCopies(ws, [resolve_stored_path(ws.files_location, attachment_relpath(ws.files_location, sha, path.name))
                            for path, _n, _m, sha in fresh]):
        return _copy_and_insert(ws, ctx, report, fresh, created, remove_unreferenced, stop, cancelled, progress,
                                source, tolerance_m)


def _copy_and_insert(ws, ctx, report, fresh, created, remove_unreferenced, stop, cancelled, progress, source,
                     tolerance_m) -> AttachReport:
    copied: list[tuple[Path, str, PhotoMeta, str, str, Path]] = []
    for i, (path, name, meta, sha) in enumerate(fresh):
        if cancelled():
            remove_unreferenced()
            return stop()
        rel = attachment_relpath(ws.files_location, sha, path.name)
        dest = resolve_stored_path(ws.files_location, rel)
        try:
            if not (dest.is_file() and file_sha256(dest) == sha):  # a complete copy left from before is reused
                copy_verified(path, dest, sha)
                created.append(dest)
        except OSError as e:
            why = tr("disk full") if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) else (e.strerror or e)
            p = Problem(name, tr("cannot be copied into the workspace: {error}").format(error=why))
            report.error(p)
            report.unstored.append(p)
            continue
        copied.append((path, name, meta, sha, rel, dest))
        progress(0.6 + 0.3 * (i + 1) / max(1, len(fresh)))

    # 4. one transaction for all rows
    if cancelled():
        remove_unreferenced()
        return stop()
    rows, geoms, checks = [], [], []
    stamp, who = now_text(), ws.actor.username
    for path, _name, meta, sha, rel, _dest in copied:
        dist, before = photo_checks(meta.lon, meta.lat, meta.taken_utc, ctx)
        checks.append((dist, before))
        rows.append({"TBID": ctx.fid, "WJLJ": rel, "YWJM": path.name, "SHA": sha,
                     "FX": round(meta.direction, 2) if meta.direction is not None else None,
                     "PSSJ": stored_time(meta.taken_utc),
                     "SB": meta.device, "TJSJ": stamp, "TJR": who, "WRJ": bool(meta.drone),
                     "XDGD": round(meta.relative_altitude, 1) if meta.relative_altitude is not None else None})
        geoms.append(Point(meta.lon, meta.lat) if meta.has_position else None)
    fids: list[int] = []
    if rows:
        try:
            with ws.transaction():
                fids = ws.insert("wz_photo", rows, geoms=geoms, source=source or f"photos:{ctx.key}")
        except BaseException:
            remove_unreferenced()
            raise
    for (path, name, meta, sha, rel, dest), fid, (dist, before) in zip(copied, fids, checks):
        report.added.append(AddedPhoto(int(fid), sha, rel, str(dest), str(path), meta, dist))
        for w in _warnings_for(meta, name, dist, before, ctx, tolerance_m):
            report.warn(w)
    report.ok = True
    report.finished = now_text()
    progress(1.0)
    return report


def _restore_missing(location: str, stored: str, source: Path, sha: str) -> None:
    """A known photo whose stored copy went missing gets it back from the file given again."""
    dest = resolve_stored_path(location, stored)
    if dest.exists():
        return
    try:
        copy_verified(source, dest, sha)
    except OSError:
        pass
