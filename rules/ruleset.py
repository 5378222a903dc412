"""Rule sets: one JSON file per year in rules/rulesets/, validated and compiled when loaded.

The file format is described in rules/README.md. In short: ``parameters`` (dates and numbers the
rules compare with), ``clauses`` (the citable clause ids), ``land`` (an outline of groups and rules;
a rule's conditions are its own ``when`` and ``any_of`` together with those of every enclosing
group), ``annotations`` (additive flags and sentences) and ``mineral`` (the 同查同核 finding).

Land and mineral rules are *mutually exclusive*: at most one rule may match any combination of
facts. Loading proves it, and more, by compiling the rules into a decision tree: each fact has a
finite set of cells (the enum values or true/false, the intervals cut by the dates and numbers the
rules mention, and "unknown"), the tree splits on one fact at a time and every branch is followed.
So the compiler visits every distinguishable combination and reports, naming the rules:

- two rules that both match the same facts (with an example);
- a combination of known facts that no rule decides (with the example and the rules nearest to it);
- a rule that can never match (a condition admitting no value);
- an unknown fact, value, parameter, clause, category, flag or template placeholder.

A combination left open only because some facts are unknown becomes "待定, needs those facts": that
is the engine's honest answer, never a gap. The tree is also what the engine walks at run time.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import engine
from .engine import (
    CONTEXT_NAMES,
    DISCRETE,
    KNOWN,
    ORDERED,
    TEXT,
    Annotation,
    Context,
    Leaf,
    Node,
    PendingLeaf,
    Section,
    Template,
)
from .facts import (
    CATEGORIES,
    DERIVED,
    FACTS_BY_CODE,
    FLAG_MANUAL,
    FLAGS,
    PENDING,
    Fact,
    FactValueError,
    normalize_value,
)
from .mineral import MINERAL_FINDINGS

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"
DEFAULT_YEAR = 2021
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


# --- compilation -----------------------------------------------------------------------------------

class _Compiler:
    def __init__(self, parser: _Parser, cuts: dict, section: str):
        self.p, self.cuts, self.section = parser, cuts, section
        self.nodes = 0
        self.reached: set[str] = set()
        self.overlaps: set[tuple] = set()
        self.gaps = 0
        self._candidates: dict = {}

    def cells(self, code: str) -> list:
        return [*_known_cells(FACTS_BY_CODE[code], self.cuts.get(code, ())), None]

    def box_cells(self, box: dict) -> dict:
        out = {}
        for code, conds in box.items():
            fact, cuts = FACTS_BY_CODE[code], self.cuts.get(code, ())
            allowed = frozenset(self.cells(code))
            for c in conds:
                allowed &= _cells_of(c, fact, cuts)
            out[code] = allowed
        return out

    def witness(self, path: list) -> str:
        return ", ".join(_cell_text(FACTS_BY_CODE[c], cell, self.cuts.get(c, ())) for c, cell in path) or "(任何事实)"

    def candidates(self, possible: Optional[tuple]) -> tuple:
        """(clause, ((bool/enum fact, allowed cells), …)) of the clauses still possible at a 待定 leaf, shared
        between leaves: the engine drops the clauses a record's known facts rule out (SDPK 否 rules out A4.6)."""
        if not possible:
            return ()
        key = id(possible)
        if key not in self._candidates:
            cands, known = possible
            by_clause: dict[str, list] = {}
            for b in cands:
                by_clause.setdefault(b.rule.clause, []).append(b.cells)
            out = []
            for clause, boxes in by_clause.items():
                # per fact every rule of the clause tests: the values any of them admits (a fact some rule
                # leaves open rules nothing out) — one membership test per fact at run time
                codes = [c for c in boxes[0] if c not in known and FACTS_BY_CODE[c].type in ("bool", "enum")
                         and all(c in cells for cells in boxes)]
                out.append((clause, tuple((c, frozenset().union(*(cells[c] for cells in boxes))) for c in codes)))
            self._candidates[key] = (possible, tuple(out))
        return self._candidates[key][1]

    def build(self, cands: list, assigned: dict, path: list, possible: Optional[tuple]):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig()
        if not cands:
            unknown = [c for c, cell in path if cell is None]
            if unknown:
                missing = engine.missing_codes(unknown)
                clauses = tuple(dict.fromkeys(b.rule.clause for b in possible[0])) if possible else ()
                return PendingLeaf(missing, clauses, engine.pending_text(missing, clauses, self.p.clauses),
                                   self.candidates(possible), self.p.clauses)
            self.gaps += 1
            if self.gaps <= 5:
                near = ", ".join(nearest_rules(path, self)[:5])
                self.p.err(f"{self.section}: no rule decides {self.witness(path)}"
                           + (f" (nearest rules: {near})" if near else ""))
            return None
        first = cands[0]
        split = next((c for c in first.order if c not in assigned), None)
        if split is None:
            others = [b for b in cands[1:] if b.rule is not first.rule]
            if others:
                other = others[0]
                pair = (first.rule.id, other.rule.id)
                if pair in self.overlaps:
                    return None
                self.overlaps.add(pair)
                example = path + [(c, sorted(other.cells[c], key=_cell_key)[0]) for c in other.order
                                  if c not in assigned]
                self.p.err(f"rules {first.rule.id!r} and {other.rule.id!r} both match {self.witness(example)}")
                return None
            self.reached.add(first.rule.id)
            return self.leaves[first.rule.id]
        fact = FACTS_BY_CODE[split]
        kind = ORDERED if fact.type in ("date", "number") else TEXT if fact.type == "text" else DISCRETE
        node = Node(fact, kind)
        node.cuts = self.cuts.get(split, ())
        for cell in self.cells(split):
            sub = [b for b in cands if split not in b.cells or cell in b.cells[split]]
            assigned[split] = cell
            path.append((split, cell))
            child_possible = possible
            if cell is None and possible is None:
                # the rules still possible when this fact became unknown, and the facts known compatible with
                # them by then (the path so far): only the others can rule a clause out at run time
                child_possible = (tuple(cands), frozenset(assigned))
            child = self.build(sub, assigned, path, child_possible)
            path.pop()
            del assigned[split]
            if kind == ORDERED:
                if cell is None:
                    node.unknown = child
                else:
                    node.children.append(child)
            else:
                node.table[cell] = child
        return node

    def compile(self, rules: list[_Rule]):
        self.leaves = {}
        boxes = []
        for r in rules:
            self.leaves[r.id] = Leaf(r.id, r.clause, r.category, r.flags, r.template, r.requires, r.manual)
            for i, b in enumerate(r.boxes):
                cells = self.box_cells(b)
                empty = [c for c, s in cells.items() if not s]
                if empty:
                    alt = f" (alternative {i + 1} of any_of)" if len(r.boxes) > 1 else ""
                    self.p.err(f"rule {r.id!r} is unreachable{alt}: its conditions on {', '.join(empty)} "
                               "admit no value together")
                    continue
                boxes.append(_Box(r, cells, tuple(b)))
        self.all_boxes = boxes
        try:
            root = self.build(boxes, {}, [], None)
        except _TooBig:
            self.p.err(f"{self.section}: the rules need more than {MAX_NODES} tree nodes; simplify them")
            return None
        return root


class _TooBig(Exception):
    pass


def _cell_key(cell):
    return (cell is None, str(cell))


def nearest_rules(path: list, comp: _Compiler) -> list[str]:
    """Rules agreeing most with the known facts of a path (for messages about gaps)."""
    known = [(c, cell) for c, cell in path if cell is not None]
    score: dict[str, int] = {}
    for b in comp.all_boxes:
        s = sum(1 if cell in b.cells[c] else -1 for c, cell in known if c in b.cells)
        score[b.rule.id] = max(score.get(b.rule.id, s), s)
    best = max(score.values(), default=0)
    return [r for r, s in score.items() if s == best]


# --- the rule set ----------------------------------------------------------------------------------

@dataclass
class RuleSet:
    """A compiled, validated rule set; determine with ``determine`` / ``determine_all``."""
    id: str
    year: int
    title: str
    source: str
    parameters: dict
    clauses: dict
    land: Section
    mineral: Optional[Section]
    path: Optional[Path] = None
    parts: dict = field(default_factory=dict)   # red-line side of a part -> (clause, Template) (附件4第七条)
    _rules: dict = field(default_factory=dict, repr=False)   # section -> [_Rule]
    _annotations: list = field(default_factory=list, repr=False)
    _mineral_applies: tuple = field(default=(), repr=False)  # fact codes that decide whether minerals apply

    def determine(self, record: Mapping) -> engine.Outcome:
        return engine.evaluate(self, record)

    def determine_all(self, records) -> list[engine.Outcome]:
        return engine.determine_all(records, self)

    def param(self, name: str):
        if name not in self.parameters:
            raise KeyError(f"rule set {self.id}: no parameter {name!r}")
        return self.parameters[name]

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for rules in self._rules.values() for r in rules]

    def rule(self, rule_id: str) -> _Rule:
        for rules in self._rules.values():
            for r in rules:
                if r.id == rule_id:
                    return r
        raise KeyError(rule_id)

    @property
    def facts_used(self) -> list[str]:
        """Fact codes the rules read, in contract order (the fields a form for this year needs)."""
        used = set()
        for rules in self._rules.values():
            for r in rules:
                used.update(c for b in r.boxes for c in b)
                used.update(r.requires)
                used.update(r.template.codes)
                if r.manual:
                    used.update(("RGPD", "RGSM"))
        used.update(self._mineral_applies)
        for a in self._annotations:
            used.update(a.box)
            used.update(a.template.codes if a.template else ())
        return [c for c in FACTS_BY_CODE if c in used]

    def matching_rules(self, record: Mapping, section: str = "land") -> list[str]:
        """Every rule of a section whose conditions hold, evaluated directly (slow; for checks and
        diagnostics). By validation this has at most one element; the tree must agree with it."""
        out = []
        for r in self._rules.get(section, []):
            for b in r.boxes:
                if all(c.matches(_canon(code, record)) for code, conds in b.items() for c in conds):
                    out.append(r.id)
                    break
        return out


def _canon(code: str, record: Mapping):
    return engine.canonical(FACTS_BY_CODE[code], engine.fact_value(code, record))


def compile_ruleset(data: Mapping, source: str = "<data>", path: Optional[Path] = None) -> RuleSet:
    """Validate and compile rule-set data (the parsed JSON). Raises RuleSetError listing every problem."""
    if not isinstance(data, Mapping):
        raise RuleSetError(source, ["the rule set must be a JSON object"])
    p = _Parser(data)
    p.parse_header()
    if p.errors:
        raise RuleSetError(source, p.errors)
    land_rules: list[_Rule] = []
    p.outline(data.get("land"), "land", CATEGORIES, {}, None, land_rules)
    anns = p.annotations(data.get("annotations"))
    part_texts = p.parts(data.get("parts"))
    mineral_data = data.get("mineral")
    mineral_rules: list[_Rule] = []
    applies: list = []
    if mineral_data is not None:
        if not isinstance(mineral_data, Mapping):
            p.err("mineral must be an object with applies and rules")
        else:
            applies = [p.box("mineral.applies", alt)[0] for alt in _as_list(mineral_data.get("applies") or [])]
            if not applies:
                p.err("mineral: applies must list when a patch gets a mineral finding")
            p.outline(mineral_data.get("rules"), "mineral", MINERAL_FINDINGS, {}, None, mineral_rules)
    if p.errors:
        raise RuleSetError(source, p.errors)

    # every date/number the rules compare a fact with cuts that fact's domain into intervals
    cut_sets: dict[str, set] = {}
    all_boxes = [b for r in land_rules + mineral_rules for b in r.boxes] + [a.box for a in anns] + applies
    for box in all_boxes:
        for code, conds in box.items():
            for c in conds:
                for op, t in c.bounds:
                    cut_sets.setdefault(code, set()).add(_cut(op, t))
    cuts = {c: tuple(sorted(s)) for c, s in cut_sets.items()}

    land_comp = _Compiler(p, cuts, "land")
    land_root = land_comp.compile(land_rules)
    mineral_section = None
    if mineral_data is not None:
        min_comp = _Compiler(p, cuts, "mineral")
        min_root = min_comp.compile(mineral_rules)
        for i, box in enumerate(applies):
            if not all(min_comp.box_cells(box).values()):
                p.err(f"mineral: applies alternative {i + 1} admits no value")
        mineral_section = Section("mineral", min_root, applies=_applies_predicate(applies))
        _check_reached(p, mineral_rules, min_comp)
    _check_reached(p, land_rules, land_comp)

    by_category: dict[str, list] = {c: [] for c in CATEGORIES}
    produced = {r.category for r in land_rules} | {PENDING}
    if any(r.manual for r in land_rules):
        produced |= set(FACTS_BY_CODE["RGPD"].labels.values())
    for a in anns:
        cells = land_comp.box_cells(a.box)
        empty = [c for c, s in cells.items() if not s]
        if empty:
            p.err(f"rule {a.id!r} is unreachable: its conditions on {', '.join(empty)} admit no value together")
            continue
        cats = a.categories if a.categories is not None else frozenset(CATEGORIES)
        if not cats & produced:
            p.err(f"rule {a.id!r} is unreachable: no land rule yields {', '.join(sorted(cats))}")
            continue
        if not _annotation_can_fire(a, cats, cells, land_rules, land_comp):
            p.err(f"rule {a.id!r} is unreachable: no land rule yielding {', '.join(sorted(cats))} "
                  "is compatible with its conditions")
            continue
        tests = _tests(a.box)
        ann = Annotation(a.id, a.clause, cats, tests, a.flag, a.template, a.ask)
        for c in cats:
            by_category[c].append(ann)
    if p.errors:
        raise RuleSetError(source, p.errors)
    land_section = Section("land", land_root, {c: tuple(v) for c, v in by_category.items() if v})
    return RuleSet(id=str(data.get("id") or data["year"]), year=data["year"], title=str(data.get("title", "")),
                   source=str(data.get("source", "")), parameters=dict(p.params), clauses=dict(p.clauses),
                   land=land_section, mineral=mineral_section, path=path, parts=part_texts,
                   _rules={"land": land_rules, "mineral": mineral_rules}, _annotations=anns,
                   _mineral_applies=tuple(code for box in applies for code in box))


def _check_reached(p: _Parser, rules: list[_Rule], comp: _Compiler) -> None:
    if p.errors:
        return  # an earlier error (overlap, gap) may have stopped the walk short of some rules
    for r in rules:
        if r.id not in comp.reached:
            p.err(f"rule {r.id!r} is unreachable")


def _annotation_can_fire(a: _Ann, cats, cells: dict, rules: list[_Rule], comp: _Compiler) -> bool:
    if PENDING in cats:
        return True
    for r in rules:
        if not (r.category in cats or (r.manual and cats - {PENDING})):
            continue
        for b in r.boxes:
            rc = comp.box_cells(b)
            if all(code not in rc or rc[code] & s for code, s in cells.items()):
                return True
    return False


def _tests(box: dict) -> list[tuple]:
    """(code, fact, derive, cond, fast) per condition; ``fast`` holds the raw values that are already
    canonical and admitted, so the usual record is checked without parsing."""
    out = []
    for code, conds in box.items():
        for c in conds:
            fast = frozenset() if c.bounds or c.any_known or FACTS_BY_CODE[code].type == "text" else \
                c.allowed | ({None} if c.unknown else set())
            out.append((code, FACTS_BY_CODE[code], DERIVED.get(code), c, fast))
    return out


def _applies_predicate(boxes: list):
    alternatives = [_tests(b) for b in boxes]

    def applies(rec: Mapping) -> bool:
        for tests in alternatives:
            for code, fact, derive, cond, fast in tests:
                raw = rec.get(code) if derive is None else derive(rec)
                try:
                    if raw in fast:
                        continue
                except TypeError:
                    pass
                if not cond.matches(engine.canonical(fact, raw)):
                    break
            else:
                return True
        return False
    return applies


# --- loading ---------------------------------------------------------------------------------------

def available_years(directory: Path = RULESET_DIR) -> list[int]:
    return sorted(int(p.stem) for p in directory.glob("*.json") if p.stem.isdigit())


def load_ruleset(which=None) -> RuleSet:
    """The rule set for a year (int or "2021"), a path to a JSON file, or None for DEFAULT_YEAR.

    Compiled once per file version (cached on path and modification time)."""
    if which is None:
        which = DEFAULT_YEAR
    if isinstance(which, int) or (isinstance(which, str) and which.isdigit()):
        path = RULESET_DIR / f"{int(which)}.json"
        if not path.exists():
            years = ", ".join(map(str, available_years())) or "none"
            raise RuleSetError(str(which), [f"no rule set for year {which} (available: {years})"])
    else:
        path = Path(which)
    path = path.resolve()
    return _load_cached(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _load_cached(path: str, _mtime: int) -> RuleSet:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise RuleSetError(Path(path).name, [f"not valid JSON: {e}"]) from None
    return compile_ruleset(data, Path(path).name, Path(path))


def validate_ruleset(data: Mapping) -> list[str]:
    """The problems of rule-set data, [] when it is valid."""
    try:
        compile_ruleset(data)
    except RuleSetError as e:
        return e.errors
    return []
