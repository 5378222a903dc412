"""The first dashboard of a new session starts from the aggregates the workspace kept and reads again only the
patches touched since, whoever touched them (store/dashboard_snapshot.py); anything it cannot trust reads all."""
import pytest

from wpzf.store import aggregates, dashboard, open_workspace
from wpzf.store import dashboard_snapshot as snapshot
from wpzf.store.dashboard import build_dashboard, compute_dashboard
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.store.faults import FULL, StoreFault
from wpzf.tests.exchange.corpus import ILLEGAL
from wpzf.tests.store import test_dashboard_figures as figures
from wpzf.tests.store.test_dashboard import _figures

ws, TODAY = figures.ws, figures.TODAY     # twelve patches, two batches, filed and closed cases


@pytest.fixture
def unit_reads(monkeypatch):
    """The patches each 附件5 unit read was asked for (None: every patch)."""
    seen = []
    real = aggregates._unit_rows

    def spy(w, fids):
        seen.append(None if fids is None else sorted(fids))
        return real(w, fids)

    monkeypatch.setattr(aggregates, "_unit_rows", spy)
    return seen


def _next_session(ws):
    """(what the first dashboard of a new session read, its figures == a full computation's)."""
    other = open_workspace(ws.location)
    try:
        got = _figures(build_dashboard(other, TODAY))
        assert got == _figures(compute_dashboard(other, TODAY))
        return dashboard._KEPT[other][0].reads, got
    finally:
        dashboard._KEPT.pop(other, None)
        other.close()


def _raw(ws, sql, params=()):
    """A write by another program (no audit record). Through a connection with the GeoPackage's SQL functions
    (QGIS's has them; the R-tree triggers of wz_patch call ST_IsEmpty)."""
    other = open_workspace(ws.location)
    try:
        other._begin()
        other._exec(sql, params)
        other._commit()
    finally:
        other.close()


def _fids(ws):
    return ws.select("wz_patch", ["JCBH"]).sort_values("JCBH")["fid"].astype(int).tolist()


def test_a_new_session_starts_from_what_the_workspace_kept(ws, unit_reads):
    first = _figures(build_dashboard(ws, TODAY))
    assert unit_reads == [None]
    reads, again = _next_session(ws)
    assert reads == "kept" and again == first
    assert unit_reads.count(None) == 1       # the first session's only: the new one read no unit


def test_writes_between_sessions_by_wpzf_and_by_another_program_are_read_again(ws, unit_reads):
    fids = _fids(ws)
    before = _figures(build_dashboard(ws, TODAY))
    save_facts(ws, fids[1], ILLEGAL)
    determine_patches(ws, [fids[1]])
    ws.close()
    _raw(ws, 'UPDATE wz_patch SET "XZMC" = ? WHERE fid = ?', ("外来镇", fids[4]))   # QGIS's attribute table
    _raw(ws, 'DELETE FROM wz_case WHERE "TBID" = ?', (fids[0],))                 # sqlite3
    _raw(ws, "DELETE FROM wz_patch WHERE fid = ?", (fids[7],))                    # a patch gone (not logged: by id)
    del unit_reads[:]
    reads, after = _next_session(ws)
    assert reads == "kept"
    assert unit_reads[0] == sorted({fids[0], fids[1], fids[4], fids[7]})
    assert after != before and "外来镇" in after["progress"]["乡镇"]


@pytest.mark.parametrize("change", ["batch", "meta", "trigger", "snapshot", "forged", "code"])
def test_what_cannot_be_trusted_reads_everything(ws, change, monkeypatch):
    build_dashboard(ws, TODAY)
    ws.close()
    if change == "batch":
        _raw(ws, 'UPDATE wz_batch SET "HCJZ" = ?', ("2021-06-30",))
    elif change == "meta":
        _raw(ws, 'INSERT INTO wz_meta ("KEY", "VALUE") VALUES (?, ?)', ("setting:x", "1"))
    elif change == "trigger":
        _raw(ws, 'DROP TRIGGER "wz_dtouch_wz_case_delete"')
    elif change == "snapshot":   # edited by hand: not read, whatever it holds
        _raw(ws, 'UPDATE wz_dagg SET "DATA" = ?', (b"not what was written",))
    elif change == "forged":     # rewritten to show other figures, well formed: its digest is not this computer's
        import json
        import zlib

        other = open_workspace(ws.location)
        data = json.loads(zlib.decompress(other._fetch('SELECT "DATA" FROM wz_dagg')[0][0]))
        other.close()
        data["units"]["n"] = [0.0] * len(data["units"]["n"])     # no illegal farmland anywhere
        _raw(ws, 'UPDATE wz_dagg SET "DATA" = ?', (zlib.compress(json.dumps(data).encode()),))
    else:
        monkeypatch.setattr(snapshot.log, "code_stamp", lambda: "another version")
    assert _next_session(ws)[0] == "all"


def test_a_workspace_that_cannot_keep_it_still_shows_the_dashboard(ws, monkeypatch):
    def full(*a, **k):
        raise StoreFault(FULL, ws.location, "database or disk is full")

    monkeypatch.setattr(snapshot.log, "prune", full)
    first = _figures(build_dashboard(ws, TODAY))
    assert first == _figures(compute_dashboard(ws, TODAY))
    assert not ws._table_exists("wz_dagg") or not ws._fetch("SELECT 1 FROM wz_dagg")


def test_the_registers_kept_and_written_between_sessions(ws):
    """Referrals and violators are kept with the aggregates; written since (by WPZF or not), read again."""
    import datetime as dt

    from wpzf.core.blacklist import Violator
    from wpzf.core.referrals import AGRICULTURE, OUTBOUND, Referral
    from wpzf.store import registers

    fids = _fids(ws)
    registers.save_referral(ws, fids[0], Referral("x", AGRICULTURE, OUTBOUND, dt.date(2021, 5, 1)))
    registers.add_violator(ws, fids[0], Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, fids[3], Violator("宋华", "个人"), 2021)
    first = _figures(build_dashboard(ws, TODAY))
    assert first["registers"][:4] == (1, 1, 1, 1)
    reads, again = _next_session(ws)          # kept: referrals and violators as they were
    assert reads == "kept" and again == first
    ws.close()
    _raw(ws, 'UPDATE wz_referral SET "FKJG" = ?, "FKRQ" = ?', ("已立案查处", "2021-06-01"))
    _raw(ws, 'DELETE FROM wz_violator WHERE "TBID" = ?', (fids[3],))
    reads, after = _next_session(ws)
    assert reads == "kept" and after["registers"][:4] == (0, 0, 1, 0)
