"""Scopes (which patches an export or a determination covers) and the before/after imagery guessed from names."""
import pandas as pd
import pytest

from wpzf.core.imagery import guess_imagery
from wpzf.core.scope import COUNTY, LISTED, TOWNSHIP, Scope, keep_units, unit_in


def test_a_scope_knows_its_kind_and_patches():
    assert Scope().whole_county and Scope().kind == COUNTY
    assert Scope.of_township(" 上馆镇 ") == Scope(TOWNSHIP, township="上馆镇")
    assert Scope.of_patches(["3", 1]).fids == (3, 1) and Scope.of_patches([1]).kind == LISTED
    with pytest.raises(ValueError):
        Scope(TOWNSHIP)                       # a township scope names its township
    with pytest.raises(ValueError):
        Scope("province")


def test_report_rows_of_the_patches_and_their_parts_only():
    assert unit_in("1409232021050001-2", {"1409232021050001"})
    assert unit_in("1409232021050001", {"1409232021050001"})
    assert not unit_in("14092320210500011", {"1409232021050001"})          # a longer code is another patch
    assert not unit_in("1409232021050002-1", {"1409232021050001"})
    table = pd.DataFrame({"序号": [1, 2, 3], "监测编号": ["A-1", "B", "A-2"], "面积(亩)": [1.0, 2.0, 3.0]})
    kept = keep_units(table, {"A"})
    assert kept["监测编号"].tolist() == ["A-1", "A-2"] and kept["序号"].tolist() == [1, 2]
    assert keep_units(pd.DataFrame({"范围": ["x"]}), {"A"}).empty   # not a table of patches: nothing of a part


def test_imagery_guessed_only_from_names_that_say_so():
    assert guess_imagery([("a", "DLTB"), ("b", "后时相 after"), ("c", "前时相 before")]) == ("c", "b")
    assert guess_imagery([("x", "Before 2020"), ("y", "after 2021"), ("z", "前时相 again")]) == ("x", "y")
    assert guess_imagery([("a", "影像1"), ("b", "影像2")]) == (None, None)
    assert guess_imagery([("a", "前期影像")]) == ("a", None)


def test_land_survey_and_farmland_told_apart():
    from wpzf.core.imagery import guess_landsurvey

    demo = [("jbnt", "永久基本农田 YJJBNT", "/d/landuse.gpkg|layername=YJJBNT", ["BSM", "JBNTTBBH", "DLBM"]),
            ("town", "乡镇界", "/d/boundaries.gpkg|layername=township", ["XZQDM", "XZQMC"]),
            ("dltb", "三调地类图斑 DLTB", "/d/landuse.gpkg|layername=DLTB", ["DLBM", "DLMC", "KCDLBM", "KCXS"])]
    assert guess_landsurvey(demo) == ("dltb", "jbnt")      # the farmland listed first is not the land survey
    assert guess_landsurvey([("x", "地块", "/x.shp", ["dlbm"])]) == ("x", None)
    assert guess_landsurvey([("a", "a", "/a.shp", ["DLBM"]), ("b", "b", "/b.shp", ["DLBM", "KCXS"])])[0] == "b"
    assert guess_landsurvey([("t", "乡镇界", "/t.shp", ["XZQDM"])]) == (None, None)
