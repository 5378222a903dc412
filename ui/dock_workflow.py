"""What the dock's workflow actions share: asking for a scope, the workspace's before/after imagery in the
project, the inputs an algorithm's dialog opens with, and whether a notice is about the open workspace.
Presentation only: the scopes, the remembered settings and the record-form rule live in core/ and store/."""
from __future__ import annotations

import os
from typing import Optional

from qgis.core import QgsMapLayer, QgsProject, QgsRasterLayer, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtWidgets import QMessageBox

from ..core.imagery import guess_imagery, guess_landsurvey
from ..core.scope import COUNTY, LISTED, PATCH, SELECTION, TOWNSHIP, Scope
from ..i18n import tr
from ..store import StoreError, is_team_location
from ..store.queue import filter_options
from ..store.settings import AFTER, BEFORE, algorithm_inputs, imagery, layer_ref, set_imagery
from .layers import add_layer_to_group, find_layer, workspace_layers
from .scope_dialog import ScopeDialog


def listed_fids(dock) -> list[int]:
    return [int(f) for f in dock.model.fids()]


def selected_fids(dock) -> list[int]:
    """The patches selected on the map (the workspace's patch layer)."""
    layer = workspace_layers(dock.ws, add=False).get("wz_patch")
    return sorted(int(f) for f in layer.selectedFeatureIds()) if layer is not None else []


def ask_scope(dock, title: str, kinds, records_option: bool = False,
              note: str = "") -> Optional[tuple[Scope, bool]]:
    """(scope, record forms also without findings) the user chooses among ``kinds``; None when cancelled."""
    listed, selected = listed_fids(dock), selected_fids(dock)
    total = dock.ws.count("wz_patch")
    current = [dock.current_fid] if dock.current_fid is not None else []
    counts = {COUNTY: total, TOWNSHIP: total, LISTED: len(listed), SELECTION: len(selected), PATCH: len(current)}
    township = dock.filters.township.currentData()
    if PATCH in kinds and current:
        default = PATCH
    elif township and TOWNSHIP in kinds:
        default = TOWNSHIP
    elif len(listed) < total and LISTED in kinds:
        default = LISTED
    else:
        default = COUNTY
    label = ""
    if current:
        row = dock.model.row_of(current[0])
        label = str(dock.model.value(row, "JCBH")) if row >= 0 else str(current[0])
    dlg = ScopeDialog(title, {k: counts[k] for k in kinds}, townships=filter_options(dock.ws)["township"],
                      township=township, patch_label=label, default=default, records_option=records_option,
                      note=note, parent=dock)
    for kind, fids in ((LISTED, listed), (SELECTION, selected), (PATCH, current)):
        dlg.set_patches(kind, fids)
    if not dlg.exec():
        return None
    scope = dlg.scope()
    return None if scope is None else (scope, dlg.records_without_findings())


# ---- imagery ---------------------------------------------------------------------------------------------------

def _ref(layer: Optional[QgsMapLayer]) -> Optional[dict]:
    return None if layer is None else layer_ref(layer.source(), layer.providerType(), layer.name())


def _rasters(project: QgsProject) -> list[QgsRasterLayer]:
    """The project's raster layers, in layer-tree order."""
    return [n.layer() for n in project.layerTreeRoot().findLayers() if isinstance(n.layer(), QgsRasterLayer)]


def restore_imagery(dock, project: Optional[QgsProject] = None) -> None:
    """Show the workspace's imagery in the Imagery tab: the layers it remembers (added to its layer group when the
    project lacks them); a workspace that remembers none takes what the project has — the layers chosen for the
    project, else those named 前时相/后时相 — and remembers it."""
    project = project or dock.compare.project
    remembered = imagery(dock.ws)
    ids = {BEFORE: None, AFTER: None}
    for which, ref in remembered.items():
        if ref is None:
            continue
        layer = find_layer(project, ref["source"], ref["provider"], QgsRasterLayer)
        if layer is None:
            layer = QgsRasterLayer(ref["source"], ref.get("name") or which, ref["provider"])
            if not layer.isValid():
                continue
            add_layer_to_group(dock.ws, layer, project)
        ids[which] = layer.id()
    if not any(remembered.values()):
        before, after = dock.compare.before_layer(), dock.compare.after_layer()
        if before is None and after is None:
            guess = guess_imagery((lyr.id(), lyr.name()) for lyr in _rasters(project))
            before, after = (project.mapLayer(i) if i else None for i in guess)
        ids = {BEFORE: before.id() if before else None, AFTER: after.id() if after else None}
        if before is not None or after is not None:
            try:
                set_imagery(dock.ws, _ref(before), _ref(after))
            except StoreError:   # a read-only team member: shown, not remembered
                pass
    dock.compare.set_layers(ids[BEFORE], ids[AFTER], remember=False)


def remember_imagery(dock) -> None:
    """The user chose imagery in the Imagery tab: it becomes the workspace's."""
    if dock.ws is None:
        return
    try:
        set_imagery(dock.ws, _ref(dock.compare.before_layer()), _ref(dock.compare.after_layer()))
    except StoreError as e:
        dock.iface.messageBar().pushWarning(tr("Imagery"), str(e))


def atlas_imagery(dock) -> tuple:
    """(before, after) for the atlas: the Imagery tab's layers, else the workspace's remembered files."""
    out = []
    remembered = imagery(dock.ws)
    for which, layer in ((BEFORE, dock.compare.before_layer()), (AFTER, dock.compare.after_layer())):
        ref = remembered[which]
        if layer is None and ref is not None and ref["provider"] == "gdal" and os.path.exists(ref["source"]):
            layer = ref["source"]
        out.append(layer)
    return tuple(out)


def ask_without_imagery(dock) -> bool:
    """No imagery is set: True to print anyway; False after sending the user to the Imagery tab or a cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Export patch maps"), tr(
        "No before/after imagery is set for this workspace: every page would say 无影像 (no imagery)."), parent=dock)
    box.setInformativeText(tr("Choose the imagery in the Imagery tab first, or print the maps without it."))
    choose = box.addButton(tr("Choose imagery…"), QMessageBox.ButtonRole.AcceptRole)
    without = box.addButton(tr("Print without imagery"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(choose)
    box.exec()
    clicked = box.clickedButton()
    if clicked is choose:
        dock.tabs.setCurrentWidget(dock.compare_bar)
    return clicked is without


# ---- algorithms ------------------------------------------------------------------------------------------------

def dialog_parameters(ws, algorithm: str, project: Optional[QgsProject] = None) -> dict:
    """What the dialog of ``wpzf:<algorithm>`` opens with: this workspace and the inputs last given to it here
    (a remembered layer as the project's layer of that source, else its file)."""
    project = project or QgsProject.instance()
    params = {"WORKSPACE": str(ws.location)}
    for name, value in algorithm_inputs(ws, algorithm).items():
        if isinstance(value, dict):
            layer = find_layer(project, value.get("source", ""), value.get("provider", ""))
            if layer is not None:
                params[name] = layer.id()
            elif value.get("provider") in ("ogr", "gdal"):
                params[name] = value.get("source")
        elif value not in (None, ""):
            params[name] = value
    return params


def survey_layers(project: Optional[QgsProject] = None) -> tuple:
    """(land survey, basic farmland) of the project when the workspace remembers none (core.imagery)."""
    project = project or QgsProject.instance()
    polygons = [n.layer() for n in project.layerTreeRoot().findLayers()
                if isinstance(n.layer(), QgsVectorLayer)
                and n.layer().geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry]
    ids = guess_landsurvey((lyr.id(), lyr.name(), lyr.source(), lyr.fields().names()) for lyr in polygons)
    return tuple(project.mapLayer(i) if i else None for i in ids)


def landuse_layer(project: Optional[QgsProject] = None):
    return survey_layers(project)[0]


def same_workspace(a, b) -> bool:
    """Whether two workspace locations name the same workspace (a GeoPackage however its path is spelled)."""
    a, b = str(a), str(b)
    if is_team_location(a) or is_team_location(b):
        return a == b
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
