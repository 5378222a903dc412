"""How internal codes reach people: one label table, Chinese (the default, reports) and English (the UI).

The workspace stores codes: clause ids (A4.1, default, CR …), fact codes (YDPF, YJJBNTMJ …), enum values
(``demolish``, ``nonagri`` …) and Chinese terms that double as values (categories, statuses, measures).
Nothing a person reads may show the first three. Every output goes through this module:

- ``clause_label('A4.1')`` → 附件4第一条; ``clauses_text('default、CR')`` → the clauses as the work plan cites them;
- ``fact_label('YJJBNTMJ')`` → 永久基本农田面积; ``fact_question('YDPF')`` → 是否取得建设用地批复;
- ``value_text('YJJBNTMJ', 2.28)`` → 2.28亩, unknown → （未填写）; ``missing_text('YDPF,BHLX')`` → 尚未填写：…;
- ``term('整改中', 'en')`` → the English of a Chinese term used as a value (status, category, measure …);
- ``header('完成率(%)', 'en')`` → an English column header.

``lang`` is "zh" (default) or "en". English keeps the official Chinese term in parentheses where it is one
(附件4 categories, clauses, flags), so English users can match it with the documents they receive.
Pure Python: no Qt, no store.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Optional

from ..rules.facts import (
    AG_DAMAGE,
    FACILITY_AG,
    FACTS_BY_CODE,
    FLAG_AWAIT_PROVINCE,
    FLAG_CRIMINAL,
    FLAG_MANUAL,
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
    FactValueError,
    normalize_value,
    question,
)

ZH, EN = "zh", "en"
UNKNOWN = {ZH: "（未填写）", EN: "(not recorded)"}
UNIT = {ZH: "亩", EN: " mu"}
_SEP = {ZH: "、", EN: "; "}
_CN_NUM = "零一二三四五六七八九十"


def _lang(lang: Optional[str]) -> str:
    return EN if str(lang or ZH).lower().startswith("en") else ZH


# --- clauses ---------------------------------------------------------------------------------------------
# id → (zh short, zh subject, en short, en subject). The short form is how the plan is cited (依据条款); the
# subject follows it where there is room (atlas, card tooltips).
CLAUSES: dict[str, tuple[str, str, str, str]] = {
    "default": ("一般规定：建设占用土地须依法取得建设用地批复", "",
                "General rule: building on land needs a construction-land approval", ""),
    "manual": ("人工认定", "附件4未作规定，由人员认定并说明",
               "Determined by a person (附件4 has no rule)", "decided and explained by a person"),
    "CR": ("法释〔2000〕14号", "第三条：非法占用耕地“数量较大”",
           "Judicial interpretation 法释〔2000〕14号", "art. 3: “large amount” of farmland illegally occupied"),
    "M": ("工作方案七（三）", "土地、矿产同查同核",
          "Work plan §7(3) (工作方案七（三）)", "land and minerals checked together"),
}
_ANNEX4_SUBJECTS = {1: ("存量建设用地判定", "existing construction land"),
                    2: ("临时用地判定", "temporary use"),
                    3: ("设施农业用地判定", "facility agriculture"),
                    4: ("实地伪变化判定", "no real change (listed works)"),
                    5: ("农村宅基地判定", "rural homesteads"),
                    6: ("国家级深度贫困地区政策", "national deep-poverty areas"),
                    7: ("其他", "other cases (red-line drawing error)")}
_ANNEX_RE = re.compile(r"^A(\d+)\.(\d+)$")


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n]
    if n < 20:
        return "十" + _CN_NUM[n - 10]
    return _CN_NUM[n // 10] + "十" + (_CN_NUM[n % 10] if n % 10 else "")


def clause_label(cid: str, lang: str = ZH, long: bool = False,
                 titles: Optional[Mapping[str, str]] = None) -> str:
    """A clause as the work plan cites it: A4.1 → 附件4第一条 (``long``: 附件4第一条（存量建设用地判定）).

    ``titles``: a rule set's ``clauses`` (id → title), used for ids this table does not know (a later
    year's rule set); an id known nowhere is returned as it is."""
    lang, cid = _lang(lang), str(cid).strip()
    m = _ANNEX_RE.match(cid)
    if m:
        annex, n = int(m.group(1)), int(m.group(2))
        zh = f"附件{annex}第{_cn_number(n)}条"
        subject = _ANNEX4_SUBJECTS.get(n, ("", "")) if annex == 4 else ("", "")
        if titles and cid in titles:   # the rule set's own title wins (another year may word it otherwise)
            own = re.sub(r"^附件\d+\s*[一二三四五六七八九十]+、", "", str(titles[cid])).strip()
            if own and own != subject[0]:
                subject = (own, "")
        if lang == EN:
            text = f"Annex {annex}, art. {n} ({zh})"
            return f"{text} — {subject[1]}" if long and subject[1] else text
        return f"{zh}（{subject[0]}）" if long and subject[0] else zh
    if cid in CLAUSES:
        zh, zh_sub, en, en_sub = CLAUSES[cid]
        if lang == EN:
            return f"{en} — {en_sub}" if long and en_sub else en
        return f"{zh}（{zh_sub}）" if long and zh_sub else zh
    if titles and cid in titles:
        return str(titles[cid])
    return cid


def split_codes(text: Any) -> list[str]:
    """'default、CR' / 'YDPF,BHLX' → the codes (stored lists use 、 or a comma)."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    if isinstance(text, (list, tuple)):
        return [str(c).strip() for c in text if str(c).strip()]
    return [c for c in (c.strip() for c in re.split(r"[、,，;；]", str(text))) if c]


def clauses_text(codes: Any, lang: str = ZH, long: bool = False,
                 titles: Optional[Mapping[str, str]] = None) -> str:
    """A stored clause list (PDTK, 'default、CR') as people cite it, joined with 、 (English: '; ')."""
    lang = _lang(lang)
    labels = [clause_label(c, lang, long, titles) for c in split_codes(codes)]
    return _SEP[lang].join(dict.fromkeys(labels))


def pending_clauses(cited: str) -> str:
    """依据条款 of a 待定 unit: no clause was applied; ``cited`` (clauses_text) names the ones whose questions are
    open, so the form does not print them as if applied."""
    return f"尚未适用（待认定事项涉及{cited}）" if cited else ""


_CITATION = re.compile(r"(?<![A-Za-z0-9_.])(A\d+\.\d+|default|manual|CR|M)（")


def explanation_text(text: Any, lang: str = ZH) -> str:
    """A stored explanation as people read it. The rules now write plain Chinese; explanations stored before
    issue 17 cite a clause as 'A4.7（附件4 七、其他）' (id and the rule set's title), and such a citation
    becomes the clause's label, 附件4第七条（其他）."""
    s = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    if not s:
        return s
    out, pos = [], 0
    for m in _CITATION.finditer(s):
        start = m.end()
        depth, i = 1, start
        while i < len(s) and depth:
            depth += {"（": 1, "）": -1}.get(s[i], 0)
            i += 1
        if depth:   # unbalanced: leave the rest as it is
            break
        out.append(s[pos:m.start()])
        out.append(clause_label(m.group(1), lang, long=True, titles={m.group(1): s[start:i - 1]}))
        pos = i
    out.append(s[pos:])
    return "".join(out)


# --- facts -----------------------------------------------------------------------------------------------
# English names of the facts (the Chinese are the aliases of rules/facts.py).
FACT_EN: dict[str, str] = {
    "XZJSYD": "All current land classes are construction land", "SFSK": "Involves mining",
    "MJ": "Area", "GDMJ": "Cultivated land area", "YJJBNTMJ": "Permanent basic farmland area",
    "ZYJBNT": "Occupies permanent basic farmland", "QTGDMJ": "Cultivated land outside basic farmland",
    "BHLX": "Type of change", "JSRQ": "Construction start date", "WFGH": "Violates the spatial plan",
    "SJYT": "Actual use", "MYYT": "Declared purpose", "YDPF": "Construction-land approval obtained",
    "PZWH": "Approval document number", "PZRQ": "Approval date", "QQDJ": "Property rights registered",
    "DJZH": "Registration certificate number", "DJRQ": "Registration date",
    "HXGX": "Relation to the approved red line", "LSPF": "Temporary-use approval obtained",
    "LSPZWH": "Temporary-use approval number", "SSHG": "Complies with the facility-agriculture rules",
    "SSBA": "Facility-agriculture use filed", "YZSS": "Livestock or aquaculture facility",
    "BHTY": "County agreed to replacement farmland", "GCLX": "Type of listed works",
    "SZYJ": "Provincial use-control opinion", "ZJPZ": "Homestead approval",
    "SDPK": "In a national deep-poverty area", "BBBJ": "Allowed to build while applying",
    "RGPD": "Determination by a person", "RGSM": "Explanation by a person", "KCZT": "Mining on the ground",
    "CKXK": "Mining licence", "SFYJ": "Mining beyond the licensed area", "FFZR": "Illegal transfer of mining rights",
    "PHKC": "Destructive mining",
}
# English of the enum values (the Chinese are the fact's own labels).
VALUE_EN: dict[str, dict[str, str]] = {
    "BHLX": {"new_build": "new building", "renovate": "rebuilt, altered or extended", "materials": "materials piled up",
             "demolish": "houses torn down", "fill_level": "earth filled or levelled", "none": "no change on the ground"},
    "SJYT": {"nonagri": "non-agricultural building", "temporary": "temporary use", "facility": "facility agriculture",
             "homestead": "villager's house", "a44_works": "works listed in Annex 4, art. 4 (附件4第四条)",
             "farming": "farming (nothing built)", "mining": "mining", "other": "other"},
    "MYYT": {"none": "none", "temporary": "temporary use", "facility": "facility agriculture"},
    "HXGX": {"inside": "inside the approved red line", "draw_err": "the excess is a drawing error",
             "exceeds": "built beyond the approved red line"},
    "GCLX": {"road_slope": "road-slope works", "river": "river works", "dock": "floating dock on a reservoir",
             "pool_ditch": "pools and ditches", "pipe": "pipe laying", "pylon": "high-voltage pylon",
             "wind_base": "wind-turbine base", "reclaim": "sea reclamation", "water_road": "elevated road over water",
             "water_bldg": "water structure or platform over water"},
    "SZYJ": {"no_need": "no land approval needed", "need": "land approval needed", "pending": "not yet given"},
    "ZJPZ": {"approved": "lawfully approved", "none": "not approved", "fraud": "approval obtained by fraud"},
    "KCZT": {"mined": "mining", "not_mined": "no mining on the ground", "other": "other activity"},
    "CKXK": {"mining": "valid mining licence", "explore": "exploration licence", "none": "no valid licence"},
}


def fact_label(code: str, lang: str = ZH, unit: bool = False) -> str:
    """The fact's name (its alias in Chinese); ``unit``: with （亩） / (mu) for areas. Unknown codes as they are."""
    lang, fact = _lang(lang), FACTS_BY_CODE.get(code)
    if fact is None:
        return protection_label(code, lang) if code in PROTECTION else str(code)
    name = FACT_EN.get(code, fact.alias) if lang == EN else fact.alias
    if unit and fact.unit:
        name += " (mu)" if lang == EN else f"（{fact.unit}）"
    return name


def fact_question(code: str, lang: str = ZH) -> str:
    """The question a fact answers: YDPF → 是否取得建设用地批复 / Construction-land approval obtained?"""
    lang, fact = _lang(lang), FACTS_BY_CODE.get(code)
    if fact is None:
        return fact_label(code, lang)
    if lang == EN:
        return fact_label(code, EN) + ("?" if fact.type == "bool" else "")
    return question(code)   # the rules' explanations ask the same question


def missing_text(codes: Any, lang: str = ZH) -> str:
    """Facts still missing as the questions not yet answered: 尚未填写：是否取得建设用地批复、变化类型."""
    lang, codes = _lang(lang), split_codes(codes)
    if not codes:
        return ""
    questions = _SEP[lang].join(dict.fromkeys(fact_question(c, lang) for c in codes))
    return f"Not yet answered: {questions}" if lang == EN else f"尚未填写：{questions}"


def value_label(code: str, value: Any, lang: str = ZH) -> str:
    """An enum value's label: ('BHLX', 'demolish') → 房屋拆除、拆迁 / houses torn down."""
    lang, fact = _lang(lang), FACTS_BY_CODE.get(code)
    if fact is None or fact.type != "enum":
        return str(value)
    v = str(value)
    if lang == EN:
        en = VALUE_EN.get(code, {}).get(v)
        if en is None and code == "RGPD" and v in fact.labels:
            return term(fact.labels[v], EN)
        return en or fact.labels.get(v, v)
    return fact.labels.get(v, v)


def mu_text(value: Any, lang: str = ZH) -> str:
    """An area with its unit: 3.18亩 / 3.18 mu; unknown → （未填写）."""
    lang = _lang(lang)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return UNKNOWN[lang]
    return UNKNOWN[lang] if x != x else f"{x:.2f}{UNIT[lang]}"


def value_text(code: str, value: Any, lang: str = ZH) -> str:
    """A fact's value as people read it: 是/否, the enum label, 2021年5月6日, 2.28亩; unknown → （未填写）."""
    lang, fact = _lang(lang), FACTS_BY_CODE.get(code)
    if fact is None:
        if code in PROTECTION:
            return mu_text(value, lang)
        return UNKNOWN[lang] if value is None or value != value or str(value).strip() == "" else str(value)
    try:
        v = normalize_value(fact, value)
    except FactValueError:
        return f"“{value}” (invalid value)" if lang == EN else f"“{value}”（无效值）"
    if v is None:
        return UNKNOWN[lang]
    if fact.type == "bool":
        return ("yes" if v else "no") if lang == EN else ("是" if v else "否")
    if fact.type == "enum":
        return value_label(code, v, lang)
    if fact.type == "date":
        return v.isoformat() if lang == EN else f"{v.year}年{v.month}月{v.day}日"
    if fact.type == "number":
        if fact.unit == "亩":
            return mu_text(v, lang)
        return f"{v:.2f}{fact.unit}"
    return str(v)


# --- protection layers and land-use rows of the overlay ------------------------------------------------
PROTECTION: dict[str, tuple[str, str]] = {
    "YJJBNTMJ": ("永久基本农田", "permanent basic farmland"),
    "STBHHXMJ": ("生态保护红线", "ecological protection red line"),
    "GDMJ": ("耕地", "cultivated land"), "NYDMJ": ("农用地", "agricultural land"),
    "JSYDMJ": ("建设用地", "construction land"), "WLYDMJ": ("未利用地", "unused land"),
}


def protection_label(field: str, lang: str = ZH) -> str:
    """A protection layer's summary field (YJJBNTMJ) as the layer's name (永久基本农田)."""
    zh, en = PROTECTION.get(str(field), (str(field), str(field)))
    return en if _lang(lang) == EN else zh


# --- Chinese terms used as values -------------------------------------------------------------------------
# zh term → English. Official 附件4 terms keep the Chinese in parentheses in English (see ``term``).
TERMS_EN: dict[str, str] = {
    # 附件4 categories
    LEGAL: "legal use", NEW_ILLEGAL: "illegal new construction land", STOCK_ILLEGAL: "illegal existing construction land",
    PSEUDO_CHANGE: "no real change", TEMPORARY: "temporary use", FACILITY_AG: "facility agriculture",
    AG_DAMAGE: "farmland damaged by an agricultural project", HOMESTEAD_ILLEGAL: "illegal rural homestead",
    PENDING: "pending",
    # flags
    FLAG_NOT_FILED: "not filed", FLAG_POST_APPROVAL_REVIEW: "review the post-approval supervision",
    FLAG_AWAIT_PROVINCE: "awaiting the province's use-control opinion",
    FLAG_SPLIT_BY_FOOTPRINT: "split and judge by the built footprint",
    FLAG_REFER_AGRICULTURE: "refer to the Agriculture and Rural Affairs Bureau",
    FLAG_CRIMINAL: "suspected crime, refer to the police", FLAG_MANUAL: "needs a person's determination",
    # mineral findings
    "合法": "legal", "无证开采": "mining without a licence", "越界开采": "mining beyond the licensed area",
    "以采代探": "mining under an exploration licence", "非法转让": "illegal transfer",
    "破坏性开采": "destructive mining", "其他": "other",
    # patch statuses (store/schema.STATUSES)
    "待核查": "not yet checked", "核查中": "being checked", "已核查": "checked", "已判定": "determined",
    "整改中": "being rectified", "已整改": "rectified", "已销号": "closed",
    # case statuses (core/cases.STATUSES) and measures (core/cases.MEASURES)
    "立案": "case filed", "消除违法状态": "illegal state eliminated",
    "拆除": "demolition", "复耕": "restoration to farmland", "毁闭": "mine closure",
    "补办手续": "approvals completed afterwards", "没收": "confiscation",
    # sampled review, referral directions, batch and region levels, land-use rows
    "真实": "authentic", "不真实": "not authentic", "待复核": "awaiting review",
    "移送": "referred", "调取": "documents requested",
    "部级": "Ministry", "省级": "province", "设区市": "city", "县级": "county", "乡镇": "township",
    "地类": "land class", "保护": "protected area", "保护图层": "protection layer", "整斑": "whole patch",
    "是": "yes", "否": "no", "合计": "Total", "（未指定乡镇）": "(no township)",
    # sign-off up the chain (core/signoff.py)
    "未提交": "not submitted", "待审核": "awaiting sign-off", "退回": "returned", "通过": "passed",
    "已上报": "sent up", "需重新上报": "to be sent up again", "上级退回": "returned from above", "市级": "city",
    "认定单元": "Units",
    # 专人盯办 and escalation to the county government (core/escalation.py)
    "（未指定专人）": "(no person named)", "重大违法用地": "major illegal land use",
    "跨区线性工程": "cross-district linear project", "制止无效": "stop order failed",
    "查处工作无法进行": "investigation blocked", "待县政府处理": "awaiting the county government",
    "已有处理结果": "result received",
    # 挂牌督办 and 问题线索移交 (core/supervision.py)
    "督办中": "under supervision", "已办结": "concluded", "逾期未办结": "overdue, not concluded",
    "纪检监察机关": "discipline inspection and supervision organs", "组织人事部门": "organisation and personnel department",
    "问责": "accountability", "涉嫌犯罪": "suspected crime", "屡查屡犯": "repeat offender", "工作不力": "poor work",
    "待移交": "not yet sent", "已移交待反馈": "sent, awaiting feedback", "已反馈": "feedback received",
}
# Terms whose Chinese is an official term English users meet in documents: shown as "English (中文)".
OFFICIAL = frozenset({LEGAL, NEW_ILLEGAL, STOCK_ILLEGAL, PSEUDO_CHANGE, TEMPORARY, FACILITY_AG, AG_DAMAGE,
                      HOMESTEAD_ILLEGAL, PENDING, FLAG_NOT_FILED, FLAG_POST_APPROVAL_REVIEW, FLAG_AWAIT_PROVINCE,
                      FLAG_SPLIT_BY_FOOTPRINT, FLAG_REFER_AGRICULTURE, FLAG_CRIMINAL, FLAG_MANUAL,
                      "无证开采", "越界开采", "以采代探", "非法转让", "破坏性开采", "已销号", "消除违法状态",
                      "补办手续", "部级", "省级", "退回", "需重新上报"})


def term(value: Any, lang: str = ZH) -> str:
    """A Chinese term stored as a value (category, flag, status, measure, verdict …) in ``lang``.

    Chinese: the term itself. English: its English, followed by the official Chinese term in
    parentheses where it is one (legal use (合法用地)); a term the table does not know stays as it is."""
    s = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    if _lang(lang) == ZH or s not in TERMS_EN:
        return s
    en = TERMS_EN[s]
    return f"{en} ({s})" if s in OFFICIAL else en


def terms_text(values: Any, lang: str = ZH, sep: Optional[str] = None) -> str:
    """A stored list of terms ('未备案；涉嫌犯罪，移送公安' uses ；) term by term."""
    s = "" if values is None or (isinstance(values, float) and values != values) else str(values)
    if _lang(lang) == ZH or not s:
        return s
    parts = s.split("；") if "；" in s else [s]
    return (sep or "; ").join(term(p, lang) for p in parts)


def measure_label(kind: str, area_mu: Optional[float] = None, lang: str = ZH) -> str:
    """A rectification measure: 拆除（3.18亩） / demolition (拆除), 3.18 mu."""
    lang = _lang(lang)
    if lang == EN:
        name = f"{TERMS_EN.get(kind, kind)} ({kind})" if kind in TERMS_EN else kind
        return name if area_mu is None else f"{name}, {mu_text(area_mu, EN)}"
    return kind if area_mu is None else f"{kind}（{mu_text(area_mu, ZH)}）"


# --- column headers ---------------------------------------------------------------------------------------
HEADERS_EN: dict[str, str] = {
    "乡镇": "Township", "村": "Village", "图斑数": "Patches", "已核查": "Checked", "完成率(%)": "Done %",
    "逾期": "Overdue", "违法": "Illegal", "已立案": "Filed", "已销号": "Closed",
    "监测编号": "Patch id (监测编号)", "批次": "Batch", "判定结果": "Determination", "依据条款": "Clause",
    "面积(亩)": "Area (mu)", "耕地(亩)": "Cultivated land (mu)", "永久基本农田(亩)": "Basic farmland (mu)",
    "判定依据说明": "Explanation", "状态": "Status", "立案编号": "Case number", "整改情况": "Rectification",
    "违法占用耕地(亩)": "Illegally occupied cultivated land (mu)",
    "违法占用永久基本农田(亩)": "Illegally occupied basic farmland (mu)",
    "认定单元": "Units", "未提交": "Not submitted", "待审核": "Awaiting sign-off", "退回": "Returned (退回)",
    "通过": "Passed", "已上报": "Sent up", "需重新上报": "To send up again (需重新上报)",
    "上级退回": "Returned from above",
    # 专人盯办 and the escalation register (store/dashboard.py, store/escalation.py)
    "盯办专人": "Person following up", "职务": "Title", "负责乡镇": "Townships", "待核查": "Not yet checked",
    "上报原因": "Reason", "情形": "Situation", "制止无效日期": "Stop order failed on", "上报日期": "Reported on",
    "上报对象": "Reported to", "处理结果": "Result", "处理结果日期": "Result on", "已上报天数": "Days since reported",
}


def header(name: str, lang: str = ZH) -> str:
    """A table header in ``lang``; headers ending in (亩) not listed read '… (mu)' in English."""
    if _lang(lang) == ZH:
        return name
    if name in HEADERS_EN:
        return HEADERS_EN[name]
    if name.endswith("(亩)"):
        base = name[:-3]
        return f"{term(base, EN) if base in TERMS_EN else base} (mu)"
    return term(name, EN)


def headers(names: Iterable[str], lang: str = ZH) -> list[str]:
    return [header(n, lang) for n in names]
