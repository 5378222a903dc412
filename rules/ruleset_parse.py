"""Reading a rule-set file (rules/ruleset.py compiles what this reads): the conditions of a rule and the cells of
a fact they admit, the parsed groups, rules and annotations, and every check a single rule can fail on its own
(unknown facts, values, parameters, clauses, flags, placeholders and keys).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional

from .engine import KNOWN
from .facts import (
    CATEGORIES,
    FACTS_BY_CODE,
    FLAG_MANUAL,
    FLAGS,
    PENDING,
    Fact,
    FactValueError,
    normalize_value,
)
from .templates import CONTEXT_NAMES, Context, Template

FORMAT = 1
MAX_NODES = 200_000
CATEGORY_KEY = "category"   # the pseudo-fact annotations may test

_OPS = ("lt", "le", "gt", "ge")
_PLACEHOLDER = re.compile(r"\{([$@]?)([A-Za-z_][A-Za-z0-9_]*)\}")
_GROUP_KEYS = {"id", "clause", "when", "rules", "note"}
_RULE_KEYS = {"id", "clause", "when", "any_of", "category", "flags", "explain", "requires", "manual", "note"}
_ANNOTATION_KEYS = {"id", "clause", "when", "flag", "explain", "ask", "note"}
_TOP_KEYS = {"format", "id", "year", "title", "source", "parameters", "clauses", "land", "annotations",
             "mineral", "parts", "note"}
_PART_SIDES = ("inside", "outside")   # "parts": the sentence a part split along a red line adds, by its side


class RuleSetError(ValueError):
    """A rule set that cannot be used; ``errors`` holds one message per problem, each naming its rule."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = list(errors)
        super().__init__(f"rule set {source} is invalid:\n  " + "\n  ".join(self.errors))


# --- conditions ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cond:
    """A condition on one fact. Discrete facts: the allowed known values. Ordered facts (date, number):
    bounds that a known value must meet (``any_known`` without bounds admits every known value)."""
    code: str
    allowed: frozenset = frozenset()
    bounds: tuple = ()        # ((op, threshold), ...)
    any_known: bool = False
    unknown: bool = False

    def test(self, v) -> Optional[bool]:
        """Three-valued test of a canonical value: None when v is unknown and the condition needs it known."""
        if v is None:
            return True if self.unknown else None
        if self.bounds or self.any_known:
            return all(_holds(op, v, t) for op, t in self.bounds)
        return (KNOWN if isinstance(v, str) and FACTS_BY_CODE[self.code].type == "text" else v) in self.allowed

    def matches(self, v) -> bool:
        """Two-valued: unknown matches only when the condition admits unknown."""
        return self.unknown if v is None else bool(self.test(v))


def _holds(op: str, v, t) -> bool:
    return v < t if op == "lt" else v <= t if op == "le" else v > t if op == "gt" else v >= t


def _cut(op: str, t) -> tuple:
    # lt/ge split at "x < t | x ≥ t" (not strict), le/gt at "x ≤ t | x > t" (strict)
    return (t, op in ("le", "gt"))


def _known_cells(fact: Fact, cuts: tuple) -> list:
    if fact.type == "bool":
        return [True, False]
    if fact.type == "enum":
        return [v for v, _ in fact.values]
    if fact.type == "text":
        return [KNOWN]
    return list(range(len(cuts) + 1))


def _cells_of(cond: Cond, fact: Fact, cuts: tuple) -> frozenset:
    cells = set()
    if fact.type in ("date", "number"):
        for i in range(len(cuts) + 1):
            if cond.any_known or cond.bounds:
                if all((i <= cuts.index(_cut(op, t))) == (op in ("lt", "le")) for op, t in cond.bounds):
                    cells.add(i)
    else:
        cells = set(cond.allowed)
    if cond.unknown:
        cells.add(None)
    return frozenset(cells)


def _cell_text(fact: Fact, cell, cuts: tuple) -> str:
    if cell is None:
        return f"{fact.code}=未知"
    if fact.type == "bool":
        return f"{fact.code}={'是' if cell else '否'}"
    if fact.type == "enum":
        return f"{fact.code}={fact.labels[cell]}"
    if fact.type == "text":
        return f"{fact.code}=已填"
    parts = []
    if cell > 0:
        t, strict = cuts[cell - 1]
        parts.append(f"{'>' if strict else '≥'}{t}")
    if cell < len(cuts):
        t, strict = cuts[cell]
        parts.append(f"{'≤' if strict else '<'}{t}")
    return f"{fact.code}{'且'.join(parts) or '已填'}"


# --- parsed rules ----------------------------------------------------------------------------------

@dataclass
class _Rule:
    id: str
    clause: str
    boxes: list            # alternatives; each {code: [Cond, ...]} (conjunction)
    category: str
    flags: tuple
    template: Template
    requires: tuple
    manual: bool
    section: str


@dataclass
class _Box:
    rule: _Rule
    cells: dict            # code -> frozenset of allowed cells
    order: tuple           # codes in the order the rule mentions them (the tree splits in this order)


@dataclass
class _Ann:
    id: str
    clause: str
    categories: Optional[frozenset]
    box: dict
    flag: Optional[str]
    template: Optional[Template]
    ask: bool


class _Parser:
    def __init__(self, data: Mapping):
        self.data = data
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.params: dict[str, Any] = {}
        self.param_types: dict[str, str] = {}
        self.clauses: dict[str, str] = {}

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    # parameters and clauses
    def parse_header(self) -> None:
        d = self.data
        for k in d:
            if k not in _TOP_KEYS:
                self.err(f"unknown top-level key {k!r}")
        if d.get("format") != FORMAT:
            self.err(f"format must be {FORMAT}")
        if not isinstance(d.get("year"), int):
            self.err("year must be an integer")
        for name, spec in (d.get("parameters") or {}).items():
            if not isinstance(spec, Mapping) or spec.get("type") not in ("date", "number") or "value" not in spec:
                self.err(f"parameter {name!r}: needs type (date or number) and value")
                continue
            probe = Fact(name, name, spec["type"], "")
            try:
                value = normalize_value(probe, spec["value"])
            except FactValueError:
                value = None
            if value is None:
                self.err(f"parameter {name!r}: {spec['value']!r} is not a {spec['type']}")
                continue
            self.params[name], self.param_types[name] = value, spec["type"]
        clauses = d.get("clauses")
        if not isinstance(clauses, Mapping) or not clauses:
            self.err("clauses must map clause ids to their titles")
        else:
            self.clauses = {str(k): str(v) for k, v in clauses.items()}

    def new_id(self, item: Mapping, where: str) -> str:
        rid = item.get("id")
        if not isinstance(rid, str) or not rid:
            self.err(f"{where}: every rule and group needs an id")
            return f"<{where}>"
        if rid in self.ids:
            self.err(f"rule {rid!r}: id used twice")
        self.ids.add(rid)
        return rid

    def clause(self, rid: str, clause) -> str:
        if clause not in self.clauses:
            self.err(f"rule {rid!r}: unknown clause {clause!r}")
        return clause or ""

    # conditions
    def threshold(self, rid: str, fact: Fact, raw):
        if isinstance(raw, str) and raw.startswith("$"):
            name = raw[1:]
            if name not in self.params:
                self.err(f"rule {rid!r}: unknown parameter {raw!r}")
                return None
            if self.param_types[name] != fact.type:
                self.err(f"rule {rid!r}: parameter {raw!r} is a {self.param_types[name]}, {fact.code} a {fact.type}")
                return None
            return self.params[name]
        try:
            value = normalize_value(fact, raw) if not isinstance(raw, bool) else None
        except FactValueError:
            value = None
        if value is None:
            self.err(f"rule {rid!r}: {raw!r} is not a {fact.type} to compare {fact.code} with")
        return value

    def value(self, rid: str, fact: Fact, raw):
        if raw is None:
            return None
        if fact.type == "bool" and isinstance(raw, bool):
            return raw
        if fact.type == "enum" and isinstance(raw, str) and raw in fact.labels:
            return raw
        self.err(f"rule {rid!r}: {raw!r} is not a value of {fact.code}（{fact.alias}）"
                 + (f"; allowed: {', '.join(fact.labels)}" if fact.type == "enum" else ""))
        return _MISSING

    def cond(self, rid: str, code: str, spec) -> Optional[Cond]:
        fact = FACTS_BY_CODE.get(code)
        if fact is None:
            self.err(f"rule {rid!r}: unknown fact {code!r}")
            return None
        ordered = fact.type in ("date", "number")
        if isinstance(spec, Mapping):
            keys = set(spec)
            bad = keys - {"not", "known", "or_unknown", *_OPS}
            if bad or ("not" in keys and keys - {"not"}):
                self.err(f"rule {rid!r}: condition on {code} has unknown or mixed keys {sorted(keys)}")
                return None
            if "not" in keys:
                if ordered or fact.type == "text":
                    self.err(f"rule {rid!r}: 'not' applies to bool and enum facts, not {code}")
                    return None
                excluded = {self.value(rid, fact, v) for v in _as_list(spec["not"])}
                allowed = {v for v in ([True, False] if fact.type == "bool" else fact.labels) if v not in excluded}
                return Cond(code, frozenset(allowed), unknown=None not in excluded)
            bounds = []
            for op in _OPS:
                if op in spec:
                    if not ordered:
                        self.err(f"rule {rid!r}: {op} compares dates or numbers; {code} is a {fact.type}")
                        return None
                    t = self.threshold(rid, fact, spec[op])
                    if t is None:
                        return None
                    bounds.append((op, t))
            known = spec.get("known")
            if known is False and (bounds or "or_unknown" in spec):
                self.err(f"rule {rid!r}: condition on {code} mixes known: false with other tests")
                return None
            if known is False:
                return Cond(code, unknown=True)
            if not bounds and known is not True:
                self.err(f"rule {rid!r}: condition on {code} tests nothing")
                return None
            if ordered:
                return Cond(code, bounds=tuple(bounds), any_known=True, unknown=bool(spec.get("or_unknown")))
            allowed = [True, False] if fact.type == "bool" else list(fact.labels) if fact.type == "enum" else [KNOWN]
            return Cond(code, frozenset(allowed), unknown=bool(spec.get("or_unknown")))
        raw = _as_list(spec)
        if ordered or fact.type == "text":
            if any(v is not None for v in raw):
                self.err(f"rule {rid!r}: {code} is a {fact.type}: use null, {{\"known\": true}} or lt/le/gt/ge")
                return None
            return Cond(code, unknown=True)
        values = [self.value(rid, fact, v) for v in raw]
        if _MISSING in values:
            return None
        return Cond(code, frozenset(v for v in values if v is not None), unknown=None in values)

    def box(self, rid: str, spec, allow_category: bool = False) -> tuple[dict, Optional[frozenset]]:
        if spec is None:
            return {}, None
        if not isinstance(spec, Mapping):
            self.err(f"rule {rid!r}: conditions must be an object of fact: condition")
            return {}, None
        out: dict[str, list] = {}
        categories = None
        for code, s in spec.items():
            if code == CATEGORY_KEY and allow_category:
                cats = _as_list(s)
                bad = [c for c in cats if c not in CATEGORIES]
                if bad:
                    self.err(f"rule {rid!r}: unknown category {bad[0]!r}")
                categories = frozenset(c for c in cats if c in CATEGORIES)
                continue
            c = self.cond(rid, code, s)
            if c is not None:
                out.setdefault(code, []).append(c)
        return out, categories

    # the outline
    def outline(self, items, section: str, categories: tuple, inherited: dict, clause: Optional[str],
                out: list) -> None:
        if not isinstance(items, list):
            self.err(f"{section}: rules must be a list")
            return
        for item in items:
            if not isinstance(item, Mapping):
                self.err(f"{section}: every rule is an object")
                continue
            rid = self.new_id(item, section)
            is_group = "rules" in item
            bad = set(item) - (_GROUP_KEYS if is_group else _RULE_KEYS)
            if bad:
                self.err(f"rule {rid!r}: unknown keys {sorted(bad)}")
            own, _ = self.box(rid, item.get("when"))
            merged = _merge(inherited, own)
            this_clause = item.get("clause", clause)
            if is_group:
                if this_clause is not None:
                    self.clause(rid, this_clause)
                self.outline(item["rules"], section, categories, merged, this_clause, out)
                continue
            this_clause = self.clause(rid, this_clause)
            any_of = item.get("any_of")
            if any_of is not None and (not isinstance(any_of, list) or not any_of):
                self.err(f"rule {rid!r}: any_of must be a non-empty list of conditions")
                any_of = None
            boxes = [_merge(merged, self.box(rid, alt)[0]) for alt in any_of] if any_of else [merged]
            category = item.get("category")
            if category not in categories:
                self.err(f"rule {rid!r}: category {category!r} is not one of {', '.join(categories)}")
            flags = tuple(_as_list(item.get("flags", [])))
            for f in flags:
                if f not in FLAGS:
                    self.err(f"rule {rid!r}: unknown flag {f!r}")
            requires = tuple(_as_list(item.get("requires", [])))
            for c in requires:
                if c not in FACTS_BY_CODE:
                    self.err(f"rule {rid!r}: requires unknown fact {c!r}")
            manual = bool(item.get("manual", False))
            if manual and (category != PENDING or section != "land"):
                self.err(f"rule {rid!r}: only land rules with category {PENDING} can be manual")
            if category == PENDING and section == "land" and not manual and not flags:
                self.err(f"rule {rid!r}: a {PENDING} rule must say why (a flag) or be manual")
            if manual and FLAG_MANUAL not in flags:
                flags = (*flags, FLAG_MANUAL)
            explain = item.get("explain")
            if not isinstance(explain, str) or not explain.strip():
                self.err(f"rule {rid!r}: needs an explanation template")
                explain = ""
            out.append(_Rule(rid, this_clause, boxes, category, flags, self.template(rid, explain), requires,
                             manual, section))

    def template(self, rid: str, text: Optional[str]) -> Optional[Template]:
        if text is None:
            return None
        parts: list = []
        pos = 0
        for m in _PLACEHOLDER.finditer(text):
            parts.append(text[pos:m.start()])
            sigil, name = m.group(1), m.group(2)
            if sigil == "@":   # what the unit is (图斑 / 本地块, the approval a part lies by), not a fact
                if name in CONTEXT_NAMES:
                    parts.append(Context(name))
                else:
                    self.err(f"rule {rid!r}: explanation uses unknown placeholder {{@{name}}}")
            elif sigil:
                if name not in self.params:
                    self.err(f"rule {rid!r}: explanation uses unknown parameter ${name}")
                else:
                    parts.append(_param_text(self.params[name]))
            elif name in FACTS_BY_CODE:
                parts.append(FACTS_BY_CODE[name])
            else:
                self.err(f"rule {rid!r}: explanation uses unknown fact {{{name}}}")
            pos = m.end()
        parts.append(text[pos:])
        try:
            return Template([p for p in parts if p != ""])
        except ValueError as e:   # unbalanced […|…] of an optional segment
            self.err(f"rule {rid!r}: {e}")
            return Template([])

    def parts(self, spec) -> dict:
        """{side: (clause, template)} of the optional "parts" object: {"clause", "inside", "outside"}."""
        if spec is None:
            return {}
        if not isinstance(spec, Mapping) or set(spec) - {"clause", "note", *_PART_SIDES}:
            self.err(f"parts: an object with clause and the sentences {', '.join(_PART_SIDES)}")
            return {}
        clause = self.clause("parts", spec.get("clause"))
        return {side: (clause, self.template(f"parts.{side}", spec[side])) for side in _PART_SIDES if spec.get(side)}

    def annotations(self, items) -> list[_Ann]:
        out = []
        for item in items or []:
            if not isinstance(item, Mapping):
                self.err("annotations: every annotation is an object")
                continue
            rid = self.new_id(item, "annotations")
            bad = set(item) - _ANNOTATION_KEYS
            if bad:
                self.err(f"rule {rid!r}: unknown keys {sorted(bad)}")
            box, cats = self.box(rid, item.get("when"), allow_category=True)
            flag = item.get("flag")
            if flag is not None and flag not in FLAGS:
                self.err(f"rule {rid!r}: unknown flag {flag!r}")
            if flag is None and not item.get("explain"):
                self.err(f"rule {rid!r}: an annotation adds a flag, a sentence or both")
            out.append(_Ann(rid, self.clause(rid, item.get("clause")), cats, box, flag,
                            self.template(rid, item.get("explain")), bool(item.get("ask", False))))
        return out


_MISSING = object()


def _as_list(v) -> list:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def _merge(a: dict, b: dict) -> dict:
    out = {k: list(v) for k, v in a.items()}
    for k, v in b.items():
        out.setdefault(k, []).extend(v)
    return out


def _param_text(v) -> str:
    if isinstance(v, dt.date):
        return f"{v.year}年{v.month}月{v.day}日"
    return f"{v:g}"
