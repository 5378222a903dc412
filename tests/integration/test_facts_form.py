"""The findings form: widgets per fact type, live determination, unknowns, corrections with reasons,
dirty state, saving into a real workspace (audited, versioned) and conflicts."""
import datetime as dt
import json
import re

import pytest

from wpzf.core.labels import fact_label, fact_question, term, value_label, value_text
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules import FACTS_BY_CODE, load_ruleset
from wpzf.store import create_workspace
from wpzf.store.determinations import DERIVABLE, fact_frame, save_facts
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.store.test_determinations import FIELDS

pytestmark = pytest.mark.qgis

DATA = {"XZJSYD": False, "SFSK": False, "MJ": 3.0, "GDMJ": 3.0, "YJJBNTMJ": 0.0}


@pytest.fixture
def rs():
    return load_ruleset(2021)


@pytest.fixture
def form(qgis_app, rs):
    from wpzf.ui.facts_form import FactsForm

    f = FactsForm(rs)
    f.resize(450, 700)
    yield f
    f.close()
    f.deleteLater()


@pytest.fixture
def ws(tmp_path):
    rows = [{"JCBH": "A", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "GDMJ": 3.0, "YJJBNTMJ": 0.0,
             "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(0)}]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    yield w
    w.close()


def choose(form, code, value):
    """Set a fact through its widget, as a user would."""
    from qgis.PyQt.QtCore import QDate

    from wpzf.ui.fact_editors import DerivableEditor

    e = form.editors[code]
    if isinstance(e, DerivableEditor):
        e.override.setChecked(True)
        e = e.editor
    t = e.fact.type
    if t == "enum":
        e.combo.setCurrentIndex(e.combo.findData(value))
    elif t == "bool":
        (e.unknown if value is None else e.yes if value else e.no).click()
    elif t == "date":
        e.edit.setDate(QDate() if value is None else QDate(value.year, value.month, value.day))
    elif t == "number":
        if value is None:
            e.spin.clear()
        else:
            e.spin.setValue(value)
    else:
        e.edit.setText(value or "")


def unit(ws):
    """(fid, fact record, fact version) of the one patch, as the dock would load it."""
    frame = fact_frame(ws)
    row = frame.iloc[0].to_dict()
    return int(row["TBID"]), row, row["fact_version"]


def test_every_fact_of_the_2021_rules_has_its_widget(form, rs):
    from qgis.gui import QgsDateEdit, QgsDoubleSpinBox
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QComboBox, QLineEdit, QRadioButton

    from wpzf.ui.fact_editors import DerivableEditor, DerivedView
    from wpzf.ui.facts_form import DATA_GROUP
    from wpzf.ui.patch_card import ui_lang

    assert list(form.editors) + list(form.derived) and set(form.editors) | set(form.derived) == set(rs.facts_used)
    for code in rs.facts_used:
        fact = FACTS_BY_CODE[code]
        assert form.labels[code].text() == fact_label(code, ui_lang(), unit=True)   # the UI's language
        assert fact.description in form.labels[code].toolTip()
        if fact.derived:
            assert isinstance(form.derived[code], DerivedView)
            continue
        e = form.editors[code]
        if fact.derivable:
            assert isinstance(e, DerivableEditor) and e.editor.isHidden() and e.reason.isHidden()
            e = e.editor
        kind = {"bool": QRadioButton, "enum": QComboBox, "date": QgsDateEdit, "number": QgsDoubleSpinBox,
                "text": QLineEdit}[fact.type]
        assert e.findChildren(kind), code
    sjyt = form.editors["SJYT"].combo
    assert [sjyt.itemText(i) for i in range(sjyt.count())][1:] == [value_label("SJYT", v, ui_lang())
                                                                    for v, _ in FACTS_BY_CODE["SJYT"].values]
    assert [sjyt.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(1, sjyt.count())] == \
        [label for _, label in FACTS_BY_CODE["SJYT"].values]   # the official wording stays at hand
    assert sjyt.itemData(0) is None  # unknown first
    assert form.editors["GDMJ"].editor.spin.decimals() == 2
    # sections in order, the data's facts last
    titles = [b.title() for b in form.groups.values()]
    assert titles[0] == "Change and use" and titles[-1] == DATA_GROUP
    # fits a 450 px dock: nothing forces a horizontal scroll
    form.show()
    assert form.scroll.widget().minimumSizeHint().width() <= 450 - form.scroll.verticalScrollBar().sizeHint().width()


def test_determination_follows_the_facts_live(form):
    from wpzf.ui.determination_view import COLOUR_ILLEGAL, COLOUR_PENDING
    from wpzf.ui.patch_card import ui_lang

    seen = []
    form.outcomeChanged.connect(lambda o: seen.append(o.category))
    form.set_record(dict(DATA), DATA, {}, None)
    view = form.view
    lang = ui_lang()
    assert view.category_label.text() == term("待定", lang) and COLOUR_PENDING in view.category_label.styleSheet()
    missing = view.missing_codes()
    # missing facts as the questions still to answer, never their codes
    assert missing and all(fact_question(c, lang) in view.missing_label.text() for c in missing)
    visible = re.sub(r"<[^>]+>", "", view.missing_label.text())
    assert not any(c in visible for c in missing), visible
    choose(form, "SJYT", "homestead")
    choose(form, "ZJPZ", "none")
    assert form.outcome.category == "农村宅基地违法" and view.category_label.text() == term("农村宅基地违法", lang)
    assert COLOUR_ILLEGAL in view.category_label.styleSheet()
    assert term("移交农业农村局", lang) in view.flags_label.text() and "附件4第五条" in view.clause_label.text()
    assert "宅基地" in view.explanation_label.text()
    assert seen[-1] == "农村宅基地违法"
    choose(form, "ZJPZ", "approved")
    assert form.outcome.category != "农村宅基地违法" == seen[-2]
    # the derived fact shown follows the areas
    choose(form, "YJJBNTMJ", 1.0)
    assert form.derived["ZYJBNT"].text() == value_text("ZYJBNT", True, lang)
    assert form.derived["QTGDMJ"].text() == value_text("QTGDMJ", 2.0, lang)     # 2.00亩 / 2.00 mu


def test_a_missing_fact_link_focuses_its_widget(form):
    from qgis.PyQt.QtWidgets import QApplication

    form.set_record({}, {}, {}, None)
    form.show()
    form.activateWindow()
    code = form.view.missing_codes()[0]
    form.view.missing_label.linkActivated.emit(code)
    QApplication.processEvents()
    focused = QApplication.focusWidget()
    assert focused is not None and form.editors[code].isAncestorOf(focused)


def test_unknown_stays_unknown(form):
    from wpzf.ui.fact_editors import DateEditor

    form.set_record({"YDPF": None, "JSRQ": float("nan"), "PZWH": "", "SJYT": None}, {}, {}, None)
    v = form.values()
    assert v["YDPF"] is None and v["JSRQ"] is None and v["PZWH"] is None and v["SJYT"] is None
    assert form.editors["YDPF"].unknown.isChecked() and form.editors["JSRQ"].edit.isNull()
    assert not form.is_dirty() and form.changes() == {}
    choose(form, "YDPF", True)
    choose(form, "JSRQ", dt.date(2020, 4, 1))
    assert form.changes() == {"YDPF": True, "JSRQ": dt.date(2020, 4, 1)}
    choose(form, "YDPF", None)
    choose(form, "JSRQ", None)
    assert form.values()["YDPF"] is None and form.values()["JSRQ"] is None and not form.is_dirty()
    # a known value set to unknown is a change to None
    form.set_record({"YDPF": 1, "JSRQ": "2019-03-02", "MJ": 2.0}, {"MJ": 2.0}, {}, 3)
    assert form.values()["YDPF"] is True and form.values()["JSRQ"] == dt.date(2019, 3, 2) and form.version == 3
    assert isinstance(form.editors["JSRQ"], DateEditor)
    choose(form, "YDPF", None)
    form.editors["MJ"].editor.spin.clear()  # not overridden: the editor is not the value
    assert form.changes() == {"YDPF": None}


def test_a_correction_needs_a_reason(form):
    from wpzf.ui.fact_editors import ERROR_STYLE

    form.set_record(dict(DATA), DATA, {}, None)
    gd = form.editors["GDMJ"]
    assert "3.00" in gd.data_label.text() and form.record()["GDMJ"] == 3.0
    choose(form, "GDMJ", 2.5)
    assert not gd.editor.isHidden() and not gd.reason.isHidden()
    assert form.record()["GDMJ"] == 2.5 and form.changes() == {"GDMJ": 2.5}
    msgs = form.validate()
    assert len(msgs) == 1 and "耕地面积" in msgs[0] and gd.reason.styleSheet() == ERROR_STYLE
    gd.reason.setText("外业实测")
    assert form.validate() == [] and gd.reason.styleSheet() == ""
    assert form.reasons() == {"GDMJ": "外业实测"}
    # withdrawing the correction goes back to the data's value
    gd.override.setChecked(False)
    assert form.record()["GDMJ"] == 3.0 and form.changes() == {} and not form.is_dirty()
    # other checks: no future dates, no negative areas
    choose(form, "JSRQ", dt.date.today() + dt.timedelta(days=3))
    choose(form, "MJ", -1.0)
    form.editors["MJ"].reason.setText("实测")
    msgs = form.validate()
    assert any("始建日期" in m for m in msgs) and any("面积" in m for m in msgs) and len(msgs) == 2
    assert form.editors["JSRQ"].edit.styleSheet() == ERROR_STYLE


def test_dirty_state_and_changes(form):
    states = []
    form.dirtyChanged.connect(states.append)
    form.set_record({"BHLX": "new_build", "WFGH": False}, DATA, {}, 1)
    assert not form.is_dirty()
    choose(form, "BHLX", "renovate")
    choose(form, "PZWH", "代政地〔2020〕7号")
    assert form.is_dirty() and states == [True]
    assert form.changes() == {"BHLX": "renovate", "PZWH": "代政地〔2020〕7号"}
    assert form.values()["WFGH"] is False and form.values()["BHLX"] == "renovate"
    choose(form, "BHLX", "new_build")
    choose(form, "PZWH", None)
    assert not form.is_dirty() and states == [True, False]
    choose(form, "WFGH", True)
    form.set_record({}, {}, {}, None)  # loading clears dirty
    assert not form.is_dirty() and states[-1] is False


def test_save_writes_one_audited_transaction(form, ws):
    fid, row, version = unit(ws)
    data = {c: row[c] for c in DERIVABLE}
    assert version != version or version is None  # nothing saved yet
    form.set_record(row, data, {}, version)
    choose(form, "BHLX", "new_build")
    choose(form, "SJYT", "homestead")
    choose(form, "ZJPZ", "none")
    choose(form, "JSRQ", dt.date(2021, 2, 3))
    choose(form, "GDMJ", 2.5)
    form.editors["GDMJ"].reason.setText("外业实测，部分为田坎")
    n_audit = len(ws.audit_records())
    res = form.save(ws, fid)
    assert res.status == "saved" and res.ok and res.version == 1 == form.version and not form.is_dirty()
    stored = ws.select("wz_fact").iloc[0]
    assert stored["BHLX"] == "new_build" and stored["SJYT"] == "homestead" and stored["GDMJ"] == 2.5
    assert stored["YDPF"] is None or stored["YDPF"] != stored["YDPF"]  # unknown stays unknown
    assert json.loads(stored["FGLY"]) == {"GDMJ": "外业实测，部分为田坎"}
    new = ws.audit_records()[n_audit:]
    fact_audit = [r for r in new if r["table"] == "wz_fact"]
    assert len(fact_audit) == 1 and fact_audit[0]["source"] == "dock" and fact_audit[0]["action"] == "create"
    assert fact_audit[0]["changes"]["SJYT"] == "homestead" and ws.verify_audit().ok
    assert form.save(ws, fid).status == "unchanged"
    # reload as the dock would: the same values come back, unknowns still unknown
    fid, row, version = unit(ws)
    reasons = json.loads(ws.select("wz_fact").iloc[0]["FGLY"])
    form.set_record(row, data, reasons, version)
    v = form.values()
    assert v["SJYT"] == "homestead" and v["JSRQ"] == dt.date(2021, 2, 3) and v["GDMJ"] == 2.5
    assert v["YDPF"] is None and v["WFGH"] is None and form.editors["GDMJ"].is_overridden()
    assert form.reasons() == {"GDMJ": "外业实测，部分为田坎"} and form.outcome.category == "农村宅基地违法"
    # withdrawing the correction clears it and its reason; the version moves on
    form.editors["GDMJ"].override.setChecked(False)
    assert form.changes() == {"GDMJ": None}
    res = form.save(ws, fid, source="test")
    assert res.status == "saved" and res.version == 2
    stored = ws.select("wz_fact").iloc[0]
    assert stored["FGLY"] is None and (stored["GDMJ"] is None or stored["GDMJ"] != stored["GDMJ"])
    assert ws.audit_records("wz_fact")[-1]["source"] == "test"


def test_invalid_values_are_not_saved(form, ws):
    fid, row, version = unit(ws)
    form.set_record(row, {c: row[c] for c in DERIVABLE}, {}, version)
    from wpzf.ui.fact_editors import ERROR_STYLE

    choose(form, "GDMJ", 1.0)  # no reason
    res = form.save(ws, fid)
    assert res.status == "invalid" and res.messages and ws.count("wz_fact") == 0 and form.is_dirty()
    assert form.editors["GDMJ"].reason.styleSheet() == ERROR_STYLE
    form.editors["GDMJ"].reason.setText("实测")  # after a refused save the highlight follows live
    assert form.editors["GDMJ"].reason.styleSheet() == ""
    assert form.save(ws, fid).status == "saved" and ws.count("wz_fact") == 1


def test_a_stale_version_is_a_conflict(form, ws):
    fid, row, version = unit(ws)
    data = {c: row[c] for c in DERIVABLE}
    assert save_facts(ws, fid, {"BHLX": "new_build"}) == 1
    _, row, version = unit(ws)
    form.set_record(row, data, {}, version)
    # meanwhile somebody else saves
    assert save_facts(ws, fid, {"BHLX": "renovate"}, expected_version=1, source="other") == 2
    choose(form, "BHLX", "demolish")
    n_audit = len(ws.audit_records())
    res = form.save(ws, fid)
    assert res.status == "conflict" and not res.ok and res.their_version == 2
    (c,) = res.conflicts
    assert (c.code, c.loaded, c.mine, c.theirs) == ("BHLX", "新建建（构）筑物", "房屋拆除、拆迁", "翻建、改建或扩建")
    assert ws.select("wz_fact").iloc[0]["BHLX"] == "renovate" and len(ws.audit_records()) == n_audit
    assert form.is_dirty()
    res = form.save(ws, fid, overwrite=True)
    assert res.status == "saved" and res.version == 3
    assert ws.select("wz_fact").iloc[0]["BHLX"] == "demolish"


def test_a_record_created_meanwhile_is_a_conflict(form, ws):
    fid, row, version = unit(ws)
    form.set_record(row, {c: row[c] for c in DERIVABLE}, {}, version)  # no facts saved yet
    save_facts(ws, fid, {"SJYT": "nonagri"}, source="other")
    choose(form, "SJYT", "homestead")
    res = form.save(ws, fid)
    assert res.status == "conflict" and res.conflicts[0].theirs == "非农业建设"


@pytest.mark.parametrize("button,answer", [("Save", "save"), ("Discard", "discard"), ("Cancel", "cancel")])
def test_confirm_discard_asks(qgis_app, button, answer):
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QMessageBox

    from wpzf.ui.facts_form import confirm_discard

    clicked = []

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        clicked.append(box.text())
        box.button(getattr(QMessageBox.StandardButton, button)).click()

    QTimer.singleShot(0, click)
    assert confirm_discard(None) == answer
    assert clicked and "unsaved" in clicked[0]


def test_the_wheel_scrolls_the_form_not_an_unfocused_value(form):
    from qgis.PyQt.QtCore import QPoint, QPointF, Qt
    from qgis.PyQt.QtGui import QWheelEvent
    from qgis.PyQt.QtWidgets import QApplication

    form.set_record({}, {}, {}, None)
    form.show()
    QApplication.processEvents()
    combo = form.editors["BHLX"].combo
    bar = form.scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0 and not combo.hasFocus()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(combo.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == 0 and bar.value() > 0
