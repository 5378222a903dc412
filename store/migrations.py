"""Numbered schema steps, applied in order when a workspace is opened.

A step is data (create these tables, add these fields) so that GeoPackage and PostGIS apply the same
change. Never edit a released step: add the next one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..rules.facts import FACTS
from .schema import TABLES_V1, Field, Table

_FACT_TYPES = {"bool": "BOOLEAN", "enum": "TEXT", "text": "TEXT", "date": "DATE", "number": "REAL"}


def fact_fields() -> tuple[Field, ...]:
    """The facts contract (rules/facts.py) as workspace fields; derived facts are computed, not stored."""
    return tuple(Field(f.code, f.alias, _FACT_TYPES[f.type]) for f in FACTS if not f.derived)


# Accountability markers (附件5) kept per patch/part until case tracking records them itself.
MARKER_FIELDS = (
    Field("YBBSX", "已补办完善用地手续", "BOOLEAN"),
    Field("YCCFG", "已拆除复耕到位", "BOOLEAN"),
    Field("ZDJCSS", "重大基础设施项目"),      # national / provincial
    Field("LXJGZZ", "已履行监管和服务职责", "BOOLEAN"),
    Field("NNXCWF", "年内消除违法状态", "BOOLEAN"),
)


@dataclass(frozen=True)
class CreateTable:
    table: Table


@dataclass(frozen=True)
class AddFields:
    table: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class AddIndex:
    table: str
    columns: tuple[str, ...]


Op = Union[CreateTable, AddFields, AddIndex]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    ops: tuple[Op, ...]


# Land-survey overlay (issue 4): the per-class breakdown, and summary areas on parts like on patches.
LANDUSE = Table("wz_dlmj", "地类面积", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("LX", "类型", not_null=True),          # 地类 (a land class) or 保护 (a protection layer)
    Field("DM", "代码", not_null=True),          # DLBM, or the protection layer's summary field
    Field("MC", "名称"),
    Field("SDL", "三大类"),
    Field("MJ", "面积(平方米)", "REAL"),
    Field("MJMU", "面积(亩)", "REAL"),
    Field("FXSJ", "分析时间", "DATETIME"),
), indexes=(("TBID",),))
PART_AREAS = tuple(Field(c, a, "REAL") for c, a in (
    ("GDMJ", "耕地面积(亩)"), ("YJJBNTMJ", "永久基本农田面积(亩)"), ("NYDMJ", "农用地面积(亩)"),
    ("JSYDMJ", "建设用地面积(亩)"), ("WLYDMJ", "未利用地面积(亩)")))
OVERLAY_STAMP = (Field("DLFX", "三调叠加分析"),)  # when and against what the areas were computed

# Case workflow (issue 7): cases and their measures, referrals, sampled review, violators, delays.
CASE = Table("wz_case", "立案查处", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("LABH", "立案编号", not_null=True),
    Field("LARQ", "立案日期", "DATE", not_null=True),
    Field("WFMJ", "违法面积(亩)", "REAL", not_null=True),
    Field("WFGDMJ", "违法占用耕地(亩)", "REAL", not_null=True),
    Field("FKJE", "罚款(元)", "REAL"),
    Field("MSJZ", "没收建筑物", "BOOLEAN"),
    Field("CFWH", "处罚决定书文号"),
    Field("CFRQ", "处罚决定日期", "DATE"),
    Field("AJZT", "案件状态", not_null=True),
    Field("ZTLS", "状态历史", long=True),         # JSON [[status, date, note], …]
    Field("XCRQ", "消除违法状态日期", "DATE"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",),), unique=(("TBID", "FGID"),))
MEASURE = Table("wz_measure", "整改措施", (
    Field("AJID", "案件", "INTEGER", not_null=True),
    Field("XH", "序号", "INTEGER", not_null=True),
    Field("CS", "措施", not_null=True),
    Field("MJ", "面积(亩)", "REAL", not_null=True),
    Field("KSRQ", "开始日期", "DATE"),
    Field("WCRQ", "完成日期", "DATE"),
    Field("WH", "文号"),
    Field("WJRQ", "文件日期", "DATE"),
    Field("ZP", "照片"),                          # JSON list of wz_photo checksums (SHA)
    Field("ZJWT", "证据问题", long=True),          # what keeps the measure from counting; empty = counts
    Field("BZ", "备注"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("AJID",),), unique=(("AJID", "XH"),))
REFERRAL = Table("wz_referral", "移交登记", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("BM", "接收部门", not_null=True),
    Field("FX", "方向", not_null=True),           # 移送 / 调取
    Field("SY", "移交事由", long=True),
    Field("WH", "移送函文号"),
    Field("FCRQ", "发出日期", "DATE"),
    Field("JSRQ", "接收日期", "DATE"),
    Field("FKJG", "反馈结果", long=True),
    Field("FKRQ", "反馈日期", "DATE"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",),), unique=(("TBID", "BM", "FX"),))
SAMPLE = Table("wz_sample", "抽样复核", (
    Field("CYMC", "抽样名称", not_null=True),
    Field("ZZ", "随机种子", not_null=True),
    Field("BL", "抽样比例", "REAL", not_null=True),
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("XZMC", "乡镇名称"),
    Field("FHJL", "复核结论"),                     # 真实 / 不真实, empty until reviewed
    Field("FHSM", "复核说明"),
    Field("FHR", "复核人"),
    Field("FHSJ", "复核时间", "DATETIME"),
    Field("SPHC", "视频核查说明"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",),), unique=(("CYMC", "TBID"),))
VIOLATOR = Table("wz_violator", "违法主体", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("MC", "名称", not_null=True),
    Field("LX", "类型", not_null=True),            # 个人 / 单位
    Field("ZJHM", "证件号码"),                      # 身份证号 or 统一社会信用代码
    Field("ND", "年度", "INTEGER", not_null=True),
    Field("BZ", "备注"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",), ("MC",)))
DELAY = Table("wz_delay", "延期申请", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("YY", "延期理由", not_null=True, long=True),
    Field("YJZ", "原截止日期", "DATE"),
    Field("XJZ", "新截止日期", "DATE", not_null=True),
    Field("SQRQ", "申请日期", "DATE", not_null=True),
    Field("PZR", "批准人"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",),))
CASE_TABLES = (CASE, MEASURE, REFERRAL, SAMPLE, VIOLATOR, DELAY)

# Field round-trip (issue 8): stable identities that survive a trip to a verifier's phone and back, the
# packages exported and imported, and the facts changed on both sides that wait for a person's decision.
IDENTITY = (Field("UUID", "唯一标识"),)
FIELD_PACKAGE = Table("wz_fpkg", "外业数据包", (
    Field("BH", "数据包编号", not_null=True),      # the manifest's package id (a UUID)
    Field("LX", "类型", not_null=True),            # 导出 / 导入
    Field("MC", "名称"),                           # the package folder's name
    Field("SHA", "内容校验和"),                     # an import: SHA-256 of what was read (same → not again)
    Field("XZMC", "乡镇名称"),
    Field("HCY", "核查人员"),
    Field("TBS", "图斑数", "INTEGER"),
    Field("JG", "结果", long=True),                # JSON: what was merged, conflicted, added, rejected
    Field("WYZ", "已处理外业值", long=True),         # JSON {uuid: {fact code: value}} seen at this import
    Field("CZSJ", "操作时间", "DATETIME"),
    Field("CZR", "操作人"),
), indexes=(("BH",), ("SHA",)))
FIELD_CONFLICT = Table("wz_fconf", "外业冲突", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("LX", "类型", not_null=True),            # 事实 (a fact) / 分割 (the split of the patch)
    Field("SSDM", "事实代码"),
    Field("JZ", "基准值"),                          # JSON: the value both sides started from (the export)
    Field("NYZ", "内业值", long=True),               # JSON: the office's value when the conflict was found
    Field("NYR", "内业修改人"),
    Field("NYSJ", "内业修改时间", "DATETIME"),
    Field("WYZ", "外业值", long=True),               # JSON: the field's value (a split: the parts as WKT)
    Field("WYR", "外业核查人"),
    Field("WYSJ", "外业核查时间", "DATETIME"),
    Field("SJB", "数据包编号"),
    Field("SJBMC", "数据包名称"),
    Field("ZT", "状态", not_null=True, default="'待处理'"),  # 待处理 / 已处理
    Field("CLFS", "处理方式"),                      # office / field / value
    Field("CLZ", "采用值", long=True),
    Field("CLR", "处理人"),
    Field("CLSJ", "处理时间", "DATETIME"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",), ("ZT",)))

# Sign-off up the chain (issue 18): the county's 审核验收 of each unit (patch or part), what went up (上报) and
# the city's / province's verdicts; the structure of the batch's own layer, to return it in its own schema.
SIGNOFF = Table("wz_signoff", "审核验收", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("ZT", "审核状态", not_null=True),          # 待审核 / 退回 / 通过
    Field("TJR", "提交人"),
    Field("TJSJ", "提交时间", "DATETIME"),
    Field("SHR", "审核人"),
    Field("SHSJ", "审核时间", "DATETIME"),
    Field("SHYJ", "审核意见", long=True),            # the reason of a county 退回
    Field("SHZY", "审核内容摘要"),                    # digest of the unit's content when it was passed
    Field("XTCS", "县级退回次数", "INTEGER", not_null=True, default="0"),
    Field("SBZT", "上报状态"),                        # 已上报 / 需重新上报
    Field("SBBH", "上报编号"),
    Field("SBSJ", "上报时间", "DATETIME"),
    Field("SBZY", "上报内容摘要"),                    # digest of what went up
    Field("SJJB", "上级审核级别"),                    # 市级 / 省级
    Field("SJZT", "上级审核结论"),                    # 通过 / 退回
    Field("SJYJ", "上级审核意见", long=True),
    Field("SJQX", "上级整改期限", "DATE"),
    Field("SJSJ", "上级审核导入时间", "DATETIME"),
    Field("THCS", "上级退回次数", "INTEGER", not_null=True, default="0"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",), ("ZT",)), unique=(("TBID", "FGID"),))
EXCHANGE_LOG = Table("wz_sbjl", "上报与上级审核记录", (
    Field("BH", "编号", not_null=True),
    Field("LX", "类型", not_null=True),              # 上报 / 市级审核 / 省级审核
    Field("PCBH", "批次编号"),
    Field("SJ", "时间", "DATETIME", not_null=True),
    Field("CZR", "操作人"),
    Field("TBS", "单元数", "INTEGER"),
    Field("DY", "单元", long=True),                  # JSON list of unit keys (监测编号[-分割编号])
    Field("SJTS", "审计记录数", "INTEGER"),           # the audit chain's length and head at that time
    Field("SJTOU", "审计链头"),
    Field("ML", "输出目录"),
    Field("WJ", "文件"),
    Field("SHA", "文件校验和"),
    Field("JG", "结果", long=True),                  # JSON: what was written / applied / refused
), indexes=(("BH",),))
LAYER_STRUCTURE = (Field("ZDJG", "原图层结构", long=True),)  # JSON: driver, layer, geometry, fields as received
# 警示约谈 (issue 18 item 6, store/talks.py): one record per talk with a township, its 整改 and their completion.
TALK = Table("wz_talk", "警示约谈", (
    Field("XZMC", "乡镇名称", not_null=True),
    Field("YTRQ", "约谈日期", "DATE", not_null=True),
    Field("CHRY", "参加人员", not_null=True),
    Field("YTSY", "约谈事由"),
    Field("ZGYQ", "整改要求", not_null=True),
    Field("ZGQX", "整改期限", "DATE", not_null=True),
    Field("ZT", "状态", not_null=True),              # 整改中 / 已完成整改 (core/talks.py)
    Field("WCRQ", "整改完成日期", "DATE"),
    Field("WCQK", "完成情况"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("XZMC",),))

# 挂牌督办 (issue 18 item 5, store/supervision.py): one record per supervised case, progress as dated notes.
SUPERVISE = Table("wz_supervise", "挂牌督办", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("DBDW", "督办单位", not_null=True),
    Field("DBRQ", "督办日期", "DATE", not_null=True),
    Field("BJQX", "办结期限", "DATE", not_null=True),
    Field("ZRR", "责任人", not_null=True),
    Field("DBYQ", "督办要求"),
    Field("JZQK", "进展情况", long=True),          # JSON [[date, note], …] (core/supervision.py)
    Field("ZT", "状态", not_null=True),            # 督办中 / 已办结
    Field("BJRQ", "办结日期", "DATE"),
    Field("BJQK", "办结情况"),
    Field("WH", "督办通知文号"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",),))
# 问题线索移交 (issue 18 item 7): one line per (subject, receiving body).
CLUE = Table("wz_clue", "问题线索移交", (
    Field("DX", "线索对象", not_null=True),
    Field("JSJG", "接收机关", not_null=True),       # 纪检监察机关 / 组织人事部门
    Field("LB", "线索类别"),                       # 问责、涉嫌犯罪、屡查屡犯、工作不力 (、-joined)
    Field("SY", "移交事由", long=True, not_null=True),
    Field("YJRQ", "移交日期", "DATE"),
    Field("WH", "移交函文号"),
    Field("CLJG", "处理结果"),
    Field("FKRQ", "反馈日期", "DATE"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("DX",),), unique=(("DX", "JSJG"),))
# 上报县政府登记 (issue 18 item 8, store/escalation.py; rules in core/escalation.py)
ESCALATION = Table("wz_escal", "制止无效上报登记", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("SBYY", "上报原因", not_null=True),        # 重大违法用地 / 跨区线性工程 (；between both)
    Field("QX", "情形", not_null=True),              # 制止无效 / 查处工作无法进行
    Field("ZZWXRQ", "制止无效日期", "DATE", not_null=True),
    Field("SBRQ", "上报日期", "DATE", not_null=True),
    Field("SBDX", "上报对象", not_null=True),
    Field("CLJG", "处理结果"),
    Field("JGRQ", "处理结果日期", "DATE"),
    Field("BZ", "备注"),
    Field("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    Field("XGSJ", "修改时间", "DATETIME"),
    Field("XGR", "修改人"),
), indexes=(("TBID",),))

# Reference data (issue 17, store/reference.py): the overlay of every unit with the county's registered reference
# layers (approvals, filings, licences, protected zones, earlier patches), and the facts they suggest.
REFERENCE_COVER = Table("wz_refcov", "参考图层叠加", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("TCID", "参考图层", not_null=True),       # the registered layer's id (settings "reference_layers")
    Field("TCLX", "参考数据类型", not_null=True),   # the kind's id (rules/reference_kinds.json)
    Field("YSID", "要素编号", "INTEGER", not_null=True),  # the feature's id in that layer
    Field("MJ", "覆盖面积(平方米)", "REAL"),
    Field("MJMU", "覆盖面积(亩)", "REAL"),
    Field("ZB", "覆盖比例", "REAL"),                # share of the unit's area, 0..1
    Field("SX", "要素属性", long=True),             # JSON {attribute key: value} as mapped at overlay time
    Field("FXSJ", "分析时间", "DATETIME"),
), indexes=(("TBID",), ("TCID",)))
REFERENCE_SUGGESTION = Table("wz_refsug", "参考数据建议", (
    Field("TBID", "图斑", "INTEGER", not_null=True),
    Field("FGID", "分割地块", "INTEGER"),
    Field("TCID", "参考图层", not_null=True),
    Field("SSDM", "事实代码"),                      # the fact suggested; empty for a note (e.g. an earlier patch)
    Field("JYZ", "建议值"),                         # JSON of the value (as rules.facts.normalize_value gives it)
    Field("LY", "来源", long=True),                 # JSON [source, …]: layer, feature, attributes, area, share
    Field("SM", "说明", long=True),                 # the plain-Chinese reason shown to the operator
    Field("ZT", "状态", not_null=True),             # 待确认 / 已采纳 / 已改填 / 已失效
    Field("GTLY", "改填理由"),
    Field("CLR", "处理人"),
    Field("CLSJ", "处理时间", "DATETIME"),
    Field("FXSJ", "分析时间", "DATETIME"),
), indexes=(("TBID",), ("ZT",)))

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial workspace schema", tuple(CreateTable(t) for t in TABLES_V1)),
    Migration(2, "facts contract of the 2021 rules and accountability markers",
              (AddFields("wz_fact", fact_fields() + MARKER_FIELDS),)),
    Migration(3, "land-survey overlay: class breakdown, part areas",
              (CreateTable(LANDUSE), AddFields("wz_part", PART_AREAS + OVERLAY_STAMP),
               AddFields("wz_patch", OVERLAY_STAMP))),
    Migration(4, "case workflow: cases, measures, referrals, sampled review, violators, delays",
              tuple(CreateTable(t) for t in CASE_TABLES)),
    Migration(5, "field round-trip: stable identities, field packages, conflicts",
              (AddFields("wz_patch", IDENTITY), AddFields("wz_part", IDENTITY), AddFields("wz_photo", IDENTITY),
               CreateTable(FIELD_PACKAGE), CreateTable(FIELD_CONFLICT))),
    Migration(6, "sign-off up the chain: county review, returns, reviews from above; the batch layer's structure",
              (CreateTable(SIGNOFF), CreateTable(EXCHANGE_LOG), AddFields("wz_batch", LAYER_STRUCTURE))),
    # issue 16: a photo taken from a drone (its XMP says so) and its height above the take-off point
    Migration(7, "drone photos: marker and relative altitude",
              (AddFields("wz_photo", (Field("WRJ", "无人机", "BOOLEAN"), Field("XDGD", "相对高度(米)", "REAL"))),)),
    # issue 18 item 6: 警示约谈 of townships and the 整改 they were asked for, followed to completion
    Migration(8, "warning talks (警示约谈) and their follow-up", (CreateTable(TALK),)),
    # issue 18 items 5 and 7: 挂牌督办 of key cases; 问题线索 sent to 纪检监察机关 / 组织人事部门
    Migration(9, "supervised cases (挂牌督办) and clue referrals (问题线索移交)",
              (CreateTable(SUPERVISE), CreateTable(CLUE))),
    # issue 18 item 8: 重大 / 跨区线性工程 cases where stopping failed, reported to the county government
    Migration(10, "escalation register (制止无效上报登记)", (CreateTable(ESCALATION),)),
    # issue 17: facts suggested by the county's reference layers, with the features they came from
    Migration(11, "reference-layer overlay and suggested facts",
              (CreateTable(REFERENCE_COVER), CreateTable(REFERENCE_SUGGESTION))),
    # issue 15: a pre-fill reads a layer's earlier suggestions by layer; without this it read the whole table
    Migration(12, "index of suggested facts by reference layer", (AddIndex("wz_refsug", ("TCID",)),)),
)

LATEST = MIGRATIONS[-1].version


def current_tables() -> dict[str, Table]:
    """The tables as every migration together leaves them (what code may rely on)."""
    tables: dict[str, Table] = {}
    for m in MIGRATIONS:
        for op in m.ops:
            if isinstance(op, CreateTable):
                tables[op.table.name] = op.table
            elif isinstance(op, AddIndex):
                t = tables[op.table]
                tables[op.table] = Table(t.name, t.alias, t.fields, t.geometry, (*t.indexes, op.columns),
                                         t.unique, t.extra)
            else:
                t = tables[op.table]
                tables[op.table] = Table(t.name, t.alias, t.fields + op.fields, t.geometry, t.indexes,
                                         t.unique, t.extra)
    return tables
