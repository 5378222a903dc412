"""What changed in the workspace since a mark, whoever wrote it — so that determining everything again in a
new session (a Processing run, QGIS restarted) redoes only what was touched, on a GeoPackage.

The session's own cache (store/determine_cache.py) lives on the open workspace and ends with it. Across
sessions the workspace itself must say what changed, whoever wrote it (WPZF, QGIS's attribute table,
sqlite3): triggers on every table a determination or the dashboard reads append the patch a write touched,
and the table, to the log ``wz_dtouch`` (a write to the batches or wz_meta — county profile, reference
layers — appends -1: everything). A whole determine stores, in the transaction that writes its results, its
mark in ``wz_dmark``: the log's sequence read before it read the inputs, the range its own writes appended
(its results, not anyone's input), the rule-set files' and the plugin's code stamps. The next session's whole
determine reads the results as stored (wz_determ), determines again only the patches touched since the mark,
and compares. The dashboard keeps its own mark on the same log (store/dashboard_snapshot.py).

Everything is determined again when the triggers or the log are not as created here (a table rebuilt by
another program may drop them), the plugin or a rule-set file changed, the batches or wz_meta were written,
or too many patches were touched. The bookkeeping tables are not GeoPackage layers (QGIS does not list them)
and not audited: like the R-tree index, they follow the data. PostGIS: not kept (each new session
determines everything, reading and comparing every unit).
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Optional

import pandas as pd

from ..rules import RESULT_FIELDS
from .errors import StoreError
from .workspace import Workspace

TOUCH = "wz_dtouch"
MARK = "wz_dmark"
MARKS = (MARK, "wz_dagg")      # the marks kept on the log: a whole determine's; the dashboard's (dashboard_snapshot)
EVERYTHING = -1
WHOLE = ("wz_batch", "wz_meta")
# the tables a determination reads, and the patch a row names
DETERMINE_INPUTS = {"wz_patch": "fid", "wz_fact": "TBID", "wz_part": "TBID", "wz_determ": "TBID",
                    "wz_dlmj": "TBID", "wz_refsug": "TBID"}
# what else the dashboard's figures read (store/dashboard_snapshot.py): a measure names its case's patch
DASHBOARD_INPUTS = {"wz_case": "TBID", "wz_photo": "TBID", "wz_measure": "AJID"}
# the registers the dashboard counts (referrals, samples, violators): their rows name no patch (0 in the log)
REGISTERS = ("wz_referral", "wz_sample", "wz_violator")
NO_PATCH = 0
TOUCHED = {**DETERMINE_INPUTS, **DASHBOARD_INPUTS, **dict.fromkeys(WHOLE), **dict.fromkeys(REGISTERS, "register")}
META_BOOKKEEPING = "('audit_count', 'audit_head')"   # store/aggregates.py AUDIT_KEYS
MAX_TOUCHED = 20_000      # past this many patches, determining everything is as quick
# result fields stored NULL when empty: a determination gives "" for these (KCPDJG/KCPDSM: None, no mineral finding)
TEXT_RESULTS = ("PDBZ", "PDTK", "PDGZ", "PDYJSM", "QSSS", "GZJ")
_PLUGIN = Path(__file__).resolve().parents[1]
CODE_DIRS = ("core", "rules", "store")
_TOUCH_SQL = f'CREATE TABLE {TOUCH} (seq INTEGER PRIMARY KEY, "TBID" INTEGER, "TBL" TEXT)'


def _key_sql(table: str, row: str) -> str:
    key = TOUCHED[table]
    if key is None:
        return str(EVERYTHING)
    if key == "register":
        return str(NO_PATCH)
    if key == "AJID":
        return f'(SELECT "TBID" FROM wz_case WHERE fid = {row}."AJID")'
    return f'{row}."{key}"' if key != "fid" else f"{row}.fid"


def expected_triggers() -> dict[str, str]:
    """{trigger name: its CREATE statement} as installed here (sqlite_master keeps the statement's text)."""
    out = {}
    for table in TOUCHED:
        for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("NEW", "OLD"))):
            if table == "wz_patch" and event != "UPDATE":
                # a patch added or removed is not logged (an import would add a row per patch): a whole determine
                # meets it as a patch with no stored determination, or one stored of no patch; the dashboard
                # compares the patches' ids
                continue
            name = f"{TOUCH}_{table}_{event.lower()}"
            insert = f'INSERT INTO {TOUCH}("TBID", "TBL")'
            keys = [_key_sql(table, r) for r in rows]
            body = f"{insert} VALUES ({keys[0]}, '{table}');"
            if len(set(keys)) > 1:   # an update: the row's patch before too, when it changed (one row a write)
                body += f" {insert} SELECT {keys[1]}, '{table}' WHERE {keys[1]} IS NOT {keys[0]};"
            # the audit chain's count and head (wz_meta) move with every audited write: not an input
            when = (" WHEN " + " OR ".join(f'{r}."KEY" NOT IN {META_BOOKKEEPING}' for r in rows)
                    if table == "wz_meta" else "")
            out[name] = f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}"{when} BEGIN {body} END'
    return out


def _installed(ws: Workspace) -> dict[str, str]:
    return {str(n): str(s) for n, s in ws._fetch(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", (f"{TOUCH}%",))}


def supported(ws: Workspace) -> bool:
    if ws.kind != "gpkg":
        return False
    marks = ", ".join("?" * len(TOUCHED))
    have = ws._fetch(f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})", tuple(TOUCHED))
    return have[0][0] == len(TOUCHED)


def _log_whole(ws: Workspace) -> bool:
    rows = ws._fetch("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (TOUCH,))
    return bool(rows) and rows[0][0] == _TOUCH_SQL


def heal(ws: Workspace) -> None:
    """On opening: triggers whose log another program dropped or changed would fail every write to the
    tables they watch (in QGIS too) — the log is made again, and every mark on it forgotten."""
    if ws.kind != "gpkg" or not _installed(ws) or _log_whole(ws):
        return
    try:
        with ws.transaction():
            _make_log(ws)
    except StoreError:   # a read-only file: nothing will write through the triggers here either
        pass


def _make_log(ws: Workspace) -> None:
    ws._exec(f"DROP TABLE IF EXISTS {TOUCH}")
    ws._exec(_TOUCH_SQL)
    for table in MARKS:
        ws._exec(f"DROP TABLE IF EXISTS {table}")


def begin(ws: Workspace) -> Optional[int]:
    """Before a whole determine reads its inputs: the triggers in place (installed the first time) and the
    touch sequence now — or None where no mark is kept (PostGIS, an old schema)."""
    if not supported(ws):
        return None
    want = expected_triggers()
    have = _installed(ws)
    if have != want or not _log_whole(ws):
        with ws.transaction():
            _make_log(ws)   # whatever was marked before the triggers were whole: not valid
            for name in have:
                if have[name] != want.get(name):
                    ws._exec(f'DROP TRIGGER "{name}"')
            for name, sql in want.items():
                if have.get(name) != sql:
                    ws._exec(sql)
    return seq(ws)


def seq(ws: Workspace) -> int:
    return int(ws._fetch(f"SELECT COALESCE(MAX(seq), 0) FROM {TOUCH}")[0][0])


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """The code and data a determination runs on (each file's size and modification time): an upgrade of the
    plugin determines everything again. Read once per process: the modules it loaded do not change under it."""
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
    ws._exec(f'CREATE TABLE IF NOT EXISTS {MARK} (id INTEGER PRIMARY KEY CHECK (id = 1), "SEQ" INTEGER, '
             f'"OURS_FROM" INTEGER, "OURS_TO" INTEGER, "STAMPS" TEXT)')
    ws._exec(f'INSERT OR REPLACE INTO {MARK} (id, "SEQ", "OURS_FROM", "OURS_TO", "STAMPS") VALUES (1, ?, ?, ?, ?)',
             (before, ours_from, ours_to, stamps))
    prune(ws)


def prune(ws: Workspace) -> None:
    """Touches no mark needs any more go (the last one stays, so the sequence never restarts below a mark)."""
    marks = [int(r[0][0]) for r in (ws._fetch(f'SELECT "SEQ" FROM {t} WHERE id = 1') for t in MARKS
                                    if ws._table_exists(t)) if r and r[0][0] is not None]
    if marks:
        ws._exec(f"DELETE FROM {TOUCH} WHERE seq < {ws.ph}", (min(marks),))


def resume(ws: Workspace, rulesets_now) -> Optional[tuple[tuple, pd.DataFrame, list, set[int]]]:
    """(rule-set stamps, the results as stored, each row's patch, the patches touched since) — or None:
    determine everything. ``rulesets_now(years)``: the stamps of those years' rule-set files now."""
    if not supported(ws) or not ws._table_exists(MARK) or not intact(ws):
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
    touched = touched_since(ws, before, (*DETERMINE_INPUTS, *WHOLE), (ours_from, ours_to))
    if touched is None:
        return None
    frame, tbids, missing = stored_results(ws)
    return rulesets, frame, tbids, touched | missing


def intact(ws: Workspace) -> bool:
    """The triggers and the log as made here (so every write since the mark is in the log)."""
    return _installed(ws) == expected_triggers() and _log_whole(ws)


def touched_since(ws: Workspace, before: int, tables=None, skip: tuple = (0, 0)) -> Optional[set[int]]:
    """The patches the log names after ``before`` (of ``tables``; not the range ``skip``) — None when a write
    cannot be placed (the batches, wz_meta, a measure of no case) or too many were touched."""
    found = touched_tables_since(ws, before, tables, skip)
    return None if found is None else found[1]


def touched_tables_since(ws: Workspace, before: int, tables=None, skip: tuple = (0, 0)
                         ) -> Optional[tuple[set[str], set[int]]]:
    """(the tables written, the patches touched) after ``before``, as ``touched_since``."""
    sql = f'SELECT DISTINCT "TBL", "TBID" FROM {TOUCH} WHERE seq > ? AND NOT (seq > ? AND seq <= ?)'
    if tables:
        sql += f' AND "TBL" IN ({", ".join(chr(39) + t + chr(39) for t in tables)})'
    rows = ws._fetch(sql, (before, *skip))
    patches = {t for _, t in rows if t != NO_PATCH}
    if EVERYTHING in patches or None in patches or len(patches) > MAX_TOUCHED:
        return None
    return {str(tbl) for tbl, _ in rows}, {int(t) for t in patches}


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
