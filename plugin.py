"""Wiring only: translator, menu, toolbar, dock and the Processing provider."""
from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon

from .i18n import locale_candidates, tr
from .ui.compat import QAction
from .ui.guard import guarded

HERE = Path(__file__).resolve().parent


def user_locale() -> str:
    """QGIS's UI language (Settings ▸ General), else the system's."""
    s = QgsSettings()
    if s.value("locale/overrideFlag", False, type=bool):
        loc = s.value("locale/userLocale", "") or ""
    else:
        loc = QLocale.system().name()
    return str(loc) or "en"


def _load(folders, prefix: str, locale: str):
    """A translator installed from the first ``<prefix>_<locale>.qm`` found, best locale first; None if none."""
    for suffix in locale_candidates(locale):
        for folder in folders:
            qm = Path(folder) / f"{prefix}_{suffix}.qm"
            if not qm.is_file():
                continue
            translator = QTranslator()
            if translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None


def install_translator(locale: str):
    """WPZF's own translation for ``locale`` (zh, zh_CN, zh-Hans, zh_Hans_CN … all mean zh_CN)."""
    return _load([HERE / "i18n"], "wpzf", locale)


def qt_translations_dir() -> str:
    try:  # Qt 6
        return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    except AttributeError:  # Qt 5
        return QLibraryInfo.location(QLibraryInfo.LibraryLocation.TranslationsPath)


def install_qt_translator(locale: str):
    """Qt's own strings (Save, Discard, Cancel …) in the user's language, whatever name QGIS gives the locale
    (QGIS finds no qtbase_zh-Hans.qm). Without Qt's translations (Debian: qttranslations5-l10n) the standard
    buttons stay English, and the log says why."""
    folders = [qt_translations_dir(), QgsApplication.i18nPath()]
    translator = _load([f for f in folders if f], "qtbase", locale) or _load([f for f in folders if f], "qt", locale)
    if translator is None:
        QgsMessageLog.logMessage(tr("Qt's own translations for {locale} were not found in {folders}: standard "
                                    "buttons stay in English (on Debian: apt install qttranslations5-l10n)").format(
            locale=locale, folders=", ".join(f for f in folders if f)), "WPZF", Qgis.MessageLevel.Info)
    return translator


class WpzfPlugin:
    def __init__(self, iface):
        self.iface = iface
        locale = user_locale()
        self.translator = install_translator(locale)
        self.qt_translator = install_qt_translator(locale) if self.translator is not None else None
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
        reference_action = QAction(tr("Reference layers (参考数据图层)…"), self.iface.mainWindow())
        reference_action.triggered.connect(lambda: self.show_dock() and self.open_from_dock("reference"))
        county_action = QAction(tr("County profile (县情设置)…"), self.iface.mainWindow())
        county_action.triggered.connect(lambda: self.show_dock() and self.open_from_dock("county"))
        people_action = QAction(tr("People's names (人员姓名)…"), self.iface.mainWindow())
        people_action.triggered.connect(lambda: self.show_dock() and self.open_from_dock("people"))
        for a in (open_dock, import_action, reference_action, county_action, people_action, verify_action):
            self.menu.addAction(a)
            self.actions.append(a)
        self.toolbar.addAction(open_dock)
        self.open_dock_action = open_dock

    @guarded
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

    @guarded
    def open_from_dock(self, key: str):
        """A dialog of the dock's "More" menu on the dock's workspace (without one it says to open one)."""
        if key == "reference":
            from .ui.reference_dialog import open_dialog
        elif key == "people":
            from .ui.people_dialog import open_dialog
        else:
            from .ui.county_profile_dialog import open_dialog
        open_dialog(self.dock)

    @guarded
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
            self.dock.series.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        for a in self.actions:
            self.iface.removeToolBarIcon(a)
        if self.menu is not None:
            self.menu.deleteLater()
        if getattr(self, "toolbar", None) is not None:
            self.toolbar.deleteLater()
        for t in (self.translator, getattr(self, "qt_translator", None)):
            if t is not None:
                QCoreApplication.removeTranslator(t)
