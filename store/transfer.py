"""Move a workspace between back ends — GeoPackage → PostGIS (a county joins the team database) and
back (a copy to take along) — verbatim, and prove it.

Every table is copied row by row with its ids (fid), versions, stamps and geometries; the audit chain
record by record, so the destination's chain is the source's (same records, same hashes, same head) and
no record is added for the move itself. The destination is built straight from the schema (no
migration records) and filled in one transaction: a failure or a cancel leaves no destination behind.
After the copy both sides are read again and compared: rows per table, a digest of every table's
values, a digest of its geometries, ``verify_audit`` and the chain head.

Attachments (photo files) are not in the database. A GeoPackage keeps them next to itself (WJLJ is
relative to the GeoPackage's folder); a team workspace keeps the folder they are relative to in
``wz_meta`` key ``attachments``. Moving to PostGIS: name a folder (a share every workstation reaches) and
the files are copied there under the same relative paths, each checked against its SHA-256; name none
and the team workspace refers to the files where they are (the GeoPackage's folder). Moving to a
GeoPackage: the files are copied next to it. WJLJ values never change, so the row digests still match.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import shapely

from ..core.audit import ChainCheck, canonical
from ..core.checksums import file_sha256
from . import is_team_location
from .errors import StoreError
from .gpkg_geom import to_wkb
from .workspace import GEOM, Workspace, geometry_digest

CHUNK = 5000


@dataclass
class TableCheck:
    name: str
    rows_source: int
    rows_copy: int
    values_source: str
    values_copy: str
    geoms_source: Optional[str]
    geoms_copy: Optional[str]

    @property
    def ok(self) -> bool:
        return (self.rows_source == self.rows_copy and self.values_source == self.values_copy
                and self.geoms_source == self.geoms_copy)


@dataclass
class TransferReport:
    source: str
    destination: str
    tables: list[TableCheck] = field(default_factory=list)
    audit_source: Optional[ChainCheck] = None
    audit_copy: Optional[ChainCheck] = None
    head_source: tuple = ()
    head_copy: tuple = ()
    attachments_from: Optional[str] = None
    attachments_to: Optional[str] = None
    files_copied: int = 0
    files_present: int = 0
    files_missing: list[str] = field(default_factory=list)
    files_bad: list[str] = field(default_factory=list)
    files_elsewhere: list[str] = field(default_factory=list)   # absolute paths: left where they are

    @property
    def ok(self) -> bool:
        return (bool(self.tables) and all(t.ok for t in self.tables) and self.audit_copy is not None
                and self.audit_copy.ok and self.head_source == self.head_copy and not self.files_bad)

    def problems(self) -> list[str]:
        out = []
        for t in self.tables:
            if t.rows_source != t.rows_copy:
                out.append(f"{t.name}: {t.rows_source} rows in the source, {t.rows_copy} in the copy")
            elif t.values_source != t.values_copy:
                out.append(f"{t.name}: values differ after the copy")
            elif t.geoms_source != t.geoms_copy:
                out.append(f"{t.name}: geometries differ after the copy")
        if self.audit_copy is not None and not self.audit_copy.ok:
            out.append(f"audit chain of the copy: {self.audit_copy.reason} (record {self.audit_copy.broken_at})")
        if self.head_source != self.head_copy:
            out.append(f"audit head differs: {self.head_source} → {self.head_copy}")
        out += [f"attachment {p}: copy does not match its checksum" for p in self.files_bad]
        return out

    def summary(self) -> str:
        rows = sum(t.rows_copy for t in self.tables)
        text = (f"{self.source} → {self.destination}: {len(self.tables)} tables, {rows} rows, "
                f"{self.head_copy[0] if self.head_copy else 0} audit records; "
                f"{self.files_copied} attachment files copied, {self.files_present} already there, "
                f"{len(self.files_missing)} missing in the source")
        if self.audit_source is not None and not self.audit_source.ok:
            text += f"; NOTE the source's own audit chain is broken ({self.audit_source.reason})"
        return text + ("; verified" if self.ok else "; NOT VERIFIED: " + "; ".join(self.problems()))

    def as_dict(self) -> dict:
        return {"source": self.source, "destination": self.destination, "ok": self.ok,
                "tables": {t.name: {"rows": t.rows_copy, "ok": t.ok} for t in self.tables},
                "audit_records": self.head_copy[0] if self.head_copy else 0,
                "audit_head": self.head_copy[1] if self.head_copy else None,
                "files_copied": self.files_copied, "files_present": self.files_present,
                "files_missing": self.files_missing, "files_bad": self.files_bad,
                "attachments_to": self.attachments_to, "problems": self.problems()}


# ---- reading a table ------------------------------------------------------------------------------

def _select_sql(ws: Workspace, name: str) -> str:
    t = ws.tables[name]
    cols = ", ".join(f'"{c}"' for c in t.codes)
    return (f"SELECT fid, {cols}{', ' + GEOM if t.geometry else ''} FROM {name} "
            f"WHERE fid > {ws.ph} ORDER BY fid LIMIT {CHUNK}")


def _chunks(ws: Workspace, name: str):
    """(fids, value rows, shapely geometries or None) in fid order, CHUNK rows at a time."""
    sql = _select_sql(ws, name)
    geometry = ws.tables[name].geometry is not None
    last = 0
    while True:
        rows = ws._fetch(sql, (last,))
        if not rows:
            return
        fids = [int(r[0]) for r in rows]
        if geometry:
            values = [tuple(r[1:-1]) for r in rows]
            geoms = ws._decode_geoms([r[-1] for r in rows])
        else:
            values, geoms = [tuple(r[1:]) for r in rows], None
        yield fids, values, geoms
        last = fids[-1]


def _norm(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (bytes, memoryview)):
        return "sha256:" + hashlib.sha256(bytes(v)).hexdigest()
    if hasattr(v, "item") and not isinstance(v, str):
        return v.item()
    return v


def table_digest(ws: Workspace, name: str) -> tuple[int, str, Optional[str]]:
    """(rows, SHA-256 of every row's fid and values, SHA-256 of the geometries' digests or None)."""
    values, geoms, n = hashlib.sha256(), hashlib.sha256(), 0
    geometry = ws.tables[name].geometry is not None
    for fids, rows, gs in _chunks(ws, name):
        for i, (fid, row) in enumerate(zip(fids, rows)):
            values.update(canonical([fid, [_norm(v) for v in row]]).encode("utf-8"))
            values.update(b"\n")
            if geometry:
                geoms.update(f"{fid}:{geometry_digest(gs[i])}\n".encode())
            n += 1
    return n, values.hexdigest(), geoms.hexdigest() if geometry else None


# ---- the copy -------------------------------------------------------------------------------------

def _open_source(src) -> tuple[Workspace, bool]:
    if isinstance(src, Workspace):
        return src, False
    from . import open_workspace

    return open_workspace(src), True


def _new_destination(dst: str, actor) -> Workspace:
    if is_team_location(dst):
        from .postgis import PostgisWorkspace

        return PostgisWorkspace(dst, actor=actor, create=True)
    from .gpkg import GeoPackageWorkspace

    if os.path.exists(dst) and os.path.getsize(dst) > 0:
        raise StoreError(f"{dst}: file exists; a workspace is copied only into a new file")
    return GeoPackageWorkspace(dst, actor=actor, create=True)


def _drop_destination(ws: Workspace, created_schema: bool) -> None:
    if ws.kind == "postgis":
        try:
            if created_schema:
                ws._exec(f'DROP SCHEMA "{ws.schema}" CASCADE')
        finally:
            ws.close()
    else:
        path = Path(ws.location)
        ws.close()
        path.unlink(missing_ok=True)


def _files_base(ws: Workspace) -> Optional[Path]:
    if ws.kind == "postgis":
        folder = ws.attachments_folder
        return Path(folder) if folder else None
    return Path(ws.location).parent


def _copy_files(src: Workspace, src_base: Optional[Path], dst_base: Optional[Path], report: TransferReport,
                is_cancelled: Callable[[], bool]) -> None:
    report.attachments_from = None if src_base is None else str(src_base)
    report.attachments_to = None if dst_base is None else str(dst_base)
    photos = src._fetch('SELECT "WJLJ", "SHA" FROM wz_photo ORDER BY fid')
    for stored, sha in photos:
        if is_cancelled():
            raise StoreError("cancelled by the user")
        if not stored:
            continue
        rel = Path(str(stored))
        if rel.is_absolute():
            report.files_elsewhere.append(str(stored))
            continue
        if src_base is None:
            report.files_missing.append(str(stored))
            continue
        source, dest = src_base / rel, (dst_base / rel if dst_base is not None else None)
        if dest is not None and os.path.abspath(source) == os.path.abspath(dest):
            report.files_present += int(source.exists())
            if not source.exists():
                report.files_missing.append(str(stored))
            continue
        if not source.exists():
            report.files_missing.append(str(stored))
            continue
        if dest is None:
            continue
        expected = str(sha or "").lower()
        check = len(expected) == 64 and all(c in "0123456789abcdef" for c in expected)
        if dest.exists() and (not check or file_sha256(dest) == expected):
            report.files_present += 1
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.parent / f".{dest.name}.{uuid.uuid4().hex[:8]}.part"
        shutil.copy2(source, tmp)
        if check and file_sha256(tmp) != expected:
            tmp.unlink(missing_ok=True)
            report.files_bad.append(str(stored))
            continue
        os.replace(tmp, dest)
        report.files_copied += 1


def copy_workspace(src, dst: str, attachments: Optional[str] = None, *, actor=None,
                   progress: Optional[Callable[[float], None]] = None,
                   is_cancelled: Optional[Callable[[], bool]] = None) -> TransferReport:
    """Copy the workspace ``src`` (a Workspace or a location) into the new workspace ``dst`` (a GeoPackage
    path that does not exist, or a PostgreSQL location whose schema holds no workspace) and verify it.

    ``attachments``: for a PostGIS destination, the folder to copy the photo files into (None: leave them
    where the source keeps them). Raises StoreError (destination removed) when the copy fails or is
    cancelled; returns the report — check ``report.ok`` — when it was written."""
    progress = progress or (lambda _f: None)
    is_cancelled = is_cancelled or (lambda: False)
    source, opened = _open_source(src)
    dst = str(dst)
    try:
        if is_team_location(dst) and source.kind == "postgis" and source.location == dst:
            raise StoreError(f"{dst}: source and destination are the same workspace")
        report = TransferReport(source.location, dst)
        report.audit_source = source.verify_audit()
        report.head_source = source._audit_head()
        schema_existed = False
        if is_team_location(dst):
            from .pglocation import PgLocation

            loc = PgLocation.parse(dst)
            schema_existed = _schema_exists(loc)
        target = _new_destination(dst, actor or source.actor)
        report.destination = target.location
        names = [n for n in source.tables if source._table_exists(n)]
        totals = {n: source.count(n) for n in names}
        grand = max(1, sum(totals.values()))
        done = 0
        try:
            with target.transaction():
                for name in names:
                    target._create_table(target.tables[name])
                for name in names:
                    table = target.tables[name]
                    for fids, rows, geoms in _chunks(source, name):
                        if is_cancelled():
                            raise StoreError("cancelled by the user")
                        wkb = bounds = None
                        if table.geometry is not None:
                            wkb, bounds = to_wkb(geoms), shapely.bounds(np.asarray(geoms, dtype=object))
                        values = [list(c) for c in zip(*rows)] if rows else [[] for _ in table.codes]
                        target._bulk_insert(table, list(table.codes), values, fids, wkb, bounds)
                        done += len(fids)
                        progress(0.85 * done / grand)
                if target.kind == "postgis":
                    target.reset_sequences()
        except BaseException:
            _drop_destination(target, created_schema=not schema_existed)
            raise
        # Attachments, then the stored folder (not audited: where files sit is configuration, not data).
        src_base = _files_base(source)
        if target.kind == "postgis":
            dst_base = Path(attachments) if attachments else src_base
        else:
            dst_base = Path(target.location).parent
        try:
            _copy_files(source, src_base, dst_base, report, is_cancelled)
        except BaseException:
            _drop_destination(target, created_schema=not schema_existed)
            raise
        progress(0.9)
        for name in names:
            a, b = table_digest(source, name), table_digest(target, name)
            report.tables.append(TableCheck(name, a[0], b[0], a[1], b[1], a[2], b[2]))
        report.audit_copy = target.verify_audit()
        report.head_copy = target._audit_head()
        if target.kind == "postgis" and dst_base is not None:
            with target.transaction():
                target.meta_set("attachments", str(dst_base))
        target.close()
        progress(1.0)
        return report
    finally:
        if opened:
            source.close()


def _schema_exists(loc) -> bool:
    import psycopg2

    try:
        con = psycopg2.connect(loc.conninfo(), connect_timeout=15)
    except psycopg2.Error as e:
        raise StoreError(f"{loc.text()}: cannot connect: {str(e).strip().splitlines()[0]}") from None
    try:
        cur = con.cursor()
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (loc.schema,))
        return cur.fetchone() is not None
    finally:
        con.close()
