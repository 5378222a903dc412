import pytest

from wpzf.exchange.crs import describe, from_tm_parameters, gk_epsg, infer_from_bounds, is_supported


def test_zone_codes():
    assert gk_epsg(25, True) == 4513 and gk_epsg(45, True) == 4533
    assert gk_epsg(38, True) == 4526 and gk_epsg(38, False) == 4547
    with pytest.raises(ValueError):
        gk_epsg(46, True)
    assert is_supported(4490) and is_supported(4547) and not is_supported(4326)
    assert "114°E" in describe(4547)


def test_tm_parameters_identify_zone():
    assert from_tm_parameters(114, 500000) == 4547
    assert from_tm_parameters(114, 38_500_000) == 4526
    assert from_tm_parameters(114, 500000, scale=0.9996) is None
    assert from_tm_parameters(112.5, 500000) is None


def test_infer_geographic_and_prefixed_zone():
    assert infer_from_bounds(112.7, 38.9, 113.3, 39.3).epsg == 4490
    inf = infer_from_bounds(38_440_000, 4_320_000, 38_470_000, 4_340_000)
    assert inf.epsg == 4526 and "38" in inf.reason


def test_prefixless_zone_needs_a_hint():
    inf = infer_from_bounds(440_000, 4_320_000, 470_000, 4_340_000)
    assert inf.epsg is None and "zone" in inf.reason
    assert infer_from_bounds(440_000, 4_320_000, 470_000, 4_340_000, lon_hint=113.0).epsg == 4547


def test_nonsense_coordinates_are_not_guessed():
    assert infer_from_bounds(-500, -500, 500, 500).epsg is None


def test_coordinates_are_checked_against_the_declared_system():
    import math

    from wpzf.exchange.crs import check_coordinates

    nan = math.nan
    lonlat = [(112.9, 39.0, 113.0, 39.1), (nan, nan, nan, nan), (nan, 39.0, 113.0, 39.1), (150.0, 39.0, 150.1, 39.1)]
    res = check_coordinates(4490, lonlat)
    assert res.non_finite == [2] and res.bad_rows == [3] and res.contradiction == ""
    gk = [(38_500_000, 4_320_000, 38_500_100, 4_320_100)] * 3
    assert check_coordinates(4526, gk).bad_rows == [] and check_coordinates(4526, gk).contradiction == ""
    lie = check_coordinates(4490, gk)
    assert lie.bad_rows == [0, 1, 2] and "EPSG:4526" in lie.contradiction and "3 of 3" in lie.contradiction
    assert check_coordinates(4527, gk).contradiction  # the wrong zone
    no_prefix = [(480_000, 4_320_000, 480_100, 4_320_100)]
    assert check_coordinates(4544, no_prefix).bad_rows == [] and check_coordinates(4526, no_prefix).contradiction
    assert check_coordinates(3857, gk).bad_rows == []  # a system we cannot bound is not judged here
