"""半年报告 / 年度报告: the figures, counted here again straight from the workspace tables, must be the ones
the context, the HTML and the PDF show; hostile text stays text; the monthly statistics print landscape."""
import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest
from osgeo import ogr

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.reports import narrative, render
from wpzf.rules.facts import ILLEGAL_CATEGORIES, PENDING
from wpzf.store.determinations import determine_patches, save_facts, workspace_accountability
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.reports.test_render import pdf_text

from .conftest import FIELDS, FORMULA, ILLEGAL, SCRIPT

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                   reason="poppler-utils not installed")
TODAY = dt.date(2021, 7, 8)
QUOTE = "\"引号\""


def dark_pixels(path) -> int:
    ppm = subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-gray", str(path)],
                         capture_output=True, check=True).stdout
    header_end = 0
    for _ in range(3):  # binary PGM: "P5\n<w> <h>\n255\n" then pixels
        header_end = ppm.index(b"\n", header_end) + 1
    return sum(1 for b in ppm[header_end:] if b < 128)


@pytest.fixture
def qt_app(request):
    """A QGIS application for PDF printing; skipped when pytest-qgis is disabled (-p no:pytest_qgis)."""
    try:
        return request.getfixturevalue("qgis_app")
    except pytest.FixtureLookupError:
        pytest.skip("PDF rendering needs a QGIS application (run without -p no:pytest_qgis)")


@pytest.fixture
def ws_year(ws, tmp_path):
    """The report workspace plus a 省级 batch issued 2021-08-02 (one illegal patch, and one whose own
    下发时间 2021-03-15 puts it in the first half and whose township is markup) and a 部级 batch of 2020."""
    fields = FIELDS + (("XFSJ", ogr.OFTString),)
    base = {"XZQDM": "140923", "XMC": "代县", "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否"}
    rows = [{**base, "JCBH": "1409232021080001", "XZMC": "上馆镇", "CMC": "北关村", "GDMJ": 4.0, "YJJBNTMJ": 2.0,
             "wkt": _square(5)},
            {**base, "JCBH": "1409232021080002", "XZMC": SCRIPT, "CMC": "南关村", "GDMJ": 1.5, "YJJBNTMJ": 0.0,
             "XFSJ": "2021-03-15", "wkt": _square(6)}]
    assert import_batch(ws, write_shp(tmp_path / "c.shp", rows, fields=fields),
                        BatchMeta("省级", dt.date(2021, 8, 2), 2021), save=False).ok
    rows = [{**base, "JCBH": "1409232020110001", "XZMC": "上馆镇", "CMC": "东关村", "GDMJ": 7.0, "YJJBNTMJ": 0.0,
             "wkt": _square(7)}]
    assert import_batch(ws, write_shp(tmp_path / "d.shp", rows, fields=fields),
                        BatchMeta("部级", dt.date(2020, 11, 3), 2021), save=False).ok
    fid = dict(zip(ws.select("wz_patch", ["JCBH"])["JCBH"], ws.select("wz_patch", ["JCBH"])["fid"].astype(int)))
    save_facts(ws, fid["1409232021080001"], {**ILLEGAL})
    save_facts(ws, fid["1409232021080002"], {**ILLEGAL, "YDPF": True})  # not enough to decide: 待定
    save_facts(ws, fid["1409232020110001"], {**ILLEGAL})
    determine_patches(ws)
    return ws


def expected(ws, start: dt.date, end: dt.date) -> dict:
    """The period's figures, counted from the tables without the report code (no split patches here)."""
    b = ws.select("wz_batch", ["JB", "XFRQ"])
    batches = {int(f): (lv, d) for f, lv, d in zip(b["fid"], b["JB"], b["XFRQ"])}
    pt = ws.select("wz_patch", ["PCID", "XFSJ", "TBMJMU", "GDMJ", "YJJBNTMJ", "ZT", "PDJG"])
    d = ws.select("wz_determ", ["TBID", "PDJG"])
    det = dict(zip(d["TBID"].astype(int), d["PDJG"]))
    out = {"patches": 0, "部级": 0, "省级": 0, "quarters": [0, 0, 0, 0], "categories": {}, "illegal": 0,
           "illegal_mu": 0.0, "gd": 0.0, "jbnt": 0.0, "determined": 0, "pending": 0, "units": 0, "mu": 0.0}
    for r in pt.to_dict("records"):
        level, batch_day = batches[int(r["PCID"])]
        day = dt.date.fromisoformat(str(r["XFSJ"] or batch_day)[:10])
        if not start <= day <= end:
            continue
        out["patches"] += 1
        out[level] += 1
        out["quarters"][(day.month - 1) // 3] += 1
        out["determined"] += r["PDJG"] not in (None, "", PENDING)
        out["pending"] += r["PDJG"] == PENDING
        cat = det.get(int(r["fid"]))
        if cat is None:
            continue
        n, mu = out["categories"].get(cat, (0, 0.0))
        out["categories"][cat] = (n + 1, mu + r["TBMJMU"])
        out["units"] += 1
        out["mu"] += r["TBMJMU"]
        if cat in ILLEGAL_CATEGORIES:
            out["illegal"] += 1
            out["illegal_mu"] += r["TBMJMU"]
            out["gd"] += r["GDMJ"] or 0.0
            out["jbnt"] += r["YJJBNTMJ"] or 0.0
    return out


def check_context(ctx: dict, exp: dict, quarters: int) -> None:
    rec = ctx["received"]
    assert rec["patches"] == exp["patches"]
    assert {lv["level"]: lv["patches"] for lv in rec["by_level"]} == {"部级": exp["部级"], "省级": exp["省级"]}
    assert rec["determined"] == exp["determined"] and rec["pending"] == exp["pending"]
    assert [q["patches"] for q in ctx["quarters"]] == exp["quarters"][:quarters]
    got = {c["name"]: (c["count"], c["mu"]) for c in ctx["categories"]}
    assert got.keys() == exp["categories"].keys()
    for name, (n, mu) in exp["categories"].items():
        assert got[name][0] == n and got[name][1] == pytest.approx(mu), name
    legality = {c["name"]: c["legality"] for c in ctx["categories"]}   # 是否违法用地: a 待定 unit is neither
    assert all(v == ("是" if k in ILLEGAL_CATEGORIES else "尚未判定" if k == PENDING else "否")
               for k, v in legality.items())
    ill = ctx["illegal"]
    assert ill["units"] == exp["illegal"]
    assert ill["mu"] == pytest.approx(exp["illegal_mu"])
    assert ill["gd_mu"] == pytest.approx(exp["gd"]) and ill["jbnt_mu"] == pytest.approx(exp["jbnt"])
    assert ctx["units"]["total"] == exp["units"] and ctx["units"]["mu"] == pytest.approx(exp["mu"])
    total = ctx["townships"][-1]
    assert total["name"] == "合计" and total["patches"] == exp["patches"] and total["gd_mu"] == pytest.approx(exp["gd"])


def flat(text: str) -> str:
    """Text without whitespace (lines wrap anywhere between Chinese characters), NFKC as pdf_text gives it."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_half_year_and_annual_figures(ws_year):
    half = narrative.half_year_context(ws_year, 2021, TODAY)
    h = expected(ws_year, dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert h["patches"] == 4 and h["省级"] == 1 and h["quarters"][:2] == [1, 3]  # the patch's own date wins
    check_context(half, h, 2)
    assert half["illegal"]["gd_mu"] == pytest.approx(5.0) and half["illegal"]["jbnt_mu"] == pytest.approx(1.25)
    assert half["due"] == "2021-07-10" and half["period"]["end"] == "2021-06-30"
    assert half["title"] == "关于代县2021年上半年自然资源卫片执法工作情况的报告"

    annual = narrative.annual_context(ws_year, 2021, dt.date(2022, 3, 1))
    a = expected(ws_year, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert a["patches"] == 5 and a["quarters"] == [1, 3, 1, 0]  # the 2020 batch is not in 2021
    check_context(annual, a, 4)
    assert annual["due"] == "2022-03-10" and len(annual["quarters"]) == 4
    assert annual["title"] == "关于代县2021年度自然资源卫片执法工作情况的报告"

    old = narrative.annual_context(ws_year, 2020, TODAY)
    assert old["received"]["patches"] == 1 and old["illegal"]["gd_mu"] == pytest.approx(7.0)
    empty = narrative.annual_context(ws_year, 2019, TODAY)
    assert empty["received"]["patches"] == 0 and empty["accountability"]["counties"] == []
    assert "本年度尚无已判定的图斑" in narrative.render_context(empty)


def test_accountability_matches_the_workspace_figures(ws):
    """All patches of the fixture are in the first half: the report's 附件5 figures are the workspace's."""
    ctx = narrative.half_year_context(ws, 2021, TODAY)
    county = workspace_accountability(ws).of_level("county")[0]
    (c,) = ctx["accountability"]["counties"]
    assert c["name"] == county.name == "代县"
    for key in ("numerator_raw", "denominator_raw", "numerator", "denominator", "ratio", "triggered"):
        assert c[key] == pytest.approx(getattr(county, key)), key
    assert c["numerator"] == pytest.approx(5.0) and c["ratio_text"] == "100.00%"
    assert c["triggered"] is False and c["verdict"] == "未纳入问责范围"  # 5 亩 < 100 亩
    assert c["area_passes"] is False and c["ratio_passes"] is True


def test_period_accountability_leaves_other_periods_out(ws_year):
    half = narrative.half_year_context(ws_year, 2021, TODAY)["accountability"]["counties"][0]
    annual = narrative.annual_context(ws_year, 2021, TODAY)["accountability"]["counties"][0]
    assert half["numerator_raw"] == pytest.approx(5.0) and annual["numerator_raw"] == pytest.approx(9.0)
    assert half["pending"] == 1 and half["pending_gd"] == pytest.approx(1.5)
    assert half["pending_gd_text"] == "涉及耕地1.50亩"
    whole = workspace_accountability(ws_year).of_level("county")[0]
    assert whole.numerator_raw == pytest.approx(16.0)  # 2020's 7 亩 only when nothing is filtered


def test_html_shows_the_figures_and_escapes_text(ws_year):
    html = narrative.render_half_year(ws_year, 2021, TODAY, office=SCRIPT, problems=[f"{QUOTE}问题"],
                                      rectification={"filed": 2, "eliminated_mu": 1.5, SCRIPT: 1})
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert FORMULA.replace("'", "&#39;") in html  # township of the fixture's third patch
    assert "&#34;引号&#34;问题" in html
    text = flat(html)
    for s in ("共接收卫片执法图斑4个", "部级图斑3个、省级图斑1个", "新增建设用地违法3个", "占用耕地5.00亩",
              "占用永久基本农田1.25亩", "违法占用耕地面积比例为100.00%", "面积标准未达到", "比例标准达到",
              "未纳入问责范围", "已立案2个", "已消除违法状态面积1.50亩", "2021年7月10日前", "2021年7月8日"):
        assert s in text, s
    assert "暂无整改记录" not in text and "【待县卫片办填写】" in text  # next steps still to write
    assert text.count("【待县卫片办填写】") == 1


def test_without_rectification_figures(ws):
    ctx = narrative.half_year_context(ws, 2021, TODAY)
    assert ctx["rectification"]["source"] is None
    html = narrative.render_half_year(ws, 2021, TODAY)
    assert "暂无整改记录" in html and flat(html).count("【待县卫片办填写】") == 2
    with ws.transaction():
        ws.update("wz_patch", ws.fids["a"], {"ZT": "整改中"})
    ctx = narrative.half_year_context(ws, 2021, TODAY)
    assert ctx["rectification"]["source"] == "status"
    assert "整改中1个" in flat(narrative.render_context(ctx))
    # the sentence accounts for every illegal patch: the ones not yet rectifying are counted too (it said
    # "123个违法图斑中，整改中27、已整改20、已消除33" — 80 of 123)
    rows = ctx["rectification"]["rows"]
    assert sum(r["value"] for r in rows) == ctx["rectification"]["illegal_patches"]
    if ctx["rectification"]["illegal_patches"] > 1:
        assert rows[-1]["label"] == "尚未整改（含已立案）"


def test_user_template_overrides(ws, tmp_path):
    (tmp_path / "annual_report.html.j2").write_text("<h1>{{ title }}</h1><p>自定义 {{ illegal.units }} "
                                                    "{{ townships[0].name }}</p>", "utf-8")
    html = narrative.render_annual(ws, 2021, TODAY, user_folder=tmp_path)
    assert "自定义 3" in html and "<script>" not in html
    assert "表1" in narrative.render_half_year(ws, 2021, TODAY, user_folder=tmp_path)  # built-in still serves


def test_workspace_year(ws_year):
    assert narrative.workspace_year(ws_year) == 2021


@needs_poppler
@pytest.mark.parametrize("kind", ["half_year", "annual"])
def test_report_pdf(ws_year, tmp_path, qt_app, kind):
    year_end = TODAY if kind == "half_year" else dt.date(2022, 3, 1)
    ctx = narrative.report_context(ws_year, 2021, kind, year_end)
    pdf = render.html_to_pdf(narrative.render_context(ctx), tmp_path / f"{kind}.pdf")
    text = flat(pdf_text(pdf))
    exp = expected(ws_year, dt.date(2021, 1, 1), dt.date(2021, 6, 30) if kind == "half_year" else dt.date(2021, 12, 31))
    wanted = [ctx["title"], f"共接收卫片执法图斑{exp['patches']}个", f"部级图斑{exp['部级']}个、省级图斑{exp['省级']}个",
              f"占用耕地{exp['gd']:.2f}亩、占用永久基本农田{exp['jbnt']:.2f}亩", "违法占用耕地面积比例为100.00%",
              "未纳入问责范围", "暂无整改记录", "【待县卫片办填写】", SCRIPT]  # SCRIPT: a township, as literal text
    wanted += [f"{name}{n}个、{mu:.2f}亩" for name, (n, mu) in exp["categories"].items()]
    for s in wanted:
        assert flat(s) in text, s
    assert dark_pixels(pdf) > 500
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert "WPZFSansSC" in fonts  # the PDF-safe copy of the CJK font (reports/fonts.py)


def page_size(pdf) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    line = next(ln for ln in info.splitlines() if ln.startswith("Page size:"))
    w, _, h = line.split(":", 1)[1].split()[:3]
    return float(w), float(h)


@needs_poppler
def test_landscape_monthly_statistics(ws, tmp_path, qt_app):
    html = render.render_monthly_statistics(ws, dt.date(2021, 7, 1))
    wide = render.html_to_pdf(html, tmp_path / "m.pdf", orientation="landscape")
    w, h = page_size(wide)
    assert w > h and w == pytest.approx(842, abs=1) and h == pytest.approx(595, abs=1)
    assert "卫片执法月度统计表" in pdf_text(wide) and dark_pixels(wide) > 500
    w, h = page_size(render.html_to_pdf(html, tmp_path / "p.pdf"))
    assert h > w  # portrait stays the default
    with pytest.raises(ValueError):
        render.html_to_pdf(html, tmp_path / "x.pdf", orientation="sideways")


@needs_poppler
def test_export_reports_adds_the_narrative_reports(ws_year, tmp_path, qt_app):
    from wpzf.reports.docx_export import docx_available
    from wpzf.reports.export import export_reports

    notes = []
    files = export_reports(ws_year, tmp_path / "out", TODAY, patch_records=False, on_message=notes.append)
    names = {p.name for p in files}
    assert {"半年报告.html", "半年报告.pdf", "年度报告.html", "年度报告.pdf", "月度统计.pdf", "问责测算.pdf"} <= names
    assert all(p.exists() for p in files)
    docx = {"半年报告.docx", "年度报告.docx", "问责测算.docx"}
    assert (docx <= names) if docx_available() else not (docx & names) and notes
    w, h = page_size(tmp_path / "out" / "月度统计.pdf")
    assert w > h
    text = flat(pdf_text(tmp_path / "out" / "年度报告.pdf"))
    assert flat("关于代县2021年度自然资源卫片执法工作情况的报告") in text and "共接收卫片执法图斑5个" in text



def test_the_reports_progress_counts_a_late_township_as_overdue(ws, monkeypatch):
    """图1 of the half-year and annual reports drew every unchecked patch as 未逾期 (the overdue count was always 0)
    while the 月度统计 and the briefing said 逾期: the township rows now count overdue as they do."""
    from wpzf.reports import charts

    a = ws.fids["a"]
    with ws.transaction():
        ws.update("wz_patch", a, {"ZT": "核查中", "HCJZ": "2021-06-20"})
    ctx = narrative.half_year_context(ws, 2021, TODAY)
    town = next(t for t in ctx["townships"] if t["name"] == ws.get("wz_patch", a)["XZMC"])
    assert town["overdue"] == 1 and ctx["townships"][-1]["overdue"] >= 1
    drawn = {}
    monkeypatch.setattr(charts, "_draw", lambda key, folder, prefix, draw, data, *a, **k: drawn.setdefault(key, data))
    charts.report_charts(ws, ctx)
    bar = next(b for b in drawn[charts.PROGRESS] if b.township == town["name"])
    assert bar.overdue == 1 and bar.total == town["patches"]


def test_the_progress_sentence_does_not_count_pending_among_the_determined(ws_year):
    """"已作出判定239个，判定为待定1个" read as if the 待定 one were among the 239: it is another one."""
    ctx = narrative.annual_context(ws_year, 2021, TODAY)
    html = flat(narrative.render_context(ctx))
    rec = ctx["received"]
    assert f"已作出判定{rec['determined']}个" in html
    assert (f"另有{rec['pending']}个判定为待定" in html) == bool(rec["pending"]) and "，判定为待定" not in html
