"""A suggestion (core.suggestions.Suggestion) as the store keeps it in ``wz_refsug``: its fact code, the JSON of
its value, the JSON of its sources and extras, its reason — computed where the suggestions are derived (in the
pre-fill's helper process, or the caller's), so the store is handed plain text.

``encode_many`` gives ``{unit: [(fact, JYZ, LY, SM, split), …]}``; the store takes these tuples or the
Suggestion objects themselves (``fields``)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Optional

from .jsontext import dumps, plain

_SCALARS = (str, int, float, bool, type(None))


def json_value(v):
    """A value as JSON takes it (dates as ISO text, numpy scalars plain)."""
    if v.__class__ in _SCALARS:
        return v
    if isinstance(v, dict):
        return {str(k): (x if x.__class__ in _SCALARS else json_value(x)) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [json_value(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "isoformat") and not isinstance(v, str):   # QDate and friends
        return str(v.isoformat())
    return plain(v)


def source_dict(s) -> dict:
    if hasattr(s, "to_json"):
        return s.to_json()      # JSON-ready already (core.suggestions.Source)
    d = dataclasses.asdict(s) if dataclasses.is_dataclass(s) else dict(s)
    return json_value(d)


def encode(s, cache: Optional[dict] = None) -> tuple[str, Any, str, str]:
    """(fact code, JSON of the value, JSON of the sources and extras, reason) of a Suggestion.
    ``cache``: the sources' JSON by the identity of their tuple (the facts of one unit share it; the caller keeps
    the suggestions alive while it uses the cache)."""
    fact = getattr(s, "fact", "") or ""
    value = getattr(s, "value", None)
    outside = getattr(s, "share_outside", None)
    split = bool(getattr(s, "split", False))
    sources = getattr(s, "sources", ())
    key = (id(sources), outside, split)
    ly = None if cache is None else cache.get(key)
    if ly is None:
        d = {"sources": [source_dict(x) for x in sources]}
        if outside is not None:
            d["share_outside"] = float(outside)
        if split:
            d["split"] = True
        ly = dumps(d)
        if cache is not None:
            cache[key] = ly
    jyz = dumps(value if value.__class__ in _SCALARS else json_value(value))
    return fact, jyz, ly, str(getattr(s, "reason", "") or "")


def fields(s, cache: Optional[dict] = None) -> tuple[str, Any, str, str, bool]:
    """(fact, JYZ, LY, SM, split) of a Suggestion or of the tuple ``encode_many`` made of one."""
    if s.__class__ is tuple:
        return s
    return (*encode(s, cache), bool(getattr(s, "split", False)))


def encode_many(by_unit: dict) -> dict:
    """``{unit: [Suggestion]}`` as ``{unit: [(fact, JYZ, LY, SM, split)]}``: equal texts are one object (the
    facts of a unit share their sources' JSON; the units without a feature share their whole rows), so they
    travel and are stored without copies."""
    cache: dict = {}
    rows: dict = {}    # by the identity of the Suggestion (kept alive by ``by_unit`` meanwhile)
    out = {}
    for unit, ss in by_unit.items():
        enc = []
        for s in ss:
            row = rows.get(id(s))
            if row is None:
                row = rows[id(s)] = fields(s, cache)
            enc.append(row)
        out[unit] = enc
    return out
