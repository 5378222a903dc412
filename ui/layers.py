"""The workspace's tables as QGIS layers: Chinese aliases from the schema and a style by status."""
from __future__ import annotations

import os

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsDataSourceUri,
    QgsFillSymbol,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsProject,
    QgsProviderRegistry,
    QgsRendererCategory,
    QgsVectorLayer,
)

from ..i18n import tr
from ..store.schema import STATUSES

# Outline colours by status, so the imagery under a patch stays visible.
STATUS_COLOURS = {
    "待核查": "#e31a1c", "核查中": "#ff7f00", "已核查": "#1f78b4", "已判定": "#6a3d9a",
    "整改中": "#b15928", "已整改": "#33a02c", "已销号": "#808080",
}
LAYER_TABLES = ("wz_patch", "wz_part", "wz_photo")
GROUP_TAG = "wpzf/workspace"   # custom property of the layer group made for a workspace: its location


def apply_aliases(layer: QgsVectorLayer, table) -> None:
    fields = layer.fields()
    for f in table.fields:
        idx = fields.indexOf(f.code)
        if idx >= 0:
            layer.setFieldAlias(idx, f.alias)


def status_renderer() -> QgsCategorizedSymbolRenderer:
    cats = []
    for status in STATUSES:
        sym = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": STATUS_COLOURS[status],
                                          "outline_width": "0.7", "outline_width_unit": "MM"})
        cats.append(QgsRendererCategory(status, sym, status))
    return QgsCategorizedSymbolRenderer("ZT", cats)


def style_layer(layer: QgsVectorLayer, table_name: str) -> None:
    if table_name == "wz_patch":
        layer.setRenderer(status_renderer())
    elif table_name == "wz_part":
        layer.renderer().setSymbol(QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "outline_color": "#ffff00", "outline_style": "dash", "outline_width": "0.5"}))
    elif table_name == "wz_photo":
        layer.renderer().setSymbol(QgsMarkerSymbol.createSimple(
            {"name": "arrow", "color": "#00bcd4", "size": "4", "angle": "0"}))
        sl = layer.renderer().symbol().symbolLayer(0)
        from qgis.core import QgsProperty, QgsSymbolLayer

        sl.setDataDefinedProperty(QgsSymbolLayer.Property.PropertyAngle, QgsProperty.fromField("FX"))
        # a photo without a direction is a circle, not an arrow pointing north
        sl.setDataDefinedProperty(QgsSymbolLayer.Property.PropertyName,
                                  QgsProperty.fromExpression("if(\"FX\" IS NULL, 'circle', 'arrow')"))


def source_key(source: str, provider: str) -> tuple:
    """What identifies a layer's data whatever the spelling of its source: a file's real path and its layer, a
    PostgreSQL table's database, schema and name (QGIS rewrites both kinds of URI when it loads them)."""
    if provider in ("ogr", "gdal"):
        parts = QgsProviderRegistry.instance().decodeUri(provider, source)
        path = parts.get("path") or ""
        if path:
            layer = parts.get("layerName") or parts.get("layerId") or ""
            return provider, os.path.normcase(os.path.realpath(path)), str(layer)
    if provider == "postgres":
        uri = QgsDataSourceUri(source)
        return provider, uri.service(), uri.host(), uri.port(), uri.database(), uri.schema(), uri.table()
    return provider, source


def layer_key(layer: QgsMapLayer) -> tuple:
    return source_key(layer.source(), layer.providerType())


def find_layer(project: QgsProject, source: str, provider: str, kind=QgsMapLayer):
    """The project's layer showing ``source`` (the first, in layer-tree order), or None."""
    key = source_key(source, provider)
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if isinstance(layer, kind) and layer.providerType() == provider and layer_key(layer) == key:
            return layer
    for layer in project.mapLayers().values():   # layers not in the tree
        if isinstance(layer, kind) and layer.providerType() == provider and layer_key(layer) == key:
            return layer
    return None


def _workspace_group(project: QgsProject, found: list, tag: str) -> QgsLayerTreeGroup:
    """The group of the workspace's layers: where its layers already are, else the group made for it before
    (tagged with the workspace), else one of the plugin's name, else a new group on top."""
    root = project.layerTreeRoot()
    for layer in found:
        node = root.findLayer(layer.id())
        parent = node.parent() if node is not None else None
        if isinstance(parent, QgsLayerTreeGroup) and parent is not root:
            return parent
    for group in root.findGroups(True):
        if group.customProperty(GROUP_TAG) == tag:
            return group
    group = root.findGroup(tr("WPZF workspace")) or root.insertGroup(0, tr("WPZF workspace"))
    group.setCustomProperty(GROUP_TAG, tag)
    return group


def workspace_layers(ws, project: QgsProject | None = None, add: bool = True) -> dict[str, QgsVectorLayer]:
    """The layers showing ``ws`` in the project, added when missing — into the workspace's group, so opening a
    workspace again reuses its layers and group rather than adding another set."""
    project = project or QgsProject.instance()
    out, missing = {}, []
    for name in LAYER_TABLES:
        uri, provider = ws.qgis_source(name)
        layer = find_layer(project, uri, provider, QgsVectorLayer)
        if layer is not None:
            layer.setReadOnly(True)
            out[name] = layer
        else:
            missing.append((name, uri, provider))
    if not add or not missing:
        return out
    group = _workspace_group(project, list(out.values()), str(ws.location))
    for name, uri, provider in missing:
        table = ws.tables[name]
        layer = QgsVectorLayer(uri, f"{table.alias}", provider)
        if not layer.isValid():
            raise RuntimeError(tr("QGIS cannot open layer {name} of the workspace").format(name=name))
        apply_aliases(layer, table)
        style_layer(layer, name)
        # Edits go through WPZF, which audits them; the attribute table only shows (issue: edits behind the
        # audit). 校验审计日志 still names any change made to the file by other means.
        layer.setReadOnly(True)
        project.addMapLayer(layer, False)
        group.insertLayer(0, layer)
        out[name] = layer
    return out


def add_layer_to_group(ws, layer: QgsMapLayer, project: QgsProject | None = None) -> None:
    """Add ``layer`` (e.g. the workspace's imagery) at the bottom of the workspace's group."""
    project = project or QgsProject.instance()
    group = _workspace_group(project, list(workspace_layers(ws, project, add=False).values()), str(ws.location))
    project.addMapLayer(layer, False)
    group.addLayer(layer)
