"""Numbered schema steps, applied in order when a workspace is opened.

A step is data (create these tables, add these fields) so that GeoPackage and PostGIS apply the same
change. Never edit a released step: add the next one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..rules.facts import FACTS
from .schema import TABLES_V1, Field, Table

_FACT_TYPES = {"bool": "BOOLEAN", "enum": "TEXT", "text": "TEXT", "date": "DATE", "number": "REAL"}


def fact_fields() -> tuple[Field, ...]:
    """The facts contract (rules/facts.py) as workspace fields; derived facts are computed, not stored."""
    return tuple(Field(f.code, f.alias, _FACT_TYPES[f.type]) for f in FACTS if not f.derived)


# Accountability markers (附件5) kept per patch/part until case tracking records them itself.
MARKER_FIELDS = (
    Field("YBBSX", "已补办完善用地手续", "BOOLEAN"),
    Field("YCCFG", "已拆除复耕到位", "BOOLEAN"),
    Field("ZDJCSS", "重大基础设施项目"),      # national / provincial
    Field("LXJGZZ", "已履行监管和服务职责", "BOOLEAN"),
    Field("NNXCWF", "年内消除违法状态", "BOOLEAN"),
)


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


# Land-survey overlay (issue 4): the per-class breakdown, and summary areas on parts like on patches.
LANDUSE = Table("wz_dlmj", "地类面积", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("LX", "类型", not_null=True),          # 地类 (a land class) or 保护 (a protection layer)
    Field("DM", "代码", not_null=True),          # DLBM, or the protection layer's summary field
    Field("MC", "名称"),
    Field("SDL", "三大类"),
    Field("MJ", "面积(平方米)", "REAL"),
    Field("MJMU", "面积(亩)", "REAL"),
    Field("FXSJ", "分析时间", "DATETIME"),
), indexes=(("TBID",),))
PART_AREAS = tuple(Field(c, a, "REAL") for c, a in (
    ("GDMJ", "耕地面积(亩)"), ("YJJBNTMJ", "永久基本农田面积(亩)"), ("NYDMJ", "农用地面积(亩)"),
    ("JSYDMJ", "建设用地面积(亩)"), ("WLYDMJ", "未利用地面积(亩)")))
OVERLAY_STAMP = (Field("DLFX", "三调叠加分析"),)  # when and against what the areas were computed

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial workspace schema", tuple(CreateTable(t) for t in TABLES_V1)),
    Migration(2, "facts contract of the 2021 rules and accountability markers",
              (AddFields("wz_fact", fact_fields() + MARKER_FIELDS),)),
    Migration(3, "land-survey overlay: class breakdown, part areas",
              (CreateTable(LANDUSE), AddFields("wz_part", PART_AREAS + OVERLAY_STAMP),
               AddFields("wz_patch", OVERLAY_STAMP))),
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
