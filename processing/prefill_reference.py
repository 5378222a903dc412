"""wpzf:prefill_reference — suggested facts from the county's reference layers (approvals, temporary use, facility
filings, mining rights, protected zones, earlier patches …) for every patch and part of a workspace."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..i18n import tr, tr_noop
from .base import WpzfAlgorithm


def _kinds() -> list:
    from ..rules.reference_kinds import load_kinds

    return list(load_kinds().values())


def parse_mapping(text: str, kind) -> dict:
    """``wh=PZWH;pzrq=PZRQ`` (attribute key or its Chinese label = field name) → {attribute key: field name}."""
    by_name = {a.key: a.key for a in kind.attributes}
    by_name.update({a.label: a.key for a in kind.attributes})
    out = {}
    for item in (text or "").replace("；", ";").replace("\n", ";").split(";"):
        if not item.strip():
            continue
        name, sep, field = item.replace("＝", "=").partition("=")
        key = by_name.get(name.strip()) or by_name.get(name.strip().lower())
        if not sep or key is None:
            raise QgsProcessingException(tr("'{item}' is not attribute=field; {kind} has: {names}").format(
                item=item.strip(), kind=kind.name,
                names=", ".join(f"{a.key} ({a.label})" for a in kind.attributes) or "—"))
        if field.strip():
            out[key] = field.strip()
    return out


class PrefillReferenceAlgorithm(WpzfAlgorithm):
    NAME = "prefill_reference"
    DISPLAY = tr_noop("Pre-fill facts from reference layers")
    GROUP_ID = "workspace"
    HELP = tr_noop("Overlays every patch and part of the workspace with the county's registered reference layers "
                   "(建设用地审批, 临时用地批复, 设施农业用地备案, 采矿权/探矿权, 永久基本农田, 生态保护红线, earlier "
                   "patches …) and stores the facts they suggest, each citing the feature it came from. Nothing "
                   "suggested counts as confirmed until a person accepts it in the findings tab — unless 'Accept "
                   "every suggestion' is ticked. Optionally registers a layer of a given kind first, with its field "
                   "mapping as attribute=field pairs separated by ';' (empty: the fields are guessed from their "
                   "names). The registration is remembered in the workspace.")

    KIND, LAYER, FIELDS, COMPLETE = "KIND", "LAYER", "FIELDS", "COMPLETE"
    ONLY, LAYER_ID, ACCEPT_ALL = "ONLY_THIS_LAYER", "LAYER_ID", "ACCEPT_ALL"
    COMPLETE_OPTIONS = (tr_noop("As the kind says"), tr_noop("Yes: a patch it does not cover gets 'not obtained'"),
                        tr_noop("No: the layer may lack records"))

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_workspace_parameter()
        try:
            names = [k.name for k in _kinds()]
        except ValueError:   # a province's kinds file that does not load: said when the algorithm runs
            names = []
        self.addParameter(QgsProcessingParameterEnum(self.KIND, tr("Kind of the layer to register"),
                                                     options=names, optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.LAYER, tr("Layer to register (empty: use the registered layers)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.FIELDS, tr("Its fields: attribute=field pairs separated by ';' (empty: guessed)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.COMPLETE, tr("Does the layer hold every such record of the county?"),
            options=[tr(o) for o in self.COMPLETE_OPTIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(self.ONLY, tr("Pre-fill only the layer registered here"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterString(
            self.LAYER_ID, tr("Pre-fill only this registered layer (its id; empty: every registered layer)"),
            optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.ACCEPT_ALL, tr("Accept every suggestion (采纳全部建议)"),
                                                        defaultValue=False))
        self.addOutput(QgsProcessingOutputString("REGISTERED", tr("Id of the layer registered")))
        self.addOutput(QgsProcessingOutputNumber("LAYERS", tr("Reference layers pre-filled")))
        self.addOutput(QgsProcessingOutputNumber("UNITS", tr("Patches and parts overlaid")))
        self.addOutput(QgsProcessingOutputNumber("SUGGESTIONS", tr("Suggestions stored")))
        self.addOutput(QgsProcessingOutputNumber("ACCEPTED", tr("Suggestions accepted")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """On the main thread: what registering needs of the layer (its source, name and fields). A mistake is
        kept for processAlgorithm to raise: Processing shows only its own sentence for one raised here."""
        self.registration, self.mistake = None, None
        try:
            self._prepare(parameters, context)
        except QgsProcessingException as e:
            self.mistake = e
        return True

    def _prepare(self, parameters, context) -> None:
        from ..exchange.reference_layers import guess_mapping
        from ..store.settings import layer_ref

        layer = self.parameterAsVectorLayer(parameters, self.LAYER, context)
        if layer is None:
            return
        if parameters.get(self.KIND) in (None, "", []):
            raise QgsProcessingException(tr("Say which kind of reference data the layer {name} is.").format(
                name=layer.name()))
        try:
            kinds = _kinds()
        except ValueError as e:   # rules.reference_kinds.KindError names the kind and rule
            raise QgsProcessingException(str(e)) from None
        kind = kinds[self.parameterAsEnum(parameters, self.KIND, context)]
        if layer.providerType() == "memory":
            raise QgsProcessingException(tr("{name} is a temporary layer: save it to a file first, so that the "
                                            "workspace can open it again.").format(name=layer.name()))
        text = self.parameterAsString(parameters, self.FIELDS, context)
        mapping = parse_mapping(text, kind) if text.strip() else guess_mapping(kind.id, layer.fields().names())
        missing = [f for f in mapping.values() if f not in layer.fields().names()]
        if missing:
            raise QgsProcessingException(tr("{name} has no field {fields}").format(
                name=layer.name(), fields=", ".join(missing)))
        complete = {0: None, 1: True, 2: False}[self.parameterAsEnum(parameters, self.COMPLETE, context)]
        self.registration = (kind.id, layer_ref(layer.source(), layer.providerType(), layer.name()), mapping,
                             complete)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..exchange.prefill import prefill
        from ..store.reference import accept_all, reference_layer, reference_layers, register_layer

        if self.mistake is not None:
            raise self.mistake
        tag = "processing:" + self.NAME
        only_id = self.parameterAsString(parameters, self.LAYER_ID, context).strip() or None
        with self.opened_workspace(parameters, context) as ws:
            registered = None
            if self.registration is not None:
                kind_id, ref, mapping, complete = self.registration
                same = [x for x in reference_layers(ws) if x["kind"] == kind_id
                        and (x["layer"].get("source"), x["layer"].get("provider")) == (ref["source"], ref["provider"])]
                registered = register_layer(ws, kind_id, ref, mapping, complete,
                                            layer_id=same[0]["id"] if same else None, source=tag)
                from ..rules.reference_kinds import kind_label

                feedback.pushInfo(tr("Registered {name} as {kind}: {fields}").format(
                    name=ref["name"], kind=kind_label(kind_id), fields=", ".join(f"{k}={v}" for k, v in mapping.items()) or "—"))
            if self.parameterAsBoolean(parameters, self.ONLY, context):
                if registered is None:
                    raise QgsProcessingException(tr("'Pre-fill only the layer registered here' needs a layer to "
                                                    "register."))
                only_id = registered
            if only_id is not None:
                reference_layer(ws, only_id)   # unknown id: one sentence naming it
            if not reference_layers(ws):
                raise QgsProcessingException(tr("No reference layer is registered in this workspace: give a layer "
                                                "and its kind."))
            result = prefill(ws, layer_ids=[only_id] if only_id else None, progress=lambda f: feedback.setProgress(
                100 * f), is_cancelled=feedback.isCanceled, source=tag)
            if feedback.isCanceled():
                feedback.pushWarning(tr("Cancelled; layers already done are kept."))
            accepted = 0
            if self.parameterAsBoolean(parameters, self.ACCEPT_ALL, context) and not feedback.isCanceled():
                accepted = accept_all(ws, source=tag)
                if accepted:
                    from ..store.determinations import determine_patches

                    determine_patches(ws, None, source=tag)
        if result.get("helper") == "yes":
            feedback.pushInfo(tr("The overlays with the reference layers, and the suggestions of every layer after "
                                 "the first, were computed in a second process, on another core, while this one "
                                 "stored them"))
        elif str(result.get("helper", "no")).startswith("failed"):
            feedback.pushInfo(tr("The second process stopped; the layers it had not finished were computed in "
                                 "this one, with the same results"))
        feedback.pushInfo(tr("{layers} layer(s), {units} patches and parts: {n} suggestion(s); {accepted} accepted "
                             "({seconds:.1f} s)").format(layers=result.get("layers", 0), units=result.get("units", 0),
                                                         n=result.get("suggestions", 0), accepted=accepted,
                                                         seconds=float(result.get("seconds", 0.0))))
        return {"REGISTERED": registered or "", "LAYERS": result.get("layers", 0), "UNITS": result.get("units", 0),
                "SUGGESTIONS": result.get("suggestions", 0), "ACCEPTED": accepted}
