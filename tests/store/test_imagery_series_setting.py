"""The workspace's dated imagery series (issue 19): remembered in order with its dates, bad entries dropped."""
from wpzf.store import create_workspace
from wpzf.store.settings import get_setting, imagery_series, layer_ref, set_imagery_series, set_setting


def test_series_round_trip(tmp_path):
    ws = create_workspace(tmp_path / "ws.gpkg")
    try:
        assert imagery_series(ws) == []
        items = [{"layer": layer_ref("/d/2019.tif", "gdal", "影像 2019"), "date": "2019-10-01"},
                 {"layer": layer_ref("type=xyz&url=http://t/{z}/{x}/{y}", "wms", "XYZ"), "date": None}]
        assert set_imagery_series(ws, items) is True
        assert imagery_series(ws) == items
        assert set_imagery_series(ws, items) is False          # unchanged: nothing written
        value = get_setting(ws, "imagery_series")
        set_setting(ws, "imagery_series", value + [{"layer": {"source": ""}}, "junk", {"date": "2020-01-01"}])
        assert imagery_series(ws) == items
        set_setting(ws, "imagery_series", {"not": "a list"})
        assert imagery_series(ws) == []
    finally:
        ws.close()
