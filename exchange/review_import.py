"""Reviews from above (市级 / 省级审核): the city's or province's verdicts read from an xlsx, a csv or a layer keyed
by 监测编号 — 通过 / 退回, the 意见 and the 期限 — and applied to the units that went up (store/signoff.py).

Sheets arrive as people make them: a title row or two above the header, headers in Chinese or as codes,
verdicts written 审核通过 / 不通过 / 驳回, dates as Excel dates or text. Every row that cannot be applied is
named by its row number; nothing is half-applied (one transaction).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pandas as pd

from ..core import signoff as rules
from ..core.dates import as_date
from ..store import signoff as store_signoff
from ..store.workspace import Workspace
from .photos import file_sha256

KEY_NAMES = ("监测编号", "JCBH", "TBBH", "图斑编号", "BH")
PART_NAMES = ("分割编号", "FGBH")
VERDICT_NAMES = ("审核结果", "审核结论", "结论", "审核意见结果", "SHJG", "SHJL", "JL", "是否通过")
COMMENT_NAMES = ("审核意见", "意见", "退回原因", "退回意见", "SHYJ", "YJ")
DEADLINE_NAMES = ("整改期限", "期限", "完成期限", "截止日期", "整改截止", "QX", "JZRQ")


class ReviewFileError(ValueError):
    """The file cannot be read as a review; the message names the file and what is missing."""


@dataclass
class ReviewImport:
    file: str
    level: str
    rows: int = 0
    result: Optional[store_signoff.UpperResult] = None
    problems: list[str] = field(default_factory=list)   # rows not read

    def text(self) -> str:
        r = self.result or store_signoff.UpperResult()
        lines = [f"{self.file}（{self.level}审核）：{self.rows}行，通过{len(r.passed)}个、退回{len(r.returned)}个"]
        lines += self.problems + r.problems
        return "\n".join(lines)


def _norm(name) -> str:
    s = "" if name is None else str(name)
    return s.replace("\n", "").replace(" ", "").replace("\u3000", "").strip().upper()


def _find(columns, names) -> Optional[str]:
    by = {}
    for c in columns:
        n = _norm(c)
        by.setdefault(n, c)
        for part in str(c).split("\n"):   # our own platform headers: 中文 over CODE
            by.setdefault(_norm(part), c)
    for n in names:
        if _norm(n) in by:
            return by[_norm(n)]
    return None


def _frame_from_table(raw: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The table under its header row: the first row naming a 监测编号 column (title rows above it skipped);
    returns the frame and the 1-based file row of its first record."""
    for i in range(min(len(raw), 30)):
        cells = [str(x) if x is not None and x == x else "" for x in raw.iloc[i].tolist()]
        if _find(cells, KEY_NAMES) is not None:
            df = raw.iloc[i + 1:].copy()
            df.columns = cells
            return df.reset_index(drop=True), i + 2
    raise ReviewFileError("找不到“监测编号”列（表头应含 监测编号 / JCBH）")


def read_table(path) -> tuple[pd.DataFrame, int]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raw = pd.read_excel(path, header=None, dtype=object)
    elif suffix in (".csv", ".txt"):
        raw = None
        for enc in ("utf-8-sig", "gb18030"):
            try:
                raw = pd.read_csv(path, header=None, dtype=object, encoding=enc, keep_default_na=False)
                break
            except UnicodeDecodeError:
                continue
        if raw is None:
            raise ReviewFileError("无法识别文件编码（应为 UTF-8 或 GBK）")
    else:
        from .reader import read_batch

        rb = read_batch(path)
        df = pd.DataFrame({n: rb.columns[n] for n in rb.fields})
        return df, 1
    return _frame_from_table(raw)


def parse_reviews(df: pd.DataFrame, first_row: int = 2) -> tuple[list[rules.UpperReview], list[str]]:
    """The review rows of a table, and the rows that could not be read (each named)."""
    key = _find(df.columns, KEY_NAMES)
    verdict = _find(df.columns, VERDICT_NAMES)
    if key is None or verdict is None:
        missing = "、".join(n for n, c in (("监测编号", key), ("审核结果（通过/退回）", verdict)) if c is None)
        raise ReviewFileError(f"缺少列：{missing}")
    part = _find(df.columns, PART_NAMES)
    comment = _find(df.columns, COMMENT_NAMES)
    deadline = _find(df.columns, DEADLINE_NAMES)
    out, problems = [], []
    for i, r in enumerate(df.to_dict("records")):
        row_no = first_row + i
        jcbh = "" if r[key] is None or r[key] != r[key] else str(r[key]).strip()
        if not jcbh:
            continue
        if jcbh.endswith(".0") and jcbh[:-2].isdigit():   # a number Excel stored as a float
            jcbh = jcbh[:-2]
        v = rules.upper_verdict(r[verdict])
        if v is None:
            problems.append(f"第{row_no}行 {jcbh}：审核结果“{r[verdict]}”既不是通过也不是退回")
            continue
        d = None
        if deadline is not None and r[deadline] is not None and r[deadline] == r[deadline] and str(r[deadline]).strip():
            d = as_date(r[deadline]) if not isinstance(r[deadline], dt.datetime) else r[deadline].date()
            if d is None:
                problems.append(f"第{row_no}行 {jcbh}：期限“{r[deadline]}”不是日期")
                continue
        text = "" if comment is None or r[comment] is None or r[comment] != r[comment] else str(r[comment]).strip()
        fg = "" if part is None or r[part] is None or r[part] != r[part] else str(r[part]).strip()
        out.append(rules.UpperReview(jcbh, v, text, d, fg, row_no))
    return out, problems


def import_reviews(ws: Workspace, path, level: str = "市级", source: str = "upper-review") -> ReviewImport:
    """Read ``path`` and apply its verdicts; the import is recorded with the file's checksum."""
    path = Path(path)
    if not path.is_file():
        raise ReviewFileError(f"{path.name}：文件不存在")
    try:
        df, first = read_table(path)
    except ReviewFileError as e:
        raise ReviewFileError(f"{path.name}：{e}") from None
    reviews, problems = parse_reviews(df, first)
    rep = ReviewImport(path.name, level, rows=len(reviews), problems=problems)
    rep.result = store_signoff.apply_upper_reviews(ws, reviews, level, str(path), file_sha256(path), source=source)
    return rep
