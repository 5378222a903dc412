"""What QField (and QFieldSync / QFieldCloud) read from the field project beyond plain QGIS settings.

The keys are those QField 3.x reads (confirmed against libqfieldsync's ``layer.py``/``project.py`` and QField's
camera code); docs/field.md lists the versions the settings target:

- edit locks per layer: ``QFieldSync/is_feature_addition_locked``, ``is_attribute_editing_locked``,
  ``is_geometry_editing_locked``, ``is_feature_deletion_locked`` with their ``*_expression_active`` flags and
  ``*_locked_expression`` (QField ≥ 3.7), and the legacy ``is_geometry_locked`` (+ expression) older
  QField versions read;
- ``QFieldSync/action`` / ``QFieldSync/cloud_action`` on every layer (what QFieldSync / QFieldCloud do with it);
- ``QFieldSync/attachment_naming`` and the legacy ``QFieldSync/photo_naming`` (a photo's file name);
- project entries of scope ``qfieldsync``: ``initialActiveLayer``, ``forceStamping`` and
  ``stampingDetailsTemplate`` (the text QField burns into every photo).

The project also carries the measurement settings QField uses for its measure tool and ``$area``: the
ellipsoid of CGCS2000 (a project in EPSG:4490 with ellipsoid NONE measures planar degrees) and metres.
"""
from __future__ import annotations

import json

SCOPE = "qfieldsync"
ACTION_COPY, ACTION_NO_ACTION, ACTION_OFFLINE = "copy", "no_action", "offline"
LOCKS = ("feature_addition", "attribute_editing", "geometry_editing", "feature_deletion")
# QField shows a square metre area; 1 亩 = 10000/15 m²
MU_M2 = 10000.0 / 15.0
# the text stamped on every photo taken in the field: 监测编号, time, position and the camera's direction
STAMP_TEMPLATE = (
    "[% '监测编号 ' || coalesce(\"JCBH\", '') %]\n"
    "[% format_date(now(), 'yyyy-MM-dd HH:mm:ss') %]\n"
    "[% CASE WHEN @position_coordinate IS NOT NULL THEN "
    "'经度 ' || format_number(x(@position_coordinate), 6) || '  纬度 ' || format_number(y(@position_coordinate), 6) "
    "ELSE '无定位' END %]\n"
    "[% '方向 ' || coalesce(format_number(coalesce(@position_orientation, @position_direction), 0) || '°', '—') %]"
)


def photo_name_expression(patches_id: str, photo_dir: str) -> str:
    """DCIM/<监测编号>_<yyyyMMdd_HHmmsszzz>.<ext>: milliseconds so two shots of one patch within a second
    get two names."""
    return (f"'{photo_dir}/' || coalesce(attribute(get_feature('{patches_id}', 'UUID', \"TBUUID\"), 'JCBH'), "
            "\"JCBH\", 'photo') || '_' || format_date(now(), 'yyyyMMdd_HHmmsszzz') || '.{extension}'")


def set_locks(layer, locked: dict[str, bool]) -> None:
    """The QField ≥ 3.7 lock properties (+ the legacy geometry lock) for ``locked`` {lock name: bool}."""
    for name in LOCKS:
        on = bool(locked.get(name, False))
        layer.setCustomProperty(f"QFieldSync/is_{name}_locked", on)
        layer.setCustomProperty(f"QFieldSync/is_{name}_locked_expression_active", False)
        layer.setCustomProperty(f"QFieldSync/{name}_locked_expression", "")
    geometry = bool(locked.get("geometry_editing", False))
    layer.setCustomProperty("QFieldSync/is_geometry_locked", geometry)
    layer.setCustomProperty("QFieldSync/is_geometry_locked_expression_active", False)
    layer.setCustomProperty("QFieldSync/geometry_locked_expression", "")


def set_actions(layer, raster: bool = False) -> None:
    """Packaged as files (copied, relative); on QFieldCloud vectors are edited offline, rasters read as they are."""
    layer.setCustomProperty("QFieldSync/action", ACTION_COPY)
    layer.setCustomProperty("QFieldSync/cloud_action", ACTION_NO_ACTION if raster else ACTION_OFFLINE)


def set_naming(layer, field: str, expression: str) -> None:
    naming = json.dumps({field: expression}, ensure_ascii=False)
    layer.setCustomProperty("QFieldSync/attachment_naming", naming)
    layer.setCustomProperty("QFieldSync/photo_naming", naming)   # read by QField before 2.x / old QFieldSync


def set_measurement(project, crs) -> None:
    """The CRS's own ellipsoid (CGCS2000 for EPSG:4490), metres and square metres."""
    from qgis.core import QgsUnitTypes

    ellipsoid = crs.ellipsoidAcronym() or "EPSG:7019"   # GRS 1980, which CGCS2000 matches to 0.1 mm
    project.setEllipsoid(ellipsoid)
    distance = getattr(QgsUnitTypes, "DistanceMeters", None)
    area = getattr(QgsUnitTypes, "AreaSquareMeters", None)
    if distance is None:   # QGIS ≥ 3.30 keeps the units in the Qgis namespace
        from qgis.core import Qgis

        distance, area = Qgis.DistanceUnit.Meters, Qgis.AreaUnit.SquareMeters
    project.setDistanceUnits(distance)
    project.setAreaUnits(area)


def set_project_entries(project, active_layer_id: str) -> None:
    project.writeEntry(SCOPE, "/initialActiveLayer", active_layer_id)
    project.writeEntryBool(SCOPE, "/forceStamping", True)
    project.writeEntry(SCOPE, "/stampingDetailsTemplate", STAMP_TEMPLATE)
