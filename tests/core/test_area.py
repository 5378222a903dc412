import math

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from wpzf.core.area import R_AUTHALIC, ellipsoidal_area
from wpzf.core.units import M2_PER_MU, m2_to_mu

geodesic = pytest.importorskip("geographiclib.geodesic")
WGS = geodesic.Geodesic(6378137.0, 1 / 298.257222101)


def reference_area(poly: Polygon) -> float:
    total = 0.0
    for ring_index, ring in enumerate([poly.exterior, *poly.interiors]):
        p = WGS.Polygon()
        for lon, lat in list(ring.coords)[:-1]:
            p.AddPoint(lat, lon)
        _, _, area = p.Compute(False, True)
        total += abs(area) * (1 if ring_index == 0 else -1)
    return total


def test_mu_conversion():
    assert M2_PER_MU == pytest.approx(666.6666667)
    assert m2_to_mu(10000.0) == pytest.approx(15.0)


def test_authalic_radius_matches_ellipsoid_surface():
    # 4πR² equals the GRS80 ellipsoid's surface, 510065621.7 km².
    assert 4 * math.pi * R_AUTHALIC**2 == pytest.approx(5.100656217e14, rel=1e-9)


@pytest.mark.parametrize("lon,lat,size_deg", [(112.9, 39.06, 0.002), (112.5, 39.2, 0.01),
                                               (87.6, 43.8, 0.005), (121.5, 18.3, 0.02)])
def test_agrees_with_geographiclib(lon, lat, size_deg):
    rng = np.random.default_rng(7)
    angles = np.sort(rng.uniform(0, 2 * np.pi, 12))
    radii = size_deg * rng.uniform(0.4, 1.0, 12)
    ring = [(lon + r * np.cos(a), lat + r * np.sin(a)) for a, r in zip(angles, radii)]
    poly = Polygon(ring)
    ours = ellipsoidal_area([poly])[0]
    assert ours == pytest.approx(reference_area(poly), rel=1e-6)


def test_holes_multiparts_and_missing():
    outer = Polygon([(113, 39), (113.01, 39), (113.01, 39.01), (113, 39.01)],
                    holes=[[(113.002, 39.002), (113.004, 39.002), (113.004, 39.004), (113.002, 39.004)]])
    other = Polygon([(113.02, 39), (113.03, 39), (113.03, 39.01)])
    multi = MultiPolygon([outer, other])
    a = ellipsoidal_area([outer, other, multi, None, shapely.Polygon()])
    assert a[0] == pytest.approx(reference_area(outer), rel=1e-6)
    assert a[2] == pytest.approx(a[0] + a[1], rel=1e-8)
    assert a[3] == 0.0 and a[4] == 0.0


def test_same_as_geos_on_the_projected_geometries_to_the_bit():
    """The areas come from the coordinate arrays in blocks, not from projected geometries; GEOS's area of the
    projected geometry (the former way) gives the same figure to the bit: holes, multiparts, Z, a collection, NaN,
    and more geometries than one block."""
    from shapely.geometry import GeometryCollection, LineString

    from wpzf.core import area

    rng = np.random.default_rng(3)
    geoms = []
    for k in range(area._AREA_BLOCK + 300):
        lon, lat, s = rng.uniform(75, 134), rng.uniform(18, 53), rng.uniform(1e-4, 0.05)
        shell = [(lon + s * np.cos(a), lat + s * np.sin(a)) for a in np.sort(rng.uniform(0, 2 * np.pi, 9))]
        hole = [(lon + 0.2 * s * np.cos(a), lat + 0.2 * s * np.sin(a)) for a in (0, 2, 4)]
        p = Polygon(shell, holes=[hole] if k % 3 == 0 else None)
        geoms.append(MultiPolygon([p, shapely.affinity.translate(p, 2 * s)]) if k % 5 == 0 else p)
    with np.errstate(invalid="ignore"):     # (a NaN coordinate)
        nan = Polygon([(100, 30), (float("nan"), 30), (100, 30.1)])
    geoms += [shapely.force_3d(geoms[1]), GeometryCollection([geoms[2], LineString([(100, 30), (100.1, 30)])]),
              nan, MultiPolygon()]
    got = ellipsoidal_area(geoms)
    want = np.nan_to_num(shapely.area(area.to_local_equal_area(shapely.force_2d(np.array(geoms, dtype=object)))))
    assert np.array_equal(got, want)
    assert got[-4] == got[1] and got[-3] > 0 and got[-2] == 0.0 and got[-1] == 0.0


def test_empty_rings_and_the_shape_of_the_input():
    """A polygon whose last hole is empty (legal in WKB, e.g. from a GeoPackage) is measured as GEOS measures it,
    wherever it stands; a 2-D array of geometries gives its areas in the same shape."""
    import struct

    from wpzf.core import area

    def wkb(rings):
        out = struct.pack("<BII", 1, 3, len(rings))
        for r in rings:
            out += struct.pack("<I", len(r)) + b"".join(struct.pack("<dd", *p) for p in r)
        return out

    shell = [(100, 30), (100.01, 30), (100.01, 30.01), (100, 30.01), (100, 30)]
    odd = shapely.from_wkb(wkb([shell, []]))
    plain = Polygon(shell)
    got = ellipsoidal_area([plain, odd])
    want = shapely.area(area.to_local_equal_area(np.array([plain, odd], dtype=object)))
    assert np.array_equal(got, want) and got[1] > 0
    grid = np.array([[plain, None], [odd, plain]], dtype=object)
    assert ellipsoidal_area(grid).shape == (2, 2) and ellipsoidal_area(grid)[0, 1] == 0.0
