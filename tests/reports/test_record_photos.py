"""The record forms' photos put into the PDF as JPEG data (reports/record_photos.py, record_pdf.update_pdf): a
small JPEG as it is, a large one decoded at the printed size once, others left to Qt; the pages laid out as
when Qt is given the decoded photos."""
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from wpzf.reports import record_pdf, record_photos
from wpzf.store.errors import StoreError

from .test_render import needs_poppler


def _jpeg(path: Path, width: int, height: int, noise: bool = False, **save) -> Path:
    from PIL import Image

    rng = np.random.default_rng(width * height)
    if noise:   # incompressible: a large file
        pixels = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(path, quality=98, **save)
    else:
        small = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
        Image.fromarray(small).resize((width, height), Image.Resampling.BILINEAR).save(path, quality=85, **save)
    return path


def test_jpeg_frame_accepts_what_a_pdf_can_carry_as_it_is(tmp_path):
    from PIL import Image

    plain = _jpeg(tmp_path / "a.jpg", 320, 240).read_bytes()
    assert record_photos.jpeg_frame(plain) == (320, 240, 3)
    assert record_photos.file_frame(str(tmp_path / "a.jpg"))[0] == (320, 240, 3)   # its markers read only
    assert record_photos.jpeg_frame(_jpeg(tmp_path / "p.jpg", 320, 240, progressive=True).read_bytes()) \
        == (320, 240, 3)
    Image.new("L", (50, 40), 128).save(tmp_path / "g.jpg")
    assert record_photos.jpeg_frame((tmp_path / "g.jpg").read_bytes()) == (50, 40, 1)
    Image.new("CMYK", (50, 40)).save(tmp_path / "c.jpg")
    assert record_photos.jpeg_frame((tmp_path / "c.jpg").read_bytes()) is None   # inverted CMYK: decoded
    assert record_photos.jpeg_frame(plain[:len(plain) // 2]) is None              # cut short
    Image.new("RGB", (50, 40)).save(tmp_path / "a.png")
    assert record_photos.jpeg_frame((tmp_path / "a.png").read_bytes()) is None


def test_a_tag_gets_the_size_qt_gives_the_picture():
    sized = record_photos._sized_tag
    assert sized('<img src="a.jpg" width="250">', 1000, 750) == '<img width="250" height="188" src="a.jpg">'
    assert sized("<img src='a.jpg' width=250>", 900, 506) == '<img width="250" height="141" src=\'a.jpg\'>'
    assert sized('<img src="a.jpg" height="100">', 1000, 750) == '<img width="133" height="100" src="a.jpg">'
    assert sized('<img src="a.jpg">', 640, 480) == '<img width="640" height="480" src="a.jpg">'
    assert sized('<img src="a.jpg" width="20" height="30">', 640, 480) == \
        '<img width="20" height="30" src="a.jpg">'
    assert sized('<img src="a.jpg" width="50%">', 640, 480) is None
    assert sized('<img src="a.jpg" style="width: 3cm">', 640, 480) is None


def _images(path: Path) -> list[tuple[int, int, str]]:
    """(width, height, kind) of each image object of the PDF (pdfimages -list)."""
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return [(int(w), int(h), kind) for kind, w, h in
            re.findall(r"^\s*\d+\s+\d+\s+(\w+)\s+(\d+)\s+(\d+)", out, re.MULTILINE)]


@needs_poppler
def test_photos_go_into_the_pdf_as_jpeg_data_at_the_places_qt_lays_out(tmp_path, qgis_app):
    from PIL import Image

    small = _jpeg(tmp_path / "small.jpg", 2000, 1500)                 # ≤ PASS_BYTES: as it is
    large = _jpeg(tmp_path / "large.jpg", 2000, 1500, noise=True)     # a camera's original: decoded at ½
    assert small.stat().st_size <= record_photos.PASS_BYTES < large.stat().st_size
    assert record_photos.file_frame(str(large)) is None
    turned = Image.new("RGB", (400, 300), (200, 50, 50))
    exif = Image.Exif()
    exif[274] = 6                                                     # to be turned 90°: decoded upright
    turned.save(tmp_path / "turned.jpg", exif=exif.tobytes())
    Image.new("RGBA", (60, 40), (0, 0, 255, 128)).save(tmp_path / "alpha.png")   # left to Qt
    cells = "".join(f'<tr><td><img src="{(tmp_path / n).as_uri()}" width="250"></td><td>照片{k}</td></tr>'
                    for k, n in enumerate(["small.jpg", "large.jpg", "turned.jpg", "alpha.png", "small.jpg"]))
    html = f"<h1>核查记录表</h1><p>说明</p><table border='1'>{cells}</table><p>完</p>"
    photos = record_photos.prepare_photos(html)
    assert [e.url.toLocalFile() for e in photos.embeds] == [str(tmp_path / n) for n in
                                                           ("small.jpg", "large.jpg", "turned.jpg")]
    assert len(photos.images) == 1 and photos.html.count('height="') == 4   # each JPEG's tag sized
    with record_pdf.form_pdf(tmp_path / "ours.pdf") as ours:
        ours.add(html, "一")
        ours.add(html, "二")   # a second form: its placeholders numbered on
    with record_pdf.form_pdf(tmp_path / "qt.pdf") as qt:
        for title in ("一", "二"):
            qt.add(html, title, record_photos.qt_photos(html))
    assert ours.entries == qt.entries and ours.pages == qt.pages
    words = [subprocess.run(["pdftotext", "-bbox", str(tmp_path / n), "-"], capture_output=True, check=True)
             .stdout.split(b"<body>")[1] for n in ("ours.pdf", "qt.pdf")]
    assert words[0] == words[1]   # every word where it was
    jpegs = [(w, h) for w, h, kind in _images(tmp_path / "ours.pdf") if kind == "image"]
    # per page as drawn (the PNG's alpha: an smask beside it); small.jpg's second place: the same object
    assert jpegs == [(2000, 1500), (1000, 750), (300, 400), (60, 40), (2000, 1500)] * 2
    subprocess.run(["pdfimages", "-j", "-f", "1", "-l", "1", str(tmp_path / "ours.pdf"), str(tmp_path / "x")],
                   check=True)
    assert (tmp_path / "x-000.jpg").read_bytes() == small.read_bytes()   # the file's own data, untouched
    shown = subprocess.run(["pdftoppm", "-r", "30", "-gray", str(tmp_path / "ours.pdf")], capture_output=True)
    assert shown.returncode == 0 and not shown.stderr   # poppler reads the updated file without complaint


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_turned_or_large_photo_is_laid_out_as_qt_would(tmp_path, qgis_app, orientation):
    """The size written into the tag is the one Qt gives the decoded photo (upright, at the printed size)."""
    from PIL import Image

    exif = Image.Exif()
    exif[274] = orientation
    Image.new("RGB", (1920, 1080), (10, 120, 30)).save(tmp_path / "p.jpg", exif=exif.tobytes())
    photos = record_photos.prepare_photos(f'<img src="{(tmp_path / "p.jpg").as_uri()}" width="300">')
    (embed,) = photos.embeds
    laid = (900, 506) if orientation == 1 else (506, 900)   # decode_size(1920, 1080, 900), turned
    assert re.search(r'width="300" height="(\d+)"', photos.html).group(1) == str(round(300 * laid[1] / laid[0]))
    assert (embed.width, embed.height) == ((1920, 1080) if orientation == 1 else laid)


def test_a_photo_changed_before_its_file_is_finished_is_not_put_in_unseen(tmp_path, qgis_app):
    photo = _jpeg(tmp_path / "p.jpg", 800, 600)
    html = f'<p>照片</p><img src="{photo.as_uri()}" width="200">'
    with pytest.raises(StoreError, match="changed"):
        with record_pdf.form_pdf(tmp_path / "out.pdf") as book:
            book.add(html, "一")
            _jpeg(photo, 640, 480)   # replaced by another picture while the book is written
    assert not (tmp_path / "out.pdf").exists()   # no file rather than a wrong photo
