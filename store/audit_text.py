"""The audit records' text written in bulk: update diffs and create records serialized the standard way
(``core.audit.canonical``), faster where the accelerator gives the same bytes. Apart from the workspace
interface because it is about JSON text, not tables."""
from __future__ import annotations

from collections.abc import Sequence

from ..core.audit import LONG_VALUE, canonical
from ..core.jsontext import dumps, dumps_exact, has_infinity
from ..core.jsontext import plain as _plain  # noqa: F401  (where the store's modules import it from)

_EXACT = (str, int, type(None))


def _canonical_text(diff: dict) -> str:
    """``canonical(diff)`` of an update record; the accelerator writes text, integers, booleans and None
    exactly as the standard library does (floats it may write differently: those go the standard way)."""
    from ..core.jsontext import orjson

    if orjson is not None and all(a.__class__ in _FAST and b.__class__ in _FAST for a, b in diff.values()):
        try:
            return orjson.dumps(diff, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):   # integers beyond 64 bits, lone surrogates
            pass
    return canonical(diff)


_FAST = (str, int, bool, type(None))


def _column_fragments(key: str, col: list, nulls: bool = False) -> list:
    """``"key":value`` JSON text for every cell of ``col`` (None for a None cell), what ``dumps`` gives cell
    by cell: one encoder call for the whole column, then split where no encoded value can hold the
    separator (a number has no comma; inside an encoded string every quote is escaped). A None cell gives
    None, or ``"key":null`` with ``nulls``."""
    from ..core.jsontext import orjson

    present = [x for x in col if x is not None]
    kinds = set(map(type, present))
    head = dumps(key) + ":"
    frags = None
    if float in kinds and has_infinity(present):   # written as Infinity, not as the accelerator's null
        frags = [head + dumps_exact(x) for x in present]
    elif orjson is not None and present and kinds <= {int, float, bool, str} and (str not in kinds or kinds == {str}):
        try:
            data = orjson.dumps(present)[1:-1].decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):   # e.g. integers beyond 64 bits
            data = None
        if data is not None:
            if kinds == {str}:
                frags = [head + '"' + x for x in data[1:].split('","')]
                frags = [f + '"' for f in frags[:-1]] + [frags[-1]]
            else:
                frags = [head + x for x in data.split(",")]
    if frags is None:
        frags = [head + dumps(x) for x in present]
    if len(present) == len(col):
        return frags
    it = iter(frags)
    none = head + "null" if nulls else None
    return [none if x is None else next(it) for x in col]


def create_texts(names: Sequence[str], cols: Sequence[list], nulls: bool = False) -> list[str]:
    """The changes text of a create record per row — ``dumps({name: value})`` without the None values, keys
    in the order given — serialized a column at a time instead of a dict per row (bulk imports). ``nulls``:
    None values are written as null, not left out."""
    frag_cols = [_column_fragments(name, list(col), nulls) for name, col in zip(names, cols)]
    return ["{" + ",".join(filter(None, row)) + "}" for row in zip(*frag_cols)]


def any_long(col: list) -> bool:
    """Whether a text column holds a value the audit records by its digest (core.audit.LONG_VALUE)."""
    return any(x.__class__ is str and len(x) > LONG_VALUE for x in col if x is not None)


