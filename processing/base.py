"""What every WPZF algorithm shares: its names, group and help come from class attributes; the workspace it opens
and closes; the inputs it remembers in that workspace; and the notice that it changed the workspace."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Optional

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterFile
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..i18n import tr, tr_noop
from ..store import open_workspace

GROUPS = {"workspace": tr_noop("Workspace"), "determination": tr_noop("Determination")}


class WorkspaceNotifier(QObject):
    """Says when a WPZF algorithm changed a workspace: ``written(location, algorithm id)``.

    Algorithms run in a worker thread: listeners connect with ``Qt.ConnectionType.QueuedConnection`` so the
    signal reaches them on the main thread (the notifier itself lives there: it is made at import)."""
    written = pyqtSignal(str, str)


notifier = WorkspaceNotifier()


def audit_mark(ws) -> tuple:
    """Where the audit chain of ``ws`` ends: every write appends to it, so a changed mark means a write."""
    return ws.meta_get("audit_count"), ws.meta_get("audit_head")


def notify_if_written(ws, mark: tuple, algorithm: str) -> bool:
    if audit_mark(ws) == mark:
        return False
    notifier.written.emit(str(ws.location), algorithm)
    return True


class WpzfAlgorithm(QgsProcessingAlgorithm):
    NAME = ""          # algorithm id within the provider (wpzf:NAME)
    DISPLAY = ""       # English display name, marked with tr_noop for translation
    GROUP_ID = ""      # a key of GROUPS
    HELP = ""          # English help text, marked with tr_noop
    # Parameters (layers and fields of the county's own data) remembered in the workspace when the algorithm
    # succeeds, so the dock opens its dialog with them next time (store.settings.algorithm_inputs).
    REMEMBER: tuple = ()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY)

    def group(self):
        return tr(GROUPS[self.GROUP_ID])

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def createInstance(self):  # noqa: N802
        return type(self)()

    WORKSPACE = "WORKSPACE"

    def add_workspace_parameter(self, optional: bool = False) -> None:
        # A file parameter so the GUI offers a file picker; the filter (not an extension) also lets a team
        # workspace's PostgreSQL location (pg:…;schema=…) through.
        self.addParameter(QgsProcessingParameterFile(
            self.WORKSPACE, tr("Workspace (GeoPackage, or a PostgreSQL location pg:…;schema=…)"), optional=optional,
            behavior=QgsProcessingParameterFile.Behavior.File, fileFilter="GeoPackage (*.gpkg);;All files (*)"))

    @contextmanager
    def opened_workspace(self, parameters, context):
        """The workspace of the WORKSPACE parameter, open for the ``with`` block and closed after it. When the
        block wrote to the workspace, the REMEMBER inputs are stored in it and ``notifier`` says so."""
        try:
            ws = open_workspace(self.parameterAsFile(parameters, self.WORKSPACE, context))
        except Exception as e:
            raise as_processing_error(e) from e
        try:
            mark = audit_mark(ws)
            try:
                yield ws
            except QgsProcessingException:
                raise
            except Exception as e:   # a full disk, a locked file, an unknown rule set …: one sentence, no traceback
                raise as_processing_error(e) from e
            if audit_mark(ws) != mark:
                self.remember_inputs(ws, parameters, context)
            notify_if_written(ws, mark, self.id() or self.NAME)
        finally:
            ws.close()

    def remembered_value(self, name: str, parameters, context):
        """A REMEMBER parameter as stored: a layer as its reference (source, provider, name), else its text."""
        from ..store.settings import layer_ref

        if name not in parameters or parameters[name] is None:
            return None
        definition = self.parameterDefinition(name)
        if definition is not None and definition.type() in ("vector", "raster", "source", "layer"):
            layer = self.parameterAsLayer(parameters, name, context)
            return None if layer is None else layer_ref(layer.source(), layer.providerType(), layer.name())
        text = self.parameterAsString(parameters, name, context)
        return text or None

    def remember_inputs(self, ws, parameters, context) -> None:
        from ..store import StoreError
        from ..store.settings import remember_inputs

        inputs = {}
        for name in self.REMEMBER:
            try:
                value = self.remembered_value(name, parameters, context)
            except Exception:  # noqa: BLE001 - remembering is a convenience: it never fails finished work
                value = None
            if value is not None:
                inputs[name] = value
        try:
            remember_inputs(ws, self.NAME, inputs)
        except StoreError:   # a read-only team member: the work is done, only the convenience is lost
            pass


def as_processing_error(exc: Exception) -> Exception:
    """What the store and the rules raise, as the one sentence Processing shows (the user's language);
    anything else stays as it is (a programming error keeps its traceback for the log)."""
    from ..store.errors import user_message

    text = user_message(exc)
    return QgsProcessingException(text) if text else exc


def date_parameter(alg, parameters, key, context) -> Optional[dt.date]:
    """The ISO date of a string parameter, None when empty; refused (naming the value) when not a date."""
    text = alg.parameterAsString(parameters, key, context).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QgsProcessingException(
            tr("'{value}' is not a date (expected e.g. 2021-05-06)").format(value=text)) from None


def chosen(alg, parameters, key, context, options) -> tuple:
    """The options picked in an optional multiple-choice parameter; QGIS 3.22 reads an unset one as [0]."""
    if parameters.get(key) in (None, "", []):
        return ()
    return tuple(options[i] for i in alg.parameterAsEnums(parameters, key, context))
