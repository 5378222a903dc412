"""Numbered schema steps, applied in order when a workspace is opened.

A step is data (create these tables, add these fields) so that GeoPackage and PostGIS apply the same
change. Never edit a released step: add the next one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .schema import TABLES_V1, Field, Table


@dataclass(frozen=True)
class CreateTable:
    table: Table


@dataclass(frozen=True)
class AddFields:
    table: str
    fields: tuple[Field, ...]


Op = Union[CreateTable, AddFields]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    ops: tuple[Op, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial workspace schema", tuple(CreateTable(t) for t in TABLES_V1)),
)

LATEST = MIGRATIONS[-1].version


def current_tables() -> dict[str, Table]:
    """The tables as every migration together leaves them (what code may rely on)."""
    tables: dict[str, Table] = {}
    for m in MIGRATIONS:
        for op in m.ops:
            if isinstance(op, CreateTable):
                tables[op.table.name] = op.table
            else:
                t = tables[op.table]
                tables[op.table] = Table(t.name, t.alias, t.fields + op.fields, t.geometry, t.indexes,
                                         t.unique, t.extra)
    return tables
