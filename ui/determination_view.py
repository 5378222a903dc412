"""The live determination above the findings form: category, clause, explanation and the facts still missing."""
from __future__ import annotations

import html

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout

from ..core.labels import ZH, clause_label, explanation_text, fact_label, fact_question, term
from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE, ILLEGAL_CATEGORIES, LEGAL, PENDING
from .dock_layout import ElidedLabel
from .fact_editors import _set_style
from .guard import guarded
from .patch_card import ui_lang

# Colours of the determination (the meaning of a category comes from rules.facts).
COLOUR_ILLEGAL = "#c0392b"
COLOUR_LEGAL = "#1e8449"
COLOUR_PENDING = "#d35400"
COLOUR_OTHER = "#1f4e79"


def category_colour(category: str) -> str:
    if category in ILLEGAL_CATEGORIES:
        return COLOUR_ILLEGAL
    if category == LEGAL:
        return COLOUR_LEGAL
    if category == PENDING:
        return COLOUR_PENDING
    return COLOUR_OTHER


class DeterminationView(QFrame):
    """Category (coloured), flags, clause, explanation and missing facts of an Outcome.

    Missing facts are links; clicking one emits ``factRequested(code)``."""
    factRequested = pyqtSignal(str)

    def __init__(self, ruleset=None, parent=None):
        super().__init__(parent)
        self.ruleset = ruleset
        self.outcome = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 1, 1, 1)
        lay.setSpacing(2)
        head = QHBoxLayout()
        self.category_label = ElidedLabel("", self)   # whole when there is room; a narrow dock shortens it
        self.category_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        f = self.category_label.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.category_label.setFont(f)
        self.clause_label = ElidedLabel("", self)   # one line, shortened when narrow (the tooltip has it all)
        self.clause_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.flags_label = ElidedLabel("", self)   # short marks (未备案 …): beside the category, not a line of their own
        self.flags_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # The explanation is a paragraph: shown on demand (remembered), so the facts keep the room on a laptop.
        self.details_btn = QToolButton(self)
        self.details_btn.setAutoRaise(True)
        self.details_btn.setCheckable(True)
        self.details_btn.setToolTip(tr("Show or hide the explanation"))
        self.details_btn.setChecked(bool(QgsSettings().value(self.DETAILS_SETTING, False, type=bool)))
        self.details_btn.setArrowType(Qt.ArrowType.UpArrow if self.details_open() else Qt.ArrowType.DownArrow)
        self.details_btn.toggled.connect(self._details_toggled)
        self.tools = QHBoxLayout()        # room for the tab's own buttons (Save) on the same line
        self.tools.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.category_label)
        head.addWidget(self.flags_label)
        head.addWidget(self.clause_label, 1)
        head.addWidget(self.details_btn)
        head.addLayout(self.tools)
        lay.addLayout(head)
        self.explanation_label = QLabel(self)
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.RichText)
        self.missing_label.linkActivated.connect(self.factRequested)
        self.mineral_label = QLabel(self)
        self.mineral_label.setWordWrap(True)
        for w in (self.explanation_label, self.missing_label, self.mineral_label):
            w.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            lay.addWidget(w)
        self.show_outcome(None)

    DETAILS_SETTING = "wpzf/findings/explanation_open"

    def details_open(self) -> bool:
        return self.details_btn.isChecked()

    @guarded
    def _details_toggled(self, on: bool) -> None:
        QgsSettings().setValue(self.DETAILS_SETTING, on)
        self.details_btn.setArrowType(Qt.ArrowType.UpArrow if on else Qt.ArrowType.DownArrow)
        self.show_outcome(self.outcome)

    def show_outcome(self, outcome) -> None:
        self.outcome = outcome
        if outcome is None:
            self.category_label.setText(tr("No determination"))
            _set_style(self.category_label, "")
            for w in (self.clause_label, self.flags_label, self.explanation_label, self.missing_label,
                      self.mineral_label):
                w.clear()
                w.setVisible(w is self.clause_label)
            self.details_btn.setVisible(False)
            self.category_label.setToolTip("")
            return
        lang = ui_lang()
        self.category_label.setText(term(outcome.category, lang))
        _set_style(self.category_label, f"color: {category_colour(outcome.category)};")
        clause = outcome.clause
        if clause:
            # the clause as the work plan cites it, never its id (core/labels.py)
            titles = self.ruleset.clauses if self.ruleset is not None else None
            self.clause_label.setText(tr("clause {clause}").format(clause=clause_label(clause, lang, titles=titles)))
            self.clause_label.setToolTip(clause_label(clause, lang, long=True, titles=titles))
        else:
            self.clause_label.clear()
        self.flags_label.setText(("；" if lang == ZH else "; ").join(term(f, lang) for f in outcome.flags))
        self.flags_label.setVisible(bool(outcome.flags))
        self.explanation_label.setText(explanation_text(outcome.explanation))
        self.explanation_label.setVisible(bool(outcome.explanation) and self.details_open())
        self.details_btn.setVisible(bool(outcome.explanation))
        self.category_label.setToolTip(self.explanation_label.text())
        missing = list(outcome.missing)
        if outcome.mineral is not None:
            missing += [c for c in outcome.mineral.missing if c not in missing]
        parts = []
        if missing:
            # as the questions still to answer (core/labels.py), each a link to its widget
            links = ("、" if lang == ZH else "; ").join(
                f'<a href="{c}">{html.escape(fact_question(c, lang))}</a>' for c in missing)
            parts.append(tr("Still missing: {facts}").format(facts=links))
        if outcome.invalid:
            names = "、".join(html.escape(fact_label(c, lang)) for c in outcome.invalid if c in FACTS_BY_CODE)
            parts.append(tr("Not understood (read as unknown): {facts}").format(facts=names))
        self.missing_label.setText("<br>".join(parts))
        self.missing_label.setVisible(bool(parts))
        m = outcome.mineral
        if m is not None:
            self.mineral_label.setText(tr("Minerals: {finding}").format(finding=term(m.finding, lang)) + "　" + m.explanation)
        else:
            self.mineral_label.clear()
        self.mineral_label.setVisible(m is not None)

    def missing_codes(self) -> list[str]:
        """The fact codes listed as missing (links), in order."""
        o = self.outcome
        if o is None:
            return []
        out = list(o.missing)
        if o.mineral is not None:
            out += [c for c in o.mineral.missing if c not in out]
        return out
