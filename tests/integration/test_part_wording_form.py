"""The findings form's live determination of a part words it as the stored one does: 本地块（图斑按实际占地分割后的
第N块）, and for a part outside an approval's red line the 附件4第七条 sentence naming the approval."""

import pytest

from wpzf.rules import load_ruleset
from wpzf.store.determinations import determine_patches, unit_facts
from wpzf.tests.store.test_part_explanations import SEVEN, split_by_hand_past_the_red_line, ws  # noqa: F401

pytestmark = pytest.mark.qgis


def test_the_live_text_of_a_part_is_the_stored_text(qgis_app, ws):  # noqa: F811
    from wpzf.ui.facts_defaults import unit_context
    from wpzf.ui.facts_form import FactsForm

    a, west, east = split_by_hand_past_the_red_line(ws)
    stored = determine_patches(ws, [a], source="test")
    form = FactsForm(load_ruleset(2021))
    try:
        for pfid, n in ((west, 1), (east, 2)):
            record, data, reasons, version = unit_facts(ws, a, pfid)
            form.set_record(record, data, reasons, version, context=unit_context(ws, a, pfid))
            text = form.outcome.explanation
            assert text.startswith(f"本地块（图斑按实际占地分割后的第{n}块）") and SEVEN in text
            assert text == stored.loc[f"{a}-{n}", "PDYJSM"]
        assert "晋政地字〔2020〕126号的批准红线以外" in text
    finally:
        form.close()
        form.deleteLater()
