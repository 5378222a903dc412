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

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import engine
from .engine import (
    DISCRETE,
    ORDERED,
    TEXT,
    Annotation,
    Leaf,
    Node,
    PendingLeaf,
    Section,
)
from .facts import (
    CATEGORIES,
    DERIVED,
    FACTS_BY_CODE,
    PENDING,
    fact_value,
)
from .mineral import MINERAL_FINDINGS
from .ruleset_parse import (
    MAX_NODES,
    RuleSetError,
    _Ann,
    _as_list,
    _Box,
    _cell_text,
    _cells_of,
    _cut,
    _known_cells,
    _Parser,
    _Rule,
)

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"
DEFAULT_YEAR = 2021

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
    return engine.canonical(FACTS_BY_CODE[code], fact_value(code, record))


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
