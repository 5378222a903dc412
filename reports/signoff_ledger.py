"""审核验收台账: every unit submitted for the county's sign-off, with who submitted and reviewed it, the reasons of
county returns, what went up and the reviews from above (comment, new deadline, number of returns)."""
from __future__ import annotations

import pandas as pd

from ..core import signoff as rules
from ..store import signoff as store_signoff
from ..store.people import name_of
from ..store.workspace import Workspace
from .forms import china_time

COLUMNS = ["序号", "监测编号", "分割编号", "批次", "乡镇", "村", "判定结果", "审核状态", "提交人", "提交时间", "审核人",
           "审核时间", "县级退回原因", "县级退回次数(次)", "上报状态", "上报编号", "上报时间", "上级审核", "上级审核结论",
           "上级审核意见", "上级整改期限", "上级退回次数(次)"]


def _t(v) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def signoff_ledger(ws: Workspace) -> pd.DataFrame:
    """One row per unit that was ever submitted, in 监测编号 order; times in China time; 需重新上报 where a unit
    changed after it went up."""
    u = store_signoff.units(ws)
    u = u[u["ZT"] != rules.NOT_SUBMITTED]
    stale = set(store_signoff.resubmission_needed(ws)["key"]) if len(u) else set()
    rows = []
    who = name_of(ws)   # people by name where the workspace knows it (store/people.py), not by login
    for i, r in enumerate(u.to_dict("records"), 1):
        rows.append({"序号": i, "监测编号": r["JCBH"], "分割编号": _t(r["FGBH"]), "批次": r["PCBH"], "乡镇": _t(r["XZMC"]),
                     "村": _t(r["CMC"]), "判定结果": _t(r["PDJG"]), "审核状态": r["ZT"], "提交人": who(r["TJR"]),
                     "提交时间": china_time(r["TJSJ"]) if _t(r["TJSJ"]) else "", "审核人": who(r["SHR"]),
                     "审核时间": china_time(r["SHSJ"]) if _t(r["SHSJ"]) else "",
                     "县级退回原因": _t(r["SHYJ"]) if r["ZT"] == rules.RETURNED or int(r["XTCS"] or 0) else "",
                     "县级退回次数(次)": int(r["XTCS"] or 0),
                     "上报状态": rules.RESUBMIT if r["key"] in stale else _t(r["SBZT"]), "上报编号": _t(r["SBBH"]),
                     "上报时间": china_time(r["SBSJ"]) if _t(r["SBSJ"]) else "", "上级审核": _t(r["SJJB"]),
                     "上级审核结论": _t(r["SJZT"]), "上级审核意见": _t(r["SJYJ"]), "上级整改期限": _t(r["SJQX"])[:10],
                     "上级退回次数(次)": int(r["THCS"] or 0)})
    return pd.DataFrame(rows, columns=COLUMNS)
