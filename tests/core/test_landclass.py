import pandas as pd
import pytest

from wpzf.core.landclass import (
    CATEGORIES,
    CATEGORY_FIELDS,
    DEFAULT_PATH,
    RIDGE,
    LandClassTable,
    load_landclass,
    normalize_codes,
    read_table,
)


@pytest.fixture(scope="module")
def table():
    return load_landclass()


def test_default_table_is_complete_and_consistent(table):
    f = table.frame
    assert f.index.is_unique and len(f) >= 80
    assert set(f["category"]) == set(CATEGORIES)
    # every 三调 first-level group, each with its own summary field
    assert {"湿地", "耕地", "种植园用地", "林地", "草地", "商业服务业用地", "工矿用地", "住宅用地", "公共管理与公共服务用地",
            "特殊用地", "交通运输用地", "水域及水利设施用地", "其他土地"} <= set(f["group"])
    assert len(set(table.groups.values())) == len(table.groups)
    assert not set(table.groups.values()) & set(CATEGORY_FIELDS.values())
    # 三调 work classification codes are there next to the GB/T ones
    for code in ("05H1", "0508", "08H1", "08H2", "08H2A", "09", "1104A", "1107A", "0201K", "0301K", "0810A"):
        assert code in f.index, code


@pytest.mark.parametrize("code,category,group", [
    ("0101", "农用地", "耕地"), ("0102", "农用地", "耕地"), ("0103", "农用地", "耕地"),
    ("1202", "农用地", "其他土地"), ("1006", "农用地", "交通运输用地"), ("1203", "农用地", "其他土地"),
    ("1104", "农用地", "水域及水利设施用地"), ("1107", "农用地", "水域及水利设施用地"), ("0402", "农用地", "湿地"),
    ("1201", "建设用地", "其他土地"), ("1109", "建设用地", "水域及水利设施用地"), ("0603", "建设用地", "湿地"),
    ("0602", "建设用地", "工矿用地"), ("0702", "建设用地", "住宅用地"), ("1003", "建设用地", "交通运输用地"),
    ("0404", "未利用地", "草地"), ("1101", "未利用地", "水域及水利设施用地"), ("1106", "未利用地", "湿地"),
    ("1206", "未利用地", "其他土地"), ("1207", "未利用地", "其他土地"),
])
def test_three_categories_follow_gbt21010(table, code, category, group):
    row = table.frame.loc[code]
    assert (row["category"], row["group"]) == (category, group)


def test_cultivated_land_is_exactly_0101_0103(table):
    assert table.codes(group="耕地") == {"0101", "0102", "0103"}
    assert table.groups["耕地"] == "GDMJ"
    assert RIDGE in table.codes(category="农用地") and RIDGE not in table.codes(group="耕地")


def test_demo_classes_agree_with_the_table(table):
    from wpzf.demo.landuse import AGRICULTURAL, CONSTRUCTION, LAND_CLASSES, UNUSED

    for code, name in LAND_CLASSES.items():
        assert table.frame.loc[code, "DLMC"] == name
    for codes, cat in ((AGRICULTURAL, "农用地"), (CONSTRUCTION, "建设用地"), (UNUSED, "未利用地")):
        assert {table.frame.loc[c, "category"] for c in codes} == {cat}


def test_normalize_codes_restores_lost_zeros():
    got = normalize_codes(["103", 101.0, "101.0", 9, " 05h1 ", None, float("nan"), "1104A", "0102"])
    assert list(got) == ["0103", "0101", "0101", "09", "05H1", "", "", "1104A", "0102"]


def test_resolve_uses_the_table_then_the_class_prefix(table):
    keys, by_prefix = table.resolve(["0102", "0102K", "1104A", "9999", ""])
    assert list(keys) == ["0102", "0102", "1104A", "", ""]
    assert list(by_prefix) == [False, True, False, False, False]
    assert list(table.column(["1202", "0102K", "9999"], "category")) == ["农用地", "农用地", ""]


def test_user_edits_are_read_back(tmp_path, table):
    path = tmp_path / "mine.csv"
    table.to_csv(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.loc[df["DLBM"] == "1202", "category"] = "建设用地"
    df.to_csv(path, index=False, encoding="gbk")          # as Excel on a Chinese Windows saves it
    edited = load_landclass(path)
    assert edited.frame.loc["1202", "category"] == "建设用地"
    assert edited.frame.loc["1201", "DLMC"] == "空闲地"
    assert len(edited.frame) == len(table.frame)


@pytest.mark.parametrize("edit,message", [
    (lambda df: df.assign(category=df["category"].where(df["DLBM"] != "0101", "耕地")), "line 10: category '耕地'"),
    (lambda df: pd.concat([df, df.iloc[[0]]]), "repeats line 2"),
    (lambda df: df[df["DLBM"] != RIDGE], "no row for 1203"),
    (lambda df: df.assign(group_field=df["group_field"].where(df["DLBM"] != "0102", "XYZMJ")),
     "group 耕地 has field XYZMJ"),
    (lambda df: df.assign(group_field=df["group_field"].where(df["DLBM"] != "0102", "gd mj")), "not a field name"),
    (lambda df: df.drop(columns=["group"]), "missing column(s) group"),
])
def test_a_broken_table_is_refused_with_its_line(tmp_path, table, edit, message):
    path = tmp_path / "bad.csv"
    edit(table.frame.reset_index(drop=True)).to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(ValueError) as err:
        read_table(path)
    assert message in str(err.value) and "bad.csv" in str(err.value)


def test_shipped_file_is_utf8_with_bom():
    raw = DEFAULT_PATH.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").splitlines()[0].startswith("DLBM,DLMC,")


def test_from_frame_normalizes_codes():
    t = LandClassTable.from_frame(pd.DataFrame({
        "DLBM": ["101", "1203"], "DLMC": ["水田", "田坎"], "category": ["农用地", "农用地"],
        "group": ["耕地", "其他土地"], "group_field": ["GDMJ", "QTTDMJ"]}))
    assert list(t.frame.index) == ["0101", "1203"]
