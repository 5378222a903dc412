"""wpzf:accountability — the 附件5 figures per county, township (and city, province) as a table."""
from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..core.accountability import LEVEL_NAMES, AccountabilityInputError, Thresholds, input_from_table, what_if
from ..i18n import tr, tr_noop
from ..rules import load_ruleset
from ..rules.ruleset import available_years
from ..store.determinations import accountability_input
from .base import WpzfAlgorithm
from .values import DOUBLE, INT, STRING, py_value

# Output fields: DBF-safe codes with Chinese aliases (the table may be saved as a shapefile/DBF).
ITEMS = range(1, 7)
OUT_FIELDS = ([("QJ", "情景", STRING), ("JB", "级别", STRING), ("DM", "代码", STRING), ("MC", "名称", STRING),
               ("WFGDYS", "违法占用耕地(亩,扣除前)", DOUBLE),
               ("XZGDYS", "新增建设用地占用耕地(亩,扣除前)", DOUBLE)]
              + [(f"K{i}FZ", f"附件5第{i}项扣分子(亩)", DOUBLE) for i in ITEMS]
              + [(f"K{i}FM", f"附件5第{i}项扣分母(亩)", DOUBLE) for i in ITEMS]
              + [("WFGD", "扣除后违法占用耕地(亩)", DOUBLE), ("XZGD", "扣除后新增建设用地占用耕地(亩)", DOUBLE),
                 ("BL", "违法占用耕地比例(%)", DOUBLE), ("MJBZ", "面积标准(亩)", DOUBLE),
                 ("SFWZ", "是否纳入问责", STRING), ("LJSM", "临界说明", STRING),
                 ("DDS", "待定图斑数", INT), ("ZWGG", "增违挂钩(亩)", DOUBLE),
                 ("SM", "说明", STRING)])
VERDICT = {True: "是", False: "否", None: "取决于理解"}
def input_from_rows(rows: list[dict]) -> pd.DataFrame:
    """Rows of either the accountability columns themselves or determined fact records (PDJG + facts)."""
    try:
        return input_from_table(pd.DataFrame(rows))
    except AccountabilityInputError:
        raise QgsProcessingException(tr("The input needs either the accountability columns (id, county, category, "
                                        "illegal_gd_mu, new_gd_mu) or determined patches (PDJG with GDMJ …)")) from None


class AccountabilityAlgorithm(WpzfAlgorithm):
    NAME = "accountability"
    DISPLAY = tr_noop("Accountability figures (附件5)")
    GROUP_ID = "determination"
    HELP = tr_noop("Computes the accountability figures of 附件5 from a workspace, or from a table of determined "
                  "patches (the output of Determine patches) or of accountability rows: illegally occupied "
                  "cultivated land, the denominator, every adjustment line, the ratio against 15 % and the "
                  "area thresholds (county 100, city 500, province 5000 亩), with a note when a figure sits "
                  "on a threshold, and the 增违挂钩 amount. One row per region.")

    INPUT, RULESET, OUTPUT = "INPUT", "RULESET", "OUTPUT"
    RESTORED, APPROVED = "WHATIF_RESTORED", "WHATIF_APPROVED"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.years = available_years()
        self.add_workspace_parameter(optional=True)
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Or: determined patches / table"),
                                                              optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.RULESET, tr("Rule-set year (thresholds)"),
                                                     options=[str(y) for y in self.years],
                                                     defaultValue=len(self.years) - 1))
        self.addParameter(QgsProcessingParameterString(
            self.RESTORED, tr("What if these patches were demolished and restored (监测编号, comma-separated)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.APPROVED, tr("What if these patches completed their approvals (监测编号, comma-separated)"),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Accountability table")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if self.parameterAsFile(parameters, self.WORKSPACE, context):
            with self.opened_workspace(parameters, context) as ws:
                data = accountability_input(ws)
        elif source is not None:
            names = [f.name() for f in source.fields()]
            data = input_from_rows([{n: py_value(f[n]) for n in names} for f in source.getFeatures()])
        else:
            raise QgsProcessingException(tr("Give a workspace or an input table"))
        if data.empty:
            raise QgsProcessingException(tr("No determined patches to compute from"))
        year = available_years()[self.parameterAsEnum(parameters, self.RULESET, context)]
        thresholds = Thresholds.from_ruleset(load_ruleset(year))
        restored = self._ids(data, self.parameterAsString(parameters, self.RESTORED, context))
        approved = self._ids(data, self.parameterAsString(parameters, self.APPROVED, context))
        try:
            scenario = what_if(data, thresholds, restored=restored, approvals_completed=approved,
                               names=data.attrs.get("names"))
        except AccountabilityInputError as e:
            raise QgsProcessingException(str(e)) from None
        results = [(tr("current"), scenario.before)]
        if restored or approved:
            results.append((tr("what-if"), scenario.after))
        fields = QgsFields()
        for code, alias, kind in OUT_FIELDS:
            f = QgsField(code, kind, len=254 if kind == STRING else 0)
            f.setAlias(alias)
            fields.append(f)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        for label, result in results:
            for issue in result.issues:
                feedback.pushWarning(issue)
            for r in result.levels:
                sink.addFeature(self._feature(fields, label, r), QgsFeatureSink.Flag.FastInsert)
                if r.level == "county":
                    feedback.pushInfo(f"{label}: {r.summary()}")
        return {self.OUTPUT: dest}

    @staticmethod
    def _ids(data, text: str) -> list[str]:
        """监测编号 (or unit ids) → the accountability rows' ids (every part of a split patch)."""
        wanted = [t.strip() for t in (text or "").replace("，", ",").split(",") if t.strip()]
        if not wanted:
            return []
        ids = data["id"].astype(str)
        keys = data["JCBH"].astype(str) if "JCBH" in data else ids
        out = ids[keys.isin(wanted) | ids.isin(wanted)].tolist()
        missing = sorted(set(wanted) - set(keys) - set(ids))
        if missing:
            raise QgsProcessingException(tr("Unknown patches: {ids}").format(ids=", ".join(missing)))
        return out

    @staticmethod
    def _feature(fields, label, r) -> QgsFeature:
        lines = {ln.item: ln for ln in r.lines}
        values = [label, LEVEL_NAMES[r.level], r.code, r.name, r.numerator_raw, r.denominator_raw]
        values += [lines[i].numerator_mu if i in lines else 0.0 for i in ITEMS]
        values += [lines[i].denominator_mu if i in lines else 0.0 for i in ITEMS]
        values += [r.numerator, r.denominator, None if r.ratio is None else r.ratio * 100, r.area_threshold,
                   "—" if r.area_threshold is None else VERDICT[r.triggered], "".join(r.boundary_notes),
                   len(r.pending_ids), r.linkage_mu, r.summary()]
        feat = QgsFeature(fields)
        feat.setAttributes(values)
        return feat
