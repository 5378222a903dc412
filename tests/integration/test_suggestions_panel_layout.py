"""The suggestions panel on a laptop (1366×768: the findings tab is about 560×300 px): unfolding a suggestion's
details keeps its own line with 采纳 in view and shows its reason and source, instead of scrolling the line away."""
import pytest

REASON = ("“建设用地审批”中的建设用地批准红线（批准文号代政地字〔2020〕52号，批准日期2020年10月13日）只覆盖本图斑97.0%，"
          "另有3.0%（0.39亩）在批准红线外，可沿红线分割后分别认定。")
SOURCE = {"kind": "construction_approval", "layer_id": "construction_approval-1", "layer_name": "建设用地审批",
          "fid": 31, "attrs": {"wh": "代政地字〔2020〕52号", "pzrq": "2020-10-13", "pzyt": "工业用地"},
          "area_m2": 8440.0, "share": 0.97}


SLIVER = dict(SOURCE, fid=32, share=0.02)


def suggestion(i, fact, value_text):
    return {"id": i, "fact": fact, "value_text": value_text, "reason": REASON, "sources": [SOURCE, SLIVER],
            "conflict": False, "split": True}


@pytest.fixture
def tab(qgis_app):
    from qgis.core import QgsSettings
    from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget

    from wpzf.ui.suggestions_panel import SuggestionsPanel

    QgsSettings().remove(SuggestionsPanel.OPEN_SETTING)
    w = QWidget()
    w.resize(560, 300)
    lay = QVBoxLayout(w)
    w.panel = SuggestionsPanel(w)
    lay.addWidget(w.panel)
    lay.addWidget(QLabel("the facts form"), 1)
    w.show()
    yield w
    w.close()
    w.deleteLater()


def settle():
    from qgis.PyQt.QtWidgets import QApplication

    for _ in range(10):
        QApplication.processEvents()


def in_view(panel, widget) -> bool:
    """Whether the top line of ``widget`` shows in the panel's scrolling list."""
    vp = panel.scroll.viewport()
    top = widget.mapTo(vp, widget.rect().topLeft()).y()
    line = widget.fontMetrics().height()
    return top >= 0 and top + line <= vp.height()


def test_unfolded_details_keep_the_row_line_in_view(tab):
    panel = tab.panel
    panel.items = [suggestion(1, "YDPF", "是"), suggestion(2, "PZWH", "代政地字〔2020〕52号"),
                   suggestion(3, "PZRQ", "2020年10月13日"), suggestion(4, "HXGX", "超出批准红线")]
    panel._rebuild()
    settle()
    assert len(panel.rows) == 4 and not panel.scroll.isHidden()
    row = panel.rows[0]
    for _ in range(2):   # unfolded, folded and unfolded again (then the details have their size at once)
        row.more.setChecked(True)
        settle()
        assert not row.source.isHidden()
        row.more.setChecked(False)
        settle()
    row.more.setChecked(True)
    settle()
    assert in_view(panel, row.accept_btn) and in_view(panel, row.title)     # 采纳 stays at hand
    assert in_view(panel, row.source)                                       # and the reason starts below it
    assert panel.scroll.height() <= tab.height() // 3                       # the form keeps the most of the tab
    row.more.setChecked(False)
    settle()
    assert panel.scroll.height() <= tab.height() // 4
