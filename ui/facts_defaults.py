"""What the findings form shows beside a unit's own facts: the facts reference data suggests and nobody has
confirmed yet (named by the live determination, as the stored one names them), and the county-wide facts the
county profile answers for this unit (marked as the county's answer, not entered for the patch).

Read once when a unit is loaded (``unit_context``), never on every edit."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional

from qgis.PyQt.QtWidgets import QLabel

from ..i18n import tr
from ..rules.templates import PART_KEY
from ..store.county_profile import KEY as PROFILE_KEY
from ..store.county_profile import county_defaults
from ..store.determinations import unit_records

MARK_STYLE = "color: #7f7f7f;"


@dataclass(frozen=True)
class UnitContext:
    pending: dict = field(default_factory=dict)   # {code: {"value", "value_text", "reason", …}} (pending_facts)
    county: dict = field(default_factory=dict)    # {code: {"value", "basis"}}: filled in by the county profile
    part: Optional[dict] = None   # a part: its number and red-line side (rules.templates.PART_KEY), for the wording


def _pending(ws, tbid: int, fgid: Optional[int]) -> dict:
    try:
        from ..store.reference import pending_facts
    except ImportError:   # a checkout without reference layers
        return {}
    return dict((pending_facts(ws, [tbid]) or {}).get((tbid, fgid)) or {})


def _basis(ws) -> dict:
    try:
        data = json.loads(ws.meta_get(PROFILE_KEY) or "{}")
    except ValueError:
        return {}
    return {c: str(e.get("basis") or "") for c, e in data.items() if isinstance(e, dict)} if isinstance(data, dict) else {}


def unit_context(ws, tbid: int, fgid: Optional[int] = None, rec: Optional[dict] = None) -> UnitContext:
    """The pending suggestions and the county-filled facts of patch ``tbid`` (or its part ``fgid``); ``rec``: the
    unit's ``store.determinations.unit_record`` when the caller read it already."""
    tbid, fgid = int(tbid), (None if fgid is None else int(fgid))
    county = {}
    defaults = county_defaults(ws)
    if rec is None:
        rec = {}
        if defaults or fgid is not None:
            rec = next((r for r in unit_records(ws, [tbid]) if r["FGID"] == fgid), {})
    if defaults:   # which of them the unit leaves to the county (``unit_records`` marks them ``_county``)
        basis = _basis(ws)
        county = {c: {"value": defaults[c], "basis": basis.get(c, "")} for c in rec.get("_county") or ()
                  if c in defaults}
    return UnitContext(_pending(ws, tbid, fgid), county, rec.get(PART_KEY))


def county_mark(editor) -> QLabel:
    """A small grey "county default" after the editor's widgets (hidden until ``update_mark``)."""
    mark = QLabel(tr("county default"), editor)
    mark.setStyleSheet(MARK_STYLE)
    mark.setVisible(False)
    lay = editor.layout()
    last = lay.itemAt(lay.count() - 1) if lay.count() else None
    lay.insertWidget(lay.count() - 1 if last is not None and last.spacerItem() is not None else lay.count(), mark)
    return mark


def update_mark(mark: QLabel, entry: Optional[dict], value) -> None:
    """Shown while the editor holds the county's answer; another answer is the patch's own."""
    on = entry is not None and value == entry["value"]
    mark.setVisible(on)
    text = tr("The county profile's answer (basis: {basis}); another answer here is saved for this patch only") \
        .format(basis=entry.get("basis") or "—") if on else ""
    mark.setToolTip(text)
    mark.parentWidget().setToolTip(text or mark.parentWidget().fact.description)
