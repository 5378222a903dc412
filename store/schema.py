"""The workspace schema as data: tables, DBF-safe field codes (≤10 ASCII chars) and Chinese aliases.

Both stores build their DDL from these definitions; migrations are numbered steps applied on open.
The Ministry's pinyin codes are used where they exist (DOMAIN.md §6); system tables use short
English codes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

WORKSPACE_SRID = 4490  # CGCS2000 geographic: one CRS for patches from every 3° zone


@dataclass(frozen=True)
class Field:
    code: str
    alias: str
    type: str = "TEXT"  # TEXT, INTEGER, REAL, DATE, DATETIME, BOOLEAN
    not_null: bool = False
    default: Optional[str] = None  # SQL literal
    long: bool = False  # long text: the audit records its SHA-256 instead of the value


@dataclass(frozen=True)
class Table:
    name: str
    alias: str
    fields: tuple[Field, ...]
    geometry: Optional[str] = None  # MULTIPOLYGON, POINT …
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    extra: tuple[str, ...] = field(default=())

    def field(self, code: str) -> Field:
        for f in self.fields:
            if f.code == code:
                return f
        raise KeyError(f"{self.name} has no field {code}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.fields)


F = Field

STATUS_NEW = "待核查"
STATUSES = ("待核查", "核查中", "已核查", "已判定", "整改中", "已整改", "已销号")

BATCH = Table("wz_batch", "批次", (
    F("PCBH", "批次编号", not_null=True),
    F("JB", "级别", not_null=True),
    F("XFRQ", "下发日期", "DATE", not_null=True),
    F("GZND", "规则年度", "INTEGER", not_null=True),
    F("HCJZ", "核查截止", "DATE"),
    F("SJSHJZ", "市级审核截止", "DATE"),
    F("RLJZ", "认领截止", "DATE"),
    F("LYWJ", "来源文件"),
    F("LYSHA", "来源文件校验"),
    F("BM", "字符编码"),
    F("YZBX", "原坐标系"),
    F("YSFA", "字段映射方案"),
    F("TBS", "图斑数", "INTEGER"),
    F("DRSJ", "导入时间", "DATETIME"),
    F("DRR", "导入人"),
), unique=(("PCBH",),), indexes=(("LYSHA",),))

PATCH = Table("wz_patch", "图斑", (
    F("JCBH", "监测编号", not_null=True),
    F("PCID", "批次", "INTEGER", not_null=True),
    F("XZQDM", "行政区代码"),
    F("XMC", "县名称"),
    F("XZDM", "乡镇代码"),
    F("XZMC", "乡镇名称"),
    F("CDM", "村代码"),
    F("CMC", "村名称"),
    F("TBLX", "图斑类型"),
    F("QSX", "前时相"),
    F("HSX", "后时相"),
    F("XFSJ", "下发时间", "DATE"),
    F("JCMJ", "监测面积(亩)", "REAL"),
    F("GDMJ", "耕地面积(亩)", "REAL"),
    F("YJJBNTMJ", "永久基本农田面积(亩)", "REAL"),
    F("NYDMJ", "农用地面积(亩)", "REAL"),
    F("JSYDMJ", "建设用地面积(亩)", "REAL"),
    F("WLYDMJ", "未利用地面积(亩)", "REAL"),
    F("LZB", "中心点经度", "REAL"),
    F("BZB", "中心点纬度", "REAL"),
    F("SFSK", "是否涉矿"),
    F("BZ", "备注"),
    F("TBMJ", "椭球面积(平方米)", "REAL"),
    F("TBMJMU", "椭球面积(亩)", "REAL"),
    F("XFSM", "几何修复说明"),
    F("HCJZ", "核查截止", "DATE"),
    F("ZT", "状态", not_null=True, default=f"'{STATUS_NEW}'"),
    F("PDJG", "判定结果"),
    F("CFXF", "重复下发(原图斑)", "INTEGER"),
    F("YSSX", "原始属性", long=True),
    F("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    F("XGSJ", "修改时间", "DATETIME"),
    F("XGR", "修改人"),
), geometry="MULTIPOLYGON", unique=(("PCID", "JCBH"),), indexes=(("JCBH",), ("ZT",), ("HCJZ",)))

PART = Table("wz_part", "分割地块", (
    F("TBID", "图斑", "INTEGER", not_null=True),
    F("FGBH", "分割编号", not_null=True),
    F("TBMJ", "椭球面积(平方米)", "REAL"),
    F("TBMJMU", "椭球面积(亩)", "REAL"),
    F("PDJG", "判定结果"),
    F("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    F("XGSJ", "修改时间", "DATETIME"),
    F("XGR", "修改人"),
), geometry="MULTIPOLYGON", unique=(("TBID", "FGBH"),))

FACT = Table("wz_fact", "核查事实", (
    F("TBID", "图斑", "INTEGER", not_null=True),
    F("FGID", "分割地块", "INTEGER"),
    F("FGLY", "修正理由"),  # {fact code: reason} for overlay-derived facts the operator overrode
    F("BBH", "版本号", "INTEGER", not_null=True, default="1"),
    F("XGSJ", "修改时间", "DATETIME"),
    F("XGR", "修改人"),
), indexes=(("TBID",),), unique=(("TBID", "FGID"),))

DETERMINATION = Table("wz_determ", "判定结果", (
    F("TBID", "图斑", "INTEGER", not_null=True),
    F("FGID", "分割地块", "INTEGER"),
    F("PDJG", "判定结果"),
    F("PDBZ", "判定标注"),
    F("PDTK", "判定条款"),
    F("PDGZ", "判定规则"),
    F("PDYJSM", "判定依据说明"),
    F("QSSS", "缺少事实"),
    F("GZJ", "规则集"),
    F("KCPDJG", "矿产判定结果"),
    F("KCPDSM", "矿产判定说明"),
    F("PDSJ", "判定时间", "DATETIME"),
    F("PDR", "判定人"),
    F("BBH", "版本号", "INTEGER", not_null=True, default="1"),
), indexes=(("TBID",),))

PHOTO = Table("wz_photo", "现场照片", (
    F("TBID", "图斑", "INTEGER"),
    F("WJLJ", "文件路径", not_null=True),
    F("YWJM", "原文件名"),
    F("SHA", "校验和", not_null=True),
    F("FX", "拍摄方向", "REAL"),
    F("PSSJ", "拍摄时间", "DATETIME"),
    F("SB", "设备"),
    F("TJSJ", "添加时间", "DATETIME"),
    F("TJR", "添加人"),
), geometry="POINT", unique=(("SHA",),), indexes=(("TBID",),))

ROSTER = Table("wz_roster", "名册", (
    F("LB", "类别", not_null=True),
    F("DM", "代码"),
    F("MC", "名称", not_null=True),
    F("SJDM", "上级代码"),
    F("FZR", "负责人"),
    F("ZW", "职务"),
    F("ZRDW", "责任单位"),
    F("BZ", "备注"),
), geometry="MULTIPOLYGON", indexes=(("LB", "DM"),))

AUDIT = Table("wz_audit", "审计日志", (
    F("SEQ", "序号", "INTEGER", not_null=True),
    F("TS", "时间", "DATETIME", not_null=True),
    F("USERNAME", "操作人", not_null=True),
    F("HOST", "计算机"),
    F("TBL", "表"),
    F("ROWKEY", "记录"),
    F("ACTION", "操作", not_null=True),
    F("CHANGES", "变更内容"),
    F("SOURCE", "来源"),
    F("PREVHASH", "前一记录哈希", not_null=True),
    F("HASH", "哈希", not_null=True),
), unique=(("SEQ",),), indexes=(("TBL", "ROWKEY"),))

META = Table("wz_meta", "工作空间信息", (
    F("KEY", "键", not_null=True),
    F("VALUE", "值"),
), unique=(("KEY",),))

TABLES_V1 = (META, BATCH, PATCH, PART, FACT, DETERMINATION, PHOTO, ROSTER, AUDIT)
TABLES = {t.name: t for t in TABLES_V1}

# Tables whose rows are audited on every change.
AUDITED = ("wz_batch", "wz_patch", "wz_part", "wz_fact", "wz_determ", "wz_photo", "wz_roster", "wz_dlmj",
           "wz_case", "wz_measure", "wz_referral", "wz_sample", "wz_violator", "wz_delay", "wz_fpkg", "wz_fconf",
           "wz_signoff", "wz_sbjl", "wz_talk", "wz_supervise", "wz_clue",
           "wz_escal", "wz_refcov", "wz_refsug")


def check_codes() -> list[str]:
    """Problems with field codes (a test keeps this empty): DBF allows 10 ASCII chars."""
    problems = []
    for t in TABLES_V1:
        seen = set()
        for f in t.fields:
            if len(f.code) > 10 or not f.code.isascii() or not f.code.replace("_", "").isalnum():
                problems.append(f"{t.name}.{f.code}: not a DBF-safe code")
            if f.code.upper() in seen:
                problems.append(f"{t.name}.{f.code}: duplicate")
            seen.add(f.code.upper())
    return problems
