"""A copy of the demo in which one patch's reference-data suggestions await confirmation, for the screenshot of
the suggestions panel (tools/desktop.py). The demo accepts every suggestion, so its own workspace has none
pending; the demo output itself is never changed.

    python -P tools/suggestion_demo.py --demo demo_out --out build/screenshot-demo     (prints what it did, JSON)

The copy holds its own workspace.gpkg and demo.qgz; everything else links to the demo (read only). In the copy
the tool picks a patch that an approval's red line covers only partly and that was not split (else a fully
covered one, preferring the demo's "approval_unknown" scenario), clears the legality facts accepted from its
suggestions through the store (store.determinations.save_facts, audited), pre-fills that patch again
(exchange.prefill.prefill) so that they await confirmation, and determines it.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

SOURCE = "screenshots"
APPROVAL_KIND = "construction_approval"
OWN_FILES = ("workspace.gpkg", "demo.qgz")
MARKER = ".wpzf-screenshot-copy"


def make_copy(demo: Path, out: Path) -> Path:
    """``out`` as the demo with its own workspace and project (the rest linked); replaced when it exists."""
    demo, out = demo.resolve(), out.resolve()
    if out == demo or demo in out.parents:
        raise SystemExit(f"{out}: the copy must not be inside the demo {demo}")
    if out.exists():   # only an earlier copy is replaced, never a folder someone named by mistake
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"{out}: not empty and not a copy made by this tool; choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by tools/suggestion_demo.py; replaced on the next run\n", "utf-8")
    for entry in demo.iterdir():
        if entry.name in OWN_FILES or entry.name.startswith("workspace.gpkg-"):
            continue
        (out / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    shutil.copy2(demo / "demo.qgz", out / "demo.qgz")
    src = sqlite3.connect(f"file:{demo / 'workspace.gpkg'}?mode=ro", uri=True)   # consistent even with a WAL
    dst = sqlite3.connect(out / "workspace.gpkg")
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return out


def _scenarios(demo: Path) -> dict:
    """{监测编号: scenario} from the demo generator's truth.json (empty without one)."""
    try:
        patches = json.loads((demo / "truth.json").read_text("utf-8"))["patches"]
    except (OSError, ValueError, KeyError):
        return {}
    return {k: v.get("scenario") for k, v in patches.items()}


def choose_patch(ws, scenarios: dict) -> dict:
    """The patch to show: partly covered by an approval and not split, else fully covered (approval_unknown
    first); it must have legality facts accepted from its suggestions. Raises LookupError without one."""
    ref = importlib.import_module("wpzf.store.reference")   # tools load the plugin as a package (not relative)

    layer_ids = {x["id"] for x in ref.reference_layers(ws) if x["kind"] == APPROVAL_KIND}
    cov = ws.select("wz_refcov", ["TBID", "FGID", "TCID", "ZB", "MJMU"])
    cov = cov[cov["TCID"].isin(layer_ids) & cov["FGID"].isna()]
    split = {int(t) for t in ws.select("wz_part", ["TBID"])["TBID"]}
    patches = ws.select("wz_patch", ["JCBH"])
    jcbh = dict(zip(patches["fid"].astype(int), patches["JCBH"]))
    candidates = []
    for tbid, rows in cov.groupby("TBID"):
        tbid = int(tbid)
        if tbid in split:
            continue
        share = min(1.0, float(rows["ZB"].sum()))
        partly = share < 0.999
        key = (0 if partly else 1, 0 if scenarios.get(jcbh.get(tbid)) == "approval_unknown" else 1,
               round(share, 2), -float(rows["MJMU"].sum()), tbid)
        candidates.append((key, tbid, share, partly))
    for _key, tbid, share, partly in sorted(candidates):
        accepted = [s for s in ref.suggestions(ws, tbid, None, states=(ref.ACCEPTED,)) if s["fact"]]
        if accepted:
            return {"fid": tbid, "jcbh": jcbh.get(tbid), "scenario": scenarios.get(jcbh.get(tbid)),
                    "share": share, "partly": partly, "cleared": [s["fact"] for s in accepted]}
    raise LookupError("no unsplit patch with accepted suggestions from an approval layer")


def prepare(copy: Path, demo: Path) -> dict:
    """Make one patch's accepted suggestions of the copy's workspace await confirmation again (see the module)."""
    prefill = importlib.import_module("wpzf.exchange.prefill").prefill
    open_workspace = importlib.import_module("wpzf.store").open_workspace
    ref = importlib.import_module("wpzf.store.reference")
    determinations = importlib.import_module("wpzf.store.determinations")
    DERIVABLE, determine_patches, save_facts = (determinations.DERIVABLE, determinations.determine_patches,
                                                determinations.save_facts)

    ws = open_workspace(str(copy / "workspace.gpkg"))
    try:
        chosen = choose_patch(ws, _scenarios(demo))
        fid = chosen["fid"]
        codes = chosen["cleared"]
        reasons = {c: "截图演示：撤回采纳的参考数据建议" for c in codes if c in DERIVABLE}
        save_facts(ws, fid, {c: None for c in codes}, reasons, source=SOURCE)
        done = prefill(ws, fids=[fid], source=SOURCE)
        determine_patches(ws, [fid], source=SOURCE)
        pending = ref.suggestions(ws, fid)
        chosen["pending"] = [s["fact"] for s in pending if s["fact"]]
        chosen["split_offered"] = any(s.get("split") for s in pending)
        chosen["prefill"] = {k: done[k] for k in ("suggestions", "kept", "stale")}
        if not chosen["pending"]:
            raise SystemExit(f"patch {chosen['jcbh']}: no suggestion awaits confirmation after the re-run: {chosen}")
        return chosen
    finally:
        ws.close()


def start_qgis():
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    QgsApplication.setPrefixPath("/usr", True)
    app.initQgis()
    return app


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--demo", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    demo = Path(args.demo).resolve()
    copy = make_copy(demo, Path(args.out))
    app = start_qgis()
    chosen = prepare(copy, demo)
    chosen["workspace"] = str(copy / "workspace.gpkg")
    chosen["project"] = str(copy / "demo.qgz")
    print(json.dumps(chosen, ensure_ascii=False))
    sys.stdout.flush()
    del app
    os._exit(0)   # QGIS's exit handlers may crash after a headless run; the work is done


if __name__ == "__main__":
    main()
