"""Reports of the case workflow: the rectification progress report (整改进展报告), the referral letters
(移交函 / 商请函) per receiving department, and the registers as tables (立案整改台账, 移交台账,
违法主体名单, 抽样复核)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import pandas as pd

from ..core import cases as core
from ..core import estimates as est
from ..core.dates import china_today, cn_date
from ..core.referrals import INBOUND, OUTBOUND
from ..store.cases import case_table
from ..store.people import name_of
from ..store.registers import (
    blacklist_table,
    referral_register,
    referrals,
    sample_estimates,
    sample_names,
    sample_report,
    stored_sample,
)
from ..store.rosters import workspace_roster
from ..store.workspace import Workspace
from .render import PathLike, render_html

_STATUS_ORDER = list(core.STATUSES)


def rectification_context(ws: Workspace, today: Optional[dt.date] = None) -> dict:
    today = today or china_today()
    roster = workspace_roster(ws)
    cases = case_table(ws, today)
    by_status = [{"status": s, "count": int((cases["案件状态"] == s).sum()),
                  "mu": float(cases.loc[cases["案件状态"] == s, "违法面积(亩)"].sum())} for s in _STATUS_ORDER]
    towns = pd.DataFrame(columns=["乡镇", "立案", "整改中", "已整改", "消除违法状态", "违法面积(亩)", "有效整改面积(亩)"])
    if not cases.empty:
        g = cases.groupby("乡镇")
        towns = pd.DataFrame({
            "乡镇": list(g.groups),
            "立案": g.size().to_numpy(),
            "整改中": g["案件状态"].apply(lambda s: int((s == core.RECTIFYING).sum())).to_numpy(),
            "已整改": g["案件状态"].apply(lambda s: int((s == core.RECTIFIED).sum())).to_numpy(),
            "消除违法状态": g["案件状态"].apply(lambda s: int((s == core.ELIMINATED).sum())).to_numpy(),
            "违法面积(亩)": g["违法面积(亩)"].sum().to_numpy(),
            "有效整改面积(亩)": g["有效整改面积(亩)"].sum().to_numpy()})
    open_cases = cases[cases["案件状态"] != core.ELIMINATED]
    problems = open_cases[open_cases["证据问题"] != ""][["监测编号", "乡镇", "案件状态", "证据问题"]]
    late = referral_register(ws, today)
    late = late[late["超期未反馈"] == "是"][["监测编号", "接收部门", "发出日期", "移送函文号"]]
    return {"title": "卫片执法违法用地整改进展报告", "office": roster.office.name or f"{roster.county_name}自然资源局",
            "county": roster.county_name, "today": cn_date(today),
            "total": len(cases), "illegal_mu": float(cases["违法面积(亩)"].sum()) if len(cases) else 0.0,
            "covered_mu": float(cases["有效整改面积(亩)"].sum()) if len(cases) else 0.0,
            "fines": float(cases["罚款(元)"].sum()) if len(cases) else 0.0,
            "by_status": by_status, "townships": towns, "problems": problems, "late_referrals": late,
            "open": open_cases[["监测编号", "乡镇", "村", "立案编号", "违法面积(亩)", "整改措施", "案件状态", "立案天数"]]}


def render_rectification_progress(ws: Workspace, today: Optional[dt.date] = None,
                                  user_folder: Optional[PathLike] = None) -> str:
    return render_html("rectification_progress.html.j2", rectification_context(ws, today), user_folder)


def referral_letters_context(ws: Workspace, today: Optional[dt.date] = None) -> list[dict]:
    """One letter per (department, direction, letter number) with the register lines it covers; the
    letter is dated the day it was sent (today for lines not sent yet)."""
    today = today or china_today()
    roster = workspace_roster(ws)
    patches = ws.select("wz_patch", ["JCBH", "XZMC", "CMC", "TBMJMU", "PDJG"])
    info = {int(f): r for f, r in zip(patches["fid"], patches.to_dict("records"))}
    letters: dict[tuple[str, str, str], dict] = {}
    for tbid, r in referrals(ws):
        p = info.get(tbid, {})
        key = (r.department, r.direction, r.doc_no)
        letter = letters.setdefault(key, {
            "department": r.department, "direction": r.direction, "inbound": r.direction == INBOUND,
            # a letter is addressed to the county's department (代县公安局), however the register names it
            "addressee": r.department if r.department.startswith(roster.county_name) or
            r.department.startswith(("国家", "省", "市")) else f"{roster.county_name}{r.department}",
            "title": ("关于商请提供卫片执法图斑相关资料的函" if r.direction == INBOUND
                      else "关于移送卫片执法违法问题线索的函"),
            "office": f"{roster.county_name}自然资源局", "county": roster.county_name,
            "contact": roster.office.contact.name if roster.office.contact else "", "cc": roster.office.name,
            "doc_no": r.doc_no, "sent": [], "rows": []})
        if r.sent:
            letter["sent"].append(r.sent)
        letter["rows"].append({"监测编号": r.patch_id, "乡镇": p.get("XZMC") or "", "村": p.get("CMC") or "",
                               "面积(亩)": float(p.get("TBMJMU") or 0.0), "判定结果": p.get("PDJG") or "",
                               "移交事由": r.reason})
    out = []
    for _key, letter in sorted(letters.items(), key=lambda kv: (kv[0][1] != OUTBOUND, kv[0][0], kv[0][2])):
        letter["patches"] = pd.DataFrame(letter["rows"])
        letter["date"] = cn_date(max(letter["sent"]) if letter["sent"] else today)
        out.append(letter)
    return out


def render_referral_letters(ws: Workspace, today: Optional[dt.date] = None,
                            user_folder: Optional[PathLike] = None) -> list[tuple[str, str]]:
    """[(file stem, html)] — one letter per receiving department (and direction)."""
    out = []
    for letter in referral_letters_context(ws, today):
        stem = f"{'商请函' if letter['inbound'] else '移交函'}_{letter['department']}"
        if letter["doc_no"]:
            stem += f"_{letter['doc_no']}"
        out.append((stem, render_html("referral_letter.html.j2", letter, user_folder)))
    return out


def sample_tables(ws: Workspace) -> dict[str, pd.DataFrame]:
    """Per stored sample: the sampled patches with verdicts, and the authenticity rate per township."""
    keys = ws.select("wz_patch", ["JCBH"])
    key = dict(zip(keys["fid"].astype(int), keys["JCBH"]))
    who = name_of(ws)   # a verdict's reviewer is a login unless typed: the person's name where known
    out = {}
    for name in sample_names(ws):
        sample, verdicts = stored_sample(ws, name)
        by_id = {v.patch_id: v for v in verdicts}
        rows = []
        for town, ids in sorted(sample.strata.items()):
            for pid in ids:
                v = by_id.get(pid)
                rows.append({"乡镇": town, "监测编号": key.get(int(pid), pid), "复核结论": v.label if v else "待复核",
                             "复核说明": v.note if v else "", "复核人": who(v.reviewer) if v else ""})
        rep = sample_report(ws, name)
        county, towns = sample_estimates(ws, name)
        margin = 0.05
        rows_ = []
        for r in (*rep.townships, rep.batch):
            e = towns.get(r.name, county) if r is not rep.batch else county
            rows_.append({"范围": r.name, "抽取": r.sampled, "已复核": r.reviewed, "真实": r.authentic,
                          "真实率": r.percent,
                          "估计真实率": "—" if e.rate is None else f"{e.rate * 100:.2f}%",
                          "95%置信区间": est.interval_text(e),
                          "与95%比较": est.VERDICT_TEXT["zh"][e.verdict()], "低于95%": "是" if r.flagged else ""})
        rates = pd.DataFrame(rows_)
        population = ws.count("wz_patch")
        rates.attrs["note"] = (f"全县估计为按乡镇分层的估计值（各乡镇权重为其图斑数），区间为95%置信区间；乡镇区间为"
                               f"Wilson区间。要使全县估计的误差不超过±{margin:.0%}，建议复核"
                               f"{est.sample_size(margin, population)}个图斑（按真实率95%、全县{population}个图斑计）。")
        out[name] = pd.DataFrame(rows)
        out[name + " 真实率"] = rates
    return out


def register_sheets(ws: Workspace, today: Optional[dt.date] = None) -> dict[str, pd.DataFrame]:
    """The registers for one xlsx workbook (sheet name → table)."""
    sheets = {"立案整改台账": case_table(ws, today), "移交台账": referral_register(ws, today),
              "违法主体名单": blacklist_table(ws)}
    for name, df in sample_tables(ws).items():
        sheets[("抽样" + name)[:31]] = df
    return sheets
