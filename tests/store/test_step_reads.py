"""The reads the dock makes on every step seek one patch's rows: what they return, and that they do not
read the rest of the workspace (a 100k-patch workspace made the referral list alone cost 160 ms a step)."""
import pytest

from wpzf.bench.synthetic import build_dock_workspace
from wpzf.store import open_workspace, registers
from wpzf.store.cases import case_patch, cases_of_patch
from wpzf.store.errors import StoreError
from wpzf.store.queue import patch_card, patch_rows
from wpzf.store.rosters import workspace_roster, zone_geometries

N = 200


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_dock_workspace(tmp_path_factory.mktemp("steps") / "ws.gpkg", N, progress=lambda s: None)


@pytest.fixture
def ws(built, tmp_path):
    import shutil

    shutil.copy(built, tmp_path / "ws.gpkg")
    w = open_workspace(tmp_path / "ws.gpkg")
    yield w
    w.close()


def counting(ws):
    """Wrap ws._fetch: the number of rows each statement returned, in order."""
    seen = []
    fetch = ws._fetch

    def counted(sql, params=()):
        rows = fetch(sql, params)
        seen.append((sql, len(rows)))
        return rows

    ws._fetch = counted
    return seen


def test_patch_referrals_are_the_patch_lines_of_the_register_read_by_seeking(ws):
    t = int(ws.select("wz_referral", ["TBID"])["TBID"].iloc[-1])
    whole = [r for tbid, r in registers.referrals(ws) if tbid == t]
    seen = counting(ws)
    mine = registers.patch_referrals(ws, t)
    assert sum(n for _, n in seen) <= 2          # its line and its 监测编号, not the register or every patch
    assert mine == whole and len(mine) == 1 and mine[0].patch_id == ws.get("wz_patch", t)["JCBH"]
    assert registers.patch_referrals(ws, 10_000) == []


def test_the_case_tab_reads_seek_one_patch(ws):
    row = ws.select("wz_case", ["TBID", "LABH"], where='"FGID" IS NULL').iloc[-1]
    t = int(row["TBID"])
    key = ws.get("wz_patch", t)["JCBH"]
    seen = counting(ws)
    assert case_patch(ws, t)["JCBH"] == key and case_patch(ws, t)["GZND"] == 2021
    cases = cases_of_patch(ws, t)
    assert list(cases) == [None] and cases[None].tbid == t and cases[None].case.case_no == row["LABH"]
    suggestions = registers.suggested_referrals(ws, t)
    assert [s.department for s in suggestions] == [s.department for s in registers.suggested_referrals(ws, t)]
    assert max(n for _, n in seen) <= 3 and sum(n for _, n in seen) < N
    assert case_patch(ws, 10_000) is None and cases_of_patch(ws, 10_000) == {}


def test_patch_card_lists_are_plain_dicts_of_the_patch(ws):
    t = int(ws.select("wz_part", ["TBID"])["TBID"].iloc[0])   # a split patch
    landuse = ws.select("wz_dlmj", ["FGID", "LX", "DM", "MC", "MJMU"], where='"TBID" = ?', params=(t,))
    seen = counting(ws)
    card = patch_card(ws, t)
    assert sum(n for _, n in seen) <= 10   # one patch's rows: 1 + 3 determinations + 2 parts + 3 classes + 1
    assert [r["MJMU"] for r in card["landuse"]] == sorted(landuse["MJMU"], reverse=True)
    assert all(r["FGID"] is None and set(r) == {"fid", "FGID", "LX", "DM", "MC", "MJMU"} for r in card["landuse"])
    assert [p["FGBH"] for p in card["parts"]] == ["1", "2"] and all(p["PDJG"] for p in card["parts"])
    assert {d["FGID"] for d in card["determinations"]} == {p["fid"] for p in card["parts"]}   # judged by parts
    assert card["GZND"] == 2021 and card["JB"] == "部级" and card["fid"] == t and card["photos"] >= 0
    first = int(landuse["fid"].iloc[0])
    assert patch_rows(ws, "wz_dlmj", ["MC"], t)[0] == {"fid": first, "MC": landuse["MC"].iloc[0]}
    with pytest.raises(StoreError, match="NOPE"):
        patch_rows(ws, "wz_dlmj", ["NOPE"], t)


def test_the_roster_is_built_once_and_rebuilt_when_its_rows_change(ws):
    first = workspace_roster(ws)
    assert workspace_roster(ws) is first           # unchanged rows: the same Roster, not built again
    village = first.villages[0]
    row = ws.select("wz_roster", ["MC", "FZR"], where='"MC" = ?', params=(village.name,))
    with ws.transaction():                         # an edit made as the QGIS layer would make it
        ws.update("wz_roster", int(row["fid"].iloc[0]), {"FZR": "新领导"})
    again = workspace_roster(ws)
    assert again is not first and again.village(village.name, village.township_name).guarantor == "新领导"
    zones = zone_geometries(ws)
    assert len(zones) == 4 and zone_geometries(ws) == zones
    name = next(iter(zones))
    row = ws.select("wz_roster", ["MC"], where='"MC" = ?', params=(name,))
    with ws.transaction():
        ws.update("wz_roster", int(row["fid"].iloc[0]), {}, geom=zones[name].buffer(0.01))
    assert zone_geometries(ws)[name].area > zones[name].area


def test_saving_one_patch_determines_it_without_reading_every_determination(ws):
    from wpzf.store.determinations import determine_patches, save_facts

    pending = ws.select("wz_determ", ["TBID"], where='"PDJG" = ? AND "FGID" IS NULL', params=("待定",))
    t = int(pending["TBID"].iloc[-1])
    before = ws.count("wz_determ")
    save_facts(ws, t, {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
    seen = counting(ws)
    res = determine_patches(ws, [t])
    rows = sum(n for _, n in seen)
    assert rows < 40, rows   # it read all N determinations (2.4 s a save at 100k patches)
    assert list(res["PDJG"]) == ["新增建设用地违法"] and ws.count("wz_determ") == before   # updated, not added
    assert ws.select("wz_determ", ["PDJG"], where='"TBID" = ?', params=(t,))["PDJG"].tolist() == ["新增建设用地违法"]
