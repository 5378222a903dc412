"""挂牌督办 (wz_supervise) and 问题线索移交 (wz_clue) in the workspace: the records, every write audited through
ws.insert / ws.update, the registers as tables, and the inputs of the clue criteria read from what the
workspace knows (accountability, criminal thresholds, the violator register, the 警示约谈 records).
core/supervision.py decides; this module stores."""
from __future__ import annotations

import datetime as dt
import json
from typing import Optional

import pandas as pd

from ..core import supervision as core
from ..core.accountability import AccountabilityInputError
from ..core.criminal import CriminalThresholds, criminal_by_party
from ..core.dates import as_date, china_today, iso
from ..core.text import text_or_blank as _text
from ..i18n import tr
from .errors import StoreError
from .workspace import Workspace, opt_int

SUPERVISE = "wz_supervise"
CLUE = "wz_clue"
SUPERVISION_COLUMNS = ["序号", "监测编号", "乡镇", "村", "立案编号", "督办单位", "督办日期", "办结期限", "责任人", "督办要求",
                       "进展情况", "状态", "办结日期", "办结情况", "督办通知文号"]
CLUE_COLUMNS = ["序号", "线索对象", "接收机关", "线索类别", "移交事由", "移交函文号", "移交日期", "处理结果", "反馈日期", "状态"]


class SupervisionError(StoreError):
    """A record that cannot be stored as given; ``problems`` names each reason (Chinese)."""

    def __init__(self, problems: list[str]):
        super().__init__(tr("Not recorded: {reasons}").format(reasons="；".join(problems)))
        self.problems = problems


# ---- 挂牌督办 ---------------------------------------------------------------------------------------------

def _supervise_row(tbid: int, s: core.Supervision) -> dict:
    return {"TBID": int(tbid), "DBDW": s.unit.strip(), "DBRQ": iso(s.started), "BJQX": iso(s.deadline),
            "ZRR": s.responsible.strip(), "DBYQ": s.requirements.strip() or None,
            "JZQK": json.dumps([[d.isoformat(), t] for d, t in s.notes], ensure_ascii=False) if s.notes else None,
            "ZT": core.CLOSED if s.closed else core.SUPERVISING, "BJRQ": iso(s.closed),
            "BJQK": s.outcome.strip() or None, "WH": s.doc_no.strip() or None}


def _supervision(r: dict, key: str) -> core.Supervision:
    notes = tuple((as_date(d), str(t)) for d, t in json.loads(_text(r.get("JZQK")) or "[]"))
    return core.Supervision(key, _text(r.get("DBDW")), as_date(r.get("DBRQ")), as_date(r.get("BJQX")),
                            _text(r.get("ZRR")), _text(r.get("DBYQ")), notes, as_date(r.get("BJRQ")),
                            _text(r.get("BJQK")), _text(r.get("WH")))


def _key(ws: Workspace, tbid: int) -> str:
    patch = ws.get("wz_patch", int(tbid))
    if patch is None:
        raise StoreError(tr("patch #{tbid} does not exist").format(tbid=tbid))
    return str(patch["JCBH"])


def supervise(ws: Workspace, tbid: int, s: core.Supervision, source: str = "supervision") -> int:
    """Put a case under 挂牌督办 (audited); returns the record's id. Refused with the reasons when incomplete."""
    s = core.Supervision(**{**s.__dict__, "case": _key(ws, tbid)})
    bad = core.problems(s)
    if bad:
        raise SupervisionError(bad)
    with ws.transaction():
        return ws.insert(SUPERVISE, [_supervise_row(tbid, s)], source=source)[0]


def load_supervision(ws: Workspace, fid: int) -> tuple[int, core.Supervision]:
    """(patch fid, the record)."""
    r = ws.get(SUPERVISE, int(fid))
    if r is None:
        raise StoreError(tr("supervision #{fid} does not exist").format(fid=fid))
    return int(r["TBID"]), _supervision(r, _key(ws, int(r["TBID"])))


def _store(ws: Workspace, fid: int, tbid: int, old: core.Supervision, new: core.Supervision, source: str) -> None:
    bad = core.problems(new)
    if bad:
        raise SupervisionError(bad)
    row, before = _supervise_row(tbid, new), _supervise_row(tbid, old)
    with ws.transaction():
        ws.update(SUPERVISE, int(fid), {k: v for k, v in row.items() if before[k] != v}, source=source)


def add_progress(ws: Workspace, fid: int, day: dt.date, text: str, source: str = "supervision") -> core.Supervision:
    """One more dated progress note (audited)."""
    tbid, old = load_supervision(ws, fid)
    try:
        new = core.with_note(old, day, text)
    except ValueError as e:
        raise SupervisionError([str(e).split(" / ")[0]]) from e
    _store(ws, fid, tbid, old, new, source)
    return new


def close_supervision(ws: Workspace, fid: int, day: dt.date, outcome: str,
                      source: str = "supervision") -> core.Supervision:
    """办结: the date and what was done (audited)."""
    tbid, old = load_supervision(ws, fid)
    try:
        new = core.closed(old, day, outcome)
    except ValueError as e:
        raise SupervisionError([str(e).split(" / ")[0]]) from e
    _store(ws, fid, tbid, old, new, source)
    return new


def supervisions(ws: Workspace) -> list[tuple[int, int, core.Supervision]]:
    """(record fid, patch fid, record) in 督办日期 order."""
    df = ws.select(SUPERVISE, order_by='"DBRQ", fid')
    patches = ws.select("wz_patch", ["JCBH"])
    keys = dict(zip(patches["fid"].astype(int), patches["JCBH"].astype(str)))
    return [(int(r["fid"]), int(r["TBID"]), _supervision(r, keys.get(int(r["TBID"]), str(r["TBID"]))))
            for r in df.to_dict("records")]


def _case_numbers(ws: Workspace) -> dict[int, str]:
    cases = ws.select("wz_case", ["TBID", "LABH"], order_by='"LARQ", fid')
    out: dict[int, list[str]] = {}
    for t, n in zip(cases["TBID"], cases["LABH"]):
        out.setdefault(int(t), []).append(str(n))
    return {t: "、".join(ns) for t, ns in out.items()}


def notes_text(s: core.Supervision) -> str:
    return "；".join(f"{d.isoformat()} {t}" for d, t in s.notes)


def supervision_register(ws: Workspace, today: Optional[dt.date] = None) -> pd.DataFrame:
    """The 督办 register (挂牌督办台账) with each record's status on ``today`` (逾期未办结 past the 期限)."""
    today = today or china_today()
    patches = ws.select("wz_patch", ["XZMC", "CMC"])
    info = {int(f): r for f, r in zip(patches["fid"], patches.to_dict("records"))}
    numbers = _case_numbers(ws)
    rows = []
    for i, (_fid, tbid, s) in enumerate(supervisions(ws), start=1):
        p = info.get(tbid, {})
        rows.append([i, s.case, _text(p.get("XZMC")), _text(p.get("CMC")), numbers.get(tbid, ""), s.unit, s.started,
                     s.deadline, s.responsible, s.requirements, notes_text(s), core.status(s, today), s.closed,
                     s.outcome, s.doc_no])
    return pd.DataFrame(rows, columns=SUPERVISION_COLUMNS)


# ---- 问题线索 --------------------------------------------------------------------------------------------

def _accountability_pairs(ws: Workspace, accountability=None) -> list[tuple[str, str]]:
    from .determinations import workspace_accountability

    try:
        result = accountability if accountability is not None else workspace_accountability(ws)
    except AccountabilityInputError:
        return []
    out = []
    for r in result.levels:
        if r.triggered is True:
            ratio = "—" if r.ratio is None else f"{r.ratio * 100:.2f}%"
            out.append((r.name, f"{r.name}（{r.level_name}）扣除后违法占用耕地{r.numerator:.2f}亩，比例{ratio}，"
                                f"纳入问责范围"))
    return out


def ruleset_thresholds(ws: Workspace) -> CriminalThresholds:
    """The criminal thresholds of the latest rule-set year of the workspace's batches (a year may change them;
    the defaults where no batch names a year WPZF has rules for)."""
    from ..rules.ruleset import RuleSetError, load_ruleset

    years = [int(y) for y in ws.select("wz_batch", ["GZND"])["GZND"] if y is not None and y == y]
    if not years:
        return CriminalThresholds()
    try:
        return CriminalThresholds.from_ruleset(load_ruleset(max(years)))
    except (RuleSetError, KeyError, ValueError):
        return CriminalThresholds()


def _criminal_pairs(ws: Workspace, thresholds: Optional[CriminalThresholds] = None) -> list[tuple[str, str]]:
    """Illegal occupation at a criminal threshold, summed per violator (a unit without one counts alone)."""
    from .determinations import fact_frame

    facts = fact_frame(ws)
    if facts.empty:
        return []
    det = ws.select("wz_determ", ["TBID", "FGID", "PDJG"])
    category = {(int(t), opt_int(f)): _text(c) for t, f, c in zip(det["TBID"], det["FGID"], det["PDJG"])}
    viol = ws.select("wz_violator", ["TBID", "MC", "LX"])
    parties: dict[int, list[str]] = {}
    for t, n, k in zip(viol["TBID"], viol["MC"], viol["LX"]):
        parties.setdefault(int(t), []).append(f"{_text(n)}（{_text(k)}）")
    records = []
    for r in facts.to_dict("records"):
        tbid, fgid = int(r["TBID"]), opt_int(r["FGID"])
        unit = _text(r["JCBH"])
        for party in parties.get(tbid) or [f"图斑{unit}"]:
            records.append({"id": unit, "party": party, "category": category.get((tbid, fgid), ""),
                            "GDMJ": r.get("GDMJ"), "YJJBNTMJ": r.get("YJJBNTMJ")})
    checks = criminal_by_party(records, "party", thresholds or ruleset_thresholds(ws))
    return [(c.key, "；".join(c.reasons) + f"（涉及图斑{'、'.join(sorted(set(c.ids)))}），涉嫌非法占用农用地罪，"
                                           f"存在监管失职问题线索") for c in checks if c.flagged]


def _repeat_pairs(ws: Workspace) -> list[tuple[str, str]]:
    from .registers import blacklist

    return [(f"{e.name}（{e.kind}）", f"{e.repeat_reason}（图斑{'、'.join(e.patch_ids)}）")
            for e in blacklist(ws).repeat_offenders()]


def _poor_work_pairs(ws: Workspace, today: dt.date) -> list[tuple[str, str]]:
    from ..core import talks
    from .talks import all_talks

    return [(t.township, f"{t.held.isoformat()}警示约谈后，整改期限{t.deadline.isoformat()}已过仍未完成整改")
            for _fid, t in all_talks(ws) if talks.status(t, today) == talks.OVERDUE]


def clue_inputs(ws: Workspace, today: Optional[dt.date] = None, accountability=None,
                thresholds: Optional[CriminalThresholds] = None) -> dict[str, list[tuple[str, str]]]:
    """The (subject, reason) pairs of each criterion (keyword arguments of core.suggest_clues)."""
    today = today or china_today()
    return {"accountability": _accountability_pairs(ws, accountability), "criminal": _criminal_pairs(ws, thresholds),
            "repeat": _repeat_pairs(ws), "poor_work": _poor_work_pairs(ws, today)}


def suggested_clues(ws: Workspace, today: Optional[dt.date] = None, accountability=None,
                    thresholds: Optional[CriminalThresholds] = None) -> list[core.ClueSuggestion]:
    """Clues the criteria suggest, less those already in the register (same subject and receiving body)."""
    have = {(c.subject, c.recipient) for _f, c in clues(ws)}
    return [s for s in core.suggest_clues(**clue_inputs(ws, today, accountability, thresholds))
            if (s.subject, s.recipient) not in have]


def _clue_row(c: core.Clue) -> dict:
    return {"DX": c.subject.strip(), "JSJG": c.recipient, "LB": "、".join(c.triggers) or None, "SY": c.reason.strip(),
            "YJRQ": iso(c.sent), "WH": c.doc_no.strip() or None, "CLJG": c.feedback.strip() or None,
            "FKRQ": iso(c.feedback_date)}


def _clue(r: dict) -> core.Clue:
    return core.Clue(_text(r["DX"]), _text(r["JSJG"]), _text(r["SY"]),
                     tuple(t for t in _text(r["LB"]).split("、") if t), as_date(r["YJRQ"]), _text(r["WH"]),
                     _text(r["CLJG"]), as_date(r["FKRQ"]))


def save_clue(ws: Workspace, clue: core.Clue, source: str = "supervision") -> int:
    """Insert or update the register line of (subject, receiving body), audited; returns its fid."""
    bad = core.clue_problems(clue)
    if bad:
        raise SupervisionError(bad)
    row = _clue_row(clue)
    old = ws.select(CLUE, ["BBH"], where=f'"DX" = {ws.ph} AND "JSJG" = {ws.ph}', params=(row["DX"], row["JSJG"]))
    with ws.transaction():
        if old.empty:
            return ws.insert(CLUE, [row], source=source)[0]
        fid = int(old["fid"].iloc[0])
        ws.update(CLUE, fid, row, expected_version=int(old["BBH"].iloc[0]), source=source)
        return fid


def clues(ws: Workspace) -> list[tuple[int, core.Clue]]:
    df = ws.select(CLUE, order_by='"JSJG", "DX", fid')
    return [(int(r["fid"]), _clue(r)) for r in df.to_dict("records")]


def clue_register(ws: Workspace) -> pd.DataFrame:
    """The clue register (问题线索移交台账)."""
    rows = [[i, c.subject, c.recipient, "、".join(c.triggers), c.reason, c.doc_no, c.sent, c.feedback,
             c.feedback_date, c.state] for i, (_fid, c) in enumerate(clues(ws), start=1)]
    return pd.DataFrame(rows, columns=CLUE_COLUMNS)
