"""Facts in, determinations out: the workspace side of the rules (rules/ decides, this stores).

The unit of judgement is a patch, or each part of a split patch. A unit's fact record = what the data
gives (the overlay-derivable facts; from the patch's own area fields until the land-survey overlay
computes them) + what the operator entered in ``wz_fact``. A part inherits the facts entered on its
patch and overrides them with its own. An entered value of a derivable fact is an override and needs
a reason (kept in FGLY). Every save and every determination is one audited transaction.

A county-wide fact (``scope="county"``, e.g. SDPK) the unit leaves unknown takes the county profile's answer
(store/county_profile.py). A fact that reference data suggests but nobody has confirmed stays unknown: the
determination names it as awaiting confirmation (``store.reference.pending_facts``).
"""
from __future__ import annotations

import json
from typing import Any, Optional

import pandas as pd

from ..core.accountability import build_input
from ..core.gcpause import gc_paused
from ..rules import FACTS_BY_CODE, RESULT_FIELDS, determine_all, load_ruleset
from ..rules.engine import with_pending
from ..rules.facts import FACTS, FactValueError, normalize_value
from ..rules.reference_kinds import get_kind
from ..rules.ruleset import DEFAULT_YEAR, RULESET_DIR
from ..rules.templates import PART_KEY
from . import determine_cache, determine_mark
from .county_profile import county_defaults
from .errors import StoreError
from .migrations import MARKER_FIELDS
from .reference import STALE, _sources_of, pending_facts, reference_layer
from .reference_split import _cite_text
from .schema import STATUS_NEW
from .workspace import Workspace, now_text, opt_int

DERIVABLE = tuple(f.code for f in FACTS if f.derivable)
STORED_FACTS = tuple(f.code for f in FACTS if not f.derived)
ENTERED = tuple(c for c in STORED_FACTS if c not in DERIVABLE)
MARKERS = tuple(f.code for f in MARKER_FIELDS)
PENDING = "待定"
# Patch statuses a determination may move on to 已判定 (later ones belong to case tracking).
BEFORE_DETERMINED = (STATUS_NEW, "核查中", "已核查", "已判定")
PATCH_COLUMNS = ["JCBH", "PCID", "XZQDM", "XMC", "XZDM", "XZMC", "CMC", "TBMJMU", "GDMJ", "YJJBNTMJ", "JSYDMJ",
                 "NYDMJ", "WLYDMJ", "SFSK", "ZT", "PDJG"]


def _num(v) -> Optional[float]:
    if v.__class__ is float:   # what the store gives: no conversion needed
        return None if v != v else v
    if v is None:
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if x != x else x


def overlay_values(patch: dict) -> dict:
    """Derivable facts from a patch's own fields (areas of the batch or of the overlay)."""
    js, ny, wl = _num(patch.get("JSYDMJ")), _num(patch.get("NYDMJ")), _num(patch.get("WLYDMJ"))
    sfsk = patch.get("SFSK")
    return {"MJ": _num(patch.get("TBMJMU")), "GDMJ": _num(patch.get("GDMJ")),
            "YJJBNTMJ": _num(patch.get("YJJBNTMJ")),
            "XZJSYD": None if js is None or ny is None or wl is None else (js > 0 and ny + wl <= 0.005),
            "SFSK": None if sfsk is None or sfsk != sfsk else str(sfsk).strip() in ("是", "1", "true", "True", "Y")}


def _part_overlay(patch: dict, base: dict, part_mu: float) -> dict:
    """What a part's data gives before the overlay runs: its area, and what follows from the patch
    (all construction land stays so in every part, none stays none; no cultivated land or basic
    farmland in the patch means none in a part); the rest stays unknown."""
    js = _num(patch.get("JSYDMJ"))
    xzjsyd = True if base["XZJSYD"] is True else (False if js == 0 else None)
    return {"MJ": part_mu, "XZJSYD": xzjsyd, "SFSK": False if base["SFSK"] is False else None,
            "GDMJ": 0.0 if base["GDMJ"] == 0 else None, "YJJBNTMJ": 0.0 if base["YJJBNTMJ"] == 0 else None}


def _present(v) -> bool:
    return v is not None and v == v


def _split_by_approval(ws: Workspace, tbids: list[int]) -> dict[int, dict[int, str]]:
    """{tbid: {part fid: 文号 or ''}} of the parts outside an approval's red line, for patches split along it
    (store/reference_split.py suggests 取得建设用地批复 否 to such a part, citing the approval's features)."""
    rows = ws._fetch_in('SELECT "TBID", "FGID", "TCID", "JYZ", "LY", "ZT" FROM wz_refsug WHERE "SSDM" = \'YDPF\' '
                        'AND "FGID" IS NOT NULL AND "TBID" IN ({marks})', tbids)
    out: dict[int, dict[int, str]] = {}
    kinds: dict = {}
    for tbid, fgid, tcid, jyz, ly, zt in rows:
        if zt == STALE or str(jyz).strip().lower() not in ("false", "0"):
            continue
        sources, extra = _sources_of(ly)
        if not sources or (extra.get("share_outside") or 0.0) < 0.999:   # not a red line's outside part
            continue
        if tcid not in kinds:
            try:
                kinds[tcid] = get_kind(reference_layer(ws, tcid)["kind"])
            except (StoreError, KeyError, ValueError):   # a layer since unregistered: still outside, 文号 unknown
                kinds[tcid] = None
        wh = _cite_text(kinds[tcid], sources) if kinds[tcid] is not None else ""
        out.setdefault(int(tbid), {})[int(fgid)] = wh
    return out


def _part_context(fgbh, patch_rec: dict, part_rec: dict, outside: Optional[dict]) -> dict:
    """What the engine reads of a part (rules.templates.PART_KEY): its number and, for a patch split along an
    approval's red line (附件4第七条), its side and the approval's 文号. ``outside``: {part fid: 文号} of its patch
    when the split came from the approval; else a patch recorded as exceeding the red line (HXGX) counts, its
    parts' sides read from their own facts."""
    side, wh = None, None
    fgid = part_rec["FGID"]
    if outside:
        side = "outside" if fgid in outside else "inside"
        wh = outside.get(fgid) or next((w for w in outside.values() if w), None)
    elif patch_rec.get("HXGX") == "exceeds":
        if part_rec.get("HXGX") == "inside" and part_rec.get("YDPF") in (True, 1):
            side = "inside"
        elif part_rec.get("YDPF") in (False, 0):
            side = "outside"
        wh = patch_rec.get("PZWH") if side else None
    if side == "inside" and _present(part_rec.get("PZWH")):
        wh = part_rec["PZWH"]
    return {"number": str(fgbh), "redline": side, "approval": wh if _present(wh) and wh != "" else None}


def unit_records(ws: Workspace, fids: Optional[list[int]] = None, county: bool = True) -> list[dict]:
    """One fact record per unit (a patch, or each part of a split patch), as plain dicts.

    ``unit``: "fid" for a patch, "fid-分割编号" for a part (with ``rules.templates.PART_KEY``: its number and side of an
    approval's red line, for the explanation's wording). Also TBID, FGID, JCBH, county, county_name,
    township, year (the batch's rule-set year), ZT, every stored fact and the accountability markers.
    ``county``: a county-wide fact the unit leaves unknown takes the county profile's answer (``_county``
    lists the facts so filled); False gives the units' own facts only (what the office entered)."""
    ph = ws.ph
    defaults = county_defaults(ws) if county else {}   # read once per call
    where, params = "", ()
    if fids is not None:
        fids = [int(f) for f in fids]
        if not fids:
            return []
        where = f" WHERE p.fid IN ({', '.join([ph] * len(fids))})"
        params = tuple(fids)
    cols = ", ".join(f'p."{c}"' for c in PATCH_COLUMNS)
    patch_rows = ws._fetch(f'SELECT p.fid, {cols}, b."GZND" FROM wz_patch p JOIN wz_batch b ON b.fid = p."PCID"'
                           f"{where} ORDER BY p.fid", params)
    fact_cols = [*STORED_FACTS, *MARKERS]
    tb_where = where.replace("p.fid IN", '"TBID" IN')
    # {(TBID, FGID): (version, the stored values in fact_cols' order)}; an empty cell (None) leaves what the
    # data gives (or unknown). SQLite stores a NaN as NULL; another backend may hand one back: made None.
    nan = ws.kind != "gpkg"
    facts = {}
    for r in ws._fetch(f'SELECT "TBID", "FGID", "BBH", {", ".join(chr(34) + c + chr(34) for c in fact_cols)} '
                       f"FROM wz_fact{tb_where}", params):
        vals = r[3:]
        if nan:
            vals = tuple(None if v != v else v for v in vals)
        facts[(r[0], r[1])] = (r[2], vals)
    parts: dict[int, list] = {}
    part_cols = ["fid", "TBID", "FGBH", "TBMJMU", "GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ", "WLYDMJ", "DLFX"]
    for r in ws._fetch(f'SELECT {", ".join(chr(34) + c + chr(34) if c != "fid" else c for c in part_cols)} '
                       f'FROM wz_part{tb_where} ORDER BY "TBID", "FGBH"', params):
        part = dict(zip(part_cols, r))
        parts.setdefault(part["TBID"], []).append(part)
    split = _split_by_approval(ws, sorted(parts)) if parts else {}
    out = []
    names = ["fid", *PATCH_COLUMNS, "GZND"]
    unknown = dict.fromkeys(fact_cols)   # every stored fact and marker, unknown
    no_facts = (None, None)
    for row in patch_rows:
        patch = dict(zip(names, row))
        tbid = row[0]
        base = overlay_values(patch)
        version, own = facts.get((tbid, None), no_facts)
        rec = {"unit": str(tbid), "TBID": tbid, "FGID": None, "JCBH": patch["JCBH"],
               "county": str(patch["XZQDM"] or ""), "county_name": patch["XMC"], "township": patch["XZMC"],
               "year": patch["GZND"], "ZT": patch["ZT"], "fact_version": version, "_data": base}
        if own is None:
            rec.update(unknown)
            rec.update(base)   # the derivable facts as the data gives them …
        else:
            rec.update(zip(fact_cols, own))
            for code, v in base.items():   # … unless entered
                if rec.get(code) is None:
                    rec[code] = v
        if defaults:       # the county's answer where the patch has none of its own
            filled = [c for c in defaults if rec[c] is None]
            for c in filled:
                rec[c] = defaults[c]
            rec["_county"] = filled
        if tbid not in parts:
            out.append(rec)
            continue
        for part in parts[tbid]:
            pfid, fgbh = part["fid"], part["FGBH"]
            prec = dict(rec, unit=f"{tbid}-{fgbh}", FGID=pfid, fact_version=None)
            if part["DLFX"]:  # the land-survey overlay measured this part itself
                part_data = overlay_values({**part, "SFSK": patch["SFSK"]})
            else:
                part_data = _part_overlay(patch, base, _num(part["TBMJMU"]))
            prec.update(part_data)
            prec["_data"] = part_data
            pversion, vals = facts.get((tbid, pfid), no_facts)
            mine = set()   # the facts entered on the part
            for code, v in zip(fact_cols, vals or ()):
                if v is not None:
                    prec[code] = v
                    mine.add(code)
            if defaults:
                prec["_county"] = [c for c in rec.get("_county", ()) if c not in mine]
            prec["fact_version"] = pversion
            prec[PART_KEY] = _part_context(fgbh, rec, prec, split.get(tbid))
            out.append(prec)
    return out


def fact_frame(ws: Workspace, fids: Optional[list[int]] = None) -> pd.DataFrame:
    """The unit records as a DataFrame indexed by unit (see ``unit_records``)."""
    recs = unit_records(ws, fids)
    if not recs:
        return pd.DataFrame()
    frame = pd.DataFrame.from_records(recs)
    frame = frame.drop(columns=[c for c in ("_data", "_county", PART_KEY) if c in frame.columns])
    return frame.set_index("unit", drop=False).rename_axis(None)


def unit_record(ws: Workspace, tbid: int, fgid: Optional[int] = None) -> dict:
    """One unit's record as ``unit_records`` gives it (with ``_data``, ``_county``, the part's context …)."""
    for rec in unit_records(ws, [int(tbid)]):
        if rec["FGID"] == (None if fgid is None else int(fgid)):
            return rec
    raise StoreError(f"patch #{tbid}" + (f" has no part #{fgid}" if fgid is not None else " does not exist"))


def unit_facts(ws: Workspace, tbid: int, fgid: Optional[int] = None,
               rec: Optional[dict] = None) -> tuple[dict, dict, dict, Optional[int]]:
    """What the findings form of one unit shows: (the fact record the rules see, the values the data
    gives for the derivable facts, the reasons recorded for overriding them, the record's version).
    ``rec``: the unit's ``unit_record`` when the caller read it already (the dock reads it once a step)."""
    rec = rec if rec is not None else unit_record(ws, tbid, fgid)
    where = f'"TBID" = {ws.ph} AND ' + ('"FGID" IS NULL' if fgid is None else f'"FGID" = {ws.ph}')
    params = (int(tbid),) if fgid is None else (int(tbid), int(fgid))
    row = ws._fetch(f'SELECT "FGLY" FROM wz_fact WHERE {where}', params)   # the dock reads it every step
    reasons = json.loads(row[0][0] or "{}") if row else {}
    version = rec["fact_version"]
    record = {c: rec[c] for c in STORED_FACTS}
    return record, dict(rec["_data"]), reasons, opt_int(version)


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
    results in one transaction. Returns the results, indexed like ``fact_frame``.

    The whole workspace (``fids`` None) a second time in a session determines again only the patches whose
    inputs were written since (store/determine_cache.py)."""
    if fids is not None:
        return _determine(ws, fids, source)[0]
    hit = determine_cache.changed_patches(ws, _ruleset_stamps)
    if hit is None:   # a new session: what the workspace's mark says was touched since (store/determine_mark.py)
        hit = determine_cache.resumed(ws, _ruleset_stamps)
    if hit is None:
        # a failed store rolls back with the results: the mark before it still holds
        res, tbids, years = _determine(ws, None, source, mark=determine_mark.begin(ws))
        determine_cache.keep(ws, _ruleset_stamps(years), res, tbids)
        return res
    kept, dirty = hit
    if dirty:
        fresh, fresh_tbids, _ = _determine(ws, sorted(dirty), source)
        res, tbids = determine_cache.merged(kept, dirty, fresh, fresh_tbids)
        determine_cache.keep(ws, kept.rulesets, res, tbids)
    return determine_cache.kept_results(ws)


def _ruleset_stamps(years) -> tuple:
    """((year, the rule-set file's modification time), ...): a changed file determines everything again."""
    out = []
    for year in years:
        try:
            path = RULESET_DIR / f"{int(year) if year is not None else DEFAULT_YEAR}.json"
            out.append((year, path.stat().st_mtime_ns))
        except (OSError, TypeError, ValueError):
            out.append((year, None))
    return tuple(sorted(out, key=repr))


def _determine(ws: Workspace, fids: Optional[list[int]], source: Optional[str], mark: Optional[int] = None):
    """(results, each result's patch, the batch years met) of the units of ``fids`` (None: all), stored.
    ``mark``: the workspace's touch sequence before the inputs were read (a whole determine): stored with the
    results (store/determine_mark.py)."""
    if fids is not None and len(fids) < 1000:
        return _determine_units(ws, fids, source, mark)
    with gc_paused():   # 100k unit records alive while the results are made and stored (core/gcpause.py)
        return _determine_units(ws, fids, source, mark)


def _determine_units(ws: Workspace, fids: Optional[list[int]], source: Optional[str], mark: Optional[int]):
    recs = unit_records(ws, fids)
    if not recs:
        return pd.DataFrame(), [], ()
    by_year: dict[Any, list[int]] = {}
    for i, rec in enumerate(recs):
        by_year.setdefault(rec["year"], []).append(i)
    outcomes: list = [None] * len(recs)
    for year, idx in by_year.items():
        # The engine reads the fact codes of a record only, so the unit records go in as they are.
        rs = load_ruleset(int(year) if year == year and year is not None else None)
        for i, o in zip(idx, determine_all([recs[i] for i in idx], rs)):
            outcomes[i] = o
    pending = _pending_facts(ws, fids)
    if pending:   # suggested but not confirmed: named, never used as facts
        for i, rec in enumerate(recs):
            p = pending.get((rec["TBID"], rec["FGID"]))
            if p:
                outcomes[i] = with_pending(outcomes[i], rec, p)
    rows = [o.to_fields() for o in outcomes]
    res = pd.DataFrame({c: [r[c] for r in rows] for c in RESULT_FIELDS}, index=[r["unit"] for r in recs])
    years = tuple(by_year)
    _store_results(ws, recs, res, fids is None, source,
                   None if mark is None else (lambda ours_from: determine_mark.save(
                       ws, mark, ours_from, _ruleset_stamps(years))))
    return res, [r["TBID"] for r in recs], years


def _pending_facts(ws: Workspace, fids: Optional[list[int]]) -> dict:
    """{(tbid, fgid): {code: suggestion}} of facts reference data suggests and nobody has confirmed yet."""
    return {(int(t), opt_int(f)): facts for (t, f), facts in (pending_facts(ws, fids) or {}).items() if facts}


def _store_results(ws: Workspace, recs: list[dict], res: pd.DataFrame, everything: bool,
                   source: Optional[str], marked=None) -> None:
    """Write what changed, set-based (Workspace.update_many, insert_columns): a unit whose result is as stored
    is not touched, so determining again with nothing changed writes nothing. ``marked(touch sequence at the
    start)`` runs last in the transaction (a whole determine's mark)."""
    stamp, who = now_text(), ws.actor.username
    names = list(res.columns)
    tbids = [int(r["TBID"]) for r in recs]
    fgids = [opt_int(r["FGID"]) for r in recs]
    results = [[None if (v is None or v != v or v == "") else v for v in res[c].tolist()] for c in names]
    with ws.transaction():
        ours_from = determine_mark.seq(ws) if marked else None
        cols = ", ".join(f'"{c}"' for c in names)
        sql = f'SELECT fid, "TBID", "FGID", {cols} FROM wz_determ'
        if everything or len(set(tbids)) > 500:
            current = ws._fetch(sql)
        else:   # saving one patch's findings must not read every determination of the workspace
            current = ws._fetch_in(sql + ' WHERE "TBID" IN ({marks})', sorted(set(tbids)))
        stored = {(r[1], r[2]): (r[0], r[3:]) for r in current}   # ids come back as ints (or None)
        updates: dict[int, dict] = {}
        inserts: list[int] = []      # positions of the units with no determination stored
        for i, (key, new) in enumerate(zip(zip(tbids, fgids), zip(*results))):
            old = stored.get(key)
            if old is None:
                inserts.append(i)
            elif old[1] != new and not all(_same(a, b) for a, b in zip(old[1], new)):
                updates[old[0]] = {**dict(zip(names, new)), "PDSJ": stamp, "PDR": who}
        ws.update_many("wz_determ", updates, source=source, action="determine")
        if inserts:
            n = len(inserts)
            ws.insert_columns("wz_determ", {**{c: [col[i] for i in inserts] for c, col in zip(names, results)},
                                            "TBID": [tbids[i] for i in inserts], "FGID": [fgids[i] for i in inserts],
                                            "PDSJ": [stamp] * n, "PDR": [who] * n}, n, source=source)
        category = results[names.index("PDJG")]
        ws.update_many("wz_part", {f: {"PDJG": c} for f, c in zip(fgids, category) if f is not None},
                       source=source)
        categories: dict[int, list] = {}
        for tbid, c in zip(tbids, category):
            categories.setdefault(tbid, []).append(c)
        status = {int(r["TBID"]): r["ZT"] for r in recs}
        patches: dict[int, dict] = {}
        for tbid, cats in categories.items():
            values = list(dict.fromkeys(cats))  # the categories of the patch or of its parts, in order
            change = {"PDJG": values[0] if len(values) == 1 else "、".join(values)}
            if PENDING not in values and status[tbid] in BEFORE_DETERMINED:
                change["ZT"] = "已判定"
            patches[tbid] = change
        ws.update_many("wz_patch", patches, source=source)
        if marked:
            marked(ours_from)


def _same(a, b) -> bool:
    a = None if a is None or (isinstance(a, float) and a != a) else a
    return a == b


def accountability_input(ws: Workspace, fids: Optional[list[int]] = None) -> pd.DataFrame:
    """附件5 input rows (one per unit) from the stored determinations and markers."""
    frame = fact_frame(ws, fids)
    if frame.empty:
        return frame
    if fids is None:
        det = ws._fetch('SELECT "TBID", "FGID", "PDJG" FROM wz_determ')
    else:   # a few patches (the dashboard's aggregates after a write): their determinations only
        det = ws._fetch_in('SELECT "TBID", "FGID", "PDJG" FROM wz_determ WHERE "TBID" IN ({marks})',
                           sorted({int(f) for f in fids}))
    by_key = {(int(t), opt_int(f)): c for t, f, c in det}
    categories = [by_key.get((int(t), opt_int(f)), PENDING) for t, f in zip(frame["TBID"], frame["FGID"])]

    def flag(code):
        return frame[code].fillna(0).astype(bool).to_numpy()

    approvals, restored = flag("YBBSX"), flag("YCCFG")
    in_year = flag("NNXCWF") | restored
    # A unit with a case takes its adjustments from the case's measures and their evidence; the
    # manual markers remain for units rectified before the workspace tracked cases.
    from .cases import case_markers
    marks = case_markers(ws, None if fids is None else frame["TBID"].astype(int).unique().tolist())
    if marks:
        for i, (tbid, fgid) in enumerate(zip(frame["TBID"], frame["FGID"])):
            m = marks.get((int(tbid), opt_int(fgid)))
            if m is not None:
                approvals[i], restored[i], in_year[i] = m["approvals_completed"], m["restored"], m["restored_in_year"]
    facts = frame.assign(id=frame.index).reset_index(drop=True)
    data = build_input(facts, categories, approvals_completed=approvals, restored=restored,
                       major_infra=frame["ZDJCSS"].fillna("").astype(str).to_numpy(),
                       supervision_fulfilled=flag("LXJGZZ"), restored_in_year=in_year)
    data["JCBH"] = frame["JCBH"].to_numpy()
    data.attrs["names"] = {c: n for c, n in zip(frame["county"], frame["county_name"]) if c and isinstance(n, str)}
    return data


def workspace_accountability(ws: Workspace, thresholds=None, data: Optional[pd.DataFrame] = None):
    """附件5 figures of the workspace's determinations (county and township levels; city and province when it
    holds several counties). ``data``: the workspace's ``accountability_input`` when the caller has it."""
    from ..core.accountability import compute_accountability

    data = accountability_input(ws) if data is None else data
    return compute_accountability(data, thresholds, names=data.attrs.get("names"))
