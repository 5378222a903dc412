"""The queue of patches in the dock: its table model and its filter bar."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.cases import STATUSES as CASE_STATUSES
from ..core.deadlines import LEVELS
from ..core.labels import ZH, term
from ..i18n import tr, tr_noop
from ..store.errors import StoreError
from ..store.queue import QUEUE_COLUMNS, QueueFilter, is_reviewed, queue_order, queue_rows
from ..store.schema import STATUSES
from .dock_layout import ElidedLabel, HintScrollArea, fold_button, show_fold
from .guard import guarded
from .patch_card import ui_lang

COLUMNS = (("JCBH", tr_noop("Patch id")), ("PCBH", tr_noop("Batch")), ("JB", tr_noop("Level")),
           ("XZMC", tr_noop("Township")), ("TBMJMU", tr_noop("Area (mu)")), ("ZT", tr_noop("Status")),
           ("PDJG", tr_noop("Determination")), ("HCJZ", tr_noop("Deadline")), ("NPHOTO", tr_noop("Photos")))


PAGE_ROWS = 200        # rows read at once as the queue scrolls
PAGES_KEPT = 40        # pages held (8,000 rows); the least recently shown go first


class PatchTableModel(QAbstractTableModel):
    """The listed patches. ``set_query`` lists a workspace's queue lazily: the order is read at once — fid,
    reviewed or not and the id's length per patch, 13 bytes each — and the rows' text in pages of PAGE_ROWS as
    they are shown, so listing 100k patches reads 100k small tuples, not 100k rows. ``set_frame`` lists a
    DataFrame held in memory (QUEUE_COLUMNS)."""
    columns = COLUMNS   # (code, title) of each column, for the dock's column sizing and menu

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ws = None
        self.queue_filter = None
        self.today_text = ""
        self.lang = ZH
        self._sort = None            # (code, ascending) of a click on a header: kept when the queue is read again
        self._frame = None           # set_frame's DataFrame, or the lazily listed queue once ``df`` was asked for
        self._cells = None           # set_frame: code → list of values (a repaint asks for every visible cell)
        self._pages: OrderedDict[int, list[list]] = OrderedDict()
        self._set_order(np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, np.int32))
        self._listed = False

    def _set_order(self, fids, reviewed, id_lengths) -> None:
        self._fids, self._reviewed, self._id_lengths = fids, reviewed, id_lengths
        self._pages.clear()

    # ---- what is listed ----
    def set_query(self, ws, queue_filter: QueueFilter, today_text: str = "") -> None:
        """List the patches of ``ws`` that match ``queue_filter`` (in the order of the last header click, if any)."""
        order = queue_order(ws, queue_filter, self._sort)   # before the reset: a failed read leaves the list as it was
        self.beginResetModel()
        self.ws, self.queue_filter, self.today_text = ws, queue_filter, today_text
        self._frame = self._cells = None
        self._set_order(order.fids, order.reviewed, order.id_lengths)
        self._listed = True
        self.lang = ui_lang()   # statuses and results are Chinese terms; an English UI shows their English
        self.endResetModel()

    def release(self) -> None:
        """The workspace is closing: rows not read yet are no longer read (they show empty); the order stays."""
        self.ws = None

    def set_frame(self, df, today_text: str = ""):
        """List the rows of ``df`` (QUEUE_COLUMNS), held in memory."""
        self.beginResetModel()
        self.ws = self.queue_filter = None
        self._take_frame(df.reset_index(drop=True))
        self.today_text = today_text
        self._listed = True
        self.lang = ui_lang()
        self.endResetModel()

    def _take_frame(self, df) -> None:
        self._frame = df
        self._cells = {code: df[code].tolist() for code in QUEUE_COLUMNS if code in df.columns}
        self._set_order(df["fid"].to_numpy(dtype=np.int64), np.array([is_reviewed(z) for z in df["ZT"]], dtype=bool),
                        np.array([len(str(v)) if v is not None else 0 for v in df["JCBH"]], dtype=np.int32))

    @property
    def df(self):
        """The listed rows as a DataFrame (QUEUE_COLUMNS), None before anything is listed. A lazily listed queue
        is read whole here, once — for whole-queue work and tests; the dock itself never asks for it."""
        if not self._listed:
            return None
        if self._frame is None:
            rows = queue_rows(self.ws, self._fids.tolist()) if self.ws is not None else {}
            self._frame = pd.DataFrame.from_records(
                [rows[f] if f in rows else (f,) + (None,) * (len(QUEUE_COLUMNS) - 1) for f in self._fids.tolist()],
                columns=QUEUE_COLUMNS)
        return self._frame

    def fids(self) -> list[int]:
        """The listed patches' fids, in the listed order."""
        return self._fids.tolist()

    def value(self, row: int, code: str):
        """The stored value of column ``code`` (QUEUE_COLUMNS) in ``row``."""
        if self._cells is not None:
            return self._cells[code][row]
        page = self._page(row // PAGE_ROWS)
        return page[row % PAGE_ROWS][_POS[code]]

    def _page(self, n: int) -> list[list]:
        page = self._pages.get(n)
        if page is not None:
            self._pages.move_to_end(n)
            return page
        fids = self._fids[n * PAGE_ROWS:(n + 1) * PAGE_ROWS].tolist()
        rows = queue_rows(self.ws, fids) if self.ws is not None else {}
        blank = [None] * len(QUEUE_COLUMNS)    # a patch deleted meanwhile shows empty until the queue is read again
        page = [list(rows[f]) if f in rows else [f, *blank[1:]] for f in fids]
        if self.ws is None:
            return page   # released: not kept
        self._pages[n] = page
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        return page

    def longest_ids(self, limit: int = 50) -> list[str]:
        """A few of the longest 监测编号 listed (digits differ in width: the dock measures these to fit the column)."""
        if not len(self._fids):
            return []
        rows = np.flatnonzero(self._id_lengths >= self._id_lengths.max() - 1)[:limit]
        if self._cells is not None:
            return sorted({str(self._cells["JCBH"][r]) for r in rows})
        found = queue_rows(self.ws, self._fids[rows].tolist())
        return sorted({str(r[_POS["JCBH"]]) for r in found.values()})

    # ---- Qt ----
    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self._fids)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._fids)):
            return None
        code = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                v = self.value(index.row(), code)
            except StoreError:   # the workspace is busy or gone: empty now, the page is read again when shown
                return ""
            if v is None or v != v:
                return ""
            if code in ("ZT", "PDJG") and self.lang != ZH:   # a split patch's results are joined with 、
                return "、".join(term(x, self.lang) for x in str(v).split("、"))
            return f"{v:.2f}" if code == "TBMJMU" else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and code in ("TBMJMU", "NPHOTO"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and code == "HCJZ" and self.today_text \
                and not self._reviewed[index.row()]:
            try:
                v = self.value(index.row(), code)
            except StoreError:
                return None
            if v and v < self.today_text:
                return QColor("#c62828")  # overdue
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section][1])
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder):
        """Sort by a column (a click on its header; -1: the queue's own order, nearest deadline first)."""
        if not len(self._fids):
            return
        ascending = order == Qt.SortOrder.AscendingOrder
        if self._cells is None:
            self._sort = (COLUMNS[column][0], ascending) if column >= 0 else None
            new = queue_order(self.ws, self.queue_filter, self._sort)
            self.layoutAboutToBeChanged.emit()
            self._frame = None
            self._set_order(new.fids, new.reviewed, new.id_lengths)
            self.layoutChanged.emit()
            return
        if column < 0:
            return
        code = COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        self._take_frame(self._frame.sort_values([code, "HCJZ", "JCBH"], ascending=ascending, kind="mergesort",
                                                 na_position="last").reset_index(drop=True))
        self.layoutChanged.emit()

    # ---- the dock's questions ----
    def update_row(self, fid: int, values: dict) -> bool:
        """Change one listed patch in place (after a save) instead of querying the whole queue again."""
        row = self.row_of(fid)
        if row < 0:
            return False
        values = {code: v for code, v in values.items() if code in _POS}
        if self._cells is not None:
            for code, v in values.items():
                if code in self._frame.columns:
                    self._frame.iat[row, self._frame.columns.get_loc(code)] = v
                    if code in self._cells:
                        self._cells[code][row] = v
        else:
            page = self._pages.get(row // PAGE_ROWS)   # a page not held is read afresh when shown
            if page is not None:
                for code, v in values.items():
                    page[row % PAGE_ROWS][_POS[code]] = v
            if self._frame is not None:
                for code, v in values.items():
                    self._frame.iat[row, self._frame.columns.get_loc(code)] = v
        if "ZT" in values:
            self._reviewed[row] = is_reviewed(values["ZT"])
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def fid_at(self, row: int):
        return int(self._fids[row]) if 0 <= row < len(self._fids) else None

    def fids_after(self, row: int, n: int) -> list[int]:
        """The fids of the ``n`` rows after ``row`` (fewer at the end of the list): where "next" steps to."""
        return self._fids[max(row + 1, 0):max(row + 1 + n, 0)].tolist() if row >= 0 else []

    def row_of(self, fid) -> int:
        try:
            hits = np.flatnonzero(self._fids == int(fid))
        except (TypeError, ValueError):
            return -1
        return int(hits[0]) if len(hits) else -1

    def next_unreviewed(self, after_row: int) -> int:
        """The first row after ``after_row`` (wrapping round) whose patch is not reviewed yet; -1 if none."""
        n = len(self._fids)
        if not n:
            return -1
        after = min(max(after_row, -1), n - 1)
        later = np.flatnonzero(~self._reviewed[after + 1:])
        if len(later):
            return int(after + 1 + later[0])
        earlier = np.flatnonzero(~self._reviewed[:after + 1])
        return int(earlier[0]) if len(earlier) else -1

    def counts(self) -> tuple[int, int]:
        """(reviewed, total) of the listed patches."""
        return int(self._reviewed.sum()), len(self._fids)


_POS = {code: i for i, code in enumerate(QUEUE_COLUMNS)}


class FilterBar(QWidget):
    """Batch, level, township, status, determination, deadline, photos and free text.

    One line (a toggle, what is filtered, the search box) over a panel of lists that opens on demand, so the
    queue keeps its rows on a small screen; whether the panel is open is remembered."""
    changed = pyqtSignal()
    SETTING = "wpzf/dock/filters_open"

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(4)
        self.toggle = fold_button(self, tr("Show or hide the filters"), text_beside=True)
        self.summary = ElidedLabel("", self)
        self.clear_btn = QToolButton(self)
        self.clear_btn.setText("✕")
        self.clear_btn.setAutoRaise(True)
        self.clear_btn.setToolTip(tr("Clear the filters"))
        self.clear_btn.clicked.connect(self.clear)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search patch id, township, village"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        line.addWidget(self.toggle)
        line.addWidget(self.summary, 1)
        line.addWidget(self.clear_btn)
        line.addWidget(self.search, 1)
        outer.addLayout(line)
        self.line = line
        self.panel = QWidget(self)
        self.grid = QGridLayout(self.panel)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(3)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)   # never taller than its lists
        # as tall as its lists, but a narrow dock (one column of lists) may squeeze it: then it scrolls
        self.panel_area = HintScrollArea(self.panel, self)
        outer.addWidget(self.panel_area)
        self.batch = QComboBox(self)
        lang = ui_lang()   # the values stay the stored Chinese terms; the text is the UI's language
        self.level = self._combo([(tr("All levels"), None)] + [(term(lv, lang), lv) for lv in LEVELS])
        self.status = self._combo([(tr("All statuses"), None)] + [(term(s, lang), s) for s in STATUSES])
        self.township = QComboBox(self)
        self.village = QComboBox(self)
        self.determination = QComboBox(self)
        self.deadline = self._combo([(tr("Any deadline"), None), (tr("Overdue"), "overdue"),
                                     (tr("Due within 3 days"), 3), (tr("Due within 7 days"), 7)])
        self.photos = self._combo([(tr("With or without photos"), None), (tr("With photos"), True),
                                   (tr("Without photos"), False)])
        self.leader = QComboBox(self)
        self.sampled = self._combo([(tr("Sampled or not"), None), (tr("Sampled for review"), True),
                                    (tr("Not sampled"), False)])
        self.case = self._combo([(tr("Any case status"), None), (tr("No case yet"), "")]
                                + [(term(s, lang), s) for s in CASE_STATUSES])
        from .signoff import filter_items  # sign-off state (审核验收): 待审核 / 退回 / 通过 …
        self.signoff = self._combo(filter_items())
        self.combos = (self.batch, self.level, self.status, self.township, self.village, self.determination,
                       self.deadline, self.photos, self.leader, self.sampled, self.case, self.signoff)
        for w in self.combos:
            w.setParent(self.panel)
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(1)   # the width comes from _fit_combo, not from the longest village name
            w.currentIndexChanged.connect(self._changed)
            self._fit_combo(w)
        self.search.textChanged.connect(self._changed)
        self._columns = 0
        self._lay_out(0)
        self.toggle.toggled.connect(self._show_panel)
        self.set_expanded(bool(QgsSettings().value(self.SETTING, False, type=bool)), remember=False)
        self._update_summary()

    # ---- the one line and the panel ----
    def add_to_line(self, widget, stretch: int = 0, before_search: bool = False) -> None:
        """Put another widget on the filter line (the dock's counts and queue buttons): at its end, or before
        the clear button and the search box."""
        if before_search:
            self.line.insertWidget(self.line.indexOf(self.clear_btn), widget, stretch)
        else:
            self.line.addWidget(widget, stretch)

    def set_expanded(self, on: bool, remember: bool = True) -> None:
        self.toggle.setChecked(on)
        self._show_panel(on, remember)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    @guarded
    def _show_panel(self, on: bool, remember: bool = True) -> None:
        show_fold(self.toggle)
        self.panel_area.setVisible(on)
        if on:
            self._lay_out(self.width())
        if remember:
            QgsSettings().setValue(self.SETTING, on)

    def active(self) -> list[str]:
        """What the lists filter by, as shown in them (the search text is in its own box)."""
        return [c.currentText() for c in self.combos if c.currentIndex() > 0]

    @guarded
    def clear(self) -> None:
        for w in (*self.combos, self.search):
            w.blockSignals(True)
        for c in self.combos:
            c.setCurrentIndex(0)
        self.search.clear()
        for w in (*self.combos, self.search):
            w.blockSignals(False)
        self._changed()

    @guarded
    def _changed(self, *_args) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        active = self.active()
        self.toggle.setText(tr("Filters ({n})").format(n=len(active)) if active else tr("Filters"))
        self.summary.setText(" · ".join(active))
        self.summary.setVisible(bool(active))
        self.toggle.setToolTip(tr("Show or hide the filters") + ("\n" + "\n".join(active) if active else ""))
        self.clear_btn.setVisible(bool(active or self.search.text()))

    def _fit_combo(self, combo: QComboBox) -> None:
        """Wide enough for its "All …" entry; the open list as wide as its longest entry."""
        fm = combo.fontMetrics()
        opt = QStyleOptionComboBox()
        opt.initFrom(combo)
        first = fm.horizontalAdvance(combo.itemText(0)) if combo.count() else 0
        combo.setMinimumWidth(combo.style().sizeFromContents(
            QStyle.ContentsType.CT_ComboBox, opt, QSize(first + 4, fm.height()), combo).width())
        widest = max([fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())] + [0])
        combo.view().setMinimumWidth(widest + 2 * fm.averageCharWidth() + combo.view().verticalScrollBar().sizeHint().width())

    def _lay_out(self, width: int) -> None:
        """As many columns of lists as fit the width (1–4), each list at least its minimum."""
        cell = max(c.minimumWidth() for c in self.combos) + self.grid.horizontalSpacing()
        columns = max(1, min(4, (max(width, 1) + self.grid.horizontalSpacing()) // max(cell, 1)))
        if columns == self._columns:
            return
        self._columns = columns
        for c in self.combos:
            self.grid.removeWidget(c)
        for i, c in enumerate(self.combos):
            self.grid.addWidget(c, i // columns, i % columns)
        for col in range(4):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)
        # the new height must reach the dock now, not a stale one of another column count
        self.grid.invalidate()
        self.panel.updateGeometry()
        self.panel_area.updateGeometry()
        self.layout().invalidate()
        self.updateGeometry()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        if not self.panel_area.isHidden():
            self._lay_out(event.size().width())

    def _combo(self, items):
        c = QComboBox(self)
        for label, data in items:
            c.addItem(label, data)
        return c

    def set_options(self, batches, options: dict):
        """Fill the lists that depend on the workspace, keeping the current choices where possible."""
        for combo, items, everything in (
                (self.batch, batches, tr("All batches")),
                (self.township, [(t, t) for t in options.get("township", [])], tr("All townships")),
                (self.village, [(v, v) for v in options.get("village", [])], tr("All villages")),
                (self.determination, [(tr("Not determined"), "")] + [(d, d) for d in options.get("determination", [])],
                 tr("All determinations")),
                (self.leader, [(v, v) for v in options.get("leader", [])], tr("All responsible leaders (包保)"))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for label, data in items:
                combo.addItem(label, data)
            idx = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(idx, 0))
            combo.blockSignals(False)
            self._fit_combo(combo)
        self._columns = 0   # the lists' widths changed
        if not self.panel_area.isHidden():
            self._lay_out(self.width())
        self._update_summary()

    def queue_filter(self) -> QueueFilter:
        deadline = self.deadline.currentData()
        return QueueFilter(batch_id=self.batch.currentData(), level=self.level.currentData(),
                           township=self.township.currentData(), village=self.village.currentData(),
                           status=self.status.currentData(),
                           determination=self.determination.currentData(), overdue=deadline == "overdue",
                           due_within=deadline if isinstance(deadline, int) else None,
                           has_photos=self.photos.currentData(), search=self.search.text().strip() or None,
                           leader=self.leader.currentData(), sampled=self.sampled.currentData(),
                           case_status=self.case.currentData(), signoff=self.signoff.currentData())
