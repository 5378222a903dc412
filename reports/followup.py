"""专人盯办 and 上报县政府 as filing-grade xlsx (issue 18 item 8): the workload of each person following the
townships' patches up (专人盯办工作量), and the register of 重大 / 跨区线性工程 cases reported to the county
government when stopping failed (制止无效上报登记)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import pandas as pd

from ..core import escalation as core_escalation
from ..store.dashboard import progress_by_township, workload_by_watcher
from ..store.escalation import escalation_table
from ..store.workspace import Workspace
from .forms import FormHeader, form_header
from .xlsx import write_xlsx

WORKLOAD_FILE = "专人盯办工作量.xlsx"
REGISTER_FILE = "制止无效上报登记.xlsx"
WORKLOAD_TITLE = "卫片执法图斑专人盯办工作量统计表"
REGISTER_TITLE = "重大、跨区线性工程违法用地制止无效上报县政府登记表"


def workload_table(ws: Workspace, today: dt.date) -> pd.DataFrame:
    return workload_by_watcher(ws, progress_by_township(ws, today))


def workload_form(ws: Workspace, today: dt.date) -> FormHeader:
    return form_header(ws, today, title=WORKLOAD_TITLE).titled(
        WORKLOAD_TITLE, total=True, notes=(
            "待核查：未核查完成的图斑；逾期：超过核查截止日期仍未核查完成的图斑。",
            "盯办专人由名册（乡镇村包保）指定；未指定专人的乡镇计入“（未指定专人）”。"))


def register_form(ws: Workspace, today: dt.date) -> FormHeader:
    return form_header(ws, today, title=REGISTER_TITLE).titled(
        REGISTER_TITLE, total=False, notes=(
            "依据：对重大、跨区的线性工程违法用地案件，制止无效或查处工作无法进行的，要及时报告县政府和县自然资源局。",
            f"状态：未填写处理结果的为“{core_escalation.OPEN}”；已上报天数计至统计日期。"))


def write_workload(ws: Workspace, folder: Path, today: dt.date) -> Path:
    return write_xlsx(Path(folder) / WORKLOAD_FILE, {"专人盯办工作量": workload_table(ws, today)},
                      form=workload_form(ws, today))


def write_register(ws: Workspace, folder: Path, today: dt.date, table: Optional[pd.DataFrame] = None) -> Path:
    """The register (``table``: already scoped to a part of the county; default the whole register)."""
    table = escalation_table(ws, today) if table is None else table
    return write_xlsx(Path(folder) / REGISTER_FILE, {"制止无效上报登记": table},
                      date_columns=("制止无效日期", "上报日期", "处理结果日期"), form=register_form(ws, today))
