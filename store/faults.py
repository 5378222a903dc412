"""What goes wrong beneath the store (a full disk, a read-only file, another writer, a damaged file) as one
StoreError kind whose message names the workspace and says what to do; nothing half-written is left
(every write is one transaction, rolled back on any of these)."""
from __future__ import annotations

import sqlite3

from ..i18n import tr
from .errors import StoreError

FULL, READ_ONLY, LOCKED, DAMAGED, OTHER = "full", "read-only", "locked", "damaged", "other"


class StoreFault(StoreError):
    def __init__(self, kind: str, location: str, detail: str):
        self.kind, self.location, self.detail = kind, location, detail
        super().__init__(fault_message(kind, location, detail))


def classify(exc: BaseException) -> str:
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    if "full" in text or code == "SQLITE_FULL" or "no space left" in text:
        return FULL
    if "readonly" in text.replace(" ", "").replace("-", "") or code.startswith("SQLITE_READONLY"):
        return READ_ONLY
    if "locked" in text or "busy" in text or code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LOCKED
    if "malformed" in text or "not a database" in text or code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) \
            or "disk i/o error" in text:
        return DAMAGED
    return OTHER


def fault_message(kind: str, location: str, detail: str) -> str:
    if kind == FULL:
        return tr("The disk holding {file} is full: nothing of this change was saved. Free some space on it (or "
                  "move the workspace to a disk with room) and do it again.").format(file=location)
    if kind == READ_ONLY:
        return tr("{file} cannot be written (read-only file or folder, a read-only share or a zip): nothing was "
                  "saved. Copy the workspace to a folder you may write to and open the copy.").format(file=location)
    if kind == LOCKED:
        return tr("{file} is being written by another program (another QGIS, an edit session on its layers, a "
                  "backup or sync tool): nothing was saved. Close the other edit session and do it again.").format(
            file=location)
    if kind == DAMAGED:
        return tr("{file} is damaged ({detail}). Open your latest backup copy of the workspace; 校验审计日志 on it "
                  "tells whether anything recorded since is missing.").format(file=location, detail=detail)
    return tr("The workspace {file} reported an error: {detail}").format(file=location, detail=detail)


def from_sqlite(exc: sqlite3.Error, location: str) -> StoreFault:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreFault(classify(exc), location, detail)
