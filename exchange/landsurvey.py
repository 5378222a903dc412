"""A land-survey (or protection) layer of QGIS as a parcel source for the overlay engine.

The readers live in :mod:`.parcel_readers`; this name stays for callers that import it from here.
"""
from __future__ import annotations

from .parcel_readers import WORKSPACE_CRS, GeoPackageParcelSource, LayerParcelSource, open_parcel_source

__all__ = ["WORKSPACE_CRS", "GeoPackageParcelSource", "LayerParcelSource", "open_parcel_source"]
