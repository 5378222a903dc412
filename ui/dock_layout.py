"""Sizing helpers of the dock: what an operator on a 1366×768 laptop sees of it, and widgets that keep it small."""
from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from qgis.PyQt.QtGui import QPainter
from qgis.PyQt.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

from ..i18n import tr
from .guard import guarded


def _fully_inside(widget, viewport) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def visible_rows(table) -> int:
    """How many rows of ``table`` are shown whole (not cut by the viewport's edge)."""
    if not table.isVisible() or table.model() is None:
        return 0
    first = table.rowAt(0)
    if first < 0:
        return 0
    height = table.viewport().height()
    n = 0
    for row in range(first, table.model().rowCount()):
        y, h = table.rowViewportPosition(row), table.rowHeight(row)
        if y < 0 or h == 0:
            continue
        if y + h > height:
            break
        n += 1
    return n


def visible_facts(findings) -> int:
    """How many facts of the findings tab's current form are shown whole, label and value."""
    form = findings.form
    if form is None:
        return 0
    viewport = form.scroll.viewport()
    n = 0
    for code, label in form.labels.items():
        value = form.editors.get(code) or form.derived.get(code)
        if value is not None and label.isVisible() and value.isVisible() \
                and _fully_inside(label, viewport) and _fully_inside(value, viewport):
            n += 1
    return n


class ElidedLabel(QLabel):
    """One line of text that shortens with "…" instead of widening its parent; the whole text is its tooltip."""

    def __init__(self, text: str = "", parent=None, mode=Qt.TextElideMode.ElideRight):
        super().__init__(text, parent)
        self.mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 6)
        self._own_tip = ""

    def setToolTip(self, tip: str) -> None:  # noqa: N802
        self._own_tip = tip
        super().setToolTip(tip)

    def minimumSizeHint(self):  # noqa: N802
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def paintEvent(self, _event):  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), self.mode, rect.width())
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)
        # the whole text in the tooltip when it does not fit (a tooltip set by the caller wins)
        if not self._own_tip:
            super().setToolTip(self.text() if text != self.text() else "")


class HintScrollArea(QScrollArea):
    """Asks for its content's whole height, but can be squeezed to two lines of it (then it scrolls)."""

    def __init__(self, widget: QWidget, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setWidget(widget)

    def sizeHint(self):  # noqa: N802
        hint = self.widget().sizeHint()
        return QSize(hint.width(), hint.height() + 2 * self.frameWidth())

    def minimumSizeHint(self):  # noqa: N802
        line = self.fontMetrics().height() + 12
        return QSize(super().minimumSizeHint().width(), min(2 * line, self.sizeHint().height()))


def fold_button(parent, tooltip: str = "", text_beside: bool = False) -> QToolButton:
    """A flat checkable arrow that folds a part of the dock open (▼) and shut (▶); its arrow follows its state."""
    btn = QToolButton(parent)
    btn.setCheckable(True)
    btn.setAutoRaise(True)
    if text_beside:
        btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    if tooltip:
        btn.setToolTip(tooltip)
    show_fold(btn)
    btn.toggled.connect(lambda _on, b=btn: show_fold(b))
    return btn


def show_fold(btn: QToolButton) -> None:
    """The arrow of a fold button as its state says (after setChecked with its signals blocked)."""
    btn.setArrowType(Qt.ArrowType.DownArrow if btn.isChecked() else Qt.ArrowType.RightArrow)


def scrolled(widget: QWidget, parent=None) -> QScrollArea:
    """``widget`` in a frameless vertical scroll area: a tall page scrolls instead of making the dock taller."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    area.setMinimumHeight(0)
    return area


class ScrollingTabs(QTabWidget):
    """Tabs whose tall pages scroll (see ``scrolled``); the pages are still found by the widget added."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabBar(CompactTabBar(self))

    def addTab(self, page: QWidget, label: str, scroll: bool = False) -> int:  # noqa: N802
        return super().addTab(scrolled(page, self) if scroll else page, label)

    def _outer(self, page):
        for i in range(self.count()):
            w = self.widget(i)
            if w is page or (isinstance(w, QScrollArea) and w.widget() is page):
                return w
        return page

    def indexOf(self, page) -> int:  # noqa: N802
        return super().indexOf(self._outer(page))

    def setCurrentWidget(self, page) -> None:  # noqa: N802
        super().setCurrentWidget(self._outer(page))

    def page(self, index: int):
        """The widget added at ``index`` (inside its scroll area, if any)."""
        w = self.widget(index)
        return w.widget() if isinstance(w, QScrollArea) and w.widget() is not None else w


def compact_rows(table) -> None:
    """Rows as high as one line of text needs (the style's default is about half as high again)."""
    header = table.verticalHeader()
    header.setMinimumSectionSize(1)
    header.setDefaultSectionSize(table.fontMetrics().height() + 4)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


def fit_column(table, column: int, texts) -> None:
    """Make ``column`` wide enough for the longest of ``texts`` (and its header) so none is cut with "…"."""
    fm = table.fontMetrics()
    header = table.horizontalHeader()
    title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "")
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    need = max([fm.horizontalAdvance(str(t)) for t in texts] + [0]) + margin + 6
    head = header.fontMetrics().horizontalAdvance(title) + 2 * margin + 16   # the sort arrow
    header.resizeSection(column, max(need, head))


def text_fits(table, column: int, text: str) -> bool:
    """True when ``text`` is drawn whole in ``column`` (the delegate's text rect is the section less its margins)."""
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    return table.fontMetrics().horizontalAdvance(text) <= table.columnWidth(column) - margin


class RememberedSplitter(QSplitter):
    """A splitter whose first pane keeps the height the user dragged it to, in QgsSettings under ``key``.

    Until the user moves it, ``default_first(total)`` gives the first pane's height for the space there is.
    The height is applied again whenever the splitter is resized (a dock is laid out in steps, and QGIS's
    window may be restored at another size), so the queue keeps the rows the user chose."""

    def __init__(self, orientation, key: str, default_first, parent=None):
        super().__init__(orientation, parent)
        self.key = key
        self.default_first = default_first
        try:
            self.chosen = int(QgsSettings().value(key, None))
        except (TypeError, ValueError):   # nothing saved yet
            self.chosen = None
        self.setChildrenCollapsible(False)
        self.splitterMoved.connect(self._moved)

    @guarded
    def _moved(self, *_args):
        self.chosen = self.sizes()[0]
        QgsSettings().setValue(self.key, self.chosen)

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._apply()

    def event(self, e):
        handled = super().event(e)
        # QSplitter shares the space out again when a pane's contents change (LayoutRequest) or on its first
        # Show: the chosen height is put back after it
        if e.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self._apply()
        return handled

    def _apply(self):
        if self.count() < 2 or not self.isVisible():
            return
        total = sum(self.sizes())
        if total <= 0:
            return
        first = self.chosen if self.chosen is not None else self.default_first(total)
        first = max(0, min(int(first), total))
        if self.sizes()[0] != first:
            self.setSizes([first, total - first])


class QueueColumns(QObject):
    """The queue's columns: the patch id always whole, the others fitted to their contents once, and a
    header menu to hide the ones an office does not need (remembered)."""
    SETTING = "wpzf/dock/hidden_columns"

    def __init__(self, table, id_code: str = "JCBH"):
        super().__init__(table)
        self.table = table
        self.id_code = id_code
        self._fitted = False
        model = table.model()
        self.codes = [code for code, _ in model.columns] if hasattr(model, "columns") else []
        model.modelReset.connect(self.fit)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu)
        hidden = QgsSettings().value(self.SETTING, "") or ""
        for code in str(hidden).split(","):
            if code in self.codes and code != self.id_code:
                table.setColumnHidden(self.codes.index(code), True)

    @guarded
    def fit(self):
        model = self.table.model()
        if not model.rowCount() or self.id_code not in self.codes:
            return
        # the longest ids the model names (digits differ in width: a few are measured), not every id of the queue
        fit_column(self.table, self.codes.index(self.id_code), model.longest_ids())
        if self._fitted:
            return   # the user's widths stay as they are
        self._fitted = True
        rows = range(min(model.rowCount(), 300))
        for col, code in enumerate(self.codes):
            if code != self.id_code:
                fit_column(self.table, col, {model.data(model.index(r, col)) or "" for r in rows})

    @guarded
    def _menu(self, pos):
        model = self.table.model()
        menu = QMenu(self.table)
        for col, code in enumerate(self.codes):
            act = menu.addAction(str(model.headerData(col, Qt.Orientation.Horizontal)))
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.setEnabled(code != self.id_code)
            act.toggled.connect(lambda on, c=col: self.set_hidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    @guarded
    def set_hidden(self, col: int, hidden: bool):
        self.table.setColumnHidden(col, hidden)
        QgsSettings().setValue(self.SETTING, ",".join(
            code for c, code in enumerate(self.codes) if self.table.isColumnHidden(c)))


def queue_height(table, rows: int) -> int:
    """The height the queue's pane needs to show ``rows`` whole rows (its header and scroll bar included)."""
    height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
    return height + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth() + 2


class DockTitleBar(QWidget):
    """The dock's title bar carries its first line (workspace and commands): a line less on a laptop screen.

    Dragging its free part (the workspace's name) moves and docks the dock as usual: the mouse events the buttons
    do not take go to the QDockWidget. Float and close are buttons of its own with the style's title-bar icons."""

    def __init__(self, dock: QDockWidget):
        super().__init__(dock)
        self.dock = dock
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 1, 2, 1)
        self.row.setSpacing(3)
        self.float_btn = self._title_button(QStyle.StandardPixmap.SP_TitleBarNormalButton,
                                            tr("Float as a window of its own, or dock again"))
        self.float_btn.clicked.connect(lambda: dock.setFloating(not dock.isFloating()))
        self.close_btn = self._title_button(QStyle.StandardPixmap.SP_TitleBarCloseButton, tr("Close the panel"))
        self.close_btn.clicked.connect(dock.close)
        self.row.addWidget(self.float_btn)
        self.row.addWidget(self.close_btn)
        dock.featuresChanged.connect(self._features)
        self._features(dock.features())

    def _title_button(self, pixmap, tip: str) -> QToolButton:
        btn = QToolButton(self)
        btn.setAutoRaise(True)
        btn.setIcon(self.style().standardIcon(pixmap, None, self))
        btn.setToolTip(tip)
        return btn

    @guarded
    def _features(self, features):
        self.float_btn.setVisible(bool(features & QDockWidget.DockWidgetFeature.DockWidgetFloatable))
        self.close_btn.setVisible(bool(features & QDockWidget.DockWidgetFeature.DockWidgetClosable))

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        """Put ``widget`` before the float and close buttons."""
        self.row.insertWidget(self.row.count() - 2, widget, stretch)


class CompactTabBar(QTabBar):
    """Tabs drawn by the style, a few pixels lower than it would make them (what they give goes to the page)."""

    def tabSizeHint(self, index: int):  # noqa: N802
        size = super().tabSizeHint(index)
        return QSize(size.width(), min(size.height(), self.fontMetrics().height() + 8))
