"""wpzf:prefill_reference: register a reference layer (fields guessed or given), pre-fill, optionally accept every
suggestion; mistakes are one sentence, never a traceback."""
import pytest

from wpzf.store import open_workspace
from wpzf.tests.integration.test_reference_ui import make_workspace, write_approvals


def _kind_index(name):
    from wpzf.rules.reference_kinds import load_kinds

    return [k.id for k in load_kinds().values()].index(name)


@pytest.fixture
def setup(tmp_path, wpzf_provider):
    ws_path = make_workspace(tmp_path)
    return str(ws_path), str(write_approvals(tmp_path / "approvals.gpkg"))


def test_register_guess_and_prefill(setup):
    from qgis import processing

    from wpzf.store.reference import PENDING, reference_layers, suggestions

    ws_path, layer = setup
    res = processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "KIND": _kind_index("construction_approval"),
                                                    "LAYER": layer})
    assert res["REGISTERED"] and res["LAYERS"] == 1 and res["UNITS"] == 2 and res["SUGGESTIONS"] > 0
    assert res["ACCEPTED"] == 0    # off by default: nothing suggested counts as confirmed
    ws = open_workspace(ws_path)
    try:
        regs = reference_layers(ws)
        assert [r["mapping"] for r in regs] == [{"wh": "PZWH", "pzrq": "PZRQ", "pzyt": "YT"}]
        tbid = int(ws.select("wz_patch", ["JCBH"]).query("JCBH == 'R1'")["fid"].iloc[0])
        facts = {s["fact"]: s for s in suggestions(ws, tbid)}
        assert facts["YDPF"]["value"] is True and facts["YDPF"]["state"] == PENDING
        assert facts["PZWH"]["value"] == "晋政地〔2020〕15号"
        assert ws.verify_audit().ok
    finally:
        ws.close()
    # the same layer again, fields given, the complete option off, and every suggestion accepted: the
    # registration is changed (not doubled) and the facts are written and determined
    res = processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "KIND": _kind_index("construction_approval"),
                                                    "LAYER": layer, "FIELDS": "wh=PZWH;批准日期=PZRQ", "COMPLETE": 2,
                                                    "ONLY_THIS_LAYER": True, "ACCEPT_ALL": True})
    assert res["ACCEPTED"] > 0
    ws = open_workspace(ws_path)
    try:
        regs = reference_layers(ws)
        assert len(regs) == 1 and regs[0]["mapping"] == {"wh": "PZWH", "pzrq": "PZRQ"} and not regs[0]["complete"]
        facts = ws.select("wz_fact", ["TBID", "FGID", "YDPF", "PZWH"])
        assert set(facts["PZWH"].dropna()) == {"晋政地〔2020〕15号", "晋政地〔2019〕88号"}
        det = ws.select("wz_patch", ["JCBH", "PDJG"])
        assert det["PDJG"].notna().all()
    finally:
        ws.close()


def test_the_registered_layers_alone_and_one_by_id(setup):
    from qgis import processing

    ws_path, layer = setup
    first = processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "KIND": _kind_index("construction_approval"),
                                                      "LAYER": layer})
    again = processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path})
    assert again["LAYERS"] == 1 and again["SUGGESTIONS"] == 0     # nothing changed: the suggestions are kept
    one = processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "LAYER_ID": first["REGISTERED"]})
    assert one["LAYERS"] == 1


def test_mistakes_are_one_sentence(setup, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    ws_path, layer = setup
    with pytest.raises(QgsProcessingException, match="registered"):
        processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path})        # nothing registered yet
    with pytest.raises(QgsProcessingException, match="kind"):
        processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "LAYER": layer})
    with pytest.raises(QgsProcessingException, match="wh"):
        processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "KIND": _kind_index("construction_approval"),
                                                  "LAYER": layer, "FIELDS": "文号是PZWH"})
    with pytest.raises(QgsProcessingException, match="NOPE"):
        processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "KIND": _kind_index("construction_approval"),
                                                  "LAYER": layer, "FIELDS": "wh=NOPE"})
    with pytest.raises(QgsProcessingException, match="no-such-layer"):
        processing.run("wpzf:prefill_reference", {"WORKSPACE": ws_path, "LAYER_ID": "no-such-layer"})
    ws = open_workspace(ws_path)
    try:
        assert ws.count("wz_refsug") == 0 and ws.verify_audit().ok
    finally:
        ws.close()
