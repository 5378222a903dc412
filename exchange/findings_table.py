"""Merging a table of findings (CSV or xlsx keyed by 监测编号): no base, no geometry, so apart from the package merge."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, FactValueError
from ..store.conflicts import (
    IMPORTED,
    KIND_FACT,
    add_conflict,
    canonical,
    last_change,
    office_facts,
    record_package,
    seen_field_values,
    shown,
)
from ..store.determinations import DERIVABLE, determine_patches, save_facts
from ..store.errors import StoreError
from ..store.workspace import Workspace
from .errors import InputError, Problem
from .field_package import file_sha256
from .field_reports import MergeReport
from .merge_record import _finish, _imported_before

KEY_COLUMNS = ("监测编号", "JCBH")
BATCH_COLUMNS = ("批次编号", "PCBH")
WHO_COLUMNS = ("核查人", "HCR")
WHEN_COLUMNS = ("核查时间", "HCSJ")


def _read_table(path: Path):
    import pandas as pd

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .roster_xlsx import read_tables

        tables = read_tables(path)
        if not tables:
            raise InputError(Problem(path.name, tr("the workbook has no sheet")))
        return next(iter(tables.values()))
    if path.suffix.lower() not in (".csv", ".txt"):
        raise InputError(Problem(path.name, tr("not a CSV or xlsx file")))
    raw = path.read_bytes()
    for codec in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(Problem(path.name, tr("the text is neither UTF-8 nor GBK")))
    import io

    try:
        df = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as e:
        raise InputError(Problem(path.name, tr("cannot be read as CSV: {error}").format(error=e))) from None
    df.index = range(2, 2 + len(df))  # the file's row numbers (the header is row 1)
    return df


def _fact_of_column(name: str) -> Optional[str]:
    n = str(name).strip()
    if n.upper() in FACTS_BY_CODE:
        return n.upper()
    for f in FACTS_BY_CODE.values():
        if n in (f.alias, f"{f.alias}({f.unit})", f"{f.alias}（{f.unit}）"):
            return f.code
    return None


def _cell(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _text_at(row, col) -> Optional[str]:
    """The cell of ``row`` in column ``col`` (None: no such column) as text; None when empty."""
    v = None if col is None else _cell(row[col])
    return str(v) if v else None


def import_findings_table(ws: Workspace, path, *, source_name: Optional[str] = None, save: bool = True) -> MergeReport:
    """Merge a table of findings (CSV or xlsx) keyed by 监测编号, fact columns by code or Chinese alias.

    There is no base: a value the office does not have yet is taken, one equal to the office's is nothing
    to do, one that differs from the office's becomes a conflict. Empty cells say nothing. Rows with an
    unknown 监测编号 or a value that is not valid are rejected (file, row, field named); the rest is merged
    in one transaction. The same file imported again changes nothing."""
    path = Path(path)
    report = MergeReport(package=path.name, folder=str(path))
    try:
        _run_table(ws, path, report, source_name)
    except InputError as e:
        report.error(e.problem)
    except (StoreError, OSError) as e:
        report.error(Problem(path.name, tr("the import failed and nothing was written: {error}").format(error=e)))
    return _finish(ws, report, path.name, save)


def _column(df, names) -> Optional[str]:
    for c in df.columns:
        if str(c).strip() in names or str(c).strip().upper() in names:
            return c
    return None


def _run_table(ws: Workspace, path: Path, report: MergeReport, source_name) -> None:
    if not path.is_file():
        raise InputError(Problem(path.name, tr("no such file")))
    checksum = file_sha256(path)
    package_id = f"table:{path.name}"
    report.package_id = package_id
    report.source = f"field:{source_name or path.name}"
    if _imported_before(ws, checksum, report, path.name):
        return
    df = _read_table(path)
    key_col = _column(df, KEY_COLUMNS)
    if key_col is None:
        raise InputError(Problem(path.name, tr("the table has no 监测编号 (JCBH) column")))
    batch_col, who_col, when_col = _column(df, BATCH_COLUMNS), _column(df, WHO_COLUMNS), _column(df, WHEN_COLUMNS)
    facts: dict[str, str] = {}
    for c in df.columns:
        if c in (key_col, batch_col, who_col, when_col):
            continue
        code = _fact_of_column(c)
        if code is None:
            report.warn(Problem(path.name, tr("column {name} is not a fact; ignored").format(name=c), field=str(c)))
        elif FACTS_BY_CODE[code].derived or code in DERIVABLE:
            report.warn(Problem(path.name, tr("column {name}: this value comes from the data and is not taken from a "
                                              "table; ignored").format(name=c), field=str(c)))
        else:
            facts[c] = code
    if not facts:
        raise InputError(Problem(path.name, tr("the table has no fact column (by code or Chinese name)")))
    rows = ws._fetch('SELECT p.fid, p."JCBH", b."PCBH" FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID" '
                     "ORDER BY p.fid")
    by_key: dict[str, list[tuple[int, str]]] = {}
    for fid, key, batch in rows:
        by_key.setdefault(str(key), []).append((int(fid), batch))
    seen = seen_field_values(ws, package_id)
    seen_now: dict[str, dict] = {}
    first_row: dict[int, int] = {}
    plan: list[tuple[int, str, dict, Optional[str], Optional[str], int]] = []
    for n, row in df.iterrows():
        key = _cell(row[key_col])
        if key is None:
            report.reject(Problem(path.name, tr("监测编号 is empty"), row=int(n), field=str(key_col)))
            continue
        key = str(key).strip()
        found = by_key.get(key, [])
        batch = _text_at(row, batch_col)
        if batch:
            found = [x for x in found if x[1] == batch.strip()]
        if not found:
            report.reject(Problem(path.name, tr("监测编号 {key} is not in the workspace").format(key=key), row=int(n),
                                  field=str(key_col)))
            continue
        tbid = found[-1][0]
        if len(found) > 1:
            report.warn(Problem(path.name, tr("监测编号 {key} was issued in {n} batches; the latest ({batch}) was "
                                              "used").format(key=key, n=len(found), batch=found[-1][1]), row=int(n)))
        if tbid in first_row:
            report.reject(Problem(path.name, tr("监测编号 {key} appears twice in the table (also row {row})").format(
                key=key, row=first_row[tbid]), row=int(n), field=str(key_col)))
            continue
        first_row[tbid] = int(n)
        values, bad = {}, []
        for col, code in facts.items():
            v = _cell(row[col])
            if v is None:
                continue
            try:
                values[code] = canonical(code, v)
            except FactValueError:
                bad.append(Problem(path.name, tr("“{value}” is not a valid value of {alias}").format(
                    value=v, alias=FACTS_BY_CODE[code].alias), row=int(n), field=str(col)))
        if bad:
            for p in bad:
                report.reject(p)
            continue
        plan.append((tbid, key, values, _text_at(row, who_col), _text_at(row, when_col), int(n)))
    office = office_facts(ws, [p[0] for p in plan])
    saves: dict[int, dict] = {}
    conflicts = []
    for tbid, key, values, who, when, _n in plan:
        u = f"#{tbid}"
        for code, f in values.items():
            if f in seen.get(u, {}).get(code, []):
                continue
            seen_now.setdefault(u, {})[code] = f
            o = canonical(code, office.get((tbid, None), {}).get(code))
            if o == f:
                continue
            label = FACTS_BY_CODE[code].alias
            if o is None:
                saves.setdefault(tbid, {})[code] = f
                report.merged.append({"JCBH": key, "TBID": tbid, "FGID": None, "code": code, "label": label,
                                      "base": None, "office": o, "field": f, "office_text": shown(code, o),
                                      "field_text": shown(code, f)})
            else:
                owho, owhen = last_change(ws, tbid, None, code)
                conflicts.append({"tbid": tbid, "key": key, "code": code, "label": label, "office": o, "field": f,
                                  "office_by": owho, "office_at": owhen, "field_by": who or path.name,
                                  "field_at": when})
    source = report.source
    with ws.transaction():
        for tbid, values in saves.items():
            save_facts(ws, tbid, values, source=source)
        for c in conflicts:
            cid = add_conflict(ws, tbid=c["tbid"], fgid=None, kind=KIND_FACT, code=c["code"], base=None,
                               office=c["office"], field=c["field"], office_by=c["office_by"],
                               office_at=c["office_at"], field_by=c["field_by"], field_at=c["field_at"],
                               package_id=package_id, package=path.name, source=source)
            report.conflicts.append({**c, "id": cid, "JCBH": c["key"], "office_text": shown(c["code"], c["office"]),
                                     "field_text": shown(c["code"], c["field"])})
        record_package(ws, {"BH": package_id, "LX": IMPORTED, "MC": path.name, "SHA": checksum, "TBS": len(plan),
                            "JG": report.counts, "WYZ": seen_now}, source=source)
        if saves:
            report.determined = len(determine_patches(ws, sorted(saves), source=source))
        report.touched = sorted(saves)
