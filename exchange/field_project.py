"""The project of a field package (wpzf_field.qgs), written with the QGIS API as QField reads it: value maps for
enum and yes/no facts (Chinese labels → codes; 未填写 for unknown, which QField's check box cannot give back),
date pickers, multi-line text, read-only reference fields, the camera (an attachment widget showing the photo,
storing paths relative to the project, under DCIM/) on the photo table, tabs sized for a phone (基本信息, 核查事实
in sections, 照片, 分割地块, optionally 内业照片), the area as QField measures it, and QField's own settings
(exchange/field_qfield.py).
"""
from __future__ import annotations

from pathlib import Path

from ..i18n import tr
from ..rules.facts import FACTS_BY_CODE
from ..store.determinations import ENTERED
from . import field_qfield as qfield
from .field_package import (
    GPKG_NAME,
    IMAGERY_NAME,
    LAYER_ALIASES,
    LAYER_FIELDS,
    OFFICE_PHOTOS,
    PARTS,
    PATCHES,
    PHOTO_DIR,
    PHOTOS,
    PROJECT_NAME,
    PkgField,
)

# The sections of the 核查事实 tab (as the findings form groups them), titled in Chinese for the field.
FACT_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("变化与用途", ("BHLX", "JSRQ", "WFGH", "SJYT", "MYYT")),
    ("审批与登记", ("YDPF", "PZWH", "PZRQ", "QQDJ", "DJZH", "DJRQ", "HXGX")),
    ("临时用地", ("LSPF", "LSPZWH")),
    ("设施农业", ("SSHG", "SSBA", "YZSS", "BHTY")),
    ("附件4第四条所列工程", ("GCLX", "SZYJ")),
    ("农村宅基地", ("ZJPZ",)),
    ("国家级深度贫困地区", ("SDPK", "BBBJ")),
    ("人工认定", ("RGPD", "RGSM")),
    ("矿产（同查同核）", ("KCZT", "CKXK", "SFYJ", "FFZR", "PHKC")),
)
TAB_BASIC, TAB_FACTS, TAB_PHOTOS, TAB_PARTS, TAB_OFFICE = "基本信息", "核查事实", "照片", "分割地块", "内业照片"
DATA_SECTION = "来自数据（只读）"
OTHER_SECTION = "其他"
WHOLE = "整块"              # how a part that is the whole patch is shown (split it to make parts)
NULL_VALUE = "{2839923C-8B7D-419E-B84B-CA2FE9B80EC7}"  # QGIS' value-map entry for NULL
UNKNOWN_LABEL = "未填写"
BOOL_ENTRIES = ({"是": "1"}, {"否": "0"})   # stored as 1 / 0 in field.gpkg; the import reads them back as yes / no
AREA_FIELD = "XCMJ"          # an expression field: the area QField measures, in 亩 (the project's ellipsoid)
RELATION_PHOTOS, RELATION_PARTS, RELATION_OFFICE = "wpzf_photos_patch", "wpzf_parts_patch", "wpzf_office_photos_patch"
# ---- the project (QGIS) -----------------------------------------------------------------------------
def _enum_const(*paths):
    """The first enum value that exists (the names moved between QGIS 3.22 and 3.40)."""
    import qgis.core as qc

    for path in paths:
        obj = qc
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            continue
        return obj
    raise AttributeError(paths[0])


def widget_setup(f: PkgField):
    from qgis.core import QgsEditorWidgetSetup

    if f.name == "UUID" or (f.name == "TBUUID" and f.read_only):
        return QgsEditorWidgetSetup("Hidden", {})
    if f.kind == "bool":   # QField's check box cannot go back to unknown (it ignores AllowNullState)
        return QgsEditorWidgetSetup("ValueMap", {"map": [{UNKNOWN_LABEL: NULL_VALUE}, *BOOL_ENTRIES]})
    if f.kind == "enum":
        fact = FACTS_BY_CODE[f.fact]
        entries = [{UNKNOWN_LABEL: NULL_VALUE}] + [{label: code} for code, label in fact.values]
        return QgsEditorWidgetSetup("ValueMap", {"map": entries})
    if f.kind in ("date", "datetime"):
        fmt = "yyyy-MM-dd" if f.kind == "date" else "yyyy-MM-dd HH:mm:ss"
        return QgsEditorWidgetSetup("DateTime", {"allow_null": True, "calendar_popup": True, "field_iso_format": False,
                                                 "display_format": fmt if f.kind == "date" else "yyyy-MM-dd HH:mm",
                                                 "field_format": fmt})
    if f.kind in ("integer", "real") and f.read_only:
        return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False, "UseHtml": False})
    if f.kind in ("integer", "real"):
        return QgsEditorWidgetSetup("Range", {"AllowNull": True, "Precision": 2 if f.kind == "real" else 0,
                                              "Style": "SpinBox", "Min": 0, "Max": 1e9})
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": f.width > 100, "UseHtml": False})


PHOTO_WIDGET = {
    # the camera in QField, a file picker in QGIS; both show the photo (DocumentViewer 1 = image; UseLink would
    # show only the file name); the path is stored relative to the project
    "DocumentViewer": 1, "DocumentViewerHeight": 0, "DocumentViewerWidth": 0, "FileWidget": True,
    "FileWidgetButton": True, "FileWidgetFilter": "图片 (*.jpg *.jpeg *.png *.heic)", "RelativeStorage": 1,
    "StorageMode": 0, "UseLink": False, "FullUrl": False,
}


def _configure_fields(layer, fields, verifier: str) -> None:
    from qgis.core import QgsDefaultValue

    config = layer.editFormConfig()
    index = layer.fields().indexOf
    for f in fields:
        i = index(f.name)
        if i < 0:
            continue
        layer.setFieldAlias(i, f.alias)
        layer.setEditorWidgetSetup(i, widget_setup(f))
        config.setReadOnly(i, f.read_only)
        config.setLabelOnTop(i, bool(f.fact))  # a phone is narrow: a fact's label above its value
    layer.setEditFormConfig(config)
    who = "'" + verifier.replace("'", "''") + "'" if verifier else None
    for name, expr, on_update in (("HCSJ", "now()", True),
                                  ("HCR", f'coalesce("HCR", {who})' if who else None, True)):
        i = index(name)
        if i >= 0 and expr:
            layer.setDefaultValueDefinition(i, QgsDefaultValue(expr, on_update))


def _container(name: str, parent, group_box: bool, columns: int = 1):
    from qgis.core import Qgis, QgsAttributeEditorContainer

    c = QgsAttributeEditorContainer(name, parent)
    kind = getattr(Qgis, "AttributeEditorContainerType", None)
    if kind is not None and hasattr(c, "setType"):
        c.setType(kind.GroupBox if group_box else kind.Tab)
    else:
        c.setIsGroupBox(group_box)
    c.setColumnCount(columns)
    return c


def _add_fields(layer, container, names) -> None:
    from qgis.core import QgsAttributeEditorField

    for n in names:
        i = layer.fields().indexOf(n)
        if i >= 0:
            container.addChildElement(QgsAttributeEditorField(n, i, container))


def _fact_tabs(layer, root) -> None:
    facts = _container(TAB_FACTS, root, False)
    listed = set()
    for title, codes in FACT_SECTIONS:
        codes = [c for c in codes if c in ENTERED]
        listed.update(codes)
        if codes:
            box = _container(title, facts, True)
            _add_fields(layer, box, codes)
            facts.addChildElement(box)
    rest = [c for c in ENTERED if c not in listed]
    if rest:
        box = _container(OTHER_SECTION, facts, True)
        _add_fields(layer, box, rest)
        facts.addChildElement(box)
    root.addChildElement(facts)


def _form(layer, basic: list[str], data: list[str], relations: list[tuple[str, object]]) -> None:
    from qgis.core import QgsAttributeEditorRelation, QgsEditFormConfig

    config = layer.editFormConfig()
    config.setLayout(_enum_const("Qgis.AttributeFormLayout.DragAndDrop", "QgsEditFormConfig.EditorLayout.TabLayout"))
    config.clearTabs()
    root = config.invisibleRootContainer()
    tab = _container(TAB_BASIC, root, False)
    _add_fields(layer, tab, basic)
    if data:
        box = _container(DATA_SECTION, tab, True)
        _add_fields(layer, box, data)
        tab.addChildElement(box)
    root.addChildElement(tab)
    _fact_tabs(layer, root)
    for title, relation in relations:
        rtab = _container(title, root, False)
        rel = QgsAttributeEditorRelation(relation, rtab)
        rel.setRelationWidgetTypeId("relation_editor")  # an empty id crashes QGIS 3.22's form (no "basic" widget)
        rel.setShowLabel(False)
        if hasattr(rel, "setRelationEditorConfiguration"):
            buttons = "NoButton" if title == TAB_OFFICE else "AddChildFeature|DeleteChildFeature|SaveChildEdits"
            rel.setRelationEditorConfiguration({"buttons": buttons, "show_first_feature": True})
        rtab.addChildElement(rel)
        root.addChildElement(rtab)
    assert isinstance(config, QgsEditFormConfig)
    layer.setEditFormConfig(config)


def _area_field(layer) -> None:
    """现场面积(亩): the feature's area as QGIS/QField compute it with the project's ellipsoid."""
    from qgis.core import QgsField
    from qgis.PyQt.QtCore import QVariant

    layer.addExpressionField(f"round($area / {qfield.MU_M2!r}, 2)", QgsField(AREA_FIELD, QVariant.Type.Double))
    i = layer.fields().indexOf(AREA_FIELD)
    layer.setFieldAlias(i, "现场面积(亩)")
    config = layer.editFormConfig()
    config.setReadOnly(i, True)
    layer.setEditFormConfig(config)


def _office_photo_layer(layer) -> None:
    """The office's photos: shown (an image viewer, no camera), never edited, added or removed in the field."""
    from qgis.core import QgsEditorWidgetSetup

    index = layer.fields().indexOf
    layer.setEditorWidgetSetup(index("WJLJ"), QgsEditorWidgetSetup("ExternalResource", {
        **PHOTO_WIDGET, "FileWidget": False, "FileWidgetButton": False}))
    layer.setDisplayExpression("\"JCBH\" || ' ' || coalesce(format_date(\"PSSJ\", 'yyyy-MM-dd HH:mm'), '')")
    layer.setReadOnly(True)
    qfield.set_locks(layer, {name: True for name in qfield.LOCKS})


def _style_patches(layer) -> None:
    from qgis.core import (
        QgsFillSymbol,
        QgsPalLayerSettings,
        QgsSingleSymbolRenderer,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.PyQt.QtGui import QColor

    layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#e31a1c", "outline_width": "0.8", "outline_width_unit": "MM"})))
    settings = QgsPalLayerSettings()
    settings.fieldName = "JCBH"
    fmt = QgsTextFormat()
    fmt.setSize(10)
    fmt.setColor(QColor("#ffffff"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setColor(QColor("#b00000"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def write_project(folder: Path, *, verifier: str = "", imagery: bool = False, title: str = "",
                  office_photos: bool = False) -> Path:
    """The project for QField and QGIS: layers from field.gpkg by relative path, forms, relations, imagery,
    QField's locks, actions, photo naming and stamping (exchange/field_qfield.py); with ``office_photos`` the
    office's photos of each patch, read-only."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsDefaultValue,
        QgsFillSymbol,
        QgsProject,
        QgsRasterLayer,
        QgsRelation,
        QgsRelationContext,
        QgsVectorLayer,
    )

    folder = Path(folder).resolve()
    path = folder / PROJECT_NAME
    project = QgsProject()
    project.setFileName(str(path))
    project.writeEntryBool("Paths", "/Absolute", False)
    project.setTitle(title or "卫片执法外业核查")
    crs = QgsCoordinateReferenceSystem("EPSG:4490")
    project.setCrs(crs)
    qfield.set_measurement(project, crs)   # after setCrs, which resets the ellipsoid
    gpkg = folder / GPKG_NAME
    layers = {}
    for name in (PATCHES, PARTS, PHOTOS) + ((OFFICE_PHOTOS,) if office_photos else ()):
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", LAYER_ALIASES[name], "ogr")
        if not layer.isValid():
            raise OSError(tr("QGIS cannot open layer {name} of {file}").format(name=name, file=gpkg))
        layers[name] = layer
    patches, parts, photos = layers[PATCHES], layers[PARTS], layers[PHOTOS]
    if imagery:
        raster = QgsRasterLayer(str(folder / IMAGERY_NAME), "影像")
        if raster.isValid():
            qfield.set_actions(raster, raster=True)
            project.addMapLayer(raster)
    for layer in layers.values():
        qfield.set_actions(layer)
        project.addMapLayer(layer)

    relations = project.relationManager()
    made = {}
    pairs = [(RELATION_PHOTOS, LAYER_ALIASES[PHOTOS], photos), (RELATION_PARTS, LAYER_ALIASES[PARTS], parts)]
    if office_photos:
        pairs.append((RELATION_OFFICE, LAYER_ALIASES[OFFICE_PHOTOS], layers[OFFICE_PHOTOS]))
    for rid, title_, child in pairs:
        rel = QgsRelation(QgsRelationContext(project))
        rel.setId(rid)
        rel.setName(title_)
        rel.setReferencingLayer(child.id())
        rel.setReferencedLayer(patches.id())
        rel.addFieldPair("TBUUID", "UUID")
        if not rel.isValid():
            raise OSError(tr("the relation {name} of the field project is not valid").format(name=rid))
        relations.addRelation(rel)
        made[rid] = rel

    for name, layer in layers.items():
        _configure_fields(layer, LAYER_FIELDS[name], verifier)
    patches.setDisplayExpression('"JCBH"')
    parts.setDisplayExpression(f"\"JCBH\" || '-' || coalesce(\"FGBH\", '{WHOLE}')")
    photos.setDisplayExpression("\"JCBH\" || ' ' || coalesce(format_date(\"PSSJ\", 'yyyy-MM-dd HH:mm'), '')")
    for layer in (patches, parts):   # the area as QField measures it (ellipsoidal once the project has one)
        _area_field(layer)
    data = [f.name for f in LAYER_FIELDS[PATCHES] if f.fact and f.read_only]
    tabs = [(TAB_PHOTOS, made[RELATION_PHOTOS]), (TAB_PARTS, made[RELATION_PARTS])]
    if office_photos:
        tabs.append((TAB_OFFICE, made[RELATION_OFFICE]))
        _office_photo_layer(layers[OFFICE_PHOTOS])
    _form(patches, ["JCBH", "XZMC", "CMC", "TBMJMU", AREA_FIELD, "HCJZ", "ZT", "HCR", "HCSJ"], data, tabs)
    _form(parts, ["JCBH", "FGBH", "TBMJMU", AREA_FIELD, "HCR", "HCSJ"], [], [])

    # the photo table: the patch it shows (a reference filled in when a photo is added from the patch's form),
    # the camera, the time and who took it
    from qgis.core import QgsEditorWidgetSetup

    index = photos.fields().indexOf
    photos.setEditorWidgetSetup(index("TBUUID"), QgsEditorWidgetSetup("RelationReference", {
        "Relation": RELATION_PHOTOS, "AllowNULL": True, "ReadOnly": False, "ShowForm": False,
        "ShowOpenFormButton": False, "MapIdentification": False, "OrderByValue": True}))
    photos.setEditorWidgetSetup(index("WJLJ"), QgsEditorWidgetSetup("ExternalResource", PHOTO_WIDGET))
    photos.setEditorWidgetSetup(index("BZ"), QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False}))
    photos.setDefaultValueDefinition(index("UUID"), QgsDefaultValue("uuid('WithoutBraces')"))
    photos.setDefaultValueDefinition(index("PSSJ"), QgsDefaultValue("now()"))
    photos.setDefaultValueDefinition(index("JCBH"), QgsDefaultValue(
        f"attribute(get_feature('{patches.id()}', 'UUID', \"TBUUID\"), 'JCBH')", True))
    if verifier:
        photos.setDefaultValueDefinition(index("HCR"), QgsDefaultValue("'" + verifier.replace("'", "''") + "'"))
    # QField names a new photo after its patch: DCIM/<监测编号>_<time with milliseconds>.jpg
    qfield.set_naming(photos, "WJLJ", qfield.photo_name_expression(patches.id(), PHOTO_DIR))
    # the patches stay as issued (no moving, adding or deleting 图斑; their facts are edited); parts are drawn by
    # splitting the patch's part; photos are taken and removed freely
    qfield.set_locks(patches, {"feature_addition": True, "geometry_editing": True, "feature_deletion": True})
    qfield.set_locks(parts, {})
    qfield.set_locks(photos, {})
    qfield.set_project_entries(project, patches.id())
    parts.setDefaultValueDefinition(parts.fields().indexOf("TBUUID"), QgsDefaultValue(
        f"coalesce(\"TBUUID\", array_first(aggregate(layer:='{patches.id()}', aggregate:='array_agg', "
        "expression:=\"UUID\", filter:=intersects(geometry(@parent), $geometry))))"))
    parts.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "255,255,0,40", "outline_color": "#ffff00", "outline_style": "dash", "outline_width": "0.6",
         "outline_width_unit": "MM"}))
    _style_patches(patches)
    photos.setReadOnly(False)
    if not project.write(str(path)):
        raise OSError(tr("the field project could not be written: {error}").format(error=project.error()))
    project.clear()
    _fix_relation_ids(path)
    return path


def _fix_relation_ids(path: Path) -> None:
    """QGIS 3.22 resolves a form's relation elements through the *current* project's relations when the form
    is set, so a project written from another QgsProject object (the user's project stays untouched) gets
    ``relation=""``; the element's name is the relation id, put it back."""
    import re

    text = path.read_text("utf-8")

    def fix(m):
        tag = m.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        return tag.replace('relation=""', f'relation="{name.group(1)}"') if name else tag

    fixed = re.sub(r"<attributeEditorRelation\b[^>]*>", fix, text)
    if fixed != text:
        path.write_text(fixed, "utf-8")
