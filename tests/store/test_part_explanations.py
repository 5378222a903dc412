"""A part's determination explanation (wz_determ.PDYJSM) names the part, not the patch: 本地块（图斑按实际占地分割后的
第N块）. A patch split along an approval's red line (附件4第七条, 按实际占地分割认定) — by store/reference_split.py or by
hand when the patch was recorded as exceeding the red line — gives each part a sentence citing 附件4第七条; the
outside part names the approval (文号) it lies outside of."""
import datetime as dt

import pytest
from shapely.geometry import box

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules.templates import PART_KEY as PART
from wpzf.store import create_workspace
from wpzf.store import reference as ref
from wpzf.store.determinations import determine_patches, save_facts, unit_records
from wpzf.store.parts import split_patch
from wpzf.tests.exchange.corpus import write_shp
from wpzf.tests.rules.test_explanations import leaks
from wpzf.tests.store.test_reference import LAYER, PATCHES, approval, fids, run

FACTS = {"XZJSYD": False, "BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "SDPK": False, "GDMJ": 0.5,
         "YJJBNTMJ": 0.0}
REASONS = {"XZJSYD": "实地核查", "GDMJ": "实地核查", "YJJBNTMJ": "实地核查"}
MEASURED = {"XZJSYD": False, "GDMJ": 0.5, "YJJBNTMJ": 0.0}   # a part's own overlay facts (what its data gives)
SEVEN = "附件4第七条（按实际占地分割认定）"


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg")
    rows = [{"JCBH": f"P{i}", "wkt": g.wkt} for i, g in enumerate(PATCHES)]
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    yield w
    w.close()


def texts(ws, tbid) -> dict:
    det = ws.select("wz_determ", ["TBID", "FGID", "PDYJSM", "PDTK"], where=f'"TBID" = {ws.ph}', params=(tbid,))
    return {(None if f is None or f != f else int(f)): (t, k) for f, t, k in zip(det["FGID"], det["PDYJSM"], det["PDTK"])}


def test_parts_split_along_the_red_line_say_which_part_and_cite_clause_seven(ws):
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH", "pzrq": "PZRQ"})
    a, b = fids(ws)[:2]
    run(ws, lid, {(a, None): approval(lid, 7, share=0.375, split=True)})
    parts = ref.split_along_redline(ws, a, geometries={7: box(112.99, 38.99, 113.0015, 39.01)}, source="test")
    for pfid in parts:
        ref.accept(ws, a, pfid)
        save_facts(ws, a, MEASURED, REASONS, fgid=pfid, source="test")
    for tbid in (a, b):
        save_facts(ws, tbid, {**FACTS, "YDPF": None if tbid == a else False}, REASONS, source="test")
    determine_patches(ws, [a, b], source="test")
    got = texts(ws, a)
    by_side = {rec[PART]["redline"]: rec for rec in unit_records(ws, [a])}
    inside, outside = by_side["inside"]["FGID"], by_side["outside"]["FGID"]
    n_in, n_out = by_side["inside"][PART]["number"], by_side["outside"][PART]["number"]
    out_text, out_clauses = got[outside]
    assert out_text.startswith(f"本地块（图斑按实际占地分割后的第{n_out}块）现状地类不全为建设用地")
    assert "未依法取得建设用地批复" in out_text and "本地块不位于国家级深度贫困地区" in out_text
    assert "本地块位于豫政土〔2020〕12号的批准红线以外" in out_text and SEVEN in out_text
    assert out_clauses == "default、A4.7"
    in_text, _ = got[inside]
    assert in_text.startswith(f"本地块（图斑按实际占地分割后的第{n_in}块）实际用于非农业建设，已依法取得建设用地批复")
    assert "本地块位于豫政土〔2020〕12号的批准红线以内" in in_text and SEVEN in in_text
    whole, clauses = texts(ws, b)[None]          # an unsplit patch keeps 图斑 and cites no 第七条
    assert whole.startswith("图斑现状地类不全为建设用地") and "本地块" not in whole and "第七条" not in whole
    assert clauses == "default"
    for t, _ in got.values():
        assert not leaks(t), t


def split_by_hand_past_the_red_line(ws) -> tuple[int, int, int]:
    """The first patch, approved but exceeding its red line, split by hand into a west part inside and an east part
    outside it; returns (patch, west, east)."""
    a = fids(ws)[0]
    save_facts(ws, a, {**FACTS, "YDPF": True, "HXGX": "exceeds", "PZWH": "晋政地字〔2020〕126号",
                       "PZRQ": dt.date(2020, 6, 1)}, REASONS, source="test")
    g = PATCHES[0]
    x = g.bounds[0] + 0.0015
    west, east = split_patch(ws, a, [g.intersection(box(0, 0, x, 90)), g.intersection(box(x, 0, 180, 90))],
                             source="test")
    save_facts(ws, a, {**MEASURED, "HXGX": "inside"}, REASONS, fgid=west, source="test")
    save_facts(ws, a, {**MEASURED, "YDPF": False, "HXGX": None}, REASONS, fgid=east, source="test")
    return a, west, east


def test_a_patch_split_by_hand_after_exceeding_the_red_line(ws):
    a, west, east = split_by_hand_past_the_red_line(ws)
    determine_patches(ws, [a], source="test")
    got = texts(ws, a)
    assert got[west][0].startswith("本地块（图斑按实际占地分割后的第1块）实际用于非农业建设，已依法取得建设用地批复，"
                                   "依据批准文号晋政地字〔2020〕126号")
    assert "本地块位于晋政地字〔2020〕126号的批准红线以内" in got[west][0] and SEVEN in got[west][0]
    assert got[east][0].startswith("本地块（图斑按实际占地分割后的第2块）现状地类不全为建设用地")
    assert "本地块位于晋政地字〔2020〕126号的批准红线以外" in got[east][0]
    assert got[east][1] == "default、A4.7"


def test_a_part_of_a_patch_split_for_another_reason_cites_no_red_line(ws):
    a = fids(ws)[0]
    save_facts(ws, a, {**FACTS, "YDPF": False}, REASONS, source="test")
    g = PATCHES[0]
    x = g.bounds[0] + 0.002
    for pfid in split_patch(ws, a, [g.intersection(box(0, 0, x, 90)), g.intersection(box(x, 0, 180, 90))],
                            source="test"):
        save_facts(ws, a, MEASURED, REASONS, fgid=pfid, source="test")
    determine_patches(ws, [a], source="test")
    for text, clauses in texts(ws, a).values():
        assert text.startswith("本地块（图斑按实际占地分割后的第") and "红线" not in text and clauses == "default"



