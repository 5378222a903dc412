"""The few Qt5/Qt6 differences the plugin meets, in one place."""
try:  # Qt6: QAction moved to QtGui
    from qgis.PyQt.QtGui import QAction  # type: ignore[attr-defined]
except ImportError:  # Qt5
    from qgis.PyQt.QtWidgets import QAction  # type: ignore[no-redef]

__all__ = ["QAction"]
