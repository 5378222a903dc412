"""The demo's desk check against the county's reference data (issue 17), after the field findings are in.

The county profile answers SDPK once; the layers of 参考数据.gpkg are registered with the field mapping the plugin
guesses and pre-filled; the demo operator overrides, with a reason, each suggestion the field check contradicts,
accepts the rest at once, types only the legality facts still missing or wrong, splits each patch beyond its
red line along it and finishes its parts the same way. What was pre-filled is measured against the truth:
every legality fact of every unit (demo/reference.legality_units) was typed before; now only those without a
correct suggestion are (plus the county profile, once).

    run_reference(ws, demo folder) → summary      (demo/run.py)
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Optional

from .reference import FILE, LAYERS, legality_units, prefill_share

SOURCE = "demo:参考数据核对"
# The demo county keeps its filing register and its mining rights whole (every filing, every licence is in the
# layer), so it registers them as complete: a facility without a filing, a mine without a licence reads "no".
COMPLETE = {"facility_filing": True, "mining_right": True}
TYPED: list = []   # (key, side, code) typed by the operator in the current run (for the summary)


def _norm(code: str, value) -> Any:
    from ..rules.facts import FACTS_BY_CODE, FactValueError, normalize_value

    try:
        return normalize_value(FACTS_BY_CODE[code], value)
    except FactValueError:
        return value


def same(code: str, a, b) -> bool:
    return _norm(code, a) == _norm(code, b)


def register_reference_layers(ws, out: Path) -> dict[str, str]:
    """Each layer of 参考数据.gpkg registered as its kind with the guessed field mapping: {layer name: id}."""
    from qgis.core import QgsVectorLayer

    from ..exchange.reference_layers import guess_mapping
    from ..store.reference import register_layer
    from ..store.settings import layer_ref

    ids = {}
    for name, kind in LAYERS.items():
        layer = QgsVectorLayer(f"{out / FILE}|layername={name}", name, "ogr")
        if not layer.isValid():
            raise OSError(f"{out / FILE}: no layer {name}")
        mapping = guess_mapping(kind, [f.name() for f in layer.fields()])
        ids[name] = register_layer(ws, kind, layer_ref(layer.source(), layer.providerType(), layer.name()),
                                   mapping, complete=COMPLETE.get(kind), source=SOURCE)
    return ids


def _review(ws, tbid: int, fgid: Optional[int], truth_facts: dict, overridden: set, tag) -> int:
    """Override the unit's pending suggestions that the field check contradicts (reason given); returns how many."""
    from ..store.reference import override, suggestions

    n = 0
    for s in suggestions(ws, tbid, fgid):
        code = s["fact"]
        if not code or code not in truth_facts or same(code, s["value"], truth_facts[code]):
            continue
        override(ws, s["id"], _norm(code, truth_facts[code]),
                 f"外业核查与参考数据不符：实地核实为“{_text(code, truth_facts[code])}”", source=SOURCE)
        overridden.add((*tag, code))
        n += 1
    return n


def _text(code: str, value) -> str:
    from ..core.suggestions import value_text

    try:
        return value_text(code, _norm(code, value))
    except Exception:   # a value the text helper does not know: as stored
        return str(value)


def _complete(ws, tbid: int, fgid: Optional[int], need: dict, rec: dict, overridden: set, prefilled: set,
              tag) -> int:
    """Type what is still missing or wrong after the suggestions were handled; count what was pre-filled."""
    from ..store.determinations import save_facts

    typed = {}
    for code, want in need.items():
        if same(code, rec.get(code), want):
            if (*tag, code) not in overridden:
                prefilled.add((*tag, code))
        else:
            typed[code] = _norm(code, want)
            TYPED.append((*tag, code))
    if typed:
        save_facts(ws, tbid, typed, source="demo:内业录入", fgid=fgid)
    return len(typed)


def _parts_sides(ws, tbid: int, parts: list[dict]) -> dict[int, str]:
    """{part fid: 'inside'/'outside'} by the truth's point of each side."""
    import shapely

    rows = ws.select("wz_part", ["TBID"], where=f'"TBID" = {ws.ph}', params=(int(tbid),), geometry=True)
    out = {}
    for fid, g in zip(rows["fid"].astype(int), rows["geom"]):
        for part in parts:
            if shapely.contains_xy(g, *part["point"]):
                out[int(fid)] = part["side"]
    return out


def _split_by_hand(ws, tbid: int, key: str, out: Path) -> list[int]:
    """The split drawn by the operator along the red line (when the suggested split was not offered)."""
    import numpy as np
    import shapely
    from osgeo import ogr, osr

    from ..core.reference_overlay import split_along
    from ..store.parts import split_patch

    patch = ws.get("wz_patch", int(tbid), geometry=True)
    truth = json.loads((out / "truth.json").read_text("utf-8"))["patches"][key]
    ds = ogr.Open(str(out / FILE))
    lyr = ds.GetLayerByName("建设用地审批")
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4490)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(lyr.GetSpatialRef(), dst)
    lyr.SetAttributeFilter(f"批准文号 = '{truth['facts']['PZWH']}'")
    feats = []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        feats.append(shapely.from_wkb(bytes(g.ExportToWkb())))
    pieces = split_along(patch["geom"], np.array(feats, dtype=object))
    return split_patch(ws, int(tbid), [g for g, _ in pieces], source=SOURCE)


def run_reference(ws, out: Path) -> dict:
    from ..exchange.prefill import prefill
    from ..store.county_profile import set_county_profile
    from ..store.determinations import unit_records
    from ..store.errors import StoreError
    from ..store.reference import accept, accept_all, split_along_redline, suggestions

    t0 = time.time()
    out = Path(out)
    truth = json.loads((out / "truth.json").read_text("utf-8"))
    profile = truth["county_profile"]
    set_county_profile(ws, {c: e["value"] for c, e in profile.items()}, {c: e["basis"] for c, e in profile.items()},
                       source="demo:县情设置")
    ids = register_reference_layers(ws, out)
    done = prefill(ws, source=SOURCE)

    keys = ws.select("wz_patch", ["JCBH"])
    fid_of = {k: int(f) for f, k in zip(keys["fid"], keys["JCBH"])}
    units = [u for u in legality_units(truth) if u["key"] in fid_of]
    overridden: set = set()
    prefilled: set = set()
    TYPED.clear()
    n_override = n_typed = 0
    # the whole patches: contradicted suggestions overridden, the rest accepted in one go, the gaps typed
    for u in units:
        if u["side"] is None:
            t = truth["patches"][u["key"]]
            n_override += _review(ws, fid_of[u["key"]], None, {**t["facts"], **u["facts"]}, overridden,
                                  (u["key"], None))
    accepted = accept_all(ws, source=SOURCE)
    recs = {(r["TBID"], r["FGID"]): r for r in unit_records(ws)}
    for u in units:
        if u["side"] is None:
            tbid = fid_of[u["key"]]
            n_typed += _complete(ws, tbid, None, u["facts"], recs[(tbid, None)], overridden, prefilled,
                                 (u["key"], None))
    # the patches beyond their red line: split along it, then their parts the same way
    splits, by_hand = [], []
    for key, t in sorted(truth["patches"].items()):
        if not t.get("parts") or key not in fid_of:
            continue
        tbid = fid_of[key]
        try:
            split_along_redline(ws, tbid, source=SOURCE)
        except StoreError:
            _split_by_hand(ws, tbid, key, out)
            by_hand.append(key)
        sides = _parts_sides(ws, tbid, t["parts"])
        splits.append({"JCBH": key, "parts": len(sides)})
        part_units = {u["side"]: u for u in units if u["key"] == key and u["side"]}
        for pfid, side in sides.items():
            u = part_units[side]
            part_truth = next(p for p in t["parts"] if p["side"] == side)
            n_override += _review(ws, tbid, pfid, {**t["facts"], **part_truth["facts"], **u["facts"]}, overridden,
                                  (key, side))
            # the part's suggestions, accepted explicitly: they replace what the part inherited from the whole
            pending = [s["id"] for s in suggestions(ws, tbid, pfid) if s["fact"]]
            if pending:
                accepted += accept(ws, tbid, pfid, ids=pending, source=SOURCE)
        recs = {r["FGID"]: r for r in unit_records(ws, [tbid])}
        for pfid, side in sides.items():
            n_typed += _complete(ws, tbid, pfid, part_units[side]["facts"], recs[pfid], overridden, prefilled,
                                 (key, side))
    n, m = prefill_share(units, prefilled)
    return {"layers": len(ids), "prefill": {k: v for k, v in done.items() if k != "by_kind"},
            "by_kind": done.get("by_kind"), "accepted": accepted, "facts": n, "prefilled": m,
            "overridden": n_override, "typed_missing": n_typed, "county_profile": len(profile),
            "still_typed": (n - m) + len(profile), "share": m / n if n else 0.0, "splits": splits,
            "split_by_hand": by_hand, "seconds": round(time.time() - t0, 1), "typed_by_fact": _count(c for *_, c in TYPED),
            "overridden_by_fact": _count(c for *_, c in overridden),
            "typed_facts": sorted([k, s or "", c] for k, s, c in TYPED),
            "overridden_facts": sorted([k, s or "", c] for k, s, c in overridden)}


def _count(codes) -> dict:
    out: dict = {}
    for c in codes:
        out[c] = out.get(c, 0) + 1
    return dict(sorted(out.items(), key=lambda x: -x[1]))


def prefill_line(r: dict) -> str:
    return (f"参考数据预填：{r['facts']} 个事实中 {r['prefilled']} 个已预填（{r['share']:.0%}），操作员仍需录入 "
            f"{r['still_typed']} 个")


def detail_line(r: dict) -> str:
    p = r["prefill"]
    return (f"{r['layers']} layers registered, {p.get('suggestions')} suggestions for {p.get('units')} units "
            f"(pre-fill {p.get('seconds', 0):.1f} s, desk check {r['seconds']:.0f} s); {r['accepted']} accepted, {r['overridden']} overridden with the field "
            f"check's reason, {r['typed_missing']} typed, {r['county_profile']} county-wide answer set once; "
            f"{len(r['splits'])} patches split along their red line"
            + (f" ({len(r['split_by_hand'])} by hand)" if r["split_by_hand"] else ""))
