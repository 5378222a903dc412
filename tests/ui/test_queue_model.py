"""The dock's queue model listed lazily (ui/queue.py over store/queue.py's queue_order / queue_rows): the same
rows, order, sort, counts and answers as the whole queue held in memory, with only the shown pages read."""

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Polygon

from wpzf.store import create_workspace
from wpzf.store.queue import QUEUE_COLUMNS, QueueFilter, patch_queue, queue_order

N = 650
SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])
STATUSES = ("待核查", "已核查", "已判定", "待核查", "整改中")


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    """N patches in two batches: deadlines with ties and gaps, ids of two lengths, townships with gaps, photos."""
    rng = np.random.default_rng(7)
    w = create_workspace(tmp_path_factory.mktemp("queue") / "queue.gpkg")
    with w.transaction():
        b1, b2 = w.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021},
                                       {"PCBH": "B2", "JB": "省级", "XFRQ": "2021-06-01", "GZND": 2021}])
        rows = []
        for i in range(N):
            rows.append({"JCBH": f"K{i:05d}" if i % 97 else f"S14092320210600{i:04d}", "PCID": b1 if i % 3 else b2,
                         "ZT": STATUSES[i % 5], "XZMC": None if i % 11 == 0 else f"镇{i % 4}", "CMC": f"村{i % 7}",
                         "HCJZ": None if i % 13 == 0 else f"2021-06-{1 + int(rng.integers(0, 28)):02d}",
                         "TBMJMU": None if i % 17 == 0 else round(float(rng.random() * 30), 2),
                         "PDJG": None if i % 2 else "合法用地"})
        fids = w.insert("wz_patch", rows, geoms=[SQ] * N)
        w.insert("wz_photo", [{"TBID": fids[i], "WJLJ": f"x/{i}.jpg", "SHA": f"{i:064d}"} for i in range(0, N, 4)])
    yield w
    w.close()


@pytest.fixture
def models(qgis_app, ws):
    from wpzf.ui.queue import PatchTableModel

    lazy, whole = PatchTableModel(), PatchTableModel()
    lazy.set_query(ws, QueueFilter(), "2021-06-15")
    whole.set_frame(patch_queue(ws, QueueFilter()), "2021-06-15")
    return lazy, whole


def shown(model, role=None):
    from qgis.PyQt.QtCore import Qt

    role = Qt.ItemDataRole.DisplayRole if role is None else role
    out = []
    for r in range(model.rowCount()):
        row = []
        for c in range(model.columnCount()):
            v = model.data(model.index(r, c), role)
            row.append(v.name() if hasattr(v, "name") else v)
        out.append(row)
    return out


def test_the_lazy_listing_shows_what_the_whole_queue_shows(models):
    from qgis.PyQt.QtCore import Qt

    lazy, whole = models
    assert lazy.rowCount() == whole.rowCount() == N
    assert lazy.fids() == list(whole.df["fid"])
    assert shown(lazy) == shown(whole)
    assert shown(lazy, Qt.ItemDataRole.ForegroundRole) == shown(whole, Qt.ItemDataRole.ForegroundRole)   # overdue
    assert lazy.counts() == whole.counts() == (sum(s != "待核查" for s in (STATUSES * N)[:N]), N)
    for after in (-1, 0, 5, 317, N - 2, N - 1):
        assert lazy.next_unreviewed(after) == whole.next_unreviewed(after)
    for row in (0, 199, 200, 401, N - 1):
        fid = lazy.fid_at(row)
        assert fid == whole.fid_at(row) and lazy.row_of(fid) == row and isinstance(fid, int)
    assert lazy.fid_at(N) is None and lazy.row_of(-5) == -1 and lazy.row_of(None) == -1
    assert lazy.fids_after(5, 3) == lazy.fids()[6:9] and lazy.fids_after(N - 2, 3) == lazy.fids()[-1:]
    assert lazy.fids_after(-1, 3) == [] and lazy.fids_after(N - 1, 3) == []
    assert lazy.df[QUEUE_COLUMNS].equals(whole.df[QUEUE_COLUMNS])   # the whole frame, read on request


@pytest.mark.parametrize("column", range(9))
def test_a_click_on_a_header_sorts_as_the_whole_queue_sorts(models, column):
    from qgis.PyQt.QtCore import Qt

    lazy, whole = models
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        lazy.sort(column, order)
        whole.sort(column, order)
        assert lazy.fids() == whole.fids(), (column, order)
        assert shown(lazy)[:50] == shown(whole)[:50]
        assert lazy.next_unreviewed(10) == whole.next_unreviewed(10)


def test_only_the_shown_pages_are_read_and_a_few_are_kept(models, monkeypatch):
    import wpzf.ui.queue as queue_module

    lazy, whole = models
    read = []
    real = queue_module.queue_rows
    monkeypatch.setattr(queue_module, "queue_rows", lambda ws, fids: read.append(len(fids)) or real(ws, fids))
    monkeypatch.setattr(queue_module, "PAGE_ROWS", 50)
    monkeypatch.setattr(queue_module, "PAGES_KEPT", 3)
    lazy.set_query(lazy.ws, QueueFilter(), "2021-06-15")
    for r in range(30):                       # the rows on screen: one page
        lazy.data(lazy.index(r, 0))
    assert read == [50]
    lazy.data(lazy.index(N - 1, 3))           # scrolled to the end: its page only
    assert read == [50, 50]
    assert shown(lazy) == shown(whole)        # every page in turn, 3 kept at a time
    assert len(lazy._pages) == 3 and len(read) == 2 + 11 + 1   # pages 1–11, and the last again (dropped meanwhile)


def test_a_saved_patch_updates_its_row_its_flag_and_the_counts(models, ws):
    from qgis.PyQt.QtCore import Qt

    lazy, _ = models
    reviewed, total = lazy.counts()
    row = lazy.next_unreviewed(-1)
    fid = lazy.fid_at(row)
    assert lazy.data(lazy.index(row, 0))     # its page is held
    assert lazy.update_row(fid, {"ZT": "已核查", "PDJG": "违法用地", "NPHOTO": 3, "XYZ": 1})
    col = {code: i for i, (code, _) in enumerate(lazy.columns)}
    assert lazy.value(row, "ZT") == "已核查" and lazy.value(row, "PDJG") == "违法用地"
    assert lazy.data(lazy.index(row, col["NPHOTO"]), Qt.ItemDataRole.DisplayRole) == "3"
    assert lazy.counts() == (reviewed + 1, total) and lazy.next_unreviewed(-1) != row
    assert not lazy.update_row(10 ** 9, {"ZT": "已核查"})


def test_filters_sort_kept_and_the_queue_order_back(models, ws):
    from qgis.PyQt.QtCore import Qt

    lazy, _ = models
    f = QueueFilter(status="已判定", township="镇1")
    lazy.set_query(ws, f, "")
    assert lazy.fids() == [int(x) for x in patch_queue(ws, f)["fid"]] and 0 < lazy.rowCount() < N
    lazy.sort(0, Qt.SortOrder.DescendingOrder)
    lazy.set_query(ws, QueueFilter(level="省级"), "")   # read again: still sorted by the header's column
    ids = [lazy.value(r, "JCBH") for r in range(lazy.rowCount())]
    assert ids == sorted(ids, reverse=True) and set(lazy.df["JB"]) == {"省级"}
    lazy.sort(-1)
    assert lazy.fids() == [int(x) for x in patch_queue(ws, QueueFilter(level="省级"))["fid"]]


def test_the_order_is_narrow_and_the_longest_ids_are_named(models, ws):
    lazy, _ = models
    order = queue_order(ws, QueueFilter())
    assert order.fids.dtype == np.int64 and order.reviewed.dtype == bool
    assert order.fids.nbytes + order.reviewed.nbytes + order.id_lengths.nbytes <= 13 * N
    assert lazy.longest_ids() == [f"S14092320210600{i:04d}" for i in range(0, N, 97)]


def test_a_closed_or_busy_workspace_never_raises_out_of_a_repaint(qgis_app, ws, tmp_path, monkeypatch):
    import wpzf.ui.queue as queue_module
    from wpzf.store.errors import StoreError
    from wpzf.ui.queue import PatchTableModel

    model = PatchTableModel()
    model.set_query(ws, QueueFilter(), "")

    def busy(*_a, **_k):
        raise StoreError("database is locked")

    monkeypatch.setattr(queue_module, "queue_rows", busy)
    assert model.data(model.index(3, 0)) == ""            # shown empty, read again on the next repaint
    monkeypatch.undo()
    assert model.data(model.index(3, 0)) == model.value(3, "JCBH") != ""
    first = model.fid_at(250)
    model.release()                                       # the dock closes the workspace
    assert model.data(model.index(250, 0)) == "" and model.fid_at(250) == first and model.rowCount() == N


def test_the_id_column_fits_the_longest_id(qgis_app, ws):
    from qgis.PyQt.QtWidgets import QTableView

    from wpzf.ui.dock_layout import QueueColumns, text_fits
    from wpzf.ui.queue import PatchTableModel

    model = PatchTableModel()
    table = QTableView()
    table.setModel(model)
    QueueColumns(table)
    model.set_query(ws, QueueFilter(), "")
    assert all(text_fits(table, 0, i) for i in model.longest_ids())
    assert text_fits(table, 0, "S14092320210600" + "0097")
    table.deleteLater()
