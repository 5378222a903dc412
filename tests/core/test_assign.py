import numpy as np
from shapely.geometry import box

from wpzf.core.assign import by_code, by_largest_overlap

TOWNS = [box(0, 0, 10, 10), box(10, 0, 20, 10)]


def test_largest_overlap_wins_and_outside_is_unassigned():
    patches = [box(1, 1, 2, 2), box(9, 1, 12, 2), box(8.5, 1, 10.5, 2), box(30, 30, 31, 31)]
    assert list(by_largest_overlap(patches, TOWNS)) == [0, 1, 0, -1]


def test_by_code_uses_the_prefix():
    known = {"140923100": 0, "140923101": 1}
    out = by_code(["140923101007", None, "1409", "140923100"], known, 9)
    assert list(out) == [1, -1, -1, 0]


def test_empty_inputs():
    assert len(by_largest_overlap([], TOWNS)) == 0
    assert list(by_largest_overlap([box(0, 0, 1, 1)], np.array([], dtype=object))) == [-1]
