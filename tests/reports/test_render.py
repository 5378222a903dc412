import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest

from wpzf.reports import render
from wpzf.reports.ledgers import illegal_ledger
from wpzf.store.determinations import workspace_accountability

from .conftest import FORMULA, SCRIPT

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    # Qt maps some CJK glyphs back to their Kangxi-radical code points (⽚ for 片): NFKC folds them
    return unicodedata.normalize("NFKC", out.decode("utf-8"))


def dark_pixels(path) -> int:
    ppm = subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-gray", str(path)],
                         capture_output=True, check=True).stdout
    # binary PGM: "P5\n<w> <h>\n255\n" then pixels
    header_end = 0
    for _ in range(3):
        header_end = ppm.index(b"\n", header_end) + 1
    return sum(1 for b in ppm[header_end:] if b < 128)


def test_patch_record_html_escapes_hostile_text(ws):
    html = render.render_patch_record(ws, ws.fids["a"])
    assert "卫片执法图斑核查记录表" in html and "1409232021050001" in html and "新增建设用地违法" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;双引号&#34;" in html and "&#39;单引号&#39;" in html
    assert "3.00" in html and "1.25" in html and "人工说明" in html
    ledger = render.frame_html(illegal_ledger(ws), "违法用地台账")
    assert "<script>" not in ledger and FORMULA.replace("'", "&#39;") in ledger


def test_user_template_folder_wins(ws, tmp_path):
    (tmp_path / "patch_record.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<p>自定义 {{ p.JCBH }} {{ units[0].facts }}</p>'
        '{% endblock %}', "utf-8")
    html = render.render_patch_record(ws, ws.fids["a"], user_folder=tmp_path)
    assert "自定义 1409232021050001" in html and "<script>" not in html
    assert "<h1>卫片执法图斑核查记录表</h1>" in html  # the built-in base still serves


@needs_poppler
def test_patch_record_pdf(ws, tmp_path, qgis_app):
    out = tmp_path / "out"
    out.mkdir()
    pdf = render.html_to_pdf(render.render_patch_record(ws, ws.fids["c"]), out / "record.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    cjk = [ln for ln in fonts.splitlines() if "WPZFSansSC" in ln]
    assert cjk and all(ln.split()[-5] == "yes" for ln in cjk), fonts  # emb column
    text = pdf_text(pdf)
    for s in ("卫片执法图斑核查记录表", "1409232021050003", "新增建设用地违法", "耕地", "2.00", SCRIPT, "calc"):
        assert s in text, s
    assert dark_pixels(pdf) > 500
    assert sorted(p.name for p in out.iterdir()) == ["record.pdf"]  # no temporary file left


@needs_poppler
def test_statistics_and_accountability_pdf(ws, tmp_path, qgis_app):
    month = render.html_to_pdf(render.render_monthly_statistics(ws, dt.date(2021, 7, 1)), tmp_path / "m.pdf")
    text = pdf_text(month)
    assert "卫片执法月度统计表" in text and "上馆镇" in text and "5.00" in text and "1.25" in text
    acc = render.html_to_pdf(render.render_accountability(workspace_accountability(ws)), tmp_path / "a.pdf")
    text = pdf_text(acc)
    assert "代县" in text and "扣除后" in text and "100.00%" in text
    assert dark_pixels(acc) > 500


def test_export_reports_writes_the_whole_set(ws, tmp_path, wpzf_provider):
    """wpzf:export_reports: seven xlsx, six HTML + PDF pairs (.docx copies of four when python-docx is there),
    one record form per determined patch (no referral letters: nothing is referred in this workspace)."""
    from qgis import processing

    from wpzf.reports.docx_export import docx_available

    out = tmp_path / "reports"
    res = processing.run("wpzf:export_reports", {"WORKSPACE": str(ws.location), "OUTPUT": str(out)})
    names = sorted(p.name for p in out.iterdir())
    docs = ["问责测算", "月度统计", "半年报告", "年度报告", "整改进展报告", "工作简报"]
    expected = ["违法用地台账.xlsx", "矿产执法台账.xlsx", "月度统计.xlsx", "问责测算.xlsx", "案件登记台账.xlsx", "核查记录表",
                "审核验收台账.xlsx", "警示约谈名单.xlsx", "挂牌督办与线索移交台账.xlsx",
                "制止无效上报登记.xlsx", "专人盯办工作量.xlsx"]
    expected += [f"{d}.{ext}" for d in docs for ext in ("html", "pdf")] + ["图表"]   # 图表: the reports' pictures
    docx = ["问责测算.docx", "半年报告.docx", "年度报告.docx", "工作简报.docx"] if docx_available() else []
    assert names == sorted(expected + docx)
    from wpzf.reports.charts import problem

    if problem() is None:   # the charts the HTML shows stay beside it (the map needs township polygons)
        assert {"月度统计-progress.png", "年度报告-areas.png"} <= {p.name for p in (out / "图表").iterdir()}
    determined = ws.count("wz_patch", '"PDJG" IS NOT NULL')
    assert len(list((out / "核查记录表").glob("*.pdf"))) == determined
    # 19 + 挂牌督办与线索移交台账 + 制止无效上报登记 and 专人盯办工作量
    assert res["FILES"] == 22 + len(docx) + determined


def test_record_form_of_a_split_patch(ws):
    """A split patch is judged part by part: its form lists the parts, and no stale whole-patch result."""
    import shapely

    from wpzf.store.determinations import determine_patches
    from wpzf.store.parts import split_patch

    a = ws.fids["a"]
    geom = ws.get("wz_patch", a, geometry=True)["geom"]
    x0, y0, x1, y1 = geom.bounds
    mid = (x0 + x1) / 2
    halves = [shapely.clip_by_rect(geom, x0, y0, mid, y1), shapely.clip_by_rect(geom, mid, y0, x1, y1)]
    split_patch(ws, a, halves)
    determine_patches(ws, [a])
    ctx = render.patch_record_context(ws, a)
    assert [u["part"] for u in ctx["units"]] == ["1", "2"]
    assert sorted(d["part"] for d in ctx["determinations"]) == ["1", "2"]
    assert "1409232021050001" in render.render_patch_record(ws, a)
