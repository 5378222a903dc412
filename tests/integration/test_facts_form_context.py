"""The findings form beside a unit's own facts (issue 17): the live determination names the facts reference
data suggests and nobody has confirmed (as the stored determination does), read once per unit and refreshed
when a suggestion is accepted; a county profile's answer is marked as the county's, and saving the form writes
it into the patch's own facts only when the person changed it."""
import pytest

from wpzf.tests.integration.test_facts_form import choose
from wpzf.tests.integration.test_reference_ui import (  # noqa: F401  (fixtures)
    approvals,
    dock,
    fid_of,
    register_and_prefill,
    show,
)

pytestmark = pytest.mark.qgis

BASIS = "代县不在国家级深度贫困县名单内（晋扶组〔2020〕3号）"


def own_facts(ws, tbid):
    """What the office entered for the patch (no county defaults)."""
    from wpzf.store.determinations import unit_records

    return next(r for r in unit_records(ws, [tbid], county=False) if r["FGID"] is None)


def test_the_live_outcome_names_the_pending_confirmation(dock, approvals, wait_for, monkeypatch):  # noqa: F811
    import wpzf.store.reference as reference
    from wpzf.rules.facts import question

    register_and_prefill(dock, approvals, wait_for)
    panel = show(dock, "R1")
    form = dock.findings.form
    tbid = fid_of(dock.ws, "R1")
    from wpzf.store.determinations import determine_patches

    text = form.outcome.explanation
    assert f"{question('YDPF')}（参考数据建议：是）" in text   # the live outcome names it …
    assert text == determine_patches(dock.ws, [tbid]).loc[str(tbid), "PDYJSM"]   # … as the stored one does
    assert "YDPF" in form.outcome.missing and "YDPF" in form.view.missing_codes()
    assert "待确认" in form.view.category_label.toolTip()
    # read when the unit was loaded, not on every edit
    monkeypatch.setattr(reference, "pending_facts", lambda *a, **k: pytest.fail("read on an edit"))
    choose(form, "RGSM", "现场核实")
    assert "参考数据建议：是" in form.outcome.explanation
    monkeypatch.undo()
    dock.findings.load()   # back to the unit as loaded (the edit discarded)
    assert not form.is_dirty()
    # accepting refreshes it: the accepted fact is no longer awaiting confirmation
    by_fact = {r.suggestion["fact"]: r for r in panel.rows}
    by_fact["YDPF"].accept_btn.click()
    assert form.editors["YDPF"].value() is True and "YDPF" not in form.outcome.missing
    text = form.outcome.explanation
    assert "待确认" in text and question("YDPF") not in text.split("待确认")[1]   # PZWH, PZRQ still await
    panel.accept_all_btn.click()
    assert "待确认" not in form.outcome.explanation


def test_a_county_default_is_marked_and_saved_only_when_changed(dock):  # noqa: F811
    from wpzf.store.county_profile import set_county_profile

    ws = dock.ws
    set_county_profile(ws, {"SDPK": False}, {"SDPK": BASIS}, source="test")
    show(dock, "R1")
    tab, form = dock.findings, dock.findings.form
    tbid = fid_of(ws, "R1")
    mark = form.county_marks["SDPK"]
    assert form.editors["SDPK"].value() is False and not mark.isHidden()
    assert mark.text() in ("县情默认", "county default") and BASIS in mark.toolTip()
    assert form.outcome is not None and "SDPK" not in form.outcome.missing
    # another fact saved: the county's answer stays the county's (not written into the patch's facts)
    choose(form, "RGSM", "现场核实")
    assert "SDPK" not in form.changes()
    assert tab.save()
    own = own_facts(ws, tbid)
    assert own["RGSM"] == "现场核实" and own["SDPK"] is None
    assert not form.county_marks["SDPK"].isHidden()   # reloaded: still the county's answer
    # a different answer for this patch: unmarked while editing, written on save, no longer the county's
    choose(form, "SDPK", True)
    assert form.county_marks["SDPK"].isHidden() and BASIS not in form.editors["SDPK"].toolTip()
    assert tab.save()
    assert own_facts(ws, tbid)["SDPK"] in (True, 1)
    assert form.editors["SDPK"].value() is True and form.county_marks["SDPK"].isHidden()
    # the other patch still takes the county's answer, marked
    show(dock, "R2")
    assert dock.findings.form.editors["SDPK"].value() is False and not dock.findings.form.county_marks["SDPK"].isHidden()
    assert ws.verify_audit().ok


def test_the_open_form_shows_the_county_profile_as_soon_as_it_is_saved(dock):  # noqa: F811
    """The profile saved from its dialog (更多 ▸ 县情设置…) while a patch is open: the form shows the county's
    answer, marked, without the person moving to another patch and back."""
    show(dock, "R1")
    form = dock.findings.form
    assert form.editors["SDPK"].value() is None
    assert "SDPK" not in form.county_marks or form.county_marks["SDPK"].isHidden()
    dock.tool_actions["county"].trigger()
    dlg = dock._county_dlg
    dlg.editors["SDPK"].set_value(False)
    dlg.basis["SDPK"].setText(BASIS)
    dlg.redetermine.setChecked(False)
    assert dlg.save() is True
    form = dock.findings.form
    assert form.editors["SDPK"].value() is False and not form.county_marks["SDPK"].isHidden()
    assert BASIS in form.county_marks["SDPK"].toolTip()
