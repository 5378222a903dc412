"""Case tracking for an illegal patch (seed §三(二)(三), §五(二)): 立案, penalty, rectification, status.

A :class:`Case` is immutable; :func:`add_measure` and :func:`transition` return a new case after
validating. Errors are :class:`CaseError` with a Chinese and an English sentence naming the measure.

Rectification measures (整改措施) and the evidence each needs before it counts (seed §三(二):
拆除、复耕、毁闭 need photos on site; 完善审批手续 needs the document number and the approval date):

=========  ==========================================================================================
measure    evidence
=========  ==========================================================================================
拆除        physical: at least one photo taken on or after the measure's start date and on or after
复耕        the date the patch was issued, and a completion date (the measure is finished)
毁闭 (矿山)
补办手续    approval document number (批准文号) and approval date, the date not before the patch was
            issued (approval obtained before that means the patch should be re-determined 合法用地)
没收        the confiscation decision's document number (没收决定书文号); its date is optional
=========  ==========================================================================================

Areas (亩): each measure has the area it treats. The patch's illegal area is split into pieces, each
disposed of once: by clearing (拆除 or 毁闭), by 补办手续 or by 没收; 复耕 restores land, usually land
that was cleared, possibly land that only had earthworks (推填土) and needed no clearing. Hence

    cleared    = Σ 拆除 + Σ 毁闭
    disposed   = cleared + Σ 补办手续 + Σ 没收          must not exceed the illegal area (+0.01 亩)
    Σ 复耕                                           must not exceed the illegal area (+0.01 亩)
    covered    = max(cleared, Σ 复耕) + Σ 补办手续 + Σ 没收   must not exceed the illegal area (+0.01 亩)

with declared areas when a measure is added, and with only the measures that carry valid evidence
(:func:`coverage`) when the case is to reach 消除违法状态, which needs ``covered ≥ illegal − 0.01``.

Status history: 立案 → 整改中 → 已整改 → 消除违法状态. 整改中 needs at least one measure; 已整改
needs every recorded measure completed; 已整改 may fall back to 整改中 (review found the work
incomplete); 消除违法状态 is final. Dates in the history never go backwards.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Optional

from .dates import cn_date
from .labels import measure_label

TOLERANCE_MU = 0.01   # 0.01 亩 ≈ 6.67 m², the displayed precision of areas (DOMAIN §6)

DEMOLISH, RECLAIM, CLOSE, APPROVAL, CONFISCATE = "拆除", "复耕", "毁闭", "补办手续", "没收"
MEASURES = (DEMOLISH, RECLAIM, CLOSE, APPROVAL, CONFISCATE)
PHYSICAL = frozenset({DEMOLISH, RECLAIM, CLOSE})

# The inputs whose presence the evidence of each measure depends on (see the table above).
EVIDENCE_INPUTS = {DEMOLISH: ("start", "completed", "photos"), RECLAIM: ("start", "completed", "photos"),
                   CLOSE: ("start", "completed", "photos"), APPROVAL: ("doc_no", "doc_date"),
                   CONFISCATE: ("doc_no",)}

FILED, RECTIFYING, RECTIFIED, ELIMINATED = "立案", "整改中", "已整改", "消除违法状态"
STATUSES = (FILED, RECTIFYING, RECTIFIED, ELIMINATED)
TRANSITIONS = {FILED: frozenset({RECTIFYING}), RECTIFYING: frozenset({RECTIFIED}),
               RECTIFIED: frozenset({RECTIFYING, ELIMINATED}), ELIMINATED: frozenset()}


class CaseError(ValueError):
    """A case, measure or transition that breaks the rules; the message is Chinese then English."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Photo:
    path: str
    taken: dt.date   # from EXIF DateTimeOriginal (a datetime is read as its date)

    def __post_init__(self):
        if isinstance(self.taken, dt.datetime):
            object.__setattr__(self, "taken", self.taken.date())


@dataclass(frozen=True)
class Penalty:
    fine_yuan: float = 0.0            # 罚款 (元)
    confiscation: bool = False        # 没收地上建筑物和其他设施
    decision_no: str = ""             # 行政处罚决定书文号
    decided: Optional[dt.date] = None


@dataclass(frozen=True)
class Measure:
    kind: str                          # one of MEASURES
    area_mu: float                     # area treated, 亩
    start: Optional[dt.date] = None    # physical measures: when the work began
    completed: Optional[dt.date] = None
    photos: tuple[Photo, ...] = ()
    doc_no: str = ""                   # 补办手续: 批准文号; 没收: 没收决定书文号
    doc_date: Optional[dt.date] = None  # 补办手续: 批准时间; 没收: decision date (optional)
    note: str = ""

    @property
    def label(self) -> str:
        """The measure in the Chinese half of messages and reports: 拆除（3.18亩）."""
        return measure_label(self.kind, self.area_mu)

    @property
    def label_en(self) -> str:
        """The measure in the English half of messages: demolition (拆除), 3.18 mu."""
        return measure_label(self.kind, self.area_mu, "en")

    @property
    def effective(self) -> Optional[dt.date]:
        """When the measure took effect: completion for physical measures, the document date otherwise."""
        return self.completed if self.kind in PHYSICAL else (self.doc_date or self.completed)

    @property
    def done(self) -> bool:
        """Finished as far as the record shows: completed (physical), approved (补办手续), decided (没收)."""
        if self.kind == CONFISCATE:
            return bool(self.doc_no.strip())
        return self.effective is not None

    def in_effect(self, on: Optional[dt.date]) -> bool:
        """In effect by ``on`` (any time when ``on`` is None; an undated 没收 decision counts whenever)."""
        if on is None:
            return True
        if self.effective is None:
            return self.kind == CONFISCATE and self.done
        return self.effective <= on


@dataclass(frozen=True)
class StatusChange:
    status: str
    date: dt.date
    note: str = ""


@dataclass(frozen=True)
class Case:
    patch_id: str
    issued: dt.date                  # 图斑下发时间 (XFSJ)
    illegal_mu: float                # the patch's (or part's) illegal area, 亩
    illegal_gd_mu: float             # of which cultivated land (附件5 numerator), 亩
    case_no: str                     # 立案编号
    filed: dt.date                   # 立案日期
    penalty: Penalty = field(default_factory=Penalty)
    measures: tuple[Measure, ...] = ()
    history: tuple[StatusChange, ...] = ()

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else FILED


def open_case(patch_id: str, issued: dt.date, illegal_mu: float, illegal_gd_mu: float, case_no: str,
              filed: dt.date, penalty: Penalty = Penalty()) -> Case:
    """A new case in status 立案 (validated)."""
    if not str(patch_id).strip():
        raise CaseError("图斑编号为空", "patch id is empty")
    if not str(case_no).strip():
        raise CaseError("立案编号为空", "case number is empty")
    if illegal_mu <= 0 or illegal_gd_mu < 0:
        raise CaseError(f"违法面积须大于0、耕地面积不得为负（{illegal_mu}亩，{illegal_gd_mu}亩）",
                        "illegal area must be positive and cultivated area non-negative")
    if illegal_gd_mu > illegal_mu + TOLERANCE_MU:
        raise CaseError(f"违法占用耕地面积{illegal_gd_mu:.2f}亩大于违法面积{illegal_mu:.2f}亩",
                        "illegal cultivated area exceeds the illegal area")
    if penalty.fine_yuan < 0:
        raise CaseError("罚款金额为负", "fine is negative")
    if (penalty.fine_yuan > 0 or penalty.confiscation) and not penalty.decision_no.strip():
        raise CaseError("有罚款或没收的处罚须填写行政处罚决定书文号",
                        "a fine or confiscation needs the penalty decision's document number")
    return Case(str(patch_id), issued, float(illegal_mu), float(illegal_gd_mu), case_no, filed, penalty,
                (), (StatusChange(FILED, filed),))


# --- evidence ----------------------------------------------------------------------------------------

def evidence_text(case: Case) -> str:
    """What keeps the case's measures from counting, as a form prints it: one clause per measure with its problems
    joined, in Chinese (拆除（21.83亩）：尚未完成（无完成日期），缺少2021年6月6日及以后拍摄的现场照片)."""
    out = []
    for m in case.measures:
        head = f"{m.label}："
        zh = [p.split(" / ")[0] for p in evidence_problems(m, case)]
        if zh:
            out.append(head + "，".join(x[len(head):] if x.startswith(head) else x for x in zh))
    return "；".join(out)


def evidence_problems(measure: Measure, case: Case) -> list[str]:
    """What keeps ``measure`` from counting (Chinese / English sentences); empty when it counts."""
    m, en = measure.label, measure.label_en
    out = []
    if measure.kind in PHYSICAL:
        if measure.start is None:
            out.append(f"{m}：未填写开始日期 / {en}: start date missing")
        if measure.completed is None:
            out.append(f"{m}：尚未完成（无完成日期） / {en}: not completed")
        elif measure.start is not None and measure.completed < measure.start:
            out.append(f"{m}：完成日期早于开始日期 / {en}: completed before it started")
        after = max(d for d in (measure.start, case.issued) if d is not None)
        if not any(p.taken >= after for p in measure.photos):
            out.append(f"{m}：缺少{cn_date(after)}及以后拍摄的现场照片 / {en}: no site photo "
                       f"taken on or after {after.isoformat()} (measure start / patch issue)")
    elif measure.kind == APPROVAL:
        if not measure.doc_no.strip():
            out.append(f"{m}：未填写审批文件文号 / {en}: approval document number missing")
        if measure.doc_date is None:
            out.append(f"{m}：未填写批准时间 / {en}: approval date missing")
        elif measure.doc_date < case.issued:
            out.append(f"{m}：批准时间{cn_date(measure.doc_date)}早于图斑下发，应重新判定为合法用地 / "
                       f"{measure.label_en}: approved before the patch was issued; re-determine as legal")
    elif measure.kind == CONFISCATE:
        if not measure.doc_no.strip():
            out.append(f"{m}：未填写没收决定书文号 / {en}: confiscation decision number missing")
    return out


def check_evidence(measure: Measure, case: Case) -> None:
    """Raise CaseError when ``measure`` lacks the evidence it needs."""
    problems = evidence_problems(measure, case)
    if problems:
        raise CaseError("；".join(p.split(" / ")[0] for p in problems),
                        "; ".join(p.split(" / ")[1] for p in problems))


def _check_measure(measure: Measure) -> None:
    if measure.kind not in MEASURES:
        raise CaseError(f"未知的整改措施“{measure.kind}”（应为{'、'.join(MEASURES)}）",
                        f"unknown measure {measure.kind!r}")
    if not measure.area_mu > 0:
        raise CaseError(f"{measure.kind}：面积须大于0", f"{measure.kind}: area must be positive")


# --- areas -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    cleared_mu: float       # 拆除 + 毁闭
    reclaimed_mu: float     # 复耕
    approved_mu: float      # 补办手续
    confiscated_mu: float   # 没收

    @property
    def disposed_mu(self) -> float:
        return self.cleared_mu + self.approved_mu + self.confiscated_mu

    @property
    def covered_mu(self) -> float:
        return max(self.cleared_mu, self.reclaimed_mu) + self.approved_mu + self.confiscated_mu


def _sum(measures, kinds) -> float:
    return float(sum(m.area_mu for m in measures if m.kind in kinds))


def _coverage_of(measures) -> Coverage:
    return Coverage(_sum(measures, {DEMOLISH, CLOSE}), _sum(measures, {RECLAIM}), _sum(measures, {APPROVAL}),
                    _sum(measures, {CONFISCATE}))


def declared_coverage(case: Case) -> Coverage:
    """Areas the recorded measures declare, whatever their evidence (the limits of ``add_measure``)."""
    return _coverage_of(case.measures)


def valid_measures(case: Case, on: Optional[dt.date] = None) -> tuple[Measure, ...]:
    """Measures with valid evidence (and, given ``on``, in effect by that date)."""
    return tuple(m for m in case.measures if not evidence_problems(m, case) and m.in_effect(on))


def coverage(case: Case, on: Optional[dt.date] = None) -> Coverage:
    """Areas treated by measures that count (see the module docstring)."""
    return _coverage_of(valid_measures(case, on))


def add_measure(case: Case, measure: Measure) -> Case:
    """The case with ``measure`` recorded; its declared area must fit in the illegal area."""
    return _with_measures(case, case.measures + (measure,), measure)


def update_measure(case: Case, index: int, measure: Measure) -> Case:
    """The case with its ``index``-th measure replaced (e.g. completed, photos added); same checks."""
    if not 0 <= index < len(case.measures):
        raise CaseError(f"没有第{index + 1}项整改措施", f"no measure number {index + 1}")
    return _with_measures(case, case.measures[:index] + (measure,) + case.measures[index + 1:], measure)


def _with_measures(case: Case, measures: tuple[Measure, ...], measure: Measure) -> Case:
    _check_measure(measure)
    if case.status == ELIMINATED:
        raise CaseError(f"{measure.label}：案件已消除违法状态，不能再变更整改措施",
                        f"{measure.label_en}: the case is closed (illegal state eliminated)")
    cov = _coverage_of(measures)
    limit = case.illegal_mu + TOLERANCE_MU
    for what_zh, what_en, value in (("拆除、毁闭、补办手续、没收面积之和", "cleared + approved + confiscated area",
                                     cov.disposed_mu),
                                    ("复耕面积之和", "restored area", cov.reclaimed_mu),
                                    ("整改覆盖面积", "covered area", cov.covered_mu)):
        if value > limit:
            raise CaseError(f"{measure.label}：{what_zh}{value:.2f}亩超过图斑违法面积{case.illegal_mu:.2f}亩",
                            f"{measure.label_en}: {what_en} {value:.2f} mu exceeds the illegal area "
                            f"{case.illegal_mu:.2f} mu")
    return replace(case, measures=measures)


# --- status ------------------------------------------------------------------------------------------

def transition(case: Case, status: str, date: dt.date, note: str = "") -> Case:
    """The case moved to ``status`` on ``date`` (validated)."""
    if status not in STATUSES:
        raise CaseError(f"未知的案件状态“{status}”", f"unknown status {status!r}")
    current = case.status
    if status not in TRANSITIONS[current]:
        raise CaseError(f"案件状态不能由“{current}”变为“{status}”",
                        f"cannot move a case from {current} to {status}")
    if date < case.history[-1].date:
        raise CaseError(f"状态日期{date.isoformat()}早于上一状态日期{case.history[-1].date.isoformat()}",
                        "status date is before the previous status date")
    if status == RECTIFYING and not case.measures:
        raise CaseError("尚未登记任何整改措施，不能进入“整改中”", "no rectification measure recorded yet")
    if status == RECTIFIED:
        open_ = [m for m in case.measures if not m.done]
        if open_:
            raise CaseError(f"整改措施未完成：{'、'.join(m.label for m in open_)}",
                            "measures not completed: " + ", ".join(m.kind for m in open_))
    if status == ELIMINATED:
        cov = coverage(case, on=date)
        if cov.covered_mu < case.illegal_mu - TOLERANCE_MU:
            missing = [p for m in case.measures for p in evidence_problems(m, case)]
            detail = ("；" + "；".join(p.split(" / ")[0] for p in missing)) if missing else ""
            raise CaseError(f"证据齐全的整改措施仅覆盖{cov.covered_mu:.2f}亩，不足违法面积{case.illegal_mu:.2f}亩"
                            f"（容差{TOLERANCE_MU}亩）{detail}",
                            f"measures with valid evidence cover {cov.covered_mu:.2f} of {case.illegal_mu:.2f} mu"
                            + ("; " + "; ".join(p.split(" / ")[1] for p in missing) if missing else ""))
    return replace(case, history=case.history + (StatusChange(status, date, note),))


# --- accountability ----------------------------------------------------------------------------------

def _reached(measures: tuple[Measure, ...], kinds, target: float) -> Optional[dt.date]:
    """The date on which measures of ``kinds`` (in effect order) first cover ``target`` 亩, or None."""
    total = 0.0
    for m in sorted((m for m in measures if m.kind in kinds and m.effective), key=lambda m: m.effective):
        total += m.area_mu
        if total >= target - TOLERANCE_MU:
            return m.effective
    return None


def accountability_markers(case: Case, year=None) -> dict:
    """``approvals_completed``, ``restored`` and ``restored_in_year`` for core.accountability.

    ``year`` is the rule-set year: an int, or anything with a ``year`` attribute (a rules.RuleSet);
    by default the year the patch was issued. Only measures with valid evidence count. The markers are whole-row
    booleans (附件5 deducts a patch or not), so partial measures never count on their own:

    - ``restored`` (已拆除复耕到位): 复耕 measures together cover the whole illegal cultivated area
      (``illegal_gd_mu``, within 0.01 亩); a case without illegal cultivated land counts as restored when
      clearing or 复耕 covers its whole illegal area. 拆除 without 复耕 does not restore farmland.
    - ``restored_in_year``: restored, and the 复耕 that completed the cover was finished by 12-31 of
      ``year`` (增违挂钩, seed §七(二)).
    - ``approvals_completed`` (已补办完善用地手续): 补办手续 measures cover the whole illegal cultivated area
      (or the whole illegal area when there is no cultivated land).

    A patch that was partly restored and partly approved gets neither marker: split it (分割, DOMAIN §3)
    into parts and open one case per part so that each part's figures move under its own item.
    """
    if year is None:
        year = case.issued.year
    elif not isinstance(year, int):
        year = int(year.year)
    valid = valid_measures(case)
    gd = case.illegal_gd_mu
    if gd > TOLERANCE_MU:
        restored_on = _reached(valid, {RECLAIM}, gd)
        approvals = _coverage_of(valid).approved_mu >= gd - TOLERANCE_MU
    else:
        cleared = _reached(valid, {DEMOLISH, CLOSE}, case.illegal_mu)
        reclaimed = _reached(valid, {RECLAIM}, case.illegal_mu)
        restored_on = min((d for d in (cleared, reclaimed) if d is not None), default=None)
        approvals = _coverage_of(valid).approved_mu >= case.illegal_mu - TOLERANCE_MU
    restored = restored_on is not None
    return {"approvals_completed": approvals, "restored": restored,
            "restored_in_year": restored and restored_on <= dt.date(year, 12, 31)}


__all__ = ["APPROVAL", "CLOSE", "CONFISCATE", "DEMOLISH", "ELIMINATED", "FILED", "MEASURES", "PHYSICAL", "RECLAIM",
           "RECTIFIED", "RECTIFYING", "STATUSES", "TOLERANCE_MU", "TRANSITIONS", "EVIDENCE_INPUTS", "Case", "CaseError",
           "Coverage", "declared_coverage",
           "Measure", "Penalty", "Photo", "StatusChange", "accountability_markers", "add_measure", "check_evidence",
           "coverage", "evidence_problems", "open_case", "transition", "update_measure", "valid_measures"]
