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
