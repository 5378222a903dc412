"""The text of the 卫片执法图斑核查图 pages (reports/atlas.py): which patches, in which order, and each page's
coverage fields as printed strings — areas, determination and clause titles, deadline, status, 包保 leader, photo
captions, file names. Pure Python over the workspace; the maps, styles and thumbnails are elsewhere
(reports/atlas_layers.py, reports/atlas_thumbs.py)."""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Optional

from ..core.dates import as_date, cn_date
from ..core.labels import clause_label, pending_clauses, split_codes
from ..core.rosters import RosterError, load_default_roster
from ..exchange.attachments import resolve_stored_path
from ..exchange.photo_meta import beijing_time
from ..rules import load_ruleset
from ..rules.facts import PENDING
from ..rules.ruleset import RuleSetError
from ..store.workspace import Workspace
from .ledgers import text_or_blank
from .render import format_mu as report_mu

ITEM_IDS = ("map_before", "map_after", "map_landuse", "legend", "scalebar", "photo_1", "photo_2", "attributes")
# The coverage layer's fields — what the template's expressions may use. All text except TBID and XH.
COVERAGE_FIELDS = (
    ("TBID", "integer"),                                                           # the patch's fid
    ("XH", "integer"),                                                             # page number in the atlas
    ("JCBH", "string"), ("PCBH", "string"), ("JB", "string"), ("PC", "string"),   # PC: 批次（级别）
    ("XZMC", "string"), ("CMC", "string"), ("XZC", "string"),                     # XZC: 乡镇 / 村
    ("TBMJMU", "string"), ("GDMJ", "string"), ("YJJBNTMJ", "string"),             # 亩, two decimals
    ("PDJG", "string"), ("PDTK", "string"),                                       # PDTK: the clauses' titles
    ("HCJZ", "string"), ("ZT", "string"), ("XFSJ", "string"), ("BBLD", "string"),  # BBLD: 包保领导
    ("QSX", "string"), ("HSX", "string"),                                         # imagery dates
    ("QSXSM", "string"), ("HSXSM", "string"), ("DLSM", "string"),                 # "not available" notes
    ("ZP1", "string"), ("ZP2", "string"), ("ZP1SM", "string"), ("ZP2SM", "string"),  # photo files, captions
    ("WJM", "string"),                                                             # file name (per-patch PDFs)
)

VALUE_WRAP = 28          # half-width characters per line of a table value when the template gives no table
PDTK_LINES = 5           # clause lines in the attribute table (the 核查记录表 has them all)
EMPTY = "—"
NO_LINE_START = set("，。、；：！？）》」』】〕,.;:!?)]}…")
DIRECTIONS = ("北", "东北", "东", "东南", "南", "西南", "西", "西北")


def leader_of(township: Optional[str], village: Optional[str]) -> str:
    """The county leader who guarantees (包保) the village, when the roster knows it; else ''."""
    if not village:
        return ""
    try:
        return load_default_roster().village(village, township or None).guarantor
    except RosterError:
        return ""


def format_mu(v) -> str:
    """An area in 亩 as printed on the map page: two decimals, — when empty (the reports' format_mu)."""
    return report_mu(v) or EMPTY


def direction_text(deg) -> str:
    """Shooting direction as printed: '西（269°）'."""
    try:
        d = float(deg)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(d):
        return ""
    d = round(d) % 360
    return f"{DIRECTIONS[int((d + 22.5) // 45) % 8]}（{d}°）"


def wrap_text(text: str, width: int = VALUE_WRAP) -> str:
    """Break ``text`` into lines of at most ``width`` half-width characters (a CJK character counts two):
    QGIS tables break lines only at spaces, and Chinese has none."""
    lines = []
    for para in str(text).split("\n"):
        line, used = "", 0
        for ch in para:
            w = 2 if ord(ch) >= 0x2E80 else 1
            # closing punctuation never starts a line: it hangs past the width (the caller leaves room)
            if used + w > width and line and ch not in NO_LINE_START:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += w
        lines.append(line)
    return "\n".join(lines)


def _at_most(text: str, n: int) -> str:
    lines = text.split("\n")
    return text if len(lines) <= n else "\n".join(lines[:n - 1] + [lines[n - 1][:-1] + "…"])


def safe_filename(name: str) -> str:
    """A file name from a 监测编号 (or any text): letters, digits, CJK, '-' and '_' only."""
    s = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", str(name)).strip("._")[:80]
    return s or "patch"


@lru_cache(maxsize=4)
def _clause_titles(year: Optional[str]) -> dict:
    try:
        return dict(load_ruleset(year).clauses)
    except (RuleSetError, OSError, ValueError):
        return {}


def clause_text(codes, year=None) -> list[str]:
    """'A4.5、CR' → the clauses as the work plan cites them, with their subject (core/labels.py; ids only the
    rule set of ``year`` knows read as its titles, unknown ids as they are)."""
    titles = _clause_titles(str(year) if year is not None and str(year).isdigit() else None)
    return [clause_label(c, long=True, titles=titles) for c in split_codes(codes)]


def select_patches(ws: Workspace, fids: Optional[Iterable[int]] = None, batch_code: Optional[str] = None,
                   township: Optional[str] = None) -> list[int]:
    """The fids of the patches to map (all three filters combine), in print order: batch issue date, batch,
    监测编号."""
    sql = 'SELECT p.fid FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"'
    where, params = [], []
    if batch_code:
        where.append(f'b."PCBH" = {ws.ph}')
        params.append(batch_code)
    if township:
        where.append(f'p."XZMC" = {ws.ph}')
        params.append(township)
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = [int(r[0]) for r in ws._fetch(sql + ' ORDER BY b."XFRQ", b."PCBH", p."JCBH", p.fid', params)]
    if fids is not None:
        wanted = {int(f) for f in fids}
        rows = [f for f in rows if f in wanted]
    return rows


def _chunks(seq: Sequence[int], n: int = 500):
    for s in range(0, len(seq), n):
        yield list(seq[s:s + n])


def atlas_records(ws: Workspace, fids: Sequence[int], wrap: int = VALUE_WRAP) -> list[dict]:
    """One dict per patch (in ``fids`` order) with the coverage fields as printed text (not the imagery notes
    and photo files, which depend on the layers), plus ``photos``: the patch's photos in shooting order as
    (absolute path, caption)."""
    base: dict[int, dict] = {}
    dets: dict[int, list] = {}
    photos: dict[int, list] = {}
    parts: dict[int, str] = {}
    cols = ("TBID", "JCBH", "PCBH", "JB", "XZMC", "CMC", "TBMJMU", "GDMJ", "YJJBNTMJ", "PDJG", "HCJZ", "ZT", "XFSJ",
            "QSX", "HSX", "GZND")
    for part in _chunks(fids):
        marks = ", ".join([ws.ph] * len(part))
        for r in ws._fetch(
                'SELECT p.fid, p."JCBH", b."PCBH", b."JB", p."XZMC", p."CMC", p."TBMJMU", p."GDMJ", p."YJJBNTMJ", '
                'p."PDJG", p."HCJZ", p."ZT", p."XFSJ", p."QSX", p."HSX", b."GZND" FROM wz_patch p '
                f'JOIN wz_batch b ON b.fid = p."PCID" WHERE p.fid IN ({marks})', part):
            base[int(r[0])] = dict(zip(cols, r))
        for r in ws._fetch(f'SELECT "TBID", "FGID", "PDJG", "PDTK", "GZJ" FROM wz_determ WHERE "TBID" IN ({marks}) '
                           'ORDER BY "TBID", "FGID", fid', part):
            dets.setdefault(int(r[0]), []).append(r[1:])
        for r in ws._fetch(f'SELECT fid, "FGBH" FROM wz_part WHERE "TBID" IN ({marks})', part):
            parts[int(r[0])] = text_or_blank(r[1])
        for r in ws._fetch(f'SELECT "TBID", "WJLJ", "FX", "PSSJ" FROM wz_photo WHERE "TBID" IN ({marks}) '
                           'ORDER BY "TBID", "PSSJ", fid', part):
            photos.setdefault(int(r[0]), []).append(r[1:])
    records, names = [], {}
    for fid in fids:
        b = base.get(int(fid))
        if b is None:
            continue
        t = {c: text_or_blank(b[c]).strip() for c in cols[1:-1]}
        rec = {"TBID": int(fid), "XH": len(records) + 1, **t,
               "PC": wrap_text(f"{t['PCBH']}（{t['JB']}）" if t["JB"] else t["PCBH"] or EMPTY, wrap),
               "XZC": wrap_text(" / ".join(x for x in (t["XZMC"], t["CMC"]) if x) or EMPTY, wrap),
               "TBMJMU": format_mu(b["TBMJMU"]), "GDMJ": format_mu(b["GDMJ"]), "YJJBNTMJ": format_mu(b["YJJBNTMJ"]),
               "PDJG": wrap_text(t["PDJG"] or "未判定", wrap), "BBLD": leader_of(t["XZMC"], t["CMC"]) or EMPTY}
        for key in ("JCBH", "HCJZ", "ZT"):
            rec[key] = t[key] or EMPTY
        # the deadline and the imagery dates as the record form and every other form print a date (2021年6月20日);
        # an imagery note that is not a date stays as written
        rec["HCJZ"] = cn_date(as_date(b["HCJZ"])) or rec["HCJZ"]
        for key in ("QSX", "HSX"):
            rec[key] = cn_date(as_date(b[key])) or t[key]
        lines = []
        for fgid, pdjg, pdtk, gzj in dets.get(int(fid), []):
            titles = clause_text(pdtk, gzj or b["GZND"])
            if titles and text_or_blank(pdjg) == PENDING:   # no clause was applied: the one whose question is open
                titles = [pending_clauses("、".join(titles))]
            if fgid is not None and fgid == fgid:   # a part's determination: say which part and what
                lines.append(f"{parts.get(int(fgid), '')}：{text_or_blank(pdjg)}" + ("，" if titles else ""))
                lines[-1] += "；".join(titles)
            else:
                lines += titles
        rec["PDTK"] = _at_most(wrap_text("\n".join(dict.fromkeys(lines)), wrap), PDTK_LINES) if lines else EMPTY
        rec["photos"] = []
        for n, (path, fx, when) in enumerate(photos.get(int(fid), []), start=1):
            taken = beijing_time(when)
            caption = "　".join(x for x in (f"照片{n}", direction_text(fx) and f"拍摄方向 {direction_text(fx)}",
                                            taken.strftime("%Y-%m-%d %H:%M") if taken else "") if x)
            rec["photos"].append((str(resolve_stored_path(ws.files_location, text_or_blank(path))), caption))
        stem = safe_filename(t["JCBH"])
        names[stem] = names.get(stem, 0) + 1
        rec["WJM"] = stem if names[stem] == 1 else f"{stem}_{safe_filename(t['PCBH'])}_{names[stem]}"
        records.append(rec)
    return records

