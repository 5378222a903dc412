"""The workspace's layers in the project are read-only: edits go through WPZF and its audit, not the
attribute table (a change made to the file by other means is named by the audit check)."""
from qgis.core import QgsProject

from wpzf.store import create_workspace
from wpzf.ui.layers import workspace_layers


def test_workspace_layers_cannot_be_edited(qgis_app, tmp_path):
    ws = create_workspace(tmp_path / "ws.gpkg")
    project = QgsProject.instance()
    try:
        layers = workspace_layers(ws, project)
        assert layers and all(layer.readOnly() for layer in layers.values())
        patch = layers["wz_patch"]
        assert not patch.startEditing() and not patch.isEditable()
        again = workspace_layers(ws, project)   # reopened: the same layers, still read-only
        assert again["wz_patch"] is patch and patch.readOnly()
    finally:
        project.removeAllMapLayers()
        ws.close()
