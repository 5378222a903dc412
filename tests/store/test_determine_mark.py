"""A new session's whole determine redoes only the patches touched since the last whole determine, whoever
touched them (store/determine_mark.py), and gives what a full determine gives."""
import sqlite3

import pandas as pd
import pytest

from wpzf.store import determinations as det
from wpzf.store import determine_mark, open_workspace
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.tests.store import test_determine_cache as in_session

ws, reads = in_session.ws, in_session.reads          # the fixtures: ten patches; the unit reads asked for
_fids, _fresh = in_session._fids, in_session._fresh


# the facts that make a patch 违法用地, entered without WPZF (no audit record)
_ILLEGAL = ('INSERT INTO wz_fact ("TBID", "BHLX", "SJYT", "MYYT", "YDPF", "SDPK") '
            "VALUES (?, 'new_build', 'nonagri', 'none', 0, 0)")


def _session(ws):
    return open_workspace(ws.path)


def _raw(ws, sql, params=()):
    con = sqlite3.connect(ws.path)
    con.execute(sql, params)
    con.commit()
    con.close()


def _again(ws):
    """(results, audit records written) of a whole determine in a new session."""
    other = _session(ws)
    try:
        n = other.count("wz_audit")
        got = determine_patches(other)
        return got, other.count("wz_audit") - n
    finally:
        other.close()


def test_a_new_session_with_nothing_touched_reads_no_unit_and_writes_nothing(ws, reads):
    first = determine_patches(ws)
    got, written = _again(ws)
    assert reads == [None]      # the first determine only
    assert written == 0
    pd.testing.assert_frame_equal(got, first)
    pd.testing.assert_frame_equal(got, _fresh(ws))


def test_a_write_outside_wpzf_between_sessions_is_determined_again(ws, reads):
    f = _fids(ws)
    determine_patches(ws)
    ws.close()
    # QGIS's attribute table or sqlite3: the facts that make P04 illegal, no audit record
    _raw(ws, _ILLEGAL, (f["P04"],))
    got, _ = _again(ws)
    assert reads == [None, [f["P04"]]]
    truth = _fresh(ws)
    pd.testing.assert_frame_equal(got, truth, check_dtype=False)
    assert got.loc[str(f["P04"]), "PDJG"] != "待定"
    stored = dict(sqlite3.connect(ws.path).execute('SELECT "TBID", "PDJG" FROM wz_determ').fetchall())
    assert stored[f["P04"]] == truth.loc[str(f["P04"]), "PDJG"]


def test_a_saved_fact_and_a_deleted_patch_between_sessions(ws, reads):
    f = _fids(ws)
    determine_patches(ws)
    save_facts(ws, f["P03"], {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
    ws.close()
    _raw(ws, "DELETE FROM wz_patch WHERE fid = ?", (f["P07"],))
    got, _ = _again(ws)
    assert reads[1:] == [[f["P03"]]]         # a deleted patch: its stored results are of no patch now
    assert str(f["P07"]) not in got.index
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)


@pytest.mark.parametrize("change", ["meta", "batch", "trigger", "code", "ruleset"])
def test_what_cannot_be_placed_determines_everything(ws, reads, monkeypatch, change):
    determine_patches(ws)
    ws.close()
    if change == "meta":        # the county profile, layers: wz_meta
        _raw(ws, 'UPDATE wz_meta SET "VALUE" = "VALUE" WHERE "KEY" = '
             "(SELECT MIN(\"KEY\") FROM wz_meta WHERE \"KEY\" NOT LIKE 'audit_%')")
    elif change == "batch":
        _raw(ws, 'UPDATE wz_batch SET "GZND" = "GZND"')
    elif change == "trigger":   # another program rebuilt a table without the triggers
        _raw(ws, 'DROP TRIGGER "wz_dtouch_wz_fact_update"')
    elif change == "code":      # the plugin upgraded
        monkeypatch.setattr(determine_mark, "code_stamp", lambda: "another version")
    else:                       # the rule-set file edited
        real = det._ruleset_stamps
        monkeypatch.setattr(det, "_ruleset_stamps", lambda years: tuple((y, 1) for y, _ in real(years)))
    got, _ = _again(ws)
    assert reads == [None, None]
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)
    if change == "trigger":     # in place again for the next session
        assert determine_mark._installed(_session(ws)) == determine_mark.expected_triggers()


def test_a_write_while_determining_is_determined_again_next_session(ws, reads, monkeypatch):
    f = _fids(ws)
    real = det.determine_all

    def engine_while_qgis_saves(recs, rs):
        # another program commits between the determine's reading and its storing
        _raw(ws, _ILLEGAL, (f["P05"],))
        monkeypatch.setattr(det, "determine_all", real)
        return real(recs, rs)

    monkeypatch.setattr(det, "determine_all", engine_while_qgis_saves)
    determine_patches(ws)
    ws.close()
    got, _ = _again(ws)
    assert reads == [None, [f["P05"]]]
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)


def test_a_dropped_log_is_made_again_on_opening_and_writes_go_on(ws, reads):
    """Triggers whose log another program dropped would fail every write to their tables."""
    f = _fids(ws)
    determine_patches(ws)
    ws.close()
    _raw(ws, "DROP TABLE wz_dtouch")
    with pytest.raises(sqlite3.OperationalError, match="wz_dtouch"):
        _raw(ws, 'UPDATE wz_patch SET "BZ" = ? WHERE fid = ?', ("备注", f["P01"]))
    other = _session(ws)
    try:
        save_facts(other, f["P02"], {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False,
                                     "SDPK": False})
        got = determine_patches(other)
    finally:
        other.close()
    assert reads[-1] is None          # the mark went with the log: everything again
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)


def test_qgis_editing_the_facts_layer_is_placed_too(ws, reads):
    """QGIS edits a GeoPackage through OGR: the triggers fire for it as for sqlite3."""
    from osgeo import ogr

    f = _fids(ws)
    determine_patches(ws)
    ws.close()
    ds = ogr.Open(str(ws.path), update=1)
    layer = ds.GetLayerByName("wz_fact")
    feat = ogr.Feature(layer.GetLayerDefn())
    for code, value in (("TBID", f["P06"]), ("BHLX", "new_build"), ("SJYT", "nonagri"), ("MYYT", "none"),
                        ("YDPF", 0), ("SDPK", 0), ("BBH", 1)):
        feat.SetField(code, value)
    assert layer.CreateFeature(feat) == 0
    ds = None
    got, _ = _again(ws)
    assert reads == [None, [f["P06"]]]
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)
    assert got.loc[str(f["P06"]), "PDJG"] != "待定"


def test_a_row_moved_to_another_patch_names_both_and_a_write_in_place_one(ws, reads):
    # QGIS's attribute table moves P02's facts to P05: both patches are determined again; a write that keeps a
    # row on its patch logs that patch once.
    f = _fids(ws)
    save_facts(ws, f["P02"], {"BHLX": "new_build", "SJYT": "nonagri", "MYYT": "none", "YDPF": False, "SDPK": False})
    determine_patches(ws)
    ws.close()
    log_before = sqlite3.connect(ws.path).execute(f"SELECT MAX(seq) FROM {determine_mark.TOUCH}").fetchone()[0]
    _raw(ws, 'UPDATE wz_fact SET "TBID" = ? WHERE "TBID" = ?', (f["P05"], f["P02"]))
    other = _session(ws)   # sqlite3 alone lacks the GeoPackage functions wz_patch's R-tree triggers call
    other.conn.execute('UPDATE wz_patch SET "BZ" = \'复核\' WHERE fid = ?', (f["P07"],))
    other.close()
    logged = sqlite3.connect(ws.path).execute(
        f'SELECT "TBID", "TBL" FROM {determine_mark.TOUCH} WHERE seq > ? ORDER BY seq', (log_before,)).fetchall()
    assert logged == [(f["P05"], "wz_fact"), (f["P02"], "wz_fact"), (f["P07"], "wz_patch")]
    got, _ = _again(ws)
    assert sorted(reads[-1]) == sorted([f["P02"], f["P05"], f["P07"]])
    pd.testing.assert_frame_equal(got, _fresh(ws), check_dtype=False)
