"""Determining the whole workspace again in a new session (a Processing run, QGIS restarted) without redoing
what nobody changed since the last whole determine — on a GeoPackage.

The session's own cache (store/determine_cache.py) lives on the open workspace and ends with it. Across
sessions the workspace itself must say what changed, whoever wrote it (WPZF, QGIS's attribute table,
sqlite3): triggers on every table a determination reads append the patch a write touched to ``wz_dtouch``
(a write to the batches or wz_meta — county profile, reference layers — appends -1: everything). A whole
determine stores, in the transaction that writes its results, its mark in ``wz_dmark``: the touch sequence
read before it read the inputs, the range its own writes appended (not changes to anyone's input: they are
the results), the rule-set files' and the plugin's code stamps. The next session's whole determine reads
the results as stored (wz_determ), determines again only the patches touched since the mark, and compares.

Everything is determined again when the triggers are not all there as created here (a table rebuilt
by another program may drop them), the plugin or a rule-set file changed, the batches or wz_meta were
written, or too many patches were touched. The bookkeeping tables are not GeoPackage layers (QGIS does not
list them) and not audited: like the R-tree index, they follow the data. PostGIS: not kept (each new
session determines everything, reading and comparing every unit).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional

import pandas as pd

from ..rules import RESULT_FIELDS
from .workspace import Workspace

TOUCH = "wz_dtouch"
MARK = "wz_dmark"
EVERYTHING = -1
BY_FID = ("wz_patch",)
BY_TBID = ("wz_fact", "wz_part", "wz_determ", "wz_dlmj", "wz_refsug")
WHOLE = ("wz_batch", "wz_meta")
META_BOOKKEEPING = "('audit_count', 'audit_head')"   # store/aggregates.py AUDIT_KEYS
MAX_TOUCHED = 20_000      # past this many patches, determining everything is as quick
# result fields stored NULL when empty: a determination gives "" for these (KCPDJG/KCPDSM: None, no mineral finding)
TEXT_RESULTS = ("PDBZ", "PDTK", "PDGZ", "PDYJSM", "QSSS", "GZJ")
_PLUGIN = Path(__file__).resolve().parents[1]
CODE_DIRS = ("core", "rules", "store")


def _key_sql(table: str, row: str) -> str:
    if table in WHOLE:
        return str(EVERYTHING)
    return f'{row}.{"fid" if table in BY_FID else chr(34) + "TBID" + chr(34)}'


def expected_triggers() -> dict[str, str]:
    """{trigger name: its CREATE statement} as installed here (sqlite_master keeps the statement's text)."""
    out = {}
    for table in BY_FID + BY_TBID + WHOLE:
        for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("NEW", "OLD"))):
            name = f"{TOUCH}_{table}_{event.lower()}"
            keys = sorted({_key_sql(table, r) for r in rows})
            select = " UNION ".join(f"SELECT {k}" for k in keys)
            # the audit chain's count and head (wz_meta) move with every audited write: not an input
            when = (" WHEN " + " OR ".join(f'{r}."KEY" NOT IN {META_BOOKKEEPING}' for r in rows)
                    if table == "wz_meta" else "")
            out[name] = (f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}"{when} '
                         f'BEGIN INSERT INTO {TOUCH}("TBID") {select}; END')
    return out


def _installed(ws: Workspace) -> dict[str, str]:
    return {str(n): str(s) for n, s in ws._fetch(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", (f"{TOUCH}%",))}


def supported(ws: Workspace) -> bool:
    return ws.kind == "gpkg" and all(ws._table_exists(t) for t in BY_FID + BY_TBID + WHOLE)


def begin(ws: Workspace) -> Optional[int]:
    """Before a whole determine reads its inputs: the triggers in place (installed the first time) and the
    touch sequence now — or None where no mark is kept (PostGIS, an old schema)."""
    if not supported(ws):
        return None
    want = expected_triggers()
    have = _installed(ws)
    if have != want or not ws._table_exists(MARK):
        with ws.transaction():
            ws._exec(f'CREATE TABLE IF NOT EXISTS {TOUCH} (seq INTEGER PRIMARY KEY, "TBID" INTEGER)')
            ws._exec(f'CREATE TABLE IF NOT EXISTS {MARK} (id INTEGER PRIMARY KEY CHECK (id = 1), "SEQ" INTEGER, '
                     f'"OURS_FROM" INTEGER, "OURS_TO" INTEGER, "STAMPS" TEXT)')
            for name in have:
                if have[name] != want.get(name):
                    ws._exec(f'DROP TRIGGER "{name}"')
            for name, sql in want.items():
                if have.get(name) != sql:
                    ws._exec(sql)
            ws._exec(f"DELETE FROM {MARK}")   # whatever was marked before the triggers were whole: not valid
    return seq(ws)


def seq(ws: Workspace) -> int:
    return int(ws._fetch(f"SELECT COALESCE(MAX(seq), 0) FROM {TOUCH}")[0][0])


def code_stamp() -> str:
    """The code and data a determination runs on (each file's size and modification time): an upgrade of the
    plugin determines everything again."""
    h = hashlib.sha256()
    files = [p for d in CODE_DIRS for p in (_PLUGIN / d).rglob("*") if p.suffix in (".py", ".json")]
    for p in sorted(files):
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p.relative_to(_PLUGIN)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def save(ws: Workspace, before: int, ours_from: int, rulesets: tuple) -> None:
    """Inside the transaction that wrote a whole determine's results, after them: the mark. ``before``: the touch
    sequence before the inputs were read; ``ours_from``: at the start of this transaction (what follows is the
    results' own writes). Touches at or before ``before`` are done with and go (the last one stays, so the
    sequence never restarts below the mark)."""
    ours_to = seq(ws)
    stamps = json.dumps({"rulesets": [list(r) for r in rulesets], "code": code_stamp()}, ensure_ascii=False)
    ws._exec(f"DELETE FROM {TOUCH} WHERE seq < {ws.ph}", (before,))
    ws._exec(f'INSERT OR REPLACE INTO {MARK} (id, "SEQ", "OURS_FROM", "OURS_TO", "STAMPS") VALUES (1, ?, ?, ?, ?)',
             (before, ours_from, ours_to, stamps))


def resume(ws: Workspace, rulesets_now) -> Optional[tuple[tuple, pd.DataFrame, list, set[int]]]:
    """(rule-set stamps, the results as stored, each row's patch, the patches touched since) — or None:
    determine everything. ``rulesets_now(years)``: the stamps of those years' rule-set files now."""
    if not supported(ws) or not ws._table_exists(MARK) or _installed(ws) != expected_triggers():
        return None
    row = ws._fetch(f'SELECT "SEQ", "OURS_FROM", "OURS_TO", "STAMPS" FROM {MARK} WHERE id = 1')
    if not row:
        return None
    before, ours_from, ours_to, stamps_text = row[0]
    try:
        stamps = json.loads(stamps_text)
        rulesets = tuple(tuple(r) for r in stamps["rulesets"])
    except (TypeError, ValueError, KeyError):
        return None
    if stamps.get("code") != code_stamp() or tuple(rulesets_now({y for y, _ in rulesets})) != rulesets:
        return None
    touched = {r[0] for r in ws._fetch(
        f'SELECT DISTINCT "TBID" FROM {TOUCH} WHERE seq > ? AND NOT (seq > ? AND seq <= ?)',
        (before, ours_from, ours_to))}
    if EVERYTHING in touched or None in touched or len(touched) > MAX_TOUCHED:
        return None
    frame, tbids, missing = stored_results(ws)
    return rulesets, frame, tbids, {int(t) for t in touched} | missing


def stored_results(ws: Workspace) -> tuple[pd.DataFrame, list, set[int]]:
    """Every unit's stored determination in fact_frame order (by patch, a split patch's parts by number), as a
    determination returns them; and the patches one of whose units has none stored."""
    names = list(RESULT_FIELDS)
    cols = ", ".join(f'd."{c}"' for c in names)
    rows = ws._fetch(
        f'SELECT p.fid, t.fid, t."FGBH", {cols} FROM wz_patch p '
        f'LEFT JOIN wz_part t ON t."TBID" = p.fid '
        f'LEFT JOIN wz_determ d ON d."TBID" = p.fid AND d."FGID" IS t.fid '
        f'ORDER BY p.fid, t."FGBH"')
    missing: set[int] = set()
    units, tbids, values = [], [], []
    text = [c in TEXT_RESULTS for c in names]
    for tbid, fgid, fgbh, *res in rows:
        if res[0] is None:          # no determination stored (PDJG is never empty)
            missing.add(int(tbid))
            continue
        units.append(str(tbid) if fgid is None else f"{tbid}-{fgbh}")
        tbids.append(int(tbid))
        values.append(["" if (t and v is None) else v for t, v in zip(text, res)])
    frame = pd.DataFrame(values, columns=names, index=units) if values else pd.DataFrame(columns=names)
    return frame, tbids, missing
