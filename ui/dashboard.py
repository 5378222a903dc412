"""Dashboard tab: progress by township, the county's 附件5 figures against the thresholds, the next
deadlines and the registers (referrals, sampled review, repeat offenders) at a glance."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import pandas as pd
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.labels import ZH, headers, term
from ..i18n import tr
from ..store.dashboard import PROGRESS_COLUMNS, WORKLOAD_COLUMNS, Dashboard, build_dashboard
from .charts import ChartPanel
from .guard import guarded
from .patch_card import ui_lang
from .signoff import SignoffSection

ALERT = QColor(200, 30, 30)
WARN = QColor(255, 235, 200)


def _table(parent, headers) -> QTableWidget:
    t = QTableWidget(0, len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def deadline_text(x, lang: str) -> str:
    """A deadline of the dashboard in ``lang``: the store words it in Chinese (``what``) and says what it is
    (``kind``, ``subject``) for the other languages."""
    if lang == ZH or not x.kind:
        return x.what
    if x.kind == "check":
        return (tr("Verification deadline — {level}").format(level=term(x.subject, lang)) if x.subject
                else tr("Verification deadline"))
    if x.kind == "city_review":
        return tr("City review deadline — {batch}").format(batch=x.subject)
    if x.kind == "half_year":
        return tr("Half-year report for {year} due").format(year=x.subject)
    if x.kind == "annual":
        return tr("Annual report for {year} due").format(year=x.subject)
    return x.what


def _item(value, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem("" if value is None or value != value else str(value))
    if align_right:
        it.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
    return it


class DashboardTab(QWidget):
    townshipActivated = pyqtSignal(str)   # a township row double-clicked: filter the queue to it

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ws = None
        self.dashboard: Optional[Dashboard] = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(2, 2, 2, 2)
        top = QHBoxLayout()
        self.title = QLabel("", body)
        self.title.setWordWrap(True)
        self.refresh_btn = QPushButton(tr("Refresh"), body)
        self.refresh_btn.clicked.connect(self.refresh)
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_btn)
        lay.addLayout(top)
        self.county = QLabel("", body)
        self.county.setWordWrap(True)
        self.county.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.county)
        lay.addWidget(QLabel(tr("Progress by township"), body))
        self.progress = _table(body, headers(PROGRESS_COLUMNS, ui_lang()))
        self.progress.cellDoubleClicked.connect(self._town_clicked)
        lay.addWidget(self.progress)
        lay.addWidget(QLabel(tr("Workload per person following up (专人盯办)"), body))
        self.workload = _table(body, headers(WORKLOAD_COLUMNS, ui_lang()))
        lay.addWidget(self.workload)
        self.signoff = SignoffSection(body)   # 审核验收 per township (ui/signoff.py)
        lay.addWidget(self.signoff)
        lay.addWidget(QLabel(tr("Next deadlines"), body))
        self.deadlines = _table(body, [tr("Date"), tr("Deadline"), tr("Days left"), tr("Open patches")])
        lay.addWidget(self.deadlines)
        self.registers = QLabel("", body)
        self.registers.setWordWrap(True)
        self.registers.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.registers)
        self.charts = ChartPanel(body)   # the reports' charts, below the figures (ui/charts.py)
        lay.addWidget(self.charts)
        lay.addStretch(1)

    def set_workspace(self, ws) -> None:
        self.ws = ws
        self.invalidate()

    def invalidate(self) -> None:
        """The workspace changed: recompute now if the tab is shown, else when it is next shown (the figures
        cover the whole workspace, too much to redo on every save nobody is looking at)."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, e):  # noqa: N802
        super().showEvent(e)
        if getattr(self, "_stale", True):
            self.refresh()

    @guarded
    def refresh(self, today: Optional[dt.date] = None) -> None:
        self._stale = False
        if self.ws is None:
            self.dashboard = None
            self.title.setText(tr("No workspace open"))
            for t in (self.progress, self.workload, self.deadlines):
                t.setRowCount(0)
            self.county.setText("")
            self.registers.setText("")
            self.charts.clear()
            self.signoff.fill(None)
            return
        self.dashboard = d = build_dashboard(self.ws, today)
        self.title.setText(tr("Status on {date}").format(date=d.today.isoformat()))
        self.county.setText("\n".join(self._county_line(c) for c in d.county) or tr("No determinations yet"))
        self.county.setStyleSheet("color: #c81e1e; font-weight: bold;" if any(c.get("triggered") for c in d.county)
                                  else "")
        self._fill_progress(d)
        self._fill_workload(d)
        self.signoff.fill(self.ws)
        self._fill_deadlines(d)
        self.charts.show_dashboard(self.ws, d)
        lines = [tr("Referrals: {open} awaiting feedback, {late} overdue (30 days)").format(
            open=d.referrals_open, late=d.referrals_overdue)]
        for s in d.samples:
            line = tr("Sampled review {name}: {reviewed}/{sampled} reviewed, authenticity {rate}").format(
                name=s["name"], reviewed=s["reviewed"], sampled=s["sampled"], rate=s["rate"])
            if s.get("interval"):
                line += " " + tr("(county estimate {estimate}, 95 % interval {interval})").format(
                    estimate="—" if s["estimate"].rate is None else f"{s['estimate'].rate * 100:.2f}%",
                    interval=s["interval"])
            if s.get("under"):
                line += " — " + tr("under 95 % for sure: {names}").format(names="、".join(s["under"]))
            if s.get("possibly_under"):
                line += " — " + tr("possibly under 95 % (too few reviewed to be sure): {names}").format(
                    names="、".join(s["possibly_under"]))
            lines.append(line)
        lines.append(tr("Violators: {n}, repeat offenders: {repeat}").format(n=d.violators, repeat=d.repeat_offenders))
        lines.append(tr("Reported to the county government (制止无效): {n} awaiting a result").format(
            n=d.escalations_open))
        self.registers.setText("\n".join(lines))

    @staticmethod
    def _county_line(c: dict) -> str:
        if "error" in c:
            return tr("Accountability cannot be computed: {error}").format(error=c["error"])
        ratio = "—" if c["ratio"] is None else f"{c['ratio'] * 100:.2f}%"
        verdict = {True: tr("within the accountability scope"), False: tr("below the thresholds"),
                   None: tr("undecided (see the report)")}[c["triggered"]]
        text = tr("{name}: illegal use of cultivated land {num:.2f} mu of {den:.2f} mu new construction = {ratio} "
                  "(thresholds {area} mu and {limit:.0f} %) → {verdict}").format(
            name=c["name"], num=c["numerator"], den=c["denominator"], ratio=ratio,
            area="—" if c["area_threshold"] is None else f"{c['area_threshold']:g}",
            limit=c["ratio_threshold"] * 100, verdict=verdict)
        if c["pending"]:
            text += " " + tr("({n} patches still pending)").format(n=c["pending"])
        return text

    def _fill_progress(self, d: Dashboard) -> None:
        df = d.progress
        lang = ui_lang()
        self.progress.setHorizontalHeaderLabels(headers(PROGRESS_COLUMNS, lang))
        self.progress.setRowCount(len(df))
        for r, row in enumerate(df.itertuples(index=False)):
            for c, v in enumerate(row):
                # the township column holds names (and 合计 / 未指定乡镇, which have English); 盯办专人 is a name
                text_col = PROGRESS_COLUMNS[c] == "盯办专人"
                it = _item(term(v, lang) if c == 0 else v, c > 0 and not text_col)
                if PROGRESS_COLUMNS[c] == "逾期" and v:
                    it.setForeground(QBrush(ALERT))
                if row[0] == "合计":
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.progress.setItem(r, c, it)
        self._fit(self.progress)

    def _fill_workload(self, d: Dashboard) -> None:
        df = d.workload if d.workload is not None else pd.DataFrame(columns=WORKLOAD_COLUMNS)
        lang = ui_lang()
        self.workload.setHorizontalHeaderLabels(headers(WORKLOAD_COLUMNS, lang))
        self.workload.setRowCount(len(df))
        numeric = {"图斑数", "待核查", "逾期"}
        for r, row in enumerate(df.itertuples(index=False)):
            for c, v in enumerate(row):
                col = WORKLOAD_COLUMNS[c]
                it = _item(term(v, lang) if c == 0 else v, col in numeric)   # 合计 / 未指定专人 have English
                if col == "逾期" and v:
                    it.setForeground(QBrush(ALERT))
                if row[0] == "合计":
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.workload.setItem(r, c, it)
        self._fit(self.workload)

    @staticmethod
    def _fit(table: QTableWidget) -> None:
        """Tall enough for every row: the tab scrolls as a whole instead of each table on its own."""
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + table.verticalHeader().length() + 2 * table.frameWidth()
        table.setFixedHeight(height + (table.horizontalScrollBar().sizeHint().height()
                                       if table.horizontalScrollBar().isVisible() else 0))
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _fill_deadlines(self, d: Dashboard) -> None:
        self.deadlines.setRowCount(len(d.deadlines))
        lang = ui_lang()
        for r, x in enumerate(d.deadlines):
            cells = [x.date.isoformat(), deadline_text(x, lang), x.days_left, x.open_patches or ""]
            for c, v in enumerate(cells):
                it = _item(v, c >= 2)
                if x.days_left < 0 and x.open_patches:
                    it.setForeground(QBrush(ALERT))
                elif 0 <= x.days_left <= 3:
                    it.setBackground(QBrush(WARN))
                self.deadlines.setItem(r, c, it)
        self._fit(self.deadlines)

    @guarded
    def _town_clicked(self, row: int, _col: int) -> None:
        # the data's township name, not the cell's text (合计 and 未指定乡镇 may show in English)
        df = self.dashboard.progress if self.dashboard is not None else None
        if df is not None and 0 <= row < len(df) and df.iloc[row, 0] != "合计":
            self.townshipActivated.emit(str(df.iloc[row, 0]))
