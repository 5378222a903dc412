"""No output shows an internal code: clause ids (default, A4.1, CR), fact codes (YJJBNTMJ, BHLX …) or enum
values (demolish, demolition …). Every export of a small workspace that has them all — an illegal patch
citing the general rule and 法释〔2000〕14号, a pending one with facts missing, a mining one, a case with an
unfinished 拆除, a referral, a sample, a 永久基本农田 overlay row — is read back as text (xlsx, HTML, PDF,
docx), and so are the atlas's text values and the dock's patch card."""
import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from osgeo import ogr

from wpzf.core import cases as core
from wpzf.core.blacklist import Violator
from wpzf.core.labels import CLAUSES
from wpzf.core.referrals import AGRICULTURE, OUTBOUND, Referral
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules.engine import RESULT_FIELDS
from wpzf.rules.facts import FACTS
from wpzf.rules.ruleset import available_years, load_ruleset
from wpzf.store import cases, create_workspace, registers
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.store.overlay import SUMMARY_FIELDS
from wpzf.tests.exchange.corpus import ILLEGAL, PATCH_FIELDS, _square, write_shp

D = dt.date
TODAY = D(2021, 8, 1)
FIELDS = PATCH_FIELDS[:4] + (("CMC", ogr.OFTString),) + PATCH_FIELDS[4:]


def internal_codes() -> set[str]:
    codes = {f.code for f in FACTS} | set(RESULT_FIELDS) | set(SUMMARY_FIELDS) | set(CLAUSES)
    for year in available_years():
        codes |= set(load_ruleset(year).clauses)
    codes |= {v for f in FACTS for v, _ in f.values}
    # the English names of the measures once printed inside Chinese text (拆除（demolition，…）)
    codes |= {"demolition", "restoration to farmland", "mine closure", "completed approvals", "confiscation"}
    return codes


CODES = internal_codes()
# a code counts when it stands alone: not part of a longer ASCII word, number or file name
CODE_RE = re.compile(r"(?<![A-Za-z0-9_.\-])(" + "|".join(sorted(map(re.escape, CODES), key=len, reverse=True))
                     + r")(?![A-Za-z0-9_\-])")


ENUM_VALUES = {v for f in FACTS for v, _ in f.values} | {"demolition", "restoration to farmland", "mine closure",
                                                       "completed approvals", "confiscation"}


def leaks(text: str, english: bool = False) -> list[str]:
    """The codes in ``text``; ``english``: English text, where enum values are ordinary words (other, mining)."""
    return sorted({m.group(1) for m in CODE_RE.finditer(text) if not (english and m.group(1) in ENUM_VALUES)})


def test_the_scanner_sees_what_users_saw():
    """The defects of issue 13 as users saw them are caught (the scanner can fail)."""
    assert leaks("default、CR") == ["CR", "default"]
    assert leaks("保护 YJJBNTMJ YJJBNTMJ") == ["YJJBNTMJ"]
    assert leaks("缺少事实：BHLX") == ["BHLX"]
    assert leaks("拆除（demolition，14.35亩）") == ["demolition"]
    assert leaks("依据 A4.1") == ["A4.1"]
    assert leaks("1409232021050001 代自然资立〔2021〕7号 photos/x.jpg 2021-06-01 附件4第一条") == []


# --- the workspace --------------------------------------------------------------------------------------

@pytest.fixture
def busy(tmp_path):
    base = {"XZQDM": "140923", "XMC": "代县", "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否"}
    rows = [
        # new construction without approval, 12 亩 of other cultivated land: 法释〔2000〕14号 applies
        {**base, "JCBH": "1409232021050001", "XZMC": "上馆镇", "CMC": "东关村", "GDMJ": 12.5, "YJJBNTMJ": 0.5,
         "wkt": _square(0)},
        {**base, "JCBH": "1409232021050002", "XZMC": "聂营镇", "CMC": "窑子村", "GDMJ": 0.0, "YJJBNTMJ": 0.0,
         "SFSK": "是", "wkt": _square(1)},
        {**base, "JCBH": "1409232021050003", "XZMC": "上馆镇", "CMC": "西关村", "GDMJ": 2.0, "YJJBNTMJ": 0.0,
         "wkt": _square(2)},
        {**base, "JCBH": "1409232021050004", "XZMC": "聂营镇", "CMC": "窑子村", "GDMJ": 1.0, "YJJBNTMJ": 0.0,
         "wkt": _square(3)},
    ]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", D(2021, 5, 6), 2021), save=False).ok
    keys = w.select("wz_patch", ["JCBH"])
    f = dict(zip(keys["JCBH"], keys["fid"].astype(int)))
    a, b, c, d = (f[f"140923202105000{i}"] for i in range(1, 5))
    save_facts(w, a, {**ILLEGAL, "RGSM": "现场为新建厂房"})
    save_facts(w, b, {**ILLEGAL, "SJYT": "mining", "KCZT": "mined", "CKXK": "none"})
    save_facts(w, c, {**ILLEGAL, "BHLX": "fill_level", "SJYT": "temporary", "LSPF": False})
    save_facts(w, d, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"})     # 待定: approval unknown
    with w.transaction():   # the overlay's row for the basic-farmland layer (its summary field is YJJBNTMJ)
        w.insert("wz_dlmj", [{"TBID": a, "FGID": None, "LX": "保护", "DM": "YJJBNTMJ", "MC": "YJJBNTMJ",
                              "MJ": 333.3, "MJMU": 0.5, "FXSJ": "2021-06-01T00:00:00"}])
    determine_patches(w)
    sc = cases.open_unit_case(w, a, "代自然资立〔2021〕7号", D(2021, 6, 1))
    cases.add_measure(w, sc.fid, core.Measure(core.DEMOLISH, 1.0, D(2021, 6, 10)))   # no photo, not finished
    cases.open_unit_case(w, c, "代自然资立〔2021〕8号", D(2021, 6, 3))
    registers.save_referral(w, c, Referral("", AGRICULTURE, OUTBOUND, D(2021, 6, 5), doc_no="代自然资函〔2021〕9号",
                                           reason="占用耕地"))
    registers.add_violator(w, a, Violator("宋华", "个人"), 2021)
    registers.draw_review_sample(w, "六月复核", 7, rate=1.0)
    registers.record_verdict(w, "六月复核", a, "真实")
    w.fids = {"a": a, "b": b, "c": c, "d": d}
    yield w
    w.close()


def test_the_workspace_holds_the_codes_the_outputs_must_not_show(busy):
    """Only display changes: the store keeps its codes."""
    det = busy.select("wz_determ", ["TBID", "PDTK", "QSSS"])
    by = dict(zip(det["TBID"].astype(int), zip(det["PDTK"], det["QSSS"])))
    assert "default" in by[busy.fids["a"]][0] and "CR" in by[busy.fids["a"]][0]
    assert "YDPF" in (by[busy.fids["d"]][1] or "")
    assert set(busy.select("wz_dlmj", ["DM"])["DM"]) >= {"YJJBNTMJ"}


# --- text of every format ---------------------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def file_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path)
        cells = [str(c.value) for sheet in wb for row in sheet.iter_rows() for c in row if c.value is not None]
        return "\n".join(wb.sheetnames + cells)
    if path.suffix == ".html":
        p = _Text()
        p.feed(path.read_text("utf-8"))
        return "\n".join(p.parts)
    if path.suffix == ".pdf":
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
        return unicodedata.normalize("NFKC", out.decode("utf-8"))
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    raise AssertionError(f"no text extractor for {path.name}")


@pytest.fixture
def qt_app(request):
    try:
        return request.getfixturevalue("qgis_app")
    except pytest.FixtureLookupError:
        pytest.skip("needs pytest-qgis for PDF printing")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_no_export_shows_an_internal_code(busy, tmp_path, qt_app):
    from wpzf.reports.export import export_reports

    files = export_reports(busy, tmp_path / "out", TODAY)
    kinds = {p.suffix for p in files}
    assert {".xlsx", ".html", ".pdf"} <= kinds
    assert any(p.parent.name == "核查记录表" for p in files) and any(p.parent.name == "移交函" for p in files)
    found = {}
    for path in files:
        text = file_text(path)
        assert text.strip(), path.name
        bad = leaks(text)
        if bad:
            found[str(path.relative_to(tmp_path / "out"))] = bad
    assert not found, found
    # … and what replaced the codes reads as the work plan does
    ledger = file_text(tmp_path / "out" / "违法用地台账.xlsx")
    assert "一般规定：建设占用土地须依法取得建设用地批复" in ledger and "法释〔2000〕14号" in ledger
    assert "拆除（1.00亩）" in file_text(tmp_path / "out" / "整改进展报告.html")
    record = file_text(tmp_path / "out" / "核查记录表" / "1409232021050004.pdf")
    assert "尚未填写:是否取得建设用地批复" in record.replace("：", ":").replace(" ", "").replace("\n", "")
    assert "缺少事实" not in record       # the question is the whole note, not “缺少事实：尚未填写：…”
    farm = file_text(tmp_path / "out" / "核查记录表" / "1409232021050001.pdf")
    assert "保护图层" in farm and "永久基本农田" in farm


def test_record_form_facts_read_as_values_with_units(busy):
    from wpzf.reports.render import patch_record_context

    ctx = patch_record_context(busy, busy.fids["a"])
    facts = dict(ctx["units"][0]["facts"])
    assert facts["变化类型"] == "新建建（构）筑物" and facts["取得建设用地批复"] == "否"
    assert facts["永久基本农田面积"] == "0.50亩"
    assert [r["MC"] for r in ctx["landuse"] if r["LX"] == "保护图层"] == ["永久基本农田"]
    pending = patch_record_context(busy, busy.fids["d"])["determinations"][0]
    assert pending["QSSS"] == "尚未填写：是否取得建设用地批复"
    assert not leaks(" ".join(map(str, pending.values())))


def test_atlas_text_values_show_no_code(busy):
    pytest.importorskip("qgis.core")
    from wpzf.reports.atlas_records import atlas_records

    records = atlas_records(busy, list(busy.fids.values()))
    text = "\n".join(str(v) for r in records for k, v in r.items() if k not in ("photos", "TBID", "XH"))
    assert not leaks(text), leaks(text)
    a = next(r for r in records if r["JCBH"] == "1409232021050001")
    assert "法释〔2000〕14号" in a["PDTK"].replace("\n", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_patch_card_shows_no_code(busy, lang):
    pytest.importorskip("qgis.PyQt")
    from wpzf.store.queue import patch_card
    from wpzf.ui.patch_card import card_html

    for fid in busy.fids.values():
        html = card_html(patch_card(busy, fid), TODAY, busy, lang=lang)
        p = _Text()
        p.feed(html)
        text = "\n".join(p.parts)
        assert not leaks(text, lang == "en"), (fid, leaks(text, lang == "en"))
    card = card_html(patch_card(busy, busy.fids["a"]), TODAY, busy, lang=lang)
    if lang == "en":
        assert "illegal new construction land (新增建设用地违法)" in card and "General rule" in card
        assert "permanent basic farmland" in card
    else:
        assert "新增建设用地违法" in card and "一般规定：建设占用土地须依法取得建设用地批复" in card


@pytest.fixture
def ui_locale(qt_app):
    """Sets QGIS's UI language for a test (Settings ▸ General) and restores it."""
    from qgis.core import QgsSettings

    s = QgsSettings()
    saved = s.value("locale/overrideFlag", False, type=bool), s.value("locale/userLocale", "")

    def set_locale(name: str) -> None:
        s.setValue("locale/overrideFlag", True)
        s.setValue("locale/userLocale", name)

    yield set_locale
    s.setValue("locale/overrideFlag", saved[0])
    s.setValue("locale/userLocale", saved[1])


@pytest.mark.parametrize("locale,first,total", [("zh_CN", "乡镇", "合计"), ("en_US", "Township", "Total")])
def test_dashboard_headers_follow_the_ui_language(busy, ui_locale, locale, first, total):
    from wpzf.ui.dashboard import DashboardTab

    ui_locale(locale)
    tab = DashboardTab()
    tab.set_workspace(busy)
    tab.refresh(TODAY)
    t = tab.progress
    heads = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert heads[0] == first and not leaks("\n".join(heads))
    deadlines = [tab.deadlines.item(r, 1).text() for r in range(tab.deadlines.rowCount())]
    assert deadlines and all(x.what in deadlines for x in tab.dashboard.deadlines) == (locale == "zh_CN")
    if locale == "en_US":
        assert not any(re.search(r"[\u4e00-\u9fff]", h.split("(")[0]) for h in heads), heads
        # the store's Chinese wording (核查截止, 年度报告报送) reads English; official terms may follow in ()
        assert not any(re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", t)) for t in deadlines), deadlines
    cells = {t.item(r, 0).text(): r for r in range(t.rowCount())}
    assert total in cells and "上馆镇" in cells
    emitted = []
    tab.townshipActivated.connect(emitted.append)
    tab._town_clicked(cells[total], 0)          # the total row is no township
    tab._town_clicked(cells["上馆镇"], 0)
    assert emitted == ["上馆镇"]


@pytest.mark.parametrize("locale,label,question,data", [
    ("zh_CN", "永久基本农田面积（亩）", "是否取得建设用地批复", "3.00亩"),
    ("en_US", "Permanent basic farmland area (mu)", "Construction-land approval obtained?", "Data: 3.00 mu")])
def test_findings_form_speaks_the_ui_language(ui_locale, locale, label, question, data):
    from wpzf.rules import load_ruleset
    from wpzf.ui.facts_form import FactsForm

    ui_locale(locale)
    form = FactsForm(load_ruleset(2021))
    try:
        record = {"XZJSYD": False, "SFSK": False, "MJ": 3.0, "GDMJ": 3.0, "YJJBNTMJ": 0.0, "BHLX": "new_build",
                  "SJYT": "nonagri", "MYYT": "none", "SDPK": False}
        form.set_record(dict(record), record, {}, None)
        assert form.labels["YJJBNTMJ"].text() == label
        missing = form.view.missing_label.text()
        assert question in missing and not leaks(re.sub(r"<[^>]+>", "", missing))
        assert form.editors["GDMJ"].data_label.text().endswith(data)
        assert not leaks(form.view.clause_label.text() + form.view.explanation_label.text())
    finally:
        form.close()
        form.deleteLater()


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_queue_shows_statuses_and_results_in_the_ui_language(busy, ui_locale, locale):
    from wpzf.store.queue import QueueFilter, patch_queue
    from wpzf.ui.queue import COLUMNS, PatchTableModel

    ui_locale(locale)
    model = PatchTableModel()
    df = patch_queue(busy, QueueFilter())
    df.loc[df.index[0], "PDJG"] = "新增建设用地违法、合法用地"      # a split patch's results
    model.set_frame(df)
    col = {code: i for i, (code, _) in enumerate(COLUMNS)}
    shown = [model.data(model.index(0, col[c])) for c in ("ZT", "PDJG")]
    if locale == "zh_CN":
        assert shown == [df["ZT"].iloc[0], "新增建设用地违法、合法用地"]
    else:
        assert shown[0] and not re.search(r"[\u4e00-\u9fff]", shown[0]), shown
        assert shown[1] == "illegal new construction land (新增建设用地违法)、legal use (合法用地)"


def test_atlas_dates_read_as_the_forms_write_them(busy):
    """核查截止 and the imagery dates print 2021年6月20日 (as the record form), an imagery note that is not a
    date as written."""
    pytest.importorskip("qgis.core")
    from wpzf.reports.atlas_records import atlas_records

    a = busy.fids["a"]
    with busy.transaction():
        busy.update("wz_patch", a, {"HCJZ": "2021-06-20", "QSX": "2021-02-27", "HSX": "高分二号 冬季"})
    (rec,) = atlas_records(busy, [a])
    assert (rec["HCJZ"], rec["QSX"], rec["HSX"]) == ("2021年6月20日", "2021年2月27日", "高分二号 冬季")
