"""The workspace's tables as QGIS layers: Chinese aliases from the schema and a style by status."""
from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLayerTreeGroup,
    QgsMarkerSymbol,
    QgsProject,
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


def workspace_layers(ws, project: QgsProject | None = None, add: bool = True) -> dict[str, QgsVectorLayer]:
    """The layers showing ``ws`` in the project, added (in a group on top) when missing."""
    project = project or QgsProject.instance()
    out = {}
    existing = {lyr.source(): lyr for lyr in project.mapLayers().values() if isinstance(lyr, QgsVectorLayer)}
    group = None
    for name in LAYER_TABLES:
        uri, provider = ws.qgis_source(name)
        if uri in existing:
            out[name] = existing[uri]
            continue
        if not add:
            continue
        table = ws.tables[name]
        layer = QgsVectorLayer(uri, f"{table.alias}", provider)
        if not layer.isValid():
            raise RuntimeError(tr("QGIS cannot open layer {name} of the workspace").format(name=name))
        apply_aliases(layer, table)
        style_layer(layer, name)
        if group is None:
            root = project.layerTreeRoot()
            group = root.findGroup(tr("WPZF workspace")) or root.insertGroup(0, tr("WPZF workspace"))
        project.addMapLayer(layer, False)
        assert isinstance(group, QgsLayerTreeGroup)
        group.insertLayer(0, layer)
        out[name] = layer
    return out
