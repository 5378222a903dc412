"""Rosters of the county plan (seed 附件1–3) as typed, read-only data.

The default roster ships as ``data/rosters/daixian_2021.json``: the leading group and its office
(附件1), the townships with the county leaders who guarantee (包保) each village (附件2), and the
county-seat zones (片区, 附件3). A county replaces the file (or loads another one with
:func:`load_roster`); nothing here is hard-coded.

Village names repeat across townships (枣林镇 and 聂营镇 both have a 东村; 聂营镇 and 新高乡 both
have a 下街村), so a lookup by name alone can be ambiguous: :meth:`Roster.village` then asks for the
township and :meth:`Roster.villages_named` returns every match.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

DEFAULT_ROSTER = Path(__file__).resolve().parents[1] / "data" / "rosters" / "daixian_2021.json"

_SPACES = re.compile(r"\s+")


def normalize_name(name: Optional[str]) -> str:
    """A person's name without the alignment spaces documents put inside two-character names.

    ``"宋  华"`` → ``"宋华"``; full-width (U+3000) and non-breaking spaces are removed too.
    """
    return _SPACES.sub("", name or "")


class RosterError(LookupError):
    """A lookup that found nothing, or more than one thing, in the roster."""


@dataclass(frozen=True)
class Person:
    name: Optional[str]   # None for a role without a named person (各乡（镇）…负责人)
    title: str = ""
    note: str = ""        # e.g. "兼" (holds the post concurrently)

    @property
    def label(self) -> str:
        parts = [p for p in (self.name, self.title) if p]
        return " ".join(parts) + (f"（{self.note}）" if self.note else "")


@dataclass(frozen=True)
class Village:
    code: str            # 12 digits: township code + 3
    name: str            # as written in the plan (e.g. "下官院" without 村)
    township_code: str
    township_name: str
    guarantor: str       # the county leader who guarantees (包保) this village


@dataclass(frozen=True)
class Guarantee:
    leader: str
    villages: tuple[Village, ...]


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    leaders: tuple[str, ...]          # the township's 包片包保组 in the plan's order
    guarantees: tuple[Guarantee, ...]
    code_source: str = ""
    # 专人盯办: the person named to follow the township's patches up (plan 三（一）); None until named
    watcher: Optional[Person] = None

    @property
    def villages(self) -> tuple[Village, ...]:
        return tuple(v for g in self.guarantees for v in g.villages)


@dataclass(frozen=True)
class Zone:
    name: str          # 片区名称
    extent: str        # 片区范围 as written
    commander: str     # 指挥长
    deputy: Person     # 副指挥长 with title
    units: tuple[str, ...]   # 责任单位


@dataclass(frozen=True)
class LeadingGroup:
    name: str
    leaders: tuple[Person, ...]
    deputy_leaders: tuple[Person, ...]
    members: tuple[Person, ...]


@dataclass(frozen=True)
class Office:
    name: str
    short_name: str
    seat: str
    directors: tuple[Person, ...]
    deputy_directors: tuple[Person, ...]
    members: tuple[Person, ...]
    contact: Optional[Person] = None
    contact_email: str = ""


@dataclass(frozen=True)
class Roster:
    county_code: str
    county_name: str
    year: int
    source: dict
    leading_group: LeadingGroup
    office: Office
    townships: tuple[Township, ...]
    zones: tuple[Zone, ...]
    zones_note: str = ""

    # -- townships ---------------------------------------------------------------------------
    def township(self, key: str) -> Township:
        """Township by name (峨口镇) or code (140923100)."""
        key = key.strip()
        for t in self.townships:
            if key in (t.name, t.code):
                return t
        raise RosterError(f"no township {key!r} in the roster of {self.county_name}")

    def leaders_of(self, township: str) -> tuple[str, ...]:
        return self.township(township).leaders

    def watcher_of(self, township: str) -> Optional[Person]:
        """The 专人 following the township's patches up (专人盯办); None when unnamed or unknown."""
        try:
            return self.township(township).watcher
        except RosterError:
            return None

    # -- villages ----------------------------------------------------------------------------
    @property
    def villages(self) -> tuple[Village, ...]:
        return tuple(v for t in self.townships for v in t.villages)

    def village_by_code(self, code: str) -> Village:
        """Village by its 12-digit code; a 19-digit 坐落单位代码 (code + 0000000) is accepted."""
        code = code.strip()
        if len(code) == 19 and code.endswith("0000000"):
            code = code[:12]
        for v in self.villages:
            if v.code == code:
                return v
        raise RosterError(f"no village with code {code!r}")

    def villages_named(self, name: str) -> list[Village]:
        name = normalize_name(name)
        return [v for v in self.villages if v.name == name]

    def village(self, name: str, township: Optional[str] = None) -> Village:
        """Village by name, optionally within a township (name or code); ambiguity is an error."""
        found = self.villages_named(name)
        if township is not None:
            t = self.township(township)
            found = [v for v in found if v.township_code == t.code]
        if not found:
            where = f" in {township}" if township else ""
            raise RosterError(f"no village {name!r}{where}")
        if len(found) > 1:
            towns = "、".join(v.township_name for v in found)
            raise RosterError(f"village {name!r} exists in several townships ({towns}): give the township")
        return found[0]

    def locate_village(self, name: str, township: Optional[str] = None) -> tuple[Township, str]:
        """Village → (its township, its 包保 leader)."""
        v = self.village(name, township)
        return self.township(v.township_code), v.guarantor

    def villages_of_leader(self, leader: str) -> list[Village]:
        leader = normalize_name(leader)
        return [v for v in self.villages if v.guarantor == leader]

    # -- zones -------------------------------------------------------------------------------
    def zone(self, name: str) -> Zone:
        for z in self.zones:
            if z.name == name.strip():
                return z
        raise RosterError(f"no zone {name!r}")

    def zones_of_person(self, name: str) -> list[Zone]:
        """Zones where the person is commander or deputy."""
        name = normalize_name(name)
        return [z for z in self.zones if name in (z.commander, z.deputy.name)]


# -- loading ---------------------------------------------------------------------------------
def _person(d: Union[dict, str, None]) -> Person:
    if d is None:
        return Person(None)
    if isinstance(d, str):
        return Person(normalize_name(d) or None)
    name = d.get("name")
    return Person(normalize_name(name) or None, d.get("title", "") or "", d.get("note", "") or "")


def _persons(items) -> tuple[Person, ...]:
    return tuple(_person(x) for x in items or ())


def roster_from_dict(doc: dict) -> Roster:
    county = doc["county"]
    townships = []
    seen_codes: set[str] = set()
    for t in doc["townships"]:
        code, name = str(t["code"]), t["name"]
        guarantees = []
        for g in t.get("guarantees", ()):
            leader = normalize_name(g["leader"])
            vs = tuple(Village(str(v["code"]), v["name"].strip(), code, name, leader) for v in g["villages"])
            guarantees.append(Guarantee(leader, vs))
        watcher = _person(t["watcher"]) if t.get("watcher") else None
        tw = Township(code, name, tuple(normalize_name(x) for x in t.get("leaders", ())), tuple(guarantees),
                      t.get("code_source", ""), watcher if watcher and watcher.name else None)
        for c in (tw.code, *(v.code for v in tw.villages)):
            if c in seen_codes:
                raise ValueError(f"roster: code {c} used twice")
            seen_codes.add(c)
        townships.append(tw)
    zones = tuple(
        Zone(z["name"], z.get("extent", ""), normalize_name(z.get("commander")), _person(z.get("deputy")),
             tuple(z.get("units", ())))
        for z in doc.get("zones", ())
    )
    lg = doc.get("leading_group", {})
    of = doc.get("office", {})
    contact = of.get("contact") or {}
    return Roster(
        county_code=str(county["code"]),
        county_name=county["name"],
        year=int(doc.get("year", 0)),
        source=dict(doc.get("source", {})),
        leading_group=LeadingGroup(lg.get("name", ""), _persons(lg.get("leaders")),
                                   _persons(lg.get("deputy_leaders")), _persons(lg.get("members"))),
        office=Office(of.get("name", ""), of.get("short_name", ""), of.get("seat", ""),
                      _persons(of.get("directors")), _persons(of.get("deputy_directors")),
                      _persons(of.get("members")),
                      _person(contact) if contact else None, contact.get("email", "")),
        townships=tuple(townships),
        zones=zones,
        zones_note=doc.get("zones_note", ""),
    )


def load_roster(path: Union[str, Path]) -> Roster:
    with open(path, encoding="utf-8") as f:
        return roster_from_dict(json.load(f))


@lru_cache(maxsize=1)
def load_default_roster() -> Roster:
    """The roster that ships with the plugin (代县 2021)."""
    return load_roster(DEFAULT_ROSTER)
