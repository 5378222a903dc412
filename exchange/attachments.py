"""Where a workspace keeps its attachment files, and keeping that folder clean.

Photos are stored under the SHA-256 of their bytes, ``<workspace stem>_attachments/<first 2 hex>/<sha256>.<ext>``,
copied through a temporary name so a file appears complete or not at all. While files are being copied a
journal (``<attachments>/.pending/<token>.json``: process, host, files) names them; one left behind means the
process died before its rows were committed, and ``remove_orphan_attachments`` removes those files (unless a row
references them). A photo larger than the workspace's limit (setting ``photo_max_mb``, default 50 MB) is refused.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from ..i18n import tr
from ..store.settings import get_setting, set_setting
from ..store.workspace import Workspace

_CHUNK = 1 << 20
DEFAULT_MAX_PHOTO_MB = 50.0
PHOTO_LIMIT_KEY = "photo_max_mb"      # setting (wz_meta setting:photo_max_mb): the largest photo, MB
PENDING_DIR = ".pending"              # journals of copies whose rows are not committed yet
STALE_AFTER_S = 12 * 3600             # a journal this old belongs to no running import, whatever its process


# ---- names ------------------------------------------------------------------------------------------
def attachment_dir(location: str | os.PathLike) -> Path:
    """The attachment folder of a workspace file: ``<dir>/<stem>_attachments``."""
    loc = Path(location)
    return loc.parent / f"{loc.stem}_attachments"


def attachment_relpath(location: str | os.PathLike, sha: str, original_name: str) -> str:
    """The stored path (relative to the workspace folder, '/'-separated) of a photo with this checksum:
    ``<stem>_attachments/<sha[:2]>/<sha>.<ext>``; the extension is the original's, lower-case."""
    ext = os.path.splitext(original_name)[1].lower() or ".jpg"
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", ext):
        ext = ".bin"
    return f"{attachment_dir(location).name}/{sha[:2]}/{sha}{ext}"


def resolve_stored_path(location: str | os.PathLike, stored: str) -> Path:
    """Absolute path of a stored WJLJ (relative to the workspace's folder unless it is absolute)."""
    p = Path(stored)
    return p if p.is_absolute() else Path(location).parent / p


def copy_verified(src: Path, dest: Path, sha: str) -> None:
    """Copy ``src`` to ``dest`` through a temporary name in the same folder, checking the bytes copied
    against ``sha``; ``dest`` appears complete or not at all."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.{uuid.uuid4().hex[:8]}.part"
    h = hashlib.sha256()
    try:
        with open(src, "rb") as fi, open(tmp, "wb") as fo:
            for chunk in iter(lambda: fi.read(_CHUNK), b""):
                h.update(chunk)
                fo.write(chunk)
            fo.flush()
            os.fsync(fo.fileno())
        if h.hexdigest() != sha:
            raise OSError(tr("the file changed while it was being copied"))
        try:
            shutil.copystat(src, tmp)  # keep the original file times
        except OSError:
            pass
        os.replace(tmp, dest)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise


# ---- limits -----------------------------------------------------------------------------------------
def photo_size_limit(ws: Workspace) -> int:
    """The largest photo (bytes) this workspace takes: its setting ``photo_max_mb``, else 50 MB."""
    try:
        mb = float(get_setting(ws, PHOTO_LIMIT_KEY) or DEFAULT_MAX_PHOTO_MB)
    except (TypeError, ValueError):
        mb = DEFAULT_MAX_PHOTO_MB
    return int(max(mb, 0.001) * 1024 * 1024)


def set_photo_size_limit(ws: Workspace, mb: float) -> None:
    """The workspace's (a team's) photo size limit in MB, a setting kept in wz_meta."""
    if not mb or float(mb) <= 0:
        raise ValueError("the photo size limit must be a positive number of MB")
    set_setting(ws, PHOTO_LIMIT_KEY, float(mb))


def oversized(path: Path, limit: int) -> Optional[str]:
    """Why the file is too large to be taken as a photo, or None."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it says what is wrong
    if size <= limit:
        return None
    return tr("{size:.1f} MB is larger than a photo may be ({limit:g} MB); not taken").format(
        size=size / 1048576, limit=round(limit / 1048576, 3))


# ---- copies not committed yet, and what a killed process left ---------------------------------------
def _pid_alive(pid: int) -> Optional[bool]:
    """Whether process ``pid`` of this host runs; None when that cannot be told (Windows: os.kill would end it)."""
    if os.name != "posix" or int(pid) <= 0:
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _held_open(journal: Path) -> bool:
    """Windows: whether a live process keeps the journal open (then it cannot be renamed)."""
    probe = journal.with_name(journal.name + ".probe")
    try:
        os.replace(journal, probe)
    except OSError:
        return True
    try:
        os.replace(probe, journal)
    except OSError:
        pass
    return False


class PendingCopies:
    """A journal naming files about to be copied into the attachment folder by this process; removed when the
    copies are committed or cleaned up. One left behind means the process died in between. The journal stays
    open while the copies run, so that on Windows (where a process cannot be asked about by its id without
    risk) a live one is told by its open file."""

    def __init__(self, ws: Workspace, dests: Iterable[Path]):
        self.ws, self.dests, self.path, self._fh = ws, sorted({Path(d) for d in dests}), None, None

    def __enter__(self):
        if self.dests and self.ws.files_location:
            folder = attachment_dir(self.ws.files_location) / PENDING_DIR
            path = folder / f"{uuid.uuid4().hex}.json"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._fh = open(path, "w", encoding="utf-8")
                self._fh.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time(),
                                           "files": [str(d) for d in self.dests]}))
                self._fh.flush()
                self.path = path
            except OSError:   # a full disk: the copies will say so, file by file
                self._close()
                try:
                    path.unlink()
                except OSError:
                    pass
        return self

    def _close(self):
        if self._fh is not None:
            try:
                self._fh.close()
            except OSError:
                pass
            self._fh = None

    def __exit__(self, *exc):
        self._close()
        if self.path is not None:
            try:
                self.path.unlink()
                self.path.parent.rmdir()   # only when no other journal is there
            except OSError:
                pass
        return False


def _referenced(ws: Workspace) -> set[str]:
    return {os.path.normcase(str(resolve_stored_path(ws.files_location, str(w))))
            for (w,) in ws._fetch('SELECT "WJLJ" FROM wz_photo') if w}


def _remove_unreferenced(files: Iterable[Path], referenced: set[str]) -> list[Path]:
    removed = []
    for f in files:
        f = Path(f)
        temps = list(f.parent.glob(f".{f.name}.*.part")) if f.parent.is_dir() else []
        for t in ([f] if os.path.normcase(str(f)) not in referenced else []) + temps:
            try:
                if t.is_file():
                    t.unlink()
                    removed.append(t)
            except OSError:
                pass
    return removed


def remove_orphan_attachments(ws: Workspace, *, unreferenced_older_than: Optional[float] = None,
                              stale_after: float = STALE_AFTER_S) -> list[Path]:
    """Remove attachment files that no wz_photo row references and that a process which died while copying
    left behind (its journal names them; a journal of a live process is left alone). With
    ``unreferenced_older_than`` (seconds) also every other unreferenced file of the attachment folder
    written longer ago than that (for copies made before journals existed). Returns the files removed."""
    if not ws.files_location:
        return []
    root = attachment_dir(ws.files_location)
    pending = root / PENDING_DIR
    removed: list[Path] = []
    journals = sorted(pending.glob("*.json")) if pending.is_dir() else []
    referenced: Optional[set[str]] = None
    busy: set[str] = set()     # files a live import is copying: never swept
    now, host = time.time(), socket.gethostname()
    for j in journals:
        try:
            info = json.loads(j.read_text("utf-8"))
            started = float(info.get("started") or 0)
            files = [Path(f) for f in info.get("files") or []]
        except (OSError, ValueError, TypeError, AttributeError):
            info, started, files = {}, 0.0, []
        alive = None
        if info.get("host") == host:
            pid = info.get("pid") or 0
            if pid == os.getpid():
                alive = True
            else:
                alive = _pid_alive(pid) if os.name == "posix" else _held_open(j)
        if now - started < stale_after and alive is not False:
            busy.update(os.path.normcase(str(f)) for f in files)
            continue   # maybe still copying (or another machine's, not yet stale)
        if referenced is None:
            referenced = _referenced(ws)
        inside = [f for f in files if root.resolve() in f.resolve().parents]   # a journal names nothing else
        removed += _remove_unreferenced(inside, referenced)
        try:
            j.unlink()
        except OSError:
            pass
    if unreferenced_older_than is not None and root.is_dir():
        if referenced is None:
            referenced = _referenced(ws)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != PENDING_DIR]
            for name in filenames:
                f = Path(dirpath) / name
                try:
                    st = f.stat()
                except OSError:
                    continue
                # ctime: when the copy was made here (the copy keeps the photo's own mtime)
                if now - max(st.st_mtime, st.st_ctime) < unreferenced_older_than:
                    continue
                final = f.parent / name[1:].rsplit(".", 2)[0] if name.startswith(".") and name.endswith(".part") else f
                if os.path.normcase(str(f)) not in referenced and os.path.normcase(str(final)) not in busy:
                    try:
                        f.unlink()
                        removed.append(f)
                    except OSError:
                        pass
    try:
        pending.rmdir()
    except OSError:
        pass
    return removed
