"""Record forms at scale (issue 15): the batched read gives each form exactly what the per-patch read gave,
and two processes write the same files as one, with progress to 1 and cancel stopping both."""
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from wpzf.reports import record_forms, render
from wpzf.store.determinations import unit_records
from wpzf.store.queue import patch_card
from wpzf.store.reporting import patch_extra, patch_photos
from wpzf.store.scope import record_form_fids

from .test_render import needs_poppler

TEMPLATE = (Path(render.TEMPLATES) / "patch_record.html.j2").read_text("utf-8")


def per_patch_context(ws, fid):
    """The record form's context read the way it was before batching: six seeks per patch. Fields the dock's
    card has beyond the form's (the township's 专人盯办 …) are not on the form and not read in batches."""
    card = patch_card(ws, fid)
    for key in set(card) - set(render.record_form_cards(ws, [fid])[int(fid)]):
        assert f"p.{key}" not in TEMPLATE
        del card[key]
    card.update(patch_extra(ws, fid))
    card["photo_rows"] = patch_photos(ws, fid).to_dict("records")
    records = {(rec["TBID"], rec["FGID"]): rec for rec in unit_records(ws, [int(fid)])}
    return render._record_context(ws, card, records)


def same(a, b):
    """Equal, NaN equal to NaN/None (a DataFrame turns None into NaN; the form shows both as blank)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, list, tuple)) or isinstance(b, (dict, list, tuple)):
        return False
    return a == b or bool(pd.isna(a) and pd.isna(b))


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """A small county worked like a real one (bench/synthetic: facts, determinations, photos, cases)."""
    from wpzf.bench.synthetic import build_dock_workspace
    from wpzf.store import open_workspace

    path = tmp_path_factory.mktemp("county") / "ws.gpkg"
    build_dock_workspace(path, 60)
    ws = open_workspace(path)
    yield ws
    ws.close()


def test_batched_contexts_equal_the_per_patch_read(county, monkeypatch):
    fids = record_form_fids(county, without_findings=True)
    assert len(fids) > 20 and county.count("wz_photo") > 0
    monkeypatch.setattr(render, "RECORD_BATCH", 7)   # several batches, one not full
    batched = dict(render.patch_record_contexts(county, fids + [10 ** 9]))   # a missing patch is left out
    assert list(batched) == fids
    assert sum(len(c["photos"]) for c in batched.values()) > 0
    for fid in fids:
        assert same(batched[fid], per_patch_context(county, fid)), fid


def test_batched_context_of_a_split_patch(ws):
    import shapely

    from wpzf.store.determinations import determine_patches
    from wpzf.store.parts import split_patch

    a = ws.fids["a"]
    geom = ws.get("wz_patch", a, geometry=True)["geom"]
    x0, y0, x1, y1 = geom.bounds
    mid = (x0 + x1) / 2
    split_patch(ws, a, [shapely.clip_by_rect(geom, x0, y0, mid, y1), shapely.clip_by_rect(geom, mid, y0, x1, y1)])
    determine_patches(ws, [a])
    fids = [int(f) for f in ws.select("wz_patch", [])["fid"]]
    batched = dict(render.patch_record_contexts(ws, fids))
    assert [u["part"] for u in batched[a]["units"]] == ["1", "2"]
    for fid in fids:
        assert same(batched[fid], per_patch_context(ws, fid)), fid


def test_renderer_many_equals_one_by_one(county):
    fids = record_form_fids(county)[:5]
    r = render.patch_record_renderer()
    assert dict(r.many(county, fids)) == {f: r(county, f) for f in fids}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


@needs_poppler
def test_two_processes_write_what_one_writes(county, tmp_path, qgis_app, monkeypatch):
    fids = record_form_fids(county)
    jobs = [(f, f"form_{f}") for f in fids]
    monkeypatch.setattr(record_forms, "MIN_SPLIT", 4)
    seen = []
    one = record_forms.write_record_forms(county, jobs, _mk(tmp_path / "one"), workers=1)
    two = record_forms.write_record_forms(county, jobs, _mk(tmp_path / "two"), progress=seen.append, workers=2)
    assert [p.name for p in one] == [p.name for p in two] == [f"form_{f}.pdf" for f in fids]   # the order of jobs
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    for a, b in zip(one, two):
        assert pdf_text(a) == pdf_text(b)


def test_cancel_stops_both_processes(county, tmp_path, qgis_app, monkeypatch):
    fids = record_form_fids(county)
    monkeypatch.setattr(record_forms, "MIN_SPLIT", 4)
    calls = []

    def is_cancelled():
        calls.append(1)
        return len(calls) > 3

    out = record_forms.write_record_forms(county, [(f, f"f{f}") for f in fids], _mk(tmp_path / "c"),
                                          is_cancelled=is_cancelled, workers=2)
    written = sorted((tmp_path / "c").glob("*.pdf"))
    assert 0 < len(written) < len(fids) and sorted(out) == written


def _mk(folder: Path) -> Path:
    folder.mkdir()
    return folder


def test_forms_the_second_process_could_not_write_are_written_here(county, tmp_path, qgis_app, monkeypatch):
    """The second process cannot open the workspace (here: a location that is gone): no form is missing."""
    fids = record_form_fids(county)
    monkeypatch.setattr(record_forms, "MIN_SPLIT", 4)
    monkeypatch.setattr(county, "location", str(tmp_path / "gone.gpkg"))
    seen = []
    out = record_forms.write_record_forms(county, [(f, f"f{f}") for f in fids], _mk(tmp_path / "r"),
                                          progress=seen.append, workers=2)
    assert [p.name for p in out] == [f"f{f}.pdf" for f in fids] and all(p.is_file() for p in out)
    assert seen[-1] == pytest.approx(1.0) and seen == sorted(seen)


def test_context_of_a_missing_patch_is_an_error(county):
    from wpzf.store.errors import StoreError

    with pytest.raises(StoreError):
        render.patch_record_context(county, 10 ** 9)
