"""Sign-off and returns in the dock (thin: store/signoff.py and exchange/ decide and do the work).

The dialog shows the 待审核 / 退回 / 通过 counts per township and the sign-off of the current patch, and offers
the actions of the monthly cycle: submit (提交审核), pass (审核通过), return with a reason (退回), export the
return (上报成果) and import the city's or province's review (市级 / 省级审核).
"""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import signoff as rules
from ..core.labels import header, term
from ..i18n import tr
from ..store import StoreError
from ..store import signoff as store_signoff
from ..store.people import name_of
from .guard import guarded
from .patch_card import ui_lang

FILTER_STATES = (rules.SUBMITTED, rules.RETURNED, rules.PASSED, rules.NOT_SUBMITTED, rules.RESUBMIT, "上级退回")


def filter_items() -> list[tuple[str, object]]:
    """The queue filter's entries: (label in the UI's language, stored state)."""
    lang = ui_lang()
    return [(tr("Any sign-off state"), None)] + [(term(s, lang), s) for s in FILTER_STATES]


def unit_text(rows: list[dict], lang: str, who=str) -> str:
    """The sign-off of a patch's units for people: state, who submitted and reviewed (``who``: login → the
    person's name, store/people.py), reasons, comments."""
    lines = []
    for r in rows:
        parts = [f"<b>{r['key']}</b>：{term(r['ZT'], lang)}"]
        if r.get("TJR"):
            parts.append(tr("submitted by {who}").format(who=who(r["TJR"])))
        if r.get("SHR"):
            parts.append(tr("reviewed by {who}").format(who=who(r["SHR"])))
        if r.get("ZT") == rules.RETURNED and r.get("SHYJ"):
            parts.append(tr("reason: {text}").format(text=r["SHYJ"]))
        if r.get("SBZT"):
            parts.append(term(rules.RESUBMIT if r.get("needs_resubmission") else r["SBZT"], lang))
        if r.get("SJZT"):
            parts.append(tr("{level} review: {verdict}").format(level=term(r.get("SJJB") or "", lang),
                                                              verdict=term(r["SJZT"], lang)))
            if r.get("SJYJ"):
                parts.append(tr("comment: {text}").format(text=r["SJYJ"]))
            if r.get("SJQX"):
                parts.append(tr("new deadline: {date}").format(date=str(r["SJQX"])[:10]))
        if int(r.get("THCS") or 0):
            parts.append(tr("returned from above {n} time(s)").format(n=int(r["THCS"])))
        lines.append("；".join(parts))
    return "<br>".join(lines) or tr("No patch selected.")


class SignoffDialog(QDialog):
    def __init__(self, dock, parent=None):
        super().__init__(parent or dock)
        self.dock = dock
        self.ws = dock.ws
        self.lang = ui_lang()
        self.setWindowTitle(tr("Sign-off and returns (审核验收 / 上报)"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("By township")))
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        self.current.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.current)
        rows = QHBoxLayout()
        self.buttons = {}
        for key, label, slot in (
                ("submit", tr("Submit current patch"), self.submit_current),
                ("submit_listed", tr("Submit listed patches"), self.submit_listed),
                ("pass", tr("Pass current patch"), self.pass_current),
                ("pass_listed", tr("Pass listed patches"), self.pass_listed),
                ("return", tr("Return current patch…"), self.return_current)):
            b = QPushButton(label, self)
            b.clicked.connect(slot)
            rows.addWidget(b)
            self.buttons[key] = b
        lay.addLayout(rows)
        rows2 = QHBoxLayout()
        for key, label, slot in (
                ("export", tr("Export the return (上报成果)…"), self.export_return),
                ("import", tr("Import a review from above…"), self.import_review),
                ("mark", tr("Mark changed returns (需重新上报)"), self.mark_changed)):
            b = QPushButton(label, self)
            b.clicked.connect(slot)
            rows2.addWidget(b)
            self.buttons[key] = b
        lay.addLayout(rows2)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(900, 520)
        self.reload()

    # ---- showing ----
    def reload(self) -> None:
        df = store_signoff.summary_by_township(self.ws)
        self.table.clear()
        self.table.setRowCount(len(df))
        self.table.setColumnCount(len(df.columns))
        self.table.setHorizontalHeaderLabels([header(c, self.lang) for c in df.columns])
        for i, row in enumerate(df.itertuples(index=False)):
            for j, v in enumerate(row):
                item = QTableWidgetItem(term(v, self.lang) if j == 0 else str(v))
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        fid = self.dock.current_fid
        rows = store_signoff.patch_signoff(self.ws, int(fid)) if fid is not None else []
        self.current.setText(unit_text(rows, self.lang, name_of(self.ws)))

    def _listed(self) -> list[int]:
        m = self.dock.model
        return [int(m.fid_at(r)) for r in range(m.rowCount())]

    def _done(self, title: str, out) -> None:
        text = tr("{n} unit(s) done.").format(n=len(out.done))
        if out.refused:
            text += "\n" + tr("Not done:") + "\n" + "\n".join(out.refused[:20])
            if len(out.refused) > 20:
                text += "\n…"
        QMessageBox.information(self, title, text)
        self._changed()

    def _changed(self) -> None:
        from ..store.queue import patch_card

        self.dock.refresh()
        if self.dock.current_fid is not None:   # the card's sign-off line, without leaving the patch
            self.dock.card.show_card(patch_card(self.dock.ws, int(self.dock.current_fid)), ws=self.dock.ws)
        dash = getattr(self.dock, "dashboard", None)
        if dash is not None and hasattr(dash, "invalidate"):
            dash.invalidate()
        self.reload()

    def _review(self, title: str, fids: list[int], verdict: str, reason: str = "") -> None:
        waiting = set(store_signoff.queue_fids(self.ws, rules.SUBMITTED))
        fids = [f for f in fids if f in waiting] if len(fids) > 1 else fids
        if not fids:
            QMessageBox.information(self, title, tr("No listed patch is awaiting sign-off."))
            return
        try:
            out = store_signoff.review(self.ws, fids, verdict, reason, source="dock")
        except (StoreError, rules.SignoffError) as e:
            reasons = getattr(e, "reasons", [str(e)])
            QMessageBox.warning(self, title, "\n".join(reasons[:20]))
            return
        self._done(title, out)

    # ---- actions ----
    @guarded
    def submit_current(self):
        if self.dock.current_fid is not None:
            self._done(tr("Submit"), store_signoff.submit(self.ws, [int(self.dock.current_fid)], source="dock"))

    @guarded
    def submit_listed(self):
        self._done(tr("Submit"), store_signoff.submit(self.ws, self._listed(), source="dock"))

    @guarded
    def pass_current(self):
        if self.dock.current_fid is not None:
            self._review(tr("Pass"), [int(self.dock.current_fid)], rules.PASSED)

    @guarded
    def pass_listed(self):
        self._review(tr("Pass"), self._listed(), rules.PASSED)

    @guarded
    def return_current(self):
        if self.dock.current_fid is None:
            return
        reason, ok = QInputDialog.getMultiLineText(self, tr("Return"), tr("Reason for the return (shown to the "
                                                                           "operator)"))
        if ok:
            self._review(tr("Return"), [int(self.dock.current_fid)], rules.RETURNED, reason)

    @guarded
    def export_return(self):
        from ..exchange.return_export import export_return

        codes = [str(c) for c in self.ws.batch_list()["PCBH"]]
        if not codes:
            return
        code, ok = QInputDialog.getItem(self, tr("Export the return"), tr("Batch"), codes, 0, False)
        if not ok:
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Export the return"))
        if not folder:
            return
        try:
            res = export_return(self.ws, code, folder, source="dock")
        except (ValueError, OSError, StoreError) as e:
            QMessageBox.warning(self, tr("Export the return"), str(e))
            return
        text = tr("{number}: {patches} patches, {photos} photos in {folder}").format(
            number=res.number, patches=res.patches, photos=res.photos, folder=res.folder)
        if res.held or res.warnings:
            text += "\n\n" + "\n".join((res.held + res.warnings)[:20])
        QMessageBox.information(self, tr("Export the return"), text)
        self._changed()

    @guarded
    def import_review(self):
        from ..exchange.review_import import ReviewFileError, import_reviews

        path, _ = QFileDialog.getOpenFileName(self, tr("Import a review from above"), "",
                                              "Excel (*.xlsx);;CSV (*.csv);;Layers (*.shp *.gpkg);;All files (*)")
        if not path:
            return
        labels = [term(lv, self.lang) for lv in rules.LEVELS]
        choice, ok = QInputDialog.getItem(self, tr("Import a review from above"), tr("Reviewed by"), labels, 0, False)
        if not ok:
            return
        try:
            rep = import_reviews(self.ws, path, rules.LEVELS[labels.index(choice)], source="dock")
        except (ReviewFileError, StoreError, OSError) as e:
            QMessageBox.warning(self, tr("Import a review from above"), str(e))
            return
        QMessageBox.information(self, tr("Import a review from above"), rep.text())
        self._changed()

    @guarded
    def mark_changed(self):
        n = store_signoff.mark_resubmission(self.ws, source="dock")
        QMessageBox.information(self, tr("Sign-off"), tr("{n} unit(s) marked 需重新上报.").format(n=n))
        self._changed()


def open_dialog(dock) -> None:
    """The dock's menu entry: the dialog for its workspace (nothing without one)."""
    if getattr(dock, "ws", None) is None:
        return
    SignoffDialog(dock).exec()


def card_text(ws, fid: int, lang: str) -> str:
    """The patch card's sign-off line (HTML, escaped): empty while no unit of the patch was submitted."""
    import html

    if not ws.count(store_signoff.TABLE, f'"TBID" = {ws.ph}', (int(fid),)):
        return ""   # no unit submitted (most patches): one seek, not the units' frames (the card, every step)
    rows = [r for r in store_signoff.patch_signoff(ws, fid) if r["ZT"] != rules.NOT_SUBMITTED]
    if not rows:
        return ""
    names = name_of(ws)
    safe = [{k: html.escape(names(v) if k in ("TJR", "SHR") else v) if isinstance(v, str) else v
             for k, v in r.items()} for r in rows]
    return unit_text(safe, lang)


class SignoffSection(QWidget):
    """The dashboard's 审核验收 table per township: hidden until something was submitted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(tr("Sign-off by township (审核验收)"), self))
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay.addWidget(self.table)
        self.setVisible(False)

    def fill(self, ws) -> None:
        if ws is None or not ws.count(store_signoff.TABLE):
            self.table.setRowCount(0)
            self.setVisible(False)
            return
        lang = ui_lang()
        df = store_signoff.summary_by_township(ws)
        self.table.setColumnCount(len(df.columns))
        self.table.setHorizontalHeaderLabels([header(c, lang) for c in df.columns])
        self.table.setRowCount(len(df))
        for i, row in enumerate(df.itertuples(index=False)):
            for j, v in enumerate(row):
                item = QTableWidgetItem(term(v, lang) if j == 0 else str(v))
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if df.columns[j] in (rules.RETURNED, rules.RESUBMIT, "上级退回") and v:
                    item.setForeground(QBrush(QColor("#c81e1e")))
                if row[0] == "合计":
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + self.table.verticalHeader().length()
                                  + 2 * self.table.frameWidth())
        self.setVisible(True)
