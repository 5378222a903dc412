"""The legend of the atlas pages (reports/atlas.py): on each page only what its land-survey map shows — the
patch, other patches, parts and photo points when they are in view, the land classes around the patch.

QGIS's own "filter legend by map" does this with a hit test followed by a rebuild of every layer's legend nodes,
and each rebuilt layer makes the legend item refresh all its data-defined properties (a dozen expression
contexts, each reading the settings file): the legend cost more per page than all the vector layers together.
Here the page's legend keys are read the same way the hit test reads them (each feature in the map's extent
asks the layer's renderer for its legend keys, so a user's restyled layer works too), and the legend model is
rebuilt, silently, only when the page shows a different set of entries than the page before.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from qgis.core import (
    QgsCoordinateTransform,
    QgsExpressionContext,
    QgsExpressionContextScope,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsLayerTree,
    QgsLayerTreeLayer,
    QgsLayerTreeModelLegendNode,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPrintLayout,
    QgsRenderContext,
    QgsSymbol,
    QgsVectorLayer,
)

RULE_KEY_ROLE = getattr(QgsLayerTreeModelLegendNode, "RuleKeyRole", None) or \
    QgsLayerTreeModelLegendNode.LegendNodeRoles.RuleKeyRole


@dataclass
class Entry:
    layer: QgsVectorLayer
    name: str
    heading: bool = False                  # the layer's name above its symbols (the land classes)
    symbol: Optional[QgsSymbol] = None      # replaces the symbol of the layer's first legend node


class PageLegend:
    """Keeps ``legend`` of ``layout`` to the entries ``target`` shows on the current atlas page."""

    def __init__(self, layout: QgsPrintLayout, legend: QgsLayoutItemLegend, target: Optional[QgsLayoutItemMap],
                 entries: list[Entry]):
        self.layout, self.legend, self.map = layout, legend, target
        self.entries = [e for e in entries if e.layer is not None]
        self._shown: Optional[tuple] = None
        self._root: Optional[QgsLayerTree] = None   # the model does not own its root: keep it alive
        legend.setAutoUpdateModel(False)
        legend.setLegendFilterByMapEnabled(False)
        self._show(tuple((i, None) for i in range(len(self.entries))))   # everything, until a page is known
        model = legend.model()
        self.keys = [[n.data(RULE_KEY_ROLE) for n in model.layerLegendNodes(node, False)]
                     for node in self._root.findLayers()]
        if target is not None:
            legend.setLinkedMap(target)
            # read once per export: the renderers (cloned, as the hit test does) and the scopes that do not
            # change from page to page (the global scope alone reads the settings file)
            self._renderers = [e.layer.renderer().clone() if e.layer.renderer() is not None else None
                               for e in self.entries]
            self._scopes = [QgsExpressionContextUtils.globalScope(),
                            QgsExpressionContextUtils.projectScope(layout.project()),
                            QgsExpressionContextUtils.layoutScope(layout)]
            self._transforms = [QgsCoordinateTransform(target.crs(), e.layer.crs(), layout.project())
                                for e in self.entries]
            # the atlas has moved its maps to the page when it announces the feature
            layout.atlas().featureChanged.connect(self.update)

    def _show(self, shown: tuple) -> None:
        """Rebuild the legend with ``shown``: (entry index, legend node order or None for all) per layer."""
        if shown == self._shown:
            return
        root = QgsLayerTree()
        for i, order in shown:
            e = self.entries[i]
            node = QgsLayerTreeLayer(e.layer)
            node.setName(e.name)
            if not e.heading:   # the symbols say what they are
                QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
            if e.symbol is not None:
                QgsMapLayerLegendUtils.setLegendNodeCustomSymbol(node, 0, e.symbol)
            if order is not None:
                QgsMapLayerLegendUtils.setLegendNodeOrder(node, list(order))
            root.addChildNode(node)
        model = self.legend.model()
        # silently: every signal of the model makes the legend item refresh all its data-defined properties;
        # the page is laid out when it is painted
        blocked = model.blockSignals(True)
        try:
            model.setRootGroup(root)
        finally:
            model.blockSignals(blocked)
        self._root, self._shown = root, shown

    def update(self, feature: QgsFeature) -> None:
        if self.map is None or not feature.isValid() or not feature.hasGeometry():
            return
        atlas = QgsExpressionContextUtils.atlasScope(self.layout.atlas())   # @atlas_feature: the patch rule
        shown = []
        for i in range(len(self.entries)):
            hit = self.legend_keys(i, atlas)
            order = tuple(k for k, key in enumerate(self.keys[i]) if key is None or key in hit) if hit else ()
            if order:
                shown.append((i, order))
        self._show(tuple(shown))

    def legend_keys(self, i: int, atlas_scope) -> set:
        """The legend keys of entry ``i``'s features within the map's extent, as its renderer gives them."""
        layer, renderer = self.entries[i].layer, self._renderers[i]
        if renderer is None:
            return set()
        try:
            rect = self._transforms[i].transformBoundingBox(self.map.extent())
        except Exception:   # noqa: BLE001 - cannot transform the extent: keep the layer's entries
            return set(filter(None, self.keys[i]))
        context = QgsExpressionContext()
        for scope in self._scopes:
            context.appendScope(QgsExpressionContextScope(scope))
        context.appendScope(QgsExpressionContextScope(atlas_scope))
        context.appendScope(QgsExpressionContextUtils.layerScope(layer))
        ctx = QgsRenderContext()
        ctx.setRendererScale(self.map.scale())
        ctx.setExpressionContext(context)
        renderer.startRender(ctx, layer.fields())
        keys: set = set()
        try:
            request = QgsFeatureRequest().setFilterRect(rect)
            request.setSubsetOfAttributes(renderer.usedAttributes(ctx), layer.fields())
            for f in layer.getFeatures(request):
                ctx.expressionContext().setFeature(f)
                keys.update(renderer.legendKeysForFeature(f, ctx))
        finally:
            renderer.stopRender(ctx)
        return keys
