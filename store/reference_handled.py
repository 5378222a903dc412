"""The suggestions a person has handled (accepted or overridden), for many patches at once: what the
核查记录表 cites as the provenance of its pre-filled facts. One query per call (chunked by 500 patches), so a
batch of record forms costs one read, not one per form."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ..rules.facts import FACTS_BY_CODE
from .reference import _SUG_COLUMNS, ACCEPTED, OVERRIDDEN, Unit, _as_dicts, _rows_of
from .workspace import Workspace


def handled_suggestions(ws: Workspace, tbids: Sequence[int],
                        states: Sequence[str] = (ACCEPTED, OVERRIDDEN)) -> dict[Unit, list[dict]]:
    """{(tbid, fgid): [suggestion, …]} of patches ``tbids`` in the given states (notes left out: they are
    never accepted), each as ``store.reference.suggestions`` gives it (layer_name, sources, value_text,
    handled_by, handled_at as stored UTC text, override_reason …), facts in the facts contract's order.
    ``confirmed``/``conflict`` are not read here (the form shows the unit's record itself)."""
    tbids = sorted({int(t) for t in tbids})
    if not tbids or not states:
        return {}
    marks = ", ".join([ws.ph] * len(states))
    rows = _rows_of(ws, "wz_refsug", _SUG_COLUMNS, tbids,
                    f"\"ZT\" IN ({marks}) AND \"SSDM\" IS NOT NULL AND \"SSDM\" <> ''", list(states))
    if not rows:
        return {}
    order = {c: i for i, c in enumerate(FACTS_BY_CODE)}
    out: dict[Unit, list[dict]] = {}
    for d in _as_dicts(ws, rows, {}):
        out.setdefault((d["tbid"], d["fgid"]), []).append(d)
    for items in out.values():
        items.sort(key=lambda d: (order.get(d["fact"], 999), d["id"]))
    return out


def unit_handled(handled: dict[Unit, list[dict]], tbid: int, fgid: Optional[int]) -> list[dict]:
    """The handled suggestions that stand behind the facts of one unit: a part's own, then those of its whole
    patch for facts the part has none of its own for (a part's record inherits the patch's facts)."""
    own = list(handled.get((int(tbid), fgid), []))
    if fgid is None:
        return own
    have = {d["fact"] for d in own}
    return own + [d for d in handled.get((int(tbid), None), []) if d["fact"] not in have]
