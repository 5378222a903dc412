"""The queue of patches in the dock: its table model and its filter bar."""
from __future__ import annotations

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QComboBox, QGridLayout, QLineEdit, QWidget

from ..core.cases import STATUSES as CASE_STATUSES
from ..core.deadlines import LEVELS
from ..i18n import tr, tr_noop
from ..store.queue import QueueFilter, is_reviewed
from ..store.schema import STATUSES

COLUMNS = (("JCBH", tr_noop("Patch id")), ("PCBH", tr_noop("Batch")), ("JB", tr_noop("Level")),
           ("XZMC", tr_noop("Township")), ("TBMJMU", tr_noop("Area (mu)")), ("ZT", tr_noop("Status")),
           ("PDJG", tr_noop("Determination")), ("HCJZ", tr_noop("Deadline")), ("NPHOTO", tr_noop("Photos")))


class PatchTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.df = None
        self.today_text = ""

    def set_frame(self, df, today_text: str = ""):
        self.beginResetModel()
        self.df = df.reset_index(drop=True)
        self.today_text = today_text
        self._fids = self.df["fid"].astype(int).tolist()
        self._reviewed = [is_reviewed(z) for z in self.df["ZT"]]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if self.df is None or parent.isValid() else len(self.df)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.df is None:
            return None
        code = COLUMNS[index.column()][0]
        v = self.df.iat[index.row(), self.df.columns.get_loc(code)]
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None or v != v:
                return ""
            return f"{v:.2f}" if code == "TBMJMU" else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and code in ("TBMJMU", "NPHOTO"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and code == "HCJZ" and v and self.today_text and v < self.today_text \
                and not self._reviewed[index.row()]:
            return QColor("#c62828")  # overdue
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section][1])
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder):
        """Sort by a column (a click on its header); the queue's own order is nearest deadline first."""
        if self.df is None or not len(self.df):
            return
        code = COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        self.df = self.df.sort_values([code, "HCJZ", "JCBH"], ascending=order == Qt.SortOrder.AscendingOrder,
                                      kind="mergesort", na_position="last").reset_index(drop=True)
        self._fids = self.df["fid"].astype(int).tolist()
        self._reviewed = [is_reviewed(z) for z in self.df["ZT"]]
        self.layoutChanged.emit()

    def update_row(self, fid: int, values: dict) -> bool:
        """Change one listed patch in place (after a save) instead of querying the whole queue again."""
        row = self.row_of(fid)
        if row < 0:
            return False
        for code, v in values.items():
            if code in self.df.columns:
                self.df.iat[row, self.df.columns.get_loc(code)] = v
        self._reviewed[row] = is_reviewed(self.df.iat[row, self.df.columns.get_loc("ZT")])
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def fid_at(self, row: int):
        return self._fids[row] if self.df is not None and 0 <= row < len(self._fids) else None

    def row_of(self, fid: int) -> int:
        try:
            return self._fids.index(int(fid))
        except (ValueError, AttributeError):
            return -1

    def next_unreviewed(self, after_row: int) -> int:
        """The first row after ``after_row`` (wrapping round) whose patch is not reviewed yet; -1 if none."""
        n = len(self._fids) if self.df is not None else 0
        for k in range(1, n + 1):
            r = (after_row + k) % n
            if not self._reviewed[r]:
                return r
        return -1

    def counts(self) -> tuple[int, int]:
        """(reviewed, total) of the listed patches."""
        return (sum(self._reviewed), len(self._reviewed)) if self.df is not None else (0, 0)


class FilterBar(QWidget):
    """Batch, level, township, status, determination, deadline, photos and free text."""
    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.batch = QComboBox(self)
        self.level = self._combo([(tr("All levels"), None)] + [(lv, lv) for lv in LEVELS])
        self.status = self._combo([(tr("All statuses"), None)] + [(s, s) for s in STATUSES])
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
                                + [(s, s) for s in CASE_STATUSES])
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search patch id, township, village"))
        self.search.setClearButtonEnabled(True)
        for i, w in enumerate((self.batch, self.level, self.status, self.township, self.village,
                               self.determination, self.deadline, self.photos, self.leader, self.sampled,
                               self.case)):
            grid.addWidget(w, i // 4, i % 4)
            w.currentIndexChanged.connect(self.changed)
        grid.addWidget(self.search, 2, 3, 1, 1)
        self.search.textChanged.connect(self.changed)

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
                (self.leader, [(v, v) for v in options.get("leader", [])], tr("All 包保 leaders"))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for label, data in items:
                combo.addItem(label, data)
            idx = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(idx, 0))
            combo.blockSignals(False)

    def queue_filter(self) -> QueueFilter:
        deadline = self.deadline.currentData()
        return QueueFilter(batch_id=self.batch.currentData(), level=self.level.currentData(),
                           township=self.township.currentData(), village=self.village.currentData(),
                           status=self.status.currentData(),
                           determination=self.determination.currentData(), overdue=deadline == "overdue",
                           due_within=deadline if isinstance(deadline, int) else None,
                           has_photos=self.photos.currentData(), search=self.search.text().strip() or None,
                           leader=self.leader.currentData(), sampled=self.sampled.currentData(),
                           case_status=self.case.currentData())
