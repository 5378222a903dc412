"""Documents of 挂牌督办 and 问题线索移交: the two registers as one filing-grade workbook, one 督办通知 per
supervised case, and one 问题线索移交函 per receiving body (and letter number), in the house style of the
referral letters (reports/casework.py): 文号, Chinese date, seal box, 抄送."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import pandas as pd

from ..core import labels
from ..core import supervision as core
from ..core.dates import china_today, cn_date
from ..core.filenames import unique_stems
from ..store.rosters import workspace_roster
from ..store.supervision import clue_register, clues, supervision_register, supervisions
from ..store.workspace import Workspace
from .forms import form_header
from .render import PathLike, html_to_pdf, render_html
from .xlsx import write_xlsx

WORKBOOK = "挂牌督办与线索移交台账.xlsx"
SUPERVISION_SHEET = "挂牌督办台账"
CLUE_SHEET = "问题线索移交台账"
NOTICE_FOLDER = "督办通知"
LETTER_FOLDER = "线索移交函"
ADDRESSEE = {core.DISCIPLINE_ORGAN: "{county}纪委监委", core.PERSONNEL: "{county}委组织部"}


def register_sheets(ws: Workspace, today: Optional[dt.date] = None) -> dict[str, pd.DataFrame]:
    return {SUPERVISION_SHEET: supervision_register(ws, today), CLUE_SHEET: clue_register(ws)}


def write_registers(ws: Workspace, folder: PathLike, today: Optional[dt.date] = None) -> Path:
    """The 督办 and clue registers as one workbook; every sheet a form (title, signature rows; nothing adds up)."""
    today = today or china_today()
    header = form_header(ws, today)
    sheets = register_sheets(ws, today)
    return write_xlsx(Path(folder) / WORKBOOK, sheets,
                      form={name: header.titled(name, total=False) for name in sheets})


def _letterhead(ws: Workspace) -> dict:
    roster = workspace_roster(ws)
    return {"county": roster.county_name, "office": f"{roster.county_name}自然资源局",
            "contact": roster.office.contact.name if roster.office.contact else "", "cc": roster.office.name}


def supervision_notices_context(ws: Workspace) -> list[dict]:
    """One notice per 督办 record, dated the day it was put under 督办 and signed by the 督办单位."""
    head = _letterhead(ws)
    patches = ws.select("wz_patch", ["XZMC", "CMC", "TBMJMU", "PDJG"])
    info = {int(f): r for f, r in zip(patches["fid"], patches.to_dict("records"))}
    register = supervision_register(ws)
    case_no = dict(zip(register["序号"], register["立案编号"]))
    out = []
    for i, (_fid, tbid, s) in enumerate(supervisions(ws), start=1):
        p = info.get(tbid, {})
        town = str(p.get("XZMC") or "").strip()
        mu = p.get("TBMJMU")
        case = pd.DataFrame([{"监测编号": s.case, "乡镇": town, "村": p.get("CMC") or "",
                              "立案编号": case_no.get(i, ""), "图斑面积(亩)": float(mu) if mu == mu and mu is not None
                              else 0.0, "判定结果": labels.term(p.get("PDJG"))}])
        # the office that issues the notice is not copied it: the bureau is (a notice from the 领导小组办公室 was
        # copied to the same office under its full name)
        cc = head["cc"] if head["cc"] and head["cc"] != s.unit else head["office"]
        out.append({**head, "cc": cc, "title": "关于对违法用地案件实行挂牌督办的通知", "doc_no": s.doc_no,
                    "addressee": f"{town}人民政府" if town else "有关单位", "case": case,
                    "deadline": cn_date(s.deadline), "responsible": s.responsible, "requirements": s.requirements,
                    # a notice says what was known the day it was issued; later progress is the 督办台账's
                    "progress": [f"{cn_date(d)}：{t}" for d, t in s.notes if d is None or d <= s.started],
                    "office": s.unit, "date": cn_date(s.started),
                    "key": s.case})
    return out


def render_supervision_notices(ws: Workspace, user_folder: Optional[PathLike] = None) -> list[tuple[str, str]]:
    """[(file stem, html)] — one 督办通知 per supervised case."""
    return [(f"督办通知_{n['key']}" + (f"_{n['doc_no']}" if n["doc_no"] else ""),
             render_html("supervision_notice.html.j2", n, user_folder)) for n in supervision_notices_context(ws)]


def clue_letters_context(ws: Workspace, today: Optional[dt.date] = None) -> list[dict]:
    """One letter per (receiving body, letter number) with the clues it covers; dated the day it was sent
    (today for clues not sent yet)."""
    today = today or china_today()
    head = _letterhead(ws)
    letters: dict[tuple[str, str], dict] = {}
    for _fid, c in clues(ws):
        letter = letters.setdefault((c.recipient, c.doc_no), {
            **head, "title": "关于移交卫片执法问题线索的函", "recipient": c.recipient, "doc_no": c.doc_no,
            "addressee": ADDRESSEE[c.recipient].format(county=head["county"]), "sent": [], "rows": []})
        if c.sent:
            letter["sent"].append(c.sent)
        letter["rows"].append({"序号": len(letter["rows"]) + 1, "线索对象": c.subject,
                               "线索类别": "、".join(c.triggers), "移交事由": c.reason})
    out = []
    for _key, letter in sorted(letters.items(),
                               key=lambda kv: (core.RECIPIENTS.index(kv[0][0]), kv[0][1])):
        letter["clues"] = pd.DataFrame(letter["rows"])
        letter["date"] = cn_date(max(letter["sent"]) if letter["sent"] else today)
        out.append(letter)
    return out


def render_clue_letters(ws: Workspace, today: Optional[dt.date] = None,
                        user_folder: Optional[PathLike] = None) -> list[tuple[str, str]]:
    """[(file stem, html)] — one 问题线索移交函 per receiving body (and letter number)."""
    return [(f"线索移交函_{x['recipient']}" + (f"_{x['doc_no']}" if x["doc_no"] else ""),
             render_html("clue_letter.html.j2", x, user_folder)) for x in clue_letters_context(ws, today)]


def write_documents(ws: Workspace, folder: PathLike, today: Optional[dt.date] = None,
                    user_folder: Optional[PathLike] = None) -> list[Path]:
    """The registers' workbook, the 督办通知 and the clue letters as PDF (folders only when there are some)."""
    folder = Path(folder)
    written = [write_registers(ws, folder, today)]
    for sub, docs in ((NOTICE_FOLDER, render_supervision_notices(ws, user_folder)),
                      (LETTER_FOLDER, render_clue_letters(ws, today, user_folder))):
        if not docs:
            continue
        (folder / sub).mkdir(exist_ok=True)
        names = unique_stems([stem for stem, _html in docs], fallback="document")
        written += [html_to_pdf(html, folder / sub / f"{names[stem]}.pdf") for stem, html in docs]
    return written
