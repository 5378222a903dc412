"""The per-patch photo reading the dock does on every step (exchange/photo_lookup.py): plain rows from keyed
seeks, the same values as the DataFrame listing, and one statement for a patch without photos."""
import datetime as dt
import math
from pathlib import Path

import pytest

from wpzf.exchange.photo_lookup import photo_files, photo_rows, photos_of_patch
from wpzf.exchange.photos import attach_photos
from wpzf.tests.exchange.test_photos import fid_of, make_photo
from wpzf.tests.exchange.test_photos import ws as ws  # noqa: F401  (fixture)

pytest.importorskip("PIL.Image")


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


@pytest.fixture
def shot(ws, tmp_path):
    """P1 with four photos: inside, 55 m outside, taken before the issue date, without GPS; one file then lost."""
    p1 = fid_of(ws, "P1")
    files = [make_photo(tmp_path / "inside.jpg", colour=(3, 3, 3)),
             make_photo(tmp_path / "far.jpg", lonlat=(113.0005, 39.0015), colour=(1, 1, 1)),
             make_photo(tmp_path / "early.jpg", taken=dt.datetime(2021, 5, 5, 23, 50), colour=(5, 5, 5)),
             make_photo(tmp_path / "nogps.jpg", lonlat=None, colour=(9, 9, 9), direction=None)]
    assert len(attach_photos(ws, p1, files).added) == 4
    lost = Path(photos_of_patch(ws, p1).set_index("YWJM").loc["early.jpg", "path"])
    lost.unlink()
    return p1


@pytest.mark.qgis
def test_plain_rows_carry_the_same_values_as_the_frame(ws, shot):
    rows = photo_rows(ws, shot)
    frame = photos_of_patch(ws, shot)
    assert [r["YWJM"] for r in rows] == list(frame["YWJM"]) == ["early.jpg", "inside.jpg", "far.jpg", "nogps.jpg"]
    for rec, (_, expected) in zip(rows, frame.iterrows()):
        assert set(rec) == set(frame.columns)
        assert all(same(rec[k], expected[k]) for k in frame.columns if k not in ("FX", "XDGD", "WRJ")), rec
        assert same(rec["FX"], expected["FX"]) or (rec["FX"] is None and math.isnan(expected["FX"]))
    by_name = {r["YWJM"]: r for r in rows}
    assert by_name["far.jpg"]["outside"] and by_name["far.jpg"]["distance_m"] == pytest.approx(55.5, abs=0.2)
    assert by_name["inside.jpg"]["distance_m"] == 0.0 and not by_name["inside.jpg"]["outside"]
    assert by_name["early.jpg"]["before_issue"] and not by_name["early.jpg"]["exists"]
    assert math.isnan(by_name["nogps.jpg"]["lon"]) and not by_name["nogps.jpg"]["outside"]
    assert by_name["inside.jpg"]["taken"] == dt.datetime(2021, 5, 12, 10, 32, 5)


@pytest.mark.qgis
def test_a_step_seeks_by_key_and_reads_no_patch_row_for_a_patch_without_photos(ws, shot):
    statements, p2 = [], fid_of(ws, "P2")
    real = ws._fetch
    ws._fetch = lambda q, params=(): statements.append((q, tuple(params))) or real(q, params)
    try:
        assert photo_rows(ws, p2) == []
        assert len(statements) == 1                     # the photos' seek; no outline read without photos
        statements.clear()
        assert len(photo_rows(ws, shot)) == 4
        assert len(statements) == 2                     # the photos, then the patch's outline and issue date
        files = photo_files(ws, shot)
    finally:
        ws._fetch = real
    for q, params in statements:
        plan = [r[-1] for r in real("EXPLAIN QUERY PLAN " + q, params)]
        assert not [d for d in plan if d.startswith("SCAN")], (q, plan)
    rows = photo_rows(ws, shot)
    assert files == [(r["SHA"], r["path"]) for r in rows]


@pytest.mark.qgis
def test_an_empty_listing_keeps_its_columns(ws):
    frame = photos_of_patch(ws, fid_of(ws, "P2"))
    assert frame.empty and {"fid", "SHA", "path", "exists", "outside", "before_issue", "taken"} <= set(frame.columns)
