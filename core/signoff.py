"""County sign-off (县级审核验收) and the reviews from above (市级 / 省级审核): states and who may move them.

A determined unit (a patch, or each part of a split patch) is submitted (提交审核) by its operator and passed
(审核通过) or returned (退回, with a reason) by a reviewer who did not record its findings ("four eyes").
Passed units go up (上报); the city or province passes or returns them with a comment and a new deadline, a
returned unit reopens in the operator's queue. A unit changed after it went up must go up again (需重新上报).

Pure Python: the store applies these rules (store/signoff.py), PostGIS enforces the four eyes itself.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

# County states of a unit (no row: not submitted yet).
NOT_SUBMITTED = "未提交"
SUBMITTED = "待审核"
RETURNED = "退回"
PASSED = "通过"
STATES = (SUBMITTED, RETURNED, PASSED)
# Upload marks.
UPLOADED = "已上报"
RESUBMIT = "需重新上报"
# Reviews from above.
LEVELS = ("市级", "省级")
UPPER_VERDICTS = (PASSED, RETURNED)


class SignoffError(ValueError):
    """A sign-off step the rules do not allow; the message says which unit and why."""


@dataclass(frozen=True)
class UnitState:
    """What the rules need to know of one unit."""
    key: str                     # 监测编号, with -分割编号 for a part
    state: str = NOT_SUBMITTED
    determined: bool = False
    submitter: str = ""
    recorders: frozenset = frozenset()   # who recorded (saved) its findings


def can_submit(u: UnitState, changed_since_pass: bool = False) -> Optional[str]:
    """Why ``u`` may not be submitted, or None. A passed unit goes back only when changed after it passed."""
    if not u.determined:
        return f"{u.key}：尚未判定，不能提交审核"
    if u.state == SUBMITTED:
        return f"{u.key}：已提交，待审核"
    if u.state == PASSED and not changed_since_pass:
        return f"{u.key}：已审核通过"
    return None


def can_review(u: UnitState, reviewer: str) -> Optional[str]:
    """Why ``reviewer`` may not pass or return ``u``, or None: only submitted units, never by whoever
    recorded the findings or submitted them (四眼原则)."""
    if u.state != SUBMITTED:
        return f"{u.key}：{u.state if u.state != NOT_SUBMITTED else '未提交'}，不在待审核状态"
    if reviewer in u.recorders:
        return f"{u.key}：{reviewer}录入了该图斑的核查事实，不能审核自己录入的成果（须由他人审核）"
    if reviewer == u.submitter:
        return f"{u.key}：{reviewer}提交了该图斑，不能审核自己提交的成果（须由他人审核）"
    return None


def return_reason(reason: Any) -> str:
    """A 退回 needs a reason a person can act on."""
    text = "" if reason is None else str(reason).strip()
    if not text:
        raise SignoffError("退回须填写退回原因")
    return text


def unit_key(jcbh: str, part_no: Optional[str] = None) -> str:
    return f"{jcbh}-{part_no}" if part_no else str(jcbh)


def digest(values: dict) -> str:
    """The fingerprint of what a unit's return says: the same content → the same text, whatever the order."""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# ---- reviews from above --------------------------------------------------------------------------------------

_VERDICT_WORDS = {PASSED: ("通过", "审核通过", "合格", "同意", "pass", "passed", "ok", "是", "1"),
                  RETURNED: ("退回", "不通过", "驳回", "不合格", "return", "returned", "reject", "否", "0")}


def upper_verdict(value: Any) -> Optional[str]:
    """通过 / 退回 from what a city's sheet says (审核通过, 不通过, 驳回 …); None when it says neither."""
    text = "" if value is None else str(value).strip().lower()
    for verdict, words in _VERDICT_WORDS.items():
        if text in words:
            return verdict
    return None


@dataclass(frozen=True)
class UpperReview:
    jcbh: str
    verdict: str                  # 通过 / 退回
    comment: str = ""
    deadline: Optional[dt.date] = None
    part: str = ""                # 分割编号 when the row names a part
    row: int = 0                  # the row in the file (for messages)


def check_upper(r: UpperReview) -> Optional[str]:
    """Why a review row cannot be applied, or None: a 退回 needs a comment (what to correct)."""
    if r.verdict == RETURNED and not r.comment.strip():
        return f"第{r.row}行 {r.jcbh}：退回须有审核意见"
    return None


def count_by(states: Iterable[str]) -> dict[str, int]:
    out = {s: 0 for s in (SUBMITTED, RETURNED, PASSED)}
    for s in states:
        if s in out:
            out[s] += 1
    return out
