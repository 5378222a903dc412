"""警示约谈 in the workspace: the townships' figures the criteria are tested on, the criteria themselves (a
workspace setting; core/talks.py holds the defaults), and the talk records (wz_talk), every write audited
through ws.insert / ws.update."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import pandas as pd

from ..core import talks as core
from ..core.accountability import AccountabilityInputError
from ..core.chart_data import township_areas
from ..core.dates import as_date, china_today
from ..core.deadlines import past_due
from ..i18n import tr
from .errors import StoreError
from .queue import REVIEWED_STATUSES
from .reporting import patch_status
from .settings import get_setting, set_setting
from .workspace import Workspace

TABLE = "wz_talk"
SETTING = "talk_criteria"
NO_TOWNSHIP = "（未指定乡镇）"
TALK_COLUMNS = ["序号", "乡镇", "约谈日期", "参加人员", "约谈事由", "整改要求", "整改期限", "状态", "整改完成日期",
                "完成情况"]


class TalkError(StoreError):
    """A talk that cannot be recorded as given; ``problems`` names each reason (Chinese)."""

    def __init__(self, problems: list[str]):
        super().__init__(tr("The talk was not recorded: {reasons}").format(reasons="；".join(problems)))
        self.problems = problems


# ---- criteria -----------------------------------------------------------------------------------------------

def criteria(ws: Workspace) -> core.TalkCriteria:
    """The workspace's criteria (the defaults of core/talks.py where none were set; unreadable: defaults)."""
    try:
        return core.TalkCriteria.from_dict(get_setting(ws, SETTING, {}) or {})
    except ValueError:
        return core.TalkCriteria()


def set_criteria(ws: Workspace, value: core.TalkCriteria) -> None:
    set_setting(ws, SETTING, value.to_dict())


# ---- the figures ----------------------------------------------------------------------------------------------

def _town(v) -> str:
    text = "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
    return text or NO_TOWNSHIP


def township_figures(ws: Workspace, today: Optional[dt.date] = None, accountability=None) -> list[core.TownshipFigures]:
    """Per township: illegal 耕地 and its ratio after the 附件5 deductions (0 / None when the figures cannot be
    computed: patches without region codes), patches past their checking deadline and not reviewed, and the
    returns from above. ``accountability``: a result already computed (store.determinations)."""
    from .determinations import workspace_accountability

    today = today or china_today()
    patches = patch_status(ws)
    town = patches["XZMC"].map(_town)
    overdue = (~patches["ZT"].isin(REVIEWED_STATUSES)) & patches["HCJZ"].map(lambda d: past_due(d, today))
    late = overdue.groupby(town).sum().to_dict() if len(patches) else {}
    try:
        result = accountability if accountability is not None else workspace_accountability(ws)
        chart = township_areas(result)
    except AccountabilityInputError:
        chart = None
    areas = {t.township: t for t in chart.townships} if chart else {}
    returned = _returns_by_township(ws)
    names = sorted(set(town) | set(areas) | set(returned))
    return [core.TownshipFigures(n, float(areas[n].illegal_gd_mu) if n in areas else 0.0,
                                 areas[n].ratio if n in areas else None, int(late.get(n, 0)), int(returned.get(n, 0)))
            for n in names]


def _returns_by_township(ws: Workspace) -> dict[str, int]:
    """Returns from the city / province per township (store/signoff.py; {} where it is not installed)."""
    try:
        from .signoff import summary_by_township
    except ImportError:
        return {}
    df = summary_by_township(ws)
    df = df[df["乡镇"] != "合计"]
    return {str(t): int(n) for t, n in zip(df["乡镇"], df["上级退回"]) if int(n)}


def candidates(ws: Workspace, today: Optional[dt.date] = None, value: Optional[core.TalkCriteria] = None,
               accountability=None) -> list[core.Selection]:
    """The townships the criteria (default: the workspace's) select, most serious first."""
    return core.select_townships(township_figures(ws, today, accountability), value or criteria(ws))


# ---- talk records ----------------------------------------------------------------------------------------------

def _row(t: core.Talk) -> dict:
    return {"XZMC": t.township.strip(), "YTRQ": t.held.isoformat() if t.held else None,
            "CHRY": t.attendees.strip(), "YTSY": t.reason.strip() or None, "ZGYQ": t.requirements.strip(),
            "ZGQX": t.deadline.isoformat() if t.deadline else None,
            "ZT": core.COMPLETED if t.completed else core.RECTIFYING,
            "WCRQ": t.completed.isoformat() if t.completed else None, "WCQK": t.outcome.strip() or None}


def _talk(r: dict) -> core.Talk:
    def text(k):
        v = r.get(k)
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    return core.Talk(text("XZMC"), as_date(r.get("YTRQ")), text("CHRY"), text("ZGYQ"), as_date(r.get("ZGQX")),
                     text("YTSY"), as_date(r.get("WCRQ")), text("WCQK"))


def record_talk(ws: Workspace, talk: core.Talk, source: str = "talks") -> int:
    """Record a talk held (audited); returns its id. Refused with the reasons when incomplete."""
    bad = core.problems(talk)
    if bad:
        raise TalkError(bad)
    with ws.transaction():
        return ws.insert(TABLE, [_row(talk)], source=source)[0]


def load_talk(ws: Workspace, fid: int) -> core.Talk:
    r = ws.get(TABLE, int(fid))
    if r is None:
        raise StoreError(tr("talk #{fid} does not exist").format(fid=fid))
    return _talk(r)


def revise_talk(ws: Workspace, fid: int, source: str = "talks", **changes) -> core.Talk:
    """Change fields of a talk (core.Talk field names: deadline, requirements …), checked as a whole; audited."""
    old = load_talk(ws, fid)
    new = core.Talk(**{**old.__dict__, **changes})
    bad = core.problems(new)
    if bad:
        raise TalkError(bad)
    row, before = _row(new), _row(old)
    with ws.transaction():
        ws.update(TABLE, int(fid), {k: v for k, v in row.items() if before[k] != v}, source=source)
    return new


def complete_talk(ws: Workspace, fid: int, completed: dt.date, outcome: str, source: str = "talks") -> core.Talk:
    """The township's 整改 done: the date and what was done (audited); the talk leaves the open list."""
    if completed is None:
        raise TalkError(["未填写整改完成日期"])
    return revise_talk(ws, fid, source, completed=completed, outcome=outcome)


def all_talks(ws: Workspace) -> list[tuple[int, core.Talk]]:
    df = ws.select(TABLE, order_by='"YTRQ", fid')
    return [(int(r["fid"]), _talk(r)) for r in df.to_dict("records")]


def talk_table(ws: Workspace, today: Optional[dt.date] = None) -> pd.DataFrame:
    """Every talk with its status on ``today`` (逾期未完成 past the deadline), Chinese headers."""
    today = today or china_today()
    rows = [[i, t.township, t.held, t.attendees, t.reason, t.requirements, t.deadline, core.status(t, today),
             t.completed, t.outcome] for i, (_fid, t) in enumerate(all_talks(ws), start=1)]
    return pd.DataFrame(rows, columns=TALK_COLUMNS)
