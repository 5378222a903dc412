"""Suggested facts from reference layers: what the county's own data says about a patch or part (issue 17).

A registered layer of some kind (rules/reference_kinds.json) is overlaid with the units (``core.reference_overlay``);
for each unit, the kind's rules turn the covering features into suggestions: a fact with a value (YDPF = 是, with
PZWH and PZRQ from the feature …) or a note (fact ''), each citing every feature it came from and explaining
itself in one plain-Chinese sentence. Nothing here is confirmed: a person accepts or overrides (store.reference).

Which features count, for a unit with reference date D (后时相, else the batch's issue date):
- a feature dated after D (the kind's ``valid_from`` attribute: 批准日期, 起始日期 …) does not count at all;
- a feature whose term ended before D (``valid_until``: 截止日期, 有效期止) is *expired*: only rules with
  ``term: expired`` see it, and only when no feature in force covers the unit;
- with D unknown, every feature is in force.
A rule's cover is the share of the unit inside the union of its features: exact when they are all the unit's
features (``covered_m2``), otherwise the sum of their areas capped by that union (exact unless the
features of the subset overlap each other).

Pure Python (no Qt, no store).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import numpy as np

from ..rules.facts import FACTS_BY_CODE, FactValueError, normalize_value
from ..rules.reference_kinds import Kind, Rule, get_kind, normalize_attrs
from .dates import cn_date
from .labels import value_text as _label_value_text
from .units import M2_PER_MU


@dataclass(frozen=True)
class Source:
    """One reference feature behind a suggestion: its layer, id, attributes (parsed), overlap and shares."""
    kind: str
    layer_id: str
    layer_name: str
    fid: int
    attrs: dict = field(hash=False, compare=True)
    area_m2: float = 0.0                # overlap with the unit
    share: float = 0.0                  # of the unit, 0..1
    fshare: Optional[float] = None      # of the feature, 0..1 (None when unknown)

    def to_json(self) -> dict:
        """A JSON-ready form (dates as ISO text) for wz_refsug.LY."""
        return {"kind": self.kind, "layer_id": self.layer_id, "layer_name": self.layer_name, "fid": int(self.fid),
                "attrs": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.attrs.items()},
                "area_m2": round(float(self.area_m2), 3), "share": round(float(self.share), 6),
                "fshare": None if self.fshare is None else round(float(self.fshare), 6)}


@dataclass(frozen=True)
class Suggestion:
    fact: str                           # '' for a note
    value: Any                          # normalized like rules.facts.normalize_value; None for a note
    sources: tuple                      # Source, largest share first (the first gave the value)
    reason: str                         # one plain-Chinese sentence, no internal codes
    share_outside: Optional[float] = None
    split: bool = False                 # a split along the covering features is offered
    rule: str = ""                      # the kind's rule id (for the store; never shown)

    @property
    def is_note(self) -> bool:
        return self.fact == ""


# --- text --------------------------------------------------------------------------------------------
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
_PH = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
UNKNOWN_TEXT = "（未填写）"


_WHOLE = 1e-6      # a share within this of 0 or 1 is the arithmetic of shared edges, not a real gap or overlap


def _pct(x: float) -> str:
    """A share as a person reads it: a real overlap never reads 0.0 %, a real gap never 100.0 %."""
    x = max(0.0, min(1.0, x))
    if _WHOLE < x < 0.0005:
        return "不足0.1%"
    if 0.9995 <= x < 1.0 - _WHOLE:
        return "99.9%以上"
    return f"{x * 100:.1f}%"


def _mu(m2: float) -> str:
    """An area in 亩; a real overlap (≥ 1 dm², as store.reference keeps) never reads 0.00亩."""
    mu = max(m2, 0.0) / M2_PER_MU
    return "不足0.01亩" if m2 >= 0.01 and mu < 0.005 else f"{mu:.2f}亩"


def attr_text(value: Any) -> str:
    """An attribute value as it reads in a sentence: 2021年3月1日, 2020, 3.50, the text."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    return str(value)


def _split(text: str) -> list:
    """Literal text and placeholder names: ['在', ('layer',), '中'] (a name is a 1-tuple)."""
    out, pos = [], 0
    for m in _PH.finditer(text):
        if m.start() > pos:
            out.append(text[pos:m.start()])
        out.append((m.group(1),))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


@functools.lru_cache(maxsize=512)
def _compile(template: str) -> tuple[tuple, frozenset]:
    """A reason template as (items, names): items are literals, (name,) placeholders and [items] segments
    (dropped when one of their placeholders is empty)."""
    items, pos = [], 0
    for m in _SEGMENT.finditer(template):
        items += _split(template[pos:m.start()])
        items.append(_split(m.group(1)))
        pos = m.end()
    items += _split(template[pos:])
    return tuple(items), frozenset(_PH.findall(template))


def _render(template: str, values: Mapping[str, str], more: Mapping[str, str] = {}) -> str:  # noqa: B006
    """Fill {name} from ``values`` (else ``more``); a [segment] is dropped when one of its placeholders is
    empty; other empties read （未填写）."""
    items, _ = _compile(template)
    out = []
    for it in items:
        if it.__class__ is str:
            out.append(it)
        elif it.__class__ is tuple:
            n = it[0]
            out.append((values[n] if n in values else more.get(n)) or UNKNOWN_TEXT)
        else:
            seg = []
            for x in it:
                if x.__class__ is str:
                    seg.append(x)
                else:
                    n = x[0]
                    v = values[n] if n in values else more.get(n)
                    if not v:
                        break
                    seg.append(v)
            else:
                out.extend(seg)
    return "".join(out)


def value_text(fact_code: str, value: Any) -> str:
    """The value as a person reads it: 是/否, the enum's label, 2021年3月1日, 3.20亩; '' for a note."""
    if not fact_code:
        return ""
    return _label_value_text(fact_code, value)


# --- evaluation ----------------------------------------------------------------------------------------
def _cover(srcs: list, all_n: int, covered_all: float) -> float:
    if not srcs:
        return 0.0
    if len(srcs) == all_n:
        return covered_all
    if len(srcs) == 1:
        return srcs[0].area_m2
    return min(sum(s.area_m2 for s in srcs), covered_all)


def _record_matches(rule: Rule, record: Mapping) -> bool:
    for code, allowed in rule.record_any:
        if _confirmed(record, code) in allowed:
            return True
    return False


def _confirmed(record: Mapping, code: str):
    v = record.get(code) if record else None
    if v is None:
        return None
    try:
        return normalize_value(FACTS_BY_CODE[code], v)
    except FactValueError:
        return None


class _Texts:
    """Per-feature texts and fact values, computed once per feature however many units it covers."""

    def __init__(self, kind: Kind):
        self.kind = kind
        self.texts: dict = {}
        self.values: dict = {}
        used = set().union(*(_compile(r.reason)[1] for r in kind.rules)) if kind.rules else set()
        self.keys = tuple(a.key for a in kind.attributes if a.key in used)   # attributes some reason names
        self.cite = tuple((c, kind.attribute[c].label) for c in kind.cite) if "feature" in used else ()
        self.cited = frozenset(kind.attribute) | {"feature"}     # placeholders that name one feature

    def of(self, s: Source) -> dict:
        t = self.texts.get(s.fid)
        if t is None:
            attrs = s.attrs
            t = {key: attr_text(attrs.get(key)) for key in self.keys}
            if self.cite:
                t["feature"] = next((f"{label}{attr_text(attrs.get(c))}" for c, label in self.cite
                                     if attrs.get(c) is not None), f"第{s.fid}号要素")
            self.texts[s.fid] = t
        return t

    def fact(self, code: str, value: Any, chosen: Optional[Source]):
        if not (value.__class__ is str and value.startswith("{") and value.endswith("}")):
            return value
        if chosen is None:
            return None
        key = (chosen.fid, code, value)
        if key in self.values:
            return self.values[key]
        raw = chosen.attrs.get(value[1:-1])
        fact = FACTS_BY_CODE[code]
        if raw is not None and fact.type == "text":
            raw = attr_text(raw)
        try:
            v = normalize_value(fact, raw)
        except FactValueError:
            v = None
        self.values[key] = v
        return v


def _passes(rule: Rule, s: Source) -> bool:
    for c in rule.attrs:
        if not c.test(s.attrs.get(c.attr)):
            return False
    if rule.overlap_min > 0:
        om = rule.overlap_min
        return s.share >= om or (s.fshare is not None and s.fshare >= om)
    return True


def _evaluate(kind: Kind, layer_name: str, feats: list, unit_m2: float, covered_all: float, record: Mapping,
              ref: Optional[dt.date], complete: bool, is_part: bool, skip_confirmed: bool,
              texts: Optional[_Texts] = None) -> list[Suggestion]:
    texts = texts or _Texts(kind)
    vf, vu = kind.valid_from, kind.valid_until
    if ref is None or not (vf or vu):
        valid, expired = feats, ()
    else:
        valid, expired = [], []
        for s in feats:
            start = s.attrs.get(vf) if vf else None
            if start is not None and start.__class__ is dt.date and start > ref:
                continue                        # not yet approved / begun on the unit's date
            end = s.attrs.get(vu) if vu else None
            if end is not None and end.__class__ is dt.date and end < ref:
                expired.append(s)
            else:
                valid.append(s)
    n_all = len(feats)
    tol = kind.tolerance
    out: list[Suggestion] = []
    done: set = set()
    for rule in kind.rules:
        if rule.complete and not complete:
            continue
        if rule.term == "expired":
            if not expired or any(_passes(rule, s) for s in valid if not rule.overlap_min):
                continue
            pool = expired
        else:
            pool = valid
        if rule.cover == "none":
            if pool and not rule.attrs and not rule.overlap_min:
                continue
        elif not pool:
            continue
        if rule.record_any and not _record_matches(rule, record):
            continue
        srcs = [s for s in pool if _passes(rule, s)] if (rule.attrs or rule.overlap_min) else list(pool)
        if rule.cover == "none":
            if srcs:
                continue
            share = cov = 0.0
        else:
            if not srcs:
                continue
            cov = _cover(srcs, n_all, covered_all)
            share = cov / unit_m2 if unit_m2 > 0 else 0.0
            if rule.cover == "full" and share < 1.0 - tol:
                continue
            if rule.cover == "partial" and share >= 1.0 - tol:
                continue
        if len(srcs) > 1:
            srcs.sort(key=lambda s: (-s.share, s.fid))
        groups = [[s] for s in srcs] if rule.each and srcs else [srcs]
        items, names = _compile(rule.reason)
        for group in groups:
            chosen = group[0] if group else None
            g_cov = cov if len(groups) == 1 else chosen.area_m2
            g_share = g_cov / unit_m2 if unit_m2 > 0 else 0.0
            vals = {}
            for n in names:
                if n == "layer":
                    vals[n] = layer_name
                elif n == "unit":
                    vals[n] = "本地块" if is_part else "本图斑"
                elif n == "kind":
                    vals[n] = kind.name
                elif n == "date":
                    # which date it is (后时相 / 下发日期: store.reference_dates), when the caller says
                    vals[n] = getattr(ref, "basis", "") + cn_date(ref) if ref else ""
                elif chosen is None:
                    continue
                elif n == "share":
                    vals[n] = _pct(g_share)
                elif n == "outside":
                    vals[n] = _pct(1.0 - g_share)
                elif n == "mu":
                    vals[n] = _mu(g_cov)
                elif n == "outside_mu":
                    vals[n] = _mu(unit_m2 - g_cov)
                elif n == "fshare":
                    vals[n] = _pct(chosen.fshare) if chosen.fshare is not None else ""
            reason = _render(rule.reason, vals, texts.of(chosen) if chosen is not None else {})
            if len(group) > 1:      # the share is the union's; the cited values are the largest feature's
                reason = reason.rstrip("。") + (f"（共{len(group)}个要素合计，所列信息取自覆盖最多的一个）。"
                                                if names & texts.cited else f"（共{len(group)}个要素合计）。")
            outside = None if not group else (max(0.0, 1.0 - g_share) if g_share < 1.0 - tol else 0.0)
            sources = tuple(group)
            for code, value in rule.facts:
                if code in done:
                    continue
                v = texts.fact(code, value, chosen)
                if v is None:
                    continue
                done.add(code)
                if skip_confirmed and record and _confirmed(record, code) == v:
                    continue
                out.append(Suggestion(code, v, sources, reason, outside, rule.split, rule.id))
            if rule.note:
                out.append(Suggestion("", None, sources, reason, outside, False, rule.id))
    return out


def suggest(kind: Union[str, Kind], layer_id: str, layer_name: str, sources: list, unit_m2: float,
            covered_m2: float, record: Optional[Mapping[str, Any]], reference_date: Optional[dt.date],
            complete: Optional[bool], *, is_part: bool = False, skip_confirmed: bool = True) -> list[Suggestion]:
    """Suggestions for one unit from the features of one layer that overlap it.

    ``sources``: every overlapping feature (``Source``; attrs raw or parsed — they are parsed here);
    ``covered_m2``: area of the unit inside the union of all of them (``Coverage.units``); ``record``: the
    unit's confirmed facts (a fact confirmed with the same value is not suggested again unless
    ``skip_confirmed`` is false); ``complete``: the layer is registered as complete (None → the kind's
    default); ``is_part``: the unit is a part of a split patch (reasons say 本地块)."""
    k = get_kind(kind)
    feats = [Source(k.id, s.layer_id, s.layer_name, int(s.fid), normalize_attrs(k, s.attrs), float(s.area_m2),
                    float(s.share), None if s.fshare is None or s.fshare != s.fshare else float(s.fshare))
             for s in sources]       # parsing is idempotent: attrs may come raw or parsed; NaN reads as unknown
    return _evaluate(k, layer_name, feats, float(unit_m2), float(covered_m2), record or {}, reference_date,
                     k.complete_default if complete is None else bool(complete), is_part, skip_confirmed)


def suggest_many(kind: Union[str, Kind], layer_id: str, layer_name: str, cov, attrs_by_fid: Mapping[int, Mapping],
                 records: Optional[Mapping] = None, dates: Optional[Mapping] = None, complete: Optional[bool] = None,
                 *, parts: Optional[Any] = None, skip_confirmed: bool = True) -> dict:
    """Suggestions for every unit of a ``Coverage`` at once: ``{unit_id: [Suggestion, …]}`` (units with none
    are left out). ``attrs_by_fid``: each feature's attributes by attribute key (raw; parsed once here);
    ``records``/``dates``: by unit id (missing → no confirmed facts / no reference date); ``parts``: the unit
    ids that are parts of split patches (a set, or a predicate)."""
    k = get_kind(kind)
    if k.needs_feature_share and hasattr(cov, "with_feature_share"):
        cov = cov.with_feature_share()
    complete = k.complete_default if complete is None else bool(complete)
    records = records or {}
    dates = dates or {}
    is_part = (parts if callable(parts) else (lambda u, s=frozenset(parts or ()): u in s))
    units = cov.units
    ids = units.index.to_numpy(dtype=object)
    unit_m2 = units["unit_m2"].to_numpy(float).tolist()
    covered = units["covered_m2"].to_numpy(float).tolist()
    pairs = cov.pairs
    upos = cov.unit_pos if getattr(cov, "unit_pos", None) is not None else _positions(ids, pairs["unit_id"])
    fids_np = pairs["fid"].to_numpy(np.int64)
    parsed = {f: normalize_attrs(k, attrs_by_fid.get(f) or {}) for f in np.unique(fids_np).tolist()}
    fids = fids_np.tolist()                     # Python scalars: the loop below reads them one by one
    area = pairs["area_m2"].to_numpy(float).tolist()
    share = pairs["share"].to_numpy(float).tolist()
    fshare = (pairs["fshare"].to_numpy(float) if "fshare" in pairs else np.full(len(pairs), np.nan)).tolist()
    order = np.argsort(upos, kind="stable")
    su = upos[order]
    starts = np.flatnonzero(np.r_[True, su[1:] != su[:-1]]) if len(su) else np.zeros(0, int)
    ends = np.r_[starts[1:], len(su)]
    out: dict = {}
    texts = _Texts(k)
    has_pairs = np.zeros(len(ids), bool)
    kid = k.id
    for a, b in zip(starts.tolist(), ends.tolist()):
        p = int(su[a])
        has_pairs[p] = True
        uid = ids[p]
        feats = []
        for j in order[a:b].tolist():
            fs = fshare[j]
            f = fids[j]
            feats.append(Source(kid, layer_id, layer_name, f, parsed[f], area[j], share[j], None if fs != fs else fs))
        res = _evaluate(k, layer_name, feats, unit_m2[p], covered[p], records.get(uid) or {},
                        dates.get(uid), complete, is_part(uid), skip_confirmed, texts)
        if res:
            out[uid] = res
    none_rules = [r for r in k.rules if r.cover == "none" and (complete or not r.complete)]
    if none_rules:
        # units without features: the result depends only on the record's relevant facts, the date and the word
        codes = tuple(dict.fromkeys([c for r in none_rules for c, _ in r.record_any] +
                                    [c for r in none_rules for c, _ in r.facts]))
        cache: dict = {}
        for p in np.flatnonzero(~has_pairs).tolist():
            uid = ids[p]
            rec = records.get(uid) or {}
            ref = dates.get(uid)
            part = is_part(uid)
            try:
                key = (ref, getattr(ref, "basis", ""), part,
                       tuple([_confirmed(rec, c) for c in codes]) if rec else None)
                res = cache.get(key)
            except TypeError:
                key, res = None, None
            if res is None:
                res = _evaluate(k, layer_name, [], unit_m2[p], 0.0, rec, ref, complete, part, skip_confirmed)
                if key is not None:
                    cache[key] = res
            if res:
                out[uid] = list(res)
    return out


def record_codes(kinds) -> frozenset:
    """The facts of a unit's record that suggestions of these kinds read when confirmed facts are not skipped
    (``skip_confirmed=False``, as the pre-fill asks): their rules' ``record_any``. What a record may be trimmed
    to before it is handed to another process."""
    kinds = [get_kind(k) for k in kinds]
    return frozenset(c for k in kinds for r in k.rules for c, _ in r.record_any)


def _positions(ids: np.ndarray, unit_col) -> np.ndarray:
    pos = {u: i for i, u in enumerate(ids.tolist())}
    return np.fromiter((pos[u] for u in unit_col), dtype=np.int64, count=len(unit_col))


__all__ = ["Source", "Suggestion", "suggest", "suggest_many", "record_codes", "value_text", "attr_text"]
