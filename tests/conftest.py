"""Mount the checkout as the package ``wpzf`` (the plugin folder may have any name on disk)."""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_mount = ROOT / ".pkgroot"
_link = _mount / "wpzf"
if not _link.exists():
    _mount.mkdir(exist_ok=True)
    try:
        _link.symlink_to(ROOT, target_is_directory=True)
    except FileExistsError:
        pass
if str(_mount) not in sys.path:
    sys.path.insert(0, str(_mount))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The audit anchors the tests' workspaces leave (core/anchors.py) go to a folder of the run, not the home;
# so do QGIS's settings (the last workspace, the dock's layout), so no earlier run or benchmark steers a test.
os.environ.setdefault("WPZF_ANCHORS_DIR", tempfile.mkdtemp(prefix="wpzf-anchors-"))
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="wpzf-test-data-")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def wpzf_provider(qgis_processing):
    """The WPZF Processing provider, registered once for the session (the Python object must stay
    referenced while QGIS uses it)."""
    from qgis.core import QgsApplication

    from wpzf.processing.provider import WpzfProvider

    reg = QgsApplication.processingRegistry()
    if reg.providerById("wpzf") is not None:
        return reg.providerById("wpzf")
    provider = WpzfProvider()
    assert reg.addProvider(provider), [p.id() for p in reg.providers()]
    return provider
