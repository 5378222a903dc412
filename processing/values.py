"""Attribute values between QGIS and the pure-Python layers."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import QDate, QDateTime, QMetaType, QVariant

# QgsField types: QVariant.Type up to QGIS 3.36; QMetaType.Type from 3.38 and in QGIS 4 / Qt6.
if Qgis.versionInt() >= 33800:
    STRING, DOUBLE, INT = QMetaType.Type.QString, QMetaType.Type.Double, QMetaType.Type.Int
else:
    STRING, DOUBLE, INT = QVariant.Type.String, QVariant.Type.Double, QVariant.Type.Int


def py_value(v):
    """QGIS attribute → plain Python (NULL → None, QDate → ISO text)."""
    if v is None:
        return None
    if isinstance(v, QVariant):
        return None if v.isNull() else v.value()
    if isinstance(v, QDate):
        return v.toString("yyyy-MM-dd") if v.isValid() else None
    if isinstance(v, QDateTime):
        return v.date().toString("yyyy-MM-dd") if v.isValid() else None
    return v


def qgis_value(v):
    """Plain Python (numpy, NaN) → what a QgsFeature attribute accepts."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v
