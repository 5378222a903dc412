"""Accountability figures (seed §六(三), 附件5) and the 增违挂钩 amount (seed §七(二)).

Input: a pandas DataFrame (or a list of dicts) with one row per determined patch or patch part:

=========================  ====================================================================
column                     meaning
=========================  ====================================================================
``id``                     patch / part id (unique)
``county``                 county code (XZQDM, 6 digits)
``city``, ``province``     optional; derived from a 6-digit county code (1409xx → 140900, 140000)
``township``               optional township (乡镇) name or code
``category``               the 附件4 category (判定类型, rules.facts.CATEGORIES)
``illegal_gd_mu``          违法占用耕地面积, 亩: the illegally occupied part of the row's cultivated land;
                           0 unless the category is illegal
``new_gd_mu``              新增建设用地占用耕地面积, 亩: the row's contribution to the denominator (every
                           row that is new construction land occupying 耕地 in the year, legal or not)
``approvals_completed``    optional bool, 已补办完善用地手续 (incl. 增减挂钩, “其他建设用地审批手续”)
``restored``               optional bool, 已拆除复耕到位
``major_infra``            optional: "national" (国家部委立项 / 重大项目清单) or "provincial" (省级发展改革部门
                           立项) for transport/energy/water infrastructure; empty otherwise
``supervision_fulfilled``  optional bool, 已履行监管和服务职责 (needed for the infrastructure deduction)
``restored_in_year``       optional bool, illegal state eliminated within the year (增违挂钩);
                           defaults to ``restored``
``illegal_jbnt_mu``        optional, 违法占用永久基本农田面积, 亩 (basic farmland to restore or replace)
``gd_mu``                  optional, the row's cultivated area (reports undetermined 待定 rows);
                           defaults to max(illegal_gd_mu, new_gd_mu)
``gd_known``               optional bool, False where the row's cultivated area is not known (counted as 0,
                           and the 待定 rows' sentence says so); defaults to True
=========================  ====================================================================

Booleans may be True/False, 1/0 or 是/否; missing means False. ``build_input`` derives the area columns
from fact records and their determinations.

Output: an ``AccountabilityResult`` with a ``LevelResult`` per province, city, county and township:
raw numerator and denominator with the patches behind them, one ``Line`` per item of 附件5 (亩 taken
off the numerator and the denominator, and the patch ids), the adjusted figures, the ratio, the
thresholds and tests, notes when a figure sits on a threshold, the undetermined rows, and the
增违挂钩 amount. Areas are summed unrounded (math.fsum-grade: pandas' compensated sums) and shown with
two decimals; two figures within 1e-9 亩 count as equal.

Per row at most one deduction applies, in the order most favourable to the region: item 6 (category
not counted), 2 (restored: both), 3 (infrastructure: both), 1 (approvals: numerator only). At province
level item 4 withholds item 3 from provincial projects; such a row may still fall under item 1.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from ..rules.facts import (
    AG_DAMAGE,
    CATEGORIES,
    HOMESTEAD_ILLEGAL,
    ILLEGAL_CATEGORIES,
    LEGAL,
    NEW_ILLEGAL,
    PENDING,
    STOCK_ILLEGAL,
    parse_bool,
)

EPS = 1e-9            # 亩: closer than this counts as equal (float noise, never a real difference)
DISPLAY_HALF = 0.005  # 亩: half of the last displayed digit
RATIO_DISPLAY_HALF = 0.00005  # the ratio is shown as a percentage with two decimals

COUNTED = frozenset({NEW_ILLEGAL, HOMESTEAD_ILLEGAL})          # in numerator and denominator
NOT_COUNTED = frozenset({STOCK_ILLEGAL, AG_DAMAGE})            # 附件5 item 6
NEW_CONSTRUCTION = frozenset({LEGAL, NEW_ILLEGAL, HOMESTEAD_ILLEGAL})

PROVINCE, CITY, COUNTY, TOWNSHIP = "province", "city", "county", "township"
LEVEL_NAMES = {PROVINCE: "省级", CITY: "设区市", COUNTY: "县级", TOWNSHIP: "乡镇"}
NO_TOWNSHIP = "（未指定乡镇）"

LINE_LABELS = {
    1: "附件5第1项：已补办完善用地手续（含增减挂钩等，勾选“其他建设用地审批手续”），只扣分子不扣分母",
    2: "附件5第2项：已拆除复耕到位，分子分母同时扣除",
    3: "附件5第3项：已履行监管和服务职责的交通、能源、水利等重大基础设施项目违法用地，分子分母同时扣除",
    4: "附件5第4项：评估省级地区时，省级重大基础设施项目违法用地不予扣减",
    5: "附件5第5项：“一户一宅”农村宅基地、保障性安居工程违法用地等扣减政策不再执行",
    6: "附件5第6项：“存量建设用地违法”“农业项目破坏耕地（基本农田）”分子分母均不计入",
}

_INFRA = {"national": "national", "国家": "national", "国家级": "national", "部级": "national",
          "provincial": "provincial", "省": "provincial", "省级": "provincial"}


class AccountabilityInputError(ValueError):
    pass


@dataclass(frozen=True)
class Thresholds:
    county_mu: float = 100.0
    city_mu: float = 500.0
    province_mu: float = 5000.0
    ratio: float = 0.15

    @classmethod
    def from_ruleset(cls, ruleset) -> Thresholds:
        """The year's thresholds from a rules.RuleSet (parameters *_threshold_mu, ratio_threshold)."""
        return cls(float(ruleset.param("county_threshold_mu")), float(ruleset.param("city_threshold_mu")),
                   float(ruleset.param("province_threshold_mu")), float(ruleset.param("ratio_threshold")))

    def area(self, level: str) -> Optional[float]:
        return {COUNTY: self.county_mu, CITY: self.city_mu, PROVINCE: self.province_mu}.get(level)


@dataclass(frozen=True)
class Line:
    """One item of 附件5 applied to one region."""
    item: int
    label: str
    numerator_mu: float      # taken off the numerator
    denominator_mu: float    # taken off the denominator
    ids: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class LevelResult:
    level: str
    code: str
    name: str
    numerator_raw: float
    denominator_raw: float
    numerator_ids: tuple[str, ...]
    denominator_ids: tuple[str, ...]
    lines: tuple[Line, ...]
    numerator: float
    denominator: float
    ratio: Optional[float]
    area_threshold: Optional[float]
    ratio_threshold: float
    area_readings: tuple[tuple[str, bool], ...]   # (reading, passes)
    ratio_passes: Optional[bool]
    triggered: Optional[bool]                     # None: no threshold at this level, or readings disagree
    boundary_notes: tuple[str, ...]
    pending_ids: tuple[str, ...]
    pending_gd_mu: float
    linkage_mu: float                             # 增违挂钩: deducted from supplementary-farmland quota
    linkage_ids: tuple[str, ...]
    basic_farmland_mu: float                      # basic farmland to restore within a deadline or replace
    basic_farmland_ids: tuple[str, ...]
    pending_gd_unknown: int = 0                   # 待定 rows whose cultivated area is not known

    @property
    def pending_gd_text(self) -> str:
        """The 待定 rows' cultivated land as a report words it (涉及耕地3.00亩, 不涉及耕地, 耕地面积未知 …)."""
        return pending_gd_text(len(self.pending_ids), self.pending_gd_mu, self.pending_gd_unknown)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    def line(self, item: int) -> Line:
        return next(ln for ln in self.lines if ln.item == item)

    def summary(self) -> str:
        """One Chinese paragraph with the figures."""
        ratio = "—（分母为0）" if self.ratio is None else f"{self.ratio * 100:.2f}%"
        deducted = "；".join(f"第{ln.item}项扣分子{ln.numerator_mu:.2f}亩、扣分母{ln.denominator_mu:.2f}亩"
                            for ln in self.lines if ln.numerator_mu or ln.denominator_mu)
        text = (f"{self.name}（{self.level_name}）：违法占用耕地{self.numerator_raw:.2f}亩，新增建设用地占用耕地"
                f"{self.denominator_raw:.2f}亩；{deducted or '无扣除'}；扣除后违法占用耕地{self.numerator:.2f}亩，"
                f"比例{ratio}。")
        if self.area_threshold is not None:
            verdict = {True: "纳入问责范围", False: "未纳入问责范围", None: "是否纳入问责范围取决于对临界值的理解"}
            text += (f"问责标准：{self.area_threshold:g}亩以上且比例达到{self.ratio_threshold * 100:g}%以上，"
                     f"{verdict[self.triggered]}。")
        text += "".join(self.boundary_notes)
        if self.pending_ids:
            text += f"另有{len(self.pending_ids)}个图斑（地块）待定，{self.pending_gd_text}，未计入。"
        if self.linkage_mu:
            text += f"年度内违法占用耕地未消除违法状态{self.linkage_mu:.2f}亩，等量扣除可补充耕地数量（增违挂钩）。"
        return text


@dataclass
class AccountabilityResult:
    levels: list[LevelResult]
    thresholds: Thresholds
    issues: list[str] = field(default_factory=list)

    def get(self, level: str, code: str) -> LevelResult:
        for r in self.levels:
            if r.level == level and r.code == code:
                return r
        raise KeyError(f"no {level} {code!r} in the result")

    def of_level(self, level: str) -> list[LevelResult]:
        return [r for r in self.levels if r.level == level]

    def to_frame(self) -> pd.DataFrame:
        """One row per region: the figures as reported (unrounded; round when rendering)."""
        rows = []
        for r in self.levels:
            row = {"level": r.level, "code": r.code, "name": r.name, "numerator_raw": r.numerator_raw,
                   "denominator_raw": r.denominator_raw}
            for ln in r.lines:
                row[f"item{ln.item}_numerator"] = ln.numerator_mu
                row[f"item{ln.item}_denominator"] = ln.denominator_mu
            row.update(numerator=r.numerator, denominator=r.denominator, ratio=r.ratio,
                       area_threshold=r.area_threshold, triggered=r.triggered,
                       boundary="".join(r.boundary_notes), pending=len(r.pending_ids), linkage_mu=r.linkage_mu)
            rows.append(row)
        return pd.DataFrame(rows)


# --- input -----------------------------------------------------------------------------------------

def _bool(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    return series.map(lambda v: parse_bool(v) is True).astype(bool)


def pending_gd_text(n: int, mu: float, unknown: int = 0) -> str:
    """What ``n`` undetermined rows hold of cultivated land, ``unknown`` of them not measured ("涉及耕地0.00亩"
    read as a figure where the rows had none, or none was known)."""
    if n and unknown >= n:
        return "耕地面积未知" if n == 1 else "耕地面积均未知"
    if mu <= EPS:
        known = "不涉及耕地"
    elif mu < 0.005:
        known = "涉及耕地不足0.01亩"
    else:
        known = f"涉及耕地{mu:.2f}亩"
    if not unknown:
        return known
    if mu <= EPS:
        return f"其中{unknown}个耕地面积未知、其余不涉及耕地"
    return f"{known}（另有{unknown}个耕地面积未知）"


def _area(df: pd.DataFrame, col: str, issues: list[str], required: bool = True) -> pd.Series:
    if col not in df:
        if required:
            raise AccountabilityInputError(f"missing column {col!r}")
        return pd.Series(0.0, index=df.index)
    s = pd.to_numeric(df[col], errors="coerce")
    bad = s.isna()
    if bad.any():
        issues.append(f"{col} 为空或非数值，按0计：" + _some(df.loc[bad, "id"]))
        s = s.fillna(0.0)
    neg = s < 0
    if neg.any():
        raise AccountabilityInputError(f"{col} is negative for " + _some(df.loc[neg, "id"]))
    return s.astype(float)


def _some(ids: Iterable, n: int = 10) -> str:
    ids = list(ids)
    return ", ".join(map(str, ids[:n])) + (f" … ({len(ids)} in all)" if len(ids) > n else "")


def prepare(data, issues: Optional[list[str]] = None) -> pd.DataFrame:
    """Validate and normalise the input into the columns the computation uses."""
    issues = [] if issues is None else issues
    df = pd.DataFrame(list(data)) if not isinstance(data, pd.DataFrame) else data
    for col in ("id", "county", "category"):
        if col not in df:
            raise AccountabilityInputError(f"missing column {col!r}")
    out = pd.DataFrame(index=df.index)
    out["id"] = df["id"].astype(str)
    dup = out["id"].duplicated(keep=False)
    if dup.any():
        raise AccountabilityInputError("duplicate ids (a patch or part would count twice): "
                                       + _some(out.loc[dup, "id"].unique()))
    out["county"] = df["county"].astype(str)
    counties = out["county"].unique()
    for col, width in (("city", 4), ("province", 2)):
        if col in df:
            out[col] = df[col].astype(str)
        else:
            odd = [c for c in counties if not (len(c) == 6 and c.isdigit())]
            if odd:
                raise AccountabilityInputError(f"no {col!r} column and county codes are not 6 digits: "
                                               + _some(odd))
            out[col] = out["county"].map({c: c[:width] + "0" * (6 - width) for c in counties})
    out["township"] = (df["township"].where(df["township"].notna(), NO_TOWNSHIP).astype(str)
                       if "township" in df else NO_TOWNSHIP)
    out.loc[out["township"].str.strip() == "", "township"] = NO_TOWNSHIP
    out["category"] = df["category"].astype(str)
    bad = ~out["category"].isin(CATEGORIES)
    if bad.any():
        raise AccountabilityInputError("unknown category " + _some(out.loc[bad, "category"].unique())
                                       + " for " + _some(out.loc[bad, "id"]))
    out["illegal_gd"] = _area(df, "illegal_gd_mu", issues)
    out["new_gd"] = _area(df, "new_gd_mu", issues)
    out["illegal_jbnt"] = _area(df, "illegal_jbnt_mu", issues, required=False)
    wrong = ~out["category"].isin(ILLEGAL_CATEGORIES | {PENDING}) & (out["illegal_gd"] > 0)
    if wrong.any():
        raise AccountabilityInputError("illegal_gd_mu > 0 for a category that is not illegal: "
                                       + _some(out.loc[wrong, "id"]))
    gd = _area(df, "gd_mu", issues, required=False) if "gd_mu" in df else None
    out["gd"] = gd if gd is not None else np.maximum(out["illegal_gd"], out["new_gd"])
    out["gd_known"] = _bool(df["gd_known"]) if "gd_known" in df else True
    for col in ("approvals_completed", "restored", "supervision_fulfilled"):
        out[col] = _bool(df[col]) if col in df else False
    out["restored_in_year"] = _bool(df["restored_in_year"]) if "restored_in_year" in df else out["restored"]
    if "major_infra" in df:
        infra = df["major_infra"].map(lambda v: _INFRA.get(str(v).strip(), "") if isinstance(v, str) else "")
        odd = df["major_infra"].map(lambda v: isinstance(v, str) and v.strip() not in _INFRA and v.strip() != "")
        if odd.any():
            raise AccountabilityInputError("major_infra must be national or provincial: "
                                           + _some(df.loc[odd, "id"]))
        out["major_infra"] = infra
    else:
        out["major_infra"] = ""
    return out


def build_input(facts: pd.DataFrame, categories: Iterable[str], **markers) -> pd.DataFrame:
    """Accountability input from fact records (id, county, township, GDMJ, YJJBNTMJ, XZJSYD …) and
    their determined categories, aligned by position.

    ``illegal_gd_mu`` = GDMJ for illegal categories; ``new_gd_mu`` = GDMJ for rows that are new
    construction land (合法用地, 新增建设用地违法, 农村宅基地违法 on land that was not all construction
    land already). ``markers`` pass adjustment columns through (e.g. ``restored=series``)."""
    out = pd.DataFrame({"id": facts["id"].astype(str), "county": facts["county"]}, index=facts.index)
    for col in ("city", "province", "township"):
        if col in facts:
            out[col] = facts[col]
    cat = pd.Series(list(categories), index=facts.index, dtype=object)
    if len(cat) != len(facts):
        raise AccountabilityInputError("one category per fact record is needed")
    gd = pd.to_numeric(facts.get("GDMJ", pd.Series(np.nan, index=facts.index)), errors="coerce")
    known = gd.notna()
    gd = gd.fillna(0.0)
    jbnt = pd.to_numeric(facts.get("YJJBNTMJ", pd.Series(np.nan, index=facts.index)),
                         errors="coerce").fillna(0.0)
    stock = _bool(facts["XZJSYD"]) if "XZJSYD" in facts else pd.Series(False, index=facts.index)
    illegal = cat.isin(ILLEGAL_CATEGORIES)
    out["category"] = cat
    out["illegal_gd_mu"] = gd.where(illegal, 0.0)
    out["new_gd_mu"] = gd.where(cat.isin(NEW_CONSTRUCTION) & ~stock, 0.0)
    out["illegal_jbnt_mu"] = jbnt.where(illegal, 0.0)
    out["gd_mu"] = gd
    out["gd_known"] = known
    for k, v in markers.items():
        out[k] = v
    return out


# --- computation -----------------------------------------------------------------------------------


INPUT_COLUMNS = frozenset({"id", "county", "category", "illegal_gd_mu", "new_gd_mu"})


def input_from_table(df: pd.DataFrame) -> pd.DataFrame:
    """Accountability input from a table outside a workspace: rows that already have the input columns, or
    determined fact records (PDJG with GDMJ …; JCBH, XZQDM and XZMC name the patch, county and township,
    field names in any case). A row without a determination counts as 待定."""
    if INPUT_COLUMNS <= set(df.columns):
        return df
    upper = {str(c).upper(): c for c in df.columns}
    if "PDJG" not in upper:
        raise AccountabilityInputError("the table has neither the accountability columns (id, county, category, "
                                       "illegal_gd_mu, new_gd_mu) nor determined patches (PDJG with GDMJ …)")
    facts = pd.DataFrame({k: df[v] for k, v in upper.items()})
    facts["id"] = facts.get("JCBH", pd.Series(range(1, len(df) + 1))).astype(str)
    facts["county"] = facts.get("XZQDM", pd.Series([""] * len(df))).fillna("").astype(str)
    if "XZMC" in facts:
        facts["township"] = facts["XZMC"]
    return build_input(facts, facts["PDJG"].fillna(PENDING).tolist())

def _assign_lines(df: pd.DataFrame, province_level: bool) -> tuple[np.ndarray, np.ndarray]:
    """(deduction item per row, 0 = none; mask of rows listed under item 4)."""
    cat = df["category"]
    counted = cat.isin(COUNTED).to_numpy()
    not_counted = cat.isin(NOT_COUNTED).to_numpy()
    restored = df["restored"].to_numpy()
    infra = df["major_infra"].to_numpy()
    supervised = df["supervision_fulfilled"].to_numpy()
    approvals = df["approvals_completed"].to_numpy()
    infra_ok = (infra != "") & supervised
    item4 = counted & ~restored & infra_ok & (infra == "provincial") if province_level else np.zeros(len(df), bool)
    line = np.zeros(len(df), dtype=np.int8)
    line[counted & approvals] = 1
    line[counted & infra_ok & ~item4] = 3
    line[counted & restored] = 2
    line[not_counted] = 6
    return line, item4


def _ids(df: pd.DataFrame, key: str, mask) -> dict:
    sub = df.loc[mask, [key, "id"]]
    return {k: tuple(v) for k, v in sub.groupby(key, sort=False)["id"]}


def _ge(a: float, b: float) -> bool:
    return a >= b - EPS


def _gt(a: float, b: float) -> bool:
    return a > b + EPS


def _and(a: Optional[bool], b: Optional[bool]) -> Optional[bool]:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _area_tests(level: str, n: float, t: Optional[float]) -> tuple[tuple, Optional[bool], list[str]]:
    if t is None:
        return (), None, []
    notes = []
    if level == COUNTY:
        readings = ((f"附件5“{t:g}亩以上”（≥）", _ge(n, t)), (f"正文六（三）“大于{t:g}亩”（>）", _gt(n, t)))
    else:
        readings = ((f"附件5“{t:g}亩以上”（≥）", _ge(n, t)),)
    passes = {p for _, p in readings}
    verdict = passes.pop() if len(passes) == 1 else None
    if abs(n - t) < DISPLAY_HALF + EPS:
        exact = abs(n - t) <= EPS
        where = (f"扣除后违法占用耕地面积{n:.2f}亩，恰为{t:g}亩临界值" if exact else
                 f"扣除后违法占用耕地面积显示为{n:.2f}亩，未取整值为{n:.6f}亩，处于{t:g}亩临界值附近")
        said = "；".join(f"按{name}{'纳入' if p else '不纳入'}问责范围" for name, p in readings)
        notes.append(f"{where}：{said}（按未取整值判断）。")
    return readings, verdict, notes


def _ratio_test(ratio: Optional[float], t: float) -> tuple[Optional[bool], list[str]]:
    if ratio is None:
        return False, ["分母为0，比例无从计算，按未达到比例标准处理。"]
    notes = []
    if abs(ratio - t) < RATIO_DISPLAY_HALF and abs(ratio - t) > 1e-12:
        notes.append(f"比例显示为{ratio * 100:.2f}%，未取整值为{ratio * 100:.6f}%，"
                     f"{'达到' if ratio >= t else '未达到'}{t * 100:g}%（按未取整值判断）。")
    return ratio >= t - 1e-12, notes


def _level_results(df: pd.DataFrame, level: str, key: str, names: Mapping, th: Thresholds,
                   base_denominators: Mapping[str, float]) -> list[LevelResult]:
    line, item4 = _assign_lines(df, province_level=(level == PROVINCE))
    pending = (df["category"] == PENDING).to_numpy()
    determined = ~pending
    illegal_any = df["category"].isin(COUNTED | NOT_COUNTED).to_numpy()
    counted = df["category"].isin(COUNTED).to_numpy()
    ig, ng = df["illegal_gd"].to_numpy(), df["new_gd"].to_numpy()
    cols = {
        "n_raw": np.where(illegal_any, ig, 0.0),
        "d_raw": np.where(determined, ng, 0.0),
        "n_adj": np.where(counted & (line == 0), ig, 0.0),
        "d_adj": np.where(determined & ~np.isin(line, (2, 3, 6)), ng, 0.0),
        "pending_gd": np.where(pending, df["gd"].to_numpy(), 0.0),
        "pending_unknown": (pending & ~df["gd_known"].to_numpy(dtype=bool)).astype(float),
    }
    linkage = df["category"].isin(ILLEGAL_CATEGORIES).to_numpy() & ~df["restored_in_year"].to_numpy() \
        & ~df["approvals_completed"].to_numpy()
    cols["linkage"] = np.where(linkage, ig, 0.0)
    cols["jbnt"] = np.where(linkage, df["illegal_jbnt"].to_numpy(), 0.0)
    for k in (1, 2, 3, 6):
        cols[f"n{k}"] = np.where(line == k, ig, 0.0)
        cols[f"d{k}"] = np.where((line == k) & (k != 1), ng, 0.0)
    cols["n4"] = np.where(item4, ig, 0.0)
    sums = pd.DataFrame(cols, index=df.index).groupby(df[key].to_numpy(), sort=True).sum()

    ids = {
        "n_raw": _ids(df, key, illegal_any & (ig > 0)),
        "d_raw": _ids(df, key, determined & (ng > 0)),
        "pending": _ids(df, key, pending),
        "linkage": _ids(df, key, linkage & (ig > 0)),
        "jbnt": _ids(df, key, linkage & (df["illegal_jbnt"].to_numpy() > 0)),
        4: _ids(df, key, item4),
    }
    for k in (1, 2, 3, 6):
        ids[k] = _ids(df, key, line == k)
    homestead = _ids(df, key, (df["category"] == HOMESTEAD_ILLEGAL).to_numpy())

    t_area = th.area(level)
    results = []
    for code, s in sums.iterrows():
        code = str(code)
        d_raw = float(s["d_raw"])
        d_adj = float(s["d_adj"])
        note_d = ""
        if level == COUNTY and code in base_denominators:
            # The official denominator (land change survey) replaces the patches' sum; deductions still apply.
            d_raw = float(base_denominators[code])
            d_adj = d_raw - float(s["d2"] + s["d3"] + s["d6"])
            note_d = "分母采用年度变更调查数据。"
        lines = []
        for k in range(1, 7):
            n_k = float(s.get(f"n{k}", 0.0)) if k != 4 else 0.0
            d_k = float(s.get(f"d{k}", 0.0)) if k not in (1, 4) else 0.0
            note = ""
            if k == 4:
                note = (f"未扣减的省级项目违法占用耕地{float(s['n4']):.2f}亩" if level == PROVINCE and s["n4"]
                        else "仅在评估省级地区时适用" if level != PROVINCE else "")
            if k == 5:
                hs = homestead.get(code, ())
                note = f"本区域{len(hs)}个农村宅基地违法图斑照常计入" if hs else ""
            line_ids = ids[k].get(code, ()) if k != 5 else homestead.get(code, ())
            lines.append(Line(k, LINE_LABELS[k], n_k, d_k, line_ids, note))
        n_adj = float(s["n_adj"])
        ratio = n_adj / d_adj if d_adj > EPS else None
        readings, area_ok, notes = _area_tests(level, n_adj, t_area)
        ratio_ok, ratio_notes = _ratio_test(ratio, th.ratio)
        if note_d:
            notes.insert(0, note_d)
        triggered = _and(area_ok, ratio_ok) if t_area is not None else None
        results.append(LevelResult(
            level=level, code=code, name=str(names.get(code, code)),
            numerator_raw=float(s["n_raw"]), denominator_raw=d_raw,
            numerator_ids=ids["n_raw"].get(code, ()), denominator_ids=ids["d_raw"].get(code, ()),
            lines=tuple(lines), numerator=n_adj, denominator=d_adj, ratio=ratio,
            area_threshold=t_area, ratio_threshold=th.ratio, area_readings=readings,
            ratio_passes=ratio_ok, triggered=triggered,
            boundary_notes=tuple(notes + (ratio_notes if t_area is not None else [])),
            pending_ids=ids["pending"].get(code, ()), pending_gd_mu=float(s["pending_gd"]),
            linkage_mu=float(s["linkage"]), linkage_ids=ids["linkage"].get(code, ()),
            basic_farmland_mu=float(s["jbnt"]), basic_farmland_ids=ids["jbnt"].get(code, ()),
            pending_gd_unknown=int(round(float(s["pending_unknown"])))))
    return results


def compute_accountability(data, thresholds: Optional[Thresholds] = None, *, levels: Optional[Iterable[str]] = None,
                           names: Optional[Mapping[str, str]] = None,
                           base_denominators: Optional[Mapping[str, float]] = None) -> AccountabilityResult:
    """Accountability figures for every region in ``data`` (see the module docstring for columns).

    ``levels``: which of province/city/county/township; by default county and township, plus city and
    province when the data holds more than one county (one county's sum is not a city's figure).
    ``names``: display names by region code. ``base_denominators``: official county denominators
    (新增建设用地占用耕地 from the land change survey) to use instead of the rows' sum."""
    th = thresholds or Thresholds()
    issues: list[str] = []
    df = prepare(data, issues)
    if levels is None:
        levels = [COUNTY, TOWNSHIP]
        if df["county"].nunique() > 1:
            levels = [PROVINCE, CITY, *levels]
    df = df.assign(_township=df["county"] + "/" + df["township"])
    keys = {PROVINCE: "province", CITY: "city", COUNTY: "county", TOWNSHIP: "_township"}
    names = dict(names or {})
    if TOWNSHIP in levels:
        towns = df.drop_duplicates("_township")
        for key, county, town in zip(towns["_township"], towns["county"], towns["township"]):
            names.setdefault(key, f"{names.get(county, county)}{town}")
    unknown = set(levels) - set(keys)
    if unknown:
        raise ValueError(f"unknown levels {sorted(unknown)}")
    out: list[LevelResult] = []
    for level in (PROVINCE, CITY, COUNTY, TOWNSHIP):
        if level in levels:
            out.extend(_level_results(df, level, keys[level], names, th, base_denominators or {}))
    return AccountabilityResult(out, th, issues)


# --- what-if ---------------------------------------------------------------------------------------

@dataclass
class WhatIf:
    before: AccountabilityResult
    after: AccountabilityResult

    def changes(self) -> pd.DataFrame:
        """Per region: numerator, denominator, ratio and verdict before and after."""
        rows = []
        for b in self.before.levels:
            a = self.after.get(b.level, b.code)
            rows.append({"level": b.level, "code": b.code, "name": b.name,
                         "numerator_before": b.numerator, "numerator_after": a.numerator,
                         "denominator_before": b.denominator, "denominator_after": a.denominator,
                         "ratio_before": b.ratio, "ratio_after": a.ratio,
                         "triggered_before": b.triggered, "triggered_after": a.triggered})
        return pd.DataFrame(rows)


def what_if(data, thresholds: Optional[Thresholds] = None, *, restored: Iterable[str] = (),
            approvals_completed: Iterable[str] = (), **kwargs: Any) -> WhatIf:
    """Figures before and after marking patches as demolished-and-restored (已拆除复耕到位, also
    restored within the year) or as having completed approvals (已补办完善用地手续)."""
    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    before = compute_accountability(df, thresholds, **kwargs)
    restored, approvals = {str(i) for i in restored}, {str(i) for i in approvals_completed}
    ids = df["id"].astype(str)
    unknown = (restored | approvals) - set(ids)
    if unknown:
        raise AccountabilityInputError("what-if names unknown ids: " + _some(sorted(unknown)))
    changed = df.copy()
    r = ids.isin(restored).to_numpy()
    a = ids.isin(approvals).to_numpy()
    for col, mask in (("restored", r), ("restored_in_year", r), ("approvals_completed", a)):
        base = _bool(changed[col]) if col in changed else (
            _bool(changed["restored"]) if col == "restored_in_year" and "restored" in changed else False)
        changed[col] = np.asarray(base, dtype=bool) | mask
    after = compute_accountability(changed, thresholds, **kwargs)
    return WhatIf(before, after)


__all__ = ["AccountabilityInputError", "AccountabilityResult", "LevelResult", "Line", "Thresholds", "WhatIf",
           "build_input", "compute_accountability", "prepare", "what_if"]
