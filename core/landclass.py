"""The land-class table: DLBM → name, three-category class (三大类) and summary group, as data.

The default table, ``data/landclass/gbt21010_2017_sandiao.csv``, is GB/T 21010-2017 with the 三调 work
classification (TD/T 1055-2019): every 三调 code (05H1, 08H1, 08H2, 09, the 湿地 group, the A
subclasses and the K 可调整 classes) and the GB/T codes that 三调 merges (0501–0507, 0801–0808,
0901–0906, 0604). Columns:

- ``DLBM``: the land-class code, kept as text (leading zeros matter);
- ``DLMC``: its name;
- ``category``: 农用地, 建设用地 or 未利用地 (GB/T 21010-2017 附录 three-category table: 1202 设施农用地,
  1006 农村道路, 1203 田坎, 1103/1104/1107 are 农用地; 1201 空闲地, 1109, 0603 盐田 are 建设用地;
  0404 其他草地, 1101, 1102, 1105, 1106, 1108, 1110, 1204–1207 are 未利用地);
- ``group``: the 三调 first-level class used for the per-patch summaries (耕地, 种植园用地, 林地, 草地,
  湿地, …); ``group_field``: the summary field that group fills (GDMJ for 耕地);
- ``scheme`` and ``note``: where the code comes from, for the reader.

A user may edit a copy (Excel saves it as UTF-8 with BOM or as GBK; both are read) and pass it to
:func:`load_landclass`. The table is validated on load: a wrong row is reported by file, line and
column.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CATEGORIES = ("农用地", "建设用地", "未利用地")
CATEGORY_FIELDS = {"农用地": "NYDMJ", "建设用地": "JSYDMJ", "未利用地": "WLYDMJ"}
CULTIVATED_GROUP = "耕地"
RIDGE = "1203"   # 田坎: receives the KCXS share of a parcel unless KCDLBM names another class
COLUMNS = ("DLBM", "DLMC", "category", "group", "group_field", "scheme", "note")
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "landclass" / "gbt21010_2017_sandiao.csv"
_FIELD_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,9}$")   # fits a DBF field name


def normalize_codes(codes) -> np.ndarray:
    """Land-class codes as the table spells them: text, upper case, stripped; codes that lost their
    leading zero by a trip through a number column (103, 9, 101.0) get it back (0103, 09, 0101)."""
    arr = np.asarray(codes, dtype=object).ravel()
    inv, uniq = pd.factorize(arr, use_na_sentinel=True)        # hashing: fast for a province's parcels
    fixed = np.empty(len(uniq) + 1, dtype=object)
    fixed[-1] = ""                                              # None / NaN (sentinel −1)
    for i, c in enumerate(uniq):
        s = str(c).strip().upper()
        if s.endswith(".0") and s[:-2].isdigit():
            s = s[:-2]
        if s.isdigit() and len(s) in (1, 3):
            s = s.zfill(len(s) + 1)
        fixed[i] = s
    return fixed[inv]


@dataclass(frozen=True)
class LandClassTable:
    """A validated land-class table; ``frame`` is indexed by DLBM."""
    frame: pd.DataFrame
    source: str = ""

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, source: str = "<frame>", lines=None) -> LandClassTable:
        """Validate ``frame``; ``lines`` gives each row's line in the file for error messages."""
        missing = [c for c in COLUMNS[:5] if c not in frame.columns]
        if missing:
            raise ValueError(f"{source}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
        df = frame.copy()
        for c in COLUMNS:
            if c not in df.columns:
                df[c] = ""
            df[c] = df[c].fillna("").astype(str).str.strip()
        df["DLBM"] = normalize_codes(df["DLBM"])
        errors = []
        group_field: dict[str, tuple[str, int]] = {}
        seen: dict[str, int] = {}
        lines = list(lines) if lines is not None else list(range(2, len(df) + 2))   # header is line 1
        for line, row in zip(lines, df.itertuples(index=False)):
            if not row.DLBM:
                errors.append(f"line {line}: DLBM is empty")
            elif row.DLBM in seen:
                errors.append(f"line {line}: DLBM {row.DLBM} repeats line {seen[row.DLBM]}")
            seen.setdefault(row.DLBM, line)
            if row.category not in CATEGORIES:
                errors.append(f"line {line}: category {row.category!r} is not one of {', '.join(CATEGORIES)}")
            if not row.group:
                errors.append(f"line {line}: group is empty")
            if not _FIELD_RE.match(row.group_field):
                errors.append(f"line {line}: group_field {row.group_field!r} is not a field name "
                              "(A–Z, 0–9, _; at most 10 characters)")
            elif row.group_field in CATEGORY_FIELDS.values():
                errors.append(f"line {line}: group_field {row.group_field} is a three-category field")
            prev = group_field.setdefault(row.group, (row.group_field, line))
            if prev[0] != row.group_field:
                errors.append(f"line {line}: group {row.group} has field {row.group_field} here but "
                              f"{prev[0]} on line {prev[1]}")
        fields = {}
        for g, (f, line) in group_field.items():
            if fields.setdefault(f, g) != g:
                errors.append(f"line {line}: group_field {f} is used by groups {fields[f]} and {g}")
        if RIDGE not in seen:
            errors.append(f"the table has no row for {RIDGE} 田坎, which receives the KCXS deduction")
        if errors:
            raise ValueError(f"{source}: " + "; ".join(errors))
        return cls(df.set_index("DLBM", drop=False)[list(COLUMNS)], source)

    # -- look-ups ------------------------------------------------------------------------------------
    def resolve(self, codes) -> tuple[np.ndarray, np.ndarray]:
        """For each code: the table row it maps to (the code itself, else the 4-character class it
        subdivides, e.g. 0102K → 0102, else '') and whether the prefix rule was used."""
        codes = normalize_codes(codes)
        uniq, inv = np.unique(codes.astype(str), return_inverse=True)
        known = set(self.frame.index)
        keys = np.array([c if c in known else (c[:4] if c[:4] in known else "") for c in uniq], dtype=object)
        by_prefix = np.array([c not in known and k != "" for c, k in zip(uniq, keys)], dtype=bool)
        return keys[inv], by_prefix[inv]

    def column(self, codes, column: str, missing: str = "") -> np.ndarray:
        keys, _ = self.resolve(codes)
        col = self.frame[column].to_dict()
        return np.array([col.get(k, missing) for k in keys], dtype=object)

    def codes(self, *, category: str | None = None, group: str | None = None) -> frozenset:
        f = self.frame
        sel = np.ones(len(f), bool)
        if category is not None:
            sel &= (f["category"] == category).to_numpy()
        if group is not None:
            sel &= (f["group"] == group).to_numpy()
        return frozenset(f.index[sel])

    @property
    def groups(self) -> dict[str, str]:
        """group → summary field, in table order."""
        return dict(zip(self.frame["group"], self.frame["group_field"]))

    def names(self) -> dict[str, str]:
        return self.frame["DLMC"].to_dict()

    def to_csv(self, path) -> None:
        """Write the table for a user to edit (UTF-8 with BOM, which Excel opens correctly)."""
        self.frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def read_table(path) -> LandClassTable:
    path = Path(path)
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:   # pragma: no cover - gb18030 decodes any byte string
        raise ValueError(f"{path}: neither UTF-8 nor GBK text")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise ValueError(f"{path}: empty file")
    header = [h.strip() for h in rows[0]]
    kept = [(n, r + [""] * (len(header) - len(r))) for n, r in enumerate(rows[1:], start=2)
            if any(x.strip() for x in r)]
    frame = pd.DataFrame([r[:len(header)] for _, r in kept], columns=header, dtype=object)
    return LandClassTable.from_frame(frame, str(path), [n for n, _ in kept])


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> LandClassTable:
    return read_table(path)


def load_landclass(path=None) -> LandClassTable:
    """The table at ``path`` (default: the shipped GB/T 21010-2017 + 三调 table); cached per file version."""
    p = Path(path) if path is not None else DEFAULT_PATH
    return _cached(str(p.resolve()), p.stat().st_mtime)
