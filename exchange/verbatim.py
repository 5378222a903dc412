"""Each source record's attributes as read, kept with its patch (wz_patch.YSSX) so that the return goes up in
the batch's own fields — but only the values the patch's own columns do not reproduce.

Most of a batch's fields are mapped onto patch columns unchanged (监测编号, 行政区代码, 前时相 …): keeping them
twice doubled what an import writes. A source field is *reproduced* in a row when its mapped column holds the
very value read (same JSON value: text as read, a number as read, a date as its ISO text) and WPZF never
writes that column after the import (the overlay's areas and the township assignment are left out: their
columns change). The batch's layer structure (wz_batch.ZDJG) names the reproduced fields ({field: column});
a row's YSSX holds every other field's value that is not empty. A batch imported before this keeps all its
fields in YSSX and names none, and reads back the same way.
"""
from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Mapping, Sequence
from typing import Optional

import numpy as np

from ..store.assignment import ASSIGNED_FIELDS
from ..store.audit_text import create_texts
from ..store.overlay import SUMMARY_FIELDS

# patch columns WPZF writes after the import: what they hold later is not what was read
CHANGED_LATER = frozenset(SUMMARY_FIELDS) | frozenset(ASSIGNED_FIELDS)
KEY = "reproduced"   # in the layer structure: {source field: patch column}


def json_value(v):
    """A value as the verbatim JSON holds it: None for a null or NaN, dates as ISO text."""
    if v is None or (v.__class__ is float and v != v):
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _plain(col: list) -> list:
    """json_value of every cell, a column at a time (most columns need nothing done)."""
    kinds = set(map(type, col))
    if kinds == {float} and not np.isnan(np.asarray(col)).any():
        return col
    if float in kinds:
        col = [None if x.__class__ is float and x != x else x for x in col]
    if any(issubclass(k, dt.date) for k in kinds):
        col = [x.isoformat() if isinstance(x, dt.date) else x for x in col]
    return col


def split(fields: Sequence[str], raw: Mapping[str, list], chosen: Mapping[str, str], values: Mapping[str, list],
          n: int, nulls: bool = False) -> tuple[list[Optional[str]], dict[str, str]]:
    """(YSSX text per row, {source field: patch column} reproduced) for ``n`` rows: ``raw`` the source columns
    as read, ``chosen`` {column: source field} of the mapping, ``values`` the columns as they will be stored.
    A row with nothing left gives None. ``nulls``: empty values written as null (where no structure names
    the fields, the rows must)."""
    by_source: dict[str, str] = {}
    for target, src in chosen.items():
        if target not in CHANGED_LATER and target in values and src not in by_source:
            by_source[src] = target
    names, cols, reproduced = [], [], {}
    for name in fields:
        col = _plain(raw[name])
        target = by_source.get(name)
        if target is not None:   # the cells the column holds as read are left out
            reproduced[name] = target
            stored = _plain(values[target])
            if all(map(operator.is_, col, stored)):   # the very values (the common case): all left out
                continue
            col = [None if a is b or (a.__class__ is b.__class__ and a == b) else a for a, b in zip(col, stored)]
        if nulls or any(x is not None for x in col):
            names.append(name)
            cols.append(col)
    texts = create_texts(names, cols, nulls=nulls) if cols else ["{}"] * n
    return [None if t == "{}" else t for t in texts], reproduced


def attributes(text: Optional[str], patch: Mapping, reproduced: Mapping[str, str]) -> dict:
    """A row's attributes as read: its YSSX, and each reproduced field from its patch column (``patch``:
    column → value)."""
    row = json.loads(text) if text else {}
    for name, column in reproduced.items():
        if name not in row:
            row[name] = json_value(patch.get(column))
    return row
