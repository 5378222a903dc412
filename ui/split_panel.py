"""The split controls under the patch card: draw a line, split along a land-survey layer, undo."""
from __future__ import annotations

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from ..core.parts import SplitError
from ..i18n import tr
from ..store import StoreError
from ..store.parts import unsplit
from .guard import guarded
from .split_tool import LineSplitTool, split_along_layer, split_with_line


class SplitPanel(QWidget):
    split_done = pyqtSignal(int)   # patch fid whose parts changed
    failed = pyqtSignal(str)

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.ws = None
        self.tbid = None
        self.tool = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.draw_btn = QPushButton(tr("Split with a line"), self)
        self.draw_btn.setToolTip(tr("Click across the patch; right click or Enter finishes, Esc cancels"))
        self.along_btn = QPushButton(tr("Split along parcels"), self)
        self.undo_btn = QPushButton(tr("Remove split"), self)
        self.layer = QgsMapLayerComboBox(self)
        self.layer.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.field = QgsFieldComboBox(self)
        self.layer.layerChanged.connect(self.field.setLayer)
        self.field.setLayer(self.layer.currentLayer())
        if self.field.findText("DLBM") >= 0:
            self.field.setField("DLBM")
        # two lines under the card: the line tools, then the land-survey layer, its field and the split along it
        for combo in (self.layer, self.field):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel(tr("Split"), self), 0, 0)
        grid.addWidget(self.draw_btn, 0, 1)
        grid.addWidget(self.undo_btn, 0, 2)
        grid.addWidget(self.layer, 1, 0)
        grid.addWidget(self.field, 1, 1)
        grid.addWidget(self.along_btn, 1, 2)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.draw_btn.clicked.connect(self.start_line)
        self.along_btn.clicked.connect(self.split_along)
        self.undo_btn.clicked.connect(self.remove_split)

    def set_patch(self, ws, tbid):
        self.ws, self.tbid = ws, tbid

    @guarded
    def start_line(self):
        if self.ws is None or self.tbid is None:
            return
        canvas = self.iface.mapCanvas()
        self.tool = LineSplitTool(canvas)
        self.tool.finished.connect(self.split_line)
        canvas.setMapTool(self.tool)

    def _run(self, fn):
        try:
            fn()
        except (SplitError, StoreError) as e:
            self.failed.emit(str(e))
            return False
        self.split_done.emit(int(self.tbid))
        return True

    @guarded
    def split_line(self, line):
        if self.tool is not None:
            self.iface.mapCanvas().unsetMapTool(self.tool)
        return self._run(lambda: split_with_line(self.ws, self.tbid, line))

    @guarded
    def split_along(self):
        layer, field = self.layer.currentLayer(), self.field.currentField()
        if self.ws is None or self.tbid is None or layer is None or not field:
            self.failed.emit(tr("Choose the land-survey layer and its class field"))
            return False
        return self._run(lambda: split_along_layer(self.ws, self.tbid, layer, field))

    @guarded
    def remove_split(self):
        if self.ws is not None and self.tbid is not None:
            self._run(lambda: unsplit(self.ws, self.tbid, source="dock"))
