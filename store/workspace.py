"""The workspace interface. Callers never see which database is behind it.

Every write happens inside ``with ws.transaction():`` and every change to an audited table appends
a record to the audit chain in the same transaction, so a failure leaves neither data nor history.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Optional

import numpy as np
import pandas as pd
import shapely

from ..core.anchors import Anchor, AnchorBook
from ..core.audit import (
    GENESIS,
    canonical,
    compact,
)
from . import bulk_records
from .audit_log import AuditLog, now_text
from .audit_text import _EXACT, _canonical_text, _plain, any_long, create_texts
from .errors import StaleVersion, StoreError
from .gpkg_geom import to_wkb
from .identity import Actor
from .migrations import LATEST, MIGRATIONS, AddFields, AddIndex, CreateTable, current_tables
from .schema import AUDITED, WORKSPACE_SRID, Table

GEOM = "geom"
MULTI_OF_ONE = b"\x01\x06\x00\x00\x00\x01\x00\x00\x00"   # ISO WKB, little-endian: a multipolygon of 1
FID = "fid"


def opt_int(v) -> Optional[int]:
    """A nullable id cell (None or NaN from pandas) as an int or None."""
    return None if v is None or v != v else int(v)


_ABSENT = object()   # update_many: a field the row's change does not set


def _change(a, v) -> Optional[list]:
    """[old, new] as an update record keeps a field's change from ``a`` to ``v``, or None when the audit would
    see no change (equal JSON)."""
    if v.__class__ is float and v == v and (a is None or (a.__class__ is float and a == a)):
        # floats (not NaN): JSON writes repr(), so equal floats of one sign give equal text
        if a is None or a != v or math.copysign(1.0, a) != math.copysign(1.0, v):
            return [a, v]
        return None
    if a.__class__ in _EXACT and v.__class__ in _EXACT:
        # text, integers, None: equal JSON exactly when equal values of one type
        if a.__class__ is v.__class__ and a == v:
            return None
        return [compact(a) if a.__class__ is str else a, compact(v) if v.__class__ is str else v]
    a, b = _plain(a), _plain(v)
    return [compact(a), compact(b)] if canonical(a) != canonical(b) else None


def _columns(rows: Sequence[dict]) -> dict[str, Sequence]:
    """Rows (dicts) column-wise: {field: a value per row, None where a row leaves the field out}. Rows that all
    name the same fields (the usual bulk write) are turned in C (itemgetter, zip)."""
    if not rows:
        return {}
    first = rows[0].keys()
    if len(first) > 1 and all(r.keys() == first for r in rows):
        names = list(first)
        return dict(zip(names, zip(*map(itemgetter(*names), rows))))
    names = sorted({k for r in rows for k in r})
    return {c: [r.get(c) for r in rows] for c in names}


def geometry_digest(geom) -> Optional[str]:
    """What the audit records of a geometry: the SHA-256 of its WKB (identical shape → same digest)."""
    if geom is None:
        return None
    return "sha256:" + hashlib.sha256(shapely.to_wkb(geom, byte_order=1, flavor="iso",
                                                     output_dimension=2)).hexdigest()


class Workspace(AuditLog, ABC):
    kind = "abstract"

    def __init__(self, actor: Optional[Actor] = None):
        self.actor = actor or Actor.current()
        self._tx_depth = 0
        self.tables: dict[str, Table] = current_tables()
        self._audit_written = False
        self.anchors = AnchorBook()  # what this computer remembers of the chain (core/anchors.py)

    # ---- backend primitives -------------------------------------------------------------------
    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _exec(self, sql: str, params: Sequence = ()) -> Optional[int]:
        """Run one statement; may return the number of rows it changed (None: not reported)."""

    @abstractmethod
    def _execmany(self, sql: str, rows: Iterable[Sequence]) -> None: ...

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence = ()) -> list[tuple]: ...

    def _stream(self, sql: str, params: Sequence = ()) -> Iterator[tuple]:
        """Rows one at a time, without holding the whole result (backends override with a cursor)."""
        yield from self._fetch(sql, params)

    text_order = ""  # appended to ORDER BY on text: byte order, as Python compares strings
    # many rows created at once are audited a record per chunk (core/audit_bulk.py); a team database logs
    # through its wz_audit_append, which knows per-row records only
    bulk_audit = False

    @abstractmethod
    def _table_exists(self, name: str) -> bool: ...

    @abstractmethod
    def _create_table(self, table: Table) -> None: ...

    @abstractmethod
    def _create_index(self, table: str, columns) -> None: ...

    _column_types: dict[str, str] = {}   # schema field type → the backend's column type

    def _column_sql(self, f) -> str:
        sql = f'"{f.code}" {self._column_types[f.type]}'
        if f.not_null:
            sql += " NOT NULL"
        if f.default is not None:
            sql += f" DEFAULT {f.default}"
        return sql

    @abstractmethod
    def _add_field(self, table: Table, field) -> None: ...

    @abstractmethod
    def _encode_geoms(self, geoms) -> list: ...

    @abstractmethod
    def _decode_geoms(self, values) -> np.ndarray: ...

    @abstractmethod
    def _bulk_insert(self, table: Table, columns: list[str], values: list[list], fids: list[int],
                     wkb=None, bounds=None) -> None:
        """Insert rows with explicit fids, their ``values`` column-wise (one list per column of ``columns``);
        ``wkb``/``bounds`` (per row) carry the geometries if any."""

    @property
    def files_location(self):
        """A path whose folder holds the workspace's files (attachments, reports) and whose stem names them:
        the GeoPackage itself; a team workspace answers with its shared folder (None when it has none)."""
        return str(self.location) if getattr(self, "location", None) else None

    @abstractmethod
    def qgis_source(self, table: str) -> tuple[str, str]:
        """(data source URI, provider key) for a QGIS layer of ``table``."""

    ph = "?"  # parameter placeholder
    location = ""

    @abstractmethod
    def close(self) -> None: ...

    # ---- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """One unit of work: commit on success, roll back everything on any exception."""
        if self._tx_depth:
            self._tx_depth += 1
            try:
                yield self
            finally:
                self._tx_depth -= 1
            return
        self._begin()
        self._tx_depth = 1
        try:
            yield self
        except BaseException:
            self._tx_depth = 0
            self._audit_written = False
            self._rollback()
            raise
        self._tx_depth = 0
        self._commit()
        if self._audit_written:
            self._audit_written = False
            self._record_anchor()

    def _anchor_location(self) -> str:
        loc = str(self.location)
        return loc if self.kind != "gpkg" else os.path.realpath(loc)

    def _first_hash(self) -> str:
        rows = self._fetch('SELECT "HASH" FROM wz_audit WHERE "SEQ" = 1')
        return rows[0][0] if rows else GENESIS

    def _record_anchor(self) -> None:
        """Remember outside the workspace how far its chain reached (never fails the write)."""
        try:
            count, head = self._audit_head()
            # the first record never changes under WPZF: read once per session (the check reads it afresh)
            if getattr(self, "_anchor_first", None) in (None, GENESIS):
                self._anchor_first = self._first_hash()
            self.anchors.record(Anchor(self._anchor_location(), self._anchor_first, count, head, now_text(),
                                       self.actor.host))
        except Exception:  # a read error here must not turn a committed write into a failure
            pass

    def _require_tx(self):
        if not self._tx_depth:
            raise StoreError("a write outside a transaction (programming error)")

    # ---- schema and migrations ------------------------------------------------------------------
    def schema_version(self) -> int:
        if not self._table_exists("wz_meta"):
            return 0
        v = self.meta_get("schema_version")
        return int(v) if v else 0

    def migrate(self) -> list[int]:
        """Apply the pending migrations, each in its own transaction; returns the versions applied."""
        from .errors import SchemaTooNew

        have = self.schema_version()
        if have > LATEST:
            raise SchemaTooNew(f"{self.location}: schema version {have} was written by a newer WPZF "
                               f"(this one knows up to {LATEST}); update the plugin")
        applied = []
        for m in MIGRATIONS:
            if m.version <= have:
                continue
            with self.transaction():
                tables = {}
                for op in m.ops:
                    if isinstance(op, CreateTable):
                        self._create_table(op.table)
                        tables[op.table.name] = op.table
                    elif isinstance(op, AddFields):
                        t = self.tables[op.table]
                        for f in op.fields:
                            self._add_field(t, f)
                    elif isinstance(op, AddIndex):
                        self._create_index(op.table, op.columns)
                self.meta_set("schema_version", str(m.version))
                if m.version == 1:
                    self.meta_set("created", now_text())
                    self.meta_set("audit_count", "0")
                    self.meta_set("audit_head", GENESIS)
                self.append_audit("wz_meta", "schema_version", "migrate",
                                  {"schema_version": [have, m.version], "step": m.description})
                have = m.version
            applied.append(m.version)
        return applied

    # ---- meta -----------------------------------------------------------------------------------
    def meta_get(self, key: str, default: Optional[str] = None) -> Optional[str]:
        rows = self._fetch(f'SELECT "VALUE" FROM wz_meta WHERE "KEY" = {self.ph}', (key,))
        return rows[0][0] if rows else default

    def meta_json(self, key: str) -> dict:
        """The JSON object kept under ``key``: {} when there is none, or a value edited by hand into something else
        (a workspace that opens, rather than one a garbled setting stops)."""
        text = self.meta_get(key)
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def meta_set(self, key: str, value: Optional[str]) -> None:
        self._require_tx()
        if self._fetch(f'SELECT 1 FROM wz_meta WHERE "KEY" = {self.ph}', (key,)):
            self._exec(f'UPDATE wz_meta SET "VALUE" = {self.ph} WHERE "KEY" = {self.ph}', (value, key))
        else:
            fid = self._next_fid("wz_meta")
            self._exec(f'INSERT INTO wz_meta (fid, "KEY", "VALUE") VALUES ({self.ph}, {self.ph}, {self.ph})',
                       (fid, key, value))

    # ---- rows -----------------------------------------------------------------------------------
    def _next_fid(self, table: str) -> int:
        return int(self._fetch(f"SELECT COALESCE(MAX(fid), 0) FROM {table}")[0][0]) + 1

    def _allocate_fids(self, table: str, n: int) -> list[int]:
        """Ids for ``n`` new rows of ``table`` (a backend with concurrent writers draws them from a sequence)."""
        start = self._next_fid(table)
        return list(range(start, start + n))

    def _lock_row(self, table: str, fid: int) -> None:
        """Hold the row until the transaction ends before it is read for a change (no-op where the whole
        store has one writer at a time, as a GeoPackage does)."""
        return None

    def _db_value(self, table: Table, code: str, value):
        """A value as the backend's column of ``code`` takes it (identity unless the backend needs more)."""
        return value

    def _check_columns(self, table: Table, columns: Iterable[str]) -> None:
        unknown = [c for c in columns if c not in table.codes]
        if unknown:
            raise StoreError(f"{table.name} has no field(s) {', '.join(unknown)}")

    def insert(self, table_name: str, rows: Sequence[dict], geoms=None, source: Optional[str] = None,
               audit_key: Optional[str] = None) -> list[int]:
        """Insert rows (dicts of field code → value) and their geometries; audited as 'create'."""
        return self.insert_columns(table_name, _columns(rows), len(rows), geoms, source, audit_key)

    def insert_columns(self, table_name: str, data: dict[str, Sequence], n: int, geoms=None,
                       source: Optional[str] = None, audit_key: Optional[str] = None) -> list[int]:
        """Insert ``n`` rows given column-wise (field code → n values); audited as 'create'.

        Each create record holds the new values ({field: value}); long text and geometries by SHA-256.
        """
        self._require_tx()
        table = self.tables[table_name]
        if not n:
            return []
        self._check_columns(table, data)
        # a column empty in every row and without a default is NULL without being written
        columns = sorted(c for c in data if table.field(c).default is not None or any(v is not None for v in data[c]))
        now, who = now_text(), self.actor.username
        stamp = [c for c in ("XGSJ", "XGR") if c in table.codes and c not in columns]
        fids = self._allocate_fids(table_name, n)
        cols = [list(data[c]) for c in columns] + [[now if c == "XGSJ" else who] * n for c in stamp]
        wkb = bounds = None
        if table.geometry is not None and geoms is not None:
            geoms = np.asarray(geoms, dtype=object)
            wkb, bounds = to_wkb(geoms), shapely.bounds(geoms)
            if table.geometry == "MULTIPOLYGON":   # a polygon stored as the multipolygon of it, in its WKB
                single = (shapely.get_type_id(geoms) == 3) & ~shapely.is_empty(geoms)
                if single.any():
                    wkb[single] = [MULTI_OF_ONE + w for w in wkb[single].tolist()]
        self._bulk_insert(table, columns + stamp, cols, fids, wkb, bounds)
        if table_name in AUDITED:
            # Fields that hold long text (verbatim source rows) are recorded by digest.
            audit_cols = [[compact(x) for x in col] if table.field(c).long and any_long(col) else col
                          for c, col in zip(columns, cols)]
            if wkb is not None:
                audit_cols.append([None if w is None else "sha256:" + hashlib.sha256(w).hexdigest() for w in wkb])
            names = columns + ([GEOM] if wkb is not None else [])  # sorted: 'geom' follows upper-case codes
            if self.bulk_audit and audit_key is None and bulk_records.applies(table_name, n):
                items = bulk_records.create_items(table_name, fids, names, audit_cols)
            else:
                keys = data[audit_key] if audit_key else fids
                items = list(zip([table_name] * n, keys, ["create"] * n, create_texts(names, audit_cols)))
            self.append_audit_many(items, source)
        return fids

    def get(self, table_name: str, fid: int, geometry: bool = False) -> Optional[dict]:
        df = self.select(table_name, where=f"fid = {self.ph}", params=(fid,), geometry=geometry)
        return None if df.empty else df.iloc[0].to_dict()

    def update(self, table_name: str, fid: int, changes: dict, geom=None, expected_version: Optional[int] = None,
               source: Optional[str] = None, action: str = "update") -> int:
        """Change one record; refuse a stale version; audit old → new. Returns the new version."""
        self._require_tx()
        table = self.tables[table_name]
        self._check_columns(table, changes)
        versioned = "BBH" in table.codes
        self._lock_row(table_name, fid)
        old = self.get(table_name, fid, geometry=geom is not None)
        if old is None:
            raise StoreError(f"{table_name} #{fid} does not exist")
        if versioned and expected_version is not None and int(old["BBH"]) != int(expected_version):
            raise StaleVersion(table_name, fid, int(expected_version), int(old["BBH"]), old)
        diff = {k: pair for k, pair in ((k, _change(old.get(k), v)) for k, v in changes.items()) if pair}
        new_geom_blob = None
        if geom is not None:
            a, b = geometry_digest(old.get(GEOM)), geometry_digest(geom)
            if a != b:
                diff[GEOM] = [a, b]
                new_geom_blob = self._encode_geoms(np.array([geom], dtype=object))[0]
        if not diff:
            return int(old.get("BBH", 0) or 0)
        sets, params = [], []
        for k in diff:
            if k == GEOM:
                sets.append(f"{GEOM} = {self.ph}")
                params.append(new_geom_blob)
            else:
                sets.append(f'"{k}" = {self.ph}')
                params.append(self._db_value(table, k, changes[k]))
        for k, v in (("XGSJ", now_text()), ("XGR", self.actor.username)):
            if k in table.codes and k not in changes:
                sets.append(f'"{k}" = {self.ph}')
                params.append(v)
        if versioned:
            sets.append('"BBH" = "BBH" + 1')
        where = f"fid = {self.ph}"
        params.append(fid)
        if versioned and expected_version is not None:
            where += f' AND "BBH" = {self.ph}'
            params.append(int(expected_version))
        changed = self._exec(f"UPDATE {table_name} SET {', '.join(sets)} WHERE {where}", params)
        if changed == 0 and versioned and expected_version is not None:
            # Somebody saved between our read and our write (a backend that reports row counts says so).
            now = self.get(table_name, fid) or {}
            raise StaleVersion(table_name, fid, int(expected_version), int(now.get("BBH", 0) or 0), now)
        if table_name in AUDITED:
            self.append_audit(table_name, fid, action, diff, source)
        return int(old.get("BBH", 0) or 0) + (1 if versioned else 0)

    # ---- many rows at once (issue 15) ------------------------------------------------------------
    _lock_rows_sql = ""   # appended to the read of update_many: a backend with concurrent writers locks them
    BULK_CHUNK = 5000

    def update_many(self, table_name: str, changes: dict[int, dict], source: Optional[str] = None,
                    action: str = "update", expected_versions: Optional[dict[int, int]] = None) -> list[int]:
        """``update`` of many rows in one set-based write: {fid: {field: value}}. The old values of all the
        rows are read in chunked queries, rows whose values would not change are skipped (no write, no
        record), the others are written in chunks, and each gets the record ``update`` would write
        ({field: [old, new]}), chained in the order given. Geometries are not changed here. Returns the
        fids written; a missing row or a stale version (``expected_versions``) undoes the whole write."""
        table = self.tables[table_name]
        fields = sorted({k for ch in changes.values() for k in ch})
        if GEOM in fields:
            raise StoreError("update_many does not change geometries (use update)")
        self._check_columns(table, fields)
        versioned = "BBH" in table.codes
        stamps = [k for k in ("XGSJ", "XGR") if k in table.codes]
        read = fields + (["BBH"] if versioned and "BBH" not in fields else [])
        with self.transaction():
            now, who = now_text(), self.actor.username
            fids = [int(f) for f in changes]
            news = list(changes.values())
            old: dict[int, tuple] = {}
            sql = (f"SELECT fid, {', '.join(chr(34) + c + chr(34) for c in read)} FROM {table_name} "
                   "WHERE fid IN ({marks})" + self._lock_rows_sql)
            for s in range(0, len(fids), self.BULK_CHUNK):
                for r in self._fetch_in(sql, fids[s:s + self.BULK_CHUNK]):
                    old[int(r[0])] = r[1:]
            for fid in fids:
                row = old.get(fid)
                if row is None:
                    raise StoreError(f"{table_name} #{fid} does not exist")
                if versioned and expected_versions is not None and fid in expected_versions:
                    have, want = int(row[read.index("BBH")] or 0), int(expected_versions[fid])
                    if have != want:
                        raise StaleVersion(table_name, fid, want, have, dict(zip(read, row)))
            # column by column: each row's [old, new] of the field as the audit records it, None where the
            # row does not set it or sets it to what it holds
            rows_old = [old[f] for f in fids]
            diffs = []
            for j, k in enumerate(fields):
                values = [ch.get(k, _ABSENT) for ch in news]
                # (_change's first test inline: most cells are text or integers as stored)
                diffs.append([None if v is _ABSENT or (a.__class__ is v.__class__ and a.__class__ in _EXACT
                                                         and a == v) else _change(a, v)
                              for a, v in zip([r[j] for r in rows_old], values)])
            # the rows grouped by what they write: (each field changed?, each stamp left to the store?)
            nf = len(fields)
            by_kind: dict[tuple, list[int]] = {}
            for i, kind in enumerate(zip(*([d is not None for d in col] for col in diffs),
                                         *([k not in ch for ch in news] for k in stamps))):
                by_kind.setdefault(kind, []).append(i)
            plain = type(self)._db_value is Workspace._db_value   # the values go in as given
            groups: dict[tuple, list[tuple]] = {}   # (changed columns, stamps) → the rows to write
            for kind, idx in by_kind.items():
                cols = tuple(k for k, changed in zip(fields, kind) if changed)
                if not cols:
                    continue
                own = tuple(k for k, unset in zip(stamps, kind[nf:]) if unset)
                tail = tuple(now if k == "XGSJ" else who for k in own)
                if plain:
                    rows = [(*(news[i][k] for k in cols), *tail, fids[i]) for i in idx]
                else:
                    rows = [(*(self._db_value(table, k, news[i][k]) for k in cols), *tail, fids[i]) for i in idx]
                groups[(cols, own)] = rows
            kept = [i for i, row in enumerate(zip(*diffs)) if any(row)]   # a change is a non-empty list
            written = [fids[i] for i in kept]
            for (cols, own), rows in groups.items():
                for s in range(0, len(rows), self.BULK_CHUNK):
                    self._update_rows(table, cols + own, versioned and "BBH" not in cols, rows[s:s + self.BULK_CHUNK])
            if table_name in AUDITED and written:
                changed = [[d[i] for i in kept] for d in diffs]
                if self.bulk_audit and bulk_records.applies(table_name, len(written)):
                    audit = bulk_records.update_columns(table_name, written, fields, changed, action)
                else:
                    audit = [(table_name, fid, action,
                              _canonical_text({k: d for k, d in zip(fields, row) if d is not None}))
                             for fid, row in zip(written, zip(*changed))]
                self.append_audit_many(audit, source)
        return written

    def _update_rows(self, table: Table, columns: tuple, bump: bool, rows: list[tuple]) -> None:
        """Set ``columns`` of each row (its values, then its fid, in ``rows``); ``bump``: add one to its BBH."""
        sets = [f'"{k}" = {self.ph}' for k in columns] + (['"BBH" = "BBH" + 1'] if bump else [])
        self._execmany(f"UPDATE {table.name} SET {', '.join(sets)} WHERE fid = {self.ph}", rows)

    def delete(self, table_name: str, fid: int, source: Optional[str] = None) -> None:
        self._require_tx()
        self._lock_row(table_name, fid)
        old = self.get(table_name, fid, geometry=self.tables[table_name].geometry is not None)
        if old is None:
            return
        self._exec(f"DELETE FROM {table_name} WHERE fid = {self.ph}", (fid,))
        if table_name in AUDITED:
            ch = {k: [compact(_plain(v)), None] for k, v in old.items() if k not in (FID, GEOM) and v is not None}
            if old.get(GEOM) is not None:
                ch[GEOM] = [geometry_digest(old[GEOM]), None]
            self.append_audit(table_name, fid, "delete", ch, source)

    def select(self, table_name: str, columns: Optional[Sequence[str]] = None, where: str = "",
               params: Sequence = (), geometry: bool = False, order_by: str = "fid") -> pd.DataFrame:
        table = self.tables[table_name]
        cols = list(columns) if columns else list(table.codes)
        self._check_columns(table, cols)
        sql_cols = ["fid"] + [f'"{c}"' for c in cols]
        if geometry and table.geometry:
            sql_cols.append(GEOM)
        sql = f"SELECT {', '.join(sql_cols)} FROM {table_name}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += f" ORDER BY {order_by}"
        rows = self._fetch(sql, params)
        names = [FID] + cols + ([GEOM] if geometry and table.geometry else [])
        df = pd.DataFrame.from_records(rows, columns=names)
        if geometry and table.geometry:
            df[GEOM] = self._decode_geoms(df[GEOM].tolist()) if len(df) else []
        return df

    def count(self, table_name: str, where: str = "", params: Sequence = ()) -> int:
        sql = f"SELECT COUNT(*) FROM {table_name}" + (f" WHERE {where}" if where else "")
        return int(self._fetch(sql, params)[0][0])

    def _fetch_in(self, sql: str, values: Sequence, size: int = 500) -> list[tuple]:
        """The rows of ``sql`` for every value of ``values``, ``size`` at a time: ``sql`` names the IN list's
        placeholders ``{marks}`` (e.g. ``... WHERE fid IN ({marks})``)."""
        values = list(values)
        rows: list[tuple] = []
        for s in range(0, len(values), size):
            part = values[s:s + size]
            rows += self._fetch(sql.format(marks=", ".join([self.ph] * len(part))), part)
        return rows

    # ---- domain queries used by importers and the dock -------------------------------------------
    def batches_like(self, checksum: str, code: str) -> list[dict]:
        """Batches imported from the same file (checksum) or under the same code."""
        df = self.select("wz_batch", ["PCBH", "LYSHA", "DRSJ"],
                         where=f'"LYSHA" = {self.ph} OR "PCBH" = {self.ph}', params=(checksum, code))
        return df.to_dict("records")

    def patches_by_key(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        """监测编号 → (fid of its earliest patch, batch code) for the keys already in the workspace."""
        found: dict[str, tuple[int, str]] = {}
        rows = self._fetch_in('SELECT p."JCBH", p.fid, b."PCBH" FROM wz_patch p JOIN wz_batch b '
                              'ON b.fid = p."PCID" WHERE p."JCBH" IN ({marks}) ORDER BY p.fid', keys)
        for k, fid, pcbh in rows:
            found.setdefault(k, (int(fid), pcbh))
        return found

    def batch_list(self) -> pd.DataFrame:
        return self.select("wz_batch", ["PCBH", "JB", "XFRQ", "GZND", "HCJZ", "TBS"], order_by='"XFRQ", fid')

    def patch_fids(self, batch_code: Optional[str] = None) -> list[int]:
        sql = "SELECT p.fid FROM wz_patch p"
        params: list = []
        if batch_code:
            sql += f' JOIN wz_batch b ON b.fid = p."PCID" WHERE b."PCBH" = {self.ph}'
            params.append(batch_code)
        return [int(r[0]) for r in self._fetch(sql + " ORDER BY p.fid", params)]

    def row_counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in self.tables}


SRID = WORKSPACE_SRID
