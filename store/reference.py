"""Reference data in the workspace (issue 17): the county's registered reference layers, the overlay of every
unit with them (``wz_refcov``) and the facts they suggest (``wz_refsug``), and what a person does with a
suggestion — accept it (the fact is written through ``store.determinations.save_facts``), accept all of them,
or override it with a reason.

A *unit* is an unsplit patch (TBID, FGID=None) or a part of a split one (TBID, FGID=wz_part fid), as in
``store/overlay.py``. A suggestion's state is 待确认 (pending), 已采纳 (accepted), 已改填 (overridden: the
person's value was written instead, with a reason) or 已失效 (stale: a later run, a removed layer or a split
replaced it). Re-running a layer keeps accepted/overridden rows whose value did not change. Every write is
one audited transaction; the bulk writes are set-based (``Workspace.insert`` / ``update_many``).

The registry lives in the workspace settings (``wz_meta``, key ``reference_layers``) as a list of
``{"id", "kind", "layer": settings.layer_ref, "mapping": {attribute key: field name}, "complete": bool,
"fingerprint", "prefilled", "features"}``; registering and re-running are recorded in the audit too. Accepting and overriding are in
store/reference_accept.py, the split along the red line in store/reference_split.py; import them from here.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Optional

from ..core.audit import compact
from ..core.jsontext import dumps
from ..core.jsontext import plain as _plain
from ..core.reference_overlay import MIN_COVER_M2  # noqa: F401  (store/reference_split.py's, and callers')
from ..core.suggestion_rows import encode_many
from ..core.suggestion_rows import json_value as _json_value
from ..core.suggestions import value_text
from ..core.units import M2_PER_MU
from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, FactValueError, normalize_value
from .errors import StoreError
from .settings import PREFIX, get_setting
from .workspace import Workspace, now_text, opt_int

PENDING, ACCEPTED, OVERRIDDEN, STALE = "待确认", "已采纳", "已改填", "已失效"
ACTIVE = (PENDING, ACCEPTED, OVERRIDDEN)
SETTING = "reference_layers"
SOURCE = "reference"
ACCEPT_PREFIX = "采纳参考数据："

Unit = tuple[int, Optional[int]]


# ---- the registry ----------------------------------------------------------------------------------------
def reference_layers(ws: Workspace) -> list[dict]:
    """The registered reference layers, in registration order: [{"id", "kind", "layer" ({"source", "provider",
    "name"}), "mapping" ({attribute key: field name}), "complete" (bool), "fingerprint" (str or None: what the
    layer was at its last pre-fill), "prefilled" (stamp or None), "features" (int or None)}]."""
    value = get_setting(ws, SETTING, []) or []
    out = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not item.get("id") or not isinstance(item.get("layer"), dict):
            continue
        out.append({"id": str(item["id"]), "kind": str(item.get("kind") or ""), "layer": dict(item["layer"]),
                    "mapping": dict(item.get("mapping") or {}), "complete": bool(item.get("complete", False)),
                    "fingerprint": item.get("fingerprint"), "prefilled": item.get("prefilled"),
                    "features": item.get("features")})
    return out


def reference_layer(ws: Workspace, layer_id: str) -> dict:
    """One registered layer (as ``reference_layers`` gives it); StoreError naming it when it is not registered."""
    for item in reference_layers(ws):
        if item["id"] == layer_id:
            return item
    raise StoreError(tr("The reference layer {layer} is not registered in this workspace.").format(layer=layer_id))


def layer_display_name(item: dict) -> str:
    """What a person calls a registered layer: its QGIS name, else the kind's Chinese name."""
    name = (item.get("layer") or {}).get("name") or ""
    if name:
        return name
    from ..rules.reference_kinds import kind_label
    return kind_label(item.get("kind", ""))


def _write_registry(ws: Workspace, layers: list[dict], key: str, action: str, changes: dict,
                    source: Optional[str]) -> None:
    """The registry written and the change recorded in the audit (inside the caller's transaction)."""
    ws.meta_set(PREFIX + SETTING, dumps(layers))
    ws.append_audit("wz_meta", f"{PREFIX}{SETTING}/{key}", action, changes, source or SOURCE)


def register_layer(ws: Workspace, kind: str, layer: dict, mapping: dict, complete: Optional[bool] = None,
                   layer_id: Optional[str] = None, source: Optional[str] = None) -> str:
    """Register ``layer`` (a settings.layer_ref: source, provider, name) as reference data of ``kind`` with
    ``mapping`` ({attribute key of the kind: field name of the layer}); ``complete``: the layer holds every
    feature of its kind in the county (absence then suggests a "no"; default: the kind's). Registering again
    under an existing ``layer_id`` changes that registration (its next pre-fill redoes it). Returns the id."""
    from ..rules.reference_kinds import kind_label, load_kinds

    kinds = load_kinds()
    if kind not in kinds:
        raise StoreError(tr("There is no kind of reference data called {kind}.").format(kind=kind))
    k = kinds[kind]
    if not isinstance(layer, dict) or not str(layer.get("source") or "").strip():
        raise StoreError(tr("A reference layer needs a data source to be registered."))
    keys = {a.key: a for a in k.attributes}
    clean = {}
    for key, field in (mapping or {}).items():
        if key not in keys:
            raise StoreError(tr("{kind} has no attribute {attribute}.").format(kind=kind_label(kind), attribute=key))
        if field is not None and str(field).strip():
            clean[key] = str(field).strip()
    ref = {"source": str(layer["source"]), "provider": str(layer.get("provider") or ""),
           "name": str(layer.get("name") or "")}
    entry = {"id": "", "kind": kind, "layer": ref, "mapping": clean,
             "complete": bool(k.complete_default if complete is None else complete),
             "fingerprint": None, "prefilled": None, "features": None}
    with ws.transaction():
        layers = reference_layers(ws)
        if layer_id is not None and any(x["id"] == layer_id for x in layers):
            entry["id"] = layer_id
            old = next(x for x in layers if x["id"] == layer_id)
            layers = [entry if x["id"] == layer_id else x for x in layers]
            changes = {f: [old.get(f), entry[f]] for f in ("kind", "layer", "mapping", "complete")
                       if old.get(f) != entry[f]}
            action = "update"
        else:
            used = {x["id"] for x in layers}
            if layer_id is None:
                n = 1
                while f"{kind}-{n}" in used:
                    n += 1
                layer_id = f"{kind}-{n}"
            elif not re.fullmatch(r"[A-Za-z0-9_.\-]{1,60}", layer_id):
                raise StoreError(f"{layer_id!r}: a reference layer id is ASCII letters, digits, '-', '_' or '.'")
            entry["id"] = layer_id
            layers.append(entry)
            changes = {f: entry[f] for f in ("kind", "layer", "mapping", "complete")}
            action = "create"
        _write_registry(ws, layers, layer_id, action, changes, source)
    return layer_id


def unregister_layer(ws: Workspace, layer_id: str, source: Optional[str] = None) -> None:
    """Forget a registered layer: its overlay rows are removed and its pending suggestions become 已失效
    (accepted and overridden ones stay as the record of what was decided)."""
    reference_layer(ws, layer_id)
    with ws.transaction():
        cov = [int(r[0]) for r in ws._fetch(f'SELECT fid FROM wz_refcov WHERE "TCID" = {ws.ph}', (layer_id,))]
        _delete_rows(ws, "wz_refcov", cov, source)
        pending = [int(r[0]) for r in ws._fetch(f'SELECT fid FROM wz_refsug WHERE "TCID" = {ws.ph} AND "ZT" = {ws.ph}',
                                                (layer_id, PENDING))]
        ws.update_many("wz_refsug", {f: {"ZT": STALE} for f in pending}, source=source or SOURCE, action="stale")
        layers = [x for x in reference_layers(ws) if x["id"] != layer_id]
        _write_registry(ws, layers, layer_id, "delete", {"coverage": [len(cov), 0], "pending": [len(pending), 0]},
                        source)


def _set_layer_state(ws: Workspace, layer_id: str, **values) -> None:
    layers = reference_layers(ws)
    for x in layers:
        if x["id"] == layer_id:
            x.update(values)
    ws.meta_set(PREFIX + SETTING, dumps(layers))


# ---- storing a layer's results ---------------------------------------------------------------------------
def _decode_value(code: str, text):
    if text is None:
        return None
    try:
        v = json.loads(text)
    except (TypeError, ValueError):
        return None
    fact = FACTS_BY_CODE.get(code)
    if fact is None:
        return v
    try:
        return normalize_value(fact, v)
    except FactValueError:
        return v


def _in_chunks(ws: Workspace, sql: str, values: Sequence, head: Sequence = (), size: int = 500) -> list[tuple]:
    """``ws._fetch_in`` with parameters ``head`` before the IN list."""
    values = list(values)
    rows: list[tuple] = []
    for s in range(0, len(values), size):
        part = values[s:s + size]
        rows += ws._fetch(sql.format(marks=", ".join([ws.ph] * len(part))), (*head, *part))
    return rows


def _rows_of(ws: Workspace, table: str, columns: list[str], tbids: Sequence[int], where: str = "",
             params: Sequence = ()) -> list[tuple]:
    """(fid, *columns) of ``table`` for patches ``tbids`` (all of the table's rows matching ``where`` when most
    patches are wanted: one query instead of hundreds)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f"SELECT fid, {cols} FROM {table}" + (f" WHERE {where}" if where else "")
    if len(tbids) > 2000:
        wanted = set(tbids)
        i = columns.index("TBID") + 1
        return [r for r in ws._fetch(sql + " ORDER BY fid", params) if r[i] in wanted]
    glue = " AND " if where else " WHERE "
    return _in_chunks(ws, sql + glue + '"TBID" IN ({marks}) ORDER BY fid', list(tbids), params)


def _delete_rows(ws: Workspace, table: str, fids: Sequence[int], source: Optional[str]) -> None:
    """Delete rows set-based, each with the record ``Workspace.delete`` writes ({field: [old, None]})."""
    if not fids:
        return
    t = ws.tables[table]
    codes = list(t.codes)
    items = []
    with ws.transaction():
        for s in range(0, len(fids), 500):
            part = [int(f) for f in fids[s:s + 500]]
            marks = ", ".join([ws.ph] * len(part))
            old = ws._fetch(f"SELECT fid, {', '.join(chr(34) + c + chr(34) for c in codes)} FROM {table} "
                            f"WHERE fid IN ({marks}) ORDER BY fid", part)
            ws._exec(f"DELETE FROM {table} WHERE fid IN ({marks})", part)
            for r in old:
                items.append((table, int(r[0]), "delete",
                              {k: [compact(_plain(v)), None] for k, v in zip(codes, r[1:]) if v is not None}))
        ws.append_audit_many(items, source or SOURCE)


def _confirmed_values(ws: Workspace, tbids: Sequence[int], codes: Iterable[str],
                      inherit: bool = True) -> dict[Unit, dict[str, Any]]:
    """The facts entered (or accepted) per unit that has a wz_fact row, normalized; a part's record holds what its
    patch has unless it has its own value (as store.determinations reads them). Keys: (tbid, None) and (tbid, part).
    ``inherit=False``: a part's own values only — what it inherited from the whole patch is not a person's answer
    for that part (after a split along the red line the part's own suggestion replaces it without a conflict)."""
    codes = sorted({c for c in codes if c in FACTS_BY_CODE})
    if not codes or not tbids:
        return {}
    rows = _rows_of(ws, "wz_fact", ["TBID", "FGID", *codes], list(tbids))
    own: dict[Unit, dict] = {}
    for r in rows:
        vals = {}
        for c, v in zip(codes, r[3:]):
            if v is None or v != v:
                continue
            try:
                vals[c] = normalize_value(FACTS_BY_CODE[c], v)
            except FactValueError:
                vals[c] = v
        own[(int(r[1]), opt_int(r[2]))] = vals
    out = dict(own)
    if not inherit:
        return out
    for (tbid, fgid), vals in own.items():
        if fgid is not None:
            out[(tbid, fgid)] = {**own.get((tbid, None), {}), **vals}
    return out


def _confirmed(confirmed: dict[Unit, dict], unit: Unit, inherit: bool = True) -> dict:
    got = confirmed.get(unit)
    if got is None and unit[1] is not None and inherit:
        return confirmed.get((unit[0], None), {})
    return got or {}


def _same_value(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return False
    return a == b and type(a) is type(b) or (a == b and not isinstance(a, bool) and not isinstance(b, bool))


class UnitKeys:
    """Units as the store keys them, (tbid, fgid or None), and their patches: normalised once when several layers
    are stored for the same units (a pre-fill of every kind)."""

    def __init__(self, units):
        self.keys = frozenset((int(t), opt_int(f)) for t, f in units)
        self.tbids = sorted({t for t, _ in self.keys})


def store_layer_results(ws: Workspace, layer_id: str, units: list[Unit] | UnitKeys, cover_rows: list[dict],
                        suggestions: dict[Unit, list], fingerprint: Optional[str], source: Optional[str] = None,
                        features: Optional[int] = None) -> dict:
    """Store one layer's overlay and suggestions for ``units`` (every current unit of the patches concerned),
    in one transaction; what does not change is not written.

    ``cover_rows``: [{"TBID", "FGID", "YSID" (feature id), "MJ" (m²), "ZB" (share 0..1), "SX" (attributes dict)}];
    ``suggestions``: {unit: [core.suggestions.Suggestion, or the row tuple core.suggestion_rows.encode_many made
    of one]}. Rows of this layer on the same patches but on units
    that no longer exist (an earlier split) are removed (coverage) or made 已失效 (suggestions). A suggestion whose
    value the unit already has confirmed is not stored, unless it is the one that was accepted. Accepted and
    overridden rows whose value is unchanged stay; a changed value makes the old row 已失效 and a new 待确认.
    Returns {"units", "cover", "new", "kept", "refreshed", "stale"}."""
    item = reference_layer(ws, layer_id)
    source = source or SOURCE
    units = units if isinstance(units, UnitKeys) else UnitKeys(units)
    keys, tbids = units.keys, units.tbids
    stamp = now_text()
    kind = item["kind"]
    with ws.transaction():
        # -- coverage: keyed by (unit, feature); unchanged rows stay as they are
        old_cov = {}
        obsolete: list[int] = []
        for fid, tbid, fgid, ysid, mj, zb, sx in _rows_of(ws, "wz_refcov", ["TBID", "FGID", "YSID", "MJ", "ZB", "SX"],
                                                          tbids, f'"TCID" = {ws.ph}', (layer_id,)):
            key = (int(tbid), opt_int(fgid), int(ysid))
            if key in old_cov:    # a duplicate: keep one
                obsolete.append(int(fid))
            else:
                old_cov[key] = (int(fid), mj, zb, sx)
        inserts, updates = [], {}
        seen = set()
        sx_text: dict[int, str] = {}
        for r in cover_rows:
            key = (int(r["TBID"]), opt_int(r.get("FGID")), int(r["YSID"]))
            if key[:2] not in keys or key in seen:
                continue
            seen.add(key)
            mj, zb = float(r["MJ"]), float(r["ZB"])
            sx = r.get("SX")
            if not (isinstance(sx, str) or sx is None):   # one feature's attributes serve all its units
                obj = sx
                sx = sx_text.get(id(obj))
                if sx is None:
                    sx = sx_text[id(obj)] = dumps(_json_value(obj))
            old = old_cov.pop(key, None)
            if old is not None:
                if abs((old[1] or 0.0) - mj) < 1e-6 and abs((old[2] or 0.0) - zb) < 1e-9 and old[3] == sx:
                    continue
                updates[old[0]] = {"MJ": mj, "MJMU": mj / M2_PER_MU, "ZB": zb, "SX": sx, "TCLX": kind, "FXSJ": stamp}
            else:
                inserts.append({"TBID": key[0], "FGID": key[1], "TCID": layer_id, "TCLX": kind, "YSID": key[2],
                                "MJ": mj, "MJMU": mj / M2_PER_MU, "ZB": zb, "SX": sx, "FXSJ": stamp})
        obsolete += [v[0] for v in old_cov.values()]
        _delete_rows(ws, "wz_refcov", obsolete, source)
        ws.update_many("wz_refcov", updates, source=source, action="overlay")
        if inserts:
            ws.insert("wz_refcov", inserts, source=source)

        # -- suggestions
        old_sug: dict[tuple, list] = {}
        for fid, tbid, fgid, ssdm, jyz, ly, sm, zt in _rows_of(
                ws, "wz_refsug", ["TBID", "FGID", "SSDM", "JYZ", "LY", "SM", "ZT"], tbids,
                f'"TCID" = {ws.ph} AND "ZT" <> {ws.ph}', (layer_id, STALE)):
            unit = (int(tbid), opt_int(fgid))
            key = (unit, ssdm or "") if ssdm else (unit, "", sm)
            old_sug.setdefault(key, []).append((int(fid), jyz, ly, sm, zt))
        suggestions = encode_many(suggestions)   # (rows already encoded pass as they are)
        codes = {s[0] for ss in suggestions.values() for s in ss}
        confirmed = _confirmed_values(ws, tbids, codes)
        refresh, stale = {}, []
        kept = 0
        new_cols: dict[str, list] = {c: [] for c in ("TBID", "FGID", "SSDM", "JYZ", "LY", "SM")}
        n_tb, n_fg, n_ssdm, n_jyz, n_ly, n_sm = new_cols.values()
        for unit, ss in suggestions.items():
            unit = (int(unit[0]), opt_int(unit[1]))
            if unit not in keys:
                continue
            conf = _confirmed(confirmed, unit) if confirmed else {}
            for s in ss:
                fact, jyz, ly, sm, split = s
                olds = old_sug.get((unit, fact) if fact else (unit, "", sm)) if old_sug else None
                if olds:
                    match = next((o for o in olds if o[1] == jyz), None)
                    if match is not None and match[4] == ACCEPTED and fact and not _same_value(
                            conf.get(fact), _decode_value(fact, jyz)):
                        match = None   # accepted, then cleared or changed by a person: it awaits confirmation again
                    if match is not None:
                        olds.remove(match)    # what is left unmatched at the end is no longer suggested
                        if match[4] == PENDING and (match[2] != ly or match[3] != sm):
                            refresh[match[0]] = {"LY": ly, "SM": sm, "FXSJ": stamp}
                        else:
                            kept += 1
                        continue
                have = conf.get(fact) if fact and conf else None
                if have is not None and not split:   # a split offer is kept: it is an action
                    if _same_value(have, _decode_value(fact, jyz)):
                        continue   # the unit has this value confirmed already: nothing to suggest
                n_tb.append(unit[0])
                n_fg.append(unit[1])
                n_ssdm.append(fact)
                n_jyz.append(jyz)
                n_ly.append(ly)
                n_sm.append(sm)
        for olds in old_sug.values():    # changed, no longer suggested, or on a unit that no longer exists
            stale += [o[0] for o in olds]
        ws.update_many("wz_refsug", {f: {"ZT": STALE} for f in stale}, source=source, action="stale")
        ws.update_many("wz_refsug", refresh, source=source, action="overlay")
        n_new = len(n_tb)
        if n_new:
            ws.insert_columns("wz_refsug", {**new_cols, "TCID": [layer_id] * n_new, "ZT": [PENDING] * n_new,
                                            "FXSJ": [stamp] * n_new}, n_new, source=source)
        counts = {"units": len(keys), "cover": len(seen), "new": n_new, "kept": kept,
                  "refreshed": len(refresh), "stale": len(stale)}
        state = {"fingerprint": fingerprint, "prefilled": stamp}
        if features is not None:
            state["features"] = int(features)
        _set_layer_state(ws, layer_id, **state)
        ws.append_audit("wz_meta", f"{PREFIX}{SETTING}/{layer_id}", "prefill",
                        {**counts, "fingerprint": [item.get("fingerprint"), fingerprint]}, source)
    return counts


# ---- reading suggestions -------------------------------------------------------------------------------
def _value_text(code: str, value) -> str:
    if not code:
        return ""
    return value_text(code, value)


def _sources_of(ly) -> tuple[list, dict]:
    try:
        data = json.loads(ly) if ly else []
    except (TypeError, ValueError):
        data = []
    if isinstance(data, list):       # the plain list form
        return data, {}
    return list(data.get("sources") or []), {k: v for k, v in data.items() if k != "sources"}


_SUG_COLUMNS = ["TBID", "FGID", "TCID", "SSDM", "JYZ", "LY", "SM", "ZT", "GTLY", "CLR", "CLSJ", "FXSJ"]


def _as_dicts(ws: Workspace, rows: list[tuple], confirmed: dict[Unit, dict]) -> list[dict]:
    names = {x["id"]: layer_display_name(x) for x in reference_layers(ws)}
    kinds = {x["id"]: x["kind"] for x in reference_layers(ws)}
    out = []
    for fid, tbid, fgid, tcid, ssdm, jyz, ly, sm, zt, gtly, clr, clsj, fxsj in rows:
        code = ssdm or ""
        value = _decode_value(code, jyz) if code else None
        sources, extra = _sources_of(ly)
        unit = (int(tbid), opt_int(fgid))
        have = _confirmed(confirmed, unit, inherit=False).get(code) if code else None
        layer_name = names.get(tcid) or (sources[0].get("layer_name") if sources else "") or ""
        out.append({"id": int(fid), "tbid": unit[0], "fgid": unit[1], "layer_id": tcid, "kind": kinds.get(tcid, ""),
                    "fact": code, "alias": FACTS_BY_CODE[code].alias if code in FACTS_BY_CODE else "",
                    "value": value, "value_text": _value_text(code, value) if code else "", "reason": sm or "",
                    "sources": sources, "layer_name": layer_name, "state": zt, "confirmed": have,
                    "conflict": bool(code) and have is not None and not _same_value(have, value),
                    "agrees": bool(code) and have is not None and _same_value(have, value),
                    "split": bool(extra.get("split")), "share_outside": extra.get("share_outside"),
                    "override_reason": gtly, "handled_by": clr, "handled_at": clsj, "analysed_at": fxsj})
    return out


def suggestions(ws: Workspace, tbid: int, fgid: Optional[int] = None, states=(PENDING,)) -> list[dict]:
    """The suggestions of one unit for the findings form, facts first (in the facts contract's order), then notes.

    Each: {"id", "tbid", "fgid", "layer_id", "kind", "fact" ('' for a note), "alias" (the fact's Chinese name),
    "value", "value_text" (as a person reads it), "reason", "sources" ([{kind, layer_id, layer_name, fid, attrs,
    area_m2, share}]), "layer_name", "state", "confirmed" (the unit's confirmed value or None), "conflict" (a
    confirmed value differs), "agrees" (the confirmed value is this one), "split" (a split along the red line is
    offered), "share_outside", "override_reason", "handled_by", "handled_at", "analysed_at"}.
    ``states``: which states (None: all)."""
    tbid = int(tbid)
    where = f'"TBID" = {ws.ph} AND ' + ('"FGID" IS NULL' if fgid is None else f'"FGID" = {ws.ph}')
    params: list = [tbid] if fgid is None else [tbid, int(fgid)]
    if states:
        where += f' AND "ZT" IN ({", ".join([ws.ph] * len(states))})'
        params += list(states)
    rows = ws._fetch(f"SELECT fid, {', '.join(chr(34) + c + chr(34) for c in _SUG_COLUMNS)} FROM wz_refsug "
                     f"WHERE {where} ORDER BY fid", params)
    codes = {r[4] for r in rows if r[4]}
    confirmed = _confirmed_values(ws, [tbid], codes, inherit=False)
    out = _as_dicts(ws, rows, confirmed)
    order = {c: i for i, c in enumerate(FACTS_BY_CODE)}
    out.sort(key=lambda d: (not d["fact"], order.get(d["fact"], 999), d["id"]))
    return out


def pending_facts(ws: Workspace, fids: Optional[list[int]] = None) -> dict[Unit, dict[str, dict]]:
    """Facts suggested and not yet confirmed, per unit: {(tbid, fgid): {fact code: {"value", "value_text",
    "reason", "layer_name"}}} (notes are left out; when two layers suggest one fact the first stored wins).
    One query (chunked by 500 patches when ``fids`` is given)."""
    sql = (f'SELECT "TBID", "FGID", "SSDM", "JYZ", "SM", "TCID" FROM wz_refsug WHERE "ZT" = {ws.ph} '
           "AND \"SSDM\" IS NOT NULL AND \"SSDM\" <> ''")
    if fids is None:
        rows = ws._fetch(sql + " ORDER BY fid", (PENDING,))
    else:
        fids = sorted({int(f) for f in fids})
        if not fids:
            return {}
        rows = _in_chunks(ws, sql + ' AND "TBID" IN ({marks}) ORDER BY fid', fids, (PENDING,))
    names: Optional[dict] = None
    out: dict[Unit, dict[str, dict]] = {}
    for tbid, fgid, code, jyz, sm, tcid in rows:
        facts = out.setdefault((int(tbid), opt_int(fgid)), {})
        if code in facts:
            continue
        if names is None:
            names = {x["id"]: layer_display_name(x) for x in reference_layers(ws)}
        value = _decode_value(code, jyz)
        facts[code] = {"value": value, "value_text": _value_text(code, value), "reason": sm or "",
                       "layer_name": names.get(tcid, "")}
    return out


# ---- the split along the red line ----------------------------------------------------------------------
def split_along_redline(ws: Workspace, tbid: int, source: Optional[str] = None,
                        geometries: Optional[dict[int, Any]] = None) -> list[int]:
    """Split patch ``tbid`` along the red line of the approval that covers it in part; the parts get their own
    coverage and suggestions (store/reference_split.py). Returns the new parts' ids."""
    from .reference_split import split_along_redline as split

    return split(ws, tbid, source=source, geometries=geometries)


# accepting and overriding live beside this module (they are part of its interface)
from .reference_accept import accept, accept_all, override  # noqa: E402

__all__ = ["PENDING", "ACCEPTED", "OVERRIDDEN", "STALE", "reference_layers", "reference_layer", "layer_display_name",
           "register_layer", "unregister_layer", "store_layer_results", "suggestions", "pending_facts", "accept",
           "accept_all", "override", "split_along_redline"]
