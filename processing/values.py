"""Attribute values between QGIS and the pure-Python layers."""
from __future__ import annotations

from qgis.PyQt.QtCore import QDate, QDateTime, QVariant


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
