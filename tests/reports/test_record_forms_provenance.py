"""The 核查记录表 says where its pre-filled facts came from (issue 17): facts accepted from one reference source
share a line naming the layer, the feature's 文号 and share, who accepted them and the China date; an override
names what the data suggested and the person's reason. The header prints Chinese dates. The sources of a batch
of forms are read in one query, not one per form."""
import datetime as dt
import re

from wpzf.core.suggestions import Source, Suggestion
from wpzf.reports import render
from wpzf.reports.record_provenance import china_day, provenance_lines
from wpzf.store import reference as ref
from wpzf.store.determinations import save_facts

from .test_no_internal_codes import leaks

LAYER = {"source": "/data/approvals.gpkg|layername=pzhx", "provider": "ogr", "name": "建设用地审批"}
WH = "晋政地字〔2020〕126号"


def approval(lid, fid, share):
    s = (Source("construction_approval", lid, "建设用地审批", fid, {"wh": WH, "pzrq": "2020-06-01"},
                1000.0 * share, share),)
    reason = f"“建设用地审批”中的建设用地批准红线（批准文号{WH}）覆盖本图斑{share:.0%}。"
    return [Suggestion("YDPF", True, s, reason, share_outside=1 - share), Suggestion("PZWH", WH, s, reason),
            Suggestion("PZRQ", dt.date(2020, 6, 1), s, reason),
            Suggestion("HXGX", "inside" if share > 0.99 else "exceeds", s, reason, share_outside=1 - share)]


def prefilled(ws):
    """Patch a: all four facts accepted; patch b: HXGX overridden with a reason, the rest accepted."""
    a, b = ws.fids["a"], ws.fids["b"]
    lid = ref.register_layer(ws, "construction_approval", LAYER, {"wh": "PZWH", "pzrq": "PZRQ"})
    rows = [{"TBID": t, "FGID": None, "YSID": 7, "MJ": 1000.0 * sh, "ZB": sh, "SX": {"wh": WH}}
            for t, sh in ((a, 1.0), (b, 0.9))]
    ref.store_layer_results(ws, lid, [(a, None), (b, None)], rows,
                            {(a, None): approval(lid, 7, 1.0), (b, None): approval(lid, 7, 0.9)}, "fp", source="test")
    ref.accept(ws, a, ids=[s["id"] for s in ref.suggestions(ws, a)], source="test")
    hxgx = next(s for s in ref.suggestions(ws, b) if s["fact"] == "HXGX")
    ref.override(ws, hxgx["id"], "inside", "实地核实超出部分系勾画误差", source="test")
    ref.accept(ws, b, ids=[s["id"] for s in ref.suggestions(ws, b)], source="test")
    return a, b


def test_provenance_lines_of_accepted_and_overridden_facts(ws):
    a, b = prefilled(ws)
    contexts = dict(render.patch_record_contexts(ws, [a, b, ws.fids["c"]]))
    [line] = contexts[a]["units"][0]["sources"]
    assert re.fullmatch(rf"取得建设用地批复、批准文号、批准日期、与批准红线关系：据“建设用地审批”（批准文号{WH}，覆盖100\.0%），"
                        r".*于\d{4}年\d{1,2}月\d{1,2}日采纳", line), line
    accepted, overridden = contexts[b]["units"][0]["sources"]
    assert accepted.startswith(f"取得建设用地批复、批准文号、批准日期：据“建设用地审批”（批准文号{WH}，覆盖90.0%），")
    assert overridden.startswith(f"与批准红线关系：据“建设用地审批”（批准文号{WH}，覆盖90.0%），建议“实际占地超出批准红线”，经")
    assert overridden.endswith("核查改填（理由：实地核实超出部分系勾画误差）")
    assert contexts[ws.fids["c"]]["units"][0]["sources"] == []       # nothing from reference data
    html = render.patch_record_renderer().many(ws, [b])
    text = re.sub(r"<[^>]+>", " ", dict(html)[b])
    assert "事实来源（参考数据）" in text and "实地核实超出部分系勾画误差" in text
    assert not leaks(text) and "construction_approval" not in text


def test_a_fact_changed_by_hand_after_accepting_is_not_credited_to_the_data(ws):
    a, _ = prefilled(ws)
    save_facts(ws, a, {"PZWH": "晋政地字〔2021〕1号"})
    [line] = dict(render.patch_record_contexts(ws, [a]))[a]["units"][0]["sources"]
    assert line.startswith("取得建设用地批复、批准日期、与批准红线关系：据")


def test_grouping_by_source_and_a_fact_without_a_covering_feature():
    when = "2021-05-31T17:30:00.000Z"           # 1:30 on 1 June in China
    base = {"layer_name": "建设用地审批", "state": "已采纳", "handled_by": "张三", "handled_at": when}
    one = [{"kind": "construction_approval", "attrs": {"wh": "A号"}, "share": 0.6},
           {"kind": "construction_approval", "attrs": {"wh": "B号"}, "share": 0.4}]
    other = [{"kind": "temporary_use", "attrs": {"wh": "临字1号"}, "share": 1.0}]
    lines = provenance_lines([
        {**base, "fact": "YDPF", "value": True, "sources": one},
        {**base, "fact": "LSPF", "value": True, "sources": other, "layer_name": "临时用地批复"},
        {**base, "fact": "PZWH", "value": "A号", "sources": one},
        {**base, "fact": "SSBA", "value": False, "sources": [], "layer_name": "设施农业用地备案",
         "reason": "已登记的设施农业用地备案图层“设施农业用地备案”中没有覆盖本图斑的备案。"}])
    assert lines == ["取得建设用地批复、批准文号：据“建设用地审批”（批准文号A号，覆盖60.0%；批准文号B号，覆盖40.0%），"
                     "张三于2021年6月1日采纳",
                     "取得临时用地批复：据“临时用地批复”（文号临字1号，覆盖100.0%），张三于2021年6月1日采纳",
                     "设施农业用地已备案：据已登记的设施农业用地备案图层“设施农业用地备案”中没有覆盖本图斑的备案，"
                     "张三于2021年6月1日采纳"]
    assert china_day(when) == "2021年6月1日" and china_day(None) == ""
    named = provenance_lines([{**base, "handled_by": "op01", "fact": "YDPF", "value": True, "sources": one}],
                             names=lambda login: {"op01": "王明"}.get(login, login))
    assert named[0].endswith("王明于2021年6月1日采纳")   # the person, not the login (store/people.py)


def test_header_dates_are_chinese(ws):
    a = ws.fids["a"]
    context = render.patch_record_context(ws, a)
    assert context["p"]["XFRQ"] == "2021年5月6日"
    for key in render.HEADER_DATES:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", context["p"][key]), key
    html = render.render_patch_record(ws, a)
    assert "下发日期：2021年5月6日" in html and "2021-05-06" not in html


def test_the_sources_of_a_batch_are_one_query(ws, monkeypatch):
    prefilled(ws)
    fids = [int(f) for f in ws.select("wz_patch", [])["fid"]]
    seen = []
    fetch = ws._fetch

    def counting(sql, *args, **kw):
        if "wz_refsug" in sql:
            seen.append(sql)
        return fetch(sql, *args, **kw)

    monkeypatch.setattr(ws, "_fetch", counting)
    assert len(dict(render.patch_record_contexts(ws, fids))) == len(fids) == 3
    assert len(seen) == 1
