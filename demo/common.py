"""Shared constants and helpers of the demo generator: CRS transforms, hashing noise, rounding.

All geometry is constructed in CGCS2000 / 3° Gauss–Krüger zone 38 (EPSG:4526, metres, zone prefix
in the false easting) and converted vertex by vertex to CGCS2000 lon/lat (EPSG:4490) at the end, so
that shared edges stay shared exactly.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import shapely
from osgeo import osr

from ..core.units import m2_to_mu, round_mu

DEFAULT_SEED = 20210506
COUNTY_CODE = "140923"
COUNTY_NAME = "代县"
EPSG_LONLAT = 4490   # CGCS2000 geographic
EPSG_GK38 = 4526     # CGCS2000 / 3-degree Gauss-Kruger zone 38 (false easting 38500000)
CENTER_LON, CENTER_LAT = 113.0, 39.07
MINISTRY_ISSUED = dt.date(2021, 5, 6)
PROVINCE_ISSUED = dt.date(2021, 6, 8)

osr.UseExceptions()


def srs(epsg: int) -> osr.SpatialReference:
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


_CT: dict[tuple[int, int], osr.CoordinateTransformation] = {}


def transform_xy(xy: np.ndarray, src: int, dst: int) -> np.ndarray:
    """(N, 2) coordinates from one EPSG code to another (x/y = lon/lat order for geographic)."""
    key = (src, dst)
    if key not in _CT:
        _CT[key] = osr.CoordinateTransformation(srs(src), srs(dst))
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0:
        return xy.copy()
    out = np.array(_CT[key].TransformPoints(xy), dtype=float)
    return out[:, :2]


def gk_to_lonlat(geoms):
    """Shapely geometries (scalar or array) in EPSG:4526 → EPSG:4490 lon/lat."""
    return shapely.transform(geoms, lambda c: transform_xy(c, EPSG_GK38, EPSG_LONLAT))


def lonlat_to_gk_xy(lon: float, lat: float) -> tuple[float, float]:
    x, y = transform_xy(np.array([[lon, lat]]), EPSG_LONLAT, EPSG_GK38)[0]
    return float(x), float(y)


def stable_int(*parts) -> int:
    """A platform-independent 63-bit integer from any printable parts (for sub-seeds)."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "little") >> 1


def rng_for(seed: int, *parts) -> np.random.Generator:
    return np.random.default_rng(stable_int(seed, *parts))


def hash2(ix: np.ndarray, iy: np.ndarray, salt: int) -> np.ndarray:
    """Integer lattice → uniform floats in [0, 1), a pure function of (ix, iy, salt)."""
    with np.errstate(over="ignore"):
        h = (np.asarray(ix, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
             ^ np.asarray(iy, dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
             ^ np.uint64(salt & 0xFFFFFFFFFFFF) * np.uint64(0x165667B19E3779F9))
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def round2(x: float) -> float:
    """m² (or any value) to two decimals."""
    return float(round(float(x) + 0.0, 2))


def mu(m2: float) -> float:
    """m² → 亩 with two decimals, as reports give them."""
    return round_mu(m2_to_mu(float(m2)))
