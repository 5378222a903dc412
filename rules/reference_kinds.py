"""Kinds of reference layer (建设用地审批, 临时用地批复 …) and the facts each suggests, as data.

``reference_kinds.json`` (beside this module) lists the kinds: their attributes (what a feature of such a
layer carries, with the field names to pre-select when a layer is registered) and their rules (which fact
gets which value when the layer's features cover a patch fully, partly or not at all, under conditions on
the features' attributes and terms and on the patch's record). A province adds a kind by adding an entry;
rules/README.md ("Reference kinds") documents the schema. Everything is validated on load against the
facts contract (rules/facts.py): an unknown fact, enum value, attribute key or placeholder is a load error
naming the kind and the rule.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from .facts import FACTS_BY_CODE, FactValueError, normalize_value

KINDS_PATH = Path(__file__).with_name("reference_kinds.json")
ATTRIBUTE_TYPES = ("text", "date", "number")
COVERS = ("full", "partial", "any", "none")
TERMS = ("valid", "expired")
# placeholders a reason template may use besides the kind's attribute keys
PLACEHOLDERS = {
    "layer": "the registered layer's name",
    "kind": "the kind's Chinese name",
    "unit": "本图斑 (本地块 for a part of a split patch)",
    "feature": "the chosen feature: its cite attribute (e.g. the 文号), else 第N号要素",
    "share": "share of the unit covered, e.g. 45.0%",
    "outside": "share of the unit outside, e.g. 55.0%",
    "mu": "area covered in 亩, e.g. 3.20亩",
    "outside_mu": "area outside in 亩",
    "fshare": "share of the chosen feature inside the unit",
    "date": "the unit's reference date (后时相), e.g. 2021年3月1日",
}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_KIND_KEYS = {"id", "name", "name_en", "description", "attributes", "complete_default", "tolerance",
              "valid_from", "valid_until", "cite", "rules", "note"}
_ATTR_KEYS = {"key", "label", "label_en", "type", "guess", "note"}
_RULE_KEYS = {"id", "cover", "term", "complete", "record_any", "attrs", "overlap_min", "facts", "note", "split",
              "each", "reason", "comment"}
_TAKES = {"text": ("text", "number"), "date": ("date",), "number": ("number",)}  # fact type ← attribute types
_COND_KEYS = {"attr", "contains_any", "contains_all", "equals_any", "or_unknown"}


class KindError(ValueError):
    """Reference kinds that cannot be used; ``errors`` holds one message per problem, naming kind and rule."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = list(errors)
        super().__init__(f"reference kinds {source} are invalid:\n  " + "\n  ".join(self.errors))


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    type: str                    # 'text' | 'date' | 'number'
    guess: tuple[str, ...]       # field names to pre-select (case-insensitive)
    label_en: str = ""


@dataclass(frozen=True)
class AttrCond:
    """A condition on a feature's attribute; features failing it are left out of the rule."""
    attr: str
    contains_any: tuple[str, ...] = ()
    contains_all: tuple[str, ...] = ()
    equals_any: tuple[str, ...] = ()
    or_unknown: bool = False     # an unknown (empty) value passes

    def test(self, value: Any) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.or_unknown
        s = str(value)
        if self.contains_any and not any(w in s for w in self.contains_any):
            return False
        if self.contains_all and not all(w in s for w in self.contains_all):
            return False
        if self.equals_any and s.strip() not in self.equals_any:
            return False
        return True


@dataclass(frozen=True)
class Rule:
    """What a kind suggests under one condition. See rules/README.md, "Reference kinds"."""
    id: str
    cover: str = "any"                   # full | partial | any | none
    term: str = "valid"                  # valid (in force on the unit's date) | expired (only ended terms cover)
    complete: bool = False               # only when the layer is registered as complete
    record_any: tuple[tuple[str, tuple], ...] = ()   # the unit's record: any of these facts has one of the values
    attrs: tuple[AttrCond, ...] = ()
    overlap_min: float = 0.0             # a feature counts when it covers ≥ this share of the unit or of itself
    facts: tuple[tuple[str, Any], ...] = ()   # (fact code, value or "{attr}" placeholder)
    note: bool = False                   # also (or only) a note: the reason shown, never accepted
    split: bool = False                  # a split along the covering features is offered
    each: bool = False                   # one suggestion per feature instead of per unit
    reason: str = ""


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    name_en: str
    description: str
    attributes: tuple[Attribute, ...]
    complete_default: bool
    tolerance: float = 0.01              # covered ≥ 1 − tolerance counts as fully covered
    valid_from: str = ""                 # attribute (date): features dated after the unit's date do not count
    valid_until: str = ""                # attribute (date): features whose term ended before it are expired
    cite: tuple[str, ...] = ()           # attributes that name a feature in a reason (first known one)
    rules: tuple[Rule, ...] = ()

    @functools.cached_property
    def attribute(self) -> dict[str, Attribute]:
        return {a.key: a for a in self.attributes}

    @property
    def needs_feature_share(self) -> bool:
        return any(r.overlap_min > 0 for r in self.rules)

    @property
    def facts(self) -> tuple[str, ...]:
        """The fact codes this kind may suggest."""
        return tuple(dict.fromkeys(c for r in self.rules for c, _ in r.facts))


# --- attribute values --------------------------------------------------------------------------------
_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_date(value) -> Optional[dt.date]:
    """A date from what layers hold: date/datetime, ISO text, 20210301, 2021/3/1, 2021年3月1日, 2021.3.1."""
    if value is None or value.__class__ is bool:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "toPyDate"):          # QDate/QDateTime handed over as they are
        try:
            value = value.toPyDate()
            return value if isinstance(value, dt.date) and value.year > 1 else None
        except (TypeError, ValueError):
            return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    s = str(value).strip()
    if len(s) == 10 and s[4] == "-":       # ISO, the usual case
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            pass
    elif len(s) > 10 and s[4] == "-" and s[10] in "T ":
        try:
            return dt.date.fromisoformat(s[:10])
        except ValueError:
            pass
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    if len(s) == 8 and s.isdigit():
        try:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            return None
    m = _CN_DATE.match(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def parse_attribute(attr: Attribute, value) -> Any:
    """The attribute's value as rules read it: date, float or stripped text; None when empty or unreadable.
    A number is read from text as its last number (批次 "2020年第3批" → 3)."""
    if value is None:
        return None
    if attr.type == "date":
        return parse_date(value)
    if attr.type == "number":
        if isinstance(value, (int, float)) and value.__class__ is not bool:
            x = float(value)
            return x if math.isfinite(x) else None
        found = _NUMBER.findall(str(value))
        return float(found[-1]) if found else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    s = str(value).strip()
    return s or None


def normalize_attrs(kind: Kind, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """``{attribute key: raw value}`` → parsed values (only the kind's attributes; unknown keys dropped)."""
    return {a.key: parse_attribute(a, attrs.get(a.key)) for a in kind.attributes if a.key in attrs}


# --- loading ------------------------------------------------------------------------------------------
def _strs(v) -> tuple[str, ...]:
    return tuple(str(x) for x in v) if isinstance(v, (list, tuple)) else ()


def _compile_kind(d: Mapping, errors: list[str], seen_ids: set) -> Optional[Kind]:
    kid = d.get("id")
    where = f"kind {kid!r}"
    if not isinstance(kid, str) or not _ID_RE.match(kid):
        errors.append(f"{where}: id must be lowercase ASCII (a-z, 0-9, _), 2–40 characters")
        return None
    if kid in seen_ids:
        errors.append(f"{where}: id used twice")
    seen_ids.add(kid)
    for k in set(d) - _KIND_KEYS:
        errors.append(f"{where}: unknown key {k!r}")
    if not str(d.get("name") or "").strip():
        errors.append(f"{where}: needs a Chinese name")
    attrs = []
    for a in d.get("attributes") or []:
        key = a.get("key") if isinstance(a, Mapping) else None
        aw = f"{where}, attribute {key!r}"
        if not isinstance(key, str) or not _KEY_RE.match(key):
            errors.append(f"{aw}: key must be lowercase ASCII (a-z, 0-9, _), ≤ 20 characters")
            continue
        for k in set(a) - _ATTR_KEYS:
            errors.append(f"{aw}: unknown key {k!r}")
        if a.get("type") not in ATTRIBUTE_TYPES:
            errors.append(f"{aw}: type must be one of {', '.join(ATTRIBUTE_TYPES)}, not {a.get('type')!r}")
        if key in PLACEHOLDERS:
            errors.append(f"{aw}: key is reserved for a reason placeholder")
        if not str(a.get("label") or "").strip():
            errors.append(f"{aw}: needs a Chinese label")
        attrs.append(Attribute(key, str(a.get("label") or ""), str(a.get("type")), _strs(a.get("guess")),
                               str(a.get("label_en") or "")))
    by_key = {a.key: a for a in attrs}
    if len(by_key) < len(attrs):
        errors.append(f"{where}: an attribute key is used twice")

    def attr_of(name: str, want_date: bool) -> str:
        v = d.get(name) or ""
        if v and v not in by_key:
            errors.append(f"{where}: {name} names unknown attribute {v!r}")
        elif v and want_date and by_key[v].type != "date":
            errors.append(f"{where}: {name} attribute {v!r} must be a date")
        return v

    valid_from, valid_until = attr_of("valid_from", True), attr_of("valid_until", True)
    cite = _strs(d.get("cite"))
    for c in cite:
        if c not in by_key:
            errors.append(f"{where}: cite names unknown attribute {c!r}")
    tol = d.get("tolerance", 0.01)
    if not isinstance(tol, (int, float)) or isinstance(tol, bool) or not 0 <= tol < 0.5:
        errors.append(f"{where}: tolerance must be a share 0 ≤ t < 0.5")
        tol = 0.01
    if not isinstance(d.get("complete_default", False), bool):
        errors.append(f"{where}: complete_default must be true or false")
    rules, rule_ids = [], set()
    for i, r in enumerate(d.get("rules") or []):
        rule = _compile_rule(r, f"{where}, rule {r.get('id', i + 1)!r}" if isinstance(r, Mapping) else
                             f"{where}, rule {i + 1}", by_key, bool(valid_until), errors)
        if rule is not None:
            if rule.id in rule_ids:
                errors.append(f"{where}, rule {rule.id!r}: id used twice")
            rule_ids.add(rule.id)
            rules.append(rule)
    return Kind(kid, str(d.get("name") or ""), str(d.get("name_en") or ""), str(d.get("description") or ""),
                tuple(attrs), bool(d.get("complete_default", False)), float(tol), valid_from, valid_until, cite,
                tuple(rules))


def _compile_rule(r, where: str, attrs: Mapping[str, Attribute], has_term: bool, errors: list[str]) -> Optional[Rule]:
    if not isinstance(r, Mapping):
        errors.append(f"{where}: a rule is an object")
        return None
    n0 = len(errors)
    rid = str(r.get("id") or "")
    if not rid:
        errors.append(f"{where}: needs an id")
    for k in set(r) - _RULE_KEYS:
        errors.append(f"{where}: unknown key {k!r}")
    cover = r.get("cover", "any")
    if cover not in COVERS:
        errors.append(f"{where}: cover must be one of {', '.join(COVERS)}, not {cover!r}")
    term = r.get("term", "valid")
    if term not in TERMS:
        errors.append(f"{where}: term must be one of {', '.join(TERMS)}, not {term!r}")
    elif term == "expired" and not has_term:
        errors.append(f"{where}: term 'expired' needs the kind's valid_until attribute")
    if term == "expired" and cover == "none":
        errors.append(f"{where}: an expired term needs covering features (cover 'none' never matches)")
    for flag in ("complete", "note", "split", "each"):
        if not isinstance(r.get(flag, False), bool):
            errors.append(f"{where}: {flag} must be true or false")
    record = []
    for code, values in (r.get("record_any") or {}).items():
        fact = FACTS_BY_CODE.get(code)
        if fact is None:
            errors.append(f"{where}: record_any names unknown fact {code!r}")
            continue
        vals = values if isinstance(values, list) else [values]
        norm = []
        for v in vals:
            if v is None:          # null: the fact is not answered yet (e.g. before the field check)
                norm.append(None)
                continue
            try:
                nv = normalize_value(fact, v)
            except FactValueError:
                nv = None
            if nv is None or (fact.type == "enum" and v not in fact.labels):
                errors.append(f"{where}: {v!r} is not a value of fact {code}")
            else:
                norm.append(nv)
        record.append((code, tuple(norm)))
    conds = []
    for c in r.get("attrs") or []:
        if not isinstance(c, Mapping) or c.get("attr") not in attrs:
            errors.append(f"{where}: attribute condition on unknown attribute "
                          f"{c.get('attr') if isinstance(c, Mapping) else c!r}")
            continue
        for k in set(c) - _COND_KEYS:
            errors.append(f"{where}: unknown key {k!r} in an attribute condition")
        cond = AttrCond(c["attr"], _strs(c.get("contains_any")), _strs(c.get("contains_all")),
                        _strs(c.get("equals_any")), bool(c.get("or_unknown", False)))
        if not (cond.contains_any or cond.contains_all or cond.equals_any):
            errors.append(f"{where}: the condition on {c['attr']!r} tests nothing")
        conds.append(cond)
    om = r.get("overlap_min", 0.0)
    if not isinstance(om, (int, float)) or isinstance(om, bool) or not 0 <= om <= 1:
        errors.append(f"{where}: overlap_min must be a share 0..1")
        om = 0.0
    facts = []
    for code, value in (r.get("facts") or {}).items():
        fact = FACTS_BY_CODE.get(code)
        if fact is None:
            errors.append(f"{where}: unknown fact {code!r}")
            continue
        if fact.derived:
            errors.append(f"{where}: fact {code} is derived from other facts and cannot be suggested")
        m = _PLACEHOLDER_RE.fullmatch(value) if isinstance(value, str) else None
        if m:
            a = attrs.get(m[1])
            if a is None:
                errors.append(f"{where}: fact {code} takes unknown attribute {m[1]!r}")
            elif a.type not in _TAKES.get(fact.type, ()):
                errors.append(f"{where}: fact {code} ({fact.type}) cannot take attribute {m[1]!r} ({a.type})")
            facts.append((code, value))
            continue
        if fact.type == "enum" and value not in fact.labels:
            errors.append(f"{where}: {value!r} is not a value of fact {code} "
                          f"(one of {', '.join(fact.labels)})")
            continue
        if fact.type == "bool" and not isinstance(value, bool):
            errors.append(f"{where}: fact {code} takes true or false, not {value!r}")
            continue
        try:
            nv = normalize_value(fact, value)
        except FactValueError:
            errors.append(f"{where}: {value!r} is not a valid {fact.type} value of fact {code}")
            continue
        if nv is None:
            errors.append(f"{where}: fact {code} needs a value")
            continue
        facts.append((code, nv))
    note = bool(r.get("note", False))
    if not facts and not note:
        errors.append(f"{where}: suggests nothing (give facts, or note: true)")
    reason = str(r.get("reason") or "")
    if not reason.strip():
        errors.append(f"{where}: needs a reason (one plain-Chinese sentence)")
    for name in _PLACEHOLDER_RE.findall(reason):
        if name not in attrs and name not in PLACEHOLDERS:
            errors.append(f"{where}: reason uses unknown placeholder {{{name}}}")
    if reason.count("[") != reason.count("]"):
        errors.append(f"{where}: reason has unbalanced [ ]")
    if len(errors) > n0:
        return None
    return Rule(rid, cover, term, bool(r.get("complete", False)), tuple(record), tuple(conds), float(om),
                tuple(facts), note, bool(r.get("split", False)), bool(r.get("each", False)), reason)


def compile_kinds(data: Any, source: str = "<data>") -> dict[str, Kind]:
    """Validated kinds from parsed JSON; raises KindError listing every problem."""
    errors: list[str] = []
    if not isinstance(data, Mapping) or data.get("format") != 1 or not isinstance(data.get("kinds"), list):
        raise KindError(source, ['the file must be {"format": 1, "kinds": [...]}'])
    for k in set(data) - {"format", "kinds", "note"}:
        errors.append(f"unknown top-level key {k!r}")
    kinds, seen = {}, set()
    for d in data["kinds"]:
        if not isinstance(d, Mapping):
            errors.append("a kind is an object")
            continue
        k = _compile_kind(d, errors, seen)
        if k is not None:
            kinds[k.id] = k
    if errors:
        raise KindError(source, errors)
    return kinds


def load_kinds(path: Union[str, Path, None] = None) -> dict[str, Kind]:
    """The kinds of ``path`` (default: the shipped reference_kinds.json), validated; cached per file version."""
    p = Path(path or KINDS_PATH).resolve()
    return _load_cached(str(p), p.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: int) -> dict[str, Kind]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise KindError(Path(path).name, [f"not valid JSON: {e}"]) from None
    return compile_kinds(data, Path(path).name)


def get_kind(kind: Union[str, Kind], path=None) -> Kind:
    if isinstance(kind, Kind):
        return kind
    kinds = load_kinds(path)
    if kind not in kinds:
        raise KeyError(f"unknown reference kind {kind!r} (known: {', '.join(kinds)})")
    return kinds[kind]


def kind_label(kind_id: str, lang: str = "zh", path=None) -> str:
    """The kind's name as people read it (Chinese; English with lang='en'); unknown ids → 参考图层."""
    k = load_kinds(path).get(kind_id)
    if k is None:
        return "参考图层" if lang != "en" else "reference layer"
    return (k.name_en or k.name) if lang == "en" else k.name


__all__ = ["Attribute", "AttrCond", "Rule", "Kind", "KindError", "load_kinds", "compile_kinds", "get_kind",
           "kind_label", "parse_attribute", "parse_date", "normalize_attrs", "KINDS_PATH"]
