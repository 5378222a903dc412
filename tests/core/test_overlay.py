import math

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from wpzf.bench.overlay_data import Spec, parcels, patches
from wpzf.core.area import ellipsoidal_area, project_equal_area
from wpzf.core.landclass import load_landclass
from wpzf.core.overlay import OverlayCancelled, _intersection_areas, _plane, overlay_landuse
from wpzf.core.parcel_source import ArrayParcelSource, ParcelBatch
from wpzf.core.units import M2_PER_MU

geodesic = pytest.importorskip("geographiclib.geodesic")
GRS80 = geodesic.Geodesic(6378137.0, 1 / 298.257222101)

# GeographicLib's polygon area sums per-edge areas measured from the equator: its own absolute noise
# is ~3e-5 m² whatever the polygon's size (measured). Below 100 m² a relative 1e-6 means less than
# that, so tiny slivers are held to the absolute floor instead.
REL = 1e-6
FLOOR_M2 = 1e-4


def geodesic_area(geom) -> float:
    total = 0.0
    for poly in shapely.get_parts(geom):
        for k, ring in enumerate([poly.exterior, *poly.interiors]):
            p = GRS80.Polygon()
            for lon, lat in list(ring.coords)[:-1]:
                p.AddPoint(lat, lon)
            total += abs(p.Compute(False, True)[2]) * (1 if k == 0 else -1)
    return total


def survey(spec: Spec) -> ParcelBatch:
    g, d, k = (np.concatenate(a) for a in zip(*parcels(spec)))
    return ParcelBatch(g, d, k, np.where(k > 0, "1203", ""), np.arange(len(g)))


# small surveys (gap-free Voronoi coverages with ponds as holes) at several latitudes; the first two
# straddle 3° Gauss–Krüger zone edges (112.5°E, 115.5°E), the third a central meridian (114°E)
SITES = [Spec("zone-edge", 2500, 60, (112.47, 39.05, 112.53, 39.10), seed=1),
         Spec("zone-edge-south", 2500, 60, (115.47, 30.48, 115.53, 30.53), seed=2),
         Spec("central-meridian", 2500, 60, (113.97, 34.70, 114.03, 34.75), seed=3),
         Spec("north", 2500, 60, (87.55, 43.78, 87.61, 43.83), seed=4),
         Spec("south", 2500, 60, (109.47, 18.28, 109.53, 18.33), seed=5)]


@pytest.fixture(scope="module", params=SITES, ids=lambda s: s.name)
def site(request):
    spec = request.param
    src = survey(spec)
    pg, ids = patches(spec)
    x0, y0, x1, y1 = spec.bbox
    mid = (x0 + x1) / 2
    # patches straddling the site's meridian (a zone edge or a central meridian), one large
    extra = [box(mid - 0.004, y0 + 0.01, mid + 0.004, y0 + 0.016),
             Polygon([(mid - 0.012, y0 + 0.03), (mid + 0.013, y0 + 0.028), (mid + 0.009, y0 + 0.045),
                      (mid - 0.01, y0 + 0.04)])]
    pg = np.concatenate([pg, extra])
    ids = np.concatenate([ids, ["straddle-1", "straddle-2"]])
    res = overlay_landuse(ids, pg, src, keep_pieces=True, chunk_size=25, workers=2)
    return spec, src, pg, ids, res


def test_every_piece_agrees_with_geographiclib(site):
    spec, _, _, _, res = site
    pieces = res.piece_geoms
    assert len(pieces) > 150
    worst = 0.0
    for area, geom in zip(pieces["area_m2"], pieces["geometry"]):
        ref = geodesic_area(geom)
        err = abs(area - ref)
        assert err <= max(REL * ref, FLOOR_M2), (spec.name, area, ref)
        if ref >= 100:
            worst = max(worst, err / ref)
    assert worst < REL


def test_pieces_of_a_covered_patch_add_up_to_it(site):
    spec, _, pg, ids, res = site
    p = res.patches
    assert (p["uncovered_m2"] == 0).all() and (p["overlap_m2"] == 0).all()
    sums = res.pieces.groupby("patch_id")["area_m2"].sum().reindex(p.index)
    assert np.abs(sums - p["patch_m2"]).max() <= 0.01
    ca = res.class_areas().groupby("patch_id")["area_m2"].sum().reindex(p.index)
    assert np.abs(ca - p["patch_m2"]).max() <= 0.01
    ref = np.array([geodesic_area(g) for g in pg])
    assert np.abs(p["patch_m2"].to_numpy() / ref - 1).max() <= REL
    for key in ("straddle-1", "straddle-2"):
        assert p.loc[key, "patch_m2"] > 0 and res.pieces.query("patch_id == @key")["DLBM"].nunique() > 1


def test_boundary_integration_matches_geos_overlay(site):
    _, src, pg, ids, res = site
    geos = overlay_landuse(ids, pg, src, method="geos", chunk_size=25, workers=1)
    a = res.pieces.set_index(["patch_id", "DLBM", "KCDLBM"])["area_m2"]
    b = geos.pieces.set_index(["patch_id", "DLBM", "KCDLBM"])["area_m2"]
    assert a.index.equals(b.index)
    assert np.abs(a - b).max() <= 1e-6


def test_chunking_and_threads_do_not_change_results(site):
    _, src, pg, ids, res = site
    one = overlay_landuse(ids, pg, src, chunk_size=100_000, workers=1)
    pd.testing.assert_frame_equal(one.pieces, res.pieces, check_exact=False, rtol=1e-7, atol=1e-5)
    assert one.stats["chunks"] == 1 and res.stats["chunks"] > 2


# -- the 田坎 deduction, categories, summary fields ----------------------------------------------------
LON, LAT = 112.9, 39.06
D = 0.001   # ≈ 86 m × 111 m


def cell(i, j, n=1):
    return box(LON + i * D, LAT + j * D, LON + (i + n) * D, LAT + (j + n) * D)


def test_ridge_share_goes_to_1203_and_summaries_follow():
    # 2×2 parcels: dry land with 10 % ridges, forest, rural homesteads, a river
    geoms = [cell(0, 0), cell(1, 0), cell(0, 1), cell(1, 1)]
    src = ParcelBatch(geoms, ["0103", "0301", "0702", "1101"], [0.1, None, 0.0, float("nan")],
                      ["1203", None, "", ""])
    patch = box(LON + 0.5 * D, LAT + 0.5 * D, LON + 1.5 * D, LAT + 1.5 * D)   # a quarter of each
    res = overlay_landuse(["P"], [patch], src)
    quarter = geodesic_area(box(LON + 0.5 * D, LAT + 0.5 * D, LON + D, LAT + D))
    row = res.pieces.set_index("DLBM").loc["0103"]
    assert row["area_m2"] == pytest.approx(quarter, rel=1e-6)
    assert row["kc_m2"] == pytest.approx(0.1 * row["area_m2"]) and row["KCDLBM"] == "1203"
    assert row["net_m2"] == pytest.approx(0.9 * row["area_m2"])
    ca = res.class_areas().set_index("DLBM")
    assert ca.loc["1203", "area_m2"] == pytest.approx(row["kc_m2"])
    assert ca.loc["1203", "category"] == "农用地" and ca.loc["0103", "group"] == "耕地"
    s = res.summary("m2").loc["P"]
    total = res.patches.loc["P", "patch_m2"]
    assert s["GDMJ"] == pytest.approx(row["net_m2"])                       # 耕地 net of 田坎
    assert s["TKMJ"] == pytest.approx(row["kc_m2"])
    assert s["NYDMJ"] == pytest.approx(row["area_m2"] + ca.loc["0301", "area_m2"])   # ridge is 农用地
    assert s["JSYDMJ"] == pytest.approx(ca.loc["0702", "area_m2"])
    assert s["WLYDMJ"] == pytest.approx(ca.loc["1101", "area_m2"])           # 河流水面 is 未利用地
    assert s["NYDMJ"] + s["JSYDMJ"] + s["WLYDMJ"] == pytest.approx(total, abs=1e-6)
    assert s["LDMJ"] == pytest.approx(ca.loc["0301", "area_m2"]) and s["ZZYDMJ"] == pytest.approx(s["JSYDMJ"])
    assert s["uncovered"] == 0 and s["unclassified"] == 0
    mu = res.summary().loc["P"]
    assert mu["GDMJ"] == pytest.approx(s["GDMJ"] / M2_PER_MU) and mu["JCMJ"] == pytest.approx(total / M2_PER_MU)


def test_an_edited_table_changes_the_categories(tmp_path):
    t = load_landclass()
    df = t.frame.reset_index(drop=True)
    df.loc[df["DLBM"] == "1202", "category"] = "建设用地"
    path = tmp_path / "edited.csv"
    df.to_csv(path, index=False, encoding="utf-8-sig")
    src = ParcelBatch([cell(0, 0)], ["1202"])
    patch = cell(0, 0).buffer(-D / 4)
    base = overlay_landuse(["P"], [patch], src).summary("m2").loc["P"]
    edited = overlay_landuse(["P"], [patch], src, table=load_landclass(path)).summary("m2").loc["P"]
    assert base["NYDMJ"] > 0 and base["JSYDMJ"] == 0
    assert edited["JSYDMJ"] == pytest.approx(base["NYDMJ"]) and edited["NYDMJ"] == 0


def test_shortcuts_patch_inside_parcel_and_parcel_inside_patch():
    big = cell(0, 0, 4)
    pond = cell(1, 1).buffer(-D / 5)
    field = big.difference(pond)                       # a parcel with a hole, the pond its own parcel
    src = ParcelBatch([field, pond], ["0102", "1104"])
    inside = cell(2, 2).buffer(-D / 10)                # wholly inside the field
    around = cell(1, 1)                                # wholly contains the pond
    res = overlay_landuse(["in", "around"], [inside, around], src, keep_pieces=True)
    p = res.pieces.set_index(["patch_id", "DLBM"])["area_m2"]
    assert p.loc[("in", "0102")] == pytest.approx(geodesic_area(inside), rel=1e-6)
    assert p.loc[("around", "1104")] == pytest.approx(geodesic_area(pond), rel=1e-6)
    assert p.loc[("around", "0102")] == pytest.approx(geodesic_area(around) - geodesic_area(pond), rel=1e-6)
    assert len(p) == 3


def test_degenerate_contacts_are_overlaid_exactly():
    # patches drawn on parcel vertices and edges: shared edges, a vertex on an edge, a whole parcel
    grid = [cell(i, j) for i in range(3) for j in range(3)]
    src = ParcelBatch(grid, ["0101", "0102", "0103", "0201", "0301", "0401", "0601", "0702", "1003"])
    two = shapely.union(cell(0, 0), cell(1, 0))
    tri = Polygon([(LON, LAT), (LON + 2 * D, LAT + D), (LON, LAT + 2 * D)])        # vertex on an edge
    res = overlay_landuse(["two", "tri", "one"], [two, tri, cell(2, 2)], src, workers=1)
    assert res.stats["pairs_overlaid"] > 0
    p = res.pieces.set_index(["patch_id", "DLBM"])["area_m2"]
    assert p.loc[("two", "0101")] == pytest.approx(geodesic_area(cell(0, 0)), rel=1e-6)
    assert p.loc[("two", "0201")] == pytest.approx(geodesic_area(cell(1, 0)), rel=1e-6)
    assert set(p.loc["two"].index) == {"0101", "0201"}
    assert list(p.loc["one"].index) == ["1003"]
    sums = res.pieces.groupby("patch_id")["area_m2"].sum()
    assert np.allclose(sums.reindex(res.patches.index), res.patches["patch_m2"], rtol=0, atol=1e-6)


def test_uncovered_and_overlapping_survey_are_exact():
    a, b = cell(0, 0), cell(0, 0, 2).difference(cell(0, 0))      # b: an L around a
    overlapping = cell(1, 1)                                       # lies on b again (bad survey data)
    src = ParcelBatch([a, b, overlapping], ["0103", "0301", "0702"])
    out = box(LON + 1.5 * D, LAT + 0.5 * D, LON + 2.5 * D, LAT + 1.5 * D)   # half beyond the survey
    res = overlay_landuse(["out"], [out], src)
    p = res.patches.loc["out"]
    inside_part = out.intersection(cell(0, 0, 2))
    assert p["covered_m2"] == pytest.approx(geodesic_area(inside_part), rel=1e-6)
    assert p["uncovered_m2"] == pytest.approx(p["patch_m2"] - geodesic_area(inside_part), rel=1e-6)
    assert p["overlap_m2"] == pytest.approx(geodesic_area(out.intersection(overlapping)), rel=1e-6)
    assert res.stats["patches_union_path"] == 1


def test_protection_layers_count_each_square_metre_once():
    src = ParcelBatch([cell(0, 0, 4)], ["0102"])
    jb1 = box(LON, LAT, LON + 2 * D, LAT + 2 * D)
    jb2 = box(LON + D, LAT + D, LON + 3 * D, LAT + 3 * D)          # overlaps jb1 (bad but real data)
    red = [cell(3, 3)]
    patch = box(LON + 0.5 * D, LAT + 0.5 * D, LON + 2.5 * D, LAT + 2.5 * D)
    res = overlay_landuse(["P"], [patch], src, protections={"YJJBNTMJ": [jb1, jb2], "STBHHXMJ": red})
    s = res.summary("m2").loc["P"]
    assert s["YJJBNTMJ"] == pytest.approx(geodesic_area(patch.intersection(jb1.union(jb2))), rel=1e-6)
    assert s["STBHHXMJ"] == 0.0
    assert res.stats["YJJBNTMJ:patches_union_path"] == 1


def test_invalid_and_odd_input_is_repaired_and_counted():
    bowtie = Polygon([(LON, LAT), (LON + D, LAT + D), (LON + D, LAT), (LON, LAT + D)])
    spike = Polygon([(LON + D, LAT), (LON + 2 * D, LAT), (LON + 2 * D, LAT + D), (LON + 1.5 * D, LAT + 3 * D),
                     (LON + 2 * D, LAT + D), (LON + D, LAT + D)])
    line = shapely.LineString([(LON, LAT), (LON + D, LAT)])
    z = shapely.force_3d(cell(2, 0))
    src = ParcelBatch([bowtie, spike, line, z, None], ["0103", "0301", "1006", "0404", "0101"],
                      fid=[10, 11, 12, 13, 14])
    patch_bad = Polygon([(LON, LAT), (LON + 3 * D, LAT + D), (LON + 3 * D, LAT), (LON, LAT + D)])
    res = overlay_landuse(["bad", "empty"], [patch_bad, shapely.Polygon()], src)
    st_ = res.stats
    assert st_["patches_repaired"] == 1 and st_["patches_empty"] == 1
    assert st_["parcels_repaired"] == 2          # the bow-tie and the self-touching spike
    assert st_["parcels_dropped"] == 1           # the line (no geometry: never near a patch)
    assert res.patches.loc["empty", "patch_m2"] == 0
    fixed = shapely.make_valid(patch_bad)
    assert res.patches.loc["bad", "patch_m2"] == pytest.approx(geodesic_area(fixed), rel=1e-6)


def test_source_contract_chunks_and_only_nearby_parcels():
    spec = Spec("contract", 3000, 40, (112.0, 38.0, 112.2, 38.15), seed=9)
    batch = survey(spec)
    pg, ids = patches(spec)

    class Recording(ArrayParcelSource):
        def __init__(self, b):
            super().__init__(b.geoms, b.dlbm, b.kcxs, b.kcdlbm, b.fid)
            self.delivered = 0

        def parcels_in(self, boxes):
            out = super().parcels_in(boxes)
            self.delivered += len(out)
            assert len(out) < len(batch.geoms) / 3     # never anything like the whole survey
            return ParcelBatch(*(np.concatenate([v, v[:5]]) if v is not None else None
                                 for v in (out.geoms, out.dlbm, out.kcxs, out.kcdlbm, out.fid)))   # repeats

    src = Recording(batch)
    seen = []
    res = overlay_landuse(ids, pg, src, chunk_size=7, workers=2, progress=seen.append)
    assert src.calls == res.stats["chunks"] >= 6
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert res.stats["parcels_repeated"] == 5 * src.calls
    whole = overlay_landuse(ids, pg, batch)
    pd.testing.assert_frame_equal(res.pieces, whole.pieces, check_exact=False, rtol=1e-7, atol=1e-5)

    calls = iter(range(100))
    with pytest.raises(OverlayCancelled):
        overlay_landuse(ids, pg, batch, chunk_size=5, is_cancelled=lambda: next(calls) >= 2)


def test_unknown_and_prefixed_codes_are_reported():
    src = ParcelBatch([cell(0, 0), cell(1, 0)], ["0102K", "9999"])
    res = overlay_landuse(["P"], [box(LON + 0.5 * D, LAT, LON + 1.5 * D, LAT + D)], src)
    assert res.stats["codes_by_prefix"] == ["0102K"]
    assert set(res.stats["unknown_codes_m2"]) == {"9999"}
    s = res.summary("m2").loc["P"]
    assert s["GDMJ"] == pytest.approx(res.stats["unknown_codes_m2"]["9999"], rel=1e-6)   # halves
    assert s["unclassified"] == pytest.approx(res.stats["unknown_codes_m2"]["9999"])


def test_bad_calls_are_refused():
    src = ParcelBatch([cell(0, 0)], ["0101"])
    with pytest.raises(ValueError, match="EPSG:4490"):
        overlay_landuse(["P"], [box(500000, 4300000, 500100, 4300100)], src)
    with pytest.raises(ValueError, match="repeat"):
        overlay_landuse(["P", "P"], [cell(0, 0), cell(0, 0)], src)
    with pytest.raises(ValueError, match="method"):
        overlay_landuse(["P"], [cell(0, 0)], src, method="fast")


# -- the boundary-integration kernel against GEOS, including degenerate positions -------------------
def _star(cx, cy, r, angles, radii):
    return Polygon([(cx + r * q * math.cos(a), cy + r * q * math.sin(a)) for a, q in zip(angles, radii)])


polygon_params = st.tuples(
    st.floats(-0.002, 0.002), st.floats(-0.002, 0.002), st.floats(0.0003, 0.003),
    st.lists(st.floats(0.3, 1.0), min_size=3, max_size=12), st.booleans(), st.booleans(), st.floats(0, 6.3))


def _make(params, snap: bool):
    cx, cy, r, radii, hole, ccw, rot = params
    n = len(radii)
    angles = [rot + 2 * math.pi * k / n for k in range(n)]
    poly = _star(LON + cx, LAT + cy, r, angles, radii)
    if hole:
        poly = poly.difference(poly.centroid.buffer(r * 0.15, quad_segs=2))
    if snap:   # vertices on a coarse grid: shared vertices, collinear edges, vertices on edges
        poly = shapely.make_valid(shapely.set_precision(poly, 0.0005))
        poly = MultiPolygon([p for p in shapely.get_parts(poly) if p.geom_type == "Polygon"])
    return shapely.orient_polygons(poly, exterior_cw=not ccw)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(polygon_params, polygon_params), min_size=1, max_size=6), st.booleans())
def test_kernel_equals_geos_intersection_area(pairs, snap):
    a = [_make(p, snap) for p, _ in pairs]
    b = [_make(q, snap) for _, q in pairs]
    keep = [i for i in range(len(a)) if not a[i].is_empty and not b[i].is_empty]
    if not keep:
        return
    a, b = np.array(a, dtype=object)[keep], np.array(b, dtype=object)[keep]
    A, B = _plane(a, LON, LAT), _plane(b, LON, LAT)
    idx = np.arange(len(a))
    area, bad = _intersection_areas(A, B, idx, idx)
    ref = shapely.area(shapely.intersection(project_equal_area(a, LON, LAT), project_equal_area(b, LON, LAT)))
    ok = ~bad
    assert np.all(np.abs(area[ok] - ref[ok]) <= 1e-9 * ref[ok] + 1e-6)


def test_kernel_needs_no_overlay_in_general_position():
    rng = np.random.default_rng(11)
    params = [(rng.uniform(-0.002, 0.002), rng.uniform(-0.002, 0.002), rng.uniform(0.0003, 0.003),
               list(rng.uniform(0.3, 1.0, rng.integers(3, 13))), bool(rng.random() < 0.3), bool(rng.random() < 0.5),
               rng.uniform(0, 6.3)) for _ in range(400)]
    a = np.array([_make(p, False) for p in params[:200]], dtype=object)
    b = np.array([_make(p, False) for p in params[200:]], dtype=object)
    idx = np.arange(200)
    area, bad = _intersection_areas(_plane(a, LON, LAT), _plane(b, LON, LAT), idx, idx)
    ref = shapely.area(shapely.intersection(project_equal_area(a, LON, LAT), project_equal_area(b, LON, LAT)))
    assert not bad.any() and (ref > 0).sum() > 100
    assert np.all(np.abs(area - ref) <= 1e-9 * ref + 1e-6)


def test_chunk_plane_area_matches_per_geometry_area():
    spec = SITES[0]
    pg, ids = patches(spec)
    res = overlay_landuse(ids, pg, ParcelBatch([box(*spec.bbox)], ["0101"]), chunk_size=10)
    assert np.allclose(res.patches["patch_m2"], ellipsoidal_area(pg), rtol=1e-8)


def test_no_patches_and_patches_off_the_survey():
    src = ParcelBatch([cell(0, 0)], ["0101"])
    empty = overlay_landuse([], [], src)
    assert empty.pieces.empty and empty.patches.empty and empty.summary().empty
    far = box(LON + 1, LAT + 1, LON + 1 + D, LAT + 1 + D)
    res = overlay_landuse(["far"], [far], src)
    s = res.summary("m2").loc["far"]
    assert s["covered"] == 0 and s["uncovered"] == pytest.approx(geodesic_area(far), rel=1e-6)
    assert s["NYDMJ"] == s["JSYDMJ"] == s["WLYDMJ"] == 0


def test_a_helper_process_gives_the_same_results_chunk_by_chunk():
    """The helper process (processes=True) reads and computes what this process's threads would, bit for bit;
    on_chunk hands every patch on once, with the figures of the whole result, in either mode."""
    spec = Spec("helper", 3000, 60, (112.0, 38.0, 112.2, 38.15), seed=11)
    batch = survey(spec)
    pg, ids = patches(spec)
    pg = np.concatenate([pg, [shapely.Polygon()]])
    ids = np.concatenate([ids, ["empty"]])
    farm = ArrayParcelSource(batch.geoms[::7], fid=batch.fid[::7])
    runs = {}
    for helper in (False, True):
        parts = []
        res = overlay_landuse(ids, pg, ArrayParcelSource(batch.geoms, batch.dlbm, batch.kcxs, batch.kcdlbm, batch.fid),
                              protections={"YJJBNTMJ": farm}, chunk_size=9, processes=helper, on_chunk=parts.append)
        assert res.stats["helper_process"] == ("yes" if helper else "no")
        if helper:      # while the helper starts, this process computes chunks from the back
            assert res.stats["chunks_beside_helper"] >= 1
        got = pd.concat([p.patches for p in parts])
        assert sorted(got.index) == sorted(ids)                              # every unit exactly once
        pd.testing.assert_frame_equal(got.loc[list(ids)], res.patches, check_exact=True)
        pieces = pd.concat([p.pieces for p in parts], ignore_index=True)
        mine = res.pieces.set_index(["patch_id", "DLBM", "KCDLBM"]).sort_index()
        pd.testing.assert_frame_equal(pieces.set_index(["patch_id", "DLBM", "KCDLBM"]).sort_index(), mine,
                                      check_exact=True)
        runs[helper] = res
    pd.testing.assert_frame_equal(runs[True].pieces, runs[False].pieces, check_exact=True)
    pd.testing.assert_frame_equal(runs[True].patches, runs[False].patches, check_exact=True)
    assert runs[True].stats["parcels_read"] == runs[False].stats["parcels_read"]


def test_chunk_claims_give_every_chunk_once_from_both_ends():
    import threading

    from wpzf.core.overlay_child import ChunkClaims

    claims = ChunkClaims(5000)
    got = {"front": [], "back": []}

    def take(end):
        while (k := getattr(claims, end)()) is not None:
            got[end].append(k)

    threads = [threading.Thread(target=take, args=(end,)) for end in ("front", "back")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got["front"] + got["back"]) == list(range(5000))
    assert got["front"] == sorted(got["front"]) and got["back"] == sorted(got["back"], reverse=True)
    closed = ChunkClaims(4)
    assert (closed.front(), closed.back(), closed.front()) == (0, 3, 1)
    closed.close()
    assert closed.front() is None and closed.back() is None


def test_a_helper_that_fails_leaves_the_rest_to_this_process(monkeypatch):
    from wpzf.core import overlay_child

    spec = Spec("helper-fails", 2000, 30, (112.0, 38.0, 112.1, 38.1), seed=12)
    batch = survey(spec)
    pg, ids = patches(spec)
    whole = overlay_landuse(ids, pg, batch, chunk_size=5, processes=False)
    from wpzf.core import child_process

    monkeypatch.setattr(child_process, "python_executable", lambda: "/nonexistent/python3")
    res = overlay_landuse(ids, pg, batch, chunk_size=5, processes=True)
    assert res.stats["helper_process"] == "no"
    pd.testing.assert_frame_equal(res.pieces, whole.pieces, check_exact=True)
    monkeypatch.undo()
    monkeypatch.setattr(overlay_child, "_receive", lambda stream: (_ for _ in ()).throw(EOFError("gone")))
    res = overlay_landuse(ids, pg, batch, chunk_size=5, processes=True)
    assert res.stats["helper_process"].startswith("failed after 0 of")
    pd.testing.assert_frame_equal(res.pieces, whole.pieces, check_exact=True)


def _class_areas_pandas(res):
    """class_areas() as it was written with pandas (the reference for the vectorized one)."""
    p = res.pieces
    own = p[["patch_id", "DLBM", "net_m2"]].rename(columns={"net_m2": "area_m2"})
    kc = p.loc[p["kc_m2"] > 0, ["patch_id", "KCDLBM", "kc_m2"]].rename(columns={"KCDLBM": "DLBM", "kc_m2": "area_m2"})
    out = (pd.concat([own, kc], ignore_index=True)
           .groupby(["patch_id", "DLBM"], sort=True, as_index=False)["area_m2"].sum())
    keys, _ = res.table.resolve(out["DLBM"].to_numpy())
    f = res.table.frame
    for col in ("DLMC", "category", "group"):
        d = f[col].to_dict()
        out[col] = [d.get(k, "") for k in keys]
    out["area_mu"] = out["area_m2"] / M2_PER_MU
    return out[["patch_id", "DLBM", "DLMC", "category", "group", "area_m2", "area_mu"]]


def test_class_areas_are_pandas_groupby_sums_bit_for_bit():
    spec = Spec("classes", 3000, 80, (112.0, 38.0, 112.2, 38.15), seed=13)
    g, d, k = (np.concatenate(a) for a in zip(*parcels(spec)))
    rng = np.random.default_rng(13)
    ridge = np.where(k > 0, rng.choice(["1203", "", "0102", "9999"], len(k)), "")   # several classes get 田坎
    d = np.where(rng.random(len(d)) < 0.02, "0102K", d)                             # and unknown codes
    pg, ids = patches(spec)
    res = overlay_landuse(ids, pg, ParcelBatch(g, d, np.where(k > 0, k + 0.01, 0.0), ridge, np.arange(len(g))))
    assert (res.pieces.groupby(["patch_id", "KCDLBM"]).size() > 1).any()      # groups of several rows
    pd.testing.assert_frame_equal(res.class_areas(), _class_areas_pandas(res), check_exact=True)
    empty = overlay_landuse(["far"], [box(100, 30, 100.001, 30.001)], ParcelBatch(g[:3], d[:3]))
    pd.testing.assert_frame_equal(empty.class_areas(), _class_areas_pandas(empty), check_exact=True,
                                  check_index_type=False, check_dtype=False)
