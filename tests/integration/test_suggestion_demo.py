"""tools/suggestion_demo.py (the copy of the demo for the suggestions screenshot): in the copy, the patch an
approval covers only partly has its accepted facts withdrawn through the store and pre-filled again, so that they
await confirmation with the split offered; the demo's own workspace stays as it was."""
import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def tool():
    spec = importlib.util.spec_from_file_location("suggestion_demo", ROOT / "tools" / "suggestion_demo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def states(path):
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        return sorted(con.execute('SELECT "TBID", "SSDM", "JYZ", "ZT" FROM wz_refsug').fetchall())
    finally:
        con.close()


def test_the_copy_has_the_partly_approved_patch_pending_and_the_demo_is_untouched(tmp_path, qgis_new_project):
    from wpzf.exchange.prefill import prefill
    from wpzf.exchange.reference_layers import guess_mapping
    from wpzf.store import open_workspace
    from wpzf.store import reference as ref
    from wpzf.tests.integration.test_reference_ui import make_workspace, write_approvals

    demo = tmp_path / "demo"
    demo.mkdir()
    approvals = write_approvals(demo / "参考数据.gpkg")
    shutil.move(str(make_workspace(tmp_path)), demo / "workspace.gpkg")
    (demo / "demo.qgz").write_bytes(b"project")
    ws = open_workspace(str(demo / "workspace.gpkg"))
    ref.register_layer(ws, "construction_approval",
                       {"source": f"{approvals}|layername=审批红线", "provider": "ogr", "name": "审批红线"},
                       guess_mapping("construction_approval", ["PZWH", "PZRQ", "YT"]))
    prefill(ws, source="test")
    ref.accept_all(ws, source="test")
    patches = ws.select("wz_patch", ["JCBH"])
    partly = int(patches.loc[patches["JCBH"] == "R2", "fid"].iloc[0])
    ws.close()
    before = states(demo / "workspace.gpkg")
    assert before and {s[3] for s in before} == {ref.ACCEPTED}

    mod = tool()
    copy = mod.make_copy(demo, tmp_path / "build" / "copy")
    assert (copy / "参考数据.gpkg").is_symlink() and not (copy / "workspace.gpkg").is_symlink()
    chosen = mod.prepare(copy, demo)
    assert chosen["fid"] == partly and chosen["partly"] and chosen["split_offered"]
    assert set(chosen["pending"]) == set(chosen["cleared"]) and "YDPF" in chosen["pending"]
    ws = open_workspace(str(copy / "workspace.gpkg"))
    try:
        pending = ref.suggestions(ws, partly)
        assert {s["fact"] for s in pending if s["fact"]} == set(chosen["pending"])
        assert ws.verify_audit().ok                       # withdrawn through the store, audited
    finally:
        ws.close()
    assert states(demo / "workspace.gpkg") == before     # the demo itself is never changed
    # made again over the earlier copy; a folder it did not make is refused, not emptied
    assert mod.make_copy(demo, copy) == copy.resolve()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    with pytest.raises(SystemExit):
        mod.make_copy(demo, other)
    assert (other / "notes.txt").exists()
