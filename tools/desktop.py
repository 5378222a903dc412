"""Start the QGIS desktop with the plugin installed from this checkout and the demo project open.

    python tools/desktop.py --demo demo_out                       (interactive)
    python tools/desktop.py --demo demo_out --screenshots docs/screenshots --size 1366x768 --size 1920x1080 --xvfb

The plugin runs from a throw-away QGIS profile (build/qgis-profiles) so a user's own QGIS is never
touched. With --screenshots a startup script steps through a few patches in the dock, saves window
grabs and quits; once per --size (the QGIS window fills a screen of that size, as when maximised;
the first size gets the plain names used by the README, the others a ``_<size>`` suffix). --xvfb runs
each size on its own virtual screen of that size (xvfb-run). ``shots.json`` records what was taken and
how the dock was laid out (queue rows and findings facts visible, whether the window fits the screen).

The demo accepts every reference-data suggestion, so ``dock_suggestions.png`` is taken on a copy of the demo
(``--suggestion-copy``, default build/screenshot-demo; the demo output is never changed) in which one patch's
accepted suggestions were withdrawn and pre-filled again (tools/suggestion_demo.py). The 参考数据图层 and 县情设置
dialogs (reference_dialog.png, county_profile.png, people_dialog.png) are grabbed at the first size only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = "wpzf"
DEFAULT_SIZE = "1366x768"

SCREENSHOT_SCRIPT = r'''
import os, json
from pathlib import Path
from qgis.PyQt.QtCore import QTimer, Qt
from qgis.PyQt.QtWidgets import QApplication, QDockWidget
from qgis.utils import iface, plugins
from qgis.core import QgsProject, QgsSettings

OUT = Path(os.environ["WPZF_SHOTS"])
OUT.mkdir(parents=True, exist_ok=True)
WS = os.environ["WPZF_WORKSPACE"]
SUFFIX = os.environ.get("WPZF_SUFFIX", "")
DOCK_WIDTH = int(os.environ.get("WPZF_DOCK_WIDTH", "600"))
log = {"shots": [], "layout": {}}

def safe(fn):
    def run():
        try:
            fn()
        except Exception as e:  # a failed step is written down, never a modal error dialog
            import traceback
            (OUT / f"errors{SUFFIX}.txt").open("a").write(traceback.format_exc())
    return run

def shot(name):
    stem, ext = name.rsplit(".", 1)
    name = f"{stem}{SUFFIX}.{ext}"
    iface.mainWindow().grab().save(str(OUT / name))
    log["shots"].append(name)
    measure(stem)

def measure(stem):
    """How much of the queue and the findings the operator sees, and whether QGIS still fits its screen."""
    import importlib   # the plugin's own module, under whatever name QGIS loaded it
    layout = importlib.import_module(type(plugins["wpzf"]).__module__.rsplit(".", 1)[0] + ".ui.dock_layout")
    visible_facts, visible_rows = layout.visible_facts, layout.visible_rows
    dock = plugins["wpzf"].dock
    win = iface.mainWindow()
    screen = QApplication.primaryScreen().geometry()
    log["layout"][stem] = {
        "screen": [screen.width(), screen.height()], "window": [win.width(), win.height()],
        "dock": [dock.width(), dock.height()], "status_bar_visible": win.statusBar().isVisible()
        and win.statusBar().geometry().bottom() < screen.height(),
        "queue_rows": visible_rows(dock.table), "findings_facts": visible_facts(dock.findings),
        "font": [QApplication.font().family(), QApplication.font().pointSizeF()]}

def open_dock():
    for key in ("wpzf/dock", "wpzf/findings/explanation_open"):   # the dock as a new user first sees it
        QgsSettings().remove(key)
    win = iface.mainWindow()
    win.showNormal()
    win.setGeometry(QApplication.primaryScreen().availableGeometry())   # as maximised, also without a window manager
    p = plugins["wpzf"]
    p.show_dock()
    p.dock.open(WS)
    for d in win.findChildren(QDockWidget):
        if d.objectName() == "Browser":
            d.hide()
    win.resizeDocks([p.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
    for lyr in QgsProject.instance().mapLayers().values():
        if lyr.name().startswith("三调"):
            QgsProject.instance().layerTreeRoot().findLayer(lyr.id()).setItemVisibilityChecked(False)

def with_photos():
    dock = plugins["wpzf"].dock
    dock.filters.photos.setCurrentIndex(dock.filters.photos.findData(True))
    dock.table.selectRow(0)

def tab(i):
    def f():
        plugins["wpzf"].dock.tabs.setCurrentIndex(i)
    return f

def filters(open_):
    def f():
        plugins["wpzf"].dock.filters.set_expanded(open_)
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
    (OUT / f"shots{SUFFIX}.json").write_text(json.dumps(log, ensure_ascii=False, indent=1), "utf-8")
    QgsProject.instance().setDirty(False)   # no "save the project?" question keeps QGIS from exiting
    QgsSettings().setValue("askToSaveMemoryLayers", False, QgsSettings.Section.App)   # nor one about scratch layers
    QTimer.singleShot(8000, still_running)
    iface.actionExit().trigger()

def still_running():
    """QGIS did not quit: say what holds it (a modal dialog?) and leave anyway (the shots are saved)."""
    modal = QApplication.activeModalWidget()
    shown = [f"{type(w).__name__} {w.windowTitle()!r}" for w in QApplication.topLevelWidgets() if w.isVisible()]
    text = modal.text() if hasattr(modal, "text") else ""
    (OUT / f"errors{SUFFIX}.txt").open("a").write(f"QGIS did not quit; modal: {modal!r} {text!r}; windows: {shown}\n")
    os._exit(0)

SUGGEST = json.loads(os.environ.get("WPZF_SUGGEST", "null"))   # tools/suggestion_demo.py: the copy and its patch

def open_copy():
    """The demo's copy in which one patch's suggestions await confirmation (the demo itself has none)."""
    QgsProject.instance().setDirty(False)
    iface.addProject(SUGGEST["project"])
    for lyr in QgsProject.instance().mapLayers().values():
        if lyr.name().startswith("三调"):
            QgsProject.instance().layerTreeRoot().findLayer(lyr.id()).setItemVisibilityChecked(False)
    dock = plugins["wpzf"].dock
    dock.open(SUGGEST["workspace"])
    dock.filters.clear()
    dock.compare.set_swipe(False)

def with_suggestions():
    dock = plugins["wpzf"].dock
    fid = int(SUGGEST["fid"])
    row = dock.model.row_of(fid)
    if row >= 0:
        dock.select_row(row)
    else:
        dock.show_patch(fid)
    dock.tabs.setCurrentIndex(1)
    panel = dock.findings.suggestions
    panel.toggle.setChecked(True)
    if panel.rows:   # the first one unfolded: its reason and the feature it came from (layer, 文号, share)
        panel.rows[0].more.setChecked(True)
    log["suggestions"] = {**SUGGEST, "rows": [r.suggestion["fact"] for r in panel.rows],
                          "split_button": panel.split_btn.isVisible()}

def dialog(key, name):
    """A dialog of the dock's More menu, grabbed on its own (at the first size only)."""
    def f():
        plugins["wpzf"].open_from_dock(key)
        dock = plugins["wpzf"].dock
        dlg = getattr(dock, {"reference": "_reference_dlg", "people": "_people_dlg"}.get(key, "_county_dlg"))
        screen = QApplication.primaryScreen().availableGeometry()
        def grab():
            dlg.grab().save(str(OUT / name))
            log["shots"].append(name)
            log["layout"][name.rsplit(".", 1)[0]] = {"dialog": [dlg.width(), dlg.height()],
                                                     "screen": [screen.width(), screen.height()],
                                                     "fits": dlg.width() <= screen.width()
                                                     and dlg.height() <= screen.height()}
            dlg.close()
        QTimer.singleShot(2500, safe(grab))
    return f

plan = [(3000, open_dock), (2500, with_photos), (4000, lambda: shot("dock_card.png")),
        (300, tab(1)), (1500, lambda: shot("dock_findings.png")),
        (300, filters(True)), (1000, lambda: shot("dock_filters.png")), (300, filters(False)),
        (300, tab(2)), (2500, lambda: shot("dock_photos.png")),
        (300, tab(3)), (300, swipe), (4000, lambda: shot("compare_swipe.png")),
        (300, with_case), (2500, tab(4)), (2000, lambda: shot("dock_case.png")),
        (300, tab(5)), (2000, lambda: shot("dock_dashboard.png"))]
if not SUFFIX:   # on the demo itself (the copy's pre-fill stamps differ)
    plan += [(500, dialog("reference", "reference_dialog.png")), (4000, dialog("county", "county_profile.png")),
             (4000, dialog("people", "people_dialog.png")), (4000, lambda: None)]
if SUGGEST:
    plan += [(500, open_copy), (3000, with_suggestions), (3000, lambda: shot("dock_suggestions.png"))]
plan += [(500, finish)]
t = 0
for delay, fn in plan:
    t += delay
    QTimer.singleShot(t, safe(fn))
'''


def prepare_profile(base: Path, locale: str, plugin: Path = ROOT) -> Path:
    prof = base / "profiles" / PROFILE
    plugins = prof / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    link = plugins / "wpzf"
    if link.is_symlink() or link.exists():
        link.unlink() if link.is_symlink() else shutil.rmtree(link)
    link.symlink_to(plugin, target_is_directory=True)
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


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})[x×](\d{3,5})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WIDTHxHEIGHT, e.g. 1366x768")
    return int(m.group(1)), int(m.group(2))


def dock_width(screen_width: int) -> int:
    """The dock's width docked right: what an operator leaves it at (the map keeps the larger part)."""
    return 600 if screen_width < 1600 else 720


def prepare_suggestions(demo: Path, copy: Path) -> dict | None:
    """A copy of the demo with one patch's suggestions awaiting confirmation (tools/suggestion_demo.py), or None
    (said why) when the demo has no reference layers or it fails: the other screenshots are taken anyway."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / ".pkgroot"), env.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-P", str(ROOT / "tools" / "suggestion_demo.py"), "--demo", str(demo), "--out", str(copy)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        print(f"no suggestions screenshot: {' '.join(cmd)} failed:\n{done.stderr[-2000:]}", flush=True)
        return None
    chosen = json.loads(lines[-1])
    how = "partly covered by an approval, not split" if chosen["partly"] else "fully covered by an approval"
    print(f"suggestions screenshot: patch {chosen['jcbh']} ({chosen.get('scenario')}, {how}, "
          f"{100 * chosen['share']:.1f}% inside) in {copy}: {', '.join(chosen['pending'])} await confirmation"
          f"{', split offered' if chosen['split_offered'] else ''}", flush=True)
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", default=str(ROOT / "demo_out"))
    ap.add_argument("--screenshots", default=None)
    ap.add_argument("--size", action="append", type=parse_size, default=None,
                    help="screen size WIDTHxHEIGHT for the screenshots (repeatable; default 1366x768)")
    ap.add_argument("--xvfb", action="store_true", help="run each size on a virtual screen of that size (xvfb-run)")
    ap.add_argument("--profiles", default=str(ROOT / "build" / "qgis-profiles"),
                    help="where the throw-away QGIS profile lives")
    ap.add_argument("--plugin", default=str(ROOT), help="the plugin folder QGIS loads (default: this checkout)")
    ap.add_argument("--locale", default="zh_CN")
    ap.add_argument("--suggestion-copy", default=str(ROOT / "build" / "screenshot-demo"),
                    help="where the demo's copy for the suggestions screenshot goes (tools/suggestion_demo.py)")
    args = ap.parse_args()
    demo = Path(args.demo).resolve()
    project = demo / "demo.qgz"
    if not project.exists():
        sys.exit(f"{project} missing: run `make demo` first")
    base = prepare_profile(Path(args.profiles).resolve(), args.locale, Path(args.plugin).resolve())
    env = dict(os.environ)
    # QGIS runs Debian's python3; give it this venv's packages (shapely 2) too.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [*site.getsitepackages(), env.get("PYTHONPATH", "")]))
    env.pop("QT_QPA_PLATFORM", None)
    cmd = ["qgis", "--profiles-path", str(base), "--profile", PROFILE, "--nologo", "--noversioncheck",
           "--project", str(project)]
    if not args.screenshots:
        sys.exit(subprocess.call(cmd, env=env))
    shots = Path(args.screenshots).resolve()
    script = base / "screenshots.py"
    script.write_text(SCREENSHOT_SCRIPT, "utf-8")
    env["WPZF_SHOTS"] = str(shots)
    env["WPZF_WORKSPACE"] = str(demo / "workspace.gpkg")
    suggest = prepare_suggestions(demo, Path(args.suggestion_copy))
    if suggest:
        env["WPZF_SUGGEST"] = json.dumps(suggest, ensure_ascii=False)
    sizes = args.size or [parse_size(DEFAULT_SIZE)]
    status = 0
    for i, (w, h) in enumerate(sizes):
        env["WPZF_SUFFIX"] = "" if i == 0 else f"_{w}x{h}"
        env["WPZF_DOCK_WIDTH"] = str(dock_width(w))
        run = cmd + ["--code", str(script)]
        if args.xvfb:
            run = ["xvfb-run", "-a", "-s", f"-screen 0 {w}x{h}x24"] + run
        print(" ".join(run), flush=True)
        status = subprocess.call(run, env=env, timeout=600) or status
        suffix = env["WPZF_SUFFIX"]
        log = shots / f"shots{suffix}.json"
        if log.exists():
            for stem, m in json.loads(log.read_text("utf-8"))["layout"].items():
                if "dialog" in m:
                    print(f"  {stem}: dialog {m['dialog']} on screen {m['screen']}, fits {m['fits']}")
                    continue
                print(f"  {stem}{suffix}: queue rows {m['queue_rows']}, findings facts {m['findings_facts']}, "
                      f"window {m['window']} on screen {m['screen']}, status bar visible {m['status_bar_visible']}")
    sys.exit(status)


if __name__ == "__main__":
    main()
