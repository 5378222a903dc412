"""Escalation to the county government (上报县政府): seed §三（三）“对重大、跨区的线性工程违法用地案件，制止无效
或查处工作无法进行的，要及时报告县政府和县自然资源局”.

A record names the patch, why it is escalated (重大违法用地 / 跨区线性工程, either or both), what failed (制止无效 /
查处工作无法进行), the date it failed, the date it was reported and to whom, and in the end the result. A record
without a result is open. Pure Python: no QGIS, no store (store/escalation.py keeps the records, audited).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from ..rules.facts import LEGAL, PSEUDO_CHANGE

# Why a case goes up (the plan names these two kinds of case)
MAJOR = "重大违法用地"
LINEAR = "跨区线性工程"
REASONS = (MAJOR, LINEAR)
REASON_SEP = "；"

# What failed
STOP_FAILED = "制止无效"
INVESTIGATION_BLOCKED = "查处工作无法进行"
SITUATIONS = (STOP_FAILED, INVESTIGATION_BLOCKED)

DEFAULT_RECIPIENTS = "县人民政府、县自然资源局"

# Statuses shown, never stored: a record is open until its result is written
OPEN, SETTLED = "待县政府处理", "已有处理结果"

# Determinations that are not a violation: nothing to escalate
NOT_ILLEGAL = frozenset({LEGAL, PSEUDO_CHANGE})


@dataclass(frozen=True)
class Escalation:
    patch: str                          # 监测编号 of the patch
    reasons: tuple[str, ...]            # from REASONS
    failed_on: Optional[dt.date]        # the date the stop order failed (or the investigation was blocked)
    escalated_on: Optional[dt.date]     # the date it was reported
    recipients: str = DEFAULT_RECIPIENTS
    situation: str = STOP_FAILED
    result: str = ""                    # the county government's handling; empty: open
    result_on: Optional[dt.date] = None
    note: str = ""

    @property
    def is_open(self) -> bool:
        return not self.result.strip()


def parse_reasons(text) -> tuple[str, ...]:
    """'重大违法用地；跨区线性工程' (stored) → the reasons in REASONS order; unknown parts are kept for the check."""
    parts = [p.strip() for p in str(text or "").replace(";", REASON_SEP).split(REASON_SEP) if p.strip()]
    known = [r for r in REASONS if r in parts]
    return tuple(known + [p for p in parts if p not in REASONS])


def reasons_text(reasons) -> str:
    return REASON_SEP.join(reasons)


def problems(e: Escalation, determination: Optional[str] = None, today: Optional[dt.date] = None) -> list[str]:
    """What keeps ``e`` from being recorded (Chinese, one line each). ``determination``: the patch's 判定结果."""
    out = []
    if not str(e.patch or "").strip():
        out.append("未指定图斑")
    if not e.reasons:
        out.append("未填写上报原因（重大违法用地或跨区线性工程）")
    for r in e.reasons:
        if r not in REASONS:
            out.append(f"上报原因“{r}”不是重大违法用地或跨区线性工程")
    if e.situation not in SITUATIONS:
        out.append(f"情形“{e.situation}”应为制止无效或查处工作无法进行")
    if e.failed_on is None:
        out.append(f"未填写{e.situation if e.situation in SITUATIONS else STOP_FAILED}日期")
    if e.escalated_on is None:
        out.append("未填写上报日期")
    elif e.failed_on is not None and e.escalated_on < e.failed_on:
        out.append("上报日期早于制止无效日期")
    if today is not None and e.escalated_on is not None and e.escalated_on > today:
        out.append("上报日期晚于今天")
    if not str(e.recipients or "").strip():
        out.append("未填写上报对象")
    if determination in NOT_ILLEGAL:
        out.append(f"图斑判定为{determination}，不属于违法用地，无需上报")
    if e.result_on is not None:
        if e.escalated_on is not None and e.result_on < e.escalated_on:
            out.append("处理结果日期早于上报日期")
        if e.is_open:
            out.append("填写了处理结果日期但未填写处理结果")
    return out


def status(e: Escalation) -> str:
    return OPEN if e.is_open else SETTLED


def days_open(e: Escalation, today: dt.date) -> Optional[int]:
    """Days since it was reported, while no result has come back (None once settled)."""
    if not e.is_open or e.escalated_on is None:
        return None
    return (today - e.escalated_on).days
