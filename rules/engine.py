"""Determination at run time: walk a compiled rule set for one fact record.

A record is a mapping from fact codes (rules/facts.py) to values; a patch and a part of a split patch
are both just records. ``ruleset.compile`` turns a year's rule set into a decision tree of ``Node``s
whose leaves are rule outcomes or "pending, needs …"; here the tree is walked (a handful of dict
look-ups per record), annotations add flags and sentences, and an ``Outcome`` comes back.

    >>> from wpzf.rules import determine
    >>> determine({"XZJSYD": False, "SJYT": "temporary", "LSPF": True}).category
    '临时用地'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

from .facts import (
    DERIVED,
    DERIVED_SOURCES,
    FACTS_BY_CODE,
    FLAG_MANUAL,
    PENDING,
    UNKNOWN_LABEL,
    Fact,
    FactValueError,
    display_value,
    fact_value,
    is_unknown,
    normalize_value,
    question,
)
from .templates import UnitWords, unit_words

if TYPE_CHECKING:
    from .ruleset import RuleSet

KNOWN = "<known>"  # the one cell of a text fact that is filled in
DISCRETE, TEXT, ORDERED = 0, 1, 2
_MISS = object()


class MineralFinding(NamedTuple):
    finding: str
    clause: str
    rule_id: str
    explanation: str
    missing: tuple[str, ...]


class Outcome(NamedTuple):
    """What a patch (or part) is under the year's rules, why, and what is still missing."""
    category: str                 # one of facts.CATEGORIES (待定 when undecidable)
    flags: tuple[str, ...]        # facts.FLAGS, in rule order
    clause: str                   # the clause id that decided (A4.1 … A4.7, default, manual); for 待定
                                  # without a rule, the one clause still possible or ''
    clauses: tuple[str, ...]      # that clause first, then clauses cited by annotations (待定: those
                                  # still possible)
    rule_id: str                  # the deciding rule, or "pending:<facts>" when no rule could match
    explanation: str              # one Chinese paragraph built from the facts
    missing: tuple[str, ...]      # fact codes still needed (to decide, or to complete the record)
    invalid: tuple[str, ...]      # fact codes whose values were not understood (read as unknown)
    ruleset: str                  # rule-set id (the year), for traceability
    mineral: Optional[MineralFinding]

    @property
    def pending(self) -> bool:
        return self.category == PENDING

    def to_fields(self) -> dict[str, Any]:
        """Result fields for the workspace (DBF-safe codes; PDJG/PDYJSM as in Ministry schemas)."""
        m = self.mineral
        return {
            "PDJG": self.category,
            "PDBZ": "；".join(self.flags),
            "PDTK": "、".join(self.clauses),
            "PDGZ": self.rule_id,
            "PDYJSM": self.explanation,
            "QSSS": ",".join(self.missing),
            "GZJ": self.ruleset,
            "KCPDJG": m.finding if m else None,
            "KCPDSM": m.explanation if m else None,
        }


RESULT_FIELDS = {
    "PDJG": "判定结果", "PDBZ": "判定标注", "PDTK": "判定条款", "PDGZ": "判定规则", "PDYJSM": "判定依据说明",
    "QSSS": "缺少事实", "GZJ": "规则集", "KCPDJG": "矿产判定结果", "KCPDSM": "矿产判定说明",
}


# --- values as the tree reads them -----------------------------------------------------------------

def canonical(fact: Fact, value, invalid: Optional[list] = None):
    """Canonical value or None; an invalid value counts as unknown and is noted in ``invalid``."""
    try:
        return normalize_value(fact, value)
    except FactValueError:
        if invalid is not None:
            invalid.append(fact.code)
        return None


def missing_codes(codes: Iterable[str]) -> list[str]:
    """Derived facts are reported as the entered facts they come from."""
    out: list[str] = []
    for c in codes:
        for s in DERIVED_SOURCES.get(c, (c,)):
            if s not in out:
                out.append(s)
    return out


def past_cut(value, cut: tuple) -> bool:
    threshold, strict = cut
    return value > threshold if strict else value >= threshold


# --- plain-Chinese pieces of an explanation ------------------------------------------------------------

_ANNEX_TITLE = re.compile(r"^附件(\d+)\s*([一二三四五六七八九十]+)、\s*(.+)$")


def cite(clause: str, titles: Mapping[str, str]) -> str:
    """A clause as a county official cites it, from the rule set's title: 附件4 一、存量建设用地判定 →
    附件4第一条（存量建设用地判定）; other titles as they are. Never the clause id."""
    if clause == "manual":   # the engine's own clause: 附件4 is silent and a person decides
        return "人员认定（附件4未作规定的情形）"
    title = str(titles.get(clause, "") or "").strip()
    m = _ANNEX_TITLE.match(title)
    if m:
        return f"附件{m.group(1)}第{m.group(2)}条（{m.group(3)}）"
    head, colon, rest = title.partition("：")
    if colon and rest and "（" not in head:   # 一般规定：建设占用… → 一般规定（建设占用…）, readable in a list
        return f"{head}（{rest}）"
    return title or "相关规定"


def questions(codes: Iterable[str]) -> str:
    return "、".join(dict.fromkeys(question(c) for c in codes))


def pending_text(missing: Iterable[str], clauses: Iterable[str], titles: Mapping[str, str]) -> str:
    """Why a record is 待定 when facts on the way are unknown: the questions not yet answered, and the
    clauses still possible (at most three), cited by name."""
    clauses = list(clauses)
    cited = "、".join(dict.fromkeys(cite(c, titles) for c in clauses))
    return (f"尚未填写：{questions(missing)}，暂无法判定"
            + (f"；可能适用：{cited}" if 0 < len(clauses) <= 3 else "") + "。")


class Leaf:
    """A rule's outcome."""
    __slots__ = ("rule_id", "clause", "category", "flags", "template", "requires", "manual")

    def __init__(self, rule_id, clause, category, flags, template, requires, manual):
        self.rule_id, self.clause, self.category = rule_id, clause, category
        self.flags, self.template, self.requires, self.manual = tuple(flags), template, tuple(requires), manual


class PendingLeaf:
    """No rule can match because facts on the way are unknown: 待定, needs them. ``candidates``: (clause,
    ((code, allowed cells), …)) of the rules still possible, so that a record's known facts can rule clauses
    out (SDPK 否 rules out 附件4第六条)."""
    __slots__ = ("missing", "clauses", "explanation", "candidates", "titles", "_texts")

    def __init__(self, missing, clauses, explanation, candidates=(), titles=None):
        self.missing, self.clauses, self.explanation = tuple(missing), tuple(clauses), explanation
        self.candidates = tuple((clause, tuple((FACTS_BY_CODE[c], DERIVED.get(c), allowed) for c, allowed in tests))
                                for clause, tests in candidates)
        self.titles = titles or {}
        self._texts = {self.clauses: explanation}

    def possible(self, rec: Mapping) -> tuple:
        """The clauses still possible for this record (those no known bool/enum fact rules out)."""
        if not self.candidates:
            return self.clauses
        out: list = []
        seen: dict = {}
        for clause, tests in self.candidates:
            for fact, derive, allowed in tests:
                v = seen.get(fact.code, _MISS)
                if v is _MISS:
                    raw = rec.get(fact.code) if derive is None else derive(rec)
                    cls = raw.__class__
                    v = raw if (cls is bool or (cls is str and raw in fact.labels)) else canonical(fact, raw)
                    seen[fact.code] = v
                if v is not None and v not in allowed:
                    break
            else:
                out.append(clause)
        return tuple(out)

    def text(self, clauses: tuple) -> str:
        t = self._texts.get(clauses)
        if t is None:
            t = self._texts[clauses] = pending_text(self.missing, clauses, self.titles)
        return t


class Node:
    """Tests one fact; one child per cell of the fact's domain, unknown included."""
    __slots__ = ("code", "fact", "derive", "kind", "table", "cuts", "children", "unknown")

    def __init__(self, fact: Fact, kind: int):
        self.code, self.fact, self.kind = fact.code, fact, kind
        self.derive = DERIVED.get(fact.code)
        self.table: dict = {}          # DISCRETE/TEXT: canonical value (None = unknown) -> child
        self.cuts: tuple = ()          # ORDERED: sorted (threshold, strict) cuts …
        self.children: list = []       # … and the child for each interval between them
        self.unknown = None            # ORDERED: child for unknown


def walk(root, rec: Mapping, invalid: list):
    node = root
    while node.__class__ is Node:
        v = rec.get(node.code) if node.derive is None else node.derive(rec)
        kind = node.kind
        if kind == DISCRETE:
            try:
                nxt = node.table.get(v, _MISS)
            except TypeError:  # unhashable junk
                nxt = _MISS
            if nxt is _MISS:
                nxt = node.table[canonical(node.fact, v, invalid)]
        elif kind == TEXT:
            nxt = node.table[None if is_unknown(v) else KNOWN]
        else:
            v = canonical(node.fact, v, invalid)
            if v is None:
                nxt = node.unknown
            else:
                i = 0
                for cut in node.cuts:
                    if not past_cut(v, cut):
                        break
                    i += 1
                nxt = node.children[i]
        node = nxt
    return node


class Annotation:
    """An additive rule: when its conditions hold for a determined record it adds a flag and/or text.

    Conditions are three-valued: an unknown fact neither fires nor rules out the annotation; when the
    annotation ``ask``s, the facts that kept it undecided are reported missing.
    """
    __slots__ = ("id", "clause", "categories", "tests", "flag", "template", "ask")

    def __init__(self, id, clause, categories, tests, flag, template, ask):
        self.id, self.clause, self.categories = id, clause, categories
        # tests: [(code, fact, derive, cond, fast)], fast = raw values admitted without parsing
        self.tests, self.flag, self.template = tests, flag, template
        self.ask = ask

    def state(self, rec: Mapping, invalid: list):
        """True, False or the list of codes whose unknown values leave it open."""
        blocking = []
        for code, fact, derive, cond, fast in self.tests:
            raw = rec.get(code) if derive is None else derive(rec)
            try:
                if raw in fast:  # already canonical and admitted: skip parsing
                    continue
            except TypeError:
                pass
            r = cond.test(canonical(fact, raw, invalid))
            if r is False:
                return False
            if r is None:
                blocking.append(code)
        return blocking or True


class Section:
    """A compiled decision (land or mineral): its tree, and for the land also annotations."""
    __slots__ = ("name", "root", "annotations_by_category", "applies")

    def __init__(self, name, root, annotations_by_category=None, applies=None):
        self.name, self.root = name, root
        self.annotations_by_category = annotations_by_category or {}
        self.applies = applies   # mineral: predicate(rec) -> bool


def _decide(leaf, rec: Mapping, invalid: list, ctx: Optional[UnitWords] = None):
    """(category, flags, clause, rule_id, sentences, missing, clauses) of a leaf for a record; ``clauses``: the
    deciding clause, or for 待定 without a rule the clauses still possible."""
    if leaf.__class__ is PendingLeaf:
        clauses = leaf.possible(rec)
        clause = clauses[0] if len(clauses) == 1 else ""
        return (PENDING, [], clause, "pending:" + ",".join(leaf.missing), [leaf.text(clauses)],
                list(leaf.missing), clauses)
    flags = list(leaf.flags)
    text = [leaf.template.render(rec, ctx)]
    missing = [c for c in leaf.requires if is_unknown(fact_value(c, rec))]
    category = leaf.category
    if leaf.manual:
        fact = FACTS_BY_CODE["RGPD"]   # the person's determination, when a manual rule applies
        chosen = canonical(fact, rec.get("RGPD"), invalid)
        if chosen is None:
            missing.insert(0, "RGPD")
        else:
            category = fact.labels[chosen]
            flags = [f for f in flags if f != FLAG_MANUAL]
            if is_unknown(rec.get("RGSM")):   # the missing-facts sentence asks for the explanation
                text.append(f"经人工认定为“{category}”。")
                if "RGSM" not in missing:
                    missing.append("RGSM")
            else:
                text.append(f"经人工认定为“{category}”：{display_value(FACTS_BY_CODE['RGSM'], rec.get('RGSM'))}。")
    return category, flags, leaf.clause, leaf.rule_id, text, missing, (leaf.clause,)


def _missing_sentence(codes: list[str]) -> str:
    """Facts still missing read as questions not yet answered, never as findings (“尚缺…”)."""
    return f"尚未填写：{questions(codes)}。"


def evaluate(rs: RuleSet, rec: Mapping) -> Outcome:
    invalid: list[str] = []
    land = rs.land
    leaf = walk(land.root, rec, invalid)
    ctx = unit_words(rec)
    category, flags, clause, rule_id, text, missing, clauses = _decide(leaf, rec, invalid, ctx)
    clauses = list(clauses)
    split = rs.parts.get(ctx.part.get("redline")) if ctx is not None and ctx.part and rs.parts else None
    if split is not None:   # a part of a patch split along an approval's red line (附件4第七条)
        clause_id, template = split
        text.append(template.render(rec, ctx))
        if clause_id not in clauses:
            clauses.append(clause_id)
    blocked: list[tuple[str, list]] = []
    for ann in land.annotations_by_category.get(category, ()):
        st = ann.state(rec, invalid)
        if st is False:
            continue
        if st is not True:
            if ann.ask:
                blocked.append((ann.flag, st))
            continue
        if ann.flag and ann.flag not in flags:
            flags.append(ann.flag)
        if ann.template is not None:
            text.append(ann.template.render(rec, ctx))
        if ann.clause not in clauses:
            clauses.append(ann.clause)
    for flag, codes in blocked:
        if flag is None or flag not in flags:
            missing.extend(codes)
    if missing:
        missing = missing_codes(missing)
        if category != PENDING:
            text.append(_missing_sentence(missing))
    mineral = evaluate_mineral(rs, rec, invalid) if rs.mineral is not None else None
    return Outcome(category, tuple(flags), clause, tuple(clauses), rule_id, "".join(text), tuple(missing),
                   tuple(dict.fromkeys(invalid)) if invalid else (), rs.id, mineral)


def with_pending(outcome: Outcome, rec: Mapping, pending: Optional[Mapping[str, Mapping]]) -> Outcome:
    """The outcome naming facts that reference data suggests but nobody has confirmed yet.

    ``pending``: {fact code: {"value", "value_text", "reason"}} (``store.reference.pending_facts`` of one
    unit). A suggestion is not a fact: the determination stays what the confirmed facts give; the explanation
    ends with “待确认：是否取得建设用地批复（参考数据建议：是）；…” and a suggested fact the record leaves
    unknown is listed as missing. A suggestion differing from a confirmed value is named with both values."""
    if not pending:
        return outcome
    items, missing = [], list(outcome.missing)
    for code in FACTS_BY_CODE:   # contract order, whatever order the suggestions came in
        p = pending.get(code)
        if p is None:
            continue
        fact = FACTS_BY_CODE[code]
        suggested = display_value(fact, p.get("value"))
        if suggested == UNKNOWN_LABEL or suggested.endswith("（无效值）"):
            suggested = str(p.get("value_text") or "").strip() or f"（{UNKNOWN_LABEL}）"
        current = fact_value(code, rec)
        if is_unknown(current):
            items.append(f"{question(code)}（参考数据建议：{suggested}）")
            if code not in missing:
                missing.append(code)
            continue
        confirmed = display_value(fact, current)
        if confirmed != suggested:
            items.append(f"{question(code)}（已填写：{confirmed}；参考数据建议：{suggested}）")
    if not items:
        return outcome
    return outcome._replace(explanation=outcome.explanation + "待确认：" + "；".join(items) + "。",
                            missing=tuple(missing))


def evaluate_mineral(rs: RuleSet, rec: Mapping, invalid: Optional[list] = None) -> Optional[MineralFinding]:
    sec = rs.mineral
    if sec is None or not sec.applies(rec):
        return None
    invalid = [] if invalid is None else invalid
    ctx = unit_words(rec)   # a part names itself (本地块（…第2块）) in its mineral text too
    category, _flags, clause, rule_id, text, missing, _clauses = _decide(walk(sec.root, rec, invalid), rec, invalid,
                                                                         ctx)
    if missing:
        missing = missing_codes(missing)
        if category != PENDING:
            text.append(_missing_sentence(missing))
    return MineralFinding(category, clause, rule_id, "".join(text), tuple(missing))


# --- the public entry points -----------------------------------------------------------------------

def _resolve(ruleset) -> RuleSet:
    from .ruleset import RuleSet, load_ruleset
    return ruleset if isinstance(ruleset, RuleSet) else load_ruleset(ruleset)


def determine(record: Mapping, ruleset=None) -> Outcome:
    """Determine one fact record (a patch or a part) under a rule set (a RuleSet, a year, a path;
    None = the default year)."""
    return evaluate(_resolve(ruleset), record)


def determine_all(records: Iterable[Mapping], ruleset=None) -> list[Outcome]:
    """Determine many records; a pandas DataFrame is accepted too (one row per record)."""
    rs = _resolve(ruleset)
    if hasattr(records, "to_dict") and hasattr(records, "columns"):
        records = records.to_dict("records")
    return [evaluate(rs, r) for r in records]


def determine_frame(frame, ruleset=None):
    """A DataFrame of result fields (Outcome.to_fields) aligned with ``frame``'s index."""
    import pandas as pd
    outcomes = determine_all(frame, ruleset)
    return pd.DataFrame([o.to_fields() for o in outcomes], index=frame.index,
                        columns=list(RESULT_FIELDS))
