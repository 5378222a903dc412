"""Where the 核查记录表's pre-filled facts came from: one plain-Chinese line per reference source (facts taken
from the same feature(s) and accepted by the same person on the same day share a line), one per override
with the person's reason. The supervisor who signs the form sees which facts rest on the county's reference
data and which a person changed. Only names people read: layer names, 文号, shares, China dates."""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..core.dates import cn_date
from ..core.labels import fact_label
from ..rules.facts import FACTS_BY_CODE, FactValueError, normalize_value

_WHOLE = 1e-9


def _share(x) -> str:
    """A share as a person reads it (a real overlap never 0.0 %, a gap never 100.0 %), as the reasons write it."""
    try:
        x = max(0.0, min(1.0, float(x)))
    except (TypeError, ValueError):
        return ""
    if _WHOLE < x < 0.0005:
        return "不足0.1%"
    if 0.9995 <= x < 1.0 - _WHOLE:
        return "99.9%以上"
    return f"{x * 100:.1f}%"


def _kind(kind_id: str):
    from ..rules.reference_kinds import get_kind

    try:
        return get_kind(kind_id)
    except (KeyError, ValueError):     # a kind removed from the data since: cite the layer alone
        return None


def _cite(source: dict, kinds: dict) -> str:
    """The feature as the reasons name it (its first known 文号/证号 …) and the share of the unit it covers."""
    kid = str(source.get("kind") or "")
    if kid not in kinds:
        kinds[kid] = _kind(kid)
    kind, attrs = kinds[kid], source.get("attrs") or {}
    bits = []
    if kind is not None:
        from ..core.suggestions import attr_text
        from ..rules.reference_kinds import parse_attribute

        for key in kind.cite:
            attr = kind.attribute.get(key)
            value = parse_attribute(attr, attrs.get(key)) if attr else None
            if value is not None:
                bits.append(f"{attr.label}{attr_text(value)}")
                break
    share = _share(source.get("share")) if source.get("share") is not None else ""
    if share:
        bits.append(f"覆盖{share}")
    return "，".join(bits)


def _origin(d: dict, kinds: dict) -> str:
    """据“layer”（批准文号…，覆盖…；…）; a fact suggested for want of any covering feature (a complete layer
    has none) cites the suggestion's reason, which says so."""
    sources = d.get("sources") or []
    name = d.get("layer_name") or "参考图层"
    if not sources and d.get("reason"):
        return "据" + str(d["reason"]).strip().rstrip("。")
    cites = [c for c in (_cite(s, kinds) for s in sources) if c]
    return f"据“{name}”" + (f"（{'；'.join(cites)}）" if cites else "")


def china_day(stored) -> str:
    """A stored UTC time as its China date: 2021年6月1日 ('' when unreadable)."""
    from ..exchange.photo_meta import beijing_time

    when = beijing_time(stored)
    return cn_date(when.date()) if when else ""


def _who_when(d: dict, names: Callable[[object], str] = str) -> str:
    who, day = names(str(d.get("handled_by") or "").strip()), china_day(d.get("handled_at"))
    return f"{who}{'于' + day if day else ''}" if who else (f"于{day}" if day else "")


def _holds(record: Optional[dict], code: str, value: Any) -> bool:
    """Whether the unit's record still has the accepted value (a later edit by hand is not the data's)."""
    if record is None:
        return True
    have = record.get(code)
    if have is None or (isinstance(have, float) and have != have):
        return False
    fact = FACTS_BY_CODE.get(code)
    try:
        have = normalize_value(fact, have) if fact else have
    except FactValueError:
        pass
    if isinstance(have, float) or isinstance(value, float):
        try:
            return abs(float(have) - float(value)) < 1e-6
        except (TypeError, ValueError):
            return False
    return have == value


def provenance_lines(handled: list[dict], record: Optional[dict] = None,
                     names: Callable[[object], str] = str) -> list[str]:
    """The form's provenance lines for one unit's handled suggestions (``store.reference_handled``): accepted
    facts grouped by their source, handler (``names``: login → the person's name, store/people.py) and day; each
    override on its own line with its reason. Facts shown once only (the first stored source wins, as
    ``store.reference.pending_facts`` reads them)."""
    kinds: dict = {}
    groups: dict[tuple, list[str]] = {}
    lines: list = []     # an override's text, or the key of a group of accepted facts
    seen: set[str] = set()
    for d in handled:
        code = d.get("fact") or ""
        if not code or code in seen:
            continue
        seen.add(code)
        origin, who = _origin(d, kinds), _who_when(d, names)
        if d.get("state") == "已改填":
            reason = str(d.get("override_reason") or "").strip()
            suggested = d.get("value_text") or ""
            lines.append(f"{fact_label(code)}：{origin}，建议“{suggested}”，经{who}核查改填"
                         + (f"（理由：{reason}）" if reason else ""))
        elif _holds(record, code, d.get("value")):
            key = (origin, who)
            if key not in groups:
                groups[key] = []
                lines.append(key)
            groups[key].append(fact_label(code))
    out = []
    for item in lines:
        if isinstance(item, tuple):
            origin, who = item
            out.append(f"{'、'.join(groups[item])}：{origin}，{who}采纳" if who
                       else f"{'、'.join(groups[item])}：{origin}，已采纳")
        else:
            out.append(item)
    return out
