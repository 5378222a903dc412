"""挂牌督办 and 问题线索移交 (issue 18 items 5, 7): audited registers, the clue criteria on a hand-built
workspace, the 督办通知 and clue letters as PDF, the filing-grade workbook, no internal codes."""
import datetime as dt

import openpyxl
import pytest

from wpzf.core import supervision as core
from wpzf.core.accountability import Thresholds
from wpzf.core.blacklist import Violator
from wpzf.core.criminal import CriminalThresholds
from wpzf.core.talks import Talk
from wpzf.reports import supervision as rep
from wpzf.reports.render import html_to_pdf
from wpzf.store import registers, talks
from wpzf.store import supervision as sv
from wpzf.store.determinations import workspace_accountability
from wpzf.store.migrations import LATEST
from wpzf.store.schema import AUDITED
from wpzf.tests.reports.test_forms import assert_numbered, pages_text
from wpzf.tests.reports.test_no_internal_codes import file_text, leaks

D = dt.date
TODAY = D(2021, 9, 1)
# low thresholds so this three-patch workspace can reach them: 宋华 occupies 1.75 + 2.00 亩 of other cultivated
# land on patches a and c (3.75 ≥ 3.5) while no patch does alone, and 1.25 亩 basic farmland stays under 2
LOW = CriminalThresholds(basic_farmland_mu=2.0, other_cultivated_mu=3.5)


@pytest.fixture
def flagged(ws):
    a, b, c = ws.fids["a"], ws.fids["b"], ws.fids["c"]
    registers.add_violator(ws, a, Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, c, Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, b, Violator("李明", "个人"), 2021)
    talks.record_talk(ws, Talk("上馆镇", D(2021, 7, 2), "副县长、镇长", "拆除复耕", D(2021, 8, 1)))   # overdue on TODAY
    done = talks.record_talk(ws, Talk("聂营镇", D(2021, 7, 2), "副县长、镇长", "拆除复耕", D(2021, 8, 1)))
    talks.complete_talk(ws, done, D(2021, 7, 30), "已复耕")
    return ws


def test_migration_9_tables_are_audited(ws):
    assert ws.schema_version() == LATEST >= 9 and {"wz_supervise", "wz_clue"} <= set(AUDITED)


def test_criteria_pick_exactly_the_right_subjects(flagged):
    inputs = sv.clue_inputs(flagged, TODAY, thresholds=LOW)
    assert [s for s, _ in inputs["criminal"]] == ["宋华（个人）"]
    assert "3.75亩" in inputs["criminal"][0][1] and "1409232021050001、1409232021050003" in inputs["criminal"][0][1]
    assert [s for s, _ in inputs["repeat"]] == ["宋华（个人）"]          # 李明 has one patch only
    assert [s for s, _ in inputs["poor_work"]] == ["上馆镇"]             # 聂营镇 completed its 整改
    assert inputs["accountability"] == []                                # 100 亩 and 15%: far from it
    # with the rule set's thresholds (2021: 5 / 10 亩) nobody is at a criminal threshold
    assert sv.ruleset_thresholds(flagged) == CriminalThresholds(5.0, 10.0)
    assert sv.clue_inputs(flagged, TODAY)["criminal"] == []
    # the county in 问责范围 once the area threshold is low enough
    result = workspace_accountability(flagged, Thresholds(county_mu=1.0, ratio=0.15))
    acc = sv.clue_inputs(flagged, TODAY, accountability=result)["accountability"]
    assert [s for s, _ in acc] == ["代县"] and "纳入问责范围" in acc[0][1]
    got = sv.suggested_clues(flagged, TODAY, thresholds=LOW)
    assert [(s.subject, s.recipient, s.triggers) for s in got] == [
        ("宋华（个人）", core.DISCIPLINE_ORGAN, (core.CRIMINAL, core.REPEAT)),
        ("上馆镇", core.PERSONNEL, (core.POOR_WORK,))]
    # a registered clue is not suggested again
    sv.save_clue(flagged, core.from_suggestion(got[0]))
    assert [s.subject for s in sv.suggested_clues(flagged, TODAY, thresholds=LOW)] == ["上馆镇"]


def test_supervision_register_is_audited_and_followed_to_closing(ws):
    a = ws.fids["a"]
    with pytest.raises(sv.SupervisionError) as e:
        sv.supervise(ws, a, core.Supervision("", "县卫片办", D(2021, 7, 1), None, ""))
    assert e.value.problems == ["未填写责任人", "未填写办结期限"] and ws.count("wz_supervise") == 0
    fid = sv.supervise(ws, a, core.Supervision("", "代县卫片执法工作领导小组办公室", D(2021, 7, 1), D(2021, 8, 1),
                                               "上馆镇镇长王强", "8月1日前拆除复耕", doc_no="代卫片办督〔2021〕1号"))
    sv.add_progress(ws, fid, D(2021, 7, 10), "已下达责令整改通知书")
    with pytest.raises(sv.SupervisionError):
        sv.add_progress(ws, fid, D(2021, 7, 5), "倒填的进展")
    assert sv.supervision_register(ws, D(2021, 8, 2))["状态"].tolist() == [core.OVERDUE]
    sv.close_supervision(ws, fid, D(2021, 8, 5), "已拆除复耕到位")
    with pytest.raises(sv.SupervisionError):
        sv.add_progress(ws, fid, D(2021, 8, 6), "办结后")
    reg = sv.supervision_register(ws, TODAY)
    assert reg.loc[0, ["监测编号", "责任人", "状态", "进展情况"]].tolist() == [
        "1409232021050001", "上馆镇镇长王强", core.CLOSED, "2021-07-10 已下达责令整改通知书"]
    assert [r["action"] for r in ws.audit_records("wz_supervise", fid)] == ["create", "update", "update"]
    clue = sv.save_clue(ws, core.Clue("上馆镇", core.PERSONNEL, "整改逾期", (core.POOR_WORK,)))
    assert sv.save_clue(ws, core.Clue("上馆镇", core.PERSONNEL, "整改逾期", (core.POOR_WORK,), D(2021, 9, 2),
                                      "代自然资函〔2021〕20号")) == clue          # same line, updated
    assert sv.clue_register(ws)["状态"].tolist() == ["已移交待反馈"]
    assert [r["action"] for r in ws.audit_records("wz_clue", clue)] == ["create", "update"]
    assert ws.verify_audit().ok


@pytest.fixture
def documents(flagged):
    fid = sv.supervise(flagged, flagged.fids["a"], core.Supervision(
        "", "代县卫片执法工作领导小组办公室", D(2021, 7, 1), D(2021, 8, 1), "上馆镇镇长王强", "拆除复耕",
        doc_no="代卫片办督〔2021〕1号"))
    sv.add_progress(flagged, fid, D(2021, 7, 10), "已下达责令整改通知书")
    for s in sv.suggested_clues(flagged, TODAY, thresholds=LOW):
        sv.save_clue(flagged, core.from_suggestion(s, D(2021, 9, 2), "代自然资函〔2021〕21号"))
    return flagged


def test_notice_and_letters_render(documents, tmp_path, qgis_app):
    notices = dict(rep.render_supervision_notices(documents))
    assert list(notices) == ["督办通知_1409232021050001_代卫片办督〔2021〕1号"]
    pdf = html_to_pdf(notices["督办通知_1409232021050001_代卫片办督〔2021〕1号"], tmp_path / "n.pdf")
    text = "".join(pages_text(pdf))
    for want in ("关于对违法用地案件实行挂牌督办的通知", "代卫片办督〔2021〕1号", "上馆镇人民政府", "上馆镇镇长王强",
                 "1409232021050001", "2021年8月1日", "2021年7月1日", "(印章)", "抄送:"):
        assert want in text, want
    # dated 7月1日, the notice does not report what happened on 7月10日 (the 督办台账 does)
    assert "已下达责令整改通知书" not in text and "办理进展:" not in text and "注:" not in text
    ctx = rep.supervision_notices_context(documents)[0]
    assert ctx["progress"] == [] and ctx["date"] == "2021年7月1日"
    assert ctx["cc"] and ctx["cc"] != ctx["office"]   # never copied to the office that issues it
    assert "生成时间" not in text and assert_numbered(pdf) == 1
    letters = dict(rep.render_clue_letters(documents, TODAY))
    assert set(letters) == {"线索移交函_纪检监察机关_代自然资函〔2021〕21号", "线索移交函_组织人事部门_代自然资函〔2021〕21号"}
    pdf = html_to_pdf(letters["线索移交函_纪检监察机关_代自然资函〔2021〕21号"], tmp_path / "l.pdf")
    text = "".join(pages_text(pdf))
    for want in ("关于移交卫片执法问题线索的函", "代自然资函〔2021〕21号", "代县纪委监委", "宋华(个人)", "涉嫌犯罪、屡查屡犯",
                 "2021年9月2日", "(印章)"):
        assert want in text, want
    assert assert_numbered(pdf) == 1
    text = "".join(pages_text(html_to_pdf(letters["线索移交函_组织人事部门_代自然资函〔2021〕21号"], tmp_path / "p.pdf")))
    assert "代县委组织部" in text and "上馆镇" in text and "工作不力" in text and "宋华" not in text


def test_workbook_is_a_filing_grade_form_without_codes(documents, tmp_path, qgis_app):
    written = rep.write_documents(documents, tmp_path, TODAY)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    # file names: 〔〕 become _ (core/filenames.py, as for the referral letters)
    assert names == sorted(["挂牌督办与线索移交台账.xlsx", "督办通知/督办通知_1409232021050001_代卫片办督_2021_1号.pdf",
                            "线索移交函/线索移交函_纪检监察机关_代自然资函_2021_21号.pdf",
                            "线索移交函/线索移交函_组织人事部门_代自然资函_2021_21号.pdf"])
    wb = openpyxl.load_workbook(tmp_path / rep.WORKBOOK)
    assert wb.sheetnames == ["挂牌督办台账", "问题线索移交台账"]
    for sheet in wb:
        assert sheet["A1"].value == "代县" + sheet.title and sheet["A1"].font.b
        assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "3:3"
        texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        assert "合计" not in texts and any("审核人" in t for t in texts)
    sup = wb["挂牌督办台账"]
    assert [c.value for c in sup[3]] == sv.SUPERVISION_COLUMNS and sup["B4"].value == "1409232021050001"
    assert isinstance(sup.cell(4, 7).value, dt.datetime)        # 督办日期 a real date
    for path in written:
        assert leaks(file_text(path)) == [], path.name


def test_a_notice_from_the_office_itself_is_copied_to_the_bureau(flagged):
    from wpzf.store.rosters import workspace_roster

    office = workspace_roster(flagged).office.name
    sv.supervise(flagged, flagged.fids["a"], core.Supervision(
        "", office, D(2021, 7, 1), D(2021, 8, 1), "上馆镇镇长王强", "拆除复耕", doc_no="代卫片办督〔2021〕2号"))
    ctx = rep.supervision_notices_context(flagged)[0]
    assert ctx["office"] == office and ctx["cc"] == "代县自然资源局"
