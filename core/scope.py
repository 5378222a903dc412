"""Which patches an export or a determination covers: the whole county, one township, the patches a queue lists,
the patches selected on the map, or one patch. Pure: the store turns a scope into patch ids."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

COUNTY, TOWNSHIP, LISTED, SELECTION, PATCH = "county", "township", "listed", "selection", "patch"
KINDS = (COUNTY, TOWNSHIP, LISTED, SELECTION, PATCH)

# Reports about the county as a whole (the 附件5 accountability arithmetic, the half-year and annual reports,
# the monthly statistics by township, the rectification progress, the referral letters per department): a part
# of the county would print a misleading county figure, so they are written only for the whole county.
COUNTY_DOCUMENTS = ("问责测算", "月度统计", "半年报告", "年度报告", "整改进展报告", "移交函", "工作简报", "警示约谈名单",
                    "挂牌督办与线索移交台账", "督办通知", "线索移交函")


@dataclass(frozen=True)
class Scope:
    kind: str = COUNTY
    township: Optional[str] = None          # TOWNSHIP: its name (乡镇名称, as in the patches' XZMC)
    fids: tuple[int, ...] = field(default=())  # LISTED / SELECTION / PATCH: the patches

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown scope {self.kind!r}")
        if self.kind == TOWNSHIP and not (self.township or "").strip():
            raise ValueError("a township scope needs the township's name")
        object.__setattr__(self, "fids", tuple(int(f) for f in self.fids))

    @property
    def whole_county(self) -> bool:
        return self.kind == COUNTY

    @classmethod
    def of_township(cls, name: str) -> Scope:
        return cls(TOWNSHIP, township=name.strip())

    @classmethod
    def of_patches(cls, fids: Iterable[int], kind: str = LISTED) -> Scope:
        return cls(kind, fids=tuple(fids))


def unit_in(unit_id, keys: set[str]) -> bool:
    """Whether a report row's 监测编号 (a patch's, or ``<监测编号>-<分割编号>`` of one of its parts) belongs to one of
    the patches ``keys``."""
    text = str(unit_id)
    return text in keys or text.rsplit("-", 1)[0] in keys


def keep_units(rows, keys: Iterable[str], column: str = "监测编号"):
    """The rows of a report table (a pandas DataFrame) that belong to the patches ``keys``, renumbered when the
    table has a 序号 column. A table without ``column`` is not about patches and comes back empty."""
    keys = {str(k) for k in keys}
    if column not in rows.columns:
        return rows.iloc[0:0]
    out = rows[[unit_in(v, keys) for v in rows[column]]].reset_index(drop=True)
    if "序号" in out.columns:
        out = out.assign(序号=range(1, len(out) + 1))
    return out
