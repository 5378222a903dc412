"""Coverage of units by reference features (exact ellipsoidal areas, overlaps counted once) and splits."""
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from wpzf.core.area import ellipsoidal_area
from wpzf.core.overlay import OverlayCancelled
from wpzf.core.parcel_source import ArrayParcelSource, ParcelBatch
from wpzf.core.parts import MIN_PART_M2, SplitError, check_partition, part_areas
from wpzf.core.reference_overlay import coverage, split_along

X0, Y0, D = 112.5, 36.2, 0.001      # a unit ≈ 90 m × 111 m


def unit(i=0):
    return box(X0 + 3 * D * i, Y0, X0 + 3 * D * i + D, Y0 + D)


def frac_box(i, a, b, y0=0.0, y1=1.0):
    """The part of unit i between fractions a..b across and y0..y1 up (may reach outside the unit)."""
    x = X0 + 3 * D * i
    return box(x + a * D, Y0 + y0 * D, x + b * D, Y0 + y1 * D)


def area(g):
    return float(ellipsoidal_area([g])[0])


def test_full_partial_none_areas_and_shares():
    units = [unit(0), unit(1), unit(2)]
    feats = ParcelBatch([frac_box(0, -0.5, 1.5, -0.5, 1.5), frac_box(1, 0.0, 0.25), frac_box(2, 2.0, 3.0)],
                        fid=[11, 103, 7])
    lazy = coverage([(1, None), (2, None), (3, 9)], units, feats)
    assert lazy.pairs["fshare"].isna().all()                   # computed on demand only
    cov = lazy.with_feature_share()
    assert cov.pairs[["fid", "fshare"]].equals(
        coverage([(1, None), (2, None), (3, 9)], units, feats, feature_share=True).pairs[["fid", "fshare"]])
    assert list(cov.units.index) == [(1, None), (2, None), (3, 9)]
    u = cov.units
    for uid, g in zip(u.index, units):
        assert u.loc[[uid], "unit_m2"].iloc[0] == pytest.approx(area(g), rel=1e-6)
    assert u["share"].tolist() == pytest.approx([1.0, 0.25, 0.0], abs=1e-6)
    p = cov.pairs
    assert sorted(p["fid"]) == [11, 103]            # 103 stays 103 (never read as land class 0103)
    quarter = p[p["fid"] == 103].iloc[0]
    assert quarter["unit_id"] == (2, None)
    assert quarter["area_m2"] == pytest.approx(area(shapely.intersection(units[1], frac_box(1, 0, 0.25))), rel=1e-6)
    assert quarter["share"] == pytest.approx(0.25, abs=1e-6)
    assert quarter["fshare"] == pytest.approx(1.0, abs=1e-6)
    big = p[p["fid"] == 11].iloc[0]
    assert big["fshare"] == pytest.approx(0.25, abs=1e-3)   # the feature is 2 × 2 units
    assert cov.unit_pos.tolist() == [0, 1]


def test_overlapping_features_are_counted_once():
    # unit 0: two features 0..0.6 and 0.4..0.8 — their areas add up to exactly the unit (1.0),
    # but their union covers 0.8: the sum alone would call this full cover
    # unit 1: two features 0..0.5 and 0.25..0.75 — union 0.75, sum 1.0 too
    # unit 2: identical duplicates over half the unit — union 0.5
    units = [unit(0), unit(1), unit(2)]
    feats = [frac_box(0, 0, 0.6), frac_box(0, 0.4, 0.8), frac_box(1, 0, 0.5), frac_box(1, 0.25, 0.75),
             frac_box(2, 0, 0.5), frac_box(2, 0, 0.5)]
    cov = coverage(["a", "b", "c"], units, ParcelBatch(feats, fid=[1, 2, 3, 4, 5, 6]))
    assert cov.units["share"].tolist() == pytest.approx([0.8, 0.75, 0.5], abs=1e-6)
    assert cov.units.loc["a", "covered_m2"] == pytest.approx(
        area(shapely.intersection(units[0], shapely.union_all(feats[:2]))), rel=1e-6)
    assert cov.stats["units_overlapping_features"] == 3
    # per feature the overlaps are the full pieces
    assert cov.pairs.groupby("unit_id")["share"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0], abs=1e-6)


def test_overlapping_features_covering_all_and_touching_features():
    units = [unit(0), unit(1)]
    feats = [frac_box(0, -0.2, 0.7, -0.2, 1.2), frac_box(0, 0.5, 1.2, -0.2, 1.2),   # overlap, cover all
             frac_box(1, 0, 0.5), frac_box(1, 0.5, 0.9)]                            # touch, no overlap
    cov = coverage([1, 2], units, ParcelBatch(feats, fid=[1, 2, 3, 4]))
    assert cov.units["share"].tolist() == pytest.approx([1.0, 0.9], abs=1e-6)
    assert cov.stats["units_overlapping_features"] == 1


def test_parcel_source_input_and_cancel():
    units = [unit(i) for i in range(5)]
    feats = [frac_box(i, 0, 0.5) for i in range(5)]
    src = ArrayParcelSource(feats, fid=np.arange(5) * 10)
    cov = coverage(list(range(5)), units, src, chunk_size=2)
    assert sorted(cov.pairs["fid"]) == [0, 10, 20, 30, 40]
    assert cov.units["share"].tolist() == pytest.approx([0.5] * 5, abs=1e-6)
    with pytest.raises(OverlayCancelled):
        coverage(list(range(5)), units, src, chunk_size=1, is_cancelled=lambda: True)


def test_repeated_unit_ids_and_lengths_refused():
    with pytest.raises(ValueError, match="repeat"):
        coverage([1, 1], [unit(0), unit(1)], ParcelBatch([unit(0)], fid=[1]))
    with pytest.raises(ValueError):
        coverage([1], [unit(0), unit(1)], ParcelBatch([unit(0)], fid=[1]))


def test_no_features():
    cov = coverage([1, 2], [unit(0), unit(1)], ParcelBatch(np.array([], dtype=object), fid=np.array([], int)))
    assert cov.pairs.empty and list(cov.pairs.columns) == ["unit_id", "fid", "area_m2", "share", "fshare"]
    assert cov.units["covered_m2"].tolist() == [0.0, 0.0]


# --- split along the red line ---------------------------------------------------------------------------
def _check_exact(u, parts):
    check_partition(u, [g for g, _ in parts])
    a = part_areas(u, [g for g, _ in parts], area(u))
    assert a.sum() == pytest.approx(area(u), abs=1e-6)
    return a


def test_split_along_partition_is_exact():
    u = unit(0)
    red = Polygon([(X0 - D, Y0 - D), (X0 + 0.62 * D, Y0 - D), (X0 + 0.41 * D, Y0 + 2 * D), (X0 - D, Y0 + 2 * D)])
    parts = split_along(u, [red])
    assert [flag for _, flag in parts] == [True, False]
    inside, outside = parts[0][0], parts[1][0]
    assert isinstance(inside, MultiPolygon) and isinstance(outside, MultiPolygon)
    a = _check_exact(u, parts)
    assert a[0] / a.sum() == pytest.approx(0.515, abs=1e-3)
    assert area(shapely.difference(inside, red)) < 1e-3          # the inside part lies within the red line
    assert area(shapely.intersection(outside, red)) < 1e-3


def test_split_along_several_features_and_overlap():
    u = unit(0)
    parts = split_along(u, [frac_box(0, -1, 0.3), frac_box(0, 0.2, 0.5), frac_box(0, 0.8, 2)])
    a = _check_exact(u, parts)
    assert a[0] / a.sum() == pytest.approx(0.7, abs=1e-3)
    assert len(shapely.get_parts(parts[1][0])) == 1              # 0.5..0.8


def test_split_along_refuses_nothing_to_split():
    u = unit(0)
    with pytest.raises(SplitError):
        split_along(u, [frac_box(0, -1, 2, -1, 2)])                # wholly inside
    with pytest.raises(SplitError):
        split_along(u, [frac_box(0, 3, 4)])                        # wholly outside
    with pytest.raises(SplitError):
        split_along(u, [])
    sliver = 0.2 / area(u)                                         # 0.2 m² outside: below MIN_PART_M2
    assert 0.2 < MIN_PART_M2
    with pytest.raises(SplitError):
        split_along(u, [frac_box(0, -1, 1 - sliver, -1, 2)])


def test_split_along_moves_crumbs_to_the_other_side():
    u = unit(0)
    crumb = 0.1 / area(u)                                          # a 0.1 m² crumb of red line in the outside
    feats = [frac_box(0, -1, 0.5, -1, 2), frac_box(0, 0.9, 0.9 + crumb, 0.0, 1.0)]
    parts = split_along(u, feats)
    a = _check_exact(u, parts)
    assert a[0] / a.sum() == pytest.approx(0.5, abs=1e-6)
    assert len(shapely.get_parts(parts[0][0])) == 1


def test_split_along_irregular_shapes_partition_exactly():
    rng = np.random.default_rng(5)

    def star(cx, cy, r, n):
        t = np.sort(rng.random(n)) * 2 * np.pi
        rr = r * (0.5 + rng.random(n))
        return Polygon(np.c_[cx + rr * np.cos(t), cy + rr * 0.8 * np.sin(t)]).buffer(0)

    splits = 0
    for _ in range(60):
        u = star(X0, Y0, 0.002 * (1 + rng.random()), 30)
        feats = [star(X0 + rng.normal() * 0.002, Y0 + rng.normal() * 0.002, 0.002, 20)
                 for _ in range(rng.integers(1, 4))]
        covered = area(shapely.intersection(u, shapely.union_all(feats)))
        try:
            parts = split_along(u, feats)
        except SplitError:
            assert covered < MIN_PART_M2 or area(u) - covered < MIN_PART_M2
            continue
        splits += 1
        a = _check_exact(u, parts)
        assert a[0] == pytest.approx(covered, rel=1e-6, abs=MIN_PART_M2)
    assert splits > 40


def test_crowded_unit_gets_the_union(monkeypatch):
    import wpzf.core.reference_overlay as ro
    units = [unit(0), unit(1)]
    # unit 0 under 8 overlapping strips (0..0.3, 0.1..0.4, … 0.7..1.0), unit 1 under 2 disjoint ones
    feats = [frac_box(0, 0.1 * k, 0.1 * k + 0.3) for k in range(8)] + [frac_box(1, 0, 0.2), frac_box(1, 0.5, 0.6)]
    batch = ParcelBatch(feats, fid=range(10))
    want = [1.0, 0.3]
    assert coverage([1, 2], units, batch).units["share"].tolist() == pytest.approx(want, abs=1e-6)
    monkeypatch.setattr(ro, "_MAX_PAIRWISE", 4)         # unit 0 is now crowded: union without pair tests
    cov = coverage([1, 2], units, batch)
    assert cov.units["share"].tolist() == pytest.approx(want, abs=1e-6)
    assert cov.stats["units_overlapping_features"] == 1


def test_engine_union_cover_flag():
    from wpzf.core.overlay import overlay_landuse
    u = [unit(0)]
    feats = ParcelBatch([frac_box(0, 0, 0.6), frac_box(0, 0.4, 0.7)], dlbm=["0101", "0101"], fid=[1, 2])
    exact = overlay_landuse(["a"], u, feats).patches.loc["a"]
    summed = overlay_landuse(["a"], u, feats, union_cover=False).patches.loc["a"]
    whole = exact["patch_m2"]
    assert exact["covered_m2"] / whole == pytest.approx(0.7, abs=1e-6)
    assert exact["overlap_m2"] / whole == pytest.approx(0.2, abs=1e-6)
    assert summed["covered_m2"] / whole == pytest.approx(0.9, abs=1e-6) and summed["overlap_m2"] == 0.0


def test_units_no_feature_comes_near_skip_the_engine_and_keep_their_area():
    """A layer of a few features over many units: only the units whose envelope meets a feature are measured by
    the engine; the others are uncovered, with their own area (given by the caller, or measured)."""
    units = [unit(i) for i in range(6)]
    feats = ParcelBatch([frac_box(1, 0.0, 0.5)], fid=[5])
    cov = coverage(list(range(6)), units, feats)
    assert cov.stats["units_measured"] == 1
    assert cov.units["share"].tolist() == pytest.approx([0, 0.5, 0, 0, 0, 0], abs=1e-6)
    assert cov.units["unit_m2"].tolist() == pytest.approx([area(g) for g in units], rel=1e-6)
    given = np.arange(6) * 10.0
    again = coverage(list(range(6)), units, feats, unit_areas=given)
    assert again.units["unit_m2"].iloc[[0, 2, 5]].tolist() == [0.0, 20.0, 50.0]   # taken as given
    assert again.pairs.equals(cov.pairs)


def test_units_envelopes_given_with_their_tree_find_the_same_units():
    """``unit_boxes`` (the units' envelopes and their tree, shared by a pre-fill's layers) gives the same units to
    measure, and the same result, as asking the features' tree; an empty unit is never a candidate."""
    from shapely.geometry import Polygon as P

    from wpzf.core.gpkg_near import NearBoxes

    units = np.array([unit(i) for i in range(6)] + [P()], dtype=object)
    feats = ParcelBatch([frac_box(1, 0.0, 0.5), frac_box(4, 0.2, 0.9), box(150, 50, 150.1, 50.1)], fid=[5, 7, 9])
    plain = coverage(list(range(7)), units, feats)
    shared = coverage(list(range(7)), units, feats, unit_boxes=NearBoxes(shapely.bounds(units)))
    assert shared.stats["units_measured"] == plain.stats["units_measured"] == 2
    assert shared.pairs.equals(plain.pairs) and shared.units.equals(plain.units)
