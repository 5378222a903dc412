"""The roster (名册) as an Excel workbook a county office edits, and back.

Sheets (Chinese headers, as the office writes them):

* 领导小组 — 机构 (领导小组/办公室), 角色 (组长/副组长/成员; 主任/副主任/成员/联络人), 姓名, 职务, 备注
* 乡镇村包保 — 乡镇, 乡镇代码, 村, 村代码, 包保领导, 包片包保组, 代码来源: one row per village (a township
  without villages: one row with the village cells empty); 包片包保组 (the township's leaders, 、
  between names) and 代码来源 are given once per township, on its first row; so are 盯办专人 / 专人职务
  (the person following the township's patches up, 专人盯办; optional columns)
* 城区片区 — 片区名称, 片区范围, 指挥长, 副指挥长, 副指挥长职务, 副指挥长备注, 责任单位 (、 between units)
* 基本信息 — 项目/内容: county, year, names of the group and the office, contact e-mail, zone note, source

The same tables are what the roster dialog edits: :func:`roster_tables` and :func:`roster_from_tables`
are the one conversion both use. Reading validates everything and reports every problem with the
file, sheet, row and column; nothing is returned (so nothing is written) while any is left.
A workbook without some of the sheets takes those parts from ``base`` (the workspace's roster).
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Optional, Union

import pandas as pd

from ..core.rosters import Guarantee, LeadingGroup, Office, Person, Roster, Township, Village, Zone, normalize_name
from ..i18n import tr
from .errors import InputError, Problem

SHEET_GROUP = "领导小组"
SHEET_TOWNSHIPS = "乡镇村包保"
SHEET_ZONES = "城区片区"
SHEET_INFO = "基本信息"
SHEETS = (SHEET_GROUP, SHEET_TOWNSHIPS, SHEET_ZONES, SHEET_INFO)

GROUP_COLUMNS = ("机构", "角色", "姓名", "职务", "备注")
TOWNSHIP_COLUMNS = ("乡镇", "乡镇代码", "村", "村代码", "包保领导", "包片包保组", "代码来源", "盯办专人", "专人职务")
# Columns added later (专人盯办): a workbook written before them still reads, with no 专人.
OPTIONAL_COLUMNS = {SHEET_TOWNSHIPS: ("盯办专人", "专人职务")}
ZONE_COLUMNS = ("片区名称", "片区范围", "指挥长", "副指挥长", "副指挥长职务", "副指挥长备注", "责任单位")
INFO_COLUMNS = ("项目", "内容")
COLUMNS = {SHEET_GROUP: GROUP_COLUMNS, SHEET_TOWNSHIPS: TOWNSHIP_COLUMNS, SHEET_ZONES: ZONE_COLUMNS,
           SHEET_INFO: INFO_COLUMNS}

BODY_GROUP, BODY_OFFICE = "领导小组", "办公室"
ROLES = {BODY_GROUP: {"组长": "leaders", "副组长": "deputy_leaders", "成员": "members"},
         BODY_OFFICE: {"主任": "directors", "副主任": "deputy_directors", "成员": "members", "联络人": "contact"}}
NAMED_ROLES = ("组长", "副组长", "主任", "副主任", "联络人")  # these need a person's name

INFO_ITEMS = ("县代码", "县名称", "年度", "领导小组名称", "办公室名称", "办公室简称", "办公室设在", "联络邮箱",
              "片区备注", "来源")

SEP = "、"
MAX_SHOWN = 30


class RosterInputError(InputError):
    """Tables that do not make a roster: every problem found (the first one is ``problem``)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problems[0])
        lines = [describe(p) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            lines.append(tr("… and {n} more").format(n=len(problems) - MAX_SHOWN))
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return self.args[0]


def describe(p: Problem) -> str:
    """"file, sheet S, row N, column C: message" (the parts that are known)."""
    where = p.file
    if p.row is not None:
        where = tr("{where}, row {row}").format(where=where, row=p.row)
    if p.field:
        where = tr("{where}, column {column}").format(where=where, column=p.field)
    return f"{where}: {p.message}"


def split_items(text: str) -> tuple[str, ...]:
    from ..store.rosters import split_list

    return split_list(text)


# ---- Roster → tables -------------------------------------------------------------------------------
def roster_tables(roster: Roster) -> dict[str, pd.DataFrame]:
    """{sheet: DataFrame of text} for a roster — what the workbook and the dialog show."""
    lg, of = roster.leading_group, roster.office
    people = []
    for body, obj in ((BODY_GROUP, lg), (BODY_OFFICE, of)):
        for role, attr in ROLES[body].items():
            if attr == "contact":
                persons = [of.contact] if of.contact is not None else []
            else:
                persons = list(getattr(obj, attr))
            people += [(body, role, p.name or "", p.title, p.note) for p in persons]
    towns = []
    for t in roster.townships:
        w = t.watcher
        extra = [SEP.join(t.leaders), t.code_source, (w.name or "") if w else "", w.title if w else ""]
        if not t.villages:
            towns.append([t.name, t.code, "", "", "", *extra])
        for v in t.villages:
            towns.append([t.name, t.code, v.name, v.code, v.guarantor, *extra])
            extra = ["", "", "", ""]
    zones = [(z.name, z.extent, z.commander, z.deputy.name or "", z.deputy.title, z.deputy.note, SEP.join(z.units))
             for z in roster.zones]
    info = [("县代码", roster.county_code), ("县名称", roster.county_name), ("年度", str(roster.year)),
            ("领导小组名称", lg.name), ("办公室名称", of.name), ("办公室简称", of.short_name), ("办公室设在", of.seat),
            ("联络邮箱", of.contact_email), ("片区备注", roster.zones_note),
            ("来源", json.dumps(roster.source, ensure_ascii=False, sort_keys=True) if roster.source else "")]
    return {SHEET_GROUP: pd.DataFrame(people, columns=list(GROUP_COLUMNS), dtype=object),
            SHEET_TOWNSHIPS: pd.DataFrame(towns, columns=list(TOWNSHIP_COLUMNS), dtype=object),
            SHEET_ZONES: pd.DataFrame(zones, columns=list(ZONE_COLUMNS), dtype=object),
            SHEET_INFO: pd.DataFrame(info, columns=list(INFO_COLUMNS), dtype=object)}


def write_roster_xlsx(path: Union[str, os.PathLike], roster: Roster) -> Path:
    """Write the roster workbook (atomically). Row numbers in later error messages are Excel's."""
    from ..reports.xlsx import write_xlsx

    return write_xlsx(path, roster_tables(roster))


# ---- tables → Roster -------------------------------------------------------------------------------
def cell_text(v) -> str:
    """A cell as stripped text: empty/NaN → "", 140923100.0 → "140923100"."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


class _Collector:
    def __init__(self, file: str, sheet_labels: Mapping[str, str], column_labels: Mapping[str, str]):
        self.file, self.sheet_labels, self.column_labels = file, sheet_labels, column_labels
        self.problems: list[Problem] = []

    def where(self, sheet: str) -> str:
        label = self.sheet_labels.get(sheet, sheet)
        if self.file:
            return tr("{file}, sheet {sheet}").format(file=self.file, sheet=label)
        return tr("sheet {sheet}").format(sheet=label)

    def add(self, sheet: str, row, column: Optional[str], message: str) -> None:
        self.problems.append(Problem(self.where(sheet), message, None if row is None else int(row),
                                     None if column is None else self.column_labels.get(column, column)))


def roster_from_tables(tables: Mapping[str, pd.DataFrame], *, file: str = "", base: Optional[Roster] = None,
                       sheet_labels: Optional[Mapping[str, str]] = None,
                       column_labels: Optional[Mapping[str, str]] = None) -> Roster:
    """The roster in ``tables`` ({sheet: DataFrame with the sheet's columns}); a sheet that is absent
    comes from ``base``. Each DataFrame's index is the row number the messages name (Excel's row, or
    the dialog's). Raises :class:`RosterInputError` listing every problem.
    """
    out = _Collector(file, sheet_labels or {}, column_labels or {})
    for sheet in tables:
        if sheet not in COLUMNS:
            out.add(sheet, None, None, tr("unknown sheet {sheet}; a roster workbook has the sheets {sheets}").format(
                sheet=sheet, sheets=SEP.join(SHEETS)))
    frames: dict[str, list[tuple[int, dict]]] = {}
    for sheet, cols in COLUMNS.items():
        df = tables.get(sheet)
        if df is None:
            if base is None:
                out.add(sheet, None, None, tr("the sheet is missing"))
            continue
        header = [cell_text(c) for c in df.columns]
        missing = [c for c in cols if c not in header and c not in OPTIONAL_COLUMNS.get(sheet, ())]
        unknown = [c for c in header if c not in cols]
        for c in missing:
            out.add(sheet, None, c, tr("the column is missing"))
        for c in unknown:
            out.add(sheet, None, c or "—", tr("unknown column; the sheet has the columns {columns}").format(
                columns=SEP.join(cols)))
        if missing or unknown:
            continue
        rows = []
        for idx, values in zip(df.index, df.itertuples(index=False, name=None)):
            rec = dict.fromkeys(cols, "")
            rec.update({h: cell_text(v) for h, v in zip(header, values)})
            if any(rec.values()):
                rows.append((int(idx), rec))
        frames[sheet] = rows
    if out.problems:
        raise RosterInputError(out.problems)

    info = _info(frames.get(SHEET_INFO), base, out)
    lg, office = _group(frames.get(SHEET_GROUP), info, base, out)
    townships = _townships(frames[SHEET_TOWNSHIPS], out) if SHEET_TOWNSHIPS in frames else base.townships
    zones = _zones(frames[SHEET_ZONES], out) if SHEET_ZONES in frames else base.zones
    if out.problems:
        raise RosterInputError(out.problems)
    return Roster(county_code=info["县代码"], county_name=info["县名称"], year=info["年度"], source=info["来源"],
                  leading_group=lg, office=office, townships=townships, zones=zones, zones_note=info["片区备注"])


def _info(rows, base: Optional[Roster], out: _Collector) -> dict:
    if rows is None:
        b = base
        return {"县代码": b.county_code, "县名称": b.county_name, "年度": b.year, "领导小组名称": b.leading_group.name,
                "办公室名称": b.office.name, "办公室简称": b.office.short_name, "办公室设在": b.office.seat,
                "联络邮箱": b.office.contact_email, "片区备注": b.zones_note, "来源": dict(b.source)}
    got: dict[str, str] = {}
    seen: dict[str, int] = {}
    for n, r in rows:
        item, value = r["项目"], r["内容"]
        if item not in INFO_ITEMS:
            out.add(SHEET_INFO, n, "项目", tr("unknown item {item}; the items are {items}").format(
                item=item or "—", items=SEP.join(INFO_ITEMS)))
            continue
        if item in seen:
            out.add(SHEET_INFO, n, "项目", tr("{item} is given twice (also row {row})").format(item=item, row=seen[item]))
            continue
        seen[item] = n
        got[item] = value
    info: dict = {k: got.get(k, "") for k in INFO_ITEMS}
    for k in ("县代码", "县名称"):
        if not info[k]:
            out.add(SHEET_INFO, seen.get(k), "内容", tr("{item} is empty").format(item=k))
    try:
        info["年度"] = int(info["年度"]) if info["年度"] else 0
    except ValueError:
        out.add(SHEET_INFO, seen.get("年度"), "内容", tr("年度 {value} is not a year").format(value=info["年度"]))
        info["年度"] = 0
    src = info["来源"]
    info["来源"] = {}
    if src:
        try:
            parsed = json.loads(src)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            info["来源"] = parsed
        else:
            out.add(SHEET_INFO, seen.get("来源"), "内容", tr("来源 is not a JSON object"))
    return info


def _group(rows, info: dict, base: Optional[Roster], out: _Collector) -> tuple[LeadingGroup, Office]:
    if rows is None:
        b = base
        lg = b.leading_group
        of = b.office
        return (LeadingGroup(info["领导小组名称"], lg.leaders, lg.deputy_leaders, lg.members),
                Office(info["办公室名称"], info["办公室简称"], info["办公室设在"], of.directors, of.deputy_directors,
                       of.members, of.contact, info["联络邮箱"]))
    lists: dict[tuple[str, str], list[Person]] = {(b, a): [] for b, roles in ROLES.items() for a in roles.values()}
    contact_row = None
    for n, r in rows:
        body, role = r["机构"], r["角色"]
        if body not in ROLES:
            out.add(SHEET_GROUP, n, "机构", tr("{value} is not a body; write {choices}").format(
                value=body or "—", choices=SEP.join(ROLES)))
            continue
        if role not in ROLES[body]:
            out.add(SHEET_GROUP, n, "角色", tr("{value} is not a role in {body}; write {choices}").format(
                value=role or "—", body=body, choices=SEP.join(ROLES[body])))
            continue
        name = normalize_name(r["姓名"])
        if not name and (role in NAMED_ROLES or not r["职务"]):
            out.add(SHEET_GROUP, n, "姓名", tr("the name is empty"))
            continue
        if role == "联络人":
            if contact_row is not None:
                out.add(SHEET_GROUP, n, "角色", tr("a second 联络人 (also row {row}); the office has one contact")
                        .format(row=contact_row))
                continue
            contact_row = n
        lists[(body, ROLES[body][role])].append(Person(name or None, r["职务"], r["备注"]))

    def g(attr):
        return tuple(lists[(BODY_GROUP, attr)])

    def o(attr):
        return tuple(lists[(BODY_OFFICE, attr)])

    contact = o("contact")
    return (LeadingGroup(info["领导小组名称"], g("leaders"), g("deputy_leaders"), g("members")),
            Office(info["办公室名称"], info["办公室简称"], info["办公室设在"], o("directors"), o("deputy_directors"),
                   o("members"), contact[0] if contact else None, info["联络邮箱"]))


def _townships(rows, out: _Collector) -> tuple[Township, ...]:
    S = SHEET_TOWNSHIPS
    order: list[str] = []                        # township codes in order of first appearance
    names: dict[str, tuple[str, int]] = {}       # code → (name, row)
    codes_of_name: dict[str, tuple[str, int]] = {}
    leaders: dict[str, tuple[tuple[str, ...], int]] = {}
    code_source: dict[str, tuple[str, int]] = {}
    watcher: dict[str, tuple[str, int]] = {}
    watcher_title: dict[str, tuple[str, int]] = {}
    villages: dict[str, list[tuple[str, str, str]]] = {}
    seen_codes: dict[str, tuple[int, str]] = {}  # code → (row, column) where it was first used

    def use_code(code: str, n: int, column: str, what: str) -> bool:
        if code in seen_codes:
            first_row, first_col = seen_codes[code]
            out.add(S, n, column, tr("duplicate {what} code {code} (also row {row}, column {column})").format(
                what=what, code=code, row=first_row, column=out.column_labels.get(first_col, first_col)))
            return False
        seen_codes[code] = (n, column)
        return True

    for n, r in rows:
        town, tcode, vname, vcode, leader = r["乡镇"], r["乡镇代码"], r["村"], r["村代码"], normalize_name(r["包保领导"])
        has_village = bool(vname or vcode or leader)
        if not town:
            out.add(S, n, "乡镇", tr("village {village} without township").format(village=vname or vcode or "—")
                    if has_village else tr("the township is empty"))
            continue
        if not tcode:
            out.add(S, n, "乡镇代码", tr("the code of township {township} is empty").format(township=town))
            continue
        if tcode in names and names[tcode][0] != town:
            out.add(S, n, "乡镇", tr("township code {code} is {name} in row {row}").format(
                code=tcode, name=names[tcode][0], row=names[tcode][1]))
            continue
        if town in codes_of_name and codes_of_name[town][0] != tcode:
            out.add(S, n, "乡镇代码", tr("township {name} has the code {code} in row {row}").format(
                name=town, code=codes_of_name[town][0], row=codes_of_name[town][1]))
            continue
        if tcode not in names:
            if not use_code(tcode, n, "乡镇代码", tr("township")):
                continue
            names[tcode] = (town, n)
            codes_of_name[town] = (tcode, n)
            order.append(tcode)
            villages[tcode] = []
        for col, store, value in (("包片包保组", leaders, tuple(normalize_name(x) for x in split_items(r["包片包保组"]))),
                                  ("代码来源", code_source, r["代码来源"]),
                                  ("盯办专人", watcher, normalize_name(r["盯办专人"])),
                                  ("专人职务", watcher_title, r["专人职务"])):
            if not value:
                continue
            if tcode in store and store[tcode][0] != value:
                out.add(S, n, col, tr("differs from row {row} of the same township; give it once").format(
                    row=store[tcode][1]))
            store.setdefault(tcode, (value, n))
        if r["专人职务"] and not r["盯办专人"] and tcode not in watcher:
            out.add(S, n, "盯办专人", tr("a 专人职务 is given without the 专人's name"))
        if not has_village:
            continue
        if not vname:
            out.add(S, n, "村", tr("the village name is empty"))
            continue
        if not vcode:
            out.add(S, n, "村代码", tr("the code of village {village} is empty").format(village=vname))
            continue
        if not leader:
            out.add(S, n, "包保领导", tr("the 包保 leader of village {village} is empty").format(village=vname))
            continue
        if not use_code(vcode, n, "村代码", tr("village")):
            continue
        villages[tcode].append((vcode, vname, leader))
    towns = []
    for tcode in order:
        tname = names[tcode][0]
        groups: dict[str, list[Village]] = {}
        for vcode, vname, leader in villages[tcode]:
            groups.setdefault(leader, []).append(Village(vcode, vname, tcode, tname, leader))
        towns.append(Township(tcode, tname, leaders.get(tcode, ((), 0))[0],
                              tuple(Guarantee(k, tuple(vs)) for k, vs in groups.items()),
                              code_source.get(tcode, ("", 0))[0],
                              Person(watcher[tcode][0], watcher_title.get(tcode, ("", 0))[0])
                              if tcode in watcher else None))
    return tuple(towns)


def _zones(rows, out: _Collector) -> tuple[Zone, ...]:
    S = SHEET_ZONES
    zones, seen = [], {}
    for n, r in rows:
        name = r["片区名称"]
        if not name:
            out.add(S, n, "片区名称", tr("the zone name is empty"))
            continue
        if name in seen:
            out.add(S, n, "片区名称", tr("duplicate zone {zone} (also row {row})").format(zone=name, row=seen[name]))
            continue
        seen[name] = n
        commander = normalize_name(r["指挥长"])
        if not commander:
            out.add(S, n, "指挥长", tr("the commander of zone {zone} is empty").format(zone=name))
            continue
        deputy = Person(normalize_name(r["副指挥长"]) or None, r["副指挥长职务"], r["副指挥长备注"])
        zones.append(Zone(name, r["片区范围"], commander, deputy, split_items(r["责任单位"])))
    return tuple(zones)


# ---- the workbook ----------------------------------------------------------------------------------
def read_tables(path: Union[str, os.PathLike]) -> dict[str, pd.DataFrame]:
    """{sheet: DataFrame} of a workbook, indexed by Excel row number (headers in row 1)."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # not a file, not a workbook, corrupt zip …
        raise InputError(Problem(path.name, tr("cannot read the workbook: {error}").format(error=e))) from e
    try:
        tables = {}
        for sheet in wb.worksheets:
            it = sheet.iter_rows(values_only=True)
            header = next(it, None) or ()
            while header and header[-1] is None:
                header = header[:-1]
            width = len(header)
            data, index = [], []
            for n, row in enumerate(it, start=2):
                row = tuple(row[:width]) + (None,) * max(0, width - len(row))
                if any(cell_text(v) for v in row):
                    data.append(row)
                    index.append(n)
            tables[sheet.title] = pd.DataFrame(data, columns=[cell_text(h) for h in header], index=index, dtype=object)
        return tables
    finally:
        wb.close()


def read_roster_xlsx(path: Union[str, os.PathLike], base: Optional[Roster] = None) -> Roster:
    """The roster in a workbook written by :func:`write_roster_xlsx` (and edited by people).

    Raises :class:`~wpzf.exchange.errors.InputError` (a :class:`RosterInputError` listing every problem
    with file, sheet, row and column) when the workbook is not a valid roster.
    """
    path = Path(path)
    return roster_from_tables(read_tables(path), file=path.name, base=base)


def import_roster_xlsx(ws, path: Union[str, os.PathLike], source: Optional[str] = None) -> dict[str, int]:
    """Read a roster workbook and store it in the workspace in one transaction (nothing when invalid)."""
    from ..store.rosters import save_roster, workspace_roster

    path = Path(path)
    roster = read_roster_xlsx(path, base=workspace_roster(ws))
    return save_roster(ws, roster, source=source or f"xlsx:{path.name}")
