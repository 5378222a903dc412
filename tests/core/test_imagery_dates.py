"""N-date imagery (issue 19): dates from layer names, the grid's shape, the series' order."""
from wpzf.core.imagery import date_from_name, grid_shape, ordered_series, valid_date


def test_dates_from_names():
    assert date_from_name("影像 2019-10-01") == "2019-10-01"
    assert date_from_name("GF2_20200915_mosaic") == "2020-09-15"
    assert date_from_name("2021年4月30日 正射影像") == "2021-04-30"
    assert date_from_name("2021年4月影像") == "2021-04-01"
    assert date_from_name("annual mosaic 2019") == "2019-01-01"
    assert date_from_name("2021.03.07") == "2021-03-07"
    assert date_from_name("前时相 before") is None
    assert date_from_name("tile 12345678") is None          # not a plausible date


def test_grid_shape():
    assert [grid_shape(n) for n in (1, 2, 3, 4, 5, 6, 7)] == [(1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (2, 3),
                                                              (3, 3)]


def test_series_order():
    items = [{"id": "a", "date": "2021-04-30"}, {"id": "n", "date": None}, {"id": "b", "date": "2019-10-01"},
             {"id": "c", "date": "2020-01-01"}]
    assert [i["id"] for i in ordered_series(items)] == ["b", "c", "a", "n"]
    assert valid_date("2020-02-30") is None and valid_date("2020-02-29") == "2020-02-29"
