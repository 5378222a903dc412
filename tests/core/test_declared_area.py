import pytest

from wpzf.core.declared_area import check_declared_areas


def test_unit_found_and_outliers_named():
    computed = [1.0, 2.0, 3.0, 4.0, 10.0]
    res = check_declared_areas([1.01, 1.98, None, 4.0, 14.0], computed)
    assert res.unit == "亩" and res.compared == 4 and not res.contradiction
    assert [(i, round(rel, 2)) for i, _d, _dm, _c, rel in res.outliers] == [(4, 0.4)]
    m2 = check_declared_areas([v * 666.6667 for v in computed], computed)
    assert m2.unit == "平方米" and m2.outliers == []
    assert check_declared_areas([v / 15 for v in computed], computed).unit == "公顷"


def test_small_absolute_differences_are_not_named():
    res = check_declared_areas([0.05], [0.08])   # 60 % but 0.03 亩
    assert res.unit is None or res.outliers == []
    assert check_declared_areas([1.0, 1.0, 1.05], [1.0, 1.0, 1.0]).outliers == []


def test_batch_in_a_wrong_system_is_a_contradiction():
    # GK metres read as degrees: computed areas ~1e10 亩 against declared ~1 亩
    res = check_declared_areas([0.96, 1.2, 3.5], [9.3e10, 9.1e10, 9.9e10])
    assert res.contradiction and res.unit is None and res.median_ratio == pytest.approx(1.2 / 9.3e10, rel=0.1)


def test_no_declared_areas_is_no_finding():
    res = check_declared_areas([None, 0, float("nan")], [1.0, 2.0, 3.0])
    assert res.compared == 0 and not res.contradiction and res.outliers == []


def test_a_batch_of_wrong_values_is_named_patch_by_patch_not_refused():
    res = check_declared_areas([2.5], [7.2])   # one patch, declared a third of what it measures
    assert not res.contradiction and res.unit == "亩" and [o[0] for o in res.outliers] == [0]
    res = check_declared_areas([1.0, 1.0], [1.0, 2.0])   # one of two agrees: 亩, the other named
    assert res.unit == "亩" and [o[0] for o in res.outliers] == [1]
