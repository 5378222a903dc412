"""Accepting and overriding suggested facts (issue 17): the facts are written as store.determinations.save_facts
writes them (audited; a derivable fact gets the reason "采纳参考数据：…"), the suggestions marked 已采纳 / 已改填 with
who and when. Part of store.reference's interface (import them from there)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Optional

from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, FactValueError
from .errors import StoreError
from .reference import (
    ACCEPT_PREFIX,
    ACCEPTED,
    OVERRIDDEN,
    PENDING,
    SOURCE,
    Unit,
    _confirmed,
    _confirmed_values,
    _decode_value,
    _in_chunks,
    _rows_of,
    _same_value,
)
from .workspace import Workspace, now_text, opt_int


def _unit_pending(ws: Workspace, tbids: Sequence[int]) -> list[tuple]:
    return _rows_of(ws, "wz_refsug", ["TBID", "FGID", "SSDM", "JYZ", "SM"], list(tbids),
                    f'"ZT" = {ws.ph} AND "SSDM" IS NOT NULL AND "SSDM" <> \'\'', (PENDING,))


def _choose(rows: list[tuple], confirmed: dict[Unit, dict], explicit: bool) -> tuple[dict, list]:
    """{unit: {code: (value, reason)}} to write and the suggestion ids to mark accepted. Without ``explicit`` ids,
    a fact whose layers disagree, or whose confirmed value differs, is left for a person."""
    by_fact: dict[tuple, list] = {}
    for fid, tbid, fgid, code, jyz, sm in rows:
        by_fact.setdefault(((int(tbid), opt_int(fgid)), code), []).append((int(fid), _decode_value(code, jyz), sm))
    values: dict[Unit, dict] = {}
    accepted: list[int] = []
    for (unit, code), items in by_fact.items():
        first = items[0][1]
        if any(not _same_value(v, first) for _, v, _ in items[1:]):
            if explicit:
                raise StoreError(tr("Two suggestions for {fact} disagree; accept one of them.").format(
                    fact=FACTS_BY_CODE[code].alias if code in FACTS_BY_CODE else code))
            continue
        have = _confirmed(confirmed, unit, inherit=False).get(code)
        if have is not None and not _same_value(have, first) and not explicit:
            continue   # a person's value differs: only accepting this suggestion by name replaces it
        values.setdefault(unit, {})[code] = (first, items[0][2] or "")
        accepted += [i for i, _, _ in items]
    return values, accepted


def _mark(ws: Workspace, ids: list[int], state: str, source: Optional[str], reason: Optional[str] = None) -> None:
    change = {"ZT": state, "CLR": ws.actor.username, "CLSJ": now_text()}
    if reason is not None:
        change["GTLY"] = reason
    ws.update_many("wz_refsug", {int(i): dict(change) for i in ids}, source=source or SOURCE,
                   action="accept" if state == ACCEPTED else "override")


def _reasons(values: dict[str, tuple]) -> dict[str, str]:
    from .determinations import DERIVABLE
    return {c: ACCEPT_PREFIX + (r or "参考图层建议") for c, (_, r) in values.items()
            if c in DERIVABLE}


def accept(ws: Workspace, tbid: int, fgid: Optional[int] = None, ids: Optional[list[int]] = None,
           source: Optional[str] = None) -> int:
    """Accept suggestions of one unit: ``ids`` (those suggestions, replacing a differing confirmed value), or all
    its pending ones (leaving facts whose layers disagree or whose confirmed value differs for a person). The facts
    are written through store.determinations.save_facts (audited; a derivable fact gets the reason
    "采纳参考数据：…") and the suggestions become 已采纳. Returns how many suggestions were accepted."""
    from .determinations import save_facts

    tbid = int(tbid)
    unit = (tbid, opt_int(fgid))
    with ws.transaction():
        rows = [r for r in _unit_pending(ws, [tbid]) if (int(r[1]), opt_int(r[2])) == unit]
        if ids is not None:
            want = {int(i) for i in ids}
            rows = [r for r in rows if int(r[0]) in want]
            missing = want - {int(r[0]) for r in rows}
            if missing:
                raise StoreError(tr("This suggestion is no longer awaiting confirmation (it was handled or replaced); "
                                    "reload the form."))
        if not rows:
            return 0
        confirmed = _confirmed_values(ws, [tbid], {r[3] for r in rows}, inherit=False)
        values, accepted = _choose(rows, confirmed, explicit=ids is not None)
        chosen = values.get(unit)
        if chosen:
            save_facts(ws, tbid, {c: v for c, (v, _) in chosen.items()}, reasons=_reasons(chosen),
                       source=source or SOURCE, fgid=unit[1])
        _mark(ws, accepted, ACCEPTED, source)
    return len(accepted)


def _save_facts_many(ws: Workspace, values: dict[Unit, dict[str, tuple]], source: Optional[str]) -> None:
    """``store.determinations.save_facts`` for many units at once, set-based (one read of their fact records,
    one bulk insert, one ``update_many``), with its rules: a derivable fact needs a reason (here "采纳参考数据：…"),
    a part must belong to its patch, a patch still 待核查 becomes 核查中. ``values``: {unit: {code: (value, reason)}}."""
    from .determinations import DERIVABLE, _storable
    from .schema import STATUS_NEW

    if not values:
        return
    tbids = sorted({t for t, _ in values})
    existing = {(int(t), opt_int(f)): (int(fid), fgly) for fid, t, f, fgly in
                _rows_of(ws, "wz_fact", ["TBID", "FGID", "FGLY"], tbids)}
    part_of = {int(fid): int(t) for fid, t in _rows_of(ws, "wz_part", ["TBID"], tbids)}
    inserts, updates = [], {}
    for (tbid, fgid), chosen in values.items():
        if fgid is not None and part_of.get(fgid) != tbid:
            raise StoreError(f"part #{fgid} is not a part of patch #{tbid}")
        row = {}
        for code, (value, _) in chosen.items():
            fact = FACTS_BY_CODE.get(code)
            if fact is None or fact.derived:
                raise StoreError(f"{code}: not a fact that can be entered")
            try:
                row[code] = _storable(code, value)
            except FactValueError as e:
                raise StoreError(str(e)) from None
        old = existing.get((tbid, fgid))
        old_reasons = json.loads(old[1] or "{}") if old else {}
        new_reasons = dict(old_reasons)
        for code in DERIVABLE:
            if code in row:
                if row[code] is None:
                    new_reasons.pop(code, None)
                else:
                    new_reasons[code] = ACCEPT_PREFIX + (chosen[code][1] or "参考图层建议")
        if new_reasons != old_reasons or old is None:
            row["FGLY"] = json.dumps(new_reasons, ensure_ascii=False, sort_keys=True) if new_reasons else None
        if old is None:
            inserts.append({"TBID": tbid, "FGID": fgid, **row})
        else:
            updates[old[0]] = row
    if inserts:
        ws.insert("wz_fact", inserts, source=source)
    ws.update_many("wz_fact", updates, source=source)
    new = [int(r[0]) for r in _in_chunks(ws, f'SELECT fid FROM wz_patch WHERE "ZT" = {ws.ph} AND fid IN ({{marks}})',
                                         tbids, (STATUS_NEW,))]
    ws.update_many("wz_patch", {f: {"ZT": "核查中"} for f in new}, source=source)


def accept_all(ws: Workspace, fids: Optional[list[int]] = None, source: Optional[str] = None) -> int:
    """Accept every pending suggestion of the patches ``fids`` (default: all), in one set-based transaction (the
    facts written as ``save_facts`` writes them, for thousands of units at once); facts whose layers disagree, or
    whose confirmed value differs, are left for a person. Returns how many suggestions were accepted."""
    with ws.transaction():
        if fids is None:
            rows = ws._fetch(f'SELECT fid, "TBID", "FGID", "SSDM", "JYZ", "SM" FROM wz_refsug WHERE "ZT" = {ws.ph} '
                             "AND \"SSDM\" IS NOT NULL AND \"SSDM\" <> '' ORDER BY fid", (PENDING,))
        else:
            rows = _unit_pending(ws, sorted({int(f) for f in fids}))
        if not rows:
            return 0
        tbids = sorted({int(r[1]) for r in rows})
        confirmed = _confirmed_values(ws, tbids, {r[3] for r in rows}, inherit=False)
        values, accepted = _choose(rows, confirmed, explicit=False)
        _save_facts_many(ws, values, source or SOURCE)
        _mark(ws, accepted, ACCEPTED, source)
    return len(accepted)


def override(ws: Workspace, suggestion_id: int, value, reason: str, source: Optional[str] = None) -> None:
    """Write the person's ``value`` instead of the suggestion (None: leave the fact unanswered) with their
    ``reason`` (required), and mark the suggestion 已改填."""
    from .determinations import save_facts

    reason = (reason or "").strip()
    if not reason:
        raise StoreError(tr("Say why the suggested value does not apply: overriding a suggestion needs a reason."))
    with ws.transaction():
        rows = ws._fetch(f'SELECT "TBID", "FGID", "SSDM", "ZT" FROM wz_refsug WHERE fid = {ws.ph}',
                         (int(suggestion_id),))
        if not rows:
            raise StoreError(tr("This suggestion no longer exists; reload the form."))
        tbid, fgid, code, state = rows[0]
        if not code:
            raise StoreError(tr("A note of the reference data states no fact and cannot be overridden."))
        if state != PENDING:
            raise StoreError(tr("This suggestion is no longer awaiting confirmation (it was handled or replaced); "
                                "reload the form."))
        from .determinations import DERIVABLE
        save_facts(ws, int(tbid), {code: value}, reasons={code: reason} if code in DERIVABLE else None,
                   source=source or SOURCE, fgid=opt_int(fgid))
        _mark(ws, [int(suggestion_id)], OVERRIDDEN, source, reason)
