"""Mount the checkout as the package ``wpzf`` (the plugin folder may have any name on disk)."""
import os
import sys
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
