"""A PDF's text layer holds the characters that were drawn: no Kangxi radicals or compatibility ideographs
in place of ordinary ones, so a county's PDFs can be searched and copied."""
import re
import shutil
import subprocess

import pytest

from wpzf.reports import fonts, render

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
SHADOW = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
NAMES = "代县 雁门关镇 上馆镇 违法占用耕地 新增建设用地违法 农村宅基地违法 实地伪变化 卫片执法图斑核查记录表 用 片 门 自 日 月"


def shared_glyph_characters() -> str:
    """Every ideograph that the system CJK font draws with the same glyph as a radical or compatibility
    character: exactly the ones a naive PDF writer gets wrong."""
    from fontTools.ttLib import TTFont

    path, index = fonts.system_font("Regular")
    cmap = TTFont(str(path), fontNumber=index, lazy=True).getBestCmap()
    shadow_glyphs = {g for cp, g in cmap.items() if fonts.is_shadow(cp)}
    return "".join(chr(cp) for cp, g in sorted(cmap.items())
                   if 0x4E00 <= cp <= 0x9FFF and g in shadow_glyphs)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_shadow_ranges():
    assert fonts.is_shadow(0x2F64) and fonts.is_shadow(0x2ED4) and fonts.is_shadow(0xF900)
    assert not fonts.is_shadow(0x7528) and not fonts.is_shadow(0x95E8) and not fonts.is_shadow(ord("A"))


@needs_poppler
def test_report_pdf_text_is_the_text(qgis_app, tmp_path):
    pytest.importorskip("fontTools")
    assert fonts.system_font("Regular"), "the CJK font (fonts-noto-cjk) is part of the set-up"
    shared = shared_glyph_characters()
    assert len(shared) > 100  # the font really shares glyphs: without the fix these would come out as radicals
    lines = [shared[i:i + 40] for i in range(0, len(shared), 40)]
    html = "<html><body><p>" + NAMES + "</p>" + "".join(f"<p>{ln}</p>" for ln in lines) + \
           "<p><b>" + NAMES + "</b></p></body></html>"
    pdf = render.html_to_pdf(html, tmp_path / "t.pdf")
    assert fonts.problem is None and fonts.pdf_font_family() == fonts.FAMILY
    text = pdf_text(pdf)
    assert not SHADOW.findall(text), sorted(set(SHADOW.findall(text)))
    flat = re.sub(r"\s+", "", text)
    for word in NAMES.split()[:-6]:
        assert flat.count(word) == 2, word          # regular and bold
    assert "".join(lines) in flat                     # every shared-glyph character comes back as itself
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WPZFSansSC-Regular" in listed and "WPZFSansSC-Bold" in listed


def test_derived_font_is_cached_and_missing_font_falls_back(qgis_app, tmp_path, monkeypatch):
    pytest.importorskip("fontTools")
    path, index = fonts.system_font("Regular")
    first = fonts.clean_font(path, index, "Regular", tmp_path)
    mtime = first.stat().st_mtime_ns
    assert fonts.clean_font(path, index, "Regular", tmp_path) == first and first.stat().st_mtime_ns == mtime
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(first), lazy=True).getBestCmap()
    assert ord("用") in cmap and 0x2F64 not in cmap and not any(fonts.is_shadow(cp) for cp in cmap)
    assert TTFont(str(first), lazy=True)["name"].getDebugName(1) == fonts.FAMILY
    assert not list(tmp_path.glob("*.part"))
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "system_font", lambda style: None)
    assert fonts.pdf_font_family() == fonts.SOURCE_FAMILY and "fonts-noto-cjk" in fonts.problem


@needs_poppler
def test_every_exported_pdf_is_searchable(ws, tmp_path, qgis_app):
    """Every PDF the report export writes: no radical or compatibility code point in its text layer, and
    the county, township and category names can be found as typed."""
    from wpzf.reports.export import export_reports

    files = export_reports(ws, tmp_path / "out", today=__import__("datetime").date(2021, 7, 1))
    pdfs = [f for f in files if f.suffix == ".pdf"]
    assert len(pdfs) >= 6
    everything = ""
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert not SHADOW.findall(text), (pdf.name, sorted(set(SHADOW.findall(text))))
        everything += re.sub(r"\s+", "", text)
    for word in ("代县", "上馆镇", "聂营镇", "新增建设用地违法", "违法占用耕地", "卫片执法图斑核查记录表", "月度统计表"):
        assert word in everything, word
