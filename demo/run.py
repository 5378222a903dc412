"""The main job on the demo county, headless: a fresh workspace, both batches imported through the
Processing algorithms the plugin registers, and a QGIS project to open it all in the desktop.

    python -m wpzf.demo.run --out demo_out        (after python -m wpzf.demo.build --out demo_out)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BATCHES = (  # file in the demo folder, level, issue date, the batch code the county gives it (printed on every form)
    ("batches/bu_2021_05.shp", "部级", "2021-05-06", "2021年第1批"),
    ("batches/sheng_2021_06.gpkg", "省级", "2021-06-08", "2021年第2批"),
)
SIGNED_OFF = BATCHES[0][3]   # the batch the demo signs off and returns


def start_qgis():
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    QgsApplication.setPrefixPath("/usr", True)
    app.initQgis()
    from ..plugin import install_translator

    app._wpzf_translator = install_translator("zh_CN")  # the demo county speaks Chinese
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    from ..processing.provider import WpzfProvider

    provider = WpzfProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def write_project(out: Path, ws) -> Path:
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    from ..ui.layers import workspace_layers

    project = QgsProject.instance()
    project.clear()
    project.setTitle("代县卫片执法演示 (WPZF demo)")
    root = project.layerTreeRoot()
    base = root.addGroup("底图 Base")
    for name, label in (("imagery/before.vrt", "前时相 before"), ("imagery/after.vrt", "后时相 after")):
        path = out / name
        if not path.exists():
            path = path.with_suffix(".tif")
        if path.exists():
            layer = QgsRasterLayer(str(path), label)
            if layer.isValid():
                project.addMapLayer(layer, False)
                base.insertLayer(0, layer)
    for gpkg, layer_name, label in (("landuse.gpkg", "DLTB", "三调地类图斑 DLTB"),
                                    ("landuse.gpkg", "YJJBNT", "永久基本农田 YJJBNT"),
                                    ("boundaries.gpkg", "village", "村界"), ("boundaries.gpkg", "township", "乡镇界")):
        path = out / gpkg
        if not path.exists():
            continue
        layer = QgsVectorLayer(f"{path}|layername={layer_name}", label, "ogr")
        if layer.isValid():
            if layer_name in ("village", "township", "YJJBNT"):
                layer.renderer().symbol().symbolLayer(0).setBrushStyle(0)  # outline only
            project.addMapLayer(layer, False)
            base.insertLayer(0, layer)
            layer_node = root.findLayer(layer.id())
            if layer_name == "DLTB":
                layer_node.setItemVisibilityChecked(False)
    add_reference_layers(project, out)
    add_dated_imagery(project, out, ws)
    workspace_layers(ws, project)
    from qgis.core import QgsCoordinateReferenceSystem, QgsReferencedRectangle

    crs = QgsCoordinateReferenceSystem("EPSG:4490")
    project.setCrs(crs)
    county = QgsVectorLayer(f"{out / 'boundaries.gpkg'}|layername=county", "county", "ogr")
    if county.isValid():
        extent = county.extent()
        extent.grow(0.02)
        project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, crs))
    path = out / "demo.qgz"
    project.write(str(path))
    return path


def add_reference_layers(project, out: Path) -> int:
    """The county's reference data (参考数据.gpkg) in a group of its own, outlines only; the approvals shown."""
    from qgis.core import QgsVectorLayer

    from .reference import FILE, LAYERS

    path = out / FILE
    if not path.exists():
        return 0
    group = project.layerTreeRoot().addGroup("参考数据 Reference data")
    n = 0
    for name in LAYERS:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            continue
        layer.renderer().symbol().symbolLayer(0).setBrushStyle(0)  # outline only
        project.addMapLayer(layer, False)
        group.addLayer(layer).setItemVisibilityChecked(name == "建设用地审批")
        n += 1
    return n


def add_dated_imagery(project, out: Path, ws) -> int:
    """The manifest's dated mosaics in a group of their own (unchecked: the main map shows before/after; the after
    image is the layer already there), remembered as the workspace's imagery series (N-date review, issue 19)."""
    from qgis.core import QgsRasterLayer

    from ..store.settings import layer_ref, set_imagery_series

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    series = (manifest.get("imagery") or {}).get("series") or []
    group = project.layerTreeRoot().addGroup("影像时序 Dated imagery") if series else None
    refs = []
    for item in series:
        path = str(out / item["path"])
        layer = next((lyr for lyr in project.mapLayers().values() if lyr.source() == path), None)
        if layer is None:
            layer = QgsRasterLayer(path, f"影像 {item['date']}")
            if not layer.isValid():
                continue
            project.addMapLayer(layer, False)
            group.addLayer(layer).setItemVisibilityChecked(False)
        refs.append({"layer": layer_ref(layer.source(), layer.providerType(), layer.name()), "date": item["date"]})
    set_imagery_series(ws, refs)
    return len(refs)


def run_demo_overlay(processing, ws_path: Path, out: Path) -> str:
    """The 三调 land survey and basic farmland over every patch (wpzf:overlay_landuse)."""
    from qgis.core import QgsVectorLayer

    dltb = QgsVectorLayer(f"{out / 'landuse.gpkg'}|layername=DLTB", "DLTB", "ogr")
    jbnt = QgsVectorLayer(f"{out / 'landuse.gpkg'}|layername=YJJBNT", "YJJBNT", "ogr")
    res = processing.run("wpzf:overlay_landuse", {"WORKSPACE": str(ws_path), "LANDUSE": dltb, "DLBM": "DLBM",
                                                  "KCXS": "KCXS", "KCDLBM": "KCDLBM", "BASIC_FARMLAND": jbnt})
    return f"{res['UNITS']} patches measured against DLTB and YJJBNT ({res['UNCOVERED']} not wholly covered)"


def record_findings(ws, out: Path) -> int:
    """Enter the field verifiers' findings (truth.json) as facts, each save audited as a field return. The legality
    facts (approvals, filings, licences, county-wide answers …) are left to the desk check against the county's
    reference data (demo/prefill.py)."""
    from ..rules.facts import FACTS_BY_CODE
    from ..store.determinations import save_facts
    from .reference import LEGALITY_FACTS

    truth = json.loads((out / "truth.json").read_text("utf-8"))["patches"]
    keys = ws.select("wz_patch", ["JCBH"])
    n = 0
    for fid, key in zip(keys["fid"], keys["JCBH"]):
        facts = truth.get(key, {}).get("facts", {})
        entered = {k: v for k, v in facts.items() if k in FACTS_BY_CODE and not FACTS_BY_CODE[k].derivable
                   and not FACTS_BY_CODE[k].derived and k not in LEGALITY_FACTS}
        if entered:
            save_facts(ws, int(fid), entered, source="demo:外业核查")
            n += 1
    return n


def attach_demo_photos(ws, out: Path) -> str:
    """The verifiers' photos, attached to the patches they were taken for (copied into the workspace)."""
    from ..exchange.photos import attach_photos

    truth = json.loads((out / "truth.json").read_text("utf-8"))
    keys = ws.select("wz_patch", ["JCBH"])
    fid_of = dict(zip(keys["JCBH"], keys["fid"].astype(int)))
    by_patch: dict = {}
    for p in truth.get("photos", []):
        if p["patch"] in fid_of:
            by_patch.setdefault(fid_of[p["patch"]], []).append(str(out / p["file"]))
    added = warnings = 0
    for fid, paths in by_patch.items():
        report = attach_photos(ws, fid, paths, source="demo:外业照片")
        added += len(report.added)
        warnings += len(report.warnings)
    return f"{added} attached to {len(by_patch)} patches, {warnings} warning(s) (photos far from the patch or " \
           "taken before it was issued)"


def write_facts_csv(ws_path: Path, path: Path) -> None:
    """The fact records as a plain table, to show wpzf:determine on a file outside any workspace."""
    from ..store import open_workspace
    from ..store.determinations import STORED_FACTS, fact_frame

    ws = open_workspace(ws_path)
    try:
        frame = fact_frame(ws)
    finally:
        ws.close()
    cols = ["JCBH", "county", "township", *STORED_FACTS]
    table = frame[cols].rename(columns={"county": "XZQDM", "township": "XZMC"})
    table.to_csv(path, index=False, encoding="utf-8")


def agreement(ws_path: Path, out: Path) -> str:
    """Each unit's determination against the truth: a patch's, or each part's of a patch split along its red line
    (the part matched to its side by the truth's point in it)."""
    import shapely

    from ..store import open_workspace

    truth = json.loads((out / "truth.json").read_text("utf-8"))["patches"]
    ws = open_workspace(ws_path)
    try:
        rows = ws.select("wz_patch", ["JCBH", "PDJG"])
        parts = ws.select("wz_part", ["TBID", "PDJG"], geometry=True)
    finally:
        ws.close()
    by_patch: dict = {}
    for tbid, pdjg, g in zip(parts["TBID"], parts["PDJG"], parts["geom"]):
        by_patch.setdefault(int(tbid), []).append((pdjg, g))
    same = units = split = 0
    for fid, key, pdjg in zip(rows["fid"].astype(int), rows["JCBH"], rows["PDJG"]):
        t = truth.get(key, {})
        if t.get("parts") and fid in by_patch:
            split += 1
            for part_pdjg, g in by_patch[fid]:
                side = next((p for p in t["parts"] if shapely.contains_xy(g, *p["point"])), None)
                units += 1
                same += side is not None and side["intended"]["result"] == part_pdjg
            continue
        units += 1
        same += t.get("intended", {}).get("result") == pdjg
    return (f"{same} of {units} determinations as the generator intended"
            + (f" (the parts of {split} patches split along their red line each on its own)" if split else ""))


def pending_line(ws_path: Path) -> str:
    """How many units are 待定 and why; none may wait for a county-wide answer (the county profile gives it)."""
    from ..rules.facts import COUNTY_FACTS, FACTS_BY_CODE
    from ..store import open_workspace

    ws = open_workspace(ws_path)
    try:
        det = ws.select("wz_determ", ["TBID", "FGID", "PDJG", "PDBZ", "QSSS", "PDGZ"])
    finally:
        ws.close()
    why: dict[str, int] = {}
    county = 0
    pending = det[det["PDJG"] == "待定"]
    for flags, missing in zip(pending["PDBZ"], pending["QSSS"]):
        codes = [c for c in str(missing or "").split(",") if c]
        county += any(c in COUNTY_FACTS for c in codes)
        if flags:
            reason = str(flags)
        elif codes:
            reason = "尚未填写：" + "、".join(FACTS_BY_CODE[c].alias if c in FACTS_BY_CODE else c for c in codes)
        else:
            reason = "需人工认定"
        why[reason] = why.get(reason, 0) + 1
    text = "；".join(f"{r} {n}" for r, n in sorted(why.items(), key=lambda x: -x[1]))
    return f"{len(pending)} 个待定" + (f"（{text}）" if text else "") + f"；因全县统一问题待定 {county} 个"


def field_line(f: dict) -> str:
    """One line on the field round trip (the summary demo/fieldwork.py returns)."""
    return (f"package of {f['patches']} patches for {f['township']}; back: {f['merged']} value(s) merged, "
            f"{f['conflicts']} conflict(s) (resolved: {'; '.join(d['fact'] + ' → ' + d['choice'] for d in f['resolved'])}), "
            f"{f['photos']} photos, {f['splits']} split into {f['split_parts']} parts; re-import "
            f"{'changed nothing' if f['reimport_unchanged'] else 'CHANGED SOMETHING'}")


def print_county_figures(acc_csv: Path) -> None:
    import csv

    with open(acc_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["JB"] == "县级":
                print(f"  {row['SM']}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="demo_out")
    args = ap.parse_args(argv)
    out = Path(args.out).resolve()
    if not (out / "manifest.json").exists():
        sys.exit(f"{out}: no demo data; run python -m wpzf.demo.build --out {out} first")
    app, _provider = start_qgis()
    from qgis import processing

    from ..store import open_workspace

    ws_path = out / "workspace.gpkg"
    for old in (ws_path, out / "workspace_reports"):
        if old.is_file():
            old.unlink()
        elif old.is_dir():
            for f in old.iterdir():
                f.unlink()
    summary = {"workspace": str(ws_path), "imports": []}
    for rel, level, issued, code in BATCHES:
        src = out / rel
        res = processing.run("wpzf:import_batch", {"INPUT": str(src), "WORKSPACE": str(ws_path), "CREATE": True,
                                                   "LEVEL": ["部级", "省级"].index(level), "ISSUED": issued,
                                                   "BATCH_CODE": code})
        summary["imports"].append({"file": rel, "level": level, "patches": res["IMPORTED"], "report": res["REPORT"]})
        print(f"imported {res['IMPORTED']:4d} patches from {rel} ({level}, issued {issued}); report: {res['REPORT']}")
    assigned = processing.run("wpzf:assign_patches", {
        "WORKSPACE": str(ws_path), "TOWNSHIPS": f"{out / 'boundaries.gpkg'}|layername=township",
        "TOWN_CODE": "XZQDM", "TOWN_NAME": "XZQMC", "VILLAGES": f"{out / 'boundaries.gpkg'}|layername=village",
        "VILLAGE_CODE": "XZQDM", "VILLAGE_NAME": "XZQMC"})
    print(f"assigned  : {assigned['ASSIGNED']} patches to their township and village "
          f"({assigned['UNASSIGNED']} outside every boundary)")
    overlay = run_demo_overlay(processing, ws_path, out)
    summary["overlay"] = overlay
    print(f"overlay   : {overlay}")
    ws = open_workspace(ws_path)
    summary["findings"] = record_findings(ws, out)
    print(f"findings  : facts recorded for {summary['findings']} patches (the verifiers' results in truth.json)")
    from .prefill import detail_line, prefill_line, run_reference

    summary["reference"] = ref = run_reference(ws, out)
    print(f"reference : {detail_line(ref)}")
    print(f"  {prefill_line(ref)}")
    summary["photos"] = attach_demo_photos(ws, out)
    print(f"photos    : {summary['photos']}")
    ws.close()
    if ref["splits"]:
        run_demo_overlay(processing, ws_path, out)   # the parts split along their red lines get their land classes
    facts_csv, determined_csv = out / "facts.csv", out / "determined.csv"
    write_facts_csv(ws_path, facts_csv)
    processing.run("wpzf:determine", {"INPUT": str(facts_csv), "OUTPUT": str(determined_csv)})
    res = processing.run("wpzf:determine_workspace", {"WORKSPACE": str(ws_path)})
    print(f"determined: {res['DETERMINED']} patches — {res['SUMMARY']}")
    summary["determination"] = {"summary": res["SUMMARY"], "table": str(determined_csv),
                                "agrees_with_truth": agreement(ws_path, out)}
    print(f"truth     : {summary['determination']['agrees_with_truth']}")
    summary["determination"]["pending"] = pending_line(ws_path)
    print(f"pending   : {summary['determination']['pending']}")
    dl = processing.run("wpzf:refresh_deadlines", {"WORKSPACE": str(ws_path)})
    print(f"deadlines : {dl['SUMMARY']}")
    from .casework import run_casework

    ws = open_workspace(ws_path)
    summary["casework"] = work = run_casework(ws, out)
    ws.close()
    print(f"cases     : {work['cases']} filed ({work['stages']['eliminated']} 消除违法状态 with photo evidence, "
          f"{work['stages']['approved']} 补办手续, {work['stages']['rectifying']} 整改中, {work['stages']['filed']} only "
          f"filed); {work['referrals']} referrals; {work['violators']} violators; {work['delays']} delay")
    print(f"review    : {work['sampled']} patches sampled, authenticity {work['authenticity']}"
          + (f" (under 95 %: {'、'.join(work['flagged'])})" if work["flagged"] else ""))
    from .fieldwork import run_fieldwork

    summary["fieldwork"] = field = run_fieldwork(ws_path, out)
    run_demo_overlay(processing, ws_path, out)   # the parts split in the field get their land classes
    processing.run("wpzf:determine_workspace", {"WORKSPACE": str(ws_path)})
    print(f"fieldwork : {field_line(field)}")
    from .signoff import run_signoff, signoff_line

    summary["signoff"] = so = run_signoff(processing, ws_path, out, SIGNED_OFF)
    print(f"sign-off  : {signoff_line(so)}")
    from .followup import followup_line, run_followup

    ws = open_workspace(ws_path)
    summary["followup"] = follow = run_followup(ws)
    ws.close()
    print(f"follow-up : {followup_line(follow)}")
    acc_csv = out / "accountability.csv"
    processing.run("wpzf:accountability", {"WORKSPACE": str(ws_path), "OUTPUT": str(acc_csv)})
    summary["accountability"] = str(acc_csv)
    print(f"accountability: {acc_csv}")
    print_county_figures(acc_csv)
    rep = processing.run("wpzf:export_reports", {"WORKSPACE": str(ws_path), "OUTPUT": str(out / "reports")})
    summary["reports"] = str(out / "reports")
    print(f"reports   : {rep['FILES']} files in {out / 'reports'} (ledgers, registers, statistics, 附件5 table, "
          "half-year/annual and rectification reports, referral letters, record forms)")
    atlas = out / "reports" / "卫片执法图斑核查图.pdf"
    processing.run("wpzf:export_atlas", {"WORKSPACE": str(ws_path), "BEFORE": str(out / "imagery" / "before.vrt"),
                                         "AFTER": str(out / "imagery" / "after.vrt"),
                                         "LANDUSE": f"{out / 'landuse.gpkg'}|layername=DLTB", "OUTPUT": str(atlas)})
    summary["atlas"] = str(atlas)
    print(f"atlas     : {atlas} (one A4 page per patch)")
    ws = open_workspace(ws_path)
    from ..core.dates import china_today
    print(f"briefing  : {out / 'reports' / '工作简报.pdf'} (第{ws.meta_get(f'briefing_issue:{china_today().year}')}期; 警示约谈名单.xlsx beside it)")
    check = ws.verify_audit()
    counts = ws.row_counts()
    summary["counts"] = counts
    summary["audit"] = {"ok": check.ok, "records": check.checked}
    project = write_project(out, ws)
    ws.close()
    summary["project"] = str(project)
    summary["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    (out / "demo_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
    print(f"workspace : {ws_path}  ({counts['wz_patch']} patches in {counts['wz_batch']} batches)")
    print(f"audit log : {'intact' if check.ok else 'BROKEN'} ({check.checked} records)")
    print(f"project   : {project}   (make desktop opens it in QGIS with the plugin)")
    print(f"summary   : {out / 'demo_summary.json'}")
    app.exitQgis()


if __name__ == "__main__":
    main()
