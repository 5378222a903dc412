"""wpzf:determine — any layer or table of fact records → the same rows with the determination fields."""
from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)

from ..i18n import tr, tr_noop
from ..rules import RESULT_FIELDS, determine_frame, load_ruleset
from ..rules.facts import FACTS
from ..rules.ruleset import available_years
from .base import WpzfAlgorithm
from .values import STRING, py_value, qgis_value


class DetermineAlgorithm(WpzfAlgorithm):
    NAME = "determine"
    DISPLAY = tr_noop("Determine patches (附件4)")
    GROUP_ID = "determination"
    HELP = tr_noop("Applies the year's determination rules to every row of a layer or table whose fields are the "
                  "facts of the facts contract (e.g. XZJSYD, BHLX, SJYT, YDPF …; see rules/README.md) and writes "
                  "the same rows with 判定结果 (PDJG), flags, the clause cited, a Chinese explanation and the "
                  "facts still missing. Missing fact fields count as unknown.")

    INPUT, RULESET, OUTPUT = "INPUT", "RULESET", "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.years = available_years()
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Patches with facts"),
                                                              [QgsProcessing.SourceType.TypeVector]))
        self.addParameter(QgsProcessingParameterEnum(self.RULESET, tr("Rule-set year"),
                                                     options=[str(y) for y in self.years],
                                                     defaultValue=len(self.years) - 1))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Determined patches"),
                                                            QgsProcessing.SourceType.TypeVectorAnyGeometry))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(tr("The input layer cannot be read"))
        year = available_years()[self.parameterAsEnum(parameters, self.RULESET, context)]
        ruleset = load_ruleset(year)
        names = [f.name() for f in source.fields()]
        by_upper = {n.upper(): n for n in names}
        used = {f.code: by_upper[f.code] for f in FACTS if f.code in by_upper and not f.derived}
        feedback.pushInfo(tr("Fact fields found: {fields}").format(fields=", ".join(used) or "—"))
        rows, feats = [], []
        for feat in source.getFeatures():
            if feedback.isCanceled():
                return {}
            rows.append({code: py_value(feat[name]) for code, name in used.items()})
            feats.append(feat)
        results = determine_frame(pd.DataFrame(rows, columns=list(used)), ruleset) if rows else None
        out_fields = QgsFields(source.fields())
        for code, alias in RESULT_FIELDS.items():
            if code not in by_upper:
                f = QgsField(code, STRING, len=254)
                f.setAlias(alias)
                out_fields.append(f)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, out_fields, source.wkbType(),
                                          source.sourceCrs())
        for i, feat in enumerate(feats):
            out = QgsFeature(out_fields)
            out.setGeometry(feat.geometry())
            attrs = list(feat.attributes())
            extra = {k: qgis_value(v) for k, v in results.iloc[i].items()}
            for code in RESULT_FIELDS:
                if code in by_upper:
                    attrs[names.index(by_upper[code])] = extra[code]
            attrs += [extra[c] for c in RESULT_FIELDS if c not in by_upper]
            out.setAttributes(attrs)
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
            feedback.setProgress(100.0 * (i + 1) / len(feats))
        if results is not None:
            counts = results["PDJG"].value_counts()
            feedback.pushInfo("; ".join(f"{k}: {v}" for k, v in counts.items()))
        return {self.OUTPUT: dest}
