"""The atlas's per-page legend (reports/atlas_legend.py) shows, page by page, exactly what QGIS's own "filter
legend by map" would show, without its per-page rebuild of every layer's legend."""
from wpzf.tests.integration.test_atlas import atlas_ws, layers  # noqa: F401  (fixtures)


def _entries(model) -> dict:
    """layer id → the rule keys of the legend nodes the model shows for it (layers showing none left out)."""
    from qgis.core import QgsLayerTreeModelLegendNode

    role = getattr(QgsLayerTreeModelLegendNode, "RuleKeyRole", None) or \
        QgsLayerTreeModelLegendNode.LegendNodeRoles.RuleKeyRole
    out = {}
    for node in model.rootGroup().findLayers():
        keys = [n.data(role) for n in model.layerLegendNodes(node, False)]
        if keys:
            out[node.layerId()] = keys
    return out


def _pages(at) -> list:
    """Each page's legend entries, checked against QGIS's own legend filter on the page's land-survey map."""
    from qgis.core import QgsLayerTree, QgsLayerTreeModel, QgsLayoutItemLegend, QgsLayoutItemMap
    from qgis.PyQt.QtCore import QSizeF

    legend = at.item("legend", QgsLayoutItemLegend)
    target = at.item("map_landuse", QgsLayoutItemMap)
    assert not legend.legendFilterByMapEnabled()     # QGIS's own filter is not what keeps it to the page
    atlas = at.layout.atlas()
    assert atlas.beginRender()
    pages = []
    try:
        for i in range(atlas.count()):
            assert atlas.seekTo(i)
            ours = _entries(legend.model())
            tree = QgsLayerTree()
            for lyr in (at.patches, at.parts, at.photos, at.landuse):
                tree.addLayer(lyr)
            qgis_model = QgsLayerTreeModel(tree)
            rect = target.rect()
            qgis_model.setLegendFilterByMap(target.mapSettings(target.extent(), QSizeF(rect.width(), rect.height()),
                                                               96, True))
            assert ours == _entries(qgis_model), f"page {i + 1}"
            pages.append(ours)
    finally:
        atlas.endRender()
    return pages


def test_each_page_legend_is_what_qgis_filter_by_map_shows(atlas_ws, layers, tmp_path):  # noqa: F811
    from wpzf.reports.atlas import _Atlas, template_path
    from wpzf.reports.atlas_records import select_patches

    fids = select_patches(atlas_ws)
    at = _Atlas(atlas_ws, fids, template_path(), str(layers["before"]), str(layers["after"]),
                str(layers["landuse"]), None, tmp_path, lambda: False)
    assert at.patches.providerType() == at.parts.providerType() == "memory"   # copied once, in the maps' CRS
    assert at.patches.crs() == at.crs and at.patches.featureCount() == 3
    pages = _pages(at)
    by_fid = dict(zip(fids, pages))
    assert at.photos.id() in by_fid[atlas_ws.fids["a"]]          # patch a has its two photos
    assert at.parts.id() in by_fid[atlas_ws.fids["b"]]           # patch b is split in two parts
    assert at.photos.id() not in by_fid[atlas_ws.fids["b"]]
    assert all(at.patches.id() in page and at.landuse.id() in page for page in pages)


def test_maps_not_at_predefined_scales_keep_the_workspace_layers(atlas_ws, layers, tmp_path):  # noqa: F811
    """What such a map shows is not known in advance: nothing is copied, the legend still follows the page."""
    from wpzf.reports.atlas import TEMPLATES, _Atlas
    from wpzf.reports.atlas_records import select_patches

    template = tmp_path / "auto.qpt"
    template.write_text((TEMPLATES / "patch_map.qpt").read_text("utf-8").replace('scalingMode="1"',
                                                                                 'scalingMode="2"', 1), "utf-8")
    fids = select_patches(atlas_ws)
    at = _Atlas(atlas_ws, fids, template, str(layers["before"]), str(layers["after"]), str(layers["landuse"]),
                None, tmp_path, lambda: False)
    assert at.patches.providerType() != "memory" and at.parts.providerType() != "memory"
    pages = _pages(at)
    assert len(pages) == 3 and all(at.patches.id() in page for page in pages)
