"""The SQLite-flavoured workspace in PostgreSQL: values converted both ways, SQL rewritten (LIKE, NULL order)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import numpy as np

try:
    import psycopg2
    import psycopg2.extensions
except ImportError:  # pragma: no cover - psycopg2 ships with QGIS and python3-qgis
    psycopg2 = None


def _tstz_text(value, _cur=None):
    """timestamptz as PostgreSQL prints it in UTC ('2021-06-20 16:30:00.5+00') → '2021-06-20T16:30:00.500Z'."""
    if value is None:
        return None
    if len(value) < 19 or value[10] != " ":
        return value   # infinity, BC dates: as printed
    frac = ""
    rest = value[19:]
    if rest.startswith("."):
        i = 1
        while i < len(rest) and rest[i].isdigit():
            i += 1
        frac = rest[1:i]
    return f"{value[:10]}T{value[11:19]}.{(frac + '000')[:3]}Z"


def _bool_int(value, _cur=None):
    return None if value is None else (1 if value == "t" else 0)


def _numeric(value, _cur=None):
    if value is None:
        return None
    if "." in value or "e" in value.lower() or "n" in value.lower():
        return float(value)
    return int(value)


if psycopg2 is not None:
    _DATE_TEXT = psycopg2.extensions.new_type((1082,), "WPZF_DATE", lambda v, _c: v)
    _TSTZ_TEXT = psycopg2.extensions.new_type((1184,), "WPZF_TSTZ", _tstz_text)
    _BOOL_INT = psycopg2.extensions.new_type((16,), "WPZF_BOOL", _bool_int)
    _NUMERIC = psycopg2.extensions.new_type((1700,), "WPZF_NUMERIC", _numeric)
    # numpy scalars from DataFrames: written like the plain Python values they stand for.
    for _t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64):
        psycopg2.extensions.register_adapter(_t, lambda v: psycopg2.extensions.AsIs(int(v)))
    psycopg2.extensions.register_adapter(np.bool_, lambda v: psycopg2.extensions.AsIs("true" if v else "false"))
    psycopg2.extensions.register_adapter(np.float32, lambda v: psycopg2.extensions.adapt(float(v)))
READ_TYPES = (_DATE_TEXT, _TSTZ_TEXT, _BOOL_INT, _NUMERIC) if psycopg2 is not None else ()   # set on each connection


def _plain_param(v):
    """What SQLite would bind: NaN is NULL."""
    if isinstance(v, float) and v != v:
        return None
    return v


def _params(params) -> Optional[tuple]:
    if not params:
        return None
    return tuple(_plain_param(v) for v in params)


_LIKE = re.compile(r'(?<![\w"])LIKE(?![\w"])', re.IGNORECASE)
_TAIL = re.compile(r"\b(LIMIT|OFFSET|FOR\s+UPDATE|FOR\s+SHARE)\b", re.IGNORECASE)


def _top_level(text: str):
    """Indexes of the characters of ``text`` outside quotes and parentheses (and not themselves one)."""
    depth, quote = 0, None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            yield i


def _top_level_order_by(sql: str) -> int:
    """Index of the last ORDER BY outside parentheses and quotes, or -1."""
    upper = sql.upper()
    return max((i for i in _top_level(sql) if upper.startswith("ORDER BY", i)), default=-1)


def _split_top(text: str) -> list[str]:
    """``text`` cut at its commas outside parentheses and quotes."""
    cuts = [-1, *(i for i in _top_level(text) if text[i] == ","), len(text)]
    return [text[a + 1:b] for a, b in zip(cuts, cuts[1:])]


@lru_cache(maxsize=2048)
def pg_sql(sql: str) -> str:
    """SQLite-flavoured workspace SQL as PostgreSQL runs it with the same results (LIKE, NULL order)."""
    sql = _LIKE.sub("ILIKE", sql)
    at = _top_level_order_by(sql)
    if at < 0:
        return sql
    body = sql[at + len("ORDER BY"):]
    m = _TAIL.search(body)
    items, tail = (body[:m.start()], body[m.start():]) if m else (body, "")
    new = []
    for item in _split_top(items):
        s = item.strip()
        u = s.upper()
        if not s or "NULLS " in u:
            new.append(s)
        elif u.endswith(" DESC"):
            new.append(s + " NULLS LAST")
        else:
            new.append(s + " NULLS FIRST")
    return sql[:at] + "ORDER BY " + ", ".join(new) + (" " + tail if tail else "")


def _to_db(kind: str, value):
    if value is None:
        return None
    if kind == "BOOLEAN":
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, np.integer)):
            return bool(int(value))
        if isinstance(value, float):
            return None if value != value else bool(value)
        return value
    if kind in ("DATE", "DATETIME") and isinstance(value, str) and not value.strip():
        return None
    return value
