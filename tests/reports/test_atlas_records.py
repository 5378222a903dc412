"""The patch map's printed fields (reports/atlas_records.py)."""
from wpzf.rules.facts import PENDING


def test_a_pending_patch_map_names_its_open_clause_not_as_the_one_applied(ws):
    """图斑核查图's 依据条款 of a 待定 patch: no clause was applied; the map says which one's question is open."""
    from wpzf.reports.atlas_records import atlas_records
    from wpzf.store.determinations import determine_patches, save_facts

    a = ws.fids["a"]
    with ws.transaction():
        ws._exec('DELETE FROM wz_fact WHERE "TBID" = ?', (a,))   # (no facts: 待定 with its questions open)
    save_facts(ws, a, {"BHLX": "new_build"}, source="test")
    res = determine_patches(ws, [a])
    assert res["PDJG"].iloc[0] == PENDING
    rec = atlas_records(ws, [a])[0]
    text = rec["PDTK"].replace("\n", "")
    assert text.startswith("尚未适用（待认定事项涉及")
    # the record form says the same of it
    from wpzf.reports import render

    d = render.patch_record_context(ws, a)["determinations"][0]
    assert d["PDJG"] == PENDING and d["PDTK"].startswith("尚未适用（待认定事项涉及")
