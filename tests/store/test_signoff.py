"""County sign-off on a GeoPackage: four eyes, what went up, 需重新上报, and the reviews from above."""
import datetime as dt

import pandas as pd
import pytest

from wpzf.core import signoff as rules
from wpzf.exchange.review_import import ReviewFileError, import_reviews
from wpzf.store import Actor, create_workspace, open_workspace, signoff
from wpzf.store.determinations import save_facts
from wpzf.store.queue import QueueFilter, patch_queue
from wpzf.tests.signoff_fixtures import imported, write_layer


@pytest.fixture
def team(tmp_path):
    """The operator records and submits three patches; returns (operator ws, a reviewer ws opener, fids)."""
    path = str(tmp_path / "ws.gpkg")
    op = create_workspace(path, actor=Actor("zhang", "pc-op"))
    fids = imported(op, write_layer(tmp_path / "b.shp", 3), "B1")
    opened = [op]

    def as_(name):
        w = open_workspace(path, actor=Actor(name, "pc-" + name))
        opened.append(w)
        return w

    yield op, as_, fids
    for w in opened:
        w.close()


def test_four_eyes_the_recorder_cannot_pass_and_the_audit_names_the_reviewer(team):
    op, as_, fids = team
    assert signoff.submit(op, fids).done == ["T000", "T001", "T002"]
    with pytest.raises(signoff.SignoffRefused, match="不能审核自己录入的成果"):
        signoff.review(op, fids, rules.PASSED)
    assert set(signoff.units(op)["ZT"]) == {rules.SUBMITTED}   # nothing half-passed
    # somebody who saved a fact of one patch cannot pass that one, even if another operator submitted it
    helper = as_("li")
    save_facts(helper, fids[0], {"RGSM": "补充说明"}, source="test")
    with pytest.raises(signoff.SignoffRefused, match="T000：li录入"):
        signoff.review(helper, fids, rules.PASSED)
    rev = as_("wang")
    assert signoff.review(rev, fids[:2], rules.PASSED).done == ["T000", "T001"]
    recs = [r for r in rev.audit_records("wz_signoff") if r["action"] == "update" and "SHR" in r["changes"]]
    assert {r["username"] for r in recs} == {"wang"} and all(r["changes"]["ZT"][1] == "通过" for r in recs)
    assert rev.verify_audit().ok


def test_a_return_needs_a_reason_and_goes_back_to_the_operators_queue(team):
    op, as_, fids = team
    signoff.submit(op, fids)
    rev = as_("wang")
    with pytest.raises(rules.SignoffError):
        signoff.review(rev, [fids[2]], rules.RETURNED, "  ")
    signoff.review(rev, [fids[2]], rules.RETURNED, "照片未显示现状")
    q = patch_queue(op, QueueFilter(signoff=rules.RETURNED))
    assert list(q["fid"]) == [fids[2]]
    card = signoff.patch_signoff(op, fids[2])[0]
    assert card["SHYJ"] == "照片未显示现状" and card["XTCS"] == 1 and card["TJR"] == "zhang"
    with pytest.raises(signoff.SignoffRefused, match="不在待审核状态"):   # reviewed once; resubmit first
        signoff.review(rev, [fids[2]], rules.PASSED)
    assert signoff.submit(op, [fids[2]]).done == ["T002"]
    assert signoff.review(rev, [fids[2]], rules.PASSED).done == ["T002"]
    after = signoff.units(op, [fids[2]]).iloc[0]   # the pass keeps the return's reason and count as history
    assert (after["ZT"], after["SHYJ"], after["XTCS"]) == (rules.PASSED, "照片未显示现状", 1)
    s = signoff.summary_by_township(op)
    town = s[s["乡镇"] == "上馆镇"].iloc[0]
    assert (town["通过"], town["待审核"], town["退回"]) == (1, 2, 0)


def test_undetermined_patches_are_not_submitted(team, tmp_path):
    op, _as, _fids = team
    more = imported(op, write_layer(tmp_path / "c.shp", 1), "C1")
    save_facts(op, more[0], {"BHLX": None, "YDPF": None}, source="test")
    from wpzf.store.determinations import determine_patches

    determine_patches(op, more)
    out = signoff.submit(op, more)
    assert not out.done and "尚未判定" in out.refused[0]


def _return(op, as_, fids, tmp_path):
    from wpzf.exchange.return_export import export_return

    signoff.submit(op, fids)
    signoff.review(as_("wang"), fids, rules.PASSED)
    return export_return(op, "B1", tmp_path / "out")


def test_a_change_after_the_return_is_marked_for_resubmission(team, tmp_path):
    op, as_, fids = team
    res = _return(op, as_, fids, tmp_path)
    assert res.units == ["T000", "T001", "T002"]
    log = signoff.log_entry(op, res.number)
    assert log["DY"] == res.units and log["CZR"] == "zhang" and int(log["SJTS"]) > 0 and log["SJTOU"]
    assert signoff.resubmission_needed(op).empty
    save_facts(op, fids[1], {"PZWH": "晋政地〔2021〕9号"}, source="test")
    stale = signoff.resubmission_needed(op)
    assert list(stale["key"]) == ["T001"]
    assert list(patch_queue(op, QueueFilter(signoff=rules.RESUBMIT))["fid"]) == [fids[1]]
    assert signoff.mark_resubmission(op) == 1
    assert signoff.units(op, [fids[1]])["SBZT"].item() == rules.RESUBMIT
    # the changed unit no longer goes up as passed until it is reviewed again
    units, held = signoff.passed_units(op, "B1")
    assert list(units["key"]) == ["T000", "T002"] and "T001" in held[0]
    assert signoff.submit(op, [fids[1]]).done == ["T001"]


def test_a_city_return_reopens_with_comment_deadline_and_count(team, tmp_path):
    op, as_, fids = team
    _return(op, as_, fids, tmp_path)
    sheet = pd.DataFrame({"监测编号": ["T000", "T001", "X999", "T002"], "审核结果": ["审核通过", "不通过", "退回", "通过"],
                          "审核意见": ["", "地类认定有误，请补充举证照片", "无此图斑", ""],
                          "整改期限": [None, dt.date(2021, 6, 30), dt.date(2021, 6, 30), None]})
    xlsx = tmp_path / "市级审核.xlsx"
    with pd.ExcelWriter(xlsx) as w:   # a title row above the header, as cities send them
        pd.DataFrame([["忻州市卫片执法审核结果"]]).to_excel(w, index=False, header=False)
        sheet.to_excel(w, index=False, startrow=2)
    rep = import_reviews(op, xlsx, "市级")
    assert rep.result.returned == ["T001"] and sorted(rep.result.passed) == ["T000", "T002"]
    assert any("X999" in p for p in rep.result.problems)
    u = signoff.units(op, [fids[1]]).iloc[0]
    assert u["ZT"] == rules.RETURNED and u["SJYJ"] == "地类认定有误，请补充举证照片" and u["THCS"] == 1
    assert str(u["SJQX"])[:10] == "2021-06-30" and u["SJJB"] == "市级"
    assert list(patch_queue(op, QueueFilter(signoff="上级退回"))["fid"]) == [fids[1]]
    # fixed, resubmitted, passed, sent again; a second return from above counts twice
    save_facts(op, fids[1], {"RGSM": "已补充照片"}, source="test")
    signoff.submit(op, [fids[1]])
    signoff.review(as_("wang"), [fids[1]], rules.PASSED)
    csv = tmp_path / "again.csv"
    csv.write_text("监测编号,审核结果,审核意见,期限\nT001,退回,仍缺照片,2021-07-10\n", encoding="utf-8")
    import_reviews(op, csv, "省级")
    u = signoff.units(op, [fids[1]]).iloc[0]
    assert u["THCS"] == 2 and u["SJJB"] == "省级" and str(u["SJQX"])[:10] == "2021-07-10"
    s = signoff.summary_by_township(op)
    assert s.loc[s["乡镇"] == "合计", "上级退回"].item() == 2
    assert op.verify_audit().ok


def test_a_review_file_without_the_key_column_is_named(team, tmp_path):
    op, _as, _fids = team
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,结论\nT000,通过\n", encoding="utf-8")
    with pytest.raises(ReviewFileError, match="bad.csv.*监测编号"):
        import_reviews(op, bad)
    rows = tmp_path / "rows.csv"
    rows.write_text("监测编号,审核结果,审核意见\nT000,也许,\nT001,退回,\n", encoding="utf-8")
    rep = import_reviews(op, rows)
    assert any("第2行" in p and "也许" in p for p in rep.problems)
    assert any("第3行" in p and "退回须有审核意见" in p for p in rep.result.problems)


def test_a_split_patch_is_signed_off_and_returned_part_by_part(team, tmp_path):
    """Parts are units of their own: keyed 监测编号-分割编号, one platform row each, and a workspace mixing split and
    whole patches still finds every unit (ids are never NaN)."""
    from shapely.geometry import box

    from wpzf.exchange.return_export import export_return
    from wpzf.store.determinations import determine_patches
    from wpzf.store.parts import split_patch

    op, as_, fids = team
    g = op.get("wz_patch", fids[0], geometry=True)["geom"]
    x0, y0, x1, y1 = g.bounds
    mid = (x0 + x1) / 2
    split_patch(op, fids[0], [g.intersection(box(x0, y0, mid, y1)), g.intersection(box(mid, y0, x1, y1))])
    determine_patches(op, fids)
    assert signoff.submit(op, fids).done == ["T000-1", "T000-2", "T001", "T002"]
    units = signoff.units(op)
    assert units["FGID"].map(lambda v: v is None or isinstance(v, int)).all()
    signoff.review(as_("wang"), fids, rules.PASSED)
    res = export_return(op, "B1", tmp_path / "out")
    assert res.units == ["T000-1", "T000-2", "T001", "T002"] and res.patches == 3
    assert signoff.resubmission_needed(op).empty      # nothing changed since: nothing to send again
    save_facts(op, fids[0], {"RGSM": "两部分均补充说明"}, source="test")   # the patch's facts feed both parts
    assert sorted(signoff.resubmission_needed(op)["key"]) == ["T000-1", "T000-2"]


def test_two_reviews_recorded_within_one_second_keep_their_own_numbers(team, tmp_path, monkeypatch):
    op, as_, fids = team
    _return(op, as_, fids, tmp_path)
    monkeypatch.setattr(signoff, "_china_stamp", lambda: "20210701_090000")
    for name, verdict in (("a.csv", "通过"), ("b.csv", "退回")):
        (tmp_path / name).write_text(f"监测编号,审核结果\nT000,{verdict}\n", encoding="utf-8")
        import_reviews(op, tmp_path / name, "市级")
    numbers = [str(n) for n in op.select(signoff.LOG, ["BH"], where=f'"LX" = {op.ph}', params=("市级审核",))["BH"]]
    assert numbers == ["SH-20210701_090000", "SH-20210701_090000-2"]
