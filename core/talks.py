"""警示约谈 (warning talks): which townships the county 卫片办 proposes for a talk with the county government
(seed §六(三): “对违法严重、管理秩序混乱的乡（镇）…严肃开展约谈，并督促限期整改”), and the life of a talk
record (held → 整改 by a deadline → completed).

The criteria are data: each figure of a township is compared with its threshold (≥), a threshold of None
switches that test off, and a township meeting any test is listed with the reasons. The defaults below are a
starting point the office changes per workspace (store/talks.py keeps them in the workspace settings).
Pure Python: no QGIS, no store.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any, Optional

# The statuses of a talk record.
RECTIFYING, COMPLETED = "整改中", "已完成整改"
OVERDUE = "逾期未完成"        # shown, never stored: 整改中 past its deadline


@dataclass(frozen=True)
class TalkCriteria:
    """Thresholds (≥) of a township's figures; None: the test is off."""
    illegal_gd_mu: Optional[float] = 30.0   # 违法占用耕地 after the 附件5 deductions, 亩
    ratio: Optional[float] = 0.15           # that area over 新增建设用地占用耕地 (the 附件5 ratio test)
    ratio_min_mu: float = 5.0               # the ratio counts only above this many 亩 (1 亩 of 2 is not 50 %)
    overdue: Optional[int] = 5              # patches past their checking deadline, not yet reviewed
    returned: Optional[int] = 3             # returns from the city / province (上级退回)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, value: Any) -> TalkCriteria:
        """Criteria from stored data; unknown keys are ignored, missing ones keep their defaults, a value that
        is not a number (or null: off) raises ValueError naming it."""
        if not isinstance(value, dict):
            return cls()
        kw = {}
        for f in fields(cls):
            if f.name not in value:
                continue
            v = value[f.name]
            if v is None or v == "":
                if f.name == "ratio_min_mu":
                    raise ValueError(f"{f.name}: a number is required")
                kw[f.name] = None
                continue
            try:
                x = float(v)
            except (TypeError, ValueError):
                raise ValueError(f"{f.name}: {v!r} is not a number") from None
            if x < 0 or x != x:
                raise ValueError(f"{f.name}: {v!r} must be a number ≥ 0")
            kw[f.name] = int(x) if f.name in ("overdue", "returned") else x
        return cls(**kw)

    def describe(self) -> list[str]:
        """The tests in force, in Chinese, for the notes under the list."""
        out = []
        if self.illegal_gd_mu is not None:
            out.append(f"违法占用耕地（附件5扣除后）达到{self.illegal_gd_mu:g}亩")
        if self.ratio is not None:
            out.append(f"违法占用耕地比例达到{self.ratio * 100:g}%（违法占用耕地{self.ratio_min_mu:g}亩以上）")
        if self.overdue is not None:
            out.append(f"逾期未完成核查图斑达到{self.overdue}个")
        if self.returned is not None:
            out.append(f"被上级退回达到{self.returned}次")
        return out


@dataclass(frozen=True)
class TownshipFigures:
    township: str
    illegal_gd_mu: float = 0.0
    ratio: Optional[float] = None      # None: no denominator
    overdue: int = 0
    returned: int = 0


# The tests by name, as a short list shows them (the figures stand in their own columns).
TEST_LABELS = {"illegal_gd_mu": "违法占用耕地面积", "ratio": "违法占用耕地比例", "overdue": "逾期未完成核查",
               "returned": "被上级退回"}


@dataclass(frozen=True)
class Selection:
    figures: TownshipFigures
    reasons: tuple[str, ...]
    tests: tuple[str, ...] = ()         # keys of TEST_LABELS, in the order of ``reasons``

    @property
    def township(self) -> str:
        return self.figures.township

    def reason_text(self) -> str:
        return "；".join(self.reasons)

    def short_text(self) -> str:
        """达到“违法占用耕地面积、违法占用耕地比例”条件 (the figures are in the list's own columns)."""
        return f"{'、'.join(TEST_LABELS[t] for t in self.tests)}达到约谈条件"


def _ge(a: float, b: float) -> bool:
    return a >= b - 1e-9


def tests_met(f: TownshipFigures, c: TalkCriteria) -> list[tuple[str, str]]:
    """(test key, why in Chinese) of each test township ``f`` meets under ``c`` (empty: none)."""
    out = []
    if c.illegal_gd_mu is not None and _ge(f.illegal_gd_mu, c.illegal_gd_mu):
        out.append(("illegal_gd_mu", f"违法占用耕地{f.illegal_gd_mu:.2f}亩，达到{c.illegal_gd_mu:g}亩"))
    if (c.ratio is not None and f.ratio is not None and _ge(f.ratio, c.ratio)
            and _ge(f.illegal_gd_mu, c.ratio_min_mu)):
        out.append(("ratio", f"违法占用耕地比例{f.ratio * 100:.2f}%，达到{c.ratio * 100:g}%"))
    if c.overdue is not None and f.overdue >= c.overdue:
        out.append(("overdue", f"逾期未完成核查图斑{f.overdue}个，达到{c.overdue}个"))
    if c.returned is not None and f.returned >= c.returned:
        out.append(("returned", f"被上级退回{f.returned}次，达到{c.returned}次"))
    return out


def reasons(f: TownshipFigures, c: TalkCriteria) -> list[str]:
    """Why township ``f`` meets the criteria ``c`` (empty: it does not)."""
    return [why for _key, why in tests_met(f, c)]


def select_townships(figures: list[TownshipFigures], criteria: Optional[TalkCriteria] = None) -> list[Selection]:
    """The townships meeting any test, most serious first (more tests met, then more illegal 耕地)."""
    c = criteria or TalkCriteria()
    chosen = [Selection(f, tuple(w for _k, w in m), tuple(k for k, _w in m)) for f in figures if (m := tests_met(f, c))]
    chosen.sort(key=lambda s: (-len(s.reasons), -s.figures.illegal_gd_mu, s.township))
    return chosen


# ---- a talk record ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Talk:
    township: str
    held: Optional[dt.date]            # 约谈日期
    attendees: str                     # 参加人员
    requirements: str                  # 整改要求
    deadline: Optional[dt.date]        # 整改期限
    reason: str = ""                   # 约谈事由 (the figures that led to it)
    completed: Optional[dt.date] = None   # 整改完成日期
    outcome: str = ""                  # 完成情况


def problems(t: Talk) -> list[str]:
    """What keeps ``t`` from being recorded (Chinese, one line each)."""
    out = []
    if not str(t.township or "").strip():
        out.append("未填写被约谈乡镇")
    if t.held is None:
        out.append("未填写约谈日期")
    if not str(t.attendees or "").strip():
        out.append("未填写参加人员")
    if not str(t.requirements or "").strip():
        out.append("未填写整改要求")
    if t.deadline is None:
        out.append("未填写整改期限")
    elif t.held is not None and t.deadline < t.held:
        out.append("整改期限早于约谈日期")
    if t.completed is not None:
        if t.held is not None and t.completed < t.held:
            out.append("整改完成日期早于约谈日期")
        if not str(t.outcome or "").strip():
            out.append("未填写整改完成情况")
    return out


def status(t: Talk, today: dt.date) -> str:
    """已完成整改, 逾期未完成 (past the deadline) or 整改中."""
    if t.completed is not None:
        return COMPLETED
    if t.deadline is not None and today > t.deadline:
        return OVERDUE
    return RECTIFYING
