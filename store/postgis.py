"""The team workspace: one PostgreSQL schema with PostGIS, shared by several operators.

Same tables, migrations and audit chain as the GeoPackage (``store/gpkg.py``); the workspace lives in
a schema the user names (created when absent), so one database can hold several workspaces (a county's,
the city's). Layers in QGIS show the same tables live through the ``postgres`` provider.

Location strings (what ``open_workspace``/``create_workspace`` take and ``ws.location`` gives back):

- ``pg:service=wpzf;schema=daixian`` — libpq keywords separated by ``;`` (``host``, ``port``,
  ``dbname``, ``user``, ``service``, ``sslmode`` …) plus ``schema``;
- ``pg:connection=团队库;schema=daixian`` — a PostgreSQL connection of the QGIS browser, resolved
  (with its authentication configuration) by ``store/pgconnect.py`` when connecting, inside QGIS;
- ``pg:host=db.local;dbname=wpzf;authcfg=ab12cd3;schema=daixian`` — credentials from a QGIS auth config;
- ``postgresql://user@host:5432/wpzf?schema=daixian`` — a libpq URI.

WPZF never writes a password: one given in a location is kept in this process's memory only and
dropped from ``ws.location``; ``qgis_source`` names the ``authcfg`` or service instead. Values are
%-encoded in location strings (``;``, ``=``, quotes) and a keyword given twice is refused; connection
strings are written by libpq's quoting (``make_dsn``) or QgsDataSourceUri's setters, never by pasting
``k='v'``, so a value (a user name with quotes and spaces) cannot end itself and name another host.

Types, so that higher layers see exactly what the GeoPackage gives them: TEXT → text, INTEGER →
bigint, REAL → double precision, DATE → date (read back as 'YYYY-MM-DD' text), DATETIME → timestamptz
(read back as 'YYYY-MM-DDTHH:MM:SS.fffZ' UTC text, the form ``now_text`` writes), BOOLEAN → boolean
(read back as 1/0 like SQLite; 1/0/True/False written), geometries → geometry(MultiPolygon|Point, 4490)
with a GiST index. Two SQLite habits are kept as well: LIKE ignores ASCII case (sent as ILIKE) and
NULLs sort first in ascending order (ORDER BY items get NULLS FIRST / NULLS LAST for DESC). A unique
key over a nullable column (one fact record per patch or part) treats NULLs as equal (NULLS NOT
DISTINCT): PostgreSQL lets two sessions insert at once where SQLite never does.

Concurrency — several operators, one truth, no lost update:

- Every transaction runs at READ COMMITTED. ``update``/``delete`` first lock the row
  (``SELECT … FOR UPDATE``), then read it, so the stale-version check and the audited old values are
  those of the row as it is now; ``UPDATE … WHERE fid = … AND "BBH" = expected`` changing no row also
  raises ``StaleVersion`` (with the current row: its XGR and XGSJ say who saved and when). Two
  operators saving different patches touch different rows and never wait for each other's rows.
- New ids come from each table's identity sequence (never ``MAX(fid) + 1``), so concurrent inserts
  do not collide. A single-row insert that hits a unique key somebody else just filled (two operators
  entering the first facts of one patch) raises ``StaleVersion`` with that row, like an update would.
- The audit chain needs a total order. Records are buffered during the transaction and handed, just
  before COMMIT, to the database's ``wz_audit_append`` (store/pgroles.py), which takes the row lock of
  the chain head (``wz_meta`` keys audit_count/audit_head, ``FOR UPDATE``), stamps, hashes, appends
  and moves the head in one call. So the only serialized part of a save is the append and the commit
  itself (milliseconds), not the operator's work or the row changes; the chain order is the commit
  order; the record time is the server's clock at append (one clock, monotonic along the chain, not
  the workstations' clocks). A row lock rather than an advisory lock because every writer of the chain
  has to update that row, so nobody can append around the lock; it is released by COMMIT/ROLLBACK and
  by the server when a client dies.
- A waiting save gives up after ``lock_timeout`` (30 s). A client that dies closes its socket and the
  server rolls back at once; one that vanishes from the network is dropped by TCP keepalives, and a
  session holding the chain head idle for 15 s is ended (``SET LOCAL idle_in_transaction_session_timeout``
  once the head is locked — only COMMIT should follow; 10 min otherwise, so long work inside a
  transaction is fine). A lock timeout or deadlock becomes ``Busy`` ("try again"), a refused privilege
  ``PermissionDenied``: both are ``StoreError``.
- ``wz_audit`` is append-only in the database: a trigger refuses UPDATE, DELETE and TRUNCATE for
  everybody, and each inserted record must link to the one before it (SEQ − 1, PREVHASH).

Roles and what the database enforces (store/pgroles.py; ``setup_roles``/``grant``, run once by an
administrator; see docs/postgis.md): NOLOGIN group roles ``wpzf_operator`` (patches, facts,
determinations, photos, cases), ``wpzf_reviewer`` (samples: the rows drawn, verdicts, video notes),
``wpzf_supervisor`` (member of both, plus rosters and the other tables). ``wz_audit`` and ``wz_meta``
are the owner's: members append to the chain only through ``wz_audit_append`` and write only
``setting:…`` keys of wz_meta. The audit names the login of the session (``session_user``), whatever
the client says; only the workspace owner's sessions may name someone else (``WPZF_USER`` or an
explicit ``Actor``: scripts, a single user) — the owner owns the tables and their triggers anyway. The
guards are installed when the workspace is made and re-installed by its owner's first open after a
WPZF update (``PostgisWorkspace.migrate``); members of a workspace whose guards are older are refused
until then.

Attachments (photos): files are not in the database. A team workspace keeps the folder that WJLJ paths
are relative to in ``wz_meta`` key ``attachments`` (a shared folder every workstation reaches under
the same path); ``files_location`` gives a path-like anchor inside it for code written for a
GeoPackage file (``<folder>/<schema>``: parent = the folder, stem = the schema).
"""
from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Optional

import numpy as np
import shapely

from ..core.audit import canonical
from .errors import NotAWorkspace, StaleVersion, StoreError
from .identity import Actor
from .pgdialect import READ_TYPES, _params, _plain_param, _to_db, pg_sql
from .pglocation import PgLocation
from .pgroles import (
    audit_guard_sql,
    grant,
    guards_current,
    install_guards,
    meta_guard_sql,
    roles_exist,
    who_changes,
)
from .pgroles import quote_ident as _q
from .schema import WORKSPACE_SRID, Table
from .workspace import GEOM, Workspace

try:
    import psycopg2
    import psycopg2.errors
    import psycopg2.extensions
    import psycopg2.extras
except ImportError:  # pragma: no cover - psycopg2 ships with QGIS and python3-qgis
    psycopg2 = None

ATTACHMENTS_KEY = "attachments"
LOCK_TIMEOUT = "30s"
IDLE_IN_TX_TIMEOUT = "10min"   # a transaction forgotten open (long work inside one is fine)
HEAD_IDLE_TIMEOUT = "15s"      # once the chain head is locked only COMMIT follows: a client silent longer is gone

_PG_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision", "DATE": "date",
             "DATETIME": "timestamptz", "BOOLEAN": "boolean"}
_GEOM_TYPES = {"MULTIPOLYGON": "MultiPolygon", "POINT": "Point", "POLYGON": "Polygon", "LINESTRING": "LineString",
               "MULTIPOINT": "MultiPoint", "MULTILINESTRING": "MultiLineString"}


class PermissionDenied(StoreError):
    """The database refused: the operator's role may not make this change."""


class Busy(StoreError):
    """Another save held the record too long (lock timeout) or the two saves crossed (deadlock): retry."""


# ---- the workspace ----------------------------------------------------------------------------------

class PostgisWorkspace(Workspace):
    kind = "postgis"
    bulk_audit = True   # a chunk of rows a record (core/audit_bulk.py): wz_audit_append logs create_many as a create
    text_order = ' COLLATE "C"'  # byte order, as the audit check merges keys
    ph = "%s"
    _column_types = _PG_TYPES

    def __init__(self, location, actor: Optional[Actor] = None, create: bool = False, conninfo: Optional[str] = None):
        if psycopg2 is None:
            raise StoreError("psycopg2 is not installed: apt install python3-psycopg2 (it comes with QGIS)")
        self.loc = location if isinstance(location, PgLocation) else PgLocation.parse(location)
        self.schema = self.loc.schema
        self.location = self.loc.text()
        self._pending: list[tuple] = []
        self._seqs: dict[str, str] = {}
        self.conn = None
        try:
            self.conn = psycopg2.connect(conninfo or self.loc.conninfo(), application_name="WPZF",
                                         keepalives=1, keepalives_idle=30, keepalives_interval=10,
                                         keepalives_count=3, connect_timeout=15)
        except psycopg2.Error as e:
            raise StoreError(f"{self.location}: cannot connect: {_first_line(e)}") from None
        self.conn.autocommit = True
        for t in READ_TYPES:
            psycopg2.extensions.register_type(t, self.conn)
        self.cur = self.conn.cursor()
        self.cur.execute("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; "
                         f"SET lock_timeout = '{LOCK_TIMEOUT}'; "
                         f"SET idle_in_transaction_session_timeout = '{IDLE_IN_TX_TIMEOUT}'; "
                         "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3")
        self.cur.execute("SELECT session_user, current_database(), "
                         "(SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                         "WHERE e.extname = 'postgis'), "
                         "EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s), "
                         "(SELECT pg_has_role(session_user, c.relowner, 'MEMBER') FROM pg_class c "
                         "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = 'wz_audit')",
                         (self.schema, self.schema))
        self.db_user, self.database, postgis_schema, schema_exists, owner = self.cur.fetchone()
        # The owner (or whoever creates the workspace) may name the actor; the database records every other
        # login as itself whatever the client says (wz_audit_append), so the stamps here say the same.
        self.is_owner = owner is None or bool(owner)   # booleans come back as 1/0 (SQLite habit)
        if not self.is_owner:
            actor = Actor(self.db_user, actor.host if actor else socket.gethostname())
        elif actor is None:
            actor = Actor(os.environ.get("WPZF_USER") or self.db_user, socket.gethostname())
        self._created_schema = False
        super().__init__(actor)
        try:
            if create:
                if schema_exists and self._table_exists("wz_meta"):
                    raise StoreError(f"{self.location}: schema {self.schema} holds a workspace already; open it "
                                     "instead of creating")
                if postgis_schema is None:
                    try:
                        self.cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                    except psycopg2.Error as e:
                        raise StoreError(f"{self.location}: PostGIS is not installed in database {self.database} "
                                         f"and {self.db_user} may not install it ({_first_line(e)}); ask the "
                                         "administrator to run CREATE EXTENSION postgis") from None
                    self.cur.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                                     "ON n.oid = e.extnamespace WHERE e.extname = 'postgis'")
                    postgis_schema = self.cur.fetchone()[0]
                if not schema_exists:
                    try:
                        self.cur.execute(f"CREATE SCHEMA {_q(self.schema)}")
                        self._created_schema = True
                    except psycopg2.Error as e:
                        raise PermissionDenied(f"{self.location}: cannot create schema {self.schema}: "
                                               f"{_first_line(e)}") from None
            elif not schema_exists:
                raise NotAWorkspace(f"{self.location}: no schema {self.schema} in database {self.database}")
            if postgis_schema is None:
                raise NotAWorkspace(f"{self.location}: PostGIS is not installed in database {self.database}")
            path = [self.schema] + ([postgis_schema] if postgis_schema != self.schema else [])
            self.cur.execute(f"SET search_path TO {', '.join(_q(p) for p in path)}, pg_catalog")
            self.postgis_schema = postgis_schema
        except BaseException:
            self.close()
            raise

    # ---- primitives -----------------------------------------------------------------------------
    def _run(self, sql: str, params=None):
        try:
            self.cur.execute(pg_sql(sql), _params(params))
        except psycopg2.Error as e:
            raise self._translate(e) from None
        return self.cur

    def _translate(self, e) -> StoreError:
        code = getattr(e, "pgcode", None) or ""
        msg = _first_line(e)
        if code == "42501":
            m = re.search(r"permission denied for (?:table|relation) (\w+)", msg)
            who = who_changes(m.group(1)) if m else ""
            return PermissionDenied(f"{self.actor.username} ({self.db_user}): not allowed — {msg}"
                                    + (f" ({m.group(1)}: {who})" if who else ""))
        if code in ("55P03", "40P01", "40001"):
            return Busy(f"the record is being saved by someone else; try again ({msg})")
        if isinstance(e, psycopg2.OperationalError) or isinstance(e, psycopg2.InterfaceError):
            return StoreError(f"{self.location}: connection problem: {msg}")
        return StoreError(msg)

    def _begin(self):
        self._pending = []
        self._run("BEGIN")

    def _commit(self):
        try:
            self._flush_audit()
            self._run("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self):
        self._pending = []
        try:
            if self.conn is not None and not self.conn.closed:
                self.cur.execute("ROLLBACK")
        except psycopg2.Error:
            pass

    def _exec(self, sql: str, params: Sequence = ()) -> Optional[int]:
        return self._run(sql, params).rowcount

    def _ddl(self, sql: str) -> None:
        """A statement sent as written (function bodies must not meet pg_sql's LIKE/ORDER BY rewriting)."""
        try:
            self.cur.execute(sql)
        except psycopg2.Error as e:
            raise self._translate(e) from None

    def _execmany(self, sql: str, rows: Iterable[Sequence]):
        rows = [tuple(_plain_param(v) for v in r) for r in rows]
        if not rows:
            return
        m = re.match(r"^(INSERT INTO .*\bVALUES\s*)(\((?:%s,\s*)*%s\))\s*$", sql, re.S)
        try:
            if m:
                psycopg2.extras.execute_values(self.cur, m.group(1) + "%s", rows, template=m.group(2), page_size=1000)
            else:
                psycopg2.extras.execute_batch(self.cur, pg_sql(sql), rows, page_size=500)
        except psycopg2.Error as e:
            raise self._translate(e) from None

    def _fetch(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._run(sql, params).fetchall()

    def _table_exists(self, name: str) -> bool:
        self.cur.execute("SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s", (self.schema, name))
        return self.cur.fetchone() is not None

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except psycopg2.Error:
                pass

    @property
    def server_version(self) -> int:
        return self.conn.server_version

    # ---- ids, locks, values ---------------------------------------------------------------------------
    def _sequence(self, table: str) -> str:
        if table not in self._seqs:
            self._seqs[table] = self._fetch("SELECT pg_get_serial_sequence(%s, 'fid')",
                                            (f"{_q(self.schema)}.{_q(table)}",))[0][0]
        return self._seqs[table]

    def _next_fid(self, table: str) -> int:
        return self._allocate_fids(table, 1)[0]

    def _allocate_fids(self, table: str, n: int) -> list[int]:
        seq = self._sequence(table)
        return [int(r[0]) for r in self._fetch("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (seq, n))]

    def reset_sequences(self) -> None:
        """After rows came in with explicit ids (a transfer): continue every sequence after the largest id."""
        self._require_tx()
        for name in self.tables:
            if self._table_exists(name):
                self._exec(f"SELECT setval(%s::regclass, GREATEST((SELECT COALESCE(MAX(fid), 0) FROM {name}), 1), "
                           f"(SELECT COUNT(*) > 0 FROM {name}))", (self._sequence(name),))

    def _lock_row(self, table: str, fid: int) -> None:
        self._exec(f"SELECT 1 FROM {table} WHERE fid = %s FOR UPDATE", (fid,))

    _lock_rows_sql = " FOR UPDATE"   # update_many holds the rows it read until the transaction ends

    def _update_rows(self, table: Table, columns: tuple, bump: bool, rows: list[tuple]) -> None:
        """One UPDATE … FROM (VALUES …) a page of rows instead of a statement a row (a determination of 100k
        patches: the server plans and runs 100 statements, not 100k); the values typed as their columns."""
        sets = [f'"{k}" = v."{k}"' for k in columns] + (['"BBH" = t."BBH" + 1'] if bump else [])
        casts = [f"%s::{_PG_TYPES.get(table.field(k).type, 'text')}" for k in columns] + ["%s::bigint"]
        names = ", ".join(f'"{k}"' for k in columns)
        sql = (f"UPDATE {table.name} AS t SET {', '.join(sets)} FROM (VALUES %s) AS v({names}, fid) "
               "WHERE t.fid = v.fid")
        try:
            psycopg2.extras.execute_values(self.cur, sql, [tuple(_plain_param(x) for x in r) for r in rows],
                                           template=f"({', '.join(casts)})", page_size=1000)
        except psycopg2.Error as e:
            raise self._translate(e) from None

    def _db_value(self, table: Table, code: str, value):
        try:
            kind = table.field(code).type
        except KeyError:
            return value
        return _to_db(kind, value)

    def _encode_geoms(self, geoms) -> list:
        geoms = np.asarray(geoms, dtype=object).copy()
        poly = np.array([g is not None and g.geom_type == "Polygon" for g in geoms], dtype=bool)
        if poly.any():
            geoms[poly] = [shapely.MultiPolygon([g]) for g in geoms[poly]]
        geoms = shapely.set_srid(geoms, WORKSPACE_SRID)
        out = shapely.to_wkb(geoms, hex=True, include_srid=True, byte_order=1, output_dimension=2)
        return [None if g is None else w for g, w in zip(geoms, out)]

    def _decode_geoms(self, values) -> np.ndarray:
        geoms = shapely.from_wkb(np.array(list(values), dtype=object))
        return shapely.set_srid(geoms, 0)

    # ---- DDL -------------------------------------------------------------------------------------------
    def _create_index(self, table: str, columns) -> None:
        self._exec(f"CREATE INDEX IF NOT EXISTS idx_{table}_{'_'.join(columns).lower()} ON {table} "
                   f"({', '.join(_q(x) for x in columns)})")

    def _create_table(self, table: Table):
        cols = ["fid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"]
        if table.geometry:
            cols.append(f"{GEOM} geometry({_GEOM_TYPES[table.geometry.upper()]}, {WORKSPACE_SRID})")
        cols += [self._column_sql(f) for f in table.fields]
        nullable = {f.code for f in table.fields if not f.not_null}
        for u in table.unique:
            nd = " NULLS NOT DISTINCT" if nullable & set(u) and self.server_version >= 150000 else ""
            cols.append(f"UNIQUE{nd} ({', '.join(_q(c) for c in u)})")
        self._exec(f"CREATE TABLE {table.name} ({', '.join(cols)})")
        for u in table.unique:
            if nullable & set(u) and self.server_version < 150000:
                exprs = ", ".join(f"COALESCE({_q(c)}, -1)" if c in nullable else _q(c) for c in u)
                self._exec(f"CREATE UNIQUE INDEX uq_{table.name}_{'_'.join(u).lower()} ON {table.name} ({exprs})")
        for idx in table.indexes:
            self._create_index(table.name, idx)
        if table.geometry:
            self._exec(f"CREATE INDEX sidx_{table.name}_{GEOM} ON {table.name} USING GIST ({GEOM})")
        self._exec(f"COMMENT ON TABLE {table.name} IS %s", (table.alias,))
        for f in table.fields:
            self._exec(f"COMMENT ON COLUMN {table.name}.{_q(f.code)} IS %s", (f.alias,))
        guards = {"wz_audit": audit_guard_sql, "wz_meta": meta_guard_sql}.get(table.name)
        for sql in guards(self.schema) if guards else ():
            self._ddl(sql)
        self._seqs.pop(table.name, None)

    def _add_field(self, table: Table, f):
        self._exec(f"ALTER TABLE {table.name} ADD COLUMN {self._column_sql(f)}")
        self._exec(f"COMMENT ON COLUMN {table.name}.{_q(f.code)} IS %s", (f.alias,))

    def migrate(self) -> list[int]:
        """Apply pending migrations under a session lock (two operators opening a workspace at once never
        both migrate it); grants follow new tables when the team roles are set up."""
        self._exec("SELECT pg_advisory_lock(hashtext(%s))", (f"wpzf-migrate:{self.schema}",))
        try:
            applied = super().migrate()
            secured = self._secure()
        except PermissionDenied as e:
            raise PermissionDenied(f"{self.location}: the workspace needs a schema update that only its owner or "
                                   f"an administrator can apply (open it once as such): {e}") from None
        except BaseException:
            if self._created_schema:   # a failed creation leaves no half-made schema behind
                self._rollback()
                self.cur.execute(f"DROP SCHEMA IF EXISTS {_q(self.schema)} CASCADE")
                self._created_schema = False
            raise
        finally:
            if not self.conn.closed:
                self._exec("SELECT pg_advisory_unlock(hashtext(%s))", (f"wpzf-migrate:{self.schema}",))
        if (applied or secured) and roles_exist(self):
            grant(self)
        return applied

    def _secure(self) -> bool:
        """Bring the database-side guards (store/pgroles.py) up to this version: a workspace made by an older
        WPZF gets them when its owner first opens it. True when they were (re)installed."""
        if guards_current(self):
            return False
        if not self.is_owner:
            raise PermissionDenied(f"{self.db_user} is not the owner of {self.schema}, and its audit protection "
                                   "is older than this WPZF")
        with self.transaction():
            install_guards(self)
        return True

    # ---- rows -----------------------------------------------------------------------------------------
    def _bulk_insert(self, table: Table, columns: list[str], values: list[list], fids: list[int],
                     wkb=None, bounds=None):
        rows = list(zip(*values)) if values else [()] * len(fids)
        kinds = [table.field(c).type if c in table.codes else "TEXT" for c in columns]
        convert = [i for i, k in enumerate(kinds) if k in ("BOOLEAN", "DATE", "DATETIME")]
        names = ["fid"] + [_q(c) for c in columns]
        marks = ["%s"] * (len(columns) + 1)
        if wkb is not None:
            names.append(GEOM)
            marks.append(f"ST_Multi(ST_GeomFromWKB(%s, {WORKSPACE_SRID}))"
                         if table.geometry and table.geometry.upper().startswith("MULTI")
                         else f"ST_GeomFromWKB(%s, {WORKSPACE_SRID})")

        def row_values(fid, r, w=None):
            r = [_plain_param(v) for v in r]
            for i in convert:
                r[i] = _to_db(kinds[i], r[i])
            out = (fid, *r)
            return out + ((None if w is None else psycopg2.Binary(w)),) if wkb is not None else out

        data = [row_values(fid, r, w) for fid, r, w in zip(fids, rows, wkb)] if wkb is not None else \
            [row_values(fid, r) for fid, r in zip(fids, rows)]
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES %s"
        self.cur.execute("SAVEPOINT wz_insert")
        try:
            psycopg2.extras.execute_values(self.cur, sql, data, template=f"({', '.join(marks)})", page_size=1000)
        except psycopg2.Error as e:
            self.cur.execute("ROLLBACK TO SAVEPOINT wz_insert")
            if isinstance(e, psycopg2.errors.UniqueViolation) and len(rows) == 1 and "BBH" in table.codes:
                theirs = self._row_by_unique(table, dict(zip(columns, rows[0])))
                if theirs is not None:
                    raise StaleVersion(table.name, int(theirs["fid"]), 0, int(theirs.get("BBH") or 0),
                                       theirs) from None
            if isinstance(e, psycopg2.IntegrityError):
                raise StoreError(f"{table.name}: {_first_line(e)}") from None
            raise self._translate(e) from None
        self.cur.execute("RELEASE SAVEPOINT wz_insert")

    def _row_by_unique(self, table: Table, values: dict) -> Optional[dict]:
        for u in table.unique:
            where = " AND ".join(f"{_q(c)} IS NOT DISTINCT FROM %s" for c in u)
            rows = self._fetch(f"SELECT fid FROM {table.name} WHERE {where}",
                               tuple(_to_db(table.field(c).type, values.get(c)) for c in u))
            if rows:
                return self.get(table.name, int(rows[0][0]))
        return None

    # ---- the audit chain --------------------------------------------------------------------------------
    def append_audit_many(self, items, source: Optional[str] = None):
        """Buffered until COMMIT (see the module docstring): the chain head is locked only then."""
        self._require_tx()
        for table, row_key, action, changes in items:
            text = changes if isinstance(changes, str) else canonical(changes)
            self._pending.append((table, str(row_key), action, text, source))

    def _flush_audit(self) -> None:
        """Chain the buffered records: the database appends them (``wz_audit_append`` locks the head, stamps
        the time and the login, hashes, moves the head) — one round trip, then the COMMIT that follows, so
        the lock is held for milliseconds."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        tables, keys, actions, texts, sources = (list(c) for c in zip(*pending))
        self._exec(f"SET LOCAL idle_in_transaction_session_timeout = '{HEAD_IDLE_TIMEOUT}'")
        self._fetch(f"SELECT {_q(self.schema)}.wz_audit_append(%s::text[], %s::text[], %s::text[], %s::text[], "
                    "%s::text[], %s, %s)", (tables, keys, actions, texts, sources, self.actor.host,
                                            self.actor.username))

    def _audit_head(self) -> tuple[int, str]:
        if self._tx_depth:
            self._flush_audit()
        return super()._audit_head()

    def audit_records(self, table: Optional[str] = None, row_key: Any = None) -> list[dict]:
        if self._tx_depth:
            self._flush_audit()
        return super().audit_records(table, row_key)

    # ---- QGIS, files ----------------------------------------------------------------------------------
    def qgis_source(self, table: str) -> tuple[str, str]:
        """A 'postgres' provider URI of ``table`` (authcfg or service for the credentials, never a password)."""
        return qgis_uri(self.connection_items(), self.schema, table, self.tables[table].geometry), "postgres"

    def connection_items(self) -> list[tuple[str, str]]:
        """(key, value) of the connection as QGIS writes it: dbname, service or host/port, user, sslmode, authcfg."""
        if self.loc.connection:
            try:
                from . import pgconnect
                return pgconnect.connection_items(self.loc)
            except ImportError:
                pass
        given = dict(self.loc.params)
        eff = self.conn.get_dsn_parameters()
        items = [("dbname", given.get("dbname") or eff.get("dbname", ""))]
        if given.get("service"):
            items.append(("service", given["service"]))
        else:
            items += [("host", eff.get("host", "")), ("port", eff.get("port", ""))]
        user = given.get("user") or (eff.get("user") if not given.get("service") else "")
        if user:
            items.append(("user", user))
        if given.get("sslmode") and given["sslmode"] != "prefer":
            items.append(("sslmode", given["sslmode"]))
        if self.loc.authcfg:
            items.append(("authcfg", self.loc.authcfg))
        return [(k, v) for k, v in items if v]

    @property
    def attachments_folder(self) -> Optional[str]:
        return self.meta_get(ATTACHMENTS_KEY)

    def set_attachments_folder(self, folder: str) -> None:
        with self.transaction():
            self.meta_set(ATTACHMENTS_KEY, str(folder))

    @property
    def files_location(self) -> Optional[str]:
        """A path whose parent is the attachment folder and whose stem is the schema (None: no folder set)."""
        folder = self.attachments_folder
        return None if not folder else str(Path(folder) / self.schema)


def _first_line(e) -> str:
    text = getattr(e, "pgerror", None) or str(e)
    lines = [x for x in str(text).strip().splitlines() if x.strip()]
    first = lines[0] if lines else type(e).__name__
    return first.replace("ERROR:  ", "").strip()


def qgis_uri(items: list[tuple[str, str]], schema: str, table: str, geometry: Optional[str]) -> str:
    """The URI as QgsDataSourceUri.uri() writes it (so QGIS recognises a layer it already has)."""
    def quoted(v):
        return "'" + str(v).replace("\\", "\\\\").replace("'", "\\'") + "'"

    parts = []
    for k, v in items:
        plain = k not in ("dbname", "service", "user") and re.fullmatch(r"[\w.:/,-]+", str(v))
        parts.append(f"{k}={v}" if plain else f"{k}={quoted(v)}")   # anything else quoted, as a value
    parts.append("key='fid'")
    if geometry:
        parts.append(f"srid={WORKSPACE_SRID}")
        parts.append(f"type={_GEOM_TYPES[geometry.upper()]}")
    parts.append("checkPrimaryKeyUnicity='0'")
    parts.append(f"table={_q(schema)}.{_q(table)}" + (f" ({GEOM})" if geometry else ""))
    return " ".join(parts)


# ---- schemas (the roles are in store/pgroles.py) -------------------------------------------------------

def list_workspaces(conninfo: str) -> list[tuple[str, int]]:
    """(schema, schema version) of the WPZF workspaces in a database."""
    con = psycopg2.connect(conninfo, connect_timeout=15)
    try:
        cur = con.cursor()
        cur.execute("SELECT table_schema FROM information_schema.tables WHERE table_name = 'wz_meta' "
                    "ORDER BY table_schema")
        out = []
        for (schema,) in cur.fetchall():
            try:
                cur.execute(f'SELECT "VALUE" FROM {_q(schema)}.wz_meta WHERE "KEY" = %s', ("schema_version",))
                row = cur.fetchone()
            except psycopg2.Error:
                con.rollback()
                continue
            if row and str(row[0]).isdigit():
                out.append((schema, int(row[0])))
        return out
    finally:
        con.close()
