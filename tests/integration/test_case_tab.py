"""The case tab (案件) driven through its widgets offscreen: filing a case, measures through the dialog's
accept path, refused transitions that change nothing, referrals, violators, delays, the sampled
review verdict, clearing, and a screenshot of the layout at dock size."""
import datetime as dt
import re

import pytest

from wpzf.store import registers
from wpzf.tests.reports.conftest import ws  # noqa: F401  (3 patches: a and c illegal, b a mined mining patch)

pytestmark = pytest.mark.qgis

D = dt.date


def _photo(ws, tbid, sha, taken_utc, name):  # noqa: F811
    with ws.transaction():
        ws.insert("wz_photo", [{"TBID": tbid, "WJLJ": f"photos/{sha}.jpg", "SHA": sha, "PSSJ": taken_utc,
                                "YWJM": name, "TJSJ": "2021-07-01T00:00:00.000Z"}])


@pytest.fixture
def tab(qgis_app):
    from wpzf.ui.case_tab import CaseTab

    t = CaseTab()
    t.resize(420, 900)
    t.show()
    yield t
    for dlg in (t.measure_dialog, t.delay_dialog):
        if dlg is not None:
            dlg.close()
    t.close()
    t.deleteLater()


def set_date(edit, value):
    from wpzf.ui.measure_dialog import set_date as _set

    _set(edit, value)


def settle(ms=100):
    """Run the event loop briefly (deferred layout requests, as in QGIS)."""
    import time

    from qgis.PyQt.QtWidgets import QApplication

    end = time.time() + ms / 1000
    while time.time() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def file_case(tab, no="代自然资立〔2021〕1号", filed=D(2021, 6, 1)):
    tab.case_no.setText(no)
    set_date(tab.filed, filed)
    tab.file_btn.click()


def test_file_a_case_through_the_widgets(ws, tab):  # noqa: F811
    a = ws.fids["a"]
    seen = []
    tab.changed.connect(seen.append)
    tab.set_patch(ws, a)
    assert tab.unit.count() == 1 and tab.unit.currentData() is None
    assert "新增建设用地违法" in tab.det_label.text()
    assert tab.file_form.isVisible() and not tab.case_view.isVisible() and not tab.measures_box.isVisible()
    # a fine without the decision's number: the rule refuses, nothing is written
    tab.new_penalty.fine.setValue(5000)
    file_case(tab)
    assert "决定书文号" in tab.msgs["case"].text() and tab.msgs["case"].isVisible()
    assert ws.count("wz_case") == 0 and seen == []
    tab.new_penalty.decision_no.setText("代自然资罚〔2021〕1号")
    set_date(tab.new_penalty.decided, D(2021, 6, 2))
    file_case(tab)
    assert ws.count("wz_case") == 1 and seen == [a]
    row = ws.select("wz_case").iloc[0]
    assert row["AJZT"] == "立案" and row["FKJE"] == 5000 and row["CFRQ"] == "2021-06-02" and row["FGID"] is None
    assert "立案" in tab.status_label.text() and "立案 · 2021-06-01" in tab.history_label.text()
    assert tab.case_view.isVisible() and not tab.file_form.isVisible() and tab.measures_box.isVisible()
    assert list(tab.move_buttons) == ["整改中"]
    assert "0.00" in tab.coverage_label.text() and "已拆除复耕到位 ✗" in tab.markers_label.text()
    assert tab.penalty.decision_no.text() == "代自然资罚〔2021〕1号" and tab.penalty.fine.value() == 5000
    # the penalty is edited; an unset date stays unset
    set_date(tab.penalty.decided, None)
    tab.penalty.fine.setValue(8000)
    tab.save_penalty_btn.click()
    row = ws.select("wz_case").iloc[0]
    assert row["FKJE"] == 8000 and row["CFRQ"] is None and tab.penalty.decided.isNull() and seen == [a, a]
    assert {r["source"] for r in ws.audit_records("wz_case")} == {"dock"}


def test_measures_through_the_dialog_and_a_refused_transition(ws, tab):  # noqa: F811
    a = ws.fids["a"]
    _photo(ws, a, "old", "2021-06-01T02:00:00.000Z", "IMG_0001.jpg")
    _photo(ws, a, "new", "2021-06-20T16:30:00.000Z", "IMG_0002.jpg")   # 2021-06-21 in China
    tab.set_patch(ws, a)
    file_case(tab)
    tab.add_measure_btn.click()
    dlg = tab.measure_dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.photos.count() == 2 and "IMG_0001.jpg" in dlg.photos.item(0).text()
    assert "2021-06-01 10:00" in dlg.photos.item(0).text()   # shown in Beijing time
    dlg.kind.setCurrentIndex(dlg.kind.findData("补办手续"))
    assert dlg.labels["doc_no"].text().endswith("*") and not dlg.labels["photos"].text().endswith("*")
    dlg.kind.setCurrentIndex(dlg.kind.findData("拆除"))
    assert dlg.labels["photos"].text().endswith("*") and dlg.labels["start"].text().endswith("*")
    assert not dlg.labels["doc_no"].text().endswith("*")
    dlg.area.setValue(2.0)
    set_date(dlg.start, D(2021, 6, 5))
    dlg.set_photos_checked(["old"])
    assert dlg.values()["completed"] is None and dlg.values()["photo_shas"] == ["old"]
    assert any("尚未完成" in p for p in dlg.problems()) and any("照片" in p for p in dlg.problems())
    dlg.accept()
    assert not dlg.isVisible() and ws.count("wz_measure") == 1
    stored = ws.select("wz_measure").iloc[0]
    assert stored["WCRQ"] is None and stored["KSRQ"] == "2021-06-05" and "照片" in stored["ZJWT"]
    t = tab.measures
    assert t.rowCount() == 1 and t.item(0, 0).text() == "拆除" and t.item(0, 1).text() == "2.00"
    assert t.item(0, 3).text() == "" and t.item(0, 6).text() == "1" and t.item(0, 7).text() != "✓"
    assert tab.problems_label.isVisible() and any(w in tab.problems_label.text() for w in ("照片", "photo"))

    # too large an area: the dialog stays open with the rule's message, nothing is written
    tab.add_measure_btn.click()
    big = tab.measure_dialog
    big.kind.setCurrentIndex(big.kind.findData("复耕"))
    big.area.setValue(100.0)
    big.accept()
    assert big.isVisible() and "超过" in big.error_label.text() and ws.count("wz_measure") == 1
    big.reject()

    # on to 整改中; then 已整改 is refused while the measure is not completed
    set_date(tab.move_date, D(2021, 6, 6))
    tab.move_note.setText("开始整改")
    tab.move_buttons["整改中"].click()
    assert "整改中" in tab.status_label.text() and ws.get("wz_patch", a)["ZT"] == "整改中"
    assert "整改中 · 2021-06-06 · 开始整改" in tab.history_label.text()
    assert set(tab.move_buttons) == {"已整改"}
    n_audit, version = len(ws.audit_records()), ws.select("wz_case").iloc[0]["BBH"]
    seen = []
    tab.changed.connect(seen.append)
    set_date(tab.move_date, D(2021, 6, 7))
    tab.move_buttons["已整改"].click()
    assert "整改措施未完成" in tab.msgs["case"].text() and "not completed" in tab.msgs["case"].text()
    assert ws.select("wz_case").iloc[0]["AJZT"] == "整改中" and ws.select("wz_case").iloc[0]["BBH"] == version
    assert len(ws.audit_records()) == n_audit and seen == [] and "整改中" in tab.status_label.text()

    # the measure is completed and photographed through the edit dialog: its evidence counts
    t.selectRow(0)
    assert tab.edit_measure_btn.isEnabled()
    tab.edit_measure_btn.click()
    edit = tab.measure_dialog
    assert edit is not dlg and edit.photo_shas() == ["old"] and edit.values()["start"] == D(2021, 6, 5)
    assert edit.values()["completed"] is None and edit.kind.currentData() == "拆除"
    set_date(edit.completed, D(2021, 6, 20))
    edit.set_photos_checked(["old", "new"])
    assert edit.problems() == []
    edit.accept()
    assert not edit.isVisible() and tab.measures.item(0, 7).text() == "✓" and tab.measures.item(0, 6).text() == "2"
    assert ws.select("wz_measure").iloc[0]["ZJWT"] is None and not tab.problems_label.isVisible()
    assert "2.00 " in tab.coverage_label.text() or "2.00" in tab.coverage_label.text()
    covered, illegal = re.findall(r"\d+\.\d\d", tab.coverage_label.text())   # "covered … of … mu"
    assert covered == "2.00" and illegal == f"{ws.select('wz_case').iloc[0]['WFMJ']:.2f}"
    tab.move_buttons["已整改"].click()
    assert ws.select("wz_case").iloc[0]["AJZT"] == "已整改" and seen == [a, a]


def test_a_unit_that_is_not_illegal_has_no_case_form(ws, tab):  # noqa: F811
    c = ws.fids["c"]
    det = ws.select("wz_determ", ["TBID"])
    with ws.transaction():
        ws.update("wz_determ", int(det[det["TBID"] == c]["fid"].iloc[0]), {"PDJG": "合法用地"})
    tab.set_patch(ws, c)
    assert "合法用地" in tab.det_label.text() and not tab.file_form.isVisible()
    assert tab.case_note.isVisible() and "not determined illegal" in tab.case_note.text()


def test_a_split_patch_has_one_case_per_part(ws, tab):  # noqa: F811
    from shapely.geometry import LineString

    from wpzf.core.parts import split_by_line
    from wpzf.store.determinations import determine_patches, save_facts
    from wpzf.store.parts import split_patch

    a = ws.fids["a"]
    halves = split_by_line(ws.get("wz_patch", a, geometry=True)["geom"],
                           LineString([(113.0005, 38.99), (113.0005, 39.01)]))
    west, east = sorted(split_patch(ws, a, halves),
                        key=lambda f: ws.get("wz_part", f, geometry=True)["geom"].centroid.x)
    save_facts(ws, a, {"YDPF": True, "HXGX": "inside"}, fgid=west)
    save_facts(ws, a, {"GDMJ": 1.0}, reasons={"GDMJ": "分割后外业实测"}, fgid=east)
    determine_patches(ws, [a])
    tab.set_patch(ws, a)
    units = [tab.unit.itemData(i) for i in range(tab.unit.count())]
    assert units == sorted([west, east], key=lambda f: ws.get("wz_part", f)["FGBH"])   # parts only
    tab.unit.setCurrentIndex(tab.unit.findData(west))
    assert "合法用地" in tab.det_label.text() and not tab.file_form.isVisible()
    tab.unit.setCurrentIndex(tab.unit.findData(east))
    assert "新增建设用地违法" in tab.det_label.text() and tab.file_form.isVisible()
    file_case(tab)
    row = ws.select("wz_case").iloc[0]
    assert ws.count("wz_case") == 1 and int(row["FGID"]) == east and row["WFGDMJ"] == pytest.approx(1.0)
    assert tab.unit.currentData() == east and tab.case_view.isVisible()   # the unit stays chosen after reload


def test_a_suggested_referral_registers_a_line(ws, tab):  # noqa: F811
    b = ws.fids["b"]
    tab.set_patch(ws, b)
    assert [s.department for s, _, _ in tab.suggestions] == ["应急局"] and tab.referral_lines == []
    s, sent, button = tab.suggestions[0]
    set_date(sent, D(2021, 6, 10))
    button.click()
    row = ws.select("wz_referral").iloc[0]
    assert ws.count("wz_referral") == 1 and row["BM"] == "应急局" and row["FX"] == "移送"
    assert row["FCRQ"] == "2021-06-10" and "涉矿" in row["SY"]
    assert tab.suggestions == [] and len(tab.referral_lines) == 1
    line = tab.referral_lines[0]
    assert line["sent"].date().toString("yyyy-MM-dd") == "2021-06-10" and line["received"].isNull()
    # received before it was sent: refused, nothing saved
    set_date(line["received"], D(2021, 6, 1))
    line["save"].click()
    assert "早于" in tab.msgs["referral"].text() and ws.select("wz_referral").iloc[0]["JSRQ"] is None
    set_date(line["received"], D(2021, 6, 12))
    line["feedback"].setText("已立案调查")
    set_date(line["feedback_date"], D(2021, 6, 30))
    line["doc_no"].setText("代自然资函〔2021〕9号")
    line["save"].click()
    row = ws.select("wz_referral").iloc[0]
    assert (row["JSRQ"], row["FKJG"], row["FKRQ"], row["WH"]) == ("2021-06-12", "已立案调查", "2021-06-30",
                                                                  "代自然资函〔2021〕9号")
    assert ws.count("wz_referral") == 1 and "已反馈" in tab.referral_lines[0]["save"].parent().title()
    # another department by hand; the same one twice is not overwritten
    tab.other_dept.setCurrentIndex(tab.other_dept.findData("应急局"))
    tab.other_btn.click()
    assert ws.count("wz_referral") == 1 and "应急局" in tab.msgs["referral"].text()
    tab.other_dept.setCurrentIndex(tab.other_dept.findData("交通运输局"))
    tab.other_btn.click()
    assert ws.count("wz_referral") == 2 and "调取" in set(ws.select("wz_referral")["FX"])


def test_violators_are_added_and_bad_check_digits_warned(ws, tab):  # noqa: F811
    a = ws.fids["a"]
    tab.set_patch(ws, a)
    assert tab.violator_year.value() == 2021   # the batch's rule year
    tab.add_violator_btn.click()               # no name: the core refuses
    assert "名称为空" in tab.msgs["violator"].text() and ws.count("wz_violator") == 0
    tab.violator_name.setText("宋  华")
    tab.violator_id.setText("11010519491231002X")
    tab.add_violator_btn.click()
    row = ws.select("wz_violator").iloc[0]
    assert (row["MC"], row["LX"], row["ZJHM"], row["ND"]) == ("宋华", "个人", "11010519491231002X", 2021)
    assert tab.violators.rowCount() == 1 and tab.violators.item(0, 0).text() == "宋华"
    assert tab.violator_name.text() == ""
    tab.violator_name.setText("某某矿业有限公司")
    tab.violator_kind.setCurrentIndex(tab.violator_kind.findData("单位"))
    tab.violator_id.setText("110105194912310021")   # wrong check digit: kept, warned
    tab.add_violator_btn.click()
    assert ws.count("wz_violator") == 2 and "check character" in tab.msgs["violator"].text()
    assert tab.violators.rowCount() == 2 and tab.violators.item(1, 2).text().startswith("⚠")


def test_a_delay_moves_the_deadline(ws, tab):  # noqa: F811
    a = ws.fids["a"]
    tab.set_patch(ws, a)
    assert "2021-06-20" in tab.deadline_label.text() and "No delay" in tab.delays_label.text()
    tab.delay_btn.click()
    dlg = tab.delay_dialog
    assert dlg.isVisible()
    dlg.reason.setPlainText("")
    dlg.accept()
    assert dlg.isVisible() and dlg.error_label.isVisible() and ws.count("wz_delay") == 0
    dlg.reason.setPlainText("暴雨导致道路中断，无法到达现场")
    set_date(dlg.new_deadline, D(2021, 6, 10))
    set_date(dlg.requested, D(2021, 6, 9))
    dlg.accept()   # not after the current deadline: refused by the store
    assert dlg.isVisible() and "not after" in dlg.error_label.text() and ws.count("wz_delay") == 0
    set_date(dlg.new_deadline, D(2021, 7, 5))
    set_date(dlg.requested, D(2021, 6, 15))
    dlg.approver.setText("李局长")
    dlg.accept()
    assert not dlg.isVisible() and ws.get("wz_patch", a)["HCJZ"] == "2021-07-05"
    assert "2021-07-05" in tab.deadline_label.text() and "2021-06-20 → 2021-07-05" in tab.delays_label.text()
    assert "李局长" in tab.delays_label.text() and "暴雨" in tab.delays_label.text()


def test_sampled_review_verdict(ws, tab):  # noqa: F811
    a = ws.fids["a"]
    tab.set_patch(ws, a)
    assert not tab.sample_box.isVisible()
    registers.draw_review_sample(ws, "2021-06 内部复核", "seed-1", rate=1.0)
    assert a in registers.sampled_patch_ids(ws)
    tab.reload()
    assert tab.sample_box.isVisible() and tab.sample_name.currentText() == "2021-06 内部复核"
    assert tab.verdict.currentData() is None
    tab.verdict.setCurrentIndex(tab.verdict.findData("不真实"))
    tab.save_verdict_btn.click()   # 不真实 needs a note
    assert tab.msgs["sample"].isVisible() and ws.select("wz_sample", ["FHJL"])["FHJL"].isna().all()
    tab.verdict_note.setText("现场与举证照片不符")
    tab.video_note.setText("视频连线核实")
    tab.save_verdict_btn.click()
    row = ws.select("wz_sample", ["TBID", "FHJL", "FHSM", "SPHC"]).set_index("TBID").loc[a]
    assert (row["FHJL"], row["FHSM"], row["SPHC"]) == ("不真实", "现场与举证照片不符", "视频连线核实")
    tab.set_patch(ws, a)
    assert tab.verdict.currentData() == "不真实" and tab.video_note.text() == "视频连线核实"
    assert tab.sample_info.isVisible()


def test_clearing(ws, tab):  # noqa: F811
    tab.set_patch(ws, ws.fids["a"])
    file_case(tab)
    dlg = tab.open_delay_dialog()
    assert dlg.isVisible()
    tab.set_patch(None, None)   # an open dialog belongs to the patch left: it goes, unsaved
    assert not dlg.isVisible() and tab.delay_dialog is None and ws.count("wz_delay") == 0
    assert tab.ws is None and tab.tbid is None and tab.unit.count() == 0 and tab.empty_label.isVisible()
    assert not tab.case_box.isVisible() and not tab.referrals_box.isVisible() and not tab.sample_box.isVisible()
    tab.set_patch(ws, ws.fids["a"])   # and back
    assert tab.case_view.isVisible()


def test_layout_fits_a_dock(ws, tab):  # noqa: F811
    from qgis.PyQt.QtWidgets import QApplication

    a, b = ws.fids["a"], ws.fids["b"]
    _photo(ws, b, "p1", "2021-06-20T02:00:00.000Z", "IMG_0101.jpg")
    registers.add_violator(ws, b, registers.bl.Violator("某某矿业有限公司", "单位", "91140923MA0K123456"), 2021)
    registers.draw_review_sample(ws, "2021-06 内部复核", "seed-1", rate=1.0)
    registers.request_delay(ws, b, "暴雨导致道路中断", D(2021, 7, 5), D(2021, 6, 15), "李局长")
    tab.set_patch(ws, b)
    file_case(tab, "代自然资立〔2021〕2号")
    tab.add_measure_btn.click()
    dlg = tab.measure_dialog
    set_date(dlg.start, D(2021, 6, 5))
    dlg.set_photos_checked(["p1"])
    dlg.area.setValue(5.0)
    dlg.accept()
    settle()
    assert tab.measures.rowCount() == 1 and a != b
    bar = tab.scroll.verticalScrollBar().sizeHint().width()
    assert tab.body.minimumSizeHint().width() <= 420 - bar, tab.body.minimumSizeHint().width()
    assert tab.body.height() >= tab.body.heightForWidth(tab.body.width())   # nothing squeezed
    tab.grab().save("/tmp/case_tab.png")
    tab.body.resize(420 - bar, tab.body.sizeHint().height())
    tab.body.grab().save("/tmp/case_tab_full.png")
    dlg2 = tab.open_measure_dialog(0)
    QApplication.processEvents()
    dlg2.grab().save("/tmp/case_measure_dialog.png")
    dlg2.reject()
