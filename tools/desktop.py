"""Start the QGIS desktop with the plugin installed from this checkout and the demo project open.

    python tools/desktop.py --demo demo_out                       (interactive)
    xvfb-run -a python tools/desktop.py --demo demo_out --screenshots docs/screenshots

The plugin runs from a throw-away QGIS profile (build/qgis-profiles) so a user's own QGIS is never
touched. With --screenshots a startup script steps through a few patches in the dock, saves window
grabs and quits.
"""
from __future__ import annotations

import argparse
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = "wpzf"

SCREENSHOT_SCRIPT = r'''
import os, json
from pathlib import Path
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins
from qgis.core import QgsProject

OUT = Path(os.environ["WPZF_SHOTS"])
OUT.mkdir(parents=True, exist_ok=True)
WS = os.environ["WPZF_WORKSPACE"]
steps = []
log = []

def safe(fn):
    def run():
        try:
            fn()
        except Exception as e:  # a failed step is written down, never a modal error dialog
            import traceback
            (OUT / "errors.txt").open("a").write(traceback.format_exc())
    return run

def shot(name):
    iface.mainWindow().grab().save(str(OUT / name))
    log.append(name)

def open_dock():
    iface.mainWindow().showNormal()
    iface.mainWindow().setGeometry(0, 0, 1366, 768)
    p = plugins["wpzf"]
    p.show_dock()
    p.dock.open(WS)
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QDockWidget
    for d in iface.mainWindow().findChildren(QDockWidget):
        if d.objectName() == "Browser":
            d.hide()
    iface.mainWindow().resizeDocks([p.dock], [600], Qt.Orientation.Horizontal)
    for lyr in QgsProject.instance().mapLayers().values():
        if lyr.name().startswith("三调"):
            QgsProject.instance().layerTreeRoot().findLayer(lyr.id()).setItemVisibilityChecked(False)

def select(row):
    def f():
        dock = plugins["wpzf"].dock
        dock.table.selectRow(row)
    return f

def with_photos():
    dock = plugins["wpzf"].dock
    dock.filters.photos.setCurrentIndex(dock.filters.photos.findData(True))
    dock.table.selectRow(0)

def tab(i):
    def f():
        plugins["wpzf"].dock.tabs.setCurrentIndex(i)
    return f

def swipe():
    dock = plugins["wpzf"].dock
    ids = {lyr.name(): lyr.id() for lyr in QgsProject.instance().mapLayers().values()}
    before = next(v for k, v in ids.items() if k.startswith("前时相"))
    after = next(v for k, v in ids.items() if k.startswith("后时相"))
    dock.compare.set_layers(before, after)
    dock.compare.show_after()
    dock.compare.set_swipe(True)
    canvas = iface.mapCanvas()
    dock.compare.swipe_tool.set_position(canvas.width() // 2)

def with_case():
    dock = plugins["wpzf"].dock
    dock.compare.set_swipe(False)
    dock.filters.photos.setCurrentIndex(0)
    dock.filters.case.setCurrentIndex(dock.filters.case.findData("整改中"))
    dock.table.selectRow(0)

def finish():
    (OUT / "shots.json").write_text(json.dumps(log))
    QgsProject.instance().setDirty(False)   # no "save the project?" question keeps QGIS from exiting
    iface.actionExit().trigger()

plan = [(3000, open_dock), (2500, with_photos), (4000, lambda: shot("dock_card.png")),
        (300, tab(1)), (1500, lambda: shot("dock_findings.png")),
        (300, tab(2)), (2500, lambda: shot("dock_photos.png")),
        (300, tab(3)), (300, swipe), (4000, lambda: shot("compare_swipe.png")),
        (300, with_case), (2500, tab(4)), (2000, lambda: shot("dock_case.png")),
        (300, tab(5)), (2000, lambda: shot("dock_dashboard.png")), (500, finish)]
t = 0
for delay, fn in plan:
    t += delay
    QTimer.singleShot(t, safe(fn))
'''


def prepare_profile(base: Path, locale: str) -> Path:
    prof = base / "profiles" / PROFILE
    plugins = prof / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    link = plugins / "wpzf"
    if link.is_symlink() or link.exists():
        link.unlink() if link.is_symlink() else shutil.rmtree(link)
    link.symlink_to(ROOT, target_is_directory=True)
    ini = prof / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text(f"""[PythonPlugins]
wpzf=true
processing=true

[locale]
overrideFlag=true
userLocale={locale}

[qgis]
checkVersion=false
showTips322=false
showTips340=false
allowVersionCheck=false

[core]
first_run=false
""", "utf-8")
    return base


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", default=str(ROOT / "demo_out"))
    ap.add_argument("--screenshots", default=None)
    ap.add_argument("--locale", default="zh_CN")
    args = ap.parse_args()
    demo = Path(args.demo).resolve()
    project = demo / "demo.qgz"
    if not project.exists():
        sys.exit(f"{project} missing: run `make demo` first")
    base = prepare_profile(ROOT / "build" / "qgis-profiles", args.locale)
    env = dict(os.environ)
    # QGIS runs Debian's python3; give it this venv's packages (shapely 2) too.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [*site.getsitepackages(), env.get("PYTHONPATH", "")]))
    env.pop("QT_QPA_PLATFORM", None)
    cmd = ["qgis", "--profiles-path", str(base), "--profile", PROFILE, "--nologo", "--noversioncheck",
           "--project", str(project)]
    if args.screenshots:
        shots = Path(args.screenshots).resolve()
        script = base / "screenshots.py"
        script.write_text(SCREENSHOT_SCRIPT, "utf-8")
        env["WPZF_SHOTS"] = str(shots)
        env["WPZF_WORKSPACE"] = str(demo / "workspace.gpkg")
        cmd += ["--code", str(script)]
    print(" ".join(cmd))
    sys.exit(subprocess.call(cmd, env=env, timeout=600 if args.screenshots else None))


if __name__ == "__main__":
    main()
