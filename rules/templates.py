"""Explanation templates: literal text, fact values (``{CODE}``), parameters, the unit's own words (``{@unit}``:
图斑, or 本地块（图斑按实际占地分割后的第2块） for a part) and optional segments ``[…|…]``, compiled once per rule
set (rules/ruleset_parse.py) and rendered per evaluation (rules/engine.py)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Optional

from .facts import UNKNOWN_LABEL, Fact, display_value, fact_value, is_unknown

# A part of a split patch: its record carries FGID (the wz_part fid) and, from store.determinations.unit_records,
# PART_KEY = {"number": "2", "redline": "inside" | "outside" | None, "approval": "晋政地字〔2020〕126号" | None}
# ("redline": the part's side of an approval's red line when the patch was split along it, 附件4第七条).
PART_KEY = "_part"
CONTEXT_NAMES = ("unit", "approval")   # {@unit}: 图斑 / 本地块; {@approval}: the 文号 a red-line part lies by


class Context:
    """``{@name}`` in a template: what the unit is rather than a fact (see ``CONTEXT_NAMES``)."""
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class UnitWords:
    """How one evaluation names its unit: a whole patch is 图斑; a part is 本地块, the first time with its number
    (本地块（图斑按实际占地分割后的第2块）), so the text says which piece of the patch it speaks of."""
    __slots__ = ("part", "first")

    def __init__(self, rec: Mapping):
        part = rec.get(PART_KEY)
        if not isinstance(part, Mapping):
            fgid = rec.get("FGID")
            part = {} if fgid is not None and fgid == fgid else None   # a part (NaN: a patch's row in a frame)
        self.part, self.first = part, True   # part None: a whole patch

    def value(self, name: str) -> str:
        part = self.part
        if name == "unit":
            if part is None:
                return "图斑"
            if self.first:
                self.first = False
                n = str(part.get("number") or "").strip()
                if n.isdigit():
                    return f"本地块（图斑按实际占地分割后的第{n}块）"
            return "本地块"
        v = part.get(name) if part else None
        return "" if v is None or v != v else str(v).strip()


def unit_words(rec: Mapping) -> Optional[UnitWords]:
    """The words of a part's evaluation; None for a whole patch (its templates read 图斑 without them)."""
    fgid = rec.get("FGID")
    return UnitWords(rec) if rec.get(PART_KEY) is not None or (fgid is not None and fgid == fgid) else None


def _context_value(p: Context, ctx: Optional[UnitWords]) -> str:
    if ctx is None:
        return "图斑" if p.name == "unit" else ""
    return ctx.value(p.name)


class _Optional:
    """``[text|otherwise]`` in a template: ``text`` when every fact it names (outside nested brackets) is
    known, else ``otherwise`` (may be empty). So a text cites 文号 and date when known and says nothing
    about them otherwise (the missing-facts sentence asks for them), never “批准文号（未填写）”."""
    __slots__ = ("first", "codes", "alt")

    def __init__(self, first: tuple, alt: tuple):
        self.first, self.alt = first, alt
        self.codes = tuple(p for p in first if isinstance(p, (Fact, Context)))


_BRACKETS = re.compile(r"([\[\]|])")


def _parse_optional(parts: list) -> tuple:
    """Literal text and facts → a sequence with ``_Optional`` items; raises ValueError on unbalanced brackets."""
    tokens: list = []
    for p in parts:
        if p.__class__ is str:
            tokens.extend(t for t in _BRACKETS.split(p) if t)
        else:
            tokens.append(p)
    pos = 0

    def seq(depth: int) -> list:
        nonlocal pos
        out: list = []
        while pos < len(tokens):
            t = tokens[pos]
            if t == "[":
                pos += 1
                first = seq(depth + 1)
                alt: list = []
                if pos < len(tokens) and tokens[pos] == "|":
                    pos += 1
                    alt = seq(depth + 1)
                if pos >= len(tokens) or tokens[pos] != "]":
                    raise ValueError("explanation has a “[” without its “]”")
                pos += 1
                out.append(_Optional(tuple(first), tuple(alt)))
            elif t in ("]", "|"):
                if depth == 0:
                    raise ValueError(f"explanation has a “{t}” outside “[…]”")
                return out
            else:
                if out and t.__class__ is str and out[-1].__class__ is str:
                    out[-1] += t
                else:
                    out.append(t)
                pos += 1
        return out

    return tuple(seq(0))


def _all_facts(items) -> list:
    out = []
    for p in items:
        if isinstance(p, Fact):
            out.append(p)
        elif isinstance(p, _Optional):
            out += _all_facts(p.first) + _all_facts(p.alt)
    return out


class Template:
    """An explanation template compiled once: literal text, fact values, parameter values and optional
    segments ``[…|…]`` (see ``_Optional``)."""
    __slots__ = ("parts", "codes", "plain")

    def __init__(self, parts: list):
        self.parts = _parse_optional(parts)   # str | Fact | _Optional
        self.codes = tuple(dict.fromkeys(p.code for p in _all_facts(self.parts)))
        self.plain = not any(p.__class__ is _Optional for p in self.parts)

    def render(self, rec: Mapping, ctx: Optional[UnitWords] = None) -> str:
        out: list = []
        if self.plain:   # the usual template: one pass, no recursion
            unit = ""
            for p in self.parts:
                if p.__class__ is str:
                    out.append(p[len(unit):] if unit and p.startswith(unit) else p)
                    unit = ""
                    continue
                if p.__class__ is Context:
                    out.append(_context_value(p, ctx))
                    continue
                text = display_value(p, fact_value(p.code, rec))
                if text == UNKNOWN_LABEL:
                    text, unit = f"（{UNKNOWN_LABEL}）", p.unit
                out.append(text)
        else:
            self._render(self.parts, rec, out, ctx)
        return "".join(out)

    def _render(self, parts, rec: Mapping, out: list, ctx: Optional[UnitWords]) -> None:
        unit = ""
        for p in parts:
            cls = p.__class__
            if cls is str:
                # an unknown value reads （未填写）, never “未填写亩”: its unit goes with it
                out.append(p[len(unit):] if unit and p.startswith(unit) else p)
                unit = ""
            elif cls is _Optional:
                known = all(_context_value(f, ctx) if f.__class__ is Context else not is_unknown(fact_value(f.code, rec))
                            for f in p.codes)
                self._render(p.first if known else p.alt, rec, out, ctx)
                unit = ""
            elif cls is Context:
                out.append(_context_value(p, ctx))
                unit = ""
            else:
                text = display_value(p, fact_value(p.code, rec))
                if text == UNKNOWN_LABEL:
                    text, unit = f"（{UNKNOWN_LABEL}）", p.unit
                out.append(text)
