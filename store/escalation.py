"""The escalation register (制止无效上报登记, table wz_escal): 重大 / 跨区线性工程 cases where stopping failed,
reported to the county government, and what came back. Rules in core/escalation.py; every write is audited
through ws.insert / ws.update."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import pandas as pd

from ..core import escalation as core
from ..core.dates import as_date, china_today
from ..i18n import tr
from .errors import StoreError
from .workspace import Workspace

TABLE = "wz_escal"
REGISTER_COLUMNS = ["序号", "监测编号", "乡镇", "村", "判定结果", "上报原因", "情形", "制止无效日期", "上报日期",
                    "上报对象", "处理结果", "处理结果日期", "状态", "已上报天数"]


class EscalationError(StoreError):
    """A record that cannot be stored as given; ``problems`` names each reason (Chinese)."""

    def __init__(self, problems: list[str]):
        super().__init__(tr("The escalation was not recorded: {reasons}").format(reasons="；".join(problems)))
        self.problems = problems


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


def _patch(ws: Workspace, key: str) -> tuple[int, dict]:
    df = ws.select("wz_patch", ["JCBH", "PDJG"], where=f'"JCBH" = {ws.ph}', params=(str(key).strip(),))
    if not len(df):
        raise EscalationError([f"图斑{key}不存在"])
    r = df.iloc[0]
    return int(r["fid"]), {"PDJG": _text(r["PDJG"])}


def _iso(d: Optional[dt.date]) -> Optional[str]:
    return d.isoformat() if d else None


def _row(e: core.Escalation, tbid: int) -> dict:
    return {"TBID": tbid, "SBYY": core.reasons_text(e.reasons), "QX": e.situation,
            "ZZWXRQ": _iso(e.failed_on), "SBRQ": _iso(e.escalated_on), "SBDX": e.recipients.strip(),
            "CLJG": e.result.strip() or None, "JGRQ": _iso(e.result_on), "BZ": e.note.strip() or None}


def _record(r: dict, key: str) -> core.Escalation:
    return core.Escalation(key, core.parse_reasons(r.get("SBYY")), as_date(r.get("ZZWXRQ")), as_date(r.get("SBRQ")),
                           _text(r.get("SBDX")), _text(r.get("QX")) or core.STOP_FAILED, _text(r.get("CLJG")),
                           as_date(r.get("JGRQ")), _text(r.get("BZ")))


def _check(ws: Workspace, e: core.Escalation, today: Optional[dt.date]) -> int:
    if not _text(e.patch):
        raise EscalationError(core.problems(e, None, today))
    tbid, patch = _patch(ws, e.patch)
    bad = core.problems(e, patch["PDJG"] or None, today)
    if bad:
        raise EscalationError(bad)
    return tbid


def record_escalation(ws: Workspace, e: core.Escalation, today: Optional[dt.date] = None,
                      source: str = "escalation") -> int:
    """Record a case reported to the county government (audited); returns its id. Refused with the reasons."""
    with ws.transaction():
        tbid = _check(ws, e, today or china_today())
        return ws.insert(TABLE, [_row(e, tbid)], source=source)[0]


def load_escalation(ws: Workspace, fid: int) -> core.Escalation:
    r = ws.get(TABLE, int(fid))
    if r is None:
        raise StoreError(tr("escalation #{fid} does not exist").format(fid=fid))
    patch = ws.get("wz_patch", int(r["TBID"]))
    return _record(r, _text(patch["JCBH"]) if patch else "")


def revise_escalation(ws: Workspace, fid: int, source: str = "escalation", today: Optional[dt.date] = None,
                      **changes) -> core.Escalation:
    """Change fields (core.Escalation names: result, result_on …), checked as a whole; only changes are written."""
    old = load_escalation(ws, fid)
    new = core.Escalation(**{**old.__dict__, **changes})
    with ws.transaction():
        tbid = _check(ws, new, today or china_today())
        row, before = _row(new, tbid), _row(old, int(ws.get(TABLE, int(fid))["TBID"]))
        ws.update(TABLE, int(fid), {k: v for k, v in row.items() if before[k] != v}, source=source)
    return new


def record_result(ws: Workspace, fid: int, result: str, result_on: dt.date, source: str = "escalation",
                  today: Optional[dt.date] = None) -> core.Escalation:
    """What the county government decided (audited); the record is settled."""
    if not _text(result):
        raise EscalationError(["未填写处理结果"])
    return revise_escalation(ws, fid, source, today, result=result, result_on=result_on)


def escalation_table(ws: Workspace, today: Optional[dt.date] = None) -> pd.DataFrame:
    """The register, oldest report first, with the patch's place and determination (Chinese headers)."""
    today = today or china_today()
    rows = ws.select(TABLE, order_by='"SBRQ", fid').to_dict("records")
    patches = ws.select("wz_patch", ["JCBH", "XZMC", "CMC", "PDJG"])
    by_fid = {int(p["fid"]): p for p in patches.to_dict("records")}
    out = []
    for i, r in enumerate(rows, start=1):
        p = by_fid.get(int(r["TBID"]), {})
        e = _record(r, _text(p.get("JCBH")))
        out.append([i, e.patch, _text(p.get("XZMC")), _text(p.get("CMC")), _text(p.get("PDJG")),
                    core.reasons_text(e.reasons), e.situation, e.failed_on, e.escalated_on, e.recipients, e.result,
                    e.result_on, core.status(e), core.days_open(e, today)])
    return pd.DataFrame(out, columns=REGISTER_COLUMNS)
