"""Record forms as books (issue 15): many forms to a PDF, each form's pages exactly those of its own file, a
bookmark per 监测编号, searchable text, files named per batch and township; cancel leaves no half file."""
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from wpzf.core.filenames import safe_stem
from wpzf.reports import export, record_forms, record_pdf, record_photos, render
from wpzf.reports.fonts import is_shadow
from wpzf.store.reporting import record_form_keys
from wpzf.store.scope import record_form_fids

from .test_record_forms import county  # noqa: F401 — the module's small county, built once
from .test_render import needs_poppler

needs_pdftohtml = pytest.mark.skipif(not shutil.which("pdftohtml"), reason="poppler-utils not installed")


def _mk(folder: Path) -> Path:
    folder.mkdir()
    return folder


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def raster(path: Path, first: int, last: int) -> list[bytes]:
    """The pages ``first``..``last`` (1-based) as grey pixels at 60 dpi."""
    out = []
    for k in range(first, last + 1):
        out.append(subprocess.run(["pdftoppm", "-r", "60", "-gray", "-f", str(k), "-l", str(k), "-singlefile",
                                   str(path)], capture_output=True, check=True).stdout)
    return out


def words(path: Path, first: int, last: int) -> list[tuple]:
    """Every word of the pages with its box (pdftotext -bbox): where the text sits, to the 1/1000 pt."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(path), "-"],
                          capture_output=True, check=True).stdout.decode()
    return re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', html)


def outline(path: Path) -> list[tuple[int, str]]:
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True, check=True).stdout
    return [(int(p), t) for p, t in re.findall(r'<item page="(\d+)">(.*?)</item>', xml.decode())]


def with_photos(ws, n: int) -> list[int]:
    """``n`` patches with forms, those with photos first (every third patch of the county has some)."""
    fids = record_form_fids(ws)
    photos = set(ws.select("wz_photo", ["TBID"])["TBID"].astype(int))
    return sorted(fids, key=lambda f: (f not in photos, fids.index(f)))[:n]


@needs_poppler
def test_each_form_in_a_book_prints_as_its_own_file(county, tmp_path, qgis_app):  # noqa: F811
    """Pixel for pixel the pages html_to_pdf prints, when the photos are given as html_to_pdf gives them;
    with the book's own photos (JPEG data put in afterwards) every word stays where it was (only the photos'
    pixels differ)."""
    fids = with_photos(county, 4)
    htmls = dict(render.RecordRenderer().many(county, fids))
    assert any("<img" in h for h in htmls.values())
    for f in fids:
        render.html_to_pdf(htmls[f], tmp_path / f"own_{f}.pdf")
    with record_pdf.form_pdf(tmp_path / "book.pdf") as book:
        for f in fids:
            book.add(htmls[f], str(f))
    # the export's way: the same forms with their photos decoded in a thread ahead of drawing
    threaded = record_forms.write_record_books(county, [("threaded", [(f, str(f)) for f in fids])], tmp_path)
    assert raster(threaded[0], 1, book.pages) == raster(tmp_path / "book.pdf", 1, book.pages)
    with record_pdf.form_pdf(tmp_path / "same_photos.pdf") as same:
        for f in fids:
            same.add(htmls[f], str(f), record_photos.qt_photos(htmls[f]))
    assert [p for _, p in book.entries] == [p for _, p in same.entries]
    assert book.pages == pages(tmp_path / "book.pdf") == sum(pages(tmp_path / f"own_{f}.pdf") for f in fids)
    for (_, first), f in zip(book.entries, fids):
        n = pages(tmp_path / f"own_{f}.pdf")
        own = raster(tmp_path / f"own_{f}.pdf", 1, n)
        assert raster(tmp_path / "same_photos.pdf", first + 1, first + n) == own
        assert words(tmp_path / "book.pdf", first + 1, first + n) == words(tmp_path / f"own_{f}.pdf", 1, n)
        last = subprocess.run(["pdftotext", "-f", str(first + n), "-l", str(first + n), str(tmp_path / "book.pdf"),
                               "-"], capture_output=True, check=True).stdout.decode()
        assert f"第{n}页共{n}页" in last.replace(" ", "")   # each form numbers its own pages


def test_photos_decode_at_the_decoders_own_size_only_with_the_same_proportions():
    assert record_photos.decode_size(2000, 1500, 900) == (1000, 750)        # ½, as 900 × 675
    assert record_photos.decode_size(4032, 3024, 900) == (1008, 756)        # ¼
    assert record_photos.decode_size(3024, 4032, 900) == (756, 1008)        # upright
    assert record_photos.decode_size(1920, 1080, 900) == (900, 506)         # 960 × 540 is not 900 × 506's shape
    assert record_photos.decode_size(2000, 1500, 900, jpeg=False) == (900, 675)
    assert record_photos.decode_size(800, 600, 900) == (800, 600)           # small photos as they are


@needs_poppler
@needs_pdftohtml
def test_books_bookmark_each_form_and_keep_the_text_searchable(county, tmp_path, qgis_app):  # noqa: F811
    fids = record_form_fids(county)
    books = export.record_books_of(county, fids, size=7)
    keys = record_form_keys(county, fids)
    out = record_forms.write_record_books(county, books, _mk(tmp_path / "b"))
    assert [p.stem for p in out] == [stem for stem, _ in books] and len(out) >= 3
    for path, (_, forms) in zip(out, books):
        marks = outline(path)
        assert [t for _, t in marks] == [keys[f][0] for f, _ in forms]
        assert [p for p, _ in marks] == sorted(p for p, _ in marks) and marks[0][0] == 1
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
        assert not [c for c in text if is_shadow(ord(c))]   # characters drawn, no radicals
        for page, key in marks:   # each bookmark opens its form's first page
            first = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                                   capture_output=True, check=True).stdout.decode()
            assert "卫片执法图斑核查记录表" in first and f"监测编号：{key}" in first.replace("\n", "")
        assert pages(path) >= len(forms)


def test_books_per_batch_and_township_in_key_order(county):  # noqa: F811
    fids = record_form_fids(county)
    keys = record_form_keys(county, fids)
    books = export.record_books_of(county, fids, size=4)
    assert sorted(f for _, forms in books for f, _ in forms) == sorted(fids)
    for stem, forms in books:
        batch, town = {keys[f][1] for f, _ in forms}, {keys[f][2] for f, _ in forms}
        assert len(batch) == len(town) == 1 and len(forms) <= 4
        assert [t for _, t in forms] == sorted(t for _, t in forms) == [keys[f][0] for f, _ in forms]
        split = sum(1 for _, other in books if {keys[f][2] for f, _ in other} == town) > 1
        assert stem.endswith(f"_{forms[0][1]}-{forms[-1][1]}") == split
    one = export.record_books_of(county, fids)   # up to 200 forms a book: one per batch and township
    assert sorted(stem for stem, _ in one) == sorted({safe_stem(f"{keys[f][1]}_{keys[f][2]}") for f in fids})


@needs_poppler
def test_cancelling_leaves_no_half_written_book(county, tmp_path, qgis_app):  # noqa: F811
    fids = record_form_fids(county)
    books = export.record_books_of(county, fids, size=5)
    drawn = []
    out = record_forms.write_record_books(county, books, _mk(tmp_path / "c"), progress=drawn.append,
                                          is_cancelled=lambda: len(drawn) >= 7)
    sizes = [len(forms) for _, forms in books]
    done = [stem for k, (stem, _) in enumerate(books) if sum(sizes[:k + 1]) <= 7]   # those whose forms all came
    assert done and len(done) < len(books) and [p.stem for p in out] == done
    assert sorted((tmp_path / "c").iterdir()) == sorted(out)   # the book being written when cancelled: no file


@needs_poppler
def test_two_processes_write_the_books_one_writes(county, tmp_path, qgis_app, monkeypatch):  # noqa: F811
    fids = record_form_fids(county)
    books = export.record_books_of(county, fids, size=3)
    monkeypatch.setattr(record_forms, "MIN_SPLIT", 4)
    seen, stats = [], {}
    one = record_forms.write_record_books(county, books, _mk(tmp_path / "one"))
    claim = record_forms._claim

    def slow_claim(shared, n):   # this process only (the other imports its own): leave the other some books
        time.sleep(0.4)
        return claim(shared, n)

    monkeypatch.setattr(record_forms, "_claim", slow_claim)
    two = record_forms.write_record_books(county, books, _mk(tmp_path / "two"), progress=seen.append, workers=2,
                                          stats=stats)
    assert [p.name for p in one] == [p.name for p in two] == [f"{stem}.pdf" for stem, _ in books]
    assert seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    assert stats.get("other_forms", 0) > 0   # the second process did write some
    for a, b in zip(one, two):
        assert subprocess.run(["pdftotext", str(a), "-"], capture_output=True).stdout == \
            subprocess.run(["pdftotext", str(b), "-"], capture_output=True).stdout


def test_export_writes_books_when_asked_and_per_patch_files_for_few_forms(county, tmp_path, qgis_app):  # noqa: F811
    fids = record_form_fids(county)
    keys = record_form_keys(county, fids)
    towns = {keys[f][2] for f in fids}
    part = [f for f in fids if keys[f][2] == sorted(towns)[0]]
    files = export.export_reports(county, tmp_path / "books", fids=part, record_books=True)
    books = [p for p in files if p.parent.name == "核查记录表"]
    assert [p.stem for p in books] == [stem for stem, _ in export.record_books_of(county, part)]
    files = export.export_reports(county, tmp_path / "own", fids=part)   # few forms: one file per patch
    own = sorted(p.stem for p in files if p.parent.name == "核查记录表")
    assert own == sorted(keys[f][0] for f in part)
