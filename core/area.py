"""Ellipsoidal (椭球面积) areas of lon/lat polygons on the CGCS2000 ellipsoid, vectorized.

Each geometry is mapped to the authalic sphere (same total area as the ellipsoid, latitude replaced by
the authalic latitude, an exactly equal-area mapping) and then by a Lambert azimuthal equal-area
projection centred on the geometry itself, which is equal-area too; the planar area there is the
ellipsoidal area. Centring per geometry keeps the departure of projected straight edges from
geodesics far below 1e-6 relative for patch-sized polygons (tests compare with GeographicLib).
Planar Gauss–Krüger areas are never used: they run up to ~0.06 % large at a 3° zone edge.
"""
from __future__ import annotations

import numpy as np
import shapely

# CGCS2000 = GRS80 geometry: a = 6378137 m, 1/f = 298.257222101
A = 6378137.0
F = 1.0 / 298.257222101
E2 = F * (2.0 - F)
E = np.sqrt(E2)


def _q(sin_phi: np.ndarray) -> np.ndarray:
    """Snyder's q(φ) (Map Projections, eq. 3-12)."""
    es = E * sin_phi
    return (1.0 - E2) * (sin_phi / (1.0 - es * es) - np.log((1.0 - es) / (1.0 + es)) / (2.0 * E))


_QP = float(_q(np.array(1.0)))
R_AUTHALIC = A * np.sqrt(_QP / 2.0)


def authalic_latitude(lat_deg: np.ndarray) -> np.ndarray:
    """Authalic latitude β in radians for geodetic latitude φ in degrees."""
    s = np.sin(np.radians(lat_deg))
    return np.arcsin(np.clip(_q(s) / _QP, -1.0, 1.0))


def _laea(lon: np.ndarray, beta: np.ndarray, lon0: np.ndarray, beta0: np.ndarray):
    dl = np.radians(lon - lon0)
    cb, sb = np.cos(beta), np.sin(beta)
    cb0, sb0 = np.cos(beta0), np.sin(beta0)
    cdl = np.cos(dl)
    k = np.sqrt(2.0 / (1.0 + sb0 * sb + cb0 * cb * cdl))
    x = R_AUTHALIC * k * cb * np.sin(dl)
    y = R_AUTHALIC * k * (cb0 * sb - sb0 * cb * cdl)
    return x, y


def to_local_equal_area(geoms) -> np.ndarray:
    """Geometries in lon/lat degrees → the same geometries in a per-geometry equal-area plane (m)."""
    geoms = np.asarray(geoms, dtype=object)
    out = np.array(geoms, dtype=object, copy=True)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return out
    g = geoms[present]
    b = shapely.bounds(g)
    lon0 = (b[:, 0] + b[:, 2]) / 2.0
    beta0 = authalic_latitude((b[:, 1] + b[:, 3]) / 2.0)
    coords, idx = shapely.get_coordinates(g, return_index=True)
    x, y = _laea(coords[:, 0], authalic_latitude(coords[:, 1]), lon0[idx], beta0[idx])
    out[present] = shapely.set_coordinates(shapely.transform(g, lambda c: c), np.column_stack([x, y]))
    return out


def ellipsoidal_area(geoms) -> np.ndarray:
    """Area in m² of each lon/lat geometry (degrees, CGCS2000/GRS80). Missing or empty → 0."""
    flat = np.atleast_1d(np.asarray(geoms, dtype=object))
    areas = shapely.area(to_local_equal_area(flat))
    return np.nan_to_num(np.asarray(areas, dtype=float), nan=0.0)
