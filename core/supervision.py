"""挂牌督办 of key cases and 问题线索移交 to 纪检监察机关 / 组织人事部门 (seed §二 县卫片办, §三(三), §七(二)).

A 督办 names the case, the 督办单位 (who supervises), the 期限, the 责任人 and the dated progress notes; it is
督办中 until it is closed (已办结, with the date and what was done). Past its 期限 and not closed it reads
逾期未办结 (shown, never stored).

:func:`suggest_clues` reads what the workspace already knows and suggests 问题线索 for a person to confirm; it
never sends anything:

==========================================  =====================================  ===============
trigger                                     subject of the clue                    goes to
==========================================  =====================================  ===============
附件5 accountability triggered (§三(三))       the region (county / township)         纪检监察机关
criminal threshold reached (core/criminal)  the party (or the patch)               纪检监察机关
repeat offender (core/blacklist)            the violator                           纪检监察机关
poor work: a 警示约谈's 整改 overdue (§三(三))  the township                           组织人事部门
==========================================  =====================================  ===============

The plan sends clues 按照干部管理权限 to either body; 党纪政务处分 matters (accountability, crime and repeated
violations left unchecked, §七(二)) go to 纪检监察机关, failures of a township's work to 组织人事部门.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

SUPERVISING = "督办中"
CLOSED = "已办结"
OVERDUE = "逾期未办结"          # shown, never stored

DISCIPLINE_ORGAN = "纪检监察机关"
PERSONNEL = "组织人事部门"
RECIPIENTS = (DISCIPLINE_ORGAN, PERSONNEL)

ACCOUNTABILITY = "问责"
CRIMINAL = "涉嫌犯罪"
REPEAT = "屡查屡犯"
POOR_WORK = "工作不力"
TRIGGERS = (ACCOUNTABILITY, CRIMINAL, REPEAT, POOR_WORK)
ROUTE = {ACCOUNTABILITY: DISCIPLINE_ORGAN, CRIMINAL: DISCIPLINE_ORGAN, REPEAT: DISCIPLINE_ORGAN,
         POOR_WORK: PERSONNEL}
CLAUSES = {ACCOUNTABILITY: ("§三(三)",), CRIMINAL: ("§七(二)",), REPEAT: ("§六(一)", "§七(二)"),
           POOR_WORK: ("§三(三)",)}


# ---- 挂牌督办 ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Supervision:
    case: str                              # the case named: 监测编号 (立案编号 in the register next to it)
    unit: str                              # 督办单位
    started: Optional[dt.date]             # 督办日期 (挂牌)
    deadline: Optional[dt.date]            # 办结期限
    responsible: str                       # 责任人
    requirements: str = ""                 # 督办要求
    notes: tuple[tuple[dt.date, str], ...] = field(default_factory=tuple)   # (date, progress) in order
    closed: Optional[dt.date] = None       # 办结日期
    outcome: str = ""                      # 办结情况
    doc_no: str = ""                       # 督办通知文号


def problems(s: Supervision) -> list[str]:
    """What keeps ``s`` from being recorded (Chinese, one line each)."""
    out = []
    if not str(s.case or "").strip():
        out.append("未指定督办案件")
    if not str(s.unit or "").strip():
        out.append("未填写督办单位")
    if not str(s.responsible or "").strip():
        out.append("未填写责任人")
    if s.started is None:
        out.append("未填写督办日期")
    if s.deadline is None:
        out.append("未填写办结期限")
    elif s.started is not None and s.deadline < s.started:
        out.append("办结期限早于督办日期")
    for day, text in s.notes:
        if not str(text or "").strip():
            out.append("进展情况为空")
        if s.started is not None and day < s.started:
            out.append(f"进展日期{day.isoformat()}早于督办日期")
        if s.closed is not None and day > s.closed:
            out.append(f"进展日期{day.isoformat()}晚于办结日期")
    if any(b[0] < a[0] for a, b in zip(s.notes, s.notes[1:])):
        out.append("进展情况未按日期先后记录")
    if s.closed is not None:
        if s.started is not None and s.closed < s.started:
            out.append("办结日期早于督办日期")
        if not str(s.outcome or "").strip():
            out.append("未填写办结情况")
    return out


def status(s: Supervision, today: dt.date) -> str:
    if s.closed is not None:
        return CLOSED
    if s.deadline is not None and today > s.deadline:
        return OVERDUE
    return SUPERVISING


def with_note(s: Supervision, day: dt.date, text: str) -> Supervision:
    """``s`` with one more progress note; a closed 督办 takes none (reopening is not a thing the plan knows)."""
    if s.closed is not None:
        raise ValueError("督办已办结，不能再记录进展 / the supervision is closed")
    return Supervision(**{**s.__dict__, "notes": (*s.notes, (day, str(text).strip()))})


def closed(s: Supervision, day: dt.date, outcome: str) -> Supervision:
    if s.closed is not None:
        raise ValueError("督办已办结 / the supervision is closed already")
    return Supervision(**{**s.__dict__, "closed": day, "outcome": str(outcome).strip()})


# ---- 问题线索 --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClueSuggestion:
    subject: str                     # who or what the clue is about (a region, a party, a township)
    recipient: str                   # DISCIPLINE_ORGAN or PERSONNEL
    triggers: tuple[str, ...]        # TRIGGERS met
    reasons: tuple[str, ...]
    clauses: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"建议向{self.recipient}移交问题线索：{'；'.join(self.reasons)}（依据：方案{'、'.join(self.clauses)}）"


def suggest_clues(accountability: Iterable[tuple[str, str]] = (), criminal: Iterable[tuple[str, str]] = (),
                  repeat: Iterable[tuple[str, str]] = (), poor_work: Iterable[tuple[str, str]] = ()
                  ) -> list[ClueSuggestion]:
    """One suggestion per (subject, recipient), its reasons merged, in recipient then subject order.

    Each argument lists (subject, reason) pairs of what already met its test: regions 纳入问责范围 (core/
    accountability), parties at a criminal threshold (core/criminal, flagged checks), repeat offenders
    (core/blacklist), townships whose 约谈 整改 is overdue (core/talks)."""
    found: dict[tuple[str, str], tuple[list[str], list[str], list[str]]] = {}
    for trigger, pairs in ((ACCOUNTABILITY, accountability), (CRIMINAL, criminal), (REPEAT, repeat),
                           (POOR_WORK, poor_work)):
        for subject, reason in pairs:
            subject = str(subject or "").strip()
            if not subject:
                continue
            trig, reasons, clauses = found.setdefault((subject, ROUTE[trigger]), ([], [], []))
            if trigger not in trig:
                trig.append(trigger)
            reasons.append(f"{trigger}：{reason}")
            clauses.extend(c for c in CLAUSES[trigger] if c not in clauses)
    keys = sorted(found, key=lambda k: (RECIPIENTS.index(k[1]), k[0]))
    return [ClueSuggestion(s, r, tuple(found[s, r][0]), tuple(found[s, r][1]), tuple(found[s, r][2]))
            for s, r in keys]


@dataclass(frozen=True)
class Clue:
    """One line of the clue register (问题线索移交台账)."""
    subject: str
    recipient: str
    reason: str
    triggers: tuple[str, ...] = ()
    sent: Optional[dt.date] = None          # 移交日期
    doc_no: str = ""                        # 移交函文号
    feedback: str = ""                      # 处理结果
    feedback_date: Optional[dt.date] = None

    @property
    def state(self) -> str:
        if self.sent is None:
            return "待移交"
        return "已反馈" if self.feedback.strip() else "已移交待反馈"


def clue_problems(c: Clue) -> list[str]:
    out = []
    if not str(c.subject or "").strip():
        out.append("未填写线索对象")
    if c.recipient not in RECIPIENTS:
        out.append(f"接收机关须为{'或'.join(RECIPIENTS)}")
    if not str(c.reason or "").strip():
        out.append("未填写移交事由")
    if any(t not in TRIGGERS for t in c.triggers):
        out.append(f"线索类别须为{'、'.join(TRIGGERS)}")
    if (c.feedback.strip() or c.feedback_date is not None) and c.sent is None:
        out.append("尚未移交，不能有处理结果")
    if c.feedback_date is not None and c.sent is not None and c.feedback_date < c.sent:
        out.append("反馈日期早于移交日期")
    return out


def from_suggestion(s: ClueSuggestion, sent: Optional[dt.date] = None, doc_no: str = "") -> Clue:
    return Clue(s.subject, s.recipient, "；".join(s.reasons), s.triggers, sent, doc_no)


__all__ = ["ACCOUNTABILITY", "CLOSED", "CRIMINAL", "DISCIPLINE_ORGAN", "OVERDUE", "PERSONNEL", "POOR_WORK",
           "RECIPIENTS", "REPEAT", "SUPERVISING", "TRIGGERS", "Clue", "ClueSuggestion", "Supervision",
           "clue_problems", "closed", "from_suggestion", "problems", "status", "suggest_clues", "with_note"]
