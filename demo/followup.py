"""The demo county's follow-up on serious cases (issue 18 items 5, 7 and seed §三(三), §六(三)): the largest illegal
patch whose case is still open is put under 挂牌督办 with a progress note; the clue the criteria suggest for a repeat
offender is sent to the 纪检监察机关; the township the 约谈 criteria put first is called to a 警示约谈 (when the demo
has no talk yet); and the largest open case of another township, where the stop order failed, is reported to the
county government.

Everything goes through the store API (validated, audited). Dates follow the demo's own case dates, so a run
gives the same records whatever day it is.
"""
from __future__ import annotations

import datetime as dt

from ..core import cases as case_rules
from ..core import escalation as esc_rules
from ..core import supervision as sv_rules
from ..core.dates import as_date
from ..core.talks import Talk
from ..store import escalation, talks
from ..store import supervision as sv
from ..store.rosters import workspace_roster

OFFICE = "代县卫片执法工作领导小组办公室"
SOURCE = "demo:督办"
OPEN_CASE = (case_rules.FILED, case_rules.RECTIFYING)


def open_cases(ws):
    """Whole-patch cases not yet rectified, largest illegal area first (ties: 监测编号), with the patch's place."""
    cases = ws.select("wz_case", ["TBID", "FGID", "LARQ", "WFMJ", "AJZT"])
    cases = cases[cases["FGID"].isna() & cases["AJZT"].isin(OPEN_CASE)]
    patches = ws.select("wz_patch", ["JCBH", "XZMC"]).rename(columns={"fid": "TBID"})
    rows = cases.merge(patches, on="TBID")
    return rows.sort_values(["WFMJ", "JCBH"], ascending=[False, True]).to_dict("records")


def _supervise(ws, case: dict) -> int:
    started = as_date(case["LARQ"]) + dt.timedelta(days=30)
    town = str(case["XZMC"] or "").strip()
    fid = sv.supervise(ws, int(case["TBID"]), sv_rules.Supervision(
        "", workspace_roster(ws).office.name or OFFICE, started, started + dt.timedelta(days=60),
        f"{town or '属地乡镇'}人民政府主要负责人",
        "限期拆除违法建（构）筑物、恢复土地原状，每10日向县卫片办报送一次进展", doc_no="代卫片办督〔2021〕1号"),
        source=SOURCE)
    sv.add_progress(ws, fid, started + dt.timedelta(days=10), "已下达责令停止违法行为通知书，违法建筑物已拆除过半",
                    source=SOURCE)
    return fid


def _send_clue(ws, sent: dt.date):
    """The first 纪检监察机关 clue of a repeat offender the criteria suggest (any 纪检监察机关 clue without one)."""
    found = [s for s in sv.suggested_clues(ws, sent) if s.recipient == sv_rules.DISCIPLINE_ORGAN]
    found.sort(key=lambda s: (sv_rules.REPEAT not in s.triggers, s.subject))
    if not found:
        return None
    clue = sv_rules.from_suggestion(found[0], sent, "代自然资函〔2021〕901号")
    return sv.save_clue(ws, clue, source=SOURCE), clue


def _talk(ws, held: dt.date):
    """A 警示约谈 of the township the criteria put first (the most illegal 耕地 when none meets them)."""
    chosen = talks.candidates(ws, held)
    if chosen:
        town, reason = chosen[0].township, chosen[0].reason_text()
    else:
        figures = [f for f in talks.township_figures(ws, held) if f.township != talks.NO_TOWNSHIP]
        if not figures:
            return None
        top = max(figures, key=lambda f: (f.illegal_gd_mu, f.township))
        town, reason = top.township, f"违法占用耕地{top.illegal_gd_mu:.2f}亩，为全县最多"
    return talks.record_talk(ws, Talk(town, held, f"副县长、县自然资源局局长、{town}党政主要负责人",
                                      "立即制止在建违法用地，限期拆除复耕，建立动态巡查制度",
                                      held + dt.timedelta(days=45), reason), source=SOURCE), town


def _escalate(ws, case: dict) -> int:
    failed = as_date(case["LARQ"]) + dt.timedelta(days=20)
    return escalation.record_escalation(ws, esc_rules.Escalation(
        str(case["JCBH"]), (esc_rules.MAJOR,), failed, failed + dt.timedelta(days=3),
        note="当事人拒不停止施工，乡镇两次制止无效"), source=SOURCE)


def run_followup(ws) -> dict:
    """督办, a clue, a talk (if none yet) and an escalation in the demo workspace; what was recorded."""
    cases = open_cases(ws)
    if not cases:
        return {"supervised": None, "clue": None, "talk": None, "escalated": None}
    top = cases[0]
    _supervise(ws, top)
    # the latest filing plus a month: when the county office looks back on the round
    later = max(as_date(c["LARQ"]) for c in cases) + dt.timedelta(days=30)
    sent = _send_clue(ws, later)
    talk = None if talks.all_talks(ws) else _talk(ws, later)
    other = next((c for c in cases[1:] if c["XZMC"] != top["XZMC"]), cases[1] if len(cases) > 1 else top)
    _escalate(ws, other)
    return {"supervised": str(top["JCBH"]), "supervised_township": str(top["XZMC"] or ""),
            "clue": sent[1].subject if sent else None, "clue_recipient": sent[1].recipient if sent else None,
            "talk": talk[1] if talk else None, "talks": len(talks.all_talks(ws)), "escalated": str(other["JCBH"])}


def followup_line(f: dict) -> str:
    if not f.get("supervised"):
        return "no open case to follow up"
    clue = f"1 clue sent to {f['clue_recipient']} ({f['clue']})" if f.get("clue") else "no clue suggested"
    talk = f"1 talk ({f['talk']})" if f.get("talk") else f"{f.get('talks', 0)} talk(s) already recorded"
    return (f"1 case under 督办 ({f['supervised']}, {f['supervised_township']}), {clue}, {talk}, "
            f"1 escalation ({f['escalated']}, 制止无效)")
