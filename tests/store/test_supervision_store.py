"""挂牌督办 and 问题线索 records on both back ends (migration 9): stored, read back, audited."""
import datetime as dt

import pytest

from wpzf.core import supervision as core
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store import supervision as sv
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.store import pg_fixtures

D = dt.date
pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema


@pytest.fixture(params=["gpkg", "postgis"])
def any_ws(request, tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg" if request.param == "gpkg" else request.getfixturevalue("pg_location"))
    row = {"JCBH": "1409232021050001", "XZQDM": "140923", "XMC": "代县", "XZMC": "上馆镇", "wkt": _square(0)}
    assert import_batch(w, write_shp(tmp_path / "b.shp", [row]), BatchMeta("部级", D(2021, 5, 6), 2021),
                        save=False).ok
    yield w
    w.close()


def test_supervision_and_clue_on_both_back_ends(any_ws):
    tbid = int(any_ws.select("wz_patch", ["JCBH"])["fid"].iloc[0])
    fid = sv.supervise(any_ws, tbid, core.Supervision("", "县卫片办", D(2021, 7, 1), D(2021, 8, 1), "王强"))
    sv.add_progress(any_ws, fid, D(2021, 7, 10), "已立案")
    sv.close_supervision(any_ws, fid, D(2021, 7, 30), "已复耕")
    _tbid, s = sv.load_supervision(any_ws, fid)
    assert (s.case, s.notes, s.closed, s.outcome) == ("1409232021050001", ((D(2021, 7, 10), "已立案"),),
                                                      D(2021, 7, 30), "已复耕")
    clue = sv.save_clue(any_ws, core.Clue("上馆镇", core.PERSONNEL, "整改逾期", (core.POOR_WORK,), D(2021, 9, 2)))
    assert sv.clues(any_ws) == [(clue, core.Clue("上馆镇", core.PERSONNEL, "整改逾期", (core.POOR_WORK,),
                                                 D(2021, 9, 2)))]
    assert any_ws.verify_audit().ok
