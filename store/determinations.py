"""Facts in, determinations out: the workspace side of the rules (rules/ decides, this stores).

A patch's fact record = what the data gives (the overlay-derivable facts, from the patch's own area
fields until the land-survey overlay computes them) + what the operator entered in ``wz_fact``; an
entered value of a derivable fact is an override and needs a reason (kept in FGLY). Every save and
every determination is one audited transaction.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import numpy as np
import pandas as pd

from ..core.accountability import build_input
from ..rules import FACTS_BY_CODE, determine_frame, load_ruleset
from ..rules.facts import FACTS, FactValueError, normalize_value
from .errors import StoreError
from .migrations import MARKER_FIELDS
from .schema import STATUS_NEW
from .workspace import Workspace, now_text

DERIVABLE = tuple(f.code for f in FACTS if f.derivable)
STORED_FACTS = tuple(f.code for f in FACTS if not f.derived)
MARKERS = tuple(f.code for f in MARKER_FIELDS)
PENDING = "待定"
# Patch statuses a determination may move on to 已判定 (later ones belong to case tracking).
BEFORE_DETERMINED = (STATUS_NEW, "核查中", "已核查", "已判定")


def overlay_facts(patches: pd.DataFrame) -> pd.DataFrame:
    """Derivable facts from the patch fields (JSYDMJ/NYDMJ/WLYDMJ, GDMJ, YJJBNTMJ, SFSK, area)."""
    out = pd.DataFrame(index=patches.index)
    out["MJ"] = pd.to_numeric(patches["TBMJMU"], errors="coerce")
    out["GDMJ"] = pd.to_numeric(patches["GDMJ"], errors="coerce")
    out["YJJBNTMJ"] = pd.to_numeric(patches["YJJBNTMJ"], errors="coerce")
    js = pd.to_numeric(patches["JSYDMJ"], errors="coerce")
    other = pd.to_numeric(patches["NYDMJ"], errors="coerce") + pd.to_numeric(patches["WLYDMJ"], errors="coerce")
    known = js.notna() & other.notna()
    out["XZJSYD"] = np.where(known, (js > 0) & (other <= 0.005), None)
    out["SFSK"] = [None if v is None or v != v else str(v).strip() in ("是", "1", "true", "True", "Y")
                   for v in patches["SFSK"].tolist()]
    return out


def fact_frame(ws: Workspace, fids: Optional[list[int]] = None) -> pd.DataFrame:
    """One fact record per patch (index = patch fid), with county, township and the batch's rule year."""
    cols = ["JCBH", "PCID", "XZQDM", "XMC", "XZMC", "CMC", "TBMJMU", "GDMJ", "YJJBNTMJ", "JSYDMJ", "NYDMJ", "WLYDMJ",
            "SFSK", "ZT", "PDJG"]
    where, params = "", ()
    if fids is not None:
        fids = [int(f) for f in fids]
        if not fids:
            return pd.DataFrame()
        where = f"fid IN ({', '.join([ws.ph] * len(fids))})"
        params = tuple(fids)
    patches = ws.select("wz_patch", cols, where=where, params=params).set_index("fid")
    years = ws.batch_list().set_index("fid")["GZND"]
    frame = overlay_facts(patches)
    frame.insert(0, "JCBH", patches["JCBH"])
    frame["id"] = patches.index.astype(str)
    frame["county"] = patches["XZQDM"].fillna("").astype(str)
    frame["county_name"] = patches["XMC"]
    frame["township"] = patches["XZMC"]
    frame["year"] = patches["PCID"].map(years).astype("Int64")
    frame["ZT"] = patches["ZT"]
    entered = ws.select("wz_fact", list(STORED_FACTS) + list(MARKERS) + ["TBID", "FGID", "BBH"],
                        where='"FGID" IS NULL').set_index("TBID")
    entered = entered[entered.index.isin(frame.index)]
    for code in STORED_FACTS:
        col = entered[code].reindex(frame.index)
        if code in DERIVABLE:
            frame[code] = col.where(col.notna(), frame[code])  # an override wins over the data
        else:
            frame[code] = col
    for code in MARKERS:
        frame[code] = entered[code].reindex(frame.index)
    frame["fact_version"] = entered["BBH"].reindex(frame.index)
    return frame


def _storable(code: str, value):
    fact = FACTS_BY_CODE[code]
    v = normalize_value(fact, value)
    if v is None:
        return None
    if fact.type == "bool":
        return 1 if v else 0
    if fact.type == "date":
        return v.isoformat()
    return v


def save_facts(ws: Workspace, tbid: int, values: dict[str, Any], reasons: Optional[dict[str, str]] = None,
               expected_version: Optional[int] = None, source: Optional[str] = None) -> int:
    """Record facts of patch ``tbid`` (None clears one). Overriding a data-derived fact needs a reason.

    Returns the fact record's new version; a stale ``expected_version`` raises StaleVersion."""
    reasons = {k: v.strip() for k, v in (reasons or {}).items() if v and v.strip()}
    row: dict[str, Any] = {}
    for code, value in values.items():
        if code in MARKERS:
            row[code] = None if value is None else int(bool(value))
            continue
        fact = FACTS_BY_CODE.get(code)
        if fact is None:
            raise StoreError(f"{code}: not a fact of the facts contract")
        if fact.derived:
            raise StoreError(f"{code}（{fact.alias}）: is computed from other facts and cannot be entered")
        try:
            row[code] = _storable(code, value)
        except FactValueError as e:
            raise StoreError(str(e)) from None
    with ws.transaction():
        existing = ws.select("wz_fact", ["FGLY", "BBH"], where=f'"TBID" = {ws.ph} AND "FGID" IS NULL',
                             params=(int(tbid),))
        old_reasons = json.loads(existing["FGLY"].iloc[0] or "{}") if len(existing) else {}
        new_reasons = dict(old_reasons)
        for code in DERIVABLE:
            if code in row:
                if row[code] is None:
                    new_reasons.pop(code, None)
                elif code not in reasons and code not in old_reasons:
                    raise StoreError(f"{code}（{FACTS_BY_CODE[code].alias}）: changing a value the data gives "
                                     "needs a reason")
                else:
                    new_reasons[code] = reasons.get(code, old_reasons.get(code))
        if new_reasons != old_reasons or not len(existing):
            row["FGLY"] = json.dumps(new_reasons, ensure_ascii=False, sort_keys=True) if new_reasons else None
        if not len(existing):
            if ws.get("wz_patch", int(tbid)) is None:
                raise StoreError(f"patch #{tbid} does not exist")
            ws.insert("wz_fact", [{"TBID": int(tbid), **row}], source=source)
            version = 1
        else:
            version = ws.update("wz_fact", int(existing["fid"].iloc[0]), row, expected_version=expected_version,
                                source=source)
        patch = ws.get("wz_patch", int(tbid))
        if patch["ZT"] == STATUS_NEW:
            ws.update("wz_patch", int(tbid), {"ZT": "核查中"}, source=source)
    return version


def determine_patches(ws: Workspace, fids: Optional[list[int]] = None, source: Optional[str] = None) -> pd.DataFrame:
    """Determine patches under their batch's rule-set year and store the results (one transaction).

    Returns the results (index = patch fid) with the fields of ``Outcome.to_fields()``."""
    frame = fact_frame(ws, fids)
    if frame.empty:
        return pd.DataFrame()
    results = []
    for year, group in frame.groupby("year", dropna=False):
        rs = load_ruleset(int(year) if year == year and year is not None else None)
        records = group[list(STORED_FACTS)].astype(object).where(group[list(STORED_FACTS)].notna(), None)
        results.append(determine_frame(records, rs))
    res = pd.concat(results).reindex(frame.index)
    stamp, who = now_text(), ws.actor.username
    with ws.transaction():
        current = ws.select("wz_determ", where='"FGID" IS NULL').set_index("TBID")
        for fid, r in res.iterrows():
            fields = {k: (None if (v is None or v != v or v == "") else v) for k, v in r.items()}
            if fid in current.index:
                old = current.loc[fid]
                if all(_same(old.get(k), v) for k, v in fields.items()):
                    continue
                fields.update({"PDSJ": stamp, "PDR": who})
                ws.update("wz_determ", int(old["fid"]), fields, source=source, action="determine")
            else:
                fields.update({"TBID": int(fid), "PDSJ": stamp, "PDR": who})
                ws.insert("wz_determ", [fields], source=source)
            patch_change = {"PDJG": fields["PDJG"]}
            if fields["PDJG"] != PENDING and frame.at[fid, "ZT"] in BEFORE_DETERMINED:
                patch_change["ZT"] = "已判定"
            ws.update("wz_patch", int(fid), patch_change, source=source)
    return res


def _same(a, b) -> bool:
    a = None if a is None or (isinstance(a, float) and a != a) else a
    return a == b


def accountability_input(ws: Workspace, fids: Optional[list[int]] = None) -> pd.DataFrame:
    """附件5 input rows from the stored determinations and markers (core.accountability.build_input)."""
    frame = fact_frame(ws, fids)
    if frame.empty:
        return frame
    det = ws.select("wz_determ", ["TBID", "PDJG"], where='"FGID" IS NULL').set_index("TBID")["PDJG"]
    categories = det.reindex(frame.index).fillna(PENDING).tolist()

    def flag(code):
        return frame[code].fillna(0).astype(bool)

    infra = frame["ZDJCSS"].fillna("").astype(str)
    data = build_input(frame.reset_index(drop=True), categories, approvals_completed=flag("YBBSX").to_numpy(),
                       restored=flag("YCCFG").to_numpy(), major_infra=infra.to_numpy(),
                       supervision_fulfilled=flag("LXJGZZ").to_numpy(),
                       restored_in_year=(flag("NNXCWF") | flag("YCCFG")).to_numpy())
    data.attrs["names"] = {c: n for c, n in zip(frame["county"], frame["county_name"]) if c and isinstance(n, str)}
    return data

