"""Plugin settings stored in QGIS's own settings (per user profile), as one small typed object."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings

PREFIX = "wpzf/"


class Settings:
    def __init__(self):
        self._s = QgsSettings()

    def _get(self, key, default=""):
        return self._s.value(PREFIX + key, default)

    def _set(self, key, value):
        self._s.setValue(PREFIX + key, value)

    @property
    def last_workspace(self) -> str:
        return str(self._get("last_workspace", "") or "")

    @last_workspace.setter
    def last_workspace(self, v: str):
        self._set("last_workspace", v)

    @property
    def last_import_dir(self) -> str:
        return str(self._get("last_import_dir", "") or "")

    @last_import_dir.setter
    def last_import_dir(self, v: str):
        self._set("last_import_dir", v)

    @property
    def profile_dir(self) -> Path:
        """Where the user's own field-mapping profiles live."""
        custom = str(self._get("profile_dir", "") or "")
        return Path(custom) if custom else Path(QgsApplication.qgisSettingsDirPath()) / "wpzf" / "profiles"

    @property
    def template_dir(self) -> str:
        """The office's own report templates (jinja2 and patch_map.qpt); searched before the shipped ones."""
        return str(self._get("template_dir", "") or "")

    @template_dir.setter
    def template_dir(self, v: str):
        self._set("template_dir", v)
