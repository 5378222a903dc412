import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box

from wpzf.core.area import ellipsoidal_area
from wpzf.core.parts import SplitError, areas_in_frame, check_partition, part_areas, split_by_line, split_by_parcels

PATCH = MultiPolygon([Polygon([(113.0, 39.0), (113.004, 39.0), (113.004, 39.003), (113.0, 39.003)])])


def test_split_by_line_partitions_exactly():
    parts = split_by_line(PATCH, LineString([(113.0015, 38.99), (113.0025, 39.01)]))
    assert len(parts) == 2 and all(p.geom_type == "MultiPolygon" for p in parts)
    diff = check_partition(PATCH, parts)
    assert abs(diff) < 0.01
    total = ellipsoidal_area([PATCH])[0]
    assert areas_in_frame(PATCH, parts).sum() == pytest.approx(areas_in_frame(PATCH, [PATCH])[0], abs=1e-6)
    # the consistent reading differs from the stored patch area only at the 1e-6 level …
    assert areas_in_frame(PATCH, parts).sum() == pytest.approx(total, rel=5e-6)
    # … and part_areas reconciles the parts to the stored area exactly
    assert part_areas(PATCH, parts, total).sum() == pytest.approx(total, abs=1e-6)
    assert ellipsoidal_area(parts) == pytest.approx(part_areas(PATCH, parts, total), rel=1e-5)


def test_a_line_that_does_not_cross_is_refused():
    with pytest.raises(SplitError, match="does not cut"):
        split_by_line(PATCH, LineString([(113.0015, 39.0005), (113.002, 39.001)]))
    with pytest.raises(SplitError):
        split_by_line(PATCH, None)


def test_split_along_parcels_groups_by_key_and_keeps_uncovered_rest():
    parcels = [box(112.99, 38.99, 113.002, 39.0015), box(113.002, 38.99, 113.01, 39.0015),
               box(112.99, 39.0015, 113.002, 39.002)]
    parts = split_by_parcels(PATCH, parcels, ["0103", "0702", "0103"])
    keys = sorted(str(k) for _, k in parts)
    assert keys == ["0103", "0702", "None"]
    check_partition(PATCH, [g for g, _ in parts])


def test_check_partition_catches_gaps_and_overlaps():
    left, right = box(113.0, 39.0, 113.002, 39.003), box(113.002, 39.0, 113.004, 39.003)
    check_partition(PATCH, [left, right])
    with pytest.raises(SplitError, match="add up"):
        check_partition(PATCH, [left, box(113.0025, 39.0, 113.004, 39.003)])
    with pytest.raises(SplitError, match="overlap"):
        check_partition(PATCH, [box(113.0, 39.0, 113.0025, 39.003), right])
    with pytest.raises(SplitError, match="outside"):
        check_partition(PATCH, [left, box(113.002, 39.0, 113.005, 39.003)])


def test_slivers_are_merged_not_lost():
    # a line grazing the corner would leave a tiny triangle: it is folded into its neighbour
    parts = split_by_line(PATCH, shapely.LineString([(113.0, 39.00001), (113.004, 39.003), (113.0041, 39.0031)]))
    assert len(parts) == 2
    check_partition(PATCH, parts)
