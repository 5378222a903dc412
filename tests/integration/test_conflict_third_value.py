"""The conflict dialog decides for a third value — neither the office's nor the field's (issue 16)."""
import pytest

from wpzf.exchange.field_package import export_field_package, import_field_package
from wpzf.store.conflicts import OtherValue, list_conflicts, resolve
from wpzf.store.determinations import save_facts, unit_facts
from wpzf.store.errors import StoreError
from wpzf.tests.exchange.test_field_package import edit
from wpzf.tests.integration.test_field_roundtrip import fid
from wpzf.tests.integration.test_field_roundtrip import ws as ws  # noqa: F401  (fixture)

pytestmark = pytest.mark.qgis


@pytest.fixture
def conflicted(qgis_app, ws, tmp_path):  # noqa: F811
    """Three conflicts on patch A: an enum (SJYT), a yes/no fact (WFGH) and a text (RGSM)."""
    pkg = tmp_path / "pkg"
    save_facts(ws, fid(ws, "A"), {"WFGH": True, "RGSM": "内业原值"}, source="office")
    export_field_package(ws, pkg, township="上馆镇", project=False)
    edit(pkg, "patches", "JCBH = 'A'", {"SJYT": "facility", "WFGH": 0, "RGSM": "外业"})
    save_facts(ws, fid(ws, "A"), {"SJYT": "temporary", "WFGH": None, "RGSM": "内业改"}, source="office")
    report = import_field_package(ws, pkg, save=False)
    assert report.ok and sorted(c["code"] for c in report.conflicts) == ["RGSM", "SJYT", "WFGH"], report.text()
    return ws


def test_the_dialog_enters_a_third_value(conflicted):
    from wpzf.ui.conflict_resolver import ConflictResolverDialog

    ws = conflicted
    dlg = ConflictResolverDialog(ws)
    dlg.resize(1366, 500)
    assert dlg.table.rowCount() == 3
    by_code = {c.code: r for r, c in enumerate(dlg.conflicts)}
    assert all(not dlg.editor(r).isEnabled() for r in by_code.values())   # only once "another value" is chosen
    dlg.enter(by_code["SJYT"], "nonagri")         # neither 临时使用 (office) nor 设施农业 (field)
    dlg.enter(by_code["WFGH"], None)              # back to unknown
    dlg.enter(by_code["RGSM"], "核实后的说明")
    assert dlg.editor(by_code["SJYT"]).isEnabled() and dlg.apply_button.isEnabled()
    assert dlg.grab().save("/tmp/f16_conflict_third.png")
    assert dlg.apply()
    facts = unit_facts(ws, fid(ws, "A"))[0]
    assert facts["SJYT"] == "nonagri" and facts["WFGH"] is None and facts["RGSM"] == "核实后的说明"
    assert {c.code: c.choice for c in list_conflicts(ws, open_only=False)} == {"SJYT": "value", "WFGH": "value", "RGSM": "value"}
    dlg.close()


def test_a_text_fact_may_read_office_when_entered_as_a_value(conflicted):
    ws = conflicted
    c = next(c for c in list_conflicts(ws, open_only=True) if c.code == "RGSM")
    done = resolve(ws, c.id, OtherValue("office"))     # the words, not the office's value
    assert done.choice == "value" and unit_facts(ws, fid(ws, "A"))[0]["RGSM"] == "office"
    bad = next(c for c in list_conflicts(ws, open_only=True) if c.code == "SJYT")
    with pytest.raises(StoreError):
        resolve(ws, bad.id, OtherValue("not-a-use"))
