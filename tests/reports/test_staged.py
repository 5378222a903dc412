"""A report export is put in place whole: a failure half-way leaves the chosen folder as it was (reports/staged.py)."""
import datetime as dt
import os
import time

import pytest

from wpzf.reports import export as export_module
from wpzf.reports.export import export_reports
from wpzf.reports.staged import PREFIX, STALE_AFTER_S, Staging


def _snapshot(folder):
    """{relative path: bytes} of every file under ``folder``."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_export_that_fails_half_way_leaves_the_earlier_export_untouched(ws, tmp_path, monkeypatch):
    folder = tmp_path / "报表"
    first = export_reports(ws, folder, dt.date(2021, 8, 1), patch_records=False)
    assert first and all(p.parent == folder or folder in p.parents for p in first) and all(p.exists() for p in first)
    before = _snapshot(folder)
    assert not list(folder.glob(PREFIX + "*"))

    real = export_module.render_annual

    def broken(*a, **k):   # after the ledgers and several reports have been written
        real(*a, **k)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "render_annual", broken)
    with pytest.raises(OSError, match="No space left"):
        export_reports(ws, folder, dt.date(2021, 9, 1), patch_records=False)
    assert _snapshot(folder) == before   # not one file new, changed or gone
    assert not list(folder.glob(PREFIX + "*"))


def test_a_folder_the_failed_export_made_is_removed(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "write_xlsx", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    with pytest.raises(OSError):
        export_reports(ws, tmp_path / "new" / "报表", dt.date(2021, 8, 1), patch_records=False)
    assert not (tmp_path / "new" / "报表").exists()


def test_an_export_replaces_the_earlier_files_and_its_pages_show_their_charts_where_they_are(ws, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "月度统计.xlsx").write_bytes(b"an earlier export")
    (folder / "个人笔记.txt").write_text("kept", "utf-8")
    written = export_reports(ws, folder, dt.date(2021, 8, 1), patch_records=False)
    assert (folder / "月度统计.xlsx").read_bytes()[:2] == b"PK"   # the new workbook
    assert (folder / "个人笔记.txt").read_text("utf-8") == "kept"
    assert {p for p in folder.rglob("*") if p.is_file()} >= set(written)
    assert not list(folder.glob(PREFIX + "*"))
    html = (folder / "年度报告.html").read_text("utf-8")
    charts = (folder / "图表").resolve().as_uri()
    assert PREFIX not in html
    if "<img" in html:   # matplotlib present: the page names its charts in the folder it ended in
        assert charts in html


def test_a_move_that_fails_puts_everything_back(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.xlsx").write_text("old a", "utf-8")
    (folder / "z.pdf").mkdir()   # something else where the export's last file goes
    stage = Staging(folder)
    (stage.path / "a.xlsx").write_text("new a", "utf-8")
    (stage.path / "b.html").write_text("new b", "utf-8")
    (stage.path / "z.pdf").write_text("new z", "utf-8")
    with pytest.raises(OSError, match="z.pdf.*left as it was"):
        stage.commit()
    assert (folder / "a.xlsx").read_text("utf-8") == "old a" and not (folder / "b.html").exists()
    assert (folder / "z.pdf").is_dir() and [p.name for p in folder.iterdir()] != []
    assert sorted(p.name for p in folder.iterdir()) == ["a.xlsx", "z.pdf"]


def test_a_killed_exports_staging_folder_goes_and_set_aside_files_stay(tmp_path):
    folder = tmp_path / "out"
    old_stage, old_aside = folder / (PREFIX + "dead"), folder / (PREFIX + "dead-old")
    for p in (old_stage, old_aside):
        p.mkdir(parents=True)
        (p / "月度统计.xlsx").write_text("x", "utf-8")
        then = time.time() - STALE_AFTER_S - 60
        os.utime(p, (then, then))
    fresh = folder / (PREFIX + "running")
    fresh.mkdir()
    stage = Staging(folder)
    assert not old_stage.exists() and old_aside.exists() and fresh.exists()
    stage.discard()
    assert not stage.path.exists()
