"""Compact JSON text (no spaces, non-ASCII kept) for the records written per patch.

orjson is used when it is installed (optional: it only makes bulk imports faster); the standard
library otherwise. Either way the text is stored as written and hashed as stored, so the two need
not agree byte for byte.
"""
from __future__ import annotations

import json
import math

try:
    import orjson
except ImportError:  # optional accelerator
    orjson = None

_std = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode

ACCELERATED = orjson is not None


def _no_nan(value):
    if value.__class__ is float:
        return None if value != value else value
    if value.__class__ is list:
        return [_no_nan(v) for v in value]
    if value.__class__ is dict:
        return {k: _no_nan(v) for k, v in value.items()}
    return value


def dumps_exact(value) -> str:
    """JSON text the standard library's way, for values holding an infinity: written as Infinity (which it
    reads back), where the accelerator writes null. NaN is null either way: a database stores it as NULL."""
    return _std(_no_nan(value))


_NUMBERS = frozenset({float, int, bool, type(None)})


def has_infinity(values) -> bool:
    """Whether a float among ``values`` (a column: values, or [old, new] pairs) is infinite."""
    values = list(values)
    if set(map(type, values)) <= _NUMBERS and math.isfinite(sum(filter(None, values), 0.0)):
        return False   # (a sum in C: an infinity carries through it; NaN or an overflow is looked at below)
    pairs = []
    for v in values:
        if v.__class__ is float:
            if v in (math.inf, -math.inf):
                return True
        elif v.__class__ is list:
            pairs += v
    return bool(pairs) and has_infinity(pairs)


def dumps(value) -> str:
    """JSON text of ``value``; dict keys keep their order (callers insert them sorted when it matters)."""
    if orjson is not None:
        try:
            return orjson.dumps(value, default=str).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):  # e.g. integers beyond 64 bits: the library handles them
            pass
    return _std(value)


def plain(v):
    """numpy/pandas scalars → plain Python for JSON and comparison (NaN → None)."""
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return v
    return v
