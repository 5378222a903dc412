"""Referrals (移交) to other departments and the referral register (seed §二, §三(三), §五, §六(二)).

:func:`suggest_referrals` reads a determination (category + flags, rules.facts) and a few facts and
returns suggestions for a person to confirm; it never sends anything. The inputs it reads:

=======================  ==========================================================================
input                    routes to
=======================  ==========================================================================
category 农村宅基地违法,   农业农村局 (§五(十), §二, §六(二))
flag 移交农业农村局
flag 涉嫌犯罪，移送公安     公安局 (§五(六), §七(二))
fact ``ecological_damage`` (bool: 生态环境破坏或环境污染) or ``protected_area`` (bool: the patch
overlaps a 自然保护地 / 生态保护红线, seed §七(三))
                         市生态环境局代县分局 (§五(十二))
fact ``work_safety`` (bool: a work-safety matter), or a mining patch (SFSK true or SJYT ``mining``)
with mining on the ground (KCZT ``mined``)
                         应急局 (§五(十一); 同查同核 §七(三))
fact ``official_misconduct`` (bool: 公职人员违法违纪线索)
                         纪委监委 (§五(三), §六(三), §七(二))
fact ``enforcement_application`` (bool: 自然资源局 applies for forced execution)
                         法院 (§五(五))
fact ``road_project`` (bool: 农村公路或国省市县干线公路建设)
                         交通运输局 — an **inbound** request: documents and the responsible party
                         are asked *from* that bureau (§五(九)), nothing is referred to it
=======================  ==========================================================================

Booleans accept True/False, 1/0 and 是/否 (rules.facts.parse_bool); anything else reads as unknown
(no suggestion).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Optional

from ..rules.facts import FLAG_CRIMINAL, FLAG_REFER_AGRICULTURE, HOMESTEAD_ILLEGAL, parse_bool

AGRICULTURE = "农业农村局"
POLICE = "公安局"
ECOLOGY = "市生态环境局代县分局"
EMERGENCY = "应急局"
DISCIPLINE = "纪委监委"
COURT = "法院"
TRANSPORT = "交通运输局"
DEPARTMENTS = (AGRICULTURE, POLICE, ECOLOGY, EMERGENCY, DISCIPLINE, COURT, TRANSPORT)

OUTBOUND = "移送"     # the case or clue goes to the department
INBOUND = "调取"      # documents are requested from the department

ECOLOGICAL_DAMAGE = "ecological_damage"
PROTECTED_AREA = "protected_area"
WORK_SAFETY = "work_safety"
OFFICIAL_MISCONDUCT = "official_misconduct"
ENFORCEMENT_APPLICATION = "enforcement_application"
ROAD_PROJECT = "road_project"
INPUTS = (ECOLOGICAL_DAMAGE, PROTECTED_AREA, WORK_SAFETY, OFFICIAL_MISCONDUCT, ENFORCEMENT_APPLICATION,
          ROAD_PROJECT)


class ReferralError(ValueError):
    """A register record that is inconsistent; the message is Chinese then English."""


@dataclass(frozen=True)
class Suggestion:
    department: str
    direction: str                 # OUTBOUND or INBOUND
    reasons: tuple[str, ...]
    clauses: tuple[str, ...]       # seed clauses, e.g. "§五(十)"

    @property
    def text(self) -> str:
        verb = "建议移送" if self.direction == OUTBOUND else "建议商请提供资料"
        return f"{verb}{self.department}：{'；'.join(self.reasons)}（依据：方案{'、'.join(self.clauses)}）"


def _yes(facts: Mapping, key: str) -> bool:
    return parse_bool(facts.get(key)) is True


def suggest_referrals(category: str, flags: Iterable[str] = (), facts: Optional[Mapping] = None
                      ) -> list[Suggestion]:
    """Suggested referrals for one determination, one per department, in DEPARTMENTS order."""
    flags = set(flags)
    facts = facts or {}
    found: dict[str, tuple[str, list[str], list[str]]] = {}

    def add(dept: str, reason: str, clauses: tuple[str, ...], direction: str = OUTBOUND) -> None:
        _, reasons, cl = found.setdefault(dept, (direction, [], []))
        reasons.append(reason)
        cl.extend(c for c in clauses if c not in cl)

    if category == HOMESTEAD_ILLEGAL:
        add(AGRICULTURE, "判定为农村宅基地违法，属农业农村部门查处", ("§五(十)", "§二", "§六(二)"))
    if FLAG_REFER_AGRICULTURE in flags and category != HOMESTEAD_ILLEGAL:
        add(AGRICULTURE, f"判定标注“{FLAG_REFER_AGRICULTURE}”", ("§五(十)", "§六(二)"))
    if FLAG_CRIMINAL in flags:
        add(POLICE, "涉嫌破坏资源犯罪（非法占用农用地等），移送追究刑事责任", ("§五(六)", "§七(二)"))
    if _yes(facts, ECOLOGICAL_DAMAGE):
        add(ECOLOGY, "涉及生态环境破坏或环境污染", ("§五(十二)",))
    if _yes(facts, PROTECTED_AREA):
        add(ECOLOGY, "图斑与自然保护地或生态保护红线重叠", ("§五(十二)", "§七(三)"))
    if _yes(facts, WORK_SAFETY):
        add(EMERGENCY, "涉及安全生产监督管理", ("§五(十一)",))
    mining = _yes(facts, "SFSK") or facts.get("SJYT") == "mining"
    if mining and facts.get("KCZT") == "mined":
        add(EMERGENCY, "涉矿图斑实地存在开采活动，涉及矿山安全生产", ("§五(十一)", "§七(三)"))
    if _yes(facts, OFFICIAL_MISCONDUCT):
        add(DISCIPLINE, "涉及公职人员违法违纪问题线索", ("§五(三)", "§六(三)", "§七(二)"))
    if _yes(facts, ENFORCEMENT_APPLICATION):
        add(COURT, "自然资源局申请强制执行", ("§五(五)",))
    if _yes(facts, ROAD_PROJECT):
        add(TRANSPORT, "涉及农村公路或国省市县干线公路建设，商请提供相关文件、档案资料并协助确定违法主体责任人",
            ("§五(九)",), INBOUND)
    return [Suggestion(d, found[d][0], tuple(found[d][1]), tuple(found[d][2])) for d in DEPARTMENTS if d in found]


@dataclass(frozen=True)
class Referral:
    """One line of the referral register (移交台账; reported to the platform, seed §六(二))."""
    patch_id: str
    department: str
    direction: str = OUTBOUND
    sent: Optional[dt.date] = None         # 移送 / request sent
    received: Optional[dt.date] = None     # 接收 (documents received, for an inbound request)
    feedback: str = ""                     # 反馈结果
    feedback_date: Optional[dt.date] = None
    doc_no: str = ""                       # 移送函文号
    reason: str = ""

    @property
    def state(self) -> str:
        if self.received is None:
            return "已发出未接收" if self.sent else "待移送"
        return "已反馈" if self.feedback.strip() else "已接收待反馈"


def validate_referral(r: Referral) -> Referral:
    """Raise ReferralError unless the record is consistent; return it."""
    def fail(zh: str, en: str):
        raise ReferralError(f"图斑{r.patch_id}移交{r.department}：{zh} / {en}")

    if not str(r.patch_id).strip():
        raise ReferralError("图斑编号为空 / patch id is empty")
    if r.department not in DEPARTMENTS:
        fail(f"未知部门（应为{'、'.join(DEPARTMENTS)}）", "unknown department")
    if r.direction not in (OUTBOUND, INBOUND):
        fail(f"方向须为“{OUTBOUND}”或“{INBOUND}”", "direction must be outbound or inbound")
    if r.received is not None and r.sent is None:
        fail("未填写发出日期却有接收日期", "received without a sent date")
    if r.received is not None and r.received < r.sent:
        fail(f"接收日期{r.received.isoformat()}早于发出日期{r.sent.isoformat()}", "received before it was sent")
    if (r.feedback.strip() or r.feedback_date is not None) and r.received is None:
        fail("尚未接收，不能有反馈", "feedback requires a received date")
    if r.feedback_date is not None and r.feedback_date < r.received:
        fail("反馈日期早于接收日期", "feedback dated before receipt")
    return r


def from_suggestion(patch_id: str, s: Suggestion, sent: Optional[dt.date] = None, doc_no: str = "") -> Referral:
    """A register record for a confirmed suggestion."""
    return validate_referral(Referral(str(patch_id), s.department, s.direction, sent, doc_no=doc_no,
                                      reason="；".join(s.reasons)))


def overdue(records: Iterable[Referral], today: dt.date, days: int = 30) -> list[Referral]:
    """Sent records with no feedback ``days`` or more calendar days after sending."""
    return [r for r in records if r.sent is not None and not r.feedback.strip() and (today - r.sent).days >= days]


__all__ = ["AGRICULTURE", "COURT", "DEPARTMENTS", "DISCIPLINE", "ECOLOGICAL_DAMAGE", "ECOLOGY", "EMERGENCY",
           "ENFORCEMENT_APPLICATION", "INBOUND", "INPUTS", "OFFICIAL_MISCONDUCT", "OUTBOUND", "POLICE",
           "PROTECTED_AREA", "ROAD_PROJECT", "TRANSPORT", "WORK_SAFETY", "Referral", "ReferralError", "Suggestion",
           "from_suggestion", "overdue", "suggest_referrals", "validate_referral"]
