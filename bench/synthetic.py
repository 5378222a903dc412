"""Synthetic Ministry-style batches for benchmarks (deterministic)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np
import shapely


def write_batch_shapefile(path: str, n: int, seed: int = 1, encoding: str = "GBK",
                          villages: Optional[Sequence[tuple[str, str]]] = None) -> None:
    """n small polygon patches around 113°E 39°N with the Ministry's field codes, DBF in ``encoding``;
    with ``villages`` ((township, village) names) each patch also names one (XZMC, CMC), in turn."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    rng = np.random.default_rng(seed)
    cx = 112.7 + rng.random(n) * 0.6
    cy = 38.9 + rng.random(n) * 0.35
    k = 8
    ang = np.sort(rng.random((n, k)) * 2 * np.pi, axis=1)
    rad = (0.0002 + rng.random((n, 1)) * 0.0006) * (0.6 + 0.4 * rng.random((n, k)))
    xs = cx[:, None] + rad * np.cos(ang) / np.cos(np.radians(39))
    ys = cy[:, None] + rad * np.sin(ang)
    coords = np.stack([xs, ys], axis=2)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    polys = shapely.polygons(coords)
    wkb = shapely.to_wkb(polys)
    # the declared areas (亩) agree with the shapes, as the importer checks: degrees² to m² at each latitude
    mu = shapely.area(polys) * (111_320.0 * np.cos(np.radians(cy))) * 110_574.0 / (10_000 / 15)
    mu *= 1 + rng.normal(0, 0.005, n)
    share = rng.dirichlet([2.0, 1.0, 0.5], n)   # 农用地, 建设用地, 未利用地
    gd = share[:, 0] * rng.random(n)
    areas = np.column_stack([mu, mu * gd, mu * gd * rng.random(n) * (rng.random(n) < 0.4),
                             mu * share[:, 0], mu * share[:, 1], mu * share[:, 2]])
    drv = ogr.GetDriverByName("ESRI Shapefile")
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    lyr = ds.CreateLayer("batch", srs, ogr.wkbPolygon, options=[f"ENCODING={encoding}"])
    specs = [("JCBH", ogr.OFTString, 20), ("XZQDM", ogr.OFTString, 12), ("XMC", ogr.OFTString, 20),
             ("TBLX", ogr.OFTString, 30), ("QSX", ogr.OFTString, 10), ("HSX", ogr.OFTString, 10),
             ("JCMJ", ogr.OFTReal, 0), ("GDMJ", ogr.OFTReal, 0), ("YJJBNTMJ", ogr.OFTReal, 0),
             ("NYDMJ", ogr.OFTReal, 0), ("JSYDMJ", ogr.OFTReal, 0), ("WLYDMJ", ogr.OFTReal, 0),
             ("LZB", ogr.OFTReal, 0), ("BZB", ogr.OFTReal, 0), ("XFSJ", ogr.OFTString, 10),
             ("SFSK", ogr.OFTString, 4)]
    if villages:
        specs += [("XZMC", ogr.OFTString, 40), ("CMC", ogr.OFTString, 40)]
    for name, kind, width in specs:
        fd = ogr.FieldDefn(name, kind)
        if width:
            fd.SetWidth(width)
        if kind == ogr.OFTReal:
            fd.SetWidth(16)
            fd.SetPrecision(4)
        lyr.CreateField(fd)
    kinds = ["新增建设用地", "疑似违法占地", "推填土", "设施农业"]
    defn = lyr.GetLayerDefn()

    for i in range(n):
        f = ogr.Feature(defn)
        f.SetField(0, f"1409232021{i:08d}")
        f.SetField(1, "140923")
        f.SetField(2, "代县")
        f.SetField(3, kinds[i % 4])
        f.SetField(4, "2021-03-01")
        f.SetField(5, "2021-04-20")
        for j in range(6, 12):
            f.SetField(j, float(round(areas[i, j - 6], 4)))
        f.SetField(12, float(cx[i]))
        f.SetField(13, float(cy[i]))
        f.SetField(14, "2021-05-06")
        f.SetField(15, "否")
        if villages:
            town, village = villages[i % len(villages)]
            f.SetField(16, town)
            f.SetField(17, village)
        f.SetGeometry(ogr.CreateGeometryFromWkb(wkb[i]))
        lyr.CreateFeature(f)

    ds = None
    cpg = path[:-4] + ".cpg"
    import os

    if os.path.exists(cpg) and not villages:   # village names include rare characters: declare the encoding
        os.remove(cpg)


# --- a worked workspace for the dock benchmark ------------------------------------------------------

ILLEGAL_FACTS = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": 0, "SDPK": 0}
LEGAL_FACTS = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": 1, "SDPK": 0}
PSEUDO_FACTS = {"BHLX": "none", "SJYT": "farming", "MYYT": "none", "YDPF": 0, "SDPK": 0}


def _write_photo_pool(folder, k: int, seed: int) -> list[str]:
    """``k`` distinct 2000×1500 JPEGs (phone-photo sized, so thumbnails cost what they cost in the field)."""
    from pathlib import Path

    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    names = []
    for i in range(k):
        name = f"pool/IMG_{i:04d}.jpg"
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        if not path.exists():
            small = rng.integers(0, 255, (60, 80, 3), dtype=np.uint8)   # blocks, so JPEG has something to code
            Image.fromarray(small).resize((2000, 1500), Image.Resampling.BILINEAR).save(path, quality=85)
        names.append(name)
    return names


def build_dock_workspace(path, n: int, seed: int = 1, progress=print):
    """A GeoPackage workspace of ``n`` patches worked the way a county works them, for the dock benchmark.

    Every table the dock reads on a step holds rows across the whole workspace, so a query that scans
    rather than seeks shows: facts for 60 % of patches, 2 % split into two parts, every patch
    determined, three land-use rows per patch, photos on every third patch (files from a pool of real
    JPEGs), cases with measures on a third of the illegal patches, referrals, violators, delays and a
    review sample. Every patch names its township and village (the shipped 代县 roster is stored, so
    the card finds the village's 包保 leader), and four county-seat zones have polygons that hold about
    one patch in eight. Written through the workspace API (audited), in bulk."""
    import datetime as dt
    import json
    import tempfile
    import time
    from pathlib import Path

    from ..core.rosters import load_default_roster
    from ..exchange.importer import BatchMeta, import_batch
    from ..store import create_workspace
    from ..store.determinations import determine_patches
    from ..store.rosters import seed_default_roster, set_zone_geometry

    path = Path(path)
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    ws = create_workspace(path)
    roster = load_default_roster()
    try:
        seed_default_roster(ws, source="bench")
        # zones: four quarters of a box holding about an eighth of the patches (the generator's extent is
        # 112.7–113.3°E, 38.9–39.25°N)
        x0, y0, dx, dy = 112.85, 39.0, 0.105, 0.0875
        for k, zone in enumerate(roster.zones[:4]):
            x, y = x0 + (k % 2) * dx, y0 + (k // 2) * dy
            set_zone_geometry(ws, zone.name, shapely.MultiPolygon([shapely.box(x, y, x + dx, y + dy)]),
                              source="bench")
        villages = [(v.township_name, v.name) for v in roster.villages]
        with tempfile.TemporaryDirectory() as tmp:
            shp = str(Path(tmp) / "batch.shp")
            # UTF-8 (declared in the .cpg): GBK depends on GDAL's recoding, which tests may switch off
            write_batch_shapefile(shp, n, seed=seed, encoding="UTF-8", villages=villages)
            report = import_batch(ws, shp, BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False)
            if not report.ok:
                raise RuntimeError(report.text())
        progress(f"  {n} patches imported ({time.perf_counter() - t0:.0f} s)")
        patches = ws.select("wz_patch", ["JCBH", "LZB", "BZB", "TBMJMU"], geometry=True, order_by="fid")
        fids = patches["fid"].astype(int).to_numpy()
        towns = np.array(["上馆镇", "聂营镇", "枣林镇", "滩上镇", "峨口镇", "阳明堡镇", "新高乡", "峪口乡", "雁门关乡"])
        split = fids[rng.random(n) < 0.02]
        with ws.transaction():
            # parts (the patch split in two halves by area; the shape itself does not matter here)
            geoms = dict(zip(fids, patches["geom"]))
            mu = dict(zip(fids, patches["TBMJMU"].astype(float)))
            tb = np.repeat(split, 2)
            ws.insert_columns("wz_part", {"TBID": tb.tolist(), "FGBH": ["1", "2"] * len(split),
                                          "TBMJ": [mu[t] * 666.67 / 2 for t in tb],
                                          "TBMJMU": [mu[t] / 2 for t in tb]}, len(tb),
                              geoms=[geoms[t] for t in tb], source="bench")
            # facts: illegal, legal, pseudo-change, and 40 % never visited
            kind = rng.random(n)
            have = fids[kind < 0.6]
            which = kind[kind < 0.6]
            recs = [ILLEGAL_FACTS if w < 0.35 else LEGAL_FACTS if w < 0.5 else PSEUDO_FACTS for w in which]
            cols = {c: [r[c] for r in recs] for c in ILLEGAL_FACTS}
            ws.insert_columns("wz_fact", {"TBID": have.tolist(), **cols}, len(have), source="bench")
            # the land-survey breakdown, three classes per patch
            ws.insert_columns("wz_dlmj", {
                "TBID": np.repeat(fids, 3).tolist(), "LX": ["地类"] * (3 * n),
                "DM": ["0103", "0702", "1006"] * n, "MC": ["旱地", "农村宅基地", "农村道路"] * n,
                "MJMU": np.round(rng.random(3 * n) * 2, 4).tolist()}, 3 * n, source="bench")
        progress(f"  parts, facts, land use written ({time.perf_counter() - t0:.0f} s)")
        determine_patches(ws, source="bench")
        progress(f"  determined ({time.perf_counter() - t0:.0f} s)")
        det = ws.select("wz_determ", ["TBID", "FGID", "PDJG"])
        illegal = det[det["PDJG"] == "新增建设用地违法"]
        with ws.transaction():
            # photos on every third patch: 1–4 each, from a pool of files, unique checksums
            pool = _write_photo_pool(path.parent / f"{path.stem}_attachments", 48, seed)
            with_photos = fids[::3]
            counts = rng.integers(1, 5, len(with_photos))
            tb = np.repeat(with_photos, counts)
            m = len(tb)
            lon = patches.set_index("fid").loc[tb, "LZB"].to_numpy() + rng.normal(0, 0.0003, m)
            lat = patches.set_index("fid").loc[tb, "BZB"].to_numpy() + rng.normal(0, 0.0003, m)
            ws.insert_columns("wz_photo", {
                "TBID": tb.tolist(), "WJLJ": [f"{path.stem}_attachments/{pool[i % len(pool)]}" for i in range(m)],
                "YWJM": [f"IMG_{i:06d}.jpg" for i in range(m)], "SHA": [f"{seed:04d}{i:060d}" for i in range(m)],
                "FX": np.round(rng.random(m) * 360, 1).tolist(),
                "PSSJ": [f"2021-06-{1 + i % 28:02d}T0{i % 10}:30:00.000Z" for i in range(m)],
                "SB": ["HUAWEI P40"] * m, "TJSJ": ["2021-07-01T00:00:00.000Z"] * m, "TJR": ["bench"] * m},
                m, geoms=shapely.points(lon, lat), source="bench")
            # cases on a third of the illegal units (filed, some with a measure), referrals and violators
            units = illegal[rng.random(len(illegal)) < 0.34]
            k = len(units)
            history = json.dumps([["立案", "2021-07-01", ""]], ensure_ascii=False)
            case_fids = ws.insert_columns("wz_case", {
                "TBID": units["TBID"].astype(int).tolist(),
                "FGID": [None if f != f or f is None else int(f) for f in units["FGID"]],
                "LABH": [f"代自然资立〔2021〕{i + 1}号" for i in range(k)], "LARQ": ["2021-07-01"] * k,
                "WFMJ": [1.0] * k, "WFGDMJ": [0.5] * k, "FKJE": [0.0] * k, "MSJZ": [0] * k,
                "AJZT": ["立案"] * k, "ZTLS": [history] * k}, k, source="bench")
            half = case_fids[::2]
            ws.insert_columns("wz_measure", {"AJID": half, "XH": [1] * len(half), "CS": ["拆除"] * len(half),
                                             "MJ": [0.5] * len(half), "KSRQ": ["2021-07-10"] * len(half)},
                              len(half), source="bench")
            ref = units["TBID"].astype(int).unique()[::2]
            ws.insert_columns("wz_referral", {"TBID": ref.tolist(), "BM": ["公安局"] * len(ref),
                                              "FX": ["移送"] * len(ref), "SY": ["涉嫌非法占用农用地罪"] * len(ref),
                                              "FCRQ": ["2021-07-05"] * len(ref)}, len(ref), source="bench")
            vio = units["TBID"].astype(int).unique()
            ws.insert_columns("wz_violator", {"TBID": vio.tolist(), "MC": [f"张{i % 500}" for i in range(len(vio))],
                                              "LX": ["个人"] * len(vio), "ND": [2021] * len(vio)},
                              len(vio), source="bench")
            late = fids[rng.random(n) < 0.02]
            ws.insert_columns("wz_delay", {"TBID": late.tolist(), "YY": ["雨季无法进场"] * len(late),
                                           "XJZ": ["2021-07-30"] * len(late), "SQRQ": ["2021-06-10"] * len(late)},
                              len(late), source="bench")
            drawn = fids[rng.random(n) < 0.05]
            ws.insert_columns("wz_sample", {"CYMC": ["2021年内部抽样复核"] * len(drawn), "ZZ": ["20210801"] * len(drawn),
                                            "BL": [0.05] * len(drawn), "TBID": drawn.tolist(),
                                            "XZMC": rng.choice(towns, len(drawn)).tolist()},
                              len(drawn), source="bench")
        progress(f"  photos {m}, cases {k}, referrals {len(ref)}, violators {len(vio)}, delays {len(late)}, "
                 f"sampled {len(drawn)} ({time.perf_counter() - t0:.0f} s)")
    finally:
        ws.close()
    return path
