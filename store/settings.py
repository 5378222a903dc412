"""Settings that belong to a workspace rather than to a user or a project: its before/after imagery, its series of
dated imagery, and the layers and fields last given to the algorithms that read the county's own data (the 三调
land survey, the township and village boundaries). Kept in ``wz_meta`` as JSON, so they travel with the GeoPackage and are
shared by a team workspace.

A layer is remembered as ``{"source": …, "provider": …, "name": …}`` (what QGIS needs to find or reopen it)."""
from __future__ import annotations

import json
from typing import Any, Optional

from ..core.jsontext import dumps
from .workspace import Workspace

PREFIX = "setting:"
BEFORE, AFTER = "before", "after"


def layer_ref(source: str, provider: str, name: str = "") -> dict:
    return {"source": str(source), "provider": str(provider), "name": str(name or "")}


def get_setting(ws: Workspace, key: str, default: Any = None) -> Any:
    text = ws.meta_get(PREFIX + key)
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:   # a hand-edited value that is not JSON: as if unset
        return default


def set_setting(ws: Workspace, key: str, value: Any) -> None:
    """One setting, in its own transaction (a preference, not a change of the record: no audit entry)."""
    with ws.transaction():
        ws.meta_set(PREFIX + key, None if value is None else dumps(value))


def imagery(ws: Workspace) -> dict[str, Optional[dict]]:
    """{"before": layer ref or None, "after": layer ref or None}."""
    value = get_setting(ws, "imagery", {}) or {}
    return {k: value.get(k) if isinstance(value.get(k), dict) and value[k].get("source") else None
            for k in (BEFORE, AFTER)}


def set_imagery(ws: Workspace, before: Optional[dict], after: Optional[dict]) -> bool:
    """Remember the imagery; False when it was remembered already (nothing written)."""
    value = {BEFORE: before, AFTER: after}
    if imagery(ws) == value:
        return False
    set_setting(ws, "imagery", value)
    return True


def imagery_series(ws: Workspace) -> list[dict]:
    """The workspace's dated imagery (N-date review), as remembered: [{"layer": layer ref, "date": ISO text or
    None}, …] in the user's order; entries without a layer source are dropped."""
    value = get_setting(ws, "imagery_series", []) or []
    out = []
    for item in value if isinstance(value, list) else []:
        ref = item.get("layer") if isinstance(item, dict) else None
        if isinstance(ref, dict) and ref.get("source"):
            out.append({"layer": layer_ref(ref["source"], ref.get("provider", ""), ref.get("name", "")),
                        "date": item.get("date") or None})
    return out


def set_imagery_series(ws: Workspace, items: list[dict]) -> bool:
    """Remember the dated imagery; False when it was remembered already (nothing written)."""
    value = [{"layer": i["layer"], "date": i.get("date") or None} for i in items]
    if imagery_series(ws) == value:
        return False
    set_setting(ws, "imagery_series", value)
    return True


def algorithm_inputs(ws: Workspace, algorithm: str) -> dict[str, Any]:
    """The inputs last given to a WPZF algorithm on this workspace ({parameter: layer ref or text})."""
    value = get_setting(ws, f"inputs/{algorithm}", {})
    return value if isinstance(value, dict) else {}


def remember_inputs(ws: Workspace, algorithm: str, inputs: dict[str, Any]) -> None:
    if inputs and algorithm_inputs(ws, algorithm) != inputs:
        set_setting(ws, f"inputs/{algorithm}", inputs)
