"""The pure parts of the parcel readers: merging patch boxes into queries, Gauss–Krüger in numpy."""
import numpy as np
import pytest
import shapely

from wpzf.core.parcel_source import merge_boxes
from wpzf.core.tmerc import TransverseMercator

GK38 = "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"


def test_merge_boxes_keeps_scattered_boxes_apart_and_joins_overlapping_ones():
    rng = np.random.default_rng(5)
    # 300 small boxes scattered over a province-sized area, plus a cluster of 5 overlapping ones
    c = np.column_stack([rng.uniform(111, 113, 300), rng.uniform(38, 39, 300)])
    scattered = np.column_stack([c - 0.0005, c + 0.0005])
    cluster = np.array([[112.0, 38.5, 112.002, 38.502]]) + np.arange(5)[:, None] * 0.0015
    boxes = np.vstack([scattered, cluster])
    merged = merge_boxes(boxes)
    # every input box is covered by a merged one
    inside = shapely.contains(shapely.box(*merged.T)[None, :], shapely.box(*boxes.T)[:, None]).any(axis=1)
    assert inside.all()
    # no two results overlap, the scattered boxes stay (nearly) alone: the area read stays small
    a, b = shapely.STRtree(shapely.box(*merged.T)).query(shapely.box(*merged.T), predicate="intersects")
    assert (a == b).all()
    assert len(merged) >= 290
    assert shapely.area(shapely.box(*merged.T)).sum() < 1.5 * shapely.area(shapely.union_all(shapely.box(*boxes.T)))
    # the overlapping chain became one box
    assert any(np.allclose(m, [112.0, 38.5, 112.008, 38.508]) for m in merged)


def test_merge_boxes_with_a_margin_joins_near_boxes():
    boxes = np.array([[0, 0, 1, 1], [1.5, 0, 2.5, 1], [10, 10, 11, 11]], dtype=float)
    assert len(merge_boxes(boxes)) == 3
    m = merge_boxes(boxes, margin=0.3)
    assert len(m) == 2 and any(np.allclose(r, [0, 0, 2.5, 1]) for r in m)
    assert len(merge_boxes(np.zeros((0, 4)))) == 0


def test_gauss_kruger_round_trip_and_proj_strings():
    tm = TransverseMercator.from_proj(GK38)
    lon = np.array([112.2, 114.0, 115.4, 113.1])
    lat = np.array([21.0, 39.5, 45.1, 30.0])
    x, y = tm.forward(lon, lat)
    assert x[1] == pytest.approx(38_500_000.0) and (np.abs(x - 38_500_000) < 200_000).all()
    lo, la = tm.inverse(x, y)
    np.testing.assert_allclose(lo, lon, atol=1e-11)
    np.testing.assert_allclose(la, lat, atol=1e-11)
    # on the central meridian the northing is the meridian arc: ∫ a(1−e²)/(1−e² sin²φ)^{3/2} dφ (Simpson)
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    phi = np.linspace(0.0, np.radians(39.0), 20001)
    m = a * (1 - e2) / (1 - e2 * np.sin(phi) ** 2) ** 1.5
    arc = (phi[1] - phi[0]) / 3 * (m[0] + m[-1] + 4 * m[1:-1:2].sum() + 2 * m[2:-1:2].sum())
    assert tm.forward(114.0, 39.0)[1] == pytest.approx(arc, abs=1e-4)
    assert TransverseMercator.from_proj(GK38.replace("GRS80", "krass")) is None
    assert TransverseMercator.from_proj(GK38 + " +towgs84=1,2,3") is None
    assert TransverseMercator.from_proj("+proj=merc +ellps=GRS80") is None


def test_gauss_kruger_matches_proj():
    pyproj = pytest.importorskip("pyproj")
    tr = pyproj.Transformer.from_crs("+proj=longlat +ellps=GRS80 +no_defs", GK38, always_xy=True)
    rng = np.random.default_rng(2)
    lon, lat = rng.uniform(111.0, 117.0, 2000), rng.uniform(18.0, 53.0, 2000)
    x, y = TransverseMercator.from_proj(GK38).forward(lon, lat)
    X, Y = tr.transform(lon, lat)
    np.testing.assert_allclose(x, X, atol=1e-6, rtol=0)
    np.testing.assert_allclose(y, Y, atol=1e-6, rtol=0)
