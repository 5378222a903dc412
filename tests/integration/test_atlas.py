"""The 卫片执法图斑核查图 atlas (reports/atlas.py, wpzf:export_atlas): pages, files, text, pixels, hostile text,
user templates, cancellation. A self-made workspace (three patches, one split, photos on one) and tiny imagery."""
import datetime as dt
import importlib.util
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from wpzf.core.dates import china_today, cn_date
from wpzf.demo.exif import write_exif
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.reports.conftest import FIELDS, FORMULA, ILLEGAL, SCRIPT  # the report tests' patches and hostile text

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("1409232021050001", "1409232021050002", "1409232021050003")
BBOX = (112.999, 38.9995, 113.0065, 39.0015)   # the imagery and land survey cover all three squares

pytestmark = pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("pdftotext")
                                or not shutil.which("pdftoppm"), reason="needs poppler-utils")


def _jpeg(path: Path, rgb, lonlat, direction, taken):
    from qgis.core import QgsExifTools, QgsPointXY
    from qgis.PyQt.QtGui import QColor, QImage

    path.parent.mkdir(parents=True, exist_ok=True)
    img = QImage(320, 240, QImage.Format.Format_RGB32)
    img.fill(QColor(*rgb))
    assert img.save(str(path), "JPG", 90)
    write_exif(str(path), taken, make="HUAWEI", model="P40", direction=direction, width=320, height=240)
    assert QgsExifTools.geoTagImage(str(path), QgsPointXY(*lonlat), QgsExifTools.GeoTagDetails())
    return path


@pytest.fixture
def atlas_ws(qgis_app, tmp_path):
    """Patch 1 (上馆镇/东关村): illegal, two photos. Patch 2: split in two parts, mining. Patch 3: hostile
    township and village names."""
    from shapely.geometry import LineString

    from wpzf.core.parts import split_by_line
    from wpzf.exchange.photos import attach_photos
    from wpzf.store.parts import split_patch

    base = {"XZQDM": "140923", "XMC": "代县", "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否"}
    rows = [{**base, "JCBH": KEYS[0], "XZMC": "上馆镇", "CMC": "东关村", "GDMJ": 3.0, "YJJBNTMJ": 1.25,
             "wkt": _square(0)},
            {**base, "JCBH": KEYS[1], "XZMC": "聂营镇", "CMC": "窑子村", "GDMJ": 0.0, "YJJBNTMJ": 0.0, "SFSK": "是",
             "wkt": _square(1)},
            {**base, "JCBH": KEYS[2], "XZMC": "上馆镇", "CMC": "西关村", "GDMJ": 2.0, "YJJBNTMJ": 0.0,
             "wkt": _square(2)}]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    f = dict(zip(w.select("wz_patch", ["JCBH"])["JCBH"], w.select("wz_patch", ["JCBH"])["fid"].astype(int)))
    a, b, c = (f[k] for k in KEYS)
    save_facts(w, a, dict(ILLEGAL))
    patch_b = w.get("wz_patch", b, geometry=True)
    split_patch(w, b, split_by_line(patch_b["geom"], LineString([(113.0025, 38.99), (113.0025, 39.01)])))
    save_facts(w, b, {**ILLEGAL, "SJYT": "mining", "KCZT": "mined", "CKXK": "none"})
    save_facts(w, c, dict(ILLEGAL))
    with w.transaction():
        w.update("wz_patch", c, {"CMC": SCRIPT, "XZMC": FORMULA})
    determine_patches(w)
    shots = [_jpeg(tmp_path / "DCIM" / "a1.jpg", (200, 60, 60), (113.0002, 39.0002), 45.0,
                   dt.datetime(2021, 5, 12, 10, 0)),
             _jpeg(tmp_path / "DCIM" / "a2.jpg", (60, 60, 200), (113.0008, 39.0008), 250.0,
                   dt.datetime(2021, 5, 12, 10, 5))]
    assert len(attach_photos(w, a, shots).added) == 2
    w.fids = {"a": a, "b": b, "c": c}
    yield w
    w.close()


@pytest.fixture
def layers(tmp_path):
    """Before/after GeoTIFFs (random texture; the after one brighter) and a DLTB land survey in EPSG:4490."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    rng = np.random.default_rng(7)
    out = {}
    for name, shift in (("before", 0), ("after", 60)):
        path = tmp_path / f"{name}.tif"
        nx, ny = 300, 100
        ds = gdal.GetDriverByName("GTiff").Create(str(path), nx, ny, 3, gdal.GDT_Byte)
        ds.SetGeoTransform((BBOX[0], (BBOX[2] - BBOX[0]) / nx, 0, BBOX[3], 0, -(BBOX[3] - BBOX[1]) / ny))
        ds.SetProjection(srs.ExportToWkt())
        for band in range(1, 4):
            ds.GetRasterBand(band).WriteArray(rng.integers(40 + shift, 140 + shift, (ny, nx), dtype=np.uint8))
        ds = None
        out[name] = path
    path = tmp_path / "landuse.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer("DLTB", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("DLBM", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("DLMC", ogr.OFTString))
    mid = 113.0015
    for code, name, (x0, x1) in (("0103", "旱地", (BBOX[0], mid)), ("0702", "农村宅基地", (mid, BBOX[2]))):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("DLBM", code)
        feat.SetField("DLMC", name)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({x0} {BBOX[1]}, {x1} {BBOX[1]}, {x1} {BBOX[3]}, {x0} {BBOX[3]}, {x0} {BBOX[1]}))"))
        lyr.CreateFeature(feat)
    ds = None
    out["landuse"] = path
    return out


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def text_of(pdf: Path, page: int = 0) -> str:
    """The page's text, NFKC-folded (Qt maps some CJK glyphs to Kangxi radicals, ⽚ for 片); compare with
    nfkc() of what is expected (which also folds full-width punctuation)."""
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return nfkc(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def raster(pdf: Path, page: int, tmp_path: Path, dpi: int = 40) -> np.ndarray:
    """The page as an (h, w, 3) uint8 array (pdftoppm → PPM)."""
    stem = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(stem)], check=True)
    data = Path(f"{stem}.ppm").read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return np.frombuffer(data[m.end():m.end() + w * h * 3], dtype=np.uint8).reshape(h, w, 3)


def region(img: np.ndarray, rect_mm, page_mm=(297.0, 210.0)) -> np.ndarray:
    """The pixels of a rectangle (x, y, w, h in mm) of the page, shrunk by 15 % to stay off frames."""
    h, w = img.shape[:2]
    x, y, rw, rh = rect_mm
    x0, x1 = x + 0.15 * rw, x + 0.85 * rw
    y0, y1 = y + 0.15 * rh, y + 0.85 * rh
    return img[int(y0 / page_mm[1] * h):int(y1 / page_mm[1] * h), int(x0 / page_mm[0] * w):int(x1 / page_mm[0] * w)]


def item_rect(template: Path, item_id: str):
    for el in ET.parse(template).getroot().iter("LayoutItem"):
        if el.get("id") == item_id:
            x, y = (float(v) for v in el.get("position").split(",")[:2])
            w, h = (float(v) for v in el.get("size").split(",")[:2])
            return x, y, w, h
    raise KeyError(item_id)


def area_text(ws, fid) -> str:
    return f"{float(ws.get('wz_patch', fid)['TBMJMU']):.2f}"


# ---- one PDF ------------------------------------------------------------------------------------------------

def test_one_pdf_has_a_page_per_patch_with_the_patch_data(atlas_ws, layers, tmp_path):
    from wpzf.reports.atlas import export_atlas

    seen = []
    out = tmp_path / "maps" / "atlas.pdf"
    files = export_atlas(atlas_ws, out, before_layer=str(layers["before"]), after_layer=str(layers["after"]),
                         landuse_layer=str(layers["landuse"]), progress=seen.append)
    assert files == [out] and out.exists()
    assert pages(out) == 3
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    first = text_of(out, 1)
    for label in ("卫片执法图斑核查图", "监测编号", "批次", "乡镇/村", "图斑面积（亩）", "耕地（亩）", "永久基本农田（亩）",
                  "判定结果", "依据条款", "核查截止", "状态", "包保领导", "前时相影像", "后时相影像", "三调地类", "现场照片",
                  "图", "比例尺", "制图日期"):
        assert nfkc(label) in first, label
    a = atlas_ws.fids["a"]
    assert KEYS[0] in first and area_text(atlas_ws, a) in first
    assert "3.00" in first and "1.25" in first            # 耕地, 永久基本农田 with two decimals
    assert nfkc("新增建设用地违法") in first and nfkc("一般规定") in first   # determination with its clause's title
    assert nfkc("照片1") in first and nfkc("拍摄方向 东北（45°）") in first and nfkc("照片2") in first
    due = atlas_ws.get("wz_patch", a)["HCJZ"]              # 部级, issued 2021-05-06: the 20th of next month
    assert due == "2021-06-20" and re.search(nfkc("核查截止") + r"\s+" + nfkc("2021年6月20日"), first)
    assert "2021-06-20" not in first                       # printed as the forms print dates
    assert "Imagery not available" not in first
    # 制图日期 in China time, not the computer's clock
    assert re.search(nfkc("制图日期") + r"[:：]\s*" + nfkc(cn_date(china_today())), first)
    second = text_of(out, 2)
    assert KEYS[1] in second and area_text(atlas_ws, atlas_ws.fids["b"]) in second
    assert nfkc("无现场照片") in second
    # the split patch: each part's determination is named
    assert nfkc("1：") in second and nfkc("2：") in second


def test_pages_are_printed_maps_with_imagery(atlas_ws, layers, tmp_path):
    from wpzf.reports.atlas import TEMPLATES, export_atlas

    out = tmp_path / "atlas.pdf"
    export_atlas(atlas_ws, out, fids=[atlas_ws.fids["a"]], before_layer=str(layers["before"]),
                 after_layer=str(layers["after"]), landuse_layer=str(layers["landuse"]))
    img = raster(out, 1, tmp_path)
    assert (img.min(axis=2) < 200).mean() > 0.2           # not a blank page: a fifth of it is ink or imagery
    template = TEMPLATES / "patch_map.qpt"
    for map_id in ("map_before", "map_after"):
        px = region(img, item_rect(template, map_id)).astype(float)
        assert px.std() > 10, map_id                       # the random texture of the imagery, not a flat fill
    before = region(img, item_rect(template, "map_before")).mean()
    after = region(img, item_rect(template, "map_after")).mean()
    assert after > before + 20                              # each map shows its own raster
    photo = region(img, item_rect(template, "photo_1"))
    assert photo[..., 0].mean() > photo[..., 2].mean() + 60  # the first photo is the red one
    landuse = region(img, item_rect(template, "map_landuse")).astype(float)
    assert landuse.std() > 5                                # classes coloured


def test_without_imagery_the_maps_still_render_and_say_so(atlas_ws, tmp_path):
    from wpzf.i18n import tr
    from wpzf.reports.atlas import TEMPLATES, export_atlas

    out = tmp_path / "atlas.pdf"
    assert export_atlas(atlas_ws, out) == [out]
    assert pages(out) == 3
    text = text_of(out, 1)
    assert tr("Imagery not available") in text and tr("Land survey not available") in text
    img = raster(out, 1, tmp_path, dpi=60)
    px = region(img, item_rect(TEMPLATES / "patch_map.qpt", "map_before"))
    red = (px[..., 0] > 180) & (px[..., 1] < 80) & (px[..., 2] < 80)
    assert red.sum() > 20                                   # the patch outline is drawn


def test_selection_by_batch_township_and_fids(atlas_ws, tmp_path):
    from wpzf.reports.atlas import export_atlas
    from wpzf.reports.atlas_records import select_patches

    f = atlas_ws.fids
    assert select_patches(atlas_ws) == [f["a"], f["b"], f["c"]]
    assert select_patches(atlas_ws, township="上馆镇") == [f["a"]]
    assert select_patches(atlas_ws, batch_code="no-such-batch") == []
    code = atlas_ws.select("wz_batch", ["PCBH"])["PCBH"].iloc[0]
    assert select_patches(atlas_ws, fids=[f["c"], f["a"]], batch_code=code) == [f["a"], f["c"]]
    assert export_atlas(atlas_ws, tmp_path / "none.pdf", batch_code="no-such-batch") == []
    assert not (tmp_path / "none.pdf").exists()
    out = tmp_path / "t.pdf"
    export_atlas(atlas_ws, out, township="聂营镇")
    assert pages(out) == 1 and KEYS[1] in text_of(out)


# ---- one PDF per patch ----------------------------------------------------------------------------------------

def test_one_file_per_patch_named_by_its_key(atlas_ws, layers, tmp_path):
    from wpzf.reports.atlas import export_atlas

    folder = tmp_path / "per_patch"
    files = export_atlas(atlas_ws, folder, single_pdf=False, before_layer=str(layers["before"]))
    assert [p.name for p in files] == [f"{k}.pdf" for k in KEYS]
    assert sorted(p.name for p in folder.iterdir()) == [f"{k}.pdf" for k in KEYS]   # no temporary files left
    for key, path in zip(KEYS, files):
        assert pages(path) == 1
        assert key in text_of(path)


def test_file_names_are_sanitized_and_unique(atlas_ws, tmp_path):
    from wpzf.reports.atlas import export_atlas
    from wpzf.reports.atlas_records import safe_filename

    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename('a<b>:"c"|?*') == "a_b_c"
    assert safe_filename("") == "patch"
    with atlas_ws.transaction():   # two keys that sanitize to the same name
        atlas_ws.update("wz_patch", atlas_ws.fids["b"], {"JCBH": "../x/" + KEYS[0]})
        atlas_ws.update("wz_patch", atlas_ws.fids["c"], {"JCBH": "x:" + KEYS[0]})
    files = export_atlas(atlas_ws, tmp_path / "out", single_pdf=False)
    assert len(files) == 3 and len(set(files)) == 3 and f"x_{KEYS[0]}.pdf" in {p.name for p in files}
    assert all(p.parent == tmp_path / "out" and p.exists() for p in files)


# ---- hostile text, templates, cancellation ----------------------------------------------------------------------

def test_hostile_text_is_printed_literally(atlas_ws, tmp_path):
    from wpzf.reports.atlas import export_atlas

    out = tmp_path / "atlas.pdf"
    export_atlas(atlas_ws, out, fids=[atlas_ws.fids["c"]])
    assert pages(out) == 1
    text = text_of(out)
    # Qt's PDF writer leaves some digit glyphs of Latin runs without a Unicode mapping, so pdftotext reads
    # "alert( )": compare without the digits (the rendered page shows them)
    for hostile in (SCRIPT, FORMULA):
        assert all(part in text for part in re.split(r"\d", hostile) if part), hostile


def test_user_template_overrides_the_shipped_one(atlas_ws, tmp_path):
    from wpzf.reports.atlas import TEMPLATES, export_atlas, template_path

    user = tmp_path / "my_templates"
    user.mkdir()
    assert template_path(None, user) == TEMPLATES / "patch_map.qpt"
    qpt = (TEMPLATES / "patch_map.qpt").read_text("utf-8").replace('labelText="卫片执法图斑核查图"',
                                                                   'labelText="某县自然资源局图斑核查图"')
    assert "某县自然资源局图斑核查图" in qpt
    (user / "patch_map.qpt").write_text(qpt, "utf-8")
    assert template_path(None, user) == user / "patch_map.qpt"
    out = tmp_path / "a.pdf"
    export_atlas(atlas_ws, out, fids=[atlas_ws.fids["a"]], user_folder=user)
    assert nfkc("某县自然资源局图斑核查图") in text_of(out)
    # an explicit template wins over the folder
    explicit = tmp_path / "explicit.qpt"
    explicit.write_text(qpt.replace("某县自然资源局图斑核查图", "另一个标题"), "utf-8")
    export_atlas(atlas_ws, out, fids=[atlas_ws.fids["a"]], user_folder=user, template=explicit)
    assert nfkc("另一个标题") in text_of(out)


def test_a_template_without_some_items_still_prints(atlas_ws, tmp_path):
    """An office that deletes the land-survey map, the photos and the legend still gets its pages."""
    from wpzf.reports.atlas import TEMPLATES, export_atlas

    root = ET.parse(TEMPLATES / "patch_map.qpt").getroot()
    for el in list(root):
        if el.tag == "LayoutItem" and el.get("id") in ("map_landuse", "photo_1", "legend", "caption_landuse"):
            root.remove(el)
    template = tmp_path / "small.qpt"
    ET.ElementTree(root).write(template, encoding="utf-8")
    out = tmp_path / "a.pdf"
    assert export_atlas(atlas_ws, out, template=template) == [out]
    assert pages(out) == 3


def test_not_a_template_is_an_error(atlas_ws, tmp_path):
    from wpzf.reports.atlas import export_atlas
    from wpzf.reports.atlas_layers import AtlasError

    bad = tmp_path / "bad.qpt"
    bad.write_text("not xml", "utf-8")
    with pytest.raises(AtlasError):
        export_atlas(atlas_ws, tmp_path / "a.pdf", template=bad)
    with pytest.raises(AtlasError):
        export_atlas(atlas_ws, tmp_path / "a.pdf", before_layer=str(tmp_path / "missing.tif"))


def test_cancel_stops(atlas_ws, tmp_path):
    from wpzf.reports.atlas import export_atlas

    calls = []

    def after_first_page():
        return len(calls) >= 2

    folder = tmp_path / "per_patch"
    files = export_atlas(atlas_ws, folder, single_pdf=False, progress=calls.append, is_cancelled=after_first_page)
    assert 1 <= len(files) < 3 and all(p.exists() for p in files)
    assert len(list(folder.iterdir())) == len(files)
    calls.clear()
    out = tmp_path / "atlas.pdf"
    assert export_atlas(atlas_ws, out, progress=calls.append, is_cancelled=after_first_page) == []
    assert not out.exists() and not list(tmp_path.glob(".atlas-*"))
    assert export_atlas(atlas_ws, out, is_cancelled=lambda: True) == []


# ---- the template and its generator ------------------------------------------------------------------------------

def test_shipped_template_has_the_bound_items_and_the_generator_reproduces_it(qgis_app, tmp_path):
    from wpzf.reports.atlas import TEMPLATES
    from wpzf.reports.atlas_records import ITEM_IDS

    def ids(path):
        return sorted(el.get("id") for el in ET.parse(path).getroot().iter("LayoutItem") if el.get("id"))

    shipped = ids(TEMPLATES / "patch_map.qpt")
    assert set(ITEM_IDS) <= set(shipped)
    spec = importlib.util.spec_from_file_location("make_patch_map_qpt", ROOT / "tools" / "make_patch_map_qpt.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert ids(gen.build(tmp_path / "generated.qpt")) == shipped


def test_text_helpers():
    from wpzf.reports.atlas_records import clause_text, direction_text, format_mu, wrap_text

    assert format_mu(1.005) in ("1.00", "1.01") and format_mu(None) == "—" and format_mu(float("nan")) == "—"
    assert direction_text(45) == "东北（45°）" and direction_text(359.6) == "北（0°）" and direction_text(None) == ""
    assert wrap_text("一二三四五", 4) == "一二\n三四\n五" and wrap_text("ab一", 3) == "ab\n一"
    assert clause_text("A4.5、CR", 2021)[0].startswith("附件4") and clause_text("nope") == ["nope"]
    assert clause_text(None) == []


# ---- through Processing ---------------------------------------------------------------------------------------

def test_processing_algorithm(wpzf_provider, atlas_ws, layers, tmp_path):
    from qgis import processing

    ws_path = str(atlas_ws.location)
    out = tmp_path / "alg" / "maps.pdf"
    out.parent.mkdir()
    res = processing.run("wpzf:export_atlas", {"WORKSPACE": ws_path, "BEFORE": str(layers["before"]),
                                               "AFTER": str(layers["after"]), "LANDUSE": str(layers["landuse"]),
                                               "SINGLE_PDF": True, "OUTPUT": str(out)})
    assert res["FILES"] == 1 and pages(out) == 3 and KEYS[2] in text_of(out, 3)
    res = processing.run("wpzf:export_atlas", {"WORKSPACE": ws_path, "TOWNSHIP": "上馆镇", "SINGLE_PDF": False,
                                               "OUTPUT": str(out)})
    folder = Path(res["OUTPUT"])
    assert res["FILES"] == 1 and folder == out.with_suffix("") and (folder / f"{KEYS[0]}.pdf").exists()
