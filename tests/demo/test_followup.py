"""The demo's follow-up step (demo/followup.py) on the three-patch report workspace: a 挂牌督办 with a progress
note, a repeat offender's clue sent to the 纪检监察机关, one 警示约谈, one 制止无效 escalation — all audited, and
the export writing the 督办通知 and the clue letter."""
import datetime as dt

import pytest

pytest.importorskip("qgis.core")

from wpzf.core import escalation as esc_rules  # noqa: E402
from wpzf.core import supervision as sv_rules  # noqa: E402
from wpzf.core.blacklist import Violator  # noqa: E402
from wpzf.core.dates import as_date  # noqa: E402
from wpzf.core.talks import Talk  # noqa: E402
from wpzf.demo.followup import followup_line, open_cases, run_followup  # noqa: E402
from wpzf.reports import supervision as rep  # noqa: E402
from wpzf.store import cases, escalation, registers, talks  # noqa: E402
from wpzf.store import supervision as sv  # noqa: E402
from wpzf.tests.reports.conftest import ws  # noqa: E402,F401  (the fixture)

D = dt.date


@pytest.fixture
def casework(ws):  # noqa: F811
    """Cases for every illegal patch (filed on different days) and one party behind two of them."""
    for n, fid in enumerate(ws.fids[k] for k in "abc"):
        cases.open_unit_case(ws, fid, f"代自然资立〔2021〕{n + 1}号", D(2021, 6, 1 + n))
    registers.add_violator(ws, ws.fids["a"], Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, ws.fids["c"], Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, ws.fids["b"], Violator("李明", "个人"), 2021)
    return ws


def audit_actions(w, table, fid):
    return [r["action"] for r in w.audit_records(table, fid)]


def test_followup_records_each_kind_once_audited(casework):
    w = casework
    top = open_cases(w)[0]
    got = run_followup(w)
    # 挂牌督办 of the largest open case, with its progress note
    (sup_fid, tbid, s), = sv.supervisions(w)
    assert got["supervised"] == s.case == top["JCBH"] and tbid == int(top["TBID"])
    assert s.started == as_date(top["LARQ"]) + dt.timedelta(days=30) and s.deadline > s.started
    assert len(s.notes) == 1 and s.notes[0][0] > s.started and s.doc_no
    assert audit_actions(w, "wz_supervise", sup_fid) == ["create", "update"]
    # the repeat offender's clue, sent to the 纪检监察机关 (李明 has one patch: no clue)
    (clue_fid, clue), = sv.clues(w)
    assert (clue.subject, clue.recipient) == ("宋华（个人）", sv_rules.DISCIPLINE_ORGAN) == (got["clue"],
                                                                                         got["clue_recipient"])
    assert sv_rules.REPEAT in clue.triggers and clue.sent is not None and clue.state == "已移交待反馈"
    assert audit_actions(w, "wz_clue", clue_fid) == ["create"]
    # one talk, with its township named in the summary
    (talk_fid, talk), = talks.all_talks(w)
    assert talk.township == got["talk"] and talk.held == clue.sent and talk.deadline > talk.held
    assert audit_actions(w, "wz_talk", talk_fid) == ["create"]
    # one 制止无效 escalation, of a case in another township than the supervised one
    reg = escalation.escalation_table(w, D(2021, 12, 1))
    assert reg["监测编号"].tolist() == [got["escalated"]] and got["escalated"] != got["supervised"]
    assert reg["情形"].tolist() == [esc_rules.STOP_FAILED] and reg["上报原因"].tolist() == [esc_rules.MAJOR]
    patches = w.select("wz_patch", ["JCBH", "XZMC"])
    place = dict(zip(patches["JCBH"], patches["XZMC"]))
    assert place[got["escalated"]] != place[got["supervised"]]
    assert audit_actions(w, "wz_escal", int(w.select("wz_escal")["fid"].iloc[0])) == ["create"]
    assert w.verify_audit().ok
    line = followup_line(got)
    assert line.startswith(f"1 case under 督办 ({got['supervised']}") and "1 clue sent to 纪检监察机关" in line


def test_an_existing_talk_is_not_doubled(casework):
    talks.record_talk(casework, Talk("聂营镇", D(2021, 7, 2), "副县长、镇长", "拆除复耕", D(2021, 8, 1)))
    got = run_followup(casework)
    assert got["talk"] is None and got["talks"] == 1 and len(talks.all_talks(casework)) == 1
    assert "1 talk(s) already recorded" in followup_line(got)


def test_no_open_case_no_records(ws):  # noqa: F811
    assert run_followup(ws)["supervised"] is None
    assert ws.count("wz_supervise") == ws.count("wz_clue") == ws.count("wz_escal") == ws.count("wz_talk") == 0


def test_export_writes_the_notice_and_the_letter(casework, tmp_path, qgis_app):
    got = run_followup(casework)
    names = sorted(str(p.relative_to(tmp_path)) for p in rep.write_documents(casework, tmp_path, D(2021, 12, 1)))
    assert [n for n in names if n.startswith("督办通知/")] == [
        f"督办通知/督办通知_{got['supervised']}_代卫片办督_2021_1号.pdf"]
    assert [n for n in names if n.startswith("线索移交函/")] == ["线索移交函/线索移交函_纪检监察机关_代自然资函_2021_901号.pdf"]
