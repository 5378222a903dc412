"""The county roster (名册) as workspace data: table ``wz_roster``, audited, travels with the workspace.

One row per thing the plan names; ``SJDM`` links a row to its parent's ``DM``; ``BZ`` holds, as JSON,
whatever has no column of its own::

    LB                 DM             MC           SJDM           FZR              ZW     ZRDW        BZ (JSON)
    县                 county code    county name  —              —                —      —           year, source,
                                                                                                      zones_note
    领导小组           LDXZ           group name   county code    —                —      —           —
    办公室             BGS            office name  LDXZ           —                —      seat        short_name,
                                                                                                      contact_email
    组长 副组长 成员   LDXZ-01 …      person name  LDXZ           —                title  —           note
    主任 副主任 成员   BGS-01 …       person name  BGS            —                title  —           note
    联络人
    乡镇               township code  name         county code    包片包保组 (、)  —      —           n, code_source
    专人               code + "-ZR"   person name  township code  —                title  —           note
    村                 village code   name         township code  包保 leader      —      —           n
    片区               PQ-01 …        zone name    county code    指挥长           —      units (、)  extent, deputy

* A post without a named person (各乡（镇）…负责人) has MC = "".
* Order: persons and zones by the number in DM; townships by BZ ``n``; villages by ``n`` within their
  township. A township's guarantees (包保) are its villages grouped by 包保 leader, in order of first
  appearance (the plan lists them that way).
* 片区 rows carry the zone's polygon (EPSG:4490); :func:`save_roster` keeps it while the zone keeps its
  name. Rows are matched by DM (zones: by name), so saving an edited roster writes only what changed
  and the audit shows exactly that.
"""
from __future__ import annotations

import json
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from ..core.rosters import (
    Guarantee,
    LeadingGroup,
    Office,
    Person,
    Roster,
    RosterError,
    Township,
    Village,
    Zone,
    load_default_roster,
)
from ..core.text import text_or_blank as _text
from ..i18n import tr
from .workspace import GEOM, Workspace, geometry_digest

TABLE = "wz_roster"
COLUMNS = ("LB", "DM", "MC", "SJDM", "FZR", "ZW", "ZRDW", "BZ")
SOURCE = "roster"

LB_COUNTY = "县"
LB_GROUP = "领导小组"
LB_OFFICE = "办公室"
LB_TOWNSHIP = "乡镇"
LB_VILLAGE = "村"
LB_ZONE = "片区"
LB_WATCHER = "专人"       # 专人盯办: the person following a township's patches up (SJDM = township code)
WATCHER_SUFFIX = "-ZR"
GROUP_CODE = "LDXZ"
OFFICE_CODE = "BGS"
ZONE_PREFIX = "PQ"

# Roles of persons (LB) → the attribute of LeadingGroup / Office that lists them.
GROUP_ROLES = {"组长": "leaders", "副组长": "deputy_leaders", "成员": "members"}
OFFICE_ROLES = {"主任": "directors", "副主任": "deputy_directors", "成员": "members", "联络人": "contact"}
PERSON_ROLES = frozenset(GROUP_ROLES) | frozenset(OFFICE_ROLES)

LIST_SEP = "、"
_SPLIT = re.compile(r"\s*[、，,；;\n]\s*")


class RosterDataError(ValueError):
    """Rows of wz_roster that do not make a roster (e.g. edited by hand in the attribute table)."""


class ZoneGeometryError(ValueError):
    """A zone polygon that cannot be stored (names the zone)."""


# ---- small helpers ---------------------------------------------------------------------------------
def split_list(text: Optional[str]) -> tuple[str, ...]:
    """"a、b、c" → ("a", "b", "c"); also accepts , ， ; ； and new lines between items."""
    if not text:
        return ()
    return tuple(x for x in _SPLIT.split(str(text).strip()) if x)


def join_list(items: Iterable[str]) -> Optional[str]:
    items = [x for x in items if x]
    return LIST_SEP.join(items) if items else None


def _bz(d: Mapping[str, Any]) -> Optional[str]:
    d = {k: v for k, v in d.items() if v not in (None, "", {}, ())}
    return json.dumps(d, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if d else None


def _opt(v: Optional[str]) -> Optional[str]:
    return v if v else None


def _person_row(role: str, code: str, parent: str, p: Person) -> dict:
    return {"LB": role, "DM": code, "MC": p.name or "", "SJDM": parent, "FZR": None, "ZW": _opt(p.title),
            "ZRDW": None, "BZ": _bz({"note": p.note})}


def _seq(prefix: str, i: int, width: int) -> str:
    return f"{prefix}-{i:0{width}d}"


# ---- Roster ⇄ rows ---------------------------------------------------------------------------------
def roster_rows(roster: Roster) -> list[dict]:
    """The rows of ``wz_roster`` for a roster (dicts of field code → value, without geometry)."""
    county = roster.county_code
    rows = [{"LB": LB_COUNTY, "DM": county, "MC": roster.county_name, "SJDM": None, "FZR": None, "ZW": None,
             "ZRDW": None, "BZ": _bz({"year": roster.year, "source": roster.source,
                                      "zones_note": roster.zones_note})}]
    lg, of = roster.leading_group, roster.office
    rows.append({"LB": LB_GROUP, "DM": GROUP_CODE, "MC": lg.name, "SJDM": county, "FZR": None, "ZW": None,
                 "ZRDW": None, "BZ": None})
    people = [(role, p) for role, attr in GROUP_ROLES.items() for p in getattr(lg, attr)]
    width = max(2, len(str(len(people))))
    rows += [_person_row(role, _seq(GROUP_CODE, i, width), GROUP_CODE, p) for i, (role, p) in enumerate(people, 1)]
    rows.append({"LB": LB_OFFICE, "DM": OFFICE_CODE, "MC": of.name, "SJDM": GROUP_CODE, "FZR": None, "ZW": None,
                 "ZRDW": _opt(of.seat), "BZ": _bz({"short_name": of.short_name, "contact_email": of.contact_email})})
    people = [(role, p) for role, attr in OFFICE_ROLES.items() if attr != "contact" for p in getattr(of, attr)]
    if of.contact is not None:
        people.append(("联络人", of.contact))
    width = max(2, len(str(len(people))))
    rows += [_person_row(role, _seq(OFFICE_CODE, i, width), OFFICE_CODE, p) for i, (role, p) in enumerate(people, 1)]
    for n, t in enumerate(roster.townships, 1):
        rows.append({"LB": LB_TOWNSHIP, "DM": t.code, "MC": t.name, "SJDM": county, "FZR": join_list(t.leaders),
                     "ZW": None, "ZRDW": None, "BZ": _bz({"n": n, "code_source": t.code_source})})
        if t.watcher is not None and t.watcher.name:
            rows.append(_person_row(LB_WATCHER, t.code + WATCHER_SUFFIX, t.code, t.watcher))
        for k, v in enumerate(t.villages, 1):
            rows.append({"LB": LB_VILLAGE, "DM": v.code, "MC": v.name, "SJDM": t.code, "FZR": _opt(v.guarantor),
                         "ZW": None, "ZRDW": None, "BZ": _bz({"n": k})})
    width = max(2, len(str(len(roster.zones))))
    for i, z in enumerate(roster.zones, 1):
        d = z.deputy
        deputy = {"name": d.name, "title": d.title, "note": d.note} if (d.name or d.title or d.note) else None
        rows.append({"LB": LB_ZONE, "DM": _seq(ZONE_PREFIX, i, width), "MC": z.name, "SJDM": county,
                     "FZR": _opt(z.commander), "ZW": None, "ZRDW": join_list(z.units),
                     "BZ": _bz({"extent": z.extent, "deputy": deputy and {k: v for k, v in deputy.items() if v}})})
    _check_keys(rows)
    return rows


def _row_key(row: Mapping) -> tuple:
    """How a stored row is recognised when an edited roster is saved: by DM, zones by name."""
    if row["LB"] == LB_ZONE:
        return (LB_ZONE, _text(row["MC"]))
    return ("", _text(row["DM"]))


def _check_keys(rows: list[dict]) -> None:
    seen: dict[tuple, dict] = {}
    for r in rows:
        k = _row_key(r)
        if k in seen:
            what = tr("zone name") if k[0] == LB_ZONE else tr("code")
            raise RosterDataError(tr("roster: {what} {value} is used twice ({a} and {b})").format(
                what=what, value=k[1], a=seen[k]["MC"] or seen[k]["LB"], b=r["MC"] or r["LB"]))
        seen[k] = r


def _loads(text, where: str) -> dict:
    text = _text(text)
    if not text:
        return {}
    try:
        d = json.loads(text)
    except ValueError as e:
        raise RosterDataError(tr("{where}: 备注 (BZ) is not valid JSON: {error}").format(where=where, error=e)) from e
    if not isinstance(d, dict):
        raise RosterDataError(tr("{where}: 备注 (BZ) is not a JSON object").format(where=where))
    return d


def _suffix(code: str) -> int:
    m = re.search(r"(\d+)$", code or "")
    return int(m.group(1)) if m else 1 << 30


def roster_from_rows(rows: Union[pd.DataFrame, Iterable[Mapping]]) -> Roster:
    """The roster the rows of ``wz_roster`` describe (inverse of :func:`roster_rows`)."""
    if isinstance(rows, pd.DataFrame):
        records = rows.to_dict("records")
    else:
        records = [dict(r) for r in rows]
    parsed = []
    for i, r in enumerate(records):
        fid = r.get("fid")
        where = f"{TABLE} #{fid}" if fid is not None and fid == fid else f"{TABLE} row {i + 1}"
        rec = {c: _text(r.get(c)) for c in COLUMNS}
        rec["bz"] = _loads(r.get("BZ"), where)
        rec["where"], rec["i"] = where, i
        parsed.append(rec)

    def of_kind(*lbs):
        return [r for r in parsed if r["LB"] in lbs]

    counties = of_kind(LB_COUNTY)
    if len(counties) != 1:
        raise RosterDataError(tr("{table}: expected one row of 类别 县, found {n}").format(table=TABLE, n=len(counties)))
    cty = counties[0]
    known = {LB_COUNTY, LB_GROUP, LB_OFFICE, LB_TOWNSHIP, LB_VILLAGE, LB_ZONE, LB_WATCHER} | PERSON_ROLES
    for r in parsed:
        if r["LB"] not in known:
            raise RosterDataError(tr("{where}: unknown 类别 (LB) {value}").format(where=r["where"], value=r["LB"]))

    def person(r) -> Person:
        return Person(r["MC"] or None, r["ZW"], _text(r["bz"].get("note")))

    def people(parent: str, roles: Mapping[str, str]) -> dict[str, list[Person]]:
        out: dict[str, list[Person]] = {attr: [] for attr in roles.values()}
        rows_ = sorted((r for r in parsed if r["LB"] in PERSON_ROLES and r["SJDM"] == parent),
                       key=lambda r: (_suffix(r["DM"]), r["i"]))
        for r in rows_:
            if r["LB"] not in roles:
                raise RosterDataError(tr("{where}: {role} is not a role in {body}").format(
                    where=r["where"], role=r["LB"], body=parent))
            out[roles[r["LB"]]].append(person(r))
        return out

    group = (of_kind(LB_GROUP) or [None])[0]
    gp = people(GROUP_CODE, GROUP_ROLES)
    leading_group = LeadingGroup(group["MC"] if group else "", tuple(gp["leaders"]), tuple(gp["deputy_leaders"]),
                                 tuple(gp["members"]))
    office = (of_kind(LB_OFFICE) or [None])[0]
    op = people(OFFICE_CODE, OFFICE_ROLES)
    if len(op["contact"]) > 1:
        raise RosterDataError(tr("{table}: more than one 联络人 (contact) of the office").format(table=TABLE))
    obz = office["bz"] if office else {}
    office_ = Office(office["MC"] if office else "", _text(obz.get("short_name")), office["ZRDW"] if office else "",
                     tuple(op["directors"]), tuple(op["deputy_directors"]), tuple(op["members"]),
                     op["contact"][0] if op["contact"] else None, _text(obz.get("contact_email")))
    orphans = [r for r in parsed if r["LB"] in PERSON_ROLES and r["SJDM"] not in (GROUP_CODE, OFFICE_CODE)]
    if orphans:
        raise RosterDataError(tr("{where}: 上级代码 (SJDM) {value} is neither {group} nor {office}").format(
            where=orphans[0]["where"], value=orphans[0]["SJDM"], group=GROUP_CODE, office=OFFICE_CODE))

    def order(r):
        n = r["bz"].get("n")
        return (n if isinstance(n, int) else 1 << 30, r["i"])

    villages_of: dict[str, list[dict]] = defaultdict(list)
    for r in of_kind(LB_VILLAGE):
        villages_of[r["SJDM"]].append(r)
    watchers: dict[str, dict] = {}
    for r in of_kind(LB_WATCHER):
        if r["SJDM"] in watchers:
            raise RosterDataError(tr("{where}: township {code} has more than one 专人").format(
                where=r["where"], code=r["SJDM"] or "—"))
        watchers[r["SJDM"]] = r
    townships = []
    for t in sorted(of_kind(LB_TOWNSHIP), key=order):
        groups: dict[str, list[Village]] = {}
        for v in sorted(villages_of.pop(t["DM"], []), key=order):
            groups.setdefault(v["FZR"], []).append(Village(v["DM"], v["MC"], t["DM"], t["MC"], v["FZR"]))
        townships.append(Township(t["DM"], t["MC"], split_list(t["FZR"]),
                                  tuple(Guarantee(k, tuple(vs)) for k, vs in groups.items()),
                                  _text(t["bz"].get("code_source")),
                                  person(w) if (w := watchers.pop(t["DM"], None)) and w["MC"] else None))
    if villages_of:
        stray = next(iter(villages_of.values()))[0]
        raise RosterDataError(tr("{where}: village {name} belongs to township {code}, which is not in the roster")
                              .format(where=stray["where"], name=stray["MC"], code=stray["SJDM"] or "—"))
    if watchers:
        stray = next(iter(watchers.values()))
        raise RosterDataError(tr("{where}: 专人 {name} belongs to township {code}, which is not in the roster")
                              .format(where=stray["where"], name=stray["MC"], code=stray["SJDM"] or "—"))
    zones = []
    for z in sorted(of_kind(LB_ZONE), key=lambda r: (_suffix(r["DM"]), r["i"])):
        d = z["bz"].get("deputy") or {}
        zones.append(Zone(z["MC"], _text(z["bz"].get("extent")), z["FZR"],
                          Person(d.get("name") or None, _text(d.get("title")), _text(d.get("note"))),
                          split_list(z["ZRDW"])))
    year = cty["bz"].get("year", 0)
    return Roster(county_code=cty["DM"], county_name=cty["MC"], year=int(year or 0),
                  source=dict(cty["bz"].get("source") or {}), leading_group=leading_group, office=office_,
                  townships=tuple(townships), zones=tuple(zones), zones_note=_text(cty["bz"].get("zones_note")))


# ---- the workspace ---------------------------------------------------------------------------------
def has_roster(ws: Workspace) -> bool:
    return ws.count(TABLE) > 0


# The dock's card asks for the roster on every step. Reading its ~200 rows is cheap; building the Roster
# is not (milliseconds), so the last one built is kept per workspace with the rows it was built from and
# reused while the stored rows are identical (any edit, in WPZF or in the QGIS layer, shows at once).
_BUILT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _reuse(ws: Workspace, kind: str, rows: list, build):
    cached = _BUILT.get(ws, {}).get(kind)
    if cached is not None and cached[0] == rows:
        return cached[1]
    value = build()
    _BUILT.setdefault(ws, {})[kind] = (rows, value)
    return value


def workspace_roster(ws: Workspace) -> Roster:
    """The roster stored in the workspace; the shipped default (代县 2021) when it has none."""
    rows = ws._fetch(f'SELECT fid, {", ".join(chr(34) + c + chr(34) for c in COLUMNS)} FROM {TABLE} ORDER BY fid')
    if not rows:
        return load_default_roster()
    return _reuse(ws, "roster", rows,
                  lambda: roster_from_rows(pd.DataFrame.from_records(rows, columns=["fid", *COLUMNS])))


def township_watcher(ws: Workspace, township: Optional[str]) -> Optional[Person]:
    """The 专人 following up the patches of ``township`` (name or code); None when none is named.

    One seek (0–1 rows): the patch card asks on every step, so the whole roster is not read for it."""
    township = _text(township)
    if not township:
        return None
    ph = ws.ph
    rows = ws._fetch(f'SELECT w."MC", w."ZW", w."BZ" FROM {TABLE} w JOIN {TABLE} t ON w."SJDM" = t."DM" '
                     f'WHERE w."LB" = {ph} AND t."LB" = {ph} AND (t."MC" = {ph} OR t."DM" = {ph}) ORDER BY w.fid',
                     (LB_WATCHER, LB_TOWNSHIP, township, township))
    if not rows or not _text(rows[0][0]):
        return None
    try:
        note = _text(json.loads(rows[0][2]).get("note")) if rows[0][2] else ""
    except (ValueError, AttributeError):
        note = ""
    return Person(_text(rows[0][0]), _text(rows[0][1]), note)


def seed_default_roster(ws: Workspace, source: str = "seed") -> bool:
    """Store the shipped default roster if the workspace has none; True when it did (idempotent)."""
    with ws.transaction():
        if has_roster(ws):
            return False
        save_roster(ws, load_default_roster(), source=source)
    return True


def save_roster(ws: Workspace, roster: Roster, source: str = SOURCE,
                geometries: Optional[Mapping[str, BaseGeometry]] = None) -> dict[str, int]:
    """Store ``roster`` in one transaction, writing only the rows that changed (each audited).

    Rows are matched to the stored ones by DM (zones by name); a zone that keeps its name keeps its
    polygon. ``geometries`` ({zone name: polygon in EPSG:4490}) sets polygons in the same transaction.
    Returns counts {"created", "updated", "deleted"}.
    """
    rows = roster_rows(roster)
    zone_names = {z.name for z in roster.zones}
    geoms = {}
    for name, g in (geometries or {}).items():
        if name not in zone_names:
            raise RosterError(tr("no zone {zone} in the roster").format(zone=name))
        geoms[name] = validate_zone_geometry(name, g)
    counts = {"created": 0, "updated": 0, "deleted": 0}
    with ws.transaction():
        records = ws.select(TABLE, list(COLUMNS), geometry=True).to_dict("records")
        _reuse_order(rows, records)
        stored: dict[tuple, list[dict]] = defaultdict(list)
        for r in records:
            stored[_row_key(r)].append(r)
        matched, new = [], []
        for r in rows:
            olds = stored.get(_row_key(r))
            if olds:
                matched.append((olds.pop(0), r))
            else:
                new.append(r)
        for olds in stored.values():
            for old in olds:
                ws.delete(TABLE, int(old["fid"]), source=source)
                counts["deleted"] += 1
        for old, r in matched:
            g = geoms.get(r["MC"]) if r["LB"] == LB_ZONE else None
            if g is not None and geometry_digest(g) == geometry_digest(old.get(GEOM)):
                g = None
            changed = {c: r[c] for c in COLUMNS if _text(old.get(c)) != _text(r[c])}
            if changed or g is not None:
                ws.update(TABLE, int(old["fid"]), changed, geom=g, source=source)
                counts["updated"] += 1
        if new:
            new_geoms = [geoms.get(r["MC"]) if r["LB"] == LB_ZONE else None for r in new]
            ws.insert(TABLE, new, geoms=new_geoms if any(g is not None for g in new_geoms) else None,
                      source=source)
            counts["created"] += len(new)
    return counts


def _set_n(row: dict, n: int) -> None:
    bz = json.loads(row["BZ"]) if row["BZ"] else {}
    bz["n"] = n
    row["BZ"] = _bz(bz)


def _reuse_order(rows: list[dict], records: list[dict]) -> None:
    """Keep the stored order numbers (BZ ``n``) of townships and villages where they still give the new
    order, so that moving a village to another 包保 leader is one changed row, not a renumbering.

    Villages are listed grouped by leader; the stored order is kept for a township when grouping its
    villages, in stored order (new villages last), by their new leaders gives the new list exactly.
    """
    old_n: dict[tuple[str, str, str], int] = {}
    for r in records:
        if r.get("LB") in (LB_TOWNSHIP, LB_VILLAGE):
            try:
                n = json.loads(r["BZ"]).get("n") if r.get("BZ") else None
            except (ValueError, AttributeError):
                n = None
            if isinstance(n, int):
                old_n[(r["LB"], _text(r["DM"]), _text(r.get("SJDM")))] = n

    def reuse(group: list[dict], regroup: bool) -> None:
        keys = [(r["LB"], r["DM"], _text(r["SJDM"])) for r in group]
        kept = sorted((k for k in keys if k in old_n), key=lambda k: old_n[k])
        if len({old_n[k] for k in kept}) < len(kept):
            return
        candidate = kept + [k for k in keys if k not in old_n]
        if regroup:
            leader = {k: r["FZR"] for k, r in zip(keys, group)}
            by: dict = {}
            for k in candidate:
                by.setdefault(leader[k], []).append(k)
            candidate = [k for ks in by.values() for k in ks]
        if candidate != keys:
            return
        top = max((old_n[k] for k in kept), default=0)
        for r, k in zip(group, keys):
            if k in old_n:
                n = old_n[k]
            else:
                top += 1
                n = top
            _set_n(r, n)

    reuse([r for r in rows if r["LB"] == LB_TOWNSHIP], False)
    villages: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["LB"] == LB_VILLAGE:
            villages[r["SJDM"]].append(r)
    for group in villages.values():
        reuse(group, True)


# ---- zone polygons ---------------------------------------------------------------------------------
def validate_zone_geometry(zone: str, geom) -> MultiPolygon:
    """A zone polygon as stored: a valid, non-empty (Multi)Polygon in longitude/latitude (EPSG:4490)."""
    if isinstance(geom, Polygon):
        geom = MultiPolygon([geom]) if not geom.is_empty else MultiPolygon()
    if not isinstance(geom, MultiPolygon):
        kind = getattr(geom, "geom_type", type(geom).__name__)
        raise ZoneGeometryError(tr("Zone {zone}: a polygon is needed, not {kind}").format(zone=zone, kind=kind))
    if geom.is_empty:
        raise ZoneGeometryError(tr("Zone {zone}: the polygon is empty").format(zone=zone))
    if not geom.is_valid:
        raise ZoneGeometryError(tr("Zone {zone}: the polygon is not valid ({reason})").format(
            zone=zone, reason=shapely.is_valid_reason(geom)))
    x0, y0, x1, y1 = geom.bounds
    if x0 < -180 or x1 > 180 or y0 < -90 or y1 > 90:
        raise ZoneGeometryError(tr("Zone {zone}: the coordinates are not longitude/latitude; transform the polygon "
                                   "to EPSG:4490 first").format(zone=zone))
    return geom


def _zone_fid(ws: Workspace, zone: str) -> Optional[int]:
    df = ws.select(TABLE, ["LB", "MC"], where=f'"LB" = {ws.ph} AND "MC" = {ws.ph}', params=(LB_ZONE, zone))
    return int(df["fid"].iloc[0]) if len(df) else None


def set_zone_geometry(ws: Workspace, zone_name: str, geom, source: str = SOURCE) -> None:
    """Store the polygon of a county-seat zone (audited); seeds the default roster first if needed."""
    geom = validate_zone_geometry(zone_name, geom)
    with ws.transaction():
        if not has_roster(ws):
            save_roster(ws, load_default_roster(), source=source)
        fid = _zone_fid(ws, zone_name)
        if fid is None:
            raise RosterError(tr("no zone {zone} in the roster").format(zone=zone_name))
        ws.update(TABLE, fid, {}, geom=geom, source=source)


def zone_geometries(ws: Workspace) -> dict[str, MultiPolygon]:
    """{zone name: polygon} for the zones that have one, in the roster's order."""
    rows = ws._fetch(f'SELECT fid, "DM", "MC", {GEOM} FROM {TABLE} WHERE "LB" = {ws.ph} ORDER BY fid', (LB_ZONE,))
    if not rows:
        return {}

    def build():
        geoms = ws._decode_geoms([r[3] for r in rows])
        ordered = sorted(zip(rows, geoms), key=lambda x: (_suffix(x[0][1]), x[0][0]))
        return {r[2]: g for r, g in ordered if g is not None and not g.is_empty}

    return dict(_reuse(ws, "zones", rows, build))


Zones = Union[Workspace, Mapping[str, BaseGeometry]]


def zone_of(zones: Zones, geom) -> Optional[str]:
    """The county-seat zone a patch falls in: the one it overlaps most (EPSG:4490); None outside all.

    ``zones`` is a workspace or {name: polygon} (from :func:`zone_geometries`, to look up many patches).
    Points and lines go to the first zone that covers them. Areas compare in degrees², which is
    fine for choosing among neighbouring zones of one county seat.
    """
    if geom is None or geom.is_empty:
        return None
    if isinstance(zones, Workspace):
        zones = zone_geometries(zones)
    if geom.area == 0:  # a point or a line
        return next((name for name, z in zones.items() if z.covers(geom)), None)
    best, best_area = None, 0.0
    for name, z in zones.items():
        if z.intersects(geom):
            a = z.intersection(geom).area
            if a > best_area:
                best, best_area = name, a
    return best


def zone_of_point(zones: Zones, lon: float, lat: float) -> Optional[str]:
    """The zone containing the point (longitude, latitude in EPSG:4490); None outside all zones."""
    return zone_of(zones, Point(lon, lat))


def patch_zone(ws: Workspace, tbid: int):
    """The county-seat zone (core.rosters.Zone) patch ``tbid`` falls in, with its commander and responsible
    units; None when no zone has a polygon yet or the patch lies outside them all."""
    zones = zone_geometries(ws)
    if not zones:
        return None
    blob = ws._fetch(f"SELECT {GEOM} FROM wz_patch WHERE fid = {ws.ph}", (int(tbid),))
    geom = ws._decode_geoms([blob[0][0]])[0] if blob else None
    name = zone_of(zones, geom) if geom is not None else None
    if name is None:
        return None
    try:
        return workspace_roster(ws).zone(name)
    except LookupError:
        return None
