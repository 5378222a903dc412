"""The default workspace: one GeoPackage file, written with Python's sqlite3.

The file is a standard GeoPackage 1.3 (features with R-tree index, field aliases in
gpkg_data_columns) so QGIS and GDAL open its layers live. Writing through sqlite3 rather than OGR
keeps bulk imports fast and lets one transaction span data and audit.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import numpy as np

from . import gpkg_geom, gpkg_rtree
from .errors import NotAWorkspace, StoreError
from .faults import StoreFault, from_sqlite
from .identity import Actor
from .schema import WORKSPACE_SRID, Table
from .workspace import GEOM, Workspace

APPLICATION_ID = 0x47504B47  # 'GPKG'
USER_VERSION = 10300         # GeoPackage 1.3.0

CGCS2000_WKT = (
    'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,'
    '298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","4490"]]'
)
WGS84_WKT = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
             'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]')

_SQL_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL", "DATE": "DATE", "DATETIME": "DATETIME",
              "BOOLEAN": "BOOLEAN"}

_CORE_DDL = [
    """CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
       organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
       description TEXT)""",
    """CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
       identifier TEXT UNIQUE, description TEXT DEFAULT '',
       last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
       min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
       CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
       geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
       CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name))""",
    """CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
       definition TEXT NOT NULL, scope TEXT NOT NULL,
       CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
    """CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT,
       title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT,
       CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))""",
    """CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL,
       value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN,
       description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))""",
    """INSERT INTO gpkg_spatial_ref_sys VALUES
       ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
       ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')""",
]


def _rtree_triggers(t: str, c: str = GEOM, i: str = "fid") -> list[str]:
    r = f"rtree_{t}_{c}"
    vals = f"NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})"
    return [
        f"""CREATE TRIGGER {r}_insert AFTER INSERT ON {t} WHEN (NEW.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN INSERT OR REPLACE INTO {r} VALUES ({vals}); END""",
        f"""CREATE TRIGGER {r}_update1 AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND
            (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN INSERT OR REPLACE INTO {r} VALUES ({vals}); END""",
        f"""CREATE TRIGGER {r}_update2 AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND
            (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
            BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END""",
        f"""CREATE TRIGGER {r}_update3 AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND
            (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN DELETE FROM {r} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {r} VALUES ({vals}); END""",
        f"""CREATE TRIGGER {r}_update4 AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND
            (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
            BEGIN DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i}); END""",
        f"""CREATE TRIGGER {r}_delete AFTER DELETE ON {t} WHEN OLD.{c} NOT NULL
            BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END""",
    ]


class GeoPackageWorkspace(Workspace):
    kind = "gpkg"
    bulk_audit = True
    _column_types = _SQL_TYPES

    def __init__(self, path: str | os.PathLike, actor: Optional[Actor] = None, create: bool = False):
        super().__init__(actor)
        self.path = Path(path)
        self.location = str(self.path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise NotAWorkspace(f"{self.path}: no such workspace file")
        if exists:
            with open(self.path, "rb") as fh:
                head = fh.read(16)
            if head != b"SQLite format 3\x00":
                raise NotAWorkspace(f"{self.path}: not a GeoPackage/SQLite file")
        self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30.0)
        self.conn.execute("PRAGMA busy_timeout = 30000")
        # A bulk write (import, determine all, overlay) touches many index pages in one transaction: with
        # SQLite's 2 MB default they spill to the file mid-transaction. Memory only; nothing on disk changes.
        try:
            self.conn.execute("PRAGMA cache_size = -65536")
        except sqlite3.DatabaseError:   # a damaged file: the first real read below says so, in words
            pass
        gpkg_geom.register_sql_functions(self.conn)
        if not exists:
            self._init_geopackage()
        elif not self._table_exists("gpkg_contents"):
            self.conn.close()
            raise NotAWorkspace(f"{self.path}: an SQLite file but not a GeoPackage")

    # -- primitives: SQLite's operational faults leave as StoreFault (file, what to do) --
    @contextmanager
    def _faults(self):
        try:
            yield
        except sqlite3.IntegrityError:  # a constraint: the caller's to explain
            raise
        except sqlite3.DatabaseError as e:  # full, read-only, locked, damaged …
            raise from_sqlite(e, self.location) from e

    def _begin(self):
        with self._faults():
            self.conn.execute("BEGIN IMMEDIATE")

    def _commit(self):
        try:
            with self._faults():
                self.conn.execute("COMMIT")
        except StoreFault:
            self._rollback()
            raise

    def _rollback(self):
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite rolls back itself when it cannot; the journal restores the file
            pass

    def _exec(self, sql: str, params: Sequence = ()):
        with self._faults():
            self.conn.execute(sql, tuple(params))

    def _execmany(self, sql: str, rows: Iterable[Sequence]):
        with self._faults():
            self.conn.executemany(sql, rows)

    def _fetch(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._faults():
            return self.conn.execute(sql, tuple(params)).fetchall()

    def _stream(self, sql: str, params: Sequence = ()):
        with self._faults():
            cur = self.conn.execute(sql, tuple(params))
            while True:
                rows = cur.fetchmany(2000)
                if not rows:
                    return
                yield from rows

    def _table_exists(self, name: str) -> bool:
        return bool(self._fetch("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)))

    def _encode_geoms(self, geoms):
        return gpkg_geom.encode(geoms, WORKSPACE_SRID)

    def _decode_geoms(self, values):
        return gpkg_geom.decode(values)

    def close(self):
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def qgis_source(self, table: str) -> tuple[str, str]:
        """(data source URI, provider key) for a QgsVectorLayer showing ``table`` live."""
        return f"{self.path}|layername={table}", "ogr"

    # -- GeoPackage structure --
    def _init_geopackage(self):
        with self.transaction():
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {USER_VERSION}")
            for ddl in _CORE_DDL:
                self.conn.execute(ddl)
            self.conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)",
                              ("WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT, "longitude/latitude WGS 84"))
            self.conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)",
                              ("China Geodetic Coordinate System 2000", WORKSPACE_SRID, "EPSG", WORKSPACE_SRID,
                               CGCS2000_WKT, "CGCS2000 geographic"))
            self.conn.execute("INSERT INTO gpkg_extensions VALUES (?,?,?,?,?)",
                              ("gpkg_data_columns", None, "gpkg_schema",
                               "http://www.geopackage.org/spec/#extension_schema", "read-write"))
            self.conn.execute("INSERT INTO gpkg_extensions VALUES (?,?,?,?,?)",
                              ("gpkg_data_column_constraints", None, "gpkg_schema",
                               "http://www.geopackage.org/spec/#extension_schema", "read-write"))

    def _create_index(self, table: str, columns) -> None:
        self.conn.execute(f"CREATE INDEX IF NOT EXISTS idx_{table}_{'_'.join(columns).lower()} ON {table} "
                          f"({', '.join(chr(34) + x + chr(34) for x in columns)})")

    def _create_table(self, table: Table):
        cols = ["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"]
        if table.geometry:
            cols.append(f"{GEOM} {table.geometry}")
        cols += [self._column_sql(f) for f in table.fields]
        for u in table.unique:
            cols.append(f"UNIQUE ({', '.join(chr(34) + c + chr(34) for c in u)})")
        c = self.conn
        c.execute(f"CREATE TABLE {table.name} ({', '.join(cols)})")
        for idx in table.indexes:
            self._create_index(table.name, idx)
        c.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
                  "VALUES (?,?,?,?,?)",
                  (table.name, "features" if table.geometry else "attributes", table.name, table.alias,
                   WORKSPACE_SRID if table.geometry else None))
        if table.geometry:
            c.execute("INSERT INTO gpkg_geometry_columns VALUES (?,?,?,?,0,0)",
                      (table.name, GEOM, table.geometry, WORKSPACE_SRID))
            c.execute(f"CREATE VIRTUAL TABLE rtree_{table.name}_{GEOM} USING rtree(id, minx, maxx, miny, maxy)")
            c.execute("INSERT INTO gpkg_extensions VALUES (?,?,?,?,?)",
                      (table.name, GEOM, "gpkg_rtree_index",
                       "http://www.geopackage.org/spec120/#extension_rtree", "write-only"))
            for trig in _rtree_triggers(table.name):
                c.execute(trig)
        for f in table.fields:
            self._alias(table.name, f)

    def _alias(self, table_name: str, f):
        self.conn.execute("INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title) "
                          "VALUES (?,?,?,?)", (table_name, f.code, f.alias, f.alias))

    def _add_field(self, table: Table, f):
        with self._faults():
            self.conn.execute(f"ALTER TABLE {table.name} ADD COLUMN {self._column_sql(f)}")
            self._alias(table.name, f)

    def _bulk_insert(self, table: Table, columns: list[str], values: list[list], fids: list[int],
                     wkb=None, bounds=None):
        with self._faults():
            self._bulk_insert_rows(table, columns, values, fids, wkb, bounds)

    def _bulk_insert_rows(self, table: Table, columns: list[str], values: list[list], fids: list[int], wkb, bounds):
        cols = list(columns) + ([GEOM] if wkb is not None else [])
        names = ["fid"] + [GEOM if c == GEOM else f'"{c}"' for c in cols]
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(['?'] * len(names))})"
        if wkb is None:
            data = zip(fids, *values)
        else:
            data = zip(fids, *values, gpkg_geom.encode_wkb(wkb, bounds, WORKSPACE_SRID))
        bulk_rtree = wkb is not None and len(fids) > 50
        trigger = f"rtree_{table.name}_{GEOM}_insert"
        try:
            if bulk_rtree:
                # Inside this transaction: fill the R-tree in one pass instead of per-row trigger calls.
                self.conn.execute(f"DROP TRIGGER {trigger}")
            self.conn.executemany(sql, data)
            if bulk_rtree:
                rtree = f"rtree_{table.name}_{GEOM}"
                (held,), = self.conn.execute(f"SELECT COUNT(*) FROM {rtree}_rowid").fetchall()
                if gpkg_rtree.worth_packing(len(fids), held):   # the whole tree packed in one pass
                    gpkg_rtree.rebuild(self.conn, rtree, np.asarray(fids), bounds)
                else:
                    ok = ~np.isnan(bounds[:, 0])
                    self.conn.executemany(
                        f"INSERT INTO {rtree} VALUES (?,?,?,?,?)",
                        zip(np.asarray(fids)[ok].tolist(), bounds[ok, 0].tolist(), bounds[ok, 2].tolist(),
                            bounds[ok, 1].tolist(), bounds[ok, 3].tolist()))
                self.conn.execute(_rtree_triggers(table.name)[0])
        except sqlite3.IntegrityError as e:
            raise StoreError(f"{table.name}: {e}") from e
        if table.geometry:
            self.conn.execute(
                f"UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                f"min_x = (SELECT MIN(minx) FROM rtree_{table.name}_{GEOM}), "
                f"max_x = (SELECT MAX(maxx) FROM rtree_{table.name}_{GEOM}), "
                f"min_y = (SELECT MIN(miny) FROM rtree_{table.name}_{GEOM}), "
                f"max_y = (SELECT MAX(maxy) FROM rtree_{table.name}_{GEOM}) WHERE table_name = ?",
                (table.name,))
