"""The split along the red line (issue 17, 按实际占地分割认定): a patch covered in part by an approval is split
into the part inside the approval's red line and the part outside (store.parts.split_patch), and each part gets
its own coverage and suggestions from that approval. Called through store.reference.split_along_redline."""
from __future__ import annotations

import json
from typing import Any, Optional

from ..i18n import tr
from .errors import StoreError
from .reference import (
    MIN_COVER_M2,
    SOURCE,
    STALE,
    Unit,
    _delete_rows,
    _sources_of,
    layer_display_name,
    reference_layer,
    store_layer_results,
)
from .reference_dates import unit_reference_date
from .workspace import Workspace


def _cite_text(kind, sources: list) -> str:
    """The 文号 (or whatever the kind cites a feature by) of the sources, largest first, joined by 、."""
    keys = tuple(getattr(kind, "cite", ()) or ())
    seen = []
    for s in sorted(sources, key=lambda x: -(x.get("area_m2") or 0.0)):
        attrs = s.get("attrs") or {}
        for k in keys:
            v = attrs.get(k)
            if v not in (None, "") and str(v) not in seen:
                seen.append(str(v))
                break
    return "、".join(seen)


def split_along_redline(ws: Workspace, tbid: int, source: Optional[str] = None,
                        geometries: Optional[dict[int, Any]] = None) -> list[int]:
    """Split patch ``tbid`` along the red line of the approval that covers it in part (the suggestion offering
    the split): the part inside and the part outside are stored (store.parts.split_patch), measured against the
    approval's features, and get their own suggestions — inside: what the approval gives (取得建设用地批复 是,
    图斑在批准红线内, 文号, 日期); outside: 取得建设用地批复 否. The whole patch's suggestions and coverage of
    every layer give way (prefill the patch again to refresh the other layers for the parts). ``geometries``:
    {feature id: shapely geometry in EPSG:4490} of the approval's features; read from the registered layer
    (exchange.reference_layers.feature_geometries, needs QGIS) when not given. Returns the new parts' ids."""
    import numpy as np

    from ..core.parcel_source import ParcelBatch
    from ..core.parts import SplitError
    from ..core.reference_overlay import coverage, split_along
    from ..core.suggestions import Source, Suggestion, suggest
    from ..rules.reference_kinds import get_kind
    from .determinations import unit_records
    from .parts import split_patch

    tbid = int(tbid)
    source = source or SOURCE
    patch = ws.get("wz_patch", tbid, geometry=True)
    if patch is None:
        raise StoreError(tr("Patch #{fid} does not exist.").format(fid=tbid))
    rows = ws._fetch(f'SELECT fid, "TCID", "SSDM", "JYZ", "LY", "SM" FROM wz_refsug WHERE "TBID" = {ws.ph} '
                     f'AND "FGID" IS NULL AND "ZT" <> {ws.ph} ORDER BY fid', (tbid, STALE))
    offered = [r for r in rows if _sources_of(r[4])[1].get("split")]
    if not offered:
        raise StoreError(tr("Patch {jcbh} is not covered in part by an approval's red line; there is nothing to "
                            "split it along.").format(jcbh=patch["JCBH"]))
    layer_id = offered[0][1]
    item = reference_layer(ws, layer_id)
    kind = get_kind(item["kind"])
    name = layer_display_name(item)
    cited: dict[int, dict] = {}
    for r in rows:
        if r[1] == layer_id:
            for s in _sources_of(r[4])[0]:
                if s.get("fid") is not None:
                    cited.setdefault(int(s["fid"]), s)
    attrs = {int(y): json.loads(sx) if sx else {}
             for y, sx in ws._fetch(f'SELECT "YSID", "SX" FROM wz_refcov WHERE "TBID" = {ws.ph} AND "FGID" IS NULL '
                                    f'AND "TCID" = {ws.ph}', (tbid, layer_id))}
    fids = sorted(cited)
    if geometries is None:
        from ..exchange.reference_layers import feature_geometries
        geometries = feature_geometries(ws, layer_id, fids)
    present = [f for f in fids if geometries.get(f) is not None]
    if not present:
        raise StoreError(tr("The features of {layer} that covered patch {jcbh} are no longer in the layer; "
                            "pre-fill again.").format(layer=name, jcbh=patch["JCBH"]))
    feats = [geometries[f] for f in present]
    try:
        pieces = split_along(patch["geom"], feats)
    except SplitError as e:
        raise StoreError(tr("Patch {jcbh} cannot be split along the red line of {layer}: {reason}").format(
            jcbh=patch["JCBH"], layer=name, reason=e)) from None
    with ws.transaction():
        part_fids = split_patch(ws, tbid, [g for g, _ in pieces], source=source)
        inside = {f: flag for f, (_, flag) in zip(part_fids, pieces)}
        # What the approval gave the whole patch (批复, 文号, 日期, 红线关系) belongs to the part inside its red line
        # only: left on the patch, the outside part would inherit an approval it does not have (and print it on
        # its record form). The parts get their own suggestions below.
        given = sorted({c for r in kind.rules for c, _ in r.facts})
        cols = ", ".join(f'"{c}"' for c in given)
        own = ws._fetch(f'SELECT {cols} FROM wz_fact WHERE "TBID" = {ws.ph} AND "FGID" IS NULL', (tbid,))
        held = {c: None for c, v in zip(given, own[0] if own else ()) if v is not None}
        if held:
            from .determinations import save_facts
            save_facts(ws, tbid, held, source=source)
        cov = coverage([str(f) for f in part_fids], np.array([g for g, _ in pieces], dtype=object),
                       ParcelBatch(np.array(feats, dtype=object), fid=np.array(present, dtype=np.int64)))
        cover_rows, by_part = [], {}
        for r in cov.pairs.itertuples(index=False):
            if r.area_m2 < MIN_COVER_M2:     # edge arithmetic where a part meets the red line
                continue
            pfid, ysid = int(r.unit_id), int(r.fid)
            a = attrs.get(ysid, cited.get(ysid, {}).get("attrs") or {})
            cover_rows.append({"TBID": tbid, "FGID": pfid, "YSID": ysid, "MJ": float(r.area_m2),
                               "ZB": float(r.share), "SX": a})
            by_part.setdefault(pfid, []).append(Source(kind.id, layer_id, name, ysid, a, float(r.area_m2),
                                                       float(r.share), getattr(r, "fshare", None)))
        records = {rec["FGID"]: rec for rec in unit_records(ws, [tbid])}
        when = unit_reference_date(ws, tbid)
        wh = _cite_text(kind, list(cited.values()))
        out: dict[Unit, list] = {}
        for pfid in part_fids:
            units = cov.units.loc[str(pfid)]
            if inside[pfid]:
                out[(tbid, pfid)] = suggest(kind, layer_id, name, by_part.get(pfid, []), float(units["unit_m2"]),
                                            float(units["covered_m2"]), records.get(pfid, {}), when,
                                            item["complete"], is_part=True, skip_confirmed=False)
            else:
                srcs = tuple(Source(kind.id, layer_id, name, f, attrs.get(f, cited[f].get("attrs") or {}), 0.0, 0.0)
                             for f in present)
                reason = (f"本地块是图斑按批准红线分割出的红线外部分，不在“{name}”中的批准红线"
                          + (f"（批准文号{wh}）" if wh else "") + "范围内。")
                out[(tbid, pfid)] = [Suggestion("YDPF", False, srcs, reason, share_outside=1.0)]
        store_layer_results(ws, layer_id, [(tbid, f) for f in part_fids], cover_rows, out, item["fingerprint"],
                            source=source)
        # the other layers were measured on the whole patch, which is no longer a unit
        others = ws._fetch(f'SELECT fid FROM wz_refsug WHERE "TBID" = {ws.ph} AND "FGID" IS NULL AND "ZT" <> {ws.ph}',
                           (tbid, STALE))
        ws.update_many("wz_refsug", {int(r[0]): {"ZT": STALE} for r in others}, source=source, action="stale")
        cov_old = ws._fetch(f'SELECT fid FROM wz_refcov WHERE "TBID" = {ws.ph} AND "FGID" IS NULL', (tbid,))
        _delete_rows(ws, "wz_refcov", [int(r[0]) for r in cov_old], source)
    return part_fids
