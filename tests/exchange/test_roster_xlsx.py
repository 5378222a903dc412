"""The roster workbook: round trip, edits that reach the audit, and bad input named by file/sheet/row/column."""
import dataclasses

import pytest
from openpyxl import load_workbook

from wpzf.core.rosters import load_default_roster
from wpzf.exchange.errors import InputError
from wpzf.exchange.roster_xlsx import (
    SHEET_GROUP,
    SHEET_INFO,
    SHEET_TOWNSHIPS,
    SHEET_ZONES,
    RosterInputError,
    import_roster_xlsx,
    read_roster_xlsx,
    read_tables,
    roster_from_tables,
    roster_tables,
    write_roster_xlsx,
)
from wpzf.store import Actor, create_workspace
from wpzf.store.rosters import TABLE, seed_default_roster, workspace_roster


@pytest.fixture
def roster():
    return load_default_roster()


@pytest.fixture
def book(tmp_path, roster):
    return write_roster_xlsx(tmp_path / "名册.xlsx", roster)


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("tester", "box"))
    seed_default_roster(w)
    yield w
    w.close()


def edit(path, sheet, cells=None, add_sheet=None, drop_sheet=None):
    """Change cells {(excel row, header): value} of a sheet, as a person would in Excel."""
    wb = load_workbook(path)
    if add_sheet:
        wb.create_sheet(add_sheet)["A1"] = "x"
    if drop_sheet:
        del wb[drop_sheet]
    if sheet:
        sh = wb[sheet]
        header = {c.value: c.column for c in sh[1]}
        for (row, col), value in (cells or {}).items():
            if col not in header:
                header[col] = sh.max_column + 1
            sh.cell(row=row, column=header[col]).value = value  # cell(value=None) would keep the old value
    wb.save(path)
    return path


def row_of(path, sheet, column, value):
    wb = load_workbook(path, read_only=True)
    sh = wb[sheet]
    rows = list(sh.iter_rows(values_only=True))
    j = rows[0].index(column)
    n = next(i for i, r in enumerate(rows, 1) if r[j] == value)
    wb.close()
    return n


# ---- round trip ------------------------------------------------------------------------------------
def test_default_roster_round_trips_through_xlsx(book, roster):
    wb = load_workbook(book, read_only=True)
    assert wb.sheetnames == [SHEET_GROUP, SHEET_TOWNSHIPS, SHEET_ZONES, SHEET_INFO]
    head = next(wb[SHEET_TOWNSHIPS].iter_rows(values_only=True))
    assert head[:5] == ("乡镇", "乡镇代码", "村", "村代码", "包保领导")
    wb.close()
    assert read_roster_xlsx(book) == roster


def test_tables_round_trip(roster):
    assert roster_from_tables(roster_tables(roster)) == roster


def test_codes_typed_as_numbers_are_read_as_codes(book, roster):
    r = row_of(book, SHEET_TOWNSHIPS, "村", "峨西村")
    edit(book, SHEET_TOWNSHIPS, {(r, "村代码"): 140923100001, (r, "乡镇代码"): 140923100.0})
    assert read_roster_xlsx(book) == roster


def test_an_edited_leader_reaches_the_workspace_and_its_audit(book, ws, roster):
    r = row_of(book, SHEET_TOWNSHIPS, "村", "东滩上村")
    edit(book, SHEET_TOWNSHIPS, {(r, "包保领导"): "高 步 峰"})   # spaces as documents align names
    n = len(ws.audit_records())
    counts = import_roster_xlsx(ws, book)
    assert counts == {"created": 0, "updated": 1, "deleted": 0}
    new = ws.audit_records()[n:]
    assert [(a["table"], a["action"], a["changes"]) for a in new] == [(TABLE, "update", {"FZR": ["陈文秀", "高步峰"]})]
    assert new[0]["source"] == "xlsx:名册.xlsx"
    stored = workspace_roster(ws)
    assert stored.village("东滩上村").guarantor == "高步峰"
    assert stored == read_roster_xlsx(book) and ws.verify_audit().ok


def test_sheets_left_out_come_from_the_base(book, roster):
    edit(book, None, drop_sheet=SHEET_INFO)
    edit(book, None, drop_sheet=SHEET_ZONES)
    assert read_roster_xlsx(book, base=roster) == roster
    with pytest.raises(RosterInputError, match="sheet 城区片区"):
        read_roster_xlsx(book)


def test_a_township_without_villages_and_a_new_village(roster):
    t = roster_tables(roster)
    towns = t[SHEET_TOWNSHIPS]
    towns.loc[len(towns)] = ["新镇", "140923199", "", "", "", "甲、乙", "", "", ""]
    towns.loc[len(towns)] = ["峨口镇", "140923100", "新村", "140923100099", "陈文秀", "", "", "", ""]
    r = roster_from_tables(t)
    assert r.township("新镇").villages == () and r.township("新镇").leaders == ("甲", "乙")
    g = r.township("峨口镇").guarantees[0]
    assert g.leader == "陈文秀" and g.villages[-1].name == "新村"   # joins its leader's group


# ---- bad input -------------------------------------------------------------------------------------
BAD = [
    # sheet, village/zone/person to find, cells, expected (row found by the first key), column, words
    (SHEET_TOWNSHIPS, ("村", "东滩上村"), {"乡镇": None}, "乡镇", "without township"),
    (SHEET_TOWNSHIPS, ("村", "东下社村"), {"村代码": "140923100001"}, "村代码", "duplicate village code 140923100001"),
    (SHEET_TOWNSHIPS, ("村", "正下社村"), {"包保领导": "  "}, "包保领导", "is empty"),
    (SHEET_TOWNSHIPS, ("村", "正下社村"), {"村代码": None}, "村代码", "is empty"),
    (SHEET_TOWNSHIPS, ("村", "正下社村"), {"乡镇代码": "140923101"}, "乡镇代码", "has the code 140923100 in row 2"),
    (SHEET_TOWNSHIPS, ("村", "楼街村"), {"乡镇": "上馆镇"}, "乡镇", "code 140923100 is 峨口镇 in row 2"),
    (SHEET_TOWNSHIPS, ("村", "正下社村"), {"包片包保组": "某人"}, "包片包保组", "differs from row 2"),
    (SHEET_GROUP, ("姓名", "李海东"), {"姓名": None}, "姓名", "name is empty"),
    (SHEET_GROUP, ("姓名", "丁天才"), {"角色": "主任"}, "角色", "not a role in 领导小组"),
    (SHEET_GROUP, ("姓名", "丁天才"), {"机构": "委员会"}, "机构", "not a body"),
    (SHEET_ZONES, ("片区名称", "北关片区"), {"指挥长": None}, "指挥长", "commander of zone 北关片区 is empty"),
    (SHEET_ZONES, ("片区名称", "北关片区"), {"片区名称": "西南街片区"}, "片区名称", "duplicate zone 西南街片区"),
    (SHEET_INFO, ("项目", "年度"), {"内容": "二〇二一"}, "内容", "not a year"),
]


@pytest.mark.parametrize("sheet, find, cells, column, words", BAD, ids=[b[4] for b in BAD])
def test_bad_cells_name_file_sheet_row_and_column_and_nothing_is_written(book, ws, sheet, find, cells, column,
                                                                          words):
    row = row_of(book, sheet, *find)
    edit(book, sheet, {(row, col): v for col, v in cells.items()})
    n, before = len(ws.audit_records()), workspace_roster(ws)
    with pytest.raises(InputError) as e:
        import_roster_xlsx(ws, book)
    msg = str(e.value)
    assert f"名册.xlsx, sheet {sheet}, row {row}, column {column}: " in msg and words in msg, msg
    assert isinstance(e.value, RosterInputError) and e.value.problem.row == row and e.value.problem.field == column
    assert len(ws.audit_records()) == n and workspace_roster(ws) == before


def test_unknown_sheet_and_column(book):
    edit(book, SHEET_ZONES, {(1, "颜色"): "颜色"}, add_sheet="Sheet2")
    with pytest.raises(RosterInputError) as e:
        read_roster_xlsx(book)
    msg = str(e.value)
    assert "名册.xlsx, sheet Sheet2: unknown sheet Sheet2" in msg
    assert "名册.xlsx, sheet 城区片区, column 颜色: unknown column" in msg
    assert len(e.value.problems) == 2


def test_every_problem_is_listed(book):
    a, b = row_of(book, SHEET_TOWNSHIPS, "村", "峨西村"), row_of(book, SHEET_ZONES, "片区名称", "北关片区")
    edit(book, SHEET_TOWNSHIPS, {(a, "包保领导"): None})
    edit(book, SHEET_ZONES, {(b, "片区名称"): None})
    with pytest.raises(RosterInputError) as e:
        read_roster_xlsx(book)
    assert [(p.row, p.field) for p in e.value.problems] == [(a, "包保领导"), (b, "片区名称")]


def test_not_a_workbook(tmp_path):
    p = tmp_path / "名册.xlsx"
    p.write_text("not a zip")
    with pytest.raises(InputError, match="名册.xlsx: cannot read the workbook"):
        read_roster_xlsx(p)


def test_dialog_labels_in_messages(roster):
    t = roster_tables(roster)
    t[SHEET_ZONES].index = range(1, len(t[SHEET_ZONES]) + 1)
    t[SHEET_ZONES].iloc[2, 2] = ""
    with pytest.raises(RosterInputError) as e:
        roster_from_tables(t, sheet_labels={SHEET_ZONES: "County-seat zones"}, column_labels={"指挥长": "Commander"})
    assert str(e.value).startswith("sheet County-seat zones, row 3, column Commander: ")


def test_write_is_atomic_and_survives_formula_like_text(tmp_path, roster):
    odd = dataclasses.replace(roster, zones=(dataclasses.replace(roster.zones[0], extent="=1+1"), *roster.zones[1:]))
    p = write_roster_xlsx(tmp_path / "x.xlsx", odd)
    assert read_roster_xlsx(p) == odd
    assert read_tables(p)[SHEET_ZONES].iloc[0]["片区范围"] == "=1+1"
    # openpyxl reads a formula back as its text too: the cell itself must be a string, not a formula
    sh = load_workbook(p)[SHEET_ZONES]
    col = next(c.column for c in sh[1] if c.value == "片区范围")
    cell = sh.cell(row=2, column=col)
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert [f.name for f in tmp_path.iterdir()] == ["x.xlsx"]   # written in place of a temporary: none left
