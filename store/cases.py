"""Case tracking in the workspace: 立案, penalty, rectification measures with their evidence, status.

core/cases.py decides (areas, evidence, transitions, accountability markers); this module stores. A case
belongs to one unit (a patch, or one part of a split patch) whose determination is illegal. A measure's
photos are the patch's own field photos (wz_photo), referenced by checksum, so the evidence rule sees
when each was taken. Every change is one audited transaction; the patch's status (ZT) follows the case.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Optional

import pandas as pd

from ..core import cases as core
from ..core.dates import CHINA, as_date, china_today, iso
from ..core.text import text_or_blank
from ..i18n import tr
from ..rules.facts import ILLEGAL_CATEGORIES
from .errors import StoreError
from .queue import patch_rows
from .workspace import Workspace, opt_int

# The patch status that mirrors each case status (store/schema.STATUSES).
PATCH_STATUS = {core.FILED: "已判定", core.RECTIFYING: "整改中", core.RECTIFIED: "已整改", core.ELIMINATED: "已销号"}


class CaseStoreError(StoreError):
    """A case operation the rules refuse; ``zh``/``en`` carry the two sentences of core.CaseError."""

    def __init__(self, message: str, zh: str = "", en: str = ""):
        super().__init__(message)
        self.zh, self.en = zh or message, en or message


@dataclass(frozen=True)
class StoredCase:
    fid: int
    version: int
    tbid: int
    fgid: Optional[int]
    case: core.Case
    photo_shas: tuple[tuple[str, ...], ...]   # per measure, the wz_photo checksums it cites


def local_date(utc_text) -> Optional[dt.date]:
    """The calendar date in China of a stored UTC time (photo times are kept in UTC)."""
    if utc_text is None or utc_text != utc_text or not str(utc_text).strip():
        return None
    s = str(utc_text).strip().replace("Z", "+00:00")
    try:
        t = dt.datetime.fromisoformat(s)
    except ValueError:
        return as_date(s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(CHINA).date()


def _wrap(err: core.CaseError) -> CaseStoreError:
    return CaseStoreError(str(err), err.zh, err.en)


# --- reading ----------------------------------------------------------------------------------------

def _photos_by_patch(ws: Workspace, where: str, params=()) -> dict[int, dict[str, core.Photo]]:
    """patch fid → {checksum: photo} of the dated photos of the patches wz_photo's ``where`` selects."""
    rows = ws._fetch(f'SELECT "TBID", "SHA", "WJLJ", "PSSJ", "TJSJ" FROM wz_photo WHERE {where} ORDER BY fid', params)
    out: dict[int, dict[str, core.Photo]] = {}
    for tbid, sha, path, taken, added in rows:
        day = local_date(taken) or local_date(added)   # no EXIF time: the day it was added is the latest it can be
        if day is not None:
            out.setdefault(int(tbid), {})[str(sha)] = core.Photo(str(path), day)
    return out


def _photos_by_sha(ws: Workspace, tbid: int) -> dict[str, core.Photo]:
    return _photos_by_patch(ws, '"TBID" = ' + ws.ph, (int(tbid),)).get(int(tbid), {})


def _issue_dates(ws: Workspace, where: str = "", params=()) -> dict[int, Optional[dt.date]]:
    """patch fid → the date it was issued (its own XFSJ, else its batch's XFRQ); a patch whose batch is
    missing is left out unless it has its own date."""
    rows = ws._fetch('SELECT p.fid, p."XFSJ", b."XFRQ", b.fid FROM wz_patch p LEFT JOIN wz_batch b '
                     'ON b.fid = p."PCID"' + (f" WHERE {where}" if where else ""), params)
    out = {}
    for fid, own, batch_date, batch in rows:
        issued = as_date(own)
        if issued is not None or batch is not None:
            out[int(fid)] = issued or as_date(batch_date)
    return out


def _case_from_row(row: dict, measures: pd.DataFrame, issued: dict[int, Optional[dt.date]],
                   photos: dict[str, core.Photo]) -> StoredCase:
    """The case of a wz_case row, given its measures, the patches' issue dates (``_issue_dates``) and
    the photos of its patch."""
    tbid = int(row["TBID"])
    fine, seized = row["FKJE"], row["MSJZ"]
    penalty = core.Penalty(float(fine) if fine is not None and fine == fine else 0.0,
                           bool(seized) if seized is not None and seized == seized else False,
                           text_or_blank(row["CFWH"]), as_date(row["CFRQ"]))
    ms, shas = [], []
    records = (measures.sort_values("XH").to_dict("records") if isinstance(measures, pd.DataFrame)
               else sorted(measures, key=lambda m: m["XH"]))
    for m in records:
        cited = tuple(json.loads(m["ZP"])) if isinstance(m["ZP"], str) and m["ZP"] else ()
        shas.append(cited)
        ms.append(core.Measure(m["CS"], float(m["MJ"]), as_date(m["KSRQ"]), as_date(m["WCRQ"]),
                               tuple(photos[s] for s in cited if s in photos), text_or_blank(m["WH"]),
                               as_date(m["WJRQ"]), text_or_blank(m["BZ"])))
    history = tuple(core.StatusChange(s, as_date(d), n) for s, d, n in json.loads(row["ZTLS"]))
    filed = as_date(row["LARQ"])
    case = core.Case(str(tbid), issued[tbid] if tbid in issued else filed, float(row["WFMJ"]), float(row["WFGDMJ"]),
                     row["LABH"], filed, penalty, tuple(ms), history)
    return StoredCase(int(row["fid"]), int(row["BBH"]), tbid, opt_int(row["FGID"]), case, tuple(shas))


def load_case(ws: Workspace, case_fid: int) -> StoredCase:
    row = ws.get("wz_case", int(case_fid))
    if row is None:
        raise CaseStoreError(tr("There is no case #{fid}.").format(fid=case_fid))
    row["fid"] = int(case_fid)
    measures = ws.select("wz_measure", where='"AJID" = ' + ws.ph, params=(int(case_fid),))
    tbid = int(row["TBID"])
    return _case_from_row(row, measures, _issue_dates(ws, "p.fid = " + ws.ph, (tbid,)), _photos_by_sha(ws, tbid))


def case_of(ws: Workspace, tbid: int, fgid: Optional[int] = None) -> Optional[StoredCase]:
    """The case of a unit, or None."""
    if fgid is None:
        df = ws.select("wz_case", ["TBID"], where=f'"TBID" = {ws.ph} AND "FGID" IS NULL', params=(int(tbid),))
    else:
        df = ws.select("wz_case", ["TBID"], where=f'"TBID" = {ws.ph} AND "FGID" = {ws.ph}',
                       params=(int(tbid), int(fgid)))
    return None if df.empty else load_case(ws, int(df["fid"].iloc[0]))


def case_patch(ws: Workspace, tbid: int) -> Optional[dict]:
    """What the case tab needs of the patch itself — fid, 监测编号 (JCBH), deadline (HCJZ), batch (PCID)
    and its rule-set year (GZND) — in one seek; None when there is no such patch."""
    rows = ws._fetch('SELECT p.fid, p."JCBH", p."HCJZ", p."PCID", b."GZND" FROM wz_patch p LEFT JOIN wz_batch b '
                     f'ON b.fid = p."PCID" WHERE p.fid = {ws.ph}', (int(tbid),))
    return dict(zip(["fid", "JCBH", "HCJZ", "PCID", "GZND"], rows[0])) if rows else None


def cases_of_patch(ws: Workspace, tbid: int) -> dict[Optional[int], StoredCase]:
    """Every case of one patch by unit (None: the whole patch, else the part's fid): four seeks by key
    (its cases, their measures, its issue date, its photos) whatever the size of the workspace."""
    rows = patch_rows(ws, "wz_case", list(ws.tables["wz_case"].codes), tbid)
    if not rows:
        return {}   # most patches: one seek
    codes = list(ws.tables["wz_measure"].codes)
    marks = ", ".join([ws.ph] * len(rows))
    measures = [dict(zip(["fid", *codes], m)) for m in ws._fetch(
        f'SELECT fid, {", ".join(chr(34) + c + chr(34) for c in codes)} FROM wz_measure WHERE "AJID" IN ({marks})',
        tuple(int(r["fid"]) for r in rows))]
    issued = _issue_dates(ws, "p.fid = " + ws.ph, (int(tbid),))
    photos = _photos_by_sha(ws, tbid)
    out = {}
    for r in rows:
        sc = _case_from_row(r, [m for m in measures if m["AJID"] == r["fid"]], issued, photos)
        out[sc.fgid] = sc
    return out


def all_cases(ws: Workspace) -> list[StoredCase]:
    rows = ws.select("wz_case")
    if rows.empty:
        return []
    measures = ws.select("wz_measure")
    # plain dicts per case: a DataFrame per case costs ~2 ms each (20 s at 10k cases)
    by_case: dict[int, list[dict]] = {}
    for m in measures.to_dict("records"):
        if m["AJID"] is not None and m["AJID"] == m["AJID"]:
            by_case.setdefault(int(m["AJID"]), []).append(m)
    # One query each for the issue dates and the photos of all the cases' patches, not one per case.
    in_cases = 'IN (SELECT "TBID" FROM wz_case)'
    issued = _issue_dates(ws, "p.fid " + in_cases)
    photos = _photos_by_patch(ws, '"TBID" ' + in_cases)
    return [_case_from_row(r, by_case.get(int(r["fid"]), []), issued, photos.get(int(r["TBID"]), {}))
            for r in rows.to_dict("records")]


# --- writing ----------------------------------------------------------------------------------------

def _unit_illegal(ws: Workspace, tbid: int, fgid: Optional[int]) -> tuple[str, float, float, dt.date]:
    """The unit's determination, area and cultivated area (亩) and the patch's issue date."""
    from .determinations import fact_frame

    frame = fact_frame(ws, [tbid])
    if frame.empty:
        raise CaseStoreError(tr("patch #{tbid} does not exist").format(tbid=tbid))
    rows = frame[frame["FGID"].isna()] if fgid is None else frame[frame["FGID"] == fgid]
    if rows.empty:
        raise CaseStoreError(f"patch {tbid} has no unit {fgid}" if fgid is not None else
                             f"patch {tbid} is split: open one case per part")
    unit = rows.iloc[0]
    det = ws.select("wz_determ", ["PDJG", "FGID"], where='"TBID" = ' + ws.ph, params=(int(tbid),))
    det = det[det["FGID"].isna()] if fgid is None else det[det["FGID"] == fgid]
    category = None if det.empty else det["PDJG"].iloc[0]
    issued = _issue_dates(ws, "p.fid = " + ws.ph, (int(tbid),)).get(int(tbid))
    mu = float(unit["MJ"]) if unit["MJ"] == unit["MJ"] and unit["MJ"] is not None else 0.0
    gd = float(unit["GDMJ"]) if unit["GDMJ"] == unit["GDMJ"] and unit["GDMJ"] is not None else 0.0
    return category, round(mu, 4), round(min(gd, mu), 4), issued


def _sync_patch_status(ws: Workspace, tbid: int, status: str, source: Optional[str]) -> None:
    """The patch's ZT follows its cases; a split patch shows its least advanced case."""
    statuses = [json.loads(h)[-1][0] for h in ws.select("wz_case", ["ZTLS"], where='"TBID" = ' + ws.ph,
                                                         params=(int(tbid),))["ZTLS"]]
    order = list(core.STATUSES)
    least = min(statuses + [status], key=order.index) if statuses else status
    target = PATCH_STATUS[least]
    patch = ws.get("wz_patch", int(tbid))
    if patch["ZT"] != target:
        ws.update("wz_patch", int(tbid), {"ZT": target}, source=source)


def _history_json(case: core.Case) -> str:
    return json.dumps([[h.status, h.date.isoformat(), h.note] for h in case.history], ensure_ascii=False)


def open_unit_case(ws: Workspace, tbid: int, case_no: str, filed: dt.date, fgid: Optional[int] = None,
                   penalty: core.Penalty = core.Penalty(), illegal_mu: Optional[float] = None,
                   illegal_gd_mu: Optional[float] = None, source: Optional[str] = None) -> StoredCase:
    """File a case (立案) for an illegally determined unit; areas default to the unit's own."""
    if case_of(ws, tbid, fgid) is not None:
        raise CaseStoreError(f"patch {tbid}{'' if fgid is None else f' part {fgid}'} already has a case",
                             "该图斑（地块）已立案", "this unit already has a case")
    category, mu, gd, issued = _unit_illegal(ws, tbid, fgid)
    if category not in ILLEGAL_CATEGORIES:
        raise CaseStoreError(f"patch {tbid}: determined {category or '—'}, not illegal; no case to file",
                             f"判定结果为“{category or '未判定'}”，不是违法类型，不能立案",
                             "the determination is not an illegal category")
    try:
        case = core.open_case(str(tbid), issued, illegal_mu if illegal_mu is not None else mu,
                              illegal_gd_mu if illegal_gd_mu is not None else gd, case_no, filed, penalty)
    except core.CaseError as e:
        raise _wrap(e) from e
    with ws.transaction():
        fid = ws.insert("wz_case", [{
            "TBID": int(tbid), "FGID": fgid, "LABH": case.case_no, "LARQ": filed.isoformat(), "WFMJ": case.illegal_mu,
            "WFGDMJ": case.illegal_gd_mu, "FKJE": penalty.fine_yuan, "MSJZ": penalty.confiscation,
            "CFWH": penalty.decision_no or None, "CFRQ": iso(penalty.decided), "AJZT": case.status,
            "ZTLS": _history_json(case)}], source=source)[0]
        _sync_patch_status(ws, tbid, case.status, source)
    return load_case(ws, fid)


def set_penalty(ws: Workspace, case_fid: int, penalty: core.Penalty, source: Optional[str] = None) -> StoredCase:
    sc = load_case(ws, case_fid)
    try:
        core.open_case(sc.case.patch_id, sc.case.issued, sc.case.illegal_mu, sc.case.illegal_gd_mu,
                       sc.case.case_no, sc.case.filed, penalty)
    except core.CaseError as e:
        raise _wrap(e) from e
    with ws.transaction():
        ws.update("wz_case", sc.fid, {"FKJE": penalty.fine_yuan, "MSJZ": penalty.confiscation,
                                      "CFWH": penalty.decision_no or None, "CFRQ": iso(penalty.decided)},
                  expected_version=sc.version, source=source)
    return load_case(ws, case_fid)


def _measure_row(m: core.Measure, case: core.Case, shas: tuple[str, ...]) -> dict:
    return {"CS": m.kind, "MJ": float(m.area_mu), "KSRQ": iso(m.start), "WCRQ": iso(m.completed),
            "WH": m.doc_no or None, "WJRQ": iso(m.doc_date), "ZP": json.dumps(list(shas)) if shas else None,
            "ZJWT": "\n".join(core.evidence_problems(m, case)) or None, "BZ": m.note or None}


def _with_photos(ws: Workspace, sc: StoredCase, measure: core.Measure, shas) -> tuple[core.Measure, tuple]:
    """The measure with the cited photos of the patch (unknown checksums refused)."""
    shas = tuple(dict.fromkeys(str(s) for s in shas))
    photos = _photos_by_sha(ws, sc.tbid)
    missing = [s for s in shas if s not in photos]
    if missing:
        raise CaseStoreError(f"photo(s) {', '.join(s[:12] for s in missing)} are not photos of patch {sc.tbid} "
                             "(or have no date)", "所引照片不属于该图斑或缺少拍摄时间",
                             "cited photos are not the patch's or have no time")
    from dataclasses import replace
    return replace(measure, photos=tuple(photos[s] for s in shas)), shas


def add_measure(ws: Workspace, case_fid: int, measure: core.Measure, photo_shas=(),
                source: Optional[str] = None) -> StoredCase:
    """Record a rectification measure (its area must fit the illegal area; evidence may follow later)."""
    sc = load_case(ws, case_fid)
    measure, shas = _with_photos(ws, sc, measure, photo_shas)
    try:
        case = core.add_measure(sc.case, measure)
    except core.CaseError as e:
        raise _wrap(e) from e
    with ws.transaction():
        ws.insert("wz_measure", [{"AJID": sc.fid, "XH": len(case.measures), **_measure_row(measure, case, shas)}],
                  source=source)
        ws.update("wz_case", sc.fid, {"AJZT": case.status}, expected_version=sc.version, source=source)
    return load_case(ws, case_fid)


def update_measure(ws: Workspace, case_fid: int, index: int, measure: core.Measure, photo_shas=(),
                   source: Optional[str] = None) -> StoredCase:
    """Replace the ``index``-th (0-based) measure, e.g. when it is completed and photographed."""
    sc = load_case(ws, case_fid)
    measure, shas = _with_photos(ws, sc, measure, photo_shas)
    try:
        case = core.update_measure(sc.case, index, measure)
    except core.CaseError as e:
        raise _wrap(e) from e
    row = ws.select("wz_measure", ["BBH"], where=f'"AJID" = {ws.ph} AND "XH" = {ws.ph}',
                    params=(sc.fid, index + 1))
    with ws.transaction():
        ws.update("wz_measure", int(row["fid"].iloc[0]), _measure_row(measure, case, shas),
                  expected_version=int(row["BBH"].iloc[0]), source=source)
        ws.update("wz_case", sc.fid, {"AJZT": case.status}, expected_version=sc.version, source=source)
    return load_case(ws, case_fid)


def move_case(ws: Workspace, case_fid: int, status: str, date: dt.date, note: str = "",
              source: Optional[str] = None) -> StoredCase:
    """Move the case on (整改中, 已整改, 消除违法状态); the patch's status follows."""
    sc = load_case(ws, case_fid)
    try:
        case = core.transition(sc.case, status, date, note)
    except core.CaseError as e:
        raise _wrap(e) from e
    with ws.transaction():
        ws.update("wz_case", sc.fid, {"AJZT": case.status, "ZTLS": _history_json(case),
                                      "XCRQ": date.isoformat() if status == core.ELIMINATED else None},
                  expected_version=sc.version, source=source)
        _sync_patch_status(ws, sc.tbid, case.status, source)
    return load_case(ws, case_fid)


# --- what the cases mean for reports and accountability --------------------------------------------

def case_markers(ws: Workspace, tbids: Optional[list[int]] = None) -> dict[tuple[int, Optional[int]], dict]:
    """附件5 adjustments per unit with a case: approvals_completed, restored, restored_in_year.
    ``tbids``: of these patches only (a few seeks each, for the dashboard's aggregates after a write)."""
    sql = 'SELECT p.fid, b."GZND" FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"'
    if tbids is None:
        years = {int(f): int(y) for f, y in ws._fetch(sql)}
        found = all_cases(ws)
    else:
        years = {int(f): int(y) for f, y in ws._fetch_in(sql + " WHERE p.fid IN ({marks})", [int(t) for t in tbids])}
        found = [sc for t in tbids for sc in cases_of_patch(ws, int(t)).values()]
    return {(sc.tbid, sc.fgid): core.accountability_markers(sc.case, years.get(sc.tbid)) for sc in found}


def case_table(ws: Workspace, today: Optional[dt.date] = None) -> pd.DataFrame:
    """One row per case for ledgers and the rectification report (Chinese headers)."""
    today = today or china_today()
    cases = all_cases(ws)
    patches = ws.select("wz_patch", ["JCBH", "XZMC", "CMC", "PDJG"])
    parts = ws.select("wz_part", ["FGBH"])
    by_patch = {int(f): r for f, r in zip(patches["fid"], patches.to_dict("records"))}
    part_no = {int(f): n for f, n in zip(parts["fid"], parts["FGBH"])}
    rows = []
    for sc in cases:
        c, p = sc.case, by_patch.get(sc.tbid, {})
        cov = core.coverage(c)
        marks = core.accountability_markers(c)
        rows.append({
            "监测编号": p.get("JCBH", "") + (f"-{part_no.get(sc.fgid, sc.fgid)}" if sc.fgid is not None else ""),
            "乡镇": p.get("XZMC") or "", "村": p.get("CMC") or "", "判定结果": p.get("PDJG") or "",
            "立案编号": c.case_no, "立案日期": c.filed, "违法面积(亩)": c.illegal_mu, "违法占用耕地(亩)": c.illegal_gd_mu,
            "罚款(元)": c.penalty.fine_yuan, "处罚决定书文号": c.penalty.decision_no,
            "整改措施": "；".join(f"{m.kind}{m.area_mu:.2f}亩" for m in c.measures), "有效整改面积(亩)": round(min(cov.covered_mu, c.illegal_mu), 2),
            "证据问题": core.evidence_text(c), "案件状态": c.status, "状态日期": c.history[-1].date,
            "已拆除复耕到位": "是" if marks["restored"] else "否", "已补办手续": "是" if marks["approvals_completed"] else "否",
            "立案天数": (today - c.filed).days,
        })
    return pd.DataFrame(rows, columns=CASE_COLUMNS)


CASE_COLUMNS = ["监测编号", "乡镇", "村", "判定结果", "立案编号", "立案日期", "违法面积(亩)", "违法占用耕地(亩)", "罚款(元)",
                "处罚决定书文号", "整改措施", "有效整改面积(亩)", "证据问题", "案件状态", "状态日期", "已拆除复耕到位",
                "已补办手续", "立案天数"]
