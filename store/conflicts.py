"""The field round-trip in the workspace: stable identities, the packages sent out and taken back, and the
conflicts — a fact changed both in the office and in the field since the package left — that wait for a person.

Nothing here decides a conflict: ``resolve`` applies what a person chose, through ``save_facts`` (or
``split_patch`` for a split), audited and in one transaction with the conflict's own record.

Fact values are kept as JSON of their canonical form (bool, enum code, ISO date, number, text; null =
unknown), so an office value, a field value and a base compare exactly.
"""
from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Optional

from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, FactValueError, display_value, normalize_value
from .errors import StoreError
from .workspace import Workspace, now_text, opt_int

OPEN, RESOLVED = "待处理", "已处理"
KIND_FACT, KIND_SPLIT = "事实", "分割"
EXPORTED, IMPORTED = "导出", "导入"
PARTIAL = "导入未完成"      # an import that could not store every photo: not marked imported, finished later
PACKAGE_KEY = "field_package_key"   # wz_meta: the secret that signs this workspace's field packages
CHOICES = ("office", "field")


@dataclass(frozen=True)
class OtherValue:
    """A decision for neither side: this value (None = unknown) is entered. Unambiguous where a plain choice
    is not (a text fact may well read "office")."""

    value: Any
IDENTIFIED = "identify"   # audit action of a UUID given to a record that had none


# ---- values -----------------------------------------------------------------------------------------
def canonical(code: str, value) -> Any:
    """A fact value in its JSON-able canonical form (None = unknown); FactValueError when it is not valid."""
    v = normalize_value(FACTS_BY_CODE[code], value)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and FACTS_BY_CODE[code].type != "number":
        return int(v)
    return v


def same(code: str, a, b) -> bool:
    try:
        return canonical(code, a) == canonical(code, b)
    except FactValueError:
        return a == b


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def from_json(text) -> Any:
    if text is None or (isinstance(text, float) and text != text):
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def shown(code: Optional[str], value) -> str:
    """A fact value as a person reads it (labels, 是/否, dates in Chinese)."""
    fact = FACTS_BY_CODE.get(code or "")
    if fact is None:
        return "" if value is None else str(value)
    return display_value(fact, value)


# ---- identities -------------------------------------------------------------------------------------
def workspace_id(ws: Workspace, create: bool = False) -> Optional[str]:
    """The workspace's own UUID (wz_meta ``workspace_id``), made on first need when ``create``."""
    wid = ws.meta_get("workspace_id")
    if wid or not create:
        return wid
    with ws.transaction():
        wid = ws.meta_get("workspace_id")
        if not wid:
            wid = str(uuid.uuid4())
            ws.meta_set("workspace_id", wid)
    return wid


def package_key(ws: Workspace, create: bool = False) -> Optional[bytes]:
    """The workspace's secret for signing field packages (HMAC-SHA256), made on the first export when
    ``create``. A package can be neither forged nor altered without the workspace that holds it."""
    key = ws.meta_get(PACKAGE_KEY)
    if key or not create:
        return bytes.fromhex(key) if key else None
    try:
        with ws.transaction():
            key = ws.meta_get(PACKAGE_KEY)
            if not key:
                key = secrets.token_hex(32)
                ws.meta_set(PACKAGE_KEY, key)
    except StoreError as e:   # a team workspace: wz_meta is its owner's (store/pgroles.py makes the key)
        raise StoreError(f"this workspace has no key to sign field packages yet and it cannot be made here "
                         f"({e}); its owner must open it or export a package once") from None
    return bytes.fromhex(key)


def ensure_uuids(ws: Workspace, table: str, fids: Iterable[int], source: Optional[str] = None) -> dict[int, str]:
    """fid → UUID for the records of ``table`` (wz_patch, wz_part, wz_photo); records without one get a new
    UUID, audited as 'identify' (an identity, not an edit: the record's version does not change)."""
    fids = sorted({int(f) for f in fids})
    out = {int(fid): u for fid, u in ws._fetch_in(f'SELECT fid, "UUID" FROM {table} WHERE fid IN ({{marks}})', fids)}
    missing = [f for f, u in out.items() if not u]
    if missing:
        with ws.transaction():
            new = {f: str(uuid.uuid4()) for f in missing}
            ws._execmany(f'UPDATE {table} SET "UUID" = {ws.ph} WHERE fid = {ws.ph} AND "UUID" IS NULL',
                         [(u, f) for f, u in new.items()])
            ws.append_audit_many([(table, f, IDENTIFIED, {"UUID": [None, u]}) for f, u in new.items()], source)
            out.update(new)
    return out


def set_uuid(ws: Workspace, table: str, fid: int, value: str, source: Optional[str] = None) -> None:
    """Give a record a known UUID (a photo keeps the one its phone gave it), audited as 'identify'."""
    with ws.transaction():
        ws._exec(f'UPDATE {table} SET "UUID" = {ws.ph} WHERE fid = {ws.ph}', (value, int(fid)))
        ws.append_audit(table, int(fid), IDENTIFIED, {"UUID": [None, value]}, source)


def fids_by_uuid(ws: Workspace, table: str, uuids: Iterable[str]) -> dict[str, int]:
    uuids = sorted({u for u in uuids if u})
    return {u: int(fid) for fid, u in ws._fetch_in(f'SELECT fid, "UUID" FROM {table} WHERE "UUID" IN ({{marks}})',
                                                    uuids)}


# ---- packages ---------------------------------------------------------------------------------------
def record_package(ws: Workspace, row: Mapping[str, Any], source: Optional[str] = None) -> int:
    """Register a package exported or imported (a wz_fpkg row); returns its fid."""
    values = {k: v for k, v in row.items() if v is not None}
    values.setdefault("CZSJ", now_text())
    values.setdefault("CZR", ws.actor.username)
    for k in ("JG", "WYZ"):
        if k in values and not isinstance(values[k], str):
            values[k] = to_json(values[k])
    with ws.transaction():
        return ws.insert("wz_fpkg", [values], source=source)[0]


def exported_package(ws: Workspace, package_id: str) -> Optional[dict]:
    """The export of package ``package_id`` from this workspace (its wz_fpkg row, ``JG`` read), or None."""
    if not package_id:
        return None
    df = ws.select("wz_fpkg", ["BH", "MC", "XZMC", "HCY", "JG", "CZSJ", "CZR"],
                   where=f'"BH" = {ws.ph} AND "LX" = {ws.ph}', params=(package_id, EXPORTED))
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    row["JG"] = from_json(row.get("JG")) or {}
    return row


def imported_with_checksum(ws: Workspace, checksum: str) -> Optional[dict]:
    """The earlier import of a package with exactly this content, if any."""
    df = ws.select("wz_fpkg", ["BH", "MC", "CZSJ", "CZR"], where=f'"LX" = {ws.ph} AND "SHA" = {ws.ph}',
                   params=(IMPORTED, checksum))
    return None if df.empty else df.iloc[0].to_dict()


def packages(ws: Workspace, package_id: Optional[str] = None) -> list[dict]:
    where, params = "", ()
    if package_id:
        where, params = f'"BH" = {ws.ph}', (package_id,)
    return ws.select("wz_fpkg", where=where, params=params).to_dict("records")


def seen_field_values(ws: Workspace, package_id: str) -> dict[str, dict[str, list]]:
    """uuid → fact code → the field values earlier imports of this package already dealt with (merged, found
    equal or put to a person as a conflict; also by an import left unfinished): seeing one again is no news."""
    out: dict[str, dict[str, list]] = {}
    df = ws.select("wz_fpkg", ["WYZ"], where=f'"BH" = {ws.ph} AND "LX" IN ({ws.ph}, {ws.ph})',
                   params=(package_id, IMPORTED, PARTIAL))
    for text in df["WYZ"]:
        for u, facts in (from_json(text) or {}).items():
            for code, v in facts.items():
                seen = out.setdefault(u, {}).setdefault(code, [])
                if v not in seen:
                    seen.append(v)
    return out


# ---- who changed a fact last in the office ----------------------------------------------------------
def fact_row(ws: Workspace, tbid: int, fgid: Optional[int]) -> Optional[int]:
    where = f'"TBID" = {ws.ph} AND ' + ('"FGID" IS NULL' if fgid is None else f'"FGID" = {ws.ph}')
    params = (int(tbid),) if fgid is None else (int(tbid), int(fgid))
    rows = ws._fetch(f"SELECT fid FROM wz_fact WHERE {where}", params)
    return int(rows[0][0]) if rows else None


def last_change(ws: Workspace, tbid: int, fgid: Optional[int], code: str) -> tuple[Optional[str], Optional[str]]:
    """(who, when) of the last audited change of fact ``code`` of a unit; (None, None) when never entered."""
    fid = fact_row(ws, tbid, fgid)
    if fid is None:
        return None, None
    for rec in reversed(ws.audit_records("wz_fact", fid)):
        if code in (rec["changes"] or {}):
            return rec["username"], rec["ts"]
    return None, None


# ---- conflicts --------------------------------------------------------------------------------------
@dataclass
class Conflict:
    id: int
    tbid: int
    fgid: Optional[int]
    key: str                 # 监测编号 (and part number)
    kind: str                # 事实 / 分割
    code: Optional[str]
    label: str               # the fact's Chinese alias, or 分割
    base: Any
    office: Any
    office_by: Optional[str]
    office_at: Optional[str]
    field: Any
    field_by: Optional[str]
    field_at: Optional[str]
    package: str
    package_id: str
    status: str
    choice: Optional[str] = None
    chosen: Any = None
    resolved_by: Optional[str] = None
    resolved_at: Optional[str] = None

    def shown(self, value) -> str:
        if self.kind == KIND_SPLIT:
            n = int((value or {}).get("count") or 0) if isinstance(value, dict) else 0
            return tr("split into {n} parts").format(n=n) if n else tr("not split")
        return shown(self.code, value)

    @property
    def office_text(self) -> str:
        return self.shown(self.office)

    @property
    def field_text(self) -> str:
        return self.shown(self.field)

    def as_dict(self) -> dict:
        return {"id": self.id, "TBID": self.tbid, "FGID": self.fgid, "JCBH": self.key, "kind": self.kind,
                "code": self.code, "label": self.label, "base": self.base, "office": self.office,
                "office_by": self.office_by, "office_at": self.office_at, "field": self.field,
                "field_by": self.field_by, "field_at": self.field_at, "package": self.package,
                "status": self.status, "choice": self.choice, "chosen": self.chosen}


def add_conflict(ws: Workspace, *, tbid: int, fgid: Optional[int], kind: str, code: Optional[str], base, office,
                 field, office_by=None, office_at=None, field_by=None, field_at=None, package_id: str = "",
                 package: str = "", source: Optional[str] = None) -> int:
    with ws.transaction():
        return ws.insert("wz_fconf", [{
            "TBID": int(tbid), "FGID": None if fgid is None else int(fgid), "LX": kind, "SSDM": code,
            "JZ": to_json(base), "NYZ": to_json(office), "NYR": office_by, "NYSJ": office_at,
            "WYZ": to_json(field), "WYR": field_by, "WYSJ": field_at, "SJB": package_id, "SJBMC": package,
            "ZT": OPEN}], source=source)[0]


def _part_numbers(ws: Workspace, fgids) -> dict[int, str]:
    fgids = sorted({int(f) for f in fgids if f is not None and f == f})
    return {int(f): str(n) for f, n in ws._fetch_in('SELECT fid, "FGBH" FROM wz_part WHERE fid IN ({marks})', fgids)}


def list_conflicts(ws: Workspace, open_only: bool = True, tbids: Optional[Iterable[int]] = None) -> list[Conflict]:
    """The conflicts (open ones by default), by patch and fact."""
    where, params = [], []
    if open_only:
        where.append(f'c."ZT" = {ws.ph}')
        params.append(OPEN)
    if tbids is not None:
        ids = [int(t) for t in tbids]
        if not ids:
            return []
        where.append(f'c."TBID" IN ({", ".join([ws.ph] * len(ids))})')
        params += ids
    return _conflicts(ws, where, params)


def _conflicts(ws: Workspace, where: list[str], params: list) -> list[Conflict]:
    cols = ["TBID", "FGID", "LX", "SSDM", "JZ", "NYZ", "NYR", "NYSJ", "WYZ", "WYR", "WYSJ", "SJB", "SJBMC", "ZT",
            "CLFS", "CLZ", "CLR", "CLSJ"]
    sql = (f'SELECT c.fid, {", ".join("c." + chr(34) + k + chr(34) for k in cols)}, p."JCBH" FROM wz_fconf c '
           f'LEFT JOIN wz_patch p ON p.fid = c."TBID"')
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = ws._fetch(sql + ' ORDER BY p."JCBH", c."FGID", c.fid', params)
    numbers = _part_numbers(ws, [r[2] for r in rows])
    out = []
    for r in rows:
        d = dict(zip(["fid", *cols, "JCBH"], r))
        fgid = opt_int(d["FGID"])
        key = str(d["JCBH"] or f"#{d['TBID']}")
        if fgid is not None:
            key += f"-{numbers.get(fgid, '?')}"
        code = d["SSDM"]
        label = FACTS_BY_CODE[code].alias if code in FACTS_BY_CODE else (tr("split") if d["LX"] == KIND_SPLIT else code or "")
        out.append(Conflict(int(d["fid"]), int(d["TBID"]), fgid, key, d["LX"], code, label, from_json(d["JZ"]),
                            from_json(d["NYZ"]), d["NYR"], d["NYSJ"], from_json(d["WYZ"]), d["WYR"], d["WYSJ"],
                            d["SJBMC"] or "", d["SJB"] or "", d["ZT"], d["CLFS"], from_json(d["CLZ"]), d["CLR"],
                            d["CLSJ"]))
    return out


def get_conflict(ws: Workspace, conflict_id: int) -> Conflict:
    found = _one(ws, conflict_id)
    if not found:
        raise StoreError(f"conflict #{conflict_id} does not exist")
    return found[0]


def _one(ws: Workspace, conflict_id: int) -> list[Conflict]:
    return _conflicts(ws, [f"c.fid = {ws.ph}"], [int(conflict_id)])


def open_count(ws: Workspace) -> int:
    return ws.count("wz_fconf", f'"ZT" = {ws.ph}', (OPEN,))


def office_facts(ws: Workspace, tbids: Iterable[int]) -> dict[tuple[int, Optional[int]], dict]:
    """(patch fid, part fid or None) → the entered facts as the office has them now: a patch's own record
    (also when it is split), each part's record as its findings form shows it (the patch's facts with the
    part's own on top)."""
    from .determinations import ENTERED, unit_records

    tbids = sorted({int(t) for t in tbids})
    out: dict[tuple[int, Optional[int]], dict] = {(t, None): {c: None for c in ENTERED} for t in tbids}
    cols = ", ".join(f'"{c}"' for c in ENTERED)
    for row in ws._fetch_in(f'SELECT "TBID", {cols} FROM wz_fact WHERE "FGID" IS NULL AND "TBID" IN ({{marks}})', tbids):
        out[(int(row[0]), None)] = dict(zip(ENTERED, row[1:]))
    for rec in unit_records(ws, tbids, county=False):   # entered facts, not the county profile's defaults
        if rec["FGID"] is not None:
            out[(int(rec["TBID"]), int(rec["FGID"]))] = {c: rec.get(c) for c in ENTERED}
    return out


def _current_office(ws: Workspace, c: Conflict):
    if c.fgid is not None and ws.get("wz_part", c.fgid) is None:
        raise StoreError(f"{c.key}: the part of this conflict no longer exists (the patch was split again); "
                         "the conflict can only be closed keeping the office's state")
    return canonical(c.code, office_facts(ws, [c.tbid]).get((c.tbid, c.fgid), {}).get(c.code))


def _office_parts(ws: Workspace, tbid: int) -> list[str]:
    from .workspace import geometry_digest

    df = ws.select("wz_part", ["TBID"], where=f'"TBID" = {ws.ph}', params=(int(tbid),), geometry=True)
    return sorted(geometry_digest(g) for g in df["geom"]) if len(df) else []


def resolve(ws: Workspace, conflict_id: int, choice, *, source: Optional[str] = None,
            determine: bool = True) -> Conflict:
    """Decide one open conflict: ``'office'`` keeps the office's value, ``'field'`` takes the field's,
    ``OtherValue(v)`` (or any other plain value) enters ``v`` as the fact's value. Applied through save_facts (a split through split_patch),
    audited with ``source`` (default ``conflict:<id>``), and the patch determined again."""
    return resolve_many(ws, {int(conflict_id): choice}, source=source, determine=determine)[0]


def resolve_many(ws: Workspace, choices: Mapping[int, Any], *, source: Optional[str] = None,
                 determine: bool = True) -> list[Conflict]:
    """Decide several conflicts in one transaction (what the conflict dialog applies)."""
    from .determinations import determine_patches, save_facts
    from .parts import split_patch, unsplit

    done: list[Conflict] = []
    touched: set[int] = set()
    with ws.transaction():
        for cid, choice in choices.items():
            found = _one(ws, cid)
            if not found:
                raise StoreError(f"conflict #{cid} does not exist")
            c = found[0]
            if c.status != OPEN:
                raise StoreError(f"{c.key} {c.label}: this conflict was already decided by {c.resolved_by} at "
                                 f"{c.resolved_at}")
            src = source or f"conflict:{c.id}"
            if c.kind == KIND_SPLIT:
                if choice not in CHOICES:
                    raise StoreError(f"{c.key}: a split conflict is decided for the office's or the field's split")
                how = choice
                chosen = c.office
                if choice == "field":
                    if _office_parts(ws, c.tbid) != sorted((c.office or {}).get("digests", [])):
                        raise StoreError(f"{c.key}: the office changed the split since the conflict was found; "
                                         "look at the patch again")
                    import shapely

                    wkts = (c.field or {}).get("parts") or []
                    if wkts:
                        split_patch(ws, c.tbid, list(shapely.from_wkt(wkts)), source=src)
                    else:
                        unsplit(ws, c.tbid, source=src)
                    chosen = c.field
            else:
                if c.code not in FACTS_BY_CODE:
                    raise StoreError(f"{c.code}: not a fact of the facts contract")
                now = _current_office(ws, c)
                if choice == "office":
                    how, chosen = "office", now
                else:
                    if choice == "field":
                        how, value = "field", c.field
                        if now != canonical(c.code, c.office):
                            raise StoreError(f"{c.key} {c.label}: the office value changed to {shown(c.code, now)} "
                                             "since the conflict was found; look at it again")
                    else:
                        how = "value"
                        try:
                            value = canonical(c.code, choice.value if isinstance(choice, OtherValue) else choice)
                        except FactValueError as e:
                            raise StoreError(str(e)) from None
                    if value != now:
                        save_facts(ws, c.tbid, {c.code: value}, fgid=c.fgid, source=src)
                    chosen = value
            ws.update("wz_fconf", c.id, {"ZT": RESOLVED, "CLFS": how, "CLZ": to_json(chosen),
                                         "CLR": ws.actor.username, "CLSJ": now_text()}, source=src)
            touched.add(c.tbid)
            c.status, c.choice, c.chosen, c.resolved_by = RESOLVED, how, chosen, ws.actor.username
            done.append(c)
        if determine and touched:
            determine_patches(ws, sorted(touched), source=source or "conflict")
    return done
