"""File names made from people's keys (监测编号, letter numbers): safe on every file system and one per key.

Two keys never share a file: '1409/23' and '1409_23' both clean to '1409_23', so where keys collide, those whose
clean form is not themselves carry a short digest of the key as written; a key alone keeps its clean form.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_UNSAFE = re.compile(r"[^\w\-\u4e00-\u9fff]+")
# Names Windows reserves whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 80


def safe_stem(text, fallback: str = "file") -> str:
    s = _UNSAFE.sub("_", str(text if text is not None else "")).strip("._")[:MAX_STEM]
    if s.upper() in _RESERVED:
        s = f"_{s}"
    return s or fallback


def unique_stems(keys: Iterable, fallback: str = "file") -> dict:
    """key → a safe stem, distinct for distinct keys (case-insensitively, as Windows compares names). A key
    keeps its clean form unless another key cleans to the same; then only the key that is its clean form
    keeps it, the others carry a digest of the key as written."""
    keys = list(dict.fromkeys(keys))
    groups: dict[str, list] = {}
    for key in keys:
        groups.setdefault(safe_stem(key, fallback).lower(), []).append(key)
    # in a group, one key keeps the bare stem: the first (in sorted order) that is its own clean form
    keeper = {g: next((k for k in sorted(ks, key=str) if safe_stem(k, fallback) == str(k)), None) if len(ks) > 1
              else ks[0] for g, ks in groups.items()}
    out, taken = {}, set(groups)
    for key in keys:
        stem = safe_stem(key, fallback)
        if keeper[stem.lower()] != key:
            digest = hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:6]
            stem = f"{stem[:MAX_STEM - 7]}_{digest}"
            while stem.lower() in taken:  # a digest collision: practically never, but never two keys one file
                stem += "_"
            taken.add(stem.lower())
        out[key] = stem
    return out
