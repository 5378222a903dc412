"""Wiring only: translator, menu, toolbar, dock and the Processing provider."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon

from .i18n import tr
from .ui.compat import QAction

HERE = Path(__file__).resolve().parent


def user_locale() -> str:
    """QGIS's UI language (Settings ▸ General), else the system's."""
    s = QgsSettings()
    if s.value("locale/overrideFlag", False, type=bool):
        loc = s.value("locale/userLocale", "") or ""
    else:
        loc = QLocale.system().name()
    return str(loc) or "en"


def install_translator(locale: str):
    qm = HERE / "i18n" / f"wpzf_{locale}.qm"
    if not qm.exists():
        qm = HERE / "i18n" / f"wpzf_{locale.split('_')[0]}.qm"
    if not qm.exists() and locale.startswith("zh"):
        qm = HERE / "i18n" / "wpzf_zh_CN.qm"
    if not qm.exists():
        return None
    translator = QTranslator()
    if translator.load(str(qm)):
        QCoreApplication.installTranslator(translator)
        return translator
    return None


class WpzfPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.translator = install_translator(user_locale())
        self.dock = None
        self.actions = []
        self.provider = None
        self.menu = None

    def initProcessing(self):  # noqa: N802
        from .processing.provider import WpzfProvider

        registry = QgsApplication.processingRegistry()
        if registry.providerById("wpzf") is not None:  # another copy of WPZF is loaded already
            self.provider = None
            return
        provider = WpzfProvider()
        self.provider = provider if registry.addProvider(provider) else None

    def initGui(self):  # noqa: N802
        self.initProcessing()
        icon = QIcon(str(HERE / "icons" / "wpzf.svg"))
        self.menu = self.iface.mainWindow().menuBar().addMenu(tr("Satellite Enforcement"))
        self.menu.setObjectName("wpzfMenu")
        self.toolbar = self.iface.addToolBar(tr("Satellite Enforcement"))
        self.toolbar.setObjectName("wpzfToolbar")
        open_dock = QAction(icon, tr("Patch review panel"), self.iface.mainWindow())
        open_dock.setObjectName("wpzfShowDock")
        open_dock.setCheckable(True)
        open_dock.triggered.connect(self.toggle_dock)
        import_action = QAction(tr("Import batch…"), self.iface.mainWindow())
        import_action.triggered.connect(lambda: self.show_dock() and self.dock.import_batch())
        verify_action = QAction(tr("Verify audit log"), self.iface.mainWindow())
        verify_action.triggered.connect(lambda: self.show_dock() and self.dock.verify_audit())
        for a in (open_dock, import_action, verify_action):
            self.menu.addAction(a)
            self.actions.append(a)
        self.toolbar.addAction(open_dock)
        self.open_dock_action = open_dock

    def show_dock(self) -> bool:
        if self.dock is None:
            from .ui.dock import WpzfDock

            self.dock = WpzfDock(self.iface, self.iface.mainWindow())
            self.dock.register_shortcuts()
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.visibilityChanged.connect(self.open_dock_action.setChecked)
        self.dock.show()
        self.dock.raise_()
        return True

    def toggle_dock(self, checked: bool):
        if checked:
            self.show_dock()
        elif self.dock is not None:
            self.dock.hide()

    def unload(self):
        if self.provider is not None:
            try:
                QgsApplication.processingRegistry().removeProvider(self.provider)
            except RuntimeError:  # already removed and deleted by QGIS
                pass
            self.provider = None
        if self.dock is not None:
            self.dock.close_workspace()
            self.dock.unregister_shortcuts()
            self.dock.compare.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        for a in self.actions:
            self.iface.removeToolBarIcon(a)
        if self.menu is not None:
            self.menu.deleteLater()
        if getattr(self, "toolbar", None) is not None:
            self.toolbar.deleteLater()
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
