import datetime as dt

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store.queue import QueueFilter, filter_options, patch_card, patch_queue
from wpzf.tests.exchange.corpus import good_rows, write_shp


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "bu.shp", good_rows(4)), BatchMeta("部级", dt.date(2021, 5, 6), 2021),
                        save=False).ok
    rows = good_rows(6)[4:]
    assert import_batch(w, write_shp(tmp_path / "sheng.shp", rows), BatchMeta("省级", dt.date(2021, 6, 1), 2021),
                        save=False).ok
    yield w
    w.close()


def test_nearest_deadline_first(ws):
    q = patch_queue(ws)
    assert list(q["JCBH"]) == ["K0004", "K0005", "K0000", "K0001", "K0002", "K0003"]
    assert list(q["HCJZ"][:2]) == ["2021-06-04", "2021-06-04"] and q["JB"].iloc[0] == "省级"


def test_filters(ws):
    ids = dict(zip(patch_queue(ws)["JCBH"], patch_queue(ws)["fid"]))
    with ws.transaction():
        ws.update("wz_patch", int(ids["K0001"]), {"ZT": "已核查", "XZMC": "上馆镇"})
        ws.update("wz_patch", int(ids["K0002"]), {"PDJG": "合法用地", "ZT": "已判定"})
    def keys(**kw):
        return list(patch_queue(ws, QueueFilter(**kw))["JCBH"])
    assert keys(level="省级") == ["K0004", "K0005"]
    assert keys(status="已核查") == ["K0001"] and keys(township="上馆镇") == ["K0001"]
    assert keys(determination="合法用地") == ["K0002"] and "K0002" not in keys(determination="")
    # on 2021-06-10 the 省级 ones (due 06-04) are overdue, the 部级 ones (due 06-20) are not
    assert keys(overdue=True, today=dt.date(2021, 6, 10)) == ["K0004", "K0005"]
    # by 2021-06-15 the 部级 ones fall due within 7 days — except the two already reviewed
    assert keys(due_within=7, today=dt.date(2021, 6, 15)) == ["K0000", "K0003"]
    assert keys(search="0003") == ["K0003"]
    assert keys(has_photos=True) == [] and len(keys(has_photos=False)) == 6
    assert filter_options(ws)["township"] == ["上馆镇"]


def test_card_has_batch_deadline_and_determination(ws):
    fid = int(patch_queue(ws, QueueFilter(search="K0000"))["fid"].iloc[0])
    card = patch_card(ws, fid)
    assert card["JCBH"] == "K0000" and card["JB"] == "部级" and card["HCJZ"] == "2021-06-20"
    assert card["GZND"] == 2021 and card["photos"] == 0 and card["determinations"] == []
