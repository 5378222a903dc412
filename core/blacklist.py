"""Register of violators (违法主体“黑名单”, seed §六(一)) with repeat offenders highlighted.

A violator is a person (个人) or an organization (单位). Names are normalized (Unicode NFKC, so
full-width letters and brackets become half-width; all whitespace removed, as documents pad two-character
names: “宋  华” → “宋华”). ID numbers — 居民身份证号码 or 统一社会信用代码 — are normalized to upper
case without spaces or hyphens and checked (GB 11643 check digit; GB 32100 check character); an
invalid number is kept but reported, since a typo must not silently create a second violator.

Identity: records with the same kind and ID number are one violator. A record without an ID number
joins the single violator of the same kind and name that has one; when several share that name it
stays apart and is reported as ambiguous (two different people can share a name), and records without
ID numbers and no ID-bearing namesake are grouped by kind and name.

Repeat offender (屡查屡犯): two or more distinct patches, or one patch recorded in more than one year
(the violation came back on the same land).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional

PERSON, ORGANIZATION = "个人", "单位"
_KINDS = {"个人": PERSON, "person": PERSON, "自然人": PERSON,
          "单位": ORGANIZATION, "organization": ORGANIZATION, "企业": ORGANIZATION, "法人": ORGANIZATION}

_SPACE = re.compile(r"\s+")
_ID_JUNK = re.compile(r"[\s\-]+")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class BlacklistError(ValueError):
    """Bad register input; the message is Chinese then English."""


def normalize_name(name: Optional[str]) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


def normalize_id(number: Optional[str]) -> str:
    return _ID_JUNK.sub("", unicodedata.normalize("NFKC", number or "")).upper()


def id_number_valid(number: str) -> bool:
    """True for an 18-character 居民身份证号码 or 统一社会信用代码 whose check character is right."""
    n = normalize_id(number)
    if re.fullmatch(r"\d{17}[\dX]", n):
        if _ID_CHECK[sum(int(c) * w for c, w in zip(n, _ID_WEIGHTS)) % 11] == n[-1]:
            return True
    if len(n) == 18 and all(c in _USCC_CHARS for c in n):
        check = (31 - sum(_USCC_CHARS.index(c) * w for c, w in zip(n, _USCC_WEIGHTS)) % 31) % 31
        return _USCC_CHARS[check] == n[-1]
    return False


@dataclass(frozen=True)
class Violator:
    name: str
    kind: str = PERSON
    id_number: str = ""

    def __post_init__(self):
        kind = _KINDS.get(str(self.kind).strip().lower(), _KINDS.get(str(self.kind).strip()))
        if kind is None:
            raise BlacklistError(f"违法主体类型须为个人或单位：{self.kind!r} / kind must be person or organization")
        name = normalize_name(self.name)
        if not name:
            raise BlacklistError("违法主体名称为空 / violator name is empty")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "id_number", normalize_id(self.id_number))


@dataclass(frozen=True)
class Offence:
    patch_id: str
    year: int
    township: str = ""
    category: str = ""
    illegal_mu: float = 0.0


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    id_number: str
    names: tuple[str, ...]            # every name spelling seen (normalized)
    offences: tuple[Offence, ...]     # sorted by year, patch
    ambiguous_with: tuple[str, ...]   # ID numbers of namesakes this name-only entry could belong to
    id_valid: Optional[bool]          # None without an ID number

    @property
    def patch_ids(self) -> tuple[str, ...]:
        return tuple(sorted({o.patch_id for o in self.offences}))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({o.year for o in self.offences}))

    @property
    def repeat_reason(self) -> str:
        reasons = []
        if len(self.patch_ids) >= 2:
            reasons.append(f"涉及{len(self.patch_ids)}个图斑")
        again = sorted({o.patch_id for o in self.offences
                        if len({p.year for p in self.offences if p.patch_id == o.patch_id}) > 1})
        if again:
            reasons.append(f"图斑{'、'.join(again)}在多个年度被发现")
        return "；".join(reasons)

    @property
    def repeat(self) -> bool:
        return bool(self.repeat_reason)

    @property
    def illegal_mu(self) -> float:
        """Area over the distinct (patch, year) records, 亩."""
        return float(sum(o.illegal_mu for o in self.offences))


class Blacklist:
    """The register: add (violator, offence) pairs, read merged entries."""

    def __init__(self) -> None:
        self._records: list[tuple[Violator, Offence]] = []

    def add(self, violator: Violator, offence: Offence) -> None:
        if not str(offence.patch_id).strip():
            raise BlacklistError("图斑编号为空 / patch id is empty")
        self._records.append((violator, offence))

    def extend(self, records: Iterable[tuple[Violator, Offence]]) -> None:
        for v, o in records:
            self.add(v, o)

    def entries(self) -> list[Entry]:
        groups: dict[tuple, list[tuple[Violator, Offence]]] = {}
        with_id: dict[tuple[str, str], set[str]] = {}
        for v, _ in self._records:
            if v.id_number:
                with_id.setdefault((v.kind, v.name), set()).add(v.id_number)
        ambiguous: dict[tuple, tuple[str, ...]] = {}
        for v, o in self._records:
            if v.id_number:
                key: tuple = ("id", v.kind, v.id_number)
            else:
                ids = with_id.get((v.kind, v.name), set())
                if len(ids) == 1:
                    key = ("id", v.kind, next(iter(ids)))
                else:
                    key = ("name", v.kind, v.name)
                    if ids:
                        ambiguous[key] = tuple(sorted(ids))
            groups.setdefault(key, []).append((v, o))
        out = []
        for key, recs in groups.items():
            offences: dict[tuple[str, int], Offence] = {}
            for _, o in recs:
                offences.setdefault((str(o.patch_id), int(o.year)), o)
            names = tuple(sorted({v.name for v, _ in recs}))
            id_number = key[2] if key[0] == "id" else ""
            name = next((v.name for v, _ in recs if v.id_number), recs[0][0].name)
            out.append(Entry(key[1], name, id_number, names,
                             tuple(offences[k] for k in sorted(offences, key=lambda k: (k[1], k[0]))),
                             ambiguous.get(key, ()), id_number_valid(id_number) if id_number else None))
        return sorted(out, key=lambda e: (not e.repeat, e.kind, e.name, e.id_number))

    def repeat_offenders(self) -> list[Entry]:
        return [e for e in self.entries() if e.repeat]

    def find(self, name_or_id: str) -> list[Entry]:
        """Entries whose ID number or any name spelling matches (after normalization)."""
        key_name, key_id = normalize_name(name_or_id), normalize_id(name_or_id)
        return [e for e in self.entries() if (key_id and e.id_number == key_id) or key_name in e.names]


__all__ = ["ORGANIZATION", "PERSON", "Blacklist", "BlacklistError", "Entry", "Offence", "Violator",
           "id_number_valid", "normalize_id", "normalize_name"]
