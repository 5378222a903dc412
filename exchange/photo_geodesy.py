"""Where a photo was taken relative to its patch (pure): the distance on the CGCS2000 ellipsoid between two
points, and from a point to a patch outline."""
from __future__ import annotations

import math
from typing import Optional

import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from ..core.area import E2 as ELLIPSOID_E2
from ..core.area import A as ELLIPSOID_A
from ..core.area import F as ELLIPSOID_F


def geodesic_distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance in metres on the CGCS2000 ellipsoid (Vincenty's inverse formula; mm-accurate)."""
    a, f = ELLIPSOID_A, ELLIPSOID_F
    b = a * (1.0 - f)
    big_l = math.radians(lon2 - lon1)
    u1 = math.atan((1.0 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1.0 - f) * math.tan(math.radians(lat2)))
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = big_l
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if ss == 0.0:
            return 0.0
        cs = su1 * su2 + cu1 * cu2 * cl
        sigma = math.atan2(ss, cs)
        sa = cu1 * cu2 * sl / ss
        c2a = 1.0 - sa * sa
        c2sm = cs - 2.0 * su1 * su2 / c2a if c2a else 0.0
        c = f / 16.0 * c2a * (4.0 + f * (4.0 - 3.0 * c2a))
        prev = lam
        lam = big_l + (1.0 - c) * f * sa * (sigma + c * ss * (c2sm + c * cs * (-1.0 + 2.0 * c2sm * c2sm)))
        if abs(lam - prev) < 1e-13:
            break
    else:  # nearly antipodal (never for field photos): the mean-sphere distance is good enough
        return _sphere_distance(lon1, lat1, lon2, lat2)
    u_sq = c2a * (a * a - b * b) / (b * b)
    big_a = 1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)))
    big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)))
    ds = big_b * ss * (c2sm + big_b / 4.0 * (cs * (-1.0 + 2.0 * c2sm * c2sm)
                                             - big_b / 6.0 * c2sm * (-3.0 + 4.0 * ss * ss) * (-3.0 + 4.0 * c2sm * c2sm)))
    return b * big_a * (sigma - ds)


def _sphere_distance(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2.0 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))


def distance_to_patch(lon: float, lat: float, geom) -> Optional[float]:
    """Ellipsoidal distance in metres from a point to a lon/lat patch outline; 0 inside; None without
    a patch geometry.

    The patch is mapped affinely into a local plane at the point (scaled by the ellipsoid's radii of
    curvature there), so its edges stay straight lines between the same vertices; the nearest outline
    point found there is measured back on the ellipsoid with :func:`geodesic_distance`.
    """
    if geom is None or shapely.is_empty(geom):
        return None
    if shapely.covers(geom, Point(lon, lat)):
        return 0.0
    phi = math.radians(lat)
    w = 1.0 - ELLIPSOID_E2 * math.sin(phi) ** 2
    n = ELLIPSOID_A / math.sqrt(w)
    m = ELLIPSOID_A * (1.0 - ELLIPSOID_E2) / w ** 1.5
    kx, ky = math.radians(1.0) * n * math.cos(phi), math.radians(1.0) * m
    local = shapely.transform(geom, lambda c: (c - (lon, lat)) * (kx, ky))
    near = nearest_points(local, Point(0.0, 0.0))[0]
    return geodesic_distance(lon, lat, lon + near.x / kx, lat + near.y / ky)
