"""The facts contract: every fact the determination rules read, as workspace fields.

A fact has a DBF-safe code (≤ 10 uppercase ASCII characters, the field name in every store and in
shapefile exports), a Chinese alias (the field alias operators see), a type and, for enums, the
allowed values with Chinese labels. Codes that the Ministry already uses keep the Ministry's name
(GDMJ, YJJBNTMJ, PZWH, SFSK) so that imported batches map onto them without renaming.

Facts marked ``derivable`` come from the overlay with the land survey and basic-farmland layers
when those are present; the operator may override them, with a reason (``apply_overrides``).
Facts marked ``derived`` are computed from other facts and are never entered.
Facts with ``scope="county"`` have one answer for the whole county (whether it is a national deep-poverty
county): the workspace's county profile (store/county_profile.py) sets them once, with their basis, as the
default of every patch; a patch's own value still wins.

Unknown is a value of every fact: ``None`` (or NaN, NaT, an empty string) means "not recorded",
and the rules answer 待定 with the missing facts rather than guess.

rules/README.md carries the table of this module (``facts_table_markdown``); a test keeps it in step.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Optional

# --- the categories of 附件4, exactly as written there -------------------------------------------
LEGAL = "合法用地"
NEW_ILLEGAL = "新增建设用地违法"
STOCK_ILLEGAL = "存量建设用地违法"
PSEUDO_CHANGE = "实地伪变化"
TEMPORARY = "临时用地"
FACILITY_AG = "设施农业用地"
AG_DAMAGE = "农业项目破坏耕地（基本农田）"
HOMESTEAD_ILLEGAL = "农村宅基地违法"
PENDING = "待定"

CATEGORIES = (LEGAL, NEW_ILLEGAL, STOCK_ILLEGAL, PSEUDO_CHANGE, TEMPORARY, FACILITY_AG, AG_DAMAGE,
              HOMESTEAD_ILLEGAL, PENDING)
# Categories that mean the land is illegally used (numerator of 附件5, criminal thresholds).
ILLEGAL_CATEGORIES = frozenset({NEW_ILLEGAL, STOCK_ILLEGAL, AG_DAMAGE, HOMESTEAD_ILLEGAL})

# --- flags a determination may carry; rule sets may only use these (typos are load errors) ------
FLAG_NOT_FILED = "未备案"
FLAG_POST_APPROVAL_REVIEW = "倒查批后监管责任"
FLAG_AWAIT_PROVINCE = "待省级用途管制认定"
FLAG_SPLIT_BY_FOOTPRINT = "按实际占地分割认定"
FLAG_REFER_AGRICULTURE = "移交农业农村局"
FLAG_CRIMINAL = "涉嫌犯罪，移送公安"
FLAG_MANUAL = "需人工认定"

FLAGS = (FLAG_NOT_FILED, FLAG_POST_APPROVAL_REVIEW, FLAG_AWAIT_PROVINCE, FLAG_SPLIT_BY_FOOTPRINT,
         FLAG_REFER_AGRICULTURE, FLAG_CRIMINAL, FLAG_MANUAL)

TYPES = ("bool", "enum", "date", "text", "number")
UNKNOWN_LABEL = "未填写"

_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,9}$")
_VALUE_RE = re.compile(r"^[a-z][a-z0-9_]{0,9}$")


@dataclass(frozen=True)
class Fact:
    code: str
    alias: str
    type: str
    description: str
    values: tuple[tuple[str, str], ...] = ()   # enum: (stored value, Chinese label)
    derivable: str = ""      # overlay source when the overlay can supply it ('' = entered only)
    derived: str = ""        # formula when computed from other facts (never entered)
    unit: str = ""
    length: int = 0          # text/enum field width
    scope: str = ""          # "county": one answer county-wide (the county profile's default); '' = per patch

    @cached_property
    def labels(self) -> dict[str, str]:
        return dict(self.values)

    @property
    def field_type(self) -> str:
        """Storage type for a workspace field: bool, string(n), date or double."""
        if self.type in ("text", "enum"):
            return f"string({self.length or 10})"
        return {"bool": "bool", "date": "date", "number": "double"}[self.type]


def _enum(code, alias, description, values, **kw) -> Fact:
    return Fact(code, alias, "enum", description, values=tuple(values), length=10, **kw)


FACTS: tuple[Fact, ...] = (
    # -- from the overlay (land survey, basic farmland) -------------------------------------------
    Fact("XZJSYD", "现状地类全部为建设用地", "bool",
         "图斑（或分割后的地块）涉及的国土调查数据库现状地类是否全部为建设用地（附件4第一条）",
         derivable="叠加国土调查地类图斑（DLTB），按地类三大类对照表判断"),
    Fact("SFSK", "是否涉矿", "bool", "图斑是否涉及采矿活动（土地、矿产同查同核）",
         derivable="叠加国土调查地类图斑，含采矿用地（0602）即为涉矿"),
    Fact("MJ", "面积", "number", "图斑（或分割后的地块）的椭球面积", unit="亩",
         derivable="CGCS2000 椭球面积"),
    Fact("GDMJ", "耕地面积", "number", "图斑（或地块）内耕地（0101/0102/0103，扣除田坎）面积",
         unit="亩", derivable="叠加国土调查地类图斑"),
    Fact("YJJBNTMJ", "永久基本农田面积", "number", "图斑（或地块）内永久基本农田面积", unit="亩",
         derivable="叠加永久基本农田图层"),
    Fact("ZYJBNT", "占用永久基本农田", "bool", "图斑（或地块）是否占用永久基本农田",
         derived="YJJBNTMJ > 0"),
    Fact("QTGDMJ", "永久基本农田以外耕地面积", "number",
         "耕地面积减去永久基本农田面积（永久基本农田按耕地计）", unit="亩",
         derived="max(GDMJ − YJJBNTMJ, 0)"),
    # -- the change on the ground -------------------------------------------------------------------
    _enum("BHLX", "变化类型", "卫片监测到的实地变化是什么", (
        ("new_build", "新建建（构）筑物"), ("renovate", "翻建、改建或扩建"), ("materials", "堆放物资"),
        ("demolish", "房屋拆除、拆迁"), ("fill_level", "推填土、土地平整"), ("none", "实地无变化"))),
    Fact("JSRQ", "始建日期", "date",
         "首次作为建设用地使用（项目开工）的日期；与《土地管理法》施行日期、深度贫困地区政策截止日期比较"),
    Fact("WFGH", "违反国土空间规划", "bool",
         "是否违反国土空间规划（编制审批前为经依法批准的土地利用规划和城乡规划）"),
    _enum("SJYT", "实际用途", "图斑实际用于什么", (
        ("nonagri", "非农业建设"), ("temporary", "临时使用"), ("facility", "设施农业"),
        ("homestead", "农村村民住宅"), ("a44_works", "附件4第四条所列工程"),
        ("farming", "农业生产（未建设）"), ("mining", "采矿"), ("other", "其他"))),
    _enum("MYYT", "用地名义", "申报或声称的用地名义（用于识别“假借名义”）", (
        ("none", "无"), ("temporary", "临时用地"), ("facility", "设施农业"))),
    # -- construction approval and registration -----------------------------------------------------
    Fact("YDPF", "取得建设用地批复", "bool", "是否依法取得建设用地批复（含增减挂钩等其他建设用地审批手续）"),
    Fact("PZWH", "批准文号", "text", "建设用地批准文号", length=100),
    Fact("PZRQ", "批准日期", "date", "建设用地批准日期"),
    Fact("QQDJ", "完成确权登记", "bool", "是否已完成不动产确权登记"),
    Fact("DJZH", "登记证号", "text", "不动产权证书号或登记证明号", length=100),
    Fact("DJRQ", "登记日期", "date", "不动产登记日期"),
    _enum("HXGX", "与批准红线关系", "图斑范围与审批红线范围的关系（附件4第七条）", (
        ("inside", "图斑在批准红线内"), ("draw_err", "超出部分系勾画误差"),
        ("exceeds", "实际占地超出批准红线"))),
    # -- temporary use ------------------------------------------------------------------------------
    Fact("LSPF", "取得临时用地批复", "bool", "是否取得临时用地批复"),
    Fact("LSPZWH", "临时用地批准文号", "text", "临时用地批准文号", length=100),
    # -- facility agriculture -----------------------------------------------------------------------
    Fact("SSHG", "符合设施农业用地规定", "bool", "实际用途是否符合《自然资源部 农业农村部关于设施农业用地管理"
         "有关问题的通知》（自然资规〔2019〕4号）"),
    Fact("SSBA", "设施农业用地已备案", "bool", "是否已履行设施农业用地备案程序"),
    Fact("YZSS", "养殖设施", "bool", "是否为畜禽、水产养殖设施"),
    Fact("BHTY", "县级同意补划", "bool", "占用永久基本农田的，县级自然资源主管部门是否同意补划"),
    # -- the listed works of A4.4 -------------------------------------------------------------------
    _enum("GCLX", "所列工程类型", "附件4第四条所列工程的类型", (
        ("road_slope", "道路边坡治理"), ("river", "河道治理"), ("dock", "水库水面的泡沫码头"),
        ("pool_ditch", "水池沟渠"), ("pipe", "管道铺设"), ("pylon", "高压铁塔"), ("wind_base", "风电塔座"),
        ("reclaim", "围填海"), ("water_road", "水面高架路桥"),
        ("water_bldg", "挑空水面的水工建筑及景观平台"))),
    _enum("SZYJ", "省级用途管制认定意见", "省级自然资源主管部门用途管制机构的认定意见", (
        ("no_need", "无需办理用地审批"), ("need", "需要办理用地审批"), ("pending", "尚未出具"))),
    # -- rural homestead ----------------------------------------------------------------------------
    _enum("ZJPZ", "宅基地审批情况", "农村村民建住宅的审批情况", (
        ("approved", "经依法批准"), ("none", "未经批准"), ("fraud", "采取欺骗手段骗取批准"))),
    # -- national deep-poverty areas ----------------------------------------------------------------
    Fact("SDPK", "位于国家级深度贫困地区", "bool", "项目是否位于国家级深度贫困地区（全县一致，在县情设置中填写一次）",
         scope="county"),
    Fact("BBBJ", "允许边报批边建设", "bool", "是否属国家政策允许边报批边建设的深度贫困地区建设项目"),
    # -- the operator's own words -------------------------------------------------------------------
    _enum("RGPD", "人工认定类型", "附件4未作规定或须按实际占地认定时，由人员作出的认定（标签即附件4类型名称）", (
        ("legal", LEGAL), ("new_ill", NEW_ILLEGAL), ("stock_ill", STOCK_ILLEGAL), ("pseudo", PSEUDO_CHANGE),
        ("temporary", TEMPORARY), ("facility", FACILITY_AG), ("ag_damage", AG_DAMAGE),
        ("homestead", HOMESTEAD_ILLEGAL))),
    Fact("RGSM", "人工说明", "text", "按实际建设占地认定或人工认定时的说明", length=254),
    # -- minerals (同查同核) ------------------------------------------------------------------------
    _enum("KCZT", "开采状态", "实地是否存在开采活动", (
        ("mined", "存在开采"), ("not_mined", "实地未开采"), ("other", "其他活动"))),
    _enum("CKXK", "矿业权许可", "开采主体持有的矿业权许可", (
        ("mining", "有效采矿许可证"), ("explore", "探矿许可证"), ("none", "无有效许可"))),
    Fact("SFYJ", "超出许可范围开采", "bool", "是否超出采矿许可证划定的矿区范围开采（越界）"),
    Fact("FFZR", "非法转让矿业权", "bool", "是否存在非法转让（出租、承包）矿业权"),
    Fact("PHKC", "破坏性开采", "bool", "是否存在采取破坏性开采方法造成矿产资源严重破坏"),
)

FACTS_BY_CODE: dict[str, Fact] = {f.code: f for f in FACTS}
SCOPES = ("", "county")
# Facts with one answer county-wide. Only SDPK: the deep-poverty list names whole counties. Everything else
# varies by patch (BBBJ is a property of the project, WFGH of the site and its plan); the dates the law
# applies from are rule-set parameters, not facts, and the county cannot change them.
COUNTY_FACTS: tuple[str, ...] = tuple(f.code for f in FACTS if f.scope == "county")


def _check_contract() -> None:
    """The contract is data; guard its invariants at import so a bad edit fails loudly."""
    seen = set()
    for f in FACTS:
        if not _CODE_RE.match(f.code):
            raise ValueError(f"fact code {f.code!r} is not DBF-safe (≤ 10 of A-Z, 0-9, _)")
        if f.code in seen:
            raise ValueError(f"fact code {f.code!r} appears twice")
        seen.add(f.code)
        if f.type not in TYPES or not f.alias:
            raise ValueError(f"fact {f.code}: bad type or empty alias")
        if f.scope not in SCOPES or (f.scope and (f.derivable or f.derived)):
            raise ValueError(f"fact {f.code}: scope must be one of {SCOPES} and a county-wide fact is entered")
        if (f.type == "enum") != bool(f.values):
            raise ValueError(f"fact {f.code}: enums and only enums have values")
        codes = [v for v, _ in f.values]
        if len(set(codes)) != len(codes) or not all(_VALUE_RE.match(v) for v in codes):
            raise ValueError(f"fact {f.code}: enum values must be unique lowercase ASCII ≤ 10")


_check_contract()

# --- derived facts: computed, never entered ---------------------------------------------------------


def _area(rec: Mapping, code: str) -> Optional[float]:
    try:
        return normalize_value(FACTS_BY_CODE[code], rec.get(code))
    except FactValueError:  # read as unknown; the source fact itself reports the bad value
        return None


def _occupies_basic_farmland(rec: Mapping) -> Any:
    mu = _area(rec, "YJJBNTMJ")
    if mu is None:
        return rec.get("ZYJBNT")  # no area: keep what the record says (e.g. a Ministry flag)
    return mu > 0


def _other_cultivated(rec: Mapping) -> Any:
    gd, bnf = _area(rec, "GDMJ"), _area(rec, "YJJBNTMJ")
    if gd is None or bnf is None:
        return rec.get("QTGDMJ")
    return max(gd - bnf, 0.0)


DERIVED: dict[str, Callable[[Mapping], Any]] = {
    "ZYJBNT": _occupies_basic_farmland,
    "QTGDMJ": _other_cultivated,
}
# A derived fact that is unknown is reported missing as the facts it comes from.
DERIVED_SOURCES: dict[str, tuple[str, ...]] = {"ZYJBNT": ("YJJBNTMJ",), "QTGDMJ": ("GDMJ", "YJJBNTMJ")}
assert set(DERIVED) == {f.code for f in FACTS if f.derived} == set(DERIVED_SOURCES)

# --- values ----------------------------------------------------------------------------------------

_TRUE = {"1", "true", "t", "y", "yes", "是"}
_FALSE = {"0", "false", "f", "n", "no", "否"}


def parse_bool(value) -> Optional[bool]:
    """True/False from the forms stores and files use (1/0, 是/否, T/F, yes/no), None otherwise."""
    if isinstance(value, str):
        s = value.strip().lower()
        return True if s in _TRUE else False if s in _FALSE else None
    try:
        if value in (True, False):  # also 1/0, 1.0/0.0, numpy bools
            return bool(value)
    except (TypeError, ValueError):
        pass
    return None


class FactValueError(ValueError):
    """A value that is not one of the fact's allowed values."""


def fact_value(code: str, rec: Mapping) -> Any:
    """The raw value of a fact in a record, computing derived facts."""
    derive = DERIVED.get(code)
    return rec.get(code) if derive is None else derive(rec)


def is_unknown(value) -> bool:
    if value is None:
        return True
    if value.__class__ is bool:
        return False
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN-likes: numpy.nan, pandas.NaT
    except TypeError:
        return True   # pandas.NA: its comparisons are NA, which has no truth value
    except ValueError:
        return False  # arrays: not a single missing value


def normalize_value(fact: Fact, value):
    """The canonical value of ``fact`` (bool, enum code, datetime.date, float, str) or None when unknown.

    Accepts the forms stores and files produce: 1/0 and 是/否 for booleans, Chinese labels for enums,
    ISO strings and datetimes for dates. Raises FactValueError for anything else.
    """
    if value is None:
        return None
    t, cls = fact.type, value.__class__
    # fast paths for values already canonical (the usual case: stores hand back what they were given)
    if (cls is bool and t == "bool") or (cls is dt.date and t == "date"):
        return value
    if cls is str and t == "enum" and value in fact.labels:
        return value
    if cls is float and t == "number" and math.isfinite(value):
        return value
    if is_unknown(value):
        return None
    if t == "bool":
        b = parse_bool(value)
        if b is not None:
            return b
    elif t == "enum":
        s = str(value).strip()
        if s in fact.labels:
            return s
        for code, label in fact.values:
            if s == label:
                return code
    elif t == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            s = value.strip().replace("/", "-")
            try:
                if len(s) == 8 and s.isdigit():
                    return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
                return dt.date.fromisoformat(s[:10])
            except ValueError:
                pass
    elif t == "number":
        if not isinstance(value, bool):
            try:
                x = float(value)
            except (TypeError, ValueError):
                x = math.nan
            if math.isfinite(x):
                return x
    else:  # text
        return str(value).strip()
    raise FactValueError(f"{fact.code}（{fact.alias}）: {value!r} is not a valid {fact.type} value")


# Questions where "是否" + alias does not read well.
QUESTIONS = {"XZJSYD": "现状地类是否全部为建设用地", "SSBA": "设施农业用地是否已备案", "YZSS": "是否为养殖设施",
             "BHTY": "县级是否同意补划", "SFSK": "是否涉矿", "ZYJBNT": "是否占用永久基本农田"}


def question(code: str) -> str:
    """The question a fact answers, as a person reads it: YDPF → 是否取得建设用地批复, PZWH → 批准文号."""
    fact = FACTS_BY_CODE.get(code)
    if fact is None:
        return str(code)
    if code in QUESTIONS:
        return QUESTIONS[code]
    if fact.type == "bool" and not fact.alias.startswith("是否"):
        return "是否" + fact.alias
    return fact.alias


def display_value(fact: Fact, value) -> str:
    """The value as it reads in a Chinese explanation."""
    try:
        v = normalize_value(fact, value)
    except FactValueError:
        return f"“{value}”（无效值）"
    if v is None:
        return UNKNOWN_LABEL
    if fact.type == "bool":
        return "是" if v else "否"
    if fact.type == "enum":
        return fact.labels[v]
    if fact.type == "date":
        return f"{v.year}年{v.month}月{v.day}日"
    if fact.type == "number":
        return f"{v:.2f}"
    return v


# --- overlay values and the operator's overrides ---------------------------------------------------


@dataclass(frozen=True)
class Override:
    code: str
    overlay_value: Any
    value: Any
    reason: str


def apply_overrides(overlay: Mapping[str, Any], overrides: Mapping[str, tuple[Any, str]]
                    ) -> tuple[dict[str, Any], list[Override]]:
    """Effective facts from overlay values and the operator's ``{code: (value, reason)}`` overrides.

    Only derivable facts can be overridden and only with a reason: the overlay is evidence, and
    replacing evidence needs a recorded why. Returns the facts and the overrides applied (for audit).
    """
    facts = dict(overlay)
    applied = []
    for code, (value, reason) in overrides.items():
        fact = FACTS_BY_CODE.get(code)
        if fact is None or not fact.derivable:
            raise ValueError(f"{code}: only facts derivable from the overlay can be overridden")
        if not (reason or "").strip():
            raise ValueError(f"{code}（{fact.alias}）: an override needs a reason")
        value = normalize_value(fact, value)
        applied.append(Override(code, overlay.get(code), value, reason.strip()))
        facts[code] = value
    return facts, applied


# --- the documentation table -----------------------------------------------------------------------


def facts_table_markdown() -> str:
    """The facts contract as a Markdown table (rules/README.md embeds exactly this text)."""
    rows = ["| 代码 | 别名 | 类型 | 字段类型 | 取值 | 说明 | 来源 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for f in FACTS:
        values = "；".join(f"`{v}` {label}" for v, label in f.values)
        if f.type == "bool":
            values = "是 / 否"
        source = (f"派生：{f.derived}" if f.derived else f"叠加可得：{f.derivable}（可人工修正，须说明理由）"
                  if f.derivable else "全县一致：县情设置填写一次，作为每个图斑的默认值（图斑自填的值优先）"
                  if f.scope == "county" else "人工填写")
        unit = f"（{f.unit}）" if f.unit else ""
        rows.append(f"| `{f.code}` | {f.alias}{unit} | {f.type} | {f.field_type} | {values} | "
                    f"{f.description} | {source} |")
    return "\n".join(rows) + "\n"
