"""The case workflow's registers in the workspace: referrals (移交), sampled internal review (抽样复核),
violators (违法主体), deadline delays (延期) and the deadline refresh.

core/ decides (routing, sampling, authenticity, identity, deadline arithmetic); this module stores,
each change one audited transaction. Patches are named by fid (TBID) here and by 监测编号 in tables.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Optional

import pandas as pd

from ..core import blacklist as bl
from ..core import estimates as est
from ..core import referrals as rf
from ..core import sampling as sp
from ..core.dates import as_date, china_today, iso
from ..core.deadlines import DeadlineRules, batch_deadlines
from ..core.text import text_or_blank as _text
from ..i18n import tr
from .errors import StoreError
from .queue import REVIEWED_STATUSES, patch_rows
from .workspace import Workspace, now_text, opt_int


class RegisterError(StoreError):
    pass


# --- referrals ---------------------------------------------------------------------------------------

def suggested_referrals(ws: Workspace, tbid: int, extra: Optional[dict] = None) -> list[rf.Suggestion]:
    """Suggestions for one patch from its determinations (every unit) and facts; ``extra`` adds the
    referral inputs the facts contract does not hold (ecological_damage, work_safety …)."""
    from .determinations import unit_records

    det = patch_rows(ws, "wz_determ", ["PDJG", "PDBZ", "FGID"], tbid)
    facts_of = {opt_int(r["FGID"]): r for r in unit_records(ws, [int(tbid)])}   # each unit's own facts
    seen: dict[str, rf.Suggestion] = {}
    for d in det:
        category, flags = d["PDJG"], d["PDBZ"]
        facts = {k: v for k, v in facts_of.get(opt_int(d["FGID"]), {}).items() if k != "_data"}
        for s in rf.suggest_referrals(_text(category), [f for f in _text(flags).split("；") if f],
                                      {**facts, **(extra or {})}):
            seen.setdefault(s.department, s)
    return [seen[d] for d in rf.DEPARTMENTS if d in seen]


def save_referral(ws: Workspace, tbid: int, referral: rf.Referral, source: Optional[str] = None) -> int:
    """Insert or update the register line of (patch, department, direction); returns its fid."""
    patch = ws.get("wz_patch", int(tbid))
    if patch is None:
        raise RegisterError(tr("patch #{tbid} does not exist").format(tbid=tbid))
    r = rf.validate_referral(replace(referral, patch_id=str(patch["JCBH"])))   # the register names the patch
    row = {"TBID": int(tbid), "BM": r.department, "FX": r.direction, "SY": r.reason or None, "WH": r.doc_no or None,
           "FCRQ": iso(r.sent), "JSRQ": iso(r.received), "FKJG": r.feedback or None, "FKRQ": iso(r.feedback_date)}
    old = ws.select("wz_referral", ["BBH"], where=f'"TBID" = {ws.ph} AND "BM" = {ws.ph} AND "FX" = {ws.ph}',
                    params=(int(tbid), r.department, r.direction))
    with ws.transaction():
        if old.empty:
            return ws.insert("wz_referral", [row], source=source)[0]
        fid = int(old["fid"].iloc[0])
        ws.update("wz_referral", fid, row, expected_version=int(old["BBH"].iloc[0]), source=source)
        return fid


REFERRAL_FIELDS = ["TBID", "BM", "FX", "SY", "WH", "FCRQ", "JSRQ", "FKJG", "FKRQ"]


def _referral(r: dict, keys: dict) -> tuple[int, rf.Referral]:
    return (int(r["TBID"]), rf.Referral(keys.get(int(r["TBID"]), str(r["TBID"])), r["BM"], r["FX"], as_date(r["FCRQ"]),
                                        as_date(r["JSRQ"]), _text(r["FKJG"]), as_date(r["FKRQ"]), _text(r["WH"]),
                                        _text(r["SY"])))


def referrals(ws: Workspace, keys: Optional[dict[int, str]] = None) -> list[tuple[int, rf.Referral]]:
    """(patch fid, referral) for every register line; ``keys`` (patch fid → 监测编号) when already read."""
    df = ws.select("wz_referral", REFERRAL_FIELDS)
    if keys is None:
        patches = ws.select("wz_patch", ["JCBH"])
        keys = dict(zip(patches["fid"].astype(int), patches["JCBH"]))
    return [_referral(r, keys) for r in df.to_dict("records")]


def patch_referrals(ws: Workspace, tbid: int) -> list[rf.Referral]:
    """The register lines of one patch: two seeks (its lines by TBID, its 监测编号 by fid), whatever the
    size of the register or the workspace — the dock's case tab reads them on every step."""
    lines = patch_rows(ws, "wz_referral", REFERRAL_FIELDS, tbid)
    if not lines:
        return []
    key = ws._fetch(f'SELECT "JCBH" FROM wz_patch WHERE fid = {ws.ph}', (int(tbid),))
    keys = {int(tbid): key[0][0]} if key else {}
    return [_referral(r, keys)[1] for r in lines]


REFERRAL_COLUMNS = ["监测编号", "乡镇", "接收部门", "方向", "移交事由", "移送函文号", "发出日期", "接收日期", "反馈结果",
                    "反馈日期", "状态", "超期未反馈"]


def referral_register(ws: Workspace, today: Optional[dt.date] = None, days: int = 30) -> pd.DataFrame:
    """The register (移交台账) as a table; sent lines without feedback after ``days`` marked overdue."""
    today = today or china_today()
    patches = ws.select("wz_patch", ["JCBH", "XZMC"])
    fids = patches["fid"].astype(int)
    town = dict(zip(fids, patches["XZMC"]))
    recs = referrals(ws, dict(zip(fids, patches["JCBH"])))
    late = {id(r) for r in rf.overdue([r for _, r in recs], today, days)}
    rows = [[r.patch_id, _text(town.get(t)), r.department, r.direction, r.reason, r.doc_no, r.sent, r.received,
             r.feedback, r.feedback_date, r.state, "是" if id(r) in late else ""] for t, r in recs]
    return pd.DataFrame(rows, columns=REFERRAL_COLUMNS).sort_values(["接收部门", "监测编号"], ignore_index=True)


# --- sampled internal review -------------------------------------------------------------------------

VERIFIED = REVIEWED_STATUSES


def draw_review_sample(ws: Workspace, name: str, seed, rate: float = 0.1, minimum: int = 1,
                       batch_code: Optional[str] = None, source: Optional[str] = None) -> sp.Sample:
    """Draw (reproducibly) and store a stratified sample of the verified patches; a name is drawn once."""
    if not str(name).strip():
        raise RegisterError(tr("The sample needs a name."))
    if ws.count("wz_sample", '"CYMC" = ' + ws.ph, (name,)):
        raise RegisterError(tr("A sample named {name} exists already; a drawn sample is never drawn again.").format(name=name))
    marks = ", ".join([ws.ph] * len(VERIFIED))
    where, params = f'"ZT" IN ({marks})', list(VERIFIED)
    if batch_code:
        where += f' AND "PCID" IN (SELECT fid FROM wz_batch WHERE "PCBH" = {ws.ph})'
        params.append(batch_code)
    df = ws.select("wz_patch", ["XZMC"], where=where, params=tuple(params))
    if df.empty:
        raise RegisterError(tr("There are no verified patches to sample."))
    population = {str(int(f)): _text(t) or "（未指定乡镇）" for f, t in zip(df["fid"], df["XZMC"])}
    sample = sp.draw_sample(population, seed, rate, minimum)
    rows = [{"CYMC": name, "ZZ": str(seed), "BL": float(rate), "TBID": int(pid), "XZMC": town}
            for town, ids in sample.strata.items() for pid in ids]
    with ws.transaction():
        ws.insert("wz_sample", rows, source=source)
    return sample


def sample_names(ws: Workspace) -> list[str]:
    return sorted(set(ws.select("wz_sample", ["CYMC"])["CYMC"]))


def record_verdict(ws: Workspace, name: str, tbid: int, verdict: str, note: str = "", reviewer: str = "",
                   video_note: str = "", source: Optional[str] = None) -> None:
    """The reviewer's verdict (真实 / 不真实 with a reason) on one sampled patch."""
    v = sp.Verdict.parse(str(tbid), verdict, note, reviewer)
    if not v.authentic and not note.strip():
        raise RegisterError(tr("A 不真实 verdict needs a note."))
    row = ws.select("wz_sample", ["BBH"], where=f'"CYMC" = {ws.ph} AND "TBID" = {ws.ph}', params=(name, int(tbid)))
    if row.empty:
        raise RegisterError(tr("Patch #{tbid} is not in the sample {name}.").format(tbid=tbid, name=name))
    with ws.transaction():
        ws.update("wz_sample", int(row["fid"].iloc[0]),
                  {"FHJL": v.label, "FHSM": note or None, "FHR": reviewer or ws.actor.username, "FHSJ": now_text(),
                   "SPHC": video_note or None}, expected_version=int(row["BBH"].iloc[0]), source=source)


def stored_sample(ws: Workspace, name: str) -> tuple[sp.Sample, list[sp.Verdict]]:
    # plain rows (the dashboard reads every sample at each new session: a 10k-patch sample through pandas
    # records cost more than the rest of its figures)
    rows = ws._fetch(f'SELECT "TBID", "XZMC", "FHJL", "FHSM", "FHR", "ZZ", "BL" FROM wz_sample WHERE "CYMC" = {ws.ph} '
                     "ORDER BY fid", (name,))
    if not rows:
        raise RegisterError(tr("There is no sample named {name}.").format(name=name))
    strata: dict[str, list[str]] = {}
    verdicts = []
    for tbid, town, verdict, note, reviewer, _seed, _rate in rows:
        pid = str(int(tbid))
        strata.setdefault(_text(town), []).append(pid)
        if _text(verdict):
            verdicts.append(sp.Verdict.parse(pid, verdict, _text(note), _text(reviewer)))
    population = {p: t for t, ids in strata.items() for p in ids}
    sample = sp.Sample(str(rows[0][5]), float(rows[0][6]), 1, population,
                       {t: tuple(ids) for t, ids in strata.items()})
    return sample, verdicts


def sample_report(ws: Workspace, name: str, stored: Optional[tuple] = None) -> sp.AuthenticityReport:
    """``stored``: ``stored_sample(ws, name)`` when already read."""
    sample, verdicts = stored or stored_sample(ws, name)
    return sp.authenticity(sample, verdicts, batch_name=name)


def sample_estimates(ws: Workspace, name: str, counts: Optional[dict[str, int]] = None,
                     stored: Optional[tuple] = None) -> tuple[est.Estimate, dict[str, est.Estimate]]:
    """How sure the sample's rates are: the county's stratified estimate (strata = townships, sizes = the
    township's patches in the workspace now) and a Wilson interval per township (core/estimates.py).
    ``counts``: patches per township (XZMC as text, "" when missing) when the caller keeps them already;
    ``stored``: ``stored_sample(ws, name)`` when already read."""
    sample, verdicts = stored or stored_sample(ws, name)
    seen = {v.patch_id: v for v in verdicts}
    if counts is None:
        counts = ws.select("wz_patch", ["XZMC"])["XZMC"].fillna("").astype(str).value_counts().to_dict()
    strata, towns = {}, {}
    for town, ids in sample.strata.items():
        reviewed = [seen[i] for i in ids if i in seen]
        good = sum(v.authentic for v in reviewed)
        strata[town] = (max(int(counts.get(town, 0)), len(ids)), len(reviewed), good)
        towns[town] = est.wilson(good, len(reviewed))
    return est.stratified(strata), towns


def sampled_patch_ids(ws: Workspace, name: Optional[str] = None) -> set[int]:
    where, params = ("", ()) if name is None else ('"CYMC" = ' + ws.ph, (name,))
    return set(ws.select("wz_sample", ["TBID"], where=where, params=params)["TBID"].astype(int))


# --- violators ---------------------------------------------------------------------------------------

def add_violator(ws: Workspace, tbid: int, violator: bl.Violator, year: int, note: str = "",
                 source: Optional[str] = None) -> int:
    with ws.transaction():
        return ws.insert("wz_violator", [{"TBID": int(tbid), "MC": violator.name, "LX": violator.kind,
                                          "ZJHM": violator.id_number or None, "ND": int(year),
                                          "BZ": note or None}], source=source)[0]


def blacklist(ws: Workspace) -> bl.Blacklist:
    df = ws.select("wz_violator")
    # the violators' patches only, not every patch of the workspace
    patches = ws.select("wz_patch", ["JCBH", "XZMC", "PDJG", "TBMJMU"], where='fid IN (SELECT "TBID" FROM wz_violator)')
    info = {int(f): r for f, r in zip(patches["fid"], patches.to_dict("records"))}
    reg = bl.Blacklist()
    for r in df.to_dict("records"):
        p = info.get(int(r["TBID"]), {})
        mu = p.get("TBMJMU")
        reg.add(bl.Violator(r["MC"], r["LX"], _text(r["ZJHM"])),
                bl.Offence(_text(p.get("JCBH")) or str(r["TBID"]), int(r["ND"]), _text(p.get("XZMC")),
                           _text(p.get("PDJG")), float(mu) if mu is not None and mu == mu else 0.0))
    return reg


BLACKLIST_COLUMNS = ["类型", "名称", "证件号码", "证件号码校验", "涉及图斑", "年度", "违法面积(亩)", "屡查屡犯", "说明"]


def blacklist_table(ws: Workspace) -> pd.DataFrame:
    rows = []
    for e in blacklist(ws).entries():
        check = "" if e.id_valid is None else ("有效" if e.id_valid else "校验位错误")
        note = ("同名且有多个证件号码：" + "、".join(e.ambiguous_with)) if e.ambiguous_with else ""
        rows.append([e.kind, e.name, e.id_number, check, "、".join(e.patch_ids), "、".join(map(str, e.years)),
                     round(e.illegal_mu, 2), e.repeat_reason or "", note])
    return pd.DataFrame(rows, columns=BLACKLIST_COLUMNS)


# --- deadlines ---------------------------------------------------------------------------------------

def request_delay(ws: Workspace, tbid: int, reason: str, new_deadline: dt.date, requested: dt.date,
                  approver: str = "", source: Optional[str] = None) -> int:
    """Record a force-majeure delay (reason and new date) and move the patch's deadline (核查截止)."""
    if not str(reason).strip():
        raise RegisterError(tr("Enter the reason for the delay."))
    patch = ws.get("wz_patch", int(tbid))
    if patch is None:
        raise RegisterError(tr("patch #{tbid} does not exist").format(tbid=tbid))
    old = as_date(patch["HCJZ"])
    if old is not None and new_deadline <= old:
        raise RegisterError(tr("Patch {key}: the new deadline {new} is not after the current one ({old}).").format(key=patch["JCBH"], new=new_deadline, old=old))
    if new_deadline < requested:
        raise RegisterError(tr("Patch {key}: the new deadline {new} is before the request date.").format(key=patch["JCBH"], new=new_deadline))
    with ws.transaction():
        fid = ws.insert("wz_delay", [{"TBID": int(tbid), "YY": reason.strip(), "YJZ": iso(old),
                                      "XJZ": new_deadline.isoformat(), "SQRQ": requested.isoformat(),
                                      "PZR": approver or None}], source=source)[0]
        ws.update("wz_patch", int(tbid), {"HCJZ": new_deadline.isoformat()}, expected_version=int(patch["BBH"]),
                  source=source)
    return fid


def refresh_deadlines(ws: Workspace, rules: DeadlineRules = DeadlineRules(), source: Optional[str] = None) -> int:
    """Recompute every batch's deadlines and its patches' 核查截止 from level and issue date under
    ``rules``; a patch with a granted delay keeps its latest delayed date. Returns the patches changed."""
    batches = ws.select("wz_batch", ["JB", "XFRQ", "HCJZ", "SJSHJZ", "RLJZ"])
    delays = ws.select("wz_delay", ["TBID", "XJZ"])
    delayed = {}
    for t, d in zip(delays["TBID"], delays["XJZ"]):
        delayed[int(t)] = max(delayed.get(int(t), ""), str(d))
    changed = 0
    with ws.transaction():
        for b in batches.to_dict("records"):
            dl = batch_deadlines(b["JB"], as_date(b["XFRQ"]), rules)
            new = {"HCJZ": iso(dl.verify), "SJSHJZ": iso(dl.city_review), "RLJZ": iso(dl.claim)}
            if any(_text(b[k])[:10] != _text(v) for k, v in new.items()):
                ws.update("wz_batch", int(b["fid"]), new, source=source)
            pts = ws._fetch('SELECT fid, "HCJZ", "BBH" FROM wz_patch WHERE "PCID" = ' + ws.ph, (int(b["fid"]),))
            moved, versions = {}, {}
            for fid, cur, ver in pts:
                want = delayed.get(int(fid)) or new["HCJZ"]
                if _text(cur)[:10] != want:
                    moved[int(fid)], versions[int(fid)] = {"HCJZ": want}, int(ver)
            # One set-based write per batch (Workspace.update_many), each patch audited as before.
            changed += len(ws.update_many("wz_patch", moved, expected_versions=versions, source=source))
    return changed


def deadline_view(ws: Workspace, today: Optional[dt.date] = None, within: Optional[int] = None,
                  overdue_only: bool = False, done_statuses: Iterable[str] = VERIFIED) -> pd.DataFrame:
    """Open patches with their deadline, days left, township and 包保 leader; overdue ones first."""
    from .rosters import workspace_roster

    today = today or china_today()
    df = ws.select("wz_patch", ["JCBH", "XZMC", "CMC", "HCJZ", "ZT"])
    df = df[~df["ZT"].isin(list(done_statuses))]
    days = [None if not _text(d) else (as_date(d) - today).days for d in df["HCJZ"]]
    df = df.assign(days=days)
    if overdue_only:
        df = df[df["days"].notna() & (df["days"] < 0)]
    elif within is not None:
        df = df[df["days"].notna() & (df["days"] <= within)]
    roster = workspace_roster(ws)
    leaders = []
    for town, village in zip(df["XZMC"], df["CMC"]):
        try:
            leaders.append(roster.village(_text(village), _text(town) or None).guarantor)
        except LookupError:
            leaders.append("")
    out = pd.DataFrame({"监测编号": df["JCBH"], "乡镇": df["XZMC"].map(_text), "村": df["CMC"].map(_text),
                        "包保领导": leaders, "核查截止": df["HCJZ"].map(as_date), "剩余天数": df["days"],
                        "状态": df["ZT"]})
    return out.sort_values(["剩余天数", "监测编号"], na_position="last", ignore_index=True)
