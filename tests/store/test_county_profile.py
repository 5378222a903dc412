"""The county profile (issue 17 item 4): county-wide facts set once, with their basis, audited, and the default of
every unit whose own value is unknown — so no patch is 待定 for a question the county answers once."""
import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.rules.facts import COUNTY_FACTS, FACTS
from wpzf.store import StoreError, create_workspace
from wpzf.store.county_profile import KEY, county_defaults, county_profile, set_county_profile
from wpzf.store.determinations import determine_patches, fact_frame, save_facts, unit_facts, unit_records
from wpzf.store.parts import split_patch
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS
from wpzf.tests.exchange.corpus import _square, write_shp

BASIS = "国务院扶贫开发领导小组公布的深度贫困县名单未列代县（晋扶组〔2018〕1号）"
# new construction without approval: decided only once SDPK (位于国家级深度贫困地区) is known
UNAPPROVED = {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False}


@pytest.fixture
def ws(tmp_path):
    base = {"XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "YJJBNTMJ": 0.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0,
            "SFSK": "否"}
    rows = [{**base, "JCBH": "A", "GDMJ": 3.0, "NYDMJ": 3.0, "wkt": _square(0)},
            {**base, "JCBH": "B", "GDMJ": 2.0, "NYDMJ": 2.0, "wkt": _square(1)}]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    yield w
    w.close()


def fids(ws):
    df = ws.select("wz_patch", ["JCBH"])
    return dict(zip(df["JCBH"], df["fid"].astype(int)))


def test_the_contract_marks_county_wide_facts():
    assert COUNTY_FACTS == ("SDPK",)
    assert all(not (f.derivable or f.derived) for f in FACTS if f.scope == "county")


def test_a_patch_without_its_own_answer_takes_the_county_answer_and_is_not_pending(ws):
    a = fids(ws)["A"]
    save_facts(ws, a, UNAPPROVED)
    assert determine_patches(ws, [a]).loc[str(a), "PDJG"] == "待定"        # SDPK unknown: the question stays open
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS}, source="test")
    res = determine_patches(ws, [a])
    assert res.loc[str(a), "PDJG"] == "新增建设用地违法" and "SDPK" not in (res.loc[str(a), "QSSS"] or "")
    assert "不位于国家级深度贫困地区" in res.loc[str(a), "PDYJSM"]
    rec = next(r for r in unit_records(ws, [a]))
    assert rec["SDPK"] is False and rec["_county"] == ["SDPK"]
    assert unit_facts(ws, a)[0]["SDPK"] is False                            # the findings form sees it too
    assert "_county" not in fact_frame(ws).columns


def test_the_units_own_value_wins_over_the_profile(ws):
    a, b = fids(ws)["A"], fids(ws)["B"]
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS})
    save_facts(ws, a, {**UNAPPROVED, "SDPK": True, "BBBJ": False})
    save_facts(ws, b, UNAPPROVED)
    res = determine_patches(ws, [a, b])
    assert res.loc[str(a), "PDGZ"] == "A4.6-not-build-while-applying"      # its own 是
    assert res.loc[str(b), "PDGZ"] == "default-unapproved"                  # the county's 否
    recs = {r["TBID"]: r for r in unit_records(ws, [a, b])}
    assert recs[a]["SDPK"] == 1 and recs[a]["_county"] == []
    # the office's own facts, without the profile (what field packages and conflicts compare)
    own = {r["TBID"]: r for r in unit_records(ws, [a, b], county=False)}
    assert own[a]["SDPK"] == 1 and own[b]["SDPK"] is None


def test_a_part_inherits_the_county_answer_unless_it_has_its_own(ws):
    from shapely.geometry import box

    a = fids(ws)["A"]
    geom = ws.get("wz_patch", a, geometry=True)["geom"]
    x0, y0, x1, y1 = geom.bounds
    mid = (x0 + x1) / 2
    p1, p2 = split_patch(ws, a, [box(x0, y0, mid, y1), box(mid, y0, x1, y1)])
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS})
    save_facts(ws, a, UNAPPROVED)
    save_facts(ws, a, {"SDPK": True, "BBBJ": True, "JSRQ": "2020-06-01"}, fgid=p2)
    recs = {r["FGID"]: r for r in unit_records(ws, [a])}
    assert recs[p1]["SDPK"] is False and recs[p1]["_county"] == ["SDPK"]
    assert recs[p2]["SDPK"] == 1 and recs[p2]["_county"] == []


def test_a_basis_is_required_and_only_county_wide_facts_are_accepted(ws):
    with pytest.raises(StoreError, match="basis"):
        set_county_profile(ws, {"SDPK": False}, {})
    with pytest.raises(StoreError, match="basis"):
        set_county_profile(ws, {"SDPK": False}, {"SDPK": "   "})
    with pytest.raises(StoreError, match="county-wide"):
        set_county_profile(ws, {"YDPF": False}, {"YDPF": BASIS})
    with pytest.raises(StoreError):
        set_county_profile(ws, {"SDPK": "也许"}, {"SDPK": BASIS})
    assert county_profile(ws)["facts"] == {} and ws.meta_get(KEY) is None
    assert not ws.audit_records("wz_meta", KEY)


def test_every_change_is_audited_with_its_basis_who_and_when(ws):
    set_county_profile(ws, {"SDPK": "否"}, {"SDPK": BASIS}, source="test")
    p = county_profile(ws)
    assert p["facts"] == {"SDPK": False} and p["basis"] == {"SDPK": BASIS} and p["text"] == {"SDPK": "否"}
    assert p["set_by"]["SDPK"] == ws.actor.username and p["set_at"]["SDPK"]
    assert p["aliases"]["SDPK"] == "位于国家级深度贫困地区"
    (rec,) = ws.audit_records("wz_meta", KEY)
    assert rec["action"] == "update" and rec["source"] == "test"
    assert rec["changes"]["SDPK"] == [None, False] and rec["changes"]["SDPK:basis"] == [None, BASIS]
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS})                # unchanged: nothing written
    assert len(ws.audit_records("wz_meta", KEY)) == 1
    set_county_profile(ws, {"SDPK": True}, {"SDPK": "省扶贫办2019年复核"})
    last = ws.audit_records("wz_meta", KEY)[-1]
    assert last["changes"]["SDPK"] == [False, True] and last["changes"]["SDPK:basis"] == [BASIS, "省扶贫办2019年复核"]
    assert county_defaults(ws) == {"SDPK": True}
    set_county_profile(ws, {"SDPK": None}, {"SDPK": "名单撤销，逐图斑核实"})  # cleared, also audited
    assert county_defaults(ws) == {} and ws.audit_records("wz_meta", KEY)[-1]["changes"]["SDPK"] == [True, None]
    assert ws.verify_audit().ok


def test_the_profile_shows_the_rule_sets_dates_read_only(ws):
    fixed = {d["name"]: d for d in county_profile(ws)["fixed"]}
    law = fixed["land_law_effective"]
    assert law["value"] == dt.date(1999, 1, 1) and law["text"] == "1999年1月1日" and law["ruleset"] == "2021"
    assert "土地管理法" in law["label"]
    assert fixed["deep_poverty_cutoff"]["text"] == "2020年12月31日"
    assert all(isinstance(d["value"], dt.date) for d in fixed.values())   # dates only, not thresholds


def test_reading_the_profile_once_per_call(ws, monkeypatch):
    """100k units: the profile is read once per unit_records call, not per unit."""
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS})
    calls = []
    real = ws.meta_get

    def counting(key, default=None):
        calls.append(key)
        return real(key, default)

    monkeypatch.setattr(ws, "meta_get", counting)
    assert len(unit_records(ws)) == 2 and calls.count(KEY) == 1


# --- facts suggested by reference data but not confirmed ------------------------------------------------

@pytest.fixture
def pending(monkeypatch):
    """store.reference.pending_facts, as the determinations read it, answering from a dict."""
    import wpzf.store.determinations as det

    answers: dict = {}

    def pending_facts(ws, fids=None):
        return {k: v for k, v in answers.items() if fids is None or k[0] in fids}

    monkeypatch.setattr(det, "pending_facts", pending_facts)
    return answers


def test_pending_confirmations_are_named_and_count_as_missing_not_as_facts(ws, pending):
    a, b = fids(ws)["A"], fids(ws)["B"]
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS})
    save_facts(ws, a, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none"})
    save_facts(ws, b, UNAPPROVED)
    pending[(a, None)] = {"YDPF": {"value": True, "value_text": "是", "reason": "批准红线覆盖本图斑"},
                          "PZWH": {"value": "晋政地字〔2020〕45号", "value_text": "晋政地字〔2020〕45号", "reason": "…"}}
    pending[(b, None)] = {"YDPF": {"value": True, "value_text": "是", "reason": "…"}}   # conflicts with 否
    res = determine_patches(ws, [a, b])
    ra, rb = res.loc[str(a)], res.loc[str(b)]
    assert ra["PDJG"] == "待定"                                             # a suggestion is not a fact
    assert ra["PDYJSM"].endswith("待确认：是否取得建设用地批复（参考数据建议：是）；批准文号（参考数据建议：晋政地字〔2020〕45号）。")
    assert ra["QSSS"].split(",") == ["YDPF", "PZWH"]
    assert rb["PDJG"] == "新增建设用地违法"                                 # the confirmed 否 decides …
    assert "待确认：是否取得建设用地批复（已填写：否；参考数据建议：是）。" in rb["PDYJSM"]   # … the conflict is named
    assert "YDPF" not in (rb["QSSS"] or "")
    stored = ws.select("wz_determ", ["TBID", "PDYJSM"]).set_index("TBID")
    assert stored.loc[a, "PDYJSM"] == ra["PDYJSM"]


def test_an_accepted_suggestion_is_no_longer_named(ws, pending):
    a = fids(ws)["A"]
    save_facts(ws, a, {**UNAPPROVED, "SDPK": False, "YDPF": True, "HXGX": "inside", "PZWH": "晋政地字〔2020〕45号",
                       "PZRQ": "2020-05-03"})
    pending[(a, None)] = {"YDPF": {"value": True, "value_text": "是", "reason": "…"}}   # same value as confirmed
    res = determine_patches(ws, [a])
    assert res.loc[str(a), "PDJG"] == "合法用地" and "待确认" not in res.loc[str(a), "PDYJSM"]
    assert "依据批准文号晋政地字〔2020〕45号（2020年5月3日批准）" in res.loc[str(a), "PDYJSM"]


def test_suggestions_of_a_registered_layer_are_named_until_accepted(ws):
    """End to end with store.reference: a suggestion is stored 待确认, the determination names it (and stays
    待定: it is not a fact); accepted, it is a fact and the legal outcome cites the approval."""
    ref = pytest.importorskip("wpzf.store.reference")
    from wpzf.core.suggestions import Source, Suggestion

    a = fids(ws)["A"]
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS})
    save_facts(ws, a, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "HXGX": "inside"})
    lid = ref.register_layer(ws, "construction_approval", {"source": "/data/approvals.gpkg", "name": "建设用地审批"},
                             {"wh": "PZWH", "pzrq": "PZRQ"})
    src = (Source("construction_approval", lid, "建设用地审批", 7, {"wh": "晋政地字〔2020〕45号"}, 2000.0, 1.0),)
    why = "建设用地审批图层中批准红线（晋政地字〔2020〕45号）覆盖本图斑"
    sugs = [Suggestion("YDPF", True, src, why), Suggestion("PZWH", "晋政地字〔2020〕45号", src, why),
            Suggestion("PZRQ", dt.date(2020, 5, 3), src, why)]
    ref.store_layer_results(ws, lid, [(a, None)], [], {(a, None): sugs}, "fp1")
    res = determine_patches(ws, [a]).loc[str(a)]
    assert res["PDJG"] == "待定"
    assert res["PDYJSM"].endswith("待确认：是否取得建设用地批复（参考数据建议：是）；批准文号（参考数据建议：晋政地字〔2020〕45号）；"
                                  "批准日期（参考数据建议：2020年5月3日）。")
    assert set(res["QSSS"].split(",")) == {"YDPF", "PZWH", "PZRQ"}
    ref.accept(ws, a)
    res = determine_patches(ws, [a]).loc[str(a)]
    assert res["PDJG"] == "合法用地" and "待确认" not in res["PDYJSM"] and not res["QSSS"]
    assert "依据批准文号晋政地字〔2020〕45号（2020年5月3日批准）" in res["PDYJSM"]
