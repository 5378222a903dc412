"""One guard for every UI entry point: an exception in a slot becomes a message, never a Python traceback.

``@guarded`` above a slot (a button, menu or signal handler) catches what escapes it, writes the traceback
to the QGIS log (Log Messages ▸ WPZF) and tells the user in their language: in the dialog they are working
in, else in QGIS's message bar. Errors of the store and the rules get their own sentence
(store.errors.user_message); anything else says where the details are.
"""
from __future__ import annotations

import functools
import inspect
import traceback
from typing import Callable, Optional

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtWidgets import QDialog, QMessageBox, QWidget

from ..i18n import tr
from ..store.errors import user_message

LOG_TAG = "WPZF"


def message_for(exc: BaseException) -> str:
    """The sentence the user sees for ``exc``."""
    known = user_message(exc)
    if known is not None:
        return known
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return tr("A file could not be read or written{where}: {reason}").format(
            where=where, reason=exc.strerror or str(exc))
    return tr("Something went wrong: {error}. The details are in the QGIS log (View ▸ Panels ▸ Log Messages, "
              "tab WPZF).").format(error=f"{type(exc).__name__}: {exc}")


def _message_bar():
    try:
        from qgis.utils import iface
    except ImportError:
        return None
    return iface.messageBar() if iface is not None else None


def _in_dialog(widget) -> Optional[QWidget]:
    """The dialog ``widget`` lives in (where a message must appear: a modal dialog hides the message bar)."""
    if not isinstance(widget, QWidget):
        return None
    try:
        window = widget.window()
    except RuntimeError:  # the C++ widget is gone
        return None
    return widget if isinstance(window, QDialog) else None


def logged_message(exc: BaseException, title: Optional[str] = None) -> str:
    """Write ``exc`` with its traceback to the QGIS log; returns the sentence for the user (a background
    task's error is shown by the code that started the task)."""
    text = message_for(exc)
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    QgsMessageLog.logMessage(f"{title or tr('Satellite Enforcement')}: {text}\n{details}", LOG_TAG,
                             Qgis.MessageLevel.Critical)
    return text


def _showing(bar, title: str, text: str) -> bool:
    try:
        item = bar.currentItem()
        return item is not None and item.title() == title and item.text() == text
    except (AttributeError, RuntimeError):
        return False


def report(exc: BaseException, title: Optional[str] = None, widget=None) -> str:
    """Log ``exc`` with its traceback and show its message; returns the message."""
    title = title or tr("Satellite Enforcement")
    text = logged_message(exc, title)
    parent = _in_dialog(widget)
    bar = None if parent is not None else _message_bar()
    if bar is not None:
        if not _showing(bar, title, text):  # a slot failing on every repaint says it once
            bar.pushMessage(title, text, Qgis.MessageLevel.Critical, 0)
    else:
        QMessageBox.warning(parent, title, text)
    return text


def _positional_limit(fn: Callable) -> Optional[int]:
    """How many positional arguments ``fn`` takes (None: any number) — signals pass more than slots take."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def guarded(fn: Callable = None, *, title: Optional[str] = None):
    """Decorate a slot so that no exception escapes it: ``@guarded`` or ``@guarded(title=tr_noop("…"))``.

    Like PyQt, extra signal arguments beyond what the slot takes are dropped (``clicked(bool)`` into
    ``def save(self)``). The slot returns None when it failed."""
    if fn is None:
        return lambda f: guarded(f, title=title)
    limit = _positional_limit(fn)

    @functools.wraps(fn)
    def slot(*args, **kwargs):
        try:
            return fn(*(args if limit is None else args[:limit]), **kwargs)
        except Exception as e:  # the guard's purpose: whatever a slot raises becomes a message
            report(e, tr(title) if title else None, args[0] if args else None)
            return None

    return slot


def guard(callback: Callable, title: Optional[str] = None, widget=None) -> Callable:
    """A guarded version of a callable (a lambda in a ``connect``): ``sig.connect(guard(lambda: …))``."""
    limit = _positional_limit(callback)

    def slot(*args):
        try:
            return callback(*(args if limit is None else args[:limit]))
        except Exception as e:  # see guarded
            report(e, tr(title) if title else None, widget)
            return None

    return slot
