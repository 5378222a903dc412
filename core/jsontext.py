"""Compact JSON text (no spaces, non-ASCII kept) for the records written per patch.

orjson is used when it is installed (optional: it only makes bulk imports faster); the standard
library otherwise. Either way the text is stored as written and hashed as stored, so the two need
not agree byte for byte.
"""
from __future__ import annotations

import json

try:
    import orjson
except ImportError:  # optional accelerator
    orjson = None

_std = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode

ACCELERATED = orjson is not None


def dumps(value) -> str:
    """JSON text of ``value``; dict keys keep their order (callers insert them sorted when it matters)."""
    if orjson is not None:
        try:
            return orjson.dumps(value, default=str).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):  # e.g. integers beyond 64 bits: the library handles them
            pass
    return _std(value)
