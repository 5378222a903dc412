"""The demo patches' scenarios: the facts a field check finds per kind and what they lead to."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from ..rules.facts import (
    AG_DAMAGE,
    FACILITY_AG,
    FLAG_AWAIT_PROVINCE,
    FLAG_NOT_FILED,
    FLAG_POST_APPROVAL_REVIEW,
    FLAG_REFER_AGRICULTURE,
    FLAG_SPLIT_BY_FOOTPRINT,
    HOMESTEAD_ILLEGAL,
    LEGAL,
    NEW_ILLEGAL,
    PENDING,
    PSEUDO_CHANGE,
    STOCK_ILLEGAL,
    TEMPORARY,
)


# -- scenarios (facts) ----------------------------------------------------------------------------
# Facts use the codes of the facts contract (rules/facts.py) so a later step can feed them to the
# rules engine as they are; the overlay facts (XZJSYD, MJ, GDMJ, YJJBNTMJ, SFSK) are added by the
# build from the demo's own land-use layers. ``intended`` is what the facts lead to under the 2021
# rules (category, clause id as the engine cites it, flags, mineral finding); a test checks that the
# engine agrees.
def _approval_no(rng, prefix: str, year: int) -> str:
    return f"{prefix}〔{year}〕{int(rng.integers(3, 180))}号"


def _day(rng, year: int, months=(1, 12)) -> str:
    return dt.date(year, int(rng.integers(months[0], months[1] + 1)), int(rng.integers(1, 29))).isoformat()


def _intended(result: str, clause: str, flags=(), mineral: Optional[str] = None) -> dict:
    return {"result": result, "clause": clause, "flags": list(flags), "mineral": mineral}


def redline_exceeded(base: dict, approval: dict) -> tuple[str, dict, dict, str]:
    """Approved, but the built footprint exceeds the red line: the patch is 待定 until it is split along the red
    line (按实际占地分割认定); ``PART_FACTS`` gives each side's own facts and what the rules make of it."""
    return ("redline_exceeded", {**base, **approval, "HXGX": "exceeds"},
            _intended(PENDING, "A4.7", [FLAG_SPLIT_BY_FOOTPRINT]), "批准项目实际建设占地超出批准红线")


def temporary_expired() -> tuple[str, dict, dict, str]:
    """A temporary-use approval that ran out before the 后时相: no valid approval when the change was seen."""
    return ("temporary_expired", {"BHLX": "new_build", "SJYT": "temporary", "LSPF": False},
            _intended(NEW_ILLEGAL, "A4.2"), "临时用地批复已到期，施工临时设施仍未拆除复垦")


def licence_expired() -> tuple[str, dict, dict, str]:
    """Mining on after the 采矿许可证 expired: no valid licence (无证开采)."""
    return ("licence_expired", {"SJYT": "mining", "KCZT": "mined", "CKXK": "none", "YDPF": False},
            _intended(NEW_ILLEGAL, "default", mineral="无证开采"), "采矿许可证已过期仍在开采")


# A redline_exceeded patch split along its red line: each side's own facts (the parts inherit the patch's) and the
# determination they lead to (the outside part is unapproved; SDPK comes from the county profile).
PART_FACTS = {
    "inside": ({"HXGX": "inside"}, _intended(LEGAL, "default")),
    "outside": ({"YDPF": False}, _intended(NEW_ILLEGAL, "default")),
}
# Facts that have one answer county-wide (the county profile), as the demo county answers them.
COUNTY_PROFILE = {"SDPK": (False, "代县不在国务院扶贫开发领导小组公布的国家级深度贫困县名单内")}

# Scenarios the reference layers must show at least once; make_patches converts a plain case of the same kind
# (placed the same way) when the draw produced none.
ENSURED = (("new_building", "approved", redline_exceeded), ("temporary_site", "no_approval", temporary_expired),
           ("mining", "unlicensed", licence_expired))


def scenario_for(kind: str, rng, on_basic_farmland: bool) -> tuple[str, dict, dict, str]:
    """(scenario, facts, intended determination, story) for a kind, drawn at random.

    ``on_basic_farmland`` only steers livestock sheds towards the basic-farmland case; placement then
    makes sure the patch really overlaps basic farmland.
    """
    r = rng.random()
    approved = {"YDPF": True, "HXGX": "inside"}
    # 代县 is not a national deep-poverty county: the county profile answers SDPK once (COUNTY_FACTS), not each patch
    unapproved = {"YDPF": False}

    def with_approval(prefix: str, year: int) -> dict:
        return {**approved, "PZWH": _approval_no(rng, prefix, year), "PZRQ": _day(rng, year)}

    if kind == "new_building":
        base = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"}
        if r < 0.55:
            return ("no_approval", {**base, **unapproved}, _intended(NEW_ILLEGAL, "default"),
                    "未经批准占用土地新建厂房")
        if r < 0.77:
            return ("approved", {**base, **with_approval("晋政地字", 2020)}, _intended(LEGAL, "default"),
                    "依法批准的建设项目")
        if r < 0.85:
            return redline_exceeded(base, with_approval("晋政地字", 2020))
        if r < 0.92:
            facts = {**base, **with_approval("代政地字", 2020), "HXGX": "draw_err",
                     "RGSM": "图斑超出批准红线部分系勾画误差，实际建设占地均在批准红线内"}
            return "redline_drawing_error", facts, _intended(LEGAL, "A4.7"), "批准项目，图斑勾画超出红线"
        # the builder showed no approval in the field; the county's approval database has it (参考数据.gpkg)
        return ("approval_unknown", {**base, **with_approval("晋政地字", 2020)}, _intended(LEGAL, "default"),
                "建设方现场未出示用地批复，县级建设用地审批数据库中有其批准红线")
    if kind == "homestead":
        base = {"BHLX": "new_build", "SJYT": "homestead"}
        if r < 0.7:
            return ("no_approval", {**base, "ZJPZ": "none"},
                    _intended(HOMESTEAD_ILLEGAL, "A4.5", [FLAG_REFER_AGRICULTURE]), "村民未经批准占用耕地建住宅")
        if r < 0.85:
            return ("approved", {**base, "ZJPZ": "approved"}, _intended(LEGAL, "A4.5"), "经依法批准的农村村民住宅")
        return ("approval_by_fraud", {**base, "ZJPZ": "fraud"},
                _intended(HOMESTEAD_ILLEGAL, "A4.5", [FLAG_REFER_AGRICULTURE]), "村民采取欺骗手段骗取批准建住宅")
    if kind in ("greenhouse", "livestock_shed"):
        base = {"BHLX": "new_build", "SJYT": "facility", "MYYT": "facility", "SSHG": True,
                "YZSS": kind == "livestock_shed"}
        if kind == "livestock_shed" and on_basic_farmland and r < 0.6:
            facts = {**base, "BHTY": False, "SSBA": bool(rng.random() < 0.5)}
            return ("livestock_on_basic_farmland", facts, _intended(AG_DAMAGE, "A4.3"),
                    "养殖圈舍占用永久基本农田，县级未同意补划")
        if r < 0.12:
            facts = {**base, "SJYT": "nonagri", "SSHG": False, **unapproved}
            return ("pretext_non_agricultural", facts, _intended(NEW_ILLEGAL, "default"),
                    "假借设施农业名义建设农家乐（大棚房）")
        if r < 0.55:
            facts = {**base, "SSBA": True}
            return "filed", facts, _intended(FACILITY_AG, "A4.3"), "符合规定并已备案的设施农业"
        return ("not_filed", {**base, "SSBA": False}, _intended(FACILITY_AG, "A4.3", [FLAG_NOT_FILED]),
                "符合规定但未备案的设施农业")
    if kind == "filling":
        if r < 0.75:
            return ("for_building_no_approval", {"BHLX": "fill_level", "SJYT": "nonagri", "MYYT": "none", **unapproved},
                    _intended(NEW_ILLEGAL, "default"), "为非农建设推土填土、平整场地")
        facts = {"BHLX": "fill_level", "SJYT": "temporary", "LSPF": True,
                 "LSPZWH": _approval_no(rng, "代自然资临用字", 2021)}
        return "borrow_pit_temporary", facts, _intended(TEMPORARY, "A4.2"), "经批准的工程临时取土场"
    if kind == "temporary_site":
        if r < 0.5:
            facts = {"BHLX": "new_build", "SJYT": "temporary", "LSPF": True,
                     "LSPZWH": _approval_no(rng, "代自然资临用字", 2021)}
            return "temporary_approved", facts, _intended(TEMPORARY, "A4.2"), "经批准的施工临时指挥部及工棚"
        if r < 0.65:
            facts = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "temporary", "LSPF": True,
                     "LSPZWH": _approval_no(rng, "代自然资临用字", 2020), **unapproved}
            return ("approved_not_used_as_temporary", facts,
                    _intended(NEW_ILLEGAL, "default", [FLAG_POST_APPROVAL_REVIEW]), "取得临时用地批复后建成长期经营场所")
        if r < 0.8:
            return ("no_approval", {"BHLX": "new_build", "SJYT": "temporary", "LSPF": False},
                    _intended(NEW_ILLEGAL, "A4.2"), "未经批准搭建施工临时设施")
        return temporary_expired()
    if kind == "mining":
        base = {"SJYT": "mining", "KCZT": "mined"}
        licence = f"C140900201{int(rng.integers(1000, 9999))}7120{int(rng.integers(100000, 999999))}"
        if r < 0.36:
            return ("unlicensed", {**base, "CKXK": "none", **unapproved},
                    _intended(NEW_ILLEGAL, "default", mineral="无证开采"), "无证露天开采铁矿")
        if r < 0.4:
            return licence_expired()
        if r < 0.65:
            facts = {**base, "CKXK": "mining", "SFYJ": True, **unapproved, "RGSM": f"采矿许可证号{licence}"}
            return ("beyond_boundary", facts, _intended(NEW_ILLEGAL, "default", mineral="越界开采"),
                    "持证矿山越界开采")
        facts = {**base, "CKXK": "mining", "SFYJ": False, "FFZR": False, "PHKC": False,
                 **with_approval("晋政地字", 2019), "RGSM": f"采矿许可证号{licence}"}
        return "licensed_approved", facts, _intended(LEGAL, "default", mineral="合法"), "持证矿山依法批准的扩界用地"
    if kind == "solar":
        base = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"}
        if r < 0.5:
            return ("approved", {**base, **with_approval("晋政地字", 2020)}, _intended(LEGAL, "default"),
                    "依法批准的光伏电站")
        return "no_approval", {**base, **unapproved}, _intended(NEW_ILLEGAL, "default"), "未经批准建设光伏电站"
    if kind == "road_slope":
        base = {"BHLX": "new_build", "SJYT": "a44_works", "GCLX": "road_slope"}
        if r < 0.6:
            return ("no_approval_needed", {**base, "SZYJ": "no_need"}, _intended(PSEUDO_CHANGE, "A4.4"),
                    "道路边坡治理，省级认定无需办理用地审批")
        if r < 0.8:
            return ("approval_needed_missing", {**base, "SZYJ": "need", "YDPF": False},
                    _intended(NEW_ILLEGAL, "A4.4"), "道路边坡工程需办理用地审批但未取得")
        return ("opinion_pending", {**base, "SZYJ": "pending"},
                _intended(PENDING, "A4.4", [FLAG_AWAIT_PROVINCE]), "道路边坡工程，省级认定意见尚未出具")
    if kind == "renovation":
        base = {"BHLX": "renovate", "SJYT": "nonagri"}
        if r < 0.45:
            facts = {**base, "JSRQ": _day(rng, int(rng.integers(1975, 1998))), "WFGH": False}
            return ("pre_1999_no_planning_violation", facts, _intended(PSEUDO_CHANGE, "A4.1"),
                    "1999年以前已建成的房屋原址翻建，不违反规划")
        if r < 0.6:
            facts = {**base, "JSRQ": _day(rng, int(rng.integers(1980, 1998))), "WFGH": True}
            return ("pre_1999_planning_violation", facts, _intended(STOCK_ILLEGAL, "A4.1"),
                    "1999年以前建成，翻建后违反国土空间规划")
        if r < 0.9:
            facts = {**base, "JSRQ": _day(rng, int(rng.integers(2001, 2015))), "YDPF": False, "QQDJ": False}
            return ("post_1999_unapproved", facts, _intended(STOCK_ILLEGAL, "A4.1"),
                    "1999年以后未经批准建设、未确权登记，翻建后被监测发现")
        year = int(rng.integers(2001, 2012))
        facts = {**base, "JSRQ": _day(rng, year), "YDPF": False, "QQDJ": True,
                 "DJZH": f"晋（{year + 3}）代县不动产权第{int(rng.integers(1000, 9999)):07d}号", "DJRQ": _day(rng, year + 3)}
        return "post_1999_registered", facts, _intended(LEGAL, "A4.1"), "1999年以后建设，已完成确权登记"
    if kind == "demolition":
        return ("houses_torn_down", {"BHLX": "demolish"}, _intended(PSEUDO_CHANGE, "A4.1"),
                "房屋拆除（拆迁），地类仍为建设用地")
    if kind == "materials":
        return ("materials_piled", {"BHLX": "materials"}, _intended(PSEUDO_CHANGE, "A4.1"),
                "建设用地内堆放物资")
    if kind == "crop_change":
        return ("plastic_mulch", {"BHLX": "none", "SJYT": "farming"}, _intended(PSEUDO_CHANGE, "default"),
                "农作物覆膜，地类未变")
    raise ValueError(kind)
