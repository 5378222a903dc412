"""Build the demo county into a folder: ``python -m wpzf.demo.build --out DIR [--seed N]``.

Outputs (all listed with a description in DIR/manifest.json):
boundaries.gpkg, landuse.gpkg, imagery/{before,after}.vrt and the dated imagery/mosaic_<date>.vrt (+ base and
tiles), batches/bu_2021_05.shp (GBK DBF, no .cpg), batches/sheng_2021_06.gpkg, photos/DCIM/device{A,B}/IMG_*.jpg, truth.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import shapely
from osgeo import ogr

from ..core.rosters import load_default_roster
from .batches import MINISTRY_DESCRIPTIONS, PROVINCE_DESCRIPTIONS, build_batches
from .common import (
    COUNTY_CODE,
    COUNTY_NAME,
    DEFAULT_SEED,
    EPSG_GK38,
    EPSG_LONLAT,
    gk_to_lonlat,
    mu,
)
from .geography import Geography, build_geography
from .imagery import AFTER_DATE, EPOCHS, build_imagery, mosaic_name
from .landuse import CONSTRUCTION, LAND_CLASSES, LandUse, build_landuse
from .patches import BHLX, CHANGE_TEXT, TBLX, make_patches
from .photos import build_photos
from .reference import FILE as REFERENCE_FILE
from .reference import LAYERS as REFERENCE_LAYERS
from .reference import build_reference, county_profile_truth
from .vectors import INT, REAL, STR, Field, LayerData, write_gpkg


def write_boundaries(path: str, geo: Geography) -> None:
    county = gk_to_lonlat(geo.county)
    towns = [(code, geo.township_names[code], gk_to_lonlat(g)) for code, g in geo.townships.items()]
    vills = [(v, gk_to_lonlat(v.geom)) for v in geo.villages]
    write_gpkg(path, [
        LayerData("county", EPSG_LONLAT, [Field("XZQDM", STR, 12), Field("XZQMC", STR, 50)],
                  [{"XZQDM": COUNTY_CODE, "XZQMC": COUNTY_NAME}], [county]),
        LayerData("township", EPSG_LONLAT, [Field("XZQDM", STR, 12), Field("XZQMC", STR, 50)],
                  [{"XZQDM": c, "XZQMC": n} for c, n, _ in towns], [g for _, _, g in towns]),
        LayerData("village", EPSG_LONLAT,
                  [Field("XZQDM", STR, 12), Field("XZQMC", STR, 50), Field("XZDM", STR, 12), Field("XZMC", STR, 50)],
                  [{"XZQDM": v.code, "XZQMC": v.name, "XZDM": v.township_code, "XZMC": v.township_name}
                   for v, _ in vills], [g for _, g in vills]),
    ], stamp="2021-05-01T00:00:00.000Z")


def write_landuse(path: str, geo: Geography, lu: LandUse) -> None:
    names = {v.code: v.name for v in geo.villages}
    kcmj, tbdlmj = lu.kcmj, lu.tbdlmj
    rows = []
    serial: dict[str, int] = {}
    for i in range(len(lu.geom)):
        v = lu.village[i]
        serial[v] = serial.get(v, 0) + 1
        ridge = lu.kcxs[i] > 0
        rows.append({
            "BSM": i + 1, "TBBH": str(serial[v]), "DLBM": lu.dlbm[i], "DLMC": LAND_CLASSES[lu.dlbm[i]],
            "ZLDWDM": v + "0000000", "ZLDWMC": names[v], "KCDLBM": "1203" if ridge else "",
            "KCXS": float(lu.kcxs[i]), "KCMJ": float(kcmj[i]), "TBMJ": float(lu.tbmj[i]),
            "TBDLMJ": float(tbdlmj[i]),
        })
    dltb_fields = [Field("BSM", INT), Field("TBBH", STR, 8), Field("DLBM", STR, 5), Field("DLMC", STR, 60),
                   Field("ZLDWDM", STR, 19), Field("ZLDWMC", STR, 60), Field("KCDLBM", STR, 5), Field("KCXS", REAL, 6, 4),
                   Field("KCMJ", REAL, 15, 2), Field("TBMJ", REAL, 15, 2), Field("TBDLMJ", REAL, 15, 2)]
    jb_rows = [{"BSM": i + 1, "JBNTTBBH": f"{v}{i + 1:05d}", "DLBM": d}
               for i, (v, d) in enumerate(zip(lu.jbnt_village, lu.jbnt_dlbm))]
    write_gpkg(path, [
        LayerData("DLTB", EPSG_LONLAT, dltb_fields, rows, list(lu.lonlat)),
        LayerData("YJJBNT", EPSG_LONLAT, [Field("BSM", INT), Field("JBNTTBBH", STR, 20), Field("DLBM", STR, 5)],
                  jb_rows, list(lu.jbnt_lonlat)),
    ], stamp="2021-05-01T00:00:00.000Z")


def overlay_facts(p, areas: dict) -> dict:
    """The facts the overlay with the demo's DLTB and YJJBNT gives (facts-contract codes)."""
    total = sum(areas["by_class"].values()) or 1.0
    construction = sum(a for c, a in areas["by_class"].items() if c in CONSTRUCTION)
    return {"XZJSYD": construction / total >= 0.999, "SFSK": p.kind == "mining", "MJ": mu(areas["true_m2"]),
            "GDMJ": mu(areas["gd"]), "YJJBNTMJ": mu(areas["jb"])}


def truth_record(p, villages: dict, info: dict, ref: dict) -> dict:
    v = villages.get(p.village)
    areas = info[p.key]["areas"]
    level = "部级" if p.batch.startswith("bu_") else "省级"
    return {
        "batch": p.batch, "level": level, "key_field": "JCBH" if level == "部级" else "TBBH",
        "kind": p.kind, "change": CHANGE_TEXT[p.kind],
        "batch_type": TBLX[p.kind] if level == "部级" else BHLX[p.kind],
        "scenario": p.scenario, "story": p.story, "facts": {**overlay_facts(p, areas), **p.facts},
        "intended": p.intended,
        "township": {"code": v.township_code, "name": v.township_name} if v else None,
        "village": {"code": v.code, "name": v.name, "guarantor": v.guarantor} if v else None,
        "qsx": p.qsx.isoformat(), "hsx": p.hsx.isoformat(), "issued": p.issued.isoformat(),
        "area": {
            "true_mu": mu(info[p.key]["intended_m2"]),
            "issued_outline_mu": mu(areas["true_m2"]),
            "monitored_mu": info[p.key]["attributes"].get("JCMJ", info[p.key]["attributes"].get("MJ")),
            "by_class_mu": {k: mu(a) for k, a in sorted(areas["by_class"].items()) if a > 0.005},
        },
        "geometry": {"type": p.geom.geom_type, "parts": int(shapely.get_num_geometries(p.geom)),
                     "defect": p.defect},
        "same_change_as": p.same_change_as,
        "photos": [ph["file"] for ph in p.photos],
        "reference": {k: v for k, v in ref.items() if k != "parts"},
        **({"parts": ref["parts"]} if ref.get("parts") else {}),
    }


def build(out_dir: str, seed: int = DEFAULT_SEED, log=print, imagery: bool = True, photos: bool = True) -> dict:
    """Build everything into out_dir (imagery and photos can be skipped for a quick vector-only run)."""
    t0 = time.time()
    out_dir = os.path.abspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    roster = load_default_roster()
    geo = build_geography(roster, seed)
    lu = build_landuse(geo, seed)          # also rebuilds geo's polygons from the parcels
    log(f"geography + land use: {len(geo.villages)} villages, {len(lu.geom)} parcels ({time.time() - t0:.1f} s)")
    ministry, province = make_patches(geo, lu, seed)
    log(f"patches: {len(ministry)} 部级 + {len(province)} 省级 ({time.time() - t0:.1f} s)")

    files: list[tuple[str, str]] = []
    write_boundaries(os.path.join(out_dir, "boundaries.gpkg"), geo)
    files.append(("boundaries.gpkg", "EPSG:4490; layers county (XZQDM, XZQMC), township (XZQDM, XZQMC), "
                  "village (XZQDM, XZQMC, XZDM, XZMC): an exact partition county = ∪ townships = ∪ villages"))
    write_landuse(os.path.join(out_dir, "landuse.gpkg"), geo, lu)
    files.append(("landuse.gpkg", "EPSG:4490; layer DLTB (三调-style parcels: BSM, TBBH, DLBM, DLMC, ZLDWDM, "
                  "ZLDWMC, KCDLBM, KCXS, KCMJ, TBMJ, TBDLMJ; ellipsoidal areas in m²) covering the county "
                  "without gaps or overlaps; layer YJJBNT (basic farmland: BSM, JBNTTBBH, DLBM)"))
    info = build_batches(out_dir, ministry, province, lu)
    for ext, what in ((".shp", "geometry"), (".shx", "index"), (".dbf", "attributes, GBK-encoded, no .cpg"),
                      (".prj", "EPSG:4490 (CGCS2000) ESRI WKT")):
        files.append((f"batches/bu_2021_05{ext}", f"部级 batch 2021-05 (Ministry field codes): {what}"))
    files.append(("batches/sheng_2021_06.gpkg", "省级 batch 2021-06: layer sheng_2021_06, EPSG:4526 (GK zone 38 "
                  "with zone prefix), UTF-8, province field names (see batches.sheng_2021_06.fields)"))
    ref, ref_counts = build_reference(out_dir, geo, lu, ministry, province, seed)
    files.append((REFERENCE_FILE, "EPSG:4526; the county's reference data, Chinese field names: "
                   + "; ".join(f"{name} ({n})" for name, n in ref_counts.items())
                   + " — how each meets the patches is in truth.json (reference, parts)"))
    log(f"vectors written ({time.time() - t0:.1f} s)")

    if imagery:
        bounds = shapely.bounds(gk_to_lonlat(geo.county))
        files += build_imagery(out_dir, lu, ministry + province, bounds, log=log)
        log(f"imagery written ({time.time() - t0:.1f} s)")
    photo_records = build_photos(out_dir, ministry, seed) if photos else []
    files += [(ph["file"], f"field photo of {ph['patch']} ({ph['device']}), EXIF GPS + GPSImgDirection + "
               f"DateTimeOriginal; intent: {ph['intent']}") for ph in photo_records]
    log(f"photos: {len(photo_records)} ({time.time() - t0:.1f} s)")

    villages = geo.village_by_code()
    truth = {
        "schema": "wpzf.demo.truth/1",
        "seed": seed,
        "county": {"code": COUNTY_CODE, "name": COUNTY_NAME},
        "notes": "Ground truth of the demo generator. 'facts' use the facts-contract codes of rules/facts.py: "
                 "XZJSYD, SFSK, MJ, GDMJ, YJJBNTMJ as the overlay with landuse.gpkg gives them, the rest as a "
                 "field check would find them (null = not known). 'intended' is what the 2021 rule set makes "
                 "of them: category, clause id as the engine cites it (A4.1 … A4.7, default), flags, mineral "
                 "finding. 'story' says in one line what happened on the ground. 'county_profile': the county-wide "
                 "facts (SDPK), the default of every patch. 'reference': how 参考数据.gpkg meets the patch "
                 "(construction_approval full/partial/sliver/after, temporary_use valid/expired, facility_filing, "
                 "mining_right inside/partly/expired, homestead_approval, earlier = last year's 监测编号). 'parts': "
                 "a patch beyond its red line split along it: each side's own facts, intended result and a point "
                 "inside it (lon/lat).",
        "county_profile": county_profile_truth(),
        "patches": {p.key: truth_record(p, villages, info, ref[p.key]) for p in ministry + province},
        "photos": photo_records,
    }
    with open(os.path.join(out_dir, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    files.append(("truth.json", "the generator's ground truth per JCBH/TBBH: kind of change, scenario, facts, "
                  "intended determination, village and township, areas, geometry defects, photos"))

    manifest = {
        "generator": "wpzf.demo.build",
        "seed": seed,
        "county": {"code": COUNTY_CODE, "name": COUNTY_NAME},
        "crs": {"lonlat": f"EPSG:{EPSG_LONLAT}", "projected": f"EPSG:{EPSG_GK38}"},
        "files": [{"path": p, "description": d} for p, d in files],
        "batches": {
            "bu_2021_05": {
                "path": "batches/bu_2021_05.shp", "level": "部级", "layer": "bu_2021_05", "crs": "EPSG:4490",
                "encoding": "GBK (no .cpg)", "issued": ministry[0].issued.isoformat(), "count": len(ministry),
                "key": "JCBH", "fields": MINISTRY_DESCRIPTIONS,
                "self_intersecting": [p.key for p in ministry if p.defect],
                "multipolygons": [p.key for p in ministry if p.geom.geom_type == "MultiPolygon" and not p.defect],
            },
            "sheng_2021_06": {
                "path": "batches/sheng_2021_06.gpkg", "level": "省级", "layer": "sheng_2021_06", "crs": "EPSG:4526",
                "encoding": "UTF-8", "issued": province[0].issued.isoformat(), "count": len(province), "key": "TBBH",
                "fields": PROVINCE_DESCRIPTIONS,
                "mapping_to_ministry": {"TBBH": "JCBH", "XZQMC": "XMC", "BHLX": "TBLX", "QSXSJ": "QSX",
                                        "HSXSJ": "HSX", "MJ": "JCMJ", "JBNTMJ": "YJJBNTMJ", "XFRQ": "XFSJ",
                                        "XZB": None, "YZB": None, "ZT": None},
            },
        },
        "imagery": {"before": "imagery/before.vrt", "after": "imagery/after.vrt",
                    "note": "before = 前时相 state, after = 后时相 state (both batches' changes)",
                    # N-date review: dated mosaics, oldest first, the after image last (its date: the latest 后时相)
                    "series": [{"path": f"imagery/{mosaic_name(d)}.vrt", "date": d.isoformat()} for d in EPOCHS]
                    + [{"path": "imagery/after.vrt", "date": AFTER_DATE.isoformat()}]} if imagery else None,
        "reference": {"path": REFERENCE_FILE, "crs": f"EPSG:{EPSG_GK38}", "layers": REFERENCE_LAYERS,
                      "features": ref_counts},
        "photos": {"root": "photos/DCIM", "count": len(photo_records),
                   "note": "deviceA and deviceB both start at IMG_0001: same file names, different patches"},
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    size = sum(os.path.getsize(os.path.join(out_dir, p)) for p, _ in files)
    log(f"done in {time.time() - t0:.1f} s, {size / 1e6:.1f} MB in {len(files)} files → {out_dir}")
    return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wpzf.demo.build", description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output folder (created if missing)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--no-imagery", action="store_true", help="skip the rasters (quick vector-only build)")
    ap.add_argument("--no-photos", action="store_true", help="skip the field photos (no QGIS needed)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    ogr.UseExceptions()
    build(args.out, args.seed, log=(lambda *a, **k: None) if args.quiet else print,
          imagery=not args.no_imagery, photos=not args.no_photos)
    return 0


if __name__ == "__main__":
    sys.exit(main())
