"""The workspace side of sign-off (core/signoff.py decides): county 审核验收 per unit, what went up (上报) and
the verdicts from above (市级 / 省级审核), every write audited through ws.insert/update.

On GeoPackage this module refuses a reviewer who recorded the findings (the audit shows who tried nothing:
the refusal writes nothing, and every pass names its reviewer). On PostGIS a trigger (``signoff_guard_sql``)
does the same in the database, with the login of the session as the reviewer.
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from ..core import signoff as rules
from ..core.dates import china_now
from ..core.jsontext import dumps
from ..i18n import tr
from ..rules.facts import PENDING
from .errors import StoreError
from .workspace import Workspace, now_text, opt_int

TABLE = "wz_signoff"
LOG = "wz_sbjl"
UNIT_COLUMNS = ["TBID", "FGID", "JCBH", "FGBH", "PCBH", "XZMC", "CMC", "PDJG"]
SIGNOFF_COLUMNS = ["ZT", "TJR", "TJSJ", "SHR", "SHSJ", "SHYJ", "SHZY", "XTCS", "SBZT", "SBBH", "SBSJ", "SBZY",
                   "SJJB", "SJZT", "SJYJ", "SJQX", "SJSJ", "THCS", "BBH"]


class SignoffRefused(StoreError):
    """A sign-off step the rules refuse; ``reasons`` names each unit."""

    def __init__(self, reasons: list[str]):
        super().__init__("；".join(reasons))
        self.reasons = reasons


# ---- reading ---------------------------------------------------------------------------------------------------

def units(ws: Workspace, tbids: Optional[Iterable[int]] = None, batch_code: Optional[str] = None) -> pd.DataFrame:
    """One row per unit (a patch, or each part of a split patch) with its sign-off row (SIGNOFF_COLUMNS, fid of
    the sign-off row as SOID; ZT 未提交 when there is none) and ``key`` (监测编号[-分割编号])."""
    ph = ws.ph
    where, params = [], []
    if tbids is not None:
        tbids = [int(t) for t in tbids]
        if not tbids:
            return pd.DataFrame(columns=["key", "SOID", *UNIT_COLUMNS, *SIGNOFF_COLUMNS])
        where.append(f"p.fid IN ({', '.join([ph] * len(tbids))})")
        params += tbids
    if batch_code:
        where.append(f'b."PCBH" = {ph}')
        params.append(batch_code)
    sql = ('SELECT p.fid, pt.fid, p."JCBH", pt."FGBH", b."PCBH", p."XZMC", p."CMC", '
           'CASE WHEN pt.fid IS NULL THEN p."PDJG" ELSE pt."PDJG" END '
           'FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID" LEFT JOIN wz_part pt ON pt."TBID" = p.fid')
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += ' ORDER BY p."JCBH", p.fid, pt."FGBH"'
    df = pd.DataFrame.from_records(ws._fetch(sql, params), columns=UNIT_COLUMNS)
    # one patch (the card, on every step) reads its own rows by the TBID index, not the whole table
    so = ws.select(TABLE, ["TBID", "FGID", *SIGNOFF_COLUMNS],
                   where=f'"TBID" IN ({", ".join([ph] * len(tbids))})' if tbids is not None and len(tbids) <= 500 else "",
                   params=tuple(tbids) if tbids is not None and len(tbids) <= 500 else ())
    so_by = {(int(r.TBID), opt_int(r.FGID)): r for r in so.itertuples(index=False)}
    soid = {(int(t), opt_int(f)): int(i) for i, t, f in zip(so["fid"], so["TBID"], so["FGID"])}
    rows = []
    for r in df.itertuples(index=False):
        k = (int(r.TBID), opt_int(r.FGID))
        s = so_by.get(k)
        row = {"key": rules.unit_key(r.JCBH, r.FGBH), "SOID": soid.get(k), **r._asdict()}
        row["TBID"], row["FGID"] = k
        for c in SIGNOFF_COLUMNS:
            row[c] = getattr(s, c) if s is not None else None
        if s is None:
            row["ZT"] = rules.NOT_SUBMITTED
        rows.append(row)
    out = pd.DataFrame(rows, columns=["key", "SOID", *UNIT_COLUMNS, *SIGNOFF_COLUMNS])
    # ids stay ints or None: a mix of patches and parts must not turn FGID into floats with NaN (keys would miss)
    for c in ("FGID", "SOID"):
        out[c] = pd.Series([opt_int(v) for v in out[c]], index=out.index, dtype=object)
    return out


def _k(r) -> tuple[int, Optional[int]]:
    return int(r.TBID), opt_int(r.FGID)


def _determined(pdjg) -> bool:
    return pdjg is not None and pdjg == pdjg and str(pdjg).strip() not in ("", PENDING)


def content(ws: Workspace, tbids: Sequence[int]) -> dict[tuple[int, Optional[int]], str]:
    """(TBID, FGID) → the digest of what the unit's return says: its patch's place and determination, its
    facts (the patch's and its own), its determination record and the checksums of the patch's photos.
    A change to any of these after a pass or a return shows as a different digest."""
    tbids = [int(t) for t in tbids]
    if not tbids:
        return {}
    marks = "{marks}"
    patch = {int(r[0]): r[1:] for r in ws._fetch_in(
        f'SELECT fid, "XZDM", "XZMC", "CDM", "CMC", "PDJG", "SFSK" FROM wz_patch WHERE fid IN ({marks})', tbids)}
    fact_cols = [c for c in ws.tables["wz_fact"].codes if c not in ("TBID", "FGID", "BBH", "XGSJ", "XGR")]
    facts: dict = {}
    for r in ws._fetch_in(f'SELECT "TBID", "FGID", {", ".join(chr(34) + c + chr(34) for c in fact_cols)} '
                          f'FROM wz_fact WHERE "TBID" IN ({marks})', tbids):
        facts[(int(r[0]), opt_int(r[1]))] = {c: _plain(v) for c, v in zip(fact_cols, r[2:]) if _plain(v) is not None}
    det: dict = {}
    for r in ws._fetch_in('SELECT "TBID", "FGID", "PDJG", "PDBZ", "PDTK", "PDYJSM", "KCPDJG" FROM wz_determ '
                          f'WHERE "TBID" IN ({marks})', tbids):
        det[(int(r[0]), opt_int(r[1]))] = [_plain(v) for v in r[2:]]
    photos: dict = {}
    for t, sha in ws._fetch_in(f'SELECT "TBID", "SHA" FROM wz_photo WHERE "TBID" IN ({marks})', tbids):
        photos.setdefault(int(t), []).append(sha)
    parts: dict = {}
    for t, f, pdjg in ws._fetch_in(f'SELECT "TBID", fid, "PDJG" FROM wz_part WHERE "TBID" IN ({marks})', tbids):
        parts.setdefault(int(t), []).append((int(f), pdjg))
    out = {}
    for t in tbids:
        base = {"patch": [_plain(v) for v in patch.get(t, ())], "facts": facts.get((t, None), {}),
                "photos": sorted(photos.get(t, []))}
        if t not in parts:
            out[(t, None)] = rules.digest({**base, "determ": det.get((t, None))})
        for f, pdjg in parts.get(t, []):
            out[(t, f)] = rules.digest({**base, "part": _plain(pdjg), "part_facts": facts.get((t, f), {}),
                                        "determ": det.get((t, f))})
    return out


def _plain(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") and not isinstance(v, (str, bytes)) else v


def recorders(ws: Workspace, tbid: int) -> frozenset:
    """Who recorded the findings of patch ``tbid``: everyone who saved one of its fact records (the audit of
    wz_fact, and the last saver's stamp)."""
    rows = ws._fetch(f'SELECT fid, "XGR" FROM wz_fact WHERE "TBID" = {ws.ph}', (int(tbid),))
    names = {r[1] for r in rows if r[1]}
    keys = [str(r[0]) for r in rows]
    if keys:
        names |= {r[0] for r in ws._fetch_in(
            'SELECT DISTINCT "USERNAME" FROM wz_audit WHERE "TBL" = \'wz_fact\' AND "ROWKEY" IN ({marks})', keys)}
    return frozenset(names)


def _state(row, recs: frozenset = frozenset()) -> rules.UnitState:
    return rules.UnitState(row["key"], row["ZT"], _determined(row["PDJG"]), row["TJR"] or "", recs)


# ---- county sign-off -------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)      # unit keys changed
    refused: list[str] = field(default_factory=list)   # reasons, one per unit refused


def submit(ws: Workspace, tbids: Iterable[int], source: str = "signoff") -> Outcome:
    """提交审核: every determined unit of the patches ``tbids`` not already waiting or passed (a passed unit that
    changed after its pass goes back for review). Units refused are named; the others are submitted."""
    df = units(ws, tbids)
    now_digest = content(ws, df["TBID"].unique().tolist())
    out = Outcome()
    with ws.transaction():
        for row in df.to_dict("records"):
            k = (int(row["TBID"]), opt_int(row["FGID"]))
            changed = row["ZT"] == rules.PASSED and row["SHZY"] != now_digest.get(k)
            why = rules.can_submit(_state(row), changed)
            if why:
                out.refused.append(why)
                continue
            values = {"ZT": rules.SUBMITTED, "TJR": ws.actor.username, "TJSJ": now_text(), "SHR": None,
                      "SHSJ": None, "SHZY": None}
            if row["SOID"] is None:
                ws.insert(TABLE, [{"TBID": row["TBID"], "FGID": row["FGID"], **values}], source=source)
            else:
                ws.update(TABLE, int(row["SOID"]), values, source=source)
            out.done.append(row["key"])
    return out


def review(ws: Workspace, tbids: Iterable[int], verdict: str, reason: str = "", source: str = "signoff",
           keys: Optional[Iterable[str]] = None) -> Outcome:
    """审核通过 or 退回 the waiting units of the patches ``tbids`` (only ``keys`` among them when given). The
    reviewer is the workspace's actor and must not have recorded the findings nor submitted them; every unit
    refused is named and nothing is changed when any is (a review is all or nothing)."""
    if verdict not in (rules.PASSED, rules.RETURNED):
        raise StoreError(f"{verdict}: a review passes (通过) or returns (退回)")
    reason = rules.return_reason(reason) if verdict == rules.RETURNED else (reason or "").strip()
    df = units(ws, tbids)
    if keys is not None:
        wanted = set(keys)
        df = df[df["key"].isin(wanted)]
    me = ws.actor.username
    out = Outcome()
    recs = {t: recorders(ws, t) for t in df["TBID"].unique()}
    digests = content(ws, list(recs))
    for row in df.to_dict("records"):
        why = rules.can_review(_state(row, recs[row["TBID"]]), me)
        if why:
            out.refused.append(why)
    if out.refused:
        raise SignoffRefused(out.refused)
    with ws.transaction():
        for row in df.to_dict("records"):
            values = {"ZT": verdict, "SHR": me, "SHSJ": now_text()}
            if verdict == rules.PASSED:   # SHYJ keeps the last return's reason: the ledger's history
                values["SHZY"] = digests.get((int(row["TBID"]), opt_int(row["FGID"])))
            else:
                values.update({"SHYJ": reason, "XTCS": int(row["XTCS"] or 0) + 1})
            ws.update(TABLE, int(row["SOID"]), values, source=source)
            out.done.append(row["key"])
    return out


# ---- what went up ----------------------------------------------------------------------------------------------

def passed_units(ws: Workspace, batch_code: Optional[str] = None, tbids=None) -> tuple[pd.DataFrame, list[str]]:
    """The units passed by the county and unchanged since (what may go up), and the reasons for those held
    back (passed, then changed: they need another review)."""
    df = units(ws, tbids, batch_code)
    df = df[df["ZT"] == rules.PASSED]
    digests = content(ws, df["TBID"].unique().tolist())
    ok = pd.Series([digests.get(_k(r)) == r.SHZY for r in df.itertuples()], index=df.index, dtype=bool)
    held = [f"{k}：审核通过后又有修改，须重新提交审核" for k, good in zip(df["key"], ok) if not good]
    return df.loc[ok].reset_index(drop=True), held


def record_return(ws: Workspace, df: pd.DataFrame, batch_code: str, folder: str, result: dict,
                  source: str = "return", number: Optional[str] = None) -> str:
    """Record a return (上报): which units, when, by whom, the audit head at the time; the units are marked
    已上报 with the digest of what went up. ``number``: the one its folder was named with (``return_numbers``).
    Returns the return's number."""
    when = now_text()
    number = number or next(n for n, _ in return_numbers(ws, batch_code))
    digests = content(ws, df["TBID"].unique().tolist())
    with ws.transaction():
        if _taken(ws, number):   # another export of the batch took it since this one began (another session)
            raise StoreError(tr("return number {number} was taken by another return made at the same time; "
                                "write the return again").format(number=number))
        count, head = ws._audit_head()
        ws.insert(LOG, [{"BH": number, "LX": "上报", "PCBH": batch_code, "SJ": when, "CZR": ws.actor.username,
                         "TBS": len(df), "DY": dumps(list(df["key"])), "SJTS": count, "SJTOU": head,
                         "ML": str(folder), "JG": dumps(result)}], source=source)
        for r in df.itertuples():
            ws.update(TABLE, int(r.SOID), {"SBZT": rules.UPLOADED, "SBBH": number, "SBSJ": when,
                                           "SBZY": digests.get(_k(r))}, source=source)
    return number


def resubmission_needed(ws: Workspace, tbids=None) -> pd.DataFrame:
    """Units that went up and changed after (需重新上报): their current content differs from what went up."""
    df = units(ws, tbids)
    df = df[df["SBZT"].isin([rules.UPLOADED, rules.RESUBMIT])]
    digests = content(ws, df["TBID"].unique().tolist())
    changed = pd.Series([digests.get(_k(r)) != r.SBZY for r in df.itertuples()], index=df.index,
                        dtype=bool)
    return df.loc[changed].reset_index(drop=True)


def mark_resubmission(ws: Workspace, source: str = "signoff") -> int:
    """Store 需重新上报 on the units that changed after they went up; returns how many were newly marked."""
    df = resubmission_needed(ws)
    n = 0
    with ws.transaction():
        for r in df.itertuples():
            if r.SBZT != rules.RESUBMIT:
                ws.update(TABLE, int(r.SOID), {"SBZT": rules.RESUBMIT}, source=source)
                n += 1
    return n


def returns(ws: Workspace) -> pd.DataFrame:
    """Every return and every review imported, newest first."""
    return ws.select(LOG, ["BH", "LX", "PCBH", "SJ", "CZR", "TBS", "SJTS", "SJTOU", "ML", "WJ"], order_by="fid DESC")


# ---- reviews from above ---------------------------------------------------------------------------------------

@dataclass
class UpperResult:
    passed: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # rows not applied, each named


def apply_upper_reviews(ws: Workspace, reviews: Sequence[rules.UpperReview], level: str, file: str = "",
                        checksum: str = "", source: str = "upper-review") -> UpperResult:
    """Apply a city's or province's verdicts: 通过 is recorded; 退回 reopens the unit (county state 退回: back in
    its operator's queue) with the comment and the new deadline, and counts the return. Rows naming a unit
    that never went up, or none at all, are named and skipped; the import itself is recorded."""
    if level not in rules.LEVELS:
        raise StoreError(f"{level}: not one of {', '.join(rules.LEVELS)}")
    df = units(ws)
    by_key = {k: r for k, r in zip(df["key"], df.to_dict("records"))}
    by_jcbh: dict[str, list] = {}
    for r in df.to_dict("records"):
        by_jcbh.setdefault(str(r["JCBH"]), []).append(r)
    res = UpperResult()
    when = now_text()
    with ws.transaction():
        for rv in reviews:
            why = rules.check_upper(rv)
            if why:
                res.problems.append(why)
                continue
            targets = [by_key[rules.unit_key(rv.jcbh, rv.part)]] if rv.part and rules.unit_key(
                rv.jcbh, rv.part) in by_key else by_jcbh.get(rv.jcbh, [])
            if not targets:
                res.problems.append(f"第{rv.row}行 {rv.jcbh}：工作空间中没有这个监测编号")
                continue
            for row in targets:
                if row["SOID"] is None or not row["SBZT"]:
                    res.problems.append(f"第{rv.row}行 {row['key']}：尚未上报，不能记录上级审核结果")
                    continue
                values = {"SJJB": level, "SJZT": rv.verdict, "SJYJ": rv.comment or None,
                          "SJQX": rv.deadline.isoformat() if rv.deadline else None, "SJSJ": when}
                if rv.verdict == rules.RETURNED:
                    values.update({"ZT": rules.RETURNED, "THCS": int(row["THCS"] or 0) + 1})
                    res.returned.append(row["key"])
                else:
                    res.passed.append(row["key"])
                ws.update(TABLE, int(row["SOID"]), values, source=source)
        count, head = ws._audit_head()
        ws.insert(LOG, [{"BH": _unused(ws, f"SH-{_china_stamp()}"),
                         "LX": f"{level}审核", "SJ": when, "CZR": ws.actor.username,
                         "TBS": len(res.passed) + len(res.returned), "DY": dumps(res.passed + res.returned),
                         "SJTS": count, "SJTOU": head, "WJ": file or None, "SHA": checksum or None,
                         "JG": dumps({"通过": res.passed, "退回": res.returned, "问题": res.problems})}],
                  source=source)
    return res


# ---- views -----------------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = ["乡镇", "认定单元", "未提交", "待审核", "退回", "通过", "已上报", "需重新上报", "上级退回"]


def summary_by_township(ws: Workspace) -> pd.DataFrame:
    """Per township (and 合计): units not submitted, waiting, returned, passed, gone up, to go up again, and the
    returns from above (counted per return)."""
    df = units(ws)
    stale = set(resubmission_needed(ws)["key"]) if len(df) else set()
    town = df["XZMC"].where(df["XZMC"].notna() & (df["XZMC"].astype(str).str.strip() != ""), "（未指定乡镇）")
    t = pd.DataFrame({"乡镇": town, "认定单元": 1})
    for s in (rules.NOT_SUBMITTED, rules.SUBMITTED, rules.RETURNED, rules.PASSED):
        t[s] = (df["ZT"] == s).astype(int)
    t["已上报"] = df["SBZT"].isin([rules.UPLOADED, rules.RESUBMIT]).astype(int)
    t["需重新上报"] = df["key"].isin(stale).astype(int)
    t["上级退回"] = pd.to_numeric(df["THCS"], errors="coerce").fillna(0).astype(int)
    g = t.groupby("乡镇", sort=True).sum(numeric_only=True).reset_index()
    g = pd.concat([g, pd.DataFrame([{"乡镇": "合计", **g.sum(numeric_only=True).to_dict()}])], ignore_index=True)
    return g[SUMMARY_COLUMNS]


def patch_signoff(ws: Workspace, tbid: int) -> list[dict]:
    """The sign-off of each unit of one patch, for the card: state, who and when, reasons and comments."""
    df = units(ws, [tbid])
    stale = set(resubmission_needed(ws, [tbid])["key"])
    out = []
    for r in df.to_dict("records"):
        r["needs_resubmission"] = r["key"] in stale
        out.append(r)
    return out


def queue_fids(ws: Workspace, state: str) -> list[int]:
    """Patches with a unit in ``state``: 待审核 / 退回 / 通过 / 未提交, 需重新上报, or 上级退回 (returned from above
    and not yet passed again)."""
    if state == rules.RESUBMIT:
        return sorted({int(t) for t in resubmission_needed(ws)["TBID"]})
    df = units(ws)
    if state == "上级退回":
        mask = (df["SJZT"] == rules.RETURNED) & (df["ZT"] != rules.PASSED)
    else:
        mask = df["ZT"] == state
    return sorted({int(t) for t in df.loc[mask, "TBID"]})


def log_entry(ws: Workspace, number: str) -> Optional[dict]:
    df = ws.select(LOG, where=f'"BH" = {ws.ph}', params=(number,))
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    for k in ("DY", "JG"):
        row[k] = json.loads(row[k]) if row.get(k) else None
    return row


def return_numbers(ws: Workspace, batch_code: str) -> Iterator[tuple[str, str]]:
    """(number, the stamp its folder is named with) for a new return of ``batch_code``: SB-<batch>-<China time to
    the second>, then the same with -2, -3 … where the log holds it — the caller takes the first whose folder is
    free too. Two returns within one second (a correction sent at once) never share a number or a folder."""
    stamp = _china_stamp()
    return ((number, stamp + suffix) for number, suffix in _free(ws, f"SB-{batch_code}-{stamp}"))


def _unused(ws: Workspace, number: str) -> str:
    """``number``, or with -2, -3 … where the log holds it (a second review within one second)."""
    return next(_free(ws, number))[0]


def _free(ws: Workspace, number: str) -> Iterator[tuple[str, str]]:
    """(``number`` + suffix, suffix) not in the log: suffix "", then -2, -3 …"""
    for k in itertools.count(1):
        suffix = "" if k == 1 else f"-{k}"
        if not _taken(ws, number + suffix):
            yield number + suffix, suffix


def _taken(ws: Workspace, number: str) -> bool:
    return bool(ws._fetch(f'SELECT 1 FROM {LOG} WHERE "BH" = {ws.ph}', (number,)))


def _china_stamp() -> str:
    """Now in China time as 20210620_203000: return and review numbers read as the office's clock."""
    return china_now().strftime("%Y%m%d_%H%M%S")


# ---- PostGIS: the four eyes in the database (installed by store/pgroles.grant) ----------------------------------

def signoff_guard_sql(schema: str) -> list[str]:
    """wz_signoff in a team workspace: a pass or a county return is made by a reviewer (or the owner), who is
    recorded as the session's login and is neither the submitter nor anyone who saved the unit's findings
    (wz_fact, its stamp and its audit); submitter and reviewer are recorded as the session's login (a row naming
    anyone else is refused, so the row and its audit record agree). A SQL client cannot skip it."""
    from .pgroles import _IS_OWNER, REVIEWER, _function, _trigger

    body = f"""
        DECLARE
          who text := session_user::text;
          recorded boolean;
          deciding boolean;
        BEGIN
          IF NEW."ZT" = '{rules.SUBMITTED}' AND (TG_OP = 'INSERT' OR OLD."ZT" IS DISTINCT FROM NEW."ZT")
             AND NEW."TJR" IS DISTINCT FROM who THEN
            RAISE EXCEPTION 'the submitter of a unit is the login that submits it (%), not "%"', who, NEW."TJR"
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          deciding := (NEW."ZT" = '{rules.PASSED}' AND (TG_OP = 'INSERT' OR OLD."ZT" IS DISTINCT FROM NEW."ZT"))
                   OR (NEW."ZT" = '{rules.RETURNED}' AND (TG_OP = 'INSERT' OR OLD."ZT" = '{rules.SUBMITTED}'));
          IF TG_OP = 'UPDATE' AND NOT deciding AND OLD."ZT" = '{rules.PASSED}'
             AND (NEW."SHR" IS DISTINCT FROM OLD."SHR" OR NEW."SHSJ" IS DISTINCT FROM OLD."SHSJ") THEN
            RAISE EXCEPTION 'the reviewer of a passed unit cannot be changed (% refused)', who
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF NOT deciding THEN
            RETURN NEW;
          END IF;
          IF NOT ({_IS_OWNER} OR pg_has_role(current_user, '{REVIEWER}', 'USAGE')) THEN
            RAISE EXCEPTION 'only reviewers ({REVIEWER}) pass or return a unit; % is not one', who
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP = 'INSERT' OR OLD."ZT" IS DISTINCT FROM '{rules.SUBMITTED}' THEN
            RAISE EXCEPTION 'a unit is reviewed only once submitted (% refused)', who
              USING ERRCODE = 'check_violation';
          END IF;
          IF who = NEW."TJR" OR who = OLD."TJR" THEN
            RAISE EXCEPTION 'four eyes: % submitted this unit and may not review it', who
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.wz_fact f WHERE f."TBID" = $1 AND (f."XGR" = $2 OR EXISTS '
                         '(SELECT 1 FROM %I.wz_audit a WHERE a."TBL" = ''wz_fact'' AND a."ROWKEY" = f.fid::text '
                         'AND a."USERNAME" = $2)))', TG_TABLE_SCHEMA, TG_TABLE_SCHEMA)
            INTO recorded USING NEW."TBID", who;
          IF recorded THEN
            RAISE EXCEPTION 'four eyes: % recorded the findings of this patch and may not review them', who
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF NEW."SHR" IS DISTINCT FROM who THEN
            RAISE EXCEPTION 'the reviewer of a unit is the login that reviews it (%), not "%"', who, NEW."SHR"
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END"""
    return [_function(schema, "wz_signoff_guard", body),
            *_trigger(schema, TABLE, "wz_signoff_four_eyes", "BEFORE INSERT OR UPDATE", "wz_signoff_guard")]


def grant_signoff(ws, names: Sequence[str]) -> None:
    """Operators submit and record what went up; reviewers pass and return (the trigger decides who may do
    which); both log returns and reviews from above. Run by the owner inside pgroles.grant."""
    from .pgroles import OPERATOR, REVIEWER, quote_ident

    s = quote_ident(ws.schema)
    for t in (TABLE, LOG):
        if t in names:
            ws._exec(f"GRANT INSERT, UPDATE ON {s}.{t} TO {OPERATOR}, {REVIEWER}")
    if TABLE in names:
        for sql in signoff_guard_sql(ws.schema):
            ws._ddl(sql)
