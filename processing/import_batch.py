"""wpzf:import_batch — import a Ministry/province batch file into a workspace (one transaction)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.dates import as_date
from ..core.deadlines import LEVELS
from ..exchange.importer import BatchMeta, default_ruleset_year, import_batch
from ..exchange.mapping import FieldMapping, ProfileStore
from ..i18n import tr, tr_noop
from ..rules import available_years
from ..store import create_workspace, is_team_location, open_workspace
from .base import WpzfAlgorithm, audit_mark, notify_if_written


def parse_iso_date(text: str, what: str) -> dt.date:
    d = as_date(text)
    if d is None:
        raise QgsProcessingException(tr("{what}: '{value}' is not a date like 2021-05-06").format(
            what=what, value=text))
    return d


def load_profile(name_or_path: str, user_dir=None) -> FieldMapping:
    p = Path(name_or_path)
    if p.suffix.lower() == ".json" and p.exists():
        try:
            return FieldMapping.from_json(p.read_text("utf-8"), str(p))
        except ValueError as e:
            raise QgsProcessingException(str(e)) from None
    try:
        return ProfileStore(user_dir).load(name_or_path or "ministry_default")
    except KeyError as e:
        raise QgsProcessingException(str(e)) from None


def ruleset_year(given, issued: dt.date) -> int:
    """The RULE_YEAR parameter, or the newest rule set not after the year of issue; a year WPZF has no rules for
    is refused here, by name, before anything is read."""
    years = available_years()
    listed = ", ".join(map(str, years)) or "—"
    if given in (None, ""):
        year = default_ruleset_year(issued, years)
        if year is None:
            raise QgsProcessingException(tr("No rule set applies to a batch issued in {issued} (rule sets: {years}); "
                                            "give RULE_YEAR").format(issued=issued.year, years=listed))
        return year
    if int(given) not in years:
        raise QgsProcessingException(tr("There is no rule set for rule-set year {year}; choose one of {years}").format(
            year=int(given), years=listed))
    return int(given)


class ImportBatchAlgorithm(WpzfAlgorithm):
    NAME = "import_batch"
    DISPLAY = tr_noop("Import patch batch")
    GROUP_ID = "workspace"
    HELP = tr_noop("Imports one Ministry (部级) or province (省级) batch of change patches — shapefile (also zipped), "
                  "GeoPackage or FileGDB — into a WPZF workspace as one transaction: on any error nothing is "
                  "written and the report names file, row and field. The text encoding is detected (GBK/UTF-8) "
                  "unless a .cpg or the ENCODING parameter says it; the CRS comes from the .prj, the CRS "
                  "parameter, or is inferred from coordinates when unambiguous. Areas are ellipsoidal (CGCS2000).")

    INPUT, LAYER, CREATE = "INPUT", "LAYER", "CREATE"
    LEVEL, ISSUED, RULE_YEAR, BATCH_CODE = "LEVEL", "ISSUED", "RULE_YEAR", "BATCH_CODE"
    PROFILE, ENCODING, CRS = "PROFILE", "ENCODING", "CRS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("Batch file (shp, zip, gpkg, gdb)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterString(self.LAYER, tr("Layer (when the file has several)"),
                                                       optional=True))
        self.add_workspace_parameter()
        self.addParameter(QgsProcessingParameterBoolean(self.CREATE, tr("Create the workspace if it does not exist"),
                                                        defaultValue=True))
        self.addParameter(QgsProcessingParameterEnum(self.LEVEL, tr("Batch level"), options=list(LEVELS),
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterString(self.ISSUED, tr("Issue date (YYYY-MM-DD)")))
        self.addParameter(QgsProcessingParameterNumber(self.RULE_YEAR, tr("Rule-set year (default: the newest rule set not after the year of issue)"),
                                                       type=QgsProcessingParameterNumber.Type.Integer,
                                                       optional=True, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterString(self.BATCH_CODE, tr("Batch code (default: file name)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(self.PROFILE, tr("Field mapping profile (name or .json file)"),
                                                       defaultValue="ministry_default"))
        self.addParameter(QgsProcessingParameterString(self.ENCODING, tr("Text encoding (empty: detect)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterCrs(self.CRS, tr("CRS (empty: from the file or inferred)"),
                                                    optional=True))
        self.addOutput(QgsProcessingOutputNumber("BATCH_ID", tr("Batch id")))
        self.addOutput(QgsProcessingOutputNumber("IMPORTED", tr("Patches imported")))
        self.addOutput(QgsProcessingOutputString("REPORT", tr("Import report file")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsFile(parameters, self.INPUT, context)
        ws_path = self.parameterAsFile(parameters, self.WORKSPACE, context)
        issued = parse_iso_date(self.parameterAsString(parameters, self.ISSUED, context), tr("Issue date"))
        year = ruleset_year(parameters.get(self.RULE_YEAR), issued)
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        epsg = None
        if crs.isValid():
            auth = crs.authid()
            if not auth.upper().startswith("EPSG:"):
                raise QgsProcessingException(tr("The CRS must be an EPSG code, not {crs}").format(crs=auth))
            epsg = int(auth.split(":")[1])
        meta = BatchMeta(level=LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)], issued=issued,
                         ruleset_year=year, code=self.parameterAsString(parameters, self.BATCH_CODE, context) or None,
                         encoding=self.parameterAsString(parameters, self.ENCODING, context) or None,
                         crs_epsg=epsg, layer=self.parameterAsString(parameters, self.LAYER, context) or None)
        mapping = load_profile(self.parameterAsString(parameters, self.PROFILE, context))
        if is_team_location(ws_path) or Path(ws_path).exists():
            ws = open_workspace(ws_path)
        elif self.parameterAsBool(parameters, self.CREATE, context):
            ws = create_workspace(ws_path)
        else:
            raise QgsProcessingException(tr("Workspace {path} does not exist").format(path=ws_path))
        try:
            mark = audit_mark(ws)
            report = import_batch(ws, source, meta, mapping, progress=lambda f: feedback.setProgress(100 * f),
                                  is_cancelled=feedback.isCanceled)
            notify_if_written(ws, mark, self.id() or self.NAME)   # an open dock shows the new batch
        finally:
            ws.close()
        for w in report.warnings:
            feedback.pushWarning(str(w))
        if not report.ok:
            raise QgsProcessingException(tr("Import failed, workspace unchanged:") + "\n" + report.text())
        feedback.pushInfo(report.text())
        return {"BATCH_ID": report.batch_id, "IMPORTED": report.counts.get("imported", 0),
                "REPORT": report.saved_to or ""}
