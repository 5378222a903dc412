"""A scope as patch ids, which patches get a 核查记录表, and the settings a workspace remembers."""
from wpzf.core.scope import PATCH, SELECTION, Scope
from wpzf.store.scope import patches_with_findings, record_form_fids, scope_fids
from wpzf.store.settings import algorithm_inputs, imagery, layer_ref, remember_inputs, set_imagery
from wpzf.tests.reports import conftest as report_fixtures

ws = report_fixtures.ws


def test_scope_fids(ws):
    a, b, c = ws.fids["a"], ws.fids["b"], ws.fids["c"]
    assert scope_fids(ws, Scope()) is None and scope_fids(ws, None) is None        # the county: no filter
    assert scope_fids(ws, Scope.of_township("上馆镇")) == [a]                    # c's township was overwritten
    assert scope_fids(ws, Scope.of_township("聂营镇")) == [b]
    assert scope_fids(ws, Scope.of_township("没有的镇")) == []
    assert scope_fids(ws, Scope.of_patches([c, a, 999])) == sorted([a, c])       # unknown fids drop out
    assert scope_fids(ws, Scope.of_patches([b], SELECTION)) == [b]
    assert scope_fids(ws, Scope.of_patches([], PATCH)) == []


def _clear_findings(ws, fid):
    facts = ws.select("wz_fact", ["TBID"], where=f'"TBID" = {ws.ph}', params=(fid,))
    with ws.transaction():
        for rid in facts["fid"]:
            ws.delete("wz_fact", int(rid))


def test_record_forms_only_for_patches_with_findings(ws):
    from wpzf.store.determinations import determine_patches

    a, b, c = ws.fids["a"], ws.fids["b"], ws.fids["c"]
    assert patches_with_findings(ws) == {a, b, c}
    _clear_findings(ws, c)
    determine_patches(ws)                       # c is determined again, without findings
    assert ws.get("wz_patch", c)["PDJG"] is not None
    assert patches_with_findings(ws) == {a, b}
    assert sorted(record_form_fids(ws)) == sorted([a, b])
    assert sorted(record_form_fids(ws, without_findings=True)) == sorted([a, b, c])
    assert record_form_fids(ws, [b, c]) == [b]
    with ws.transaction():
        ws.update("wz_patch", b, {"PDJG": None})
    assert record_form_fids(ws, [b, c], without_findings=True) == [c]     # only determined patches


def test_settings_remembered_in_the_workspace(ws):
    from wpzf.store import open_workspace

    assert imagery(ws) == {"before": None, "after": None} and algorithm_inputs(ws, "overlay_landuse") == {}
    before, after = layer_ref("/data/before.tif", "gdal", "前时相"), layer_ref("/data/after.tif", "gdal", "后时相")
    audit = ws.meta_get("audit_count")
    assert set_imagery(ws, before, after) and not set_imagery(ws, before, after)   # the second: nothing to write
    remember_inputs(ws, "overlay_landuse", {"LANDUSE": layer_ref("/d/l.gpkg|layername=DLTB", "ogr"), "DLBM": "DL"})
    assert ws.meta_get("audit_count") == audit          # preferences, not records: no audit entries
    again = open_workspace(ws.location)
    try:
        assert imagery(again) == {"before": before, "after": after}
        assert algorithm_inputs(again, "overlay_landuse")["DLBM"] == "DL"
        assert algorithm_inputs(again, "assign_patches") == {}
    finally:
        again.close()
