"""The return (上报成果) of a batch's units the county passed (审核通过):

(a) the batch's own layer in its own schema — the fields as received (the verbatim attributes kept per patch,
    YSSX), the county's results written back into the batch's fields through its mapping profile in reverse
    and into the Ministry's result fields where the layer has them, in the encoding and CRS it came in;
(b) the platform fill-in table (xlsx keyed by 监测编号, one row per patch or part, the Ministry's field codes
    under Chinese headers, as a form);
(c) the 举证 photos, one folder per 监测编号, with a manifest (checksum, China time, position, direction).

Each return is recorded (store/signoff.record_return) and may be written again; a unit changed after it went
up shows as 需重新上报.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pandas as pd

from ..core import labels
from ..core.filenames import MAX_STEM, unique_stems
from ..core.filenames import safe_stem as safe_filename
from ..i18n import tr
from ..rules.facts import ILLEGAL_CATEGORIES
from ..store import signoff as store_signoff
from ..store.people import name_of
from ..store.rosters import workspace_roster
from ..store.workspace import Workspace
from . import verbatim as source_rows
from .layer_structure import inferred
from .mapping import ProfileStore

# Workspace results written back through the batch's mapping profile (the target's source field).
RESULT_TARGETS = ("XZDM", "XZMC", "CDM", "CMC")
# The Ministry's result fields (DOMAIN §6), filled where the batch's layer has them (case-insensitive).
RESULT_CODES = ("PDJG", "WFLX", "PZWH", "PDYJSM")
# The platform fill-in table: (code, Chinese header).
PLATFORM_COLUMNS = (
    ("JCBH", "监测编号"), ("FGBH", "分割编号"), ("XZQDM", "行政区代码"), ("XMC", "县名称"), ("XZMC", "乡镇名称"),
    ("CMC", "村名称"), ("TBMJ", "图斑面积(亩)"), ("GDMJ", "耕地面积(亩)"), ("YJJBNTMJ", "永久基本农田面积(亩)"),
    ("PDJG", "合法性判定结果"), ("WFLX", "违法类型"), ("PZWH", "批准文号"), ("PDYJSM", "判定依据说明"),
    ("SFSK", "是否涉矿"), ("ZPS", "举证照片(张)"), ("SHR", "县级审核人"), ("SHRQ", "县级审核日期"),
    ("DBZR", "盯办专人"))   # the township's 专人 (roster), whom the city calls about the patch
PHOTO_DIR = "举证照片"


@dataclass
class ReturnResult:
    folder: Path
    number: str = ""
    layer: Optional[Path] = None
    table: Optional[Path] = None
    photos: int = 0
    units: list[str] = field(default_factory=list)
    patches: int = 0
    held: list[str] = field(default_factory=list)      # units passed then changed: not sent
    warnings: list[str] = field(default_factory=list)


def header(code: str, zh: str) -> str:
    """A platform column's header: the Chinese name over the Ministry's code."""
    return f"{zh}\n{code}"


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def _batch(ws: Workspace, code: str) -> dict:
    df = ws.select("wz_batch", where=f'"PCBH" = {ws.ph}', params=(code,))
    if df.empty:
        raise ValueError(f"{code}：工作空间中没有这个批次")
    return df.iloc[0].to_dict()


def unit_results(ws: Workspace, units: pd.DataFrame) -> pd.DataFrame:
    """What goes up for each unit: place, areas, determination, approval number, explanation and photos."""
    tbids = sorted({int(t) for t in units["TBID"]})
    who = name_of(ws)   # the reviewer by name where the workspace knows it (store/people.py), not by login
    patches = ws.select("wz_patch", ["JCBH", "XZQDM", "XMC", "XZDM", "XZMC", "CDM", "CMC", "TBMJMU", "GDMJ",
                                     "YJJBNTMJ", "SFSK", "PDJG", "YSSX"],
                        where=f"fid IN ({', '.join([ws.ph] * len(tbids))})" if tbids else "1 = 0",
                        params=tuple(tbids), geometry=True).set_index("fid")
    parts = ws.select("wz_part", ["TBID", "FGBH", "TBMJMU", "GDMJ", "YJJBNTMJ", "PDJG"]).set_index("fid")
    det = ws.select("wz_determ", ["TBID", "FGID", "PDJG", "PDYJSM"])
    det_by = {(int(t), None if f != f or f is None else int(f)): s for t, f, s in
              zip(det["TBID"], det["FGID"], det["PDYJSM"])}
    facts = ws.select("wz_fact", ["TBID", "FGID", "PZWH", "RGSM"])
    pzwh = {(int(t), None if f != f or f is None else int(f)): w for t, f, w in
            zip(facts["TBID"], facts["FGID"], facts["PZWH"]) if _text(w)}
    notes = {(int(t), None if f != f or f is None else int(f)): _text(n).strip() for t, f, n in
             zip(facts["TBID"], facts["FGID"], facts["RGSM"]) if _text(n).strip()}
    photos = ws.select("wz_photo", ["TBID"])
    nphoto = photos.groupby("TBID").size().to_dict() if len(photos) else {}
    roster = workspace_roster(ws)
    watchers: dict[str, str] = {}
    rows = []
    for u in units.itertuples():
        p = patches.loc[int(u.TBID)]
        fgid = None if u.FGID is None or u.FGID != u.FGID else int(u.FGID)
        part = parts.loc[fgid] if fgid is not None else None
        src = part if part is not None else p
        pdjg = _text(src["PDJG"])
        rows.append({"key": u.key, "TBID": int(u.TBID), "FGID": fgid, "JCBH": p["JCBH"],
                     "FGBH": _text(u.FGBH), "XZQDM": _text(p["XZQDM"]), "XMC": _text(p["XMC"]),
                     "XZDM": _text(p["XZDM"]), "XZMC": _text(p["XZMC"]), "CDM": _text(p["CDM"]), "CMC": _text(p["CMC"]),
                     "TBMJ": src["TBMJMU"], "GDMJ": src["GDMJ"], "YJJBNTMJ": src["YJJBNTMJ"], "PDJG": pdjg,
                     "WFLX": pdjg if pdjg in ILLEGAL_CATEGORIES else "",
                     "PZWH": _text(pzwh.get((int(u.TBID), fgid), pzwh.get((int(u.TBID), None)))),
                     "PDYJSM": _with_note(labels.explanation_text(det_by.get((int(u.TBID), fgid))),
                                          notes.get((int(u.TBID), fgid)) or notes.get((int(u.TBID), None))),
                     "SFSK": _text(p["SFSK"]), "ZPS": int(nphoto.get(int(u.TBID), 0)),
                     "SHR": who(u.SHR), "SHRQ": _china_date(u.SHSJ),
                     "DBZR": _watcher_label(roster, _text(p["XZMC"]), watchers)})
    return pd.DataFrame(rows)


def _with_note(explanation: str, note: Optional[str]) -> str:
    """The explanation that goes up, with the county's own note (人工说明) where the rule's text does not cite it: a
    unit returned from above and corrected in its note must carry the answer up (only some rules cite 人工说明)."""
    if not note or note in explanation:
        return explanation
    return f"{explanation}{'' if not explanation or explanation.endswith('。') else '。'}说明：{note.rstrip('。')}。"


def _china_date(stored) -> str:
    """A stored time (UTC) as its date in China: a review at 07:00 Beijing time is dated that day, not the one before."""
    from .photo_meta import beijing_time

    when = beijing_time(stored) if _text(stored) else None
    return when.strftime("%Y-%m-%d") if when else ""


def _watcher_label(roster, township: str, seen: dict[str, str]) -> str:
    if township not in seen:
        w = roster.watcher_of(township) if township else None
        seen[township] = w.label if w is not None else ""
    return seen[township]


def _patch_value(results: pd.DataFrame, code: str) -> dict[int, str]:
    """One value per patch for the batch's layer (one feature per patch): a split patch's parts joined."""
    out: dict[int, str] = {}
    for tbid, g in results.groupby("TBID"):
        vals = [_text(v) for v in g[code]]
        if len(g) == 1 or len(set(vals)) == 1:
            out[int(tbid)] = vals[0]
        else:
            out[int(tbid)] = "；".join(f"{fg}：{v}" for fg, v in zip(g["FGBH"], vals) if v)
    return out


def result_fields(structure: dict, mapping_name: Optional[str]) -> dict[str, str]:
    """{layer field: result code} — the mapping profile's fields for RESULT_TARGETS, and RESULT_CODES the
    layer has itself."""
    names = [f[0] for f in structure["fields"]]
    out: dict[str, str] = {}
    try:
        mapping = ProfileStore().load(mapping_name) if mapping_name else ProfileStore().load()
        chosen, _ = mapping.resolve(names)
        for target in RESULT_TARGETS:
            if target in chosen:
                out[chosen[target]] = target
    except (KeyError, ValueError):
        pass
    by_upper = {n.upper(): n for n in names}
    for code in RESULT_CODES:
        if code in by_upper:
            out[by_upper[code]] = code
    return out


def _fit(value: str, width: int, encoding: str) -> str:
    """Text cut to a field's width in the file's encoding (a DBF counts bytes), never mid-character."""
    if not width:
        return value
    data = value.encode(encoding or "utf-8", "replace")
    if len(data) <= width:
        return value
    return data[:width].decode(encoding or "utf-8", "ignore")


def write_layer(ws: Workspace, batch: dict, results: pd.DataFrame, folder: Path) -> tuple[Path, list[str]]:
    """The batch's own layer with the passed patches: fields as received, results filled, own CRS/encoding."""
    from osgeo import gdal

    gdal.UseExceptions()
    warnings: list[str] = []
    tbids = sorted({int(t) for t in results["TBID"]})
    structure = json.loads(batch["ZDJG"]) if _text(batch.get("ZDJG")) else None
    reproduced = (structure or {}).get(source_rows.KEY) or {}   # the fields the patch columns hold as read
    columns = sorted({"JCBH", "YSSX", *reproduced.values()})
    patches = ws.select("wz_patch", columns, geometry=True,
                        where=f"fid IN ({', '.join([ws.ph] * len(tbids))})", params=tuple(tbids)).set_index("fid")
    verbatim = {int(f): source_rows.attributes(p["YSSX"] if _text(p["YSSX"]) else None, p, reproduced)
                for f, p in zip(patches.index, patches[columns].to_dict("records"))}
    epsg = int(str(batch.get("YZBX") or "EPSG:4490").split(":")[-1])
    encoding = _text(batch.get("BM")) or "utf-8"
    if structure is None:
        structure = inferred(list(verbatim.values()), Path(_text(batch.get("LYWJ")) or batch["PCBH"]).stem,
                             encoding, epsg)
        warnings.append("该批次导入时未记录原图层结构，字段类型按原始属性推断")
    is_shp = structure["driver"] == "ESRI Shapefile"
    folder.mkdir(parents=True, exist_ok=True)
    # Inside QGIS the OGR provider sets SHAPE_ENCODING="" for the whole process, which turns off the shapefile
    # driver's recoding: text would go out as UTF-8 under a .cpg naming GBK. This thread says the batch's codec.
    old_encoding = gdal.GetThreadLocalConfigOption("SHAPE_ENCODING", None)
    if is_shp:
        gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", encoding.upper())
    try:
        return _write_features(batch, results, folder, structure, tbids, patches, verbatim, epsg, encoding, is_shp,
                               warnings)
    finally:
        if is_shp:
            gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", old_encoding)


def _write_features(batch, results, folder, structure, tbids, patches, verbatim, epsg, encoding, is_shp, warnings):
    from osgeo import ogr, osr

    name = structure["file"] if not structure["file"].lower().endswith(".zip") else structure["layer"] + ".shp"
    path = folder / name
    driver = ogr.GetDriverByName(structure["driver"])
    if driver is None or not driver.TestCapability(ogr.ODrCCreateDataSource):
        # a format this GDAL reads but cannot write (an older FileGDB driver): same layer and fields in a GeoPackage
        warnings.append(f"{structure['driver']} 格式无法写出，图层以 GeoPackage 返回（图层名、字段和坐标系不变）")
        driver, path = ogr.GetDriverByName("GPKG"), folder / (Path(structure["file"]).stem + ".gpkg")
    if path.exists():
        driver.DeleteDataSource(str(path))
    ds = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    opts = [f"ENCODING={encoding.upper()}"] if is_shp else []
    if not is_shp and structure.get("geometry_column"):
        opts.append(f"GEOMETRY_NAME={structure['geometry_column']}")
    if not is_shp and structure.get("fid_column"):
        opts.append(f"FID={structure['fid_column']}")
    layer = ds.CreateLayer(structure["layer"], srs, int(structure["geometry"]), options=opts)
    for fname, ftype, subtype, width, precision in structure["fields"]:
        fd = ogr.FieldDefn(fname, int(ftype))
        fd.SetSubType(int(subtype))
        fd.SetWidth(int(width))
        fd.SetPrecision(int(precision))
        layer.CreateField(fd)
    fill = result_fields(structure, _text(batch.get("YSFA")) or None)
    values = {code: _patch_value(results, code) for code in set(fill.values())}
    src = osr.SpatialReference()
    src.ImportFromEPSG(4490)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(src, srs) if epsg != 4490 else None
    kinds = {f[0]: (int(f[1]), int(f[3])) for f in structure["fields"]}
    defn = layer.GetLayerDefn()
    for tbid in tbids:
        feat = ogr.Feature(defn)
        row = verbatim.get(tbid, {})
        for fname, (ftype, width) in kinds.items():
            v = values[fill[fname]].get(tbid) if fname in fill else row.get(fname)
            if v is None or (v == "" and (fname in fill or ftype != ogr.OFTString)):
                continue
            if ftype in (ogr.OFTDate, ogr.OFTDateTime):
                d = dt.date.fromisoformat(str(v)[:10])
                feat.SetField(fname, d.year, d.month, d.day, 0, 0, 0, 0)
            elif ftype == ogr.OFTString:
                feat.SetField(fname, _fit(str(v), width if is_shp else 0, encoding))
            elif ftype in (ogr.OFTInteger, ogr.OFTInteger64):
                feat.SetField(fname, int(v))
            else:
                feat.SetField(fname, float(v))
        geom = patches.loc[tbid, "geom"]
        if geom is not None:
            g = ogr.CreateGeometryFromWkb(bytes(geom.wkb))
            if transform is not None:
                g.Transform(transform)
            g = ogr.ForceTo(g, int(structure["geometry"])) if not is_shp else g
            feat.SetGeometry(g)
        layer.CreateFeature(feat)
    ds = None
    return path, warnings


def write_table(ws: Workspace, batch: dict, results: pd.DataFrame, path: Path) -> Path:
    """The platform fill-in table as a form (title, county, batch, signature block)."""
    from ..reports.forms import form_header
    from ..reports.xlsx import write_xlsx

    df = pd.DataFrame({header(code, zh): results[code] for code, zh in PLATFORM_COLUMNS})
    form = form_header(ws, batch_code=batch["PCBH"], title="卫片执法图斑核查成果上报表")
    return write_xlsx(path, {"上报成果": df}, form=form)


def write_photos(ws: Workspace, results: pd.DataFrame, folder: Path) -> tuple[int, list[str]]:
    """举证 photos: one folder per 监测编号, the files verified by checksum, and manifest.csv in each."""
    from .attachments import copy_verified, resolve_stored_path
    from .photo_meta import beijing_time

    tbids = sorted({int(t) for t in results["TBID"]})
    if not tbids or not ws.files_location:
        return 0, []
    ph = ws.select("wz_photo", ["TBID", "WJLJ", "YWJM", "SHA", "FX", "PSSJ"], geometry=True,
                   where=f'"TBID" IN ({", ".join([ws.ph] * len(tbids))})', params=tuple(tbids), order_by='"PSSJ", fid')
    jcbh = dict(zip(results["TBID"], results["JCBH"]))
    stems = unique_stems(str(k) for k in jcbh.values())
    n, warnings = 0, []
    for tbid, g in ph.groupby("TBID"):
        sub = folder / PHOTO_DIR / stems[str(jcbh[int(tbid)])]
        rows = []
        for i, r in enumerate(g.itertuples(), 1):
            src = resolve_stored_path(ws.files_location, str(r.WJLJ))
            suffix = Path(str(r.WJLJ)).suffix or ".jpg"
            name = f"{jcbh[int(tbid)]}_{i:02d}{suffix}"
            if not src.is_file():
                warnings.append(f"{jcbh[int(tbid)]}：照片文件缺失 {r.WJLJ}")
                continue
            copy_verified(src, sub / name, r.SHA)
            when = beijing_time(r.PSSJ)
            pt = r.geom
            rows.append({"文件": name, "原文件名": _text(r.YWJM), "SHA256": r.SHA,
                         "拍摄时间(北京时间)": when.strftime("%Y-%m-%d %H:%M:%S") if when else "",
                         "经度": f"{pt.x:.7f}" if pt is not None else "", "纬度": f"{pt.y:.7f}" if pt is not None else "",
                         "拍摄方向(度)": "" if r.FX is None or r.FX != r.FX else f"{float(r.FX):.1f}"})
            n += 1
        if rows:
            with open(sub / "manifest.csv", "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=list(rows[0]))
                w.writeheader()
                w.writerows(rows)
    return n, warnings


def export_return(ws: Workspace, batch_code: str, out_dir, source: str = "return") -> ReturnResult:
    """Write the return of ``batch_code``'s passed units into ``out_dir``/<batch>_上报_<time> and record it.
    Raises ValueError when no unit of the batch may go up."""
    batch = _batch(ws, batch_code)
    units, held = store_signoff.passed_units(ws, batch_code)
    if units.empty:
        raise ValueError(f"{batch_code}：没有审核通过的图斑可上报" + (f"（{'；'.join(held)}）" if held else ""))
    # A patch goes up whole: every unit of it passed and unchanged.
    all_units = store_signoff.units(ws, units["TBID"].unique().tolist())
    ready = {int(t) for t, g in all_units.groupby("TBID") if set(g["key"]) <= set(units["key"])}
    units = units[units["TBID"].astype(int).isin(ready)].reset_index(drop=True)
    number, folder = _new_folder(ws, batch_code, out_dir)
    try:
        results = unit_results(ws, units)
        res = ReturnResult(folder=folder, held=held, units=list(units["key"]), patches=len(ready))
        res.layer, res.warnings = write_layer(ws, batch, results, folder)
        res.table = write_table(ws, batch, results, folder / f"{safe_filename(batch_code)}_平台填报表.xlsx")
        res.photos, more = write_photos(ws, results, folder)
        res.warnings += more
        summary = {"图斑": res.patches, "单元": len(res.units), "照片": res.photos, "图层": res.layer.name,
                   "填报表": res.table.name, "未上报": held}
        (folder / "上报说明.json").write_text(json.dumps({"上报编号": number, **summary, "单元列表": res.units},
                                                     ensure_ascii=False, indent=2), "utf-8")
        res.number = store_signoff.record_return(ws, units, batch_code, str(folder), summary, source=source,
                                                 number=number)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)   # a return not recorded leaves no folder that looks like one
        raise
    return res


def _new_folder(ws: Workspace, batch_code: str, out_dir) -> tuple[str, Path]:
    """(number, folder) of a new return, the folder made here: an earlier return in ``out_dir`` — a correction
    sent within the same second included — or anything else there is never written over."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for tries, (number, stamp) in enumerate(store_signoff.return_numbers(ws, batch_code)):
        tail = f"_上报_{stamp}"   # kept whole: a long batch code is cut, never the time or the -2
        folder = out / (safe_filename(batch_code)[:max(1, MAX_STEM - len(tail))] + tail)
        try:
            folder.mkdir()
        except FileExistsError:
            if tries >= 999:
                raise OSError(tr("{folder}: a thousand return folders of this batch and second are there already; "
                                 "choose another folder").format(folder=out)) from None
            continue
        return number, folder
    raise AssertionError("return_numbers never ends")
