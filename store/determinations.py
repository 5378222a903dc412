"""Facts in, determinations out: the workspace side of the rules (rules/ decides, this stores).

The unit of judgement is a patch, or each part of a split patch. A unit's fact record = what the data
gives (the overlay-derivable facts; from the patch's own area fields until the land-survey overlay
computes them) + what the operator entered in ``wz_fact``. A part inherits the facts entered on its
patch and overrides them with its own. An entered value of a derivable fact is an override and needs
a reason (kept in FGLY). Every save and every determination is one audited transaction.
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
ENTERED = tuple(c for c in STORED_FACTS if c not in DERIVABLE)
MARKERS = tuple(f.code for f in MARKER_FIELDS)
PENDING = "待定"
# Patch statuses a determination may move on to 已判定 (later ones belong to case tracking).
BEFORE_DETERMINED = (STATUS_NEW, "核查中", "已核查", "已判定")
PATCH_COLUMNS = ["JCBH", "PCID", "XZQDM", "XMC", "XZDM", "XZMC", "CMC", "TBMJMU", "GDMJ", "YJJBNTMJ", "JSYDMJ",
                 "NYDMJ", "WLYDMJ", "SFSK", "ZT", "PDJG"]


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


def _part_overlay(patch: pd.Series, construction_mu, part_mu: float) -> dict:
    """What a part's data gives before the overlay runs: its area, and what follows from the patch
    (all construction land stays so in every part, none stays none; no cultivated land or basic
    farmland in the patch means none in a part); the rest stays unknown."""
    xzjsyd = True if patch["XZJSYD"] is True else (False if construction_mu == 0 else None)
    return {"MJ": part_mu, "XZJSYD": xzjsyd, "SFSK": False if patch["SFSK"] is False else None,
            "GDMJ": 0.0 if patch["GDMJ"] == 0 else None, "YJJBNTMJ": 0.0 if patch["YJJBNTMJ"] == 0 else None}


def fact_frame(ws: Workspace, fids: Optional[list[int]] = None) -> pd.DataFrame:
    """One fact record per unit (a patch, or each part of a split patch).

    Index: "fid" for a patch, "fid-分割编号" for a part. Columns: TBID, FGID, JCBH, county, county_name,
    township, year (the batch's rule-set year), ZT, every stored fact, the accountability markers."""
    where, params = "", ()
    if fids is not None:
        fids = [int(f) for f in fids]
        if not fids:
            return pd.DataFrame()
        where = f"fid IN ({', '.join([ws.ph] * len(fids))})"
        params = tuple(fids)
    patches = ws.select("wz_patch", PATCH_COLUMNS, where=where, params=params).set_index("fid")
    if patches.empty:
        return pd.DataFrame()
    years = ws.batch_list().set_index("fid")["GZND"]
    base = overlay_facts(patches)
    base["JCBH"] = patches["JCBH"]
    base["county"] = patches["XZQDM"].fillna("").astype(str)
    base["county_name"] = patches["XMC"]
    base["township"] = patches["XZMC"]
    base["year"] = patches["PCID"].map(years)
    base["ZT"] = patches["ZT"]
    entered = ws.select("wz_fact", list(STORED_FACTS) + list(MARKERS) + ["TBID", "FGID", "BBH"])
    entered = entered[entered["TBID"].isin(patches.index)]
    own = entered[entered["FGID"].isna()].set_index("TBID")
    for code in STORED_FACTS:
        col = own[code].reindex(base.index)
        base[code] = col.where(col.notna(), base[code]) if code in DERIVABLE else col
    for code in MARKERS:
        base[code] = own[code].reindex(base.index)
    base["fact_version"] = own["BBH"].reindex(base.index)
    base["TBID"] = base.index.astype(int)
    base["FGID"] = None
    base.index = base.index.astype(str)

    parts = ws.select("wz_part", ["TBID", "FGBH", "TBMJMU"])
    parts = parts[parts["TBID"].isin(patches.index)]
    if parts.empty:
        return base
    part_facts = entered[entered["FGID"].notna()].set_index("FGID")
    rows = []
    for _, p in parts.iterrows():
        tbid = int(p["TBID"])
        rec = base.loc[str(tbid)].to_dict()
        rec.update(_part_overlay(base.loc[str(tbid)], patches.at[tbid, "JSYDMJ"], float(p["TBMJMU"])))
        rec.update({"FGID": int(p["fid"]), "fact_version": None})
        if int(p["fid"]) in part_facts.index:
            mine = part_facts.loc[int(p["fid"])]
            for code in (*STORED_FACTS, *MARKERS):
                if mine[code] is not None and mine[code] == mine[code]:
                    rec[code] = mine[code]
            rec["fact_version"] = mine["BBH"]
        rows.append(pd.Series(rec, name=f"{tbid}-{p['FGBH']}"))
    split = set(parts["TBID"].astype(int).astype(str))
    return pd.concat([base[~base.index.isin(split)], pd.DataFrame(rows)])


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
               expected_version: Optional[int] = None, source: Optional[str] = None,
               fgid: Optional[int] = None) -> int:
    """Record facts of patch ``tbid`` (or of its part ``fgid``); None clears a fact. Overriding a
    data-derived fact needs a reason. Returns the record's new version; a stale ``expected_version``
    raises StaleVersion."""
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
        if fgid is None:
            existing = ws.select("wz_fact", ["FGLY", "BBH"], where=f'"TBID" = {ws.ph} AND "FGID" IS NULL',
                                 params=(int(tbid),))
        else:
            part = ws.get("wz_part", int(fgid))
            if part is None or int(part["TBID"]) != int(tbid):
                raise StoreError(f"part #{fgid} is not a part of patch #{tbid}")
            existing = ws.select("wz_fact", ["FGLY", "BBH"], where=f'"TBID" = {ws.ph} AND "FGID" = {ws.ph}',
                                 params=(int(tbid), int(fgid)))
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
            ws.insert("wz_fact", [{"TBID": int(tbid), "FGID": fgid, **row}], source=source)
            version = 1
        else:
            version = ws.update("wz_fact", int(existing["fid"].iloc[0]), row, expected_version=expected_version,
                                source=source)
        if ws.get("wz_patch", int(tbid))["ZT"] == STATUS_NEW:
            ws.update("wz_patch", int(tbid), {"ZT": "核查中"}, source=source)
    return version


def determine_patches(ws: Workspace, fids: Optional[list[int]] = None, source: Optional[str] = None) -> pd.DataFrame:
    """Determine patches (each part of a split one) under their batch's rule-set year and store the
    results in one transaction. Returns the results, indexed like ``fact_frame``."""
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
        current = ws.select("wz_determ")
        current_key = {(int(t), None if f != f or f is None else int(f)): row
                       for t, f, row in zip(current["TBID"], current["FGID"], current.to_dict("records"))}
        for key, r in res.iterrows():
            tbid, fgid = int(frame.at[key, "TBID"]), frame.at[key, "FGID"]
            fgid = None if fgid is None or fgid != fgid else int(fgid)
            fields = {k: (None if (v is None or v != v or v == "") else v) for k, v in r.items()}
            old = current_key.get((tbid, fgid))
            if old is not None:
                if all(_same(old.get(k), v) for k, v in fields.items()):
                    continue
                fields.update({"PDSJ": stamp, "PDR": who})
                ws.update("wz_determ", int(old["fid"]), fields, source=source, action="determine")
            else:
                fields.update({"TBID": tbid, "FGID": fgid, "PDSJ": stamp, "PDR": who})
                ws.insert("wz_determ", [fields], source=source)
            if fgid is not None:
                ws.update("wz_part", fgid, {"PDJG": fields["PDJG"]}, source=source)
        for tbid, cats in res.groupby(frame["TBID"])["PDJG"]:
            values = list(dict.fromkeys(cats))  # the categories of the patch or of its parts, in order
            combined = values[0] if len(values) == 1 else "、".join(values)
            change = {"PDJG": combined}
            if PENDING not in values and frame.loc[frame["TBID"] == tbid, "ZT"].iloc[0] in BEFORE_DETERMINED:
                change["ZT"] = "已判定"
            ws.update("wz_patch", int(tbid), change, source=source)
    return res


def _same(a, b) -> bool:
    a = None if a is None or (isinstance(a, float) and a != a) else a
    return a == b


def accountability_input(ws: Workspace, fids: Optional[list[int]] = None) -> pd.DataFrame:
    """附件5 input rows (one per unit) from the stored determinations and markers."""
    frame = fact_frame(ws, fids)
    if frame.empty:
        return frame
    det = ws.select("wz_determ", ["TBID", "FGID", "PDJG"])
    by_key = {(int(t), None if f != f or f is None else int(f)): c
              for t, f, c in zip(det["TBID"], det["FGID"], det["PDJG"])}
    categories = [by_key.get((int(t), None if f is None or f != f else int(f)), PENDING)
                  for t, f in zip(frame["TBID"], frame["FGID"])]

    def flag(code):
        return frame[code].fillna(0).astype(bool).to_numpy()

    facts = frame.assign(id=frame.index).reset_index(drop=True)
    data = build_input(facts, categories, approvals_completed=flag("YBBSX"), restored=flag("YCCFG"),
                       major_infra=frame["ZDJCSS"].fillna("").astype(str).to_numpy(),
                       supervision_fulfilled=flag("LXJGZZ"), restored_in_year=flag("NNXCWF") | flag("YCCFG"))
    data["JCBH"] = frame["JCBH"].to_numpy()
    data.attrs["names"] = {c: n for c, n in zip(frame["county"], frame["county_name"]) if c and isinstance(n, str)}
    return data
