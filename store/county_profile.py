"""The county profile: facts with one answer county-wide (rules/facts.py ``scope="county"``), set once per
workspace with their basis, and used as the default of every patch whose own value is unknown
(``store.determinations.unit_records``), so that no patch is 待定 for a question the county answers once.

Kept in wz_meta (key ``county_profile``) as JSON: {code: {"value", "basis", "set_by", "set_at"}}. Every change
is audited on wz_meta with that key, naming the old and new value and the basis. The profile also shows, read
only, the dates of the rule sets in use that the county cannot change (the Land Administration Law date …).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Optional

from ..i18n import tr
from ..rules.facts import COUNTY_FACTS, FACTS_BY_CODE, FactValueError, display_value, normalize_value
from ..rules.ruleset import DEFAULT_YEAR, RuleSetError, load_ruleset
from .errors import StoreError
from .workspace import Workspace, now_text

KEY = "county_profile"
SOURCE = "county_profile"


def _stored(ws: Workspace) -> dict[str, dict]:
    # a hand-edited value: no defaults rather than a workspace that cannot open (Workspace.meta_json)
    return {c: e for c, e in ws.meta_json(KEY).items() if c in COUNTY_FACTS and isinstance(e, dict)}


def _value(code: str, raw) -> Any:
    try:
        return normalize_value(FACTS_BY_CODE[code], raw)
    except FactValueError:
        return None


def county_defaults(ws: Workspace) -> dict[str, Any]:
    """{code: value} of the county-wide facts the profile answers (what ``unit_records`` fills in). One read."""
    out = {}
    for code, entry in _stored(ws).items():
        v = _value(code, entry.get("value"))
        if v is not None:
            out[code] = v
    return out


def _years(ws: Workspace) -> list[int]:
    years = sorted({int(r[0]) for r in ws._fetch('SELECT DISTINCT "GZND" FROM wz_batch') if r[0] is not None})
    return years or [DEFAULT_YEAR]


def fixed_dates(ws: Workspace) -> list[dict]:
    """The rule sets' date parameters the county cannot change, one per (year, parameter) of the batches'
    rule-set years: {"ruleset", "name", "label", "value" (datetime.date), "text" (1999年1月1日)}."""
    out = []
    for year in _years(ws):
        try:
            rs = load_ruleset(year)
        except RuleSetError:
            continue
        labels = {}
        if rs.path is not None:
            spec = json.loads(rs.path.read_text(encoding="utf-8")).get("parameters", {})
            labels = {k: v.get("label", k) for k, v in spec.items() if isinstance(v, dict)}
        for name, value in rs.parameters.items():
            if isinstance(value, dt.date):
                out.append({"ruleset": rs.id, "name": name, "label": labels.get(name, name), "value": value,
                            "text": f"{value.year}年{value.month}月{value.day}日"})
    return out


def county_profile(ws: Workspace) -> dict:
    """The profile as the UI shows it::

        {"facts": {"SDPK": False}, "basis": {"SDPK": "…"}, "set_by": {"SDPK": "wang"}, "set_at": {"SDPK": "…Z"},
         "text": {"SDPK": "否"}, "county_facts": ["SDPK"], "aliases": {"SDPK": "位于国家级深度贫困地区"},
         "fixed": [{"ruleset", "name", "label", "value", "text"}, …]}

    ``facts`` holds only the facts answered; ``county_facts`` every county-wide fact of the contract."""
    stored = _stored(ws)
    facts, basis, by, at, text = {}, {}, {}, {}, {}
    for code in COUNTY_FACTS:
        entry = stored.get(code)
        if entry is None:
            continue
        v = _value(code, entry.get("value"))
        if v is None:
            continue
        facts[code], basis[code] = v, str(entry.get("basis") or "")
        by[code], at[code] = entry.get("set_by"), entry.get("set_at")
        text[code] = display_value(FACTS_BY_CODE[code], v)
    return {"facts": facts, "basis": basis, "set_by": by, "set_at": at, "text": text,
            "county_facts": list(COUNTY_FACTS), "aliases": {c: FACTS_BY_CODE[c].alias for c in COUNTY_FACTS},
            "fixed": fixed_dates(ws)}


def set_county_profile(ws: Workspace, facts: dict, basis: dict, source: Optional[str] = None) -> None:
    """Set (or with None, clear) county-wide facts, each with its basis (required: the document or decision
    the answer rests on). One audited transaction; a fact whose value and basis are unchanged is not written."""
    with ws.transaction():   # read and write in one transaction: two people setting it do not lose a change
        stored = _stored(ws)
        changes: dict[str, list] = {}
        new = {c: dict(e) for c, e in stored.items()}
        stamp, who = now_text(), ws.actor.username
        for code, raw in facts.items():
            fact = FACTS_BY_CODE.get(code)
            if fact is None or code not in COUNTY_FACTS:
                raise StoreError(tr("{name} is not a county-wide fact; it is answered patch by patch")
                                 .format(name=fact.alias if fact else code))
            try:
                value = normalize_value(fact, raw)
            except FactValueError:
                raise StoreError(tr("{name}: “{value}” is not a valid answer").format(name=fact.alias,
                                                                                    value=raw)) from None
            why = str((basis or {}).get(code) or "").strip()
            if not why:
                raise StoreError(tr("{name}: a county-wide answer needs its basis (the document or decision it "
                                    "rests on)").format(name=fact.alias))
            old = stored.get(code, {})
            old_value = _value(code, old.get("value"))
            if old_value == value and (old.get("basis") or "") == why:
                continue
            if value is None:
                new.pop(code, None)
            else:
                new[code] = {"value": value, "basis": why, "set_by": who, "set_at": stamp}
            changes[code] = [old_value, value]
            changes[f"{code}:basis"] = [old.get("basis"), why]
        if changes:
            ws.meta_set(KEY, json.dumps(new, ensure_ascii=False, sort_keys=True) if new else None)
            ws.append_audit("wz_meta", KEY, "update", changes, source or SOURCE)
