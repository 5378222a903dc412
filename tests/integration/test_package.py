"""`make package` builds the zip QGIS installs: it holds the plugin only and it loads from where it lands."""
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plugin_zip():
    if shutil.which("zip") is None or shutil.which("make") is None:
        pytest.skip("zip/make not installed")
    res = subprocess.run(["make", "-s", "package"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    return ROOT / "build" / "wpzf.zip"


def test_zip_holds_the_plugin_only(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    tops = {n.split("/")[1] for n in names if n.count("/") >= 1 and n.split("/")[1]}
    assert {"metadata.txt", "__init__.py", "plugin.py", "core", "store", "exchange", "ui", "i18n"} <= tops
    assert not tops & {"tests", "bench", "demo", "tools", ".venv", ".git", ".pkgroot"}
    assert "wpzf/i18n/wpzf_zh_CN.qm" in names


def test_installed_zip_loads_under_its_folder_name(plugin_zip, tmp_path, qgis_iface):
    zipfile.ZipFile(plugin_zip).extractall(tmp_path)
    folder = tmp_path / "wpzf"
    spec = importlib.util.spec_from_file_location("wpzf_from_zip", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["wpzf_from_zip"] = module
    spec.loader.exec_module(module)
    plugin = module.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert type(plugin).__module__ == "wpzf_from_zip.plugin"
        assert plugin.menu is not None
    finally:
        plugin.unload()
        del sys.modules["wpzf_from_zip"]
