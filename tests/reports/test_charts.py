"""Charts and the township map page in the 月度统计 and the half-year/annual reports (reports/charts.py,
reports/township_map.py): the pictures are drawn and not blank, the PDFs carry them, the .docx too, and without
matplotlib or township polygons the reports say so instead of failing."""
import datetime as dt
import shutil
import subprocess
import sys
import zipfile

import pytest
from osgeo import ogr, osr

from wpzf.reports import charts, render, township_map
from wpzf.reports.narrative import render_annual, render_half_year
from wpzf.store.settings import layer_ref, remember_inputs

TODAY = dt.date(2021, 7, 20)
needs_poppler = pytest.mark.skipif(not shutil.which("pdfimages") or not shutil.which("pdftotext"),
                                   reason="poppler-utils not installed")
needs_matplotlib = pytest.mark.skipif(charts.problem() is not None, reason="matplotlib not installed")


def not_blank(path) -> bool:
    """The PNG holds a picture: several colours, and a fair share of the pixels not white."""
    from qgis.PyQt.QtGui import QImage

    img = QImage(str(path))
    assert not img.isNull(), path
    colours, inked, total = set(), 0, 0
    for x in range(0, img.width(), max(1, img.width() // 80)):
        for y in range(0, img.height(), max(1, img.height() // 60)):
            rgb = img.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            inked += rgb != 0xFFFFFF
            total += 1
    return len(colours) >= 3 and inked / total > 0.01


def townships_gpkg(tmp_path):
    """Two township polygons around the fixture's patches (113.000–113.005 E, 39.000–39.001 N)."""
    path = tmp_path / "towns.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    layer = ds.CreateLayer("township", srs, ogr.wkbPolygon)
    for name, kind in (("XZQDM", ogr.OFTString), ("XZQMC", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for code, name, x0, x1 in (("140923101", "上馆镇", 112.99, 113.0015), ("140923102", "聂营镇", 113.0015, 113.01)):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("XZQDM", code)
        f.SetField("XZQMC", name)
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x0} 38.99, {x1} 38.99, {x1} 39.01, {x0} 39.01, {x0} 38.99))"))
        layer.CreateFeature(f)
    ds = None
    return path


def remember_towns(ws, tmp_path):
    path = townships_gpkg(tmp_path)
    remember_inputs(ws, "assign_patches", {"TOWNSHIPS": layer_ref(f"{path}|layername=township", "ogr", "towns"),
                                           "TOWN_CODE": "XZQDM", "TOWN_NAME": "XZQMC"})


def pdf_images(pdf) -> list[list[str]]:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_matplotlib
def test_monthly_charts_are_drawn(ws, tmp_path, qgis_app):
    from wpzf.reports import ledgers
    from wpzf.reports.xlsx import printable

    stats = printable(ledgers.monthly_statistics(ws, TODAY))
    drawn, page = charts.monthly_charts(ws, TODAY, stats, tmp_path / "c")
    assert [c.key for c in drawn] == [charts.PROGRESS, charts.AREAS, charts.RATIO, charts.DEADLINES]
    for c in drawn:
        assert c.path is not None and c.path.exists(), c
        assert c.path.parent == tmp_path / "c" and c.path.name.startswith("月度统计-")
        assert not_blank(c.path), c.path
    # the fixture's workspace remembers no township layer: the page says so
    assert page.path is None and page.note == township_map.NO_POLYGONS


@needs_matplotlib
@needs_poppler
def test_monthly_pdf_carries_the_charts_and_the_map_page(ws, tmp_path, qgis_app):
    remember_towns(ws, tmp_path)
    html = render.render_monthly_statistics(ws, TODAY, chart_folder=tmp_path / "图表")
    assert html.count('<img class="chart"') == 5       # four charts and the map
    assert "图1　分乡镇核查进度" in html and "附图" in html
    pdf = render.html_to_pdf(html, tmp_path / "月度统计.pdf", orientation=render.LANDSCAPE)
    images = pdf_images(pdf)
    assert len(images) == 5
    # charts at their own resolution, not shrunk to the photo thumbnails' 900 pixels
    assert max(int(r[3]) for r in images) > 900
    text = pdf_text(pdf)
    assert "分乡镇核查进度" in text and "附图" in text
    map_png = tmp_path / "图表" / "月度统计-township_map.png"
    assert map_png.exists() and not_blank(map_png)


@needs_matplotlib
@needs_poppler
def test_annual_pdf_and_docx_carry_the_charts_and_the_map(ws, tmp_path, qgis_app):
    remember_towns(ws, tmp_path)
    html = render_annual(ws, 2021, TODAY, chart_folder=tmp_path / "图表")
    assert html.count('<img class="chart"') == 4       # progress, areas, ratio, and the map page
    pdf = render.html_to_pdf(html, tmp_path / "年度报告.pdf")
    assert len(pdf_images(pdf)) == 4
    assert "附图" in pdf_text(pdf)
    half = render_half_year(ws, 2021, TODAY, chart_folder=tmp_path / "图表")
    assert half.count('<img class="chart"') == 3 and "附图" not in half   # no map page in the half-year report
    pytest.importorskip("docx")
    from wpzf.reports.docx_export import html_to_docx

    doc = html_to_docx(html, tmp_path / "年度报告.docx")
    media = [n for n in zipfile.ZipFile(doc).namelist() if n.startswith("word/media/")]
    assert len(media) == 4


def test_without_matplotlib_the_reports_say_so(ws, tmp_path, qgis_app, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)     # import matplotlib → ImportError
    assert charts.problem() == charts.MISSING
    html = render.render_monthly_statistics(ws, TODAY, chart_folder=tmp_path / "图表")
    assert '<img class="chart"' not in html
    assert html.count("未安装 matplotlib") == 4
    pdf = render.html_to_pdf(html, tmp_path / "月度统计.pdf", orientation=render.LANDSCAPE)
    assert pdf.exists()
    annual = render_annual(ws, 2021, TODAY, chart_folder=tmp_path / "图表")
    assert annual.count("未安装 matplotlib") == 3
    assert not list(tmp_path.rglob("*-progress.png"))      # nothing drawn


@needs_matplotlib
def test_a_failing_chart_leaves_a_note_not_a_crash(ws, tmp_path, qgis_app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(charts, "draw_ratio", broken)
    html = render.render_monthly_statistics(ws, TODAY, chart_folder=tmp_path / "图表")
    assert "图表绘制失败：boom" in html and html.count('<img class="chart"') == 3


def test_township_map_from_given_polygons(ws, tmp_path, qgis_app):
    import shapely

    regions = ([shapely.box(112.99, 38.99, 113.0015, 39.01), shapely.box(113.0015, 38.99, 113.01, 39.01)],
               ["140923101", "140923102"], ["上馆镇", "聂营镇"])
    page = township_map.render_township_map(ws, tmp_path / "map.png", {"上馆镇": 5.0}, county="代县",
                                            source="数据来源：测试", regions=regions, size_mm=(180, 200))
    assert page.path == tmp_path / "map.png" and page.note == ""
    assert not_blank(page.path)
    assert page.title == "代县乡镇违法占用耕地分布图"


def test_township_map_unreadable_layer_is_a_note(ws, tmp_path, qgis_app):
    remember_inputs(ws, "assign_patches", {"TOWNSHIPS": layer_ref(str(tmp_path / "gone.gpkg"), "ogr", "gone")})
    page = township_map.render_township_map(ws, tmp_path / "map.png", {})
    assert page.path is None and "无法打开" in page.note and not (tmp_path / "map.png").exists()


def test_class_breaks():
    assert township_map.class_breaks([0, 0]) == []
    assert township_map.class_breaks([0, 2, 8]) == [(0, 2), (2, 4), (4, 6), (6, 8)]


@needs_matplotlib
def test_one_batch_gets_its_progress_chart_only(ws, tmp_path, qgis_app):
    """A batch's 月度统计: its own progress; the 附件5 figures, deadlines and map are the county's, not drawn."""
    remember_towns(ws, tmp_path)
    code = str(ws.select("wz_batch", ["PCBH"])["PCBH"].iloc[0])
    html = render.render_monthly_statistics(ws, TODAY, code, chart_folder=tmp_path / "图表")
    assert html.count('<img class="chart"') == 1 and "分乡镇核查进度" in html and "附图" not in html
    assert sorted(p.name for p in (tmp_path / "图表").iterdir()) == ["月度统计-progress.png"]
